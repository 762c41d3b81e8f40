//! Loading what the policy needs about a client record, in the use case's transaction, so
//! that a consent withdrawn or a membership ended a moment ago counts from the next request.

use chrono::NaiveDate;

use crate::auth::Caller;
use crate::authz::{self, Action, Permit, Record, RecordScope, Target};
use crate::db::{self, DbConn};
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
    let member = db::care_team::is_member(conn, caller.user_id, client, day)?;
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
    if !db::care_team::is_member(conn, caller.user_id, client, day)? {
        return Err(authz::outside_reach(caller, Action::Read(category), client));
    }
    caller.trail.returned([client]);
    Ok(scope)
}
