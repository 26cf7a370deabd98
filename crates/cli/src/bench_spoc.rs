//! `grenzeloos bench spoc` (issue 14): the SPOC desk under load. Generates a case registry of
//! historical cases (by default 1,000,000: mostly concluded, a few hundred open) with their
//! subjects and cross-check keys into a fresh database (SQLite, and PostgreSQL with
//! --postgres), serves the real router, and lets --operators desk officers work at once over
//! HTTP, each in turn recording a case (with its cross-check against every case), reading the
//! dashboard, opening the case and answering it — at each pace of --pause-ms (0: no pause, the
//! machine's ceiling; 250: still faster than a person reads and types). Prints requests per
//! second and p50/p99 per kind of request and pace; the goals are p99 under 50 ms for the
//! dashboard and under 100 ms for the cross-check. Figures in docs/performance.md.

use crate::bench::{Fresh, SplitMix64, analyze, finish, machine, ms, percentile, version};
use anyhow::{Context, anyhow, bail};
use clap::Args;
use grenzeloos_app::accounts::{Client, NewUser};
use grenzeloos_app::{Actor, App};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::spoc::crosscheck;
use grenzeloos_domain::spoc::intake::SPOC_STATES;
use grenzeloos_domain::spoc::message::Subject;
use grenzeloos_domain::time::instant_text;
use grenzeloos_store::spoc::{self as repo, CaseRow, SubjectRow};
use grenzeloos_store::{Store, Tx};
use grenzeloos_web::WebConfig;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct SpocArgs {
    /// Historical cases to generate (each with one or two subjects and their keys).
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u32).range(1000..=10_000_000))]
    cases: u32,
    /// Of them, this many still open (on the dashboard).
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    open: u32,
    /// Desk officers working at the same time.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=256))]
    operators: u32,
    /// Rounds per officer; a round records a case, reads the dashboard, opens the case,
    /// answers it and reads the dashboard again.
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    rounds: u32,
    /// Also measure on PostgreSQL: a server URL such as postgres://postgres@127.0.0.1:5432.
    #[arg(long, env = "GRENZELOOS_BENCH_POSTGRES", hide_env_values = true)]
    postgres: Option<String>,
    /// Keep the generated databases and print their URLs instead of removing them.
    #[arg(long)]
    keep: bool,
    /// Measure PostgreSQL only (with --postgres), not SQLite first.
    #[arg(long, requires = "postgres")]
    postgres_only: bool,
    /// Milliseconds an officer pauses after each answer before the next request (reading the
    /// screen, typing), on average (±50 %). 0 sends the next request at once: the machine's
    /// ceiling, where every request queues behind the others for a CPU. Several, comma
    /// separated, measure one after the other on the same generated registry.
    #[arg(long, value_delimiter = ',', default_value = "0", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pause_ms: Vec<u64>,
}

/// Family names the generator combines from syllables: some 40,000 different ones, so that
/// a name recurs now and then, as on a real desk.
const FIRST: [&str; 40] = [
    "Ja", "Van", "De", "Ber", "Mül", "Kow", "Ros", "Gar", "Hu", "Pet", "Lef", "Nov", "Sch", "Wal",
    "Kr", "Ma", "Ol", "Fer", "Bo", "Di", "Ha", "Ste", "Lin", "Mo", "Pa", "Ri", "Sa", "To", "Vi",
    "Wo", "Ze", "An", "El", "Is", "Or", "Ul", "Ka", "Lu", "Ne", "Ti",
];
const MIDDLE: [&str; 25] = [
    "n", "ss", "rt", "ll", "nd", "rk", "ch", "lm", "st", "r", "v", "g", "d", "b", "m", "t", "z",
    "k", "p", "l", "sk", "nt", "rd", "mb", "gh",
];
const LAST: [&str; 40] = [
    "sen", "er", "ski", "i", "ez", "ens", "ov", "ić", "man", "berg", "son", "eau", "ini", "as",
    "os", "ek", "ová", "ic", "ard", "el", "ein", "aux", "ado", "ura", "ola", "ak", "uk", "enko",
    "escu", "oglu", "ides", "ou", "ey", "ly", "et", "on", "in", "an", "ar", "ir",
];
const GIVEN: [&str; 16] = [
    "Jan", "Anna", "Marco", "Ana", "Piotr", "Lena", "Hugo", "Sofia", "Luis", "Eva", "Tom", "Ines",
    "Karl", "Maria", "Ali", "Nora",
];

fn family_name(rng: &mut SplitMix64) -> String {
    format!(
        "{}{}{}",
        rng.pick(&FIRST),
        rng.pick(&MIDDLE),
        rng.pick(&LAST)
    )
}

fn person(rng: &mut SplitMix64) -> Value {
    json!({
        "type": "person",
        "family_name": family_name(rng),
        "given_names": rng.pick(&GIVEN),
        "date_of_birth": format!("{}-{:02}-{:02}", 1950 + rng.below(55), 1 + rng.below(12), 1 + rng.below(28)),
        "category": "suspect",
    })
}

fn plate(rng: &mut SplitMix64) -> Value {
    let letters: String = (0..3)
        .map(|_| char::from(b'A' + rng.below(26) as u8))
        .collect();
    json!({"type": "vehicle", "plate": format!("{}-{letters}-{}", rng.below(100), rng.below(10))})
}

pub async fn run(args: SpocArgs) -> anyhow::Result<()> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; measure with `cargo run --release -p grenzeloos -- bench spoc`"
        );
    }
    if args.open > args.cases {
        bail!("--open cannot exceed --cases");
    }
    println!("Machine: {}", machine());
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!("Load average before the run: {}", load.join(" "));
    }
    println!(
        "Case registry: {} historical cases ({} open); {} officers × {} rounds per backend and pause.\n",
        args.cases, args.open, args.operators, args.rounds
    );
    let mut rows = Vec::new();
    if !args.postgres_only {
        let store = grenzeloos_store::testing::fresh_sqlite_with(crate::clock::from_env()?).await;
        let db = Fresh::of(&store).await?;
        let measured = measure("SQLite", store, &args).await;
        rows.push(finish(db, measured, args.keep, None).await?);
    }
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
        let measured = measure("PostgreSQL", store, &args).await;
        rows.push(finish(db, measured, args.keep, Some(&server)).await?);
    }
    println!("| Backend | Generation | Pause | Request | Count | p50 | p99 | max |");
    println!("|---|---:|---:|---|---:|---:|---:|---:|");
    for (backend, generation, runs) in &rows {
        for run in runs {
            for (kind, latencies) in &run.by_kind {
                println!(
                    "| {backend} | {:.0} s | {} ms | {kind} | {} | {} ms | {} ms | {} ms |",
                    generation.as_secs_f64(),
                    run.pause_ms,
                    latencies.len(),
                    ms(percentile(latencies, 0.50)),
                    ms(percentile(latencies, 0.99)),
                    ms(latencies.last().copied().unwrap_or_default()),
                );
            }
        }
    }
    for (backend, _, runs) in &rows {
        for run in runs {
            let total: usize = run.by_kind.values().map(Vec::len).sum();
            println!(
                "{backend}, pause {} ms: {total} requests in {:.1} s, {:.1} requests/s",
                run.pause_ms,
                run.elapsed.as_secs_f64(),
                total as f64 / run.elapsed.as_secs_f64()
            );
        }
    }
    Ok(())
}

/// The officers' work at one pace.
struct Run {
    pause_ms: u64,
    by_kind: BTreeMap<&'static str, Vec<Duration>>,
    elapsed: Duration,
}

type Measured = (String, Duration, Vec<Run>);

async fn measure(backend: &'static str, store: Store, args: &SpocArgs) -> anyhow::Result<Measured> {
    let measured = measure_on(backend, &store, args).await;
    store.close().await;
    measured
}

async fn measure_on(
    backend: &'static str,
    store: &Store,
    args: &SpocArgs,
) -> anyhow::Result<Measured> {
    println!("== {backend}");
    let version = version(store).await?;
    let started = Instant::now();
    let known = generate(store, args)
        .await
        .with_context(|| format!("generating the case registry on {backend}"))?;
    analyze(store).await?;
    let generation = started.elapsed();
    println!(
        "generation:   {:.1} s ({version})",
        generation.as_secs_f64()
    );

    let app = App::new(store.clone());
    app.load_demo_registry()
        .await
        .context("loading the registry (agreements for the legal basis)")?;
    let secret = desk_token(&app).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding a local port")?;
    let address = listener.local_addr().context("the local port")?;
    let server = tokio::spawn(grenzeloos_web::serve(listener, app, WebConfig::default()));
    let known = Arc::new(known);
    let mut runs = Vec::new();
    for &pause_ms in &args.pause_ms {
        println!("officers pausing {pause_ms} ms between requests:");
        let outcome = work(
            &format!("http://{address}"),
            &secret,
            args,
            pause_ms,
            store.now(),
            known.clone(),
        )
        .await;
        let (by_kind, elapsed) = match outcome {
            Ok(measured) => measured,
            Err(error) => {
                server.abort();
                return Err(error);
            }
        };
        for (kind, latencies) in &by_kind {
            println!(
                "{kind:<24} {} requests, p50 {} ms, p99 {} ms, max {} ms",
                latencies.len(),
                ms(percentile(latencies, 0.50)),
                ms(percentile(latencies, 0.99)),
                ms(latencies.last().copied().unwrap_or_default())
            );
        }
        println!();
        runs.push(Run {
            pause_ms,
            by_kind,
            elapsed,
        });
    }
    server.abort();
    let _ = server.await;
    Ok((format!("{backend} {version}"), generation, runs))
}

/// A desk officer's account and a personal API token for it.
async fn desk_token(app: &App) -> anyhow::Result<String> {
    let password = format!("bench-{}", uuid::Uuid::new_v4());
    app.add_user(
        &Actor::operator("bench", &[Permission::UsersManage]),
        &NewUser {
            username: "desk".to_string(),
            display_name: Some("Benchmark desk".to_string()),
            roles: vec!["spoc".to_string()],
            password: password.clone(),
        },
    )
    .await
    .context("creating the desk's account")?;
    let session = app
        .login("desk", &password, &Client::default())
        .await
        .context("signing in")?;
    Ok(app
        .create_token(
            &session.actor,
            Some(&session.token),
            &Client::default(),
            "bench",
            Some(1),
        )
        .await
        .context("creating the API token")?
        .secret)
}

/// Rows per transaction while generating.
const BATCH: usize = 2_000;
/// Batches between two updates of the planner's statistics while generating.
const ANALYZE_EVERY: usize = 50;

/// Writes the historical cases straight through the store (no use cases, no audit events):
/// received over the five years before now, concluded unless among the last `open`. Returns
/// a sample of the persons written (one in a thousand), for new cases that name them.
async fn generate(store: &Store, args: &SpocArgs) -> anyhow::Result<Vec<Value>> {
    let exchange = store.in_domain(DataDomain::Exchange);
    let total = args.cases as usize;
    let bar = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template(
            "generating   [{bar:40}] {pos}/{len} cases ({per_sec}, {eta} left)",
        )
        .context("progress bar template")?,
    );
    let mut rng = SplitMix64(0x5350_4F43_4445_534B);
    let now = exchange.now();
    let span = SignedDuration::from_hours(5 * 365 * 24);
    let mut tx = exchange.write().await.context("starting a transaction")?;
    let mut in_batch = 0;
    let mut known = Vec::new();
    for i in 0..total {
        // Oldest first; the last `open` ones are the open cases of the last few days.
        let open = i >= total - args.open as usize;
        let received: Timestamp = if open {
            now - SignedDuration::from_mins(rng.below(7 * 24 * 60) as i64 + 1)
        } else {
            now - span
                + SignedDuration::from_secs(
                    (span.as_secs() as u64 * i as u64 / total as u64) as i64,
                )
        };
        let person = write_case(&mut tx, &mut rng, i, received, open, now).await?;
        if i % 1000 == 0 {
            known.push(person);
        }
        in_batch += 1;
        if in_batch >= BATCH {
            tx.commit().await.context("committing")?;
            // Statistics now and then, not after every batch: on PostgreSQL each ANALYZE of the
            // growing tables took over a second, most of the 1,000,000-case generation.
            if (i + 1) % (BATCH * ANALYZE_EVERY) == 0 {
                analyze(&exchange).await?;
            }
            tx = exchange.write().await.context("starting a transaction")?;
            in_batch = 0;
        }
        bar.inc(1);
    }
    tx.commit().await.context("committing")?;
    bar.finish_and_clear();
    Ok(known)
}

async fn write_case(
    tx: &mut Tx,
    rng: &mut SplitMix64,
    i: usize,
    received: Timestamp,
    open: bool,
    now: Timestamp,
) -> anyhow::Result<Value> {
    let id = tx.new_id();
    let year = grenzeloos_domain::clock::amsterdam_date(received).year();
    let partner = rng.pick(&SPOC_STATES).to_string();
    let urgent = rng.percent(20);
    let mut subjects = vec![person(rng)];
    if rng.percent(50) {
        subjects.push(plate(rng));
    }
    let hours = if urgent { 8 } else { 7 * 24 };
    let deadline = received + SignedDuration::from_hours(hours);
    let answered = (!open)
        .then(|| received + SignedDuration::from_hours(rng.below(hours as usize) as i64 + 1));
    let row = CaseRow {
        id: id.clone(),
        reference: format!("SPOC-{year}-B{i:07}"),
        direction: "incoming".into(),
        partner,
        received_at: instant_text(received),
        urgency: if urgent { "urgent" } else { "non_urgent" }.into(),
        urgency_ground: urgent.then(|| "public_security".to_string()),
        availability: "indirect".into(),
        language: "en".into(),
        channel: "siena".into(),
        channel_exception: None,
        europol_copy: false,
        partner_reference: None,
        status: if open { "in_progress" } else { "concluded" }.into(),
        deadline: Some(instant_text(deadline)),
        assignee: None,
        content: Some(json!({"message_id": id, "request": {"direction": "incoming", "partner": "BE", "urgency": "non_urgent", "availability": "indirect", "language": "en", "subjects": subjects}}).to_string()),
        answered_at: answered.map(instant_text),
        in_time: answered.map(|a| a <= deadline),
        refusal_grounds: None,
        refused_in_part: false,
        judicial_delay: false,
        concluded_at: answered.map(instant_text),
        review_due: None,
        erased_at: None,
        created_at: instant_text(received.min(now)),
        created_by: "bench".into(),
        updated_at: instant_text(received.min(now)),
        oral: false,
        oral_confirmed_at: None,
    };
    repo::insert_case(tx, &row).await?;
    for (ordinal, value) in subjects.iter().enumerate() {
        let subject: Subject =
            serde_json::from_value(value.clone()).context("a generated subject")?;
        repo::insert_subject(
            tx,
            &SubjectRow {
                case_id: id.clone(),
                ordinal: ordinal as i64,
                kind: subject.kind().to_string(),
                data: Some(value.to_string()),
            },
        )
        .await?;
        let keys: Vec<String> = subject
            .for_crosscheck()
            .iter()
            .flat_map(crosscheck::keys)
            .collect();
        repo::insert_keys(tx, &id, ordinal as i64, &keys).await?;
    }
    Ok(subjects.swap_remove(0))
}

/// The officers at work, each pausing about `pause_ms` after every answer: each round records
/// a case (half of them naming a person already in the registry, so the cross-check finds
/// something), reads the dashboard, opens the case, answers it, and reads the dashboard again.
async fn work(
    base: &str,
    secret: &str,
    args: &SpocArgs,
    pause_ms: u64,
    now: Timestamp,
    known: Arc<Vec<Value>>,
) -> anyhow::Result<(BTreeMap<&'static str, Vec<Duration>>, Duration)> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.operators as usize)
        .timeout(Duration::from_secs(120))
        .build()
        .context("building the HTTP client")?;
    let bar = ProgressBar::new(u64::from(args.operators * args.rounds)).with_style(
        ProgressStyle::with_template(
            "working      [{bar:40}] {pos}/{len} rounds ({per_sec}, {eta} left)",
        )
        .context("progress bar template")?,
    );
    let secret: Arc<str> = Arc::from(secret);
    let base: Arc<str> = Arc::from(base);
    let mut officers = tokio::task::JoinSet::new();
    let started = Instant::now();
    for officer in 0..args.operators {
        let (client, secret, base, bar) =
            (client.clone(), secret.clone(), base.clone(), bar.clone());
        let known = known.clone();
        let rounds = args.rounds;
        officers.spawn(async move {
            let mut rng = SplitMix64(0xDE5C + u64::from(officer));
            let mut by_kind: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
            for _ in 0..rounds {
                // Half of the new cases name a person the registry holds.
                let subject = if rng.percent(50) && !known.is_empty() {
                    rng.pick(&known).clone()
                } else {
                    person(&mut rng)
                };
                let body = json!({
                    "direction": "incoming", "partner": "BE",
                    "received_at": (now - SignedDuration::from_mins(5)).to_string(),
                    "urgency": "non_urgent", "availability": "indirect", "language": "en",
                    "subjects": [subject, plate(&mut rng)],
                });
                let sent = Instant::now();
                let created = call(
                    &client,
                    &secret,
                    reqwest::Method::POST,
                    &format!("{base}/api/v1/spoc/requests"),
                    Some(body),
                    201,
                )
                .await?;
                by_kind
                    .entry("record + cross-check")
                    .or_default()
                    .push(sent.elapsed());
                let created: Value =
                    serde_json::from_slice(&created).context("the new case is not JSON")?;
                let id = created["id"]
                    .as_str()
                    .context("the new case's id")?
                    .to_string();
                pause(&mut rng, pause_ms).await;
                for (kind, method, path, body, status) in [
                    (
                        "dashboard",
                        reqwest::Method::GET,
                        "/api/v1/spoc/requests".to_string(),
                        None,
                        200,
                    ),
                    (
                        "open a case",
                        reqwest::Method::GET,
                        format!("/api/v1/spoc/requests/{id}"),
                        None,
                        200,
                    ),
                    (
                        "answer",
                        reqwest::Method::POST,
                        format!("/api/v1/spoc/requests/{id}/answer"),
                        Some(json!({"language": "en", "text": "Known."})),
                        200,
                    ),
                    (
                        "dashboard",
                        reqwest::Method::GET,
                        "/api/v1/spoc/requests".to_string(),
                        None,
                        200,
                    ),
                ] {
                    let sent = Instant::now();
                    call(
                        &client,
                        &secret,
                        method,
                        &format!("{base}{path}"),
                        body,
                        status,
                    )
                    .await?;
                    by_kind.entry(kind).or_default().push(sent.elapsed());
                    pause(&mut rng, pause_ms).await;
                }
                bar.inc(1);
            }
            anyhow::Ok(by_kind)
        });
    }
    let mut all: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    while let Some(joined) = officers.join_next().await {
        for (kind, latencies) in joined.context("an officer's task failed")?? {
            all.entry(kind).or_default().extend(latencies);
        }
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    for latencies in all.values_mut() {
        latencies.sort();
    }
    Ok((all, elapsed))
}

/// An officer's pause between requests: `ms` milliseconds, ±50 % so that the officers do not
/// fall into step.
async fn pause(rng: &mut SplitMix64, ms: u64) {
    if ms > 0 {
        let jitter = rng.below(ms as usize + 1) as u64;
        tokio::time::sleep(Duration::from_millis(ms / 2 + jitter)).await;
    }
}

/// Sends one request and reads the whole answer (the time measured ends with its last byte);
/// only an answer that is needed is parsed, so that the client's work takes as little as
/// possible from the server it shares the machine with.
async fn call(
    client: &reqwest::Client,
    secret: &str,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
    expected: u16,
) -> anyhow::Result<Vec<u8>> {
    let mut request = client.request(method, url).bearer_auth(secret);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request
        .send()
        .await
        .with_context(|| format!("sending {url}"))?;
    let status = response.status().as_u16();
    let body = response.bytes().await.context("reading the answer")?;
    if status != expected {
        bail!(
            "{url} answered {status}, not {expected}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    Ok(body.to_vec())
}
