//! Financing records of a trajectory: the municipal regulation's flow with its dates, every
//! refused transition, preconditions and races; who decides and what stays hidden is in
//! `access`, creating and changing in `changes`.

mod access;
mod changes;

use serde_json::{Value, json};

use crate::support::{TestApp, TestResponse, TestUser, captured_logs};

/// A GGZ institution, its employment specialist, a client and an IPS trajectory led by it.
struct Case {
    ggz: String,
    es: TestUser,
    client: String,
    trajectory: String,
}

async fn ggz_case(app: &TestApp) -> Case {
    let ggz = app.org("GGZ").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&es).await;
    let trajectory = app.trajectory(&es, &client, "IPS").await;
    Case {
        ggz,
        es,
        client,
        trajectory,
    }
}

/// An application under the municipal regulation, drafted on 5 January 2026.
fn municipal(financier: &str) -> Value {
    json!({
        "scheme": "IPS_MUNICIPAL_2023", "financier": "MUNICIPALITY",
        "financierOrganisationId": financier, "statusDate": "2026-01-05",
        "maxDurationMonths": 24, "amountCents": 1_250_000
    })
}

fn id(record: &Value) -> String {
    record["id"].as_str().unwrap().to_owned()
}

fn etag(response: &TestResponse) -> String {
    response.header("etag").unwrap().to_owned()
}

/// (from, to, date) of every recorded transition, as `reader` sees them.
async fn history(app: &TestApp, reader: &TestUser, case: &Case, financing: &str) -> Vec<Value> {
    let path = format!(
        "{}/{financing}/transitions",
        TestApp::financings_path(&case.trajectory)
    );
    let page = app.get(&path, &reader.access).await;
    page.assert_status(200);
    page.json()["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_municipal_flow_from_draft_to_settled_fills_in_its_dates() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let gemeente = app.org("MUNICIPALITY").await;
    let manager = app.user("MUNICIPAL_CASE_MANAGER", &gemeente).await;
    app.add_member(&case.es, &case.client, &manager).await;

    let created = app
        .post(
            &TestApp::financings_path(&case.trajectory),
            Some(&case.es.access),
            &municipal(&gemeente),
        )
        .await;
    created.assert_status(201);
    let f = created.json();
    let fid = id(&f);
    let path = format!("{}/{fid}", TestApp::financings_path(&case.trajectory));
    assert_eq!(created.header("location"), Some(path.as_str()));
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(f["status"], "DRAFT");
    assert_eq!(f["statusDate"], "2026-01-05");
    assert_eq!(f["clientId"], case.client.as_str());
    assert_eq!(f["createdByOrganisationId"], case.ggz.as_str());
    assert_eq!(f["amountCents"], 1_250_000);
    for date in ["applicationDate", "decisionDate", "startDate", "endDate"] {
        assert!(f[date].is_null(), "{date}");
    }

    // A transition is not dated before the last one, nor in the future.
    let mut current = etag(&created);
    for (date, code) in [("2026-01-04", "date_order"), ("2999-01-01", "out_of_range")] {
        let body = app
            .financing_transition(
                &case.es,
                &case.trajectory,
                &fid,
                &current,
                json!({ "toStatus": "APPLIED", "date": date }),
            )
            .await
            .assert_problem(400, "invalid_input");
        assert_eq!(body["invalidParams"][0]["name"], "date");
        assert_eq!(body["invalidParams"][0]["code"], code);
    }
    // The GGZ institution applies; the municipality (the financier) grants and starts it.
    let notice = format!("Cliënt verhuist, stopbericht {}", uuid::Uuid::now_v7());
    let steps = [
        (&case.es, "APPLIED", "2026-01-10", None),
        (&manager, "GRANTED", "2026-01-20", None),
        (&manager, "RUNNING", "2026-02-01", None),
        (&case.es, "STOPPED", "2026-03-01", Some(notice.as_str())),
        (&case.es, "ENDED", "2026-03-15", None),
        (&case.es, "SETTLED", "2026-04-01", None),
    ];
    for (by, to, date, reason) in steps {
        if to == "STOPPED" {
            // The stop notice's reason is required.
            let body = app
                .financing_transition(
                    by,
                    &case.trajectory,
                    &fid,
                    &current,
                    json!({ "toStatus": to, "date": date }),
                )
                .await
                .assert_problem(400, "invalid_input");
            assert_eq!(
                body["invalidParams"],
                json!([{ "name": "reason", "code": "required",
                         "reason": "Required for STOPPED: the reason given in the stop notice." }])
            );
        }
        let done = app
            .financing_transition(
                by,
                &case.trajectory,
                &fid,
                &current,
                json!({ "toStatus": to, "date": date, "reason": reason }),
            )
            .await;
        done.assert_status(200);
        assert_eq!(done.header("content-location"), Some(path.as_str()));
        let body = done.json();
        assert_eq!(body["status"], to);
        assert_eq!(body["statusDate"], date);
        assert_ne!(etag(&done), current);
        current = etag(&done);
    }
    let settled = app.get(&path, &case.es.access).await;
    settled.assert_status(200);
    assert_eq!(etag(&settled), current);
    let s = settled.json();
    assert_eq!(s["status"], "SETTLED");
    assert_eq!(s["applicationDate"], "2026-01-10");
    assert_eq!(s["decisionDate"], "2026-01-20");
    assert_eq!(s["startDate"], "2026-02-01");
    // ENDED keeps the end date the stop notice set.
    assert_eq!(s["endDate"], "2026-03-01");

    let recorded = history(&app, &case.es, &case, &fid).await;
    // The stop notice's reason is on record, and in no log line.
    assert_eq!(recorded[4]["reason"], notice.as_str());
    assert!(!captured_logs().contains(&notice));
    let steps: Vec<(Value, Value, Value, Value)> = recorded
        .iter()
        .map(|t| {
            (
                t["fromStatus"].clone(),
                t["toStatus"].clone(),
                t["date"].clone(),
                t["actorUserId"].clone(),
            )
        })
        .collect();
    let es = json!(case.es.id);
    let mgr = json!(manager.id);
    assert_eq!(
        steps,
        [
            (json!(null), json!("DRAFT"), json!("2026-01-05"), es.clone()),
            (
                json!("DRAFT"),
                json!("APPLIED"),
                json!("2026-01-10"),
                es.clone()
            ),
            (
                json!("APPLIED"),
                json!("GRANTED"),
                json!("2026-01-20"),
                mgr.clone()
            ),
            (json!("GRANTED"), json!("RUNNING"), json!("2026-02-01"), mgr),
            (
                json!("RUNNING"),
                json!("STOPPED"),
                json!("2026-03-01"),
                es.clone()
            ),
            (
                json!("STOPPED"),
                json!("ENDED"),
                json!("2026-03-15"),
                es.clone()
            ),
            (json!("ENDED"), json!("SETTLED"), json!("2026-04-01"), es),
        ]
    );
    let listed = app
        .get(&TestApp::financings_path(&case.trajectory), &case.es.access)
        .await;
    assert_eq!(listed.json()["items"], json!([s]));
}

const STATUSES: [&str; 8] = [
    "DRAFT", "APPLIED", "GRANTED", "REJECTED", "RUNNING", "STOPPED", "ENDED", "SETTLED",
];

/// From the financing's current status, every status but `allowed` is refused with 409 and
/// the allowed list, and nothing changes: not the record, not its ETag, not its history.
async fn refuses_all_but(app: &TestApp, case: &Case, fid: &str, allowed: &[&str]) {
    let path = format!("{}/{fid}", TestApp::financings_path(&case.trajectory));
    let before = app.get(&path, &case.es.access).await;
    let history_before = history(app, &case.es, case, fid).await;
    for to in STATUSES.iter().filter(|s| !allowed.contains(s)) {
        let refused = app
            .financing_transition(
                &case.es,
                &case.trajectory,
                fid,
                &etag(&before),
                json!({ "toStatus": to, "reason": "Stopbericht" }),
            )
            .await;
        let body = refused.assert_problem(409, "invalid_transition");
        assert_eq!(body["allowedTransitions"], json!(allowed), "to {to}");
    }
    let after = app.get(&path, &case.es.access).await;
    assert_eq!(after.text, before.text);
    assert_eq!(etag(&after), etag(&before));
    assert_eq!(history(app, &case.es, case, fid).await, history_before);
}

async fn step(app: &TestApp, case: &Case, fid: &str, to: &str) {
    let path = format!("{}/{fid}", TestApp::financings_path(&case.trajectory));
    let current = etag(&app.get(&path, &case.es.access).await);
    app.financing_transition(
        &case.es,
        &case.trajectory,
        fid,
        &current,
        json!({ "toStatus": to, "reason": "Stopbericht" }),
    )
    .await
    .assert_status(200);
}

#[tokio::test]
async fn every_transition_the_flow_lacks_is_refused_from_every_status() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let body = json!({ "scheme": "IPS_CMD_2019", "financier": "UWV" });
    let (main, _) = app
        .financing(&case.es, &case.trajectory, body.clone())
        .await;
    let main = id(&main);
    let walk: [(&str, &[&str]); 7] = [
        ("DRAFT", &["APPLIED"]),
        ("APPLIED", &["GRANTED", "REJECTED"]),
        ("GRANTED", &["RUNNING"]),
        ("RUNNING", &["STOPPED", "ENDED"]),
        ("STOPPED", &["ENDED"]),
        ("ENDED", &["SETTLED"]),
        ("SETTLED", &[]),
    ];
    for (status, allowed) in walk {
        refuses_all_but(&app, &case, &main, allowed).await;
        if let Some(next) = allowed.first() {
            step(&app, &case, &main, next).await;
        } else {
            assert_eq!(status, "SETTLED");
        }
    }
    // The other branches: RUNNING → ENDED directly, and the rejection, which is final.
    let (direct, _) = app
        .financing(&case.es, &case.trajectory, body.clone())
        .await;
    let direct = id(&direct);
    for to in ["APPLIED", "GRANTED", "RUNNING", "ENDED"] {
        step(&app, &case, &direct, to).await;
    }
    refuses_all_but(&app, &case, &direct, &["SETTLED"]).await;
    let (rejected, _) = app.financing(&case.es, &case.trajectory, body).await;
    let rejected = id(&rejected);
    step(&app, &case, &rejected, "APPLIED").await;
    step(&app, &case, &rejected, "REJECTED").await;
    refuses_all_but(&app, &case, &rejected, &[]).await;
    let r = app
        .get(
            &format!("{}/{rejected}", TestApp::financings_path(&case.trajectory)),
            &case.es.access,
        )
        .await
        .json();
    assert!(r["decisionDate"].is_string() && r["startDate"].is_null());
}

#[tokio::test]
async fn of_two_transitions_from_the_same_version_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let (f, first) = app
        .financing(
            &case.es,
            &case.trajectory,
            json!({ "scheme": "IPS_CMD_2019", "financier": "UWV" }),
        )
        .await;
    let fid = id(&f);
    let apply = || {
        app.financing_transition(
            &case.es,
            &case.trajectory,
            &fid,
            &first,
            json!({ "toStatus": "APPLIED" }),
        )
    };
    let (a, b) = tokio::join!(apply(), apply());
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412]);
    let loser = if a.status.as_u16() == 412 { &a } else { &b };
    loser.assert_problem(412, "etag_mismatch");
    let applied = history(&app, &case.es, &case, &fid)
        .await
        .iter()
        .filter(|t| t["toStatus"] == "APPLIED")
        .count();
    assert_eq!(applied, 1);
}
