//! `/v1/audit-events/verification`: recomputes the access log's hash chain, so that an
//! auditor can show that no event was changed, removed or slipped in.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::Invalid;
use super::problems::{
    BadRequest, Forbidden, InternalError, NotAcceptable, ServiceUnavailable, Unauthorized,
};
use crate::auth::Caller;
use crate::error::AppError;
use crate::service;
use crate::service::audit::{ChainBreak, Verification};
use crate::state::AppState;

/// The range to check.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct VerificationRange {
    /// First position (default 1, the start of the log).
    #[param(value_type = Option<i64>, minimum = 1)]
    pub from_seq: Option<String>,
    /// Last position (default: the end of the log when the check starts).
    #[param(value_type = Option<i64>, minimum = 1)]
    pub to_seq: Option<String>,
}

/// Where the chain breaks.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditChainBreak {
    /// The first position that does not hold.
    pub seq: i64,
    /// The event stored there, if any.
    pub event_id: Option<uuid::Uuid>,
    /// `content_changed`: the event's recomputed hash differs from the stored one;
    /// `link_broken`: it does not name its predecessor's hash; `missing_event`: the position
    /// is empty (an event was removed); `head_mismatch`: the log's end is not where the chain
    /// head says (an event was removed from, or added after, the end).
    #[schema(example = "content_changed")]
    pub reason: String,
}

/// The outcome of a verification.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditChainVerification {
    /// First position checked.
    pub from_seq: i64,
    /// Last position checked.
    pub to_seq: i64,
    /// Events whose hash was recomputed and matched.
    pub checked: i64,
    /// Whether the whole range holds.
    pub intact: bool,
    /// The first break; `null` when intact.
    pub first_break: Option<AuditChainBreak>,
}

impl From<Verification> for AuditChainVerification {
    fn from(v: Verification) -> Self {
        Self {
            from_seq: v.from_seq,
            to_seq: v.to_seq,
            checked: v.checked,
            intact: v.first_break.is_none(),
            first_break: v.first_break.map(|b: ChainBreak| AuditChainBreak {
                seq: b.seq,
                event_id: b.event_id,
                reason: b.reason.to_owned(),
            }),
        }
    }
}

fn position(invalid: &mut Invalid, name: &str, raw: Option<String>) -> Option<i64> {
    raw.and_then(|r| match r.parse::<i64>() {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            invalid.push(
                name,
                "out_of_range",
                "Must be a whole number of at least 1.",
            );
            None
        }
    })
}

/// Verify the access log
///
/// Recomputes the hash of every event in the range from its stored content and its
/// predecessor's hash, and reports the first event where the chain breaks. Roles: AUDITOR.
/// Data: positions and hashes of the access log (no client data). Consent: not checked.
/// Audit: AUDIT_READ.
#[utoipa::path(
    tag = "Access log",
    security(("bearer" = [])),
    params(VerificationRange),
    responses(
        (status = 200, description = "The verification.", body = AuditChainVerification),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 406, response = NotAcceptable),
        (status = 500, response = InternalError),
        (status = 503, response = ServiceUnavailable),
    )
)]
#[get("/audit-events/verification")]
pub async fn get_audit_event_verification(
    state: web::Data<AppState>,
    caller: Caller,
    range: web::Query<VerificationRange>,
) -> Result<web::Json<AuditChainVerification>, AppError> {
    let range = range.into_inner();
    let mut invalid = Invalid::default();
    let from = position(&mut invalid, "fromSeq", range.from_seq);
    let to = position(&mut invalid, "toSeq", range.to_seq);
    invalid.finish(|| Some(()))?;
    let result = service::audited(&state.pool, &caller, move |conn, caller| {
        service::audit::verify_as(conn, caller, from.unwrap_or(1), to)
    })
    .await?;
    Ok(web::Json(result.into()))
}

/// Mounts this module's routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_audit_event_verification);
}
