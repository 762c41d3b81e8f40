//! `/v1/clients/{clientId}/consents`: the client's consents (toestemmingen) to share data,
//! and their withdrawal.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{
    BadRequest, Conflict, Forbidden, InternalError, NotAcceptable, NotFound, PayloadTooLarge,
    PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, created_response, etag, if_match, path_id, single,
};
use crate::auth::Caller;
use crate::domain::calendar::today;
use crate::domain::consent::{
    Consent as DomainConsent, ConsentKind, ConsentMethod, ConsentPurpose, ConsentState, NewConsent,
    Recipient, consentable,
};
use crate::domain::{ClientId, ConsentId, DataCategory, OrganisationId, Role, TrajectoryId};
use crate::error::AppError;
use crate::state::AppState;
use crate::{db, service};

/// A consent (toestemming) the client gave: which organisation's data, to whom, which data
/// categories, for what, from when until when.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    /// Id.
    pub id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// The trajectory it was given for; without `validUntilDate` it ends with it.
    pub trajectory_id: Option<uuid::Uuid>,
    /// What the consent is about.
    pub kind: ConsentKind,
    /// The organisation whose data may be shared.
    pub from_organisation_id: uuid::Uuid,
    /// The receiving organisation (or `toRole`).
    pub to_organisation_id: Option<uuid::Uuid>,
    /// The receiving role within the client's care team (or `toOrganisationId`).
    pub to_role: Option<Role>,
    /// The data categories it covers.
    pub data_categories: Vec<DataCategory>,
    /// Why (doel).
    pub purpose: ConsentPurpose,
    /// Why, in words.
    pub purpose_text: Option<String>,
    /// First day in force (datum toestemming).
    pub granted_date: NaiveDate,
    /// Last day in force; `null`: until withdrawn, or until its trajectory ends.
    pub valid_until_date: Option<NaiveDate>,
    /// How it was given.
    pub method: ConsentMethod,
    /// Reference to the signed form or other proof.
    pub evidence_document_ref: Option<String>,
    /// Who recorded it.
    pub recorded_by_user_id: uuid::Uuid,
    /// Where it stands today.
    pub state: ConsentState,
    /// When it was withdrawn (intrekking).
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// How it was withdrawn.
    pub withdrawn_via: Option<ConsentMethod>,
    /// Who recorded the withdrawal.
    pub withdrawn_by_user_id: Option<uuid::Uuid>,
    /// Why, as the client said it.
    pub withdrawal_reason: Option<String>,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<DomainConsent> for Consent {
    fn from(c: DomainConsent) -> Self {
        let (to_organisation_id, to_role) = match c.grant.recipient {
            Recipient::Organisation(org) => (Some(org.uuid()), None),
            Recipient::Role(role) => (None, Some(role)),
        };
        Self {
            id: c.grant.id.uuid(),
            client_id: c.client_id.uuid(),
            trajectory_id: c.trajectory_id.map(TrajectoryId::uuid),
            kind: c.grant.kind,
            from_organisation_id: c.grant.from_organisation_id.uuid(),
            to_organisation_id,
            to_role,
            data_categories: c.grant.categories.clone(),
            purpose: c.purpose,
            purpose_text: c.purpose_text,
            granted_date: c.grant.granted_date,
            valid_until_date: c.grant.valid_until,
            method: c.method,
            evidence_document_ref: c.evidence_document_ref,
            recorded_by_user_id: c.recorded_by_user_id.uuid(),
            state: c.grant.state(today()),
            withdrawn_at: c.withdrawn_at,
            withdrawn_via: c.withdrawn_via,
            withdrawn_by_user_id: c.withdrawn_by_user_id.map(crate::domain::UserId::uuid),
            withdrawal_reason: c.withdrawal_reason,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A page of consents.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentPage {
    /// Consents in the order they were recorded.
    pub items: Vec<Consent>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A consent to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateConsentRequest {
    /// What the consent is about. SHARE_GGZ_TO_WI: from your own GGZ organisation to a
    /// recipient outside GGZ; SHARE_WI_TO_GGZ: from a W&I organisation to GGZ.
    #[schema(required = true, value_type = ConsentKind)]
    pub kind: Option<String>,
    /// The organisation whose data may be shared.
    #[schema(required = true, value_type = uuid::Uuid)]
    pub from_organisation_id: Option<String>,
    /// The receiving organisation; exactly one of this and `toRole`.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub to_organisation_id: Option<String>,
    /// The receiving role (within the client's care team); exactly one of this and
    /// `toOrganisationId`.
    #[schema(value_type = Option<Role>)]
    pub to_role: Option<String>,
    /// The data categories it covers (at least one; not AUDIT_LOG or FIDELITY).
    #[schema(required = true, value_type = Vec<DataCategory>, min_items = 1)]
    pub data_categories: Option<Vec<String>>,
    /// Why.
    #[schema(required = true, value_type = ConsentPurpose)]
    pub purpose: Option<String>,
    /// Why, in words (required for OTHER; at most 500 characters).
    #[schema(max_length = 500)]
    pub purpose_text: Option<String>,
    /// First day in force; default today; not in the future.
    #[schema(value_type = Option<NaiveDate>)]
    pub granted_date: Option<String>,
    /// Last day in force; not before `grantedDate`. Without it: until withdrawn, or until the
    /// trajectory it was given for ends.
    #[schema(value_type = Option<NaiveDate>)]
    pub valid_until_date: Option<String>,
    /// How it was given.
    #[schema(required = true, value_type = ConsentMethod)]
    pub method: Option<String>,
    /// Reference to the signed form or other proof (at most 200 characters).
    #[schema(max_length = 200)]
    pub evidence_document_ref: Option<String>,
    /// The client's trajectory it is given for.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub trajectory_id: Option<String>,
}

fn categories(invalid: &mut Invalid, raw: Option<Vec<String>>) -> Vec<DataCategory> {
    let Some(raw) = invalid.required("dataCategories", raw) else {
        return Vec::new();
    };
    if raw.is_empty() {
        invalid.push(
            "dataCategories",
            "required",
            "Name at least one data category.",
        );
    }
    let mut out = Vec::new();
    for (i, code) in raw.into_iter().enumerate() {
        let name = format!("dataCategories[{i}]");
        match code.parse::<DataCategory>() {
            Ok(c) if !consentable(c) => {
                invalid.push(&name, "invalid_value", "Only client-data categories.");
            }
            Ok(c) if out.contains(&c) => {
                invalid.push(&name, "invalid_value", "Named twice.");
            }
            Ok(c) => out.push(c),
            Err(()) => invalid.push(&name, "invalid_value", "Not one of the allowed values."),
        }
    }
    out
}

impl TryFrom<CreateConsentRequest> for NewConsent {
    type Error = AppError;

    fn try_from(r: CreateConsentRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let kind = invalid.code::<ConsentKind>("kind", r.kind);
        let from = invalid.id::<OrganisationId>("fromOrganisationId", r.from_organisation_id);
        let recipient = match (r.to_organisation_id, r.to_role) {
            (Some(org), None) => invalid
                .id::<OrganisationId>("toOrganisationId", Some(org))
                .map(Recipient::Organisation),
            (None, Some(role)) => {
                if let Ok(
                    role @ (Role::EmploymentSpecialist
                    | Role::Practitioner
                    | Role::UwvLabourExpert
                    | Role::MunicipalCaseManager
                    | Role::WspAccountManager
                    | Role::JobCoach),
                ) = role.parse::<Role>()
                {
                    Some(Recipient::Role(role))
                } else {
                    invalid.push(
                        "toRole",
                        "invalid_value",
                        "Must be a role that works with clients.",
                    );
                    None
                }
            }
            _ => {
                invalid.push(
                    "toOrganisationId",
                    "required",
                    "Name exactly one recipient: toOrganisationId or toRole.",
                );
                None
            }
        };
        let categories = categories(&mut invalid, r.data_categories);
        let purpose = invalid.code::<ConsentPurpose>("purpose", r.purpose);
        let purpose_text = invalid.optional_text("purposeText", r.purpose_text, 500);
        if purpose == Some(ConsentPurpose::Other) && purpose_text.is_none() {
            invalid.push(
                "purposeText",
                "required",
                "Describe the purpose when it is OTHER.",
            );
        }
        let granted_date = invalid.optional_date("grantedDate", r.granted_date);
        if granted_date.is_some_and(|g| g > today()) {
            invalid.push("grantedDate", "out_of_range", "Must not be in the future.");
        }
        let valid_until = invalid.optional_date("validUntilDate", r.valid_until_date);
        let method = invalid.code::<ConsentMethod>("method", r.method);
        let evidence = invalid.optional_text("evidenceDocumentRef", r.evidence_document_ref, 200);
        let trajectory_id = invalid.optional_id::<TrajectoryId>("trajectoryId", r.trajectory_id);
        invalid.finish(|| {
            Some(Self {
                kind: kind?,
                from_organisation_id: from?,
                recipient: recipient?,
                categories,
                purpose: purpose?,
                purpose_text,
                granted_date,
                valid_until,
                method: method?,
                evidence_document_ref: evidence,
                trajectory_id,
            })
        })
    }
}

/// A withdrawal (intrekking).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateConsentWithdrawalRequest {
    /// How the client withdrew it.
    #[schema(required = true, value_type = ConsentMethod)]
    pub withdrawn_via: Option<String>,
    /// Why, as the client said it (at most 500 characters).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// Filters of the consent list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct ConsentFilter {
    /// Only consents given for this trajectory.
    #[param(value_type = Option<uuid::Uuid>)]
    pub trajectory_id: Option<String>,
    /// Only consents of this kind.
    #[param(value_type = Option<ConsentKind>)]
    pub kind: Option<String>,
}

fn ids(path: &(String, String)) -> Result<(ClientId, ConsentId), AppError> {
    Ok((
        path_id("clientId", &path.0)?,
        path_id("consentId", &path.1)?,
    ))
}

/// Record a consent
///
/// Records a consent the client gave; from that moment the policy lets it open the data it
/// covers, on every request, until it expires or is withdrawn. Roles: EMPLOYMENT_SPECIALIST
/// as an active care-team member (otherwise 404); other roles 403. Data: CONSENTS. Consent:
/// not applicable. Audit: CONSENT_GRANT.
#[utoipa::path(
    tag = "Consents",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id.")),
    request_body = CreateConsentRequest,
    responses(
        (status = 201, description = "Recorded.", body = Consent, headers(
            ("Location" = String, description = "URL of the new consent."),
            ("ETag" = String, description = "Version of the consent."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/clients/{clientId}/consents")]
pub async fn create_consent(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateConsentRequest>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let new = NewConsent::try_from(body.0)?;
    let consent = service::audited(&state.pool, &caller, move |conn, caller| {
        service::consents::record(conn, caller, client, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/clients/{client}/consents/{}", consent.grant.id),
        consent.version,
        &Consent::from(consent),
    ))
}

/// List a client's consents
///
/// Roles: EMPLOYMENT_SPECIALIST and PRACTITIONER (all); UWV_LABOUR_EXPERT,
/// MUNICIPAL_CASE_MANAGER, WSP_ACCOUNT_MANAGER, JOB_COACH (only consents their organisation
/// or role is party to); care-team members only (otherwise 404); other roles 403. Data:
/// CONSENTS. Consent: outside GGZ, consents recorded by a GGZ institution need a
/// SHARE_GGZ_TO_WI consent covering CONSENTS. Audit: READ.
#[utoipa::path(
    tag = "Consents",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id."), ConsentFilter, PageQuery),
    responses(
        (status = 200, description = "A page of consents.", body = ConsentPage, headers(
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
#[get("/clients/{clientId}/consents")]
pub async fn list_consents(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    filter: web::Query<ConsentFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let f = filter.into_inner();
    let mut invalid = Invalid::default();
    let parsed = db::consents::Filter {
        trajectory_id: invalid.optional_id::<TrajectoryId>("trajectoryId", f.trajectory_id.clone()),
        kind: invalid.optional_code::<ConsentKind>("kind", f.kind.clone()),
    };
    let listing = Listing::new(
        "consents",
        [("trajectoryId", f.trajectory_id), ("kind", f.kind)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
    )
    .under(client);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::consents::list(conn, caller, client, &parsed, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            ConsentPage {
                items: items.into_iter().map(Consent::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a consent
///
/// Roles: as listing consents. Data: CONSENTS. Consent: as listing consents. Audit: READ.
#[utoipa::path(
    tag = "Consents",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("consentId" = uuid::Uuid, Path, description = "Consent id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The consent.", body = Consent, headers(
            ("ETag" = String, description = "Version; send it as If-Match to withdraw the consent."),
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
#[get("/clients/{clientId}/consents/{consentId}")]
pub async fn get_consent(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = ids(&path)?;
    let consent = service::audited(&state.pool, &caller, move |conn, caller| {
        service::consents::get(conn, caller, client, id)
    })
    .await?;
    Ok(single(&req, consent.version, &Consent::from(consent)))
}

/// Withdraw a consent
///
/// The client withdraws a consent: from the next request on it opens nothing; what was
/// shared before stays with the recipient under its own regime. Needs `If-Match` with the
/// consent's ETag; a consent withdrawn already is final (409 `invalid_transition`). Roles:
/// EMPLOYMENT_SPECIALIST as an active care-team member. Data: CONSENTS. Consent: not
/// applicable. Audit: CONSENT_WITHDRAW.
#[utoipa::path(
    tag = "Consents",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("consentId" = uuid::Uuid, Path, description = "Consent id."),
        ("If-Match" = String, Header, description = "ETag of the consent version being withdrawn (`\"1\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body = CreateConsentWithdrawalRequest,
    responses(
        (status = 200, description = "Withdrawn: the consent as it is now.", body = Consent, headers(
            ("ETag" = String, description = "New version of the consent."),
            ("Content-Location" = String, description = "URL of the consent."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
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
#[post("/clients/{clientId}/consents/{consentId}/withdrawal")]
pub async fn create_consent_withdrawal(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<CreateConsentWithdrawalRequest>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = ids(&path)?;
    let mut invalid = Invalid::default();
    let via = invalid.code::<ConsentMethod>("withdrawnVia", body.0.withdrawn_via);
    let reason = invalid.optional_text("reason", body.0.reason, 500);
    let via = invalid.finish(|| via)?;
    let version = if_match(&req);
    let consent = service::audited(&state.pool, &caller, move |conn, caller| {
        service::consents::withdraw(conn, caller, client, id, version, via, reason.as_deref())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(consent.version)))
        .insert_header((
            header::CONTENT_LOCATION,
            format!("/v1/clients/{client}/consents/{id}"),
        ))
        .json(Consent::from(consent)))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_consent)
        .service(list_consents)
        .service(get_consent)
        .service(create_consent_withdrawal);
}
