//! The few places where the two backends spell SQL differently: date arithmetic. Dates are
//! `DATE` on PostgreSQL and ISO text on SQLite (which compares and orders it correctly), so
//! only differences and additions need a spelling per backend.
//!
//! Literals are written from typed values only (dates, whole numbers, our own enumeration
//! codes and validated region codes), never from request text, as in `db/scope.rs`.

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::domain::{OrganisationId, RegionCode};

/// Which SQL to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
}

impl Dialect {
    /// The dialect of `conn`.
    #[must_use]
    pub const fn of(conn: &DbConn) -> Self {
        match conn {
            DbConn::Postgres(_) => Self::Postgres,
            DbConn::Sqlite(_) => Self::Sqlite,
        }
    }

    /// Whole days from `from` to `to` (positive when `to` is later).
    #[must_use]
    pub fn days(self, from: &str, to: &str) -> String {
        match self {
            Self::Postgres => format!("({to} - {from})"),
            Self::Sqlite => format!("CAST(julianday({to}) - julianday({from}) AS INTEGER)"),
        }
    }

    /// `date` plus `days` (an SQL integer expression).
    #[must_use]
    pub fn plus_days(self, date: &str, days: &str) -> String {
        match self {
            Self::Postgres => format!("({date} + {days})"),
            Self::Sqlite => format!("date({date}, '+' || ({days}) || ' days')"),
        }
    }

    /// The month (1 to 12) of a date, as an integer.
    #[must_use]
    pub fn month(self, date: &str) -> String {
        match self {
            Self::Postgres => format!("CAST(EXTRACT(MONTH FROM {date}) AS INTEGER)"),
            Self::Sqlite => format!("CAST(strftime('%m', {date}) AS INTEGER)"),
        }
    }

    /// A date literal.
    #[must_use]
    pub fn date(self, value: NaiveDate) -> String {
        match self {
            Self::Postgres => format!("DATE '{}'", value.format("%Y-%m-%d")),
            Self::Sqlite => format!("'{}'", value.format("%Y-%m-%d")),
        }
    }
}

/// A UUID literal: hex digits and hyphens, nothing to escape.
pub fn id(value: OrganisationId) -> String {
    format!("'{}'", value.uuid().hyphenated())
}

/// A region literal; a `RegionCode` is `AM` and two digits by construction.
pub fn region(value: &RegionCode) -> String {
    format!("'{}'", value.as_str())
}

/// An `IN (…)` list of codes of our own enumerations.
pub fn codes<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .map(|v| {
            debug_assert!(
                v.bytes()
                    .all(|b| b.is_ascii_uppercase() || b == b'_' || b.is_ascii_digit())
            );
            format!("'{v}'")
        })
        .collect::<Vec<_>>()
        .join(", ")
}
