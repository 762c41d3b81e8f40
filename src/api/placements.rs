//! `/v1/trajectories/{trajectoryId}/placements`: jobs and other placements (plaatsingen).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{
    BadRequest, Forbidden, ForbiddenOrConsentRequired, InternalError, NotAcceptable, NotFound,
    PayloadTooLarge, PreconditionFailed, PreconditionRequired, ServiceUnavailable, Unauthorized,
    UnsupportedMediaType,
};
use super::{
    ApiJson, Invalid, Listing, PageQuery, changed_response, created_response, if_match,
    patch_member, path_id, single,
};
use crate::auth::Caller;
use crate::domain::placement::{
    ContractType, NewPlacement, Placement as DomainPlacement, PlacementEndReason, Terms, WorkType,
};
use crate::domain::{EmployerId, PlacementId, TrajectoryId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A placement (plaatsing): a job or another kind of placement of a trajectory.
#[derive(Serialize, ToSchema)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "the API's independent yes/no facts about a job (domain.md §13)"
)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// Id.
    pub id: uuid::Uuid,
    /// The trajectory.
    pub trajectory_id: uuid::Uuid,
    /// The client.
    pub client_id: uuid::Uuid,
    /// The employer (werkgever).
    pub employer_id: uuid::Uuid,
    /// Job title (functie).
    pub job_title: String,
    /// Kind of work (werksoort).
    pub work_type: WorkType,
    /// Whether the work type counts as paid work.
    pub paid: bool,
    /// First day of work (werkhervatting).
    pub start_date: NaiveDate,
    /// The day the placement met the financier's requirements (datum plaatsing).
    pub placement_date: Option<NaiveDate>,
    /// Last day of work.
    pub end_date: Option<NaiveDate>,
    /// Why it ended.
    pub end_reason: Option<PlacementEndReason>,
    /// Kind of contract.
    pub contract_type: ContractType,
    /// End of a fixed contract.
    pub contract_end_date: Option<NaiveDate>,
    /// Contracted hours a week.
    pub contracted_hours_per_week: f64,
    /// Actual average hours a month.
    pub actual_hours_per_month: Option<f64>,
    /// Paid at least the statutory minimum wage (WML).
    pub at_least_minimum_wage: bool,
    /// Wage value (loonwaarde), percent of the minimum wage.
    pub wage_value_percentage: Option<i32>,
    /// With wage-cost subsidy (loonkostensubsidie).
    pub wage_cost_subsidy: bool,
    /// Under the job agreement (banenafspraak).
    pub job_agreement: bool,
    /// The client's disclosure choice was used with this employer.
    pub disclosure_used: bool,
    /// The job started before the trajectory's registration.
    pub started_before_registration: bool,
    /// The organisation that recorded it.
    pub recorded_by_organisation_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
    /// When it last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl From<DomainPlacement> for Placement {
    fn from(p: DomainPlacement) -> Self {
        let t = p.terms;
        Self {
            id: p.id.uuid(),
            trajectory_id: p.trajectory_id.uuid(),
            client_id: p.client_id.uuid(),
            employer_id: p.employer_id.uuid(),
            job_title: t.job_title,
            work_type: p.work_type,
            paid: p.work_type.is_paid(),
            start_date: p.start_date,
            placement_date: t.placement_date,
            end_date: t.end_date,
            end_reason: t.end_reason,
            contract_type: t.contract_type,
            contract_end_date: t.contract_end_date,
            contracted_hours_per_week: t.contracted_hours_per_week,
            actual_hours_per_month: t.actual_hours_per_month,
            at_least_minimum_wage: t.at_least_minimum_wage,
            wage_value_percentage: t.wage_value_percentage,
            wage_cost_subsidy: t.wage_cost_subsidy,
            job_agreement: t.job_agreement,
            disclosure_used: t.disclosure_used,
            started_before_registration: p.started_before_registration,
            recorded_by_organisation_id: p.origin_organisation_id.uuid(),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A page of placements.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlacementPage {
    /// Placements in the order they were recorded.
    pub items: Vec<Placement>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A placement to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreatePlacementRequest {
    /// The employer (from `GET /employers`).
    #[schema(required = true, value_type = uuid::Uuid)]
    pub employer_id: Option<String>,
    /// Job title, 1 to 200 characters.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S")]
    pub job_title: Option<String>,
    /// Kind of work.
    #[schema(required = true, value_type = WorkType)]
    pub work_type: Option<String>,
    /// First day of work (werkhervatting): from 1950 to a year ahead, not before the
    /// trajectory's registration unless `startedBeforeRegistration`.
    #[schema(required = true, value_type = NaiveDate)]
    pub start_date: Option<String>,
    /// The day the placement met the financier's requirements (datum plaatsing).
    #[schema(value_type = Option<NaiveDate>)]
    pub placement_date: Option<String>,
    /// Last day, for a placement that already ended (with `endReason`).
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<String>,
    /// Why it ended (with `endDate`).
    #[schema(value_type = Option<PlacementEndReason>)]
    pub end_reason: Option<String>,
    /// Kind of contract: NONE for unpaid placements, SELF_EMPLOYED with self-employment.
    #[schema(required = true, value_type = ContractType)]
    pub contract_type: Option<String>,
    /// End of a fixed contract (not for PERMANENT).
    #[schema(value_type = Option<NaiveDate>)]
    pub contract_end_date: Option<String>,
    /// Contracted hours a week: more than 0, at most 60.
    #[schema(required = true, value_type = f64, exclusive_minimum = 0, maximum = 60)]
    pub contracted_hours_per_week: Option<f64>,
    /// Actual average hours a month (0 to 300).
    #[schema(minimum = 0, maximum = 300)]
    pub actual_hours_per_month: Option<f64>,
    /// Paid at least the statutory minimum wage; default false.
    pub at_least_minimum_wage: Option<bool>,
    /// Wage value (loonwaarde), 0 to 100 percent.
    #[schema(minimum = 0, maximum = 100)]
    pub wage_value_percentage: Option<i32>,
    /// With wage-cost subsidy; default false.
    pub wage_cost_subsidy: Option<bool>,
    /// Under the job agreement (banenafspraak); default false.
    pub job_agreement: Option<bool>,
    /// The client's disclosure choice was used; default false.
    pub disclosure_used: Option<bool>,
    /// The job started before the trajectory's registration; default false.
    pub started_before_registration: Option<bool>,
}

fn hours(invalid: &mut Invalid, value: f64) -> Option<f64> {
    invalid.number("contractedHoursPerWeek", value, 0.0, 60.0, true)
}

fn monthly(invalid: &mut Invalid, value: f64) -> Option<f64> {
    invalid.number("actualHoursPerMonth", value, 0.0, 300.0, false)
}

fn wage_value(invalid: &mut Invalid, value: i32) -> Option<i32> {
    if (0..=100).contains(&value) {
        Some(value)
    } else {
        invalid.push("wageValuePercentage", "out_of_range", "Must be 0 to 100.");
        None
    }
}

impl TryFrom<CreatePlacementRequest> for NewPlacement {
    type Error = AppError;

    fn try_from(r: CreatePlacementRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let employer_id = invalid.id::<EmployerId>("employerId", r.employer_id);
        let job_title = invalid.text("jobTitle", r.job_title, 200);
        let work_type = invalid.code::<WorkType>("workType", r.work_type);
        let start_date = invalid.date("startDate", r.start_date);
        let placement_date = invalid.optional_date("placementDate", r.placement_date);
        let end_date = invalid.optional_date("endDate", r.end_date);
        let end_reason = invalid.optional_code::<PlacementEndReason>("endReason", r.end_reason);
        let contract_type = invalid.code::<ContractType>("contractType", r.contract_type);
        let contract_end_date = invalid.optional_date("contractEndDate", r.contract_end_date);
        let contracted = invalid
            .required("contractedHoursPerWeek", r.contracted_hours_per_week)
            .and_then(|h| hours(&mut invalid, h));
        let actual = r
            .actual_hours_per_month
            .and_then(|h| monthly(&mut invalid, h));
        let wage = r
            .wage_value_percentage
            .and_then(|w| wage_value(&mut invalid, w));
        invalid.finish(|| {
            Some(Self {
                employer_id: employer_id?,
                work_type: work_type?,
                start_date: start_date?,
                started_before_registration: r.started_before_registration.unwrap_or(false),
                terms: Terms {
                    job_title: job_title?,
                    placement_date,
                    end_date,
                    end_reason,
                    contract_type: contract_type?,
                    contract_end_date,
                    contracted_hours_per_week: contracted?,
                    actual_hours_per_month: actual,
                    at_least_minimum_wage: r.at_least_minimum_wage.unwrap_or(false),
                    wage_value_percentage: wage,
                    wage_cost_subsidy: r.wage_cost_subsidy.unwrap_or(false),
                    job_agreement: r.job_agreement.unwrap_or(false),
                    disclosure_used: r.disclosure_used.unwrap_or(false),
                },
            })
        })
    }
}

/// A change to a placement's terms, as JSON Merge Patch; ending it means setting `endDate`
/// and `endReason`. The employer, work type and first day do not change: another job is
/// another placement.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdatePlacementRequest {
    /// New job title.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = String, min_length = 1, max_length = 200, pattern = r"\S")]
    pub job_title: Option<Option<String>>,
    /// Datum plaatsing; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub placement_date: Option<Option<String>>,
    /// Last day of work; `null` reopens the placement.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub end_date: Option<Option<String>>,
    /// Why it ended; `null` with `endDate` `null`.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<PlacementEndReason>)]
    pub end_reason: Option<Option<String>>,
    /// Kind of contract.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = ContractType)]
    pub contract_type: Option<Option<String>>,
    /// End of a fixed contract; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<NaiveDate>)]
    pub contract_end_date: Option<Option<String>>,
    /// Contracted hours a week.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = f64, exclusive_minimum = 0, maximum = 60)]
    pub contracted_hours_per_week: Option<Option<f64>>,
    /// Actual average hours a month; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 300)]
    pub actual_hours_per_month: Option<Option<f64>>,
    /// Paid at least the minimum wage.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = bool)]
    pub at_least_minimum_wage: Option<Option<bool>>,
    /// Wage value; `null` removes it.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 100)]
    pub wage_value_percentage: Option<Option<i32>>,
    /// With wage-cost subsidy.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = bool)]
    pub wage_cost_subsidy: Option<Option<bool>>,
    /// Under the job agreement.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = bool)]
    pub job_agreement: Option<Option<bool>>,
    /// The disclosure choice was used.
    #[serde(default, deserialize_with = "patch_member")]
    #[schema(value_type = bool)]
    pub disclosure_used: Option<Option<bool>>,
}

impl UpdatePlacementRequest {
    /// Applies the patch to the current terms, reporting every invalid member.
    fn apply(self, current: &Terms) -> Result<Terms, AppError> {
        let mut invalid = Invalid::default();
        let mut t = current.clone();
        if let Some(v) = invalid.kept("jobTitle", self.job_title, "") {
            t.job_title = invalid
                .text("jobTitle", Some(v), 200)
                .unwrap_or(t.job_title);
        }
        if let Some(v) = invalid.removable(self.placement_date, |i, v| {
            i.optional_date("placementDate", Some(v))
        }) {
            t.placement_date = v;
        }
        if let Some(v) =
            invalid.removable(self.end_date, |i, v| i.optional_date("endDate", Some(v)))
        {
            t.end_date = v;
        }
        if let Some(v) = invalid.removable(self.end_reason, |i, v| {
            i.optional_code("endReason", Some(v))
        }) {
            t.end_reason = v;
        }
        if let Some(v) = invalid.kept("contractType", self.contract_type, "") {
            t.contract_type = invalid
                .code("contractType", Some(v))
                .unwrap_or(t.contract_type);
        }
        if let Some(v) = invalid.removable(self.contract_end_date, |i, v| {
            i.optional_date("contractEndDate", Some(v))
        }) {
            t.contract_end_date = v;
        }
        if let Some(v) = invalid.kept("contractedHoursPerWeek", self.contracted_hours_per_week, "")
        {
            t.contracted_hours_per_week =
                hours(&mut invalid, v).unwrap_or(t.contracted_hours_per_week);
        }
        if let Some(v) = invalid.removable(self.actual_hours_per_month, monthly) {
            t.actual_hours_per_month = v;
        }
        if let Some(v) = invalid.kept(
            "atLeastMinimumWage",
            self.at_least_minimum_wage,
            "Send false.",
        ) {
            t.at_least_minimum_wage = v;
        }
        if let Some(v) = invalid.removable(self.wage_value_percentage, wage_value) {
            t.wage_value_percentage = v;
        }
        if let Some(v) = invalid.kept("wageCostSubsidy", self.wage_cost_subsidy, "Send false.") {
            t.wage_cost_subsidy = v;
        }
        if let Some(v) = invalid.kept("jobAgreement", self.job_agreement, "Send false.") {
            t.job_agreement = v;
        }
        if let Some(v) = invalid.kept("disclosureUsed", self.disclosure_used, "Send false.") {
            t.disclosure_used = v;
        }
        invalid.finish(|| Some(t))
    }
}

/// Filters of the placement list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct PlacementFilter {
    /// `true` for only the placements running today; default all.
    #[param(value_type = Option<bool>)]
    pub running: Option<String>,
}

fn ids(path: &(String, String)) -> Result<(TrajectoryId, PlacementId), AppError> {
    Ok((
        path_id("trajectoryId", &path.0)?,
        path_id("placementId", &path.1)?,
    ))
}

/// Record a placement
///
/// Roles: EMPLOYMENT_SPECIALIST, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER as active
/// care-team members of the client (otherwise 404); other roles 403. Data: PLACEMENTS
/// (employer identity included). Consent: to record one, the caller must be able to read
/// the trajectory's client data as for reading placements. Audit: CREATE.
#[utoipa::path(
    tag = "Placements",
    security(("bearer" = [])),
    params(("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id.")),
    request_body = CreatePlacementRequest,
    responses(
        (status = 201, description = "Recorded.", body = Placement, headers(
            ("Location" = String, description = "URL of the new placement."),
            ("ETag" = String, description = "Version of the placement."),
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
#[post("/trajectories/{trajectoryId}/placements")]
pub async fn create_placement(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ApiJson<CreatePlacementRequest>,
) -> Result<HttpResponse, AppError> {
    let trajectory: TrajectoryId = path_id("trajectoryId", &path)?;
    let new = NewPlacement::try_from(body.0)?;
    let placement = service::audited(&state.pool, &caller, move |conn, caller| {
        service::placements::create(conn, caller, trajectory, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/trajectories/{trajectory}/placements/{}", placement.id),
        placement.version,
        &Placement::from(placement),
    ))
}

/// List a trajectory's placements
///
/// Roles: EMPLOYMENT_SPECIALIST, PRACTITIONER, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER;
/// WSP_ACCOUNT_MANAGER (own organisation's, others' with consent); JOB_COACH (the placements
/// it coaches); care-team members only (otherwise 404); other roles 403. Data: PLACEMENTS.
/// Consent: outside GGZ, placements recorded by a GGZ institution appear only while a
/// SHARE_GGZ_TO_WI consent covers PLACEMENTS. Audit: READ.
#[utoipa::path(
    tag = "Placements",
    security(("bearer" = [])),
    params(("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."), PlacementFilter, PageQuery),
    responses(
        (status = 200, description = "A page of placements.", body = PlacementPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/trajectories/{trajectoryId}/placements")]
pub async fn list_placements(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    filter: web::Query<PlacementFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let trajectory: TrajectoryId = path_id("trajectoryId", &path)?;
    let mut invalid = Invalid::default();
    let raw = filter.into_inner().running;
    let running = match raw.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            invalid.push("running", "invalid_value", "Must be true or false.");
            false
        }
    };
    let listing = Listing::new(
        "placements",
        [("running", raw)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
    )
    .under(trajectory);
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::placements::list(conn, caller, trajectory, running, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            PlacementPage {
                items: items.into_iter().map(Placement::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a placement
///
/// Roles: as listing placements. Data: PLACEMENTS. Consent: as listing placements.
/// Audit: READ.
#[utoipa::path(
    tag = "Placements",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("placementId" = uuid::Uuid, Path, description = "Placement id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The placement.", body = Placement, headers(
            ("ETag" = String, description = "Version; send it as If-Match to change it."),
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
#[get("/trajectories/{trajectoryId}/placements/{placementId}")]
pub async fn get_placement(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (trajectory, id) = ids(&path)?;
    let placement = service::audited(&state.pool, &caller, move |conn, caller| {
        service::placements::get(conn, caller, trajectory, id)
    })
    .await?;
    Ok(single(&req, placement.version, &Placement::from(placement)))
}

/// Change or end a placement
///
/// JSON Merge Patch; needs `If-Match`. Ending a job: `endDate` with `endReason`. Roles:
/// EMPLOYMENT_SPECIALIST, UWV_LABOUR_EXPERT, MUNICIPAL_CASE_MANAGER as care-team members
/// that may read the placement. Data: PLACEMENTS. Consent: as for reading. Audit: UPDATE.
#[utoipa::path(
    tag = "Placements",
    security(("bearer" = [])),
    params(
        ("trajectoryId" = uuid::Uuid, Path, description = "Trajectory id."),
        ("placementId" = uuid::Uuid, Path, description = "Placement id."),
        ("If-Match" = String, Header, description = "ETag of the version being changed (`\"3\"`). `*` is not accepted.", pattern = r#"^(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*$"#),
    ),
    request_body(content = UpdatePlacementRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The changed placement.", body = Placement, headers(
            ("ETag" = String, description = "New version."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = ForbiddenOrConsentRequired),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 412, response = PreconditionFailed),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 428, response = PreconditionRequired),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[patch("/trajectories/{trajectoryId}/placements/{placementId}")]
pub async fn update_placement(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<UpdatePlacementRequest>,
) -> Result<HttpResponse, AppError> {
    let (trajectory, id) = ids(&path)?;
    let changes = body.0;
    let version = if_match(&req);
    let placement = service::audited(&state.pool, &caller, move |conn, caller| {
        service::placements::update(conn, caller, trajectory, id, version, |t| changes.apply(t))
    })
    .await?;
    Ok(changed_response(
        placement.version,
        &Placement::from(placement),
    ))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_placement)
        .service(list_placements)
        .service(get_placement)
        .service(update_placement);
}
