//! One error type for the whole service, rendered as an RFC 9457 problem.
//!
//! The status code is a property of the variant, never chosen where the error is raised.
//! 5xx bodies are generic: the cause is logged once with the request id and never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::retention::Refusal;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field, query parameter or header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct InvalidParam {
    /// camelCase path of the field (`organisationId`, `regionCodes[1]`), the query-parameter
    /// name, or the header name.
    pub name: String,
    /// Stable key: `required`, `unknown_field`, `invalid_type`, `invalid_format`,
    /// `invalid_value`, `out_of_range`, `too_long`, `unknown_reference`, `invalid_cursor`.
    pub code: String,
    /// English explanation, free of personal data.
    pub reason: String,
}

impl InvalidParam {
    /// Builds one entry.
    #[must_use]
    pub fn new(name: impl Into<String>, code: &str, reason: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            code: code.to_owned(),
            reason: reason.into(),
        }
    }
}

/// An RFC 9457 problem details body (`application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// `urn:werkpad:problem:<code>`: a stable identifier, not a web address.
    #[serde(rename = "type")]
    #[schema(example = "urn:werkpad:problem:invalid_input")]
    pub problem_type: String,
    /// Short, fixed English summary of the problem type.
    #[schema(example = "Invalid input")]
    pub title: String,
    /// The HTTP status code, repeated.
    #[schema(example = 400, minimum = 400, maximum = 599)]
    pub status: u16,
    /// English explanation of this occurrence; never personal data or internal names.
    #[schema(example = "1 field is invalid.")]
    pub detail: String,
    /// `urn:uuid:<request id>`; the same id is in `X-Request-Id` and the server logs.
    #[schema(example = "urn:uuid:0192f5d2-8c1e-7b3a-9a51-3f0e2c4d5e6f")]
    pub instance: String,
    /// Stable lower snake_case key; clients branch on this.
    #[schema(example = "invalid_input")]
    pub code: String,
    /// On 400: every invalid field at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_params: Option<Vec<InvalidParam>>,
    /// On 409 `invalid_transition`: the statuses the resource may move to from its current
    /// status (empty in a terminal status).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(["INTAKE", "PAUSED", "ENDED_EARLY"]))]
    pub allowed_transitions: Option<Vec<String>>,
    /// On 409 `transition_guard_failed`: the condition that does not hold, as
    /// `GET /trajectory-types` names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "PAID_PLACEMENT_STARTED")]
    pub guard: Option<String>,
    /// On 409 `erasure_refused`: why the file is kept, `legal_hold` or `retention_period`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "retention_period")]
    pub reason: Option<String>,
    /// On 409 `erasure_refused` for `retention_period`: the first day the file may be
    /// erased (bewaartermijn verstreken).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_end_date: Option<chrono::NaiveDate>,
}

/// Everything that can go wrong in a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not JSON, a wrong JSON type, or an unknown field: the one structural error found.
    #[error("malformed request")]
    MalformedRequest(InvalidParam),
    /// Field validation failed; all failures are listed.
    #[error("invalid input")]
    InvalidInput(Vec<InvalidParam>),
    /// Missing, expired or invalid bearer token.
    #[error("unauthenticated")]
    Unauthenticated,
    /// Sign-in failed; identical for every cause.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The caller's role may never do this.
    #[error("forbidden")]
    Forbidden,
    /// A care-team member without the client's consent for this data.
    #[error("consent required")]
    ConsentRequired,
    /// Does not exist, or is outside the caller's reach.
    #[error("not found")]
    NotFound,
    /// Known path, wrong method; carries the methods that are allowed.
    #[error("method not allowed")]
    MethodNotAllowed(Vec<String>),
    /// `Accept` excludes JSON.
    #[error("not acceptable")]
    NotAcceptable,
    /// A uniqueness rule was violated.
    #[error("already exists")]
    AlreadyExists(&'static str),
    /// The BSN is registered for another client (domain.md §18, question 10: no more detail).
    #[error("BSN already registered")]
    BsnAlreadyRegistered,
    /// No transition leads from the current status to the requested one.
    #[error("invalid transition")]
    InvalidTransition(Vec<String>),
    /// The transition exists but its condition (a guard) does not hold.
    #[error("transition guard failed")]
    TransitionGuardFailed {
        /// The guard's code.
        guard: String,
        /// What it means here, in words for the user.
        detail: String,
    },
    /// A client file may not be erased yet: a legal hold, or its retention period.
    #[error("erasure refused")]
    ErasureRefused(crate::domain::retention::Refusal),
    /// `If-Match` does not match the current version.
    #[error("precondition failed")]
    PreconditionFailed,
    /// Body over the configured limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// Request body of the wrong media type.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// `If-Match` missing where required.
    #[error("precondition required")]
    PreconditionRequired,
    /// Too many attempts; retry after this many seconds.
    #[error("rate limited")]
    RateLimited(u64),
    /// A bug or an unexpected failure; the cause is logged, never sent.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
    /// The database cannot be reached or the pool is exhausted.
    #[error("service unavailable")]
    Unavailable,
}

impl AppError {
    /// A single invalid field.
    #[must_use]
    pub fn invalid(name: &str, code: &str, reason: &str) -> Self {
        Self::InvalidInput(vec![InvalidParam::new(name, code, reason)])
    }

    /// The stable `code` member.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::MalformedRequest(_) => "malformed_request",
            Self::InvalidInput(_) => "invalid_input",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::ConsentRequired => "consent_required",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed(_) => "method_not_allowed",
            Self::NotAcceptable => "not_acceptable",
            Self::AlreadyExists(_) => "already_exists",
            Self::BsnAlreadyRegistered => "bsn_already_registered",
            Self::InvalidTransition(_) => "invalid_transition",
            Self::TransitionGuardFailed { .. } => "transition_guard_failed",
            Self::ErasureRefused(_) => "erasure_refused",
            Self::PreconditionFailed => "etag_mismatch",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PreconditionRequired => "if_match_required",
            Self::RateLimited(_) => "rate_limited",
            Self::Internal(_) => "internal_error",
            Self::Unavailable => "service_unavailable",
        }
    }

    const fn title(&self) -> &'static str {
        match self {
            Self::MalformedRequest(_) => "Malformed request",
            Self::InvalidInput(_) => "Invalid input",
            Self::Unauthenticated => "Authentication required",
            Self::InvalidCredentials => "Invalid credentials",
            Self::Forbidden => "Forbidden",
            Self::ConsentRequired => "Consent required",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed(_) => "Method not allowed",
            Self::NotAcceptable => "Not acceptable",
            Self::AlreadyExists(_) => "Already exists",
            Self::BsnAlreadyRegistered => "BSN already registered",
            Self::InvalidTransition(_) => "Transition not allowed",
            Self::TransitionGuardFailed { .. } => "Transition condition not met",
            Self::ErasureRefused(_) => "Erasure refused",
            Self::PreconditionFailed => "Precondition failed",
            Self::PayloadTooLarge => "Payload too large",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::PreconditionRequired => "Precondition required",
            Self::RateLimited(_) => "Too many requests",
            Self::Internal(_) => "Internal error",
            Self::Unavailable => "Service unavailable",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::MalformedRequest(p) => {
                format!("The request body could not be read: {}", p.reason)
            }
            Self::InvalidInput(params) if params.len() == 1 => "1 field is invalid.".to_owned(),
            Self::InvalidInput(params) => format!("{} fields are invalid.", params.len()),
            Self::Unauthenticated => "A valid bearer access token is required.".to_owned(),
            Self::InvalidCredentials => "The e-mail address or password is incorrect.".to_owned(),
            Self::Forbidden => "Your role may not perform this operation.".to_owned(),
            Self::ConsentRequired => {
                "The client has not given consent that covers this data for you.".to_owned()
            }
            Self::NotFound => "The requested resource does not exist.".to_owned(),
            Self::MethodNotAllowed(allow) => {
                format!("This resource supports only {}.", allow.join(", "))
            }
            Self::NotAcceptable => {
                "This API answers only with application/json or application/problem+json."
                    .to_owned()
            }
            Self::AlreadyExists(what) => format!("{what} already exists."),
            Self::BsnAlreadyRegistered => {
                "A client with this BSN is already registered; ask its care team to add you."
                    .to_owned()
            }
            Self::InvalidTransition(allowed) if allowed.is_empty() => {
                "The resource is in a final status; nothing can follow it.".to_owned()
            }
            Self::InvalidTransition(allowed) => format!(
                "This transition is not allowed from the current status; allowed: {}.",
                allowed.join(", ")
            ),
            Self::TransitionGuardFailed { detail, .. } => detail.clone(),
            Self::ErasureRefused(Refusal::LegalHold) => {
                "A legal hold is set on this file; it cannot be erased until it is lifted."
                    .to_owned()
            }
            Self::ErasureRefused(Refusal::RetentionPeriod(end)) => format!(
                "The file's retention period runs until {end}; it cannot be erased before then."
            ),
            Self::PreconditionFailed => {
                "The resource has changed since you read it; read it again.".to_owned()
            }
            Self::PayloadTooLarge => "The request body is larger than allowed.".to_owned(),
            Self::UnsupportedMediaType => "Send the request body as application/json.".to_owned(),
            Self::PreconditionRequired => {
                "Send If-Match with the ETag of the version you read.".to_owned()
            }
            Self::RateLimited(secs) => format!("Too many attempts; try again in {secs} seconds."),
            Self::Internal(_) => {
                "Something went wrong on our side; quote the instance when reporting it.".to_owned()
            }
            Self::Unavailable => "The service is temporarily unavailable.".to_owned(),
        }
    }

    /// Renders the problem response for the request with id `request_id`.
    #[must_use]
    pub fn render(&self, request_id: &str) -> HttpResponse {
        let status = self.status_code();
        let body = Problem {
            problem_type: format!("urn:werkpad:problem:{}", self.code()),
            title: self.title().to_owned(),
            status: status.as_u16(),
            detail: self.detail(),
            instance: format!("urn:uuid:{request_id}"),
            code: self.code().to_owned(),
            invalid_params: match self {
                Self::InvalidInput(params) => Some(params.clone()),
                Self::MalformedRequest(param) => Some(vec![param.clone()]),
                _ => None,
            },
            allowed_transitions: match self {
                Self::InvalidTransition(allowed) => Some(allowed.clone()),
                _ => None,
            },
            guard: match self {
                Self::TransitionGuardFailed { guard, .. } => Some(guard.clone()),
                _ => None,
            },
            reason: match self {
                Self::ErasureRefused(Refusal::LegalHold) => Some("legal_hold".to_owned()),
                Self::ErasureRefused(Refusal::RetentionPeriod(_)) => {
                    Some("retention_period".to_owned())
                }
                _ => None,
            },
            retention_end_date: match self {
                Self::ErasureRefused(Refusal::RetentionPeriod(end)) => Some(*end),
                _ => None,
            },
        };
        let mut response = HttpResponse::build(status);
        response.content_type(PROBLEM_JSON);
        match self {
            Self::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::MethodNotAllowed(allow) => {
                response.insert_header((header::ALLOW, allow.join(", ")));
            }
            Self::RateLimited(secs) => {
                response.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            Self::Unavailable => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("5")));
            }
            _ => {}
        }
        response.json(body)
    }

    /// The closest problem for a status that something other than werkpad's code produced
    /// (the framework or a middleware), so that no plain-text error ever leaves.
    #[must_use]
    pub fn for_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => Self::Unauthenticated,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed(Vec::new()),
            406 => Self::NotAcceptable,
            412 => Self::PreconditionFailed,
            413 => Self::PayloadTooLarge,
            415 => Self::UnsupportedMediaType,
            428 => Self::PreconditionRequired,
            429 => Self::RateLimited(1),
            503 => Self::Unavailable,
            400..=499 => Self::MalformedRequest(InvalidParam::new(
                "body",
                "invalid_format",
                "The request could not be understood.",
            )),
            _ => Self::Internal(anyhow::anyhow!("unexpected {status} from the framework")),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MalformedRequest(_) | Self::InvalidInput(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::ConsentRequired => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Self::AlreadyExists(_)
            | Self::BsnAlreadyRegistered
            | Self::InvalidTransition(_)
            | Self::TransitionGuardFailed { .. }
            | Self::ErasureRefused(_) => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    // The request id is filled in by the `problems` middleware, which re-renders every error
    // with the id of its request; this rendering is only a fallback.
    fn error_response(&self) -> HttpResponse {
        self.render("00000000-0000-0000-0000-000000000000")
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::AlreadyExists("A record with these values")
            }
            other => Self::Internal(anyhow::Error::new(other).context("database error")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(_: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use actix_web::ResponseError;
    use actix_web::body::MessageBody;

    use super::{AppError, InvalidParam};
    use crate::domain::retention::Refusal;

    fn body(error: &AppError) -> serde_json::Value {
        let response = error.render("0192f5d2-8c1e-7b3a-9a51-3f0e2c4d5e6f");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
        let bytes = response.into_body().try_into_bytes().unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn every_problem_has_the_required_members() {
        let all = [
            AppError::MalformedRequest(InvalidParam::new("x", "unknown_field", "Unknown field.")),
            AppError::invalid("email", "required", "Required."),
            AppError::Unauthenticated,
            AppError::InvalidCredentials,
            AppError::Forbidden,
            AppError::ConsentRequired,
            AppError::NotFound,
            AppError::MethodNotAllowed(vec!["GET".into()]),
            AppError::NotAcceptable,
            AppError::AlreadyExists("A user with this e-mail address"),
            AppError::BsnAlreadyRegistered,
            AppError::InvalidTransition(vec!["PAUSED".into()]),
            AppError::InvalidTransition(Vec::new()),
            AppError::TransitionGuardFailed {
                guard: "PAID_PLACEMENT_STARTED".into(),
                detail: "No paid placement has started.".into(),
            },
            AppError::ErasureRefused(Refusal::LegalHold),
            AppError::ErasureRefused(Refusal::RetentionPeriod(
                chrono::NaiveDate::from_ymd_opt(2046, 5, 1).unwrap(),
            )),
            AppError::PreconditionFailed,
            AppError::PayloadTooLarge,
            AppError::UnsupportedMediaType,
            AppError::PreconditionRequired,
            AppError::RateLimited(60),
            AppError::Internal(anyhow::anyhow!("secret SQL detail")),
            AppError::Unavailable,
        ];
        for error in &all {
            let json = body(error);
            assert_eq!(json["status"], error.status_code().as_u16(), "{error:?}");
            assert_eq!(json["code"], error.code());
            assert_eq!(
                json["type"],
                format!("urn:werkpad:problem:{}", error.code())
            );
            assert_eq!(
                json["instance"],
                "urn:uuid:0192f5d2-8c1e-7b3a-9a51-3f0e2c4d5e6f"
            );
            assert!(json["title"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(json["detail"].as_str().is_some_and(|t| !t.is_empty()));
            assert!(
                !json.to_string().contains("secret SQL"),
                "5xx leaks its cause"
            );
        }
    }

    #[test]
    fn an_erasure_refusal_names_its_reason_and_date() {
        let json = body(&AppError::ErasureRefused(Refusal::RetentionPeriod(
            chrono::NaiveDate::from_ymd_opt(2046, 5, 1).unwrap(),
        )));
        assert_eq!(json["status"], 409);
        assert_eq!(json["reason"], "retention_period");
        assert_eq!(json["retentionEndDate"], "2046-05-01");
        let json = body(&AppError::ErasureRefused(Refusal::LegalHold));
        assert_eq!(json["reason"], "legal_hold");
        assert!(json.get("retentionEndDate").is_none());
    }

    #[test]
    fn invalid_input_lists_every_field() {
        let json = body(&AppError::InvalidInput(vec![
            InvalidParam::new("email", "required", "Required."),
            InvalidParam::new("role", "invalid_value", "Unknown role."),
        ]));
        assert_eq!(json["invalidParams"].as_array().unwrap().len(), 2);
        assert_eq!(json["detail"], "2 fields are invalid.");
    }
}
