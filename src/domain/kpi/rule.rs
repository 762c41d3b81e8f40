//! The rules a report is computed under: the durable-placement rule (domain.md §10), the
//! regions' targets, and the small-cell threshold. All come from configuration; the
//! durability rule carries a version that every report names, so that two figures computed
//! under different rules are never compared unknowingly.

use std::collections::BTreeMap;

use crate::domain::RegionCode;
use crate::domain::placement::WorkType;

/// The version of the default rule. Changing a parameter without changing the version is
/// refused at start-up (`Settings::rules`), because reports would then carry a version that
/// no longer says what was counted.
pub const DEFAULT_RULE_VERSION: &str = "werkpad-2026.1";

/// Calendar days of paid work, gaps included, that make a chain of placements durable.
pub const DEFAULT_MIN_DAYS: u32 = 183;

/// The longest gap between two paid placements that does not break a chain.
pub const DEFAULT_MAX_GAP_DAYS: u32 = 30;

/// The target of the convenant: people durably into work per region per year.
pub const DEFAULT_TARGET: u32 = 100;

/// The smallest count a report shows (domain.md §11: cells under 5 are withheld).
pub const DEFAULT_SUPPRESSION_THRESHOLD: u64 = 5;

/// When a client counts as durably in work (duurzaam aan het werk).
///
/// A chain is a run of counted placements of one client in which each starts at most
/// `max_gap_days` calendar days after the latest end so far (a placement still running
/// counts as running up to the report's day). The chain becomes durable on its
/// `min_days`-th calendar day, counting the first day of work as day 1, provided it still
/// runs on that day.
#[derive(Clone, Debug, PartialEq)]
pub struct DurabilityRule {
    /// Named in every report.
    pub version: String,
    /// Days the chain must last.
    pub min_days: u32,
    /// Longest gap, in days without work between one end and the next start.
    pub max_gap_days: u32,
    /// Work types that count (all paid ones by default; sheltered work counts but is
    /// reported as its own sub-count).
    pub counted_work_types: Vec<WorkType>,
    /// Fewest contracted hours a week for a placement to count; none by default.
    pub min_hours_per_week: Option<f64>,
}

impl Default for DurabilityRule {
    fn default() -> Self {
        Self {
            version: DEFAULT_RULE_VERSION.to_owned(),
            min_days: DEFAULT_MIN_DAYS,
            max_gap_days: DEFAULT_MAX_GAP_DAYS,
            counted_work_types: WorkType::paid(),
            min_hours_per_week: None,
        }
    }
}

impl DurabilityRule {
    /// Checks a configured rule: only paid work can make work durable, the numbers must be
    /// sensible, and a rule that differs from the default must say so by its version.
    pub fn validated(self) -> Result<Self, String> {
        if self.min_days == 0 || self.min_days > 3 * 366 {
            return Err("WERKPAD_DURABILITY_MIN_DAYS must be from 1 to 1098".to_owned());
        }
        if self.max_gap_days > 366 {
            return Err("WERKPAD_DURABILITY_MAX_GAP_DAYS must be at most 366".to_owned());
        }
        if self.counted_work_types.is_empty()
            || self.counted_work_types.iter().any(|w| !w.is_paid())
        {
            return Err(
                "WERKPAD_DURABILITY_WORK_TYPES must name one or more paid work types".to_owned(),
            );
        }
        if let Some(h) = self.min_hours_per_week
            && !(h > 0.0 && h <= 60.0)
        {
            return Err(
                "WERKPAD_DURABILITY_MIN_HOURS must be more than 0 and at most 60".to_owned(),
            );
        }
        if self.version.trim().is_empty() || self.version.len() > 50 {
            return Err("WERKPAD_DURABILITY_RULE_VERSION must be 1 to 50 characters".to_owned());
        }
        let default = Self::default();
        let same_parameters = Self {
            version: default.version.clone(),
            ..self.clone()
        } == default;
        if self.version == default.version && !same_parameters {
            return Err(format!(
                "the durability rule differs from the default, so WERKPAD_DURABILITY_RULE_VERSION \
                 must name it (it is still '{DEFAULT_RULE_VERSION}')"
            ));
        }
        Ok(self)
    }
}

/// Each region's yearly target: a default, and overrides per region or per region and year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Targets {
    default: u32,
    per_region: BTreeMap<String, u32>,
    per_region_year: BTreeMap<(String, i32), u32>,
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            default: DEFAULT_TARGET,
            per_region: BTreeMap::new(),
            per_region_year: BTreeMap::new(),
        }
    }
}

impl Targets {
    /// Parses `AM05=120,AM18:2026=150`: a region's target for every year, or for one year
    /// (which wins).
    pub fn parse(default: u32, raw: &str) -> Result<Self, String> {
        let mut targets = Self {
            default,
            ..Self::default()
        };
        for item in raw.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let bad = || format!("WERKPAD_REGION_TARGETS: '{item}' is not AMnn=N or AMnn:YYYY=N");
            let (key, value) = item.split_once('=').ok_or_else(bad)?;
            let value: u32 = value.trim().parse().map_err(|_| bad())?;
            if let Some((region, year)) = key.trim().split_once(':') {
                let region = RegionCode::parse(region.trim()).map_err(|_| bad())?;
                let year: i32 = year.trim().parse().map_err(|_| bad())?;
                targets
                    .per_region_year
                    .insert((region.as_str().to_owned(), year), value);
            } else {
                let region = RegionCode::parse(key.trim()).map_err(|_| bad())?;
                targets.per_region.insert(region.as_str().to_owned(), value);
            }
        }
        Ok(targets)
    }

    /// The target of a region without an override.
    #[must_use]
    pub const fn of_default(&self) -> u32 {
        self.default
    }

    /// The target of `region` in `year`.
    #[must_use]
    pub fn of(&self, region: &RegionCode, year: i32) -> u32 {
        self.per_region_year
            .get(&(region.as_str().to_owned(), year))
            .or_else(|| self.per_region.get(region.as_str()))
            .copied()
            .unwrap_or(self.default)
    }
}

/// Everything a report is computed under.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportingRules {
    /// When work counts as durable.
    pub durability: DurabilityRule,
    /// The regions' targets.
    pub targets: Targets,
    /// The smallest count shown (1 to `threshold - 1` are withheld).
    pub suppression_threshold: u64,
}

impl Default for ReportingRules {
    fn default() -> Self {
        Self {
            durability: DurabilityRule::default(),
            targets: Targets::default(),
            suppression_threshold: DEFAULT_SUPPRESSION_THRESHOLD,
        }
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
    use super::*;

    fn region(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap()
    }

    #[test]
    fn a_year_override_wins_over_a_region_override_which_wins_over_the_default() {
        let t = Targets::parse(100, "AM05=120, AM05:2026=150,AM18=80").unwrap();
        assert_eq!(t.of(&region("AM05"), 2026), 150);
        assert_eq!(t.of(&region("AM05"), 2025), 120);
        assert_eq!(t.of(&region("AM18"), 2026), 80);
        assert_eq!(t.of(&region("AM01"), 2026), 100);
        assert_eq!(Targets::parse(100, "").unwrap(), Targets::default());
    }

    #[test]
    fn malformed_targets_are_refused() {
        for bad in ["AM05", "AM5=10", "AM05=-1", "AM05:20x6=3", "XX05=1"] {
            assert!(Targets::parse(100, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_changed_rule_must_carry_its_own_version() {
        assert!(DurabilityRule::default().validated().is_ok());
        let longer = DurabilityRule {
            min_days: 365,
            ..DurabilityRule::default()
        };
        assert!(longer.clone().validated().is_err());
        let named = DurabilityRule {
            version: "AM05-2027".to_owned(),
            ..longer
        };
        assert!(named.validated().is_ok());
    }

    #[test]
    fn unpaid_work_cannot_make_work_durable() {
        let rule = DurabilityRule {
            version: "x".to_owned(),
            counted_work_types: vec![WorkType::RegularPaid, WorkType::VolunteerWork],
            ..DurabilityRule::default()
        };
        assert!(rule.validated().is_err());
    }
}
