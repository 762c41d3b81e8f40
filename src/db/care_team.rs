//! Care-team membership rows and queries.
//!
//! A membership counts by its days; one of kind EMERGENCY also only while its grant in
//! `emergency_accesses` runs, judged at the moment of the query.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::care_team_members as m;
use super::schema::emergency_accesses as ea;
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::care_team::{Involvement, Membership, MembershipKind, TeamRole};
use crate::domain::{
    ClientId, EmergencyAccessId, MembershipId, OrganisationId, TrajectoryId, UserId,
};

#[derive(Queryable)]
struct Row {
    id: Id,
    client_id: Id,
    user_id: Id,
    team_role: String,
    trajectory_id: Option<Id>,
    kind: String,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    reason: Option<String>,
    origin_organisation_id: Id,
    added_by_user_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

impl TryFrom<Row> for Membership {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            client_id: r.client_id.0.into(),
            user_id: r.user_id.0.into(),
            organisation_id: r.origin_organisation_id.0.into(),
            team_role: r
                .team_role
                .parse::<TeamRole>()
                .map_err(|()| corrupt("care_team_members.team_role"))?,
            trajectory_id: r.trajectory_id.map(|t| t.0.into()),
            kind: r
                .kind
                .parse::<MembershipKind>()
                .map_err(|()| corrupt("care_team_members.kind"))?,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            reason: r.reason,
            added_by_user_id: r.added_by_user_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        })
    }
}

/// A membership to insert.
pub struct NewRow<'a> {
    /// The client.
    pub client_id: ClientId,
    /// The professional.
    pub user_id: UserId,
    /// The professional's organisation.
    pub organisation_id: OrganisationId,
    /// Relation.
    pub team_role: TeamRole,
    /// For one trajectory.
    pub trajectory_id: Option<TrajectoryId>,
    /// Regular or emergency.
    pub kind: MembershipKind,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day.
    pub valid_to: Option<NaiveDate>,
    /// Why.
    pub reason: Option<&'a str>,
    /// Who adds it.
    pub added_by_user_id: UserId,
}

/// Inserts a membership; returns its id.
pub fn insert(conn: &mut DbConn, _permit: &Permit, new: &NewRow<'_>) -> QueryResult<MembershipId> {
    let id = MembershipId::new();
    let now = UtcTime::now();
    diesel::insert_into(m::table)
        .values((
            m::id.eq(Id::from(id)),
            m::client_id.eq(Id::from(new.client_id)),
            m::user_id.eq(Id::from(new.user_id)),
            m::team_role.eq(new.team_role.as_str()),
            m::trajectory_id.eq(new.trajectory_id.map(Id::from)),
            m::kind.eq(new.kind.as_str()),
            m::valid_from.eq(new.valid_from),
            m::valid_to.eq(new.valid_to),
            m::reason.eq(new.reason),
            m::origin_organisation_id.eq(Id::from(new.organisation_id)),
            m::added_by_user_id.eq(Id::from(new.added_by_user_id)),
            m::version.eq(1_i64),
            m::created_at.eq(now),
            m::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One membership, regardless of scope.
pub fn find(conn: &mut DbConn, id: MembershipId) -> QueryResult<Option<Membership>> {
    let row: Option<Row> = m::table.find(Id::from(id)).first(conn).optional()?;
    row.map(Membership::try_from).transpose()
}

/// How `user` is on `client`'s care team on `day` (and, for an emergency membership, right
/// now): by a regular membership if there is one, else by a running emergency grant.
pub fn involvement(
    conn: &mut DbConn,
    user: UserId,
    client: ClientId,
    day: NaiveDate,
) -> QueryResult<Option<Involvement>> {
    let regular: bool = diesel::select(diesel::dsl::exists(
        m::table
            .filter(m::client_id.eq(Id::from(client)))
            .filter(m::user_id.eq(Id::from(user)))
            .filter(m::kind.eq(MembershipKind::Regular.as_str()))
            .filter(m::valid_from.le(day))
            .filter(m::valid_to.is_null().or(m::valid_to.ge(day))),
    ))
    .get_result(conn)?;
    if regular {
        return Ok(Some(Involvement::Regular));
    }
    Ok(running_grants(conn, user, &[client], day)?
        .into_iter()
        .next()
        .map(|(_, grant)| Involvement::Emergency(grant)))
}

/// Whether `user` is an active member of `client`'s care team on `day` (an emergency
/// member only while the grant runs).
pub fn is_member(
    conn: &mut DbConn,
    user: UserId,
    client: ClientId,
    day: NaiveDate,
) -> QueryResult<bool> {
    Ok(involvement(conn, user, client, day)?.is_some())
}

/// The running emergency grants of `user` on any of `clients` whose EMERGENCY membership
/// counts on `day`, oldest first.
fn running_grants(
    conn: &mut DbConn,
    user: UserId,
    clients: &[ClientId],
    day: NaiveDate,
) -> QueryResult<Vec<(ClientId, EmergencyAccessId)>> {
    let now = UtcTime::now();
    let rows: Vec<(Id, Id)> = ea::table
        .inner_join(m::table)
        .filter(ea::user_id.eq(Id::from(user)))
        .filter(ea::client_id.eq_any(clients.iter().map(|c| Id::from(*c)).collect::<Vec<_>>()))
        .filter(ea::starts_at.le(now))
        .filter(ea::ends_at.gt(now))
        .filter(m::valid_from.le(day))
        .filter(m::valid_to.is_null().or(m::valid_to.ge(day)))
        .order(ea::id.asc())
        .select((ea::client_id, ea::id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(client, grant)| (client.0.into(), grant.0.into()))
        .collect())
}

/// Of `clients`, the emergency grants through which alone `user` reaches them on `day`:
/// those a list used. A client the user also has a regular membership of needs none.
pub fn grants_in_use(
    conn: &mut DbConn,
    user: UserId,
    clients: &[ClientId],
    day: NaiveDate,
) -> QueryResult<Vec<EmergencyAccessId>> {
    let grants = running_grants(conn, user, clients, day)?;
    if grants.is_empty() {
        return Ok(Vec::new());
    }
    let with_grant: Vec<Id> = grants.iter().map(|(c, _)| Id::from(*c)).collect();
    let regular: Vec<Id> = m::table
        .filter(m::user_id.eq(Id::from(user)))
        .filter(m::client_id.eq_any(with_grant))
        .filter(m::kind.eq(MembershipKind::Regular.as_str()))
        .filter(m::valid_from.le(day))
        .filter(m::valid_to.is_null().or(m::valid_to.ge(day)))
        .select(m::client_id)
        .load(conn)?;
    Ok(grants
        .into_iter()
        .filter(|(client, _)| !regular.contains(&Id::from(*client)))
        .map(|(_, grant)| grant)
        .collect())
}

/// Whether `user` has a regular membership of `client` that is active on `day` or starts
/// later (a second one would overlap). An emergency membership does not count: the
/// professional who broke the glass may be added to the team properly.
pub fn has_current_or_future(
    conn: &mut DbConn,
    user: UserId,
    client: ClientId,
    day: NaiveDate,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        m::table
            .filter(m::client_id.eq(Id::from(client)))
            .filter(m::user_id.eq(Id::from(user)))
            .filter(m::kind.eq(MembershipKind::Regular.as_str()))
            .filter(m::valid_to.is_null().or(m::valid_to.ge(day))),
    ))
    .get_result(conn)
}

/// A page of a client's memberships inside `scope`, in the order they were added; with
/// `active_on`, only those that count that day (an emergency one only while its grant runs).
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    client: ClientId,
    active_on: Option<NaiveDate>,
    page: PageRequest,
) -> QueryResult<(Vec<Membership>, Option<uuid::Uuid>)> {
    let mut query = m::table
        .filter(m::client_id.eq(Id::from(client)))
        .filter(scope::filter(scope, Table::CareTeamMembers))
        .into_boxed();
    if let Some(day) = active_on {
        query = query.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            &scope::membership_counts("care_team_members", day, UtcTime::now()),
        ));
    }
    if let Some(after) = page.after {
        query = query.filter(m::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(m::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let items = rows
        .into_iter()
        .map(Membership::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Column values to change.
#[derive(AsChangeset, Default)]
#[diesel(table_name = m)]
pub struct Changes {
    /// New relation.
    pub team_role: Option<String>,
    /// New last day (inner `None` clears it).
    pub valid_to: Option<Option<NaiveDate>>,
    /// New reason (inner `None` clears it).
    pub reason: Option<Option<String>>,
}

/// Applies `changes` if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: MembershipId,
    expected_version: i64,
    changes: &Changes,
) -> QueryResult<bool> {
    let updated = diesel::update(
        m::table
            .filter(m::id.eq(Id::from(id)))
            .filter(m::version.eq(expected_version)),
    )
    .set((
        changes,
        m::version.eq(expected_version + 1),
        m::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// SQL: `user` is an active member of the client in `client_expr` by a membership that
/// `scope` (the caller's scope for care-team records) may see. For "involved professional"
/// filters: a membership the caller may not see must not narrow their list either.
#[must_use]
pub fn involves(user: UserId, scope: &RecordScope, client_expr: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM care_team_members WHERE care_team_members.client_id = {client_expr} \
         AND care_team_members.user_id = '{user}' AND {counts} AND {visible})",
        user = uuid::Uuid::from(user).hyphenated(),
        counts = scope::membership_counts("care_team_members", scope.day, UtcTime::now()),
        visible = scope::visible(scope, Table::CareTeamMembers),
    )
}
