//! The client's AVG rights: `/v1/clients/{clientId}/export` (access and copy, art. 15),
//! `/v1/clients/{clientId}/erasure` (art. 17) and `/v1/clients/{clientId}/retention` (the
//! file's retention state and its legal hold).
//!
//! The export's sections are the very representations the individual endpoints return, so
//! a field withheld there is withheld here.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::AccessLogEntry;
use super::benefits::Benefit;
use super::care_team::CareTeamMember;
use super::clients::Client;
use super::consents::Consent;
use super::employer_contacts::EmployerContact;
use super::jobcoaching::{JobcoachProvision, JobcoachProvisionTransition};
use super::journal::JournalEntry;
use super::placements::Placement;
use super::problems::{
    BadRequest, ErasureRefused, Forbidden, ForbiddenOrConsentRequired, InternalError,
    NotAcceptable, NotFound, PayloadTooLarge, PreconditionFailed, PreconditionRequired,
    ServiceUnavailable, Unauthorized, UnsupportedMediaType,
};
use super::support_activities::SupportActivity;
use super::trajectories::Trajectory;
use super::trajectories::financings::Financing;
use super::trajectories::financings::transitions::FinancingTransition;
use super::trajectories::profile::VocationalProfile;
use super::trajectories::transitions::TrajectoryTransition;
use super::{ApiJson, Invalid, changed_response, if_match, patch_member, path_id, single};
use crate::auth::Caller;
use crate::domain::client::RecordRegime;
use crate::domain::retention::ErasureReason;
use crate::domain::{ClientId, DataCategory};
use crate::error::AppError;
use crate::service;
use crate::service::erasure::{Erased, Retention};
use crate::service::exports::Export;
use crate::state::AppState;

/// A trajectory with its transitions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedTrajectory {
    /// The trajectory, as `GET /trajectories/{trajectoryId}` returns it.
    pub trajectory: Trajectory,
    /// Its transitions, oldest first.
    pub transitions: Vec<TrajectoryTransition>,
}

/// A financing record with its transitions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFinancing {
    /// The financing record (financiering).
    pub financing: Financing,
    /// Its transitions, oldest first.
    pub transitions: Vec<FinancingTransition>,
}

/// A jobcoach provision with its transitions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportedJobcoachProvision {
    /// The provision (jobcoachvoorziening).
    pub provision: JobcoachProvision,
    /// Its transitions, oldest first.
    pub transitions: Vec<JobcoachProvisionTransition>,
}

/// The client's copy of its file (AVG art. 15, BW 7:456). Each section holds what the
/// caller may read of it, in the representation of its own endpoint; a section whose data
/// category the caller's role may never read is omitted, an empty list means nothing is
/// visible or recorded.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientExport {
    /// When the copy was made (UTC).
    pub generated_at: DateTime<Utc>,
    /// The data categories the copy covers, as its access-log event records them.
    pub data_categories: Vec<DataCategory>,
    /// The client, as `GET /clients/{clientId}` returns it.
    pub client: Client,
    /// The citizen service number (burgerservicenummer). Omitted unless the caller may read
    /// the BSN (as `GET /clients/{clientId}/bsn`) and one is recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String, required = false, example = "123456782")]
    pub bsn: Option<String>,
    /// The care team (betrokkenheid), ended memberships included.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub care_team: Option<Vec<CareTeamMember>>,
    /// Consents (toestemmingen), withdrawn ones included. Omitted unless the caller may
    /// read CONSENTS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub consents: Option<Vec<Consent>>,
    /// Benefit records (uitkeringssituatie). Omitted unless the caller may read BENEFITS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub benefits: Option<Vec<Benefit>>,
    /// Trajectories (trajecten) with their transitions. Omitted unless the caller may read
    /// TRAJECTORY_STATUS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub trajectories: Option<Vec<ExportedTrajectory>>,
    /// Financing records (financiering) with their transitions. Omitted unless the caller
    /// may read TRAJECTORY_STATUS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub financings: Option<Vec<ExportedFinancing>>,
    /// Stored vocational profiles (beroepsprofielen), with the fields the caller may read.
    /// Omitted unless the caller may read VOCATIONAL_PROFILE or FUNCTIONAL_ADVICE.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub vocational_profiles: Option<Vec<VocationalProfile>>,
    /// Employer contacts about the client (werkgeverscontacten). Omitted unless the caller
    /// may read EMPLOYER_CONTACTS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub employer_contacts: Option<Vec<EmployerContact>>,
    /// Placements (plaatsingen). Omitted unless the caller may read PLACEMENTS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub placements: Option<Vec<Placement>>,
    /// Support activities (begeleidingscontacten). Omitted unless the caller may read
    /// TRAJECTORY_STATUS.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub support_activities: Option<Vec<SupportActivity>>,
    /// Jobcoach provisions (jobcoachvoorzieningen) with their transitions. Omitted unless
    /// the caller may read JOBCOACHING.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub jobcoach_provisions: Option<Vec<ExportedJobcoachProvision>>,
    /// Journal entries of the categories the caller may read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(required = false)]
    pub journal_entries: Option<Vec<JournalEntry>>,
    /// The client's access overview (NEN 7513), as `GET /clients/{clientId}/access-log`
    /// gives it, newest first, all pages. This export's own event is written as the copy is
    /// handed out.
    pub access_log: Vec<AccessLogEntry>,
}

fn list<A, B: From<A>>(items: Option<Vec<A>>) -> Option<Vec<B>> {
    items.map(|v| v.into_iter().map(B::from).collect())
}

impl From<Export> for ClientExport {
    fn from(e: Export) -> Self {
        Self {
            generated_at: e.generated_at,
            data_categories: e.categories,
            client: Client::from(e.client),
            bsn: e.bsn.map(|b| b.digits().to_owned()),
            care_team: list(e.care_team),
            consents: list(e.consents),
            benefits: list(e.benefits),
            trajectories: e.trajectories.map(|v| {
                v.into_iter()
                    .map(|(t, transitions)| ExportedTrajectory {
                        trajectory: t.into(),
                        transitions: transitions.into_iter().map(Into::into).collect(),
                    })
                    .collect()
            }),
            financings: e.financings.map(|v| {
                v.into_iter()
                    .map(|(f, transitions)| ExportedFinancing {
                        financing: f.into(),
                        transitions: transitions.into_iter().map(Into::into).collect(),
                    })
                    .collect()
            }),
            vocational_profiles: e.vocational_profiles.map(|v| {
                v.into_iter()
                    .map(|(trajectory, view)| {
                        super::trajectories::profile::body(trajectory, view).1
                    })
                    .collect()
            }),
            employer_contacts: list(e.employer_contacts),
            placements: list(e.placements),
            support_activities: list(e.support_activities),
            jobcoach_provisions: e.jobcoach_provisions.map(|v| {
                v.into_iter()
                    .map(|(p, transitions)| ExportedJobcoachProvision {
                        provision: p.into(),
                        transitions: transitions.into_iter().map(Into::into).collect(),
                    })
                    .collect()
            }),
            journal_entries: list(e.journal_entries),
            access_log: e.access_log.into_iter().map(Into::into).collect(),
        }
    }
}

/// Export a client's file (the AVG art. 15 copy)
///
/// The client's copy of everything werkpad holds about the client (AVG art. 15, Wgbo
/// art. 7:456), as one JSON document to hand to the client: identity, care team, consents,
/// benefits, trajectories with their transitions, financing records, vocational profiles,
/// employer contacts, placements, support activities, jobcoach provisions, journal entries,
/// and the client's NEN 7513 access overview. Sent as an attachment. Roles: whoever may read
/// the client (EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT,
/// MUNICIPAL_CASE_MANAGER, WSP_ACCOUNT_MANAGER with consent, JOB_COACH as assigned coach),
/// as an active care-team member (otherwise 404); other roles 403. Data: every category
/// the caller may read, each section exactly as its own endpoint shows it (a category the
/// role may never read is omitted), the BSN only when the caller may read it, and
/// AUDIT_LOG (the access overview). Consent: as reading each section; outside GGZ, a client
/// registered by a GGZ institution needs a SHARE_GGZ_TO_WI consent covering IDENTITY (403
/// `consent_required`). Audit: EXPORT, naming the client and every category included.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id.")),
    responses(
        (status = 200, description = "The client's file.", body = ClientExport, headers(
            ("Content-Disposition" = String, description = "`attachment`, with a file name naming the client id."),
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
#[get("/clients/{clientId}/export")]
pub async fn get_client_export(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let st = state.clone();
    let export = service::audited(&state.pool, &caller, move |conn, caller| {
        service::exports::export(conn, caller, id, &st.vault)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"werkpad-client-{id}.json\""),
        ))
        .json(ClientExport::from(export)))
}

/// An erasure request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateClientErasureRequest {
    /// Why the file is erased.
    #[schema(required = true, value_type = ErasureReason)]
    pub reason: Option<String>,
}

/// What stays of an erased client file (the tombstone): no personal data, only what keeps
/// the access log and the regional reports consistent.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientErasure {
    /// The erased client's id; the access log still names it.
    pub client_id: uuid::Uuid,
    /// When it was erased (UTC).
    pub erased_at: DateTime<Utc>,
    /// Why.
    pub reason: ErasureReason,
    /// The regime it was kept under (dossierregime).
    pub record_regime: RecordRegime,
    /// Labour-market region (arbeidsmarktregio) of the last residence, for the reports.
    #[schema(value_type = crate::domain::RegionCode)]
    pub region_code: String,
    /// The first day the file could be erased under its regime.
    pub retention_end_date: NaiveDate,
    /// Trajectories whose type, status and dates the tombstone keeps for the reports.
    pub trajectories_kept: usize,
    /// Placements whose dates, hours and work type the tombstone keeps for the reports.
    pub placements_kept: usize,
}

impl From<Erased> for ClientErasure {
    fn from(e: Erased) -> Self {
        Self {
            client_id: e.client_id.uuid(),
            erased_at: e.erased_at,
            reason: e.reason,
            record_regime: e.regime,
            region_code: e.region_code,
            retention_end_date: e.retention_end_date,
            trajectories_kept: e.trajectories_kept,
            placements_kept: e.placements_kept,
        }
    }
}

/// Erase a client's file (AVG art. 17)
///
/// Removes the client's personal data and every record about the client (identity, contact
/// details, BSN, care team, consents, benefits, trajectories, financing, profiles, employer
/// contacts, placements, support activities, jobcoach provisions, journal), in one
/// transaction, and leaves a tombstone: the id, when and why, the regime and region, and the
/// trajectory and placement facts the regional reports count. The access log is never
/// changed; its events keep naming the id. Afterwards the client answers 404 to everyone.
/// Refused with 409 `erasure_refused` while a legal hold is set (`reason: legal_hold`) or
/// the regime's retention period runs (`reason: retention_period`, with
/// `retentionEndDate`); the period counts from the later of the file's last change and its
/// last trajectory's end, and from today while a trajectory is open. Roles: AUDITOR of the
/// organisation that registered the client (its controller); an auditor of another
/// organisation gets 404; other roles 403. Data: the whole file (IDENTITY for the log).
/// Consent: not applicable. Audit: DELETE, naming the client.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id.")),
    request_body = CreateClientErasureRequest,
    responses(
        (status = 200, description = "Erased; what stays.", body = ClientErasure),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 409, response = ErasureRefused),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/clients/{clientId}/erasure")]
pub async fn create_client_erasure(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateClientErasureRequest>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let mut invalid = Invalid::default();
    let reason = invalid.code::<ErasureReason>("reason", body.0.reason);
    let reason = invalid.finish(|| reason)?;
    let periods = state.rules.retention;
    let erased = service::audited(&state.pool, &caller, move |conn, caller| {
        service::erasure::erase(conn, caller, id, reason, &periods)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ClientErasure::from(erased)))
}

/// A client file's retention state (bewaartermijn) and legal hold.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientRetention {
    /// The client.
    pub client_id: uuid::Uuid,
    /// Whose retention rules apply (dossierregime).
    pub record_regime: RecordRegime,
    /// A legal hold blocks erasure, whatever the period.
    pub legal_hold: bool,
    /// The day the retention period started counting: the later of the file's last change
    /// and its last trajectory's end, or today while a trajectory is open.
    pub retention_start_date: NaiveDate,
    /// The first day the file may be erased, were there no legal hold.
    pub retention_end_date: NaiveDate,
    /// Whether `POST /clients/{clientId}/erasure` would be allowed today.
    pub erasable: bool,
}

impl From<Retention> for ClientRetention {
    fn from(r: Retention) -> Self {
        Self {
            client_id: r.client_id.uuid(),
            record_regime: r.regime,
            legal_hold: r.legal_hold,
            retention_start_date: r.start_date,
            retention_end_date: r.end_date,
            erasable: r.refusal.is_none(),
        }
    }
}

/// A change to the legal hold, as JSON Merge Patch (RFC 7396).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateClientRetentionRequest {
    /// Set (`true`) or lift (`false`) the legal hold.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(required = true, value_type = bool)]
    pub legal_hold: Option<Option<bool>>,
}

/// Read a client file's retention state
///
/// The regime, the legal hold, when the retention period started and ends, and whether the
/// file may be erased today; no client content. Roles: AUDITOR of the organisation that
/// registered the client; an auditor of another organisation gets 404; other roles 403.
/// Data: the file's retention facts (IDENTITY for the log). Consent: not applicable. Audit:
/// READ.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The retention state.", body = ClientRetention, headers(
            ("ETag" = String, description = "Version of the client; send it as If-Match to change the legal hold."),
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
#[get("/clients/{clientId}/retention")]
pub async fn get_client_retention(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let periods = state.rules.retention;
    let retention = service::audited(&state.pool, &caller, move |conn, caller| {
        service::erasure::get_retention(conn, caller, id, &periods)
    })
    .await?;
    Ok(single(
        &req,
        retention.version,
        &ClientRetention::from(retention),
    ))
}

/// Set or lift a client file's legal hold
///
/// JSON Merge Patch; needs `If-Match` with the client's ETag (from `GET
/// /clients/{clientId}/retention`). While a legal hold is set, neither an erasure request
/// nor the retention job erases the file. Roles: AUDITOR of the organisation that
/// registered the client; an auditor of another organisation gets 404; other roles 403.
/// Data: the legal hold (IDENTITY for the log). Consent: not applicable. Audit: UPDATE.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("If-Match" = String, Header, description = "ETag of the client version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateClientRetentionRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The retention state with the hold as now set.", body = ClientRetention, headers(
            ("ETag" = String, description = "New version of the client."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
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
#[patch("/clients/{clientId}/retention")]
pub async fn update_client_retention(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateClientRetentionRequest>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let mut invalid = Invalid::default();
    let hold = invalid
        .required("legalHold", body.0.legal_hold)
        .and_then(|v| invalid.required("legalHold", v));
    let hold = invalid.finish(|| hold)?;
    let version = if_match(&req);
    let periods = state.rules.retention;
    let retention = service::audited(&state.pool, &caller, move |conn, caller| {
        service::erasure::set_legal_hold(conn, caller, id, version, hold, &periods)
    })
    .await?;
    Ok(changed_response(
        retention.version,
        &ClientRetention::from(retention),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_client_export)
        .service(create_client_erasure)
        .service(get_client_retention)
        .service(update_client_retention);
}
