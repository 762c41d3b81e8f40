//! The two report operations. The handlers parse and negotiate; the use cases decide whose
//! records are covered and what is withheld.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::chart::{Chart, svg};
use super::dto::{NationalOutcomeReport, RegionOutcomeReport};
use super::format::{self, Format};
use crate::api::Invalid;
use crate::api::problems::{
    BadRequest, Forbidden, InternalError, NotAcceptable, NotFound, ServiceUnavailable, Unauthorized,
};
use crate::auth::Caller;
use crate::domain::RegionCode;
use crate::domain::calendar::today;
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// Which region-year.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct RegionYear {
    /// Labour-market region code.
    #[param(required = true, value_type = String, pattern = "^AM[0-9]{2}$", example = "AM05")]
    pub region: Option<String>,
    /// Calendar year, from 2000 up to the current one; the current year counts up to today.
    #[param(required = true, value_type = i32, minimum = 2000, maximum = 2100, example = 2026)]
    pub year: Option<String>,
}

/// Which year.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct Year {
    /// Calendar year, from 2000 up to the current one.
    #[param(required = true, value_type = i32, minimum = 2000, maximum = 2100, example = 2026)]
    pub year: Option<String>,
}

fn year(invalid: &mut Invalid, raw: Option<String>) -> Option<i32> {
    let raw = invalid.required("year", raw)?;
    let parsed = raw.trim().parse().ok();
    if parsed.is_none() {
        invalid.push("year", "invalid_format", "Must be a year such as 2026.");
    }
    parsed.and_then(|y| {
        service::reports::check_year(y, today())
            .map_err(|_| {
                invalid.push("year", "out_of_range", service::reports::YEAR_OUT_OF_RANGE);
            })
            .ok()
            .map(|()| y)
    })
}

fn chosen(req: &HttpRequest, offered: &[Format]) -> Result<Format, AppError> {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    format::negotiate(accept, offered).ok_or(AppError::NotAcceptable)
}

fn respond(format: Format, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((header::VARY, "Accept"))
        .body(body)
}

/// Read a region-year outcome report
///
/// One labour-market region's year against its target of people durably into work (K1),
/// with K2–K10 and K13 (domain.md §11), broken down by trajectory type and by kind of lead
/// organisation. Every count from 1 to the suppression threshold minus one (default 5) is
/// withheld as `null` with `suppressed: true`, and further cells are withheld wherever a
/// withheld count could be derived back from totals or other cells of the same report
/// (complementary suppression); shares and medians are left out where they would reveal a
/// withheld count. The report states its period, the durability-rule version, the
/// region-list version, and the records it excluded.
///
/// Formats by `Accept`: `application/json` (default), `text/csv` (one line per figure), or
/// `image/svg+xml` (the year's cumulative durable placements per month against the target
/// line, for a dashboard).
///
/// Roles: PROGRAMME_COORDINATOR (any region); REGIONAL_COORDINATOR (the regions its
/// organisation works in; another region is 404, as an unknown code is);
/// EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER (the
/// trajectories their own organisation leads, coverage `ORGANISATION`). Data: aggregates
/// of trajectories, placements, employer contacts and benefits; never a client-level row.
/// Audit: READ (the categories aggregated, no clients).
#[utoipa::path(
    tag = "Outcome reports",
    security(("bearer" = [])),
    params(RegionYear),
    responses(
        (status = 200, description = "The report.", content(
            (RegionOutcomeReport = "application/json"),
            (String = "text/csv", example = "kpi,measure,breakdown,code,value,suppressed\r\nREPORT,region,,,AM05,false\r\n"),
            (String = "image/svg+xml"),
        ), headers(
            ("Vary" = String, description = "`Accept`: the representation depends on it."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/reports/outcomes")]
pub async fn get_outcome_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<RegionYear>,
) -> Result<HttpResponse, AppError> {
    let format = chosen(&req, &format::REGION)?;
    let RegionYear {
        region,
        year: raw_year,
    } = query.into_inner();
    let mut invalid = Invalid::default();
    let region = invalid.required("region", region).and_then(|r| {
        RegionCode::parse(r.trim())
            .map_err(|why| invalid.push("region", "invalid_format", why))
            .ok()
    });
    let year = year(&mut invalid, raw_year);
    let (region, year) = invalid.finish(|| Some((region?, year?)))?;
    let rules = state.rules.reporting.clone();
    let report = service::audited(&state.pool, &caller, move |conn, caller| {
        service::reports::region_report(conn, caller, &rules, &region, year, today())
    })
    .await?;
    let body = RegionOutcomeReport::from(&report);
    Ok(match format {
        Format::Json => HttpResponse::Ok()
            .insert_header((header::VARY, "Accept"))
            .json(&body),
        Format::Csv => respond(format, super::csv::region(&body)?),
        Format::Svg => respond(format, svg(&chart(&body))),
    })
}

fn chart(r: &RegionOutcomeReport) -> Chart {
    let f = &r.frame;
    Chart {
        title: format!(
            "Durably in work — {} {}, {}",
            r.region.code, r.region.name, f.year
        ),
        subtitle: format!(
            "Durability rule {} · region list {} · counted until {}{}",
            f.durability_rule.version,
            f.region_list_version,
            f.period.counted_until_date,
            if f.coverage.scope == "REGION" {
                String::new()
            } else {
                " · own organisation's trajectories".to_owned()
            }
        ),
        cumulative: r
            .durably_in_work
            .by_month
            .iter()
            .map(|m| m.cumulative.value)
            .collect(),
        target: u64::from(r.target),
    }
}

/// Read the national outcome report
///
/// Every labour-market region's persons durably in work (K1) and placements started (K2)
/// in the year, against its target, with the national sums. Small counts are withheld as
/// in the region report; a withheld region is covered by at least one more withheld cell
/// of the same column (complementary suppression), so no region follows from the
/// national total. Formats by `Accept`: `application/json` (default) or `text/csv`.
///
/// Roles: PROGRAMME_COORDINATOR. Data: aggregates of trajectories and placements; never a
/// client-level row. Audit: READ (the categories aggregated, no clients).
#[utoipa::path(
    tag = "Outcome reports",
    security(("bearer" = [])),
    params(Year),
    responses(
        (status = 200, description = "The report.", content(
            (NationalOutcomeReport = "application/json"),
            (String = "text/csv", example = "kpi,measure,breakdown,code,value,suppressed\r\nREPORT,year,,,2026,false\r\n"),
        ), headers(
            ("Vary" = String, description = "`Accept`: the representation depends on it."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/reports/outcomes/national")]
pub async fn get_national_outcome_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<Year>,
) -> Result<HttpResponse, AppError> {
    let format = chosen(&req, &format::NATIONAL)?;
    let mut invalid = Invalid::default();
    let year = year(&mut invalid, query.into_inner().year);
    let year = invalid.finish(|| year)?;
    let rules = state.rules.reporting.clone();
    let report = service::audited(&state.pool, &caller, move |conn, caller| {
        service::reports::national_report(conn, caller, &rules, year, today())
    })
    .await?;
    let body = NationalOutcomeReport::from(&report);
    Ok(match format {
        Format::Csv => respond(format, super::csv::national(&body)?),
        Format::Json | Format::Svg => HttpResponse::Ok()
            .insert_header((header::VARY, "Accept"))
            .json(&body),
    })
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_outcome_report)
        .service(get_national_outcome_report);
}
