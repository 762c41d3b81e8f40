//! Cursor pagination (Logius API-mod-pagination): `limit` and an opaque, signed `cursor`
//! bound to the caller and the filters, so it can neither be forged nor replayed elsewhere.

use std::str::FromStr;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use url::form_urlencoded;
use utoipa::IntoParams;

use super::Invalid;
use crate::auth::{Caller, keyed_hash};
use crate::db::pagination::PageRequest;
use crate::error::AppError;

/// Default rows per page.
pub const DEFAULT_LIMIT: i64 = 50;
/// Most rows per page.
pub const MAX_LIMIT: i64 = 200;

/// `limit` and `cursor` query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct PageQuery {
    /// Rows per page, 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// Opaque cursor from the previous page's `nextCursor`; only valid with the same filters
    /// and for the same caller.
    #[param(pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

/// One list request: which list and its filters, in a canonical form that binds cursors
/// to the list that issued them.
pub struct Listing {
    name: &'static str,
    parent: Option<String>,
    filters: Vec<(&'static str, String)>,
}

fn binding(caller: &Caller, listing: &str, last: &str) -> String {
    format!("{}|{listing}|{last}", caller.user_id)
}

fn mac(key: &[u8], caller: &Caller, listing: &str, last: &str) -> String {
    keyed_hash(key, "cursor", &binding(caller, listing, last))[..32].to_owned()
}

impl Listing {
    /// A list named `name` (its path) with the filters the caller set, in query-key order.
    #[must_use]
    pub fn new(name: &'static str, filters: Vec<(&'static str, String)>) -> Self {
        Self {
            name,
            parent: None,
            filters,
        }
    }

    /// The same list under one parent (the ids in its path): a cursor from one client's
    /// care team is refused for another's, without the ids showing up as query parameters.
    #[must_use]
    pub fn under(mut self, parent: impl std::fmt::Display) -> Self {
        self.parent = Some(parent.to_string());
        self
    }

    fn canonical(&self) -> String {
        format!("{}{:?}{:?}", self.name, self.parent, self.filters)
    }

    /// Validates `limit` and `cursor`, recording failures in `invalid`. A cursor is accepted
    /// only for this list, these filters and this caller.
    pub fn page<K: FromStr>(
        &self,
        query: &PageQuery,
        invalid: &mut Invalid,
        key: &[u8],
        caller: &Caller,
    ) -> Option<PageRequest<K>> {
        let limit = match query.limit.as_deref().map(str::parse::<i64>) {
            None => Some(DEFAULT_LIMIT),
            Some(Ok(n)) if (1..=MAX_LIMIT).contains(&n) => Some(n),
            Some(_) => {
                invalid.push(
                    "limit",
                    "out_of_range",
                    "Must be a whole number from 1 to 200.",
                );
                None
            }
        };
        // An empty `cursor=` is what many clients send for "first page".
        let after = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => Some(None),
            Some(raw) => {
                let canonical = self.canonical();
                let decoded = URL_SAFE_NO_PAD
                    .decode(raw)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .and_then(|s| {
                        let (last, signature) = s.rsplit_once('.')?;
                        if mac(key, caller, &canonical, last) == signature {
                            last.parse::<K>().ok()
                        } else {
                            None
                        }
                    });
                if decoded.is_none() {
                    invalid.push(
                        "cursor",
                        "invalid_cursor",
                        "Not a cursor this list issued for these filters.",
                    );
                }
                decoded.map(Some)
            }
        };
        Some(PageRequest {
            after: after?,
            limit: limit?,
        })
    }

    /// The next-page cursor for `next`, signed for this list, these filters and this caller.
    pub fn cursor<K: ToString>(
        &self,
        key: &[u8],
        caller: &Caller,
        next: Option<K>,
    ) -> Option<String> {
        next.map(|last| {
            let last = last.to_string();
            let signature = mac(key, caller, &self.canonical(), &last);
            URL_SAFE_NO_PAD.encode(format!("{last}.{signature}"))
        })
    }

    /// The 200 answer for a page: `body` gets the next cursor (if there is a next page),
    /// which is also announced in an RFC 8288 `Link` header.
    pub fn respond<K: ToString, T: Serialize>(
        &self,
        req: &HttpRequest,
        key: &[u8],
        caller: &Caller,
        limit: i64,
        next: Option<K>,
        body: impl FnOnce(Option<String>) -> T,
    ) -> HttpResponse {
        let next_cursor = self.cursor(key, caller, next);
        let mut response = HttpResponse::Ok();
        if let Some(cursor) = &next_cursor {
            let mut query: Vec<String> = self
                .filters
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{k}={}",
                        form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                    )
                })
                .collect();
            query.push(format!("limit={limit}"));
            query.push(format!("cursor={cursor}"));
            let link = format!("<{}?{}>; rel=\"next\"", req.path(), query.join("&"));
            response.insert_header((header::LINK, link));
        }
        response.json(body(next_cursor))
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        Self::InvalidInput(invalid.0)
    }
}
