//! `/v1/trajectories/{trajectoryId}/transitions`: moving a trajectory through its state
//! machine, and the record of every move.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Trajectory;
use crate::api::problems::{
    BadRequest, Forbidden, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable,
    TransitionConflict, Unauthorized, UnsupportedMediaType,
};
use crate::api::{ApiJson, Invalid, Listing, PageQuery, etag, if_match, path_id};
use crate::auth::Caller;
use crate::domain::TrajectoryId;
use crate::domain::trajectory::machine::Warning;
use crate::domain::trajectory::{EndReason, TrajectoryStatus, Transition, TransitionRequest};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A transition to make.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateTrajectoryTransitionRequest {
    /// The status to move to. To resume a paused trajectory, send the status it was paused
    /// in (its `resumeStatus`).
    #[schema(required = true, value_type = TrajectoryStatus)]
    pub to_status: Option<String>,
    /// When it happened; default today. Not in the future and not before the last
    /// transition.
    #[schema(value_type = Option<NaiveDate>)]
    pub date: Option<String>,
    /// Why (required for PAUSED: crisis, admission, holiday, the client's request…; at most
    /// 500 characters).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// Why the trajectory ends (required for CLOSED and ENDED_EARLY, refused otherwise).
    #[schema(value_type = Option<EndReason>)]
    pub end_reason: Option<String>,
}

impl TryFrom<CreateTrajectoryTransitionRequest> for TransitionRequest {
    type Error = AppError;

    fn try_from(r: CreateTrajectoryTransitionRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let to = invalid.code::<TrajectoryStatus>("toStatus", r.to_status);
        let date = invalid.optional_date("date", r.date);
        let reason = invalid.optional_text("reason", r.reason, 500);
        let end_reason = invalid.optional_code::<EndReason>("endReason", r.end_reason);
        invalid.finish(|| {
            Some(Self {
                to: to?,
                date,
                reason,
                end_reason,
            })
        })
    }
}

/// The trajectory after a transition, with the warnings the transition raised.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryAfterTransition {
    /// The trajectory as it is now.
    #[serde(flatten)]
    pub trajectory: Trajectory,
    /// What did not block the transition but should be known, e.g.
    /// VOCATIONAL_PROFILE_INCOMPLETE when job search starts before the profile is complete.
    pub warnings: Vec<Warning>,
}

/// A recorded transition.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryTransition {
    /// Id.
    pub id: uuid::Uuid,
    /// The trajectory.
    pub trajectory_id: uuid::Uuid,
    /// Status before; `null` for the registration that opened the trajectory.
    pub from_status: Option<TrajectoryStatus>,
    /// Status after.
    pub to_status: TrajectoryStatus,
    /// When it happened.
    pub date: NaiveDate,
    /// Why.
    pub reason: Option<String>,
    /// End reason, for CLOSED and ENDED_EARLY.
    pub end_reason: Option<EndReason>,
    /// Warnings it raised.
    pub warnings: Vec<Warning>,
    /// Who recorded it.
    pub actor_user_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<Transition> for TrajectoryTransition {
    fn from(t: Transition) -> Self {
        Self {
            id: t.id.uuid(),
            trajectory_id: t.trajectory_id.uuid(),
            from_status: t.from,
            to_status: t.to,
            date: t.date,
            reason: t.reason,
            end_reason: t.end_reason,
            warnings: t.warning.into_iter().collect(),
            actor_user_id: t.actor_user_id.uuid(),
            created_at: t.created_at,
        }
    }
}

/// A page of transitions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryTransitionPage {
    /// Transitions in the order they were recorded.
    pub items: Vec<TrajectoryTransition>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Make a transition
///
/// Moves the trajectory to `toStatus` as its type's state machine allows (`GET
/// /trajectory-types` publishes it): a transition that does not exist from the current
/// status answers 409 `invalid_transition` with `allowedTransitions`; one whose guard does
/// not hold (no paid placement yet, no consent for the WABZ joint intake, …) answers 409
/// `transition_guard_failed` naming the `guard`. Pausing remembers the status to resume to;
/// CLOSED and ENDED_EARLY are final and end the consents given for this trajectory without
/// an end date of their own. Needs `If-Match` with the trajectory's ETag. Roles:
/// EMPLOYMENT_SPECIALIST; UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER for their own
/// organisation's trajectories; care-team members only. Data: TRAJECTORY_STATUS. Consent:
/// as for reading the trajectory. Audit: UPDATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("If-Match" = String, Header, description = "ETag of the trajectory version the transition starts from (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body = CreateTrajectoryTransitionRequest,
    responses(
        (status = 200, description = "Done: the trajectory as it is now.", body = TrajectoryAfterTransition, headers(
            ("ETag" = String, description = "New version of the trajectory."),
            ("Content-Location" = String, description = "URL of the trajectory."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 409, response = TransitionConflict),
        (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 428, response = PreconditionRequired),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/trajectories/{trajectoryId}/transitions")]
pub async fn create_trajectory_transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateTrajectoryTransitionRequest>,
) -> Result<HttpResponse, AppError> {
    let id: TrajectoryId = path_id("trajectoryId", &path)?;
    let request = TransitionRequest::try_from(body.0)?;
    let version = if_match(&req);
    let st = state.clone();
    let outcome = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::transition(conn, caller, id, version, &request, &st.rules)
    })
    .await?;
    let new_version = outcome.view.trajectory.version;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(new_version)))
        .insert_header((header::CONTENT_LOCATION, format!("/v1/trajectories/{id}")))
        .json(TrajectoryAfterTransition {
            trajectory: Trajectory::from(outcome.view),
            warnings: outcome.warnings,
        }))
}

/// List a trajectory's transitions
///
/// Every recorded transition (from, to, date, actor, reason), oldest first, starting with
/// the registration. Roles: as reading the trajectory; not a care-team member 404. Data:
/// TRAJECTORY_STATUS. Consent: as for reading the trajectory. Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."), PageQuery),
    responses(
        (status = 200, description = "A page of transitions.", body = TrajectoryTransitionPage, headers(
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
#[get("/trajectories/{trajectoryId}/transitions")]
pub async fn list_trajectory_transitions(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let id: TrajectoryId = path_id("trajectoryId", &path)?;
    let mut invalid = Invalid::default();
    let listing = Listing::new("trajectory-transitions", Vec::new()).under(id);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::list_transitions(conn, caller, id, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            TrajectoryTransitionPage {
                items: items.into_iter().map(TrajectoryTransition::from).collect(),
                next_cursor: c,
            }
        }),
    )
}
