//! Placements: recording, the rules of their terms, ending them, who sees them, and the
//! trajectory guards that read them.

use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn a_placement_is_recorded_ended_and_guards_the_trajectory() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    let trajectory = app.trajectory(&es, &client, "JOBCOACHING").await;
    let employer = app.employer(&es).await;
    for step in ["INTAKE", "JOB_SEARCH"] {
        app.transition(&es, &trajectory, json!({ "toStatus": step }))
            .await
            .assert_status(200);
    }
    // No paid placement yet: PLACED is refused, naming the guard.
    let refused = app
        .transition(&es, &trajectory, json!({ "toStatus": "PLACED" }))
        .await;
    assert_eq!(
        refused.assert_problem(409, "transition_guard_failed")["guard"],
        "PAID_PLACEMENT_STARTED"
    );
    // An unpaid trial placement is not enough.
    let path = format!("/v1/trajectories/{trajectory}/placements");
    let trial = app
        .post(
            &path,
            Some(&es.access),
            &json!({
                "employerId": employer, "jobTitle": "Proefplaatsing", "workType": "TRIAL_PLACEMENT",
                "startDate": "2026-01-10", "contractType": "NONE", "contractedHoursPerWeek": 16,
                "startedBeforeRegistration": true
            }),
        )
        .await;
    trial.assert_status(201);
    assert_eq!(trial.json()["paid"], false);
    app.transition(&es, &trajectory, json!({ "toStatus": "PLACED" }))
        .await
        .assert_problem(409, "transition_guard_failed");
    let job = app
        .placement(&es, &trajectory, &employer, "2026-02-01")
        .await;
    app.transition(&es, &trajectory, json!({ "toStatus": "PLACED" }))
        .await
        .assert_status(200);
    // Back to job search only once the job has ended, with a reason.
    app.transition(&es, &trajectory, json!({ "toStatus": "JOB_SEARCH" }))
        .await
        .assert_problem(409, "transition_guard_failed");
    app.end_placement(&es, &trajectory, &job, "2026-06-30")
        .await;
    app.transition(&es, &trajectory, json!({ "toStatus": "JOB_SEARCH" }))
        .await
        .assert_status(200);
    // Still running: only the trial.
    let running = app
        .get(&format!("{path}?running=true"), &es.access)
        .await
        .json();
    assert_eq!(running["items"].as_array().unwrap().len(), 1);
    assert_eq!(running["items"][0]["workType"], "TRIAL_PLACEMENT");
    let all = app.get(&path, &es.access).await.json();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_terms_of_a_placement_must_fit_together() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    let trajectory = app
        .trajectory_with(
            &es,
            json!({ "clientId": client, "type": "IPS", "registrationDate": "2026-03-01" }),
        )
        .await;
    let employer = app.employer(&es).await;
    let path = format!("/v1/trajectories/{trajectory}/placements");
    let response = app
        .post(
            &path,
            Some(&es.access),
            &json!({
                "employerId": employer, "jobTitle": "Kok", "workType": "REGULAR_PAID",
                "startDate": "2026-02-01", "endDate": "2026-01-15", "contractType": "NONE",
                "placementDate": "2026-01-20", "contractedHoursPerWeek": 61,
                "wageValuePercentage": 120
            }),
        )
        .await;
    let body = response.assert_problem(400, "invalid_input");
    let names: Vec<_> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        ["contractedHoursPerWeek", "wageValuePercentage"],
        "field checks first"
    );
    let response = app
        .post(
            &path,
            Some(&es.access),
            &json!({
                "employerId": employer, "jobTitle": "Kok", "workType": "REGULAR_PAID",
                "startDate": "2026-02-01", "endDate": "2026-01-15", "contractType": "NONE",
                "placementDate": "2026-01-20", "contractedHoursPerWeek": 20
            }),
        )
        .await;
    let body = response.assert_problem(400, "invalid_input");
    let names: Vec<_> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    for expected in [
        "startDate",
        "endDate",
        "endReason",
        "placementDate",
        "contractType",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    let unknown = app
        .post(
            &path,
            Some(&es.access),
            &json!({
                "employerId": uuid::Uuid::now_v7(), "jobTitle": "Kok", "workType": "REGULAR_PAID",
                "startDate": "2026-03-02", "contractType": "PERMANENT", "contractedHoursPerWeek": 20
            }),
        )
        .await;
    assert_eq!(
        unknown.assert_problem(400, "invalid_input")["invalidParams"][0]["code"],
        "unknown_reference"
    );
    assert_eq!(app.get(&path, &es.access).await.json()["items"], json!([]));
}

#[tokio::test]
async fn who_sees_placements() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let uwv = app.org("UWV").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let practitioner = app.user("PRACTITIONER", &ggz).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    let client = app.client_by(&es).await;
    for member in [&practitioner, &expert] {
        app.add_member(&es, &client, member).await;
    }
    let trajectory = app.trajectory(&es, &client, "IPS").await;
    let employer = app.employer(&es).await;
    let placement = app
        .placement(&es, &trajectory, &employer, "2026-02-01")
        .await;
    let path = format!("/v1/trajectories/{trajectory}/placements/{placement}");
    app.get(&path, &practitioner.access)
        .await
        .assert_status(200);
    // The practitioner reads but never writes placements.
    app.patch(
        &path,
        &practitioner.access,
        "\"1\"",
        &json!({ "jobTitle": "Chef" }),
    )
    .await
    .assert_problem(403, "forbidden");
    // Outside GGZ the GGZ's placement needs a consent covering PLACEMENTS.
    app.get(&path, &expert.access)
        .await
        .assert_problem(403, "consent_required");
    let list = format!("/v1/trajectories/{trajectory}/placements");
    assert_eq!(
        app.get(&list, &expert.access).await.json()["items"],
        json!([])
    );
    app.consent(&es, &client, &uwv, &["PLACEMENTS"]).await;
    app.get(&path, &expert.access).await.assert_status(200);
    assert_eq!(
        app.get(&list, &expert.access).await.json()["items"][0]["id"],
        placement.as_str()
    );
    // The UWV placement it records itself it sees without consent; so does the GGZ.
    let uwv_trajectory = app.trajectory(&expert, &client, "JOBCOACHING").await;
    let own = app
        .placement(&expert, &uwv_trajectory, &employer, "2026-03-01")
        .await;
    app.get(
        &format!("/v1/trajectories/{uwv_trajectory}/placements/{own}"),
        &es.access,
    )
    .await
    .assert_status(200);
}
