//! `werkpad serve --demo`: seeds the embedded database with two regions, a GGZ institution,
//! a UWV office and a municipality in each, and one account per role, so that a newcomer
//! can sign in and call the API within a minute; then, through the API itself, client files
//! with trajectories in every status of every type (`cases`). Never for production data.

mod cases;
mod driver;

use std::collections::HashMap;

use actix_web::web;
use secrecy::SecretString;

use crate::auth::password::Hasher;
use crate::authz::{Action, operator_permit};
use crate::db::{self, Pool};
use crate::domain::accounts::NewOrganisation;
use crate::domain::calendar::today;
use crate::domain::{Email, OrganisationId, OrganisationKind, Password, RegionCode, Role};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// The password of every demo account.
pub const PASSWORD: &str = "werkpad-demo-2026";

/// One demo login.
pub struct Login {
    /// Sign-in address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Organisation name.
    pub organisation: String,
}

const ORGANISATIONS: [(&str, OrganisationKind, &str); 8] = [
    ("GGZ Amsterdam (demo)", OrganisationKind::Ggz, "AM18"),
    ("UWV Amsterdam (demo)", OrganisationKind::Uwv, "AM18"),
    (
        "Gemeente Amsterdam (demo)",
        OrganisationKind::Municipality,
        "AM18",
    ),
    ("GGZ Rijnmond (demo)", OrganisationKind::Ggz, "AM22"),
    ("UWV Rotterdam (demo)", OrganisationKind::Uwv, "AM22"),
    (
        "Gemeente Rotterdam (demo)",
        OrganisationKind::Municipality,
        "AM22",
    ),
    (
        "Jobcoach Groep (demo)",
        OrganisationKind::JobcoachOrganisation,
        "AM18",
    ),
    ("werkpad beheer (demo)", OrganisationKind::Other, "AM18"),
];

/// Where each role's demo account works (index into `ORGANISATIONS`).
fn home(role: Role) -> usize {
    match role {
        Role::EmploymentSpecialist | Role::Practitioner | Role::Auditor | Role::OrgAdmin => 0,
        Role::UwvLabourExpert => 1,
        Role::MunicipalCaseManager | Role::WspAccountManager | Role::RegionalCoordinator => 2,
        Role::JobCoach => 6,
        Role::SystemAdmin | Role::ProgrammeCoordinator => 7,
    }
}

fn email(role: Role) -> String {
    format!(
        "{}@demo.werkpad.nl",
        role.as_str().to_lowercase().replace('_', "-")
    )
}

/// Seeds the demo data unless it is already there; returns the logins either way.
pub async fn seed(state: &web::Data<AppState>) -> Result<Vec<Login>, AppError> {
    let logins: Vec<Login> = Role::ALL
        .iter()
        .map(|role| Login {
            email: email(*role),
            role: *role,
            organisation: ORGANISATIONS[home(*role)].0.to_owned(),
        })
        .collect();
    if let Some(cast) = accounts(&state.pool, &state.hasher)? {
        let app = driver::app(state.clone()).await;
        let accounts: Vec<(Role, String)> =
            logins.iter().map(|l| (l.role, l.email.clone())).collect();
        let d = driver::Driver::sign_in(app, &accounts, PASSWORD).await?;
        cases::seed(&d, &cast, &state.rules.machines, today()).await?;
    }
    Ok(logins)
}

/// The organisations and one account per role; `None` when they are already there.
fn accounts(pool: &Pool, hasher: &Hasher) -> Result<Option<cases::Cast>, AppError> {
    let already =
        pool.with_conn(|conn| Ok(db::organisations::name_taken(conn, ORGANISATIONS[0].0)?))?;
    if already {
        return Ok(None);
    }
    let mut ids: Vec<OrganisationId> = Vec::new();
    let mut cast = cases::Cast {
        organisations: HashMap::new(),
        users: HashMap::new(),
    };
    for (name, kind, region) in ORGANISATIONS {
        let new = NewOrganisation {
            kind,
            name: name.to_owned(),
            kvk_number: None,
            oin: None,
            agb_code: None,
            cbs_municipality_code: None,
            uwv_recognised: kind == OrganisationKind::JobcoachOrganisation,
            region_codes: vec![
                RegionCode::parse(region).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?,
            ],
        };
        let permit = operator_permit(Action::CreateOrganisation);
        let created =
            pool.with_conn(|conn| service::organisations::register(conn, &permit, &new))?;
        ids.push(created.id);
        cast.organisations.insert(name, created.id.to_string());
    }
    for role in Role::ALL {
        let password = Password::parse(SecretString::from(PASSWORD.to_owned()))
            .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
        let hash = hasher
            .hash_now(password.secret())
            .map_err(AppError::Internal)?;
        let new = crate::domain::accounts::NewUser {
            email: Email::parse(&email(*role))
                .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?,
            display_name: format!("Demo {}", role.dutch()),
            organisation_id: ids[home(*role)],
            role: *role,
            password,
            active: true,
        };
        let permit = operator_permit(Action::CreateUser);
        let user = pool.with_conn(|conn| service::users::register(conn, &permit, &new, &hash))?;
        cast.users.insert(*role, user.id.to_string());
    }
    Ok(Some(cast))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use super::{ORGANISATIONS, home};
    use crate::domain::Role;

    #[test]
    fn every_demo_account_fits_its_organisation() {
        for role in Role::ALL {
            assert!(role.fits(ORGANISATIONS[home(*role)].1), "{role:?}");
        }
    }
}
