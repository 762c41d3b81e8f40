//! K2 to K10: placements started (by work type, trajectory type and hours), the time to a
//! trajectory's first face-to-face employer contact and first paid placement, job
//! retention, caseload, employer contacts per specialist, benefit outflow, and inflow and
//! endings. Each is one grouped query.

use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use super::Filter;
use super::dialect::{Dialect, codes, region};
use crate::db::DbConn;
use crate::domain::placement::WorkType;

/// The organisation in `column` works in the filter's region (`organisation_regions`).
fn works_in_region(f: &Filter, column: &str) -> String {
    f.region.as_ref().map_or_else(
        || "1 = 1".to_owned(),
        |r| {
            format!(
                "EXISTS (SELECT 1 FROM organisation_regions r \
                 WHERE r.organisation_id = {column} AND r.region_code = {})",
                region(r)
            )
        },
    )
}

fn paid_codes() -> String {
    codes(WorkType::paid().iter().map(|w| w.as_str()))
}

/// The placements whose `days`-th day after the start falls in the period, as a range of
/// start dates: the index on the region and start finds them, and the planner can count
/// them, which it cannot for a condition on `start_date + days`.
fn day_in_period(d: Dialect, f: &Filter, days: u32) -> String {
    let back = |date: NaiveDate| {
        d.date(
            date.checked_sub_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MIN),
        )
    };
    format!(
        "p.start_date >= {} AND p.start_date <= {}",
        back(f.from),
        back(f.to)
    )
}

/// Placements started in the period with the same work type, trajectory type and hours
/// band (K2, K6, K13).
#[derive(Clone, Debug, QueryableByName)]
pub struct StartedGroup {
    /// The client's region.
    #[diesel(sql_type = Text)]
    pub region: String,
    /// Work type.
    #[diesel(sql_type = Text)]
    pub work_type: String,
    /// Trajectory type.
    #[diesel(sql_type = Text)]
    pub trajectory_type: String,
    /// Contracted hours a week: 0 under 8, 1 under 12, 2 under 20, 3 under 32, 4 from 32.
    #[diesel(sql_type = Integer)]
    pub hours_band: i32,
    /// 1 when under the durability rule's minimum hours.
    #[diesel(sql_type = Integer)]
    pub below_min_hours: i32,
    /// How many placements.
    #[diesel(sql_type = BigInt)]
    pub placements: i64,
}

/// Placements started in the period (K2, K6, K13).
pub fn started(
    conn: &mut DbConn,
    f: &Filter,
    min_hours: Option<f64>,
) -> QueryResult<Vec<StartedGroup>> {
    let d = Dialect::of(conn);
    let below = min_hours.map_or_else(
        || "0".to_owned(),
        |h| format!("CASE WHEN p.hours < {h} THEN 1 ELSE 0 END"),
    );
    let band = "CASE WHEN p.hours < 8 THEN 0 WHEN p.hours < 12 THEN 1 WHEN p.hours < 20 \
                THEN 2 WHEN p.hours < 32 THEN 3 ELSE 4 END";
    let sql = format!(
        "SELECT p.client_region AS region, p.work_type, p.trajectory_type, {band} AS hours_band, {below} AS below_min_hours,
                COUNT(*) AS placements
           FROM kpi_placements p
          WHERE {region} AND {organisation} AND p.start_date >= {from} AND p.start_date <= {to}
          GROUP BY 1, 2, 3, 4, 5",
        region = f.region_on("p.client_region"),
        organisation = f.organisation_on("p.lead_organisation_id"),
        from = d.date(f.from),
        to = d.date(f.to),
    );
    diesel::sql_query(sql).load(conn)
}

/// Trajectories started in the period with the same number of days to the event (`None`:
/// not reached yet) and whether more than 30 days have passed since their start.
#[derive(Clone, Debug, QueryableByName)]
pub struct WaitGroup {
    /// Days from the trajectory's start to the event.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub days: Option<i64>,
    /// 1 when the trajectory started more than 30 days before the last day counted.
    #[diesel(sql_type = Integer)]
    pub past_30_days: i32,
    /// How many trajectories.
    #[diesel(sql_type = BigInt)]
    pub trajectories: i64,
}

/// A `WaitGroup` of K3 or K4.
#[derive(QueryableByName)]
struct WaitRow {
    /// 3 or 4.
    #[diesel(sql_type = Integer)]
    kpi: i32,
    #[diesel(embed)]
    group: WaitGroup,
}

/// The waits of the trajectories started in the period.
#[derive(Clone, Debug, Default)]
pub struct Waits {
    /// K3: until the first face-to-face employer contact about the client. An erased
    /// client's employer contacts are not kept, so erased trajectories are left out
    /// (`erased_excluded` counts them).
    pub contact: Vec<WaitGroup>,
    /// K4: until the first paid placement.
    pub placement: Vec<WaitGroup>,
}

/// The waiting times of trajectories started in the period (K3, K4), in one pass over the
/// cohort: the first event is looked up per trajectory (an index probe each), rather than
/// aggregated over every contact or placement and joined.
pub fn waits(conn: &mut DbConn, f: &Filter) -> QueryResult<Waits> {
    let d = Dialect::of(conn);
    let to = d.date(f.to);
    let first_placement = |table: &str| {
        format!(
            "(SELECT MIN(p.start_date) FROM {table} p
               WHERE p.trajectory_id = c.trajectory_id AND p.work_type IN ({paid})
                 AND p.start_date <= {to})",
            paid = paid_codes()
        )
    };
    // No event yet: a difference with NULL is NULL.
    let grouped = |kpi: u8, first_on: &str, only: &str| {
        format!(
            "SELECT {kpi} AS kpi, days, past_30_days, COUNT(*) AS trajectories
               FROM (SELECT {wait} AS days, past_30_days FROM firsts{only}) w
              GROUP BY days, past_30_days",
            wait = cast_big(d, &d.days("started_on", first_on)),
        )
    };
    let sql = format!(
        "WITH firsts AS MATERIALIZED (
           SELECT c.started_on, c.erased,
                  CASE WHEN {elapsed} > 30 THEN 1 ELSE 0 END AS past_30_days,
                  CASE WHEN c.erased = 0 THEN
                    (SELECT MIN(e.contact_date) FROM employer_contacts e
                      WHERE e.trajectory_id = c.trajectory_id AND e.form = 'FACE_TO_FACE'
                        AND e.client_specific AND e.contact_date <= {to})
                  END AS contact_on,
                  -- An erased trajectory's placements are among the tombstones.
                  CASE WHEN c.erased = 0 THEN {live} ELSE {erased} END AS placement_on
             FROM kpi_trajectories c
            WHERE {region} AND {organisation} AND c.started_on >= {from} AND c.started_on <= {to}
         )
         {k3}
         UNION ALL
         {k4}",
        elapsed = d.days("c.started_on", &to),
        live = first_placement("placements"),
        erased = first_placement("tombstone_placements"),
        region = f.region_on("c.client_region"),
        organisation = f.organisation_on("c.lead_organisation_id"),
        from = d.date(f.from),
        k3 = grouped(3, "contact_on", " WHERE erased = 0"),
        k4 = grouped(4, "placement_on", ""),
    );
    let rows: Vec<WaitRow> = diesel::sql_query(sql).load(conn)?;
    let mut waits = Waits::default();
    for row in rows {
        match row.kpi {
            3 => waits.contact.push(row.group),
            _ => waits.placement.push(row.group),
        }
    }
    Ok(waits)
}

/// The erased clients' trajectories started in the period, which K3 cannot include.
pub fn erased_started(conn: &mut DbConn, f: &Filter) -> QueryResult<i64> {
    let d = Dialect::of(conn);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM kpi_trajectories t
          WHERE {region} AND {organisation} AND t.erased = 1
            AND t.started_on >= {from} AND t.started_on <= {to}",
        region = f.region_on("t.client_region"),
        organisation = f.organisation_on("t.lead_organisation_id"),
        from = d.date(f.from),
        to = d.date(f.to),
    );
    single(conn, &sql)
}

fn cast_big(d: Dialect, expression: &str) -> String {
    match d {
        Dialect::Postgres => format!("CAST({expression} AS BIGINT)"),
        Dialect::Sqlite => expression.to_owned(),
    }
}

/// K5 for one horizon: paid placements whose `horizon`-th day fell in the period, and how
/// many of them were still running on it.
#[derive(Clone, Debug, QueryableByName)]
pub struct RetentionGroup {
    /// Days after the start.
    #[diesel(sql_type = Integer)]
    pub horizon: i32,
    /// Placements that reached the horizon in the period.
    #[diesel(sql_type = BigInt)]
    pub eligible: i64,
    /// Of those, still running on that day.
    #[diesel(sql_type = BigInt)]
    pub retained: i64,
}

/// Job retention (K5): a placement is counted at a horizon only once it is that old, so a
/// placement not yet 3, 6 or 12 months old is left out (censored) rather than counted as
/// lost.
pub fn retention(
    conn: &mut DbConn,
    f: &Filter,
    horizons: &[u32],
) -> QueryResult<Vec<RetentionGroup>> {
    let d = Dialect::of(conn);
    let sql = horizons
        .iter()
        .map(|h| {
            format!(
                "SELECT {h} AS horizon, COUNT(*) AS eligible,
                        COUNT(CASE WHEN p.end_date IS NULL OR p.end_date >= {mark} THEN 1 END)
                          AS retained
                   FROM kpi_placements p
                  WHERE {region} AND {organisation} AND p.work_type IN ({paid}) AND {reached}",
                mark = d.plus_days("p.start_date", &h.to_string()),
                region = f.region_on("p.client_region"),
                organisation = f.organisation_on("p.lead_organisation_id"),
                paid = paid_codes(),
                reached = day_in_period(d, f, *h),
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    diesel::sql_query(sql).load(conn)
}

/// K7: how many employment specialists carry the same number of active IPS trajectories.
#[derive(Clone, Debug, QueryableByName)]
pub struct CaseloadGroup {
    /// Active IPS and IPS_CMD trajectories the specialist leads.
    #[diesel(sql_type = BigInt)]
    pub caseload: i64,
    /// How many specialists.
    #[diesel(sql_type = BigInt)]
    pub specialists: i64,
}

const ACTIVE_IPS: &str = "t.type IN ('IPS', 'IPS_CMD') \
                          AND t.status NOT IN ('CLOSED', 'ENDED_EARLY', 'PAUSED')";

/// The caseload now (K7) of the employment specialists who lead an active IPS trajectory
/// of a client in the region; their whole caseload counts, wherever the other clients
/// live. A paused trajectory is not active.
pub fn caseload(conn: &mut DbConn, f: &Filter) -> QueryResult<Vec<CaseloadGroup>> {
    let sql = format!(
        "WITH specialists AS (
           SELECT DISTINCT t.lead_user_id FROM trajectories t
             JOIN users u ON u.id = t.lead_user_id
            WHERE {region} AND {organisation} AND {ACTIVE_IPS}
              AND u.role = 'EMPLOYMENT_SPECIALIST'
         ),
         loads AS (
           SELECT t.lead_user_id, COUNT(*) AS caseload FROM trajectories t
            WHERE t.lead_user_id IN (SELECT lead_user_id FROM specialists) AND {ACTIVE_IPS}
            GROUP BY t.lead_user_id
         )
         SELECT caseload, COUNT(*) AS specialists FROM loads GROUP BY caseload",
        region = f.region_on("t.client_region"),
        organisation = f.organisation_on("t.lead_organisation_id"),
    );
    diesel::sql_query(sql).load(conn)
}

/// K8: face-to-face employer contacts in the period by the employment specialists of the
/// organisations that work in the region, and how many active specialists those have.
#[derive(Clone, Copy, Debug, Default)]
pub struct ContactRate {
    /// Face-to-face contacts.
    pub contacts: i64,
    /// Active employment-specialist accounts.
    pub specialists: i64,
}

/// Employer contacts per specialist (K8).
pub fn contact_rate(conn: &mut DbConn, f: &Filter) -> QueryResult<ContactRate> {
    let d = Dialect::of(conn);
    let works_here = works_in_region(f, "u.organisation_id");
    let organisation = f.organisation_on("u.organisation_id");
    let contacts = single(
        conn,
        &format!(
            "SELECT COUNT(*) AS n FROM employer_contacts e JOIN users u ON u.id = e.user_id
              WHERE u.role = 'EMPLOYMENT_SPECIALIST' AND e.form = 'FACE_TO_FACE'
                AND e.contact_date >= {from} AND e.contact_date <= {to}
                AND {works_here} AND {organisation}",
            from = d.date(f.from),
            to = d.date(f.to),
        ),
    )?;
    let specialists = single(
        conn,
        &format!(
            "SELECT COUNT(*) AS n FROM users u
              WHERE u.role = 'EMPLOYMENT_SPECIALIST' AND u.active AND {works_here} AND {organisation}"
        ),
    )?;
    Ok(ContactRate {
        contacts,
        specialists,
    })
}

/// K9: clients whose first paid placement in the cohort began while they had a benefit,
/// and how many of them saw that benefit end within 183 days.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outflow {
    /// Clients with a paid placement whose 183rd day fell in the period and a benefit
    /// running when it started.
    pub clients: i64,
    /// Of those, a benefit that ended within the 183 days.
    pub ended: i64,
}

/// The days within which K9 looks for a benefit's end.
const OUTFLOW_DAYS: u32 = 183;

/// Benefit outflow (K9). Benefits are not kept for erased clients, who are left out.
pub fn outflow(conn: &mut DbConn, f: &Filter) -> QueryResult<Outflow> {
    let d = Dialect::of(conn);
    let mark = d.plus_days("p.start_date", &OUTFLOW_DAYS.to_string());
    let running = "b.client_id = p.client_id AND b.benefit_type NOT IN ('NONE', 'UNKNOWN') \
                   AND b.start_date <= p.start_date";
    let cohort = format!(
        "FROM kpi_placements p
          WHERE {region} AND {organisation} AND p.erased = 0 AND p.work_type IN ({paid})
            AND {reached}
            AND EXISTS (SELECT 1 FROM benefits b WHERE {running}
                          AND (b.end_date IS NULL OR b.end_date >= p.start_date))",
        region = f.region_on("p.client_region"),
        organisation = f.organisation_on("p.lead_organisation_id"),
        paid = paid_codes(),
        reached = day_in_period(d, f, OUTFLOW_DAYS),
    );
    let clients = single(
        conn,
        &format!("SELECT COUNT(DISTINCT p.client_id) AS n {cohort}"),
    )?;
    let ended = single(
        conn,
        &format!(
            "SELECT COUNT(DISTINCT p.client_id) AS n {cohort}
               AND EXISTS (SELECT 1 FROM benefits b WHERE {running}
                             AND b.end_date >= p.start_date AND b.end_date <= {mark})"
        ),
    )?;
    Ok(Outflow { clients, ended })
}

/// K10: trajectories registered in the period, by type.
#[derive(Clone, Debug, QueryableByName)]
pub struct CodeCount {
    /// The code grouped by.
    #[diesel(sql_type = Text)]
    pub code: String,
    /// How many.
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// Registrations in the period by trajectory type (K10 inflow).
pub fn registrations(conn: &mut DbConn, f: &Filter) -> QueryResult<Vec<CodeCount>> {
    let d = Dialect::of(conn);
    let sql = format!(
        "SELECT t.trajectory_type AS code, COUNT(*) AS n FROM kpi_trajectories t
          WHERE {region} AND {organisation}
            AND t.registration_date >= {from} AND t.registration_date <= {to}
          GROUP BY t.trajectory_type",
        region = f.region_on("t.client_region"),
        organisation = f.organisation_on("t.lead_organisation_id"),
        from = d.date(f.from),
        to = d.date(f.to),
    );
    diesel::sql_query(sql).load(conn)
}

/// Trajectories that ended early in the period, by end reason (K10 dropout).
pub fn early_endings(conn: &mut DbConn, f: &Filter) -> QueryResult<Vec<CodeCount>> {
    let d = Dialect::of(conn);
    let sql = format!(
        "SELECT COALESCE(t.end_reason, 'OTHER') AS code, COUNT(*) AS n FROM kpi_trajectories t
          WHERE {region} AND {organisation} AND t.status = 'ENDED_EARLY'
            AND t.end_date >= {from} AND t.end_date <= {to}
          GROUP BY COALESCE(t.end_reason, 'OTHER')",
        region = f.region_on("t.client_region"),
        organisation = f.organisation_on("t.lead_organisation_id"),
        from = d.date(f.from),
        to = d.date(f.to),
    );
    diesel::sql_query(sql).load(conn)
}

/// K12: the latest fidelity review, up to the last day counted, of each organisation that
/// works in the region (or of the caller's own), counted per band.
pub fn fidelity_bands(conn: &mut DbConn, f: &Filter) -> QueryResult<Vec<CodeCount>> {
    let d = Dialect::of(conn);
    let works_here = works_in_region(f, "f.organisation_id");
    let sql = format!(
        "WITH latest AS (
           SELECT f.band, ROW_NUMBER() OVER (PARTITION BY f.organisation_id
                                             ORDER BY f.review_date DESC, f.id DESC) AS nth
             FROM fidelity_reviews f
            WHERE f.review_date <= {to} AND {works_here} AND {organisation}
         )
         SELECT band AS code, COUNT(*) AS n FROM latest WHERE nth = 1 GROUP BY band",
        to = d.date(f.to),
        organisation = f.organisation_on("f.organisation_id"),
    );
    diesel::sql_query(sql).load(conn)
}

#[derive(QueryableByName)]
struct Single {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn single(conn: &mut DbConn, sql: &str) -> QueryResult<i64> {
    diesel::sql_query(sql)
        .get_result::<Single>(conn)
        .map(|s| s.n)
}
