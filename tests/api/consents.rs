//! Consents: the Wgbo gate opened by a consent in force and closed by withdrawal and
//! expiry, the rules about parties, and who may see and record consents.

use reqwest::Method;
use serde_json::json;

use crate::support::{TestApp, TestUser};

struct Team {
    app: TestApp,
    ggz: String,
    uwv: String,
    es: TestUser,
    expert: TestUser,
    client: String,
}

async fn team() -> Team {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let uwv = app.org("UWV").await;
    let es = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    let client = app.client_by(&es).await;
    app.add_member(&es, &client, &expert).await;
    Team {
        app,
        ggz,
        uwv,
        es,
        expert,
        client,
    }
}

#[tokio::test]
async fn a_consent_opens_ggz_data_and_its_withdrawal_closes_it_at_once() {
    let t = team().await;
    let app = &t.app;
    let path = format!("/v1/clients/{}", t.client);
    app.get(&path, &t.expert.access)
        .await
        .assert_problem(403, "consent_required");
    assert_eq!(
        app.get("/v1/clients", &t.expert.access).await.json()["items"],
        json!([])
    );

    let consent = app.consent(&t.es, &t.client, &t.uwv, &["IDENTITY"]).await;
    let read = app.get(&path, &t.expert.access).await;
    read.assert_status(200);
    assert!(
        read.json().get("employerDisclosure").is_none(),
        "VOCATIONAL_PROFILE not covered"
    );
    assert_eq!(
        app.get("/v1/clients", &t.expert.access).await.json()["items"][0]["id"],
        t.client.as_str()
    );
    // The recipient sees the consent it was given; the GGZ professional sees all.
    let seen = app
        .get(&format!("{path}/consents/{consent}"), &t.expert.access)
        .await;
    seen.assert_status(200);
    assert_eq!(seen.json()["state"], "IN_FORCE");
    assert_eq!(seen.json()["dataCategories"], json!(["IDENTITY"]));

    let withdrawal = format!("{path}/consents/{consent}/withdrawal");
    let body = json!({ "withdrawnVia": "ORAL_RECORDED", "reason": "Wil het niet meer." });
    app.post(&withdrawal, Some(&t.es.access), &body)
        .await
        .assert_problem(428, "if_match_required");
    app.with_if_match(Method::POST, &withdrawal, &t.es.access, "\"7\"", &body)
        .await
        .assert_problem(412, "etag_mismatch");
    // The recipient may not withdraw on the client's behalf; the matrix gives it to GGZ.
    app.with_if_match(Method::POST, &withdrawal, &t.expert.access, "\"1\"", &body)
        .await
        .assert_problem(403, "forbidden");
    let withdrawn = app
        .with_if_match(Method::POST, &withdrawal, &t.es.access, "\"1\"", &body)
        .await;
    withdrawn.assert_status(200);
    assert_eq!(withdrawn.json()["state"], "WITHDRAWN");
    assert_eq!(withdrawn.header("etag"), Some("\"2\""));
    assert_eq!(
        withdrawn.header("content-location"),
        Some(format!("/v1/clients/{}/consents/{consent}", t.client).as_str())
    );
    app.get(&path, &t.expert.access)
        .await
        .assert_problem(403, "consent_required");
    assert_eq!(
        app.get("/v1/clients", &t.expert.access).await.json()["items"],
        json!([])
    );
    app.with_if_match(Method::POST, &withdrawal, &t.es.access, "\"2\"", &body)
        .await
        .assert_problem(409, "invalid_transition");
}

#[tokio::test]
async fn only_a_consent_in_force_for_this_recipient_and_category_opens_anything() {
    let t = team().await;
    let app = &t.app;
    let path = format!("/v1/clients/{}", t.client);
    let other_uwv = app.org("UWV").await;
    let consent = |extra: serde_json::Value| {
        let mut body = json!({
            "kind": "SHARE_GGZ_TO_WI", "fromOrganisationId": t.ggz, "toOrganisationId": t.uwv,
            "dataCategories": ["IDENTITY"], "purpose": "IPS_TRAJECTORY", "method": "DIGITAL"
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        app.consent_with(&t.es, &t.client, body)
    };
    // Expired yesterday, a later one not yet in force, another category, another recipient.
    consent(json!({ "grantedDate": "2025-01-01", "validUntilDate": "2025-12-31" })).await;
    consent(json!({ "dataCategories": ["PLACEMENTS"] })).await;
    consent(json!({ "toOrganisationId": other_uwv })).await;
    let listed = app
        .get(&format!("{path}/consents"), &t.es.access)
        .await
        .json();
    let states: Vec<_> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(states, ["EXPIRED", "IN_FORCE", "IN_FORCE"]);
    app.get(&path, &t.expert.access)
        .await
        .assert_problem(403, "consent_required");
    // The expert lists only the consents its organisation is party to.
    let its = app
        .get(&format!("{path}/consents"), &t.expert.access)
        .await
        .json();
    assert_eq!(its["items"].as_array().unwrap().len(), 2);
    // A consent to the expert's role opens it too.
    consent(json!({ "toOrganisationId": null, "toRole": "UWV_LABOUR_EXPERT" })).await;
    app.get(&path, &t.expert.access).await.assert_status(200);
}

#[tokio::test]
async fn the_parties_must_fit_the_kind_of_consent() {
    let t = team().await;
    let app = &t.app;
    let other_ggz = app.org("GGZ").await;
    let municipality = app.org("MUNICIPALITY").await;
    let path = format!("/v1/clients/{}/consents", t.client);
    let base = json!({
        "kind": "SHARE_GGZ_TO_WI", "fromOrganisationId": t.ggz, "toOrganisationId": t.uwv,
        "dataCategories": ["PLACEMENTS"], "purpose": "IPS_TRAJECTORY", "method": "WRITTEN"
    });
    let with = |k: &str, v: serde_json::Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (body, field) in [
        (
            with("fromOrganisationId", json!(other_ggz)),
            "fromOrganisationId",
        ),
        (
            with("fromOrganisationId", json!(municipality)),
            "fromOrganisationId",
        ),
        (
            with("toOrganisationId", json!(other_ggz)),
            "toOrganisationId",
        ),
        (with("toOrganisationId", json!(t.ggz)), "toOrganisationId"),
    ] {
        let problem = app
            .post(&path, Some(&t.es.access), &body)
            .await
            .assert_problem(400, "invalid_input");
        assert_eq!(problem["invalidParams"][0]["name"], field, "{problem}");
    }
    let everything_wrong = app
        .post(
            &path,
            Some(&t.es.access),
            &json!({
                "kind": "SHARE_ALL", "toOrganisationId": t.uwv, "toRole": "PRACTITIONER",
                "dataCategories": ["PLACEMENTS", "PLACEMENTS", "AUDIT_LOG"], "purpose": "OTHER",
                "grantedDate": "2999-01-01", "method": "TELEPATHY"
            }),
        )
        .await;
    let problem = everything_wrong.assert_problem(400, "invalid_input");
    let names: Vec<_> = problem["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    for expected in [
        "kind",
        "fromOrganisationId",
        "toOrganisationId",
        "dataCategories[1]",
        "dataCategories[2]",
        "purposeText",
        "grantedDate",
        "method",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert_eq!(
        app.get(&path, &t.es.access).await.json()["items"],
        json!([]),
        "nothing stored"
    );
    // Only the employment specialist records consents; the practitioner reads them.
    let practitioner = app.user("PRACTITIONER", &t.ggz).await;
    app.add_member(&t.es, &t.client, &practitioner).await;
    app.post(&path, Some(&practitioner.access), &base)
        .await
        .assert_problem(403, "forbidden");
    app.consent(&t.es, &t.client, &t.uwv, &["PLACEMENTS"]).await;
    assert_eq!(
        app.get(&path, &practitioner.access).await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_consent_for_a_trajectory_ends_with_it_and_wabz_intake_needs_one() {
    let t = team().await;
    let app = &t.app;
    let wabz = app.trajectory(&t.es, &t.client, "WABZ").await;
    let intake = json!({ "toStatus": "JOINT_INTAKE" });
    let refused = app.transition(&t.es, &wabz, intake.clone()).await;
    assert_eq!(
        refused.assert_problem(409, "transition_guard_failed")["guard"],
        "GGZ_TO_WI_CONSENT_IN_FORCE"
    );
    // Covering only one of the configured categories is not enough.
    app.consent(&t.es, &t.client, &t.uwv, &["TRAJECTORY_STATUS"])
        .await;
    app.transition(&t.es, &wabz, intake.clone())
        .await
        .assert_problem(409, "transition_guard_failed");
    let consent = app
        .consent_with(
            &t.es,
            &t.client,
            json!({
                "kind": "SHARE_GGZ_TO_WI", "fromOrganisationId": t.ggz, "toOrganisationId": t.uwv,
                "dataCategories": ["TRAJECTORY_STATUS", "FUNCTIONAL_ADVICE"],
                "purpose": "WABZ_TRAJECTORY", "method": "WRITTEN", "trajectoryId": wabz
            }),
        )
        .await;
    app.transition(&t.es, &wabz, intake)
        .await
        .assert_status(200);
    // The expert now follows the trajectory; when it ends, so does the consent.
    let path = format!("/v1/trajectories/{wabz}");
    app.get(&path, &t.expert.access).await.assert_status(200);
    app.transition(
        &t.es,
        &wabz,
        json!({ "toStatus": "ENDED_EARLY", "endReason": "HEALTH" }),
    )
    .await
    .assert_status(200);
    let ended = app
        .get(
            &format!("/v1/clients/{}/consents/{consent}", t.client),
            &t.es.access,
        )
        .await
        .json();
    assert_eq!(ended["validUntilDate"], ended["grantedDate"]);
}
