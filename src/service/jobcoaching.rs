//! Jobcoach provisions (jobcoachvoorzieningen): requested by the financier's caseworker for a
//! placement that qualifies, moved through their own state machine, and filled with hours
//! by the assigned job coach, never beyond what was granted.

use chrono::NaiveDate;
use diesel::Connection;

use super::{access, precondition, unknown_reference};
use crate::auth::Caller;
use crate::authz::{self, Action, Record, RecordScope};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::consent::Origin;
use crate::domain::jobcoaching::{
    JobcoachForm, JobcoachRules, JobcoachStatus as J, NewProvision, PlacementTerms, Provision,
    ProvisionChanges, ProvisionTransition, ProvisionTransitionRequest, targets,
};
use crate::domain::{DataCategory, OrganisationKind, ProvisionId};
use crate::error::{AppError, InvalidParam};

/// The facts of a provision's record: its origin, financier and coach.
fn record(
    conn: &mut DbConn,
    caller: &Caller,
    provision: &Provision,
    day: NaiveDate,
) -> Result<Record, AppError> {
    let mut record = access::record(
        conn,
        caller,
        provision.client_id,
        provision.origin_organisation_id,
        day,
    )?;
    record.jobcoach_financier = Some(provision.financier);
    record.jobcoach_organisations = vec![provision.jobcoach_organisation_id];
    Ok(record)
}

fn load(
    conn: &mut DbConn,
    caller: &Caller,
    id: ProvisionId,
    day: NaiveDate,
) -> Result<(Provision, Record), AppError> {
    let provision = db::jobcoaching::find(conn, id)?.ok_or(AppError::NotFound)?;
    let record = record(conn, caller, &provision, day)?;
    Ok((provision, record))
}

/// The coach's organisation must fit the form: an external coach comes from a jobcoach
/// organisation that UWV recognises, an internal one is the employer's own.
fn check_coach(conn: &mut DbConn, new: &NewProvision) -> Result<(), AppError> {
    let coach = db::organisations::find(conn, new.jobcoach_organisation_id)?
        .ok_or_else(|| unknown_reference("jobcoachOrganisationId", "organisation"))?;
    let fits = match new.form {
        JobcoachForm::External => {
            coach.kind == OrganisationKind::JobcoachOrganisation && coach.uwv_recognised
        }
        JobcoachForm::Internal => coach.kind == OrganisationKind::Employer,
    };
    if fits {
        Ok(())
    } else {
        Err(AppError::invalid(
            "jobcoachOrganisationId",
            "invalid_value",
            "An external coach comes from a UWV-recognised JOBCOACH_ORGANISATION, an internal one from an EMPLOYER.",
        ))
    }
}

/// Requests a provision for a placement that qualifies (domain.md §6).
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    new: &NewProvision,
    rules: &JobcoachRules,
) -> Result<Provision, AppError> {
    let day = today();
    authz::require_role(caller, Action::Write(DataCategory::Jobcoaching))?;
    conn.transaction(|conn| {
        let placement = db::placements::find(conn, new.placement_id)?
            .ok_or_else(|| unknown_reference("placementId", "placement"))?;
        // The placement is a reference in the body: the caller must be able to see it.
        let mut seen = access::record(conn, caller, placement.client_id, placement.origin_organisation_id, day)?;
        seen.jobcoach_organisations = db::access::jobcoaches_of_placement(conn, placement.id)?;
        access::require(caller, Action::Read(DataCategory::Placements), &seen).map_err(|e| match e {
            AppError::NotFound => unknown_reference("placementId", "placement"),
            other => other,
        })?;
        let mut own = seen.clone();
        own.origin = Origin {
            organisation_id: caller.organisation_id,
            ggz: caller.organisation_kind == OrganisationKind::Ggz,
        };
        own.jobcoach_financier = Some(new.financier);
        own.jobcoach_organisations = vec![new.jobcoach_organisation_id];
        // A financier the caller does not decide for: the client is visible, the record is
        // not the caller's to make.
        let permit = access::require(caller, Action::Write(DataCategory::Jobcoaching), &own)
            .map_err(|e| match e {
                AppError::NotFound => AppError::Forbidden,
                other => other,
            })?;
        check_coach(conn, new)?;
        if new.period_start < placement.start_date
            || placement.terms.end_date.is_some_and(|end| new.period_start > end)
        {
            return Err(AppError::invalid(
                "periodStartDate",
                "date_order",
                "Must fall within the placement (from its first day, not after its last).",
            ));
        }
        let terms = PlacementTerms {
            work_type: placement.work_type,
            contract_type: placement.terms.contract_type,
            start_date: placement.start_date,
            contract_end_date: placement.terms.contract_end_date,
            hours_per_week: placement.terms.contracted_hours_per_week,
            wage_value_percentage: placement.terms.wage_value_percentage,
            at_least_minimum_wage: placement.terms.at_least_minimum_wage,
        };
        rules
            .eligible(&terms, new.exception_reason.is_some())
            .map_err(|why| AppError::TransitionGuardFailed {
                guard: why.code().to_owned(),
                detail: format!(
                    "The placement does not qualify for jobcoaching ({}); see GET /v1/trajectory-types and the configured thresholds.",
                    why.code()
                ),
            })?;
        let first_start = db::jobcoaching::first_start_with_employer(conn, placement.client_id, placement.employer_id)?
            .map_or(new.period_start, |earlier| earlier.min(new.period_start));
        let id = db::jobcoaching::insert(
            conn,
            &permit,
            &db::jobcoaching::NewRow {
                client: placement.client_id,
                origin: caller.organisation_id,
                by: caller.user_id,
                day,
                provision: new,
                periods: db::jobcoaching::Periods {
                    start: new.period_start,
                    end: rules.period_end(new.period_start),
                    first_start,
                },
            },
        )?;
        let provision = db::jobcoaching::find(conn, id)?.ok_or(AppError::NotFound)?;
        db::jobcoaching::insert_transition(conn, &permit, &provision, None, None, (caller.user_id, caller.organisation_id))?;
        tracing::info!(provision_id = %id, rule = permit.rule(), "jobcoach provision requested");
        Ok(provision)
    })
}

/// One provision.
pub fn get(conn: &mut DbConn, caller: &Caller, id: ProvisionId) -> Result<Provision, AppError> {
    authz::require_role(caller, Action::Read(DataCategory::Jobcoaching))?;
    conn.transaction(|conn| {
        let (provision, record) = load(conn, caller, id, today())?;
        access::require(caller, Action::Read(DataCategory::Jobcoaching), &record)?;
        Ok(provision)
    })
}

/// The provisions the caller may see, in the order they were requested.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &db::jobcoaching::Filter,
    page: PageRequest,
) -> Result<(Vec<Provision>, Option<uuid::Uuid>), AppError> {
    let day = today();
    let scope = authz::record_scope(caller, DataCategory::Jobcoaching, day)?;
    let (items, next) = db::jobcoaching::list(conn, &scope, filter, page)?;
    access::returned(conn, caller, items.iter().map(|p| p.client_id), day)?;
    Ok((items, next))
}

/// Changes a provision if it is still at `if_match`: its terms (the financier's caseworker)
/// and the hours spent (also the assigned job coach), never beyond the hours granted.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: ProvisionId,
    if_match: Option<i64>,
    changes: &ProvisionChanges,
) -> Result<Provision, AppError> {
    let action = if changes.touches_terms() {
        Action::Write(DataCategory::Jobcoaching)
    } else {
        Action::RecordJobcoachHours
    };
    authz::require_role(caller, action)?;
    conn.transaction(|conn| {
        let (current, record) = load(conn, caller, id, today())?;
        let mut permit = access::require(caller, action, &record)?;
        if changes.spent_hours.is_some() && changes.touches_terms() {
            permit = access::require(caller, Action::RecordJobcoachHours, &record)?;
        }
        let expected = precondition(if_match, current.version)?;
        if let Some(spent) = changes.spent_hours {
            if !matches!(current.status, J::Active | J::Evaluation) {
                return Err(AppError::invalid(
                    "spentHours",
                    "invalid_value",
                    "Hours are recorded only while a period runs (ACTIVE or EVALUATION).",
                ));
            }
            let granted = current.granted_hours.unwrap_or(0.0);
            if spent > granted {
                return Err(AppError::invalid(
                    "spentHours",
                    "out_of_range",
                    &format!("Must not exceed the {granted} hours granted for this period."),
                ));
            }
        }
        let applied = db::jobcoaching::update(
            conn,
            &permit,
            id,
            expected,
            &db::jobcoaching::Changes {
                intensity: changes.intensity.map(|i| i.as_str().to_owned()),
                exception_reason: changes.exception_reason.clone(),
                permanent_support: changes.permanent_support,
                spent_hours: changes.spent_hours,
                ..db::jobcoaching::Changes::default()
            },
        )?;
        if !applied {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(provision_id = %id, rule = permit.rule(), "jobcoach provision changed");
        db::jobcoaching::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

fn required(field: &str, to: J) -> InvalidParam {
    InvalidParam::new(
        field,
        "required",
        format!("Required for a transition to {}.", to.as_str()),
    )
}

/// What a transition changes, or the request fields it lacks.
fn changes_for(
    current: &Provision,
    request: &ProvisionTransitionRequest,
    date: NaiveDate,
    rules: &JobcoachRules,
) -> Result<db::jobcoaching::Changes, AppError> {
    let to = request.to;
    let mut missing = Vec::new();
    let mut changes = db::jobcoaching::Changes {
        status: Some(to.as_str().to_owned()),
        status_date: Some(date),
        ..db::jobcoaching::Changes::default()
    };
    match (current.status, to) {
        (J::UnderReview, J::Granted) => match request.granted_hours {
            Some(hours) => changes.granted_hours = Some(Some(hours)),
            None => missing.push(required("grantedHours", to)),
        },
        (J::UnderReview, J::Rejected) | (_, J::Ended) if request.reason.is_none() => {
            missing.push(required("reason", to));
        }
        (J::Evaluation, J::Active) => {
            // An extension: the next six-month period, with its own grant.
            let start = current.period_end.succ_opt().unwrap_or(current.period_end);
            let end = rules.period_end(start);
            let permanent = request
                .permanent_support
                .unwrap_or(current.permanent_support);
            if request.granted_hours.is_none() {
                missing.push(required("grantedHours", to));
            }
            if rules.beyond_maximum(current.first_period_start, end) && !permanent {
                return Err(AppError::TransitionGuardFailed {
                    guard: "PERMANENT_SUPPORT_REQUIRED".to_owned(),
                    detail: "This period goes beyond the maximum duration with this employer; it needs permanentSupport (the financier's decision).".to_owned(),
                });
            }
            changes.period_number = Some(current.period_number + 1);
            changes.period_start = Some(start);
            changes.period_end = Some(end);
            changes.granted_hours = Some(request.granted_hours);
            changes.spent_hours = Some(0.0);
            changes.permanent_support = Some(permanent);
        }
        _ => {}
    }
    if missing.is_empty() {
        Ok(changes)
    } else {
        Err(AppError::InvalidInput(missing))
    }
}

/// Moves a provision through its state machine if it is still at `if_match`.
pub fn transition(
    conn: &mut DbConn,
    caller: &Caller,
    id: ProvisionId,
    if_match: Option<i64>,
    request: &ProvisionTransitionRequest,
    rules: &JobcoachRules,
) -> Result<Provision, AppError> {
    let day = today();
    authz::require_role(caller, Action::Write(DataCategory::Jobcoaching))?;
    conn.transaction(|conn| {
        let (current, record) = load(conn, caller, id, day)?;
        let permit = access::require(caller, Action::Write(DataCategory::Jobcoaching), &record)?;
        let expected = precondition(if_match, current.version)?;
        let allowed = targets(current.status);
        if !allowed.contains(&request.to) {
            return Err(AppError::InvalidTransition(
                allowed.iter().map(|s| s.as_str().to_owned()).collect(),
            ));
        }
        let date = request.date.unwrap_or(day);
        if date < current.status_date || date > day {
            return Err(AppError::invalid(
                "date",
                "out_of_range",
                &format!("Must be from {} to today.", current.status_date),
            ));
        }
        let changes = changes_for(&current, request, date, rules)?;
        if !db::jobcoaching::update(conn, &permit, id, expected, &changes)? {
            return Err(AppError::PreconditionFailed);
        }
        let provision = db::jobcoaching::find(conn, id)?.ok_or(AppError::NotFound)?;
        db::jobcoaching::insert_transition(
            conn,
            &permit,
            &provision,
            Some(current.status),
            request.reason.as_deref(),
            (caller.user_id, caller.organisation_id),
        )?;
        tracing::info!(provision_id = %id, to = request.to.as_str(), rule = permit.rule(), "jobcoach provision transition");
        Ok(provision)
    })
}

/// A page of a provision's transitions.
pub fn list_transitions(
    conn: &mut DbConn,
    caller: &Caller,
    id: ProvisionId,
    page: PageRequest,
) -> Result<(Vec<ProvisionTransition>, Option<uuid::Uuid>), AppError> {
    let day = today();
    let scope: RecordScope = authz::record_scope(caller, DataCategory::Jobcoaching, day)?;
    conn.transaction(|conn| {
        let (_, record) = load(conn, caller, id, day)?;
        access::require(caller, Action::Read(DataCategory::Jobcoaching), &record)?;
        Ok(db::jobcoaching::transitions(conn, &scope, id, page)?)
    })
}
