//! What the policy decided during one request, gathered for its access-log event: every
//! permitted access to client data (client, category, rule, consent, and the emergency grant
//! the caller's membership rested on), every list scope and the clients a list returned
//! (with the grants that let the caller see them), and the refusal, if any. `require`,
//! `allows`, `record_scope` and `require_role` write it; `service::audit` turns it into one
//! event at the end of the request's transaction. A request that never asks the policy
//! about client data leaves it empty and needs no event.

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
    /// The first refusal: why, and of what.
    pub denied: Option<(&'static str, Action)>,
}

const fn category_of(action: Action) -> Option<DataCategory> {
    match action {
        Action::Read(c) | Action::Write(c) => Some(c),
        Action::RecordJobcoachHours => Some(DataCategory::Jobcoaching),
        // Breaking the glass adds a care-team membership, which is IDENTITY data.
        Action::BreakGlass => Some(DataCategory::Identity),
        Action::ListEmergencyAccesses | Action::ReadEmergencyAccess => Some(DataCategory::AuditLog),
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
            | Action::BreakGlass
            | Action::ListEmergencyAccesses
            | Action::ReadEmergencyAccess
    )
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

    /// A permitted access.
    pub(super) fn allowed(
        &self,
        action: Action,
        client: Option<ClientId>,
        rule: &'static str,
        consent: Option<ConsentId>,
        emergency: Option<EmergencyAccessId>,
    ) {
        if client.is_none() && !is_client_action(action) {
            return;
        }
        self.with(|e| {
            e.client_data = true;
            e.clients.extend(client);
            e.categories.extend(category_of(action));
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
            e.categories.extend(category_of(action));
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
