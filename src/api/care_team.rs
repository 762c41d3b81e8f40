//! `/v1/clients/{clientId}/care-team-members`: who is involved with a client (betrokkenheid).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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
use crate::domain::care_team::{
    Membership, MembershipChanges, MembershipKind, NewMembership, TeamRole,
};
use crate::domain::{ClientId, MembershipId, TrajectoryId, UserId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A professional's involvement with a client (betrokkenheid).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CareTeamMember {
    /// Id.
    pub id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// The professional's account.
    pub user_id: uuid::Uuid,
    /// The professional's organisation.
    pub organisation_id: uuid::Uuid,
    /// Relation to the client in the team.
    pub team_role: TeamRole,
    /// The trajectory the involvement is for, if one.
    pub trajectory_id: Option<uuid::Uuid>,
    /// Regular, or emergency access (break-glass).
    pub kind: MembershipKind,
    /// First day of the involvement.
    pub valid_from_date: NaiveDate,
    /// Last day; `null` while open-ended. Ending a membership sets it.
    pub valid_to_date: Option<NaiveDate>,
    /// Why the professional is involved.
    pub reason: Option<String>,
    /// Who added the membership.
    pub added_by_user_id: uuid::Uuid,
    /// When it was added (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<Membership> for CareTeamMember {
    fn from(m: Membership) -> Self {
        Self {
            id: m.id.uuid(),
            client_id: m.client_id.uuid(),
            user_id: m.user_id.uuid(),
            organisation_id: m.organisation_id.uuid(),
            team_role: m.team_role,
            trajectory_id: m.trajectory_id.map(TrajectoryId::uuid),
            kind: m.kind,
            valid_from_date: m.valid_from,
            valid_to_date: m.valid_to,
            reason: m.reason,
            added_by_user_id: m.added_by_user_id.uuid(),
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A page of care-team members.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CareTeamMemberPage {
    /// Memberships in the order they were added.
    pub items: Vec<CareTeamMember>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A professional to add to the care team.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateCareTeamMemberRequest {
    /// The professional's account (an EMPLOYMENT_SPECIALIST, PRACTITIONER,
    /// UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER, WSP_ACCOUNT_MANAGER or JOB_COACH).
    #[schema(required = true, value_type = uuid::Uuid)]
    pub user_id: Option<String>,
    /// Relation to the client.
    #[schema(required = true, value_type = TeamRole)]
    pub team_role: Option<String>,
    /// For one of the client's trajectories.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub trajectory_id: Option<String>,
    /// First day; default today.
    #[schema(value_type = Option<NaiveDate>)]
    pub valid_from_date: Option<String>,
    /// Last day, if known.
    #[schema(value_type = Option<NaiveDate>)]
    pub valid_to_date: Option<String>,
    /// Why the professional is involved (at most 500 characters).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

impl TryFrom<CreateCareTeamMemberRequest> for NewMembership {
    type Error = AppError;

    fn try_from(r: CreateCareTeamMemberRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let user_id = invalid.id::<UserId>("userId", r.user_id);
        let team_role = invalid.code::<TeamRole>("teamRole", r.team_role);
        let trajectory_id = invalid.optional_id::<TrajectoryId>("trajectoryId", r.trajectory_id);
        let valid_from = invalid.optional_date("validFromDate", r.valid_from_date);
        let valid_to = invalid.optional_date("validToDate", r.valid_to_date);
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && to < from
        {
            invalid.push(
                "validToDate",
                "date_order",
                "Must not be before validFromDate.",
            );
        }
        let reason = invalid.optional_text("reason", r.reason, 500);
        invalid.finish(|| {
            Some(Self {
                user_id: user_id?,
                team_role: team_role?,
                trajectory_id,
                valid_from,
                valid_to,
                reason,
            })
        })
    }
}

/// A change to a membership, as JSON Merge Patch. Ending it means setting `validToDate`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateCareTeamMemberRequest {
    /// New relation.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = TeamRole)]
    pub team_role: Option<Option<String>>,
    /// Last day (ends the membership after that day); `null` makes it open-ended again.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub valid_to_date: Option<Option<String>>,
    /// New reason; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub reason: Option<Option<String>>,
}

impl TryFrom<UpdateCareTeamMemberRequest> for MembershipChanges {
    type Error = AppError;

    fn try_from(r: UpdateCareTeamMemberRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let team_role = invalid
            .kept("teamRole", r.team_role, "")
            .and_then(|v| invalid.code::<TeamRole>("teamRole", Some(v)));
        let valid_to = invalid.removable(r.valid_to_date, |i, v| {
            i.optional_date("validToDate", Some(v))
        });
        let reason = invalid.removable(r.reason, |i, v| i.optional_text("reason", Some(v), 500));
        invalid.finish(|| {
            Some(Self {
                team_role,
                valid_to,
                reason,
            })
        })
    }
}

/// Filters of the care-team list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct CareTeamFilter {
    /// `true` for only the memberships that give access now (active today; an EMERGENCY
    /// one only while its emergency access runs); default all.
    #[param(value_type = Option<bool>)]
    pub active: Option<String>,
}

fn ids(path: &(String, String)) -> Result<(ClientId, MembershipId), AppError> {
    Ok((path_id("clientId", &path.0)?, path_id("memberId", &path.1)?))
}

/// List a client's care team
///
/// The memberships the caller may see, in the order they were added. Roles: active
/// care-team members with a role that reads IDENTITY (EMPLOYMENT_SPECIALIST, PRACTITIONER,
/// UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER; WSP_ACCOUNT_MANAGER with consent; JOB_COACH as
/// assigned coach); not a member: 404; other roles 403. Data: IDENTITY (who is involved).
/// Consent: outside GGZ, a GGZ professional's membership is listed only while a
/// SHARE_GGZ_TO_WI consent from that organisation covers IDENTITY. Audit: READ.
#[utoipa::path(
    tag = "Care team",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id."), CareTeamFilter, PageQuery),
    responses(
        (status = 200, description = "A page of memberships.", body = CareTeamMemberPage, headers(
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
#[get("/clients/{clientId}/care-team-members")]
pub async fn list_care_team_members(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    filter: web::Query<CareTeamFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let mut invalid = Invalid::default();
    let raw = filter.into_inner().active;
    let active = match raw.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            invalid.push("active", "invalid_value", "Must be true or false.");
            false
        }
    };
    let listing = Listing::new(
        "care-team-members",
        [("active", raw)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
    )
    .under(client);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::care_team::list(conn, caller, client, active, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            CareTeamMemberPage {
                items: items.into_iter().map(CareTeamMember::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Add a professional to a client's care team
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER who
/// are active members and lead one of the client's open trajectories or work at the
/// organisation that registered the client; other members 403; not a member 404. A
/// professional with a current membership is refused with 409. Data: IDENTITY (who is
/// involved). Consent: not checked (adding someone shares nothing by itself; what they may
/// see is decided per request). Audit: CREATE.
#[utoipa::path(
    tag = "Care team",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id.")),
    request_body = CreateCareTeamMemberRequest,
    responses(
        (status = 201, description = "Added.", body = CareTeamMember, headers(
            ("Location" = String, description = "URL of the new membership."),
            ("ETag" = String, description = "Version of the membership."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/clients/{clientId}/care-team-members")]
pub async fn create_care_team_member(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateCareTeamMemberRequest>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let new = NewMembership::try_from(body.0)?;
    let member = service::audited(&state.pool, &caller, move |conn, caller| {
        service::care_team::add(conn, caller, client, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/clients/{client}/care-team-members/{}", member.id),
        member.version,
        &CareTeamMember::from(member),
    ))
}

/// Read a care-team membership
///
/// Roles: as listing the care team. Data: IDENTITY. Consent: as listing the care team.
/// Audit: READ.
#[utoipa::path(
    tag = "Care team",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("memberId" = uuid::Uuid, Path, description = "Membership id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The membership.", body = CareTeamMember, headers(
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
#[get("/clients/{clientId}/care-team-members/{memberId}")]
pub async fn get_care_team_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = ids(&path)?;
    let member = service::audited(&state.pool, &caller, move |conn, caller| {
        service::care_team::get(conn, caller, client, id)
    })
    .await?;
    Ok(single(&req, member.version, &CareTeamMember::from(member)))
}

/// Change or end a care-team membership
///
/// JSON Merge Patch; needs `If-Match`. Ending a membership sets `validToDate`; from the day
/// after, the professional no longer reaches the client. Roles: the member ending their own
/// membership; otherwise as adding members. Data: IDENTITY. Consent: the membership must be
/// visible to the caller. Audit: UPDATE.
#[utoipa::path(
    tag = "Care team",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("memberId" = uuid::Uuid, Path, description = "Membership id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateCareTeamMemberRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed membership.", body = CareTeamMember, headers(
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
#[patch("/clients/{clientId}/care-team-members/{memberId}")]
pub async fn update_care_team_member(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<UpdateCareTeamMemberRequest>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = ids(&path)?;
    let changes = MembershipChanges::try_from(body.0)?;
    let version = if_match(&req);
    let member = service::audited(&state.pool, &caller, move |conn, caller| {
        service::care_team::update(conn, caller, client, id, version, changes)
    })
    .await?;
    Ok(changed_response(
        member.version,
        &CareTeamMember::from(member),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_care_team_members)
        .service(create_care_team_member)
        .service(get_care_team_member)
        .service(update_care_team_member);
}
