//! The session store: Postgres (the truth, shared by every instance) with
//! a small in-memory cache in front, so a page view reads no session row.
//!
//! Several instances stay consistent through Postgres `LISTEN/NOTIFY`:
//! every write or delete of a session (sign-in, sign-out, keep-alive)
//! notifies [`CHANNEL`] with the session id, and each instance's listener
//! drops that id from its cache. Signing out on one instance therefore
//! signs out on all of them as soon as the notification arrives
//! (milliseconds). While an instance's listener is not connected, it
//! bypasses its cache and reads Postgres; entries also expire after
//! [`TTL`] whatever happens. A load that raced an invalidation is not
//! cached (a generation counter), so a signed-out session cannot be put
//! back by a read that started before the sign-out. What an instance
//! writes it caches at once, so the same browser's next request there sees
//! it (a flash message shown once is not shown again); another instance
//! sees it when the notification arrives.

use std::{
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use async_trait::async_trait;
use moka::sync::Cache;
use sqlx::{postgres::PgListener, PgPool};
use time::OffsetDateTime;
use tokio::task::AbortHandle;
use tower_sessions::{
    session::{Id, Record},
    session_store, SessionStore,
};
use tower_sessions_sqlx_store::PostgresStore;

/// The notification channel of session writes and deletes (payload: the
/// session id).
pub const CHANNEL: &str = "pivot_console_session";

/// How long a cached session is trusted without a notification.
pub const TTL: Duration = Duration::from_secs(60);

/// Sessions kept in memory at most (about 1 KiB each).
const CAPACITY: u64 = 10_000;

/// [`PostgresStore`] with an in-memory cache kept in step across
/// instances (see the module's documentation).
#[derive(Debug, Clone)]
pub struct CachedStore {
    inner: PostgresStore,
    db: PgPool,
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    cache: Cache<Id, Record>,
    /// Bumped on every invalidation: a load started before one is not
    /// cached.
    generation: AtomicU64,
    /// The listener is connected: the cache may be used.
    listening: AtomicBool,
}

impl Shared {
    fn forget(&self, id: Option<&Id>) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        match id {
            Some(id) => self.cache.invalidate(id),
            None => self.cache.invalidate_all(),
        }
    }
}

impl CachedStore {
    /// Wraps `inner` and starts listening on [`CHANNEL`]; returns the
    /// store and the listener's task.
    ///
    /// # Errors
    /// When the listener cannot connect to Postgres.
    pub async fn start(inner: PostgresStore, db: PgPool) -> sqlx::Result<(Self, AbortHandle)> {
        let shared = Arc::new(Shared {
            cache: Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(TTL)
                .build(),
            generation: AtomicU64::new(0),
            listening: AtomicBool::new(false),
        });
        let listener = listen(&db).await?;
        shared.listening.store(true, Ordering::Release);
        let task = tokio::spawn(follow(listener, db.clone(), Arc::clone(&shared))).abort_handle();
        Ok((Self { inner, db, shared }, task))
    }

    /// Tells every instance (this one included) that `id` changed.
    async fn notify(&self, id: &Id) {
        let sent = sqlx::query("select pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(id.to_string())
            .execute(&self.db)
            .await;
        if let Err(e) = sent {
            // Other instances keep their copy for at most `TTL`.
            tracing::warn!(error = %e, "session change not announced");
        }
    }

    /// Keeps what this instance just wrote, so its next request reads it
    /// (the notification of the write comes a moment later). A load that
    /// started before the write is not cached after it.
    fn wrote(&self, record: &Record) {
        self.shared.forget(Some(&record.id));
        if self.shared.listening.load(Ordering::Acquire) {
            self.shared.cache.insert(record.id, record.clone());
        }
    }

    fn remember(&self, record: &Record, generation: u64) {
        if self.shared.listening.load(Ordering::Acquire)
            && self.shared.generation.load(Ordering::Acquire) == generation
        {
            self.shared.cache.insert(record.id, record.clone());
        }
    }
}

async fn listen(db: &PgPool) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(db).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Drops the ids other instances (or this one) announce; when the
/// connection drops, forgets everything and bypasses the cache until
/// listening again.
async fn follow(mut listener: PgListener, db: PgPool, shared: Arc<Shared>) {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => match note.payload().parse::<Id>() {
                Ok(id) => shared.forget(Some(&id)),
                Err(_) => shared.forget(None),
            },
            // Lost and already reconnected: what was said meanwhile is lost.
            Ok(None) => shared.forget(None),
            Err(e) => {
                shared.listening.store(false, Ordering::Release);
                shared.forget(None);
                tracing::warn!(error = %e, "session listener lost; reading sessions from Postgres");
                loop {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    if let Ok(again) = listen(&db).await {
                        listener = again;
                        break;
                    }
                }
                shared.forget(None);
                shared.listening.store(true, Ordering::Release);
            }
        }
    }
}

#[async_trait]
impl SessionStore for CachedStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await?;
        self.wrote(record);
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.shared.forget(Some(&record.id));
        self.inner.save(record).await?;
        self.wrote(record);
        self.notify(&record.id).await;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let listening = self.shared.listening.load(Ordering::Acquire);
        if listening {
            if let Some(record) = self.shared.cache.get(id) {
                if record.expiry_date > OffsetDateTime::now_utc() {
                    return Ok(Some(record));
                }
                self.shared.cache.invalidate(id);
            }
        }
        let generation = self.shared.generation.load(Ordering::Acquire);
        let record = self.inner.load(id).await?;
        if let Some(record) = &record {
            self.remember(record, generation);
        }
        Ok(record)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.shared.forget(Some(id));
        self.inner.delete(id).await?;
        self.shared.forget(Some(id));
        self.notify(id).await;
        Ok(())
    }
}
