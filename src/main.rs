//! The `werkpad` command: wiring only. Everything it does lives in the library.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use clap::{Parser, Subcommand};
use werkpad::api::organisations::CreateOrganisationRequest;
use werkpad::api::users::CreateUserRequest;
use werkpad::auth::password::Hasher;
use werkpad::authz::{Action, operator_permit};
use werkpad::config::{Environment, Settings};
use werkpad::db::Target;
use werkpad::domain::accounts::{NewOrganisation, NewUser};
use werkpad::domain::client::RecordRegime;
use werkpad::{demo, service, startup, telemetry};

/// werkpad: the shared system of record for IPS, jobcoaching and Werk als beste zorg.
///
/// Every setting is a WERKPAD_* environment variable (or the flag of the same name);
/// see the README for the full table.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve {
        /// Seed the embedded database with demo organisations and one account per role, and
        /// print the logins. Refused in production and on PostgreSQL.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Manage organisations.
    Organisation {
        #[command(subcommand)]
        command: OrganisationCommand,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the municipality → labour-market region table.
    Municipalities {
        #[command(subcommand)]
        command: MunicipalitiesCommand,
    },
    /// The NEN 7513 access log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Retention (domain.md §16.1).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Erase every client file without a legal hold whose retention period (per record
    /// regime, WERKPAD_RETENTION_*) has passed, each with its own access-log event, and
    /// forget failed sign-ins older than WERKPAD_LOGIN_FAILURE_WINDOW. Prints what it did.
    Run {
        /// Change nothing; print what a real run would do.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain over a range of positions and report the first event where
    /// it breaks; exits with status 1 when it does.
    Verify {
        /// First position (default: the start of the log).
        #[arg(long, default_value_t = 1)]
        from: i64,
        /// Last position (default: the end of the log).
        #[arg(long)]
        to: Option<i64>,
    },
    /// Write the events after a position as JSON Lines in the shape of the Logboek
    /// Dataverwerkingen, to standard output; the position to continue from is printed on
    /// standard error as `next cursor: N`.
    Export {
        /// The last position already exported (0: from the start).
        #[arg(long, default_value_t = 0)]
        since: i64,
    },
}

#[derive(Subcommand)]
enum MunicipalitiesCommand {
    /// Load a CBS "Gebieden in Nederland" export (CSV with the header
    /// municipalityCode,name,regionCode,validFrom,validTo); all rows or none. Prints how
    /// many were loaded. From then on a client's region is derived from its municipality.
    Import {
        /// The CSV file.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum OrganisationCommand {
    /// Register an organisation; prints its id.
    Create {
        /// GGZ, UWV, MUNICIPALITY, WSP, JOBCOACH_ORGANISATION, EMPLOYER or OTHER.
        #[arg(long)]
        kind: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// Labour-market region code (repeatable), e.g. AM22.
        #[arg(long = "region")]
        regions: Vec<String>,
        /// KvK number (8 digits).
        #[arg(long)]
        kvk_number: Option<String>,
        /// OIN (20 digits).
        #[arg(long)]
        oin: Option<String>,
        /// AGB code (8 digits).
        #[arg(long)]
        agb_code: Option<String>,
        /// CBS municipality code (GMxxxx), for a MUNICIPALITY.
        #[arg(long)]
        cbs_municipality_code: Option<String>,
        /// Recognised by UWV, for a JOBCOACH_ORGANISATION.
        #[arg(long)]
        uwv_recognised: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account (also the first system administrator). The password is asked for
    /// at a prompt, or read from the first line of standard input when that is not a
    /// terminal; it is never an argument.
    Create {
        /// Sign-in e-mail address.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Organisation id.
        #[arg(long)]
        organisation: String,
        /// Role, e.g. SYSTEM_ADMIN.
        #[arg(long)]
        role: String,
    },
}

fn out(line: &str) -> anyhow::Result<()> {
    writeln!(std::io::stdout().lock(), "{line}")?;
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        Ok(rpassword::prompt_password(
            "Password (12 to 128 characters): ",
        )?)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

fn fail(e: werkpad::error::AppError) -> anyhow::Error {
    match e {
        werkpad::error::AppError::InvalidInput(params) => anyhow::anyhow!(
            "{}",
            params
                .iter()
                .map(|p| format!("{}: {}", p.name, p.reason))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = cli.settings;
    telemetry::init(settings.log_format(), "info", std::io::stderr);
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(&settings, demo).await,
        Command::Migrate => {
            let mut settings = settings;
            settings.migrate_on_start = true;
            startup::open_database(&settings)?;
            out("migrations applied")
        }
        Command::Openapi => {
            write!(
                std::io::stdout().lock(),
                "{}",
                werkpad::openapi::spec_json()
            )?;
            Ok(())
        }
        Command::Organisation { command } => organisation(&settings, command),
        Command::User { command } => user(&settings, command),
        Command::Municipalities {
            command: MunicipalitiesCommand::Import { file },
        } => {
            let csv = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let pool = startup::open_database(&settings)?;
            let loaded = pool
                .with_conn(|conn| service::reference::import_municipalities(conn, &csv))
                .map_err(fail)?;
            out(&format!("{loaded} municipality periods loaded"))
        }
        Command::Audit { command } => audit(&settings, command),
        Command::Retention {
            command: RetentionCommand::Run { dry_run },
        } => retention(&settings, dry_run),
    }
}

// Prints ids and codes only: no names, no BSNs.
fn retention(settings: &Settings, dry_run: bool) -> anyhow::Result<()> {
    let rules = settings.rules()?;
    let pool = startup::open_database(settings)?;
    let report = service::erasure::run_retention(
        &pool,
        &rules.retention,
        settings.login_failure_window,
        dry_run,
    )
    .map_err(fail)?;
    let (verb, mode) = if dry_run {
        ("would erase", "retention run (dry run, nothing changed)")
    } else {
        ("erased", "retention run")
    };
    out(&format!(
        "{mode}: {} of {} client files without a legal hold have passed their retention period",
        report.expired.len(),
        report.examined
    ))?;
    for regime in RecordRegime::ALL {
        let count = report
            .expired
            .iter()
            .filter(|e| e.regime == *regime)
            .count();
        out(&format!(
            "  {:<24} {count:>6}  (period {})",
            regime.as_str(),
            rules.retention.of(*regime)
        ))?;
    }
    for expired in &report.expired {
        out(&format!(
            "{verb} {} ({}, retention ended {})",
            expired.client_id,
            expired.regime.as_str(),
            expired.retention_end_date
        ))?;
    }
    let forgotten = if dry_run {
        "would be forgotten"
    } else {
        "forgotten"
    };
    out(&format!(
        "failed sign-ins older than the {} window: {} {forgotten}",
        humantime::format_duration(settings.login_failure_window),
        report.login_failures
    ))
}

fn audit(settings: &Settings, command: AuditCommand) -> anyhow::Result<()> {
    let pool = startup::open_database(settings)?;
    match command {
        AuditCommand::Verify { from, to } => {
            let result = pool
                .with_conn(|conn| service::audit::verify_by_operator(conn, from, to))
                .map_err(fail)?;
            match result.first_break {
                None => out(&format!(
                    "access log intact: positions {} to {} ({} events) verified",
                    result.from_seq, result.to_seq, result.checked
                )),
                Some(b) => {
                    out(&format!(
                        "access log broken at position {}{}: {} ({} events before it verified)",
                        b.seq,
                        b.event_id
                            .map(|id| format!(" (event {id})"))
                            .unwrap_or_default(),
                        b.reason,
                        result.checked
                    ))?;
                    std::process::exit(1);
                }
            }
        }
        AuditCommand::Export { since } => {
            let mut cursor = since;
            let mut stdout = std::io::stdout().lock();
            loop {
                let (rows, next) = pool
                    .with_conn(|conn| service::audit_export::after(conn, cursor, 1000))
                    .map_err(fail)?;
                for row in &rows {
                    for line in service::audit_export::lines(row) {
                        writeln!(stdout, "{line}")?;
                    }
                }
                if next == cursor {
                    break;
                }
                cursor = next;
            }
            pool.with_conn(|conn| service::audit::exported_by_operator(conn, since, cursor))
                .map_err(fail)?;
            writeln!(std::io::stderr().lock(), "next cursor: {cursor}")?;
            Ok(())
        }
    }
}

async fn serve(settings: &Settings, demo: bool) -> anyhow::Result<()> {
    if demo {
        anyhow::ensure!(
            settings.environment == Environment::Development,
            "--demo seeds known passwords and is refused when WERKPAD_ENV=production"
        );
        anyhow::ensure!(
            matches!(Target::of(&settings.database_url)?, Target::Sqlite(_)),
            "--demo seeds the embedded SQLite database only; unset WERKPAD_DATABASE_URL"
        );
    }
    let app = startup::Application::build(settings)?;
    let base = format!("http://{}:{}", settings.listen_addr.ip(), app.port());
    if demo {
        let state = app.state();
        let logins = demo::seed(&state).await.map_err(fail)?;
        out(&format!(
            "werkpad demo: API at {base}/v1, documentation at {base}/docs/"
        ))?;
        out(&format!(
            "Every demo account has the password {}",
            demo::PASSWORD
        ))?;
        for login in logins {
            out(&format!(
                "  {:<24} {:<45} {}",
                login.role.as_str(),
                login.email,
                login.organisation
            ))?;
        }
        out(&format!(
            "Try: curl -s -X POST {base}/v1/sessions -H 'Content-Type: application/json' \
             -d '{{\"email\":\"system-admin@demo.werkpad.nl\",\"password\":\"{}\"}}'",
            demo::PASSWORD
        ))?;
    }
    tracing::info!(address = %base, database = ?settings.database_url, "werkpad listening");
    app.run().await.context("server stopped with an error")
}

// The command line validates exactly as the API does: it builds the same request DTOs.
fn organisation(settings: &Settings, command: OrganisationCommand) -> anyhow::Result<()> {
    let OrganisationCommand::Create {
        kind,
        name,
        regions,
        kvk_number,
        oin,
        agb_code,
        cbs_municipality_code,
        uwv_recognised,
    } = command;
    let new = NewOrganisation::try_from(CreateOrganisationRequest {
        kind: Some(kind),
        name: Some(name),
        kvk_number,
        oin,
        agb_code,
        region_codes: Some(regions),
        cbs_municipality_code,
        uwv_recognised: Some(uwv_recognised),
    })
    .map_err(fail)?;
    let pool = startup::open_database(settings)?;
    let permit = operator_permit(Action::CreateOrganisation);
    let created = pool
        .with_conn(|conn| service::organisations::register(conn, &permit, &new))
        .map_err(fail)?;
    out(&created.id.to_string())
}

fn user(settings: &Settings, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Create {
        email,
        name,
        organisation,
        role,
    } = command;
    let new = NewUser::try_from(CreateUserRequest {
        email: Some(email),
        display_name: Some(name),
        organisation_id: Some(organisation),
        role: Some(role),
        password: Some(read_password()?),
        active: Some(true),
    })
    .map_err(fail)?;
    let hasher = Hasher::new(settings.argon2(), 1)?;
    let hash = hasher.hash_now(new.password.secret())?;
    let pool = startup::open_database(settings)?;
    let permit = operator_permit(Action::CreateUser);
    let created = pool
        .with_conn(|conn| service::users::register(conn, &permit, &new, &hash))
        .map_err(fail)?;
    out(&created.id.to_string())
}
