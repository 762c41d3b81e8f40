//! Keyset pagination: rows are ordered by a unique key (the UUIDv7 id, roughly creation
//! order, or a reference code) and a page continues after the last key of the previous one.
//! One row more than the limit is fetched to know whether a next page exists.

/// A page request after validation, continuing after a key of type `K`.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest<K = uuid::Uuid> {
    /// Continue after this key.
    pub after: Option<K>,
    /// Rows per page.
    pub limit: i64,
}

impl<K> PageRequest<K> {
    /// Rows to fetch: one more than the page holds.
    #[must_use]
    pub const fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Cuts the extra row off and says after which key the next page starts, if any.
    pub fn finish<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> K) -> (Vec<T>, Option<K>) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() > limit {
            rows.truncate(limit);
            let next = rows.last().map(key);
            (rows, next)
        } else {
            (rows, None)
        }
    }
}
