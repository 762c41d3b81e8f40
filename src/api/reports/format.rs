//! Content negotiation for the reports: JSON, CSV, and for a region-year an SVG chart. The
//! client's `Accept` ranges are weighed by their q-values and then by how specifically they
//! name a format; on a tie werkpad's order (JSON first) decides.

/// A report's representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/csv`.
    Csv,
    /// `image/svg+xml`.
    Svg,
}

impl Format {
    /// Its media type.
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Svg => "image/svg+xml",
        }
    }

    const fn essence(self) -> (&'static str, &'static str) {
        match self {
            Self::Json => ("application", "json"),
            Self::Csv => ("text", "csv"),
            Self::Svg => ("image", "svg+xml"),
        }
    }
}

/// The formats of the region-year report, in werkpad's order of preference.
pub const REGION: [Format; 3] = [Format::Json, Format::Csv, Format::Svg];
/// The formats of the national report.
pub const NATIONAL: [Format; 2] = [Format::Json, Format::Csv];

/// The best of `offered` for `accept` (`None`: the header allows none of them). No header
/// means anything.
#[must_use]
pub fn negotiate(accept: Option<&str>, offered: &[Format]) -> Option<Format> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return offered.first().copied();
    };
    // (q in thousandths, specificity, preference) of the best range matching each format.
    let mut best: Option<(u16, u8, usize, Format)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").map(str::trim))
            .next_back()
            .map_or(Some(1000), quality);
        let Some(q) = q.filter(|q| *q > 0) else {
            continue;
        };
        let Some((kind, sub)) = media.split_once('/') else {
            continue;
        };
        for (preference, format) in offered.iter().enumerate() {
            let (k, s) = format.essence();
            let specificity = match (kind == k, sub == s, kind == "*", sub == "*") {
                (true, true, _, _) => 2,
                (true, false, _, true) => 1,
                (false, _, true, true) => 0,
                _ => continue,
            };
            let candidate = (q, specificity, usize::MAX - preference, *format);
            if best.is_none_or(|b| (candidate.0, candidate.1, candidate.2) > (b.0, b.1, b.2)) {
                best = Some(candidate);
            }
        }
    }
    best.map(|(_, _, _, f)| f)
}

/// A q-value in thousandths (`q=0.5` → 500); `None` when malformed.
fn quality(raw: &str) -> Option<u16> {
    let value: f64 = raw.parse().ok()?;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked to be within 0..=1"
    )]
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

/// Whether a request to `path` may ask for `accept`: the middleware answers 406 before any
/// work for everything else that does not accept JSON.
#[must_use]
pub fn acceptable(path: &str, accept: Option<&str>) -> bool {
    let offered: &[Format] = match path.trim_end_matches('/') {
        "/v1/reports/outcomes" => &REGION,
        "/v1/reports/outcomes/national" => &NATIONAL,
        _ => return false,
    };
    negotiate(accept, offered).is_some()
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

    #[test]
    fn the_best_weighed_range_wins() {
        let n = |a| negotiate(Some(a), &REGION);
        assert_eq!(n("text/csv"), Some(Format::Csv));
        assert_eq!(n("image/svg+xml"), Some(Format::Svg));
        assert_eq!(n("*/*"), Some(Format::Json));
        assert_eq!(n("text/*"), Some(Format::Csv));
        assert_eq!(n("application/json;q=0.5, text/csv"), Some(Format::Csv));
        assert_eq!(n("text/csv;q=0.2, image/svg+xml;q=0.9"), Some(Format::Svg));
        assert_eq!(n("*/*;q=0.1, text/csv;q=0"), Some(Format::Json));
        assert_eq!(n("text/html"), None);
        assert_eq!(n("text/csv;q=0"), None);
        assert_eq!(n("text/csv;q=2"), None);
        assert_eq!(negotiate(None, &REGION), Some(Format::Json));
        assert_eq!(negotiate(Some("image/svg+xml"), &NATIONAL), None);
    }

    #[test]
    fn only_the_report_paths_take_other_formats() {
        assert!(acceptable("/v1/reports/outcomes", Some("text/csv")));
        assert!(acceptable(
            "/v1/reports/outcomes/national",
            Some("text/csv")
        ));
        assert!(!acceptable(
            "/v1/reports/outcomes/national",
            Some("image/svg+xml")
        ));
        assert!(!acceptable("/v1/clients", Some("text/csv")));
    }
}
