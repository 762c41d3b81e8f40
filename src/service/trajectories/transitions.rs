//! Trajectory transitions: the state machine of the trajectory's type decides which are
//! allowed and which guards they need; this module loads the guard facts in the same
//! transaction, applies the transition with the version check and records it.

use chrono::NaiveDate;
use diesel::Connection;

use super::{TrajectoryView, child_scope, load, view};
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::rules::Rules;
use crate::domain::trajectory::machine::{Facts, Guard, Refusal, Required, Rule, Warning};
use crate::domain::trajectory::{Trajectory, TrajectoryStatus as S, Transition, TransitionRequest};
use crate::domain::{DataCategory, TrajectoryId};
use crate::error::{AppError, InvalidParam};
use crate::service::{access, precondition};

/// The trajectory after a transition, with what the transition warned about.
#[derive(Debug)]
pub struct TransitionOutcome {
    /// The trajectory as it is now.
    pub view: TrajectoryView,
    /// Warnings that did not block the transition.
    pub warnings: Vec<Warning>,
}

fn guard_detail(guard: Guard) -> String {
    match guard {
        Guard::WishToWorkDateSet => {
            "Record the client's wish to work (wishToWorkDate, on or before the transition date) first."
        }
        Guard::PaidPlacementStarted => {
            "No paid placement of this trajectory has started by the transition date."
        }
        Guard::PaidPlacementEnded => {
            "A paid placement is still running, or none has ended with an end date and reason."
        }
        Guard::JobChange => {
            "A job change needs an ended paid placement and a new one that has started."
        }
        Guard::GgzToWiConsentInForce => {
            "No SHARE_GGZ_TO_WI consent from the lead organisation covering the joint-intake categories is in force."
        }
    }
    .to_owned()
}

fn facts(
    conn: &mut DbConn,
    trajectory: &Trajectory,
    date: NaiveDate,
    rules: &Rules,
) -> Result<Facts, AppError> {
    Ok(Facts {
        wish_to_work_date: trajectory.wish_to_work_date,
        paid_placement_running: db::trajectories::paid_placement_running(
            conn,
            trajectory.id,
            date,
        )?,
        paid_placement_ended: db::trajectories::paid_placement_ended(conn, trajectory.id, date)?,
        ggz_to_wi_consent: db::access::is_ggz(conn, trajectory.lead_organisation_id)?
            && db::trajectories::ggz_to_wi_consent(
                conn,
                trajectory.client_id,
                trajectory.lead_organisation_id,
                &rules.wabz_intake_categories,
                date,
            )?,
        profile_complete: db::vocational_profiles::get(conn, trajectory.id)?.is_complete(),
    })
}

/// The request fields the rule needs, and the date: not before the last transition, not in
/// the future. All failures at once.
fn check_request(
    rule: &Rule,
    request: &TransitionRequest,
    current: &Trajectory,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut invalid = Vec::new();
    for required in &rule.required {
        let missing = match required {
            Required::Reason => request.reason.is_none(),
            Required::EndReason => request.end_reason.is_none(),
        };
        if missing {
            invalid.push(InvalidParam::new(
                required.field(),
                "required",
                format!("Required for a transition to {}.", request.to.as_str()),
            ));
        }
    }
    if request.end_reason.is_some() && !request.to.is_terminal() {
        invalid.push(InvalidParam::new(
            "endReason",
            "invalid_value",
            "Only a transition to CLOSED or ENDED_EARLY has an end reason.",
        ));
    }
    if date < current.status_date {
        invalid.push(InvalidParam::new(
            "date",
            "date_order",
            format!(
                "Must not be before the last transition ({}).",
                current.status_date
            ),
        ));
    }
    if date > today {
        invalid.push(InvalidParam::new(
            "date",
            "out_of_range",
            "Must not be in the future.",
        ));
    }
    if invalid.is_empty() {
        Ok(())
    } else {
        Err(AppError::InvalidInput(invalid))
    }
}

/// What a transition changes: the status and its date; a pause remembers where to resume,
/// a resume forgets it; a final status records the end.
fn changes_for(from: S, request: &TransitionRequest, date: NaiveDate) -> db::trajectories::Changes {
    let to = request.to;
    let mut changes = db::trajectories::Changes {
        status: Some(to.as_str().to_owned()),
        status_date: Some(date),
        ..db::trajectories::Changes::default()
    };
    if to == S::Paused {
        changes.resume_status = Some(Some(from.as_str().to_owned()));
        changes.paused_from = Some(Some(date));
        changes.paused_until = Some(None);
    } else if from == S::Paused {
        changes.resume_status = Some(None);
        changes.paused_until = Some(Some(date));
    }
    if to.is_terminal() {
        changes.end_date = Some(Some(date));
        changes.end_reason = Some(request.end_reason.map(|r| r.as_str().to_owned()));
    }
    changes
}

/// Moves a trajectory to `request.to` if it is still at `if_match`, the type's machine
/// allows it and its guards hold.
pub fn transition(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
    if_match: Option<i64>,
    request: &TransitionRequest,
    rules: &Rules,
) -> Result<TransitionOutcome, AppError> {
    authz::require_role(caller, Action::Write(DataCategory::TrajectoryStatus))?;
    let day = today();
    conn.transaction(|conn| {
        let (current, record) = load(conn, caller, id, day)?;
        let permit = access::require(
            caller,
            Action::Write(DataCategory::TrajectoryStatus),
            &record,
        )?;
        let expected = precondition(if_match, current.version)?;
        let machine = rules.machines.of(current.trajectory_type);
        let from = current.status;
        let Some(rule) = machine.rule(from, current.resume_status, request.to) else {
            let allowed = machine.targets(from, current.resume_status);
            return Err(AppError::InvalidTransition(
                allowed.iter().map(|s| s.as_str().to_owned()).collect(),
            ));
        };
        let date = request.date.unwrap_or(day);
        check_request(rule, request, &current, date, day)?;
        let warnings = machine
            .check(
                from,
                current.resume_status,
                request.to,
                date,
                &facts(conn, &current, date, rules)?,
            )
            .map_err(|refusal| match refusal {
                Refusal::NotAllowed(allowed) => AppError::InvalidTransition(
                    allowed.iter().map(|s| s.as_str().to_owned()).collect(),
                ),
                Refusal::Guard(guard) => AppError::TransitionGuardFailed {
                    guard: guard.as_str().to_owned(),
                    detail: guard_detail(guard),
                },
            })?;
        let to = request.to;
        let changes = changes_for(from, request, date);
        if !db::trajectories::update(conn, &permit, id, expected, &changes)? {
            return Err(AppError::PreconditionFailed);
        }
        db::trajectories::insert_transition(
            conn,
            &permit,
            &db::trajectories::NewTransition {
                trajectory_id: id,
                client_id: current.client_id,
                from: Some(from),
                to,
                date,
                reason: request.reason.as_deref(),
                end_reason: request.end_reason,
                warning: warnings.first().copied(),
                actor_user_id: caller.user_id,
                actor_organisation_id: caller.organisation_id,
            },
        )?;
        if to.is_terminal() {
            db::trajectories::end_linked_consents(conn, &permit, id, date)?;
        }
        tracing::info!(
            trajectory_id = %id,
            from = from.as_str(),
            to = to.as_str(),
            rule = permit.rule(),
            "trajectory transition"
        );
        let (trajectory, record) = load(conn, caller, id, day)?;
        Ok(TransitionOutcome {
            view: view(caller, trajectory, &record),
            warnings,
        })
    })
}

/// A page of a trajectory's recorded transitions, in the order they happened.
pub fn list_transitions(
    conn: &mut DbConn,
    caller: &Caller,
    id: TrajectoryId,
    page: PageRequest,
) -> Result<(Vec<Transition>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let (_, scope) = child_scope(conn, caller, id, DataCategory::TrajectoryStatus, day)?;
        Ok(db::trajectories::transitions(conn, &scope, id, page)?)
    })
}
