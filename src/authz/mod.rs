//! Authorization: the one place that decides what a caller may do.
//!
//! Invariants (reviewers treat changes here as security changes):
//! - `policy::decide` is pure and matches exhaustively on role and action, without a
//!   wildcard arm: a new role or action does not compile until every cell is decided.
//! - Every write in `db/` takes a `Permit`, and a `Permit` can only be made by `require`,
//!   so a write that skipped this module does not compile.
//! - A target outside the caller's reach is `NotVisible` (404, indistinguishable from a
//!   missing record); a role that may never act is `Denied` (403).
//! - Lists are filtered by `scope_for`, turned into SQL only in `db/scope.rs`.

mod policy;

use crate::auth::Caller;
use crate::domain::{OrganisationId, Role, UserId};
use crate::error::AppError;

/// One variant per use case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// List organisations.
    ListOrganisations,
    /// Register an organisation.
    CreateOrganisation,
    /// Read one organisation.
    ReadOrganisation,
    /// Change an organisation's name, identifiers or regions.
    UpdateOrganisation,
    /// List accounts.
    ListUsers,
    /// Read one account.
    ReadUser,
    /// Create an account.
    CreateUser,
    /// Change an account.
    UpdateUser,
    /// End all sessions of an account.
    EndUserSessions,
    /// Read one's own account.
    ReadOwnAccount,
    /// Read reference data (labour-market regions).
    ReadReferenceData,
}

/// Facts about the record acted on, loaded by the service before asking.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// Organisation the record belongs to.
    pub organisation_id: Option<OrganisationId>,
    /// Roles involved: the account's current role and, for a change, the new one.
    pub roles: Vec<Role>,
}

/// Why access was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    /// The record is outside the caller's reach: answer as if it did not exist.
    NotVisible,
    /// The caller's role may not do this.
    Role,
}

/// The policy's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Allowed by the named rule.
    Allow(&'static str),
    /// Refused.
    Deny(Deny),
}

/// Proof that `require` allowed an action. Its fields are private and it can only be made
/// here, so holding one means the policy was asked.
#[derive(Debug)]
pub struct Permit {
    actor: UserId,
    action: Action,
    rule: &'static str,
}

impl Permit {
    /// Who acts.
    #[must_use]
    pub const fn actor(&self) -> UserId {
        self.actor
    }

    /// What was allowed.
    #[must_use]
    pub const fn action(&self) -> Action {
        self.action
    }

    /// The policy rule that allowed it.
    #[must_use]
    pub const fn rule(&self) -> &'static str {
        self.rule
    }
}

/// Asks the policy; a refusal becomes the matching `AppError` and is logged on the
/// `security` target.
pub fn require(caller: &Caller, action: Action, target: &Target) -> Result<Permit, AppError> {
    match policy::decide(caller.role, caller.organisation_id, action, target) {
        Decision::Allow(rule) => Ok(Permit {
            actor: caller.user_id,
            action,
            rule,
        }),
        Decision::Deny(reason) => {
            tracing::info!(
                target: "security",
                user_id = %caller.user_id,
                role = caller.role.as_str(),
                ?action,
                ?reason,
                "authorization denied"
            );
            Err(match reason {
                Deny::NotVisible => AppError::NotFound,
                Deny::Role => AppError::Forbidden,
            })
        }
    }
}

/// A permit for work done by the operator on the command line (`werkpad user create`,
/// demo seeding), which has no caller. Its rule names the route so the origin stays visible.
#[must_use]
pub const fn operator_permit(action: Action) -> Permit {
    Permit {
        actor: UserId::nil(),
        action,
        rule: "operator_command_line",
    }
}

/// Which rows of a list the caller may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// None at all.
    None,
    /// Those of one organisation.
    Organisation(OrganisationId),
    /// All of them.
    All,
}

/// The caller's scope for accounts.
#[must_use]
pub fn user_scope(caller: &Caller) -> Scope {
    policy::user_scope(caller.role, caller.organisation_id)
}
