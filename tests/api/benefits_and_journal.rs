//! Benefits, recorded by the agency responsible, and the journal, whose every entry is read
//! as the data category it carries.

use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn each_agency_records_and_reads_its_own_benefits() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let uwv = app.org("UWV").await;
    let municipality = app.org("MUNICIPALITY").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let practitioner = app.user("PRACTITIONER", &ggz).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    let case_manager = app.user("MUNICIPAL_CASE_MANAGER", &municipality).await;
    let client = app.client_by(&es).await;
    for member in [&practitioner, &expert, &case_manager] {
        app.add_member(&es, &client, member).await;
    }
    let path = format!("/v1/clients/{client}/benefits");
    let record = |token: String, body: serde_json::Value| {
        let path = path.clone();
        let app = &app;
        async move { app.post(&path, Some(&token), &body).await }
    };
    let ww = record(
        expert.access.clone(),
        json!({ "benefitType": "WW", "startDate": "2026-01-01" }),
    )
    .await;
    ww.assert_status(201);
    assert_eq!(ww.json()["sourceOrganisationId"], uwv);
    // UWV does not record a Participatiewet benefit, nor the IPS worker any.
    record(
        expert.access.clone(),
        json!({ "benefitType": "PARTICIPATIEWET_BIJSTAND", "startDate": "2026-01-01" }),
    )
    .await
    .assert_problem(403, "forbidden");
    record(
        es.access.clone(),
        json!({ "benefitType": "WW", "startDate": "2026-01-01" }),
    )
    .await
    .assert_problem(403, "forbidden");
    let bijstand = record(
        case_manager.access.clone(),
        json!({ "benefitType": "PARTICIPATIEWET_BIJSTAND", "startDate": "2025-06-01", "percentage": 100 }),
    )
    .await;
    bijstand.assert_status(201);
    let types = |token: String| {
        let path = path.clone();
        let app = &app;
        async move {
            let body = app.get(&path, &token).await.json();
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["benefitType"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        types(es.access.clone()).await,
        ["WW", "PARTICIPATIEWET_BIJSTAND"]
    );
    assert_eq!(types(expert.access.clone()).await, ["WW"]);
    assert_eq!(
        types(case_manager.access.clone()).await,
        ["PARTICIPATIEWET_BIJSTAND"]
    );
    app.get(&path, &practitioner.access)
        .await
        .assert_problem(403, "forbidden");
    let bijstand_id = bijstand.json()["id"].as_str().unwrap().to_owned();
    app.get(&format!("{path}/{bijstand_id}"), &expert.access)
        .await
        .assert_problem(404, "not_found");
    // Ending a benefit; the end cannot precede the start.
    let ww_path = ww.header("location").unwrap().to_owned();
    app.patch(
        &ww_path,
        &expert.access,
        "\"1\"",
        &json!({ "endDate": "2025-12-31" }),
    )
    .await
    .assert_problem(400, "invalid_input");
    let ended = app
        .patch(
            &ww_path,
            &expert.access,
            "\"1\"",
            &json!({ "endDate": "2026-06-30" }),
        )
        .await;
    ended.assert_status(200);
    assert_eq!(ended.json()["endDate"], "2026-06-30");
    app.patch(
        &ww_path,
        &case_manager.access,
        "\"2\"",
        &json!({ "endDate": null }),
    )
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn a_journal_entry_is_read_as_its_category() {
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
    let path = format!("/v1/clients/{client}/journal-entries");
    let write = |token: String, category: &str, text: &str| {
        let body = json!({ "category": category, "text": text });
        let path = path.clone();
        let app = &app;
        async move { app.post(&path, Some(&token), &body).await }
    };
    // The practitioner writes functional advice, not placements.
    let advice = write(
        practitioner.access.clone(),
        "FUNCTIONAL_ADVICE",
        "Rustige werkplek helpt.",
    )
    .await;
    advice.assert_status(201);
    write(practitioner.access.clone(), "PLACEMENTS", "x")
        .await
        .assert_problem(403, "forbidden");
    write(
        es.access.clone(),
        "PLACEMENTS",
        "Gesprek met werkgever over uren.",
    )
    .await
    .assert_status(201);
    write(
        expert.access.clone(),
        "PLACEMENTS",
        "Loonwaardemeting gepland.",
    )
    .await
    .assert_status(201);
    write(es.access.clone(), "BSN", "x")
        .await
        .assert_problem(400, "invalid_input");
    let categories = |token: String| {
        let path = path.clone();
        let app = &app;
        async move {
            let body = app.get(&path, &token).await.json();
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["category"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        categories(es.access.clone()).await,
        ["FUNCTIONAL_ADVICE", "PLACEMENTS", "PLACEMENTS"]
    );
    // UWV: its own entry; the GGZ's only with consent, per category.
    assert_eq!(categories(expert.access.clone()).await, ["PLACEMENTS"]);
    let advice_path = advice.header("location").unwrap().to_owned();
    app.get(&advice_path, &expert.access)
        .await
        .assert_problem(403, "consent_required");
    app.consent(&es, &client, &uwv, &["PLACEMENTS"]).await;
    assert_eq!(
        categories(expert.access.clone()).await,
        ["PLACEMENTS", "PLACEMENTS"]
    );
    app.get(&advice_path, &expert.access)
        .await
        .assert_problem(403, "consent_required");
    assert!(
        !crate::support::captured_logs().contains("Rustige werkplek"),
        "notes are never logged"
    );
}
