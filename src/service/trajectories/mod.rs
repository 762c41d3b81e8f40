//! Opening, reading, listing and changing trajectories. Status changes only through
//! `transitions`; the vocational profile is in `profile`.

mod profile;
mod transitions;

pub use profile::{ProfileView, find_profile, get_profile, put_profile};
pub use transitions::{TransitionOutcome, list_transitions, transition};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::Connection;

use super::{access, precondition, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action, Permit, Record, RecordScope};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::rules::Rules;
use crate::domain::trajectory::{
    NewTrajectory, TargetGroup, Trajectory, TrajectoryChanges, TrajectoryStatus, TrajectoryType,
    check_date_order,
};
use crate::domain::{ClientId, DataCategory, OrganisationId, RegionCode, TrajectoryId, UserId};
use crate::error::AppError;

/// A trajectory as the caller may see it.
#[derive(Debug)]
pub struct TrajectoryView {
    /// The trajectory.
    pub trajectory: Trajectory,
    /// Whether the target-group attestation may be shown.
    pub attestation_visible: bool,
}

/// Loads a trajectory and the facts of its record for the caller.
pub(crate) fn load(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
    day: NaiveDate,
) -> Result<(Trajectory, Record), AppError> {
    let trajectory = db::trajectories::find(conn, id)?.ok_or(AppError::NotFound)?;
    let record = access::record(
        conn,
        caller,
        trajectory.client_id,
        trajectory.origin_organisation_id,
        day,
    )?;
    Ok((trajectory, record))
}

/// The scope for listing `category` records under a trajectory: 403 when the role may never
/// read them, 404 when the trajectory does not exist or the caller is not on its client's
/// care team. Returns the trajectory too.
pub fn child_scope(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
    category: DataCategory,
    day: NaiveDate,
) -> Result<(Trajectory, RecordScope), AppError> {
    let scope = authz::record_scope(caller, category, day)?;
    let trajectory = db::trajectories::find(conn, id)?.ok_or(AppError::NotFound)?;
    access::reach(
        conn,
        caller,
        trajectory.client_id,
        Action::Read(category),
        day,
    )?;
    Ok((trajectory, scope))
}

fn view(caller: &Caller, trajectory: Trajectory, record: &Record) -> TrajectoryView {
    TrajectoryView {
        attestation_visible: access::may_read(caller, DataCategory::TargetGroupAttestation, record),
        trajectory,
    }
}

/// The lead must be an active member of the client's care team; the lead organisation is
/// the lead's own.
fn lead(
    conn: &mut DbConn,
    client: ClientId,
    user: UserId,
    day: NaiveDate,
) -> Result<OrganisationId, AppError> {
    let account = db::users::get(conn, user)?.filter(|u| u.active);
    match account {
        Some(account) if db::care_team::is_member(conn, user, client, day)? => {
            Ok(account.organisation_id)
        }
        _ => Err(unknown_reference("leadUserId", "active care-team member")),
    }
}

fn attestation_permit(
    caller: &Caller,
    attestation: Option<TargetGroup>,
    record: &Record,
) -> Result<(), AppError> {
    if attestation.is_some_and(|a| a != TargetGroup::Unknown) {
        access::require(
            caller,
            Action::Write(DataCategory::TargetGroupAttestation),
            record,
        )?;
    }
    Ok(())
}

/// Opens a trajectory for a client, in its type's initial status.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    new: &NewTrajectory,
    rules: &Rules,
) -> Result<TrajectoryView, AppError> {
    authz::require_role(caller, Action::Write(DataCategory::TrajectoryStatus))?;
    let day = today();
    conn.transaction(|conn| {
        // A new trajectory is the caller's own organisation's record.
        let record = access::record(conn, caller, new.client_id, caller.organisation_id, day)?;
        let permit = access::require(caller, Action::Write(DataCategory::TrajectoryStatus), &record)
            .map_err(|e| match e {
                // The client is a reference in the body: outside the caller's reach it is
                // reported like one that does not exist.
                AppError::NotFound => unknown_reference("clientId", "client"),
                other => other,
            })?;
        attestation_permit(caller, new.target_group_attestation, &record)?;
        let registration = new.registration_date.unwrap_or(day);
        check_date_order(registration, new.start_date, new.planned_end_date)
            .map_err(|(field, reason)| AppError::invalid(field, "date_order", reason))?;
        let lead_user = new.lead_user_id.unwrap_or(caller.user_id);
        let lead_organisation = lead(conn, new.client_id, lead_user, day)?;
        if let Some(previous) = new.previous_trajectory_id {
            let ended = db::trajectories::find(conn, previous)?
                .filter(|p| p.client_id == new.client_id);
            match ended {
                None => return Err(unknown_reference("previousTrajectoryId", "trajectory of this client")),
                Some(p) if !p.status.is_terminal() => {
                    return Err(AppError::invalid(
                        "previousTrajectoryId",
                        "invalid_value",
                        "Only a closed or early-ended trajectory can be reopened.",
                    ));
                }
                Some(_) => {}
            }
        }
        if db::trajectories::open_of_type(conn, new.client_id, new.trajectory_type)? {
            return Err(AppError::AlreadyExists(
                "An open trajectory of this type for this client",
            ));
        }
        let client = db::clients::find(conn, new.client_id)?.ok_or(AppError::NotFound)?;
        let region = RegionCode::parse(&client.region_code)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("clients.region_code: {e}")))?;
        let id = TrajectoryId::new();
        let initial = rules.machines.of(new.trajectory_type).initial();
        db::trajectories::insert(
            conn,
            &permit,
            &db::trajectories::NewRow {
                id,
                client_id: new.client_id,
                trajectory_type: new.trajectory_type,
                status: initial,
                lead_organisation_id: lead_organisation,
                lead_user_id: lead_user,
                registration_date: registration,
                wish_to_work_date: new.wish_to_work_date,
                start_date: new.start_date,
                planned_end_date: new.planned_end_date,
                target_group_attestation: new
                    .target_group_attestation
                    .unwrap_or(TargetGroup::Unknown),
                region_code: region,
                previous_trajectory_id: new.previous_trajectory_id,
                origin_organisation_id: caller.organisation_id,
                created_by_user_id: caller.user_id,
            },
        )
        .map_err(|e| match e {
            // Two openings racing: the partial unique index decides.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::AlreadyExists("An open trajectory of this type for this client"),
            other => other.into(),
        })?;
        db::trajectories::insert_transition(
            conn,
            &permit,
            &db::trajectories::NewTransition {
                trajectory_id: id,
                client_id: new.client_id,
                from: None,
                to: initial,
                date: registration,
                reason: None,
                end_reason: None,
                warning: None,
                actor_user_id: caller.user_id,
                actor_organisation_id: caller.organisation_id,
            },
        )?;
        tracing::info!(trajectory_id = %id, client_id = %new.client_id, rule = permit.rule(), "trajectory opened");
        let (trajectory, record) = load(conn, caller, id, day)?;
        Ok(view(caller, trajectory, &record))
    })
}

/// One trajectory.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
) -> Result<TrajectoryView, AppError> {
    authz::require_role(caller, Action::Read(DataCategory::TrajectoryStatus))?;
    let day = today();
    conn.transaction(|conn| {
        let (trajectory, record) = load(conn, caller, id, day)?;
        access::require(
            caller,
            Action::Read(DataCategory::TrajectoryStatus),
            &record,
        )?;
        Ok(view(caller, trajectory, &record))
    })
}

/// Filters of the trajectory list, as caseworkers need them.
#[derive(Debug, Default)]
pub struct ListFilter {
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
    /// With this professional on the client's care team (as far as the caller sees).
    pub involved_user_id: Option<UserId>,
    /// Changed at or after.
    pub updated_since: Option<DateTime<Utc>>,
}

/// The trajectories the caller may see, in creation order.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: ListFilter,
    page: PageRequest,
) -> Result<(Vec<TrajectoryView>, Option<uuid::Uuid>), AppError> {
    let day = today();
    let scope = authz::record_scope(caller, DataCategory::TrajectoryStatus, day)?;
    let attestation = authz::readable_scope(caller, DataCategory::TargetGroupAttestation, day);
    let involved = match filter.involved_user_id {
        Some(user) => Some((
            user,
            authz::record_scope(caller, DataCategory::Identity, day)?,
        )),
        None => None,
    };
    let (rows, next) = db::trajectories::list(
        conn,
        &scope,
        attestation.as_ref(),
        &db::trajectories::Filter {
            client_id: filter.client_id,
            trajectory_type: filter.trajectory_type,
            status: filter.status,
            lead_organisation_id: filter.lead_organisation_id,
            region_code: filter.region_code,
            involved,
            updated_since: filter.updated_since,
        },
        page,
    )?;
    access::returned(conn, caller, rows.iter().map(|(t, _)| t.client_id), day)?;
    let items = rows
        .into_iter()
        .map(|(trajectory, attestation_visible)| TrajectoryView {
            trajectory,
            attestation_visible,
        })
        .collect();
    Ok((items, next))
}

fn permits_for(
    caller: &Caller,
    changes: &TrajectoryChanges,
    record: &Record,
) -> Result<Permit, AppError> {
    let status = if changes.touches_status_data() || changes.target_group_attestation.is_none() {
        Some(access::require(
            caller,
            Action::Write(DataCategory::TrajectoryStatus),
            record,
        )?)
    } else {
        None
    };
    let attestation = match changes.target_group_attestation {
        Some(_) => Some(access::require(
            caller,
            Action::Write(DataCategory::TargetGroupAttestation),
            record,
        )?),
        None => None,
    };
    status.or(attestation).ok_or(AppError::Forbidden)
}

/// Changes a trajectory's data if it is still at `if_match`. A terminal trajectory is final.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
    if_match: Option<i64>,
    changes: &TrajectoryChanges,
) -> Result<TrajectoryView, AppError> {
    let category = if changes.touches_status_data() || changes.target_group_attestation.is_none() {
        DataCategory::TrajectoryStatus
    } else {
        DataCategory::TargetGroupAttestation
    };
    authz::require_role(caller, Action::Write(category))?;
    let day = today();
    conn.transaction(|conn| {
        let (current, record) = load(conn, caller, id, day)?;
        let permit = permits_for(caller, changes, &record)?;
        let expected = precondition(if_match, current.version)?;
        if current.status.is_terminal() {
            return Err(AppError::InvalidTransition(Vec::new()));
        }
        let registration = changes
            .registration_date
            .unwrap_or(current.registration_date);
        let start = changes.start_date.unwrap_or(current.start_date);
        let planned_end = changes.planned_end_date.unwrap_or(current.planned_end_date);
        check_date_order(registration, start, planned_end)
            .map_err(|(field, reason)| AppError::invalid(field, "date_order", reason))?;
        if changes.registration_date.is_some() && registration > current.status_date {
            return Err(AppError::invalid(
                "registrationDate",
                "date_order",
                "Must not be after the trajectory's last transition.",
            ));
        }
        let lead = match changes.lead_user_id {
            Some(user) => Some((user, lead(conn, current.client_id, user, day)?)),
            None => None,
        };
        let applied = db::trajectories::update(
            conn,
            &permit,
            id,
            expected,
            &db::trajectories::Changes {
                lead_user_id: lead.map(|(u, _)| u.into()),
                lead_organisation_id: lead.map(|(_, o)| o.into()),
                registration_date: changes.registration_date,
                wish_to_work_date: changes.wish_to_work_date,
                start_date: changes.start_date,
                planned_end_date: changes.planned_end_date,
                target_group_attestation: changes
                    .target_group_attestation
                    .map(|a| a.as_str().to_owned()),
                ..db::trajectories::Changes::default()
            },
        )?;
        if !applied {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(trajectory_id = %id, rule = permit.rule(), "trajectory changed");
        let (trajectory, record) = load(conn, caller, id, day)?;
        Ok(view(caller, trajectory, &record))
    })
}
