//! Writing the access log: one event per request that reached (or was refused) client
//! data or read the log itself, in the same transaction as the request's own work, and the
//! verification of the hash chain.
//!
//! "Nothing unlogged": a request's work and its event commit together, so a change is never
//! stored without its event and a read never answers before its event is stored. When the
//! event cannot be stored the whole transaction rolls back and the request answers 503 with
//! nothing of the data. A refused or failed request has nothing to commit; its event is
//! written in a short transaction of its own after the rollback.

use diesel::Connection;

use crate::auth::{Caller, RequestMeta};
use crate::db::audit::{self as store, NewEvent};
use crate::db::{self, DbConn, Pool};
use crate::domain::audit::{EventType, Outcome, event_type_of};
use crate::domain::{ClientId, DataCategory, OrganisationId, Role, UserId};
use crate::error::AppError;

/// The access point of what the operator runs on the command line.
const COMMAND_LINE: &str = "command-line";

/// Runs a use case for `caller` in one transaction that ends with its access-log event.
pub async fn audited<T, F>(pool: &Pool, caller: &Caller, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConn, &Caller) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let caller = caller.clone();
    db::run(pool, move |conn| {
        let result = conn.transaction(|conn| {
            let out = f(conn, &caller)?;
            record(conn, &caller, Outcome::Success)?;
            Ok(out)
        });
        match result {
            Err(error) if !matches!(error, AppError::Unavailable) => {
                let trail = caller.trail.entries();
                let outcome = if trail.denied.is_some() {
                    Some(Outcome::Denied)
                } else if trail.touched() {
                    Some(Outcome::Error)
                } else {
                    None
                };
                if let Some(outcome) = outcome {
                    conn.transaction(|conn| record(conn, &caller, outcome))?;
                }
                Err(error)
            }
            other => other,
        }
    })
    .await
}

/// Appends the event for what `caller`'s trail holds, if it touched client data or the log
/// itself, or was refused. A failure to store it is 503: the caller must not get what was
/// not logged.
fn record(conn: &mut DbConn, caller: &Caller, outcome: Outcome) -> Result<(), AppError> {
    let trail = caller.trail.take();
    if !trail.needs_event() {
        return Ok(());
    }
    let meta = &caller.meta;
    let mut rules: Vec<String> = trail.rules.iter().map(|r| (*r).to_owned()).collect();
    if outcome == Outcome::Denied {
        rules = trail
            .denied
            .iter()
            .map(|(why, _)| (*why).to_owned())
            .collect();
    }
    let event = NewEvent {
        event_type: meta.operation.map_or(EventType::Read, event_type_of),
        outcome,
        actor: Some((
            caller.user_id,
            caller.role.as_str().to_owned(),
            caller.organisation_id,
        )),
        on_behalf_of: None,
        access_point: meta.access_point.clone(),
        request_id: meta.request_id,
        operation: meta.operation.map(str::to_owned),
        object_type: meta.object_type.clone(),
        object_id: meta.object_id.clone(),
        clients: if trail.clients.is_empty() && outcome == Outcome::Denied {
            meta.path_client.into_iter().collect()
        } else {
            trail.clients.into_iter().collect()
        },
        data_categories: trail
            .categories
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        consents: trail.consents.iter().map(|c| c.uuid()).collect(),
        rules,
        // The column holds one grant. A list that reached clients through several grants
        // (only possible for a professional holding more than one at a time) names the
        // oldest; each of those clients was reached through a grant of the same caller.
        emergency_access_id: trail.emergency_accesses.iter().next().map(|g| g.uuid()),
    };
    store(conn, event)
}

/// Appends `event`. A failure is 503: nothing may be answered or changed unlogged.
fn store(conn: &mut DbConn, event: NewEvent) -> Result<(), AppError> {
    store::append(conn, event).map(drop).map_err(|e| {
        tracing::error!(error = %e, "access-log event could not be stored");
        AppError::Unavailable
    })
}

/// An authentication event (domain.md §15: sign-in and its failures, refresh, reuse of a
/// refresh token, sign-out): who, when known, and the rule or reason.
#[derive(Clone, Copy, Debug)]
pub struct AuthEvent {
    /// LOGIN, REFRESH, TOKEN_REUSE or LOGOUT.
    pub event_type: EventType,
    /// How it ended.
    pub outcome: Outcome,
    /// The account, when it is known (a sign-in for an unknown address has none).
    pub actor: Option<(UserId, Role, OrganisationId)>,
    /// Why: `password_verified`, `invalid_credentials`, `throttled`, …
    pub rule: &'static str,
}

/// Appends an authentication event for a request from `origin`, in the caller's
/// transaction.
pub fn authentication(
    conn: &mut DbConn,
    origin: &RequestMeta,
    event: AuthEvent,
) -> Result<(), AppError> {
    let row = NewEvent {
        actor: event
            .actor
            .map(|(user, role, organisation)| (user, role.as_str().to_owned(), organisation)),
        request_id: origin.request_id,
        operation: origin.operation.map(str::to_owned),
        object_type: origin.object_type.clone(),
        rules: vec![event.rule.to_owned()],
        ..NewEvent::new(event.event_type, event.outcome, origin.access_point.clone())
    };
    store(conn, row)
}

/// Where and how the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first position that does not hold.
    pub seq: i64,
    /// The event stored there, if any.
    pub event_id: Option<uuid::Uuid>,
    /// `content_changed` (the recomputed hash differs), `link_broken` (it does not follow its
    /// predecessor), `missing_event` (a position is empty) or `head_mismatch` (the chain's
    /// end is not where the head says).
    pub reason: &'static str,
}

/// The result of recomputing the chain over a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// First position checked.
    pub from_seq: i64,
    /// Last position checked.
    pub to_seq: i64,
    /// Events whose hash was recomputed.
    pub checked: i64,
    /// The first break, if any.
    pub first_break: Option<ChainBreak>,
}

/// The operator's own reading of the log from the command line, over positions `range`:
/// logged like any other reading of the log.
fn operator_read(conn: &mut DbConn, rule: &str, range: String) -> Result<(), AppError> {
    let event = NewEvent {
        object_type: Some("audit_events".to_owned()),
        object_id: Some(range),
        rules: vec![rule.to_owned()],
        ..NewEvent::new(
            EventType::AuditRead,
            Outcome::Success,
            COMMAND_LINE.to_owned(),
        )
    };
    conn.transaction(|conn| store(conn, event))
}

/// `verify` from the command line (`werkpad audit verify`), logged as an AUDIT_READ.
pub fn verify_by_operator(
    conn: &mut DbConn,
    from: i64,
    to: Option<i64>,
) -> Result<Verification, AppError> {
    let result = verify(conn, from, to)?;
    let range = format!("{}..{}", result.from_seq, result.to_seq);
    operator_read(conn, "operator_verified_chain", range)?;
    Ok(result)
}

/// Records that the operator exported positions `since` (exclusive) to `to`.
pub fn exported_by_operator(conn: &mut DbConn, since: i64, to: i64) -> Result<(), AppError> {
    operator_read(
        conn,
        "operator_exported_log",
        format!("{}..{to}", since + 1),
    )
}

/// `verify` for a caller: the AUDITOR only.
pub fn verify_as(
    conn: &mut DbConn,
    caller: &Caller,
    from: i64,
    to: Option<i64>,
) -> Result<Verification, AppError> {
    crate::authz::require(
        caller,
        crate::authz::Action::ReadAuditLog,
        &crate::authz::Target::default(),
    )?;
    verify(conn, from, to)
}

/// Recomputes the chain from `from` to `to` (default: the end the head names when the
/// check starts, so that appends in flight are not mistaken for gaps).
pub fn verify(conn: &mut DbConn, from: i64, to: Option<i64>) -> Result<Verification, AppError> {
    const BATCH: i64 = 1000;
    let from = from.max(1);
    let (head_seq, head_hash) = store::head(conn)?;
    let to = to.map_or(head_seq, |t| t.min(head_seq));
    let mut result = Verification {
        from_seq: from,
        to_seq: to,
        checked: 0,
        first_break: None,
    };
    let broken = |seq, event_id, reason| {
        Some(ChainBreak {
            seq,
            event_id,
            reason,
        })
    };
    let mut prev = if from == 1 {
        crate::domain::audit::GENESIS_HASH.to_owned()
    } else if let Some(hash) = store::hash_at(conn, from - 1)? {
        hash
    } else {
        result.first_break = broken(from - 1, None, "missing_event");
        return Ok(result);
    };
    let mut expected = from;
    while expected <= to {
        let rows = store::from_seq(conn, expected, BATCH.min(to - expected + 1))?;
        if rows.is_empty() {
            result.first_break = broken(expected, None, "missing_event");
            return Ok(result);
        }
        for row in rows {
            let event_id = Some(row.id.0);
            if row.seq != expected {
                result.first_break = broken(expected, None, "missing_event");
                return Ok(result);
            }
            if row.prev_hash != prev {
                result.first_break = broken(row.seq, event_id, "link_broken");
                return Ok(result);
            }
            if row.canonical().hash() != row.hash {
                result.first_break = broken(row.seq, event_id, "content_changed");
                return Ok(result);
            }
            result.checked += 1;
            prev = row.hash;
            expected += 1;
        }
    }
    if to == head_seq {
        // Nothing may stand after the head (an event slipped in behind its back), and the
        // head must name the last event's hash.
        if let Some(extra) = store::from_seq(conn, head_seq + 1, 1)?.first() {
            result.first_break = broken(extra.seq, Some(extra.id.0), "head_mismatch");
        } else if to >= from && prev != head_hash {
            result.first_break = broken(to, None, "head_mismatch");
        }
    }
    Ok(result)
}

/// The access-log event of a file the retention job erased: no actor (the operator's
/// scheduled job on the command line), rule `retention_expired`, in the erasure's own
/// transaction.
pub fn retention_erasure(conn: &mut DbConn, client: ClientId) -> Result<(), AppError> {
    let row = NewEvent {
        operation: Some("retention_run".to_owned()),
        object_type: Some("client".to_owned()),
        object_id: Some(client.to_string()),
        clients: vec![client],
        data_categories: vec![DataCategory::Identity.as_str().to_owned()],
        rules: vec!["retention_expired".to_owned()],
        ..NewEvent::new(EventType::Delete, Outcome::Success, COMMAND_LINE.to_owned())
    };
    store(conn, row)
}
