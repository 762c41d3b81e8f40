//! Client files: the client, the care team (the registrant, and the other professionals the
//! client's trajectories need), consents, trajectories with every transition, placements and
//! the employer contacts of the search, all from one client's own random stream.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};
use uuid::Uuid;
use werkpad::db::{Id, UtcTime};
use werkpad::domain::care_team::{MembershipKind, TeamRole};
use werkpad::domain::client::{EmployerDisclosure, RecordRegime};
use werkpad::domain::consent::{ConsentKind, ConsentMethod, ConsentPurpose};
use werkpad::domain::employers::{ContactForm, ContactOutcome};
use werkpad::domain::placement::{ContractType, PlacementEndReason, WorkType};
use werkpad::domain::trajectory::{EndReason, TargetGroup, TrajectoryStatus, TrajectoryType as T};
use werkpad::domain::{DataCategory, OrganisationKind, Role};
use werkpad::vault::Vault;

use super::cast::{Account, Cast};
use super::places::{FAMILY, GIVEN, REGIONS, SECTORS};
use super::rng::{Rng, days, plus};
use super::rows;
use super::story::{self, Brief, Story};

/// Stream number of the client files.
const STREAM: u64 = 1;

/// Where a client fits in the whole: its region, its place among the region's clients (which
/// decides its caseworkers), and how many trajectories and jobs it gets.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// Index into `REGIONS`.
    pub region: usize,
    /// Position among the region's clients.
    pub local: usize,
    /// Trajectories, at least one.
    pub trajectories: u32,
    /// Jobs over all of them.
    pub jobs: u32,
}

/// What the client files are made with.
pub struct Ctx<'a> {
    /// Seed.
    pub seed: u64,
    /// Today.
    pub today: NaiveDate,
    /// Everyone.
    pub cast: &'a Cast,
    /// Seals BSNs, when the caller gave the keys the server will use.
    pub vault: Option<&'a Vault>,
}

/// Rows for a chunk of clients, in foreign-key order.
#[derive(Default)]
pub struct Batch {
    /// `clients`.
    pub clients: Vec<rows::Client>,
    /// `care_team_members`.
    pub members: Vec<rows::CareTeamMember>,
    /// `consents`.
    pub consents: Vec<rows::Consent>,
    /// `consent_categories`.
    pub categories: Vec<rows::ConsentCategory>,
    /// `trajectories`.
    pub trajectories: Vec<rows::Trajectory>,
    /// `trajectory_transitions`.
    pub transitions: Vec<rows::Transition>,
    /// `placements`.
    pub placements: Vec<rows::Placement>,
    /// `employer_contacts`.
    pub contacts: Vec<rows::EmployerContact>,
}

/// A care-team member, as the access log needs it.
#[derive(Clone, Copy, Debug)]
pub struct Member {
    /// Index into `Cast::accounts`.
    pub account: usize,
    /// First day of the membership.
    pub from: NaiveDate,
    /// The consent that opens the GGZ file to this (W&I) member.
    pub consent: Option<Uuid>,
}

/// A client, as the access log needs it.
#[derive(Clone, Debug)]
pub struct Subject {
    /// Id.
    pub id: Uuid,
    /// Registered on.
    pub registered: NaiveDate,
    /// The care team's last day, once every trajectory has ended.
    pub until: Option<NaiveDate>,
    /// The care team.
    pub members: Vec<Member>,
    /// The latest trajectory.
    pub trajectory: Uuid,
}

/// Durably employed clients per region (index into `REGIONS`) and calendar year.
pub type Durable = BTreeMap<(usize, i32), u64>;

/// A timestamp on `day`, `n` steps of five minutes after 08:00 UTC plus some seconds, so that
/// things done on one day keep their order (ids sort by it).
fn at(rng: &mut Rng, day: NaiveDate, n: usize) -> UtcTime {
    let minutes = i64::try_from(n).unwrap_or(0) * 5;
    let base = day.and_time(NaiveTime::MIN).and_utc() + TimeDelta::hours(8);
    UtcTime::from(
        base + TimeDelta::minutes(minutes) + TimeDelta::microseconds(rng.range(0, 290_000_000)),
    )
}

/// A random nine-digit number that passes the 11-proef.
fn bsn(rng: &mut Rng) -> String {
    loop {
        let candidate = rng.range(100_000_000, 999_999_999);
        let digits: Vec<i64> = candidate
            .to_string()
            .bytes()
            .map(|b| i64::from(b - b'0'))
            .collect();
        let sum: i64 = digits[..8]
            .iter()
            .zip((2..=9).rev())
            .map(|(d, w)| d * w)
            .sum::<i64>()
            - digits[8];
        if sum % 11 == 0 {
            return candidate.to_string();
        }
    }
}

struct Trajectory {
    kind: T,
    lead: usize,
    registered: NaiveDate,
    limit: NaiveDate,
    last: bool,
}

/// The types of a client's trajectories, by who registered the client; later ones often
/// reopen the same type.
fn kinds(rng: &mut Rng, origin: OrganisationKind, n: u32) -> Vec<T> {
    let draw = |rng: &mut Rng| match origin {
        OrganisationKind::Ggz => rng.weighted(&[
            (T::Ips, 58),
            (T::IpsCmd, 22),
            (T::Wabz, 12),
            (T::Jobcoaching, 4),
            (T::Other, 4),
        ]),
        OrganisationKind::Uwv => rng.weighted(&[(T::Jobcoaching, 70), (T::Other, 30)]),
        _ => rng.weighted(&[(T::Jobcoaching, 40), (T::Other, 60)]),
    };
    let mut out = vec![draw(rng)];
    for _ in 1..n {
        let previous = out[out.len() - 1];
        out.push(if rng.chance(0.5) { previous } else { draw(rng) });
    }
    out
}

/// Generates one client file into `batch`; returns what the access log needs.
#[expect(clippy::too_many_lines, reason = "one client file, top to bottom")]
pub fn client(
    ctx: &Ctx<'_>,
    index: usize,
    plan: Plan,
    batch: &mut Batch,
    durable: &mut Durable,
) -> Subject {
    let mut rng = Rng::stream(ctx.seed, STREAM, index as u64);
    let today = ctx.today;
    let region = &ctx.cast.regions[plan.region];
    let (region_code, _, places) = REGIONS[plan.region];
    let accounts = &ctx.cast.accounts;
    // Caseworkers in turn: the region's clients are spread evenly over each role.
    let nth = |list: &[usize], offset: usize| list[(plan.local + offset) % list.len()];
    let es = nth(&region.specialists, 0);
    let practitioner = nth(&region.practitioners, 3);
    let expert = nth(&region.labour_experts, 1);
    let manager = nth(&region.case_managers, 2);
    let origin = rng.weighted(&[
        (OrganisationKind::Ggz, 75),
        (OrganisationKind::Uwv, 12),
        (OrganisationKind::Municipality, 13),
    ]);
    let kinds = kinds(&mut rng, origin, plan.trajectories);
    let wabz = kinds.contains(&T::Wabz);

    // When: the first registration somewhere in the last three years, early enough for
    // every trajectory to have had a few months before the next.
    let n = i64::from(plan.trajectories);
    let earliest = (120 * (n - 1) + 30).min(1095);
    let first = plus(today, -rng.range(earliest, 1095));

    // Who: the registrant, and the professionals the trajectories need.
    let registrant = match origin {
        OrganisationKind::Ggz => es,
        OrganisationKind::Uwv => expert,
        _ => manager,
    };
    let mut team: Vec<(usize, TeamRole, NaiveDate)> = Vec::new();
    let wi_for_ggz = if rng.chance(0.5) { expert } else { manager };
    match origin {
        OrganisationKind::Ggz => {
            team.push((es, TeamRole::EmploymentSupport, first));
            team.push((practitioner, TeamRole::Treatment, first));
            if wabz || kinds.contains(&T::Jobcoaching) || rng.chance(0.8) {
                // WABZ starts with a joint intake, under a consent given at registration.
                let from = if wabz || kinds.contains(&T::Jobcoaching) {
                    first
                } else {
                    plus(first, rng.range(0, 45)).min(today)
                };
                team.push((wi_for_ggz, TeamRole::BenefitsAndReintegration, from));
            }
        }
        OrganisationKind::Uwv => {
            team.push((expert, TeamRole::BenefitsAndReintegration, first));
            if rng.chance(0.2) {
                team.push((
                    manager,
                    TeamRole::BenefitsAndReintegration,
                    plus(first, rng.range(0, 60)).min(today),
                ));
            }
        }
        _ => {
            team.push((manager, TeamRole::BenefitsAndReintegration, first));
            if rng.chance(0.25) {
                team.push((
                    expert,
                    TeamRole::BenefitsAndReintegration,
                    plus(first, rng.range(0, 60)).min(today),
                ));
            }
        }
    }
    let wi_member = team
        .iter()
        .find(|(a, _, _)| {
            matches!(
                accounts[*a].role,
                Role::UwvLabourExpert | Role::MunicipalCaseManager
            )
        })
        .map(|(a, _, _)| *a);
    let lead = |kind: T| match kind {
        T::Ips | T::IpsCmd => es,
        T::Wabz => practitioner,
        T::Jobcoaching => wi_member.unwrap_or(es),
        T::Other => registrant,
    };

    // The client.
    let created = at(&mut rng, first, 0);
    let client_id = rng.id_at(created.0);
    let disclosure = rng.weighted(&[
        (EmployerDisclosure::None, 40),
        (EmployerDisclosure::Limited, 40),
        (EmployerDisclosure::Full, 20),
    ]);
    let (given, family) = (*rng.pick(&GIVEN), *rng.pick(&FAMILY));
    let number = rng.below(1000);
    let municipality = if rng.chance(0.5) {
        places[0]
    } else {
        *rng.pick(places)
    };
    let bsn = ctx.vault.filter(|_| rng.chance(0.05)).and_then(|vault| {
        let bsn = werkpad::domain::Bsn::parse(&bsn(&mut rng)).ok()?;
        vault.seal(&bsn, client_id.into()).ok()
    });
    let changed = rng
        .chance(0.25)
        .then(|| plus(first, rng.range(0, days(first, today))));
    batch.clients.push(rows::Client {
        id: Id(client_id),
        given_names: given,
        family_name: family,
        birth_date: plus(first, -rng.range(18 * 365, 64 * 365)),
        email: rng.chance(0.4).then(|| {
            format!(
                "{}.{}{number}@example.com",
                given.to_lowercase(),
                family.to_lowercase().replace(' ', "")
            )
        }),
        phone: rng
            .chance(0.6)
            .then(|| format!("06-{:08}", rng.below(100_000_000))),
        municipality_code: municipality.0,
        municipality_since: rng
            .chance(0.5)
            .then(|| plus(first, -rng.range(30, 20 * 365))),
        region_code,
        employer_disclosure: disclosure.as_str(),
        disclosure_note: (disclosure == EmployerDisclosure::Limited)
            .then_some("Alleen noemen dat er begeleiding is; geen diagnose."),
        bsn_ciphertext: bsn.as_ref().map(|s| s.ciphertext.clone()),
        bsn_lookup: bsn.map(|s| s.lookup),
        record_regime: RecordRegime::of(origin).as_str(),
        legal_hold: false,
        origin_organisation_id: Id(accounts[registrant].organisation),
        created_by_user_id: Id(accounts[registrant].id),
        version: if changed.is_some() { 2 } else { 1 },
        created_at: created,
        updated_at: changed.map_or(created, |d| at(&mut rng, d, 40)),
    });

    // Consents: GGZ data to the W&I member's organisation; W&I clients let the WSP approach
    // employers on their behalf.
    let mut consent = None;
    if origin == OrganisationKind::Ggz
        && let Some((wi, _, from)) = team.iter().find(|(a, _, _)| Some(*a) == wi_member)
    {
        let withdraw = !wabz && rng.chance(0.03);
        let id = consent_row(
            &mut rng,
            batch,
            client_id,
            (&accounts[es], accounts[*wi].organisation, *from),
            if wabz {
                ConsentPurpose::WabzTrajectory
            } else {
                ConsentPurpose::IpsTrajectory
            },
            withdraw,
            today,
        );
        consent = Some(id);
    } else if origin != OrganisationKind::Ggz && rng.chance(0.4) {
        let by = &accounts[registrant];
        let id = rng.id_at(created.0);
        push_consent(
            batch,
            &mut rng,
            id,
            client_id,
            by,
            ConsentKind::ContactEmployerOnBehalf,
            region.wsp,
            ConsentPurpose::Other,
            first,
            None,
            today,
        );
        for category in [DataCategory::Identity, DataCategory::Placements] {
            batch.categories.push(rows::ConsentCategory {
                consent_id: Id(id),
                category: category.as_str(),
            });
        }
    }

    // Trajectories, one after another: each but the last ends before the next is registered.
    let mut plans: Vec<Trajectory> = Vec::new();
    let span = days(first, today);
    let mut lengths: Vec<i64> = (1..n)
        .flat_map(|_| [rng.range(90, 600), rng.range(7, 60)])
        .collect();
    story::fit(&mut lengths, span - 30);
    let mut day = first;
    for (k, kind) in kinds.iter().enumerate() {
        let last = k + 1 == kinds.len();
        let limit = if last {
            today
        } else {
            plus(day, lengths[2 * k].max(14)).min(today)
        };
        plans.push(Trajectory {
            kind: *kind,
            lead: lead(*kind),
            registered: day,
            limit,
            last,
        });
        if !last {
            day = plus(limit, lengths[2 * k + 1].max(1) + 1).min(today);
        }
    }
    // Jobs go to the trajectories in proportion to their length.
    let mut jobs = vec![0u32; plans.len()];
    let total: i64 = plans
        .iter()
        .map(|p| days(p.registered, p.limit).max(1))
        .sum();
    for _ in 0..plan.jobs {
        let mut roll = rng.range(0, total - 1);
        for (k, p) in plans.iter().enumerate() {
            roll -= days(p.registered, p.limit).max(1);
            if roll < 0 {
                jobs[k] += 1;
                break;
            }
        }
    }
    let mut paid = Vec::new();
    let mut previous: Vec<(T, Uuid)> = Vec::new();
    let mut last_end: Option<NaiveDate> = None;
    let mut open = false;
    let mut latest = Uuid::nil();
    for (k, t) in plans.iter().enumerate() {
        let brief = Brief {
            kind: t.kind,
            registered: t.registered,
            limit: t.limit,
            must_end: !t.last,
            may_end: t.last && days(t.registered, today) > 90,
            open_ended: t.last,
            jobs: jobs[k],
            today,
        };
        let story = story::tell(&mut rng, &brief);
        let reopens = previous
            .iter()
            .rev()
            .find(|(kind, _)| *kind == t.kind)
            .map(|(_, id)| *id);
        let reopens = reopens.filter(|_| rng.chance(0.7));
        let id = trajectory_rows(
            &mut rng,
            batch,
            client_id,
            t,
            &story,
            reopens,
            origin,
            region_code,
            &accounts[t.lead],
        );
        let who = if team.iter().any(|(a, _, _)| *a == es) {
            es
        } else {
            t.lead
        };
        job_rows(
            &mut rng,
            batch,
            client_id,
            id,
            &story,
            region,
            &accounts[t.lead],
            disclosure,
            today,
        );
        contact_rows(
            &mut rng,
            batch,
            client_id,
            id,
            &story,
            region,
            &accounts[who],
            today,
        );
        paid.extend(
            story
                .jobs
                .iter()
                .filter(|j| j.work.is_paid())
                .map(|j| (j.start, j.end)),
        );
        match story.end() {
            Some((end, _)) => last_end = Some(last_end.map_or(end, |l| l.max(end))),
            None => open = true,
        }
        previous.push((t.kind, id));
        latest = id;
    }
    let mut years: Vec<i32> = story::durable_days(paid, today)
        .iter()
        .map(Datelike::year)
        .collect();
    years.dedup();
    for year in years {
        *durable.entry((plan.region, year)).or_default() += 1;
    }

    // The care team stays on the file until a while after the last trajectory ended.
    let until = if open {
        None
    } else {
        last_end.map(|d| plus(d, rng.range(30, 120)))
    };
    if let Some(caseload) = region.caseload {
        team.push((caseload, TeamRole::BenefitsAndReintegration, first));
    }
    let mut members = Vec::with_capacity(team.len());
    for (i, (account, role, from)) in team.iter().enumerate() {
        let a = &accounts[*account];
        let created = at(&mut rng, *from, 1 + i);
        batch.members.push(rows::CareTeamMember {
            id: Id(rng.id_at(created.0)),
            client_id: Id(client_id),
            user_id: Id(a.id),
            team_role: role.as_str(),
            trajectory_id: None,
            kind: MembershipKind::Regular.as_str(),
            valid_from: *from,
            valid_to: until,
            reason: Some(if *account == registrant {
                "Registered the client."
            } else {
                "Betrokken bij het traject."
            }),
            origin_organisation_id: Id(a.organisation),
            added_by_user_id: Id(accounts[registrant].id),
            version: if until.is_some() { 2 } else { 1 },
            created_at: created,
            updated_at: until
                .filter(|u| *u <= today)
                .map_or(created, |u| at(&mut rng, u, 0)),
        });
        members.push(Member {
            account: *account,
            from: *from,
            consent: consent.filter(|_| Some(*account) == wi_member),
        });
    }
    Subject {
        id: client_id,
        registered: first,
        until,
        members,
        trajectory: latest,
    }
}

/// A SHARE_GGZ_TO_WI consent from the specialist's GGZ institution to `to`, from `from`.
fn consent_row(
    rng: &mut Rng,
    batch: &mut Batch,
    client: Uuid,
    (by, to, from): (&Account, Uuid, NaiveDate),
    purpose: ConsentPurpose,
    withdraw: bool,
    today: NaiveDate,
) -> Uuid {
    let created = at(rng, from, 3);
    let id = rng.id_at(created.0);
    let withdrawn = withdraw.then(|| plus(from, rng.range(0, days(from, today))));
    push_consent(
        batch,
        rng,
        id,
        client,
        by,
        ConsentKind::ShareGgzToWi,
        to,
        purpose,
        from,
        withdrawn,
        today,
    );
    for category in [
        DataCategory::Identity,
        DataCategory::TrajectoryStatus,
        DataCategory::FunctionalAdvice,
        DataCategory::Placements,
        DataCategory::EmployerContacts,
    ] {
        batch.categories.push(rows::ConsentCategory {
            consent_id: Id(id),
            category: category.as_str(),
        });
    }
    id
}

#[expect(clippy::too_many_arguments, reason = "one row's facts")]
fn push_consent(
    batch: &mut Batch,
    rng: &mut Rng,
    id: Uuid,
    client: Uuid,
    by: &Account,
    kind: ConsentKind,
    to: Uuid,
    purpose: ConsentPurpose,
    granted: NaiveDate,
    withdrawn: Option<NaiveDate>,
    today: NaiveDate,
) {
    let created = at(rng, granted, 3);
    let method = rng.weighted(&[
        (ConsentMethod::Written, 50),
        (ConsentMethod::Digital, 35),
        (ConsentMethod::OralRecorded, 15),
    ]);
    let withdrawn_at = withdrawn.map(|d| at(rng, d.min(today), 20));
    batch.consents.push(rows::Consent {
        id: Id(id),
        client_id: Id(client),
        trajectory_id: None,
        kind: kind.as_str(),
        from_organisation_id: Id(by.organisation),
        to_organisation_id: Some(Id(to)),
        to_role: None,
        purpose: purpose.as_str(),
        purpose_text: None,
        granted_date: granted,
        valid_until: None,
        method: method.as_str(),
        evidence_document_ref: (method == ConsentMethod::Written)
            .then(|| format!("DMS-{}", rng.below(10_000_000))),
        recorded_by_user_id: Id(by.id),
        withdrawn_at,
        withdrawn_via: withdrawn.map(|_| ConsentMethod::Written.as_str()),
        withdrawn_by_user_id: withdrawn.map(|_| Id(by.id)),
        withdrawal_reason: withdrawn.map(|_| "Cliënt wil dit niet meer delen."),
        origin_organisation_id: Id(by.organisation),
        version: if withdrawn.is_some() { 2 } else { 1 },
        created_at: created,
        updated_at: withdrawn_at.unwrap_or(created),
    });
}

#[expect(clippy::too_many_arguments, reason = "one row's facts")]
fn trajectory_rows(
    rng: &mut Rng,
    batch: &mut Batch,
    client: Uuid,
    t: &Trajectory,
    story: &Story,
    previous: Option<Uuid>,
    origin: OrganisationKind,
    region: &'static str,
    lead: &Account,
) -> Uuid {
    let times: Vec<UtcTime> = story
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| at(rng, s.date, 10 + i))
        .collect();
    let id = rng.id_at(times[0].0);
    for (step, time) in story.steps.iter().zip(&times) {
        batch.transitions.push(rows::Transition {
            id: Id(rng.id_at(time.0)),
            trajectory_id: Id(id),
            client_id: Id(client),
            from_status: step.from.map(TrajectoryStatus::as_str),
            to_status: step.to.as_str(),
            transition_date: step.date,
            reason: step.reason,
            end_reason: step.end_reason.map(EndReason::as_str),
            warning: step
                .profile_incomplete
                .then_some("VOCATIONAL_PROFILE_INCOMPLETE"),
            actor_user_id: Id(lead.id),
            origin_organisation_id: Id(lead.organisation),
            created_at: *time,
        });
    }
    let attestation = match (t.kind, origin) {
        (T::Ips, _) => rng.weighted(&[(TargetGroup::Epa, 85), (TargetGroup::Unknown, 15)]),
        (T::IpsCmd, _) => rng.weighted(&[(TargetGroup::Cmd, 85), (TargetGroup::Unknown, 15)]),
        (T::Wabz, _) => rng.weighted(&[
            (TargetGroup::Cmd, 70),
            (TargetGroup::Epa, 15),
            (TargetGroup::Unknown, 15),
        ]),
        (_, OrganisationKind::Ggz) => {
            rng.weighted(&[(TargetGroup::Other, 30), (TargetGroup::Unknown, 70)])
        }
        _ => TargetGroup::Unknown,
    };
    let start = story
        .intake
        .map(|d| plus(d, rng.range(0, 14)).min(story.status_date().max(d)));
    let months = match t.kind {
        T::Jobcoaching => 182,
        T::Ips | T::IpsCmd => 365,
        _ => 540,
    };
    let end = story.end();
    let ips = matches!(t.kind, T::Ips | T::IpsCmd);
    batch.trajectories.push(rows::Trajectory {
        id: Id(id),
        client_id: Id(client),
        trajectory_type: t.kind.as_str(),
        status: story.status().as_str(),
        status_date: story.status_date(),
        lead_organisation_id: Id(lead.organisation),
        lead_user_id: Id(lead.id),
        registration_date: t.registered,
        wish_to_work_date: (ips || rng.chance(0.6)).then_some(t.registered),
        start_date: start,
        planned_end_date: start.filter(|_| rng.chance(0.7)).map(|s| plus(s, months)),
        end_date: end.map(|(d, _)| d),
        end_reason: end.map(|(_, r)| r.as_str()),
        target_group_attestation: attestation.as_str(),
        region_code: region,
        previous_trajectory_id: previous.map(Id),
        paused_from: story.pause.map(|(from, _)| from),
        paused_until: story.pause.and_then(|(_, until)| until),
        resume_status: story.resume.map(TrajectoryStatus::as_str),
        origin_organisation_id: Id(lead.organisation),
        created_by_user_id: Id(lead.id),
        version: i64::try_from(story.steps.len()).unwrap_or(1),
        created_at: times[0],
        updated_at: times[times.len() - 1],
    });
    id
}

#[expect(clippy::too_many_arguments, reason = "one row's facts")]
fn job_rows(
    rng: &mut Rng,
    batch: &mut Batch,
    client: Uuid,
    trajectory: Uuid,
    story: &Story,
    region: &super::cast::RegionCast,
    by: &Account,
    disclosure: EmployerDisclosure,
    today: NaiveDate,
) {
    use WorkType as W;
    for job in &story.jobs {
        let (employer, sector) = *rng.pick(&region.employers);
        let paid = job.work.is_paid();
        let contract = match job.work {
            W::RegularPaid => rng.weighted(&[
                (ContractType::Permanent, 25),
                (ContractType::FixedTerm, 55),
                (ContractType::OnCall, 20),
            ]),
            W::RegularWithWageSubsidy | W::ShelteredWork | W::ShelteredWsw => {
                rng.weighted(&[(ContractType::Permanent, 35), (ContractType::FixedTerm, 65)])
            }
            W::AgencyOrSecondment => ContractType::Agency,
            W::SelfEmployed => ContractType::SelfEmployed,
            _ => ContractType::None,
        };
        let hours = if paid {
            match rng.below(100) {
                0..20 => rng.range(4, 11),
                20..65 => rng.range(12, 24),
                65..85 => rng.range(25, 32),
                _ => rng.range(33, 40),
            }
        } else {
            rng.range(4, 24)
        };
        #[expect(clippy::cast_precision_loss, reason = "hours are small integers")]
        let hours = hours as f64;
        let titles = SECTORS[sector].1;
        let title = titles[rng.index(titles.len())];
        let created = at(rng, job.start, 30);
        let ended = job.end.filter(|e| *e <= today);
        batch.placements.push(rows::Placement {
            id: Id(rng.id_at(created.0)),
            trajectory_id: Id(trajectory),
            client_id: Id(client),
            employer_id: Id(employer),
            job_title: title,
            work_type: job.work.as_str(),
            start_date: job.start,
            placement_date: (paid && rng.chance(0.6))
                .then(|| plus(job.start, rng.range(0, 30)))
                .filter(|d| *d <= today && job.end.is_none_or(|e| *d <= e)),
            end_date: job.end,
            end_reason: job.end_reason.map(PlacementEndReason::as_str),
            contract_type: contract.as_str(),
            contract_end_date: (contract == ContractType::FixedTerm)
                .then(|| plus(job.start, if rng.chance(0.5) { 182 } else { 365 })),
            contracted_hours_per_week: hours,
            actual_hours_per_month: rng
                .chance(0.5)
                .then(|| (hours * 4.33 * (0.9 + rng.unit() * 0.2)).round().min(300.0)),
            at_least_minimum_wage: match job.work {
                W::RegularPaid | W::AgencyOrSecondment => rng.chance(0.97),
                W::RegularWithWageSubsidy => rng.chance(0.6),
                W::SelfEmployed => rng.chance(0.7),
                W::ShelteredWork | W::ShelteredWsw => rng.chance(0.8),
                _ => false,
            },
            wage_value_percentage: match job.work {
                W::RegularWithWageSubsidy => Some(i32::try_from(rng.range(35, 85)).unwrap_or(50)),
                W::ShelteredWork | W::ShelteredWsw => {
                    Some(i32::try_from(rng.range(20, 60)).unwrap_or(30))
                }
                _ => None,
            },
            wage_cost_subsidy: job.work == W::RegularWithWageSubsidy,
            job_agreement: match job.work {
                W::RegularWithWageSubsidy => rng.chance(0.5),
                W::RegularPaid => rng.chance(0.05),
                _ => false,
            },
            disclosure_used: disclosure != EmployerDisclosure::None && rng.chance(0.6),
            started_before_registration: false,
            origin_organisation_id: Id(by.organisation),
            created_by_user_id: Id(by.id),
            version: if ended.is_some() { 2 } else { 1 },
            created_at: created,
            updated_at: ended.map_or(created, |e| at(rng, e, 31)),
        });
    }
}

/// The search's employer contacts: the first face-to-face one about this client within the
/// first weeks (IPS-25 item 15: most within 30 days), some more while searching, and the one
/// before each paid job with its employer.
#[expect(clippy::too_many_arguments, reason = "one row's facts")]
fn contact_rows(
    rng: &mut Rng,
    batch: &mut Batch,
    client: Uuid,
    trajectory: Uuid,
    story: &Story,
    region: &super::cast::RegionCast,
    by: &Account,
    today: NaiveDate,
) {
    let Some(search) = story.search else { return };
    let last = story.end().map_or(today, |(d, _)| d).min(today);
    let reference = story.intake.unwrap_or(search);
    let mut contacts: Vec<(NaiveDate, Uuid, ContactForm, ContactOutcome, bool)> = Vec::new();
    let first = plus(
        reference,
        if rng.chance(0.7) {
            rng.range(5, 30)
        } else {
            rng.range(31, 80)
        },
    )
    .max(search);
    let employer = |rng: &mut Rng| rng.pick(&region.employers).0;
    let outcome = |rng: &mut Rng| {
        use ContactOutcome as O;
        rng.weighted(&[
            (O::RelationshipBuilding, 20),
            (O::VacancyDiscussed, 30),
            (O::FollowUpAgreed, 20),
            (O::InterviewArranged, 10),
            (O::NoOpportunity, 15),
            (O::Other, 5),
        ])
    };
    contacts.push((
        first,
        employer(rng),
        ContactForm::FaceToFace,
        outcome(rng),
        true,
    ));
    for _ in 0..rng.range(0, 3) {
        let day = plus(search, rng.range(0, 120));
        let form = rng.weighted(&[
            (ContactForm::FaceToFace, 50),
            (ContactForm::Phone, 30),
            (ContactForm::Digital, 20),
        ]);
        contacts.push((day, employer(rng), form, outcome(rng), rng.chance(0.9)));
    }
    for job in story.jobs.iter().filter(|j| j.work.is_paid()) {
        let day = plus(job.start, -rng.range(5, 20)).max(search);
        let employer = batch
            .placements
            .iter()
            .rev()
            .find(|p| p.trajectory_id == Id(trajectory) && p.start_date == job.start)
            .map_or_else(|| employer(rng), |p| p.employer_id.0);
        contacts.push((
            day,
            employer,
            ContactForm::FaceToFace,
            ContactOutcome::JobOffered,
            true,
        ));
    }
    for (day, employer, form, outcome, specific) in contacts {
        if day > last {
            continue;
        }
        let created = at(rng, day, 50);
        batch.contacts.push(rows::EmployerContact {
            id: Id(rng.id_at(created.0)),
            trajectory_id: Some(Id(trajectory)),
            client_id: Some(Id(client)),
            employer_id: Id(employer),
            user_id: Id(by.id),
            contact_date: day,
            form: form.as_str(),
            client_specific: specific,
            outcome: outcome.as_str(),
            note: None,
            origin_organisation_id: Id(by.organisation),
            version: 1,
            created_at: created,
            updated_at: created,
        });
    }
}
