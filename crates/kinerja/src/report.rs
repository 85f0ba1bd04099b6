//! What `kinerja achievement` and `kinerja check` print: an aligned table for people, stable
//! JSON for programs (documented in the README).

use std::collections::HashMap;

use kinerja_domain::Decimal;
use kinerja_domain::achievement::{IndicatorAchievement, OfficeAchievement, Rolled, Span};
use kinerja_domain::check::{Finding, Severity};
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Indicator, Objective, YearPlan};
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::value::{Measure, Value};
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value as Json, json};

/// A percentage as a JSON number, rounded half up to two decimals.
fn pct_json(p: Decimal) -> Json {
    json!(format::round_half_up(p, 2).to_f64())
}

/// `{raw, kind, value, unit}` (and `parts` for compound quantities).
pub fn value_json(v: &Value) -> Json {
    let number = |d: Decimal| json!(d.normalize().to_f64());
    let (value, unit) = match v.measure() {
        Measure::Percent(d) => (number(*d), json!("%")),
        Measure::Score(d) => (number(*d), Json::Null),
        Measure::Money(d) => (number(*d), json!("Rp")),
        Measure::Grade(g) => (json!(g.level), Json::Null),
        Measure::Text(t) => (json!(t), Json::Null),
        Measure::Quantity(parts) => (
            parts.first().map(|q| number(q.amount)).unwrap_or(Json::Null),
            parts.first().map(|q| json!(q.unit.written)).unwrap_or(Json::Null),
        ),
    };
    let mut out = json!({ "raw": v.raw(), "kind": v.kind().as_str(), "value": value, "unit": unit });
    if let Measure::Quantity(parts) = v.measure()
        && parts.len() > 1
    {
        out["parts"] = parts
            .iter()
            .map(|q| json!({ "value": number(q.amount), "unit": q.unit.written }))
            .collect();
    }
    if let Measure::Grade(g) = v.measure() {
        out["scale"] = json!(g.scale);
    }
    out
}

fn rolled_json(r: &Rolled) -> Json {
    r.achievement.map(pct_json).unwrap_or(Json::Null)
}

fn rolled_text(r: &Rolled) -> String {
    r.achievement.map(format::percent).unwrap_or_else(|| "-".into())
}

fn indicator_json(a: &IndicatorAchievement, ind: &Indicator, lang: Lang) -> Json {
    let (achievement, reason) = match &a.achievement {
        Ok(p) => (pct_json(*p), Json::Null),
        Err(e) => (Json::Null, json!({ "code": e.code(), "message": e.text().get(lang) })),
    };
    json!({
        "id": ind.id,
        "text": ind.text,
        "target": a.target.as_ref().map(value_json),
        "realisation": a.realisation.as_ref().map(value_json),
        "realised_percent": a.realised_percent.map(pct_json),
        "achievement": achievement,
        "reason": reason,
        "category": a.category,
        "polarity": ind.settings.polarity.code(),
        "rollup": ind.settings.rollup.code(),
        "from_supporting": a.from_supporting,
        "reported_achievement": ind.reported.as_ref().and_then(|r| r.achievement.as_ref()).map(|v| v.raw()),
    })
}

/// The JSON document of `kinerja achievement --json`.
pub fn achievement_json(
    plan: &YearPlan,
    result: &OfficeAchievement,
    scale: Option<&CategoryScale>,
    lang: Lang,
) -> Json {
    let objectives: HashMap<kinerja_domain::model::ObjectiveId, &Objective> =
        plan.objectives.iter().map(|o| (o.id, o)).collect();
    let indicators: HashMap<kinerja_domain::model::IndicatorId, &Indicator> =
        plan.indicators.iter().map(|i| (i.id, i)).collect();
    let units = result
        .units
        .iter()
        .map(|u| {
            let unit = plan.unit(u.unit);
            json!({
                "code": unit.map(|x| x.code.clone()),
                "name": unit.map(|x| x.name.clone()),
                "achievement": rolled_json(&u.rolled),
                "objectives": u.objectives.iter().map(|o| json!({
                    "text": objectives.get(&o.objective).map(|x| x.text.clone()),
                    "achievement": rolled_json(&o.rolled),
                    "indicators": o.indicators.iter().filter_map(|a| indicators.get(&a.indicator).map(|i| indicator_json(a, i, lang))).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect::<Vec<_>>();
    json!({
        "office": plan.office.name,
        "office_code": plan.office.code,
        "year": plan.year,
        "period": result.span.period().map(|p| p.to_string()),
        "span": result.span.code(),
        "scale": scale.map(|s| s.name.clone()),
        "lower_is_better_formula": plan.office.lower_formula.code(),
        "achievement": rolled_json(&result.rolled),
        "reason": result.reason.map(|r| json!({ "code": r.code(), "message": r.text().get(lang) })),
        "own_pk": {
            "unit": result.own_unit.and_then(|u| plan.unit(u)).map(|u| u.code.clone()),
            "objectives": result.own_objectives,
            "indicators": result.own_indicators,
        },
        "units": units,
    })
}

/// Cuts `s` to `width` characters, marking the cut.
fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        format!("{s:<width$}")
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn supporting(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("dari {n} indikator pendukung"),
        Lang::En => format!("from {n} supporting indicator{}", if n == 1 { "" } else { "s" }),
    }
}

/// The table of `kinerja achievement`.
pub fn achievement_text(
    plan: &YearPlan,
    result: &OfficeAchievement,
    scale: Option<&CategoryScale>,
    lang: Lang,
) -> String {
    let objectives: HashMap<kinerja_domain::model::ObjectiveId, &Objective> =
        plan.objectives.iter().map(|o| (o.id, o)).collect();
    let indicators: HashMap<kinerja_domain::model::IndicatorId, &Indicator> =
        plan.indicators.iter().map(|i| (i.id, i)).collect();
    let (title, to, only, target_h, real_h, ach_h, cat_h, unit_h, scale_h, formula_h) = match lang {
        Lang::Id => (
            "Capaian Kinerja",
            "s.d.",
            "hanya",
            "Target",
            "Realisasi",
            "Capaian",
            "Kategori",
            "capaian unit",
            "Skala",
            "Rumus indikator menurun",
        ),
        Lang::En => (
            "Performance achievement",
            "to",
            "only",
            "Target",
            "Realisation",
            "Achievement",
            "Category",
            "unit achievement",
            "Scale",
            "Lower-is-better formula",
        ),
    };
    let mut out = String::new();
    let period = match result.span {
        Span::Year => String::new(),
        Span::To(p) => format!(" ({to} {})", p.label(lang)),
        Span::Only(p) => format!(" ({only} {})", p.label(lang)),
    };
    out.push_str(&format!("{} — {title} {}{period}\n", plan.office.name, plan.year));
    if let Some(s) = scale {
        let bands: Vec<String> = s
            .bands
            .iter()
            .map(|b| format!("{} {}", b.describe(lang), b.label))
            .collect();
        out.push_str(&format!("{scale_h}: {} ({})\n", s.name, bands.join("; ")));
    }
    out.push_str(&format!("{formula_h}: {}\n", plan.office.lower_formula.describe(lang)));
    const TEXT: usize = 58;
    let header = format!(
        "  {:<TEXT$}  {:>16}  {:>16}  {:>9}  {}",
        "", target_h, real_h, ach_h, cat_h
    );
    for u in &result.units {
        let name = plan.unit(u.unit).map(|x| x.name.as_str()).unwrap_or("?");
        out.push_str(&format!("\n{name} — {unit_h} {}\n", rolled_text(&u.rolled)));
        out.push_str(&header);
        out.push('\n');
        for (n, o) in u.objectives.iter().enumerate() {
            let text = objectives.get(&o.objective).map(|x| x.text.as_str()).unwrap_or("?");
            out.push_str(&format!(
                "  {}  {:>16}  {:>16}  {:>9}\n",
                fit(&format!("{}. {text}", n + 1), TEXT),
                "",
                "",
                rolled_text(&o.rolled)
            ));
            for a in &o.indicators {
                let Some(ind) = indicators.get(&a.indicator) else {
                    continue;
                };
                out.push_str(&indicator_line(a, ind, lang));
            }
        }
    }
    let own = result
        .own_unit
        .and_then(|u| plan.unit(u))
        .map(|u| u.name.as_str())
        .unwrap_or("-");
    let office_h = match lang {
        Lang::Id => format!(
            "Capaian kantor (PK sendiri: {own}, {} sasaran, {} indikator)",
            result.own_objectives, result.own_indicators
        ),
        Lang::En => format!(
            "Office achievement (its own PK: {own}, {} objectives, {} indicators)",
            result.own_objectives, result.own_indicators
        ),
    };
    let figure = match (result.rolled.achievement, result.reason) {
        (Some(p), _) => format::percent(p),
        (None, Some(r)) => format!("- ({})", r.text().get(lang)),
        (None, None) => "-".into(),
    };
    out.push_str(&format!("\n{office_h}: {figure}\n"));
    out
}

/// One indicator's line of [`achievement_text`]: its text, target, realisation, achievement and
/// category (or why there is none).
fn indicator_line(a: &IndicatorAchievement, ind: &Indicator, lang: Lang) -> String {
    const TEXT: usize = 58;
    let (achievement, note) = match &a.achievement {
        Ok(p) if a.from_supporting > 0 => (
            format::percent(*p),
            format!(
                "{} ({})",
                a.category.as_deref().unwrap_or(""),
                supporting(a.from_supporting, lang)
            ),
        ),
        Ok(p) => (format::percent(*p), a.category.clone().unwrap_or_default()),
        Err(e) => ("-".to_string(), format!("({})", e.text().get(lang))),
    };
    format!(
        "  {}  {:>16}  {:>16}  {:>9}  {}\n",
        fit(&format!("   - {}", ind.text), TEXT),
        fit(a.target.as_ref().map(|v| v.raw()).unwrap_or("-"), 16).trim_end(),
        fit(a.realisation.as_ref().map(|v| v.raw()).unwrap_or("-"), 16).trim_end(),
        achievement,
        note.trim(),
    )
}

/// `{"findings": [{"severity", "code", "place", "message"}]}`.
pub fn findings_json(findings: &[Finding], lang: Lang) -> Json {
    json!({
        "findings": findings.iter().map(|f| json!({
            "severity": f.severity.as_str(),
            "code": f.code,
            "place": f.place,
            "message": f.message.get(lang),
        })).collect::<Vec<_>>(),
        "errors": findings.iter().filter(|f| f.severity == Severity::Error).count(),
        "warnings": findings.iter().filter(|f| f.severity == Severity::Warning).count(),
    })
}

pub fn findings_text(plan: &YearPlan, findings: &[Finding], lang: Lang) -> String {
    let mut out = String::new();
    for f in findings {
        let sev = match (f.severity, lang) {
            (Severity::Error, Lang::Id) => "GALAT",
            (Severity::Warning, Lang::Id) => "PERINGATAN",
            (Severity::Info, Lang::Id) => "INFO",
            (Severity::Error, Lang::En) => "ERROR",
            (Severity::Warning, Lang::En) => "WARNING",
            (Severity::Info, Lang::En) => "INFO",
        };
        out.push_str(&format!(
            "{sev} [{}] {}\n    {}\n",
            f.code,
            f.place.path(),
            f.message.get(lang)
        ));
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    out.push_str(&match lang {
        Lang::Id => format!(
            "\n{} {}: {} temuan ({errors} galat, {warnings} peringatan)\n",
            plan.office.name,
            plan.year,
            findings.len()
        ),
        Lang::En => format!(
            "\n{} {}: {} findings ({errors} errors, {warnings} warnings)\n",
            plan.office.name,
            plan.year,
            findings.len()
        ),
    });
    out
}
