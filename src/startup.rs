//! Building and running the HTTP server: pool, migrations, state, middleware order, routes.

use std::net::TcpListener;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use secrecy::ExposeSecret;
use tracing_actix_web::TracingLogger;

use crate::api::meta::SpecBytes;
use crate::auth::jwt::JwtKeys;
use crate::auth::password::Hasher;
use crate::config::Settings;
use crate::db::{self, Pool};
use crate::error::AppError;
use crate::middleware::{self, RequestSpan};
use crate::openapi::{self, PathIndex};
use crate::state::AppState;
use crate::vault::Vault;

/// Security headers on every response (api-conventions.md §13).
const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("Cache-Control", "no-store"),
    (
        "Content-Security-Policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
    (
        "Strict-Transport-Security",
        "max-age=31536000; includeSubDomains",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
];

/// The one path any origin may read.
const PUBLIC_PATH: &str = "/v1/openapi.json";

/// A server bound to its port, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

/// Opens the pool and, unless told otherwise, migrates.
pub fn open_database(settings: &Settings) -> anyhow::Result<Pool> {
    let pool = Pool::new(settings.database_url.clone(), settings.db_pool_size)?;
    if settings.migrate_on_start {
        let applied = pool
            .with_conn(|conn| db::migrate::run(conn).map_err(AppError::Internal))
            .map_err(|e| anyhow::anyhow!("cannot migrate {:?}: {e:?}", settings.database_url))?;
        for name in applied {
            tracing::info!(migration = %name, "migration applied");
        }
    }
    Ok(pool)
}

/// Shared state from validated settings.
pub fn state(settings: &Settings, pool: Pool) -> anyhow::Result<AppState> {
    let secrets = settings.secrets(&settings.data_dir())?;
    let concurrency = usize::try_from(settings.password_hash_concurrency)?;
    Ok(AppState {
        pool,
        jwt: JwtKeys::new(
            &secrets.jwt,
            &settings.jwt_issuer,
            &settings.jwt_audience,
            settings.access_token_ttl,
        )?,
        hasher: Hasher::new(settings.argon2(), concurrency)?,
        hmac_key: secrets.hmac.expose_secret().as_bytes().to_vec(),
        vault: Vault::new(
            secrets.data_key.expose_secret(),
            secrets.hmac.expose_secret().as_bytes(),
        ),
        rules: settings.rules()?,
        settings: settings.clone(),
    })
}

impl Application {
    /// Validates the settings, opens and migrates the database and binds the listener
    /// (port 0 picks a free port).
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        let pool = open_database(settings)?;
        let state = web::Data::new(state(settings, pool)?);
        let listener = TcpListener::bind(settings.listen_addr)
            .with_context(|| format!("cannot listen on {}", settings.listen_addr))?;
        let port = listener.local_addr()?.port();
        let spec = openapi::spec();
        let index = web::Data::new(PathIndex::from_spec(&spec));
        let bytes = web::Data::new(SpecBytes(openapi::spec_json()));
        let server_state = state.clone();
        let server = HttpServer::new(move || {
            let mut headers = DefaultHeaders::new().add(("API-Version", openapi::VERSION));
            for header in SECURITY_HEADERS {
                headers = headers.add(header);
            }
            let (state, bytes, index) = (server_state.clone(), bytes.clone(), index.clone());
            let cors = cors(&state);
            App::new()
                .configure(|cfg| configure_app(state, bytes, index, cfg))
                .wrap(cors)
                .wrap(from_fn(middleware::problems))
                .wrap(TracingLogger::<RequestSpan>::new())
                .wrap(headers)
        })
        .listen(listener)?
        .run();
        Ok(Self {
            port,
            server,
            state,
        })
    }

    /// The bound port.
    #[must_use]
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use its pool to inspect the database).
    #[must_use]
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until stopped.
    pub async fn run(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn cors(state: &AppState) -> Cors {
    let allowed: Vec<String> = state
        .settings
        .cors_origins
        .iter()
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty())
        .collect();
    Cors::default()
        // The contract is public: any origin may read it (the `problems` middleware then
        // answers it with `*`). Everything else only for the configured origins.
        .allowed_origin_fn(move |origin, head| {
            head.uri.path() == PUBLIC_PATH
                || allowed.iter().any(|a| a.as_bytes() == origin.as_bytes())
        })
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::HeaderName::from_static("api-version"),
            header::ETAG,
            header::LINK,
            header::LOCATION,
            header::CONTENT_LOCATION,
            header::HeaderName::from_static("x-request-id"),
            header::RETRY_AFTER,
        ])
        .max_age(600)
        // A foreign origin gets the answer without CORS headers, so the browser withholds
        // it; an error here would be an undocumented 400 on every operation.
        .block_on_origin_mismatch(false)
}

/// The routes with their shared data, without the network-facing middleware: what the demo
/// seed calls in-process, so that its data passes the same validation and policy as any
/// request.
pub fn routes(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    let spec = openapi::spec();
    let index = web::Data::new(PathIndex::from_spec(&spec));
    let bytes = web::Data::new(SpecBytes(openapi::spec_json()));
    move |cfg| configure_app(state, bytes, index, cfg)
}

/// Assembles the application for one worker. Middleware runs outermost first:
/// security headers and `API-Version` on everything, the request span, problem rendering,
/// then CORS, then the routes.
fn configure_app(
    state: web::Data<AppState>,
    spec: web::Data<SpecBytes>,
    index: web::Data<PathIndex>,
    cfg: &mut web::ServiceConfig,
) {
    let docs_ui = state.settings.docs_ui;
    let body_limit = state.settings.body_limit_bytes;
    cfg.app_data(state)
        .app_data(web::PayloadConfig::new(body_limit))
        .app_data(spec)
        .app_data(index)
        .app_data(web::PathConfig::default().error_handler(|_, _| {
            AppError::invalid("path", "invalid_format", "A path parameter is malformed.").into()
        }))
        .app_data(web::QueryConfig::default().error_handler(|_, _| {
            AppError::invalid("query", "invalid_format", "The query string is malformed.").into()
        }));
    let mut api = utoipa_actix_web::service_config::ServiceConfig::new(cfg);
    api.service(utoipa_actix_web::scope("/v1").configure(crate::routes::configure));
    if docs_ui {
        // The page lives at /docs/; a visitor typing /docs is sent there.
        cfg.service(web::redirect("/docs", "/docs/"));
        cfg.service(
            utoipa_swagger_ui::SwaggerUi::new("/docs/{_:.*}")
                .config(utoipa_swagger_ui::Config::from("/v1/openapi.json")),
        );
    }
    cfg.default_service(web::to(middleware::unmatched));
}
