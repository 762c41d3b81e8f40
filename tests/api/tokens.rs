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

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/api/fixtures")
        .join(name)
}

async fn eddsa_app() -> TestApp {
    TestApp::spawn_with(|s| {
        s.jwt_algorithm = werkpad::config::JwtAlgorithm::EdDsa;
        s.jwt_secret = None;
        s.jwt_private_key_file = Some(fixture("test-only-ed25519-private.pem"));
        s.jwt_public_key_file = Some(fixture("test-only-ed25519-public.pem"));
    })
    .await
}

#[tokio::test]
async fn with_a_key_pair_tokens_are_eddsa_and_verifiable_with_the_public_key_alone() {
    let app = eddsa_app().await;
    let header = jsonwebtoken::decode_header(&app.admin.access).unwrap();
    assert_eq!(header.alg, Algorithm::EdDSA);
    let public = std::fs::read(fixture("test-only-ed25519-public.pem")).unwrap();
    let mut validation = jsonwebtoken::Validation::new(Algorithm::EdDSA);
    validation.set_audience(&["werkpad"]);
    let decoded = jsonwebtoken::decode::<Value>(
        &app.admin.access,
        &jsonwebtoken::DecodingKey::from_ed_pem(&public).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(decoded.claims["sub"], app.admin.id);
    app.get("/v1/me", &app.admin.access)
        .await
        .assert_status(200);

    // The algorithm stays pinned: an HS256 token is refused, whatever its secret.
    let hs = sign(Algorithm::HS256, SECRET, &claims(&app, |_| {}));
    assert_rejected(&app.get("/v1/me", &hs).await);
}

#[test]
fn a_key_pair_that_does_not_match_or_is_missing_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = crate::support::settings(&format!("sqlite://{}/w.db", dir.path().display()));
    settings.jwt_algorithm = werkpad::config::JwtAlgorithm::EdDsa;
    settings.jwt_private_key_file = Some(fixture("test-only-ed25519-private.pem"));
    let missing = werkpad::startup::Application::build(&settings)
        .err()
        .unwrap();
    assert!(
        format!("{missing:#}").contains("WERKPAD_JWT_PUBLIC_KEY_FILE"),
        "{missing:#}"
    );
    settings.jwt_public_key_file = Some(fixture("test-only-ed25519-other-public.pem"));
    let mismatch = werkpad::startup::Application::build(&settings)
        .err()
        .unwrap();
    assert!(
        format!("{mismatch:#}").contains("do not match"),
        "{mismatch:#}"
    );
}
