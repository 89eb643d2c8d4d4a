// The sandbox Kazoo's own API, used the way another tool would use a real
// Kazoo: tests put callflows into the account behind the console's back
// (`PUT /v2/accounts/{id}/callflows`) and change them there.
import { APIRequestContext, expect, request } from '@playwright/test';
import { createHash } from 'node:crypto';
import { SANDBOX } from './helpers';

const base = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? '8100'}/v2`;

/** A signed-in client of the sandbox's Kazoo API. */
export class Kazoo {
  private constructor(
    private readonly http: APIRequestContext,
    private readonly token: string,
    readonly accountId: string,
  ) {}

  /** Signs in as the sandbox admin (`PUT /v2/user_auth`, md5 credentials). */
  static async signIn(): Promise<Kazoo> {
    const http = await request.newContext();
    const credentials = createHash('md5').update(`${SANDBOX.user}:${SANDBOX.password}`).digest('hex');
    const res = await http.put(`${base}/user_auth`, {
      data: { data: { credentials, account_name: SANDBOX.account } },
    });
    expect(res.status(), await res.text()).toBe(201);
    const body = await res.json();
    return new Kazoo(http, body.auth_token, body.data.account_id);
  }

  private url(path: string) {
    return `${base}/accounts/${this.accountId}${path}`;
  }

  private headers() {
    return { 'X-Auth-Token': this.token };
  }

  /** Creates a callflow; returns its id. */
  async putCallflow(doc: object): Promise<string> {
    const res = await this.http.put(this.url('/callflows'), { data: { data: doc }, headers: this.headers() });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()).data.id;
  }

  /** The callflow as Kazoo stores it now (`data` of the envelope). */
  async getCallflow(id: string): Promise<Record<string, unknown>> {
    const res = await this.http.get(this.url(`/callflows/${id}`), { headers: this.headers() });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()).data;
  }

  /** Replaces a callflow (POST: the whole document). */
  async postCallflow(id: string, doc: object) {
    const res = await this.http.post(this.url(`/callflows/${id}`), { data: { data: doc }, headers: this.headers() });
    expect(res.status(), await res.text()).toBe(200);
  }

  /** Whether a callflow with this id is still in Kazoo (200 yes, 404 no;
   * any other answer fails the test rather than passing for "gone"). */
  async hasCallflow(id: string): Promise<boolean> {
    const res = await this.http.get(this.url(`/callflows/${id}`), { headers: this.headers() });
    expect([200, 404], await res.text()).toContain(res.status());
    return res.status() === 200;
  }

  /** The id of the callflow named `name`, if there is one. */
  async findCallflow(name: string): Promise<string | undefined> {
    const res = await this.http.get(this.url('/callflows?paginate=false'), { headers: this.headers() });
    expect(res.status(), await res.text()).toBe(200);
    const list: { id: string; name?: string }[] = (await res.json()).data;
    return list.find((c) => c.name === name)?.id;
  }

  /** Every document of a collection (`callflows`, `menus`, `media`) whose
   * name starts with `prefix`, as Kazoo stores them (`data`). */
  async named(kind: string, prefix: string): Promise<Record<string, any>[]> {
    const res = await this.http.get(this.url(`/${kind}?paginate=false`), { headers: this.headers() });
    expect(res.status(), await res.text()).toBe(200);
    const list: { id: string; name?: string }[] = (await res.json()).data;
    const out = [];
    for (const item of list.filter((d) => d.name?.startsWith(prefix))) {
      const one = await this.http.get(this.url(`/${kind}/${item.id}`), { headers: this.headers() });
      expect(one.status(), await one.text()).toBe(200);
      out.push((await one.json()).data);
    }
    return out;
  }

  /** A document's `data` exactly as the API sends it (the JSON text). */
  async rawData(kind: string, id: string): Promise<string> {
    const res = await this.http.get(this.url(`/${kind}/${id}`), { headers: this.headers() });
    expect(res.status(), await res.text()).toBe(200);
    const text = await res.text();
    // The envelope's `data` object, as written: from `"data":` to the
    // envelope's next key (the sandbox writes `data` before `revision`).
    return JSON.stringify(JSON.parse(text).data);
  }
}
