//! The client-data matrix (domain.md §8.6) and the decisions built on it.
//!
//! `cell` gives, for every role and data category, what the role may read and write. The
//! qualifiers of the matrix that are about the *client* ("own benefit clients", "as
//! financier", "UWV financier or client", "own clients") are met by the care-team
//! membership that every client-level access needs: the trajectory lead adds a labour expert
//! or case manager because their organisation pays for or supports the client. Qualifiers
//! about the *record* are `Qualifier`s, checked against the record's attributes here and in
//! SQL by `db/scope.rs`.
//!
//! Where this deviates from the matrix it says so at the cell.

use super::{Decision, Deny, Record, Subject, Target};
use crate::domain::benefits::Agency;
use crate::domain::consent::Requester;
use crate::domain::jobcoaching::JobcoachFinancier;
use crate::domain::{DataCategory, OrganisationKind, Role};

/// A condition on the record itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    /// A benefit UWV is responsible for (or one that neither agency owns).
    UwvBenefit,
    /// A benefit the municipality is responsible for (or one that neither agency owns).
    MunicipalBenefit,
    /// A jobcoach provision UWV pays for.
    UwvFunded,
    /// A jobcoach provision the municipality pays for.
    MunicipalityFunded,
    /// The caller's organisation is the assigned job coach (of the client's, the
    /// placement's or the provision's jobcoach provision).
    AssignedJobCoach,
    /// The caller's organisation or role is a party to the consent.
    ConsentParty,
}

/// What a role may read of a category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadCell {
    /// Nothing (matrix "–" or "A").
    Never,
    /// Everything (matrix "R"), subject to the Wgbo gate.
    Always,
    /// Its own organisation's records, others' only with consent (matrix "C").
    WithConsent,
    /// Records meeting the qualifier, subject to the Wgbo gate.
    When(Qualifier),
}

/// What a role may write of a category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteCell {
    /// Nothing.
    Never,
    /// Any record it may read (matrix "W").
    Always,
    /// Records its own organisation created (new records always are).
    OwnOrigin,
    /// Records meeting the qualifier.
    When(Qualifier),
}

/// The matrix: what `role` may read and write of `category`.
#[must_use]
pub const fn cell(role: Role, category: DataCategory) -> (ReadCell, WriteCell) {
    use DataCategory as C;
    use Qualifier as Q;
    use ReadCell as R;
    use WriteCell as W;
    const NONE: (ReadCell, WriteCell) = (R::Never, W::Never);
    match role {
        Role::EmploymentSpecialist => match category {
            C::Identity
            | C::Bsn
            | C::TargetGroupAttestation
            | C::FunctionalAdvice
            | C::VocationalProfile
            | C::TrajectoryStatus
            | C::EmployerContacts
            | C::Placements
            | C::Zrm
            | C::Consents => (R::Always, W::Always),
            // Read for benefits counselling; the provision is the financier's.
            C::Benefits | C::Jobcoaching => (R::Always, W::Never),
            C::AuditLog | C::Fidelity => NONE,
        },
        Role::Practitioner => match category {
            C::TargetGroupAttestation | C::FunctionalAdvice => (R::Always, W::Always),
            C::Identity
            | C::Bsn
            | C::VocationalProfile
            | C::TrajectoryStatus
            | C::EmployerContacts
            | C::Placements
            | C::Zrm
            | C::Consents => (R::Always, W::Never),
            C::Benefits | C::Jobcoaching | C::AuditLog | C::Fidelity => NONE,
        },
        Role::UwvLabourExpert => match category {
            // Deviation: the matrix gives UWV no identity, BSN or trajectory writes, but UWV
            // registers its own clients and leads its own (jobcoaching, other) trajectories;
            // it may change only what its own organisation created.
            C::Identity | C::Bsn | C::TrajectoryStatus => (R::Always, W::OwnOrigin),
            C::TargetGroupAttestation => (R::Always, W::Never),
            C::FunctionalAdvice | C::VocationalProfile | C::EmployerContacts | C::Zrm => {
                (R::WithConsent, W::Never)
            }
            C::Placements => (R::Always, W::Always),
            C::Benefits => (R::When(Q::UwvBenefit), W::When(Q::UwvBenefit)),
            C::Jobcoaching => (R::When(Q::UwvFunded), W::When(Q::UwvFunded)),
            C::Consents => (R::When(Q::ConsentParty), W::Never),
            C::AuditLog | C::Fidelity => NONE,
        },
        Role::MunicipalCaseManager => match category {
            // Deviation as for UWV: the municipality registers and leads its own.
            C::Identity | C::Bsn | C::TrajectoryStatus => (R::Always, W::OwnOrigin),
            C::TargetGroupAttestation => (R::Always, W::Never),
            C::FunctionalAdvice | C::VocationalProfile | C::EmployerContacts => {
                (R::WithConsent, W::Never)
            }
            // "R/W if the municipality assessed, else C".
            C::Zrm => (R::WithConsent, W::OwnOrigin),
            C::Placements => (R::Always, W::Always),
            C::Benefits => (R::When(Q::MunicipalBenefit), W::When(Q::MunicipalBenefit)),
            C::Jobcoaching => (
                R::When(Q::MunicipalityFunded),
                W::When(Q::MunicipalityFunded),
            ),
            C::Consents => (R::When(Q::ConsentParty), W::Never),
            C::AuditLog | C::Fidelity => NONE,
        },
        Role::WspAccountManager => match category {
            C::Identity | C::VocationalProfile | C::Placements => (R::WithConsent, W::Never),
            // "R/W (own)": its own contacts; others' with consent.
            C::EmployerContacts => (R::WithConsent, W::OwnOrigin),
            C::Consents => (R::When(Q::ConsentParty), W::Never),
            C::Bsn
            | C::TargetGroupAttestation
            | C::FunctionalAdvice
            | C::TrajectoryStatus
            | C::Benefits
            | C::Jobcoaching
            | C::Zrm
            | C::AuditLog
            | C::Fidelity => NONE,
        },
        Role::JobCoach => match category {
            C::Identity | C::Placements | C::Jobcoaching => {
                (R::When(Q::AssignedJobCoach), W::Never)
            }
            C::FunctionalAdvice => (R::WithConsent, W::Never),
            C::Consents => (R::When(Q::ConsentParty), W::Never),
            C::Bsn
            | C::TargetGroupAttestation
            | C::VocationalProfile
            | C::TrajectoryStatus
            | C::EmployerContacts
            | C::Benefits
            | C::Zrm
            | C::AuditLog
            | C::Fidelity => NONE,
        },
        // Aggregates and accounts only: no client-level content (issue 3, domain.md §8.6;
        // the auditor's consent reading is replaced by the access log of issue 4).
        Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => NONE,
    }
}

/// Whether an organisation of this kind has a statutory basis to process the BSN: care
/// providers (Wet gebruik BSN in de zorg), UWV and municipalities (Wabb). WSPs, job-coach
/// organisations and employers do not.
const fn may_process_bsn(kind: OrganisationKind) -> bool {
    matches!(
        kind,
        OrganisationKind::Ggz | OrganisationKind::Uwv | OrganisationKind::Municipality
    )
}

impl Qualifier {
    /// Whether meeting the qualifier is itself enough, without the Wgbo gate: a consent is
    /// the client's own message to its recipient, who must be able to see what it was given
    /// (and that it was withdrawn).
    #[must_use]
    pub const fn ungated(self) -> bool {
        matches!(self, Self::ConsentParty)
    }

    fn holds(self, subject: Subject, record: &Record) -> bool {
        match self {
            Self::UwvBenefit => record
                .benefit_type
                .is_some_and(|t| matches!(t.agency(), Agency::Uwv | Agency::Either)),
            Self::MunicipalBenefit => record
                .benefit_type
                .is_some_and(|t| matches!(t.agency(), Agency::Municipality | Agency::Either)),
            Self::UwvFunded => record.jobcoach_financier == Some(JobcoachFinancier::Uwv),
            Self::MunicipalityFunded => {
                record.jobcoach_financier == Some(JobcoachFinancier::Municipality)
            }
            Self::AssignedJobCoach => record
                .jobcoach_organisations
                .contains(&subject.organisation_id),
            Self::ConsentParty => record
                .consent
                .as_ref()
                .is_some_and(|g| g.involves(requester(subject))),
        }
    }
}

const fn requester(subject: Subject) -> Requester {
    Requester {
        organisation_id: subject.organisation_id,
        role: subject.role,
    }
}

/// The read cell a list uses, or `None` when the role may never read the category.
pub(super) fn list_cell(subject: Subject, category: DataCategory) -> Option<ReadCell> {
    let (read, _) = cell(subject.role, category);
    let bsn_refused = category == DataCategory::Bsn && !may_process_bsn(subject.organisation_kind);
    (read != ReadCell::Never && !bsn_refused).then_some(read)
}

fn read(subject: Subject, category: DataCategory, read: ReadCell, record: &Record) -> Decision {
    let own = record.origin.organisation_id == subject.organisation_id;
    let consent = || {
        record
            .consents
            .iter()
            .find(|g| g.covers(category, record.origin, requester(subject), record.day))
            .map(|g| g.id)
    };
    let with_consent = |rule| match consent() {
        Some(id) => Decision::Allow(rule, Some(id)),
        None => Decision::Deny(Deny::ConsentRequired),
    };
    // The Wgbo gate: GGZ data leaves the care relationship only with the client's consent.
    let gated = subject.organisation_kind != OrganisationKind::Ggz && record.origin.ggz && !own;
    let by_role = |rule| {
        if gated {
            with_consent("member_with_ggz_consent")
        } else if own {
            Decision::Allow("member_own_organisation", None)
        } else {
            Decision::Allow(rule, None)
        }
    };
    match read {
        ReadCell::Never => Decision::Deny(Deny::Role),
        ReadCell::Always => by_role("member_role_reads_category"),
        ReadCell::WithConsent if own => Decision::Allow("member_own_organisation", None),
        ReadCell::WithConsent => with_consent("member_with_consent"),
        ReadCell::When(q) if q.holds(subject, record) && q.ungated() => {
            Decision::Allow("member_party_to_consent", None)
        }
        ReadCell::When(q) if q.holds(subject, record) => by_role("member_record_qualifies"),
        ReadCell::When(_) => Decision::Deny(Deny::NotVisible),
    }
}

fn client_record(target: &Target) -> Result<&Record, Decision> {
    match &target.record {
        Some(record) if record.member => Ok(record),
        // Not a member (or nothing loaded): outside the caller's reach.
        _ => Err(Decision::Deny(Deny::NotVisible)),
    }
}

/// Reading a record of `category`.
pub(super) fn read_record(subject: Subject, category: DataCategory, target: &Target) -> Decision {
    let Some(cell) = list_cell(subject, category) else {
        return Decision::Deny(Deny::Role);
    };
    match client_record(target) {
        Ok(record) => read(subject, category, cell, record),
        Err(denied) => denied,
    }
}

fn write_with(
    subject: Subject,
    category: DataCategory,
    write: WriteCell,
    target: &Target,
) -> Decision {
    if write == WriteCell::Never
        || (category == DataCategory::Bsn && !may_process_bsn(subject.organisation_kind))
    {
        return Decision::Deny(Deny::Role);
    }
    let record = match client_record(target) {
        Ok(record) => record,
        Err(denied) => return denied,
    };
    // What one may not read, one may not change either.
    let (read_cell, _) = cell(subject.role, category);
    let consent = match read(subject, category, read_cell, record) {
        Decision::Allow(_, consent) => consent,
        denied @ Decision::Deny(_) => return denied,
    };
    let own = record.origin.organisation_id == subject.organisation_id;
    match write {
        WriteCell::Always => Decision::Allow("member_role_writes_category", consent),
        WriteCell::OwnOrigin if own => {
            Decision::Allow("member_writes_own_organisation_record", consent)
        }
        // Another organisation's record, or (refused above already) a role that never writes.
        WriteCell::Never | WriteCell::OwnOrigin => Decision::Deny(Deny::Role),
        WriteCell::When(q) if q.holds(subject, record) => {
            Decision::Allow("member_writes_qualifying_record", consent)
        }
        WriteCell::When(_) => Decision::Deny(Deny::NotVisible),
    }
}

/// Creating or changing a record of `category`.
pub(super) fn write_record(subject: Subject, category: DataCategory, target: &Target) -> Decision {
    let (_, write) = cell(subject.role, category);
    write_with(subject, category, write, target)
}

/// Recording hours on a jobcoach provision: the assigned job coach, besides the financier's
/// own writers.
pub(super) fn record_hours(subject: Subject, target: &Target) -> Decision {
    let write = match subject.role {
        Role::JobCoach => WriteCell::When(Qualifier::AssignedJobCoach),
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => cell(subject.role, DataCategory::Jobcoaching).1,
    };
    write_with(subject, DataCategory::Jobcoaching, write, target)
}

/// Whether the role could ever be allowed the action, whatever the record: decided before
/// anything is loaded, so that a role that may never act learns nothing about existence.
pub(super) fn role_may(subject: Subject, action: super::Action) -> bool {
    use super::Action as A;
    let writes = |c: DataCategory| {
        cell(subject.role, c).1 != WriteCell::Never
            && (c != DataCategory::Bsn || may_process_bsn(subject.organisation_kind))
    };
    match action {
        A::Read(c) => list_cell(subject, c).is_some(),
        A::Write(c) => writes(c),
        A::RecordJobcoachHours => {
            subject.role == Role::JobCoach || writes(DataCategory::Jobcoaching)
        }
        A::ManageCareTeam => matches!(
            manage_care_team(subject, &Target::default()),
            Decision::Deny(Deny::NotVisible)
        ),
        A::LeaveCareTeam => client_level(subject.role),
        A::RegisterClient => matches!(register(subject), Decision::Allow(..)),
        A::ReadEmployers => matches!(read_employers(subject), Decision::Allow(..)),
        A::ManageEmployers => matches!(manage_employers(subject), Decision::Allow(..)),
        A::JobDevelopment => matches!(job_development(subject), Decision::Allow(..)),
        A::ReadClientAccessLog | A::ExportClient => {
            list_cell(subject, DataCategory::Identity).is_some()
        }
        A::EraseClient | A::ManageRetention => subject.role == Role::Auditor,
        A::BreakGlass => super::emergency::may_break_glass(subject),
        A::ListEmergencyAccesses => matches!(super::emergency::list(subject), Decision::Allow(..)),
        A::ReadEmergencyAccess => matches!(super::emergency::read(subject), Decision::Allow(..)),
        A::RecordFidelityReview => super::fidelity::may_record(subject.role),
        A::ReadFidelityReviews => matches!(super::fidelity::read(subject), Decision::Allow(..)),
        // Account actions and the auditor's listing are decided without a record.
        A::ListOrganisations
        | A::CreateOrganisation
        | A::ReadOrganisation
        | A::UpdateOrganisation
        | A::ListUsers
        | A::ReadUser
        | A::CreateUser
        | A::UpdateUser
        | A::EndUserSessions
        | A::ReadOwnAccount
        | A::ReadReferenceData
        | A::ReadAuditLog
        // Reports are decided on the region asked for, which is not a record.
        | A::ReadOutcomeReport
        | A::ReadNationalOutcomeReport => true,
    }
}

/// Reading a client's access overview (domain.md §15, "client view"). Deviation: the matrix
/// gives AUDIT_LOG to the client and the auditor only, but v1 has no client log-in, so the
/// overview reaches the client through a caseworker: every care-team member who may read
/// the client's identity (with the same consent and qualifier rules) may read it. The
/// overview names professionals and organisations, never another client's data.
pub(super) fn read_client_access_log(subject: Subject, target: &Target) -> Decision {
    match read_record(subject, DataCategory::Identity, target) {
        Decision::Allow(_, consent) => {
            Decision::Allow("identity_reader_sees_access_overview", consent)
        }
        denied @ Decision::Deny(_) => denied,
    }
}

/// Registering a client: the roles that may create identity records of their own
/// organisation. The registrant becomes a care-team member in the same transaction.
pub(super) fn register(subject: Subject) -> Decision {
    match cell(subject.role, DataCategory::Identity).1 {
        WriteCell::Always | WriteCell::OwnOrigin => Decision::Allow("registers_clients", None),
        WriteCell::Never | WriteCell::When(_) => Decision::Deny(Deny::Role),
    }
}

/// Managing someone else's membership: a caseworker who is a member and either leads one of
/// the client's open trajectories or works at the organisation that registered the client
/// (domain.md §8.4: the registrant, then the trajectory lead).
pub(super) fn manage_care_team(subject: Subject, target: &Target) -> Decision {
    match subject.role {
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager => match client_record(target) {
            Ok(record)
                if record.leads_open_trajectory
                    || record.origin.organisation_id == subject.organisation_id =>
            {
                Decision::Allow("care_team_managed_by_lead_or_registrant", None)
            }
            Ok(_) => Decision::Deny(Deny::Role),
            Err(denied) => denied,
        },
        Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => Decision::Deny(Deny::Role),
    }
}

const fn client_level(role: Role) -> bool {
    match role {
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach => true,
        Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => false,
    }
}

/// Ending one's own membership: any member.
pub(super) fn leave_care_team(subject: Subject, target: &Target) -> Decision {
    if !client_level(subject.role) {
        return Decision::Deny(Deny::Role);
    }
    match client_record(target) {
        Ok(_) => Decision::Allow("member_ends_own_membership", None),
        Err(denied) => denied,
    }
}

fn allow_if(allowed: bool) -> Decision {
    if allowed {
        Decision::Allow("employer_register", None)
    } else {
        Decision::Deny(Deny::Role)
    }
}

/// Reading the employer register (organisations, not people): every client-level role.
pub(super) const fn read_employers(subject: Subject) -> Decision {
    if client_level(subject.role) {
        Decision::Allow("employer_register", None)
    } else {
        Decision::Deny(Deny::Role)
    }
}

/// Adding to or correcting the employer register: the roles that contact employers.
pub(super) fn manage_employers(subject: Subject) -> Decision {
    allow_if(match subject.role {
        Role::EmploymentSpecialist
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager => true,
        Role::Practitioner
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => false,
    })
}

/// General job development (employer contacts about no client): what IPS workers and WSP
/// account managers do (IPS-25 item 7), each within its own organisation.
pub(super) fn job_development(subject: Subject) -> Decision {
    allow_if(match subject.role {
        Role::EmploymentSpecialist | Role::WspAccountManager => true,
        Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => false,
    })
}

/// The client's copy of its file (AVG art. 15): whoever may read the client's identity, as
/// a member and under the same consent, may hand the client its file. What the copy holds
/// of each category is still decided per category; the export adds the client's own access
/// overview (the matrix's "Client (export)" column).
pub(super) fn export(subject: Subject, target: &Target) -> Decision {
    match read_record(subject, DataCategory::Identity, target) {
        Decision::Allow(_, consent) => Decision::Allow("member_copies_file_for_client", consent),
        denied @ Decision::Deny(_) => denied,
    }
}

/// Erasure and legal hold: the auditor (privacy officer) of the organisation that
/// registered the client, the controller whose regime the file follows (domain.md §16.1).
/// No care-team membership: the auditor reads no client content, only the file's
/// retention facts. Another organisation's auditor finds nothing (404).
pub(super) fn controller_auditor(subject: Subject, target: &Target) -> Decision {
    match subject.role {
        Role::Auditor => match &target.record {
            Some(record) if record.origin.organisation_id == subject.organisation_id => {
                Decision::Allow("auditor_of_registering_organisation", None)
            }
            _ => Decision::Deny(Deny::NotVisible),
        },
        Role::EmploymentSpecialist
        | Role::Practitioner
        | Role::UwvLabourExpert
        | Role::MunicipalCaseManager
        | Role::WspAccountManager
        | Role::JobCoach
        | Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::SystemAdmin
        | Role::OrgAdmin => Decision::Deny(Deny::Role),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests;
