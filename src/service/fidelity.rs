//! Fidelity reviews (getrouwheidsmetingen, IPS-25): recording the report a reviewing body
//! wrote about an organisation's IPS team, and reading reviews within the caller's reach.
//! Team level, no client data: nothing here reaches a client or needs consent.
//!
//! A review is never changed: a correction is a new review, so each organisation's list is
//! the history of what it was told.

use diesel::Connection;

use super::unknown_reference;
use crate::auth::Caller;
use crate::authz::{self, Action, Target};
use crate::db::fidelity::ListKey;
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::fidelity::{FidelityReview, NewFidelityReview};
use crate::domain::{FidelityReviewId, OrganisationId};
use crate::error::AppError;

/// Records a review. 403 for a role that may never record (before anything is looked up),
/// 400 `unknown_reference` for an organisation that does not exist, 404 for one outside the
/// caller's reach.
pub fn record(
    conn: &mut DbConn,
    caller: &Caller,
    new: &NewFidelityReview,
) -> Result<FidelityReview, AppError> {
    authz::require_role(caller, Action::RecordFidelityReview)?;
    conn.transaction(|conn| {
        if db::organisations::kind(conn, new.organisation_id)?.is_none() {
            return Err(unknown_reference("organisationId", "organisation"));
        }
        let target = Target {
            organisation_id: Some(new.organisation_id),
            ..Target::default()
        };
        let permit = authz::require(caller, Action::RecordFidelityReview, &target)?;
        let review =
            db::fidelity::insert(conn, &permit, new, (caller.user_id, caller.organisation_id))?;
        tracing::info!(
            fidelity_review_id = %review.id,
            organisation_id = %new.organisation_id,
            rule = permit.rule(),
            "fidelity review recorded"
        );
        Ok(review)
    })
}

/// One review within the caller's reach; 404 otherwise.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    id: FidelityReviewId,
) -> Result<FidelityReview, AppError> {
    let scope = authz::fidelity_scope(caller)?;
    db::fidelity::find(conn, scope, id)?.ok_or_else(|| authz::fidelity_review_not_visible(caller))
}

/// A page of the reviews within the caller's reach, optionally of one organisation, by
/// review date.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    organisation: Option<OrganisationId>,
    page: PageRequest<ListKey>,
) -> Result<(Vec<FidelityReview>, Option<ListKey>), AppError> {
    let scope = authz::fidelity_scope(caller)?;
    Ok(db::fidelity::list(conn, scope, organisation, page)?)
}
