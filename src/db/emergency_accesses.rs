//! Emergency-access (break-glass) rows and queries. A grant is written once, with its
//! EMERGENCY membership, and never changed (the database refuses an UPDATE).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::pagination::PageRequest;
use super::schema::emergency_accesses as ea;
use super::scope;
use super::{DbConn, Id, UtcTime};
use crate::authz::{EmergencyAccessScope, Permit};
use crate::domain::care_team::EmergencyAccess;
use crate::domain::{ClientId, EmergencyAccessId, MembershipId, OrganisationId, UserId};

type Row = (Id, Id, Id, Id, Id, String, UtcTime, UtcTime);

const COLUMNS: (
    ea::id,
    ea::client_id,
    ea::user_id,
    ea::organisation_id,
    ea::membership_id,
    ea::reason,
    ea::starts_at,
    ea::ends_at,
) = (
    ea::id,
    ea::client_id,
    ea::user_id,
    ea::organisation_id,
    ea::membership_id,
    ea::reason,
    ea::starts_at,
    ea::ends_at,
);

fn grant(r: Row) -> EmergencyAccess {
    let (id, client_id, user_id, organisation_id, membership_id, reason, starts_at, ends_at) = r;
    EmergencyAccess {
        id: id.0.into(),
        client_id: client_id.0.into(),
        user_id: user_id.0.into(),
        organisation_id: organisation_id.0.into(),
        membership_id: membership_id.0.into(),
        reason,
        starts_at: starts_at.0,
        ends_at: ends_at.0,
    }
}

/// A grant to store.
pub struct NewRow<'a> {
    /// Its id, chosen by the use case.
    pub id: EmergencyAccessId,
    /// The client.
    pub client_id: ClientId,
    /// The professional.
    pub user_id: UserId,
    /// Their organisation.
    pub organisation_id: OrganisationId,
    /// The EMERGENCY membership stored with it.
    pub membership_id: MembershipId,
    /// Why.
    pub reason: &'a str,
    /// From.
    pub starts_at: DateTime<Utc>,
    /// Until (exclusive).
    pub ends_at: DateTime<Utc>,
}

/// Stores a grant.
pub fn insert(conn: &mut DbConn, _permit: &Permit, new: &NewRow<'_>) -> QueryResult<()> {
    diesel::insert_into(ea::table)
        .values((
            ea::id.eq(Id::from(new.id)),
            ea::client_id.eq(Id::from(new.client_id)),
            ea::user_id.eq(Id::from(new.user_id)),
            ea::organisation_id.eq(Id::from(new.organisation_id)),
            ea::membership_id.eq(Id::from(new.membership_id)),
            ea::reason.eq(new.reason),
            ea::starts_at.eq(UtcTime::from(new.starts_at)),
            ea::ends_at.eq(UtcTime::from(new.ends_at)),
            ea::created_at.eq(UtcTime::now()),
        ))
        .execute(conn)
        .map(drop)
}

/// One grant inside `scope`.
pub fn find(
    conn: &mut DbConn,
    scope: EmergencyAccessScope,
    id: EmergencyAccessId,
) -> QueryResult<Option<EmergencyAccess>> {
    let row: Option<Row> = ea::table
        .filter(ea::id.eq(Id::from(id)))
        .filter(scope::emergency_accesses(scope))
        .select(COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.map(grant))
}

/// A page of the grants inside `scope`, in the order they were made.
pub fn list(
    conn: &mut DbConn,
    scope: EmergencyAccessScope,
    page: PageRequest,
) -> QueryResult<(Vec<EmergencyAccess>, Option<uuid::Uuid>)> {
    let mut query = ea::table
        .filter(scope::emergency_accesses(scope))
        .select(COLUMNS)
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(ea::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(ea::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.0.0);
    Ok((rows.into_iter().map(grant).collect(), next))
}
