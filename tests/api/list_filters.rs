//! The filters of `GET /v1/trajectories` and `GET /v1/clients`: each narrows the list to
//! exactly the records that match, together they combine, a filtered list pages with its
//! filter, a malformed value is refused naming the parameter, and a filter that points at
//! something outside the caller's reach finds nothing rather than an error or the data.

use serde_json::{Value, json};

use crate::support::{TestApp, TestResponse, TestUser};

/// Asserts a list's ids, in order, against ids given as `String`s or references to them.
macro_rules! assert_ids {
    ($actual:expr, $expected:expr $(, $($message:tt)+)?) => {{
        let expected: Vec<String> = $expected.iter().map(ToString::to_string).collect();
        assert_eq!($actual, expected $(, $($message)+)?);
    }};
}

/// The ids of a complete (single-page) list, in the order the server gave them.
async fn ids(app: &TestApp, path: &str, by: &TestUser) -> Vec<String> {
    let response = app.get(path, &by.access).await;
    response.assert_status(200);
    let body = response.json();
    assert!(body["nextCursor"].is_null(), "{path}: one page expected");
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no items in {}", response.text))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The `(name, code)` pairs of an `invalid_input` problem.
#[track_caller]
fn invalid_params(response: &TestResponse) -> Vec<(String, String)> {
    let body = response.assert_problem(400, "invalid_input");
    body["invalidParams"]
        .as_array()
        .unwrap_or_else(|| panic!("no invalidParams in {}", response.text))
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(n, c)| ((*n).to_owned(), (*c).to_owned()))
        .collect()
}

/// Opens a trajectory from a full request body; returns the created resource.
async fn open(app: &TestApp, by: &TestUser, body: &Value) -> Value {
    let response = app.post("/v1/trajectories", Some(&by.access), body).await;
    response.assert_status(201);
    response.json()
}

/// Today plus `days` (negative: in the past), as a date.
fn days_from_today(days: i64) -> String {
    (werkpad::domain::calendar::today() + chrono::Duration::days(days)).to_string()
}

/// An instant as a query value (`+` in an offset would otherwise read as a space).
fn query_instant(instant: &Value) -> String {
    instant.as_str().unwrap().replace('+', "%2B")
}

#[tokio::test]
async fn trajectory_filters_select_by_client_type_status_lead_organisation_and_region() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let uwv_org = app.org("UWV").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv_org).await;
    let north = app.client_with(&es, json!({ "regionCode": "AM22" })).await;
    let south = app.client_with(&es, json!({ "regionCode": "AM23" })).await;
    app.add_member(&es, &north, &expert).await;

    let ips = open(&app, &es, &json!({ "clientId": north, "type": "IPS" })).await;
    // Opened by the GGZ, led by the labour expert: the lead organisation is UWV.
    let led_by_uwv = open(
        &app,
        &es,
        &json!({ "clientId": north, "type": "OTHER", "leadUserId": expert.id }),
    )
    .await;
    assert_eq!(led_by_uwv["leadOrganisationId"], uwv_org.as_str());
    let in_intake = open(&app, &es, &json!({ "clientId": south, "type": "OTHER" })).await;
    assert_eq!(in_intake["regionCode"], "AM23");
    let jobcoaching = open(
        &app,
        &es,
        &json!({ "clientId": south, "type": "JOBCOACHING" }),
    )
    .await;
    let [ips, led_by_uwv, in_intake, jobcoaching] =
        [&ips, &led_by_uwv, &in_intake, &jobcoaching].map(|t| t["id"].as_str().unwrap().to_owned());
    app.transition(&es, &in_intake, json!({ "toStatus": "INTAKE" }))
        .await
        .assert_status(200);

    let all = [&ips, &led_by_uwv, &in_intake, &jobcoaching];
    for (query, expected) in [
        ("", all.to_vec()),
        (&format!("clientId={north}"), vec![&ips, &led_by_uwv]),
        (&format!("clientId={south}"), vec![&in_intake, &jobcoaching]),
        ("type=IPS", vec![&ips]),
        ("type=OTHER", vec![&led_by_uwv, &in_intake]),
        ("type=JOBCOACHING", vec![&jobcoaching]),
        ("type=WABZ", vec![]),
        ("status=INTAKE", vec![&in_intake]),
        ("status=REGISTERED", vec![&ips, &led_by_uwv, &jobcoaching]),
        ("status=JOB_SEARCH", vec![]),
        (&format!("leadOrganisationId={uwv_org}"), vec![&led_by_uwv]),
        (
            &format!("leadOrganisationId={ggz}"),
            vec![&ips, &in_intake, &jobcoaching],
        ),
        ("regionCode=AM22", vec![&ips, &led_by_uwv]),
        ("regionCode=AM23", vec![&in_intake, &jobcoaching]),
        ("regionCode=AM01", vec![]),
        // Filters combine: every one must hold.
        ("type=OTHER&regionCode=AM23", vec![&in_intake]),
        ("type=OTHER&status=REGISTERED", vec![&led_by_uwv]),
        (
            &format!("clientId={north}&leadOrganisationId={ggz}"),
            vec![&ips],
        ),
        (&format!("clientId={north}&regionCode=AM23"), vec![]),
    ] {
        let path = format!("/v1/trajectories?{query}");
        assert_ids!(ids(&app, &path, &es).await, expected, "{query}");
    }

    // A filtered list pages with its filter: the next link keeps it, nothing else slips in.
    let first = app
        .get("/v1/trajectories?type=OTHER&limit=1", &es.access)
        .await;
    first.assert_status(200);
    assert_eq!(first.json()["items"][0]["id"], led_by_uwv.as_str());
    let link = first.header("link").unwrap().to_owned();
    let next = link.trim_start_matches('<').split('>').next().unwrap();
    assert!(next.contains("type=OTHER"), "{link}");
    let second = app.get(next, &es.access).await;
    second.assert_status(200);
    let items = second.json()["items"].clone();
    assert_eq!(items.as_array().unwrap().len(), 1, "{items}");
    assert_eq!(items[0]["id"], in_intake.as_str());
    assert!(second.json()["nextCursor"].is_null());
    // The cursor belongs to that filter: with another one it is refused.
    let cursor = first.json()["nextCursor"].as_str().unwrap().to_owned();
    let names = invalid_params(
        &app.get(
            &format!("/v1/trajectories?type=IPS&limit=1&cursor={cursor}"),
            &es.access,
        )
        .await,
    );
    assert!(names.iter().any(|(n, _)| n == "cursor"), "{names:?}");
}

#[tokio::test]
async fn trajectory_and_client_lists_filter_by_an_involved_professional() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let practitioner = app.user("PRACTITIONER", &ggz).await;
    let colleague = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let first = app.client_by(&es).await;
    let second = app.client_by(&es).await;
    let third = app.client_by(&es).await;
    app.add_member(&es, &second, &practitioner).await;
    // On the third client's team since last week.
    let joined = app
        .post(
            &format!("/v1/clients/{third}/care-team-members"),
            Some(&es.access),
            &json!({ "userId": practitioner.id, "teamRole": "OTHER",
                     "validFromDate": days_from_today(-7) }),
        )
        .await;
    joined.assert_status(201);
    let third_membership = joined.json()["id"].as_str().unwrap().to_owned();
    let t_first = app.trajectory(&es, &first, "IPS").await;
    let t_second = app.trajectory(&es, &second, "IPS").await;
    let t_third = app.trajectory(&es, &third, "OTHER").await;

    for (user, clients, trajectories) in [
        (
            &es,
            vec![&first, &second, &third],
            vec![&t_first, &t_second, &t_third],
        ),
        (
            &practitioner,
            vec![&second, &third],
            vec![&t_second, &t_third],
        ),
        // A colleague on no care team of these clients.
        (&colleague, vec![], vec![]),
    ] {
        let id = &user.id;
        assert_ids!(
            ids(&app, &format!("/v1/clients?involvedUserId={id}"), &es).await,
            clients,
            "clients of {}",
            user.email
        );
        assert_ids!(
            ids(&app, &format!("/v1/trajectories?involvedUserId={id}"), &es).await,
            trajectories,
            "trajectories of {}",
            user.email
        );
    }
    // The practitioner asks the same about the registrant: only what they share.
    assert_ids!(
        ids(
            &app,
            &format!("/v1/clients?involvedUserId={}", es.id),
            &practitioner
        )
        .await,
        [&second, &third]
    );
    assert_ids!(
        ids(
            &app,
            &format!("/v1/trajectories?involvedUserId={}&type=OTHER", es.id),
            &practitioner
        )
        .await,
        [&t_third]
    );

    // Once the practitioner's membership of the third client has ended, it no longer counts.
    let path = format!("/v1/clients/{third}/care-team-members/{third_membership}");
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
        &json!({ "validToDate": days_from_today(-1) }),
    )
    .await
    .assert_status(200);
    let id = &practitioner.id;
    assert_ids!(
        ids(&app, &format!("/v1/clients?involvedUserId={id}"), &es).await,
        [&second]
    );
    assert_ids!(
        ids(&app, &format!("/v1/trajectories?involvedUserId={id}"), &es).await,
        [&t_second]
    );
    // A membership that starts tomorrow does not count yet either.
    app.post(
        &format!("/v1/clients/{first}/care-team-members"),
        Some(&es.access),
        &json!({ "userId": colleague.id, "teamRole": "OTHER",
                 "validFromDate": days_from_today(1) }),
    )
    .await
    .assert_status(201);
    let id = &colleague.id;
    assert_ids!(
        ids(&app, &format!("/v1/clients?involvedUserId={id}"), &es).await,
        Vec::<String>::new()
    );
    assert_ids!(
        ids(&app, &format!("/v1/trajectories?involvedUserId={id}"), &es).await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn updated_since_keeps_what_changed_at_or_after_the_instant() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;

    // Clients: one of three is changed afterwards.
    let registered = app
        .post(
            "/v1/clients",
            Some(&es.access),
            &json!({ "givenNames": "Sanne", "familyName": "de Vries", "birthDate": "1990-04-12",
                     "municipalityCode": "GM0599", "regionCode": "AM22" }),
        )
        .await;
    registered.assert_status(201);
    let first = registered.json();
    let first_registered_at = first["updatedAt"].clone();
    let first = first["id"].as_str().unwrap().to_owned();
    let second = app.client_by(&es).await;
    let third = app.client_by(&es).await;
    let changed = app
        .patch(
            &format!("/v1/clients/{second}"),
            &es.access,
            "\"1\"",
            &json!({ "familyName": "Jansen" }),
        )
        .await;
    changed.assert_status(200);
    let changed_at = changed.json()["updatedAt"].clone();
    assert_eq!(
        app.get(&format!("/v1/clients/{second}"), &es.access)
            .await
            .json()["updatedAt"],
        changed_at,
        "the instant the change answered with is the one stored"
    );
    for (since, expected) in [
        (&first_registered_at, vec![&first, &second, &third]),
        (&changed_at, vec![&second]),
    ] {
        let path = format!("/v1/clients?updatedSince={}", query_instant(since));
        assert_ids!(ids(&app, &path, &es).await, expected, "{since}");
    }
    assert_ids!(
        ids(&app, "/v1/clients?updatedSince=2999-01-01T00:00:00Z", &es).await,
        Vec::<String>::new()
    );

    // Trajectories: one of three makes a transition afterwards.
    let opened = open(&app, &es, &json!({ "clientId": first, "type": "OTHER" })).await;
    let opened_at = opened["updatedAt"].clone();
    let t_first = opened["id"].as_str().unwrap().to_owned();
    let t_second = app.trajectory(&es, &second, "OTHER").await;
    let t_third = app.trajectory(&es, &third, "OTHER").await;
    let moved = app
        .transition(&es, &t_second, json!({ "toStatus": "INTAKE" }))
        .await;
    moved.assert_status(200);
    let moved_at = moved.json()["updatedAt"].clone();
    assert_eq!(
        app.get(&format!("/v1/trajectories/{t_second}"), &es.access)
            .await
            .json()["updatedAt"],
        moved_at,
        "the instant the transition answered with is the one stored"
    );
    for (since, expected) in [
        (&opened_at, vec![&t_first, &t_second, &t_third]),
        (&moved_at, vec![&t_second]),
    ] {
        let path = format!("/v1/trajectories?updatedSince={}", query_instant(since));
        assert_ids!(ids(&app, &path, &es).await, expected, "{since}");
    }
    // The same instant written with an offset selects the same.
    let moved_utc = chrono::DateTime::parse_from_rfc3339(moved_at.as_str().unwrap()).unwrap();
    let offset = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
    let in_amsterdam_summer = json!(
        moved_utc
            .with_timezone(&offset)
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
    );
    assert!(in_amsterdam_summer.as_str().unwrap().ends_with("+02:00"));
    assert_ids!(
        ids(
            &app,
            &format!(
                "/v1/trajectories?updatedSince={}",
                query_instant(&in_amsterdam_summer)
            ),
            &es
        )
        .await,
        [&t_second]
    );
    assert_ids!(
        ids(
            &app,
            &format!(
                "/v1/trajectories?updatedSince={}&status=REGISTERED",
                query_instant(&opened_at)
            ),
            &es
        )
        .await,
        [&t_first, &t_third]
    );
}

#[tokio::test]
async fn client_filters_select_by_region() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let north = app.client_with(&es, json!({ "regionCode": "AM22" })).await;
    let south = app.client_with(&es, json!({ "regionCode": "AM23" })).await;
    let north_too = app.client_with(&es, json!({ "regionCode": "AM22" })).await;
    for (query, expected) in [
        ("", vec![&north, &south, &north_too]),
        ("regionCode=AM22", vec![&north, &north_too]),
        ("regionCode=AM23", vec![&south]),
        ("regionCode=AM01", vec![]),
        (
            &format!("regionCode=AM23&involvedUserId={}", es.id),
            vec![&south],
        ),
    ] {
        let path = format!("/v1/clients?{query}");
        assert_ids!(ids(&app, &path, &es).await, expected, "{query}");
    }
    // Moving the client moves it between the filtered lists.
    app.patch(
        &format!("/v1/clients/{south}"),
        &es.access,
        "\"1\"",
        &json!({ "regionCode": "AM22" }),
    )
    .await
    .assert_status(200);
    assert_ids!(
        ids(&app, "/v1/clients?regionCode=AM22", &es).await,
        [&north, &south, &north_too]
    );
    assert_ids!(
        ids(&app, "/v1/clients?regionCode=AM23", &es).await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn malformed_filter_values_are_refused_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    app.trajectory(&es, &client, "IPS").await;

    for (query, expected) in [
        ("type=NOPE", [("type", "invalid_value")].as_slice()),
        ("type=ips", &[("type", "invalid_value")]),
        ("status=NOPE", &[("status", "invalid_value")]),
        ("clientId=not-a-uuid", &[("clientId", "invalid_format")]),
        (
            "leadOrganisationId=42",
            &[("leadOrganisationId", "invalid_format")],
        ),
        ("regionCode=AM2", &[("regionCode", "invalid_format")]),
        ("involvedUserId=me", &[("involvedUserId", "invalid_format")]),
        (
            "updatedSince=yesterday",
            &[("updatedSince", "invalid_format")],
        ),
        (
            "updatedSince=2026-01-31",
            &[("updatedSince", "invalid_format")],
        ),
        // Every malformed filter is reported at once.
        (
            "type=NOPE&clientId=x&updatedSince=soon",
            &[
                ("clientId", "invalid_format"),
                ("type", "invalid_value"),
                ("updatedSince", "invalid_format"),
            ],
        ),
    ] {
        let response = app
            .get(&format!("/v1/trajectories?{query}"), &es.access)
            .await;
        assert_eq!(invalid_params(&response), pairs(expected), "{query}");
        assert!(
            !response.text.contains(&client),
            "{query}: no data in the problem"
        );
    }
    for (query, expected) in [
        (
            "regionCode=AM2",
            [("regionCode", "invalid_format")].as_slice(),
        ),
        ("regionCode=NOPE", &[("regionCode", "invalid_format")]),
        ("involvedUserId=me", &[("involvedUserId", "invalid_format")]),
        (
            "updatedSince=yesterday",
            &[("updatedSince", "invalid_format")],
        ),
        (
            "regionCode=X&involvedUserId=y&updatedSince=z",
            &[
                ("regionCode", "invalid_format"),
                ("involvedUserId", "invalid_format"),
                ("updatedSince", "invalid_format"),
            ],
        ),
    ] {
        let response = app.get(&format!("/v1/clients?{query}"), &es.access).await;
        assert_eq!(invalid_params(&response), pairs(expected), "{query}");
        assert!(
            !response.text.contains(&client),
            "{query}: no data in the problem"
        );
    }
}

#[tokio::test]
async fn filters_pointing_outside_the_callers_reach_find_nothing() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let other_ggz = app.org("GGZ").await;
    let uwv_org = app.org("UWV").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let stranger = app.user("EMPLOYMENT_SPECIALIST", &other_ggz).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv_org).await;
    let none = Vec::<String>::new();

    // The stranger's own client and trajectory, which nobody of `ggz` is involved with.
    let foreign = app.client_by(&stranger).await;
    let foreign_trajectory = app.trajectory(&stranger, &foreign, "IPS").await;
    // The employment specialist's own.
    let own = app.client_by(&es).await;
    let own_trajectory = app.trajectory(&es, &own, "IPS").await;
    assert_ids!(ids(&app, "/v1/trajectories", &es).await, [&own_trajectory]);

    for query in [
        format!("clientId={foreign}"),
        format!("involvedUserId={}", stranger.id),
        format!("leadOrganisationId={other_ggz}"),
        format!("clientId={foreign}&type=IPS&regionCode=AM22"),
    ] {
        let path = format!("/v1/trajectories?{query}");
        assert_ids!(ids(&app, &path, &es).await, none, "{query}");
    }
    let path = format!("/v1/clients?involvedUserId={}", stranger.id);
    assert_ids!(ids(&app, &path, &es).await, none);
    // The stranger still finds their own with the same filters.
    assert_ids!(
        ids(
            &app,
            &format!("/v1/trajectories?clientId={foreign}"),
            &stranger
        )
        .await,
        [&foreign_trajectory]
    );

    // A client the labour expert registered, with the GGZ specialist on its team. Outside
    // GGZ, the specialist's membership is GGZ data: without consent the expert cannot see
    // it, so the specialist does not count as involved for the expert.
    let uwv_client = app.client_by(&expert).await;
    app.add_member(&expert, &uwv_client, &es).await;
    let uwv_trajectory = app.trajectory(&expert, &uwv_client, "OTHER").await;
    assert_ids!(ids(&app, "/v1/clients", &expert).await, [&uwv_client]);
    assert_ids!(
        ids(&app, "/v1/trajectories", &expert).await,
        [&uwv_trajectory]
    );
    let by_es = format!("involvedUserId={}", es.id);
    assert_ids!(
        ids(&app, &format!("/v1/clients?{by_es}"), &expert).await,
        none
    );
    assert_ids!(
        ids(&app, &format!("/v1/trajectories?{by_es}"), &expert).await,
        none
    );
    // The GGZ specialist sees the expert's membership (no gate inside GGZ).
    let by_expert = format!("involvedUserId={}", expert.id);
    assert_ids!(
        ids(&app, &format!("/v1/clients?{by_expert}"), &es).await,
        [&uwv_client]
    );
    assert_ids!(
        ids(&app, &format!("/v1/trajectories?{by_expert}"), &es).await,
        [&uwv_trajectory]
    );
    // With the client's consent to share identity data with UWV, the membership shows.
    app.consent(&es, &uwv_client, &uwv_org, &["IDENTITY"]).await;
    assert_ids!(
        ids(&app, &format!("/v1/clients?{by_es}"), &expert).await,
        [&uwv_client]
    );
    assert_ids!(
        ids(&app, &format!("/v1/trajectories?{by_es}"), &expert).await,
        [&uwv_trajectory]
    );
    // And still nothing of the GGZ's own client leaks to the expert through a filter.
    for query in [
        format!("clientId={own}"),
        format!("leadOrganisationId={ggz}"),
    ] {
        let path = format!("/v1/trajectories?{query}");
        assert_ids!(ids(&app, &path, &expert).await, none, "{query}");
    }
}
