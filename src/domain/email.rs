//! E-mail addresses of professionals: the sign-in name, unique regardless of case.

use std::fmt;

/// A syntactically plausible e-mail address, normalised to lower case so that uniqueness and
/// sign-in are case-insensitive. Deliverability is not checked: that is the organisation's job.
#[derive(Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Trims, lower-cases and checks the `local@domain.tld` shape (at most 254 characters).
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let normalised = raw.trim().to_lowercase();
        let valid = normalised.len() <= 254
            && !normalised
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
            && match normalised.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(Self(normalised))
        } else {
            Err("Must be an e-mail address such as name@example.nl.")
        }
    }

    /// The normalised address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// Addresses identify people; keep them out of debug output and therefore out of logs.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
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
    use super::Email;

    #[test]
    fn normalises_case_and_whitespace() {
        let email = Email::parse("  Anna.de.Vries@GGZ-Noord.NL ").unwrap();
        assert_eq!(email.as_str(), "anna.de.vries@ggz-noord.nl");
        assert_eq!(format!("{email:?}"), "Email(<redacted>)");
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for bad in [
            "", "anna", "anna@", "@x.nl", "a@b", "a b@x.nl", "a@x.nl.", "a@@x.nl",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
