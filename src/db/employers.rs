//! The employer register: rows and queries.

use diesel::prelude::*;

use super::pagination::PageRequest;
use super::schema::employers as e;
use super::{DbConn, Id, UtcTime};
use crate::authz::Permit;
use crate::domain::employers::{Employer, EmployerChanges, NewEmployer};
use crate::domain::{EmployerId, OrganisationId, RegionCode, UserId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = e)]
struct Row {
    id: Id,
    name: String,
    kvk_number: Option<String>,
    sector: Option<String>,
    region_code: Option<String>,
    origin_organisation_id: Id,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

impl From<Row> for Employer {
    fn from(r: Row) -> Self {
        Self {
            id: r.id.0.into(),
            name: r.name,
            kvk_number: r.kvk_number,
            sector: r.sector,
            region_code: r.region_code,
            origin_organisation_id: r.origin_organisation_id.0.into(),
            version: r.version,
            created_at: r.created_at.0,
            updated_at: r.updated_at.0,
        }
    }
}

/// Adds an employer; returns its id.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    new: &NewEmployer,
    by: (UserId, OrganisationId),
) -> QueryResult<EmployerId> {
    let id = EmployerId::new();
    let now = UtcTime::now();
    diesel::insert_into(e::table)
        .values((
            e::id.eq(Id::from(id)),
            e::name.eq(&new.name),
            e::kvk_number.eq(&new.kvk_number),
            e::sector.eq(&new.sector),
            e::region_code.eq(new.region_code.as_ref().map(RegionCode::as_str)),
            e::origin_organisation_id.eq(Id::from(by.1)),
            e::created_by_user_id.eq(Id::from(by.0)),
            e::version.eq(1_i64),
            e::created_at.eq(now),
            e::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One employer.
pub fn find(conn: &mut DbConn, id: EmployerId) -> QueryResult<Option<Employer>> {
    let row: Option<Row> = e::table
        .find(Id::from(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(Employer::from))
}

/// Whether another employer than `except` has this KvK number.
pub fn kvk_taken(conn: &mut DbConn, kvk: &str, except: Option<EmployerId>) -> QueryResult<bool> {
    let holder: Option<Id> = e::table
        .filter(e::kvk_number.eq(kvk))
        .select(e::id)
        .first(conn)
        .optional()?;
    Ok(holder.is_some_and(|h| Some(EmployerId::from(h.0)) != except))
}

/// A page of employers, optionally of one region, in the order they were added.
pub fn list(
    conn: &mut DbConn,
    region: Option<&RegionCode>,
    page: PageRequest,
) -> QueryResult<(Vec<Employer>, Option<uuid::Uuid>)> {
    let mut query = e::table.select(Row::as_select()).into_boxed();
    if let Some(region) = region {
        query = query.filter(e::region_code.eq(region.as_str().to_owned()));
    }
    if let Some(after) = page.after {
        query = query.filter(e::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(e::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    Ok((rows.into_iter().map(Employer::from).collect(), next))
}

/// Column values to change (inner `None` clears a column).
#[derive(AsChangeset)]
#[diesel(table_name = e)]
pub struct Columns {
    /// Name.
    pub name: Option<String>,
    /// KvK number.
    pub kvk_number: Option<Option<String>>,
    /// Sector.
    pub sector: Option<Option<String>>,
    /// Region.
    pub region_code: Option<Option<String>>,
}

/// Applies `changes` if the row is still at `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: EmployerId,
    expected_version: i64,
    changes: &EmployerChanges,
) -> QueryResult<bool> {
    let columns = Columns {
        name: changes.name.clone(),
        kvk_number: changes.kvk_number.clone(),
        sector: changes.sector.clone(),
        region_code: changes
            .region_code
            .as_ref()
            .map(|r| r.as_ref().map(|c| c.as_str().to_owned())),
    };
    let updated = diesel::update(
        e::table
            .filter(e::id.eq(Id::from(id)))
            .filter(e::version.eq(expected_version)),
    )
    .set((
        &columns,
        e::version.eq(expected_version + 1),
        e::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}
