//! Journal entries: each note is readable and writable as the data category it carries.

use diesel::Connection;

use super::{access, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::journal::{CATEGORIES, Entry, NewEntry};
use crate::domain::{ClientId, DataCategory, JournalEntryId};
use crate::error::AppError;

/// Writes an entry under its category.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    new: &NewEntry,
) -> Result<Entry, AppError> {
    authz::require_role(caller, Action::Write(new.category))?;
    conn.transaction(|conn| {
        let record = access::record(conn, caller, client, caller.organisation_id, today())?;
        let permit = access::require(caller, Action::Write(new.category), &record)?;
        if let Some(trajectory) = new.trajectory_id
            && !db::trajectories::belongs_to(conn, trajectory, client)?
        {
            return Err(unknown_reference("trajectoryId", "trajectory of this client"));
        }
        let id = db::journal::insert(conn, &permit, client, new, (caller.user_id, caller.organisation_id))?;
        tracing::info!(client_id = %client, journal_entry_id = %id, category = new.category.as_str(), rule = permit.rule(), "journal entry written");
        db::journal::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// Whether the role could read any journal category (403 before any lookup otherwise).
fn any_category(caller: &Caller) -> Result<(), AppError> {
    if CATEGORIES
        .iter()
        .any(|c| authz::role_may(caller, Action::Read(*c)))
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// One entry, readable as its category.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: JournalEntryId,
) -> Result<Entry, AppError> {
    any_category(caller)?;
    conn.transaction(|conn| {
        let entry = db::journal::find(conn, id)?
            .filter(|e| e.client_id == client)
            .ok_or(AppError::NotFound)?;
        let record = access::record(conn, caller, client, entry.origin_organisation_id, today())?;
        access::require(caller, Action::Read(entry.category), &record)?;
        Ok(entry)
    })
}

/// A page of the client's entries the caller may read.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    filter: &db::journal::Filter,
    page: PageRequest,
) -> Result<(Vec<Entry>, Option<uuid::Uuid>), AppError> {
    any_category(caller)?;
    let day = today();
    conn.transaction(|conn| {
        access::reach(
            conn,
            caller,
            client,
            Action::Read(DataCategory::Identity),
            day,
        )?;
        let scopes: Vec<_> = CATEGORIES
            .iter()
            .filter_map(|c| authz::readable_scope(caller, *c, day))
            .collect();
        Ok(db::journal::list(conn, &scopes, client, filter, page)?)
    })
}
