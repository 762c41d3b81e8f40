//! Registering and listing organisations (system administrators only).

use crate::auth::Caller;
use crate::authz::{self, Action, Permit, Target};
use crate::db::{self, DbConn, pagination::PageRequest};
use crate::domain::accounts::{
    NewOrganisation, Organisation, OrganisationChanges, kind_specific_problems,
};
use crate::domain::{OrganisationId, OrganisationKind, RegionCode};
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
        check_regions(conn, &new.region_codes)?;
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

/// Every listed region must exist in the reference table.
fn check_regions(conn: &mut DbConn, codes: &[RegionCode]) -> Result<(), AppError> {
    let unknown = db::regions::unknown(conn, codes)?;
    if unknown.is_empty() {
        return Ok(());
    }
    Err(AppError::InvalidInput(
        codes
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
    ))
}

fn target(id: OrganisationId) -> Target {
    Target {
        organisation_id: Some(id),
        ..Target::default()
    }
}

/// One organisation, if the caller may see it.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    id: OrganisationId,
) -> Result<Organisation, AppError> {
    authz::require(caller, Action::ReadOrganisation, &target(id))?;
    db::organisations::find(conn, id)?.ok_or(AppError::NotFound)
}

/// Changes an organisation if it is still at `if_match`.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: OrganisationId,
    if_match: Option<i64>,
    changes: OrganisationChanges,
) -> Result<Organisation, AppError> {
    conn.transaction(|conn| {
        let current = db::organisations::find(conn, id)?.ok_or(AppError::NotFound)?;
        let permit = authz::require(caller, Action::UpdateOrganisation, &target(id))?;
        let expected = if_match.ok_or(AppError::PreconditionRequired)?;
        if expected != current.version {
            return Err(AppError::PreconditionFailed);
        }
        let cbs_after = match &changes.cbs_municipality_code {
            Some(value) => value.as_deref(),
            None => current.cbs_municipality_code.as_deref(),
        };
        let uwv_after = changes.uwv_recognised.unwrap_or(current.uwv_recognised);
        let problems = kind_specific_problems(current.kind, cbs_after, uwv_after);
        if !problems.is_empty() {
            return Err(AppError::InvalidInput(
                problems
                    .into_iter()
                    .map(|(field, reason)| InvalidParam::new(field, "invalid_value", reason))
                    .collect(),
            ));
        }
        if let Some(codes) = &changes.region_codes {
            check_regions(conn, codes)?;
        }
        if let Some(name) = &changes.name
            && db::organisations::name_taken_by_other(conn, name, id)?
        {
            return Err(AppError::AlreadyExists("An organisation with this name"));
        }
        let applied = db::organisations::update(
            conn,
            &permit,
            id,
            expected,
            &db::organisations::Changes {
                name: changes.name,
                kvk_number: changes.kvk_number,
                oin: changes.oin,
                agb_code: changes.agb_code,
                cbs_municipality_code: changes.cbs_municipality_code,
                uwv_recognised: changes.uwv_recognised,
            },
            changes.region_codes.as_deref(),
        )?;
        if !applied {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(organisation_id = %id, actor = %permit.actor(), rule = permit.rule(), "organisation changed");
        Ok(db::organisations::get(conn, id)?)
    })
}
