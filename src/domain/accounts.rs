//! Organisations and the professionals' accounts in them, as validated inputs and as read.

use chrono::{DateTime, Utc};

use super::{Email, OrganisationId, OrganisationKind, Password, RegionCode, Role, UserId};

/// A new organisation, validated.
#[derive(Debug)]
pub struct NewOrganisation {
    /// Kind of organisation.
    pub kind: OrganisationKind,
    /// Display name, unique regardless of case.
    pub name: String,
    /// Chamber of Commerce number (8 digits).
    pub kvk_number: Option<String>,
    /// Government organisation identification number (20 digits).
    pub oin: Option<String>,
    /// Vektis AGB code (8 digits), for care providers.
    pub agb_code: Option<String>,
    /// CBS municipality code (GMxxxx), for municipalities.
    pub cbs_municipality_code: Option<String>,
    /// Recognised by UWV as a job-coach organisation.
    pub uwv_recognised: bool,
    /// Labour-market regions it works in.
    pub region_codes: Vec<RegionCode>,
}

/// An organisation as stored.
#[derive(Clone, Debug)]
pub struct Organisation {
    /// Id.
    pub id: OrganisationId,
    /// Kind.
    pub kind: OrganisationKind,
    /// Name.
    pub name: String,
    /// KvK number.
    pub kvk_number: Option<String>,
    /// OIN.
    pub oin: Option<String>,
    /// AGB code.
    pub agb_code: Option<String>,
    /// CBS municipality code.
    pub cbs_municipality_code: Option<String>,
    /// Recognised by UWV as a job-coach organisation.
    pub uwv_recognised: bool,
    /// Regions it works in, in code order.
    pub region_codes: Vec<String>,
    /// Row version, for ETags.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new account, validated except for the checks that need the database (the organisation
/// exists, the role fits its kind, the address is free).
pub struct NewUser {
    /// Sign-in address.
    pub email: Email,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Organisation the account belongs to.
    pub organisation_id: OrganisationId,
    /// The one role.
    pub role: Role,
    /// Initial password.
    pub password: Password,
    /// Whether the account may sign in.
    pub active: bool,
}

/// A change to an account (JSON Merge Patch, validated).
#[derive(Default)]
pub struct UserChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// Activate or deactivate.
    pub active: Option<bool>,
    /// New password; ends all of the account's sessions.
    pub password: Option<Password>,
}

/// An account as read (never with its password hash).
#[derive(Clone, Debug)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// Organisation.
    pub organisation_id: OrganisationId,
    /// Sign-in address (lower case).
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// May sign in.
    pub active: bool,
    /// Row version, for ETags.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A change to an organisation (JSON Merge Patch, validated). Its kind never changes: the
/// roles of its accounts depend on it.
#[derive(Debug, Default)]
pub struct OrganisationChanges {
    /// New name.
    pub name: Option<String>,
    /// New KvK number; `Some(None)` removes it.
    pub kvk_number: Option<Option<String>>,
    /// New OIN; `Some(None)` removes it.
    pub oin: Option<Option<String>>,
    /// New AGB code; `Some(None)` removes it.
    pub agb_code: Option<Option<String>>,
    /// New CBS municipality code; `Some(None)` removes it.
    pub cbs_municipality_code: Option<Option<String>>,
    /// New UWV recognition.
    pub uwv_recognised: Option<bool>,
    /// The complete new list of regions.
    pub region_codes: Option<Vec<RegionCode>>,
}

/// Fields that only some kinds of organisation carry: a CBS municipality code belongs to a
/// municipality, UWV recognition to a job-coach organisation. Returns the offending field
/// names (camelCase, as in the API) with a reason.
#[must_use]
pub fn kind_specific_problems(
    kind: super::OrganisationKind,
    cbs_municipality_code: Option<&str>,
    uwv_recognised: bool,
) -> Vec<(&'static str, &'static str)> {
    use super::OrganisationKind as K;
    let mut problems = Vec::new();
    if cbs_municipality_code.is_some() && kind != K::Municipality {
        problems.push((
            "cbsMunicipalityCode",
            "Only a MUNICIPALITY has a CBS municipality code.",
        ));
    }
    if uwv_recognised && kind != K::JobcoachOrganisation {
        problems.push((
            "uwvRecognised",
            "Only a JOBCOACH_ORGANISATION can be recognised by UWV.",
        ));
    }
    problems
}

/// Checks the CBS municipality code shape, `GM` and four digits.
pub fn parse_cbs_municipality_code(raw: &str) -> Result<String, &'static str> {
    let bytes = raw.as_bytes();
    if bytes.len() == 6 && raw.starts_with("GM") && bytes[2..].iter().all(u8::is_ascii_digit) {
        Ok(raw.to_owned())
    } else {
        Err("Must be a CBS municipality code such as GM0363.")
    }
}
