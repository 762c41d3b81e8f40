//! `POST /v1/clients/_search`: finding a client by BSN, or by family name and date of birth.
//! The search terms travel in the body only, never in a URL, and are never logged.

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{ClientPage, bsn_field};
use crate::api::problems::{
    BadRequest, Forbidden, InternalError, NotAcceptable, PayloadTooLarge, ServiceUnavailable,
    Unauthorized, UnsupportedMediaType,
};
use crate::api::{ApiJson, Invalid, Listing, PageQuery};
use crate::auth::{Caller, keyed_hash};
use crate::error::AppError;
use crate::service;
use crate::service::clients::Search;
use crate::state::AppState;

/// A client search: either `bsn`, or `familyName` with `birthDate`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClientSearchRequest {
    /// The BSN to find (exact match). Not together with a name.
    #[schema(value_type = Option<String>, pattern = "^[0-9]{8,9}$", example = "123456782")]
    pub bsn: Option<String>,
    /// Family name, matched exactly but regardless of case. With `birthDate`.
    #[schema(max_length = 200)]
    pub family_name: Option<String>,
    /// Date of birth. With `familyName`.
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub birth_date: Option<String>,
    /// Rows per page, 1 to 200 (default 50).
    #[schema(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page's `nextCursor`; valid only with the same search.
    #[schema(pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

/// Search clients
///
/// Finds clients by BSN, or by family name and date of birth, among the clients the caller
/// may see (as `GET /clients`); a BSN search also needs the caller to be allowed to read
/// that client's BSN. Terms are sent in the body only and are never logged; the answer
/// never contains a BSN. Paginated with `limit` and `cursor` in the body; no `Link` header.
/// Roles: as `GET /clients` (a BSN search: EMPLOYMENT_SPECIALIST, PRACTITIONER,
/// UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER of a GGZ, UWV or municipal organisation).
/// Data: IDENTITY (BSN as a search key). Consent: as for reading. Audit: SEARCH, naming
/// every client found and the data categories involved (BSN for a BSN search), never the
/// terms.
#[utoipa::path(
    tag = "Clients",
    security(("bearer" = [])),
    request_body = ClientSearchRequest,
    responses(
        (status = 200, description = "A page of matching clients.", body = ClientPage),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/clients/_search")]
pub async fn search_clients(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<ClientSearchRequest>,
) -> Result<HttpResponse, AppError> {
    let r = body.0;
    let mut invalid = Invalid::default();
    let by_name = r.family_name.is_some() || r.birth_date.is_some();
    let search = match (r.bsn, by_name) {
        (Some(_), true) => {
            invalid.push(
                "bsn",
                "invalid_value",
                "Search by BSN, or by familyName and birthDate, not both.",
            );
            None
        }
        (Some(raw), false) => bsn_field(&mut invalid, "bsn", &raw).map(Search::Bsn),
        (None, true) => {
            let name = invalid.text("familyName", r.family_name, 200);
            let birth = invalid.date("birthDate", r.birth_date);
            name.zip(birth).map(|(n, b)| Search::NameAndBirth(n, b))
        }
        (None, false) => {
            invalid.push(
                "bsn",
                "required",
                "Send a bsn, or a familyName with a birthDate.",
            );
            None
        }
    };
    // The cursor is bound to a keyed hash of the search, so the terms never leave the
    // request (the cursor itself carries only the last id and a signature).
    let fingerprint = keyed_hash(&state.hmac_key, "client-search", &format!("{search:?}"));
    let listing = Listing::new("clients/_search", vec![("query", fingerprint)]);
    let query = PageQuery {
        limit: r.limit.map(|l| l.to_string()),
        cursor: r.cursor,
    };
    let request = listing.page(&query, &mut invalid, &state.hmac_key, &caller);
    let (search, request) = invalid.finish(|| search.zip(request))?;
    let st = state.clone();
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::clients::search(conn, caller, &search, request, &st.vault)
    })
    .await?;
    let next_cursor = listing.cursor(&state.hmac_key, &caller, next);
    Ok(HttpResponse::Ok().json(ClientPage::of(items, next_cursor)))
}
