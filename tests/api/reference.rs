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
