//! Postgres restarted during a job: a private cluster (initdb into a
//! temporary folder, as the `postgres` user when the test runs as root),
//! so stopping it disturbs no other test.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use super::{
    check::check,
    harness::{self, fresh_database, wait_for, Admin, Kazoo, Server},
};

/// A Postgres cluster of the test's own.
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
}

/// The newest installed server's binaries (Debian's layout).
fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a Postgres tool, as `postgres` when we are root (initdb and the
/// server refuse to run as root).
fn run(bin: &Path, tool: &str, args: &[&str]) {
    let program = bin.join(tool);
    let status = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&program)
            .args(args)
            .status()
    } else {
        Command::new(&program).args(args).status()
    };
    assert!(
        status.as_ref().is_ok_and(|s| s.success()),
        "{tool} {args:?}: {status:?}"
    );
}

impl Cluster {
    fn start() -> Self {
        let bin = postgres_bin().expect("Postgres server binaries under /usr/lib/postgresql");
        let data = std::env::temp_dir().join(format!("pivot-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data).unwrap();
        if is_root() {
            Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&data)
                .status()
                .unwrap();
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data_arg = data.to_str().unwrap();
        run(
            &bin,
            "initdb",
            &[
                "-D", data_arg, "-U", "postgres", "-A", "trust", "-E", "UTF8",
            ],
        );
        let cluster = Self { bin, data, port };
        cluster.up();
        cluster
    }

    fn up(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.data.display()
        );
        run(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-o",
                &options,
                "-w",
                "-l",
                &format!("{}/log", self.data.display()),
                "start",
            ],
        );
    }

    fn down(&self) {
        run(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        );
    }

    fn admin_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", self.data.to_str().unwrap(), "-m", "immediate", "stop"])
            .status();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarted_during_a_job_the_app_recovers_without_a_restart() {
    let _serial = harness::one_at_a_time().await;
    const DRAFTS: u32 = 120;
    let cluster = Cluster::start();
    let kazoo = Kazoo::start(25).await;
    let url = fresh_database(&cluster.admin_url(), "pivot_pg_restart").await;
    let server = Server::start(&url, &kazoo).await;
    let admin = Admin::sign_in(&server).await;
    let drafts = admin.make_drafts(9000, DRAFTS).await;
    kazoo.faults(json!({"latency_ms": 40})).await;
    let job = admin.bulk_sync(&drafts).await;
    {
        let db = PgPool::connect(&url).await.unwrap();
        wait_for(&db, &job, Duration::from_secs(120), "20 done", |_, c| {
            c.done >= 20
        })
        .await;
        db.close().await;
    }

    cluster.down();
    // Meanwhile /healthz says the database is away.
    let started = Instant::now();
    let mut saw_unavailable = false;
    while started.elapsed() < Duration::from_secs(4) {
        if server.health().await == Some(StatusCode::SERVICE_UNAVAILABLE) {
            saw_unavailable = true;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        saw_unavailable,
        "/healthz answered 503 while Postgres was down"
    );
    cluster.up();
    server.wait_healthy(Duration::from_secs(30)).await;

    let db = PgPool::connect(&url).await.unwrap();
    let (state, counts) = wait_for(
        &db,
        &job,
        Duration::from_secs(300),
        "the job to end",
        |state, _| state == "done",
    )
    .await;
    kazoo.faults(json!({})).await;
    let report = check(&db, &kazoo, drafts.len()).await;
    eprintln!("Postgres restart: job {state} {counts:?}; {report:?}");
    assert_eq!(report.lost, 0);
    assert_eq!(report.duplicated + report.orphaned, 0);
    assert_eq!(report.unaccounted, 0);
    assert_eq!(report.synced + report.failed_with_reason, DRAFTS as usize);
    drop(server);
}
