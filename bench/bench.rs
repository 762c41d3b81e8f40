//! The benchmark (issue 6; README, Performance). Run it with `bench/run`, which builds this
//! and the server in release mode first.
//!
//! It seeds a fresh database at the chosen scale, starts `werkpad serve` as its own process
//! and, per scenario, drives it over loopback with wrk at a fixed number of connections for
//! a fixed time; then does the same work in this process, straight through the service
//! layer and Diesel (the storage ceiling); and measures `/v1/health/live` on the same server
//! at the same connections (the framework ceiling). It prints one Markdown table, the
//! server's start-to-ready time and peak resident memory, and the targets of issue 6.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a measurement program reports on standard output"
)]

#[path = "seed/mod.rs"]
#[allow(
    dead_code,
    reason = "the seeder also reports what only the seed program prints"
)]
mod seed;

#[path = "harness/mod.rs"]
mod harness;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use base64::Engine as _;
use chrono::Datelike;
use clap::Parser;
use werkpad::config::Settings;
use werkpad::domain::Role;
use werkpad::startup;

use harness::database::Database;
use harness::fixtures;
use harness::scenarios::{self, Run};
use harness::server::Server;
use harness::table::{self, Row, Target};

/// Measures werkpad against its own limits (see README, Performance).
#[derive(Parser)]
struct Args {
    /// A PostgreSQL server (`postgres://user@host:port/any-db`) to run on: a fresh database
    /// is created there for the run and dropped after. Without it, SQLite in a temp dir.
    #[arg(long)]
    postgres: Option<String>,
    /// Times the default data set (100,000 clients, 200,000 trajectories, 300,000
    /// placements, 1,000,000 access-log events).
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// How long each scenario runs, each way.
    #[arg(long, default_value = "10s", value_parser = humantime::parse_duration)]
    duration: Duration,
    /// Open connections (and in-process tasks) per scenario.
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Connections for the region-year report: a coordinator opens one at a time.
    #[arg(long, default_value_t = 1)]
    report_connections: usize,
    /// How many pages of 50 deep the list scenario reads.
    #[arg(long, default_value_t = 20)]
    depth: usize,
    /// The werkpad binary to start (bench/run passes the release build).
    #[arg(long)]
    server: PathBuf,
    /// Keep the PostgreSQL database after the run.
    #[arg(long)]
    keep: bool,
}

/// Random secrets for this run's server, base64: the JWT secret, the HMAC key, the data key.
fn secrets() -> anyhow::Result<[String; 3]> {
    let mut out = [String::new(), String::new(), String::new()];
    for s in &mut out {
        let mut bytes = [0_u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| anyhow!("no randomness: {e}"))?;
        *s = base64::engine::general_purpose::STANDARD.encode(bytes);
    }
    Ok(out)
}

#[derive(Parser)]
struct Config {
    #[command(flatten)]
    settings: Settings,
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let database = Database::create(dir.path(), args.postgres.as_deref(), args.keep)?;
    let outcome = bench(&args, dir.path(), &database).await;
    database.drop_unless_kept()?;
    outcome
}

#[expect(clippy::too_many_lines, reason = "the run, step by step")]
async fn bench(args: &Args, dir: &std::path::Path, database: &Database) -> anyhow::Result<()> {
    let url = database.url();
    let [jwt, hmac, data_key] = secrets()?;
    // The server's whole configuration, given to it in its environment and parsed the same
    // way here for the in-process side. Production mode: production argon2id parameters
    // and suppression. Access tokens outlive the run.
    let env: Vec<(String, String)> = [
        ("WERKPAD_ENV", "production"),
        ("WERKPAD_DATABASE_URL", url.as_str()),
        ("WERKPAD_JWT_SECRET", jwt.as_str()),
        ("WERKPAD_HMAC_KEY", hmac.as_str()),
        ("WERKPAD_DATA_KEY", data_key.as_str()),
        ("WERKPAD_ACCESS_TOKEN_TTL", "4h"),
        ("WERKPAD_REFRESH_IDLE_TTL", "4h"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let settings = Config::try_parse_from(std::iter::once("werkpad".to_owned()).chain(
        env.iter().flat_map(|(k, v)| {
            let flag = k
                .trim_start_matches("WERKPAD_")
                .to_lowercase()
                .replace('_', "-");
            [format!("--{flag}"), v.clone()]
        }),
    ))?
    .settings;

    let backend = database.backend();
    let today = werkpad::domain::calendar::today();
    eprintln!("seeding {backend} at scale {} …", args.scale);
    let seeded = seed::seed(
        &url,
        seed::Scale::times(args.scale),
        today,
        &seed::Options {
            argon2: settings.argon2(),
            vault: None,
        },
    )?;
    let s = seeded.scale;
    println!(
        "{backend}: {} clients, {} trajectories, {} placements, {} access-log events; seeded in {:.1} s",
        s.clients,
        s.trajectories,
        s.placements,
        s.audit_events,
        seeded.total.as_secs_f64()
    );

    let server = Server::start(&args.server, &env, &dir.join("server.log")).await?;
    let state = actix_web::web::Data::new(startup::state(
        &settings,
        startup::open_database(&settings)?,
    )?);
    let run = Run {
        state: state.clone(),
        base: server.base.clone(),
        dir: dir.to_owned(),
        duration: args.duration,
        today,
    };
    let account = |role: Role| {
        seeded
            .accounts
            .iter()
            .find(|a| a.role == role)
            .with_context(|| format!("the seed has no {role:?}"))
    };
    let specialist = account(Role::EmploymentSpecialist)?;
    let emails = fixtures::colleagues(&state, &specialist.email, args.connections)?;
    let mut actors = Vec::new();
    for email in &emails {
        actors.push(fixtures::sign_in(&state, email, seed::PASSWORD).await?);
    }
    let mut readers = Vec::new();
    let mut movers = Vec::new();
    let mut municipality = None;
    for actor in &actors {
        let clients = fixtures::clients_of(&state, actor).await?;
        municipality = municipality.or_else(|| clients.first().map(|(_, m)| m.clone()));
        if !clients.is_empty() {
            readers.push((
                actor.clone(),
                clients.into_iter().map(|(id, _)| id).collect(),
            ));
        }
        let movable = fixtures::movable(&state, actor).await?;
        if !movable.is_empty() {
            movers.push((actor.clone(), movable));
        }
    }
    let municipality = municipality.context("the specialists see no clients")?;
    let long_list = seeded
        .accounts
        .iter()
        .find(|a| a.email.starts_with("uwv-caseload."))
        .context("the seed has no account with a long list")?;
    let lister = fixtures::sign_in(&state, &long_list.email, seed::PASSWORD).await?;
    let coordinator = fixtures::sign_in(
        &state,
        &account(Role::ProgrammeCoordinator)?.email,
        seed::PASSWORD,
    )
    .await?;
    let auditor = fixtures::sign_in(&state, &account(Role::Auditor)?.email, seed::PASSWORD).await?;
    let (cursor, after, depth) = fixtures::deep_cursor(&server.base, &lister, args.depth).await?;
    let last_year = today.year() - 1;
    let (region, _, _) = seeded
        .durable
        .iter()
        .filter(|(_, y, _)| *y == last_year)
        .max_by_key(|(_, _, n)| *n)
        .copied()
        .context("nobody became durably employed last year")?;

    let c = args.connections;
    let mut health = std::collections::BTreeMap::new();
    // One connection per trajectory mover: at a small scale there may be fewer than `c`.
    let movers_n = movers.len().min(c);
    for conns in [c, args.report_connections, movers_n] {
        if let std::collections::btree_map::Entry::Vacant(e) = health.entry(conns) {
            e.insert(run.health(conns)?);
        }
    }
    let mut rows: Vec<Row> = health
        .iter()
        .map(|(&connections, &m)| Row {
            scenario: "GET /v1/health/live (framework ceiling)",
            connections,
            http: m,
            health: m,
            storage: None,
        })
        .collect();
    let mut row = |scenario, connections, (http, storage): (_, _)| {
        rows.push(Row {
            scenario,
            connections,
            http,
            health: health[&connections],
            storage: Some(storage),
        });
    };
    eprintln!("login …");
    row(
        "login (argon2id, production parameters)",
        c,
        scenarios::login(&run, &emails, seed::PASSWORD, c).await?,
    );
    eprintln!("read …");
    let reads = scenarios::read(&run, &readers, c).await?;
    let read_storage = reads.1;
    row("read one client", c, reads);
    eprintln!("list …");
    let list_name = format!("page of 50 clients, {depth} pages deep");
    row(
        Box::leak(list_name.into_boxed_str()),
        c,
        scenarios::list(&run, &lister, cursor.as_deref(), after, c).await?,
    );
    eprintln!("create …");
    row(
        "register a client, open a trajectory (one request each)",
        c,
        scenarios::create(&run, &actors[0], &municipality, c).await?,
    );
    eprintln!("transition …");
    row(
        "transition with If-Match (pause, resume)",
        movers_n,
        scenarios::transition(&run, &mut movers[..movers_n], movers_n).await?,
    );
    eprintln!("report …");
    let rc = args.report_connections;
    row(
        "region-year outcome report",
        rc,
        scenarios::report(&run, &coordinator, region, last_year, rc).await?,
    );
    eprintln!("audit …");
    row(
        "page of 50 access-log events, one organisation",
        c,
        scenarios::audit(&run, &auditor, c).await?,
    );
    eprintln!("read during a login burst …");
    let (burst_reads, burst_logins) =
        scenarios::read_during_logins(&run, &readers, &emails, seed::PASSWORD, c)?;
    rows.push(Row {
        scenario: "read one client during a login burst",
        connections: c,
        http: burst_reads,
        health: health[&c],
        storage: Some(read_storage),
    });

    let peak = server.peak_rss()?;
    let start_to_ready = server.ready_after;
    drop(server);
    println!();
    print!("{}", table::render(&rows));
    #[expect(clippy::cast_precision_loss, reason = "megabytes for people to read")]
    let peak_mb = peak as f64 / (1024.0 * 1024.0);
    println!(
        "\nserver: ready {:.0} ms after start; peak resident memory {peak_mb:.0} MiB; {:.0} logins/s during the burst",
        start_to_ready.as_secs_f64() * 1e3,
        burst_logins.rate()
    );
    let find = |name: &str| {
        rows.iter()
            .find(|r| r.scenario.starts_with(name))
            .context("row")
    };
    let read = find("read one client")?;
    let list = find("page of 50 clients")?;
    let create = find("register a client")?;
    let report = find("region-year")?;
    let burst = find("read one client during")?;
    let read_share = read.http.rate() / read.storage.map_or(f64::INFINITY, |s| s.rate());
    let burst_factor = burst.http.p99.as_secs_f64() / read.http.p99.as_secs_f64().max(1e-9);
    let targets = [
        Target {
            goal: "read a client at >= 50% of its storage ceiling".to_owned(),
            measured: format!("{:.0}%", read_share * 100.0),
            met: read_share >= 0.5,
        },
        Target {
            goal: format!(
                "list p99 <= 25 ms at 16 connections (ran {})",
                list.connections
            ),
            measured: format!("{:.1} ms", list.http.p99.as_secs_f64() * 1e3),
            met: list.http.p99 <= Duration::from_millis(25) && list.connections >= 16,
        },
        Target {
            goal: "creates >= 1,000/s on SQLite (a create is one registration or one opening)"
                .to_owned(),
            measured: format!("{:.0}/s on {backend}", create.http.rate()),
            met: create.http.rate() >= 1000.0,
        },
        Target {
            goal: "region-year report <= 100 ms".to_owned(),
            measured: format!(
                "p50 {:.0} ms, p99 {:.0} ms",
                report.http.p50.as_secs_f64() * 1e3,
                report.http.p99.as_secs_f64() * 1e3
            ),
            met: report.http.p99 <= Duration::from_millis(100),
        },
        Target {
            goal: "peak memory <= 256 MB under load".to_owned(),
            measured: format!("{peak_mb:.0} MiB"),
            met: peak <= 256 * 1024 * 1024,
        },
        Target {
            goal: "reads during a login burst: p99 <= 2x without".to_owned(),
            measured: format!("{burst_factor:.2}x"),
            met: burst_factor <= 2.0,
        },
    ];
    print!("\n{}", table::targets(&targets));
    Ok(())
}
