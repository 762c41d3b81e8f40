//! The rules, as a pure function of (subject, action, target). One arm per action, and in
//! each a decision for every role: the account rules of the foundation here (only a system
//! administrator manages organisations; an organisation's administrator manages the accounts
//! of its own organisation and cannot hand out the operator's or the national programme's
//! roles; everyone may read their own account), the client-data matrix in `matrix.rs`,
//! emergency access in `emergency.rs`, and fidelity reviews in `fidelity.rs`.

use super::{Action, Decision, Deny, Scope, Subject, Target, emergency, fidelity, matrix, reports};
use crate::domain::{OrganisationId, Role};

/// Roles that only a system administrator may grant or change, because they reach beyond
/// one organisation.
const OPERATOR_ROLES: [Role; 2] = [Role::SystemAdmin, Role::ProgrammeCoordinator];

pub(super) fn decide(subject: Subject, action: Action, target: &Target) -> Decision {
    use Action as A;
    match action {
        A::ListOrganisations | A::CreateOrganisation | A::UpdateOrganisation => {
            operator_only(subject.role)
        }
        A::ReadOrganisation => read_organisation(subject, target),
        A::ListUsers => list_users(subject.role),
        A::ReadUser | A::CreateUser | A::UpdateUser | A::EndUserSessions => {
            manage_user(subject, action, target)
        }
        A::ReadOwnAccount => Decision::Allow("own_account", None),
        A::ReadReferenceData => Decision::Allow("reference_data_is_public_to_accounts", None),
        A::RegisterClient => matrix::register(subject),
        A::Read(category) => matrix::read_record(subject, category, target),
        A::Write(category) => matrix::write_record(subject, category, target),
        A::RecordJobcoachHours => matrix::record_hours(subject, target),
        A::ManageCareTeam => matrix::manage_care_team(subject, target),
        A::LeaveCareTeam => matrix::leave_care_team(subject, target),
        A::ReadEmployers => matrix::read_employers(subject),
        A::ManageEmployers => matrix::manage_employers(subject),
        A::JobDevelopment => matrix::job_development(subject),
        A::ExportClient => matrix::export(subject, target),
        A::EraseClient | A::ManageRetention => matrix::controller_auditor(subject, target),
        A::ReadAuditLog => read_audit_log(subject.role),
        A::ReadClientAccessLog => matrix::read_client_access_log(subject, target),
        A::BreakGlass => emergency::break_glass(subject, target),
        A::ListEmergencyAccesses => emergency::list(subject),
        A::ReadEmergencyAccess => emergency::read(subject),
        A::ReadOutcomeReport => reports::region(subject, target),
        A::ReadNationalOutcomeReport => reports::national(subject.role),
        A::RecordFidelityReview => fidelity::record(subject, target),
        A::ReadFidelityReviews => fidelity::read(subject),
    }
}

/// The access log is the auditor's (functionaris gegevensbescherming): domain.md §8.6 gives
/// AUDIT_LOG to no other role. The system administrator's "technical, no content" reading is
/// not this listing, which shows whose data was reached.
const fn read_audit_log(role: Role) -> Decision {
    match role {
        Role::Auditor => Decision::Allow("auditor_reads_own_organisation_log", None),
        Role::SystemAdmin
        | Role::OrgAdmin
        | Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator => Decision::Deny(Deny::Role),
    }
}

/// The auditor's part of the access log: the events of its own organisation's users and those
/// about the clients its organisation registered (`db/scope.rs` writes it as SQL).
pub(super) const fn audit_scope(role: Role, organisation: OrganisationId) -> Scope {
    match role {
        Role::Auditor => Scope::Organisation(organisation),
        Role::SystemAdmin
        | Role::OrgAdmin
        | Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator => Scope::None,
    }
}

const fn operator_only(role: Role) -> Decision {
    match role {
        Role::SystemAdmin => Decision::Allow("system_admin_manages_all_accounts", None),
        Role::OrgAdmin
        | Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::Auditor
        | Role::ProgrammeCoordinator => Decision::Deny(Deny::Role),
    }
}

fn read_organisation(subject: Subject, target: &Target) -> Decision {
    match subject.role {
        Role::SystemAdmin => Decision::Allow("system_admin_manages_all_accounts", None),
        Role::OrgAdmin if target.organisation_id == Some(subject.organisation_id) => {
            Decision::Allow("org_admin_reads_own_organisation", None)
        }
        Role::OrgAdmin => Decision::Deny(Deny::NotVisible),
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::Auditor
        | Role::ProgrammeCoordinator => Decision::Deny(Deny::Role),
    }
}

const fn list_users(role: Role) -> Decision {
    match role {
        Role::SystemAdmin => Decision::Allow("system_admin_manages_all_accounts", None),
        Role::OrgAdmin => Decision::Allow("org_admin_manages_own_organisation", None),
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::Auditor
        | Role::ProgrammeCoordinator => Decision::Deny(Deny::Role),
    }
}

fn manage_user(subject: Subject, action: Action, target: &Target) -> Decision {
    match subject.role {
        Role::SystemAdmin => Decision::Allow("system_admin_manages_all_accounts", None),
        Role::OrgAdmin => {
            if target.organisation_id != Some(subject.organisation_id) {
                Decision::Deny(Deny::NotVisible)
            } else if action != Action::ReadUser
                && target.roles.iter().any(|r| OPERATOR_ROLES.contains(r))
            {
                Decision::Deny(Deny::Role)
            } else {
                Decision::Allow("org_admin_manages_own_organisation", None)
            }
        }
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::Auditor
        | Role::ProgrammeCoordinator => Decision::Deny(Deny::Role),
    }
}

pub(super) fn user_scope(role: Role, organisation: OrganisationId) -> Scope {
    match role {
        Role::SystemAdmin => Scope::All,
        Role::OrgAdmin => Scope::Organisation(organisation),
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::Auditor
        | Role::ProgrammeCoordinator => Scope::None,
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
    use super::{Action as A, Decision, Deny, Scope, Subject, Target, audit_scope, decide};
    use crate::domain::{OrganisationId, OrganisationKind, Role, UserId};

    const ACCOUNT_ACTIONS: [A; 11] = [
        A::ListOrganisations,
        A::CreateOrganisation,
        A::ReadOrganisation,
        A::UpdateOrganisation,
        A::ListUsers,
        A::ReadUser,
        A::CreateUser,
        A::UpdateUser,
        A::EndUserSessions,
        A::ReadOwnAccount,
        A::ReadReferenceData,
    ];

    /// The expected table, written out independently of the code: (role, action, same
    /// organisation, target role) → allowed / 403 / 404.
    fn expected(role: Role, action: A, same_org: bool, target_role: Role) -> Result<(), Deny> {
        let operator_role = matches!(target_role, Role::SystemAdmin | Role::ProgrammeCoordinator);
        match (role, action) {
            (_, A::ReadOwnAccount | A::ReadReferenceData)
            | (Role::SystemAdmin, _)
            | (Role::OrgAdmin, A::ListUsers) => Ok(()),
            (
                Role::OrgAdmin,
                A::ListOrganisations | A::CreateOrganisation | A::UpdateOrganisation,
            ) => Err(Deny::Role),
            (Role::OrgAdmin, _) if !same_org => Err(Deny::NotVisible),
            (Role::OrgAdmin, A::ReadUser | A::ReadOrganisation) => Ok(()),
            (Role::OrgAdmin, _) if operator_role => Err(Deny::Role),
            (Role::OrgAdmin, _) => Ok(()),
            _ => Err(Deny::Role),
        }
    }

    #[test]
    fn account_matrix() {
        let mine = OrganisationId::new();
        let other = OrganisationId::new();
        for role in Role::ALL {
            let subject = Subject {
                user_id: UserId::new(),
                organisation_id: mine,
                organisation_kind: OrganisationKind::Other,
                role: *role,
            };
            for action in ACCOUNT_ACTIONS {
                for same_org in [true, false] {
                    for target_role in Role::ALL {
                        let target = Target {
                            organisation_id: Some(if same_org { mine } else { other }),
                            roles: vec![*target_role],
                            ..Target::default()
                        };
                        let got = match decide(subject, action, &target) {
                            Decision::Allow(..) => Ok(()),
                            Decision::Deny(d) => Err(d),
                        };
                        assert_eq!(
                            got,
                            expected(*role, action, same_org, *target_role),
                            "{role:?} {action:?} same_org={same_org} target={target_role:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn only_the_auditor_reads_the_access_log_and_only_its_own_organisations_part() {
        let mine = OrganisationId::new();
        for role in Role::ALL {
            let subject = Subject {
                user_id: UserId::new(),
                organisation_id: mine,
                organisation_kind: OrganisationKind::Other,
                role: *role,
            };
            let auditor = *role == Role::Auditor;
            for organisation in [Some(mine), Some(OrganisationId::new()), None] {
                let target = Target {
                    organisation_id: organisation,
                    ..Target::default()
                };
                let got = match decide(subject, A::ReadAuditLog, &target) {
                    Decision::Allow(..) => Ok(()),
                    Decision::Deny(d) => Err(d),
                };
                let want = if auditor { Ok(()) } else { Err(Deny::Role) };
                assert_eq!(got, want, "{role:?}");
            }
            let want = if auditor {
                Scope::Organisation(mine)
            } else {
                Scope::None
            };
            assert_eq!(audit_scope(*role, mine), want, "{role:?}");
        }
    }
}
