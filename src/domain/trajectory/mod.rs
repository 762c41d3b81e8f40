//! Trajectories (trajecten): IPS, IPS for CMD, jobcoaching, Werk als beste zorg and other
//! re-integration trajectories, with their statuses and end reasons. The state machines are
//! in `machine`.

pub mod machine;

use chrono::{DateTime, NaiveDate, Utc};

use super::{ClientId, OrganisationId, TrajectoryId, UserId};

code_enum! {
    /// Kind of trajectory (domain.md §2).
    TrajectoryType {
        /// IPS for people with a severe mental illness (EPA) in GGZ care.
        Ips = "IPS", "IPS-traject";
        /// IPS for common mental disorders under the 2019 regulation.
        IpsCmd = "IPS_CMD", "IPS voor CMD";
        /// Re-integration built around a jobcoach provision.
        Jobcoaching = "JOBCOACHING", "jobcoachtraject";
        /// Werk als beste zorg: joint GGZ–W&I trajectory (provisional, configurable phases).
        Wabz = "WABZ", "Werk als beste zorg";
        /// Any other re-integration trajectory.
        Other = "OTHER", "overig re-integratietraject";
    }
}

code_enum! {
    /// Status of a trajectory; which ones a type uses is in its state machine.
    TrajectoryStatus {
        /// Registered.
        Registered = "REGISTERED", "aangemeld";
        /// Intake, engagement.
        Intake = "INTAKE", "intake / kennismaking";
        /// Working on the vocational profile.
        VocationalProfile = "VOCATIONAL_PROFILE", "beroepsprofiel";
        /// Job search and job development.
        JobSearch = "JOB_SEARCH", "zoeken";
        /// In paid work.
        Placed = "PLACED", "geplaatst";
        /// Follow-along support while working.
        FollowAlong = "FOLLOW_ALONG", "nazorg / baanbehoud";
        /// Paused; remembers the status to resume to.
        Paused = "PAUSED", "gepauzeerd";
        /// Closed (terminal).
        Closed = "CLOSED", "afgesloten";
        /// Ended before the planned end (terminal).
        EndedEarly = "ENDED_EARLY", "voortijdig beëindigd";
        /// WABZ: client, practitioner and labour expert or case manager meet together.
        JointIntake = "JOINT_INTAKE", "gezamenlijke intake";
        /// WABZ: re-integration plan aligned with the treatment plan.
        PlanAligned = "PLAN_ALIGNED", "plan afgestemd";
        /// WABZ: work experience or training; not a placement.
        Activation = "ACTIVATION", "activering";
        /// WABZ: matching with a job.
        JobMatching = "JOB_MATCHING", "bemiddeling";
    }
}

impl TrajectoryStatus {
    /// Whether no transition leaves this status.
    #[must_use]
    pub const fn is_terminal(self) -> bool {
        matches!(self, Self::Closed | Self::EndedEarly)
    }
}

code_enum! {
    /// Why a trajectory ended (eindreden).
    EndReason {
        /// Goal reached: durable work.
        GoalReachedDurableWork = "GOAL_REACHED_DURABLE_WORK", "doel bereikt, duurzaam werk";
        /// Funding ended.
        FundingEnded = "FUNDING_ENDED", "einde financiering";
        /// The client no longer wants it.
        ClientWithdrew = "CLIENT_WITHDREW", "cliënt wil niet meer";
        /// Health.
        Health = "HEALTH", "gezondheid";
        /// The client moved.
        Moved = "MOVED", "verhuisd";
        /// The client died.
        Deceased = "DECEASED", "overleden";
        /// Transferred to another trajectory.
        TransferredToOtherTrajectory = "TRANSFERRED_TO_OTHER_TRAJECTORY", "overgedragen naar ander traject";
        /// Contact lost.
        LostContact = "LOST_CONTACT", "geen contact";
        /// Anything else.
        Other = "OTHER", "overig";
    }
}

code_enum! {
    /// Target group as attested by the GGZ institution (doelgroepverklaring); never a
    /// diagnosis.
    TargetGroup {
        /// Severe mental illness (ernstige psychische aandoening).
        Epa = "EPA", "ernstige psychische aandoening (EPA)";
        /// Common mental disorder.
        Cmd = "CMD", "common mental disorder (CMD)";
        /// Another target group.
        Other = "OTHER", "overig";
        /// Not (yet) attested.
        Unknown = "UNKNOWN", "onbekend";
    }
}

/// A trajectory as stored.
#[derive(Clone, Debug)]
pub struct Trajectory {
    /// Id.
    pub id: TrajectoryId,
    /// The client.
    pub client_id: ClientId,
    /// Kind.
    pub trajectory_type: TrajectoryType,
    /// Current status.
    pub status: TrajectoryStatus,
    /// Date of the last transition.
    pub status_date: NaiveDate,
    /// Organisation leading it.
    pub lead_organisation_id: OrganisationId,
    /// Professional leading it (regievoerder).
    pub lead_user_id: UserId,
    /// Registration (aanmelding).
    pub registration_date: NaiveDate,
    /// When the client said they want to work (werkwens).
    pub wish_to_work_date: Option<NaiveDate>,
    /// Start: the financier's approval.
    pub start_date: Option<NaiveDate>,
    /// Planned end.
    pub planned_end_date: Option<NaiveDate>,
    /// Actual end.
    pub end_date: Option<NaiveDate>,
    /// Why it ended.
    pub end_reason: Option<EndReason>,
    /// Target-group attestation.
    pub target_group_attestation: TargetGroup,
    /// Labour-market region at registration.
    pub region_code: String,
    /// The trajectory this one reopens.
    pub previous_trajectory_id: Option<TrajectoryId>,
    /// Paused since.
    pub paused_from: Option<NaiveDate>,
    /// Resumed on (after the last pause).
    pub paused_until: Option<NaiveDate>,
    /// Status to resume to while paused.
    pub resume_status: Option<TrajectoryStatus>,
    /// Organisation that created it.
    pub origin_organisation_id: OrganisationId,
    /// Row version.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A trajectory to open, validated except for what needs the database.
#[derive(Debug)]
pub struct NewTrajectory {
    /// The client.
    pub client_id: ClientId,
    /// Kind.
    pub trajectory_type: TrajectoryType,
    /// Lead professional (default: the caller); must be on the client's care team.
    pub lead_user_id: Option<UserId>,
    /// Registration date (default today).
    pub registration_date: Option<NaiveDate>,
    /// Wish-to-work date.
    pub wish_to_work_date: Option<NaiveDate>,
    /// Start (financier's approval).
    pub start_date: Option<NaiveDate>,
    /// Planned end.
    pub planned_end_date: Option<NaiveDate>,
    /// Target-group attestation (default UNKNOWN).
    pub target_group_attestation: Option<TargetGroup>,
    /// The ended trajectory this one reopens.
    pub previous_trajectory_id: Option<TrajectoryId>,
}

/// A change to a trajectory's data (JSON Merge Patch, validated); status changes only by
/// transitions.
#[derive(Debug, Default)]
pub struct TrajectoryChanges {
    /// New lead professional.
    pub lead_user_id: Option<UserId>,
    /// Corrected registration date.
    pub registration_date: Option<NaiveDate>,
    /// Wish-to-work date; `Some(None)` removes it.
    pub wish_to_work_date: Option<Option<NaiveDate>>,
    /// Start date; `Some(None)` removes it.
    pub start_date: Option<Option<NaiveDate>>,
    /// Planned end; `Some(None)` removes it.
    pub planned_end_date: Option<Option<NaiveDate>>,
    /// Target-group attestation (needs TARGET_GROUP_ATTESTATION write).
    pub target_group_attestation: Option<TargetGroup>,
}

impl TrajectoryChanges {
    /// Whether trajectory-status fields change (as opposed to only the attestation).
    #[must_use]
    pub const fn touches_status_data(&self) -> bool {
        self.lead_user_id.is_some()
            || self.registration_date.is_some()
            || self.wish_to_work_date.is_some()
            || self.start_date.is_some()
            || self.planned_end_date.is_some()
    }
}

/// Checks `registration ≤ start ≤ planned end` (domain.md §14.2), naming the field that is
/// out of order.
pub fn check_date_order(
    registration: NaiveDate,
    start: Option<NaiveDate>,
    planned_end: Option<NaiveDate>,
) -> Result<(), (&'static str, &'static str)> {
    if start.is_some_and(|s| s < registration) {
        return Err(("startDate", "Must not be before registrationDate."));
    }
    if planned_end.is_some_and(|e| e < start.unwrap_or(registration)) {
        return Err((
            "plannedEndDate",
            "Must not be before startDate (or registrationDate).",
        ));
    }
    Ok(())
}

/// A requested transition.
#[derive(Debug)]
pub struct TransitionRequest {
    /// Target status.
    pub to: TrajectoryStatus,
    /// Date it happened (default today).
    pub date: Option<NaiveDate>,
    /// Why (required for a pause).
    pub reason: Option<String>,
    /// End reason (required for CLOSED and ENDED_EARLY).
    pub end_reason: Option<EndReason>,
}

/// A recorded transition.
#[derive(Clone, Debug)]
pub struct Transition {
    /// Id.
    pub id: super::TransitionId,
    /// The trajectory.
    pub trajectory_id: TrajectoryId,
    /// Status before (`None` for the registration).
    pub from: Option<TrajectoryStatus>,
    /// Status after.
    pub to: TrajectoryStatus,
    /// Date it happened.
    pub date: NaiveDate,
    /// Why.
    pub reason: Option<String>,
    /// End reason, for CLOSED and ENDED_EARLY.
    pub end_reason: Option<EndReason>,
    /// A warning raised, if any.
    pub warning: Option<machine::Warning>,
    /// Who recorded it.
    pub actor_user_id: UserId,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// A vocational profile (beroepsprofiel), one per trajectory. `version` 0 means none has been
/// stored yet: the singleton always exists, empty until the first PUT.
#[derive(Clone, Debug, Default)]
pub struct VocationalProfile {
    /// Preferred sectors.
    pub preferred_sectors: Vec<String>,
    /// Preferred jobs.
    pub preferred_jobs: Vec<String>,
    /// Desired hours a week.
    pub desired_hours_per_week: Option<f64>,
    /// Education.
    pub education: Option<String>,
    /// Work history.
    pub work_history: Option<String>,
    /// Strengths.
    pub strengths: Option<String>,
    /// Work-relevant functional advice agreed with the client (FUNCTIONAL_ADVICE).
    pub work_relevant_advice: Option<String>,
    /// Organisation that first stored it.
    pub origin_organisation_id: Option<OrganisationId>,
    /// Row version (0: not stored yet).
    pub version: i64,
    /// Last changed, when stored.
    pub updated_at: Option<DateTime<Utc>>,
}

impl VocationalProfile {
    /// Complete enough for job search: preferences and desired hours (a warning otherwise,
    /// never a block: rapid job search).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        (!self.preferred_sectors.is_empty() || !self.preferred_jobs.is_empty())
            && self.desired_hours_per_week.is_some()
    }
}
