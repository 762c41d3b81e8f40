//! The storage ceiling: a scenario's work done in this process, straight through the
//! service layer and Diesel, with no HTTP, no JSON and no socket. Each of `connections`
//! tasks repeats the work back to back for the run's duration, as wrk's connections do.

use std::future::Future;
use std::rc::Rc;
use std::time::{Duration, Instant};

use super::measurement::Measurement;

/// Runs `op(task, round)` from `connections` tasks for `duration`; an `Err` counts as an
/// error and is reported once, so a broken scenario is seen, not averaged away.
pub async fn measure<F, Fut, E>(connections: usize, duration: Duration, op: F) -> Measurement
where
    F: Fn(usize, u64) -> Fut + 'static,
    Fut: Future<Output = Result<(), E>> + 'static,
    E: std::fmt::Display,
{
    let op = Rc::new(op);
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|task| {
            let op = Rc::clone(&op);
            actix_web::rt::spawn(async move {
                let (mut latencies, mut errors, mut first_error) = (Vec::new(), 0_u64, None);
                let mut round = 0;
                while Instant::now() < deadline {
                    let start = Instant::now();
                    match op(task, round).await {
                        Ok(()) => latencies.push(start.elapsed()),
                        Err(e) => {
                            errors += 1;
                            first_error.get_or_insert_with(|| e.to_string());
                        }
                    }
                    round += 1;
                }
                (latencies, errors, first_error)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        if let Ok((l, e, first)) = task.await {
            latencies.extend(l);
            errors += e;
            if let Some(first) = first {
                eprintln!("  in process: {e} errors, the first: {first}");
            }
        }
    }
    Measurement::of(latencies, errors, started.elapsed().as_secs_f64())
}
