//! Who reads outcome reports (domain.md §8.6 "A": aggregated, de-identified only). The
//! national programme reads every region; a regional coordinator the regions its own
//! organisation works in; the caseworker roles the figures of the trajectories their own
//! organisation leads. No report has client-level rows, and every count in it passes
//! small-cell suppression, whoever reads it.

use super::{Decision, Deny, Subject, Target};
use crate::domain::Role;
use crate::domain::kpi::report::Coverage;

pub(super) const fn region(subject: Subject, target: &Target) -> Decision {
    match subject.role {
        Role::ProgrammeCoordinator => {
            Decision::Allow("programme_coordinator_reads_every_region", None)
        }
        Role::RegionalCoordinator if target.works_in_region => {
            Decision::Allow("regional_coordinator_reads_own_region", None)
        }
        Role::RegionalCoordinator => Decision::Deny(Deny::NotVisible),
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager => {
            Decision::Allow("caseworker_reads_own_organisation_figures", None)
        }
        Role::WspAccountManager
        | Role::JobCoach
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => Decision::Deny(Deny::Role),
    }
}

pub(super) const fn national(role: Role) -> Decision {
    match role {
        Role::ProgrammeCoordinator => {
            Decision::Allow("programme_coordinator_reads_every_region", None)
        }
        Role::RegionalCoordinator
        | Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => Decision::Deny(Deny::Role),
    }
}

/// Whose records an allowed reader's report covers.
pub(super) const fn coverage(subject: Subject) -> Coverage {
    match subject.role {
        Role::ProgrammeCoordinator | Role::RegionalCoordinator => Coverage::Region,
        // Only the caseworker roles are allowed a report at all; for the others this is
        // never reached, and the narrowest coverage is the safe answer.
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => Coverage::Organisation(subject.organisation_id),
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
    use super::super::{Action, decide};
    use super::*;
    use crate::domain::{OrganisationId, OrganisationKind, UserId};

    /// The table, written out independently of the code: role × own region → outcome.
    fn expected(role: Role, national: bool, own_region: bool) -> Result<Coverage, Deny> {
        let org = Coverage::Organisation(ORG);
        match (role, national) {
            (Role::ProgrammeCoordinator, _) => Ok(Coverage::Region),
            (Role::RegionalCoordinator, false) if own_region => Ok(Coverage::Region),
            (Role::RegionalCoordinator, false) => Err(Deny::NotVisible),
            (
                Role::EmploymentSpecialist
                | Role::Practitioner
                | Role::UwvLabourExpert
                | Role::MunicipalCaseManager,
                false,
            ) => Ok(org),
            _ => Err(Deny::Role),
        }
    }

    const ORG: OrganisationId = OrganisationId::nil();

    #[test]
    fn report_matrix() {
        for role in Role::ALL {
            let subject = Subject {
                user_id: UserId::new(),
                organisation_id: ORG,
                organisation_kind: OrganisationKind::Other,
                role: *role,
            };
            for national in [false, true] {
                for own_region in [false, true] {
                    let target = Target {
                        works_in_region: own_region,
                        ..Target::default()
                    };
                    let action = if national {
                        Action::ReadNationalOutcomeReport
                    } else {
                        Action::ReadOutcomeReport
                    };
                    let got = match decide(subject, action, &target) {
                        Decision::Allow(..) => Ok(coverage(subject)),
                        Decision::Deny(d) => Err(d),
                    };
                    assert_eq!(
                        got,
                        expected(*role, national, own_region),
                        "{role:?} national={national} own_region={own_region}"
                    );
                }
            }
        }
    }
}
