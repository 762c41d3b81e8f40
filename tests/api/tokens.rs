//! Every kind of bad access token is a 401 problem with `WWW-Authenticate: Bearer`.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

use crate::support::{TestApp, TestResponse};

const SECRET: &[u8] = b"test-jwt-secret-that-is-long-enough-0123";

fn claims(app: &TestApp, adjust: impl FnOnce(&mut Value)) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut c = json!({
        "iss": "werkpad", "aud": "werkpad",
        "sub": app.admin.id, "org": app.admin.organisation_id, "role": "SYSTEM_ADMIN",
        // A session that exists: taken from the admin's real token.
        "sid": session_of(&app.admin.access),
        "iat": now, "nbf": now, "exp": now + 600, "jti": uuid::Uuid::now_v7().to_string(),
    });
    adjust(&mut c);
    c
}

fn session_of(token: &str) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice::<Value>(&bytes).unwrap()["sid"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn sign(alg: Algorithm, secret: &[u8], claims: &Value) -> String {
    encode(&Header::new(alg), claims, &EncodingKey::from_secret(secret)).unwrap()
}

#[track_caller]
fn assert_rejected(response: &TestResponse) {
    response.assert_problem(401, "unauthenticated");
    assert_eq!(response.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn a_well_formed_token_of_our_own_is_accepted() {
    let app = TestApp::spawn().await;
    let token = sign(Algorithm::HS256, SECRET, &claims(&app, |_| {}));
    app.get("/v1/me", &token).await.assert_status(200);
}

#[tokio::test]
async fn bad_tokens_are_rejected() {
    let app = TestApp::spawn().await;
    let none_alg = {
        use base64::Engine;
        let b64 =
            |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.",
            b64(&json!({"alg": "none", "typ": "JWT"})),
            b64(&claims(&app, |_| {}))
        )
    };
    let cases = [
        ("alg none", none_alg),
        (
            "HS384",
            sign(Algorithm::HS384, SECRET, &claims(&app, |_| {})),
        ),
        (
            "bad signature",
            sign(
                Algorithm::HS256,
                b"another-secret-that-is-long-enough-99",
                &claims(&app, |_| {}),
            ),
        ),
        (
            "wrong audience",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(&app, |c| c["aud"] = json!("someone-else")),
            ),
        ),
        (
            "wrong issuer",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(&app, |c| c["iss"] = json!("evil")),
            ),
        ),
        (
            "expired",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(&app, |c| {
                    let past = chrono::Utc::now().timestamp() - 3600;
                    c["exp"] = json!(past);
                    c["iat"] = json!(past - 600);
                    c["nbf"] = json!(past - 600);
                }),
            ),
        ),
        (
            "not yet valid",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(&app, |c| {
                    c["nbf"] = json!(chrono::Utc::now().timestamp() + 3600);
                }),
            ),
        ),
        (
            "no jti",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(&app, |c| {
                    c.as_object_mut().unwrap().remove("jti");
                }),
            ),
        ),
        (
            "no exp",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(&app, |c| {
                    c.as_object_mut().unwrap().remove("exp");
                }),
            ),
        ),
        (
            "unknown session",
            sign(
                Algorithm::HS256,
                SECRET,
                &claims(&app, |c| {
                    c["sid"] = json!(uuid::Uuid::now_v7().to_string());
                }),
            ),
        ),
        ("garbage", "not-a-jwt".to_owned()),
    ];
    for (name, token) in &cases {
        let response = app.get("/v1/me", token).await;
        assert_eq!(response.status.as_u16(), 401, "{name}");
        assert_rejected(&response);
    }
    // No token at all, and a non-bearer scheme.
    assert_rejected(&app.call(reqwest::Method::GET, "/v1/me", None, None).await);
    assert_rejected(
        &app.send(
            app.client
                .get(format!("{}/v1/me", app.base))
                .basic_auth("admin", Some("x")),
        )
        .await,
    );
}
