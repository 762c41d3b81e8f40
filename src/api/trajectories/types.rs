//! `/v1/trajectory-types`: each trajectory type's statuses and transitions, published from
//! the very table that enforces them.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::problems::{
    BadRequest, InternalError, NotAcceptable, ServiceUnavailable, Unauthorized,
};
use crate::api::{Invalid, Listing, PageQuery};
use crate::auth::Caller;
use crate::authz::{self, Action, Target};
use crate::domain::trajectory::machine::{Guard, Machine, Required, To, Warning};
use crate::domain::trajectory::{TrajectoryStatus, TrajectoryType};
use crate::error::AppError;
use crate::state::AppState;

/// One status of a type.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryTypeStatus {
    /// The status.
    pub status: TrajectoryStatus,
    /// Its Dutch name.
    pub dutch: &'static str,
    /// No transition leaves it.
    pub terminal: bool,
}

/// One allowed transition.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryTypeTransition {
    /// Statuses it leaves from.
    pub from_statuses: Vec<TrajectoryStatus>,
    /// Where it goes; `null` when it resumes the status a paused trajectory was paused in.
    pub to_status: Option<TrajectoryStatus>,
    /// Whether it returns to the status remembered at the pause.
    pub resumes: bool,
    /// Conditions that must hold (409 `transition_guard_failed` when not).
    pub guards: Vec<Guard>,
    /// Request fields it needs (400 when missing).
    pub required_fields: Vec<&'static str>,
    /// Warnings it may raise without blocking.
    pub warnings: Vec<Warning>,
}

/// A trajectory type with its state machine.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryTypeDescription {
    /// The type.
    #[serde(rename = "type")]
    pub trajectory_type: TrajectoryType,
    /// Its Dutch name.
    pub dutch: &'static str,
    /// The status a new trajectory starts in.
    pub initial_status: TrajectoryStatus,
    /// Its statuses.
    pub statuses: Vec<TrajectoryTypeStatus>,
    /// Its transitions.
    pub transitions: Vec<TrajectoryTypeTransition>,
}

impl From<&Machine> for TrajectoryTypeDescription {
    fn from(m: &Machine) -> Self {
        Self {
            trajectory_type: m.trajectory_type,
            dutch: m.trajectory_type.dutch(),
            initial_status: m.initial(),
            statuses: m
                .states
                .iter()
                .map(|s| TrajectoryTypeStatus {
                    status: *s,
                    dutch: s.dutch(),
                    terminal: s.is_terminal(),
                })
                .collect(),
            transitions: m
                .rules
                .iter()
                .map(|r| TrajectoryTypeTransition {
                    from_statuses: r.from.clone(),
                    to_status: match r.to {
                        To::Status(s) => Some(s),
                        To::Resume => None,
                    },
                    resumes: r.to == To::Resume,
                    guards: r.guards.clone(),
                    required_fields: r.required.iter().map(|f: &Required| f.field()).collect(),
                    warnings: r.warnings.clone(),
                })
                .collect(),
        }
    }
}

/// A page of trajectory types.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrajectoryTypePage {
    /// The types in documentation order.
    pub items: Vec<TrajectoryTypeDescription>,
    /// Cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// List trajectory types and their state machines
///
/// Every trajectory type with its statuses, its initial status and its transitions
/// (guards, required fields, warnings), taken from the table that enforces them; the WABZ
/// phases are as this installation configures them. Roles: every signed-in account. Data:
/// reference data (no personal data). Audit: none.
#[utoipa::path(
    tag = "Reference data",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of trajectory types.", body = TrajectoryTypePage, headers(
            ("Link" = String, description = "`rel=\"next\"` link when there is a next page."),
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/trajectory-types")]
pub async fn list_trajectory_types(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    authz::require(&caller, Action::ReadReferenceData, &Target::default())?;
    let mut invalid = Invalid::default();
    let listing = Listing::new("trajectory-types", Vec::new());
    let request = listing.page::<String>(&page, &mut invalid, &state.hmac_key, &caller);
    let request = invalid.finish(|| request)?;
    let machines = state.rules.machines.all();
    let start = request
        .after
        .as_deref()
        .and_then(|after| {
            machines
                .iter()
                .position(|m| m.trajectory_type.as_str() == after)
        })
        .map_or(0, |i| i + 1);
    let rows: Vec<&Machine> = machines.iter().skip(start).collect();
    let (rows, next) = request.finish(rows, |m| m.trajectory_type.as_str().to_owned());
    Ok(
        listing.respond(&req, &state.hmac_key, &caller, request.limit, next, |c| {
            TrajectoryTypePage {
                items: rows
                    .into_iter()
                    .map(TrajectoryTypeDescription::from)
                    .collect(),
                next_cursor: c,
            }
        }),
    )
}
