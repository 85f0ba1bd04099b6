//! Final documents frozen as printed: their verification codes, hashes, and the check of an
//! electronically signed copy brought back (e.g. from BSrE's signing service).
//!
//! A PDF signature is an incremental update: the signer appends a signature dictionary whose
//! `/ByteRange` covers every byte of the file but the signature value (`/Contents <…>`). So the
//! signed copy of a frozen PDF starts with the frozen bytes, unchanged, and its appended part
//! holds the dictionary. Kinerja checks exactly that (the chain from the frozen hash to the
//! signed one); whether the signature's certificate is valid is for the signing service's own
//! verifier, which the verification page names.

use password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A new verification code: 12 characters (60 random bits) that cannot be mistaken for each
/// other when typed from paper, in groups of four: `K7QD-M2XA-9FHC`.
pub fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether `code` has the shape of a verification code (before it is looked up).
pub fn is_code(code: &str) -> bool {
    code.len() == 14
        && code.bytes().enumerate().all(|(i, b)| match i {
            4 | 9 => b == b'-',
            _ => b.is_ascii_uppercase() || (b'2'..=b'9').contains(&b),
        })
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a signed copy is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignedRefusal {
    #[error("bukan PDF / not a PDF")]
    NotPdf,
    #[error(
        "berkas ini bukan dokumen yang dibekukan yang ditandatangani: isinya tidak diawali dokumen beku itu / this is not the frozen document signed: it does not begin with the frozen bytes"
    )]
    NotThisDocument,
    #[error(
        "tidak ada tanda tangan elektronik (/ByteRange, /Contents) pada bagian yang ditambahkan / no electronic signature (/ByteRange, /Contents) in the part added"
    )]
    Unsigned,
    #[error(
        "/ByteRange tanda tangan tidak mencakup seluruh berkas selain nilai tanda tangan / the signature's /ByteRange does not cover the whole file but the signature value"
    )]
    PartialCoverage,
}

/// What a signed copy's signature dictionary says, as shown on the verification page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureInfo {
    pub filter: Option<String>,
    pub signer: Option<String>,
    pub time: Option<String>,
}

impl std::fmt::Display for SignatureInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let or = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        write!(
            f,
            "{}; penanda tangan: {}; waktu: {}",
            or(&self.filter),
            or(&self.signer),
            or(&self.time)
        )
    }
}

/// Checks that `signed` is `frozen` with a signature appended covering all of it.
pub fn inspect_signed(frozen: &[u8], signed: &[u8]) -> Result<SignatureInfo, SignedRefusal> {
    if !signed.starts_with(b"%PDF-") {
        return Err(SignedRefusal::NotPdf);
    }
    if signed.len() <= frozen.len() || !signed.starts_with(frozen) {
        return Err(SignedRefusal::NotThisDocument);
    }
    let added = &signed[frozen.len()..];
    let at = |needle: &[u8]| added.windows(needle.len()).rposition(|w| w == needle);
    let range_at = at(b"/ByteRange").ok_or(SignedRefusal::Unsigned)?;
    let range = numbers_after(&added[range_at + 10..], 4).ok_or(SignedRefusal::Unsigned)?;
    let contents_at = at(b"/Contents").ok_or(SignedRefusal::Unsigned)?;
    let rest = &added[contents_at + 9..];
    let open = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or(SignedRefusal::Unsigned)?;
    if rest[open] != b'<' {
        return Err(SignedRefusal::Unsigned);
    }
    let close = rest[open..]
        .iter()
        .position(|b| *b == b'>')
        .ok_or(SignedRefusal::Unsigned)?
        + open;
    let hex = &rest[open + 1..close];
    if hex.is_empty() || !hex.iter().all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace()) {
        return Err(SignedRefusal::Unsigned);
    }
    let base = (frozen.len() + contents_at + 9) as u64;
    let (lt, gt) = (base + open as u64, base + close as u64 + 1);
    let len = signed.len() as u64;
    if range != [0, lt, gt, len.saturating_sub(gt)] {
        return Err(SignedRefusal::PartialCoverage);
    }
    Ok(SignatureInfo {
        filter: name_after(added, b"/SubFilter"),
        signer: string_after(added, b"/Name"),
        time: string_after(added, b"/M"),
    })
}

/// The first `n` unsigned integers after `bytes`' `[`.
fn numbers_after(bytes: &[u8], n: usize) -> Option<Vec<u64>> {
    let open = bytes.iter().position(|b| *b == b'[')?;
    let close = bytes[open..].iter().position(|b| *b == b']')? + open;
    let text = std::str::from_utf8(&bytes[open + 1..close]).ok()?;
    let numbers: Vec<u64> = text.split_whitespace().map(|w| w.parse().ok()).collect::<Option<_>>()?;
    (numbers.len() == n).then_some(numbers)
}

/// The PDF name after `key` (`/SubFilter /adbe.pkcs7.detached` → `adbe.pkcs7.detached`).
fn name_after(bytes: &[u8], key: &[u8]) -> Option<String> {
    let at = bytes.windows(key.len()).rposition(|w| w == key)? + key.len();
    let rest = bytes[at..].iter().skip_while(|b| b.is_ascii_whitespace()).copied();
    let mut rest = rest.peekable();
    if rest.next()? != b'/' {
        return None;
    }
    let name: Vec<u8> = rest
        .take_while(|b| !b.is_ascii_whitespace() && !b"/<>[]()".contains(b))
        .take(64)
        .collect();
    String::from_utf8(name).ok().filter(|s| !s.is_empty())
}

/// The PDF literal string after `key` (`/Name (BUDI)` → `BUDI`), at most 200 bytes.
fn string_after(bytes: &[u8], key: &[u8]) -> Option<String> {
    let mut from = 0;
    while let Some(found) = bytes[from..].windows(key.len()).position(|w| w == key) {
        let at = from + found + key.len();
        from = at;
        // `/M` must not match the start of `/Name`: the key ends where a delimiter follows.
        let next = *bytes.get(at)?;
        if next.is_ascii_alphanumeric() {
            continue;
        }
        let rest = &bytes[at..];
        let open = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        if rest[open] != b'(' {
            continue;
        }
        let close = rest[open..].iter().take(202).position(|b| *b == b')')? + open;
        return Some(String::from_utf8_lossy(&rest[open + 1..close]).into_owned());
    }
    None
}

/// A signed copy of `frozen` as a signing service would make it (tests and examples): the
/// frozen bytes, then a signature dictionary whose `/ByteRange` covers all but its value.
pub fn signed_for_tests(frozen: &[u8], signer: &str) -> Vec<u8> {
    let mut out = frozen.to_vec();
    let head = format!(
        "\n99 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Name ({signer}) /M (D:20250131090000+07'00') /ByteRange [0000000000 0000000000 0000000000 0000000000] /Contents "
    );
    let contents = format!("<{}>", "ab".repeat(64));
    let tail = " >>\nendobj\n%%EOF\n";
    let start = out.len() + head.len();
    let (lt, gt) = (start, start + contents.len());
    let total = gt + tail.len();
    let range = format!("[{:010} {:010} {:010} {:010}]", 0, lt, gt, total - gt);
    let head = head.replace("[0000000000 0000000000 0000000000 0000000000]", &range);
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(contents.as_bytes());
    out.extend_from_slice(tail.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROZEN: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

    #[test]
    fn codes_are_typed_from_paper() {
        let code = new_code();
        assert!(is_code(&code), "{code}");
        assert_ne!(code, new_code());
        assert!(!is_code("K7QD-M2XA-9FH1"), "no 1");
        assert!(!is_code("k7qd-m2xa-9fhc"));
        assert!(!is_code("../../etc/passwd"));
    }

    #[test]
    fn a_signature_appended_over_the_whole_file_is_read() {
        let signed = signed_for_tests(FROZEN, "JUMADI AHMAD, SH");
        let info = inspect_signed(FROZEN, &signed).unwrap();
        assert_eq!(info.filter.as_deref(), Some("ETSI.CAdES.detached"));
        assert_eq!(info.signer.as_deref(), Some("JUMADI AHMAD, SH"));
        assert_eq!(info.time.as_deref(), Some("D:20250131090000+07'00'"));
        assert_eq!(
            info.to_string(),
            "ETSI.CAdES.detached; penanda tangan: JUMADI AHMAD, SH; waktu: D:20250131090000+07'00'"
        );
    }

    #[test]
    fn what_is_not_a_signed_copy_of_this_document_is_refused() {
        let signed = signed_for_tests(FROZEN, "X");
        assert_eq!(inspect_signed(FROZEN, FROZEN), Err(SignedRefusal::NotThisDocument));
        assert_eq!(inspect_signed(FROZEN, b"GIF89a"), Err(SignedRefusal::NotPdf));
        let mut other = signed.clone();
        other[10] ^= 1;
        assert_eq!(inspect_signed(FROZEN, &other), Err(SignedRefusal::NotThisDocument));
        let mut unsigned = FROZEN.to_vec();
        unsigned.extend_from_slice(b"\n2 0 obj << /Type /Annot >> endobj\n%%EOF\n");
        assert_eq!(inspect_signed(FROZEN, &unsigned), Err(SignedRefusal::Unsigned));
        // Bytes added after the signature are outside its range.
        let mut more = signed.clone();
        more.extend_from_slice(b"% tambahan\n");
        assert_eq!(inspect_signed(FROZEN, &more), Err(SignedRefusal::PartialCoverage));
    }
}
