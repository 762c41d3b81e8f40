//! The citizen service number (burgerservicenummer, domain.md §14.1).
//!
//! A `Bsn` can only be built from input that passes the format and the 11-proef, so holding
//! one proves the number is well-formed (not that it was issued or belongs to this person).
//! Its `Debug` and `Display` are redacted: a BSN must never reach a log line.

use std::fmt;

/// A well-formed BSN: nine digits that pass the 11-proef and are not all zero.
#[derive(Clone, PartialEq, Eq)]
pub struct Bsn(String);

/// Why an input is not a BSN; the API reports the code in `invalidParams`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BsnError {
    /// Not 8 or 9 digits (`bsn_format`).
    Format,
    /// The 11-proef fails, or the number is all zeros (`bsn_checksum`).
    Checksum,
}

impl BsnError {
    /// The `invalidParams` code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Format => "bsn_format",
            Self::Checksum => "bsn_checksum",
        }
    }

    /// The `invalidParams` reason.
    #[must_use]
    pub const fn reason(self) -> &'static str {
        match self {
            Self::Format => "Must be 9 digits (8 digits are padded with a leading zero).",
            Self::Checksum => "Does not pass the 11-proef.",
        }
    }
}

impl Bsn {
    /// Parses 9 digits, or 8 digits of an older number (padded with a leading zero). No
    /// spaces, dots or other characters are accepted: a BSN with a typo must not be
    /// silently "repaired" into someone else's.
    pub fn parse(raw: &str) -> Result<Self, BsnError> {
        if !(raw.len() == 8 || raw.len() == 9) || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BsnError::Format);
        }
        let digits = if raw.len() == 8 {
            format!("0{raw}")
        } else {
            raw.to_owned()
        };
        // Weights 9..2 for the first eight digits and -1 for the last (the BSN variant of
        // the 11-proef; the -1 makes a mistyped bank-account number fail).
        let sum: i64 = digits
            .bytes()
            .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
            .map(|(b, w)| i64::from(b - b'0') * w)
            .sum();
        if sum % 11 != 0 || digits.bytes().all(|b| b == b'0') {
            return Err(BsnError::Checksum);
        }
        Ok(Self(digits))
    }

    /// The nine digits: for encryption, hashing and the one endpoint that returns it.
    #[must_use]
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bsn(<redacted>)")
    }
}

impl fmt::Display for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted BSN>")
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
    use super::{Bsn, BsnError};

    /// The vectors of domain.md §14.1.
    #[test]
    fn the_design_vectors() {
        assert_eq!(Bsn::parse("123456782").unwrap().digits(), "123456782");
        assert_eq!(Bsn::parse("111222333").unwrap().digits(), "111222333");
        assert_eq!(Bsn::parse("12345672").unwrap().digits(), "012345672");
        assert_eq!(Bsn::parse("123456789"), Err(BsnError::Checksum));
        assert_eq!(Bsn::parse("192837465"), Err(BsnError::Checksum));
        assert_eq!(Bsn::parse("000000000"), Err(BsnError::Checksum));
        assert_eq!(Bsn::parse("12345678A"), Err(BsnError::Format));
        assert_eq!(Bsn::parse("1234567820"), Err(BsnError::Format));
    }

    #[test]
    fn nothing_is_repaired() {
        for raw in [
            " 123456782",
            "123 456 782",
            "123.456.782",
            "",
            "1234567",
            "-23456782",
        ] {
            assert_eq!(Bsn::parse(raw), Err(BsnError::Format), "{raw:?}");
        }
    }

    #[test]
    fn never_printed() {
        let bsn = Bsn::parse("123456782").unwrap();
        assert!(!format!("{bsn:?} {bsn}").contains("123456782"));
    }
}
