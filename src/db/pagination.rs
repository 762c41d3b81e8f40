//! Keyset pagination: rows are ordered by id (UUIDv7, roughly creation order) and a page
//! continues after the last id of the previous one. One row more than the limit is fetched
//! to know whether a next page exists.

/// A page request after validation.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    /// Continue after this id.
    pub after: Option<uuid::Uuid>,
    /// Rows per page.
    pub limit: i64,
}

impl PageRequest {
    /// Rows to fetch: one more than the page holds.
    #[must_use]
    pub const fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Cuts the extra row off and says after which id the next page starts, if any.
    pub fn finish<T>(
        &self,
        mut rows: Vec<T>,
        id: impl Fn(&T) -> uuid::Uuid,
    ) -> (Vec<T>, Option<uuid::Uuid>) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() > limit {
            rows.truncate(limit);
            let next = rows.last().map(id);
            (rows, next)
        } else {
            (rows, None)
        }
    }
}
