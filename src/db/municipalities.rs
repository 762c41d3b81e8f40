//! Municipality → labour-market region reference data (CBS "Gebieden in Nederland"), per
//! validity period. werkpad does not ship it: the operator imports it yearly.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::DbConn;
use super::pagination::PageRequest;
use super::schema::municipalities as mu;

/// A municipality as stored.
#[derive(Clone, Debug, Queryable)]
pub struct Municipality {
    /// CBS code (GMxxxx).
    pub code: String,
    /// Name.
    pub name: String,
    /// Its labour-market region in this period.
    pub region_code: String,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day, if it ended.
    pub valid_to: Option<NaiveDate>,
}

/// Whether any municipality table has been imported.
pub fn loaded(conn: &mut DbConn) -> QueryResult<bool> {
    let any: Option<String> = mu::table.select(mu::code).first(conn).optional()?;
    Ok(any.is_some())
}

/// The region of a municipality on a day, if the municipality exists then.
pub fn region_on(conn: &mut DbConn, code: &str, day: NaiveDate) -> QueryResult<Option<String>> {
    mu::table
        .filter(mu::code.eq(code))
        .filter(mu::valid_from.le(day))
        .filter(mu::valid_to.is_null().or(mu::valid_to.ge(day)))
        .select(mu::region_code)
        .first(conn)
        .optional()
}

/// Inserts municipalities; a row that is already there (same code and start) is replaced.
pub fn import(conn: &mut DbConn, rows: &[Municipality]) -> QueryResult<usize> {
    for row in rows {
        diesel::delete(
            mu::table
                .filter(mu::code.eq(&row.code))
                .filter(mu::valid_from.eq(row.valid_from)),
        )
        .execute(conn)?;
        diesel::insert_into(mu::table)
            .values((
                mu::code.eq(&row.code),
                mu::name.eq(&row.name),
                mu::region_code.eq(&row.region_code),
                mu::valid_from.eq(row.valid_from),
                mu::valid_to.eq(row.valid_to),
            ))
            .execute(conn)?;
    }
    Ok(rows.len())
}

/// A page of municipalities in (code, start) order, optionally only those valid on `on`.
pub fn list(
    conn: &mut DbConn,
    on: Option<NaiveDate>,
    page: &PageRequest<String>,
) -> QueryResult<(Vec<Municipality>, Option<String>)> {
    let mut query = mu::table.into_boxed();
    if let Some(day) = on {
        query = query
            .filter(mu::valid_from.le(day))
            .filter(mu::valid_to.is_null().or(mu::valid_to.ge(day)));
    }
    // The key is "code/start": unique, and ordered like the rows.
    if let Some(after) = &page.after
        && let Some((code, from)) = after.split_once('/')
        && let Ok(from) = from.parse::<NaiveDate>()
    {
        query = query.filter(
            mu::code
                .gt(code.to_owned())
                .or(mu::code.eq(code.to_owned()).and(mu::valid_from.gt(from))),
        );
    }
    let rows: Vec<Municipality> = query
        .order((mu::code.asc(), mu::valid_from.asc()))
        .limit(page.fetch())
        .load(conn)?;
    Ok(page.finish(rows, |m| format!("{}/{}", m.code, m.valid_from)))
}
