//! What the NEN 7513 access log costs on a read: the same client read, in the same run,
//! once as a bare use case in its transaction and once through `service::audited`, which
//! adds the hash-chained event (with its subject row and the chain-head update) to that
//! transaction. Interleaved in rounds so that both see the same machine.
//!
//!     cargo run --release --example audit_overhead                      # SQLite (temp file)
//!     WERKPAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
//!         cargo run --release --example audit_overhead                  # PostgreSQL
//!
//! A PostgreSQL database named in the URL must exist and be empty.

#![allow(
    clippy::print_stdout,
    reason = "a measurement program reports on standard output"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use diesel::Connection;
use werkpad::auth::{Caller, RequestMeta};
use werkpad::authz::Trail;
use werkpad::config::Settings;
use werkpad::domain::{OrganisationKind, SessionId};
use werkpad::{db, demo, service, startup};

#[derive(Parser)]
struct Args {
    #[command(flatten)]
    settings: Settings,
    /// Reads per variant and round.
    #[arg(long, default_value_t = 500)]
    reads: usize,
    /// Rounds.
    #[arg(long, default_value_t = 6)]
    rounds: usize,
}

/// The sample at `per_mille`/1000 of the way up a sorted list.
fn percentile(sorted: &[Duration], per_mille: usize) -> Duration {
    sorted[(sorted.len() - 1) * per_mille / 1000]
}

fn report(name: &str, mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    let mean = samples.iter().sum::<Duration>() / u32::try_from(samples.len()).unwrap_or(1);
    let p50 = percentile(&samples, 500);
    println!(
        "{name:<22} n={:<6} mean={:>8.1} µs  p50={:>8.1} µs  p99={:>8.1} µs",
        samples.len(),
        mean.as_secs_f64() * 1e6,
        p50.as_secs_f64() * 1e6,
        percentile(&samples, 990).as_secs_f64() * 1e6
    );
    p50
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    let dir = tempfile::tempdir()?;
    if !args.settings.database_url.expose().starts_with("postgres") {
        args.settings.database_url = werkpad::config::DatabaseUrl::new(format!(
            "sqlite://{}/bench.db",
            dir.path().display()
        ));
    }
    args.settings.migrate_on_start = true;
    let pool = startup::open_database(&args.settings)?;
    let state = actix_web::web::Data::new(startup::state(&args.settings, pool)?);
    demo::seed(&state)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let account = state
        .pool
        .with_conn(|conn| {
            Ok(db::users::credentials(
                conn,
                "employment-specialist@demo.werkpad.nl",
            )?)
        })
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("no demo account"))?;
    let caller = Caller {
        user_id: account.user_id,
        organisation_id: account.organisation_id,
        organisation_kind: OrganisationKind::Ggz,
        role: account.role,
        session_id: SessionId::new(),
        meta: Arc::new(RequestMeta {
            access_point: "127.0.0.1".to_owned(),
            operation: Some("get_client"),
            ..RequestMeta::default()
        }),
        trail: Trail::default(),
    };
    let client = {
        let c = caller.clone();
        service::audited(&state.pool, &caller, move |conn, _| {
            service::clients::list(
                conn,
                &c,
                service::clients::ListFilter::default(),
                db::pagination::PageRequest {
                    after: None,
                    limit: 1,
                },
            )
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .0[0]
            .client
            .id
    };
    println!(
        "backend: {}",
        if args.settings.database_url.expose().starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let (mut bare, mut logged) = (Vec::new(), Vec::new());
    for _ in 0..args.rounds {
        for _ in 0..args.reads {
            let c = Caller {
                trail: Trail::default(),
                ..caller.clone()
            };
            let start = Instant::now();
            db::run(&state.pool, move |conn| {
                conn.transaction(|conn| service::clients::get(conn, &c, client))
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            bare.push(start.elapsed());
        }
        for _ in 0..args.reads {
            let c = Caller {
                trail: Trail::default(),
                ..caller.clone()
            };
            let start = Instant::now();
            service::audited(&state.pool, &c, move |conn, c| {
                service::clients::get(conn, c, client)
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            logged.push(start.elapsed());
        }
    }
    let without = report("read without the log", bare);
    let with = report("read with the log", logged);
    println!(
        "overhead at p50: {:.1} µs ({:+.0}%)",
        (with.as_secs_f64() - without.as_secs_f64()) * 1e6,
        (with.as_secs_f64() / without.as_secs_f64() - 1.0) * 100.0
    );
    Ok(())
}
