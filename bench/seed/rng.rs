//! The seeder's randomness: a small deterministic generator (SplitMix64), UUIDv7-shaped ids
//! built from it, and the draws the data needs. The same seed, scale and day always give the
//! same database; each client draws from its own stream, so chunking does not change it.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeDelta, Utc};
use uuid::Uuid;

/// SplitMix64 (Steele, Lea and Flood): one 64-bit state, statistically good enough for test
/// data, and trivially splittable into independent streams.
#[derive(Clone, Debug)]
pub struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for `seed`.
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// An independent stream for item `index` of kind `stream` (clients, audit chunks, …).
    pub fn stream(seed: u64, stream: u64, index: u64) -> Self {
        Self(mix(seed ^ mix(stream.wrapping_mul(GOLDEN) ^ index)))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n` > 0); the tiny modulo bias does not matter here.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform index into a slice of length `n`.
    pub fn index(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }

    /// Uniform in `lo..=hi` days (or whatever unit), `lo` <= `hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1);
        lo + i64::try_from(self.below(span)).unwrap_or(0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        // 53 random bits over 2^53: exactly representable.
        #[expect(clippy::cast_precision_loss, reason = "53 bits fit an f64 exactly")]
        let bits = (self.next_u64() >> 11) as f64;
        bits / 9_007_199_254_740_992.0
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of `items`, chosen with the given weights.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| *w).sum();
        let mut roll = u32::try_from(self.below(u64::from(total))).unwrap_or(0);
        for (item, weight) in items {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        items[items.len() - 1].0
    }

    /// One of `items`, uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// Ten random bytes, for the random part of an id.
    fn bytes10(&mut self) -> [u8; 10] {
        let a = self.next_u64().to_le_bytes();
        let b = self.next_u64().to_le_bytes();
        [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]]
    }

    /// A UUIDv7 for an instant, as `Uuid::now_v7` would have made it then, so that ids sort
    /// by creation time like the application's own.
    pub fn id_at(&mut self, at: DateTime<Utc>) -> Uuid {
        let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(millis, &self.bytes10()).into_uuid()
    }

    /// A random (version 4) UUID, for request ids.
    pub fn uuid4(&mut self) -> Uuid {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// An instant on `day` during office hours (UTC, 07:00–16:59), to the microsecond.
    pub fn during(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let micros = self.range(7 * 3_600_000_000, 17 * 3_600_000_000 - 1);
        day.and_time(NaiveTime::MIN).and_utc() + TimeDelta::microseconds(micros)
    }
}

/// `day` plus `n` days (`n` may be negative); saturates at the calendar's ends.
pub fn plus(day: NaiveDate, n: i64) -> NaiveDate {
    let magnitude = Days::new(n.unsigned_abs());
    if n >= 0 {
        day.checked_add_days(magnitude).unwrap_or(NaiveDate::MAX)
    } else {
        day.checked_sub_days(magnitude).unwrap_or(NaiveDate::MIN)
    }
}

/// Days from `a` to `b`.
pub fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Splits `total` over `n` items so that the parts add up to `total` exactly, each part at
/// least `min` and at most `max` (as far as the total allows), drawn around the mean.
pub fn allocate(rng: &mut Rng, total: u64, n: usize, min: u32, max: u32) -> Vec<u32> {
    let mut parts = vec![min; n];
    let floor = u64::from(min) * n as u64;
    let mut left = total.saturating_sub(floor);
    if n == 0 {
        return parts;
    }
    let room = u64::from(max.saturating_sub(min));
    // Random extra units, one at a time but in bulk: each item takes a geometric-ish share.
    let mut guard = 0;
    while left > 0 && guard < 64 {
        guard += 1;
        let mean = left.div_ceil(n as u64).max(1);
        for part in &mut parts {
            if left == 0 {
                break;
            }
            let extra_room = room.saturating_sub(u64::from(*part - min));
            if extra_room == 0 {
                continue;
            }
            let draw = rng.below(2 * mean + 1).min(extra_room).min(left);
            *part += u32::try_from(draw).unwrap_or(0);
            left -= draw;
        }
    }
    // Whatever is left (every part full) goes round-robin past `max`.
    let mut i = 0;
    while left > 0 {
        parts[i % n] += 1;
        left -= 1;
        i += 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::{Rng, allocate};

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::stream(7, 1, 3).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::stream(7, 1, 3).next_u64(),
            Rng::stream(7, 1, 4).next_u64()
        );
    }

    #[test]
    fn allocation_adds_up() {
        let mut rng = Rng::new(1);
        for (total, n, min, max) in [(200, 100, 1, 4), (300, 100, 0, 8), (5, 10, 0, 3)] {
            let parts = allocate(&mut rng, total, n, min, max);
            assert_eq!(parts.iter().map(|p| u64::from(*p)).sum::<u64>(), total);
            assert!(parts.iter().all(|p| *p >= min && *p <= max));
        }
    }
}
