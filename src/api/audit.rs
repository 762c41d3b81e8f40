//! The NEN 7513 access log (toegangslogging), read: `/v1/audit-events` for the auditor and
//! `/v1/clients/{clientId}/access-log`, a client's access overview (inzageoverzicht).
//! Writing the log is not done here: `service::audited` writes one event per request.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::clients::instant;
use super::problems::{
    BadRequest, Forbidden, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    ServiceUnavailable, Unauthorized,
};
use super::{Invalid, Listing, PageQuery, path_id};
use crate::auth::Caller;
use crate::domain::audit::{Access, Event, EventFilter, EventType, Outcome, Period};
use crate::domain::{ClientId, ConsentId, DataCategory, OrganisationId, Role, UserId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// Who acted, as recorded at the time.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditActor {
    /// The account; `null` for a sign-in to an address no account has.
    pub user_id: Option<uuid::Uuid>,
    /// Its role at the time.
    pub role: Option<Role>,
    /// Its organisation at the time.
    pub organisation_id: Option<uuid::Uuid>,
}

/// One event of the access log (logregel), with every field its hash covers.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// Position in the hash chain, from 1; the order of the log.
    pub seq: i64,
    /// Id.
    pub id: uuid::Uuid,
    /// When it happened (UTC, microseconds).
    pub occurred_at: DateTime<Utc>,
    /// What happened (gebeurtenis).
    pub event_type: EventType,
    /// How it ended.
    pub outcome: Outcome,
    /// Who acted.
    pub actor: AuditActor,
    /// The user a partner system acted for, or the responsible user (verantwoordelijke
    /// gebruiker), if any.
    pub on_behalf_of: Option<String>,
    /// Where from (toegangspunt): the client address.
    pub access_point: String,
    /// The request id, as in the `X-Request-Id` header and the service's own log lines.
    pub request_id: Option<uuid::Uuid>,
    /// The API operation id.
    pub operation: Option<String>,
    /// The kind of object acted on: the path template.
    pub object_type: Option<String>,
    /// The object acted on: the last id in the path.
    pub object_id: Option<String>,
    /// Every client the event concerns, sorted (ids only; never a BSN).
    pub client_ids: Vec<uuid::Uuid>,
    /// The data categories reached (or, when refused, asked for).
    pub data_categories: Vec<DataCategory>,
    /// The consents that opened the data.
    pub consent_ids: Vec<uuid::Uuid>,
    /// The policy rules that allowed it, or the reason it was refused.
    pub rules: Vec<String>,
    /// The emergency access (noodtoegang) it ran under, if any.
    pub emergency_access_id: Option<uuid::Uuid>,
    /// SHA-256 (hex) over the event's canonical content and `prevHash`.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub hash: String,
    /// The previous event's hash (64 zeros before the first).
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub prev_hash: String,
}

impl From<Event> for AuditEvent {
    fn from(e: Event) -> Self {
        Self {
            seq: e.seq,
            id: e.id,
            occurred_at: e.occurred_at,
            event_type: e.event_type,
            outcome: e.outcome,
            actor: AuditActor {
                user_id: e.actor.user_id.map(UserId::uuid),
                role: e.actor.role,
                organisation_id: e.actor.organisation_id.map(OrganisationId::uuid),
            },
            on_behalf_of: e.on_behalf_of,
            access_point: e.access_point,
            request_id: e.request_id,
            operation: e.operation,
            object_type: e.object_type,
            object_id: e.object_id,
            client_ids: e.clients.into_iter().map(ClientId::uuid).collect(),
            data_categories: e.data_categories,
            consent_ids: e.consents.into_iter().map(ConsentId::uuid).collect(),
            rules: e.rules,
            emergency_access_id: e.emergency_access_id,
            hash: e.hash,
            prev_hash: e.prev_hash,
        }
    }
}

/// A page of access-log events.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventPage {
    /// Events, newest first (descending `seq`).
    pub items: Vec<AuditEvent>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the access-log listing; they combine.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct AuditEventFilter {
    /// Only events concerning this client.
    #[param(value_type = Option<uuid::Uuid>)]
    pub client_id: Option<String>,
    /// Only events of this acting account.
    #[param(value_type = Option<uuid::Uuid>)]
    pub user_id: Option<String>,
    /// Only events of this type.
    #[param(value_type = Option<EventType>)]
    pub event_type: Option<String>,
    /// Only events with this outcome.
    #[param(value_type = Option<Outcome>)]
    pub outcome: Option<String>,
    /// Only events at or after this instant (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub from: Option<String>,
    /// Only events before this instant (RFC 3339); not before `from`.
    #[param(value_type = Option<DateTime<Utc>>)]
    pub to: Option<String>,
}

/// A period of the log.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct PeriodFilter {
    /// Only accesses at or after this instant (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub from: Option<String>,
    /// Only accesses before this instant (RFC 3339); not before `from`.
    #[param(value_type = Option<DateTime<Utc>>)]
    pub to: Option<String>,
}

/// `from` and `to`, reported together with every other invalid parameter.
fn period(invalid: &mut Invalid, from: Option<&str>, to: Option<&str>) -> Option<Period> {
    let (from, to) = (instant(invalid, "from", from), instant(invalid, "to", to));
    let period = Period::new(from, to);
    if period.is_none() {
        invalid.push("to", "date_order", "Must not be before from.");
    }
    period
}

/// List access-log events
///
/// The NEN 7513 access log as far as it concerns the caller's organisation: the events its
/// own users caused, and the events about the clients it registered, whoever caused them.
/// Newest first, by descending `seq` (the position in the hash chain); events appended while
/// paging, this read's own among them, come before the first page, so the pages of one walk
/// neither shift nor repeat. Filters combine; `from` is inclusive, `to` exclusive. An event
/// is returned whole (its other clients' ids included) so that its `hash` can be checked.
/// Roles: AUDITOR (functionaris gegevensbescherming) of the organisation; other roles 403.
/// Data: AUDIT_LOG (ids and codes; no names, BSNs or search terms). Consent: not checked
/// (the log is kept by law, not by consent). Audit: AUDIT_READ, naming every client the
/// returned events concern.
#[utoipa::path(
    tag = "Access log",
    security(("bearer" = [])),
    params(AuditEventFilter, PageQuery),
    responses(
        (status = 200, description = "A page of events.", body = AuditEventPage, headers(
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
#[get("/audit-events")]
pub async fn list_audit_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<AuditEventFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let f = filter.into_inner();
    let mut invalid = Invalid::default();
    let client = invalid.optional_id::<ClientId>("clientId", f.client_id.clone());
    let user = invalid.optional_id::<UserId>("userId", f.user_id.clone());
    let event_type = invalid.optional_code::<EventType>("eventType", f.event_type.clone());
    let outcome = invalid.optional_code::<Outcome>("outcome", f.outcome.clone());
    let period = period(&mut invalid, f.from.as_deref(), f.to.as_deref());
    let listing = Listing::new(
        "audit-events",
        [
            ("clientId", f.client_id),
            ("userId", f.user_id),
            ("eventType", f.event_type),
            ("outcome", f.outcome),
            ("from", f.from),
            ("to", f.to),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect(),
    );
    let request = listing.page::<i64>(&page, &mut invalid, &state.hmac_key, &caller);
    let (filter, request) = invalid.finish(|| {
        Some((
            EventFilter {
                client,
                user,
                event_type,
                outcome,
                period: period?,
            },
            request?,
        ))
    })?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::access_log::list(conn, caller, &filter, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            AuditEventPage {
                items: items.into_iter().map(AuditEvent::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Who accessed the client's data.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Accessor {
    /// The account.
    pub user_id: Option<uuid::Uuid>,
    /// The professional's name as the account shows it now.
    pub display_name: Option<String>,
    /// The role at the time of the access.
    pub role: Option<Role>,
    /// The organisation at the time of the access.
    pub organisation_id: Option<uuid::Uuid>,
    /// That organisation's name now.
    pub organisation_name: Option<String>,
}

/// One access to the client's data (inzage).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccessLogEntry {
    /// When (UTC).
    pub occurred_at: DateTime<Utc>,
    /// What kind of access (gebeurtenis).
    pub event_type: EventType,
    /// Whether it was done, refused or failed.
    pub outcome: Outcome,
    /// Who.
    pub who: Accessor,
    /// Which data (gegevenscategorieën).
    pub data_categories: Vec<DataCategory>,
    /// The consents of the client's that opened the data, if any did.
    pub consent_ids: Vec<uuid::Uuid>,
    /// The API operation.
    pub operation: Option<String>,
    /// Whether it was emergency access (noodtoegang, break-glass).
    pub emergency: bool,
}

impl From<Access> for AccessLogEntry {
    fn from(a: Access) -> Self {
        let emergency = a.event.emergency();
        let e = a.event;
        Self {
            occurred_at: e.occurred_at,
            event_type: e.event_type,
            outcome: e.outcome,
            who: Accessor {
                user_id: e.actor.user_id.map(UserId::uuid),
                display_name: a.display_name,
                role: e.actor.role,
                organisation_id: e.actor.organisation_id.map(OrganisationId::uuid),
                organisation_name: a.organisation_name,
            },
            data_categories: e.data_categories,
            consent_ids: e.consents.into_iter().map(ConsentId::uuid).collect(),
            operation: e.operation,
            emergency,
        }
    }
}

/// A page of a client's access overview.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccessLogPage {
    /// Accesses, newest first.
    pub items: Vec<AccessLogEntry>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// List who accessed a client's data
///
/// The client's access overview (inzageoverzicht, NEN 7513), for the care team to hand to
/// the client: every access-log event that concerns this client, newest first, optionally
/// within a period (`from` inclusive, `to` exclusive) — who (name, role and organisation),
/// when, what kind of access and its outcome, which data categories, under which consent,
/// and whether it was emergency access. Role and organisation are those at the time of the
/// access; names are the current ones. Roles: active care-team members who may read the
/// client's IDENTITY (EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT,
/// MUNICIPAL_CASE_MANAGER; WSP_ACCOUNT_MANAGER with consent; JOB_COACH as assigned coach);
/// not a member: 404, as for a client that does not exist; other roles 403. Data: AUDIT_LOG
/// of this client (professionals' names, no other client's data). Consent: as for reading
/// the client's IDENTITY (403 `consent_required`). Audit: AUDIT_READ.
#[utoipa::path(
    tag = "Access log",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id."), PeriodFilter, PageQuery),
    responses(
        (status = 200, description = "A page of the client's access overview.", body = AccessLogPage, headers(
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
#[get("/clients/{clientId}/access-log")]
pub async fn list_client_access_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    filter: web::Query<PeriodFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let f = filter.into_inner();
    let mut invalid = Invalid::default();
    let period = period(&mut invalid, f.from.as_deref(), f.to.as_deref());
    let listing = Listing::new(
        "access-log",
        [("from", f.from), ("to", f.to)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
    )
    .under(client);
    let request = listing.page::<i64>(&page, &mut invalid, &state.hmac_key, &caller);
    let (period, request) = invalid.finish(|| Some((period?, request?)))?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::access_log::of_client(conn, caller, client, period, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            AccessLogPage {
                items: items.into_iter().map(AccessLogEntry::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events)
        .service(list_client_access_log);
}
