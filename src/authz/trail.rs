//! What the policy decided during one request, gathered for its access-log event: every
//! permitted access to client data (client, category, rule, consent, and the emergency grant
//! the caller's membership rested on), every list scope and the clients a list returned
//! (with the grants that let the caller see them), and the refusal, if any. `require`,
//! `allows`, `record_scope` and `require_role` write it; `service::audit` turns it into one
//! event at the end of the request's transaction. A request that never asks the policy
//! about client data (or about reading the log itself) leaves it empty and needs no event.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use super::{Action, Deny};
use crate::domain::{ClientId, ConsentId, DataCategory, EmergencyAccessId};

/// The decisions of one request.
#[derive(Clone, Debug, Default)]
pub struct Trail(Arc<Mutex<Entries>>);

/// What the trail holds.
#[derive(Clone, Debug, Default)]
pub struct Entries {
    /// Clients whose data was reached (or, for a refusal, asked for).
    pub clients: BTreeSet<ClientId>,
    /// Data categories reached.
    pub categories: BTreeSet<DataCategory>,
    /// Rules that allowed it.
    pub rules: BTreeSet<&'static str>,
    /// Consents that opened GGZ data.
    pub consents: BTreeSet<ConsentId>,
    /// Emergency grants (break-glass) that made the caller a member of a client reached,
    /// or the grant the request opened.
    pub emergency_accesses: BTreeSet<EmergencyAccessId>,
    /// Whether client data was asked for at all (a list that found nothing still counts).
    pub client_data: bool,
    /// Whether the access log itself was read (domain.md §15: that is logged too, even when
    /// what it returned concerns no client).
    pub log_read: bool,
    /// The first refusal: why, and of what.
    pub denied: Option<(&'static str, Action)>,
}

/// What an outcome report aggregates: trajectories, placements, employer contacts and
/// benefits, never read as records.
const REPORT_CATEGORIES: [DataCategory; 4] = [
    DataCategory::TrajectoryStatus,
    DataCategory::Placements,
    DataCategory::EmployerContacts,
    DataCategory::Benefits,
];

fn categories_of(action: Action) -> Vec<DataCategory> {
    match action {
        Action::ReadOutcomeReport | Action::ReadNationalOutcomeReport => REPORT_CATEGORIES.to_vec(),
        other => category_of(other).into_iter().collect(),
    }
}

const fn category_of(action: Action) -> Option<DataCategory> {
    match action {
        Action::Read(c) | Action::Write(c) => Some(c),
        Action::RecordJobcoachHours => Some(DataCategory::Jobcoaching),
        // Reading the log or reviewing emergency accesses, and the export's own addition to
        // what the categories' reads gather: the client's access overview.
        Action::ReadAuditLog
        | Action::ReadClientAccessLog
        | Action::ExportClient
        | Action::ListEmergencyAccesses
        | Action::ReadEmergencyAccess => Some(DataCategory::AuditLog),
        // The client file as a whole (erased, or held), and the care-team membership that
        // breaking the glass adds: IDENTITY data.
        Action::EraseClient | Action::ManageRetention | Action::BreakGlass => {
            Some(DataCategory::Identity)
        }
        // Team level, not client data: named only in the event of a refusal.
        Action::RecordFidelityReview | Action::ReadFidelityReviews => Some(DataCategory::Fidelity),
        _ => None,
    }
}

const fn is_client_action(action: Action) -> bool {
    matches!(
        action,
        Action::Read(_)
            | Action::Write(_)
            | Action::RecordJobcoachHours
            | Action::ManageCareTeam
            | Action::LeaveCareTeam
            | Action::RegisterClient
            | Action::JobDevelopment
            | Action::ReadClientAccessLog
            | Action::ExportClient
            | Action::EraseClient
            | Action::ManageRetention
            | Action::BreakGlass
            | Action::ListEmergencyAccesses
            | Action::ReadEmergencyAccess
            | Action::ReadOutcomeReport
            | Action::ReadNationalOutcomeReport
    )
}

impl Entries {
    /// Whether the request needs an access-log event: it reached (or asked for) client data,
    /// read the log itself, or was refused.
    #[must_use]
    pub fn needs_event(&self) -> bool {
        self.touched() || self.denied.is_some()
    }

    /// Whether the request reached client data or the log, so that a failure after that
    /// point is an ERROR event.
    #[must_use]
    pub fn touched(&self) -> bool {
        self.client_data || self.log_read || !self.clients.is_empty()
    }
}

impl Trail {
    fn with(&self, f: impl FnOnce(&mut Entries)) {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// A snapshot of what was gathered.
    #[must_use]
    pub fn entries(&self) -> Entries {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// What was gathered, leaving the trail empty: a request that runs a second use case
    /// starts that one's event afresh.
    #[must_use]
    pub fn take(&self) -> Entries {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A permitted access.
    pub(super) fn allowed(
        &self,
        action: Action,
        client: Option<ClientId>,
        rule: &'static str,
        consent: Option<ConsentId>,
        emergency: Option<EmergencyAccessId>,
    ) {
        let log_read = matches!(action, Action::ReadAuditLog);
        if client.is_none() && !is_client_action(action) && !log_read {
            return;
        }
        self.with(|e| {
            e.client_data |= !log_read;
            e.log_read |= log_read;
            e.clients.extend(client);
            e.categories.extend(categories_of(action));
            e.rules.insert(rule);
            e.consents.extend(consent);
            e.emergency_accesses.extend(emergency);
        });
    }

    /// A refusal: the first one is the reason the request failed.
    pub(super) fn refused(&self, action: Action, client: Option<ClientId>, reason: Deny) {
        let why = match reason {
            Deny::NotVisible => "not_visible",
            Deny::Role => "role_may_not",
            Deny::ConsentRequired => "consent_required",
        };
        self.with(|e| {
            e.clients.extend(client);
            e.categories.extend(categories_of(action));
            if e.denied.is_none() {
                e.denied = Some((why, action));
            }
        });
    }

    /// A list of `category` records was read within the caller's scope.
    pub(super) fn scoped(&self, category: DataCategory) {
        self.with(|e| {
            e.client_data = true;
            e.categories.insert(category);
            e.rules.insert("list_within_scope");
        });
    }

    /// The clients a list or search returned, or whose records it returned.
    pub fn returned(&self, clients: impl IntoIterator<Item = ClientId>) {
        self.with(|e| e.clients.extend(clients));
    }

    /// Emergency grants the request used: those that made the caller a member of a client
    /// a list returned, or the one the request opened.
    pub fn reached_through(&self, grants: impl IntoIterator<Item = EmergencyAccessId>) {
        self.with(|e| e.emergency_accesses.extend(grants));
    }
}

#[cfg(test)]
mod tests {
    use super::{Action, Trail};
    use crate::domain::{ClientId, DataCategory};

    #[test]
    fn reading_the_log_needs_an_event_even_without_a_client() {
        let trail = Trail::default();
        trail.allowed(Action::ReadReferenceData, None, "reference", None, None);
        assert!(!trail.entries().needs_event(), "no client data, no log");
        trail.allowed(Action::ReadAuditLog, None, "auditor", None, None);
        let entries = trail.entries();
        assert!(entries.log_read && entries.needs_event() && entries.touched());
        assert!(!entries.client_data, "the log is not client data by itself");
        assert_eq!(
            entries.categories.into_iter().collect::<Vec<_>>(),
            vec![DataCategory::AuditLog]
        );
    }

    #[test]
    fn a_clients_access_overview_names_the_client_and_the_log_category() {
        let trail = Trail::default();
        let client = ClientId::new();
        trail.allowed(
            Action::ReadClientAccessLog,
            Some(client),
            "identity_reader_sees_access_overview",
            None,
            None,
        );
        let entries = trail.entries();
        assert!(entries.client_data && !entries.log_read);
        assert!(entries.clients.contains(&client));
        assert!(entries.categories.contains(&DataCategory::AuditLog));
    }
}
