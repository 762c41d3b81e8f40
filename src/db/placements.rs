//! Placement rows and queries.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::placements as p;
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::placement::{NewPlacement, Placement, Terms};
use crate::domain::{ClientId, OrganisationId, PlacementId, TrajectoryId, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = p)]
#[expect(clippy::struct_excessive_bools, reason = "one field per column")]
struct Row {
    id: Id,
    trajectory_id: Id,
    client_id: Id,
    employer_id: Id,
    job_title: String,
    work_type: String,
    start_date: NaiveDate,
    placement_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    end_reason: Option<String>,
    contract_type: String,
    contract_end_date: Option<NaiveDate>,
    contracted_hours_per_week: f64,
    actual_hours_per_month: Option<f64>,
    at_least_minimum_wage: bool,
    wage_value_percentage: Option<i32>,
    wage_cost_subsidy: bool,
    job_agreement: bool,
    disclosure_used: bool,
    started_before_registration: bool,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

impl TryFrom<Row> for Placement {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            trajectory_id: r.trajectory_id.0.into(),
            client_id: r.client_id.0.into(),
            employer_id: r.employer_id.0.into(),
            work_type: r
                .work_type
                .parse()
                .map_err(|()| corrupt("placements.work_type"))?,
            start_date: r.start_date,
            started_before_registration: r.started_before_registration,
            terms: Terms {
                job_title: r.job_title,
                placement_date: r.placement_date,
                end_date: r.end_date,
                end_reason: r
                    .end_reason
                    .map(|e| e.parse().map_err(|()| corrupt("placements.end_reason")))
                    .transpose()?,
                contract_type: r
                    .contract_type
                    .parse()
                    .map_err(|()| corrupt("placements.contract_type"))?,
                contract_end_date: r.contract_end_date,
                contracted_hours_per_week: r.contracted_hours_per_week,
                actual_hours_per_month: r.actual_hours_per_month,
                at_least_minimum_wage: r.at_least_minimum_wage,
                wage_value_percentage: r.wage_value_percentage,
                wage_cost_subsidy: r.wage_cost_subsidy,
                job_agreement: r.job_agreement,
                disclosure_used: r.disclosure_used,
            },
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        })
    }
}

/// Column values of the changeable terms.
#[derive(AsChangeset, Insertable)]
#[diesel(table_name = p, treat_none_as_null = true)]
#[expect(clippy::struct_excessive_bools, reason = "one field per column")]
struct TermColumns<'a> {
    job_title: &'a str,
    placement_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    end_reason: Option<String>,
    contract_type: &'static str,
    contract_end_date: Option<NaiveDate>,
    contracted_hours_per_week: f64,
    actual_hours_per_month: Option<f64>,
    at_least_minimum_wage: bool,
    wage_value_percentage: Option<i32>,
    wage_cost_subsidy: bool,
    job_agreement: bool,
    disclosure_used: bool,
}

impl<'a> From<&'a Terms> for TermColumns<'a> {
    fn from(t: &'a Terms) -> Self {
        Self {
            job_title: &t.job_title,
            placement_date: t.placement_date,
            end_date: t.end_date,
            end_reason: t.end_reason.map(|r| r.as_str().to_owned()),
            contract_type: t.contract_type.as_str(),
            contract_end_date: t.contract_end_date,
            contracted_hours_per_week: t.contracted_hours_per_week,
            actual_hours_per_month: t.actual_hours_per_month,
            at_least_minimum_wage: t.at_least_minimum_wage,
            wage_value_percentage: t.wage_value_percentage,
            wage_cost_subsidy: t.wage_cost_subsidy,
            job_agreement: t.job_agreement,
            disclosure_used: t.disclosure_used,
        }
    }
}

/// Inserts a placement; returns its id.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    trajectory: TrajectoryId,
    client: ClientId,
    origin: OrganisationId,
    by: UserId,
    new: &NewPlacement,
) -> QueryResult<PlacementId> {
    let id = PlacementId::new();
    let now = UtcTime::now();
    diesel::insert_into(p::table)
        .values((
            p::id.eq(Id::from(id)),
            p::trajectory_id.eq(Id::from(trajectory)),
            p::client_id.eq(Id::from(client)),
            p::employer_id.eq(Id::from(new.employer_id)),
            p::work_type.eq(new.work_type.as_str()),
            p::start_date.eq(new.start_date),
            p::started_before_registration.eq(new.started_before_registration),
            TermColumns::from(&new.terms),
            p::origin_organisation_id.eq(Id::from(origin)),
            p::created_by_user_id.eq(Id::from(by)),
            p::version.eq(1_i64),
            p::created_at.eq(now),
            p::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One placement, regardless of scope.
pub fn find(conn: &mut DbConn, id: PlacementId) -> QueryResult<Option<Placement>> {
    let row: Option<Row> = p::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(Placement::try_from).transpose()
}

/// A page of a trajectory's placements inside `scope`, in the order they were recorded;
/// with `running_on`, only those working on that day.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    trajectory: TrajectoryId,
    running_on: Option<NaiveDate>,
    page: PageRequest,
) -> QueryResult<(Vec<Placement>, Option<uuid::Uuid>)> {
    let mut query = p::table
        .filter(p::trajectory_id.eq(Id::from(trajectory)))
        .filter(scope::filter(scope, Table::Placements))
        .select(Row::as_select())
        .into_boxed();
    if let Some(day) = running_on {
        query = query
            .filter(p::start_date.le(day))
            .filter(p::end_date.is_null().or(p::end_date.ge(day)));
    }
    if let Some(after) = page.after {
        query = query.filter(p::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(p::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let items = rows
        .into_iter()
        .map(Placement::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Replaces the terms if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: PlacementId,
    expected_version: i64,
    terms: &Terms,
) -> QueryResult<bool> {
    let updated = diesel::update(
        p::table
            .filter(p::id.eq(Id::from(id)))
            .filter(p::version.eq(expected_version)),
    )
    .set((
        TermColumns::from(terms),
        p::version.eq(expected_version + 1),
        p::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}
