//! Vocational profile rows (one per trajectory) and their preference lists.

use diesel::prelude::*;

use super::schema::{vocational_profile_preferences as vp, vocational_profiles as v};
use super::{DbConn, Id, UtcTime};
use crate::authz::Permit;
use crate::domain::trajectory::VocationalProfile;
use crate::domain::{ClientId, OrganisationId, TrajectoryId};

type Row = (
    Option<f64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Id,
    i64,
    UtcTime,
);

/// The stored profile of a trajectory, or an empty one at version 0.
pub fn get(conn: &mut DbConn, trajectory: TrajectoryId) -> QueryResult<VocationalProfile> {
    let row: Option<Row> = v::table
        .find(Id::from(trajectory))
        .select((
            v::desired_hours_per_week,
            v::education,
            v::work_history,
            v::strengths,
            v::work_relevant_advice,
            v::origin_organisation_id,
            v::version,
            v::updated_at,
        ))
        .first(conn)
        .optional()?;
    let Some((hours, education, history, strengths, advice, origin, version, updated)) = row else {
        return Ok(VocationalProfile::default());
    };
    let preferences: Vec<(String, String)> = vp::table
        .filter(vp::trajectory_id.eq(Id::from(trajectory)))
        .order((vp::kind, vp::position))
        .select((vp::kind, vp::value))
        .load(conn)?;
    let of = |kind: &str| {
        preferences
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, value)| value.clone())
            .collect()
    };
    Ok(VocationalProfile {
        preferred_sectors: of("SECTOR"),
        preferred_jobs: of("JOB"),
        desired_hours_per_week: hours,
        education,
        work_history: history,
        strengths,
        work_relevant_advice: advice,
        origin_organisation_id: Some(origin.0.into()),
        version,
        updated_at: Some(updated.0),
    })
}

/// Stores `profile` as the trajectory's profile if the stored version is still
/// `expected_version` (0: none stored yet); returns whether it was.
pub fn put(
    conn: &mut DbConn,
    _permit: &Permit,
    trajectory: TrajectoryId,
    client: ClientId,
    origin: OrganisationId,
    expected_version: i64,
    profile: &VocationalProfile,
) -> QueryResult<bool> {
    let key = Id::from(trajectory);
    let now = UtcTime::now();
    let stored = if expected_version == 0 {
        let exists: Option<i64> = v::table
            .find(key)
            .select(v::version)
            .first(conn)
            .optional()?;
        if exists.is_some() {
            return Ok(false);
        }
        diesel::insert_into(v::table)
            .values((
                v::trajectory_id.eq(key),
                v::client_id.eq(Id::from(client)),
                v::desired_hours_per_week.eq(profile.desired_hours_per_week),
                v::education.eq(&profile.education),
                v::work_history.eq(&profile.work_history),
                v::strengths.eq(&profile.strengths),
                v::work_relevant_advice.eq(&profile.work_relevant_advice),
                v::origin_organisation_id.eq(Id::from(origin)),
                v::version.eq(1_i64),
                v::created_at.eq(now),
                v::updated_at.eq(now),
            ))
            .execute(conn)?
    } else {
        diesel::update(
            v::table
                .filter(v::trajectory_id.eq(key))
                .filter(v::version.eq(expected_version)),
        )
        .set((
            v::desired_hours_per_week.eq(profile.desired_hours_per_week),
            v::education.eq(&profile.education),
            v::work_history.eq(&profile.work_history),
            v::strengths.eq(&profile.strengths),
            v::work_relevant_advice.eq(&profile.work_relevant_advice),
            v::version.eq(expected_version + 1),
            v::updated_at.eq(now),
        ))
        .execute(conn)?
    };
    if stored != 1 {
        return Ok(false);
    }
    diesel::delete(vp::table.filter(vp::trajectory_id.eq(key))).execute(conn)?;
    for (kind, values) in [
        ("SECTOR", &profile.preferred_sectors),
        ("JOB", &profile.preferred_jobs),
    ] {
        for (position, value) in values.iter().enumerate() {
            diesel::insert_into(vp::table)
                .values((
                    vp::trajectory_id.eq(key),
                    vp::kind.eq(kind),
                    vp::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                    vp::value.eq(value),
                ))
                .execute(conn)?;
        }
    }
    Ok(true)
}
