//! K1: persons durably in work. The chains of paid placements are built per client with
//! window functions (a gaps-and-islands query): a placement starts a new chain when it
//! begins more than `max_gap_days` days after the latest end of the client's earlier
//! placements. A chain becomes durable on its `min_days`-th day if it still runs then; a
//! client counts once in a year, in the month of the first chain that became durable in it.
//! The person is attributed to the trajectory (type, lead organisation) of the chain's first
//! placement: the trajectory that got them into work.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use super::Filter;
use super::dialect::{Dialect, codes};
use crate::db::DbConn;
use crate::domain::kpi::DurabilityRule;

/// Durable persons with the same attribution, month and kind of work.
#[derive(Clone, Debug, QueryableByName, PartialEq, Eq)]
pub struct DurableGroup {
    /// The client's region.
    #[diesel(sql_type = Text)]
    pub region: String,
    /// Type of the trajectory of the chain's first placement.
    #[diesel(sql_type = Text)]
    pub trajectory_type: String,
    /// Kind of its lead organisation.
    #[diesel(sql_type = Text)]
    pub lead_kind: String,
    /// Month (1 to 12) of the durable date.
    #[diesel(sql_type = Integer)]
    pub month: i32,
    /// 1 when the chain includes sheltered work.
    #[diesel(sql_type = Integer)]
    pub sheltered: i32,
    /// 1 when it includes a job with wage-cost subsidy (and no sheltered work).
    #[diesel(sql_type = Integer)]
    pub subsidised: i32,
    /// How many persons.
    #[diesel(sql_type = BigInt)]
    pub persons: i64,
}

/// The durable persons of the period, grouped.
pub fn durable(
    conn: &mut DbConn,
    filter: &Filter,
    rule: &DurabilityRule,
) -> QueryResult<Vec<DurableGroup>> {
    let sql = durable_sql(Dialect::of(conn), filter, rule);
    diesel::sql_query(sql).load(conn)
}

fn durable_sql(d: Dialect, f: &Filter, rule: &DurabilityRule) -> String {
    let from = d.date(f.from);
    let to = d.date(f.to);
    let counted = codes(rule.counted_work_types.iter().map(|w| w.as_str()));
    let hours = rule
        .min_hours_per_week
        .map(|h| format!(" AND p.hours >= {h}"))
        .unwrap_or_default();
    let region = f.region_on("p.client_region");
    let organisation = f.organisation_on("first_organisation");
    // A break is more than `max_gap_days` days without work between the latest end so far
    // and the next start, i.e. a difference of more than `max_gap_days + 1`.
    let step = d.days("reach", "s");
    let max_step = i64::from(rule.max_gap_days) + 1;
    let durable_on = d.plus_days("chain_start", &(i64::from(rule.min_days) - 1).to_string());
    let month = d.month("durable_on");
    format!(
        "WITH paid AS (
           SELECT p.client_id, p.client_region, p.placement_id, p.start_date AS s,
                  COALESCE(p.end_date, {to}) AS e, p.work_type, p.wage_cost_subsidy,
                  p.trajectory_type, p.lead_kind, p.lead_organisation_id
             FROM kpi_placements p
            WHERE {region} AND p.work_type IN ({counted}) AND p.start_date <= {to}{hours}
         ),
         reaching AS (
           SELECT paid.*, MAX(e) OVER (PARTITION BY client_id ORDER BY s, placement_id
                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
             FROM paid
         ),
         opening AS (
           SELECT reaching.*,
                  CASE WHEN reach IS NULL OR {step} > {max_step} THEN 1 ELSE 0 END AS opens
             FROM reaching
         ),
         chained AS (
           SELECT opening.*, SUM(opens) OVER (PARTITION BY client_id ORDER BY s, placement_id
                                              ROWS UNBOUNDED PRECEDING) AS chain
             FROM opening
         ),
         chains AS (
           -- Each chain has exactly one placement that opens it: its first.
           SELECT client_id, client_region, chain, MIN(s) AS chain_start, MAX(e) AS chain_end,
                  MAX(CASE WHEN opens = 1 THEN trajectory_type END) AS first_type,
                  MAX(CASE WHEN opens = 1 THEN lead_kind END) AS first_kind,
                  MAX(CASE WHEN opens = 1 THEN CAST(lead_organisation_id AS TEXT) END)
                    AS first_organisation,
                  MAX(CASE WHEN work_type IN ('SHELTERED_WORK', 'SHELTERED_WSW') THEN 1 ELSE 0 END)
                    AS sheltered,
                  MAX(CASE WHEN work_type = 'REGULAR_WITH_WAGE_SUBSIDY' OR wage_cost_subsidy = 1
                      THEN 1 ELSE 0 END) AS subsidised
             FROM chained
            GROUP BY client_id, client_region, chain
         ),
         durable AS (
           SELECT chains.*, {durable_on} AS durable_on FROM chains
         ),
         firsts AS (
           SELECT durable.*, ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY durable_on)
                    AS nth
             FROM durable
            WHERE durable_on >= {from} AND durable_on <= {to} AND chain_end >= durable_on
         )
         SELECT client_region AS region, first_type AS trajectory_type, first_kind AS lead_kind,
                {month} AS month, sheltered,
                CASE WHEN sheltered = 1 THEN 0 ELSE subsidised END AS subsidised,
                COUNT(*) AS persons
           FROM firsts
          WHERE nth = 1 AND {organisation}
          GROUP BY 1, 2, 3, 4, 5, 6"
    )
}
