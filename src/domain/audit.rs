//! The NEN 7513 access log's vocabulary (domain.md §15) and its tamper evidence: every event
//! carries a SHA-256 over its canonical content and the previous event's hash, so that a
//! changed, removed or inserted row breaks the chain from that event on.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{ClientId, ConsentId, DataCategory, OrganisationId, Role, UserId};

code_enum! {
    /// What happened (NEN 7513 "gebeurtenis").
    EventType {
        /// A record was created.
        Create = "CREATE", "aanmaken";
        /// Client data was read (one record or a list).
        Read = "READ", "inzien";
        /// A record was changed (also a status transition).
        Update = "UPDATE", "wijzigen";
        /// A record was removed.
        Delete = "DELETE", "verwijderen";
        /// Clients were searched for.
        Search = "SEARCH", "zoeken";
        /// Client data left werkpad as a whole (subject-access export).
        Export = "EXPORT", "exporteren";
        /// A client file was opened outside the care team in an emergency.
        BreakGlass = "BREAK_GLASS", "noodtoegang";
        /// A consent was recorded.
        ConsentGrant = "CONSENT_GRANT", "toestemming vastgelegd";
        /// A consent was withdrawn.
        ConsentWithdraw = "CONSENT_WITHDRAW", "toestemming ingetrokken";
        /// A sign-in (succeeded or failed).
        Login = "LOGIN", "aanmelden";
        /// A session was refreshed.
        Refresh = "REFRESH", "sessie verlengd";
        /// A sign-out.
        Logout = "LOGOUT", "afmelden";
        /// A refresh token was presented twice; the session was ended.
        TokenReuse = "TOKEN_REUSE", "hergebruik vernieuwingstoken";
        /// The access log itself was read or verified.
        AuditRead = "AUDIT_READ", "logboek ingezien";
    }
}

code_enum! {
    /// How it ended.
    Outcome {
        /// Done.
        Success = "SUCCESS", "gelukt";
        /// Refused by the authorization policy or by authentication.
        Denied = "DENIED", "geweigerd";
        /// Allowed, but the request failed (nothing was changed or returned).
        Error = "ERROR", "fout";
    }
}

/// The hash that comes before the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The audit event type an operation emits, from its OpenAPI operation id: one rule for
/// every operation, so that a new endpoint gets the type its name promises.
#[must_use]
pub fn event_type_of(operation_id: &str) -> EventType {
    match operation_id {
        "search_clients" => EventType::Search,
        // Sessions write their events themselves (a refresh can also be a TOKEN_REUSE).
        "create_session" => EventType::Login,
        "create_session_refresh" => EventType::Refresh,
        "delete_session_current" => EventType::Logout,
        "create_consent" => EventType::ConsentGrant,
        "create_consent_withdrawal" => EventType::ConsentWithdraw,
        "get_client_export" => EventType::Export,
        "create_client_erasure" => EventType::Delete,
        "create_emergency_access" => EventType::BreakGlass,
        // Reviewing break-glass grants is reviewing the access log (architecture.md §9).
        "list_audit_events"
        | "get_audit_event_verification"
        | "list_client_access_log"
        | "list_emergency_accesses"
        | "get_emergency_access" => EventType::AuditRead,
        id if id.starts_with("create_") && id.ends_with("_transition") => EventType::Update,
        id if id.starts_with("create_") => EventType::Create,
        id if id.starts_with("update_") || id.starts_with("put_") => EventType::Update,
        id if id.starts_with("delete_") => EventType::Delete,
        _ => EventType::Read,
    }
}

/// Who acted, as the event recorded it at the time (none for a sign-in to an unknown
/// address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The account.
    pub user_id: Option<UserId>,
    /// Its role then.
    pub role: Option<Role>,
    /// Its organisation then.
    pub organisation_id: Option<OrganisationId>,
}

/// A stored access-log event, read back.
#[derive(Clone, Debug)]
pub struct Event {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Event id.
    pub id: uuid::Uuid,
    /// When (UTC).
    pub occurred_at: DateTime<Utc>,
    /// What happened.
    pub event_type: EventType,
    /// How it ended.
    pub outcome: Outcome,
    /// Who.
    pub actor: Actor,
    /// The user acted for.
    pub on_behalf_of: Option<String>,
    /// Where from: the client address.
    pub access_point: String,
    /// The request id.
    pub request_id: Option<uuid::Uuid>,
    /// The API operation id.
    pub operation: Option<String>,
    /// The path template acted on.
    pub object_type: Option<String>,
    /// The last id in the path.
    pub object_id: Option<String>,
    /// The clients concerned, sorted.
    pub clients: Vec<ClientId>,
    /// The data categories concerned.
    pub data_categories: Vec<DataCategory>,
    /// The consents that opened the data.
    pub consents: Vec<ConsentId>,
    /// The policy rules that allowed it, or the reason it was refused.
    pub rules: Vec<String>,
    /// The emergency access it ran under.
    pub emergency_access_id: Option<uuid::Uuid>,
    /// The previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

impl Event {
    /// Whether it was an access outside normal care-team access (break-glass), which the
    /// client's overview must show (domain.md §8.7).
    #[must_use]
    pub fn emergency(&self) -> bool {
        self.emergency_access_id.is_some() || self.event_type == EventType::BreakGlass
    }
}

/// A period of instants, `from` included and `to` excluded, either end open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
}

impl Period {
    /// A period, unless it ends before it starts. An empty one (`from` equal to `to`) is
    /// allowed: it simply holds nothing.
    #[must_use]
    pub fn new(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Option<Self> {
        match (from, to) {
            (Some(f), Some(t)) if t < f => None,
            _ => Some(Self { from, to }),
        }
    }
}

/// What an access-log listing is narrowed to; every part is optional and they combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Events concerning this client.
    pub client: Option<ClientId>,
    /// Events of this acting account.
    pub user: Option<UserId>,
    /// Events of this type.
    pub event_type: Option<EventType>,
    /// Events with this outcome.
    pub outcome: Option<Outcome>,
    /// Events that occurred in this period.
    pub period: Period,
}

/// One event of a client's access overview, with the names an overview shows (read from the
/// accounts and organisations now; the log itself holds ids only).
#[derive(Clone, Debug)]
pub struct Access {
    /// The event.
    pub event: Event,
    /// The acting account's display name.
    pub display_name: Option<String>,
    /// The acting organisation's name.
    pub organisation_name: Option<String>,
}

/// One event's content as it is hashed: every stored field but the hash itself, in a fixed
/// order, lists sorted, instants in UTC with microseconds (what both databases keep).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Canonical {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Event id.
    pub id: String,
    /// When, `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    pub occurred_at: String,
    /// Event type code.
    pub event_type: String,
    /// Outcome code.
    pub outcome: String,
    /// Acting account.
    pub actor_user_id: Option<String>,
    /// Its role at the time.
    pub actor_role: Option<String>,
    /// Its organisation at the time.
    pub actor_organisation_id: Option<String>,
    /// The end user a partner system acted for, or the responsible user.
    pub on_behalf_of: Option<String>,
    /// Where from: the client address.
    pub access_point: String,
    /// The request id (also in the service's own log lines).
    pub request_id: Option<String>,
    /// The API operation.
    pub operation: Option<String>,
    /// The kind of object acted on (the path template).
    pub object_type: Option<String>,
    /// The object acted on (the last id in the path).
    pub object_id: Option<String>,
    /// The clients concerned, sorted.
    pub client_ids: Vec<String>,
    /// The data categories concerned, sorted.
    pub data_categories: Vec<String>,
    /// The consents that opened the data, sorted.
    pub consent_ids: Vec<String>,
    /// The policy rules that allowed it (or the reason it was refused), sorted.
    pub rules: Vec<String>,
    /// The emergency access it ran under, if any.
    pub emergency_access_id: Option<String>,
    /// The previous event's hash.
    pub prev_hash: String,
}

impl Canonical {
    /// The event's hash: SHA-256 over the canonical JSON, which includes the previous hash.
    #[must_use]
    pub fn hash(&self) -> String {
        // Serializing plain strings, numbers and lists cannot fail.
        let json = serde_json::to_vec(self).unwrap_or_default();
        hex(&Sha256::digest(json))
    }
}

/// Lower-case hexadecimal, as the log writes hashes and trace ids.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn event() -> Canonical {
        Canonical {
            seq: 1,
            id: "01a2331f-0000-7000-8000-000000000001".into(),
            occurred_at: "2026-12-01T10:00:00.000001Z".into(),
            event_type: "READ".into(),
            outcome: "SUCCESS".into(),
            actor_user_id: Some("u".into()),
            actor_role: Some("EMPLOYMENT_SPECIALIST".into()),
            actor_organisation_id: Some("o".into()),
            on_behalf_of: None,
            access_point: "127.0.0.1".into(),
            request_id: None,
            operation: Some("get_client".into()),
            object_type: Some("/v1/clients/{clientId}".into()),
            object_id: Some("c".into()),
            client_ids: vec!["c".into()],
            data_categories: vec!["IDENTITY".into()],
            consent_ids: vec![],
            rules: vec!["member_role_reads_category".into()],
            emergency_access_id: None,
            prev_hash: GENESIS_HASH.into(),
        }
    }

    #[test]
    fn any_change_of_content_or_predecessor_changes_the_hash() {
        let base = event().hash();
        assert_eq!(base.len(), 64);
        assert_eq!(base, event().hash(), "deterministic");
        let mut other = event();
        other.client_ids = vec!["d".into()];
        assert_ne!(other.hash(), base);
        let mut other = event();
        other.prev_hash = "1".repeat(64);
        assert_ne!(other.hash(), base);
        let mut other = event();
        other.seq = 2;
        assert_ne!(other.hash(), base);
    }

    #[test]
    fn a_period_may_be_open_or_empty_but_not_reversed() {
        let t = |s: &str| Some(s.parse::<DateTime<Utc>>().unwrap());
        assert!(Period::new(None, None).is_some());
        assert!(Period::new(t("2026-01-01T00:00:00Z"), None).is_some());
        assert!(Period::new(t("2026-01-01T00:00:00Z"), t("2026-01-01T00:00:00Z")).is_some());
        assert!(Period::new(t("2026-01-02T00:00:00Z"), t("2026-01-01T00:00:00Z")).is_none());
    }

    #[test]
    fn operations_map_to_the_event_types_of_nen_7513() {
        assert_eq!(event_type_of("get_client"), EventType::Read);
        assert_eq!(event_type_of("list_trajectories"), EventType::Read);
        assert_eq!(event_type_of("search_clients"), EventType::Search);
        assert_eq!(event_type_of("create_trajectory"), EventType::Create);
        assert_eq!(
            event_type_of("create_trajectory_transition"),
            EventType::Update
        );
        assert_eq!(event_type_of("update_placement"), EventType::Update);
        assert_eq!(event_type_of("put_vocational_profile"), EventType::Update);
        assert_eq!(event_type_of("create_consent"), EventType::ConsentGrant);
        assert_eq!(
            event_type_of("create_consent_withdrawal"),
            EventType::ConsentWithdraw
        );
        assert_eq!(event_type_of("list_audit_events"), EventType::AuditRead);
        assert_eq!(
            event_type_of("list_client_access_log"),
            EventType::AuditRead
        );
        assert_eq!(event_type_of("get_client_export"), EventType::Export);
        assert_eq!(event_type_of("create_client_erasure"), EventType::Delete);
        assert_eq!(event_type_of("update_client_retention"), EventType::Update);
        assert_eq!(
            event_type_of("create_emergency_access"),
            EventType::BreakGlass
        );
        assert_eq!(
            event_type_of("list_emergency_accesses"),
            EventType::AuditRead
        );
        assert_eq!(event_type_of("get_emergency_access"), EventType::AuditRead);
    }
}
