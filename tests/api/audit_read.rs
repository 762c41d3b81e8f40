//! Reading the access log over HTTP: the auditor's listing (`GET /v1/audit-events`) shows its
//! own organisation's part and nothing else, every filter narrows it exactly, its pages are
//! complete and stable while the log grows, other roles are refused, and every read is an
//! AUDIT_READ event of its own; a client's access overview (`GET /v1/clients/{id}/access-log`)
//! names who accessed which data of that client, and nobody else's.
//!
//! Expectations are computed from the stored chain itself (`db::audit::from_seq`) with the
//! scope rule written out here, and pinned with explicit events that must or must not appear.

use std::collections::BTreeSet;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use werkpad::db::audit::{self, EventRow};
use werkpad::domain::audit::Canonical;

use crate::support::{TestApp, TestResponse, TestUser};

fn log(app: &TestApp) -> Vec<EventRow> {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::from_seq(conn, 1, 100_000)?))
        .unwrap()
}

fn newest(app: &TestApp) -> EventRow {
    log(app).pop().expect("an event")
}

fn actor_org(row: &EventRow) -> Option<String> {
    row.actor_organisation_id.map(|i| i.0.to_string())
}

fn actor(row: &EventRow) -> Option<String> {
    row.actor_user_id.map(|i| i.0.to_string())
}

fn names(row: &EventRow, client: &str) -> bool {
    row.client_ids.split(',').any(|c| c == client)
}

fn instant(row: &EventRow) -> String {
    row.occurred_at
        .0
        .to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn encoded(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Which events of the log a filter should keep.
type Keep<'a> = Box<dyn Fn(&EventRow) -> bool + 'a>;

/// Seqs in the order the server gave them.
fn seqs(body: &Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {body}"))
        .iter()
        .map(|i| i["seq"].as_i64().unwrap())
        .collect()
}

/// Newest first, as the listing orders.
fn descending(rows: &[&EventRow]) -> Vec<i64> {
    let mut out: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    out.sort_unstable_by(|a, b| b.cmp(a));
    out
}

#[track_caller]
fn invalid_names(response: &TestResponse) -> BTreeSet<(String, String)> {
    let body = response.assert_problem(400, "invalid_input");
    body["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Two organisations, each with an auditor, a caseworker and a client it registered; A's
/// client is shared with B's labour expert under a consent; a colleague at A who is not on
/// the care team is refused A's client.
struct World {
    app: TestApp,
    org_a: String,
    org_b: String,
    org_b_name: String,
    auditor_a: TestUser,
    auditor_b: TestUser,
    es_a: TestUser,
    outsider_a: TestUser,
    expert_b: TestUser,
    client_a: String,
    client_b: String,
    consent: String,
    /// expert_b reading client_a: about A's client, by B's user.
    shared_read: i64,
    /// expert_b reading client_b: B's business only.
    b_only_read: i64,
    /// outsider_a refused client_a.
    denied_read: i64,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let org_a = app.organisation("GGZ", "GGZ Noord").await;
        let org_b_name = format!("UWV {}", uuid::Uuid::now_v7().simple());
        let org_b = app.organisation("UWV", &org_b_name).await;
        let auditor_a = app.user("AUDITOR", &org_a).await;
        let auditor_b = app.user("AUDITOR", &org_b).await;
        let es_a = app.user("EMPLOYMENT_SPECIALIST", &org_a).await;
        let outsider_a = app.user("EMPLOYMENT_SPECIALIST", &org_a).await;
        let expert_b = app.user("UWV_LABOUR_EXPERT", &org_b).await;
        let client_a = app.client_by(&es_a).await;
        let client_b = app.client_by(&expert_b).await;
        app.add_member(&es_a, &client_a, &expert_b).await;
        let consent = app
            .consent(&es_a, &client_a, &org_b, &["IDENTITY", "PLACEMENTS"])
            .await;
        app.get(&format!("/v1/clients/{client_a}"), &es_a.access)
            .await
            .assert_status(200);
        app.get(&format!("/v1/clients/{client_a}"), &expert_b.access)
            .await
            .assert_status(200);
        let shared_read = newest(&app).seq;
        app.get(&format!("/v1/clients/{client_b}"), &expert_b.access)
            .await
            .assert_status(200);
        let b_only_read = newest(&app).seq;
        app.get(&format!("/v1/clients/{client_a}"), &outsider_a.access)
            .await
            .assert_problem(404, "not_found");
        let denied_read = newest(&app).seq;
        Self {
            app,
            org_a,
            org_b,
            org_b_name,
            auditor_a,
            auditor_b,
            es_a,
            outsider_a,
            expert_b,
            client_a,
            client_b,
            consent,
            shared_read,
            b_only_read,
            denied_read,
        }
    }

    /// The scope rule, written out: the organisation's users' events and those naming a
    /// client it registered.
    fn in_scope<'a>(&self, rows: &'a [EventRow], org: &str) -> Vec<&'a EventRow> {
        let registered = if org == self.org_a {
            &self.client_a
        } else {
            &self.client_b
        };
        rows.iter()
            .filter(|r| actor_org(r).as_deref() == Some(org) || names(r, registered))
            .collect()
    }

    /// One page of the auditor's listing with `query`, as a 200 body.
    async fn page(&self, auditor: &TestUser, query: &str) -> Value {
        let response = self
            .app
            .get(&format!("/v1/audit-events?{query}"), &auditor.access)
            .await;
        response.assert_status(200);
        response.json()
    }

    /// Every page of the listing with `query`, following `nextCursor`.
    async fn walk(&self, auditor: &TestUser, query: &str) -> Vec<i64> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let q = match &cursor {
                Some(c) => format!("{query}&cursor={c}"),
                None => query.to_owned(),
            };
            let body = self.page(auditor, &q).await;
            out.extend(seqs(&body));
            match body["nextCursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return out,
            }
        }
    }
}

#[tokio::test]
async fn an_auditor_sees_its_own_users_and_its_own_clients_and_nothing_else() {
    let w = World::new().await;
    for (auditor, org) in [(&w.auditor_a, &w.org_a), (&w.auditor_b, &w.org_b)] {
        let rows = log(&w.app);
        let expected = descending(&w.in_scope(&rows, org));
        let got = w.walk(auditor, "limit=200").await;
        assert_eq!(got, expected, "auditor of {org}");
    }
    let a = w.walk(&w.auditor_a, "limit=200").await;
    let b = w.walk(&w.auditor_b, "limit=200").await;
    // B's expert reading A's client concerns both; B's own client only B; the refusal at A
    // only A.
    assert!(a.contains(&w.shared_read) && b.contains(&w.shared_read));
    assert!(!a.contains(&w.b_only_read) && b.contains(&w.b_only_read));
    assert!(a.contains(&w.denied_read) && !b.contains(&w.denied_read));
    // The other organisation's sign-ins are not A's business.
    let rows = log(&w.app);
    let expert_logins: Vec<i64> = rows
        .iter()
        .filter(|r| r.event_type == "LOGIN" && actor(r).as_deref() == Some(w.expert_b.id.as_str()))
        .map(|r| r.seq)
        .collect();
    assert!(!expert_logins.is_empty());
    assert!(
        expert_logins
            .iter()
            .all(|s| !a.contains(s) && b.contains(s))
    );

    // An item is the stored event, field for field.
    let body = w
        .page(&w.auditor_a, &format!("clientId={}", w.client_a))
        .await;
    let item = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["seq"] == w.shared_read)
        .unwrap()
        .clone();
    let row = rows.iter().find(|r| r.seq == w.shared_read).unwrap();
    assert_eq!(item["id"], row.id.0.to_string());
    assert_eq!(item["eventType"], "READ");
    assert_eq!(item["outcome"], "SUCCESS");
    assert_eq!(
        item["actor"],
        json!({ "userId": w.expert_b.id, "role": "UWV_LABOUR_EXPERT", "organisationId": w.org_b })
    );
    assert_eq!(item["operation"], "get_client");
    assert_eq!(item["objectType"], "/v1/clients/{clientId}");
    assert_eq!(item["objectId"], w.client_a);
    assert_eq!(item["clientIds"], json!([w.client_a]));
    assert_eq!(item["dataCategories"], json!(["IDENTITY"]));
    assert_eq!(item["consentIds"], json!([w.consent]));
    assert_eq!(item["rules"], json!(["member_with_ggz_consent"]));
    assert_eq!(item["accessPoint"], row.access_point);
    assert_eq!(
        item["requestId"],
        json!(row.request_id.map(|i| i.0.to_string()))
    );
    assert_eq!(item["emergencyAccessId"], Value::Null);
    assert_eq!(item["onBehalfOf"], Value::Null);
    assert_eq!(item["hash"], row.hash);
    assert_eq!(item["prevHash"], row.prev_hash);
    let at: DateTime<Utc> = item["occurredAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(at, row.occurred_at.0);
    assert!(item["occurredAt"].as_str().unwrap().ends_with('Z'));
    // Everything the hash covers is in the item: it can be recomputed from the answer alone.
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect()
    };
    let recomputed = Canonical {
        seq: item["seq"].as_i64().unwrap(),
        id: text(&item["id"]).unwrap(),
        occurred_at: at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        event_type: text(&item["eventType"]).unwrap(),
        outcome: text(&item["outcome"]).unwrap(),
        actor_user_id: text(&item["actor"]["userId"]),
        actor_role: text(&item["actor"]["role"]),
        actor_organisation_id: text(&item["actor"]["organisationId"]),
        on_behalf_of: text(&item["onBehalfOf"]),
        access_point: text(&item["accessPoint"]).unwrap(),
        request_id: text(&item["requestId"]),
        operation: text(&item["operation"]),
        object_type: text(&item["objectType"]),
        object_id: text(&item["objectId"]),
        client_ids: list(&item["clientIds"]),
        data_categories: list(&item["dataCategories"]),
        consent_ids: list(&item["consentIds"]),
        rules: list(&item["rules"]),
        emergency_access_id: text(&item["emergencyAccessId"]),
        prev_hash: text(&item["prevHash"]).unwrap(),
    };
    assert_eq!(recomputed.hash(), row.hash);
}

#[tokio::test]
async fn each_filter_narrows_to_exactly_the_matching_events() {
    let w = World::new().await;
    // A later read, so that a period can cut the log in three.
    w.app
        .get(&format!("/v1/clients/{}", w.client_a), &w.es_a.access)
        .await
        .assert_status(200);
    let rows = log(&w.app);
    let shared = rows
        .iter()
        .find(|r| r.seq == w.shared_read)
        .unwrap()
        .clone();
    let denied = rows
        .iter()
        .find(|r| r.seq == w.denied_read)
        .unwrap()
        .clone();
    let (a, es, expert) = (&w.client_a, w.es_a.id.as_str(), w.expert_b.id.as_str());
    let cases: Vec<(String, Keep<'_>)> = vec![
        (format!("clientId={a}"), Box::new(|r| names(r, a))),
        (
            format!("userId={expert}"),
            Box::new(|r| actor(r).as_deref() == Some(expert)),
        ),
        (
            format!("userId={es}"),
            Box::new(|r| actor(r).as_deref() == Some(es)),
        ),
        (
            "eventType=CONSENT_GRANT".to_owned(),
            Box::new(|r| r.event_type == "CONSENT_GRANT"),
        ),
        (
            "eventType=LOGIN".to_owned(),
            Box::new(|r| r.event_type == "LOGIN"),
        ),
        (
            "outcome=DENIED".to_owned(),
            Box::new(|r| r.outcome == "DENIED"),
        ),
        (
            format!(
                "from={}&to={}",
                encoded(&instant(&shared)),
                encoded(&instant(&denied))
            ),
            Box::new(|r| r.occurred_at >= shared.occurred_at && r.occurred_at < denied.occurred_at),
        ),
        (
            format!("from={}", encoded(&instant(&denied))),
            Box::new(|r| r.occurred_at >= denied.occurred_at),
        ),
        (
            format!("to={}", encoded(&instant(&shared))),
            Box::new(|r| r.occurred_at < shared.occurred_at),
        ),
        (
            format!("clientId={a}&userId={es}&eventType=READ"),
            Box::new(|r| names(r, a) && actor(r).as_deref() == Some(es) && r.event_type == "READ"),
        ),
    ];
    for (query, keep) in &cases {
        // Each read adds an event of its own (in scope: the auditor is A's), so the
        // expectation is taken just before it.
        let rows = log(&w.app);
        let expected: Vec<&EventRow> = w
            .in_scope(&rows, &w.org_a)
            .into_iter()
            .filter(|r| keep(r))
            .collect();
        assert!(!expected.is_empty(), "{query} tests nothing");
        assert!(
            expected.len() < w.in_scope(&rows, &w.org_a).len(),
            "{query} narrows nothing"
        );
        let got = seqs(&w.page(&w.auditor_a, &format!("{query}&limit=200")).await);
        assert_eq!(got, descending(&expected), "{query}");
    }
    // Combined filters that match nothing find nothing.
    let none = w
        .page(
            &w.auditor_a,
            &format!("clientId={}&outcome=DENIED", w.client_b),
        )
        .await;
    assert_eq!(none["items"], json!([]));
    // The pinned events fall where they should.
    let denied_only = seqs(&w.page(&w.auditor_a, "outcome=DENIED").await);
    assert_eq!(denied_only, vec![w.denied_read]);
    let of_expert = seqs(
        &w.page(&w.auditor_a, &format!("userId={}", w.expert_b.id))
            .await,
    );
    assert!(of_expert.contains(&w.shared_read) && !of_expert.contains(&w.b_only_read));
}

#[tokio::test]
async fn invalid_parameters_are_all_named_at_once() {
    let w = World::new().await;
    let response = w
        .app
        .get(
            "/v1/audit-events?clientId=nope&userId=123&eventType=PEEK&outcome=MAYBE\
             &from=yesterday&to=2026-13-01&limit=0&cursor=forged",
            &w.auditor_a.access,
        )
        .await;
    let expected: BTreeSet<(String, String)> = [
        ("clientId", "invalid_format"),
        ("userId", "invalid_format"),
        ("eventType", "invalid_value"),
        ("outcome", "invalid_value"),
        ("from", "invalid_format"),
        ("to", "invalid_format"),
        ("limit", "out_of_range"),
        ("cursor", "invalid_cursor"),
    ]
    .iter()
    .map(|(n, c)| ((*n).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(invalid_names(&response), expected);
    let reversed = w
        .app
        .get(
            "/v1/audit-events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00%2B01:00",
            &w.auditor_a.access,
        )
        .await;
    assert_eq!(
        invalid_names(&reversed),
        BTreeSet::from([("to".to_owned(), "date_order".to_owned())])
    );
    let too_many = w
        .app
        .get("/v1/audit-events?limit=201", &w.auditor_a.access)
        .await;
    assert_eq!(
        invalid_names(&too_many),
        BTreeSet::from([("limit".to_owned(), "out_of_range".to_owned())])
    );
    // The client overview validates its period the same way.
    let response = w
        .app
        .get(
            &format!("/v1/clients/{}/access-log?from=soon&to=later", w.client_a),
            &w.es_a.access,
        )
        .await;
    assert_eq!(
        invalid_names(&response),
        BTreeSet::from([
            ("from".to_owned(), "invalid_format".to_owned()),
            ("to".to_owned(), "invalid_format".to_owned()),
        ])
    );
}

#[tokio::test]
async fn pages_are_complete_and_stable_while_the_log_grows() {
    let w = World::new().await;
    let query = format!("clientId={}&limit=2", w.client_a);
    let expected: Vec<i64> = {
        let rows = log(&w.app);
        let keep: Vec<&EventRow> = w
            .in_scope(&rows, &w.org_a)
            .into_iter()
            .filter(|r| names(r, &w.client_a))
            .collect();
        descending(&keep)
    };
    assert!(expected.len() > 4, "several pages: {expected:?}");
    let mut got = Vec::new();
    let mut next = format!("/v1/audit-events?{query}");
    let mut pages = 0;
    loop {
        let response = w.app.get(&next, &w.auditor_a.access).await;
        response.assert_status(200);
        let body = response.json();
        got.extend(seqs(&body));
        pages += 1;
        // The log grows between pages, also with events about this very client (and with
        // this auditor's own reads): none of it may shift or repeat the walk.
        w.app
            .get(&format!("/v1/clients/{}", w.client_a), &w.es_a.access)
            .await
            .assert_status(200);
        let Some(cursor) = body["nextCursor"].as_str() else {
            assert!(
                response.header("link").is_none(),
                "no Link on the last page"
            );
            break;
        };
        let link = response
            .header("link")
            .expect("Link on every page but the last");
        let target = link
            .strip_prefix('<')
            .and_then(|l| l.split_once(">; rel=\"next\""))
            .map_or_else(|| panic!("Link: {link}"), |(t, _)| t.to_owned());
        assert!(target.starts_with("/v1/audit-events?"), "{target}");
        assert!(
            target.contains(&format!("clientId={}", w.client_a)),
            "{target}"
        );
        assert!(target.contains("limit=2"), "{target}");
        assert!(target.ends_with(&format!("cursor={cursor}")), "{target}");
        next = target;
    }
    assert_eq!(got, expected);
    assert_eq!(pages, expected.len().div_ceil(2));

    // A cursor holds only for its own filters and its own caller.
    let first = w.page(&w.auditor_a, &query).await;
    let cursor = first["nextCursor"].as_str().unwrap();
    let other_filter = w
        .app
        .get(
            &format!("/v1/audit-events?limit=2&cursor={cursor}"),
            &w.auditor_a.access,
        )
        .await;
    assert_eq!(
        invalid_names(&other_filter),
        BTreeSet::from([("cursor".to_owned(), "invalid_cursor".to_owned())])
    );
    let other_caller = w
        .app
        .get(
            &format!("/v1/audit-events?{query}&cursor={cursor}"),
            &w.auditor_b.access,
        )
        .await;
    assert_eq!(
        invalid_names(&other_caller),
        BTreeSet::from([("cursor".to_owned(), "invalid_cursor".to_owned())])
    );
}

#[tokio::test]
async fn only_the_auditor_reads_the_log_and_every_refusal_is_logged() {
    let w = World::new().await;
    let coordinator_org = w.app.org("OTHER").await;
    let coordinator = w.app.user("REGIONAL_COORDINATOR", &coordinator_org).await;
    let org_admin = w.app.user("ORG_ADMIN", &w.org_a).await;
    for (role, user) in [
        ("EMPLOYMENT_SPECIALIST", &w.es_a),
        ("UWV_LABOUR_EXPERT", &w.expert_b),
        ("REGIONAL_COORDINATOR", &coordinator),
        ("ORG_ADMIN", &org_admin),
        ("SYSTEM_ADMIN", &w.app.admin),
    ] {
        let response = w
            .app
            .get(
                &format!("/v1/audit-events?clientId={}", w.client_a),
                &user.access,
            )
            .await;
        let problem = response.assert_problem(403, "forbidden");
        assert!(!response.text.contains(&w.client_a), "{role}: {problem}");
        let event = newest(&w.app);
        assert_eq!(event.event_type, "AUDIT_READ", "{role}");
        assert_eq!(event.outcome, "DENIED", "{role}");
        assert_eq!(actor(&event).as_deref(), Some(user.id.as_str()), "{role}");
        assert_eq!(event.actor_role.as_deref(), Some(role));
        assert_eq!(event.operation.as_deref(), Some("list_audit_events"));
        assert_eq!(event.data_categories, "AUDIT_LOG");
        assert_eq!(event.rules, "role_may_not");
    }
    // The auditor may not read client data itself, nor a client's overview.
    w.app
        .get(&format!("/v1/clients/{}", w.client_a), &w.auditor_a.access)
        .await
        .assert_problem(403, "forbidden");
    w.app
        .get(
            &format!("/v1/clients/{}/access-log", w.client_a),
            &w.auditor_a.access,
        )
        .await
        .assert_problem(403, "forbidden");
}

#[tokio::test]
async fn reading_the_log_is_an_audit_read_event_of_the_auditor() {
    let w = World::new().await;
    let before = newest(&w.app).seq;
    let body = w
        .page(&w.auditor_a, &format!("clientId={}&limit=200", w.client_a))
        .await;
    let seen = seqs(&body);
    assert!(
        seen.iter().all(|s| *s <= before),
        "the read's own event is not on its page"
    );
    let events: Vec<EventRow> = log(&w.app).into_iter().filter(|r| r.seq > before).collect();
    assert_eq!(events.len(), 1, "{events:?}");
    let read = &events[0];
    assert_eq!(read.event_type, "AUDIT_READ");
    assert_eq!(read.outcome, "SUCCESS");
    assert_eq!(actor(read).as_deref(), Some(w.auditor_a.id.as_str()));
    assert_eq!(read.actor_role.as_deref(), Some("AUDITOR"));
    assert_eq!(actor_org(read).as_deref(), Some(w.org_a.as_str()));
    assert_eq!(read.operation.as_deref(), Some("list_audit_events"));
    assert_eq!(read.object_type.as_deref(), Some("/v1/audit-events"));
    assert_eq!(read.data_categories, "AUDIT_LOG");
    assert_eq!(read.rules, "auditor_reads_own_organisation_log");
    // The page was about client A only: the read is in A's overview, not in B's.
    assert_eq!(read.client_ids, w.client_a);

    // The next read shows the previous one on top.
    let again = w.page(&w.auditor_a, "eventType=AUDIT_READ").await;
    assert_eq!(again["items"][0]["seq"], read.seq);
    assert_eq!(again["items"][0]["actor"]["userId"], w.auditor_a.id);

    // A read that finds nothing is still a read.
    let before = newest(&w.app).seq;
    let empty = w
        .page(&w.auditor_a, &format!("userId={}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(empty["items"], json!([]));
    let read = newest(&w.app);
    assert_eq!(read.seq, before + 1);
    assert_eq!(read.event_type, "AUDIT_READ");
    assert_eq!(read.client_ids, "");

    // And the auditor's read of client A shows up in A's overview.
    let overview = w
        .app
        .get(
            &format!("/v1/clients/{}/access-log?limit=200", w.client_a),
            &w.es_a.access,
        )
        .await;
    overview.assert_status(200);
    let items = overview.json()["items"].as_array().unwrap().clone();
    let by_auditor: Vec<&Value> = items
        .iter()
        .filter(|i| i["who"]["userId"] == w.auditor_a.id)
        .collect();
    let naming_a = log(&w.app)
        .iter()
        .filter(|r| actor(r).as_deref() == Some(w.auditor_a.id.as_str()) && names(r, &w.client_a))
        .count();
    // The first read (about A) and the one that returned it (an event about A, too).
    assert_eq!(naming_a, 2);
    assert_eq!(by_auditor.len(), naming_a, "{by_auditor:?}");
    for item in by_auditor {
        assert_eq!(item["eventType"], "AUDIT_READ");
        assert_eq!(item["who"]["role"], "AUDITOR");
        assert_eq!(item["who"]["organisationName"], "GGZ Noord");
        assert_eq!(item["dataCategories"], json!(["AUDIT_LOG"]));
    }
}

#[tokio::test]
async fn a_clients_overview_names_who_accessed_what_of_that_client_only() {
    let w = World::new().await;
    let rows = log(&w.app);
    let expected: Vec<&EventRow> = rows.iter().filter(|r| names(r, &w.client_a)).collect();
    let response = w
        .app
        .get(
            &format!("/v1/clients/{}/access-log?limit=200", w.client_a),
            &w.es_a.access,
        )
        .await;
    response.assert_status(200);
    let body = response.json();
    let items = body["items"].as_array().unwrap();
    assert!(body["nextCursor"].is_null());
    // Exactly the events naming this client, newest first: not the other client's.
    let got: Vec<(DateTime<Utc>, String, String)> = items
        .iter()
        .map(|i| {
            (
                i["occurredAt"].as_str().unwrap().parse().unwrap(),
                i["operation"].as_str().unwrap().to_owned(),
                i["who"]["userId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut want: Vec<(DateTime<Utc>, String, String)> = expected
        .iter()
        .rev()
        .map(|r| {
            (
                r.occurred_at.0,
                r.operation.clone().unwrap(),
                actor(r).unwrap(),
            )
        })
        .collect();
    assert_eq!(got, want);
    want.retain(|(_, op, _)| op == "get_client");
    assert_eq!(
        want.len(),
        3,
        "the registrant's, the expert's and the refused read"
    );

    // The expert's read: name, role and organisation as they are, the category and the
    // consent that opened it.
    let shared = rows.iter().find(|r| r.seq == w.shared_read).unwrap();
    let item = items
        .iter()
        .find(|i| {
            i["occurredAt"]
                .as_str()
                .unwrap()
                .parse::<DateTime<Utc>>()
                .unwrap()
                == shared.occurred_at.0
        })
        .unwrap();
    assert_eq!(
        item,
        &json!({
            "occurredAt": item["occurredAt"],
            "eventType": "READ",
            "outcome": "SUCCESS",
            "who": {
                "userId": w.expert_b.id,
                "displayName": "Test UWV_LABOUR_EXPERT",
                "role": "UWV_LABOUR_EXPERT",
                "organisationId": w.org_b,
                "organisationName": w.org_b_name,
            },
            "dataCategories": ["IDENTITY"],
            "consentIds": [w.consent],
            "operation": "get_client",
            "emergency": false,
        })
    );
    // The refused look of the colleague is there too, as refused.
    let refused: Vec<&Value> = items
        .iter()
        .filter(|i| i["who"]["userId"] == w.outsider_a.id)
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0]["outcome"], "DENIED");
    assert_eq!(refused[0]["who"]["organisationName"], "GGZ Noord");
    assert_eq!(refused[0]["who"]["role"], "EMPLOYMENT_SPECIALIST");
    // The registration and the consent, each with its categories.
    let registered = items
        .iter()
        .find(|i| i["operation"] == "create_client")
        .unwrap();
    assert_eq!(registered["eventType"], "CREATE");
    assert_eq!(registered["who"]["userId"], w.es_a.id);
    assert!(
        registered["dataCategories"]
            .as_array()
            .unwrap()
            .contains(&json!("IDENTITY")),
        "{registered}"
    );
    let consent = items
        .iter()
        .find(|i| i["operation"] == "create_consent")
        .unwrap();
    assert_eq!(consent["eventType"], "CONSENT_GRANT");
    assert_eq!(consent["dataCategories"], json!(["CONSENTS"]));
    // Nothing of client B: not its id, nor B's expert reading it.
    assert!(!response.text.contains(&w.client_b));

    // The member from the other organisation reads the same overview (consent covers
    // IDENTITY); its own read of the overview is an AUDIT_READ naming client A.
    let before = newest(&w.app).seq;
    let theirs = w
        .app
        .get(
            &format!("/v1/clients/{}/access-log?limit=200", w.client_a),
            &w.expert_b.access,
        )
        .await;
    theirs.assert_status(200);
    let read = newest(&w.app);
    assert_eq!(read.seq, before + 1);
    assert_eq!(read.event_type, "AUDIT_READ");
    assert_eq!(read.operation.as_deref(), Some("list_client_access_log"));
    assert_eq!(read.client_ids, w.client_a);
    assert_eq!(read.data_categories, "AUDIT_LOG");
    assert_eq!(read.consent_ids, w.consent);
    let top = &theirs.json()["items"][0];
    assert_eq!(
        top["eventType"], "AUDIT_READ",
        "the registrant's earlier read"
    );
    assert_eq!(top["who"]["userId"], w.es_a.id);
    assert_eq!(top["operation"], "list_client_access_log");
}

#[tokio::test]
async fn a_clients_overview_pages_and_filters_by_period() {
    let w = World::new().await;
    let rows = log(&w.app);
    let about: Vec<&EventRow> = rows.iter().filter(|r| names(r, &w.client_a)).collect();
    let shared = rows.iter().find(|r| r.seq == w.shared_read).unwrap();
    let path = format!("/v1/clients/{}/access-log", w.client_a);
    // Every page, through the Link header, while the overview itself grows.
    let mut got: Vec<DateTime<Utc>> = Vec::new();
    let mut next = format!("{path}?limit=2");
    loop {
        let response = w.app.get(&next, &w.es_a.access).await;
        response.assert_status(200);
        let body = response.json();
        got.extend(body["items"].as_array().unwrap().iter().map(|i| {
            i["occurredAt"]
                .as_str()
                .unwrap()
                .parse::<DateTime<Utc>>()
                .unwrap()
        }));
        let Some(link) = response.header("link") else {
            assert!(body["nextCursor"].is_null());
            break;
        };
        let cursor = body["nextCursor"].as_str().unwrap();
        assert_eq!(
            link,
            format!("<{path}?limit=2&cursor={cursor}>; rel=\"next\"")
        );
        next = format!("{path}?limit=2&cursor={cursor}");
    }
    let want: Vec<DateTime<Utc>> = about.iter().rev().map(|r| r.occurred_at.0).collect();
    assert_eq!(got, want);

    // A period: from the expert's read on (inclusive), and before it (exclusive).
    for (query, later) in [("from", true), ("to", false)] {
        let rows = log(&w.app);
        let want: Vec<DateTime<Utc>> = rows
            .iter()
            .rev()
            .filter(|r| names(r, &w.client_a) && (r.occurred_at >= shared.occurred_at) == later)
            .map(|r| r.occurred_at.0)
            .collect();
        let body = w
            .app
            .get(
                &format!("{path}?{query}={}&limit=200", encoded(&instant(shared))),
                &w.es_a.access,
            )
            .await
            .json();
        let got: Vec<DateTime<Utc>> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["occurredAt"].as_str().unwrap().parse().unwrap())
            .collect();
        assert!(!got.is_empty(), "{query}");
        assert_eq!(got, want, "{query}");
    }

    // A cursor of one client's overview is refused for another's.
    let first = w
        .app
        .get(&format!("{path}?limit=1"), &w.es_a.access)
        .await
        .json();
    let cursor = first["nextCursor"].as_str().unwrap();
    let member_of_both = &w.expert_b;
    let elsewhere = w
        .app
        .get(
            &format!(
                "/v1/clients/{}/access-log?limit=1&cursor={cursor}",
                w.client_b
            ),
            &member_of_both.access,
        )
        .await;
    assert_eq!(
        invalid_names(&elsewhere),
        BTreeSet::from([("cursor".to_owned(), "invalid_cursor".to_owned())])
    );
}

#[tokio::test]
async fn outside_the_care_team_the_overview_is_not_there() {
    let w = World::new().await;
    let member_path = format!("/v1/clients/{}/access-log", w.client_a);
    let missing_path = format!("/v1/clients/{}/access-log", uuid::Uuid::now_v7());
    let not_member = w.app.get(&member_path, &w.outsider_a.access).await;
    let missing = w.app.get(&missing_path, &w.outsider_a.access).await;
    let a = not_member.assert_problem(404, "not_found");
    let b = missing.assert_problem(404, "not_found");
    for member in ["type", "title", "status", "detail", "code"] {
        assert_eq!(a[member], b[member], "{member}");
    }
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&a), keys(&b));
    assert!(!not_member.text.contains(&w.client_a));
    // Both attempts are refusals in the log, naming the client asked for.
    let event = newest(&w.app);
    assert_eq!(event.outcome, "DENIED");
    assert_eq!(event.event_type, "AUDIT_READ");
    let rows = log(&w.app);
    let refused = &rows[rows.len() - 2];
    assert_eq!(refused.outcome, "DENIED");
    assert_eq!(refused.client_ids, w.client_a);
    assert_eq!(refused.rules, "not_visible");

    // A member of another organisation without consent for IDENTITY is refused as such.
    let municipality = w.app.org("MUNICIPALITY").await;
    let manager = w.app.user("MUNICIPAL_CASE_MANAGER", &municipality).await;
    w.app.add_member(&w.es_a, &w.client_a, &manager).await;
    w.app
        .get(&member_path, &manager.access)
        .await
        .assert_problem(403, "consent_required");
    // A malformed id is a 400 naming it.
    let bad = w
        .app
        .get("/v1/clients/not-a-uuid/access-log", &w.es_a.access)
        .await;
    assert_eq!(
        invalid_names(&bad),
        BTreeSet::from([("clientId".to_owned(), "invalid_format".to_owned())])
    );
}
