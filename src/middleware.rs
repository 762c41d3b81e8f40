//! Cross-cutting HTTP behaviour that every response passes through: the request id, the
//! problem rendering of every error (including the framework's own), content negotiation
//! (406), and the 404/405 answer for paths no handler serves.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, web};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;
use uuid::Uuid;

use crate::error::{AppError, PROBLEM_JSON};

/// This request's id: the caller's `X-Request-Id` when it is a UUID (so a front-end can
/// correlate), otherwise a fresh UUIDv7.
#[derive(Clone, Copy, Debug)]
pub struct RequestId(pub Uuid);

/// Builds the request span, carrying the request id so that every log line of the request,
/// including those from blocking database work, names it. Never records query strings or
/// bodies.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let id = request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| Uuid::parse_str(v.trim()).ok())
            .unwrap_or_else(Uuid::now_v7);
        request.extensions_mut().insert(RequestId(id));
        tracing::info_span!(
            "request",
            request_id = %id,
            method = %request.method(),
            path = %request.path(),
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(response) => response.status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        span.record("status", status);
        span.in_scope(|| tracing::info!(status, "request finished"));
    }
}

/// The Swagger UI needs its own scripts, styles and inline images; nothing else does.
const DOCS_CSP: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

fn request_id(req: &HttpRequest) -> Uuid {
    req.extensions()
        .get::<RequestId>()
        .map_or_else(Uuid::now_v7, |r| r.0)
}

/// Whether the `Accept` header lets us answer with JSON (or a JSON problem).
fn accepts_json(req: &ServiceRequest) -> bool {
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            let p = p.trim().replace(' ', "");
            p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
        });
        !refused
            && matches!(
                media.as_str(),
                "*/*" | "application/*" | "application/json" | "application/problem+json"
            )
    })
}

/// Renders any error response as a problem with this request's id, adds `X-Request-Id`,
/// and answers 406 before any work when the client cannot read JSON. Anything that leaves
/// with status ≥ 400 and is not already a problem is replaced, so no framework text, stack
/// trace or crate name ever reaches a client.
pub async fn problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Never clone the request here: routing needs sole ownership of it further in.
    let id = request_id(req.request());
    let api = req.path().starts_with("/v1");
    let docs = req.path().starts_with("/docs");
    let public = req.path() == "/v1/openapi.json";
    // The reports also speak CSV and SVG; they negotiate among their formats themselves.
    let report_format = crate::api::reports::format::acceptable(
        req.path(),
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    );
    let result = if api && !report_format && !accepts_json(&req) {
        Ok(req.into_response(AppError::NotAcceptable.render(&id.to_string())))
    } else {
        next.call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body)
    };
    let mut response = match result {
        Ok(res) if res.status().as_u16() < 400 => res,
        Ok(res) => {
            let rendered = res.response().error().map(|e| rerender(e, id));
            match rendered {
                Some(fresh) => res.into_response(fresh),
                None if is_problem(&res) => res,
                None => {
                    let status = res.status();
                    res.into_response(AppError::for_status(status).render(&id.to_string()))
                }
            }
        }
        // Handlers, extractors and the CORS middleware all answer errors as responses; an
        // `Err` would come from the framework itself and carries no request to answer with,
        // so it is turned into a problem and left to the server to send.
        Err(error) => {
            let status = error.as_response_error().status_code();
            tracing::error!(error = %error, "request failed outside the handlers");
            return Err(AppError::for_status(status).into());
        }
    };
    if public {
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    if docs {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCS_CSP),
        );
    }
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

fn is_problem(res: &ServiceResponse<BoxBody>) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()))
}

fn rerender(error: &Error, id: Uuid) -> HttpResponse {
    if let Some(app) = error.as_error::<AppError>() {
        if let AppError::Internal(cause) = app {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
        app.render(&id.to_string())
    } else {
        let status = error.as_response_error().status_code();
        if status.is_server_error() {
            tracing::error!(error = %error, "request failed in the framework");
        }
        AppError::for_status(status).render(&id.to_string())
    }
}

/// For requests no handler matched: 405 with `Allow` when the path is a documented one
/// (`{param}` segments match anything), 404 otherwise. A trailing slash never matches.
pub async fn unmatched(
    req: HttpRequest,
    spec: web::Data<crate::openapi::PathIndex>,
) -> Result<HttpResponse, AppError> {
    match spec.allowed(req.path()) {
        Some(methods) => Err(AppError::MethodNotAllowed(methods)),
        None => Err(AppError::NotFound),
    }
}
