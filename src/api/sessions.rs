//! `/v1/sessions`: sign in, rotate the refresh token, sign out.

use actix_web::{HttpRequest, HttpResponse, delete, post, web};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::problems::{
    BadRequest, InternalError, InvalidCredentials, NotAcceptable, PayloadTooLarge,
    ServiceUnavailable, TooManyRequests, Unauthorized, UnsupportedMediaType,
};
use super::{ApiJson, Invalid};
use crate::auth::Caller;
use crate::auth::RequestMeta;
use crate::error::AppError;
use crate::service::sessions::{self, SignIn, Tokens};
use crate::state::AppState;
use crate::{db, service};

/// Sign-in request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSessionRequest {
    /// E-mail address of the account (case-insensitive).
    #[schema(required = true, value_type = String, format = Email, example = "system-admin@demo.werkpad.nl")]
    pub email: Option<String>,
    /// Password, 12 to 128 characters. Never logged.
    #[schema(required = true, value_type = String, format = Password, min_length = 1, max_length = 1024)]
    pub password: Option<String>,
}

/// Refresh request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct RefreshSessionRequest {
    /// The refresh token from the previous sign-in or refresh. Single use.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 512)]
    pub refresh_token: Option<String>,
}

/// A token pair.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionTokens {
    /// JWT access token for `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires (15 minutes by default).
    #[schema(example = 900)]
    pub expires_in: u64,
    /// Opaque refresh token: single use, rotated on every refresh. Keep it secret.
    pub refresh_token: String,
    /// Seconds until the refresh token expires if unused (30 minutes idle by default,
    /// never beyond the session's absolute 12 hours).
    #[schema(example = 1800)]
    pub refresh_expires_in: u64,
}

impl From<Tokens> for SessionTokens {
    fn from(t: Tokens) -> Self {
        Self {
            access_token: t.access_token,
            token_type: "Bearer",
            expires_in: t.expires_in,
            refresh_token: t.refresh_token,
            refresh_expires_in: t.refresh_expires_in,
        }
    }
}

/// Sign in
///
/// Exchanges e-mail address and password for an access token and a refresh token. Roles:
/// anyone with an active account. An unknown address, a wrong password and a deactivated
/// account all get the same 401. After 5 failures within 15 minutes for one account or one
/// client address, sign-in answers 429 until the window has passed, even with the right
/// password. Data: none. Audit: LOGIN, SUCCESS or DENIED (`invalid_credentials`,
/// `throttled`), naming the account when the address belongs to one; never the address or
/// the password.
#[utoipa::path(
    tag = "Sessions",
    security(()),
    request_body = CreateSessionRequest,
    responses(
        (status = 201, description = "Signed in.", body = SessionTokens),
        (status = 400, response = BadRequest),
        (status = 401, response = InvalidCredentials),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 429, response = TooManyRequests),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/sessions")]
pub async fn create_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<CreateSessionRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.0;
    let mut invalid = Invalid::default();
    let email = invalid.text("email", body.email, 254);
    // Bounded but generous: no account's password is longer than the policy's 128
    // characters, and a password is never trimmed.
    let password = invalid.required("password", body.password).filter(|p| {
        let fits = p.chars().count() <= 1024;
        if !fits {
            invalid.push("password", "too_long", "At most 1024 characters.");
        }
        fits
    });
    let attempt = invalid.finish(|| {
        Some(SignIn {
            email: email?,
            password: SecretString::from(password?),
            origin: RequestMeta::of(&req, &state),
        })
    })?;
    let tokens = sessions::sign_in(&state, attempt).await?;
    Ok(HttpResponse::Created().json(SessionTokens::from(tokens)))
}

/// Refresh the session
///
/// Exchanges a refresh token for a new access token and a new refresh token; the old one
/// stops working. Presenting a refresh token that was already used ends the whole session
/// (a copy is in someone else's hands), and both tokens of that session stop working.
/// Roles: anyone holding a valid refresh token. Data: none. Audit: REFRESH (SUCCESS, or
/// DENIED for an unknown or ended session), TOKEN_REUSE (DENIED) when a used token returns.
#[utoipa::path(
    tag = "Sessions",
    security(()),
    request_body = RefreshSessionRequest,
    responses(
        (status = 200, description = "A new token pair.", body = SessionTokens),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/sessions/refresh")]
pub async fn create_session_refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<RefreshSessionRequest>,
) -> Result<web::Json<SessionTokens>, AppError> {
    let mut invalid = Invalid::default();
    let token = invalid.text("refreshToken", body.0.refresh_token, 512);
    let token = invalid.finish(|| token.map(SecretString::from))?;
    let tokens = sessions::refresh(&state, &token, RequestMeta::of(&req, &state)).await?;
    Ok(web::Json(tokens.into()))
}

/// Sign out
///
/// Ends the caller's session: its refresh token and its access tokens stop working at once.
/// Roles: any signed-in account. Data: none. Audit: LOGOUT.
#[utoipa::path(
    tag = "Sessions",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out."),
        (status = 401, response = Unauthorized),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[delete("/sessions/current")]
pub async fn delete_session_current(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, AppError> {
    let session = caller.session_id;
    let user = caller.user_id;
    db::run(&state.pool, move |conn| {
        service::sessions::sign_out(conn, &caller)
    })
    .await?;
    tracing::info!(target: "security", user_id = %user, session_id = %session, "signed out");
    Ok(HttpResponse::NoContent().finish())
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_session)
        .service(create_session_refresh)
        .service(delete_session_current);
}
