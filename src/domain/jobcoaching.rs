//! Jobcoach provisions (jobcoachvoorzieningen, domain.md §6): their state machine and the
//! eligibility rules. Every threshold is configuration ([`JobcoachRules`]).

use chrono::{DateTime, NaiveDate, Utc};

use super::calendar::add_months;
use super::placement::{ContractType, WorkType};
use super::{ClientId, OrganisationId, PlacementId, ProvisionId};

code_enum! {
    /// Status of a provision.
    JobcoachStatus {
        /// Requested by the employee with the coach.
        Requested = "REQUESTED", "aangevraagd";
        /// Being assessed by the financier.
        UnderReview = "UNDER_REVIEW", "in beoordeling";
        /// Granted, period not yet started.
        Granted = "GRANTED", "toegekend";
        /// Rejected (terminal).
        Rejected = "REJECTED", "afgewezen";
        /// A six-month period is running.
        Active = "ACTIVE", "actief";
        /// The period ended; the coach reports and the financier decides on an extension.
        Evaluation = "EVALUATION", "evaluatie";
        /// Ended (terminal): independent, job ended or maximum duration.
        Ended = "ENDED", "beëindigd";
    }
}

code_enum! {
    /// External coach from a recognised organisation, or the employer's own trained employee.
    JobcoachForm {
        /// External coach; the employee applies.
        External = "EXTERNAL", "externe jobcoach";
        /// Internal coach; subsidy to the employer.
        Internal = "INTERNAL", "interne jobcoach";
    }
}

code_enum! {
    /// How much coaching is needed (UWV's classes).
    JobcoachIntensity {
        /// Light.
        Light = "LIGHT", "licht";
        /// Medium.
        Medium = "MEDIUM", "middel";
        /// Intensive.
        Intensive = "INTENSIVE", "intensief";
    }
}

code_enum! {
    /// Who pays the provision.
    JobcoachFinancier {
        /// UWV, for its target groups.
        Uwv = "UWV", "UWV";
        /// The municipality, for the Participatiewet wage-cost-subsidy group.
        Municipality = "MUNICIPALITY", "gemeente";
    }
}

/// The allowed transitions (domain.md §6).
pub const TRANSITIONS: [(JobcoachStatus, JobcoachStatus); 8] = {
    use JobcoachStatus as J;
    [
        (J::Requested, J::UnderReview),
        (J::UnderReview, J::Granted),
        (J::UnderReview, J::Rejected),
        (J::Granted, J::Active),
        (J::Active, J::Evaluation),
        (J::Evaluation, J::Active),
        (J::Active, J::Ended),
        (J::Evaluation, J::Ended),
    ]
};

/// Where a provision may go from `from`.
#[must_use]
pub fn targets(from: JobcoachStatus) -> Vec<JobcoachStatus> {
    TRANSITIONS
        .iter()
        .filter(|(f, _)| *f == from)
        .map(|(_, t)| *t)
        .collect()
}

/// Thresholds of the jobcoach rules, from configuration (defaults: UWV standard, §6).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobcoachRules {
    /// Shortest contract, in months (6).
    pub min_contract_months: u32,
    /// Fewest contracted hours a week (12).
    pub min_hours_per_week: f64,
    /// Fewest hours a week by exception, with a recorded reason (8).
    pub exception_min_hours_per_week: f64,
    /// Lowest wage value as a percentage of the minimum wage (35).
    pub min_wage_value_percentage: i32,
    /// Lowest wage value by exception, with a recorded reason (20).
    pub exception_min_wage_value_percentage: i32,
    /// Length of one period, in months (6).
    pub period_months: u32,
    /// Longest duration with the same employer without permanent support, in months (36).
    pub max_months_without_permanent_support: u32,
}

impl Default for JobcoachRules {
    fn default() -> Self {
        Self {
            min_contract_months: 6,
            min_hours_per_week: 12.0,
            exception_min_hours_per_week: 8.0,
            min_wage_value_percentage: 35,
            exception_min_wage_value_percentage: 20,
            period_months: 6,
            max_months_without_permanent_support: 36,
        }
    }
}

/// The facts of a placement that decide eligibility.
#[derive(Clone, Copy, Debug)]
pub struct PlacementTerms {
    /// Work type.
    pub work_type: WorkType,
    /// Contract type.
    pub contract_type: ContractType,
    /// First day.
    pub start_date: NaiveDate,
    /// End of a fixed contract.
    pub contract_end_date: Option<NaiveDate>,
    /// Contracted hours a week.
    pub hours_per_week: f64,
    /// Wage value (loonwaarde), if assessed.
    pub wage_value_percentage: Option<i32>,
    /// Paid at least the statutory minimum wage.
    pub at_least_minimum_wage: bool,
}

/// Why a placement does not qualify for a jobcoach provision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ineligible {
    /// The contract is shorter than the minimum (or there is none).
    ContractTooShort,
    /// Too few hours a week, or only enough by exception without a reason.
    TooFewHours,
    /// Wage value too low or unknown, or only enough by exception without a reason.
    WageValueTooLow,
}

impl Ineligible {
    /// The guard code reported in a 409.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::ContractTooShort => "CONTRACT_AT_LEAST_MIN_MONTHS",
            Self::TooFewHours => "HOURS_AT_LEAST_MINIMUM",
            Self::WageValueTooLow => "WAGE_VALUE_AT_LEAST_MINIMUM",
        }
    }
}

impl JobcoachRules {
    /// Whether a placement qualifies (§6 guards): a contract of at least the minimum months
    /// (or a trial placement), at least the minimum hours a week and wage value, or the
    /// exception thresholds when a reason is recorded.
    pub fn eligible(
        &self,
        terms: &PlacementTerms,
        exception_reason: bool,
    ) -> Result<(), Ineligible> {
        let long_enough = match terms.contract_type {
            ContractType::Permanent => true,
            ContractType::FixedTerm | ContractType::Agency | ContractType::OnCall => terms
                .contract_end_date
                .is_some_and(|end| end >= add_months(terms.start_date, self.min_contract_months)),
            ContractType::SelfEmployed | ContractType::None => false,
        };
        if !(long_enough || terms.work_type == WorkType::TrialPlacement) {
            return Err(Ineligible::ContractTooShort);
        }
        let hours_floor = if exception_reason {
            self.exception_min_hours_per_week
        } else {
            self.min_hours_per_week
        };
        if terms.hours_per_week < hours_floor {
            return Err(Ineligible::TooFewHours);
        }
        let wage_value = terms
            .wage_value_percentage
            .or(terms.at_least_minimum_wage.then_some(100));
        let wage_floor = if exception_reason {
            self.exception_min_wage_value_percentage
        } else {
            self.min_wage_value_percentage
        };
        if wage_value.is_none_or(|v| v < wage_floor) {
            return Err(Ineligible::WageValueTooLow);
        }
        Ok(())
    }

    /// The last day of a period starting on `start`.
    #[must_use]
    pub fn period_end(&self, start: NaiveDate) -> NaiveDate {
        add_months(start, self.period_months)
            .pred_opt()
            .unwrap_or(start)
    }

    /// Whether a period ending on `period_end`, counted from the first period's start,
    /// goes beyond the maximum without permanent support.
    #[must_use]
    pub fn beyond_maximum(&self, first_start: NaiveDate, period_end: NaiveDate) -> bool {
        period_end >= add_months(first_start, self.max_months_without_permanent_support)
    }
}

/// A jobcoach provision as stored.
#[derive(Clone, Debug)]
pub struct Provision {
    /// Id.
    pub id: ProvisionId,
    /// The client.
    pub client_id: ClientId,
    /// The placement coached.
    pub placement_id: PlacementId,
    /// Who pays.
    pub financier: JobcoachFinancier,
    /// External or internal coach.
    pub form: JobcoachForm,
    /// The coach's organisation.
    pub jobcoach_organisation_id: OrganisationId,
    /// Intensity.
    pub intensity: JobcoachIntensity,
    /// Status.
    pub status: JobcoachStatus,
    /// Date of the last transition.
    pub status_date: NaiveDate,
    /// Which six-month period (1, 2, …).
    pub period_number: i32,
    /// First day of the current period.
    pub period_start: NaiveDate,
    /// Last day of the current period.
    pub period_end: NaiveDate,
    /// First day of the first period with this employer (for the maximum duration).
    pub first_period_start: NaiveDate,
    /// Hours requested.
    pub requested_hours: f64,
    /// Hours granted for the current period.
    pub granted_hours: Option<f64>,
    /// Hours spent in the current period; never more than granted.
    pub spent_hours: f64,
    /// Why the exception thresholds apply.
    pub exception_reason: Option<String>,
    /// Permanent support beyond the maximum duration (financier's decision).
    pub permanent_support: bool,
    /// Organisation that recorded it.
    pub origin_organisation_id: OrganisationId,
    /// Row version.
    pub version: i64,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A provision to request.
#[derive(Clone, Debug)]
pub struct NewProvision {
    /// The placement coached.
    pub placement_id: PlacementId,
    /// Who pays.
    pub financier: JobcoachFinancier,
    /// External or internal.
    pub form: JobcoachForm,
    /// The coach's organisation.
    pub jobcoach_organisation_id: OrganisationId,
    /// Intensity.
    pub intensity: JobcoachIntensity,
    /// First day of the first period.
    pub period_start: NaiveDate,
    /// Hours requested for the period.
    pub requested_hours: f64,
    /// Why the exception thresholds apply, if they do.
    pub exception_reason: Option<String>,
    /// Permanent support.
    pub permanent_support: bool,
}

/// A change to a provision (JSON Merge Patch, validated).
#[derive(Clone, Debug, Default)]
pub struct ProvisionChanges {
    /// New intensity.
    pub intensity: Option<JobcoachIntensity>,
    /// New or removed exception reason.
    pub exception_reason: Option<Option<String>>,
    /// Permanent support.
    pub permanent_support: Option<bool>,
    /// Hours spent in the current period (the job coach's part).
    pub spent_hours: Option<f64>,
}

impl ProvisionChanges {
    /// Whether anything besides the hours changes.
    #[must_use]
    pub const fn touches_terms(&self) -> bool {
        self.intensity.is_some()
            || self.exception_reason.is_some()
            || self.permanent_support.is_some()
    }
}

/// A requested transition of a provision.
#[derive(Clone, Debug)]
pub struct ProvisionTransitionRequest {
    /// Target status.
    pub to: JobcoachStatus,
    /// Date (default today).
    pub date: Option<NaiveDate>,
    /// Why (required for REJECTED and ENDED).
    pub reason: Option<String>,
    /// Hours granted (required for GRANTED and for an extension, EVALUATION → ACTIVE).
    pub granted_hours: Option<f64>,
    /// Permanent support decided with an extension.
    pub permanent_support: Option<bool>,
}

/// A recorded provision transition.
#[derive(Clone, Debug)]
pub struct ProvisionTransition {
    /// Id.
    pub id: super::TransitionId,
    /// From.
    pub from: Option<JobcoachStatus>,
    /// To.
    pub to: JobcoachStatus,
    /// Date.
    pub date: NaiveDate,
    /// Why.
    pub reason: Option<String>,
    /// Period after the transition.
    pub period_number: i32,
    /// Hours granted after it.
    pub granted_hours: Option<f64>,
    /// Hours spent at that moment.
    pub spent_hours: f64,
    /// Who.
    pub actor_user_id: super::UserId,
    /// When recorded.
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use super::{Ineligible, JobcoachRules, JobcoachStatus as J, PlacementTerms, targets};
    use crate::domain::placement::{ContractType, WorkType};

    fn terms() -> PlacementTerms {
        PlacementTerms {
            work_type: WorkType::RegularPaid,
            contract_type: ContractType::FixedTerm,
            start_date: "2026-01-01".parse().unwrap(),
            contract_end_date: Some("2026-07-01".parse().unwrap()),
            hours_per_week: 12.0,
            wage_value_percentage: Some(35),
            at_least_minimum_wage: false,
        }
    }

    #[test]
    fn the_standard_and_the_exception() {
        let rules = JobcoachRules::default();
        assert_eq!(rules.eligible(&terms(), false), Ok(()));
        let short = PlacementTerms {
            contract_end_date: Some("2026-06-30".parse().unwrap()),
            ..terms()
        };
        assert_eq!(
            rules.eligible(&short, false),
            Err(Ineligible::ContractTooShort)
        );
        let eight = PlacementTerms {
            hours_per_week: 8.0,
            ..terms()
        };
        assert_eq!(rules.eligible(&eight, false), Err(Ineligible::TooFewHours));
        assert_eq!(rules.eligible(&eight, true), Ok(()));
        let seven = PlacementTerms {
            hours_per_week: 7.5,
            ..terms()
        };
        assert_eq!(rules.eligible(&seven, true), Err(Ineligible::TooFewHours));
        let low_wage = PlacementTerms {
            wage_value_percentage: Some(20),
            ..terms()
        };
        assert_eq!(
            rules.eligible(&low_wage, false),
            Err(Ineligible::WageValueTooLow)
        );
        assert_eq!(rules.eligible(&low_wage, true), Ok(()));
        let unknown_wage = PlacementTerms {
            wage_value_percentage: None,
            ..terms()
        };
        assert_eq!(
            rules.eligible(&unknown_wage, false),
            Err(Ineligible::WageValueTooLow)
        );
        let minimum_wage = PlacementTerms {
            at_least_minimum_wage: true,
            ..unknown_wage
        };
        assert_eq!(rules.eligible(&minimum_wage, false), Ok(()));
        let trial = PlacementTerms {
            work_type: WorkType::TrialPlacement,
            contract_type: ContractType::None,
            contract_end_date: None,
            ..terms()
        };
        assert_eq!(rules.eligible(&trial, false), Ok(()));
    }

    #[test]
    fn periods_and_transitions() {
        let rules = JobcoachRules::default();
        let start = "2026-01-01".parse().unwrap();
        assert_eq!(rules.period_end(start), "2026-06-30".parse().unwrap());
        assert!(!rules.beyond_maximum(start, "2028-12-31".parse().unwrap()));
        assert!(rules.beyond_maximum(start, "2029-06-30".parse().unwrap()));
        assert_eq!(targets(J::UnderReview), vec![J::Granted, J::Rejected]);
        assert_eq!(targets(J::Evaluation), vec![J::Active, J::Ended]);
        assert!(targets(J::Rejected).is_empty() && targets(J::Ended).is_empty());
    }
}
