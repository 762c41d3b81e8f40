//! Trajectory rows and queries, their transition records, and the facts the transition
//! guards read (placements, consents).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::{
    consent_categories as cc, consents as cs, placements as p, trajectories as t,
    trajectory_transitions as tt,
};
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::consent::ConsentKind;
use crate::domain::placement::WorkType;
use crate::domain::trajectory::machine::Warning;
use crate::domain::trajectory::{
    EndReason, TargetGroup, Trajectory, TrajectoryStatus, TrajectoryType, Transition,
};
use crate::domain::{
    ClientId, DataCategory, OrganisationId, RegionCode, TrajectoryId, TransitionId, UserId,
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = t)]
struct Row {
    id: Id,
    client_id: Id,
    trajectory_type: String,
    status: String,
    status_date: NaiveDate,
    lead_organisation_id: Id,
    lead_user_id: Id,
    registration_date: NaiveDate,
    wish_to_work_date: Option<NaiveDate>,
    start_date: Option<NaiveDate>,
    planned_end_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    end_reason: Option<String>,
    target_group_attestation: String,
    region_code: String,
    previous_trajectory_id: Option<Id>,
    paused_from: Option<NaiveDate>,
    paused_until: Option<NaiveDate>,
    resume_status: Option<String>,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

fn status(raw: &str) -> QueryResult<TrajectoryStatus> {
    raw.parse().map_err(|()| corrupt("trajectories.status"))
}

impl TryFrom<Row> for Trajectory {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            client_id: r.client_id.0.into(),
            trajectory_type: r
                .trajectory_type
                .parse::<TrajectoryType>()
                .map_err(|()| corrupt("trajectories.type"))?,
            status: status(&r.status)?,
            status_date: r.status_date,
            lead_organisation_id: r.lead_organisation_id.0.into(),
            lead_user_id: r.lead_user_id.0.into(),
            registration_date: r.registration_date,
            wish_to_work_date: r.wish_to_work_date,
            start_date: r.start_date,
            planned_end_date: r.planned_end_date,
            end_date: r.end_date,
            end_reason: r
                .end_reason
                .map(|e| {
                    e.parse::<EndReason>()
                        .map_err(|()| corrupt("trajectories.end_reason"))
                })
                .transpose()?,
            target_group_attestation: r
                .target_group_attestation
                .parse::<TargetGroup>()
                .map_err(|()| corrupt("trajectories.target_group_attestation"))?,
            region_code: r.region_code,
            previous_trajectory_id: r.previous_trajectory_id.map(|i| i.0.into()),
            paused_from: r.paused_from,
            paused_until: r.paused_until,
            resume_status: r.resume_status.as_deref().map(status).transpose()?,
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        })
    }
}

/// A trajectory to insert.
pub struct NewRow {
    /// Id.
    pub id: TrajectoryId,
    /// Client.
    pub client_id: ClientId,
    /// Kind.
    pub trajectory_type: TrajectoryType,
    /// Initial status.
    pub status: TrajectoryStatus,
    /// Lead organisation.
    pub lead_organisation_id: OrganisationId,
    /// Lead professional.
    pub lead_user_id: UserId,
    /// Registration.
    pub registration_date: NaiveDate,
    /// Wish to work.
    pub wish_to_work_date: Option<NaiveDate>,
    /// Start.
    pub start_date: Option<NaiveDate>,
    /// Planned end.
    pub planned_end_date: Option<NaiveDate>,
    /// Attestation.
    pub target_group_attestation: TargetGroup,
    /// Region at registration.
    pub region_code: RegionCode,
    /// Reopened trajectory.
    pub previous_trajectory_id: Option<TrajectoryId>,
    /// Creating organisation.
    pub origin_organisation_id: OrganisationId,
    /// Creating professional.
    pub created_by_user_id: UserId,
}

/// Inserts a trajectory.
pub fn insert(conn: &mut DbConn, _permit: &Permit, n: &NewRow) -> QueryResult<()> {
    let now = UtcTime::now();
    diesel::insert_into(t::table)
        .values((
            t::id.eq(Id::from(n.id)),
            t::client_id.eq(Id::from(n.client_id)),
            t::trajectory_type.eq(n.trajectory_type.as_str()),
            t::status.eq(n.status.as_str()),
            t::status_date.eq(n.registration_date),
            t::lead_organisation_id.eq(Id::from(n.lead_organisation_id)),
            t::lead_user_id.eq(Id::from(n.lead_user_id)),
            t::registration_date.eq(n.registration_date),
            t::wish_to_work_date.eq(n.wish_to_work_date),
            t::start_date.eq(n.start_date),
            t::planned_end_date.eq(n.planned_end_date),
            t::target_group_attestation.eq(n.target_group_attestation.as_str()),
            t::region_code.eq(n.region_code.as_str()),
            t::previous_trajectory_id.eq(n.previous_trajectory_id.map(Id::from)),
            t::origin_organisation_id.eq(Id::from(n.origin_organisation_id)),
            t::created_by_user_id.eq(Id::from(n.created_by_user_id)),
            t::version.eq(1_i64),
            t::created_at.eq(now),
            t::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// One trajectory, regardless of scope.
pub fn find(conn: &mut DbConn, id: TrajectoryId) -> QueryResult<Option<Trajectory>> {
    let row: Option<Row> = t::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(Trajectory::try_from).transpose()
}

/// The ids of a client's trajectories, in creation order: ids only, so that a caller may
/// reach the records under a trajectory it may not read itself (a job coach's placements).
pub fn ids_of_client(conn: &mut DbConn, client: ClientId) -> QueryResult<Vec<TrajectoryId>> {
    let ids: Vec<Id> = t::table
        .filter(t::client_id.eq(Id::from(client)))
        .order(t::id.asc())
        .select(t::id)
        .load(conn)?;
    Ok(ids.into_iter().map(|i| i.0.into()).collect())
}

/// Whether the trajectory exists and belongs to the client.
pub fn belongs_to(
    conn: &mut DbConn,
    trajectory: TrajectoryId,
    client: ClientId,
) -> QueryResult<bool> {
    let owner: Option<Id> = t::table
        .find(Id::from(trajectory))
        .select(t::client_id)
        .first(conn)
        .optional()?;
    Ok(owner == Some(Id::from(client)))
}

/// Whether the client has an open (non-terminal) trajectory of this type.
pub fn open_of_type(
    conn: &mut DbConn,
    client: ClientId,
    kind: TrajectoryType,
) -> QueryResult<bool> {
    let open: Option<Id> = t::table
        .filter(t::client_id.eq(Id::from(client)))
        .filter(t::trajectory_type.eq(kind.as_str()))
        .filter(t::status.ne_all(["CLOSED", "ENDED_EARLY"]))
        .select(t::id)
        .first(conn)
        .optional()?;
    Ok(open.is_some())
}

/// List filters.
#[derive(Debug, Default)]
pub struct Filter {
    /// One client's.
    pub client_id: Option<ClientId>,
    /// Of this type.
    pub trajectory_type: Option<TrajectoryType>,
    /// In this status.
    pub status: Option<TrajectoryStatus>,
    /// Led by this organisation.
    pub lead_organisation_id: Option<OrganisationId>,
    /// In this region.
    pub region_code: Option<RegionCode>,
    /// With this professional visibly on the client's care team.
    pub involved: Option<(UserId, RecordScope)>,
    /// Changed at or after.
    pub updated_since: Option<DateTime<Utc>>,
}

/// A page of trajectories with whether `extra` (the attestation's scope) covers each.
pub type Page = (Vec<(Trajectory, bool)>, Option<uuid::Uuid>);

/// A page of trajectories inside `scope`, in creation order.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    extra: Option<&RecordScope>,
    filter: &Filter,
    page: PageRequest,
) -> QueryResult<Page> {
    let extra_sql = extra.map_or_else(
        || "1 = 0".to_owned(),
        |e| scope::visible(e, Table::Trajectories),
    );
    let mut query = t::table
        .select((Row::as_select(), sql::<Bool>(&extra_sql)))
        .filter(scope::filter(scope, Table::Trajectories))
        .into_boxed();
    if let Some(client) = filter.client_id {
        query = query.filter(t::client_id.eq(Id::from(client)));
    }
    if let Some(kind) = filter.trajectory_type {
        query = query.filter(t::trajectory_type.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(t::status.eq(status.as_str()));
    }
    if let Some(org) = filter.lead_organisation_id {
        query = query.filter(t::lead_organisation_id.eq(Id::from(org)));
    }
    if let Some(region) = &filter.region_code {
        query = query.filter(t::region_code.eq(region.as_str().to_owned()));
    }
    if let Some((user, members)) = &filter.involved {
        query = query.filter(sql::<Bool>(&super::care_team::involves(
            *user,
            members,
            "trajectories.client_id",
        )));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(t::updated_at.ge(UtcTime::from(since)));
    }
    if let Some(after) = page.after {
        query = query.filter(t::id.gt(Id(after)));
    }
    let rows: Vec<(Row, bool)> = query.order(t::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |(r, _)| r.id.0);
    let items = rows
        .into_iter()
        .map(|(row, extra)| Ok((Trajectory::try_from(row)?, extra)))
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Column values a change or a transition sets.
#[derive(AsChangeset, Default)]
#[diesel(table_name = t)]
pub struct Changes {
    /// Status.
    pub status: Option<String>,
    /// Date of the last transition.
    pub status_date: Option<NaiveDate>,
    /// Lead organisation.
    pub lead_organisation_id: Option<Id>,
    /// Lead professional.
    pub lead_user_id: Option<Id>,
    /// Registration.
    pub registration_date: Option<NaiveDate>,
    /// Wish to work (inner `None` clears).
    pub wish_to_work_date: Option<Option<NaiveDate>>,
    /// Start (inner `None` clears).
    pub start_date: Option<Option<NaiveDate>>,
    /// Planned end (inner `None` clears).
    pub planned_end_date: Option<Option<NaiveDate>>,
    /// End.
    pub end_date: Option<Option<NaiveDate>>,
    /// End reason.
    pub end_reason: Option<Option<String>>,
    /// Attestation.
    pub target_group_attestation: Option<String>,
    /// Paused since.
    pub paused_from: Option<Option<NaiveDate>>,
    /// Resumed on.
    pub paused_until: Option<Option<NaiveDate>>,
    /// Status to resume to (inner `None` clears).
    pub resume_status: Option<Option<String>>,
}

/// Applies `changes` if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: TrajectoryId,
    expected_version: i64,
    changes: &Changes,
) -> QueryResult<bool> {
    let updated = diesel::update(
        t::table
            .filter(t::id.eq(Id::from(id)))
            .filter(t::version.eq(expected_version)),
    )
    .set((
        changes,
        t::version.eq(expected_version + 1),
        t::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// A transition to record.
pub struct NewTransition<'a> {
    /// The trajectory.
    pub trajectory_id: TrajectoryId,
    /// Its client.
    pub client_id: ClientId,
    /// From (`None` at registration).
    pub from: Option<TrajectoryStatus>,
    /// To.
    pub to: TrajectoryStatus,
    /// Date.
    pub date: NaiveDate,
    /// Reason.
    pub reason: Option<&'a str>,
    /// End reason.
    pub end_reason: Option<EndReason>,
    /// Warning raised.
    pub warning: Option<Warning>,
    /// Who.
    pub actor_user_id: UserId,
    /// Their organisation.
    pub actor_organisation_id: OrganisationId,
}

/// Records a transition (never changed afterwards).
pub fn insert_transition(
    conn: &mut DbConn,
    _permit: &Permit,
    n: &NewTransition<'_>,
) -> QueryResult<()> {
    diesel::insert_into(tt::table)
        .values((
            tt::id.eq(Id::from(TransitionId::new())),
            tt::trajectory_id.eq(Id::from(n.trajectory_id)),
            tt::client_id.eq(Id::from(n.client_id)),
            tt::from_status.eq(n.from.map(TrajectoryStatus::as_str)),
            tt::to_status.eq(n.to.as_str()),
            tt::transition_date.eq(n.date),
            tt::reason.eq(n.reason),
            tt::end_reason.eq(n.end_reason.map(EndReason::as_str)),
            tt::warning.eq(n.warning.map(Warning::as_str)),
            tt::actor_user_id.eq(Id::from(n.actor_user_id)),
            tt::origin_organisation_id.eq(Id::from(n.actor_organisation_id)),
            tt::created_at.eq(UtcTime::now()),
        ))
        .execute(conn)?;
    Ok(())
}

type TransitionRow = (
    Id,
    Id,
    Option<String>,
    String,
    NaiveDate,
    Option<String>,
    Option<String>,
    Option<String>,
    Id,
    UtcTime,
);

/// A page of a trajectory's transitions inside `scope`, in the order they happened.
pub fn transitions(
    conn: &mut DbConn,
    scope: &RecordScope,
    trajectory: TrajectoryId,
    page: PageRequest,
) -> QueryResult<(Vec<Transition>, Option<uuid::Uuid>)> {
    let mut query = tt::table
        .filter(tt::trajectory_id.eq(Id::from(trajectory)))
        .filter(scope::filter(scope, Table::TrajectoryTransitions))
        .select((
            tt::id,
            tt::trajectory_id,
            tt::from_status,
            tt::to_status,
            tt::transition_date,
            tt::reason,
            tt::end_reason,
            tt::warning,
            tt::actor_user_id,
            tt::created_at,
        ))
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(tt::id.gt(Id(after)));
    }
    let rows: Vec<TransitionRow> = query.order(tt::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.0.0);
    let items = rows
        .into_iter()
        .map(
            |(id, trajectory, from, to, date, reason, end_reason, warning, actor, at)| {
                Ok(Transition {
                    id: id.0.into(),
                    trajectory_id: trajectory.0.into(),
                    from: from.as_deref().map(status).transpose()?,
                    to: status(&to)?,
                    date,
                    reason,
                    end_reason: end_reason
                        .map(|e| {
                            e.parse()
                                .map_err(|()| corrupt("trajectory_transitions.end_reason"))
                        })
                        .transpose()?,
                    warning: warning
                        .map(|w| {
                            w.parse()
                                .map_err(|()| corrupt("trajectory_transitions.warning"))
                        })
                        .transpose()?,
                    actor_user_id: actor.0.into(),
                    created_at: at.0,
                })
            },
        )
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

fn paid() -> Vec<&'static str> {
    WorkType::paid().into_iter().map(WorkType::as_str).collect()
}

/// Whether a paid placement of the trajectory has started on or before `day` and has not
/// ended before it.
pub fn paid_placement_running(
    conn: &mut DbConn,
    trajectory: TrajectoryId,
    day: NaiveDate,
) -> QueryResult<bool> {
    let found: Option<Id> = p::table
        .filter(p::trajectory_id.eq(Id::from(trajectory)))
        .filter(p::work_type.eq_any(paid()))
        .filter(p::start_date.le(day))
        .filter(p::end_date.is_null().or(p::end_date.ge(day)))
        .select(p::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

/// Whether a paid placement of the trajectory ended (with its reason) on or before `day`.
pub fn paid_placement_ended(
    conn: &mut DbConn,
    trajectory: TrajectoryId,
    day: NaiveDate,
) -> QueryResult<bool> {
    let found: Option<Id> = p::table
        .filter(p::trajectory_id.eq(Id::from(trajectory)))
        .filter(p::work_type.eq_any(paid()))
        .filter(p::end_date.le(day))
        .filter(p::end_reason.is_not_null())
        .select(p::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

/// Whether a SHARE_GGZ_TO_WI consent from `from` for `client`, to a recipient outside GGZ, is
/// in force on `day` and covers every one of `categories`.
pub fn ggz_to_wi_consent(
    conn: &mut DbConn,
    client: ClientId,
    from: OrganisationId,
    categories: &[DataCategory],
    day: NaiveDate,
) -> QueryResult<bool> {
    let candidates: Vec<Id> = cs::table
        .filter(cs::client_id.eq(Id::from(client)))
        .filter(cs::from_organisation_id.eq(Id::from(from)))
        .filter(cs::kind.eq(ConsentKind::ShareGgzToWi.as_str()))
        .filter(cs::withdrawn_at.is_null())
        .filter(cs::granted_date.le(day))
        .filter(cs::valid_until.is_null().or(cs::valid_until.ge(day)))
        .select(cs::id)
        .load(conn)?;
    for consent in candidates {
        let covered: Vec<String> = cc::table
            .filter(cc::consent_id.eq(consent))
            .select(cc::category)
            .load(conn)?;
        if categories
            .iter()
            .all(|c| covered.iter().any(|k| k == c.as_str()))
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Ends the consents given for a trajectory without an end date of their own on the day the
/// trajectory ends (domain.md §8.5: by default a consent lasts until its trajectory ends).
pub fn end_linked_consents(
    conn: &mut DbConn,
    _permit: &Permit,
    trajectory: TrajectoryId,
    last_day: NaiveDate,
) -> QueryResult<usize> {
    diesel::update(
        cs::table
            .filter(cs::trajectory_id.eq(Id::from(trajectory)))
            .filter(cs::valid_until.is_null())
            .filter(cs::withdrawn_at.is_null()),
    )
    .set((
        cs::valid_until.eq(last_day),
        cs::version.eq(cs::version + 1_i64),
        cs::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)
}
