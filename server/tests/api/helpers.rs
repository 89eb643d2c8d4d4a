//! `spawn_app()`: the real `Application`, a cookie-keeping client that does
//! not follow redirects, and typed helpers.

use std::{
    path::PathBuf,
    sync::{Arc, LazyLock},
    time::Duration,
};

use app::auth::limits::SignInQuota;
use reqwest::{header::HeaderMap, redirect::Policy, Response, StatusCode};
use server::{
    config::{SandboxSettings, Settings},
    startup::Application,
};
use sqlx::{Connection, Executor, PgConnection};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// One test app at a time. Several Leptos apps built and serving at once
/// in one process intermittently leave a server-side render waiting
/// forever (seen as a 408 after 60 s); production runs one app per
/// process, where a concurrent load showed no such stall. See BENCHMARKS.md.
static ONE_APP_AT_A_TIME: LazyLock<Arc<Mutex<()>>> = LazyLock::new(Default::default);

/// Postgres server where tests may create databases.
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_ADMIN_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub struct TestApp {
    _serial: OwnedMutexGuard<()>,
    pub address: String,
    pub sandbox: Option<String>,
    pub client: reqwest::Client,
    pub db_name: String,
    pub db_url: String,
}

/// Options a test may change before the app is built.
pub struct Options {
    pub sandbox_numbers: usize,
    pub kazoo_url: Option<String>,
    pub cookie_secure: bool,
    pub sign_in_quota: SignInQuota,
    /// `CHECKER_ALLOWED_RANGES`: ranges the checker may call although the
    /// SSRF guard refuses them (none by default).
    pub checker_allowed_ranges: &'static str,
    /// How long one Kazoo call may take (2 s by default, so that injected
    /// hangs time out quickly).
    pub kazoo_timeout: Duration,
    /// `BENCH_REFERENCE_PAGE=1`: routes the benchmark's `/bench/bare`.
    pub bench_reference_page: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            sandbox_numbers: 25,
            kazoo_url: None,
            cookie_secure: false,
            sign_in_quota: SignInQuota::default(),
            checker_allowed_ranges: "",
            kazoo_timeout: Duration::from_secs(2),
            bench_reference_page: false,
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    let serial = Arc::clone(&ONE_APP_AT_A_TIME).lock_owned().await;
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init();
    }
    let db_name = format!("pivot_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url())
        .await
        .expect("Postgres must be running for these tests");
    admin
        .execute(format!(r#"create database "{db_name}""#).as_str())
        .await
        .unwrap();
    let db_url = admin_url()
        .rsplit_once('/')
        .map(|(base, _)| format!("{base}/{db_name}"))
        .unwrap();

    let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
    let settings = Settings {
        database_url: db_url.clone(),
        database_max_connections: 5,
        listen_addr: "127.0.0.1:0".parse().unwrap(),
        kazoo_url: options.kazoo_url,
        kazoo_timeout: options.kazoo_timeout,
        sandbox: SandboxSettings {
            addr: "127.0.0.1:0".parse().unwrap(),
            numbers: options.sandbox_numbers,
            token_ttl: Duration::from_secs(3600),
            schemas_dir: schemas,
            blocked_hosts: vec!["localhost".into()],
            faults: kazoo::sandbox::Faults::default(),
        },
        cookie_secure: options.cookie_secure,
        public_origin: None,
        sign_in_quota: options.sign_in_quota,
        session_idle: Duration::from_secs(600),
        site_root: "target/site".into(),
        checker_allowed_ranges: app::checker::outbound::AllowedRanges::parse(
            options.checker_allowed_ranges,
        )
        .expect("valid CHECKER_ALLOWED_RANGES"),
        jobs: app::jobs::JobSettings::default(),
        bench_reference_page: options.bench_reference_page,
    };
    let app = Application::build(settings).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let sandbox = app.sandbox_addr().map(|a| format!("http://{a}"));
    tokio::spawn(app.run_until_stopped());
    let client = browser();
    TestApp {
        _serial: serial,
        address,
        sandbox,
        client,
        db_name,
        db_url,
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn login(&self, account: &str, user: &str, password: &str) -> Response {
        self.post_form(
            "/login",
            &[
                ("method", "password"),
                ("account_name", account),
                ("username", user),
                ("password", password),
            ],
        )
        .await
    }

    pub async fn login_as_admin(&self) {
        let response = self.login("sandbox", "admin", "sandbox").await;
        assert_eq!(
            location(&response),
            "/",
            "sign-in with the seeded admin works"
        );
    }

    /// Calls a server function the way the browser does (form-encoded).
    pub async fn server_fn(&self, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.address))
            .header("Accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The Numbers Routing server function, first page, all routes.
    pub async fn list_numbers(&self, search: &str) -> Response {
        let form = [
            ("query[search]", search),
            ("query[route]", "All"),
            ("query[page]", "1"),
        ];
        self.server_fn("numbers/list", &form).await
    }

    /// Sets the sandbox's injected faults (`PUT /sandbox/faults`).
    pub async fn sandbox_faults(&self, faults: serde_json::Value) {
        let base = self.sandbox.as_ref().expect("sandbox runs");
        let url = format!("{base}/sandbox/faults");
        reqwest::Client::new()
            .put(url)
            .json(&faults)
            .send()
            .await
            .unwrap();
    }

    /// A Kazoo client signed in to the sandbox's demo account (API key),
    /// to put documents into Kazoo the way another tool would.
    pub async fn kazoo(&self) -> (kazoo::KazooClient, kazoo::AuthToken) {
        let base = format!("{}/v2", self.sandbox.as_ref().expect("sandbox runs"));
        let client = kazoo::KazooClient::new(&base, Duration::from_secs(5)).unwrap();
        let auth = client
            .api_auth(kazoo::sandbox::seed::API_KEY)
            .await
            .unwrap();
        (client, auth.token)
    }

    /// Creates a callflow in the sandbox's demo account; returns its id.
    pub async fn put_callflow(&self, doc: serde_json::Value) -> String {
        let (client, token) = self.kazoo().await;
        client
            .create_callflow(&token, kazoo::sandbox::seed::ACCOUNT_ID, &doc)
            .await
            .unwrap()
            .id
    }

    /// Sends JSON to the JSON API with the session cookie.
    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, format!("{}/api/v1{path}", self.address));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    pub async fn sandbox_post(&self, path: &str) {
        let base = self.sandbox.as_ref().expect("sandbox runs");
        reqwest::Client::new()
            .post(format!("{base}{path}"))
            .send()
            .await
            .unwrap();
    }
}

/// Sends `request` and reads its answer as JSON.
pub async fn json_of(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// A browser of its own: its own cookies, redirects not followed.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

impl TestApp {
    /// Another browser, signed in to the sandbox's second account
    /// (`elsewhere`, user `admin` / `elsewhere`): another customer.
    pub async fn sign_in_elsewhere(&self) -> reqwest::Client {
        use kazoo::sandbox::seed::{OTHER_ACCOUNT_NAME, OTHER_PASSWORD, USERNAME};
        let other = browser();
        let response = other
            .post(format!("{}/login", self.address))
            .form(&[
                ("method", "password"),
                ("account_name", OTHER_ACCOUNT_NAME),
                ("username", USERNAME),
                ("password", OTHER_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&response), "/", "sign-in to the second account");
        other
    }
}

/// A connection to the test's database, to look at rows directly.
pub async fn db(app: &TestApp) -> PgConnection {
    PgConnection::connect(&app.db_url).await.unwrap()
}

/// Tables whose rows a refused request must leave as they were. A table
/// missing from the database is skipped (`job` and `job_item` come with
/// the bulk-sync jobs). Every other table must be in [`NOT_FINGERPRINTED`]
/// with its reason: [`TestApp::table_fingerprint`] fails on a table in
/// neither list, so a new table is classified when it is made.
pub const WRITTEN_TABLES: [&str; 8] = [
    "draft",
    "draft_revision",
    "draft_number",
    "sync_log",
    "api_token",
    "twilio_import",
    "job",
    "job_item",
];

/// Rows of the job tables a fingerprint looks at unless told otherwise:
/// the bulk syncs'. A routing refresh is a job too, started at every
/// sign-in and on Refresh from Kazoo, and changes no admin's work (the
/// snapshot tables are left out for the same reason).
const SYNC_JOBS_ONLY: [(&str, &str); 2] = [
    ("job", "kind = 'sync'"),
    (
        "job_item",
        "job_id in (select job_id from job where kind = 'sync')",
    ),
];

/// Tables a fingerprint leaves out, and why.
pub const NOT_FINGERPRINTED: [(&str, &str); 6] = [
    ("_sqlx_migrations", "the schema's history"),
    (
        "account_snapshot",
        "Kazoo's routing, read again at every sign-in",
    ),
    (
        "routed_number",
        "Kazoo's routing, read again at every sign-in",
    ),
    (
        "routed_callflow",
        "Kazoo's routing, read again at every sign-in",
    ),
    (
        "checker_report",
        "a check's answer: every check the checker runs is stored, a refused address's too",
    ),
    (
        "checker_walk",
        "a walk's answer: every walk started is stored, a refused address's too",
    ),
];

impl TestApp {
    /// Each written table's row count and a digest of its rows, to show
    /// that a request changed nothing.
    ///
    /// # Panics
    /// On a table of the `public` schema in neither [`WRITTEN_TABLES`]
    /// nor [`NOT_FINGERPRINTED`].
    pub async fn table_fingerprint(&self) -> Vec<(&'static str, i64, String)> {
        self.table_fingerprint_where(&[]).await
    }

    /// [`TestApp::table_fingerprint`] of the rows that pass `rows`' SQL
    /// condition for their table (`("api_token", "account_id <> '…'")`);
    /// every row of the tables not named.
    pub async fn table_fingerprint_where(
        &self,
        rows: &[(&str, &str)],
    ) -> Vec<(&'static str, i64, String)> {
        let mut db = PgConnection::connect(&self.db_url).await.unwrap();
        let present: Vec<String> = sqlx::query_scalar(
            "select table_name::text from information_schema.tables \
             where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
        )
        .fetch_all(&mut db)
        .await
        .unwrap();
        for table in &present {
            assert!(
                WRITTEN_TABLES.contains(&table.as_str())
                    || NOT_FINGERPRINTED.iter().any(|(t, _)| t == table),
                "table {table} is new: add it to WRITTEN_TABLES (rows a refused request \
                 must leave as they were) or to NOT_FINGERPRINTED with the reason"
            );
        }
        let mut out = Vec::new();
        for table in WRITTEN_TABLES {
            if !present.iter().any(|t| t == table) {
                continue;
            }
            let rows = rows
                .iter()
                .chain(SYNC_JOBS_ONLY.iter())
                .find(|(t, _)| *t == table)
                .map_or("true", |(_, r)| r);
            let (count, digest): (i64, Option<String>) = sqlx::query_as(&format!(
                "select count(*), md5(string_agg(t::text, '|' order by t::text)) \
                 from {table} t where {rows}"
            ))
            .fetch_one(&mut db)
            .await
            .unwrap();
            out.push((table, count, digest.unwrap_or_default()));
        }
        out
    }

    /// The sandbox's injected faults now (`GET /sandbox/faults`).
    pub async fn sandbox_fault_state(&self) -> serde_json::Value {
        let base = self.sandbox.as_ref().expect("sandbox runs");
        reqwest::get(format!("{base}/sandbox/faults"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// Drops the test's database even when the test panicked.
impl Drop for TestApp {
    fn drop(&mut self) {
        let sql = format!(r#"drop database if exists "{}" with (force)"#, self.db_name);
        // Drop cannot await; a helper thread with its own runtime can.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url()).await.ok()?;
                admin.execute(sql.as_str()).await.ok()
            })
        })
        .join();
    }
}

pub fn location(response: &Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect, got {}",
        response.status()
    );
    header(response.headers(), "location")
}

pub fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub async fn body(response: Response) -> (StatusCode, String) {
    let status = response.status();
    (status, response.text().await.unwrap())
}
