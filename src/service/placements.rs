//! Recording, reading, listing and changing placements (jobs and other placements) of a
//! trajectory. Ending a placement is a change of its terms; the trajectory's status follows
//! only through its own transitions, whose guards read the placements.

use diesel::Connection;

use super::{access, precondition, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action, Record};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::consent::Origin;
use crate::domain::placement::{NewPlacement, Placement, Terms, problems};
use crate::domain::{DataCategory, PlacementId, TrajectoryId};
use crate::error::{AppError, InvalidParam};
use crate::service::trajectories::{child_scope, load};

fn invalid(found: Vec<(&'static str, &'static str, &'static str)>) -> Result<(), AppError> {
    if found.is_empty() {
        Ok(())
    } else {
        Err(AppError::InvalidInput(
            found
                .into_iter()
                .map(|(name, code, reason)| InvalidParam::new(name, code, reason))
                .collect(),
        ))
    }
}

/// The facts of a placement's record: its own origin and its assigned job coaches.
fn placement_record(
    conn: &mut DbConn,
    mut record: Record,
    placement: &Placement,
) -> Result<Record, AppError> {
    record.origin = Origin {
        organisation_id: placement.origin_organisation_id,
        ggz: db::access::is_ggz(conn, placement.origin_organisation_id)?,
    };
    record.jobcoach_organisations = db::access::jobcoaches_of_placement(conn, placement.id)?;
    Ok(record)
}

/// Records a placement for a trajectory.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    new: &NewPlacement,
) -> Result<Placement, AppError> {
    authz::require_role(caller, Action::Write(DataCategory::Placements))?;
    let day = today();
    conn.transaction(|conn| {
        let (trajectory, mut record) = load(conn, caller, trajectory_id, day)?;
        // The new record is the caller's organisation's own.
        record.origin = Origin {
            organisation_id: caller.organisation_id,
            ggz: caller.organisation_kind == crate::domain::OrganisationKind::Ggz,
        };
        let permit = access::require(caller, Action::Write(DataCategory::Placements), &record)?;
        invalid(problems(
            new.work_type,
            new.start_date,
            new.started_before_registration,
            &new.terms,
            trajectory.registration_date,
            day,
        ))?;
        if db::employers::find(conn, new.employer_id)?.is_none() {
            return Err(unknown_reference("employerId", "employer"));
        }
        let id = db::placements::insert(
            conn,
            &permit,
            trajectory_id,
            trajectory.client_id,
            caller.organisation_id,
            caller.user_id,
            new,
        )?;
        tracing::info!(placement_id = %id, trajectory_id = %trajectory_id, rule = permit.rule(), "placement recorded");
        db::placements::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

fn load_placement(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    id: PlacementId,
) -> Result<(Placement, Record, crate::domain::trajectory::Trajectory), AppError> {
    let day = today();
    let placement = db::placements::find(conn, id)?
        .filter(|p| p.trajectory_id == trajectory_id)
        .ok_or(AppError::NotFound)?;
    let (trajectory, record) = load(conn, caller, trajectory_id, day)?;
    let record = placement_record(conn, record, &placement)?;
    Ok((placement, record, trajectory))
}

/// One placement.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    id: PlacementId,
) -> Result<Placement, AppError> {
    authz::require_role(caller, Action::Read(DataCategory::Placements))?;
    conn.transaction(|conn| {
        let (placement, record, _) = load_placement(conn, caller, trajectory_id, id)?;
        access::require(caller, Action::Read(DataCategory::Placements), &record)?;
        Ok(placement)
    })
}

/// A page of the trajectory's placements the caller may see; `running` keeps only those
/// working today.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    running: bool,
    page: PageRequest,
) -> Result<(Vec<Placement>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let (_, scope) = child_scope(conn, caller, trajectory_id, DataCategory::Placements, day)?;
        Ok(db::placements::list(
            conn,
            &scope,
            trajectory_id,
            running.then_some(day),
            page,
        )?)
    })
}

/// Replaces a placement's terms (ending it, correcting hours or contract) if it is still at
/// `if_match`.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    id: PlacementId,
    if_match: Option<i64>,
    change: impl FnOnce(&Terms) -> Result<Terms, AppError>,
) -> Result<Placement, AppError> {
    authz::require_role(caller, Action::Write(DataCategory::Placements))?;
    let day = today();
    conn.transaction(|conn| {
        let (current, record, trajectory) = load_placement(conn, caller, trajectory_id, id)?;
        let permit = access::require(caller, Action::Write(DataCategory::Placements), &record)?;
        let expected = precondition(if_match, current.version)?;
        let terms = change(&current.terms)?;
        invalid(problems(
            current.work_type,
            current.start_date,
            current.started_before_registration,
            &terms,
            trajectory.registration_date,
            day,
        ))?;
        if !db::placements::update(conn, &permit, id, expected, &terms)? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(placement_id = %id, rule = permit.rule(), "placement changed");
        db::placements::find(conn, id)?.ok_or(AppError::NotFound)
    })
}
