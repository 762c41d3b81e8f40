//! The access log's rows: appending to the hash chain, and reading it back in chain order.
//!
//! Appending is the one write that takes no `Permit`: it records what the policy decided,
//! refusals included. It takes the chain head with an UPDATE, which holds the head's row lock
//! until the transaction ends, so appends are serialised and no two events can follow the
//! same predecessor. Callers append last, just before commit, to keep that lock short.

use diesel::prelude::*;

use super::schema::{audit_chain_head as h, audit_event_subjects as s, audit_events as e};
use super::{DbConn, Id, UtcTime};
use crate::domain::audit::{Canonical, EventType, Outcome};
use crate::domain::{ClientId, OrganisationId, UserId};

/// An event to append, before it has a place in the chain.
#[derive(Clone, Debug)]
pub struct NewEvent {
    /// Event type.
    pub event_type: EventType,
    /// Outcome.
    pub outcome: Outcome,
    /// Acting account, its role and organisation (none for a failed sign-in).
    pub actor: Option<(UserId, String, OrganisationId)>,
    /// The user acted for.
    pub on_behalf_of: Option<String>,
    /// The client address.
    pub access_point: String,
    /// The request id.
    pub request_id: Option<uuid::Uuid>,
    /// The API operation id.
    pub operation: Option<String>,
    /// The path template acted on.
    pub object_type: Option<String>,
    /// The last id in the path.
    pub object_id: Option<String>,
    /// Clients concerned.
    pub clients: Vec<ClientId>,
    /// Data category codes.
    pub data_categories: Vec<String>,
    /// Consents that opened the data.
    pub consents: Vec<uuid::Uuid>,
    /// Policy rules (or refusal reasons).
    pub rules: Vec<String>,
    /// The emergency access it ran under.
    pub emergency_access_id: Option<uuid::Uuid>,
}

/// A stored event, as the chain holds it.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = e)]
pub struct EventRow {
    /// Position in the chain.
    pub seq: i64,
    /// Id.
    pub id: Id,
    /// When.
    pub occurred_at: UtcTime,
    /// Event type code.
    pub event_type: String,
    /// Outcome code.
    pub outcome: String,
    /// Actor.
    pub actor_user_id: Option<Id>,
    /// Actor's role.
    pub actor_role: Option<String>,
    /// Actor's organisation.
    pub actor_organisation_id: Option<Id>,
    /// Acted for.
    pub on_behalf_of: Option<String>,
    /// Client address.
    pub access_point: String,
    /// Request id.
    pub request_id: Option<Id>,
    /// Operation id.
    pub operation: Option<String>,
    /// Path template.
    pub object_type: Option<String>,
    /// Object id.
    pub object_id: Option<String>,
    /// Clients, sorted, comma-separated.
    pub client_ids: String,
    /// Categories, sorted, comma-separated.
    pub data_categories: String,
    /// Consents, sorted, comma-separated.
    pub consent_ids: String,
    /// Rules, sorted, comma-separated.
    pub rules: String,
    /// Emergency access.
    pub emergency_access_id: Option<Id>,
    /// Previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn joined(mut items: Vec<String>) -> String {
    items.sort();
    items.dedup();
    items.join(",")
}

impl EventRow {
    /// The content the hash covers, read from the stored columns (so that a changed column
    /// changes the recomputed hash).
    #[must_use]
    pub fn canonical(&self) -> Canonical {
        let id = |v: &Option<Id>| v.as_ref().map(|i| i.0.to_string());
        Canonical {
            seq: self.seq,
            id: self.id.0.to_string(),
            occurred_at: self
                .occurred_at
                .0
                .format("%Y-%m-%dT%H:%M:%S%.6fZ")
                .to_string(),
            event_type: self.event_type.clone(),
            outcome: self.outcome.clone(),
            actor_user_id: id(&self.actor_user_id),
            actor_role: self.actor_role.clone(),
            actor_organisation_id: id(&self.actor_organisation_id),
            on_behalf_of: self.on_behalf_of.clone(),
            access_point: self.access_point.clone(),
            request_id: id(&self.request_id),
            operation: self.operation.clone(),
            object_type: self.object_type.clone(),
            object_id: self.object_id.clone(),
            client_ids: split(&self.client_ids),
            data_categories: split(&self.data_categories),
            consent_ids: split(&self.consent_ids),
            rules: split(&self.rules),
            emergency_access_id: id(&self.emergency_access_id),
            prev_hash: self.prev_hash.clone(),
        }
    }
}

/// Appends an event at the end of the chain, with one subject row per client.
pub fn append(conn: &mut DbConn, event: NewEvent) -> QueryResult<EventRow> {
    let (seq, prev_hash): (i64, String) = diesel::update(h::table.filter(h::id.eq(1)))
        .set(h::seq.eq(h::seq + 1))
        .returning((h::seq, h::hash))
        .get_result(conn)?;
    let mut clients: Vec<ClientId> = event.clients;
    clients.sort_by_key(|c| c.uuid());
    clients.dedup();
    let mut row = EventRow {
        seq,
        id: Id(uuid::Uuid::now_v7()),
        occurred_at: UtcTime::now(),
        event_type: event.event_type.as_str().to_owned(),
        outcome: event.outcome.as_str().to_owned(),
        actor_user_id: event.actor.as_ref().map(|(u, _, _)| Id::from(*u)),
        actor_role: event.actor.as_ref().map(|(_, r, _)| r.clone()),
        actor_organisation_id: event.actor.as_ref().map(|(_, _, o)| Id::from(*o)),
        on_behalf_of: event.on_behalf_of,
        access_point: event.access_point,
        request_id: event.request_id.map(Id),
        operation: event.operation,
        object_type: event.object_type,
        object_id: event.object_id,
        client_ids: joined(clients.iter().map(ToString::to_string).collect()),
        data_categories: joined(event.data_categories),
        consent_ids: joined(event.consents.iter().map(ToString::to_string).collect()),
        rules: joined(event.rules),
        emergency_access_id: event.emergency_access_id.map(Id),
        prev_hash,
        hash: String::new(),
    };
    row.hash = row.canonical().hash();
    diesel::insert_into(e::table).values(&row).execute(conn)?;
    // One statement per client: a multi-row insert is not available on the enum connection.
    for client in &clients {
        diesel::insert_into(s::table)
            .values((
                s::event_id.eq(row.id),
                s::client_id.eq(Id::from(*client)),
                s::seq.eq(seq),
            ))
            .execute(conn)?;
    }
    diesel::update(h::table.filter(h::id.eq(1)))
        .set(h::hash.eq(&row.hash))
        .execute(conn)?;
    Ok(row)
}

/// Events from position `from` on, in chain order, at most `limit`.
pub fn from_seq(conn: &mut DbConn, from: i64, limit: i64) -> QueryResult<Vec<EventRow>> {
    e::table
        .filter(e::seq.ge(from))
        .order(e::seq.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)
}

/// Every event that names `client`, in chain order: the client's access overview.
pub fn naming(conn: &mut DbConn, client: ClientId) -> QueryResult<Vec<EventRow>> {
    e::table
        .inner_join(s::table)
        .filter(s::client_id.eq(Id::from(client)))
        .order(e::seq.asc())
        .select(EventRow::as_select())
        .load(conn)
}

/// The hash of the event at `seq`, if it is there.
pub fn hash_at(conn: &mut DbConn, seq: i64) -> QueryResult<Option<String>> {
    e::table
        .filter(e::seq.eq(seq))
        .select(e::hash)
        .first(conn)
        .optional()
}

/// The chain head: the number of events appended and the last hash.
pub fn head(conn: &mut DbConn) -> QueryResult<(i64, String)> {
    h::table
        .filter(h::id.eq(1))
        .select((h::seq, h::hash))
        .first(conn)
}
