//! The typst world: one source file, the embedded fonts, a fixed date.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::DocError;
use crate::doc::Document;
use crate::markup::{self, Keep};

/// Liberation Sans and Serif (regular, bold, italic), in the binary.
pub(crate) const FONT_FILES: &[&[u8]] = &[
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
];

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Fonts are parsed once per process.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

struct DocWorld {
    main: Source,
    today: Option<Datetime>,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn today_of(date: Option<kinerja_domain::date::Date>) -> Result<Option<Datetime>, DocError> {
    match date {
        Some(date) => Ok(Some(
            Datetime::from_ymd(date.year(), date.month(), date.day())
                .ok_or_else(|| DocError::Typeset(format!("date {date}")))?,
        )),
        None => Ok(None),
    }
}

/// Lays `markup` out into pages.
fn layout(markup: &str, today: Option<Datetime>) -> Result<PagedDocument, DocError> {
    let path = VirtualPath::new("/main.typ").map_err(|e| DocError::Typeset(format!("{e:?}")))?;
    let id = FileId::new(RootedPath::new(VirtualRoot::Project, path));
    let world = DocWorld {
        main: Source::new(id, markup.to_string()),
        today,
    };
    typst::compile(&world)
        .output
        .map_err(|e| DocError::Typeset(messages(&e)))
}

fn export(document: &PagedDocument, today: Option<Datetime>) -> Result<Vec<u8>, DocError> {
    let options = typst_pdf::PdfOptions {
        timestamp: today.map(typst_pdf::Timestamp::new_utc),
        ..Default::default()
    };
    typst_pdf::pdf(document, &options).map_err(|e| DocError::Typeset(messages(&e)))
}

/// `date`: the document's date (its `datetime.today()` and the PDF's creation date); without
/// one the PDF carries no creation date, so the same data still give the same bytes.
pub fn compile_pdf(markup: &str, date: Option<kinerja_domain::date::Date>) -> Result<Vec<u8>, DocError> {
    let today = today_of(date)?;
    export(&layout(markup, today)?, today)
}

/// The page a label landed on, if it is in the document once.
fn page_of(document: &PagedDocument, label: &str) -> Option<usize> {
    use typst::introspection::Introspector;
    let label = typst::foundations::Label::new(typst::utils::PicoStr::intern(label))?;
    let introspector = document.introspector();
    let content = introspector.query_label(label).ok()?;
    introspector.page(content.location()?).map(|p| p.get())
}

/// The tables the first layout left with an orphan: the last row (a total) or the last two rows
/// alone at the top of a page, or the signatures after the table alone on a page.
fn orphaned(document: &PagedDocument, doc: &Document) -> Keep {
    let mut keep = Keep::default();
    for (n, t, signed) in markup::numbered_tables(doc) {
        let row = |k| page_of(document, &markup::row_label(n, k));
        let (r1, r2, r3) = (row(1), row(2), row(3));
        let later = |a: Option<usize>, b: Option<usize>| matches!((a, b), (Some(a), Some(b)) if a > b);
        let sig = signed.then(|| page_of(document, &markup::signature_label(n))).flatten();
        if t.rows.len() > 3 && (later(r1, r2) || later(r2, r3)) || t.rows.len() > 1 && later(sig, r1) {
            keep.0.insert(n);
        }
    }
    keep
}

/// A document as PDF: laid out once; when that leaves a table's last rows or its signatures
/// orphaned on a page of their own, laid out again with those tails moved to the next page
/// together (header repeated, signatures kept with them).
pub fn pdf_of(doc: &Document) -> Result<Vec<u8>, DocError> {
    let today = today_of(doc.date)?;
    let first = layout(&markup::render(doc), today)?;
    let keep = orphaned(&first, doc);
    if keep.0.is_empty() {
        return export(&first, today);
    }
    let second = layout(&markup::render_with(doc, &keep), today)?;
    export(&second, today)
}

/// The label of the metadata that lists the outlined headings with their page labels.
const TOC_LABEL: &str = "kinerja-toc";

/// The contents as the PDF lays them out: each outlined heading's text and the label of its
/// page ("iii", "12"; empty on an unnumbered page), in the document's order. The DOCX carries
/// them as the contents' cached page numbers, so a word processor shows them before (or
/// without) updating the field.
pub fn contents_pages(doc: &Document) -> Result<Vec<(String, String)>, DocError> {
    if !doc.blocks.iter().any(|b| matches!(b, crate::doc::Block::Contents)) {
        return Ok(vec![]);
    }
    let today = today_of(doc.date)?;
    let mut markup = markup::render(doc);
    markup.push_str(&format!(
        "\n#context [#metadata(query(heading.where(outlined: true)).map(h => {{\n  \
         let pattern = h.location().page-numbering()\n  \
         let page = if pattern == none {{ \"\" }} else {{ numbering(pattern, ..counter(page).at(h.location())) }}\n  \
         (if h.body.has(\"text\") {{ h.body.text }} else {{ \"\" }}, page)\n}})) <{TOC_LABEL}>]\n"
    ));
    use typst::introspection::Introspector;
    let document = layout(&markup, today)?;
    let label = typst::foundations::Label::new(typst::utils::PicoStr::intern(TOC_LABEL))
        .ok_or_else(|| DocError::Typeset("contents label".into()))?;
    let content = document
        .introspector()
        .query_label(label)
        .map_err(|e| DocError::Typeset(format!("contents: {e:?}")))?;
    let value = content
        .get_by_name("value")
        .map_err(|e| DocError::Typeset(format!("contents: {e:?}")))?;
    let typst::foundations::Value::Array(entries) = value else {
        return Ok(vec![]);
    };
    let mut out = vec![];
    for entry in entries.iter() {
        let typst::foundations::Value::Array(pair) = entry else {
            continue;
        };
        let text = |k: usize| match pair.at(k as i64, None) {
            Ok(typst::foundations::Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        out.push((text(0), text(1)));
    }
    Ok(out)
}

/// Drops memoised results older than `max_age` compilations.
pub fn evict(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// A page as grey pixels (0 black, 255 white), row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub grey: Vec<u8>,
}

/// The most pixels a page is drawn with (A4 at 600 dpi is 35 million).
const MAX_RASTER_PIXELS: f64 = 40_000_000.0;

/// A document's pages drawn at `dpi`, as a printer (or a scanner reading the print) sees them.
pub fn raster_of(doc: &Document, dpi: f32) -> Result<Vec<Raster>, DocError> {
    let today = today_of(doc.date)?;
    let document = layout(&markup::render(doc), today)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(dpi) / 72.0),
        ..Default::default()
    };
    document
        .pages()
        .iter()
        .map(|page| {
            let size = page.frame.size();
            let pixels = size.x.to_pt() * size.y.to_pt() * f64::from(dpi / 72.0).powi(2);
            if dpi.is_nan() || dpi <= 0.0 || pixels > MAX_RASTER_PIXELS {
                return Err(DocError::Request(format!("a page drawn at {dpi} dpi is too large")));
            }
            let pixmap = typst_render::render(page, &options);
            let grey = pixmap
                .pixels()
                .iter()
                .map(|p| {
                    // Premultiplied over white paper.
                    let c = p.demultiply();
                    let a = u32::from(c.alpha());
                    let lum =
                        (299 * u32::from(c.red()) + 587 * u32::from(c.green()) + 114 * u32::from(c.blue())) / 1000;
                    ((lum * a + 255 * (255 - a)) / 255) as u8
                })
                .collect();
            Ok(Raster {
                width: pixmap.width(),
                height: pixmap.height(),
                grey,
            })
        })
        .collect()
}
