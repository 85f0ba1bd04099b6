//! Kinerja's official documents, rendered from the data.
//!
//! PDF goes through typst used as a library: each document is written as typst markup
//! ([`markup`]), which snapshot tests keep an eye on, and compiled in a world that holds only
//! that markup and the Liberation fonts embedded in the binary — no system fonts, no packages, no
//! network, and a fixed date, so the same data give the same bytes.
//!
//! Work in progress (issue 4): the PK is the first document.

pub mod markup;
pub mod pk;
mod world;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The markup did not compile: a defect of ours, with typst's messages.
    #[error("the document could not be typeset: {0}")]
    Typeset(String),
    /// Something the document needs is missing from the data (named).
    #[error("{0}")]
    Incomplete(String),
}

/// Compiles typst markup into PDF bytes. `date` is the document's date (for `datetime.today()`
/// and the PDF's metadata), so output depends only on the input.
pub fn pdf(markup: &str, date: kinerja_domain::date::Date) -> Result<Vec<u8>, DocError> {
    world::compile_pdf(markup, date)
}
