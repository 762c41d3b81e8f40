//! The access log in the shape of the Logboek Dataverwerkingen (Logius): one JSON line per
//! processing of one data subject, with trace and operation (span) ids, name, start and end,
//! status and the `dpl.core.*` attributes, so that a separate system can keep a copy. The
//! data subject is named by werkpad's own client id (pseudonymous), never by the BSN.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::db::audit::{self as store, EventRow};
use crate::domain::audit::hex;
use crate::error::AppError;

/// Where the processing activities are registered (AVG art. 30): each line points at the
/// activity of its operation under this base.
pub const PROCESSING_ACTIVITY_BASE: &str = "urn:werkpad:verwerkingsactiviteit:";

/// The type of `dpl.core.data_subject_id`: werkpad's client id.
pub const DATA_SUBJECT_ID_TYPE: &str = "urn:werkpad:client-id";

/// The lines of one event: one per client it concerns, or one without a subject.
#[must_use]
pub fn lines(event: &EventRow) -> Vec<Value> {
    let clients: Vec<Option<&str>> = if event.client_ids.is_empty() {
        vec![None]
    } else {
        event.client_ids.split(',').map(Some).collect()
    };
    // The request is the trace; without one (a command-line run) the event is its own.
    let trace = event.request_id.unwrap_or(event.id).0;
    let at = event
        .occurred_at
        .0
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let name = event
        .operation
        .clone()
        .unwrap_or_else(|| event.event_type.to_lowercase());
    clients
        .into_iter()
        .map(|client| {
            let span = Sha256::digest(format!("{}|{}", event.id.0, client.unwrap_or_default()));
            let mut attributes = json!({
                "dpl.core.processing_activity_id": format!("{PROCESSING_ACTIVITY_BASE}{name}"),
                "werkpad.event_id": event.id.0.to_string(),
                "werkpad.seq": event.seq,
                "werkpad.event_type": event.event_type,
                "werkpad.outcome": event.outcome,
                "werkpad.actor.user_id": event.actor_user_id.map(|i| i.0.to_string()),
                "werkpad.actor.role": event.actor_role,
                "werkpad.actor.organisation_id": event.actor_organisation_id.map(|i| i.0.to_string()),
                "werkpad.access_point": event.access_point,
                "werkpad.object_type": event.object_type,
                "werkpad.object_id": event.object_id,
                "werkpad.data_categories": event.data_categories,
                "werkpad.consent_ids": event.consent_ids,
                "werkpad.rules": event.rules,
                "werkpad.emergency_access_id": event.emergency_access_id.map(|i| i.0.to_string()),
                "werkpad.hash": event.hash,
            });
            if let Some(client) = client {
                attributes["dpl.core.data_subject_id"] = json!(client);
                attributes["dpl.core.data_subject_id_type"] = json!(DATA_SUBJECT_ID_TYPE);
            }
            json!({
                "trace_id": hex(trace.as_bytes()),
                "span_id": hex(&span[..8]),
                "name": name,
                "start_time": at,
                "end_time": at,
                "status_code": if event.outcome == "SUCCESS" { "STATUS_CODE_OK" } else { "STATUS_CODE_ERROR" },
                "resource": { "service.name": "werkpad", "service.version": env!("CARGO_PKG_VERSION") },
                "attributes": attributes,
            })
        })
        .collect()
}

/// The events after position `since`, at most `limit`, with the position to continue from.
pub fn after(conn: &mut DbConn, since: i64, limit: i64) -> Result<(Vec<EventRow>, i64), AppError> {
    let (head, _) = store::head(conn)?;
    let rows = store::from_seq(conn, since + 1, limit)?;
    // Only what the head has committed: an append in flight is exported next time.
    let rows: Vec<EventRow> = rows.into_iter().filter(|r| r.seq <= head).collect();
    let last = rows.last().map_or(since, |r| r.seq);
    Ok((rows, last))
}
