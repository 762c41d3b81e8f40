//! The committed OpenAPI document is exactly what the code generates, and every route in
//! `src/api` is in it (and nothing else is).

use std::collections::BTreeSet;

#[test]
fn committed_document_matches_the_code() {
    let generated = werkpad::openapi::spec_json();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        generated == committed,
        "openapi/openapi.json is out of date; regenerate it with:\n\n    cargo run --quiet -- openapi > openapi/openapi.json\n"
    );
}

#[test]
fn every_route_macro_is_documented_and_nothing_else() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api");
    let mut in_code = BTreeSet::new();
    let mut files = vec![std::path::PathBuf::from(dir)];
    let mut sources = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            sources.push(std::fs::read_to_string(&path).unwrap());
        }
    }
    for source in sources {
        assert!(
            !source.contains(".route("),
            "use route macros, not .route(), in src/api"
        );
        for line in source.lines() {
            let line = line.trim();
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                    let path = rest.split('"').next().unwrap();
                    in_code.insert((method.to_owned(), path.to_owned()));
                }
            }
        }
    }
    let spec = werkpad::openapi::spec();
    let mut in_spec = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            in_spec.insert((method.clone(), path.clone()));
        }
    }
    assert_eq!(in_code, in_spec);
}

#[test]
fn every_operation_says_who_may_call_it() {
    let spec = werkpad::openapi::spec();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let description = op["description"].as_str().unwrap_or_default();
            assert!(
                description.contains("Roles:") || description.contains("Public"),
                "{method} {path} does not say who may call it"
            );
            assert!(
                description.contains("Audit:"),
                "{method} {path} does not say what it logs"
            );
            assert!(
                op["responses"]["406"].is_object(),
                "{method} {path} lacks 406"
            );
        }
    }
}

/// What each operation promises to log ("Audit: READ") is what the access log records for
/// it: the event type that `event_type_of` gives its operation id.
#[test]
fn every_documented_audit_event_type_is_the_one_logged() {
    let spec = werkpad::openapi::spec();
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap();
            let description = op["description"].as_str().unwrap_or_default();
            let what = format!("{method} {path} ({id})");
            let promised = description
                .split_whitespace()
                .skip_while(|w| *w != "Audit:")
                .nth(1)
                .unwrap_or_else(|| panic!("{what} does not say what it logs"));
            let promised = promised.trim_end_matches(['.', ',', ';']);
            // Operations outside client data say "none" (or describe their application
            // log line); only a refusal leaves an event for them, which every description
            // of the API states once.
            if promised.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                let logged = werkpad::domain::audit::event_type_of(id);
                assert_eq!(promised, logged.as_str(), "{what}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "{checked} operations promise an event type");
}
