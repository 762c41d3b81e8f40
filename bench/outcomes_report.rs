//! How long a region-year outcome report takes at real size (issue 5): seeds a fresh
//! database with the benchmark data set (default 100,000 clients, 200,000 trajectories,
//! 300,000 placements), then computes the report of the largest region for last year and
//! this year, and the national report, as the programme coordinator, through the same use
//! case and access-log write as `GET /v1/reports/outcomes`. It also checks K1 against the
//! seeder's own count of durably employed clients, which it computes independently.
//!
//!     cargo run --release --example outcomes_report                       # SQLite
//!     createdb -h 127.0.0.1 -U postgres werkpad_report_bench
//!     cargo run --release --example outcomes_report -- \
//!         --database-url postgres://postgres@127.0.0.1:5432/werkpad_report_bench
//!
//! Debug-build numbers mean nothing.

#![allow(
    clippy::print_stdout,
    reason = "a measurement program reports on standard output"
)]

#[path = "seed/mod.rs"]
#[allow(
    dead_code,
    reason = "the seeder also reports what only the seed program prints"
)]
mod seed;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Datelike;
use clap::Parser;
use werkpad::auth::{Caller, RequestMeta};
use werkpad::authz::Trail;
use werkpad::config::Settings;
use werkpad::domain::{OrganisationKind, RegionCode, Role, SessionId};
use werkpad::{service, startup};

#[derive(Parser)]
struct Args {
    #[command(flatten)]
    settings: Settings,
    /// Times the default scale.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Reports per measurement.
    #[arg(long, default_value_t = 30)]
    runs: usize,
}

fn percentile(sorted: &[Duration], per_mille: usize) -> Duration {
    sorted[(sorted.len() - 1) * per_mille / 1000]
}

fn line(name: &str, mut samples: Vec<Duration>) {
    samples.sort_unstable();
    println!(
        "{name:<34} n={:<4} p50={:>8.1} ms  p99={:>8.1} ms  max={:>8.1} ms",
        samples.len(),
        percentile(&samples, 500).as_secs_f64() * 1e3,
        percentile(&samples, 990).as_secs_f64() * 1e3,
        samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    );
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
    let today = werkpad::domain::calendar::today();
    let seeded = seed::seed(
        args.settings.database_url.expose(),
        seed::Scale::times(args.scale),
        today,
        &seed::Options::default(),
    )?;
    println!(
        "{}: {} clients, {} trajectories, {} placements, seeded in {:.1} s",
        seeded.backend,
        seeded.scale.clients,
        seeded.scale.trajectories,
        seeded.scale.placements,
        seeded.total.as_secs_f64()
    );
    let pool = startup::open_database(&args.settings)?;
    let state = actix_web::web::Data::new(startup::state(&args.settings, pool)?);
    let account = seeded
        .accounts
        .iter()
        .find(|a| a.role == Role::ProgrammeCoordinator)
        .ok_or_else(|| anyhow::anyhow!("the seed has no programme coordinator"))?;
    let organisation = state
        .pool
        .with_conn(|conn| Ok(werkpad::db::users::credentials(conn, &account.email)?))
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("no account {}", account.email))?
        .organisation_id;
    let caller = Caller {
        user_id: werkpad::domain::UserId::from(account.user_id),
        organisation_id: organisation,
        organisation_kind: OrganisationKind::Other,
        role: Role::ProgrammeCoordinator,
        session_id: SessionId::new(),
        meta: Arc::new(RequestMeta {
            access_point: "127.0.0.1".to_owned(),
            operation: Some("get_outcome_report"),
            ..RequestMeta::default()
        }),
        trail: Trail::default(),
    };
    let rules = state.rules.reporting.clone();
    // The region with the most durable clients last year: the heaviest report.
    let last_year = today.year() - 1;
    let (region, _, _) = seeded
        .durable
        .iter()
        .filter(|(_, y, _)| *y == last_year)
        .max_by_key(|(_, _, n)| *n)
        .copied()
        .ok_or_else(|| anyhow::anyhow!("nobody became durable in {last_year}"))?;
    let code = RegionCode::parse(region).map_err(|e| anyhow::anyhow!(e))?;
    for year in [last_year, today.year()] {
        let mut samples = Vec::new();
        let mut k1 = None;
        for _ in 0..args.runs {
            let c = Caller {
                trail: Trail::default(),
                ..caller.clone()
            };
            let (rules, code) = (rules.clone(), code.clone());
            let start = Instant::now();
            let report = service::audited(&state.pool, &c, move |conn, c| {
                service::reports::region_report(conn, c, &rules, &code, year, today)
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            samples.push(start.elapsed());
            k1 = report.durable.total.value;
        }
        let expected = seeded
            .durable
            .iter()
            .find(|(r, y, _)| *r == region && *y == year)
            .map_or(0, |(_, _, n)| *n);
        line(&format!("region-year {region} {year}"), samples);
        println!("  K1 {k1:?}, the seeder's own count {expected}");
    }
    let mut samples = Vec::new();
    for _ in 0..args.runs.min(10) {
        let c = Caller {
            trail: Trail::default(),
            ..caller.clone()
        };
        let rules = rules.clone();
        let start = Instant::now();
        service::audited(&state.pool, &c, move |conn, c| {
            service::reports::national_report(conn, c, &rules, last_year, today)
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        samples.push(start.elapsed());
    }
    line(&format!("national {last_year}"), samples);
    Ok(())
}
