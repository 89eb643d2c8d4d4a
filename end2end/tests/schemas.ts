// Kazoo's JSON schemas (../shared/kazoo/schemas, draft-04) as a validator
// for what the tests read back from the sandbox. Schemas name each other
// by bare id ("callflows.action"); a callflow's nodes are checked against
// `callflows.<module>` as Kazoo's own `kazoo-validation` does.
import Ajv from 'ajv-draft-04';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(__dirname, '..', '..', '..', 'shared', 'kazoo', 'schemas');

let ajv: Ajv | undefined;

function load(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    delete schema.id;
    delete schema.$schema;
    ajv.addSchema(schema, file.replace(/\.json$/, ''));
  }
  return ajv;
}

/** What schema `id` refuses in `doc` (none: valid); Kazoo's response-only
 * keys (`id`) are taken out first. */
export function problems(id: string, doc: Record<string, any>): string[] {
  const validator = load();
  const { id: _id, ...body } = doc;
  const out: string[] = [];
  if (!validator.validate(id, body)) {
    out.push(...(validator.errors ?? []).map((e) => `${id}${e.instancePath} ${e.message}`));
  }
  if (id === 'callflows' && body.flow) {
    const walk = (node: any, at: string) => {
      const schema = `callflows.${node.module}`;
      if (validator.getSchema(schema) && !validator.validate(schema, node.data ?? {})) {
        out.push(...(validator.errors ?? []).map((e) => `${at}.data${e.instancePath} ${e.message}`));
      }
      for (const [key, child] of Object.entries(node.children ?? {})) walk(child, `${at}.children.${key}`);
    };
    walk(body.flow, 'flow');
  }
  return out;
}

/** Whether the schemas are here (a fresh clone without ../shared has none). */
export const haveSchemas = fs.existsSync(dir);
