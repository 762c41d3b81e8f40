//! The KPI facts (domain.md §11), aggregated in SQL over the `kpi_trajectories` and
//! `kpi_placements` views (live case data and erased clients' tombstones). Every query
//! returns counts grouped by what a report breaks down by, never a row per client, so a
//! region-year report reads a few hundred numbers whatever the region's size.

mod dialect;
mod durable;
mod facts;

pub use dialect::Dialect;
pub use durable::{DurableGroup, durable};
pub use facts::*;

use chrono::NaiveDate;

use crate::domain::{OrganisationId, RegionCode};

/// Which facts a report aggregates.
#[derive(Clone, Debug)]
pub struct Filter {
    /// One region, or every region (the national report, grouped by region).
    pub region: Option<RegionCode>,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day counted: the period's end, or today while the period runs.
    pub to: NaiveDate,
    /// Only the trajectories led by this organisation (a caseworker's report).
    pub organisation: Option<OrganisationId>,
}

impl Filter {
    /// The condition on a view's client region column.
    fn region_on(&self, column: &str) -> String {
        self.region.as_ref().map_or_else(
            || "1 = 1".to_owned(),
            |r| format!("{column} = {}", dialect::region(r)),
        )
    }

    /// The condition on a lead-organisation column.
    fn organisation_on(&self, column: &str) -> String {
        self.organisation.map_or_else(
            || "1 = 1".to_owned(),
            |o| format!("{column} = {}", dialect::id(o)),
        )
    }
}
