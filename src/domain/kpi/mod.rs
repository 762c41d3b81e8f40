//! Outcome figures (domain.md §10, §11): the rules they are computed under, the small
//! statistics over the distributions the database aggregates, and the disclosure control
//! that decides which cells of a report may be shown. Nothing here does I/O; the KPI facts
//! are aggregated in SQL (`db::kpis`).

pub mod report;
pub mod rule;
pub mod stats;
pub mod suppression;
pub mod table;

pub use rule::{DurabilityRule, ReportingRules, Targets};
