//! Accounts: who may manage whom, validation, optimistic concurrency, and the effect of
//! deactivation and ended sessions on tokens.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{PASSWORD, TestApp, TestResponse};

async fn patch(
    app: &TestApp,
    token: &str,
    id: &str,
    etag: Option<&str>,
    body: &Value,
) -> TestResponse {
    let mut request = app
        .client
        .patch(format!("{}/v1/users/{id}", app.base))
        .bearer_auth(token)
        .header("Content-Type", "application/merge-patch+json")
        .body(body.to_string());
    if let Some(etag) = etag {
        request = request.header("If-Match", etag);
    }
    app.send(request).await
}

fn new_user(email: &str, org: &str, role: &str) -> Value {
    json!({
        "email": email, "displayName": "Someone", "organisationId": org,
        "role": role, "password": PASSWORD
    })
}

#[tokio::test]
async fn org_admin_manages_only_its_own_organisation() {
    let app = TestApp::spawn().await;
    let ggz = app.organisation("GGZ", "GGZ Noord").await;
    let uwv = app.organisation("UWV", "UWV Noord").await;
    let admin = app.user("ORG_ADMIN", &ggz).await;
    let colleague = app.user("PRACTITIONER", &ggz).await;
    let outsider = app.user("UWV_LABOUR_EXPERT", &uwv).await;

    // Creates in its own organisation.
    let created = app
        .post(
            "/v1/users",
            Some(&admin.access),
            &new_user("es@ggz.test", &ggz, "EMPLOYMENT_SPECIALIST"),
        )
        .await;
    created.assert_status(201);
    assert_eq!(created.json()["email"], "es@ggz.test");
    assert!(created.json().get("password").is_none());

    // Another organisation is an unknown reference, not a hint that it exists.
    let body = app
        .post(
            "/v1/users",
            Some(&admin.access),
            &new_user("x@uwv.test", &uwv, "UWV_LABOUR_EXPERT"),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["code"], "unknown_reference");

    // Reading someone elsewhere looks exactly like reading someone who does not exist.
    let elsewhere = app
        .get(&format!("/v1/users/{}", outsider.id), &admin.access)
        .await;
    let missing = app
        .get(
            &format!("/v1/users/{}", uuid::Uuid::now_v7()),
            &admin.access,
        )
        .await;
    let mut a = elsewhere.assert_problem(404, "not_found");
    let mut b = missing.assert_problem(404, "not_found");
    a.as_object_mut().unwrap().remove("instance");
    b.as_object_mut().unwrap().remove("instance");
    assert_eq!(a, b);
    patch(
        &app,
        &admin.access,
        &outsider.id,
        Some("\"1\""),
        &json!({"active": false}),
    )
    .await
    .assert_problem(404, "not_found");
    app.call(
        Method::DELETE,
        &format!("/v1/users/{}/sessions", outsider.id),
        Some(&admin.access),
        None,
    )
    .await
    .assert_problem(404, "not_found");

    // The list is filtered in SQL to its own organisation.
    let list = app.get("/v1/users?limit=200", &admin.access).await;
    list.assert_status(200);
    let orgs: Vec<_> = list.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["organisationId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        orgs.len(),
        3,
        "the admin, the colleague and the new account"
    );
    assert!(orgs.iter().all(|o| *o == ggz));
    let filtered = app
        .get(&format!("/v1/users?organisationId={uwv}"), &admin.access)
        .await;
    assert_eq!(filtered.json()["items"], json!([]));

    // It can manage a colleague.
    app.get(&format!("/v1/users/{}", colleague.id), &admin.access)
        .await
        .assert_status(200);
}

#[tokio::test]
async fn org_admin_cannot_hand_out_operator_roles() {
    let app = TestApp::spawn().await;
    let admin = app.user("ORG_ADMIN", &app.operator_org).await;
    app.post(
        "/v1/users",
        Some(&admin.access),
        &new_user("root@werkpad.test", &app.operator_org, "SYSTEM_ADMIN"),
    )
    .await
    .assert_problem(403, "forbidden");
    patch(
        &app,
        &admin.access,
        &app.admin.id,
        Some("\"1\""),
        &json!({"active": false}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.get("/v1/me", &app.admin.access)
        .await
        .assert_status(200);
}

#[tokio::test]
async fn other_roles_may_not_manage_accounts() {
    let app = TestApp::spawn().await;
    let ggz = app.organisation("GGZ", "GGZ Oost").await;
    for role in ["EMPLOYMENT_SPECIALIST", "AUDITOR", "PRACTITIONER"] {
        let user = app.user(role, &ggz).await;
        app.get("/v1/users", &user.access)
            .await
            .assert_problem(403, "forbidden");
        app.get(&format!("/v1/users/{}", user.id), &user.access)
            .await
            .assert_problem(403, "forbidden");
        app.post(
            "/v1/users",
            Some(&user.access),
            &new_user("y@ggz.test", &ggz, "PRACTITIONER"),
        )
        .await
        .assert_problem(403, "forbidden");
        app.call(
            Method::DELETE,
            &format!("/v1/users/{}/sessions", user.id),
            Some(&user.access),
            None,
        )
        .await
        .assert_problem(403, "forbidden");
        let me = app.get("/v1/me", &user.access).await;
        me.assert_status(200);
        assert_eq!(me.json()["organisation"]["id"], ggz);
    }
}

#[tokio::test]
async fn a_role_must_fit_the_organisation_and_addresses_are_unique() {
    let app = TestApp::spawn().await;
    let gemeente = app.organisation("MUNICIPALITY", "Gemeente Delft").await;
    let body = app
        .post(
            "/v1/users",
            Some(&app.admin.access),
            &new_user("a@delft.test", &gemeente, "UWV_LABOUR_EXPERT"),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["name"], "role");
    app.post(
        "/v1/users",
        Some(&app.admin.access),
        &new_user("a@delft.test", &gemeente, "MUNICIPAL_CASE_MANAGER"),
    )
    .await
    .assert_status(201);
    app.post(
        "/v1/users",
        Some(&app.admin.access),
        &new_user("A@Delft.TEST", &gemeente, "MUNICIPAL_CASE_MANAGER"),
    )
    .await
    .assert_problem(409, "already_exists");

    // Every invalid field at once.
    let body = app
        .post(
            "/v1/users",
            Some(&app.admin.access),
            &json!({ "email": "not-an-address", "organisationId": "nope", "role": "BOSS", "password": "short" }),
        )
        .await
        .assert_problem(400, "invalid_input");
    let names: Vec<_> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(
        names,
        vec!["email", "displayName", "organisationId", "role", "password"]
    );
}

#[tokio::test]
async fn changes_need_the_current_etag() {
    let app = TestApp::spawn().await;
    let ggz = app.organisation("GGZ", "GGZ West").await;
    let user = app.user("PRACTITIONER", &ggz).await;
    let read = app
        .get(&format!("/v1/users/{}", user.id), &app.admin.access)
        .await;
    let etag = read.header("etag").unwrap().to_owned();
    assert_eq!(etag, "\"1\"");

    patch(
        &app,
        &app.admin.access,
        &user.id,
        None,
        &json!({"displayName": "X"}),
    )
    .await
    .assert_problem(428, "if_match_required");
    patch(
        &app,
        &app.admin.access,
        &user.id,
        Some("*"),
        &json!({"displayName": "X"}),
    )
    .await
    .assert_problem(428, "if_match_required");
    patch(
        &app,
        &app.admin.access,
        &user.id,
        Some("W/\"1\""),
        &json!({"displayName": "X"}),
    )
    .await
    .assert_problem(412, "etag_mismatch");
    let changed = patch(
        &app,
        &app.admin.access,
        &user.id,
        Some(&etag),
        &json!({"displayName": "Dr. X", "role": "EMPLOYMENT_SPECIALIST"}),
    )
    .await;
    changed.assert_status(200);
    assert_eq!(changed.header("etag"), Some("\"2\""));
    assert_eq!(changed.json()["role"], "EMPLOYMENT_SPECIALIST");
    // The role change is effective on the very next request with the old token.
    assert_eq!(
        app.get("/v1/me", &user.access).await.json()["user"]["role"],
        "EMPLOYMENT_SPECIALIST"
    );
    // The old ETag no longer matches.
    patch(
        &app,
        &app.admin.access,
        &user.id,
        Some(&etag),
        &json!({"displayName": "Y"}),
    )
    .await
    .assert_problem(412, "etag_mismatch");
    let body = patch(
        &app,
        &app.admin.access,
        &user.id,
        Some("\"2\""),
        &json!({"displayName": null, "bogus": 1}),
    )
    .await
    .assert_problem(400, "malformed_request");
    assert_eq!(body["invalidParams"][0]["name"], "bogus");
    let body = patch(
        &app,
        &app.admin.access,
        &user.id,
        Some("\"2\""),
        &json!({"displayName": null}),
    )
    .await
    .assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["name"], "displayName");
}

#[tokio::test]
async fn deactivation_and_ended_sessions_stop_tokens_at_once() {
    let app = TestApp::spawn().await;
    let ggz = app.organisation("GGZ", "GGZ Midden").await;
    let user = app.user("PRACTITIONER", &ggz).await;
    app.get("/v1/me", &user.access).await.assert_status(200);

    app.call(
        Method::DELETE,
        &format!("/v1/users/{}/sessions", user.id),
        Some(&app.admin.access),
        None,
    )
    .await
    .assert_status(204);
    app.get("/v1/me", &user.access)
        .await
        .assert_problem(401, "unauthenticated");
    app.post(
        "/v1/sessions/refresh",
        None,
        &json!({"refreshToken": user.refresh}),
    )
    .await
    .assert_problem(401, "unauthenticated");

    let again = app.sign_in(&user.email, PASSWORD).await;
    patch(
        &app,
        &app.admin.access,
        &user.id,
        Some("\"1\""),
        &json!({"active": false}),
    )
    .await
    .assert_status(200);
    app.get("/v1/me", &again.access)
        .await
        .assert_problem(401, "unauthenticated");
    app.post(
        "/v1/sessions/refresh",
        None,
        &json!({"refreshToken": again.refresh}),
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.login(&user.email, PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");

    // Reactivated, with a new password set by the administrator.
    patch(
        &app,
        &app.admin.access,
        &user.id,
        Some("\"2\""),
        &json!({"active": true, "password": "a brand new password"}),
    )
    .await
    .assert_status(200);
    app.login(&user.email, PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.sign_in(&user.email, "a brand new password").await;
}

#[tokio::test]
async fn a_current_etag_in_if_none_match_gives_304() {
    let app = TestApp::spawn().await;
    let url = format!("{}/v1/users/{}", app.base, app.admin.id);
    let fresh = app
        .send(
            app.client
                .get(&url)
                .bearer_auth(&app.admin.access)
                .header("If-None-Match", "\"1\""),
        )
        .await;
    fresh.assert_status(304);
    assert_eq!(fresh.header("etag"), Some("\"1\""));
    assert!(fresh.text.is_empty());
    assert!(fresh.header("api-version").is_some());
    let stale = app
        .send(
            app.client
                .get(&url)
                .bearer_auth(&app.admin.access)
                .header("If-None-Match", "\"0\""),
        )
        .await;
    stale.assert_status(200);
    // Only for callers who may read it: 304 must not confirm that something exists.
    let ggz = app.organisation("GGZ", "GGZ Noordwest").await;
    let outsider = app.user("ORG_ADMIN", &ggz).await;
    app.send(
        app.client
            .get(&url)
            .bearer_auth(&outsider.access)
            .header("If-None-Match", "*"),
    )
    .await
    .assert_problem(404, "not_found");
}

#[tokio::test]
async fn a_hash_with_outdated_parameters_is_upgraded_at_sign_in() {
    use diesel::prelude::*;
    use werkpad::db::schema::users;
    // The harness hashes with m=64; a restart with m=128 should upgrade on the next sign-in.
    let app = TestApp::spawn().await;
    let mut stronger = app.settings.clone();
    stronger.argon2_m_kib = 128;
    let (base, restarted) = crate::support::start(&stronger);
    let state = restarted.state();
    tokio::spawn(restarted.run());
    let stored = |state: &werkpad::state::AppState| {
        state
            .pool
            .with_conn(|conn| {
                Ok(users::table
                    .filter(users::email.eq("admin@werkpad.test"))
                    .select(users::password_hash)
                    .first::<String>(conn)?)
            })
            .unwrap()
    };
    assert!(stored(&state).starts_with("$argon2id$v=19$m=64,"));
    app.send(
        app.client
            .post(format!("{base}/v1/sessions"))
            .json(&serde_json::json!({
                "email": "admin@werkpad.test", "password": PASSWORD
            })),
    )
    .await
    .assert_status(201);
    assert!(stored(&state).starts_with("$argon2id$v=19$m=128,t=1,p=1$"));
    app.sign_in("admin@werkpad.test", PASSWORD).await;
}
