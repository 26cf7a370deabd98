//! Use cases of the agreements registry, and the question the SPOC and Prüm work will ask:
//! which agreements are a legal basis for an exchange with a partner on a date, and why the
//! others are not (no ID in the requirements checklist; source: Dir. 2023/977 Arts 21–23,
//! legal-requirements.md quick reference). Implementing agreements (a working arrangement under
//! its treaty) are registered and versioned here (BNL-06).

use crate::{Actor, App, AppError, Result, conflict_at, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::agreements::{AgreementInput, ExchangeKind, Verdict, assess};
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::countries::{COUNTRIES, country};
use grenzeloos_domain::labels::Lang;
use grenzeloos_domain::registry::MAX_TEXT;
use grenzeloos_domain::status::Revision;
use grenzeloos_domain::text::echo;
use grenzeloos_store::agreements::{self as repo, AgreementRow, AgreementVersion};
use grenzeloos_store::registry as registry_repo;
use grenzeloos_store::{Conn, Tx};
use jiff::civil::Date;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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
    /// The partner's code, whichever way the question named it (`BE` for "België").
    pub partner: String,
    /// The partner's name in the answer's language, so that the answer says whom it is about.
    pub partner_name: String,
    pub date: Date,
    pub bases: Vec<LegalBasis>,
    /// The agreements with the partner or for the exchange that are no basis, with the reason
    /// (an MoU only, not yet applicable, applied until …).
    pub not_bases: Vec<NotABasis>,
}

impl App {
    pub async fn agreements(&self, actor: &Actor) -> Result<Vec<AgreementRow>> {
        self.require(actor, Permission::RegistryRead, AuditAction::AgreementList)
            .await?;
        let mut conn = self.store.read().await?;
        Ok(repo::all(&mut conn, None).await?)
    }

    pub async fn agreement(&self, actor: &Actor, id: &str) -> Result<AgreementRow> {
        self.require(actor, Permission::RegistryRead, AuditAction::AgreementRead)
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
        self.require(actor, Permission::RegistryRead, AuditAction::AgreementRead)
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
        self.require(
            actor,
            Permission::RegistryWrite,
            AuditAction::AgreementCreate,
        )
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
        self.require(
            actor,
            Permission::RegistryWrite,
            AuditAction::AgreementUpdate,
        )
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
        self.require(
            actor,
            Permission::RegistryRead,
            AuditAction::AgreementLegalBases,
        )
        .await?;
        let mut conn = self.store.read().await?;
        let (partner, partner_name) = resolve_partner(&mut conn, partner, lang).await?;
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
            partner_name,
            date,
            bases,
            not_bases,
        })
    }
}

/// Text as people type a partner: without case, accents or spaces around it, so that
/// "België", "belgie" and " BELGIË " are one.
fn folded(text: &str) -> String {
    text.trim()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `asked` names the partner with `code` and names `names`: its code or one of its
/// names, or both as a picker shows them, "België (BE)".
fn names_partner(asked: &str, code: &str, names: &[&str]) -> bool {
    let by_name = |text: &str| names.iter().any(|n| !n.is_empty() && folded(n) == text);
    let asked = folded(asked);
    if asked == folded(code) || by_name(&asked) {
        return true;
    }
    asked
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once('('))
        .is_some_and(|(name, inner)| {
            inner.trim() == folded(code) && (name.trim().is_empty() || by_name(name.trim()))
        })
}

/// The partner a legal-basis question is about, as its code and its name in `lang`: a
/// registered partner named by its code or one of its names, or else a state by its ISO code or
/// name (an agreement may bind a state that is not registered as a partner, such as Norway
/// under Directive 2023/977). Anything else is refused at the field: a partner the node does
/// not know must never read as "no legal basis".
async fn resolve_partner(conn: &mut Conn, asked: &str, lang: Lang) -> Result<(String, String)> {
    let trimmed = asked.trim();
    if trimmed.is_empty() {
        return Err(Violation::at(
            "required",
            "partner",
            "name the partner by its code or name, e.g. BE or België",
        )
        .into());
    }
    if trimmed.chars().count() > MAX_TEXT {
        return Err(Violation::at(
            "too_long",
            "partner",
            format!("a partner's code or name has at most {MAX_TEXT} characters"),
        )
        .into());
    }
    let name_in = |nl: &str, en: &str, code: &str| {
        let name = match lang {
            Lang::Nl => nl,
            Lang::En => en,
        };
        let shown = if name.is_empty() { code } else { name };
        shown.to_string()
    };
    let partners = registry_repo::partners(conn, None).await?;
    // A code first: an organisation's code may be another partner's name in some language.
    let registered = partners
        .iter()
        .map(|row| &row.partner)
        .find(|p| folded(&p.code) == folded(trimmed))
        .or_else(|| {
            partners
                .iter()
                .map(|row| &row.partner)
                .find(|p| names_partner(trimmed, &p.code, &[&p.name_nl, &p.name_en]))
        });
    if let Some(p) = registered {
        return Ok((p.code.clone(), name_in(&p.name_nl, &p.name_en, &p.code)));
    }
    let state = COUNTRIES
        .iter()
        .find(|c| folded(c.code) == folded(trimmed))
        .or_else(|| {
            COUNTRIES
                .iter()
                .find(|c| names_partner(trimmed, c.code, &[c.name_nl, c.name_en]))
        });
    match state {
        Some(c) => Ok((c.code.to_string(), name_in(c.name_nl, c.name_en, c.code))),
        None => Err(Violation::at(
            "unknown_partner",
            "partner",
            format!(
                "{} is neither a registered partner nor a state; name the partner by its code or name, e.g. BE or België",
                echo(trimmed)
            ),
        )
        .into()),
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
        AuditAction::AgreementUpdate
    } else {
        AuditAction::AgreementCreate
    };
    record(tx, actor, action, ("agreement", &row.id), None, None).await?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partner_is_named_by_code_or_name_whatever_the_case_and_accents() {
        let names = ["België", "Belgium"];
        for asked in [
            "BE",
            "be",
            " Be ",
            "België",
            "belgie",
            "BELGIË",
            "Belgium",
            "België (BE)",
            "belgie (be)",
            "(BE)",
        ] {
            assert!(names_partner(asked, "BE", &names), "{asked}");
        }
        for asked in ["B", "Belg", "Frankrijk (BE)", "België (FR)", "BE BE", ""] {
            assert!(!names_partner(asked, "BE", &names), "{asked}");
        }
        assert!(names_partner("curacao", "CW", &["Curaçao", "Curaçao"]));
        // An empty name (an organisation registered without one) matches nothing.
        assert!(!names_partner("", "EU", &["", ""]));
    }
}
