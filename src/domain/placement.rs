//! Placements (plaatsingen): work types, contract types and why a placement ended
//! (domain.md §9).

code_enum! {
    /// Kind of work (werksoort, domain.md §9.2).
    WorkType {
        /// Regular paid job on the open labour market, at least minimum wage.
        RegularPaid = "REGULAR_PAID", "regulier betaald";
        /// Regular job with wage-cost subsidy.
        RegularWithWageSubsidy = "REGULAR_WITH_WAGE_SUBSIDY", "regulier met loonkostensubsidie";
        /// Paid through an agency or secondment.
        AgencyOrSecondment = "AGENCY_OR_SECONDMENT", "uitzend / detachering";
        /// Self-employed.
        SelfEmployed = "SELF_EMPLOYED", "zelfstandig";
        /// Sheltered work (Participatiewet art. 10b); paid, reported separately.
        ShelteredWork = "SHELTERED_WORK", "beschut werk";
        /// Legacy sheltered employment (Wsw); paid, reported separately.
        ShelteredWsw = "SHELTERED_WSW", "sociale werkvoorziening (Wsw)";
        /// Unpaid trial placement with benefit.
        TrialPlacement = "TRIAL_PLACEMENT", "proefplaatsing";
        /// Work-experience placement; an intermediate step.
        WorkExperiencePlacement = "WORK_EXPERIENCE_PLACEMENT", "werkervaringsplaats";
        /// Participation placement; an intermediate step.
        ParticipationPlacement = "PARTICIPATION_PLACEMENT", "participatieplaats";
        /// Volunteer work.
        VolunteerWork = "VOLUNTEER_WORK", "vrijwilligerswerk";
        /// Day activities.
        DayActivities = "DAY_ACTIVITIES", "dagbesteding";
        /// Education; a separate outcome.
        Education = "EDUCATION", "opleiding";
    }
}

impl WorkType {
    /// Whether this is paid work: what `PLACED` and durable-work counting need.
    #[must_use]
    pub const fn is_paid(self) -> bool {
        matches!(
            self,
            Self::RegularPaid
                | Self::RegularWithWageSubsidy
                | Self::AgencyOrSecondment
                | Self::SelfEmployed
                | Self::ShelteredWork
                | Self::ShelteredWsw
        )
    }

    /// The work types that count as paid, for SQL.
    #[must_use]
    pub fn paid() -> Vec<Self> {
        Self::ALL.iter().copied().filter(|w| w.is_paid()).collect()
    }
}

code_enum! {
    /// Kind of contract (domain.md §9.2).
    ContractType {
        /// Permanent (onbepaalde tijd).
        Permanent = "PERMANENT", "onbepaalde tijd";
        /// Fixed term (bepaalde tijd).
        FixedTerm = "FIXED_TERM", "bepaalde tijd";
        /// Agency (uitzend).
        Agency = "AGENCY", "uitzendovereenkomst";
        /// On call (oproep).
        OnCall = "ON_CALL", "oproepovereenkomst";
        /// Self-employed.
        SelfEmployed = "SELF_EMPLOYED", "zelfstandig";
        /// No employment contract (unpaid placements).
        None = "NONE", "geen arbeidsovereenkomst";
    }
}

code_enum! {
    /// Why a placement ended.
    PlacementEndReason {
        /// The contract ran out.
        ContractEnded = "CONTRACT_ENDED", "contract afgelopen";
        /// Dismissed by the employer.
        Dismissed = "DISMISSED", "ontslag door werkgever";
        /// The client resigned.
        Resigned = "RESIGNED", "ontslag genomen";
        /// Health.
        Health = "HEALTH", "gezondheid";
        /// Moved to another job.
        OtherJob = "OTHER_JOB", "andere baan";
        /// A trial placement ended.
        TrialEnded = "TRIAL_ENDED", "proefplaatsing afgelopen";
        /// The company closed.
        CompanyClosed = "COMPANY_CLOSED", "bedrijf gesloten";
        /// Anything else.
        Other = "OTHER", "overig";
    }
}
