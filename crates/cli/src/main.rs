//! `grenzeloos`: the national node for international police cooperation.

mod audit_key;
mod bench;
mod bench_import;
mod bench_spoc;
mod clock;
mod config;
mod dna;
mod spoc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use grenzeloos_app::accounts::NewUser;
use grenzeloos_app::import::ImportKind;
use grenzeloos_app::{Actor, App, AppError};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::spoc::statistics::Statistics;
use grenzeloos_domain::time::{HalfYear, parse_date, parse_instant};
use grenzeloos_report::annex::{self, AnnexFormat};
use grenzeloos_report::{Format, deployments};
use grenzeloos_store::audit::{PublicKey, Verification};
use grenzeloos_store::{Domain, Domains};
use grenzeloos_web::WebConfig;
use indicatif::ProgressBar;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "grenzeloos",
    version,
    about = "Grenzeloos: the national node for international police cooperation",
    long_about = "Grenzeloos keeps the registry of international police cooperation (missions and \
the officers deployed to them, specialised teams, partners), serves the web UI and the JSON API, \
and produces the reports to parliament.\n\nStart with `grenzeloos demo` to see it with demo data \
on http://127.0.0.1:8080.",
    after_help = "Every command takes --db (or GRENZELOOS_DATABASE_URL): sqlite://PATH (the default, \
one file) or postgres://USER@HOST/DATABASE for production. The exchange and forensic data domains \
use the same database unless GRENZELOOS_EXCHANGE_DATABASE_URL or GRENZELOOS_FORENSIC_DATABASE_URL \
gives them their own; the audit key is in GRENZELOOS_AUDIT_KEY_FILE (see the README)."
)]
struct Cli {
    /// Database: sqlite://PATH or postgres://USER@HOST/DATABASE [default: sqlite://grenzeloos.sqlite]
    #[arg(
        long,
        global = true,
        env = "GRENZELOOS_DATABASE_URL",
        hide_env_values = true
    )]
    db: Option<String>,
    /// Configuration file (TOML); environment variables and flags override it.
    #[arg(long, global = true, env = "GRENZELOOS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or update the database schema (also done by serve and demo).
    Migrate,
    /// Serve the web UI and the JSON API.
    Serve(ServeArgs),
    /// Load the demo data into an SQLite file and serve it on 127.0.0.1:8080.
    ///
    /// Prints the URL and the demo accounts. The demo holds what the annexes to the
    /// half-year reports of December 2021, December 2023 and June 2024 report, each status
    /// with its date (reference dates 2 December 2021, 24 November 2023 and 17 April 2024);
    /// every officer in it is invented.
    Demo {
        #[command(subcommand)]
        action: Option<DemoAction>,
        #[command(flatten)]
        serve: ServeArgs,
    },
    /// Manage user accounts (the first admin is created here).
    #[command(subcommand)]
    User(UserCommand),
    /// Import records from CSV: all or nothing, with a dry run that writes nothing.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Produce a report.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Measure performance (prints figures; see docs/performance.md).
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Prüm DNA: generate synthetic profiles, search profiles (see docs/dna.md).
    #[command(subcommand)]
    Dna(dna::DnaCommand),
    /// The SPOC desk (Directive (EU) 2023/977): deadlines (see docs/spoc.md).
    #[command(subcommand)]
    Spoc(spoc::SpocCommand),
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "GRENZELOOS_LISTEN")]
    listen: Option<String>,
}

#[derive(Subcommand)]
enum DemoAction {
    /// Load the demo data into --db and exit; running it again changes nothing.
    Load,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input, or asked for.
    Add {
        #[arg(long)]
        username: String,
        /// A role: admin, policy, deployment, spoc, forensic, liaison, supervisor (repeatable).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// The name shown in the UI.
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Set a user's password (read from standard input, or asked for); ends their sessions.
    Password {
        #[arg(long)]
        username: String,
    },
    /// List the accounts and their roles.
    List,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Deployments: mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date[,team]
    Deployments {
        file: PathBuf,
        /// Check the file against every rule, report, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Missions: name,acronym,mandated_by,start,end,countries,station
    Missions {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Json,
    Csv,
    Md,
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Overview of deployed officers per mission on a reference date ("Overzicht uitgezonden
    /// politiefunctionarissen").
    Deployments {
        /// Reference date (peildatum), YYYY-MM-DD.
        #[arg(long)]
        as_of: String,
        /// Reproduce the report exactly as the data stood at this moment (RFC 3339 or a date).
        #[arg(long)]
        as_recorded_at: Option<String>,
        #[arg(long, value_enum, default_value = "md")]
        format: FormatArg,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// The named roster of the officers deployed on a reference date ("op naam"): personal
    /// data, produced with the staffing desk's role and audited with the purpose. Officers whose
    /// data were erased read as "(gewist)", also in a roster reproduced as recorded before.
    ///
    /// Example: grenzeloos report roster --as-of 2024-04-17 --purpose "rotatieplanning EULEX"
    Roster {
        /// Reference date (peildatum), YYYY-MM-DD.
        #[arg(long)]
        as_of: String,
        /// Reproduce the roster as the data stood at this moment (RFC 3339 or a date).
        #[arg(long)]
        as_recorded_at: Option<String>,
        /// Why you read these personal data (recorded in the audit trail).
        #[arg(long)]
        purpose: String,
        #[arg(long, value_enum, default_value = "md")]
        format: FormatArg,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// The half-year annex "Internationale politiesamenwerking" to the report to parliament:
    /// missions with the overview of deployed officers, liaison officers and placements,
    /// agreements, EU and international dossiers, commitments, bilateral cooperation and
    /// assistance at events, with the developments entered for the half year — each as it
    /// stood on the reference date.
    ///
    /// Example: grenzeloos report annex --period 2024-H1 --as-of 2024-04-17 --format pdf
    Annex {
        /// The half year: 2024-H1 (January–June) or 2024-H2.
        #[arg(long)]
        period: String,
        /// Reference date (peildatum) of the figures, YYYY-MM-DD [default: the period's last day]
        #[arg(long)]
        as_of: Option<String>,
        /// Produce the annex exactly as the data stood at this moment (RFC 3339 or a date).
        #[arg(long)]
        as_recorded_at: Option<String>,
        #[arg(long, value_enum, default_value = "md")]
        format: AnnexFormatArg,
        /// Write to this file (required for pdf unless standard output is redirected).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// The SPOC's statistics of a year under Art 18(2) Directive (EU) 2023/977 (SPOC-12):
    /// requests submitted; received and answered by urgency and requesting state; refused by
    /// state and ground; judicial-authorisation deviations by state; answered in time. Counts
    /// only, no personal data. JSON as the API's /api/v1/spoc/statistics; CSV one row per
    /// figure (year,figure,state,ground,count).
    ///
    /// Example: grenzeloos report spoc-statistics --year 2025 --format csv
    SpocStatistics {
        /// The year, YYYY.
        #[arg(long)]
        year: i16,
        #[arg(long, value_enum, default_value = "json")]
        format: StatisticsFormatArg,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StatisticsFormatArg {
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnnexFormatArg {
    Md,
    Html,
    Pdf,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Verify every data domain's audit chain: its segments and the links between them, every
    /// event, every signature and every tombstone. Prints OK with each domain's head and the
    /// periods purged after retention, or the first broken event (exit code 1).
    Verify {
        /// Check the signatures against this public key (64 hex digits, from `grenzeloos audit
        /// key` on the node) instead of the node's key file: for a supervisor verifying a copy.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Remove the audit segments (whole months) past each domain's retention, leaving a signed
    /// tombstone for each; the daily job in `serve` does the same at 03:00.
    Purge {
        /// List what is past retention, and remove nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the public half of the node's audit key (the key file is created on the first
    /// start); the secret half is never printed.
    Key,
}

/// The operator at this machine's command line, holding only `permissions`: each command asks
/// for the permissions its task needs and no more (least privilege).
fn operator(permissions: &[Permission]) -> Actor {
    let name = std::env::var("USER")
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "operator".to_string());
    Actor::operator(&name, permissions)
}

/// Explains a refused use case in words, for the terminal.
fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Import(errors) => {
            let mut lines: Vec<String> = errors
                .errors
                .iter()
                .map(|e| match &e.field {
                    Some(field) => format!("  line {}, {field}: {}", e.line, e.message),
                    None => format!("  line {}: {}", e.line, e.message),
                })
                .collect();
            if errors.total > errors.errors.len() {
                lines.push(format!(
                    "  … and {} more: {} errors in all",
                    errors.total - errors.errors.len(),
                    errors.total
                ));
            }
            anyhow::anyhow!(
                "the file was not imported; nothing was written:\n{}",
                lines.join("\n")
            )
        }
        AppError::Invalid(v) | AppError::Conflict(v) => anyhow::anyhow!("{v}"),
        other => anyhow::anyhow!("{other}"),
    }
}

fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner().with_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Again: ")?;
        if first != second {
            bail!("the passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_to_string(&mut line)?;
        Ok(line.lines().next().unwrap_or_default().to_string())
    }
}

/// Connects every data domain to its database and brings its schema up to date.
async fn connect(url: &str, file: &config::FileConfig) -> anyhow::Result<Domains> {
    let urls = config::domain_urls(url, file);
    let domains = Domains::connect(&urls, clock::from_env()?)
        .await
        .with_context(|| {
            let shown: Vec<String> = urls
                .iter()
                .map(|(d, u)| format!("{d}: {}", config::redacted(u)))
                .collect();
            format!("opening the databases ({})", shown.join(", "))
        })?;
    domains
        .migrate()
        .await
        .context("updating the database schema")?;
    Ok(domains)
}

fn key_path(url: &str, file: &config::FileConfig) -> PathBuf {
    config::env_or("GRENZELOOS_AUDIT_KEY_FILE", file.audit_key_file.clone())
        .map(PathBuf::from)
        .unwrap_or_else(|| audit_key::default_path(url))
}

/// The application over every domain, signing with the node's audit key (created on the first
/// start). Signs what is due at once: a chain that the last run left unsigned is signed now.
async fn open(url: &str, file: &config::FileConfig) -> anyhow::Result<App> {
    let domains = connect(url, file).await?;
    let key = audit_key::load_or_create(&key_path(url, file), &domains).await?;
    let mut app = App::with_domains(domains.with_audit_key(key));
    config::apply(&mut app.settings, file)?;
    sign(&app).await;
    Ok(app)
}

/// Signs every domain's audit chain (after each command, so its own events are signed).
async fn sign(app: &App) {
    app.sign_audit_logged().await;
}

/// Prints a verification the way an operator reads it; false when something is broken.
fn print_verification(report: &Verification) -> bool {
    match &report.broken {
        None => {
            println!(
                "OK: {} events verified in {} data domains (audit key {}).",
                report.events,
                report.domains.len(),
                report.key
            );
        }
        Some(broken) => {
            println!(
                "BROKEN at event {} ({} domain{}): {}",
                broken.seq,
                broken.domain,
                broken
                    .segment
                    .as_deref()
                    .map(|s| format!(", segment {s}"))
                    .unwrap_or_default(),
                broken.problem
            );
        }
    }
    for d in &report.domains {
        let sealed = d.segments.iter().filter(|s| s.sealed).count();
        print!(
            "{}: {} events in {} segment(s), {sealed} sealed",
            d.domain,
            d.events,
            d.segments.len()
        );
        if let Some(head) = &d.head {
            print!("; head: event {}, hash {}", head.seq, head.hash);
        }
        println!();
        if let Some(signed) = &d.signed_head {
            println!(
                "  signed up to event {} ({} at {}){}",
                signed.seq,
                signed.by,
                signed.signed_at,
                if d.unsigned > 0 {
                    format!("; {} newer event(s) not yet signed", d.unsigned)
                } else {
                    String::new()
                }
            );
        }
        if d.purged.is_empty() {
            if d.broken.is_none() {
                println!("  purged periods: none");
            }
        } else {
            println!("  purged periods:");
            for t in &d.purged {
                println!(
                    "    {}: {} events (events {}–{}), purged {} by {} after {} months; head {}",
                    t.period,
                    t.events,
                    t.first_seq,
                    t.last_seq,
                    t.purged_at,
                    t.purged_by,
                    t.retention_months,
                    t.head_hash
                );
            }
        }
        if let Some(broken) = &d.broken
            && Some(broken) != report.broken.as_ref()
        {
            println!("  BROKEN at event {}: {}", broken.seq, broken.problem);
        }
    }
    if report.broken.is_none() {
        println!(
            "(Write the heads down elsewhere: a later run that no longer shows them reveals a rollback.)"
        );
    }
    report.broken.is_none()
}

async fn serve(app: App, listen: &str, file: &config::FileConfig) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let secure = config::env_or(
        "GRENZELOOS_SECURE_COOKIES",
        file.secure_cookies.map(|b| b.to_string()),
    )
    .is_some_and(|v| v == "true" || v == "1");
    let metrics_listen = config::env_or("GRENZELOOS_METRICS_LISTEN", file.metrics_listen.clone());
    let metrics = match &metrics_listen {
        Some(address) => Some(
            tokio::net::TcpListener::bind(address)
                .await
                .with_context(|| format!("cannot listen for metrics on {address}"))?,
        ),
        None => None,
    };
    let config = WebConfig {
        secure_cookies: secure,
        trusted_proxies: config::trusted_proxies(file)?,
        metrics_token: config::metrics_token(file)?,
        max_import_bytes: config::max_import_bytes(file)?,
    };
    tracing::info!(
        listen,
        metrics_listen = metrics_listen.as_deref().unwrap_or("-"),
        metrics_token = config.metrics_token.is_some(),
        "serving"
    );
    // The node's minute: sign the audit chains (so at most the last minute of events is
    // unsigned) and run the daily jobs that are due.
    let ticker = tokio::spawn({
        let app = app.clone();
        async move {
            let jobs = grenzeloos_app::jobs::daily_jobs();
            let mut minute = tokio::time::interval(Duration::from_secs(60));
            minute.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                minute.tick().await;
                app.tick(&jobs).await;
            }
        }
    });
    let served = grenzeloos_web::serve_with_metrics(listener, metrics, app.clone(), config).await;
    ticker.abort();
    // At shutdown too, so that nothing of the last minute stays unsigned.
    sign(&app).await;
    served?;
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GRENZELOOS_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    let file = &config::load(cli.config.as_deref())?;
    let db = cli.db.clone().or(file.database_url.clone());
    let db_or_default = || {
        db.clone()
            .unwrap_or_else(|| config::DEFAULT_DATABASE.to_string())
    };
    let listen_of = |args: &ServeArgs| {
        args.listen
            .clone()
            .or(file.listen.clone())
            .unwrap_or_else(|| config::DEFAULT_LISTEN.to_string())
    };
    match cli.command {
        Command::Migrate => {
            connect(&db_or_default(), file).await?;
            println!(
                "The database {} is up to date.",
                config::redacted(&db_or_default())
            );
        }
        Command::Serve(args) => {
            let app = open(&db_or_default(), file).await?;
            if !app.has_users().await.map_err(explain)? {
                eprintln!(
                    "There is no account yet: create the first admin with\n  grenzeloos user add --username admin --role admin"
                );
            }
            serve(app, &listen_of(&args), file).await?;
        }
        Command::Demo {
            action,
            serve: args,
        } => {
            let url = db
                .clone()
                .unwrap_or_else(|| config::DEMO_DATABASE.to_string());
            let app = open(&url, file).await?;
            let bar = spinner("loading the demo data");
            let loaded = app.load_demo().await.map_err(explain)?;
            sign(&app).await;
            bar.finish_and_clear();
            println!(
                "{} {}",
                if loaded {
                    "Loaded the demo data into"
                } else {
                    "The demo data are already in"
                },
                config::redacted(&url)
            );
            if action.is_none() {
                let listen = listen_of(&args);
                println!(
                    "\nGrenzeloos demo: http://{listen}/\n\nDemo accounts (password for each: {}):",
                    grenzeloos_app::demo::DEMO_PASSWORD
                );
                for (username, name, role) in grenzeloos_app::demo::DEMO_ACCOUNTS {
                    println!("  {username:<11} {role:<11} {name}");
                }
                println!(
                    "\nThe JSON API is described at http://{listen}/api/v1/openapi.json\nStop with Ctrl-C."
                );
                serve(app, &listen, file).await?;
            }
        }
        Command::User(command) => {
            let app = open(&db_or_default(), file).await?;
            match command {
                UserCommand::Add {
                    username,
                    roles,
                    display_name,
                } => {
                    let password = read_password()?;
                    let user = app
                        .add_user(
                            &operator(&[Permission::UsersManage]),
                            &NewUser {
                                username,
                                display_name,
                                roles,
                                password,
                            },
                        )
                        .await
                        .map_err(explain)?;
                    let roles: Vec<&str> = user.roles.iter().map(|r| r.as_str()).collect();
                    println!(
                        "Created {} with role(s) {}.",
                        user.username,
                        roles.join(", ")
                    );
                }
                UserCommand::Password { username } => {
                    let password = read_password()?;
                    app.set_password(&operator(&[Permission::UsersManage]), &username, &password)
                        .await
                        .map_err(explain)?;
                    println!("Password of {username} set; their sessions have ended.");
                }
                UserCommand::List => {
                    for user in app
                        .users(&operator(&[Permission::UsersManage]))
                        .await
                        .map_err(explain)?
                    {
                        let roles: Vec<&str> = user.roles.iter().map(|r| r.as_str()).collect();
                        println!(
                            "{:<20} {:<30} {}{}",
                            user.username,
                            roles.join(","),
                            user.display_name,
                            if user.active { "" } else { " (inactive)" }
                        );
                    }
                }
            }
            sign(&app).await;
        }
        Command::Import(command) => {
            let app = open(&db_or_default(), file).await?;
            let (path, dry_run, kind) = match command {
                ImportCommand::Deployments { file, dry_run } => {
                    (file, dry_run, ImportKind::Deployments)
                }
                ImportCommand::Missions { file, dry_run } => (file, dry_run, ImportKind::Missions),
            };
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let bar = spinner(&format!("checking {}", path.display()));
            let result = app
                .import(&operator(&[kind.permission()]), kind, text, dry_run)
                .await;
            bar.finish_and_clear();
            sign(&app).await;
            let report = result.map_err(explain)?;
            let verb = if dry_run {
                "Dry run: would create"
            } else {
                "Imported: created"
            };
            println!(
                "{verb} {} mission(s), {} officer(s), {} deployment(s) from {} row(s).{}",
                report.missions_created,
                report.officers_created,
                report.deployments_created,
                report.rows,
                if dry_run { " Nothing was written." } else { "" }
            );
        }
        Command::Report(ReportCommand::Deployments {
            as_of,
            as_recorded_at,
            format,
            output,
        }) => {
            let as_of = parse_date("--as-of", &as_of)?;
            let recorded = as_recorded_at
                .map(|t| parse_instant("--as-recorded-at", &t))
                .transpose()?;
            let app = open(&db_or_default(), file).await?;
            let overview = app
                .deployment_overview(&operator(&[Permission::ReportRead]), as_of, recorded)
                .await
                .map_err(explain)?;
            sign(&app).await;
            let format = match format {
                FormatArg::Json => Format::Json,
                FormatArg::Csv => Format::Csv,
                FormatArg::Md => Format::Markdown,
            };
            let text = deployments::render(&overview, format);
            match output {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{text}"),
            }
        }
        Command::Report(ReportCommand::Roster {
            as_of,
            as_recorded_at,
            purpose,
            format,
            output,
        }) => {
            let as_of = parse_date("--as-of", &as_of)?;
            let recorded = as_recorded_at
                .map(|t| parse_instant("--as-recorded-at", &t))
                .transpose()?;
            let purpose = grenzeloos_domain::access::Purpose::parse(Some(&purpose))
                .map_err(|v| anyhow::anyhow!("--{v}"))?;
            let app = open(&db_or_default(), file).await?;
            let roster = app
                .deployment_roster(
                    &operator(&[Permission::PersonalRead]),
                    as_of,
                    recorded,
                    &purpose,
                )
                .await
                .map_err(explain)?;
            sign(&app).await;
            let format = match format {
                FormatArg::Json => Format::Json,
                FormatArg::Csv => Format::Csv,
                FormatArg::Md => Format::Markdown,
            };
            let text = grenzeloos_report::roster::render(&roster, format);
            match output {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{text}"),
            }
        }
        Command::Report(ReportCommand::SpocStatistics {
            year,
            format,
            output,
        }) => {
            let app = open(&db_or_default(), file).await?;
            let statistics = app
                .spoc_statistics(&operator(&[Permission::CaseStatistics]), year)
                .await
                .map_err(explain)?;
            sign(&app).await;
            let text = match format {
                StatisticsFormatArg::Json => {
                    let mut json = serde_json::to_string_pretty(&statistics)?;
                    json.push('\n');
                    json
                }
                StatisticsFormatArg::Csv => grenzeloos_report::spreadsheet::csv_document(
                    std::iter::once(Statistics::CSV_HEADER.map(String::from))
                        .chain(statistics.csv_rows()),
                ),
            };
            match output {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => print!("{text}"),
            }
        }
        Command::Report(ReportCommand::Annex {
            period,
            as_of,
            as_recorded_at,
            format,
            output,
        }) => {
            let period = HalfYear::parse("--period", &period)?;
            let as_of = match as_of {
                Some(date) => parse_date("--as-of", &date)?,
                None => period.last_day(),
            };
            let recorded = as_recorded_at
                .map(|t| parse_instant("--as-recorded-at", &t))
                .transpose()?;
            let format = match format {
                AnnexFormatArg::Md => AnnexFormat::Markdown,
                AnnexFormatArg::Html => AnnexFormat::Html,
                AnnexFormatArg::Pdf => AnnexFormat::Pdf,
            };
            if format == AnnexFormat::Pdf && output.is_none() && std::io::stdout().is_terminal() {
                bail!(
                    "a PDF is not for the terminal: give --output FILE.pdf or redirect the output"
                );
            }
            let app = open(&db_or_default(), file).await?;
            let bar = spinner("gathering the annex");
            let data = app
                .annex_data(
                    &operator(&[Permission::ReportRead]),
                    period,
                    as_of,
                    recorded,
                )
                .await
                .map_err(explain)?;
            sign(&app).await;
            bar.set_message("typesetting the annex");
            let bytes = annex::render(&data, format)?;
            bar.finish_and_clear();
            match output {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!(
                        "Wrote {} ({} bytes): annex {}, reference date {}, data as recorded at {}.",
                        path.display(),
                        bytes.len(),
                        period.code(),
                        as_of,
                        data.recorded_at
                    );
                }
                None => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes)?;
                }
            }
        }
        Command::Audit(AuditCommand::Verify { public_key }) => {
            let url = db_or_default();
            let domains = connect(&url, file).await?;
            // Verifying needs only the public half: a supervisor may check a copy of the
            // database with the key the node printed; on the node, the key file's.
            let public = match public_key {
                Some(text) => PublicKey::parse(&text).with_context(|| {
                    format!("--public-key must be an Ed25519 public key as 64 hexadecimal digits, not '{text}'")
                })?,
                None => {
                    let path = key_path(&url, file);
                    audit_key::load(&path)?
                        .with_context(|| format!("there is no audit key file at {}: give --public-key, or set GRENZELOOS_AUDIT_KEY_FILE", path.display()))?
                        .public()
                }
            };
            let app = App::with_domains(domains.with_audit_public_key(public));
            let bar = spinner("verifying the audit trail");
            let report = app
                .verify_audit(&operator(&[Permission::AuditRead]))
                .await
                .map_err(explain)?;
            bar.finish_and_clear();
            if !print_verification(&report) {
                return Ok(std::process::ExitCode::FAILURE);
            }
        }
        Command::Audit(AuditCommand::Purge { dry_run }) => {
            let app = open(&db_or_default(), file).await?;
            let report = app
                .purge_audit(&operator(&[Permission::AuditPurge]), dry_run)
                .await
                .map_err(explain)?;
            sign(&app).await;
            if report.due.is_empty() {
                println!("Nothing is past its retention.");
            }
            for due in &report.due {
                let months = app.settings.audit_retention.months(due.domain);
                if dry_run {
                    println!(
                        "Would purge {} {}: {} events (events {}–{}), past {months} months.",
                        due.domain, due.period, due.events, due.first_seq, due.last_seq
                    );
                }
            }
            for (domain, t) in &report.purged {
                println!(
                    "Purged {domain} {}: {} events (events {}–{}); a signed tombstone keeps its head {}.",
                    t.period, t.events, t.first_seq, t.last_seq, t.head_hash
                );
            }
            if dry_run {
                println!("Dry run: nothing was removed.");
            }
            for broken in &report.refused {
                println!(
                    "REFUSED {} {}: event {} does not verify ({}); it stays as evidence: run grenzeloos audit verify.",
                    broken.domain,
                    broken.segment.as_deref().unwrap_or("?"),
                    broken.seq,
                    broken.problem
                );
            }
            if !report.refused.is_empty() {
                return Ok(std::process::ExitCode::FAILURE);
            }
        }
        Command::Audit(AuditCommand::Key) => {
            let app = open(&db_or_default(), file).await?;
            let key = app
                .domain(Domain::Registry)
                .audit_public_key()
                .context("the node has no audit key")?;
            println!("{}", key.hex());
        }
        Command::Bench(command) => bench::run(command).await?,
        Command::Dna(command) => dna::run(command)?,
        Command::Spoc(command) => spoc::run(command)?,
    }
    Ok(std::process::ExitCode::SUCCESS)
}
