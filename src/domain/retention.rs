//! Retention and erasure (domain.md §16): how long a client file is kept under its record
//! regime, and whether it may be erased today.
//!
//! Decisions [I]:
//! - **When the period starts.** §16.1 counts the GGZ period "from the last change" and the
//!   municipal one "after closure". werkpad takes the later of the two for every regime: the
//!   last change to any record of the client, and the end date of its last trajectory. While
//!   a trajectory is still open the file is in use, so the period is counted from today: it
//!   cannot have run out.
//! - **Defaults.** GGZ_WGBO 20 years (Wgbo since 2020) and MUNICIPAL_SOCIAL_DOMAIN 10 years
//!   (Selectielijst 2020) from the table; UWV's own periods are open (open question 6), so
//!   UWV defaults to the municipal 10 years; SHARED_TRAJECTORY waits for the
//!   joint-controller arrangement (open question 9) and defaults to the longest period any
//!   of its controllers may need, 20 years. All four are configuration.
//! - **Legal hold** blocks erasure whatever the period.

use chrono::NaiveDate;

use super::client::RecordRegime;

code_enum! {
    /// Why a client file was erased.
    ErasureReason {
        /// The client asked for it (AVG art. 17; BW 7:455 for a GGZ record).
        DataSubjectRequest = "DATA_SUBJECT_REQUEST", "verzoek van betrokkene";
        /// Its retention period ran out.
        RetentionExpired = "RETENTION_EXPIRED", "bewaartermijn verstreken";
    }
}

/// A retention period in calendar years, months and days (`20y`, `10y6m`, `90d`, `0d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    years: u32,
    months: u32,
    days: u32,
}

impl Period {
    /// A period of whole years.
    #[must_use]
    pub const fn years(years: u32) -> Self {
        Self {
            years,
            months: 0,
            days: 0,
        }
    }

    /// Parses `<n>y`, `<n>m` and `<n>d` parts in that order, at least one of them.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let bad = || format!("'{raw}' is not a period like 20y, 10y6m or 90d");
        let mut period = Self::years(0);
        let mut rest = raw.trim();
        let mut seen = 0;
        for (unit, slot) in [('y', 0), ('m', 1), ('d', 2)] {
            let Some(at) = rest.find(unit) else { continue };
            let value: u32 = rest[..at].parse().map_err(|_| bad())?;
            match slot {
                0 => period.years = value,
                1 => period.months = value,
                _ => period.days = value,
            }
            rest = &rest[at + 1..];
            seen += 1;
        }
        if seen == 0 || !rest.is_empty() || period.years > 200 {
            return Err(bad());
        }
        Ok(period)
    }

    /// The day the period ends when it starts on `start`.
    #[must_use]
    pub fn end(self, start: NaiveDate) -> NaiveDate {
        let months = self.years.saturating_mul(12).saturating_add(self.months);
        start
            .checked_add_months(chrono::Months::new(months))
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(self.days))))
            .unwrap_or(NaiveDate::MAX)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut wrote = false;
        for (value, unit) in [(self.years, 'y'), (self.months, 'm'), (self.days, 'd')] {
            if value > 0 {
                write!(f, "{value}{unit}")?;
                wrote = true;
            }
        }
        if !wrote {
            f.write_str("0d")?;
        }
        Ok(())
    }
}

/// The period of every record regime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Periods {
    /// GGZ medical record (Wgbo).
    pub ggz_wgbo: Period,
    /// Municipal social-domain file.
    pub municipal_social_domain: Period,
    /// UWV file.
    pub uwv: Period,
    /// Shared trajectory record.
    pub shared_trajectory: Period,
}

/// Default GGZ_WGBO period.
pub const DEFAULT_GGZ_WGBO: &str = "20y";
/// Default MUNICIPAL_SOCIAL_DOMAIN period.
pub const DEFAULT_MUNICIPAL_SOCIAL_DOMAIN: &str = "10y";
/// Default UWV period.
pub const DEFAULT_UWV: &str = "10y";
/// Default SHARED_TRAJECTORY period.
pub const DEFAULT_SHARED_TRAJECTORY: &str = "20y";

impl Periods {
    /// The period of `regime`.
    #[must_use]
    pub const fn of(&self, regime: RecordRegime) -> Period {
        match regime {
            RecordRegime::GgzWgbo => self.ggz_wgbo,
            RecordRegime::MunicipalSocialDomain => self.municipal_social_domain,
            RecordRegime::Uwv => self.uwv,
            RecordRegime::SharedTrajectory => self.shared_trajectory,
        }
    }
}

/// What retention is decided on, loaded for one client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The client's record regime.
    pub regime: RecordRegime,
    /// Whether a legal hold is set.
    pub legal_hold: bool,
    /// The day of the last change to any of the client's records (in the Netherlands).
    pub last_change: NaiveDate,
    /// The end date of the client's last trajectory, if any ended.
    pub last_closure: Option<NaiveDate>,
    /// Whether a trajectory is still open.
    pub open_trajectory: bool,
}

/// Why a client file may not be erased now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A legal hold is set.
    LegalHold,
    /// The retention period runs until (and including the day before) this date.
    RetentionPeriod(NaiveDate),
}

impl Facts {
    /// The day the period starts (see the module's decisions).
    #[must_use]
    pub fn start(&self, today: NaiveDate) -> NaiveDate {
        if self.open_trajectory {
            return today.max(self.last_change);
        }
        self.last_closure
            .map_or(self.last_change, |closed| closed.max(self.last_change))
    }

    /// The first day on which the file may be erased.
    #[must_use]
    pub fn retention_end(&self, periods: &Periods, today: NaiveDate) -> NaiveDate {
        periods.of(self.regime).end(self.start(today))
    }

    /// Whether the file may be erased on `today`: not under a legal hold, and its period
    /// has run out.
    pub fn erasable(&self, periods: &Periods, today: NaiveDate) -> Result<(), Refusal> {
        if self.legal_hold {
            return Err(Refusal::LegalHold);
        }
        let end = self.retention_end(periods, today);
        if today < end {
            return Err(Refusal::RetentionPeriod(end));
        }
        Ok(())
    }
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

    use super::{Facts, Period, Periods, Refusal};
    use crate::domain::client::RecordRegime;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn periods() -> Periods {
        Periods {
            ggz_wgbo: Period::years(20),
            municipal_social_domain: Period::years(10),
            uwv: Period::years(10),
            shared_trajectory: Period::years(20),
        }
    }

    #[test]
    fn periods_parse_and_print() {
        assert_eq!(Period::parse("20y").unwrap(), Period::years(20));
        assert_eq!(Period::parse("10y6m").unwrap().to_string(), "10y6m");
        assert_eq!(Period::parse("90d").unwrap().to_string(), "90d");
        assert_eq!(Period::parse("0d").unwrap().to_string(), "0d");
        for bad in ["", "20", "y", "20x", "6m10y", "-1y", "20y3"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Period::parse("1y1m1d").unwrap().end(d("2024-01-31")),
            d("2025-03-01")
        );
    }

    #[test]
    fn the_period_runs_from_the_later_of_last_change_and_closure() {
        let facts = Facts {
            regime: RecordRegime::MunicipalSocialDomain,
            legal_hold: false,
            last_change: d("2010-03-01"),
            last_closure: Some(d("2012-06-30")),
            open_trajectory: false,
        };
        let p = periods();
        assert_eq!(facts.retention_end(&p, d("2030-01-01")), d("2022-06-30"));
        assert_eq!(
            facts.erasable(&p, d("2022-06-29")),
            Err(Refusal::RetentionPeriod(d("2022-06-30")))
        );
        assert_eq!(facts.erasable(&p, d("2022-06-30")), Ok(()));
        let ggz = Facts {
            regime: RecordRegime::GgzWgbo,
            ..facts
        };
        assert_eq!(ggz.retention_end(&p, d("2030-01-01")), d("2032-06-30"));
    }

    #[test]
    fn an_open_trajectory_or_a_legal_hold_keeps_the_file() {
        let open = Facts {
            regime: RecordRegime::Uwv,
            legal_hold: false,
            last_change: d("2001-01-01"),
            last_closure: None,
            open_trajectory: true,
        };
        let p = periods();
        assert_eq!(
            open.erasable(&p, d("2040-05-01")),
            Err(Refusal::RetentionPeriod(d("2050-05-01")))
        );
        let held = Facts {
            legal_hold: true,
            open_trajectory: false,
            ..open
        };
        assert_eq!(held.erasable(&p, d("2040-05-01")), Err(Refusal::LegalHold));
    }
}
