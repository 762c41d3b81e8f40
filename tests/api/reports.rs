//! Outcome reports over a small data set computed by hand (year 2025, region AM22, one GGZ
//! organisation and its employment specialist). Every IPS trajectory below is registered
//! and started on 2024-09-01 unless noted; placements are REGULAR_PAID, 24 hours a week,
//! unless noted. Durable = 183 days of paid work, gaps of at most 30 days; the chain's
//! first day is day 1, so a chain starting on day D is durable on D + 182.
//!
//! | client | placements                                          | durable on    |
//! |--------|-----------------------------------------------------|---------------|
//! | A      | 2024-10-01..2025-01-31, 2025-02-10.. (gap 9 days)    | 2025-04-01    |
//! | B      | 2025-09-01..                                         | 2026-03-02    |
//! | C      | 2025-01-01..2025-03-31 (10 h), 2025-05-02..2025-08-31 (gap 31) | never |
//! | D      | 2025-01-01..2025-03-31, 2025-05-01..2025-08-31 (gap 30)        | 2025-07-02 |
//! | E      | SHELTERED_WORK 2025-01-06..                          | 2025-07-07    |
//! | F      | 2025-01-01.. ; trajectory started 2025-01-01, paused | 2025-07-02    |
//! | G      | REGULAR_WITH_WAGE_SUBSIDY 2025-02-01.. ; trajectory started 2025-01-01 | 2025-08-02 |
//!
//! So K1 for 2025 is A, D, E, F, G = 5: April 1, July 3, August 1; regular 3, sheltered 1,
//! with wage subsidy 1. C's trajectory ended early (HEALTH) on 2025-09-01.

use reqwest::StatusCode;
use serde_json::{Value, json};

use werkpad::db::audit;

use crate::support::{TestApp, TestUser};

struct Region {
    es: TestUser,
    org: String,
    employer: String,
}

async fn region(app: &TestApp) -> Region {
    let org = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &org).await;
    let employer = app.employer(&es).await;
    Region { es, org, employer }
}

async fn ips(app: &TestApp, r: &Region, start: &str) -> (String, String) {
    let client = app.client_by(&r.es).await;
    let trajectory = app
        .trajectory_with(
            &r.es,
            json!({ "clientId": client, "type": "IPS", "registrationDate": start,
                    "startDate": start, "wishToWorkDate": start }),
        )
        .await;
    (client, trajectory)
}

async fn job(
    app: &TestApp,
    r: &Region,
    trajectory: &str,
    work_type: &str,
    start: &str,
    end: Option<&str>,
    hours: u32,
) {
    let response = app
        .post(
            &format!("/v1/trajectories/{trajectory}/placements"),
            Some(&r.es.access),
            &json!({
                "employerId": r.employer, "jobTitle": "Medewerker", "workType": work_type,
                "startDate": start, "contractType": "PERMANENT",
                "contractedHoursPerWeek": hours, "atLeastMinimumWage": true,
                "startedBeforeRegistration": true
            }),
        )
        .await;
    response.assert_status(201);
    if let Some(end) = end {
        let id = response.json()["id"].as_str().unwrap().to_owned();
        app.end_placement(&r.es, trajectory, &id, end).await;
    }
}

async fn contact(app: &TestApp, r: &Region, trajectory: &str, form: &str, day: &str) {
    app.post(
        "/v1/employer-contacts",
        Some(&r.es.access),
        &json!({ "trajectoryId": trajectory, "employerId": r.employer, "form": form,
                 "outcome": "VACANCY_DISCUSSED", "clientSpecific": true, "contactDate": day }),
    )
    .await
    .assert_status(201);
}

/// The data set of the module comment.
#[expect(
    clippy::many_single_char_names,
    reason = "the clients A to G of the table"
)]
async fn seed(app: &TestApp) -> Region {
    let r = region(app).await;
    let paid = "REGULAR_PAID";
    let (_, a) = ips(app, &r, "2024-09-01").await;
    job(app, &r, &a, paid, "2024-10-01", Some("2025-01-31"), 24).await;
    job(app, &r, &a, paid, "2025-02-10", None, 24).await;
    let (_, b) = ips(app, &r, "2024-09-01").await;
    job(app, &r, &b, paid, "2025-09-01", None, 24).await;
    let (_, c) = ips(app, &r, "2024-09-01").await;
    job(app, &r, &c, paid, "2025-01-01", Some("2025-03-31"), 10).await;
    job(app, &r, &c, paid, "2025-05-02", Some("2025-08-31"), 24).await;
    app.transition(
        &r.es,
        &c,
        json!({ "toStatus": "ENDED_EARLY", "date": "2025-09-01", "endReason": "HEALTH" }),
    )
    .await
    .assert_status(200);
    let (_, d) = ips(app, &r, "2024-09-01").await;
    job(app, &r, &d, paid, "2025-01-01", Some("2025-03-31"), 24).await;
    job(app, &r, &d, paid, "2025-05-01", Some("2025-08-31"), 24).await;
    let (_, e) = ips(app, &r, "2024-09-01").await;
    job(app, &r, &e, "SHELTERED_WORK", "2025-01-06", None, 24).await;
    let (_, f) = ips(app, &r, "2025-01-01").await;
    job(app, &r, &f, paid, "2025-01-01", None, 24).await;
    contact(app, &r, &f, "FACE_TO_FACE", "2025-01-21").await;
    app.transition(
        &r.es,
        &f,
        json!({ "toStatus": "PAUSED", "date": "2025-10-01", "reason": "Opname" }),
    )
    .await
    .assert_status(200);
    let (_, g) = ips(app, &r, "2025-01-01").await;
    job(
        app,
        &r,
        &g,
        "REGULAR_WITH_WAGE_SUBSIDY",
        "2025-02-01",
        None,
        24,
    )
    .await;
    contact(app, &r, &g, "PHONE", "2025-01-05").await;
    contact(app, &r, &g, "FACE_TO_FACE", "2025-03-02").await;
    r
}

fn value(cell: &Value) -> Option<u64> {
    assert!(cell["suppressed"].is_boolean(), "not a count: {cell}");
    cell["value"].as_u64()
}

fn coded(list: &Value, code: &str) -> Option<u64> {
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} missing in {list}"));
    value(&item["count"])
}

async fn coordinator(app: &TestApp) -> TestUser {
    let org = app
        .organisation("OTHER", "Programma Werk en Gezondheid")
        .await;
    app.user("PROGRAMME_COORDINATOR", &org).await
}

async fn report(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app
        .get(&format!("/v1/reports/outcomes?{query}"), token)
        .await;
    response.assert_status(200);
    response.json()
}

async fn unsuppressed() -> TestApp {
    TestApp::spawn_with(|s| s.suppression_threshold = 1).await
}

#[tokio::test]
async fn durable_persons_are_counted_once_in_the_year_their_chain_reached_183_days() {
    let app = unsuppressed().await;
    seed(&app).await;
    let pc = coordinator(&app).await;
    let r = report(&app, &pc.access, "region=AM22&year=2025").await;
    let k1 = &r["durablyInWork"];
    // A (two placements, once), D (gap of 30), E, F (paused trajectory), G; not B (durable
    // in 2026), not C (a gap of 31 days broke the chain).
    assert_eq!(value(&k1["total"]), Some(5), "{k1}");
    assert_eq!(value(&k1["regular"]), Some(3));
    assert_eq!(value(&k1["sheltered"]), Some(1));
    assert_eq!(value(&k1["withWageSubsidy"]), Some(1));
    assert_eq!(coded(&k1["byTrajectoryType"], "IPS"), Some(5));
    assert_eq!(coded(&k1["byTrajectoryType"], "WABZ"), Some(0));
    assert_eq!(coded(&k1["byLeadOrganisationKind"], "GGZ"), Some(5));
    let months: Vec<(Option<u64>, Option<u64>)> = k1["byMonth"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (value(&m["count"]), value(&m["cumulative"])))
        .collect();
    assert_eq!(months.len(), 12);
    assert_eq!(months[2], (Some(0), Some(0)));
    assert_eq!(months[3], (Some(1), Some(1)), "April: A");
    assert_eq!(months[6], (Some(3), Some(4)), "July: D, E, F");
    assert_eq!(months[7], (Some(1), Some(5)), "August: G");
    assert_eq!(months[11], (Some(0), Some(5)));
    assert_eq!(r["target"], 100);
    assert_eq!(k1["shareOfTargetPercentage"], 5.0);
    assert_eq!(r["durabilityRule"]["version"], "werkpad-2026.1");
    assert_eq!(r["durabilityRule"]["minDays"], 183);
    assert_eq!(r["period"]["fromDate"], "2025-01-01");
    assert_eq!(r["period"]["countedUntilDate"], "2025-12-31");
    assert_eq!(r["coverage"]["scope"], "REGION");
    assert!(
        r["regionListVersion"]
            .as_str()
            .unwrap()
            .starts_with("CBS-AMR-")
    );

    // Across the year boundary: B's chain started in 2025 and counts in 2026; A, D, E, F
    // and G were counted in 2025 and are not counted again.
    let next = report(&app, &pc.access, "region=AM22&year=2026").await;
    assert_eq!(value(&next["durablyInWork"]["total"]), Some(1), "{next}");
    assert_eq!(
        value(&next["durablyInWork"]["byMonth"][2]["count"]),
        Some(1)
    );
    let before = report(&app, &pc.access, "region=AM22&year=2024").await;
    assert_eq!(value(&before["durablyInWork"]["total"]), Some(0));
}

#[tokio::test]
async fn placements_hours_waits_retention_caseload_and_endings_match_the_hand_count() {
    let app = unsuppressed().await;
    seed(&app).await;
    let pc = coordinator(&app).await;
    let r = report(&app, &pc.access, "region=AM22&year=2025").await;

    // K2: nine placements started in 2025 (A's first one started in 2024).
    let k2 = &r["placementsStarted"];
    assert_eq!(value(&k2["total"]), Some(9), "{k2}");
    assert_eq!(coded(&k2["byWorkType"], "REGULAR_PAID"), Some(7));
    assert_eq!(coded(&k2["byWorkType"], "SHELTERED_WORK"), Some(1));
    assert_eq!(
        coded(&k2["byWorkType"], "REGULAR_WITH_WAGE_SUBSIDY"),
        Some(1)
    );
    // K13: 7 of 9 paid placements are competitive.
    assert_eq!(value(&k2["paid"]), Some(9));
    assert_eq!(value(&k2["competitive"]), Some(7));
    assert_eq!(k2["competitiveSharePercentage"], 77.8);
    // K6: C's first job has 10 hours; the rest 24.
    let k6 = &r["contractedHours"];
    assert_eq!(coded(&k6["bands"], "8-12"), Some(1));
    assert_eq!(coded(&k6["bands"], "20-32"), Some(8));
    assert_eq!(value(&k6["atLeast12Hours"]), Some(8));
    assert_eq!(k6["atLeast12HoursPercentage"], 88.9);

    // K3: F and G started in 2025; F's first face-to-face contact after 20 days, G's after
    // 60 (its phone call does not count).
    let k3 = &r["timeToFirstEmployerContact"];
    assert_eq!(value(&k3["trajectories"]), Some(2), "{k3}");
    assert_eq!(value(&k3["reached"]), Some(2));
    assert_eq!(k3["medianDays"], 40.0);
    assert_eq!(value(&k3["within30Days"]), Some(1));
    assert_eq!(k3["within30DaysPercentage"], 50.0);
    // K4: F worked from its first day, G after 31 days.
    let k4 = &r["timeToFirstPaidPlacement"];
    assert_eq!(k4["medianDays"], 15.5, "{k4}");
    assert_eq!(value(&k4["within30Days"]), Some(1));

    // K5 at 3 months (91 days): the nine placements started in 2025 reached that age in
    // 2025 (B's last, on 1 December); A's first job reached it on 2024-12-31. Lost: C's
    // and D's first jobs, which ended on 31 March.
    let k5 = &r["jobRetention"][0];
    assert_eq!(k5["months"], 3);
    assert_eq!(value(&k5["placements"]), Some(9), "{k5}");
    assert_eq!(value(&k5["retained"]), Some(7));
    // At 12 months (365 days) only A's first job (2024-10-01 + 365 = 2025-10-01), which
    // had ended.
    let k5_12 = &r["jobRetention"][2];
    assert_eq!(value(&k5_12["placements"]), Some(1), "{k5_12}");
    assert_eq!(value(&k5_12["retained"]), Some(0));

    // K7 now: one specialist leading A, B, D, E, G (C ended early, F is paused).
    let k7 = &r["caseload"];
    assert_eq!(k7["specialists"], 1, "{k7}");
    assert_eq!(k7["mean"], 5.0);
    assert_eq!(k7["above20"], 0);

    // K10: F and G registered in 2025; C ended early for health.
    let k10 = &r["inflowAndDropout"];
    assert_eq!(value(&k10["registrations"]), Some(2), "{k10}");
    assert_eq!(value(&k10["endedEarly"]), Some(1));
    assert_eq!(coded(&k10["endedEarlyByReason"], "HEALTH"), Some(1));

    // K8: two face-to-face contacts by the one specialist in 2025 (52.1 weeks).
    let k8 = &r["employerContacts"];
    assert_eq!(k8["contacts"], 2, "{k8}");
    assert_eq!(k8["specialists"], 1);
}

/// Every count in a report, with the name of the list it sits in.
fn counts<'a>(at: &str, v: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) if map.contains_key("suppressed") => out.push((at.to_owned(), v)),
        Value::Object(map) => {
            for (k, child) in map {
                counts(&format!("{at}.{k}"), child, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                counts(at, child, out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn small_cells_are_withheld_and_cannot_be_derived_back_from_the_totals() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let pc = coordinator(&app).await;
    let r = report(&app, &pc.access, "region=AM22&year=2025").await;
    assert_eq!(r["suppression"]["threshold"], 5);
    assert_eq!(r["suppression"]["method"], "COMPLEMENTARY");

    let mut all = Vec::new();
    counts("", &r, &mut all);
    assert!(all.len() > 100, "{} counts", all.len());
    for (at, c) in &all {
        match (c["value"].as_u64(), c["suppressed"].as_bool().unwrap()) {
            (Some(v), false) => assert!(v == 0 || v >= 5, "{at} shows {v}"),
            (None, true) => {}
            other => panic!("{at}: {other:?}"),
        }
    }

    // K1: 5 persons are shown, their split 3 / 1 / 1 is not.
    let k1 = &r["durablyInWork"];
    assert_eq!(value(&k1["total"]), Some(5));
    for part in ["regular", "sheltered", "withWageSubsidy"] {
        assert_eq!(k1[part]["suppressed"], true, "{part}");
    }
    assert!(k1["shareOfTargetPercentage"].is_number());
    // K6: the single 10-hour job is withheld; so is the 8 next to it, or the 1 would
    // follow from the 9 paid placements; and "12 hours or more" (8), which would give the
    // band of 8 back, with its share.
    let k6 = &r["contractedHours"];
    assert_eq!(value(&k6["placements"]), Some(9));
    assert_eq!(coded(&k6["bands"], "8-12"), None);
    assert_eq!(coded(&k6["bands"], "20-32"), None);
    assert_eq!(coded(&k6["bands"], "0-8"), Some(0));
    assert_eq!(value(&k6["atLeast12Hours"]), None);
    assert!(k6["atLeast12HoursPercentage"].is_null());
    // K3: two trajectories: no median of two people.
    assert!(r["timeToFirstEmployerContact"]["medianDays"].is_null());

    // No breakdown with a shown total has exactly one withheld cell.
    let breakdowns = [
        (&k1["total"], &k1["byTrajectoryType"]),
        (&k1["total"], &k1["byLeadOrganisationKind"]),
        (
            &r["placementsStarted"]["total"],
            &r["placementsStarted"]["byWorkType"],
        ),
        (
            &r["placementsStarted"]["total"],
            &r["placementsStarted"]["byTrajectoryType"],
        ),
        (&k6["placements"], &k6["bands"]),
    ];
    for (total, parts) in breakdowns {
        if value(total).is_some() {
            let withheld = parts
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["count"]["suppressed"] == true)
                .count();
            assert_ne!(withheld, 1, "{parts}");
        }
    }
    let months = k1["byMonth"].as_array().unwrap();
    let withheld = months
        .iter()
        .filter(|m| m["count"]["suppressed"] == true)
        .count();
    assert_ne!(withheld, 1);
    // And the running totals do not give a month away: where a month is withheld, the
    // cumulative figures on both sides of it are not both shown.
    for w in months.windows(2) {
        if w[1]["count"]["suppressed"] == true {
            assert!(
                w[0]["cumulative"]["suppressed"] == true
                    || w[1]["cumulative"]["suppressed"] == true,
                "{w:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_report_comes_as_csv_and_as_an_svg_chart() {
    let app = unsuppressed().await;
    seed(&app).await;
    let pc = coordinator(&app).await;
    let get = |accept: &'static str| {
        app.send(
            app.client
                .get(format!(
                    "{}/v1/reports/outcomes?region=AM22&year=2025",
                    app.base
                ))
                .bearer_auth(&pc.access)
                .header("Accept", accept),
        )
    };
    let csv = get("text/csv").await;
    csv.assert_status(200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.header("vary").unwrap().contains("Accept"));
    let lines: Vec<&str> = csv.text.split("\r\n").collect();
    assert_eq!(lines[0], "kpi,measure,breakdown,code,value,suppressed");
    assert!(
        lines.contains(&"REPORT,region,,,AM22,false"),
        "{}",
        csv.text
    );
    assert!(
        lines.contains(&"K1,durablyInWork,,,5,false"),
        "{}",
        csv.text
    );
    assert!(
        lines.contains(&"K1,durablyInWork,month,7,3,false"),
        "{}",
        csv.text
    );
    assert!(lines.contains(&"K2,placementsStarted,workType,REGULAR_PAID,7,false"));

    let chart = get("image/svg+xml").await;
    chart.assert_status(200);
    assert_eq!(chart.header("content-type"), Some("image/svg+xml"));
    assert!(chart.text.contains("<svg"), "{}", chart.text);
    assert!(chart.text.contains("Target 100"));
    assert!(chart.text.contains("AM22"));

    let json = get("application/json;q=0.5, text/csv;q=0.4").await;
    assert!(
        json.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    get("text/html").await.assert_problem(406, "not_acceptable");

    let national = app
        .send(
            app.client
                .get(format!(
                    "{}/v1/reports/outcomes/national?year=2025",
                    app.base
                ))
                .bearer_auth(&pc.access)
                .header("Accept", "text/csv"),
        )
        .await;
    national.assert_status(200);
    assert!(
        national
            .text
            .contains("K1,durablyInWork,region,AM22,5,false"),
        "{}",
        national.text
    );
    let svg_national = app
        .send(
            app.client
                .get(format!(
                    "{}/v1/reports/outcomes/national?year=2025",
                    app.base
                ))
                .bearer_auth(&pc.access)
                .header("Accept", "image/svg+xml"),
        )
        .await;
    svg_national.assert_problem(406, "not_acceptable");
}

#[tokio::test]
async fn who_reads_which_report() {
    let app = unsuppressed().await;
    let mine = seed(&app).await;
    // A second GGZ organisation with one durable client in the same region.
    let theirs = region(&app).await;
    let (_, t) = ips(&app, &theirs, "2024-09-01").await;
    job(&app, &theirs, &t, "REGULAR_PAID", "2025-01-01", None, 24).await;

    let pc = coordinator(&app).await;
    let national = app
        .get("/v1/reports/outcomes/national?year=2025", &pc.access)
        .await;
    national.assert_status(200);
    let body = national.json();
    let am22 = body["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["region"]["code"] == "AM22")
        .unwrap();
    assert_eq!(value(&am22["durablyInWork"]), Some(6));
    assert_eq!(am22["targetReached"], false);
    assert_eq!(body["regions"].as_array().unwrap().len(), 35);
    assert_eq!(value(&body["durablyInWork"]), Some(6));

    // Caseworkers see their own organisation's trajectories only.
    let own = report(&app, &mine.es.access, "region=AM22&year=2025").await;
    assert_eq!(own["coverage"]["scope"], "ORGANISATION");
    assert_eq!(own["coverage"]["organisationId"], mine.org.as_str());
    assert_eq!(value(&own["durablyInWork"]["total"]), Some(5));
    let other = report(&app, &theirs.es.access, "region=AM22&year=2025").await;
    assert_eq!(value(&other["durablyInWork"]["total"]), Some(1));
    let uwv_org = app.org("UWV").await;
    let uwv = app.user("UWV_LABOUR_EXPERT", &uwv_org).await;
    let nothing = report(&app, &uwv.access, "region=AM22&year=2025").await;
    assert_eq!(value(&nothing["durablyInWork"]["total"]), Some(0));

    // A regional coordinator reads the regions its organisation works in (AM22 here).
    let rc_org = app.org("OTHER").await;
    let rc = app.user("REGIONAL_COORDINATOR", &rc_org).await;
    let theirs_region = report(&app, &rc.access, "region=AM22&year=2025").await;
    assert_eq!(value(&theirs_region["durablyInWork"]["total"]), Some(6));
    app.get("/v1/reports/outcomes?region=AM05&year=2025", &rc.access)
        .await
        .assert_problem(404, "not_found");
    app.get("/v1/reports/outcomes?region=AM99&year=2025", &pc.access)
        .await
        .assert_problem(404, "not_found");
    app.get("/v1/reports/outcomes/national?year=2025", &rc.access)
        .await
        .assert_problem(403, "forbidden");
    app.get("/v1/reports/outcomes/national?year=2025", &mine.es.access)
        .await
        .assert_problem(403, "forbidden");
    for (role, kind) in [
        ("WSP_ACCOUNT_MANAGER", "WSP"),
        ("JOB_COACH", "JOBCOACH_ORGANISATION"),
        ("AUDITOR", "GGZ"),
        ("ORG_ADMIN", "GGZ"),
    ] {
        let org = app.org(kind).await;
        let u = app.user(role, &org).await;
        let response = app
            .get("/v1/reports/outcomes?region=AM22&year=2025", &u.access)
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(
        app.get(
            "/v1/reports/outcomes?region=AM22&year=2025",
            &app.admin.access
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn bad_parameters_are_one_clear_problem() {
    let app = TestApp::spawn().await;
    let pc = coordinator(&app).await;
    let missing = app.get("/v1/reports/outcomes", &pc.access).await;
    let body = missing.assert_problem(400, "invalid_input");
    let names: Vec<&str> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["region", "year"], "{body}");
    for query in [
        "region=AM5&year=2025",
        "region=AM22&year=20x5",
        "region=AM22&year=2999",
        "region=AM22&year=1999",
    ] {
        app.get(&format!("/v1/reports/outcomes?{query}"), &pc.access)
            .await
            .assert_problem(400, "invalid_input");
    }
    app.get("/v1/reports/outcomes/national?year=soon", &pc.access)
        .await
        .assert_problem(400, "invalid_input");
}

#[tokio::test]
async fn reading_a_report_is_logged_without_naming_clients() {
    let app = unsuppressed().await;
    seed(&app).await;
    let pc = coordinator(&app).await;
    let before = head(&app);
    report(&app, &pc.access, "region=AM22&year=2025").await;
    app.get("/v1/reports/outcomes/national?year=2025", &pc.access)
        .await
        .assert_status(200);
    let rc_org = app.org("OTHER").await;
    let rc = app.user("REGIONAL_COORDINATOR", &rc_org).await;
    let after_setup = head(&app);
    app.get("/v1/reports/outcomes?region=AM05&year=2025", &rc.access)
        .await
        .assert_status(404);
    let events = app
        .state
        .pool
        .with_conn(|conn| Ok(audit::from_seq(conn, before + 1, 100)?))
        .unwrap();
    let reports: Vec<_> = events
        .iter()
        .filter(|e| {
            e.operation
                .as_deref()
                .is_some_and(|o| o.contains("outcome_report"))
        })
        .collect();
    assert_eq!(reports.len(), 3, "{events:#?}");
    for e in &reports[..2] {
        assert_eq!(e.event_type, "READ");
        assert_eq!(e.outcome, "SUCCESS");
        assert!(
            !e.client_ids.contains('-'),
            "a report names no client: {}",
            e.client_ids
        );
        assert!(
            e.data_categories.contains("PLACEMENTS"),
            "{}",
            e.data_categories
        );
    }
    let refused = reports[2];
    assert!(refused.seq > after_setup);
    assert_eq!(refused.outcome, "DENIED");
}

fn head(app: &TestApp) -> i64 {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::head(conn)?.0))
        .unwrap()
}

#[tokio::test]
async fn the_report_counts_each_organisations_latest_fidelity_review() {
    let app = unsuppressed().await;
    let r = region(&app).await;
    let pc = coordinator(&app).await;
    let scored = |score: u64| -> Vec<Value> {
        (1..=25)
            .map(|i| json!({ "item": format!("IPS_{i:02}"), "score": score }))
            .collect()
    };
    for (date, score) in [("2025-03-01", 4), ("2025-06-01", 5), ("2026-02-01", 2)] {
        app.post(
            "/v1/fidelity-reviews",
            Some(&pc.access),
            &json!({ "organisationId": r.org, "reviewDate": date,
                     "reviewingBody": "Kenniscentrum Phrenos", "itemScores": scored(score) }),
        )
        .await
        .assert_status(201);
    }
    // In 2025 the June review (125, EXEMPLARY) is the latest; the 2026 one does not count.
    let k12 = &report(&app, &pc.access, "region=AM22&year=2025").await["fidelity"];
    assert_eq!(k12["organisations"], 1, "{k12}");
    let band = |name: &str| {
        k12["byBand"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["band"] == name)
            .unwrap()["organisations"]
            .clone()
    };
    assert_eq!(band("EXEMPLARY"), 1);
    assert_eq!(band("GOOD"), 0);
    let next = &report(&app, &pc.access, "region=AM22&year=2026").await["fidelity"];
    assert_eq!(next["byBand"][3]["band"], "NOT_SUPPORTED_EMPLOYMENT");
    assert_eq!(next["byBand"][3]["organisations"], 1, "{next}");
}

/// The KPI facts carry a copy of the client's region (for speed at 100,000 clients); a
/// client who moves takes their trajectories and placements to the new region's report.
#[tokio::test]
async fn a_client_who_moves_counts_in_the_new_region() {
    let app = unsuppressed().await;
    let r = region(&app).await;
    let (client, trajectory) = ips(&app, &r, "2024-09-01").await;
    job(
        &app,
        &r,
        &trajectory,
        "REGULAR_PAID",
        "2025-01-06",
        None,
        24,
    )
    .await;
    let pc = coordinator(&app).await;
    let durable = |v: &Value| value(&v["durablyInWork"]["total"]);
    let am22 = report(&app, &pc.access, "region=AM22&year=2025").await;
    let am18 = report(&app, &pc.access, "region=AM18&year=2025").await;
    assert_eq!((durable(&am22), durable(&am18)), (Some(1), Some(0)));

    let current = app
        .get(&format!("/v1/clients/{client}"), &r.es.access)
        .await;
    current.assert_status(200);
    let etag = current.header("etag").unwrap().to_owned();
    app.patch(
        &format!("/v1/clients/{client}"),
        &r.es.access,
        &etag,
        &json!({ "municipalityCode": "GM0363", "regionCode": "AM18" }),
    )
    .await
    .assert_status(200);

    let am22 = report(&app, &pc.access, "region=AM22&year=2025").await;
    let am18 = report(&app, &pc.access, "region=AM18&year=2025").await;
    assert_eq!((durable(&am22), durable(&am18)), (Some(0), Some(1)));
    assert_eq!(
        coded(&am18["placementsStarted"]["byWorkType"], "REGULAR_PAID"),
        Some(1),
        "{am18}"
    );
}
