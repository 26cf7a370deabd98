//! `grenzeloos bench import`: the time per row of the CSV import, for good and bad files.
//!
//! For each size (5,000 and 50,000 rows by default) and backend it loads the demo data into a
//! fresh database, adds a mission open since 2000, and imports three generated files of
//! deployments through the use case (the same one the API and the command line call):
//!
//! - `bad, by rule`: every row ends before it starts — found in the first pass, off the async
//!   threads and without the database;
//! - `bad, by reference`: every row names a mission that does not exist (each a different
//!   one) — found in the second pass, one query per row inside the import's transaction;
//! - `good`: every row a new officer deployed with consent — imported for real, each row
//!   checked by every rule and written with its audit events, all in one transaction.
//!
//! Each answer is checked (the rows created, or the errors counted), so a figure is never that
//! of a failure. Build with --release.

use anyhow::{Context, bail};
use clap::Args;
use grenzeloos_app::import::ImportKind;
use grenzeloos_app::{Actor, App, AppError};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::registry::MissionInput;
use grenzeloos_store::Store;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct ImportArgs {
    /// File sizes to measure, in rows (each at most 50,000, the import's limit).
    #[arg(long, value_delimiter = ',', default_values_t = [5000, 50_000])]
    rows: Vec<usize>,
    /// Also measure on PostgreSQL: a server URL such as postgres://postgres@127.0.0.1:5432
    /// (a fresh database is created on it and dropped afterwards).
    #[arg(long, env = "GRENZELOOS_BENCH_POSTGRES", hide_env_values = true)]
    postgres: Option<String>,
}

const HEADER: &str = "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date\n";
const MISSION: &str = "Benchmissie importsnelheid";

#[derive(Clone, Copy)]
enum Case {
    BadByRule,
    BadByReference,
    Good,
}

impl Case {
    fn label(self) -> &'static str {
        match self {
            Case::BadByRule => "bad, by rule",
            Case::BadByReference => "bad, by reference",
            Case::Good => "good",
        }
    }

    fn row(self, i: usize) -> String {
        match self {
            Case::BadByRule => format!(
                "{MISSION},BENCH-{i:06},Mila,Jacobs,female,inspecteur,Eenheid Internationaal,Adviseur,2024-06-01,2024-01-31,planned,\n"
            ),
            Case::BadByReference => format!(
                "Missie {i:06} die niet bestaat,BENCH-{i:06},Mila,Jacobs,female,inspecteur,Eenheid Internationaal,Adviseur,2024-01-01,2024-12-31,planned,\n"
            ),
            Case::Good => format!(
                "{MISSION},BENCH-{i:06},Mila,Jacobs,female,inspecteur,Eenheid Internationaal,Adviseur,2024-01-01,2024-12-31,deployed,2023-12-01\n"
            ),
        }
    }

    fn file(self, rows: usize) -> String {
        let mut text = String::from(HEADER);
        for i in 0..rows {
            text.push_str(&self.row(i));
        }
        text
    }
}

struct Figure {
    backend: &'static str,
    rows: usize,
    case: Case,
    bytes: usize,
    elapsed: Duration,
}

pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    if let Some(&rows) = args.rows.iter().find(|r| **r == 0 || **r > 50_000) {
        bail!("--rows {rows}: measure 1 to 50,000 rows, the import's limit");
    }
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; measure with `cargo run --release -p grenzeloos -- bench import`"
        );
    }
    println!("Machine: {}", crate::bench::machine());
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!("Load average before the run: {}", load.join(" "));
    }
    let mut figures = Vec::new();
    for &rows in &args.rows {
        let store = grenzeloos_store::testing::fresh_sqlite_with(crate::clock::from_env()?).await;
        figures.extend(measure("SQLite", store, rows).await?);
        if let Some(server) = args.postgres.as_deref().filter(|s| !s.trim().is_empty()) {
            let server = server.trim().trim_end_matches('/').to_string();
            let clock = crate::clock::from_env()?;
            let store = tokio::spawn({
                let server = server.clone();
                async move { grenzeloos_store::testing::fresh_postgres_with(&server, clock).await }
            })
            .await
            .context("creating a database on the PostgreSQL server")?;
            let name = database_name(&store).await?;
            let measured = measure("PostgreSQL", store, rows).await;
            drop_database(&server, &name).await?;
            figures.extend(measured?);
        }
    }
    println!("\n| Backend | Rows | File | Case | Time | Per row |");
    println!("|---|---:|---:|---|---:|---:|");
    for f in &figures {
        println!(
            "| {} | {} | {:.1} MB | {} | {:.2} s | {:.0} µs |",
            f.backend,
            f.rows,
            f.bytes as f64 / 1_000_000.0,
            f.case.label(),
            f.elapsed.as_secs_f64(),
            f.elapsed.as_secs_f64() * 1e6 / f.rows as f64
        );
    }
    Ok(())
}

/// The three files of `rows` rows on `store` (with the demo data and the benchmark's mission).
async fn measure(backend: &'static str, store: Store, rows: usize) -> anyhow::Result<Vec<Figure>> {
    let file = sqlite_file(&store).await;
    let app = App::new(store.clone());
    let outcome = measure_on(backend, &app, rows).await;
    store.close().await;
    if let Some(file) = file {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{file}{suffix}"));
        }
    }
    outcome
}

async fn measure_on(backend: &'static str, app: &App, rows: usize) -> anyhow::Result<Vec<Figure>> {
    app.load_demo().await.map_err(explain)?;
    let admin = Actor::operator("bench", &[Permission::RegistryWrite]);
    app.create_mission(
        &admin,
        &MissionInput {
            name: MISSION.to_string(),
            acronym: None,
            mandated_by: "EU".to_string(),
            start: "2000-01-01".to_string(),
            end: None,
            countries: "XK".to_string(),
            station: "Pristina".to_string(),
        },
    )
    .await
    .map_err(explain)?;
    let staff = Actor::operator("bench", &[Permission::PersonalWrite]);
    let mut figures = Vec::new();
    for case in [Case::BadByRule, Case::BadByReference, Case::Good] {
        let file = case.file(rows);
        let bytes = file.len();
        let started = Instant::now();
        let answer = app
            .import(&staff, ImportKind::Deployments, file, false)
            .await;
        let elapsed = started.elapsed();
        match (case, answer) {
            (Case::Good, Ok(report)) if report.deployments_created == rows => {}
            (Case::BadByRule | Case::BadByReference, Err(AppError::Import(errors)))
                if errors.total == rows && errors.errors.len() == rows.min(100) => {}
            (_, other) => bail!(
                "{backend}, {rows} rows, {}: unexpected answer {other:?}",
                case.label()
            ),
        }
        println!(
            "{backend:<10} {rows:>6} rows  {:<18} {:>8.2} s  {:>6.0} µs/row",
            case.label(),
            elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1e6 / rows as f64
        );
        figures.push(Figure {
            backend,
            rows,
            case,
            bytes,
            elapsed,
        });
    }
    Ok(figures)
}

fn explain(error: AppError) -> anyhow::Error {
    anyhow::anyhow!("{error}")
}

async fn database_name(store: &Store) -> anyhow::Result<String> {
    let mut conn = store.read().await?;
    Ok(sqlx::query_scalar("SELECT current_database()::text")
        .fetch_one(&mut *conn)
        .await?)
}

async fn drop_database(server: &str, name: &str) -> anyhow::Result<()> {
    let admin = Store::connect(&format!("{server}/postgres"), crate::clock::from_env()?).await?;
    let mut conn = admin.read().await?;
    // The name is the one fresh_postgres made (grenzeloos_test_ and hex digits).
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut *conn)
        .await?;
    drop(conn);
    admin.close().await;
    Ok(())
}

/// The file of an SQLite store (None for PostgreSQL).
async fn sqlite_file(store: &Store) -> Option<String> {
    if store.backend() != grenzeloos_store::Backend::Sqlite {
        return None;
    }
    let mut conn = store.read().await.ok()?;
    sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
        .fetch_optional(&mut *conn)
        .await
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_have_one_line_per_row_and_the_header() {
        for case in [Case::BadByRule, Case::BadByReference, Case::Good] {
            let file = case.file(3);
            assert_eq!(file.lines().count(), 4);
            assert!(file.lines().all(|l| l.split(',').count() == 12), "{file}");
        }
    }
}
