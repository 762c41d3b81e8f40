//! Registering and listing organisations (system administrators only).

use crate::auth::Caller;
use crate::authz::{self, Action, Permit, Target};
use crate::db::{self, DbConn, pagination::PageRequest};
use crate::domain::OrganisationKind;
use crate::domain::accounts::{NewOrganisation, Organisation};
use crate::error::{AppError, InvalidParam};
use diesel::Connection;

/// Registers an organisation with the regions it works in.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    new: &NewOrganisation,
) -> Result<Organisation, AppError> {
    let permit = authz::require(caller, Action::CreateOrganisation, &Target::default())?;
    register(conn, &permit, new)
}

/// Registers an organisation under an existing permit (the API's or the operator's).
pub fn register(
    conn: &mut DbConn,
    permit: &Permit,
    new: &NewOrganisation,
) -> Result<Organisation, AppError> {
    conn.transaction(|conn| {
        let unknown = db::regions::unknown(conn, &new.region_codes)?;
        if !unknown.is_empty() {
            return Err(AppError::InvalidInput(
                new.region_codes
                    .iter()
                    .enumerate()
                    .filter(|(_, code)| unknown.contains(code))
                    .map(|(i, _)| {
                        InvalidParam::new(
                            format!("regionCodes[{i}]"),
                            "unknown_reference",
                            "No labour-market region has this code.",
                        )
                    })
                    .collect(),
            ));
        }
        if db::organisations::name_taken(conn, &new.name)? {
            return Err(AppError::AlreadyExists("An organisation with this name"));
        }
        let id = db::organisations::insert(conn, permit, new)?;
        tracing::info!(organisation_id = %id, rule = permit.rule(), "organisation registered");
        Ok(db::organisations::get(conn, id)?)
    })
}

/// A page of organisations, optionally of one kind.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    kind: Option<OrganisationKind>,
    page: PageRequest,
) -> Result<(Vec<Organisation>, Option<uuid::Uuid>), AppError> {
    authz::require(caller, Action::ListOrganisations, &Target::default())?;
    Ok(db::organisations::list(conn, kind, page)?)
}
