//! Import of the plans offices already have: RAK, PK, RKT, IKU and LKj tables, read from the text
//! of their PDFs, into Kinerja's terms (objectives, indicators, targets, actions with their
//! schedule, executors, signatories), with a warning — and its line — for everything that could
//! not be read as it stands. No I/O: it reads bytes it is given, and [`plan::drafts`] turns what
//! it read into the store's drafts for the caller to write.
//!
//! Start at [`text::read`]; the column roles of each layout are in [`layout`].

pub mod layout;
pub mod model;
pub mod plan;
pub mod sheet;
pub mod text;

pub use model::*;
pub use sheet::{SheetError, read_csv, read_xlsx};

/// Reads the text of a document (as extracted from a PDF).
pub fn read_text(source: &str) -> Imported {
    text::read(source)
}
