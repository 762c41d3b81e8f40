//! Benefit rows and queries.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::organisations::corrupt;
use super::pagination::PageRequest;
use super::schema::benefits as b;
use super::scope::{self, Table};
use super::{DbConn, Id, UtcTime};
use crate::authz::{Permit, RecordScope};
use crate::domain::benefits::{Benefit, BenefitType, Period};
use crate::domain::{BenefitId, ClientId, OrganisationId, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = b)]
struct Row {
    id: Id,
    client_id: Id,
    benefit_type: String,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    percentage: Option<i32>,
    source_organisation_id: Id,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

impl TryFrom<Row> for Benefit {
    type Error = diesel::result::Error;

    fn try_from(r: Row) -> QueryResult<Self> {
        Ok(Self {
            id: r.id.0.into(),
            client_id: r.client_id.0.into(),
            benefit_type: r
                .benefit_type
                .parse()
                .map_err(|()| corrupt("benefits.benefit_type"))?,
            start_date: r.start_date,
            end_date: r.end_date,
            percentage: r.percentage,
            source_organisation_id: r.source_organisation_id.0.into(),
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        })
    }
}

/// Records a benefit; the caller's organisation is its source; returns its id.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    client: ClientId,
    kind: BenefitType,
    period: &Period,
    by: (UserId, OrganisationId),
) -> QueryResult<BenefitId> {
    let id = BenefitId::new();
    let now = UtcTime::now();
    diesel::insert_into(b::table)
        .values((
            b::id.eq(Id::from(id)),
            b::client_id.eq(Id::from(client)),
            b::benefit_type.eq(kind.as_str()),
            b::start_date.eq(period.start_date),
            b::end_date.eq(period.end_date),
            b::percentage.eq(period.percentage),
            b::source_organisation_id.eq(Id::from(by.1)),
            b::origin_organisation_id.eq(Id::from(by.1)),
            b::created_by_user_id.eq(Id::from(by.0)),
            b::version.eq(1_i64),
            b::created_at.eq(now),
            b::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One benefit, regardless of scope.
pub fn find(conn: &mut DbConn, id: BenefitId) -> QueryResult<Option<Benefit>> {
    let row: Option<Row> = b::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(Benefit::try_from).transpose()
}

/// A page of a client's benefits inside `scope`, in the order they were recorded.
pub fn list(
    conn: &mut DbConn,
    scope: &RecordScope,
    client: ClientId,
    page: PageRequest,
) -> QueryResult<(Vec<Benefit>, Option<uuid::Uuid>)> {
    let mut query = b::table
        .filter(b::client_id.eq(Id::from(client)))
        .filter(scope::filter(scope, Table::Benefits))
        .select(Row::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(b::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(b::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let items = rows
        .into_iter()
        .map(Benefit::try_from)
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Replaces the period if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: BenefitId,
    expected_version: i64,
    period: &Period,
) -> QueryResult<bool> {
    let updated = diesel::update(
        b::table
            .filter(b::id.eq(Id::from(id)))
            .filter(b::version.eq(expected_version)),
    )
    .set((
        b::start_date.eq(period.start_date),
        b::end_date.eq(period.end_date),
        b::percentage.eq(period.percentage),
        b::version.eq(expected_version + 1),
        b::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}
