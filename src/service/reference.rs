//! Reference data every account may read.

use crate::auth::Caller;
use crate::authz::{self, Action, Target};
use crate::db::pagination::PageRequest;
use crate::db::{self, DbConn, regions::Region};
use crate::error::AppError;

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
