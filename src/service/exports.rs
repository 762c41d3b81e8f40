//! The client's copy of its file (AVG art. 15, BW 7:456): everything werkpad holds about the
//! client that the caller may read, gathered in one transaction, plus the client's access
//! overview from the NEN 7513 log.
//!
//! Nothing here decides visibility: every section is read through the use case that serves
//! it on its own (the same scopes, consents and field rules), and a section whose category
//! the caller's role may never read is left out rather than refused. The export needs what
//! `GET /clients/{clientId}` needs (so it answers the same 404 and 403), and the policy's
//! `ExportClient` adds the access overview.

use chrono::{DateTime, Utc};

use super::{access, benefits, care_team, clients, consents, employer_contacts, financings};
use super::{jobcoaching, journal, placements, support_activities, trajectories};
use crate::auth::Caller;
use crate::authz::{self, Action};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn};
use crate::domain::audit::{Access, Period};
use crate::domain::benefits::Benefit;
use crate::domain::calendar::today;
use crate::domain::care_team::Membership;
use crate::domain::consent::Consent;
use crate::domain::employers::{EmployerContact, SupportActivity};
use crate::domain::financing::{Financing, FinancingTransition};
use crate::domain::jobcoaching::{Provision, ProvisionTransition};
use crate::domain::journal::{CATEGORIES as JOURNAL_CATEGORIES, Entry};
use crate::domain::placement::Placement;
use crate::domain::trajectory::Transition;
use crate::domain::{Bsn, ClientId, DataCategory, TrajectoryId};
use crate::error::AppError;
use crate::service::clients::ClientView;
use crate::service::trajectories::{ProfileView, TrajectoryView};
use crate::vault::Vault;

/// The whole file as the caller may see it. A section is `None` when the caller's role may
/// never read its category; otherwise it holds what the caller may see (possibly nothing).
#[derive(Debug)]
pub struct Export {
    /// When the copy was made.
    pub generated_at: DateTime<Utc>,
    /// The client.
    pub client: ClientView,
    /// The BSN, only when the caller may read it and one is recorded.
    pub bsn: Option<Bsn>,
    /// The data categories the copy covers (as its access-log event records them).
    pub categories: Vec<DataCategory>,
    /// Care-team memberships, ended ones included.
    pub care_team: Option<Vec<Membership>>,
    /// Consents, withdrawn ones included.
    pub consents: Option<Vec<Consent>>,
    /// Benefit records.
    pub benefits: Option<Vec<Benefit>>,
    /// Trajectories, each with its transitions.
    pub trajectories: Option<Vec<(TrajectoryView, Vec<Transition>)>>,
    /// Financing records, each with its transitions.
    pub financings: Option<Vec<(Financing, Vec<FinancingTransition>)>>,
    /// Stored vocational profiles, by trajectory.
    pub vocational_profiles: Option<Vec<(TrajectoryId, ProfileView)>>,
    /// Employer contacts about the client.
    pub employer_contacts: Option<Vec<EmployerContact>>,
    /// Placements.
    pub placements: Option<Vec<Placement>>,
    /// Support activities.
    pub support_activities: Option<Vec<SupportActivity>>,
    /// Jobcoach provisions, each with its transitions.
    pub jobcoach_provisions: Option<Vec<(Provision, Vec<ProvisionTransition>)>>,
    /// Journal entries of the categories the caller may read.
    pub journal_entries: Option<Vec<Entry>>,
    /// The client's access overview, exactly as `GET /clients/{clientId}/access-log` pages
    /// it, newest first (this export's own event is written as the copy is handed out, so
    /// it is not in it).
    pub access_log: Vec<Access>,
}

/// Every page of the client's access overview.
fn whole_access_log(conn: &mut DbConn, id: ClientId) -> Result<Vec<Access>, AppError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = PageRequest { after, limit: 200 };
        let (items, next) = db::audit::of_client(conn, id, Period::default(), page)?;
        out.extend(items);
        match next {
            Some(seq) => after = Some(seq),
            None => return Ok(out),
        }
    }
}

type Paged<T> = Result<(Vec<T>, Option<uuid::Uuid>), AppError>;

/// Every page of a list, in order.
fn all<T>(mut page: impl FnMut(PageRequest) -> Paged<T>) -> Result<Vec<T>, AppError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let (items, next) = page(PageRequest { after, limit: 200 })?;
        out.extend(items);
        match next {
            Some(next) => after = Some(next),
            None => return Ok(out),
        }
    }
}

fn readable(caller: &Caller, category: DataCategory) -> bool {
    authz::role_may(caller, Action::Read(category))
}

/// A section of `category`: gathered only when the caller's role may read it at all.
fn section<T>(
    caller: &Caller,
    category: DataCategory,
    gather: impl FnOnce() -> Result<T, AppError>,
) -> Result<Option<T>, AppError> {
    readable(caller, category).then(gather).transpose()
}

/// The sections of records that hang under a trajectory.
struct UnderTrajectories {
    financings: Option<Vec<(Financing, Vec<FinancingTransition>)>>,
    vocational_profiles: Option<Vec<(TrajectoryId, ProfileView)>>,
    employer_contacts: Option<Vec<EmployerContact>>,
    placements: Option<Vec<Placement>>,
    support_activities: Option<Vec<SupportActivity>>,
}

fn trajectory_records(
    conn: &mut DbConn,
    caller: &Caller,
    client: ClientId,
) -> Result<UnderTrajectories, AppError> {
    // Records under a trajectory are reached by its id, so that a caller who may read them
    // but not the trajectory itself (a job coach and its placements) still gets them.
    let under = db::trajectories::ids_of_client(conn, client)?;
    let financings = section(caller, DataCategory::TrajectoryStatus, || {
        let mut out = Vec::new();
        for trajectory in &under {
            for financing in all(|p| financings::list(conn, caller, *trajectory, p))? {
                let transitions = all(|p| {
                    financings::list_transitions(conn, caller, *trajectory, financing.id, p)
                })?;
                out.push((financing, transitions));
            }
        }
        Ok(out)
    })?;
    let vocational_profiles = if readable(caller, DataCategory::VocationalProfile)
        || readable(caller, DataCategory::FunctionalAdvice)
    {
        let mut out = Vec::new();
        for trajectory in &under {
            if let Some(view) = trajectories::find_profile(conn, caller, *trajectory)? {
                out.push((*trajectory, view));
            }
        }
        Some(out)
    } else {
        None
    };
    let employer_contacts = section(caller, DataCategory::EmployerContacts, || {
        let mut out = Vec::new();
        for trajectory in &under {
            let filter = db::employer_contacts::Filter {
                trajectory_id: Some(*trajectory),
                ..db::employer_contacts::Filter::default()
            };
            out.extend(all(|p| employer_contacts::list(conn, caller, &filter, p))?);
        }
        Ok(out)
    })?;
    let placements = section(caller, DataCategory::Placements, || {
        let mut out = Vec::new();
        for trajectory in &under {
            out.extend(all(|p| {
                placements::list(conn, caller, *trajectory, false, p)
            })?);
        }
        Ok(out)
    })?;
    let support_activities = section(caller, DataCategory::TrajectoryStatus, || {
        let mut out = Vec::new();
        for trajectory in &under {
            out.extend(all(|p| {
                support_activities::list(conn, caller, *trajectory, p)
            })?);
        }
        Ok(out)
    })?;
    Ok(UnderTrajectories {
        financings,
        vocational_profiles,
        employer_contacts,
        placements,
        support_activities,
    })
}

/// The client's copy of its file, as `caller` may make it.
pub fn export(
    conn: &mut DbConn,
    caller: &Caller,
    id: ClientId,
    vault: &Vault,
) -> Result<Export, AppError> {
    let day = today();
    // The same answer as reading the client: 403 for a role that may not, 404 outside the
    // care team, 403 consent_required without the consent identity needs.
    let client = clients::get(conn, caller, id)?;
    let record = access::record(conn, caller, id, client.client.origin_organisation_id, day)?;
    access::require(caller, Action::ExportClient, &record)?;
    let bsn = if client.bsn_visible == Some(true) && client.client.has_bsn {
        clients::bsn(conn, caller, id, vault)?.0
    } else {
        None
    };
    let care_team = section(caller, DataCategory::Identity, || {
        all(|p| care_team::list(conn, caller, id, false, p))
    })?;
    let consents = section(caller, DataCategory::Consents, || {
        all(|p| consents::list(conn, caller, id, &db::consents::Filter::default(), p))
    })?;
    let benefits = section(caller, DataCategory::Benefits, || {
        all(|p| benefits::list(conn, caller, id, p))
    })?;
    let trajectories = section(caller, DataCategory::TrajectoryStatus, || {
        let filter = || trajectories::ListFilter {
            client_id: Some(id),
            ..trajectories::ListFilter::default()
        };
        let found = all(|p| trajectories::list(conn, caller, filter(), p))?;
        found
            .into_iter()
            .map(|view| {
                let transitions =
                    all(|p| trajectories::list_transitions(conn, caller, view.trajectory.id, p))?;
                Ok((view, transitions))
            })
            .collect::<Result<Vec<_>, AppError>>()
    })?;
    let under = trajectory_records(conn, caller, id)?;
    let jobcoach_provisions = section(caller, DataCategory::Jobcoaching, || {
        let filter = db::jobcoaching::Filter {
            client_id: Some(id),
            ..db::jobcoaching::Filter::default()
        };
        all(|p| jobcoaching::list(conn, caller, &filter, p))?
            .into_iter()
            .map(|provision| {
                let transitions =
                    all(|p| jobcoaching::list_transitions(conn, caller, provision.id, p))?;
                Ok((provision, transitions))
            })
            .collect::<Result<Vec<_>, AppError>>()
    })?;
    let journal_entries = if JOURNAL_CATEGORIES.iter().any(|c| readable(caller, *c)) {
        Some(all(|p| {
            journal::list(conn, caller, id, &db::journal::Filter::default(), p)
        })?)
    } else {
        None
    };
    let access_log = whole_access_log(conn, id)?;
    tracing::info!(client_id = %id, "client file exported");
    Ok(Export {
        generated_at: Utc::now(),
        client,
        bsn,
        categories: caller.trail.entries().categories.into_iter().collect(),
        care_team,
        consents,
        benefits,
        trajectories,
        financings: under.financings,
        vocational_profiles: under.vocational_profiles,
        employer_contacts: under.employer_contacts,
        placements: under.placements,
        support_activities: under.support_activities,
        jobcoach_provisions,
        journal_entries,
        access_log,
    })
}
