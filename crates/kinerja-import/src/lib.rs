//! Import of the plans offices already have: RAK, PK, RKT, IKU and LKj tables, read from the text
//! of their PDFs, into Kinerja's terms (objectives, indicators, targets, actions with their
//! schedule, executors, signatories), with a warning — and its line — for everything that could
//! not be read as it stands. Pure: no I/O; nothing here writes.
//!
//! Start at [`text::read`]; the column roles of each layout are in [`layout`].

pub mod layout;
pub mod model;
pub mod sheet;
pub mod text;

pub use model::*;
pub use sheet::{SheetError, read_csv, read_xlsx};

/// Reads the text of a document (as extracted from a PDF).
pub fn read_text(source: &str) -> Imported {
    text::read(source)
}
