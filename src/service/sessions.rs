//! Signing in, rotating refresh tokens and signing out.

use diesel::Connection;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::auth::{RequestMeta, keyed_hash, random_token, token_hash};
use crate::db::sessions::{EndReason, PresentedToken};
use crate::db::throttle::KeyKind;
use crate::db::{self, UtcTime};
use crate::domain::audit::{EventType, Outcome};
use crate::domain::{OrganisationId, Role, SessionId, UserId};
use crate::error::AppError;
use crate::service::audit::{self, AuthEvent};
use crate::state::AppState;

/// A sign-in attempt.
pub struct SignIn {
    /// The e-mail address as typed.
    pub email: String,
    /// The password as typed.
    pub password: SecretString,
    /// Where it came from: the client address (also for the per-address throttle) and the
    /// request id, for the access log.
    pub origin: RequestMeta,
}

/// What a successful sign-in or refresh hands out.
pub struct Tokens {
    /// JWT access token.
    pub access_token: String,
    /// Seconds the access token is valid.
    pub expires_in: u64,
    /// Opaque refresh token (shown once, stored only as a hash).
    pub refresh_token: String,
    /// Seconds until the refresh token expires when unused.
    pub refresh_expires_in: u64,
}

fn later(d: Duration) -> UtcTime {
    UtcTime::from(
        chrono::Utc::now() + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX),
    )
}

fn earlier(d: Duration) -> UtcTime {
    UtcTime::from(
        chrono::Utc::now() - chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero()),
    )
}

fn seconds_until(t: UtcTime) -> u64 {
    u64::try_from((t.0 - chrono::Utc::now()).num_seconds()).unwrap_or(0)
}

/// Signs in. Every failure (unknown address, wrong password, deactivated account) gives the
/// same answer after the same work; repeated failures per account or address give 429.
pub async fn sign_in(state: &AppState, attempt: SignIn) -> Result<Tokens, AppError> {
    let email = attempt.email.trim().to_lowercase();
    let keys = [
        (
            KeyKind::Account,
            keyed_hash(&state.hmac_key, "login-account", &email),
        ),
        (
            KeyKind::Address,
            keyed_hash(
                &state.hmac_key,
                "login-address",
                &attempt.origin.access_point,
            ),
        ),
    ];
    let window = state.settings.login_failure_window;
    let credentials = unless_throttled(state, &keys, &email, &attempt.origin).await?;

    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    let matched = state
        .hasher
        .verify(attempt.password.clone(), stored)
        .await?;
    let account = match credentials {
        Some(c) if matched && c.active => c,
        refused => {
            let origin = attempt.origin.clone();
            let event = login_refused(refused.as_ref(), "invalid_credentials");
            db::run(&state.pool, move |conn| {
                conn.transaction(|conn| {
                    for (kind, key) in &keys {
                        db::throttle::record(conn, *kind, key, earlier(window))?;
                    }
                    audit::authentication(conn, &origin, event)
                })
            })
            .await?;
            tracing::info!(target: "security", "sign-in failed");
            return Err(AppError::InvalidCredentials);
        }
    };

    // Parameters were raised since this hash was made: upgrade it while we hold the password.
    let rehash = if state.hasher.needs_rehash(&account.password_hash) {
        Some(state.hasher.rehash(attempt.password).await?)
    } else {
        None
    };
    let user = account.user_id;
    let session_max = state.settings.session_max_ttl;
    let refresh_idle = state.settings.refresh_idle_ttl.min(session_max);
    let account_key = keys[0].1.clone();
    let origin = attempt.origin;
    let signed_in = AuthEvent {
        event_type: EventType::Login,
        outcome: Outcome::Success,
        actor: Some((account.user_id, account.role, account.organisation_id)),
        rule: "password_verified",
    };
    let (session, refresh, idle) = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            audit::authentication(conn, &origin, signed_in)?;
            db::throttle::clear(conn, KeyKind::Account, &account_key)?;
            if let Some(hash) = &rehash {
                db::users::rehash(conn, user, hash)?;
            }
            let session = db::sessions::start(conn, user, later(session_max))?;
            let refresh = random_token();
            let idle = later(refresh_idle);
            db::sessions::add_token(conn, session, &token_hash(&refresh), idle)?;
            Ok::<_, AppError>((session, refresh, idle))
        })
    })
    .await?;
    tracing::info!(target: "security", user_id = %user, session_id = %session, "signed in");
    tokens(
        state,
        account.user_id,
        account.organisation_id,
        account.role,
        session,
        refresh,
        idle,
    )
}

/// The account behind `email`, unless the account or the address has failed too often
/// recently: then 429, and a refused sign-in in the access log.
async fn unless_throttled(
    state: &AppState,
    keys: &[(KeyKind, String); 2],
    email: &str,
    origin: &RequestMeta,
) -> Result<Option<db::users::Credentials>, AppError> {
    let window = state.settings.login_failure_window;
    let max = usize::try_from(state.settings.login_max_failures).unwrap_or(usize::MAX);
    let (keys, email, origin) = (keys.clone(), email.to_owned(), origin.clone());
    db::run(&state.pool, move |conn| {
        let account = db::users::credentials(conn, &email)?;
        for (kind, key) in &keys {
            let failures = db::throttle::recent(conn, *kind, key, earlier(window))?;
            if failures.len() >= max {
                let free_at = failures[failures.len() - max].0
                    + chrono::Duration::from_std(window).unwrap_or(chrono::Duration::zero());
                let wait = (free_at - chrono::Utc::now()).num_seconds().max(1);
                tracing::info!(target: "security", ?kind, "sign-in throttled");
                let event = login_refused(account.as_ref(), "throttled");
                conn.transaction(|conn| audit::authentication(conn, &origin, event))?;
                return Err(AppError::RateLimited(u64::try_from(wait).unwrap_or(1)));
            }
        }
        Ok(account)
    })
    .await
}

/// A refused sign-in: the account when the address is known, never the address itself.
fn login_refused(account: Option<&db::users::Credentials>, rule: &'static str) -> AuthEvent {
    AuthEvent {
        event_type: EventType::Login,
        outcome: Outcome::Denied,
        actor: account.map(|c| (c.user_id, c.role, c.organisation_id)),
        rule,
    }
}

fn tokens(
    state: &AppState,
    user: UserId,
    organisation: OrganisationId,
    role: Role,
    session: SessionId,
    refresh_token: String,
    refresh_idle: UtcTime,
) -> Result<Tokens, AppError> {
    Ok(Tokens {
        access_token: state.jwt.issue(user, organisation, role, session)?,
        expires_in: state.jwt.ttl().as_secs(),
        refresh_token,
        refresh_expires_in: seconds_until(refresh_idle),
    })
}

enum Rotation {
    Rotated(PresentedToken, String, UtcTime),
    Reused,
    Refused,
}

/// Exchanges a refresh token for a new pair. A token that was already used ends its whole
/// session: either the client or a thief holds a copy, and we cannot tell which.
pub async fn refresh(
    state: &AppState,
    presented: &SecretString,
    origin: RequestMeta,
) -> Result<Tokens, AppError> {
    let hash = token_hash(presented.expose_secret());
    let idle_ttl = state.settings.refresh_idle_ttl;
    let rotation = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let event = |event_type, outcome, token: &PresentedToken, rule| AuthEvent {
                event_type,
                outcome,
                actor: Some((token.user_id, token.role, token.organisation_id)),
                rule,
            };
            let Some(token) = db::sessions::find_token(conn, &hash)? else {
                let unknown = AuthEvent {
                    event_type: EventType::Refresh,
                    outcome: Outcome::Denied,
                    actor: None,
                    rule: "unknown_refresh_token",
                };
                audit::authentication(conn, &origin, unknown)?;
                return Ok::<_, AppError>(Rotation::Refused);
            };
            if token.used || !db::sessions::mark_used(conn, &hash)? {
                let reuse = event(
                    EventType::TokenReuse,
                    Outcome::Denied,
                    &token,
                    "session_revoked",
                );
                audit::authentication(conn, &origin, reuse)?;
                db::sessions::end(conn, token.session_id, EndReason::TokenReuse)?;
                tracing::warn!(
                    target: "security",
                    session_id = %token.session_id,
                    user_id = %token.user_id,
                    "refresh token used twice: session revoked"
                );
                return Ok(Rotation::Reused);
            }
            let now = UtcTime::now();
            if token.session_revoked
                || !token.active
                || token.session_expires_at <= now
                || token.idle_expires_at <= now
            {
                let ended = event(EventType::Refresh, Outcome::Denied, &token, "session_ended");
                audit::authentication(conn, &origin, ended)?;
                return Ok(Rotation::Refused);
            }
            let rotated = event(
                EventType::Refresh,
                Outcome::Success,
                &token,
                "refresh_token_rotated",
            );
            audit::authentication(conn, &origin, rotated)?;
            let next = random_token();
            let idle = later(idle_ttl).min(token.session_expires_at);
            db::sessions::add_token(conn, token.session_id, &token_hash(&next), idle)?;
            Ok(Rotation::Rotated(token, next, idle))
        })
    })
    .await?;
    match rotation {
        Rotation::Rotated(t, next, idle) => tokens(
            state,
            t.user_id,
            t.organisation_id,
            t.role,
            t.session_id,
            next,
            idle,
        ),
        Rotation::Reused | Rotation::Refused => Err(AppError::Unauthenticated),
    }
}

/// Ends the caller's session: its refresh token stops working and so do its access tokens.
pub fn sign_out(conn: &mut db::DbConn, caller: &crate::auth::Caller) -> Result<(), AppError> {
    conn.transaction(|conn| {
        db::sessions::end(conn, caller.session_id, EndReason::SignOut)?;
        let event = AuthEvent {
            event_type: EventType::Logout,
            outcome: Outcome::Success,
            actor: Some((caller.user_id, caller.role, caller.organisation_id)),
            rule: "signed_out",
        };
        audit::authentication(conn, &caller.meta, event)
    })
}
