//! `/v1/labour-market-regions`: the arbeidsmarktregio's, as versioned reference data.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{BadRequest, InternalError, NotAcceptable, ServiceUnavailable, Unauthorized};
use super::{Invalid, Listing, PageQuery};
use crate::auth::Caller;
use crate::db::regions::Region;
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A labour-market region (arbeidsmarktregio), as CBS codes it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabourMarketRegion {
    /// CBS code, `AM` and two digits (not consecutive: AM04, AM16 and AM31 do not exist).
    #[schema(example = "AM22")]
    pub code: String,
    /// Name.
    #[schema(example = "Rijnmond")]
    pub name: String,
    /// First day the region exists in this form.
    pub valid_from_date: chrono::NaiveDate,
    /// Last day it exists, when it has been redrawn; `null` while current.
    pub valid_to_date: Option<chrono::NaiveDate>,
}

impl From<Region> for LabourMarketRegion {
    fn from(r: Region) -> Self {
        Self {
            code: r.code,
            name: r.name,
            valid_from_date: r.valid_from,
            valid_to_date: r.valid_to,
        }
    }
}

/// A page of regions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabourMarketRegionPage {
    /// Regions in code order.
    pub items: Vec<LabourMarketRegion>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the region list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct RegionFilter {
    /// Only regions that exist on this day (peildatum).
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub reference_date: Option<String>,
}

/// List labour-market regions
///
/// The 35 arbeidsmarktregio's in code order, paginated. Roles: every signed-in account.
/// Data: reference data (no personal data). Audit: none.
#[utoipa::path(
    tag = "Reference data",
    security(("bearer" = [])),
    params(RegionFilter, PageQuery),
    responses(
        (status = 200, description = "A page of regions.", body = LabourMarketRegionPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/labour-market-regions")]
pub async fn list_labour_market_regions(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<RegionFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut invalid = Invalid::default();
    let raw = filter.into_inner().reference_date;
    let on = raw.as_deref().and_then(|r| {
        r.parse::<chrono::NaiveDate>()
            .map_err(|_| {
                invalid.push(
                    "referenceDate",
                    "invalid_format",
                    "Must be a date such as 2026-01-31.",
                );
            })
            .ok()
    });
    let listing = Listing::new(
        "labour-market-regions",
        raw.map(|d| ("referenceDate", d)).into_iter().collect(),
    );
    let request = listing.page::<String>(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let limit = request.limit;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::reference::regions(conn, caller, on, &request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, limit, next, |next_cursor| {
            LabourMarketRegionPage {
                items: items.into_iter().map(LabourMarketRegion::from).collect(),
                next_cursor,
            }
        }),
    )
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_labour_market_regions);
}
