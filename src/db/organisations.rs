//! Organisation rows and queries.

use diesel::prelude::*;

use super::pagination::PageRequest;
use super::schema::{organisation_regions as reg, organisations as o};
use super::{DbConn, Id, UtcTime};
use crate::authz::Permit;
use crate::domain::accounts::{NewOrganisation, Organisation};
use crate::domain::{OrganisationId, OrganisationKind, RegionCode};

#[derive(Queryable, Insertable)]
#[diesel(table_name = o)]
struct Row {
    id: Id,
    kind: String,
    name: String,
    kvk_number: Option<String>,
    oin: Option<String>,
    agb_code: Option<String>,
    cbs_municipality_code: Option<String>,
    uwv_recognised: bool,
    version: i64,
    created_at: UtcTime,
    updated_at: UtcTime,
}

impl Row {
    fn into_domain(self, region_codes: Vec<String>) -> QueryResult<Organisation> {
        Ok(Organisation {
            id: self.id.0.into(),
            kind: self
                .kind
                .parse()
                .map_err(|()| corrupt("organisations.kind"))?,
            name: self.name,
            kvk_number: self.kvk_number,
            oin: self.oin,
            agb_code: self.agb_code,
            cbs_municipality_code: self.cbs_municipality_code,
            uwv_recognised: self.uwv_recognised,
            region_codes,
            version: self.version,
            created_at: self.created_at.0,
            updated_at: self.updated_at.0,
        })
    }
}

/// A stored value that the CHECK constraints should have made impossible.
pub(super) fn corrupt(column: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("unexpected value in {column}").into())
}

/// Inserts an organisation with its regions.
pub fn insert(
    conn: &mut DbConn,
    _permit: &Permit,
    new: &NewOrganisation,
) -> QueryResult<OrganisationId> {
    let id = OrganisationId::new();
    let now = UtcTime::now();
    diesel::insert_into(o::table)
        .values(Row {
            id: Id::from(id.uuid()),
            kind: new.kind.as_str().to_owned(),
            name: new.name.clone(),
            kvk_number: new.kvk_number.clone(),
            oin: new.oin.clone(),
            agb_code: new.agb_code.clone(),
            cbs_municipality_code: new.cbs_municipality_code.clone(),
            uwv_recognised: new.uwv_recognised,
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .execute(conn)?;
    // One statement per region: multi-row inserts are not available through the enum.
    for code in &new.region_codes {
        diesel::insert_into(reg::table)
            .values((
                reg::organisation_id.eq(Id::from(id.uuid())),
                reg::region_code.eq(code.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// Whether an organisation with this name (case-insensitive) exists.
pub fn name_taken(conn: &mut DbConn, name: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        o::table.filter(lower(o::name).eq(lower(name))),
    ))
    .get_result(conn)
}

/// The kind of an organisation, if it exists.
pub fn kind(conn: &mut DbConn, id: OrganisationId) -> QueryResult<Option<OrganisationKind>> {
    let kind: Option<String> = o::table
        .find(Id::from(id.uuid()))
        .select(o::kind)
        .first(conn)
        .optional()?;
    kind.map(|k| k.parse().map_err(|()| corrupt("organisations.kind")))
        .transpose()
}

/// One organisation (diesel's `NotFound` when there is none).
pub fn get(conn: &mut DbConn, id: OrganisationId) -> QueryResult<Organisation> {
    let row: Row = o::table.find(Id::from(id.uuid())).first(conn)?;
    let regions = regions_of(conn, &[row.id])?;
    row.into_domain(regions.into_iter().map(|(_, c)| c).collect())
}

/// One organisation, if it exists.
pub fn find(conn: &mut DbConn, id: OrganisationId) -> QueryResult<Option<Organisation>> {
    get(conn, id).optional()
}

fn regions_of(conn: &mut DbConn, ids: &[Id]) -> QueryResult<Vec<(Id, String)>> {
    reg::table
        .filter(reg::organisation_id.eq_any(ids))
        .order((reg::organisation_id, reg::region_code))
        .select((reg::organisation_id, reg::region_code))
        .load(conn)
}

/// A page of organisations in id order, optionally of one kind.
pub fn list(
    conn: &mut DbConn,
    kind: Option<OrganisationKind>,
    page: PageRequest,
) -> QueryResult<(Vec<Organisation>, Option<uuid::Uuid>)> {
    let mut query = o::table.into_boxed();
    if let Some(kind) = kind {
        query = query.filter(o::kind.eq(kind.as_str()));
    }
    if let Some(after) = page.after {
        query = query.filter(o::id.gt(Id(after)));
    }
    let rows: Vec<Row> = query.order(o::id.asc()).limit(page.fetch()).load(conn)?;
    let (rows, next) = page.finish(rows, |r| r.id.0);
    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
    let regions = regions_of(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let codes = regions
                .iter()
                .filter(|(id, _)| *id == row.id)
                .map(|(_, c)| c.clone())
                .collect();
            row.into_domain(codes)
        })
        .collect::<QueryResult<_>>()?;
    Ok((items, next))
}

/// Column values to change.
#[derive(AsChangeset)]
#[diesel(table_name = o)]
pub struct Changes {
    /// New name.
    pub name: Option<String>,
    /// New KvK number (inner `None` clears it).
    pub kvk_number: Option<Option<String>>,
    /// New OIN (inner `None` clears it).
    pub oin: Option<Option<String>>,
    /// New AGB code (inner `None` clears it).
    pub agb_code: Option<Option<String>>,
    /// New CBS municipality code (inner `None` clears it).
    pub cbs_municipality_code: Option<Option<String>>,
    /// New UWV recognition.
    pub uwv_recognised: Option<bool>,
}

/// Applies `changes` and, when given, replaces the regions, if the row is still at
/// `expected_version`; returns whether it was.
pub fn update(
    conn: &mut DbConn,
    _permit: &Permit,
    id: OrganisationId,
    expected_version: i64,
    changes: &Changes,
    regions: Option<&[RegionCode]>,
) -> QueryResult<bool> {
    let key = Id::from(id.uuid());
    let updated = diesel::update(
        o::table
            .filter(o::id.eq(key))
            .filter(o::version.eq(expected_version)),
    )
    .set((
        changes,
        o::version.eq(expected_version + 1),
        o::updated_at.eq(UtcTime::now()),
    ))
    .execute(conn)?;
    if updated != 1 {
        return Ok(false);
    }
    if let Some(regions) = regions {
        diesel::delete(reg::table.filter(reg::organisation_id.eq(key))).execute(conn)?;
        for code in regions {
            diesel::insert_into(reg::table)
                .values((
                    reg::organisation_id.eq(key),
                    reg::region_code.eq(code.as_str()),
                ))
                .execute(conn)?;
        }
    }
    Ok(true)
}

/// Whether another organisation than `except` has this name (case-insensitive).
pub fn name_taken_by_other(
    conn: &mut DbConn,
    name: &str,
    except: OrganisationId,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        o::table
            .filter(lower(o::name).eq(lower(name)))
            .filter(o::id.ne(Id::from(except.uuid()))),
    ))
    .get_result(conn)
}

/// Whether `organisation` works in `region` (`organisation_regions`): a regional
/// coordinator's reach.
pub fn works_in(
    conn: &mut DbConn,
    organisation: OrganisationId,
    region: &RegionCode,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        reg::table
            .filter(reg::organisation_id.eq(Id::from(organisation.uuid())))
            .filter(reg::region_code.eq(region.as_str())),
    ))
    .get_result(conn)
}
