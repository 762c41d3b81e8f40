//! Jobcoach provision rows, their transition records, and the placement facts their rules
//! read.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::{
    jobcoach_provision_transitions as jt, jobcoach_provisions as j, placements as p,
};
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::jobcoaching::{JobcoachStatus, NewProvision, Provision, ProvisionTransition};
use crate::domain::{
    ClientId, EmployerId, OrganisationId, PlacementId, ProvisionId, TransitionId, UserId,
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = j)]
struct Row {
    id: Id,
    client_id: Id,
    placement_id: Id,
    financier: String,
    form: String,
    jobcoach_organisation_id: Id,
    intensity: String,
    status: String,
    status_date: NaiveDate,
    period_number: i32,
    period_start: NaiveDate,
    period_end: NaiveDate,
    first_period_start: NaiveDate,
    requested_hours: f64,
    granted_hours: Option<f64>,
    spent_hours: f64,
    exception_reason: Option<String>,
    permanent_support: bool,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

fn code<T: std::str::FromStr>(raw: &str, column: &str) -> QueryResult<T> {
    raw.parse().map_err(|_| corrupt(column))
}

impl TryFrom<Row> for Provision {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            client_id: r.client_id.0.into(),
            placement_id: r.placement_id.0.into(),
            financier: code(&r.financier, "jobcoach_provisions.financier")?,
            form: code(&r.form, "jobcoach_provisions.form")?,
            jobcoach_organisation_id: r.jobcoach_organisation_id.0.into(),
            intensity: code(&r.intensity, "jobcoach_provisions.intensity")?,
            status: code(&r.status, "jobcoach_provisions.status")?,
            status_date: r.status_date,
            period_number: r.period_number,
            period_start: r.period_start,
            period_end: r.period_end,
            first_period_start: r.first_period_start,
            requested_hours: r.requested_hours,
            granted_hours: r.granted_hours,
            spent_hours: r.spent_hours,
            exception_reason: r.exception_reason,
            permanent_support: r.permanent_support,
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        })
    }
}

/// Where a new provision's periods start and end.
pub struct Periods {
    /// First day of the first period.
    pub start: NaiveDate,
    /// Last day of the first period.
    pub end: NaiveDate,
    /// First day of the first period with this employer, counting earlier provisions.
    pub first_start: NaiveDate,
}

/// A requested provision to insert.
pub struct NewRow<'a> {
    /// The client.
    pub client: ClientId,
    /// The requesting organisation.
    pub origin: OrganisationId,
    /// The requesting professional.
    pub by: UserId,
    /// The day of the request.
    pub day: NaiveDate,
    /// The validated request.
    pub provision: &'a NewProvision,
    /// Its first period.
    pub periods: Periods,
}

/// Inserts a requested provision; returns its id.
pub fn insert(conn: &mut DbConn, _permit: &Permit, row: &NewRow<'_>) -> QueryResult<ProvisionId> {
    let (client, origin, by, day, new, periods) = (
        row.client,
        row.origin,
        row.by,
        row.day,
        row.provision,
        &row.periods,
    );
    let id = ProvisionId::new();
    let now = UtcTime::now();
    diesel::insert_into(j::table)
        .values((
            j::id.eq(Id::from(id)),
            j::client_id.eq(Id::from(client)),
            j::placement_id.eq(Id::from(new.placement_id)),
            j::financier.eq(new.financier.as_str()),
            j::form.eq(new.form.as_str()),
            j::jobcoach_organisation_id.eq(Id::from(new.jobcoach_organisation_id)),
            j::intensity.eq(new.intensity.as_str()),
            j::status.eq(JobcoachStatus::Requested.as_str()),
            j::status_date.eq(day),
            j::period_number.eq(1),
            j::period_start.eq(periods.start),
            j::period_end.eq(periods.end),
            j::first_period_start.eq(periods.first_start),
            j::requested_hours.eq(new.requested_hours),
            j::spent_hours.eq(0.0),
            j::exception_reason.eq(&new.exception_reason),
            j::permanent_support.eq(new.permanent_support),
            j::origin_organisation_id.eq(Id::from(origin)),
            j::created_by_user_id.eq(Id::from(by)),
            j::version.eq(1_i64),
            j::created_at.eq(now),
            j::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One provision, regardless of scope.
pub fn find(conn: &mut DbConn, id: ProvisionId) -> QueryResult<Option<Provision>> {
    let row: Option<Row> = j::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(Provision::try_from).transpose()
}

/// List filters.
#[derive(Debug, Default)]
pub struct Filter {
    /// One client's.
    pub client_id: Option<ClientId>,
    /// For one placement.
    pub placement_id: Option<PlacementId>,
    /// In one status.
    pub status: Option<JobcoachStatus>,
}

/// A page of provisions inside `scope`, in the order they were requested.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    filter: &Filter,
    page: PageRequest,
) -> QueryResult<(Vec<Provision>, Option<uuid::Uuid>)> {
    let mut query = j::table
        .filter(scope::filter(scope, Table::JobcoachProvisions))
        .select(Row::as_select())
        .into_boxed();
    if let Some(client) = filter.client_id {
        query = query.filter(j::client_id.eq(Id::from(client)));
    }
    if let Some(placement) = filter.placement_id {
        query = query.filter(j::placement_id.eq(Id::from(placement)));
    }
    if let Some(status) = filter.status {
        query = query.filter(j::status.eq(status.as_str()));
    }
    if let Some(after) = page.after {
        query = query.filter(j::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(j::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let items = rows
        .into_iter()
        .map(Provision::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Column values a change or a transition sets.
#[derive(AsChangeset, Default)]
#[diesel(table_name = j)]
pub struct Changes {
    /// Intensity.
    pub intensity: Option<String>,
    /// Exception reason (inner `None` clears).
    pub exception_reason: Option<Option<String>>,
    /// Permanent support.
    pub permanent_support: Option<bool>,
    /// Hours spent.
    pub spent_hours: Option<f64>,
    /// Status.
    pub status: Option<String>,
    /// Date of the last transition.
    pub status_date: Option<NaiveDate>,
    /// Period number.
    pub period_number: Option<i32>,
    /// Period start.
    pub period_start: Option<NaiveDate>,
    /// Period end.
    pub period_end: Option<NaiveDate>,
    /// Hours granted.
    pub granted_hours: Option<Option<f64>>,
}

/// Applies `changes` if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: ProvisionId,
    expected_version: i64,
    changes: &Changes,
) -> QueryResult<bool> {
    let updated = diesel::update(
        j::table
            .filter(j::id.eq(Id::from(id)))
            .filter(j::version.eq(expected_version)),
    )
    .set((
        changes,
        j::version.eq(expected_version + 1),
        j::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Records a transition of the provision as it now is.
pub fn insert_transition(
    conn: &mut DbConn,
    _permit: &Permit,
    provision: &Provision,
    from: Option<JobcoachStatus>,
    reason: Option<&str>,
    by: (UserId, OrganisationId),
) -> QueryResult<()> {
    diesel::insert_into(jt::table)
        .values((
            jt::id.eq(Id::from(TransitionId::new())),
            jt::provision_id.eq(Id::from(provision.id)),
            jt::client_id.eq(Id::from(provision.client_id)),
            jt::from_status.eq(from.map(JobcoachStatus::as_str)),
            jt::to_status.eq(provision.status.as_str()),
            jt::transition_date.eq(provision.status_date),
            jt::reason.eq(reason),
            jt::period_number.eq(provision.period_number),
            jt::granted_hours.eq(provision.granted_hours),
            jt::spent_hours.eq(provision.spent_hours),
            jt::actor_user_id.eq(Id::from(by.0)),
            jt::origin_organisation_id.eq(Id::from(by.1)),
            jt::created_at.eq(UtcTime::now()),
        ))
        .execute(conn)?;
    Ok(())
}

type TransitionRow = (
    Id,
    Option<String>,
    String,
    NaiveDate,
    Option<String>,
    i32,
    Option<f64>,
    f64,
    Id,
    UtcTime,
);

/// A page of a provision's transitions inside `scope`, oldest first.
pub fn transitions(
    conn: &mut DbConn,
    scope: &RecordScope,
    provision: ProvisionId,
    page: PageRequest,
) -> QueryResult<(Vec<ProvisionTransition>, Option<uuid::Uuid>)> {
    let mut query = jt::table
        .filter(jt::provision_id.eq(Id::from(provision)))
        .filter(scope::filter(scope, Table::JobcoachProvisionTransitions))
        .select((
            jt::id,
            jt::from_status,
            jt::to_status,
            jt::transition_date,
            jt::reason,
            jt::period_number,
            jt::granted_hours,
            jt::spent_hours,
            jt::actor_user_id,
            jt::created_at,
        ))
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(jt::id.gt(Id(after)));
    }
    let rows: Vec<TransitionRow> = query.order(jt::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.0.0);
    let items = rows
        .into_iter()
        .map(
            |(id, from, to, date, reason, period, granted, spent, actor, at)| {
                Ok(ProvisionTransition {
                    id: id.0.into(),
                    from: from
                        .as_deref()
                        .map(|f| code(f, "jobcoach_provision_transitions.from_status"))
                        .transpose()?,
                    to: code(&to, "jobcoach_provision_transitions.to_status")?,
                    date,
                    reason,
                    period_number: period,
                    granted_hours: granted,
                    spent_hours: spent,
                    actor_user_id: actor.0.into(),
                    created_at: at.0,
                })
            },
        )
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// The employer of a placement, and the earliest period start of the client's provisions
/// for placements with that employer (the maximum duration counts per employer).
pub fn first_start_with_employer(
    conn: &mut DbConn,
    client: ClientId,
    employer: EmployerId,
) -> QueryResult<Option<NaiveDate>> {
    let placements: Vec<Id> = p::table
        .filter(p::client_id.eq(Id::from(client)))
        .filter(p::employer_id.eq(Id::from(employer)))
        .select(p::id)
        .load(conn)?;
    let starts: Vec<NaiveDate> = j::table
        .filter(j::placement_id.eq_any(&placements))
        .filter(j::status.ne(JobcoachStatus::Rejected.as_str()))
        .select(j::first_period_start)
        .load(conn)?;
    Ok(starts.into_iter().min())
}
