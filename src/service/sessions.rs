//! Signing in, rotating refresh tokens and signing out.

use diesel::Connection;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::auth::{keyed_hash, random_token, token_hash};
use crate::db::sessions::{EndReason, PresentedToken};
use crate::db::throttle::KeyKind;
use crate::db::{self, UtcTime};
use crate::domain::{OrganisationId, Role, SessionId, UserId};
use crate::error::AppError;
use crate::state::AppState;

/// A sign-in attempt.
pub struct SignIn {
    /// The e-mail address as typed.
    pub email: String,
    /// The password as typed.
    pub password: SecretString,
    /// The client address, for the per-address throttle.
    pub address: String,
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
            keyed_hash(&state.hmac_key, "login-address", &attempt.address),
        ),
    ];
    let window = state.settings.login_failure_window;
    let max = usize::try_from(state.settings.login_max_failures).unwrap_or(usize::MAX);

    let throttle_keys = keys.clone();
    let lookup_email = email.clone();
    let credentials = db::run(&state.pool, move |conn| {
        for (kind, key) in &throttle_keys {
            let failures = db::throttle::recent(conn, *kind, key, earlier(window))?;
            if failures.len() >= max {
                let free_at = failures[failures.len() - max].0
                    + chrono::Duration::from_std(window).unwrap_or(chrono::Duration::zero());
                let wait = (free_at - chrono::Utc::now()).num_seconds().max(1);
                tracing::info!(target: "security", ?kind, "sign-in throttled");
                return Err(AppError::RateLimited(u64::try_from(wait).unwrap_or(1)));
            }
        }
        Ok(db::users::credentials(conn, &lookup_email)?)
    })
    .await?;

    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    let matched = state
        .hasher
        .verify(attempt.password.clone(), stored)
        .await?;
    let account = match credentials {
        Some(c) if matched && c.active => c,
        _ => {
            db::run(&state.pool, move |conn| {
                for (kind, key) in &keys {
                    db::throttle::record(conn, *kind, key, earlier(window))?;
                }
                Ok(())
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
    let (session, refresh, idle) = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
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
pub async fn refresh(state: &AppState, presented: &SecretString) -> Result<Tokens, AppError> {
    let hash = token_hash(presented.expose_secret());
    let idle_ttl = state.settings.refresh_idle_ttl;
    let rotation = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let Some(token) = db::sessions::find_token(conn, &hash)? else {
                return Ok::<_, AppError>(Rotation::Refused);
            };
            if token.used || !db::sessions::mark_used(conn, &hash)? {
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
                return Ok(Rotation::Refused);
            }
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
pub fn sign_out(conn: &mut db::DbConn, session: SessionId) -> Result<(), AppError> {
    db::sessions::end(conn, session, EndReason::SignOut)?;
    Ok(())
}
