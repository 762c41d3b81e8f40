//! Calls werkpad's own routes in-process, signed in as a demo account, so that the demo
//! case data goes through exactly the validation, state machines and policy that a
//! caseworker's front-end meets. A refused call stops the seed with the server's answer.

use std::collections::HashMap;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::from_fn;
use actix_web::{App, test, web};
use serde_json::{Value, json};

use crate::domain::Role;
use crate::error::AppError;
use crate::middleware;
use crate::state::AppState;

/// The in-process application and one access token per demo role.
pub struct Driver<S> {
    app: S,
    tokens: HashMap<Role, String>,
}

/// Builds the in-process application over `state`.
pub async fn app(
    state: web::Data<AppState>,
) -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    test::init_service(
        App::new()
            .configure(crate::startup::routes(state))
            .wrap(from_fn(middleware::problems)),
    )
    .await
}

fn failed(what: &str, status: u16, body: &[u8]) -> AppError {
    AppError::Internal(anyhow::anyhow!(
        "demo seed: {what} answered {status}: {}",
        String::from_utf8_lossy(body)
    ))
}

impl<S, B> Driver<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    /// Signs every demo account in.
    pub async fn sign_in(
        app: S,
        logins: &[(Role, String)],
        password: &str,
    ) -> Result<Self, AppError> {
        let mut driver = Self {
            app,
            tokens: HashMap::new(),
        };
        for (role, email) in logins {
            let (_, session) = driver
                .send(
                    None,
                    Method::POST,
                    "/v1/sessions",
                    None,
                    Some(&json!({ "email": email, "password": password })),
                )
                .await?;
            let token = session["accessToken"]
                .as_str()
                .ok_or_else(|| failed("sign-in", 201, b"no accessToken"))?
                .to_owned();
            driver.tokens.insert(*role, token);
        }
        Ok(driver)
    }

    async fn send(
        &self,
        role: Option<Role>,
        method: Method,
        path: &str,
        if_match: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(Option<String>, Value), AppError> {
        let mut request = test::TestRequest::default()
            .method(method.clone())
            .uri(path)
            // The sign-in throttle keys on the peer; the seed is one local caller.
            .peer_addr(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
        if let Some(token) = role.and_then(|r| self.tokens.get(&r)) {
            request = request.insert_header((header::AUTHORIZATION, format!("Bearer {token}")));
        }
        if let Some(etag) = if_match {
            request = request.insert_header((header::IF_MATCH, etag.to_owned()));
        }
        if let Some(body) = body {
            request = request.set_json(body);
        }
        let response = test::call_service(&self.app, request.to_request()).await;
        let status = response.status();
        let etag = response
            .headers()
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = test::read_body(response).await;
        if !status.is_success() {
            return Err(failed(&format!("{method} {path}"), status.as_u16(), &bytes));
        }
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|e| AppError::Internal(e.into()))?
        };
        Ok((etag, value))
    }

    /// Creates a record as `role`; returns its `id`.
    pub async fn create(&self, role: Role, path: &str, body: Value) -> Result<String, AppError> {
        let (_, created) = self
            .send(Some(role), Method::POST, path, None, Some(&body))
            .await?;
        created["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| failed(path, 201, b"no id"))
    }

    /// The current ETag of `resource`, read as `role`.
    async fn etag(&self, role: Role, resource: &str) -> Result<String, AppError> {
        let (etag, _) = self
            .send(Some(role), Method::GET, resource, None, None)
            .await?;
        etag.ok_or_else(|| failed(resource, 200, b"no ETag"))
    }

    /// Changes `resource` as `role` with JSON Merge Patch, holding its current ETag.
    pub async fn patch(&self, role: Role, resource: &str, body: Value) -> Result<(), AppError> {
        let etag = self.etag(role, resource).await?;
        self.send(
            Some(role),
            Method::PATCH,
            resource,
            Some(&etag),
            Some(&body),
        )
        .await
        .map(drop)
    }

    /// Puts `resource` as `role`, creating it or replacing it under its current ETag.
    pub async fn put(&self, role: Role, resource: &str, body: Value) -> Result<(), AppError> {
        let etag = self.etag(role, resource).await.ok();
        self.send(
            Some(role),
            Method::PUT,
            resource,
            etag.as_deref(),
            Some(&body),
        )
        .await
        .map(drop)
    }

    /// POSTs to `action` (a transition or a withdrawal) under the current ETag of `resource`.
    pub async fn act(
        &self,
        role: Role,
        resource: &str,
        action: &str,
        body: Value,
    ) -> Result<(), AppError> {
        let etag = self.etag(role, resource).await?;
        self.send(Some(role), Method::POST, action, Some(&etag), Some(&body))
            .await
            .map(drop)
    }

    /// The items of the first page of a list, read as `role`.
    pub async fn list(&self, role: Role, path: &str) -> Result<Vec<Value>, AppError> {
        let (_, page) = self.send(Some(role), Method::GET, path, None, None).await?;
        Ok(page["items"].as_array().cloned().unwrap_or_default())
    }
}
