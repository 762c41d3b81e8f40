//! Fidelity reviews (IPS-25, domain.md §4 and the FIDELITY row of §8.6): who records an
//! organisation's review report and who reads it. A review is about a team, never a client,
//! so no care-team membership or consent is involved; reach is by organisation and region.
//!
//! werkpad has no team entity, so the matrix's "own team" is the caller's own organisation.
//! The matrix names no writer; ours: the organisation's functional administrator (ORG_ADMIN)
//! records the report its organisation received, and the national programme coordinator
//! records for any organisation. Readers: employment specialists and practitioners, and the
//! administrator, of the reviewed organisation; a regional coordinator for the organisations
//! that share a labour-market region with its own; the programme coordinator for all. UWV
//! and the municipality see fidelity only as aggregates ("A"), in the outcome reports, so
//! they, like every other role, are refused these records (403).

use super::{Decision, Deny, Subject, Target};
use crate::domain::{OrganisationId, Role};

/// Which organisations' fidelity reviews a caller may read. Turned into SQL only in
/// `db/scope.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FidelityScope {
    /// Those of this organisation.
    Organisation(OrganisationId),
    /// Those of every organisation that shares a labour-market region with this one (itself
    /// included, when it has a region).
    RegionsOf(OrganisationId),
    /// All of them.
    All,
}

/// Whether the role could ever record a review (decided before anything is looked up).
pub(super) const fn may_record(role: Role) -> bool {
    match role {
        Role::OrgAdmin | Role::ProgrammeCoordinator => true,
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::Auditor
        | Role::SystemAdmin => false,
    }
}

/// Recording a review of the organisation in `target`: the administrator for its own
/// organisation only (another one is outside its reach, 404), the programme coordinator for
/// any.
pub(super) fn record(subject: Subject, target: &Target) -> Decision {
    match subject.role {
        Role::ProgrammeCoordinator => {
            Decision::Allow("programme_coordinator_records_fidelity_review", None)
        }
        Role::OrgAdmin if target.organisation_id == Some(subject.organisation_id) => {
            Decision::Allow("org_admin_records_own_fidelity_review", None)
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
        | Role::SystemAdmin => Decision::Deny(Deny::Role),
    }
}

/// The reviews the subject may read, or `None` when its role reads none.
pub(super) const fn scope(subject: Subject) -> Option<FidelityScope> {
    match subject.role {
        Role::EmploymentSpecialist | Role::Practitioner | Role::OrgAdmin => {
            Some(FidelityScope::Organisation(subject.organisation_id))
        }
        Role::RegionalCoordinator => Some(FidelityScope::RegionsOf(subject.organisation_id)),
        Role::ProgrammeCoordinator => Some(FidelityScope::All),
        // UWV and the municipality: aggregates only, in the outcome reports.
        Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::Auditor
        | Role::SystemAdmin => None,
    }
}

/// Reading reviews; which ones is the scope's matter (404 outside it).
pub(super) const fn read(subject: Subject) -> Decision {
    match scope(subject) {
        Some(_) => Decision::Allow("fidelity_reviews_within_scope", None),
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
    use super::FidelityScope;
    use crate::authz::{Action, Decision, Deny, Subject, Target, decide, matrix};
    use crate::domain::{OrganisationId, OrganisationKind, Role};

    /// Where the reviewed organisation stands to the caller's.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Relation {
        /// The caller's own organisation.
        Own,
        /// Another organisation in a labour-market region of the caller's.
        SameRegion,
        /// Another organisation in no region of the caller's.
        Other,
    }

    const RELATIONS: [Relation; 3] = [Relation::Own, Relation::SameRegion, Relation::Other];

    /// What `db/scope.rs` writes as SQL, read as a predicate on the relation. The caller's
    /// organisation has a region here, so it shares one with itself.
    fn reaches(scope: FidelityScope, relation: Relation) -> bool {
        match scope {
            FidelityScope::All => true,
            FidelityScope::RegionsOf(_) => relation != Relation::Other,
            FidelityScope::Organisation(_) => relation == Relation::Own,
        }
    }

    fn outcome(d: Decision) -> Result<(), Deny> {
        match d {
            Decision::Allow(..) => Ok(()),
            Decision::Deny(d) => Err(d),
        }
    }

    /// The expected table, written out independently of the code: (role, relation) →
    /// (reading, recording), each allowed, 404 or 403.
    fn expected(role: Role, relation: Relation) -> (Result<(), Deny>, Result<(), Deny>) {
        use Relation as R;
        use Role as Ro;
        let ok = Ok(());
        let hidden = Err(Deny::NotVisible);
        let refused = Err(Deny::Role);
        match (role, relation) {
            (Ro::ProgrammeCoordinator, _) | (Ro::OrgAdmin, R::Own) => (ok, ok),
            (Ro::OrgAdmin, R::SameRegion | R::Other) => (hidden, hidden),
            (Ro::EmploymentSpecialist | Ro::Practitioner, R::Own)
            | (Ro::RegionalCoordinator, R::Own | R::SameRegion) => (ok, refused),
            (Ro::EmploymentSpecialist | Ro::Practitioner, R::SameRegion | R::Other)
            | (Ro::RegionalCoordinator, R::Other) => (hidden, refused),
            (
                Ro::UwvLabourExpert
                | Ro::MunicipalCaseManager
                | Ro::WspAccountManager
                | Ro::JobCoach
                | Ro::Auditor
                | Ro::SystemAdmin,
                _,
            ) => (refused, refused),
        }
    }

    #[test]
    fn every_role_against_own_same_region_and_other_organisations() {
        let mine = OrganisationId::new();
        for role in Role::ALL {
            let subject = Subject {
                user_id: crate::domain::UserId::new(),
                organisation_id: mine,
                organisation_kind: OrganisationKind::Ggz,
                role: *role,
            };
            for relation in RELATIONS {
                let reviewed = if relation == Relation::Own {
                    mine
                } else {
                    OrganisationId::new()
                };
                let read = outcome(decide(
                    subject,
                    Action::ReadFidelityReviews,
                    &Target::default(),
                ))
                .and_then(|()| {
                    let scope = super::scope(subject).expect("a reader has a scope");
                    if reaches(scope, relation) {
                        Ok(())
                    } else {
                        Err(Deny::NotVisible)
                    }
                });
                let target = Target {
                    organisation_id: Some(reviewed),
                    ..Target::default()
                };
                let record = outcome(decide(subject, Action::RecordFidelityReview, &target));
                assert_eq!(
                    (read, record),
                    expected(*role, relation),
                    "{role:?} {relation:?}"
                );
            }
            // Refused before anything is looked up exactly when the role may never.
            let (reads, records): (Vec<_>, Vec<_>) =
                RELATIONS.iter().map(|r| expected(*role, *r)).unzip();
            let may =
                |outcomes: &[Result<(), Deny>]| outcomes.iter().any(|o| *o != Err(Deny::Role));
            assert_eq!(
                matrix::role_may(subject, Action::ReadFidelityReviews),
                may(&reads),
                "{role:?} reads"
            );
            assert_eq!(
                matrix::role_may(subject, Action::RecordFidelityReview),
                may(&records),
                "{role:?} records"
            );
        }
    }

    #[test]
    fn each_reader_gets_its_own_scope() {
        let mine = OrganisationId::new();
        for role in Role::ALL {
            let subject = Subject {
                user_id: crate::domain::UserId::new(),
                organisation_id: mine,
                organisation_kind: OrganisationKind::Other,
                role: *role,
            };
            let want = match role {
                Role::EmploymentSpecialist | Role::Practitioner | Role::OrgAdmin => {
                    Some(FidelityScope::Organisation(mine))
                }
                Role::RegionalCoordinator => Some(FidelityScope::RegionsOf(mine)),
                Role::ProgrammeCoordinator => Some(FidelityScope::All),
                _ => None,
            };
            assert_eq!(super::scope(subject), want, "{role:?}");
        }
    }
}
