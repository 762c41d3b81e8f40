//! The vocational profile (beroepsprofiel) of a trajectory: VOCATIONAL_PROFILE data with
//! the work-relevant advice, which is FUNCTIONAL_ADVICE data. A reader sees the fields of
//! the categories it may read; the singleton always exists (version 0 until first stored).

use diesel::Connection;

use super::load;
use crate::auth::Caller;
use crate::authz::{self, Action, Record};
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::consent::Origin;
use crate::domain::trajectory::VocationalProfile;
use crate::domain::{DataCategory, TrajectoryId};
use crate::error::AppError;
use crate::service::{access, precondition};

/// A profile as the caller may see it: which of its two categories are visible.
#[derive(Debug)]
pub struct ProfileView {
    /// The profile.
    pub profile: VocationalProfile,
    /// VOCATIONAL_PROFILE fields visible.
    pub profile_visible: bool,
    /// FUNCTIONAL_ADVICE (the work-relevant advice) visible.
    pub advice_visible: bool,
}

fn record_of(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
) -> Result<
    (
        VocationalProfile,
        Record,
        crate::domain::trajectory::Trajectory,
    ),
    AppError,
> {
    let day = today();
    let (trajectory, mut record) = load(conn, caller, id, day)?;
    let profile = db::vocational_profiles::get(conn, id)?;
    // The profile's own origin once stored; until then, it would be the writer's.
    if let Some(origin) = profile.origin_organisation_id {
        record.origin = Origin {
            organisation_id: origin,
            ggz: db::access::is_ggz(conn, origin)?,
        };
    }
    Ok((profile, record, trajectory))
}

fn visible(
    caller: &Caller,
    profile: VocationalProfile,
    record: &Record,
) -> Result<ProfileView, AppError> {
    let profile_visible = access::may_read(caller, DataCategory::VocationalProfile, record);
    let advice_visible = access::may_read(caller, DataCategory::FunctionalAdvice, record);
    if !profile_visible && !advice_visible {
        // Neither category: the answer (404, 403 or consent_required) the profile's own
        // category gets.
        access::require(
            caller,
            Action::Read(DataCategory::VocationalProfile),
            record,
        )?;
    }
    let category = if profile_visible {
        DataCategory::VocationalProfile
    } else {
        DataCategory::FunctionalAdvice
    };
    access::require(caller, Action::Read(category), record)?;
    Ok(ProfileView {
        profile,
        profile_visible,
        advice_visible,
    })
}

/// The trajectory's vocational profile.
pub fn get_profile(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
) -> Result<ProfileView, AppError> {
    // A role that reads neither of the profile's categories is refused before any lookup.
    if !authz::role_may(caller, Action::Read(DataCategory::FunctionalAdvice)) {
        authz::require_role(caller, Action::Read(DataCategory::VocationalProfile))?;
    }
    conn.transaction(|conn| {
        let (profile, record, _) = record_of(conn, caller, id)?;
        visible(caller, profile, &record)
    })
}

/// The trajectory's stored vocational profile with the fields the caller may read, or
/// `None` when none is stored or the caller may read neither of its categories: for
/// gathering (the client's export), where an unreadable profile is left out, not refused.
pub fn find_profile(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
) -> Result<Option<ProfileView>, AppError> {
    conn.transaction(|conn| {
        let (profile, record, _) = record_of(conn, caller, id)?;
        if profile.version == 0 {
            return Ok(None);
        }
        let profile_visible = access::may_read(caller, DataCategory::VocationalProfile, &record);
        let advice_visible = access::may_read(caller, DataCategory::FunctionalAdvice, &record);
        Ok((profile_visible || advice_visible).then_some(ProfileView {
            profile,
            profile_visible,
            advice_visible,
        }))
    })
}

/// Replaces the trajectory's vocational profile if it is still at `if_match` (`"0"` for the
/// first one). Needs VOCATIONAL_PROFILE write, and FUNCTIONAL_ADVICE write when the advice
/// changes.
pub fn put_profile(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
    if_match: Option<i64>,
    new: &VocationalProfile,
) -> Result<ProfileView, AppError> {
    authz::require_role(caller, Action::Write(DataCategory::VocationalProfile))?;
    conn.transaction(|conn| {
        let (current, record, trajectory) = record_of(conn, caller, id)?;
        let permit = access::require(
            caller,
            Action::Write(DataCategory::VocationalProfile),
            &record,
        )?;
        if new.work_relevant_advice != current.work_relevant_advice {
            access::require(
                caller,
                Action::Write(DataCategory::FunctionalAdvice),
                &record,
            )?;
        }
        let expected = precondition(if_match, current.version)?;
        let origin = current
            .origin_organisation_id
            .unwrap_or(caller.organisation_id);
        if !db::vocational_profiles::put(
            conn,
            &permit,
            id,
            trajectory.client_id,
            origin,
            expected,
            new,
        )? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(trajectory_id = %id, rule = permit.rule(), "vocational profile stored");
        let (profile, record, _) = record_of(conn, caller, id)?;
        visible(caller, profile, &record)
    })
}
