//! Employer contacts and support activities: who records them, who sees them, and the
//! general job development that stays within its organisation.

use serde_json::json;

use crate::support::{TestApp, TestUser};

async fn record(app: &TestApp, by: &TestUser, body: serde_json::Value) -> String {
    let response = app
        .post("/v1/employer-contacts", Some(&by.access), &body)
        .await;
    response.assert_status(201);
    response.json()["id"].as_str().unwrap().to_owned()
}

/// The contact ids `user` lists, sorted.
async fn ids(app: &TestApp, user: &TestUser) -> Vec<String> {
    let body = app.get("/v1/employer-contacts", &user.access).await.json();
    let mut ids: Vec<String> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test]
async fn client_contacts_follow_the_policy_and_job_development_stays_home() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let uwv = app.org("UWV").await;
    let wsp = app.org("WSP").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let practitioner = app.user("PRACTITIONER", &ggz).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    let account_manager = app.user("WSP_ACCOUNT_MANAGER", &wsp).await;
    let elsewhere = app
        .user("EMPLOYMENT_SPECIALIST", &app.org("GGZ").await)
        .await;
    let client = app.client_by(&es).await;
    for member in [&practitioner, &expert, &account_manager] {
        app.add_member(&es, &client, member).await;
    }
    let trajectory = app.trajectory(&es, &client, "IPS").await;
    let employer = app.employer(&es).await;
    let about_client = record(
        &app,
        &es,
        json!({ "trajectoryId": trajectory, "employerId": employer, "form": "FACE_TO_FACE",
                "outcome": "VACANCY_DISCUSSED", "note": "Zoekt kok voor 20 uur." }),
    )
    .await;
    let general = record(
        &app,
        &es,
        json!({ "employerId": employer, "form": "PHONE", "outcome": "RELATIONSHIP_BUILDING" }),
    )
    .await;
    let wsp_own = record(
        &app,
        &account_manager,
        json!({ "trajectoryId": trajectory, "employerId": employer, "form": "DIGITAL",
                "outcome": "FOLLOW_UP_AGREED" }),
    )
    .await;

    assert_eq!(
        ids(&app, &es).await,
        sorted(vec![about_client.clone(), general.clone(), wsp_own.clone()])
    );
    // The practitioner reads the client's contacts but does no job development.
    assert_eq!(
        ids(&app, &practitioner).await,
        sorted(vec![about_client.clone(), wsp_own.clone()])
    );
    app.get(
        &format!("/v1/employer-contacts/{general}"),
        &practitioner.access,
    )
    .await
    .assert_problem(404, "not_found");
    // UWV reads employer contacts only with consent (matrix C): neither the GGZ's nor the
    // WSP's yet.
    assert_eq!(ids(&app, &expert).await, Vec::<String>::new());
    app.get(
        &format!("/v1/employer-contacts/{about_client}"),
        &expert.access,
    )
    .await
    .assert_problem(403, "consent_required");
    // The WSP sees its own; others' only with consent (matrix C).
    assert_eq!(ids(&app, &account_manager).await, vec![wsp_own.clone()]);
    // A consent from the GGZ opens the GGZ's contacts, not the WSP's.
    app.consent(&es, &client, &uwv, &["EMPLOYER_CONTACTS"])
        .await;
    assert_eq!(ids(&app, &expert).await, vec![about_client.clone()]);
    // Another organisation sees none of it, not even the general job development.
    assert_eq!(ids(&app, &elsewhere).await, Vec::<String>::new());
    app.get(
        &format!("/v1/employer-contacts/{general}"),
        &elsewhere.access,
    )
    .await
    .assert_problem(404, "not_found");
    let filtered = app
        .get(
            &format!("/v1/employer-contacts?trajectoryId={trajectory}"),
            &elsewhere.access,
        )
        .await;
    filtered.assert_problem(404, "not_found");
    // Nobody else records contacts.
    app.post(
        "/v1/employer-contacts",
        Some(&practitioner.access),
        &json!({ "employerId": employer, "form": "PHONE", "outcome": "OTHER" }),
    )
    .await
    .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn invalid_contacts_and_activities_are_refused_whole() {
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
    let body = app
        .post(
            "/v1/employer-contacts",
            Some(&es.access),
            &json!({ "clientSpecific": true, "contactDate": "2999-01-01", "form": "PIGEON" }),
        )
        .await
        .assert_problem(400, "invalid_input");
    let names: Vec<_> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "employerId",
            "contactDate",
            "form",
            "clientSpecific",
            "outcome"
        ]
    );
    let employer = app.employer(&es).await;
    app.post(
        "/v1/employer-contacts",
        Some(&es.access),
        &json!({ "trajectoryId": trajectory, "employerId": employer, "form": "PHONE",
                 "outcome": "OTHER", "contactDate": "2026-02-01" }),
    )
    .await
    .assert_problem(400, "invalid_input");

    let path = format!("/v1/trajectories/{trajectory}/support-activities");
    let other = app.trajectory(&es, &client, "OTHER").await;
    let placement = app.placement(&es, &other, &employer, "2026-03-05").await;
    let body = app
        .post(
            &path,
            Some(&es.access),
            &json!({ "durationMinutes": 0, "kind": "CHAT", "participants": ["CLIENT", "CLIENT"] }),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"].as_array().unwrap().len(), 3);
    app.post(
        &path,
        Some(&es.access),
        &json!({ "durationMinutes": 45, "kind": "JOB_SUPPORT", "placementId": placement }),
    )
    .await
    .assert_problem(400, "invalid_input");
    assert_eq!(app.get(&path, &es.access).await.json()["items"], json!([]));
}

#[tokio::test]
async fn the_contact_log_of_a_trajectory() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let practitioner = app.user("PRACTITIONER", &ggz).await;
    let client = app.client_by(&es).await;
    app.add_member(&es, &client, &practitioner).await;
    let trajectory = app.trajectory(&es, &client, "IPS").await;
    let path = format!("/v1/trajectories/{trajectory}/support-activities");
    let created = app
        .post(
            &path,
            Some(&es.access),
            &json!({ "durationMinutes": 60, "kind": "BENEFITS_ADVICE",
                     "participants": ["CLIENT", "UWV"], "note": "Uitleg over WW en werken." }),
        )
        .await;
    created.assert_status(201);
    let location = created.header("location").unwrap().to_owned();
    let read = app.get(&location, &practitioner.access).await;
    read.assert_status(200);
    assert_eq!(read.json()["participants"], json!(["CLIENT", "UWV"]));
    app.post(
        &path,
        Some(&practitioner.access),
        &json!({ "durationMinutes": 30, "kind": "TEAM_MEETING" }),
    )
    .await
    .assert_problem(403, "forbidden");
    let outsider = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    app.get(&location, &outsider.access)
        .await
        .assert_problem(404, "not_found");
    assert!(
        !crate::support::captured_logs().contains("Uitleg over WW"),
        "notes are never logged"
    );
}
