//! The access log of three years of use: sign-ins, reads of files and lists, changes, a few
//! refusals and the auditors' own reading, each by an account that could have done it then
//! (a care-team member of the client, from the day the membership started). The events form
//! one hash chain, hashed by the library's own `EventRow::canonical`, in `seq` order and in
//! time order; the chain head names the last event.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use uuid::Uuid;
use werkpad::db::audit::EventRow;
use werkpad::db::{Id, UtcTime};
use werkpad::domain::audit::{EventType, GENESIS_HASH, Outcome};
use werkpad::domain::{DataCategory, Role};

use super::cases::{Member, Subject};
use super::cast::Cast;
use super::rng::Rng;
use super::rows;

/// Stream number of the access log.
const STREAM: u64 = 2;

/// What the log is made from.
pub struct Log<'a> {
    /// Everyone.
    pub cast: &'a Cast,
    /// Every client.
    pub subjects: &'a [Subject],
    /// Client indices by registration date.
    by_registration: Vec<usize>,
    /// Per account, the clients it is a member for.
    caseloads: Vec<Vec<usize>>,
    /// The auditors' accounts.
    auditors: Vec<usize>,
    /// First instant of the log.
    start: DateTime<Utc>,
    /// Its length in microseconds.
    span: i64,
    /// Events in all.
    total: u64,
    seed: u64,
}

/// Where the chain stands between chunks.
pub struct Chain {
    /// Events written.
    pub seq: i64,
    /// The last hash.
    pub hash: String,
}

impl Default for Chain {
    fn default() -> Self {
        Self {
            seq: 0,
            hash: GENESIS_HASH.to_owned(),
        }
    }
}

/// One kind of event the log holds, and how often.
#[derive(Clone, Copy)]
enum Kind {
    GetClient,
    GetTrajectory,
    ListPlacements,
    ListClients,
    ListTrajectories,
    CreateContact,
    UpdateClient,
    Transition,
    CreatePlacement,
    Search,
    ConsentGrant,
    Export,
    Login,
    Refresh,
    Logout,
    LoginFailed,
    Refused,
    AuditRead,
}

const MIX: [(Kind, u32); 18] = [
    (Kind::GetClient, 300),
    (Kind::GetTrajectory, 120),
    (Kind::ListPlacements, 80),
    (Kind::ListClients, 90),
    (Kind::ListTrajectories, 50),
    (Kind::CreateContact, 60),
    (Kind::UpdateClient, 30),
    (Kind::Transition, 50),
    (Kind::CreatePlacement, 20),
    (Kind::Search, 20),
    (Kind::ConsentGrant, 8),
    (Kind::Export, 1),
    (Kind::Login, 100),
    (Kind::Refresh, 40),
    (Kind::Logout, 15),
    (Kind::LoginFailed, 5),
    (Kind::Refused, 8),
    (Kind::AuditRead, 3),
];

impl<'a> Log<'a> {
    /// A log of `total` events over the three years before `today`.
    pub fn new(
        seed: u64,
        cast: &'a Cast,
        subjects: &'a [Subject],
        today: NaiveDate,
        total: u64,
    ) -> Self {
        let mut by_registration: Vec<usize> = (0..subjects.len()).collect();
        by_registration.sort_by_key(|i| subjects[*i].registered);
        let mut caseloads = vec![Vec::new(); cast.accounts.len()];
        for (i, subject) in subjects.iter().enumerate() {
            for member in &subject.members {
                caseloads[member.account].push(i);
            }
        }
        let auditors = (0..cast.accounts.len())
            .filter(|a| cast.accounts[*a].role == Role::Auditor)
            .collect();
        // Two hours before midnight UTC starting `today` is before today began in the
        // Netherlands, so no seeded event lies after the first live one.
        let end = today.and_time(NaiveTime::MIN).and_utc() - TimeDelta::hours(2);
        let start = end - TimeDelta::days(3 * 365);
        Self {
            cast,
            subjects,
            by_registration,
            caseloads,
            auditors,
            start,
            span: (end - start).num_microseconds().unwrap_or(0),
            total,
            seed,
        }
    }

    /// The instant of event `seq` (from 1): evenly spread, each in its own slot, so that
    /// `seq` order is time order.
    fn instant(&self, rng: &mut Rng, seq: i64) -> DateTime<Utc> {
        #[expect(
            clippy::cast_precision_loss,
            reason = "positions and microseconds fit an f64 well enough"
        )]
        let slot = self.span as f64 / self.total.max(1) as f64;
        #[expect(clippy::cast_precision_loss, reason = "as above")]
        let offset = ((seq - 1) as f64 + rng.unit()) * slot;
        #[expect(clippy::cast_possible_truncation, reason = "within the span")]
        let micros = offset as i64;
        self.start + TimeDelta::microseconds(micros)
    }

    /// A client registered by `day` whose care team is still on the file, and one of its
    /// members whose membership had started; a few tries, then none.
    fn subject(&self, rng: &mut Rng, day: NaiveDate) -> Option<(usize, usize)> {
        let known = self
            .by_registration
            .partition_point(|i| self.subjects[*i].registered <= day);
        for _ in 0..4 {
            if known == 0 {
                return None;
            }
            let client = self.by_registration[rng.index(known)];
            let subject = &self.subjects[client];
            if subject.until.is_some_and(|u| u < day) {
                continue;
            }
            let members: Vec<usize> = (0..subject.members.len())
                .filter(|m| subject.members[*m].from <= day)
                .collect();
            if !members.is_empty() {
                return Some((client, *rng.pick(&members)));
            }
        }
        None
    }

    /// Appends the events from `chain.seq + 1` up to `until` (inclusive) to `events` and
    /// `subjects`, advancing `chain`.
    pub fn chunk(
        &self,
        chain: &mut Chain,
        until: i64,
        events: &mut Vec<rows::AuditEvent>,
        subjects: &mut Vec<rows::AuditSubject>,
    ) {
        while chain.seq < until {
            let seq = chain.seq + 1;
            let mut rng = Rng::stream(self.seed, STREAM, u64::try_from(seq).unwrap_or(0));
            let when = self.instant(&mut rng, seq);
            let mut row = self.event(&mut rng, seq, when);
            row.prev_hash.clone_from(&chain.hash);
            row.hash = row.canonical().hash();
            chain.seq = seq;
            chain.hash.clone_from(&row.hash);
            for client in row.client_ids.split(',').filter(|c| !c.is_empty()) {
                if let Ok(id) = client.parse::<Uuid>() {
                    subjects.push(rows::AuditSubject {
                        event_id: row.id,
                        client_id: Id(id),
                        seq,
                    });
                }
            }
            events.push(row.into());
        }
    }

    fn event(&self, rng: &mut Rng, seq: i64, when: DateTime<Utc>) -> EventRow {
        let day = when.date_naive();
        let kind = rng.weighted(&MIX);
        let about_client = !matches!(
            kind,
            Kind::Login | Kind::Refresh | Kind::Logout | Kind::LoginFailed | Kind::AuditRead
        );
        let event = match self.subject(rng, day) {
            Some((client, member)) if about_client => self.client_event(
                rng,
                kind,
                &self.subjects[client],
                self.subjects[client].members[member],
                day,
            ),
            // Before the first client there is nothing to read: people only sign in.
            _ if about_client => self.account_event(rng, Kind::Login),
            _ => self.account_event(rng, kind),
        };
        event.row(self.cast, rng, seq, when)
    }

    /// An event about one client (or, for lists, the member's clients of that day).
    #[expect(clippy::too_many_lines, reason = "one arm per kind of event")]
    fn client_event(
        &self,
        rng: &mut Rng,
        kind: Kind,
        s: &Subject,
        member: Member,
        day: NaiveDate,
    ) -> Event {
        let mut event = Event::new(Some(member.account));
        let reads = |event: &mut Event, category: DataCategory| {
            event.categories.push(category);
            if let Some(consent) = member.consent {
                event.rules.push("member_with_ggz_consent");
                event.consent = Some(consent);
            } else {
                event.rules.push("member_role_reads_category");
            }
        };
        match kind {
            Kind::GetClient | Kind::Refused => {
                event.operation = "get_client";
                event.object_type = "/v1/clients/{clientId}";
                event.object_id = Some(s.id.to_string());
                event.clients.push(s.id);
                if matches!(kind, Kind::Refused) {
                    // Someone from elsewhere tried the file: refused, and logged as such.
                    event.actor = Some(rng.index(self.cast.accounts.len()));
                    event.outcome = Outcome::Denied;
                    event.categories.push(DataCategory::Identity);
                    event.rules.push("not_visible");
                } else {
                    reads(&mut event, DataCategory::Identity);
                }
            }
            Kind::GetTrajectory
            | Kind::ListPlacements
            | Kind::Transition
            | Kind::CreatePlacement => {
                let (operation, object_type, category, write) = match kind {
                    Kind::GetTrajectory => (
                        "get_trajectory",
                        "/v1/trajectories/{trajectoryId}",
                        DataCategory::TrajectoryStatus,
                        None,
                    ),
                    Kind::ListPlacements => (
                        "list_placements",
                        "/v1/trajectories/{trajectoryId}/placements",
                        DataCategory::Placements,
                        None,
                    ),
                    Kind::Transition => (
                        "create_trajectory_transition",
                        "/v1/trajectories/{trajectoryId}/transitions",
                        DataCategory::TrajectoryStatus,
                        Some(EventType::Update),
                    ),
                    _ => (
                        "create_placement",
                        "/v1/trajectories/{trajectoryId}/placements",
                        DataCategory::Placements,
                        Some(EventType::Create),
                    ),
                };
                event.operation = operation;
                event.object_type = object_type;
                event.object_id = Some(s.trajectory.to_string());
                event.clients.push(s.id);
                match write {
                    Some(t) => {
                        event.what = t;
                        event.categories.push(category);
                        event.rules.push("member_role_writes_category");
                    }
                    None if matches!(kind, Kind::ListPlacements) => {
                        event.categories.push(category);
                        event.rules.push("list_within_scope");
                    }
                    None => reads(&mut event, category),
                }
            }
            Kind::ListClients | Kind::ListTrajectories | Kind::Search => {
                let (operation, object_type, category) = match kind {
                    Kind::ListClients => ("list_clients", "/v1/clients", DataCategory::Identity),
                    Kind::ListTrajectories => (
                        "list_trajectories",
                        "/v1/trajectories",
                        DataCategory::TrajectoryStatus,
                    ),
                    _ => (
                        "search_clients",
                        "/v1/clients/_search",
                        DataCategory::Identity,
                    ),
                };
                event.operation = operation;
                event.object_type = object_type;
                event.categories.push(category);
                event.rules.push("list_within_scope");
                let page = if matches!(kind, Kind::Search) {
                    rng.range(0, 2)
                } else {
                    rng.range(1, 25)
                };
                event.clients = self.caseloads[member.account]
                    .iter()
                    .map(|c| &self.subjects[*c])
                    .filter(|c| c.registered <= day && c.until.is_none_or(|u| u >= day))
                    .map(|c| c.id)
                    .take(usize::try_from(page).unwrap_or(1))
                    .collect();
                if matches!(kind, Kind::Search) {
                    event.what = EventType::Search;
                }
            }
            _ => {
                let (event_type, operation, object_type, categories, rule): (
                    _,
                    _,
                    _,
                    &[DataCategory],
                    _,
                ) = match kind {
                    Kind::CreateContact => (
                        EventType::Create,
                        "create_employer_contact",
                        "/v1/employer-contacts",
                        &[DataCategory::EmployerContacts],
                        "member_role_writes_category",
                    ),
                    Kind::UpdateClient => (
                        EventType::Update,
                        "update_client",
                        "/v1/clients/{clientId}",
                        &[DataCategory::Identity],
                        "member_role_writes_category",
                    ),
                    Kind::ConsentGrant => (
                        EventType::ConsentGrant,
                        "create_consent",
                        "/v1/clients/{clientId}/consents",
                        &[DataCategory::Consents],
                        "member_role_writes_category",
                    ),
                    _ => (
                        EventType::Export,
                        "get_client_export",
                        "/v1/clients/{clientId}/export",
                        &[
                            DataCategory::Identity,
                            DataCategory::TrajectoryStatus,
                            DataCategory::Placements,
                            DataCategory::EmployerContacts,
                            DataCategory::Consents,
                        ],
                        "member_copies_file_for_client",
                    ),
                };
                event.what = event_type;
                event.operation = operation;
                event.object_type = object_type;
                event.object_id = (!matches!(kind, Kind::CreateContact)).then(|| s.id.to_string());
                event.clients.push(s.id);
                event.categories.extend_from_slice(categories);
                event.rules.push(rule);
            }
        }
        event
    }

    /// An event of an account's own: signing in and out, or an auditor reading the log.
    fn account_event(&self, rng: &mut Rng, kind: Kind) -> Event {
        let mut event = Event::new(Some(rng.index(self.cast.accounts.len())));
        match kind {
            Kind::Refresh => {
                event.what = EventType::Refresh;
                event.operation = "create_session_refresh";
                event.object_type = "/v1/sessions/refresh";
                event.rules.push("refresh_token_rotated");
            }
            Kind::Logout => {
                event.what = EventType::Logout;
                event.operation = "delete_session_current";
                event.object_type = "/v1/sessions/current";
                event.rules.push("signed_out");
            }
            Kind::AuditRead => {
                event.actor = Some(*rng.pick(&self.auditors));
                event.what = EventType::AuditRead;
                event.operation = "list_audit_events";
                event.object_type = "/v1/audit-events";
                event.categories.push(DataCategory::AuditLog);
                event.rules.push("auditor_reads_own_organisation_log");
            }
            _ => {
                event.what = EventType::Login;
                event.operation = "create_session";
                event.object_type = "/v1/sessions";
                if matches!(kind, Kind::LoginFailed) {
                    event.outcome = Outcome::Denied;
                    event.rules.push("invalid_credentials");
                    // Half the failures are for an address that has no account.
                    if rng.chance(0.5) {
                        event.actor = None;
                    }
                } else {
                    event.rules.push("password_verified");
                }
            }
        }
        event
    }
}

struct Event {
    what: EventType,
    outcome: Outcome,
    actor: Option<usize>,
    operation: &'static str,
    object_type: &'static str,
    object_id: Option<String>,
    clients: Vec<Uuid>,
    categories: Vec<DataCategory>,
    rules: Vec<&'static str>,
    consent: Option<Uuid>,
}

/// Sorted, without repeats, comma-separated: the stored (and hashed) form of a list.
fn joined(mut items: Vec<String>) -> String {
    items.sort();
    items.dedup();
    items.join(",")
}

impl Event {
    fn new(actor: Option<usize>) -> Self {
        Self {
            what: EventType::Read,
            outcome: Outcome::Success,
            actor,
            operation: "",
            object_type: "",
            object_id: None,
            clients: Vec::new(),
            categories: Vec::new(),
            rules: Vec::new(),
            consent: None,
        }
    }

    fn row(self, cast: &Cast, rng: &mut Rng, seq: i64, when: DateTime<Utc>) -> EventRow {
        let actor = self.actor.map(|a| &cast.accounts[a]);
        let address = self
            .actor
            .map_or_else(|| rng.below(254) + 1, |a| a as u64 % 254 + 1);
        EventRow {
            seq,
            id: Id(rng.id_at(when)),
            occurred_at: UtcTime::from(when),
            event_type: self.what.as_str().to_owned(),
            outcome: self.outcome.as_str().to_owned(),
            actor_user_id: actor.map(|a| Id(a.id)),
            actor_role: actor.map(|a| a.role.as_str().to_owned()),
            actor_organisation_id: actor.map(|a| Id(a.organisation)),
            on_behalf_of: None,
            // A documentation address (RFC 5737): per account, as if from its own desk.
            access_point: format!("192.0.2.{address}"),
            request_id: Some(Id(rng.uuid4())),
            operation: Some(self.operation.to_owned()),
            object_type: Some(self.object_type.to_owned()),
            object_id: self.object_id,
            client_ids: joined(self.clients.iter().map(ToString::to_string).collect()),
            data_categories: joined(
                self.categories
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect(),
            ),
            consent_ids: joined(self.consent.iter().map(ToString::to_string).collect()),
            rules: joined(self.rules.iter().map(|r| (*r).to_owned()).collect()),
            emergency_access_id: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }
}
