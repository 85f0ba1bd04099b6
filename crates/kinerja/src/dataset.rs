//! Reads a dataset file (TOML, `docs/dataset-format.md`) into a [`Dataset`]: every value string
//! is parsed by the domain's parser, the PK and the RAK of a unit are merged, and any problem is
//! reported with the file, line, column and field.

use std::collections::HashMap;
use std::ops::Range;

use anyhow::{Result, anyhow, bail};
use kinerja_domain::Decimal;
use kinerja_domain::date::Date;
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::indicator::{LowerFormula, Polarity, Rollup, guess_settings};
use kinerja_domain::model::*;
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::scale::{Band, Bound, CategoryScale};
use kinerja_domain::value::{ParseContext, Value};
use kinerja_store::*;
use serde::Deserialize;
use toml::Spanned;

type S = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    dataset: Header,
    #[serde(default)]
    offices: Vec<OfficeT>,
    #[serde(default)]
    units: Vec<UnitT>,
    #[serde(default)]
    people: Vec<PersonT>,
    #[serde(default)]
    positions: Vec<PositionT>,
    #[serde(default)]
    scales: Vec<ScaleT>,
    #[serde(default)]
    ordinal_scales: Vec<OrdinalScaleT>,
    renstra: Option<RenstraT>,
    #[serde(default)]
    plans: Vec<PlanT>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Header {
    title: String,
    year: Option<Year>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeT {
    code: S,
    name: String,
    full_name: String,
    level: S,
    parent: Option<String>,
    address: Option<String>,
    city: Option<String>,
    scale: Option<String>,
    lower_is_better_formula: Option<S>,
    /// WIB, WITA or WIT; without it, the parent office's.
    time_zone: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitT {
    office: String,
    code: String,
    name: String,
    kind: S,
    parent: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonT {
    office: String,
    code: String,
    name: String,
    nip: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PositionT {
    person: String,
    unit: String,
    title: String,
    acting: Option<S>,
    from: Option<S>,
    until: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleT {
    code: String,
    name: String,
    office: Option<String>,
    domain_min: Option<S>,
    domain_max: Option<S>,
    bands: Vec<BandT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrdinalScaleT {
    code: String,
    name: String,
    office: Option<String>,
    /// Best first.
    levels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandT {
    label: String,
    lower: Option<S>,
    #[serde(default)]
    lower_inclusive: bool,
    upper: Option<S>,
    #[serde(default)]
    upper_inclusive: bool,
    colour: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RenstraT {
    office: String,
    from: Year,
    to: Year,
    vision: String,
    #[serde(default)]
    missions: Vec<String>,
    #[serde(default)]
    goals: Vec<GoalT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalT {
    text: String,
    #[serde(default)]
    indicators: Vec<GoalIndicatorT>,
}

/// A Renstra indicator: its text, or `{ text = "...", targets = { 2024 = "100%" },
/// computation = "...", data_source = "..." }`.
#[derive(Deserialize)]
#[serde(untagged)]
enum GoalIndicatorT {
    Text(String),
    Full {
        text: String,
        #[serde(default)]
        targets: std::collections::BTreeMap<String, String>,
        computation: Option<String>,
        data_source: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanT {
    office: Option<String>,
    unit: String,
    year: Year,
    pk: Option<PkT>,
    rak: Option<RakT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedT {
    place: Option<String>,
    date: Option<S>,
    first: Option<String>,
    second: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PkT {
    source: Option<String>,
    stated_total: Option<S>,
    signed: Option<SignedT>,
    #[serde(default)]
    budget: Vec<BudgetT>,
    #[serde(default)]
    objectives: Vec<ObjectiveT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BudgetT {
    name: String,
    level: S,
    ceiling: S,
    realised: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectiveT {
    text: String,
    #[serde(default)]
    indicators: Vec<IndicatorT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorT {
    text: String,
    target: Option<ValueT>,
    activity_target: Option<ValueT>,
    polarity: Option<S>,
    /// With `polarity = "band"`: the good range.
    band_lower: Option<S>,
    band_upper: Option<S>,
    rollup: Option<S>,
    cap: Option<S>,
    weight: Option<S>,
    computation: Option<String>,
    data_source: Option<String>,
    supports: Option<SupportsT>,
    note: Option<String>,
    lkj: Option<LkjT>,
    /// Targets per period: `{ B6 = "50%", TW4 = "100%" }`.
    #[serde(default)]
    period_targets: std::collections::BTreeMap<String, ValueT>,
    #[serde(default)]
    realisations: Vec<RealisationT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RealisationT {
    period: S,
    value: ValueT,
    status: Option<S>,
    #[serde(default)]
    evidence: Vec<String>,
    obstacles: Option<String>,
    follow_up: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SupportsT {
    unit: String,
    indicator: Option<String>,
    objective: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LkjT {
    source: Option<String>,
    objective_text: Option<String>,
    indicator_text: Option<String>,
    target: Option<ValueT>,
    activity_target: Option<ValueT>,
    realisation: Option<ValueT>,
    achievement: Option<ValueT>,
}

/// A value string, or `{ text = "..." }` for prose.
type ValueT = Spanned<toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RakT {
    source: Option<String>,
    period_kind: S,
    signed: Option<SignedT>,
    #[serde(default)]
    rows: Vec<RakRowT>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RakRowT {
    #[allow(dead_code)]
    no: Option<String>,
    objective: Option<String>,
    indicator: Option<String>,
    target: Option<ValueT>,
    action: String,
    #[serde(default)]
    periods: Vec<Spanned<i64>>,
    executor: Option<String>,
    budget: Option<S>,
    action_target: Option<ValueT>,
    note: Option<String>,
}

/// Turns byte spans into `file:line:column`.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
    /// The scales grades are read against: the built-in ones, then the file's.
    grades: Vec<OrdinalScale>,
}

impl Source<'_> {
    fn at(&self, span: Range<usize>) -> String {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
        format!("{}:{line}:{column}", self.name)
    }
    fn err(&self, s: &S, field: &str, why: impl std::fmt::Display) -> anyhow::Error {
        anyhow!("{}: {field}: {why}", self.at(s.span()))
    }
    fn parse<T: std::str::FromStr<Err = String>>(&self, s: &S, field: &str) -> Result<T> {
        s.get_ref().parse().map_err(|e: String| self.err(s, field, e))
    }
    fn decimal(&self, s: &S, field: &str) -> Result<Decimal> {
        let v = Value::parse(s.get_ref()).map_err(|e| self.err(s, field, e))?;
        v.number().ok_or_else(|| self.err(s, field, "a number is expected"))
    }
    fn money(&self, s: &S, field: &str) -> Result<Decimal> {
        let v = Value::parse_money(s.get_ref()).map_err(|e| self.err(s, field, e))?;
        v.number()
            .ok_or_else(|| self.err(s, field, "an amount of rupiah is expected"))
    }
    fn value(&self, v: &ValueT, field: &str) -> Result<Value> {
        let at = || self.at(v.span());
        match v.get_ref() {
            toml::Value::String(s) => Value::parse_with(
                s,
                &ParseContext {
                    ordinal_scales: &self.grades,
                },
            )
            .map_err(|e| anyhow!("{}: {field}: {e}", at())),
            toml::Value::Table(t) => match (t.get("text"), t.len()) {
                (Some(toml::Value::String(text)), 1) => Ok(Value::text(text)),
                _ => Err(anyhow!(
                    "{}: {field}: a value is a string such as \"100%\", or {{ text = \"...\" }} for prose",
                    at()
                )),
            },
            other => Err(anyhow!(
                "{}: {field}: write the value as a string (\"{other}\"), as the document prints it",
                at()
            )),
        }
    }
    fn opt_value(&self, v: &Option<ValueT>, field: &str) -> Result<Option<Value>> {
        v.as_ref().map(|v| self.value(v, field)).transpose()
    }
    fn date(&self, s: &S, field: &str) -> Result<Date> {
        s.get_ref().parse().map_err(|e| self.err(s, field, e))
    }
}

/// Reads the dataset file `text` (named `name` in messages).
pub fn parse(name: &str, text: &str) -> Result<Dataset> {
    let file: File = toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map(|s| {
                Source {
                    name,
                    text,
                    grades: vec![],
                }
                .at(s)
            })
            .unwrap_or_else(|| name.to_string());
        anyhow!("{place}: {}", e.message())
    })?;
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(file.ordinal_scales.iter().map(|s| OrdinalScale {
        code: s.code.clone(),
        name: s.name.clone(),
        levels: s.levels.clone(),
    }));
    let src = Source { name, text, grades };
    let mut ds = Dataset::default();
    for s in &file.ordinal_scales {
        if s.levels.is_empty() {
            bail!("{name}: ordinal scale '{}' has no levels", s.code);
        }
        ds.ordinal_scales.push(OrdinalScaleDraft {
            office: s.office.clone(),
            scale: OrdinalScale {
                code: s.code.clone(),
                name: s.name.clone(),
                levels: s.levels.clone(),
            },
        });
    }

    for o in &file.offices {
        ds.offices.push(office(&src, o)?);
    }
    let mut unit_office: HashMap<&str, Vec<&str>> = HashMap::new();
    for u in &file.units {
        unit_office.entry(u.code.as_str()).or_default().push(u.office.as_str());
        ds.units.push(UnitDraft {
            office: u.office.clone(),
            code: u.code.clone(),
            name: u.name.clone(),
            kind: src.parse(&u.kind, "kind")?,
            parent: u.parent.clone(),
            aliases: u.aliases.clone(),
        });
    }
    let person_office: HashMap<&str, &str> = file
        .people
        .iter()
        .map(|p| (p.code.as_str(), p.office.as_str()))
        .collect();
    for p in &file.people {
        ds.people.push(PersonDraft {
            office: p.office.clone(),
            code: p.code.clone(),
            name: p.name.clone(),
            nip: p.nip.clone(),
        });
    }
    for q in &file.positions {
        let office = person_office
            .get(q.person.as_str())
            .ok_or_else(|| anyhow!("{name}: position of unknown person '{}'", q.person))?;
        ds.positions.push(PositionDraft {
            office: office.to_string(),
            person: q.person.clone(),
            unit: q.unit.clone(),
            title: q.title.clone(),
            acting: match &q.acting {
                Some(a) => src.parse(a, "acting")?,
                None => Acting::Definitive,
            },
            from: q.from.as_ref().map(|d| src.date(d, "from")).transpose()?,
            until: q.until.as_ref().map(|d| src.date(d, "until")).transpose()?,
        });
    }
    for s in &file.scales {
        ds.scales.push(scale(&src, s)?);
    }
    if let Some(r) = &file.renstra {
        ds.renstra.push(RenstraDraft {
            office: r.office.clone(),
            renstra: Renstra {
                from_year: r.from,
                to_year: r.to,
                vision: r.vision.clone(),
                missions: r.missions.clone(),
                goals: r.goals.iter().map(|g| renstra_goal(name, g)).collect::<Result<_>>()?,
            },
        });
    }
    for p in &file.plans {
        let office = match &p.office {
            Some(o) => o.clone(),
            None => match unit_office.get(p.unit.as_str()).map(Vec::as_slice) {
                Some([one]) => one.to_string(),
                Some(_) => bail!(
                    "{name}: plan of unit '{}': the unit code exists in several offices; say which with office = \"…\"",
                    p.unit
                ),
                None => bail!("{name}: plan of unit '{}': no such unit in this file", p.unit),
            },
        };
        ds.plans.push(plan(&src, &ds, &office, p)?);
    }
    Ok(ds)
}

/// An office of the file.
fn office(src: &Source<'_>, o: &OfficeT) -> Result<OfficeDraft> {
    Ok(OfficeDraft {
        code: o.code.get_ref().parse().map_err(|e| src.err(&o.code, "code", e))?,
        name: o.name.clone(),
        full_name: o.full_name.clone(),
        level: src.parse(&o.level, "level")?,
        parent: o.parent.clone(),
        address: o.address.clone(),
        city: o.city.clone(),
        scale: o.scale.clone(),
        lower_formula: match &o.lower_is_better_formula {
            Some(s) => src.parse::<LowerFormula>(s, "lower_is_better_formula")?,
            None => LowerFormula::default(),
        },
        time_zone: o
            .time_zone
            .as_ref()
            .map(|s| src.parse::<kinerja_domain::date::TimeZone>(s, "time_zone"))
            .transpose()?,
    })
}

/// A category scale of the file, its bands' bounds read as decimals.
fn scale(src: &Source<'_>, s: &ScaleT) -> Result<ScaleDraft> {
    let bound = |v: &Option<S>, inclusive: bool, field: &str| -> Result<Option<Bound>> {
        v.as_ref()
            .map(|v| {
                Ok(Bound {
                    value: src.decimal(v, field)?,
                    inclusive,
                })
            })
            .transpose()
    };
    let mut bands = Vec::new();
    for b in &s.bands {
        bands.push(Band {
            label: b.label.clone(),
            lower: bound(&b.lower, b.lower_inclusive, "lower")?,
            upper: bound(&b.upper, b.upper_inclusive, "upper")?,
            colour: b.colour.clone(),
        });
    }
    Ok(ScaleDraft {
        office: s.office.clone(),
        scale: CategoryScale {
            code: s.code.clone(),
            name: s.name.clone(),
            bands,
            domain_min: s
                .domain_min
                .as_ref()
                .map(|v| src.decimal(v, "domain_min"))
                .transpose()?,
            domain_max: s
                .domain_max
                .as_ref()
                .map(|v| src.decimal(v, "domain_max"))
                .transpose()?,
        },
    })
}

/// The indicator a RAK row names: the PK's of that text, or a new one under the row's
/// objective; its RAK target set from the row where it has none. Its place (objective,
/// indicator).
fn rak_indicator(
    src: &Source<'_>,
    objectives: &mut Vec<ObjectiveDraft>,
    objective_text: &str,
    text: &str,
    row_target: &Option<toml::Spanned<toml::Value>>,
) -> Result<(usize, usize)> {
    let target = src.opt_value(row_target, "target")?;
    let wanted = normalise_text(text);
    let found = objectives.iter().enumerate().find_map(|(oi, o)| {
        o.indicators
            .iter()
            .position(|i| normalise_text(&i.text) == wanted)
            .map(|ii| (oi, ii))
    });
    let (oi, ii) = match found {
        Some(at) => at,
        None => {
            let wanted_objective = normalise_text(objective_text);
            let oi = match objectives
                .iter()
                .position(|o| normalise_text(&o.text) == wanted_objective)
            {
                Some(oi) => oi,
                None => {
                    objectives.push(ObjectiveDraft {
                        text: objective_text.to_string(),
                        indicators: vec![],
                    });
                    objectives.len() - 1
                }
            };
            objectives[oi]
                .indicators
                .push(new_indicator(text, None, target.as_ref()));
            (oi, objectives[oi].indicators.len() - 1)
        }
    };
    let ind = &mut objectives[oi].indicators[ii];
    if ind.rak_target.is_none() {
        ind.rak_target = target;
    }
    Ok((oi, ii))
}

fn renstra_goal(name: &str, g: &GoalT) -> Result<RenstraGoal> {
    let mut indicators = Vec::new();
    for i in &g.indicators {
        indicators.push(match i {
            GoalIndicatorT::Text(text) => RenstraIndicator {
                text: text.clone(),
                ..Default::default()
            },
            GoalIndicatorT::Full {
                text,
                targets,
                computation,
                data_source,
            } => {
                let mut parsed = Vec::new();
                for (year, raw) in targets {
                    let year: Year = year
                        .parse()
                        .map_err(|_| anyhow!("{name}: renstra indicator '{text}': '{year}' is not a year"))?;
                    let value = Value::parse(raw)
                        .map_err(|e| anyhow!("{name}: renstra indicator '{text}', target {year}: {e}"))?;
                    parsed.push((year, value));
                }
                RenstraIndicator {
                    text: text.clone(),
                    targets: parsed,
                    computation: computation.clone(),
                    data_source: data_source.clone(),
                }
            }
        });
    }
    Ok(RenstraGoal {
        text: g.text.clone(),
        indicators,
    })
}

fn signature(src: &Source<'_>, s: &Option<SignedT>) -> Result<Option<SignatureDraft>> {
    s.as_ref()
        .map(|s| {
            Ok(SignatureDraft {
                place: s.place.clone(),
                date: s.date.as_ref().map(|d| src.date(d, "signed.date")).transpose()?,
                first: s.first.clone(),
                second: s.second.clone(),
            })
        })
        .transpose()
}

fn plan(src: &Source<'_>, ds: &Dataset, office: &str, p: &PlanT) -> Result<UnitPlanDraft> {
    let mut objectives: Vec<ObjectiveDraft> = Vec::new();
    let mut draft = UnitPlanDraft {
        office: office.to_string(),
        unit: p.unit.clone(),
        year: p.year,
        has_pk: p.pk.is_some(),
        has_rak: p.rak.is_some(),
        rak_period_kind: PeriodKind::Month,
        stated_budget_total: None,
        pk_signed: None,
        rak_signed: None,
        pk_source: None,
        rak_source: None,
        budget: vec![],
        objectives: vec![],
    };
    if let Some(pk) = &p.pk {
        draft.pk_source = pk.source.clone();
        draft.pk_signed = signature(src, &pk.signed)?;
        draft.stated_budget_total = pk
            .stated_total
            .as_ref()
            .map(|t| src.money(t, "stated_total"))
            .transpose()?;
        for b in &pk.budget {
            draft.budget.push(BudgetLineDraft {
                name: b.name.clone(),
                level: src.parse(&b.level, "level")?,
                ceiling: src.money(&b.ceiling, "ceiling")?,
                realised: b.realised.as_ref().map(|r| src.money(r, "realised")).transpose()?,
            });
        }
        for o in &pk.objectives {
            let mut indicators = Vec::new();
            for i in &o.indicators {
                indicators.push(pk_indicator(src, i)?);
            }
            objectives.push(ObjectiveDraft {
                text: o.text.clone(),
                indicators,
            });
        }
    }
    if let Some(rak) = &p.rak {
        draft.rak_source = rak.source.clone();
        draft.rak_signed = signature(src, &rak.signed)?;
        draft.rak_period_kind = src.parse(&rak.period_kind, "period_kind")?;
        let mut last_objective: Option<String> = None;
        let mut last_indicator: Option<(usize, usize)> = None;
        for row in &rak.rows {
            let objective_text = match row.objective.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => t.to_string(),
                None => last_objective.clone().ok_or_else(|| {
                    anyhow!(
                        "{}: a RAK row of unit '{}' has no objective and none above it",
                        src.name,
                        p.unit
                    )
                })?,
            };
            let place = match row.indicator.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(text) => rak_indicator(src, &mut objectives, &objective_text, text, &row.target)?,
                None => last_indicator.ok_or_else(|| {
                    anyhow!(
                        "{}: a RAK row of unit '{}' has no indicator and none above it",
                        src.name,
                        p.unit
                    )
                })?,
            };
            last_objective = Some(objective_text);
            last_indicator = Some(place);
            let mut periods = Vec::with_capacity(row.periods.len());
            for n in &row.periods {
                let v = *n.get_ref();
                // Kept as written (0 or 13 included) so the plan check can name it; only values
                // that cannot be a period number at all are refused here.
                let v = u8::try_from(v)
                    .map_err(|_| anyhow!("{}: periods: {v} is not a month or quarter number", src.at(n.span())))?;
                periods.push(v);
            }
            let executor_unit = row.executor.as_deref().and_then(|e| find_unit(ds, office, e));
            objectives[place.0].indicators[place.1].actions.push(ActionDraft {
                text: row.action.clone(),
                schedule: Schedule {
                    kind: draft.rak_period_kind,
                    periods,
                },
                executor: row.executor.clone(),
                executor_unit,
                budget: row.budget.as_ref().map(|b| src.money(b, "budget")).transpose()?,
                target: src.opt_value(&row.action_target, "action_target")?,
                note: row.note.clone(),
            });
        }
    }
    draft.objectives = objectives;
    Ok(draft)
}

fn new_indicator(text: &str, pk_target: Option<Value>, rak_target: Option<&Value>) -> IndicatorDraft {
    let settings = guess_settings(text, pk_target.as_ref().or(rak_target));
    IndicatorDraft {
        text: text.to_string(),
        pk_target,
        rak_target: None,
        activity_target: None,
        period_targets: vec![],
        settings,
        computation: None,
        data_source: None,
        supports: None,
        supports_objective: None,
        reported: None,
        note: None,
        actions: vec![],
        realisations: vec![],
    }
}

fn pk_indicator(src: &Source<'_>, i: &IndicatorT) -> Result<IndicatorDraft> {
    let pk_target = src.opt_value(&i.target, "target")?;
    let mut activity_target = src.opt_value(&i.activity_target, "activity_target")?;
    let mut realisations = Vec::new();
    let mut reported = None;
    if let Some(l) = &i.lkj {
        if activity_target.is_none() {
            activity_target = src.opt_value(&l.activity_target, "lkj.activity_target")?;
        }
        if let Some(r) = src.opt_value(&l.realisation, "lkj.realisation")? {
            realisations.push(RealisationDraft {
                period: Period::Year,
                value: r,
                status: RealisationStatus::Verified,
                evidence: l.source.iter().cloned().collect(),
                obstacles: None,
                follow_up: None,
            });
        }
        reported = Some(Reported {
            source: l.source.clone(),
            objective_text: l.objective_text.clone(),
            indicator_text: l.indicator_text.clone(),
            target: src.opt_value(&l.target, "lkj.target")?,
            achievement: src.opt_value(&l.achievement, "lkj.achievement")?,
        });
    }
    let mut d = new_indicator(&i.text, pk_target, None);
    // Roll-up and polarity follow the measured target when there is one.
    let guessed = guess_settings(&i.text, activity_target.as_ref().or(d.pk_target.as_ref()));
    d.settings = guessed;
    if let Some(s) = &i.polarity {
        d.settings.polarity = if s.get_ref() == "band" {
            let (Some(lower), Some(upper)) = (&i.band_lower, &i.band_upper) else {
                return Err(src.err(s, "polarity", "a band needs band_lower and band_upper"));
            };
            let (lower, upper) = (src.decimal(lower, "band_lower")?, src.decimal(upper, "band_upper")?);
            if lower > upper {
                return Err(src.err(
                    s,
                    "polarity",
                    format!("the band's lower end {lower} is above its upper end {upper}"),
                ));
            }
            Polarity::Band { lower, upper }
        } else {
            src.parse::<Polarity>(s, "polarity")?
        };
    }
    if let Some(s) = &i.rollup {
        d.settings.rollup = src.parse::<Rollup>(s, "rollup")?;
    }
    d.settings.cap = i.cap.as_ref().map(|c| src.decimal(c, "cap")).transpose()?;
    d.settings.weight = i.weight.as_ref().map(|w| src.decimal(w, "weight")).transpose()?;
    d.activity_target = activity_target;
    d.computation = i.computation.clone();
    d.data_source = i.data_source.clone();
    if let Some(s) = &i.supports {
        match (&s.indicator, &s.objective) {
            (Some(indicator), None) => {
                d.supports = Some(IndicatorRef {
                    unit: s.unit.clone(),
                    indicator: indicator.clone(),
                });
            }
            (None, Some(objective)) => {
                d.supports_objective = Some(ObjectiveRef {
                    unit: s.unit.clone(),
                    objective: objective.clone(),
                });
            }
            _ => bail!(
                "{}: indicator '{}': supports names a unit and either an indicator or an objective",
                src.name,
                i.text
            ),
        }
    }
    d.note = i.note.clone();
    d.reported = reported;
    for (key, value) in &i.period_targets {
        let period: Period = key
            .parse()
            .map_err(|e| anyhow!("{}: period_targets: {e}", src.at(value.span())))?;
        d.period_targets.push((period, src.value(value, "period_targets")?));
    }
    for r in &i.realisations {
        let period: Period = r
            .period
            .get_ref()
            .parse()
            .map_err(|e| src.err(&r.period, "period", e))?;
        if realisations.iter().any(|x: &RealisationDraft| x.period == period) {
            return Err(src.err(&r.period, "period", format!("a second realisation for {period}")));
        }
        realisations.push(RealisationDraft {
            period,
            value: src.value(&r.value, "value")?,
            status: match &r.status {
                Some(s) => src.parse(s, "status")?,
                None => RealisationStatus::Draft,
            },
            evidence: r.evidence.clone(),
            obstacles: r.obstacles.clone(),
            follow_up: r.follow_up.clone(),
        });
    }
    d.realisations = realisations;
    Ok(d)
}

/// The unit of `office` an executor names exactly (by code, name or alias); combined executors
/// ("Subbag Rendatin & KUL", "SEMUA DIVISI") name none.
fn find_unit(ds: &Dataset, office: &str, executor: &str) -> Option<String> {
    let wanted = normalise_text(executor);
    ds.units
        .iter()
        .filter(|u| u.office == office)
        .find(|u| {
            normalise_text(&u.code) == wanted
                || normalise_text(&u.name) == wanted
                || u.aliases.iter().any(|a| normalise_text(a) == wanted)
        })
        .map(|u| u.code.clone())
}

/// Links each subsection's PK indicator to the indicator with the same wording in a superior
/// unit's PK of the same year (the cascade as the documents write it), where one exists and no
/// link is set.
pub fn link_cascade_by_wording(ds: &mut Dataset) {
    let parents: HashMap<(String, String), Option<String>> = ds
        .units
        .iter()
        .map(|u| ((u.office.clone(), u.code.clone()), u.parent.clone()))
        .collect();
    let mut pk_texts: HashMap<(String, String, Year), Vec<String>> = HashMap::new();
    for p in &ds.plans {
        let texts = p
            .objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .filter(|i| i.pk_target.is_some())
            .map(|i| i.text.clone())
            .collect();
        pk_texts.insert((p.office.clone(), p.unit.clone(), p.year), texts);
    }
    for p in &mut ds.plans {
        for ind in p.objectives.iter_mut().flat_map(|o| o.indicators.iter_mut()) {
            if ind.supports.is_some() || ind.pk_target.is_none() {
                continue;
            }
            let wanted = normalise_text(&ind.text);
            let mut cur = parents.get(&(p.office.clone(), p.unit.clone())).cloned().flatten();
            while let Some(unit) = cur {
                if let Some(texts) = pk_texts.get(&(p.office.clone(), unit.clone(), p.year))
                    && let Some(t) = texts.iter().find(|t| normalise_text(t) == wanted)
                {
                    ind.supports = Some(IndicatorRef {
                        unit: unit.clone(),
                        indicator: t.clone(),
                    });
                    break;
                }
                cur = parents.get(&(p.office.clone(), unit)).cloned().flatten();
            }
        }
    }
}

#[cfg(test)]
#[path = "dataset/tests.rs"]
mod tests;
