//! Care-team memberships (betrokkenheid, domain.md §8.4): which professionals are involved
//! with a client, in which relation, from when until when. Access to a client's file goes
//! through an active membership, never through the role alone.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ClientId, MembershipId, OrganisationId, TrajectoryId, UserId};

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
