//! Public endpoints without client data: the OpenAPI document and health checks.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::problems::{InternalError, NotAcceptable, ServiceUnavailable};
use crate::db;
use crate::error::AppError;
use crate::state::AppState;

/// The serialised OpenAPI document, built once at start-up.
pub struct SpecBytes(pub String);

/// Health status.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `UP` when healthy.
    #[schema(example = "UP")]
    pub status: &'static str,
}

/// The OpenAPI document
///
/// The contract of this API (OpenAPI 3.1). Public: no token needed, and any origin may read
/// it (`Access-Control-Allow-Origin: *`). Data: none. Audit: none.
#[utoipa::path(
    tag = "Meta",
    security(()),
    responses(
        (status = 200, description = "The OpenAPI document.", content_type = "application/json", body = Object),
        (status = 406, response = NotAcceptable),
    )
)]
#[get("/openapi.json")]
pub async fn get_openapi(spec: web::Data<SpecBytes>) -> HttpResponse {
    // `Access-Control-Allow-Origin: *` is added by the `problems` middleware, after CORS.
    HttpResponse::Ok()
        .content_type("application/json")
        .body(spec.0.clone())
}

/// Liveness
///
/// Answers 200 while the process can serve requests. Public. Data: none. Audit: none.
#[utoipa::path(
    tag = "Meta",
    security(()),
    responses(
        (status = 200, description = "The process is alive.", body = Health),
        (status = 406, response = NotAcceptable),
    )
)]
#[get("/health/live")]
pub async fn get_health_live() -> web::Json<Health> {
    web::Json(Health { status: "UP" })
}

/// Readiness
///
/// Answers 200 when the database answers, 503 otherwise, so a load balancer can route
/// around an instance whose database is gone. Public. Data: none. Audit: none.
#[utoipa::path(
    tag = "Meta",
    security(()),
    responses(
        (status = 200, description = "The database answers.", body = Health),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/health/ready")]
pub async fn get_health_ready(state: web::Data<AppState>) -> Result<web::Json<Health>, AppError> {
    db::run(&state.pool, |conn| {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("SELECT 1").map_err(|e| {
            tracing::warn!(error = %e, "readiness check failed");
            AppError::Unavailable
        })
    })
    .await?;
    Ok(web::Json(Health { status: "UP" }))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_openapi)
        .service(get_health_live)
        .service(get_health_ready);
}
