//! Trajectories: opening, the one-open-per-type rule, transitions without placements,
//! pause and resume, final states, reopening, and the published state machines.

use reqwest::Method;
use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn open_walk_pause_resume_and_end_an_ips_trajectory() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    let created = app
        .post(
            "/v1/trajectories",
            Some(&es.access),
            &json!({ "clientId": client, "type": "IPS", "targetGroupAttestation": "EPA",
                     "registrationDate": "2026-01-05" }),
        )
        .await;
    created.assert_status(201);
    let t = created.json();
    let id = t["id"].as_str().unwrap().to_owned();
    assert_eq!(t["status"], "REGISTERED");
    assert_eq!(t["leadUserId"], es.id);
    assert_eq!(t["leadOrganisationId"], ggz);
    assert_eq!(t["regionCode"], "AM22");
    assert_eq!(t["targetGroupAttestation"], "EPA");

    // Intake needs the wish to work first (zero exclusion: nothing else).
    let refused = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "INTAKE", "date": "2026-01-10" }),
        )
        .await;
    let body = refused.assert_problem(409, "transition_guard_failed");
    assert_eq!(body["guard"], "WISH_TO_WORK_DATE_SET");
    let path = format!("/v1/trajectories/{id}");
    let etag = app
        .get(&path, &es.access)
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    app.patch(
        &path,
        &es.access,
        &etag,
        &json!({ "wishToWorkDate": "2026-01-05" }),
    )
    .await
    .assert_status(200);
    app.transition(
        &es,
        &id,
        json!({ "toStatus": "INTAKE", "date": "2026-01-10" }),
    )
    .await
    .assert_status(200);
    // A forbidden transition names the allowed ones.
    let forbidden = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "PLACED", "date": "2026-01-11" }),
        )
        .await;
    let body = forbidden.assert_problem(409, "invalid_transition");
    assert_eq!(
        body["allowedTransitions"],
        json!(["VOCATIONAL_PROFILE", "JOB_SEARCH", "PAUSED", "ENDED_EARLY"])
    );
    // Job search before the profile is complete: allowed, with a warning.
    let searching = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "JOB_SEARCH", "date": "2026-01-12" }),
        )
        .await;
    searching.assert_status(200);
    assert_eq!(
        searching.json()["warnings"],
        json!(["VOCATIONAL_PROFILE_INCOMPLETE"])
    );
    assert_eq!(searching.header("content-location"), Some(path.as_str()));
    // Pausing needs a reason and remembers where to resume.
    app.transition(
        &es,
        &id,
        json!({ "toStatus": "PAUSED", "date": "2026-02-01" }),
    )
    .await
    .assert_problem(400, "invalid_input");
    let paused = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "PAUSED", "date": "2026-02-01", "reason": "Opname" }),
        )
        .await;
    paused.assert_status(200);
    assert_eq!(paused.json()["resumeStatus"], "JOB_SEARCH");
    let resumed_wrongly = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "INTAKE", "date": "2026-03-01" }),
        )
        .await;
    let body = resumed_wrongly.assert_problem(409, "invalid_transition");
    assert_eq!(
        body["allowedTransitions"],
        json!(["JOB_SEARCH", "ENDED_EARLY"])
    );
    let resumed = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "JOB_SEARCH", "date": "2026-03-01" }),
        )
        .await;
    resumed.assert_status(200);
    let r = resumed.json();
    assert_eq!(r["status"], "JOB_SEARCH");
    assert_eq!(r["pausedFromDate"], "2026-02-01");
    assert_eq!(r["pausedUntilDate"], "2026-03-01");
    assert!(r["resumeStatus"].is_null());
    // A transition cannot be dated before the previous one, nor in the future.
    let body = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "PAUSED", "date": "2026-02-15", "reason": "x" }),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["code"], "date_order");
    app.transition(
        &es,
        &id,
        json!({ "toStatus": "CLOSED", "date": "2026-03-02" }),
    )
    .await
    .assert_problem(400, "invalid_input");
    let closed = app
        .transition(
            &es,
            &id,
            json!({ "toStatus": "CLOSED", "date": "2026-03-02", "endReason": "CLIENT_WITHDREW" }),
        )
        .await;
    closed.assert_status(200);
    assert_eq!(closed.json()["endDate"], "2026-03-02");
    // Final: nothing follows, the data cannot change either.
    let body = app
        .transition(&es, &id, json!({ "toStatus": "JOB_SEARCH" }))
        .await
        .assert_problem(409, "invalid_transition");
    assert_eq!(body["allowedTransitions"], json!([]));
    let etag = app
        .get(&path, &es.access)
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    app.patch(
        &path,
        &es.access,
        &etag,
        &json!({ "plannedEndDate": "2027-01-01" }),
    )
    .await
    .assert_problem(409, "invalid_transition");

    let history = app.get(&format!("{path}/transitions"), &es.access).await;
    history.assert_status(200);
    let steps: Vec<(String, String)> = history.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["fromStatus"].as_str().unwrap_or("-").to_owned(),
                s["toStatus"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("-", "REGISTERED"),
            ("REGISTERED", "INTAKE"),
            ("INTAKE", "JOB_SEARCH"),
            ("JOB_SEARCH", "PAUSED"),
            ("PAUSED", "JOB_SEARCH"),
            ("JOB_SEARCH", "CLOSED"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    // Nested lists page too; their cursor is bound to this trajectory, not shown in the query.
    let first = app
        .get(&format!("{path}/transitions?limit=2"), &es.access)
        .await;
    let link = first.header("link").unwrap().to_owned();
    let cursor = first.json()["nextCursor"].as_str().unwrap().to_owned();
    assert_eq!(
        link,
        format!("<{path}/transitions?limit=2&cursor={cursor}>; rel=\"next\"")
    );
    let other = app.trajectory(&es, &client, "OTHER").await;
    app.get(
        &format!("/v1/trajectories/{other}/transitions?limit=2&cursor={cursor}"),
        &es.access,
    )
    .await
    .assert_problem(400, "invalid_input");
    // Reopening is a new trajectory that names the old one.
    let reopened = app
        .trajectory_with(
            &es,
            json!({ "clientId": client, "type": "IPS", "previousTrajectoryId": id }),
        )
        .await;
    let again = app
        .get(&format!("/v1/trajectories/{reopened}"), &es.access)
        .await;
    assert_eq!(again.json()["previousTrajectoryId"], id.as_str());
}

#[tokio::test]
async fn one_open_trajectory_per_type_and_the_etag_guards_transitions() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    let id = app.trajectory(&es, &client, "OTHER").await;
    app.post(
        "/v1/trajectories",
        Some(&es.access),
        &json!({ "clientId": client, "type": "OTHER" }),
    )
    .await
    .assert_problem(409, "already_exists");
    app.trajectory(&es, &client, "JOBCOACHING").await;
    // The previous trajectory must be ended to be reopened.
    app.post(
        "/v1/trajectories",
        Some(&es.access),
        &json!({ "clientId": client, "type": "IPS", "previousTrajectoryId": id }),
    )
    .await
    .assert_problem(400, "invalid_input");
    let path = format!("/v1/trajectories/{id}/transitions");
    app.post(&path, Some(&es.access), &json!({ "toStatus": "INTAKE" }))
        .await
        .assert_problem(428, "if_match_required");
    app.with_if_match(
        Method::POST,
        &path,
        &es.access,
        "\"9\"",
        &json!({ "toStatus": "INTAKE" }),
    )
    .await
    .assert_problem(412, "etag_mismatch");
    // Jobcoaching and other trajectories have no wish-to-work guard.
    app.with_if_match(
        Method::POST,
        &path,
        &es.access,
        "\"1\"",
        &json!({ "toStatus": "INTAKE" }),
    )
    .await
    .assert_status(200);
}

#[tokio::test]
async fn the_state_machines_are_published_as_enforced() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let types = app.get("/v1/trajectory-types", &es.access).await;
    types.assert_status(200);
    let items = types.json()["items"].as_array().unwrap().clone();
    let names: Vec<_> = items
        .iter()
        .map(|t| t["type"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["IPS", "IPS_CMD", "JOBCOACHING", "WABZ", "OTHER"]);
    let wabz = &items[3];
    let joint = wabz["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["toStatus"] == "JOINT_INTAKE")
        .unwrap();
    assert_eq!(joint["guards"], json!(["GGZ_TO_WI_CONSENT_IN_FORCE"]));
    let resume = items[0]["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["resumes"] == true)
        .unwrap();
    assert_eq!(resume["fromStatuses"], json!(["PAUSED"]));
    let page = app.get("/v1/trajectory-types?limit=2", &es.access).await;
    assert_eq!(page.json()["items"].as_array().unwrap().len(), 2);
    assert!(page.header("link").is_some());
}
