//! Walks every client-data operation of the generated OpenAPI document and asserts that
//! nobody outside the client's care team, and no role that the matrix excludes, gets data:
//! 404 (outside reach, exactly like a missing record) or 403 (the role may never), as each
//! operation documents. A new client-data operation fails this test until it is classified
//! below, so none can slip in unchecked.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{TestApp, TestResponse, TestUser};

/// What an operation touches: its data category and whether it writes, and a body that
/// would be valid for the client's owner (so that only authorization can refuse it).
struct Classified {
    category: &'static str,
    writes: bool,
    body: Option<Value>,
}

fn classify(operation: &str, world: &World) -> Option<Classified> {
    let c = |category, writes, body| Some(Classified { category, writes, body });
    let today = "2026-01-15";
    match operation {
        "list_clients" | "search_clients" => c("IDENTITY", false, None),
        "get_client" => c("IDENTITY", false, None),
        "update_client" => c("IDENTITY", true, Some(json!({ "familyName": "Jansen" }))),
        "get_client_bsn" => c("BSN", false, None),
        "update_client_bsn" => c("BSN", true, Some(json!({ "bsn": "111222333" }))),
        "list_care_team_members" | "get_care_team_member" => c("IDENTITY", false, None),
        "create_care_team_member" => c(
            "CARE_TEAM",
            true,
            Some(json!({ "userId": world.spare.id, "teamRole": "OTHER" })),
        ),
        "update_care_team_member" => c("CARE_TEAM", true, Some(json!({ "reason": "x" }))),
        "list_trajectories" | "get_trajectory" | "list_trajectory_transitions" => {
            c("TRAJECTORY_STATUS", false, None)
        }
        "create_trajectory" => c(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "clientId": world.client, "type": "OTHER" })),
        ),
        "update_trajectory" => c(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "plannedEndDate": "2027-06-30" })),
        ),
        "create_trajectory_transition" => c(
            "TRAJECTORY_STATUS",
            true,
            Some(json!({ "toStatus": "PAUSED", "reason": "x", "date": today })),
        ),
        "get_vocational_profile" => c("VOCATIONAL_PROFILE", false, None),
        "put_vocational_profile" => c(
            "VOCATIONAL_PROFILE",
            true,
            Some(json!({ "preferredJobs": ["Kok"] })),
        ),
        "list_placements" | "get_placement" => c("PLACEMENTS", false, None),
        "create_placement" => c("PLACEMENTS", true, Some(world.placement_body())),
        "update_placement" => c("PLACEMENTS", true, Some(json!({ "jobTitle": "Chef" }))),
        "list_jobcoach_provisions" | "get_jobcoach_provision" | "list_jobcoach_provision_transitions" => {
            c("JOBCOACHING", false, None)
        }
        "create_jobcoach_provision" => c(
            "JOBCOACHING",
            true,
            Some(json!({
                "placementId": world.id("placementId"), "financier": "UWV", "form": "EXTERNAL",
                "jobcoachOrganisationId": world.coach_org, "intensity": "LIGHT",
                "periodStartDate": "2026-02-01", "requestedHours": 40
            })),
        ),
        "update_jobcoach_provision" => c("JOBCOACHING", true, Some(json!({ "intensity": "MEDIUM" }))),
        "create_jobcoach_provision_transition" => c(
            "JOBCOACHING",
            true,
            Some(json!({ "toStatus": "UNDER_REVIEW" })),
        ),
        _ => None,
    }
}

/// Paths that hold client data. Everything under them is walked.
const CLIENT_DATA: [&str; 4] = ["/clients", "/trajectories", "/jobcoach-provisions", "/employer-contacts"];

/// Top-level lists and searches: they answer 200 with only what the caller may see.
const LISTS: [&str; 4] = [
    "list_clients",
    "search_clients",
    "list_trajectories",
    "list_jobcoach_provisions",
];

/// Creates whose client is named in the body: a client outside reach is 400
/// `unknown_reference`, like one that does not exist.
const BODY_REFERENCES: [&str; 2] = ["create_trajectory", "create_jobcoach_provision"];

struct World {
    app: TestApp,
    owner: TestUser,
    spare: TestUser,
    client: String,
    coach_org: String,
    employer: String,
    ids: HashMap<&'static str, String>,
    names: Vec<String>,
}

impl World {
    fn id(&self, name: &str) -> String {
        self.ids.get(name).cloned().unwrap_or_else(|| panic!("no {name} in the world"))
    }

    fn placement_body(&self) -> Value {
        json!({
            "employerId": self.employer, "jobTitle": "Kok", "workType": "REGULAR_PAID",
            "startDate": "2026-01-20", "contractType": "FIXED_TERM",
            "contractEndDate": "2027-01-19", "contractedHoursPerWeek": 24,
            "atLeastMinimumWage": true
        })
    }
}
