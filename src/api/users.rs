//! `/v1/users` and `/v1/me`: professionals' accounts.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::organisations::Organisation;
use super::problems::{
    BadRequest, Conflict, Forbidden, InternalError, NotAcceptable, NotFound, PayloadTooLarge,
    PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, changed_response, created_response, if_match,
    patch_member, path_id, single,
};
use crate::auth::Caller;
use crate::domain::accounts::{NewUser, User as DomainUser, UserChanges};
use crate::domain::{Email, OrganisationId, Password, Role, UserId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A new account.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateUserRequest {
    /// Sign-in address, unique regardless of case.
    #[schema(required = true, value_type = String, format = Email, example = "j.jansen@ggz-noord.nl")]
    pub email: Option<String>,
    /// Name shown to colleagues (1 to 200 characters).
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S", example = "Joke Jansen")]
    pub display_name: Option<String>,
    /// Organisation the account belongs to. An organisation administrator may only name its
    /// own organisation.
    #[schema(required = true, value_type = uuid::Uuid)]
    pub organisation_id: Option<String>,
    /// The account's one role; it must fit the organisation's kind (a UWV_LABOUR_EXPERT
    /// works at a UWV organisation). Only a system administrator grants SYSTEM_ADMIN or
    /// PROGRAMME_COORDINATOR.
    #[schema(required = true, value_type = Role)]
    pub role: Option<String>,
    /// Initial password, 12 to 128 characters, no composition rules. Never returned or logged.
    #[schema(required = true, value_type = String, format = Password, min_length = 12, max_length = 128)]
    pub password: Option<String>,
    /// Whether the account may sign in (default `true`).
    pub active: Option<bool>,
}

/// A change to an account, as JSON Merge Patch (RFC 7396). Omitted members stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateUserRequest {
    /// New display name.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, min_length = 1, max_length = 200, pattern = r"\S")]
    pub display_name: Option<Option<String>>,
    /// New role; must fit the organisation's kind.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Role)]
    pub role: Option<Option<String>>,
    /// `false` deactivates the account: its sessions end and its tokens stop working at once.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = bool)]
    pub active: Option<Option<bool>>,
    /// New password (12 to 128 characters); ends all of the account's sessions.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, format = Password, min_length = 12, max_length = 128)]
    pub password: Option<Option<String>>,
}

/// An account (never with its password).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Id.
    pub id: uuid::Uuid,
    /// Organisation it belongs to.
    pub organisation_id: uuid::Uuid,
    /// Sign-in address (lower case).
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Whether it may sign in.
    pub active: bool,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<DomainUser> for User {
    fn from(u: DomainUser) -> Self {
        Self {
            id: u.id.uuid(),
            organisation_id: u.organisation_id.uuid(),
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            active: u.active,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// The caller's own account with its organisation.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// The account.
    pub user: User,
    /// Its organisation.
    pub organisation: Organisation,
}

/// A page of accounts.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPage {
    /// Accounts in creation order.
    pub items: Vec<User>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the account list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct UserFilter {
    /// Only accounts of this organisation.
    #[param(value_type = Option<uuid::Uuid>)]
    pub organisation_id: Option<String>,
}

fn password(invalid: &mut Invalid, name: &str, raw: Option<String>) -> Option<Password> {
    let raw = invalid.required(name, raw)?;
    match Password::parse(SecretString::from(raw)) {
        Ok(p) => Some(p),
        Err(reason) => {
            invalid.push(name, "out_of_range", reason);
            None
        }
    }
}

impl TryFrom<CreateUserRequest> for NewUser {
    type Error = AppError;

    fn try_from(r: CreateUserRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let email = invalid.required("email", r.email).and_then(|raw| {
            Email::parse(&raw)
                .map_err(|reason| invalid.push("email", "invalid_format", reason))
                .ok()
        });
        let display_name = invalid.text("displayName", r.display_name, 200);
        let organisation_id = invalid
            .required("organisationId", r.organisation_id)
            .and_then(|raw| {
                raw.parse::<OrganisationId>()
                    .map_err(|_| {
                        invalid.push("organisationId", "invalid_format", "Must be a UUID.");
                    })
                    .ok()
            });
        let role = invalid.code::<Role>("role", r.role);
        let password = password(&mut invalid, "password", r.password);
        invalid.finish(|| {
            Some(Self {
                email: email?,
                display_name: display_name?,
                organisation_id: organisation_id?,
                role: role?,
                password: password?,
                active: r.active.unwrap_or(true),
            })
        })
    }
}

impl TryFrom<UpdateUserRequest> for UserChanges {
    type Error = AppError;

    fn try_from(r: UpdateUserRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let display_name = invalid
            .kept("displayName", r.display_name, "")
            .and_then(|v| invalid.text("displayName", Some(v), 200));
        let role = invalid
            .kept("role", r.role, "")
            .and_then(|v| invalid.code::<Role>("role", Some(v)));
        let active = invalid.kept("active", r.active, "Send false to deactivate.");
        let password = invalid
            .kept("password", r.password, "")
            .and_then(|v| password(&mut invalid, "password", Some(v)));
        invalid.finish(|| {
            Some(Self {
                display_name,
                role,
                active,
                password,
            })
        })
    }
}

/// Create an account
///
/// Roles: SYSTEM_ADMIN (any organisation), ORG_ADMIN (its own organisation; cannot grant
/// SYSTEM_ADMIN or PROGRAMME_COORDINATOR). Data: account data of a professional (no client
/// data). Audit: logged as an application event.
#[utoipa::path(
    tag = "Users",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created.", body = User, headers(
            ("Location" = String, description = "URL of the new account."),
            ("ETag" = String, description = "Version of the account."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateUserRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewUser::try_from(body.0)?;
    // Refuse callers who may not do this before spending a password hash on them.
    service::users::authorize_create(&caller, &new)?;
    let hash = state.hasher.hash(&new.password).await?;
    let created = service::audited(&state.pool, &caller, move |conn, caller| {
        service::users::create(conn, caller, &new, &hash)
    })
    .await?;
    Ok(created_response(
        format!("/v1/users/{}", created.id),
        created.version,
        &User::from(created),
    ))
}

/// List accounts
///
/// In creation order, paginated; only the accounts the caller manages. Roles: SYSTEM_ADMIN
/// (all), ORG_ADMIN (its own organisation). Data: account data of professionals. Audit: none.
#[utoipa::path(
    tag = "Users",
    security(("bearer" = [])),
    params(UserFilter, PageQuery),
    responses(
        (status = 200, description = "A page of accounts.", body = UserPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/users")]
pub async fn list_users(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<UserFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut invalid = Invalid::default();
    let raw = filter.into_inner().organisation_id;
    let organisation = raw.as_deref().and_then(|r| {
        r.parse::<OrganisationId>()
            .map_err(|_| invalid.push("organisationId", "invalid_format", "Must be a UUID."))
            .ok()
    });
    let listing = Listing::new(
        "users",
        raw.map(|o| ("organisationId", o)).into_iter().collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::users::list(conn, caller, organisation, request)
    })
    .await?;
    Ok(listing.respond(
        &req,
        &state.hmac_key,
        &caller,
        request.limit,
        next,
        |next_cursor| UserPage {
            items: items.into_iter().map(User::from).collect(),
            next_cursor,
        },
    ))
}

/// Read an account
///
/// Roles: SYSTEM_ADMIN (any), ORG_ADMIN (its own organisation); an account elsewhere is
/// 404. Data: account data of a professional. Audit: none.
#[utoipa::path(
    tag = "Users",
    security(("bearer" = [])),
    params(
        ("userId" = uuid::Uuid, Path, description = "Account id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The account.", body = User, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change the account."),
        )),
        (status = 304, description = "The version named in If-None-Match is still current.", headers(
            ("ETag" = String, description = "The current version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/users/{userId}")]
pub async fn get_user(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: UserId = path_id("userId", &path)?;
    let user = service::audited(&state.pool, &caller, move |conn, caller| {
        service::users::get(conn, caller, id)
    })
    .await?;
    Ok(single(&req, user.version, &User::from(user)))
}

/// Change an account
///
/// JSON Merge Patch; needs `If-Match` with the account's ETag. Deactivating the account or
/// setting a new password ends all its sessions at once. Roles: SYSTEM_ADMIN (any),
/// ORG_ADMIN (its own organisation; not for SYSTEM_ADMIN or PROGRAMME_COORDINATOR accounts).
/// Data: account data of a professional. Audit: logged as an application event.
#[utoipa::path(
    tag = "Users",
    security(("bearer" = [])),
    params(
        ("userId" = uuid::Uuid, Path, description = "Account id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed, as the last read returned it (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdateUserRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed account.", body = User, headers(
            ("ETag" = String, description = "New version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 428, response = PreconditionRequired),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[patch("/users/{userId}")]
pub async fn update_user(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<UpdateUserRequest>,
) -> Result<HttpResponse, AppError> {
    let id: UserId = path_id("userId", &path)?;
    let mut changes = UserChanges::try_from(body.0)?;
    let version = if_match(&req);
    let hash = match changes.password.take() {
        Some(password) => {
            // Only callers who may manage this account get a password hash computed.
            service::audited(&state.pool, &caller, move |conn, caller| {
                service::users::get(conn, caller, id)
            })
            .await?;
            Some(state.hasher.hash(&password).await?)
        }
        None => None,
    };
    let user = service::audited(&state.pool, &caller, move |conn, caller| {
        service::users::update(conn, caller, id, version, changes, hash)
    })
    .await?;
    Ok(changed_response(user.version, &User::from(user)))
}

/// End all sessions of an account
///
/// Every refresh and access token of the account stops working at once (ASVS 7.4.5); the
/// account stays active. Roles: SYSTEM_ADMIN (any), ORG_ADMIN (its own organisation).
/// Data: none. Audit: logged as an application event.
#[utoipa::path(
    tag = "Users",
    security(("bearer" = [])),
    params(("userId" = uuid::Uuid, Path, description = "Account id.")),
    responses(
        (status = 204, description = "All sessions ended."),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[delete("/users/{userId}/sessions")]
pub async fn delete_user_sessions(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: UserId = path_id("userId", &path)?;
    service::audited(&state.pool, &caller, move |conn, caller| {
        service::users::end_sessions(conn, caller, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Read your own account
///
/// Roles: every signed-in account. Data: the caller's own account and organisation.
/// Audit: none.
#[utoipa::path(
    tag = "Users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's account.", body = Me),
        (status = 401, response = Unauthorized),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, AppError> {
    let (user, organisation) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::users::me(conn, caller)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Me {
        user: user.into(),
        organisation: organisation.into(),
    }))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_user)
        .service(list_users)
        .service(get_user)
        .service(update_user)
        .service(delete_user_sessions)
        .service(get_me);
}
