//! What an import recognised: documents with their objectives, indicators and actions, in the
//! words of the source, each with the line it came from; and the warnings, each with its line.

use serde::{Deserialize, Serialize};

/// The kinds of table the importer recognises, by their header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Rak,
    Pk,
    Rkt,
    Iku,
    Lkj,
}

impl DocKind {
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Rak => "rak",
            DocKind::Pk => "pk",
            DocKind::Rkt => "rkt",
            DocKind::Iku => "iku",
            DocKind::Lkj => "lkj",
        }
    }
}

/// Months (B1…B12) or quarters (Tw I…IV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Month,
    Quarter,
}

/// Everything read from one source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub documents: Vec<Document>,
    pub warnings: Vec<Warning>,
    /// A scan's pages as they were read: each page's image and where each line's cells were
    /// found on it, for the preview to draw the one over the other. Empty for other files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageView>,
}

/// A scanned page as read: its image (straightened, as OCR saw it) and the box of every cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageView {
    /// The page's image as PNG, at most [`crate::scan::PREVIEW_WIDTH`] pixels wide; not kept with
    /// the rest (the caller stores it apart).
    #[serde(skip)]
    pub png: Vec<u8>,
    /// Its size in pixels.
    pub width: u32,
    pub height: u32,
    pub cells: Vec<CellBox>,
}

/// Where a cell was read on a page: a box in fractions of the page (0–1, from the top left), the
/// line it became and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellBox {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub line: usize,
    pub text: String,
}

/// Something the importer could not read as it stands, or read with a guess: always with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// 1-based line of the source (the row, in a spreadsheet); 0 for the whole file.
    pub line: usize,
    /// The sheet, in a spreadsheet.
    pub sheet: Option<String>,
    /// The page, in a PDF or a scan (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// In Indonesian and English.
    pub message: kinerja_domain::i18n::Text,
}

/// One table (a page-break repetition of its header continues it) with its title and signatures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub kind: DocKind,
    /// The lines above the table that name it, joined by spaces.
    pub title: String,
    /// The office the title names, as written.
    pub office: Option<String>,
    /// The unit the title names, as written.
    pub unit: Option<String>,
    pub year: Option<kinerja_domain::model::Year>,
    pub period_kind: Option<PeriodKind>,
    pub objectives: Vec<Objective>,
    pub signatories: Vec<Signatory>,
    /// The budget printed under a PK table (`Program Anggaran` / `Kegiatan Anggaran`).
    pub budget: Vec<BudgetEntry>,
    /// The total printed under that budget, as written (`Rp. 15.534.394.000`).
    pub stated_budget_total: Option<String>,
    /// The line of the table's first header row.
    pub line: usize,
    /// The sheet, in a spreadsheet.
    pub sheet: Option<String>,
    /// When the header could not be read and the columns' roles were taken from what they hold:
    /// those roles, column by column (`1 SASARAN, 2 INDIKATOR, 3 TARGET, 5–16 B1–B12`), for the
    /// preview to show beside the table.
    #[serde(default)]
    pub columns_inferred: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub text: String,
    /// The NO cell, when printed.
    pub no: Option<String>,
    pub indicators: Vec<Indicator>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub text: String,
    /// Targets, realisations and achievements are kept as written; the domain's value parser
    /// reads them when they are applied or printed.
    pub target: Option<String>,
    /// `Target (Kegiatan)` of an LKj table.
    pub activity_target: Option<String>,
    pub formula: Option<String>,
    pub data_source: Option<String>,
    pub realisation: Option<String>,
    pub reported_achievement: Option<String>,
    pub actions: Vec<Action>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub text: String,
    /// Months 1–12 or quarters 1–4, as the document's `period_kind` says.
    pub periods: Vec<u8>,
    pub executor: Option<String>,
    /// As written (`8.170.412.000`).
    pub budget: Option<String>,
    /// TARGET KEGIATAN AKSI.
    pub target: Option<String>,
    pub line: usize,
}

/// One line of a PK's budget: a program or an activity and its ceiling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetEntry {
    pub name: String,
    /// `program` or `activity`, from the block's heading.
    pub level: String,
    /// As written, made plain: `Rp. 12.692.171.000`.
    pub amount: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    /// `pihak_pertama`, `pihak_kedua`, or `penandatangan` when the block names no party.
    pub role: String,
    pub name: String,
    pub position: String,
    pub nip: Option<String>,
    pub place_date: Option<String>,
    pub line: usize,
}

impl Imported {
    pub fn objectives(&self) -> usize {
        self.documents.iter().map(|d| d.objectives.len()).sum()
    }
    pub fn indicators(&self) -> usize {
        self.documents
            .iter()
            .flat_map(|d| &d.objectives)
            .map(|o| o.indicators.len())
            .sum()
    }
    pub fn actions(&self) -> usize {
        self.documents
            .iter()
            .flat_map(|d| &d.objectives)
            .flat_map(|o| &o.indicators)
            .map(|i| i.actions.len())
            .sum()
    }
}
