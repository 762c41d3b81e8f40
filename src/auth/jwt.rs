//! Access tokens: HS256 JWTs with a pinned algorithm and every standard claim required.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::domain::{OrganisationId, Role, SessionId, UserId};

/// Clock skew tolerated between werkpad instances and clients, in seconds.
const LEEWAY_SECS: u64 = 30;

/// The claims werkpad issues and requires (api-conventions.md §11). Every field is required:
/// a token missing one fails to deserialise and is rejected.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// User id.
    pub sub: UserId,
    /// Organisation id at issue time (informational; the database is authoritative).
    pub org: OrganisationId,
    /// Role at issue time (informational; the database is authoritative).
    pub role: Role,
    /// Session id.
    pub sid: SessionId,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Not before, seconds since the epoch.
    pub nbf: i64,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Unique token id.
    pub jti: String,
}

/// Signs and verifies access tokens.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl: Duration,
}

/// The token was refused; deliberately without a reason (the answer is always a plain 401).
#[derive(Debug, thiserror::Error)]
#[error("invalid access token")]
pub struct InvalidToken;

impl JwtKeys {
    /// Keys from the configured secret.
    #[must_use]
    pub fn new(secret: &SecretString, issuer: &str, audience: &str, ttl: Duration) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        // `Validation::new` pins the list of accepted algorithms to exactly HS256: `none`,
        // RS256 and anything else are refused before the signature is looked at.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl,
        }
    }

    /// Lifetime of issued tokens.
    #[must_use]
    pub const fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Issues a token for a session.
    pub fn issue(
        &self,
        user: UserId,
        organisation: OrganisationId,
        role: Role,
        session: SessionId,
    ) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user,
            org: organisation,
            role,
            sid: session,
            iat: now,
            nbf: now,
            exp: now + i64::try_from(self.ttl.as_secs())?,
            jti: uuid::Uuid::now_v7().to_string(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Verifies signature, algorithm, issuer, audience, expiry and not-before.
    pub fn verify(&self, token: &str) -> Result<Claims, InvalidToken> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| InvalidToken)?;
        // `iat` is required by the type; a token issued in the future is not trusted either.
        let now = chrono::Utc::now().timestamp();
        if data.claims.iat > now + i64::try_from(LEEWAY_SECS).map_err(|_| InvalidToken)? {
            return Err(InvalidToken);
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
mod tests {
    use std::time::Duration;

    use super::JwtKeys;
    use crate::domain::{OrganisationId, Role, SessionId, UserId};

    fn keys(secret: &str, iss: &str) -> JwtKeys {
        JwtKeys::new(
            &secret.to_owned().into(),
            iss,
            "werkpad",
            Duration::from_secs(900),
        )
    }

    // Also proves the jsonwebtoken feature set works at run time (a wrong crypto provider
    // compiles but panics on first use).
    #[test]
    fn round_trip_and_rejections() {
        let a = keys(&"a".repeat(32), "werkpad");
        let user = UserId::new();
        let token = a
            .issue(user, OrganisationId::new(), Role::Auditor, SessionId::new())
            .unwrap();
        assert_eq!(a.verify(&token).unwrap().sub, user);
        assert!(keys(&"b".repeat(32), "werkpad").verify(&token).is_err());
        assert!(keys(&"a".repeat(32), "other").verify(&token).is_err());
        assert!(a.verify("not.a.token").is_err());
    }
}
