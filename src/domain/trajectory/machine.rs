//! The trajectory state machines (domain.md §3.3 and §7) as data: the same table enforces
//! transitions and is published by `GET /trajectory-types`, so the two cannot disagree.
//!
//! IPS and IPS_CMD use the §3.3 table. JOBCOACHING and OTHER use the same state set without
//! the IPS-only guard (the wish to work before intake, from the zero-exclusion principle).
//! WABZ is provisional: its phase sequence comes from configuration (`WERKPAD_WABZ_PHASES`),
//! drawn from a fixed vocabulary so the API's status enumeration stays stable.

use chrono::NaiveDate;

use super::{TrajectoryStatus as S, TrajectoryType};

code_enum! {
    /// A condition that must hold for a transition (409 `transition_guard_failed` when not).
    Guard {
        /// The client's wish to work is recorded, on or before the transition date.
        WishToWorkDateSet = "WISH_TO_WORK_DATE_SET", "werkwens vastgelegd";
        /// A paid placement has started on or before the transition date and has not ended.
        PaidPlacementStarted = "PAID_PLACEMENT_STARTED", "betaalde plaatsing gestart";
        /// Every paid placement has ended, with an end date and end reason.
        PaidPlacementEnded = "PAID_PLACEMENT_ENDED", "betaalde plaatsing beëindigd";
        /// A paid placement has ended and a new one is running: a job change without a gap.
        JobChange = "JOB_CHANGE", "baanwissel zonder tussenpoos";
        /// A SHARE_GGZ_TO_WI consent from the lead organisation is in force and covers the
        /// categories agreed for the joint intake.
        GgzToWiConsentInForce = "GGZ_TO_WI_CONSENT_IN_FORCE", "toestemming ggz → werk en inkomen van kracht";
    }
}

code_enum! {
    /// Something worth knowing that does not block a transition.
    Warning {
        /// Job search starts before the vocational profile is complete (allowed: rapid job
        /// search, IPS principle 6).
        VocationalProfileIncomplete = "VOCATIONAL_PROFILE_INCOMPLETE", "beroepsprofiel onvolledig";
    }
}

/// A request field that a transition needs (400 `required` when missing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    /// `reason`.
    Reason,
    /// `endReason`.
    EndReason,
}

impl Required {
    /// The request field's name.
    #[must_use]
    pub const fn field(self) -> &'static str {
        match self {
            Self::Reason => "reason",
            Self::EndReason => "endReason",
        }
    }
}

/// Where a transition goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum To {
    /// A fixed status.
    Status(S),
    /// Back to the status the trajectory had when it was paused.
    Resume,
}

/// One allowed transition.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Statuses it leaves from.
    pub from: Vec<S>,
    /// Where it goes.
    pub to: To,
    /// What must hold.
    pub guards: Vec<Guard>,
    /// Request fields it needs.
    pub required: Vec<Required>,
    /// What is reported without blocking.
    pub warnings: Vec<Warning>,
}

/// The state machine of one trajectory type.
#[derive(Clone, Debug)]
pub struct Machine {
    /// The type.
    pub trajectory_type: TrajectoryType,
    /// Its statuses, the initial one first.
    pub states: Vec<S>,
    /// Its transitions.
    pub rules: Vec<Rule>,
}

/// What the guards look at, loaded by the service for the transition date.
#[derive(Clone, Copy, Debug, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent facts, each read by one guard"
)]
pub struct Facts {
    /// The trajectory's wish-to-work date.
    pub wish_to_work_date: Option<NaiveDate>,
    /// A paid placement started on or before the date and not ended before it.
    pub paid_placement_running: bool,
    /// A paid placement ended (with a reason) on or before the date.
    pub paid_placement_ended: bool,
    /// A SHARE_GGZ_TO_WI consent from the lead organisation covering the agreed categories
    /// is in force on the date.
    pub ggz_to_wi_consent: bool,
    /// The vocational profile has preferences and desired hours.
    pub profile_complete: bool,
}

/// Why a transition is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No rule leads from the current status to the target; these targets are allowed.
    NotAllowed(Vec<S>),
    /// The rule exists but this guard does not hold.
    Guard(Guard),
}

impl Guard {
    fn holds(self, facts: Facts, date: NaiveDate) -> bool {
        match self {
            Self::WishToWorkDateSet => facts.wish_to_work_date.is_some_and(|d| d <= date),
            Self::PaidPlacementStarted => facts.paid_placement_running,
            Self::PaidPlacementEnded => facts.paid_placement_ended && !facts.paid_placement_running,
            Self::JobChange => facts.paid_placement_ended && facts.paid_placement_running,
            Self::GgzToWiConsentInForce => facts.ggz_to_wi_consent,
        }
    }
}

fn rule(from: &[S], to: S) -> Rule {
    Rule {
        from: from.to_vec(),
        to: To::Status(to),
        guards: Vec::new(),
        required: Vec::new(),
        warnings: Vec::new(),
    }
}

impl Rule {
    fn guard(mut self, guard: Guard) -> Self {
        self.guards.push(guard);
        self
    }

    fn requires(mut self, field: Required) -> Self {
        self.required.push(field);
        self
    }

    fn warns(mut self, warning: Warning) -> Self {
        self.warnings.push(warning);
        self
    }
}

/// Pause, resume and early end: the same for every type (domain.md §3.3).
fn pause_resume_end(states: &[S]) -> Vec<Rule> {
    let open: Vec<S> = states
        .iter()
        .copied()
        .filter(|s| !s.is_terminal() && *s != S::Paused)
        .collect();
    let mut all_open = open.clone();
    all_open.push(S::Paused);
    vec![
        rule(&open, S::Paused).requires(Required::Reason),
        Rule {
            from: vec![S::Paused],
            to: To::Resume,
            guards: Vec::new(),
            required: Vec::new(),
            warnings: Vec::new(),
        },
        rule(&all_open, S::EndedEarly).requires(Required::EndReason),
    ]
}

/// The §3.3 machine; `ips_only` adds the guard that follows from zero exclusion.
fn ips_like(trajectory_type: TrajectoryType, ips_only: bool) -> Machine {
    let states = vec![
        S::Registered,
        S::Intake,
        S::VocationalProfile,
        S::JobSearch,
        S::Placed,
        S::FollowAlong,
        S::Paused,
        S::Closed,
        S::EndedEarly,
    ];
    let intake = rule(&[S::Registered], S::Intake);
    let mut rules = vec![
        if ips_only {
            intake.guard(Guard::WishToWorkDateSet)
        } else {
            intake
        },
        rule(&[S::Intake], S::VocationalProfile),
        rule(&[S::Intake, S::VocationalProfile], S::JobSearch)
            .warns(Warning::VocationalProfileIncomplete),
        rule(&[S::JobSearch], S::Placed).guard(Guard::PaidPlacementStarted),
        rule(&[S::Placed], S::FollowAlong),
        rule(&[S::Placed, S::FollowAlong], S::JobSearch).guard(Guard::PaidPlacementEnded),
        rule(&[S::Placed, S::FollowAlong], S::Placed).guard(Guard::JobChange),
        rule(&[S::JobSearch, S::Placed, S::FollowAlong], S::Closed).requires(Required::EndReason),
    ];
    rules.extend(pause_resume_end(&states));
    Machine {
        trajectory_type,
        states,
        rules,
    }
}

/// The WABZ phases that configuration may order, skip or leave out.
const WABZ_VOCABULARY: [S; 8] = [
    S::Registered,
    S::JointIntake,
    S::PlanAligned,
    S::Activation,
    S::JobMatching,
    S::Placed,
    S::FollowAlong,
    S::Closed,
];

/// The default WABZ phases (domain.md §7): activation may be skipped.
pub const DEFAULT_WABZ_PHASES: &str =
    "REGISTERED,JOINT_INTAKE,PLAN_ALIGNED,ACTIVATION?,JOB_MATCHING,PLACED,FOLLOW_ALONG,CLOSED";

/// Builds the WABZ machine from a phase list such as [`DEFAULT_WABZ_PHASES`]: phases in
/// order, a trailing `?` marks a phase that may be skipped. It must start with REGISTERED,
/// end with CLOSED, and contain JOB_MATCHING before PLACED; none of those may be skipped.
pub fn wabz(phases: &str) -> Result<Machine, String> {
    let mut chain: Vec<(S, bool)> = Vec::new();
    for raw in phases.split(',').map(str::trim) {
        let (code, skippable) = raw
            .strip_suffix('?')
            .map_or((raw, false), |code| (code, true));
        let status: S = code
            .parse()
            .ok()
            .filter(|s| WABZ_VOCABULARY.contains(s))
            .ok_or_else(|| {
                format!(
                    "WERKPAD_WABZ_PHASES: '{code}' is not a WABZ phase (one of {})",
                    WABZ_VOCABULARY.map(S::as_str).join(", ")
                )
            })?;
        if chain.iter().any(|(s, _)| *s == status) {
            return Err(format!("WERKPAD_WABZ_PHASES: '{code}' appears twice"));
        }
        chain.push((status, skippable));
    }
    let position = |s: S| chain.iter().position(|(c, _)| *c == s);
    let fixed = [S::Registered, S::JobMatching, S::Placed, S::Closed];
    for s in fixed {
        match position(s) {
            Some(i) if !chain[i].1 => {}
            Some(_) => {
                return Err(format!(
                    "WERKPAD_WABZ_PHASES: {} cannot be skipped",
                    s.as_str()
                ));
            }
            None => return Err(format!("WERKPAD_WABZ_PHASES must contain {}", s.as_str())),
        }
    }
    if position(S::Registered) != Some(0) || position(S::Closed) != Some(chain.len() - 1) {
        return Err("WERKPAD_WABZ_PHASES must start with REGISTERED and end with CLOSED".into());
    }
    if position(S::JobMatching) > position(S::Placed)
        || position(S::FollowAlong).is_some_and(|f| Some(f) < position(S::Placed))
    {
        return Err(
            "WERKPAD_WABZ_PHASES: JOB_MATCHING comes before PLACED, and FOLLOW_ALONG after it"
                .into(),
        );
    }

    let entering = |to: S, r: Rule| match to {
        S::JointIntake => r.guard(Guard::GgzToWiConsentInForce),
        S::Placed => r.guard(Guard::PaidPlacementStarted),
        _ => r,
    };
    let forward: Vec<S> = chain
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| *s != S::Closed)
        .collect();
    let mut rules = Vec::new();
    for (i, from) in forward.iter().enumerate() {
        // The next phase, and past every skippable one that follows.
        for (to, skippable) in chain.iter().skip(i + 1) {
            if *to == S::Closed {
                break;
            }
            rules.push(entering(*to, rule(&[*from], *to)));
            if !skippable {
                break;
            }
        }
    }
    let working: Vec<S> = [S::Placed, S::FollowAlong]
        .into_iter()
        .filter(|s| position(*s).is_some())
        .collect();
    rules.push(rule(&working, S::JobMatching).guard(Guard::PaidPlacementEnded));
    rules.push(rule(&working, S::Placed).guard(Guard::JobChange));
    let closable: Vec<S> = [S::JobMatching, S::Placed, S::FollowAlong]
        .into_iter()
        .filter(|s| position(*s).is_some())
        .collect();
    rules.push(rule(&closable, S::Closed).requires(Required::EndReason));
    let mut states: Vec<S> = chain.iter().map(|(s, _)| *s).collect();
    states.insert(states.len() - 1, S::Paused);
    states.push(S::EndedEarly);
    rules.extend(pause_resume_end(&states));
    Ok(Machine {
        trajectory_type: TrajectoryType::Wabz,
        states,
        rules,
    })
}

/// Every type's machine, as configured.
#[derive(Clone, Debug)]
pub struct Machines(Vec<Machine>);

impl Machines {
    /// The machines, with the WABZ phases from configuration.
    pub fn new(wabz_phases: &str) -> Result<Self, String> {
        Ok(Self(vec![
            ips_like(TrajectoryType::Ips, true),
            ips_like(TrajectoryType::IpsCmd, true),
            ips_like(TrajectoryType::Jobcoaching, false),
            wabz(wabz_phases)?,
            ips_like(TrajectoryType::Other, false),
        ]))
    }

    /// Every machine, in type order.
    #[must_use]
    pub fn all(&self) -> &[Machine] {
        &self.0
    }

    /// The machine of a type.
    #[must_use]
    pub fn of(&self, trajectory_type: TrajectoryType) -> &Machine {
        self.0
            .iter()
            .find(|m| m.trajectory_type == trajectory_type)
            .unwrap_or(&self.0[0])
    }
}

impl Machine {
    /// The initial status.
    #[must_use]
    pub fn initial(&self) -> S {
        self.states[0]
    }

    fn destination(to: To, resume: Option<S>) -> Option<S> {
        match to {
            To::Status(s) => Some(s),
            To::Resume => resume,
        }
    }

    /// The statuses reachable from `from` (with `resume` the status a paused trajectory
    /// returns to), in table order.
    #[must_use]
    pub fn targets(&self, from: S, resume: Option<S>) -> Vec<S> {
        let mut out = Vec::new();
        for rule in self.rules.iter().filter(|r| r.from.contains(&from)) {
            if let Some(to) = Self::destination(rule.to, resume)
                && !out.contains(&to)
            {
                out.push(to);
            }
        }
        out
    }

    /// The rule for `from` → `to`, if any.
    #[must_use]
    pub fn rule(&self, from: S, resume: Option<S>, to: S) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.from.contains(&from) && Self::destination(r.to, resume) == Some(to))
    }

    /// Checks a transition on `date`: the warnings it raises, or why it is refused.
    pub fn check(
        &self,
        from: S,
        resume: Option<S>,
        to: S,
        date: NaiveDate,
        facts: &Facts,
    ) -> Result<Vec<Warning>, Refusal> {
        let rule = self
            .rule(from, resume, to)
            .ok_or_else(|| Refusal::NotAllowed(self.targets(from, resume)))?;
        if let Some(failed) = rule.guards.iter().find(|g| !g.holds(*facts, date)) {
            return Err(Refusal::Guard(*failed));
        }
        Ok(rule
            .warnings
            .iter()
            .copied()
            .filter(|w| match w {
                Warning::VocationalProfileIncomplete => !facts.profile_complete,
            })
            .collect())
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests;
