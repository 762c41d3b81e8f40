//! Reference data every account may read, and loading the municipality table.

use crate::auth::Caller;
use crate::authz::{self, Action, Target};
use crate::db::municipalities::Municipality;
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn, regions::Region};
use crate::domain::accounts::parse_cbs_municipality_code;
use crate::error::{AppError, InvalidParam};
use diesel::Connection;

/// A page of labour-market regions.
pub fn regions(
    conn: &mut DbConn,
    caller: &Caller,
    on: Option<chrono::NaiveDate>,
    page: &PageRequest<String>,
) -> Result<(Vec<Region>, Option<String>), AppError> {
    authz::require(caller, Action::ReadReferenceData, &Target::default())?;
    Ok(db::regions::list(conn, on, page)?)
}

/// A page of municipalities with their labour-market region.
pub fn municipalities(
    conn: &mut DbConn,
    caller: &Caller,
    on: Option<chrono::NaiveDate>,
    page: &PageRequest<String>,
) -> Result<(Vec<Municipality>, Option<String>), AppError> {
    authz::require(caller, Action::ReadReferenceData, &Target::default())?;
    Ok(db::municipalities::list(conn, on, page)?)
}

/// Reads a CBS "Gebieden in Nederland" export as CSV with the header
/// `municipalityCode,name,regionCode,validFrom,validTo` (validTo may be empty) and loads it,
/// all rows or none. Every problem is reported with its line number.
pub fn import_municipalities(conn: &mut DbConn, csv: &str) -> Result<usize, AppError> {
    let mut lines = csv
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header = lines
        .next()
        .map(|(_, h)| h.trim().to_owned())
        .unwrap_or_default();
    if header != "municipalityCode,name,regionCode,validFrom,validTo" {
        return Err(AppError::invalid(
            "line 1",
            "invalid_format",
            "The header must be municipalityCode,name,regionCode,validFrom,validTo.",
        ));
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in lines {
        let name = format!("line {}", index + 1);
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let parsed = match fields.as_slice() {
            [code, municipality, region, from, to] => {
                let valid_to = if to.is_empty() {
                    Ok(None)
                } else {
                    to.parse().map(Some)
                };
                match (
                    parse_cbs_municipality_code(code),
                    crate::domain::RegionCode::parse(region),
                    from.parse::<chrono::NaiveDate>(),
                    valid_to,
                ) {
                    (Ok(code), Ok(region), Ok(from), Ok(to))
                        if !municipality.is_empty() && to.is_none_or(|t| t >= from) =>
                    {
                        Some(Municipality {
                            code,
                            name: (*municipality).to_owned(),
                            region_code: region.as_str().to_owned(),
                            valid_from: from,
                            valid_to: to,
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match parsed {
            Some(row) => rows.push(row),
            None => problems.push(InvalidParam::new(
                name,
                "invalid_format",
                "Expected GMxxxx,name,AMxx,YYYY-MM-DD,[YYYY-MM-DD] with validTo not before validFrom.",
            )),
        }
    }
    let regions: Vec<_> = rows
        .iter()
        .filter_map(|r| crate::domain::RegionCode::parse(&r.region_code).ok())
        .collect();
    for unknown in db::regions::unknown(conn, &regions)? {
        problems.push(InvalidParam::new(
            "regionCode",
            "unknown_reference",
            format!("No labour-market region {unknown}."),
        ));
    }
    if !problems.is_empty() {
        return Err(AppError::InvalidInput(problems));
    }
    conn.transaction(|conn| Ok(db::municipalities::import(conn, &rows)?))
}
