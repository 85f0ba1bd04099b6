//! Evidence files (bukti dukung): what may be uploaded, decided from the bytes themselves, and
//! the directory they are kept in, outside anything the server serves as-is, under generated
//! names. A file is served only through a route that checks the user's scope.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A type evidence may have: what the bytes say, never what the browser claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub content_type: &'static str,
    pub extension: &'static str,
    /// Shown by the browser (PDF, images) rather than downloaded.
    pub inline: bool,
}

const fn kind(content_type: &'static str, extension: &'static str, inline: bool) -> Kind {
    Kind {
        content_type,
        extension,
        inline,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The kind of an evidence file from its first bytes and content: PDF, PNG, JPEG, WebP, Office
/// Open XML (docx, xlsx, pptx), OpenDocument (odt, ods, odp) and the legacy Word and Excel
/// formats. Anything else (HTML, SVG, scripts, executables, plain archives) is refused.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(kind("application/pdf", "pdf", true));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(kind("image/png", "png", true));
    }
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        return Some(kind("image/jpeg", "jpg", true));
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Some(kind("image/webp", "webp", true));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // OpenDocument stores its type, uncompressed, as the first entry "mimetype".
        if bytes.len() > 38 && &bytes[30..38] == b"mimetype" {
            let rest = &bytes[38..bytes.len().min(38 + 80)];
            for (suffix, ct, ext) in [
                (
                    &b"opendocument.text"[..],
                    "application/vnd.oasis.opendocument.text",
                    "odt",
                ),
                (
                    b"opendocument.spreadsheet",
                    "application/vnd.oasis.opendocument.spreadsheet",
                    "ods",
                ),
                (
                    b"opendocument.presentation",
                    "application/vnd.oasis.opendocument.presentation",
                    "odp",
                ),
            ] {
                if contains(rest, suffix) {
                    return Some(kind(ct, ext, false));
                }
            }
            return None;
        }
        if !contains(bytes, b"[Content_Types].xml") {
            return None;
        }
        for (part, ct, ext) in [
            (
                &b"word/document"[..],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx",
            ),
            (
                b"xl/workbook",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
            (
                b"ppt/presentation",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "pptx",
            ),
        ] {
            if contains(bytes, part) {
                return Some(kind(ct, ext, false));
            }
        }
        return None;
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        let utf16 = |s: &str| s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>();
        if contains(bytes, &utf16("WordDocument")) {
            return Some(kind("application/msword", "doc", false));
        }
        if contains(bytes, &utf16("Workbook")) || contains(bytes, &utf16("Book")) {
            return Some(kind("application/vnd.ms-excel", "xls", false));
        }
        return None;
    }
    None
}

/// A file name as the user gave it, made safe to show and to send back: the last path part,
/// without control characters or direction overrides, at most 255 characters.
pub fn clean_name(name: &str) -> String {
    // The last path component, without control characters, direction overrides (U+202E makes
    // `bukti\u{202e}fdp.exe` look like a PDF) or noncharacters, and without quotes (it goes
    // into a Content-Disposition header).
    let cleaned = kinerja_domain::input::clean_file_name(&name.replace('"', ""));
    if cleaned == "berkas" && !name.contains("berkas") {
        "bukti".to_string()
    } else {
        cleaned
    }
}

/// "1,2 MB", "34 KB": a size for people.
pub fn size_label(bytes: i64) -> String {
    use kinerja_domain::Decimal;
    if bytes >= 1024 * 1024 {
        let mb = Decimal::from(bytes) / Decimal::from(1024 * 1024);
        format!("{} MB", kinerja_domain::format::number(mb, 1))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// The directory evidence files are kept in.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

/// A file written to the store, not yet recorded in the database.
#[derive(Debug, Clone)]
pub struct Written {
    pub name: String,
    pub sha256: String,
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` under a new generated name (written to a temporary name, flushed to disk,
    /// then renamed, so a crash never leaves half a file under a real name).
    pub fn write(&self, bytes: &[u8], kind: Kind) -> std::io::Result<Written> {
        std::fs::create_dir_all(&self.dir)?;
        let stem = format!("{:032x}", tower_sessions::session::Id::default().0 as u128);
        let name = format!("{stem}.{}", kind.extension);
        let temp = self.dir.join(format!(".{stem}.tmp"));
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&temp, self.dir.join(&name))?;
        Ok(Written {
            name,
            sha256: format!("{:x}", Sha256::digest(bytes)),
        })
    }

    /// The bytes of a stored file. `name` must be a generated one (checked by the caller through
    /// the store, which only knows generated names).
    pub fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        if !kinerja_store::valid_file_name(name) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not a generated name",
            ));
        }
        std::fs::read(self.dir.join(name))
    }

    /// Removes files written for a save that was then refused.
    pub fn discard(&self, written: &[Written]) {
        for w in written {
            if let Err(e) = std::fs::remove_file(self.dir.join(&w.name)) {
                tracing::warn!(file = %w.name, error = %e, "could not remove an unrecorded evidence file");
            }
        }
    }
}

/// A stored file as a response: shown by the browser when it is a PDF or an image, else
/// downloaded, under the name the uploader gave it; sandboxed, whatever it holds.
pub fn attachment(bytes: Vec<u8>, original_name: &str, content_type: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let inline = sniff(&bytes).is_some_and(|k| k.inline);
    let ascii: String = original_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = original_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" }
    );
    let headers = [
        (axum::http::header::CONTENT_TYPE, content_type.to_string()),
        (axum::http::header::CONTENT_DISPOSITION, disposition),
        (axum::http::header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
    ];
    (headers, bytes).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(entries: &[&str]) -> Vec<u8> {
        // Enough of a zip for sniffing: a local header, then the names as a central directory
        // would list them.
        let mut b = b"PK\x03\x04".to_vec();
        b.extend_from_slice(&[0; 26]);
        for e in entries {
            b.extend_from_slice(e.as_bytes());
        }
        b
    }

    #[test]
    fn accepted_kinds_by_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n...").unwrap().extension, "pdf");
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").unwrap().content_type, "image/png");
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0..JFIF").unwrap().extension, "jpg");
        assert_eq!(sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 ").unwrap().extension, "webp");
        let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
        assert_eq!(sniff(&docx).unwrap().extension, "docx");
        let xlsx = zip_with(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(sniff(&xlsx).unwrap().extension, "xlsx");
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 26]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(sniff(&odt).unwrap().extension, "odt");
        let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(sniff(&doc).unwrap().content_type, "application/msword");
    }

    #[test]
    fn refused_kinds_whatever_their_name() {
        for bad in [
            &b"MZ\x90\x00 an executable"[..],
            b"<html><script>alert(1)</script>",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b"#!/bin/sh\nrm -rf /",
            b"plain text",
            b"",
            b"%PD",
        ] {
            assert_eq!(sniff(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
        // A plain zip, and a zip that only claims to be a document, are refused.
        assert_eq!(sniff(&zip_with(&["a.txt"])), None);
        assert_eq!(sniff(&zip_with(&["word/document.xml"])), None);
        // An OLE2 file that is neither Word nor Excel.
        assert_eq!(sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 other"), None);
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\op\\Laporan Maret.pdf"), "Laporan Maret.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b\"c.pdf"), "abc.pdf");
        assert_eq!(clean_name("   "), "bukti");
        assert_eq!(clean_name(&"x".repeat(300)).len(), 255);
        assert_eq!(clean_name("bukti\u{202e}fdp.exe"), "buktifdp.exe");
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(size_label(1), "1 KB");
        assert_eq!(size_label(1024), "1 KB");
        assert_eq!(size_label(1025), "2 KB");
        // 1,5 MiB = 1.572.864 bytes.
        assert_eq!(size_label(1_572_864), "1,5 MB");
    }

    #[test]
    fn files_are_written_whole_under_generated_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("berkas"));
        let pdf = sniff(b"%PDF-1.4").unwrap();
        let w = store.write(b"%PDF-1.4 isi", pdf).unwrap();
        assert!(kinerja_store::valid_file_name(&w.name), "{}", w.name);
        assert!(w.name.ends_with(".pdf"));
        assert_eq!(store.read(&w.name).unwrap(), b"%PDF-1.4 isi");
        // sha256 of "%PDF-1.4 isi", computed with `printf '%%PDF-1.4 isi' | sha256sum`.
        assert_eq!(
            w.sha256,
            "a69a70c832de675f21e5d2fae6d1d652051aaa4f6b5ee40062108bd72218ba82"
        );
        let other = store.write(b"%PDF-1.4 isi", pdf).unwrap();
        assert_ne!(w.name, other.name);
        assert!(store.read("../berkas/x.pdf").is_err());
        store.discard(std::slice::from_ref(&other));
        assert!(store.read(&other.name).is_err());
        let names: Vec<_> = std::fs::read_dir(store.dir()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary files left");
    }
}
