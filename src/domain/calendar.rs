//! Which day it is. Consents, memberships and benefits are valid "until" a calendar day as
//! the client and the professional understand it: a day in the Netherlands, not in UTC.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;

/// Today's date in the Netherlands.
#[must_use]
pub fn today() -> NaiveDate {
    day_of(Utc::now())
}

/// The date in the Netherlands at `instant`.
#[must_use]
pub fn day_of(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Amsterdam).date_naive()
}

/// `date` plus `months` calendar months (the last day of a shorter month when the day does
/// not exist there: 31 August + 6 months is 28 or 29 February).
#[must_use]
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn months_are_calendar_months() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(super::add_months(d("2026-01-15"), 6), d("2026-07-15"));
        assert_eq!(super::add_months(d("2026-08-31"), 6), d("2027-02-28"));
    }
}
