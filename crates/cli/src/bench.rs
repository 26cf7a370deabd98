//! Benchmarks: commands that measure and print figures (no test asserts a wall-clock time).
//!
//! `grenzeloos bench overview` generates a registry into a fresh database (SQLite always,
//! PostgreSQL when a server is given), serves the real router over real HTTP on a local port,
//! and measures the overview endpoint with concurrent clients. The figures are written down in
//! `docs/performance.md`.

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use grenzeloos_app::accounts::{Client, NewUser};
use grenzeloos_app::{Actor, App};
use grenzeloos_domain::countries::COUNTRIES;
use grenzeloos_domain::registry::{
    Consent, Deployment, DeploymentStatus, Gender, Location, Mission, Officer, Partner,
    PartnerKind, Period,
};
use grenzeloos_store::registry::{self as repo, DeploymentRow};
use grenzeloos_store::{Backend, Store, Tx};
use grenzeloos_web::WebConfig;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Span;
use jiff::civil::{Date, date};
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Requests per second and latency of the overview endpoint on a generated registry.
    ///
    /// Generates a registry (by default 1,000 missions and 100,000 deployments of 25,000
    /// officers, the same data on every run) into a fresh SQLite database, and into a fresh
    /// PostgreSQL database too when --postgres names a server. It then serves the real router
    /// on a local port and sends GET /api/v1/reports/deployments?as_of=… with a personal API
    /// token from --concurrency clients until --requests are answered, checking every answer.
    ///
    /// Prints the machine, the generation time, requests per second and the p50, p99 and
    /// maximum latency per backend, and a Markdown table for docs/performance.md. Build with
    /// --release: a debug build measures the debug build. --db is not used: the generated
    /// databases are removed afterwards (see --keep).
    Overview(OverviewArgs),
    /// Queries per second and latency of the DNA engines on a synthetic database.
    ///
    /// Generates --profiles profiles (25 % stains) into a CSV file, loads it, builds the fast
    /// engine, and measures full ESS-12 reference queries and 6-locus stain queries on the
    /// index, the compact table scan and the reference scan (the scans on --scan-queries
    /// queries), checking that all return the same hits. Then an all-against-all search of
    /// the first --all-against-all profiles. See docs/dna.md.
    Dna(crate::dna::BenchArgs),
    /// Time per row of the CSV import, for good and bad files of 5,000 and 50,000 rows.
    ///
    /// On a fresh database with the demo data (SQLite, and PostgreSQL with --postgres), imports
    /// three generated files of deployments through the use case: every row refused by a rule
    /// of its own (the first pass, without the database), every row naming an unknown mission
    /// (the second pass, in the transaction), and every row good (imported for real). Prints
    /// each time and a Markdown table for docs/performance.md. Build with --release.
    Import(crate::bench_import::ImportArgs),
    /// The SPOC desk under load: the dashboard and the cross-check on a large case registry.
    ///
    /// Generates --cases historical cases (default 1,000,000; --open of them still open) with
    /// their subjects and cross-check keys into a fresh SQLite database, and a fresh
    /// PostgreSQL database with --postgres; serves the real router; then --operators desk
    /// officers (default 16) each work --rounds rounds at once over HTTP: record a case (its
    /// cross-check against every case), read the dashboard, open the case, answer it, read the
    /// dashboard again. Prints p50, p99 and maximum latency per kind of request and requests
    /// per second (goals: dashboard p99 under 50 ms, cross-check p99 under 100 ms). Build with
    /// --release.
    Spoc(crate::bench_spoc::SpocArgs),
}

#[derive(Args)]
pub struct OverviewArgs {
    /// Missions to generate.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    missions: u32,
    /// Deployments to generate (four per officer, one after the other, 2015–2026; at least
    /// 1,000, so that every reference date has officers deployed).
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1000..=10_000_000))]
    deployments: u32,
    /// Measured requests per backend (after a warm-up of one request per reference date).
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..))]
    requests: u32,
    /// Clients sending requests at the same time.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1024))]
    concurrency: u32,
    /// Also measure on PostgreSQL: a server URL such as postgres://postgres@127.0.0.1:5432
    /// (a fresh database is created on it).
    #[arg(long, env = "GRENZELOOS_BENCH_POSTGRES", hide_env_values = true)]
    postgres: Option<String>,
    /// Keep the generated databases and print their URLs instead of removing them.
    #[arg(long)]
    keep: bool,
    /// Before every measured request, commit an empty write transaction of the registry (not
    /// timed), so that no answer can come from the overview cache: the cost of the first
    /// request after a change.
    #[arg(long)]
    write_between: bool,
}

pub async fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Overview(args) => overview(args).await,
        BenchCommand::Dna(args) => crate::dna::bench(args),
        BenchCommand::Import(args) => crate::bench_import::run(args).await,
        BenchCommand::Spoc(args) => crate::bench_spoc::run(args).await,
    }
}

// ---------------------------------------------------------------------------------------------
// The overview benchmark

/// Who the generated rows are recorded by.
const RECORDED_BY: &str = "bench";
/// Reference dates the clients ask for, in turn.
const AS_OF: [&str; 8] = [
    "2018-06-30",
    "2019-03-31",
    "2020-12-31",
    "2021-09-30",
    "2022-06-30",
    "2023-11-24",
    "2024-04-17",
    "2025-06-30",
];
/// The reference date whose answer is printed as the sample.
const SAMPLE_AS_OF: &str = "2024-04-17";

/// What one backend measured.
struct Measured {
    backend: &'static str,
    version: String,
    generation: Duration,
    requests: usize,
    concurrency: usize,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
    max: Duration,
    sample_missions: usize,
    sample_total: i64,
}

async fn overview(args: OverviewArgs) -> anyhow::Result<()> {
    let plan = Plan {
        missions: args.missions as usize,
        deployments: args.deployments as usize,
    };
    let load = Load {
        requests: args.requests as usize,
        concurrency: args.concurrency as usize,
        write_between: args.write_between,
    };
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; measure with `cargo run --release -p grenzeloos -- bench overview`"
        );
    }
    println!("Machine: {}", machine());
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        // Other work on the machine skews the figures: say how busy it was.
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!("Load average before the run: {}", load.join(" "));
    }
    println!(
        "Registry: {} missions, {} officers, {} deployments; {} requests from {} client{} per backend{}.\n",
        plan.missions,
        plan.officers(),
        plan.deployments,
        load.requests,
        load.concurrency,
        if load.concurrency == 1 { "" } else { "s" },
        if load.write_between {
            ", each after a write (no cached answers)"
        } else {
            ""
        },
    );
    let mut results = Vec::new();

    let store = grenzeloos_store::testing::fresh_sqlite_with(crate::clock::from_env()?).await;
    let db = Fresh::of(&store).await?;
    let measured = measure("SQLite", store, &plan, &load).await;
    results.push(finish(db, measured, args.keep, None).await?);

    if let Some(server) = args.postgres.as_deref().filter(|s| !s.trim().is_empty()) {
        let server = server.trim().trim_end_matches('/').to_string();
        let shown = crate::config::redacted(&server);
        let clock = crate::clock::from_env()?;
        let store = tokio::spawn({
            let server = server.clone();
            async move { grenzeloos_store::testing::fresh_postgres_with(&server, clock).await }
        })
        .await
        .map_err(|e| anyhow!("cannot create a database on the PostgreSQL server {shown}: {e}"))?;
        let db = Fresh::of(&store).await?;
        let measured = measure("PostgreSQL", store, &plan, &load).await;
        results.push(finish(db, measured, args.keep, Some(&server)).await?);
    }

    println!("| Backend | Generation | Requests | Clients | Requests/s | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for m in &results {
        println!(
            "| {} {} | {:.1} s | {} | {} | {:.1} | {} ms | {} ms | {} ms |",
            m.backend,
            m.version,
            m.generation.as_secs_f64(),
            m.requests,
            m.concurrency,
            m.requests as f64 / m.elapsed.as_secs_f64(),
            ms(m.p50),
            ms(m.p99),
            ms(m.max),
        );
    }
    Ok(())
}

/// Removes the generated database (unless asked to keep it), then passes the outcome on.
pub(crate) async fn finish<T>(
    db: Fresh,
    measured: anyhow::Result<T>,
    keep: bool,
    server: Option<&str>,
) -> anyhow::Result<T> {
    if keep {
        println!("Kept the database: {}\n", db.url(server));
    } else if let Err(error) = db.remove(server).await {
        eprintln!(
            "warning: could not remove the generated database {}: {error:#}",
            db.url(server)
        );
    }
    measured
}

/// Generates the registry into `store`, serves it, measures, and prints the figures; closes
/// the store whatever happens.
async fn measure(
    backend: &'static str,
    store: Store,
    plan: &Plan,
    load: &Load,
) -> anyhow::Result<Measured> {
    let measured = measure_on(backend, &store, plan, load).await;
    store.close().await;
    measured
}

async fn measure_on(
    backend: &'static str,
    store: &Store,
    plan: &Plan,
    load: &Load,
) -> anyhow::Result<Measured> {
    println!("== {backend}");
    let version = version(store).await?;
    let started = Instant::now();
    generate(store, plan)
        .await
        .with_context(|| format!("generating the registry on {backend}"))?;
    analyze(store).await?;
    let generation = started.elapsed();
    println!(
        "generation:   {:.1} s ({version})",
        generation.as_secs_f64()
    );

    let app = App::new(store.clone());
    let secret = api_token(&app).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding a local port")?;
    let address = listener.local_addr().context("the local port")?;
    let server = tokio::spawn(grenzeloos_web::serve(listener, app, WebConfig::default()));
    let outcome = hammer(&format!("http://{address}"), &secret, load, store).await;
    server.abort();
    let _ = server.await;
    let (sample, latencies, elapsed) = outcome?;

    let measured = Measured {
        backend,
        version,
        generation,
        requests: latencies.len(),
        concurrency: load.concurrency,
        elapsed,
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
        max: latencies.last().copied().unwrap_or_default(),
        sample_missions: sample.missions.len(),
        sample_total: sample.total,
    };
    println!(
        "requests:     {} from {} client{} in {:.1} s",
        measured.requests,
        measured.concurrency,
        if measured.concurrency == 1 { "" } else { "s" },
        elapsed.as_secs_f64()
    );
    println!(
        "throughput:   {:.1} requests/s",
        measured.requests as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency:      p50 {} ms, p99 {} ms, max {} ms",
        ms(measured.p50),
        ms(measured.p99),
        ms(measured.max)
    );
    println!(
        "sample:       as_of {SAMPLE_AS_OF}: {} missions, {} officers deployed\n",
        measured.sample_missions, measured.sample_total
    );
    Ok(measured)
}

/// A user with the policy role and a personal API token for them; returns the token's secret.
async fn api_token(app: &App) -> anyhow::Result<String> {
    let password = format!("bench-{}", new_id());
    app.add_user(
        &Actor::operator(
            RECORDED_BY,
            &[grenzeloos_domain::access::Permission::UsersManage],
        ),
        &NewUser {
            username: "bench".to_string(),
            display_name: Some("Benchmark".to_string()),
            roles: vec!["policy".to_string()],
            password: password.clone(),
        },
    )
    .await
    .context("creating the benchmark user")?;
    let session = app
        .login("bench", &password, &Client::default())
        .await
        .context("signing in as the benchmark user")?;
    let token = app
        .create_token(
            &session.actor,
            Some(&session.token),
            &Client::default(),
            "bench",
            Some(1),
        )
        .await
        .context("creating the benchmark API token")?;
    Ok(token.secret)
}

/// The part of the overview's JSON the benchmark checks.
#[derive(Deserialize)]
struct OverviewBody {
    missions: Vec<IgnoredAny>,
    total: i64,
}

/// One request; fails on anything but a 200 with a non-empty overview.
async fn fetch(client: &reqwest::Client, url: &str, secret: &str) -> anyhow::Result<OverviewBody> {
    let response = client
        .get(url)
        .bearer_auth(secret)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = response.status();
    if status != reqwest::StatusCode::OK {
        let body = response.text().await.unwrap_or_default();
        bail!("GET {url} answered {status}: {body}");
    }
    let body: OverviewBody = response
        .json()
        .await
        .with_context(|| format!("GET {url}: the answer is not an overview"))?;
    if body.total <= 0 || body.missions.is_empty() {
        bail!("GET {url}: the overview is empty (total {})", body.total);
    }
    Ok(body)
}

/// Warms up with one request per reference date, then sends `load.requests` requests from
/// `load.concurrency` clients (with `load.write_between`, each after an empty write
/// transaction of the registry on `store`, which makes every cached overview stale). Returns
/// the sample answer, the sorted latencies and the time all requests took.
async fn hammer(
    base: &str,
    secret: &str,
    load: &Load,
    store: &Store,
) -> anyhow::Result<(OverviewBody, Vec<Duration>, Duration)> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(load.concurrency)
        .timeout(Duration::from_secs(120))
        .build()
        .context("building the HTTP client")?;
    let urls: Arc<Vec<String>> = Arc::new(
        AS_OF
            .iter()
            .map(|as_of| format!("{base}/api/v1/reports/deployments?as_of={as_of}"))
            .collect(),
    );
    let mut sample = None;
    for (url, as_of) in urls.iter().zip(AS_OF) {
        let body = fetch(&client, url, secret).await.context("warming up")?;
        if as_of == SAMPLE_AS_OF {
            sample = Some(body);
        }
    }
    let sample = sample.context("no sample answer")?;

    let bar = ProgressBar::new(load.requests as u64).with_style(
        ProgressStyle::with_template("requests     [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .context("progress bar template")?,
    );
    let next = Arc::new(AtomicUsize::new(0));
    let secret: Arc<str> = Arc::from(secret);
    let mut clients = tokio::task::JoinSet::new();
    let started = Instant::now();
    for _ in 0..load.concurrency {
        let (client, urls, next, secret, bar) = (
            client.clone(),
            urls.clone(),
            next.clone(),
            secret.clone(),
            bar.clone(),
        );
        let writer = load.write_between.then(|| store.clone());
        let requests = load.requests;
        clients.spawn(async move {
            let mut latencies = Vec::with_capacity(requests / 4 + 1);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= requests {
                    break;
                }
                let url = &urls[i % urls.len()];
                if let Some(store) = &writer {
                    // Raises the registry's revision: the answer must be computed afresh.
                    let tx = store.write().await.context("starting a write")?;
                    tx.commit().await.context("committing a write")?;
                }
                let sent = Instant::now();
                fetch(&client, url, &secret).await?;
                latencies.push(sent.elapsed());
                bar.inc(1);
            }
            anyhow::Ok(latencies)
        });
    }
    let mut latencies = Vec::with_capacity(load.requests);
    while let Some(joined) = clients.join_next().await {
        latencies.extend(joined.context("a client task failed")??);
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    latencies.sort();
    Ok((sample, latencies, elapsed))
}

/// The nearest-rank percentile of sorted values.
pub(crate) fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub(crate) fn ms(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// How hard to push.
struct Load {
    requests: usize,
    concurrency: usize,
    write_between: bool,
}

// ---------------------------------------------------------------------------------------------
// The machine and the databases

/// CPUs, CPU model, memory and kernel, as far as the system tells.
pub(crate) fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map_or("unknown CPU model", |(_, model)| model.trim());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or("unknown memory".to_string(), |kb| {
            format!("{:.1} GiB RAM", kb as f64 / (1024.0 * 1024.0))
        });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!(", Linux {}", k.trim()))
        .unwrap_or_default();
    format!("{cpus} CPUs ({model}), {memory}{kernel}")
}

/// The database server's version, e.g. "3.46.0" or "PostgreSQL 15.20".
pub(crate) async fn version(store: &Store) -> anyhow::Result<String> {
    let mut conn = store.read().await.context("connecting")?;
    let sql = match store.backend() {
        Backend::Sqlite => "SELECT sqlite_version()",
        Backend::Postgres => "SELECT current_setting('server_version')",
    };
    let version: String = sqlx::query_scalar(sql)
        .fetch_one(&mut *conn)
        .await
        .context("asking the database for its version")?;
    Ok(version
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string())
}

/// On PostgreSQL, gathers the planner's statistics, as autovacuum does in production soon
/// after a bulk load (without them the planner expects a handful of deployments and joins
/// them in a nested loop). SQLite gathers none unless asked, and the store does not ask.
pub(crate) async fn analyze(store: &Store) -> anyhow::Result<()> {
    if store.backend() == Backend::Postgres {
        let mut conn = store.read().await.context("connecting")?;
        sqlx::query("ANALYZE")
            .execute(&mut *conn)
            .await
            .context("gathering statistics (ANALYZE)")?;
    }
    Ok(())
}

/// A fresh database created for the benchmark: the SQLite file or the PostgreSQL database.
pub(crate) struct Fresh {
    backend: Backend,
    name: String,
}

impl Fresh {
    pub(crate) async fn of(store: &Store) -> anyhow::Result<Fresh> {
        let mut conn = store.read().await.context("connecting")?;
        let sql = match store.backend() {
            Backend::Sqlite => "SELECT file FROM pragma_database_list WHERE name = 'main'",
            Backend::Postgres => "SELECT current_database()::text",
        };
        let name: String = sqlx::query_scalar(sql)
            .fetch_one(&mut *conn)
            .await
            .context("asking the database for its name")?;
        Ok(Fresh {
            backend: store.backend(),
            name,
        })
    }

    pub(crate) fn url(&self, server: Option<&str>) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.name),
            Backend::Postgres => crate::config::redacted(&format!(
                "{}/{}",
                server.unwrap_or("postgres://"),
                self.name
            )),
        }
    }

    /// Removes the database; its store must be closed.
    pub(crate) async fn remove(&self, server: Option<&str>) -> anyhow::Result<()> {
        match self.backend {
            Backend::Sqlite => {
                for suffix in ["", "-wal", "-shm"] {
                    match std::fs::remove_file(format!("{}{suffix}", self.name)) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(e).context("removing the file");
                        }
                        _ => {}
                    }
                }
            }
            Backend::Postgres => {
                let server = server.context("no PostgreSQL server")?;
                let admin =
                    Store::connect(&format!("{server}/postgres"), crate::clock::from_env()?)
                        .await?;
                let mut conn = admin.read().await?;
                // The name is the one fresh_postgres made (grenzeloos_test_ and hex digits).
                sqlx::query(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .execute(&mut *conn)
                .await?;
                drop(conn);
                admin.close().await;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The generated registry

/// How many rows to generate.
struct Plan {
    missions: usize,
    deployments: usize,
}

/// Deployments per officer, one after the other.
const PER_OFFICER: usize = 4;
/// Rows per write transaction.
const BATCH: usize = 5_000;
/// Deployments lie in this span (inclusive).
const FIRST_DAY: Date = date(2015, 1, 1);
const LAST_DAY: Date = date(2026, 12, 31);
/// Missions start between this day and 1,800 days later, before the first deployment.
const MISSIONS_FROM: Date = date(2010, 1, 1);
/// The status of a deployment is what it would be on this day: ended before it, deployed
/// over it, planned after it (fixed, so that every run generates the same registry).
const STATUS_DAY: Date = date(2026, 3, 1);

const MANDATED_BY: [(&str, &str, &str); 3] = [
    ("EU", "Europese Unie", "European Union"),
    ("UN", "Verenigde Naties", "United Nations"),
    (
        "OSCE",
        "Organisatie voor Veiligheid en Samenwerking in Europa (OVSE)",
        "Organization for Security and Co-operation in Europe",
    ),
];
const GIVEN_NAMES: [&str; 12] = [
    "Anna", "Bram", "Chantal", "Daan", "Esra", "Femke", "Gijs", "Hanna", "Jeroen", "Lotte",
    "Mohamed", "Sanne",
];
const FAMILY_NAMES: [&str; 12] = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Yilmaz",
    "de Boer",
    "Mulder",
    "Bos",
];
const RANKS: [&str; 5] = [
    "hoofdagent",
    "brigadier",
    "inspecteur",
    "hoofdinspecteur",
    "commissaris",
];
const UNITS: [&str; 6] = [
    "Eenheid Amsterdam",
    "Eenheid Rotterdam",
    "Eenheid Den Haag",
    "Eenheid Oost-Nederland",
    "Landelijke Eenheid",
    "Koninklijke Marechaussee",
];
const FUNCTIONS: [&str; 6] = [
    "Adviseur",
    "Mentor",
    "Trainer",
    "Liaison officer",
    "Analist",
    "Hoofd operaties",
];

impl Plan {
    fn officers(&self) -> usize {
        self.deployments.div_ceil(PER_OFFICER)
    }

    fn rows(&self) -> usize {
        MANDATED_BY.len() + self.missions + self.officers() + self.deployments
    }
}

/// A small fixed-seed PRNG (splitmix64): the same registry on every run, without a crate.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with the given chance in percent.
    pub(crate) fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }
}

fn plus_days(day: Date, days: usize) -> anyhow::Result<Date> {
    let span = Span::new().try_days(days as i64)?;
    day.checked_add(span)
        .with_context(|| format!("{day} plus {days} days"))
}

fn minus_days(day: Date, days: usize) -> anyhow::Result<Date> {
    let span = Span::new().try_days(days as i64)?;
    day.checked_sub(span)
        .with_context(|| format!("{day} minus {days} days"))
}

/// The deployments of one officer as (first day, length in days) within a span of `span_days`
/// days: 60 to 365 days each, one after the other with random gaps (the free days of the span
/// are cut at random points), so that none overlap and none leave the span.
fn officer_periods(rng: &mut SplitMix64, count: usize, span_days: usize) -> Vec<(usize, usize)> {
    let lengths: Vec<usize> = (0..count).map(|_| 60 + rng.below(306)).collect();
    let free = span_days.saturating_sub(lengths.iter().sum());
    let mut cuts: Vec<usize> = lengths.iter().map(|_| rng.below(free + 1)).collect();
    cuts.sort_unstable();
    let mut taken = 0;
    lengths
        .into_iter()
        .zip(cuts)
        .map(|(length, cut)| {
            let offset = cut + taken;
            taken += length;
            (offset, length)
        })
        .collect()
}

/// The open write transaction of a generation, committed every [`BATCH`] rows.
struct Batch {
    tx: Tx,
    now: String,
    rows: usize,
}

impl Batch {
    async fn open(store: &Store) -> anyhow::Result<Batch> {
        let tx = store.write().await.context("starting a transaction")?;
        Ok(Batch {
            now: tx.now_text(),
            tx,
            rows: 0,
        })
    }

    /// Counts a written row; commits and starts a new transaction when the batch is full.
    /// After each commit it gathers statistics on PostgreSQL, as autovacuum would while a
    /// table grows: without them the generator's `UPDATE … WHERE id = $2 AND recorded_to IS
    /// NULL` is planned for an empty table and slows to 10–20 ms a row (a server with
    /// autovacuum off, as CI's, then needs 25 minutes to generate).
    async fn written(mut self, store: &Store, bar: &ProgressBar) -> anyhow::Result<Batch> {
        bar.inc(1);
        self.rows += 1;
        if self.rows < BATCH {
            return Ok(self);
        }
        self.tx.commit().await.context("committing")?;
        analyze(store).await?;
        Batch::open(store).await
    }
}

/// Writes the registry of `plan` straight through the store's repositories (no use cases, no
/// audit events), in transactions of [`BATCH`] rows.
async fn generate(store: &Store, plan: &Plan) -> anyhow::Result<()> {
    let bar = ProgressBar::new(plan.rows() as u64).with_style(
        ProgressStyle::with_template(
            "generating   [{bar:40}] {pos}/{len} rows ({per_sec}, {eta} left) {msg}",
        )
        .context("progress bar template")?,
    );
    let mut rng = SplitMix64(0x4752_454E_5A45_4C4F);
    let mut batch = Batch::open(store).await?;

    bar.set_message("partners");
    for (code, name_nl, name_en) in MANDATED_BY {
        let partner = Partner {
            code: code.to_string(),
            kind: PartnerKind::Organisation,
            name_nl: name_nl.to_string(),
            name_en: name_en.to_string(),
        };
        repo::save_partner(&mut batch.tx, &new_id(), &partner, &batch.now, RECORDED_BY).await?;
        batch = batch.written(store, &bar).await?;
    }

    bar.set_message("missions");
    let mut missions = Vec::with_capacity(plan.missions);
    for i in 1..=plan.missions {
        let id = new_id();
        let start = plus_days(MISSIONS_FROM, rng.below(1800))?;
        let mission = Mission {
            name: format!("Benchmissie {i:05}"),
            acronym: Some(format!("BM{i:05}")),
            mandated_by: rng.pick(&MANDATED_BY).0.to_string(),
            period: Period { start, end: None },
        };
        let country = rng.pick(COUNTRIES);
        let mut country_codes = vec![country.code.to_string()];
        if rng.percent(10) {
            let second = rng.pick(COUNTRIES);
            if second.code != country.code {
                country_codes.push(second.code.to_string());
            }
        }
        let location = Location {
            valid_from: start,
            country_codes,
            station: country.name_nl.to_string(),
        };
        repo::save_mission(&mut batch.tx, &id, &mission, &batch.now, RECORDED_BY).await?;
        repo::save_location(
            &mut batch.tx,
            &new_id(),
            &id,
            &location,
            &batch.now,
            RECORDED_BY,
        )
        .await?;
        missions.push(id);
        batch = batch.written(store, &bar).await?;
    }

    // Days in the span of the deployments, both ends included.
    let span_days = FIRST_DAY
        .until(LAST_DAY)
        .context("the span of the deployments")?
        .get_days();
    let span_days = usize::try_from(span_days).context("the span of the deployments")? + 1;
    let mut left = plan.deployments;
    bar.set_message("officers and deployments");
    for number in 1..=plan.officers() {
        let officer_id = new_id();
        let officer = Officer {
            personnel_number: format!("BENCH-{number:07}"),
            given_name: rng.pick(&GIVEN_NAMES).to_string(),
            family_name: rng.pick(&FAMILY_NAMES).to_string(),
            gender: *rng.pick(&[Gender::Female, Gender::Male, Gender::Male, Gender::X]),
            rank: Some(rng.pick(&RANKS).to_string()),
            unit: Some(rng.pick(&UNITS).to_string()),
        };
        repo::save_officer(
            &mut batch.tx,
            &officer_id,
            &officer,
            &batch.now,
            RECORDED_BY,
        )
        .await?;
        batch = batch.written(store, &bar).await?;

        for (offset, length) in officer_periods(&mut rng, PER_OFFICER.min(left), span_days) {
            let start = plus_days(FIRST_DAY, offset)?;
            let end = plus_days(start, length - 1)?;
            let status = if start > STATUS_DAY {
                DeploymentStatus::Planned
            } else if rng.percent(3) {
                DeploymentStatus::Cancelled
            } else if rng.percent(2) {
                DeploymentStatus::Evacuated
            } else if end < STATUS_DAY {
                DeploymentStatus::Ended
            } else {
                DeploymentStatus::Deployed
            };
            let consent = if status.went_out() || rng.percent(50) {
                Some(Consent {
                    date: minus_days(start, 7 + rng.below(60))?,
                    recorded_by: RECORDED_BY.to_string(),
                })
            } else {
                None
            };
            let row = DeploymentRow {
                id: new_id(),
                officer_id: officer_id.clone(),
                mission_id: rng.pick(&missions).clone(),
                team_id: None,
                deployment: Deployment {
                    function: rng.pick(&FUNCTIONS).to_string(),
                    period: Period {
                        start,
                        end: Some(end),
                    },
                    status,
                    consent,
                },
            };
            repo::save_deployment(&mut batch.tx, &row, &batch.now, RECORDED_BY).await?;
            batch = batch.written(store, &bar).await?;
        }
        left = left.saturating_sub(PER_OFFICER);
    }
    batch.tx.commit().await.context("committing")?;
    bar.finish_and_clear();
    Ok(())
}

/// A fresh identifier for generated rows (the binary may read the system clock).
fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_repeats_itself() {
        let (mut a, mut b) = (SplitMix64(7), SplitMix64(7));
        let first: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(first, second);
        assert!(first.windows(2).all(|w| w[0] != w[1]));
    }

    #[test]
    fn an_officers_deployments_neither_overlap_nor_leave_the_span() {
        let mut rng = SplitMix64(1);
        for _ in 0..10_000 {
            let periods = officer_periods(&mut rng, PER_OFFICER, 4383);
            assert_eq!(periods.len(), PER_OFFICER);
            for pair in periods.windows(2) {
                let ((start, length), (next, _)) = (pair[0], pair[1]);
                assert!(start + length <= next, "{periods:?} overlap");
            }
            assert!(
                periods
                    .iter()
                    .all(|&(_, length)| (60..=365).contains(&length))
            );
            let (last, length) = periods[PER_OFFICER - 1];
            assert!(last + length <= 4383, "{periods:?} leave the span");
        }
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 0.50), Duration::from_millis(50));
        assert_eq!(percentile(&values, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&values[..1], 0.99), Duration::from_millis(1));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn the_plan_counts_its_officers() {
        let plan = Plan {
            missions: 1000,
            deployments: 100_001,
        };
        assert_eq!(plan.officers(), 25_001);
        assert_eq!(plan.rows(), 3 + 1000 + 25_001 + 100_001);
    }
}
