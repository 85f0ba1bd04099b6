//! What an import writes: each PK and RAK table as the plan of the unit its title names, in the
//! store's drafts (named by codes), for [`kinerja_store::Store::merge_plans`] to merge into what
//! the office has, in one transaction.

use kinerja_domain::indicator::guess_settings;
use kinerja_domain::model::{Office, Schedule, Unit, normalise_text};
use kinerja_domain::period::PeriodKind as DomainPeriodKind;
use kinerja_domain::value::Value;
use kinerja_store::{ActionDraft, IndicatorDraft, ObjectiveDraft, UnitPlanDraft};

use crate::model::{DocKind, Imported, PeriodKind};

/// Where and how to write.
pub struct Request<'a> {
    pub office: &'a Office,
    /// The office's units.
    pub units: &'a [Unit],
    /// The unit of every table, overriding their titles.
    pub unit: Option<&'a str>,
    /// The year of every table, overriding their titles.
    pub year: Option<i32>,
    /// The file's name, kept as each plan's source.
    pub source: &'a str,
}

/// The plans to write, and the tables that are not written (with why).
#[derive(Debug)]
pub struct Drafts {
    pub plans: Vec<UnitPlanDraft>,
    pub skipped: Vec<String>,
}

/// The unit a table's title names: by its code, name or an alias, after the usual spellings are
/// made one ("SUB BAGIAN" = "SUBBAGIAN", "SEKRETARIS" = the secretariat, "KOMISI PEMILIHAN UMUM"
/// = "KPU"), with the office's name taken off the end, or word by word where one word begins the
/// other ("PENYELENGGARA" / "PENYELENGGARAAN").
pub fn match_unit<'a>(units: &'a [Unit], office: &Office, title_unit: &str) -> Option<&'a Unit> {
    let canon = |s: &str| -> String {
        let s = normalise_text(s).to_uppercase();
        let s = s
            .replace("KOMISI PEMILIHAN UMUM", "KPU")
            .replace("SUB BAGIAN", "SUBBAGIAN")
            .replace("SUBBAG ", "SUBBAGIAN ")
            .replace("SEKRETARIS ", "SEKRETARIAT ");
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let office_name = canon(&office.name);
    let wanted = canon(title_unit);
    if wanted.is_empty() {
        return None;
    }
    let without_office = wanted
        .strip_suffix(&office_name)
        .map(|s| s.trim().trim_end_matches("SEKRETARIAT").trim().to_string())
        .filter(|s| !s.is_empty());
    let candidates: Vec<String> = [Some(wanted.clone()), without_office].into_iter().flatten().collect();
    let names = |u: &Unit| -> Vec<String> {
        let mut n = vec![canon(&u.code), canon(&u.name)];
        n.extend(u.aliases.iter().map(|a| canon(a)));
        n
    };
    for c in &candidates {
        if let Some(u) = units.iter().find(|u| names(u).contains(c)) {
            return Some(u);
        }
    }
    let words_match = |a: &str, b: &str| {
        let (a, b): (Vec<&str>, Vec<&str>) = (a.split_whitespace().collect(), b.split_whitespace().collect());
        a.len() == b.len()
            && a.iter().zip(&b).all(|(x, y)| {
                let (x, y) = (x.trim_end_matches(','), y.trim_end_matches(','));
                x == y || (x.len().min(y.len()) >= 4 && (x.starts_with(y) || y.starts_with(x)))
            })
    };
    for c in &candidates {
        let found: Vec<&Unit> = units
            .iter()
            .filter(|u| names(u).iter().any(|n| words_match(n, c)))
            .collect();
        if let [one] = found.as_slice() {
            return Some(one);
        }
    }
    None
}

fn value(raw: &str) -> Value {
    Value::parse(raw).unwrap_or_else(|_| Value::text(raw))
}

/// The plans of the PK and RAK tables. Errors name the table's line: a year or unit that cannot
/// be told.
pub fn drafts(imported: &Imported, request: &Request<'_>) -> Result<Drafts, String> {
    let units = request.units;
    let office = request.office;
    let mut plans: Vec<UnitPlanDraft> = vec![];
    let mut skipped = vec![];
    for d in &imported.documents {
        let at = match &d.sheet {
            Some(sheet) => format!("{sheet}, line {}", d.line),
            None => format!("line {}", d.line),
        };
        if !matches!(d.kind, DocKind::Rak | DocKind::Pk) {
            skipped.push(format!(
                "{at}: {} tables are not written into a plan yet",
                d.kind.code().to_uppercase()
            ));
            continue;
        }
        let Some(year) = request.year.or(d.year) else {
            return Err(format!("{at}: the table {:?} names no year: give the year", d.title));
        };
        let named = request
            .unit
            .map(String::from)
            .or_else(|| d.unit.clone())
            .unwrap_or_default();
        let Some(unit) = match_unit(units, office, &named) else {
            return Err(format!(
                "{at}: no unit of {} is {:?} (units: {}); name the unit",
                office.name,
                named,
                units.iter().map(|u| u.code.as_str()).collect::<Vec<_>>().join(", ")
            ));
        };
        let plan = match plans.iter_mut().position(|p| p.unit == unit.code && p.year == year) {
            Some(i) => &mut plans[i],
            None => {
                plans.push(UnitPlanDraft {
                    office: office.code.clone(),
                    unit: unit.code.clone(),
                    year,
                    has_pk: false,
                    has_rak: false,
                    rak_period_kind: DomainPeriodKind::Month,
                    stated_budget_total: None,
                    pk_signed: None,
                    rak_signed: None,
                    pk_source: None,
                    rak_source: None,
                    budget: vec![],
                    objectives: vec![],
                });
                plans.last_mut().expect("pushed")
            }
        };
        let source = format!("{} (import of {}, {at})", d.title, request.source);
        if d.kind == DocKind::Pk {
            plan.has_pk = true;
            plan.pk_source = Some(source);
        } else {
            plan.has_rak = true;
            plan.rak_source = Some(source);
            plan.rak_period_kind = match d.period_kind {
                Some(PeriodKind::Quarter) => DomainPeriodKind::Quarter,
                _ => DomainPeriodKind::Month,
            };
        }
        let kind = plan.rak_period_kind;
        for o in &d.objectives {
            let oi = match plan
                .objectives
                .iter()
                .position(|x| normalise_text(&x.text) == normalise_text(&o.text))
            {
                Some(i) => i,
                None => {
                    plan.objectives.push(ObjectiveDraft {
                        text: o.text.clone(),
                        indicators: vec![],
                    });
                    plan.objectives.len() - 1
                }
            };
            for i in &o.indicators {
                let target = i.target.as_deref().map(value);
                let objective = &mut plan.objectives[oi];
                let ii = match objective
                    .indicators
                    .iter()
                    .position(|x| normalise_text(&x.text) == normalise_text(&i.text))
                {
                    Some(ii) => ii,
                    None => {
                        objective.indicators.push(IndicatorDraft {
                            text: i.text.clone(),
                            pk_target: None,
                            rak_target: None,
                            activity_target: i.activity_target.as_deref().map(value),
                            period_targets: vec![],
                            settings: guess_settings(&i.text, target.as_ref()),
                            computation: i.formula.clone(),
                            data_source: i.data_source.clone(),
                            supports: None,
                            supports_objective: None,
                            reported: None,
                            note: None,
                            actions: vec![],
                            realisations: vec![],
                        });
                        objective.indicators.len() - 1
                    }
                };
                let ind = &mut objective.indicators[ii];
                if d.kind == DocKind::Pk {
                    ind.pk_target = ind.pk_target.take().or(target);
                } else {
                    ind.rak_target = ind.rak_target.take().or(target);
                }
                for a in &i.actions {
                    let executor_unit = a.executor.as_deref().and_then(|e| {
                        let e = normalise_text(e);
                        units
                            .iter()
                            .find(|u| {
                                normalise_text(&u.code) == e
                                    || normalise_text(&u.name) == e
                                    || u.aliases.iter().any(|x| normalise_text(x) == e)
                            })
                            .map(|u| u.code.clone())
                    });
                    ind.actions.push(ActionDraft {
                        text: a.text.clone(),
                        schedule: Schedule {
                            kind,
                            periods: a.periods.clone(),
                        },
                        executor: a.executor.clone(),
                        executor_unit,
                        budget: a
                            .budget
                            .as_deref()
                            .and_then(|b| Value::parse_money(b).ok())
                            .and_then(|v| v.number()),
                        target: a.target.as_deref().map(value),
                        note: None,
                    });
                }
            }
        }
    }
    if plans.is_empty() {
        return Err("nothing to write: no PK or RAK table was recognised".into());
    }
    Ok(Drafts { plans, skipped })
}
