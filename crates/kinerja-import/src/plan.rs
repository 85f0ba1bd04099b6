//! What an import writes: each PK and RAK table as the plan of the unit its title names, in the
//! store's drafts (named by codes), for [`kinerja_store::Store::merge_plans`] to merge into what
//! the office has, in one transaction.

use kinerja_domain::i18n::Text;
use kinerja_domain::indicator::guess_settings;
use kinerja_domain::model::{BudgetLevel, Office, Person, Schedule, Unit, Year, YearPlan, normalise_text};
use kinerja_domain::period::PeriodKind as DomainPeriodKind;
use kinerja_domain::value::Value;
use kinerja_store::{ActionDraft, BudgetLineDraft, IndicatorDraft, ObjectiveDraft, SignatureDraft, UnitPlanDraft};

use crate::model::{DocKind, Document, Imported, PeriodKind};

/// Where and how to write.
pub struct Request<'a> {
    pub office: &'a Office,
    /// The office's units.
    pub units: &'a [Unit],
    /// The office's stored plans of the years the tables name: their people sign, and the
    /// IKU's formulas go to their indicators.
    pub plans: &'a [YearPlan],
    /// The unit of every table, overriding their titles.
    pub unit: Option<&'a str>,
    /// The year of every table, overriding their titles.
    pub year: Option<Year>,
    /// The file's name, kept as each plan's source.
    pub source: &'a str,
    /// Polarities the planner chose in the preview instead of the guess from the wording, by
    /// the indicator's text as `normalise_text` reads it. They apply to the indicators the
    /// import adds (a stored indicator keeps its settings).
    pub polarities: &'a [(String, kinerja_domain::indicator::Polarity)],
}

/// The plans to write, and the tables that are not written (with why).
#[derive(Debug)]
pub struct Drafts {
    pub plans: Vec<UnitPlanDraft>,
    pub skipped: Vec<Text>,
}

/// A unit's or office's name with the usual spellings made one (see [`match_unit`]).
fn canon(s: &str) -> String {
    let s = normalise_text(s).to_uppercase();
    let s = s
        .replace("KOMISI PEMILIHAN UMUM", "KPU")
        .replace("SUB BAGIAN", "SUBBAGIAN")
        .replace("SUBBAG ", "SUBBAGIAN ")
        .replace("SEKRETARIS ", "SEKRETARIAT ")
        .replace("SUMBER DAYA MANUSIA", "SDM")
        .replace("KABUPATEN", "KAB");
    // `dan` and `&` (which normalising drops) join the same words: "Hukum dan SDM" is
    // "Hukum & SDM".
    s.split_whitespace()
        .filter(|w| *w != "DAN")
        .map(|w| w.trim_end_matches('.'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Warnings for tables that look like another office's or another year's: the title names an
/// office that is none of `office_names` (the office's name and full name, or the code the user
/// gave, `kpu-kota-metro`), or a year other than `year`, the one the tables are written to.
pub fn foreign(imported: &Imported, office_names: &[&str], year: Option<Year>) -> Vec<crate::model::Warning> {
    let ours: Vec<String> = office_names
        .iter()
        .map(|n| canon(&n.replace('-', " ")))
        .filter(|n| !n.is_empty())
        .collect();
    let mut out = vec![];
    for d in &imported.documents {
        let warn = |message: Text| crate::model::Warning {
            line: d.line,
            sheet: d.sheet.clone(),
            page: None,
            message,
        };
        if let Some(named) = d.office.as_deref().filter(|_| !ours.is_empty()) {
            let named_c = canon(named);
            let same = ours
                .iter()
                .any(|o| *o == named_c || o.ends_with(&format!(" {named_c}")) || named_c.ends_with(&format!(" {o}")));
            let office = office_names.first().copied().unwrap_or_default();
            if !same && !named_c.is_empty() && misread_of(&named_c, &ours) {
                // OCR's `KPU KOTA MEL KO` of KPU Kota Metro: still said, as what it likely is.
                out.push(warn(Text::new(
                    format!(
                        "judul tabel menyebut “{named}”, mirip {office} yang salah terbaca (hasil pindai?): pastikan ini dokumen kantor ini sebelum menerapkannya"
                    ),
                    format!(
                        "the table's title names “{named}”, like {office} misread (a scan?): make sure this is this office's document before applying it"
                    ),
                )));
            } else if !same && !named_c.is_empty() {
                out.push(warn(Text::new(
                    format!(
                        "judul tabel menyebut {named}, bukan {office}: pastikan ini dokumen kantor ini sebelum menerapkannya"
                    ),
                    format!(
                        "the table's title names {named}, not {office}: make sure this is this office's document before applying it"
                    ),
                )));
            }
        }
        if let (Some(titled), Some(target)) = (d.year, year)
            && titled != target
        {
            out.push(warn(Text::new(
                format!("judul tabel menyebut tahun {titled}, tetapi tabel ditulis ke tahun {target}"),
                format!("the table's title says {titled}, but it is written to the year {target}"),
            )));
        }
    }
    out
}

/// Whether an office name read from a title is one of `ours` with a letter or two misread, its
/// spaces aside (`KPU KOTA MEL KO` of `KPU KOTA METRO`): two edits at most, where our office's
/// own name (without `KPU`, `KOTA`, `KAB`, `PROVINSI`) has five letters or more. Offices whose
/// short names differ by so little (`BURU`, `BUOL`) are told apart as other offices; both are
/// warned of, only in other words.
fn misread_of(named: &str, ours: &[String]) -> bool {
    let letters = |s: &str| -> Vec<char> { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let place = |s: &str| -> usize {
        s.split_whitespace()
            .skip_while(|w| ["KPU", "KOTA", "KAB", "PROVINSI"].contains(w))
            .map(|w| w.chars().count())
            .sum()
    };
    let named_letters = letters(named);
    ours.iter()
        .any(|o| place(o) >= 5 && crate::layout::edits(&named_letters, &letters(o)) <= 2)
}

/// The unit a table's title names: by its code, name or an alias, after the usual spellings are
/// made one ("SUB BAGIAN" = "SUBBAGIAN", "SEKRETARIS" = the secretariat, "KOMISI PEMILIHAN UMUM"
/// = "KPU", "SUMBER DAYA MANUSIA" = "SDM", "dan" = "&"); a title naming only the office is its
/// top unit; with the office's name taken off the end, or word by word where one word begins the
/// other ("PENYELENGGARA" / "PENYELENGGARAAN").
pub fn match_unit<'a>(units: &'a [Unit], office: &Office, title_unit: &str) -> Option<&'a Unit> {
    let office_name = canon(&office.name);
    let wanted = canon(title_unit);
    if wanted.is_empty() {
        return None;
    }
    // A title naming the office itself (`KOTA METRO` of KPU Kota Metro, or its full name) is the
    // office's own table: its top unit's.
    if (office_name.ends_with(&format!(" {wanted}")) || wanted == canon(&office.full_name))
        && let Some(top) = units.iter().find(|u| u.parent.is_none())
    {
        return Some(top);
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
    // OCR splits a word or joins two (`INF ORMASI`): the letters alone, in order.
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    for c in &candidates {
        let found: Vec<&Unit> = units
            .iter()
            .filter(|u| names(u).iter().any(|n| letters(n) == letters(c)))
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

/// Where a table is, in both languages: `line 12` / `baris 12`, with the sheet in a workbook.
struct At {
    id: String,
    en: String,
}

impl At {
    fn of(d: &Document) -> At {
        match &d.sheet {
            Some(sheet) => At {
                id: format!("{sheet}, baris {}", d.line),
                en: format!("{sheet}, line {}", d.line),
            },
            None => At {
                id: format!("baris {}", d.line),
                en: format!("line {}", d.line),
            },
        }
    }
}

/// Every text the plan would hold, against its field's length (the reader already made its
/// characters fit): a refusal names the table, the line and the field.
fn check_texts(imported: &Imported) -> Result<(), Text> {
    use kinerja_domain::input::{Field, check};
    let value_field = |raw: &str| {
        if Value::parse(raw).is_ok() {
            Field::Value
        } else {
            Field::TextValue
        }
    };
    for d in &imported.documents {
        let at = At::of(d);
        let mut texts: Vec<(usize, Field, &str)> = vec![];
        for b in &d.budget {
            texts.push((b.line, Field::BudgetLine, &b.name));
        }
        for o in &d.objectives {
            texts.push((o.line, Field::Objective, &o.text));
            for i in &o.indicators {
                texts.push((i.line, Field::Indicator, &i.text));
                for (field, t) in [(Field::Computation, &i.formula), (Field::DataSource, &i.data_source)] {
                    if let Some(t) = t {
                        texts.push((i.line, field, t));
                    }
                }
                for t in [&i.target, &i.activity_target].into_iter().flatten() {
                    texts.push((i.line, value_field(t), t));
                }
                for a in &i.actions {
                    texts.push((a.line, Field::Action, &a.text));
                    if let Some(e) = &a.executor {
                        texts.push((a.line, Field::Executor, e));
                    }
                    if let Some(t) = &a.target {
                        texts.push((a.line, value_field(t), t));
                    }
                }
            }
        }
        for (line, field, text) in texts {
            if let Err(e) = check(field, text) {
                let e = e.text();
                return Err(Text::new(
                    format!("{}: baris {line}: {}", at.id, e.id),
                    format!("{}: line {line}: {}", at.en, e.en),
                ));
            }
        }
    }
    Ok(())
}

/// The plan of `unit` and `year` among `plans`, added empty when it is not there yet.
fn plan_mut<'p>(plans: &'p mut Vec<UnitPlanDraft>, office: &Office, unit: &Unit, year: Year) -> &'p mut UnitPlanDraft {
    let i = match plans.iter().position(|p| p.unit == unit.code && p.year == year) {
        Some(i) => i,
        None => {
            plans.push(UnitPlanDraft {
                office: office.code.to_string(),
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
            plans.len() - 1
        }
    };
    &mut plans[i]
}

/// The objective of `plan` whose text reads as `text`, added when it is not there.
fn objective_mut<'p>(plan: &'p mut UnitPlanDraft, text: &str) -> &'p mut ObjectiveDraft {
    let i = match plan
        .objectives
        .iter()
        .position(|x| normalise_text(&x.text) == normalise_text(text))
    {
        Some(i) => i,
        None => {
            plan.objectives.push(ObjectiveDraft {
                text: text.to_string(),
                indicators: vec![],
            });
            plan.objectives.len() - 1
        }
    };
    &mut plan.objectives[i]
}

/// The indicator of `objective` whose text reads as `text`, added (with no target) when it is
/// not there.
fn indicator_mut<'p>(objective: &'p mut ObjectiveDraft, text: &str, target: Option<&Value>) -> &'p mut IndicatorDraft {
    let i = match objective
        .indicators
        .iter()
        .position(|x| normalise_text(&x.text) == normalise_text(text))
    {
        Some(i) => i,
        None => {
            objective.indicators.push(IndicatorDraft {
                text: text.to_string(),
                settings: guess_settings(text, target),
                ..IndicatorDraft::default()
            });
            objective.indicators.len() - 1
        }
    };
    &mut objective.indicators[i]
}

/// The signature of a table from its signature blocks, naming the office's people by code. A
/// signatory who is not one of `people` is named in `skipped`; with nobody found there is no
/// signature.
fn signature_of(d: &Document, people: &[Person], at: &At, skipped: &mut Vec<Text>) -> Option<SignatureDraft> {
    let (mut first, mut second, mut place_date) = (None, None, None);
    for s in &d.signatories {
        let code = people
            .iter()
            .find(|p| normalise_text(&p.name) == normalise_text(&s.name))
            .map(|p| p.code.clone());
        if code.is_none() {
            let role = s.role.replace('_', " ");
            skipped.push(Text::new(
                format!(
                    "{}: penanda tangan {} ({role}) bukan orang yang terdaftar di kantor ini, jadi tanda tangan tabel tidak ditulis atas namanya",
                    at.id, s.name
                ),
                format!(
                    "{}: the signatory {} ({role}) is not one of the office's people, so the table's signature is not written with them",
                    at.en, s.name
                ),
            ));
        }
        match s.role.as_str() {
            "pihak_kedua" => second = second.or(code),
            _ => first = first.or(code),
        }
        place_date = place_date.or(s.place_date.clone());
    }
    if first.is_none() && second.is_none() {
        return None;
    }
    let (place, date) = place_date
        .as_deref()
        .and_then(crate::text::place_and_date)
        .map(|(place, date)| (Some(place), date))
        .unwrap_or_default();
    Some(SignatureDraft {
        place,
        date,
        first,
        second,
    })
}

/// The plans of the PK, RAK and RKT tables, with the IKU's formulas and data sources on the
/// indicators they name. Errors name the table's line: a year or unit that cannot be told.
///
/// - PK and RAK tables are the plan of the unit their title names (or `request.unit`).
/// - An RKT is the office's annual plan: its targets are those of the PK of the unit its title
///   names, or else of the office's top unit.
/// - An IKU table adds how each indicator is computed and its data source to the indicators of
///   that text, in this file's tables or in the stored plan; it adds no indicator.
/// - LKj achievement tables hold realisations, which an import does not write (`skipped`).
pub fn drafts(imported: &Imported, request: &Request<'_>) -> Result<Drafts, Text> {
    check_texts(imported)?;
    let units = request.units;
    let office = request.office;
    let people: &[Person] = request.plans.first().map(|p| &p.people[..]).unwrap_or_default();
    let mut plans: Vec<UnitPlanDraft> = vec![];
    let mut skipped = vec![];
    let mut ikus = vec![];
    for d in &imported.documents {
        let at = At::of(d);
        match d.kind {
            DocKind::Lkj => {
                skipped.push(Text::new(
                    format!(
                        "{}: tabel capaian LKj berisi realisasi, yang tidak ditulis oleh impor (realisasi diisi beserta bukti dukung di halaman monitoring)",
                        at.id
                    ),
                    format!(
                        "{}: an LKj achievement table holds realisations, which an import does not write (they are entered, with evidence, on the monitoring page)",
                        at.en
                    ),
                ));
                continue;
            }
            DocKind::Iku => {
                ikus.push((d, at));
                continue;
            }
            DocKind::Pk | DocKind::Rak | DocKind::Rkt => {}
        }
        let (unit, year) = unit_and_year(d, &at, request)?;
        let signature = signature_of(d, people, &at, &mut skipped);
        let plan = plan_mut(&mut plans, office, unit, year);
        let source = format!("{} (import of {}, {})", d.title, request.source, at.en);
        set_header(plan, d, signature, source);
        add_objectives(plan, d, units);
    }
    let years: Vec<Year> = plans.iter().map(|p| p.year).collect();
    for (d, at) in ikus {
        add_iku(&mut plans, d, &at, request, &years, &mut skipped)?;
    }
    for ind in plans
        .iter_mut()
        .flat_map(|p| &mut p.objectives)
        .flat_map(|o| &mut o.indicators)
    {
        let key = normalise_text(&ind.text);
        if let Some((_, p)) = request.polarities.iter().find(|(k, _)| *k == key) {
            ind.settings.polarity = *p;
        }
    }
    if plans.is_empty() {
        return Err(Text::new(
            "tidak ada yang ditulis: tidak ada tabel PK, RAK, RKT atau IKU yang dapat ditulis",
            "nothing to write: no PK, RAK, RKT or IKU table could be written",
        ));
    }
    Ok(Drafts { plans, skipped })
}

/// The unit a PK, RAK or RKT table is the plan of (the one its title or `request.unit` names;
/// an RKT naming none is the top unit's), and its year.
fn unit_and_year<'u>(d: &Document, at: &At, request: &Request<'u>) -> Result<(&'u Unit, Year), Text> {
    let Some(year) = request.year.or(d.year) else {
        return Err(Text::new(
            format!("{}: tabel {:?} tidak menyebut tahun: isi tahunnya", at.id, d.title),
            format!("{}: the table {:?} names no year: give the year", at.en, d.title),
        ));
    };
    let named = request
        .unit
        .map(String::from)
        .or_else(|| d.unit.clone())
        .unwrap_or_default();
    // An RKT whose title names no unit is the office's: its top unit's.
    let top = (d.kind == DocKind::Rkt && request.unit.is_none())
        .then(|| request.units.iter().find(|u| u.parent.is_none()))
        .flatten();
    match match_unit(request.units, request.office, &named).or(top) {
        Some(u) => Ok((u, year)),
        None => {
            let list = request
                .units
                .iter()
                .map(|u| format!("{} ({})", u.name, u.code))
                .collect::<Vec<_>>()
                .join(", ");
            Err(Text::new(
                format!(
                    "{}: tidak ada unit {} bernama {:?} (unit: {list}); pilih unitnya",
                    at.id, request.office.name, named
                ),
                format!(
                    "{}: no unit of {} is {:?} (units: {list}); name the unit",
                    at.en, request.office.name, named
                ),
            ))
        }
    }
}

/// A table's PK or RAK facts on its unit's plan: flags, source, signature, period kind, the
/// PK's budget lines and stated total.
fn set_header(plan: &mut UnitPlanDraft, d: &Document, signature: Option<SignatureDraft>, source: String) {
    if d.kind == DocKind::Rak {
        plan.has_rak = true;
        plan.rak_source = Some(source);
        plan.rak_signed = plan.rak_signed.take().or(signature);
        plan.rak_period_kind = match d.period_kind {
            Some(PeriodKind::Quarter) => DomainPeriodKind::Quarter,
            _ => DomainPeriodKind::Month,
        };
    } else {
        plan.has_pk = true;
        plan.pk_source = plan.pk_source.take().or(Some(source));
        plan.pk_signed = plan.pk_signed.take().or(signature);
        for b in &d.budget {
            let Some(ceiling) = Value::parse_money(&b.amount).ok().and_then(|v| v.number()) else {
                continue;
            };
            if !plan
                .budget
                .iter()
                .any(|x| normalise_text(&x.name) == normalise_text(&b.name))
            {
                plan.budget.push(BudgetLineDraft {
                    name: b.name.clone(),
                    level: if b.level == "program" {
                        BudgetLevel::Program
                    } else {
                        BudgetLevel::Activity
                    },
                    ceiling,
                    realised: None,
                });
            }
        }
        if plan.stated_budget_total.is_none() {
            plan.stated_budget_total = d
                .stated_budget_total
                .as_deref()
                .and_then(|t| Value::parse_money(t).ok())
                .and_then(|v| v.number());
        }
    }
}

/// A table's objectives, indicators and actions, merged into its unit's plan by text.
fn add_objectives(plan: &mut UnitPlanDraft, d: &Document, units: &[Unit]) {
    let kind = plan.rak_period_kind;
    for o in &d.objectives {
        let objective = objective_mut(plan, &o.text);
        for i in &o.indicators {
            let target = i.target.as_deref().map(value);
            let ind = indicator_mut(objective, &i.text, target.as_ref());
            if ind.activity_target.is_none() {
                ind.activity_target = i.activity_target.as_deref().map(value);
            }
            if ind.computation.is_none() {
                ind.computation = i.formula.clone();
            }
            if ind.data_source.is_none() {
                ind.data_source = i.data_source.clone();
            }
            if d.kind == DocKind::Rak {
                ind.rak_target = ind.rak_target.take().or(target);
            } else {
                ind.pk_target = ind.pk_target.take().or(target);
            }
            for a in &i.actions {
                add_action(ind, a, kind, units);
            }
        }
    }
}

/// An action under its indicator: the same action named by an RKT (no months) and scheduled by
/// a RAK is one.
fn add_action(ind: &mut IndicatorDraft, a: &crate::model::Action, kind: DomainPeriodKind, units: &[Unit]) {
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
    // The same action named by an RKT (no months) and scheduled by a RAK is one.
    if let Some(same) = ind.actions.iter_mut().find(|x| {
        normalise_text(&x.text) == normalise_text(&a.text)
            && (x.schedule.periods.is_empty() || a.periods.is_empty() || x.schedule.periods == a.periods)
    }) {
        if same.schedule.periods.is_empty() {
            same.schedule = Schedule {
                kind,
                periods: a.periods.clone(),
            };
        }
        if same.executor.is_none() {
            same.executor = a.executor.clone();
            same.executor_unit = executor_unit;
        }
        return;
    }
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

/// An IKU table's formulas and data sources, given to the indicators of the same text in this
/// file's plans or in the stored plan of its year.
fn add_iku(
    plans: &mut Vec<UnitPlanDraft>,
    d: &Document,
    at: &At,
    request: &Request<'_>,
    years: &[Year],
    skipped: &mut Vec<Text>,
) -> Result<(), Text> {
    let year = match (request.year.or(d.year), years.first()) {
        (Some(y), _) => y,
        (None, Some(y)) if years.iter().all(|x| x == y) => *y,
        _ => {
            return Err(Text::new(
                format!("{}: tabel IKU {:?} tidak menyebut tahun: isi tahunnya", at.id, d.title),
                format!("{}: the IKU table {:?} names no year: give the year", at.en, d.title),
            ));
        }
    };
    for i in d.objectives.iter().flat_map(|o| &o.indicators) {
        if i.formula.is_none() && i.data_source.is_none() {
            continue;
        }
        let wanted = normalise_text(&i.text);
        let fill = |ind: &mut IndicatorDraft| {
            if ind.computation.is_none() {
                ind.computation = i.formula.clone();
            }
            if ind.data_source.is_none() {
                ind.data_source = i.data_source.clone();
            }
        };
        let mut found = false;
        for ind in plans
            .iter_mut()
            .filter(|p| p.year == year)
            .flat_map(|p| &mut p.objectives)
            .flat_map(|o| &mut o.indicators)
            .filter(|ind| normalise_text(&ind.text) == wanted)
        {
            fill(ind);
            found = true;
        }
        if let Some(stored) = request.plans.iter().find(|p| p.year == year) {
            for ind in stored.indicators.iter().filter(|x| normalise_text(&x.text) == wanted) {
                let objective = stored.objectives.iter().find(|o| o.id == ind.objective);
                let Some((objective, unit)) = objective.and_then(|o| Some((o, stored.unit(o.unit)?))) else {
                    continue;
                };
                let plan = plan_mut(plans, request.office, unit, year);
                fill(indicator_mut(objective_mut(plan, &objective.text), &ind.text, None));
                found = true;
            }
        }
        if !found {
            skipped.push(Text::new(
            format!(
                "{}: IKU menyebut {:?} (baris {}), yang tidak ada di rencana {year} mana pun: cara perhitungan dan sumber datanya tidak ditulis",
                at.id, i.text, i.line
            ),
            format!(
                "{}: the IKU names {:?} (line {}), which is in no plan of {year}: its formula and data source are not written",
                at.en, i.text, i.line
            ),
        ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::model::{OfficeLevel, UnitKind};

    fn office() -> Office {
        Office {
            id: kinerja_domain::model::OfficeId(1),
            code: "kpu-kota-contoh".parse().unwrap(),
            name: "KPU Kota Contoh".into(),
            full_name: "Komisi Pemilihan Umum Kota Contoh".into(),
            level: OfficeLevel::Regency,
            parent: None,
            address: None,
            city: None,
            scale: None,
            lower_formula: Default::default(),
            time_zone: Default::default(),
            version: 1,
        }
    }

    fn units() -> Vec<Unit> {
        let unit = |id: i64, code: &str, name: &str, parent: Option<i64>, aliases: &[&str]| Unit {
            id: kinerja_domain::model::UnitId(id),
            office: kinerja_domain::model::OfficeId(1),
            code: code.into(),
            name: name.into(),
            kind: UnitKind::Subsection,
            parent: parent.map(kinerja_domain::model::UnitId),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            version: 1,
        };
        vec![
            unit(1, "komisi", "KPU Kota Contoh", None, &[]),
            unit(2, "sekretariat", "Sekretariat KPU Kota Contoh", Some(1), &[]),
            unit(
                3,
                "subbag-teknis",
                "Subbagian Teknis Penyelenggaraan dan Hubungan Masyarakat",
                Some(2),
                &[],
            ),
            unit(
                4,
                "subbag-hukum",
                "Subbagian Hukum dan Sumber Daya Manusia",
                Some(2),
                &["Subbag Hukum"],
            ),
            unit(
                5,
                "subbag-keuangan",
                "Subbagian Keuangan, Umum dan Logistik",
                Some(2),
                &[],
            ),
        ]
    }

    fn found(title: &str) -> Option<String> {
        let units = units();
        match_unit(&units, &office(), title).map(|u| u.code.clone())
    }

    #[test]
    fn another_offices_or_years_table_is_named() {
        let doc = |office: Option<&str>, year: i64| crate::model::Document {
            kind: DocKind::Rak,
            title: String::new(),
            office: office.map(String::from),
            unit: None,
            year: Some(Year::new(year).unwrap()),
            period_kind: None,
            objectives: vec![],
            signatories: vec![],
            budget: vec![],
            stated_budget_total: None,
            line: 7,
            sheet: None,
            columns_inferred: None,
        };
        let imported = Imported {
            documents: vec![
                doc(Some("KOMISI PEMILIHAN UMUM KOTA METRO"), 2025),
                doc(Some("KPU KABUPATEN LAMPUNG SELATAN"), 2024),
                doc(None, 2025),
            ],
            ..Default::default()
        };
        let names = ["KPU Kota Metro", "Komisi Pemilihan Umum Kota Metro"];
        let found = foreign(&imported, &names, Some(Year::of(2025)));
        let en: Vec<&str> = found.iter().map(|w| w.message.en.as_str()).collect();
        assert_eq!(
            en,
            [
                "the table's title names KPU KABUPATEN LAMPUNG SELATAN, not KPU Kota Metro: make sure this is this office's document before applying it",
                "the table's title says 2024, but it is written to the year 2025",
            ]
        );
        assert!(found.iter().all(|w| w.line == 7));
        // The code the user typed names the office as well.
        assert!(foreign(&imported, &["kpu-kota-metro"], None).len() == 1);
        assert!(
            foreign(&imported, &[], None).is_empty(),
            "no office given: nothing to compare"
        );
        // OCR's misreading of the office's own name is said as that; an office a letter or two
        // apart in a short name (Buru, Buol) is another office.
        let read = |named: &str| Imported {
            documents: vec![doc(Some(named), 2025)],
            ..Default::default()
        };
        let said = |named: &str, ours: &[&str]| -> Vec<String> {
            foreign(&read(named), ours, Some(Year::of(2025)))
                .into_iter()
                .map(|w| w.message.en)
                .collect()
        };
        assert_eq!(
            said("KPU KOTA MEL KO", &names),
            [
                "the table's title names “KPU KOTA MEL KO”, like KPU Kota Metro misread (a scan?): make sure this is this office's document before applying it"
            ]
        );
        assert_eq!(
            said("KPU KABUPATEN BUOL", &["KPU Kabupaten Buru"]),
            [
                "the table's title names KPU KABUPATEN BUOL, not KPU Kabupaten Buru: make sure this is this office's document before applying it"
            ],
            "BUOL and BURU differ in a short name"
        );
        assert_eq!(said("KPU KOTA METRO", &names), Vec::<String>::new());
    }

    #[test]
    fn a_title_ocr_split_or_joined_still_finds_its_unit() {
        assert_eq!(
            found("SUBBAGIAN KEUANGAN, UMUM DAN LOG ISTIK").as_deref(),
            Some("subbag-keuangan")
        );
        assert_eq!(
            found("SUBBAGIANKEUANGAN UMUM DAN LOGISTIK").as_deref(),
            Some("subbag-keuangan")
        );
        assert_eq!(
            found("SUBBAGIAN KEUANGAN UMUM DAN LOG"),
            None,
            "a word missing is no match"
        );
    }

    #[test]
    fn titles_find_their_unit_in_the_spellings_offices_use() {
        for (title, code) in [
            ("KOMISI PEMILIHAN UMUM KOTA CONTOH", "komisi"),
            ("KOTA CONTOH", "komisi"),
            ("SEKRETARIS KPU KOTA CONTOH", "sekretariat"),
            ("SUB BAGIAN HUKUM DAN SUMBER DAYA MANUSIA", "subbag-hukum"),
            ("SUBBAGIAN HUKUM & SDM SEKRETARIS KPU KOTA CONTOH", "subbag-hukum"),
            ("Subbag Hukum", "subbag-hukum"),
            ("subbag-keuangan", "subbag-keuangan"),
            // One word begins the other: "PENYELENGGARA" is "Penyelenggaraan".
            (
                "SUB BAGIAN TEKNIS PENYELENGGARA DAN HUBUNGAN MASYARAKAT",
                "subbag-teknis",
            ),
        ] {
            assert_eq!(found(title).as_deref(), Some(code), "{title}");
        }
    }

    #[test]
    fn titles_that_name_no_unit_or_several_find_none() {
        for title in [
            "",
            "   ",
            // One word: it begins the names of several units, so it names none of them.
            "SUBBAGIAN",
            "HUKUM",
            // A prefix shared by two units.
            "SUB BAGIAN",
            // Another office's name.
            "KOMISI PEMILIHAN UMUM KOTA LAIN",
            "SEKRETARIAT KPU KABUPATEN CONTOH",
            "SUB BAGIAN HUKUM DAN SDM KPU KOTA LAIN",
            // Short words do not begin longer ones ("TEK" is not "TEKNIS").
            "SUB BAGIAN TEK PENYELENGGARAAN DAN HUBUNGAN MASYARAKAT",
        ] {
            assert_eq!(found(title), None, "{title:?}");
        }
    }
}
