//! What is coming up: the start page's agenda of instruments with dates near today. No
//! personal data.

use crate::care::AreaLevel;
use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::assistance::Assistance;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::instruments::{Commitment, Placement};
use grenzeloos_store::instruments::{self as docs, Record};
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Agenda {
    /// Assistance under way or starting within the window, earliest first.
    pub assistance: Vec<Record<Assistance>>,
    /// Commitments to parliament still open, oldest first.
    pub commitments: Vec<Record<Commitment>>,
    /// Filled placements ending within the window.
    pub placements_ending: Vec<Record<Placement>>,
    /// Mission areas at high or extreme risk with officers there today.
    pub risk_areas: Vec<AreaLevel>,
}

impl App {
    pub async fn agenda(&self, actor: &Actor, today: Date, window_days: i32) -> Result<Agenda> {
        self.require(actor, Permission::RegistryRead, AuditAction::AgendaRead)
            .await?;
        let horizon = today
            .checked_add(jiff::Span::new().days(window_days))
            .unwrap_or(today);
        let risk_areas = self
            .security_levels(actor, today)
            .await?
            .into_iter()
            .filter(|a| a.officers > 0 && a.level.is_some_and(|l| l.high_risk()))
            .collect();
        let mut conn = self.store.read().await?;
        let mut assistance: Vec<Record<Assistance>> = docs::all::<Assistance>(&mut conn, None)
            .await?
            .into_iter()
            .filter(|a| {
                a.value.period.start <= horizon && a.value.period.end.is_none_or(|e| e >= today)
            })
            .collect();
        assistance.sort_by_key(|a| a.value.period.start);
        let mut commitments: Vec<Record<Commitment>> = docs::all::<Commitment>(&mut conn, None)
            .await?
            .into_iter()
            .filter(|c| {
                c.value
                    .status_history
                    .status_on(today)
                    .is_some_and(|s| s.open())
            })
            .collect();
        commitments.sort_by_key(|c| c.value.made_on);
        let placements_ending = docs::all::<Placement>(&mut conn, None)
            .await?
            .into_iter()
            .filter(|p| p.value.filled_on(today))
            .filter(|p| {
                p.value
                    .period
                    .end
                    .is_some_and(|e| today <= e && e <= horizon)
            })
            .collect();
        Ok(Agenda {
            assistance,
            commitments,
            placements_ending,
            risk_areas,
        })
    }
}
