//! The OpenAPI document, generated from the same route registrations that serve traffic
//! (`routes::configure`), then finished here: paths relative to the `/v1` server, the bearer
//! scheme, the problem responses, and the `API-Version` header on every response.

use serde_json::{Value, json};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::error::Problem;

/// Version of the API: the crate version, sent as `API-Version` on every response.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(OpenApi)]
#[openapi(
    info(
        title = "werkpad",
        description = include_str!("openapi_description.md"),
        contact(
            name = "werkpad team",
            email = "api@werkpad.nl",
            url = "https://werkpad.nl/api"
        ),
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    components(schemas(Problem)),
    tags(
        (name = "Sessions", description = "Signing in and out (sessies)."),
        (name = "Users", description = "Professionals' accounts (gebruikers)."),
        (name = "Organisations", description = "Organisations using werkpad (organisaties)."),
        (name = "Reference data", description = "Labour-market regions (arbeidsmarktregio's) and other reference data."),
        (name = "Clients", description = "Clients (cliënten): identity, residence and the disclosure choice; the BSN only through its own endpoint."),
        (name = "Care team", description = "Who is involved with a client (betrokkenheid): the only way to reach a client's file."),
        (name = "Benefits", description = "The client's benefit situation (uitkeringssituatie): time-bounded records per benefit."),
        (name = "Consents", description = "The client's consents (toestemmingen) to share data, and their withdrawal."),
        (name = "Emergency access", description = "Break-glass (noodtoegang): a GGZ care professional opens a client file outside their involvement, with a reason, for a limited time; and the auditor's review of those grants."),
        (name = "Employer contacts", description = "Contacts with employers (werkgeverscontacten): about one client, or general job development."),
        (name = "Employers", description = "The shared employer register (werkgevers): organisations, no client data."),
        (name = "Fidelity reviews", description = "IPS-25 fidelity reviews (getrouwheidsmetingen) of an organisation's IPS team: the reviewers' 25 item scores, with the total and band werkpad computes. Team level, no client data."),
        (name = "Journal", description = "Work-related notes, each under the data category that decides who may read it."),
        (name = "Jobcoaching", description = "Jobcoach provisions (jobcoachvoorzieningen): six-month periods, hours granted and spent."),
        (name = "Placements", description = "Jobs and other placements of a trajectory (plaatsingen)."),
                (name = "Trajectories", description = "IPS, IPS for CMD, jobcoaching, Werk als beste zorg and other re-integration trajectories (trajecten), their transitions, vocational profiles and financing records (financiering) with their own transitions."),
        (name = "Access log", description = "The NEN 7513 access log (toegangslogging): the auditor's listing and each client's access overview (inzageoverzicht). Reading it is itself logged."),
        (name = "Outcome reports", description = "Regional and national outcomes (KPIs K1–K13) against the target of people durably into work: aggregates only, with small-cell suppression."),
        (name = "Meta", description = "The contract and health checks."),
    )
)]
struct ApiDoc;

/// The operation id of `method` on the route template `template` (as actix reports it,
/// `/v1/clients/{clientId}`), from the generated document: what the access log names.
#[must_use]
pub fn operation_id(method: &str, template: &str) -> Option<&'static str> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<(String, String), String>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let doc = spec();
        let mut index = std::collections::HashMap::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (verb, op) in item.as_object().into_iter().flatten() {
                if let Some(id) = op["operationId"].as_str() {
                    index.insert((verb.to_uppercase(), format!("/v1{path}")), id.to_owned());
                }
            }
        }
        index
    });
    index
        .get(&(method.to_owned(), template.to_owned()))
        .map(String::as_str)
}

/// The finished document as JSON.
#[must_use]
pub fn spec() -> Value {
    let (_, api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/v1").configure(crate::routes::configure))
        .split_for_parts();
    let mut doc = serde_json::to_value(api).unwrap_or(Value::Null);
    finish(&mut doc);
    doc
}

/// The document as committed in `openapi/openapi.json`: pretty, with a trailing newline.
#[must_use]
pub fn spec_json() -> String {
    let mut text = serde_json::to_string_pretty(&spec()).unwrap_or_default();
    text.push('\n');
    text
}

fn version_header() -> Value {
    json!({
        "description": "Full version of the API (semver), equal to `info.version`.",
        "schema": { "type": "string", "example": VERSION }
    })
}

fn finish(doc: &mut Value) {
    doc["info"]["version"] = json!(VERSION);
    doc["servers"] = json!([{ "url": "/v1", "description": "This werkpad installation." }]);

    if let Some(paths) = doc["paths"].as_object_mut() {
        let relative = std::mem::take(paths)
            .into_iter()
            .map(|(path, item)| (path.strip_prefix("/v1").unwrap_or(&path).to_owned(), item))
            .collect();
        *paths = relative;
        for item in paths.values_mut() {
            let Some(operations) = item.as_object_mut() else {
                continue;
            };
            for operation in operations.values_mut() {
                if let Some(responses) = operation["responses"].as_object_mut() {
                    for (status, response) in responses.iter_mut() {
                        if (status.starts_with('2') || status.starts_with('3'))
                            && response.get("$ref").is_none()
                        {
                            response["headers"]["API-Version"] = version_header();
                        }
                    }
                }
            }
        }
    }

    let components = &mut doc["components"];
    components["securitySchemes"] = json!({
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Access token from `POST /sessions`, valid 15 minutes by default."
        }
    });
    let mut responses = serde_json::Map::new();
    for (name, response) in crate::api::problems::all() {
        let mut value = serde_json::to_value(response).unwrap_or(Value::Null);
        value["headers"]["API-Version"] = version_header();
        responses.insert(name, value);
    }
    components["responses"] = Value::Object(responses);
}

/// The documented paths and their methods, for answering 405 with `Allow`.
pub struct PathIndex(Vec<(Vec<String>, Vec<String>)>);

impl PathIndex {
    /// Indexes a finished document.
    #[must_use]
    pub fn from_spec(doc: &Value) -> Self {
        let entries = doc["paths"]
            .as_object()
            .map(|paths| {
                paths
                    .iter()
                    .map(|(path, item)| {
                        let segments = format!("/v1{path}").split('/').map(str::to_owned).collect();
                        let methods = item
                            .as_object()
                            .map(|ops| ops.keys().map(|m| m.to_uppercase()).collect())
                            .unwrap_or_default();
                        (segments, methods)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self(entries)
    }

    /// The methods of the documented path matching `path` (with `{param}` as a wildcard
    /// for one non-empty segment), if any.
    #[must_use]
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let segments: Vec<&str> = path.split('/').collect();
        self.0.iter().find_map(|(template, methods)| {
            let matches = template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| {
                    if t.starts_with('{') {
                        !s.is_empty()
                    } else {
                        t == s
                    }
                });
            matches.then(|| methods.clone())
        })
    }
}
