//! `/v1/clients/{clientId}/benefits`: the client's benefit situation (uitkeringssituatie),
//! as time-bounded records per benefit.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::problems::{
    BadRequest, Forbidden, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, changed_response, created_response, if_match,
    patch_member, path_id, single,
};
use crate::auth::Caller;
use crate::domain::benefits::{Benefit as Domain, BenefitType, Period};
use crate::domain::{BenefitId, ClientId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A benefit over a period (uitkering).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Benefit {
    /// Id.
    pub id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// Kind of benefit.
    pub benefit_type: BenefitType,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day; `null` while it runs.
    pub end_date: Option<NaiveDate>,
    /// Percentage (of the full benefit or of incapacity), if relevant.
    pub percentage: Option<i32>,
    /// The organisation that pays it (the recording organisation).
    pub source_organisation_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<Domain> for Benefit {
    fn from(b: Domain) -> Self {
        Self {
            id: b.id.uuid(),
            client_id: b.client_id.uuid(),
            benefit_type: b.benefit_type,
            start_date: b.start_date,
            end_date: b.end_date,
            percentage: b.percentage,
            source_organisation_id: b.source_organisation_id.uuid(),
            created_at: b.created_at,
            updated_at: b.updated_at,
        }
    }
}

/// A page of benefits.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BenefitPage {
    /// Benefits in the order they were recorded.
    pub items: Vec<Benefit>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A benefit to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateBenefitRequest {
    /// Kind of benefit: UWV records the employee insurances and Wajong, the municipality the
    /// Participatiewet benefits; both ANW and UNKNOWN.
    #[schema(required = true, value_type = BenefitType)]
    pub benefit_type: Option<String>,
    /// First day (from 1950 to a year ahead).
    #[schema(required = true, value_type = NaiveDate)]
    pub start_date: Option<String>,
    /// Last day, not before the first.
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<String>,
    /// Percentage, 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub percentage: Option<i32>,
}

fn percentage(invalid: &mut Invalid, value: i32) -> Option<i32> {
    if (0..=100).contains(&value) {
        Some(value)
    } else {
        invalid.push("percentage", "out_of_range", "Must be 0 to 100.");
        None
    }
}

/// A change to a benefit's period, as JSON Merge Patch. Its type does not change.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateBenefitRequest {
    /// Corrected first day.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = NaiveDate)]
    pub start_date: Option<Option<String>>,
    /// Last day; `null` while it runs.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<String>>,
    /// Percentage; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 100)]
    pub percentage: Option<Option<i32>>,
}

impl UpdateBenefitRequest {
    fn apply(self, current: &Period) -> Result<Period, AppError> {
        let mut invalid = Invalid::default();
        let mut period = *current;
        if let Some(start) = invalid
            .kept("startDate", self.start_date, "")
            .and_then(|v| invalid.date("startDate", Some(v)))
        {
            period.start_date = start;
        }
        if let Some(end) =
            invalid.removable(self.end_date, |i, v| i.optional_date("endDate", Some(v)))
        {
            period.end_date = end;
        }
        if let Some(share) = invalid.removable(self.percentage, percentage) {
            period.percentage = share;
        }
        invalid.finish(|| Some(period))
    }
}

fn ids(path: &(String, String)) -> Result<(ClientId, BenefitId), AppError> {
    Ok((
        path_id("clientId", &path.0)?,
        path_id("benefitId", &path.1)?,
    ))
}

/// Record a benefit
///
/// The recording organisation is the source. Roles: UWV_LABOUR_EXPERT (UWV benefits),
/// MUNICIPAL_CASE_MANAGER (Participatiewet, IOAW, IOAZ, Bbz, no benefit), both ANW and
/// UNKNOWN, as care-team members (otherwise 404); another agency's benefit type 403; other
/// roles 403. Data: BENEFITS. Consent: not checked (the caller's own record). Audit: CREATE.
#[utoipa::path(
    tag = "Benefits",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id.")),
    request_body = CreateBenefitRequest,
    responses(
        (status = 201, description = "Recorded.", body = Benefit, headers(
            ("Location" = String, description = "URL of the new benefit record."),
            ("ETag" = String, description = "Version of the record."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/clients/{clientId}/benefits")]
pub async fn create_benefit(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateBenefitRequest>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let r = body.0;
    let mut invalid = Invalid::default();
    let kind = invalid.code::<BenefitType>("benefitType", r.benefit_type);
    let start = invalid.date("startDate", r.start_date);
    let end_date = invalid.optional_date("endDate", r.end_date);
    let share = r.percentage.and_then(|p| percentage(&mut invalid, p));
    let (kind, period) = invalid.finish(|| {
        Some((
            kind?,
            Period {
                start_date: start?,
                end_date,
                percentage: share,
            },
        ))
    })?;
    let benefit = service::audited(&state.pool, &caller, move |conn, caller| {
        service::benefits::create(conn, caller, client, kind, &period)
    })
    .await?;
    Ok(created_response(
        format!("/v1/clients/{client}/benefits/{}", benefit.id),
        benefit.version,
        &Benefit::from(benefit),
    ))
}

/// List a client's benefits
///
/// Roles: EMPLOYMENT_SPECIALIST (all, for benefits counselling); UWV_LABOUR_EXPERT (UWV
/// benefits); MUNICIPAL_CASE_MANAGER (municipal benefits); care-team members only (otherwise
/// 404); other roles 403. Data: BENEFITS. Consent: outside GGZ, benefits a GGZ institution
/// recorded need consent (they record none). Audit: READ.
#[utoipa::path(
    tag = "Benefits",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id."), PageQuery),
    responses(
        (status = 200, description = "A page of benefits.", body = BenefitPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
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
#[get("/clients/{clientId}/benefits")]
pub async fn list_benefits(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let mut invalid = Invalid::default();
    let listing = Listing::new("benefits", Vec::new()).under(client);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::benefits::list(conn, caller, client, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            BenefitPage {
                items: items.into_iter().map(Benefit::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a benefit
///
/// Roles: as listing benefits; another agency's benefit is 404. Data: BENEFITS. Consent: as
/// listing. Audit: READ.
#[utoipa::path(
    tag = "Benefits",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("benefitId" = uuid::Uuid, Path, description = "Benefit id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The benefit.", body = Benefit, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change it."),
        )),
        (status = 304, description = "The version named in If-None-Match is still current.", headers(
            ("ETag" = String, description = "The current version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/clients/{clientId}/benefits/{benefitId}")]
pub async fn get_benefit(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = ids(&path)?;
    let benefit = service::audited(&state.pool, &caller, move |conn, caller| {
        service::benefits::get(conn, caller, client, id)
    })
    .await?;
    Ok(single(&req, benefit.version, &Benefit::from(benefit)))
}

/// Change a benefit's period
///
/// JSON Merge Patch; needs `If-Match`. Roles: as recording benefits. Data: BENEFITS.
/// Consent: as reading. Audit: UPDATE.
#[utoipa::path(
    tag = "Benefits",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("benefitId" = uuid::Uuid, Path, description = "Benefit id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateBenefitRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed benefit.", body = Benefit, headers(
            ("ETag" = String, description = "New version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 428, response = PreconditionRequired),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[patch("/clients/{clientId}/benefits/{benefitId}")]
pub async fn update_benefit(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<UpdateBenefitRequest>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = ids(&path)?;
    let changes = body.0;
    let version = if_match(&req);
    let benefit = service::audited(&state.pool, &caller, move |conn, caller| {
        service::benefits::update(conn, caller, client, id, version, |p| changes.apply(p))
    })
    .await?;
    Ok(changed_response(benefit.version, &Benefit::from(benefit)))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_benefit)
        .service(list_benefits)
        .service(get_benefit)
        .service(update_benefit);
}
