//! Clients: registration, validation, visibility through the care team, field omission,
//! and the BSN's own rules.

use reqwest::Method;
use serde_json::json;

use crate::support::TestApp;

#[tokio::test]
async fn the_registrant_joins_the_care_team_and_reaches_the_client() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let created = app
        .post(
            "/v1/clients",
            Some(&es.access),
            &json!({
                "givenNames": "Sanne", "familyName": "de Vries", "birthDate": "1990-04-12",
                "municipalityCode": "GM0599", "regionCode": "AM22",
                "employerDisclosure": "LIMITED", "disclosureNote": "Mag vertellen over stress.",
                "bsn": "123456782", "email": "Sanne@Example.nl", "phone": "+31 6 12345678"
            }),
        )
        .await;
    created.assert_status(201);
    let body = created.json();
    let id = body["id"].as_str().unwrap();
    assert_eq!(
        created.header("location").unwrap(),
        format!("/v1/clients/{id}")
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(body["employerDisclosure"], "LIMITED");
    assert_eq!(body["bsnRecorded"], true);
    assert_eq!(body["email"], "sanne@example.nl");
    assert_eq!(body["recordRegime"], "GGZ_WGBO");
    assert_eq!(body["registeredByOrganisationId"], ggz);
    assert!(!created.text.contains("123456782"), "no BSN outside /bsn");

    let team = app
        .get(&format!("/v1/clients/{id}/care-team-members"), &es.access)
        .await;
    team.assert_status(200);
    let items = team.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["userId"], es.id);
    assert_eq!(items[0]["teamRole"], "EMPLOYMENT_SUPPORT");

    let read = app.get(&format!("/v1/clients/{id}"), &es.access).await;
    read.assert_status(200);
    assert_eq!(read.json()["familyName"], "de Vries");
    let listed = app.get("/v1/clients", &es.access).await;
    assert_eq!(listed.json()["items"].as_array().unwrap().len(), 1);
    assert!(listed.json()["items"][0].get("bsnRecorded").is_none());
}

#[tokio::test]
async fn outside_the_care_team_a_client_looks_exactly_like_none() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let colleague = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    let missing = uuid::Uuid::now_v7();
    let request_id = uuid::Uuid::now_v7().to_string();
    let fetch = |path: String| {
        app.send(
            app.client
                .get(format!("{}{path}", app.base))
                .bearer_auth(&colleague.access)
                .header("X-Request-Id", &request_id),
        )
    };
    for suffix in ["", "/bsn", "/care-team-members"] {
        let hidden = fetch(format!("/v1/clients/{client}{suffix}")).await;
        let absent = fetch(format!("/v1/clients/{missing}{suffix}")).await;
        hidden.assert_problem(404, "not_found");
        assert_eq!(hidden.text, absent.text, "{suffix}");
    }
    let listed = app.get("/v1/clients", &colleague.access).await;
    assert_eq!(listed.json()["items"], json!([]));
    // Once added to the team, the colleague reaches the client.
    app.add_member(&es, &client, &colleague).await;
    app.get(&format!("/v1/clients/{client}"), &colleague.access)
        .await
        .assert_status(200);
}

#[tokio::test]
async fn roles_without_client_content_are_refused_before_anything_is_looked_up() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let other = app.org("OTHER").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    for (role, org) in [
        ("AUDITOR", &ggz),
        ("ORG_ADMIN", &ggz),
        ("REGIONAL_COORDINATOR", &other),
        ("PROGRAMME_COORDINATOR", &other),
    ] {
        let user = app.user(role, org).await;
        for path in [
            format!("/v1/clients/{client}"),
            "/v1/clients".to_owned(),
            format!("/v1/clients/{client}/care-team-members"),
        ] {
            app.get(&path, &user.access)
                .await
                .assert_problem(403, "forbidden");
        }
    }
    app.get(&format!("/v1/clients/{client}"), &app.admin.access)
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let response = app
        .post(
            "/v1/clients",
            Some(&es.access),
            &json!({
                "givenNames": " ", "birthDate": "2999-01-01", "municipalityCode": "0599",
                "regionCode": "AM2", "employerDisclosure": "SOME", "bsn": "123456789",
                "email": "not-an-address", "phone": "call me"
            }),
        )
        .await;
    let body = response.assert_problem(400, "invalid_input");
    let found: Vec<(String, String)> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("givenNames", "required"),
        ("familyName", "required"),
        ("birthDate", "out_of_range"),
        ("municipalityCode", "invalid_format"),
        ("regionCode", "invalid_format"),
        ("employerDisclosure", "invalid_value"),
        ("bsn", "bsn_checksum"),
        ("email", "invalid_format"),
        ("phone", "invalid_format"),
    ] {
        assert!(
            found
                .iter()
                .any(|(n, c)| n == expected.0 && c == expected.1),
            "{expected:?} in {found:?}"
        );
    }
    let unknown_field = app
        .post(
            "/v1/clients",
            Some(&es.access),
            &json!({ "givenNames": "A", "diagnosis": "F32" }),
        )
        .await;
    let body = unknown_field.assert_problem(400, "malformed_request");
    assert_eq!(body["invalidParams"][0]["name"], "diagnosis");
    let listed = app.get("/v1/clients", &es.access).await;
    assert_eq!(listed.json()["items"], json!([]));
}

#[tokio::test]
async fn bsn_vectors_of_the_design() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    for (bsn, code) in [
        ("123456789", "bsn_checksum"),
        ("192837465", "bsn_checksum"),
        ("000000000", "bsn_checksum"),
        ("12345678A", "bsn_format"),
        ("1234567820", "bsn_format"),
    ] {
        let body = app
            .post(
                "/v1/clients",
                Some(&es.access),
                &json!({ "givenNames": "A", "familyName": "B", "birthDate": "1990-01-01",
                         "municipalityCode": "GM0599", "regionCode": "AM22", "bsn": bsn }),
            )
            .await
            .assert_problem(400, "invalid_input");
        assert_eq!(body["invalidParams"][0]["code"], code, "{bsn}");
        assert!(!body.to_string().contains(bsn), "the BSN is not echoed");
    }
    for (bsn, stored) in [
        ("123456782", "123456782"),
        ("111222333", "111222333"),
        ("12345672", "012345672"),
    ] {
        let id = app.client_with(&es, json!({ "bsn": bsn })).await;
        let read = app.get(&format!("/v1/clients/{id}/bsn"), &es.access).await;
        read.assert_status(200);
        assert_eq!(read.json()["bsn"], stored);
    }
}

#[tokio::test]
async fn a_bsn_is_unique_found_only_by_search_and_changed_with_if_match() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let id = app.client_with(&es, json!({ "bsn": "111222333" })).await;
    let elsewhere = app
        .user("EMPLOYMENT_SPECIALIST", &app.org("GGZ").await)
        .await;
    let duplicate = app
        .post(
            "/v1/clients",
            Some(&elsewhere.access),
            &json!({ "givenNames": "A", "familyName": "B", "birthDate": "1990-01-01",
                     "municipalityCode": "GM0599", "regionCode": "AM22", "bsn": "111222333" }),
        )
        .await;
    duplicate.assert_problem(409, "bsn_already_registered");
    assert!(
        !duplicate.text.contains(&id),
        "nothing about the other client"
    );

    let found = app
        .post(
            "/v1/clients/_search",
            Some(&es.access),
            &json!({ "bsn": "111222333" }),
        )
        .await;
    found.assert_status(200);
    assert!(found.header("link").is_none());
    assert_eq!(found.json()["items"][0]["id"], id.as_str());
    assert!(!found.text.contains("111222333"));
    // The other GGZ's professional finds nothing: the client is outside their reach.
    let hidden = app
        .post(
            "/v1/clients/_search",
            Some(&elsewhere.access),
            &json!({ "bsn": "111222333" }),
        )
        .await;
    assert_eq!(hidden.json()["items"], json!([]));
    let by_name = app
        .post(
            "/v1/clients/_search",
            Some(&es.access),
            &json!({ "familyName": "DE VRIES", "birthDate": "1990-04-12" }),
        )
        .await;
    assert_eq!(by_name.json()["items"][0]["id"], id.as_str());
    app.post("/v1/clients/_search", Some(&es.access), &json!({}))
        .await
        .assert_problem(400, "invalid_input");
    app.post(
        "/v1/clients/_search",
        Some(&es.access),
        &json!({ "bsn": "111222333", "familyName": "x" }),
    )
    .await
    .assert_problem(400, "invalid_input");

    let path = format!("/v1/clients/{id}/bsn");
    app.call(
        Method::PUT,
        &path,
        Some(&es.access),
        Some(&json!({ "bsn": "123456782" })),
    )
    .await
    .assert_problem(428, "if_match_required");
    app.with_if_match(
        Method::PUT,
        &path,
        &es.access,
        "\"7\"",
        &json!({ "bsn": "123456782" }),
    )
    .await
    .assert_problem(412, "etag_mismatch");
    let changed = app
        .with_if_match(
            Method::PUT,
            &path,
            &es.access,
            "\"1\"",
            &json!({ "bsn": "123456782" }),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(changed.header("etag"), Some("\"2\""));
    assert_eq!(app.get(&path, &es.access).await.json()["bsn"], "123456782");
    let removed = app
        .with_if_match(
            Method::PUT,
            &path,
            &es.access,
            "\"2\"",
            &json!({ "bsn": null }),
        )
        .await;
    removed.assert_status(200);
    assert_eq!(app.get(&path, &es.access).await.json()["bsn"], json!(null));
}

#[tokio::test]
async fn concurrent_changes_with_the_same_etag_let_exactly_one_through() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let id = app.client_by(&es).await;
    let path = format!("/v1/clients/{id}");
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let request = app
                .client
                .patch(format!("{}{path}", app.base))
                .bearer_auth(&es.access)
                .header("If-Match", "\"1\"")
                .json(&json!({ "givenNames": format!("Naam {i}") }));
            tokio::spawn(async move {
                let response = request.send().await.unwrap();
                (response.status().as_u16(), response.text().await.unwrap())
            })
        })
        .collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    let ok: Vec<_> = results.iter().filter(|(s, _)| *s == 200).collect();
    let stale = results.iter().filter(|(s, _)| *s == 412).count();
    assert_eq!((ok.len(), stale), (1, 7), "{results:?}");
    let read = app.get(&path, &es.access).await;
    assert_eq!(read.header("etag"), Some("\"2\""));
    let winner: serde_json::Value = serde_json::from_str(&ok[0].1).unwrap();
    assert_eq!(read.json()["givenNames"], winner["givenNames"]);
}

#[tokio::test]
async fn identity_changes_need_identity_write_and_the_etag() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let practitioner = app.user("PRACTITIONER", &ggz).await;
    let id = app.client_by(&es).await;
    app.add_member(&es, &id, &practitioner).await;
    let path = format!("/v1/clients/{id}");
    // A practitioner reads identity but may not change it.
    app.get(&path, &practitioner.access)
        .await
        .assert_status(200);
    app.patch(
        &path,
        &practitioner.access,
        "\"1\"",
        &json!({ "familyName": "Jansen" }),
    )
    .await
    .assert_problem(403, "forbidden");
    let changed = app
        .patch(
            &path,
            &es.access,
            "\"1\"",
            &json!({ "familyName": "Jansen", "email": null, "disclosureNote": "Alleen rooster." }),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(changed.json()["familyName"], "Jansen");
    assert_eq!(changed.json()["disclosureNote"], "Alleen rooster.");
    assert_eq!(changed.header("etag"), Some("\"2\""));
    let refused = app
        .patch(
            &path,
            &es.access,
            "\"2\"",
            &json!({ "familyName": null, "birthDate": "x" }),
        )
        .await;
    let body = refused.assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get(&path, &es.access).await.header("etag"),
        Some("\"2\"")
    );
}

#[tokio::test]
async fn pages_stay_stable_while_clients_are_registered() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let other = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let mut expected = Vec::new();
    for _ in 0..5 {
        expected.push(app.client_by(&es).await);
    }
    // Someone else's clients are interleaved and must neither show nor shift the pages.
    app.client_by(&other).await;
    let mut seen = Vec::new();
    let mut next = Some("/v1/clients?limit=2".to_owned());
    let mut pages = 0;
    while let Some(path) = next {
        let page = app.get(&path, &es.access).await;
        page.assert_status(200);
        let body = page.json();
        seen.extend(
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_owned()),
        );
        pages += 1;
        if pages == 1 {
            // Registered between pages: they come after what was already there.
            expected.push(app.client_by(&es).await);
            app.client_by(&other).await;
            expected.push(app.client_by(&es).await);
        }
        next = page.header("link").map(|link| {
            let url = link.trim_start_matches('<').split('>').next().unwrap();
            url.to_owned()
        });
        assert_eq!(
            next.is_some(),
            !body["nextCursor"].is_null(),
            "Link and nextCursor agree"
        );
    }
    assert_eq!(seen, expected, "no client repeated, skipped or reordered");
    assert_eq!(pages, 4);
}
