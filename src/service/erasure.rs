//! Erasure (AVG art. 17) and retention (domain.md §16): a client file's retention state,
//! its legal hold, erasing it on request, and the retention job that erases what has
//! expired. The request and the job erase through the same `erase_file`, so both refuse a
//! held or unexpired file and both leave the same tombstone.
//!
//! What stays after erasure (the tombstone) and why is described in the migration
//! `2026-12-01-000002_erasure`; the access log is never touched. An erased client answers
//! 404 to everyone, like an id that never existed: 410 would tell anyone holding an id that
//! werkpad once held a file about that person.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;
use diesel::Connection;

use super::{access, precondition};
use crate::auth::Caller;
use crate::authz::{self, Action, Permit, operator_permit};
use crate::db::{self, DbConn, Pool, UtcTime};
use crate::domain::ClientId;
use crate::domain::calendar::today;
use crate::domain::client::{Client, RecordRegime};
use crate::domain::retention::{ErasureReason, Facts, Periods, Refusal};
use crate::error::AppError;

/// A client file's retention state.
#[derive(Clone, Debug)]
pub struct Retention {
    /// The client.
    pub client_id: ClientId,
    /// Its regime.
    pub regime: RecordRegime,
    /// Whether a legal hold is set.
    pub legal_hold: bool,
    /// The day its retention period started counting.
    pub start_date: NaiveDate,
    /// The first day it may be erased (were there no legal hold).
    pub end_date: NaiveDate,
    /// Why it may not be erased today, if it may not.
    pub refusal: Option<Refusal>,
    /// The client's version (its ETag).
    pub version: i64,
}

/// What an erasure left.
#[derive(Clone, Debug)]
pub struct Erased {
    /// The erased client's id (the tombstone's).
    pub client_id: ClientId,
    /// When.
    pub erased_at: DateTime<Utc>,
    /// Why.
    pub reason: ErasureReason,
    /// The regime it was kept under.
    pub regime: RecordRegime,
    /// The labour-market region of its last residence.
    pub region_code: String,
    /// The first day it could be erased.
    pub retention_end_date: NaiveDate,
    /// Trajectories whose report facts the tombstone keeps.
    pub trajectories_kept: usize,
    /// Placements whose report facts the tombstone keeps.
    pub placements_kept: usize,
}

fn facts(conn: &mut DbConn, client: &Client) -> Result<Facts, AppError> {
    let stored = db::erasure::stored_facts(conn, client.id)?;
    Ok(Facts {
        regime: client.record_regime,
        legal_hold: client.legal_hold,
        last_change: stored.last_change.with_timezone(&Amsterdam).date_naive(),
        last_closure: stored.last_closure,
        open_trajectory: stored.open_trajectory,
    })
}

fn retention(
    conn: &mut DbConn,
    client: &Client,
    periods: &Periods,
    day: NaiveDate,
) -> Result<Retention, AppError> {
    let facts = facts(conn, client)?;
    Ok(Retention {
        client_id: client.id,
        regime: client.record_regime,
        legal_hold: client.legal_hold,
        start_date: facts.start(day),
        end_date: facts.retention_end(periods, day),
        refusal: facts.erasable(periods, day).err(),
        version: client.version,
    })
}

/// Erases a client file under `permit` if neither a legal hold nor its retention period
/// keeps it (409 `erasure_refused` otherwise): the tombstone and the report facts stay,
/// every record of the client goes. The caller holds the transaction and writes the
/// access-log event.
pub fn erase_file(
    conn: &mut DbConn,
    permit: &Permit,
    client: &Client,
    reason: ErasureReason,
    periods: &Periods,
    day: NaiveDate,
) -> Result<Erased, AppError> {
    let facts = facts(conn, client)?;
    facts
        .erasable(periods, day)
        .map_err(AppError::ErasureRefused)?;
    let erased_at = Utc::now();
    let retention_end_date = facts.retention_end(periods, day);
    let kept = db::erasure::erase(
        conn,
        permit,
        client,
        &db::erasure::Tombstone {
            erased_at,
            reason,
            retention_end_date,
        },
    )?;
    tracing::info!(client_id = %client.id, reason = reason.as_str(), rule = permit.rule(), "client file erased");
    Ok(Erased {
        client_id: client.id,
        erased_at,
        reason,
        regime: client.record_regime,
        region_code: client.region_code.clone(),
        retention_end_date,
        trajectories_kept: kept.trajectories,
        placements_kept: kept.placements,
    })
}

/// The client and the permit for `action` on its file (the registering organisation's
/// auditor only): 403 for any other role before anything is loaded, 404 when it does not
/// exist or belongs to another organisation.
fn controller(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    action: Action,
) -> Result<(Client, Permit), AppError> {
    let client = db::clients::find(conn, id)?.ok_or(AppError::NotFound)?;
    let record = access::record(conn, caller, id, client.origin_organisation_id, today())?;
    let permit = access::require(caller, action, &record)?;
    Ok((client, permit))
}

/// Erases a client's file on request.
pub fn erase(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    reason: ErasureReason,
    periods: &Periods,
) -> Result<Erased, AppError> {
    authz::require_role(caller, Action::EraseClient)?;
    conn.transaction(|conn| {
        let (client, permit) = controller(conn, caller, id, Action::EraseClient)?;
        erase_file(conn, &permit, &client, reason, periods, today())
    })
}

/// A client file's retention state.
pub fn get_retention(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    periods: &Periods,
) -> Result<Retention, AppError> {
    authz::require_role(caller, Action::ManageRetention)?;
    conn.transaction(|conn| {
        let (client, _) = controller(conn, caller, id, Action::ManageRetention)?;
        retention(conn, &client, periods, today())
    })
}

/// Sets or lifts a client file's legal hold if the client is still at `if_match`.
pub fn set_legal_hold(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    if_match: Option<i64>,
    hold: bool,
    periods: &Periods,
) -> Result<Retention, AppError> {
    authz::require_role(caller, Action::ManageRetention)?;
    conn.transaction(|conn| {
        let (client, permit) = controller(conn, caller, id, Action::ManageRetention)?;
        let expected = precondition(if_match, client.version)?;
        if !db::erasure::set_legal_hold(conn, &permit, id, expected, hold)? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(client_id = %id, legal_hold = hold, rule = permit.rule(), "legal hold changed");
        let client = db::clients::find(conn, id)?.ok_or(AppError::NotFound)?;
        retention(conn, &client, periods, today())
    })
}

/// One file the retention job erased (or, in a dry run, would erase).
#[derive(Clone, Debug)]
pub struct Expired {
    /// The client.
    pub client_id: ClientId,
    /// Its regime.
    pub regime: RecordRegime,
    /// The day its period ended.
    pub retention_end_date: NaiveDate,
}

/// What a retention run did or would do.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// Files whose period has passed and that have no legal hold.
    pub expired: Vec<Expired>,
    /// Files looked at (those without a legal hold).
    pub examined: usize,
    /// Failed sign-ins older than the throttle's window.
    pub login_failures: usize,
}

/// The retention job: erases every file without a legal hold whose period has passed, each
/// in its own transaction with its own access-log event (no actor: the operator's job,
/// rule `retention_expired`), and forgets failed sign-ins older than `login_window`. A dry
/// run changes nothing and reports what a real one would do.
pub fn run_retention(
    pool: &Pool,
    periods: &Periods,
    login_window: Duration,
    dry_run: bool,
) -> Result<RunReport, AppError> {
    let day = today();
    let candidates = pool.with_conn(|conn| Ok(db::erasure::unheld_clients(conn)?))?;
    let mut report = RunReport {
        examined: candidates.len(),
        ..RunReport::default()
    };
    for client in candidates {
        let expired = pool.with_conn(|conn| {
            conn.transaction(|conn| {
                // Read inside the transaction: the file, and its hold, may have changed.
                let Some(client) = db::clients::find(conn, client)? else {
                    return Ok(None);
                };
                let facts = facts(conn, &client)?;
                if facts.erasable(periods, day).is_err() {
                    return Ok(None);
                }
                let expired = Expired {
                    client_id: client.id,
                    regime: client.record_regime,
                    retention_end_date: facts.retention_end(periods, day),
                };
                if !dry_run {
                    let permit = operator_permit(Action::EraseClient);
                    erase_file(
                        conn,
                        &permit,
                        &client,
                        ErasureReason::RetentionExpired,
                        periods,
                        day,
                    )?;
                    super::audit::retention_erasure(conn, client.id)?;
                }
                Ok(Some(expired))
            })
        })?;
        report.expired.extend(expired);
    }
    let window = chrono::TimeDelta::from_std(login_window).unwrap_or(chrono::TimeDelta::MAX);
    let cutoff = UtcTime::from(
        Utc::now()
            .checked_sub_signed(window)
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
    );
    report.login_failures = pool.with_conn(|conn| {
        Ok(if dry_run {
            db::throttle::older_than(conn, cutoff)?
        } else {
            db::throttle::sweep(conn, cutoff)?
        })
    })?;
    Ok(report)
}
