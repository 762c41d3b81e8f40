//! Signing in, throttling, refresh rotation with reuse detection, and signing out.

use reqwest::Method;
use serde_json::json;

use crate::support::{PASSWORD, TestApp, captured_logs, start};

#[tokio::test]
async fn sign_in_gives_tokens_that_work() {
    let app = TestApp::spawn().await;
    let response = app.login("ADMIN@werkpad.test", PASSWORD).await;
    response.assert_status(201);
    let body = response.json();
    assert_eq!(body["tokenType"], "Bearer");
    assert_eq!(body["expiresIn"], 900);
    assert!(body["refreshExpiresIn"].as_u64().unwrap() > 1700);
    // 256 random bits, base64url without padding.
    assert!(body["refreshToken"].as_str().unwrap().len() >= 43);
    let me = app
        .get("/v1/me", body["accessToken"].as_str().unwrap())
        .await;
    me.assert_status(200);
    assert_eq!(me.json()["user"]["email"], "admin@werkpad.test");
    assert_eq!(me.json()["user"]["role"], "SYSTEM_ADMIN");
}

#[tokio::test]
async fn unknown_email_wrong_password_and_inactive_account_look_the_same() {
    let app = TestApp::spawn().await;
    let org = app.organisation("GGZ", "GGZ Zuid").await;
    let inactive = app.user("PRACTITIONER", &org).await;
    let patch = app
        .send(
            app.client
                .patch(format!("{}/v1/users/{}", app.base, inactive.id))
                .bearer_auth(&app.admin.access)
                .header("If-Match", "\"1\"")
                .json(&json!({ "active": false })),
        )
        .await;
    patch.assert_status(200);

    let wrong = app
        .login("admin@werkpad.test", "not the right password")
        .await;
    let unknown = app
        .login("nobody@werkpad.test", "not the right password")
        .await;
    let deactivated = app.login(&inactive.email, PASSWORD).await;
    let mut bodies = Vec::new();
    for response in [&wrong, &unknown, &deactivated] {
        let mut body = response.assert_problem(401, "invalid_credentials");
        body.as_object_mut().unwrap().remove("instance");
        bodies.push(body);
        let mut names: Vec<_> = response
            .headers
            .keys()
            .map(|k| k.as_str().to_owned())
            .collect();
        names.retain(|n| n != "date" && n != "x-request-id");
        names.sort();
        let mut expected: Vec<_> = wrong
            .headers
            .keys()
            .map(|k| k.as_str().to_owned())
            .collect();
        expected.retain(|n| n != "date" && n != "x-request-id");
        expected.sort();
        assert_eq!(names, expected);
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0], bodies[2]);
}

/// Signs in as if from `address`, through a trusted proxy.
async fn login_from(
    app: &TestApp,
    base: &str,
    address: &str,
    email: &str,
    password: &str,
) -> crate::support::TestResponse {
    app.send(
        app.client
            .post(format!("{base}/v1/sessions"))
            .header("X-Forwarded-For", address)
            .json(&json!({ "email": email, "password": password })),
    )
    .await
}

async fn behind_proxy() -> TestApp {
    TestApp::spawn_with(|s| s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_account_even_across_a_restart() {
    let app = behind_proxy().await;
    for i in 0..5 {
        login_from(
            &app,
            &app.base,
            &format!("192.0.2.{i}"),
            "admin@werkpad.test",
            "wrong password!!",
        )
        .await
        .assert_problem(401, "invalid_credentials");
    }
    // The right password, from a fresh address: the account is throttled.
    let throttled = login_from(
        &app,
        &app.base,
        "198.51.100.7",
        "admin@werkpad.test",
        PASSWORD,
    )
    .await;
    throttled.assert_problem(429, "rate_limited");
    let retry: u64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "Retry-After {retry}");

    // A second werkpad on the same database (a restart) still refuses.
    let (base, restarted) = start(&app.settings);
    tokio::spawn(restarted.run());
    login_from(&app, &base, "198.51.100.8", "admin@werkpad.test", PASSWORD)
        .await
        .assert_problem(429, "rate_limited");
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_client_address() {
    let app = behind_proxy().await;
    for i in 0..5 {
        login_from(
            &app,
            &app.base,
            "192.0.2.50",
            &format!("someone{i}@werkpad.test"),
            "wrong password!!",
        )
        .await
        .assert_problem(401, "invalid_credentials");
    }
    // Another account from the same address is refused; from elsewhere it signs in.
    login_from(
        &app,
        &app.base,
        "192.0.2.50",
        "admin@werkpad.test",
        PASSWORD,
    )
    .await
    .assert_problem(429, "rate_limited");
    login_from(
        &app,
        &app.base,
        "192.0.2.51",
        "admin@werkpad.test",
        PASSWORD,
    )
    .await
    .assert_status(201);
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_session() {
    let app = TestApp::spawn().await;
    let first = app.admin.clone();
    let rotated = app
        .post(
            "/v1/sessions/refresh",
            None,
            &json!({ "refreshToken": first.refresh }),
        )
        .await;
    rotated.assert_status(200);
    let second = rotated.json();
    let second_refresh = second["refreshToken"].as_str().unwrap();
    assert_ne!(second_refresh, first.refresh);
    app.get("/v1/me", second["accessToken"].as_str().unwrap())
        .await
        .assert_status(200);

    // The first token again: a thief or a replay. The whole family is revoked.
    app.post(
        "/v1/sessions/refresh",
        None,
        &json!({ "refreshToken": first.refresh }),
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.post(
        "/v1/sessions/refresh",
        None,
        &json!({ "refreshToken": second_refresh }),
    )
    .await
    .assert_problem(401, "unauthenticated");
    app.get("/v1/me", second["accessToken"].as_str().unwrap())
        .await
        .assert_problem(401, "unauthenticated");
    app.get("/v1/me", &first.access)
        .await
        .assert_problem(401, "unauthenticated");

    app.post(
        "/v1/sessions/refresh",
        None,
        &json!({ "refreshToken": "made-up" }),
    )
    .await
    .assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let other = app.sign_in("admin@werkpad.test", PASSWORD).await;
    let out = app
        .call(
            Method::DELETE,
            "/v1/sessions/current",
            Some(&app.admin.access),
            None,
        )
        .await;
    out.assert_status(204);
    assert!(out.header("api-version").is_some());
    app.get("/v1/me", &app.admin.access)
        .await
        .assert_problem(401, "unauthenticated");
    app.post(
        "/v1/sessions/refresh",
        None,
        &json!({ "refreshToken": app.admin.refresh }),
    )
    .await
    .assert_problem(401, "unauthenticated");
    // Another session of the same account is untouched.
    app.get("/v1/me", &other.access).await.assert_status(200);
}

#[tokio::test]
async fn passwords_and_tokens_never_reach_the_log() {
    let app = TestApp::spawn().await;
    let secret = "a-password-nobody-else-uses-7e1f";
    app.login("admin@werkpad.test", secret)
        .await
        .assert_status(401);
    let rotated = app
        .post(
            "/v1/sessions/refresh",
            None,
            &json!({ "refreshToken": app.admin.refresh }),
        )
        .await;
    let new_refresh = rotated.json()["refreshToken"].as_str().unwrap().to_owned();
    let logs = captured_logs();
    assert!(logs.contains("sign-in failed"), "the capture works");
    for leaked in [
        secret,
        PASSWORD,
        &app.admin.access,
        &app.admin.refresh,
        &new_refresh,
    ] {
        assert!(!logs.contains(leaked), "a secret was logged");
    }
    assert!(
        !logs.contains("admin@werkpad.test"),
        "an e-mail address was logged"
    );
}

#[tokio::test]
async fn refresh_tokens_expire_when_idle_and_sessions_at_their_maximum_age() {
    let app = TestApp::spawn_with(|s| {
        s.refresh_idle_ttl = std::time::Duration::from_secs(1);
        s.session_max_ttl = std::time::Duration::from_secs(3);
    })
    .await;
    let idle = app.sign_in("admin@werkpad.test", PASSWORD).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    app.post(
        "/v1/sessions/refresh",
        None,
        &json!({ "refreshToken": idle.refresh }),
    )
    .await
    .assert_problem(401, "unauthenticated");

    let active = app.sign_in("admin@werkpad.test", PASSWORD).await;
    let mut refresh = active.refresh.clone();
    let mut access = active.access.clone();
    // Kept busy, the session still ends at its maximum age: refresh and access tokens alike.
    for _ in 0..4 {
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let rotated = app
            .post(
                "/v1/sessions/refresh",
                None,
                &json!({ "refreshToken": refresh }),
            )
            .await;
        if rotated.status.as_u16() != 200 {
            rotated.assert_problem(401, "unauthenticated");
            app.get("/v1/me", &access)
                .await
                .assert_problem(401, "unauthenticated");
            return;
        }
        let body = rotated.json();
        assert!(body["refreshExpiresIn"].as_u64().unwrap() <= 3);
        refresh = body["refreshToken"].as_str().unwrap().to_owned();
        access = body["accessToken"].as_str().unwrap().to_owned();
    }
    panic!("the session outlived its maximum age");
}

#[tokio::test]
async fn log_lines_of_a_request_carry_its_request_id() {
    let app = TestApp::spawn().await;
    let id = uuid::Uuid::now_v7().to_string();
    let response = app
        .send(
            app.client
                .post(format!("{}/v1/sessions", app.base))
                .header("X-Request-Id", &id)
                .json(&json!({ "email": "admin@werkpad.test", "password": "wrong password 1" })),
        )
        .await;
    response.assert_problem(401, "invalid_credentials");
    let logs = captured_logs();
    let lines: Vec<&str> = logs.lines().filter(|l| l.contains(&id)).collect();
    assert!(
        lines.iter().any(|l| l.contains("sign-in failed")),
        "the service's line"
    );
    assert!(
        lines.iter().any(|l| l.contains("request finished")),
        "the access line"
    );
}
