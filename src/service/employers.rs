//! The employer register: organisations that employ, shared by everyone who contacts
//! employers. It holds no client data; which client works where is in the placements.

use diesel::Connection;

use super::precondition;
use crate::auth::Caller;
use crate::authz::{self, Action, Target};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::employers::{Employer, EmployerChanges, NewEmployer};
use crate::domain::{EmployerId, RegionCode};
use crate::error::AppError;

fn check_region(conn: &mut DbConn, region: Option<&RegionCode>) -> Result<(), AppError> {
    match region {
        Some(r) if !db::regions::unknown(conn, std::slice::from_ref(r))?.is_empty() => {
            Err(AppError::invalid(
                "regionCode",
                "unknown_reference",
                "No labour-market region has this code.",
            ))
        }
        _ => Ok(()),
    }
}

fn check_kvk(
    conn: &mut DbConn,
    kvk: Option<&str>,
    except: Option<EmployerId>,
) -> Result<(), AppError> {
    match kvk {
        Some(k) if db::employers::kvk_taken(conn, k, except)? => {
            Err(AppError::AlreadyExists("An employer with this KvK number"))
        }
        _ => Ok(()),
    }
}

/// Adds an employer.
pub fn create(conn: &mut DbConn, caller: &Caller, new: &NewEmployer) -> Result<Employer, AppError> {
    let permit = authz::require(caller, Action::ManageEmployers, &Target::default())?;
    conn.transaction(|conn| {
        check_region(conn, new.region_code.as_ref())?;
        check_kvk(conn, new.kvk_number.as_deref(), None)?;
        let id =
            db::employers::insert(conn, &permit, new, (caller.user_id, caller.organisation_id))?;
        tracing::info!(employer_id = %id, rule = permit.rule(), "employer added");
        db::employers::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// One employer.
pub fn get(conn: &mut DbConn, caller: &Caller, id: EmployerId) -> Result<Employer, AppError> {
    authz::require(caller, Action::ReadEmployers, &Target::default())?;
    db::employers::find(conn, id)?.ok_or(AppError::NotFound)
}

/// A page of employers.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    region: Option<&RegionCode>,
    page: PageRequest,
) -> Result<(Vec<Employer>, Option<uuid::Uuid>), AppError> {
    authz::require(caller, Action::ReadEmployers, &Target::default())?;
    Ok(db::employers::list(conn, region, page)?)
}

/// Corrects an employer if it is still at `if_match`.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: EmployerId,
    if_match: Option<i64>,
    changes: &EmployerChanges,
) -> Result<Employer, AppError> {
    let permit = authz::require(caller, Action::ManageEmployers, &Target::default())?;
    conn.transaction(|conn| {
        let current = db::employers::find(conn, id)?.ok_or(AppError::NotFound)?;
        let expected = precondition(if_match, current.version)?;
        if let Some(region) = &changes.region_code {
            check_region(conn, region.as_ref())?;
        }
        if let Some(Some(kvk)) = &changes.kvk_number {
            check_kvk(conn, Some(kvk), Some(id))?;
        }
        if !db::employers::update(conn, &permit, id, expected, changes)? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(employer_id = %id, rule = permit.rule(), "employer changed");
        db::employers::find(conn, id)?.ok_or(AppError::NotFound)
    })
}
