//! BSNs at rest: encrypted with AES-256-GCM under `WERKPAD_DATA_KEY`, bound to their client
//! (the client id is the associated data, so a ciphertext copied to another row does not
//! decrypt), and found through a keyed hash under its own label, never the number itself.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;

use crate::auth::keyed_hash;
use crate::domain::{Bsn, ClientId};

/// Version prefix of stored ciphertexts, so a later key or algorithm can be told apart.
const PREFIX: &str = "v1.";

/// Encrypts, decrypts and hashes BSNs.
pub struct Vault {
    cipher: Aes256Gcm,
    lookup_key: Vec<u8>,
}

/// A BSN ready to store.
pub struct Sealed {
    /// `v1.` and base64 of nonce and ciphertext.
    pub ciphertext: String,
    /// Keyed hash for uniqueness and search.
    pub lookup: String,
}

impl Vault {
    /// A vault from the 32-byte data key and the HMAC key.
    #[must_use]
    pub fn new(data_key: &[u8; 32], hmac_key: &[u8]) -> Self {
        Self {
            cipher: Aes256Gcm::new(data_key.into()),
            lookup_key: hmac_key.to_vec(),
        }
    }

    /// The keyed hash that finds a BSN.
    #[must_use]
    pub fn lookup(&self, bsn: &Bsn) -> String {
        keyed_hash(&self.lookup_key, "bsn", bsn.digits())
    }

    /// Encrypts a BSN for one client.
    pub fn seal(&self, bsn: &Bsn, client: ClientId) -> anyhow::Result<Sealed> {
        let mut nonce = [0_u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let aad = client.to_string();
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: bsn.digits().as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("BSN encryption failed"))?;
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        Ok(Sealed {
            ciphertext: format!("{PREFIX}{}", STANDARD_NO_PAD.encode(bytes)),
            lookup: self.lookup(bsn),
        })
    }

    /// Decrypts the BSN stored for `client`.
    pub fn open(&self, ciphertext: &str, client: ClientId) -> anyhow::Result<Bsn> {
        let bytes = ciphertext
            .strip_prefix(PREFIX)
            .and_then(|b| STANDARD_NO_PAD.decode(b).ok())
            .filter(|b| b.len() > 12)
            .ok_or_else(|| anyhow::anyhow!("stored BSN has an unknown format"))?;
        let (nonce, sealed) = bytes.split_at(12);
        let nonce = <[u8; 12]>::try_from(nonce)?;
        let aad = client.to_string();
        let plain = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("stored BSN does not decrypt with this key"))?;
        let digits = String::from_utf8(plain)?;
        Bsn::parse(&digits).map_err(|_| anyhow::anyhow!("stored BSN is not a BSN"))
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
    use super::Vault;
    use crate::domain::{Bsn, ClientId};

    #[test]
    fn round_trip_bound_to_the_client() {
        let vault = Vault::new(&[7; 32], b"hmac key for tests, long enough!!");
        let bsn = Bsn::parse("123456782").unwrap();
        let (mine, theirs) = (ClientId::new(), ClientId::new());
        let sealed = vault.seal(&bsn, mine).unwrap();
        assert!(!sealed.ciphertext.contains("123456782"));
        assert!(!sealed.lookup.contains("123456782"));
        assert_eq!(vault.open(&sealed.ciphertext, mine).unwrap(), bsn);
        assert!(vault.open(&sealed.ciphertext, theirs).is_err());
        // Fresh nonce every time; the lookup is stable.
        let again = vault.seal(&bsn, mine).unwrap();
        assert_ne!(again.ciphertext, sealed.ciphertext);
        assert_eq!(again.lookup, sealed.lookup);
        let other_key = Vault::new(&[8; 32], b"hmac key for tests, long enough!!");
        assert!(other_key.open(&sealed.ciphertext, mine).is_err());
    }
}
