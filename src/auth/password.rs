//! argon2id hashing and verification, on the blocking pool with bounded concurrency and a
//! fixed set of reused memory blocks.

use std::sync::{Arc, Mutex, PoisonError};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use crate::config::Argon2Params;
use crate::domain::Password;
use crate::error::AppError;

/// Bytes of salt per hash (RFC 9106 recommends 16).
const SALT_LEN: usize = 16;

/// Hashes and verifies passwords with the configured argon2id parameters.
#[derive(Clone)]
pub struct Hasher {
    params: Params,
    // Bounds how many hashes run at once: each takes ~19 MiB and tens of milliseconds, so an
    // unbounded burst of sign-ins would exhaust memory and the blocking pool.
    permits: Arc<Semaphore>,
    // The hashes' working memory, one set of blocks per permit, reused. Allocating 19 MiB
    // per hash made glibc raise its mmap threshold and keep every freed set in a per-thread
    // arena: the server held close to 1 GB after a burst of sign-ins (issue 6). Reuse also
    // saves faulting in fresh pages on every sign-in.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
    pooled: usize,
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
            memory: Arc::new(Mutex::new(Vec::with_capacity(concurrency))),
            pooled: concurrency,
            dummy: Arc::from(""),
        };
        hasher.dummy =
            Arc::from(hasher.hash_now(&SecretString::from(crate::auth::random_token()))?);
        Ok(hasher)
    }

    /// Runs `f` with working memory for `params`: a reused set of blocks when one is free
    /// and large enough, else a new one, kept afterwards if the pool has room.
    fn with_memory<T>(&self, params: &Params, f: impl FnOnce(&mut [Block]) -> T) -> T {
        let needed = params.block_count();
        let pooled = self
            .memory
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .filter(|blocks| blocks.len() >= needed);
        let mut blocks = pooled.unwrap_or_else(|| vec![Block::default(); needed]);
        let out = f(&mut blocks);
        // Blocks for other parameters (an old hash being verified) are not kept.
        if blocks.len() == self.params.block_count() {
            let mut pool = self.memory.lock().unwrap_or_else(PoisonError::into_inner);
            if pool.len() < self.pooled {
                pool.push(blocks);
            }
        }
        out
    }

    /// Hashes synchronously (command line, tests, inside blocking work).
    pub fn hash_now(&self, password: &SecretString) -> anyhow::Result<String> {
        let mut salt = [0_u8; SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness for a salt: {e}"))?;
        let fail = |e: &dyn std::fmt::Display| anyhow::anyhow!("password hashing failed: {e}");
        let mut out = [0_u8; Params::DEFAULT_OUTPUT_LEN];
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone());
        self.with_memory(&self.params, |blocks| {
            argon2.hash_password_into_with_memory(
                password.expose_secret().as_bytes(),
                &salt,
                &mut out,
                blocks,
            )
        })
        .map_err(|e| fail(&e))?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params).map_err(|e| fail(&e))?,
            salt: Some(Salt::new(&salt).map_err(|e| fail(&e))?),
            hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
        };
        Ok(phc.to_string())
    }

    /// Whether `password` matches the PHC string `stored` (argon2id only; anything
    /// unreadable does not match).
    fn matches(&self, password: &SecretString, stored: &str) -> bool {
        let Ok(phc) = PasswordHash::new(stored) else {
            return false;
        };
        let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else {
            return false;
        };
        if phc.algorithm != Algorithm::Argon2id.ident() {
            return false;
        }
        let (Ok(version), Ok(params)) = (
            Version::try_from(phc.version.unwrap_or(0x13)),
            Params::try_from(&phc),
        ) else {
            return false;
        };
        let mut out = vec![0_u8; expected.len()];
        let argon2 = Argon2::new(Algorithm::Argon2id, version, params.clone());
        let hashed = self.with_memory(&params, |blocks| {
            argon2.hash_password_into_with_memory(
                password.expose_secret().as_bytes(),
                salt.as_ref(),
                &mut out,
                blocks,
            )
        });
        // `Output`'s equality is constant-time.
        hashed.is_ok() && Output::new(&out).is_ok_and(|actual| actual == expected)
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
            this.matches(&password, hash) && real
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

    /// The reused-memory path reads and writes the same PHC strings as the argon2 crate's
    /// own hasher, so hashes stored before it keep working and the other way round.
    #[test]
    fn hashes_interoperate_with_the_argon2_crate() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let params = argon2::Params::new(64, 1, 1, None).unwrap();
        let crate_hasher =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let ours = Hasher::new(
            Argon2Params {
                memory_kib: 64,
                iterations: 1,
                parallelism: 1,
            },
            1,
        )
        .unwrap();
        let stored_before = crate_hasher
            .hash_password(b"correct horse battery")
            .unwrap()
            .to_string();
        assert!(ours.matches(&"correct horse battery".to_owned().into(), &stored_before));
        assert!(!ours.matches(&"wrong horse battery".to_owned().into(), &stored_before));
        let made_now = ours
            .hash_now(&"correct horse battery".to_owned().into())
            .unwrap();
        assert!(
            crate_hasher
                .verify_password(b"correct horse battery", made_now.as_str())
                .is_ok()
        );
        // Two hashes of one password differ: each has its own salt.
        assert_ne!(
            made_now,
            ours.hash_now(&"correct horse battery".to_owned().into())
                .unwrap()
        );
        assert!(!ours.matches(
            &"x".to_owned().into(),
            "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA"
        ));
    }
}
