//! Financing records (financiering) of a trajectory and their transitions through the
//! municipal regulation's flow. Financing is TRAJECTORY_STATUS data: the same matrix cell
//! decides, on the record's own origin, except where the financier decides.

use chrono::NaiveDate;
use diesel::Connection;

use super::trajectories::{child_scope, load as load_trajectory};
use super::{access, precondition};
use crate::auth::Caller;
use crate::authz::{self, Action, Record};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::consent::Origin;
use crate::domain::financing::rules::{self, Refusal, Violation};
use crate::domain::financing::{
    Financing, FinancingChanges, FinancingStatus, FinancingTerms, FinancingTransition,
    NewFinancing, TransitionRequest,
};
use crate::domain::{DataCategory, FinancingId, OrganisationKind, TrajectoryId};
use crate::error::{AppError, InvalidParam};

const CATEGORY: DataCategory = DataCategory::TrajectoryStatus;

fn param(v: Violation) -> InvalidParam {
    InvalidParam::new(v.field, v.code, v.reason)
}

/// A financing record of `trajectory` and the facts of its record for the caller: 404 when
/// it does not exist or belongs to another trajectory.
fn load(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory: TrajectoryId,
    id: FinancingId,
    day: NaiveDate,
) -> Result<(Financing, Record), AppError> {
    let financing = db::financings::find(conn, id)?
        .filter(|f| f.trajectory_id == trajectory)
        .ok_or(AppError::NotFound)?;
    let record = access::record(
        conn,
        caller,
        financing.client_id,
        financing.origin_organisation_id,
        day,
    )?;
    Ok((financing, record))
}

/// The rules between the terms' fields, the dates `status` implies, and the financier
/// organisation (it must exist and be of the financier's kind): all failures at once.
fn check(
    conn: &mut DbConn,
    terms: &FinancingTerms,
    status: FinancingStatus,
    day: NaiveDate,
) -> Result<(), AppError> {
    let mut found: Vec<InvalidParam> = rules::check_terms(terms, day)
        .into_iter()
        .chain(rules::check_status_dates(status, terms))
        .map(param)
        .collect();
    if let Some(organisation) = terms.financier_organisation_id {
        match db::organisations::kind(conn, organisation)? {
            None => found.push(InvalidParam::new(
                "financierOrganisationId",
                "unknown_reference",
                "No organisation with this id exists.",
            )),
            Some(kind) => {
                let mismatch = rules::check_financier_organisation(terms.financier, kind);
                found.extend(mismatch.map(param));
            }
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(AppError::InvalidInput(found))
    }
}

fn reload(conn: &mut DbConn, id: FinancingId) -> Result<Financing, AppError> {
    db::financings::find(conn, id)?.ok_or(AppError::NotFound)
}

/// Creates a financing record for a trajectory, in DRAFT; the draft is its first
/// transition. The caller must be able to read the trajectory (a financing names it and its
/// client) and to write TRAJECTORY_STATUS records of its own organisation.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory_id: TrajectoryId,
    new: &NewFinancing,
) -> Result<Financing, AppError> {
    authz::require_role(caller, Action::Write(CATEGORY))?;
    let day = today();
    conn.transaction(|conn| {
        let (trajectory, trajectory_record) = load_trajectory(conn, caller, trajectory_id, day)?;
        access::require(caller, Action::Read(CATEGORY), &trajectory_record)?;
        // A new record is the caller's own organisation's.
        let record = access::record(
            conn,
            caller,
            trajectory.client_id,
            caller.organisation_id,
            day,
        )?;
        let permit = access::require(caller, Action::Write(CATEGORY), &record)?;
        let status_date = new.status_date.unwrap_or(day);
        if status_date > day {
            return Err(AppError::invalid(
                "statusDate",
                "out_of_range",
                "Must not be in the future.",
            ));
        }
        check(conn, &new.terms, FinancingStatus::Draft, day)?;
        let id = FinancingId::new();
        db::financings::insert(
            conn,
            &permit,
            &db::financings::NewRow {
                id,
                trajectory_id,
                client_id: trajectory.client_id,
                terms: &new.terms,
                status_date,
                origin_organisation_id: caller.organisation_id,
                created_by_user_id: caller.user_id,
            },
        )?;
        db::financings::insert_transition(
            conn,
            &permit,
            &db::financings::NewTransition {
                financing_id: id,
                client_id: trajectory.client_id,
                from: None,
                to: FinancingStatus::Draft,
                date: status_date,
                reason: None,
                actor_user_id: caller.user_id,
                actor_organisation_id: caller.organisation_id,
            },
        )?;
        tracing::info!(financing_id = %id, trajectory_id = %trajectory_id, rule = permit.rule(), "financing created");
        reload(conn, id)
    })
}

/// One financing record.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory: TrajectoryId,
    id: FinancingId,
) -> Result<Financing, AppError> {
    authz::require_role(caller, Action::Read(CATEGORY))?;
    let day = today();
    conn.transaction(|conn| {
        let (financing, record) = load(conn, caller, trajectory, id, day)?;
        access::require(caller, Action::Read(CATEGORY), &record)?;
        Ok(financing)
    })
}

/// A page of a trajectory's financing records the caller may see, in creation order.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory: TrajectoryId,
    page: PageRequest,
) -> Result<(Vec<Financing>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let (_, scope) = child_scope(conn, caller, trajectory, CATEGORY, day)?;
        Ok(db::financings::list(conn, &scope, trajectory, page)?)
    })
}

/// Changes a financing record's terms if it is still at `if_match`. REJECTED and SETTLED
/// records are final.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory: TrajectoryId,
    id: FinancingId,
    if_match: Option<i64>,
    changes: &FinancingChanges,
) -> Result<Financing, AppError> {
    authz::require_role(caller, Action::Write(CATEGORY))?;
    let day = today();
    conn.transaction(|conn| {
        let (current, record) = load(conn, caller, trajectory, id, day)?;
        let permit = access::require(caller, Action::Write(CATEGORY), &record)?;
        let expected = precondition(if_match, current.version)?;
        if current.status.is_terminal() {
            return Err(AppError::InvalidTransition(Vec::new()));
        }
        let terms = changes.applied_to(&current.terms);
        check(conn, &terms, current.status, day)?;
        if !db::financings::update(conn, &permit, id, expected, &terms, None)? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(financing_id = %id, rule = permit.rule(), "financing changed");
        reload(conn, id)
    })
}

/// The record the write check of a transition sees. The financier decides: for the steps
/// it takes (GRANTED, REJECTED, RUNNING), a caller whose organisation is the record's
/// financier organisation acts on it as on a record of its own organisation, so the
/// policy's own-organisation write rule (UWV labour expert, municipal case manager) applies;
/// care-team membership is still required. Every other step is decided on the record's
/// real origin.
fn decision_record(
    caller: &Caller,
    financing: &Financing,
    to: FinancingStatus,
    mut record: Record,
) -> Record {
    if to.decided_by_financier()
        && financing.terms.financier_organisation_id == Some(caller.organisation_id)
    {
        record.origin = Origin {
            organisation_id: caller.organisation_id,
            ggz: caller.organisation_kind == OrganisationKind::Ggz,
        };
    }
    record
}

/// Moves a financing record to `request.to` if it is still at `if_match` and the flow
/// allows it; records the transition and fills in the date the step implies.
pub fn transition(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory: TrajectoryId,
    id: FinancingId,
    if_match: Option<i64>,
    request: &TransitionRequest,
) -> Result<Financing, AppError> {
    authz::require_role(caller, Action::Write(CATEGORY))?;
    let day = today();
    conn.transaction(|conn| {
        let (current, record) = load(conn, caller, trajectory, id, day)?;
        let record = decision_record(caller, &current, request.to, record);
        let permit = access::require(caller, Action::Write(CATEGORY), &record)?;
        let expected = precondition(if_match, current.version)?;
        let effect = rules::transition(
            current.status,
            current.status_date,
            &current.terms,
            request,
            day,
        )
        .map_err(|refusal| match refusal {
            Refusal::NotAllowed(allowed) => {
                AppError::InvalidTransition(allowed.iter().map(|s| s.as_str().to_owned()).collect())
            }
            Refusal::Invalid(found) => {
                AppError::InvalidInput(found.into_iter().map(param).collect())
            }
        })?;
        let to = request.to;
        if !db::financings::update(
            conn,
            &permit,
            id,
            expected,
            &effect.terms,
            Some((to, effect.date)),
        )? {
            return Err(AppError::PreconditionFailed);
        }
        db::financings::insert_transition(
            conn,
            &permit,
            &db::financings::NewTransition {
                financing_id: id,
                client_id: current.client_id,
                from: Some(current.status),
                to,
                date: effect.date,
                reason: request.reason.as_deref(),
                actor_user_id: caller.user_id,
                actor_organisation_id: caller.organisation_id,
            },
        )?;
        tracing::info!(
            financing_id = %id,
            from = current.status.as_str(),
            to = to.as_str(),
            rule = permit.rule(),
            "financing transition"
        );
        reload(conn, id)
    })
}

/// A page of a financing record's transitions, in the order they happened, starting with
/// the draft.
pub fn list_transitions(
    conn: &mut DbConn,
    caller: &Caller,
    trajectory: TrajectoryId,
    id: FinancingId,
    page: PageRequest,
) -> Result<(Vec<FinancingTransition>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let (_, scope) = child_scope(conn, caller, trajectory, CATEGORY, day)?;
        db::financings::find(conn, id)?
            .filter(|f| f.trajectory_id == trajectory)
            .ok_or(AppError::NotFound)?;
        Ok(db::financings::transitions(conn, &scope, id, page)?)
    })
}
