//! The IPS-25 fidelity scale (getrouwheidsschaal; domain.md §4): its 25 items, their
//! sections, the bands, and a review's item scores with the total and band that follow from
//! them. A review belongs to an organisation's IPS team, never to a client.
//!
//! Only item codes, our short English item names and the scores live here; the scale's
//! anchor texts (what each score means per item) belong to the scale's owners and are never
//! stored or shipped.

use std::collections::BTreeMap;

code_enum! {
    /// The section of the scale an item belongs to.
    Section {
        /// Staffing: caseloads and what the employment specialists do (items 1–3).
        Staffing = "STAFFING", "personeel";
        /// Organisation: integration with treatment and the agency's focus on work (items 4–11).
        Organisation = "ORGANISATION", "organisatie";
        /// Services: benefits advice, job search, job development and follow-along support
        /// (items 12–25).
        Services = "SERVICES", "dienstverlening";
    }
}

code_enum! {
    /// An item of the IPS-25 scale. The Dutch form numbers the items the same way; the
    /// Dutch term given is that number.
    Item {
        /// Caseload size.
        Ips01 = "IPS_01", "item 1";
        /// Employment services staff.
        Ips02 = "IPS_02", "item 2";
        /// Vocational generalists.
        Ips03 = "IPS_03", "item 3";
        /// Integration through team assignment.
        Ips04 = "IPS_04", "item 4";
        /// Integration through frequent team contact.
        Ips05 = "IPS_05", "item 5";
        /// Collaboration with vocational rehabilitation counsellors (in the Netherlands: UWV
        /// and the municipality).
        Ips06 = "IPS_06", "item 6";
        /// Vocational unit.
        Ips07 = "IPS_07", "item 7";
        /// Role of employment supervisor.
        Ips08 = "IPS_08", "item 8";
        /// Zero exclusion criteria.
        Ips09 = "IPS_09", "item 9";
        /// Agency focus on competitive employment.
        Ips10 = "IPS_10", "item 10";
        /// Executive team support.
        Ips11 = "IPS_11", "item 11";
        /// Work incentives planning.
        Ips12 = "IPS_12", "item 12";
        /// Disclosure.
        Ips13 = "IPS_13", "item 13";
        /// Ongoing, work-based assessment.
        Ips14 = "IPS_14", "item 14";
        /// Rapid job search.
        Ips15 = "IPS_15", "item 15";
        /// Individualised job search.
        Ips16 = "IPS_16", "item 16";
        /// Job development: frequent employer contact.
        Ips17 = "IPS_17", "item 17";
        /// Job development: quality of employer contact.
        Ips18 = "IPS_18", "item 18";
        /// Diversity of job types.
        Ips19 = "IPS_19", "item 19";
        /// Diversity of employers.
        Ips20 = "IPS_20", "item 20";
        /// Competitive jobs.
        Ips21 = "IPS_21", "item 21";
        /// Individualised follow-along supports.
        Ips22 = "IPS_22", "item 22";
        /// Time-unlimited follow-along supports.
        Ips23 = "IPS_23", "item 23";
        /// Community-based services.
        Ips24 = "IPS_24", "item 24";
        /// Assertive engagement and outreach.
        Ips25 = "IPS_25", "item 25";
    }
}

impl Item {
    /// The item's section.
    #[must_use]
    pub const fn section(self) -> Section {
        use Item as I;
        match self {
            I::Ips01 | I::Ips02 | I::Ips03 => Section::Staffing,
            I::Ips04
            | I::Ips05
            | I::Ips06
            | I::Ips07
            | I::Ips08
            | I::Ips09
            | I::Ips10
            | I::Ips11 => Section::Organisation,
            I::Ips12
            | I::Ips13
            | I::Ips14
            | I::Ips15
            | I::Ips16
            | I::Ips17
            | I::Ips18
            | I::Ips19
            | I::Ips20
            | I::Ips21
            | I::Ips22
            | I::Ips23
            | I::Ips24
            | I::Ips25 => Section::Services,
        }
    }

    /// The item's short English name (domain.md §4).
    #[must_use]
    pub const fn name(self) -> &'static str {
        use Item as I;
        match self {
            I::Ips01 => "Caseload size",
            I::Ips02 => "Employment services staff",
            I::Ips03 => "Vocational generalists",
            I::Ips04 => "Integration through team assignment",
            I::Ips05 => "Integration through frequent team contact",
            I::Ips06 => "Collaboration with vocational rehabilitation counsellors",
            I::Ips07 => "Vocational unit",
            I::Ips08 => "Role of employment supervisor",
            I::Ips09 => "Zero exclusion criteria",
            I::Ips10 => "Agency focus on competitive employment",
            I::Ips11 => "Executive team support",
            I::Ips12 => "Work incentives planning",
            I::Ips13 => "Disclosure",
            I::Ips14 => "Ongoing, work-based assessment",
            I::Ips15 => "Rapid job search",
            I::Ips16 => "Individualised job search",
            I::Ips17 => "Job development — frequent employer contact",
            I::Ips18 => "Job development — quality of employer contact",
            I::Ips19 => "Diversity of job types",
            I::Ips20 => "Diversity of employers",
            I::Ips21 => "Competitive jobs",
            I::Ips22 => "Individualised follow-along supports",
            I::Ips23 => "Time-unlimited follow-along supports",
            I::Ips24 => "Community-based services",
            I::Ips25 => "Assertive engagement and outreach",
        }
    }
}

code_enum! {
    /// How faithful to the IPS model a total is (IPS Employment Center manual).
    Band {
        /// 115–125.
        Exemplary = "EXEMPLARY", "voorbeeldige modelgetrouwheid";
        /// 100–114.
        Good = "GOOD", "goede modelgetrouwheid";
        /// 74–99.
        Fair = "FAIR", "redelijke modelgetrouwheid";
        /// 25–73: not IPS.
        NotSupportedEmployment = "NOT_SUPPORTED_EMPLOYMENT", "geen IPS";
    }
}

impl Band {
    /// The band of a total.
    #[must_use]
    pub const fn of(total: u8) -> Self {
        match total {
            115.. => Self::Exemplary,
            100..=114 => Self::Good,
            74..=99 => Self::Fair,
            _ => Self::NotSupportedEmployment,
        }
    }
}

/// Lowest score of an item.
pub const MIN_SCORE: i64 = 1;
/// Highest score of an item.
pub const MAX_SCORE: i64 = 5;

/// Why a set of item scores is not a complete review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScoreError {
    /// The score at this position (0-based, as given) is not from 1 to 5.
    OutOfRange(usize),
    /// The item at this position was scored at an earlier one already.
    Duplicate(usize, Item),
    /// These items have no score (in scale order).
    Missing(Vec<Item>),
}

/// The 25 item scores of one review: every item exactly once, each scored 1 to 5. Total
/// and band follow from them and are never taken from anyone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemScores(BTreeMap<Item, u8>);

impl ItemScores {
    /// Validates `(item, score)` pairs in the order given, reporting every problem at once.
    pub fn new(pairs: impl IntoIterator<Item = (Item, i64)>) -> Result<Self, Vec<ScoreError>> {
        let mut scores = BTreeMap::new();
        let mut errors = Vec::new();
        let mut seen = BTreeMap::new();
        for (index, (item, score)) in pairs.into_iter().enumerate() {
            if seen.insert(item, index).is_some() {
                errors.push(ScoreError::Duplicate(index, item));
                continue;
            }
            match u8::try_from(score) {
                Ok(s) if (MIN_SCORE..=MAX_SCORE).contains(&score) => {
                    scores.insert(item, s);
                }
                _ => errors.push(ScoreError::OutOfRange(index)),
            }
        }
        let missing: Vec<Item> = Item::ALL
            .iter()
            .copied()
            .filter(|i| !seen.contains_key(i))
            .collect();
        if !missing.is_empty() {
            errors.push(ScoreError::Missing(missing));
        }
        if errors.is_empty() {
            Ok(Self(scores))
        } else {
            Err(errors)
        }
    }

    /// Each item with its score, in scale order.
    pub fn iter(&self) -> impl Iterator<Item = (Item, u8)> + '_ {
        self.0.iter().map(|(item, score)| (*item, *score))
    }

    /// The sum of the scores: 25 to 125.
    #[must_use]
    pub fn total(&self) -> u8 {
        // At most 25 × 5 = 125: it fits.
        self.0.values().sum()
    }

    /// The band of the total.
    #[must_use]
    pub fn band(&self) -> Band {
        Band::of(self.total())
    }
}

/// A recorded fidelity review.
#[derive(Clone, Debug)]
pub struct FidelityReview {
    /// Id.
    pub id: super::FidelityReviewId,
    /// The organisation whose IPS team was reviewed.
    pub organisation_id: super::OrganisationId,
    /// The team, when the organisation has more than one.
    pub team_name: Option<String>,
    /// The day of the review (site visit).
    pub review_date: chrono::NaiveDate,
    /// Who reviewed, e.g. Kenniscentrum Phrenos.
    pub reviewing_body: String,
    /// The scores.
    pub scores: ItemScores,
    /// Who recorded it.
    pub recorded_by_user_id: super::UserId,
    /// Their organisation.
    pub origin_organisation_id: super::OrganisationId,
    /// When it was recorded.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A fidelity review to record, validated except for what needs the database.
#[derive(Clone, Debug)]
pub struct NewFidelityReview {
    /// The reviewed organisation.
    pub organisation_id: super::OrganisationId,
    /// The team.
    pub team_name: Option<String>,
    /// The day of the review (not in the future).
    pub review_date: chrono::NaiveDate,
    /// Who reviewed.
    pub reviewing_body: String,
    /// The scores.
    pub scores: ItemScores,
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use super::{Band, Item, ItemScores, ScoreError, Section};

    fn all(score: i64) -> Vec<(Item, i64)> {
        Item::ALL.iter().map(|i| (*i, score)).collect()
    }

    /// Scores adding up to `total`: 5s first, then what is left, at least 1 each.
    fn adding_up_to(total: i64) -> ItemScores {
        let mut left = total - 25;
        let pairs = Item::ALL.iter().map(|i| {
            let extra = left.min(4);
            left -= extra;
            (*i, 1 + extra)
        });
        ItemScores::new(pairs.collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn band_boundaries() {
        for (total, band) in [
            (25, Band::NotSupportedEmployment),
            (73, Band::NotSupportedEmployment),
            (74, Band::Fair),
            (99, Band::Fair),
            (100, Band::Good),
            (114, Band::Good),
            (115, Band::Exemplary),
            (125, Band::Exemplary),
        ] {
            let scores = adding_up_to(total);
            assert_eq!(i64::from(scores.total()), total);
            assert_eq!(scores.band(), band, "{total}");
            assert_eq!(Band::of(u8::try_from(total).unwrap()), band, "{total}");
        }
    }

    #[test]
    fn all_fours_is_a_hundred_and_good() {
        let scores = ItemScores::new(all(4)).unwrap();
        assert_eq!((scores.total(), scores.band()), (100, Band::Good));
        assert_eq!(scores.iter().count(), 25);
        assert_eq!(
            scores.iter().map(|(i, _)| i).collect::<Vec<_>>(),
            Item::ALL.to_vec()
        );
    }

    #[test]
    fn a_missing_item_is_named() {
        let mut pairs = all(3);
        pairs.retain(|(i, _)| *i != Item::Ips07);
        assert_eq!(
            ItemScores::new(pairs),
            Err(vec![ScoreError::Missing(vec![Item::Ips07])])
        );
        assert_eq!(
            ItemScores::new(Vec::new()),
            Err(vec![ScoreError::Missing(Item::ALL.to_vec())])
        );
    }

    #[test]
    fn a_duplicate_item_is_named_where_it_repeats() {
        let mut pairs = all(3);
        pairs[24] = (Item::Ips03, 3);
        assert_eq!(
            ItemScores::new(pairs),
            Err(vec![
                ScoreError::Duplicate(24, Item::Ips03),
                ScoreError::Missing(vec![Item::Ips25]),
            ])
        );
    }

    #[test]
    fn scores_outside_one_to_five_are_refused() {
        for bad in [0, 6, -1, 300] {
            let mut pairs = all(3);
            pairs[4].1 = bad;
            pairs[9].1 = bad;
            assert_eq!(
                ItemScores::new(pairs),
                Err(vec![ScoreError::OutOfRange(4), ScoreError::OutOfRange(9)]),
                "{bad}"
            );
        }
        assert!(ItemScores::new(all(1)).is_ok());
        assert!(ItemScores::new(all(5)).is_ok());
    }

    #[test]
    fn sections_follow_the_scale() {
        let count = |s| Item::ALL.iter().filter(|i| i.section() == s).count();
        assert_eq!(count(Section::Staffing), 3);
        assert_eq!(count(Section::Organisation), 8);
        assert_eq!(count(Section::Services), 14);
        assert_eq!(Item::ALL.len(), 25);
        assert!(Item::ALL.iter().all(|i| !i.name().is_empty()));
    }
}
