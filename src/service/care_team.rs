//! The care team (betrokkenheid): listing, adding, changing and ending memberships.
//!
//! Members are added by a caseworker who leads one of the client's open trajectories or who
//! works at the organisation that registered the client; anyone may end their own
//! membership. A membership record is IDENTITY data that originates at the member's own
//! organisation: outside GGZ, a GGZ professional's involvement is visible only with consent.

use chrono::NaiveDate;
use diesel::Connection;

use super::{access, precondition, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action, Record};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::care_team::{Membership, MembershipChanges, MembershipKind, NewMembership};
use crate::domain::{ClientId, DataCategory, MembershipId, Role};
use crate::error::{AppError, InvalidParam};

/// The roles that can be on a care team: the client-level ones.
const fn may_be_member(role: Role) -> bool {
    match role {
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach => true,
        Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => false,
    }
}

/// The facts for managing the care team of `client`: the registering organisation as origin,
/// and whether the caller leads an open trajectory.
fn team_record(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    day: NaiveDate,
) -> Result<Record, AppError> {
    let origin = db::clients::origin(conn, client)?.ok_or(AppError::NotFound)?;
    let mut record = access::record(conn, caller, client, origin, day)?;
    record.leads_open_trajectory = db::access::leads_open_trajectory(conn, caller.user_id, client)?;
    Ok(record)
}

/// A page of the memberships the caller may see, optionally only those active today.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    active_only: bool,
    page: PageRequest,
) -> Result<(Vec<Membership>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let scope = access::child_scope(conn, caller, client, DataCategory::Identity, day)?;
        Ok(db::care_team::list(
            conn,
            &scope,
            client,
            active_only.then_some(day),
            page,
        )?)
    })
}

fn load(conn: &mut DbConn, client: ClientId, id: MembershipId) -> Result<Membership, AppError> {
    db::care_team::find(conn, id)?
        .filter(|m| m.client_id == client)
        .ok_or(AppError::NotFound)
}

/// One membership.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: MembershipId,
) -> Result<Membership, AppError> {
    authz::require_role(caller, Action::Read(DataCategory::Identity))?;
    let day = today();
    conn.transaction(|conn| {
        let membership = load(conn, client, id)?;
        let record = access::record(conn, caller, client, membership.organisation_id, day)?;
        access::require(caller, Action::Read(DataCategory::Identity), &record)?;
        Ok(membership)
    })
}

/// Adds a professional to the care team.
pub fn add(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    new: &NewMembership,
) -> Result<Membership, AppError> {
    authz::require_role(caller, Action::ManageCareTeam)?;
    let day = today();
    conn.transaction(|conn| {
        let record = team_record(conn, caller, client, day)?;
        let permit = access::require(caller, Action::ManageCareTeam, &record)?;
        let user = db::users::get(conn, new.user_id)?
            .filter(|u| u.active)
            .ok_or_else(|| unknown_reference("userId", "active account"))?;
        if !may_be_member(user.role) {
            return Err(AppError::InvalidInput(vec![InvalidParam::new(
                "userId",
                "invalid_value",
                format!("A {} works with aggregates or accounts, not on care teams.", user.role.as_str()),
            )]));
        }
        if let Some(trajectory) = new.trajectory_id
            && !db::trajectories::belongs_to(conn, trajectory, client)?
        {
            return Err(unknown_reference("trajectoryId", "trajectory of this client"));
        }
        let valid_from = new.valid_from.unwrap_or(day);
        if new.valid_to.is_some_and(|to| to < valid_from) {
            return Err(AppError::invalid(
                "validTo",
                "date_order",
                "Must not be before validFrom.",
            ));
        }
        if db::care_team::has_current_or_future(conn, user.id, client, valid_from.min(day))? {
            return Err(AppError::AlreadyExists("A current membership of this professional"));
        }
        let id = db::care_team::insert(
            conn,
            &permit,
            &db::care_team::NewRow {
                client_id: client,
                user_id: user.id,
                organisation_id: user.organisation_id,
                team_role: new.team_role,
                trajectory_id: new.trajectory_id,
                kind: MembershipKind::Regular,
                valid_from,
                valid_to: new.valid_to,
                reason: new.reason.as_deref(),
                added_by_user_id: caller.user_id,
            },
        )?;
        tracing::info!(client_id = %client, membership_id = %id, rule = permit.rule(), "care-team member added");
        load(conn, client, id)
    })
}

/// Changes or ends a membership if it is still at `if_match`. Ending one's own membership
/// is always allowed; anything else is managing the care team.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: MembershipId,
    if_match: Option<i64>,
    changes: MembershipChanges,
) -> Result<Membership, AppError> {
    authz::require_role(caller, Action::LeaveCareTeam)?;
    let day = today();
    conn.transaction(|conn| {
        let membership = load(conn, client, id)?;
        let record = team_record(conn, caller, client, day)?;
        // What one may not see, one may not change: a GGZ professional's membership, seen
        // from outside GGZ without consent, for example.
        let as_seen = Record {
            origin: crate::domain::consent::Origin {
                organisation_id: membership.organisation_id,
                ggz: db::access::is_ggz(conn, membership.organisation_id)?,
            },
            ..record.clone()
        };
        access::require(caller, Action::Read(DataCategory::Identity), &as_seen)?;
        let own_ending = membership.user_id == caller.user_id
            && changes.team_role.is_none()
            && changes.reason.is_none()
            && changes.valid_to.is_some_and(|to| to.is_some());
        let action = if own_ending {
            Action::LeaveCareTeam
        } else {
            Action::ManageCareTeam
        };
        let permit = access::require(caller, action, &record)?;
        let expected = precondition(if_match, membership.version)?;
        if let Some(Some(to)) = changes.valid_to
            && to < membership.valid_from
        {
            return Err(AppError::invalid(
                "validTo",
                "date_order",
                "Must not be before validFrom.",
            ));
        }
        let applied = db::care_team::update(
            conn,
            &permit,
            id,
            expected,
            &db::care_team::Changes {
                team_role: changes.team_role.map(|r| r.as_str().to_owned()),
                valid_to: changes.valid_to,
                reason: changes.reason,
            },
        )?;
        if !applied {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(client_id = %client, membership_id = %id, rule = permit.rule(), "care-team membership changed");
        load(conn, client, id)
    })
}
