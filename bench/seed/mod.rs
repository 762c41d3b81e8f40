//! A bulk seeder for measurements: fills a fresh werkpad database with a realistic data set
//! at a chosen scale (issue 6: by default 100,000 clients, 200,000 trajectories, 300,000
//! placements and 1,000,000 access-log events) in a minute or two.
//!
//! Rows go in through the application's own schema and column types (`werkpad::db::schema`,
//! `Id`, `UtcTime`), by binary `COPY` on PostgreSQL and one cached prepared `INSERT` per row
//! on SQLite, a few thousand clients per transaction, with the secondary indexes built after
//! the rows. They bypass the service layer on purpose:
//! nothing here is a request, so no `Permit` is taken and nothing but the seeded access log
//! itself is logged. That is also why this lives beside the examples and not in the library,
//! where every write goes through `authz`.
//!
//! Use it from an example with `#[path = "seed/mod.rs"] mod seed;`. Everything is drawn from
//! a fixed seed: the same scale and day give the same database on either backend.

mod audit;
mod cases;
mod cast;
mod places;
mod rng;
mod rows;
mod story;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveTime, TimeDelta};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::ManageConnection;
use secrecy::SecretString;
use uuid::Uuid;
use werkpad::auth::password::Hasher;
use werkpad::config::{Argon2Params, DatabaseUrl, OWASP_ARGON2};
use werkpad::db::schema::{
    audit_chain_head, audit_event_subjects, audit_events, care_team_members, clients,
    consent_categories, consents, employer_contacts, employers, municipalities,
    organisation_regions, organisations, placements, trajectories, trajectory_transitions, users,
};
use werkpad::db::{DbConn, Id, UtcTime};
use werkpad::domain::employers::{ContactForm, ContactOutcome};
use werkpad::domain::{Password, Role};
use werkpad::vault::Vault;

use self::places::REGIONS;
use self::rng::{Rng, allocate, plus};
use self::rows::bulk;

/// The password of every seeded account.
pub const PASSWORD: &str = "werkpad-bench-2026";

/// How much to seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// Clients.
    pub clients: u64,
    /// Trajectories (each client has one to four).
    pub trajectories: u64,
    /// Placements.
    pub placements: u64,
    /// Access-log events.
    pub audit_events: u64,
}

impl Default for Scale {
    fn default() -> Self {
        Self {
            clients: 100_000,
            trajectories: 200_000,
            placements: 300_000,
            audit_events: 1_000_000,
        }
    }
}

impl Scale {
    /// The default scale times `factor` (at least one client).
    #[must_use]
    pub fn times(factor: f64) -> Self {
        let of = |n: u64| {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss,
                reason = "a scale factor times a count, rounded"
            )]
            let scaled = (n as f64 * factor.max(0.0)).round() as u64;
            scaled
        };
        let d = Self::default();
        let clients = of(d.clients).max(1);
        Self {
            clients,
            trajectories: of(d.trajectories).max(clients),
            placements: of(d.placements),
            audit_events: of(d.audit_events),
        }
    }
}

/// A seeded account for the load generator to sign in with (password: `PASSWORD`).
#[derive(Clone, Debug)]
pub struct Credentials {
    /// What it is for, e.g. "employment specialist in AM18".
    pub label: String,
    /// Sign-in address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Account id.
    pub user_id: Uuid,
    /// Organisation name.
    pub organisation: String,
}

/// Rows written to one table and the time it took.
#[derive(Clone, Debug)]
pub struct TableStat {
    /// Table.
    pub table: &'static str,
    /// Rows.
    pub rows: u64,
    /// Time spent inserting (generation not included).
    pub elapsed: Duration,
}

/// What was seeded.
#[derive(Clone, Debug)]
pub struct SeedReport {
    /// `PostgreSQL` or `SQLite`.
    pub backend: &'static str,
    /// Whether PostgreSQL checked every foreign key row by row (only when the account may
    /// not switch the triggers off); SQLite checks all of them after loading.
    pub foreign_key_triggers: bool,
    /// The scale asked for.
    pub scale: Scale,
    /// The reference day.
    pub today: NaiveDate,
    /// Per table, in insertion order.
    pub tables: Vec<TableStat>,
    /// Migrating the fresh database.
    pub migrate: Duration,
    /// Hashing the one password.
    pub password_hash: Duration,
    /// Drawing the rows (and hashing the access log), outside the inserts.
    pub generate: Duration,
    /// Building the secondary indexes after the rows.
    pub index: Duration,
    /// SQLite's `foreign_key_check` over every row.
    pub foreign_key_check: Duration,
    /// `ANALYZE` at the end (with `VACUUM` on PostgreSQL).
    pub finish: Duration,
    /// Everything.
    pub total: Duration,
    /// Named accounts: an employment specialist and the other caseworkers in AM18, the
    /// regional coordinator of AM05, the programme coordinator, auditors, the operator.
    pub accounts: Vec<Credentials>,
    /// Clients that became durably employed (domain.md §10 default rule), per region and
    /// calendar year, as drawn.
    pub durable: Vec<(&'static str, i32, u64)>,
    /// A client whose care team the first account (the AM18 specialist) is on, with a
    /// trajectory still open.
    pub sample_client: Option<Uuid>,
}

#[derive(Default)]
struct Stats(Vec<TableStat>);

impl Stats {
    fn add(&mut self, table: &'static str, rows: usize, elapsed: Duration) {
        let rows = rows as u64;
        match self.0.iter_mut().find(|t| t.table == table) {
            Some(t) => {
                t.rows += rows;
                t.elapsed += elapsed;
            }
            None => self.0.push(TableStat {
                table,
                rows,
                elapsed,
            }),
        }
    }
}

/// Inserts `$rows` into `$table` and books the rows and time under the table's name.
macro_rules! put {
    ($stats:expr, $conn:expr, $name:literal, $table:expr, $rows:expr) => {{
        let started = Instant::now();
        let n = bulk!($conn, $table, $rows)?;
        $stats.add($name, n, started.elapsed());
    }};
}

/// The seed of the whole data set.
const SEED: u64 = 0x7765_726b_7061_6421;
/// Clients per transaction.
const CHUNK: usize = 2_000;
/// Access-log events per transaction.
const LOG_CHUNK: i64 = 20_000;
/// General (not client-specific) employer contacts per employment specialist.
const JOB_DEVELOPMENT_CONTACTS: u32 = 20;

/// What else the seeder needs to know about the server that will read the data.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// The server's argon2id parameters, so that no sign-in rehashes (default: OWASP's,
    /// which are the server's defaults).
    pub argon2: Argon2Params,
    /// The server's vault (WERKPAD_DATA_KEY, WERKPAD_HMAC_KEY): with it, one client in twenty
    /// also gets a BSN, sealed as the server seals it; without, no client has one.
    pub vault: Option<&'a Vault>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self {
            argon2: OWASP_ARGON2,
            vault: None,
        }
    }
}

/// Seeds a fresh database at `database_url` (migrating it first) with `scale`, dated
/// relative to `today`. Refuses a database that already holds organisations.
#[expect(
    clippy::too_many_lines,
    reason = "the phases in order, each a few lines"
)]
pub fn seed(
    database_url: &str,
    scale: Scale,
    today: NaiveDate,
    options: &Options<'_>,
) -> anyhow::Result<SeedReport> {
    let vault = options.vault;
    let started = Instant::now();
    let mut conn = werkpad::db::connect::Manager::new(DatabaseUrl::new(database_url))?
        .connect()
        .context("cannot open the database")?;
    let backend = match conn {
        DbConn::Postgres(_) => "PostgreSQL",
        DbConn::Sqlite(_) => "SQLite",
    };
    werkpad::db::migrate::run(&mut conn)?;
    let migrate = started.elapsed();
    let existing: i64 = organisations::table.count().get_result(&mut conn)?;
    anyhow::ensure!(
        existing == 0,
        "the database already holds {existing} organisations: seed a fresh one"
    );
    let regions = werkpad::db::regions::all(&mut conn)?;
    anyhow::ensure!(
        regions
            .iter()
            .map(|(c, _)| c.as_str())
            .eq(REGIONS.iter().map(|r| r.0)),
        "the migrations' labour-market regions differ from the seeder's"
    );
    let names: Vec<String> = regions.into_iter().map(|(_, n)| n).collect();
    // Durability does not matter for a data set that is made again in a minute; everything
    // is put back below. SQLite: no fsync, the rollback journal in memory instead of the
    // WAL, a 2 GiB cache, and foreign keys checked once over all rows at the end instead of
    // row by row. PostgreSQL: no wait for the WAL flush at commit, and, where the account
    // may (a superuser), no per-row foreign-key triggers: both backends get identical rows,
    // and SQLite's check covers them.
    let trusted = match conn {
        DbConn::Postgres(_) => {
            conn.batch_execute("SET synchronous_commit = off")?;
            conn.batch_execute("SET session_replication_role = replica")
                .is_ok()
        }
        DbConn::Sqlite(_) => {
            conn.batch_execute(
                "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; \
                 PRAGMA cache_size = -2097152; PRAGMA temp_store = MEMORY",
            )?;
            false
        }
    };

    // Secondary indexes are built once at the end, from sorted data, instead of row by row
    // in random key order; their definitions come from the database itself, as the
    // migrations made them. Primary keys and unique constraints stay in place throughout.
    let indexes = secondary_indexes(&mut conn)?;
    conn.batch_execute(
        &indexes
            .iter()
            .map(|i| format!("DROP INDEX {}", i.name))
            .collect::<Vec<_>>()
            .join(";"),
    )?;

    let hashing = Instant::now();
    let password = Password::parse(SecretString::from(PASSWORD.to_owned()))
        .map_err(|e| anyhow::anyhow!("seed password: {e}"))?;
    let hash = Hasher::new(options.argon2, 1)?.hash_now(password.secret())?;
    let password_hash = hashing.elapsed();

    let mut stats = Stats::default();
    let mut generate = Duration::ZERO;
    let drawing = Instant::now();
    let mut rng = Rng::new(SEED);
    let weights: Vec<u64> = REGIONS.iter().map(|r| u64::from(r.1)).collect();
    let region_clients = shares(scale.clients, &weights);
    let plans = plans(&mut rng, scale, &region_clients);
    let reference_day = plus(today, -3 * 365 - 30);
    let (cast, user_rows) = cast::build(
        Rng::stream(SEED, 0, 0),
        &region_clients,
        &names,
        reference_day.and_time(NaiveTime::MIN).and_utc() + TimeDelta::hours(9),
        &hash,
    );
    let municipality_rows: Vec<rows::Municipality> = REGIONS
        .iter()
        .flat_map(|&(region, _, places)| {
            places.iter().map(|&(code, name)| rows::Municipality {
                code,
                name,
                region_code: region,
                valid_from: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or(NaiveDate::MIN),
                valid_to: None,
            })
        })
        .collect();
    generate += drawing.elapsed();
    conn.transaction(|conn| {
        put!(
            stats,
            conn,
            "municipalities",
            municipalities::table,
            &municipality_rows[..]
        );
        put!(
            stats,
            conn,
            "organisations",
            organisations::table,
            &cast.organisations[..]
        );
        put!(
            stats,
            conn,
            "organisation_regions",
            organisation_regions::table,
            &cast.organisation_regions[..]
        );
        put!(stats, conn, "users", users::table, &user_rows[..]);
        put!(
            stats,
            conn,
            "employers",
            employers::table,
            &cast.employers[..]
        );
        Ok::<_, diesel::result::Error>(())
    })?;

    let ctx = cases::Ctx {
        seed: SEED,
        today,
        cast: &cast,
        vault,
    };
    let mut subjects = Vec::with_capacity(plans.len());
    let mut durable = cases::Durable::new();
    for (chunk, plans) in plans.chunks(CHUNK).enumerate() {
        let drawing = Instant::now();
        let mut batch = cases::Batch::default();
        for (i, plan) in plans.iter().enumerate() {
            subjects.push(cases::client(
                &ctx,
                chunk * CHUNK + i,
                *plan,
                &mut batch,
                &mut durable,
            ));
        }
        generate += drawing.elapsed();
        conn.transaction(|conn| {
            put!(stats, conn, "clients", clients::table, &batch.clients[..]);
            put!(
                stats,
                conn,
                "care_team_members",
                care_team_members::table,
                &batch.members[..]
            );
            put!(
                stats,
                conn,
                "trajectories",
                trajectories::table,
                &batch.trajectories[..]
            );
            put!(
                stats,
                conn,
                "trajectory_transitions",
                trajectory_transitions::table,
                &batch.transitions[..]
            );
            put!(
                stats,
                conn,
                "consents",
                consents::table,
                &batch.consents[..]
            );
            put!(
                stats,
                conn,
                "consent_categories",
                consent_categories::table,
                &batch.categories[..]
            );
            put!(
                stats,
                conn,
                "placements",
                placements::table,
                &batch.placements[..]
            );
            put!(
                stats,
                conn,
                "employer_contacts",
                employer_contacts::table,
                &batch.contacts[..]
            );
            Ok::<_, diesel::result::Error>(())
        })?;
    }
    let drawing = Instant::now();
    let general = job_development(&cast, today);
    generate += drawing.elapsed();
    conn.transaction(|conn| {
        put!(
            stats,
            conn,
            "employer_contacts",
            employer_contacts::table,
            &general[..]
        );
        Ok::<_, diesel::result::Error>(())
    })?;

    let log = audit::Log::new(SEED, &cast, &subjects, today, scale.audit_events);
    let mut chain = audit::Chain::default();
    let total_events = i64::try_from(scale.audit_events).unwrap_or(i64::MAX);
    while chain.seq < total_events {
        let drawing = Instant::now();
        let (mut events, mut event_subjects) = (Vec::new(), Vec::new());
        let until = (chain.seq + LOG_CHUNK).min(total_events);
        log.chunk(&mut chain, until, &mut events, &mut event_subjects);
        generate += drawing.elapsed();
        conn.transaction(|conn| {
            put!(
                stats,
                conn,
                "audit_events",
                audit_events::table,
                &events[..]
            );
            put!(
                stats,
                conn,
                "audit_event_subjects",
                audit_event_subjects::table,
                &event_subjects[..]
            );
            diesel::update(audit_chain_head::table.filter(audit_chain_head::id.eq(1)))
                .set((
                    audit_chain_head::seq.eq(chain.seq),
                    audit_chain_head::hash.eq(&chain.hash),
                ))
                .execute(conn)?;
            Ok::<_, diesel::result::Error>(())
        })?;
    }

    // Without the triggers (above), the copies that the KPI queries read are not made as the
    // rows go in: make them here, before the indexes that hold them.
    if trusted {
        conn.batch_execute(KPI_COPIES)?;
    }
    let indexing = Instant::now();
    conn.batch_execute(
        &indexes
            .iter()
            .map(|i| i.sql.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    )?;
    let index = indexing.elapsed();
    let checking = Instant::now();
    if let DbConn::Sqlite(c) = &mut conn {
        let broken: Vec<Violation> =
            diesel::sql_query("SELECT \"table\" AS child, parent FROM pragma_foreign_key_check")
                .load(c)?;
        if let Some(first) = broken.first() {
            anyhow::bail!(
                "{} seeded rows name a missing row; the first: {} -> {}",
                broken.len(),
                first.child,
                first.parent
            );
        }
        c.batch_execute("PRAGMA foreign_keys = ON")?;
    }
    let foreign_key_check = checking.elapsed();
    let finishing = Instant::now();
    conn.batch_execute(match conn {
        // VACUUM as well: the copies above leave a dead version of every placement and
        // trajectory, and until the visibility map is set an index-only scan reads the table.
        DbConn::Postgres(_) => {
            "SET session_replication_role = DEFAULT; SET synchronous_commit = on"
        }
        DbConn::Sqlite(_) => {
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -2000; \
             ANALYZE"
        }
    })?;
    if let DbConn::Postgres(_) = conn {
        // Not in one batch with the statements above: VACUUM refuses a transaction block.
        conn.batch_execute("VACUUM ANALYZE")?;
    }
    let finish = finishing.elapsed();

    let mut durable: Vec<(&'static str, i32, u64)> = durable
        .into_iter()
        .map(|((region, year), n)| (REGIONS[region].0, year, n))
        .collect();
    durable.sort_unstable();
    let accounts = named_accounts(&cast);
    let sample_client = accounts.first().and_then(|es| {
        subjects
            .iter()
            .find(|s| {
                s.until.is_none()
                    && s.members
                        .iter()
                        .any(|m| cast.accounts[m.account].id == es.user_id && m.from <= today)
            })
            .map(|s| s.id)
    });
    Ok(SeedReport {
        backend,
        foreign_key_triggers: backend == "PostgreSQL" && !trusted,
        scale,
        today,
        tables: stats.0,
        migrate,
        password_hash,
        generate,
        index,
        foreign_key_check,
        finish,
        total: started.elapsed(),
        accounts,
        durable,
        sample_client,
    })
}

/// The copies of the client's region and the trajectory's type and lead organisation that
/// the triggers of migration 2026-12-02-000001 keep (and the same statements).
const KPI_COPIES: &str = "
    UPDATE trajectories
       SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = trajectories.client_id);
    UPDATE placements
       SET client_region = (SELECT c.region_code FROM clients c WHERE c.id = placements.client_id),
           trajectory_type = (SELECT t.type FROM trajectories t WHERE t.id = placements.trajectory_id),
           trajectory_lead_organisation_id = (SELECT t.lead_organisation_id FROM trajectories t
                                               WHERE t.id = placements.trajectory_id)";

/// A secondary index as the database describes it.
#[derive(QueryableByName)]
struct Index {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    sql: String,
}

/// A row whose foreign key names no row (`PRAGMA foreign_key_check`).
#[derive(QueryableByName)]
struct Violation {
    #[diesel(sql_type = diesel::sql_types::Text)]
    child: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    parent: String,
}

/// Every index that does not back a primary key or unique constraint, with the statement
/// that makes it.
fn secondary_indexes(conn: &mut DbConn) -> QueryResult<Vec<Index>> {
    match conn {
        DbConn::Postgres(c) => diesel::sql_query(
            "SELECT indexname AS name, indexdef AS sql FROM pg_indexes \
             WHERE schemaname = current_schema() \
             AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        )
        .load(c),
        // SQLite's own indexes for keys and UNIQUE columns have no statement.
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
        )
        .load(c),
    }
}

/// `total` split over `weights` exactly (largest remainder).
fn shares(total: u64, weights: &[u64]) -> Vec<u32> {
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut parts: Vec<(u64, u64, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (total * w / sum, total * w % sum, i))
        .collect();
    let mut left = total - parts.iter().map(|p| p.0).sum::<u64>();
    parts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    for part in &mut parts {
        if left == 0 {
            break;
        }
        part.0 += 1;
        left -= 1;
    }
    parts.sort_by_key(|p| p.2);
    parts
        .into_iter()
        .map(|p| u32::try_from(p.0).unwrap_or(u32::MAX))
        .collect()
}

/// Every client's region, place in it and share of trajectories and jobs. About two in three
/// clients ever work; the jobs are spread over them.
fn plans(rng: &mut Rng, scale: Scale, region_clients: &[u32]) -> Vec<cases::Plan> {
    let n = usize::try_from(scale.clients).unwrap_or(0);
    let trajectories = allocate(rng, scale.trajectories, n, 1, 4);
    let workers: Vec<usize> = (0..n).filter(|_| rng.chance(0.65)).collect();
    let mut jobs = vec![0; n];
    for (w, count) in workers
        .iter()
        .zip(allocate(rng, scale.placements, workers.len(), 1, 12))
    {
        jobs[*w] = count;
    }
    let mut out = Vec::with_capacity(n);
    for (region, count) in region_clients.iter().enumerate() {
        for local in 0..*count as usize {
            let i = out.len();
            out.push(cases::Plan {
                region,
                local,
                trajectories: trajectories[i],
                jobs: jobs[i],
            });
        }
    }
    out
}

/// Job development: employer contacts of the specialists and account managers that concern
/// no client, spread over the three years.
fn job_development(cast: &cast::Cast, today: NaiveDate) -> Vec<rows::EmployerContact> {
    let mut out = Vec::new();
    for (r, region) in cast.regions.iter().enumerate() {
        let mut rng = Rng::stream(SEED, 3, r as u64);
        for account in region.specialists.iter().chain(&region.account_managers) {
            let by = &cast.accounts[*account];
            for _ in 0..JOB_DEVELOPMENT_CONTACTS {
                let day = plus(today, -rng.range(1, 3 * 365));
                let created = UtcTime::from(rng.during(day));
                let form = rng.weighted(&[
                    (ContactForm::FaceToFace, 60),
                    (ContactForm::Phone, 30),
                    (ContactForm::Digital, 10),
                ]);
                let outcome = rng.weighted(&[
                    (ContactOutcome::RelationshipBuilding, 50),
                    (ContactOutcome::VacancyDiscussed, 30),
                    (ContactOutcome::FollowUpAgreed, 15),
                    (ContactOutcome::NoOpportunity, 5),
                ]);
                out.push(rows::EmployerContact {
                    id: Id(rng.id_at(created.0)),
                    trajectory_id: None,
                    client_id: None,
                    employer_id: Id(rng.pick(&region.employers).0),
                    user_id: Id(by.id),
                    contact_date: day,
                    form: form.as_str(),
                    client_specific: false,
                    outcome: outcome.as_str(),
                    note: None,
                    origin_organisation_id: Id(by.organisation),
                    version: 1,
                    created_at: created,
                    updated_at: created,
                });
            }
        }
    }
    out
}

/// The accounts the report names: the first of each kind in AM18, and the rest.
fn named_accounts(cast: &cast::Cast) -> Vec<Credentials> {
    let organisation = |id: Uuid| {
        cast.organisations
            .iter()
            .find(|o| o.id == Id(id))
            .map_or_else(String::new, |o| o.name.clone())
    };
    let region = |code: &str| cast.regions.iter().find(|r| r.code == code);
    let mut wanted: Vec<(String, Option<usize>)> = Vec::new();
    if let Some(am18) = region("AM18") {
        wanted.push((
            "employment specialist in AM18".into(),
            am18.specialists.first().copied(),
        ));
        wanted.push((
            "practitioner in AM18".into(),
            am18.practitioners.first().copied(),
        ));
        wanted.push((
            "UWV labour expert in AM18".into(),
            am18.labour_experts.first().copied(),
        ));
        wanted.push((
            "municipal case manager in AM18".into(),
            am18.case_managers.first().copied(),
        ));
        wanted.push(("UWV labour expert on every AM18 file".into(), am18.caseload));
        let ggz_auditor = (0..cast.accounts.len()).find(|a| {
            cast.accounts[*a].role == Role::Auditor && cast.accounts[*a].organisation == am18.ggz
        });
        wanted.push(("auditor of GGZ Groot Amsterdam".into(), ggz_auditor));
    }
    let first = |role: Role| (0..cast.accounts.len()).find(|a| cast.accounts[*a].role == role);
    let rc = region("AM05").and_then(|am05| {
        (0..cast.accounts.len()).find(|a| {
            cast.accounts[*a].role == Role::RegionalCoordinator
                && cast.accounts[*a].organisation == am05.wsp
        })
    });
    wanted.push(("regional coordinator of AM05".into(), rc));
    wanted.push((
        "programme coordinator".into(),
        first(Role::ProgrammeCoordinator),
    ));
    wanted.push(("system administrator".into(), first(Role::SystemAdmin)));
    wanted
        .into_iter()
        .filter_map(|(label, account)| {
            let a = &cast.accounts[account?];
            Some(Credentials {
                label,
                email: a.email.clone(),
                role: a.role,
                user_id: a.id,
                organisation: organisation(a.organisation),
            })
        })
        .collect()
}

/// The durable clients of `report` per calendar year, all regions together.
#[must_use]
pub fn durable_per_year(report: &SeedReport) -> Vec<(i32, u64)> {
    let mut years: Vec<(i32, u64)> = Vec::new();
    for (_, year, n) in &report.durable {
        match years.iter_mut().find(|(y, _)| y == year) {
            Some((_, total)) => *total += n,
            None => years.push((*year, *n)),
        }
    }
    years.sort_unstable();
    years
}
