//! Cursor pagination (Logius API-mod-pagination): `limit` and an opaque, signed `cursor`
//! bound to the caller and the filters, so it can neither be forged nor replayed elsewhere.

use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
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

/// Turning a `PageQuery` into a `PageRequest` and a page's last key into a cursor.
pub trait PageRequestExt {
    /// Validates limit and cursor. `listing` names the list and its filters canonically
    /// (`users[organisationId=…]`), so a cursor is only good for the list that issued it.
    fn parse<K: FromStr + ToString>(
        &self,
        invalid: &mut Invalid,
        key: &[u8],
        caller: &Caller,
        listing: &str,
    ) -> Option<PageRequest<K>>;
}

fn binding(caller: &Caller, listing: &str, last: &str) -> String {
    format!("{}|{listing}|{last}", caller.user_id)
}

/// The cursor for the page after `last`: the key and a MAC over caller, list and key.
#[must_use]
pub fn cursor(key: &[u8], caller: &Caller, listing: &str, last: &impl ToString) -> String {
    let last = last.to_string();
    let mac = keyed_hash(key, "cursor", &binding(caller, listing, &last));
    URL_SAFE_NO_PAD.encode(format!("{last}.{}", &mac[..32]))
}

impl PageRequestExt for PageQuery {
    fn parse<K: FromStr + ToString>(
        &self,
        invalid: &mut Invalid,
        key: &[u8],
        caller: &Caller,
        listing: &str,
    ) -> Option<PageRequest<K>> {
        let limit = match self.limit.as_deref().map(str::parse::<i64>) {
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
        let after = match self.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => Some(None),
            Some(raw) => {
                let decoded = URL_SAFE_NO_PAD
                    .decode(raw)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .and_then(|s| {
                        let (last, mac) = s.rsplit_once('.')?;
                        let expected = keyed_hash(key, "cursor", &binding(caller, listing, last));
                        if expected[..32] == *mac {
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
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        Self::InvalidInput(invalid.0)
    }
}

/// The `Link` header announcing the next page (RFC 8288), built from the request's path
/// and the canonical filters.
#[must_use]
pub fn next_link(path: &str, filters: &[(&str, String)], limit: i64, cursor: &str) -> String {
    let mut query: Vec<String> = filters
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect();
    query.push(format!("limit={limit}"));
    query.push(format!("cursor={cursor}"));
    format!("<{path}?{}>; rel=\"next\"", query.join("&"))
}
