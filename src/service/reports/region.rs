//! A region-year report from the aggregated facts: every count goes into one table with the
//! additive relations a reader could combine (each breakdown sums to its total; the months
//! and their running totals; paid placements and the hours bands), and only then is it
//! decided what is shown.

use chrono::NaiveDate;

use super::count;
use crate::db::DbConn;
use crate::db::kpis::{self, Filter, WaitGroup};
use crate::domain::fidelity::Band;
use crate::domain::kpi::ReportingRules;
use crate::domain::kpi::report::{
    Caseload, Coded, ContactRate, Coverage, Durable, Exclusion, Fidelity, Flow, Frame, Hours,
    Month, Outflow, RegionReport, Retention, Started, Unavailable, Wait,
};
use crate::domain::kpi::stats::{median, percentage};
use crate::domain::kpi::table::{CellId, Sealed, Table};
use crate::domain::placement::WorkType;
use crate::domain::trajectory::{EndReason, TrajectoryType};
use crate::domain::{OrganisationKind, RegionCode};
use crate::error::AppError;

/// The retention horizons of K5: 3, 6 and 12 months, counted in days so that both
/// databases count them alike.
pub const HORIZONS: [(u32, u32); 3] = [(3, 91), (6, 183), (12, 365)];

/// The bands of K6, by their lower bound in hours a week.
const HOUR_BANDS: [&str; 5] = ["0-8", "8-12", "12-20", "20-32", "32+"];

/// Cells under codes, and their sealed form.
struct Codes(Vec<(&'static str, CellId)>);

impl Codes {
    fn new(t: &mut Table, codes: &[&'static str], value: impl Fn(&str) -> u64) -> Self {
        Self(codes.iter().map(|c| (*c, t.cell(value(c)))).collect())
    }

    fn ids(&self) -> Vec<CellId> {
        self.0.iter().map(|(_, id)| *id).collect()
    }

    fn get(&self, code: &str) -> Option<CellId> {
        self.0.iter().find(|(c, _)| *c == code).map(|(_, id)| *id)
    }

    fn publish(&self, sealed: &Sealed) -> Vec<Coded> {
        self.0
            .iter()
            .map(|(code, id)| Coded {
                code: (*code).to_owned(),
                count: sealed.count(*id),
            })
            .collect()
    }
}

fn codes_of<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

struct WaitCells {
    reached: CellId,
    pending: CellId,
    pending_over_30: CellId,
    trajectories: CellId,
    judged: CellId,
    within_30: CellId,
    histogram: Vec<(i64, u64)>,
}

fn wait_cells(t: &mut Table, groups: &[WaitGroup]) -> WaitCells {
    let sum = |f: &dyn Fn(&WaitGroup) -> bool| {
        groups
            .iter()
            .filter(|g| f(g))
            .map(|g| count(g.trajectories))
            .sum::<u64>()
    };
    // An event before the trajectory's start (a contact made during registration) waited
    // no days.
    let histogram: Vec<(i64, u64)> = groups
        .iter()
        .filter_map(|g| g.days.map(|d| (d.max(0), count(g.trajectories))))
        .collect();
    let reached = t.cell(sum(&|g| g.days.is_some()));
    let pending_over_30 = t.cell(sum(&|g| g.days.is_none() && g.past_30_days == 1));
    let pending_recent = sum(&|g| g.days.is_none() && g.past_30_days == 0);
    let pending = t.cell(t.raw(pending_over_30) + pending_recent);
    let trajectories = t.sum(&[reached, pending]);
    let judged = t.sum(&[reached, pending_over_30]);
    let within_30 = t.cell(
        histogram
            .iter()
            .filter(|(d, _)| *d <= 30)
            .map(|(_, n)| n)
            .sum(),
    );
    WaitCells {
        reached,
        pending,
        pending_over_30,
        trajectories,
        judged,
        within_30,
        histogram,
    }
}

fn publish_wait(s: &Sealed, w: &WaitCells) -> Wait {
    Wait {
        trajectories: s.count(w.trajectories),
        reached: s.count(w.reached),
        pending: s.count(w.pending),
        pending_over_30_days: s.count(w.pending_over_30),
        // A median of fewer people than the threshold would describe individuals.
        median_days: s
            .count(w.reached)
            .value
            .filter(|n| *n > 0)
            .and_then(|_| median(&w.histogram)),
        judged: s.count(w.judged),
        within_30_days: s.count(w.within_30),
        share_within_30_days: s.share(w.within_30, w.judged),
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "one table for the whole report, built in order"
)]
pub(super) fn assemble(
    conn: &mut DbConn,
    rules: &ReportingRules,
    frame: Frame,
    region: &RegionCode,
    region_name: String,
    today: NaiveDate,
) -> Result<RegionReport, AppError> {
    let filter = Filter {
        region: Some(region.clone()),
        from: frame.from,
        to: frame.counted_until,
        organisation: match frame.coverage {
            Coverage::Region => None,
            Coverage::Organisation(o) => Some(o),
        },
    };
    let rule = &frame.rule;
    let durable = kpis::durable(conn, &filter, rule)?;
    let started = kpis::started(conn, &filter, rule.min_hours_per_week)?;
    let waits = kpis::waits(conn, &filter)?;
    let erased_started = kpis::erased_started(conn, &filter)?;
    let horizons: Vec<u32> = HORIZONS.iter().map(|(_, d)| *d).collect();
    let retention = kpis::retention(conn, &filter, &horizons)?;
    let caseload = kpis::caseload(conn, &filter)?;
    let contacts = kpis::contact_rate(conn, &filter)?;
    let outflow = kpis::outflow(conn, &filter)?;
    let registrations = kpis::registrations(conn, &filter)?;
    let endings = kpis::early_endings(conn, &filter)?;
    let reviews = kpis::fidelity_bands(conn, &filter)?;

    let types = codes_of(TrajectoryType::ALL, TrajectoryType::as_str);
    let kinds = codes_of(OrganisationKind::ALL, OrganisationKind::as_str);
    let work_types = codes_of(WorkType::ALL, WorkType::as_str);
    let reasons = codes_of(EndReason::ALL, EndReason::as_str);
    let mut t = Table::default();

    // K1, with its breakdowns.
    let persons = |f: &dyn Fn(&kpis::DurableGroup) -> bool| {
        durable
            .iter()
            .filter(|g| f(g))
            .map(|g| count(g.persons))
            .sum::<u64>()
    };
    let k1_types = Codes::new(&mut t, &types, |c| persons(&|g| g.trajectory_type == c));
    let k1_total = t.sum(&k1_types.ids());
    let k1_kinds = Codes::new(&mut t, &kinds, |c| persons(&|g| g.lead_kind == c));
    t.relate(k1_total, &k1_kinds.ids());
    let regular = t.cell(persons(&|g| g.sheltered == 0 && g.subsidised == 0));
    let subsidised = t.cell(persons(&|g| g.subsidised == 1));
    let sheltered = t.cell(persons(&|g| g.sheltered == 1));
    t.relate(k1_total, &[regular, subsidised, sheltered]);
    let months_begun = chrono::Datelike::month(&frame.counted_until);
    let mut months = Vec::new();
    let mut running: Option<CellId> = None;
    for m in 1..=months_begun {
        let month = t.cell(persons(&|g| u32::try_from(g.month) == Ok(m)));
        let cumulative = match running {
            None => t.sum(&[month]),
            Some(before) => t.sum(&[before, month]),
        };
        running = Some(cumulative);
        months.push((m, month, cumulative));
    }
    t.relate(
        k1_total,
        &months.iter().map(|(_, m, _)| *m).collect::<Vec<_>>(),
    );
    if let Some(last) = running {
        t.relate(k1_total, &[last]);
    }

    // K2, K6, K13.
    let placements = |f: &dyn Fn(&kpis::StartedGroup) -> bool| {
        started
            .iter()
            .filter(|g| f(g))
            .map(|g| count(g.placements))
            .sum::<u64>()
    };
    let k2_work = Codes::new(&mut t, &work_types, |c| placements(&|g| g.work_type == c));
    let k2_total = t.sum(&k2_work.ids());
    let k2_types = Codes::new(&mut t, &types, |c| placements(&|g| g.trajectory_type == c));
    t.relate(k2_total, &k2_types.ids());
    let paid_ids: Vec<CellId> = WorkType::paid()
        .iter()
        .filter_map(|w| k2_work.get(w.as_str()))
        .collect();
    let paid = t.sum(&paid_ids);
    let competitive = k2_work.get(WorkType::RegularPaid.as_str()).unwrap_or(paid);
    let is_paid = |code: &str| WorkType::paid().iter().any(|w| w.as_str() == code);
    let bands: Vec<CellId> = (0..HOUR_BANDS.len())
        .map(|b| {
            t.cell(placements(&|g| {
                is_paid(&g.work_type) && usize::try_from(g.hours_band) == Ok(b)
            }))
        })
        .collect();
    t.relate(paid, &bands);
    let at_least_12 = t.sum(&bands[2..]);
    let uncounted_ids: Vec<CellId> = WorkType::ALL
        .iter()
        .filter(|w| !rule.counted_work_types.contains(w))
        .filter_map(|w| k2_work.get(w.as_str()))
        .collect();
    let uncounted = t.sum(&uncounted_ids);
    let below_min = rule.min_hours_per_week.map(|_| {
        t.cell(placements(&|g| {
            g.below_min_hours == 1
                && rule
                    .counted_work_types
                    .iter()
                    .any(|w| w.as_str() == g.work_type)
        }))
    });

    // K3, K4.
    let first_contact = wait_cells(&mut t, &waits.contact);
    let first_placement = wait_cells(&mut t, &waits.placement);
    let erased = t.cell(count(erased_started));

    // K5.
    let retention_cells: Vec<(u32, u32, CellId, CellId)> = HORIZONS
        .iter()
        .map(|(months, days)| {
            let row = retention
                .iter()
                .find(|r| u32::try_from(r.horizon) == Ok(*days));
            let eligible = t.cell(row.map_or(0, |r| count(r.eligible)));
            let retained = t.cell(row.map_or(0, |r| count(r.retained)));
            (*months, *days, eligible, retained)
        })
        .collect();

    // K9.
    let outflow_clients = t.cell(count(outflow.clients));
    let outflow_ended = t.cell(count(outflow.ended));

    // K10.
    let inflow = Codes::new(&mut t, &types, |c| {
        registrations
            .iter()
            .filter(|r| r.code == c)
            .map(|r| count(r.n))
            .sum()
    });
    let inflow_total = t.sum(&inflow.ids());
    let early = Codes::new(&mut t, &reasons, |c| {
        endings
            .iter()
            .filter(|r| r.code == c)
            .map(|r| count(r.n))
            .sum()
    });
    let early_total = t.sum(&early.ids());

    let target = rules.targets.of(region, frame.year);
    let s = t.seal(rules.suppression_threshold);

    // K7 and K8 count professionals, not clients.
    let loads: Vec<(i64, u64)> = caseload
        .iter()
        .map(|c| (c.caseload, count(c.specialists)))
        .collect();
    let specialists: u64 = loads.iter().map(|(_, n)| n).sum();
    let carried: u64 = loads.iter().map(|(c, n)| count(*c) * n).sum();
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let mean =
        (specialists > 0).then(|| (carried as f64 / specialists as f64 * 10.0).round() / 10.0);
    let days = (frame.counted_until - frame.from).num_days() + 1;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let weeks = days as f64 / 7.0;
    #[expect(clippy::cast_precision_loss, reason = "small counts")]
    let rate = (contacts.specialists > 0 && weeks > 0.0).then(|| {
        (contacts.contacts as f64 / contacts.specialists as f64 / weeks * 100.0).round() / 100.0
    });

    let mut exclusions = vec![
        Exclusion {
            kpi: "K1",
            reason: "WORK_TYPE_NOT_COUNTED",
            count: s.count(uncounted),
        },
        Exclusion {
            kpi: "K3",
            reason: "ERASED_CLIENT_CONTACTS_NOT_KEPT",
            count: s.count(erased),
        },
    ];
    if let Some(below) = below_min {
        exclusions.push(Exclusion {
            kpi: "K1",
            reason: "BELOW_MIN_HOURS",
            count: s.count(below),
        });
    }

    Ok(RegionReport {
        region: region.as_str().to_owned(),
        region_name,
        target,
        durable: Durable {
            total: s.count(k1_total),
            regular: s.count(regular),
            with_wage_subsidy: s.count(subsidised),
            sheltered: s.count(sheltered),
            share_of_target: s
                .count(k1_total)
                .value
                .and_then(|v| percentage(v, u64::from(target))),
            by_trajectory_type: k1_types.publish(&s),
            by_lead_organisation_kind: k1_kinds.publish(&s),
            by_month: months
                .iter()
                .map(|(m, month, cumulative)| Month {
                    month: *m,
                    count: s.count(*month),
                    cumulative: s.count(*cumulative),
                })
                .collect(),
        },
        started: Started {
            total: s.count(k2_total),
            by_work_type: k2_work.publish(&s),
            by_trajectory_type: k2_types.publish(&s),
            paid: s.count(paid),
            competitive: s.count(competitive),
            competitive_share: s.share(competitive, paid),
        },
        first_contact: publish_wait(&s, &first_contact),
        first_placement: publish_wait(&s, &first_placement),
        retention: retention_cells
            .iter()
            .map(|(months, days, eligible, retained)| Retention {
                months: *months,
                days: *days,
                placements: s.count(*eligible),
                retained: s.count(*retained),
                share: s.share(*retained, *eligible),
            })
            .collect(),
        hours: Hours {
            placements: s.count(paid),
            bands: HOUR_BANDS
                .iter()
                .zip(&bands)
                .map(|(code, id)| Coded {
                    code: (*code).to_owned(),
                    count: s.count(*id),
                })
                .collect(),
            at_least_12: s.count(at_least_12),
            share_at_least_12: s.share(at_least_12, paid),
        },
        caseload: Caseload {
            on: today,
            specialists,
            mean,
            median: median(&loads),
            above_20: loads.iter().filter(|(c, _)| *c > 20).map(|(_, n)| n).sum(),
        },
        contact_rate: ContactRate {
            contacts: count(contacts.contacts),
            specialists: count(contacts.specialists),
            weeks: (weeks * 10.0).round() / 10.0,
            per_specialist_per_week: rate,
        },
        outflow: Outflow {
            clients: s.count(outflow_clients),
            ended: s.count(outflow_ended),
            share: s.share(outflow_ended, outflow_clients),
        },
        flow: Flow {
            registrations: s.count(inflow_total),
            registrations_by_type: inflow.publish(&s),
            ended_early: s.count(early_total),
            ended_early_by_reason: early.publish(&s),
        },
        fidelity: Fidelity {
            organisations: reviews.iter().map(|b| count(b.n)).sum(),
            by_band: Band::ALL
                .iter()
                .map(|band| {
                    let n = reviews
                        .iter()
                        .filter(|b| b.code == band.as_str())
                        .map(|b| count(b.n))
                        .sum();
                    (band.as_str().to_owned(), n)
                })
                .collect(),
        },
        exclusions,
        unavailable: vec![Unavailable {
            kpi: "K11",
            reason: "werkpad does not record ZRM assessments yet.",
        }],
        frame,
    })
}
