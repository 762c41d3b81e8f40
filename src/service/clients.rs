//! Registering, reading, listing, searching and changing clients, and their BSN.
//!
//! Who may do what is decided by `authz`; this module loads the facts, resolves the region
//! from the municipality, keeps the BSN unique, and makes the registrant a care-team member
//! in the same transaction as the registration.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::Connection;

use super::{access, precondition};
use crate::auth::Caller;
use crate::authz::{self, Action, Record, Target};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::calendar::today;
use crate::domain::care_team::{MembershipKind, TeamRole};
use crate::domain::client::{Client, ClientChanges, MunicipalityCode, NewClient, RecordRegime};
use crate::domain::{Bsn, ClientId, DataCategory, RegionCode, Role, UserId};
use crate::error::AppError;
use crate::vault::Vault;

/// A client as the caller may see it.
#[derive(Debug)]
pub struct ClientView {
    /// The client.
    pub client: Client,
    /// Whether the disclosure choice (VOCATIONAL_PROFILE) may be shown.
    pub disclosure_visible: bool,
    /// Whether the caller may know if a BSN is recorded (`None` in lists, where it is never
    /// shown).
    pub bsn_visible: Option<bool>,
}

/// The care-team relation a registrant gets, by role.
const fn registrant_team_role(role: Role) -> TeamRole {
    match role {
        Role::EmploymentSpecialist => TeamRole::EmploymentSupport,
        Role::Practitioner => TeamRole::Treatment,
        Role::UwvLabourExpert | Role::MunicipalCaseManager => TeamRole::BenefitsAndReintegration,
        Role::WspAccountManager => TeamRole::EmployerServices,
        Role::JobCoach => TeamRole::JobCoaching,
        Role::RegionalCoordinator
        | Role::ProgrammeCoordinator
        | Role::Auditor
        | Role::SystemAdmin
        | Role::OrgAdmin => TeamRole::Other,
    }
}

/// The region of a residence: derived from the municipality table when one is loaded (an
/// explicit region that contradicts it is refused), given explicitly otherwise.
fn resolve_region(
    conn: &mut DbConn,
    municipality: &MunicipalityCode,
    given: Option<&RegionCode>,
    day: NaiveDate,
) -> Result<RegionCode, AppError> {
    if db::municipalities::loaded(conn)? {
        let derived =
            db::municipalities::region_on(conn, municipality.as_str(), day)?.ok_or_else(|| {
                AppError::invalid(
                    "municipalityCode",
                    "unknown_reference",
                    "No municipality has this code on this date.",
                )
            })?;
        let derived = RegionCode::parse(&derived)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("municipalities.region_code: {e}")))?;
        match given {
            Some(region) if *region != derived => Err(AppError::invalid(
                "regionCode",
                "invalid_value",
                &format!(
                    "The municipality lies in {derived}; leave regionCode out or send {derived}."
                ),
            )),
            _ => Ok(derived),
        }
    } else {
        let region = given.cloned().ok_or_else(|| {
            AppError::invalid(
                "regionCode",
                "required",
                "Required: no municipality table is loaded to derive it from.",
            )
        })?;
        if db::regions::unknown(conn, std::slice::from_ref(&region))?.is_empty() {
            Ok(region)
        } else {
            Err(AppError::invalid(
                "regionCode",
                "unknown_reference",
                "No labour-market region has this code.",
            ))
        }
    }
}

fn bsn_conflict(error: diesel::result::Error) -> AppError {
    match error {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::BsnAlreadyRegistered,
        other => other.into(),
    }
}

/// Registers a client; the registrant becomes an active care-team member.
pub fn register(
    conn: &mut DbConn,
    caller: &Caller,
    new: &NewClient,
    vault: &Vault,
) -> Result<ClientView, AppError> {
    let permit = authz::require(caller, Action::RegisterClient, &Target::default())?;
    let day = today();
    conn.transaction(|conn| {
        let id = ClientId::new();
        // A new record is the registrant's own: decide the BSN as for one.
        let own = access::record(conn, caller, id, caller.organisation_id, day)?;
        let own = Record { member: true, ..own };
        let bsn = match &new.bsn {
            Some(bsn) => {
                access::require(caller, Action::Write(DataCategory::Bsn), &own)?;
                let sealed = vault.seal(bsn, id)?;
                if db::clients::bsn_taken(conn, &sealed.lookup, None)? {
                    tracing::info!(target: "security", "registration refused: BSN already registered");
                    return Err(AppError::BsnAlreadyRegistered);
                }
                Some((sealed.ciphertext, sealed.lookup))
            }
            None => None,
        };
        let region = resolve_region(
            conn,
            &new.municipality_code,
            new.region_code.as_ref(),
            day,
        )?;
        db::clients::insert(
            conn,
            &permit,
            &db::clients::NewRow {
                id,
                client: new,
                region_code: &region,
                bsn,
                record_regime: RecordRegime::of(caller.organisation_kind),
                origin_organisation_id: caller.organisation_id,
                created_by_user_id: caller.user_id,
            },
        )
        .map_err(bsn_conflict)?;
        db::care_team::insert(
            conn,
            &permit,
            &db::care_team::NewRow {
                client_id: id,
                user_id: caller.user_id,
                organisation_id: caller.organisation_id,
                team_role: registrant_team_role(caller.role),
                trajectory_id: None,
                kind: MembershipKind::Regular,
                valid_from: day,
                valid_to: None,
                reason: Some("Registered the client."),
                added_by_user_id: caller.user_id,
            },
        )?;
        tracing::info!(client_id = %id, rule = permit.rule(), "client registered");
        view(conn, caller, id, day)
    })
}

/// Reads a client with the caller's permissions decided: identity required, the disclosure
/// choice and BSN presence only when their categories are readable too.
fn view(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    day: NaiveDate,
) -> Result<ClientView, AppError> {
    authz::require_role(caller, Action::Read(DataCategory::Identity))?;
    let client = db::clients::find(conn, id)?.ok_or(AppError::NotFound)?;
    let record = access::record(conn, caller, id, client.origin_organisation_id, day)?;
    access::require(caller, Action::Read(DataCategory::Identity), &record)?;
    Ok(ClientView {
        disclosure_visible: access::may_read(caller, DataCategory::VocationalProfile, &record),
        bsn_visible: Some(access::may_read(caller, DataCategory::Bsn, &record)),
        client,
    })
}

/// One client.
pub fn get(conn: &mut DbConn, caller: &Caller, id: ClientId) -> Result<ClientView, AppError> {
    conn.transaction(|conn| view(conn, caller, id, today()))
}

/// Filters of the client list.
#[derive(Debug, Default)]
pub struct ListFilter {
    /// Only clients living in this region.
    pub region_code: Option<RegionCode>,
    /// Only clients changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
    /// Only clients this professional is (visibly) involved with.
    pub involved_user_id: Option<UserId>,
}

/// A search: by BSN, or by family name and date of birth.
#[derive(Debug)]
pub enum Search {
    /// Exactly this BSN.
    Bsn(Bsn),
    /// Family name (case-insensitive) and date of birth.
    NameAndBirth(String, NaiveDate),
}

type Page = (Vec<ClientView>, Option<uuid::Uuid>);

fn page_of(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<(Client, bool)>,
    next: Option<uuid::Uuid>,
    day: NaiveDate,
) -> Result<Page, AppError> {
    access::returned(conn, caller, rows.iter().map(|(c, _)| c.id), day)?;
    let items = rows
        .into_iter()
        .map(|(client, disclosure_visible)| ClientView {
            client,
            disclosure_visible,
            bsn_visible: None,
        })
        .collect();
    Ok((items, next))
}

/// The clients the caller may see, in registration order.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: ListFilter,
    page: PageRequest,
) -> Result<Page, AppError> {
    let day = today();
    let scope = authz::record_scope(caller, DataCategory::Identity, day)?;
    let disclosure = authz::readable_scope(caller, DataCategory::VocationalProfile, day);
    let involved = filter.involved_user_id.map(|user| (user, scope));
    let (rows, next) = db::clients::list(
        conn,
        &[&scope],
        disclosure.as_ref(),
        &db::clients::Filter {
            region_code: filter.region_code,
            updated_since: filter.updated_since,
            involved,
            ..db::clients::Filter::default()
        },
        page,
    )?;
    page_of(conn, caller, rows, next, day)
}

/// Searches the clients the caller may see. A BSN search also needs the BSN to be visible
/// to the caller, so that a match never reveals a number the caller could not read.
pub fn search(
    conn: &mut DbConn,
    caller: &Caller,
    search: &Search,
    page: PageRequest,
    vault: &Vault,
) -> Result<Page, AppError> {
    let day = today();
    let identity = authz::record_scope(caller, DataCategory::Identity, day)?;
    let disclosure = authz::readable_scope(caller, DataCategory::VocationalProfile, day);
    let (scopes, filter) = match search {
        Search::Bsn(bsn) => (
            vec![
                identity,
                authz::record_scope(caller, DataCategory::Bsn, day)?,
            ],
            db::clients::Filter {
                bsn_lookup: Some(vault.lookup(bsn)),
                ..db::clients::Filter::default()
            },
        ),
        Search::NameAndBirth(name, birth) => (
            vec![identity],
            db::clients::Filter {
                name_and_birth: Some((name.clone(), *birth)),
                ..db::clients::Filter::default()
            },
        ),
    };
    let scopes: Vec<_> = scopes.iter().collect();
    let (rows, next) = db::clients::list(conn, &scopes, disclosure.as_ref(), &filter, page)?;
    page_of(conn, caller, rows, next, day)
}

/// Changes a client if it is still at `if_match`. Identity fields need IDENTITY write, the
/// disclosure choice VOCATIONAL_PROFILE write.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    if_match: Option<i64>,
    changes: ClientChanges,
) -> Result<ClientView, AppError> {
    let category = if changes.touches_identity() || !changes.touches_disclosure() {
        DataCategory::Identity
    } else {
        DataCategory::VocationalProfile
    };
    authz::require_role(caller, Action::Write(category))?;
    let day = today();
    conn.transaction(|conn| {
        let client = db::clients::find(conn, id)?.ok_or(AppError::NotFound)?;
        let record = access::record(conn, caller, id, client.origin_organisation_id, day)?;
        let mut permits = Vec::new();
        if changes.touches_identity() || !changes.touches_disclosure() {
            permits.push(access::require(
                caller,
                Action::Write(DataCategory::Identity),
                &record,
            )?);
        }
        if changes.touches_disclosure() {
            permits.push(access::require(
                caller,
                Action::Write(DataCategory::VocationalProfile),
                &record,
            )?);
        }
        let expected = precondition(if_match, client.version)?;
        let region = if changes.municipality_code.is_some() || changes.region_code.is_some() {
            let municipality = match &changes.municipality_code {
                Some(m) => m.clone(),
                None => MunicipalityCode::parse(&client.municipality_code).map_err(|e| {
                    AppError::Internal(anyhow::anyhow!("clients.municipality_code: {e}"))
                })?,
            };
            Some(resolve_region(
                conn,
                &municipality,
                changes.region_code.as_ref(),
                day,
            )?)
        } else {
            None
        };
        let Some(permit) = permits.first() else {
            return Err(AppError::Forbidden);
        };
        if !db::clients::update(
            conn,
            permit,
            id,
            expected,
            &db::clients::Changes::of(changes, region),
        )? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(client_id = %id, rule = permit.rule(), "client changed");
        view(conn, caller, id, day)
    })
}

/// The client's BSN (`None` when none is recorded) and the client's version.
pub fn bsn(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    vault: &Vault,
) -> Result<(Option<Bsn>, i64), AppError> {
    authz::require_role(caller, Action::Read(DataCategory::Bsn))?;
    let day = today();
    conn.transaction(|conn| {
        let client = db::clients::find(conn, id)?.ok_or(AppError::NotFound)?;
        let record = access::record(conn, caller, id, client.origin_organisation_id, day)?;
        let permit = access::require(caller, Action::Read(DataCategory::Bsn), &record)?;
        let bsn = db::clients::bsn_ciphertext(conn, id)?
            .map(|c| vault.open(&c, id))
            .transpose()?;
        tracing::info!(client_id = %id, rule = permit.rule(), "BSN read");
        Ok((bsn, client.version))
    })
}

/// Records, replaces or (with `None`) removes a client's BSN if the client is still at
/// `if_match`; returns the new version.
pub fn set_bsn(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    if_match: Option<i64>,
    bsn: Option<&Bsn>,
    vault: &Vault,
) -> Result<i64, AppError> {
    authz::require_role(caller, Action::Write(DataCategory::Bsn))?;
    let day = today();
    conn.transaction(|conn| {
        let client = db::clients::find(conn, id)?.ok_or(AppError::NotFound)?;
        let record = access::record(conn, caller, id, client.origin_organisation_id, day)?;
        let permit = access::require(caller, Action::Write(DataCategory::Bsn), &record)?;
        let expected = precondition(if_match, client.version)?;
        let sealed = bsn.map(|b| vault.seal(b, id)).transpose()?;
        if let Some(sealed) = &sealed
            && db::clients::bsn_taken(conn, &sealed.lookup, Some(id))?
        {
            return Err(AppError::BsnAlreadyRegistered);
        }
        let (ciphertext, lookup) = sealed.map(|s| (s.ciphertext, s.lookup)).unzip();
        let changes = db::clients::Changes {
            bsn_ciphertext: Some(ciphertext),
            bsn_lookup: Some(lookup),
            ..db::clients::Changes::default()
        };
        if !db::clients::update(conn, &permit, id, expected, &changes).map_err(bsn_conflict)? {
            return Err(AppError::PreconditionFailed);
        }
        tracing::info!(client_id = %id, rule = permit.rule(), "BSN changed");
        Ok(expected + 1)
    })
}
