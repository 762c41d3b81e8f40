//! The demo seed: made through the API itself, it must give every demo login something real
//! to look at: trajectories in every status of every type, consents in force, expired and
//! withdrawn, and the records under them; and seeding twice changes nothing.

use std::collections::BTreeSet;

use serde_json::Value;
use werkpad::demo;

use crate::support::{TestApp, TestUser};

/// Every item of a list, following `nextCursor`.
async fn all(app: &TestApp, user: &TestUser, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next = path.to_owned();
    loop {
        let page = app.get(&next, &user.access).await;
        page.assert_status(200);
        let body = page.json();
        items.extend(body["items"].as_array().unwrap().iter().cloned());
        match body["nextCursor"].as_str() {
            Some(cursor) => {
                let glue = if path.contains('?') { '&' } else { '?' };
                next = format!("{path}{glue}cursor={cursor}");
            }
            None => return items,
        }
    }
}

#[tokio::test]
async fn every_status_of_every_type_and_every_consent_state_is_there() {
    let app = TestApp::spawn().await;
    let logins = demo::seed(&app.state).await.unwrap();
    assert_eq!(logins.len(), 11, "one login per role");
    let sign_in = |role: &str| {
        let email = format!("{}@demo.werkpad.nl", role.to_lowercase().replace('_', "-"));
        let app = &app;
        async move { app.sign_in(&email, demo::PASSWORD).await }
    };
    let es = sign_in("EMPLOYMENT_SPECIALIST").await;

    let types = app.get("/v1/trajectory-types", &es.access).await.json();
    let trajectories = all(&app, &es, "/v1/trajectories?limit=200").await;
    for kind in types["items"].as_array().unwrap() {
        let code = kind["type"].as_str().unwrap();
        let seen: BTreeSet<&str> = trajectories
            .iter()
            .filter(|t| t["type"] == code)
            .map(|t| t["status"].as_str().unwrap())
            .collect();
        let states: BTreeSet<&str> = kind["statuses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].as_str().unwrap())
            .collect();
        assert_eq!(seen, states, "{code}: statuses in the demo data");
    }
    assert!(
        trajectories
            .iter()
            .any(|t| t["previousTrajectoryId"].is_string()),
        "a reopened trajectory"
    );

    let uwv = sign_in("UWV_LABOUR_EXPERT").await;
    let clients = all(&app, &es, "/v1/clients?limit=200").await;
    let mut consent_states = BTreeSet::new();
    let mut shared_with_uwv = BTreeSet::new();
    for client in &clients {
        let id = client["id"].as_str().unwrap();
        for consent in all(&app, &es, &format!("/v1/clients/{id}/consents")).await {
            consent_states.insert(consent["state"].as_str().unwrap().to_owned());
            if consent["state"] == "IN_FORCE"
                && consent["toOrganisationId"] == uwv.organisation_id.as_str()
            {
                shared_with_uwv.insert(id.to_owned());
            }
        }
    }
    assert_eq!(
        consent_states,
        BTreeSet::from(["EXPIRED".into(), "IN_FORCE".into(), "WITHDRAWN".into()])
    );

    // UWV is on every care team, but sees only the clients whose consent is in force.
    let seen_by_uwv: BTreeSet<String> = all(&app, &uwv, "/v1/clients?limit=200")
        .await
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!seen_by_uwv.is_empty() && seen_by_uwv.len() < clients.len());
    assert_eq!(seen_by_uwv, shared_with_uwv);
    let coach = sign_in("JOB_COACH").await;
    let provisions = all(&app, &coach, "/v1/jobcoach-provisions").await;
    assert!(!provisions.is_empty(), "the job coach has provisions");
    assert!(
        provisions.iter().all(|p| p["status"] == "ACTIVE"),
        "{provisions:?}"
    );
    let contacts = all(&app, &es, "/v1/employer-contacts").await;
    assert!(contacts.iter().any(|c| c["clientSpecific"] == false));
    assert!(contacts.iter().any(|c| c["clientSpecific"] == true));

    // A second start finds the data and adds nothing.
    demo::seed(&app.state).await.unwrap();
    assert_eq!(
        all(&app, &es, "/v1/clients?limit=200").await.len(),
        clients.len()
    );
}
