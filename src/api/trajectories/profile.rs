//! `/v1/trajectories/{trajectoryId}/vocational-profile`: the vocational profile
//! (beroepsprofiel), one per trajectory.

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::problems::{
    BadRequest, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use crate::api::{ApiJson, Invalid, changed_response, if_match, path_id, single};
use crate::auth::Caller;
use crate::domain::TrajectoryId;
use crate::domain::trajectory::VocationalProfile as DomainProfile;
use crate::error::AppError;
use crate::service;
use crate::service::trajectories::ProfileView;
use crate::state::AppState;

/// A vocational profile (beroepsprofiel): the client's preferences and what helps at work.
/// VOCATIONAL_PROFILE fields are omitted unless the caller may read that category;
/// `workRelevantAdvice` (FUNCTIONAL_ADVICE) likewise. Until the first `PUT` it is empty at
/// version `"0"`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VocationalProfile {
    /// The trajectory.
    pub trajectory_id: uuid::Uuid,
    /// Preferred sectors (voorkeursbranches).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<String>, required = false)]
    pub preferred_sectors: Option<Vec<String>>,
    /// Preferred jobs (voorkeursfuncties).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<String>, required = false)]
    pub preferred_jobs: Option<Vec<String>>,
    /// Desired hours a week.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>, required = false)]
    pub desired_hours_per_week: Option<Option<f64>>,
    /// Education (opleiding).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, required = false)]
    pub education: Option<Option<String>>,
    /// Work history (werkervaring).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, required = false)]
    pub work_history: Option<Option<String>>,
    /// Strengths (sterke punten).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, required = false)]
    pub strengths: Option<Option<String>>,
    /// Work-relevant functional advice agreed with the client (werkrelevante
    /// aandachtspunten), never a diagnosis. FUNCTIONAL_ADVICE: omitted unless readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, required = false)]
    pub work_relevant_advice: Option<Option<String>>,
    /// Whether preferences and desired hours are filled in (job search before that raises
    /// a warning, never a block). Omitted with the VOCATIONAL_PROFILE fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = bool, required = false)]
    pub complete: Option<bool>,
    /// When it last changed (UTC); `null` until first stored.
    pub updated_at: Option<DateTime<Utc>>,
}

pub(crate) fn body(trajectory: TrajectoryId, v: ProfileView) -> (i64, VocationalProfile) {
    let p = v.profile;
    let shown = v.profile_visible;
    let complete = p.is_complete();
    (
        p.version,
        VocationalProfile {
            trajectory_id: trajectory.uuid(),
            preferred_sectors: shown.then_some(p.preferred_sectors),
            preferred_jobs: shown.then_some(p.preferred_jobs),
            desired_hours_per_week: shown.then_some(p.desired_hours_per_week),
            education: shown.then_some(p.education),
            work_history: shown.then_some(p.work_history),
            strengths: shown.then_some(p.strengths),
            work_relevant_advice: v.advice_visible.then_some(p.work_relevant_advice),
            complete: shown.then_some(complete),
            updated_at: p.updated_at,
        },
    )
}

/// The whole vocational profile, replacing the stored one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PutVocationalProfileRequest {
    /// Preferred sectors, at most 20, each 1 to 200 characters.
    #[schema(max_items = 20)]
    pub preferred_sectors: Option<Vec<String>>,
    /// Preferred jobs, at most 20, each 1 to 200 characters.
    #[schema(max_items = 20)]
    pub preferred_jobs: Option<Vec<String>>,
    /// Desired hours a week, more than 0 and at most 60.
    #[schema(exclusive_minimum = 0, maximum = 60)]
    pub desired_hours_per_week: Option<f64>,
    /// Education (at most 2000 characters).
    #[schema(max_length = 2000)]
    pub education: Option<String>,
    /// Work history (at most 4000 characters).
    #[schema(max_length = 4000)]
    pub work_history: Option<String>,
    /// Strengths (at most 2000 characters).
    #[schema(max_length = 2000)]
    pub strengths: Option<String>,
    /// Work-relevant functional advice agreed with the client (at most 2000 characters);
    /// changing it needs FUNCTIONAL_ADVICE write.
    #[schema(max_length = 2000)]
    pub work_relevant_advice: Option<String>,
}

fn list(invalid: &mut Invalid, name: &str, values: Option<Vec<String>>) -> Vec<String> {
    let values = values.unwrap_or_default();
    if values.len() > 20 {
        invalid.push(name, "out_of_range", "At most 20 entries.");
    }
    values
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| invalid.text(&format!("{name}[{i}]"), Some(v), 200))
        .collect()
}

impl TryFrom<PutVocationalProfileRequest> for DomainProfile {
    type Error = AppError;

    fn try_from(r: PutVocationalProfileRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let profile = Self {
            preferred_sectors: list(&mut invalid, "preferredSectors", r.preferred_sectors),
            preferred_jobs: list(&mut invalid, "preferredJobs", r.preferred_jobs),
            desired_hours_per_week: r
                .desired_hours_per_week
                .and_then(|h| invalid.number("desiredHoursPerWeek", h, 0.0, 60.0, true)),
            education: invalid.optional_text("education", r.education, 2000),
            work_history: invalid.optional_text("workHistory", r.work_history, 4000),
            strengths: invalid.optional_text("strengths", r.strengths, 2000),
            work_relevant_advice: invalid.optional_text(
                "workRelevantAdvice",
                r.work_relevant_advice,
                2000,
            ),
            ..Self::default()
        };
        invalid.finish(|| Some(profile))
    }
}

/// Read a vocational profile
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER (VOCATIONAL_PROFILE and FUNCTIONAL_ADVICE);
/// UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER, WSP_ACCOUNT_MANAGER (with consent); JOB_COACH
/// (only the work-relevant advice, with consent); care-team members only (otherwise 404);
/// other roles 403. Data: VOCATIONAL_PROFILE, FUNCTIONAL_ADVICE, each field omitted where not
/// readable. Consent: each category needs its own consent outside GGZ. Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The profile (empty at version \"0\" until first stored).", body = VocationalProfile, headers(
            ("ETag" = String, description = "Version; send it as If-Match to replace the profile."),
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
#[get("/trajectories/{trajectoryId}/vocational-profile")]
pub async fn get_vocational_profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: TrajectoryId = path_id("trajectoryId", &path)?;
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::get_profile(conn, caller, id)
    })
    .await?;
    let (version, profile) = body(id, view);
    Ok(single(&req, version, &profile))
}

/// Replace a vocational profile
///
/// Needs `If-Match` with the profile's ETag (`"0"` for the first one). Roles:
/// EMPLOYMENT_SPECIALIST as an active care-team member. Data: VOCATIONAL_PROFILE,
/// FUNCTIONAL_ADVICE. Consent: not needed for GGZ roles. Audit: UPDATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("If-Match" = String, Header, description = "ETag of the version being replaced (`\"0\"` before the first). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body = PutVocationalProfileRequest,
    responses(
        (status = 200, description = "The stored profile.", body = VocationalProfile, headers(
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
#[put("/trajectories/{trajectoryId}/vocational-profile")]
pub async fn put_vocational_profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    request: ApiJson<PutVocationalProfileRequest>,
) -> Result<HttpResponse, AppError> {
    let id: TrajectoryId = path_id("trajectoryId", &path)?;
    let profile = DomainProfile::try_from(request.0)?;
    let version = if_match(&req);
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::put_profile(conn, caller, id, version, &profile)
    })
    .await?;
    let (version, profile) = body(id, view);
    Ok(changed_response(version, &profile))
}
