//! Fidelity reviews (IPS-25): werkpad computes total and band from the reviewers' 25 item
//! scores and never takes them from the client; a review is recorded by the organisation's
//! administrator or the programme coordinator, read within the organisation, the region or
//! the programme, and never changed.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};
use werkpad::db::schema::{fidelity_review_items, fidelity_reviews};

use crate::support::{TestApp, TestResponse, TestUser};

const PATH: &str = "/v1/fidelity-reviews";

fn code(n: usize) -> String {
    format!("IPS_{n:02}")
}

/// Every item scored `score`.
fn all(score: i64) -> Vec<Value> {
    (1..=25)
        .map(|n| json!({ "item": code(n), "score": score }))
        .collect()
}

fn review(organisation: &str, date: &str, scores: &[Value]) -> Value {
    json!({
        "organisationId": organisation,
        "teamName": "IPS-team Noord",
        "reviewDate": date,
        "reviewingBody": "Kenniscentrum Phrenos",
        "itemScores": scores,
    })
}

async fn record(app: &TestApp, by: &TestUser, body: &Value) -> TestResponse {
    app.post(PATH, Some(&by.access), body).await
}

/// Records a review of `organisation` on `date`, all items scored `score`; returns its id.
async fn recorded(
    app: &TestApp,
    by: &TestUser,
    organisation: &str,
    date: &str,
    score: i64,
) -> String {
    let response = record(app, by, &review(organisation, date, &all(score))).await;
    response.assert_status(201);
    response.json()["id"].as_str().unwrap().to_owned()
}

/// An organisation of `kind` in labour-market region `region`.
async fn org_in(app: &TestApp, kind: &str, region: &str) -> String {
    let response = app
        .post(
            "/v1/organisations",
            Some(&app.admin.access),
            &json!({ "kind": kind, "name": format!("{kind} {}", uuid::Uuid::now_v7()),
                     "regionCodes": [region] }),
        )
        .await;
    response.assert_status(201);
    response.json()["id"].as_str().unwrap().to_owned()
}

/// Reviews and item rows stored.
fn stored(app: &TestApp) -> (i64, i64) {
    app.state
        .pool
        .with_conn(|conn| {
            let reviews = fidelity_reviews::table.count().get_result(conn)?;
            let items = fidelity_review_items::table.count().get_result(conn)?;
            Ok((reviews, items))
        })
        .unwrap()
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

fn invalid_names(problem: &Value) -> Vec<(String, String)> {
    problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn werkpad_computes_total_and_band_and_reads_them_back() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let admin = app.user("ORG_ADMIN", &ggz).await;

    // All 4s: 25 × 4 = 100, the lowest GOOD total.
    let response = record(&app, &admin, &review(&ggz, "2026-03-12", &all(4))).await;
    response.assert_status(201);
    assert_eq!(response.header("etag"), Some("\"1\""));
    let body = response.json();
    let id = body["id"].as_str().unwrap();
    assert_eq!(
        response.header("location"),
        Some(format!("/v1/fidelity-reviews/{id}").as_str())
    );
    assert_eq!(body["total"], 100);
    assert_eq!(body["band"], "GOOD");
    assert_eq!(body["organisationId"], ggz.as_str());
    assert_eq!(body["recordedByOrganisationId"], ggz.as_str());
    assert_eq!(body["teamName"], "IPS-team Noord");
    assert_eq!(body["reviewDate"], "2026-03-12");
    assert_eq!(body["reviewingBody"], "Kenniscentrum Phrenos");
    let items = body["itemScores"].as_array().unwrap();
    assert_eq!(items.len(), 25);
    assert_eq!(
        items[0],
        json!({ "item": "IPS_01", "section": "STAFFING", "name": "Caseload size", "score": 4 })
    );
    assert_eq!(items[3]["section"], "ORGANISATION");
    assert_eq!(items[11]["section"], "SERVICES");
    assert_eq!(items[24]["item"], "IPS_25");
    assert_eq!(items[24]["name"], "Assertive engagement and outreach");

    let read = app.get(&format!("{PATH}/{id}"), &admin.access).await;
    read.assert_status(200);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.json(), body);
    let unchanged = app
        .send(
            app.client
                .get(format!("{}{PATH}/{id}", app.base))
                .bearer_auth(&admin.access)
                .header("If-None-Match", "\"1\""),
        )
        .await;
    unchanged.assert_status(304);

    // 23 × 3 + 2 × 2 = 73, the highest total that is not IPS; sent in reverse order.
    let scores: Vec<Value> = (1..=25)
        .rev()
        .map(|n| json!({ "item": code(n), "score": if n <= 2 { 2 } else { 3 } }))
        .collect();
    let low = record(&app, &admin, &review(&ggz, "2025-11-03", &scores)).await;
    low.assert_status(201);
    let low = low.json();
    assert_eq!(low["total"], 73);
    assert_eq!(low["band"], "NOT_SUPPORTED_EMPLOYMENT");
    assert_eq!(
        low["itemScores"][0],
        json!({ "item": "IPS_01", "section": "STAFFING",
        "name": "Caseload size", "score": 2 })
    );
    assert_eq!(low["teamName"], "IPS-team Noord");

    // One more point is FAIR; the top of the scale is EXEMPLARY. No team name is null.
    let mut scores = all(3);
    scores[0] = json!({ "item": "IPS_01", "score": 2 });
    let mut body = review(&ggz, "2024-06-30", &scores);
    body.as_object_mut().unwrap().remove("teamName");
    let fair = record(&app, &admin, &body).await.json();
    assert_eq!(
        (fair["total"].clone(), fair["band"].clone()),
        (json!(74), json!("FAIR"))
    );
    assert_eq!(fair["teamName"], Value::Null);
    let top = record(&app, &admin, &review(&ggz, "2026-01-05", &all(5)))
        .await
        .json();
    assert_eq!(
        (top["total"].clone(), top["band"].clone()),
        (json!(125), json!("EXEMPLARY"))
    );
    assert_eq!(stored(&app), (4, 100));
}

#[tokio::test]
async fn total_and_band_from_the_client_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let admin = app.user("ORG_ADMIN", &ggz).await;
    for (field, value) in [("total", json!(125)), ("band", json!("EXEMPLARY"))] {
        let mut body = review(&ggz, "2026-02-01", &all(2));
        body[field] = value;
        let problem = record(&app, &admin, &body)
            .await
            .assert_problem(400, "malformed_request");
        assert_eq!(
            invalid_names(&problem),
            vec![(field.to_owned(), "unknown_field".to_owned())]
        );
    }
    // Nor inside an item.
    let mut scores = all(2);
    scores[4]["name"] = json!("Vocational unit");
    let problem = record(&app, &admin, &review(&ggz, "2026-02-01", &scores))
        .await
        .assert_problem(400, "malformed_request");
    assert_eq!(problem["invalidParams"][0]["code"], "unknown_field");
    assert_eq!(stored(&app), (0, 0));
}

#[tokio::test]
async fn incomplete_or_out_of_range_scores_list_every_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let admin = app.user("ORG_ADMIN", &ggz).await;
    let refused = |body: Value| {
        let app = &app;
        let admin = &admin;
        async move {
            let problem = record(app, admin, &body)
                .await
                .assert_problem(400, "invalid_input");
            invalid_names(&problem)
        }
    };
    let pair = |name: &str, code: &str| (name.to_owned(), code.to_owned());

    // 24 items: the one left out is named.
    let mut scores = all(4);
    scores.remove(6);
    let problem = record(&app, &admin, &review(&ggz, "2026-02-01", &scores))
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid_names(&problem),
        vec![pair("itemScores", "required")]
    );
    assert!(
        problem["invalidParams"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("IPS_07"),
        "{problem}"
    );

    // A duplicate, where it repeats (and so the item it displaced is missing).
    let mut scores = all(4);
    scores[24] = json!({ "item": "IPS_03", "score": 4 });
    assert_eq!(
        refused(review(&ggz, "2026-02-01", &scores)).await,
        vec![
            pair("itemScores[24].item", "invalid_value"),
            pair("itemScores", "required")
        ]
    );

    // A score of 6, and one of 0.
    let mut scores = all(4);
    scores[2]["score"] = json!(6);
    scores[20]["score"] = json!(0);
    assert_eq!(
        refused(review(&ggz, "2026-02-01", &scores)).await,
        vec![
            pair("itemScores[2].score", "out_of_range"),
            pair("itemScores[20].score", "out_of_range")
        ]
    );

    // Everything at once: every failing field in one answer.
    let mut scores = all(4);
    scores.truncate(24);
    scores[1] = json!({ "item": "IPS_01", "score": 4 });
    scores[5]["score"] = json!(6);
    scores[8] = json!({ "item": "IPS_99", "score": 3 });
    scores[9] = json!({ "item": "IPS_10" });
    let body = json!({
        "organisationId": "not-a-uuid",
        "reviewDate": "2999-01-01",
        "teamName": "x".repeat(201),
        "itemScores": scores,
    });
    assert_eq!(
        refused(body).await,
        vec![
            pair("organisationId", "invalid_format"),
            pair("teamName", "too_long"),
            pair("reviewDate", "out_of_range"),
            pair("reviewingBody", "required"),
            pair("itemScores[8].item", "invalid_value"),
            pair("itemScores[9].score", "required"),
            pair("itemScores[1].item", "invalid_value"),
            pair("itemScores[5].score", "out_of_range"),
            pair("itemScores", "required"),
        ]
    );
    assert_eq!(
        refused(json!({})).await,
        vec![
            pair("organisationId", "required"),
            pair("reviewDate", "required"),
            pair("reviewingBody", "required"),
            pair("itemScores", "required"),
        ]
    );
    // A score that is not a whole number is a wrong JSON type.
    let mut scores = all(4);
    scores[3]["score"] = json!(3.5);
    let problem = record(&app, &admin, &review(&ggz, "2026-02-01", &scores))
        .await
        .assert_problem(400, "malformed_request");
    assert_eq!(problem["invalidParams"][0]["name"], "itemScores[3].score");
    assert_eq!(stored(&app), (0, 0));
}

#[tokio::test]
async fn an_organisations_list_shows_its_fidelity_over_time_page_by_page() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let other = app.org("GGZ").await;
    let coordinator = app
        .user("PROGRAMME_COORDINATOR", &app.org("OTHER").await)
        .await;
    // Recorded out of date order; two on the same day.
    let mid = recorded(&app, &coordinator, &ggz, "2024-05-01", 3).await;
    let first = recorded(&app, &coordinator, &ggz, "2022-03-15", 2).await;
    let last_a = recorded(&app, &coordinator, &ggz, "2025-09-30", 4).await;
    let last_b = recorded(&app, &coordinator, &ggz, "2025-09-30", 5).await;
    let elsewhere = recorded(&app, &coordinator, &other, "2023-01-01", 4).await;

    let url = format!("{PATH}?organisationId={ggz}&limit=2");
    let page = app.get(&url, &coordinator.access).await;
    page.assert_status(200);
    let body = page.json();
    assert_eq!(ids(&body), vec![first.clone(), mid.clone()]);
    assert_eq!(body["items"][0]["total"], 50);
    assert_eq!(body["items"][0]["band"], "NOT_SUPPORTED_EMPLOYMENT");
    let cursor = body["nextCursor"].as_str().unwrap().to_owned();
    let link = page.header("link").unwrap();
    assert!(
        link.contains(&format!("organisationId={ggz}")) && link.contains("rel=\"next\""),
        "{link}"
    );
    let next = app
        .get(&format!("{url}&cursor={cursor}"), &coordinator.access)
        .await;
    next.assert_status(200);
    // The same day in id (recording) order; the last page says so.
    assert_eq!(ids(&next.json()), vec![last_a.clone(), last_b.clone()]);
    assert_eq!(next.json()["nextCursor"], Value::Null);
    assert!(next.header("link").is_none());

    // Without a filter, every organisation in one timeline.
    let everything = app.get(PATH, &coordinator.access).await.json();
    assert_eq!(
        ids(&everything),
        vec![first, elsewhere, mid, last_a, last_b]
    );
    assert_eq!(everything["nextCursor"], Value::Null);

    // A cursor belongs to its filter.
    let other_filter = app
        .get(
            &format!("{PATH}?organisationId={other}&limit=2&cursor={cursor}"),
            &coordinator.access,
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(other_filter["invalidParams"][0]["code"], "invalid_cursor");
    let bad = app
        .get(
            &format!("{PATH}?organisationId=nope&limit=0"),
            &coordinator.access,
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid_names(&bad),
        vec![
            ("organisationId".to_owned(), "invalid_format".to_owned()),
            ("limit".to_owned(), "out_of_range".to_owned())
        ]
    );
}

#[tokio::test]
async fn who_records_and_who_reads() {
    let app = TestApp::spawn().await;
    // Two GGZ organisations in Rijnmond (AM22), one in Twente (AM05).
    let home = app.org("GGZ").await;
    let neighbour = app.org("GGZ").await;
    let twente = org_in(&app, "GGZ", "AM05").await;
    let admin = app.user("ORG_ADMIN", &home).await;
    let programme = app
        .user("PROGRAMME_COORDINATOR", &app.org("OTHER").await)
        .await;

    // The administrator records for its own organisation only; an unknown one is a 400.
    let own = recorded(&app, &admin, &home, "2026-01-10", 4).await;
    record(&app, &admin, &review(&neighbour, "2026-01-10", &all(4)))
        .await
        .assert_problem(404, "not_found");
    let unknown = record(
        &app,
        &admin,
        &review(&uuid::Uuid::now_v7().to_string(), "2026-01-10", &all(4)),
    )
    .await
    .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid_names(&unknown),
        vec![("organisationId".to_owned(), "unknown_reference".to_owned())]
    );
    // The programme coordinator records for anyone.
    let near = recorded(&app, &programme, &neighbour, "2026-02-10", 3).await;
    let far = recorded(&app, &programme, &twente, "2026-03-10", 5).await;
    assert_eq!(stored(&app), (3, 75));

    let reads = |user: &TestUser, id: &str| {
        let path = format!("{PATH}/{id}");
        let token = user.access.clone();
        let app = &app;
        async move { app.get(&path, &token).await.status.as_u16() }
    };
    let lists = |user: &TestUser| {
        let token = user.access.clone();
        let app = &app;
        async move {
            let mut listed = ids(&app.get(PATH, &token).await.json());
            listed.sort();
            listed
        }
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };

    // The organisation's own professionals read its reviews, and nobody else's.
    let es = app.user("EMPLOYMENT_SPECIALIST", &home).await;
    let practitioner = app.user("PRACTITIONER", &home).await;
    for user in [&es, &practitioner, &admin] {
        assert_eq!(reads(user, &own).await, 200);
        assert_eq!(reads(user, &near).await, 404);
        assert_eq!(lists(user).await, vec![own.clone()]);
    }
    let neighbours_es = app.user("EMPLOYMENT_SPECIALIST", &neighbour).await;
    app.get(&format!("{PATH}/{own}"), &neighbours_es.access)
        .await
        .assert_problem(404, "not_found");
    let filtered = app
        .get(
            &format!("{PATH}?organisationId={home}"),
            &neighbours_es.access,
        )
        .await;
    filtered.assert_status(200);
    assert_eq!(filtered.json()["items"], json!([]));
    assert_eq!(lists(&neighbours_es).await, vec![near.clone()]);

    // A regional coordinator reads the organisations of its own region.
    let rijnmond = app
        .user("REGIONAL_COORDINATOR", &app.org("OTHER").await)
        .await;
    assert_eq!(reads(&rijnmond, &own).await, 200);
    assert_eq!(reads(&rijnmond, &near).await, 200);
    assert_eq!(reads(&rijnmond, &far).await, 404);
    assert_eq!(
        lists(&rijnmond).await,
        sorted(vec![own.clone(), near.clone()])
    );
    let coordinator_twente = app
        .user("REGIONAL_COORDINATOR", &org_in(&app, "OTHER", "AM05").await)
        .await;
    assert_eq!(reads(&coordinator_twente, &far).await, 200);
    app.get(&format!("{PATH}/{own}"), &coordinator_twente.access)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(lists(&coordinator_twente).await, vec![far.clone()]);

    // The programme coordinator reads everything; a missing review is 404 to it too.
    assert_eq!(
        lists(&programme).await,
        sorted(vec![own.clone(), near.clone(), far.clone()])
    );
    assert_eq!(reads(&programme, &far).await, 200);
    assert_eq!(
        reads(&programme, &uuid::Uuid::now_v7().to_string()).await,
        404
    );
    app.get(&format!("{PATH}/not-a-uuid"), &programme.access)
        .await
        .assert_problem(400, "invalid_input");

    // Aggregates only for UWV and the municipality, and nothing for the other roles:
    // refused before anything is looked up, so a missing review gets the same answer.
    let uwv = app.org("UWV").await;
    let municipality = app.org("MUNICIPALITY").await;
    let mut refused = vec![
        app.user("UWV_LABOUR_EXPERT", &uwv).await,
        app.user("MUNICIPAL_CASE_MANAGER", &municipality).await,
        app.user("WSP_ACCOUNT_MANAGER", &app.org("WSP").await).await,
        app.user("JOB_COACH", &app.org("JOBCOACH_ORGANISATION").await)
            .await,
        app.user("AUDITOR", &home).await,
    ];
    refused.push(app.admin.clone());
    for user in &refused {
        for id in [own.clone(), uuid::Uuid::now_v7().to_string()] {
            app.get(&format!("{PATH}/{id}"), &user.access)
                .await
                .assert_problem(403, "forbidden");
        }
        app.get(PATH, &user.access)
            .await
            .assert_problem(403, "forbidden");
    }
    // Only the administrator and the programme coordinator record.
    for user in refused
        .iter()
        .chain([&es, &practitioner, &rijnmond, &coordinator_twente])
    {
        record(&app, user, &review(&home, "2026-01-10", &all(4)))
            .await
            .assert_problem(403, "forbidden");
    }
    assert_eq!(stored(&app), (3, 75));
}

#[tokio::test]
async fn a_regional_coordinators_reach_follows_the_regions_as_they_are_now() {
    let app = TestApp::spawn().await;
    let ggz = org_in(&app, "GGZ", "AM05").await;
    let programme = app
        .user("PROGRAMME_COORDINATOR", &app.org("OTHER").await)
        .await;
    let id = recorded(&app, &programme, &ggz, "2025-10-01", 4).await;
    let coordinator = app
        .user("REGIONAL_COORDINATOR", &app.org("OTHER").await)
        .await;
    let path = format!("{PATH}/{id}");
    app.get(&path, &coordinator.access)
        .await
        .assert_problem(404, "not_found");
    // The organisation joins Rijnmond (AM22) as well.
    let org_path = format!("/v1/organisations/{ggz}");
    let etag = app
        .get(&org_path, &app.admin.access)
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    app.patch(
        &org_path,
        &app.admin.access,
        &etag,
        &json!({ "regionCodes": ["AM05", "AM22"] }),
    )
    .await
    .assert_status(200);
    app.get(&path, &coordinator.access).await.assert_status(200);
}

#[tokio::test]
async fn a_review_is_never_changed_or_removed() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let admin = app.user("ORG_ADMIN", &ggz).await;
    let id = recorded(&app, &admin, &ggz, "2026-01-10", 4).await;
    let path = format!("{PATH}/{id}");
    for method in [Method::PATCH, Method::PUT, Method::DELETE] {
        let response = app
            .call(method.clone(), &path, Some(&admin.access), Some(&json!({})))
            .await;
        response.assert_problem(405, "method_not_allowed");
        assert_eq!(response.header("allow"), Some("GET"), "{method}");
    }
    for statement in [
        "UPDATE fidelity_reviews SET total = 125, band = 'EXEMPLARY'",
        "DELETE FROM fidelity_reviews",
        "UPDATE fidelity_review_items SET score = 5",
        "DELETE FROM fidelity_review_items",
    ] {
        let result = app
            .state
            .pool
            .with_conn(|conn| Ok(conn.batch_execute(statement)?));
        assert!(result.is_err(), "{statement} was allowed");
    }
    assert_eq!(app.get(&path, &admin.access).await.json()["total"], 100);
}

#[tokio::test]
async fn reading_leaves_no_access_log_event_and_a_refusal_does() {
    use werkpad::db::audit;
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let admin = app.user("ORG_ADMIN", &ggz).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &app.org("UWV").await).await;
    let events = |app: &TestApp| {
        app.state
            .pool
            .with_conn(|conn| Ok(audit::from_seq(conn, 1, 1000)?))
            .unwrap()
    };
    let id = recorded(&app, &admin, &ggz, "2026-01-10", 4).await;
    app.get(&format!("{PATH}/{id}"), &admin.access)
        .await
        .assert_status(200);
    app.get(PATH, &admin.access).await.assert_status(200);
    let before = events(&app).len();
    assert!(
        events(&app).iter().all(|e| !e
            .operation
            .as_deref()
            .unwrap_or_default()
            .contains("fidelity")),
        "no client data, no event"
    );
    app.get(PATH, &expert.access)
        .await
        .assert_problem(403, "forbidden");
    let after = events(&app);
    assert_eq!(after.len(), before + 1);
    let denied = after.last().unwrap();
    assert_eq!(denied.outcome, "DENIED");
    assert_eq!(denied.operation.as_deref(), Some("list_fidelity_reviews"));
    assert_eq!(denied.data_categories, "FIDELITY");
    assert_eq!(denied.client_ids, "");
}
