//! `kinerja lke`: the yearly SAKIP evaluation (LKE) on the command line — the year's worksheet,
//! answers from a CSV file, and the scores. The JSON shapes are documented in the README and
//! kept stable.

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Subcommand;
use kinerja_domain::evaluation::{self, Answer, AnswerKind, Template};
use kinerja_domain::i18n::{Lang, Text};
use kinerja_domain::model::Year;
use kinerja_store::evaluations::{NewAnswer, Stage};
use kinerja_store::{Actor, Store};
use rust_decimal::prelude::ToPrimitive;
use serde_json::json;

/// A decimal as a JSON number, two decimals at most, half up.
fn number(d: kinerja_domain::Decimal) -> serde_json::Value {
    json!(kinerja_domain::format::round_half_up(d, 2).normalize().to_f64())
}

use crate::office;

/// The largest answers file read (80 criteria with long notes fit many times over).
const MAX_ANSWERS_FILE: u64 = 4 * 1024 * 1024;

#[derive(Subcommand)]
pub(crate) enum LkeCommand {
    /// The year's worksheet: components, sub-components, criteria (the one Kinerja ships,
    /// PermenPANRB 88/2021, until the year has its own).
    Template {
        #[arg(long)]
        year: Year,
        /// As JSON (documented in the README).
        #[arg(long)]
        json: bool,
        /// Stores this worksheet (the JSON `lke template --json` prints, with `kind`s as the
        /// shipped data file writes them) as the year's, before its window opens.
        #[arg(long, conflicts_with = "json")]
        save: Option<std::path::PathBuf>,
        /// Why (kept in the audit log).
        #[arg(long, default_value = "lembar kerja disesuaikan lewat baris perintah")]
        reason: String,
    },
    /// Sets when a year's self-assessment is open to the offices of a level (dates included).
    Window {
        #[arg(long)]
        year: Year,
        /// national, province or regency.
        #[arg(long)]
        level: kinerja_domain::model::OfficeLevel,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        opens: kinerja_domain::date::Date,
        /// Last day (YYYY-MM-DD).
        #[arg(long)]
        closes: kinerja_domain::date::Date,
        #[arg(long, default_value = "jadwal evaluasi lewat baris perintah")]
        reason: String,
    },
    /// Reopens an office's self-assessment after its window closed, up to a day.
    Reopen {
        #[arg(long)]
        office: String,
        #[arg(long)]
        year: Year,
        /// Last day the office may answer (YYYY-MM-DD).
        #[arg(long)]
        until: kinerja_domain::date::Date,
        /// Why (required; kept in the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Writes an office's answers from a CSV file of `code,value,note` (value Y/T or A…E, also
    /// Ya/Tidak): all or nothing; a row that cannot be taken is named, exit 2.
    Answer {
        #[arg(long)]
        office: String,
        #[arg(long)]
        year: Year,
        /// self (the office's self-assessment) or final (the evaluators').
        #[arg(long, value_parser = parse_stage)]
        stage: Stage,
        #[arg(long)]
        file: std::path::PathBuf,
        /// Why (kept in the audit log of every answer that changes).
        #[arg(long)]
        reason: Option<String>,
    },
    /// A step of the evaluators' review of an office's year: propose (the final values to the
    /// office), respond (the office's words), approve (the team leader), return (with a reason).
    Review {
        #[arg(long)]
        office: String,
        #[arg(long)]
        year: Year,
        /// propose, respond, approve or return.
        #[arg(long)]
        step: String,
        /// The response, or the reason of a return.
        #[arg(long, default_value = "")]
        text: String,
    },
    /// The facts Kinerja computes from an office's year beside the criteria they bear on (shown,
    /// never used as answers).
    Facts {
        #[arg(long)]
        office: String,
        #[arg(long)]
        year: Year,
        #[arg(long)]
        json: bool,
    },
    /// The office confirms its final grade: it becomes the year's realisation of each of its PK
    /// indicators "Nilai evaluasi atas akuntabilitas kinerja" (audited).
    Confirm {
        #[arg(long)]
        office: String,
        #[arg(long)]
        year: Year,
        #[arg(long, default_value = "nilai evaluasi AKIP dikonfirmasi kantor")]
        reason: String,
    },
    /// The grades of an office and every office below it (oversight): the evaluators' final
    /// grade of the year beside last year's and the self-assessment, how many offices have each
    /// grade, and those below the BB target.
    Grades {
        /// The office whose offices below are seen (itself included).
        #[arg(long)]
        under: String,
        #[arg(long)]
        year: Year,
        #[arg(long)]
        json: bool,
    },
    /// An office's scores: per sub-component, component, the total (0–100) and the grade, and
    /// the logic checks between criteria.
    Score {
        #[arg(long)]
        office: String,
        #[arg(long)]
        year: Year,
        /// self or final (default: final when the evaluators have answered, else self).
        #[arg(long, value_parser = parse_stage)]
        stage: Option<Stage>,
        #[arg(long)]
        json: bool,
    },
}

/// A store's refusal in the user's language; other errors as they are.
fn refused<T>(r: kinerja_store::Result<T>, lang: Lang) -> Result<T> {
    match r {
        Err(kinerja_store::StoreError::Rejected(why)) => bail!("{}", why.get(lang)),
        other => Ok(other?),
    }
}

fn parse_stage(s: &str) -> Result<Stage, String> {
    Stage::parse(s).ok_or_else(|| format!("“{s}”: self or final"))
}

/// The year's worksheet: the stored one, or the one Kinerja ships.
async fn template_of(store: &dyn Store, year: Year) -> Result<Template> {
    Ok(match store.lke_template(year).await? {
        Some(t) => t.template,
        None => Template::shipped(),
    })
}

pub(crate) async fn run(store: &dyn Store, actor: &Actor, command: LkeCommand, lang: Lang) -> Result<ExitCode> {
    match command {
        LkeCommand::Template {
            year,
            save: Some(file),
            reason,
            ..
        } => save_template(store, actor, year, &file, &reason, lang).await?,
        LkeCommand::Window {
            year,
            level,
            opens,
            closes,
            reason,
        } => {
            let Some(window) = evaluation::Window::new(opens, closes) else {
                bail!("--closes {closes} is before --opens {opens}");
            };
            refused(store.set_lke_window(actor, year, level, window, &reason).await, lang)?;
            outln!(
                "penilaian mandiri {year} ({}) dibuka {opens} sampai {closes}",
                level.code()
            );
        }
        LkeCommand::Reopen {
            office: key,
            year,
            until,
            reason,
        } => {
            let office = office(store, &key).await?;
            refused(store.reopen_lke(actor, office.id, year, until, &reason).await, lang)?;
            outln!("penilaian mandiri {} {year} dibuka kembali sampai {until}", office.name);
        }
        LkeCommand::Template { year, json, .. } => {
            let t = template_of(store, year).await?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&template_json(year, &t))?);
            } else {
                print_template(year, &t)?;
            }
        }
        LkeCommand::Answer {
            office: key,
            year,
            stage,
            file,
            reason,
        } => {
            let office = office(store, &key).await?;
            let t = template_of(store, year).await?;
            let answers = read_answers(&file, &t).map_err(|e| anyhow::anyhow!("{}", e.get(lang)))?;
            let changed = refused(
                store
                    .save_lke_answers(actor, office.id, year, stage, &answers, reason.as_deref())
                    .await,
                lang,
            )?;
            outln!(
                "{} jawaban dibaca, {changed} berubah ({} {}, {})",
                answers.len(),
                office.name,
                year,
                stage.code()
            );
        }
        LkeCommand::Review {
            office: key,
            year,
            step,
            text,
        } => review_command(store, actor, &key, year, &step, text, lang).await?,
        LkeCommand::Facts {
            office: key,
            year,
            json,
        } => {
            let office = office(store, &key).await?;
            let t = template_of(store, year).await?;
            let scoped = crate::documents::everything(store).await?;
            let (today, facts) = kinerja_documents::lke::facts(&scoped, &office, year).await?;
            print_facts(office.code.as_ref(), year, today, &t, &facts, json, lang)?;
        }
        LkeCommand::Confirm {
            office: key,
            year,
            reason,
        } => {
            let office = office(store, &key).await?;
            confirm(store, actor, &office, year, &reason, lang).await?;
        }
        LkeCommand::Grades { under, year, json } => grades_command(store, &under, year, json).await?,
        LkeCommand::Score {
            office: key,
            year,
            stage,
            json,
        } => score_command(store, &key, year, stage, json, lang).await?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `lke review`: a step of the evaluators' review, as the command line names it.
async fn review_command(
    store: &dyn Store,
    actor: &Actor,
    key: &str,
    year: Year,
    step: &str,
    text: String,
    lang: Lang,
) -> Result<()> {
    use kinerja_domain::evaluation::review::ReviewStep;
    let office = office(store, key).await?;
    let step = match step {
        "propose" => ReviewStep::Propose,
        "respond" => ReviewStep::Respond { text },
        "approve" => ReviewStep::Approve,
        "return" => ReviewStep::Return { reason: text },
        other => bail!("--step {other}: propose, respond, approve or return"),
    };
    let review = refused(store.step_lke_review(actor, office.id, year, &step).await, lang)?;
    outln!("evaluasi {} {year}: {}", office.name, review.state.label().get(lang));
    Ok(())
}

/// `{"year","components":[{"code","name","weight","subcomponents":[{"code","name","weight",
/// "criteria":[{"code","text","answer":"yt"|"ae","depends_on":[…]}]}]}]}`
fn template_json(year: Year, t: &Template) -> serde_json::Value {
    let components: Vec<serde_json::Value> = t
        .components
        .iter()
        .map(|c| {
            let subs: Vec<serde_json::Value> = c
                .subs
                .iter()
                .map(|s| {
                    let criteria: Vec<serde_json::Value> = s
                        .criteria
                        .iter()
                        .map(|k| {
                            json!({
                                "code": k.code,
                                "text": k.text,
                                "answer": match k.kind { AnswerKind::YesNo => "yt", AnswerKind::Graded => "ae" },
                                "depends_on": k.depends_on.iter().collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    json!({"code": s.code, "name": s.name, "weight": number(s.weight), "criteria": criteria})
                })
                .collect();
            json!({"code": c.code, "name": c.name, "weight": number(c.weight), "subcomponents": subs})
        })
        .collect();
    json!({"year": year.get(), "source": t.source, "components": components})
}

fn print_template(year: Year, t: &Template) -> Result<()> {
    outln!("Lembar Kerja Evaluasi AKIP {year}");
    outln!("Sumber: {}", t.source);
    for c in &t.components {
        outln!(
            "\n{}. {} (bobot {})",
            c.code,
            c.name,
            kinerja_domain::format::number(c.weight, 2)
        );
        for s in &c.subs {
            outln!(
                "  {} {} (bobot {})",
                s.code,
                s.name,
                kinerja_domain::format::number(s.weight, 2)
            );
            for k in &s.criteria {
                let kind = match k.kind {
                    AnswerKind::YesNo => "Y/T",
                    AnswerKind::Graded => "A-E",
                };
                outln!("    {:<7} [{kind}] {}", k.code, k.text);
            }
        }
    }
    Ok(())
}

/// The answers of a CSV file of `code,value,note` (a header row naming `code` first is skipped),
/// checked against the worksheet: the first row that cannot be taken is named with its line and
/// column.
fn read_answers(file: &std::path::Path, t: &Template) -> Result<Vec<NewAnswer>, Text> {
    let name = file.display();
    let unreadable = |e: std::io::Error| {
        Text::new(
            format!("{name}: tidak dapat dibaca: {e}"),
            format!("{name}: cannot be read: {e}"),
        )
    };
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > MAX_ANSWERS_FILE {
        return Err(Text::new(
            format!("{name}: {size} bita, lebih besar dari berkas jawaban yang dapat dibaca ({MAX_ANSWERS_FILE} bita)"),
            format!("{name}: {size} bytes, more than an answers file may hold ({MAX_ANSWERS_FILE} bytes)"),
        ));
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Text::new(
            format!("{name}: bukan teks UTF-8 (simpan CSV sebagai UTF-8)"),
            format!("{name}: not UTF-8 text (save the CSV as UTF-8)"),
        )
    })?;
    let rows = kinerja_import::sheet::csv_rows(text.trim_start_matches('\u{feff}'))
        .map_err(|e| Text::new(format!("{name}: {}", e.id), format!("{name}: {}", e.en)))?;
    let mut out = vec![];
    let mut seen = HashSet::new();
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("").trim();
        if cells.iter().all(|c| c.trim().is_empty()) || (out.is_empty() && cell(0).eq_ignore_ascii_case("code")) {
            continue;
        }
        let code = cell(0);
        let Some(criterion) = t.criterion(code) else {
            return Err(Text::new(
                format!("{name}, baris {line}, kolom code: kriteria “{code}” tidak ada dalam lembar kerja"),
                format!("{name}, line {line}, column code: criterion “{code}” is not in the worksheet"),
            ));
        };
        if !seen.insert(code.to_string()) {
            return Err(Text::new(
                format!("{name}, baris {line}, kolom code: kriteria {code} sudah dijawab di baris sebelumnya"),
                format!("{name}, line {line}, column code: criterion {code} is answered on an earlier line"),
            ));
        }
        let allowed = Answer::all(criterion.kind)
            .iter()
            .map(|a| a.code())
            .collect::<Vec<_>>()
            .join("/");
        let Some(answer) = Answer::parse(cell(1)).filter(|a| a.fits(criterion.kind)) else {
            return Err(Text::new(
                format!(
                    "{name}, baris {line}, kolom value: “{}” bukan jawaban kriteria {code} (salah satu dari {allowed})",
                    cell(1)
                ),
                format!(
                    "{name}, line {line}, column value: “{}” is no answer to criterion {code} (one of {allowed})",
                    cell(1)
                ),
            ));
        };
        let note = Some(cell(2).to_string()).filter(|n| !n.is_empty());
        out.push(NewAnswer {
            criterion: code.to_string(),
            answer,
            note,
        });
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn scores_json(
    office: &str,
    year: Year,
    stage: Stage,
    t: &Template,
    s: &evaluation::Scores,
    findings: &[evaluation::LogicFinding],
    lang: Lang,
) -> serde_json::Value {
    let components: Vec<serde_json::Value> = s
        .components
        .iter()
        .zip(&t.components)
        .map(|(cs, c)| {
            let subs: Vec<serde_json::Value> = cs
                .subs
                .iter()
                .zip(&c.subs)
                .map(|(ss, sub)| {
                    json!({"code": ss.code, "weight": number(sub.weight), "score": number(ss.score),
                           "answered": ss.answered, "criteria": ss.criteria})
                })
                .collect();
            json!({"code": cs.code, "weight": number(c.weight), "score": number(cs.score), "subcomponents": subs})
        })
        .collect();
    let findings: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| json!({"criterion": f.criterion, "depends_on": f.depends_on, "message": f.message().get(lang)}))
        .collect();
    json!({
        "office": office,
        "year": year.get(),
        "stage": stage.code(),
        "total": number(s.total),
        "grade": s.grade.code(),
        "answered": s.answered,
        "criteria": s.criteria,
        "components": components,
        "logic_findings": findings,
    })
}

#[allow(clippy::too_many_arguments)]
fn print_scores(
    office: &str,
    year: Year,
    stage: Stage,
    t: &Template,
    s: &evaluation::Scores,
    findings: &[evaluation::LogicFinding],
    lang: Lang,
) -> Result<()> {
    let stage_name = match stage {
        Stage::SelfAssessment => "penilaian mandiri",
        Stage::Final => "nilai akhir evaluator",
    };
    outln!(
        "Evaluasi AKIP {office} {year} ({stage_name}): {} kriteria dari {} dijawab",
        s.answered,
        s.criteria
    );
    for (cs, c) in s.components.iter().zip(&t.components) {
        outln!(
            "{}. {}: {} dari {}",
            c.code,
            c.name,
            kinerja_domain::format::number(cs.score, 2),
            kinerja_domain::format::number(c.weight, 2)
        );
        for (ss, sub) in cs.subs.iter().zip(&c.subs) {
            outln!(
                "   {}: {} dari {} ({}/{} dijawab)",
                sub.code,
                kinerja_domain::format::number(ss.score, 2),
                kinerja_domain::format::number(sub.weight, 2),
                ss.answered,
                ss.criteria
            );
        }
    }
    outln!(
        "Nilai: {} — {} ({})",
        kinerja_domain::format::number(s.total, 2),
        s.grade.code(),
        s.grade.label().get(lang)
    );
    for f in findings {
        outln!("Pemeriksaan logika: {}", f.message().get(lang));
    }
    Ok(())
}

/// The facts, then each criterion that shows some with them.
fn print_facts(
    office: &str,
    year: Year,
    today: kinerja_domain::date::Date,
    t: &Template,
    facts: &[evaluation::facts::Fact],
    json: bool,
    lang: Lang,
) -> Result<()> {
    if json {
        let facts_json: Vec<serde_json::Value> = facts
            .iter()
            .map(|f| json!({"kind": f.kind, "count": f.count, "of": f.of, "percent": f.percent(), "text": f.text.get(lang)}))
            .collect();
        let criteria: Vec<serde_json::Value> = t
            .criteria()
            .filter(|k| !k.facts.is_empty())
            .map(|k| json!({"code": k.code, "facts": k.facts}))
            .collect();
        let v = json!({"office": office, "year": year.get(), "as_of": today.to_string(), "facts": facts_json, "criteria": criteria});
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    outln!(
        "Fakta dari Kinerja per {} (bukan jawaban: penilai memutuskan)",
        kinerja_domain::format::date(today, lang)
    );
    for k in t.criteria().filter(|k| !k.facts.is_empty()) {
        outln!("{} {}", k.code, k.text);
        for f in facts.iter().filter(|f| k.facts.iter().any(|n| n == f.kind)) {
            let share = f.percent().map(|p| format!(" ({p}%)")).unwrap_or_default();
            outln!("    · {}{share}", f.text.get(lang));
        }
    }
    Ok(())
}

/// Writes the final grade as the year's realisation of the office's grade indicators.
async fn confirm(
    store: &dyn Store,
    actor: &Actor,
    office: &kinerja_domain::model::Office,
    year: Year,
    reason: &str,
    lang: Lang,
) -> Result<()> {
    let done = refused(
        kinerja_store::evaluations::confirm_grade(store, actor, office, year, reason).await,
        lang,
    )?;
    for (_, text) in &done.indicators {
        outln!(
            "{text}: {year} {} ({})",
            done.grade.code(),
            kinerja_domain::format::number(done.total, 2)
        );
    }
    Ok(())
}

/// `lke template --save FILE`: an adjusted worksheet checked and stored as the year's.
async fn save_template(
    store: &dyn Store,
    actor: &Actor,
    year: Year,
    file: &std::path::Path,
    reason: &str,
    lang: Lang,
) -> Result<()> {
    let name = file.display();
    let size = std::fs::metadata(file)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?
        .len();
    if size > MAX_ANSWERS_FILE {
        bail!("{name}: {size} bytes, more than a worksheet may hold ({MAX_ANSWERS_FILE} bytes)");
    }
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let template: Template = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{name}, baris {}, kolom {}: {e}", e.line(), e.column()))?;
    refused(store.save_lke_template(actor, year, &template, reason).await, lang)?;
    outln!("lembar kerja {year} disimpan: {} kriteria", template.criteria().count());
    Ok(())
}

/// `lke score`: one stage's scores, in words or as JSON.
async fn score_command(
    store: &dyn Store,
    key: &str,
    year: Year,
    stage: Option<Stage>,
    json: bool,
    lang: Lang,
) -> Result<()> {
    let office = office(store, key).await?;
    let t = template_of(store, year).await?;
    // Without a stage: the final values once there are any (read once), else the self-assessment.
    let (stage, stored) = match stage {
        Some(s) => (s, store.lke_answers(office.id, year, s).await?),
        None => match store.lke_answers(office.id, year, Stage::Final).await? {
            fin if fin.is_empty() => (
                Stage::SelfAssessment,
                store.lke_answers(office.id, year, Stage::SelfAssessment).await?,
            ),
            fin => (Stage::Final, fin),
        },
    };
    let answers: HashMap<String, Answer> = stored.into_iter().map(|a| (a.criterion, a.answer)).collect();
    let scores = evaluation::score(&t, &answers);
    let findings = evaluation::logic_checks(&t, &answers);
    if json {
        let v = scores_json(office.code.as_ref(), year, stage, &t, &scores, &findings, lang);
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_scores(&office.name, year, stage, &t, &scores, &findings, lang)?;
    }
    Ok(())
}

/// `lke grades`: the grades of the offices under one, this year beside last, counted by grade.
async fn grades_command(store: &dyn Store, key: &str, year: Year, json: bool) -> Result<()> {
    let top = office(store, key).await?;
    let all = store.offices().await?;
    let scoped = crate::documents::everything(store).await?;
    let grades: Vec<kinerja_store::scoped::evaluations::OfficeGrade> = scoped
        .lke_grades(year)
        .await?
        .into_iter()
        .filter(|g| g.office.id == top.id || crate::documents::is_below(&all, &g.office, top.id))
        .collect();
    let counts = evaluation::distribution(grades.iter().filter_map(|g| g.grade));
    let not_graded = grades.iter().filter(|g| g.grade.is_none()).count();
    if json {
        let rows: Vec<serde_json::Value> = grades
            .iter()
            .map(|g| {
                json!({
                    "office": g.office.code.to_string(),
                    "name": g.office.name,
                    "total": g.total.map(number),
                    "grade": g.grade.map(|g| g.code()),
                    "below_target": g.below_target(),
                    "state": g.state.code(),
                    "self_total": g.self_total.map(number),
                    "last_year_grade": g.last_grade.map(|g| g.code()),
                })
            })
            .collect();
        let v = json!({
            "under": top.code.to_string(),
            "year": year.get(),
            "target": evaluation::Grade::TARGET.code(),
            "distribution": counts.iter().map(|(g, n)| json!({"grade": g.code(), "offices": n})).collect::<Vec<_>>(),
            "not_graded": not_graded,
            "offices": rows,
        });
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    outln!(
        "Nilai evaluasi AKIP {year}: {} dan kantor di bawahnya ({} kantor)",
        top.name,
        grades.len()
    );
    let spread: Vec<String> = counts.iter().map(|(g, n)| format!("{} {n}", g.code())).collect();
    outln!("Sebaran predikat: {}; belum dinilai {not_graded}", spread.join(", "));
    for g in &grades {
        let this_year = match (g.grade, g.total) {
            (Some(grade), Some(total)) => format!("{} ({})", grade.code(), kinerja_domain::format::number(total, 2)),
            _ => "belum dinilai".into(),
        };
        let before = g.last_grade.map_or("–", |g| g.code());
        let mark = if g.below_target() {
            "  ← di bawah target BB"
        } else {
            ""
        };
        outln!("  {}: {this_year}; {}: {before}{mark}", g.office.name, year.get() - 1);
    }
    Ok(())
}
