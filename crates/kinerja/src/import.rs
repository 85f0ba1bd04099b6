//! `kinerja import`: reads a document an office already has and shows what was recognised.

use std::path::Path;

use anyhow::{Context, Result, bail};
use kinerja_domain::value::Value;
use kinerja_import::{Document, Imported, PeriodKind};
use serde_json::{Value as Json, json};

use crate::report::value_json;

/// What the command was asked.
pub struct Args<'a> {
    pub file: &'a Path,
    pub office: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub year: Option<i32>,
    pub json: bool,
}

/// Reads the file; text extracted from a PDF (tab-separated tables).
pub fn read(args: &Args<'_>) -> Result<Imported> {
    let bytes = std::fs::read(args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let is_csv = args.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut imported = if bytes.starts_with(b"PK\x03\x04") {
        kinerja_import::read_xlsx(&bytes).with_context(|| args.file.display().to_string())?
    } else {
        let text = text_of(args.file, bytes)?;
        if is_csv {
            kinerja_import::read_csv(&text)
        } else {
            kinerja_import::read_text(&text)
        }
    };
    for d in &mut imported.documents {
        if let Some(o) = args.office {
            d.office = Some(o.to_string());
        }
        if let Some(u) = args.unit {
            d.unit = Some(u.to_string());
        }
        if args.year.is_some() {
            d.year = args.year;
        }
    }
    Ok(imported)
}

fn text_of(file: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => bail!(
            "{}: not text (byte {} is not UTF-8); import reads the text of a PDF, as tab-separated lines",
            file.display(),
            e.utf8_error().valid_up_to() + 1
        ),
    };
    if text.contains('\0') {
        bail!("{}: a binary file, not text", file.display());
    }
    Ok(text)
}

fn value(raw: &Option<String>) -> Json {
    match raw {
        Some(r) => value_json(&Value::parse(r).unwrap_or_else(|_| Value::text(r))),
        None => Json::Null,
    }
}

fn document_json(d: &Document) -> Json {
    json!({
        "kind": d.kind.code(),
        "title": d.title,
        "office": d.office,
        "unit": d.unit,
        "year": d.year,
        "period_kind": d.period_kind.map(|k| match k { PeriodKind::Month => "month", PeriodKind::Quarter => "quarter" }),
        "line": d.line,
        "sheet": d.sheet,
        "objectives": d.objectives.iter().map(|o| json!({
            "text": o.text,
            "no": o.no,
            "line": o.line,
            "indicators": o.indicators.iter().map(|i| json!({
                "text": i.text,
                "line": i.line,
                "target": value(&i.target),
                "activity_target": value(&i.activity_target),
                "formula": i.formula,
                "data_source": i.data_source,
                "realisation": value(&i.realisation),
                "reported_achievement": i.reported_achievement,
                "actions": i.actions.iter().map(|a| json!({
                    "text": a.text,
                    "line": a.line,
                    "periods": a.periods,
                    "executor": a.executor,
                    "budget": a.budget.as_ref().and_then(|b| Value::parse_money(b).ok()).and_then(|v| v.number()).map(|n| n.normalize().to_string().parse::<f64>().unwrap_or(0.0)),
                    "target": value(&a.target),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "signatories": d.signatories.iter().map(|s| json!({
            "role": s.role,
            "name": s.name,
            "position": s.position,
            "nip": s.nip,
            "place_date": s.place_date,
        })).collect::<Vec<_>>(),
    })
}

/// The recognised content as the README documents it.
pub fn to_json(imported: &Imported) -> Json {
    json!({
        "documents": imported.documents.iter().map(document_json).collect::<Vec<_>>(),
        "warnings": imported.warnings.iter().map(|w| json!({ "line": w.line, "sheet": w.sheet, "message": w.message })).collect::<Vec<_>>(),
    })
}

/// A summary for a person: each table with its counts, then every warning with its line.
pub fn summary(file: &Path, imported: &Imported) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{}: {} tabel, {} sasaran, {} indikator, {} kegiatan\n",
        file.display(),
        imported.documents.len(),
        imported.objectives(),
        imported.indicators(),
        imported.actions()
    ));
    for d in &imported.documents {
        let indicators: usize = d.objectives.iter().map(|o| o.indicators.len()).sum();
        let actions: usize = d
            .objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .map(|i| i.actions.len())
            .sum();
        out.push_str(&format!(
            "  baris {:>4}  {:<3}  {}  — {} sasaran, {} indikator, {} kegiatan{}\n",
            d.line,
            d.kind.code().to_uppercase(),
            if d.title.is_empty() { "(tanpa judul)" } else { &d.title },
            d.objectives.len(),
            indicators,
            actions,
            if d.signatories.is_empty() {
                String::new()
            } else {
                format!(
                    "; ditandatangani {}",
                    d.signatories
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ));
    }
    if !imported.warnings.is_empty() {
        out.push_str(&format!("{} peringatan:\n", imported.warnings.len()));
        for w in &imported.warnings {
            match &w.sheet {
                Some(sheet) => out.push_str(&format!("  {sheet}, baris {}: {}\n", w.line, w.message)),
                None => out.push_str(&format!("  baris {}: {}\n", w.line, w.message)),
            }
        }
    }
    out
}

// ---- Applying: the recognised plan written through the store ------------------------------

use kinerja_domain::indicator::guess_settings;
use kinerja_domain::model::{Office, Schedule, Unit, normalise_text};
use kinerja_domain::period::PeriodKind as DomainPeriodKind;
use kinerja_import::DocKind;
use kinerja_store::{
    ActionDraft, Actor, Dataset, DatasetSummary, IndicatorDraft, ObjectiveDraft, Store, UnitPlanDraft,
};

/// The unit a table's title names: by its code, name or an alias, after the usual spellings are
/// made one ("SUB BAGIAN" = "SUBBAGIAN", "SEKRETARIS" = the secretariat, "KOMISI PEMILIHAN UMUM"
/// = "KPU") and the office's name is taken off the end.
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
    // Word by word, a word matching when one is the other's beginning ("PENYELENGGARA" in
    // "PENYELENGGARAAN"): the one unit that matches so.
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
    // "SEKRETARIAT KPU KOTA METRO" is the secretariat; "KPU KOTA METRO" the commission.
    if wanted == office_name {
        return units
            .iter()
            .find(|u| u.parent.is_none() && canon(&u.name) == office_name);
    }
    if wanted == format!("SEKRETARIAT {office_name}") {
        return units.iter().find(|u| canon(&u.name).starts_with("SEKRETARIAT"));
    }
    None
}

/// Writes what was recognised into `office`'s plan, in one transaction (all or nothing). A unit
/// that already has a plan for the year is refused: merging into an existing plan is not built.
pub async fn apply(
    store: &dyn Store,
    actor: &Actor,
    office: &Office,
    imported: &Imported,
    args: &Args<'_>,
) -> Result<DatasetSummary> {
    let units = store.units(office.id).await?;
    let mut plans: Vec<UnitPlanDraft> = vec![];
    let mut skipped = vec![];
    for d in &imported.documents {
        if !matches!(d.kind, DocKind::Rak | DocKind::Pk) {
            skipped.push(format!(
                "line {}: {} tables are not written into a plan yet",
                d.line,
                d.kind.code().to_uppercase()
            ));
            continue;
        }
        let Some(year) = args.year.or(d.year) else {
            bail!("line {}: the table {:?} names no year: give --year", d.line, d.title);
        };
        let named = args
            .unit
            .map(String::from)
            .or_else(|| d.unit.clone())
            .unwrap_or_default();
        let Some(unit) = match_unit(&units, office, &named) else {
            bail!(
                "line {}: no unit of {} is {:?} (units: {}); give --unit",
                d.line,
                office.name,
                named,
                units.iter().map(|u| u.code.as_str()).collect::<Vec<_>>().join(", ")
            );
        };
        let plan = match plans.iter_mut().find(|p| p.unit == unit.code && p.year == year) {
            Some(p) => p,
            None => {
                let existing = store.year_plan(office.id, year).await?;
                let has = existing.objectives_of(unit.id).count();
                if has > 0 {
                    bail!(
                        "{} already has a plan for {year} ({has} objectives); importing into an existing plan (merging) is not built yet",
                        unit.name
                    );
                }
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
        let source = format!("{} (import of {}, line {})", d.title, args.file.display(), d.line);
        match d.kind {
            DocKind::Pk => {
                plan.has_pk = true;
                plan.pk_source = Some(source);
            }
            _ => {
                plan.has_rak = true;
                plan.rak_source = Some(source);
                plan.rak_period_kind = match d.period_kind {
                    Some(PeriodKind::Quarter) => DomainPeriodKind::Quarter,
                    _ => DomainPeriodKind::Month,
                };
            }
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
                let target = i
                    .target
                    .as_deref()
                    .map(|t| Value::parse(t).unwrap_or_else(|_| Value::text(t)));
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
                            activity_target: None,
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
                match d.kind {
                    DocKind::Pk => ind.pk_target = ind.pk_target.take().or(target),
                    _ => ind.rak_target = ind.rak_target.take().or(target),
                }
                for a in &i.actions {
                    let executor_unit = a
                        .executor
                        .as_deref()
                        .and_then(|e| {
                            units.iter().find(|u| {
                                let e = normalise_text(e);
                                normalise_text(&u.code) == e
                                    || normalise_text(&u.name) == e
                                    || u.aliases.iter().any(|x| normalise_text(x) == e)
                            })
                        })
                        .map(|u| u.code.clone());
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
                        target: a
                            .target
                            .as_deref()
                            .map(|t| Value::parse(t).unwrap_or_else(|_| Value::text(t))),
                        note: Some(format!("imported from line {}", a.line)),
                    });
                }
            }
        }
    }
    for s in &skipped {
        eprintln!("kinerja: {s}");
    }
    if plans.is_empty() {
        bail!("nothing to write: no PK or RAK table was recognised");
    }
    let dataset = Dataset {
        plans,
        ..Dataset::default()
    };
    let summary = store
        .apply_dataset(actor, &dataset, &format!("kinerja import {}", args.file.display()))
        .await?;
    Ok(summary)
}
