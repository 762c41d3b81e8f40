//! `/v1/organisations`: the organisations whose professionals use werkpad.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{
    BadRequest, Conflict, Forbidden, InternalError, NotAcceptable, NotFound, PayloadTooLarge,
    PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, changed_response, created_response, if_match,
    patch_member, path_id, single,
};
use crate::auth::Caller;
use crate::domain::accounts::{
    NewOrganisation, Organisation as DomainOrganisation, OrganisationChanges,
    kind_specific_problems, parse_cbs_municipality_code,
};
use crate::domain::{OrganisationId, OrganisationKind, RegionCode};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// Registration of an organisation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateOrganisationRequest {
    /// Kind of organisation.
    #[schema(required = true, value_type = OrganisationKind)]
    pub kind: Option<String>,
    /// Name, unique regardless of case (1 to 200 characters).
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S", example = "GGZ Noord-Holland-Noord")]
    pub name: Option<String>,
    /// Chamber of Commerce number (KvK-nummer), 8 digits.
    #[schema(pattern = "^[0-9]{8}$", example = "12345678")]
    pub kvk_number: Option<String>,
    /// Government organisation identification number (OIN), 20 digits.
    #[schema(pattern = "^[0-9]{20}$", example = "00000001234567890000")]
    pub oin: Option<String>,
    /// AGB code (Vektis), 8 digits, for care providers.
    #[schema(pattern = "^[0-9]{8}$", example = "73730123")]
    pub agb_code: Option<String>,
    /// Labour-market regions (arbeidsmarktregio's) the organisation works in, by CBS code.
    #[schema(value_type = Option<Vec<RegionCode>>, example = json!(["AM15"]))]
    pub region_codes: Option<Vec<String>>,
    /// CBS municipality code (gemeentecode, GMxxxx); municipalities only.
    #[schema(pattern = "^GM[0-9]{4}$", example = "GM0599")]
    pub cbs_municipality_code: Option<String>,
    /// Recognised by UWV as a job-coach organisation (erkend door UWV); job-coach
    /// organisations only. Default `false`.
    pub uwv_recognised: Option<bool>,
}

/// An organisation.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    /// Id.
    pub id: uuid::Uuid,
    /// Kind.
    pub kind: OrganisationKind,
    /// Name.
    pub name: String,
    /// KvK-nummer.
    pub kvk_number: Option<String>,
    /// OIN.
    pub oin: Option<String>,
    /// AGB code.
    pub agb_code: Option<String>,
    /// CBS municipality code (gemeentecode), for municipalities.
    pub cbs_municipality_code: Option<String>,
    /// Recognised by UWV as a job-coach organisation (erkend door UWV).
    pub uwv_recognised: bool,
    /// Labour-market regions (arbeidsmarktregio's) it works in, in code order.
    #[schema(value_type = Vec<RegionCode>)]
    pub region_codes: Vec<String>,
    /// When it was registered (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<DomainOrganisation> for Organisation {
    fn from(o: DomainOrganisation) -> Self {
        Self {
            id: o.id.uuid(),
            kind: o.kind,
            name: o.name,
            kvk_number: o.kvk_number,
            oin: o.oin,
            agb_code: o.agb_code,
            cbs_municipality_code: o.cbs_municipality_code,
            uwv_recognised: o.uwv_recognised,
            region_codes: o.region_codes,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

/// A page of organisations.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationPage {
    /// Organisations in registration order.
    pub items: Vec<Organisation>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the organisation list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationFilter {
    /// Only organisations of this kind.
    #[param(value_type = Option<OrganisationKind>)]
    pub kind: Option<String>,
}

fn digits(invalid: &mut Invalid, name: &str, value: Option<String>, len: usize) -> Option<String> {
    let value = value?.trim().to_owned();
    if value.len() == len && value.bytes().all(|b| b.is_ascii_digit()) {
        Some(value)
    } else {
        invalid.push(
            name,
            "invalid_format",
            &format!("Must be exactly {len} digits."),
        );
        None
    }
}

impl TryFrom<CreateOrganisationRequest> for NewOrganisation {
    type Error = AppError;

    fn try_from(r: CreateOrganisationRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let kind = invalid.code::<OrganisationKind>("kind", r.kind);
        let name = invalid.text("name", r.name, 200);
        let kvk_number = digits(&mut invalid, "kvkNumber", r.kvk_number, 8);
        let oin = digits(&mut invalid, "oin", r.oin, 20);
        let agb_code = digits(&mut invalid, "agbCode", r.agb_code, 8);
        let cbs_municipality_code = r
            .cbs_municipality_code
            .and_then(|raw| cbs_code(&mut invalid, &raw));
        let uwv_recognised = r.uwv_recognised.unwrap_or(false);
        if let Some(kind) = kind {
            for (field, reason) in
                kind_specific_problems(kind, cbs_municipality_code.as_deref(), uwv_recognised)
            {
                invalid.push(field, "invalid_value", reason);
            }
        }
        let region_codes = region_codes(&mut invalid, &r.region_codes.unwrap_or_default());
        invalid.finish(|| {
            Some(Self {
                kind: kind?,
                name: name?,
                kvk_number,
                oin,
                agb_code,
                cbs_municipality_code,
                uwv_recognised,
                region_codes,
            })
        })
    }
}

/// Register an organisation
///
/// Roles: SYSTEM_ADMIN. Data: organisation master data (no client data). Audit: none yet;
/// logged as an application event.
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    request_body = CreateOrganisationRequest,
    responses(
        (status = 201, description = "Registered.", body = Organisation, headers(
            ("Location" = String, description = "URL of the new organisation."),
            ("ETag" = String, description = "Version of the organisation."),
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
#[post("/organisations")]
pub async fn create_organisation(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateOrganisationRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewOrganisation::try_from(body.0)?;
    let created = service::audited(&state.pool, &caller, move |conn, caller| {
        service::organisations::create(conn, caller, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/organisations/{}", created.id),
        created.version,
        &Organisation::from(created),
    ))
}

/// List organisations
///
/// In registration order, paginated. Roles: SYSTEM_ADMIN. Data: organisation master data.
/// Audit: none.
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    params(OrganisationFilter, PageQuery),
    responses(
        (status = 200, description = "A page of organisations.", body = OrganisationPage, headers(
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
#[get("/organisations")]
pub async fn list_organisations(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<OrganisationFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut invalid = Invalid::default();
    let kind_raw = filter.into_inner().kind;
    let kind = match kind_raw.clone() {
        None => None,
        raw => invalid.code::<OrganisationKind>("kind", raw),
    };
    let listing = Listing::new(
        "organisations",
        kind_raw.map(|k| ("kind", k)).into_iter().collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::organisations::list(conn, caller, kind, request)
    })
    .await?;
    Ok(listing.respond(
        &req,
        &state.hmac_key,
        &caller,
        request.limit,
        next,
        |next_cursor| OrganisationPage {
            items: items.into_iter().map(Organisation::from).collect(),
            next_cursor,
        },
    ))
}

/// A change to an organisation, as JSON Merge Patch (RFC 7396). Its kind cannot change.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateOrganisationRequest {
    /// New name, unique regardless of case.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: Option<Option<String>>,
    /// New KvK-nummer (8 digits); `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, pattern = "^[0-9]{8}$")]
    pub kvk_number: Option<Option<String>>,
    /// New OIN (20 digits); `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, pattern = "^[0-9]{20}$")]
    pub oin: Option<Option<String>>,
    /// New AGB code (8 digits); `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, pattern = "^[0-9]{8}$")]
    pub agb_code: Option<Option<String>>,
    /// The complete new list of labour-market regions (arbeidsmarktregio's).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Vec<RegionCode>)]
    pub region_codes: Option<Option<Vec<String>>>,
    /// New CBS municipality code (GMxxxx; municipalities only); `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<String>, pattern = "^GM[0-9]{4}$")]
    pub cbs_municipality_code: Option<Option<String>>,
    /// New UWV recognition (job-coach organisations only).
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = bool)]
    pub uwv_recognised: Option<Option<bool>>,
}

fn region_codes(invalid: &mut Invalid, raw: &[String]) -> Vec<RegionCode> {
    let mut codes = Vec::new();
    for (i, raw) in raw.iter().enumerate() {
        let name = format!("regionCodes[{i}]");
        match RegionCode::parse(raw) {
            // A list of regions is a set: naming one twice means the same as once.
            Ok(code) if codes.contains(&code) => {}
            Ok(code) => codes.push(code),
            Err(reason) => invalid.push(&name, "invalid_format", reason),
        }
    }
    codes
}

fn cbs_code(invalid: &mut Invalid, raw: &str) -> Option<String> {
    parse_cbs_municipality_code(raw.trim())
        .map_err(|reason| invalid.push("cbsMunicipalityCode", "invalid_format", reason))
        .ok()
}

impl TryFrom<UpdateOrganisationRequest> for OrganisationChanges {
    type Error = AppError;

    fn try_from(r: UpdateOrganisationRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let name = invalid
            .kept("name", r.name, "")
            .and_then(|v| invalid.text("name", Some(v), 200));
        let kvk_number = invalid.removable(r.kvk_number, |i, v| digits(i, "kvkNumber", Some(v), 8));
        let oin = invalid.removable(r.oin, |i, v| digits(i, "oin", Some(v), 20));
        let agb_code = invalid.removable(r.agb_code, |i, v| digits(i, "agbCode", Some(v), 8));
        let cbs_municipality_code =
            invalid.removable(r.cbs_municipality_code, |i, v| cbs_code(i, &v));
        let uwv_recognised = invalid.kept("uwvRecognised", r.uwv_recognised, "Send false.");
        let region_codes = invalid
            .kept(
                "regionCodes",
                r.region_codes,
                "Send [] to remove every region.",
            )
            .map(|raw| region_codes(&mut invalid, &raw));
        invalid.finish(|| {
            Some(Self {
                name,
                kvk_number,
                oin,
                agb_code,
                cbs_municipality_code,
                uwv_recognised,
                region_codes,
            })
        })
    }
}

/// Read an organisation
///
/// Roles: SYSTEM_ADMIN (any), ORG_ADMIN (its own organisation; another one is 404). Data:
/// organisation master data (no client data). Audit: none.
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    params(
        ("organisationId" = uuid::Uuid, Path, description = "Organisation id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The organisation.", body = Organisation, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change it."),
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
#[get("/organisations/{organisationId}")]
pub async fn get_organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: OrganisationId = path_id("organisationId", &path)?;
    let found = service::audited(&state.pool, &caller, move |conn, caller| {
        service::organisations::get(conn, caller, id)
    })
    .await?;
    Ok(single(&req, found.version, &Organisation::from(found)))
}

/// Change an organisation
///
/// JSON Merge Patch; needs `If-Match` with the organisation's ETag. `regionCodes` replaces
/// the whole list. The kind cannot change. Roles: SYSTEM_ADMIN. Data: organisation master
/// data (no client data). Audit: logged as an application event.
#[utoipa::path(
    tag = "Organisations",
    security(("bearer" = [])),
    params(
        ("organisationId" = uuid::Uuid, Path, description = "Organisation id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed, as the last read returned it (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateOrganisationRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed organisation.", body = Organisation, headers(
            ("ETag" = String, description = "New version."),
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
#[patch("/organisations/{organisationId}")]
pub async fn update_organisation(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateOrganisationRequest>,
) -> Result<HttpResponse, AppError> {
    let id: OrganisationId = path_id("organisationId", &path)?;
    let changes = OrganisationChanges::try_from(body.0)?;
    let version = if_match(&req);
    let updated = service::audited(&state.pool, &caller, move |conn, caller| {
        service::organisations::update(conn, caller, id, version, changes)
    })
    .await?;
    Ok(changed_response(
        updated.version,
        &Organisation::from(updated),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_organisation)
        .service(list_organisations)
        .service(get_organisation)
        .service(update_organisation);
}
