//! The node's daily jobs: named use cases that `serve` runs once a day from a set hour
//! (Amsterdam time), each taking "now" from the node's one clock. A job that could not run at
//! its hour (the node was down) runs at the first tick after; the `job_runs` table keeps a
//! restart or a second node from running it twice on one day.
//!
//! Adding a job: write it as a use case on [`App`], then list it in [`daily_jobs`].

use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::clock::amsterdam;
use grenzeloos_store::jobs;
use jiff::civil::Time;
use std::future::Future;
use std::pin::Pin;

/// What a job returns: a one-line summary of counts and codes (it is logged and stored, so it
/// never holds personal data).
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = Result<String>> + Send + 'a>>;

/// A job run once a day.
#[derive(Clone, Copy)]
pub struct DailyJob {
    /// Its name in logs and in `job_runs`, e.g. `audit.purge`.
    pub name: &'static str,
    /// The time of day (Amsterdam) from which it runs.
    pub from: Time,
    pub run: for<'a> fn(&'a App) -> JobFuture<'a>,
}

impl std::fmt::Debug for DailyJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DailyJob")
            .field("name", &self.name)
            .field("from", &self.from)
            .finish()
    }
}

/// The name of the daily retention review (WPG-02, SPOC-14).
pub const RETENTION_REVIEW: &str = "retention.review";

/// The node's daily jobs.
pub fn daily_jobs() -> Vec<DailyJob> {
    vec![
        DailyJob {
            name: "audit.purge",
            // At night, when the trail is quiet.
            from: Time::constant(3, 0, 0, 0),
            run: |app| Box::pin(audit_purge(app)),
        },
        DailyJob {
            name: RETENTION_REVIEW,
            // Before the working day, so that the list is fresh when the desk looks at it.
            from: Time::constant(4, 0, 0, 0),
            run: |app| Box::pin(retention_review(app)),
        },
    ]
}

/// Lists what the retention rules make due and erases what a rule erases by itself, as the
/// node itself with the staffing desk's role (the registry's categories are theirs).
async fn retention_review(app: &App) -> Result<String> {
    let actor = Actor::job(RETENTION_REVIEW, &[Permission::PersonalErase]);
    Ok(app.review_retention(&actor).await?.summary())
}

/// Removes the audit segments past retention (SPOC-13, PRUM-08), as the node itself.
async fn audit_purge(app: &App) -> Result<String> {
    let actor = Actor::job("audit.purge", &[Permission::AuditPurge]);
    let report = app.purge_audit(&actor, false).await?;
    let purged: Vec<String> = report
        .purged
        .iter()
        .map(|(domain, t)| format!("{domain} {} ({} events)", t.period, t.events))
        .collect();
    let mut summary = if purged.is_empty() {
        "nothing past retention".to_string()
    } else {
        format!("purged {}", purged.join(", "))
    };
    for broken in &report.refused {
        summary.push_str(&format!(
            "; refused {} {} (event {} does not verify)",
            broken.domain,
            broken.segment.as_deref().unwrap_or("?"),
            broken.seq
        ));
    }
    Ok(summary)
}

/// How one run of a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRun {
    pub name: &'static str,
    pub ok: bool,
    pub summary: String,
}

impl App {
    /// Runs each of `jobs` that has not run today and whose hour has come.
    pub async fn run_due_jobs(&self, jobs: &[DailyJob]) -> Result<Vec<JobRun>> {
        let local = self.now().to_zoned(amsterdam());
        let day = local.date().to_string();
        let mut runs = Vec::new();
        for job in jobs {
            if local.time() < job.from {
                continue;
            }
            let mut tx = self.store.write().await?;
            if !jobs::claim(&mut tx, job.name, &day).await? {
                continue;
            }
            tx.commit().await?;
            let (ok, summary) = match (job.run)(self).await {
                Ok(summary) => (true, summary),
                Err(error) => (false, error.to_string()),
            };
            if ok {
                tracing::info!(job = job.name, %summary, "daily job done");
            } else {
                tracing::error!(job = job.name, %summary, "daily job failed");
            }
            let mut tx = self.store.write().await?;
            jobs::finish(&mut tx, job.name, ok, &summary).await?;
            tx.commit().await?;
            runs.push(JobRun {
                name: job.name,
                ok,
                summary,
            });
        }
        Ok(runs)
    }

    /// The node's minute: signs every domain's audit chain (so at most the last minute of
    /// events is unsigned), retries the cleanup of erasures, then runs the daily jobs that
    /// are due. `serve` calls it every
    /// minute; a failure is logged and the next minute tries again.
    pub async fn tick(&self, jobs: &[DailyJob]) {
        self.sign_audit_logged().await;
        // An erasure whose old values a reader kept in the database files is cleaned up as
        // soon as the reader has gone (SPOC-14).
        if let Err(error) = self.finish_erasures().await {
            tracing::error!(%error, "cleaning up after erasures failed");
        }
        if let Err(error) = self.run_due_jobs(jobs).await {
            tracing::error!(%error, "running the daily jobs failed");
        }
    }

    /// Signs every domain's audit chain and logs what could not be signed (a break that
    /// `verify` reports): for the node's minute, the command line and shutdown.
    pub async fn sign_audit_logged(&self) {
        match self.sign_audit().await {
            Ok(done) => {
                for (domain, signing) in done {
                    for refused in signing.refused {
                        tracing::error!(%domain, %refused, "audit chain not signed");
                    }
                }
            }
            Err(error) => tracing::error!(%error, "signing the audit chains failed"),
        }
    }
}
