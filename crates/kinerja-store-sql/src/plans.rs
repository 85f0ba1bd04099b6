//! [`PlanStore`]: offices, units, scales, the Renstra and the year plans.

use async_trait::async_trait;
use kinerja_domain::Decimal;
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::indicator::IndicatorSettings;
use kinerja_domain::model::*;
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::value::ParseContext;
use kinerja_store::{Actor, Dataset, DatasetSummary, Owner, PlanStore, Result, StoreError};

use crate::db::{query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err, sql};

#[async_trait]
impl<B: Backend> PlanStore for SqlStore<B> {
    async fn offices(&self) -> Result<Vec<Office>> {
        let rows = query_as::<OfficeRow>(&sql::offices())
            .fetch_all(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(OfficeRow::into_domain).collect()
    }

    async fn scales_for(&self, office: OfficeId) -> Result<Vec<CategoryScale>> {
        let office = office.0;
        let rows = query_as::<ScaleRow>(sql::SCALES_FOR)
            .bind(office)
            .fetch_all(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(ScaleRow::into_domain).collect()
    }

    async fn ordinal_scales_for(&self, office: OfficeId) -> Result<Vec<OrdinalScale>> {
        let office = office.0;
        let rows = query_as::<OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR)
            .bind(office)
            .fetch_all(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(|r| r.into_domain().map(|(_, s)| s)).collect()
    }

    async fn renstra(&self, office: OfficeId) -> Result<Option<Renstra>> {
        let office = office.0;
        let body: Option<String> = query_scalar("SELECT body FROM renstra WHERE office_id = $1")
            .bind(office)
            .fetch_optional(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        body.map(|b| json("renstra", office, &b)).transpose()
    }

    async fn year_plan(&self, office: OfficeId, year: Year) -> Result<YearPlan> {
        let office = office.0;
        self.load(year, Some(office))
            .await?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                entity: "office",
                key: office.to_string(),
            })
    }

    async fn plan_years(&self, office: OfficeId) -> Result<Vec<Year>> {
        let years: Vec<i64> = query_scalar(
            "SELECT CAST(o.year AS BIGINT) FROM objectives o JOIN units u ON u.id = o.unit_id WHERE u.office_id = $1 \
             UNION SELECT CAST(y.year AS BIGINT) FROM unit_years y JOIN units u ON u.id = y.unit_id WHERE u.office_id = $1 \
             ORDER BY 1",
        )
        .bind(office.0)
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?;
        years
            .into_iter()
            .map(|y| Year::new(y).ok_or_else(|| StoreError::Corrupt(format!("a plan year out of range: {y}"))))
            .collect()
    }

    async fn year_plans(&self, year: Year) -> Result<Vec<YearPlan>> {
        self.load(year, None).await
    }

    async fn units(&self, office: OfficeId) -> Result<Vec<Unit>> {
        let office = office.0;
        let rows = query_as::<UnitRow>(&sql::units(true))
            .bind(office)
            .fetch_all(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        let units = rows.into_iter().map(UnitRow::into_domain).collect::<Result<Vec<_>>>()?;
        Ok(kinerja_domain::model::units_in_tree_order(&units)
            .into_iter()
            .cloned()
            .collect())
    }

    async fn indicator_owner(&self, id: IndicatorId) -> Result<Option<Owner>> {
        owner(
            &mut self.read().await?,
            "SELECT u.office_id, u.id AS unit_id, i.id AS indicator_id FROM indicators i JOIN objectives o ON o.id = i.objective_id \
             JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
            id.0,
        )
        .await
    }

    async fn action_owner(&self, id: ActionId) -> Result<Option<Owner>> {
        owner(
            &mut self.read().await?,
            "SELECT u.office_id, u.id AS unit_id, i.id AS indicator_id FROM actions a JOIN indicators i ON i.id = a.indicator_id \
             JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE a.id = $1",
            id.0,
        )
        .await
    }

    async fn update_indicator_settings(
        &self,
        actor: &Actor,
        id: IndicatorId,
        expected_version: i64,
        settings: &IndicatorSettings,
        reason: &str,
    ) -> Result<Indicator> {
        kinerja_store::validate::settings(settings)?;
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        let row = query_as::<IndicatorRow>(&sql::indicator_by_id())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?
            .ok_or_else(|| StoreError::NotFound {
                entity: "indicator",
                key: id.to_string(),
            })?;
        let office = row.office_id;
        let grades = grade_context(&mut tx, office).await?;
        let before = row.into_domain(&ParseContext {
            ordinal_scales: &grades,
        })?;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                entity: "indicator",
                id: id.0,
                expected: expected_version,
                current: before.version,
            });
        }
        if let Some(cap) = settings.cap
            && cap <= Decimal::ZERO
        {
            return Err(invalid(format!("the cap must be above 0%, not {cap}%")));
        }
        let after = Indicator {
            settings: settings.clone(),
            version: before.version + 1,
            ..before.clone()
        };
        let done = query("UPDATE indicators SET settings = $3, version = version + 1 WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(before.version)
            .bind(to_json(&after.settings))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                entity: "indicator",
                id: id.0,
                expected: before.version,
                current: before.version + 1,
            });
        }
        audit(
            &mut tx,
            actor,
            Some(office),
            "indicator",
            Some(id.to_string()),
            "update_settings",
            Some(to_json(&before.settings)),
            Some(to_json(&after.settings)),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }

    async fn apply_dataset(&self, actor: &Actor, dataset: &Dataset, reason: &str) -> Result<DatasetSummary> {
        kinerja_store::validate::dataset(dataset)?;
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        let summary = self.apply(&mut tx, actor, dataset, reason).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(summary)
    }

    async fn merge_plans(
        &self,
        actor: &Actor,
        office: OfficeId,
        plans: &[kinerja_store::UnitPlanDraft],
        reason: &str,
        mode: kinerja_store::MergeMode,
    ) -> Result<kinerja_store::MergeSummary> {
        let office = office.0;
        self.merge(actor, OfficeId(office), plans, reason, mode).await
    }

    async fn edit_plan(
        &self,
        actor: &Actor,
        office: OfficeId,
        edit: &kinerja_store::PlanEdit,
        reason: &str,
    ) -> Result<kinerja_store::Edited> {
        let office = office.0;
        self.edit(actor, OfficeId(office), edit, reason).await
    }

    async fn copy_plan(
        &self,
        actor: &Actor,
        office: OfficeId,
        from: Year,
        to: Year,
        reason: &str,
    ) -> Result<DatasetSummary> {
        let office = office.0;
        kinerja_store::validate::reason(reason)?;
        if from == to {
            return Err(invalid(format!("a plan cannot be copied onto its own year {from}")));
        }
        let has_plan = |plans: &[YearPlan]| plans.iter().any(|p| !p.objectives.is_empty());
        if has_plan(&self.load(to, Some(office)).await?) {
            return Err(invalid(format!("{to} already has a plan: copying would replace it")));
        }
        let source = self.load(from, Some(office)).await?;
        if !has_plan(&source) {
            return Err(invalid(format!("{from} has no plan to copy")));
        }
        let offices = self.offices().await?;
        let mut plans = Dataset::from_year_plans(&offices, source.iter()).plans;
        for p in &mut plans {
            p.year = to;
            (p.pk_signed, p.rak_signed, p.pk_source, p.rak_source) = (None, None, None, None);
            for b in &mut p.budget {
                b.realised = None;
            }
            for o in &mut p.objectives {
                for i in &mut o.indicators {
                    i.realisations.clear();
                    i.reported = None;
                }
            }
        }
        let dataset = Dataset {
            plans,
            ..Default::default()
        };
        self.apply_dataset(actor, &dataset, reason).await
    }
}
