//! The one route table. Every module under `api/` mounts its handlers here, and the OpenAPI
//! document is generated from this same function, so nothing is served undocumented.

use utoipa_actix_web::service_config::ServiceConfig;

use crate::api;

/// Mounts every `/v1` handler.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(api::meta::configure)
        .configure(api::sessions::configure)
        .configure(api::users::configure)
        .configure(api::organisations::configure)
        .configure(api::regions::configure)
        .configure(api::municipalities::configure)
        .configure(api::clients::configure)
        .configure(api::exports::configure)
        .configure(api::care_team::configure)
        .configure(api::consents::configure)
        .configure(api::emergency_access::configure)
        .configure(api::benefits::configure)
        .configure(api::journal::configure)
        .configure(api::trajectories::configure)
        .configure(api::placements::configure)
        .configure(api::jobcoaching::configure)
        .configure(api::employers::configure)
        .configure(api::employer_contacts::configure)
        .configure(api::support_activities::configure)
        .configure(api::reports::configure)
        .configure(api::fidelity::configure)
        .configure(api::audit::configure)
        .configure(api::audit_verification::configure);
}
