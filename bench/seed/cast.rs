//! Who is there before the first client: per region a GGZ institution, a UWV office, the
//! central municipality and the werkgeversservicepunt (where the regional coordinator
//! works), with their accounts and the region's employers; and the national programme and
//! the operator. Every account shares one password hash.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use werkpad::db::{Id, UtcTime};
use werkpad::domain::{OrganisationKind, Role};

use super::places::{EMPLOYER_NAMES, EMPLOYER_TRADES, FAMILY, GIVEN, REGIONS, SECTORS};
use super::rng::Rng;
use super::rows;

/// An account, as the case data refers to it.
#[derive(Clone, Debug)]
pub struct Account {
    /// Id.
    pub id: Uuid,
    /// Its organisation.
    pub organisation: Uuid,
    /// Its role.
    pub role: Role,
    /// Sign-in address.
    pub email: String,
}

/// One region's organisations, account indices (into `Cast::accounts`) and employers.
#[derive(Debug)]
pub struct RegionCast {
    /// Region code.
    pub code: &'static str,
    /// The GGZ institution.
    pub ggz: Uuid,
    /// The werkgeversservicepunt.
    pub wsp: Uuid,
    /// Employment specialists (GGZ).
    pub specialists: Vec<usize>,
    /// Practitioners (GGZ).
    pub practitioners: Vec<usize>,
    /// UWV labour experts.
    pub labour_experts: Vec<usize>,
    /// Municipal case managers.
    pub case_managers: Vec<usize>,
    /// WSP account managers.
    pub account_managers: Vec<usize>,
    /// Employers in the region, with their sector (an index into `SECTORS`).
    pub employers: Vec<(Uuid, usize)>,
    /// A UWV labour expert on the care team of every client of the region (AM18 only): the
    /// long list the benchmark pages through.
    pub caseload: Option<usize>,
}

/// Everyone, and the rows that store them.
pub struct Cast {
    /// Every account.
    pub accounts: Vec<Account>,
    /// Per region, in `REGIONS` order.
    pub regions: Vec<RegionCast>,
    /// Organisations.
    pub organisations: Vec<rows::Organisation>,
    /// Organisations' regions.
    pub organisation_regions: Vec<rows::OrganisationRegion>,
    /// Employers.
    pub employers: Vec<rows::Employer>,
}

/// Clients per account of each caseworker role (so a region of 2,000 clients gets 100
/// employment specialists: IPS-25 item 1, a caseload of at most 20).
const PER_SPECIALIST: u32 = 20;
const PER_PRACTITIONER: u32 = 40;
const PER_LABOUR_EXPERT: u32 = 80;
const PER_CASE_MANAGER: u32 = 80;
const PER_ACCOUNT_MANAGER: u32 = 1000;
/// Employers in a region's register per client living there.
const CLIENTS_PER_EMPLOYER: u32 = 8;

struct Builder<'a> {
    rng: Rng,
    at: UtcTime,
    hash: &'a str,
    cast: Cast,
    users: Vec<rows::User<'a>>,
    kvk: u32,
}

impl Builder<'_> {
    fn organisation(
        &mut self,
        kind: OrganisationKind,
        name: String,
        municipality: Option<&'static str>,
        region: Option<&'static str>,
    ) -> Uuid {
        let id = self.rng.id_at(self.at.0);
        self.cast.organisations.push(rows::Organisation {
            id: Id(id),
            kind: kind.as_str(),
            name,
            kvk_number: None,
            oin: None,
            agb_code: None,
            cbs_municipality_code: municipality,
            uwv_recognised: false,
            version: 1,
            created_at: self.at,
            updated_at: self.at,
        });
        if let Some(code) = region {
            self.cast
                .organisation_regions
                .push(rows::OrganisationRegion {
                    organisation_id: Id(id),
                    region_code: code,
                });
        }
        id
    }

    fn account(&mut self, organisation: Uuid, role: Role, email: String) -> usize {
        let id = self.rng.id_at(self.at.0);
        let display_name = format!("{} {}", self.rng.pick(&GIVEN), self.rng.pick(&FAMILY));
        self.users.push(rows::User {
            id: Id(id),
            organisation_id: Id(organisation),
            email: email.clone(),
            display_name,
            role: role.as_str(),
            active: true,
            password_hash: self.hash,
            version: 1,
            created_at: self.at,
            updated_at: self.at,
        });
        self.cast.accounts.push(Account {
            id,
            organisation,
            role,
            email,
        });
        self.cast.accounts.len() - 1
    }

    /// `count` accounts of `role` at `organisation`, addressed `{prefix}-{n}.{region}@…`.
    fn staff(
        &mut self,
        organisation: Uuid,
        role: Role,
        prefix: &str,
        region: &str,
        count: u32,
    ) -> Vec<usize> {
        (1..=count)
            .map(|n| self.account(organisation, role, email(&format!("{prefix}-{n}"), region)))
            .collect()
    }

    /// The oversight accounts every organisation has: an auditor and a functional admin.
    fn oversight(&mut self, organisation: Uuid, slug: &str) {
        self.account(
            organisation,
            Role::Auditor,
            address(&format!("auditor.{slug}")),
        );
        self.account(
            organisation,
            Role::OrgAdmin,
            address(&format!("admin.{slug}")),
        );
    }

    fn employer(
        &mut self,
        region: &'static str,
        origin: Uuid,
        by: usize,
        place: &str,
    ) -> (Uuid, usize) {
        let id = self.rng.id_at(self.at.0);
        let index = self.rng.index(SECTORS.len());
        let sector = SECTORS[index].0;
        let name = format!(
            "{} {} {place}",
            self.rng.pick(&EMPLOYER_TRADES),
            self.rng.pick(&EMPLOYER_NAMES)
        );
        self.kvk += 1;
        // Most employers are registered with their KvK number; unique by construction.
        let kvk_number = self
            .rng
            .chance(0.8)
            .then(|| format!("{:08}", 10_000_000 + self.kvk));
        self.cast.employers.push(rows::Employer {
            id: Id(id),
            name,
            kvk_number,
            sector: Some(sector),
            region_code: Some(region),
            origin_organisation_id: Id(origin),
            created_by_user_id: Id(self.cast.accounts[by].id),
            version: 1,
            created_at: self.at,
            updated_at: self.at,
        });
        (id, index)
    }
}

/// Sign-in addresses: lower case, under a domain reserved for this data.
fn address(local: &str) -> String {
    format!("{local}@bench.werkpad.test")
}

fn email(local: &str, region: &str) -> String {
    address(&format!("{local}.{}", region.to_lowercase()))
}

/// The cast for regions holding `region_clients` clients each (in `REGIONS` order), with
/// `names` the regions' names from the database, created at `at`.
#[expect(
    clippy::too_many_lines,
    reason = "the organisations of a region, one after another"
)]
pub fn build<'a>(
    rng: Rng,
    region_clients: &[u32],
    names: &[String],
    at: DateTime<Utc>,
    hash: &'a str,
) -> (Cast, Vec<rows::User<'a>>) {
    let mut b = Builder {
        rng,
        at: UtcTime::from(at),
        hash,
        cast: Cast {
            accounts: Vec::new(),
            regions: Vec::new(),
            organisations: Vec::new(),
            organisation_regions: Vec::new(),
            employers: Vec::new(),
        },
        users: Vec::new(),
        kvk: 0,
    };
    let programme = b.organisation(
        OrganisationKind::Other,
        "Landelijk programma IPS en duurzaam werk".to_owned(),
        None,
        None,
    );
    b.account(programme, Role::ProgrammeCoordinator, address("pc"));
    b.oversight(programme, "programma");
    let operator = b.organisation(
        OrganisationKind::Other,
        "werkpad beheer".to_owned(),
        None,
        None,
    );
    b.account(operator, Role::SystemAdmin, address("sysadmin"));
    b.account(operator, Role::Auditor, address("auditor.beheer"));
    for ((&(code, _, places), clients), name) in REGIONS.iter().zip(region_clients).zip(names) {
        let slug = code.to_lowercase();
        let (city_code, city) = places[0];
        let ggz = b.organisation(
            OrganisationKind::Ggz,
            format!("GGZ {name}"),
            None,
            Some(code),
        );
        let uwv = b.organisation(
            OrganisationKind::Uwv,
            format!("UWV {name}"),
            None,
            Some(code),
        );
        let municipality = b.organisation(
            OrganisationKind::Municipality,
            format!("Gemeente {city}"),
            Some(city_code),
            Some(code),
        );
        let wsp = b.organisation(
            OrganisationKind::Wsp,
            format!("Werkgeversservicepunt {name}"),
            None,
            Some(code),
        );
        let n = *clients;
        let specialists = b.staff(
            ggz,
            Role::EmploymentSpecialist,
            "es",
            code,
            n.div_ceil(PER_SPECIALIST).max(1),
        );
        let practitioners = b.staff(
            ggz,
            Role::Practitioner,
            "practitioner",
            code,
            n.div_ceil(PER_PRACTITIONER).max(1),
        );
        let labour_experts = b.staff(
            uwv,
            Role::UwvLabourExpert,
            "uwv",
            code,
            n.div_ceil(PER_LABOUR_EXPERT).max(1),
        );
        let case_managers = b.staff(
            municipality,
            Role::MunicipalCaseManager,
            "cm",
            code,
            n.div_ceil(PER_CASE_MANAGER).max(1),
        );
        let account_managers = b.staff(
            wsp,
            Role::WspAccountManager,
            "wsp",
            code,
            1 + n / PER_ACCOUNT_MANAGER,
        );
        b.account(wsp, Role::RegionalCoordinator, email("rc", code));
        for (org, kind) in [
            (ggz, "ggz"),
            (uwv, "uwv"),
            (municipality, "gemeente"),
            (wsp, "wsp"),
        ] {
            b.oversight(org, &format!("{kind}.{slug}"));
        }
        // Half the register was built up by the WSP, half by the GGZ's specialists.
        let employers = (0..n.div_ceil(CLIENTS_PER_EMPLOYER).max(20))
            .map(|i| {
                let (origin, by) = if i % 2 == 0 {
                    (wsp, *b.rng.pick(&account_managers))
                } else {
                    (ggz, *b.rng.pick(&specialists))
                };
                let (_, place) = *b.rng.pick(places);
                b.employer(code, origin, by, place)
            })
            .collect();
        b.cast.regions.push(RegionCast {
            code,
            ggz,
            wsp,
            specialists,
            practitioners,
            labour_experts,
            case_managers,
            account_managers,
            employers,
            caseload: None,
        });
    }
    // After every region, so that the draws for all the rest stay as they were.
    if let Some(i) = b.cast.regions.iter().position(|r| r.code == "AM18") {
        let uwv = b.cast.accounts[b.cast.regions[i].labour_experts[0]].organisation;
        let caseload = b.account(uwv, Role::UwvLabourExpert, email("uwv-caseload", "AM18"));
        b.cast.regions[i].caseload = Some(caseload);
    }
    (b.cast, b.users)
}
