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
