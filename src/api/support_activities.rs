//! `/v1/trajectories/{trajectoryId}/support-activities`: the contact log of a trajectory
//! (begeleidingscontacten).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::problems::{
    BadRequest, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, ServiceUnavailable, Unauthorized, UnsupportedMediaType,
};
use super::{ApiJson, Invalid, Listing, PageQuery, created_response, path_id, single};
use crate::auth::Caller;
use crate::domain::calendar::today;
use crate::domain::employers::{
    NewSupportActivity, Participant, SupportActivity as Domain, SupportActivityKind,
};
use crate::domain::{PlacementId, SupportActivityId, TrajectoryId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A support activity (begeleidingscontact).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportActivity {
    /// Id.
    pub id: uuid::Uuid,
    /// The trajectory.
    pub trajectory_id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// The placement it concerns, if one.
    pub placement_id: Option<uuid::Uuid>,
    /// When.
    pub activity_date: NaiveDate,
    /// How long, in minutes.
    pub duration_minutes: i32,
    /// Kind.
    pub kind: SupportActivityKind,
    /// Who else took part.
    pub participants: Vec<Participant>,
    /// A note.
    pub note: Option<String>,
    /// Who recorded it.
    pub user_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<Domain> for SupportActivity {
    fn from(a: Domain) -> Self {
        Self {
            id: a.id.uuid(),
            trajectory_id: a.trajectory_id.uuid(),
            client_id: a.client_id.uuid(),
            placement_id: a.placement_id.map(PlacementId::uuid),
            activity_date: a.activity_date,
            duration_minutes: a.duration_minutes,
            kind: a.kind,
            participants: a.participants,
            note: a.note,
            user_id: a.user_id.uuid(),
            created_at: a.created_at,
        }
    }
}

/// A page of support activities.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportActivityPage {
    /// Activities in the order they were recorded.
    pub items: Vec<SupportActivity>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// An activity to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateSupportActivityRequest {
    /// When; default today; not in the future nor before the trajectory's registration.
    #[schema(value_type = Option<NaiveDate>)]
    pub activity_date: Option<String>,
    /// How long, 1 to 1440 minutes.
    #[schema(required = true, value_type = i32, minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<i32>,
    /// Kind.
    #[schema(required = true, value_type = SupportActivityKind)]
    pub kind: Option<String>,
    /// Who else took part (each at most once).
    #[schema(value_type = Option<Vec<Participant>>)]
    pub participants: Option<Vec<String>>,
    /// A placement of this trajectory it concerns.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub placement_id: Option<String>,
    /// A note (at most 2000 characters).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

impl TryFrom<CreateSupportActivityRequest> for NewSupportActivity {
    type Error = AppError;

    fn try_from(r: CreateSupportActivityRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let activity_date = invalid
            .optional_date("activityDate", r.activity_date)
            .unwrap_or_else(today);
        if activity_date > today() {
            invalid.push("activityDate", "out_of_range", "Must not be in the future.");
        }
        let duration = invalid.required("durationMinutes", r.duration_minutes);
        if duration.is_some_and(|d| !(1..=1440).contains(&d)) {
            invalid.push("durationMinutes", "out_of_range", "Must be 1 to 1440.");
        }
        let kind = invalid.code::<SupportActivityKind>("kind", r.kind);
        let mut participants = Vec::new();
        for (i, raw) in r.participants.unwrap_or_default().into_iter().enumerate() {
            match invalid.code::<Participant>(&format!("participants[{i}]"), Some(raw)) {
                Some(p) if participants.contains(&p) => {
                    invalid.push(
                        &format!("participants[{i}]"),
                        "invalid_value",
                        "Named twice.",
                    );
                }
                Some(p) => participants.push(p),
                None => {}
            }
        }
        let placement_id = invalid.optional_id::<PlacementId>("placementId", r.placement_id);
        let note = invalid.optional_text("note", r.note, 2000);
        invalid.finish(|| {
            Some(Self {
                placement_id,
                activity_date,
                duration_minutes: duration.filter(|d| (1..=1440).contains(d))?,
                kind: kind?,
                participants,
                note,
            })
        })
    }
}

/// Record a support activity
///
/// Roles: EMPLOYMENT_SPECIALIST; UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER on
/// trajectories they may read; care-team members only (otherwise 404); other roles 403.
/// Data: TRAJECTORY_STATUS. Consent: the trajectory must be readable (outside GGZ, with
/// consent for a GGZ trajectory). Audit: CREATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id.")),
    request_body = CreateSupportActivityRequest,
    responses(
        (status = 201, description = "Recorded.", body = SupportActivity, headers(
            ("Location" = String, description = "URL of the new activity."),
            ("ETag" = String, description = "Version of the activity."),
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
#[post("/trajectories/{trajectoryId}/support-activities")]
pub async fn create_support_activity(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateSupportActivityRequest>,
) -> Result<HttpResponse, AppError> {
    let trajectory: TrajectoryId = path_id("trajectoryId", &path)?;
    let new = NewSupportActivity::try_from(body.0)?;
    let activity = service::audited(&state.pool, &caller, move |conn, caller| {
        service::support_activities::create(conn, caller, trajectory, &new)
    })
    .await?;
    Ok(created_response(
        format!(
            "/v1/trajectories/{trajectory}/support-activities/{}",
            activity.id
        ),
        activity.version,
        &SupportActivity::from(activity),
    ))
}

/// List a trajectory's support activities
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER as
/// care-team members (otherwise 404); other roles 403. Data: TRAJECTORY_STATUS. Consent:
/// outside GGZ, activities recorded by GGZ need a SHARE_GGZ_TO_WI consent covering
/// TRAJECTORY_STATUS. Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."), PageQuery),
    responses(
        (status = 200, description = "A page of activities.", body = SupportActivityPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
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
#[get("/trajectories/{trajectoryId}/support-activities")]
pub async fn list_support_activities(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let trajectory: TrajectoryId = path_id("trajectoryId", &path)?;
    let mut invalid = Invalid::default();
    let listing = Listing::new("support-activities", Vec::new()).under(trajectory);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::support_activities::list(conn, caller, trajectory, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            SupportActivityPage {
                items: items.into_iter().map(SupportActivity::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a support activity
///
/// Roles: as listing the trajectory's activities. Data: TRAJECTORY_STATUS. Consent: as
/// listing. Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("activityId" = uuid::Uuid, Path, description = "Activity id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The activity.", body = SupportActivity, headers(
            ("ETag" = String, description = "Version (activities do not change)."),
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
#[get("/trajectories/{trajectoryId}/support-activities/{activityId}")]
pub async fn get_support_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let trajectory: TrajectoryId = path_id("trajectoryId", &path.0)?;
    let id: SupportActivityId = path_id("activityId", &path.1)?;
    let activity = service::audited(&state.pool, &caller, move |conn, caller| {
        service::support_activities::get(conn, caller, trajectory, id)
    })
    .await?;
    Ok(single(
        &req,
        activity.version,
        &SupportActivity::from(activity),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_support_activity)
        .service(list_support_activities)
        .service(get_support_activity);
}
