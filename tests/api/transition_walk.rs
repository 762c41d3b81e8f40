//! Per trajectory type, every allowed and every forbidden transition over HTTP, against a
//! table written out here from domain.md §3.3 and §7 (not read from the server): a
//! trajectory is brought to each status with the facts its guards need, every forbidden
//! target must answer 409 with exactly the allowed ones and change nothing, and every
//! allowed target must succeed on a fresh trajectory in that status.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::support::{TestApp, TestUser};

const ALL: [&str; 13] = [
    "REGISTERED",
    "INTAKE",
    "VOCATIONAL_PROFILE",
    "JOB_SEARCH",
    "PLACED",
    "FOLLOW_ALONG",
    "PAUSED",
    "CLOSED",
    "ENDED_EARLY",
    "JOINT_INTAKE",
    "PLAN_ALIGNED",
    "ACTIVATION",
    "JOB_MATCHING",
];

/// From each open status (not PAUSED), where it may go, besides PAUSED and ENDED_EARLY.
fn table(kind: &str) -> Vec<(&'static str, Vec<&'static str>)> {
    if kind == "WABZ" {
        vec![
            ("REGISTERED", vec!["JOINT_INTAKE"]),
            ("JOINT_INTAKE", vec!["PLAN_ALIGNED"]),
            ("PLAN_ALIGNED", vec!["ACTIVATION", "JOB_MATCHING"]),
            ("ACTIVATION", vec!["JOB_MATCHING"]),
            ("JOB_MATCHING", vec!["PLACED", "CLOSED"]),
            (
                "PLACED",
                vec!["FOLLOW_ALONG", "JOB_MATCHING", "PLACED", "CLOSED"],
            ),
            ("FOLLOW_ALONG", vec!["JOB_MATCHING", "PLACED", "CLOSED"]),
        ]
    } else {
        vec![
            ("REGISTERED", vec!["INTAKE"]),
            ("INTAKE", vec!["VOCATIONAL_PROFILE", "JOB_SEARCH"]),
            ("VOCATIONAL_PROFILE", vec!["JOB_SEARCH"]),
            ("JOB_SEARCH", vec!["PLACED", "CLOSED"]),
            (
                "PLACED",
                vec!["FOLLOW_ALONG", "JOB_SEARCH", "PLACED", "CLOSED"],
            ),
            ("FOLLOW_ALONG", vec!["JOB_SEARCH", "PLACED", "CLOSED"]),
        ]
    }
}

/// How to reach each open status from REGISTERED.
fn path_to(kind: &str, status: &str) -> Vec<&'static str> {
    let chain: &[&'static str] = if kind == "WABZ" {
        &[
            "JOINT_INTAKE",
            "PLAN_ALIGNED",
            "ACTIVATION",
            "JOB_MATCHING",
            "PLACED",
            "FOLLOW_ALONG",
        ]
    } else {
        &[
            "INTAKE",
            "VOCATIONAL_PROFILE",
            "JOB_SEARCH",
            "PLACED",
            "FOLLOW_ALONG",
        ]
    };
    let end = chain.iter().position(|s| *s == status).map_or(0, |i| i + 1);
    chain[..end].to_vec()
}

struct Case<'a> {
    app: &'a TestApp,
    es: &'a TestUser,
    uwv: &'a str,
    employer: &'a str,
}

/// A trajectory with its running placement, if any.
struct Walker {
    id: String,
    placement: Option<String>,
    status: &'static str,
    placements: u32,
}

impl Case<'_> {
    async fn open(&self, kind: &str) -> Walker {
        let client = self.app.client_by(self.es).await;
        if kind == "WABZ" {
            self.app
                .consent(
                    self.es,
                    &client,
                    self.uwv,
                    &["TRAJECTORY_STATUS", "FUNCTIONAL_ADVICE"],
                )
                .await;
        }
        let id = self
            .app
            .trajectory_with(
                self.es,
                json!({ "clientId": client, "type": kind, "registrationDate": "2026-01-05",
                        "wishToWorkDate": "2026-01-05" }),
            )
            .await;
        Walker {
            id,
            placement: None,
            status: "REGISTERED",
            placements: 0,
        }
    }

    /// Arranges the facts the guards of `from` → `to` read.
    async fn prepare(&self, w: &mut Walker, to: &str) {
        let working = matches!(w.status, "PLACED" | "FOLLOW_ALONG");
        let leaving_work = working && matches!(to, "JOB_SEARCH" | "JOB_MATCHING");
        let new_job = to == "PLACED";
        // Job k runs from the k-th week of February; ending it closes it the day before the
        // next one would start, so the dates always follow each other.
        let week = |k: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()
                + chrono::Days::new(u64::from(k) * 7)
        };
        if (leaving_work || (working && new_job))
            && let Some(job) = w.placement.take()
        {
            let end = week(w.placements + 1) - chrono::Days::new(1);
            self.app
                .end_placement(self.es, &w.id, &job, &end.to_string())
                .await;
        }
        if new_job {
            w.placements += 1;
            let start = week(w.placements).to_string();
            w.placement = Some(
                self.app
                    .placement(self.es, &w.id, self.employer, &start)
                    .await,
            );
        }
    }

    fn body(to: &str) -> Value {
        match to {
            "PAUSED" => json!({ "toStatus": to, "reason": "Opname" }),
            "CLOSED" | "ENDED_EARLY" => json!({ "toStatus": to, "endReason": "OTHER" }),
            _ => json!({ "toStatus": to }),
        }
    }

    async fn step(&self, w: &mut Walker, to: &'static str) {
        self.prepare(w, to).await;
        let response = self.app.transition(self.es, &w.id, Self::body(to)).await;
        assert_eq!(
            response.status.as_u16(),
            200,
            "{} -> {to}: {}",
            w.status,
            response.text
        );
        w.status = to;
    }

    async fn reach(&self, kind: &str, status: &str) -> Walker {
        let mut w = self.open(kind).await;
        for step in path_to(kind, status) {
            self.step(&mut w, step).await;
        }
        w
    }

    /// Every target not allowed answers 409 naming exactly `allowed`, and changes nothing.
    async fn refuses_all_but(&self, w: &Walker, allowed: &BTreeSet<&str>) {
        let path = format!("/v1/trajectories/{}", w.id);
        let before = self
            .app
            .get(&path, &self.es.access)
            .await
            .header("etag")
            .unwrap()
            .to_owned();
        for to in ALL {
            if allowed.contains(to) {
                continue;
            }
            let response = self.app.transition(self.es, &w.id, Self::body(to)).await;
            let problem = response.assert_problem(409, "invalid_transition");
            let named: BTreeSet<String> = problem["allowedTransitions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            let expected: BTreeSet<String> = allowed.iter().map(|s| (*s).to_owned()).collect();
            assert_eq!(named, expected, "{} -> {to}", w.status);
        }
        let after = self
            .app
            .get(&path, &self.es.access)
            .await
            .header("etag")
            .unwrap()
            .to_owned();
        assert_eq!(before, after, "refused transitions changed nothing");
    }
}

async fn walk(kind: &str) {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let uwv = app.org("UWV").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let employer = app.employer(&es).await;
    let case = Case {
        app: &app,
        es: &es,
        uwv: &uwv,
        employer: &employer,
    };
    for (status, targets) in table(kind) {
        let mut allowed: BTreeSet<&str> = targets.iter().copied().collect();
        allowed.extend(["PAUSED", "ENDED_EARLY"]);
        let w = case.reach(kind, status).await;
        case.refuses_all_but(&w, &allowed).await;
        for to in &allowed {
            let mut fresh = case.reach(kind, status).await;
            case.step(&mut fresh, to).await;
        }
    }
    // Paused: back to where it was, or an early end; then the terminal statuses allow nothing.
    let resume = if kind == "WABZ" {
        "JOB_MATCHING"
    } else {
        "JOB_SEARCH"
    };
    let mut paused = case.reach(kind, resume).await;
    case.step(&mut paused, "PAUSED").await;
    case.refuses_all_but(&paused, &BTreeSet::from([resume, "ENDED_EARLY"]))
        .await;
    case.step(&mut paused, resume).await;
    for end in ["CLOSED", "ENDED_EARLY"] {
        let mut ended = case.reach(kind, resume).await;
        case.step(&mut ended, end).await;
        case.refuses_all_but(&ended, &BTreeSet::new()).await;
    }
}

#[tokio::test]
async fn ips() {
    walk("IPS").await;
}

#[tokio::test]
async fn ips_for_cmd() {
    walk("IPS_CMD").await;
}

#[tokio::test]
async fn jobcoaching() {
    walk("JOBCOACHING").await;
}

#[tokio::test]
async fn werk_als_beste_zorg() {
    walk("WABZ").await;
}

#[tokio::test]
async fn other() {
    walk("OTHER").await;
}
