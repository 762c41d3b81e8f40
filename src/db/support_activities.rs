//! Support activity rows (the contact log of a trajectory) with their participants.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::{
    placements as p, support_activities as sa, support_activity_participants as sp,
};
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::employers::{NewSupportActivity, SupportActivity};
use crate::domain::{
    ClientId, OrganisationId, PlacementId, SupportActivityId, TrajectoryId, UserId,
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = sa)]
struct Row {
    id: Id,
    trajectory_id: Id,
    client_id: Id,
    placement_id: Option<Id>,
    activity_date: NaiveDate,
    duration_minutes: i32,
    kind: String,
    note: Option<String>,
    user_id: Id,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
}

fn activity(r: Row, participants: &[(Id, String)]) -> QueryResult<SupportActivity> {
    Ok(SupportActivity {
        id: r.id.0.into(),
        trajectory_id: r.trajectory_id.0.into(),
        client_id: r.client_id.0.into(),
        placement_id: r.placement_id.map(|i| i.0.into()),
        activity_date: r.activity_date,
        duration_minutes: r.duration_minutes,
        kind: r
            .kind
            .parse()
            .map_err(|()| corrupt("support_activities.kind"))?,
        participants: participants
            .iter()
            .filter(|(a, _)| *a == r.id)
            .map(|(_, p)| {
                p.parse()
                    .map_err(|()| corrupt("support_activity_participants.participant"))
            })
            .collect::<QueryResult<_>>()?,
        note: r.note,
        user_id: r.user_id.0.into(),
        origin_organisation_id: r.origin_organisation_id.0.into(),
        version: r.version,
        created_at: r.created_at.0,
    })
}

fn participants_of(conn: &mut DbConn, ids: &[Id]) -> QueryResult<Vec<(Id, String)>> {
    sp::table
        .filter(sp::activity_id.eq_any(ids))
        .order((sp::activity_id, sp::participant))
        .select((sp::activity_id, sp::participant))
        .load(conn)
}

/// Whether a placement belongs to the trajectory.
pub fn placement_in(
    conn: &mut DbConn,
    placement: PlacementId,
    trajectory: TrajectoryId,
) -> QueryResult<bool> {
    let owner: Option<Id> = p::table
        .find(Id::from(placement))
        .select(p::trajectory_id)
        .first(conn)
        .optional()?;
    Ok(owner == Some(Id::from(trajectory)))
}

/// Records an activity with its participants; returns its id.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    trajectory: TrajectoryId,
    client: ClientId,
    new: &NewSupportActivity,
    by: (UserId, OrganisationId),
) -> QueryResult<SupportActivityId> {
    let id = SupportActivityId::new();
    let now = UtcTime::now();
    diesel::insert_into(sa::table)
        .values((
            sa::id.eq(Id::from(id)),
            sa::trajectory_id.eq(Id::from(trajectory)),
            sa::client_id.eq(Id::from(client)),
            sa::placement_id.eq(new.placement_id.map(Id::from)),
            sa::activity_date.eq(new.activity_date),
            sa::duration_minutes.eq(new.duration_minutes),
            sa::kind.eq(new.kind.as_str()),
            sa::note.eq(&new.note),
            sa::user_id.eq(Id::from(by.0)),
            sa::origin_organisation_id.eq(Id::from(by.1)),
            sa::version.eq(1_i64),
            sa::created_at.eq(now),
            sa::updated_at.eq(now),
        ))
        .execute(conn)?;
    for participant in &new.participants {
        diesel::insert_into(sp::table)
            .values((
                sp::activity_id.eq(Id::from(id)),
                sp::participant.eq(participant.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// One activity, regardless of scope.
pub fn find(conn: &mut DbConn, id: SupportActivityId) -> QueryResult<Option<SupportActivity>> {
    let row: Option<Row> = sa::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else { return Ok(None) };
    let participants = participants_of(conn, &[row.id])?;
    activity(row, &participants).map(Some)
}

/// A page of a trajectory's activities inside `scope`, in the order they were recorded.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    trajectory: TrajectoryId,
    page: PageRequest,
) -> QueryResult<(Vec<SupportActivity>, Option<uuid::Uuid>)> {
    let mut query = sa::table
        .filter(sa::trajectory_id.eq(Id::from(trajectory)))
        .filter(scope::filter(scope, Table::SupportActivities))
        .select(Row::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(sa::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(sa::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let participants = participants_of(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|r| activity(r, &participants))
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}
