//! Domain types: plain Rust, parsed and valid by construction.
//!
//! Nothing in here does I/O or knows about actix, diesel or utoipa; the other layers convert
//! to and from these types at their edges.

#[macro_use]
mod code_enum;

pub mod accounts;
pub mod audit;
pub mod benefits;
pub mod bsn;
pub mod calendar;
pub mod care_team;
pub mod categories;
pub mod client;
pub mod codes;
pub mod consent;
pub mod email;
pub mod employers;
pub mod fidelity;
pub mod financing;
pub mod ids;
pub mod jobcoaching;
pub mod journal;
pub mod kpi;
pub mod password;
pub mod placement;
pub mod retention;
pub mod roles;
pub mod rules;
pub mod trajectory;

pub use bsn::Bsn;
pub use categories::DataCategory;
pub use codes::RegionCode;
pub use email::Email;
pub use ids::{
    BenefitId, ClientId, ConsentId, EmergencyAccessId, EmployerContactId, EmployerId,
    FidelityReviewId, FinancingId, JournalEntryId, MembershipId, OrganisationId, PlacementId,
    ProvisionId, SessionId, SupportActivityId, TrajectoryId, TransitionId, UserId,
};
pub use password::Password;
pub use roles::{OrganisationKind, Role};
