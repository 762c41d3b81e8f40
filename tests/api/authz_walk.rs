//! Walks every client-data operation of the generated OpenAPI document and asserts that
//! nobody outside the client's care team, and no role that the matrix excludes, gets any
//! data: 404 outside reach (exactly like a missing record), 403 for a role that may never,
//! as each operation documents. A new client-data operation fails this test until it is
//! classified below, so none slips in unchecked.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{TestApp, TestResponse, TestUser};

/// What an operation touches (a data category, or CARE_TEAM / JOURNAL for the rules of
/// their own), whether it writes, and a body that would be valid for the client's own IPS
/// worker, so that only authorization can refuse it.
pub(crate) struct Op {
    pub(crate) category: &'static str,
    pub(crate) writes: bool,
    pub(crate) body: Option<Value>,
}

/// Path prefixes under which everything is client data (the emergency-access grants name
/// clients and why their files were opened).
const CLIENT_DATA: [&str; 5] = [
    "/clients",
    "/trajectories",
    "/jobcoach-provisions",
    "/employer-contacts",
    "/emergency-accesses",
];

/// For the outsider: lists and searches answer 200 without the world's records; creates
/// that name the client's record in the body answer 400 `unknown_reference`.
const LISTS: [&str; 4] = [
    "list_clients",
    "search_clients",
    "list_trajectories",
    "list_jobcoach_provisions",
];
const BODY_REFERENCES: [&str; 3] = [
    "create_trajectory",
    "create_jobcoach_provision",
    "create_employer_contact",
];

pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) owner: TestUser,
    /// The UWV labour expert on the client's care team.
    pub(crate) expert: TestUser,
    spare: TestUser,
    pub(crate) coach_org: String,
    employer: String,
    pub(crate) ids: HashMap<&'static str, String>,
    family_name: String,
}

pub(crate) fn classify(operation: &str, w: &World) -> Op {
    let op = |category, writes, body: Option<Value>| Op {
        category,
        writes,
        body,
    };
    let read = |category| op(category, false, None);
    let id = |name: &str| w.ids[name].clone();
    match operation {
        "list_clients"
        | "get_client"
        | "list_care_team_members"
        | "get_care_team_member"
        // The export and the client's access overview: for whoever may read the client.
        | "get_client_export"
        | "list_client_access_log" => read("IDENTITY"),
        // The file's controller: the registering organisation's auditor only.
        "create_client_erasure" => op(
            "ERASURE",
            true,
            Some(json!({ "reason": "DATA_SUBJECT_REQUEST" })),
        ),
        "get_client_retention" => read("ERASURE"),
        "update_client_retention" => op("ERASURE", true, Some(json!({ "legalHold": true }))),
        "search_clients" => op(
            "IDENTITY",
            false,
            Some(json!({ "familyName": w.family_name, "birthDate": "1990-04-12" })),
        ),
        "update_client" => op("IDENTITY", true, Some(json!({ "familyName": "Jansen" }))),
        "create_client" => op(
            "IDENTITY",
            true,
            Some(
                json!({ "givenNames": "Kim", "familyName": "Bakker", "birthDate": "1988-02-03",
                         "municipalityCode": "GM0599", "regionCode": "AM22" }),
            ),
        ),
        "get_client_bsn" => read("BSN"),
        "update_client_bsn" => op("BSN", true, Some(json!({ "bsn": "111222333" }))),
        "create_care_team_member" => op(
            "CARE_TEAM",
            true,
            Some(json!({ "userId": w.spare.id, "teamRole": "OTHER" })),
        ),
        "update_care_team_member" => op("CARE_TEAM", true, Some(json!({ "reason": "Overleg" }))),
        "list_consents" | "get_consent" => read("CONSENTS"),
        "create_consent" => op(
            "CONSENTS",
            true,
            Some(json!({
                "kind": "SHARE_GGZ_TO_WI", "fromOrganisationId": w.owner.organisation_id,
                "toOrganisationId": id("uwv"), "dataCategories": ["PLACEMENTS"],
                "purpose": "IPS_TRAJECTORY", "method": "WRITTEN"
            })),
        ),
        "create_consent_withdrawal" => {
            op("CONSENTS", true, Some(json!({ "withdrawnVia": "WRITTEN" })))
        }
        "list_benefits" | "get_benefit" => read("BENEFITS"),
        "create_benefit" => op(
            "BENEFITS",
            true,
            Some(json!({ "benefitType": "WW", "startDate": "2026-01-01" })),
        ),
        "update_benefit" => op("BENEFITS", true, Some(json!({ "percentage": 80 }))),
        "list_journal_entries" => read("JOURNAL"),
        "create_journal_entry" => op(
            "PLACEMENTS",
            true,
            Some(json!({ "category": "PLACEMENTS", "text": "Gesprek over uren." })),
        ),
        "list_trajectories"
        | "get_trajectory"
        | "list_trajectory_transitions"
        | "list_support_activities"
        | "get_support_activity"
        | "list_financings"
        | "get_financing"
        | "list_financing_transitions" => read("TRAJECTORY_STATUS"),
        "create_trajectory" => op(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "clientId": id("clientId"), "type": "OTHER" })),
        ),
        "update_trajectory" => op(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "plannedEndDate": "2027-06-30" })),
        ),
        "create_trajectory_transition" => op(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "toStatus": "PAUSED", "reason": "Vakantie" })),
        ),
        "create_support_activity" => op(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "durationMinutes": 30, "kind": "JOB_SEARCH" })),
        ),
        "create_financing" => op(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "scheme": "IPS_MUNICIPAL_2023", "financier": "MUNICIPALITY" })),
        ),
        "update_financing" => op(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "maxDurationMonths": 24 })),
        ),
        "create_financing_transition" => op(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "toStatus": "APPLIED" })),
        ),
        "get_vocational_profile" => read("VOCATIONAL_PROFILE"),
        "put_vocational_profile" => op(
            "VOCATIONAL_PROFILE",
            true,
            Some(json!({ "preferredJobs": ["Kok"] })),
        ),
        // The journal entry read is one of the PLACEMENTS category.
        "list_placements" | "get_placement" | "get_journal_entry" => read("PLACEMENTS"),
        "create_placement" => op(
            "PLACEMENTS",
            true,
            Some(json!({
                "employerId": w.employer, "jobTitle": "Kok", "workType": "REGULAR_PAID",
                "startDate": "2026-02-01", "contractType": "PERMANENT",
                "contractedHoursPerWeek": 24, "startedBeforeRegistration": true
            })),
        ),
        "update_placement" => op("PLACEMENTS", true, Some(json!({ "jobTitle": "Chef-kok" }))),
        "list_employer_contacts" | "get_employer_contact" => read("EMPLOYER_CONTACTS"),
        "create_employer_contact" => op(
            "EMPLOYER_CONTACTS",
            true,
            Some(
                json!({ "trajectoryId": id("trajectoryId"), "employerId": w.employer,
                         "form": "PHONE", "outcome": "OTHER" }),
            ),
        ),
        "list_jobcoach_provisions"
        | "get_jobcoach_provision"
        | "list_jobcoach_provision_transitions" => read("JOBCOACHING"),
        "create_jobcoach_provision" => op(
            "JOBCOACHING",
            true,
            Some(json!({
                "placementId": id("placementId"), "financier": "UWV", "form": "EXTERNAL",
                "jobcoachOrganisationId": w.coach_org, "intensity": "LIGHT",
                "periodStartDate": "2026-03-01", "requestedHours": 40
            })),
        ),
        "update_jobcoach_provision" => {
            op("JOBCOACHING", true, Some(json!({ "intensity": "MEDIUM" })))
        }
        "create_jobcoach_provision_transition" => op(
            "JOBCOACHING",
            true,
            Some(json!({ "toStatus": "UNDER_REVIEW" })),
        ),
        "create_emergency_access" => op(
            "BREAK_GLASS",
            true,
            Some(json!({ "reason": "Cliënt in crisis, behandelaar afwezig." })),
        ),
        "list_emergency_accesses" => read("EMERGENCY_REVIEW"),
        "get_emergency_access" => read("EMERGENCY_ACCESS"),
        other => panic!("client-data operation {other} is not classified in authz_walk.rs"),
    }
}

/// Whether the matrix (domain.md §8.6, with this decisions) never lets `role` do
/// it, whatever the record, membership or consent.
fn excluded(role: &str, category: &str, writes: bool) -> bool {
    // Break-glass is for the GGZ care roles (every caller here works at an organisation of
    // the kind its role belongs to); the auditor reviews it, and a professional reads back
    // their own grant.
    let ggz_care = matches!(role, "EMPLOYMENT_SPECIALIST" | "PRACTITIONER");
    match category {
        "BREAK_GLASS" => return !ggz_care,
        // Reviewing emergency accesses; erasure and the legal hold (the auditor of the
        // registering organisation only).
        "EMERGENCY_REVIEW" | "ERASURE" => return role != "AUDITOR",
        "EMERGENCY_ACCESS" => return !(ggz_care || role == "AUDITOR"),
        _ => {}
    }
    let client_level = [
        "EMPLOYMENT_SPECIALIST",
        "PRACTITIONER",
        "UWV_LABOUR_EXPERT",
        "MUNICIPAL_CASE_MANAGER",
        "WSP_ACCOUNT_MANAGER",
        "JOB_COACH",
    ];
    if !client_level.contains(&role) {
        return true;
    }
    if category == "CARE_TEAM" {
        return matches!(role, "WSP_ACCOUNT_MANAGER" | "JOB_COACH");
    }
    if category == "JOURNAL" {
        return false;
    }
    let never_read: &[&str] = match role {
        "PRACTITIONER" => &["BENEFITS", "JOBCOACHING"],
        "WSP_ACCOUNT_MANAGER" => &[
            "BSN",
            "TARGET_GROUP_ATTESTATION",
            "FUNCTIONAL_ADVICE",
            "TRAJECTORY_STATUS",
            "BENEFITS",
            "JOBCOACHING",
        ],
        "JOB_COACH" => &[
            "BSN",
            "TARGET_GROUP_ATTESTATION",
            "VOCATIONAL_PROFILE",
            "TRAJECTORY_STATUS",
            "EMPLOYER_CONTACTS",
            "BENEFITS",
        ],
        _ => &[],
    };
    let writes_some: &[&str] = match role {
        "EMPLOYMENT_SPECIALIST" => &[
            "IDENTITY",
            "BSN",
            "TARGET_GROUP_ATTESTATION",
            "FUNCTIONAL_ADVICE",
            "VOCATIONAL_PROFILE",
            "TRAJECTORY_STATUS",
            "EMPLOYER_CONTACTS",
            "PLACEMENTS",
            "CONSENTS",
        ],
        "PRACTITIONER" => &["TARGET_GROUP_ATTESTATION", "FUNCTIONAL_ADVICE"],
        "UWV_LABOUR_EXPERT" | "MUNICIPAL_CASE_MANAGER" => &[
            "IDENTITY",
            "BSN",
            "TRAJECTORY_STATUS",
            "PLACEMENTS",
            "BENEFITS",
            "JOBCOACHING",
        ],
        "WSP_ACCOUNT_MANAGER" => &["EMPLOYER_CONTACTS"],
        // The job coach writes hours on its provisions, a PATCH, not a category write.
        _ => &[],
    };
    never_read.contains(&category) || (writes && !writes_some.contains(&category))
}

async fn call(
    w: &World,
    user: &TestUser,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> TestResponse {
    let method: Method = method.to_uppercase().parse().unwrap();
    let mut request = w
        .app
        .client
        .request(method.clone(), format!("{}/v1{path}", w.app.base))
        .bearer_auth(&user.access);
    if matches!(method, Method::PATCH | Method::PUT)
        || path.ends_with("/transitions")
        || path.ends_with("/withdrawal")
    {
        request = request.header("If-Match", "\"1\"");
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    w.app.send(request).await
}

pub(crate) fn fill(path: &str, w: &World) -> String {
    let mut out = path.to_owned();
    for (name, value) in &w.ids {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    assert!(!out.contains('{'), "no id for a parameter of {path}");
    out
}

/// The record ids in the world, none of which may appear in an answer to an outsider.
pub(crate) fn leaks(w: &World, text: &str) -> Vec<String> {
    w.ids
        .iter()
        .filter(|(name, _)| name.ends_with("Id"))
        .map(|(_, id)| id.clone())
        .chain(std::iter::once(w.family_name.clone()))
        .filter(|v| text.contains(v.as_str()))
        .collect()
}

pub(crate) async fn world() -> World {
    world_with(|_| {}).await
}

/// The world on a server with adjusted settings.
pub(crate) async fn world_with(adjust: impl FnOnce(&mut werkpad::config::Settings)) -> World {
    let app = TestApp::spawn_with(adjust).await;
    let ggz = app.org("GGZ").await;
    let uwv = app.org("UWV").await;
    let coach_org = {
        let response = app
            .post(
                "/v1/organisations",
                Some(&app.admin.access),
                &json!({ "kind": "JOBCOACH_ORGANISATION", "name": "Jobcoach Groep", "uwvRecognised": true }),
            )
            .await;
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    };
    let owner = app.user("EMPLOYMENT_SPECIALIST", &ggz).await;
    let spare = app.user("PRACTITIONER", &ggz).await;
    // A GGZ professional of another organisation who broke the glass on the client.
    let breaker = app.user("PRACTITIONER", &app.org("GGZ").await).await;
    let expert = app.user("UWV_LABOUR_EXPERT", &uwv).await;
    let family_name = format!("Walk{}", uuid::Uuid::now_v7().simple());
    let client = app
        .client_with(
            &owner,
            json!({ "familyName": family_name, "bsn": "123456782" }),
        )
        .await;
    let member = app.add_member(&owner, &client, &expert).await;
    let trajectory = app.trajectory(&owner, &client, "IPS").await;
    let employer = app.employer(&owner).await;
    let placement = app
        .placement(&owner, &trajectory, &employer, "2026-02-01")
        .await;
    let consent = app.consent(&owner, &client, &uwv, &["PLACEMENTS"]).await;
    let created = |response: TestResponse| {
        response.assert_status(201);
        response.json()["id"].as_str().unwrap().to_owned()
    };
    let benefit = created(
        app.post(
            &format!("/v1/clients/{client}/benefits"),
            Some(&expert.access),
            &json!({ "benefitType": "WW", "startDate": "2026-01-01" }),
        )
        .await,
    );
    let entry = created(
        app.post(
            &format!("/v1/clients/{client}/journal-entries"),
            Some(&owner.access),
            &json!({ "category": "PLACEMENTS", "text": "Werkgever belde." }),
        )
        .await,
    );
    let activity = created(
        app.post(
            &format!("/v1/trajectories/{trajectory}/support-activities"),
            Some(&owner.access),
            &json!({ "durationMinutes": 30, "kind": "JOB_SUPPORT" }),
        )
        .await,
    );
    let financing = created(
        app.post(
            &format!("/v1/trajectories/{trajectory}/financings"),
            Some(&owner.access),
            &json!({ "scheme": "IPS_MUNICIPAL_2023", "financier": "MUNICIPALITY" }),
        )
        .await,
    );
    let contact = created(
        app.post(
            "/v1/employer-contacts",
            Some(&owner.access),
            &json!({ "trajectoryId": trajectory, "employerId": employer, "form": "FACE_TO_FACE",
                     "outcome": "VACANCY_DISCUSSED" }),
        )
        .await,
    );
    let emergency = created(
        app.post(
            &format!("/v1/clients/{client}/emergency-access"),
            Some(&breaker.access),
            &json!({ "reason": "Crisis buiten kantoortijd; team niet bereikbaar." }),
        )
        .await,
    );
    let provision = created(
        app.post(
            "/v1/jobcoach-provisions",
            Some(&expert.access),
            &json!({
                "placementId": placement, "financier": "UWV", "form": "EXTERNAL",
                "jobcoachOrganisationId": coach_org, "intensity": "LIGHT",
                "periodStartDate": "2026-03-01", "requestedHours": 40
            }),
        )
        .await,
    );
    let ids = HashMap::from([
        ("clientId", client),
        ("memberId", member),
        ("consentId", consent),
        ("benefitId", benefit),
        ("entryId", entry),
        ("trajectoryId", trajectory),
        ("placementId", placement),
        ("activityId", activity),
        ("financingId", financing),
        ("employerContactId", contact),
        ("provisionId", provision),
        ("emergencyAccessId", emergency),
        ("uwv", uwv),
        ("ggz", ggz),
    ]);
    World {
        app,
        owner,
        expert,
        spare,
        coach_org,
        employer,
        ids,
        family_name,
    }
}

/// A client-data operation of the generated document, with the statuses it documents.
pub(crate) struct Documented {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) operation: String,
    statuses: Vec<u16>,
}

impl Documented {
    /// Fails unless the answer's status is one the document promises for this operation.
    fn assert_documented(&self, status: u16, what: &str) {
        assert!(
            self.statuses.contains(&status),
            "{what}: {status} is not documented ({:?})",
            self.statuses
        );
    }
}

pub(crate) fn operations() -> Vec<Documented> {
    let spec = werkpad::openapi::spec();
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        if !CLIENT_DATA.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        for (method, op) in item.as_object().unwrap() {
            out.push(Documented {
                method: method.clone(),
                path: path.clone(),
                operation: op["operationId"].as_str().unwrap().to_owned(),
                statuses: op["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .filter_map(|k| k.parse().ok())
                    .collect(),
            });
        }
    }
    out
}

#[tokio::test]
async fn outside_the_care_team_nothing_is_there() {
    let w = world().await;
    // A colleague at the very same organisation, not on the client's care team.
    let outsider = w
        .app
        .user("EMPLOYMENT_SPECIALIST", &w.owner.organisation_id)
        .await;
    let operations = operations();
    assert!(
        operations.len() >= 50,
        "{} client-data operations",
        operations.len()
    );
    for doc in operations {
        let (method, path, operation) = (&doc.method, &doc.path, doc.operation.as_str());
        let op = classify(operation, &w);
        if operation == "create_emergency_access" {
            // Breaking the glass is the one way in from outside, and this outsider may take
            // it (tests/api/emergency_access.rs); here it would make them a member.
            continue;
        }
        let response = call(&w, &outsider, method, &fill(path, &w), op.body.as_ref()).await;
        let what = format!("{method} {path} ({operation})");
        let status = response.status.as_u16();
        if excluded("EMPLOYMENT_SPECIALIST", op.category, op.writes) {
            // The role may never do this anywhere: refused before any record is looked up,
            // so the answer cannot depend on whether the client exists.
            response.assert_problem(403, "forbidden");
        } else if LISTS.contains(&operation) {
            assert_eq!(status, 200, "{what}: {}", response.text);
        } else if BODY_REFERENCES.contains(&operation) {
            let problem = response.assert_problem(400, "invalid_input");
            assert_eq!(
                problem["invalidParams"][0]["code"], "unknown_reference",
                "{what}"
            );
        } else if path.contains('{') || operation == "list_employer_contacts" {
            // A general list filters to nothing; everything under a client is not there.
            if status == 200 {
                assert_eq!(response.json()["items"], json!([]), "{what}");
            } else {
                response.assert_problem(404, "not_found");
            }
        } else {
            // Creating under no client (a new client, job development) is not about reach.
            continue;
        }
        doc.assert_documented(status, &what);
        assert_eq!(
            leaks(&w, &response.text),
            Vec::<String>::new(),
            "{what} leaks"
        );
    }
}

#[tokio::test]
async fn roles_the_matrix_excludes_get_403_and_nothing_else() {
    let w = world().await;
    let ggz = &w.ids["ggz"];
    let client = &w.ids["clientId"];
    let other = w.app.org("OTHER").await;
    let municipality = w.app.org("MUNICIPALITY").await;
    let wsp = w.app.org("WSP").await;
    let mut callers = Vec::new();
    for (role, org) in [
        ("PRACTITIONER", ggz.as_str()),
        ("MUNICIPAL_CASE_MANAGER", municipality.as_str()),
        ("WSP_ACCOUNT_MANAGER", wsp.as_str()),
        ("JOB_COACH", w.coach_org.as_str()),
        ("AUDITOR", ggz.as_str()),
        ("ORG_ADMIN", ggz.as_str()),
        ("REGIONAL_COORDINATOR", other.as_str()),
        ("PROGRAMME_COORDINATOR", other.as_str()),
    ] {
        let user = w.app.user(role, org).await;
        if !matches!(
            role,
            "AUDITOR" | "ORG_ADMIN" | "REGIONAL_COORDINATOR" | "PROGRAMME_COORDINATOR"
        ) {
            // Members, so that only the role can be the reason for a refusal.
            w.app.add_member(&w.owner, client, &user).await;
        }
        callers.push((role, user));
    }
    callers.push(("SYSTEM_ADMIN", w.app.admin.clone()));
    let mut refused = 0;
    for doc in operations() {
        let op = classify(&doc.operation, &w);
        for (role, user) in &callers {
            if !excluded(role, op.category, op.writes) {
                continue;
            }
            let response = call(
                &w,
                user,
                &doc.method,
                &fill(&doc.path, &w),
                op.body.as_ref(),
            )
            .await;
            let what = format!("{role} {} {}", doc.method, doc.path);
            assert_eq!(response.status.as_u16(), 403, "{what}: {}", response.text);
            // `forbidden` when the role alone decides; `consent_required` when the record
            // must be read first (a membership change may be one's own leaving) and the
            // member's organisation holds no consent for it. Neither carries data.
            let code = response.json()["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(
                matches!(code.as_str(), "forbidden" | "consent_required"),
                "{what}: {}",
                response.text
            );
            doc.assert_documented(403, &what);
            assert_eq!(
                leaks(&w, &response.text),
                Vec::<String>::new(),
                "{what} leaks"
            );
            refused += 1;
        }
    }
    assert!(refused > 250, "only {refused} refusals checked");
}
