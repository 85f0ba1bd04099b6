//! The PK (Perjanjian Kinerja) of a unit: its attachment table — objectives, indicators and
//! targets, numbered as the offices number them — and the budget per programme or activity with
//! its total. (The statement page with both parties follows.)

use kinerja_domain::format;
use kinerja_domain::model::{Unit, YearPlan};

use crate::DocError;
use crate::markup::{preamble, str_lit};

/// The typst markup of a unit's PK attachment.
pub fn markup(plan: &YearPlan, unit: &Unit) -> Result<String, DocError> {
    let objectives: Vec<_> = plan.objectives_of(unit.id).collect();
    if objectives.is_empty() {
        return Err(DocError::Incomplete(format!(
            "{} has no PK objectives for {}",
            unit.name, plan.year
        )));
    }
    let mut m = preamble(false);
    m.push_str(&format!(
        "#align(center)[#text(weight: \"bold\", size: 12pt, {})\\ #text(weight: \"bold\", {})]\n#v(1em)\n",
        str_lit(&format!("PERJANJIAN KINERJA TAHUN {}", plan.year)),
        str_lit(&format!(
            "{} — {}",
            unit.name.to_uppercase(),
            plan.office.name.to_uppercase()
        )),
    ));
    m.push_str("#table(columns: (auto, 1fr, 1fr, auto), align: (center, left, left, center), table.header([*NO*], [*SASARAN*], [*INDIKATOR KINERJA*], [*TARGET*]),\n");
    for (n, o) in objectives.iter().enumerate() {
        let indicators: Vec<_> = plan.indicators_of(o.id).filter(|i| i.in_pk()).collect();
        let rows = indicators.len().max(1);
        m.push_str(&format!(
            "  table.cell(rowspan: {rows})[{}], table.cell(rowspan: {rows})[#{}],\n",
            n + 1,
            str_lit(&o.text)
        ));
        if indicators.is_empty() {
            m.push_str(&format!("  [#{}], [-],\n", str_lit("(belum diisi)")));
        }
        for i in indicators {
            let target = i
                .pk_target
                .as_ref()
                .map(|v| v.raw().to_string())
                .unwrap_or_else(|| "belum diisi".into());
            m.push_str(&format!("  [#{}], [#{}],\n", str_lit(&i.text), str_lit(&target)));
        }
    }
    m.push_str(")\n");
    let budget: Vec<_> = plan.budget.iter().filter(|b| b.unit == unit.id).collect();
    if !budget.is_empty() {
        m.push_str("#v(1em)\n#table(columns: (auto, 1fr, auto), align: (center, left, right), table.header([*NO*], [*PROGRAM / KEGIATAN*], [*ANGGARAN*]),\n");
        for (n, b) in budget.iter().enumerate() {
            m.push_str(&format!(
                "  [{}], [#{}], [#{}],\n",
                n + 1,
                str_lit(&b.name),
                str_lit(&format::rupiah(b.ceiling))
            ));
        }
        let total: kinerja_domain::Decimal = budget.iter().map(|b| b.ceiling).sum();
        m.push_str(&format!(
            "  table.cell(colspan: 2, align: right)[*JUMLAH*], [*#{}*],\n)\n",
            str_lit(&format::rupiah(total))
        ));
    }
    Ok(m)
}
