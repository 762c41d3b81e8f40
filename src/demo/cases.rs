//! The demo's case data: for every trajectory type, one client in each of its statuses,
//! with the care team, consents (in force, expired and withdrawn), benefits, vocational
//! profile, employer contacts, placements, support activities, financing, jobcoach
//! provisions and journal entries that such a file holds in practice. Everything is dated
//! relative to the day of seeding, so that the data reads the same whenever it is made.

use std::collections::HashMap;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use super::driver::Driver;
use crate::domain::Role;
use crate::domain::trajectory::machine::Machines;
use crate::domain::trajectory::{TrajectoryStatus as S, TrajectoryType};
use crate::error::AppError;

/// Who is who in the demo: the organisations and accounts the case data refers to.
pub struct Cast {
    /// Organisation ids by demo name.
    pub organisations: HashMap<&'static str, String>,
    /// Account ids by role.
    pub users: HashMap<Role, String>,
}

const GIVEN: [&str; 16] = [
    "Sanne", "Mohamed", "Lotte", "Kevin", "Fatima", "Jeroen", "Priya", "Dennis", "Naima", "Bas",
    "Esra", "Thijs", "Anouk", "Rachid", "Iris", "Gerrit",
];
const FAMILY: [&str; 17] = [
    "de Vries",
    "El Amrani",
    "Jansen",
    "Bakker",
    "Yilmaz",
    "Visser",
    "Ramdin",
    "Smit",
    "Bouzid",
    "Mulder",
    "Kaya",
    "de Boer",
    "Meijer",
    "Tahiri",
    "Kok",
    "van Dijk",
    "Pinas",
];
const EMPLOYERS: [(&str, &str); 6] = [
    ("Bakkerij De Korenaar", "Food"),
    ("Hotel Amstelzicht", "Hospitality"),
    ("Groenvoorziening Zaanstreek", "Landscaping"),
    ("Fietsenmakerij Spaak", "Retail"),
    ("Logistiek Centrum Westpoort", "Logistics"),
    ("Zorgcentrum De Linde", "Care"),
];
const JOBS: [&str; 6] = [
    "Medewerker productie",
    "Medewerker housekeeping",
    "Hovenier",
    "Fietsenmaker",
    "Orderpicker",
    "Gastvrouw",
];
const MUNICIPALITIES: [&str; 3] = ["GM0363", "GM0362", "GM0479"];

/// The `n`-th of `items`, round and round.
fn pick<T: Clone>(items: &[T], n: u32) -> T {
    items[n as usize % items.len()].clone()
}

/// A demo BSN: the `n`-th number from 100000000 up that passes the 11-proef.
fn bsn(n: u32) -> String {
    let mut found = 0;
    let mut candidate: u32 = 100_000_000;
    loop {
        let digits: Vec<u32> = candidate
            .to_string()
            .chars()
            .filter_map(|c| c.to_digit(10))
            .collect();
        let sum: i64 = digits[..8]
            .iter()
            .zip((2..=9).rev())
            .map(|(d, w)| i64::from(*d) * w)
            .sum::<i64>()
            - i64::from(digits[8]);
        if sum % 11 == 0 {
            if found == n {
                return candidate.to_string();
            }
            found += 1;
        }
        candidate += 1;
    }
}

/// What happened to the client's consent to share GGZ data with UWV and the municipality.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ConsentStory {
    InForce,
    Expired,
    Withdrawn,
}

/// The open statuses of a type in order, without the initial, pause and end statuses.
fn chain(machines: &Machines, kind: TrajectoryType) -> Vec<S> {
    machines
        .of(kind)
        .states
        .iter()
        .copied()
        .filter(|s| !matches!(s, S::Registered | S::Paused | S::Closed | S::EndedEarly))
        .collect()
}

/// The transitions that bring a new trajectory of `kind` to `target`.
fn path(machines: &Machines, kind: TrajectoryType, target: S) -> Vec<S> {
    let open = chain(machines, kind);
    let up_to = |s: S| -> Vec<S> {
        let end = open.iter().position(|x| *x == s).map_or(0, |i| i + 1);
        open[..end].to_vec()
    };
    let search = *open
        .iter()
        .take_while(|s| **s != S::Placed)
        .last()
        .unwrap_or(&S::Registered);
    match target {
        S::Registered => Vec::new(),
        S::Paused => [up_to(search), vec![S::Paused]].concat(),
        S::Closed => [up_to(S::FollowAlong), vec![S::Closed]].concat(),
        S::EndedEarly => [up_to(open[0]), vec![S::EndedEarly]].concat(),
        other => up_to(other),
    }
}

/// Days between one step and the next: people stay at work longest.
const fn gap(to: S) -> u64 {
    match to {
        S::FollowAlong => 90,
        S::Closed => 150,
        _ => 30,
    }
}

struct Seeder<'a, A> {
    d: &'a Driver<A>,
    cast: &'a Cast,
    today: NaiveDate,
    employers: Vec<String>,
}

impl<A> Seeder<'_, A> {
    fn org(&self, name: &str) -> &str {
        &self.cast.organisations[name]
    }

    fn user(&self, role: Role) -> &str {
        &self.cast.users[&role]
    }

    fn ago(&self, days: u64) -> NaiveDate {
        self.today - Days::new(days)
    }
}

impl<A, B> Seeder<'_, A>
where
    A: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    async fn employers(&mut self) -> Result<(), AppError> {
        for (name, sector) in EMPLOYERS {
            let id = self
                .d
                .create(
                    Role::EmploymentSpecialist,
                    "/v1/employers",
                    json!({ "name": name, "sector": sector, "regionCode": "AM18" }),
                )
                .await?;
            self.employers.push(id);
        }
        // Job development: contacts with employers about no client in particular.
        for (i, employer) in self.employers.iter().enumerate() {
            self.d
                .create(
                    Role::EmploymentSpecialist,
                    "/v1/employer-contacts",
                    json!({ "employerId": employer, "form": "FACE_TO_FACE",
                            "outcome": "RELATIONSHIP_BUILDING", "clientSpecific": false,
                            "contactDate": self.ago(100 + 7 * i as u64),
                            "note": "Kennismaking: wat voor werk is er, en wie begeleidt op de werkvloer?" }),
                )
                .await?;
        }
        Ok(())
    }

    async fn client(&self, n: u32, registered: NaiveDate) -> Result<String, AppError> {
        let given = pick(&GIVEN, n);
        let family = pick(&FAMILY, n);
        let born = NaiveDate::from_ymd_opt(
            1970 + i32::try_from(n * 7 % 35).unwrap_or(0),
            1 + n * 5 % 12,
            1 + n * 11 % 28,
        )
        .unwrap_or(registered);
        let mut body = json!({
            "givenNames": given, "familyName": family, "birthDate": born,
            "municipalityCode": pick(&MUNICIPALITIES, n), "regionCode": "AM18",
            "email": format!("{}.{}@example.nl", given.to_lowercase(), family.to_lowercase().replace(' ', "")),
            "phone": format!("06{:08}", 12_345_000 + n),
            "employerDisclosure": pick(&["NONE", "LIMITED", "FULL"], n),
        });
        if n % 4 != 3 {
            body["bsn"] = json!(bsn(n));
        }
        self.d
            .create(Role::EmploymentSpecialist, "/v1/clients", body)
            .await
    }

    async fn care_team(&self, client: &str, n: u32, kind: TrajectoryType) -> Result<(), AppError> {
        let mut members = vec![(Role::UwvLabourExpert, "BENEFITS_AND_REINTEGRATION")];
        if n.is_multiple_of(2) {
            members.push((Role::Practitioner, "TREATMENT"));
        }
        if n.is_multiple_of(3) || kind == TrajectoryType::Wabz {
            members.push((Role::MunicipalCaseManager, "BENEFITS_AND_REINTEGRATION"));
        }
        if kind == TrajectoryType::Jobcoaching {
            members.push((Role::JobCoach, "JOB_COACHING"));
        }
        if n.is_multiple_of(5) {
            members.push((Role::WspAccountManager, "EMPLOYER_SERVICES"));
        }
        for (role, team_role) in members {
            self.d
                .create(
                    Role::EmploymentSpecialist,
                    &format!("/v1/clients/{client}/care-team-members"),
                    json!({ "userId": self.user(role), "teamRole": team_role }),
                )
                .await?;
        }
        Ok(())
    }

    async fn consents(
        &self,
        client: &str,
        story: ConsentStory,
        from: NaiveDate,
    ) -> Result<(), AppError> {
        let path = format!("/v1/clients/{client}/consents");
        let categories = [
            "IDENTITY",
            "TRAJECTORY_STATUS",
            "FUNCTIONAL_ADVICE",
            "VOCATIONAL_PROFILE",
            "EMPLOYER_CONTACTS",
            "PLACEMENTS",
        ];
        for to in ["UWV Amsterdam (demo)", "Gemeente Amsterdam (demo)"] {
            let mut body = json!({
                "kind": "SHARE_GGZ_TO_WI", "fromOrganisationId": self.org("GGZ Amsterdam (demo)"),
                "toOrganisationId": self.org(to), "dataCategories": categories,
                "purpose": "IPS_TRAJECTORY", "method": "WRITTEN", "grantedDate": from,
                "evidenceDocumentRef": "Toestemmingsformulier in het dossier van de GGZ",
            });
            if story == ConsentStory::Expired {
                body["validUntilDate"] = json!(self.ago(20));
            }
            let id = self
                .d
                .create(Role::EmploymentSpecialist, &path, body)
                .await?;
            if story == ConsentStory::Withdrawn {
                self.d
                    .act(
                        Role::EmploymentSpecialist,
                        &format!("{path}/{id}"),
                        &format!("{path}/{id}/withdrawal"),
                        json!({ "withdrawnVia": "ORAL_RECORDED", "reason": "Cliënt wil dit liever zelf vertellen." }),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    async fn benefits(&self, client: &str, n: u32, from: NaiveDate) -> Result<(), AppError> {
        let path = format!("/v1/clients/{client}/benefits");
        let (role, body) = match n % 3 {
            0 => (
                Role::MunicipalCaseManager,
                json!({ "benefitType": "PARTICIPATIEWET_BIJSTAND", "startDate": from - Days::new(400) }),
            ),
            1 => (
                Role::UwvLabourExpert,
                json!({ "benefitType": "WW", "startDate": from - Days::new(60) }),
            ),
            _ => (
                Role::UwvLabourExpert,
                json!({ "benefitType": "WIA_WGA", "startDate": from - Days::new(700), "percentage": 60 }),
            ),
        };
        self.d.create(role, &path, body).await.map(drop)
    }

    /// One client's file: registered, a care team, consents, benefits and a trajectory of
    /// `kind` brought to `target`.
    async fn case(
        &self,
        n: u32,
        kind: TrajectoryType,
        target: S,
        machines: &Machines,
    ) -> Result<String, AppError> {
        let steps = path(machines, kind, target);
        let span: u64 = steps.iter().map(|s| gap(*s)).sum::<u64>() + 14;
        let registered = self.ago(span);
        let story = match n % 5 {
            _ if kind == TrajectoryType::Wabz || kind == TrajectoryType::Jobcoaching => {
                ConsentStory::InForce
            }
            3 => ConsentStory::Expired,
            4 => ConsentStory::Withdrawn,
            _ => ConsentStory::InForce,
        };
        let client = self.client(n, registered).await?;
        self.care_team(&client, n, kind).await?;
        self.consents(&client, story, registered).await?;
        self.benefits(&client, n, registered).await?;
        self.d
            .create(
                Role::EmploymentSpecialist,
                &format!("/v1/clients/{client}/journal-entries"),
                json!({ "category": "VOCATIONAL_PROFILE", "entryDate": registered,
                        "text": "Wil graag weer aan het werk, liefst buiten en met de handen." }),
            )
            .await?;
        let trajectory = self
            .d
            .create(
                Role::EmploymentSpecialist,
                "/v1/trajectories",
                json!({ "clientId": client, "type": kind.as_str(), "registrationDate": registered,
                        "wishToWorkDate": registered,
                        "targetGroupAttestation": if kind == TrajectoryType::IpsCmd { "CMD" } else { "EPA" } }),
            )
            .await?;
        self.financing(&trajectory, kind, registered).await?;
        let mut day = registered;
        let mut placement = None;
        for to in steps {
            day = day + Days::new(gap(to));
            placement = self
                .before(&trajectory, kind, to, day, n, placement)
                .await?;
            let body = match to {
                S::Paused => {
                    json!({ "toStatus": to.as_str(), "date": day, "reason": "Opname in de kliniek" })
                }
                S::Closed => {
                    json!({ "toStatus": to.as_str(), "date": day, "endReason": "GOAL_REACHED_DURABLE_WORK" })
                }
                S::EndedEarly => {
                    json!({ "toStatus": to.as_str(), "date": day, "endReason": "CLIENT_WITHDREW",
                                          "reason": "Wil zich eerst op de behandeling richten." })
                }
                _ => json!({ "toStatus": to.as_str(), "date": day }),
            };
            let resource = format!("/v1/trajectories/{trajectory}");
            self.d
                .act(
                    Role::EmploymentSpecialist,
                    &resource,
                    &format!("{resource}/transitions"),
                    body,
                )
                .await?;
        }
        Ok(client)
    }

    async fn financing(
        &self,
        trajectory: &str,
        kind: TrajectoryType,
        day: NaiveDate,
    ) -> Result<(), AppError> {
        let (scheme, financier, organisation) = match kind {
            TrajectoryType::Ips => (
                "IPS_MUNICIPAL_2023",
                "MUNICIPALITY",
                "Gemeente Amsterdam (demo)",
            ),
            TrajectoryType::IpsCmd => ("IPS_CMD_2019", "UWV", "UWV Amsterdam (demo)"),
            _ => return Ok(()),
        };
        let path = format!("/v1/trajectories/{trajectory}/financings");
        let id = self
            .d
            .create(
                Role::EmploymentSpecialist,
                &path,
                json!({ "scheme": scheme, "financier": financier, "statusDate": day,
                        "financierOrganisationId": self.org(organisation) }),
            )
            .await?;
        let resource = format!("{path}/{id}");
        self.d
            .act(
                Role::EmploymentSpecialist,
                &resource,
                &format!("{resource}/transitions"),
                json!({ "toStatus": "APPLIED", "date": day + Days::new(7) }),
            )
            .await
    }

    /// Arranges what the step to `to` on `day` rests on, and the work that goes with it:
    /// profile, employer contacts, placements, support and jobcoaching.
    async fn before(
        &self,
        trajectory: &str,
        kind: TrajectoryType,
        to: S,
        day: NaiveDate,
        n: u32,
        placement: Option<String>,
    ) -> Result<Option<String>, AppError> {
        let es = Role::EmploymentSpecialist;
        let base = format!("/v1/trajectories/{trajectory}");
        let activity = |kind: &str, minutes: u32, note: &str| json!({ "kind": kind, "durationMinutes": minutes, "activityDate": day, "note": note });
        match to {
            S::VocationalProfile => {
                self.d
                    .put(
                        es,
                        &format!("{base}/vocational-profile"),
                        json!({ "preferredJobs": [pick(&JOBS, n)], "preferredSectors": [pick(&EMPLOYERS, n).1],
                                "desiredHoursPerWeek": pick(&[24, 16, 32, 20], n),
                                "workHistory": "Acht jaar in de horeca, daarna twee jaar niet gewerkt.",
                                "strengths": "Nauwkeurig, goed met klanten.",
                                "workRelevantAdvice": "Vaste begintijden helpen; liever geen nachtdiensten." }),
                    )
                    .await?;
                self.d
                    .create(
                        es,
                        &format!("{base}/support-activities"),
                        activity("PROFILE", 60, "Beroepsprofiel samen opgesteld."),
                    )
                    .await?;
            }
            S::JobSearch | S::JobMatching => {
                self.d
                    .create(
                        es,
                        "/v1/employer-contacts",
                        json!({ "trajectoryId": trajectory, "employerId": pick(&self.employers, n),
                                "form": "FACE_TO_FACE", "outcome": "VACANCY_DISCUSSED", "clientSpecific": true,
                                "contactDate": day + Days::new(9) }),
                    )
                    .await?;
                self.d
                    .create(
                        es,
                        &format!("{base}/support-activities"),
                        activity("JOB_SEARCH", 45, "Vacatures doorgenomen."),
                    )
                    .await?;
            }
            S::Placed => {
                let id = self
                    .d
                    .create(
                        es,
                        &format!("{base}/placements"),
                        json!({ "employerId": pick(&self.employers, n),
                                "jobTitle": pick(&JOBS, n),
                                "workType": if n % 7 == 6 { "REGULAR_WITH_WAGE_SUBSIDY" } else { "REGULAR_PAID" },
                                "wageCostSubsidy": n % 7 == 6,
                                "startDate": day, "contractType": if n.is_multiple_of(2) { "PERMANENT" } else { "FIXED_TERM" },
                                "contractEndDate": if n.is_multiple_of(2) { Value::Null } else { json!(day + Days::new(365)) },
                                "contractedHoursPerWeek": pick(&[24, 16, 32, 20, 12], n), "atLeastMinimumWage": true,
                                "disclosureUsed": !n.is_multiple_of(3) }),
                    )
                    .await?;
                if kind == TrajectoryType::Jobcoaching {
                    self.jobcoaching(&id, day).await?;
                }
                return Ok(Some(id));
            }
            S::FollowAlong | S::Closed => {
                self.d
                    .create(
                        es,
                        &format!("{base}/support-activities"),
                        activity("JOB_SUPPORT", 30, "Gesprek met cliënt en leidinggevende."),
                    )
                    .await?;
            }
            _ => {}
        }
        Ok(placement)
    }

    /// A jobcoach provision on a new placement: requested by UWV, granted for the first
    /// period, and hours written by the job coach. A provision's steps are dated from its
    /// request, which werkpad records as the day of seeding.
    async fn jobcoaching(&self, placement: &str, day: NaiveDate) -> Result<(), AppError> {
        let uwv = Role::UwvLabourExpert;
        let id = self
            .d
            .create(
                uwv,
                "/v1/jobcoach-provisions",
                json!({ "placementId": placement, "financier": "UWV", "form": "EXTERNAL",
                        "jobcoachOrganisationId": self.org("Jobcoach Groep (demo)"), "intensity": "MEDIUM",
                        "periodStartDate": day, "requestedHours": 60 }),
            )
            .await?;
        let resource = format!("/v1/jobcoach-provisions/{id}");
        let transitions = format!("{resource}/transitions");
        for body in [
            json!({ "toStatus": "UNDER_REVIEW" }),
            json!({ "toStatus": "GRANTED", "grantedHours": 60 }),
            json!({ "toStatus": "ACTIVE" }),
        ] {
            self.d.act(uwv, &resource, &transitions, body).await?;
        }
        self.d
            .patch(Role::JobCoach, &resource, json!({ "spentHours": 12 }))
            .await
    }
}

/// Seeds the case data through the API, signed in as the demo accounts.
pub async fn seed<A, B>(
    d: &Driver<A>,
    cast: &Cast,
    machines: &Machines,
    today: NaiveDate,
) -> Result<(), AppError>
where
    A: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut seeder = Seeder {
        d,
        cast,
        today,
        employers: Vec::new(),
    };
    seeder.employers().await?;
    let mut n: u32 = 0;
    for machine in machines.all() {
        let kind = machine.trajectory_type;
        for target in machine.states.clone() {
            let client = seeder.case(n, kind, target, machines).await?;
            if target == S::EndedEarly && kind == TrajectoryType::Ips {
                // Reopened: a new trajectory linked to the one that ended.
                reopen(d, &client).await?;
            }
            n += 1;
        }
    }
    Ok(())
}

async fn reopen<A, B>(d: &Driver<A>, client: &str) -> Result<(), AppError>
where
    A: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let ended = d
        .list(
            Role::EmploymentSpecialist,
            &format!("/v1/trajectories?clientId={client}"),
        )
        .await?;
    let previous = ended
        .first()
        .and_then(|t| t["id"].as_str())
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("demo seed: no trajectory to reopen")))?
        .to_owned();
    d.create(
        Role::EmploymentSpecialist,
        "/v1/trajectories",
        json!({ "clientId": client, "type": "IPS", "previousTrajectoryId": previous, "wishToWorkDate": chrono::Utc::now().date_naive() }),
    )
    .await
    .map(drop)
}
