//! Builds the whole application: database pool and migrations, the
//! session store, the Kazoo client (and the sandbox when no Kazoo URL is
//! configured), the routes and their layers.

use std::{net::SocketAddr, str::FromStr, sync::Arc, time::Duration};

use anyhow::Context;
use app::{
    api_v1, auth, auth::limits::SignInLimits, callflows, checker, checker::outbound::Outbound,
    drafts, editor, migrate, numbers, pivot, render, shell, state::AppState, tokens, App,
};
use axum::{
    handler::Handler,
    http::{header, HeaderValue},
    middleware,
    routing::get,
    serve::ListenerExt,
    Router,
};
use kazoo::{
    sandbox::{Sandbox, SandboxConfig},
    KazooClient,
};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tokio::{net::TcpListener, task::AbortHandle};
use tower_http::{set_header::SetResponseHeaderLayer, timeout::TimeoutLayer, trace::TraceLayer};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::{
    assets, bench_page,
    config::{SandboxSettings, Settings},
    guard::{self, SiteOrigin},
    health, security,
    session_store::CachedStore,
};

/// Name of the session cookie.
const SESSION_COOKIE: &str = "pivot_console_session";

/// A built application, bound to its port, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: Router,
    /// The sandbox's address when it runs.
    sandbox_addr: Option<SocketAddr>,
    background: Vec<AbortHandle>,
}

impl Application {
    /// Connects, migrates, starts the sandbox if needed and binds.
    ///
    /// # Errors
    /// When the database cannot be reached or migrated, or a port cannot
    /// be bound; the message says which.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(&settings.database_url)
            .context("DATABASE_URL is not a Postgres URL")?
            // The working set (one account's numbers and drafts) is small
            // and cached: an index read costs about a sequential one. With
            // the default of 4, Numbers Routing sorted 10,000 rows for a deep
            // page instead of walking the index (12 ms against 5 ms).
            .options([("random_page_cost", "1.1")]);
        let db = PgPoolOptions::new()
            .max_connections(settings.database_max_connections)
            .acquire_timeout(Duration::from_secs(3))
            .connect_with(options)
            .await
            .context("could not connect to Postgres (DATABASE_URL)")?;
        sqlx::migrate!("../migrations")
            .run(&db)
            .await
            .context("database migrations failed")?;

        let store = PostgresStore::new(db.clone());
        store
            .migrate()
            .await
            .context("session store migration failed")?;
        let mut background = vec![spawn_session_cleanup(store.clone())];
        let (store, listener) = CachedStore::start(store, db.clone())
            .await
            .context("could not listen for session changes (Postgres LISTEN)")?;
        background.push(listener);

        let (kazoo_url, sandbox_addr) = match &settings.kazoo_url {
            Some(url) => (url.clone(), None),
            None => {
                let (addr, task) = start_sandbox(&settings.sandbox).await?;
                background.push(task);
                (format!("http://{addr}/v2"), Some(addr))
            }
        };
        let kazoo = KazooClient::new(&kazoo_url, settings.kazoo_timeout)
            .context("KAZOO_URL is not a valid URL")?;

        let listener = TcpListener::bind(settings.listen_addr)
            .await
            .with_context(|| format!("could not listen on {}", settings.listen_addr))?;
        let mut leptos_options = LeptosOptions::builder()
            .output_name("pivot-console")
            .site_root(settings.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(listener.local_addr()?)
            .build();
        leptos_options.hash_files = assets::hashed_build(&leptos_options.hash_file);
        let sign_in_limits = Arc::new(SignInLimits::new(settings.sign_in_quota));
        background.push(spawn_limit_cleanup(Arc::clone(&sign_in_limits)));
        let state = AppState {
            leptos_options,
            db,
            kazoo,
            sandbox: sandbox_addr.is_some(),
            sign_in_limits,
            outbound: Outbound::new(settings.checker_allowed_ranges.clone()),
            jobs: settings.jobs,
        };
        // Jobs left by a stopped instance (even one killed) go on here.
        background.push(app::jobs::worker::spawn(state.clone()));
        let site = SiteOrigin::new(settings.public_origin.as_ref(), settings.cookie_secure);
        let sessions = SessionManagerLayer::new(store)
            .with_name(SESSION_COOKIE)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(settings.cookie_secure)
            .with_expiry(Expiry::OnInactivity(time::Duration::try_from(
                settings.session_idle,
            )?));
        let router = routes(state, site, settings.bench_reference_page).layer(sessions);
        Ok(Self {
            listener,
            router,
            sandbox_addr,
            background,
        })
    }

    /// The port the web app listens on (useful with port 0 in tests).
    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// The sandbox's address, when the app started one.
    pub fn sandbox_addr(&self) -> Option<SocketAddr> {
        self.sandbox_addr
    }

    /// Serves until Ctrl-C or SIGTERM, letting requests in flight finish.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let addr = self.listener.local_addr()?;
        tracing::info!("pivot-console listening on http://{addr}");
        // Without TCP_NODELAY small responses wait ~40 ms for delayed ACKs.
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        // The client's address (`ConnectInfo`) keys the sign-in limit.
        let app = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        self.background.iter().for_each(AbortHandle::abort);
        tracing::info!("pivot-console stopped");
        Ok(())
    }
}

/// Every route, guarded: each feature's plain routes (its `router()`), the
/// JSON API under `/api/v1`, health, then the Leptos pages and server
/// functions, and the static files (`/pkg`, then the fallback). Layers run
/// outside-in: the security headers and the API's error shape around
/// everything, then timeout and trace, the body limit, then (added by the
/// caller) the session layer, then the CSRF and session guards, which need
/// the session. Compression wraps it all. The
/// benchmark's reference page (`bench_reference`) sits outside the guards:
/// it reads no session.
fn routes(state: AppState, site: SiteOrigin, bench_reference: bool) -> Router {
    let leptos_routes = generate_route_list(App);
    let shell_options = state.leptos_options.clone();
    let pkg = assets::pkg(
        &state.leptos_options.site_root,
        &state.leptos_options.site_pkg_dir,
    );
    let router = Router::new()
        .merge(auth::router())
        .merge(numbers::router())
        .merge(callflows::router())
        .merge(drafts::router())
        .merge(editor::router())
        .merge(pivot::router())
        .merge(migrate::router())
        .merge(tokens::router())
        .merge(checker::router())
        .merge(app::jobs::router())
        .nest("/api/v1", api_v1::router())
        .route("/healthz", get(health::healthz))
        .leptos_routes_with_context(
            &state,
            leptos_routes,
            render::context(state.clone()),
            move || shell(shell_options.clone()),
        )
        // What these routes answer is about an account (and the API tokens
        // page shows a new token once): no cache keeps it. Static files,
        // served by `/pkg` and the fallback, stay cacheable (`assets`).
        .route_layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .nest_service("/pkg", pkg)
        .fallback(
            leptos_axum::file_and_error_handler_with_context::<AppState, _>(
                render::context(state.clone()),
                shell,
            )
            .layer(middleware::from_fn(assets::public_cache_control)),
        )
        .layer(middleware::from_fn(guard::require_session))
        .layer(middleware::from_fn_with_state(site, guard::same_origin));
    let router = if bench_reference {
        router.merge(bench_page::router())
    } else {
        router
    }
    .with_state(state);
    let router = security::body_limit(router)
        .layer(TraceLayer::new_for_http())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(middleware::from_fn(api_v1::error::documented_errors));
    // Outermost: what is compressed is the final answer.
    security::headers(router).layer(assets::compression())
}

/// Starts the Kazoo sandbox on its own port.
async fn start_sandbox(settings: &SandboxSettings) -> anyhow::Result<(SocketAddr, AbortHandle)> {
    let config = SandboxConfig {
        numbers: settings.numbers,
        token_ttl: settings.token_ttl,
        schemas_dir: Some(settings.schemas_dir.clone()),
        blocked_hosts: settings.blocked_hosts.clone(),
        faults: settings.faults.clone(),
    };
    let sandbox: Arc<Sandbox> =
        Sandbox::new(config).context("could not load the Kazoo schemas for the sandbox")?;
    let listener = TcpListener::bind(settings.addr).await.with_context(|| {
        format!(
            "could not start the Kazoo sandbox on {} (SANDBOX_ADDR)",
            settings.addr
        )
    })?;
    let addr = listener.local_addr()?;
    let rules = if sandbox.uses_kazoo_schemas() {
        format!("Kazoo's schemas from {}", settings.schemas_dir.display())
    } else {
        format!(
            "built-in rules ({} not found)",
            settings.schemas_dir.display()
        )
    };
    tracing::info!(
        sandbox.numbers = settings.numbers,
        "Kazoo sandbox on http://{addr}/v2, validating with {rules}"
    );
    let router = sandbox.router();
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "Kazoo sandbox stopped");
        }
    });
    Ok((addr, task.abort_handle()))
}

/// Every minute, forgets sign-in counts that are full again.
fn spawn_limit_cleanup(limits: Arc<SignInLimits>) -> AbortHandle {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            limits.forget_idle();
        }
    })
    .abort_handle()
}

fn spawn_session_cleanup(store: PostgresStore) -> AbortHandle {
    use tower_sessions::session_store::ExpiredDeletion;
    tokio::spawn(async move {
        if let Err(e) = store
            .continuously_delete_expired(Duration::from_secs(60))
            .await
        {
            tracing::error!(error = %e, "expired-session cleanup stopped");
        }
    })
    .abort_handle()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
