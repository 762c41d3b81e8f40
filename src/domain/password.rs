//! The password policy (ASVS V6): length only, no composition rules.

use secrecy::{ExposeSecret, SecretString};

/// Shortest accepted password, in characters.
pub const MIN_CHARS: usize = 12;
/// Longest accepted password, in characters; bounds the hashing work an attacker can cause.
pub const MAX_CHARS: usize = 128;

/// A password that satisfies the policy. Held as a secret so it never reaches a log.
pub struct Password(SecretString);

impl Password {
    /// Checks the length in characters (not bytes), as the policy is stated to users.
    pub fn parse(raw: SecretString) -> Result<Self, &'static str> {
        let chars = raw.expose_secret().chars().count();
        if chars < MIN_CHARS {
            Err("Must be at least 12 characters.")
        } else if chars > MAX_CHARS {
            Err("Must be at most 128 characters.")
        } else {
            Ok(Self(raw))
        }
    }

    /// The secret, for hashing.
    #[must_use]
    pub fn secret(&self) -> &SecretString {
        &self.0
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
    use super::Password;

    fn check(s: &str) -> bool {
        Password::parse(s.to_owned().into()).is_ok()
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert!(!check("elevenchars"));
        assert!(check("twelve chars"));
        assert!(check(&"é".repeat(128)));
        assert!(!check(&"é".repeat(129)));
        assert!(check("alllowercaseisfine"));
    }
}
