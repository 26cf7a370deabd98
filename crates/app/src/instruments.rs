//! Use cases of the instruments kept as typed documents (ADR 0004): one generic set of
//! list / read / history / save, with each kind's references checked by [`Registered`].

use crate::{Actor, App, AppError, Result, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::{Permission, Purpose};
use grenzeloos_domain::agreements::Agreement;
use grenzeloos_domain::assistance::{Assistance, check_legal_basis};
use grenzeloos_domain::audit::{AuditAction, Audited};
use grenzeloos_domain::countries::country;
use grenzeloos_domain::instruments::{
    Amendment, Commitment, Contact, Development, Dossier, Incident, Instrument, Placement,
    Programme, SecurityAssessment,
};
use grenzeloos_domain::status::Revision;
use grenzeloos_domain::text::echo;
use grenzeloos_store::agreements as agreements_repo;
use grenzeloos_store::instruments::{self as repo, Record, Version};
use grenzeloos_store::registry as registry_repo;
use grenzeloos_store::{Conn, Tx};
use std::future::Future;

/// An instrument the application keeps: the domain type plus the checks that need the store.
pub trait Registered: Instrument + Audited {
    /// What the record is called in messages ("placement", "assistance request").
    const NOUN: &'static str;

    /// Checks the record's references to other records and settles what is derived from
    /// them (an assistance request's legal basis), inside the saving transaction.
    fn settle(&mut self, _tx: &mut Tx) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// The id the record must have, when it follows from its content (one contact record per
    /// officer).
    fn natural_id(&self) -> Option<String> {
        None
    }
}

fn unknown(code: &'static str, field: &str, message: String) -> AppError {
    AppError::Invalid(Violation::at(code, field, message))
}

async fn officer_exists(conn: &mut Conn, field: &str, id: &str) -> Result<()> {
    match registry_repo::officer(conn, id).await? {
        Some(officer) if officer.erased_at.is_some() => {
            Err(crate::registry::erased_officer(field).into())
        }
        Some(_) => Ok(()),
        None => Err(unknown(
            "unknown_officer",
            field,
            format!("there is no officer {}", echo(id)),
        )),
    }
}

async fn mission_exists(conn: &mut Conn, field: &str, id: &str) -> Result<()> {
    match registry_repo::mission(conn, id, None).await? {
        Some(_) => Ok(()),
        None => Err(unknown(
            "unknown_mission",
            field,
            format!("there is no mission {}", echo(id)),
        )),
    }
}

/// Every partner code that is not a state must be a registered partner (EU, INTERPOL, MAOC-N).
async fn partners_exist(conn: &mut Conn, codes: &[String]) -> Result<()> {
    for (i, code) in codes.iter().enumerate() {
        if country(code).is_some() {
            continue;
        }
        if registry_repo::partner_by_code(conn, code).await?.is_none() {
            return Err(unknown(
                "unknown_partner",
                &format!("partners[{i}]"),
                format!(
                    "{} is neither a country nor a registered partner organisation",
                    echo(code)
                ),
            ));
        }
    }
    Ok(())
}

impl Registered for Placement {
    const NOUN: &'static str = "placement";

    async fn settle(&mut self, tx: &mut Tx) -> Result<()> {
        if let Some(officer) = &self.officer_id {
            officer_exists(tx, "officer_id", officer).await?;
        }
        if let Some(org) = &self.organisation
            && registry_repo::partner_by_code(tx, org).await?.is_none()
        {
            return Err(unknown(
                "unknown_partner",
                "organisation",
                format!("{} is not a registered partner organisation", echo(org)),
            ));
        }
        Ok(())
    }
}

impl Registered for Amendment {
    const NOUN: &'static str = "annex or amendment";

    async fn settle(&mut self, tx: &mut Tx) -> Result<()> {
        match agreements_repo::one(tx, &self.agreement_id).await? {
            Some(_) => Ok(()),
            None => Err(unknown(
                "unknown_agreement",
                "agreement_id",
                format!("there is no agreement {}", echo(&self.agreement_id)),
            )),
        }
    }
}

impl Registered for SecurityAssessment {
    const NOUN: &'static str = "security assessment";

    async fn settle(&mut self, tx: &mut Tx) -> Result<()> {
        mission_exists(tx, "mission_id", &self.mission_id).await
    }
}

impl Registered for Incident {
    const NOUN: &'static str = "incident";

    async fn settle(&mut self, tx: &mut Tx) -> Result<()> {
        mission_exists(tx, "mission_id", &self.mission_id).await?;
        if let Some(officer) = &self.officer_id {
            officer_exists(tx, "officer_id", officer).await?;
        }
        Ok(())
    }
}

impl Registered for Contact {
    const NOUN: &'static str = "contact record";

    async fn settle(&mut self, tx: &mut Tx) -> Result<()> {
        officer_exists(tx, "officer_id", &self.officer_id).await
    }

    fn natural_id(&self) -> Option<String> {
        Some(self.officer_id.clone())
    }
}

impl Registered for Dossier {
    const NOUN: &'static str = "dossier";
}

impl Registered for Commitment {
    const NOUN: &'static str = "commitment";
}

impl Registered for Programme {
    const NOUN: &'static str = "programme";
}

impl Registered for Development {
    const NOUN: &'static str = "development";
}

impl Registered for Assistance {
    const NOUN: &'static str = "assistance request";

    async fn settle(&mut self, tx: &mut Tx) -> Result<()> {
        let rows = agreements_repo::all(tx, None).await?;
        let parents: Vec<(String, Option<String>)> = rows
            .iter()
            .map(|r| (r.id.clone(), r.implements.clone()))
            .collect();
        let agreements: Vec<(String, Agreement)> =
            rows.into_iter().map(|r| (r.id, r.agreement)).collect();
        check_legal_basis(self, &agreements, |id| {
            parents
                .iter()
                .find(|(pid, _)| pid == id)
                .and_then(|(_, parent)| parent.clone())
        })?;
        Ok(())
    }
}

fn read_permission<I: Instrument>() -> Permission {
    if I::PERSONAL {
        Permission::PersonalRead
    } else {
        Permission::RegistryRead
    }
}

fn write_permission<I: Instrument>() -> Permission {
    if I::PERSONAL {
        Permission::PersonalWrite
    } else {
        Permission::RegistryWrite
    }
}

fn purpose_for<I: Instrument>(purpose: Option<&Purpose>) -> Result<Option<&str>> {
    match (I::PERSONAL, purpose) {
        (false, _) => Ok(None),
        (true, Some(purpose)) => Ok(Some(purpose.as_str())),
        (true, None) => Err(Purpose::missing().into()),
    }
}

impl App {
    /// Every record of kind `I`, current knowledge. Personal kinds need a purpose, and the read
    /// is audited with it.
    pub async fn instruments<I: Registered>(
        &self,
        actor: &Actor,
        purpose: Option<&Purpose>,
    ) -> Result<Vec<Record<I>>> {
        self.require(actor, read_permission::<I>(), I::LIST).await?;
        let purpose = purpose_for::<I>(purpose)?;
        if purpose.is_none() {
            let mut conn = self.store.read().await?;
            return Ok(repo::all(&mut conn, None).await?);
        }
        let mut tx = self.store.write().await?;
        let records = repo::all(&mut tx, None).await?;
        record(
            &mut tx,
            actor,
            I::LIST,
            (I::KIND, "*"),
            purpose,
            Some(serde_json::json!({ "count": records.len() })),
        )
        .await?;
        tx.commit().await?;
        Ok(records)
    }

    /// One record of kind `I` with every version of it, oldest first.
    pub async fn instrument<I: Registered>(
        &self,
        actor: &Actor,
        id: &str,
        purpose: Option<&Purpose>,
    ) -> Result<(Record<I>, Vec<Version<I>>)> {
        self.require(actor, read_permission::<I>(), I::READ).await?;
        let purpose = purpose_for::<I>(purpose)?;
        let not_found = || AppError::NotFound {
            what: I::NOUN,
            id: id.to_string(),
        };
        if purpose.is_none() {
            let mut conn = self.store.read().await?;
            let current = repo::one::<I>(&mut conn, id).await?.ok_or_else(not_found)?;
            let versions = repo::history::<I>(&mut conn, id).await?;
            return Ok((current, versions));
        }
        let mut tx = self.store.write().await?;
        let current = repo::one::<I>(&mut tx, id).await?.ok_or_else(not_found)?;
        let versions = repo::history::<I>(&mut tx, id).await?;
        record(&mut tx, actor, I::READ, (I::KIND, id), purpose, None).await?;
        tx.commit().await?;
        Ok((current, versions))
    }

    /// Creates (`id` None) or changes a record of kind `I`: validated, its references checked,
    /// written as a new version together with its audit event.
    pub async fn save_instrument<I: Registered>(
        &self,
        actor: &Actor,
        id: Option<&str>,
        input: &I::Input,
    ) -> Result<Record<I>> {
        self.require(actor, write_permission::<I>(), save_action::<I>(id))
            .await?;
        let mut tx = self.store.write().await?;
        let saved = save_instrument_in::<I>(&mut tx, actor, id, input).await?;
        tx.commit().await?;
        Ok(saved)
    }
}

/// The audit action of saving a record of kind `I`: `<kind>.create` or `<kind>.update`.
fn save_action<I: Audited>(id: Option<&str>) -> AuditAction {
    if id.is_some() { I::UPDATE } else { I::CREATE }
}

/// The body of [`App::save_instrument`] inside a caller's transaction (the demo loader).
pub(crate) async fn save_instrument_in<I: Registered>(
    tx: &mut Tx,
    actor: &Actor,
    id: Option<&str>,
    input: &I::Input,
) -> Result<Record<I>> {
    let action = save_action::<I>(id);
    let previous = match id {
        None => None,
        Some(id) => Some(
            repo::one::<I>(tx, id)
                .await?
                .ok_or_else(|| AppError::NotFound {
                    what: I::NOUN,
                    id: id.to_string(),
                })?,
        ),
    };
    // The record as it stood carries on its status history; a change is dated today unless
    // the input says otherwise.
    let revision = Revision {
        today: tx.today(),
        previous: previous.as_ref().map(|r| &r.value),
    };
    let mut value = I::validate(input, &revision)?;
    let id = match (id, value.natural_id()) {
        // A record whose id follows from its content (a contact record is its officer's, the
        // only such kind) stays with it: an update naming another officer would move the
        // record, and the first officer's next of kin with it.
        (Some(id), Some(natural)) if natural != id => {
            return Err(AppError::Invalid(Violation::at(
                "cannot_move",
                "officer_id",
                format!(
                    "this {} belongs to its officer and cannot be moved to another; record one for the other officer instead",
                    I::NOUN
                ),
            )));
        }
        (Some(id), _) => id.to_string(),
        (None, Some(natural)) => natural,
        (None, None) => tx.new_id(),
    };
    value.settle(tx).await?;
    partners_exist(tx, &value.partners()).await?;
    let (now, by) = (tx.now_text(), actor.username.clone());
    repo::save(tx, &id, &value, &now, &by).await?;
    record(tx, actor, action, (I::KIND, &id), None, None).await?;
    Ok(Record {
        id,
        value,
        erased_at: None,
    })
}
