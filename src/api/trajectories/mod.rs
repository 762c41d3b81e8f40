//! `/v1/trajectories`: IPS, IPS for CMD, jobcoaching, Werk als beste zorg and other
//! re-integration trajectories. Status changes only through `…/transitions`.

pub mod financings;
pub mod profile;
pub mod transitions;
pub mod types;

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::clients::instant;
use super::problems::{
    BadRequest, Conflict, Forbidden, ForbiddenOrConsentRequired, InternalError, NotAcceptable,
    NotFound, PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable,
    Unauthorized, UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, changed_response, created_response, if_match,
    patch_member, path_id, single,
};
use crate::auth::Caller;
use crate::domain::trajectory::{
    EndReason, NewTrajectory, TargetGroup, TrajectoryChanges, TrajectoryStatus, TrajectoryType,
};
use crate::domain::{ClientId, OrganisationId, RegionCode, TrajectoryId, UserId};
use crate::error::AppError;
use crate::service;
use crate::service::trajectories::{ListFilter, TrajectoryView};
use crate::state::AppState;

/// A trajectory (traject). The target-group attestation is omitted unless the caller may
/// read TARGET_GROUP_ATTESTATION data of this client.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Trajectory {
    /// Id.
    pub id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// Kind of trajectory.
    #[serde(rename = "type")]
    pub trajectory_type: TrajectoryType,
    /// Current status (fase); which statuses and transitions the type has is published by
    /// `GET /trajectory-types`.
    pub status: TrajectoryStatus,
    /// Date of the last transition.
    pub status_date: NaiveDate,
    /// Organisation leading the trajectory.
    pub lead_organisation_id: uuid::Uuid,
    /// Professional leading it (regievoerder).
    pub lead_user_id: uuid::Uuid,
    /// Registration (aanmelding).
    pub registration_date: NaiveDate,
    /// When the client said they want paid work (werkwens).
    pub wish_to_work_date: Option<NaiveDate>,
    /// Formal start: the financier's written approval (UWV: "datum gestart").
    pub start_date: Option<NaiveDate>,
    /// Planned end.
    pub planned_end_date: Option<NaiveDate>,
    /// Actual end (set by the transition to CLOSED or ENDED_EARLY).
    pub end_date: Option<NaiveDate>,
    /// Why it ended (eindreden).
    pub end_reason: Option<EndReason>,
    /// Target-group attestation by the GGZ institution (doelgroepverklaring; never a
    /// diagnosis). Omitted unless TARGET_GROUP_ATTESTATION is readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = TargetGroup, required = false)]
    pub target_group_attestation: Option<TargetGroup>,
    /// Labour-market region (arbeidsmarktregio) of the client at registration.
    #[schema(value_type = RegionCode)]
    pub region_code: String,
    /// The ended trajectory this one reopens.
    pub previous_trajectory_id: Option<uuid::Uuid>,
    /// Paused since (gepauzeerd vanaf); kept after resuming, for the record.
    pub paused_from_date: Option<NaiveDate>,
    /// Resumed on, after the last pause.
    pub paused_until_date: Option<NaiveDate>,
    /// While paused: the status it resumes to.
    pub resume_status: Option<TrajectoryStatus>,
    /// The organisation that opened it.
    pub created_by_organisation_id: uuid::Uuid,
    /// When it was opened (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<TrajectoryView> for Trajectory {
    fn from(v: TrajectoryView) -> Self {
        let t = v.trajectory;
        Self {
            id: t.id.uuid(),
            client_id: t.client_id.uuid(),
            trajectory_type: t.trajectory_type,
            status: t.status,
            status_date: t.status_date,
            lead_organisation_id: t.lead_organisation_id.uuid(),
            lead_user_id: t.lead_user_id.uuid(),
            registration_date: t.registration_date,
            wish_to_work_date: t.wish_to_work_date,
            start_date: t.start_date,
            planned_end_date: t.planned_end_date,
            end_date: t.end_date,
            end_reason: t.end_reason,
            target_group_attestation: v.attestation_visible.then_some(t.target_group_attestation),
            region_code: t.region_code,
            previous_trajectory_id: t.previous_trajectory_id.map(TrajectoryId::uuid),
            paused_from_date: t.paused_from,
            paused_until_date: t.paused_until,
            resume_status: t.resume_status,
            created_by_organisation_id: t.origin_organisation_id.uuid(),
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// A page of trajectories.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryPage {
    /// Trajectories in the order they were opened.
    pub items: Vec<Trajectory>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A trajectory to open.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateTrajectoryRequest {
    /// The client.
    #[schema(required = true, value_type = uuid::Uuid)]
    pub client_id: Option<String>,
    /// Kind of trajectory. A client has at most one open trajectory of each type.
    #[serde(rename = "type")]
    #[schema(required = true, value_type = TrajectoryType)]
    pub trajectory_type: Option<String>,
    /// Lead professional (regievoerder); an active member of the client's care team; default
    /// the caller. The lead organisation is the lead's own.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub lead_user_id: Option<String>,
    /// Registration (aanmelding); default today; not in the future.
    #[schema(value_type = Option<NaiveDate>)]
    pub registration_date: Option<String>,
    /// When the client said they want paid work (werkwens); IPS intake needs it.
    #[schema(value_type = Option<NaiveDate>)]
    pub wish_to_work_date: Option<String>,
    /// Formal start (the financier's approval); not before registration.
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<String>,
    /// Planned end; not before the start (or registration).
    #[schema(value_type = Option<NaiveDate>)]
    pub planned_end_date: Option<String>,
    /// Target-group attestation (GGZ roles only); default UNKNOWN.
    #[schema(value_type = Option<TargetGroup>)]
    pub target_group_attestation: Option<String>,
    /// The closed or early-ended trajectory of this client that this one reopens.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub previous_trajectory_id: Option<String>,
}

fn past_or_today(invalid: &mut Invalid, name: &str, date: Option<NaiveDate>) -> Option<NaiveDate> {
    let date = date?;
    if date > crate::domain::calendar::today() {
        invalid.push(name, "out_of_range", "Must not be in the future.");
        None
    } else {
        Some(date)
    }
}

impl TryFrom<CreateTrajectoryRequest> for NewTrajectory {
    type Error = AppError;

    fn try_from(r: CreateTrajectoryRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let client_id = invalid.id::<ClientId>("clientId", r.client_id);
        let trajectory_type = invalid.code::<TrajectoryType>("type", r.trajectory_type);
        let lead_user_id = invalid.optional_id::<UserId>("leadUserId", r.lead_user_id);
        let registration = invalid.optional_date("registrationDate", r.registration_date);
        let registration_date = past_or_today(&mut invalid, "registrationDate", registration);
        let wish = invalid.optional_date("wishToWorkDate", r.wish_to_work_date);
        let wish_to_work_date = past_or_today(&mut invalid, "wishToWorkDate", wish);
        let start_date = invalid.optional_date("startDate", r.start_date);
        let planned_end_date = invalid.optional_date("plannedEndDate", r.planned_end_date);
        let target_group_attestation = invalid
            .optional_code::<TargetGroup>("targetGroupAttestation", r.target_group_attestation);
        let previous_trajectory_id =
            invalid.optional_id::<TrajectoryId>("previousTrajectoryId", r.previous_trajectory_id);
        invalid.finish(|| {
            Some(Self {
                client_id: client_id?,
                trajectory_type: trajectory_type?,
                lead_user_id,
                registration_date,
                wish_to_work_date,
                start_date,
                planned_end_date,
                target_group_attestation,
                previous_trajectory_id,
            })
        })
    }
}

/// A change to a trajectory's data, as JSON Merge Patch. The status changes only through
/// transitions; a closed or early-ended trajectory cannot change.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateTrajectoryRequest {
    /// New lead professional (an active care-team member).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = uuid::Uuid)]
    pub lead_user_id: Option<Option<String>>,
    /// Corrected registration date (not after the last transition).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = NaiveDate)]
    pub registration_date: Option<Option<String>>,
    /// Wish-to-work date; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub wish_to_work_date: Option<Option<String>>,
    /// Formal start; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub start_date: Option<Option<String>>,
    /// Planned end; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub planned_end_date: Option<Option<String>>,
    /// Target-group attestation (needs TARGET_GROUP_ATTESTATION write: GGZ roles).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = TargetGroup)]
    pub target_group_attestation: Option<Option<String>>,
}

impl TryFrom<UpdateTrajectoryRequest> for TrajectoryChanges {
    type Error = AppError;

    fn try_from(r: UpdateTrajectoryRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let lead = invalid.kept("leadUserId", r.lead_user_id, "");
        let lead_user_id = lead.and_then(|v| invalid.id::<UserId>("leadUserId", Some(v)));
        let registration = invalid.kept("registrationDate", r.registration_date, "");
        let registration = registration.and_then(|v| invalid.date("registrationDate", Some(v)));
        let registration_date = past_or_today(&mut invalid, "registrationDate", registration);
        let wish_to_work_date = invalid.removable(r.wish_to_work_date, |i, v| {
            let date = i.optional_date("wishToWorkDate", Some(v));
            past_or_today(i, "wishToWorkDate", date)
        });
        let start_date =
            invalid.removable(r.start_date, |i, v| i.optional_date("startDate", Some(v)));
        let planned_end_date = invalid.removable(r.planned_end_date, |i, v| {
            i.optional_date("plannedEndDate", Some(v))
        });
        let attestation = invalid.kept(
            "targetGroupAttestation",
            r.target_group_attestation,
            "Send UNKNOWN.",
        );
        let target_group_attestation = attestation
            .and_then(|v| invalid.code::<TargetGroup>("targetGroupAttestation", Some(v)));
        invalid.finish(|| {
            Some(Self {
                lead_user_id,
                registration_date,
                wish_to_work_date,
                start_date,
                planned_end_date,
                target_group_attestation,
            })
        })
    }
}

/// Filters of the trajectory list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryFilter {
    /// Only this client's trajectories.
    #[param(value_type = Option<uuid::Uuid>)]
    pub client_id: Option<String>,
    /// Only trajectories of this type.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<TrajectoryType>)]
    pub trajectory_type: Option<String>,
    /// Only trajectories in this status.
    #[param(value_type = Option<TrajectoryStatus>)]
    pub status: Option<String>,
    /// Only trajectories led by this organisation.
    #[param(value_type = Option<uuid::Uuid>)]
    pub lead_organisation_id: Option<String>,
    /// Only trajectories registered in this labour-market region.
    #[param(value_type = Option<RegionCode>)]
    pub region_code: Option<String>,
    /// Only trajectories of clients this professional is an active care-team member of (as
    /// far as the caller may see that membership).
    #[param(value_type = Option<uuid::Uuid>)]
    pub involved_user_id: Option<String>,
    /// Only trajectories changed at or after this instant (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub updated_since: Option<String>,
}

/// Open a trajectory
///
/// Opens a trajectory for a client in its type's initial status (REGISTERED); the
/// registration is recorded as its first transition. A client has at most one open
/// trajectory of each type (409 otherwise); reopening means a new trajectory that names the
/// ended one in `previousTrajectoryId`. Roles: EMPLOYMENT_SPECIALIST; UWV_LABOUR_EXPERT and
/// MUNICIPAL_CASE_MANAGER (their own organisation's trajectories); care-team members only (a
/// client outside reach is 400 `unknown_reference`). Data: TRAJECTORY_STATUS,
/// TARGET_GROUP_ATTESTATION (GGZ roles only). Consent: not checked (the caller's own
/// organisation's record). Audit: CREATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    request_body = CreateTrajectoryRequest,
    responses(
        (status = 201, description = "Opened.", body = Trajectory, headers(
            ("Location" = String, description = "URL of the new trajectory."),
            ("ETag" = String, description = "Version of the trajectory."),
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
#[post("/trajectories")]
pub async fn create_trajectory(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateTrajectoryRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewTrajectory::try_from(body.0)?;
    let st = state.clone();
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::create(conn, caller, &new, &st.rules)
    })
    .await?;
    let (id, version) = (view.trajectory.id, view.trajectory.version);
    Ok(created_response(
        format!("/v1/trajectories/{id}"),
        version,
        &Trajectory::from(view),
    ))
}

/// List trajectories
///
/// The trajectories of clients with whom the caller is an active care-team member and whose
/// trajectory data the caller may read, in the order they were opened. Roles:
/// EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER; other roles
/// 403. Data: TRAJECTORY_STATUS; TARGET_GROUP_ATTESTATION where readable. Consent: outside
/// GGZ, trajectories opened by a GGZ institution appear only while a SHARE_GGZ_TO_WI consent
/// covers TRAJECTORY_STATUS. Audit: READ, naming every client on the page.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(TrajectoryFilter, PageQuery),
    responses(
        (status = 200, description = "A page of trajectories.", body = TrajectoryPage, headers(
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
#[get("/trajectories")]
pub async fn list_trajectories(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<TrajectoryFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let f = filter.into_inner();
    let mut invalid = Invalid::default();
    let parsed = ListFilter {
        client_id: invalid.optional_id::<ClientId>("clientId", f.client_id.clone()),
        trajectory_type: invalid.optional_code::<TrajectoryType>("type", f.trajectory_type.clone()),
        status: invalid.optional_code::<TrajectoryStatus>("status", f.status.clone()),
        lead_organisation_id: invalid
            .optional_id::<OrganisationId>("leadOrganisationId", f.lead_organisation_id.clone()),
        region_code: f.region_code.as_deref().and_then(|raw| {
            RegionCode::parse(raw)
                .map_err(|reason| invalid.push("regionCode", "invalid_format", reason))
                .ok()
        }),
        involved_user_id: invalid
            .optional_id::<UserId>("involvedUserId", f.involved_user_id.clone()),
        updated_since: instant(&mut invalid, "updatedSince", f.updated_since.as_deref()),
    };
    let listing = Listing::new(
        "trajectories",
        [
            ("clientId", f.client_id),
            ("type", f.trajectory_type),
            ("status", f.status),
            ("leadOrganisationId", f.lead_organisation_id),
            ("regionCode", f.region_code),
            ("involvedUserId", f.involved_user_id),
            ("updatedSince", f.updated_since),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::list(conn, caller, parsed, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            TrajectoryPage {
                items: items.into_iter().map(Trajectory::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a trajectory
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER as
/// active care-team members of the client (otherwise 404); other roles 403. Data:
/// TRAJECTORY_STATUS; TARGET_GROUP_ATTESTATION where readable. Consent: outside GGZ, a
/// trajectory opened by a GGZ institution needs a SHARE_GGZ_TO_WI consent covering
/// TRAJECTORY_STATUS (403 `consent_required`). Audit: READ.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The trajectory.", body = Trajectory, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change the trajectory or make a transition."),
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
#[get("/trajectories/{trajectoryId}")]
pub async fn get_trajectory(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: TrajectoryId = path_id("trajectoryId", &path)?;
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::get(conn, caller, id)
    })
    .await?;
    Ok(single(
        &req,
        view.trajectory.version,
        &Trajectory::from(view),
    ))
}

/// Change a trajectory
///
/// JSON Merge Patch; needs `If-Match`. Dates stay in order (registration ≤ start ≤ planned
/// end); a closed or early-ended trajectory is final (409). Roles: EMPLOYMENT_SPECIALIST;
/// UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER for their own organisation's trajectories;
/// the attestation alone also PRACTITIONER; care-team members only. Data:
/// TRAJECTORY_STATUS, TARGET_GROUP_ATTESTATION. Consent: as for reading. Audit: UPDATE.
#[utoipa::path(
    tag = "Trajectories",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateTrajectoryRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed trajectory.", body = Trajectory, headers(
            ("ETag" = String, description = "New version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
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
#[patch("/trajectories/{trajectoryId}")]
pub async fn update_trajectory(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateTrajectoryRequest>,
) -> Result<HttpResponse, AppError> {
    let id: TrajectoryId = path_id("trajectoryId", &path)?;
    let changes = TrajectoryChanges::try_from(body.0)?;
    let version = if_match(&req);
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::trajectories::update(conn, caller, id, version, &changes)
    })
    .await?;
    Ok(changed_response(
        view.trajectory.version,
        &Trajectory::from(view),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_trajectory)
        .service(list_trajectories)
        .service(get_trajectory)
        .service(update_trajectory)
        .service(transitions::create_trajectory_transition)
        .service(transitions::list_trajectory_transitions)
        .service(profile::get_vocational_profile)
        .service(profile::put_vocational_profile)
        .service(types::list_trajectory_types)
        .service(financings::create_financing)
        .service(financings::list_financings)
        .service(financings::get_financing)
        .service(financings::update_financing)
        .service(financings::transitions::create_financing_transition)
        .service(financings::transitions::list_financing_transitions);
}
