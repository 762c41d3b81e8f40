//! The HTTP edge: DTOs, extractors and thin handlers, one module per resource. Handlers
//! parse input into domain types, hand the use case to `db::run`, and map the result to a
//! response. No SQL and no policy decisions live here.

pub mod audit;
pub mod audit_verification;
pub mod benefits;
pub mod care_team;
pub mod clients;
pub mod consents;
pub mod emergency_access;
pub mod employer_contacts;
pub mod employers;
pub mod exports;
pub mod fidelity;
pub mod jobcoaching;
pub mod journal;
pub mod meta;
pub mod municipalities;
pub mod organisations;
mod page;
pub mod placements;
pub mod problems;
pub mod regions;
pub mod reports;
mod schemas;
pub mod sessions;
pub mod support_activities;
pub mod trajectories;
pub mod users;

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use crate::error::{AppError, InvalidParam};
use crate::state::AppState;

pub use page::{Listing, PageQuery};

/// Media types accepted for request bodies. PATCH bodies are JSON Merge Patch (RFC 7396);
/// plain JSON is accepted with the same semantics.
const BODY_TYPES: [&str; 2] = ["application/json", "application/merge-patch+json"];

/// A JSON request body, parsed strictly: wrong media type → 415, too large → 413, not JSON,
/// wrong JSON type or unknown field → 400 naming the field. Field-level validation happens
/// afterwards in the DTO's conversion to a domain type, which reports every field at once.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map_or(262_144, |s| s.settings.body_limit_bytes);
        let media_ok = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| BODY_TYPES.iter().any(|t| m.trim().eq_ignore_ascii_case(t)));
        let declared_too_large = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .is_some_and(|len| len > limit);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !media_ok {
                return Err(AppError::UnsupportedMediaType);
            }
            if declared_too_large {
                return Err(AppError::PayloadTooLarge);
            }
            let bytes = body.await.map_err(|_| AppError::PayloadTooLarge)?;
            if bytes.len() > limit {
                return Err(AppError::PayloadTooLarge);
            }
            parse_json(&bytes).map(ApiJson)
        })
    }
}

/// Deserialises a body, reporting the first structural problem with its field path.
/// Reasons are our own words: serde's messages can echo the submitted value (a password).
fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = inner.to_string();
        let (name, code, reason) = if let Some(field) = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
        {
            // The path already ends in the unknown field, except at the top level.
            let name = if path == "." { field.to_owned() } else { path };
            (
                name,
                "unknown_field",
                "This field is not part of the request.",
            )
        } else if inner.is_data() {
            (path, "invalid_type", "This value has the wrong JSON type.")
        } else {
            (
                ".".to_owned(),
                "invalid_format",
                "The body is not valid JSON.",
            )
        };
        let name = if name == "." { "body".to_owned() } else { name };
        AppError::MalformedRequest(InvalidParam::new(name, code, reason))
    })?;
    de.end().map_err(|_| {
        AppError::MalformedRequest(InvalidParam::new(
            "body",
            "invalid_format",
            "The body is not valid JSON.",
        ))
    })?;
    Ok(value)
}

/// Parses a path id; a malformed one is a 400 naming the parameter.
pub fn path_id<T: std::str::FromStr>(name: &str, raw: &str) -> Result<T, AppError> {
    raw.parse()
        .map_err(|_| AppError::invalid(name, "invalid_format", "Must be a UUID."))
}

/// A strong ETag for a row version.
#[must_use]
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Whether `If-None-Match` names the current version (or `*`), so a GET may answer 304.
/// Weak comparison, as RFC 9110 prescribes for this header.
#[must_use]
pub fn not_modified(req: &HttpRequest, version: i64) -> bool {
    let Some(raw) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let current = etag(version);
    raw.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == current)
}

/// A single resource: 200 with its ETag, or 304 when the client already holds this version.
pub fn single<T: serde::Serialize>(
    req: &HttpRequest,
    version: i64,
    body: &T,
) -> actix_web::HttpResponse {
    if not_modified(req, version) {
        return actix_web::HttpResponse::NotModified()
            .insert_header((header::ETAG, etag(version)))
            .finish();
    }
    actix_web::HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// 201 for a new resource: its `Location`, its `ETag` and the resource itself.
pub fn created_response<T: serde::Serialize>(
    location: String,
    version: i64,
    body: &T,
) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// 200 for a changed resource, with its new `ETag`.
pub fn changed_response<T: serde::Serialize>(version: i64, body: &T) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// The version named by `If-Match`: `None` when absent or `*` (which protects nothing, so
/// it counts as absent). A weak or foreign tag yields a version that never matches.
#[must_use]
pub fn if_match(req: &HttpRequest) -> Option<i64> {
    let raw = req
        .headers()
        .get(header::IF_MATCH)?
        .to_str()
        .ok()?
        .trim()
        .to_owned();
    if raw.is_empty() || raw == "*" {
        return None;
    }
    Some(
        raw.split(',')
            .map(str::trim)
            .find_map(|tag| tag.strip_prefix('"')?.strip_suffix('"')?.parse().ok())
            .unwrap_or(-1),
    )
}

/// The client's address: the peer, or the first `X-Forwarded-For` hop when the peer is a
/// trusted proxy (a header from anyone else could be forged).
#[must_use]
pub fn client_address(req: &HttpRequest, state: &AppState) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    if let Some(peer) = peer.filter(|p| state.trusts(*p)) {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        return forwarded.unwrap_or(peer).to_string();
    }
    peer.map_or_else(|| "unknown".to_owned(), |p| p.to_string())
}

/// Collects field failures while converting a request DTO.
#[derive(Default)]
pub struct Invalid(Vec<InvalidParam>);

impl Invalid {
    /// Records one failure.
    pub fn push(&mut self, name: &str, code: &str, reason: &str) {
        self.0.push(InvalidParam::new(name, code, reason));
    }

    /// A required field's value, or a `required` failure.
    pub fn required<T>(&mut self, name: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.push(name, "required", "This field is required.");
        }
        value
    }

    /// Trimmed text of 1 to `max` characters.
    pub fn text(&mut self, name: &str, value: Option<String>, max: usize) -> Option<String> {
        let value = self.required(name, value)?.trim().to_owned();
        if value.is_empty() {
            self.push(name, "required", "Must not be empty.");
            None
        } else if value.chars().count() > max {
            self.push(name, "too_long", &format!("At most {max} characters."));
            None
        } else {
            Some(value)
        }
    }

    /// Trimmed text of at most `max` characters, or nothing (absent or blank).
    pub fn optional_text(
        &mut self,
        name: &str,
        value: Option<String>,
        max: usize,
    ) -> Option<String> {
        let value = value?.trim().to_owned();
        if value.is_empty() {
            None
        } else if value.chars().count() > max {
            self.push(name, "too_long", &format!("At most {max} characters."));
            None
        } else {
            Some(value)
        }
    }

    /// A calendar date (`2026-01-31`).
    pub fn date(&mut self, name: &str, value: Option<String>) -> Option<NaiveDate> {
        let raw = self.required(name, value)?;
        self.parse_date(name, &raw)
    }

    /// An optional calendar date.
    pub fn optional_date(&mut self, name: &str, value: Option<String>) -> Option<NaiveDate> {
        value.and_then(|raw| self.parse_date(name, &raw))
    }

    fn parse_date(&mut self, name: &str, raw: &str) -> Option<NaiveDate> {
        let parsed = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.push(name, "invalid_format", "Must be a date such as 2026-01-31.");
        }
        parsed
    }

    /// An id (UUID) referring to another record.
    pub fn id<T: std::str::FromStr>(&mut self, name: &str, value: Option<String>) -> Option<T> {
        let raw = self.required(name, value)?;
        self.parse_id(name, &raw)
    }

    /// An optional id.
    pub fn optional_id<T: std::str::FromStr>(
        &mut self,
        name: &str,
        value: Option<String>,
    ) -> Option<T> {
        value.and_then(|raw| self.parse_id(name, &raw))
    }

    fn parse_id<T: std::str::FromStr>(&mut self, name: &str, raw: &str) -> Option<T> {
        let parsed = raw.trim().parse().ok();
        if parsed.is_none() {
            self.push(name, "invalid_format", "Must be a UUID.");
        }
        parsed
    }

    /// An optional enumeration value.
    pub fn optional_code<T: std::str::FromStr>(
        &mut self,
        name: &str,
        value: Option<String>,
    ) -> Option<T> {
        value.and_then(|raw| self.code(name, Some(raw)))
    }

    /// A number within `min < value <= max` (`min` excluded when `exclusive_min`).
    pub fn number(
        &mut self,
        name: &str,
        value: f64,
        min: f64,
        max: f64,
        exclusive_min: bool,
    ) -> Option<f64> {
        let above = if exclusive_min {
            value > min
        } else {
            value >= min
        };
        if value.is_finite() && above && value <= max {
            Some(value)
        } else {
            let lower = if exclusive_min {
                "more than"
            } else {
                "at least"
            };
            self.push(
                name,
                "out_of_range",
                &format!("Must be {lower} {min} and at most {max}."),
            );
            None
        }
    }

    /// Whether nothing has failed so far.
    #[must_use]
    pub const fn is_clean(&self) -> bool {
        self.0.is_empty()
    }

    /// An enumeration value from its code.
    pub fn code<T: std::str::FromStr>(&mut self, name: &str, value: Option<String>) -> Option<T> {
        let raw = self.required(name, value)?;
        let parsed = raw.parse().ok();
        if parsed.is_none() {
            self.push(name, "invalid_value", "Not one of the allowed values.");
        }
        parsed
    }

    /// A JSON Merge Patch member that cannot be removed: absent stays, a value is kept,
    /// `null` is a `required` failure (`hint` says what to send instead).
    pub fn kept<T>(&mut self, name: &str, member: Option<Option<T>>, hint: &str) -> Option<T> {
        match member {
            Some(None) => {
                self.push(
                    name,
                    "required",
                    format!("Cannot be removed (null). {hint}").trim_end(),
                );
                None
            }
            Some(value) => value,
            None => None,
        }
    }

    /// A JSON Merge Patch member that may be removed: absent stays (`None`), `null` removes
    /// (`Some(None)`), a value is checked by `parse`, which records its own failures.
    pub fn removable<T, U>(
        &mut self,
        member: Option<Option<T>>,
        parse: impl FnOnce(&mut Self, T) -> Option<U>,
    ) -> Option<Option<U>> {
        match member? {
            None => Some(None),
            Some(value) => parse(self, value).map(Some),
        }
    }

    /// The whole conversion's result: the value if nothing failed, all failures otherwise.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, AppError> {
        if self.0.is_empty() {
            value().ok_or_else(|| AppError::Internal(anyhow::anyhow!("validated value missing")))
        } else {
            Err(AppError::InvalidInput(self.0))
        }
    }
}

/// Deserialises a JSON Merge Patch member so that `null` (remove) and absence differ.
pub fn patch_member<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}
