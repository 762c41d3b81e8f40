//! One scenario's outcome, however it was driven.

use std::time::Duration;

/// Requests, their latency and the failed ones, over a run of `seconds`.
#[derive(Clone, Copy, Debug)]
pub struct Measurement {
    /// Requests completed, failed ones included.
    pub requests: u64,
    /// How long the run took.
    pub seconds: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th-percentile latency.
    pub p99: Duration,
    /// Requests that failed: a transport error, a timeout or a status of 400 and up.
    pub errors: u64,
}

impl Measurement {
    /// From the latencies of the successful requests and the count of failed ones.
    pub fn of(mut latencies: Vec<Duration>, errors: u64, seconds: f64) -> Self {
        latencies.sort_unstable();
        let at = |per_mille: usize| {
            latencies
                .get(latencies.len().saturating_sub(1) * per_mille / 1000)
                .copied()
                .unwrap_or_default()
        };
        Self {
            requests: latencies.len() as u64 + errors,
            seconds,
            p50: at(500),
            p99: at(990),
            errors,
        }
    }

    /// Requests per second.
    #[expect(clippy::cast_precision_loss, reason = "a rate for people to read")]
    pub fn rate(&self) -> f64 {
        if self.seconds > 0.0 {
            self.requests as f64 / self.seconds
        } else {
            0.0
        }
    }
}
