//! Settings: defaults in code, overridden by `WERKPAD_*` environment variables (or the
//! matching command-line flags). Nothing else configures werkpad.
//!
//! Secrets are `SecretString`s and never printed. In production a missing or weak secret,
//! or argon2 parameters below the OWASP minimum, stop the process with a message that names
//! the variable; in development a missing secret is generated once and kept next to the data.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

/// OWASP's minimum argon2id parameters (Password Storage Cheat Sheet).
pub const OWASP_ARGON2: Argon2Params = Argon2Params {
    memory_kib: 19_456,
    iterations: 2,
    parallelism: 1,
};

/// Shortest accepted JWT and HMAC secret, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

/// Where werkpad runs; production refuses unsafe settings instead of repairing them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Environment {
    /// Local use: missing secrets are generated, logs are human-readable.
    Development,
    /// Every secret is mandatory and checked.
    Production,
}

/// Signature algorithm of access tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum JwtAlgorithm {
    /// HMAC-SHA256 with `WERKPAD_JWT_SECRET`.
    #[value(name = "HS256")]
    Hs256,
    /// Ed25519 with `WERKPAD_JWT_PRIVATE_KEY_FILE` and `WERKPAD_JWT_PUBLIC_KEY_FILE`.
    #[value(name = "EdDSA")]
    EdDsa,
}

/// How access tokens are signed and verified.
#[derive(Clone)]
pub enum TokenKey {
    /// A shared secret.
    Hs256(SecretString),
    /// An Ed25519 key pair, PEM-encoded.
    EdDsa {
        /// PKCS#8 private key.
        private_pem: SecretString,
        /// SubjectPublicKeyInfo public key.
        public_pem: String,
    },
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable, for a terminal.
    Pretty,
    /// One JSON object per line, for a log shipper.
    Json,
}

/// argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB (m).
    pub memory_kib: u32,
    /// Passes (t).
    pub iterations: u32,
    /// Lanes (p).
    pub parallelism: u32,
}

/// A database URL; `Debug` hides the password.
#[derive(Clone)]
pub struct DatabaseUrl(SecretString);

impl DatabaseUrl {
    /// Wraps a URL.
    #[must_use]
    pub fn new(url: impl Into<String>) -> Self {
        Self(SecretString::from(url.into()))
    }

    /// The full URL, password included: for connecting only.
    #[must_use]
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The URL with any password replaced, safe for logs.
    #[must_use]
    pub fn redacted(&self) -> String {
        match url::Url::parse(self.expose()) {
            Ok(mut parsed) if parsed.password().is_some() => {
                // Only fails for URLs that cannot carry a password, which this one does.
                let _ = parsed.set_password(Some("redacted"));
                parsed.to_string()
            }
            Ok(parsed) => parsed.to_string(),
            Err(_) => "<unparseable database URL>".to_owned(),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(s))
    }
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "clap value parsers return a Result"
)]
fn secret(s: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(s.to_owned()))
}

/// Half the CPU cores this process may use, at least one.
fn half_the_cores() -> u32 {
    std::thread::available_parallelism()
        .map_or(1, |n| u32::try_from(n.get() / 2).unwrap_or(32).clamp(1, 64))
}

/// Everything werkpad can be told. Each field is one `WERKPAD_*` variable (README lists them).
#[derive(Clone, Debug, clap::Args)]
pub struct Settings {
    /// `development` or `production`.
    #[arg(
        long = "env",
        env = "WERKPAD_ENV",
        value_enum,
        default_value = "development"
    )]
    pub environment: Environment,

    /// `sqlite://<path>` or `postgres://…`; any other scheme is refused.
    #[arg(
        long,
        env = "WERKPAD_DATABASE_URL",
        default_value = "sqlite://./data/werkpad.db",
        hide_default_value = false
    )]
    pub database_url: DatabaseUrl,

    /// Connections in the pool.
    #[arg(long, env = "WERKPAD_DB_POOL_SIZE", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub db_pool_size: u32,

    /// Run pending migrations when `serve` starts.
    #[arg(long, env = "WERKPAD_MIGRATE_ON_START", default_value_t = true, action = clap::ArgAction::Set)]
    pub migrate_on_start: bool,

    /// Address and port to listen on; port 0 picks a free port.
    #[arg(long, env = "WERKPAD_LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen_addr: SocketAddr,

    /// Signature algorithm of access tokens: `HS256` with a shared secret, or `EdDSA`
    /// (Ed25519) with a key pair, so that other services can verify tokens with the public
    /// key alone. Only this one algorithm is accepted.
    #[arg(
        long,
        env = "WERKPAD_JWT_ALGORITHM",
        value_enum,
        default_value = "HS256"
    )]
    pub jwt_algorithm: JwtAlgorithm,

    /// HS256 signing secret for access tokens, at least 32 bytes.
    #[arg(long, env = "WERKPAD_JWT_SECRET", value_parser = secret, hide_env_values = true)]
    pub jwt_secret: Option<SecretString>,

    /// With EdDSA: PEM file with the Ed25519 private key (PKCS#8) that signs tokens.
    #[arg(long, env = "WERKPAD_JWT_PRIVATE_KEY_FILE")]
    pub jwt_private_key_file: Option<PathBuf>,

    /// With EdDSA: PEM file with the matching public key that verifies tokens.
    #[arg(long, env = "WERKPAD_JWT_PUBLIC_KEY_FILE")]
    pub jwt_public_key_file: Option<PathBuf>,

    /// Key for signing pagination cursors, at least 32 bytes.
    #[arg(long, env = "WERKPAD_HMAC_KEY", value_parser = secret, hide_env_values = true)]
    pub hmac_key: Option<SecretString>,

    /// Key that encrypts BSNs at rest (AES-256-GCM): 32 bytes, base64-encoded.
    #[arg(long, env = "WERKPAD_DATA_KEY", value_parser = secret, hide_env_values = true)]
    pub data_key: Option<SecretString>,

    /// `iss` claim of issued tokens, and the only one accepted.
    #[arg(long, env = "WERKPAD_JWT_ISSUER", default_value = "werkpad")]
    pub jwt_issuer: String,

    /// `aud` claim of issued tokens, and the only one accepted.
    #[arg(long, env = "WERKPAD_JWT_AUDIENCE", default_value = "werkpad")]
    pub jwt_audience: String,

    /// Access-token lifetime.
    #[arg(long, env = "WERKPAD_ACCESS_TOKEN_TTL", default_value = "15m", value_parser = humantime::parse_duration)]
    pub access_token_ttl: Duration,

    /// A session ends when its refresh token is not used for this long.
    #[arg(long, env = "WERKPAD_REFRESH_IDLE_TTL", default_value = "30m", value_parser = humantime::parse_duration)]
    pub refresh_idle_ttl: Duration,

    /// A session ends this long after sign-in, however active.
    #[arg(long, env = "WERKPAD_SESSION_MAX_TTL", default_value = "12h", value_parser = humantime::parse_duration)]
    pub session_max_ttl: Duration,

    /// argon2id memory cost in KiB.
    #[arg(long, env = "WERKPAD_ARGON2_M_KIB", default_value_t = OWASP_ARGON2.memory_kib)]
    pub argon2_m_kib: u32,

    /// argon2id iterations.
    #[arg(long, env = "WERKPAD_ARGON2_T", default_value_t = OWASP_ARGON2.iterations)]
    pub argon2_t: u32,

    /// argon2id parallelism.
    #[arg(long, env = "WERKPAD_ARGON2_P", default_value_t = OWASP_ARGON2.parallelism)]
    pub argon2_p: u32,

    /// At most this many password hashes are computed at once; the rest wait. The default,
    /// half the CPU cores (at least one), leaves the other half to everyone already signed
    /// in while a burst of sign-ins runs.
    #[arg(long, env = "WERKPAD_PASSWORD_HASH_CONCURRENCY", default_value_t = half_the_cores(), value_parser = clap::value_parser!(u32).range(1..=64))]
    pub password_hash_concurrency: u32,

    /// Failed sign-ins per account and per client address before sign-in is refused (429).
    #[arg(long, env = "WERKPAD_LOGIN_MAX_FAILURES", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub login_max_failures: u32,

    /// Window over which failed sign-ins are counted.
    #[arg(long, env = "WERKPAD_LOGIN_FAILURE_WINDOW", default_value = "15m", value_parser = humantime::parse_duration)]
    pub login_failure_window: Duration,

    /// Comma-separated origins allowed to call the API from a browser.
    #[arg(long, env = "WERKPAD_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Comma-separated proxy addresses whose `X-Forwarded-For` is believed.
    #[arg(long, env = "WERKPAD_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,

    /// Largest accepted request body in bytes.
    #[arg(long, env = "WERKPAD_BODY_LIMIT_BYTES", default_value_t = 262_144)]
    pub body_limit_bytes: usize,

    /// Serve Swagger UI at /docs/.
    #[arg(long, env = "WERKPAD_DOCS_UI", default_value_t = true, action = clap::ArgAction::Set)]
    pub docs_ui: bool,

    /// `pretty` or `json`; production defaults to `json`.
    #[arg(long, env = "WERKPAD_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,

    /// The phases of a Werk als beste zorg trajectory, in order; `?` marks one that may be
    /// skipped. Provisional until the method is confirmed (domain.md §7).
    #[arg(long, env = "WERKPAD_WABZ_PHASES", default_value = crate::domain::trajectory::machine::DEFAULT_WABZ_PHASES)]
    pub wabz_phases: String,

    /// Data categories a SHARE_GGZ_TO_WI consent must cover before a WABZ joint intake.
    #[arg(long, env = "WERKPAD_WABZ_INTAKE_CATEGORIES", default_value = crate::domain::rules::DEFAULT_WABZ_INTAKE_CATEGORIES)]
    pub wabz_intake_categories: String,

    /// Jobcoaching: shortest employment contract, in months.
    #[arg(
        long,
        env = "WERKPAD_JOBCOACH_MIN_CONTRACT_MONTHS",
        default_value_t = 6
    )]
    pub jobcoach_min_contract_months: u32,

    /// Jobcoaching: fewest contracted hours a week.
    #[arg(long, env = "WERKPAD_JOBCOACH_MIN_HOURS", default_value_t = 12.0)]
    pub jobcoach_min_hours: f64,

    /// Jobcoaching: fewest hours a week by exception, with a recorded reason.
    #[arg(
        long,
        env = "WERKPAD_JOBCOACH_EXCEPTION_MIN_HOURS",
        default_value_t = 8.0
    )]
    pub jobcoach_exception_min_hours: f64,

    /// Jobcoaching: lowest wage value (loonwaarde), percent of the minimum wage.
    #[arg(long, env = "WERKPAD_JOBCOACH_MIN_WAGE_VALUE", default_value_t = 35)]
    pub jobcoach_min_wage_value: i32,

    /// Jobcoaching: lowest wage value by exception, with a recorded reason.
    #[arg(
        long,
        env = "WERKPAD_JOBCOACH_EXCEPTION_MIN_WAGE_VALUE",
        default_value_t = 20
    )]
    pub jobcoach_exception_min_wage_value: i32,

    /// Jobcoaching: length of one period, in months.
    #[arg(long, env = "WERKPAD_JOBCOACH_PERIOD_MONTHS", default_value_t = 6)]
    pub jobcoach_period_months: u32,

    /// Jobcoaching: longest duration with one employer without permanent support, in months.
    #[arg(long, env = "WERKPAD_JOBCOACH_MAX_MONTHS", default_value_t = 36)]
    pub jobcoach_max_months: u32,

    /// Retention of a GGZ medical record (Wgbo), as `20y`, `10y6m` or `90d`, counted from
    /// the later of the file's last change and its last trajectory's end.
    #[arg(long, env = "WERKPAD_RETENTION_GGZ_WGBO", default_value = crate::domain::retention::DEFAULT_GGZ_WGBO)]
    pub retention_ggz_wgbo: String,

    /// Retention of a municipal social-domain file.
    #[arg(long, env = "WERKPAD_RETENTION_MUNICIPAL_SOCIAL_DOMAIN", default_value = crate::domain::retention::DEFAULT_MUNICIPAL_SOCIAL_DOMAIN)]
    pub retention_municipal_social_domain: String,

    /// Retention of a UWV file (UWV's own periods are still open; domain.md §18.6).
    #[arg(long, env = "WERKPAD_RETENTION_UWV", default_value = crate::domain::retention::DEFAULT_UWV)]
    pub retention_uwv: String,

    /// Retention of a shared trajectory record (per joint-controller arrangement, still
    /// open; domain.md §18.9).
    #[arg(long, env = "WERKPAD_RETENTION_SHARED_TRAJECTORY", default_value = crate::domain::retention::DEFAULT_SHARED_TRAJECTORY)]
    pub retention_shared_trajectory: String,

    /// Version of the durable-placement rule, named in every outcome report. Must change
    /// whenever one of the rule's parameters differs from the default.
    #[arg(long, env = "WERKPAD_DURABILITY_RULE_VERSION", default_value = crate::domain::kpi::rule::DEFAULT_RULE_VERSION)]
    pub durability_rule_version: String,

    /// Durable placement: calendar days of paid work (gaps included) from the chain's start.
    #[arg(long, env = "WERKPAD_DURABILITY_MIN_DAYS", default_value_t = crate::domain::kpi::rule::DEFAULT_MIN_DAYS)]
    pub durability_min_days: u32,

    /// Durable placement: longest gap in days between two paid placements of one chain.
    #[arg(long, env = "WERKPAD_DURABILITY_MAX_GAP_DAYS", default_value_t = crate::domain::kpi::rule::DEFAULT_MAX_GAP_DAYS)]
    pub durability_max_gap_days: u32,

    /// Durable placement: the paid work types that count, comma-separated; empty for all.
    #[arg(long, env = "WERKPAD_DURABILITY_WORK_TYPES", default_value = "")]
    pub durability_work_types: String,

    /// Durable placement: fewest contracted hours a week for a placement to count.
    #[arg(long, env = "WERKPAD_DURABILITY_MIN_HOURS")]
    pub durability_min_hours: Option<f64>,

    /// Yearly target of every labour-market region (people durably into work).
    #[arg(long, env = "WERKPAD_REGION_TARGET", default_value_t = crate::domain::kpi::rule::DEFAULT_TARGET)]
    pub region_target: u32,

    /// Targets per region or per region and year, as `AM05=120,AM18:2026=150`.
    #[arg(long, env = "WERKPAD_REGION_TARGETS", default_value = "")]
    pub region_targets: String,

    /// Smallest count an outcome report shows; counts from 1 up to it are withheld.
    #[arg(long, env = "WERKPAD_SUPPRESSION_THRESHOLD", default_value_t = crate::domain::kpi::rule::DEFAULT_SUPPRESSION_THRESHOLD)]
    pub suppression_threshold: u64,

    /// How long an emergency access (break-glass) lasts, from 1 s to 24 h.
    #[arg(long, env = "WERKPAD_EMERGENCY_ACCESS_TTL", default_value = "1h", value_parser = humantime::parse_duration)]
    pub emergency_access_ttl: Duration,
}

/// Why the settings cannot be used; the message names the variable to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A required secret is missing.
    #[error("{0} must be set (always in production, and for the chosen algorithm)")]
    Missing(&'static str),
    /// A secret is shorter than allowed.
    #[error("{0} must be at least {MIN_SECRET_BYTES} bytes")]
    TooShort(&'static str),
    /// argon2 parameters below the floor.
    #[error("{0} is below the OWASP minimum of {1} for argon2id in production")]
    WeakArgon2(&'static str, u32),
    /// Anything else, with its explanation.
    #[error("{0}")]
    Invalid(String),
}

/// The secrets after validation or development generation.
pub struct Secrets {
    /// Access-token key.
    pub jwt: TokenKey,
    /// HMAC key for cursors, the sign-in throttle and the BSN lookup.
    pub hmac: SecretString,
    /// The 32-byte key that encrypts BSNs.
    pub data_key: secrecy::SecretBox<[u8; 32]>,
}

impl Settings {
    /// The log format in effect.
    #[must_use]
    pub fn log_format(&self) -> LogFormat {
        self.log_format.unwrap_or(match self.environment {
            Environment::Development => LogFormat::Pretty,
            Environment::Production => LogFormat::Json,
        })
    }

    /// argon2id parameters in effect.
    #[must_use]
    pub const fn argon2(&self) -> Argon2Params {
        Argon2Params {
            memory_kib: self.argon2_m_kib,
            iterations: self.argon2_t,
            parallelism: self.argon2_p,
        }
    }

    /// Checks what production demands and resolves the secrets. In development a missing
    /// secret is read from, or generated into, a 0600 file in `data_dir`.
    pub fn secrets(&self, data_dir: &Path) -> Result<Secrets, ConfigError> {
        if self.environment == Environment::Production {
            let params = self.argon2();
            for (name, value, floor) in [
                (
                    "WERKPAD_ARGON2_M_KIB",
                    params.memory_kib,
                    OWASP_ARGON2.memory_kib,
                ),
                (
                    "WERKPAD_ARGON2_T",
                    params.iterations,
                    OWASP_ARGON2.iterations,
                ),
                (
                    "WERKPAD_ARGON2_P",
                    params.parallelism,
                    OWASP_ARGON2.parallelism,
                ),
            ] {
                if value < floor {
                    return Err(ConfigError::WeakArgon2(name, floor));
                }
            }
        }
        let jwt = match self.jwt_algorithm {
            JwtAlgorithm::Hs256 => TokenKey::Hs256(self.secret(
                "WERKPAD_JWT_SECRET",
                self.jwt_secret.as_ref(),
                data_dir,
            )?),
            // No development fallback: a key pair is a deliberate deployment choice.
            JwtAlgorithm::EdDsa => TokenKey::EdDsa {
                private_pem: SecretString::from(read_key(
                    "WERKPAD_JWT_PRIVATE_KEY_FILE",
                    self.jwt_private_key_file.as_deref(),
                )?),
                public_pem: read_key(
                    "WERKPAD_JWT_PUBLIC_KEY_FILE",
                    self.jwt_public_key_file.as_deref(),
                )?,
            },
        };
        Ok(Secrets {
            jwt,
            hmac: self.secret("WERKPAD_HMAC_KEY", self.hmac_key.as_ref(), data_dir)?,
            data_key: data_key(&self.secret(
                "WERKPAD_DATA_KEY",
                self.data_key.as_ref(),
                data_dir,
            )?)?,
        })
    }

    /// The configurable business rules; a bad value stops the start, naming its variable.
    pub fn rules(&self) -> Result<crate::domain::rules::Rules, ConfigError> {
        use crate::domain::jobcoaching::JobcoachRules;
        use crate::domain::rules::{Rules, parse_categories};
        let machines = crate::domain::trajectory::machine::Machines::new(&self.wabz_phases)
            .map_err(ConfigError::Invalid)?;
        let wabz_intake_categories = parse_categories(
            "WERKPAD_WABZ_INTAKE_CATEGORIES",
            &self.wabz_intake_categories,
        )
        .map_err(ConfigError::Invalid)?;
        let jobcoach = JobcoachRules {
            min_contract_months: self.jobcoach_min_contract_months,
            min_hours_per_week: self.jobcoach_min_hours,
            exception_min_hours_per_week: self.jobcoach_exception_min_hours,
            min_wage_value_percentage: self.jobcoach_min_wage_value,
            exception_min_wage_value_percentage: self.jobcoach_exception_min_wage_value,
            period_months: self.jobcoach_period_months,
            max_months_without_permanent_support: self.jobcoach_max_months,
        };
        if !(jobcoach.exception_min_hours_per_week <= jobcoach.min_hours_per_week
            && jobcoach.exception_min_wage_value_percentage <= jobcoach.min_wage_value_percentage
            && jobcoach.period_months > 0)
        {
            return Err(ConfigError::Invalid(
                "WERKPAD_JOBCOACH_*: the exception thresholds must not exceed the standard ones, \
                 and a period must last at least a month"
                    .to_owned(),
            ));
        }
        let period = |variable: &str, raw: &str| {
            crate::domain::retention::Period::parse(raw)
                .map_err(|e| ConfigError::Invalid(format!("{variable}: {e}")))
        };
        let retention = crate::domain::retention::Periods {
            ggz_wgbo: period("WERKPAD_RETENTION_GGZ_WGBO", &self.retention_ggz_wgbo)?,
            municipal_social_domain: period(
                "WERKPAD_RETENTION_MUNICIPAL_SOCIAL_DOMAIN",
                &self.retention_municipal_social_domain,
            )?,
            uwv: period("WERKPAD_RETENTION_UWV", &self.retention_uwv)?,
            shared_trajectory: period(
                "WERKPAD_RETENTION_SHARED_TRAJECTORY",
                &self.retention_shared_trajectory,
            )?,
        };
        let emergency_access_ttl = Some(self.emergency_access_ttl)
            .filter(|ttl| {
                *ttl >= Duration::from_secs(1)
                    && *ttl <= crate::domain::rules::MAX_EMERGENCY_ACCESS_TTL
            })
            .and_then(|ttl| chrono::TimeDelta::from_std(ttl).ok())
            .ok_or_else(|| {
                ConfigError::Invalid(
                    "WERKPAD_EMERGENCY_ACCESS_TTL must be at least 1s and at most 24h".to_owned(),
                )
            })?;
        Ok(Rules {
            machines,
            wabz_intake_categories,
            jobcoach,
            retention,
            emergency_access_ttl,
            reporting: self.reporting()?,
        })
    }

    fn reporting(&self) -> Result<crate::domain::kpi::ReportingRules, ConfigError> {
        use crate::domain::kpi::{DurabilityRule, ReportingRules, Targets};
        use crate::domain::placement::WorkType;
        let counted_work_types = if self.durability_work_types.trim().is_empty() {
            WorkType::paid()
        } else {
            self.durability_work_types
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(|w| {
                    w.parse::<WorkType>().map_err(|()| {
                        ConfigError::Invalid(format!(
                            "WERKPAD_DURABILITY_WORK_TYPES: '{w}' is not a work type"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?
        };
        let durability = DurabilityRule {
            version: self.durability_rule_version.trim().to_owned(),
            min_days: self.durability_min_days,
            max_gap_days: self.durability_max_gap_days,
            counted_work_types,
            min_hours_per_week: self.durability_min_hours,
        }
        .validated()
        .map_err(ConfigError::Invalid)?;
        let targets = Targets::parse(self.region_target, &self.region_targets)
            .map_err(ConfigError::Invalid)?;
        // domain.md §11 withholds cells under 5: production may raise the threshold, never
        // lower it. Development may go down to 1 (nothing withheld) to check figures by hand.
        let floor = match self.environment {
            Environment::Production => crate::domain::kpi::rule::DEFAULT_SUPPRESSION_THRESHOLD,
            Environment::Development => 1,
        };
        if !(floor..=100).contains(&self.suppression_threshold) {
            return Err(ConfigError::Invalid(format!(
                "WERKPAD_SUPPRESSION_THRESHOLD must be from {floor} to 100"
            )));
        }
        Ok(ReportingRules {
            durability,
            targets,
            suppression_threshold: self.suppression_threshold,
        })
    }

    fn secret(
        &self,
        name: &'static str,
        given: Option<&SecretString>,
        data_dir: &Path,
    ) -> Result<SecretString, ConfigError> {
        match given {
            Some(value) if value.expose_secret().len() >= MIN_SECRET_BYTES => Ok(value.clone()),
            Some(_) => Err(ConfigError::TooShort(name)),
            None if self.environment == Environment::Production => Err(ConfigError::Missing(name)),
            None => development_secret(name, data_dir),
        }
    }

    /// Where development secrets are kept: next to the SQLite file, or `./data`.
    #[must_use]
    pub fn data_dir(&self) -> PathBuf {
        self.database_url
            .expose()
            .strip_prefix("sqlite://")
            .and_then(|path| Path::new(path).parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("./data"))
    }
}

/// Decodes `WERKPAD_DATA_KEY`: base64 (standard or URL-safe, padded or not) of 32 bytes.
fn data_key(value: &SecretString) -> Result<secrecy::SecretBox<[u8; 32]>, ConfigError> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let text = value.expose_secret().trim();
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
        .and_then(|bytes| <[u8; 32]>::try_from(bytes.as_slice()).ok())
        .map(|key| secrecy::SecretBox::new(Box::new(key)))
        .ok_or_else(|| {
            ConfigError::Invalid(
                "WERKPAD_DATA_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)"
                    .to_owned(),
            )
        })
}

fn read_key(name: &'static str, path: Option<&Path>) -> Result<String, ConfigError> {
    let path = path.ok_or(ConfigError::Missing(name))?;
    std::fs::read_to_string(path)
        .map_err(|e| ConfigError::Invalid(format!("{name}: cannot read {}: {e}", path.display())))
}

fn development_secret(name: &'static str, dir: &Path) -> Result<SecretString, ConfigError> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

    let path = dir.join(format!(".{}", name.to_lowercase()));
    let io = |e: std::io::Error| {
        ConfigError::Invalid(format!(
            "cannot keep a development {name} in {}: {e}",
            dir.display()
        ))
    };
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= MIN_SECRET_BYTES {
            return Ok(SecretString::from(existing));
        }
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io)?;
    let value = crate::auth::random_token();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)
        .map_err(io)?;
    file.write_all(value.as_bytes()).map_err(io)?;
    tracing::warn!(
        variable = name,
        file = %path.display(),
        "no {name} configured: generated one for development; set it explicitly in production"
    );
    Ok(SecretString::from(value))
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
mod tests {
    use clap::Parser;

    use super::{ConfigError, Environment, Settings};

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        settings: Settings,
    }

    fn parse(flags: &[&str]) -> Settings {
        let argv = std::iter::once("werkpad").chain(flags.iter().copied());
        Wrapper::try_parse_from(argv).unwrap().settings
    }

    #[test]
    fn defaults_follow_the_design() {
        let s = parse(&[]);
        assert_eq!(s.environment, Environment::Development);
        assert_eq!(s.access_token_ttl.as_secs(), 15 * 60);
        assert_eq!(s.refresh_idle_ttl.as_secs(), 30 * 60);
        assert_eq!(s.session_max_ttl.as_secs(), 12 * 3600);
        assert_eq!(s.argon2(), super::OWASP_ARGON2);
        assert_eq!(s.body_limit_bytes, 256 * 1024);
        assert_eq!(s.emergency_access_ttl.as_secs(), 3600);
        assert_eq!(
            s.rules().unwrap().emergency_access_ttl,
            chrono::TimeDelta::hours(1)
        );
    }

    #[test]
    fn an_emergency_access_lasts_from_a_second_to_a_day() {
        for (ttl, ok) in [
            ("1s", true),
            ("90m", true),
            ("24h", true),
            ("0s", false),
            ("25h", false),
        ] {
            let s = parse(&["--emergency-access-ttl", ttl]);
            match s.rules() {
                Ok(rules) => assert!(ok, "{ttl} accepted: {:?}", rules.emergency_access_ttl),
                Err(e) => {
                    assert!(!ok, "{ttl} refused: {e}");
                    assert!(
                        e.to_string().contains("WERKPAD_EMERGENCY_ACCESS_TTL"),
                        "{e}"
                    );
                }
            }
        }
    }

    #[test]
    fn production_names_the_variable_it_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let strong = "x".repeat(32);
        let s = parse(&["--env", "production", "--hmac-key", &strong]);
        let err = s.secrets(dir.path()).err().unwrap();
        assert!(
            matches!(err, ConfigError::Missing("WERKPAD_JWT_SECRET")),
            "{err}"
        );

        let s = parse(&[
            "--env",
            "production",
            "--jwt-secret",
            "short",
            "--hmac-key",
            &strong,
        ]);
        let err = s.secrets(dir.path()).err().unwrap();
        assert!(err.to_string().contains("WERKPAD_JWT_SECRET"), "{err}");

        let s = parse(&[
            "--env",
            "production",
            "--jwt-secret",
            &strong,
            "--hmac-key",
            &strong,
            "--argon2-m-kib",
            "4096",
        ]);
        let err = s.secrets(dir.path()).err().unwrap();
        assert!(err.to_string().contains("WERKPAD_ARGON2_M_KIB"), "{err}");

        let s = parse(&[
            "--env",
            "production",
            "--jwt-secret",
            &strong,
            "--hmac-key",
            &strong,
        ]);
        let err = s.secrets(dir.path()).err().unwrap();
        assert!(
            matches!(err, ConfigError::Missing("WERKPAD_DATA_KEY")),
            "{err}"
        );

        // 32 characters, but not 32 bytes once decoded.
        let s = parse(&[
            "--env",
            "production",
            "--jwt-secret",
            &strong,
            "--hmac-key",
            &strong,
            "--data-key",
            &"A".repeat(40),
        ]);
        let err = s.secrets(dir.path()).err().unwrap();
        assert!(err.to_string().contains("WERKPAD_DATA_KEY"), "{err}");

        let s = parse(&[
            "--env",
            "production",
            "--jwt-secret",
            &strong,
            "--hmac-key",
            &strong,
            "--data-key",
            "dGVzdC1kYXRhLWtleS10aGF0LWlzLTMyLWJ5dGVzISE=",
        ]);
        assert!(s.secrets(dir.path()).is_ok());
    }

    #[test]
    fn the_business_rules_are_checked_at_start() {
        assert!(parse(&[]).rules().is_ok());
        let err = parse(&["--wabz-phases", "REGISTERED,CLOSED"])
            .rules()
            .err()
            .unwrap();
        assert!(err.to_string().contains("WERKPAD_WABZ_PHASES"), "{err}");
        let err = parse(&["--wabz-intake-categories", "TRAJECTORY_STATUS,DIAGNOSIS"])
            .rules()
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("WERKPAD_WABZ_INTAKE_CATEGORIES"),
            "{err}"
        );
        let err = parse(&["--jobcoach-exception-min-hours", "14"])
            .rules()
            .err()
            .unwrap();
        assert!(err.to_string().contains("WERKPAD_JOBCOACH"), "{err}");
        let err = parse(&["--retention-uwv", "ten years"])
            .rules()
            .err()
            .unwrap();
        assert!(err.to_string().contains("WERKPAD_RETENTION_UWV"), "{err}");
    }

    #[test]
    fn retention_defaults_follow_the_design() {
        use crate::domain::client::RecordRegime;
        use crate::domain::retention::Period;
        let periods = parse(&[]).rules().unwrap().retention;
        assert_eq!(periods.of(RecordRegime::GgzWgbo), Period::years(20));
        assert_eq!(
            periods.of(RecordRegime::MunicipalSocialDomain),
            Period::years(10)
        );
        assert_eq!(periods.of(RecordRegime::Uwv), Period::years(10));
        assert_eq!(
            periods.of(RecordRegime::SharedTrajectory),
            Period::years(20)
        );
    }

    #[test]
    fn development_generates_a_secret_once_and_reuses_it() {
        use secrecy::ExposeSecret;
        let dir = tempfile::tempdir().unwrap();
        let s = parse(&[]);
        let first = s.secrets(dir.path()).unwrap();
        let second = s.secrets(dir.path()).unwrap();
        let (super::TokenKey::Hs256(a), super::TokenKey::Hs256(b)) = (&first.jwt, &second.jwt)
        else {
            panic!("HS256 is the default");
        };
        assert_eq!(a.expose_secret(), b.expose_secret());
        assert_ne!(a.expose_secret(), first.hmac.expose_secret());
        assert!(a.expose_secret().len() >= 32);
    }

    #[test]
    fn database_url_is_redacted() {
        let url = super::DatabaseUrl::new("postgres://werkpad:hunter2@db/werkpad");
        assert!(!format!("{url:?}").contains("hunter2"));
    }
}
