//! Loading what the policy needs about a client record, in the use case's transaction, so
//! that a consent withdrawn or a membership ended a moment ago counts from the next request.
//! A membership that rests on an emergency grant is named with the facts, so that the
//! request's access-log event carries the grant.

use chrono::NaiveDate;

use crate::auth::Caller;
use crate::authz::{self, Action, Permit, Record, RecordScope, Target};
use crate::db::{self, DbConn};
use crate::domain::care_team::Involvement;
use crate::domain::consent::Origin;
use crate::domain::{ClientId, DataCategory, OrganisationId};
use crate::error::AppError;

/// The facts of a record of `client` that organisation `origin` created, for the caller on
/// `day`. Attributes for qualifiers (benefit type, financier, job coaches) are left for the
/// caller to add.
pub fn record(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    origin: OrganisationId,
    day: NaiveDate,
) -> Result<Record, AppError> {
    let involvement = db::care_team::involvement(conn, caller.user_id, client, day)?;
    let member = involvement.is_some();
    let origin = Origin {
        organisation_id: origin,
        ggz: db::access::is_ggz(conn, origin)?,
    };
    // Consents matter only when they can open something; a non-member sees nothing anyway.
    let consents = if member {
        db::access::grants(conn, client)?
    } else {
        Vec::new()
    };
    let mut record = Record::new(member, origin, consents, day);
    record.client = Some(client);
    record.emergency_access = involvement.and_then(Involvement::emergency_access);
    if member {
        record.jobcoach_organisations = db::access::jobcoaches_of_client(conn, client)?;
    }
    Ok(record)
}

/// Requires `action` on a record, returning the permit.
pub fn require(caller: &Caller, action: Action, record: &Record) -> Result<Permit, AppError> {
    authz::require(caller, action, &Target::record(record.clone()))
}

/// Whether the caller may also read `category` of a record it may read: for the fields of
/// another category that a response includes only then.
#[must_use]
pub fn may_read(caller: &Caller, category: DataCategory, record: &Record) -> bool {
    authz::allows(
        caller,
        Action::Read(category),
        &Target::record(record.clone()),
    )
}

/// The scope for listing `category` records under one client: 403 when the role may never
/// read them, 404 when the client does not exist or the caller is not on its care team
/// (in that order, so a role that may never read learns nothing about the client).
pub fn child_scope(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    category: DataCategory,
    day: NaiveDate,
) -> Result<RecordScope, AppError> {
    let scope = authz::record_scope(caller, category, day)?;
    reach(conn, caller, client, Action::Read(category), day)?;
    Ok(scope)
}

/// Requires the caller to be on `client`'s care team for a list under it: 404 (a refusal of
/// `action`) when not; otherwise the client, and the emergency grant the membership rests
/// on, go into the request's trail.
pub fn reach(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    action: Action,
    day: NaiveDate,
) -> Result<(), AppError> {
    let Some(involvement) = db::care_team::involvement(conn, caller.user_id, client, day)? else {
        return Err(authz::outside_reach(caller, action, client));
    };
    caller.trail.returned([client]);
    caller.trail.reached_through(involvement.emergency_access());
    Ok(())
}

/// Notes the clients a list returned in the request's trail, with the emergency grants
/// through which alone the caller could see some of them.
pub fn returned(
    conn: &mut DbConn,
    caller: &Caller,
    clients: impl IntoIterator<Item = ClientId>,
    day: NaiveDate,
) -> Result<(), AppError> {
    let mut clients: Vec<ClientId> = clients.into_iter().collect();
    clients.sort_unstable();
    clients.dedup();
    if !clients.is_empty() {
        let grants = db::care_team::grants_in_use(conn, caller.user_id, &clients, day)?;
        caller.trail.reached_through(grants);
    }
    caller.trail.returned(clients);
    Ok(())
}
