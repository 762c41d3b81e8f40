//! Writing the access log: one event per request that reached (or was refused) client
//! data, in the same transaction as the request's own work, and the verification of the
//! hash chain.
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
use crate::domain::{OrganisationId, Role, UserId};
use crate::error::AppError;

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
                } else if trail.client_data || !trail.clients.is_empty() {
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

/// Appends the event for what `caller`'s trail holds, if it touched client data or was
/// refused. A failure to store it is 503: the caller must not get what was not logged.
fn record(conn: &mut DbConn, caller: &Caller, outcome: Outcome) -> Result<(), AppError> {
    let trail = caller.trail.entries();
    if !trail.client_data && trail.denied.is_none() && trail.clients.is_empty() {
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
        event_type: event.event_type,
        outcome: event.outcome,
        actor: event
            .actor
            .map(|(user, role, organisation)| (user, role.as_str().to_owned(), organisation)),
        on_behalf_of: None,
        access_point: origin.access_point.clone(),
        request_id: origin.request_id,
        operation: origin.operation.map(str::to_owned),
        object_type: origin.object_type.clone(),
        object_id: None,
        clients: Vec::new(),
        data_categories: Vec::new(),
        consents: Vec::new(),
        rules: vec![event.rule.to_owned()],
        emergency_access_id: None,
    };
    store::append(conn, row).map(drop).map_err(|e| {
        tracing::error!(error = %e, "access-log event could not be stored");
        AppError::Unavailable
    })
}
