//! Small-cell suppression for a published report (domain.md §11: "publish only aggregates,
//! with small-cell suppression"). Pure: the caller hands over the report's counts and how they
//! add up, and gets back which counts to withhold.
//!
//! **What it does.** This is *complementary cell suppression*, not rounding or noise: every
//! figure that is shown is exact, and a figure that could single out a handful of people is
//! left out. Rounding would make every figure approximate and break the sums a reader checks
//! the report with; here what is shown adds up, and what is not is absent.
//!
//! 1. *Primary suppression* withholds every count `v` with `1 <= v < threshold` (1 to 4 at the
//!    default threshold of 5).
//! 2. *Complementary suppression* makes sure a withheld count cannot be worked back by
//!    subtraction. A report's counts add up — the regions to the national figure, the months to
//!    the year, each breakdown (by trajectory type, by kind of lead organisation) to the same
//!    total — so a relation in which exactly one member is withheld gives it away:
//!    total − shown parts. For every such relation one more member is withheld: the smallest
//!    non-zero shown part (ties: the lowest index), as it costs the reader least; if there is
//!    none, the total; if the total is already the withheld one, the smallest shown part even
//!    if it is zero. A new withholding can leave another relation with exactly one withheld
//!    member (relations share cells), so this repeats until nothing changes. Every round but
//!    the last withholds at least one more cell, so it ends after at most `values.len() + 1`
//!    rounds. The result is deterministic for a given order of relations; another order may
//!    choose other complements.
//!
//! **Why zeros are shown.** A 0 singles nobody out: the reason to hide a 1 to 4 is that a
//! reader who knows someone in that group can learn something about them. Hiding zeros as
//! well would leave little of a regional report (many cells of a small region are empty) and
//! would drag complementary suppression through cells that protect nothing. Zeros are also not
//! chosen as complements while a non-zero part is available: a reader who sees a withheld
//! 3 beside a withheld cell that is in fact 0 knows only their sum, but that sum is the 3
//! itself, so the pair reveals that the group is small. A non-zero partner widens the range.
//! The accepted cost: a 0 beside a total can show that *everyone* in the total shares an
//! attribute (all 7 in one trajectory type). That is group, not individual, disclosure.
//!
//! **The limit.** This prevents *exact* recovery of a withheld cell from the relations given:
//! the tests check that by brute force on random breakdowns sharing a total, nested breakdowns
//! and cross tables with margins, with the relations in random order. For other shapes it is
//! a rule of thumb, not a proof that no combination of relations pins a cell down. It does
//! not run a (linear-programming) interval audit of how far a reader can narrow a withheld
//! cell: a withheld 3 paired with a withheld 6 is known to lie in 0..=9, and no minimum width
//! of that interval (a "protection level") is enforced. And it protects only against the
//! relations it is told about; one the report contains but the caller leaves out is a way
//! back to the withheld figure.

/// An additive relation of the report: `values[total] == Σ values[parts]`.
///
/// Indices refer to the `values` slice handed to [`suppress`]. An index outside it is ignored
/// (as if that member were not part of the relation); a part repeated, or equal to the total,
/// counts once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// Index of the total.
    pub total: usize,
    /// Indices of the parts that add up to it.
    pub parts: Vec<usize>,
}

/// Which cells to withhold: `threshold` is the smallest count shown (default 5, so 1..=4 are
/// withheld; 0 is shown). Returns one flag per value.
#[must_use]
pub fn suppress(values: &[u64], relations: &[Relation], threshold: u64) -> Vec<bool> {
    let mut withheld: Vec<bool> = values
        .iter()
        .map(|&v| (1..threshold).contains(&v))
        .collect();
    loop {
        let mut changed = false;
        for relation in relations {
            if let Some(cell) = complement(values, &withheld, relation) {
                withheld[cell] = true;
                changed = true;
            }
        }
        if !changed {
            return withheld;
        }
    }
}

/// The member to withhold next in `relation`, when exactly one of its members is withheld.
fn complement(values: &[u64], withheld: &[bool], relation: &Relation) -> Option<usize> {
    let total = relation.total;
    let total_withheld = withheld.get(total).copied();
    let mut parts: Vec<usize> = relation
        .parts
        .iter()
        .copied()
        .filter(|&p| p != total && p < values.len())
        .collect();
    parts.sort_unstable();
    parts.dedup();

    let withheld_members =
        usize::from(total_withheld == Some(true)) + parts.iter().filter(|&&p| withheld[p]).count();
    if withheld_members != 1 {
        return None;
    }
    // Smallest shown part first, lowest index among equals (`parts` is sorted by index).
    let smallest_shown = |allow_zero: bool| {
        parts
            .iter()
            .copied()
            .filter(|&p| !withheld[p] && (allow_zero || values[p] > 0))
            .min_by_key(|&p| (values[p], p))
    };
    smallest_shown(false).or_else(|| match total_withheld {
        Some(false) => Some(total),
        // The total is the withheld member (or lies outside `values`).
        _ => smallest_shown(true),
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use super::{Relation, suppress};

    fn rel(total: usize, parts: &[usize]) -> Relation {
        Relation {
            total,
            parts: parts.to_vec(),
        }
    }

    /// Indices of the withheld cells, for readable assertions.
    fn withheld(values: &[u64], relations: &[Relation]) -> Vec<usize> {
        suppress(values, relations, 5)
            .iter()
            .enumerate()
            .filter_map(|(i, &w)| w.then_some(i))
            .collect()
    }

    #[test]
    fn nothing_small_nothing_withheld() {
        assert_eq!(
            withheld(&[30, 10, 0, 20], &[rel(0, &[1, 2, 3])]),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn a_small_cell_in_a_row_takes_the_next_smallest_with_it() {
        // 20 = 3 + 9 + 8: the 3 alone would be 20 − 9 − 8.
        assert_eq!(withheld(&[20, 3, 9, 8], &[rel(0, &[1, 2, 3])]), vec![1, 3]);
    }

    #[test]
    fn ties_go_to_the_lowest_index() {
        assert_eq!(withheld(&[18, 7, 4, 7], &[rel(0, &[1, 2, 3])]), vec![1, 2]);
        assert_eq!(withheld(&[18, 4, 7, 7], &[rel(0, &[3, 2, 1])]), vec![1, 2]);
    }

    #[test]
    fn two_small_cells_in_a_row_cover_each_other() {
        assert_eq!(
            withheld(&[20, 7, 3, 7, 3], &[rel(0, &[1, 2, 3, 4])]),
            vec![2, 4]
        );
    }

    #[test]
    fn a_small_total_takes_its_parts_with_it() {
        // Every non-zero part of a total below 5 is itself below 5.
        assert_eq!(withheld(&[3, 1, 2], &[rel(0, &[1, 2])]), vec![0, 1, 2]);
        // One part carries the whole total: the pair is withheld, the zero shown.
        assert_eq!(withheld(&[3, 3, 0], &[rel(0, &[1, 2])]), vec![0, 1]);
    }

    #[test]
    fn a_zero_is_shown_and_not_chosen_as_the_complement() {
        // 12 = 2 + 0 + 10: the 10 goes with the 2, the 0 stays.
        assert_eq!(withheld(&[12, 2, 0, 10], &[rel(0, &[1, 2, 3])]), vec![1, 3]);
        // No other non-zero part: the total goes instead.
        assert_eq!(withheld(&[2, 2, 0], &[rel(0, &[1, 2])]), vec![0, 1]);
        assert_eq!(
            withheld(&[0, 0, 0], &[rel(0, &[1, 2])]),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn when_only_the_total_is_withheld_and_no_part_is_non_zero_a_zero_part_goes() {
        // Unreachable with counts that add up (a withheld total with only zero parts would be
        // 0, which is never withheld first); the figures here deliberately do not add up, as
        // an upstream count with unknown categories may not.
        assert_eq!(withheld(&[3, 0, 0], &[rel(0, &[1, 2])]), vec![0, 1]);
    }

    #[test]
    fn two_breakdowns_of_one_total() {
        // 30 by trajectory type = 3 + 12 + 15, by kind of lead organisation = 10 + 10 + 10.
        let values = [30, 3, 12, 15, 10, 10, 10];
        let relations = [rel(0, &[1, 2, 3]), rel(0, &[4, 5, 6])];
        assert_eq!(withheld(&values, &relations), vec![1, 2]);
        // A small total spreads into both breakdowns.
        let values = [4, 1, 3, 0, 4];
        let relations = [rel(0, &[1, 2]), rel(0, &[3, 4])];
        assert_eq!(withheld(&values, &relations), vec![0, 1, 2, 4]);
    }

    #[test]
    fn a_cross_table_withholds_a_rectangle() {
        //            org A  org B | total
        // IPS           3      8  |   11
        // IPS_CMD       6      9  |   15
        // total         9     17  |   26
        let values = [3, 8, 6, 9, 11, 15, 9, 17, 26];
        let relations = [
            rel(4, &[0, 1]),
            rel(5, &[2, 3]),
            rel(6, &[0, 2]),
            rel(7, &[1, 3]),
            rel(8, &[4, 5]),
            rel(8, &[6, 7]),
        ];
        // The 3 takes the 8 (its row) and the 6 (its column); the 8 takes the 9 (its column);
        // the margins stay, and the four cells can shift by the same amount in a square.
        assert_eq!(withheld(&values, &relations), vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_part_left_alone_beside_zeros_takes_its_total() {
        //            org A  org B | total
        // IPS           3      9  |   12
        // IPS_CMD       0      7  |    7
        // total         3     16  |   19
        let values = [3, 9, 0, 7, 12, 7, 3, 16, 19];
        let relations = [
            rel(4, &[0, 1]),
            rel(5, &[2, 3]),
            rel(6, &[0, 2]),
            rel(7, &[1, 3]),
            rel(8, &[4, 5]),
            rel(8, &[6, 7]),
        ];
        // The 3s take the 9 (row) and the 16 (grand total by column); the 9 takes the 7 (its
        // column). The 7's row has only a 0 beside it, so its total goes, which in turn takes
        // the other row total. Only the 0 and the grand total stay.
        assert_eq!(withheld(&values, &relations), vec![0, 1, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn nested_relations_spill_upwards_and_down_again() {
        // National 32 = regions 4 + 13 + 15; region 0 = 4 + 0 by month; region 1 = 6 + 7.
        let values = [32, 4, 13, 15, 4, 0, 6, 7];
        let relations = [rel(0, &[1, 2, 3]), rel(1, &[4, 5]), rel(2, &[6, 7])];
        // The 4s are primary; the national relation then has one withheld region, so the next
        // smallest region (13) goes, and its relation in turn loses its smaller month (6).
        assert_eq!(withheld(&values, &relations), vec![1, 2, 4, 6]);
    }

    #[test]
    fn threshold_is_the_smallest_count_shown() {
        let values = [20, 5, 15];
        let relations = [rel(0, &[1, 2])];
        assert_eq!(suppress(&values, &relations, 5), vec![false, false, false]);
        assert_eq!(suppress(&values, &relations, 6), vec![false, true, true]);
        assert_eq!(suppress(&values, &relations, 0), vec![false, false, false]);
    }

    #[test]
    fn indices_outside_the_values_are_ignored() {
        assert_eq!(withheld(&[20, 3, 17], &[rel(0, &[1, 2, 9])]), vec![1, 2]);
        assert_eq!(withheld(&[3, 17], &[rel(9, &[0, 1])]), vec![0, 1]);
        // A part named twice is still one withheld member, so the relation needs a complement.
        assert_eq!(withheld(&[20, 3, 17], &[rel(0, &[1, 1, 2])]), vec![1, 2]);
    }

    /// A small deterministic generator (SplitMix64), so the property test needs no crate and
    /// fails the same way every time.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// A number in `lo..=hi`.
        fn range(&mut self, lo: u64, hi: u64) -> u64 {
            lo + self.next() % (hi - lo + 1)
        }

        fn index(&mut self, len: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(len).unwrap()).unwrap()
        }
    }

    /// `total` spread over `parts` cells of at most 12 each, one unit at a time.
    fn spread(rng: &mut Rng, total: u64, parts: usize) -> Vec<u64> {
        let mut cells = vec![0; parts];
        for _ in 0..total {
            loop {
                let i = rng.index(parts);
                if cells[i] < 12 {
                    cells[i] += 1;
                    break;
                }
            }
        }
        cells
    }

    #[derive(Clone, Copy)]
    enum Shape {
        /// 1 to 3 breakdowns of one total into 2 to 5 parts each.
        Breakdowns,
        /// The same, and one part of the first breakdown broken down again.
        Nested,
        /// A 2–3 × 2–3 table with row, column and grand totals.
        Cross,
    }

    /// A random report with cell 0 as its grand total and its parts of 0 to 12. The relations
    /// come in random order, so the result must not depend on which is looked at first.
    fn report(rng: &mut Rng, shape: Shape) -> (Vec<u64>, Vec<Relation>) {
        let (values, mut relations) = match shape {
            Shape::Breakdowns => breakdowns(rng, false),
            Shape::Nested => breakdowns(rng, true),
            Shape::Cross => cross(rng),
        };
        for i in (1..relations.len()).rev() {
            relations.swap(i, rng.index(i + 1));
        }
        (values, relations)
    }

    fn breakdowns(rng: &mut Rng, nested: bool) -> (Vec<u64>, Vec<Relation>) {
        let first: Vec<u64> = (0..rng.range(2, 5)).map(|_| rng.range(0, 12)).collect();
        let total: u64 = first.iter().sum();
        let mut values = vec![total];
        let mut relations = Vec::new();
        let mut breakdowns = vec![first];
        for _ in 1..rng.range(1, 3) {
            let needed = usize::try_from(total.div_ceil(12)).unwrap();
            let parts = usize::try_from(rng.range(2, 5)).unwrap().max(needed);
            breakdowns.push(spread(rng, total, parts));
        }
        for parts in breakdowns {
            let start = values.len();
            values.extend(&parts);
            relations.push(Relation {
                total: 0,
                parts: (start..values.len()).collect(),
            });
        }
        if nested {
            let first = &relations[0].parts;
            let part = first[rng.index(first.len())];
            let sub = usize::try_from(rng.range(2, 3)).unwrap();
            let cells = spread(rng, values[part], sub);
            let start = values.len();
            values.extend(&cells);
            relations.push(Relation {
                total: part,
                parts: (start..values.len()).collect(),
            });
        }
        (values, relations)
    }

    fn cross(rng: &mut Rng) -> (Vec<u64>, Vec<Relation>) {
        let rows = usize::try_from(rng.range(2, 3)).unwrap();
        let cols = usize::try_from(rng.range(2, 3)).unwrap();
        let inner: Vec<u64> = (0..rows * cols).map(|_| rng.range(0, 12)).collect();
        let cell = |r: usize, c: usize| 1 + r * cols + c;
        let row_total = |r: usize| 1 + rows * cols + r;
        let col_total = |c: usize| 1 + rows * cols + rows + c;
        let mut values = vec![inner.iter().sum()];
        values.extend(&inner);
        let at = |r: usize, c: usize| inner[r * cols + c];
        values.extend((0..rows).map(|r| (0..cols).map(|c| at(r, c)).sum::<u64>()));
        values.extend((0..cols).map(|c| (0..rows).map(|r| at(r, c)).sum::<u64>()));
        let mut relations: Vec<Relation> = (0..rows)
            .map(|r| Relation {
                total: row_total(r),
                parts: (0..cols).map(|c| cell(r, c)).collect(),
            })
            .chain((0..cols).map(|c| Relation {
                total: col_total(c),
                parts: (0..rows).map(|r| cell(r, c)).collect(),
            }))
            .collect();
        relations.push(Relation {
            total: 0,
            parts: (0..rows).map(row_total).collect(),
        });
        relations.push(Relation {
            total: 0,
            parts: (0..cols).map(col_total).collect(),
        });
        (values, relations)
    }

    /// Whether the withheld cells (`None` in `cells`) can be filled with values in
    /// `0..=bound` that satisfy every relation. Exhaustive search; a relation with a single
    /// unknown member fixes it, which only cuts branches that could not satisfy it.
    fn feasible(cells: &mut [Option<u64>], relations: &[Relation], bound: u64) -> bool {
        // Propagate forced values and reject contradictions.
        loop {
            let mut forced = None;
            for r in relations {
                let unknown: Vec<usize> = std::iter::once(r.total)
                    .chain(r.parts.iter().copied())
                    .filter(|&i| cells[i].is_none())
                    .collect();
                let parts_known: u64 = r.parts.iter().filter_map(|&i| cells[i]).sum();
                match (unknown.as_slice(), cells[r.total]) {
                    ([], Some(t)) if t != parts_known => return false,
                    (_, Some(t)) if parts_known > t => return false,
                    (_, None) if parts_known > bound => return false,
                    ([only], Some(t)) => forced = Some((*only, t - parts_known)),
                    ([only], None) => forced = Some((*only, parts_known)),
                    _ => {}
                }
                if forced.is_some() {
                    break;
                }
            }
            match forced {
                Some((_, v)) if v > bound => return false,
                Some((i, v)) => cells[i] = Some(v),
                None => break,
            }
        }
        let Some(next) = cells.iter().position(Option::is_none) else {
            return true;
        };
        (0..=bound).any(|v| {
            let mut trial = cells.to_vec();
            trial[next] = Some(v);
            feasible(&mut trial, relations, bound)
        })
    }

    /// Withheld cells whose value a reader can derive exactly: those with a single value in
    /// `0..=grand total` consistent with the shown cells and every relation.
    fn derivable(values: &[u64], relations: &[Relation], withheld: &[bool]) -> Vec<usize> {
        let bound = values[0];
        let shown: Vec<Option<u64>> = values
            .iter()
            .zip(withheld)
            .map(|(&v, &w)| (!w).then_some(v))
            .collect();
        // The true values are a solution; if the search cannot find it, the search is wrong.
        assert!(
            feasible(&mut shown.clone(), relations, bound),
            "no solution found for {values:?}"
        );
        (0..values.len())
            .filter(|&cell| withheld[cell])
            .filter(|&cell| {
                let other = (0..=bound).filter(|&v| v != values[cell]).any(|v| {
                    let mut trial = shown.clone();
                    trial[cell] = Some(v);
                    feasible(&mut trial, relations, bound)
                });
                !other
            })
            .collect()
    }

    #[test]
    fn the_checker_catches_a_cell_left_alone_in_its_relation() {
        // Primary suppression only: the 3 is 20 − 9 − 8. If the checker missed this, the
        // property test below would prove nothing.
        let values = [20, 3, 9, 8];
        let relations = [rel(0, &[1, 2, 3])];
        assert_eq!(
            derivable(&values, &relations, &[false, true, false, false]),
            vec![1]
        );
        assert_eq!(
            derivable(&values, &relations, &suppress(&values, &relations, 5)),
            Vec::<usize>::new()
        );
        // Two withheld cells whose sum is known, and a zero: 0 + 0 leaves no choice.
        let values = [9, 0, 0, 9];
        assert_eq!(
            derivable(&values, &relations, &[false, true, true, false]),
            vec![1, 2]
        );
    }

    fn property(seed: u64, shape: Shape) {
        let mut rng = Rng(seed);
        let (mut checked, mut skipped, mut untouched) = (0, 0, 0);
        for case in 0..3000 {
            let (values, relations) = report(&mut rng, shape);
            let withheld = suppress(&values, &relations, 5);
            assert_eq!(withheld.len(), values.len());
            for (i, (&v, &w)) in values.iter().zip(&withheld).enumerate() {
                assert!(
                    w || !(1..5).contains(&v),
                    "case {case}: cell {i} = {v} shown in {values:?}"
                );
            }
            match withheld.iter().filter(|&&w| w).count() {
                0 => untouched += 1,
                1..=6 => {
                    checked += 1;
                    let leaks = derivable(&values, &relations, &withheld);
                    assert!(
                        leaks.is_empty(),
                        "case {case}: cells {leaks:?} derivable in {values:?} with \
                         {relations:?}, withheld {withheld:?}"
                    );
                }
                _ => skipped += 1,
            }
        }
        // The bound on the brute force must not quietly skip the interesting cases (about
        // 1900 to 2300 of the 3000 are checked with these seeds).
        assert!(
            checked >= 1500,
            "only {checked} checked ({skipped} too large, {untouched} nothing withheld)"
        );
    }

    #[test]
    fn no_withheld_cell_can_be_derived_from_breakdowns_of_one_total() {
        property(0x5EED_0001, Shape::Breakdowns);
    }

    #[test]
    fn no_withheld_cell_can_be_derived_with_a_nested_breakdown() {
        property(0x5EED_0002, Shape::Nested);
    }

    #[test]
    fn no_withheld_cell_can_be_derived_in_a_cross_table() {
        property(0x5EED_0003, Shape::Cross);
    }
}
