//! Financing (financiering, domain.md §5): schemes, financiers and the status flow of the
//! municipal regulation. Tariffs are configuration, never code; werkpad stores amounts.
//! The checks a financing record and its transitions must pass are in `rules`.

pub mod rules;

use chrono::{DateTime, NaiveDate, Utc};

use super::{ClientId, FinancingId, OrganisationId, TrajectoryId, TransitionId, UserId};

code_enum! {
    /// The subsidy scheme or regulation.
    FinancingScheme {
        /// UWV IPS study subsidy (2017, revised 2018): 36 months.
        UwvIpsStudy2017 = "UWV_IPS_STUDY_2017", "Beleidsregels subsidieonderzoek IPS (UWV)";
        /// IPS for common mental disorders (Stcrt. 2019, 24003): 24 months + at most 12.
        IpsCmd2019 = "IPS_CMD_2019", "Subsidieregeling onderzoek IPS voor CMD";
        /// IPS for the municipal target group (Stcrt. 2023, 6260): 2 or 3 years.
        IpsMunicipal2023 = "IPS_MUNICIPAL_2023", "Subsidieregeling IPS-trajecten gemeentelijke doelgroep";
        /// Any other, described in `schemeDescription`.
        Other = "OTHER", "overig";
    }
}

code_enum! {
    /// Who pays.
    Financier {
        /// UWV.
        Uwv = "UWV", "UWV";
        /// The municipality.
        Municipality = "MUNICIPALITY", "gemeente";
        /// A health insurer.
        HealthInsurer = "HEALTH_INSURER", "zorgverzekeraar";
        /// The organisation's own funds.
        OwnFunds = "OWN_FUNDS", "eigen middelen";
        /// Anyone else.
        Other = "OTHER", "overig";
    }
}

code_enum! {
    /// Status of a financing record (municipal regulation flow).
    FinancingStatus {
        /// Being prepared.
        Draft = "DRAFT", "concept";
        /// Applied for (GGZ → municipality).
        Applied = "APPLIED", "aangevraagd";
        /// Granted.
        Granted = "GRANTED", "toegekend";
        /// Rejected (terminal).
        Rejected = "REJECTED", "afgewezen";
        /// Running: the municipality asked UWV to pay.
        Running = "RUNNING", "lopend";
        /// Stopped early, with a stop notice (stopbericht).
        Stopped = "STOPPED", "gestopt";
        /// Ended, with an end report (beëindigingsverslag).
        Ended = "ENDED", "beëindigd";
        /// Settled by the final decision (vaststellingsbeschikking) (terminal).
        Settled = "SETTLED", "vastgesteld";
    }
}

/// The allowed transitions.
pub const TRANSITIONS: [(FinancingStatus, FinancingStatus); 8] = {
    use FinancingStatus as F;
    [
        (F::Draft, F::Applied),
        (F::Applied, F::Granted),
        (F::Applied, F::Rejected),
        (F::Granted, F::Running),
        (F::Running, F::Stopped),
        (F::Running, F::Ended),
        (F::Stopped, F::Ended),
        (F::Ended, F::Settled),
    ]
};

/// Where a financing record may go from `from`.
#[must_use]
pub fn targets(from: FinancingStatus) -> Vec<FinancingStatus> {
    TRANSITIONS
        .iter()
        .filter(|(f, _)| *f == from)
        .map(|(_, t)| *t)
        .collect()
}

/// Longest extension the CMD regulation allows, in months.
pub const IPS_CMD_MAX_EXTENSION_MONTHS: i32 = 12;

impl FinancingStatus {
    /// Whether no transition leaves this status (REJECTED, SETTLED).
    #[must_use]
    pub fn is_terminal(self) -> bool {
        !TRANSITIONS.iter().any(|(from, _)| *from == self)
    }

    /// Whether the financier decides this step: the grant or rejection of the application,
    /// and the start of payment (the municipality asks UWV to pay).
    #[must_use]
    pub const fn decided_by_financier(self) -> bool {
        matches!(self, Self::Granted | Self::Rejected | Self::Running)
    }
}

/// What a financing record says, apart from its status: everything a client of the API
/// sends and may correct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinancingTerms {
    /// The scheme or regulation.
    pub scheme: FinancingScheme,
    /// What the scheme is, when it is OTHER.
    pub scheme_description: Option<String>,
    /// Who pays.
    pub financier: Financier,
    /// The organisation that pays or decides, when it uses werkpad.
    pub financier_organisation_id: Option<OrganisationId>,
    /// Applied for (aanvraagdatum).
    pub application_date: Option<NaiveDate>,
    /// Decided on (besluitdatum).
    pub decision_date: Option<NaiveDate>,
    /// Started: the financier's approval (UWV "datum gestart").
    pub start_date: Option<NaiveDate>,
    /// Ended or stopped.
    pub end_date: Option<NaiveDate>,
    /// Longest duration the scheme grants, in months.
    pub max_duration_months: Option<i32>,
    /// Extension granted, in months.
    pub extension_months: Option<i32>,
    /// Amount in euro cents.
    pub amount_cents: Option<i64>,
}

/// A financing record to create, validated except for what needs the database (the
/// financier organisation's existence and kind).
#[derive(Clone, Debug)]
pub struct NewFinancing {
    /// Its terms.
    pub terms: FinancingTerms,
    /// When the draft was made (default today).
    pub status_date: Option<NaiveDate>,
}

/// A change to a financing record's terms (JSON Merge Patch, each member checked on its
/// own); the status changes only by transitions. `Some(None)` removes a value.
#[derive(Clone, Debug, Default)]
pub struct FinancingChanges {
    /// Scheme.
    pub scheme: Option<FinancingScheme>,
    /// Scheme description.
    pub scheme_description: Option<Option<String>>,
    /// Financier.
    pub financier: Option<Financier>,
    /// Financier organisation.
    pub financier_organisation_id: Option<Option<OrganisationId>>,
    /// Application date.
    pub application_date: Option<Option<NaiveDate>>,
    /// Decision date.
    pub decision_date: Option<Option<NaiveDate>>,
    /// Start date.
    pub start_date: Option<Option<NaiveDate>>,
    /// End date.
    pub end_date: Option<Option<NaiveDate>>,
    /// Maximum duration.
    pub max_duration_months: Option<Option<i32>>,
    /// Extension.
    pub extension_months: Option<Option<i32>>,
    /// Amount.
    pub amount_cents: Option<Option<i64>>,
}

impl FinancingChanges {
    /// The terms after this change.
    #[must_use]
    pub fn applied_to(&self, current: &FinancingTerms) -> FinancingTerms {
        fn pick<T: Clone>(change: Option<&T>, current: &T) -> T {
            change.unwrap_or(current).clone()
        }
        FinancingTerms {
            scheme: pick(self.scheme.as_ref(), &current.scheme),
            scheme_description: pick(
                self.scheme_description.as_ref(),
                &current.scheme_description,
            ),
            financier: pick(self.financier.as_ref(), &current.financier),
            financier_organisation_id: pick(
                self.financier_organisation_id.as_ref(),
                &current.financier_organisation_id,
            ),
            application_date: pick(self.application_date.as_ref(), &current.application_date),
            decision_date: pick(self.decision_date.as_ref(), &current.decision_date),
            start_date: pick(self.start_date.as_ref(), &current.start_date),
            end_date: pick(self.end_date.as_ref(), &current.end_date),
            max_duration_months: pick(
                self.max_duration_months.as_ref(),
                &current.max_duration_months,
            ),
            extension_months: pick(self.extension_months.as_ref(), &current.extension_months),
            amount_cents: pick(self.amount_cents.as_ref(), &current.amount_cents),
        }
    }
}

/// A financing record as stored.
#[derive(Clone, Debug)]
pub struct Financing {
    /// Id.
    pub id: FinancingId,
    /// The trajectory it finances.
    pub trajectory_id: TrajectoryId,
    /// The trajectory's client.
    pub client_id: ClientId,
    /// Its terms.
    pub terms: FinancingTerms,
    /// Current status.
    pub status: FinancingStatus,
    /// Date of the last transition (of the draft, at first).
    pub status_date: NaiveDate,
    /// Organisation that created it.
    pub origin_organisation_id: OrganisationId,
    /// Row version.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A requested transition.
#[derive(Clone, Debug)]
pub struct TransitionRequest {
    /// Target status.
    pub to: FinancingStatus,
    /// When it happened (default today).
    pub date: Option<NaiveDate>,
    /// Why (required for STOPPED: the reason in the stop notice).
    pub reason: Option<String>,
}

/// A recorded transition.
#[derive(Clone, Debug)]
pub struct FinancingTransition {
    /// Id.
    pub id: TransitionId,
    /// The financing record.
    pub financing_id: FinancingId,
    /// Status before (`None` for the draft that created the record).
    pub from: Option<FinancingStatus>,
    /// Status after.
    pub to: FinancingStatus,
    /// When it happened.
    pub date: NaiveDate,
    /// Why.
    pub reason: Option<String>,
    /// Who recorded it.
    pub actor_user_id: UserId,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}
