//! Rows as both databases return them, and their conversion into domain types.
//!
//! Integers are 64-bit in both schemas; decimals (money, bounds) are TEXT so they stay exact;
//! values are (kind, raw) pairs re-read by the domain's parser; small structured fields
//! (settings, signatures, reported figures, period targets, scale bands) are JSON text.

use std::str::FromStr;

use kinerja_domain::Decimal;
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::model::*;
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::value::{ParseContext, Value, ValueKind};
use kinerja_store::{AuditEntry, Result, StoreError};
use serde::de::DeserializeOwned;

/// A stored year or position that must fit an `i32`; one that does not is corrupt, never wrapped.
fn small(what: &str, id: i64, field: &str, v: i64) -> Result<i32> {
    i32::try_from(v).map_err(|_| corrupt(what, id, format!("{field} {v} is out of range")))
}

fn year(what: &str, id: i64, v: i64) -> Result<Year> {
    Year::new(v).ok_or_else(|| corrupt(what, id, format!("year {v} is outside 2000–2100")))
}

fn corrupt(what: &str, id: impl std::fmt::Display, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}: {why}"))
}

pub fn parse_code<T: FromStr<Err = String>>(what: &str, id: i64, s: &str) -> Result<T> {
    s.parse().map_err(|e: String| corrupt(what, id, e))
}

pub fn json<T: DeserializeOwned>(what: &str, id: i64, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| corrupt(what, id, e))
}

pub fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

pub fn decimal(what: &str, id: i64, s: &str) -> Result<Decimal> {
    Decimal::from_str(s).map_err(|e| corrupt(what, id, e))
}

pub fn opt_decimal(what: &str, id: i64, s: Option<String>) -> Result<Option<Decimal>> {
    s.map(|s| decimal(what, id, &s)).transpose()
}

pub fn value(
    ctx: &ParseContext<'_>,
    what: &str,
    id: i64,
    kind: Option<String>,
    raw: Option<String>,
) -> Result<Option<Value>> {
    match (kind, raw) {
        (Some(kind), Some(raw)) => {
            let kind: ValueKind = kind.parse().map_err(|e: String| corrupt(what, id, e))?;
            Value::restore(kind, &raw, ctx)
                .map(Some)
                .map_err(|e| corrupt(what, id, e))
        }
        _ => Ok(None),
    }
}

/// (kind, raw) columns of an optional value.
pub fn value_cols(v: Option<&Value>) -> (Option<String>, Option<String>) {
    match v {
        Some(v) => (Some(v.kind().as_str().to_string()), Some(v.raw().to_string())),
        None => (None, None),
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct OfficeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub full_name: String,
    pub level: String,
    pub parent_id: Option<i64>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub scale_code: Option<String>,
    pub lower_formula: String,
    pub time_zone: String,
    pub version: i64,
}

impl OfficeRow {
    pub fn into_domain(self) -> Result<Office> {
        Ok(Office {
            level: parse_code("office", self.id, &self.level)?,
            lower_formula: parse_code("office", self.id, &self.lower_formula)?,
            time_zone: parse_code("office", self.id, &self.time_zone)?,
            code: self.code.parse().map_err(|e| corrupt("office", self.id, e))?,
            id: OfficeId(self.id),
            name: self.name,
            full_name: self.full_name,
            parent: self.parent_id.map(OfficeId),
            address: self.address,
            city: self.city,
            scale: self.scale_code,
            version: self.version,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct UnitRow {
    pub id: i64,
    pub office_id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub aliases: String,
    pub version: i64,
}

impl UnitRow {
    pub fn into_domain(self) -> Result<Unit> {
        Ok(Unit {
            kind: parse_code("unit", self.id, &self.kind)?,
            aliases: json("unit", self.id, &self.aliases)?,
            id: UnitId(self.id),
            office: OfficeId(self.office_id),
            code: self.code,
            name: self.name,
            parent: self.parent_id.map(UnitId),
            version: self.version,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct UnitYearRow {
    pub office_id: i64,
    pub unit_id: i64,
    pub year: i64,
    pub has_pk: bool,
    pub has_rak: bool,
    pub rak_period_kind: String,
    pub stated_budget_total: Option<String>,
    pub pk_signed: Option<String>,
    pub rak_signed: Option<String>,
    pub pk_source: Option<String>,
    pub rak_source: Option<String>,
}

impl UnitYearRow {
    pub fn into_domain(self) -> Result<UnitYear> {
        let id = self.unit_id;
        Ok(UnitYear {
            unit: UnitId(id),
            year: year("unit year", id, self.year)?,
            has_pk: self.has_pk,
            has_rak: self.has_rak,
            rak_period_kind: PeriodKind::from_str(&self.rak_period_kind).map_err(|e| corrupt("unit year", id, e))?,
            stated_budget_total: opt_decimal("unit year", id, self.stated_budget_total)?,
            pk_signed: self.pk_signed.map(|s| json("unit year", id, &s)).transpose()?,
            rak_signed: self.rak_signed.map(|s| json("unit year", id, &s)).transpose()?,
            pk_source: self.pk_source,
            rak_source: self.rak_source,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ObjectiveRow {
    pub office_id: i64,
    pub id: i64,
    pub unit_id: i64,
    pub year: i64,
    pub ord: i64,
    pub text: String,
}

impl ObjectiveRow {
    pub fn into_domain(self) -> Result<Objective> {
        Ok(Objective {
            id: ObjectiveId(self.id),
            unit: UnitId(self.unit_id),
            year: year("objective", self.id, self.year)?,
            ord: small("objective", self.id, "ord", self.ord)?,
            text: self.text,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct IndicatorRow {
    pub office_id: i64,
    pub id: i64,
    pub objective_id: i64,
    pub ord: i64,
    pub text: String,
    pub pk_target_kind: Option<String>,
    pub pk_target_raw: Option<String>,
    pub rak_target_kind: Option<String>,
    pub rak_target_raw: Option<String>,
    pub activity_target_kind: Option<String>,
    pub activity_target_raw: Option<String>,
    pub period_targets: String,
    pub settings: String,
    pub computation: Option<String>,
    pub data_source: Option<String>,
    pub supports_id: Option<i64>,
    pub supports_objective_id: Option<i64>,
    pub reported: Option<String>,
    pub note: Option<String>,
    pub version: i64,
}

impl IndicatorRow {
    pub fn into_domain(self, ctx: &ParseContext<'_>) -> Result<Indicator> {
        let id = self.id;
        Ok(Indicator {
            id: IndicatorId(id),
            objective: ObjectiveId(self.objective_id),
            ord: small("indicator", id, "ord", self.ord)?,
            text: self.text,
            pk_target: value(ctx, "indicator", id, self.pk_target_kind, self.pk_target_raw)?,
            rak_target: value(ctx, "indicator", id, self.rak_target_kind, self.rak_target_raw)?,
            activity_target: value(
                ctx,
                "indicator",
                id,
                self.activity_target_kind,
                self.activity_target_raw,
            )?,
            period_targets: json("indicator", id, &self.period_targets)?,
            settings: json("indicator", id, &self.settings)?,
            computation: self.computation,
            data_source: self.data_source,
            supports: self.supports_id.map(IndicatorId),
            supports_objective: self.supports_objective_id.map(ObjectiveId),
            reported: self.reported.map(|r| json("indicator", id, &r)).transpose()?,
            note: self.note,
            version: self.version,
        })
    }
}

/// Months or quarters as stored: `1,2,3`.
pub fn periods_text(periods: &[u8]) -> String {
    periods.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

#[derive(Debug, sqlx::FromRow)]
pub struct ActionRow {
    pub office_id: i64,
    pub id: i64,
    pub indicator_id: i64,
    pub ord: i64,
    pub text: String,
    pub period_kind: String,
    pub periods: String,
    pub executor: Option<String>,
    pub executor_unit_id: Option<i64>,
    pub budget: Option<String>,
    pub target_kind: Option<String>,
    pub target_raw: Option<String>,
    pub note: Option<String>,
}

impl ActionRow {
    pub fn into_domain(self, ctx: &ParseContext<'_>) -> Result<Action> {
        let id = self.id;
        let periods = self
            .periods
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.trim().parse::<u8>().map_err(|e| corrupt("action", id, e)))
            .collect::<Result<Vec<u8>>>()?;
        Ok(Action {
            id: ActionId(id),
            indicator: IndicatorId(self.indicator_id),
            ord: small("action", id, "ord", self.ord)?,
            text: self.text,
            schedule: Schedule {
                kind: PeriodKind::from_str(&self.period_kind).map_err(|e| corrupt("action", id, e))?,
                periods,
            },
            executor: self.executor,
            executor_unit: self.executor_unit_id.map(UnitId),
            budget: opt_decimal("action", id, self.budget)?,
            target: value(ctx, "action", id, self.target_kind, self.target_raw)?,
            note: self.note,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct BudgetRow {
    pub office_id: i64,
    pub id: i64,
    pub unit_id: i64,
    pub year: i64,
    pub ord: i64,
    pub name: String,
    pub level: String,
    pub ceiling: String,
    pub realised: Option<String>,
    pub indicators: Option<String>,
}

impl BudgetRow {
    pub fn into_domain(self) -> Result<BudgetLine> {
        Ok(BudgetLine {
            level: parse_code("budget line", self.id, &self.level)?,
            ceiling: decimal("budget line", self.id, &self.ceiling)?,
            realised: opt_decimal("budget line", self.id, self.realised)?,
            unit: UnitId(self.unit_id),
            year: year("budget line", self.id, self.year)?,
            ord: small("budget line", self.id, "ord", self.ord)?,
            name: self.name,
            indicators: match &self.indicators {
                Some(j) => json("budget line", self.id, j)?,
                None => vec![],
            },
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct RealisationRow {
    pub office_id: i64,
    pub id: i64,
    pub indicator_id: i64,
    pub period: String,
    pub value_kind: String,
    pub value_raw: String,
    pub status: String,
    pub evidence: String,
    pub obstacles: Option<String>,
    pub follow_up: Option<String>,
    pub return_reason: Option<String>,
    pub version: i64,
}

impl RealisationRow {
    pub fn into_domain(self, ctx: &ParseContext<'_>) -> Result<Realisation> {
        let id = self.id;
        Ok(Realisation {
            id: RealisationId(id),
            indicator: IndicatorId(self.indicator_id),
            period: Period::from_str(&self.period).map_err(|e| corrupt("realisation", id, e))?,
            value: value(ctx, "realisation", id, Some(self.value_kind), Some(self.value_raw))?
                .ok_or_else(|| corrupt("realisation", id, "no value"))?,
            status: parse_code("realisation", id, &self.status)?,
            evidence: json("realisation", id, &self.evidence)?,
            obstacles: self.obstacles,
            follow_up: self.follow_up,
            return_reason: self.return_reason,
            version: self.version,
        })
    }
}

/// One indicator's realisations packed by the database (see `sql::realisations_packed`).
#[derive(Debug, sqlx::FromRow)]
pub struct PackedRealisationsRow {
    pub office_id: i64,
    pub indicator_id: i64,
    pub packed: String,
}

type PackedRealisation = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

impl PackedRealisationsRow {
    pub fn unpack(self) -> Result<Vec<RealisationRow>> {
        let items: Vec<PackedRealisation> = json("realisations of indicator", self.indicator_id, &self.packed)?;
        Ok(items
            .into_iter()
            .map(
                |(
                    id,
                    period,
                    value_kind,
                    value_raw,
                    status,
                    evidence,
                    obstacles,
                    follow_up,
                    return_reason,
                    version,
                )| {
                    RealisationRow {
                        office_id: self.office_id,
                        id,
                        indicator_id: self.indicator_id,
                        period,
                        value_kind,
                        value_raw,
                        status,
                        evidence,
                        obstacles,
                        follow_up,
                        return_reason,
                        version,
                    }
                },
            )
            .collect())
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub office_id: i64,
    pub code: String,
    pub name: String,
    pub nip: Option<String>,
}

impl PersonRow {
    pub fn into_domain(self) -> Person {
        Person {
            id: PersonId(self.id),
            office: OfficeId(self.office_id),
            code: self.code,
            name: self.name,
            nip: self.nip,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PositionRow {
    pub office_id: i64,
    pub id: i64,
    pub person_id: i64,
    pub unit_id: i64,
    pub title: String,
    pub acting: String,
    pub from_date: Option<String>,
    pub until_date: Option<String>,
}

impl PositionRow {
    pub fn into_domain(self) -> Result<Position> {
        let id = self.id;
        let date = |s: Option<String>| s.map(|s| s.parse().map_err(|e| corrupt("position", id, e))).transpose();
        Ok(Position {
            acting: parse_code("position", id, &self.acting)?,
            from: date(self.from_date)?,
            until: date(self.until_date)?,
            person: PersonId(self.person_id),
            unit: UnitId(self.unit_id),
            title: self.title,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct ScaleRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub domain_min: Option<String>,
    pub domain_max: Option<String>,
    pub bands: String,
}

impl ScaleRow {
    pub fn into_domain(self) -> Result<CategoryScale> {
        Ok(CategoryScale {
            domain_min: opt_decimal("scale", self.id, self.domain_min)?,
            domain_max: opt_decimal("scale", self.id, self.domain_max)?,
            bands: json("scale", self.id, &self.bands)?,
            code: self.code,
            name: self.name,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct OrdinalScaleRow {
    pub id: i64,
    pub office_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub levels: String,
}

impl OrdinalScaleRow {
    pub fn into_domain(self) -> Result<(Option<i64>, OrdinalScale)> {
        Ok((
            self.office_id,
            OrdinalScale {
                levels: json("ordinal scale", self.id, &self.levels)?,
                code: self.code,
                name: self.name,
            },
        ))
    }
}

/// The scales grades are read against for `office`: the built-in ones first, then the ones every
/// office may use, then the office's own.
pub fn grade_scales(all: &[(Option<i64>, OrdinalScale)], office: i64) -> Vec<OrdinalScale> {
    let mut scales = OrdinalScale::builtin().to_vec();
    scales.extend(all.iter().filter(|(o, _)| o.is_none()).map(|(_, s)| s.clone()));
    scales.extend(all.iter().filter(|(o, _)| *o == Some(office)).map(|(_, s)| s.clone()));
    scales
}

#[derive(Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub password_hash: String,
    pub disabled: bool,
    pub lang: String,
    pub version: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub struct GrantRow {
    pub user_id: i64,
    pub role: String,
    pub office_id: i64,
    pub unit_id: Option<i64>,
}

impl GrantRow {
    pub fn into_domain(self) -> Result<kinerja_domain::access::Grant> {
        Ok(kinerja_domain::access::Grant {
            role: parse_code("grant", self.user_id, &self.role)?,
            office: OfficeId(self.office_id),
            unit: self.unit_id.map(UnitId),
        })
    }
}

impl UserRow {
    /// The user with `grants` (all of theirs), and the password hash.
    pub fn into_domain(self, grants: Vec<kinerja_domain::access::Grant>) -> Result<(kinerja_store::User, String)> {
        let lang = self.lang.parse().map_err(|e: String| corrupt("user", self.id, e))?;
        Ok((
            kinerja_store::User {
                login: self.login.parse().map_err(|e| corrupt("user", self.id, e))?,
                id: self.id,
                name: self.name,
                disabled: self.disabled,
                lang,
                grants,
                version: self.version,
            },
            self.password_hash,
        ))
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct OwnerRow {
    pub office_id: i64,
    pub unit_id: i64,
    pub indicator_id: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub office_id: Option<i64>,
    pub entity: String,
    pub entity_id: Option<String>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

impl AuditRow {
    pub fn into_domain(self) -> AuditEntry {
        AuditEntry {
            id: self.id,
            at: self.at,
            actor: self.actor,
            office: self.office_id.map(OfficeId),
            entity: self.entity,
            entity_id: self.entity_id,
            action: self.action,
            before: self.before,
            after: self.after,
            reason: self.reason,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct EvidenceRow {
    pub name: String,
    pub office_id: i64,
    pub indicator_id: i64,
    pub period: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

impl EvidenceRow {
    pub fn into_domain(self) -> Result<kinerja_store::EvidenceFile> {
        let period: Period = self
            .period
            .parse()
            .map_err(|e| corrupt("evidence file", &self.name, e))?;
        Ok(kinerja_store::EvidenceFile {
            name: self.name,
            office: OfficeId(self.office_id),
            indicator: IndicatorId(self.indicator_id),
            period,
            original_name: self.original_name,
            content_type: self.content_type,
            size: self.size_bytes,
            sha256: self.sha256,
            uploaded_by: self.uploaded_by,
            uploaded_at: self.uploaded_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct DeadlineRow {
    pub period: String,
    pub due: String,
}

impl DeadlineRow {
    pub fn into_domain(self) -> Result<kinerja_domain::reporting::Deadline> {
        Ok(kinerja_domain::reporting::Deadline {
            period: self.period.parse().map_err(|e| corrupt("deadline", &self.period, e))?,
            due: self.due.parse().map_err(|e| corrupt("deadline", &self.period, e))?,
        })
    }
}
