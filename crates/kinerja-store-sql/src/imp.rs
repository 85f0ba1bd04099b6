//! [`impl_store!`]: the `Store` implementation, written once for any sqlx database whose pool a
//! backend crate wraps. The backend supplies its pool field, the statement that opens a write
//! transaction (`BEGIN IMMEDIATE` on SQLite) and its migrator.

/// Implements `kinerja_store::Store` for `$store` (a struct with `pool` and `writer` fields of
/// type `sqlx::Pool<$db>`: reads use `pool`, write transactions `writer`).
#[macro_export]
macro_rules! impl_store {
    ($store:ident, $db:ty, backend = $backend:literal, begin = $begin:literal, migrator = $migrator:path,
     pack = ($pack_open:literal, $pack_close:literal)) => {
        const _: () = {
            use std::collections::{HashMap, HashSet};

            use $crate::reexport::async_trait::async_trait;
            use $crate::reexport::kinerja_domain::Decimal;
            use $crate::reexport::kinerja_domain::indicator::IndicatorSettings;
            use $crate::reexport::kinerja_domain::model::*;
            use $crate::reexport::kinerja_domain::grade::OrdinalScale;
            use $crate::reexport::kinerja_domain::scale::CategoryScale;
            use $crate::reexport::kinerja_domain::value::ParseContext;
            use $crate::reexport::kinerja_domain::workflow::{self, Transition};
            use $crate::reexport::kinerja_store::{
                clock, valid_login, Actor, AuditEntry, Dataset, DatasetSummary, NewUser, Owner, RealisationInput, Result, SignatureDraft,
                Store, StoreError, User,
            };
            use $crate::reexport::sqlx;
            use $crate::rows::*;
            use $crate::{db_err, sql, Loaded};

            type Tx = sqlx::Transaction<'static, $db>;

            fn invalid(msg: String) -> StoreError {
                StoreError::Invalid(msg)
            }

            #[allow(clippy::too_many_arguments)]
            async fn audit(
                tx: &mut Tx,
                actor: &Actor,
                office: Option<i64>,
                entity: &str,
                entity_id: Option<String>,
                action: &str,
                before: Option<String>,
                after: Option<String>,
                reason: Option<&str>,
            ) -> Result<()> {
                sqlx::query(sql::INSERT_AUDIT)
                    .bind(clock::now_rfc3339())
                    .bind(&actor.name)
                    .bind(office)
                    .bind(entity)
                    .bind(entity_id)
                    .bind(action)
                    .bind(before)
                    .bind(after)
                    .bind(reason)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_err)?;
                if let Some(office) = office {
                    sqlx::query("UPDATE offices SET data_version = data_version + 1 WHERE id = $1")
                        .bind(office)
                        .execute(&mut **tx)
                        .await
                        .map_err(db_err)?;
                }
                Ok(())
            }

            async fn office_id(tx: &mut Tx, cache: &mut HashMap<String, i64>, code: &str) -> Result<i64> {
                if let Some(id) = cache.get(code) {
                    return Ok(*id);
                }
                let id: Option<i64> = sqlx::query_scalar("SELECT id FROM offices WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_err)?;
                let id = id.ok_or_else(|| invalid(format!("office '{code}' does not exist")))?;
                cache.insert(code.to_string(), id);
                Ok(id)
            }

            async fn keyed_id(
                tx: &mut Tx,
                cache: &mut HashMap<(i64, String), i64>,
                table: &str,
                what: &str,
                office: i64,
                code: &str,
            ) -> Result<i64> {
                let key = (office, code.to_string());
                if let Some(id) = cache.get(&key) {
                    return Ok(*id);
                }
                let id: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE office_id = $1 AND code = $2"))
                    .bind(office)
                    .bind(code)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_err)?;
                let id = id.ok_or_else(|| invalid(format!("{what} '{code}' does not exist in this office")))?;
                cache.insert(key, id);
                Ok(id)
            }

            async fn signature(tx: &mut Tx, people: &mut HashMap<(i64, String), i64>, office: i64, s: &SignatureDraft) -> Result<Signature> {
                let first = match &s.first {
                    Some(c) => Some(keyed_id(tx, people, "people", "person", office, c).await?),
                    None => None,
                };
                // Pihak Kedua may be of the office above (its Ketua signs the commission's PK).
                let second = match &s.second {
                    Some(c) => match keyed_id(tx, people, "people", "person", office, c).await {
                        Ok(id) => Some(id),
                        Err(e) => {
                            let parent: Option<i64> = sqlx::query_scalar("SELECT parent_id FROM offices WHERE id = $1")
                                .bind(office)
                                .fetch_optional(&mut **tx)
                                .await
                                .map_err(db_err)?
                                .flatten();
                            match parent {
                                Some(p) => Some(keyed_id(tx, people, "people", "person", p, c).await.map_err(|_| e)?),
                                None => return Err(e),
                            }
                        }
                    },
                    None => None,
                };
                Ok(Signature { place: s.place.clone(), date: s.date, first, second })
            }

            /// The unit's year of a plan draft: PK/RAK flags, period kind, sources and the
            /// signatures (`signed`: PK and RAK, as stored JSON).
            async fn insert_unit_year(
                tx: &mut Tx,
                unit: i64,
                year: i64,
                p: &$crate::reexport::kinerja_store::UnitPlanDraft,
                signed: &[Option<String>],
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO unit_years (unit_id, year, has_pk, has_rak, rak_period_kind, stated_budget_total, pk_signed, rak_signed, pk_source, rak_source) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(unit)
                .bind(year)
                .bind(p.has_pk)
                .bind(p.has_rak)
                .bind(p.rak_period_kind.as_str())
                .bind(p.stated_budget_total.map(|d| d.to_string()))
                .bind(signed.first().cloned().flatten())
                .bind(signed.get(1).cloned().flatten())
                .bind(&p.pk_source)
                .bind(&p.rak_source)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
                Ok(())
            }

            /// Inserts an indicator of a plan draft (without its actions, realisations or links).
            async fn insert_indicator(tx: &mut Tx, objective: i64, ord: i64, ind: &$crate::reexport::kinerja_store::IndicatorDraft) -> Result<i64> {
                let (pk_k, pk_r) = value_cols(ind.pk_target.as_ref());
                let (rak_k, rak_r) = value_cols(ind.rak_target.as_ref());
                let (act_k, act_r) = value_cols(ind.activity_target.as_ref());
                sqlx::query_scalar(
                    "INSERT INTO indicators (objective_id, ord, text, pk_target_kind, pk_target_raw, rak_target_kind, rak_target_raw, \
                     activity_target_kind, activity_target_raw, period_targets, settings, computation, data_source, reported, note, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) RETURNING id",
                )
                .bind(objective)
                .bind(ord)
                .bind(&ind.text)
                .bind(pk_k)
                .bind(pk_r)
                .bind(rak_k)
                .bind(rak_r)
                .bind(act_k)
                .bind(act_r)
                .bind(to_json(&ind.period_targets))
                .bind(to_json(&ind.settings))
                .bind(&ind.computation)
                .bind(&ind.data_source)
                .bind(ind.reported.as_ref().map(to_json))
                .bind(&ind.note)
                .fetch_one(&mut **tx)
                .await
                .map_err(db_err)
            }

            /// Inserts an action of a plan draft under `indicator`.
            async fn insert_action(
                tx: &mut Tx,
                indicator: i64,
                ord: i64,
                a: &$crate::reexport::kinerja_store::ActionDraft,
                executor_unit: Option<i64>,
            ) -> Result<()> {
                let (tk, tr) = value_cols(a.target.as_ref());
                sqlx::query(
                    "INSERT INTO actions (indicator_id, ord, text, period_kind, periods, executor, executor_unit_id, budget, target_kind, target_raw, note) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(indicator)
                .bind(ord)
                .bind(&a.text)
                .bind(a.schedule.kind.as_str())
                .bind(periods_text(&a.schedule.periods))
                .bind(&a.executor)
                .bind(executor_unit)
                .bind(a.budget.map(|d| d.to_string()))
                .bind(tk)
                .bind(tr)
                .bind(&a.note)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
                Ok(())
            }

            async fn insert_budget_line(tx: &mut Tx, unit: i64, year: i64, ord: i64, b: &$crate::reexport::kinerja_store::BudgetLineDraft) -> Result<()> {
                sqlx::query("INSERT INTO budget_lines (unit_id, year, ord, name, level, ceiling, realised) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(unit)
                    .bind(year)
                    .bind(ord)
                    .bind(&b.name)
                    .bind(b.level.code())
                    .bind(b.ceiling.to_string())
                    .bind(b.realised.map(|d| d.to_string()))
                    .execute(&mut **tx)
                    .await
                    .map_err(db_err)?;
                Ok(())
            }

            type YearRow = (bool, bool, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

            /// A unit's year as stored (flags, period kind, budget total, signatures, sources).
            async fn year_row(tx: &mut Tx, unit: i64, year: i64) -> Result<Option<YearRow>> {
                sqlx::query_as::<$db, YearRow>(
                    "SELECT has_pk, has_rak, rak_period_kind, stated_budget_total, pk_signed, rak_signed, pk_source, rak_source \
                     FROM unit_years WHERE unit_id = $1 AND year = $2",
                )
                .bind(unit)
                .bind(year)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_err)
            }

            /// A stored signature as people read it: `Metro, 2024-01-11: FIRST / SECOND`.
            async fn signature_text(tx: &mut Tx, json: &str) -> Result<String> {
                let s: Signature = $crate::reexport::serde_json::from_str(json).map_err(|e| invalid(format!("stored signature: {e}")))?;
                let mut names = Vec::new();
                for id in [s.first, s.second] {
                    let name: Option<String> = match id {
                        Some(id) => sqlx::query_scalar("SELECT name FROM people WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(db_err)?,
                        None => None,
                    };
                    names.push(name.unwrap_or_else(|| "-".into()));
                }
                let place = s.place.unwrap_or_default();
                let date = s.date.map(|d| d.to_string()).unwrap_or_default();
                Ok(format!("{place} {date}: {}", names.join(" / ")).trim().to_string())
            }

            /// (objectives, indicators, realisations) of a unit's year, for the audit log.
            async fn plan_counts(tx: &mut Tx, unit: i64, year: i64) -> Result<(i64, i64, i64)> {
                sqlx::query_as::<$db, (i64, i64, i64)>(
                    "SELECT (SELECT COUNT(*) FROM objectives WHERE unit_id = $1 AND year = $2), \
                     (SELECT COUNT(*) FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE o.unit_id = $1 AND o.year = $2), \
                     (SELECT COUNT(*) FROM realisations r JOIN indicators i ON i.id = r.indicator_id JOIN objectives o ON o.id = i.objective_id WHERE o.unit_id = $1 AND o.year = $2)",
                )
                .bind(unit)
                .bind(year)
                .fetch_one(&mut **tx)
                .await
                .map_err(db_err)
            }

            /// The scales grades of `office` are read against (built-in, shared, the office's).
            async fn grade_context(tx: &mut Tx, office: i64) -> Result<Vec<OrdinalScale>> {
                let rows = sqlx::query_as::<$db, OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR)
                    .bind(office)
                    .fetch_all(&mut **tx)
                    .await
                    .map_err(db_err)?;
                let all = rows.into_iter().map(OrdinalScaleRow::into_domain).collect::<Result<Vec<_>>>()?;
                Ok(grade_scales(&all, office))
            }

            /// A user and their password hash, by `column` (`id` or `login`).
            async fn load_user(conn: &mut <$db as sqlx::Database>::Connection, column: &str, key: UserKey<'_>) -> Result<Option<(User, String)>> {
                let sql = format!("SELECT id, login, name, password_hash, disabled, lang, version FROM users WHERE {column} = $1");
                let row = match key {
                    UserKey::Id(id) => sqlx::query_as::<$db, UserRow>(&sql).bind(id).fetch_optional(&mut *conn).await,
                    UserKey::Login(login) => sqlx::query_as::<$db, UserRow>(&sql).bind(login).fetch_optional(&mut *conn).await,
                }
                .map_err(db_err)?;
                let Some(row) = row else { return Ok(None) };
                let grants = sqlx::query_as::<$db, GrantRow>("SELECT user_id, role, office_id, unit_id FROM grants WHERE user_id = $1 ORDER BY id")
                    .bind(row.id)
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(db_err)?
                    .into_iter()
                    .map(GrantRow::into_domain)
                    .collect::<Result<Vec<_>>>()?;
                row.into_domain(grants).map(Some)
            }

            #[derive(Clone, Copy)]
            enum UserKey<'k> {
                Id(i64),
                Login(&'k str),
            }

            async fn owner(pool: &sqlx::Pool<$db>, sql: &str, id: i64) -> Result<Option<Owner>> {
                let row = sqlx::query_as::<$db, OwnerRow>(sql).bind(id).fetch_optional(pool).await.map_err(db_err)?;
                Ok(row.map(|r| Owner { office: r.office_id, unit: r.unit_id, indicator: r.indicator_id }))
            }

            async fn realisation_row(tx: &mut Tx, id: i64) -> Result<RealisationRow> {
                sqlx::query_as::<$db, RealisationRow>(&sql::realisation_by_id())
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_err)?
                    .ok_or_else(|| StoreError::NotFound { entity: "realisation", key: id.to_string() })
            }

            impl $store {
                async fn begin(&self) -> Result<Tx> {
                    self.writer.begin_with($begin).await.map_err(db_err)
                }

                async fn load(&self, year: i32, office: Option<i64>) -> Result<Vec<YearPlan>> {
                    let pool = &self.pool;
                    let year = i64::from(year);
                    let by = office.is_some();
                    // Each query is a future; they run together on the pool's connections.
                    macro_rules! year_rows {
                        ($row:ty, $sql:expr) => {{
                            let sql = $sql;
                            async move {
                                let mut q = sqlx::query_as::<$db, $row>(&sql).bind(year);
                                if let Some(o) = office {
                                    q = q.bind(o);
                                }
                                q.fetch_all(pool).await.map_err(db_err)
                            }
                        }};
                    }
                    macro_rules! office_rows {
                        ($row:ty, $sql:expr) => {{
                            let sql = $sql;
                            async move {
                                let mut q = sqlx::query_as::<$db, $row>(&sql);
                                if let Some(o) = office {
                                    q = q.bind(o);
                                }
                                q.fetch_all(pool).await.map_err(db_err)
                            }
                        }};
                    }
                    let offices: Vec<Office> = match office {
                        Some(id) => {
                            let row = sqlx::query_as::<$db, OfficeRow>(&sql::office_by_id())
                                .bind(id)
                                .fetch_optional(pool)
                                .await
                                .map_err(db_err)?
                                .ok_or_else(|| StoreError::NotFound { entity: "office", key: id.to_string() })?;
                            vec![row.into_domain()?]
                        }
                        None => self.offices().await?,
                    };
                    let ordinal_scales = async {
                        let rows = match office {
                            Some(o) => sqlx::query_as::<$db, OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR).bind(o).fetch_all(pool).await,
                            None => sqlx::query_as::<$db, OrdinalScaleRow>(sql::ORDINAL_SCALES).fetch_all(pool).await,
                        };
                        rows.map_err(db_err)?.into_iter().map(OrdinalScaleRow::into_domain).collect::<Result<Vec<_>>>()
                    };
                    // The largest first, so they start on their own connections.
                    let (realisations, indicators, objectives, units, unit_years, actions, budget, people, positions, ordinal_scales) =
                        $crate::reexport::tokio::try_join!(
                            year_rows!(PackedRealisationsRow, sql::realisations_packed(by, $pack_open, $pack_close)),
                            year_rows!(IndicatorRow, sql::indicators(by)),
                            year_rows!(ObjectiveRow, sql::objectives(by)),
                            office_rows!(UnitRow, sql::units(by)),
                            year_rows!(UnitYearRow, sql::unit_years(by)),
                            year_rows!(ActionRow, sql::actions(by)),
                            year_rows!(BudgetRow, sql::budget_lines(by)),
                            office_rows!(PersonRow, sql::people(by)),
                            office_rows!(PositionRow, sql::positions(by)),
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
                    loaded.assemble(year as i32)
                }

                async fn apply(&self, tx: &mut Tx, actor: &Actor, ds: &Dataset, reason: &str) -> Result<DatasetSummary> {
                    let mut summary = DatasetSummary::default();
                    let mut offices: HashMap<String, i64> = HashMap::new();
                    let mut units: HashMap<(i64, String), i64> = HashMap::new();
                    let mut people: HashMap<(i64, String), i64> = HashMap::new();
                    let why = Some(reason);

                    for o in &ds.offices {
                        let parent = match &o.parent {
                            Some(code) => Some(office_id(tx, &mut offices, code).await?),
                            None => None,
                        };
                        // An office not given a time zone lies in its parent's.
                        let time_zone = match (o.time_zone, parent) {
                            (Some(tz), _) => tz,
                            (None, Some(p)) => {
                                let code: Option<String> = sqlx::query_scalar("SELECT time_zone FROM offices WHERE id = $1")
                                    .bind(p)
                                    .fetch_optional(&mut **tx)
                                    .await
                                    .map_err(db_err)?;
                                code.and_then(|c| c.parse().ok()).unwrap_or_default()
                            }
                            (None, None) => Default::default(),
                        };
                        let existing = sqlx::query_as::<$db, OfficeRow>(&sql::office_by_code())
                            .bind(&o.code)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(db_err)?;
                        let mut office = Office {
                            id: 0,
                            code: o.code.clone(),
                            name: o.name.clone(),
                            full_name: o.full_name.clone(),
                            level: o.level,
                            parent,
                            address: o.address.clone(),
                            city: o.city.clone(),
                            scale: o.scale.clone(),
                            lower_formula: o.lower_formula,
                            time_zone,
                            version: 1,
                        };
                        let before = existing.map(OfficeRow::into_domain).transpose()?;
                        let unchanged = before.as_ref().is_some_and(|b| *b == Office { id: b.id, version: b.version, ..office.clone() });
                        if let Some(b) = &before {
                            office.id = b.id;
                            office.version = if unchanged { b.version } else { b.version + 1 };
                        }
                        if !unchanged {
                            office.id = sqlx::query_scalar(
                                "INSERT INTO offices (code, name, full_name, level, parent_id, address, city, scale_code, lower_formula, time_zone, version) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) \
                                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, full_name = excluded.full_name, \
                                 level = excluded.level, parent_id = excluded.parent_id, address = excluded.address, city = excluded.city, \
                                 scale_code = excluded.scale_code, lower_formula = excluded.lower_formula, time_zone = excluded.time_zone, \
                                 version = offices.version + 1 \
                                 RETURNING id",
                            )
                            .bind(&office.code)
                            .bind(&office.name)
                            .bind(&office.full_name)
                            .bind(office.level.code())
                            .bind(office.parent)
                            .bind(&office.address)
                            .bind(&office.city)
                            .bind(&office.scale)
                            .bind(office.lower_formula.code())
                            .bind(office.time_zone.code())
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(db_err)?;
                            let action = if before.is_some() { "update" } else { "create" };
                            audit(tx, actor, Some(office.id), "office", Some(office.code.clone()), action, before.as_ref().map(to_json), Some(to_json(&office)), why).await?;
                        }
                        offices.insert(office.code.clone(), office.id);
                        summary.offices += 1;
                    }

                    for u in &ds.units {
                        let office = office_id(tx, &mut offices, &u.office).await?;
                        let parent = match &u.parent {
                            Some(code) => Some(keyed_id(tx, &mut units, "units", "unit", office, code).await?),
                            None => None,
                        };
                        let existing = sqlx::query_as::<$db, UnitRow>(
                            "SELECT id, office_id, code, name, kind, parent_id, aliases, version FROM units WHERE office_id = $1 AND code = $2",
                        )
                        .bind(office)
                        .bind(&u.code)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(db_err)?;
                        let mut unit = Unit {
                            id: 0,
                            office,
                            code: u.code.clone(),
                            name: u.name.clone(),
                            kind: u.kind,
                            parent,
                            aliases: u.aliases.clone(),
                            version: 1,
                        };
                        let before = existing.map(UnitRow::into_domain).transpose()?;
                        let unchanged = before.as_ref().is_some_and(|b| *b == Unit { id: b.id, version: b.version, ..unit.clone() });
                        if let Some(b) = &before {
                            unit.id = b.id;
                            unit.version = if unchanged { b.version } else { b.version + 1 };
                        }
                        if !unchanged {
                            unit.id = sqlx::query_scalar(
                                "INSERT INTO units (office_id, code, name, kind, parent_id, aliases, version) VALUES ($1, $2, $3, $4, $5, $6, 1) \
                                 ON CONFLICT (office_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                                 parent_id = excluded.parent_id, aliases = excluded.aliases, version = units.version + 1 RETURNING id",
                            )
                            .bind(office)
                            .bind(&unit.code)
                            .bind(&unit.name)
                            .bind(unit.kind.code())
                            .bind(unit.parent)
                            .bind(to_json(&unit.aliases))
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(db_err)?;
                            let action = if before.is_some() { "update" } else { "create" };
                            audit(tx, actor, Some(office), "unit", Some(unit.code.clone()), action, before.as_ref().map(to_json), Some(to_json(&unit)), why).await?;
                        }
                        units.insert((office, unit.code.clone()), unit.id);
                        summary.units += 1;
                    }

                    for p in &ds.people {
                        let office = office_id(tx, &mut offices, &p.office).await?;
                        let existing = sqlx::query_as::<$db, PersonRow>("SELECT id, office_id, code, name, nip FROM people WHERE office_id = $1 AND code = $2")
                            .bind(office)
                            .bind(&p.code)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(db_err)?;
                        let mut person = Person { id: 0, office, code: p.code.clone(), name: p.name.clone(), nip: p.nip.clone() };
                        let before = existing.map(PersonRow::into_domain);
                        let unchanged = before.as_ref().is_some_and(|b| *b == Person { id: b.id, ..person.clone() });
                        if let Some(b) = &before {
                            person.id = b.id;
                        }
                        if !unchanged {
                            person.id = sqlx::query_scalar(
                                "INSERT INTO people (office_id, code, name, nip) VALUES ($1, $2, $3, $4) \
                                 ON CONFLICT (office_id, code) DO UPDATE SET name = excluded.name, nip = excluded.nip RETURNING id",
                            )
                            .bind(office)
                            .bind(&person.code)
                            .bind(&person.name)
                            .bind(&person.nip)
                            .fetch_one(&mut **tx)
                            .await
                            .map_err(db_err)?;
                            let action = if before.is_some() { "update" } else { "create" };
                            audit(tx, actor, Some(office), "person", Some(person.code.clone()), action, before.as_ref().map(to_json), Some(to_json(&person)), why).await?;
                        }
                        people.insert((office, person.code.clone()), person.id);
                        summary.people += 1;
                    }

                    // Positions: each person named in the dataset gets exactly the positions listed.
                    let mut by_person: Vec<((i64, i64), Vec<&$crate::reexport::kinerja_store::PositionDraft>)> = Vec::new();
                    for q in &ds.positions {
                        let office = office_id(tx, &mut offices, &q.office).await?;
                        let person = keyed_id(tx, &mut people, "people", "person", office, &q.person).await?;
                        match by_person.iter_mut().find(|(k, _)| *k == (office, person)) {
                            Some((_, list)) => list.push(q),
                            None => by_person.push(((office, person), vec![q])),
                        }
                    }
                    for ((office, person), list) in by_person {
                        let before: Vec<(i64, String, String, Option<String>, Option<String>)> = sqlx::query_as(
                            "SELECT unit_id, title, acting, from_date, until_date FROM positions WHERE person_id = $1 ORDER BY id",
                        )
                        .bind(person)
                        .fetch_all(&mut **tx)
                        .await
                        .map_err(db_err)?;
                        let mut after = Vec::with_capacity(list.len());
                        for q in list {
                            let unit = keyed_id(tx, &mut units, "units", "unit", office, &q.unit).await?;
                            after.push((unit, q.title.clone(), q.acting.code().to_string(), q.from.map(|d| d.to_string()), q.until.map(|d| d.to_string())));
                        }
                        if before == after {
                            continue;
                        }
                        sqlx::query("DELETE FROM positions WHERE person_id = $1").bind(person).execute(&mut **tx).await.map_err(db_err)?;
                        for (unit, title, acting, from, until) in &after {
                            sqlx::query("INSERT INTO positions (person_id, unit_id, title, acting, from_date, until_date) VALUES ($1, $2, $3, $4, $5, $6)")
                                .bind(person)
                                .bind(unit)
                                .bind(title)
                                .bind(acting)
                                .bind(from)
                                .bind(until)
                                .execute(&mut **tx)
                                .await
                                .map_err(db_err)?;
                        }
                        let before_json = (!before.is_empty()).then(|| to_json(&before));
                        audit(tx, actor, Some(office), "positions", Some(person.to_string()), "replace", before_json, Some(to_json(&after)), why).await?;
                    }

                    for s in &ds.scales {
                        let office = match &s.office {
                            Some(code) => Some(office_id(tx, &mut offices, code).await?),
                            None => None,
                        };
                        let scale = &s.scale;
                        let before: Option<ScaleRow> = sqlx::query_as::<$db, ScaleRow>("SELECT id, code, name, domain_min, domain_max, bands FROM scales WHERE code = $1")
                            .bind(&scale.code)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(db_err)?;
                        let before = before.map(ScaleRow::into_domain).transpose()?;
                        if before.as_ref() != Some(scale) {
                            sqlx::query("DELETE FROM scales WHERE code = $1").bind(&scale.code).execute(&mut **tx).await.map_err(db_err)?;
                            sqlx::query("INSERT INTO scales (office_id, code, name, domain_min, domain_max, bands) VALUES ($1, $2, $3, $4, $5, $6)")
                                .bind(office)
                                .bind(&scale.code)
                                .bind(&scale.name)
                                .bind(scale.domain_min.map(|d| d.to_string()))
                                .bind(scale.domain_max.map(|d| d.to_string()))
                                .bind(to_json(&scale.bands))
                                .execute(&mut **tx)
                                .await
                                .map_err(db_err)?;
                            let action = if before.is_some() { "update" } else { "create" };
                            audit(tx, actor, office, "scale", Some(scale.code.clone()), action, before.as_ref().map(to_json), Some(to_json(scale)), why).await?;
                        }
                        summary.scales += 1;
                    }

                    for s in &ds.ordinal_scales {
                        let office = match &s.office {
                            Some(code) => Some(office_id(tx, &mut offices, code).await?),
                            None => None,
                        };
                        let scale = &s.scale;
                        if scale.levels.is_empty() {
                            return Err(invalid(format!("ordinal scale '{}' has no levels", scale.code)));
                        }
                        let before = sqlx::query_as::<$db, OrdinalScaleRow>("SELECT id, office_id, code, name, levels FROM ordinal_scales WHERE code = $1")
                            .bind(&scale.code)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(db_err)?
                            .map(OrdinalScaleRow::into_domain)
                            .transpose()?;
                        if before.as_ref() != Some(&(office, scale.clone())) {
                            sqlx::query(
                                "INSERT INTO ordinal_scales (office_id, code, name, levels) VALUES ($1, $2, $3, $4) \
                                 ON CONFLICT (code) DO UPDATE SET office_id = excluded.office_id, name = excluded.name, levels = excluded.levels",
                            )
                            .bind(office)
                            .bind(&scale.code)
                            .bind(&scale.name)
                            .bind(to_json(&scale.levels))
                            .execute(&mut **tx)
                            .await
                            .map_err(db_err)?;
                            let action = if before.is_some() { "update" } else { "create" };
                            let before = before.map(|(_, s)| to_json(&s));
                            audit(tx, actor, office, "ordinal_scale", Some(scale.code.clone()), action, before, Some(to_json(scale)), why).await?;
                        }
                        summary.ordinal_scales += 1;
                    }

                    for r in &ds.renstra {
                        let office = office_id(tx, &mut offices, &r.office).await?;
                        let before: Option<String> = sqlx::query_scalar("SELECT body FROM renstra WHERE office_id = $1")
                            .bind(office)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(db_err)?;
                        let after = to_json(&r.renstra);
                        if before.as_deref() != Some(after.as_str()) {
                            sqlx::query("DELETE FROM renstra WHERE office_id = $1").bind(office).execute(&mut **tx).await.map_err(db_err)?;
                            sqlx::query("INSERT INTO renstra (office_id, body) VALUES ($1, $2)").bind(office).bind(&after).execute(&mut **tx).await.map_err(db_err)?;
                            audit(tx, actor, Some(office), "renstra", Some(r.office.clone()), "replace", before, Some(after), why).await?;
                        }
                    }

                    // Unit plans: each replaces the unit's year.
                    let mut new_indicators: HashMap<(i64, i64), Vec<(String, i64)>> = HashMap::new();
                    let mut links: Vec<(i64, i64, i32, String, String)> = Vec::new();
                    let mut objective_links: Vec<(i64, i64, i32, String, String)> = Vec::new();
                    for p in &ds.plans {
                        let office = office_id(tx, &mut offices, &p.office).await?;
                        let unit = keyed_id(tx, &mut units, "units", "unit", office, &p.unit).await?;
                        let year = i64::from(p.year);
                        let place = format!("{}/{}", p.unit, p.year);
                        let (bo, bi, br) = plan_counts(tx, unit, year).await?;
                        let under = sql::INDICATORS_OF_UNIT_YEAR;
                        for stmt in [
                            format!("DELETE FROM realisations WHERE indicator_id IN ({under})"),
                            format!("DELETE FROM actions WHERE indicator_id IN ({under})"),
                            format!("UPDATE indicators SET supports_id = NULL WHERE supports_id IN ({under})"),
                            "UPDATE indicators SET supports_objective_id = NULL WHERE supports_objective_id IN \
                             (SELECT id FROM objectives WHERE unit_id = $1 AND year = $2)"
                                .to_string(),
                            "DELETE FROM indicators WHERE objective_id IN (SELECT id FROM objectives WHERE unit_id = $1 AND year = $2)".to_string(),
                            "DELETE FROM objectives WHERE unit_id = $1 AND year = $2".to_string(),
                            "DELETE FROM budget_lines WHERE unit_id = $1 AND year = $2".to_string(),
                            "DELETE FROM unit_years WHERE unit_id = $1 AND year = $2".to_string(),
                        ] {
                            sqlx::query(&stmt).bind(unit).bind(year).execute(&mut **tx).await.map_err(db_err)?;
                        }
                        let mut signed: Vec<Option<String>> = Vec::with_capacity(2);
                        for s in [&p.pk_signed, &p.rak_signed] {
                            signed.push(match s {
                                None => None,
                                Some(s) => Some(to_json(&signature(tx, &mut people, office, s).await?)),
                            });
                        }
                        insert_unit_year(tx, unit, year, p, &signed).await?;
                        for (i, b) in p.budget.iter().enumerate() {
                            insert_budget_line(tx, unit, year, i as i64, b).await?;
                            summary.budget_lines += 1;
                        }
                        let mut realisation_rows: Vec<(i64, &$crate::reexport::kinerja_store::RealisationDraft)> = Vec::new();
                        for (oi, o) in p.objectives.iter().enumerate() {
                            let objective: i64 = sqlx::query_scalar("INSERT INTO objectives (unit_id, year, ord, text) VALUES ($1, $2, $3, $4) RETURNING id")
                                .bind(unit)
                                .bind(year)
                                .bind(oi as i64)
                                .bind(&o.text)
                                .fetch_one(&mut **tx)
                                .await
                                .map_err(db_err)?;
                            summary.objectives += 1;
                            for (ii, ind) in o.indicators.iter().enumerate() {
                                let id = insert_indicator(tx, objective, ii as i64, ind).await?;
                                summary.indicators += 1;
                                new_indicators.entry((unit, year)).or_default().push((normalise_text(&ind.text), id));
                                if let Some(link) = &ind.supports {
                                    links.push((office, id, p.year, link.unit.clone(), link.indicator.clone()));
                                }
                                if let Some(link) = &ind.supports_objective {
                                    objective_links.push((office, id, p.year, link.unit.clone(), link.objective.clone()));
                                }
                                for (ai, a) in ind.actions.iter().enumerate() {
                                    let executor_unit = match &a.executor_unit {
                                        Some(code) => Some(keyed_id(tx, &mut units, "units", "unit", office, code).await?),
                                        None => None,
                                    };
                                    insert_action(tx, id, ai as i64, a, executor_unit).await?;
                                    summary.actions += 1;
                                }
                                let mut seen = HashSet::new();
                                for r in &ind.realisations {
                                    if !seen.insert(r.period) {
                                        return Err(invalid(format!("{place}: indicator '{}' has two realisations for {}", ind.text, r.period)));
                                    }
                                    realisation_rows.push((id, r));
                                }
                            }
                        }
                        for chunk in realisation_rows.chunks(500) {
                            let mut qb = sqlx::QueryBuilder::<$db>::new(
                                "INSERT INTO realisations (indicator_id, period, value_kind, value_raw, status, evidence, obstacles, follow_up, version) ",
                            );
                            qb.push_values(chunk, |mut b, (id, r)| {
                                b.push_bind(*id)
                                    .push_bind(r.period.to_string())
                                    .push_bind(r.value.kind().as_str())
                                    .push_bind(r.value.raw().to_string())
                                    .push_bind(r.status.code())
                                    .push_bind(to_json(&r.evidence))
                                    .push_bind(r.obstacles.clone())
                                    .push_bind(r.follow_up.clone())
                                    .push_bind(1_i64);
                            });
                            qb.build().execute(&mut **tx).await.map_err(db_err)?;
                        }
                        summary.realisations += realisation_rows.len();
                        let (ao, ai, ar) = plan_counts(tx, unit, year).await?;
                        let before = (bo + bi + br > 0).then(|| format!(r#"{{"objectives":{bo},"indicators":{bi},"realisations":{br}}}"#));
                        let after = format!(r#"{{"objectives":{ao},"indicators":{ai},"realisations":{ar}}}"#);
                        let action = if before.is_some() { "replace" } else { "create" };
                        audit(tx, actor, Some(office), "unit_plan", Some(place), action, before, Some(after), why).await?;
                        summary.plans += 1;
                    }

                    // Cascade links, now that every indicator of the dataset exists.
                    for (office, id, year, unit_code, text) in links {
                        let unit = keyed_id(tx, &mut units, "units", "unit", office, &unit_code).await?;
                        let wanted = normalise_text(&text);
                        let year = i64::from(year);
                        let mut found = new_indicators.get(&(unit, year)).and_then(|v| v.iter().find(|(t, _)| *t == wanted).map(|(_, id)| *id));
                        if found.is_none() {
                            let existing: Vec<(i64, String)> = sqlx::query_as(
                                "SELECT i.id, i.text FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE o.unit_id = $1 AND o.year = $2",
                            )
                            .bind(unit)
                            .bind(year)
                            .fetch_all(&mut **tx)
                            .await
                            .map_err(db_err)?;
                            found = existing.into_iter().find(|(_, t)| normalise_text(t) == wanted).map(|(id, _)| id);
                        }
                        let target = found.ok_or_else(|| {
                            invalid(format!("cascade link to '{text}' of unit '{unit_code}' in {year}: that unit has no such indicator"))
                        })?;
                        sqlx::query("UPDATE indicators SET supports_id = $1 WHERE id = $2").bind(target).bind(id).execute(&mut **tx).await.map_err(db_err)?;
                    }
                    for (office, id, year, unit_code, text) in objective_links {
                        let unit = keyed_id(tx, &mut units, "units", "unit", office, &unit_code).await?;
                        let wanted = normalise_text(&text);
                        let candidates: Vec<(i64, String)> = sqlx::query_as("SELECT id, text FROM objectives WHERE unit_id = $1 AND year = $2")
                            .bind(unit)
                            .bind(i64::from(year))
                            .fetch_all(&mut **tx)
                            .await
                            .map_err(db_err)?;
                        let target = candidates.into_iter().find(|(_, t)| normalise_text(t) == wanted).map(|(id, _)| id).ok_or_else(|| {
                            invalid(format!("cascade link to objective '{text}' of unit '{unit_code}' in {year}: that unit has no such objective"))
                        })?;
                        sqlx::query("UPDATE indicators SET supports_objective_id = $1 WHERE id = $2")
                            .bind(target)
                            .bind(id)
                            .execute(&mut **tx)
                            .await
                            .map_err(db_err)?;
                    }
                    Ok(summary)
                }
            }

            #[async_trait]
            impl Store for $store {
                fn backend(&self) -> &'static str {
                    $backend
                }

                async fn migrate(&self) -> Result<()> {
                    $migrator.run(&self.pool).await.map_err(|e| StoreError::Database(format!("migration failed: {e}")))
                }

                async fn offices(&self) -> Result<Vec<Office>> {
                    let rows = sqlx::query_as::<$db, OfficeRow>(&sql::offices()).fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.into_iter().map(OfficeRow::into_domain).collect()
                }

                async fn scales_for(&self, office: OfficeId) -> Result<Vec<CategoryScale>> {
                    let rows = sqlx::query_as::<$db, ScaleRow>(sql::SCALES_FOR).bind(office).fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.into_iter().map(ScaleRow::into_domain).collect()
                }

                async fn ordinal_scales_for(&self, office: OfficeId) -> Result<Vec<OrdinalScale>> {
                    let rows = sqlx::query_as::<$db, OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR).bind(office).fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.into_iter().map(|r| r.into_domain().map(|(_, s)| s)).collect()
                }

                async fn renstra(&self, office: OfficeId) -> Result<Option<Renstra>> {
                    let body: Option<String> = sqlx::query_scalar("SELECT body FROM renstra WHERE office_id = $1")
                        .bind(office)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_err)?;
                    body.map(|b| json("renstra", office, &b)).transpose()
                }

                async fn year_plan(&self, office: OfficeId, year: i32) -> Result<YearPlan> {
                    self.load(year, Some(office))
                        .await?
                        .pop()
                        .ok_or_else(|| StoreError::NotFound { entity: "office", key: office.to_string() })
                }

                async fn year_plans(&self, year: i32) -> Result<Vec<YearPlan>> {
                    self.load(year, None).await
                }

                async fn apply_dataset(&self, actor: &Actor, dataset: &Dataset, reason: &str) -> Result<DatasetSummary> {
                    $crate::reexport::kinerja_store::validate::dataset(dataset)?;
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    let mut tx = self.begin().await?;
                    let summary = self.apply(&mut tx, actor, dataset, reason).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(summary)
                }

                async fn merge_plans(
                    &self,
                    actor: &Actor,
                    office: OfficeId,
                    plans: &[$crate::reexport::kinerja_store::UnitPlanDraft],
                    reason: &str,
                    mode: $crate::reexport::kinerja_store::MergeMode,
                ) -> Result<$crate::reexport::kinerja_store::MergeSummary> {
                    $crate::reexport::kinerja_store::validate::unit_plans(plans)?;
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    use $crate::reexport::kinerja_store::KeptValue;
                    /// Takes the first of `stored` (id, text) not yet taken whose text reads as `text`'s.
                    fn take(stored: &[(i64, String)], taken: &mut HashSet<i64>, text: &str) -> Option<i64> {
                        let wanted = normalise_text(text);
                        let found = stored.iter().find(|(id, t)| !taken.contains(id) && normalise_text(t) == wanted).map(|(id, _)| *id);
                        if let Some(id) = found {
                            taken.insert(id);
                        }
                        found
                    }
                    let mut summary = $crate::reexport::kinerja_store::MergeSummary::default();
                    let mut tx = self.begin().await?;
                    let code: Option<String> = sqlx::query_scalar("SELECT code FROM offices WHERE id = $1")
                        .bind(office)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    let code = code.ok_or_else(|| StoreError::NotFound { entity: "office", key: office.to_string() })?;
                    let mut units: HashMap<(i64, String), i64> = HashMap::new();
                    let mut people: HashMap<(i64, String), i64> = HashMap::new();
                    let why = Some(reason);
                    for p in plans {
                        let place = format!("{}/{}", p.unit, p.year);
                        if p.office != code {
                            return Err(invalid(format!("{place}: the plan names office '{}', not '{code}'", p.office)));
                        }
                        for o in &p.objectives {
                            for ind in &o.indicators {
                                if !ind.realisations.is_empty() || ind.supports.is_some() || ind.supports_objective.is_some() {
                                    return Err(invalid(format!(
                                        "{place}: indicator '{}': a merge takes plans only, not realisations or cascade links",
                                        ind.text
                                    )));
                                }
                            }
                        }
                        let unit = keyed_id(&mut tx, &mut units, "units", "unit", office, &p.unit).await?;
                        let year = i64::from(p.year);
                        let (bo, bi, br) = plan_counts(&mut tx, unit, year).await?;

                        // The unit's year: created, or its PK/RAK flags, sources and signatures completed.
                        let mut signed: Vec<Option<String>> = Vec::with_capacity(2);
                        for s in [&p.pk_signed, &p.rak_signed] {
                            signed.push(match s {
                                None => None,
                                Some(s) => Some(to_json(&signature(&mut tx, &mut people, office, s).await?)),
                            });
                        }
                        let stored = year_row(&mut tx, unit, year).await?;
                        let changes_before = summary.changes();
                        match stored.clone().map(|r| (r.1, r.4, r.5)) {
                            None => {
                                insert_unit_year(&mut tx, unit, year, p, &signed).await?;
                            }
                            Some((had_rak, pk_signed, rak_signed)) => {
                                for (field, new, old) in [("pk_signature", &signed[0], &pk_signed), ("rak_signature", &signed[1], &rak_signed)] {
                                    if let (Some(new), Some(old)) = (new, old) {
                                        if new != old {
                                            let stored = signature_text(&mut tx, old).await?;
                                            let file = signature_text(&mut tx, new).await?;
                                            summary.kept.push(KeptValue::new(&place, field, "", stored, file));
                                        }
                                    }
                                }
                                let kind = if had_rak { None } else { Some(p.rak_period_kind.as_str()) };
                                sqlx::query(
                                    "UPDATE unit_years SET has_pk = (has_pk OR $3), has_rak = (has_rak OR $4), \
                                     rak_period_kind = COALESCE($5, rak_period_kind), stated_budget_total = COALESCE(stated_budget_total, $6), \
                                     pk_signed = COALESCE(pk_signed, $7), rak_signed = COALESCE(rak_signed, $8), \
                                     pk_source = COALESCE(pk_source, $9), rak_source = COALESCE(rak_source, $10) \
                                     WHERE unit_id = $1 AND year = $2",
                                )
                                .bind(unit)
                                .bind(year)
                                .bind(p.has_pk)
                                .bind(p.has_rak)
                                .bind(kind)
                                .bind(p.stated_budget_total.map(|d| d.to_string()))
                                .bind(signed[0].clone())
                                .bind(signed[1].clone())
                                .bind(&p.pk_source)
                                .bind(&p.rak_source)
                                .execute(&mut *tx)
                                .await
                                .map_err(db_err)?;
                            }
                        }

                        // Budget lines by name.
                        let lines: Vec<(i64, String, i64, String)> =
                            sqlx::query_as("SELECT id, name, ord, ceiling FROM budget_lines WHERE unit_id = $1 AND year = $2 ORDER BY ord, id")
                                .bind(unit)
                                .bind(year)
                                .fetch_all(&mut *tx)
                                .await
                                .map_err(db_err)?;
                        let mut next = lines.iter().map(|l| l.2 + 1).max().unwrap_or(0);
                        let names: Vec<(i64, String)> = lines.iter().map(|l| (l.0, l.1.clone())).collect();
                        let mut taken = HashSet::new();
                        for b in &p.budget {
                            match take(&names, &mut taken, &b.name) {
                                Some(id) => {
                                    summary.budget_lines_present += 1;
                                    let stored = lines.iter().find(|l| l.0 == id).map(|l| l.3.as_str()).unwrap_or_default();
                                    if stored.parse::<Decimal>().ok() != Some(b.ceiling) {
                                        summary.kept.push(KeptValue::new(&place, "budget_ceiling", &b.name, stored, b.ceiling.to_string()));
                                    }
                                }
                                None => {
                                    insert_budget_line(&mut tx, unit, year, next, b).await?;
                                    next += 1;
                                    summary.budget_lines_added += 1;
                                }
                            }
                        }

                        // Objectives, their indicators and the indicators' actions, by text.
                        let objectives: Vec<(i64, String)> = sqlx::query_as("SELECT id, text FROM objectives WHERE unit_id = $1 AND year = $2 ORDER BY ord, id")
                            .bind(unit)
                            .bind(year)
                            .fetch_all(&mut *tx)
                            .await
                            .map_err(db_err)?;
                        let mut next_objective: i64 =
                            sqlx::query_scalar::<$db, Option<i64>>("SELECT MAX(ord) + 1 FROM objectives WHERE unit_id = $1 AND year = $2")
                                .bind(unit)
                                .bind(year)
                                .fetch_one(&mut *tx)
                                .await
                                .map_err(db_err)?
                                .unwrap_or(0);
                        let mut objectives_taken = HashSet::new();
                        for o in &p.objectives {
                            let objective = match take(&objectives, &mut objectives_taken, &o.text) {
                                Some(id) => {
                                    summary.objectives_present += 1;
                                    id
                                }
                                None => {
                                    let id: i64 = sqlx::query_scalar("INSERT INTO objectives (unit_id, year, ord, text) VALUES ($1, $2, $3, $4) RETURNING id")
                                        .bind(unit)
                                        .bind(year)
                                        .bind(next_objective)
                                        .bind(&o.text)
                                        .fetch_one(&mut *tx)
                                        .await
                                        .map_err(db_err)?;
                                    next_objective += 1;
                                    summary.objectives_added += 1;
                                    id
                                }
                            };
                            let indicators = sqlx::query_as::<$db, (i64, String, i64, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>, String)>(
                                "SELECT id, text, ord, pk_target_raw, rak_target_raw, activity_target_raw, computation, data_source, period_targets \
                                 FROM indicators WHERE objective_id = $1 ORDER BY ord, id",
                            )
                            .bind(objective)
                            .fetch_all(&mut *tx)
                            .await
                            .map_err(db_err)?;
                            let mut next_indicator = indicators.iter().map(|i| i.2 + 1).max().unwrap_or(0);
                            let texts: Vec<(i64, String)> = indicators.iter().map(|i| (i.0, i.1.clone())).collect();
                            let mut indicators_taken = HashSet::new();
                            for ind in &o.indicators {
                                let indicator = match take(&texts, &mut indicators_taken, &ind.text) {
                                    Some(id) => {
                                        summary.indicators_present += 1;
                                        let Some(row) = indicators.iter().find(|i| i.0 == id) else { continue };
                                        let mut filled = false;
                                        let mut fill = |field: &'static str, stored: &Option<String>, file: Option<String>| -> bool {
                                            match (stored.as_deref().map(str::trim).filter(|s| !s.is_empty()), file) {
                                                (None, Some(f)) if !f.trim().is_empty() => {
                                                    filled = true;
                                                    true
                                                }
                                                (Some(st), Some(f)) if normalise_text(st) != normalise_text(&f) => {
                                                    summary.kept.push(KeptValue::new(&place, field, &ind.text, st, f));
                                                    false
                                                }
                                                _ => false,
                                            }
                                        };
                                        let pk = fill("pk_target", &row.3, ind.pk_target.as_ref().map(|v| v.raw().to_string()));
                                        let rak = fill("rak_target", &row.4, ind.rak_target.as_ref().map(|v| v.raw().to_string()));
                                        let act = fill("activity_target", &row.5, ind.activity_target.as_ref().map(|v| v.raw().to_string()));
                                        let comp = fill("computation", &row.6, ind.computation.clone());
                                        let source = fill("data_source", &row.7, ind.data_source.clone());
                                        let periods = row.8 == "[]" && !ind.period_targets.is_empty();
                                        if filled || periods {
                                            let (pk_k, pk_r) = value_cols(ind.pk_target.as_ref().filter(|_| pk));
                                            let (rak_k, rak_r) = value_cols(ind.rak_target.as_ref().filter(|_| rak));
                                            let (act_k, act_r) = value_cols(ind.activity_target.as_ref().filter(|_| act));
                                            sqlx::query(
                                                "UPDATE indicators SET \
                                                 pk_target_kind = COALESCE($2, pk_target_kind), pk_target_raw = COALESCE($3, pk_target_raw), \
                                                 rak_target_kind = COALESCE($4, rak_target_kind), rak_target_raw = COALESCE($5, rak_target_raw), \
                                                 activity_target_kind = COALESCE($6, activity_target_kind), activity_target_raw = COALESCE($7, activity_target_raw), \
                                                 computation = COALESCE($8, computation), data_source = COALESCE($9, data_source), \
                                                 period_targets = COALESCE($10, period_targets), version = version + 1 WHERE id = $1",
                                            )
                                            .bind(id)
                                            .bind(pk_k)
                                            .bind(pk_r)
                                            .bind(rak_k)
                                            .bind(rak_r)
                                            .bind(act_k)
                                            .bind(act_r)
                                            .bind(ind.computation.clone().filter(|_| comp))
                                            .bind(ind.data_source.clone().filter(|_| source))
                                            .bind(periods.then(|| to_json(&ind.period_targets)))
                                            .execute(&mut *tx)
                                            .await
                                            .map_err(db_err)?;
                                            summary.indicators_completed += 1;
                                        }
                                        id
                                    }
                                    None => {
                                        let id = insert_indicator(&mut tx, objective, next_indicator, ind).await?;
                                        next_indicator += 1;
                                        summary.indicators_added += 1;
                                        id
                                    }
                                };
                                let actions: Vec<(i64, String, i64, String, Option<String>)> =
                                    sqlx::query_as("SELECT id, text, ord, periods, executor FROM actions WHERE indicator_id = $1 ORDER BY ord, id")
                                        .bind(indicator)
                                        .fetch_all(&mut *tx)
                                        .await
                                        .map_err(db_err)?;
                                let mut next_action = actions.iter().map(|a| a.2 + 1).max().unwrap_or(0);
                                let texts: Vec<(i64, String)> = actions.iter().map(|a| (a.0, a.1.clone())).collect();
                                let mut actions_taken = HashSet::new();
                                for a in &ind.actions {
                                    let executor_unit = match &a.executor_unit {
                                        Some(c) => Some(keyed_id(&mut tx, &mut units, "units", "unit", office, c).await?),
                                        None => None,
                                    };
                                    if let Some(id) = take(&texts, &mut actions_taken, &a.text) {
                                        summary.actions_present += 1;
                                        // An action named without its months (an RKT) gets them from a RAK, and an
                                        // executor where none is stored; a schedule or executor there is kept.
                                        let Some((_, _, _, periods, executor)) = actions.iter().find(|x| x.0 == id) else { continue };
                                        let file_periods = periods_text(&a.schedule.periods);
                                        let schedule = periods.is_empty() && !file_periods.is_empty();
                                        if !periods.is_empty() && !file_periods.is_empty() && *periods != file_periods {
                                            summary.kept.push(KeptValue::new(&place, "schedule", &a.text, periods.as_str(), file_periods.as_str()));
                                        }
                                        let stored_executor = executor.as_deref().map(str::trim).filter(|e| !e.is_empty());
                                        let fill_executor = stored_executor.is_none() && a.executor.is_some();
                                        if let (Some(st), Some(f)) = (stored_executor, a.executor.as_deref()) {
                                            if normalise_text(st) != normalise_text(f) {
                                                summary.kept.push(KeptValue::new(&place, "executor", &a.text, st, f));
                                            }
                                        }
                                        if schedule || fill_executor {
                                            sqlx::query(
                                                "UPDATE actions SET period_kind = COALESCE($2, period_kind), periods = COALESCE($3, periods), \
                                                 executor = COALESCE($4, executor), executor_unit_id = COALESCE($5, executor_unit_id) WHERE id = $1",
                                            )
                                            .bind(id)
                                            .bind(schedule.then(|| a.schedule.kind.as_str()))
                                            .bind(schedule.then_some(file_periods))
                                            .bind(a.executor.clone().filter(|_| fill_executor))
                                            .bind(executor_unit.filter(|_| fill_executor))
                                            .execute(&mut *tx)
                                            .await
                                            .map_err(db_err)?;
                                            summary.actions_completed += 1;
                                        }
                                        continue;
                                    }
                                    insert_action(&mut tx, indicator, next_action, a, executor_unit).await?;
                                    next_action += 1;
                                    summary.actions_added += 1;
                                }
                            }
                        }
                        summary.plans += 1;
                        // A plan the file adds nothing to is not changed, so not audited.
                        let changed = stored != year_row(&mut tx, unit, year).await? || summary.changes() != changes_before;
                        if changed {
                            summary.plans_changed += 1;
                            let (ao, ai, ar) = plan_counts(&mut tx, unit, year).await?;
                            let before = (bo + bi + br > 0).then(|| format!(r#"{{"objectives":{bo},"indicators":{bi},"realisations":{br}}}"#));
                            let after = format!(r#"{{"objectives":{ao},"indicators":{ai},"realisations":{ar}}}"#);
                            audit(&mut tx, actor, Some(office), "unit_plan", Some(place), "merge", before, Some(after), why).await?;
                        }
                    }
                    match mode {
                        $crate::reexport::kinerja_store::MergeMode::Apply => tx.commit().await.map_err(db_err)?,
                        $crate::reexport::kinerja_store::MergeMode::Preview => tx.rollback().await.map_err(db_err)?,
                    }
                    Ok(summary)
                }

                async fn save_realisation(
                    &self,
                    actor: &Actor,
                    input: &RealisationInput,
                    expected_version: Option<i64>,
                    reason: Option<&str>,
                ) -> Result<Realisation> {
                    $crate::reexport::kinerja_store::validate::realisation(input)?;
                    $crate::reexport::kinerja_store::validate::opt($crate::reexport::kinerja_domain::input::Field::Reason, reason)?;
                    let mut tx = self.begin().await?;
                    let office: Option<i64> = sqlx::query_scalar(
                        "SELECT u.office_id FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
                    )
                    .bind(input.indicator)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    let office = office.ok_or_else(|| StoreError::NotFound { entity: "indicator", key: input.indicator.to_string() })?;
                    let period = input.period.to_string();
                    let existing = sqlx::query_as::<$db, RealisationRow>(&sql::realisation_by_period())
                        .bind(input.indicator)
                        .bind(&period)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    let entity_id = format!("{}/{}", input.indicator, period);
                    let saved = match existing {
                        Some(row) => {
                            let grades = grade_context(&mut tx, office).await?;
                            let before = row.into_domain(&ParseContext { ordinal_scales: &grades })?;
                            if expected_version != Some(before.version) {
                                return Err(StoreError::Conflict {
                                    entity: "realisation",
                                    id: before.id,
                                    expected: expected_version.unwrap_or(0),
                                    current: before.version,
                                });
                            }
                            if !workflow::editable(before.status) {
                                return Err(invalid(format!(
                                    "the realisation for {period} is {}: it is locked; it must be returned or reopened before it can change",
                                    before.status.code()
                                )));
                            }
                            let after = Realisation {
                                value: input.value.clone(),
                                evidence: input.evidence.clone(),
                                obstacles: input.obstacles.clone(),
                                follow_up: input.follow_up.clone(),
                                version: before.version + 1,
                                ..before.clone()
                            };
                            let done = sqlx::query(
                                "UPDATE realisations SET value_kind = $3, value_raw = $4, evidence = $5, obstacles = $6, follow_up = $7, version = version + 1 \
                                 WHERE id = $1 AND version = $2",
                            )
                            .bind(before.id)
                            .bind(before.version)
                            .bind(after.value.kind().as_str())
                            .bind(after.value.raw())
                            .bind(to_json(&after.evidence))
                            .bind(&after.obstacles)
                            .bind(&after.follow_up)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                            if done.rows_affected() != 1 {
                                return Err(StoreError::Conflict { entity: "realisation", id: before.id, expected: before.version, current: before.version + 1 });
                            }
                            audit(&mut tx, actor, Some(office), "realisation", Some(entity_id), "update", Some(to_json(&before)), Some(to_json(&after)), reason).await?;
                            after
                        }
                        None => {
                            if let Some(v) = expected_version {
                                return Err(StoreError::Conflict { entity: "realisation", id: 0, expected: v, current: 0 });
                            }
                            let inserted = sqlx::query_scalar::<$db, i64>(
                                "INSERT INTO realisations (indicator_id, period, value_kind, value_raw, status, evidence, obstacles, follow_up, version) \
                                 VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, 1) RETURNING id",
                            )
                            .bind(input.indicator)
                            .bind(&period)
                            .bind(input.value.kind().as_str())
                            .bind(input.value.raw())
                            .bind(to_json(&input.evidence))
                            .bind(&input.obstacles)
                            .bind(&input.follow_up)
                            .fetch_one(&mut *tx)
                            .await;
                            let id = match inserted {
                                Ok(id) => id,
                                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                                    return Err(StoreError::Conflict { entity: "realisation", id: 0, expected: 0, current: 1 });
                                }
                                Err(e) => return Err(db_err(e)),
                            };
                            let after = Realisation {
                                id,
                                indicator: input.indicator,
                                period: input.period,
                                value: input.value.clone(),
                                status: RealisationStatus::Draft,
                                evidence: input.evidence.clone(),
                                obstacles: input.obstacles.clone(),
                                follow_up: input.follow_up.clone(),
                                return_reason: None,
                                version: 1,
                            };
                            audit(&mut tx, actor, Some(office), "realisation", Some(entity_id), "create", None, Some(to_json(&after)), reason).await?;
                            after
                        }
                    };
                    for file in &input.new_files {
                        if file.office != office || file.indicator != input.indicator || file.period != input.period {
                            return Err(invalid(format!("evidence file {} belongs to another indicator or period", file.original_name)));
                        }
                        if !input.evidence.contains(&file.reference()) {
                            return Err(invalid(format!("evidence file {} is not among the realisation's evidence", file.original_name)));
                        }
                        sqlx::query(
                            "INSERT INTO evidence_files (name, office_id, indicator_id, period, original_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                        )
                        .bind(&file.name)
                        .bind(office)
                        .bind(input.indicator)
                        .bind(&period)
                        .bind(&file.original_name)
                        .bind(&file.content_type)
                        .bind(file.size)
                        .bind(&file.sha256)
                        .bind(&file.uploaded_by)
                        .bind(&file.uploaded_at)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    }
                    tx.commit().await.map_err(db_err)?;
                    Ok(saved)
                }

                async fn transition_realisation(&self, actor: &Actor, id: RealisationId, expected_version: i64, transition: &Transition) -> Result<Realisation> {
                    if let Transition::Return { reason } | Transition::Reopen { reason } = transition {
                        $crate::reexport::kinerja_store::validate::reason(reason)?;
                    }
                    let mut tx = self.begin().await?;
                    let row = realisation_row(&mut tx, id).await?;
                    let office = row.office_id;
                    let grades = grade_context(&mut tx, office).await?;
                    let before = row.into_domain(&ParseContext { ordinal_scales: &grades })?;
                    if before.version != expected_version {
                        return Err(StoreError::Conflict { entity: "realisation", id, expected: expected_version, current: before.version });
                    }
                    let status = workflow::apply(before.status, transition).map_err(|e| invalid(e.0.en))?;
                    let (return_reason, reason) = match transition {
                        Transition::Return { reason } => (Some(reason.clone()), Some(reason.as_str())),
                        Transition::Reopen { reason } => (before.return_reason.clone(), Some(reason.as_str())),
                        _ => (before.return_reason.clone(), None),
                    };
                    let after = Realisation { status, return_reason, version: before.version + 1, ..before.clone() };
                    let done = sqlx::query("UPDATE realisations SET status = $3, return_reason = $4, version = version + 1 WHERE id = $1 AND version = $2")
                        .bind(id)
                        .bind(before.version)
                        .bind(after.status.code())
                        .bind(&after.return_reason)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::Conflict { entity: "realisation", id, expected: before.version, current: before.version + 1 });
                    }
                    let entity_id = format!("{}/{}", before.indicator, before.period);
                    audit(&mut tx, actor, Some(office), "realisation", Some(entity_id), transition.code(), Some(to_json(&before)), Some(to_json(&after)), reason).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn update_indicator_settings(
                    &self,
                    actor: &Actor,
                    id: IndicatorId,
                    expected_version: i64,
                    settings: &IndicatorSettings,
                    reason: &str,
                ) -> Result<Indicator> {
                    $crate::reexport::kinerja_store::validate::settings(settings)?;
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    let mut tx = self.begin().await?;
                    let row = sqlx::query_as::<$db, IndicatorRow>(&sql::indicator_by_id())
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?
                        .ok_or_else(|| StoreError::NotFound { entity: "indicator", key: id.to_string() })?;
                    let office = row.office_id;
                    let grades = grade_context(&mut tx, office).await?;
                    let before = row.into_domain(&ParseContext { ordinal_scales: &grades })?;
                    if before.version != expected_version {
                        return Err(StoreError::Conflict { entity: "indicator", id, expected: expected_version, current: before.version });
                    }
                    if let Some(cap) = settings.cap {
                        if cap <= Decimal::ZERO {
                            return Err(invalid(format!("the cap must be above 0%, not {cap}%")));
                        }
                    }
                    let after = Indicator { settings: settings.clone(), version: before.version + 1, ..before.clone() };
                    let done = sqlx::query("UPDATE indicators SET settings = $3, version = version + 1 WHERE id = $1 AND version = $2")
                        .bind(id)
                        .bind(before.version)
                        .bind(to_json(&after.settings))
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::Conflict { entity: "indicator", id, expected: before.version, current: before.version + 1 });
                    }
                    audit(&mut tx, actor, Some(office), "indicator", Some(id.to_string()), "update_settings", Some(to_json(&before.settings)), Some(to_json(&after.settings)), Some(reason)).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn units(&self, office: OfficeId) -> Result<Vec<Unit>> {
                    let rows = sqlx::query_as::<$db, UnitRow>(&sql::units(true)).bind(office).fetch_all(&self.pool).await.map_err(db_err)?;
                    let units = rows.into_iter().map(UnitRow::into_domain).collect::<Result<Vec<_>>>()?;
                    let mut plan = YearPlan::empty(Office {
                        id: office, code: String::new(), name: String::new(), full_name: String::new(), level: OfficeLevel::Regency,
                        parent: None, address: None, city: None, scale: None, lower_formula: Default::default(), time_zone: Default::default(), version: 0,
                    }, 0);
                    plan.units = units;
                    Ok(plan.units_in_tree_order().into_iter().cloned().collect())
                }

                async fn indicator_owner(&self, id: IndicatorId) -> Result<Option<Owner>> {
                    owner(
                        &self.pool,
                        "SELECT u.office_id, u.id AS unit_id, i.id AS indicator_id FROM indicators i JOIN objectives o ON o.id = i.objective_id \
                         JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
                        id,
                    )
                    .await
                }

                async fn realisation_owner(&self, id: RealisationId) -> Result<Option<Owner>> {
                    owner(
                        &self.pool,
                        "SELECT u.office_id, u.id AS unit_id, i.id AS indicator_id FROM realisations r JOIN indicators i ON i.id = r.indicator_id \
                         JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE r.id = $1",
                        id,
                    )
                    .await
                }

                async fn create_user(&self, actor: &Actor, user: &NewUser, reason: &str) -> Result<User> {
                    $crate::reexport::kinerja_store::validate::new_user(user)?;
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    if !valid_login(&user.login) {
                        return Err(invalid(format!(
                            "login '{}': use 3–64 lowercase letters, digits, '.', '-' or '_', starting with a letter",
                            user.login
                        )));
                    }
                    if user.name.trim().is_empty() {
                        return Err(invalid(format!("login '{}': the name is empty", user.login)));
                    }
                    for g in &user.grants {
                        if g.role.needs_unit() != g.unit.is_some() {
                            return Err(invalid(format!(
                                "login '{}': the role {} {} a unit",
                                user.login,
                                g.role.code(),
                                if g.role.needs_unit() { "needs" } else { "takes no" }
                            )));
                        }
                    }
                    let mut tx = self.begin().await?;
                    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE login = $1").bind(&user.login).fetch_optional(&mut *tx).await.map_err(db_err)?;
                    if exists.is_some() {
                        return Err(invalid(format!("login '{}' already exists", user.login)));
                    }
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO users (login, name, password_hash, disabled, lang, created_at, version) VALUES ($1, $2, $3, FALSE, $4, $5, 1) RETURNING id",
                    )
                    .bind(&user.login)
                    .bind(user.name.trim())
                    .bind(&user.password_hash)
                    .bind(match user.lang { $crate::reexport::kinerja_domain::i18n::Lang::Id => "id", $crate::reexport::kinerja_domain::i18n::Lang::En => "en" })
                    .bind(clock::now_rfc3339())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    for g in &user.grants {
                        if let Some(unit) = g.unit {
                            let of: Option<i64> = sqlx::query_scalar("SELECT office_id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            if of != Some(g.office) {
                                return Err(invalid(format!("login '{}': unit {unit} is not a unit of office {}", user.login, g.office)));
                            }
                        }
                        sqlx::query("INSERT INTO grants (user_id, role, office_id, unit_id) VALUES ($1, $2, $3, $4)")
                            .bind(id)
                            .bind(g.role.code())
                            .bind(g.office)
                            .bind(g.unit)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    }
                    let (created, _) = load_user(&mut *tx, "id", UserKey::Id(id)).await?.ok_or_else(|| invalid("the new user vanished".into()))?;
                    for office in created.grants.iter().map(|g| g.office).collect::<HashSet<_>>() {
                        audit(&mut tx, actor, Some(office), "user", Some(created.login.clone()), "create", None, Some(to_json(&created)), Some(reason)).await?;
                    }
                    if created.grants.is_empty() {
                        audit(&mut tx, actor, None, "user", Some(created.login.clone()), "create", None, Some(to_json(&created)), Some(reason)).await?;
                    }
                    tx.commit().await.map_err(db_err)?;
                    Ok(created)
                }

                async fn user(&self, id: i64) -> Result<Option<User>> {
                    Ok(load_user(&mut *self.pool.acquire().await.map_err(db_err)?, "id", UserKey::Id(id)).await?.map(|(u, _)| u))
                }

                async fn user_credentials(&self, login: &str) -> Result<Option<(User, String)>> {
                    // No stored login holds what a login may not (PostgreSQL would fail on a NUL).
                    if $crate::reexport::kinerja_domain::input::check($crate::reexport::kinerja_domain::input::Field::Login, login).is_err() {
                        return Ok(None);
                    }
                    load_user(&mut *self.pool.acquire().await.map_err(db_err)?, "login", UserKey::Login(login)).await
                }

                async fn user_credentials_by_id(&self, id: i64) -> Result<Option<(User, String)>> {
                    load_user(&mut *self.pool.acquire().await.map_err(db_err)?, "id", UserKey::Id(id)).await
                }

                async fn users(&self) -> Result<Vec<User>> {
                    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM users ORDER BY login").fetch_all(&self.pool).await.map_err(db_err)?;
                    let mut users = Vec::with_capacity(ids.len());
                    for id in ids {
                        if let Some((u, _)) = load_user(&mut *self.pool.acquire().await.map_err(db_err)?, "id", UserKey::Id(id)).await? {
                            users.push(u);
                        }
                    }
                    Ok(users)
                }

                async fn set_password(&self, actor: &Actor, user: i64, password_hash: &str, revoke_tokens: bool, reason: &str) -> Result<User> {
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    let mut tx = self.begin().await?;
                    let (before, _) = load_user(&mut *tx, "id", UserKey::Id(user)).await?.ok_or_else(|| StoreError::NotFound { entity: "user", key: user.to_string() })?;
                    sqlx::query("UPDATE users SET password_hash = $2, version = version + 1 WHERE id = $1").bind(user).bind(password_hash).execute(&mut *tx).await.map_err(db_err)?;
                    let after = User { version: before.version + 1, ..before.clone() };
                    let office = before.grants.first().map(|g| g.office);
                    let revoked = if revoke_tokens {
                        sqlx::query("UPDATE api_tokens SET revoked = TRUE WHERE user_id = $1 AND NOT revoked")
                            .bind(user)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?
                            .rows_affected()
                    } else {
                        0
                    };
                    let note = revoke_tokens.then(|| format!("{{\"api_tokens_revoked\":{revoked}}}"));
                    audit(&mut tx, actor, office, "user", Some(before.login.clone()), "set_password", None, note, Some(reason)).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn set_user_disabled(&self, actor: &Actor, user: i64, disabled: bool, reason: &str) -> Result<User> {
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    let mut tx = self.begin().await?;
                    let (before, _) = load_user(&mut *tx, "id", UserKey::Id(user)).await?.ok_or_else(|| StoreError::NotFound { entity: "user", key: user.to_string() })?;
                    sqlx::query("UPDATE users SET disabled = $2, version = version + 1 WHERE id = $1").bind(user).bind(disabled).execute(&mut *tx).await.map_err(db_err)?;
                    let after = User { disabled, version: before.version + 1, ..before.clone() };
                    let office = before.grants.first().map(|g| g.office);
                    let action = if disabled { "disable" } else { "enable" };
                    audit(&mut tx, actor, office, "user", Some(before.login.clone()), action, Some(to_json(&before)), Some(to_json(&after)), Some(reason)).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn set_user_lang(&self, actor: &Actor, user: i64, lang: $crate::reexport::kinerja_domain::i18n::Lang) -> Result<User> {
                    let mut tx = self.begin().await?;
                    let (before, _) = load_user(&mut *tx, "id", UserKey::Id(user)).await?.ok_or_else(|| StoreError::NotFound { entity: "user", key: user.to_string() })?;
                    let code = match lang { $crate::reexport::kinerja_domain::i18n::Lang::Id => "id", $crate::reexport::kinerja_domain::i18n::Lang::En => "en" };
                    sqlx::query("UPDATE users SET lang = $2, version = version + 1 WHERE id = $1").bind(user).bind(code).execute(&mut *tx).await.map_err(db_err)?;
                    let after = User { lang, version: before.version + 1, ..before.clone() };
                    let office = before.grants.first().map(|g| g.office);
                    audit(&mut tx, actor, office, "user", Some(before.login.clone()), "set_lang", Some(to_json(&before.lang)), Some(to_json(&after.lang)), None).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn edit_plan(&self, actor: &Actor, office: OfficeId, edit: &$crate::reexport::kinerja_store::PlanEdit, reason: &str) -> Result<$crate::reexport::kinerja_store::Edited> {
                    $crate::reexport::kinerja_store::validate::plan_edit(edit)?;
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    use $crate::reexport::kinerja_store::{PlanEdit, Edited, IndicatorFields};
                    let not_found = |entity: &'static str, id: i64| StoreError::NotFound { entity, key: id.to_string() };
                    let mut tx = self.begin().await?;
                    // (office, unit, year) of an objective, and of an indicator with its version.
                    async fn objective_at(tx: &mut Tx, id: i64) -> Result<Option<(i64, i64, i64)>> {
                        sqlx::query_as::<$db, (i64, i64, i64)>("SELECT u.office_id, o.unit_id, CAST(o.year AS BIGINT) FROM objectives o JOIN units u ON u.id = o.unit_id WHERE o.id = $1")
                            .bind(id).fetch_optional(&mut **tx).await.map_err(db_err)
                    }
                    async fn indicator_at(tx: &mut Tx, id: i64) -> Result<Option<(i64, i64, i64, i64)>> {
                        sqlx::query_as::<$db, (i64, i64, i64, i64)>(
                            "SELECT u.office_id, o.unit_id, CAST(o.year AS BIGINT), i.version FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
                        )
                        .bind(id).fetch_optional(&mut **tx).await.map_err(db_err)
                    }
                    async fn check_fields(tx: &mut Tx, office: i64, unit: i64, year: i64, me: Option<i64>, f: &IndicatorFields) -> Result<()> {
                        if f.text.trim().is_empty() {
                            return Err(StoreError::Invalid("the indicator's text is empty".into()));
                        }
                        if let Some(cap) = f.settings.cap {
                            if cap <= Decimal::ZERO {
                                return Err(StoreError::Invalid(format!("the cap must be above 0%, not {cap}%")));
                            }
                        }
                        let mut seen = HashSet::new();
                        for (p, _) in &f.period_targets {
                            if !seen.insert(*p) {
                                return Err(StoreError::Invalid(format!("two targets for {p}")));
                            }
                        }
                        if let Some(sup) = f.supports {
                            if Some(sup) == me {
                                return Err(StoreError::Invalid("an indicator cannot support itself".into()));
                            }
                            let Some((o, u, y, _)) = indicator_at(tx, sup).await? else {
                                return Err(StoreError::Invalid(format!("the supported indicator {sup} does not exist")));
                            };
                            if o != office || y != year {
                                return Err(StoreError::Invalid("the supported indicator must be of this office and year".into()));
                            }
                            // The supported indicator's unit must be above this one.
                            let mut at = Some(unit);
                            let mut above = false;
                            while let Some(current) = at {
                                let parent: Option<i64> = sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1")
                                    .bind(current).fetch_optional(&mut **tx).await.map_err(db_err)?.flatten();
                                if parent == Some(u) {
                                    above = true;
                                    break;
                                }
                                at = parent;
                            }
                            if !above {
                                return Err(StoreError::Invalid("an indicator supports an indicator of a unit above its own".into()));
                            }
                        }
                        Ok(())
                    }
                    let text_of = |s: &str| -> Result<String> {
                        let t = s.trim();
                        if t.is_empty() { Err(invalid("the text is empty".into())) } else { Ok(t.to_string()) }
                    };
                    let (entity, entity_id, action, before, after, edited): (&str, String, &str, Option<String>, Option<String>, Edited) = match edit {
                        PlanEdit::AddObjective { unit, year, text } => {
                            let text = text_of(text)?;
                            let owner: Option<i64> = sqlx::query_scalar("SELECT office_id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            if owner != Some(office) {
                                return Err(not_found("unit", *unit));
                            }
                            let has: Option<bool> = sqlx::query_scalar("SELECT has_pk FROM unit_years WHERE unit_id = $1 AND year = $2")
                                .bind(unit).bind(year).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            match has {
                                None => {
                                    sqlx::query("INSERT INTO unit_years (unit_id, year, has_pk, has_rak, rak_period_kind) VALUES ($1, $2, TRUE, FALSE, 'month')")
                                        .bind(unit).bind(year).execute(&mut *tx).await.map_err(db_err)?;
                                }
                                Some(false) => {
                                    sqlx::query("UPDATE unit_years SET has_pk = TRUE WHERE unit_id = $1 AND year = $2")
                                        .bind(unit).bind(year).execute(&mut *tx).await.map_err(db_err)?;
                                }
                                Some(true) => {}
                            }
                            let id: i64 = sqlx::query_scalar(
                                "INSERT INTO objectives (unit_id, year, ord, text) VALUES ($1, $2, (SELECT COALESCE(MAX(ord), -1) + 1 FROM objectives WHERE unit_id = $1 AND year = $2), $3) RETURNING id",
                            )
                            .bind(unit).bind(year).bind(&text).fetch_one(&mut *tx).await.map_err(db_err)?;
                            ("objective", id.to_string(), "create", None, Some(to_json(&text)), Edited { id })
                        }
                        PlanEdit::UpdateObjective { id, text } => {
                            let text = text_of(text)?;
                            match objective_at(&mut tx, *id).await? {
                                Some((o, _, _)) if o == office => {}
                                _ => return Err(not_found("objective", *id)),
                            }
                            let old: String = sqlx::query_scalar("SELECT text FROM objectives WHERE id = $1").bind(id).fetch_one(&mut *tx).await.map_err(db_err)?;
                            sqlx::query("UPDATE objectives SET text = $2 WHERE id = $1").bind(id).bind(&text).execute(&mut *tx).await.map_err(db_err)?;
                            ("objective", id.to_string(), "update", Some(to_json(&old)), Some(to_json(&text)), Edited { id: *id })
                        }
                        PlanEdit::DeleteObjective { id } => {
                            match objective_at(&mut tx, *id).await? {
                                Some((o, _, _)) if o == office => {}
                                _ => return Err(not_found("objective", *id)),
                            }
                            let used: i64 = sqlx::query_scalar(
                                "SELECT (SELECT COUNT(*) FROM realisations r JOIN indicators i ON i.id = r.indicator_id WHERE i.objective_id = $1) \
                                 + (SELECT COUNT(*) FROM actions a JOIN indicators i ON i.id = a.indicator_id WHERE i.objective_id = $1) \
                                 + (SELECT COUNT(*) FROM indicators s JOIN indicators i ON i.id = s.supports_id WHERE i.objective_id = $1)",
                            )
                            .bind(id).fetch_one(&mut *tx).await.map_err(db_err)?;
                            if used > 0 {
                                return Err(invalid("the objective's indicators have realisations, RAK actions or supporting indicators: remove those first".into()));
                            }
                            let old: String = sqlx::query_scalar("SELECT text FROM objectives WHERE id = $1").bind(id).fetch_one(&mut *tx).await.map_err(db_err)?;
                            sqlx::query("UPDATE indicators SET supports_objective_id = NULL WHERE supports_objective_id = $1").bind(id).execute(&mut *tx).await.map_err(db_err)?;
                            sqlx::query("DELETE FROM indicators WHERE objective_id = $1").bind(id).execute(&mut *tx).await.map_err(db_err)?;
                            sqlx::query("DELETE FROM objectives WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(db_err)?;
                            ("objective", id.to_string(), "delete", Some(to_json(&old)), None, Edited { id: 0 })
                        }
                        PlanEdit::AddIndicator { objective, fields } => {
                            let (o, unit, year) = match objective_at(&mut tx, *objective).await? {
                                Some(at) if at.0 == office => at,
                                _ => return Err(not_found("objective", *objective)),
                            };
                            let _ = o;
                            check_fields(&mut tx, office, unit, year, None, fields).await?;
                            let (pk_k, pk_r) = value_cols(fields.pk_target.as_ref());
                            let (rak_k, rak_r) = value_cols(fields.rak_target.as_ref());
                            let id: i64 = sqlx::query_scalar(
                                "INSERT INTO indicators (objective_id, ord, text, pk_target_kind, pk_target_raw, rak_target_kind, rak_target_raw, \
                                 period_targets, settings, computation, data_source, supports_id, version) \
                                 VALUES ($1, (SELECT COALESCE(MAX(ord), -1) + 1 FROM indicators WHERE objective_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id",
                            )
                            .bind(objective).bind(fields.text.trim()).bind(pk_k).bind(pk_r).bind(rak_k).bind(rak_r)
                            .bind(to_json(&fields.period_targets)).bind(to_json(&fields.settings))
                            .bind(&fields.computation).bind(&fields.data_source).bind(fields.supports)
                            .fetch_one(&mut *tx).await.map_err(db_err)?;
                            let after = sqlx::query_as::<$db, IndicatorRow>(&sql::indicator_by_id()).bind(id).fetch_one(&mut *tx).await.map_err(db_err)?;
                            let grades = grade_context(&mut tx, office).await?;
                            let after = after.into_domain(&ParseContext { ordinal_scales: &grades })?;
                            ("indicator", id.to_string(), "create", None, Some(to_json(&after)), Edited { id })
                        }
                        PlanEdit::UpdateIndicator { id, version, fields } => {
                            let (_, unit, year, current) = match indicator_at(&mut tx, *id).await? {
                                Some(at) if at.0 == office => at,
                                _ => return Err(not_found("indicator", *id)),
                            };
                            if current != *version {
                                return Err(StoreError::Conflict { entity: "indicator", id: *id, expected: *version, current });
                            }
                            check_fields(&mut tx, office, unit, year, Some(*id), fields).await?;
                            let grades = grade_context(&mut tx, office).await?;
                            let ctx = ParseContext { ordinal_scales: &grades };
                            let before = sqlx::query_as::<$db, IndicatorRow>(&sql::indicator_by_id()).bind(id).fetch_one(&mut *tx).await.map_err(db_err)?.into_domain(&ctx)?;
                            let (pk_k, pk_r) = value_cols(fields.pk_target.as_ref());
                            let (rak_k, rak_r) = value_cols(fields.rak_target.as_ref());
                            let done = sqlx::query(
                                "UPDATE indicators SET text = $3, pk_target_kind = $4, pk_target_raw = $5, rak_target_kind = $6, rak_target_raw = $7, \
                                 period_targets = $8, settings = $9, computation = $10, data_source = $11, supports_id = $12, version = version + 1 \
                                 WHERE id = $1 AND version = $2",
                            )
                            .bind(id).bind(version).bind(fields.text.trim()).bind(pk_k).bind(pk_r).bind(rak_k).bind(rak_r)
                            .bind(to_json(&fields.period_targets)).bind(to_json(&fields.settings))
                            .bind(&fields.computation).bind(&fields.data_source).bind(fields.supports)
                            .execute(&mut *tx).await.map_err(db_err)?;
                            if done.rows_affected() != 1 {
                                return Err(StoreError::Conflict { entity: "indicator", id: *id, expected: *version, current: version + 1 });
                            }
                            let after = sqlx::query_as::<$db, IndicatorRow>(&sql::indicator_by_id()).bind(id).fetch_one(&mut *tx).await.map_err(db_err)?.into_domain(&ctx)?;
                            ("indicator", id.to_string(), "update", Some(to_json(&before)), Some(to_json(&after)), Edited { id: *id })
                        }
                        PlanEdit::DeleteIndicator { id, version } => {
                            let current = match indicator_at(&mut tx, *id).await? {
                                Some(at) if at.0 == office => at.3,
                                _ => return Err(not_found("indicator", *id)),
                            };
                            if current != *version {
                                return Err(StoreError::Conflict { entity: "indicator", id: *id, expected: *version, current });
                            }
                            let used: i64 = sqlx::query_scalar(
                                "SELECT (SELECT COUNT(*) FROM realisations WHERE indicator_id = $1) + (SELECT COUNT(*) FROM indicators WHERE supports_id = $1)",
                            )
                            .bind(id).fetch_one(&mut *tx).await.map_err(db_err)?;
                            if used > 0 {
                                return Err(invalid("the indicator has realisations or supporting indicators below it: it cannot be deleted".into()));
                            }
                            let grades = grade_context(&mut tx, office).await?;
                            let before = sqlx::query_as::<$db, IndicatorRow>(&sql::indicator_by_id()).bind(id).fetch_one(&mut *tx).await.map_err(db_err)?
                                .into_domain(&ParseContext { ordinal_scales: &grades })?;
                            sqlx::query("DELETE FROM actions WHERE indicator_id = $1").bind(id).execute(&mut *tx).await.map_err(db_err)?;
                            sqlx::query("DELETE FROM indicators WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(db_err)?;
                            ("indicator", id.to_string(), "delete", Some(to_json(&before)), None, Edited { id: 0 })
                        }
                        PlanEdit::SetBudgetRealised { unit, year, realised } => {
                            let owner: Option<i64> = sqlx::query_scalar("SELECT office_id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            if owner != Some(office) {
                                return Err(not_found("unit", *unit));
                            }
                            let lines: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
                                "SELECT ord, name, ceiling, realised FROM budget_lines WHERE unit_id = $1 AND year = $2 ORDER BY ord",
                            )
                            .bind(unit).bind(year).fetch_all(&mut *tx).await.map_err(db_err)?;
                            for (ord, value) in realised {
                                let Some((_, name, _, _)) = lines.iter().find(|(o, ..)| *o == i64::from(*ord)) else {
                                    return Err(invalid(format!("budget line {ord} does not exist for this unit and year")));
                                };
                                if value.is_some_and(|v| v < Decimal::ZERO) {
                                    return Err(invalid(format!("{name}: the realisation cannot be negative")));
                                }
                                sqlx::query("UPDATE budget_lines SET realised = $4 WHERE unit_id = $1 AND year = $2 AND ord = $3")
                                    .bind(unit).bind(year).bind(i64::from(*ord)).bind(value.map(|v| v.to_string()))
                                    .execute(&mut *tx).await.map_err(db_err)?;
                            }
                            let after: Vec<(i32, Option<String>)> = realised.iter().map(|(o, v)| (*o, v.map(|v| v.to_string()))).collect();
                            ("budget", format!("{unit}/{year}"), "set_realised", Some(to_json(&lines)), Some(to_json(&after)), Edited { id: *unit })
                        }
                        PlanEdit::SetBudgetLinks { unit, year, links } => {
                            let owner: Option<i64> = sqlx::query_scalar("SELECT office_id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            if owner != Some(office) {
                                return Err(not_found("unit", *unit));
                            }
                            // The unit and every unit below it: a programme of the commission
                            // funds the indicators its sub-sections carry too.
                            let units: Vec<(i64, Option<i64>)> = sqlx::query_as("SELECT id, parent_id FROM units WHERE office_id = $1")
                                .bind(office).fetch_all(&mut *tx).await.map_err(db_err)?;
                            let mut subtree = vec![*unit];
                            let mut k = 0;
                            while k < subtree.len() && subtree.len() <= units.len() {
                                let parent = subtree[k];
                                subtree.extend(units.iter().filter(|(_, p)| *p == Some(parent)).map(|(id, _)| *id));
                                k += 1;
                            }
                            let lines: Vec<(i64, String, Option<String>)> = sqlx::query_as(
                                "SELECT ord, name, indicators FROM budget_lines WHERE unit_id = $1 AND year = $2 ORDER BY ord",
                            )
                            .bind(unit).bind(year).fetch_all(&mut *tx).await.map_err(db_err)?;
                            for (ord, indicators) in links {
                                let Some((_, name, _)) = lines.iter().find(|(o, ..)| *o == i64::from(*ord)) else {
                                    return Err(invalid(format!("budget line {ord} does not exist for this unit and year")));
                                };
                                for id in indicators {
                                    let of: Option<(i64, i64)> = sqlx::query_as(
                                        "SELECT o.unit_id, o.year FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE i.id = $1",
                                    )
                                    .bind(id).fetch_optional(&mut *tx).await.map_err(db_err)?;
                                    match of {
                                        Some((u, y)) if subtree.contains(&u) && y == i64::from(*year) => {}
                                        _ => return Err(invalid(format!("{name}: indicator {id} is not of this unit (or one below it) in {year}"))),
                                    }
                                }
                                let mut ids = indicators.clone();
                                ids.sort_unstable();
                                ids.dedup();
                                let stored = (!ids.is_empty()).then(|| to_json(&ids));
                                sqlx::query("UPDATE budget_lines SET indicators = $4 WHERE unit_id = $1 AND year = $2 AND ord = $3")
                                    .bind(unit).bind(year).bind(i64::from(*ord)).bind(stored)
                                    .execute(&mut *tx).await.map_err(db_err)?;
                            }
                            let before: Vec<(i64, Option<String>)> = lines.iter().map(|(o, _, i)| (*o, i.clone())).collect();
                            ("budget", format!("{unit}/{year}"), "set_links", Some(to_json(&before)), Some(to_json(links)), Edited { id: *unit })
                        }
                        PlanEdit::SignPk { unit, year, signature } => {
                            let owner: Option<i64> = sqlx::query_scalar("SELECT office_id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            if owner != Some(office) {
                                return Err(not_found("unit", *unit));
                            }
                            // Pihak Pertama is of the office; Pihak Kedua of the office or of the
                            // office above it (the province's Ketua signs the commission's PK).
                            let parent: Option<i64> = sqlx::query_scalar("SELECT parent_id FROM offices WHERE id = $1").bind(office).fetch_optional(&mut *tx).await.map_err(db_err)?.flatten();
                            for (person, may_be_above) in [(signature.first, false), (signature.second, true)] {
                                let Some(person) = person else { continue };
                                let of: Option<i64> = sqlx::query_scalar("SELECT office_id FROM people WHERE id = $1").bind(person).fetch_optional(&mut *tx).await.map_err(db_err)?;
                                if of != Some(office) && !(may_be_above && of.is_some() && of == parent) {
                                    return Err(invalid(format!("person {person} is not of this office{}", if may_be_above { " or the office above it" } else { "" })));
                                }
                            }
                            if signature.date.is_none() || signature.first.is_none() {
                                return Err(invalid("a signature needs its date and the unit head (Pihak Pertama)".into()));
                            }
                            if let Some(d) = signature.date.filter(|d| d.year() > *year || d.year() < *year - 1) {
                                return Err(invalid(format!("a PK of {year} is signed in {} or {year}, not on {d}", *year - 1)));
                            }
                            let before: Option<(bool, Option<String>)> = sqlx::query_as("SELECT has_pk, pk_signed FROM unit_years WHERE unit_id = $1 AND year = $2")
                                .bind(unit).bind(year).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            let Some((true, before)) = before else {
                                return Err(invalid(format!("the unit has no PK for {year} to sign")));
                            };
                            let after = to_json(signature);
                            sqlx::query("UPDATE unit_years SET pk_signed = $3 WHERE unit_id = $1 AND year = $2")
                                .bind(unit).bind(year).bind(&after).execute(&mut *tx).await.map_err(db_err)?;
                            ("pk_signature", format!("{unit}/{year}"), "sign", before, Some(after), Edited { id: *unit })
                        }
                        PlanEdit::ReplaceRenstra { read, renstra } => {
                            let body: Option<String> = sqlx::query_scalar("SELECT body FROM renstra WHERE office_id = $1")
                                .bind(office).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            let current: Option<Renstra> = body.as_deref().map(|b| json("renstra", office, b)).transpose()?;
                            if $crate::reexport::kinerja_store::fingerprint(&current) != *read {
                                return Err(StoreError::Conflict { entity: "renstra", id: office, expected: 0, current: 1 });
                            }
                            if renstra.vision.trim().is_empty() {
                                return Err(invalid("the Renstra needs a vision".into()));
                            }
                            if renstra.from_year > renstra.to_year || renstra.to_year - renstra.from_year > 9 {
                                return Err(invalid(format!("the Renstra period {}–{} is not one of at most ten years", renstra.from_year, renstra.to_year)));
                            }
                            for (gi, g) in renstra.goals.iter().enumerate() {
                                if g.text.trim().is_empty() {
                                    return Err(invalid(format!("goal {}: the text is empty", gi + 1)));
                                }
                                for ind in &g.indicators {
                                    if let Some((y, _)) = ind.targets.iter().find(|(y, _)| *y < renstra.from_year || *y > renstra.to_year) {
                                        return Err(invalid(format!("goal {}: a target for {y}, outside {}–{}", gi + 1, renstra.from_year, renstra.to_year)));
                                    }
                                }
                            }
                            let after = to_json(renstra);
                            sqlx::query("DELETE FROM renstra WHERE office_id = $1").bind(office).execute(&mut *tx).await.map_err(db_err)?;
                            sqlx::query("INSERT INTO renstra (office_id, body) VALUES ($1, $2)").bind(office).bind(&after).execute(&mut *tx).await.map_err(db_err)?;
                            ("renstra", office.to_string(), "replace", body, Some(after), Edited { id: office })
                        }
                        PlanEdit::ReplaceActions { unit, year, read, rows } => {
                            let owner: Option<i64> = sqlx::query_scalar("SELECT office_id FROM units WHERE id = $1").bind(unit).fetch_optional(&mut *tx).await.map_err(db_err)?;
                            if owner != Some(office) {
                                return Err(not_found("unit", *unit));
                            }
                            let mine: HashSet<i64> = sqlx::query_scalar::<$db, i64>(sql::INDICATORS_OF_UNIT_YEAR)
                                .bind(unit).bind(year).fetch_all(&mut *tx).await.map_err(db_err)?.into_iter().collect();
                            let grades = grade_context(&mut tx, office).await?;
                            let ctx = ParseContext { ordinal_scales: &grades };
                            let current: Vec<Action> = sqlx::query_as::<$db, ActionRow>(&sql::actions(true))
                                .bind(i64::from(*year)).bind(office).fetch_all(&mut *tx).await.map_err(db_err)?
                                .into_iter().map(|r| r.into_domain(&ctx)).collect::<Result<Vec<_>>>()?
                                .into_iter().filter(|a| mine.contains(&a.indicator)).collect();
                            let refs: Vec<&Action> = current.iter().collect();
                            let now = $crate::reexport::kinerja_store::actions_fingerprint(&refs);
                            if &now != read {
                                return Err(StoreError::Conflict { entity: "RAK", id: *unit, expected: 0, current: 1 });
                            }
                            for (n, r) in rows.iter().enumerate() {
                                if !mine.contains(&r.indicator) {
                                    return Err(invalid(format!("row {}: the indicator is not in this unit's PK for {year}", n + 1)));
                                }
                                if r.text.trim().is_empty() {
                                    return Err(invalid(format!("row {}: the action's text is empty", n + 1)));
                                }
                                let max = r.schedule.kind.count();
                                if let Some(bad) = r.schedule.periods.iter().find(|p| **p == 0 || **p > max) {
                                    return Err(invalid(format!("row {}: period {bad} does not exist", n + 1)));
                                }
                                if r.budget.is_some_and(|b| b < Decimal::ZERO) {
                                    return Err(invalid(format!("row {}: the budget is negative", n + 1)));
                                }
                            }
                            // Rows naming an action of this unit update it in place (keeping what was
                            // reported on it); the unit's actions no row names are deleted.
                            let kept: HashSet<i64> = rows.iter().filter_map(|r| r.id).filter(|id| current.iter().any(|a| a.id == *id)).collect();
                            for a in current.iter().filter(|a| !kept.contains(&a.id)) {
                                sqlx::query("DELETE FROM actions WHERE id = $1").bind(a.id).execute(&mut *tx).await.map_err(db_err)?;
                            }
                            let mut ord: HashMap<i64, i64> = HashMap::new();
                            for r in rows {
                                let n = ord.entry(r.indicator).or_insert(0);
                                let (tk, tr) = value_cols(r.target.as_ref());
                                let executor = r.executor.as_deref().map(str::trim).filter(|e| !e.is_empty());
                                match r.id.filter(|id| kept.contains(id)) {
                                    Some(id) => {
                                        sqlx::query(
                                            "UPDATE actions SET indicator_id = $2, ord = $3, text = $4, period_kind = $5, periods = $6, executor = $7, budget = $8, \
                                             target_kind = $9, target_raw = $10 WHERE id = $1",
                                        )
                                        .bind(id).bind(r.indicator).bind(*n).bind(r.text.trim()).bind(r.schedule.kind.as_str()).bind(periods_text(&r.schedule.periods))
                                        .bind(executor).bind(r.budget.map(|b| b.to_string())).bind(tk).bind(tr)
                                        .execute(&mut *tx).await.map_err(db_err)?;
                                    }
                                    None => {
                                        sqlx::query(
                                            "INSERT INTO actions (indicator_id, ord, text, period_kind, periods, executor, budget, target_kind, target_raw) \
                                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                        )
                                        .bind(r.indicator).bind(*n).bind(r.text.trim()).bind(r.schedule.kind.as_str()).bind(periods_text(&r.schedule.periods))
                                        .bind(executor).bind(r.budget.map(|b| b.to_string())).bind(tk).bind(tr)
                                        .execute(&mut *tx).await.map_err(db_err)?;
                                    }
                                }
                                *n += 1;
                            }
                            sqlx::query("UPDATE unit_years SET has_rak = TRUE WHERE unit_id = $1 AND year = $2 AND NOT has_rak")
                                .bind(unit).bind(year).execute(&mut *tx).await.map_err(db_err)?;
                            let after: Vec<String> = rows.iter().map(|r| format!("{}: {} {:?}", r.indicator, r.text.trim(), r.schedule.periods)).collect();
                            ("rak", format!("{unit}/{year}"), "replace", Some(to_json(&current)), Some(to_json(&after)), Edited { id: 0 })
                        }
                    };
                    audit(&mut tx, actor, Some(office), entity, Some(entity_id), action, before, after, Some(reason)).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(edited)
                }

                async fn copy_plan(&self, actor: &Actor, office: OfficeId, from: i32, to: i32, reason: &str) -> Result<DatasetSummary> {
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
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
                    let dataset = Dataset { plans, ..Default::default() };
                    self.apply_dataset(actor, &dataset, reason).await
                }

                async fn data_versions(&self) -> Result<$crate::reexport::kinerja_store::DataVersions> {
                    let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT id, data_version FROM offices")
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(&self.pool).await.map_err(db_err)?;
                    Ok($crate::reexport::kinerja_store::DataVersions { latest: latest.unwrap_or(0), offices: rows.into_iter().collect() })
                }

                async fn office_version(&self, office: OfficeId) -> Result<i64> {
                    let v: Option<i64> = sqlx::query_scalar("SELECT data_version FROM offices WHERE id = $1")
                        .bind(office)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_err)?;
                    v.ok_or_else(|| StoreError::NotFound { entity: "office", key: office.to_string() })
                }

                async fn latest_change(&self) -> Result<i64> {
                    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(&self.pool).await.map_err(db_err)?;
                    Ok(latest.unwrap_or(0))
                }

                async fn action_progress(&self, office: OfficeId, year: i32) -> Result<Vec<$crate::reexport::kinerja_store::ActionProgress>> {
                    let rows: Vec<(i64, String, bool, Option<String>, String, String)> = sqlx::query_as(
                        "SELECT p.action_id, p.period, p.done, p.note, p.updated_by, p.updated_at FROM action_progress p \
                         JOIN actions a ON a.id = p.action_id JOIN indicators i ON i.id = a.indicator_id JOIN objectives o ON o.id = i.objective_id \
                         JOIN units u ON u.id = o.unit_id WHERE u.office_id = $1 AND +o.year = $2 ORDER BY p.action_id, p.period",
                    )
                    .bind(office)
                    .bind(year)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.into_iter()
                        .map(|(action, period, done, note, updated_by, updated_at)| {
                            Ok($crate::reexport::kinerja_store::ActionProgress {
                                action,
                                period: period.parse().map_err(|e| StoreError::Corrupt(format!("action progress {action}: {e}")))?,
                                done,
                                note,
                                updated_by,
                                updated_at,
                            })
                        })
                        .collect()
                }

                async fn set_action_progress(
                    &self,
                    actor: &Actor,
                    action: ActionId,
                    period: $crate::reexport::kinerja_domain::period::Period,
                    done: bool,
                    note: Option<&str>,
                ) -> Result<$crate::reexport::kinerja_store::ActionProgress> {
                    $crate::reexport::kinerja_store::validate::opt($crate::reexport::kinerja_domain::input::Field::Note, note)?;
                    let mut tx = self.begin().await?;
                    let office: Option<i64> = sqlx::query_scalar(
                        "SELECT u.office_id FROM actions a JOIN indicators i ON i.id = a.indicator_id JOIN objectives o ON o.id = i.objective_id \
                         JOIN units u ON u.id = o.unit_id WHERE a.id = $1",
                    )
                    .bind(action)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    let office = office.ok_or_else(|| StoreError::NotFound { entity: "action", key: action.to_string() })?;
                    let before: Option<(bool, Option<String>)> = sqlx::query_as("SELECT done, note FROM action_progress WHERE action_id = $1 AND period = $2")
                        .bind(action)
                        .bind(period.to_string())
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    let note = note.map(str::trim).filter(|n| !n.is_empty()).map(String::from);
                    let after = $crate::reexport::kinerja_store::ActionProgress {
                        action,
                        period,
                        done,
                        note: note.clone(),
                        updated_by: actor.name.clone(),
                        updated_at: clock::now_rfc3339(),
                    };
                    sqlx::query(
                        "INSERT INTO action_progress (action_id, period, done, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (action_id, period) DO UPDATE SET done = excluded.done, note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                    )
                    .bind(action)
                    .bind(period.to_string())
                    .bind(done)
                    .bind(&note)
                    .bind(&after.updated_by)
                    .bind(&after.updated_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    audit(&mut tx, actor, Some(office), "action_progress", Some(format!("{action}/{period}")), "set", before.map(|b| to_json(&b)), Some(to_json(&(done, &note))), None).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn action_owner(&self, id: ActionId) -> Result<Option<Owner>> {
                    owner(
                        &self.pool,
                        "SELECT u.office_id, u.id AS unit_id, i.id AS indicator_id FROM actions a JOIN indicators i ON i.id = a.indicator_id \
                         JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE a.id = $1",
                        id,
                    )
                    .await
                }

                async fn add_comment(
                    &self,
                    actor: &Actor,
                    indicator: IndicatorId,
                    period: $crate::reexport::kinerja_domain::period::Period,
                    body: &str,
                ) -> Result<$crate::reexport::kinerja_store::Comment> {
                    $crate::reexport::kinerja_store::validate::text($crate::reexport::kinerja_domain::input::Field::Comment, body)?;
                    let body = body.trim();
                    if body.is_empty() {
                        return Err(invalid("the comment is empty".into()));
                    }
                    let mut tx = self.begin().await?;
                    let office: Option<i64> = sqlx::query_scalar(
                        "SELECT u.office_id FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
                    )
                    .bind(indicator)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    let office = office.ok_or_else(|| StoreError::NotFound { entity: "indicator", key: indicator.to_string() })?;
                    let at = clock::now_rfc3339();
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO comments (office_id, indicator_id, period, author, body, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(office)
                    .bind(indicator)
                    .bind(period.to_string())
                    .bind(&actor.name)
                    .bind(body)
                    .bind(&at)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
                    let comment = $crate::reexport::kinerja_store::Comment { id, indicator, period, author: actor.name.clone(), body: body.to_string(), at };
                    audit(&mut tx, actor, Some(office), "comment", Some(format!("{indicator}/{period}")), "create", None, Some(to_json(&comment)), None).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(comment)
                }

                async fn narratives(&self, office: OfficeId, year: i32) -> Result<Vec<$crate::reexport::kinerja_store::Narrative>> {
                    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
                        "SELECT key, body, updated_by, updated_at FROM narratives WHERE office_id = $1 AND year = $2 ORDER BY key",
                    )
                    .bind(office)
                    .bind(year)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    Ok(rows
                        .into_iter()
                        .map(|(key, body, updated_by, updated_at)| $crate::reexport::kinerja_store::Narrative { key, body, updated_by, updated_at })
                        .collect())
                }

                async fn set_narratives(
                    &self,
                    actor: &Actor,
                    office: OfficeId,
                    year: i32,
                    texts: &[(String, String)],
                    reason: &str,
                ) -> Result<Vec<$crate::reexport::kinerja_store::Narrative>> {
                    for (key, body) in texts {
                        $crate::reexport::kinerja_store::validate::text($crate::reexport::kinerja_domain::input::Field::Code, key)?;
                        $crate::reexport::kinerja_store::validate::text($crate::reexport::kinerja_domain::input::Field::Narrative, body)?;
                    }
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    // Every text is checked before the transaction begins: all are written or none.
                    let mut clean = Vec::with_capacity(texts.len());
                    for (key, body) in texts {
                        let key = key.trim();
                        if key.is_empty() || key.len() > 100 {
                            return Err(invalid(format!("narrative key {key:?}: 1 to 100 characters")));
                        }
                        let body = body.trim().replace("\r\n", "\n");
                        let chars = body.chars().count();
                        if chars > $crate::reexport::kinerja_store::NARRATIVE_MAX_CHARS {
                            return Err(invalid(format!(
                                "the text for {key} has {chars} characters; at most {}",
                                $crate::reexport::kinerja_store::NARRATIVE_MAX_CHARS
                            )));
                        }
                        clean.push((key.to_string(), body));
                    }
                    let mut tx = self.begin().await?;
                    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM offices WHERE id = $1")
                        .bind(office)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    if exists.is_none() {
                        return Err(StoreError::NotFound { entity: "office", key: office.to_string() });
                    }
                    let at = clock::now_rfc3339();
                    for (key, body) in &clean {
                        let before: Option<String> = sqlx::query_scalar("SELECT body FROM narratives WHERE office_id = $1 AND year = $2 AND key = $3")
                            .bind(office)
                            .bind(year)
                            .bind(key)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(db_err)?;
                        if before.as_deref() == Some(body.as_str()) || (before.is_none() && body.is_empty()) {
                            continue;
                        }
                        if body.is_empty() {
                            sqlx::query("DELETE FROM narratives WHERE office_id = $1 AND year = $2 AND key = $3")
                                .bind(office)
                                .bind(year)
                                .bind(key)
                                .execute(&mut *tx)
                                .await
                                .map_err(db_err)?;
                        } else {
                            sqlx::query(
                                "INSERT INTO narratives (office_id, year, key, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
                                 ON CONFLICT (office_id, year, key) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                            )
                            .bind(office)
                            .bind(year)
                            .bind(key)
                            .bind(body)
                            .bind(&actor.name)
                            .bind(&at)
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                        }
                        let after = (!body.is_empty()).then(|| body.clone());
                        audit(&mut tx, actor, Some(office), "narrative", Some(format!("{year}/{key}")), "set", before.map(|b| to_json(&b)), after.map(|a| to_json(&a)), Some(reason)).await?;
                    }
                    tx.commit().await.map_err(db_err)?;
                    self.narratives(office, year).await
                }

                async fn comments(&self, office: OfficeId) -> Result<Vec<$crate::reexport::kinerja_store::Comment>> {
                    let rows: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
                        "SELECT id, indicator_id, period, author, body, at FROM comments WHERE office_id = $1 ORDER BY id",
                    )
                    .bind(office)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db_err)?;
                    rows.into_iter()
                        .map(|(id, indicator, period, author, body, at)| {
                            Ok($crate::reexport::kinerja_store::Comment {
                                id,
                                indicator,
                                period: period.parse().map_err(|e| StoreError::Corrupt(format!("comment {id}: {e}")))?,
                                author,
                                body,
                                at,
                            })
                        })
                        .collect()
                }

                async fn office_list_version(&self) -> Result<i64> {
                    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_log WHERE entity = 'office'")
                        .fetch_one(&self.pool)
                        .await
                        .map_err(db_err)?;
                    Ok(latest.unwrap_or(0))
                }

                async fn realisation(&self, indicator: IndicatorId, period: $crate::reexport::kinerja_domain::period::Period) -> Result<Option<Realisation>> {
                    let row = sqlx::query_as::<$db, RealisationRow>(&sql::realisation_by_period())
                        .bind(indicator)
                        .bind(period.to_string())
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_err)?;
                    let Some(row) = row else { return Ok(None) };
                    let rows = sqlx::query_as::<$db, OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR)
                        .bind(row.office_id)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    let all = rows.into_iter().map(OrdinalScaleRow::into_domain).collect::<Result<Vec<_>>>()?;
                    let grades = grade_scales(&all, row.office_id);
                    Ok(Some(row.into_domain(&ParseContext { ordinal_scales: &grades })?))
                }

                async fn evidence_files(&self, names: &[String]) -> Result<Vec<$crate::reexport::kinerja_store::EvidenceFile>> {
                    if names.is_empty() {
                        return Ok(vec![]);
                    }
                    let mut q = sqlx::QueryBuilder::<$db>::new(
                        "SELECT name, office_id, indicator_id, period, original_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at \
                         FROM evidence_files WHERE name IN (",
                    );
                    let mut list = q.separated(", ");
                    for n in names {
                        list.push_bind(n);
                    }
                    q.push(") ORDER BY uploaded_at, name");
                    let rows: Vec<EvidenceRow> = q.build_query_as().fetch_all(&self.pool).await.map_err(db_err)?;
                    rows.into_iter().map(EvidenceRow::into_domain).collect()
                }

                async fn deadlines(&self, office: OfficeId, year: i32) -> Result<Vec<$crate::reexport::kinerja_domain::reporting::Deadline>> {
                    let rows: Vec<DeadlineRow> = sqlx::query_as("SELECT period, due FROM report_deadlines WHERE office_id = $1 AND year = $2")
                        .bind(office)
                        .bind(year)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    let mut out = rows.into_iter().map(DeadlineRow::into_domain).collect::<Result<Vec<_>>>()?;
                    out.sort_by_key(|d| (d.period.end_month(), d.period));
                    Ok(out)
                }

                async fn set_deadlines(
                    &self,
                    actor: &Actor,
                    office: OfficeId,
                    year: i32,
                    deadlines: &[$crate::reexport::kinerja_domain::reporting::Deadline],
                    reason: &str,
                ) -> Result<Vec<$crate::reexport::kinerja_domain::reporting::Deadline>> {
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    let mut seen = HashSet::new();
                    for d in deadlines {
                        if !seen.insert(d.period) {
                            return Err(invalid(format!("deadline for {} given twice", d.period)));
                        }
                    }
                    let mut tx = self.begin().await?;
                    let rows: Vec<DeadlineRow> = sqlx::query_as("SELECT period, due FROM report_deadlines WHERE office_id = $1 AND year = $2")
                        .bind(office)
                        .bind(year)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    let mut before = rows.into_iter().map(DeadlineRow::into_domain).collect::<Result<Vec<_>>>()?;
                    before.sort_by_key(|d| (d.period.end_month(), d.period));
                    sqlx::query("DELETE FROM report_deadlines WHERE office_id = $1 AND year = $2")
                        .bind(office)
                        .bind(year)
                        .execute(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    for d in deadlines {
                        sqlx::query("INSERT INTO report_deadlines (office_id, year, period, due) VALUES ($1, $2, $3, $4)")
                            .bind(office)
                            .bind(year)
                            .bind(d.period.to_string())
                            .bind(d.due.to_string())
                            .execute(&mut *tx)
                            .await
                            .map_err(db_err)?;
                    }
                    let mut after = deadlines.to_vec();
                    after.sort_by_key(|d| (d.period.end_month(), d.period));
                    audit(&mut tx, actor, Some(office), "deadlines", Some(year.to_string()), "set", Some(to_json(&before)), Some(to_json(&after)), Some(reason)).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn create_api_token(&self, actor: &Actor, user: i64, name: &str, digest: &str) -> Result<$crate::reexport::kinerja_store::token::ApiToken> {
                    $crate::reexport::kinerja_store::validate::text($crate::reexport::kinerja_domain::input::Field::TokenName, name)?;
                    if name.trim().is_empty() {
                        return Err(invalid("a token needs a name (what uses it)".into()));
                    }
                    let mut tx = self.begin().await?;
                    let (owner, _) = load_user(&mut *tx, "id", UserKey::Id(user)).await?.ok_or_else(|| StoreError::NotFound { entity: "user", key: user.to_string() })?;
                    let created_at = clock::now_rfc3339();
                    let id: i64 = sqlx::query_scalar("INSERT INTO api_tokens (user_id, name, digest, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
                        .bind(user)
                        .bind(name.trim())
                        .bind(digest)
                        .bind(&created_at)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    let token = $crate::reexport::kinerja_store::token::ApiToken { id, user, name: name.trim().to_string(), created_at, revoked: false };
                    let office = owner.grants.first().map(|g| g.office);
                    audit(&mut tx, actor, office, "api_token", Some(format!("{}/{}", owner.login, id)), "create", None, Some(to_json(&token)), None).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(token)
                }

                async fn user_by_token(&self, digest: &str) -> Result<Option<User>> {
                    let user: Option<i64> = sqlx::query_scalar("SELECT user_id FROM api_tokens WHERE digest = $1 AND NOT revoked")
                        .bind(digest)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_err)?;
                    let Some(user) = user else { return Ok(None) };
                    Ok(self.user(user).await?.filter(|u| !u.disabled))
                }

                async fn api_tokens(&self, user: i64) -> Result<Vec<$crate::reexport::kinerja_store::token::ApiToken>> {
                    let rows: Vec<(i64, i64, String, String, bool)> = sqlx::query_as("SELECT id, user_id, name, created_at, revoked FROM api_tokens WHERE user_id = $1 ORDER BY id DESC")
                        .bind(user)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(db_err)?;
                    Ok(rows.into_iter().map(|(id, user, name, created_at, revoked)| $crate::reexport::kinerja_store::token::ApiToken { id, user, name, created_at, revoked }).collect())
                }

                async fn revoke_api_token(&self, actor: &Actor, id: i64, reason: &str) -> Result<$crate::reexport::kinerja_store::token::ApiToken> {
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    let mut tx = self.begin().await?;
                    let row: Option<(i64, i64, String, String, bool)> = sqlx::query_as("SELECT id, user_id, name, created_at, revoked FROM api_tokens WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db_err)?;
                    let (id, user, name, created_at, revoked) = row.ok_or_else(|| StoreError::NotFound { entity: "api token", key: id.to_string() })?;
                    let before = $crate::reexport::kinerja_store::token::ApiToken { id, user, name, created_at, revoked };
                    sqlx::query("UPDATE api_tokens SET revoked = TRUE WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(db_err)?;
                    let after = $crate::reexport::kinerja_store::token::ApiToken { revoked: true, ..before.clone() };
                    let (owner, _) = load_user(&mut *tx, "id", UserKey::Id(user)).await?.ok_or_else(|| StoreError::NotFound { entity: "user", key: user.to_string() })?;
                    let office = owner.grants.first().map(|g| g.office);
                    audit(&mut tx, actor, office, "api_token", Some(format!("{}/{}", owner.login, id)), "revoke", Some(to_json(&before)), Some(to_json(&after)), Some(reason)).await?;
                    tx.commit().await.map_err(db_err)?;
                    Ok(after)
                }

                async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
                    sqlx::query(
                        "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
                    )
                    .bind(id)
                    .bind(data)
                    .bind(expires_at)
                    .execute(&self.writer)
                    .await
                    .map_err(db_err)?;
                    Ok(())
                }

                async fn session_load(&self, id: &str, now: i64) -> Result<Option<String>> {
                    sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
                        .bind(id)
                        .bind(now)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(db_err)
                }

                async fn session_purge(&self, now: i64) -> Result<u64> {
                    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.writer).await.map_err(db_err)?;
                    Ok(done.rows_affected())
                }

                async fn server_secret(&self, name: &str) -> Result<Vec<u8>> {
                    let fresh = $crate::reexport::kinerja_store::token::random_hex(32);
                    sqlx::query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                        .bind(name)
                        .bind(&fresh)
                        .execute(&self.writer)
                        .await
                        .map_err(db_err)?;
                    let hex: String = sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
                        .bind(name)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(db_err)?;
                    $crate::reexport::kinerja_store::token::from_hex(&hex)
                        .ok_or_else(|| StoreError::Corrupt(format!("server secret '{name}' is not hex")))
                }

                async fn record(
                    &self,
                    actor: &Actor,
                    office: Option<OfficeId>,
                    entity: &str,
                    entity_id: Option<&str>,
                    action: &str,
                    reason: &str,
                ) -> Result<()> {
                    $crate::reexport::kinerja_store::validate::reason(reason)?;
                    let mut tx = self.begin().await?;
                    audit(&mut tx, actor, office, entity, entity_id.map(String::from), action, None, None, Some(reason)).await?;
                    tx.commit().await.map_err(db_err)
                }

                async fn session_delete(&self, id: &str, now: i64) -> Result<()> {
                    sqlx::query("DELETE FROM sessions WHERE id = $1 OR expires_at <= $2").bind(id).bind(now).execute(&self.writer).await.map_err(db_err)?;
                    Ok(())
                }

                async fn audit_log(&self, office: Option<OfficeId>, limit: i64) -> Result<Vec<AuditEntry>> {
                    let rows = match office {
                        Some(o) => sqlx::query_as::<$db, AuditRow>(&format!("SELECT {} FROM audit_log WHERE office_id = $1 ORDER BY id DESC LIMIT $2", sql::AUDIT_COLUMNS))
                            .bind(o)
                            .bind(limit)
                            .fetch_all(&self.pool)
                            .await,
                        None => sqlx::query_as::<$db, AuditRow>(&format!("SELECT {} FROM audit_log ORDER BY id DESC LIMIT $1", sql::AUDIT_COLUMNS))
                            .bind(limit)
                            .fetch_all(&self.pool)
                            .await,
                    }
                    .map_err(db_err)?;
                    Ok(rows.into_iter().map(AuditRow::into_domain).collect())
                }
            }
        };
    };
}
