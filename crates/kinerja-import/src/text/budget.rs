//! A PK's budget: the table under its indicators (`NO | PROGRAM | ANGGARAN`) or the lines
//! `Program Anggaran` / `Kegiatan Anggaran` printed below it.

use super::Reader;
use crate::layout::normal;
use crate::model::BudgetEntry;
use kinerja_domain::i18n::Text;

impl Reader {
    /// A row of a PK's budget table: `N | name | Rp amount` a budget line, `JUMLAH | Rp total` the
    /// stated total. False for any other row (the budget table has ended).
    pub(super) fn budget_row(
        &mut self,
        line: usize,
        cells: &[String],
        doc: usize,
        level: Option<&'static str>,
    ) -> bool {
        let filled: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        let d = &mut self.out.documents[doc];
        match filled.as_slice() {
            [no, name, amount] if no.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()) => {
                let Some(amount) = rupiah(amount) else { return false };
                let level = level.unwrap_or(if normal(name).starts_with("PROGRAM") {
                    "program"
                } else {
                    "activity"
                });
                d.budget.push(BudgetEntry {
                    name: name.to_string(),
                    level: level.into(),
                    amount,
                    line,
                });
                true
            }
            [label, amount] if normal(label) == "JUMLAH" => match rupiah(amount) {
                Some(total) => {
                    d.stated_budget_total = Some(total);
                    true
                }
                None => false,
            },
            _ => false,
        }
    }
}

/// The header of a PK's budget table as Kinerja prints it, `NO | PROGRAM | ANGGARAN`, with the
/// level its middle title gives: `Some(Some("program"))`, `Some(Some("activity"))` for KEGIATAN,
/// `Some(None)` for PROGRAM / KEGIATAN.
pub(super) fn budget_header(cells: &[String]) -> Option<Option<&'static str>> {
    let filled: Vec<String> = cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| normal(c).replace(" /", "/").replace("/ ", "/"))
        .collect();
    match filled.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["NO" | "NO.", title, "ANGGARAN"] => match *title {
            "PROGRAM" => Some(Some("program")),
            "KEGIATAN" => Some(Some("activity")),
            "PROGRAM/KEGIATAN" => Some(None),
            _ => None,
        },
        _ => None,
    }
}

/// `Rp. 12.692.171.000,-` → `Rp. 12.692.171.000`; `None` when `text` holds no amount.
fn rupiah(text: &str) -> Option<String> {
    let t = text
        .trim()
        .strip_prefix("Jumlah")
        .map(|t| t.trim_start_matches([':', ' ']))
        .unwrap_or(text.trim());
    let t = t.strip_prefix("Rp")?.trim_start_matches(['.', ' ']);
    let t = t.trim_end_matches(['-', ' ']).trim_end_matches(',').trim();
    let ok =
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.') && t.chars().any(|c| c.is_ascii_digit());
    ok.then(|| format!("Rp. {t}"))
}

/// The budget printed under a PK table: a heading `Program Anggaran` or `Kegiatan Anggaran`
/// (markup like `<u>` ignored), numbered entries `1. NAME Rp. AMOUNT` (the amount may stand on
/// the next line), and the total, `Jumlah: Rp. …` or a lone amount after the entries. A line in
/// the block that is none of these ends it with a warning, and an entry left without an amount
/// is named: nothing is guessed.
pub(super) fn budget_block(lines: &[(usize, String)]) -> (Vec<BudgetEntry>, Option<String>, Vec<(usize, Text)>) {
    let plain = |t: &str| {
        let mut out = String::new();
        let mut tag = false;
        for c in t.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => out.push(c),
                _ => {}
            }
        }
        out.trim().to_string()
    };
    let mut entries: Vec<(usize, String, Option<String>)> = vec![];
    let mut total = None;
    let mut notes = vec![];
    let Some(start) = lines.iter().position(|(_, t)| {
        let n = normal(&plain(t));
        n == "PROGRAM ANGGARAN" || n == "KEGIATAN ANGGARAN"
    }) else {
        return (vec![], None, notes);
    };
    let level = if normal(&plain(&lines[start].1)).starts_with("PROGRAM") {
        "program"
    } else {
        "activity"
    };
    for (line, text) in &lines[start + 1..] {
        let t = plain(text);
        if total.is_some() {
            break;
        }
        let numbered = t
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            .map(|(_, rest)| rest.trim());
        if let Some(rest) = numbered {
            let (name, amount) = match rest.rfind("Rp") {
                Some(i) => (rest[..i].trim(), rupiah(&rest[i..])),
                None => (rest, None),
            };
            entries.push((*line, name.to_string(), amount));
        } else if let Some(amount) = rupiah(&t) {
            match entries.last_mut() {
                Some(e) if e.2.is_none() => e.2 = Some(amount),
                Some(_) => total = Some(amount),
                None => {}
            }
        } else if !entries.is_empty() || t.to_ascii_lowercase().contains("rp") {
            notes.push((
                *line,
                Text::new(
                    format!("baris anggaran PK tidak dipahami, tidak dibaca: {t:?}"),
                    format!("a line of the PK's budget not understood, not read: {t:?}"),
                ),
            ));
            break;
        } else {
            break;
        }
    }
    let mut budget = vec![];
    for (line, name, amount) in entries {
        match amount {
            Some(amount) => budget.push(BudgetEntry {
                name,
                level: level.into(),
                amount,
                line,
            }),
            None => notes.push((
                line,
                Text::new(
                    format!("mata anggaran {name:?} tanpa jumlah rupiah, tidak dibaca"),
                    format!("the budget line {name:?} has no amount, not read"),
                ),
            )),
        }
    }
    (budget, total, notes)
}
