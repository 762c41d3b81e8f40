//! Creating and changing financing records: every invalid field at once and nothing stored,
//! the CMD regulation's extension limit, the financier organisation, `If-Match`, and pages.

use reqwest::Method;
use serde_json::{Value, json};

use super::{etag, ggz_case, id, municipal};
use crate::support::TestApp;

/// The (name, code) pairs of a 400's `invalidParams`, sorted.
fn invalid(body: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(n, c)| ((*n).to_owned(), (*c).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn changes_and_transitions_need_the_current_etag() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let gemeente = app.org("MUNICIPALITY").await;
    let (f, first) = app
        .financing(&case.es, &case.trajectory, municipal(&gemeente))
        .await;
    let fid = id(&f);
    let path = format!("{}/{fid}", TestApp::financings_path(&case.trajectory));
    let change = json!({ "amountCents": 1_300_000, "extensionMonths": 12 });
    let no_if_match = app
        .call(Method::PATCH, &path, Some(&case.es.access), Some(&change))
        .await;
    no_if_match.assert_problem(428, "if_match_required");
    app.patch(&path, &case.es.access, "*", &change)
        .await
        .assert_problem(428, "if_match_required");
    for stale in ["\"7\"", "W/\"1\""] {
        app.patch(&path, &case.es.access, stale, &change)
            .await
            .assert_problem(412, "etag_mismatch");
    }
    // The status is the transitions' business.
    let body = app
        .patch(
            &path,
            &case.es.access,
            &first,
            &json!({ "status": "GRANTED" }),
        )
        .await
        .assert_problem(400, "malformed_request");
    assert_eq!(body["invalidParams"][0]["code"], "unknown_field");
    let changed = app.patch(&path, &case.es.access, &first, &change).await;
    changed.assert_status(200);
    assert_eq!(changed.header("etag"), Some("\"2\""));
    assert_eq!(changed.json()["amountCents"], 1_300_000);
    assert_eq!(changed.json()["status"], "DRAFT");

    let transitions = format!("{path}/transitions");
    let apply = json!({ "toStatus": "APPLIED", "date": "2026-01-10" });
    app.post(&transitions, Some(&case.es.access), &apply)
        .await
        .assert_problem(428, "if_match_required");
    app.financing_transition(&case.es, &case.trajectory, &fid, &first, apply.clone())
        .await
        .assert_problem(412, "etag_mismatch");
    let applied = app
        .financing_transition(&case.es, &case.trajectory, &fid, "\"2\"", apply)
        .await;
    applied.assert_status(200);
    // Once applied for, the application date stays; the dates stay in order.
    let body = app
        .patch(
            &path,
            &case.es.access,
            &etag(&applied),
            &json!({ "applicationDate": null, "startDate": "2026-03-01", "endDate": "2026-02-01" }),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid(&body),
        pairs(&[("applicationDate", "required"), ("endDate", "date_order")])
    );
    // A final record cannot change.
    let current = etag(&applied);
    let rejected = app
        .financing_transition(
            &case.es,
            &case.trajectory,
            &fid,
            &current,
            json!({ "toStatus": "REJECTED" }),
        )
        .await;
    rejected.assert_status(200);
    app.patch(
        &path,
        &case.es.access,
        &etag(&rejected),
        &json!({ "amountCents": 1 }),
    )
    .await
    .assert_problem(409, "invalid_transition");
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let collection = TestApp::financings_path(&case.trajectory);
    let (app_ref, path, token) = (&app, &collection, &case.es.access);
    let post = |body: Value| async move { app_ref.post(path, Some(token), &body).await };
    let body = post(json!({
        "scheme": "OTHER", "financier": "BANK", "financierOrganisationId": "not-a-uuid",
        "statusDate": "2999-01-01", "applicationDate": "2026-02-30", "decisionDate": "2999-01-01",
        "startDate": "2026-05-01", "endDate": "2026-04-01",
        "maxDurationMonths": 0, "extensionMonths": 121, "amountCents": -1
    }))
    .await
    .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid(&body),
        pairs(&[
            ("amountCents", "out_of_range"),
            ("applicationDate", "invalid_format"),
            ("decisionDate", "out_of_range"),
            ("endDate", "date_order"),
            ("extensionMonths", "out_of_range"),
            ("financier", "invalid_value"),
            ("financierOrganisationId", "invalid_format"),
            ("maxDurationMonths", "out_of_range"),
            ("schemeDescription", "required"),
            ("statusDate", "out_of_range"),
        ])
    );
    let body = post(json!({ "schemeDescription": "x".repeat(501) }))
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid(&body),
        pairs(&[
            ("financier", "required"),
            ("scheme", "required"),
            ("schemeDescription", "too_long"),
        ])
    );
    // The status is the server's.
    let body = post(json!({ "scheme": "IPS_CMD_2019", "financier": "UWV", "status": "GRANTED" }))
        .await
        .assert_problem(400, "malformed_request");
    assert_eq!(invalid(&body), pairs(&[("status", "unknown_field")]));
    // The financier organisation must exist and be of the financier's kind.
    let nowhere = uuid::Uuid::now_v7().to_string();
    for (organisation, code) in [
        (nowhere.as_str(), "unknown_reference"),
        (case.ggz.as_str(), "invalid_value"),
    ] {
        let body = post(municipal(organisation))
            .await
            .assert_problem(400, "invalid_input");
        assert_eq!(invalid(&body), pairs(&[("financierOrganisationId", code)]));
    }
    let listed = app.get(&collection, &case.es.access).await;
    assert_eq!(listed.json()["items"], json!([]));
}

#[tokio::test]
async fn the_cmd_regulation_extends_by_at_most_twelve_months() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let collection = TestApp::financings_path(&case.trajectory);
    let cmd = |extension: i64| {
        json!({ "scheme": "IPS_CMD_2019", "financier": "UWV", "maxDurationMonths": 24,
                "extensionMonths": extension })
    };
    let body = app
        .post(&collection, Some(&case.es.access), &cmd(13))
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid(&body),
        pairs(&[("extensionMonths", "out_of_range")])
    );
    assert_eq!(
        body["invalidParams"][0]["reason"],
        "At most 12 months for IPS_CMD_2019."
    );
    let (f, version) = app.financing(&case.es, &case.trajectory, cmd(12)).await;
    let path = format!("{collection}/{}", id(&f));
    app.patch(
        &path,
        &case.es.access,
        &version,
        &json!({ "extensionMonths": 13 }),
    )
    .await
    .assert_problem(400, "invalid_input");
    // Other schemes set no such limit; switching one to CMD brings it in.
    let municipal = json!({ "scheme": "IPS_MUNICIPAL_2023", "financier": "MUNICIPALITY",
                            "extensionMonths": 13 });
    let (other, version) = app.financing(&case.es, &case.trajectory, municipal).await;
    let body = app
        .patch(
            &format!("{collection}/{}", id(&other)),
            &case.es.access,
            &version,
            &json!({ "scheme": "IPS_CMD_2019" }),
        )
        .await
        .assert_problem(400, "invalid_input");
    assert_eq!(
        invalid(&body),
        pairs(&[("extensionMonths", "out_of_range")])
    );
    // Pages follow creation order.
    let first = app
        .get(&format!("{collection}?limit=1"), &case.es.access)
        .await;
    first.assert_status(200);
    assert_eq!(first.json()["items"][0]["id"], f["id"]);
    assert!(first.header("link").is_some());
    let cursor = first.json()["nextCursor"].as_str().unwrap().to_owned();
    let second = app
        .get(
            &format!("{collection}?limit=1&cursor={cursor}"),
            &case.es.access,
        )
        .await;
    assert_eq!(second.json()["items"][0]["id"], other["id"]);
    assert!(second.json()["nextCursor"].is_null());
}
