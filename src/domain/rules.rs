//! The configurable business rules, built once from configuration at start-up and handed to
//! the use cases: the trajectory state machines (with the WABZ phases), the categories the
//! WABZ joint intake needs consent for, the jobcoach thresholds, the retention periods and
//! how long an emergency access lasts.

use super::DataCategory;
use super::jobcoaching::JobcoachRules;
use super::retention::Periods;
use super::trajectory::machine::Machines;

/// Every configurable rule.
#[derive(Clone, Debug)]
pub struct Rules {
    /// Trajectory state machines.
    pub machines: Machines,
    /// Categories a SHARE_GGZ_TO_WI consent must cover before a WABZ joint intake.
    pub wabz_intake_categories: Vec<DataCategory>,
    /// Jobcoach thresholds.
    pub jobcoach: JobcoachRules,
    /// Retention period per record regime.
    pub retention: Periods,
    /// How long an emergency access (break-glass) lasts from the moment it is opened.
    pub emergency_access_ttl: chrono::TimeDelta,
    /// What outcome reports are computed under.
    pub reporting: super::kpi::ReportingRules,
}

/// The longest emergency access the configuration may set: break-glass is for an
/// emergency, not a way around being added to the care team.
pub const MAX_EMERGENCY_ACCESS_TTL: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The default WABZ joint-intake categories: what GGZ and W&I align on at the table.
pub const DEFAULT_WABZ_INTAKE_CATEGORIES: &str = "TRAJECTORY_STATUS,FUNCTIONAL_ADVICE";

/// Parses a comma-separated list of data-category codes.
pub fn parse_categories(variable: &str, raw: &str) -> Result<Vec<DataCategory>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.parse::<DataCategory>()
                .map_err(|()| format!("{variable}: '{c}' is not a data category"))
        })
        .collect()
}
