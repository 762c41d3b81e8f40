//! Employer contacts: about one client (EMPLOYER_CONTACTS data of that client), or general
//! job development without a client, which stays within the contacting organisation.

use diesel::Connection;

use super::{access, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action, Target};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::employers::{EmployerContact, NewEmployerContact};
use crate::domain::{DataCategory, EmployerContactId};
use crate::error::AppError;

const CATEGORY: DataCategory = DataCategory::EmployerContacts;

/// Records a contact: with a trajectory as the client's data, without as job development.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    new: &NewEmployerContact,
) -> Result<EmployerContact, AppError> {
    let day = today();
    let action = if new.trajectory_id.is_some() {
        Action::Write(CATEGORY)
    } else {
        Action::JobDevelopment
    };
    authz::require_role(caller, action)?;
    conn.transaction(|conn| {
        let (permit, client) = match new.trajectory_id {
            Some(trajectory) => {
                let trajectory = db::trajectories::find(conn, trajectory)?
                    .ok_or_else(|| unknown_reference("trajectoryId", "trajectory"))?;
                let record = access::record(conn, caller, trajectory.client_id, caller.organisation_id, day)?;
                let permit = access::require(caller, action, &record).map_err(|e| match e {
                    AppError::NotFound => unknown_reference("trajectoryId", "trajectory"),
                    other => other,
                })?;
                if new.contact_date < trajectory.registration_date {
                    return Err(AppError::invalid(
                        "contactDate",
                        "date_order",
                        "Must not be before the trajectory's registration.",
                    ));
                }
                (permit, Some(trajectory.client_id))
            }
            None => (authz::require(caller, action, &Target::default())?, None),
        };
        if db::employers::find(conn, new.employer_id)?.is_none() {
            return Err(unknown_reference("employerId", "employer"));
        }
        let id = db::employer_contacts::insert(conn, &permit, new, client, (caller.user_id, caller.organisation_id))?;
        tracing::info!(employer_contact_id = %id, rule = permit.rule(), "employer contact recorded");
        db::employer_contacts::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// Whether the caller may see client-specific contacts, general ones, or neither (403).
fn reach(caller: &Caller) -> Result<(bool, bool), AppError> {
    let clients = authz::role_may(caller, Action::Read(CATEGORY));
    let general = authz::role_may(caller, Action::JobDevelopment);
    if clients || general {
        Ok((clients, general))
    } else {
        Err(AppError::Forbidden)
    }
}

/// One contact: a client-specific one as the policy decides, a general one only within its
/// own organisation.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    id: EmployerContactId,
) -> Result<EmployerContact, AppError> {
    let (clients, general) = reach(caller)?;
    conn.transaction(|conn| {
        let contact = db::employer_contacts::find(conn, id)?.ok_or(AppError::NotFound)?;
        match contact.client_id {
            Some(client) if clients => {
                let record = access::record(
                    conn,
                    caller,
                    client,
                    contact.origin_organisation_id,
                    today(),
                )?;
                access::require(caller, Action::Read(CATEGORY), &record)?;
            }
            None if general && contact.origin_organisation_id == caller.organisation_id => {}
            _ => return Err(AppError::NotFound),
        }
        Ok(contact)
    })
}

/// A page of the contacts the caller may see.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &db::employer_contacts::Filter,
    page: PageRequest,
) -> Result<(Vec<EmployerContact>, Option<uuid::Uuid>), AppError> {
    let (clients, general) = reach(caller)?;
    let day = today();
    conn.transaction(|conn| {
        // Filtering on a trajectory is a child list: 404 when it is outside reach.
        let scope = match filter.trajectory_id {
            Some(trajectory) if clients => Some(
                crate::service::trajectories::child_scope(conn, caller, trajectory, CATEGORY, day)?
                    .1,
            ),
            Some(_) => return Err(AppError::Forbidden),
            None if clients => Some(authz::record_scope(caller, CATEGORY, day)?),
            None => None,
        };
        let own = (general && filter.trajectory_id.is_none()).then_some(caller.organisation_id);
        let (items, next) = db::employer_contacts::list(conn, scope.as_ref(), own, filter, page)?;
        access::returned(conn, caller, items.iter().filter_map(|c| c.client_id), day)?;
        Ok((items, next))
    })
}
