//! `/v1/municipalities`: municipalities (gemeenten) with their labour-market region, per
//! validity period, as the operator imported them from CBS.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{BadRequest, InternalError, NotAcceptable, ServiceUnavailable, Unauthorized};
use super::{Invalid, Listing, PageQuery};
use crate::auth::Caller;
use crate::db::municipalities::Municipality as Row;
use crate::domain::RegionCode;
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A municipality (gemeente) in one validity period.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Municipality {
    /// CBS municipality code (gemeentecode).
    #[schema(example = "GM0599")]
    pub code: String,
    /// Name.
    #[schema(example = "Rotterdam")]
    pub name: String,
    /// Its labour-market region (arbeidsmarktregio) in this period.
    #[schema(value_type = RegionCode)]
    pub region_code: String,
    /// First day of this period.
    pub valid_from_date: chrono::NaiveDate,
    /// Last day, when the municipality merged or changed region; `null` while current.
    pub valid_to_date: Option<chrono::NaiveDate>,
}

impl From<Row> for Municipality {
    fn from(m: Row) -> Self {
        Self {
            code: m.code,
            name: m.name,
            region_code: m.region_code,
            valid_from_date: m.valid_from,
            valid_to_date: m.valid_to,
        }
    }
}

/// A page of municipalities.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityPage {
    /// Municipalities in code order, then by period.
    pub items: Vec<Municipality>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the municipality list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityFilter {
    /// Only municipalities that exist on this day (peildatum).
    #[param(value_type = Option<chrono::NaiveDate>)]
    pub reference_date: Option<String>,
}

/// List municipalities
///
/// Municipalities with their labour-market region per validity period, as imported by the
/// operator (`werkpad municipalities import`); empty until then, and while empty a client's
/// region is given explicitly. Roles: every signed-in account. Data: reference data (no
/// personal data). Audit: none.
#[utoipa::path(
    tag = "Reference data",
    security(("bearer" = [])),
    params(MunicipalityFilter, PageQuery),
    responses(
        (status = 200, description = "A page of municipalities.", body = MunicipalityPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/municipalities")]
pub async fn list_municipalities(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<MunicipalityFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut invalid = Invalid::default();
    let raw = filter.into_inner().reference_date;
    let on = invalid.optional_date("referenceDate", raw.clone());
    let listing = Listing::new(
        "municipalities",
        raw.map(|d| ("referenceDate", d)).into_iter().collect(),
    );
    let request = listing.page::<String>(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let limit = request.limit;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::reference::municipalities(conn, caller, on, &request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, limit, next, |c| {
            MunicipalityPage {
                items: items.into_iter().map(Municipality::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_municipalities);
}
