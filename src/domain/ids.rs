//! Typed UUIDv7 identifiers, so that an organisation id can never be passed where a user id
//! is expected. The database layer converts them to its own `Id` at the row boundary.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh time-ordered (v7) id.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// The all-zero id, for actions without a signed-in actor (the command line).
            #[must_use]
            pub const fn nil() -> Self {
                Self(Uuid::nil())
            }

            /// The underlying UUID.
            #[must_use]
            pub const fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }

        impl From<$name> for Uuid {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

typed_id! {
    /// Identifies an organisation (GGZ institution, UWV office, municipality, …).
    OrganisationId,
    /// Identifies a professional's account.
    UserId,
    /// Identifies a sign-in session: one refresh-token family.
    SessionId,
    /// Identifies a client (cliënt).
    ClientId,
    /// Identifies a care-team membership (betrokkenheid).
    MembershipId,
    /// Identifies a consent (toestemming).
    ConsentId,
    /// Identifies a benefit record (uitkeringssituatie).
    BenefitId,
    /// Identifies a trajectory (traject).
    TrajectoryId,
    /// Identifies one recorded state transition.
    TransitionId,
    /// Identifies a financing record (financiering).
    FinancingId,
    /// Identifies an employer (werkgever).
    EmployerId,
    /// Identifies an employer contact (werkgeverscontact).
    EmployerContactId,
    /// Identifies a placement (plaatsing).
    PlacementId,
    /// Identifies a support activity (begeleidingscontact).
    SupportActivityId,
    /// Identifies a jobcoach provision (jobcoachvoorziening).
    ProvisionId,
    /// Identifies a journal entry.
    JournalEntryId,
    /// Identifies an emergency access (noodtoegang, break-glass) grant.
    EmergencyAccessId,
    /// Identifies a fidelity review (getrouwheidsmeting).
    FidelityReviewId,
}
