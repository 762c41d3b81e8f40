//! The `Caller` extractor: a verified bearer token whose session and account are still
//! active. Handlers that take a `Caller` are authenticated; public ones simply do not.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use crate::db;
use crate::domain::{OrganisationId, OrganisationKind, Role, SessionId, UserId};
use crate::error::AppError;
use crate::state::AppState;

/// Who is calling, as the database says now (not as the token said at issue time).
#[derive(Clone, Copy, Debug)]
pub struct Caller {
    /// Account.
    pub user_id: UserId,
    /// Organisation.
    pub organisation_id: OrganisationId,
    /// Its kind (GGZ, UWV, …): decides, among other things, the Wgbo gate.
    pub organisation_kind: OrganisationKind,
    /// Current role.
    pub role: Role,
    /// Session the token belongs to.
    pub session_id: SessionId,
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("state missing")))?;
            let claims = state
                .jwt
                .verify(&token.ok_or(AppError::Unauthenticated)?)
                .map_err(|_| AppError::Unauthenticated)?;
            let (sid, sub) = (claims.sid, claims.sub);
            let principal = db::run(&state.pool, move |conn| {
                Ok(db::sessions::active_principal(conn, sid, sub)?)
            })
            .await?
            .ok_or(AppError::Unauthenticated)?;
            Ok(Self {
                user_id: principal.user_id,
                organisation_id: principal.organisation_id,
                organisation_kind: principal.organisation_kind,
                role: principal.role,
                session_id: principal.session_id,
            })
        })
    }
}
