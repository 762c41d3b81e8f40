//! Runtime rules of the Dutch API Design Rules that a linter cannot check, and the problem
//! answers for what the framework itself would otherwise answer in plain text.

use reqwest::Method;
use serde_json::json;

use crate::support::{TestApp, TestResponse};

const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("cache-control", "no-store"),
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
    (
        "strict-transport-security",
        "max-age=31536000; includeSubDomains",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
];

#[track_caller]
fn assert_common_headers(response: &TestResponse) {
    assert_eq!(
        response.header("api-version"),
        Some(werkpad::openapi::VERSION)
    );
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(
            response.header(name),
            Some(value),
            "{name} on {}",
            response.status
        );
    }
    assert!(response.header("x-request-id").is_some());
    assert!(response.header("server").is_none(), "no framework banner");
}

#[tokio::test]
async fn every_response_carries_the_version_and_security_headers() {
    let app = TestApp::spawn().await;
    let responses = [
        app.get("/v1/me", &app.admin.access).await,        // 200
        app.post("/v1/sessions", None, &json!({})).await,  // 400
        app.call(Method::GET, "/v1/me", None, None).await, // 401
        app.get("/v1/nothing-here", &app.admin.access).await, // 404
        app.call(Method::PUT, "/v1/users", Some(&app.admin.access), None)
            .await, // 405
    ];
    let statuses: Vec<u16> = responses.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, vec![200, 400, 401, 404, 405]);
    for response in &responses {
        assert_common_headers(response);
    }
    let spec: serde_json::Value = serde_json::from_str(&responses[0].text).unwrap();
    assert!(spec.is_object());
}

#[tokio::test]
async fn framework_errors_are_problems() {
    let app = TestApp::spawn().await;
    let url = format!("{}/v1/sessions", app.base);

    let malformed = app
        .send(
            app.client
                .post(&url)
                .header("Content-Type", "application/json")
                .body("{\"email\":"),
        )
        .await;
    malformed.assert_problem(400, "malformed_request");

    let wrong_type = app
        .post(
            "/v1/sessions",
            None,
            &json!({ "email": 42, "password": "x" }),
        )
        .await;
    let body = wrong_type.assert_problem(400, "malformed_request");
    assert_eq!(body["invalidParams"][0]["name"], "email");
    assert_eq!(body["invalidParams"][0]["code"], "invalid_type");
    assert!(!wrong_type.text.contains("serde"), "no crate names");

    let unknown = app
        .post(
            "/v1/sessions",
            None,
            &json!({ "email": "a@b.nl", "password": "x", "admin": true }),
        )
        .await;
    let body = unknown.assert_problem(400, "malformed_request");
    assert_eq!(body["invalidParams"][0]["name"], "admin");
    assert_eq!(body["invalidParams"][0]["code"], "unknown_field");

    app.send(
        app.client
            .post(&url)
            .header("Content-Type", "text/plain")
            .body("{}"),
    )
    .await
    .assert_problem(415, "unsupported_media_type");
    app.send(app.client.post(&url).body("{}"))
        .await
        .assert_problem(415, "unsupported_media_type");

    let not_acceptable = app
        .send(
            app.client
                .get(format!("{}/v1/health/live", app.base))
                .header("Accept", "text/html"),
        )
        .await;
    not_acceptable.assert_problem(406, "not_acceptable");
    assert_common_headers(&not_acceptable);
    app.send(
        app.client
            .get(format!("{}/v1/health/live", app.base))
            .header("Accept", "text/html, application/*;q=0.5"),
    )
    .await
    .assert_status(200);

    let huge = "x".repeat(300 * 1024);
    app.send(
        app.client
            .post(&url)
            .header("Content-Type", "application/json")
            .body(format!("{{\"email\":\"{huge}\"}}")),
    )
    .await
    .assert_problem(413, "payload_too_large");

    app.get("/v1/unknown", &app.admin.access)
        .await
        .assert_problem(404, "not_found");
    let wrong_method = app
        .call(
            Method::DELETE,
            "/v1/organisations",
            Some(&app.admin.access),
            None,
        )
        .await;
    wrong_method.assert_problem(405, "method_not_allowed");
    assert_eq!(wrong_method.header("allow"), Some("GET, POST"));
    let templated = app
        .call(
            Method::POST,
            &format!("/v1/users/{}", app.admin.id),
            Some(&app.admin.access),
            None,
        )
        .await;
    templated.assert_problem(405, "method_not_allowed");
    assert_eq!(templated.header("allow"), Some("GET, PATCH"));

    let bad_id = app.get("/v1/users/not-a-uuid", &app.admin.access).await;
    let body = bad_id.assert_problem(400, "invalid_input");
    assert_eq!(body["invalidParams"][0]["name"], "userId");
}

#[tokio::test]
async fn a_trailing_slash_is_not_found_and_never_redirected() {
    let app = TestApp::spawn().await;
    for path in ["/v1/me/", "/v1/users/", "/v1/health/live/", "/v1/"] {
        let response = app.get(path, &app.admin.access).await;
        response.assert_problem(404, "not_found");
        assert!(response.header("location").is_none());
    }
}

#[tokio::test]
async fn the_request_id_is_echoed_and_names_the_problem() {
    let app = TestApp::spawn().await;
    let given = "0192f5d2-8c1e-7b3a-9a51-3f0e2c4d5e6f";
    let response = app
        .send(
            app.client
                .get(format!("{}/v1/nowhere", app.base))
                .header("X-Request-Id", given),
        )
        .await;
    assert_eq!(response.header("x-request-id"), Some(given));
    assert_eq!(response.json()["instance"], format!("urn:uuid:{given}"));
    // A value that is not a UUID is replaced by one of our own.
    let replaced = app
        .send(
            app.client
                .get(format!("{}/v1/nowhere", app.base))
                .header("X-Request-Id", "<script>"),
        )
        .await;
    let id = replaced.header("x-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert_eq!(replaced.json()["instance"], format!("urn:uuid:{id}"));
}

#[tokio::test]
async fn the_openapi_document_is_public_and_cors_is_an_allow_list() {
    let app = TestApp::spawn().await;
    let spec = app
        .send(app.client.get(format!("{}/v1/openapi.json", app.base)))
        .await;
    spec.assert_status(200);
    assert_eq!(spec.header("access-control-allow-origin"), Some("*"));
    assert_eq!(spec.json()["info"]["version"], werkpad::openapi::VERSION);
    assert_common_headers(&spec);

    // Any origin may read the contract, and gets `*`.
    let foreign = app
        .send(
            app.client
                .get(format!("{}/v1/openapi.json", app.base))
                .header("Origin", "https://editor.example"),
        )
        .await;
    foreign.assert_status(200);
    assert_eq!(foreign.header("access-control-allow-origin"), Some("*"));

    let allowed = app
        .send(
            app.client
                .get(format!("{}/v1/me", app.base))
                .bearer_auth(&app.admin.access)
                .header("Origin", "https://app.example.nl"),
        )
        .await;
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://app.example.nl")
    );
    let other = app
        .send(
            app.client
                .get(format!("{}/v1/me", app.base))
                .bearer_auth(&app.admin.access)
                .header("Origin", "https://evil.example"),
        )
        .await;
    // Answered, but without CORS headers: the browser withholds it from the foreign page.
    other.assert_status(200);
    assert!(other.header("access-control-allow-origin").is_none());
    let preflight = app
        .send(
            app.client
                .request(Method::OPTIONS, format!("{}/v1/users", app.base))
                .header("Origin", "https://app.example.nl")
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization, content-type",
                ),
        )
        .await;
    assert!(preflight.status.is_success(), "{}", preflight.status);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://app.example.nl")
    );
}

#[tokio::test]
async fn health_and_docs_work_without_a_token() {
    let app = TestApp::spawn().await;
    for path in ["/v1/health/live", "/v1/health/ready"] {
        let response = app
            .send(app.client.get(format!("{}{path}", app.base)))
            .await;
        response.assert_status(200);
        assert_eq!(response.json()["status"], "UP");
    }
    let docs = app
        .send(app.client.get(format!("{}/docs/", app.base)))
        .await;
    docs.assert_status(200);
    assert!(docs.text.contains("swagger"), "Swagger UI page");
    assert_eq!(
        docs.header("content-security-policy"),
        Some("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn an_unreachable_database_answers_503_without_details() {
    let mut settings = crate::support::settings("postgres://werkpad:secret@127.0.0.1:1/werkpad");
    settings.migrate_on_start = false;
    let (base, app) = crate::support::start(&settings);
    tokio::spawn(app.run());
    let client = reqwest::Client::new();
    let ready = client
        .get(format!("{base}/v1/health/ready"))
        .send()
        .await
        .unwrap();
    let response = TestResponse {
        status: ready.status(),
        headers: ready.headers().clone(),
        text: ready.text().await.unwrap(),
    };
    response.assert_problem(503, "service_unavailable");
    assert!(response.header("retry-after").is_some());
    assert!(!response.text.contains("127.0.0.1") && !response.text.contains("secret"));
    assert_common_headers(&response);
}

#[tokio::test]
async fn the_body_limit_is_configurable() {
    let app = TestApp::spawn_with(|s| s.body_limit_bytes = 1024).await;
    let padding = "x".repeat(2048);
    app.post(
        "/v1/sessions",
        None,
        &json!({ "email": "admin@werkpad.test", "password": padding }),
    )
    .await
    .assert_problem(413, "payload_too_large");
    app.login("admin@werkpad.test", crate::support::PASSWORD)
        .await
        .assert_status(201);
}
