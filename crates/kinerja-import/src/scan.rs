//! Scans: a page image (PNG, JPEG, TIFF, or the image a PDF page is made of) read by OCR into
//! the same words and ruling lines a PDF's text layer gives, so [`crate::pdf`] rebuilds the cells
//! from positions as it does for a text PDF.
//!
//! Each page is made grey, binarised (Otsu), straightened (the skew that maximises the contrast
//! of the row profile, within ±3°), and searched for ruling lines: long runs of dark pixels,
//! horizontal and vertical (a short vertical run counts only between two horizontal lines: a
//! letter's stem is no wall). The lines are painted out and the page handed to a
//! [`Recognizer`] — [`Tesseract`], a program from Debian's `tesseract-ocr`, run on a page at a
//! time with a time limit — whose words come back with their boxes. Pixels become points at the
//! page's resolution, estimated from its size as A4.
//!
//! This is the one place import does I/O: it runs Tesseract. Everything else is given bytes.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::GrayImage;
use kinerja_domain::i18n::Text;

use crate::pdf::{Page, Rule, Word};

mod geometry;

pub use geometry::PixelLine;
use geometry::{PixelBox, components, despeckle, erase, otsu, rotate, ruling_lines, skew};

/// The most pages of a scan read: OCR takes seconds a page.
pub const MAX_SCAN_PAGES: usize = 30;

/// The largest page image read, in pixels (A4 at 300 dpi is 8,7 million).
pub const MAX_PIXELS: u64 = 40_000_000;

/// The longest side of a page image, in pixels.
const MAX_SIDE: u32 = 12_000;

/// The long side of a page image as OCR reads it: A4 at 300 dpi.
const OCR_LONG_SIDE: u32 = 3_508;

/// Whether the bytes are an image import reads (PNG, JPEG or TIFF).
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
}

/// A word OCR read, in the pixels of the page image it was given (y downwards).
#[derive(Debug, Clone, PartialEq)]
pub struct PixelWord {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    pub text: String,
    /// Tesseract's confidence, 0–100.
    pub confidence: f32,
}

/// How the text of an image stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// A page: words anywhere, in tables and around them (Tesseract's `--psm 11`).
    Page,
    /// A column of small pieces one under another (Tesseract's `--psm 6`).
    Column,
}

/// Reads the words of an image. `dpi` is its resolution as estimated from its size.
pub trait Recognizer: Sync {
    fn words(&self, image: &GrayImage, dpi: u32, spread: Spread) -> Result<Vec<PixelWord>, Text>;
}

/// Tesseract, run as a program: `tesseract stdin stdout -l ind+eng --psm 11 tsv`.
#[derive(Debug, Clone)]
pub struct Tesseract {
    /// The program (`tesseract` on the PATH unless `KINERJA_TESSERACT` names another).
    pub program: String,
    /// Tesseract's languages: Indonesian first, English for the English words plans carry.
    pub languages: String,
    /// How long a page may take before Tesseract is stopped.
    pub timeout: Duration,
}

impl Default for Tesseract {
    fn default() -> Self {
        Tesseract {
            program: std::env::var("KINERJA_TESSERACT").unwrap_or_else(|_| "tesseract".into()),
            languages: "ind+eng".into(),
            timeout: Duration::from_secs(120),
        }
    }
}

/// Tesseract is missing: what to install.
fn not_installed(program: &str) -> Text {
    Text::new(
        format!(
            "berkas hasil pindai dibaca dengan OCR, tetapi Tesseract ({program}) tidak terpasang: pasang paket Debian tesseract-ocr dan tesseract-ocr-ind, atau unggah berkas Word, XLSX, atau PDF yang berisi teks"
        ),
        format!(
            "a scanned file is read by OCR, but Tesseract ({program}) is not installed: install the Debian packages tesseract-ocr and tesseract-ocr-ind, or upload the Word, XLSX or text PDF file"
        ),
    )
}

fn failed(why: &str) -> Text {
    let why: String = why.chars().take(300).collect();
    Text::new(format!("OCR gagal: {why}"), format!("OCR failed: {why}"))
}

impl Recognizer for Tesseract {
    fn words(&self, page: &GrayImage, dpi: u32, spread: Spread) -> Result<Vec<PixelWord>, Text> {
        let psm = match spread {
            Spread::Page => "11",
            Spread::Column => "6",
        };
        let mut child = Command::new(&self.program)
            .args(["stdin", "stdout", "-l", &self.languages, "--psm", psm, "--dpi"])
            .arg(dpi.to_string())
            .arg("tsv")
            // One thread a page: the server reads scans for 553 offices on two cores.
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => not_installed(&self.program),
                _ => failed(&e.to_string()),
            })?;
        // The page as PGM, written on a thread of its own so a full pipe cannot stall us.
        let mut pgm = format!("P5\n{} {}\n255\n", page.width(), page.height()).into_bytes();
        pgm.extend_from_slice(page.as_raw());
        let mut stdin = child.stdin.take().ok_or_else(|| failed("no stdin"))?;
        let writer = std::thread::spawn(move || stdin.write_all(&pgm));
        let mut stdout = child.stdout.take().ok_or_else(|| failed("no stdout"))?;
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            // A page's TSV is some hundred kilobytes; more is no page.
            (&mut stdout).take(32 * 1024 * 1024).read_to_end(&mut out).map(|_| out)
        });
        let mut stderr = child.stderr.take().ok_or_else(|| failed("no stderr"))?;
        let errors = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut out);
            out
        });
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if start.elapsed() > self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let s = self.timeout.as_secs();
                    return Err(Text::new(
                        format!("OCR satu halaman melewati {s} detik dan dihentikan"),
                        format!("OCR of one page took over {s} seconds and was stopped"),
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(failed(&e.to_string())),
            }
        };
        let _ = writer.join();
        let out = reader
            .join()
            .map_err(|_| failed("reader"))?
            .map_err(|e| failed(&e.to_string()))?;
        let errors = String::from_utf8_lossy(&errors.join().unwrap_or_default()).into_owned();
        if !status.success() {
            if errors.contains("Failed loading language") || errors.contains("Error opening data file") {
                return Err(Text::new(
                    format!(
                        "Tesseract terpasang tanpa data bahasa ({}): pasang paket Debian tesseract-ocr-ind dan tesseract-ocr-eng",
                        self.languages
                    ),
                    format!(
                        "Tesseract is installed without its language data ({}): install the Debian packages tesseract-ocr-ind and tesseract-ocr-eng",
                        self.languages
                    ),
                ));
            }
            return Err(failed(errors.lines().last().unwrap_or("exit status")));
        }
        Ok(parse_tsv(&String::from_utf8_lossy(&out)))
    }
}

/// The words of Tesseract's TSV (level 5 rows: `5 page block par line word left top width height
/// conf text`), without the ones it had no confidence in at all.
pub fn parse_tsv(tsv: &str) -> Vec<PixelWord> {
    tsv.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                return None;
            }
            let n = |i: usize| f[i].trim().parse::<u32>().ok();
            let conf: f32 = f[10].trim().parse().ok()?;
            let text = f[11..].join(" ").trim().to_string();
            if text.is_empty() || conf < 0.0 || (conf < 30.0 && !text.chars().any(char::is_alphanumeric)) {
                return None;
            }
            Some(PixelWord {
                left: n(6)?,
                top: n(7)?,
                width: n(8)?,
                height: n(9)?,
                text,
                confidence: conf,
            })
        })
        .collect()
}

/// The page images of a scan: an image file (its first frame), or each page of a PDF without a
/// text layer (the largest image on the page; a page without one is blank).
pub(crate) fn page_images(bytes: &[u8]) -> Result<Vec<Option<GrayImage>>, Text> {
    if is_image(bytes) {
        return decode(bytes).map(|i| vec![Some(i)]);
    }
    crate::pdf_guard::read(bytes, || pdf_page_images(bytes))
}

fn pdf_page_images(bytes: &[u8]) -> Result<Vec<Option<GrayImage>>, Text> {
    let (doc, count) = crate::pdf::open(bytes)?;
    if count > MAX_SCAN_PAGES {
        return Err(too_many_pages(count));
    }
    let mut pages = Vec::with_capacity(count);
    for p in 0..count {
        let images = doc
            .extract_images(p)
            .map_err(|e| crate::pdf::unreadable(format!("page {}: {e}", p + 1)))?;
        let largest = images
            .into_iter()
            .max_by_key(|i| u64::from(i.width()) * u64::from(i.height()));
        let page = match largest {
            None => None,
            Some(image) => {
                check_size(image.width(), image.height())?;
                let decoded = image
                    .to_dynamic_image()
                    .map_err(|e| crate::pdf::unreadable(format!("page {}: {e}", p + 1)))?;
                Some(decoded.to_luma8())
            }
        };
        pages.push(page);
    }
    Ok(pages)
}

fn too_many_pages(count: usize) -> Text {
    Text::new(
        format!(
            "hasil pindai ini {count} halaman: paling banyak {MAX_SCAN_PAGES} halaman dibaca dengan OCR; unggah halaman rencananya saja"
        ),
        format!("this scan has {count} pages: at most {MAX_SCAN_PAGES} are read by OCR; upload the plan's pages alone"),
    )
}

fn check_size(width: u32, height: u32) -> Result<(), Text> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Text::new(
            format!(
                "gambar halaman {width}×{height} piksel terlalu besar (paling banyak {MAX_PIXELS} piksel): pindai ulang pada 150–300 dpi"
            ),
            format!(
                "a page image of {width}×{height} pixels is too large (at most {MAX_PIXELS} pixels): scan again at 150–300 dpi"
            ),
        ));
    }
    Ok(())
}

/// An image file as grey, its size checked before its pixels are taken.
fn decode(bytes: &[u8]) -> Result<GrayImage, Text> {
    let bad = |e: String| {
        let e: String = e.chars().take(200).collect();
        Text::new(
            format!("gambar yang tidak dapat dibaca ({e})"),
            format!("an image that cannot be read ({e})"),
        )
    };
    let reader = || {
        image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| bad(e.to_string()))
    };
    let (w, h) = reader()?.into_dimensions().map_err(|e| bad(e.to_string()))?;
    let mut reader = reader()?;
    check_size(w, h)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    std::panic::catch_unwind(move || reader.decode())
        .map_err(|_| bad("decoder failed".into()))?
        .map(|i| i.to_luma8())
        .map_err(|e| bad(e.to_string()))
}

/// The resolution of a page image, taken as A4 (297 mm on its long side), at least 72.
fn dpi_of(page: &GrayImage) -> u32 {
    let long = page.width().max(page.height());
    ((f64::from(long) / (297.0 / 25.4)).round() as u32).max(72)
}

/// The width of a page's image in the preview, in pixels.
pub const PREVIEW_WIDTH: u32 = 1000;

/// A scanned page as the preview shows it: its straightened image (PNG) and size, in pixels and
/// in points.
#[derive(Debug, Clone, Default)]
pub(crate) struct Preview {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The page's size in points, the unit of the words' and cells' boxes.
    pub points: (f32, f32),
}

/// Reads the scan's pages by OCR, telling `progress` (pages done, pages) as it goes; each page
/// with its preview.
pub(crate) fn pages(
    images: Vec<Option<GrayImage>>,
    ocr: &dyn Recognizer,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<(Page, Preview)>, Text> {
    let total = images.len();
    let mut out = Vec::with_capacity(total);
    progress(0, total);
    for (i, image) in images.into_iter().enumerate() {
        let page = match image {
            None => ((vec![], vec![]), Preview::default()),
            Some(image) => read_page(image, ocr).map_err(|t| {
                Text::new(
                    format!("halaman {}: {}", i + 1, t.id),
                    format!("page {}: {}", i + 1, t.en),
                )
            })?,
        };
        out.push(page);
        progress(i + 1, total);
    }
    Ok(out)
}

/// The straightened page, small enough for a screen, as PNG.
fn preview(straight: &GrayImage, dpi: u32) -> Preview {
    let (w, h) = straight.dimensions();
    let points = (w as f32 * 72.0 / dpi as f32, h as f32 * 72.0 / dpi as f32);
    let small = if w > PREVIEW_WIDTH {
        let height = ((u64::from(h) * u64::from(PREVIEW_WIDTH)) / u64::from(w)).max(1) as u32;
        image::imageops::resize(straight, PREVIEW_WIDTH, height, image::imageops::FilterType::Triangle)
    } else {
        straight.clone()
    };
    let mut png = std::io::Cursor::new(Vec::new());
    // An image that cannot be encoded leaves the preview without it, not the import.
    let png = match small.write_to(&mut png, image::ImageFormat::Png) {
        Ok(()) => png.into_inner(),
        Err(_) => vec![],
    };
    Preview {
        png,
        width: small.width(),
        height: small.height(),
        points,
    }
}

/// One page: straightened, its ruling lines found and painted out, its words read; all in points
/// with y upwards; with its preview.
pub(crate) fn read_page(image: GrayImage, ocr: &dyn Recognizer) -> Result<(Page, Preview), Text> {
    let (straight, image, lines) = prepare_both(image);
    let dpi = dpi_of(&image);
    let preview = preview(&straight, dpi);
    drop(straight);
    // A short word read with little confidence (`c te)` for a lone 5) is read again as a mark;
    // it stands where that reads nothing.
    let (mut words, unsure): (Vec<PixelWord>, Vec<PixelWord>) = ocr
        .words(&image, dpi, Spread::Page)?
        .into_iter()
        .partition(|w| w.confidence >= 70.0 || w.text.chars().count() > 3);
    let marks = marks(&image, dpi, &words);
    let mut again = read_marks(&image, dpi, &marks, ocr)?;
    // Words of the page, sure or not, and marks read again: a piece of a tick read as `v`
    // beside it makes it no lone mark.
    let all: Vec<&PixelWord> = words.iter().chain(&unsure).chain(&again).collect();
    // A mark OCR reads nothing in, alone in a ruled cell (a tick too faint or too broken to
    // read), stands as UNREADABLE: in a schedule column it is taken as a check mark and warned
    // of, so no month is lost without a word.
    let unread: Vec<PixelWord> = marks
        .iter()
        .filter(|m| !again.iter().any(|w| w.left == m.0 && w.top == m.1))
        .filter(|m| alone_in_its_cell(m, &lines, &all))
        .map(|m| PixelWord {
            left: m.0,
            top: m.1,
            width: m.2 - m.0,
            height: m.3 - m.1,
            text: UNREADABLE.to_string(),
            confidence: 0.0,
        })
        .collect();
    drop(all);
    again.extend(unread);
    let covers = |a: &PixelWord, b: &PixelWord| {
        let (cx, cy) = (b.left + b.width / 2, b.top + b.height / 2);
        cx >= a.left && cx <= a.left + a.width && cy >= a.top && cy <= a.top + a.height
    };
    words.extend(unsure.into_iter().filter(|u| !again.iter().any(|m| covers(m, u))));
    words.extend(again);
    let scale = 72.0 / dpi as f32;
    let height = image.height() as f32;
    let words = words
        .into_iter()
        .map(|w| Word {
            x0: w.left as f32 * scale,
            x1: (w.left + w.width) as f32 * scale,
            y0: (height - (w.top + w.height) as f32) * scale,
            y1: (height - w.top as f32) * scale,
            text: w.text,
        })
        .collect();
    let rules = lines
        .iter()
        .filter_map(|l| {
            let (x0, y0, x1, y1) = (
                l.x0 * scale,
                (height - l.y0) * scale,
                l.x1 * scale,
                (height - l.y1) * scale,
            );
            Rule::new(x0, y0, x1, y1)
        })
        .collect();
    Ok(((words, rules), preview))
}

/// A page image as OCR is given it: at 300 dpi, straightened, its ruling lines (returned, in its
/// pixels) painted out.
pub fn prepare(image: GrayImage) -> (GrayImage, Vec<PixelLine>) {
    let (_, erased, lines) = prepare_both(image);
    (erased, lines)
}

/// The page straightened, then the same with its ruling lines painted out, and the lines.
fn prepare_both(image: GrayImage) -> (GrayImage, GrayImage, Vec<PixelLine>) {
    let image = fit(image);
    let threshold = otsu(&image);
    let angle = skew(&image, threshold);
    let straight = if angle.abs() >= 0.05 {
        rotate(&image, -angle)
    } else {
        image
    };
    let lines = ruling_lines(&straight, threshold);
    let mut erased = straight.clone();
    erase(&mut erased, &lines);
    let dpi = dpi_of(&erased);
    despeckle(&mut erased, threshold, dpi);
    (straight, erased, lines)
}

/// A page image brought to A4 at 300 dpi, the resolution Tesseract reads best: a 150-dpi scan is
/// scaled up (small print and ticks are then read), a larger one down (more pixels read no better
/// and cost seconds).
fn fit(image: GrayImage) -> GrayImage {
    let long = image.width().max(image.height());
    if long == 0 || long.abs_diff(OCR_LONG_SIDE) * 10 <= OCR_LONG_SIDE {
        return image;
    }
    let f = f64::from(OCR_LONG_SIDE) / f64::from(long);
    let (w, h) = (
        ((f64::from(image.width()) * f).round() as u32).max(1),
        ((f64::from(image.height()) * f).round() as u32).max(1),
    );
    image::imageops::resize(&image, w, h, image::imageops::FilterType::CatmullRom)
}

/// The most marks read again on a page.
const MAX_MARKS: usize = 600;

/// Ink OCR read no word in, glyph-sized: a page-wide read leaves a digit alone in its cell (the NO
/// column) or a tick in a month cell. Its connected pieces near each other are one mark.
pub(crate) fn marks(image: &GrayImage, dpi: u32, words: &[PixelWord]) -> Vec<PixelBox> {
    let threshold = otsu(image);
    let d = dpi as f32;
    let read = |b: &PixelBox| {
        let (cx, cy) = ((b.0 + b.2) / 2, (b.1 + b.3) / 2);
        words.iter().any(|word| {
            cx + 3 >= word.left
                && cx <= word.left + word.width + 3
                && cy + 3 >= word.top
                && cy <= word.top + word.height + 3
        })
    };
    let mut pieces: Vec<PixelBox> = vec![];
    components(image, threshold, |b, pixels| {
        let (bw, bh) = ((b.2 - b.0) as f32, (b.3 - b.1) as f32);
        // Glyph-sized: a speck of noise is smaller, a stamp or a signature larger.
        if pixels.len() as f32 >= d / 15.0 && bh >= d / 40.0 && bh <= d / 3.0 && bw <= d / 2.0 && !read(&b) {
            pieces.push(b);
        }
    });
    // Pieces side by side on a line (the two digits of 10, the strokes of a tick) are one mark.
    pieces.sort();
    let gap = (d / 15.0) as u32;
    let mut marks: Vec<PixelBox> = vec![];
    for p in pieces {
        let near = marks
            .iter()
            .position(|m| p.0 <= m.2 + gap && m.0 <= p.2 + gap && p.1 < m.3 && m.1 < p.3);
        match near {
            Some(i) => {
                let m = &mut marks[i];
                *m = (m.0.min(p.0), m.1.min(p.1), m.2.max(p.2), m.3.max(p.3));
            }
            None => marks.push(p),
        }
    }
    marks.truncate(MAX_MARKS);
    marks
}

/// What stands for a mark OCR could not read (see [`crate::layout::is_unreadable_mark`]).
pub const UNREADABLE: &str = "\u{fffd}";

/// Whether a mark stands alone in a cell the page's ruling lines close on all four sides: no
/// word's centre in it.
fn alone_in_its_cell(m: &PixelBox, lines: &[PixelLine], words: &[&PixelWord]) -> bool {
    let (cx, cy) = ((m.0 + m.2) as f32 / 2.0, (m.1 + m.3) as f32 / 2.0);
    let rows: Vec<f32> = lines
        .iter()
        .filter(|l| l.is_horizontal() && l.x0 <= cx && l.x1 >= cx)
        .map(|l| l.y0)
        .collect();
    let columns: Vec<f32> = lines
        .iter()
        .filter(|l| !l.is_horizontal() && l.y0 <= cy && l.y1 >= cy)
        .map(|l| l.x0)
        .collect();
    let before = |at: &[f32], edge: u32| at.iter().copied().filter(|&v| v < edge as f32).reduce(f32::max);
    let after = |at: &[f32], edge: u32| at.iter().copied().filter(|&v| v > edge as f32).reduce(f32::min);
    let (above, below, left, right) = (
        before(&rows, m.1),
        after(&rows, m.3),
        before(&columns, m.0),
        after(&columns, m.2),
    );
    let (Some(top), Some(bottom), Some(left), Some(right)) = (above, below, left, right) else {
        return false;
    };
    !words.iter().any(|w| {
        let (x, y) = (
            w.left as f32 + w.width as f32 / 2.0,
            w.top as f32 + w.height as f32 / 2.0,
        );
        x > left && x < right && y > top && y < bottom
    })
}

/// The marks read again, each in a slot of a column of them, one OCR call for the page.
fn read_marks(image: &GrayImage, dpi: u32, marks: &[PixelBox], ocr: &dyn Recognizer) -> Result<Vec<PixelWord>, Text> {
    if marks.is_empty() {
        return Ok(vec![]);
    }
    let margin = dpi / 10;
    let width = marks.iter().map(|m| m.2 - m.0).max().unwrap_or(0) + 2 * margin;
    let height: u32 = marks.iter().map(|m| m.3 - m.1 + margin).sum::<u32>() + margin;
    let mut column = GrayImage::from_pixel(width, height, image::Luma([255]));
    let mut slots = Vec::with_capacity(marks.len());
    let mut top = margin;
    for m in marks {
        for y in m.1..m.3 {
            for x in m.0..m.2 {
                column.put_pixel(x - m.0 + margin, y - m.1 + top, *image.get_pixel(x, y));
            }
        }
        slots.push((top, top + (m.3 - m.1)));
        top += m.3 - m.1 + margin;
    }
    let words = ocr.words(&column, dpi, Spread::Column)?;
    let mut texts: Vec<Vec<String>> = vec![vec![]; marks.len()];
    for word in words {
        let cy = word.top + word.height / 2;
        if let Some(i) = slots
            .iter()
            .position(|&(a, b)| cy + margin / 2 >= a && cy <= b + margin / 2)
        {
            texts[i].push(word.text);
        }
    }
    Ok(marks
        .iter()
        .zip(texts)
        .filter(|(_, t)| !t.is_empty())
        .map(|(m, t)| PixelWord {
            left: m.0,
            top: m.1,
            width: m.2 - m.0,
            height: m.3 - m.1,
            text: t.join(""),
            confidence: 100.0,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tesseract_tsv_words_with_their_boxes() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t649\t117\t456\t17\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t649\t117\t124\t17\t95.3\tRENCANA\n\
                   5\t1\t1\t1\t1\t2\t777\t117\t60\t17\t12.0\t—\n\
                   5\t1\t1\t1\t1\t3\t844\t117\t112\t17\t20.5\tKINERJA\n";
        let words = parse_tsv(tsv);
        assert_eq!(
            words,
            vec![
                PixelWord {
                    left: 649,
                    top: 117,
                    width: 124,
                    height: 17,
                    text: "RENCANA".into(),
                    confidence: 95.3
                },
                PixelWord {
                    left: 844,
                    top: 117,
                    width: 112,
                    height: 17,
                    text: "KINERJA".into(),
                    confidence: 20.5
                },
            ]
        );
    }

    #[test]
    fn a_mark_is_alone_only_in_a_closed_cell_without_words() {
        let line = |x0: f32, y0: f32, x1: f32, y1: f32| PixelLine {
            x0,
            y0,
            x1,
            y1,
            thickness: 2.0,
        };
        // One cell from (100, 100) to (200, 160).
        let grid = [
            line(100.0, 100.0, 200.0, 100.0),
            line(100.0, 160.0, 200.0, 160.0),
            line(100.0, 100.0, 100.0, 160.0),
            line(200.0, 100.0, 200.0, 160.0),
        ];
        let mark = (140, 120, 150, 135);
        let word = |left: u32| PixelWord {
            left,
            top: 120,
            width: 20,
            height: 15,
            text: "v".into(),
            confidence: 90.0,
        };
        assert!(alone_in_its_cell(&mark, &grid, &[&word(300)]));
        assert!(
            !alone_in_its_cell(&mark, &grid, &[&word(160)]),
            "a word beside it in the cell"
        );
        assert!(!alone_in_its_cell(&mark, &grid[..3], &[]), "a cell open on its right");
        assert!(!alone_in_its_cell(&mark, &[], &[]), "no ruling lines");
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert!(is_image(b"\x89PNG\r\n\x1a\n...."));
        assert!(is_image(&[0xFF, 0xD8, 0xFF, 0xE0]));
        assert!(is_image(b"II*\0...."));
        assert!(!is_image(b"%PDF-1.7"));
    }

    #[test]
    fn a_page_too_large_is_refused_before_decoding() {
        let t = check_size(20_000, 20_000).unwrap_err();
        assert!(t.en.contains("too large"), "{}", t.en);
        assert!(check_size(2480, 3508).is_ok());
    }
}
