//! Reading a year: every table's rows of one office (or of all) fetched side by side, then assembled.

use std::collections::HashMap;

use kinerja_domain::model::*;
use kinerja_domain::value::ParseContext;
use kinerja_store::{PlanStore, Result, StoreError};

use crate::db::{Decodable, query_as};
use crate::rows::*;
use crate::{Backend, SqlStore, db_err, sql};

impl<B: Backend> SqlStore<B> {
    pub(crate) async fn load(&self, plan_year: Year, office: Option<i64>) -> Result<Vec<YearPlan>> {
        let year = i64::from(plan_year);
        let by = office.is_some();
        // Each query is a future with its own connection; they run together.
        let offices: Vec<Office> = match office {
            Some(id) => {
                let row = query_as::<OfficeRow>(&sql::office_by_id())
                    .bind(id)
                    .fetch_optional(&mut self.read().await?)
                    .await
                    .map_err(db_err)?
                    .ok_or_else(|| StoreError::NotFound {
                        entity: "office",
                        key: id.to_string(),
                    })?;
                vec![row.into_domain()?]
            }
            None => self.offices().await?,
        };
        let ordinal_scales = async {
            let rows = match office {
                Some(o) => {
                    query_as::<OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR)
                        .bind(o)
                        .fetch_all(&mut self.read().await?)
                        .await
                }
                None => {
                    query_as::<OrdinalScaleRow>(sql::ORDINAL_SCALES)
                        .fetch_all(&mut self.read().await?)
                        .await
                }
            };
            rows.map_err(db_err)?
                .into_iter()
                .map(OrdinalScaleRow::into_domain)
                .collect::<Result<Vec<_>>>()
        };
        // The largest first, so they start on their own connections.
        let (
            realisations,
            indicators,
            objectives,
            units,
            unit_years,
            actions,
            budget,
            people,
            positions,
            ordinal_scales,
        ) = tokio::try_join!(
            self.rows::<PackedRealisationsRow>(sql::realisations_packed(by, B::PACK.0, B::PACK.1), Some(year), office),
            self.rows::<IndicatorRow>(sql::indicators(by), Some(year), office),
            self.rows::<ObjectiveRow>(sql::objectives(by), Some(year), office),
            self.rows::<UnitRow>(sql::units(by), None, office),
            self.rows::<UnitYearRow>(sql::unit_years(by), Some(year), office),
            self.rows::<ActionRow>(sql::actions(by), Some(year), office),
            self.rows::<BudgetRow>(sql::budget_lines(by), Some(year), office),
            self.rows::<PersonRow>(sql::people(by), None, office),
            self.rows::<PositionRow>(sql::positions(by), None, office),
            ordinal_scales,
        )?;
        let loaded = Loaded {
            offices,
            units,
            unit_years,
            objectives,
            indicators,
            actions,
            budget,
            realisations,
            people,
            positions,
            ordinal_scales,
        };
        loaded.assemble(plan_year)
    }

    /// The rows of `sql`, with `$1` = `year` when given and the next `$N` = `office` when
    /// filtered by office, on a connection of their own.
    async fn rows<T: Decodable>(&self, sql: String, year: Option<i64>, office: Option<i64>) -> Result<Vec<T>> {
        let mut q = query_as::<T>(&sql);
        if let Some(year) = year {
            q = q.bind(year);
        }
        if let Some(office) = office {
            q = q.bind(office);
        }
        q.fetch_all(&mut self.read().await?).await.map_err(db_err)
    }
}

/// Rows of a year, grouped into one [`YearPlan`] per office, in `offices` order.
pub(crate) struct Loaded {
    pub offices: Vec<Office>,
    pub units: Vec<UnitRow>,
    pub unit_years: Vec<UnitYearRow>,
    pub objectives: Vec<ObjectiveRow>,
    pub indicators: Vec<IndicatorRow>,
    pub actions: Vec<ActionRow>,
    pub budget: Vec<BudgetRow>,
    pub realisations: Vec<PackedRealisationsRow>,
    pub people: Vec<PersonRow>,
    pub positions: Vec<PositionRow>,
    /// Office-defined ordinal scales (and shared ones, office `None`).
    pub ordinal_scales: Vec<(Option<i64>, kinerja_domain::grade::OrdinalScale)>,
}

impl Loaded {
    pub fn assemble(self, year: Year) -> Result<Vec<YearPlan>> {
        let grade_scales: Vec<Vec<kinerja_domain::grade::OrdinalScale>> = self
            .offices
            .iter()
            .map(|o| grade_scales(&self.ordinal_scales, o.id.0))
            .collect();
        let contexts: Vec<ParseContext<'_>> = grade_scales
            .iter()
            .map(|s| ParseContext { ordinal_scales: s })
            .collect();
        let mut index: HashMap<OfficeId, usize> = HashMap::with_capacity(self.offices.len());
        let mut plans: Vec<YearPlan> = Vec::with_capacity(self.offices.len());
        for (i, office) in self.offices.into_iter().enumerate() {
            index.insert(office.id, i);
            plans.push(YearPlan::empty(office, year));
        }
        for r in self.units {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.units.push(r.into_domain()?);
            }
        }
        for r in self.unit_years {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.unit_years.push(r.into_domain()?);
            }
        }
        for r in self.objectives {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.objectives.push(r.into_domain()?);
            }
        }
        for r in self.indicators {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.indicators.push(r.into_domain(&contexts[i])?);
            }
        }
        for r in self.actions {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.actions.push(r.into_domain(&contexts[i])?);
            }
        }
        for r in self.budget {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.budget.push(r.into_domain()?);
            }
        }
        for packed in self.realisations {
            if let Some(&i) = index.get(&OfficeId(packed.office_id)) {
                let p = &mut plans[i];
                for r in packed.unpack()? {
                    p.realisations.push(r.into_domain(&contexts[i])?);
                }
            }
        }
        for p in &mut plans {
            p.realisations.sort_by_key(|r| r.id);
        }
        for r in self.people {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.people.push(r.into_domain());
            }
        }
        for r in self.positions {
            if let Some(&i) = index.get(&OfficeId(r.office_id)) {
                let p = &mut plans[i];
                p.positions.push(r.into_domain()?);
            }
        }
        Ok(plans)
    }
}
