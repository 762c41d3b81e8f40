//! Consent (toestemming, domain.md §8.5): what the client allowed to be shared, from which
//! organisation, to which recipient, for which data categories and until when.
//!
//! Consent never creates a legal basis for a W&I organisation; it gates GGZ-originated data
//! leaving the care relationship (the Wgbo gate) and the categories the matrix marks "only
//! with consent". Whether a consent covers a request is decided here, for the policy; the
//! same rule is expressed in SQL for lists in `db/scope.rs`.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ClientId, ConsentId, DataCategory, OrganisationId, Role, TrajectoryId, UserId};

code_enum! {
    /// What the consent is about.
    ConsentKind {
        /// Break of professional secrecy: GGZ-originated data to Werk en Inkomen (UWV,
        /// municipality, WSP) or another named recipient outside the care relationship.
        ShareGgzToWi = "SHARE_GGZ_TO_WI", "delen ggz → werk en inkomen (doorbreking beroepsgeheim)";
        /// Transparency: W&I data to GGZ (the W&I legal basis remains the ground).
        ShareWiToGgz = "SHARE_WI_TO_GGZ", "delen werk en inkomen → ggz";
        /// What an employer may be told.
        EmployerDisclosure = "EMPLOYER_DISCLOSURE", "openheid naar werkgever";
        /// Life-domain scores beyond the assessing organisation.
        ShareZrm = "SHARE_ZRM", "delen ZRM-scores";
        /// Contacting employers on the client's behalf.
        ContactEmployerOnBehalf = "CONTACT_EMPLOYER_ON_BEHALF", "werkgevers benaderen namens cliënt";
    }
}

code_enum! {
    /// How the consent (or its withdrawal) was given.
    ConsentMethod {
        /// On paper, signed.
        Written = "WRITTEN", "schriftelijk";
        /// Through a digital channel.
        Digital = "DIGITAL", "digitaal";
        /// Orally, recorded by the professional.
        OralRecorded = "ORAL_RECORDED", "mondeling, vastgelegd";
    }
}

code_enum! {
    /// Why the data is shared.
    ConsentPurpose {
        /// Carrying out an IPS trajectory.
        IpsTrajectory = "IPS_TRAJECTORY", "uitvoering IPS-traject";
        /// Jobcoaching.
        Jobcoaching = "JOBCOACHING", "jobcoaching";
        /// Werk als beste zorg.
        WabzTrajectory = "WABZ_TRAJECTORY", "uitvoering Werk als beste zorg";
        /// Applying for subsidy or financing.
        SubsidyApplication = "SUBSIDY_APPLICATION", "subsidieaanvraag";
        /// Advice on benefits and work.
        BenefitsAdvice = "BENEFITS_ADVICE", "uitkeringsadvies";
        /// Regional aggregated figures.
        RegionalKpiAggregate = "REGIONAL_KPI_AGGREGATE", "regionale geaggregeerde cijfers";
        /// Anything else, described in the purpose text.
        Other = "OTHER", "overig";
    }
}

/// Who receives: an explicit organisation or every professional of one role (never
/// "all partners").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// One organisation.
    Organisation(OrganisationId),
    /// Professionals of this role (within the client's care team).
    Role(Role),
}

code_enum! {
    /// Where a consent stands on a given day.
    ConsentState {
        /// In force.
        InForce = "IN_FORCE", "van kracht";
        /// Granted for a later day.
        NotYetValid = "NOT_YET_VALID", "nog niet van kracht";
        /// Its last valid day has passed.
        Expired = "EXPIRED", "verlopen";
        /// Withdrawn; effective immediately for every later read.
        Withdrawn = "WITHDRAWN", "ingetrokken";
    }
}

/// The part of a consent that decides access.
#[derive(Clone, Debug)]
pub struct Grant {
    /// Id.
    pub id: ConsentId,
    /// Kind.
    pub kind: ConsentKind,
    /// The organisation whose data may be shared.
    pub from_organisation_id: OrganisationId,
    /// Who may receive it.
    pub recipient: Recipient,
    /// Which categories.
    pub categories: Vec<DataCategory>,
    /// First day in force.
    pub granted_date: NaiveDate,
    /// Last day in force, if limited.
    pub valid_until: Option<NaiveDate>,
    /// Whether it was withdrawn.
    pub withdrawn: bool,
}

/// Where the data of a request originates, as far as consent is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The organisation that created the record.
    pub organisation_id: OrganisationId,
    /// Whether that organisation is a GGZ institution (its data is under medical secrecy).
    pub ggz: bool,
}

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requester {
    /// The caller's organisation.
    pub organisation_id: OrganisationId,
    /// The caller's role.
    pub role: Role,
}

impl ConsentKind {
    /// Whether a consent of this kind opens data that originates at `origin` to werkpad
    /// users outside that organisation. GGZ data leaves the care relationship only through
    /// an explicit break of secrecy; other data through a sharing consent. What the employer
    /// may be told and life-domain scores never open case data.
    #[must_use]
    pub const fn opens(self, origin_is_ggz: bool) -> bool {
        match self {
            Self::ShareGgzToWi => origin_is_ggz,
            Self::ShareWiToGgz | Self::ContactEmployerOnBehalf => !origin_is_ggz,
            Self::EmployerDisclosure | Self::ShareZrm => false,
        }
    }

    /// Every kind that opens data of `origin_is_ggz` origin, for SQL.
    #[must_use]
    pub fn opening(origin_is_ggz: bool) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|k| k.opens(origin_is_ggz))
            .collect()
    }
}

impl Grant {
    /// Where the consent stands on `day`.
    #[must_use]
    pub fn state(&self, day: NaiveDate) -> ConsentState {
        if self.withdrawn {
            ConsentState::Withdrawn
        } else if day < self.granted_date {
            ConsentState::NotYetValid
        } else if self.valid_until.is_some_and(|last| day > last) {
            ConsentState::Expired
        } else {
            ConsentState::InForce
        }
    }

    /// Whether this consent lets `requester` see `category` data originating at `origin` on
    /// `day`: in force, of a kind that opens data of that origin, from that very
    /// organisation, to the requester's organisation or role, for that category.
    #[must_use]
    pub fn covers(
        &self,
        category: DataCategory,
        origin: Origin,
        requester: Requester,
        day: NaiveDate,
    ) -> bool {
        self.state(day) == ConsentState::InForce
            && self.kind.opens(origin.ggz)
            && self.from_organisation_id == origin.organisation_id
            && match self.recipient {
                Recipient::Organisation(org) => org == requester.organisation_id,
                Recipient::Role(role) => role == requester.role,
            }
            && self.categories.contains(&category)
    }

    /// Whether `requester`'s organisation or role is a party to this consent (the matrix's
    /// "own consents" for W&I roles and job coaches).
    #[must_use]
    pub fn involves(&self, requester: Requester) -> bool {
        self.from_organisation_id == requester.organisation_id
            || match self.recipient {
                Recipient::Organisation(org) => org == requester.organisation_id,
                Recipient::Role(role) => role == requester.role,
            }
    }
}

/// A consent as stored.
#[derive(Clone, Debug)]
pub struct Consent {
    /// What decides access.
    pub grant: Grant,
    /// The client.
    pub client_id: ClientId,
    /// The trajectory it is for; without `valid_until` it ends with that trajectory.
    pub trajectory_id: Option<TrajectoryId>,
    /// Purpose code.
    pub purpose: ConsentPurpose,
    /// Purpose in words.
    pub purpose_text: Option<String>,
    /// How it was given.
    pub method: ConsentMethod,
    /// Reference to the signed form or other proof.
    pub evidence_document_ref: Option<String>,
    /// Who recorded it.
    pub recorded_by_user_id: UserId,
    /// When it was withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// How it was withdrawn.
    pub withdrawn_via: Option<ConsentMethod>,
    /// Who recorded the withdrawal.
    pub withdrawn_by_user_id: Option<UserId>,
    /// Why, in the client's words, if given.
    pub withdrawal_reason: Option<String>,
    /// The recorder's organisation.
    pub origin_organisation_id: OrganisationId,
    /// Row version.
    pub version: i64,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A consent to record, validated except for what needs the database.
#[derive(Clone, Debug)]
pub struct NewConsent {
    /// Kind.
    pub kind: ConsentKind,
    /// The organisation whose data may be shared.
    pub from_organisation_id: OrganisationId,
    /// Who may receive it.
    pub recipient: Recipient,
    /// Which categories.
    pub categories: Vec<DataCategory>,
    /// Why.
    pub purpose: ConsentPurpose,
    /// Why, in words (required for OTHER).
    pub purpose_text: Option<String>,
    /// First day in force (default today).
    pub granted_date: Option<NaiveDate>,
    /// Last day in force.
    pub valid_until: Option<NaiveDate>,
    /// How it was given.
    pub method: ConsentMethod,
    /// Reference to the signed form or other proof.
    pub evidence_document_ref: Option<String>,
    /// The trajectory it is for.
    pub trajectory_id: Option<TrajectoryId>,
}

/// The categories a consent can be about: client data, not the access log or team fidelity.
#[must_use]
pub const fn consentable(category: DataCategory) -> bool {
    !matches!(category, DataCategory::AuditLog | DataCategory::Fidelity)
}

/// The parties of a consent, as far as the rules of its kind need them.
#[derive(Clone, Copy, Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "the independent facts about the parties that the kinds' rules read"
)]
pub struct Parties {
    /// Whether the from-organisation is a GGZ institution.
    pub from_ggz: bool,
    /// Whether the from-organisation is the recording professional's own.
    pub from_is_recorder: bool,
    /// Whether the recipient is in GGZ (a GGZ organisation, or a GGZ care role).
    pub recipient_ggz: bool,
    /// Whether the recipient is the from-organisation itself.
    pub recipient_is_from: bool,
}

/// The rules of each kind about its parties (400 `invalid_value` on the named field):
/// breaking GGZ secrecy is what a GGZ institution does for its own data and towards someone
/// outside GGZ; sharing W&I data with GGZ goes the other way; nobody consents to share with
/// itself.
pub fn check_parties(
    kind: ConsentKind,
    parties: Parties,
) -> Result<(), (&'static str, &'static str)> {
    if parties.recipient_is_from {
        return Err((
            "toOrganisationId",
            "The recipient cannot be the from-organisation.",
        ));
    }
    match kind {
        ConsentKind::ShareGgzToWi if !parties.from_ggz => Err((
            "fromOrganisationId",
            "SHARE_GGZ_TO_WI shares a GGZ institution's data: the from-organisation must be GGZ.",
        )),
        ConsentKind::ShareGgzToWi if !parties.from_is_recorder => Err((
            "fromOrganisationId",
            "A GGZ institution breaks only its own secrecy: record it from your own organisation.",
        )),
        ConsentKind::ShareGgzToWi if parties.recipient_ggz => Err((
            "toOrganisationId",
            "SHARE_GGZ_TO_WI shares with someone outside GGZ.",
        )),
        ConsentKind::ShareWiToGgz if parties.from_ggz => Err((
            "fromOrganisationId",
            "SHARE_WI_TO_GGZ shares W&I data: the from-organisation must be outside GGZ.",
        )),
        ConsentKind::ShareWiToGgz if !parties.recipient_ggz => {
            Err(("toOrganisationId", "SHARE_WI_TO_GGZ shares with GGZ."))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use chrono::NaiveDate;

    use super::{
        ConsentKind, ConsentState, DataCategory, Grant, Origin, Parties, Recipient, Requester,
        check_parties,
    };
    use crate::domain::{ConsentId, OrganisationId, Role};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn grant(ggz: OrganisationId, uwv: OrganisationId) -> Grant {
        Grant {
            id: ConsentId::new(),
            kind: ConsentKind::ShareGgzToWi,
            from_organisation_id: ggz,
            recipient: Recipient::Organisation(uwv),
            categories: vec![DataCategory::Placements],
            granted_date: day("2026-01-01"),
            valid_until: Some(day("2026-06-30")),
            withdrawn: false,
        }
    }

    #[test]
    fn states_follow_the_calendar() {
        let g = grant(OrganisationId::new(), OrganisationId::new());
        assert_eq!(g.state(day("2025-12-31")), ConsentState::NotYetValid);
        assert_eq!(g.state(day("2026-01-01")), ConsentState::InForce);
        assert_eq!(g.state(day("2026-06-30")), ConsentState::InForce);
        assert_eq!(g.state(day("2026-07-01")), ConsentState::Expired);
        let withdrawn = Grant {
            withdrawn: true,
            ..g
        };
        assert_eq!(withdrawn.state(day("2026-03-01")), ConsentState::Withdrawn);
    }

    #[test]
    fn parties_fit_the_kind() {
        let ggz_own_to_wi = Parties {
            from_ggz: true,
            from_is_recorder: true,
            recipient_ggz: false,
            recipient_is_from: false,
        };
        assert!(check_parties(ConsentKind::ShareGgzToWi, ggz_own_to_wi).is_ok());
        let someone_elses = Parties {
            from_is_recorder: false,
            ..ggz_own_to_wi
        };
        assert!(check_parties(ConsentKind::ShareGgzToWi, someone_elses).is_err());
        let to_ggz = Parties {
            recipient_ggz: true,
            ..ggz_own_to_wi
        };
        assert!(check_parties(ConsentKind::ShareGgzToWi, to_ggz).is_err());
        let wi_to_ggz = Parties {
            from_ggz: false,
            from_is_recorder: false,
            recipient_ggz: true,
            recipient_is_from: false,
        };
        assert!(check_parties(ConsentKind::ShareWiToGgz, wi_to_ggz).is_ok());
        assert!(check_parties(ConsentKind::ShareGgzToWi, wi_to_ggz).is_err());
        assert!(check_parties(ConsentKind::ShareWiToGgz, ggz_own_to_wi).is_err());
        let to_itself = Parties {
            recipient_is_from: true,
            ..ggz_own_to_wi
        };
        assert!(check_parties(ConsentKind::EmployerDisclosure, to_itself).is_err());
    }

    #[test]
    fn covers_only_its_origin_recipient_and_categories() {
        let (ggz, uwv, other) = (
            OrganisationId::new(),
            OrganisationId::new(),
            OrganisationId::new(),
        );
        let g = grant(ggz, uwv);
        let on = day("2026-03-01");
        let from_ggz = Origin {
            organisation_id: ggz,
            ggz: true,
        };
        let uwv_expert = Requester {
            organisation_id: uwv,
            role: Role::UwvLabourExpert,
        };
        assert!(g.covers(DataCategory::Placements, from_ggz, uwv_expert, on));
        assert!(!g.covers(DataCategory::Identity, from_ggz, uwv_expert, on));
        let elsewhere = Requester {
            organisation_id: other,
            ..uwv_expert
        };
        assert!(!g.covers(DataCategory::Placements, from_ggz, elsewhere, on));
        let other_ggz = Origin {
            organisation_id: other,
            ggz: true,
        };
        assert!(!g.covers(DataCategory::Placements, other_ggz, uwv_expert, on));
        // A W&I-to-GGZ consent never breaks GGZ secrecy.
        let wrong_kind = Grant {
            kind: ConsentKind::ShareWiToGgz,
            ..g.clone()
        };
        assert!(!wrong_kind.covers(DataCategory::Placements, from_ggz, uwv_expert, on));
        let by_role = Grant {
            recipient: Recipient::Role(Role::UwvLabourExpert),
            ..g
        };
        assert!(by_role.covers(DataCategory::Placements, from_ggz, elsewhere, on));
    }
}
