//! Emergency access (break-glass, domain.md §8.7) over HTTP: only a GGZ care role may open a
//! client file outside its involvement, with a reason and for the configured time; while the
//! grant runs the professional reaches the client like a member (the matrix and the consent
//! rules unchanged) and every access-log event of those requests names the grant; afterwards
//! the client is out of reach again, answered exactly like a client that does not exist. The
//! auditor reviews the grants of its organisation.

use std::time::Duration;

use diesel::prelude::*;
use serde_json::{Value, json};
use werkpad::db::audit::{self, EventRow};
use werkpad::db::schema::{care_team_members, emergency_accesses};

use crate::support::{TestApp, TestResponse, TestUser};

const REASON: &str = "Cliënt belt in crisis; eigen behandelaar is niet bereikbaar.";

fn last_seq(app: &TestApp) -> i64 {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::head(conn)?.0))
        .unwrap()
}

fn events_after(app: &TestApp, seq: i64) -> Vec<EventRow> {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::from_seq(conn, seq + 1, 1000)?))
        .unwrap()
}

/// The one event the request after `seq` left.
#[track_caller]
fn only_event(app: &TestApp, seq: i64) -> EventRow {
    let mut events = events_after(app, seq);
    assert_eq!(events.len(), 1, "{events:?}");
    events.remove(0)
}

fn grant_of(event: &EventRow) -> Option<String> {
    event.emergency_access_id.map(|i| i.0.to_string())
}

/// (grants, EMERGENCY memberships) stored.
fn stored(app: &TestApp) -> (i64, i64) {
    app.state
        .pool
        .with_conn(|conn| {
            let grants = emergency_accesses::table.count().get_result(conn)?;
            let members = care_team_members::table
                .filter(care_team_members::kind.eq("EMERGENCY"))
                .count()
                .get_result(conn)?;
            Ok((grants, members))
        })
        .unwrap()
}

async fn break_glass(app: &TestApp, by: &TestUser, client: &str, body: &Value) -> TestResponse {
    app.post(
        &format!("/v1/clients/{client}/emergency-access"),
        Some(&by.access),
        body,
    )
    .await
}

/// The response text with its request id blanked: what must be identical between two 404s.
fn without_instance(response: &TestResponse) -> String {
    let instance = response.json()["instance"].as_str().unwrap().to_owned();
    response.text.replace(&instance, "")
}

fn listed(response: &TestResponse, client: &str) -> bool {
    response.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == client)
}

#[tokio::test]
async fn only_ggz_care_roles_may_break_the_glass() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let owner = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&owner).await;
    let missing = uuid::Uuid::now_v7().to_string();
    let uwv = app.org("UWV").await;
    let municipality = app.org("MUNICIPALITY").await;
    let wsp = app.org("WSP").await;
    let coaches = app.org("JOBCOACH_ORGANISATION").await;
    let other = app.org("OTHER").await;
    let mut callers = Vec::new();
    for (role, org) in [
        ("UWV_LABOUR_EXPERT", &uwv),
        ("MUNICIPAL_CASE_MANAGER", &municipality),
        ("WSP_ACCOUNT_MANAGER", &wsp),
        ("JOB_COACH", &coaches),
        ("REGIONAL_COORDINATOR", &other),
        ("PROGRAMME_COORDINATOR", &other),
        ("AUDITOR", &ggz),
        ("ORG_ADMIN", &ggz),
    ] {
        callers.push((role, app.user(role, org).await));
    }
    callers.push(("SYSTEM_ADMIN", app.admin.clone()));
    // A W&I member of the client's team: being involved does not make break-glass theirs.
    let member = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    app.add_member(&owner, &client, &member).await;
    callers.push(("UWV_LABOUR_EXPERT (member)", member));
    for (role, user) in &callers {
        for target in [&client, &missing] {
            let seq = last_seq(&app);
            let response = break_glass(&app, user, target, &json!({ "reason": REASON })).await;
            // Refused before anything is looked up: the same for a client that exists.
            let problem = response.assert_problem(403, "forbidden");
            assert!(!response.text.contains(&client), "{role}: {problem}");
            let event = only_event(&app, seq);
            assert_eq!(event.event_type, "BREAK_GLASS", "{role}");
            assert_eq!(event.outcome, "DENIED", "{role}");
            assert_eq!(event.rules, "role_may_not", "{role}");
            assert_eq!(grant_of(&event), None, "{role}");
        }
    }
    assert_eq!(stored(&app), (0, 0), "nothing was stored");
    // A GGZ care role asking for a client that does not exist: 404, nothing stored.
    let practitioner = app.user("PRACTITIONER", &app.org("GGZ").await).await;
    break_glass(&app, &practitioner, &missing, &json!({ "reason": REASON }))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(stored(&app), (0, 0));
}

#[tokio::test]
async fn a_reason_of_ten_to_a_thousand_characters_is_required() {
    let app = TestApp::spawn().await;
    let owner = app
        .user("EMPLOYMENT_SPECIALIST", &app.org("GGZ").await)
        .await;
    let client = app.client_by(&owner).await;
    let outsider = app.user("PRACTITIONER", &app.org("GGZ").await).await;
    for (body, code) in [
        (json!({}), "required"),
        (json!({ "reason": null }), "required"),
        (json!({ "reason": "   " }), "required"),
        (json!({ "reason": "spoed" }), "out_of_range"),
        // Nine characters once trimmed.
        (json!({ "reason": "   crisis!!   " }), "out_of_range"),
        (json!({ "reason": "x".repeat(1001) }), "too_long"),
    ] {
        let response = break_glass(&app, &outsider, &client, &body).await;
        let problem = response.assert_problem(400, "invalid_input");
        assert_eq!(problem["invalidParams"][0]["name"], "reason", "{body}");
        assert_eq!(problem["invalidParams"][0]["code"], code, "{body}");
    }
    break_glass(
        &app,
        &outsider,
        &client,
        &json!({ "reason": REASON, "validUntil": "2030-01-01T00:00:00Z" }),
    )
    .await
    .assert_problem(400, "malformed_request");
    assert_eq!(stored(&app), (0, 0), "nothing was stored");
    app.get(&format!("/v1/clients/{client}"), &outsider.access)
        .await
        .assert_problem(404, "not_found");
    // Exactly ten characters after trimming is enough.
    let response = break_glass(
        &app,
        &outsider,
        &client,
        &json!({ "reason": "  10 tekens!  " }),
    )
    .await;
    response.assert_status(201);
    assert_eq!(response.json()["reason"], "10 tekens!");
}

#[tokio::test]
async fn a_grant_opens_the_file_until_it_ends_and_every_use_is_logged() {
    let ttl = Duration::from_secs(3);
    let app = TestApp::spawn_with(|s| s.emergency_access_ttl = ttl).await;
    let owner = app
        .user("EMPLOYMENT_SPECIALIST", &app.org("GGZ").await)
        .await;
    let client = app.client_by(&owner).await;
    let trajectory = app.trajectory(&owner, &client, "IPS").await;
    let missing = uuid::Uuid::now_v7().to_string();
    let worker = app
        .user("EMPLOYMENT_SPECIALIST", &app.org("GGZ").await)
        .await;
    let file = format!("/v1/clients/{client}");

    // Outside the care team: not there, exactly like a client that does not exist.
    let before = app.get(&file, &worker.access).await;
    before.assert_problem(404, "not_found");
    let absent = app
        .get(&format!("/v1/clients/{missing}"), &worker.access)
        .await;
    assert_eq!(without_instance(&before), without_instance(&absent));
    assert!(!listed(
        &app.get("/v1/clients", &worker.access).await,
        &client
    ));

    // A reason no other test uses, to look for in the logs.
    let reason = format!("{REASON} Kenmerk {}.", uuid::Uuid::now_v7().simple());
    let seq = last_seq(&app);
    let response = break_glass(
        &app,
        &worker,
        &client,
        &json!({ "reason": format!("  {reason}  ") }),
    )
    .await;
    response.assert_status(201);
    let grant = response.json();
    let id = grant["id"].as_str().unwrap().to_owned();
    assert_eq!(
        response.header("location"),
        Some(format!("/v1/emergency-accesses/{id}").as_str())
    );
    assert_eq!(response.header("etag"), Some("\"1\""));
    assert_eq!(grant["clientId"], client);
    assert_eq!(grant["userId"], worker.id);
    assert_eq!(grant["organisationId"], worker.organisation_id);
    assert_eq!(grant["reason"], reason.as_str(), "trimmed");
    assert_eq!(grant["active"], true);
    let at = |field: &str| {
        chrono::DateTime::parse_from_rfc3339(grant[field].as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let (starts, ends) = (at("startsAt"), at("endsAt"));
    assert!(grant["startsAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!((ends - starts).to_std().unwrap(), ttl);

    // Its own event: BREAK_GLASS, naming the client and the grant, but never the reason.
    let event = only_event(&app, seq);
    assert_eq!(event.event_type, "BREAK_GLASS");
    assert_eq!(event.outcome, "SUCCESS");
    assert_eq!(event.operation.as_deref(), Some("create_emergency_access"));
    assert_eq!(event.client_ids, client);
    assert_eq!(grant_of(&event), Some(id.clone()));
    assert_eq!(event.rules, "ggz_care_role_breaks_glass");
    assert!(
        !format!("{event:?}").contains("Kenmerk"),
        "no reason in the access log"
    );

    // While it runs: the file, the client in the list, an EMERGENCY membership in the team;
    // every event names the grant.
    for path in [
        file.clone(),
        "/v1/clients".to_owned(),
        format!("{file}/care-team-members"),
        format!("/v1/trajectories?clientId={client}"),
        format!("/v1/trajectories/{trajectory}/transitions"),
    ] {
        let seq = last_seq(&app);
        let response = app.get(&path, &worker.access).await;
        response.assert_status(200);
        let event = only_event(&app, seq);
        assert_eq!(event.outcome, "SUCCESS", "{path}");
        assert!(
            event.client_ids.contains(&client),
            "{path}: {}",
            event.client_ids
        );
        assert_eq!(grant_of(&event), Some(id.clone()), "{path}");
        if path == "/v1/clients" {
            assert!(listed(&response, &client));
        }
        if path.ends_with("care-team-members") {
            let body = response.json();
            let mine: Vec<&Value> = body["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["userId"] == worker.id)
                .collect();
            assert_eq!(mine.len(), 1, "{}", response.text);
            assert_eq!(mine[0]["kind"], "EMERGENCY");
            assert_eq!(mine[0]["id"], grant["careTeamMemberId"]);
            assert_eq!(
                mine[0]["reason"],
                Value::Null,
                "the reason stays on the grant"
            );
        }
    }
    // The owner's own reads use no grant; the team sees who is in it now.
    let seq = last_seq(&app);
    app.get(&file, &owner.access).await.assert_status(200);
    assert_eq!(grant_of(&only_event(&app, seq)), None);
    let team = format!("{file}/care-team-members?active=true");
    let in_team = |r: &TestResponse| {
        r.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["userId"] == worker.id)
    };
    assert!(in_team(&app.get(&team, &owner.access).await));

    // A second grant while this one runs is refused, not an extension.
    let seq = last_seq(&app);
    break_glass(&app, &worker, &client, &json!({ "reason": REASON }))
        .await
        .assert_problem(409, "already_exists");
    let event = only_event(&app, seq);
    assert_eq!(
        (event.event_type.as_str(), event.outcome.as_str()),
        ("BREAK_GLASS", "ERROR")
    );
    assert_eq!(stored(&app), (1, 1));
    // A regular member has no need of it either.
    break_glass(&app, &owner, &client, &json!({ "reason": REASON }))
        .await
        .assert_problem(409, "already_exists");

    // The professional reads the grant back at its Location.
    let own = app
        .get(&format!("/v1/emergency-accesses/{id}"), &worker.access)
        .await;
    own.assert_status(200);
    assert_eq!(own.json()["reason"], reason.as_str());

    // After it ends: out of reach again, byte for byte like a client that does not exist.
    let left = ends - chrono::Utc::now();
    tokio::time::sleep(left.to_std().unwrap_or_default() + Duration::from_millis(300)).await;
    let seq = last_seq(&app);
    let after = app.get(&file, &worker.access).await;
    after.assert_problem(404, "not_found");
    let absent = app
        .get(&format!("/v1/clients/{missing}"), &worker.access)
        .await;
    assert_eq!(without_instance(&after), without_instance(&absent));
    let event = &events_after(&app, seq)[0];
    assert_eq!(event.outcome, "DENIED");
    assert_eq!(grant_of(event), None, "an ended grant opens nothing");
    let seq = last_seq(&app);
    let list = app.get("/v1/clients", &worker.access).await;
    assert!(!listed(&list, &client));
    assert_eq!(grant_of(&only_event(&app, seq)), None);
    app.get(&format!("{file}/care-team-members"), &worker.access)
        .await
        .assert_problem(404, "not_found");
    assert!(
        !in_team(&app.get(&team, &owner.access).await),
        "an ended emergency membership is not active"
    );
    let own = app
        .get(&format!("/v1/emergency-accesses/{id}"), &worker.access)
        .await;
    assert_eq!(own.json()["active"], false);
    let logs = crate::support::captured_logs();
    assert!(logs.contains(&id), "the alert names the grant");
    assert!(
        !logs.contains(&reason[REASON.len()..]),
        "no reason in the application log"
    );

    // Ended, it may be asked for again, with a reason of its own.
    let again = break_glass(&app, &worker, &client, &json!({ "reason": REASON })).await;
    again.assert_status(201);
    assert_ne!(again.json()["id"], id);
    // And the trajectory lead can add the professional to the team properly meanwhile.
    app.add_member(&owner, &client, &worker).await;
    let seq = last_seq(&app);
    app.get(&file, &worker.access).await.assert_status(200);
    assert_eq!(
        grant_of(&only_event(&app, seq)),
        None,
        "a regular membership needs no grant"
    );
}

#[tokio::test]
async fn break_glass_opens_involvement_not_consent() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let owner = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let client = app.client_by(&owner).await;
    let trajectory = app.trajectory(&owner, &client, "IPS").await;
    // A practitioner of another GGZ institution: GGZ data needs no consent for a GGZ role,
    // so the trajectory and its vocational profile are readable as for any member ...
    let practitioner = app.user("PRACTITIONER", &app.org("GGZ").await).await;
    break_glass(&app, &practitioner, &client, &json!({ "reason": REASON }))
        .await
        .assert_status(201);
    app.get(
        &format!("/v1/trajectories/{trajectory}"),
        &practitioner.access,
    )
    .await
    .assert_status(200);
    app.get(
        &format!("/v1/trajectories/{trajectory}/vocational-profile"),
        &practitioner.access,
    )
    .await
    .assert_status(200);
    // ... but what the matrix never gives a practitioner stays closed, and writes follow it.
    app.get(
        &format!("/v1/clients/{client}/benefits"),
        &practitioner.access,
    )
    .await
    .assert_problem(403, "forbidden");
    let patch = app
        .patch(
            &format!("/v1/clients/{client}"),
            &practitioner.access,
            "\"1\"",
            &json!({ "familyName": "Jansen" }),
        )
        .await;
    patch.assert_problem(403, "forbidden");

    // A W&I member reads GGZ data only with consent, emergency or not: the W&I role cannot
    // break the glass, and as a member it still meets the consent gate.
    let uwv = app.org("UWV").await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    break_glass(&app, &expert, &client, &json!({ "reason": REASON }))
        .await
        .assert_problem(403, "forbidden");
    app.add_member(&owner, &client, &expert).await;
    app.get(
        &format!("/v1/trajectories/{trajectory}/vocational-profile"),
        &expert.access,
    )
    .await
    .assert_problem(403, "consent_required");
}

#[tokio::test]
async fn the_auditor_reviews_the_grants_of_its_organisation() {
    let app = TestApp::spawn().await;
    let registrar = app.org("GGZ").await;
    let owner = app.user("EMPLOYMENT_SPECIALIST", &registrar).await;
    let first = app.client_by(&owner).await;
    let second = app.client_by(&owner).await;
    let elsewhere = app.org("GGZ").await;
    let breaker = app.user("PRACTITIONER", &elsewhere).await;
    let mut grants = Vec::new();
    for client in [&first, &second] {
        let response = break_glass(&app, &breaker, client, &json!({ "reason": REASON })).await;
        response.assert_status(201);
        grants.push(response.json()["id"].as_str().unwrap().to_owned());
    }
    let unrelated = app.org("GGZ").await;
    let auditors = [
        // The organisation that registered the clients.
        (app.user("AUDITOR", &registrar).await, true),
        // The professional's own organisation.
        (app.user("AUDITOR", &elsewhere).await, true),
        (app.user("AUDITOR", &unrelated).await, false),
    ];
    for (auditor, sees) in &auditors {
        let seq = last_seq(&app);
        let page = app
            .get("/v1/emergency-accesses?limit=1", &auditor.access)
            .await;
        page.assert_status(200);
        let event = only_event(&app, seq);
        assert_eq!(event.event_type, "AUDIT_READ");
        assert_eq!(event.outcome, "SUCCESS");
        assert_eq!(event.operation.as_deref(), Some("list_emergency_accesses"));
        assert_eq!(grant_of(&event), None, "reviewing uses no grant");
        let body = page.json();
        let single = app
            .get(
                &format!("/v1/emergency-accesses/{}", grants[1]),
                &auditor.access,
            )
            .await;
        if *sees {
            assert_eq!(body["items"][0]["id"], grants[0]);
            assert_eq!(body["items"][0]["reason"], REASON);
            assert_eq!(body["items"][0]["clientId"], first);
            assert_eq!(event.client_ids, first, "the client listed is named");
            let cursor = body["nextCursor"].as_str().unwrap();
            assert!(page.header("link").unwrap().contains("rel=\"next\""));
            let next = app
                .get(
                    &format!("/v1/emergency-accesses?limit=1&cursor={cursor}"),
                    &auditor.access,
                )
                .await;
            next.assert_status(200);
            assert_eq!(next.json()["items"][0]["id"], grants[1]);
            assert_eq!(next.json()["nextCursor"], Value::Null);
            single.assert_status(200);
            assert_eq!(single.json()["clientId"], second);
        } else {
            assert_eq!(body["items"], json!([]));
            assert!(event.client_ids.is_empty());
            single.assert_problem(404, "not_found");
        }
    }
    // A cursor is the caller's own.
    let cursor = auditors[0].0.clone();
    let page = app
        .get("/v1/emergency-accesses?limit=1", &cursor.access)
        .await;
    let next = page.json()["nextCursor"].as_str().unwrap().to_owned();
    app.get(
        &format!("/v1/emergency-accesses?limit=1&cursor={next}"),
        &auditors[1].0.access,
    )
    .await
    .assert_problem(400, "invalid_input");

    // Nobody else lists them; a professional reads only their own.
    for role in ["EMPLOYMENT_SPECIALIST", "PRACTITIONER", "ORG_ADMIN"] {
        let user = app.user(role, &registrar).await;
        app.get("/v1/emergency-accesses", &user.access)
            .await
            .assert_problem(403, "forbidden");
        let single = app
            .get(
                &format!("/v1/emergency-accesses/{}", grants[0]),
                &user.access,
            )
            .await;
        if role == "ORG_ADMIN" {
            single.assert_problem(403, "forbidden");
        } else {
            single.assert_problem(404, "not_found");
        }
    }
    app.get("/v1/emergency-accesses", &breaker.access)
        .await
        .assert_problem(403, "forbidden");
    app.get("/v1/emergency-accesses", &app.admin.access)
        .await
        .assert_problem(403, "forbidden");
    let uwv_auditor = app.user("AUDITOR", &app.org("UWV").await).await;
    let page = app.get("/v1/emergency-accesses", &uwv_auditor.access).await;
    assert_eq!(page.json()["items"], json!([]));

    // A grant is never changed, not even behind the application's back.
    let changed = app.state.pool.with_conn(|conn| {
        use diesel::connection::SimpleConnection;
        Ok(conn.batch_execute("UPDATE emergency_accesses SET reason = 'anders verteld'")?)
    });
    assert!(changed.is_err(), "a grant was changed");
}
