//! Storage: the connection pool, the bridge from async handlers to blocking database work,
//! and one module of rows and queries per resource.
//!
//! `db/` decides nothing about who may do what: writes take an `authz::Permit`, and
//! visibility filters are built only in `scope.rs`.

pub mod access;
pub mod audit;
pub mod benefits;
pub mod care_team;
pub mod clients;
mod conn;
pub mod connect;
pub mod consents;
pub mod emergency_accesses;
pub mod employer_contacts;
pub mod employers;
pub mod erasure;
pub mod fidelity;
pub mod financings;
pub mod jobcoaching;
pub mod journal;
pub mod kpis;
pub mod migrate;
pub mod municipalities;
pub mod organisations;
pub mod pagination;
pub mod placements;
pub mod regions;
pub mod schema;
pub mod scope;
pub mod sessions;
pub mod sql_types;
pub mod support_activities;
pub mod throttle;
pub mod trajectories;
pub mod users;
pub mod vocational_profiles;

use std::sync::{Arc, Mutex, PoisonError};

use diesel::r2d2;

pub use conn::{DbConn, MultiBackend};
pub use connect::Target;
pub use sql_types::{Id, UtcTime};

use crate::config::DatabaseUrl;
use crate::error::AppError;

/// A pool of connections to one database.
#[derive(Clone)]
pub struct Pool {
    inner: r2d2::Pool<connect::Manager>,
    // SQLite has a single writer, and a transaction that reads first and writes later can
    // fail with "database is locked" on the lock upgrade (busy_timeout does not help).
    // `immediate_transaction` is not available through the enum, so werkpad serialises its
    // SQLite work in-process instead; one werkpad process owns a SQLite file.
    sqlite_lock: Option<Arc<Mutex<()>>>,
}

impl Pool {
    /// A pool for `url`. Connections are opened lazily, so a server that is down shows up as
    /// 503 answers and a failing readiness check rather than a crash.
    pub fn new(url: DatabaseUrl, size: u32) -> anyhow::Result<Self> {
        let manager = connect::Manager::new(url)?;
        let sqlite = matches!(manager.target(), Target::Sqlite(_));
        let inner = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(0))
            .connection_timeout(connect::CHECKOUT_TIMEOUT)
            .error_handler(Box::new(r2d2::LoggingErrorHandler))
            .build_unchecked(manager);
        Ok(Self {
            inner,
            sqlite_lock: sqlite.then(|| Arc::new(Mutex::new(()))),
        })
    }

    /// Runs `f` with a connection, on the calling thread. For the command line and for
    /// blocking work that is already off the async workers.
    pub fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let _serialised = self
            .sqlite_lock
            .as_ref()
            .map(|lock| lock.lock().unwrap_or_else(PoisonError::into_inner));
        let mut conn = self.inner.get().map_err(|e| {
            tracing::warn!(error = %e, "no database connection available");
            AppError::Unavailable
        })?;
        f(&mut conn)
    }
}

/// Runs blocking database work on the blocking pool, inside the caller's tracing span so
/// its log lines keep the request id.
pub async fn run<T, F>(pool: &Pool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    let pool = pool.clone();
    actix_web::web::block(move || span.in_scope(|| pool.with_conn(f)))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
}
