//! Which column holds what, read from a table's header rows; and the words of cells (check marks,
//! period labels, look-alike letters).

use crate::model::{DocKind, PeriodKind};

mod infer;

pub use infer::{
    Inferred, describe, describe_schedule, header_rows, infer, is_period_row, looks_like_header, plan_columns_named,
    schedule_from_content,
};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    No,
    Objective,
    Indicator,
    Target,
    ActivityTarget,
    Action,
    /// A schedule column: month 1–12 or quarter 1–4.
    Period(u8),
    Executor,
    Budget,
    Formula,
    DataSource,
    Realisation,
    Achievement,
    /// A column title the importer does not know (its cells are reported, not dropped).
    Unknown,
    /// No title (an empty cell of the header).
    Blank,
}

/// A table's columns, as its header rows name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub kind: DocKind,
    pub period_kind: Option<PeriodKind>,
    pub roles: Vec<Role>,
    /// The column titles as written (both header rows joined), for messages.
    pub titles: Vec<String>,
}

impl Layout {
    pub fn column(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }
    /// The columns of the schedule, in order.
    pub fn periods(&self) -> Vec<(usize, u8)> {
        self.roles
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Role::Period(p) => Some((i, *p)),
                _ => None,
            })
            .collect()
    }
    /// The last column that has a title.
    pub fn width(&self) -> usize {
        self.roles.iter().rposition(|r| *r != Role::Blank).map_or(0, |i| i + 1)
    }
}

/// Latin letters for the Cyrillic and Greek look-alikes OCR and some PDFs produce (`В3` for `B3`).
pub fn latin(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'А' => 'A',
            'В' => 'B',
            'С' => 'C',
            'Е' => 'E',
            'Н' => 'H',
            'І' => 'I',
            'К' => 'K',
            'М' => 'M',
            'О' => 'O',
            'Р' => 'P',
            'Т' => 'T',
            'Х' => 'X',
            'а' => 'a',
            'е' => 'e',
            'о' => 'o',
            'р' => 'p',
            'с' => 'c',
            'х' => 'x',
            'Β' => 'B',
            'Τ' => 'T',
            '\u{a0}' => ' ',
            c => c,
        })
        .collect()
}

/// The words column titles are made of, as OCR's misreadings are put right to.
const HEADER_WORDS: [&str; 21] = [
    "SASARAN",
    "INDIKATOR",
    "KINERJA",
    "TARGET",
    "KEGIATAN",
    "REALISASI",
    "CAPAIAN",
    "ANGGARAN",
    "PELAKSANA",
    "PELAKSANAAN",
    "PERHITUNGAN",
    "SUMBER",
    "RENCANA",
    "STRATEGIS",
    "PROGRAM",
    "NOMOR",
    "FORMULA",
    "PENANGGUNG",
    "JAWAB",
    "JADWAL",
    "WAKTU",
];

/// How many letters must change to make `a` into `b` (Levenshtein).
pub(crate) fn edits(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A header cell (normalised) with OCR's misreadings of title words put right: in a word of
/// five characters or more, digits read as the letters they resemble (`INDIKAT0R`), and a word
/// one edit from a title word (two from one of nine letters or more) is that word (`SASARAM`,
/// `TARGFT`, `INDLKATOR`). Shorter words (`NO`, `B1`) are left as they are.
pub fn corrected(title: &str) -> String {
    let word = |w: &str| -> String {
        if w.chars().count() < 5 || !w.chars().any(char::is_alphabetic) {
            return w.to_string();
        }
        let letters: Vec<char> = w
            .chars()
            .map(|c| match c {
                '0' => 'O',
                '1' => 'I',
                '4' => 'A',
                '5' => 'S',
                '8' => 'B',
                c => c,
            })
            .collect();
        let best = HEADER_WORDS
            .iter()
            .map(|h| (edits(&letters, &h.chars().collect::<Vec<_>>()), *h))
            .min();
        match best {
            Some((d, h)) if d <= if h.len() >= 9 { 2 } else { 1 } => h.to_string(),
            _ => w.to_string(),
        }
    };
    // A title word OCR cut in two (`TAR GET`, `KINERJ A`) is joined first.
    let words: Vec<&str> = title.split(' ').collect();
    let mut joined: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some(next) = words.get(i + 1)
            && !HEADER_WORDS.contains(&words[i])
            && !HEADER_WORDS.contains(next)
            && HEADER_WORDS.contains(&word(&format!("{}{next}", words[i])).as_str())
        {
            joined.push(word(&format!("{}{next}", words[i])));
            i += 2;
        } else {
            joined.push(word(words[i]));
            i += 1;
        }
    }
    joined.join(" ")
}

/// Whether a row (a header OCR garbled) names a column of a plan's table in one of its words, once
/// misread letters are put right: `SASARAN`, `INDIKATOR`, `TARGET`, `KEGIATAN`, `PELAKSANA`.
pub fn names_plan_column(row: &[String]) -> bool {
    const PLAN: [&str; 9] = [
        "SASARAN",
        "INDIKATOR",
        "TARGET",
        "KEGIATAN",
        "PELAKSANA",
        "PELAKSANAAN",
        "ANGGARAN",
        "CAPAIAN",
        "REALISASI",
    ];
    row.iter()
        .any(|c| corrected(&normal(c)).split(' ').any(|w| PLAN.contains(&w)))
}

/// Whether a title names a plan document: a RAK, PK, RKT, IKU or an achievement table.
pub fn names_plan(title: &str) -> bool {
    let t = normal(title);
    [
        "RENCANA AKSI",
        "PERJANJIAN KINERJA",
        "RENCANA KINERJA",
        "INDIKATOR KINERJA",
        "CAPAIAN KINERJA",
    ]
    .iter()
    .any(|k| t.contains(k))
}

/// Upper case, look-alikes made Latin, runs of spaces made one.
pub fn normal(s: &str) -> String {
    latin(s).split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}

/// Whether a schedule cell is a check mark.
pub fn is_mark(cell: &str) -> bool {
    let t = cell.trim();
    // A tick OCR read as two or three strokes: `Vv`, `\/`, `√v`.
    let tick =
        (2..=3).contains(&t.chars().count()) && t.chars().all(|c| matches!(c, 'v' | 'V' | '√' | '✓' | '/' | '\\'));
    tick || matches!(t, "√" | "✓" | "✔" | "v" | "V" | "x" | "X" | "☑" | "■")
}

/// A text with every word a line break cut at its hyphen made whole, as the text of a PDF gives
/// such words: `perundang- undangan` is `perundang-undangan` (a letter before the hyphen, a small
/// letter after the space). A dash between figures (`2023 - 2024`) stays, and so does a hyphen
/// before `dan` or `atau` (`pra- dan pascabayar`).
pub fn whole_words(text: &str) -> String {
    if !text.contains("- ") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("- ") {
        let (before, after) = (&rest[..i], &rest[i + 2..]);
        let letter_before = before.chars().next_back().is_some_and(char::is_alphabetic);
        let next_word = after.split_whitespace().next().unwrap_or("");
        let small_after = next_word.chars().next().is_some_and(char::is_lowercase);
        out.push_str(before);
        out.push('-');
        if !(letter_before && small_after && !matches!(next_word, "dan" | "atau")) {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Whether a cell holds only a mark OCR saw but could not read ([`crate::scan::UNREADABLE`]).
pub fn is_unreadable_mark(cell: &str) -> bool {
    cell.trim() == crate::scan::UNREADABLE
}

/// Whether a schedule cell holds what OCR may make of a tick: one or two characters, no digit
/// (`vl`, `¥`, `a`); a figure (`1`, `12`) is a value, not a mark.
pub fn is_misread_mark(cell: &str) -> bool {
    let t = cell.trim();
    (1..=2).contains(&t.chars().count()) && !t.chars().any(|c| c.is_ascii_digit() || c == '%')
}

/// Whether a cell names a unit of an office, as executors are written.
pub fn names_a_unit(text: &str) -> bool {
    let t = normal(text);
    [
        "SUB BAG",
        "SUBBAG",
        "BAGIAN",
        "DIVISI",
        "SEKRETARI",
        "KASUBBAG",
        "KABAG",
        "KOMISIONER",
        "KETUA",
        "ANGGOTA",
        "KPU ",
    ]
    .iter()
    .any(|k| t.starts_with(k))
}

const MONTHS: [&str; 12] = [
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "DESEMBER",
];

/// A number of one or two digits as OCR may misread them (`L` or `I` for 1, `S` for 5, `O` for 0:
/// `BL`, `BS`, `BLL` read as B1, B5, B11). Upper case in.
fn ocr_number(s: &str) -> Option<u8> {
    if s.is_empty() || s.chars().count() > 2 {
        return None;
    }
    s.chars()
        .map(|c| match c {
            'I' | 'L' | '|' | '!' | 'J' => Some(1),
            'Z' => Some(2),
            'A' => Some(4),
            'S' => Some(5),
            'G' => Some(6),
            'T' => Some(7),
            'B' => Some(8),
            'O' | 'D' | 'Q' => Some(0),
            c => c.to_digit(10).map(|d| d as u8),
        })
        .try_fold(0u8, |n, d| Some(n * 10 + d?))
}

fn roman(s: &str) -> Option<u8> {
    match s {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

/// A period column title: `B1`…`B12`, a month's name (or its first three letters), `Tw 1`…`Tw 4`,
/// `TW I`…`TW IV`, `Triwulan I`; bare `I`…`IV` counts as a quarter only under a schedule title.
pub fn period_label(cell: &str, under_schedule: bool) -> Option<(PeriodKind, u8)> {
    let t = normal(cell).replace(['.', ' '], "");
    if t.is_empty() {
        return None;
    }
    if let Some(n) = t.strip_prefix('B').and_then(ocr_number)
        && (1..=12).contains(&n)
    {
        return Some((PeriodKind::Month, n));
    }
    if let Some(m) = MONTHS
        .iter()
        .position(|m| *m == t || (t.len() == 3 && m.starts_with(&t)))
    {
        return Some((PeriodKind::Month, m as u8 + 1));
    }
    for prefix in ["TRIWULAN", "TW", "TRW", "Q"] {
        if let Some(q) = t.strip_prefix(prefix).and_then(roman) {
            return Some((PeriodKind::Quarter, q));
        }
    }
    if under_schedule && !t.chars().all(|c| c.is_ascii_digit()) {
        return roman(&t).map(|q| (PeriodKind::Quarter, q));
    }
    None
}

fn is_schedule_title(t: &str) -> bool {
    t.contains("PELAKSANAAN KEGIATAN")
        || t.contains("RENCANA PELAKSANAAN")
        || t.contains("JADWAL")
        || t == "WAKTU PELAKSANAAN"
}

/// The role of a column from its title (both header rows joined, normalised).
fn role_of(title: &str) -> Role {
    let t = title;
    if t.is_empty() {
        return Role::Blank;
    }
    if t == "NO" || t == "NO." || t == "NOMOR" {
        return Role::No;
    }
    if t.contains("CARA PERHITUNGAN") || t.contains("FORMULA") || t.contains("RUMUS") {
        return Role::Formula;
    }
    if t.contains("SUMBER DATA") {
        return Role::DataSource;
    }
    if t.contains("SASARAN") {
        return Role::Objective;
    }
    if t.contains("INDIKATOR") {
        return Role::Indicator;
    }
    if t.contains("TARGET") && (t.contains("KEGIATAN") || t.contains("AKSI")) {
        return Role::ActivityTarget;
    }
    if t.starts_with("TARGET") {
        return Role::Target;
    }
    if t.contains("REALISASI") {
        return Role::Realisation;
    }
    if t.contains("CAPAIAN") {
        return Role::Achievement;
    }
    if t.contains("ANGGARAN") || t.contains("PAGU") || t.contains("BIAYA") {
        return Role::Budget;
    }
    if t == "PELAKSANA" || t == "PELAKSANAAN" || t.contains("PENANGGUNG JAWAB") || t == "PIC" {
        return Role::Executor;
    }
    if t.contains("KEGIATAN") || t.contains("RENCANA AKSI") || t == "AKSI" {
        return Role::Action;
    }
    Role::Unknown
}

/// Reads a header: its first row and, when the next row only carries sub-titles (period labels),
/// that one too. `None` when `first` is not a header this importer knows.
pub fn header(first: &[String], second: Option<&[String]>) -> Option<(Layout, bool)> {
    let plain: Vec<String> = first.iter().map(|c| normal(c)).collect();
    // A data row carries figures and marks no header does: it is told apart before any title
    // word is put right (every line of a file is tried as a header, so this stays cheap).
    let has_figures = plain.iter().any(|t| {
        is_mark(t) || (!t.is_empty() && t.trim_end_matches('%').replace(['.', ','], "").parse::<u64>().is_ok())
    });
    if has_figures {
        return None;
    }
    // Titles are short; a long cell is a row's text and is left as written.
    let top: Vec<String> = plain
        .into_iter()
        .map(|t| if t.chars().count() <= 60 { corrected(&t) } else { t })
        .collect();
    // Column titles open with their word ("SASARAN STRATEGIS", "INDIKATOR KINERJA"); a data row
    // may mention them mid-sentence.
    let knows_objective = top.iter().any(|t| t.starts_with("SASARAN"));
    let knows_indicator = top.iter().any(|t| t.starts_with("INDIKATOR"));
    let names_values = top
        .iter()
        .any(|t| t.contains("CARA PERHITUNGAN") || t.starts_with("TARGET"));
    if !(knows_indicator && (knows_objective || names_values)) {
        return None;
    }
    // The columns a schedule title spans: from it to the next title.
    let mut schedule: Vec<bool> = Vec::with_capacity(top.len());
    let mut under = false;
    for t in &top {
        if !t.is_empty() {
            under = is_schedule_title(t);
        }
        schedule.push(under);
    }
    // The second row is a sub-header when its non-empty cells are all period labels; under a
    // schedule title, short cells OCR garbled (`Bl`, `8S`) pass when most are labels.
    let sub: Option<Vec<String>> = second.and_then(|row| {
        let cells: Vec<(usize, &String)> = row.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()).collect();
        let label = |c: &str| period_label(c, true).is_some() || is_sub_title(c);
        let clean = cells.iter().all(|(_, c)| label(c));
        let scheduled: Vec<&str> = cells
            .iter()
            .filter(|(i, _)| schedule.get(*i).copied().unwrap_or(false))
            .map(|(_, c)| c.as_str())
            .collect();
        let garbled = scheduled.len() >= 4
            && scheduled.iter().filter(|c| label(c)).count() * 2 >= scheduled.len()
            && cells.iter().all(|(i, c)| {
                label(c) || (schedule.get(*i).copied().unwrap_or(false) && c.trim().chars().count() <= 4)
            });
        (!cells.is_empty() && (clean || garbled)).then(|| row.iter().map(|c| normal(c)).collect())
    });
    let width = top.len().max(sub.as_ref().map_or(0, Vec::len));
    let mut roles = Vec::with_capacity(width);
    let mut titles = Vec::with_capacity(width);
    // A schedule title spans the columns to its right until the next title.
    let mut under_schedule = false;
    for i in 0..width {
        let t = top.get(i).cloned().unwrap_or_default();
        let s = sub.as_ref().and_then(|s| s.get(i)).cloned().unwrap_or_default();
        if !t.is_empty() {
            under_schedule = is_schedule_title(&t);
        }
        let role = match period_label(&s, under_schedule).or_else(|| period_label(&t, false)) {
            Some((_, n)) => Role::Period(n),
            None if under_schedule => Role::Blank,
            None if !s.is_empty() && t.is_empty() => role_of(&s),
            None => role_of(&t),
        };
        roles.push(role);
        titles.push([t, s].join(" ").trim().to_string());
    }
    by_position(&mut roles, &schedule, sub.as_deref());
    let period_kind = {
        let labels: Vec<(PeriodKind, u8)> = (0..width)
            .filter_map(|i| {
                let s = sub.as_ref().and_then(|s| s.get(i)).map(String::as_str).unwrap_or("");
                period_label(s, true).or_else(|| period_label(top.get(i).map(String::as_str).unwrap_or(""), false))
            })
            .collect();
        let periods = roles.iter().filter(|r| matches!(r, Role::Period(_))).count();
        if labels.is_empty() && periods == 0 {
            None
        } else if periods == 4 || (periods != 12 && labels.iter().all(|(k, _)| *k == PeriodKind::Quarter)) {
            Some(PeriodKind::Quarter)
        } else {
            Some(PeriodKind::Month)
        }
    };
    let has = |r: Role| roles.contains(&r);
    let kind = if period_kind.is_some() {
        DocKind::Rak
    } else if has(Role::Formula) || has(Role::DataSource) {
        DocKind::Iku
    } else if has(Role::Realisation) || has(Role::Achievement) {
        DocKind::Lkj
    } else if has(Role::Action) {
        DocKind::Rkt
    } else {
        DocKind::Pk
    };
    Some((
        Layout {
            kind,
            period_kind,
            roles,
            titles,
        },
        sub.is_some(),
    ))
}

/// Under a schedule title over exactly twelve (or four) sub-header columns, the columns are the
/// months (or quarters) in order, whatever OCR made of their labels (`B3` read for `B8`, `Bll`).
fn by_position(roles: &mut [Role], schedule: &[bool], sub: Option<&[String]>) {
    let Some(sub) = sub else { return };
    let cols: Vec<usize> = (0..roles.len())
        .filter(|&i| schedule.get(i).copied().unwrap_or(false) && sub.get(i).is_some_and(|c| !c.is_empty()))
        .collect();
    let contiguous = cols.windows(2).all(|w| w[1] == w[0] + 1);
    if contiguous && (cols.len() == 12 || cols.len() == 4) {
        for (n, &i) in cols.iter().enumerate() {
            roles[i] = Role::Period(n as u8 + 1);
        }
    }
}

/// Sub-titles that sit under a header title (`(%)`, `Kegiatan`) rather than start a row.
fn is_sub_title(cell: &str) -> bool {
    let t = normal(cell);
    matches!(t.as_str(), "(%)" | "%" | "(KEGIATAN)" | "KEGIATAN" | "(RP)" | "RP")
}

/// A row of column numbers (`1 2 3 … 17`, or `(1) (2)`), printed under some headers.
pub fn is_column_numbers(cells: &[String]) -> bool {
    let numbers: Vec<u32> = cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().trim_matches(|ch| ch == '(' || ch == ')').parse::<u32>())
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    numbers.len() >= 3 && numbers.first() == Some(&1) && numbers.windows(2).all(|w| w[1] > w[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(s: &str) -> Vec<String> {
        s.split('\t').map(String::from).collect()
    }

    /// Column titles OCR misread by a letter or two are read as what they say.
    #[test]
    fn misread_titles_are_put_right() {
        assert_eq!(corrected("SASARAM STRATEGIS"), "SASARAN STRATEGIS");
        assert_eq!(corrected("INDLKAT0R KLNERJA"), "INDIKATOR KINERJA");
        assert_eq!(corrected("TARGFT"), "TARGET");
        assert_eq!(corrected("PFLAKSANAAN"), "PELAKSANAAN");
        // Short words and words far from any title word are left alone.
        assert_eq!(corrected("NO B1 TW"), "NO B1 TW");
        assert_eq!(corrected("SATUAN"), "SATUAN");
        assert_eq!(corrected("TARIF"), "TARIF");
        let (layout, _) = header(&cells("NO\tSASARAM STRATEGIS\tINDlKAT0R KINERJA\tTARGFT"), None).unwrap();
        assert_eq!(layout.kind, DocKind::Pk);
        assert_eq!(layout.roles, [Role::No, Role::Objective, Role::Indicator, Role::Target]);
    }

    #[test]
    fn period_labels_in_their_spellings() {
        assert_eq!(period_label("B1", false), Some((PeriodKind::Month, 1)));
        assert_eq!(period_label("В12", false), Some((PeriodKind::Month, 12)), "Cyrillic B");
        assert_eq!(period_label("Tw 3", false), Some((PeriodKind::Quarter, 3)));
        assert_eq!(period_label("TW IV", false), Some((PeriodKind::Quarter, 4)));
        assert_eq!(period_label("Triwulan II", false), Some((PeriodKind::Quarter, 2)));
        assert_eq!(period_label("Maret", false), Some((PeriodKind::Month, 3)));
        assert_eq!(period_label("Agu", false), Some((PeriodKind::Month, 8)));
        assert_eq!(period_label("II", true), Some((PeriodKind::Quarter, 2)));
        assert_eq!(
            period_label("II", false),
            None,
            "a bare numeral only under a schedule title"
        );
        assert_eq!(period_label("B13", false), None);
        assert_eq!(period_label("Bl", false), Some((PeriodKind::Month, 1)), "OCR: l for 1");
        assert_eq!(period_label("BS", false), Some((PeriodKind::Month, 5)), "OCR: S for 5");
        assert_eq!(period_label("Bll", false), Some((PeriodKind::Month, 11)));
        assert_eq!(period_label("BAB", false), None);
        assert_eq!(period_label("TARGET", true), None);
    }

    #[test]
    fn a_monthly_rak_header_over_two_rows() {
        let top = cells(
            "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tRENCANA PELAKSANAAN\t\t\t\t\t\t\t\t\t\t\t\tPROGRAM / KEGIATAN\tPELAKSANA",
        );
        let sub = cells("\t\t\t\tB1\tB2\tB3\tB4\tB5\tB6\tB7\tB8\tB9\tB10\tB11\tB12\t\t");
        let (layout, two) = header(&top, Some(&sub)).unwrap();
        assert!(two);
        assert_eq!(layout.kind, DocKind::Rak);
        assert_eq!(layout.period_kind, Some(PeriodKind::Month));
        assert_eq!(layout.column(Role::Objective), Some(1));
        assert_eq!(layout.column(Role::Period(1)), Some(4));
        assert_eq!(layout.column(Role::Period(12)), Some(15));
        assert_eq!(layout.column(Role::Action), Some(16));
        assert_eq!(layout.column(Role::Executor), Some(17));
        assert_eq!(layout.width(), 18);
    }

    #[test]
    fn a_title_word_cut_in_two_is_joined() {
        assert_eq!(corrected("TAR GET"), "TARGET");
        assert_eq!(corrected("INDIKATOR KINERJ A"), "INDIKATOR KINERJA");
        assert_eq!(corrected("RENCANA PELAKSANAAN"), "RENCANA PELAKSANAAN");
        assert_eq!(corrected("NO SASARAN"), "NO SASARAN");
    }

    #[test]
    fn words_cut_at_their_hyphen_are_made_whole() {
        assert_eq!(
            whole_words("sesuai peraturan perundang- undangan"),
            "sesuai peraturan perundang-undangan"
        );
        assert_eq!(
            whole_words("masing- masing bagian, bukti- bukti"),
            "masing-masing bagian, bukti-bukti"
        );
        for kept in [
            "Tahun 2023 - 2024",
            "pra- dan pascabayar",
            "Kota Metro - Lampung",
            "B- Baik",
            "tanpa tanda",
        ] {
            assert_eq!(whole_words(kept), kept);
        }
    }

    #[test]
    fn ticks_as_ocr_reads_them_are_marks() {
        for t in ["√", "v", "V", "Vv", "vV", "\\/", " √v "] {
            assert!(is_mark(t), "{t:?}");
        }
        for t in ["", "vvvv", "1", "Vi", "/"] {
            assert!(!is_mark(t), "{t:?}");
        }
    }

    #[test]
    fn a_month_header_ocr_garbled_is_read_by_position() {
        // Tesseract on a 150-dpi scan: B1 as `Bl`, B5 as `BS`, B8 as `B3`, B11 as `Bll`, B12 lost.
        let top = cells(
            "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tRENCANA PELAKSANAAN\t\t\t\t\t\t\t\t\t\t\t\tPELAKSANA",
        );
        let sub = cells("\t\t\t\t\tBl\tB2\tB3\tB4\tBS\tB6\tB7\tB3\tB9\tB10\tBll\t8l2\t");
        let (layout, two) = header(&top, Some(&sub)).unwrap();
        assert!(two);
        assert_eq!(layout.kind, DocKind::Rak);
        assert_eq!(layout.period_kind, Some(PeriodKind::Month));
        let periods: Vec<(usize, u8)> = layout.periods();
        assert_eq!(periods, (5..17).zip(1..=12).collect::<Vec<_>>());
        assert_eq!(layout.column(Role::Executor), Some(17));
    }

    #[test]
    fn a_sub_row_of_words_is_no_period_header() {
        let top = cells("NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tJADWAL\t\t\t");
        let data = cells("1\tTerwujudnya\tPersentase\t100%\tv\t\tv\t");
        assert_eq!(header(&top, Some(&data)).map(|(_, two)| two), Some(false));
    }

    #[test]
    fn the_other_layouts_are_told_apart_by_their_headers() {
        let kind = |top: &str, sub: Option<&str>| {
            let sub = sub.map(cells);
            header(&cells(top), sub.as_deref()).map(|(l, _)| l.kind)
        };
        assert_eq!(
            kind(
                "NO\tSASARAN PROGRAM/KEGIATAN\tINDIKATOR KINERJA\tTARGET\tNAMA KEGIATAN AKSI",
                None
            ),
            Some(DocKind::Rkt)
        );
        assert_eq!(
            kind("NO\tIndikator Kinerja\tCara Perhitungan\tSumber Data", None),
            Some(DocKind::Iku)
        );
        assert_eq!(
            kind("NO\tSASARAN STRATEGIS\tINDIKATOR\tTARGET", None),
            Some(DocKind::Pk)
        );
        assert_eq!(
            kind(
                "SASARAN STRATEGIS\tINDIKATOR\tTarget (%)\tTarget (Kegiatan)\tRealisasi\tCapaian (%)",
                None
            ),
            Some(DocKind::Lkj)
        );
        assert_eq!(
            kind(
                "NO\tSASARAN PROGRAM/KEGIATAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTARGET KEGIATAN AKSI\tPelaksanaan Kegiatan\t\t\t\tANGGARAN\tPELAKSANA",
                Some("\t\t\t\t\t\tI\tII\tIII\tIV\t\t")
            ),
            Some(DocKind::Rak)
        );
        assert_eq!(kind("Nama\tJabatan\tNIP", None), None);
        assert_eq!(kind("", None), None);
    }

    #[test]
    fn column_number_rows() {
        assert!(is_column_numbers(&cells("1\t2\t3\t4\t5\t6\t\t\t\t7")));
        assert!(is_column_numbers(&cells("(1)\t(2)\t(3)")));
        assert!(!is_column_numbers(&cells("1\tTerwujudnya\t100%")));
        assert!(!is_column_numbers(&cells("2\t3\t4")));
    }
}
