//! Clients (cliënten): identity, residence, the disclosure choice towards employers, and the
//! record regime that decides retention. No diagnosis or treatment content, ever.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Bsn, ClientId, OrganisationId, OrganisationKind, RegionCode, UserId};

code_enum! {
    /// What the client wants employers to be told about their vulnerability (IPS-25 item 13).
    EmployerDisclosure {
        /// Nothing is disclosed.
        None = "NONE", "geen openheid";
        /// Only what the client agreed, recorded in the disclosure note.
        Limited = "LIMITED", "beperkte openheid";
        /// The client is open about it.
        Full = "FULL", "volledige openheid";
    }
}

code_enum! {
    /// Whose retention rules apply to the record (domain.md §16.1).
    RecordRegime {
        /// GGZ medical record (Wgbo): 20 years after the last change.
        GgzWgbo = "GGZ_WGBO", "medisch dossier ggz (Wgbo)";
        /// Municipal social-domain file: 10 years after closure.
        MunicipalSocialDomain = "MUNICIPAL_SOCIAL_DOMAIN", "dossier sociaal domein gemeente";
        /// UWV's statutory periods.
        Uwv = "UWV", "UWV-dossier";
        /// Shared trajectory record under a joint-controller arrangement.
        SharedTrajectory = "SHARED_TRAJECTORY", "gedeeld trajectdossier";
    }
}

impl RecordRegime {
    /// The regime of a record an organisation of `kind` registers: the registering
    /// organisation is its controller.
    #[must_use]
    pub const fn of(kind: OrganisationKind) -> Self {
        match kind {
            OrganisationKind::Ggz => Self::GgzWgbo,
            OrganisationKind::Municipality => Self::MunicipalSocialDomain,
            OrganisationKind::Uwv => Self::Uwv,
            OrganisationKind::Wsp
            | OrganisationKind::JobcoachOrganisation
            | OrganisationKind::Employer
            | OrganisationKind::Other => Self::SharedTrajectory,
        }
    }
}

/// A CBS municipality code (gemeentecode), `GM` and four digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    /// Checks the shape; whether the municipality exists is checked against the loaded
    /// CBS table, when there is one.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        super::accounts::parse_cbs_municipality_code(raw).map(Self)
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A client to register, validated except for what needs the database (the municipality
/// table, the region, BSN uniqueness).
#[derive(Debug)]
pub struct NewClient {
    /// Given names (voornamen).
    pub given_names: String,
    /// Family name, with prefixes (achternaam).
    pub family_name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// The client's e-mail address.
    pub email: Option<String>,
    /// The client's phone number.
    pub phone: Option<String>,
    /// Municipality of residence (woongemeente).
    pub municipality_code: MunicipalityCode,
    /// Since when the client lives there.
    pub municipality_since: Option<NaiveDate>,
    /// Labour-market region, required until a municipality table is loaded.
    pub region_code: Option<RegionCode>,
    /// Disclosure choice towards employers.
    pub employer_disclosure: EmployerDisclosure,
    /// What exactly may be disclosed, agreed with the client.
    pub disclosure_note: Option<String>,
    /// Optional BSN.
    pub bsn: Option<Bsn>,
}

/// A client as stored (the BSN is never part of it).
#[derive(Clone, Debug)]
pub struct Client {
    /// Id.
    pub id: ClientId,
    /// Given names.
    pub given_names: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Municipality of residence.
    pub municipality_code: String,
    /// Since when.
    pub municipality_since: Option<NaiveDate>,
    /// Labour-market region of the residence.
    pub region_code: String,
    /// Disclosure choice.
    pub employer_disclosure: EmployerDisclosure,
    /// Disclosure note.
    pub disclosure_note: Option<String>,
    /// Whether a BSN is recorded.
    pub has_bsn: bool,
    /// Retention regime.
    pub record_regime: RecordRegime,
    /// Erasure is blocked by a legal hold.
    pub legal_hold: bool,
    /// The organisation that registered the client (its controller).
    pub origin_organisation_id: OrganisationId,
    /// Who registered the client.
    pub created_by_user_id: UserId,
    /// Row version, for ETags.
    pub version: i64,
    /// Registered.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A change to a client (JSON Merge Patch, validated). `Some(None)` removes an optional value.
#[derive(Debug, Default)]
pub struct ClientChanges {
    /// New given names.
    pub given_names: Option<String>,
    /// New family name.
    pub family_name: Option<String>,
    /// Corrected date of birth.
    pub birth_date: Option<NaiveDate>,
    /// New e-mail address.
    pub email: Option<Option<String>>,
    /// New phone number.
    pub phone: Option<Option<String>>,
    /// New municipality of residence.
    pub municipality_code: Option<MunicipalityCode>,
    /// Since when.
    pub municipality_since: Option<Option<NaiveDate>>,
    /// New region (only without a municipality table).
    pub region_code: Option<RegionCode>,
    /// New disclosure choice.
    pub employer_disclosure: Option<EmployerDisclosure>,
    /// New disclosure note.
    pub disclosure_note: Option<Option<String>>,
}

impl ClientChanges {
    /// Whether the change touches identity fields (as opposed to the disclosure choice, which
    /// belongs to the vocational profile's data category).
    #[must_use]
    pub const fn touches_identity(&self) -> bool {
        self.given_names.is_some()
            || self.family_name.is_some()
            || self.birth_date.is_some()
            || self.email.is_some()
            || self.phone.is_some()
            || self.municipality_code.is_some()
            || self.municipality_since.is_some()
            || self.region_code.is_some()
    }

    /// Whether the change touches the disclosure choice.
    #[must_use]
    pub const fn touches_disclosure(&self) -> bool {
        self.employer_disclosure.is_some() || self.disclosure_note.is_some()
    }
}

/// Checks a client's phone number: digits with an optional leading `+`, spaces and dashes,
/// 6 to 20 digits.
pub fn parse_phone(raw: &str) -> Result<String, &'static str> {
    let trimmed = raw.trim();
    let digits = trimmed.bytes().filter(u8::is_ascii_digit).count();
    let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if (6..=20).contains(&digits)
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b' ' || b == b'-')
    {
        Ok(trimmed.to_owned())
    } else {
        Err("Must be a phone number such as +31 6 12345678.")
    }
}

/// Checks a date of birth: not in the future and not before 1900.
pub fn check_birth_date(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    if date > today {
        Err("Must not be in the future.")
    } else if date < earliest {
        Err("Must not be before 1900-01-01.")
    } else {
        Ok(date)
    }
}
