//! Kinerja's official documents, rendered from the data: PK, RAK, RKT, IKU, monitoring reports
//! and the annual LKj, each as PDF, DOCX or XLSX.
//!
//! Each document is built once as a format-free [`doc::Document`] (by [`pk`], [`rak`],
//! [`registers`], [`monitoring`], [`lkj`]) from [`Inputs`] — an office's year and what surrounds
//! it, loaded through a scoped store by [`load`] so nobody prints what they may not read — and
//! then written by one of three writers:
//! - PDF: typst markup ([`markup`], which snapshot tests keep an eye on), compiled in a world that
//!   holds only that markup and the Liberation fonts embedded in the binary — no system fonts, no
//!   packages, no network, and a fixed date, so the same data give the same bytes;
//! - DOCX ([`docx`]) and XLSX ([`xlsx`]).
//!
//! Missing data never stop a document: they print "belum diisi" and are listed at its end.

pub mod doc;
pub mod docx;
pub mod draft;
pub mod inputs;
pub mod lhe;
pub mod lke;
pub mod lkj;
pub mod markup;
pub mod monitoring;
pub mod pk;
mod png;
pub mod rak;
pub mod registers;
mod world;
pub mod xlsx;

pub use world::{Raster, raster_of};

use std::collections::BTreeMap;
use std::str::FromStr;

use kinerja_domain::date::Date;
use kinerja_domain::model::{Office, Unit, Year};
use kinerja_domain::period::Period;
use kinerja_store::scoped::Scoped;

pub use doc::Document;
pub use inputs::Inputs;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The markup did not compile, or a writer failed: a defect of ours, with the message.
    #[error("the document could not be typeset: {0}")]
    Typeset(String),
    /// Something the document needs is missing from the data (named).
    #[error("{0}")]
    Incomplete(String),
    /// The request names something that does not exist (a unit, a period).
    #[error("{0}")]
    Request(String),
    #[error(transparent)]
    Store(#[from] kinerja_store::StoreError),
}

/// Compiles typst markup into PDF bytes. `date` is the document's date (for `datetime.today()`
/// and the PDF's metadata), so output depends only on the input.
pub fn pdf(markup: &str, date: Option<Date>) -> Result<Vec<u8>, DocError> {
    world::compile_pdf(markup, date)
}

/// Frees typst's memoisation caches of results not used in the last `max_age` compilations
/// (batches call it after each document so memory stays bounded).
pub fn evict_cache(max_age: usize) {
    world::evict(max_age);
}

/// The documents Kinerja makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Pk,
    Rak,
    Rkt,
    Iku,
    Monitoring,
    Lkj,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Pk, Kind::Rak, Kind::Rkt, Kind::Iku, Kind::Monitoring, Kind::Lkj];
    pub fn code(self) -> &'static str {
        match self {
            Kind::Pk => "pk",
            Kind::Rak => "rak",
            Kind::Rkt => "rkt",
            Kind::Iku => "iku",
            Kind::Monitoring => "monitoring",
            Kind::Lkj => "lkj",
        }
    }
    /// Whether the document is about one unit (PK, RAK), may be (monitoring), or is the office's.
    pub fn needs_unit(self) -> bool {
        matches!(self, Kind::Pk | Kind::Rak)
    }
    pub fn needs_period(self) -> bool {
        self == Kind::Monitoring
    }
}

impl FromStr for Kind {
    type Err = DocError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.code() == s.to_ascii_lowercase())
            .ok_or_else(|| DocError::Request(format!("unknown document {s:?} (pk, rak, rkt, iku, monitoring, lkj)")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Pdf,
    Docx,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Docx, Format::Xlsx];
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

impl FromStr for Format {
    type Err = DocError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == s.to_ascii_lowercase())
            .ok_or_else(|| DocError::Request(format!("unknown format {s:?} (pdf, docx, xlsx)")))
    }
}

/// What to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    /// A unit's name, code or alias (PK, RAK; optional for monitoring).
    pub unit: Option<String>,
    /// The month or quarter of a monitoring report.
    pub period: Option<Period>,
    pub format: Format,
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// A file name: `lkj-kpu-kota-metro-2024.pdf`.
    pub file_name: String,
    /// What was missing and printed as "belum diisi".
    pub gaps: Vec<String>,
}

/// The unit a request names; for a PK or RAK without one, the office's own (its top unit's).
fn requested_unit<'a>(inputs: &'a Inputs, request: &Request) -> Result<Option<&'a Unit>, DocError> {
    let plan = &inputs.plan;
    let codes = || {
        plan.units_in_tree_order()
            .iter()
            .map(|u| u.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &request.unit {
        Some(key) => inputs
            .unit(key)
            .map(Some)
            .ok_or_else(|| DocError::Request(format!("{} has no unit {key:?} (units: {})", plan.office.name, codes()))),
        None if request.kind.needs_unit() => {
            let top = kinerja_domain::achievement::top_unit(plan)
                .and_then(|id| plan.unit(id))
                .or_else(|| plan.units_in_tree_order().first().copied());
            match top {
                Some(u) => Ok(Some(u)),
                None => Err(DocError::Request(format!(
                    "{} has no units for {}",
                    plan.office.name, plan.year
                ))),
            }
        }
        None => Ok(None),
    }
}

/// Builds the requested document (format-free).
pub fn build(inputs: &Inputs, request: &Request) -> Result<Document, DocError> {
    let unit = requested_unit(inputs, request)?;
    let doc = match (request.kind, unit) {
        (Kind::Pk, Some(u)) => pk::document(inputs, u)?,
        (Kind::Rak, Some(u)) => rak::document(inputs, u)?,
        (Kind::Pk | Kind::Rak, None) => {
            return Err(DocError::Request(format!(
                "a {} is a unit's document: name the unit",
                request.kind.code().to_uppercase()
            )));
        }
        (Kind::Rkt, _) => registers::rkt(inputs)?,
        (Kind::Iku, _) => registers::iku(inputs)?,
        (Kind::Lkj, _) => lkj::document(inputs)?,
        (Kind::Monitoring, _) => {
            let period = request
                .period
                .ok_or_else(|| DocError::Request("a monitoring report needs a period (B1…B12 or TW1…TW4)".into()))?;
            monitoring::document(inputs, unit, period)?
        }
    };
    doc.check().map_err(DocError::Typeset)?;
    Ok(doc)
}

/// Writes a built document in a format, dated with the document's own date ([`Document::date`]).
pub fn write(doc: &Document, format: Format) -> Result<Vec<u8>, DocError> {
    match format {
        Format::Pdf => world::pdf_of(doc),
        Format::Docx => docx::render(doc, &world::contents_pages(doc)?),
        Format::Xlsx => xlsx::render(doc, doc.date),
    }
}

/// Builds the requested document as a PDF that carries `verification` (its code and QR on every
/// page): what is frozen as a final document.
pub fn render_verified(
    inputs: &Inputs,
    request: &Request,
    verification: doc::Verification,
) -> Result<Rendered, DocError> {
    let mut doc = build(inputs, request)?;
    doc.verification = Some(verification);
    let bytes = write(&doc, Format::Pdf)?;
    Ok(Rendered {
        bytes,
        file_name: file_name(
            inputs,
            &Request {
                format: Format::Pdf,
                ..request.clone()
            },
        ),
        gaps: doc.gaps,
    })
}

/// Builds and writes the requested document.
pub fn render(inputs: &Inputs, request: &Request) -> Result<Rendered, DocError> {
    let doc = build(inputs, request)?;
    let bytes = write(&doc, request.format)?;
    Ok(Rendered {
        bytes,
        file_name: file_name(inputs, request),
        gaps: doc.gaps,
    })
}

fn file_name(inputs: &Inputs, request: &Request) -> String {
    let mut parts = vec![request.kind.code().to_string()];
    if let Ok(Some(u)) = requested_unit(inputs, request) {
        parts.push(u.code.clone());
    }
    parts.push(inputs.plan.office.code.to_string());
    parts.push(inputs.plan.year.to_string());
    if let Some(p) = request.period {
        parts.push(p.to_string().to_lowercase());
    }
    format!("{}.{}", parts.join("-"), request.format.extension())
}

/// Loads what documents of `office`'s `year` need, through the user's scope (a user who may not
/// read the office gets the store's not-found). `date` is the date asked for, printed where a
/// document has no stored signing date (without it the date line is left blank).
pub async fn load(scoped: &Scoped<'_>, office: &Office, year: Year, date: Option<Date>) -> Result<Inputs, DocError> {
    let plan = scoped.year_plan(office.id, year).await?;
    let previous = match year.previous() {
        Some(last) => {
            let previous = scoped.year_plan(office.id, last).await?;
            (!previous.objectives.is_empty()).then(|| (*previous).clone())
        }
        None => None,
    };
    let renstra = scoped.renstra(office.id).await?;
    let scale = match &office.scale {
        Some(code) => scoped
            .scales_for(office.id)
            .await?
            .into_iter()
            .find(|s| &s.code == code),
        None => None,
    };
    let narratives: BTreeMap<String, String> = scoped
        .narratives(office.id, year)
        .await?
        .into_iter()
        .map(|n| (n.key, n.body))
        .collect();
    let progress = scoped.action_progress(office.id, year).await?;
    let above = scoped.staff_above(office.id, year).await?;
    Ok(Inputs {
        plan: (*plan).clone(),
        previous,
        renstra,
        scale,
        narratives,
        progress,
        above,
        date,
    })
}
