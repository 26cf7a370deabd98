//! Use cases of the agreements registry, and the question the SPOC and Prüm work will ask:
//! which agreements are a legal basis for an exchange with a partner on a date.

use crate::{Actor, App, AppError, Result, conflict_at, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::agreements::{
    AgreementInput, ExchangeKind, legal_bases, validate_agreement,
};
use grenzeloos_domain::text::echo;
use grenzeloos_store::Tx;
use grenzeloos_store::agreements::{self as repo, AgreementRow, AgreementVersion};
use jiff::civil::Date;

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

    /// The agreements in force on `date` that allow exchange `kind` with `partner`.
    pub async fn legal_bases(
        &self,
        actor: &Actor,
        kind: ExchangeKind,
        partner: &str,
        date: Date,
    ) -> Result<Vec<AgreementRow>> {
        self.require(actor, Permission::RegistryRead, "agreement.legal_bases")
            .await?;
        let mut conn = self.store.read().await?;
        let all: Vec<(AgreementRow, grenzeloos_domain::agreements::Agreement)> =
            repo::all(&mut conn, None)
                .await?
                .into_iter()
                .map(|row| {
                    let agreement = row.agreement.clone();
                    (row, agreement)
                })
                .collect();
        Ok(
            legal_bases(&all, kind, &partner.trim().to_uppercase(), date)
                .into_iter()
                .map(|(row, _)| row.clone())
                .collect(),
        )
    }
}

pub(crate) async fn save_agreement_in(
    tx: &mut Tx,
    actor: &Actor,
    id: Option<&str>,
    input: &AgreementInput,
) -> Result<AgreementRow> {
    let agreement = validate_agreement(input)?;
    if let Some(id) = id {
        repo::one(tx, id).await?.ok_or_else(|| AppError::NotFound {
            what: "agreement",
            id: id.to_string(),
        })?;
    }
    let implements = match input
        .implements
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(parent) => {
            let found = repo::one(tx, parent).await?.ok_or_else(|| {
                AppError::Invalid(Violation::at(
                    "unknown_agreement",
                    "implements",
                    format!("there is no agreement {}", echo(parent)),
                ))
            })?;
            if !found.agreement.kind.binding() {
                return Err(Violation::at(
                    "implements_non_binding",
                    "implements",
                    "an agreement can only implement a treaty or EU instrument",
                )
                .into());
            }
            Some(found.id)
        }
    };
    let row = AgreementRow {
        id: id.map_or_else(|| tx.new_id(), str::to_string),
        implements,
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
