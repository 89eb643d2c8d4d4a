//! What the fault suite runs against: the Kazoo sandbox in this test
//! process (so it outlives the app servers the tests kill), app servers
//! as real processes of the built binary (so `kill -9` is real), a
//! database of their own on the machine's Postgres or a private Postgres
//! cluster the test may stop and start.

use std::{
    net::{SocketAddr, TcpListener},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use kazoo::sandbox::{seed, Faults, Sandbox, SandboxConfig};
use reqwest::{redirect::Policy, StatusCode};
use serde_json::{json, Value};
use sqlx::{Connection, Executor, PgConnection, PgPool};

/// One scenario at a time: each starts server processes and loads two
/// cores; side by side their timings would only blur.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Holds the suite to one scenario at a time while it lives.
pub async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

/// The machine's Postgres (tests make their own databases on it).
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_ADMIN_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database on the Postgres at `admin` (a URL ending in a
/// database name); returns its URL.
pub async fn fresh_database(admin: &str, prefix: &str) -> String {
    let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::connect(admin)
        .await
        .expect("Postgres must be running for these tests");
    conn.execute(format!(r#"create database "{name}""#).as_str())
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// The Kazoo sandbox, served from this process.
pub struct Kazoo {
    pub base: String,
    /// Requests to `/v2` so far (Kazoo's API, not the sandbox controls).
    requests: Arc<AtomicU64>,
}

impl Kazoo {
    pub async fn start(numbers: usize) -> Self {
        let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
        let sandbox = Sandbox::new(SandboxConfig {
            numbers,
            token_ttl: Duration::from_secs(3600),
            schemas_dir: Some(schemas),
            blocked_hosts: vec!["localhost".into()],
            faults: Faults::default(),
        })
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&requests);
        let router = sandbox.router().layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                if request.uri().path().starts_with("/v2/") {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
                next.run(request)
            },
        ));
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { base, requests }
    }

    /// Requests Kazoo's API has had so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Sets the injected faults (`PUT /sandbox/faults`).
    pub async fn faults(&self, faults: Value) {
        let answer = reqwest::Client::new()
            .put(format!("{}/sandbox/faults", self.base))
            .json(&faults)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "faults set: {faults}");
    }

    /// Posts to a sandbox control (`/sandbox/...`).
    pub async fn control(&self, path: &str) {
        let answer = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "sandbox control {path}");
    }

    /// Every callflow of the demo account: (id, name, numbers), read with
    /// the API key and no faults (the caller turns them off first).
    pub async fn callflows(&self) -> Vec<(String, Option<String>, Vec<String>)> {
        let client =
            kazoo::KazooClient::new(&format!("{}/v2", self.base), Duration::from_secs(30)).unwrap();
        let auth = client.api_auth(seed::API_KEY).await.unwrap();
        client
            .list_callflows(&auth.token, seed::ACCOUNT_ID)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.name, c.numbers))
            .collect()
    }
}

/// An app server process.
pub struct Server {
    child: Child,
    pub base: String,
    database_url: String,
    kazoo_base: String,
    port: u16,
    /// `JOB_CAPACITY`: items this instance runs at once.
    capacity: u32,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Starts the server binary against `database_url` and the sandbox,
    /// and waits until it answers `/healthz`.
    pub async fn start(database_url: &str, kazoo: &Kazoo) -> Self {
        Self::start_on(database_url, &kazoo.base, free_port(), 32).await
    }

    /// [`Server::start`] for an instance beside others: it runs at most
    /// half the account's 4 items at once, so a job cannot be taken whole
    /// by whichever instance happens to claim first.
    pub async fn start_beside_others(database_url: &str, kazoo: &Kazoo) -> Self {
        Self::start_on(database_url, &kazoo.base, free_port(), 2).await
    }

    async fn start_on(database_url: &str, kazoo_base: &str, port: u16, capacity: u32) -> Self {
        let scratch = std::env::temp_dir().join(format!("pivot-faults-{port}"));
        std::fs::create_dir_all(&scratch).unwrap();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = std::env::var_os("TEST_LOG").is_some();
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            // No .env of the project's is read from here.
            .current_dir(&scratch)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("DATABASE_MAX_CONNECTIONS", "10")
            .env("LEPTOS_SITE_ADDR", addr.to_string())
            .env("LEPTOS_SITE_ROOT", scratch.join("site"))
            .env("KAZOO_URL", format!("{kazoo_base}/v2"))
            .env("KAZOO_TIMEOUT_SECS", "1")
            .env("SIGN_IN_ATTEMPTS_PER_ACCOUNT", "1000")
            .env("SIGN_IN_ATTEMPTS_PER_ADDRESS", "1000")
            .env("JOB_CONCURRENCY_PER_ACCOUNT", "4")
            .env("JOB_CAPACITY", capacity.to_string())
            .env("RUST_LOG", if log { "info,sqlx=warn" } else { "error" })
            .stdout(if log { Stdio::inherit() } else { Stdio::null() })
            .stderr(if log { Stdio::inherit() } else { Stdio::null() })
            .spawn()
            .expect("the server binary starts");
        let server = Self {
            child,
            base: format!("http://{addr}"),
            database_url: database_url.to_owned(),
            kazoo_base: kazoo_base.to_owned(),
            port,
            capacity,
        };
        server.wait_healthy(Duration::from_secs(60)).await;
        server
    }

    /// Waits until `/healthz` answers 200.
    pub async fn wait_healthy(&self, within: Duration) {
        let started = Instant::now();
        while self.health().await != Some(StatusCode::OK) {
            assert!(
                started.elapsed() < within,
                "the server at {} did not become healthy within {within:?}",
                self.base
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `/healthz`'s status, `None` when nothing answers.
    pub async fn health(&self) -> Option<StatusCode> {
        reqwest::Client::new()
            .get(format!("{}/healthz", self.base))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .ok()
            .map(|r| r.status())
    }

    /// `kill -9`, then a new process on the same port and database.
    pub async fn kill_and_restart(mut self) -> Self {
        self.child.kill().expect("kill -9 the server");
        let _ = self.child.wait();
        Self::start_on(
            &self.database_url,
            &self.kazoo_base,
            self.port,
            self.capacity,
        )
        .await
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A signed-in admin of the sandbox's demo account, talking to one server.
pub struct Admin {
    pub client: reqwest::Client,
    pub base: String,
}

impl Admin {
    pub async fn sign_in(server: &Server) -> Self {
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .cookie_store(true)
            .build()
            .unwrap();
        let admin = Self {
            client,
            base: server.base.clone(),
        };
        admin.sign_in_again().await;
        admin
    }

    /// Signs in (again) with the seeded admin's password. Kazoo may be
    /// failing on purpose: the app retries its call briefly, and like an
    /// admin told "Kazoo could not be reached", this tries the form again
    /// (at most three times).
    pub async fn sign_in_again(&self) {
        let mut landed = None;
        for _ in 0..3 {
            let answer = self
                .client
                .post(format!("{}/login", self.base))
                .form(&[
                    ("method", "password"),
                    ("account_name", seed::ACCOUNT_NAME),
                    ("username", seed::USERNAME),
                    ("password", seed::PASSWORD),
                ])
                .send()
                .await
                .unwrap();
            landed = answer
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .map(str::to_owned);
            if !landed
                .as_deref()
                .is_some_and(|l| l.contains("error=unreachable"))
            {
                break;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        assert_eq!(landed.as_deref(), Some("/"), "the seeded admin signs in");
    }

    /// Sends JSON to the JSON API; returns the status and the body.
    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status();
        let body = answer.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// Makes `count` pivot drafts numbered from `first` (extensions),
    /// eight requests at a time; returns their ids.
    pub async fn make_drafts(&self, first: u32, count: u32) -> Vec<String> {
        let mut ids = Vec::with_capacity(count as usize);
        let numbers: Vec<u32> = (first..first + count).collect();
        for chunk in numbers.chunks(8) {
            let mut tasks = tokio::task::JoinSet::new();
            for &n in chunk {
                let (client, url) = (self.client.clone(), format!("{}/api/v1/drafts", self.base));
                tasks.spawn(async move {
                    let body = json!({
                        "name": format!("Line {n}"),
                        "numbers": [n.to_string()],
                        "voice_url": format!("https://voice.example.com/twiml/{n}"),
                        "method": "post",
                        "req_format": "twiml",
                    });
                    let answer = client.post(url).json(&body).send().await.unwrap();
                    let status = answer.status();
                    let body: Value = answer.json().await.unwrap();
                    assert_eq!(status, StatusCode::CREATED, "draft {n} made: {body}");
                    body["id"].as_str().unwrap().to_owned()
                });
            }
            while let Some(id) = tasks.join_next().await {
                ids.push(id.unwrap());
            }
        }
        ids
    }

    /// Starts a bulk sync of `drafts`; returns the job id.
    pub async fn bulk_sync(&self, drafts: &[String]) -> String {
        let (status, body) = self
            .api(
                reqwest::Method::POST,
                "/jobs",
                Some(json!({"kind": "sync", "drafts": drafts})),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "bulk sync started: {body}");
        body["job_id"].as_str().unwrap().to_owned()
    }
}

/// A job's counts as the database has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub done: i64,
    pub failed: i64,
    pub left: i64,
}

/// The job's state and counts.
pub async fn job_counts(db: &PgPool, job_id: &str) -> (String, Counts) {
    let id = uuid::Uuid::parse_str(job_id).unwrap();
    let state: String = sqlx::query_scalar("select state::text from job where job_id = $1")
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap();
    let (done, failed, left): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where state = 'done'),
                count(*) filter (where state = 'failed'),
                count(*) filter (where state in ('queued', 'running'))
           from job_item where job_id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await
    .unwrap();
    (state, Counts { done, failed, left })
}

/// Waits until `until` holds for the job (checked every 200 ms).
pub async fn wait_for(
    db: &PgPool,
    job_id: &str,
    within: Duration,
    what: &str,
    until: impl Fn(&str, Counts) -> bool,
) -> (String, Counts) {
    let started = Instant::now();
    loop {
        let (state, counts) = job_counts(db, job_id).await;
        if until(&state, counts) {
            return (state, counts);
        }
        assert!(
            started.elapsed() < within,
            "waited {within:?} for {what}; the job is {state} {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
