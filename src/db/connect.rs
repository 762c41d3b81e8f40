//! From a database URL to pooled connections: the scheme picks the backend, anything else is
//! refused, and every new connection gets its per-connection settings.

use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::DbConn;
use crate::config::DatabaseUrl;

/// Which backend a URL names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file; parent directories are created on first use.
    Sqlite(PathBuf),
    /// A PostgreSQL server.
    Postgres,
}

/// The URL's scheme is not one werkpad speaks.
#[derive(Debug, thiserror::Error)]
#[error(
    "WERKPAD_DATABASE_URL must start with sqlite:// or postgres:// (or postgresql://); got {0}"
)]
pub struct UnsupportedScheme(String);

impl Target {
    /// Picks the backend from the scheme. A bare path or a typo such as `postgress://` is an
    /// error rather than a new, empty SQLite file.
    pub fn of(url: &DatabaseUrl) -> Result<Self, UnsupportedScheme> {
        let raw = url.expose();
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(UnsupportedScheme(
                    "sqlite:// without a file path".to_owned(),
                ));
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            let scheme = raw.split_once("://").map_or("no scheme", |(s, _)| s);
            Err(UnsupportedScheme(format!("'{scheme}'")))
        }
    }
}

/// The r2d2 manager for `DbConn`.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    target: Target,
}

impl Manager {
    /// A manager for `url`; fails on an unsupported scheme.
    pub fn new(url: DatabaseUrl) -> Result<Self, UnsupportedScheme> {
        let target = Target::of(&url)?;
        Ok(Self { url, target })
    }

    /// The backend this manager connects to.
    #[must_use]
    pub const fn target(&self) -> &Target {
        &self.target
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match &self.target {
            Target::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    // The file will hold personal data: a directory werkpad creates is
                    // readable by its own user only.
                    std::fs::DirBuilder::new()
                        .recursive(true)
                        .mode(0o700)
                        .create(parent)
                        .map_err(|e| {
                            r2d2::Error::ConnectionError(diesel::ConnectionError::BadConnection(
                                format!("cannot create the database directory: {e}"),
                            ))
                        })?;
                }
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                // busy_timeout first, so the other pragmas wait for a concurrent opener.
                // foreign_keys: SQLite ignores them unless asked, per connection.
                // synchronous=FULL with WAL: a committed write survives a power cut.
                // journal_mode=WAL is persistent in the file; setting it again is a no-op.
                // cache_size: 64 MiB of pages instead of SQLite's 2 MiB. At 100,000 clients
                // the file is near 3 GB and a fifth of a list request's time went to
                // copying pages in from the OS (issue 6). Requests take turns on one
                // connection (`Pool`), so in practice one cache fills, not one per
                // connection.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; \
                     PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA cache_size = -65536;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
            Target::Postgres => {
                let mut conn = PgConnection::establish(self.url.expose())
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute("SET TIME ZONE 'UTC'")
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Postgres(conn))
            }
        }
    }

    /// r2d2 asks this on every checkout. A SQLite file does not go away under an open
    /// handle, so only a PostgreSQL connection is asked: on SQLite, where every request
    /// runs under one lock, the round of `SELECT 1` was part of every request's turn.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        match conn {
            DbConn::Postgres(_) => conn
                .batch_execute("SELECT 1")
                .map_err(r2d2::Error::QueryError),
            DbConn::Sqlite(_) => Ok(()),
        }
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// How long a request waits for a free connection before it answers 503.
pub const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use super::Target;
    use crate::config::DatabaseUrl;

    #[test]
    fn a_new_sqlite_directory_is_private() {
        use diesel::r2d2::ManageConnection;
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/data/werkpad.db", dir.path().display());
        super::Manager::new(DatabaseUrl::new(url))
            .unwrap()
            .connect()
            .unwrap();
        let mode = std::fs::metadata(dir.path().join("data"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn scheme_picks_the_backend() {
        let of = |u: &str| Target::of(&DatabaseUrl::new(u));
        assert!(matches!(of("sqlite://./data/w.db"), Ok(Target::Sqlite(_))));
        assert!(matches!(of("postgres://u@h/db"), Ok(Target::Postgres)));
        assert!(matches!(of("postgresql://u@h/db"), Ok(Target::Postgres)));
        for bad in [
            "./data/w.db",
            "mysql://h/db",
            "postgress://h/db",
            "sqlite://",
        ] {
            let err = of(bad).unwrap_err().to_string();
            assert!(err.contains("WERKPAD_DATABASE_URL"), "{bad}: {err}");
        }
    }
}
