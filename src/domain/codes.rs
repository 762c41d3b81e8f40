//! Reference-data codes that appear in URLs and bodies.

use std::fmt;

/// A labour-market region code (arbeidsmarktregio), `AM` followed by two digits, as CBS
/// publishes it. Whether the code exists is checked against the reference table, not here.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses the `AMnn` shape.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let bytes = raw.as_bytes();
        if bytes.len() == 4 && raw.starts_with("AM") && bytes[2..].iter().all(u8::is_ascii_digit) {
            Ok(Self(raw.to_owned()))
        } else {
            Err("Must be a labour-market region code such as AM22.")
        }
    }

    /// The code as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
    use super::RegionCode;

    #[test]
    fn accepts_only_am_and_two_digits() {
        assert!(RegionCode::parse("AM22").is_ok());
        for bad in ["AM2", "am22", "AM222", "GM0363", "AMx1", ""] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }
}
