//! Every region against its target: per region the persons durably in work (K1) and the
//! placements started (K2), with the national sums. Each column sums to its national total,
//! so a withheld region is protected by a second withheld region (or the total).

use super::count;
use crate::db::kpis::{self, Filter};
use crate::db::{self, DbConn};
use crate::domain::RegionCode;
use crate::domain::kpi::ReportingRules;
use crate::domain::kpi::report::{Frame, NationalReport, RegionLine};
use crate::domain::kpi::stats::percentage;
use crate::domain::kpi::table::Table;
use crate::error::AppError;

pub(super) fn assemble(
    conn: &mut DbConn,
    rules: &ReportingRules,
    frame: Frame,
) -> Result<NationalReport, AppError> {
    let filter = Filter {
        region: None,
        from: frame.from,
        to: frame.counted_until,
        organisation: None,
    };
    let durable = kpis::durable(conn, &filter, &frame.rule)?;
    let started = kpis::started(conn, &filter, None)?;
    let regions = db::regions::all(conn)?;

    let mut t = Table::default();
    let cells: Vec<_> = regions
        .iter()
        .map(|(code, _)| {
            let d: u64 = durable
                .iter()
                .filter(|g| &g.region == code)
                .map(|g| count(g.persons))
                .sum();
            let p: u64 = started
                .iter()
                .filter(|g| &g.region == code)
                .map(|g| count(g.placements))
                .sum();
            (t.cell(d), t.cell(p))
        })
        .collect();
    let durable_total = t.sum(&cells.iter().map(|(d, _)| *d).collect::<Vec<_>>());
    let started_total = t.sum(&cells.iter().map(|(_, p)| *p).collect::<Vec<_>>());
    let threshold = rules.suppression_threshold;
    let s = t.seal(threshold);

    let mut target_sum = 0;
    let mut on_target = 0;
    let lines = regions
        .into_iter()
        .zip(cells)
        .map(|((code, name), (d, p))| {
            let target = RegionCode::parse(&code).map_or(rules.targets.of_default(), |r| {
                rules.targets.of(&r, frame.year)
            });
            target_sum += u64::from(target);
            let shown = s.count(d);
            // A withheld count is below the threshold: still below any target at or above
            // it, while against a smaller target it could go either way.
            let reached = match shown.value {
                Some(v) => Some(v >= u64::from(target)),
                None if u64::from(target) >= threshold => Some(false),
                None => None,
            };
            if reached == Some(true) {
                on_target += 1;
            }
            RegionLine {
                region: code,
                region_name: name,
                target,
                durable: shown,
                share_of_target: shown.value.and_then(|v| percentage(v, u64::from(target))),
                target_reached: reached,
                placements_started: s.count(p),
            }
        })
        .collect();
    Ok(NationalReport {
        regions: lines,
        durable: s.count(durable_total),
        placements_started: s.count(started_total),
        target: target_sum,
        regions_on_target: on_target,
        frame,
    })
}
