//! Tamper evidence: the hash chain verifies while the log is untouched, and a row changed,
//! removed or re-hashed behind the application's back (raw SQL with the triggers out of the
//! way) is found at exactly its position, through the API and through `werkpad audit`.

use std::process::Command;

use diesel::connection::SimpleConnection;
use serde_json::Value;
use werkpad::db::audit::{self, EventRow};

use crate::support::{TestApp, TestUser};

fn postgres(app: &TestApp) -> bool {
    app.settings.database_url.expose().starts_with("postgres")
}

/// Runs raw SQL against the log with its append-only triggers out of the way, as someone
/// with direct database access could.
fn behind_the_back(app: &TestApp, statement: &str) {
    let sql = if postgres(app) {
        format!(
            "ALTER TABLE audit_events DISABLE TRIGGER USER; {statement}; \
             ALTER TABLE audit_events ENABLE TRIGGER USER;"
        )
    } else {
        format!(
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; {statement};"
        )
    };
    app.state
        .pool
        .with_conn(|conn| Ok(conn.batch_execute(&sql)?))
        .unwrap();
}

fn event_at(app: &TestApp, seq: i64) -> EventRow {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::from_seq(conn, seq, 1)?))
        .unwrap()
        .remove(0)
}

/// A log with some events in it, and an auditor to check it.
async fn with_events() -> (TestApp, TestUser, TestUser) {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    for _ in 0..3 {
        let client = app.client_by(&es).await;
        app.get(&format!("/v1/clients/{client}"), &es.access)
            .await
            .assert_status(200);
    }
    let auditor = app.user("AUDITOR", &ggz).await;
    (app, es, auditor)
}

async fn verification(app: &TestApp, auditor: &TestUser, query: &str) -> Value {
    let response = app
        .get(
            &format!("/v1/audit-events/verification{query}"),
            &auditor.access,
        )
        .await;
    response.assert_status(200);
    response.json()
}

#[tokio::test]
async fn an_untouched_log_verifies_and_only_the_auditor_may_check() {
    let (app, es, auditor) = with_events().await;
    let result = verification(&app, &auditor, "").await;
    assert_eq!(result["intact"], true, "{result}");
    assert_eq!(result["firstBreak"], Value::Null);
    assert_eq!(result["fromSeq"], 1);
    assert!(result["checked"].as_i64().unwrap() >= 6, "{result}");
    assert_eq!(result["checked"], result["toSeq"]);
    // A range in the middle starts from its predecessor's hash.
    let part = verification(&app, &auditor, "?fromSeq=3&toSeq=5").await;
    assert_eq!(
        (part["intact"].clone(), part["checked"].clone()),
        (Value::Bool(true), 3.into())
    );
    // Checking is itself logged.
    let last = event_at(&app, result["toSeq"].as_i64().unwrap() + 1);
    assert_eq!(last.event_type, "AUDIT_READ");
    assert_eq!(
        last.actor_user_id.map(|i| i.0.to_string()),
        Some(auditor.id.clone())
    );

    app.get("/v1/audit-events/verification", &es.access)
        .await
        .assert_problem(403, "forbidden");
    let bad = app
        .get(
            "/v1/audit-events/verification?fromSeq=0&toSeq=x",
            &auditor.access,
        )
        .await;
    let problem = bad.assert_problem(400, "invalid_input");
    let names: Vec<&str> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["fromSeq", "toSeq"]);
}

#[tokio::test]
async fn a_changed_row_is_found_at_its_position() {
    let (app, _, auditor) = with_events().await;
    behind_the_back(
        &app,
        "UPDATE audit_events SET outcome = 'DENIED' WHERE seq = 4",
    );
    let result = verification(&app, &auditor, "").await;
    assert_eq!(result["intact"], false, "{result}");
    assert_eq!(result["firstBreak"]["seq"], 4);
    assert_eq!(result["firstBreak"]["reason"], "content_changed");
    assert_eq!(
        result["firstBreak"]["eventId"],
        event_at(&app, 4).id.0.to_string()
    );
    assert_eq!(result["checked"], 3, "the three before it hold");
}

#[tokio::test]
async fn a_row_rewritten_with_a_fresh_hash_breaks_the_next_link() {
    let (app, _, auditor) = with_events().await;
    let mut forged = event_at(&app, 3);
    forged.rules = "nothing_to_see".to_owned();
    let hash = forged.canonical().hash();
    behind_the_back(
        &app,
        &format!("UPDATE audit_events SET rules = 'nothing_to_see', hash = '{hash}' WHERE seq = 3"),
    );
    let result = verification(&app, &auditor, "").await;
    assert_eq!(result["firstBreak"]["seq"], 4, "{result}");
    assert_eq!(result["firstBreak"]["reason"], "link_broken");
}

#[tokio::test]
async fn removed_rows_are_found_in_the_middle_and_at_the_end() {
    let (app, _, auditor) = with_events().await;
    let end = verification(&app, &auditor, "").await["toSeq"]
        .as_i64()
        .unwrap();
    behind_the_back(
        &app,
        &format!(
            "DELETE FROM audit_event_subjects WHERE seq IN (2, {end}); DELETE FROM audit_events WHERE seq IN (2, {end})"
        ),
    );
    let result = verification(&app, &auditor, "").await;
    assert_eq!(result["firstBreak"]["seq"], 2, "{result}");
    assert_eq!(result["firstBreak"]["reason"], "missing_event");
    let tail = verification(&app, &auditor, &format!("?fromSeq=4&toSeq={end}")).await;
    assert_eq!(tail["firstBreak"]["seq"], end, "{tail}");
    assert_eq!(tail["firstBreak"]["reason"], "missing_event");
}

fn werkpad(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_werkpad"))
        .args(args)
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WERKPAD_DATABASE_URL", app.settings.database_url.expose())
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_command_line_verifies_and_exports_the_log() {
    let (app, es, _) = with_events().await;
    let (ok, out, err) = werkpad(&app, &["audit", "verify"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("access log intact"), "{out}");

    let (ok, lines, err) = werkpad(&app, &["audit", "export", "--since", "0"]);
    assert!(ok, "{err}");
    let lines: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    let read = lines
        .iter()
        .find(|l| l["name"] == "get_client")
        .expect("a read of a client");
    assert_eq!(read["trace_id"].as_str().unwrap().len(), 32);
    assert_eq!(read["span_id"].as_str().unwrap().len(), 16);
    assert_eq!(read["status_code"], "STATUS_CODE_OK");
    assert!(read["start_time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        read["attributes"]["dpl.core.data_subject_id_type"],
        "urn:werkpad:client-id"
    );
    assert!(read["attributes"]["dpl.core.data_subject_id"].is_string());
    assert_eq!(
        read["attributes"]["dpl.core.processing_activity_id"],
        "urn:werkpad:verwerkingsactiviteit:get_client"
    );
    assert_eq!(read["attributes"]["werkpad.actor.user_id"], es.id.as_str());
    let next: i64 = err
        .lines()
        .find_map(|l| l.strip_prefix("next cursor: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(next >= 6);
    // From the cursor on, only what came after: the export's own AUDIT_READ event.
    let (ok, more, _) = werkpad(&app, &["audit", "export", "--since", &next.to_string()]);
    assert!(ok);
    let more: Vec<Value> = more
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(more.len(), 1, "{more:?}");
    assert_eq!(more[0]["attributes"]["werkpad.event_type"], "AUDIT_READ");

    behind_the_back(
        &app,
        "UPDATE audit_events SET access_point = '10.0.0.1' WHERE seq = 2",
    );
    let (ok, out, _) = werkpad(&app, &["audit", "verify"]);
    assert!(!ok, "a broken chain exits non-zero");
    assert!(
        out.contains("broken at position 2") && out.contains("content_changed"),
        "{out}"
    );
}
