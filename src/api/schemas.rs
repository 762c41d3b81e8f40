//! OpenAPI schemas for domain enumerations, written here so `domain/` stays free of utoipa.
//! Each lists every value with its Dutch term, as the conventions require.

use utoipa::openapi::schema::{Object, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::{OrganisationKind, RegionCode, Role};

fn enumeration(
    intro: &str,
    values: impl Iterator<Item = (&'static str, &'static str)>,
) -> RefOr<Schema> {
    let values: Vec<_> = values.collect();
    let list: Vec<String> = values
        .iter()
        .map(|(code, dutch)| format!("- `{code}`: {dutch}"))
        .collect();
    Object::builder()
        .schema_type(SchemaType::new(Type::String))
        .description(Some(format!("{intro}\n\n{}", list.join("\n"))))
        .enum_values(Some(values.iter().map(|(code, _)| *code)))
        .into()
}

impl PartialSchema for Role {
    fn schema() -> RefOr<Schema> {
        enumeration(
            "The account's role (rol); it decides what the account may do.",
            Role::ALL.iter().map(|r| (r.as_str(), r.dutch())),
        )
    }
}

impl ToSchema for Role {}

impl PartialSchema for OrganisationKind {
    fn schema() -> RefOr<Schema> {
        enumeration(
            "Kind of organisation (soort organisatie).",
            OrganisationKind::ALL
                .iter()
                .map(|k| (k.as_str(), k.dutch())),
        )
    }
}

impl ToSchema for OrganisationKind {}

impl PartialSchema for RegionCode {
    fn schema() -> RefOr<Schema> {
        Object::builder()
            .schema_type(SchemaType::new(Type::String))
            .description(Some(
                "Code of a labour-market region (arbeidsmarktregio) as CBS publishes it; \
                 `GET /labour-market-regions` lists them.",
            ))
            .pattern(Some("^AM[0-9]{2}$"))
            .examples(["AM22"])
            .into()
    }
}

impl ToSchema for RegionCode {}
