//! Labour-market regions (reference data).

use diesel::prelude::*;

use super::DbConn;
use super::pagination::PageRequest;
use super::schema::labour_market_regions as r;
use crate::domain::RegionCode;

/// Which of `codes` are not in the reference table.
pub fn unknown(conn: &mut DbConn, codes: &[RegionCode]) -> QueryResult<Vec<RegionCode>> {
    let wanted: Vec<&str> = codes.iter().map(RegionCode::as_str).collect();
    let known: Vec<String> = r::table
        .filter(r::code.eq_any(&wanted))
        .select(r::code)
        .load(conn)?;
    Ok(codes
        .iter()
        .filter(|c| !known.iter().any(|k| k == c.as_str()))
        .cloned()
        .collect())
}

/// Every region code with its name, in code order.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    r::table
        .order(r::code)
        .select((r::code, r::name))
        .load(conn)
}

/// A labour-market region as stored.
#[derive(Queryable)]
pub struct Region {
    /// CBS code.
    pub code: String,
    /// Name.
    pub name: String,
    /// First day it exists.
    pub valid_from: chrono::NaiveDate,
    /// Last day it exists, if it ended.
    pub valid_to: Option<chrono::NaiveDate>,
}

/// A page of regions in code order, optionally only those valid on `on`.
pub fn list(
    conn: &mut DbConn,
    on: Option<chrono::NaiveDate>,
    page: &PageRequest<String>,
) -> QueryResult<(Vec<Region>, Option<String>)> {
    let mut query = r::table.into_boxed();
    if let Some(day) = on {
        query = query
            .filter(r::valid_from.le(day))
            .filter(r::valid_to.is_null().or(r::valid_to.ge(day)));
    }
    if let Some(after) = &page.after {
        query = query.filter(r::code.gt(after.clone()));
    }
    let rows: Vec<Region> = query.order(r::code.asc()).limit(page.fetch()).load(conn)?;
    Ok(page.finish(rows, |r| r.code.clone()))
}

/// The region's name, if the code is in the list.
pub fn name(conn: &mut DbConn, code: &RegionCode) -> QueryResult<Option<String>> {
    r::table
        .filter(r::code.eq(code.as_str()))
        .select(r::name)
        .first(conn)
        .optional()
}

/// The version of the region list: the latest date from which one of its entries is valid.
pub fn list_version(conn: &mut DbConn) -> QueryResult<Option<chrono::NaiveDate>> {
    r::table.select(diesel::dsl::max(r::valid_from)).first(conn)
}
