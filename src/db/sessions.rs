//! Sessions (refresh-token families) and their refresh tokens.

use diesel::prelude::*;

use super::organisations::corrupt;
use super::schema::{organisations as o, refresh_tokens as rt, sessions as s, users as u};
use super::{DbConn, Id, UtcTime};
use crate::domain::{OrganisationId, OrganisationKind, Role, SessionId, UserId};

/// Why a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// The user signed out.
    SignOut,
    /// A refresh token was presented twice: assume it was stolen.
    TokenReuse,
    /// The account was deactivated.
    AccountDeactivated,
    /// An administrator ended the user's sessions.
    AdminRevoked,
    /// The password was changed.
    PasswordChanged,
}

impl EndReason {
    const fn as_str(self) -> &'static str {
        match self {
            Self::SignOut => "SIGN_OUT",
            Self::TokenReuse => "TOKEN_REUSE",
            Self::AccountDeactivated => "ACCOUNT_DEACTIVATED",
            Self::AdminRevoked => "ADMIN_REVOKED",
            Self::PasswordChanged => "PASSWORD_CHANGED",
        }
    }
}

/// The account behind a valid access token, as it is now.
#[derive(Clone, Copy, Debug)]
pub struct Principal {
    /// Account.
    pub user_id: UserId,
    /// Organisation.
    pub organisation_id: OrganisationId,
    /// Its kind.
    pub organisation_kind: OrganisationKind,
    /// Current role.
    pub role: Role,
    /// Session.
    pub session_id: SessionId,
}

/// The principal if the session is open and unexpired and the account is active.
pub fn active_principal(
    conn: &mut DbConn,
    session: SessionId,
    user: UserId,
) -> QueryResult<Option<Principal>> {
    let row: Option<(Id, String, String)> = s::table
        .inner_join(u::table.inner_join(o::table))
        .filter(s::id.eq(Id::from(session.uuid())))
        .filter(s::user_id.eq(Id::from(user.uuid())))
        .filter(s::revoked_at.is_null())
        .filter(s::expires_at.gt(UtcTime::now()))
        .filter(u::active.eq(true))
        .select((u::organisation_id, o::kind, u::role))
        .first(conn)
        .optional()?;
    row.map(|(org, kind, role)| {
        Ok(Principal {
            user_id: user,
            organisation_id: org.0.into(),
            organisation_kind: kind.parse().map_err(|()| corrupt("organisations.kind"))?,
            role: role.parse().map_err(|()| corrupt("users.role"))?,
            session_id: session,
        })
    })
    .transpose()
}

/// Starts a session ending at `expires_at`.
pub fn start(conn: &mut DbConn, user: UserId, expires_at: UtcTime) -> QueryResult<SessionId> {
    let id = SessionId::new();
    diesel::insert_into(s::table)
        .values((
            s::id.eq(Id::from(id.uuid())),
            s::user_id.eq(Id::from(user.uuid())),
            s::created_at.eq(UtcTime::now()),
            s::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Stores the hash of a new refresh token of `session`.
pub fn add_token(
    conn: &mut DbConn,
    session: SessionId,
    token_hash: &str,
    idle_expires_at: UtcTime,
) -> QueryResult<()> {
    diesel::insert_into(rt::table)
        .values((
            rt::token_hash.eq(token_hash),
            rt::session_id.eq(Id::from(session.uuid())),
            rt::issued_at.eq(UtcTime::now()),
            rt::idle_expires_at.eq(idle_expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// A presented refresh token with its session and account.
pub struct PresentedToken {
    /// Session it belongs to.
    pub session_id: SessionId,
    /// Account.
    pub user_id: UserId,
    /// Organisation.
    pub organisation_id: OrganisationId,
    /// Role.
    pub role: Role,
    /// Whether the account may sign in.
    pub active: bool,
    /// Already used once.
    pub used: bool,
    /// Idle expiry of this token.
    pub idle_expires_at: UtcTime,
    /// Absolute expiry of the session.
    pub session_expires_at: UtcTime,
    /// The session was ended.
    pub session_revoked: bool,
}

/// Looks up a refresh token by hash.
pub fn find_token(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<PresentedToken>> {
    type RowT = (
        Id,
        Id,
        Id,
        String,
        bool,
        Option<UtcTime>,
        UtcTime,
        UtcTime,
        Option<UtcTime>,
    );
    let row: Option<RowT> = rt::table
        .inner_join(s::table.inner_join(u::table))
        .filter(rt::token_hash.eq(token_hash))
        .select((
            rt::session_id,
            s::user_id,
            u::organisation_id,
            u::role,
            u::active,
            rt::used_at,
            rt::idle_expires_at,
            s::expires_at,
            s::revoked_at,
        ))
        .first(conn)
        .optional()?;
    row.map(
        |(sid, uid, org, role, active, used, idle, expires, revoked)| {
            Ok(PresentedToken {
                session_id: sid.0.into(),
                user_id: uid.0.into(),
                organisation_id: org.0.into(),
                role: role.parse().map_err(|()| corrupt("users.role"))?,
                active,
                used: used.is_some(),
                idle_expires_at: idle,
                session_expires_at: expires,
                session_revoked: revoked.is_some(),
            })
        },
    )
    .transpose()
}

/// Marks a token used; false if it already was (a concurrent refresh won the race).
pub fn mark_used(conn: &mut DbConn, token_hash: &str) -> QueryResult<bool> {
    let n = diesel::update(
        rt::table
            .filter(rt::token_hash.eq(token_hash))
            .filter(rt::used_at.is_null()),
    )
    .set(rt::used_at.eq(UtcTime::now()))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends one session (no-op if already ended).
pub fn end(conn: &mut DbConn, session: SessionId, reason: EndReason) -> QueryResult<()> {
    diesel::update(
        s::table
            .filter(s::id.eq(Id::from(session.uuid())))
            .filter(s::revoked_at.is_null()),
    )
    .set((
        s::revoked_at.eq(UtcTime::now()),
        s::revoked_reason.eq(reason.as_str()),
    ))
    .execute(conn)?;
    Ok(())
}

/// Ends every open session of an account; returns how many.
pub fn end_all(conn: &mut DbConn, user: UserId, reason: EndReason) -> QueryResult<usize> {
    diesel::update(
        s::table
            .filter(s::user_id.eq(Id::from(user.uuid())))
            .filter(s::revoked_at.is_null()),
    )
    .set((
        s::revoked_at.eq(UtcTime::now()),
        s::revoked_reason.eq(reason.as_str()),
    ))
    .execute(conn)
}
