//! A fresh database per test: a SQLite file in a temporary directory, or a new database on
//! the PostgreSQL server named by `WERKPAD_TEST_DATABASE_URL`, dropped afterwards.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

pub struct TestDb {
    pub url: String,
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

/// The PostgreSQL server URL for tests, if the suite runs against PostgreSQL.
pub fn postgres_server() -> Option<String> {
    std::env::var("WERKPAD_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn with_database(server: &str, name: &str) -> String {
    let mut url = url::Url::parse(server).expect("WERKPAD_TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

impl TestDb {
    pub fn create() -> Self {
        let Some(server) = postgres_server() else {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("werkpad.db").display());
            return Self {
                url,
                postgres: None,
                _dir: Some(dir),
            };
        };
        let name = format!("werkpad_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin =
            PgConnection::establish(&server).expect("the test PostgreSQL server is reachable");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("can create a test database");
        Self {
            url: with_database(&server, &name),
            postgres: Some((server, name)),
            _dir: None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(server)
        {
            // FORCE: the server under test may still hold pooled connections.
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}
