//! Who may read, change and decide on a financing record, and what an outsider learns.

use reqwest::Method;
use serde_json::{Value, json};

use super::{etag, ggz_case, history, id, municipal};
use crate::support::TestApp;

#[tokio::test]
async fn the_financier_decides_and_only_the_financier() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let financier = app.org("MUNICIPALITY").await;
    let elsewhere = app.org("MUNICIPALITY").await;
    let manager = app.user("MUNICIPAL_CASE_MANAGER", &financier).await;
    let other_manager = app.user("MUNICIPAL_CASE_MANAGER", &elsewhere).await;
    let practitioner = app.user("PRACTITIONER", &case.ggz).await;
    for member in [&manager, &other_manager, &practitioner] {
        app.add_member(&case.es, &case.client, member).await;
    }
    let (f, first) = app
        .financing(&case.es, &case.trajectory, municipal(&financier))
        .await;
    let fid = id(&f);
    let path = format!("{}/{fid}", TestApp::financings_path(&case.trajectory));
    let applied = app
        .financing_transition(
            &case.es,
            &case.trajectory,
            &fid,
            &first,
            json!({ "toStatus": "APPLIED", "date": "2026-01-10" }),
        )
        .await;
    applied.assert_status(200);
    let version = etag(&applied);
    let grant = json!({ "toStatus": "GRANTED", "date": "2026-01-20" });

    // The practitioner reads, but neither changes nor decides.
    let read = app.get(&path, &practitioner.access).await;
    read.assert_status(200);
    assert_eq!(read.json()["status"], "APPLIED");
    app.patch(
        &path,
        &practitioner.access,
        &version,
        &json!({ "amountCents": 1 }),
    )
    .await
    .assert_problem(403, "forbidden");
    app.financing_transition(
        &practitioner,
        &case.trajectory,
        &fid,
        &version,
        grant.clone(),
    )
    .await
    .assert_problem(403, "forbidden");
    // Another municipality's case manager on the same care team: not the financier, and the
    // record is the GGZ institution's.
    app.financing_transition(
        &other_manager,
        &case.trajectory,
        &fid,
        &version,
        grant.clone(),
    )
    .await
    .assert_problem(403, "consent_required");
    // The financier's case manager decides, but changes nothing else of the GGZ record.
    app.patch(
        &path,
        &manager.access,
        &version,
        &json!({ "amountCents": 1 }),
    )
    .await
    .assert_problem(403, "consent_required");
    let granted = app
        .financing_transition(&manager, &case.trajectory, &fid, &version, grant)
        .await;
    granted.assert_status(200);
    assert_eq!(granted.json()["status"], "GRANTED");
    assert_eq!(granted.json()["decisionDate"], "2026-01-20");
    // Only the decisions: the final steps are not the financier's to make here.
    let running = app
        .financing_transition(
            &manager,
            &case.trajectory,
            &fid,
            &etag(&granted),
            json!({ "toStatus": "RUNNING", "date": "2026-02-01" }),
        )
        .await;
    running.assert_status(200);
    app.financing_transition(
        &manager,
        &case.trajectory,
        &fid,
        &etag(&running),
        json!({ "toStatus": "ENDED", "date": "2026-02-02" }),
    )
    .await
    .assert_problem(403, "consent_required");
    // Deciding does not open the GGZ record for reading: that still takes the client's
    // consent.
    app.get(&path, &manager.access)
        .await
        .assert_problem(403, "consent_required");
    let steps: Vec<_> = history(&app, &case.es, &case, &fid)
        .await
        .iter()
        .map(|t| (t["toStatus"].clone(), t["actorUserId"].clone()))
        .collect();
    assert_eq!(steps[2], (json!("GRANTED"), json!(manager.id)));
    assert_eq!(steps.len(), 4);
}

#[tokio::test]
async fn outside_the_care_team_a_financing_looks_exactly_like_none() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let colleague = app.user("EMPLOYMENT_SPECIALIST", &case.ggz).await;
    let (f, _) = app
        .financing(
            &case.es,
            &case.trajectory,
            json!({ "scheme": "IPS_CMD_2019", "financier": "UWV" }),
        )
        .await;
    let fid = id(&f);
    let missing = uuid::Uuid::now_v7().to_string();
    let request_id = uuid::Uuid::now_v7().to_string();
    let send = |method: Method, path: String, body: Value| {
        let mut request = app
            .client
            .request(method.clone(), format!("{}{path}", app.base))
            .bearer_auth(&colleague.access)
            .header("X-Request-Id", &request_id)
            .header("If-Match", "\"1\"");
        if method != Method::GET {
            request = request.json(&body);
        }
        app.send(request)
    };
    let t = &case.trajectory;
    let one = |f: &str| format!("/v1/trajectories/{t}/financings/{f}");
    let moves = |f: &str| format!("/v1/trajectories/{t}/financings/{f}/transitions");
    let all = |t: &str| format!("/v1/trajectories/{t}/financings");
    let apply = json!({ "toStatus": "APPLIED" });
    let record = json!({ "scheme": "IPS_CMD_2019", "financier": "UWV" });
    let pairs = [
        (Method::GET, one(&fid), one(&missing), Value::Null),
        (
            Method::PATCH,
            one(&fid),
            one(&missing),
            json!({ "amountCents": 1 }),
        ),
        (Method::GET, moves(&fid), moves(&missing), Value::Null),
        (Method::POST, moves(&fid), moves(&missing), apply),
        (Method::GET, all(t), all(&missing), Value::Null),
        (Method::POST, all(t), all(&missing), record),
    ];
    for (method, hidden, absent, body) in pairs {
        let label = format!("{method} {hidden}");
        let hidden = send(method.clone(), hidden, body.clone()).await;
        let absent = send(method, absent, body).await;
        hidden.assert_problem(404, "not_found");
        assert_eq!(hidden.text, absent.text, "{label}");
    }
    // A financing is reached only under its own trajectory.
    let other = app.trajectory(&case.es, &case.client, "JOBCOACHING").await;
    app.get(
        &format!("/v1/trajectories/{other}/financings/{fid}"),
        &case.es.access,
    )
    .await
    .assert_problem(404, "not_found");
    app.get(
        &format!("/v1/trajectories/{other}/financings/{fid}/transitions"),
        &case.es.access,
    )
    .await
    .assert_problem(404, "not_found");
    // Nothing happened to it.
    assert_eq!(history(&app, &case.es, &case, &fid).await.len(), 1);
}

#[tokio::test]
async fn uwv_on_the_care_team_of_a_ggz_trajectory_needs_the_clients_consent() {
    let app = TestApp::spawn().await;
    let case = ggz_case(&app).await;
    let uwv = app.org("UWV").await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    app.add_member(&case.es, &case.client, &expert).await;
    let (f, _) = app
        .financing(
            &case.es,
            &case.trajectory,
            json!({ "scheme": "IPS_CMD_2019", "financier": "UWV" }),
        )
        .await;
    let fid = id(&f);
    let collection = TestApp::financings_path(&case.trajectory);
    app.get(&format!("{collection}/{fid}"), &expert.access)
        .await
        .assert_problem(403, "consent_required");
    // Lists leave out what needs consent.
    let listed = app.get(&collection, &expert.access).await;
    listed.assert_status(200);
    assert_eq!(listed.json()["items"], json!([]));
    let transitions = app
        .get(&format!("{collection}/{fid}/transitions"), &expert.access)
        .await;
    transitions.assert_status(200);
    assert_eq!(transitions.json()["items"], json!([]));
    // Nor can UWV attach a financing to a trajectory it may not read.
    app.post(
        &collection,
        Some(&expert.access),
        &json!({ "scheme": "IPS_CMD_2019", "financier": "UWV", "financierOrganisationId": uwv }),
    )
    .await
    .assert_problem(403, "consent_required");
    // Roles without trajectory data are refused outright.
    let wsp = app.org("WSP").await;
    let account_manager = app.user("WSP_ACCOUNT_MANAGER", &wsp).await;
    app.add_member(&case.es, &case.client, &account_manager)
        .await;
    app.get(&collection, &account_manager.access)
        .await
        .assert_problem(403, "forbidden");
    app.get(&format!("{collection}/{fid}"), &account_manager.access)
        .await
        .assert_problem(403, "forbidden");
}
