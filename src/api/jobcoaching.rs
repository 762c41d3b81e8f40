//! `/v1/jobcoach-provisions`: jobcoach provisions (jobcoachvoorzieningen), their six-month
//! periods, hours and state machine.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{
    BadRequest, Forbidden, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable,
    TransitionConflict, Unauthorized, UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, created_response, etag, if_match, patch_member, path_id,
    single,
};
use crate::auth::Caller;
use crate::db::jobcoaching::Filter;
use crate::domain::jobcoaching::{
    JobcoachFinancier, JobcoachForm, JobcoachIntensity, JobcoachStatus, NewProvision, Provision,
    ProvisionChanges, ProvisionTransition, ProvisionTransitionRequest,
};
use crate::domain::{ClientId, OrganisationId, PlacementId, ProvisionId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A jobcoach provision (jobcoachvoorziening).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobcoachProvision {
    /// Id.
    pub id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// The placement coached.
    pub placement_id: uuid::Uuid,
    /// Who pays.
    pub financier: JobcoachFinancier,
    /// External or internal coach.
    pub form: JobcoachForm,
    /// The coach's organisation.
    pub jobcoach_organisation_id: uuid::Uuid,
    /// How much coaching is needed.
    pub intensity: JobcoachIntensity,
    /// Status.
    pub status: JobcoachStatus,
    /// Date of the last transition.
    pub status_date: NaiveDate,
    /// Which six-month period runs (1, 2, …).
    pub period_number: i32,
    /// First day of the current period.
    pub period_start_date: NaiveDate,
    /// Last day of the current period.
    pub period_end_date: NaiveDate,
    /// First day of the first period with this employer (the maximum duration counts from it).
    pub first_period_start_date: NaiveDate,
    /// Hours requested.
    pub requested_hours: f64,
    /// Hours granted for the current period; `null` until granted.
    pub granted_hours: Option<f64>,
    /// Hours spent in the current period; never more than granted.
    pub spent_hours: f64,
    /// Why the exception thresholds (8 hours, 20 % wage value) apply.
    pub exception_reason: Option<String>,
    /// Permanent support beyond the maximum duration (financier's decision).
    pub permanent_support: bool,
    /// When it was requested (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<Provision> for JobcoachProvision {
    fn from(p: Provision) -> Self {
        Self {
            id: p.id.uuid(),
            client_id: p.client_id.uuid(),
            placement_id: p.placement_id.uuid(),
            financier: p.financier,
            form: p.form,
            jobcoach_organisation_id: p.jobcoach_organisation_id.uuid(),
            intensity: p.intensity,
            status: p.status,
            status_date: p.status_date,
            period_number: p.period_number,
            period_start_date: p.period_start,
            period_end_date: p.period_end,
            first_period_start_date: p.first_period_start,
            requested_hours: p.requested_hours,
            granted_hours: p.granted_hours,
            spent_hours: p.spent_hours,
            exception_reason: p.exception_reason,
            permanent_support: p.permanent_support,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A page of provisions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobcoachProvisionPage {
    /// Provisions in the order they were requested.
    pub items: Vec<JobcoachProvision>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A provision to request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateJobcoachProvisionRequest {
    /// The placement to coach: a contract of at least 6 months (or a trial placement), at
    /// least 12 hours a week and 35 % wage value, or 8 hours and 20 % with an
    /// `exceptionReason` (thresholds are configuration).
    #[schema(required = true, value_type = uuid::Uuid)]
    pub placement_id: Option<String>,
    /// Who pays: UWV for a labour expert, the municipality for a case manager.
    #[schema(required = true, value_type = JobcoachFinancier)]
    pub financier: Option<String>,
    /// External coach (a UWV-recognised jobcoach organisation) or internal (the employer).
    #[schema(required = true, value_type = JobcoachForm)]
    pub form: Option<String>,
    /// The coach's organisation.
    #[schema(required = true, value_type = uuid::Uuid)]
    pub jobcoach_organisation_id: Option<String>,
    /// How much coaching is needed.
    #[schema(required = true, value_type = JobcoachIntensity)]
    pub intensity: Option<String>,
    /// First day of the first six-month period, within the placement.
    #[schema(required = true, value_type = NaiveDate)]
    pub period_start_date: Option<String>,
    /// Hours requested for the period: more than 0, at most 1000.
    #[schema(required = true, value_type = f64, exclusive_minimum = 0, maximum = 1000)]
    pub requested_hours: Option<f64>,
    /// Why the exception thresholds apply (at most 500 characters).
    #[schema(max_length = 500)]
    pub exception_reason: Option<String>,
    /// Permanent support (the financier's decision); default false.
    pub permanent_support: Option<bool>,
}

fn hours(invalid: &mut Invalid, name: &str, value: f64) -> Option<f64> {
    invalid.number(name, value, 0.0, 1000.0, true)
}

impl TryFrom<CreateJobcoachProvisionRequest> for NewProvision {
    type Error = AppError;

    fn try_from(r: CreateJobcoachProvisionRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let placement_id = invalid.id::<PlacementId>("placementId", r.placement_id);
        let financier = invalid.code::<JobcoachFinancier>("financier", r.financier);
        let form = invalid.code::<JobcoachForm>("form", r.form);
        let coach =
            invalid.id::<OrganisationId>("jobcoachOrganisationId", r.jobcoach_organisation_id);
        let intensity = invalid.code::<JobcoachIntensity>("intensity", r.intensity);
        let period_start = invalid.date("periodStartDate", r.period_start_date);
        let requested = invalid
            .required("requestedHours", r.requested_hours)
            .and_then(|h| hours(&mut invalid, "requestedHours", h));
        let exception_reason = invalid.optional_text("exceptionReason", r.exception_reason, 500);
        invalid.finish(|| {
            Some(Self {
                placement_id: placement_id?,
                financier: financier?,
                form: form?,
                jobcoach_organisation_id: coach?,
                intensity: intensity?,
                period_start: period_start?,
                requested_hours: requested?,
                exception_reason,
                permanent_support: r.permanent_support.unwrap_or(false),
            })
        })
    }
}

/// A change to a provision, as JSON Merge Patch. The job coach records `spentHours`; the
/// financier's caseworker also the terms.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateJobcoachProvisionRequest {
    /// New intensity.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = JobcoachIntensity)]
    pub intensity: Option<Option<String>>,
    /// New exception reason; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub exception_reason: Option<Option<String>>,
    /// Permanent support.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = bool)]
    pub permanent_support: Option<Option<bool>>,
    /// Hours spent in the current period (0 to the hours granted).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = f64, minimum = 0, maximum = 1000)]
    pub spent_hours: Option<Option<f64>>,
}

impl TryFrom<UpdateJobcoachProvisionRequest> for ProvisionChanges {
    type Error = AppError;

    fn try_from(r: UpdateJobcoachProvisionRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let intensity = invalid
            .kept("intensity", r.intensity, "")
            .and_then(|v| invalid.code::<JobcoachIntensity>("intensity", Some(v)));
        let exception_reason = invalid.removable(r.exception_reason, |i, v| {
            i.optional_text("exceptionReason", Some(v), 500)
        });
        let permanent_support =
            invalid.kept("permanentSupport", r.permanent_support, "Send false.");
        let spent_hours = invalid
            .kept("spentHours", r.spent_hours, "Send 0.")
            .and_then(|h| invalid.number("spentHours", h, 0.0, 1000.0, false));
        invalid.finish(|| {
            Some(Self {
                intensity,
                exception_reason,
                permanent_support,
                spent_hours,
            })
        })
    }
}

/// A transition to make.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateJobcoachProvisionTransitionRequest {
    /// The status to move to.
    #[schema(required = true, value_type = JobcoachStatus)]
    pub to_status: Option<String>,
    /// When; default today; not in the future nor before the last transition.
    #[schema(value_type = Option<NaiveDate>)]
    pub date: Option<String>,
    /// Why (required for REJECTED and ENDED; at most 500 characters).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// Hours granted (required for GRANTED and for an extension from EVALUATION to ACTIVE).
    #[schema(exclusive_minimum = 0, maximum = 1000)]
    pub granted_hours: Option<f64>,
    /// Permanent support, decided with an extension beyond the maximum duration.
    pub permanent_support: Option<bool>,
}

impl TryFrom<CreateJobcoachProvisionTransitionRequest> for ProvisionTransitionRequest {
    type Error = AppError;

    fn try_from(r: CreateJobcoachProvisionTransitionRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let to = invalid.code::<JobcoachStatus>("toStatus", r.to_status);
        let date = invalid.optional_date("date", r.date);
        let reason = invalid.optional_text("reason", r.reason, 500);
        let granted_hours = r
            .granted_hours
            .and_then(|h| hours(&mut invalid, "grantedHours", h));
        invalid.finish(|| {
            Some(Self {
                to: to?,
                date,
                reason,
                granted_hours,
                permanent_support: r.permanent_support,
            })
        })
    }
}

/// A recorded transition of a provision.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobcoachProvisionTransition {
    /// Id.
    pub id: uuid::Uuid,
    /// Status before; `null` for the request.
    pub from_status: Option<JobcoachStatus>,
    /// Status after.
    pub to_status: JobcoachStatus,
    /// When.
    pub date: NaiveDate,
    /// Why.
    pub reason: Option<String>,
    /// Period after the transition.
    pub period_number: i32,
    /// Hours granted after it.
    pub granted_hours: Option<f64>,
    /// Hours spent at that moment.
    pub spent_hours: f64,
    /// Who recorded it.
    pub actor_user_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<ProvisionTransition> for JobcoachProvisionTransition {
    fn from(t: ProvisionTransition) -> Self {
        Self {
            id: t.id.uuid(),
            from_status: t.from,
            to_status: t.to,
            date: t.date,
            reason: t.reason,
            period_number: t.period_number,
            granted_hours: t.granted_hours,
            spent_hours: t.spent_hours,
            actor_user_id: t.actor_user_id.uuid(),
            created_at: t.created_at,
        }
    }
}

/// A page of provision transitions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobcoachProvisionTransitionPage {
    /// Transitions, oldest first.
    pub items: Vec<JobcoachProvisionTransition>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the provision list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct JobcoachProvisionFilter {
    /// Only this client's.
    #[param(value_type = Option<uuid::Uuid>)]
    pub client_id: Option<String>,
    /// Only for this placement.
    #[param(value_type = Option<uuid::Uuid>)]
    pub placement_id: Option<String>,
    /// Only in this status.
    #[param(value_type = Option<JobcoachStatus>)]
    pub status: Option<String>,
}

/// Request a jobcoach provision
///
/// For a placement the caller may see that qualifies (otherwise 409
/// `transition_guard_failed` naming the rule: CONTRACT_AT_LEAST_MIN_MONTHS,
/// HOURS_AT_LEAST_MINIMUM or WAGE_VALUE_AT_LEAST_MINIMUM). Starts REQUESTED. Roles:
/// UWV_LABOUR_EXPERT (financier UWV), MUNICIPAL_CASE_MANAGER (financier MUNICIPALITY) as
/// care-team members; another financier 403. Data: JOBCOACHING (and the placement's terms).
/// Consent: the placement must be readable (outside GGZ, with consent for GGZ data). Audit:
/// CREATE.
#[utoipa::path(
    tag = "Jobcoaching",
    security(("bearer" = [])),
    request_body = CreateJobcoachProvisionRequest,
    responses(
        (status = 201, description = "Requested.", body = JobcoachProvision, headers(
            ("Location" = String, description = "URL of the new provision."),
            ("ETag" = String, description = "Version of the provision."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 406, response = NotAcceptable),
        (status = 409, response = TransitionConflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/jobcoach-provisions")]
pub async fn create_jobcoach_provision(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateJobcoachProvisionRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewProvision::try_from(body.0)?;
    let st = state.clone();
    let provision = service::audited(&state.pool, &caller, move |conn, caller| {
        service::jobcoaching::create(conn, caller, &new, &st.rules.jobcoach)
    })
    .await?;
    Ok(created_response(
        format!("/v1/jobcoach-provisions/{}", provision.id),
        provision.version,
        &JobcoachProvision::from(provision),
    ))
}

/// List jobcoach provisions
///
/// The provisions the caller may see, in the order they were requested. Roles:
/// EMPLOYMENT_SPECIALIST; UWV_LABOUR_EXPERT (UWV-funded); MUNICIPAL_CASE_MANAGER
/// (municipality-funded); JOB_COACH (those it coaches); care-team members only; other roles
/// 403. Data: JOBCOACHING. Consent: outside GGZ, provisions recorded by GGZ need a
/// SHARE_GGZ_TO_WI consent covering JOBCOACHING. Audit: READ, naming every client on the page.
#[utoipa::path(
    tag = "Jobcoaching",
    security(("bearer" = [])),
    params(JobcoachProvisionFilter, PageQuery),
    responses(
        (status = 200, description = "A page of provisions.", body = JobcoachProvisionPage, headers(
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
#[get("/jobcoach-provisions")]
pub async fn list_jobcoach_provisions(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<JobcoachProvisionFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let f = filter.into_inner();
    let mut invalid = Invalid::default();
    let parsed = Filter {
        client_id: invalid.optional_id::<ClientId>("clientId", f.client_id.clone()),
        placement_id: invalid.optional_id::<PlacementId>("placementId", f.placement_id.clone()),
        status: invalid.optional_code::<JobcoachStatus>("status", f.status.clone()),
    };
    let listing = Listing::new(
        "jobcoach-provisions",
        [
            ("clientId", f.client_id),
            ("placementId", f.placement_id),
            ("status", f.status),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::jobcoaching::list(conn, caller, &parsed, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            JobcoachProvisionPage {
                items: items.into_iter().map(JobcoachProvision::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a jobcoach provision
///
/// Roles: as listing provisions; not visible 404. Data: JOBCOACHING. Consent: as listing.
/// Audit: READ.
#[utoipa::path(
    tag = "Jobcoaching",
    security(("bearer" = [])),
    params(
        ("provisionId" = uuid::Uuid, Path, description = "Provision id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The provision.", body = JobcoachProvision, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change it or make a transition."),
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
#[get("/jobcoach-provisions/{provisionId}")]
pub async fn get_jobcoach_provision(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: ProvisionId = path_id("provisionId", &path)?;
    let provision = service::audited(&state.pool, &caller, move |conn, caller| {
        service::jobcoaching::get(conn, caller, id)
    })
    .await?;
    Ok(single(
        &req,
        provision.version,
        &JobcoachProvision::from(provision),
    ))
}

/// Change a jobcoach provision or record hours
///
/// JSON Merge Patch; needs `If-Match`. `spentHours` only while a period runs (ACTIVE,
/// EVALUATION) and never above the hours granted (400). Roles: JOB_COACH of the assigned
/// organisation (hours only); UWV_LABOUR_EXPERT / MUNICIPAL_CASE_MANAGER of the funding
/// agency (hours and terms); care-team members only. Data: JOBCOACHING. Consent: as reading.
/// Audit: UPDATE.
#[utoipa::path(
    tag = "Jobcoaching",
    security(("bearer" = [])),
    params(
        ("provisionId" = uuid::Uuid, Path, description = "Provision id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateJobcoachProvisionRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed provision.", body = JobcoachProvision, headers(
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
#[patch("/jobcoach-provisions/{provisionId}")]
pub async fn update_jobcoach_provision(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateJobcoachProvisionRequest>,
) -> Result<HttpResponse, AppError> {
    let id: ProvisionId = path_id("provisionId", &path)?;
    let changes = ProvisionChanges::try_from(body.0)?;
    let version = if_match(&req);
    let provision = service::audited(&state.pool, &caller, move |conn, caller| {
        service::jobcoaching::update(conn, caller, id, version, &changes)
    })
    .await?;
    Ok(super::changed_response(
        provision.version,
        &JobcoachProvision::from(provision),
    ))
}

/// Make a provision transition
///
/// REQUESTED → UNDER_REVIEW → GRANTED (with `grantedHours`) or REJECTED (with `reason`);
/// GRANTED → ACTIVE; ACTIVE → EVALUATION when the period ends; EVALUATION → ACTIVE is an
/// extension: the next six-month period with its own `grantedHours` (beyond the maximum
/// duration only with `permanentSupport`, else 409 `transition_guard_failed`
/// PERMANENT_SUPPORT_REQUIRED); ACTIVE or EVALUATION → ENDED (with `reason`). Anything else
/// is 409 `invalid_transition` with `allowedTransitions`. Needs `If-Match`. Roles:
/// UWV_LABOUR_EXPERT / MUNICIPAL_CASE_MANAGER of the funding agency, as care-team members.
/// Data: JOBCOACHING. Consent: as reading. Audit: UPDATE.
#[utoipa::path(
    tag = "Jobcoaching",
    security(("bearer" = [])),
    params(
        ("provisionId" = uuid::Uuid, Path, description = "Provision id."),
        ("If-Match" = String, Header, description = "ETag of the provision version the transition starts from. `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body = CreateJobcoachProvisionTransitionRequest,
    responses(
        (status = 200, description = "Done: the provision as it is now.", body = JobcoachProvision, headers(
            ("ETag" = String, description = "New version of the provision."),
            ("Content-Location" = String, description = "URL of the provision."),
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
#[post("/jobcoach-provisions/{provisionId}/transitions")]
pub async fn create_jobcoach_provision_transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateJobcoachProvisionTransitionRequest>,
) -> Result<HttpResponse, AppError> {
    let id: ProvisionId = path_id("provisionId", &path)?;
    let request = ProvisionTransitionRequest::try_from(body.0)?;
    let version = if_match(&req);
    let st = state.clone();
    let provision = service::audited(&state.pool, &caller, move |conn, caller| {
        service::jobcoaching::transition(conn, caller, id, version, &request, &st.rules.jobcoach)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(provision.version)))
        .insert_header((
            header::CONTENT_LOCATION,
            format!("/v1/jobcoach-provisions/{id}"),
        ))
        .json(JobcoachProvision::from(provision)))
}

/// List a provision's transitions
///
/// Roles: as reading the provision; not visible 404. Data: JOBCOACHING. Consent: as
/// reading. Audit: READ.
#[utoipa::path(
    tag = "Jobcoaching",
    security(("bearer" = [])),
    params(("provisionId" = uuid::Uuid, Path, description = "Provision id."), PageQuery),
    responses(
        (status = 200, description = "A page of transitions.", body = JobcoachProvisionTransitionPage, headers(
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
#[get("/jobcoach-provisions/{provisionId}/transitions")]
pub async fn list_jobcoach_provision_transitions(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let id: ProvisionId = path_id("provisionId", &path)?;
    let mut invalid = Invalid::default();
    let listing = Listing::new("jobcoach-provision-transitions", Vec::new()).under(id);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::jobcoaching::list_transitions(conn, caller, id, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            JobcoachProvisionTransitionPage {
                items: items
                    .into_iter()
                    .map(JobcoachProvisionTransition::from)
                    .collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_jobcoach_provision)
        .service(list_jobcoach_provisions)
        .service(get_jobcoach_provision)
        .service(update_jobcoach_provision)
        .service(create_jobcoach_provision_transition)
        .service(list_jobcoach_provision_transitions);
}
