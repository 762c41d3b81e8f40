//! What the policy decided during one request, gathered for its access-log event: every
//! permitted access to client data (client, category, rule, consent), every list scope and
//! the clients a list returned, and the refusal, if any. `require`, `allows`, `record_scope`
//! and `require_role` write it; `service::audit` turns it into one event at the end of the
//! request's transaction. A request that never asks the policy about client data leaves it
//! empty and needs no event.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use super::{Action, Deny};
use crate::domain::{ClientId, ConsentId, DataCategory};

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
    /// Whether client data was asked for at all (a list that found nothing still counts).
    pub client_data: bool,
    /// The first refusal: why, and of what.
    pub denied: Option<(&'static str, Action)>,
}

const fn category_of(action: Action) -> Option<DataCategory> {
    match action {
        Action::Read(c) | Action::Write(c) => Some(c),
        Action::RecordJobcoachHours => Some(DataCategory::Jobcoaching),
        // The export's own addition to what the categories' reads gather.
        Action::ExportClient => Some(DataCategory::AuditLog),
        // The client file as a whole: erased, or held.
        Action::EraseClient | Action::ManageRetention => Some(DataCategory::Identity),
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
            | Action::ExportClient
            | Action::EraseClient
            | Action::ManageRetention
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
}
