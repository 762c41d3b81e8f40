//! `/v1/clients/{clientId}/bsn`: the one place a BSN is returned, with its own access check.

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bsn_field;
use crate::api::problems::{
    BadRequest, Conflict, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use crate::api::{ApiJson, Invalid, changed_response, if_match, patch_member, path_id, single};
use crate::auth::Caller;
use crate::domain::ClientId;
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A client's BSN.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientBsn {
    /// The citizen service number (burgerservicenummer), 9 digits; `null` when none is
    /// recorded.
    #[schema(example = "123456782")]
    pub bsn: Option<String>,
}

/// Records, replaces or removes a client's BSN.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateClientBsnRequest {
    /// The BSN: 9 digits (8 are padded with a leading zero), passing the 11-proef; `null`
    /// removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(required = true, value_type = Option<String>, pattern = "^[0-9]{8,9}$", example = "123456782")]
    pub bsn: Option<Option<String>>,
}

/// Read a client's BSN
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER of
/// an organisation with a statutory basis for the BSN (GGZ, UWV, municipality), as active
/// care-team members (otherwise 404); other roles 403. Data: BSN. Consent: outside GGZ, a
/// BSN recorded by a GGZ institution needs a SHARE_GGZ_TO_WI consent covering BSN. Audit:
/// READ (its own event, category BSN).
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The BSN.", body = ClientBsn, headers(
            ("ETag" = String, description = "Version of the client; send it as If-Match to change the BSN."),
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
#[get("/clients/{clientId}/bsn")]
pub async fn get_client_bsn(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let st = state.clone();
    let (bsn, version) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::clients::bsn(conn, caller, id, &st.vault)
    })
    .await?;
    Ok(single(
        &req,
        version,
        &ClientBsn {
            bsn: bsn.map(|b| b.digits().to_owned()),
        },
    ))
}

/// Record or change a client's BSN
///
/// Needs `If-Match` with the client's ETag. A BSN registered for another client is refused
/// with 409 `bsn_already_registered`. Roles: EMPLOYMENT_SPECIALIST; UWV_LABOUR_EXPERT and
/// MUNICIPAL_CASE_MANAGER for clients their own organisation registered; of a GGZ, UWV or
/// municipal organisation, as active care-team members. Data: BSN. Consent: as for reading.
/// Audit: UPDATE.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("If-Match" = String, Header, description = "ETag of the client version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body = UpdateClientBsnRequest,
    responses(
        (status = 200, description = "The BSN as now recorded.", body = ClientBsn, headers(
            ("ETag" = String, description = "New version of the client."),
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
#[put("/clients/{clientId}/bsn")]
pub async fn update_client_bsn(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateClientBsnRequest>,
) -> Result<HttpResponse, AppError> {
    let id: ClientId = path_id("clientId", &path)?;
    let mut invalid = Invalid::default();
    let member = invalid.required("bsn", body.0.bsn);
    let bsn = match member {
        Some(Some(raw)) => bsn_field(&mut invalid, "bsn", &raw).map(Some),
        Some(None) => Some(None),
        None => None,
    };
    let bsn = invalid.finish(|| bsn)?;
    let version = if_match(&req);
    let st = state.clone();
    let shown = bsn.as_ref().map(|b| b.digits().to_owned());
    let new_version = service::audited(&state.pool, &caller, move |conn, caller| {
        service::clients::set_bsn(conn, caller, id, version, bsn.as_ref(), &st.vault)
    })
    .await?;
    Ok(changed_response(new_version, &ClientBsn { bsn: shown }))
}
