//! Reading the access log (NEN 7513): the auditor's listing of its organisation's part, and
//! one client's access overview (inzageoverzicht), which the care team hands to the client.
//!
//! Both reads are accesses themselves: `authz` marks the trail when it allows them, and
//! `audited` writes their AUDIT_READ event like any other. Nothing here writes to the log.

use diesel::Connection;

use super::access;
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::ClientId;
use crate::domain::audit::{Access, Event, EventFilter, Period};
use crate::domain::calendar::today;
use crate::error::AppError;

/// A page of the events the caller (an auditor) may read, newest first.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &EventFilter,
    page: PageRequest<i64>,
) -> Result<(Vec<Event>, Option<i64>), AppError> {
    let scope = authz::audit_scope(caller)?;
    conn.transaction(|conn| {
        let (events, next) = db::audit::list(conn, &scope, filter, page)?;
        // What these events say about a client is that client's data: the read appears in
        // the access overview of every client the page concerns.
        caller
            .trail
            .returned(events.iter().flat_map(|e| e.clients.iter().copied()));
        Ok((events, next))
    })
}

/// A page of the events concerning `client`, newest first, for a care-team member who may
/// read the client's identity. A client that does not exist and one outside the caller's
/// reach are both 404.
pub fn of_client(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    period: Period,
    page: PageRequest<i64>,
) -> Result<(Vec<Access>, Option<i64>), AppError> {
    let action = Action::ReadClientAccessLog;
    authz::require_role(caller, action)?;
    conn.transaction(|conn| {
        let origin = db::clients::origin(conn, client)?
            .ok_or_else(|| authz::outside_reach(caller, action, client))?;
        let record = access::record(conn, caller, client, origin, today())?;
        access::require(caller, action, &record)?;
        Ok(db::audit::of_client(conn, client, period, page)?)
    })
}
