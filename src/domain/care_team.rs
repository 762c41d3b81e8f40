//! Care-team memberships (betrokkenheid, domain.md §8.4): which professionals are involved
//! with a client, in which relation, from when until when. Access to a client's file goes
//! through an active membership, never through the role alone.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ClientId, EmergencyAccessId, MembershipId, OrganisationId, TrajectoryId, UserId};

code_enum! {
    /// The relation a professional has with the client in the team.
    TeamRole {
        /// Leads the client's trajectory (regievoerder).
        LeadProfessional = "LEAD_PROFESSIONAL", "regievoerder";
        /// Employment support, e.g. the IPS worker.
        EmploymentSupport = "EMPLOYMENT_SUPPORT", "trajectbegeleiding";
        /// Treatment in GGZ.
        Treatment = "TREATMENT", "behandeling";
        /// Benefits and re-integration at UWV or the municipality.
        BenefitsAndReintegration = "BENEFITS_AND_REINTEGRATION", "uitkering en re-integratie";
        /// Employer services (WSP).
        EmployerServices = "EMPLOYER_SERVICES", "werkgeversdienstverlening";
        /// Job coaching at the workplace.
        JobCoaching = "JOB_COACHING", "jobcoaching";
        /// Anything else.
        Other = "OTHER", "overig";
    }
}

code_enum! {
    /// How the membership came about.
    MembershipKind {
        /// Added by the trajectory lead or registered with the client.
        Regular = "REGULAR", "reguliere betrokkenheid";
        /// Time-limited emergency access (break-glass).
        Emergency = "EMERGENCY", "noodtoegang";
    }
}

/// A membership as stored.
#[derive(Clone, Debug)]
pub struct Membership {
    /// Id.
    pub id: MembershipId,
    /// The client.
    pub client_id: ClientId,
    /// The professional.
    pub user_id: UserId,
    /// The professional's organisation.
    pub organisation_id: OrganisationId,
    /// Relation in the team.
    pub team_role: TeamRole,
    /// The trajectory the membership is for, if one.
    pub trajectory_id: Option<TrajectoryId>,
    /// Regular or emergency.
    pub kind: MembershipKind,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day; `None` while open-ended.
    pub valid_to: Option<NaiveDate>,
    /// Why the professional is involved.
    pub reason: Option<String>,
    /// Who added the membership.
    pub added_by_user_id: UserId,
    /// Row version.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Membership {
    /// Whether the membership gives access on `day`.
    #[must_use]
    pub fn active_on(&self, day: NaiveDate) -> bool {
        active_on(self.valid_from, self.valid_to, day)
    }
}

/// Whether a validity window `[from, to]` (inclusive, open-ended without `to`) contains `day`.
#[must_use]
pub fn active_on(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && to.is_none_or(|to| day <= to)
}

/// A membership to add, validated.
#[derive(Debug)]
pub struct NewMembership {
    /// The professional.
    pub user_id: UserId,
    /// Relation in the team.
    pub team_role: TeamRole,
    /// For one trajectory of the client, if given.
    pub trajectory_id: Option<TrajectoryId>,
    /// First day (default today).
    pub valid_from: Option<NaiveDate>,
    /// Last day, if known.
    pub valid_to: Option<NaiveDate>,
    /// Why.
    pub reason: Option<String>,
}

/// A change to a membership: its relation, reason or end. Ending sets `valid_to`.
#[derive(Debug, Default)]
pub struct MembershipChanges {
    /// New relation.
    pub team_role: Option<TeamRole>,
    /// New or removed last day.
    pub valid_to: Option<Option<NaiveDate>>,
    /// New or removed reason.
    pub reason: Option<Option<String>>,
}

/// How a professional is on a client's care team right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Involvement {
    /// By a regular membership active today.
    Regular,
    /// Only by an emergency membership whose grant is running.
    Emergency(EmergencyAccessId),
}

impl Involvement {
    /// The emergency grant it rests on, if it does.
    #[must_use]
    pub const fn emergency_access(self) -> Option<EmergencyAccessId> {
        match self {
            Self::Regular => None,
            Self::Emergency(id) => Some(id),
        }
    }
}

/// Shortest reason for an emergency access, in characters after trimming: a word or two
/// ("spoed") does not tell the auditor why.
pub const EMERGENCY_REASON_MIN: usize = 10;
/// Longest reason for an emergency access, in characters.
pub const EMERGENCY_REASON_MAX: usize = 1000;

/// A request to break the glass, validated: the reason trimmed and within
/// [`EMERGENCY_REASON_MIN`]..=[`EMERGENCY_REASON_MAX`] characters.
#[derive(Debug)]
pub struct NewEmergencyAccess {
    /// Why the file must be opened now.
    pub reason: String,
}

/// An emergency access grant (noodtoegang, domain.md §8.7): a GGZ care professional opened a
/// client file outside their involvement, for a stated reason, from `starts_at` until (not
/// including) `ends_at`. It comes with an EMERGENCY membership and never changes.
#[derive(Clone, Debug)]
pub struct EmergencyAccess {
    /// Id; access-log events of requests that used the grant carry it.
    pub id: EmergencyAccessId,
    /// The client.
    pub client_id: ClientId,
    /// The professional who broke the glass.
    pub user_id: UserId,
    /// Their organisation.
    pub organisation_id: OrganisationId,
    /// The EMERGENCY membership that came with it.
    pub membership_id: MembershipId,
    /// Why, as the professional stated it.
    pub reason: String,
    /// From when it counts.
    pub starts_at: DateTime<Utc>,
    /// When it ends (exclusive).
    pub ends_at: DateTime<Utc>,
}

impl EmergencyAccess {
    /// Whether the grant runs at `now`.
    #[must_use]
    pub fn active_at(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}
