//! The client's AVG rights over HTTP and on the command line: the art. 15 export holds every
//! section the caller may read and nothing else, and is logged; erasure is refused while a
//! legal hold or the retention period keeps the file, and otherwise leaves only the
//! tombstone and the untouched log; the retention job erases exactly the expired, unheld
//! files, and its dry run changes nothing.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};
use werkpad::db::audit::{self, EventRow};
use werkpad::db::schema;
use werkpad::db::{Id, UtcTime};

use crate::authz_walk::{World, world, world_with};
use crate::support::{TestApp, TestResponse, TestUser};

fn id(raw: &str) -> Id {
    Id(raw.parse().unwrap())
}

/// Every event that names `client`, in chain order.
fn naming(app: &TestApp, client: &str) -> Vec<EventRow> {
    app.state
        .pool
        .with_conn(|conn| Ok(audit::from_seq(conn, 1, i64::MAX)?))
        .unwrap()
        .into_iter()
        .filter(|e| e.client_ids.split(',').any(|c| c == client))
        .collect()
}

fn last_event(app: &TestApp) -> EventRow {
    app.state
        .pool
        .with_conn(|conn| {
            let (seq, _) = audit::head(conn)?;
            Ok(audit::from_seq(conn, seq, 1)?)
        })
        .unwrap()
        .pop()
        .unwrap()
}

/// Rows of the client's in every table that holds client data, by table.
fn rows_of(app: &TestApp, client: &str) -> Vec<(&'static str, i64)> {
    let c = id(client);
    app.state
        .pool
        .with_conn(|conn| {
            macro_rules! count {
                ($table:ident, $column:ident) => {
                    (
                        stringify!($table),
                        schema::$table::table
                            .filter(schema::$table::$column.eq(c))
                            .count()
                            .get_result::<i64>(conn)?,
                    )
                };
            }
            Ok(vec![
                count!(clients, id),
                count!(care_team_members, client_id),
                count!(emergency_accesses, client_id),
                count!(consents, client_id),
                count!(benefits, client_id),
                count!(trajectories, client_id),
                count!(trajectory_transitions, client_id),
                count!(financings, client_id),
                count!(financing_transitions, client_id),
                count!(vocational_profiles, client_id),
                count!(employer_contacts, client_id),
                count!(placements, client_id),
                count!(support_activities, client_id),
                count!(jobcoach_provisions, client_id),
                count!(jobcoach_provision_transitions, client_id),
                count!(journal_entries, client_id),
            ])
        })
        .unwrap()
}

async fn put_profile(w: &World) {
    let trajectory = &w.ids["trajectoryId"];
    w.app
        .with_if_match(
            Method::PUT,
            &format!("/v1/trajectories/{trajectory}/vocational-profile"),
            &w.owner.access,
            "\"0\"",
            &json!({
                "preferredJobs": ["Kok"], "desiredHoursPerWeek": 24,
                "workRelevantAdvice": "Een rustige werkplek helpt."
            }),
        )
        .await
        .assert_status(200);
}

async fn export(app: &TestApp, user: &TestUser, client: &str) -> TestResponse {
    app.get(&format!("/v1/clients/{client}/export"), &user.access)
        .await
}

fn len(body: &Value, section: &str) -> usize {
    body[section]
        .as_array()
        .unwrap_or_else(|| panic!("{section} missing: {body}"))
        .len()
}

#[tokio::test]
async fn the_export_holds_every_section_and_is_logged_as_export() {
    let w = world().await;
    put_profile(&w).await;
    let client = w.ids["clientId"].clone();
    let response = export(&w.app, &w.owner, &client).await;
    response.assert_status(200);
    assert!(
        response
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment") && d.contains(&client)),
        "{:?}",
        response.headers
    );
    let body = response.json();
    assert_eq!(body["client"]["id"], client);
    assert!(
        body["client"]["familyName"]
            .as_str()
            .unwrap()
            .starts_with("Walk")
    );
    // The IPS worker of the registering GGZ institution may read the BSN.
    assert_eq!(body["bsn"], "123456782");
    // The owner, the UWV labour expert, and the colleague who broke the glass.
    assert_eq!(len(&body, "careTeam"), 3);
    assert_eq!(len(&body, "consents"), 1);
    assert_eq!(len(&body, "benefits"), 1);
    assert_eq!(len(&body, "trajectories"), 1);
    assert_eq!(
        body["trajectories"][0]["trajectory"]["id"],
        w.ids["trajectoryId"]
    );
    assert!(len(&body["trajectories"][0], "transitions") >= 1);
    assert_eq!(len(&body, "financings"), 1);
    assert_eq!(
        body["financings"][0]["financing"]["id"],
        w.ids["financingId"]
    );
    assert!(len(&body["financings"][0], "transitions") >= 1);
    assert_eq!(len(&body, "vocationalProfiles"), 1);
    assert_eq!(
        body["vocationalProfiles"][0]["workRelevantAdvice"],
        "Een rustige werkplek helpt."
    );
    assert_eq!(
        body["employerContacts"][0]["id"],
        w.ids["employerContactId"]
    );
    assert_eq!(body["placements"][0]["id"], w.ids["placementId"]);
    assert_eq!(body["supportActivities"][0]["id"], w.ids["activityId"]);
    assert_eq!(
        body["jobcoachProvisions"][0]["provision"]["id"],
        w.ids["provisionId"]
    );
    assert!(len(&body["jobcoachProvisions"][0], "transitions") >= 1);
    assert_eq!(body["journalEntries"][0]["text"], "Werkgever belde.");
    // The access overview: everything logged about the client so far, with who and what.
    // Every event before the export's own.
    let logged = naming(&w.app, &client);
    assert_eq!(len(&body, "accessLog"), logged.len() - 1);
    // Newest first, as the access-log endpoint gives it: the registration comes last.
    let first = body["accessLog"].as_array().unwrap().last().unwrap();
    assert_eq!(first["eventType"], "CREATE");
    assert_eq!(first["who"]["userId"], w.owner.id);
    assert_eq!(first["who"]["role"], "EMPLOYMENT_SPECIALIST");
    assert_eq!(first["who"]["organisationId"], w.owner.organisation_id);
    assert!(first["who"]["displayName"].is_string());
    assert!(
        body["accessLog"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["who"]["role"] == "UWV_LABOUR_EXPERT")
    );
    // One EXPORT event, naming the client and what the copy covered.
    let event = last_event(&w.app);
    assert_eq!(event.event_type, "EXPORT");
    assert_eq!(event.outcome, "SUCCESS");
    assert_eq!(event.operation.as_deref(), Some("get_client_export"));
    assert_eq!(event.client_ids, client);
    for category in [
        "IDENTITY",
        "BSN",
        "CONSENTS",
        "BENEFITS",
        "TRAJECTORY_STATUS",
        "VOCATIONAL_PROFILE",
        "FUNCTIONAL_ADVICE",
        "EMPLOYER_CONTACTS",
        "PLACEMENTS",
        "JOBCOACHING",
        "AUDIT_LOG",
    ] {
        assert!(
            event.data_categories.split(',').any(|c| c == category),
            "{category} not in {}",
            event.data_categories
        );
        assert!(
            body["dataCategories"]
                .as_array()
                .unwrap()
                .contains(&json!(category)),
            "{category}"
        );
    }
    assert!(
        !format!("{event:?}").contains("123456782"),
        "no BSN in the log"
    );
}

#[tokio::test]
async fn the_export_omits_what_the_role_and_the_consents_do_not_open() {
    let w = world().await;
    put_profile(&w).await;
    let client = w.ids["clientId"].clone();
    let (ggz, uwv) = (w.ids["ggz"].clone(), w.ids["uwv"].clone());
    // The labour expert (UWV) reads this GGZ client only with a SHARE_GGZ_TO_WI consent
    // covering IDENTITY: without it, the export answers as reading the client does.
    export(&w.app, &w.expert, &client)
        .await
        .assert_problem(403, "consent_required");
    w.app
        .consent(&w.owner, &client, &uwv, &["IDENTITY", "PLACEMENTS"])
        .await;
    let response = export(&w.app, &w.expert, &client).await;
    response.assert_status(200);
    let body = response.json();
    assert_eq!(body["client"]["id"], client);
    assert!(
        body.get("bsn").is_none(),
        "no consent covers the BSN: {body}"
    );
    // Sections the role may read but no consent opens are there, empty.
    assert_eq!(body["trajectories"], json!([]));
    assert_eq!(body["financings"], json!([]));
    assert_eq!(body["supportActivities"], json!([]));
    assert_eq!(body["vocationalProfiles"], json!([]));
    assert_eq!(body["employerContacts"], json!([]));
    // What the consent opens, and what UWV recorded itself, is there.
    assert_eq!(body["placements"][0]["id"], w.ids["placementId"]);
    assert_eq!(body["benefits"][0]["id"], w.ids["benefitId"]);
    assert_eq!(
        body["jobcoachProvisions"][0]["provision"]["id"],
        w.ids["provisionId"]
    );
    let text = body.to_string();
    assert!(!text.contains("123456782"));
    assert!(!text.contains("Een rustige werkplek"));

    // A practitioner may never read benefits or jobcoaching: those sections are left out.
    let practitioner = w.app.user("PRACTITIONER", &ggz).await;
    w.app.add_member(&w.owner, &client, &practitioner).await;
    let response = export(&w.app, &practitioner, &client).await;
    response.assert_status(200);
    let body = response.json();
    assert!(body.get("benefits").is_none(), "{body}");
    assert!(body.get("jobcoachProvisions").is_none(), "{body}");
    assert_eq!(body["bsn"], "123456782");
    assert_eq!(len(&body, "trajectories"), 1);
    assert_eq!(len(&body, "placements"), 1);
    let event = last_event(&w.app);
    assert_eq!(event.event_type, "EXPORT");
    assert!(
        !event.data_categories.contains("BENEFITS"),
        "{}",
        event.data_categories
    );

    // The assigned job coach reads no trajectory, yet gets the placement under it and its
    // own provision; what its role never reads is left out.
    let coach = w.app.user("JOB_COACH", &w.coach_org).await;
    w.app.add_member(&w.owner, &client, &coach).await;
    w.app
        .consent(&w.owner, &client, &w.coach_org, &["IDENTITY", "PLACEMENTS"])
        .await;
    let response = export(&w.app, &coach, &client).await;
    response.assert_status(200);
    let body = response.json();
    for absent in [
        "trajectories",
        "financings",
        "supportActivities",
        "benefits",
        "employerContacts",
        "bsn",
    ] {
        assert!(body.get(absent).is_none(), "{absent}: {body}");
    }
    assert_eq!(body["placements"][0]["id"], w.ids["placementId"]);
    assert_eq!(
        body["jobcoachProvisions"][0]["provision"]["id"],
        w.ids["provisionId"]
    );

    // Outside the care team nothing is there; roles without client content are refused.
    let outsider = w.app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let response = export(&w.app, &outsider, &client).await;
    response.assert_problem(404, "not_found");
    assert!(!response.text.contains("Walk"));
    let auditor = w.app.user("AUDITOR", &ggz).await;
    export(&w.app, &auditor, &client)
        .await
        .assert_problem(403, "forbidden");
}

async fn erasure(app: &TestApp, user: &TestUser, client: &str) -> TestResponse {
    app.post(
        &format!("/v1/clients/{client}/erasure"),
        Some(&user.access),
        &json!({ "reason": "DATA_SUBJECT_REQUEST" }),
    )
    .await
}

async fn set_hold(app: &TestApp, auditor: &TestUser, client: &str, hold: bool) -> TestResponse {
    let path = format!("/v1/clients/{client}/retention");
    let current = app.get(&path, &auditor.access).await;
    current.assert_status(200);
    let etag = current.header("etag").unwrap().to_owned();
    app.patch(&path, &auditor.access, &etag, &json!({ "legalHold": hold }))
        .await
}

#[tokio::test]
async fn erasure_is_refused_while_a_legal_hold_or_the_retention_period_keeps_the_file() {
    // GGZ files may go at once here, so that only the hold can keep this one.
    let w = world_with(|s| s.retention_ggz_wgbo = "0d".to_owned()).await;
    let app = &w.app;
    let client = w.ids["clientId"].clone();
    let auditor = app.user("AUDITOR", &w.ids["ggz"]).await;
    let before = rows_of(app, &client);

    set_hold(app, &auditor, &client, true)
        .await
        .assert_status(200);
    let held = app
        .get(&format!("/v1/clients/{client}/retention"), &auditor.access)
        .await
        .json();
    assert_eq!(held["legalHold"], true);
    assert_eq!(held["erasable"], false);
    let problem = erasure(app, &auditor, &client)
        .await
        .assert_problem(409, "erasure_refused");
    assert_eq!(problem["reason"], "legal_hold");
    assert!(problem.get("retentionEndDate").is_none());
    let event = last_event(app);
    assert_eq!(event.event_type, "DELETE");
    assert_eq!(event.outcome, "ERROR");
    assert_eq!(event.client_ids, client);
    assert_eq!(rows_of(app, &client), before, "nothing changed");
    app.get(&format!("/v1/clients/{client}"), &w.owner.access)
        .await
        .assert_status(200);

    // A UWV file keeps its ten years: refused with the day they end.
    let uwv = app.user("UWV_LABOUR_EXPERT", &w.ids["uwv"]).await;
    let uwv_client = app.client_by(&uwv).await;
    let uwv_auditor = app.user("AUDITOR", &w.ids["uwv"]).await;
    let problem = erasure(app, &uwv_auditor, &uwv_client)
        .await
        .assert_problem(409, "erasure_refused");
    assert_eq!(problem["reason"], "retention_period");
    let today = werkpad::domain::calendar::today();
    let ends = werkpad::domain::retention::Period::years(10).end(today);
    assert_eq!(problem["retentionEndDate"], ends.to_string());
    let state = app
        .get(
            &format!("/v1/clients/{uwv_client}/retention"),
            &uwv_auditor.access,
        )
        .await
        .json();
    assert_eq!(state["recordRegime"], "UWV");
    assert_eq!(state["retentionEndDate"], ends.to_string());
    assert_eq!(state["erasable"], false);
    app.get(&format!("/v1/clients/{uwv_client}"), &uwv.access)
        .await
        .assert_status(200);

    // Only the registering organisation's auditor: another's finds nothing, others may not.
    erasure(app, &uwv_auditor, &client)
        .await
        .assert_problem(404, "not_found");
    erasure(app, &w.owner, &client)
        .await
        .assert_problem(403, "forbidden");
    app.get(&format!("/v1/clients/{client}/retention"), &w.owner.access)
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(rows_of(app, &client), before, "still nothing changed");

    // Lifted, the hold no longer keeps it.
    let lifted = set_hold(app, &auditor, &client, false).await;
    lifted.assert_status(200);
    assert_eq!(lifted.json()["erasable"], true);
    erasure(app, &auditor, &client).await.assert_status(200);
}

#[tokio::test]
async fn an_allowed_erasure_leaves_only_the_tombstone_and_the_log() {
    let w = world_with(|s| s.retention_ggz_wgbo = "0d".to_owned()).await;
    put_profile(&w).await;
    let app = &w.app;
    let client = w.ids["clientId"].clone();
    let auditor = app.user("AUDITOR", &w.ids["ggz"]).await;
    let logged_before = naming(app, &client);
    assert!(rows_of(app, &client).iter().all(|(_, n)| *n > 0));

    let response = erasure(app, &auditor, &client).await;
    response.assert_status(200);
    let body = response.json();
    assert_eq!(body["clientId"], client);
    assert_eq!(body["reason"], "DATA_SUBJECT_REQUEST");
    assert_eq!(body["recordRegime"], "GGZ_WGBO");
    assert_eq!(body["regionCode"], "AM22");
    assert_eq!(body["trajectoriesKept"], 1);
    assert_eq!(body["placementsKept"], 1);
    assert!(!response.text.contains("Walk"));

    // Every record of the client is gone.
    for (table, n) in rows_of(app, &client) {
        assert_eq!(n, 0, "{table} still holds the client's rows");
    }
    // The tombstone keeps the id and the report facts, nothing personal.
    let (tombstone, trajectories, placements) = app
        .state
        .pool
        .with_conn(|conn| {
            use schema::{
                client_tombstones as ct, tombstone_placements as tp, tombstone_trajectories as tt,
            };
            let c = id(&client);
            let tombstone: (
                Id,
                UtcTime,
                String,
                String,
                String,
                Id,
                chrono::NaiveDate,
                chrono::NaiveDate,
            ) = ct::table
                .filter(ct::client_id.eq(c))
                .select(ct::all_columns)
                .first(conn)?;
            let trajectories: Vec<(
                Id,
                String,
                String,
                chrono::NaiveDate,
                Option<chrono::NaiveDate>,
            )> = tt::table
                .filter(tt::client_id.eq(c))
                .select((
                    tt::trajectory_id,
                    tt::trajectory_type,
                    tt::status,
                    tt::registration_date,
                    tt::end_date,
                ))
                .load(conn)?;
            let placements: Vec<(Id, String, chrono::NaiveDate, f64, bool, bool)> = tp::table
                .filter(tp::client_id.eq(c))
                .select((
                    tp::placement_id,
                    tp::work_type,
                    tp::start_date,
                    tp::contracted_hours_per_week,
                    tp::at_least_minimum_wage,
                    tp::wage_cost_subsidy,
                ))
                .load(conn)?;
            Ok((tombstone, trajectories, placements))
        })
        .unwrap();
    assert_eq!(tombstone.2, "DATA_SUBJECT_REQUEST");
    assert_eq!(tombstone.3, "GGZ_WGBO");
    assert_eq!(tombstone.5, id(&w.ids["ggz"]));
    assert_eq!(trajectories.len(), 1);
    assert_eq!(trajectories[0].0, id(&w.ids["trajectoryId"]));
    assert_eq!(trajectories[0].1, "IPS");
    assert_eq!(placements.len(), 1);
    assert_eq!(placements[0].0, id(&w.ids["placementId"]));
    assert_eq!(placements[0].1, "REGULAR_PAID");
    assert!((placements[0].3 - 24.0).abs() < f64::EPSILON);

    // The log is untouched and gained the erasure, naming the client by its id.
    let logged_after = naming(app, &client);
    assert_eq!(logged_after.len(), logged_before.len() + 1);
    assert_eq!(
        logged_after[..logged_before.len()]
            .iter()
            .map(|e| (&e.id, &e.hash))
            .collect::<Vec<_>>(),
        logged_before
            .iter()
            .map(|e| (&e.id, &e.hash))
            .collect::<Vec<_>>()
    );
    let event = logged_after.last().unwrap();
    assert_eq!(event.event_type, "DELETE");
    assert_eq!(event.outcome, "SUCCESS");
    assert_eq!(event.operation.as_deref(), Some("create_client_erasure"));
    assert_eq!(
        event.actor_user_id.map(|i| i.0.to_string()),
        Some(auditor.id.clone())
    );
    assert_eq!(event.rules, "auditor_of_registering_organisation");

    // Gone for everyone, like an id that never existed.
    for (user, path) in [
        (&w.owner, format!("/v1/clients/{client}")),
        (&w.owner, format!("/v1/clients/{client}/export")),
        (
            &w.owner,
            format!("/v1/trajectories/{}", w.ids["trajectoryId"]),
        ),
        (&w.expert, format!("/v1/clients/{client}")),
        (&auditor, format!("/v1/clients/{client}/retention")),
    ] {
        app.get(&path, &user.access)
            .await
            .assert_problem(404, "not_found");
    }
    erasure(app, &auditor, &client)
        .await
        .assert_problem(404, "not_found");
    let list = app.get("/v1/clients", &w.owner.access).await.json();
    assert_eq!(list["items"], json!([]));
}

fn werkpad_cli(app: &TestApp, envs: &[(&str, &str)], args: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_werkpad"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("WERKPAD_DATABASE_URL", app.settings.database_url.expose())
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn login_failures(app: &TestApp) -> i64 {
    app.state
        .pool
        .with_conn(|conn| {
            Ok(schema::login_failures::table
                .count()
                .get_result::<i64>(conn)?)
        })
        .unwrap()
}

#[tokio::test]
async fn the_retention_job_erases_exactly_the_expired_unheld_files() {
    let app = TestApp::spawn().await;
    let ggz = app.org("GGZ").await;
    let municipality = app.org("MUNICIPALITY").await;
    let specialist = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let manager = app.user("MUNICIPAL_CASE_MANAGER", &municipality).await;
    let auditor = app.user("AUDITOR", &municipality).await;
    let kept_ggz = app.client_by(&specialist).await;
    let held = app.client_by(&manager).await;
    let expired = app.client_by(&manager).await;
    set_hold(&app, &auditor, &held, true)
        .await
        .assert_status(200);
    app.login(&specialist.email, "not the password")
        .await
        .assert_status(401);
    assert!(login_failures(&app) >= 1);
    let failures = login_failures(&app);
    // Municipal files expire at once; GGZ files keep their twenty years; the sign-in
    // failures are all outside a zero window.
    let envs = [
        ("WERKPAD_RETENTION_MUNICIPAL_SOCIAL_DOMAIN", "0d"),
        ("WERKPAD_LOGIN_FAILURE_WINDOW", "0s"),
    ];
    let rows_before = rows_of(&app, &expired);
    let (ok, dry) = werkpad_cli(&app, &envs, &["retention", "run", "--dry-run"]);
    assert!(ok, "{dry}");
    assert!(dry.contains("dry run"), "{dry}");
    assert!(
        dry.contains(&format!("would erase {expired} (MUNICIPAL_SOCIAL_DOMAIN")),
        "{dry}"
    );
    assert!(!dry.contains(&held) && !dry.contains(&kept_ggz), "{dry}");
    assert!(
        dry.contains(&format!("{failures} would be forgotten")),
        "{dry}"
    );
    assert!(
        dry.lines()
            .any(|l| l.trim_start().starts_with("MUNICIPAL_SOCIAL_DOMAIN") && l.contains(" 1 ")),
        "{dry}"
    );
    // Nothing changed.
    assert_eq!(rows_of(&app, &expired), rows_before);
    assert_eq!(login_failures(&app), failures);
    app.get(&format!("/v1/clients/{expired}"), &manager.access)
        .await
        .assert_status(200);

    let (ok, run) = werkpad_cli(&app, &envs, &["retention", "run"]);
    assert!(ok, "{run}");
    assert!(
        run.contains(&format!("erased {expired} (MUNICIPAL_SOCIAL_DOMAIN")),
        "{run}"
    );
    assert!(!run.contains("would"), "{run}");
    assert!(!run.contains(&held) && !run.contains(&kept_ggz), "{run}");
    assert!(!run.contains("de Vries"), "no names in the output");
    app.get(&format!("/v1/clients/{expired}"), &manager.access)
        .await
        .assert_problem(404, "not_found");
    for (table, n) in rows_of(&app, &expired) {
        assert_eq!(n, 0, "{table}");
    }
    app.get(&format!("/v1/clients/{held}"), &manager.access)
        .await
        .assert_status(200);
    app.get(&format!("/v1/clients/{kept_ggz}"), &specialist.access)
        .await
        .assert_status(200);
    assert_eq!(login_failures(&app), 0);
    // Its own access-log event: no actor, the retention rule.
    let event = naming(&app, &expired).pop().unwrap();
    assert_eq!(event.event_type, "DELETE");
    assert_eq!(event.outcome, "SUCCESS");
    assert_eq!(event.actor_user_id, None);
    assert_eq!(event.rules, "retention_expired");
    assert_eq!(event.operation.as_deref(), Some("retention_run"));
    let tombstone: String = app
        .state
        .pool
        .with_conn(|conn| {
            Ok(schema::client_tombstones::table
                .filter(schema::client_tombstones::client_id.eq(id(&expired)))
                .select(schema::client_tombstones::reason)
                .first(conn)?)
        })
        .unwrap();
    assert_eq!(tombstone, "RETENTION_EXPIRED");

    // A second run finds nothing more to do.
    let (ok, again) = werkpad_cli(&app, &envs, &["retention", "run"]);
    assert!(ok, "{again}");
    assert!(!again.contains("erased "), "{again}");
}
