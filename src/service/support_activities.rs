//! Support activities: the contact log of a trajectory (TRAJECTORY_STATUS data).

use diesel::Connection;

use super::{access, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::consent::Origin;
use crate::domain::employers::{NewSupportActivity, SupportActivity};
use crate::domain::{DataCategory, SupportActivityId, TrajectoryId};
use crate::error::AppError;
use crate::service::trajectories::{child_scope, load};

const CATEGORY: DataCategory = DataCategory::TrajectoryStatus;

/// Records a support activity in a trajectory's log.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    new: &NewSupportActivity,
) -> Result<SupportActivity, AppError> {
    let day = today();
    authz::require_role(caller, Action::Write(CATEGORY))?;
    conn.transaction(|conn| {
        let (trajectory, mut record) = load(conn, caller, trajectory_id, day)?;
        // Writing into a trajectory's log needs reading that trajectory.
        access::require(caller, Action::Read(CATEGORY), &record)?;
        record.origin = Origin {
            organisation_id: caller.organisation_id,
            ggz: db::access::is_ggz(conn, caller.organisation_id)?,
        };
        let permit = access::require(caller, Action::Write(CATEGORY), &record)?;
        if new.activity_date < trajectory.registration_date {
            return Err(AppError::invalid(
                "activityDate",
                "date_order",
                "Must not be before the trajectory's registration.",
            ));
        }
        if let Some(placement) = new.placement_id
            && !db::support_activities::placement_in(conn, placement, trajectory_id)?
        {
            return Err(unknown_reference("placementId", "placement of this trajectory"));
        }
        let id = db::support_activities::insert(
            conn,
            &permit,
            trajectory_id,
            trajectory.client_id,
            new,
            (caller.user_id, caller.organisation_id),
        )?;
        tracing::info!(support_activity_id = %id, trajectory_id = %trajectory_id, rule = permit.rule(), "support activity recorded");
        db::support_activities::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

/// One support activity.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    id: SupportActivityId,
) -> Result<SupportActivity, AppError> {
    authz::require_role(caller, Action::Read(CATEGORY))?;
    conn.transaction(|conn| {
        let activity = db::support_activities::find(conn, id)?
            .filter(|a| a.trajectory_id == trajectory_id)
            .ok_or(AppError::NotFound)?;
        let record = access::record(
            conn,
            caller,
            activity.client_id,
            activity.origin_organisation_id,
            today(),
        )?;
        access::require(caller, Action::Read(CATEGORY), &record)?;
        Ok(activity)
    })
}

/// A page of a trajectory's support activities the caller may see.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    page: PageRequest,
) -> Result<(Vec<SupportActivity>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let (_, scope) = child_scope(conn, caller, trajectory_id, CATEGORY, day)?;
        Ok(db::support_activities::list(
            conn,
            &scope,
            trajectory_id,
            page,
        )?)
    })
}
