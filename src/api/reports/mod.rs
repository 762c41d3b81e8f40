//! `/v1/reports/outcomes` and `/v1/reports/outcomes/national`: aggregates only, in JSON, CSV
//! or (for a region-year) an SVG chart.

pub mod chart;
mod csv;
mod dto;
pub mod format;
mod outcomes;

pub use outcomes::configure;
