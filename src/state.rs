//! What every request handler shares: the pool, the token keys, the password hasher and
//! the settings. Built once in `startup`.

use std::net::IpAddr;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::Hasher;
use crate::config::Settings;
use crate::db::Pool;
use crate::domain::rules::Rules;
use crate::vault::Vault;

/// Shared application state.
pub struct AppState {
    /// Database.
    pub pool: Pool,
    /// Access-token keys.
    pub jwt: JwtKeys,
    /// Password hasher.
    pub hasher: Hasher,
    /// HMAC key: signs pagination cursors and keys the sign-in throttle, each under its
    /// own label.
    pub hmac_key: Vec<u8>,
    /// BSN encryption and lookup.
    pub vault: Vault,
    /// The configurable business rules (state machines, jobcoach thresholds).
    pub rules: Rules,
    /// Settings.
    pub settings: Settings,
}

impl AppState {
    /// Whether `peer` is a proxy whose `X-Forwarded-For` is believed.
    #[must_use]
    pub fn trusts(&self, peer: IpAddr) -> bool {
        self.settings.trusted_proxies.contains(&peer)
    }
}
