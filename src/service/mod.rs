//! Use cases: plain synchronous code over one database transaction each (sign-in and token
//! refresh are async only because password hashing runs on the blocking pool). Every use
//! case asks `authz` before it touches a record.

pub mod access;
pub mod access_log;
pub mod audit;
pub mod audit_export;
pub mod benefits;
pub mod care_team;
pub mod clients;
pub mod consents;
pub mod emergency_access;
pub mod employer_contacts;
pub mod employers;
pub mod erasure;
pub mod exports;
pub mod fidelity;
pub mod financings;
pub mod jobcoaching;
pub mod journal;
pub mod organisations;
pub mod placements;
pub mod reference;
pub mod reports;
pub mod sessions;
pub mod support_activities;
pub mod trajectories;
pub mod users;

pub use audit::audited;

use crate::error::{AppError, InvalidParam};

/// The `If-Match` check, after authorization and before any change: 428 without a version,
/// 412 when it is not the current one. Returns the version to update from.
pub fn precondition(if_match: Option<i64>, version: i64) -> Result<i64, AppError> {
    let expected = if_match.ok_or(AppError::PreconditionRequired)?;
    if expected == version {
        Ok(expected)
    } else {
        Err(AppError::PreconditionFailed)
    }
}

/// A reference in a request body that does not exist or that the caller may not see: the
/// two are reported alike (400 `unknown_reference`).
#[must_use]
pub fn unknown_reference(name: &str, what: &str) -> AppError {
    AppError::InvalidInput(vec![InvalidParam::new(
        name,
        "unknown_reference",
        format!("No {what} with this id is visible to you."),
    )])
}
