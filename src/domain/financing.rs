//! Financing (financiering, domain.md §5): schemes, financiers and the status flow of the
//! municipal regulation. Tariffs are configuration, never code; werkpad stores amounts.

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
