//! Reference data: the labour-market regions, readable by every signed-in account.

use crate::support::TestApp;

#[tokio::test]
async fn every_account_lists_the_regions_page_by_page() {
    let app = TestApp::spawn().await;
    let ggz = app.organisation("GGZ", "GGZ Regio").await;
    let user = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;

    let all = app.get("/v1/labour-market-regions", &user.access).await;
    all.assert_status(200);
    let items = all.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 35);
    assert_eq!(items[0]["code"], "AM01");
    assert_eq!(items[0]["validFromDate"], "2021-01-01");
    assert!(items[0]["validToDate"].is_null());

    let mut codes = Vec::new();
    let mut path = "/v1/labour-market-regions?limit=10".to_owned();
    loop {
        let page = app.get(&path, &user.access).await;
        page.assert_status(200);
        let body = page.json();
        codes.extend(
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["code"].as_str().unwrap().to_owned()),
        );
        match body["nextCursor"].as_str() {
            Some(c) => path = format!("/v1/labour-market-regions?limit=10&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(codes.len(), 35);
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "in code order, no repeats");

    let before = app
        .get(
            "/v1/labour-market-regions?referenceDate=2020-06-01",
            &user.access,
        )
        .await;
    assert_eq!(
        before.json()["items"].as_array().unwrap().len(),
        0,
        "none existed yet"
    );
    let body = app
        .get(
            "/v1/labour-market-regions?referenceDate=31-12-2026",
            &user.access,
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["name"], "referenceDate");

    // A cursor of another list is not accepted here.
    app.organisation("UWV", "UWV Regio").await;
    let orgs = app
        .get("/v1/organisations?limit=1", &app.admin.access)
        .await
        .json();
    let foreign = orgs["nextCursor"].as_str().unwrap();
    app.get(
        &format!("/v1/labour-market-regions?cursor={foreign}"),
        &app.admin.access,
    )
    .await
    .assert_problem(400, "invalid_input");
}

#[tokio::test]
async fn an_imported_municipality_table_derives_the_region_of_a_client() {
    let app = crate::support::TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    // Without a table the region is given and the municipality only format-checked.
    app.post(
        "/v1/clients",
        Some(&es.access),
        &serde_json::json!({ "givenNames": "A", "familyName": "B", "birthDate": "1990-01-01",
                             "municipalityCode": "GM0599" }),
    )
    .await
    .assert_problem(400, "invalid_input");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gebieden.csv");
    let import = |content: &str| {
        std::fs::write(&file, content).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkpad"))
            .args(["municipalities", "import", file.to_str().unwrap()])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("WERKPAD_DATABASE_URL", app.settings.database_url.expose())
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    };
    // A bad line refuses the whole file.
    let (ok, text) = import(
        "municipalityCode,name,regionCode,validFrom,validTo\n\
         GM0599,Rotterdam,AM22,2021-01-01,\n\
         GM0363,Amsterdam,AM99,2021-01-01,\n\
         XX,Nergens,AM22,2021-01-01,\n",
    );
    assert!(!ok, "{text}");
    assert!(text.contains("line 4") && text.contains("AM99"), "{text}");
    let listed = app.get("/v1/municipalities", &es.access).await;
    assert_eq!(listed.json()["items"], serde_json::json!([]));

    let (ok, text) = import(
        "municipalityCode,name,regionCode,validFrom,validTo\n\
         GM0599,Rotterdam,AM22,2021-01-01,\n\
         GM0363,Amsterdam,AM18,2021-01-01,\n\
         GM0001,Oudgemeente,AM01,2021-01-01,2022-12-31\n",
    );
    assert!(ok, "{text}");
    assert!(text.contains("3 municipality periods loaded"), "{text}");
    let current = app
        .get("/v1/municipalities?referenceDate=2026-01-01", &es.access)
        .await;
    let codes: Vec<_> = current.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["GM0363", "GM0599"]);

    // Now the region follows from the municipality; a contradicting one is refused.
    let client = app
        .client_with(
            &es,
            serde_json::json!({ "municipalityCode": "GM0363", "regionCode": null }),
        )
        .await;
    let read = app.get(&format!("/v1/clients/{client}"), &es.access).await;
    assert_eq!(read.json()["regionCode"], "AM18");
    let body = app
        .post(
            "/v1/clients",
            Some(&es.access),
            &serde_json::json!({ "givenNames": "A", "familyName": "B", "birthDate": "1990-01-01",
                                 "municipalityCode": "GM0363", "regionCode": "AM22" }),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["name"], "regionCode");
    let body = app
        .post(
            "/v1/clients",
            Some(&es.access),
            &serde_json::json!({ "givenNames": "A", "familyName": "B", "birthDate": "1990-01-01",
                                 "municipalityCode": "GM0001" }),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["code"], "unknown_reference");
}
