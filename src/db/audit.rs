//! The access log's rows: appending to the hash chain, reading it back in chain order, and
//! the two listings (the auditor's, within its scope, and one client's access overview),
//! newest first.
//!
//! Appending is the one write that takes no `Permit`: it records what the policy decided,
//! refusals included. It takes the chain head with an UPDATE, which holds the head's row lock
//! until the transaction ends, so appends are serialised and no two events can follow the
//! same predecessor. Callers append last, just before commit, to keep that lock short.

use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::{
    audit_chain_head as h, audit_event_subjects as s, audit_events as e, organisations as o,
    users as u,
};
use super::{DbConn, Id, MultiBackend, UtcTime, scope};
use crate::authz::Scope;
use crate::domain::audit::{
    Access, Actor, Canonical, Event, EventFilter, EventType, Outcome, Period,
};
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

impl NewEvent {
    /// An event of `event_type` with `outcome` from `access_point`, everything else empty:
    /// each writer adds what it knows.
    #[must_use]
    pub fn new(event_type: EventType, outcome: Outcome, access_point: String) -> Self {
        Self {
            event_type,
            outcome,
            actor: None,
            on_behalf_of: None,
            access_point,
            request_id: None,
            operation: None,
            object_type: None,
            object_id: None,
            clients: Vec::new(),
            data_categories: Vec::new(),
            consents: Vec::new(),
            rules: Vec::new(),
            emergency_access_id: None,
        }
    }
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
    // One multi-row statement for all clients (a list page names 50), taken per backend:
    // the enum connection has no batch insert, and this runs while the chain head is held.
    let subjects: Vec<_> = clients
        .iter()
        .map(|client| {
            (
                s::event_id.eq(row.id),
                s::client_id.eq(Id::from(*client)),
                s::seq.eq(seq),
            )
        })
        .collect();
    if !subjects.is_empty() {
        match conn {
            DbConn::Postgres(pg) => diesel::insert_into(s::table)
                .values(&subjects)
                .execute(pg)?,
            DbConn::Sqlite(lite) => diesel::insert_into(s::table)
                .values(&subjects)
                .execute(lite)?,
        };
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

fn code<T: std::str::FromStr<Err = ()>>(value: &str, column: &str) -> QueryResult<T> {
    value.parse().map_err(|()| corrupt(column))
}

fn parsed<T: std::str::FromStr>(list: &str, column: &str) -> QueryResult<Vec<T>> {
    split(list)
        .iter()
        .map(|v| v.parse().map_err(|_| corrupt(column)))
        .collect()
}

impl TryFrom<EventRow> for Event {
    type Error = diesel::result::Error;

    fn try_from(r: EventRow) -> QueryResult<Self> {
        Ok(Self {
            seq: r.seq,
            id: r.id.0,
            occurred_at: r.occurred_at.0,
            event_type: code(&r.event_type, "audit_events.event_type")?,
            outcome: code(&r.outcome, "audit_events.outcome")?,
            actor: Actor {
                user_id: r.actor_user_id.map(|i| i.0.into()),
                role: r
                    .actor_role
                    .as_deref()
                    .map(|v| code(v, "audit_events.actor_role"))
                    .transpose()?,
                organisation_id: r.actor_organisation_id.map(|i| i.0.into()),
            },
            on_behalf_of: r.on_behalf_of,
            access_point: r.access_point,
            request_id: r.request_id.map(|i| i.0),
            operation: r.operation,
            object_type: r.object_type,
            object_id: r.object_id,
            clients: parsed(&r.client_ids, "audit_events.client_ids")?,
            data_categories: split(&r.data_categories)
                .iter()
                .map(|v| code(v, "audit_events.data_categories"))
                .collect::<QueryResult<_>>()?,
            consents: parsed(&r.consent_ids, "audit_events.consent_ids")?,
            rules: split(&r.rules),
            emergency_access_id: r.emergency_access_id.map(|i| i.0),
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
    }
}

type Boxed<'a, ST> = e::BoxedQuery<'a, MultiBackend, ST>;

/// Events concerning `client` (through the subject index, which a list that touched many
/// clients feeds for each of them).
fn concerning<ST>(query: Boxed<'_, ST>, client: ClientId) -> Boxed<'_, ST> {
    query.filter(
        e::seq.eq_any(
            s::table
                .filter(s::client_id.eq(Id::from(client)))
                .select(s::seq),
        ),
    )
}

/// `from` included, `to` excluded.
fn within<ST>(mut query: Boxed<'_, ST>, period: Period) -> Boxed<'_, ST> {
    if let Some(from) = period.from {
        query = query.filter(e::occurred_at.ge(UtcTime::from(from)));
    }
    if let Some(to) = period.to {
        query = query.filter(e::occurred_at.lt(UtcTime::from(to)));
    }
    query
}

/// Newest first: continues below the previous page's last `seq`. Events appended while a
/// reader pages (its own reads among them) come above the first page, so pages neither shift
/// nor repeat.
fn newest_first<ST>(mut query: Boxed<'_, ST>, page: PageRequest<i64>) -> Boxed<'_, ST> {
    if let Some(after) = page.after {
        query = query.filter(e::seq.lt(after));
    }
    query.order(e::seq.desc()).limit(page.fetch())
}

/// A page of the events inside `scope` that match `filter`, newest first; the next page
/// continues after the returned `seq`.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &EventFilter,
    page: PageRequest<i64>,
) -> QueryResult<(Vec<Event>, Option<i64>)> {
    let mut query = e::table
        .filter(scope::audit_events(scope))
        .select(EventRow::as_select())
        .into_boxed();
    if let Some(client) = filter.client {
        query = concerning(query, client);
    }
    if let Some(user) = filter.user {
        query = query.filter(e::actor_user_id.eq(Id::from(user)));
    }
    if let Some(kind) = filter.event_type {
        query = query.filter(e::event_type.eq(kind.as_str()));
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(e::outcome.eq(outcome.as_str()));
    }
    query = newest_first(within(query, filter.period), page);
    let rows: Vec<EventRow> = query.load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.seq);
    let items = rows
        .into_iter()
        .map(Event::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// A page of the events that concern `client`, newest first, with the acting account's and
/// organisation's current names. The caller has been allowed this client's overview.
pub fn of_client(
    conn: &mut DbConn,
    client: ClientId,
    period: Period,
    page: PageRequest<i64>,
) -> QueryResult<(Vec<Access>, Option<i64>)> {
    let seqs = {
        let query = concerning(e::table.select(e::seq).into_boxed(), client);
        newest_first(within(query, period), page)
    };
    let found: Vec<i64> = seqs.load(conn)?;
    let (found, next) = page.finish(found, |seq| *seq);
    let rows: Vec<(EventRow, Option<String>, Option<String>)> = e::table
        .left_join(u::table.on(e::actor_user_id.eq(u::id.nullable())))
        .left_join(o::table.on(e::actor_organisation_id.eq(o::id.nullable())))
        .filter(e::seq.eq_any(&found))
        .order(e::seq.desc())
        .select((
            EventRow::as_select(),
            u::display_name.nullable(),
            o::name.nullable(),
        ))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|(row, display_name, organisation_name)| {
            Ok(Access {
                event: Event::try_from(row)?,
                display_name,
                organisation_name,
            })
        })
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}
