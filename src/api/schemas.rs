//! OpenAPI schemas for domain enumerations, written here so `domain/` stays free of utoipa.
//! Each lists every value with its Dutch term, as the conventions require.

use utoipa::openapi::schema::{Object, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::audit::{EventType, Outcome};
use crate::domain::benefits::BenefitType;
use crate::domain::care_team::{MembershipKind, TeamRole};
use crate::domain::client::{EmployerDisclosure, RecordRegime};
use crate::domain::consent::{ConsentKind, ConsentMethod, ConsentPurpose, ConsentState};
use crate::domain::employers::{ContactForm, ContactOutcome, Participant, SupportActivityKind};
use crate::domain::fidelity::{Band, Item, Section};
use crate::domain::financing::{Financier, FinancingScheme, FinancingStatus};
use crate::domain::jobcoaching::{
    JobcoachFinancier, JobcoachForm, JobcoachIntensity, JobcoachStatus,
};
use crate::domain::placement::{ContractType, PlacementEndReason, WorkType};
use crate::domain::retention::ErasureReason;
use crate::domain::trajectory::machine::{Guard, Warning};
use crate::domain::trajectory::{EndReason, TargetGroup, TrajectoryStatus, TrajectoryType};
use crate::domain::{DataCategory, OrganisationKind, RegionCode, Role};

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

/// Implements the OpenAPI schema of `code_enum!` enumerations: every code with its Dutch
/// term in the description.
macro_rules! code_schemas {
    ($($ty:ty => $intro:literal;)*) => {$(
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                enumeration($intro, <$ty>::ALL.iter().map(|v| (v.as_str(), v.dutch())))
            }
        }

        impl ToSchema for $ty {}
    )*};
}

code_schemas! {
    Role => "The account's role (rol); it decides what the account may do.";
    OrganisationKind => "Kind of organisation (soort organisatie).";
    DataCategory => "Category of client data (gegevenscategorie): the unit of consent, access and audit.";
    EmployerDisclosure => "What the client wants employers to be told (openheid naar werkgever, IPS-25 item 13).";
    RecordRegime => "Whose retention rules apply (dossierregime).";
    TeamRole => "The professional's relation to the client in the care team (rol in de betrokkenheid).";
    MembershipKind => "How the membership came about.";
    ConsentKind => "What the consent is about (soort toestemming).";
    ConsentMethod => "How the consent, or its withdrawal, was given.";
    ConsentPurpose => "Why the data is shared (doel).";
    ConsentState => "Where a consent stands today (status), in the Netherlands' calendar.";
    TrajectoryType => "Kind of trajectory (soort traject).";
    TrajectoryStatus => "Status of a trajectory (fase); which statuses a type uses is published by `GET /trajectory-types`.";
    EndReason => "Why a trajectory ended (eindreden).";
    TargetGroup => "Target-group attestation by the GGZ institution (doelgroepverklaring); never a diagnosis.";
    Guard => "A condition a trajectory transition needs (voorwaarde).";
    Warning => "A note on a transition that does not block it.";
    WorkType => "Kind of work (werksoort).";
    ContractType => "Kind of contract (soort arbeidsovereenkomst).";
    PlacementEndReason => "Why a placement ended (reden einde plaatsing).";
    BenefitType => "Kind of benefit (uitkering), by statutory name.";
    ContactForm => "How an employer was contacted (vorm van werkgeverscontact).";
    ContactOutcome => "What an employer contact led to (resultaat).";
    SupportActivityKind => "Kind of support activity (soort begeleidingscontact).";
    Participant => "Who took part besides the professional (deelnemer).";
    JobcoachStatus => "Status of a jobcoach provision (status jobcoachvoorziening).";
    JobcoachForm => "External or internal job coach.";
    JobcoachIntensity => "How much coaching is needed (intensiteit).";
    JobcoachFinancier => "Who pays the jobcoach provision.";
    FinancingScheme => "Subsidy scheme or regulation (regeling).";
    Financier => "Who pays (financier).";
    FinancingStatus => "Status of a financing record (status financiering).";
    ErasureReason => "Why a client file is erased (reden van vernietiging).";
}

/// Enumerations named for their context: the access log's `Outcome` or the fidelity scale's
/// `Band` alone would say nothing.
macro_rules! named_schemas {
    ($($ty:ty as $name:literal => $intro:literal;)*) => {$(
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                enumeration($intro, <$ty>::ALL.iter().map(|v| (v.as_str(), v.dutch())))
            }
        }

        impl ToSchema for $ty {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed($name)
            }
        }
    )*};
}

named_schemas! {
    EventType as "AuditEventType" => "What happened (gebeurtenis, NEN 7513).";
    Outcome as "AuditOutcome" => "How it ended (resultaat).";
    Section as "FidelitySection" => "Section of the IPS-25 fidelity scale (onderdeel van de getrouwheidsschaal).";
    Band as "FidelityBand" => "How faithful to the IPS model a review's total is (mate van modelgetrouwheid): EXEMPLARY 115–125, GOOD 100–114, FAIR 74–99, NOT_SUPPORTED_EMPLOYMENT 25–73.";
}

/// The scale's items carry their English name; the Dutch form numbers them the same way.
impl PartialSchema for Item {
    fn schema() -> RefOr<Schema> {
        enumeration(
            "Item of the IPS-25 fidelity scale (item van de getrouwheidsschaal), with its name. \
             Items 1–3 are STAFFING, 4–11 ORGANISATION and 12–25 SERVICES; the Dutch form \
             numbers them the same way. werkpad keeps codes and scores, never the scale's \
             anchor texts.",
            Item::ALL.iter().map(|i| (i.as_str(), i.name())),
        )
    }
}

impl ToSchema for Item {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("FidelityItem")
    }
}

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
