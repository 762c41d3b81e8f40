//! What an outcome report says, after disclosure control: every count is a `Count` (shown
//! or withheld), and every figure derived from counts (shares, medians) is absent when it
//! could give a withheld count away or rests on fewer people than the threshold.

use chrono::NaiveDate;

use super::DurabilityRule;
use super::table::Count;
use crate::domain::OrganisationId;

/// Whose records a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// Every client of the region (coordinators).
    Region,
    /// The clients of trajectories led by one organisation (its caseworkers).
    Organisation(OrganisationId),
}

/// The frame every KPI result carries (domain.md §11 reporting rules).
#[derive(Clone, Debug)]
pub struct Frame {
    /// The year.
    pub year: i32,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Last day counted: the period's end, or today while it runs.
    pub counted_until: NaiveDate,
    /// Whose records.
    pub coverage: Coverage,
    /// The durability rule used.
    pub rule: DurabilityRule,
    /// Version of the labour-market region list.
    pub region_list_version: String,
    /// The smallest count shown.
    pub suppression_threshold: u64,
}

/// A count under a code (a trajectory type, an organisation kind, a reason…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coded {
    /// The code.
    pub code: String,
    /// Its count.
    pub count: Count,
}

/// One month of K1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Month {
    /// 1 to 12.
    pub month: u32,
    /// Persons who became durable in it.
    pub count: Count,
    /// Persons durable from January up to and including it.
    pub cumulative: Count,
}

/// K1: persons durably in work.
#[derive(Clone, Debug)]
pub struct Durable {
    /// Everyone, the headline.
    pub total: Count,
    /// Of whom in regular work without wage-cost subsidy or sheltered work.
    pub regular: Count,
    /// Of whom in a job with wage-cost subsidy.
    pub with_wage_subsidy: Count,
    /// Of whom in sheltered work (reported separately, domain.md §9.2).
    pub sheltered: Count,
    /// The total as a percentage of the target.
    pub share_of_target: Option<f64>,
    /// By trajectory type.
    pub by_trajectory_type: Vec<Coded>,
    /// By kind of lead organisation.
    pub by_lead_organisation_kind: Vec<Coded>,
    /// Per month that has begun.
    pub by_month: Vec<Month>,
}

/// K2 and K13: placements started.
#[derive(Clone, Debug)]
pub struct Started {
    /// All placements started (paid or not).
    pub total: Count,
    /// By work type.
    pub by_work_type: Vec<Coded>,
    /// By trajectory type.
    pub by_trajectory_type: Vec<Coded>,
    /// Paid placements started.
    pub paid: Count,
    /// Of which competitive (REGULAR_PAID), K13.
    pub competitive: Count,
    /// K13: competitive as a percentage of paid.
    pub competitive_share: Option<f64>,
}

/// K3 and K4: days from a trajectory's start to a first event.
#[derive(Clone, Debug)]
pub struct Wait {
    /// Trajectories started in the period.
    pub trajectories: Count,
    /// Of which reached the event.
    pub reached: Count,
    /// Of which not yet.
    pub pending: Count,
    /// Of those not yet, started more than 30 days before the last day counted.
    pub pending_over_30_days: Count,
    /// Median days among those that reached it.
    pub median_days: Option<f64>,
    /// Trajectories that can be judged on 30 days: those that reached the event and those
    /// still waiting after more than 30 days.
    pub judged: Count,
    /// Of those, reached within 30 days.
    pub within_30_days: Count,
    /// The share within 30 days.
    pub share_within_30_days: Option<f64>,
}

/// K5 at one horizon.
#[derive(Clone, Debug)]
pub struct Retention {
    /// The horizon in months.
    pub months: u32,
    /// The horizon in days, as counted.
    pub days: u32,
    /// Paid placements that became that old in the period.
    pub placements: Count,
    /// Of which still running then.
    pub retained: Count,
    /// The share retained.
    pub share: Option<f64>,
}

/// K6: contracted hours of paid placements started.
#[derive(Clone, Debug)]
pub struct Hours {
    /// Paid placements started.
    pub placements: Count,
    /// Per band of hours a week (code such as `12-20`).
    pub bands: Vec<Coded>,
    /// Of which 12 hours a week or more.
    pub at_least_12: Count,
    /// Their share.
    pub share_at_least_12: Option<f64>,
}

/// K7: active IPS caseload per employment specialist, now. Counts of professionals, not of
/// clients: not subject to small-cell suppression.
#[derive(Clone, Debug)]
pub struct Caseload {
    /// The day it describes.
    pub on: NaiveDate,
    /// Specialists with at least one active IPS trajectory.
    pub specialists: u64,
    /// Mean active trajectories per specialist.
    pub mean: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// Specialists above the IPS-25 maximum of 20.
    pub above_20: u64,
}

/// K8: face-to-face employer contacts per specialist per week.
#[derive(Clone, Debug)]
pub struct ContactRate {
    /// Face-to-face contacts in the period.
    pub contacts: u64,
    /// Active employment-specialist accounts of the organisations working in the region.
    pub specialists: u64,
    /// Weeks counted.
    pub weeks: f64,
    /// Contacts per specialist per week.
    pub per_specialist_per_week: Option<f64>,
}

/// K9: benefit outflow within 6 months of a paid placement.
#[derive(Clone, Debug)]
pub struct Outflow {
    /// Clients with a benefit at the start of a paid placement that became 183 days old in
    /// the period.
    pub clients: Count,
    /// Of whom the benefit ended within those 183 days.
    pub ended: Count,
    /// The share.
    pub share: Option<f64>,
}

/// K10: inflow and early endings.
#[derive(Clone, Debug)]
pub struct Flow {
    /// Trajectories registered in the period.
    pub registrations: Count,
    /// By trajectory type.
    pub registrations_by_type: Vec<Coded>,
    /// Trajectories that ended early in the period.
    pub ended_early: Count,
    /// By end reason.
    pub ended_early_by_reason: Vec<Coded>,
}

/// K12: the latest fidelity review of the organisations, per band. Counts organisations,
/// not clients: not subject to small-cell suppression.
#[derive(Clone, Debug)]
pub struct Fidelity {
    /// Organisations with a review.
    pub organisations: u64,
    /// Per band, every band listed.
    pub by_band: Vec<(String, u64)>,
}

/// Records a KPI could not use, and why.
#[derive(Clone, Debug)]
pub struct Exclusion {
    /// The KPI (`K1` …).
    pub kpi: &'static str,
    /// Why (a code).
    pub reason: &'static str,
    /// How many records.
    pub count: Count,
}

/// A KPI werkpad cannot compute from its data, and why.
#[derive(Clone, Debug)]
pub struct Unavailable {
    /// The KPI.
    pub kpi: &'static str,
    /// Why, in words.
    pub reason: &'static str,
}

/// One region-year.
#[derive(Clone, Debug)]
pub struct RegionReport {
    /// Region code.
    pub region: String,
    /// Region name.
    pub region_name: String,
    /// What it was computed under.
    pub frame: Frame,
    /// The region's target for the year.
    pub target: u32,
    /// K1.
    pub durable: Durable,
    /// K2, K13.
    pub started: Started,
    /// K3.
    pub first_contact: Wait,
    /// K4.
    pub first_placement: Wait,
    /// K5.
    pub retention: Vec<Retention>,
    /// K6.
    pub hours: Hours,
    /// K7.
    pub caseload: Caseload,
    /// K8.
    pub contact_rate: ContactRate,
    /// K9.
    pub outflow: Outflow,
    /// K10.
    pub flow: Flow,
    /// K12.
    pub fidelity: Fidelity,
    /// What was left out.
    pub exclusions: Vec<Exclusion>,
    /// KPIs not computed.
    pub unavailable: Vec<Unavailable>,
}

/// One region in the national report.
#[derive(Clone, Debug)]
pub struct RegionLine {
    /// Region code.
    pub region: String,
    /// Region name.
    pub region_name: String,
    /// Its target.
    pub target: u32,
    /// K1.
    pub durable: Count,
    /// K1 as a percentage of the target.
    pub share_of_target: Option<f64>,
    /// Whether the target is reached (known even when the count is withheld: a withheld
    /// count is below the threshold, and every target is above it or zero).
    pub target_reached: Option<bool>,
    /// K2.
    pub placements_started: Count,
}

/// Every region against its target.
#[derive(Clone, Debug)]
pub struct NationalReport {
    /// What it was computed under.
    pub frame: Frame,
    /// Per region, in code order.
    pub regions: Vec<RegionLine>,
    /// K1 over all regions.
    pub durable: Count,
    /// K2 over all regions.
    pub placements_started: Count,
    /// The sum of the targets.
    pub target: u64,
    /// Regions that reached their target.
    pub regions_on_target: u64,
}
