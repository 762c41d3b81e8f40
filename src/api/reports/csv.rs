//! The CSV form of the reports (RFC 4180, with a header row): one line per figure, in the
//! long format spreadsheets and BI tools pivot directly. `kpi` names the indicator,
//! `measure` the figure, `breakdown` and `code` the cell of a breakdown; `value` is empty
//! and `suppressed` is `true` for a withheld count. The first lines (`kpi` = `REPORT`) state
//! what the report covers and was computed under.

use super::dto::{
    Caseload, CodedCount, ContractedHours, DurablyInWork, EmployerContactRate,
    NationalOutcomeReport, PlacementsStarted, RegionOutcomeReport, ReportFrame, SuppressibleCount,
    TimeToFirst,
};
use crate::error::AppError;

struct Sheet {
    writer: csv::Writer<Vec<u8>>,
    /// The first write that failed (writing into memory fails only on a bug).
    failed: Option<csv::Error>,
}

impl Sheet {
    fn new() -> Result<Self, AppError> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(["kpi", "measure", "breakdown", "code", "value", "suppressed"])
            .map_err(internal)?;
        Ok(Self {
            writer: w,
            failed: None,
        })
    }

    fn row(
        &mut self,
        kpi: &str,
        measure: &str,
        breakdown: &str,
        code: &str,
        value: &str,
        suppressed: bool,
    ) {
        let written = self.writer.write_record([
            kpi,
            measure,
            breakdown,
            code,
            value,
            if suppressed { "true" } else { "false" },
        ]);
        if let Err(e) = written {
            self.failed.get_or_insert(e);
        }
    }

    fn text(&mut self, measure: &str, value: &str) {
        self.row("REPORT", measure, "", "", value, false);
    }

    fn count(&mut self, kpi: &str, measure: &str, c: SuppressibleCount) {
        self.cell(kpi, measure, "", "", c);
    }

    fn cell(
        &mut self,
        kpi: &str,
        measure: &str,
        breakdown: &str,
        code: &str,
        c: SuppressibleCount,
    ) {
        let value = c.value.map(|v| v.to_string()).unwrap_or_default();
        self.row(kpi, measure, breakdown, code, &value, c.suppressed);
    }

    fn number(&mut self, kpi: &str, measure: &str, value: Option<f64>) {
        let value = value.map(|v| v.to_string()).unwrap_or_default();
        self.row(kpi, measure, "", "", &value, false);
    }

    fn coded(&mut self, kpi: &str, measure: &str, breakdown: &str, items: &[CodedCount]) {
        for item in items {
            self.cell(kpi, measure, breakdown, &item.code, item.count);
        }
    }

    fn frame(&mut self, f: &ReportFrame) {
        self.text("year", &f.year.to_string());
        self.text("fromDate", &f.period.from_date.to_string());
        self.text("toDate", &f.period.to_date.to_string());
        self.text("countedUntilDate", &f.period.counted_until_date.to_string());
        self.text("coverage", &f.coverage.scope);
        if let Some(o) = f.coverage.organisation_id {
            self.text("organisationId", &o.to_string());
        }
        self.text("durabilityRuleVersion", &f.durability_rule.version);
        self.text("durabilityMinDays", &f.durability_rule.min_days.to_string());
        self.text(
            "durabilityMaxGapDays",
            &f.durability_rule.max_gap_days.to_string(),
        );
        self.text("regionListVersion", &f.region_list_version);
        self.text("suppressionMethod", &f.suppression.method);
        self.text("suppressionThreshold", &f.suppression.threshold.to_string());
    }

    fn finish(self) -> Result<String, AppError> {
        if let Some(e) = self.failed {
            return Err(internal(e));
        }
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| internal(e.into_error()))?;
        String::from_utf8(bytes).map_err(internal)
    }
}

fn internal(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("CSV rendering failed: {error}"))
}

/// A region-year as CSV.
pub fn region(report: &RegionOutcomeReport) -> Result<String, AppError> {
    let mut sheet = Sheet::new()?;
    sheet.text("region", &report.region.code);
    sheet.text("regionName", &report.region.name);
    sheet.frame(&report.frame);
    sheet.text("target", &report.target.to_string());
    sheet.durable(&report.durably_in_work);
    sheet.started(&report.placements_started, &report.contracted_hours);
    sheet.wait("K3", &report.time_to_first_employer_contact);
    sheet.wait("K4", &report.time_to_first_paid_placement);
    for k in &report.job_retention {
        let months = k.months.to_string();
        sheet.cell("K5", "placements", "months", &months, k.placements);
        sheet.cell("K5", "retained", "months", &months, k.retained);
        let share = k
            .retained_percentage
            .map(|v| v.to_string())
            .unwrap_or_default();
        sheet.row("K5", "retainedPercentage", "months", &months, &share, false);
    }
    sheet.professionals(&report.caseload, &report.employer_contacts);
    let outflow = &report.benefit_outflow;
    sheet.count("K9", "clients", outflow.clients);
    sheet.count("K9", "ended", outflow.ended);
    sheet.number("K9", "endedPercentage", outflow.ended_percentage);
    let flow = &report.inflow_and_dropout;
    sheet.count("K10", "registrations", flow.registrations);
    sheet.coded(
        "K10",
        "registrations",
        "trajectoryType",
        &flow.registrations_by_trajectory_type,
    );
    sheet.count("K10", "endedEarly", flow.ended_early);
    sheet.coded(
        "K10",
        "endedEarly",
        "endReason",
        &flow.ended_early_by_reason,
    );
    sheet.row(
        "K12",
        "organisations",
        "",
        "",
        &report.fidelity.organisations.to_string(),
        false,
    );
    for b in &report.fidelity.by_band {
        let n = b.organisations.to_string();
        sheet.row("K12", "organisations", "band", &b.band, &n, false);
    }
    for x in &report.exclusions {
        sheet.cell(&x.kpi, "excluded", "reason", &x.reason, x.count);
    }
    for u in &report.unavailable {
        sheet.row(&u.kpi, "unavailable", "", "", &u.reason, false);
    }
    sheet.finish()
}

impl Sheet {
    fn durable(&mut self, d: &DurablyInWork) {
        self.count("K1", "durablyInWork", d.total);
        self.count("K1", "regular", d.regular);
        self.count("K1", "withWageSubsidy", d.with_wage_subsidy);
        self.count("K1", "sheltered", d.sheltered);
        self.number(
            "K1",
            "shareOfTargetPercentage",
            d.share_of_target_percentage,
        );
        self.coded(
            "K1",
            "durablyInWork",
            "trajectoryType",
            &d.by_trajectory_type,
        );
        self.coded(
            "K1",
            "durablyInWork",
            "leadOrganisationKind",
            &d.by_lead_organisation_kind,
        );
        for m in &d.by_month {
            let month = m.month.to_string();
            self.cell("K1", "durablyInWork", "month", &month, m.count);
            self.cell("K1", "cumulative", "month", &month, m.cumulative);
        }
    }

    fn started(&mut self, p: &PlacementsStarted, h: &ContractedHours) {
        self.count("K2", "placementsStarted", p.total);
        self.coded("K2", "placementsStarted", "workType", &p.by_work_type);
        self.coded(
            "K2",
            "placementsStarted",
            "trajectoryType",
            &p.by_trajectory_type,
        );
        self.count("K13", "paid", p.paid);
        self.count("K13", "competitive", p.competitive);
        self.number(
            "K13",
            "competitivePercentage",
            p.competitive_share_percentage,
        );
        self.count("K6", "placements", h.placements);
        self.coded("K6", "placements", "hoursPerWeek", &h.bands);
        self.count("K6", "atLeast12Hours", h.at_least_12_hours);
        self.number(
            "K6",
            "atLeast12HoursPercentage",
            h.at_least_12_hours_percentage,
        );
    }

    fn wait(&mut self, kpi: &str, w: &TimeToFirst) {
        self.count(kpi, "trajectories", w.trajectories);
        self.count(kpi, "reached", w.reached);
        self.count(kpi, "pending", w.pending);
        self.count(kpi, "pendingOver30Days", w.pending_over_30_days);
        self.number(kpi, "medianDays", w.median_days);
        self.count(kpi, "judged", w.judged);
        self.count(kpi, "within30Days", w.within_30_days);
        self.number(kpi, "within30DaysPercentage", w.within_30_days_percentage);
    }

    fn professionals(&mut self, c: &Caseload, e: &EmployerContactRate) {
        self.row("K7", "onDate", "", "", &c.on_date.to_string(), false);
        self.row(
            "K7",
            "specialists",
            "",
            "",
            &c.specialists.to_string(),
            false,
        );
        self.number("K7", "mean", c.mean);
        self.number("K7", "median", c.median);
        self.row("K7", "above20", "", "", &c.above_20.to_string(), false);
        self.row("K8", "contacts", "", "", &e.contacts.to_string(), false);
        self.row(
            "K8",
            "specialists",
            "",
            "",
            &e.specialists.to_string(),
            false,
        );
        self.number("K8", "weeks", Some(e.weeks));
        self.number("K8", "perSpecialistPerWeek", e.per_specialist_per_week);
    }
}

/// The national report as CSV.
pub fn national(report: &NationalOutcomeReport) -> Result<String, AppError> {
    let n = report;
    let mut s = Sheet::new()?;
    s.frame(&n.frame);
    s.text("target", &n.target.to_string());
    s.text("regionsOnTarget", &n.regions_on_target.to_string());
    s.count("K1", "durablyInWork", n.durably_in_work);
    s.count("K2", "placementsStarted", n.placements_started);
    for r in &n.regions {
        let code = &r.region.code;
        s.row(
            "TARGET",
            "target",
            "region",
            code,
            &r.target.to_string(),
            false,
        );
        s.cell("K1", "durablyInWork", "region", code, r.durably_in_work);
        let share = r
            .share_of_target_percentage
            .map(|v| v.to_string())
            .unwrap_or_default();
        s.row(
            "K1",
            "shareOfTargetPercentage",
            "region",
            code,
            &share,
            false,
        );
        let reached = r.target_reached.map(|v| v.to_string()).unwrap_or_default();
        s.row("K1", "targetReached", "region", code, &reached, false);
        s.cell(
            "K2",
            "placementsStarted",
            "region",
            code,
            r.placements_started,
        );
    }
    s.finish()
}
