//! Roles (domain.md §8.1) and organisation kinds (§13), and which role may work at which kind
//! of organisation.

code_enum! {
    /// What a professional does in werkpad; one per account.
    Role {
        /// IPS job coach inside the GGZ team.
        EmploymentSpecialist = "EMPLOYMENT_SPECIALIST", "IPS-trajectbegeleider";
        /// Treating clinician.
        Practitioner = "PRACTITIONER", "behandelaar / regiebehandelaar";
        /// UWV labour expert.
        UwvLabourExpert = "UWV_LABOUR_EXPERT", "arbeidsdeskundige UWV";
        /// Municipal case manager.
        MunicipalCaseManager = "MUNICIPAL_CASE_MANAGER", "klantmanager / casemanager gemeente";
        /// Account manager of an employer services point.
        WspAccountManager = "WSP_ACCOUNT_MANAGER", "accountmanager werkgeversservicepunt";
        /// Workplace job coach.
        JobCoach = "JOB_COACH", "jobcoach";
        /// Monitors one region's target; aggregates only.
        RegionalCoordinator = "REGIONAL_COORDINATOR", "regiocoördinator / programmaleider";
        /// Privacy officer reviewing the access log.
        Auditor = "AUDITOR", "functionaris gegevensbescherming / auditor";
        /// Operator: organisations and accounts, no client content.
        SystemAdmin = "SYSTEM_ADMIN", "beheerder";
        /// Monitors every region; aggregates only.
        ProgrammeCoordinator = "PROGRAMME_COORDINATOR", "landelijk programmaleider";
        /// Manages the accounts of its own organisation; no client content.
        OrgAdmin = "ORG_ADMIN", "functioneel beheerder";
    }
}

code_enum! {
    /// The kind of organisation an account belongs to.
    OrganisationKind {
        /// Mental-health care provider.
        Ggz = "GGZ", "ggz-instelling";
        /// Employee insurance agency.
        Uwv = "UWV", "UWV-vestiging";
        /// Municipality.
        Municipality = "MUNICIPALITY", "gemeente";
        /// Employer services point.
        Wsp = "WSP", "werkgeversservicepunt";
        /// Recognised job-coach organisation.
        JobcoachOrganisation = "JOBCOACH_ORGANISATION", "jobcoachorganisatie";
        /// Employer (for example with an internal job coach).
        Employer = "EMPLOYER", "werkgever";
        /// Anything else: operator, regional programme office, sheltered housing.
        Other = "OTHER", "overig";
    }
}

impl Role {
    /// Whether an account with this role may belong to an organisation of `kind`.
    ///
    /// The rule follows the "Organisation" column of domain.md §8.1: care roles sit in GGZ,
    /// benefit roles at their agency, the WSP is staffed by municipalities and UWV, job coaches
    /// are external or employed by the employer, and the operator and national programme live
    /// in an `OTHER` organisation. Any controller has an auditor and an account manager.
    #[must_use]
    pub const fn fits(self, kind: OrganisationKind) -> bool {
        use OrganisationKind as K;
        match self {
            Self::EmploymentSpecialist | Self::Practitioner => matches!(kind, K::Ggz),
            Self::UwvLabourExpert => matches!(kind, K::Uwv),
            Self::MunicipalCaseManager => matches!(kind, K::Municipality),
            Self::WspAccountManager => matches!(kind, K::Wsp | K::Municipality | K::Uwv),
            Self::JobCoach => matches!(kind, K::JobcoachOrganisation | K::Employer),
            Self::RegionalCoordinator => matches!(kind, K::Municipality | K::Wsp | K::Other),
            Self::SystemAdmin | Self::ProgrammeCoordinator => matches!(kind, K::Other),
            Self::Auditor | Self::OrgAdmin => true,
        }
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
    use super::{OrganisationKind as K, Role};

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(*role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        for kind in K::ALL {
            assert_eq!(kind.as_str().parse::<K>(), Ok(*kind));
        }
        assert_eq!(Role::ALL.len(), 11);
        assert_eq!(K::ALL.len(), 7);
    }

    #[test]
    fn roles_fit_their_organisations() {
        assert!(Role::UwvLabourExpert.fits(K::Uwv));
        assert!(!Role::UwvLabourExpert.fits(K::Municipality));
        assert!(Role::EmploymentSpecialist.fits(K::Ggz));
        assert!(!Role::EmploymentSpecialist.fits(K::Uwv));
        assert!(!Role::MunicipalCaseManager.fits(K::Ggz));
        assert!(Role::SystemAdmin.fits(K::Other));
        assert!(!Role::SystemAdmin.fits(K::Ggz));
        assert!(K::ALL.iter().all(|k| Role::OrgAdmin.fits(*k)));
        // Every kind can host at least one non-administrative role or an auditor.
        assert!(
            K::ALL
                .iter()
                .all(|k| Role::ALL.iter().filter(|r| r.fits(*k)).count() >= 2)
        );
    }
}
