//! The Kazoo sandbox: an in-memory simulator of the crossbar API subset we
//! use (auth, callflows, menus and media CRUD, phone numbers, and listings
//! of users, devices and voicemail boxes), faithful to the envelope,
//! status codes and error shapes of `shared/kazoo/API.md`. The app talks to
//! it over HTTP with the same client it uses for a real Kazoo.
//!
//! Besides `/v2`, it serves `/sandbox/*` control routes for tests: read or
//! set injected faults, expire every token, reset to the seed.

mod account;
mod collection;
mod doc_routes;
mod doc_writes;
mod envelope;
mod faults;
mod paging;
mod routes;
mod rules;
pub mod seed;
mod world;

use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

pub use self::faults::Faults;
use self::world::World;
use crate::schema::SchemaSet;

/// How the sandbox is set up.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// How many DIDs the demo account owns.
    pub numbers: usize,
    /// Lifetime of the tokens it hands out (Kazoo: 3600 s).
    pub token_ttl: Duration,
    /// Folder with Kazoo's schema files; the built-in rules are used when
    /// it is `None` or does not exist.
    pub schemas_dir: Option<PathBuf>,
    /// voice_url hosts refused with "invalid client URL", as Kazoo refuses
    /// `localhost`, `127.0.0.1` and `0.0.0.0`.
    pub blocked_hosts: Vec<String>,
    /// Faults to inject from the start.
    pub faults: Faults,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            numbers: 25,
            token_ttl: Duration::from_secs(3600),
            schemas_dir: None,
            blocked_hosts: crate::rules::REFUSED_VOICE_URL_HOSTS
                .map(str::to_owned)
                .to_vec(),
            faults: Faults::default(),
        }
    }
}

/// A running simulator's state, shared by its handlers.
pub struct Sandbox {
    world: Mutex<World>,
    faults: Mutex<Faults>,
    schemas: Option<SchemaSet>,
    config: SandboxConfig,
}

impl Sandbox {
    /// A sandbox seeded with the demo account.
    ///
    /// # Errors
    /// When `schemas_dir` exists but its files cannot be read.
    pub fn new(config: SandboxConfig) -> std::io::Result<Arc<Self>> {
        let schemas = match config.schemas_dir.as_deref().filter(|d| d.is_dir()) {
            Some(dir) => Some(SchemaSet::load_dir(dir)?),
            None => None,
        };
        Ok(Arc::new(Self {
            world: Mutex::new(World::seeded(config.numbers, schemas.as_ref())),
            faults: Mutex::new(config.faults.clone()),
            schemas,
            config,
        }))
    }

    /// Whether callflows are checked against Kazoo's schema files (else the
    /// built-in rules).
    pub fn uses_kazoo_schemas(&self) -> bool {
        self.schemas.is_some()
    }

    /// The axum router serving `/v2` and `/sandbox`.
    pub fn router(self: &Arc<Self>) -> axum::Router {
        routes::router(Arc::clone(self))
    }

    fn world(&self) -> std::sync::MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn faults(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.faults
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
