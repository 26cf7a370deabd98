//! Retention of personal data per category (WPG-02, SPOC-14): the daily job that lists what
//! the rules make due, the list for whoever decides, and the decisions (keep until a date, or
//! erase), each audited. Nothing is erased without a decision unless the category's rule says
//! `automatic`.
//!
//! Adding a category (the SPOC cases): its variant in `domain::retention`, its subjects in
//! [`subjects`] and its erasure in [`erase_in`].

use crate::erasure::{Erased, ErasureOutcome, erase_contact_in, erase_officer_in, officer_values};
use crate::{Actor, App, AppError, Result, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::clock::amsterdam_date;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::instruments::Contact;
use grenzeloos_domain::registry::Period;
use grenzeloos_domain::retention::{
    self as rules, Category, Decision, DecisionInput, Due, Reason, Regime, Rule, check_keep_until,
    clock_start,
};
use grenzeloos_domain::time::parse_date;
use grenzeloos_store::erasure::Ground;
use grenzeloos_store::instruments as docs;
use grenzeloos_store::jobs::{self, JobRecord};
use grenzeloos_store::registry::{self as repo, DeploymentFilter};
use grenzeloos_store::retention::{self as reviews, Closing, Review};
use grenzeloos_store::{Conn, Tx};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The rule in force for each category: the defaults of `domain::retention`, overridden by
/// the settings (`[retention.<category>]` in the TOML file, `GRENZELOOS_RETENTION_…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRules(BTreeMap<Category, Rule>);

impl Default for RetentionRules {
    fn default() -> Self {
        RetentionRules(
            Category::ALL
                .iter()
                .map(|c| (*c, c.default_rule()))
                .collect(),
        )
    }
}

impl RetentionRules {
    pub fn rule(&self, category: Category) -> Rule {
        self.0
            .get(&category)
            .copied()
            .unwrap_or_else(|| category.default_rule())
    }

    pub fn set(&mut self, category: Category, rule: Rule) {
        self.0.insert(category, rule);
    }
}

/// A category with the rule in force, for whoever decides.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryRule {
    pub category: Category,
    pub domain: DataDomain,
    pub regime: Regime,
    /// What starts the clock.
    pub clock: &'static str,
    #[serde(flatten)]
    pub rule: Rule,
}

/// What is due, with the rules it follows from and the job's last run.
#[derive(Debug, Clone, Serialize)]
pub struct RetentionList {
    pub rules: Vec<CategoryRule>,
    /// Open reviews of the categories the actor decides on, oldest due first.
    pub due: Vec<Review>,
    /// The last run of the daily job `retention.review`, if it ever ran.
    pub last_run: Option<JobRecord>,
}

/// The outcome of a decision.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionOutcome {
    pub review: Review,
    /// The erasure a decision to erase ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erasure: Option<ErasureOutcome>,
}

/// What one run of the daily job found, per category (counts only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReviewRun {
    /// Per category: how many subjects are due for review, due for erasure (awaiting a
    /// decision), were erased automatically, or are no longer due.
    pub categories: BTreeMap<String, RunCounts>,
    /// Automatic erasures whose old values are still in the database files.
    pub cleanup_pending: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RunCounts {
    pub review: usize,
    pub erase: usize,
    pub erased_automatically: usize,
    pub lapsed: usize,
}

impl ReviewRun {
    /// One line for the job's record and the log: codes and counts.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .categories
            .iter()
            .map(|(c, n)| {
                format!(
                    "{c}: {} due for review, {} due for erasure, {} erased automatically, {} lapsed",
                    n.review, n.erase, n.erased_automatically, n.lapsed
                )
            })
            .collect();
        let mut summary = parts.join("; ");
        if self.cleanup_pending > 0 {
            summary.push_str(&format!(
                "; {} erasure(s) await their cleanup",
                self.cleanup_pending
            ));
        }
        summary
    }
}

/// A subject of a category and the date its clock started (None: not started, e.g. a
/// deployment still running).
struct Subject {
    id: String,
    clock_start: Option<Date>,
}

fn day_of(instant: &str) -> Option<Date> {
    instant.parse::<Timestamp>().ok().map(amsterdam_date)
}

/// The clock of every officer: from their deployments, or their first recording.
async fn officer_clocks(conn: &mut Conn) -> Result<HashMap<String, (Vec<Period>, Option<Date>)>> {
    let first = repo::officers_first_recorded(conn).await?;
    let mut by_officer: HashMap<
        String,
        Vec<(grenzeloos_domain::registry::DeploymentStatus, Period)>,
    > = HashMap::new();
    for row in repo::deployments(conn, &DeploymentFilter::default(), None).await? {
        by_officer
            .entry(row.officer_id)
            .or_default()
            .push((row.deployment.status, row.deployment.period));
    }
    let mut clocks = HashMap::new();
    for (id, first) in first {
        let deployments = by_officer.remove(&id).unwrap_or_default();
        let periods = deployments
            .iter()
            .filter(|(s, _)| *s != grenzeloos_domain::registry::DeploymentStatus::Cancelled)
            .map(|(_, p)| *p)
            .collect();
        let start = day_of(&first)
            .and_then(|first| clock_start(deployments.iter().map(|(s, p)| (*s, p)), first));
        clocks.insert(id, (periods, start));
    }
    Ok(clocks)
}

/// The subjects of `category` that are not erased, with their clocks; `exchange` reads the
/// exchange domain (the SPOC cases).
async fn subjects(
    conn: &mut Conn,
    exchange: &mut Conn,
    category: Category,
) -> Result<Vec<Subject>> {
    if category.domain() == DataDomain::Exchange {
        return Ok(grenzeloos_store::spoc_registers::closed_cases(exchange)
            .await?
            .into_iter()
            .map(|(id, closed_at)| Subject {
                id,
                clock_start: day_of(&closed_at),
            })
            .collect());
    }
    let clocks = officer_clocks(conn).await?;
    match category {
        // Read from the exchange domain above.
        Category::SpocCase => Ok(Vec::new()),
        Category::DeployedOfficer => Ok(repo::officers(conn, None)
            .await?
            .into_iter()
            .filter(|o| o.erased_at.is_none())
            .map(|o| Subject {
                clock_start: clocks.get(&o.id).and_then(|(_, start)| *start),
                id: o.id,
            })
            .collect()),
        Category::OfficerContact => {
            let first = docs::first_recorded::<Contact>(conn).await?;
            Ok(docs::all::<Contact>(conn, None)
                .await?
                .into_iter()
                .filter(|c| c.erased_at.is_none())
                .map(|c| {
                    let clock_start = match clocks.get(&c.value.officer_id) {
                        // The officer's clock, or — never deployed — the contact's own start.
                        Some((periods, start)) if !periods.is_empty() => *start,
                        _ => first.get(&c.id).and_then(|f| day_of(f)),
                    };
                    Subject {
                        id: c.id,
                        clock_start,
                    }
                })
                .collect())
        }
    }
}

/// Erases subject `id` of `category` in `tx`.
async fn erase_in(
    tx: &mut Tx,
    actor: &Actor,
    category: Category,
    id: &str,
    reason: &str,
    ground: Ground,
) -> Result<Erased> {
    match category {
        Category::DeployedOfficer => {
            erase_officer_in(tx, actor, id, reason, ground, Some(category)).await
        }
        Category::OfficerContact => {
            erase_contact_in(tx, actor, id, reason, ground, Some(category)).await
        }
        Category::SpocCase => Err(AppError::Store(grenzeloos_store::StoreError::Corrupt(
            "a SPOC case is erased in the exchange domain's transaction".to_string(),
        ))),
    }
}

impl App {
    /// Erases subject `id` of `category`, in the registry transaction `tx` for the registry's
    /// categories, or — for a category of another domain — in that domain's own transaction,
    /// committed first (`tx` must not be held then: on SQLite the domains share one writer).
    async fn erase_subject(
        &self,
        tx: Option<&mut Tx>,
        actor: &Actor,
        category: Category,
        id: &str,
        reason: &str,
        ground: Ground,
    ) -> Result<(Erased, grenzeloos_store::Store)> {
        match (category.domain(), tx) {
            (DataDomain::Registry, Some(tx)) => Ok((
                erase_in(tx, actor, category, id, reason, ground).await?,
                self.store.clone(),
            )),
            (DataDomain::Registry, None) => {
                Err(AppError::Store(grenzeloos_store::StoreError::Corrupt(
                    "a registry erasure runs in the registry's transaction".to_string(),
                )))
            }
            (domain, _) => {
                let store = self.domain(domain).clone();
                let mut own = store.write().await?;
                let erased = crate::erasure::erase_spoc_case_in(
                    &mut own,
                    actor,
                    id,
                    reason,
                    ground,
                    Some(category),
                )
                .await?;
                own.commit().await?;
                Ok((erased, store))
            }
        }
    }
}

/// The personal values of a subject that a decision's reason may not contain.
async fn subject_values(conn: &mut Conn, category: Category, id: &str) -> Result<Vec<String>> {
    match category {
        Category::DeployedOfficer | Category::OfficerContact => officer_values(conn, id).await,
        Category::SpocCase => crate::erasure::spoc_case_values(conn, id).await,
    }
}

impl App {
    /// The rules in force, one per category.
    pub fn retention_rules(&self) -> Vec<CategoryRule> {
        Category::ALL
            .iter()
            .map(|c| CategoryRule {
                category: *c,
                domain: c.domain(),
                regime: c.regime(),
                clock: c.clock(),
                rule: self.settings.retention.rule(*c),
            })
            .collect()
    }

    /// The daily job `retention.review`: lists every subject its category's rule makes due
    /// (a review, or the erasure), closes what is no longer due, and erases what a rule says
    /// goes by itself. Each automatic erasure is its own transaction with its audit event.
    pub async fn review_retention(&self, actor: &Actor) -> Result<ReviewRun> {
        self.require(
            actor,
            Permission::PersonalErase,
            AuditAction::RetentionReview,
        )
        .await?;
        let today = self.today();
        let mut run = ReviewRun::default();
        let mut automatic: Vec<(Category, String, Date)> = Vec::new();
        // Read before the registry's writer is taken (the exchange domain's SPOC cases).
        let mut exchange = self.domain(DataDomain::Exchange).read().await?;
        let mut tx = self.store.write().await?;
        for category in Category::ALL.iter().copied() {
            let rule = self.settings.retention.rule(category);
            let code = category.as_str();
            let kept = reviews::kept_until(&mut tx, code).await?;
            let mut open = reviews::open_in(&mut tx, code).await?;
            let mut counts = RunCounts::default();
            for subject in subjects(&mut tx, &mut exchange, category).await? {
                let existing = open.remove(&subject.id);
                let keep_until = kept.get(&subject.id).and_then(|d| d.parse::<Date>().ok());
                let due = subject.clock_start.and_then(|start| {
                    rules::due(&rule, start, keep_until, today).map(|d| (start, d))
                });
                match (due, existing) {
                    (None, Some(review)) => {
                        close_lapsed(&mut tx, &review.id).await?;
                        counts.lapsed += 1;
                    }
                    (None, None) => {}
                    (
                        Some((
                            start,
                            Due::Erase {
                                automatic: true, ..
                            },
                        )),
                        _,
                    ) => {
                        automatic.push((category, subject.id, start));
                    }
                    (Some((start, due)), existing) => {
                        match due {
                            Due::Review { .. } => counts.review += 1,
                            Due::Erase { .. } => counts.erase += 1,
                        }
                        let since = due.since().to_string();
                        let clock = start.to_string();
                        match existing {
                            Some(review) => {
                                if review.due != due.code() || review.due_since != since {
                                    reviews::update_due(
                                        &mut tx,
                                        &review.id,
                                        due.code(),
                                        &since,
                                        &clock,
                                    )
                                    .await?;
                                }
                            }
                            None => {
                                let review = Review {
                                    id: tx.new_id(),
                                    category: code.to_string(),
                                    subject_id: subject.id,
                                    due: due.code().to_string(),
                                    due_since: since,
                                    clock_start: clock,
                                    listed_at: tx.now_text(),
                                    closed_at: None,
                                    outcome: None,
                                    keep_until: None,
                                    reason: None,
                                    decided_by: None,
                                };
                                reviews::list(&mut tx, &review).await?;
                            }
                        }
                    }
                }
            }
            // Open reviews of subjects that are gone (erased meanwhile) are settled.
            for review in open.into_values() {
                close_lapsed(&mut tx, &review.id).await?;
                counts.lapsed += 1;
            }
            run.categories.insert(code.to_string(), counts);
        }
        record(
            &mut tx,
            actor,
            AuditAction::RetentionReview,
            ("retention", "*"),
            None,
            Some(serde_json::json!({ "categories": run.categories })),
        )
        .await?;
        tx.commit().await?;
        drop(exchange);

        for (category, id, start) in automatic {
            let rule = self.settings.retention.rule(category);
            let reason = format!(
                "retention rule {category}: due for erasure {} months after {start}, erased automatically",
                rule.erase_after_months.unwrap_or_default()
            );
            // Another domain's erasure commits first, in its own transaction.
            let elsewhere = if category.domain() == DataDomain::Registry {
                None
            } else {
                Some(
                    self.erase_subject(None, actor, category, &id, &reason, Ground::RetentionRule)
                        .await?,
                )
            };
            let mut tx = self.store.write().await?;
            if let Some(review) = reviews::open_in(&mut tx, category.as_str())
                .await?
                .remove(&id)
            {
                reviews::close(
                    &mut tx,
                    &review.id,
                    &Closing {
                        outcome: "erased_automatically",
                        keep_until: None,
                        reason: Some(&reason),
                        decided_by: Some(&actor.username),
                    },
                )
                .await?;
            }
            let (erased, store) = match elsewhere {
                Some(done) => done,
                None => {
                    self.erase_subject(
                        Some(&mut tx),
                        actor,
                        category,
                        &id,
                        &reason,
                        Ground::RetentionRule,
                    )
                    .await?
                }
            };
            tx.commit().await?;
            let outcome = self.clean_up(&store, erased).await;
            if !outcome.physically_removed {
                run.cleanup_pending += 1;
            }
            if let Some(counts) = run.categories.get_mut(category.as_str()) {
                counts.erased_automatically += 1;
            }
        }
        Ok(run)
    }

    /// What is due for review or erasure in the categories `actor` decides on, with the rules
    /// and the job's last run. Subjects are named by id only (no personal data).
    pub async fn retention_list(&self, actor: &Actor) -> Result<RetentionList> {
        let decides: Vec<Category> = Category::ALL
            .iter()
            .copied()
            .filter(|c| actor.can(c.decided_with()))
            .collect();
        if decides.is_empty() {
            self.require(actor, Permission::PersonalErase, AuditAction::RetentionList)
                .await?;
        }
        let mut conn = self.store.read().await?;
        let due = reviews::open(&mut conn)
            .await?
            .into_iter()
            .filter(|r| decides.iter().any(|c| c.as_str() == r.category))
            .collect();
        let last_run = jobs::last_runs(&mut conn)
            .await?
            .into_iter()
            .find(|r| r.name == crate::jobs::RETENTION_REVIEW);
        Ok(RetentionList {
            rules: self
                .retention_rules()
                .into_iter()
                .filter(|r| decides.contains(&r.category))
                .collect(),
            due,
            last_run,
        })
    }

    /// Decides on review `id`: keep the data until a date (the next review), or erase them now
    /// from every recorded-time version. Audited; the reason is kept and must name no one.
    pub async fn decide_retention(
        &self,
        actor: &Actor,
        id: &str,
        input: &DecisionInput,
    ) -> Result<DecisionOutcome> {
        if !Category::ALL.iter().any(|c| actor.can(c.decided_with())) {
            self.require(
                actor,
                Permission::PersonalErase,
                AuditAction::RetentionDecide,
            )
            .await?;
        }
        let not_found = || AppError::NotFound {
            what: "retention review",
            id: id.to_string(),
        };
        let review = {
            let mut conn = self.store.read().await?;
            reviews::one(&mut conn, id).await?.ok_or_else(not_found)?
        };
        let category = Category::parse("category", &review.category).map_err(|_| {
            AppError::Store(grenzeloos_store::StoreError::Corrupt(format!(
                "retention review {id}: category '{}'",
                review.category
            )))
        })?;
        if !actor.can(category.decided_with()) {
            self.require(actor, category.decided_with(), AuditAction::RetentionDecide)
                .await?;
            return Err(AppError::Forbidden(category.decided_with()));
        }
        if review.closed_at.is_some() {
            return Err(AppError::Conflict(Violation::new(
                "already_decided",
                "this review was closed already; the list shows what is due now",
            )));
        }
        let decision = Decision::parse("decision", &input.decision)?;
        let values = {
            let mut conn = self.domain(category.domain()).read().await?;
            subject_values(&mut conn, category, &review.subject_id).await?
        };
        let personal: Vec<&str> = values.iter().map(String::as_str).collect();
        let reason = Reason::parse(&input.reason, &personal)?;
        // Another domain's erasure commits first, in its own transaction.
        let elsewhere = if decision == Decision::Erase && category.domain() != DataDomain::Registry
        {
            Some(
                self.erase_subject(
                    None,
                    actor,
                    category,
                    &review.subject_id,
                    reason.as_str(),
                    Ground::RetentionDecision,
                )
                .await?,
            )
        } else {
            None
        };
        let mut tx = self.store.write().await?;
        let review = reviews::one(&mut tx, id).await?.ok_or_else(not_found)?;
        if review.closed_at.is_some() {
            return Err(AppError::Conflict(Violation::new(
                "already_decided",
                "this review was closed already; the list shows what is due now",
            )));
        }
        let erased = match decision {
            Decision::Keep => {
                let text = input
                    .keep_until
                    .as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| {
                        Violation::at(
                            "keep_until_required",
                            "keep_until",
                            "a decision to keep names the date of the next review",
                        )
                    })?;
                let until = parse_date("keep_until", text)?;
                let clock = review.clock_start.parse::<Date>().map_err(|e| {
                    AppError::Store(grenzeloos_store::StoreError::Corrupt(format!(
                        "retention review {id}: clock start: {e}"
                    )))
                })?;
                let until = check_keep_until(category, clock, self.today(), until)?;
                reviews::close(
                    &mut tx,
                    id,
                    &Closing {
                        outcome: "keep",
                        keep_until: Some(until.to_string()),
                        reason: Some(reason.as_str()),
                        decided_by: Some(&actor.username),
                    },
                )
                .await?;
                None
            }
            Decision::Erase => {
                reviews::close(
                    &mut tx,
                    id,
                    &Closing {
                        outcome: "erase",
                        keep_until: None,
                        reason: Some(reason.as_str()),
                        decided_by: Some(&actor.username),
                    },
                )
                .await?;
                Some(match elsewhere {
                    Some(done) => done,
                    None => {
                        self.erase_subject(
                            Some(&mut tx),
                            actor,
                            category,
                            &review.subject_id,
                            reason.as_str(),
                            Ground::RetentionDecision,
                        )
                        .await?
                    }
                })
            }
        };
        let decided = reviews::one(&mut tx, id).await?.ok_or_else(not_found)?;
        record(
            &mut tx,
            actor,
            match decision {
                Decision::Keep => AuditAction::RetentionKeep,
                Decision::Erase => AuditAction::RetentionErase,
            },
            ("retention_review", id),
            None,
            Some(serde_json::json!({
                "category": category.as_str(),
                "subject": review.subject_id,
                "keep_until": decided.keep_until,
            })),
        )
        .await?;
        tx.commit().await?;
        let erasure = match erased {
            Some((erased, store)) => Some(self.clean_up(&store, erased).await),
            None => None,
        };
        Ok(DecisionOutcome {
            review: decided,
            erasure,
        })
    }
}

/// Closes an open review whose subject is no longer due.
pub(crate) async fn close_lapsed(tx: &mut Tx, id: &str) -> Result<()> {
    reviews::close(
        tx,
        id,
        &Closing {
            outcome: "lapsed",
            keep_until: None,
            reason: None,
            decided_by: None,
        },
    )
    .await?;
    Ok(())
}
