//! Labour-market regions (reference data).

use diesel::prelude::*;

use super::DbConn;
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
