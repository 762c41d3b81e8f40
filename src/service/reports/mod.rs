//! Outcome reports (domain.md §11): one region-year against its target, and every region
//! against its target. The policy decides whose records a report covers; the facts are
//! aggregated in SQL (`db::kpis`) inside the request's transaction, and the counts pass
//! small-cell suppression before they leave (`domain::kpi`).

mod national;
mod region;

use chrono::{Datelike, NaiveDate};

use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::{self, DbConn};
use crate::domain::RegionCode;
use crate::domain::kpi::ReportingRules;
use crate::domain::kpi::report::{Coverage, Frame, NationalReport, RegionReport};
use crate::error::AppError;

/// A database count as an unsigned one (a count is never negative).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Why a year is refused, for the API's problem too.
pub const YEAR_OUT_OF_RANGE: &str = "Must be a year from 2000 up to the current one.";

/// The calendar year asked for, checked against today: a year that has not begun has no
/// figures, and werkpad holds none from before 2000.
pub fn check_year(year: i32, today: NaiveDate) -> Result<(), AppError> {
    if (2000..=today.year()).contains(&year) {
        Ok(())
    } else {
        Err(AppError::invalid("year", "out_of_range", YEAR_OUT_OF_RANGE))
    }
}

fn frame(
    conn: &mut DbConn,
    rules: &ReportingRules,
    coverage: Coverage,
    year: i32,
    today: NaiveDate,
) -> Result<Frame, AppError> {
    check_year(year, today)?;
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::NotFound)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::NotFound)?;
    let version = db::regions::list_version(conn)?
        .map_or_else(|| "none".to_owned(), |d| format!("CBS-AMR-{d}"));
    Ok(Frame {
        year,
        from,
        to,
        counted_until: to.min(today),
        coverage,
        rule: rules.durability.clone(),
        region_list_version: version,
        suppression_threshold: rules.suppression_threshold,
    })
}

/// One region-year. A region outside a regional coordinator's reach is 404, exactly like a
/// code that is not in the list.
pub fn region_report(
    conn: &mut DbConn,
    caller: &Caller,
    rules: &ReportingRules,
    region: &RegionCode,
    year: i32,
    today: NaiveDate,
) -> Result<RegionReport, AppError> {
    let works_in = db::organisations::works_in(conn, caller.organisation_id, region)?;
    let coverage = authz::report_coverage(caller, Action::ReadOutcomeReport, works_in)?;
    let name = db::regions::name(conn, region)?.ok_or(AppError::NotFound)?;
    let frame = frame(conn, rules, coverage, year, today)?;
    region::assemble(conn, rules, frame, region, name, today)
}

/// Every region against its target.
pub fn national_report(
    conn: &mut DbConn,
    caller: &Caller,
    rules: &ReportingRules,
    year: i32,
    today: NaiveDate,
) -> Result<NationalReport, AppError> {
    let coverage = authz::report_coverage(caller, Action::ReadNationalOutcomeReport, false)?;
    let frame = frame(conn, rules, coverage, year, today)?;
    national::assemble(conn, rules, frame)
}
