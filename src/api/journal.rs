//! `/v1/clients/{clientId}/journal-entries`: work-related notes, each under the data
//! category that decides who may read it.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{
    BadRequest, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, ServiceUnavailable, Unauthorized, UnsupportedMediaType,
};
use super::{ApiJson, Invalid, Listing, PageQuery, created_response, path_id, single};
use crate::auth::Caller;
use crate::db::journal::Filter;
use crate::domain::calendar::today;
use crate::domain::journal::{CATEGORIES, Entry, NewEntry};
use crate::domain::{ClientId, DataCategory, JournalEntryId, TrajectoryId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A journal entry: a work-related note (never a diagnosis or treatment note).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Id.
    pub id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// The trajectory it is about, if one.
    pub trajectory_id: Option<uuid::Uuid>,
    /// Its data category: who may read it follows from this.
    pub category: DataCategory,
    /// The day it is about.
    pub entry_date: NaiveDate,
    /// The note.
    pub text: String,
    /// Who wrote it.
    pub author_user_id: uuid::Uuid,
    /// When it was written (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<Entry> for JournalEntry {
    fn from(e: Entry) -> Self {
        Self {
            id: e.id.uuid(),
            client_id: e.client_id.uuid(),
            trajectory_id: e.trajectory_id.map(TrajectoryId::uuid),
            category: e.category,
            entry_date: e.entry_date,
            text: e.text,
            author_user_id: e.author_user_id.uuid(),
            created_at: e.created_at,
        }
    }
}

/// A page of journal entries.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntryPage {
    /// Entries in the order they were written.
    pub items: Vec<JournalEntry>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// An entry to write.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateJournalEntryRequest {
    /// Its data category: FUNCTIONAL_ADVICE, VOCATIONAL_PROFILE, TRAJECTORY_STATUS,
    /// EMPLOYER_CONTACTS, PLACEMENTS, BENEFITS or JOBCOACHING. The caller must be allowed to
    /// write that category.
    #[schema(required = true, value_type = DataCategory)]
    pub category: Option<String>,
    /// The day it is about; default today; not in the future.
    #[schema(value_type = Option<NaiveDate>)]
    pub entry_date: Option<String>,
    /// The note, 1 to 10000 characters. Work-related only: never a diagnosis or treatment.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 10000, pattern = r"\S")]
    pub text: Option<String>,
    /// The client's trajectory it is about.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub trajectory_id: Option<String>,
}

fn category(invalid: &mut Invalid, raw: Option<String>) -> Option<DataCategory> {
    let category = invalid.code::<DataCategory>("category", raw)?;
    if CATEGORIES.contains(&category) {
        Some(category)
    } else {
        invalid.push(
            "category",
            "invalid_value",
            "Not a category a journal entry can carry.",
        );
        None
    }
}

impl TryFrom<CreateJournalEntryRequest> for NewEntry {
    type Error = AppError;

    fn try_from(r: CreateJournalEntryRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let category = category(&mut invalid, r.category);
        let entry_date = invalid
            .optional_date("entryDate", r.entry_date)
            .unwrap_or_else(today);
        if entry_date > today() {
            invalid.push("entryDate", "out_of_range", "Must not be in the future.");
        }
        let text = invalid.text("text", r.text, 10_000);
        let trajectory_id = invalid.optional_id::<TrajectoryId>("trajectoryId", r.trajectory_id);
        invalid.finish(|| {
            Some(Self {
                trajectory_id,
                category: category?,
                entry_date,
                text: text?,
            })
        })
    }
}

/// Filters of the journal.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct JournalFilter {
    /// Only entries of this category.
    #[param(value_type = Option<DataCategory>)]
    pub category: Option<String>,
    /// Only entries about this trajectory.
    #[param(value_type = Option<uuid::Uuid>)]
    pub trajectory_id: Option<String>,
}

fn ids(path: &(String, String)) -> Result<(ClientId, JournalEntryId), AppError> {
    Ok((path_id("clientId", &path.0)?, path_id("entryId", &path.1)?))
}

/// Write a journal entry
///
/// Roles: any role that may write the entry's category (as the matrix: e.g. a PRACTITIONER
/// FUNCTIONAL_ADVICE, a UWV_LABOUR_EXPERT PLACEMENTS), as an active care-team member
/// (otherwise 404); others 403. Data: the entry's category. Consent: not checked (the
/// caller's own record). Audit: CREATE.
#[utoipa::path(
    tag = "Journal",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id.")),
    request_body = CreateJournalEntryRequest,
    responses(
        (status = 201, description = "Written.", body = JournalEntry, headers(
            ("Location" = String, description = "URL of the new entry."),
            ("ETag" = String, description = "Version of the entry."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/clients/{clientId}/journal-entries")]
pub async fn create_journal_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreateJournalEntryRequest>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let new = NewEntry::try_from(body.0)?;
    let entry = service::audited(&state.pool, &caller, move |conn, caller| {
        service::journal::create(conn, caller, client, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/clients/{client}/journal-entries/{}", entry.id),
        entry.version,
        &JournalEntry::from(entry),
    ))
}

/// List a client's journal
///
/// The entries of every category the caller may read, each as the policy decides for that
/// category, in the order they were written. Roles: any client-level role that reads at
/// least one journal category, as an active care-team member (otherwise 404); others 403.
/// Data: the entries' categories. Consent: outside GGZ, entries written by GGZ appear only
/// while a SHARE_GGZ_TO_WI consent covers their category. Audit: READ.
#[utoipa::path(
    tag = "Journal",
    security(("bearer" = [])),
    params(("clientId" = uuid::Uuid, Path, description = "Client id."), JournalFilter, PageQuery),
    responses(
        (status = 200, description = "A page of entries.", body = JournalEntryPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/clients/{clientId}/journal-entries")]
pub async fn list_journal_entries(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    filter: web::Query<JournalFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let client: ClientId = path_id("clientId", &path)?;
    let f = filter.into_inner();
    let mut invalid = Invalid::default();
    let parsed = Filter {
        category: f
            .category
            .clone()
            .and_then(|c| category(&mut invalid, Some(c))),
        trajectory_id: invalid.optional_id::<TrajectoryId>("trajectoryId", f.trajectory_id.clone()),
    };
    let listing = Listing::new(
        "journal-entries",
        [("category", f.category), ("trajectoryId", f.trajectory_id)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
    )
    .under(client);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::journal::list(conn, caller, client, &parsed, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            JournalEntryPage {
                items: items.into_iter().map(JournalEntry::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a journal entry
///
/// Roles: as the entry's category allows, as an active care-team member (otherwise 404).
/// Data: the entry's category. Consent: as its category needs. Audit: READ.
#[utoipa::path(
    tag = "Journal",
    security(("bearer" = [])),
    params(
        ("clientId" = uuid::Uuid, Path, description = "Client id."),
        ("entryId" = uuid::Uuid, Path, description = "Entry id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The entry.", body = JournalEntry, headers(
            ("ETag" = String, description = "Version (entries do not change)."),
        )),
        (status = 304, description = "The version named in If-None-Match is still current.", headers(
            ("ETag" = String, description = "The current version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/clients/{clientId}/journal-entries/{entryId}")]
pub async fn get_journal_entry(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = ids(&path)?;
    let entry = service::audited(&state.pool, &caller, move |conn, caller| {
        service::journal::get(conn, caller, client, id)
    })
    .await?;
    Ok(single(&req, entry.version, &JournalEntry::from(entry)))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_journal_entry)
        .service(list_journal_entries)
        .service(get_journal_entry);
}
