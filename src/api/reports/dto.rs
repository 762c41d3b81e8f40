//! The JSON form of the outcome reports. Every count is a `SuppressibleCount`: a value, or
//! `null` with `suppressed: true` when small-cell suppression withholds it.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::kpi::report::{
    self, Coded, Coverage, Frame, NationalReport, RegionLine, RegionReport,
};
use crate::domain::kpi::table::Count;

/// A count, or `null` with `suppressed: true` when it is from 1 to the threshold minus one,
/// or could be derived back to such a count from the report's other cells (complementary
/// suppression).
#[derive(Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "camelCase")]
pub struct SuppressibleCount {
    /// The count; `null` when withheld.
    #[schema(minimum = 0)]
    pub value: Option<u64>,
    /// Whether it is withheld.
    pub suppressed: bool,
}

impl From<Count> for SuppressibleCount {
    fn from(c: Count) -> Self {
        Self {
            value: c.value,
            suppressed: c.suppressed,
        }
    }
}

/// A count under a code.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CodedCount {
    /// The code (a trajectory type, organisation kind, work type, end reason or hours band).
    pub code: String,
    /// The count.
    pub count: SuppressibleCount,
}

fn coded(items: &[Coded]) -> Vec<CodedCount> {
    items
        .iter()
        .map(|c| CodedCount {
            code: c.code.clone(),
            count: c.count.into(),
        })
        .collect()
}

/// The period a report covers.
#[derive(Serialize, ToSchema)]
#[expect(clippy::struct_field_names, reason = "ADR: date fields end in Date")]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// First day.
    pub from_date: NaiveDate,
    /// Last day.
    pub to_date: NaiveDate,
    /// Last day counted: the period's end, or today while the year runs.
    pub counted_until_date: NaiveDate,
}

/// Whose records a report covers.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportCoverage {
    /// `REGION`: every client of the region; `ORGANISATION`: the trajectories led by one
    /// organisation (a caseworker's report).
    #[schema(example = "REGION")]
    pub scope: String,
    /// The organisation, for `ORGANISATION`.
    pub organisation_id: Option<uuid::Uuid>,
}

/// The durable-placement rule a report was computed under (domain.md §10).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DurabilityRuleUsed {
    /// Version; reports with different versions count differently.
    pub version: String,
    /// Calendar days a chain of paid placements must last, its first day counted as day 1.
    pub min_days: u32,
    /// Longest gap (days without work) between placements of one chain.
    pub max_gap_days: u32,
    /// Work types that count.
    pub counted_work_types: Vec<String>,
    /// Fewest contracted hours a week for a placement to count; `null` for none.
    pub min_hours_per_week: Option<f64>,
}

/// How small cells are withheld.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SuppressionUsed {
    /// Always `COMPLEMENTARY`: primary suppression of small counts, then as many further
    /// cells as needed so that no withheld count follows from the totals and other cells.
    #[schema(example = "COMPLEMENTARY")]
    pub method: String,
    /// The smallest count shown; counts from 1 to one less are withheld, 0 is shown.
    pub threshold: u64,
}

/// What every report states about itself (domain.md §11 reporting rules).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportFrame {
    /// The calendar year.
    pub year: i32,
    /// The period.
    pub period: Period,
    /// Whose records.
    pub coverage: ReportCoverage,
    /// The durability rule.
    pub durability_rule: DurabilityRuleUsed,
    /// Version of the labour-market region list.
    #[schema(example = "CBS-AMR-2021-01-01")]
    pub region_list_version: String,
    /// The disclosure control.
    pub suppression: SuppressionUsed,
}

impl From<&Frame> for ReportFrame {
    fn from(f: &Frame) -> Self {
        let (scope, organisation_id) = match f.coverage {
            Coverage::Region => ("REGION", None),
            Coverage::Organisation(o) => ("ORGANISATION", Some(o.uuid())),
        };
        Self {
            year: f.year,
            period: Period {
                from_date: f.from,
                to_date: f.to,
                counted_until_date: f.counted_until,
            },
            coverage: ReportCoverage {
                scope: scope.to_owned(),
                organisation_id,
            },
            durability_rule: DurabilityRuleUsed {
                version: f.rule.version.clone(),
                min_days: f.rule.min_days,
                max_gap_days: f.rule.max_gap_days,
                counted_work_types: f
                    .rule
                    .counted_work_types
                    .iter()
                    .map(|w| w.as_str().to_owned())
                    .collect(),
                min_hours_per_week: f.rule.min_hours_per_week,
            },
            region_list_version: f.region_list_version.clone(),
            suppression: SuppressionUsed {
                method: "COMPLEMENTARY".to_owned(),
                threshold: f.suppression_threshold,
            },
        }
    }
}

/// A region, by code and name.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegionRef {
    /// CBS code.
    #[schema(example = "AM05")]
    pub code: String,
    /// Name.
    #[schema(example = "Twente")]
    pub name: String,
}

/// One month of K1.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DurableMonth {
    /// Month, 1 to 12.
    #[schema(minimum = 1, maximum = 12)]
    pub month: u32,
    /// Persons who became durably employed in it.
    pub count: SuppressibleCount,
    /// Persons durably employed from January up to and including it.
    pub cumulative: SuppressibleCount,
}

/// K1: persons durably in work (the headline). A client counts once in the year, in the
/// month their first chain of paid placements became durable in it, attributed to the
/// trajectory of the chain's first placement.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DurablyInWork {
    /// Everyone.
    pub total: SuppressibleCount,
    /// Of whom in regular paid work (no wage-cost subsidy, no sheltered work).
    pub regular: SuppressibleCount,
    /// Of whom in a chain with a wage-cost-subsidised job (and no sheltered work).
    pub with_wage_subsidy: SuppressibleCount,
    /// Of whom in a chain with sheltered work (beschut werk, Wsw).
    pub sheltered: SuppressibleCount,
    /// The total as a percentage of the target; `null` when the total is withheld.
    pub share_of_target_percentage: Option<f64>,
    /// By trajectory type (every type, zeros included).
    pub by_trajectory_type: Vec<CodedCount>,
    /// By kind of lead organisation.
    pub by_lead_organisation_kind: Vec<CodedCount>,
    /// Per month that has begun.
    pub by_month: Vec<DurableMonth>,
}

/// K2 and K13: placements started in the period.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlacementsStarted {
    /// All, paid or not.
    pub total: SuppressibleCount,
    /// By work type.
    pub by_work_type: Vec<CodedCount>,
    /// By trajectory type.
    pub by_trajectory_type: Vec<CodedCount>,
    /// Paid placements.
    pub paid: SuppressibleCount,
    /// K13: of which competitive jobs (REGULAR_PAID).
    pub competitive: SuppressibleCount,
    /// K13: competitive as a percentage of paid.
    pub competitive_share_percentage: Option<f64>,
}

/// K3 or K4: days from a trajectory's start (or registration, when it has no start date)
/// to a first event, for the trajectories started in the period.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeToFirst {
    /// Trajectories started in the period.
    pub trajectories: SuppressibleCount,
    /// Of which reached the event.
    pub reached: SuppressibleCount,
    /// Of which not yet.
    pub pending: SuppressibleCount,
    /// Of those not yet, started more than 30 days before the last day counted.
    pub pending_over_30_days: SuppressibleCount,
    /// Median days among those that reached it; `null` when that count is withheld or 0.
    pub median_days: Option<f64>,
    /// Trajectories that can be judged on 30 days: reached, or still waiting after 30.
    pub judged: SuppressibleCount,
    /// Of those, reached within 30 days.
    pub within_30_days: SuppressibleCount,
    /// Their share of the judged.
    pub within_30_days_percentage: Option<f64>,
}

impl From<&report::Wait> for TimeToFirst {
    fn from(w: &report::Wait) -> Self {
        Self {
            trajectories: w.trajectories.into(),
            reached: w.reached.into(),
            pending: w.pending.into(),
            pending_over_30_days: w.pending_over_30_days.into(),
            median_days: w.median_days,
            judged: w.judged.into(),
            within_30_days: w.within_30_days.into(),
            within_30_days_percentage: w.share_within_30_days,
        }
    }
}

/// K5 at one horizon: paid placements that became that old in the period (younger ones are
/// censored, not counted as lost).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobRetention {
    /// 3, 6 or 12.
    pub months: u32,
    /// The horizon as counted: 91, 183 or 365 days.
    pub days: u32,
    /// Placements that reached it in the period.
    pub placements: SuppressibleCount,
    /// Of which still running on that day.
    pub retained: SuppressibleCount,
    /// The share retained.
    pub retained_percentage: Option<f64>,
}

/// K6: contracted hours of the paid placements started.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContractedHours {
    /// Paid placements started.
    pub placements: SuppressibleCount,
    /// Per band of hours a week: `0-8`, `8-12`, `12-20`, `20-32`, `32+` (lower bound
    /// included).
    pub bands: Vec<CodedCount>,
    /// Of which 12 hours a week or more.
    pub at_least_12_hours: SuppressibleCount,
    /// Their share.
    pub at_least_12_hours_percentage: Option<f64>,
}

/// K7: active IPS caseload per employment specialist, today (a snapshot, whatever the
/// year). Counts professionals, not clients.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Caseload {
    /// The day described.
    pub on_date: NaiveDate,
    /// Specialists leading at least one active IPS trajectory here.
    pub specialists: u64,
    /// Mean active IPS and IPS_CMD trajectories per specialist (paused ones excluded).
    pub mean: Option<f64>,
    /// Median.
    pub median: Option<f64>,
    /// Specialists above the IPS-25 maximum of 20.
    pub above_20: u64,
}

/// K8: face-to-face employer contacts per employment specialist per week.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmployerContactRate {
    /// Face-to-face contacts in the period by the specialists of the organisations working
    /// in the region.
    pub contacts: u64,
    /// Their active specialist accounts.
    pub specialists: u64,
    /// Weeks counted.
    pub weeks: f64,
    /// Contacts per specialist per week (IPS-25 item 17 asks for 6).
    pub per_specialist_per_week: Option<f64>,
}

/// K9: clients whose benefit ended within 183 days of starting paid work.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BenefitOutflow {
    /// Clients with a benefit when a paid placement started whose 183rd day fell in the
    /// period.
    pub clients: SuppressibleCount,
    /// Of whom the benefit ended within those days.
    pub ended: SuppressibleCount,
    /// The share.
    pub ended_percentage: Option<f64>,
}

/// K10: inflow and early endings.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InflowAndDropout {
    /// Trajectories registered in the period.
    pub registrations: SuppressibleCount,
    /// By trajectory type.
    pub registrations_by_trajectory_type: Vec<CodedCount>,
    /// Trajectories ended early (ENDED_EARLY) in the period.
    pub ended_early: SuppressibleCount,
    /// By end reason.
    pub ended_early_by_reason: Vec<CodedCount>,
}

/// K12: the latest IPS-25 fidelity review of each organisation working in the region (or of
/// the caller's own), up to the last day counted, per band. Counts organisations.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FidelityBands {
    /// Organisations with a review.
    pub organisations: u64,
    /// Per band (`EXEMPLARY`, `GOOD`, `FAIR`, `NOT_SUPPORTED_EMPLOYMENT`), every band listed.
    pub by_band: Vec<BandCount>,
}

/// Organisations whose latest review is in a band.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BandCount {
    /// The band.
    pub band: String,
    /// How many organisations.
    pub organisations: u64,
}

/// Records a KPI could not use.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Exclusion {
    /// The KPI.
    #[schema(example = "K3")]
    pub kpi: String,
    /// Why: `WORK_TYPE_NOT_COUNTED` (placements of work types the rule does not count),
    /// `BELOW_MIN_HOURS` (under the rule's hours), `ERASED_CLIENT_CONTACTS_NOT_KEPT`
    /// (trajectories of erased clients, whose contacts are gone).
    pub reason: String,
    /// How many records.
    pub count: SuppressibleCount,
}

/// A KPI not computed, and why.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnavailableKpi {
    /// The KPI.
    #[schema(example = "K11")]
    pub kpi: String,
    /// Why.
    pub reason: String,
}

/// One region-year against its target.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegionOutcomeReport {
    /// The region.
    pub region: RegionRef,
    /// What the report covers and was computed under.
    #[serde(flatten)]
    pub frame: ReportFrame,
    /// The region's target for the year (people durably into work).
    pub target: u32,
    /// K1.
    pub durably_in_work: DurablyInWork,
    /// K2, K13.
    pub placements_started: PlacementsStarted,
    /// K3: to the first face-to-face employer contact about the client.
    pub time_to_first_employer_contact: TimeToFirst,
    /// K4: to the first paid placement.
    pub time_to_first_paid_placement: TimeToFirst,
    /// K5 at 3, 6 and 12 months.
    pub job_retention: Vec<JobRetention>,
    /// K6.
    pub contracted_hours: ContractedHours,
    /// K7.
    pub caseload: Caseload,
    /// K8.
    pub employer_contacts: EmployerContactRate,
    /// K9.
    pub benefit_outflow: BenefitOutflow,
    /// K10.
    pub inflow_and_dropout: InflowAndDropout,
    /// K12.
    pub fidelity: FidelityBands,
    /// Records left out, and why.
    pub exclusions: Vec<Exclusion>,
    /// KPIs werkpad does not compute (yet).
    pub unavailable: Vec<UnavailableKpi>,
}

impl From<&RegionReport> for RegionOutcomeReport {
    fn from(r: &RegionReport) -> Self {
        let s = &r.started;
        Self {
            region: RegionRef {
                code: r.region.clone(),
                name: r.region_name.clone(),
            },
            frame: (&r.frame).into(),
            target: r.target,
            durably_in_work: (&r.durable).into(),
            placements_started: PlacementsStarted {
                total: s.total.into(),
                by_work_type: coded(&s.by_work_type),
                by_trajectory_type: coded(&s.by_trajectory_type),
                paid: s.paid.into(),
                competitive: s.competitive.into(),
                competitive_share_percentage: s.competitive_share,
            },
            time_to_first_employer_contact: (&r.first_contact).into(),
            time_to_first_paid_placement: (&r.first_placement).into(),
            job_retention: r
                .retention
                .iter()
                .map(|k| JobRetention {
                    months: k.months,
                    days: k.days,
                    placements: k.placements.into(),
                    retained: k.retained.into(),
                    retained_percentage: k.share,
                })
                .collect(),
            contracted_hours: ContractedHours {
                placements: r.hours.placements.into(),
                bands: coded(&r.hours.bands),
                at_least_12_hours: r.hours.at_least_12.into(),
                at_least_12_hours_percentage: r.hours.share_at_least_12,
            },
            caseload: Caseload {
                on_date: r.caseload.on,
                specialists: r.caseload.specialists,
                mean: r.caseload.mean,
                median: r.caseload.median,
                above_20: r.caseload.above_20,
            },
            employer_contacts: EmployerContactRate {
                contacts: r.contact_rate.contacts,
                specialists: r.contact_rate.specialists,
                weeks: r.contact_rate.weeks,
                per_specialist_per_week: r.contact_rate.per_specialist_per_week,
            },
            benefit_outflow: BenefitOutflow {
                clients: r.outflow.clients.into(),
                ended: r.outflow.ended.into(),
                ended_percentage: r.outflow.share,
            },
            inflow_and_dropout: InflowAndDropout {
                registrations: r.flow.registrations.into(),
                registrations_by_trajectory_type: coded(&r.flow.registrations_by_type),
                ended_early: r.flow.ended_early.into(),
                ended_early_by_reason: coded(&r.flow.ended_early_by_reason),
            },
            fidelity: (&r.fidelity).into(),
            exclusions: r
                .exclusions
                .iter()
                .map(|e| Exclusion {
                    kpi: e.kpi.to_owned(),
                    reason: e.reason.to_owned(),
                    count: e.count.into(),
                })
                .collect(),
            unavailable: r
                .unavailable
                .iter()
                .map(|u| UnavailableKpi {
                    kpi: u.kpi.to_owned(),
                    reason: u.reason.to_owned(),
                })
                .collect(),
        }
    }
}

impl From<&report::Durable> for DurablyInWork {
    fn from(d: &report::Durable) -> Self {
        Self {
            total: d.total.into(),
            regular: d.regular.into(),
            with_wage_subsidy: d.with_wage_subsidy.into(),
            sheltered: d.sheltered.into(),
            share_of_target_percentage: d.share_of_target,
            by_trajectory_type: coded(&d.by_trajectory_type),
            by_lead_organisation_kind: coded(&d.by_lead_organisation_kind),
            by_month: d
                .by_month
                .iter()
                .map(|m| DurableMonth {
                    month: m.month,
                    count: m.count.into(),
                    cumulative: m.cumulative.into(),
                })
                .collect(),
        }
    }
}

impl From<&report::Fidelity> for FidelityBands {
    fn from(f: &report::Fidelity) -> Self {
        Self {
            organisations: f.organisations,
            by_band: f
                .by_band
                .iter()
                .map(|(band, n)| BandCount {
                    band: band.clone(),
                    organisations: *n,
                })
                .collect(),
        }
    }
}

/// One region in the national report.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegionAgainstTarget {
    /// The region.
    pub region: RegionRef,
    /// Its target for the year.
    pub target: u32,
    /// K1: persons durably in work.
    pub durably_in_work: SuppressibleCount,
    /// K1 as a percentage of the target.
    pub share_of_target_percentage: Option<f64>,
    /// Whether the target is reached; `null` when a withheld count leaves it open.
    pub target_reached: Option<bool>,
    /// K2: placements started.
    pub placements_started: SuppressibleCount,
}

impl From<&RegionLine> for RegionAgainstTarget {
    fn from(l: &RegionLine) -> Self {
        Self {
            region: RegionRef {
                code: l.region.clone(),
                name: l.region_name.clone(),
            },
            target: l.target,
            durably_in_work: l.durable.into(),
            share_of_target_percentage: l.share_of_target,
            target_reached: l.target_reached,
            placements_started: l.placements_started.into(),
        }
    }
}

/// Every region against its target.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NationalOutcomeReport {
    /// What the report covers and was computed under.
    #[serde(flatten)]
    pub frame: ReportFrame,
    /// Every region in code order.
    pub regions: Vec<RegionAgainstTarget>,
    /// K1 over all regions.
    pub durably_in_work: SuppressibleCount,
    /// K2 over all regions.
    pub placements_started: SuppressibleCount,
    /// The sum of the regions' targets.
    pub target: u64,
    /// Regions that reached their target.
    pub regions_on_target: u64,
}

impl From<&NationalReport> for NationalOutcomeReport {
    fn from(n: &NationalReport) -> Self {
        Self {
            frame: (&n.frame).into(),
            regions: n.regions.iter().map(Into::into).collect(),
            durably_in_work: n.durable.into(),
            placements_started: n.placements_started.into(),
            target: n.target,
            regions_on_target: n.regions_on_target,
        }
    }
}
