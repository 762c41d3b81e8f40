//! argon2id hashing and verification, on the blocking pool with bounded concurrency.

use std::sync::Arc;

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use crate::config::Argon2Params;
use crate::domain::Password;
use crate::error::AppError;

/// Hashes and verifies passwords with the configured argon2id parameters.
#[derive(Clone)]
pub struct Hasher {
    params: Params,
    // Bounds how many hashes run at once: each takes ~19 MiB and tens of milliseconds, so an
    // unbounded burst of sign-ins would exhaust memory and the blocking pool.
    permits: Arc<Semaphore>,
    // A real hash with the configured parameters, verified when the account does not exist,
    // so that an unknown e-mail address costs the same time as a wrong password.
    dummy: Arc<str>,
}

impl Hasher {
    /// A hasher with these parameters, allowing `concurrency` hashes at once.
    pub fn new(params: Argon2Params, concurrency: usize) -> anyhow::Result<Self> {
        let params = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        let mut hasher = Self {
            params,
            permits: Arc::new(Semaphore::new(concurrency)),
            dummy: Arc::from(""),
        };
        hasher.dummy =
            Arc::from(hasher.hash_now(&SecretString::from(crate::auth::random_token()))?);
        Ok(hasher)
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// Hashes synchronously (command line, tests, inside blocking work).
    pub fn hash_now(&self, password: &SecretString) -> anyhow::Result<String> {
        self.argon2()
            .hash_password(password.expose_secret().as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    }

    /// Hashes a policy-checked password off the async workers.
    pub async fn hash(&self, password: &Password) -> Result<String, AppError> {
        self.rehash(password.secret().clone()).await
    }

    /// Hashes an already accepted password again (parameters were raised), off the async
    /// workers. Not for new passwords: those go through the policy via `hash`.
    pub async fn rehash(&self, password: SecretString) -> Result<String, AppError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable)?;
        let this = self.clone();
        actix_web::web::block(move || this.hash_now(&password))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
            .map_err(AppError::Internal)
    }

    /// Verifies `password` against `stored`, or against the dummy hash when there is no
    /// account, so both cases take the same time. Returns whether it matched.
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<bool, AppError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable)?;
        let this = self.clone();
        actix_web::web::block(move || {
            let (hash, real) = match &stored {
                Some(hash) => (hash.as_str(), true),
                None => (&*this.dummy, false),
            };
            let matched = this
                .argon2()
                .verify_password(password.expose_secret().as_bytes(), hash)
                .is_ok();
            matched && real
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("blocking task failed: {e}")))
    }

    /// Whether a stored hash was made with other parameters than the configured ones, so it
    /// should be recomputed after the next successful sign-in.
    #[must_use]
    pub fn needs_rehash(&self, stored: &str) -> bool {
        let p = &self.params;
        let expected = format!(
            "$argon2id$v=19$m={},t={},p={}$",
            p.m_cost(),
            p.t_cost(),
            p.p_cost()
        );
        !stored.starts_with(&expected)
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
    use super::Hasher;
    use crate::config::Argon2Params;
    use crate::domain::Password;

    #[actix_web::test]
    async fn hashes_verify_and_unknown_accounts_never_match() {
        let cheap = Argon2Params {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        };
        let hasher = Hasher::new(cheap, 1).unwrap();
        let pw = || Password::parse("correct horse battery".to_owned().into()).unwrap();
        let hash = hasher.hash(&pw()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert!(!hasher.needs_rehash(&hash));
        let secret = |s: &str| s.to_owned().into();
        assert!(
            hasher
                .verify(secret("correct horse battery"), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(secret("wrong horse battery"), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(secret("correct horse battery"), None)
                .await
                .unwrap()
        );
        let stronger = Hasher::new(
            Argon2Params {
                memory_kib: 128,
                ..cheap
            },
            1,
        )
        .unwrap();
        assert!(stronger.needs_rehash(&hasher.hash_now(&secret("x")).unwrap()));
    }
}
