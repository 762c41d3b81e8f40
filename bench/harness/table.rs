//! The one table a run prints, and the targets under it.

use std::fmt::Write as _;
use std::time::Duration;

use super::measurement::Measurement;

/// One scenario's row.
pub struct Row {
    /// What was done.
    pub scenario: &'static str,
    /// Open connections.
    pub connections: usize,
    /// Over HTTP.
    pub http: Measurement,
    /// `/v1/health/live` on the same server at the same connections.
    pub health: Measurement,
    /// The same work in process, straight through Diesel.
    pub storage: Option<Measurement>,
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.1}")
    }
}

fn ratio(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        format!("{:.0}%", 100.0 * part / whole)
    } else {
        "-".to_owned()
    }
}

/// The table, in Markdown so that it can go into the README as printed.
pub fn render(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| scenario | conns | req/s | p50 ms | p99 ms | errors | of health | storage req/s | storage p99 ms | of storage |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for r in rows {
        let (storage_rate, storage_p99, of_storage) = r.storage.as_ref().map_or_else(
            || ("-".to_owned(), "-".to_owned(), "-".to_owned()),
            |s| {
                (
                    format!("{:.0}", s.rate()),
                    ms(s.p99),
                    ratio(r.http.rate(), s.rate()),
                )
            },
        );
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {} |",
            r.scenario,
            r.connections,
            r.http.rate(),
            ms(r.http.p50),
            ms(r.http.p99),
            r.http.errors,
            ratio(r.http.rate(), r.health.rate()),
            storage_rate,
            storage_p99,
            of_storage,
        );
    }
    out
}

/// A target and whether the run met it.
pub struct Target {
    /// What it asks.
    pub goal: String,
    /// What was measured.
    pub measured: String,
    /// Met.
    pub met: bool,
}

/// The targets, one line each.
pub fn targets(targets: &[Target]) -> String {
    let mut out = String::new();
    for t in targets {
        let _ = writeln!(
            out,
            "- {} {}: {}",
            if t.met { "met" } else { "MISSED" },
            t.goal,
            t.measured
        );
    }
    out
}
