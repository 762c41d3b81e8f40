//! Seeds a fresh database with the benchmark data set and reports rows and insert time per
//! table, the named accounts and how many clients became durably employed per year.
//!
//!     cargo run --release --example seed -- \
//!         --database-url postgres://postgres@127.0.0.1:5432/werkpad_bench --scale 1.0
//!     cargo run --release --example seed -- --database-url sqlite:///tmp/werkpad-bench.db
//!
//! A PostgreSQL database named in the URL must exist and be empty; a SQLite file is created.
//! Every seeded account signs in with the password printed at the end. With `--bsn`, one
//! client in twenty also gets a BSN, sealed with the server's keys (the same WERKPAD_*
//! settings and, in development, the secrets generated next to the data).

#![allow(
    clippy::print_stdout,
    reason = "a measurement program reports on standard output"
)]

#[path = "seed/mod.rs"]
mod seed;

use chrono::NaiveDate;
use clap::Parser;
use secrecy::ExposeSecret;
use werkpad::config::Settings;

#[derive(Parser)]
struct Args {
    /// The server's settings: the database (`--database-url`), and for `--bsn` its secrets.
    #[command(flatten)]
    settings: Settings,
    /// Times the default scale (100,000 clients, 200,000 trajectories, 300,000 placements,
    /// 1,000,000 access-log events).
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// The day the data is dated back from (default: today).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Give one client in twenty a BSN, sealed with the keys the server will use (in
    /// development: the ones generated next to the data, as `serve` would).
    #[arg(long)]
    bsn: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let settings = &args.settings;
    let today = args.today.unwrap_or_else(werkpad::domain::calendar::today);
    let scale = seed::Scale::times(args.scale);
    let url = settings.database_url.expose();
    let vault = if args.bsn {
        let secrets = settings.secrets(&settings.data_dir())?;
        Some(werkpad::vault::Vault::new(
            secrets.data_key.expose_secret(),
            secrets.hmac.expose_secret().as_bytes(),
        ))
    } else {
        None
    };
    let options = seed::Options {
        argon2: settings.argon2(),
        vault: vault.as_ref(),
    };
    let report = seed::seed(url, scale, today, &options)?;
    print(&report);
    Ok(())
}

fn print(report: &seed::SeedReport) {
    let s = report.scale;
    println!(
        "seeded {} at scale {} clients / {} trajectories / {} placements / {} events, dated to {}",
        report.backend, s.clients, s.trajectories, s.placements, s.audit_events, report.today
    );
    println!(
        "foreign keys: {}",
        match (report.backend, report.foreign_key_triggers) {
            ("SQLite", _) => "checked over every row after loading",
            (_, true) => "checked row by row",
            (_, false) =>
                "triggers off while seeding (superuser); SQLite's check covers the same rows",
        }
    );
    println!(
        "{:<26} {:>10} {:>10} {:>12}",
        "table", "rows", "insert s", "rows/s"
    );
    for t in &report.tables {
        let secs = t.elapsed.as_secs_f64();
        #[expect(clippy::cast_precision_loss, reason = "a rate for people to read")]
        let rate = if secs > 0.0 {
            t.rows as f64 / secs
        } else {
            0.0
        };
        println!(
            "{:<26} {:>10} {:>10.2} {:>12.0}",
            t.table, t.rows, secs, rate
        );
    }
    let rows: u64 = report.tables.iter().map(|t| t.rows).sum();
    let inserting: f64 = report.tables.iter().map(|t| t.elapsed.as_secs_f64()).sum();
    println!("{:<26} {:>10} {:>10.2}", "all tables", rows, inserting);
    println!(
        "migrate {:.2} s, password hash {:.2} s, drawing rows and hashing the log {:.2} s, \
         secondary indexes {:.2} s, foreign-key check {:.2} s, analyze {:.2} s; total {:.2} s",
        report.migrate.as_secs_f64(),
        report.password_hash.as_secs_f64(),
        report.generate.as_secs_f64(),
        report.index.as_secs_f64(),
        report.foreign_key_check.as_secs_f64(),
        report.finish.as_secs_f64(),
        report.total.as_secs_f64()
    );
    println!("\ndurably employed clients (183 days of paid work, gaps <= 30 days) per year:");
    for (year, n) in seed::durable_per_year(report) {
        println!("  {year}: {n}");
    }
    println!("  per region and year: {:?}", report.durable);
    println!("\naccounts (password {:?}):", seed::PASSWORD);
    for a in &report.accounts {
        println!(
            "  {:<34} {:<44} {:<22} {} ({})",
            a.label,
            a.email,
            a.role.as_str(),
            a.user_id,
            a.organisation
        );
    }
    if let Some(client) = report.sample_client {
        println!("  a client on the first account's care team: {client}");
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use std::sync::Arc;

    use argon2::PasswordVerifier as _;
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use werkpad::auth::{Caller, RequestMeta};
    use werkpad::authz::Trail;
    use werkpad::config::DatabaseUrl;
    use werkpad::db::pagination::PageRequest;
    use werkpad::db::schema::{
        audit_chain_head, audit_event_subjects, audit_events, clients, placements, trajectories,
    };
    use werkpad::domain::{ClientId, OrganisationKind, SessionId};
    use werkpad::{db, service};

    use super::seed;

    /// A fresh database: a temporary SQLite file, or a scratch database on the server named
    /// by WERKPAD_TEST_DATABASE_URL (as the API suite does), dropped afterwards.
    struct Scratch {
        url: String,
        server: Option<(String, String)>,
        _dir: tempfile::TempDir,
    }

    impl Scratch {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let Some(server) = std::env::var("WERKPAD_TEST_DATABASE_URL")
                .ok()
                .filter(|u| !u.is_empty())
            else {
                let url = format!("sqlite://{}", dir.path().join("seed.db").display());
                return Self {
                    url,
                    server: None,
                    _dir: dir,
                };
            };
            let name = format!("werkpad_seed_{}", uuid::Uuid::new_v4().simple());
            PgConnection::establish(&server)
                .unwrap()
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap();
            let mut url = url::Url::parse(&server).unwrap();
            url.set_path(&format!("/{name}"));
            Self {
                url: url.to_string(),
                server: Some((server, name)),
                _dir: dir,
            }
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            if let Some((server, name)) = &self.server
                && let Ok(mut admin) = PgConnection::establish(server)
            {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }

    macro_rules! count {
        ($conn:expr, $table:expr) => {
            $table.count().get_result::<i64>($conn)?
        };
    }

    /// A tiny data set, read back by the application's own code: the counts asked for, a
    /// hash chain its verification accepts, an account that signs in with the password, and
    /// a client the named specialist can list and open.
    #[test]
    fn a_tiny_seed_is_what_the_application_reads() {
        let db = Scratch::new();
        // The application decides visibility by the real date; seed up to it.
        let today = werkpad::domain::calendar::today();
        let scale = seed::Scale::times(0.001);
        let vault = werkpad::vault::Vault::new(&[7; 32], b"test-only-hmac-key");
        let options = seed::Options {
            vault: Some(&vault),
            ..seed::Options::default()
        };
        let report = seed::seed(&db.url, scale, today, &options).unwrap();
        assert_eq!(scale.clients, 100);
        assert!(
            seed::seed(&db.url, scale, today, &seed::Options::default()).is_err(),
            "a seeded database is refused"
        );

        let pool = db::Pool::new(DatabaseUrl::new(&db.url), 1).unwrap();
        pool.with_conn(|conn| {
            assert_eq!(count!(conn, clients::table), 100);
            assert_eq!(count!(conn, trajectories::table), 200);
            assert_eq!(count!(conn, placements::table), 300);
            assert_eq!(count!(conn, audit_events::table), 1000);
            assert!(count!(conn, audit_event_subjects::table) > 500);
            // Some clients have a BSN, sealed so that the server's vault opens it.
            let sealed: Vec<(db::Id, Option<String>)> = clients::table
                .filter(clients::bsn_ciphertext.is_not_null())
                .select((clients::id, clients::bsn_ciphertext))
                .load(conn)?;
            assert!(!sealed.is_empty());
            for (id, ciphertext) in sealed {
                vault
                    .open(&ciphertext.unwrap(), ClientId::from(id.0))
                    .unwrap();
            }
            let head: i64 = audit_chain_head::table
                .select(audit_chain_head::seq)
                .first(conn)?;
            assert_eq!(head, 1000);
            let verified = service::audit::verify(conn, 1, None)?;
            assert_eq!((verified.checked, verified.first_break), (1000, None));

            let es = &report.accounts[0];
            let account = db::users::credentials(conn, &es.email)?.unwrap();
            let stored = argon2::PasswordHash::new(&account.password_hash).unwrap();
            argon2::Argon2::default()
                .verify_password(seed::PASSWORD.as_bytes(), &stored)
                .unwrap();
            let caller = Caller {
                user_id: account.user_id,
                organisation_id: account.organisation_id,
                organisation_kind: OrganisationKind::Ggz,
                role: account.role,
                session_id: SessionId::new(),
                meta: Arc::new(RequestMeta::default()),
                trail: Trail::default(),
            };
            let page = PageRequest {
                after: None,
                limit: 50,
            };
            let (listed, _) = service::clients::list(
                conn,
                &caller,
                service::clients::ListFilter::default(),
                page,
            )?;
            let sample = ClientId::from(report.sample_client.unwrap());
            assert!(listed.iter().any(|v| v.client.id == sample));
            assert_eq!(
                service::clients::get(conn, &caller, sample)?.client.id,
                sample
            );
            let filter = service::trajectories::ListFilter {
                client_id: Some(sample),
                ..Default::default()
            };
            let (trajectories, _) = service::trajectories::list(conn, &caller, filter, page)?;
            assert!(!trajectories.is_empty());
            Ok(())
        })
        .unwrap();
    }
}
