//! Every allowed and every forbidden transition of every type, against tables written out
//! here by hand from domain.md §3.3 and §7, and each guard.

use chrono::NaiveDate;

use super::{DEFAULT_WABZ_PHASES, Facts, Guard, Machines, Refusal, Warning, wabz};
use crate::domain::trajectory::{TrajectoryStatus as S, TrajectoryType as T};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Facts under which every guard holds.
fn all_hold() -> Facts {
    Facts {
        wish_to_work_date: Some(day("2026-01-01")),
        paid_placement_running: true,
        paid_placement_ended: true,
        ggz_to_wi_consent: true,
        profile_complete: true,
    }
}

/// Facts after a job ended and before the next one.
fn between_jobs() -> Facts {
    Facts {
        paid_placement_running: false,
        ..all_hold()
    }
}

const OPEN_IPS: [S; 6] = [
    S::Registered,
    S::Intake,
    S::VocationalProfile,
    S::JobSearch,
    S::Placed,
    S::FollowAlong,
];

/// §3.3, written out: (from, to) pairs that exist, apart from pause/resume/early end.
fn ips_table() -> Vec<(S, S)> {
    vec![
        (S::Registered, S::Intake),
        (S::Intake, S::VocationalProfile),
        (S::Intake, S::JobSearch),
        (S::VocationalProfile, S::JobSearch),
        (S::JobSearch, S::Placed),
        (S::Placed, S::FollowAlong),
        (S::Placed, S::JobSearch),
        (S::FollowAlong, S::JobSearch),
        (S::Placed, S::Placed),
        (S::FollowAlong, S::Placed),
        (S::JobSearch, S::Closed),
        (S::Placed, S::Closed),
        (S::FollowAlong, S::Closed),
    ]
}

/// §7 with the default phases, written out.
fn wabz_table() -> Vec<(S, S)> {
    vec![
        (S::Registered, S::JointIntake),
        (S::JointIntake, S::PlanAligned),
        (S::PlanAligned, S::Activation),
        (S::PlanAligned, S::JobMatching),
        (S::Activation, S::JobMatching),
        (S::JobMatching, S::Placed),
        (S::Placed, S::FollowAlong),
        (S::Placed, S::JobMatching),
        (S::FollowAlong, S::JobMatching),
        (S::Placed, S::Placed),
        (S::FollowAlong, S::Placed),
        (S::JobMatching, S::Closed),
        (S::Placed, S::Closed),
        (S::FollowAlong, S::Closed),
    ]
}

fn check_table(machines: &Machines, ty: T, open: &[S], table: &[(S, S)]) {
    let machine = machines.of(ty);
    let on = day("2026-03-01");
    for from in open.iter().copied() {
        for to in S::ALL.iter().copied() {
            let expected = table.contains(&(from, to)) || to == S::Paused || to == S::EndedEarly;
            // Leaving work needs the placement ended, a job change a new one running: the
            // guards cannot all hold at once, so a transition exists if either set passes.
            let got = machine.check(from, None, to, on, &all_hold());
            let got = got.or_else(|_| machine.check(from, None, to, on, &between_jobs()));
            assert_eq!(got.is_ok(), expected, "{ty:?} {from:?} -> {to:?}: {got:?}");
            if let Err(Refusal::NotAllowed(allowed)) = got {
                assert!(!allowed.contains(&to));
                assert!(allowed.contains(&S::EndedEarly), "named: {allowed:?}");
            }
        }
    }
    // Paused: only back to where it was, or an early end.
    for resume in open.iter().copied() {
        for to in S::ALL.iter().copied() {
            let expected = to == resume || to == S::EndedEarly;
            let got = machine.check(S::Paused, Some(resume), to, on, &all_hold());
            assert_eq!(got.is_ok(), expected, "{ty:?} paused({resume:?}) -> {to:?}");
        }
    }
    // Terminal states are final.
    for from in [S::Closed, S::EndedEarly] {
        for to in S::ALL.iter().copied() {
            assert_eq!(
                machine.check(from, None, to, on, &all_hold()),
                Err(Refusal::NotAllowed(Vec::new()))
            );
        }
    }
}

#[test]
fn ips_like_types_follow_section_3_3() {
    let machines = Machines::new(DEFAULT_WABZ_PHASES).unwrap();
    for ty in [T::Ips, T::IpsCmd, T::Jobcoaching, T::Other] {
        check_table(&machines, ty, &OPEN_IPS, &ips_table());
    }
}

#[test]
fn wabz_follows_section_7() {
    let machines = Machines::new(DEFAULT_WABZ_PHASES).unwrap();
    let open = [
        S::Registered,
        S::JointIntake,
        S::PlanAligned,
        S::Activation,
        S::JobMatching,
        S::Placed,
        S::FollowAlong,
    ];
    check_table(&machines, T::Wabz, &open, &wabz_table());
}

#[test]
fn each_guard_blocks_its_transition() {
    let machines = Machines::new(DEFAULT_WABZ_PHASES).unwrap();
    let on = day("2026-03-01");
    let ips = machines.of(T::Ips);
    let without = |f: fn(&mut Facts)| {
        let mut facts = all_hold();
        f(&mut facts);
        facts
    };
    let cases = [
        (
            ips,
            S::Registered,
            S::Intake,
            without(|f| f.wish_to_work_date = None),
            Guard::WishToWorkDateSet,
        ),
        (
            ips,
            S::Registered,
            S::Intake,
            without(|f| f.wish_to_work_date = Some("2026-03-02".parse().unwrap())),
            Guard::WishToWorkDateSet,
        ),
        (
            ips,
            S::JobSearch,
            S::Placed,
            without(|f| f.paid_placement_running = false),
            Guard::PaidPlacementStarted,
        ),
        (
            ips,
            S::Placed,
            S::JobSearch,
            all_hold(),
            Guard::PaidPlacementEnded,
        ),
        (
            ips,
            S::FollowAlong,
            S::JobSearch,
            without(|f| {
                f.paid_placement_ended = false;
                f.paid_placement_running = false;
            }),
            Guard::PaidPlacementEnded,
        ),
        (
            ips,
            S::Placed,
            S::Placed,
            without(|f| f.paid_placement_ended = false),
            Guard::JobChange,
        ),
        (
            ips,
            S::Placed,
            S::Placed,
            without(|f| f.paid_placement_running = false),
            Guard::JobChange,
        ),
        (
            machines.of(T::Wabz),
            S::Registered,
            S::JointIntake,
            without(|f| f.ggz_to_wi_consent = false),
            Guard::GgzToWiConsentInForce,
        ),
        (
            machines.of(T::Wabz),
            S::JobMatching,
            S::Placed,
            without(|f| f.paid_placement_running = false),
            Guard::PaidPlacementStarted,
        ),
    ];
    for (machine, from, to, facts, guard) in cases {
        assert_eq!(
            machine.check(from, None, to, on, &facts),
            Err(Refusal::Guard(guard)),
            "{from:?} -> {to:?}"
        );
    }
    // Zero exclusion is IPS-only: jobcoaching needs no wish-to-work date for intake.
    assert!(
        machines
            .of(T::Jobcoaching)
            .check(
                S::Registered,
                None,
                S::Intake,
                on,
                &without(|f| f.wish_to_work_date = None)
            )
            .is_ok()
    );
}

#[test]
fn an_incomplete_profile_warns_but_does_not_block() {
    let machines = Machines::new(DEFAULT_WABZ_PHASES).unwrap();
    let facts = Facts {
        profile_complete: false,
        ..all_hold()
    };
    assert_eq!(
        machines
            .of(T::Ips)
            .check(S::Intake, None, S::JobSearch, day("2026-03-01"), &facts),
        Ok(vec![Warning::VocationalProfileIncomplete])
    );
}

#[test]
fn wabz_phases_are_configurable_within_the_vocabulary() {
    let lean = wabz("REGISTERED,JOINT_INTAKE,JOB_MATCHING,PLACED,CLOSED").unwrap();
    assert!(lean.rule(S::JointIntake, None, S::JobMatching).is_some());
    assert!(lean.rule(S::Placed, None, S::FollowAlong).is_none());
    assert!(lean.rule(S::Placed, None, S::Closed).is_some());
    let skippable =
        wabz("REGISTERED,JOINT_INTAKE?,PLAN_ALIGNED?,JOB_MATCHING,PLACED,CLOSED").unwrap();
    assert!(
        skippable
            .rule(S::Registered, None, S::JobMatching)
            .is_some()
    );
    assert!(
        skippable
            .rule(S::Registered, None, S::PlanAligned)
            .is_some()
    );
    for bad in [
        "JOINT_INTAKE,REGISTERED,JOB_MATCHING,PLACED,CLOSED",
        "REGISTERED,JOB_MATCHING,PLACED",
        "REGISTERED,JOB_MATCHING,PLACED?,CLOSED",
        "REGISTERED,INTAKE,JOB_MATCHING,PLACED,CLOSED",
        "REGISTERED,PLACED,JOB_MATCHING,CLOSED",
        "REGISTERED,JOB_MATCHING,JOB_MATCHING,PLACED,CLOSED",
        "REGISTERED,JOB_MATCHING,PAUSED,PLACED,CLOSED",
    ] {
        assert!(wabz(bad).is_err(), "{bad}");
    }
}
