//! Emergency access (break-glass, noodtoegang; domain.md §8.7): who may open a client file
//! outside their involvement, and who may see that it happened.
//!
//! Only the GGZ care roles (EMPLOYMENT_SPECIALIST, PRACTITIONER, at a GGZ organisation) may
//! break the glass; never a W&I role, whose access to GGZ data rests on the client's consent
//! and cannot be widened by an emergency. Breaking the glass makes the professional a
//! care-team member for a limited time and nothing more: what they then read is decided by
//! the matrix and the consent rules as for any member.
//!
//! The grants are reviewed by the AUDITOR of the professional's organisation or of the
//! organisation that registered the client; the professional may read back their own.

use super::{Decision, Deny, Subject, Target};
use crate::domain::{OrganisationId, OrganisationKind, Role, UserId};

/// Which emergency accesses a caller may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmergencyAccessScope {
    /// Those by users of this organisation, or on clients this organisation registered.
    Organisation(OrganisationId),
    /// Only this professional's own.
    Own(UserId),
}

/// Whether the subject is a GGZ care professional: the only one who may break the glass.
const fn ggz_care_role(subject: Subject) -> bool {
    let care_role = match subject.role {
        Role::EmploymentSpecialist | Role::Practitioner => true,
        Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => false,
    };
    care_role && matches!(subject.organisation_kind, OrganisationKind::Ggz)
}

/// Whether the role could ever break the glass (decided before the client is looked up).
pub(super) const fn may_break_glass(subject: Subject) -> bool {
    ggz_care_role(subject)
}

/// Breaking the glass on the client of `target`. Whether the caller is a member already is
/// not the policy's question but the use case's (a conflict, 409).
pub(super) const fn break_glass(subject: Subject, target: &Target) -> Decision {
    if !may_break_glass(subject) {
        return Decision::Deny(Deny::Role);
    }
    match target.record {
        Some(_) => Decision::Allow("ggz_care_role_breaks_glass", None),
        // No client loaded: nothing to open.
        None => Decision::Deny(Deny::NotVisible),
    }
}

/// The emergency accesses the subject may see, or `None` when its role sees none.
pub(super) const fn scope(subject: Subject) -> Option<EmergencyAccessScope> {
    match subject.role {
        Role::Auditor => Some(EmergencyAccessScope::Organisation(subject.organisation_id)),
        Role::EmploymentSpecialist | Role::Practitioner if ggz_care_role(subject) => {
            Some(EmergencyAccessScope::Own(subject.user_id))
        }
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::SystemAdmin
        | Role::OrgAdmin => None,
    }
}

/// Listing the emergency accesses: the auditor's review. A professional reads their own
/// grant back one at a time (the `Location` of its creation).
pub(super) const fn list(subject: Subject) -> Decision {
    match scope(subject) {
        Some(EmergencyAccessScope::Organisation(_)) => {
            Decision::Allow("auditor_reviews_emergency_access", None)
        }
        Some(EmergencyAccessScope::Own(_)) | None => Decision::Deny(Deny::Role),
    }
}

/// Reading one emergency access; which ones is the scope's matter (404 outside it).
pub(super) const fn read(subject: Subject) -> Decision {
    match scope(subject) {
        Some(EmergencyAccessScope::Organisation(_)) => {
            Decision::Allow("auditor_reviews_emergency_access", None)
        }
        Some(EmergencyAccessScope::Own(_)) => {
            Decision::Allow("professional_reads_own_emergency_access", None)
        }
        None => Decision::Deny(Deny::Role),
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

    use super::EmergencyAccessScope;
    use crate::authz::{Action, Decision, Deny, Record, Subject, Target, decide};
    use crate::domain::consent::Origin;
    use crate::domain::{OrganisationId, OrganisationKind, Role, UserId};

    const KINDS: [OrganisationKind; 4] = [
        OrganisationKind::Ggz,
        OrganisationKind::Uwv,
        OrganisationKind::Municipality,
        OrganisationKind::Other,
    ];

    fn subject(role: Role, kind: OrganisationKind) -> Subject {
        Subject {
            user_id: UserId::new(),
            organisation_id: OrganisationId::new(),
            organisation_kind: kind,
            role,
        }
    }

    fn client(member: bool) -> Target {
        let origin = Origin {
            organisation_id: OrganisationId::new(),
            ggz: false,
        };
        Target::record(Record::new(
            member,
            origin,
            Vec::new(),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        ))
    }

    fn outcome(d: Decision) -> Result<(), Deny> {
        match d {
            Decision::Allow(..) => Ok(()),
            Decision::Deny(d) => Err(d),
        }
    }

    /// Written out independently of the code: only EMPLOYMENT_SPECIALIST and PRACTITIONER at
    /// a GGZ organisation, whether or not they are a member already (that is a 409, not the
    /// policy's refusal).
    #[test]
    fn only_ggz_care_roles_break_the_glass() {
        for role in Role::ALL {
            for kind in KINDS {
                let s = subject(*role, kind);
                let care = matches!(role, Role::EmploymentSpecialist | Role::Practitioner)
                    && kind == OrganisationKind::Ggz;
                for member in [false, true] {
                    let got = outcome(decide(s, Action::BreakGlass, &client(member)));
                    let want = if care { Ok(()) } else { Err(Deny::Role) };
                    assert_eq!(got, want, "{role:?} at {kind:?} member={member}");
                }
                // Without a client there is nothing to open; a role that may never still
                // hears that first.
                let want = if care {
                    Err(Deny::NotVisible)
                } else {
                    Err(Deny::Role)
                };
                assert_eq!(
                    outcome(decide(s, Action::BreakGlass, &Target::default())),
                    want,
                    "{role:?} at {kind:?} without a client"
                );
                assert_eq!(
                    crate::authz::matrix::role_may(s, Action::BreakGlass),
                    care,
                    "{role:?} at {kind:?}"
                );
            }
        }
    }

    #[test]
    fn the_auditor_reviews_and_a_professional_reads_only_their_own() {
        for role in Role::ALL {
            for kind in KINDS {
                let s = subject(*role, kind);
                let care = matches!(role, Role::EmploymentSpecialist | Role::Practitioner)
                    && kind == OrganisationKind::Ggz;
                let auditor = *role == Role::Auditor;
                let list = outcome(decide(s, Action::ListEmergencyAccesses, &Target::default()));
                assert_eq!(list.is_ok(), auditor, "{role:?} at {kind:?} lists");
                let read = outcome(decide(s, Action::ReadEmergencyAccess, &Target::default()));
                assert_eq!(read.is_ok(), auditor || care, "{role:?} at {kind:?} reads");
                let want = if auditor {
                    Some(EmergencyAccessScope::Organisation(s.organisation_id))
                } else if care {
                    Some(EmergencyAccessScope::Own(s.user_id))
                } else {
                    None
                };
                assert_eq!(super::scope(s), want, "{role:?} at {kind:?}");
                for action in [Action::ListEmergencyAccesses, Action::ReadEmergencyAccess] {
                    assert_eq!(
                        crate::authz::matrix::role_may(s, action),
                        outcome(decide(s, action, &Target::default())).is_ok(),
                        "{role:?} at {kind:?} {action:?}"
                    );
                }
            }
        }
    }
}
