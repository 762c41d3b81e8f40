//! Managing accounts: system administrators everywhere, organisation administrators in their
//! own organisation. Also the caller's own account.

use crate::auth::Caller;
use crate::authz::{self, Action, Target, user_scope};
use crate::db::sessions::EndReason;
use crate::db::{self, DbConn, pagination::PageRequest};
use crate::domain::accounts::{NewUser, Organisation, User, UserChanges};
use crate::domain::{OrganisationId, OrganisationKind, Role, UserId};
use crate::error::{AppError, InvalidParam};
use diesel::Connection;

fn role_mismatch(role: Role, kind: OrganisationKind) -> InvalidParam {
    InvalidParam::new(
        "role",
        "invalid_value",
        format!(
            "A {} cannot work at a {} organisation.",
            role.as_str(),
            kind.as_str()
        ),
    )
}

fn target_of(organisation: OrganisationId, roles: Vec<Role>) -> Target {
    Target {
        organisation_id: Some(organisation),
        roles,
        ..Target::default()
    }
}

/// The policy check for a new account, without the database: run before the (costly)
/// password hash, and again inside `create`.
pub fn authorize_create(caller: &Caller, new: &NewUser) -> Result<authz::Permit, AppError> {
    authz::require(
        caller,
        Action::CreateUser,
        &target_of(new.organisation_id, vec![new.role]),
    )
    .map_err(|e| match e {
        // The organisation is a reference in the body: outside the caller's reach it is
        // reported like one that does not exist.
        AppError::NotFound => AppError::invalid(
            "organisationId",
            "unknown_reference",
            "No organisation with this id.",
        ),
        other => other,
    })
}

/// Creates an account with an already hashed password.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    new: &NewUser,
    password_hash: &str,
) -> Result<User, AppError> {
    let permit = authorize_create(caller, new)?;
    register(conn, &permit, new, password_hash)
}

/// Creates an account under an existing permit (the API's or the operator's), after the
/// checks that need the database: the organisation exists, the role fits its kind, and the
/// address is free.
pub fn register(
    conn: &mut DbConn,
    permit: &authz::Permit,
    new: &NewUser,
    password_hash: &str,
) -> Result<User, AppError> {
    conn.transaction(|conn| {
        let Some(kind) = db::organisations::kind(conn, new.organisation_id)? else {
            return Err(AppError::invalid(
                "organisationId",
                "unknown_reference",
                "No organisation with this id.",
            ));
        };
        if !new.role.fits(kind) {
            return Err(AppError::InvalidInput(vec![role_mismatch(new.role, kind)]));
        }
        if db::users::email_taken(conn, &new.email)? {
            return Err(AppError::AlreadyExists("An account with this e-mail address"));
        }
        let id = UserId::new();
        db::users::insert(
            conn,
            permit,
            &db::users::NewUserRow {
                id,
                email: &new.email,
                display_name: &new.display_name,
                organisation_id: new.organisation_id,
                role: new.role,
                active: new.active,
                password_hash,
            },
        )?;
        tracing::info!(user_id = %id, actor = %permit.actor(), rule = permit.rule(), "account created");
        db::users::get(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// One account, if the caller may manage it.
pub fn get(conn: &mut DbConn, caller: &Caller, id: UserId) -> Result<User, AppError> {
    let user = db::users::get(conn, id)?.ok_or(AppError::NotFound)?;
    authz::require(
        caller,
        Action::ReadUser,
        &target_of(user.organisation_id, vec![user.role]),
    )?;
    Ok(user)
}

/// A page of the accounts the caller manages.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    organisation: Option<OrganisationId>,
    page: PageRequest,
) -> Result<(Vec<User>, Option<uuid::Uuid>), AppError> {
    authz::require(caller, Action::ListUsers, &Target::default())?;
    Ok(db::users::list(
        conn,
        &user_scope(caller),
        organisation,
        page,
    )?)
}

/// Changes an account if it is still at `if_match`. Deactivating it or setting a new
/// password ends all its sessions in the same transaction.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: UserId,
    if_match: Option<i64>,
    changes: UserChanges,
    password_hash: Option<String>,
) -> Result<User, AppError> {
    conn.transaction(|conn| {
        let user = db::users::get(conn, id)?.ok_or(AppError::NotFound)?;
        let mut roles = vec![user.role];
        roles.extend(changes.role);
        let permit = authz::require(caller, Action::UpdateUser, &target_of(user.organisation_id, roles))?;
        let expected = if_match.ok_or(AppError::PreconditionRequired)?;
        if expected != user.version {
            return Err(AppError::PreconditionFailed);
        }
        if let Some(role) = changes.role {
            let kind = db::organisations::kind(conn, user.organisation_id)?
                .ok_or(AppError::NotFound)?;
            if !role.fits(kind) {
                return Err(AppError::InvalidInput(vec![role_mismatch(role, kind)]));
            }
        }
        let deactivated = user.active && changes.active == Some(false);
        let new_password = password_hash.is_some();
        let applied = db::users::update(
            conn,
            &permit,
            id,
            expected,
            &db::users::Changes {
                display_name: changes.display_name,
                role: changes.role.map(|r| r.as_str().to_owned()),
                active: changes.active,
                password_hash,
            },
        )?;
        if !applied {
            return Err(AppError::PreconditionFailed);
        }
        if deactivated {
            db::sessions::end_all(conn, id, EndReason::AccountDeactivated)?;
        } else if new_password {
            db::sessions::end_all(conn, id, EndReason::PasswordChanged)?;
        }
        tracing::info!(user_id = %id, actor = %permit.actor(), rule = permit.rule(), "account changed");
        db::users::get(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// Ends every session of an account (ASVS 7.4.5).
pub fn end_sessions(conn: &mut DbConn, caller: &Caller, id: UserId) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let user = db::users::get(conn, id)?.ok_or(AppError::NotFound)?;
        let permit = authz::require(
            caller,
            Action::EndUserSessions,
            &target_of(user.organisation_id, vec![user.role]),
        )?;
        let ended = db::sessions::end_all(conn, id, EndReason::AdminRevoked)?;
        tracing::info!(user_id = %id, actor = %permit.actor(), ended, "sessions ended");
        Ok(())
    })
}

/// The caller's own account and organisation.
pub fn me(conn: &mut DbConn, caller: &Caller) -> Result<(User, Organisation), AppError> {
    authz::require(caller, Action::ReadOwnAccount, &Target::default())?;
    let user = db::users::get(conn, caller.user_id)?.ok_or(AppError::NotFound)?;
    let organisation = db::organisations::get(conn, user.organisation_id)?;
    Ok((user, organisation))
}
