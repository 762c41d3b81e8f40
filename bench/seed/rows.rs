//! One insertable row type per seeded table, typed against the application's own
//! `werkpad::db::schema` (so a column of the wrong type does not compile), and the bulk
//! insert: binary `COPY … FROM STDIN` on PostgreSQL, a prepared `INSERT` per row on SQLite.
//!
//! `treat_none_as_default_value = false`: a `None` is a NULL, never the column's DEFAULT, so
//! the statement is the same for every row (`COPY` needs that, and SQLite can then reuse it).

#![expect(
    clippy::ref_option_ref,
    clippy::struct_field_names,
    clippy::struct_excessive_bools,
    reason = "one field per column, named as the column: the derive borrows each (an \
              `Option<&str>` too), and a placement has six yes/no facts"
)]

use chrono::NaiveDate;
use diesel::prelude::*;
use werkpad::db::schema::{
    audit_event_subjects, audit_events, care_team_members, clients, consent_categories, consents,
    employer_contacts, employers, municipalities, organisation_regions, organisations, placements,
    trajectories, trajectory_transitions, users,
};
use werkpad::db::{Id, UtcTime};

/// Inserts `$rows` (a `&[Row]`) into `$table` on whichever backend `$conn` is; evaluates to
/// `QueryResult<usize>`. A macro rather than a generic function: diesel's bounds for
/// "insertable into this table on both backends" are longer than the three lines it saves.
/// On SQLite one row per statement: diesel caches that statement, while a 1,000-row one is
/// prepared anew each time, which measured slower.
macro_rules! bulk {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let rows = $rows;
        if rows.is_empty() {
            Ok(0)
        } else {
            match &mut *$conn {
                werkpad::db::DbConn::Postgres(c) => {
                    diesel::copy_from($table).from_insertable(rows).execute(c)
                }
                werkpad::db::DbConn::Sqlite(c) => {
                    let mut n = 0;
                    for row in rows {
                        n += diesel::insert_into($table).values(row).execute(c)?;
                    }
                    Ok(n)
                }
            }
        }
    }};
}
pub(crate) use bulk;

#[derive(Insertable)]
#[diesel(table_name = municipalities, treat_none_as_default_value = false)]
pub struct Municipality {
    pub code: &'static str,
    pub name: &'static str,
    pub region_code: &'static str,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

#[derive(Insertable)]
#[diesel(table_name = organisations, treat_none_as_default_value = false)]
pub struct Organisation {
    pub id: Id,
    pub kind: &'static str,
    pub name: String,
    pub kvk_number: Option<String>,
    pub oin: Option<String>,
    pub agb_code: Option<String>,
    pub cbs_municipality_code: Option<&'static str>,
    pub uwv_recognised: bool,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = organisation_regions, treat_none_as_default_value = false)]
pub struct OrganisationRegion {
    pub organisation_id: Id,
    pub region_code: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct User<'a> {
    pub id: Id,
    pub organisation_id: Id,
    pub email: String,
    pub display_name: String,
    pub role: &'static str,
    pub active: bool,
    pub password_hash: &'a str,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = employers, treat_none_as_default_value = false)]
pub struct Employer {
    pub id: Id,
    pub name: String,
    pub kvk_number: Option<String>,
    pub sector: Option<&'static str>,
    pub region_code: Option<&'static str>,
    pub origin_organisation_id: Id,
    pub created_by_user_id: Id,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = clients, treat_none_as_default_value = false)]
pub struct Client {
    pub id: Id,
    pub given_names: &'static str,
    pub family_name: &'static str,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub municipality_code: &'static str,
    pub municipality_since: Option<NaiveDate>,
    pub region_code: &'static str,
    pub employer_disclosure: &'static str,
    pub disclosure_note: Option<&'static str>,
    pub bsn_ciphertext: Option<String>,
    pub bsn_lookup: Option<String>,
    pub record_regime: &'static str,
    pub legal_hold: bool,
    pub origin_organisation_id: Id,
    pub created_by_user_id: Id,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = care_team_members, treat_none_as_default_value = false)]
pub struct CareTeamMember {
    pub id: Id,
    pub client_id: Id,
    pub user_id: Id,
    pub team_role: &'static str,
    pub trajectory_id: Option<Id>,
    pub kind: &'static str,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub reason: Option<&'static str>,
    pub origin_organisation_id: Id,
    pub added_by_user_id: Id,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = consents, treat_none_as_default_value = false)]
pub struct Consent {
    pub id: Id,
    pub client_id: Id,
    pub trajectory_id: Option<Id>,
    pub kind: &'static str,
    pub from_organisation_id: Id,
    pub to_organisation_id: Option<Id>,
    pub to_role: Option<&'static str>,
    pub purpose: &'static str,
    pub purpose_text: Option<&'static str>,
    pub granted_date: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub method: &'static str,
    pub evidence_document_ref: Option<String>,
    pub recorded_by_user_id: Id,
    pub withdrawn_at: Option<UtcTime>,
    pub withdrawn_via: Option<&'static str>,
    pub withdrawn_by_user_id: Option<Id>,
    pub withdrawal_reason: Option<&'static str>,
    pub origin_organisation_id: Id,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = consent_categories, treat_none_as_default_value = false)]
pub struct ConsentCategory {
    pub consent_id: Id,
    pub category: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = trajectories, treat_none_as_default_value = false)]
pub struct Trajectory {
    pub id: Id,
    pub client_id: Id,
    pub trajectory_type: &'static str,
    pub status: &'static str,
    pub status_date: NaiveDate,
    pub lead_organisation_id: Id,
    pub lead_user_id: Id,
    pub registration_date: NaiveDate,
    pub wish_to_work_date: Option<NaiveDate>,
    pub start_date: Option<NaiveDate>,
    pub planned_end_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub end_reason: Option<&'static str>,
    pub target_group_attestation: &'static str,
    pub region_code: &'static str,
    pub previous_trajectory_id: Option<Id>,
    pub paused_from: Option<NaiveDate>,
    pub paused_until: Option<NaiveDate>,
    pub resume_status: Option<&'static str>,
    pub origin_organisation_id: Id,
    pub created_by_user_id: Id,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = trajectory_transitions, treat_none_as_default_value = false)]
pub struct Transition {
    pub id: Id,
    pub trajectory_id: Id,
    pub client_id: Id,
    pub from_status: Option<&'static str>,
    pub to_status: &'static str,
    pub transition_date: NaiveDate,
    pub reason: Option<&'static str>,
    pub end_reason: Option<&'static str>,
    pub warning: Option<&'static str>,
    pub actor_user_id: Id,
    pub origin_organisation_id: Id,
    pub created_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = placements, treat_none_as_default_value = false)]
pub struct Placement {
    pub id: Id,
    pub trajectory_id: Id,
    pub client_id: Id,
    pub employer_id: Id,
    pub job_title: &'static str,
    pub work_type: &'static str,
    pub start_date: NaiveDate,
    pub placement_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub end_reason: Option<&'static str>,
    pub contract_type: &'static str,
    pub contract_end_date: Option<NaiveDate>,
    pub contracted_hours_per_week: f64,
    pub actual_hours_per_month: Option<f64>,
    pub at_least_minimum_wage: bool,
    pub wage_value_percentage: Option<i32>,
    pub wage_cost_subsidy: bool,
    pub job_agreement: bool,
    pub disclosure_used: bool,
    pub started_before_registration: bool,
    pub origin_organisation_id: Id,
    pub created_by_user_id: Id,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

#[derive(Insertable)]
#[diesel(table_name = employer_contacts, treat_none_as_default_value = false)]
pub struct EmployerContact {
    pub id: Id,
    pub trajectory_id: Option<Id>,
    pub client_id: Option<Id>,
    pub employer_id: Id,
    pub user_id: Id,
    pub contact_date: NaiveDate,
    pub form: &'static str,
    pub client_specific: bool,
    pub outcome: &'static str,
    pub note: Option<&'static str>,
    pub origin_organisation_id: Id,
    pub version: i64,
    pub created_at: UtcTime,
    pub updated_at: UtcTime,
}

/// An access-log event as stored. The library's `EventRow` is insertable too, but with
/// diesel's default handling of `None` (DEFAULT), which `COPY` cannot take; its hash is
/// computed on the `EventRow` first.
#[derive(Insertable)]
#[diesel(table_name = audit_events, treat_none_as_default_value = false)]
pub struct AuditEvent {
    pub seq: i64,
    pub id: Id,
    pub occurred_at: UtcTime,
    pub event_type: String,
    pub outcome: String,
    pub actor_user_id: Option<Id>,
    pub actor_role: Option<String>,
    pub actor_organisation_id: Option<Id>,
    pub on_behalf_of: Option<String>,
    pub access_point: String,
    pub request_id: Option<Id>,
    pub operation: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub client_ids: String,
    pub data_categories: String,
    pub consent_ids: String,
    pub rules: String,
    pub emergency_access_id: Option<Id>,
    pub prev_hash: String,
    pub hash: String,
}

impl From<werkpad::db::audit::EventRow> for AuditEvent {
    fn from(r: werkpad::db::audit::EventRow) -> Self {
        Self {
            seq: r.seq,
            id: r.id,
            occurred_at: r.occurred_at,
            event_type: r.event_type,
            outcome: r.outcome,
            actor_user_id: r.actor_user_id,
            actor_role: r.actor_role,
            actor_organisation_id: r.actor_organisation_id,
            on_behalf_of: r.on_behalf_of,
            access_point: r.access_point,
            request_id: r.request_id,
            operation: r.operation,
            object_type: r.object_type,
            object_id: r.object_id,
            client_ids: r.client_ids,
            data_categories: r.data_categories,
            consent_ids: r.consent_ids,
            rules: r.rules,
            emergency_access_id: r.emergency_access_id,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = audit_event_subjects, treat_none_as_default_value = false)]
pub struct AuditSubject {
    pub event_id: Id,
    pub client_id: Id,
    pub seq: i64,
}
