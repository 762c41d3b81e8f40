//! The problem responses operations document, as reusable response components. Each names
//! when werkpad sends it; every one is `application/problem+json` with the `Problem` schema.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::{Content, Ref, RefOr};

use crate::error::PROBLEM_JSON;

fn problem(name: &str, description: &str) -> RefOr<Response> {
    let mut response = ResponseBuilder::new().description(description).content(
        PROBLEM_JSON,
        Content::new(Some(Ref::from_schema_name("Problem"))),
    );
    let header = |description: &str| {
        HeaderBuilder::new()
            .schema(Some(Object::with_type(Type::String)))
            .description(Some(description))
            .build()
    };
    match name {
        "Unauthorized" => {
            response = response.header("WWW-Authenticate", header("Always `Bearer`."));
        }
        "TooManyRequests" | "ServiceUnavailable" => {
            response = response.header("Retry-After", header("Seconds to wait before retrying."));
        }
        _ => {}
    }
    response.into()
}

macro_rules! problem_responses {
    ($($name:ident = $description:literal;)*) => {
        $(
            #[doc = $description]
            pub struct $name;

            impl<'r> utoipa::ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (stringify!($name), problem(stringify!($name), $description))
                }
            }
        )*

        /// Every problem response component, for the document's `components.responses`.
        pub fn all() -> Vec<(String, RefOr<Response>)> {
            vec![$((stringify!($name).to_owned(), problem(stringify!($name), $description))),*]
        }
    };
}

problem_responses! {
    BadRequest = "Invalid input (`invalid_input`, with every invalid field in `invalidParams`) or a malformed body (`malformed_request`).";
    Unauthorized = "No valid bearer access token (`unauthenticated`), with `WWW-Authenticate: Bearer`.";
    InvalidCredentials = "Sign-in failed (`invalid_credentials`): the same answer for an unknown address, a wrong password and a deactivated account.";
    Forbidden = "The caller's role may not perform this operation (`forbidden`).";
    ForbiddenOrConsentRequired = "The caller's role may not perform this operation (`forbidden`), or the caller is a care-team member without the client's consent that this data needs (`consent_required`).";
    NotFound = "Does not exist, or is outside the caller's reach (`not_found`): the two are indistinguishable.";
    NotAcceptable = "`Accept` allows neither `application/json` nor `application/problem+json` (`not_acceptable`).";
    Conflict = "A uniqueness rule forbids it (`already_exists`, `bsn_already_registered`), or the resource is in a final status (`invalid_transition`).";
    InvalidTransition = "The transition does not exist from the current status (`invalid_transition`, with `allowedTransitions`, empty in a final status); nothing changed.";
    FinalStatus = "The resource is in a final status and can no longer change (`invalid_transition`, with an empty `allowedTransitions`).";
    TransitionConflict = "The transition does not exist from the current status (`invalid_transition`, with `allowedTransitions`), or a condition it needs does not hold (`transition_guard_failed`, naming the `guard`).";
    ErasureRefused = "The file may not be erased yet (`erasure_refused`): `reason` is `legal_hold` while a legal hold is set, or `retention_period` while its retention period runs, with `retentionEndDate`; nothing changed.";
    PreconditionFailed = "`If-Match` does not match the current version (`etag_mismatch`); read the resource again.";
    PayloadTooLarge = "The body exceeds the configured limit, 256 KiB by default (`payload_too_large`).";
    UnsupportedMediaType = "The body is not `application/json` (or `application/merge-patch+json` for PATCH) (`unsupported_media_type`).";
    PreconditionRequired = "`If-Match` is missing or `*` (`if_match_required`).";
    TooManyRequests = "Too many failed sign-ins for this account or address (`rate_limited`); `Retry-After` says when to try again.";
    InternalError = "Unexpected failure (`internal_error`); the body carries only the request id.";
    ServiceUnavailable = "The database is unreachable or busy (`service_unavailable`); `Retry-After` suggests a wait.";
}
