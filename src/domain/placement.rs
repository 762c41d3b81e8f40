//! Placements (plaatsingen): work types, contract types and why a placement ended
//! (domain.md §9).

use chrono::{DateTime, NaiveDate, Utc};

use super::{ClientId, EmployerId, OrganisationId, PlacementId, TrajectoryId};

code_enum! {
    /// Kind of work (werksoort, domain.md §9.2).
    WorkType {
        /// Regular paid job on the open labour market, at least minimum wage.
        RegularPaid = "REGULAR_PAID", "regulier betaald";
        /// Regular job with wage-cost subsidy.
        RegularWithWageSubsidy = "REGULAR_WITH_WAGE_SUBSIDY", "regulier met loonkostensubsidie";
        /// Paid through an agency or secondment.
        AgencyOrSecondment = "AGENCY_OR_SECONDMENT", "uitzend / detachering";
        /// Self-employed.
        SelfEmployed = "SELF_EMPLOYED", "zelfstandig";
        /// Sheltered work (Participatiewet art. 10b); paid, reported separately.
        ShelteredWork = "SHELTERED_WORK", "beschut werk";
        /// Legacy sheltered employment (Wsw); paid, reported separately.
        ShelteredWsw = "SHELTERED_WSW", "sociale werkvoorziening (Wsw)";
        /// Unpaid trial placement with benefit.
        TrialPlacement = "TRIAL_PLACEMENT", "proefplaatsing";
        /// Work-experience placement; an intermediate step.
        WorkExperiencePlacement = "WORK_EXPERIENCE_PLACEMENT", "werkervaringsplaats";
        /// Participation placement; an intermediate step.
        ParticipationPlacement = "PARTICIPATION_PLACEMENT", "participatieplaats";
        /// Volunteer work.
        VolunteerWork = "VOLUNTEER_WORK", "vrijwilligerswerk";
        /// Day activities.
        DayActivities = "DAY_ACTIVITIES", "dagbesteding";
        /// Education; a separate outcome.
        Education = "EDUCATION", "opleiding";
    }
}

impl WorkType {
    /// Whether this is paid work: what `PLACED` and durable-work counting need.
    #[must_use]
    pub const fn is_paid(self) -> bool {
        matches!(
            self,
            Self::RegularPaid
                | Self::RegularWithWageSubsidy
                | Self::AgencyOrSecondment
                | Self::SelfEmployed
                | Self::ShelteredWork
                | Self::ShelteredWsw
        )
    }

    /// The work types that count as paid, for SQL.
    #[must_use]
    pub fn paid() -> Vec<Self> {
        Self::ALL.iter().copied().filter(|w| w.is_paid()).collect()
    }
}

code_enum! {
    /// Kind of contract (domain.md §9.2).
    ContractType {
        /// Permanent (onbepaalde tijd).
        Permanent = "PERMANENT", "onbepaalde tijd";
        /// Fixed term (bepaalde tijd).
        FixedTerm = "FIXED_TERM", "bepaalde tijd";
        /// Agency (uitzend).
        Agency = "AGENCY", "uitzendovereenkomst";
        /// On call (oproep).
        OnCall = "ON_CALL", "oproepovereenkomst";
        /// Self-employed.
        SelfEmployed = "SELF_EMPLOYED", "zelfstandig";
        /// No employment contract (unpaid placements).
        None = "NONE", "geen arbeidsovereenkomst";
    }
}

code_enum! {
    /// Why a placement ended.
    PlacementEndReason {
        /// The contract ran out.
        ContractEnded = "CONTRACT_ENDED", "contract afgelopen";
        /// Dismissed by the employer.
        Dismissed = "DISMISSED", "ontslag door werkgever";
        /// The client resigned.
        Resigned = "RESIGNED", "ontslag genomen";
        /// Health.
        Health = "HEALTH", "gezondheid";
        /// Moved to another job.
        OtherJob = "OTHER_JOB", "andere baan";
        /// A trial placement ended.
        TrialEnded = "TRIAL_ENDED", "proefplaatsing afgelopen";
        /// The company closed.
        CompanyClosed = "COMPANY_CLOSED", "bedrijf gesloten";
        /// Anything else.
        Other = "OTHER", "overig";
    }
}

/// The terms of a placement that can change after it is recorded; what a placement *is*
/// (employer, work type, first day) does not change: a different job is a new placement.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent yes/no facts about a job (domain.md §13)"
)]
pub struct Terms {
    /// Job title.
    pub job_title: String,
    /// Date the placement met the financier's requirements (datum plaatsing).
    pub placement_date: Option<NaiveDate>,
    /// Last day of work.
    pub end_date: Option<NaiveDate>,
    /// Why it ended.
    pub end_reason: Option<PlacementEndReason>,
    /// Kind of contract.
    pub contract_type: ContractType,
    /// End of a fixed contract.
    pub contract_end_date: Option<NaiveDate>,
    /// Contracted hours a week, more than 0 and at most 60.
    pub contracted_hours_per_week: f64,
    /// Actual average hours a month.
    pub actual_hours_per_month: Option<f64>,
    /// Paid at least the statutory minimum wage.
    pub at_least_minimum_wage: bool,
    /// Wage value (loonwaarde), percent.
    pub wage_value_percentage: Option<i32>,
    /// With wage-cost subsidy.
    pub wage_cost_subsidy: bool,
    /// Under the job agreement (banenafspraak).
    pub job_agreement: bool,
    /// The client's disclosure choice was used with the employer.
    pub disclosure_used: bool,
}

/// A placement to record.
#[derive(Clone, Debug)]
pub struct NewPlacement {
    /// The employer.
    pub employer_id: EmployerId,
    /// Kind of work.
    pub work_type: WorkType,
    /// First day of work (werkhervatting).
    pub start_date: NaiveDate,
    /// The job started before the trajectory's registration.
    pub started_before_registration: bool,
    /// The changeable terms.
    pub terms: Terms,
}

/// A placement as stored.
#[derive(Clone, Debug)]
pub struct Placement {
    /// Id.
    pub id: PlacementId,
    /// Its trajectory.
    pub trajectory_id: TrajectoryId,
    /// Its client.
    pub client_id: ClientId,
    /// The employer.
    pub employer_id: EmployerId,
    /// Kind of work.
    pub work_type: WorkType,
    /// First day of work.
    pub start_date: NaiveDate,
    /// Started before registration.
    pub started_before_registration: bool,
    /// The changeable terms.
    pub terms: Terms,
    /// Organisation that recorded it.
    pub origin_organisation_id: OrganisationId,
    /// Row version.
    pub version: i64,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Earliest first day of work werkpad accepts.
const EARLIEST: (i32, u32, u32) = (1950, 1, 1);

/// Checks a placement's dates and terms against each other (domain.md §9, §14.2), returning
/// every failing field with its code and reason. `registration` is the trajectory's
/// registration date; `today` bounds how far ahead a start may be recorded (a year).
#[must_use]
pub fn problems(
    work_type: WorkType,
    start: NaiveDate,
    started_before_registration: bool,
    terms: &Terms,
    registration: NaiveDate,
    today: NaiveDate,
) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out = Vec::new();
    let earliest =
        NaiveDate::from_ymd_opt(EARLIEST.0, EARLIEST.1, EARLIEST.2).unwrap_or(NaiveDate::MIN);
    let latest = today
        .checked_add_days(chrono::Days::new(366))
        .unwrap_or(NaiveDate::MAX);
    if start < earliest || start > latest {
        out.push((
            "startDate",
            "out_of_range",
            "Must lie between 1950-01-01 and a year from today.",
        ));
    } else if start < registration && !started_before_registration {
        out.push((
            "startDate",
            "date_order",
            "Before the trajectory's registration: set startedBeforeRegistration if that is so.",
        ));
    }
    if terms.end_date.is_some_and(|end| end < start) {
        out.push(("endDate", "date_order", "Must not be before startDate."));
    }
    if terms.end_date.is_some() != terms.end_reason.is_some() {
        out.push((
            "endReason",
            "required",
            "An end date and an end reason go together.",
        ));
    }
    if terms.placement_date.is_some_and(|p| p < start) {
        out.push((
            "placementDate",
            "date_order",
            "Must not be before startDate.",
        ));
    }
    if terms.contract_end_date.is_some_and(|c| c < start) {
        out.push((
            "contractEndDate",
            "date_order",
            "Must not be before startDate.",
        ));
    }
    if terms.contract_end_date.is_some() && terms.contract_type == ContractType::Permanent {
        out.push((
            "contractEndDate",
            "invalid_value",
            "A permanent contract has no end date.",
        ));
    }
    if work_type.is_paid() == (terms.contract_type == ContractType::None) {
        out.push((
            "contractType",
            "invalid_value",
            "Paid work has a contract (or SELF_EMPLOYED); unpaid placements have NONE.",
        ));
    }
    if (work_type == WorkType::SelfEmployed) != (terms.contract_type == ContractType::SelfEmployed)
    {
        out.push((
            "contractType",
            "invalid_value",
            "Self-employed work goes with contract type SELF_EMPLOYED, and only it.",
        ));
    }
    out
}
