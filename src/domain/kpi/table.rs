//! One report's counts as a table of cells with the additive relations between them, so
//! that disclosure control (`suppression`) sees everything a reader could combine.

use super::suppression::{Relation, suppress};

/// A cell of the table being built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellId(usize);

/// A count as published: the value, or `None` with `suppressed` when it is withheld.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    /// The value, when shown.
    pub value: Option<u64>,
    /// Whether it is withheld by small-cell suppression.
    pub suppressed: bool,
}

/// The counts of one report, before suppression.
#[derive(Debug, Default)]
pub struct Table {
    values: Vec<u64>,
    relations: Vec<Relation>,
}

impl Table {
    /// A new count.
    pub fn cell(&mut self, value: u64) -> CellId {
        self.values.push(value);
        CellId(self.values.len() - 1)
    }

    /// A new count that is the sum of `parts`, with that relation recorded.
    pub fn sum(&mut self, parts: &[CellId]) -> CellId {
        let total = self.cell(parts.iter().map(|p| self.values[p.0]).sum());
        self.relate(total, parts);
        total
    }

    /// Records that `total` is the sum of `parts` (both already cells).
    pub fn relate(&mut self, total: CellId, parts: &[CellId]) {
        debug_assert_eq!(
            self.values[total.0],
            parts.iter().map(|p| self.values[p.0]).sum::<u64>()
        );
        self.relations.push(Relation {
            total: total.0,
            parts: parts.iter().map(|p| p.0).collect(),
        });
    }

    /// The raw value (for figures derived before publication, such as a share).
    #[must_use]
    pub fn raw(&self, cell: CellId) -> u64 {
        self.values[cell.0]
    }

    /// Decides what is withheld.
    #[must_use]
    pub fn seal(self, threshold: u64) -> Sealed {
        let withheld = suppress(&self.values, &self.relations, threshold);
        Sealed {
            values: self.values,
            withheld,
        }
    }
}

/// The table after suppression: what may be published.
#[derive(Debug)]
pub struct Sealed {
    values: Vec<u64>,
    withheld: Vec<bool>,
}

impl Sealed {
    /// A cell as published.
    #[must_use]
    pub fn count(&self, cell: CellId) -> Count {
        if self.withheld[cell.0] {
            Count {
                value: None,
                suppressed: true,
            }
        } else {
            Count {
                value: Some(self.values[cell.0]),
                suppressed: false,
            }
        }
    }

    /// `part` as a percentage of `whole`, only when both are shown (a share of a shown
    /// whole would give a withheld part away).
    #[must_use]
    pub fn share(&self, part: CellId, whole: CellId) -> Option<f64> {
        match (self.count(part).value, self.count(whole).value) {
            (Some(p), Some(w)) => super::stats::percentage(p, w),
            _ => None,
        }
    }

    /// Whether a cell is shown.
    #[must_use]
    pub fn shown(&self, cell: CellId) -> bool {
        !self.withheld[cell.0]
    }
}
