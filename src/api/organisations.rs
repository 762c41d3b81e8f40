//! `/v1/organisations`: the organisations whose professionals use werkpad.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::page::{cursor, next_link};
use super::problems::{
    BadRequest, Conflict, Forbidden, InternalError, NotAcceptable, PayloadTooLarge,
    ServiceUnavailable, Unauthorized, UnsupportedMediaType,
};
use super::{ApiJson, Invalid, PageQuery, PageRequestExt, etag};
use crate::auth::Caller;
use crate::domain::accounts::{NewOrganisation, Organisation as DomainOrganisation};
use crate::domain::{OrganisationKind, RegionCode};
use crate::error::AppError;
use crate::state::AppState;
use crate::{db, service};

/// Registration of an organisation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateOrganisationRequest {
    /// Kind of organisation.
    #[schema(required = true, value_type = OrganisationKind)]
    pub kind: Option<String>,
    /// Name, unique regardless of case (1 to 200 characters).
    #[schema(required = true, value_type = String, example = "GGZ Noord-Holland-Noord")]
    pub name: Option<String>,
    /// Chamber of Commerce number (KvK-nummer), 8 digits.
    #[schema(example = "12345678")]
    pub kvk_number: Option<String>,
    /// Government organisation identification number (OIN), 20 digits.
    #[schema(example = "00000001234567890000")]
    pub oin: Option<String>,
    /// AGB code (Vektis), 8 digits, for care providers.
    #[schema(example = "73730123")]
    pub agb_code: Option<String>,
    /// Labour-market regions (arbeidsmarktregio's) the organisation works in, by CBS code.
    #[schema(example = json!(["AM15"]))]
    pub region_codes: Option<Vec<String>>,
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
    /// Labour-market regions (arbeidsmarktregio's) it works in, in code order.
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
        let mut region_codes = Vec::new();
        for (i, raw) in r.region_codes.unwrap_or_default().iter().enumerate() {
            let name = format!("regionCodes[{i}]");
            match RegionCode::parse(raw) {
                Ok(code) if region_codes.contains(&code) => {
                    invalid.push(&name, "invalid_value", "Listed twice.");
                }
                Ok(code) => region_codes.push(code),
                Err(reason) => invalid.push(&name, "invalid_format", reason),
            }
        }
        invalid.finish(|| {
            Some(Self {
                kind: kind?,
                name: name?,
                kvk_number,
                oin,
                agb_code,
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
    let created = db::run(&state.pool, move |conn| {
        service::organisations::create(conn, &caller, &new)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/v1/organisations/{}", created.id),
        ))
        .insert_header((header::ETAG, etag(created.version)))
        .json(Organisation::from(created)))
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
    let filters: Vec<(&str, String)> = kind_raw.map(|k| ("kind", k)).into_iter().collect();
    let canonical = format!("{filters:?}");
    let request = page.parse(&mut invalid, &state.cursor_key, &caller, &canonical);
    let request = invalid.finish(|| request)?;
    let (items, next) = db::run(&state.pool, move |conn| {
        service::organisations::list(conn, &caller, kind, request)
    })
    .await?;
    let next_cursor = next.map(|id| cursor(&state.cursor_key, &caller, &canonical, id));
    let mut response = HttpResponse::Ok();
    if let Some(c) = &next_cursor {
        response.insert_header((
            header::LINK,
            next_link(req.path(), &filters, request.limit, c),
        ));
    }
    Ok(response.json(OrganisationPage {
        items: items.into_iter().map(Organisation::from).collect(),
        next_cursor,
    }))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_organisation).service(list_organisations);
}
