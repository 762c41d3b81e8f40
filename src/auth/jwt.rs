//! Access tokens: JWTs with one pinned algorithm (HS256 by default, or EdDSA) and every
//! standard claim required.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use crate::config::TokenKey;
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
    algorithm: Algorithm,
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
    /// Keys from the configured secret or key pair.
    pub fn new(
        key: &TokenKey,
        issuer: &str,
        audience: &str,
        ttl: Duration,
    ) -> anyhow::Result<Self> {
        let (algorithm, encoding, decoding) = match key {
            TokenKey::Hs256(secret) => {
                let bytes = secret.expose_secret().as_bytes();
                (
                    Algorithm::HS256,
                    EncodingKey::from_secret(bytes),
                    DecodingKey::from_secret(bytes),
                )
            }
            TokenKey::EdDsa {
                private_pem,
                public_pem,
            } => (
                Algorithm::EdDSA,
                EncodingKey::from_ed_pem(private_pem.expose_secret().as_bytes()).map_err(|_| {
                    anyhow::anyhow!(
                        "WERKPAD_JWT_PRIVATE_KEY_FILE is not an Ed25519 private key in PEM"
                    )
                })?,
                DecodingKey::from_ed_pem(public_pem.as_bytes()).map_err(|_| {
                    anyhow::anyhow!(
                        "WERKPAD_JWT_PUBLIC_KEY_FILE is not an Ed25519 public key in PEM"
                    )
                })?,
            ),
        };
        // `Validation::new` pins the accepted algorithms to exactly this one: `none`, and
        // every other algorithm, are refused before the signature is looked at.
        let mut validation = Validation::new(algorithm);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        let keys = Self {
            algorithm,
            encoding,
            decoding,
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl,
        };
        // A private key that does not match the public one would issue tokens nobody
        // accepts: find out now, not at the first sign-in.
        let probe = keys.issue(
            UserId::nil(),
            OrganisationId::nil(),
            Role::Auditor,
            SessionId::nil(),
        )?;
        keys.verify(&probe)
            .map_err(|_| anyhow::anyhow!("the JWT signing and verification keys do not match"))?;
        Ok(keys)
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
            &Header::new(self.algorithm),
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
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use std::time::Duration;

    use super::JwtKeys;
    use crate::domain::{OrganisationId, Role, SessionId, UserId};

    fn keys(secret: &str, iss: &str) -> JwtKeys {
        let key = crate::config::TokenKey::Hs256(secret.to_owned().into());
        JwtKeys::new(&key, iss, "werkpad", Duration::from_secs(900)).unwrap()
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
