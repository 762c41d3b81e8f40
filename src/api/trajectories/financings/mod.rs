//! `/v1/trajectories/{trajectoryId}/financings`: how a trajectory is paid for (financiering):
//! scheme, financier, the dates of the regulation's flow, duration and amount. Status changes
//! only through `…/transitions`.

mod requests;
pub mod transitions;

pub use requests::{CreateFinancingRequest, UpdateFinancingRequest};

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::problems::{
    BadRequest, FinalStatus, Forbidden, ForbiddenOrConsentRequired, InternalError, NotAcceptable,
    NotFound, PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable,
    Unauthorized, UnsupportedMediaType,
};
use crate::api::{
    ApiJson, Invalid, Listing, PageQuery, changed_response, created_response, if_match, path_id,
    single,
};
use crate::auth::Caller;
use crate::domain::financing::{
    Financier, Financing as Record, FinancingChanges, FinancingScheme, FinancingStatus,
    NewFinancing,
};
use crate::domain::{FinancingId, OrganisationId, TrajectoryId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A financing record (financiering): which scheme (regeling) pays for the trajectory, who
/// pays, and where the application stands in the municipal regulation's flow (concept →
/// aangevraagd → toegekend | afgewezen → lopend → gestopt → beëindigd → vastgesteld).
/// Tariffs are configuration, never code: the amount is what the client of the API records.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Financing {
    /// Id.
    pub id: uuid::Uuid,
    /// The trajectory it pays for.
    pub trajectory_id: uuid::Uuid,
    /// The trajectory's client.
    pub client_id: uuid::Uuid,
    /// The scheme or regulation (regeling).
    pub scheme: FinancingScheme,
    /// What the scheme is, for OTHER (omschrijving regeling).
    pub scheme_description: Option<String>,
    /// Who pays (financier).
    pub financier: Financier,
    /// The organisation that pays or decides (the municipality that grants, the UWV office),
    /// when it uses werkpad. Its UWV labour experts or municipal case managers on the
    /// client's care team may grant, reject and start the financing.
    pub financier_organisation_id: Option<uuid::Uuid>,
    /// Current status (status financiering); changes only through transitions.
    pub status: FinancingStatus,
    /// Date of the last transition (of the draft, at first).
    pub status_date: NaiveDate,
    /// Applied for (aanvraagdatum); set by the transition to APPLIED when still empty.
    pub application_date: Option<NaiveDate>,
    /// Decided on (besluitdatum: toekenning of afwijzing); set by GRANTED or REJECTED when
    /// still empty.
    pub decision_date: Option<NaiveDate>,
    /// Financing started (UWV: "datum gestart"); set by RUNNING when still empty.
    pub start_date: Option<NaiveDate>,
    /// Financing ended (einddatum); set by STOPPED or ENDED when still empty.
    pub end_date: Option<NaiveDate>,
    /// Longest duration the scheme grants, in months (maximale duur).
    pub max_duration_months: Option<i32>,
    /// Extension granted, in months (verlenging); at most 12 for IPS_CMD_2019.
    pub extension_months: Option<i32>,
    /// Amount in euro cents (bedrag).
    pub amount_cents: Option<i64>,
    /// The organisation that created the record.
    pub created_by_organisation_id: uuid::Uuid,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<Record> for Financing {
    fn from(f: Record) -> Self {
        let t = f.terms;
        Self {
            id: f.id.uuid(),
            trajectory_id: f.trajectory_id.uuid(),
            client_id: f.client_id.uuid(),
            scheme: t.scheme,
            scheme_description: t.scheme_description,
            financier: t.financier,
            financier_organisation_id: t.financier_organisation_id.map(OrganisationId::uuid),
            status: f.status,
            status_date: f.status_date,
            application_date: t.application_date,
            decision_date: t.decision_date,
            start_date: t.start_date,
            end_date: t.end_date,
            max_duration_months: t.max_duration_months,
            extension_months: t.extension_months,
            amount_cents: t.amount_cents,
            created_by_organisation_id: f.origin_organisation_id.uuid(),
            created_at: f.created_at,
            updated_at: f.updated_at,
        }
    }
}

/// The URL of a financing record.
fn location(trajectory: TrajectoryId, id: FinancingId) -> String {
    format!("/v1/trajectories/{trajectory}/financings/{id}")
}

/// A page of financing records.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinancingPage {
    /// Financing records in the order they were created.
    pub items: Vec<Financing>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Record a financing
///
/// Creates a financing record for the trajectory in DRAFT; the draft is the first entry of
/// its transitions. Scheme OTHER needs a `schemeDescription`; IPS_CMD_2019 allows an
/// extension of at most 12 months; the financier organisation must exist and, for financier
/// UWV or MUNICIPALITY, be an organisation of that kind. Roles: EMPLOYMENT_SPECIALIST;
/// UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER (the record is their own organisation's);
/// care-team members of the client who may read the trajectory (otherwise 404); PRACTITIONER
/// and other roles 403. Data: TRAJECTORY_STATUS. Consent: outside GGZ, a trajectory opened
/// by a GGZ institution needs a SHARE_GGZ_TO_WI consent covering TRAJECTORY_STATUS (403
/// `consent_required`). Audit: CREATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id.")),
    request_body = CreateFinancingRequest,
    responses(
        (status = 201, description = "Recorded, in DRAFT.", body = Financing, headers(
            ("Location" = String, description = "URL of the new financing record."),
            ("ETag" = String, description = "Version of the financing record."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/trajectories/{trajectoryId}/financings")]
pub async fn create_financing(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateFinancingRequest>,
) -> Result<HttpResponse, AppError> {
    let trajectory: TrajectoryId = path_id("trajectoryId", &path)?;
    let new = NewFinancing::try_from(body.0)?;
    let financing = service::audited(&state.pool, &caller, move |conn, caller| {
        service::financings::create(conn, caller, trajectory, &new)
    })
    .await?;
    Ok(created_response(
        location(trajectory, financing.id),
        financing.version,
        &Financing::from(financing),
    ))
}

/// List a trajectory's financings
///
/// The trajectory's financing records the caller may read, in the order they were created.
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER as
/// care-team members of the client (otherwise 404); other roles 403. Data:
/// TRAJECTORY_STATUS. Consent: outside GGZ, records created by a GGZ institution appear
/// only while a SHARE_GGZ_TO_WI consent covers TRAJECTORY_STATUS. Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."), PageQuery),
    responses(
        (status = 200, description = "A page of financing records.", body = FinancingPage, headers(
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
#[get("/trajectories/{trajectoryId}/financings")]
pub async fn list_financings(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let trajectory: TrajectoryId = path_id("trajectoryId", &path)?;
    let mut invalid = Invalid::default();
    let listing = Listing::new("financings", Vec::new()).under(trajectory);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::financings::list(conn, caller, trajectory, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            FinancingPage {
                items: items.into_iter().map(Financing::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a financing
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER as
/// care-team members of the client (otherwise 404); other roles 403. Data:
/// TRAJECTORY_STATUS. Consent: outside GGZ, a record created by a GGZ institution needs a
/// SHARE_GGZ_TO_WI consent covering TRAJECTORY_STATUS (403 `consent_required`). Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("financingId" = uuid::Uuid, Path, description = "Financing id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The financing record.", body = Financing, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change the record or make a transition."),
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
#[get("/trajectories/{trajectoryId}/financings/{financingId}")]
pub async fn get_financing(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (trajectory, id) = ids(&path)?;
    let financing = service::audited(&state.pool, &caller, move |conn, caller| {
        service::financings::get(conn, caller, trajectory, id)
    })
    .await?;
    Ok(single(&req, financing.version, &Financing::from(financing)))
}

/// Change a financing
///
/// JSON Merge Patch of the terms; needs `If-Match`. Never the status: that changes only
/// through transitions (sending `status` is 400 `unknown_field`). Dates stay in order
/// (decision ≥ application, end ≥ start); a date the status implies cannot be removed; a
/// REJECTED or SETTLED record is final (409 `invalid_transition`). Roles:
/// EMPLOYMENT_SPECIALIST for any record it may read; UWV_LABOUR_EXPERT and
/// MUNICIPAL_CASE_MANAGER for records their own organisation created; care-team members
/// only (otherwise 404); PRACTITIONER and other roles 403. Data: TRAJECTORY_STATUS. Consent:
/// as for reading. Audit: UPDATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("financingId" = uuid::Uuid, Path, description = "Financing id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateFinancingRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed financing record.", body = Financing, headers(
            ("ETag" = String, description = "New version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 409, response = FinalStatus),
        (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 428, response = PreconditionRequired),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[patch("/trajectories/{trajectoryId}/financings/{financingId}")]
pub async fn update_financing(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<UpdateFinancingRequest>,
) -> Result<HttpResponse, AppError> {
    let (trajectory, id) = ids(&path)?;
    let changes = FinancingChanges::try_from(body.0)?;
    let version = if_match(&req);
    let financing = service::audited(&state.pool, &caller, move |conn, caller| {
        service::financings::update(conn, caller, trajectory, id, version, &changes)
    })
    .await?;
    Ok(changed_response(
        financing.version,
        &Financing::from(financing),
    ))
}

fn ids(path: &(String, String)) -> Result<(TrajectoryId, FinancingId), AppError> {
    Ok((
        path_id("trajectoryId", &path.0)?,
        path_id("financingId", &path.1)?,
    ))
}
