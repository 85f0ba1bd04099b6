//! Every use of the PDF library goes through [`read`].
//!
//! PDF nests arrays and dictionaries without a bound, and pdf_oxide 0.3.78 parses them by
//! recursion with no depth limit (its `ParserConfig::max_nesting` is read by nothing). A file of
//! a few thousand `<<` overflows the stack, and a stack overflow aborts the process: there is no
//! panic to catch, and one upload would stop the server for every office. Two defences:
//!
//! 1. [`check`]: before the library sees a file, the nesting of its objects is measured — in the
//!    file's own bytes, and in every stream Kinerja can decode itself (no filter, FlateDecode,
//!    ASCIIHexDecode, ASCII85Decode, in any chain): object streams and page contents are parsed
//!    by the same recursive code. Past [`MAX_NESTING`] levels the file is refused, saying where.
//!    Real documents nest a handful of levels.
//! 2. The library runs on a thread of its own with a [`READER_STACK`] stack (reserved, not
//!    used: pages are committed as the stack grows), which holds [`MAX_NESTING`] levels many
//!    times over, and the streams Kinerja cannot decode (LZW, RunLength, an encrypted file)
//!    up to tens of thousands of levels. Its panics end as [`crate::pdf::reader_failed`].

use crate::Text;
use std::io::Read;

/// The deepest nesting of arrays and dictionaries a PDF may have.
pub const MAX_NESTING: usize = 1000;

/// The stack of the thread the PDF library runs on.
pub const READER_STACK: usize = 256 << 20;

/// The most bytes one stream is decoded to for the check (as the library's own limit).
const MAX_DECODED: usize = 100 << 20;

/// Runs `read` — whatever uses the PDF library on `bytes` — after [`check`], on a thread with a
/// [`READER_STACK`] stack; a panic in it is a failed reading, not a crash.
pub(crate) fn read<T: Send>(bytes: &[u8], read: impl FnOnce() -> Result<T, Text> + Send) -> Result<T, Text> {
    check(bytes)?;
    on_reader_thread(read)
}

/// Runs `read` on a thread with a [`READER_STACK`] stack; a panic is a failed reading.
fn on_reader_thread<T: Send>(read: impl FnOnce() -> Result<T, Text> + Send) -> Result<T, Text> {
    std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name(READER_THREAD.into())
            .stack_size(READER_STACK)
            .spawn_scoped(scope, read)
            .map_err(|_| crate::pdf::reader_failed())?;
        reader.join().unwrap_or_else(|_| Err(crate::pdf::reader_failed()))
    })
}

/// The name of the thread the PDF library runs on.
pub const READER_THREAD: &str = "kinerja-pdf-reader";

/// Refuses a PDF whose objects nest deeper than [`MAX_NESTING`], in its bytes or in a stream
/// Kinerja can decode.
pub fn check(bytes: &[u8]) -> Result<(), Text> {
    let mut lexer = Lexer::new(true);
    let mut at = 0;
    while at < bytes.len() {
        match lexer.step(bytes[at]) {
            Step::On => at += 1,
            Step::TooDeep => return Err(too_deep(at, None)),
            Step::StreamKeyword => {
                let body = body_start(bytes, at);
                let end = find(&bytes[body..], b"endstream").map_or(bytes.len(), |e| body + e);
                let dict = &bytes[lexer.dict_start.min(at)..at];
                if let Some(decoded) = decoded(dict, &bytes[body..end]) {
                    let mut inner = Lexer::new(false);
                    if let Some(k) = decoded.iter().position(|&b| inner.step(b) == Step::TooDeep) {
                        return Err(too_deep(body, Some(k)));
                    }
                }
                at = end.saturating_add(b"endstream".len());
                lexer.resume(at);
            }
        }
    }
    Ok(())
}

fn too_deep(at: usize, inside: Option<usize>) -> Text {
    let (id, en) = match inside {
        None => (format!("bita ke-{at}"), format!("byte {at}")),
        Some(k) => (
            format!("bita ke-{k} dari aliran terkompresi pada bita ke-{at}"),
            format!("byte {k} of the compressed stream at byte {at}"),
        ),
    };
    Text::new(
        format!(
            "PDF ini menumpuk larik atau kamus lebih dari {MAX_NESTING} tingkat ({id}): bukan dokumen yang wajar (rusak atau sengaja dibuat); simpan ulang dari Word atau unggah berkas Word-nya"
        ),
        format!(
            "this PDF nests arrays or dictionaries more than {MAX_NESTING} levels deep ({en}): not a real document (damaged or made to harm); save it again from Word or upload the Word file"
        ),
    )
}

/// Where a stream's data starts after the `stream` keyword and the end of line at `at`.
fn body_start(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..at + 2) {
        Some(b"\r\n") => at + 2,
        _ if matches!(bytes.get(at), Some(b'\n' | b'\r')) => at + 1,
        _ => at,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A stream's data decoded by its filters, when Kinerja can decode every one of them; `None` for
/// an image (never parsed as objects), a filter it cannot decode, or data that does not decode.
fn decoded(dict: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let filters = filters(dict)?;
    let mut data = data.to_vec();
    for f in filters {
        data = match f.as_str() {
            "FlateDecode" | "Fl" => inflate(&data)?,
            "ASCIIHexDecode" | "AHx" => hex(&data),
            "ASCII85Decode" | "A85" => ascii85(&data)?,
            _ => return None,
        };
    }
    Some(data)
}

/// The names of a dictionary's `/Filter` (empty without one); `None` when it is not a name or
/// an array of names (an indirect reference).
fn filters(dict: &[u8]) -> Option<Vec<String>> {
    let Some(at) = find(dict, b"/Filter") else {
        return Some(vec![]);
    };
    let rest = &dict[at + b"/Filter".len()..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let list = match rest.first()? {
        b'[' => &rest[1..rest.iter().position(|&b| b == b']')?],
        b'/' => {
            &rest[..rest[1..]
                .iter()
                .position(|&b| b == b'/' || b == b'>' || b.is_ascii_whitespace())
                .map_or(rest.len(), |p| p + 1)]
        }
        _ => return None,
    };
    Some(
        list.split(|&b| b == b'/' || b.is_ascii_whitespace())
            .filter(|n| !n.is_empty())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect(),
    )
}

fn inflate(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut decoder = flate2::read::ZlibDecoder::new(data).take(MAX_DECODED as u64);
    // A stream cut short still decodes up to where it breaks: that part is checked.
    let _ = decoder.read_to_end(&mut out);
    (!out.is_empty()).then_some(out)
}

fn hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii85(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut group = [0u8; 5];
    let mut n = 0;
    let push = |group: &[u8], n: usize, out: &mut Vec<u8>| -> Option<()> {
        let mut padded = [b'u' - b'!'; 5];
        padded[..n].copy_from_slice(&group[..n]);
        let value = padded
            .iter()
            .try_fold(0u32, |v, &d| v.checked_mul(85)?.checked_add(u32::from(d)))?;
        out.extend_from_slice(&value.to_be_bytes()[..n - 1]);
        Some(())
    };
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    push(&group, 5, &mut out)?;
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        push(&group, n, &mut out)?;
    }
    Some(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    On,
    TooDeep,
    /// The keyword `stream` has just ended (only in a file, not in decoded data).
    StreamKeyword,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    Comment,
    /// A literal string, with its open parentheses and whether the last byte was a `\`.
    Literal(u32, bool),
    Hex,
    /// After one `<`: a dictionary or a hex string.
    Less,
    /// After one `>`.
    Greater,
}

/// PDF's syntax as far as nesting goes: strings and comments skipped, `[ <<` in, `] >>` out.
struct Lexer {
    file: bool,
    state: State,
    depth: usize,
    /// Where the outermost dictionary last opened (a stream's dictionary, in a file).
    dict_start: usize,
    at: usize,
    /// The regular characters just read, enough to know `stream`.
    word: [u8; 7],
    word_len: usize,
}

impl Lexer {
    fn new(file: bool) -> Self {
        Lexer {
            file,
            state: State::Normal,
            depth: 0,
            dict_start: 0,
            at: 0,
            word: [0; 7],
            word_len: 0,
        }
    }

    /// Goes on at `at` in the file, outside any object (past a stream's data).
    fn resume(&mut self, at: usize) {
        self.state = State::Normal;
        self.depth = 0;
        self.word_len = 0;
        self.at = at;
    }

    fn step(&mut self, b: u8) -> Step {
        let at = self.at;
        self.at += 1;
        match self.state {
            State::Comment => {
                if b == b'\n' || b == b'\r' {
                    self.state = State::Normal;
                }
                Step::On
            }
            State::Literal(open, escaped) => {
                self.state = match (b, escaped) {
                    (_, true) => State::Literal(open, false),
                    (b'\\', false) => State::Literal(open, true),
                    (b'(', false) => State::Literal(open.saturating_add(1), false),
                    (b')', false) if open == 0 => State::Normal,
                    (b')', false) => State::Literal(open - 1, false),
                    _ => State::Literal(open, false),
                };
                Step::On
            }
            State::Hex => {
                if b == b'>' {
                    self.state = State::Normal;
                }
                Step::On
            }
            State::Less if b == b'<' => {
                self.state = State::Normal;
                if self.depth == 0 {
                    self.dict_start = at.saturating_sub(1);
                }
                self.deeper()
            }
            State::Less => {
                self.state = if b == b'>' { State::Normal } else { State::Hex };
                Step::On
            }
            State::Greater => {
                self.state = State::Normal;
                if b == b'>' {
                    self.depth = self.depth.saturating_sub(1);
                    Step::On
                } else {
                    self.normal(b)
                }
            }
            State::Normal => self.normal(b),
        }
    }

    fn normal(&mut self, b: u8) -> Step {
        let regular = !b.is_ascii_whitespace() && !b"()<>[]{}/%".contains(&b);
        if regular {
            if self.word_len < self.word.len() {
                self.word[self.word_len] = b;
            }
            self.word_len = self.word_len.saturating_add(1);
            return Step::On;
        }
        let ended_stream = self.file && self.word_len == 6 && &self.word[..6] == b"stream";
        self.word_len = 0;
        match b {
            b'%' => self.state = State::Comment,
            b'(' => self.state = State::Literal(0, false),
            b'<' => self.state = State::Less,
            b'>' => self.state = State::Greater,
            b'[' => return self.deeper(),
            b']' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if ended_stream && b.is_ascii_whitespace() {
            return Step::StreamKeyword;
        }
        Step::On
    }

    fn deeper(&mut self) -> Step {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            Step::TooDeep
        } else {
            Step::On
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn pdf_with(trailer_extra: &str, content: &[u8], filter: &str) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec();
        pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        pdf.extend_from_slice(
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n",
        );
        pdf.extend_from_slice(format!("4 0 obj\n<< /Length {} {filter} >>\nstream\n", content.len()).as_bytes());
        pdf.extend_from_slice(content);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        pdf.extend_from_slice(
            format!("trailer\n<< /Size 5 /Root 1 0 R {trailer_extra} >>\nstartxref\n0\n%%EOF\n").as_bytes(),
        );
        pdf
    }

    fn nest(levels: usize) -> String {
        "[".repeat(levels) + &"]".repeat(levels)
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn nesting_past_the_limit_in_the_file_is_refused_saying_where() {
        let deep = pdf_with(&format!("/Deep {}", nest(30_000)), b"BT ET", "");
        let e = check(&deep).unwrap_err();
        assert!(e.en.contains("more than 1000 levels deep (byte "), "{}", e.en);
        let at: usize =
            e.en.split("(byte ")
                .nth(1)
                .unwrap()
                .split(')')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        // The byte named is the first bracket past the limit.
        let first = deep.iter().position(|&b| b == b'[').unwrap();
        assert!(deep[at] == b'[' && at > first, "{at}");
        // Dictionaries count as arrays do, and so do both mixed.
        let dicts = pdf_with(
            &format!("/Deep {}{}", "<< /A ".repeat(1001), ">>".repeat(1001)),
            b"",
            "",
        );
        assert!(check(&dicts).is_err());
        let mixed = pdf_with(
            &format!("/Deep {}{}", "[<< /A ".repeat(501), ">>]".repeat(501)),
            b"",
            "",
        );
        assert!(check(&mixed).is_err());
        // At the limit it is read (the trailer's dictionary is the first level).
        assert!(check(&pdf_with(&format!("/Deep {}", nest(MAX_NESTING - 1)), b"", "")).is_ok());
    }

    #[test]
    fn brackets_in_strings_comments_and_streams_do_not_count() {
        let brackets = "[".repeat(5000);
        let text = format!("/S ({brackets}) /H <5b5b> % {brackets}\n");
        assert!(check(&pdf_with(&text, brackets.as_bytes(), "/Filter /DCTDecode")).is_ok());
        // A literal string with escaped and balanced parentheses.
        let escaped = format!("/S (a \\) ( b ) {brackets} )");
        assert!(check(&pdf_with(&escaped, b"", "")).is_ok());
    }

    #[test]
    fn nesting_inside_a_stream_is_found_through_its_filters() {
        let deep = nest(30_000);
        let flate = pdf_with("", &deflate(deep.as_bytes()), "/Filter /FlateDecode");
        let e = check(&flate).unwrap_err();
        assert!(e.en.contains("of the compressed stream at byte"), "{}", e.en);
        let hexed: String = deep.bytes().map(|b| format!("{b:02x}")).collect::<String>() + ">";
        assert!(check(&pdf_with("", hexed.as_bytes(), "/Filter /AHx")).is_err());
        let chained: String = deflate(deep.as_bytes())
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
            + ">";
        assert!(
            check(&pdf_with(
                "",
                chained.as_bytes(),
                "/Filter [/ASCIIHexDecode /FlateDecode]"
            ))
            .is_err()
        );
        // ASCII85 of "[[[[" is ">?b<9" (0x5b5b5b5b = 1532713819 = 29·85⁴ + 30·85³ + 65·85² + 27·85 + 24).
        let a85 = ">?b<9".repeat(2000) + "~>";
        assert!(check(&pdf_with("", a85.as_bytes(), "/Filter /A85")).is_err());
        assert_eq!(ascii85(b">?b<9~>").unwrap(), b"[[[[");
        assert_eq!(
            ascii85(b">?b<~>").unwrap(),
            b"[[[",
            "a last group of four is three bytes"
        );
        // An image is not parsed as objects, so its bytes are not measured.
        assert!(
            check(&pdf_with(
                "",
                &deflate(deep.as_bytes()),
                "/Filter [/FlateDecode /DCTDecode]"
            ))
            .is_ok()
        );
    }

    #[test]
    fn the_library_runs_on_a_stack_that_holds_far_past_the_limit() {
        // At the limit, the file reaches the library.
        let deep = pdf_with(&format!("/Deep {}", nest(MAX_NESTING - 1)), b"BT ET", "");
        assert_eq!(read(&deep, || crate::pdf::open(&deep).map(|(_, count)| count)), Ok(1));
        // Nesting the check cannot see (a stream it cannot decode) is held by the stack: 20.000
        // levels abort a debug build on a test thread's 2 MB stack, not on the reader's.
        let deeper = pdf_with(&format!("/Deep {}", nest(20_000)), b"BT ET", "");
        let opened = on_reader_thread(|| crate::pdf::open(&deeper).map(|(_, count)| count));
        assert_eq!(opened, Ok(1));
        // A panic inside is a failed reading.
        let e = read(b"%PDF-1.7", || -> Result<(), Text> { panic!("inside the library") }).unwrap_err();
        assert_eq!(e.en, crate::pdf::reader_failed().en);
    }
}
