//! Everything the Netherlands has with one partner: missions in its territory, agreements,
//! liaison placements, assistance, programmes, dossiers, commitments and developments, and a
//! timeline of them.

use crate::registry::histories;
use crate::{Actor, App, AppError, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::assistance::Assistance;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::countries::country;
use grenzeloos_domain::instruments::{
    Commitment, Development, Dossier, Instrument, Placement, Programme,
};
use grenzeloos_domain::registry::Period;
use grenzeloos_store::Conn;
use grenzeloos_store::agreements::{self as agreements_repo, AgreementRow};
use grenzeloos_store::instruments::{self as docs, Record};
use grenzeloos_store::registry::{self as repo, MissionRow};
use serde::Serialize;

/// One bar of a partner's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    /// The kind of instrument ("mission", "agreement", "placement", "assistance" …).
    pub kind: &'static str,
    pub id: String,
    pub label: String,
    pub period: Period,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerProfile {
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    pub missions: Vec<MissionRow>,
    pub agreements: Vec<AgreementRow>,
    pub placements: Vec<Record<Placement>>,
    pub assistance: Vec<Record<Assistance>>,
    pub programmes: Vec<Record<Programme>>,
    pub dossiers: Vec<Record<Dossier>>,
    pub commitments: Vec<Record<Commitment>>,
    pub developments: Vec<Record<Development>>,
    /// Every instrument with a period, earliest first.
    pub timeline: Vec<TimelineItem>,
}

async fn concerning<I: Instrument>(conn: &mut Conn, code: &str) -> Result<Vec<Record<I>>> {
    Ok(docs::all::<I>(conn, None)
        .await?
        .into_iter()
        .filter(|r| r.value.partners().iter().any(|p| p == code))
        .collect())
}

fn bars<I: Instrument>(kind: &'static str, records: &[Record<I>]) -> Vec<TimelineItem> {
    records
        .iter()
        .filter_map(|r| {
            Some(TimelineItem {
                kind,
                id: r.id.clone(),
                label: r.value.label(),
                period: r.value.period()?,
            })
        })
        .collect()
}

impl App {
    /// The partner page: every instrument that concerns `code` (a country or organisation).
    pub async fn partner_profile(&self, actor: &Actor, code: &str) -> Result<PartnerProfile> {
        self.require(actor, Permission::RegistryRead, AuditAction::PartnerProfile)
            .await?;
        let code = code.trim().to_uppercase();
        let mut conn = self.store.read().await?;
        let registered = repo::partner_by_code(&mut conn, &code).await?;
        let (name_nl, name_en) = match (&registered, country(&code)) {
            (Some(row), _) => (row.partner.name_nl.clone(), row.partner.name_en.clone()),
            (None, Some(c)) => (c.name_nl.to_string(), c.name_en.to_string()),
            (None, None) => {
                return Err(AppError::NotFound {
                    what: "partner",
                    id: code,
                });
            }
        };
        let locations = histories(repo::locations(&mut conn, None, None).await?);
        let missions: Vec<MissionRow> = repo::missions(&mut conn, None)
            .await?
            .into_iter()
            .filter(|m| {
                locations
                    .get(&m.id)
                    .is_some_and(|history| history.iter().any(|l| l.country_codes.contains(&code)))
            })
            .collect();
        let agreements: Vec<AgreementRow> = agreements_repo::all(&mut conn, None)
            .await?
            .into_iter()
            .filter(|a| a.agreement.binds(&code))
            .collect();
        let placements = concerning::<Placement>(&mut conn, &code).await?;
        let assistance = concerning::<Assistance>(&mut conn, &code).await?;
        let programmes = concerning::<Programme>(&mut conn, &code).await?;
        let dossiers = concerning::<Dossier>(&mut conn, &code).await?;
        let commitments = concerning::<Commitment>(&mut conn, &code).await?;
        let developments = concerning::<Development>(&mut conn, &code).await?;

        let mut timeline: Vec<TimelineItem> = missions
            .iter()
            .map(|m| TimelineItem {
                kind: "mission",
                id: m.id.clone(),
                label: m.mission.name.clone(),
                period: m.mission.period,
            })
            .collect();
        timeline.extend(agreements.iter().filter_map(|a| {
            let start = a.agreement.in_force.or(a.agreement.signed)?;
            Some(TimelineItem {
                kind: "agreement",
                id: a.id.clone(),
                label: a.agreement.title.clone(),
                period: Period {
                    start,
                    end: a.agreement.ended,
                },
            })
        }));
        timeline.extend(bars("placement", &placements));
        timeline.extend(bars("assistance", &assistance));
        timeline.extend(bars("programme", &programmes));
        timeline.extend(bars("commitment", &commitments));
        timeline.sort_by(|a, b| a.period.start.cmp(&b.period.start).then(a.kind.cmp(b.kind)));
        Ok(PartnerProfile {
            code,
            name_nl,
            name_en,
            missions,
            agreements,
            placements,
            assistance,
            programmes,
            dossiers,
            commitments,
            developments,
            timeline,
        })
    }
}
