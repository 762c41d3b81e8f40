//! `/v1/trajectories/{trajectoryId}/financings/{financingId}/transitions`: moving a
//! financing record through the municipal regulation's flow, and the record of every move.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Financing, ids, location};
use crate::api::problems::{
    BadRequest, Forbidden, ForbiddenOrConsentRequired, InternalError, InvalidTransition,
    NotAcceptable, NotFound, PayloadTooLarge, PreconditionFailed, PreconditionRequired,
    ServiceUnavailable, Unauthorized, UnsupportedMediaType,
};
use crate::api::{ApiJson, Invalid, Listing, PageQuery, etag, if_match};
use crate::auth::Caller;
use crate::domain::financing::rules::REASON_MAX;
use crate::domain::financing::{
    FinancingStatus, FinancingTransition as Recorded, TransitionRequest,
};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A transition to make.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateFinancingTransitionRequest {
    /// The status to move to.
    #[schema(required = true, value_type = FinancingStatus)]
    pub to_status: Option<String>,
    /// When it happened; default today. Not in the future and not before the last
    /// transition.
    #[schema(value_type = Option<NaiveDate>)]
    pub date: Option<String>,
    /// Why; required for STOPPED (the reason in the stop notice, stopbericht); at most 500
    /// characters.
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

impl TryFrom<CreateFinancingTransitionRequest> for TransitionRequest {
    type Error = AppError;

    fn try_from(r: CreateFinancingTransitionRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let to = invalid.code::<FinancingStatus>("toStatus", r.to_status);
        let date = invalid.optional_date("date", r.date);
        let reason = invalid.optional_text("reason", r.reason, REASON_MAX);
        invalid.finish(|| {
            Some(Self {
                to: to?,
                date,
                reason,
            })
        })
    }
}

/// A recorded transition of a financing record.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinancingTransition {
    /// Id.
    pub id: uuid::Uuid,
    /// The financing record.
    pub financing_id: uuid::Uuid,
    /// Status before; `null` for the draft that created the record.
    pub from_status: Option<FinancingStatus>,
    /// Status after.
    pub to_status: FinancingStatus,
    /// When it happened.
    pub date: NaiveDate,
    /// Why (for STOPPED: the stop notice's reason).
    pub reason: Option<String>,
    /// Who recorded it.
    pub actor_user_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<Recorded> for FinancingTransition {
    fn from(t: Recorded) -> Self {
        Self {
            id: t.id.uuid(),
            financing_id: t.financing_id.uuid(),
            from_status: t.from,
            to_status: t.to,
            date: t.date,
            reason: t.reason,
            actor_user_id: t.actor_user_id.uuid(),
            created_at: t.created_at,
        }
    }
}

/// A page of financing transitions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinancingTransitionPage {
    /// Transitions in the order they were recorded.
    pub items: Vec<FinancingTransition>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Make a financing transition
///
/// Moves the financing record along the municipal regulation's flow: DRAFT → APPLIED →
/// GRANTED | REJECTED; GRANTED → RUNNING → STOPPED and/or ENDED → SETTLED. REJECTED and
/// SETTLED are final. A transition that does not exist from the current status answers 409
/// `invalid_transition` with `allowedTransitions` and changes nothing. Each step fills in
/// its date when still empty: APPLIED the `applicationDate`, GRANTED and REJECTED the
/// `decisionDate`, RUNNING the `startDate`, STOPPED and ENDED the `endDate`; the dates must
/// stay in order (400 `date_order` on `date`). STOPPED needs the stop notice's `reason`.
/// Needs `If-Match` with the financing record's ETag. Roles: EMPLOYMENT_SPECIALIST for any
/// record it may read; UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER for records their own
/// organisation created; besides, the financier decides: GRANTED, REJECTED and RUNNING may
/// also be made by a UWV_LABOUR_EXPERT or MUNICIPAL_CASE_MANAGER of the record's
/// `financierOrganisationId` (the record then counts as their own organisation's for this
/// step, so no consent is needed for it); care-team members only (otherwise 404);
/// PRACTITIONER and other roles 403. Data: TRAJECTORY_STATUS. Consent: otherwise as for
/// reading the record (403 `consent_required`). Audit: UPDATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("financingId" = uuid::Uuid, Path, description = "Financing id."),
        ("If-Match" = String, Header, description = "ETag of the financing version the transition starts from (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body = CreateFinancingTransitionRequest,
    responses(
        (status = 200, description = "Done: the financing record as it is now.", body = Financing, headers(
            ("ETag" = String, description = "New version of the financing record."),
            ("Content-Location" = String, description = "URL of the financing record."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 409, response = InvalidTransition),
        (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 428, response = PreconditionRequired),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/trajectories/{trajectoryId}/financings/{financingId}/transitions")]
pub async fn create_financing_transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<CreateFinancingTransitionRequest>,
) -> Result<HttpResponse, AppError> {
    let (trajectory, id) = ids(&path)?;
    let request = TransitionRequest::try_from(body.0)?;
    let version = if_match(&req);
    let financing = service::audited(&state.pool, &caller, move |conn, caller| {
        service::financings::transition(conn, caller, trajectory, id, version, &request)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(financing.version)))
        .insert_header((header::CONTENT_LOCATION, location(trajectory, id)))
        .json(Financing::from(financing)))
}

/// List a financing's transitions
///
/// Every recorded transition (from, to, date, reason, actor), oldest first, starting with
/// the draft. Roles: as listing the trajectory's financings; not a care-team member, or no
/// such financing record under this trajectory, 404. Data: TRAJECTORY_STATUS. Consent:
/// outside GGZ, transitions recorded by a GGZ institution appear only while a
/// SHARE_GGZ_TO_WI consent covers TRAJECTORY_STATUS. Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("financingId" = uuid::Uuid, Path, description = "Financing id."),
        PageQuery,
    ),
    responses(
        (status = 200, description = "A page of transitions.", body = FinancingTransitionPage, headers(
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
#[get("/trajectories/{trajectoryId}/financings/{financingId}/transitions")]
pub async fn list_financing_transitions(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let (trajectory, id) = ids(&path)?;
    let mut invalid = Invalid::default();
    let listing =
        Listing::new("financing-transitions", Vec::new()).under(format!("{trajectory}/{id}"));
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::financings::list_transitions(conn, caller, trajectory, id, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            FinancingTransitionPage {
                items: items.into_iter().map(FinancingTransition::from).collect(),
                next_cursor: c,
            }
        }),
    )
}
