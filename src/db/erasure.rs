//! Erasure rows and queries: the facts retention is decided on, the removal of a client's
//! file, and the tombstone that stays (see the migration `2026-12-01-000002_erasure` for
//! what it keeps and why).
//!
//! Removing takes the `Permit` of the erasure; the access log is never touched (its rows
//! name the client by id only, and the tombstone keeps that id).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use super::schema::{
    benefits, care_team_members, client_tombstones as ct, clients, consents, emergency_accesses,
    employer_contacts, financing_transitions, financings, jobcoach_provision_transitions,
    jobcoach_provisions, journal_entries, placements, support_activities,
    tombstone_placements as tp, tombstone_trajectories as tt, trajectories, trajectory_transitions,
    vocational_profiles,
};
use super::{DbConn, Id, UtcTime};
use crate::authz::Permit;
use crate::domain::ClientId;
use crate::domain::client::Client;
use crate::domain::retention::ErasureReason;

/// What retention is decided on, as stored.
#[derive(Clone, Copy, Debug)]
pub struct Stored {
    /// The last change to any of the client's records.
    pub last_change: DateTime<Utc>,
    /// The latest end date of its trajectories.
    pub last_closure: Option<NaiveDate>,
    /// Whether a trajectory is still open.
    pub open_trajectory: bool,
}

macro_rules! latest {
    ($conn:expr, $table:ident, $client_column:ident, $column:ident, $client:expr) => {
        $table::table
            .filter($table::$client_column.eq($client))
            .select($table::$column)
            .order($table::$column.desc())
            .first::<UtcTime>($conn)
            .optional()?
    };
}

/// The retention facts of a client's file: its latest change over every table that holds
/// its data, and its trajectories' closure.
pub fn stored_facts(conn: &mut DbConn, client: ClientId) -> QueryResult<Stored> {
    let id = Id::from(client);
    let changes = [
        latest!(conn, clients, id, updated_at, id),
        latest!(conn, care_team_members, client_id, updated_at, id),
        latest!(conn, consents, client_id, updated_at, id),
        latest!(conn, benefits, client_id, updated_at, id),
        latest!(conn, trajectories, client_id, updated_at, id),
        latest!(conn, trajectory_transitions, client_id, created_at, id),
        latest!(conn, financings, client_id, updated_at, id),
        latest!(conn, financing_transitions, client_id, created_at, id),
        latest!(conn, vocational_profiles, client_id, updated_at, id),
        latest!(conn, employer_contacts, client_id, updated_at, id),
        latest!(conn, placements, client_id, updated_at, id),
        latest!(conn, support_activities, client_id, updated_at, id),
        latest!(conn, jobcoach_provisions, client_id, updated_at, id),
        latest!(
            conn,
            jobcoach_provision_transitions,
            client_id,
            created_at,
            id
        ),
        latest!(conn, journal_entries, client_id, updated_at, id),
    ];
    let last_change = changes
        .into_iter()
        .flatten()
        .max()
        .map_or_else(Utc::now, |t| t.0);
    let last_closure: Option<NaiveDate> = trajectories::table
        .filter(trajectories::client_id.eq(id))
        .filter(trajectories::end_date.is_not_null())
        .select(trajectories::end_date)
        .order(trajectories::end_date.desc())
        .first::<Option<NaiveDate>>(conn)
        .optional()?
        .flatten();
    let open_trajectory = diesel::select(diesel::dsl::exists(
        trajectories::table
            .filter(trajectories::client_id.eq(id))
            .filter(trajectories::status.ne_all(["CLOSED", "ENDED_EARLY"])),
    ))
    .get_result(conn)?;
    Ok(Stored {
        last_change,
        last_closure,
        open_trajectory,
    })
}

/// The clients without a legal hold, in registration order: the retention job's
/// candidates (it decides each one's period itself). Ids only: the job needs no names.
pub fn unheld_clients(conn: &mut DbConn) -> QueryResult<Vec<ClientId>> {
    let ids: Vec<Id> = clients::table
        .filter(clients::legal_hold.eq(false))
        .select(clients::id)
        .order(clients::id.asc())
        .load(conn)?;
    Ok(ids.into_iter().map(|i| i.0.into()).collect())
}

/// Sets or lifts a client's legal hold if the client is still at `expected_version`;
/// returns whether it was.
pub fn set_legal_hold(
    conn: &mut DbConn,
    _permit: &Permit,
    client: ClientId,
    expected_version: i64,
    hold: bool,
) -> QueryResult<bool> {
    let updated = diesel::update(
        clients::table
            .filter(clients::id.eq(Id::from(client)))
            .filter(clients::version.eq(expected_version)),
    )
    .set((
        clients::legal_hold.eq(hold),
        clients::version.eq(expected_version + 1),
        clients::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// What an erasure kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kept {
    /// Trajectories whose facts the tombstone keeps.
    pub trajectories: usize,
    /// Placements whose facts the tombstone keeps.
    pub placements: usize,
}

/// The tombstone's own facts.
#[derive(Clone, Copy, Debug)]
pub struct Tombstone {
    /// When.
    pub erased_at: DateTime<Utc>,
    /// Why.
    pub reason: ErasureReason,
    /// The first day the file could be erased under its regime.
    pub retention_end_date: NaiveDate,
}

type TrajectoryFacts = (
    Id,
    String,
    String,
    String,
    Id,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<String>,
);

type PlacementFacts = (
    Id,
    Id,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    f64,
    bool,
    bool,
);

/// Replaces a client's file by its tombstone: the tombstone and the report facts of its
/// trajectories and placements are written, then every record of the client is deleted,
/// children first. The caller holds the transaction.
pub fn erase(
    conn: &mut DbConn,
    _permit: &Permit,
    client: &Client,
    tombstone: &Tombstone,
) -> QueryResult<Kept> {
    let id = Id::from(client.id);
    diesel::insert_into(ct::table)
        .values((
            ct::client_id.eq(id),
            ct::erased_at.eq(UtcTime::from(tombstone.erased_at)),
            ct::reason.eq(tombstone.reason.as_str()),
            ct::record_regime.eq(client.record_regime.as_str()),
            ct::region_code.eq(&client.region_code),
            ct::origin_organisation_id.eq(Id::from(client.origin_organisation_id)),
            ct::registered_on.eq(client.created_at.date_naive()),
            ct::retention_end_date.eq(tombstone.retention_end_date),
        ))
        .execute(conn)?;
    let kept = Kept {
        trajectories: keep_trajectories(conn, id)?,
        placements: keep_placements(conn, id)?,
    };
    delete_file(conn, id)?;
    Ok(kept)
}

fn keep_trajectories(conn: &mut DbConn, id: Id) -> QueryResult<usize> {
    let kept_trajectories: Vec<TrajectoryFacts> = trajectories::table
        .filter(trajectories::client_id.eq(id))
        .order(trajectories::id.asc())
        .select((
            trajectories::id,
            trajectories::trajectory_type,
            trajectories::status,
            trajectories::region_code,
            trajectories::lead_organisation_id,
            trajectories::registration_date,
            trajectories::start_date,
            trajectories::end_date,
            trajectories::end_reason,
        ))
        .load(conn)?;
    for (trajectory, kind, status, region, lead, registered, start, end, reason) in
        &kept_trajectories
    {
        diesel::insert_into(tt::table)
            .values((
                tt::trajectory_id.eq(trajectory),
                tt::client_id.eq(id),
                tt::trajectory_type.eq(kind),
                tt::status.eq(status),
                tt::region_code.eq(region),
                tt::lead_organisation_id.eq(lead),
                tt::registration_date.eq(registered),
                tt::start_date.eq(start),
                tt::end_date.eq(end),
                tt::end_reason.eq(reason),
            ))
            .execute(conn)?;
    }
    Ok(kept_trajectories.len())
}

fn keep_placements(conn: &mut DbConn, id: Id) -> QueryResult<usize> {
    let kept_placements: Vec<PlacementFacts> = placements::table
        .filter(placements::client_id.eq(id))
        .order(placements::id.asc())
        .select((
            placements::id,
            placements::trajectory_id,
            placements::work_type,
            placements::contract_type,
            placements::start_date,
            placements::placement_date,
            placements::end_date,
            placements::contracted_hours_per_week,
            placements::at_least_minimum_wage,
            placements::wage_cost_subsidy,
        ))
        .load(conn)?;
    for (placement, trajectory, work, contract, start, placed, end, hours, minimum, subsidy) in
        &kept_placements
    {
        diesel::insert_into(tp::table)
            .values((
                tp::placement_id.eq(placement),
                tp::trajectory_id.eq(trajectory),
                tp::client_id.eq(id),
                tp::work_type.eq(work),
                tp::contract_type.eq(contract),
                tp::start_date.eq(start),
                tp::placement_date.eq(placed),
                tp::end_date.eq(end),
                tp::contracted_hours_per_week.eq(hours),
                tp::at_least_minimum_wage.eq(minimum),
                tp::wage_cost_subsidy.eq(subsidy),
            ))
            .execute(conn)?;
    }
    Ok(kept_placements.len())
}

/// Deletes every record of the client, children before parents.
fn delete_file(conn: &mut DbConn, id: Id) -> QueryResult<()> {
    // Children before parents, so that no foreign key is ever violated. Participants,
    // consent categories and profile preferences go with their rows (ON DELETE CASCADE).
    diesel::delete(support_activities::table.filter(support_activities::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(
        jobcoach_provision_transitions::table
            .filter(jobcoach_provision_transitions::client_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(jobcoach_provisions::table.filter(jobcoach_provisions::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(journal_entries::table.filter(journal_entries::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(employer_contacts::table.filter(employer_contacts::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(financing_transitions::table.filter(financing_transitions::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(financings::table.filter(financings::client_id.eq(id))).execute(conn)?;
    diesel::delete(placements::table.filter(placements::client_id.eq(id))).execute(conn)?;
    diesel::delete(vocational_profiles::table.filter(vocational_profiles::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(consents::table.filter(consents::client_id.eq(id))).execute(conn)?;
    diesel::delete(benefits::table.filter(benefits::client_id.eq(id))).execute(conn)?;
    // Emergency grants hold a stated reason about the client: personal data too. The access
    // log keeps naming their ids.
    diesel::delete(emergency_accesses::table.filter(emergency_accesses::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(care_team_members::table.filter(care_team_members::client_id.eq(id)))
        .execute(conn)?;
    diesel::delete(trajectory_transitions::table.filter(trajectory_transitions::client_id.eq(id)))
        .execute(conn)?;
    // A follow-up trajectory points at its predecessor: cut the links first.
    diesel::update(trajectories::table.filter(trajectories::client_id.eq(id)))
        .set(trajectories::previous_trajectory_id.eq(None::<Id>))
        .execute(conn)?;
    diesel::delete(trajectories::table.filter(trajectories::client_id.eq(id))).execute(conn)?;
    diesel::delete(clients::table.filter(clients::id.eq(id))).execute(conn)?;
    Ok(())
}

/// Whether a tombstone exists for this id.
pub fn is_erased(conn: &mut DbConn, client: ClientId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        ct::table.filter(ct::client_id.eq(Id::from(client))),
    ))
    .get_result(conn)
}
