//! Emergency access (break-glass, noodtoegang; domain.md §8.7): a GGZ care professional opens
//! a client file outside their involvement, with a stated reason, for the configured time;
//! and the review of those grants.
//!
//! Breaking the glass stores the grant and an EMERGENCY care-team membership in one
//! transaction, with its BREAK_GLASS access-log event naming the grant. While the grant
//! runs the professional is a member like any other (the matrix and the consent rules still
//! decide what they read), and every event of a request that rests on it names it. A second
//! grant while one runs is refused (409) rather than extending it: each grant carries its
//! own reason and its window never moves, so a longer emergency asks again once the first
//! has ended.

use chrono::{SubsecRound, Utc};
use diesel::Connection;

use super::access;
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::day_of;
use crate::domain::care_team::{EmergencyAccess, MembershipKind, NewEmergencyAccess, TeamRole};
use crate::domain::{ClientId, EmergencyAccessId, Role};
use crate::error::AppError;

/// The relation in the team an emergency member gets: what their role does.
const fn team_role(role: Role) -> TeamRole {
    match role {
        Role::Practitioner => TeamRole::Treatment,
        Role::EmploymentSpecialist
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => TeamRole::EmploymentSupport,
    }
}

/// Opens `client`'s file to the caller from now for `ttl`. 403 for any role but a GGZ care
/// role (before the client is looked up), 404 for a client that does not exist, 409 when
/// the caller is a member already (regularly, or by a grant that still runs).
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    new: &NewEmergencyAccess,
    ttl: chrono::TimeDelta,
) -> Result<EmergencyAccess, AppError> {
    authz::require_role(caller, Action::BreakGlass)?;
    conn.transaction(|conn| {
        let origin = db::clients::origin(conn, client)?.ok_or(AppError::NotFound)?;
        // Microseconds, as both databases keep them: the answer equals what is stored.
        let starts_at = Utc::now().trunc_subsecs(6);
        let ends_at = starts_at + ttl;
        let day = day_of(starts_at);
        let record = access::record(conn, caller, client, origin, day)?;
        let permit = access::require(caller, Action::BreakGlass, &record)?;
        match (record.member, record.emergency_access) {
            (true, None) => {
                return Err(AppError::AlreadyExists("An active care-team membership"));
            }
            (true, Some(_)) => return Err(AppError::AlreadyExists("A running emergency access")),
            (false, _) => {}
        }
        let membership = db::care_team::insert(
            conn,
            &permit,
            &db::care_team::NewRow {
                client_id: client,
                user_id: caller.user_id,
                organisation_id: caller.organisation_id,
                team_role: team_role(caller.role),
                trajectory_id: None,
                kind: MembershipKind::Emergency,
                valid_from: day,
                valid_to: Some(day_of(ends_at)),
                // The reason is the grant's, where nothing can change it.
                reason: None,
                added_by_user_id: caller.user_id,
            },
        )?;
        let id = EmergencyAccessId::new();
        db::emergency_accesses::insert(
            conn,
            &permit,
            &db::emergency_accesses::NewRow {
                id,
                client_id: client,
                user_id: caller.user_id,
                organisation_id: caller.organisation_id,
                membership_id: membership,
                reason: &new.reason,
                starts_at,
                ends_at,
            },
        )?;
        caller.trail.reached_through([id]);
        // The alert of domain.md §8.7: ids only, never the reason.
        tracing::warn!(
            target: "security",
            user_id = %caller.user_id,
            organisation_id = %caller.organisation_id,
            role = caller.role.as_str(),
            client_id = %client,
            emergency_access_id = %id,
            ends_at = %ends_at.to_rfc3339(),
            "emergency access opened (break-glass)"
        );
        Ok(EmergencyAccess {
            id,
            client_id: client,
            user_id: caller.user_id,
            organisation_id: caller.organisation_id,
            membership_id: membership,
            reason: new.reason.clone(),
            starts_at,
            ends_at,
        })
    })
}

/// One grant: the auditor's within its scope, a professional's own; 404 otherwise.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    id: EmergencyAccessId,
) -> Result<EmergencyAccess, AppError> {
    let scope = authz::emergency_access_scope(caller, Action::ReadEmergencyAccess)?;
    let grant = db::emergency_accesses::find(conn, scope, id)?
        .ok_or_else(|| authz::emergency_access_not_visible(caller))?;
    caller.trail.returned([grant.client_id]);
    Ok(grant)
}

/// A page of the grants the auditor reviews, in the order they were made.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    page: PageRequest,
) -> Result<(Vec<EmergencyAccess>, Option<uuid::Uuid>), AppError> {
    let scope = authz::emergency_access_scope(caller, Action::ListEmergencyAccesses)?;
    let (items, next) = db::emergency_accesses::list(conn, scope, page)?;
    caller.trail.returned(items.iter().map(|g| g.client_id));
    Ok((items, next))
}
