//! What a text typed by a user may hold: how long it may be and which characters it may carry.
//!
//! Checked wherever text enters Kinerja (every store write, the web's forms, imports), so no
//! page, database or document ever meets a text it cannot hold: a 40.000-character objective
//! breaks the LKj's XLSX (a cell holds 32.767 characters), a NUL byte is refused by PostgreSQL
//! and makes a DOCX that Word will not open, a right-to-left override (U+202E) turns
//! `laporan<U+202E>fdp.exe` into what looks like a PDF.
//!
//! The rules: a field has a length in characters ([`Field::max_chars`]); no control character
//! except a tab, and a line break only in the fields that hold paragraphs ([`Field::multiline`]);
//! no bidirectional override or isolate; no Unicode noncharacter (XML cannot hold U+FFFE).

use crate::format;
use crate::i18n::{Lang, Text};

/// A text field, named as the forms name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Sasaran.
    Objective,
    /// Indikator kinerja.
    Indicator,
    /// Kegiatan (RAK).
    Action,
    /// Pelaksana.
    Executor,
    /// Cara perhitungan.
    Computation,
    /// Sumber data.
    DataSource,
    /// Kendala.
    Obstacles,
    /// Tindak lanjut.
    FollowUp,
    /// A piece of evidence written as a reference (a document's name or place).
    Evidence,
    Comment,
    /// A note on an action done or not done.
    Note,
    /// An LKj text (foreword, analysis, conclusion).
    Narrative,
    /// Why a change is made (the audit log's reason).
    Reason,
    OfficeName,
    UnitName,
    PersonName,
    Nip,
    PositionTitle,
    Place,
    Address,
    Vision,
    Mission,
    Goal,
    Login,
    UserName,
    TokenName,
    /// The name of an uploaded file, as the uploader's computer called it.
    FileName,
    /// A code (office, unit, scale), as the command line and URLs use it.
    Code,
    /// A value as written (`97,5%`, `2 Laporan`).
    Value,
    /// A value that is prose ("Tersusunnya dokumen …"), kept as text.
    TextValue,
    /// A line of a budget (program, activity).
    BudgetLine,
    /// Where a plan came from (an import's file and table).
    Source,
    Password,
    /// Anything else short (a label, a search).
    Short,
}

impl Field {
    /// The longest text accepted, in characters.
    pub const fn max_chars(self) -> usize {
        match self {
            Field::Objective | Field::Indicator | Field::Action | Field::Goal => 2_000,
            Field::Computation | Field::DataSource | Field::Vision | Field::Mission => 2_000,
            Field::Obstacles | Field::FollowUp | Field::Note => 5_000,
            Field::Comment => 2_000,
            // Under the 32.767 characters an XLSX cell holds, with room for a heading.
            Field::Narrative => 30_000,
            Field::Executor | Field::Evidence | Field::Reason | Field::TextValue => 1_000,
            Field::BudgetLine | Field::Source => 2_000,
            Field::Address => 500,
            Field::OfficeName | Field::UnitName | Field::PersonName | Field::PositionTitle | Field::Place => 300,
            Field::UserName | Field::FileName => 255,
            Field::Value | Field::Short => 200,
            Field::TokenName => 100,
            Field::Login | Field::Code => 64,
            Field::Nip => 30,
            Field::Password => 1_024,
        }
    }

    /// Whether the field holds paragraphs (line breaks allowed).
    pub fn multiline(self) -> bool {
        matches!(
            self,
            Field::Computation
                | Field::DataSource
                | Field::Obstacles
                | Field::FollowUp
                | Field::Comment
                | Field::Note
                | Field::Narrative
                | Field::Reason
                | Field::Address
                | Field::Vision
                | Field::Mission
        )
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (id, en) = match self {
            Field::Objective => ("Sasaran", "Objective"),
            Field::Indicator => ("Indikator", "Indicator"),
            Field::Action => ("Kegiatan", "Action"),
            Field::Executor => ("Pelaksana", "Executor"),
            Field::Computation => ("Cara perhitungan", "Computation"),
            Field::DataSource => ("Sumber data", "Data source"),
            Field::Obstacles => ("Kendala", "Obstacles"),
            Field::FollowUp => ("Tindak lanjut", "Follow-up"),
            Field::Evidence => ("Bukti dukung", "Evidence"),
            Field::Comment => ("Komentar", "Comment"),
            Field::Note => ("Catatan", "Note"),
            Field::Narrative => ("Narasi", "Narrative"),
            Field::Reason => ("Alasan", "Reason"),
            Field::OfficeName => ("Nama kantor", "Office name"),
            Field::UnitName => ("Nama unit", "Unit name"),
            Field::PersonName => ("Nama", "Name"),
            Field::Nip => ("NIP", "NIP"),
            Field::PositionTitle => ("Jabatan", "Position"),
            Field::Place => ("Tempat", "Place"),
            Field::Address => ("Alamat", "Address"),
            Field::Vision => ("Visi", "Vision"),
            Field::Mission => ("Misi", "Mission"),
            Field::Goal => ("Tujuan", "Goal"),
            Field::Login => ("Nama pengguna", "Login"),
            Field::UserName => ("Nama", "Name"),
            Field::TokenName => ("Nama token", "Token name"),
            Field::FileName => ("Nama berkas", "File name"),
            Field::Code => ("Kode", "Code"),
            Field::Value | Field::TextValue => ("Nilai", "Value"),
            Field::BudgetLine => ("Baris anggaran", "Budget line"),
            Field::Source => ("Sumber", "Source"),
            Field::Password => ("Kata sandi", "Password"),
            Field::Short => ("Isian", "Field"),
        };
        match lang {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// Why a text is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputErrorKind {
    TooLong {
        chars: usize,
        max: usize,
    },
    /// A control character (NUL, escape …), or a line break in a one-line field.
    Control {
        code: u32,
    },
    /// A character that reverses or isolates the direction of text (U+202A–U+202E, U+2066–U+2069).
    Bidi {
        code: u32,
    },
    /// U+FFFE, U+FFFF and the like: not characters, and XML cannot hold them.
    Noncharacter {
        code: u32,
    },
}

/// A refused text: which field, what, and where (1-based character column).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.text().en)]
pub struct InputError {
    pub field: Field,
    pub column: usize,
    pub kind: InputErrorKind,
}

impl InputError {
    pub fn text(&self) -> Text {
        let (id, en) = match &self.kind {
            InputErrorKind::TooLong { chars, max } => (
                format!(
                    "terlalu panjang: {} karakter, paling banyak {}",
                    format::number((*chars).into(), 0),
                    format::number((*max).into(), 0)
                ),
                format!("too long: {chars} characters, at most {max}"),
            ),
            InputErrorKind::Control { code } if matches!(*code, 0x0a | 0x0d) => (
                format!(
                    "baris baru di kolom {} tidak diizinkan di isian satu baris",
                    self.column
                ),
                format!(
                    "a line break at column {} is not allowed in a one-line field",
                    self.column
                ),
            ),
            InputErrorKind::Control { code } => (
                format!("karakter kendali U+{code:04X} di kolom {} tidak diizinkan", self.column),
                format!(
                    "control character U+{code:04X} at column {} is not allowed",
                    self.column
                ),
            ),
            InputErrorKind::Bidi { code } => (
                format!(
                    "karakter pembalik arah teks U+{code:04X} di kolom {} tidak diizinkan",
                    self.column
                ),
                format!(
                    "text direction override U+{code:04X} at column {} is not allowed",
                    self.column
                ),
            ),
            InputErrorKind::Noncharacter { code } => (
                format!("U+{code:04X} di kolom {} bukan karakter yang sah", self.column),
                format!("U+{code:04X} at column {} is not a valid character", self.column),
            ),
        };
        Text::new(
            format!("{}: {id}", self.field.label(Lang::Id)),
            format!("{}: {en}", self.field.label(Lang::En)),
        )
    }
}

/// A character that changes the direction of the text around it.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// U+FDD0–U+FDEF and the last two code points of every plane.
pub fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xfdd0..=0xfdef).contains(&u) || (u & 0xfffe) == 0xfffe
}

/// Why `c` may not stand in `field`, if it may not.
fn refused(field: Field, c: char) -> Option<InputErrorKind> {
    let code = c as u32;
    if c.is_control() {
        let allowed = c == '\t' || (field.multiline() && matches!(c, '\n' | '\r'));
        return (!allowed).then_some(InputErrorKind::Control { code });
    }
    if is_bidi_control(c) {
        return Some(InputErrorKind::Bidi { code });
    }
    if is_noncharacter(c) {
        return Some(InputErrorKind::Noncharacter { code });
    }
    None
}

/// Checks a text for `field`: its length and its characters.
pub fn check(field: Field, text: &str) -> Result<(), InputError> {
    let mut chars = 0;
    for (i, c) in text.chars().enumerate() {
        if let Some(kind) = refused(field, c) {
            return Err(InputError {
                field,
                column: i + 1,
                kind,
            });
        }
        chars += 1;
    }
    let max = field.max_chars();
    if chars > max {
        return Err(InputError {
            field,
            column: max + 1,
            kind: InputErrorKind::TooLong { chars, max },
        });
    }
    Ok(())
}

/// Checks an optional text.
pub fn check_opt(field: Field, text: Option<&str>) -> Result<(), InputError> {
    text.map_or(Ok(()), |t| check(field, t))
}

/// An e-mail address as a person types it, trimmed: one `@` with a local part (at most 64
/// characters) before it and a domain after it (letters, digits, `-` and `.`, not starting,
/// ending or doubling a dot), at most 254 characters in all, no space or control character.
/// What SMTP servers accept in practice; quoted local parts are refused.
pub fn email(text: &str) -> Result<String, Text> {
    let s = text.trim();
    let wrong = |id: &str, en: &str| {
        Err(Text::new(
            format!("alamat surel '{}' {id}; contoh: nama@kpu.go.id", clip(s)),
            format!("the e-mail address '{}' {en}; e.g. name@kpu.go.id", clip(s)),
        ))
    };
    if s.chars().count() > 254 {
        return wrong("lebih dari 254 karakter", "is longer than 254 characters");
    }
    let Some((local, domain)) = s.split_once('@') else {
        return wrong("tidak memuat @", "has no @");
    };
    if local.is_empty() || local.chars().count() > 64 {
        return wrong("tidak memiliki nama sebelum @", "has no name before the @");
    }
    let local_ok = local
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c) && !is_bidi_control(c));
    if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return wrong(
            "memuat karakter yang tidak boleh sebelum @",
            "has a character not allowed before the @",
        );
    }
    let domain_ok = !domain.is_empty()
        && domain.split('.').all(|part| {
            !part.is_empty()
                && !part.starts_with('-')
                && !part.ends_with('-')
                && part.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    if !domain_ok {
        return wrong(
            "tidak memiliki domain yang benar setelah @",
            "has no valid domain after the @",
        );
    }
    Ok(s.to_string())
}

/// At most 60 characters of a text quoted in a message.
fn clip(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .take(60)
        .collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// A text read from a document, made fit for a one-line field: control characters and line
/// breaks become spaces, direction overrides and noncharacters are dropped, runs of spaces
/// become one. (What an import reads is always cleaned like this before it is checked.)
pub fn clean_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push(' ');
        } else if !is_bidi_control(c) && !is_noncharacter(c) {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The name of an uploaded file as it may be kept and shown: only its last path component,
/// without control characters, direction overrides or noncharacters, at most
/// [`Field::FileName`]'s length; `berkas` when nothing is left.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // In a name a control character is dropped, not made a space (`a\0b.pdf` is `ab.pdf`).
    let kept: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = clean_line(&kept);
    let max = Field::FileName.max_chars();
    let kept: String = if cleaned.chars().count() > max {
        // Keep the extension: cut the stem.
        let (stem, ext) = match cleaned.rsplit_once('.') {
            Some((s, e)) if e.chars().count() <= 10 => (s, format!(".{e}")),
            _ => (cleaned.as_str(), String::new()),
        };
        let room = max - ext.chars().count();
        stem.chars().take(room).collect::<String>() + &ext
    } else {
        cleaned
    };
    let kept = kept.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string();
    if kept.is_empty() { "berkas".to_string() } else { kept }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_counted_in_characters() {
        let ok = "é".repeat(2_000);
        assert!(
            check(Field::Objective, &ok).is_ok(),
            "2.000 characters of two bytes each"
        );
        let long = "a".repeat(2_001);
        let e = check(Field::Objective, &long).unwrap_err();
        assert_eq!(
            e.kind,
            InputErrorKind::TooLong {
                chars: 2_001,
                max: 2_000
            }
        );
        assert_eq!(
            e.text().id,
            "Sasaran: terlalu panjang: 2.001 karakter, paling banyak 2.000"
        );
        assert_eq!(e.text().en, "Objective: too long: 2001 characters, at most 2000");
    }

    #[test]
    fn control_characters_are_refused_with_their_column() {
        let e = check(Field::Login, "ab\0c").unwrap_err();
        assert_eq!(e.kind, InputErrorKind::Control { code: 0 });
        assert_eq!(e.column, 3);
        assert_eq!(
            e.text().id,
            "Nama pengguna: karakter kendali U+0000 di kolom 3 tidak diizinkan"
        );
        assert!(check(Field::Objective, "a\u{1b}[31m").is_err(), "escape");
        assert!(check(Field::Objective, "a\u{85}b").is_err(), "C1 control");
    }

    #[test]
    fn line_breaks_only_where_paragraphs_are() {
        assert!(check(Field::Obstacles, "satu\r\ndua\n\ttiga").is_ok());
        let e = check(Field::Objective, "satu\ndua").unwrap_err();
        assert_eq!(e.kind, InputErrorKind::Control { code: 10 });
        assert!(e.text().id.contains("baris baru di kolom 5"), "{}", e.text().id);
        assert!(check(Field::Objective, "a\tb").is_ok(), "a tab is pasted from a table");
    }

    #[test]
    fn direction_overrides_and_noncharacters_are_refused() {
        let e = check(Field::Comment, "laporan\u{202e}fdp.exe").unwrap_err();
        assert_eq!(e.kind, InputErrorKind::Bidi { code: 0x202e });
        assert_eq!(e.column, 8);
        assert!(check(Field::Narrative, "a\u{2067}b").is_err());
        assert_eq!(
            check(Field::Narrative, "a\u{fffe}").unwrap_err().kind,
            InputErrorKind::Noncharacter { code: 0xfffe }
        );
        assert!(check(Field::Narrative, "a\u{10ffff}").is_err());
        assert!(check(Field::Narrative, "Sasaran √ 97,5% — “baik” 😀").is_ok());
    }

    #[test]
    fn imported_lines_are_cleaned() {
        assert_eq!(
            clean_line(" Meningkatnya\nkualitas\0 \u{202e}layanan\t "),
            "Meningkatnya kualitas layanan"
        );
        assert!(check(Field::Objective, &clean_line("a\u{0}\u{7}\u{fffe}b\r\nc")).is_ok());
    }

    #[test]
    fn file_names_keep_only_what_is_safe() {
        assert_eq!(clean_file_name("laporan\u{202e}fdp.exe"), "laporanfdp.exe");
        assert_eq!(clean_file_name("C:\\Users\\op\\Bukti 1.pdf"), "Bukti 1.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("\0\n"), "berkas");
        assert_eq!(clean_file_name(".."), "berkas");
        let long = format!("{}.pdf", "a".repeat(400));
        let kept = clean_file_name(&long);
        assert_eq!(kept.chars().count(), 255);
        assert!(kept.ends_with("a.pdf"));
    }

    #[test]
    fn email_addresses_people_type() {
        assert_eq!(
            email("  operator.metro@kpu.go.id ").unwrap(),
            "operator.metro@kpu.go.id"
        );
        assert_eq!(email("a@b").unwrap(), "a@b");
        for bad in [
            "",
            "kpu.go.id",
            "@kpu.go.id",
            "a@",
            "a@@b.id",
            "a b@kpu.go.id",
            "a@kpu..go.id",
            "a@-kpu.go.id",
            ".a@kpu.go.id",
            "a..b@kpu.go.id",
            "a@kpu.go.id\nBcc: x@y.z",
            "<a@b.c>",
            "a\u{202e}@b.c",
        ] {
            let e = email(bad).expect_err(bad);
            assert!(e.id.contains("contoh: nama@kpu.go.id"), "{bad}: {}", e.id);
        }
        let long = format!("{}@{}.id", "a".repeat(64), "b".repeat(186));
        assert_eq!(email(&long).unwrap().len(), 254);
        let too_long = format!("{}@{}.id", "a".repeat(64), "b".repeat(200));
        assert!(email(&too_long).unwrap_err().id.contains("254"));
        assert!(email(&format!("{}@b.id", "a".repeat(65))).is_err());
    }
}
