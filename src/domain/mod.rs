//! Domain types: plain Rust, parsed and valid by construction.
//!
//! Nothing in here does I/O or knows about actix, diesel or utoipa; the other layers convert
//! to and from these types at their edges.

pub mod accounts;
pub mod codes;
pub mod email;
pub mod ids;
pub mod password;
pub mod roles;

pub use codes::RegionCode;
pub use email::Email;
pub use ids::{OrganisationId, SessionId, UserId};
pub use password::Password;
pub use roles::{OrganisationKind, Role};
