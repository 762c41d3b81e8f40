//! Emergency access (noodtoegang, break-glass): `POST /v1/clients/{clientId}/emergency-access`
//! opens a client file to a GGZ care professional outside their involvement, for a limited
//! time; `/v1/emergency-accesses` is where the auditor reviews those grants.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::problems::{
    BadRequest, Conflict, Forbidden, InternalError, NotAcceptable, NotFound, PayloadTooLarge,
    ServiceUnavailable, Unauthorized, UnsupportedMediaType,
};
use super::{ApiJson, Invalid, Listing, PageQuery, created_response, path_id, single};
use crate::auth::Caller;
use crate::domain::care_team::{
    EMERGENCY_REASON_MAX, EMERGENCY_REASON_MIN, EmergencyAccess as Grant, NewEmergencyAccess,
};
use crate::domain::{ClientId, EmergencyAccessId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A grant never changes, so its version (and ETag) is always the first.
const VERSION: i64 = 1;

/// An emergency access (noodtoegang, break-glass): a GGZ care professional opened a client
/// file outside their involvement. While it runs (`startsAt` ≤ now < `endsAt`) they are a
/// care-team member of kind EMERGENCY; every access-log event of a request that rested on it
/// carries its id.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmergencyAccess {
    /// Id; the access log names it as `emergencyAccessId`.
    pub id: uuid::Uuid,
    /// The client whose file was opened.
    pub client_id: uuid::Uuid,
    /// The professional who broke the glass.
    pub user_id: uuid::Uuid,
    /// Their organisation.
    pub organisation_id: uuid::Uuid,
    /// The EMERGENCY care-team membership that came with it.
    pub care_team_member_id: uuid::Uuid,
    /// Why the file had to be opened, as the professional stated it.
    pub reason: String,
    /// From when it counts (UTC).
    pub starts_at: DateTime<Utc>,
    /// When it ends (UTC, exclusive); from then on the client is out of reach again.
    pub ends_at: DateTime<Utc>,
    /// Whether it runs at the moment of the answer.
    pub active: bool,
}

impl From<Grant> for EmergencyAccess {
    fn from(g: Grant) -> Self {
        Self {
            active: g.active_at(Utc::now()),
            id: g.id.uuid(),
            client_id: g.client_id.uuid(),
            user_id: g.user_id.uuid(),
            organisation_id: g.organisation_id.uuid(),
            care_team_member_id: g.membership_id.uuid(),
            reason: g.reason,
            starts_at: g.starts_at,
            ends_at: g.ends_at,
        }
    }
}

/// A page of emergency accesses.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmergencyAccessPage {
    /// Grants in the order they were made.
    pub items: Vec<EmergencyAccess>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A request to break the glass.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateEmergencyAccessRequest {
    /// Why the file must be opened now, for the auditor who reviews it (10 to 1000
    /// characters after trimming). It is shown to the auditor and to you, never written to
    /// the access log or the application log.
    #[schema(required = true, min_length = 10, max_length = 1000)]
    pub reason: Option<String>,
}

impl TryFrom<CreateEmergencyAccessRequest> for NewEmergencyAccess {
    type Error = AppError;

    fn try_from(r: CreateEmergencyAccessRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let reason = invalid
            .text("reason", r.reason, EMERGENCY_REASON_MAX)
            .filter(|reason| {
                let long_enough = reason.chars().count() >= EMERGENCY_REASON_MIN;
                if !long_enough {
                    invalid.push(
                        "reason",
                        "out_of_range",
                        &format!(
                            "At least {EMERGENCY_REASON_MIN} characters: say why the file \
                             must be opened now."
                        ),
                    );
                }
                long_enough
            });
        invalid.finish(|| Some(Self { reason: reason? }))
    }
}

/// Open a client file in an emergency (break-glass)
///
/// Opens the client's file to the caller, who is not on its care team, from now for the
/// installation's emergency-access time (`WERKPAD_EMERGENCY_ACCESS_TTL`, one hour by
/// default), with a stated reason. It creates a care-team membership of kind EMERGENCY: while
/// the grant runs the caller reaches the client like any member, and what they may read is
/// still decided by their role and the client's consents (break-glass opens involvement, not
/// consent). When it ends the client is out of reach again (404). It raises an alert for
/// the security officer, is listed for the auditor (`GET /emergency-accesses`) and shows in
/// the client's access log. A caller who is a member already, regularly or by a grant that
/// still runs, gets 409 `already_exists`: a grant is never extended, ask again once it has
/// ended. Roles: EMPLOYMENT_SPECIALIST and PRACTITIONER of a GGZ organisation; every other
/// role 403 before anything is looked up; a client that does not exist 404. Data: IDENTITY
/// (the membership). Consent: not checked here; every later read checks it as usual.
/// Audit: BREAK_GLASS, carrying the grant's `emergencyAccessId`, as does every event of a
/// request that rests on the grant.
#[utoipa::path(
    tag = "Emergency access",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id.")),
    request_body = CreateEmergencyAccessRequest,
    responses(
        (status = 201, description = "The file is open to the caller until `endsAt`.", body = EmergencyAccess, headers(
            ("Location" = String, description = "URL of the grant."),
            ("ETag" = String, description = "Version of the grant (it never changes)."),
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
#[post("/clients/{clientId}/emergency-access")]
pub async fn create_emergency_access(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateEmergencyAccessRequest>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let new = NewEmergencyAccess::try_from(body.0)?;
    let ttl = state.rules.emergency_access_ttl;
    let grant = service::audited(&state.pool, &caller, move |conn, caller| {
        service::emergency_access::create(conn, caller, client, &new, ttl)
    })
    .await?;
    Ok(created_response(
        format!("/v1/emergency-accesses/{}", grant.id),
        VERSION,
        &EmergencyAccess::from(grant),
    ))
}

/// List emergency accesses
///
/// The auditor's review of break-glass: the grants made by professionals of the auditor's
/// organisation and those on clients its organisation registered, in the order they were
/// made, running and ended alike. Roles: AUDITOR; every other role 403. Data: AUDIT_LOG (who
/// opened which client's file, when and why). Consent: not applicable. Audit: AUDIT_READ,
/// naming every client listed.
#[utoipa::path(
    tag = "Emergency access",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of grants.", body = EmergencyAccessPage, headers(
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
#[get("/emergency-accesses")]
pub async fn list_emergency_accesses(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut invalid = Invalid::default();
    let listing = Listing::new("emergency-accesses", Vec::new());
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::emergency_access::list(conn, caller, request)
    })
    .await?;
    Ok(listing.respond(
        &req,
        &state.hmac_key,
        &caller,
        request.limit,
        next,
        |next_cursor| EmergencyAccessPage {
            items: items.into_iter().map(EmergencyAccess::from).collect(),
            next_cursor,
        },
    ))
}

/// Read an emergency access
///
/// One grant. Roles: AUDITOR (the grants listed by `GET /emergency-accesses`);
/// EMPLOYMENT_SPECIALIST and PRACTITIONER of a GGZ organisation (only their own); a grant
/// outside that reach 404; every other role 403. Data: AUDIT_LOG. Consent: not applicable.
/// Audit: AUDIT_READ.
#[utoipa::path(
    tag = "Emergency access",
    security(("bearer" = [])),
    params(
        ("emergencyAccessId" = uuid::Uuid, Path, description = "Emergency access id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The grant.", body = EmergencyAccess, headers(
            ("ETag" = String, description = "Version (a grant never changes)."),
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
#[get("/emergency-accesses/{emergencyAccessId}")]
pub async fn get_emergency_access(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: EmergencyAccessId = path_id("emergencyAccessId", &path)?;
    let grant = service::audited(&state.pool, &caller, move |conn, caller| {
        service::emergency_access::get(conn, caller, id)
    })
    .await?;
    Ok(single(&req, VERSION, &EmergencyAccess::from(grant)))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_emergency_access)
        .service(list_emergency_accesses)
        .service(get_emergency_access);
}
