//! Use cases of the agreements registry, and the question the SPOC and Prüm work will ask:
//! which agreements are a legal basis for an exchange with a partner on a date, and why the
//! others are not (no ID in the requirements checklist; source: Dir. 2023/977 Arts 21–23,
//! legal-requirements.md quick reference). Implementing agreements (a working arrangement under
//! its treaty) are registered and versioned here (BNL-06).

use crate::{Actor, App, AppError, Result, conflict_at, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::agreements::{AgreementInput, ExchangeKind, Verdict, assess};
use grenzeloos_domain::countries::country;
use grenzeloos_domain::labels::Lang;
use grenzeloos_domain::status::Revision;
use grenzeloos_domain::text::echo;
use grenzeloos_store::agreements::{self as repo, AgreementRow, AgreementVersion};
use grenzeloos_store::registry as registry_repo;
use grenzeloos_store::{Conn, Tx};
use jiff::civil::Date;
use serde::Serialize;

/// An agreement that is the legal basis for the exchange asked about.
#[derive(Debug, Clone, Serialize)]
pub struct LegalBasis {
    #[serde(flatten)]
    pub agreement: AgreementRow,
    /// The article that provides the exchange, where known.
    pub article: Option<String>,
    /// The answer in words: instrument, article, exchange.
    pub explanation: String,
}

/// An agreement that concerns the partner or the exchange but is no basis for it, and why.
#[derive(Debug, Clone, Serialize)]
pub struct NotABasis {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub verdict: Verdict,
    pub explanation: String,
}

/// The whole answer to "on what may we exchange `kind` with `partner` on `date`".
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub kind: ExchangeKind,
    pub partner: String,
    pub date: Date,
    pub bases: Vec<LegalBasis>,
    /// The agreements with the partner or for the exchange that are no basis, with the reason
    /// (an MoU only, not yet applicable, applied until …).
    pub not_bases: Vec<NotABasis>,
}

impl App {
    pub async fn agreements(&self, actor: &Actor) -> Result<Vec<AgreementRow>> {
        self.require(actor, Permission::RegistryRead, "agreement.list")
            .await?;
        let mut conn = self.store.read().await?;
        Ok(repo::all(&mut conn, None).await?)
    }

    pub async fn agreement(&self, actor: &Actor, id: &str) -> Result<AgreementRow> {
        self.require(actor, Permission::RegistryRead, "agreement.read")
            .await?;
        let mut conn = self.store.read().await?;
        repo::one(&mut conn, id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "agreement",
                id: id.to_string(),
            })
    }

    /// Every recorded version of an agreement, oldest first.
    pub async fn agreement_history(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<Vec<AgreementVersion>> {
        self.require(actor, Permission::RegistryRead, "agreement.read")
            .await?;
        let mut conn = self.store.read().await?;
        let versions = repo::history(&mut conn, id).await?;
        if versions.is_empty() {
            return Err(AppError::NotFound {
                what: "agreement",
                id: id.to_string(),
            });
        }
        Ok(versions)
    }

    pub async fn create_agreement(
        &self,
        actor: &Actor,
        input: &AgreementInput,
    ) -> Result<AgreementRow> {
        self.require(actor, Permission::RegistryWrite, "agreement.create")
            .await?;
        let mut tx = self.store.write().await?;
        let row = save_agreement_in(&mut tx, actor, None, input).await?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn update_agreement(
        &self,
        actor: &Actor,
        id: &str,
        input: &AgreementInput,
    ) -> Result<AgreementRow> {
        self.require(actor, Permission::RegistryWrite, "agreement.update")
            .await?;
        let mut tx = self.store.write().await?;
        let row = save_agreement_in(&mut tx, actor, Some(id), input).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The agreements that are a legal basis for exchange `kind` with `partner` on `date`.
    pub async fn legal_bases(
        &self,
        actor: &Actor,
        kind: ExchangeKind,
        partner: &str,
        date: Date,
    ) -> Result<Vec<LegalBasis>> {
        Ok(self
            .assess_legal_basis(actor, kind, partner, date, Lang::En)
            .await?
            .bases)
    }

    /// Every agreement weighed by the one rule (`agreements::assess`) for exchange `kind`
    /// with `partner` on `date`, with the reasons in `lang`.
    pub async fn assess_legal_basis(
        &self,
        actor: &Actor,
        kind: ExchangeKind,
        partner: &str,
        date: Date,
        lang: Lang,
    ) -> Result<Assessment> {
        self.require(actor, Permission::RegistryRead, "agreement.legal_bases")
            .await?;
        let partner = partner.trim().to_uppercase();
        let mut conn = self.store.read().await?;
        let all = repo::all(&mut conn, None).await?;
        let title = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| all.iter().find(|a| &a.id == id))
                .map(|a| a.agreement.title.clone())
        };
        let mut bases = Vec::new();
        let mut not_bases = Vec::new();
        for row in &all {
            let a = &row.agreement;
            let verdict = assess(a, kind, &partner, date);
            let replacement = title(&row.replaced_by);
            let explanation = verdict.explain(lang, a, kind, &partner, replacement.as_deref());
            match verdict {
                Verdict::Basis { article } => bases.push(LegalBasis {
                    agreement: row.clone(),
                    article,
                    explanation,
                }),
                verdict if a.binds(&partner) || a.legal_basis_for.contains(&kind) => {
                    not_bases.push(NotABasis {
                        id: row.id.clone(),
                        title: a.title.clone(),
                        verdict,
                        explanation,
                    });
                }
                _ => {}
            }
        }
        Ok(Assessment {
            kind,
            partner,
            date,
            bases,
            not_bases,
        })
    }
}

/// An agreement referred to by id must exist (and not be the agreement itself).
async fn referenced(
    tx: &mut Conn,
    field: &'static str,
    id: Option<&str>,
    itself: Option<&str>,
) -> Result<Option<AgreementRow>> {
    let Some(id) = id.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if Some(id) == itself {
        return Err(Violation::at(
            "refers_to_itself",
            field,
            "an agreement cannot refer to itself here",
        )
        .into());
    }
    match repo::one(tx, id).await? {
        Some(row) => Ok(Some(row)),
        None => Err(Violation::at(
            "unknown_agreement",
            field,
            format!("there is no agreement {}", echo(id)),
        )
        .into()),
    }
}

pub(crate) async fn save_agreement_in(
    tx: &mut Tx,
    actor: &Actor,
    id: Option<&str>,
    input: &AgreementInput,
) -> Result<AgreementRow> {
    let previous = match id {
        None => None,
        Some(id) => Some(repo::one(tx, id).await?.ok_or_else(|| AppError::NotFound {
            what: "agreement",
            id: id.to_string(),
        })?),
    };
    let revision = Revision {
        today: tx.today(),
        previous: previous.as_ref().map(|r| &r.agreement),
    };
    let agreement = grenzeloos_domain::agreements::validate_agreement(input, &revision)?;
    // An organisation among the parties must be a registered partner; `EU` stands for its
    // member states and is always known.
    for (i, code) in agreement.parties.iter().enumerate() {
        if code == "EU" || country(code).is_some() {
            continue;
        }
        if registry_repo::partner_by_code(tx, code).await?.is_none() {
            return Err(Violation::at(
                "unknown_partner",
                format!("parties[{i}]"),
                format!(
                    "{} is neither a country nor a registered partner organisation",
                    echo(code)
                ),
            )
            .into());
        }
    }
    let implements = referenced(tx, "implements", input.implements.as_deref(), id).await?;
    if let Some(parent) = &implements
        && !parent.agreement.kind.may_be_legal_basis()
    {
        return Err(Violation::at(
            "implements_non_binding",
            "implements",
            "an agreement can only implement a treaty or EU instrument",
        )
        .into());
    }
    let replaced_by = referenced(tx, "replaced_by", input.replaced_by.as_deref(), id).await?;
    let row = AgreementRow {
        id: id.map_or_else(|| tx.new_id(), str::to_string),
        implements: implements.map(|r| r.id),
        replaced_by: replaced_by.map(|r| r.id),
        agreement,
    };
    let (now, by) = (tx.now_text(), actor.username.clone());
    repo::save(tx, &row, &now, &by)
        .await
        .map_err(conflict_at("title"))?;
    let action = if id.is_some() {
        "agreement.update"
    } else {
        "agreement.create"
    };
    record(tx, actor, action, ("agreement", &row.id), None, None).await?;
    Ok(row)
}
