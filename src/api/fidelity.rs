//! `/v1/fidelity-reviews`: IPS-25 fidelity reviews (getrouwheidsmetingen), the reports a
//! reviewing body wrote about an organisation's IPS team. Team level, no client data.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::problems::{
    BadRequest, Forbidden, InternalError, NotAcceptable, NotFound, PayloadTooLarge,
    ServiceUnavailable, Unauthorized, UnsupportedMediaType,
};
use super::{ApiJson, Invalid, Listing, PageQuery, created_response, path_id, single};
use crate::auth::Caller;
use crate::domain::calendar::today;
use crate::domain::fidelity::{
    Band, FidelityReview as Domain, Item, ItemScores, MIN_SCORE, NewFidelityReview, ScoreError,
    Section,
};
use crate::domain::{FidelityReviewId, OrganisationId};
use crate::error::AppError;
use crate::service;
use crate::state::AppState;

/// A review never changes, so its version (and ETag) is always the first.
const VERSION: i64 = 1;

/// One item's score in a review.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FidelityItemScore {
    /// The item.
    pub item: Item,
    /// Its section of the scale.
    pub section: Section,
    /// Its name.
    pub name: String,
    /// The score, 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub score: u8,
}

/// An IPS-25 fidelity review (getrouwheidsmeting, modelgetrouwheidsmeting): the scores a
/// reviewing body gave an organisation's IPS team, with the total and band werkpad computed
/// from them.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FidelityReview {
    /// Id.
    pub id: uuid::Uuid,
    /// The organisation whose IPS team was reviewed.
    pub organisation_id: uuid::Uuid,
    /// The team, when the organisation named one.
    pub team_name: Option<String>,
    /// The day of the review (site visit).
    pub review_date: NaiveDate,
    /// Who reviewed, e.g. Kenniscentrum Phrenos.
    pub reviewing_body: String,
    /// Every item of the scale once, in scale order.
    #[schema(min_items = 25, max_items = 25)]
    pub item_scores: Vec<FidelityItemScore>,
    /// The sum of the scores, 25 to 125; computed by werkpad.
    #[schema(minimum = 25, maximum = 125)]
    pub total: u8,
    /// The band of the total; computed by werkpad.
    pub band: Band,
    /// The organisation of the account that recorded it.
    pub recorded_by_organisation_id: uuid::Uuid,
    /// When it was recorded (UTC).
    pub created_at: DateTime<Utc>,
}

impl From<Domain> for FidelityReview {
    fn from(r: Domain) -> Self {
        Self {
            id: r.id.uuid(),
            organisation_id: r.organisation_id.uuid(),
            team_name: r.team_name,
            review_date: r.review_date,
            reviewing_body: r.reviewing_body,
            total: r.scores.total(),
            band: r.scores.band(),
            item_scores: r
                .scores
                .iter()
                .map(|(item, score)| FidelityItemScore {
                    item,
                    section: item.section(),
                    name: item.name().to_owned(),
                    score,
                })
                .collect(),
            recorded_by_organisation_id: r.origin_organisation_id.uuid(),
            created_at: r.created_at,
        }
    }
}

/// A page of fidelity reviews.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FidelityReviewPage {
    /// Reviews by review date, then id.
    pub items: Vec<FidelityReview>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// One item's score as the reviewers gave it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FidelityItemScoreRequest {
    /// The item.
    #[schema(required = true, value_type = Item)]
    pub item: Option<String>,
    /// The score, a whole number from 1 to 5.
    #[schema(required = true, value_type = i64, minimum = 1, maximum = 5)]
    pub score: Option<i64>,
}

/// A fidelity review to record: the reviewers' scores. Total and band are werkpad's and are
/// not accepted.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateFidelityReviewRequest {
    /// The organisation whose IPS team was reviewed.
    #[schema(required = true, value_type = uuid::Uuid)]
    pub organisation_id: Option<String>,
    /// The team, when the organisation has more than one (at most 200 characters).
    #[schema(max_length = 200, example = "IPS-team Noord")]
    pub team_name: Option<String>,
    /// The day of the review (site visit); not in the future.
    #[schema(required = true, value_type = NaiveDate)]
    pub review_date: Option<String>,
    /// Who reviewed, 1 to 200 characters.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S", example = "Kenniscentrum Phrenos")]
    pub reviewing_body: Option<String>,
    /// Each of the 25 items exactly once, in any order.
    #[schema(required = true, value_type = Vec<FidelityItemScoreRequest>, min_items = 25, max_items = 25)]
    pub item_scores: Option<Vec<FidelityItemScoreRequest>>,
}

fn item_scores(
    invalid: &mut Invalid,
    raw: Option<Vec<FidelityItemScoreRequest>>,
) -> Option<ItemScores> {
    let raw = invalid.required("itemScores", raw)?;
    // Where each pair handed to the domain stood in the request, to name it back.
    let mut positions = Vec::new();
    let mut pairs = Vec::new();
    for (i, entry) in raw.into_iter().enumerate() {
        let item = invalid.code::<Item>(&format!("itemScores[{i}].item"), entry.item);
        let score = invalid.required(&format!("itemScores[{i}].score"), entry.score);
        if let Some(item) = item {
            positions.push(i);
            // A missing score is reported already; the stand-in keeps its item from being
            // reported missing too.
            pairs.push((item, score.unwrap_or(MIN_SCORE)));
        }
    }
    match ItemScores::new(pairs) {
        Ok(scores) => Some(scores),
        Err(errors) => {
            for error in errors {
                match error {
                    ScoreError::OutOfRange(at) => invalid.push(
                        &format!("itemScores[{}].score", positions[at]),
                        "out_of_range",
                        "Must be a whole number from 1 to 5.",
                    ),
                    ScoreError::Duplicate(at, item) => invalid.push(
                        &format!("itemScores[{}].item", positions[at]),
                        "invalid_value",
                        &format!("{} is scored more than once.", item.as_str()),
                    ),
                    ScoreError::Missing(items) => {
                        let codes: Vec<&str> = items.iter().map(|i| i.as_str()).collect();
                        invalid.push(
                            "itemScores",
                            "required",
                            &format!(
                                "Must score each of the 25 items exactly once; missing: {}.",
                                codes.join(", ")
                            ),
                        );
                    }
                }
            }
            None
        }
    }
}

impl TryFrom<CreateFidelityReviewRequest> for NewFidelityReview {
    type Error = AppError;

    fn try_from(r: CreateFidelityReviewRequest) -> Result<Self, AppError> {
        let mut invalid = Invalid::default();
        let organisation_id = invalid.id::<OrganisationId>("organisationId", r.organisation_id);
        let team_name = invalid.optional_text("teamName", r.team_name, 200);
        let review_date = invalid.date("reviewDate", r.review_date);
        if review_date.is_some_and(|d| d > today()) {
            invalid.push("reviewDate", "out_of_range", "Must not be in the future.");
        }
        let reviewing_body = invalid.text("reviewingBody", r.reviewing_body, 200);
        let scores = item_scores(&mut invalid, r.item_scores);
        invalid.finish(|| {
            Some(Self {
                organisation_id: organisation_id?,
                team_name,
                review_date: review_date?,
                reviewing_body: reviewing_body?,
                scores: scores?,
            })
        })
    }
}

/// Filters of the fidelity-review list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct FidelityReviewFilter {
    /// Only the reviews of this organisation: its fidelity over time.
    #[param(value_type = Option<uuid::Uuid>)]
    pub organisation_id: Option<String>,
}

/// Record a fidelity review
///
/// Records the report of an IPS-25 fidelity review (getrouwheidsmeting) of one
/// organisation's IPS team as the reviewing body (in the Netherlands usually Kenniscentrum
/// Phrenos) scored it: each of the 25 items exactly once, 1 to 5. werkpad computes the total
/// (25 to 125) and the band; a request that sends `total` or `band` is refused (400
/// `malformed_request`, `unknown_field`). A review is never changed or removed: a correction is a new review.
/// Roles: ORG_ADMIN for its own organisation, PROGRAMME_COORDINATOR for any organisation;
/// an organisation outside the caller's reach 404, one that does not exist 400
/// `unknown_reference`; every other role 403 before anything is looked up. Data: FIDELITY
/// (team level, no client data). Audit: none (no client data).
#[utoipa::path(
    tag = "Fidelity reviews",
    security(("bearer" = [])),
    request_body = CreateFidelityReviewRequest,
    responses(
        (status = 201, description = "Recorded.", body = FidelityReview, headers(
            ("Location" = String, description = "URL of the new review."),
            ("ETag" = String, description = "Version of the review (it never changes)."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 406, response = NotAcceptable),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[post("/fidelity-reviews")]
pub async fn create_fidelity_review(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateFidelityReviewRequest>,
) -> Result<HttpResponse, AppError> {
    let new = NewFidelityReview::try_from(body.0)?;
    let review = service::audited(&state.pool, &caller, move |conn, caller| {
        service::fidelity::record(conn, caller, &new)
    })
    .await?;
    Ok(created_response(
        format!("/v1/fidelity-reviews/{}", review.id),
        VERSION,
        &FidelityReview::from(review),
    ))
}

/// List fidelity reviews
///
/// The reviews within the caller's reach by review date, then id, paginated; with
/// `organisationId`, one organisation's fidelity over time. Roles: EMPLOYMENT_SPECIALIST,
/// PRACTITIONER and ORG_ADMIN for their own organisation's reviews (werkpad has no team
/// entity: the own team is the own organisation); REGIONAL_COORDINATOR for the
/// organisations that share a labour-market region with its own; PROGRAMME_COORDINATOR for
/// all. UWV_LABOUR_EXPERT and MUNICIPAL_CASE_MANAGER see fidelity only aggregated, in the
/// outcome reports; they and every other role get 403. Reviews outside the caller's reach
/// are left out, also under an `organisationId` filter. Data: FIDELITY (team level, no
/// client data). Audit: none (no client data).
#[utoipa::path(
    tag = "Fidelity reviews",
    security(("bearer" = [])),
    params(FidelityReviewFilter, PageQuery),
    responses(
        (status = 200, description = "A page of fidelity reviews.", body = FidelityReviewPage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/fidelity-reviews")]
pub async fn list_fidelity_reviews(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<FidelityReviewFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut invalid = Invalid::default();
    let raw = filter.into_inner().organisation_id;
    let organisation = invalid.optional_id::<OrganisationId>("organisationId", raw.clone());
    let listing = Listing::new(
        "fidelity-reviews",
        raw.map(|o| ("organisationId", o)).into_iter().collect(),
    );
    let request = listing.page(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let (items, next) = service::audited(&state.pool, &caller, move |conn, caller| {
        service::fidelity::list(conn, caller, organisation, request)
    })
    .await?;
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            FidelityReviewPage {
                items: items.into_iter().map(FidelityReview::from).collect(),
                next_cursor: c,
            }
        }),
    )
}

/// Read a fidelity review
///
/// Roles: as listing fidelity reviews; a review outside the caller's reach 404, exactly
/// like one that does not exist. Data: FIDELITY (team level, no client data). Audit: none
/// (no client data).
#[utoipa::path(
    tag = "Fidelity reviews",
    security(("bearer" = [])),
    params(
        ("reviewId" = uuid::Uuid, Path, description = "Fidelity review id."),
        ("If-None-Match" = Option<String>, Header, description = "ETag of a version the client holds; answered with 304 when it is still current."),
    ),
    responses(
        (status = 200, description = "The review.", body = FidelityReview, headers(
            ("ETag" = String, description = "Version (a review never changes)."),
        )),
        (status = 304, description = "The version named in If-None-Match is still current.", headers(
            ("ETag" = String, description = "The current version."),
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
#[get("/fidelity-reviews/{reviewId}")]
pub async fn get_fidelity_review(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: FidelityReviewId = path_id("reviewId", &path)?;
    let review = service::audited(&state.pool, &caller, move |conn, caller| {
        service::fidelity::get(conn, caller, id)
    })
    .await?;
    Ok(single(&req, VERSION, &FidelityReview::from(review)))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_fidelity_review)
        .service(list_fidelity_reviews)
        .service(get_fidelity_review);
}
