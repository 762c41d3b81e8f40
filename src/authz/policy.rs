//! The rules, as a pure function of (role, action, target). Mirrors domain.md §8 and the
//! account rules of the foundation: only a system administrator manages organisations; an
//! organisation's administrator manages the accounts of its own organisation and cannot hand
//! out the operator's or the national programme's roles; everyone may read their own account.

use super::{Action, Decision, Deny, Scope, Target};
use crate::domain::{OrganisationId, Role};

/// Roles that only a system administrator may grant or change, because they reach beyond
/// one organisation.
const OPERATOR_ROLES: [Role; 2] = [Role::SystemAdmin, Role::ProgrammeCoordinator];

pub(super) fn decide(
    role: Role,
    organisation: OrganisationId,
    action: Action,
    target: &Target,
) -> Decision {
    use Action as A;
    match role {
        Role::SystemAdmin => match action {
            A::ListOrganisations
            | A::CreateOrganisation
            | A::ReadOrganisation
            | A::UpdateOrganisation
            | A::ListUsers
            | A::ReadUser
            | A::CreateUser
            | A::UpdateUser
            | A::EndUserSessions => Decision::Allow("system_admin_manages_all_accounts"),
            A::ReadOwnAccount => Decision::Allow("own_account"),
            A::ReadReferenceData => Decision::Allow("reference_data_is_public_to_accounts"),
        },
        Role::OrgAdmin => match action {
            A::ListOrganisations | A::CreateOrganisation | A::UpdateOrganisation => {
                Decision::Deny(Deny::Role)
            }
            A::ReadOrganisation => {
                if target.organisation_id == Some(organisation) {
                    Decision::Allow("org_admin_reads_own_organisation")
                } else {
                    Decision::Deny(Deny::NotVisible)
                }
            }
            A::ListUsers => Decision::Allow("org_admin_manages_own_organisation"),
            A::ReadUser | A::CreateUser | A::UpdateUser | A::EndUserSessions => {
                if target.organisation_id != Some(organisation) {
                    Decision::Deny(Deny::NotVisible)
                } else if action != A::ReadUser
                    && target.roles.iter().any(|r| OPERATOR_ROLES.contains(r))
                {
                    Decision::Deny(Deny::Role)
                } else {
                    Decision::Allow("org_admin_manages_own_organisation")
                }
            }
            A::ReadOwnAccount => Decision::Allow("own_account"),
            A::ReadReferenceData => Decision::Allow("reference_data_is_public_to_accounts"),
        },
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::Auditor
        | Role::ProgrammeCoordinator => match action {
            A::ListOrganisations
            | A::CreateOrganisation
            | A::ReadOrganisation
            | A::UpdateOrganisation
            | A::ListUsers
            | A::ReadUser
            | A::CreateUser
            | A::UpdateUser
            | A::EndUserSessions => Decision::Deny(Deny::Role),
            A::ReadOwnAccount => Decision::Allow("own_account"),
            A::ReadReferenceData => Decision::Allow("reference_data_is_public_to_accounts"),
        },
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
    use super::{Action as A, Decision, Deny, Target, decide};
    use crate::domain::{OrganisationId, Role};

    const ALL_ACTIONS: [A; 11] = [
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
    fn matrix() {
        let mine = OrganisationId::new();
        let other = OrganisationId::new();
        for role in Role::ALL {
            for action in ALL_ACTIONS {
                for same_org in [true, false] {
                    for target_role in Role::ALL {
                        let target = Target {
                            organisation_id: Some(if same_org { mine } else { other }),
                            roles: vec![*target_role],
                        };
                        let got = match decide(*role, mine, action, &target) {
                            Decision::Allow(_) => Ok(()),
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
}
