//! `kinerja import`: reads a document an office already has and shows what was recognised.

use kinerja_domain::model::Year;
use std::path::Path;

use anyhow::{Context, Result};
use kinerja_domain::value::Value;
use kinerja_import::{Document, Imported, PeriodKind};
use serde_json::{Value as Json, json};

use crate::report::value_json;

/// What the command was asked.
pub struct Args<'a> {
    pub file: &'a Path,
    pub office: Option<&'a str>,
    /// The office's names as its documents print them (name, full name), when the database
    /// knows `office`: a title naming the office by either is no other office's.
    pub office_names: &'a [String],
    pub unit: Option<&'a str>,
    pub year: Option<Year>,
    pub json: bool,
    /// The language of warnings and messages.
    pub lang: kinerja_domain::i18n::Lang,
}

/// Reads the file as [`kinerja_import::read_file`] does; a scan's OCR with a progress bar.
pub fn read(args: &Args<'_>) -> Result<Imported> {
    use std::io::Read;
    let file = std::fs::File::open(args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    // One byte past the limit is enough for read_file to refuse it, naming the limit.
    let mut bytes = Vec::new();
    file.take(kinerja_import::limits::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    // A scan is read by OCR a page at a time: a bar on stderr says how far it is.
    let mut bar: Option<crate::progress::Progress> = None;
    let mut progress = |done: usize, total: usize| {
        let bar = bar.get_or_insert_with(|| crate::progress::Progress::new(total));
        bar.show(
            done,
            if args.lang == kinerja_domain::i18n::Lang::En {
                "OCR"
            } else {
                "OCR halaman"
            },
        );
    };
    let read = kinerja_import::read_file_with(
        &args.file.display().to_string(),
        &bytes,
        &kinerja_import::scan::Tesseract::default(),
        &mut progress,
    );
    if let Some(bar) = bar {
        bar.end();
    }
    let mut imported = read.map_err(|e| anyhow::anyhow!(e.get(args.lang).to_string()))?;
    // Before --office and --year stand in for what the titles say: a title naming another
    // office or year is warned of.
    let names: Vec<&str> = args
        .office
        .into_iter()
        .chain(args.office_names.iter().map(String::as_str))
        .collect();
    let foreign = kinerja_import::plan::foreign(&imported, &names, args.year);
    imported.warnings.extend(foreign);
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

fn value(raw: &Option<String>) -> Json {
    match raw {
        Some(r) => value_json(&Value::parse(r).unwrap_or_else(|_| Value::text(r))),
        None => Json::Null,
    }
}

/// Rupiah as written (`8.170.412.000`, `Rp. 828.483.000`) as a JSON number.
fn money(raw: Option<&str>) -> Option<f64> {
    raw.and_then(|b| Value::parse_money(b).ok())
        .and_then(|v| v.number())
        .and_then(|n| n.normalize().to_string().parse::<f64>().ok())
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
        "columns_inferred": d.columns_inferred,
        "budget": d.budget.iter().map(|b| json!({
            "name": b.name,
            "level": b.level,
            "amount": money(Some(&b.amount)),
            "line": b.line,
        })).collect::<Vec<_>>(),
        "stated_budget_total": money(d.stated_budget_total.as_deref()),
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
                    "budget": money(a.budget.as_deref()),
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
pub fn to_json(imported: &Imported, lang: kinerja_domain::i18n::Lang) -> Json {
    json!({
        "documents": imported.documents.iter().map(document_json).collect::<Vec<_>>(),
        "warnings": imported.warnings.iter().map(|w| json!({ "line": w.line, "sheet": w.sheet, "page": w.page, "message": w.message.get(lang) })).collect::<Vec<_>>(),
    })
}

/// A summary for a person: each table with its counts, then every warning with its line.
pub fn summary(file: &Path, imported: &Imported, lang: kinerja_domain::i18n::Lang) -> String {
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
            match (&w.sheet, w.page) {
                (Some(sheet), _) => out.push_str(&format!("  {sheet}, baris {}: {}\n", w.line, w.message.get(lang))),
                // Line 0: the whole file (a scan read by OCR).
                (None, _) if w.line == 0 => out.push_str(&format!("  {}\n", w.message.get(lang))),
                (None, Some(page)) => out.push_str(&format!(
                    "  halaman {page}, baris {}: {}\n",
                    w.line,
                    w.message.get(lang)
                )),
                (None, None) => out.push_str(&format!("  baris {}: {}\n", w.line, w.message.get(lang))),
            }
        }
    }
    out
}

// ---- Applying --------------------------------------------------------------------------

use kinerja_store::{Actor, MergeMode, MergeSummary, Store};

/// Merges what was recognised into `office`'s plan, in one transaction (all or nothing): what
/// is there already is kept, what is missing is added.
pub async fn apply(
    store: &dyn Store,
    actor: &Actor,
    office: &kinerja_domain::model::Office,
    imported: &Imported,
    args: &Args<'_>,
) -> Result<MergeSummary> {
    let units = store.units(office.id).await?;
    let mut plans: Vec<kinerja_domain::model::YearPlan> = vec![];
    for y in imported.documents.iter().filter_map(|d| args.year.or(d.year)) {
        if !plans.iter().any(|p| p.year == y) {
            plans.push(store.year_plan(office.id, y).await?);
        }
    }
    let source = args.file.display().to_string();
    let request = kinerja_import::plan::Request {
        office,
        units: &units,
        plans: &plans,
        unit: args.unit,
        year: args.year,
        source: &source,
        polarities: &[],
    };
    let drafts =
        kinerja_import::plan::drafts(imported, &request).map_err(|e| anyhow::anyhow!(e.get(args.lang).to_string()))?;
    for s in &drafts.skipped {
        eprintln!("kinerja: {}", s.get(args.lang));
    }
    Ok(store
        .merge_plans(
            actor,
            office.id,
            &drafts.plans,
            &format!("kinerja import {source}"),
            MergeMode::Apply,
        )
        .await?)
}
