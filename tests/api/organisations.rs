//! Organisations: only a system administrator registers and lists them.

use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn system_admin_registers_and_lists_organisations() {
    let app = TestApp::spawn().await;
    let created = app
        .post(
            "/v1/organisations",
            Some(&app.admin.access),
            &json!({
                "kind": "UWV", "name": "UWV Rotterdam", "kvkNumber": "12345678",
                "oin": "00000001234567890000", "regionCodes": ["AM22", "AM23"]
            }),
        )
        .await;
    created.assert_status(201);
    let body = created.json();
    assert_eq!(body["kind"], "UWV");
    assert_eq!(body["regionCodes"], json!(["AM22", "AM23"]));
    assert_eq!(
        created.header("location").unwrap(),
        format!("/v1/organisations/{}", body["id"].as_str().unwrap())
    );
    assert_eq!(created.header("etag"), Some("\"1\""));

    let list = app
        .get("/v1/organisations?kind=UWV", &app.admin.access)
        .await;
    list.assert_status(200);
    let items = list.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "UWV Rotterdam");

    // Names are unique regardless of case.
    app.post(
        "/v1/organisations",
        Some(&app.admin.access),
        &json!({ "kind": "UWV", "name": "uwv rotterdam" }),
    )
    .await
    .assert_problem(409, "already_exists");
}

#[tokio::test]
async fn invalid_organisations_are_refused_with_every_field_named() {
    let app = TestApp::spawn().await;
    let response = app
        .post(
            "/v1/organisations",
            Some(&app.admin.access),
            &json!({ "kind": "HOSPITAL", "kvkNumber": "12", "regionCodes": ["AM99", "XX01"] }),
        )
        .await;
    let body = response.assert_problem(400, "invalid_input");
    let names: Vec<_> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    for expected in ["kind", "name", "kvkNumber", "regionCodes[1]"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    // AM99 has the right shape, so it is checked against the reference table afterwards.
    let unknown = app
        .post(
            "/v1/organisations",
            Some(&app.admin.access),
            &json!({ "kind": "GGZ", "name": "GGZ X", "regionCodes": ["AM22", "AM99"] }),
        )
        .await;
    let body = unknown.assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["name"], "regionCodes[1]");
    assert_eq!(body["invalidParams"][0]["code"], "unknown_reference");
    let list = app.get("/v1/organisations", &app.admin.access).await.json();
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "nothing was stored"
    );
}

#[tokio::test]
async fn nobody_else_may_see_or_register_organisations() {
    let app = TestApp::spawn().await;
    let ggz = app.organisation("GGZ", "GGZ Noord").await;
    for role in ["ORG_ADMIN", "EMPLOYMENT_SPECIALIST", "AUDITOR"] {
        let user = app.user(role, &ggz).await;
        app.get("/v1/organisations", &user.access)
            .await
            .assert_problem(403, "forbidden");
        app.post(
            "/v1/organisations",
            Some(&user.access),
            &json!({ "kind": "GGZ", "name": format!("By {role}") }),
        )
        .await
        .assert_problem(403, "forbidden");
    }
}

#[tokio::test]
async fn lists_page_with_signed_cursors() {
    let app = TestApp::spawn().await;
    for i in 0..3 {
        app.organisation("MUNICIPALITY", &format!("Gemeente {i}"))
            .await;
    }
    // Four organisations with the operator's; pages of two.
    let first = app
        .get("/v1/organisations?limit=2", &app.admin.access)
        .await;
    first.assert_status(200);
    let cursor = first.json()["nextCursor"].as_str().unwrap().to_owned();
    let link = first.header("link").unwrap().to_owned();
    assert_eq!(
        link,
        format!("</v1/organisations?limit=2&cursor={cursor}>; rel=\"next\"")
    );
    let second = app
        .get(
            &format!("/v1/organisations?limit=2&cursor={cursor}"),
            &app.admin.access,
        )
        .await;
    let second_body = second.json();
    assert_eq!(second_body["items"].as_array().unwrap().len(), 2);
    assert!(second_body["nextCursor"].is_null());
    assert!(second.header("link").is_none());
    let ids: Vec<_> = first.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second_body["items"].as_array().unwrap())
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 4);

    // A tampered cursor, or one reused with other filters, is refused.
    let mut tampered = cursor.clone();
    tampered.replace_range(0..1, if cursor.starts_with('A') { "B" } else { "A" });
    app.get(
        &format!("/v1/organisations?limit=2&cursor={tampered}"),
        &app.admin.access,
    )
    .await
    .assert_problem(400, "invalid_input");
    let body = app
        .get(
            &format!("/v1/organisations?kind=GGZ&cursor={cursor}"),
            &app.admin.access,
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["code"], "invalid_cursor");
    for bad in ["0", "201", "x"] {
        let body = app
            .get(&format!("/v1/organisations?limit={bad}"), &app.admin.access)
            .await
            .assert_problem(400, "invalid_input");
        assert_eq!(body["invalidParams"][0]["name"], "limit");
    }
}

async fn patch(
    app: &TestApp,
    token: &str,
    id: &str,
    etag: Option<&str>,
    body: &serde_json::Value,
) -> crate::support::TestResponse {
    let mut request = app
        .client
        .patch(format!("{}/v1/organisations/{id}", app.base))
        .bearer_auth(token)
        .header("Content-Type", "application/merge-patch+json")
        .body(body.to_string());
    if let Some(etag) = etag {
        request = request.header("If-Match", etag);
    }
    app.send(request).await
}

#[tokio::test]
async fn organisations_are_read_and_changed_with_their_etag() {
    let app = TestApp::spawn().await;
    let id = app.organisation("GGZ", "GGZ Delta").await;
    let read = app
        .get(&format!("/v1/organisations/{id}"), &app.admin.access)
        .await;
    read.assert_status(200);
    assert_eq!(read.header("etag"), Some("\"1\""));

    patch(
        &app,
        &app.admin.access,
        &id,
        None,
        &json!({"name": "GGZ Delta-Zuid"}),
    )
    .await
    .assert_problem(428, "if_match_required");
    let changed = patch(
        &app,
        &app.admin.access,
        &id,
        Some("\"1\""),
        &json!({"name": "GGZ Delta-Zuid", "agbCode": "73730123", "regionCodes": ["AM23", "AM24"]}),
    )
    .await;
    changed.assert_status(200);
    assert_eq!(changed.header("etag"), Some("\"2\""));
    let body = changed.json();
    assert_eq!(body["name"], "GGZ Delta-Zuid");
    assert_eq!(body["agbCode"], "73730123");
    assert_eq!(body["regionCodes"], json!(["AM23", "AM24"]));
    let cleared = patch(
        &app,
        &app.admin.access,
        &id,
        Some("\"2\""),
        &json!({"agbCode": null, "regionCodes": []}),
    )
    .await;
    cleared.assert_status(200);
    assert!(cleared.json()["agbCode"].is_null());
    assert_eq!(cleared.json()["regionCodes"], json!([]));

    patch(
        &app,
        &app.admin.access,
        &id,
        Some("\"2\""),
        &json!({"name": "Stale"}),
    )
    .await
    .assert_problem(412, "etag_mismatch");
    let body = patch(
        &app,
        &app.admin.access,
        &id,
        Some("\"3\""),
        &json!({"kind": "UWV"}),
    )
    .await
    .assert_problem(400, "malformed_request");
    assert_eq!(body["invalidParams"][0]["name"], "kind");
    patch(
        &app,
        &app.admin.access,
        &id,
        Some("\"3\""),
        &json!({"name": "werkpad OPERATOR"}),
    )
    .await
    .assert_problem(409, "already_exists");
    app.get(
        &format!("/v1/organisations/{}", uuid::Uuid::now_v7()),
        &app.admin.access,
    )
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn an_org_admin_reads_only_its_own_organisation() {
    let app = TestApp::spawn().await;
    let own = app.organisation("MUNICIPALITY", "Gemeente Leiden").await;
    let other = app.organisation("MUNICIPALITY", "Gemeente Gouda").await;
    let admin = app.user("ORG_ADMIN", &own).await;
    app.get(&format!("/v1/organisations/{own}"), &admin.access)
        .await
        .assert_status(200);
    app.get(&format!("/v1/organisations/{other}"), &admin.access)
        .await
        .assert_problem(404, "not_found");
    patch(
        &app,
        &admin.access,
        &own,
        Some("\"1\""),
        &json!({"name": "Gemeente Leiden-Noord"}),
    )
    .await
    .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn kind_specific_fields_belong_to_their_kind() {
    let app = TestApp::spawn().await;
    let gemeente = app
        .post(
            "/v1/organisations",
            Some(&app.admin.access),
            &json!({ "kind": "MUNICIPALITY", "name": "Gemeente Rotterdam", "cbsMunicipalityCode": "GM0599" }),
        )
        .await;
    gemeente.assert_status(201);
    assert_eq!(gemeente.json()["cbsMunicipalityCode"], "GM0599");
    assert_eq!(gemeente.json()["uwvRecognised"], false);
    let coach = app
        .post(
            "/v1/organisations",
            Some(&app.admin.access),
            &json!({ "kind": "JOBCOACH_ORGANISATION", "name": "Coach BV", "uwvRecognised": true }),
        )
        .await;
    coach.assert_status(201);
    assert_eq!(coach.json()["uwvRecognised"], true);

    let body = app
        .post(
            "/v1/organisations",
            Some(&app.admin.access),
            &json!({ "kind": "GGZ", "name": "GGZ X", "cbsMunicipalityCode": "GM0599", "uwvRecognised": true }),
        )
        .await
        .assert_problem(400, "invalid_input");
    let names: Vec<_> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, vec!["cbsMunicipalityCode", "uwvRecognised"]);
    app.post(
        "/v1/organisations",
        Some(&app.admin.access),
        &json!({ "kind": "MUNICIPALITY", "name": "Gemeente Y", "cbsMunicipalityCode": "0599" }),
    )
    .await
    .assert_problem(400, "invalid_input");

    let ggz = app.organisation("GGZ", "GGZ Z").await;
    let body = patch(
        &app,
        &app.admin.access,
        &ggz,
        Some("\"1\""),
        &json!({"uwvRecognised": true}),
    )
    .await
    .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["name"], "uwvRecognised");
    let id = gemeente.json()["id"].as_str().unwrap().to_owned();
    let cleared = patch(
        &app,
        &app.admin.access,
        &id,
        Some("\"1\""),
        &json!({"cbsMunicipalityCode": null}),
    )
    .await;
    cleared.assert_status(200);
    assert!(cleared.json()["cbsMunicipalityCode"].is_null());
}
