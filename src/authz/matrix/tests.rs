//! The policy as a table: every role × action × data category × (involved / not) ×
//! (own organisation / another GGZ / another W&I organisation) × consent (none / in force /
//! withdrawn / expired) × (record qualifies / not), against the matrix below.
//!
//! `EXPECTED` is transcribed from domain.md §8.6 (with this deviations marked), and
//! `expected` interprets its letters without using any of the policy's code.

use chrono::NaiveDate;

use crate::authz::{Action, Decision, Deny, Record, Subject, Target, decide};
use crate::domain::benefits::BenefitType;
use crate::domain::consent::{ConsentKind, Grant, Origin, Recipient};
use crate::domain::jobcoaching::JobcoachFinancier;
use crate::domain::{ConsentId, DataCategory, OrganisationId, OrganisationKind, Role, UserId};

/// Columns: ES PR UWV MUN WSP JC RC PC AUD SA OA.
///
/// - `R`  read; data from another GGZ organisation needs its consent when the caller is not GGZ
/// - `C`  read its own organisation's records, others' only with consent
/// - `Rq` read only records that qualify (UWV/municipal benefit or funding, the assigned job
///   coach), and then as `R`
/// - `Rp` read only the consents the caller's organisation or role is party to, without the
///   Wgbo gate (a recipient sees what it was given)
/// - `W`  also write what it may read; `w` write only its own organisation's records
/// - `-`  nothing
const EXPECTED: &str = "
IDENTITY                   RW  R   Rw  Rw  C   Rq  -   -   -   -   -
BSN                        RW  R   Rw  Rw  -   -   -   -   -   -   -
TARGET_GROUP_ATTESTATION   RW  RW  R   R   -   -   -   -   -   -   -
FUNCTIONAL_ADVICE          RW  RW  C   C   -   C   -   -   -   -   -
VOCATIONAL_PROFILE         RW  R   C   C   C   -   -   -   -   -   -
TRAJECTORY_STATUS          RW  R   Rw  Rw  -   -   -   -   -   -   -
EMPLOYER_CONTACTS          RW  R   C   C   Cw  -   -   -   -   -   -
PLACEMENTS                 RW  R   RW  RW  C   Rq  -   -   -   -   -
BENEFITS                   R   -   RqW RqW -   -   -   -   -   -   -
JOBCOACHING                R   -   RqW RqW -   Rq  -   -   -   -   -
ZRM                        RW  R   C   Cw  -   -   -   -   -   -   -
CONSENTS                   RW  R   Rp  Rp  Rp  Rp  -   -   -   -   -
AUDIT_LOG                  -   -   -   -   -   -   -   -   -   -   -
FIDELITY                   -   -   -   -   -   -   -   -   -   -   -
";

const ROLES: [Role; 11] = [
    Role::EmploymentSpecialist,
    Role::Practitioner,
    Role::UwvLabourExpert,
    Role::MunicipalCaseManager,
    Role::WspAccountManager,
    Role::JobCoach,
    Role::RegionalCoordinator,
    Role::ProgrammeCoordinator,
    Role::Auditor,
    Role::SystemAdmin,
    Role::OrgAdmin,
];

fn code(role: Role, category: DataCategory) -> &'static str {
    let row = EXPECTED
        .lines()
        .find(|l| l.split_whitespace().next() == Some(category.as_str()))
        .unwrap_or_else(|| panic!("no row for {category:?}"));
    let column = ROLES.iter().position(|r| *r == role).unwrap();
    row.split_whitespace().nth(column + 1).unwrap()
}

const fn kind_of(role: Role) -> OrganisationKind {
    match role {
        Role::EmploymentSpecialist | Role::Practitioner => OrganisationKind::Ggz,
        Role::UwvLabourExpert => OrganisationKind::Uwv,
        Role::MunicipalCaseManager => OrganisationKind::Municipality,
        Role::WspAccountManager => OrganisationKind::Wsp,
        Role::JobCoach => OrganisationKind::JobcoachOrganisation,
        Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => OrganisationKind::Other,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum From {
    Own,
    OtherGgz,
    OtherWi,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ConsentCase {
    None,
    InForce,
    Withdrawn,
    Expired,
}

fn expected(
    role: Role,
    category: DataCategory,
    write: bool,
    involved: bool,
    from: From,
    consent: ConsentCase,
    qualifies: bool,
) -> Result<(), Deny> {
    let code = code(role, category);
    if code == "-" || (write && !code.contains(['W', 'w'])) {
        return Err(Deny::Role);
    }
    if !involved {
        return Err(Deny::NotVisible);
    }
    let consented = consent == ConsentCase::InForce;
    let caller_in_ggz = kind_of(role) == OrganisationKind::Ggz;
    let gated = !caller_in_ggz && from == From::OtherGgz && !consented;
    if code.starts_with('C') {
        if from != From::Own && !consented {
            return Err(Deny::ConsentRequired);
        }
    } else if code.starts_with("Rp") {
        if !qualifies {
            return Err(Deny::NotVisible);
        }
    } else {
        if code.starts_with("Rq") && !qualifies {
            return Err(Deny::NotVisible);
        }
        if gated {
            return Err(Deny::ConsentRequired);
        }
    }
    if write && code.contains('w') && from != From::Own {
        return Err(Deny::Role);
    }
    Ok(())
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct World {
    mine: OrganisationId,
    other_ggz: OrganisationId,
    other_wi: OrganisationId,
}

impl World {
    fn origin(&self, from: From, caller_kind: OrganisationKind) -> Origin {
        match from {
            From::Own => Origin {
                organisation_id: self.mine,
                ggz: caller_kind == OrganisationKind::Ggz,
            },
            From::OtherGgz => Origin {
                organisation_id: self.other_ggz,
                ggz: true,
            },
            From::OtherWi => Origin {
                organisation_id: self.other_wi,
                ggz: false,
            },
        }
    }
}

/// A consent from the record's origin to the caller's organisation for the category, in the
/// given state on 2026-03-01.
fn consent(
    origin: Origin,
    to: OrganisationId,
    category: DataCategory,
    case: ConsentCase,
) -> Vec<Grant> {
    let kind = if origin.ggz {
        ConsentKind::ShareGgzToWi
    } else {
        ConsentKind::ShareWiToGgz
    };
    let grant = |valid_until, withdrawn| {
        vec![Grant {
            id: ConsentId::new(),
            kind,
            from_organisation_id: origin.organisation_id,
            recipient: Recipient::Organisation(to),
            categories: vec![category],
            granted_date: day("2026-01-01"),
            valid_until,
            withdrawn,
        }]
    };
    match case {
        ConsentCase::None => Vec::new(),
        ConsentCase::InForce => grant(Some(day("2026-12-31")), false),
        ConsentCase::Withdrawn => grant(None, true),
        ConsentCase::Expired => grant(Some(day("2026-02-28")), false),
    }
}

/// The record attributes that make the caller's qualifier hold, or not.
fn qualify(
    record: &mut Record,
    role: Role,
    category: DataCategory,
    caller: OrganisationId,
    yes: bool,
) {
    let other = OrganisationId::new();
    match category {
        DataCategory::Benefits => {
            record.benefit_type = Some(match (role, yes) {
                (Role::MunicipalCaseManager, true) | (Role::UwvLabourExpert, false) => {
                    BenefitType::ParticipatiewetBijstand
                }
                _ => BenefitType::Ww,
            });
        }
        DataCategory::Jobcoaching => {
            record.jobcoach_financier = Some(match (role, yes) {
                (Role::MunicipalCaseManager, true) | (Role::UwvLabourExpert, false) => {
                    JobcoachFinancier::Municipality
                }
                _ => JobcoachFinancier::Uwv,
            });
            record.jobcoach_organisations = vec![if yes { caller } else { other }];
        }
        DataCategory::Consents => {
            record.consent = Some(Grant {
                id: ConsentId::new(),
                kind: ConsentKind::ShareGgzToWi,
                from_organisation_id: other,
                recipient: Recipient::Organisation(if yes { caller } else { other }),
                categories: vec![DataCategory::Placements],
                granted_date: day("2026-01-01"),
                valid_until: None,
                withdrawn: false,
            });
        }
        _ => record.jobcoach_organisations = vec![if yes { caller } else { other }],
    }
}

#[test]
fn every_role_action_category_and_circumstance() {
    let world = World {
        mine: OrganisationId::new(),
        other_ggz: OrganisationId::new(),
        other_wi: OrganisationId::new(),
    };
    let mut checked = 0;
    for role in ROLES {
        let subject = Subject {
            user_id: UserId::new(),
            organisation_id: world.mine,
            organisation_kind: kind_of(role),
            role,
        };
        for category in DataCategory::ALL.iter().copied() {
            for write in [false, true] {
                let action = if write {
                    Action::Write(category)
                } else {
                    Action::Read(category)
                };
                for involved in [true, false] {
                    for from in [From::Own, From::OtherGgz, From::OtherWi] {
                        for case in [
                            ConsentCase::None,
                            ConsentCase::InForce,
                            ConsentCase::Withdrawn,
                            ConsentCase::Expired,
                        ] {
                            for qualifies in [true, false] {
                                let origin = world.origin(from, subject.organisation_kind);
                                let mut record = Record::new(
                                    involved,
                                    origin,
                                    consent(origin, world.mine, category, case),
                                    day("2026-03-01"),
                                );
                                qualify(&mut record, role, category, world.mine, qualifies);
                                let got = match decide(subject, action, &Target::record(record)) {
                                    Decision::Allow(..) => Ok(()),
                                    Decision::Deny(d) => Err(d),
                                };
                                assert_eq!(
                                    got,
                                    expected(
                                        role, category, write, involved, from, case, qualifies
                                    ),
                                    "{role:?} {action:?} involved={involved} from={from:?} \
                                     consent={case:?} qualifies={qualifies}"
                                );
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, 11 * 14 * 2 * 2 * 3 * 4 * 2);
}

/// The client's access overview follows the identity cell exactly: whoever may read the
/// client's identity (membership, consent, qualifier) may read who accessed the client, and
/// is refused for the same reason otherwise.
#[test]
fn the_access_overview_follows_the_identity_cell() {
    let world = World {
        mine: OrganisationId::new(),
        other_ggz: OrganisationId::new(),
        other_wi: OrganisationId::new(),
    };
    let category = DataCategory::Identity;
    let mut checked = 0;
    for role in ROLES {
        let subject = Subject {
            user_id: UserId::new(),
            organisation_id: world.mine,
            organisation_kind: kind_of(role),
            role,
        };
        for involved in [true, false] {
            for from in [From::Own, From::OtherGgz, From::OtherWi] {
                for case in [
                    ConsentCase::None,
                    ConsentCase::InForce,
                    ConsentCase::Withdrawn,
                    ConsentCase::Expired,
                ] {
                    for qualifies in [true, false] {
                        let origin = world.origin(from, subject.organisation_kind);
                        let mut record = Record::new(
                            involved,
                            origin,
                            consent(origin, world.mine, category, case),
                            day("2026-03-01"),
                        );
                        qualify(&mut record, role, category, world.mine, qualifies);
                        let decision = decide(
                            subject,
                            Action::ReadClientAccessLog,
                            &Target::record(record),
                        );
                        let got = match decision {
                            Decision::Allow(rule, _) => {
                                assert_eq!(rule, "identity_reader_sees_access_overview");
                                Ok(())
                            }
                            Decision::Deny(d) => Err(d),
                        };
                        assert_eq!(
                            got,
                            expected(role, category, false, involved, from, case, qualifies),
                            "{role:?} involved={involved} from={from:?} consent={case:?} \
                             qualifies={qualifies}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 11 * 2 * 3 * 4 * 2);
}

#[test]
fn a_consent_that_opened_data_is_named_in_the_decision() {
    let (ggz, uwv) = (OrganisationId::new(), OrganisationId::new());
    let subject = Subject {
        user_id: UserId::new(),
        organisation_id: uwv,
        organisation_kind: OrganisationKind::Uwv,
        role: Role::UwvLabourExpert,
    };
    let origin = Origin {
        organisation_id: ggz,
        ggz: true,
    };
    let grants = consent(origin, uwv, DataCategory::Placements, ConsentCase::InForce);
    let id = grants[0].id;
    let record = Record::new(true, origin, grants, day("2026-03-01"));
    assert_eq!(
        decide(
            subject,
            Action::Read(DataCategory::Placements),
            &Target::record(record)
        ),
        Decision::Allow("member_with_ggz_consent", Some(id))
    );
}

#[test]
fn registering_managing_and_leaving_the_care_team() {
    let org = OrganisationId::new();
    for role in ROLES {
        let subject = Subject {
            user_id: UserId::new(),
            organisation_id: org,
            organisation_kind: kind_of(role),
            role,
        };
        let caseworker = matches!(
            role,
            Role::EmploymentSpecialist
                | Role::Practitioner
                | Role::UwvLabourExpert
                | Role::MunicipalCaseManager
        );
        let client_level = caseworker || matches!(role, Role::WspAccountManager | Role::JobCoach);
        let registers = matches!(
            role,
            Role::EmploymentSpecialist | Role::UwvLabourExpert | Role::MunicipalCaseManager
        );
        let allowed = |d: Decision| matches!(d, Decision::Allow(..));
        assert_eq!(
            allowed(decide(subject, Action::RegisterClient, &Target::default())),
            registers,
            "{role:?}"
        );
        for (own, leads) in [(true, false), (false, true), (false, false)] {
            let origin = Origin {
                organisation_id: if own { org } else { OrganisationId::new() },
                ggz: true,
            };
            let mut record = Record::new(true, origin, Vec::new(), day("2026-03-01"));
            record.leads_open_trajectory = leads;
            let target = Target::record(record.clone());
            assert_eq!(
                allowed(decide(subject, Action::ManageCareTeam, &target)),
                caseworker && (own || leads),
                "{role:?} own={own} leads={leads}"
            );
            assert_eq!(
                allowed(decide(subject, Action::LeaveCareTeam, &target)),
                client_level
            );
            record.member = false;
            let outsider = decide(subject, Action::ManageCareTeam, &Target::record(record));
            let want = if caseworker {
                Deny::NotVisible
            } else {
                Deny::Role
            };
            assert_eq!(outsider, Decision::Deny(want), "{role:?}");
        }
    }
}

#[test]
fn job_coaches_record_hours_only_on_their_own_provisions() {
    let org = OrganisationId::new();
    let coach = Subject {
        user_id: UserId::new(),
        organisation_id: org,
        organisation_kind: OrganisationKind::JobcoachOrganisation,
        role: Role::JobCoach,
    };
    let origin = Origin {
        organisation_id: OrganisationId::new(),
        ggz: false,
    };
    let mut record = Record::new(true, origin, Vec::new(), day("2026-03-01"));
    record.jobcoach_financier = Some(JobcoachFinancier::Uwv);
    record.jobcoach_organisations = vec![org];
    let target = Target::record(record.clone());
    assert!(matches!(
        decide(coach, Action::RecordJobcoachHours, &target),
        Decision::Allow(..)
    ));
    assert_eq!(
        decide(coach, Action::Write(DataCategory::Jobcoaching), &target),
        Decision::Deny(Deny::Role)
    );
    record.jobcoach_organisations = vec![OrganisationId::new()];
    assert_eq!(
        decide(coach, Action::RecordJobcoachHours, &Target::record(record)),
        Decision::Deny(Deny::NotVisible)
    );
}

#[test]
fn the_employer_register() {
    for role in ROLES {
        let subject = Subject {
            user_id: UserId::new(),
            organisation_id: OrganisationId::new(),
            organisation_kind: kind_of(role),
            role,
        };
        let allowed = |a| matches!(decide(subject, a, &Target::default()), Decision::Allow(..));
        let identity = code(role, DataCategory::Identity);
        assert_eq!(allowed(Action::ReadEmployers), identity != "-", "{role:?}");
        assert_eq!(
            allowed(Action::ManageEmployers),
            matches!(
                role,
                Role::EmploymentSpecialist
                    | Role::UwvLabourExpert
                    | Role::MunicipalCaseManager
                    | Role::WspAccountManager
            ),
            "{role:?}"
        );
        assert_eq!(
            allowed(Action::JobDevelopment),
            code(role, DataCategory::EmployerContacts).contains(['W', 'w']),
            "{role:?}"
        );
    }
}

#[test]
fn exporting_follows_reading_the_client_and_erasure_is_the_registrants_auditor() {
    let org = OrganisationId::new();
    for role in ROLES {
        let subject = Subject {
            user_id: UserId::new(),
            organisation_id: org,
            organisation_kind: kind_of(role),
            role,
        };
        for (member, own) in [(true, true), (true, false), (false, true), (false, false)] {
            let origin = Origin {
                organisation_id: if own { org } else { OrganisationId::new() },
                ggz: false,
            };
            let target = Target::record(Record::new(member, origin, Vec::new(), day("2026-03-01")));
            let read = decide(subject, Action::Read(DataCategory::Identity), &target);
            let export = decide(subject, Action::ExportClient, &target);
            assert_eq!(
                matches!(export, Decision::Allow(..)),
                matches!(read, Decision::Allow(..)),
                "{role:?} member={member} own={own}"
            );
            if let Decision::Deny(why) = read {
                assert_eq!(export, Decision::Deny(why), "{role:?}");
            }
            for action in [Action::EraseClient, Action::ManageRetention] {
                let want = match role {
                    Role::Auditor if own => {
                        Decision::Allow("auditor_of_registering_organisation", None)
                    }
                    Role::Auditor => Decision::Deny(Deny::NotVisible),
                    _ => Decision::Deny(Deny::Role),
                };
                assert_eq!(
                    decide(subject, action, &target),
                    want,
                    "{role:?} {action:?}"
                );
            }
        }
    }
}

/// Breaking the glass opens involvement, not consent: a member whose membership rests on an
/// emergency grant gets exactly the answers of any other member, for every role, category,
/// origin and consent.
#[test]
fn an_emergency_membership_decides_like_any_other() {
    let world = World {
        mine: OrganisationId::new(),
        other_ggz: OrganisationId::new(),
        other_wi: OrganisationId::new(),
    };
    let mut checked = 0;
    for role in ROLES {
        let subject = Subject {
            user_id: UserId::new(),
            organisation_id: world.mine,
            organisation_kind: kind_of(role),
            role,
        };
        for category in DataCategory::ALL.iter().copied() {
            for action in [Action::Read(category), Action::Write(category)] {
                for from in [From::Own, From::OtherGgz, From::OtherWi] {
                    for case in [
                        ConsentCase::None,
                        ConsentCase::InForce,
                        ConsentCase::Expired,
                    ] {
                        let origin = world.origin(from, subject.organisation_kind);
                        let regular = Record::new(
                            true,
                            origin,
                            consent(origin, world.mine, category, case),
                            day("2026-03-01"),
                        );
                        let mut emergency = regular.clone();
                        emergency.emergency_access = Some(crate::domain::EmergencyAccessId::new());
                        assert_eq!(
                            decide(subject, action, &Target::record(emergency)),
                            decide(subject, action, &Target::record(regular)),
                            "{role:?} {action:?} from={from:?} consent={case:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 11 * 14 * 2 * 3 * 3);
}
