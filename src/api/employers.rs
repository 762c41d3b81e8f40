//! `/v1/employers`: the shared employer register (werkgevers). Employers are organisations,
//! not people; which client works where is client data, kept in the placements.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{
    BadRequest, Conflict, Forbidden, InternalError, NotAcceptable, NotFound, PayloadTooLarge,
    PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, changed_response, created_response, if_match,
    patch_member, path_id, single,
};
use crate::auth::Caller;
use crate::domain::employers::{Employer as DomainEmployer, EmployerChanges, NewEmployer};
use crate::domain::{EmployerId, RegionCode};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// An employer (werkgever) in the shared register.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Employer {
    /// Id.
    pub id: uuid::Uuid,
    /// Name.
    pub name: String,
    /// Chamber of Commerce number (KvK-nummer).
    pub kvk_number: Option<String>,
    /// Sector (branche), in words.
    pub sector: Option<String>,
    /// Labour-market region where it employs.
    #[schema(value_type = Option<RegionCode>)]
    pub region_code: Option<String>,
    /// The organisation that added it.
    pub created_by_organisation_id: uuid::Uuid,
    /// When it was added (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<DomainEmployer> for Employer {
    fn from(e: DomainEmployer) -> Self {
        Self {
            id: e.id.uuid(),
            name: e.name,
            kvk_number: e.kvk_number,
            sector: e.sector,
            region_code: e.region_code,
            created_by_organisation_id: e.origin_organisation_id.uuid(),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// A page of employers.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmployerPage {
    /// Employers in the order they were added.
    pub items: Vec<Employer>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// An employer to add.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateEmployerRequest {
    /// Name, 1 to 200 characters.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S", example = "Bakkerij De Korenschoof")]
    pub name: Option<String>,
    /// KvK-nummer, 8 digits; unique in the register.
    #[schema(pattern = "^[0-9]{8}$", example = "12345678")]
    pub kvk_number: Option<String>,
    /// Sector, in words (at most 100 characters).
    #[schema(max_length = 100, example = "horeca")]
    pub sector: Option<String>,
    /// Labour-market region where it employs.
    #[schema(value_type = Option<RegionCode>)]
    pub region_code: Option<String>,
}

fn kvk(invalid: &mut Invalid, raw: &str) -> Option<String> {
    let raw = raw.trim().to_owned();
    if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
        Some(raw)
    } else {
        invalid.push("kvkNumber", "invalid_format", "Must be exactly 8 digits.");
        None
    }
}

fn region(invalid: &mut Invalid, raw: &str) -> Option<RegionCode> {
    RegionCode::parse(raw.trim())
        .map_err(|reason| invalid.push("regionCode", "invalid_format", reason))
        .ok()
}

impl TryFrom<CreateEmployerRequest> for NewEmployer {
    type Error = AppError;

    fn try_from(r: CreateEmployerRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let name = invalid.text("name", r.name, 200);
        let kvk_number = r.kvk_number.and_then(|k| kvk(&mut invalid, &k));
        let sector = invalid.optional_text("sector", r.sector, 100);
        let region_code = r.region_code.and_then(|c| region(&mut invalid, &c));
        invalid.finish(|| {
            Some(Self {
                name: name?,
                kvk_number,
                sector,
                region_code,
            })
        })
    }
}

/// A correction to an employer, as JSON Merge Patch.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateEmployerRequest {
    /// New name.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: Option<Option<String>>,
    /// New KvK-nummer; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, pattern = "^[0-9]{8}$")]
    pub kvk_number: Option<Option<String>>,
    /// New sector; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub sector: Option<Option<String>>,
    /// New region; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<RegionCode>)]
    pub region_code: Option<Option<String>>,
}

impl TryFrom<UpdateEmployerRequest> for EmployerChanges {
    type Error = AppError;

    fn try_from(r: UpdateEmployerRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let name = invalid
            .kept("name", r.name, "")
            .and_then(|v| invalid.text("name", Some(v), 200));
        let kvk_number = invalid.removable(r.kvk_number, |i, v| kvk(i, &v));
        let sector = invalid.removable(r.sector, |i, v| i.optional_text("sector", Some(v), 100));
        let region_code = invalid.removable(r.region_code, |i, v| region(i, &v));
        invalid.finish(|| {
            Some(Self {
                name,
                kvk_number,
                sector,
                region_code,
            })
        })
    }
}

/// Filters of the employer list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct EmployerFilter {
    /// Only employers in this labour-market region.
    #[param(value_type = Option<RegionCode>)]
    pub region_code: Option<String>,
}

/// Add an employer
///
/// Roles: EMPLOYMENT_SPECIALIST, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER,
/// WSP_ACCOUNT_MANAGER. Data: the employer register (organisations, no client data). A KvK
/// number already in the register is 409. Audit: none (no client data).
#[utoipa::path(
    tag = "Employers",
    security(("bearer" = [])),
    request_body = CreateEmployerRequest,
    responses(
        (status = 201, description = "Added.", body = Employer, headers(
            ("Location" = String, description = "URL of the new employer."),
            ("ETag" = String, description = "Version of the employer."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/employers")]
pub async fn create_employer(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateEmployerRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewEmployer::try_from(body.0)?;
    let employer = service::audited(&state.pool, &caller, move |conn, caller| {
        service::employers::create(conn, caller, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/employers/{}", employer.id),
        employer.version,
        &Employer::from(employer),
    ))
}

/// List employers
///
/// In the order they were added, paginated. Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER,
/// UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER, WSP_ACCOUNT_MANAGER, JOB_COACH. Data: the
/// employer register (no client data). Audit: none.
#[utoipa::path(
    tag = "Employers",
    security(("bearer" = [])),
    params(EmployerFilter, PageQuery),
    responses(
        (status = 200, description = "A page of employers.", body = EmployerPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/employers")]
pub async fn list_employers(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<EmployerFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut invalid = Invalid::default();
    let raw = filter.into_inner().region_code;
    let parsed = raw.as_deref().and_then(|r| region(&mut invalid, r));
    let listing = Listing::new(
        "employers",
        raw.map(|r| ("regionCode", r)).into_iter().collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::employers::list(conn, caller, parsed.as_ref(), request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            EmployerPage {
                items: items.into_iter().map(Employer::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read an employer
///
/// Roles: as listing employers. Data: the employer register. Audit: none.
#[utoipa::path(
    tag = "Employers",
    security(("bearer" = [])),
    params(
        ("employerId" = uuid::Uuid, Path, description = "Employer id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The employer.", body = Employer, headers(
            ("ETag" = String, description = "Version; send it as If-Match to correct it."),
        )),
        (status = 304, description = "The version named in If-None-Match is still current.", headers(
            ("ETag" = String, description = "The current version."),
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
#[get("/employers/{employerId}")]
pub async fn get_employer(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: EmployerId = path_id("employerId", &path)?;
    let employer = service::audited(&state.pool, &caller, move |conn, caller| {
        service::employers::get(conn, caller, id)
    })
    .await?;
    Ok(single(&req, employer.version, &Employer::from(employer)))
}

/// Correct an employer
///
/// JSON Merge Patch; needs `If-Match`. Roles: as adding employers. Data: the employer
/// register. Audit: none.
#[utoipa::path(
    tag = "Employers",
    security(("bearer" = [])),
    params(
        ("employerId" = uuid::Uuid, Path, description = "Employer id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateEmployerRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The corrected employer.", body = Employer, headers(
            ("ETag" = String, description = "New version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 428, response = PreconditionRequired),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[patch("/employers/{employerId}")]
pub async fn update_employer(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateEmployerRequest>,
) -> Result<HttpResponse, AppError> {
    let id: EmployerId = path_id("employerId", &path)?;
    let changes = EmployerChanges::try_from(body.0)?;
    let version = if_match(&req);
    let employer = service::audited(&state.pool, &caller, move |conn, caller| {
        service::employers::update(conn, caller, id, version, &changes)
    })
    .await?;
    Ok(changed_response(
        employer.version,
        &Employer::from(employer),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_employer)
        .service(list_employers)
        .service(get_employer)
        .service(update_employer);
}
