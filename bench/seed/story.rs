//! One trajectory's course: its status transitions and the jobs (placements) in it, drawn
//! so that every transition is one the type's state machine allows with its guards holding
//! on that date (a paid job running when PLACED is entered, ended when search resumes, a
//! job change only from one paid job to the next), dates never going back and nothing
//! after `limit` (the day before the client's next trajectory, or today).
//!
//! The durable-work rule (domain.md §10) is evaluated here too, on the jobs as drawn, so the
//! seeder can say how many clients it made durably employed per region and year.

use chrono::NaiveDate;
use werkpad::domain::placement::{PlacementEndReason, WorkType};
use werkpad::domain::trajectory::{EndReason, TrajectoryStatus as S, TrajectoryType};

use super::rng::{Rng, days, plus};

/// What a trajectory's course is drawn from.
#[derive(Clone, Copy, Debug)]
pub struct Brief {
    /// Its type.
    pub kind: TrajectoryType,
    /// Registration.
    pub registered: NaiveDate,
    /// Nothing happens after this day.
    pub limit: NaiveDate,
    /// It must end (in CLOSED or ENDED_EARLY) by `limit`: every trajectory but a client's
    /// last.
    pub must_end: bool,
    /// It may end by `limit` anyway.
    pub may_end: bool,
    /// Its jobs may still run after `limit` (the client's last trajectory only).
    pub open_ended: bool,
    /// How many jobs it holds.
    pub jobs: u32,
    /// Today.
    pub today: NaiveDate,
}

/// One status transition.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// From (none for the opening).
    pub from: Option<S>,
    /// To.
    pub to: S,
    /// On.
    pub date: NaiveDate,
    /// The reason a pause needs.
    pub reason: Option<&'static str>,
    /// The end reason a final status needs.
    pub end_reason: Option<EndReason>,
    /// Search started before the vocational profile was complete.
    pub profile_incomplete: bool,
}

/// One job.
#[derive(Clone, Copy, Debug)]
pub struct Job {
    /// Kind of work.
    pub work: WorkType,
    /// First day.
    pub start: NaiveDate,
    /// Last day, if it ended.
    pub end: Option<NaiveDate>,
    /// Why it ended.
    pub end_reason: Option<PlacementEndReason>,
}

/// A trajectory's course.
#[derive(Debug)]
pub struct Story {
    /// Every transition, in order.
    pub steps: Vec<Step>,
    /// Its jobs, in order.
    pub jobs: Vec<Job>,
    /// The first meeting (intake or joint intake), if it got there.
    pub intake: Option<NaiveDate>,
    /// Start of the (first) job search, if it got there.
    pub search: Option<NaiveDate>,
    /// The last pause: from, and until (when resumed).
    pub pause: Option<(NaiveDate, Option<NaiveDate>)>,
    /// The status a current pause resumes to.
    pub resume: Option<S>,
}

impl Story {
    /// Where it stands.
    pub fn status(&self) -> S {
        self.steps.last().map_or(S::Registered, |s| s.to)
    }

    /// The day of the last transition.
    pub fn status_date(&self) -> NaiveDate {
        self.steps.last().map_or(NaiveDate::MIN, |s| s.date)
    }

    /// The end, if it ended.
    pub fn end(&self) -> Option<(NaiveDate, EndReason)> {
        self.steps
            .last()
            .filter(|s| s.to.is_terminal())
            .and_then(|s| Some((s.date, s.end_reason?)))
    }

    fn go(&mut self, to: S, date: NaiveDate) -> &mut Step {
        let from = self.status();
        let date = date.max(self.status_date());
        self.steps.push(Step {
            from: Some(from),
            to,
            date,
            reason: None,
            end_reason: None,
            profile_incomplete: false,
        });
        let last = self.steps.len() - 1;
        &mut self.steps[last]
    }
}

const PAUSE_REASONS: [&str; 4] = [
    "Opname in de kliniek",
    "Crisis; werk even niet aan de orde",
    "Op verzoek van de cliënt",
    "Vakantie en herstel",
];

fn work_type(rng: &mut Rng) -> WorkType {
    use WorkType as W;
    rng.weighted(&[
        (W::RegularPaid, 52),
        (W::RegularWithWageSubsidy, 11),
        (W::AgencyOrSecondment, 9),
        (W::SelfEmployed, 2),
        (W::ShelteredWork, 3),
        (W::ShelteredWsw, 2),
        (W::TrialPlacement, 4),
        (W::WorkExperiencePlacement, 6),
        (W::ParticipationPlacement, 2),
        (W::VolunteerWork, 4),
        (W::DayActivities, 2),
        (W::Education, 3),
    ])
}

/// The phases before the search, with their usual length in days.
fn phases(rng: &mut Rng, kind: TrajectoryType) -> Vec<(S, i64)> {
    if kind == TrajectoryType::Wabz {
        let mut out = vec![
            (S::JointIntake, rng.range(7, 28)),
            (S::PlanAligned, rng.range(14, 42)),
        ];
        if rng.chance(0.5) {
            out.push((S::Activation, rng.range(14, 45)));
        }
        out.push((S::JobMatching, rng.range(14, 45)));
        out
    } else {
        let mut out = vec![(S::Intake, rng.range(3, 21))];
        if rng.chance(0.7) {
            out.push((S::VocationalProfile, rng.range(7, 28)));
        }
        out.push((S::JobSearch, rng.range(5, 30)));
        out
    }
}

/// Scales `lengths` down (never up) so that they add up to at most `room`.
pub fn fit(lengths: &mut [i64], room: i64) {
    let total: i64 = lengths.iter().sum();
    if total > room && total > 0 {
        for l in lengths.iter_mut() {
            *l = *l * room.max(0) / total;
        }
    }
}

/// The jobs of a trajectory whose search starts on `search`.
fn lay_out(rng: &mut Rng, brief: &Brief, search: NaiveDate) -> Vec<Job> {
    let n = brief.jobs as usize;
    if n == 0 {
        return Vec::new();
    }
    let works: Vec<WorkType> = (0..n).map(|_| work_type(rng)).collect();
    // Lengths in order: the wait before the first job, then each job and the gap after it.
    let rapid = matches!(brief.kind, TrajectoryType::Ips | TrajectoryType::IpsCmd);
    let mut lengths = vec![if rapid {
        rng.range(10, 75)
    } else {
        rng.range(20, 120)
    }];
    for work in &works {
        // Most paid jobs are short (a trial period, a temporary contract); one in twelve lasts
        // past half a year by itself. With ~3 jobs a working client this puts durable work
        // at several thousand clients a year at the default scale.
        lengths.push(if work.is_paid() {
            match rng.below(100) {
                0..60 => rng.range(14, 90),
                60..92 => rng.range(91, 182),
                _ => rng.range(183, 700),
            }
        } else {
            rng.range(30, 180)
        });
        // Many gaps between jobs are short (they keep a durable chain going), others long.
        lengths.push(if rng.chance(0.45) {
            rng.range(0, 20)
        } else {
            rng.range(45, 150)
        });
    }
    lengths.pop();
    let running = brief.open_ended && rng.chance(if works[n - 1].is_paid() { 0.55 } else { 0.2 });
    // A running last job needs only to have started; leave room for a final search and end.
    let last = lengths.len() - 1;
    if running {
        lengths[last] = lengths[last].min(60);
    }
    let room = days(search, brief.limit) - if brief.must_end { 3 } else { 0 };
    fit(&mut lengths, room);
    let mut jobs = Vec::with_capacity(n);
    let mut day = plus(search, lengths[0]);
    for (k, work) in works.iter().enumerate() {
        let length = lengths[1 + 2 * k].max(1);
        let start = day.min(brief.limit);
        let mut end = Some(plus(start, length - 1).min(brief.limit));
        if k == n - 1 && (running || (brief.open_ended && end >= Some(brief.today))) {
            end = None;
        }
        jobs.push(Job {
            work: *work,
            start,
            end,
            end_reason: None,
        });
        day = plus(start, length + lengths.get(2 + 2 * k).copied().unwrap_or(0));
    }
    // Why each ended: moving on to the next job, or the usual reasons.
    for k in 0..n {
        if jobs[k].end.is_none() {
            continue;
        }
        let next_soon = jobs
            .get(k + 1)
            .zip(jobs[k].end)
            .is_some_and(|(next, end)| days(end, next.start) <= 8 && next.work.is_paid());
        let work = jobs[k].work;
        jobs[k].end_reason = Some(if next_soon && work.is_paid() {
            PlacementEndReason::OtherJob
        } else if work == WorkType::TrialPlacement {
            PlacementEndReason::TrialEnded
        } else if work.is_paid() {
            use PlacementEndReason as R;
            rng.weighted(&[
                (R::ContractEnded, 32),
                (R::Resigned, 20),
                (R::Dismissed, 12),
                (R::Health, 14),
                (R::CompanyClosed, 3),
                (R::Other, 8),
            ])
        } else {
            use PlacementEndReason as R;
            rng.weighted(&[(R::Other, 50), (R::Health, 20), (R::Resigned, 30)])
        });
    }
    jobs
}

/// The day it ends, if it does: while its last (paid) job runs, or after the last job.
fn end_day(rng: &mut Rng, brief: &Brief, floor: NaiveDate, jobs: &[Job]) -> Option<NaiveDate> {
    if !(brief.must_end || (brief.may_end && rng.chance(0.6))) {
        return None;
    }
    let latest = brief.limit.min(brief.today);
    let pick = |rng: &mut Rng, from: NaiveDate, to: NaiveDate| {
        let from = from.min(to);
        plus(from, rng.range(0, days(from, to).max(0)))
    };
    match jobs.last() {
        // Closed while working: the job goes on after the trajectory.
        Some(job) if job.work.is_paid() && rng.chance(0.5) => {
            let until = job.end.map_or(latest, |e| e.min(latest));
            Some(pick(rng, plus(job.start, 30).min(until), until).max(floor))
        }
        Some(job) => {
            let after = job.end.map_or(latest, |e| plus(e, 1));
            Some(pick(rng, after, plus(after, 60).min(latest)).max(floor))
        }
        None => Some(pick(rng, floor, latest)),
    }
}

/// A final status and reason for a trajectory standing in `status` on a day its current job
/// (if any) has run `working` days.
fn ending(rng: &mut Rng, status: S, working: Option<i64>) -> (S, EndReason) {
    use EndReason as E;
    match (status, working) {
        (S::Placed | S::FollowAlong, Some(d)) if d >= 183 => (S::Closed, E::GoalReachedDurableWork),
        (S::Placed | S::FollowAlong, _) => (
            S::Closed,
            rng.weighted(&[
                (E::FundingEnded, 50),
                (E::TransferredToOtherTrajectory, 20),
                (E::ClientWithdrew, 30),
            ]),
        ),
        (S::JobSearch | S::JobMatching, _) if rng.chance(0.4) => (
            S::Closed,
            rng.weighted(&[
                (E::FundingEnded, 50),
                (E::ClientWithdrew, 30),
                (E::Other, 20),
            ]),
        ),
        _ => (
            S::EndedEarly,
            rng.weighted(&[
                (E::LostContact, 28),
                (E::Health, 30),
                (E::Moved, 10),
                (E::ClientWithdrew, 18),
                (E::TransferredToOtherTrajectory, 6),
                (E::Deceased, 1),
                (E::Other, 7),
            ]),
        ),
    }
}

/// Draws a trajectory's course.
pub fn tell(rng: &mut Rng, brief: &Brief) -> Story {
    let search_status = if brief.kind == TrajectoryType::Wabz {
        S::JobMatching
    } else {
        S::JobSearch
    };
    let mut story = Story {
        steps: vec![Step {
            from: None,
            to: S::Registered,
            date: brief.registered,
            reason: None,
            end_reason: None,
            profile_incomplete: false,
        }],
        jobs: Vec::new(),
        intake: None,
        search: None,
        pause: None,
        resume: None,
    };
    let room = days(brief.registered, brief.limit);
    let mut plan = phases(rng, brief.kind);
    // With jobs to come, the search starts within the first two fifths of the window;
    // without, it may stop anywhere on the way.
    let mut lengths: Vec<i64> = plan.iter().map(|(_, d)| *d).collect();
    fit(
        &mut lengths,
        if brief.jobs > 0 { room * 2 / 5 } else { room },
    );
    // Still only registered: only when registered lately.
    let fresh = days(brief.registered, brief.limit) < 45;
    let depth = if brief.jobs > 0 || rng.chance(0.55) {
        plan.len()
    } else if fresh {
        rng.index(plan.len())
    } else {
        1 + rng.index(plan.len() - 1)
    };
    plan.truncate(depth);
    let mut day = brief.registered;
    for ((status, _), length) in plan.iter().zip(&lengths) {
        day = plus(day, *length);
        if day > brief.limit {
            break;
        }
        let step = story.go(*status, day);
        step.profile_incomplete = *status == S::JobSearch;
        if story.intake.is_none() {
            story.intake = Some(day);
        }
        if *status == search_status {
            story.search = Some(day);
        }
    }
    if let Some(search) = story.search {
        story.jobs = lay_out(rng, brief, search);
    }
    let end = end_day(rng, brief, story.status_date(), &story.jobs);
    let cutoff = end.unwrap_or(brief.today).min(brief.limit);
    walk(rng, &mut story, search_status, cutoff);
    if let Some(end) = end {
        let working = story
            .jobs
            .iter()
            .rev()
            .find(|j| j.work.is_paid() && j.start <= end && j.end.is_none_or(|e| e >= end))
            .map(|j| days(j.start, end));
        let (to, reason) = ending(rng, story.status(), working);
        story.go(to, end).end_reason = Some(reason);
    } else if story.status() != S::Registered
        && !matches!(story.status(), S::Placed | S::FollowAlong)
        && rng.chance(0.06)
    {
        let from = story.status();
        let day = plus(brief.today, -rng.range(3, 60)).max(story.status_date());
        story.go(S::Paused, day).reason = Some(*rng.pick(&PAUSE_REASONS));
        story.pause = Some((day, None));
        story.resume = Some(from);
    }
    story
}

/// The transitions the jobs bring, up to `cutoff`.
fn walk(rng: &mut Rng, story: &mut Story, search: S, cutoff: NaiveDate) {
    let jobs = story.jobs.clone();
    for (k, job) in jobs.iter().enumerate() {
        if job.start > cutoff {
            break;
        }
        if job.work.is_paid() {
            // From the search, or a job change straight from the previous paid job.
            story.go(S::Placed, job.start);
            let until = job.end.unwrap_or(cutoff).min(cutoff);
            if days(job.start, until) > 100 && rng.chance(0.8) {
                story.go(S::FollowAlong, plus(job.start, rng.range(60, 90)));
            }
            if let Some(end) = job.end.filter(|e| plus(*e, 1) <= cutoff) {
                let changing = jobs
                    .get(k + 1)
                    .is_some_and(|n| n.work.is_paid() && days(end, n.start) <= 8);
                if !changing {
                    story.go(search, plus(end, 1));
                }
            }
        }
        // A long wait for the next job may hold a pause.
        let Some(next) = jobs.get(k + 1) else { break };
        let free_from = story.status_date();
        if story.status() == search
            && days(free_from, next.start) >= 60
            && next.start <= cutoff
            && rng.chance(0.12)
        {
            let from = plus(free_from, rng.range(5, 15));
            let until = plus(from, rng.range(14, 40).min(days(from, next.start) - 5));
            story.go(S::Paused, from).reason = Some(*rng.pick(&PAUSE_REASONS));
            story.go(search, until);
            story.pause = Some((from, Some(until)));
        }
    }
}

/// The days on which a client became durably employed (domain.md §10, default rule): each
/// chain of paid jobs with gaps of at most 30 days counts once, on the day it has lasted 183
/// days since its first job's first day, if that is not after `today`.
pub fn durable_days(
    mut paid: Vec<(NaiveDate, Option<NaiveDate>)>,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    const MIN_DAYS: i64 = 183;
    const MAX_GAP: i64 = 30;
    paid.sort();
    let mut out = Vec::new();
    // The chain's first and (so far) last day of work, and whether it has counted.
    let mut chain: Option<(NaiveDate, NaiveDate, bool)> = None;
    for (start, end) in paid {
        let end = end.unwrap_or(today).min(today);
        let (first, last, counted) = match chain {
            Some((first, last, counted)) if days(last, start) - 1 <= MAX_GAP => {
                (first, last.max(end), counted)
            }
            _ => (start, end, false),
        };
        let lasted = days(first, last) + 1 >= MIN_DAYS;
        if lasted && !counted {
            out.push(plus(first, MIN_DAYS - 1));
        }
        chain = Some((first, last, counted || lasted));
    }
    out
}

#[cfg(test)]
#[allow(clippy::panic, reason = "tests")]
mod tests {
    use chrono::NaiveDate;
    use werkpad::domain::trajectory::machine::{DEFAULT_WABZ_PHASES, Facts, Machines};
    use werkpad::domain::trajectory::{TrajectoryStatus as S, TrajectoryType};

    use super::{Brief, Job, durable_days, tell};
    use crate::seed::rng::{Rng, plus};

    fn facts(jobs: &[Job], brief: &Brief, date: NaiveDate) -> Facts {
        let paid = || jobs.iter().filter(|j| j.work.is_paid());
        Facts {
            wish_to_work_date: Some(brief.registered),
            paid_placement_running: paid()
                .any(|j| j.start <= date && j.end.is_none_or(|e| e >= date)),
            paid_placement_ended: paid().any(|j| j.end.is_some_and(|e| e <= date)),
            // WABZ clients are seeded with the consent from their registration on.
            ggz_to_wi_consent: true,
            profile_complete: false,
        }
    }

    /// Every drawn course replays through the application's own state machines: each step
    /// allowed, its guards holding on its date, with what a step needs.
    #[test]
    fn every_course_is_one_the_machines_allow() {
        let machines = Machines::new(DEFAULT_WABZ_PHASES).unwrap_or_else(|e| panic!("{e}"));
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let mut rng = Rng::new(42);
        for i in 0..20_000u64 {
            let kind = TrajectoryType::ALL[usize::try_from(i % 5).unwrap_or(0)];
            let registered = plus(today, -rng.range(10, 1095));
            let last = rng.chance(0.5);
            let limit = if last {
                today
            } else {
                plus(registered, rng.range(14, 700)).min(today)
            };
            let brief = Brief {
                kind,
                registered,
                limit,
                must_end: !last,
                may_end: last,
                open_ended: last,
                jobs: u32::try_from(rng.below(8)).unwrap_or(0),
                today,
            };
            let story = tell(&mut rng, &brief);
            let machine = machines.of(kind);
            let (mut status, mut date, mut resume) = (S::Registered, registered, None);
            for step in &story.steps[1..] {
                assert_eq!(step.from, Some(status), "{i}: {story:?}");
                assert!(
                    step.date >= date && step.date <= limit.min(today),
                    "{i}: {story:?}"
                );
                let checked = machine.check(
                    status,
                    resume,
                    step.to,
                    step.date,
                    &facts(&story.jobs, &brief, step.date),
                );
                assert!(
                    checked.is_ok(),
                    "{i}: {:?} -> {:?} on {}: {checked:?}\n{story:?}",
                    status,
                    step.to,
                    step.date
                );
                assert_eq!(step.to.is_terminal(), step.end_reason.is_some(), "{i}");
                assert_eq!(step.to == S::Paused, step.reason.is_some(), "{i}");
                resume = (step.to == S::Paused).then_some(status);
                (status, date) = (step.to, step.date);
            }
            assert_eq!(story.resume, resume, "{i}");
            assert!(!brief.must_end || status.is_terminal(), "{i}: {story:?}");
            assert_eq!(story.jobs.len(), brief.jobs as usize, "{i}");
            for job in &story.jobs {
                assert!(
                    job.start >= registered && job.start <= limit,
                    "{i}: {story:?}"
                );
                assert_eq!(job.end.is_some(), job.end_reason.is_some(), "{i}");
                assert!(
                    job.end.is_none_or(|e| e >= job.start && e <= limit),
                    "{i}: {story:?}"
                );
                assert!(brief.open_ended || job.end.is_some(), "{i}: {story:?}");
            }
        }
    }

    #[test]
    fn a_chain_with_short_gaps_counts_once_when_it_reaches_183_days() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default();
        let today = d(12, 31);
        // 1 Jan – 31 Mar, a 30-day gap, 1 May – running: durable on day 183 after 1 Jan.
        assert_eq!(
            durable_days(vec![(d(1, 1), Some(d(3, 31))), (d(5, 1), None)], today),
            vec![d(7, 2)]
        );
        // A 31-day gap breaks the chain; the second chain lasts long enough by itself.
        assert_eq!(
            durable_days(vec![(d(1, 1), Some(d(3, 31))), (d(5, 2), None)], today),
            vec![d(10, 31)]
        );
        assert!(durable_days(vec![(d(6, 1), Some(d(11, 29)))], today).is_empty());
    }
}
