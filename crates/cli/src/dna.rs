//! `grenzeloos dna …`: the Prüm DNA engine on profile files, for operators and outside tools.
//! The interface is fixed (see docs/dna.md); hits go to standard output as JSON lines,
//! everything else to standard error.

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use grenzeloos_dna::bulk::{self, Pair};
use grenzeloos_dna::csv::{read_profiles, write_profiles};
use grenzeloos_dna::generate::{Config, Generator};
use grenzeloos_dna::stats::DEFAULT_THETA;
use grenzeloos_dna::{Engine, FrequencyTable, Locus, Profile, Settings, Statistics};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum DnaCommand {
    /// Generate synthetic DNA profiles (references and stains) into a CSV file.
    ///
    /// Profiles are drawn from an allele frequency table (default: UK DNA-17 White) over the
    /// ESS loci the table has, with drop-out, wildcards, microvariants, rare values and typing
    /// errors in the stains; half of the stains come from a person whose profile is in the
    /// file. The same seed always gives the same file.
    Generate(GenerateArgs),
    /// Search query profiles in a database of profiles and print the hits as JSON lines.
    ///
    /// Both files are read whole and checked against the Prüm rules first: a file with a
    /// broken row is refused (exit code 1, the line and column named) and nothing is
    /// searched. Each hit is one JSON object: query, candidate, quality (1–4), compared_loci,
    /// matched_loci, allele_difference, rmp, lr (null for a near match),
    /// expected_adventitious, warnings, and the loci where a wildcard, a microvariant or the
    /// difference occurred. Exit code 0, also when there is no hit. Without --queries the
    /// database is searched against itself (each pair once, no profile against itself).
    Match(MatchArgs),
}

#[derive(Args)]
pub struct GenerateArgs {
    /// Profiles to generate.
    #[arg(long)]
    count: u64,
    /// Seed of the generator.
    #[arg(long)]
    seed: u64,
    /// Share of stains (unidentified traces) among the profiles.
    #[arg(long, default_value_t = 0.25)]
    stain_fraction: f64,
    /// Allele frequency table (tab-separated `locus allele frequency`) [default: UK DNA-17 White]
    #[arg(long)]
    freqs: Option<PathBuf>,
    /// The CSV file to write.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON object per hit and line.
    Jsonl,
}

#[derive(Args)]
pub struct MatchArgs {
    /// The database: a profile CSV file.
    #[arg(long)]
    database: PathBuf,
    /// The queries: a profile CSV file [default: the database against itself]
    #[arg(long)]
    queries: Option<PathBuf>,
    /// Fully matched loci a hit needs at least.
    #[arg(long, default_value_t = 6)]
    min_loci: usize,
    /// Allele differences a hit may have (0 or 1).
    #[arg(long, default_value_t = 1)]
    max_mismatch: u8,
    /// Switch the microvariant tolerance off (9.3 then differs from 10).
    #[arg(long)]
    no_microvariant: bool,
    /// θ (Balding–Nichols) for the random match probability.
    #[arg(long, default_value_t = DEFAULT_THETA)]
    theta: f64,
    /// Allele frequency table for the statistics [default: UK DNA-17 White]
    #[arg(long)]
    freqs: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutputFormat,
}

pub fn run(command: DnaCommand) -> anyhow::Result<()> {
    match command {
        DnaCommand::Generate(args) => generate(args),
        DnaCommand::Match(args) => matching(args),
    }
}

/// The frequency table of `--freqs`, or the default.
pub fn frequency_table(path: Option<&Path>) -> anyhow::Result<FrequencyTable> {
    match path {
        None => Ok(FrequencyTable::uk_white()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            FrequencyTable::parse(&text).with_context(|| format!("in {}", path.display()))
        }
    }
}

fn generate(args: GenerateArgs) -> anyhow::Result<()> {
    let table = frequency_table(args.freqs.as_deref())?;
    let mut config = Config::new(args.seed, args.count, &table);
    config.stain_fraction = args.stain_fraction;
    let generator = Generator::new(&table, config)?;
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let loci: Vec<Locus> = generator.config().loci.clone();
    let bar = progress(args.count, "generating");
    // In slices, so that ten million profiles never sit in memory at once.
    const SLICE: u64 = 1 << 18;
    let mut first = true;
    let mut start = 0;
    while start < args.count || first {
        let end = (start + SLICE).min(args.count);
        let profiles = generator.profiles(start..end);
        let mut text = Vec::new();
        write_profiles(&mut text, &profiles, &loci)?;
        let body = if first {
            &text[..]
        } else {
            // Only the first slice keeps its header.
            let skip = text.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
            &text[skip..]
        };
        out.write_all(body)
            .with_context(|| format!("writing {}", args.out.display()))?;
        bar.inc(end - start);
        first = false;
        start = end;
    }
    out.flush()
        .with_context(|| format!("writing {}", args.out.display()))?;
    bar.finish_and_clear();
    eprintln!(
        "Wrote {} profiles ({}% stains requested, seed {}) to {}.",
        args.count,
        args.stain_fraction * 100.0,
        args.seed,
        args.out.display()
    );
    Ok(())
}

/// Reads a profile file; a refused file is an error that lists its problems.
pub fn load(path: &Path) -> anyhow::Result<Vec<Profile>> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    read_profiles(reader).map_err(|errors| {
        let lines: Vec<String> = errors
            .to_string()
            .lines()
            .map(|l| format!("  {l}"))
            .collect();
        anyhow::anyhow!(
            "{} was refused; nothing was searched:\n{}",
            path.display(),
            lines.join("\n")
        )
    })
}

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{what:<12} [{{bar:40}}] {{pos}}/{{len}} ({{per_sec}}, {{eta}} left)"
    )) {
        bar.set_style(style);
    }
    bar
}

fn matching(args: MatchArgs) -> anyhow::Result<()> {
    let settings = Settings {
        min_loci: args.min_loci,
        max_mismatch: args.max_mismatch,
        microvariant: !args.no_microvariant,
    }
    .validate()?;
    if !(0.0..1.0).contains(&args.theta) {
        bail!(
            "--theta must be at least 0 and below 1 (got {})",
            args.theta
        );
    }
    let OutputFormat::Jsonl = args.format;
    let table = frequency_table(args.freqs.as_deref())?;
    let database = load(&args.database)?;
    let queries = args.queries.as_deref().map(load).transpose()?;
    let engine = Engine::build(&database)?;

    let count = queries.as_ref().map_or(database.len(), Vec::len);
    let bar = progress(count as u64, "searching");
    let tick = |done: u64| bar.set_position(done);
    let pairs = match &queries {
        Some(queries) => bulk::search_all(&engine, queries, &settings, &tick),
        None => bulk::search_self(&engine, &settings, &tick),
    };
    bar.finish_and_clear();
    let query_set = queries.as_deref().unwrap_or(&database);
    let statistics = bulk::statistics(&pairs, query_set, &database, &table, &settings, args.theta);

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let written = pairs
        .iter()
        .zip(&statistics)
        .try_for_each(|(pair, stats)| {
            writeln!(out, "{}", hit_json(pair, stats, query_set, &database))
        })
        .and_then(|()| out.flush());
    match written {
        // The reader stopped reading (`… | head`): what it wanted it has; not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.context("writing the hits")?,
    }
    eprintln!(
        "{} hit{} for {count} quer{} in {} profiles.",
        pairs.len(),
        if pairs.len() == 1 { "" } else { "s" },
        if count == 1 { "y" } else { "ies" },
        database.len()
    );
    Ok(())
}

/// One hit as the JSON object of the interface, fields in the documented order.
#[derive(serde::Serialize)]
struct HitLine<'a> {
    query: &'a str,
    candidate: &'a str,
    quality: Option<u8>,
    compared_loci: usize,
    matched_loci: usize,
    allele_difference: u8,
    rmp: Option<f64>,
    lr: Option<f64>,
    expected_adventitious: Option<f64>,
    warnings: &'a [String],
    wildcard_loci: Vec<&'static str>,
    microvariant_loci: Vec<&'static str>,
    mismatch_loci: Vec<&'static str>,
}

fn hit_json(pair: &Pair, stats: &Statistics, queries: &[Profile], database: &[Profile]) -> String {
    let c = &pair.found.comparison;
    // JSON has no infinity: a value that overflowed is written as null.
    let finite = |x: f64| x.is_finite().then_some(x);
    let line = HitLine {
        query: &queries[pair.query as usize].id,
        candidate: &database[pair.found.candidate as usize].id,
        quality: c.quality().map(|q| q.number()),
        compared_loci: c.compared.len(),
        matched_loci: c.fully_matched.len(),
        allele_difference: c.difference,
        rmp: finite(stats.rmp),
        lr: stats.lr.and_then(finite),
        expected_adventitious: finite(stats.expected_adventitious),
        warnings: &stats.warnings,
        wildcard_loci: c.wildcard.names(),
        microvariant_loci: c.microvariant.names(),
        mismatch_loci: c.different.names(),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// `grenzeloos bench dna`

#[derive(Args)]
pub struct BenchArgs {
    /// Profiles in the synthetic database (25 % stains).
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1000..=100_000_000))]
    profiles: u64,
    /// Queries of each kind (full ESS-12 references, 6-locus stains) for the fast engine.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(10..))]
    queries: u64,
    /// Queries of each kind for the two scans (the reference scan reads every profile).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(2..))]
    scan_queries: u64,
    /// Profiles of the all-against-all search (the first of the database; 0 skips it).
    #[arg(long, default_value_t = 100_000)]
    all_against_all: u64,
    /// Queries of the all-against-all set that the reference scan runs, to estimate its time.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    scan_sample: u64,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Directory for the generated CSV file [default: the system's temporary directory]
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// Latencies of one engine on one kind of query.
struct Timing {
    queries: usize,
    per_second: f64,
    p50: std::time::Duration,
    p99: std::time::Duration,
    hits: usize,
}

fn percentile(sorted: &[std::time::Duration], q: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Latency: one query at a time on one thread. Throughput: all queries in parallel.
fn time_engine(
    queries: &[Profile],
    one: impl Fn(&Profile) -> usize,
    all: impl Fn(&[Profile]) -> usize,
) -> Timing {
    let mut latencies = Vec::with_capacity(queries.len());
    let mut hits = 0;
    for q in queries {
        let started = std::time::Instant::now();
        hits += one(q);
        latencies.push(started.elapsed());
    }
    latencies.sort();
    let started = std::time::Instant::now();
    let parallel_hits = all(queries);
    let elapsed = started.elapsed();
    debug_assert_eq!(parallel_hits, hits);
    Timing {
        queries: queries.len(),
        per_second: queries.len() as f64 / elapsed.as_secs_f64(),
        p50: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        hits,
    }
}

fn ms(d: std::time::Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// Resident and peak memory of this process, from /proc.
fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|r| r.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or("?".to_string(), |kb| {
                format!("{:.2} GiB", kb as f64 / (1024.0 * 1024.0))
            })
    };
    format!("resident {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}

pub fn bench(args: BenchArgs) -> anyhow::Result<()> {
    use std::time::Instant;
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; measure with `cargo build --release -p grenzeloos`"
        );
    }
    println!("Machine: {}", crate::bench::machine());
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!("Load average before the run: {}", load.join(" "));
    }
    let settings = Settings::default();
    let table = FrequencyTable::uk_white();
    let mut config = Config::new(args.seed, args.profiles, &table);
    config.stain_fraction = 0.25;
    let generator = Generator::new(&table, config)?;

    // 1. Generate the file, then load it as an operator would.
    let dir = args.dir.clone().unwrap_or_else(std::env::temp_dir);
    let path = dir.join(format!("grenzeloos-bench-dna-{}.csv", std::process::id()));
    let started = Instant::now();
    generate(GenerateArgs {
        count: args.profiles,
        seed: args.seed,
        stain_fraction: 0.25,
        freqs: None,
        out: path.clone(),
    })?;
    let generation = started.elapsed();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let started = Instant::now();
    let loaded = load(&path);
    let _ = std::fs::remove_file(&path);
    let database = loaded?;
    let loading = started.elapsed();
    println!(
        "database:     {} profiles ({} stains), generated in {:.1} s, file {:.0} MB loaded and checked in {:.1} s",
        database.len(),
        database
            .iter()
            .filter(|p| p.kind == grenzeloos_dna::Kind::Stain)
            .count(),
        generation.as_secs_f64(),
        size as f64 / 1e6,
        loading.as_secs_f64()
    );
    let started = Instant::now();
    let engine = Engine::build(&database)?;
    let building = started.elapsed();
    let memory = engine.memory();
    let n = engine.len().max(1) as f64;
    // The reference scan searches the loaded profiles themselves.
    let profile_bytes: usize = database
        .iter()
        .map(|p| size_of::<Profile>() + p.id.capacity())
        .sum();
    println!(
        "engine:       built in {:.1} s; encoding {} bytes/profile; engine {:.1} bytes/profile ({:.2} GiB: encoding {:.2}, index {:.2}, dictionaries {:.3}); process {}",
        building.as_secs_f64(),
        engine.row_bytes(),
        memory.total() as f64 / n,
        memory.total() as f64 / f64::from(1u32 << 30),
        memory.encoding as f64 / f64::from(1u32 << 30),
        memory.index as f64 / f64::from(1u32 << 30),
        memory.dictionaries as f64 / f64::from(1u32 << 30),
        rss()
    );
    println!(
        "reference scan: searches the loaded profiles, {:.1} bytes/profile ({:.2} GiB), ready after loading; the engine is ready {:.1} s after loading began",
        profile_bytes as f64 / n,
        profile_bytes as f64 / f64::from(1u32 << 30),
        (loading + building).as_secs_f64()
    );

    // 2. Queries: half of persons in the database (hits), half of strangers.
    let persons = |count: u64, i: u64| {
        if i % 2 == 0 {
            (i * 7919) % args.profiles
        } else {
            args.profiles + i
        }
        .min(u64::MAX - count)
    };
    let full: Vec<Profile> = (0..args.queries)
        .map(|i| generator.reference_query(persons(args.queries, i), format!("QR{i}")))
        .collect();
    let stains: Vec<Profile> = (0..args.queries)
        .map(|i| generator.stain_query(persons(args.queries, i), 6, args.seed, format!("QS{i}")))
        .collect();

    let mut rows = Vec::new();
    for (kind, queries) in [("full ESS-12 reference", &full), ("6-locus stain", &stains)] {
        let few = &queries[..(args.scan_queries as usize).min(queries.len())];
        let fast = time_engine(
            queries,
            |q| engine.search(&q.genotypes, &settings).len(),
            |qs| bulk::search_all(&engine, qs, &settings, &|_| {}).len(),
        );
        let table_scan = time_engine(
            few,
            |q| engine.scan_table(&q.genotypes, &settings).len(),
            |qs| {
                qs.iter()
                    .map(|q| engine.scan_table(&q.genotypes, &settings).len())
                    .sum()
            },
        );
        let scan = time_engine(
            few,
            |q| grenzeloos_dna::scan::search(&database, &q.genotypes, &settings).len(),
            |qs| bulk::scan_all(&database, qs, &settings).len(),
        );
        // The engines must agree on every query the scan ran.
        let fast_few = bulk::search_all(&engine, few, &settings, &|_| {});
        let scan_few = bulk::scan_all(&database, few, &settings);
        let identical = fast_few == scan_few
            && few.iter().all(|q| {
                engine.scan_table(&q.genotypes, &settings)
                    == grenzeloos_dna::scan::search(&database, &q.genotypes, &settings)
            });
        if !identical {
            bail!("the engines disagree on the {kind} queries: this is a bug");
        }
        println!(
            "\n{kind} queries (identical hits from all engines on the {} scanned queries):",
            few.len()
        );
        for (name, t) in [
            ("index", &fast),
            ("table scan", &table_scan),
            ("reference scan", &scan),
        ] {
            println!(
                "  {name:<15} {:>6} queries: {:>10.1} queries/s (2 threads), p50 {:>9}, p99 {:>9} (1 thread); {} hits",
                t.queries,
                t.per_second,
                ms(t.p50),
                ms(t.p99),
                t.hits
            );
        }
        println!(
            "  index vs reference scan: {:.0}× the throughput, p50 {:.0}× and p99 {:.0}× shorter",
            fast.per_second / scan.per_second,
            scan.p50.as_secs_f64() / fast.p50.as_secs_f64().max(1e-9),
            scan.p99.as_secs_f64() / fast.p99.as_secs_f64().max(1e-9),
        );
        rows.push((kind, fast, table_scan, scan));
    }

    // 3. All against all.
    let mut all_row = None;
    if args.all_against_all > 0 {
        let m = (args.all_against_all as usize).min(database.len());
        let subset = &database[..m];
        let started = Instant::now();
        let engine = Engine::build(subset)?;
        let build = started.elapsed();
        let bar = progress(m as u64, "all-vs-all");
        let started = Instant::now();
        let pairs = bulk::search_self(&engine, &settings, &|done| bar.set_position(done));
        let elapsed = started.elapsed();
        bar.finish_and_clear();
        // The reference: a sample of queries scanned against the whole subset, scaled to
        // m²/2 comparisons (each pair once).
        let sample = &subset[..(args.scan_sample as usize).min(m)];
        let started = Instant::now();
        let _ = bulk::scan_all(subset, sample, &settings);
        let per_query = started.elapsed().as_secs_f64() / sample.len() as f64;
        let scan_estimate = per_query * m as f64 / 2.0;
        println!(
            "\nall against all: {m} profiles, {} pairs found in {:.1} s (+ {:.1} s to build the engine); reference scan estimated at {:.0} s from {} queries ({:.0}× longer)",
            pairs.len(),
            elapsed.as_secs_f64(),
            build.as_secs_f64(),
            scan_estimate,
            sample.len(),
            scan_estimate / elapsed.as_secs_f64().max(1e-9)
        );
        all_row = Some((m, pairs.len(), elapsed, build, scan_estimate));
    }

    println!("\n| Queries | Engine | Queries/s | p50 | p99 | Hits |");
    println!("|---|---|---:|---:|---:|---:|");
    for (kind, fast, table_scan, scan) in &rows {
        for (name, t) in [
            ("index", fast),
            ("table scan", table_scan),
            ("reference scan", scan),
        ] {
            println!(
                "| {kind} ({}) | {name} | {:.1} | {} | {} | {} |",
                t.queries,
                t.per_second,
                ms(t.p50),
                ms(t.p99),
                t.hits
            );
        }
    }
    if let Some((m, pairs, elapsed, build, scan)) = all_row {
        println!(
            "\nAll against all of {m}: {:.1} s (+ {:.1} s build), {pairs} pairs; reference scan ≈ {scan:.0} s ({:.0}×).",
            elapsed.as_secs_f64(),
            build.as_secs_f64(),
            scan / elapsed.as_secs_f64().max(1e-9)
        );
    }
    println!("Process memory at the end: {}", rss());
    Ok(())
}
