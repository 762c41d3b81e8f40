//! NEN 7513 coverage: every operation of the generated OpenAPI document that touches client
//! data is called, and exactly one access-log event must follow it, naming the operation,
//! its event type, the outcome, the caller and the client. A new client-data endpoint that
//! leaves no event fails here. Also: a read whose event cannot be stored answers 503 with
//! nothing of the data, and the log refuses to be changed.

use reqwest::Method;
use serde_json::Value;
use werkpad::db::audit::{self, EventRow};
use werkpad::domain::audit::event_type_of;

use crate::authz_walk::{World, classify, fill, operations, world};
use crate::support::{TestApp, TestResponse, TestUser};

fn events_after(app: &TestApp, seq: i64) -> Vec<EventRow> {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::from_seq(conn, seq + 1, 1000)?))
        .unwrap()
}

fn last_seq(app: &TestApp) -> i64 {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::head(conn)?.0))
        .unwrap()
}

/// The resource whose ETag a write must hold: the path itself, or for an action the
/// resource it acts on.
fn resource_of(path: &str) -> &str {
    path.strip_suffix("/transitions")
        .or_else(|| path.strip_suffix("/withdrawal"))
        .unwrap_or(path)
}

fn conditional(method: &str, path: &str) -> bool {
    matches!(method, "patch" | "put")
        || path.ends_with("/transitions")
        || path.ends_with("/withdrawal")
}

async fn send(
    w: &World,
    user: &TestUser,
    method: &str,
    path: &str,
    etag: Option<String>,
    body: Option<&Value>,
) -> TestResponse {
    let method: Method = method.to_uppercase().parse().unwrap();
    let mut request = w
        .app
        .client
        .request(method, format!("{}/v1{path}", w.app.base))
        .bearer_auth(&user.access);
    if let Some(etag) = etag {
        request = request.header("If-Match", etag);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    w.app.send(request).await
}

#[tokio::test]
async fn every_client_data_operation_leaves_exactly_its_event() {
    let w = world().await;
    let client = w.ids["clientId"].clone();
    let mut covered = 0;
    for doc in operations() {
        let op = classify(&doc.operation, &w);
        let path = fill(&doc.path, &w);
        // A write holds the current ETag, read first (that read has an event of its own).
        let etag = if conditional(&doc.method, &path) {
            let current = w
                .app
                .get(&format!("/v1{}", resource_of(&path)), &w.owner.access)
                .await;
            current.header("etag").map(str::to_owned)
        } else {
            None
        };
        let start = last_seq(&w.app);
        let response = send(&w, &w.owner, &doc.method, &path, etag, op.body.as_ref()).await;
        let what = format!("{} {} ({})", doc.method, doc.path, doc.operation);
        let status = response.status.as_u16();
        let events = events_after(&w.app, start);
        assert_eq!(
            events.len(),
            1,
            "{what} answered {status}: events {events:?}"
        );
        let event = &events[0];
        assert_eq!(
            event.operation.as_deref(),
            Some(doc.operation.as_str()),
            "{what}"
        );
        let expected_outcome = match status {
            200..=299 => "SUCCESS",
            403 | 404 => "DENIED",
            _ => "ERROR",
        };
        assert_eq!(event.outcome, expected_outcome, "{what}: {}", response.text);
        assert_eq!(
            event.event_type,
            event_type_of(&doc.operation).as_str(),
            "{what}"
        );
        assert_eq!(
            event.actor_user_id.map(|i| i.0.to_string()),
            Some(w.owner.id.clone()),
            "{what}"
        );
        assert_eq!(
            event.actor_role.as_deref(),
            Some("EMPLOYMENT_SPECIALIST"),
            "{what}"
        );
        assert_eq!(
            event.object_type.as_deref(),
            Some(format!("/v1{}", doc.path).as_str()),
            "{what}"
        );
        assert!(!event.access_point.is_empty(), "{what}");
        assert!(event.request_id.is_some(), "{what}");
        // The client concerned: the one reached, or for a refusal before anything was looked
        // up, the one the path names (a create that only names it in the body reached none).
        let names_client = doc.operation != "create_client"
            && (expected_outcome == "SUCCESS" || doc.path.contains("{clientId}"));
        if names_client {
            assert!(
                event.client_ids.contains(&client),
                "{what}: clients {}",
                event.client_ids
            );
        }
        // A care-team change is about the membership, not about a data category.
        if !doc.path.contains("care-team-members") || doc.method == "get" {
            assert!(!event.data_categories.is_empty(), "{what}");
        }
        assert!(
            !event.client_ids.contains("123456782"),
            "{what}: a BSN in the log"
        );
        covered += 1;
    }
    assert!(covered >= 50, "{covered} operations walked");
}

#[tokio::test]
async fn a_list_names_every_client_it_returned() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let a = app.client_by(&es).await;
    let b = app.client_by(&es).await;
    let colleague = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let hidden = app.client_by(&colleague).await;
    let start = last_seq(&app);
    app.get("/v1/clients", &es.access).await.assert_status(200);
    let events = events_after(&app, start);
    assert_eq!(events.len(), 1);
    let named: Vec<&str> = events[0].client_ids.split(',').collect();
    let mut expected = vec![a.as_str(), b.as_str()];
    expected.sort_unstable();
    assert_eq!(
        named, expected,
        "exactly the clients returned, not {hidden}"
    );
    assert_eq!(events[0].event_type, "READ");
}

#[tokio::test]
async fn a_read_whose_event_cannot_be_stored_answers_503_with_nothing() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    app.get(&format!("/v1/clients/{client}"), &es.access)
        .await
        .assert_status(200);
    // The log's table goes missing behind the application's back.
    app.state
        .pool
        .with_conn(|conn| {
            Ok(conn.batch_execute("ALTER TABLE audit_events RENAME TO audit_events_gone")?)
        })
        .unwrap();
    let response = app.get(&format!("/v1/clients/{client}"), &es.access).await;
    response.assert_problem(503, "service_unavailable");
    assert!(!response.text.contains("de Vries"), "{}", response.text);
    assert!(!response.text.contains(&client), "{}", response.text);
    // A write is refused the same way, and leaves nothing behind.
    let created = app
        .post(
            "/v1/trajectories",
            Some(&es.access),
            &serde_json::json!({ "clientId": client, "type": "IPS" }),
        )
        .await;
    created.assert_problem(503, "service_unavailable");
    app.state
        .pool
        .with_conn(|conn| {
            Ok(conn.batch_execute("ALTER TABLE audit_events_gone RENAME TO audit_events")?)
        })
        .unwrap();
    let list = app
        .get(&format!("/v1/trajectories?clientId={client}"), &es.access)
        .await;
    assert_eq!(
        list.json()["items"],
        serde_json::json!([]),
        "the refused write left nothing"
    );
}

#[tokio::test]
async fn the_database_refuses_to_change_or_remove_the_log() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    app.client_by(&es).await;
    assert!(last_seq(&app) >= 1);
    for statement in [
        "UPDATE audit_events SET outcome = 'DENIED'",
        "DELETE FROM audit_events",
        "UPDATE audit_event_subjects SET seq = 0",
        "DELETE FROM audit_event_subjects",
    ] {
        let result = app
            .state
            .pool
            .with_conn(|conn| Ok(conn.batch_execute(statement)?));
        assert!(result.is_err(), "{statement} was allowed");
    }
    assert!(!events_after(&app, 0).is_empty());
}

#[tokio::test]
async fn sign_in_refresh_reuse_and_sign_out_are_logged() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let start = last_seq(&app);
    app.login(&es.email, "not the password")
        .await
        .assert_status(401);
    app.login("nobody@werkpad.test", "whatever it is")
        .await
        .assert_status(401);
    let user = app.sign_in(&es.email, crate::support::PASSWORD).await;
    let refreshed = app
        .post(
            "/v1/sessions/refresh",
            None,
            &serde_json::json!({ "refreshToken": user.refresh }),
        )
        .await;
    refreshed.assert_status(200);
    // The first refresh token again: someone holds a copy, so the session ends.
    app.post(
        "/v1/sessions/refresh",
        None,
        &serde_json::json!({ "refreshToken": user.refresh }),
    )
    .await
    .assert_status(401);
    let other = app.sign_in(&es.email, crate::support::PASSWORD).await;
    let out = app
        .call(
            Method::DELETE,
            "/v1/sessions/current",
            Some(&other.access),
            None,
        )
        .await;
    out.assert_status(204);
    let seen: Vec<(String, String, Option<String>, String)> = events_after(&app, start)
        .into_iter()
        .filter(|e| e.operation.as_deref() != Some("get_me"))
        .map(|e| {
            (
                e.event_type,
                e.outcome,
                e.actor_user_id.map(|i| i.0.to_string()),
                e.rules,
            )
        })
        .collect();
    let me = Some(es.id.clone());
    let expected = vec![
        (
            "LOGIN".into(),
            "DENIED".into(),
            me.clone(),
            "invalid_credentials".into(),
        ),
        (
            "LOGIN".into(),
            "DENIED".into(),
            None,
            "invalid_credentials".into(),
        ),
        (
            "LOGIN".into(),
            "SUCCESS".into(),
            me.clone(),
            "password_verified".into(),
        ),
        (
            "REFRESH".into(),
            "SUCCESS".into(),
            me.clone(),
            "refresh_token_rotated".into(),
        ),
        (
            "TOKEN_REUSE".into(),
            "DENIED".into(),
            me.clone(),
            "session_revoked".into(),
        ),
        (
            "LOGIN".into(),
            "SUCCESS".into(),
            me.clone(),
            "password_verified".into(),
        ),
        ("LOGOUT".into(), "SUCCESS".into(), me, "signed_out".into()),
    ];
    assert_eq!(seen, expected);
    let logged = format!("{:?}", events_after(&app, start));
    assert!(
        !logged.contains("nobody@werkpad.test") && !logged.contains(&es.email),
        "no e-mail in the log"
    );
    assert!(!logged.contains(&user.refresh), "no token in the log");
}
