//! Authentication: who is calling.
//!
//! Invariants (reviewers treat changes here as security changes):
//! - An access token is accepted only if it is HS256 with the configured secret and carries
//!   valid `exp`, `nbf`, `iat`, `iss`, `aud`, `sub` and `jti`; anything else is a 401.
//! - A valid token is not enough: its session must be open and its account active, checked
//!   on every request, so deactivation and sign-out take effect on the next request.
//! - Passwords are hashed with argon2id off the async workers; an unknown account is verified
//!   against a dummy hash so the answer's timing does not reveal which accounts exist.
//! - Refresh tokens are 256 random bits, stored only as SHA-256, used once; a second use
//!   revokes the whole session.
//! - No password, token or token hash is ever logged.
//!
//! This module decides *who* the caller is, never *what* they may do (that is `authz`).

mod caller;
pub mod jwt;
pub mod password;

pub use caller::{Caller, RequestMeta};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// 256 random bits from the operating system, URL-safe base64 without padding.
///
/// # Panics
/// When the operating system cannot supply randomness: no token is better than a
/// predictable one.
#[must_use]
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    // The OS random source failing is unrecoverable; tokens must never be predictable.
    #[expect(clippy::expect_used, reason = "no safe fallback for a broken OS RNG")]
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 of a token, hex-encoded: what is stored instead of the token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// HMAC-SHA256 of `value` under `key`, with a label so that hashes made for one purpose
/// cannot be matched against those made for another. Hex-encoded.
#[must_use]
pub fn keyed_hash(key: &[u8], label: &str, value: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    mac.update(label.as_bytes());
    mac.update(&[0]);
    mac.update(value.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
