//! A client's benefit situation: time-bounded records per benefit, recorded and changed by
//! the agency responsible for them, read by the IPS worker for benefits counselling.

use diesel::Connection;

use super::{access, precondition};
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::benefits::{Benefit, BenefitType, Period};
use crate::domain::calendar::today;
use crate::domain::{BenefitId, ClientId, DataCategory};
use crate::error::{AppError, InvalidParam};

const CATEGORY: DataCategory = DataCategory::Benefits;

fn checked(period: &Period) -> Result<(), AppError> {
    let problems = period.problems(today());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::InvalidInput(
            problems
                .into_iter()
                .map(|(name, code, reason)| InvalidParam::new(name, code, reason))
                .collect(),
        ))
    }
}

/// Records a benefit of the caller's own agency.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    kind: BenefitType,
    period: &Period,
) -> Result<Benefit, AppError> {
    authz::require_role(caller, Action::Write(CATEGORY))?;
    conn.transaction(|conn| {
        let mut record = access::record(conn, caller, client, caller.organisation_id, today())?;
        record.benefit_type = Some(kind);
        // The client is visible; a benefit another agency administers is not the caller's
        // to record.
        let permit = access::require(caller, Action::Write(CATEGORY), &record).map_err(|e| {
            match (e, record.member) {
                (AppError::NotFound, true) => AppError::Forbidden,
                (other, _) => other,
            }
        })?;
        checked(period)?;
        let id = db::benefits::insert(conn, &permit, client, kind, period, (caller.user_id, caller.organisation_id))?;
        tracing::info!(client_id = %client, benefit_id = %id, rule = permit.rule(), "benefit recorded");
        db::benefits::find(conn, id)?.ok_or(AppError::NotFound)
    })
}

fn load(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: BenefitId,
) -> Result<(Benefit, crate::authz::Record), AppError> {
    let benefit = db::benefits::find(conn, id)?
        .filter(|b| b.client_id == client)
        .ok_or(AppError::NotFound)?;
    let mut record = access::record(
        conn,
        caller,
        client,
        benefit.origin_organisation_id,
        today(),
    )?;
    record.benefit_type = Some(benefit.benefit_type);
    Ok((benefit, record))
}

/// One benefit record.
pub fn get(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: BenefitId,
) -> Result<Benefit, AppError> {
    authz::require_role(caller, Action::Read(CATEGORY))?;
    conn.transaction(|conn| {
        let (benefit, record) = load(conn, caller, client, id)?;
        access::require(caller, Action::Read(CATEGORY), &record)?;
        Ok(benefit)
    })
}

/// A page of the client's benefits the caller may see.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    page: PageRequest,
) -> Result<(Vec<Benefit>, Option<uuid::Uuid>), AppError> {
    let day = today();
    conn.transaction(|conn| {
        let scope = access::child_scope(conn, caller, client, CATEGORY, day)?;
        Ok(db::benefits::list(conn, &scope, client, page)?)
    })
}

/// Changes a benefit's period if it is still at `if_match`.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
    id: BenefitId,
    if_match: Option<i64>,
    change: impl FnOnce(&Period) -> Result<Period, AppError>,
) -> Result<Benefit, AppError> {
    authz::require_role(caller, Action::Write(CATEGORY))?;
    conn.transaction(|conn| {
        let (current, record) = load(conn, caller, client, id)?;
        let permit = access::require(caller, Action::Write(CATEGORY), &record)?;
        let expected = precondition(if_match, current.version)?;
        let period = change(&Period {
            start_date: current.start_date,
            end_date: current.end_date,
            percentage: current.percentage,
        })?;
        checked(&period)?;
        if !db::benefits::update(conn, &permit, id, expected, &period)? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(client_id = %client, benefit_id = %id, rule = permit.rule(), "benefit changed");
        db::benefits::find(conn, id)?.ok_or(AppError::NotFound)
    })
}
