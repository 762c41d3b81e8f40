//! Journal entries: work-related notes, each under the data category that decides who may
//! read it. Corrections are new entries; an entry never changes.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ClientId, DataCategory, JournalEntryId, OrganisationId, TrajectoryId, UserId};

/// The categories a journal entry may carry: the work-related ones. Identity, BSN and
/// consents have their own resources; the access log and fidelity are not about one client.
pub const CATEGORIES: [DataCategory; 7] = [
    DataCategory::FunctionalAdvice,
    DataCategory::VocationalProfile,
    DataCategory::TrajectoryStatus,
    DataCategory::EmployerContacts,
    DataCategory::Placements,
    DataCategory::Benefits,
    DataCategory::Jobcoaching,
];

/// A journal entry as stored.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Id.
    pub id: JournalEntryId,
    /// The client.
    pub client_id: ClientId,
    /// The trajectory it is about, if one.
    pub trajectory_id: Option<TrajectoryId>,
    /// Its data category.
    pub category: DataCategory,
    /// The day it is about.
    pub entry_date: NaiveDate,
    /// The note (never logged).
    pub text: String,
    /// Who wrote it.
    pub author_user_id: UserId,
    /// Their organisation.
    pub origin_organisation_id: OrganisationId,
    /// Row version.
    pub version: i64,
    /// Written.
    pub created_at: DateTime<Utc>,
}

/// An entry to write.
#[derive(Clone, Debug)]
pub struct NewEntry {
    /// The trajectory it is about.
    pub trajectory_id: Option<TrajectoryId>,
    /// Its data category.
    pub category: DataCategory,
    /// The day it is about (not in the future).
    pub entry_date: NaiveDate,
    /// The note.
    pub text: String,
}
