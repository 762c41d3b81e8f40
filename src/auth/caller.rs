//! The `Caller` extractor: a verified bearer token whose session and account are still
//! active. Handlers that take a `Caller` are authenticated; public ones simply do not.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::authz::Trail;
use crate::db;
use crate::domain::{OrganisationId, OrganisationKind, Role, SessionId, UserId};
use crate::error::AppError;
use crate::middleware::RequestId;
use crate::state::AppState;

/// Who is calling, as the database says now (not as the token said at issue time).
#[derive(Clone, Debug)]
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
    /// Where the request came from and what it asked for.
    pub meta: Arc<RequestMeta>,
    /// What the policy decided for this request, for its access-log event.
    pub trail: Trail,
}

/// The facts of a request that its access-log event records besides the caller.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    /// The request id.
    pub request_id: Option<uuid::Uuid>,
    /// The client address (the first `X-Forwarded-For` hop behind a trusted proxy).
    pub access_point: String,
    /// The API operation id.
    pub operation: Option<&'static str>,
    /// The route template.
    pub object_type: Option<String>,
    /// The last id in the path.
    pub object_id: Option<String>,
    /// The client named in the path, if any: the subject of a request refused before its
    /// record was looked up.
    pub path_client: Option<crate::domain::ClientId>,
}

impl RequestMeta {
    /// Reads the facts off a request.
    #[must_use]
    pub fn of(req: &HttpRequest, state: &AppState) -> Self {
        let template = req.match_pattern();
        Self {
            request_id: req.extensions().get::<RequestId>().map(|r| r.0),
            access_point: crate::api::client_address(req, state),
            operation: template
                .as_deref()
                .and_then(|t| crate::openapi::operation_id(req.method().as_str(), t)),
            object_type: template,
            object_id: req.match_info().iter().last().map(|(_, v)| v.to_owned()),
            path_client: req
                .match_info()
                .get("clientId")
                .and_then(|v| v.parse().ok()),
        }
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

impl Caller {
    /// The caller a bearer `token` stands for: the signature and claims checked, and the
    /// session still open and its account active. Every request goes through here (the
    /// extractor below); so does the benchmark's in-process side, so that both pay the same.
    pub async fn authenticate(
        state: &AppState,
        token: &str,
        meta: Arc<RequestMeta>,
    ) -> Result<Self, AppError> {
        let claims = state
            .jwt
            .verify(token)
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
            meta,
            trail: Trail::default(),
        })
    }
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let meta = state.as_ref().map(|s| RequestMeta::of(req, s));
        Box::pin(async move {
            let state =
                state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("state missing")))?;
            let meta = Arc::new(meta.unwrap_or_default());
            Self::authenticate(&state, &token.ok_or(AppError::Unauthenticated)?, meta).await
        })
    }
}
