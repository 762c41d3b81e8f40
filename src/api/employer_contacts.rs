//! `/v1/employer-contacts`: contacts with employers (werkgeverscontacten), about one client
//! or general job development (werkgeversbenadering).

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
use crate::db::employer_contacts::Filter;
use crate::domain::calendar::today;
use crate::domain::employers::{
    ContactForm, ContactOutcome, EmployerContact as Domain, NewEmployerContact,
};
use crate::domain::{ClientId, EmployerContactId, EmployerId, TrajectoryId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A contact with an employer (werkgeverscontact).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmployerContact {
    /// Id.
    pub id: uuid::Uuid,
    /// The trajectory it was about; `null` for general job development.
    pub trajectory_id: Option<uuid::Uuid>,
    /// That trajectory's client; `null` for general job development.
    pub client_id: Option<uuid::Uuid>,
    /// The employer.
    pub employer_id: uuid::Uuid,
    /// Who made the contact.
    pub user_id: uuid::Uuid,
    /// When.
    pub contact_date: NaiveDate,
    /// How.
    pub form: ContactForm,
    /// About this client specifically (what IPS-25 items 15 and 17 count).
    pub client_specific: bool,
    /// What it led to.
    pub outcome: ContactOutcome,
    /// A note.
    pub note: Option<String>,
    /// The contacting professional's organisation.
    pub organisation_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<Domain> for EmployerContact {
    fn from(c: Domain) -> Self {
        Self {
            id: c.id.uuid(),
            trajectory_id: c.trajectory_id.map(TrajectoryId::uuid),
            client_id: c.client_id.map(ClientId::uuid),
            employer_id: c.employer_id.uuid(),
            user_id: c.user_id.uuid(),
            contact_date: c.contact_date,
            form: c.form,
            client_specific: c.client_specific,
            outcome: c.outcome,
            note: c.note,
            organisation_id: c.origin_organisation_id.uuid(),
            created_at: c.created_at,
        }
    }
}

/// A page of employer contacts.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmployerContactPage {
    /// Contacts in the order they were recorded.
    pub items: Vec<EmployerContact>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A contact to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateEmployerContactRequest {
    /// The client's trajectory it is about; leave out for general job development.
    #[schema(value_type = Option<uuid::Uuid>)]
    pub trajectory_id: Option<String>,
    /// The employer.
    #[schema(required = true, value_type = uuid::Uuid)]
    pub employer_id: Option<String>,
    /// When; default today; not in the future nor before the trajectory's registration.
    #[schema(value_type = Option<NaiveDate>)]
    pub contact_date: Option<String>,
    /// How.
    #[schema(required = true, value_type = ContactForm)]
    pub form: Option<String>,
    /// About the client specifically; default true with a trajectory, and always false
    /// without one.
    pub client_specific: Option<bool>,
    /// What it led to.
    #[schema(required = true, value_type = ContactOutcome)]
    pub outcome: Option<String>,
    /// A note (at most 2000 characters).
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

impl TryFrom<CreateEmployerContactRequest> for NewEmployerContact {
    type Error = AppError;

    fn try_from(r: CreateEmployerContactRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let trajectory_id =
            invalid.optional_id::<TrajectoryId>("trajectoryId", r.trajectory_id.clone());
        let employer_id = invalid.id::<EmployerId>("employerId", r.employer_id);
        let contact_date = invalid
            .optional_date("contactDate", r.contact_date)
            .unwrap_or_else(today);
        if contact_date > today() {
            invalid.push("contactDate", "out_of_range", "Must not be in the future.");
        }
        let form = invalid.code::<ContactForm>("form", r.form);
        let client_specific = r.client_specific.unwrap_or(r.trajectory_id.is_some());
        if client_specific && r.trajectory_id.is_none() {
            invalid.push(
                "clientSpecific",
                "invalid_value",
                "A contact about a client names the client's trajectory.",
            );
        }
        let outcome = invalid.code::<ContactOutcome>("outcome", r.outcome);
        let note = invalid.optional_text("note", r.note, 2000);
        invalid.finish(|| {
            Some(Self {
                trajectory_id,
                employer_id: employer_id?,
                contact_date,
                form: form?,
                client_specific,
                outcome: outcome?,
                note,
            })
        })
    }
}

/// Filters of the contact list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct EmployerContactFilter {
    /// Only contacts about this trajectory.
    #[param(value_type = Option<uuid::Uuid>)]
    pub trajectory_id: Option<String>,
    /// Only contacts with this employer.
    #[param(value_type = Option<uuid::Uuid>)]
    pub employer_id: Option<String>,
    /// Only client-specific (`true`) or other (`false`) contacts.
    #[param(value_type = Option<bool>)]
    pub client_specific: Option<String>,
}

/// Record an employer contact
///
/// With a `trajectoryId` it is EMPLOYER_CONTACTS data of that client; without one it is
/// general job development of the caller's own organisation. Roles: EMPLOYMENT_SPECIALIST
/// and WSP_ACCOUNT_MANAGER (with a trajectory, as care-team members: a trajectory outside
/// reach is 400 `unknown_reference`); other roles 403. Data:
/// EMPLOYER_CONTACTS. Consent: not checked (the caller's own record). Audit: CREATE.
#[utoipa::path(
    tag = "Employer contacts",
    security(("bearer" = [])),
    request_body = CreateEmployerContactRequest,
    responses(
        (status = 201, description = "Recorded.", body = EmployerContact, headers(
            ("Location" = String, description = "URL of the new contact."),
            ("ETag" = String, description = "Version of the contact."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/employer-contacts")]
pub async fn create_employer_contact(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateEmployerContactRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewEmployerContact::try_from(body.0)?;
    let contact = service::audited(&state.pool, &caller, move |conn, caller| {
        service::employer_contacts::create(conn, caller, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/employer-contacts/{}", contact.id),
        contact.version,
        &EmployerContact::from(contact),
    ))
}

/// List employer contacts
///
/// Roles: the client-specific contacts the caller may see (EMPLOYMENT_SPECIALIST, PRACTITIONER;
/// UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER with consent; WSP_ACCOUNT_MANAGER its own
/// organisation's and others' with consent; care-team members only) and the general job
/// development of the caller's own organisation (EMPLOYMENT_SPECIALIST,
/// WSP_ACCOUNT_MANAGER); other roles 403. With `trajectoryId`, a trajectory outside reach is
/// 404. Data: EMPLOYER_CONTACTS. Consent: outside GGZ, contacts recorded by GGZ need a
/// SHARE_GGZ_TO_WI consent covering EMPLOYER_CONTACTS. Audit: READ, naming every client on the page.
#[utoipa::path(
    tag = "Employer contacts",
    security(("bearer" = [])),
    params(EmployerContactFilter, PageQuery),
    responses(
        (status = 200, description = "A page of contacts.", body = EmployerContactPage, headers(
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
#[get("/employer-contacts")]
pub async fn list_employer_contacts(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<EmployerContactFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let f = filter.into_inner();
    let mut invalid = Invalid::default();
    let client_specific = match f.client_specific.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            invalid.push("clientSpecific", "invalid_value", "Must be true or false.");
            None
        }
    };
    let parsed = Filter {
        trajectory_id: invalid.optional_id::<TrajectoryId>("trajectoryId", f.trajectory_id.clone()),
        employer_id: invalid.optional_id::<EmployerId>("employerId", f.employer_id.clone()),
        client_specific,
    };
    let listing = Listing::new(
        "employer-contacts",
        [
            ("trajectoryId", f.trajectory_id),
            ("employerId", f.employer_id),
            ("clientSpecific", f.client_specific),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::employer_contacts::list(conn, caller, &parsed, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            EmployerContactPage {
                items: items.into_iter().map(EmployerContact::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read an employer contact
///
/// Roles: as listing employer contacts; outside reach (including another organisation's
/// general job development) 404. Data: EMPLOYER_CONTACTS. Consent: as listing. Audit: READ.
#[utoipa::path(
    tag = "Employer contacts",
    security(("bearer" = [])),
    params(
        ("employerContactId" = uuid::Uuid, Path, description = "Contact id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The contact.", body = EmployerContact, headers(
            ("ETag" = String, description = "Version (contacts do not change)."),
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
#[get("/employer-contacts/{employerContactId}")]
pub async fn get_employer_contact(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: EmployerContactId = path_id("employerContactId", &path)?;
    let contact = service::audited(&state.pool, &caller, move |conn, caller| {
        service::employer_contacts::get(conn, caller, id)
    })
    .await?;
    Ok(single(
        &req,
        contact.version,
        &EmployerContact::from(contact),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_employer_contact)
        .service(list_employer_contacts)
        .service(get_employer_contact);
}
