//! Statistics over the distributions the database aggregates: the SQL groups by value and
//! counts, and the median is read off that histogram, so no row of a client ever leaves the
//! database for a report.

/// The median of a distribution given as (value, how many) pairs, in any order; `None` when
/// it is empty. With an even count it is the mean of the two middle values.
#[must_use]
pub fn median(histogram: &[(i64, u64)]) -> Option<f64> {
    let mut sorted: Vec<(i64, u64)> = histogram.iter().copied().filter(|(_, n)| *n > 0).collect();
    sorted.sort_unstable();
    let n: u64 = sorted.iter().map(|(_, c)| c).sum();
    if n == 0 {
        return None;
    }
    // 1-based positions of the middle value(s).
    let (low, high) = if n % 2 == 1 {
        (n.div_ceil(2), n.div_ceil(2))
    } else {
        (n / 2, n / 2 + 1)
    };
    let at = |position: u64| {
        let mut seen = 0;
        sorted.iter().find_map(|(value, count)| {
            seen += count;
            (seen >= position).then_some(*value)
        })
    };
    #[expect(clippy::cast_precision_loss, reason = "day counts and hours are small")]
    Some(f64::midpoint(at(low)? as f64, at(high)? as f64))
}

/// `part` as a percentage of `whole`, to one decimal; `None` for an empty whole.
#[must_use]
pub fn percentage(part: u64, whole: u64) -> Option<f64> {
    #[expect(clippy::cast_precision_loss, reason = "counts of people are small")]
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::float_cmp,
    reason = "tests"
)]
mod tests {
    use super::*;

    #[test]
    fn median_of_an_odd_and_an_even_count() {
        assert_eq!(median(&[(10, 1), (3, 1), (7, 1)]), Some(7.0));
        assert_eq!(median(&[(10, 1), (3, 1), (7, 1), (8, 1)]), Some(7.5));
        assert_eq!(median(&[(4, 3), (100, 2)]), Some(4.0));
        assert_eq!(median(&[(4, 2), (100, 2)]), Some(52.0));
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[(5, 0)]), None);
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(percentage(1, 3), Some(33.3));
        assert_eq!(percentage(2, 3), Some(66.7));
        assert_eq!(percentage(0, 0), None);
        assert_eq!(percentage(12, 100), Some(12.0));
    }
}
