//! The fresh database a run seeds: a SQLite file in the run's temp directory, or a new
//! PostgreSQL database on the named server, dropped again when the run ends.

use std::path::Path;

use anyhow::Context as _;
use diesel::{Connection as _, PgConnection, RunQueryDsl as _};

/// Where the run's data lives.
pub enum Database {
    /// A file in the run's directory.
    Sqlite(String),
    /// A database created for this run on a server.
    Postgres {
        /// The server, as given (its database is only used to create and drop ours).
        server: url::Url,
        /// Ours.
        name: String,
        /// Keep it after the run.
        keep: bool,
    },
}

impl Database {
    /// A new, empty database: in `dir`, or on `postgres` when given.
    pub fn create(dir: &Path, postgres: Option<&str>, keep: bool) -> anyhow::Result<Self> {
        let Some(server) = postgres else {
            return Ok(Self::Sqlite(format!(
                "sqlite://{}/werkpad.db",
                dir.display()
            )));
        };
        let server = url::Url::parse(server).context("--postgres is not a URL")?;
        let stamp = chrono::Utc::now().format("%Y%m%d_%H%M%S");
        let name = format!("werkpad_bench_{stamp}");
        let mut conn = PgConnection::establish(server.as_str())
            .with_context(|| format!("cannot reach PostgreSQL at {}", redacted(&server)))?;
        // The name is ours (letters, digits, underscores), so quoting it is enough.
        diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut conn)?;
        Ok(Self::Postgres { server, name, keep })
    }

    /// The URL werkpad opens.
    pub fn url(&self) -> String {
        match self {
            Self::Sqlite(url) => url.clone(),
            Self::Postgres { server, name, .. } => {
                let mut url = server.clone();
                url.set_path(name);
                url.to_string()
            }
        }
    }

    /// "SQLite" or "PostgreSQL <version>".
    pub fn backend(&self) -> String {
        match self {
            Self::Sqlite(_) => format!("SQLite {}", diesel_sqlite_version()),
            Self::Postgres { server, .. } => PgConnection::establish(server.as_str())
                .ok()
                .and_then(|mut c| {
                    diesel::sql_query("SELECT current_setting('server_version') AS v")
                        .get_result::<Version>(&mut c)
                        .ok()
                })
                .map_or_else(
                    || "PostgreSQL".to_owned(),
                    |v| format!("PostgreSQL {}", v.v),
                ),
        }
    }

    /// Drops a PostgreSQL database unless asked to keep it (the SQLite file goes with the
    /// run's directory).
    pub fn drop_unless_kept(&self) -> anyhow::Result<()> {
        if let Self::Postgres {
            server,
            name,
            keep: false,
        } = self
        {
            let mut conn = PgConnection::establish(server.as_str())?;
            diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut conn)?;
        }
        Ok(())
    }
}

#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::Text)]
    v: String,
}

fn diesel_sqlite_version() -> String {
    diesel::SqliteConnection::establish(":memory:")
        .ok()
        .and_then(|mut c| {
            diesel::sql_query("SELECT sqlite_version() AS v")
                .get_result::<Version>(&mut c)
                .ok()
        })
        .map_or_else(String::new, |v| v.v)
}

/// The URL without its password, for messages.
pub fn redacted(url: &url::Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("…"));
    }
    shown.to_string()
}
