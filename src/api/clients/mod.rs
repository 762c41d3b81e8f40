//! `/v1/clients`: clients (cliënten), their identity and residence, the disclosure choice
//! towards employers. The BSN is never part of these resources: it is written only in
//! request bodies, searched only through `_search` and read only from `/bsn`.

pub mod bsn;
pub mod search;

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
use crate::domain::client::{
    ClientChanges, EmployerDisclosure, MunicipalityCode, NewClient, RecordRegime, check_birth_date,
    parse_phone,
};
use crate::domain::{Bsn, ClientId, Email, RegionCode, UserId};
use crate::error::AppError;
use crate::service;
use crate::service::clients::{ClientView, ListFilter};
use crate::state::AppState;

/// A client to register.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateClientRequest {
    /// Given names (voornamen), 1 to 200 characters.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S", example = "Sanne")]
    pub given_names: Option<String>,
    /// Family name with prefixes (achternaam), 1 to 200 characters.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S", example = "de Vries")]
    pub family_name: Option<String>,
    /// Date of birth (geboortedatum); not in the future, not before 1900.
    #[schema(required = true, value_type = NaiveDate, example = "1990-04-12")]
    pub birth_date: Option<String>,
    /// The client's e-mail address.
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub email: Option<String>,
    /// The client's phone number.
    #[schema(value_type = Option<String>, pattern = r"^\+?[0-9 -]{6,30}$", example = "+31 6 12345678")]
    pub phone: Option<String>,
    /// Municipality of residence (woongemeente), CBS code.
    #[schema(required = true, value_type = String, pattern = "^GM[0-9]{4}$", example = "GM0599")]
    pub municipality_code: Option<String>,
    /// Since when the client lives there.
    #[schema(value_type = Option<NaiveDate>)]
    pub residence_start_date: Option<String>,
    /// Labour-market region (arbeidsmarktregio). Required while no municipality table is
    /// loaded; once one is, it is derived from the municipality and a contradicting value is
    /// refused.
    #[schema(value_type = Option<RegionCode>)]
    pub region_code: Option<String>,
    /// Disclosure choice towards employers; default `NONE`.
    #[schema(value_type = Option<EmployerDisclosure>)]
    pub employer_disclosure: Option<String>,
    /// What exactly may be disclosed, agreed with the client (at most 2000 characters).
    #[schema(max_length = 2000)]
    pub disclosure_note: Option<String>,
    /// Citizen service number (burgerservicenummer): 9 digits (8 are padded with a leading
    /// zero), passing the 11-proef. Only for organisations with a statutory basis (GGZ, UWV,
    /// municipality). Stored encrypted; never returned here.
    #[schema(value_type = Option<String>, pattern = "^[0-9]{8,9}$", example = "123456782")]
    pub bsn: Option<String>,
}

/// A client (cliënt). Fields of the VOCATIONAL_PROFILE category (the disclosure choice) are
/// omitted unless the caller may read that category for this client; `bsnRecorded` is
/// omitted in lists and unless the caller may read the BSN.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    /// Id.
    pub id: uuid::Uuid,
    /// Given names (voornamen).
    pub given_names: String,
    /// Family name (achternaam).
    pub family_name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Municipality of residence (woongemeente), CBS code.
    #[schema(example = "GM0599")]
    pub municipality_code: String,
    /// Since when the client lives there.
    pub residence_start_date: Option<NaiveDate>,
    /// Labour-market region (arbeidsmarktregio) of the residence.
    #[schema(value_type = RegionCode)]
    pub region_code: String,
    /// Disclosure choice towards employers (openheid naar werkgever). Omitted unless the
    /// caller may read VOCATIONAL_PROFILE data of this client.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = EmployerDisclosure, required = false)]
    pub employer_disclosure: Option<EmployerDisclosure>,
    /// What may be disclosed, agreed with the client; `null` when nothing is noted. Omitted
    /// unless the caller may read VOCATIONAL_PROFILE data of this client.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, required = false)]
    pub disclosure_note: Option<Option<String>>,
    /// Whether a BSN is recorded (read it from `/clients/{clientId}/bsn`). Omitted in lists
    /// and unless the caller may read the BSN.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = bool, required = false)]
    pub bsn_recorded: Option<bool>,
    /// Retention regime (dossierregime), from the registering organisation.
    pub record_regime: RecordRegime,
    /// Erasure is blocked by a legal hold.
    pub legal_hold: bool,
    /// The organisation that registered the client.
    pub registered_by_organisation_id: uuid::Uuid,
    /// When it was registered (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<ClientView> for Client {
    fn from(v: ClientView) -> Self {
        let c = v.client;
        Self {
            id: c.id.uuid(),
            given_names: c.given_names,
            family_name: c.family_name,
            birth_date: c.birth_date,
            email: c.email,
            phone: c.phone,
            municipality_code: c.municipality_code,
            residence_start_date: c.municipality_since,
            region_code: c.region_code,
            employer_disclosure: v.disclosure_visible.then_some(c.employer_disclosure),
            disclosure_note: v.disclosure_visible.then_some(c.disclosure_note),
            bsn_recorded: v.bsn_visible.filter(|b| *b).map(|_| c.has_bsn),
            record_regime: c.record_regime,
            legal_hold: c.legal_hold,
            registered_by_organisation_id: c.origin_organisation_id.uuid(),
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// A page of clients.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientPage {
    /// Clients in registration order.
    pub items: Vec<Client>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl ClientPage {
    fn of(items: Vec<ClientView>, next_cursor: Option<String>) -> Self {
        Self {
            items: items.into_iter().map(Client::from).collect(),
            next_cursor,
        }
    }
}

fn email(invalid: &mut Invalid, raw: Option<String>) -> Option<String> {
    let raw = raw?;
    Email::parse(&raw)
        .map(|e| e.as_str().to_owned())
        .map_err(|reason| invalid.push("email", "invalid_format", reason))
        .ok()
}

fn phone(invalid: &mut Invalid, raw: Option<String>) -> Option<String> {
    let raw = raw?;
    parse_phone(&raw)
        .map_err(|reason| invalid.push("phone", "invalid_format", reason))
        .ok()
}

fn municipality(invalid: &mut Invalid, raw: Option<String>) -> Option<MunicipalityCode> {
    let raw = invalid.required("municipalityCode", raw)?;
    MunicipalityCode::parse(raw.trim())
        .map_err(|reason| invalid.push("municipalityCode", "invalid_format", reason))
        .ok()
}

fn region(invalid: &mut Invalid, raw: Option<String>) -> Option<RegionCode> {
    let raw = raw?;
    RegionCode::parse(raw.trim())
        .map_err(|reason| invalid.push("regionCode", "invalid_format", reason))
        .ok()
}

fn birth_date(invalid: &mut Invalid, raw: Option<String>) -> Option<NaiveDate> {
    let date = invalid.date("birthDate", raw)?;
    check_birth_date(date, crate::domain::calendar::today())
        .map_err(|reason| invalid.push("birthDate", "out_of_range", reason))
        .ok()
}

/// Parses a BSN field, reporting `bsn_format` or `bsn_checksum`.
pub(crate) fn bsn_field(invalid: &mut Invalid, name: &str, raw: &str) -> Option<Bsn> {
    Bsn::parse(raw)
        .map_err(|e| invalid.push(name, e.code(), e.reason()))
        .ok()
}

impl TryFrom<CreateClientRequest> for NewClient {
    type Error = AppError;

    fn try_from(r: CreateClientRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let given_names = invalid.text("givenNames", r.given_names, 200);
        let family_name = invalid.text("familyName", r.family_name, 200);
        let birth_date = birth_date(&mut invalid, r.birth_date);
        let email = email(&mut invalid, r.email);
        let phone = phone(&mut invalid, r.phone);
        let municipality_code = municipality(&mut invalid, r.municipality_code);
        let municipality_since =
            invalid.optional_date("residenceStartDate", r.residence_start_date);
        let region_code = region(&mut invalid, r.region_code);
        let employer_disclosure = invalid
            .optional_code::<EmployerDisclosure>("employerDisclosure", r.employer_disclosure)
            .unwrap_or(EmployerDisclosure::None);
        let disclosure_note = invalid.optional_text("disclosureNote", r.disclosure_note, 2000);
        let bsn = r.bsn.and_then(|raw| bsn_field(&mut invalid, "bsn", &raw));
        invalid.finish(|| {
            Some(Self {
                given_names: given_names?,
                family_name: family_name?,
                birth_date: birth_date?,
                email,
                phone,
                municipality_code: municipality_code?,
                municipality_since,
                region_code,
                employer_disclosure,
                disclosure_note,
                bsn,
            })
        })
    }
}

/// A change to a client, as JSON Merge Patch (RFC 7396). The BSN is changed only through
/// `PUT /clients/{clientId}/bsn`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateClientRequest {
    /// New given names.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, min_length = 1, max_length = 200, pattern = r"\S")]
    pub given_names: Option<Option<String>>,
    /// New family name.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, min_length = 1, max_length = 200, pattern = r"\S")]
    pub family_name: Option<Option<String>>,
    /// Corrected date of birth.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = NaiveDate)]
    pub birth_date: Option<Option<String>>,
    /// New e-mail address; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, format = Email, max_length = 254)]
    pub email: Option<Option<String>>,
    /// New phone number; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, pattern = r"^\+?[0-9 -]{6,30}$")]
    pub phone: Option<Option<String>>,
    /// New municipality of residence (the region follows when a municipality table is
    /// loaded).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, pattern = "^GM[0-9]{4}$")]
    pub municipality_code: Option<Option<String>>,
    /// Since when; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub residence_start_date: Option<Option<String>>,
    /// New labour-market region (only while no municipality table is loaded, or equal to the
    /// derived one).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = RegionCode)]
    pub region_code: Option<Option<String>>,
    /// New disclosure choice (needs VOCATIONAL_PROFILE write).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = EmployerDisclosure)]
    pub employer_disclosure: Option<Option<String>>,
    /// New disclosure note; `null` removes it (needs VOCATIONAL_PROFILE write).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub disclosure_note: Option<Option<String>>,
}

impl TryFrom<UpdateClientRequest> for ClientChanges {
    type Error = AppError;

    fn try_from(r: UpdateClientRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let given_names = invalid
            .kept("givenNames", r.given_names, "")
            .and_then(|v| invalid.text("givenNames", Some(v), 200));
        let family_name = invalid
            .kept("familyName", r.family_name, "")
            .and_then(|v| invalid.text("familyName", Some(v), 200));
        let birth = invalid.kept("birthDate", r.birth_date, "");
        let birth_date = birth.and_then(|v| birth_date(&mut invalid, Some(v)));
        let email = invalid.removable(r.email, |i, v| email(i, Some(v)));
        let phone = invalid.removable(r.phone, |i, v| phone(i, Some(v)));
        let municipality_raw = invalid.kept("municipalityCode", r.municipality_code, "");
        let municipality_code = municipality_raw.and_then(|v| municipality(&mut invalid, Some(v)));
        let municipality_since = invalid.removable(r.residence_start_date, |i, v| {
            i.optional_date("residenceStartDate", Some(v))
        });
        let region_raw = invalid.kept("regionCode", r.region_code, "");
        let region_code = region_raw.and_then(|v| region(&mut invalid, Some(v)));
        let employer_disclosure = invalid
            .kept("employerDisclosure", r.employer_disclosure, "Send NONE.")
            .and_then(|v| invalid.code::<EmployerDisclosure>("employerDisclosure", Some(v)));
        let disclosure_note = invalid.removable(r.disclosure_note, |i, v| {
            i.optional_text("disclosureNote", Some(v), 2000)
        });
        invalid.finish(|| {
            Some(Self {
                given_names,
                family_name,
                birth_date,
                email,
                phone,
                municipality_code,
                municipality_since,
                region_code,
                employer_disclosure,
                disclosure_note,
            })
        })
    }
}

/// Filters of the client list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct ClientFilter {
    /// Only clients living in this labour-market region.
    #[param(value_type = Option<RegionCode>)]
    pub region_code: Option<String>,
    /// Only clients with whom this professional is an active care-team member (as far as
    /// the caller may see that membership).
    #[param(value_type = Option<uuid::Uuid>)]
    pub involved_user_id: Option<String>,
    /// Only clients changed at or after this instant (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub updated_since: Option<String>,
}

/// Parses an RFC 3339 instant from a query parameter.
pub(crate) fn instant(
    invalid: &mut Invalid,
    name: &str,
    raw: Option<&str>,
) -> Option<DateTime<Utc>> {
    raw.and_then(|r| {
        DateTime::parse_from_rfc3339(r)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                invalid.push(
                    name,
                    "invalid_format",
                    "Must be an instant such as 2026-01-31T09:00:00Z.",
                );
            })
            .ok()
    })
}

/// Register a client
///
/// Registers a client; the caller becomes an active member of the client's care team (the
/// only way to reach the client afterwards, as for everyone). A BSN may be given in the body
/// (never in the URL); a BSN that is already registered is refused with 409
/// `bsn_already_registered` and no further detail. Roles: EMPLOYMENT_SPECIALIST,
/// UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER (a BSN only from a GGZ, UWV or municipal
/// organisation). Data: IDENTITY, VOCATIONAL_PROFILE (disclosure choice), BSN. Consent: not
/// checked (the caller's own organisation's record). Audit: CREATE.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    request_body = CreateClientRequest,
    responses(
        (status = 201, description = "Registered.", body = Client, headers(
            ("Location" = String, description = "URL of the new client."),
            ("ETag" = String, description = "Version of the client."),
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
#[post("/clients")]
pub async fn create_client(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateClientRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewClient::try_from(body.0)?;
    let st = state.clone();
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::clients::register(conn, caller, &new, &st.vault)
    })
    .await?;
    let version = view.client.version;
    let id = view.client.id;
    Ok(created_response(
        format!("/v1/clients/{id}"),
        version,
        &Client::from(view),
    ))
}

/// List clients
///
/// The clients with whom the caller is an active care-team member and whose identity the
/// caller may read, in registration order, paginated. Roles: EMPLOYMENT_SPECIALIST,
/// PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER, WSP_ACCOUNT_MANAGER (with
/// consent), JOB_COACH (assigned coach); other roles 403. Data: IDENTITY, VOCATIONAL_PROFILE
/// (disclosure choice, where readable). Consent: outside GGZ, clients registered by a GGZ
/// institution appear only while a SHARE_GGZ_TO_WI consent covers IDENTITY. Audit: READ, naming every client on the page.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(ClientFilter, PageQuery),
    responses(
        (status = 200, description = "A page of clients.", body = ClientPage, headers(
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
#[get("/clients")]
pub async fn list_clients(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<ClientFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = filter.into_inner();
    let mut invalid = Invalid::default();
    let region_code = region(&mut invalid, filter.region_code.clone());
    let involved_user_id =
        invalid.optional_id::<UserId>("involvedUserId", filter.involved_user_id.clone());
    let updated_since = instant(
        &mut invalid,
        "updatedSince",
        filter.updated_since.as_deref(),
    );
    let listing = Listing::new(
        "clients",
        [
            ("regionCode", filter.region_code),
            ("involvedUserId", filter.involved_user_id),
            ("updatedSince", filter.updated_since),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::clients::list(
            conn,
            caller,
            ListFilter {
                region_code,
                updated_since,
                involved_user_id,
            },
            request,
        )
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            ClientPage::of(items, c)
        }),
    )
}

/// Read a client
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER,
/// WSP_ACCOUNT_MANAGER (with consent), JOB_COACH (assigned coach), each only as an active
/// care-team member (otherwise 404); other roles 403. Data: IDENTITY; VOCATIONAL_PROFILE
/// fields only where readable. Consent: outside GGZ, a client registered by a GGZ
/// institution needs a SHARE_GGZ_TO_WI consent covering IDENTITY (403 `consent_required`).
/// Audit: READ.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The client.", body = Client, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change the client."),
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
#[get("/clients/{clientId}")]
pub async fn get_client(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::clients::get(conn, caller, id)
    })
    .await?;
    Ok(single(&req, view.client.version, &Client::from(view)))
}

/// Change a client
///
/// JSON Merge Patch; needs `If-Match` with the client's ETag. Identity fields need IDENTITY
/// write, the disclosure choice VOCATIONAL_PROFILE write. Roles: EMPLOYMENT_SPECIALIST;
/// UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER for clients their own organisation
/// registered (identity only); care-team members only. Data: IDENTITY, VOCATIONAL_PROFILE.
/// Consent: as for reading. Audit: UPDATE.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed, as the last read returned it (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateClientRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed client.", body = Client, headers(
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
#[patch("/clients/{clientId}")]
pub async fn update_client(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateClientRequest>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let changes = ClientChanges::try_from(body.0)?;
    let version = if_match(&req);
    let view = service::audited(&state.pool, &caller, move |conn, caller| {
        service::clients::update(conn, caller, id, version, changes)
    })
    .await?;
    Ok(changed_response(view.client.version, &Client::from(view)))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_client)
        .service(list_clients)
        .service(search::search_clients)
        .service(get_client)
        .service(update_client)
        .service(bsn::get_client_bsn)
        .service(bsn::update_client_bsn);
}
