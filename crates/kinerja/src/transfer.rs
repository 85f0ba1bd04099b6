//! `kinerja export --office X [--year Y] --to FILE` and `kinerja import-office FILE`: one
//! office's data moved between Kinerja instances (a pilot on SQLite to the national
//! PostgreSQL, an office from one server to another), on any pair of backends.
//!
//! The archive is a ZIP holding `kinerja-kantor.json` (format, release, office, year, the rows
//! per table, and the size and SHA-256 of every other entry), `data.json` (the office's rows,
//! [`kinerja_store::transfer::OfficeData`]) and the evidence files its rows name under
//! `berkas/`. It holds the office's users' password hashes: it is written readable by its owner
//! only, and is to be handled as a secret.
//!
//! An import checks the whole archive first (entries, sizes, hashes, file names), writes the
//! evidence files that are not there yet, then imports the rows in one transaction; when that is
//! refused, the files it wrote are removed again.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use kinerja_domain::model::{OfficeCode, Year};
use kinerja_store::transfer::{ImportOptions, Imported, OfficeData};
use kinerja_store::{Actor, Store};
use serde::{Deserialize, Serialize};

use crate::backup::{Archive, Entry, copy_hashed, read_json};

const MANIFEST: &str = "kinerja-kantor.json";
const DATA: &str = "data.json";
/// The largest manifest and rows read (an office's whole history is far smaller).
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;
const MAX_DATA_BYTES: u64 = 1024 * 1024 * 1024;
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: u32,
    /// The release of Kinerja that wrote it.
    kinerja: String,
    created: String,
    /// The backend it was exported from.
    backend: String,
    office: String,
    year: Option<Year>,
    /// Rows per table.
    rows: Vec<(String, usize)>,
    data: Entry,
    files: Vec<Entry>,
}

/// What an export wrote.
pub struct Exported {
    pub office: String,
    pub rows: usize,
    pub files: usize,
}

/// Writes the office `office`'s data (of `year`, or every year) and the evidence files its rows
/// name (from `files`) to the new file `to`.
pub async fn export(store: &dyn Store, office: &str, year: Option<Year>, files: &Path, to: &Path) -> Result<Exported> {
    if to.exists() {
        bail!("{}: already exists; an export is written to a new file", to.display());
    }
    let found = store
        .find_office(office)
        .await?
        .ok_or_else(|| anyhow!("--office {office}: no such office"))?;
    let data = store.export_office(&found.code, year).await?;
    let names = data.file_names();
    let missing: Vec<&String> = names.iter().filter(|n| !files.join(n).is_file()).collect();
    if !missing.is_empty() {
        bail!(
            "{}: {} evidence file(s) the data name are missing (e.g. {}); give the evidence files' directory with --files",
            files.display(),
            missing.len(),
            missing[0]
        );
    }
    let partial = to.with_file_name(format!(
        ".{}.part",
        to.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    ));
    let result = write_archive(store, &data, &names, files, &partial);
    match result {
        Ok(()) => std::fs::rename(&partial, to).with_context(|| format!("{}", to.display()))?,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    }
    Ok(Exported {
        office: found.code.to_string(),
        rows: data.tables.iter().map(|t| t.rows.len()).sum(),
        files: names.len(),
    })
}

fn write_archive(store: &dyn Store, data: &OfficeData, names: &[String], files: &Path, to: &Path) -> Result<()> {
    let out = create_private(to)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let deflated = zip::write::SimpleFileOptions::default().large_file(true);
    zip.start_file(DATA, deflated)?;
    let json = serde_json::to_vec(data)?;
    let data_entry = copy_hashed(&mut json.as_slice(), &mut zip, DATA)?;
    drop(json);
    let mut entries = Vec::new();
    for name in names {
        zip.start_file(format!("berkas/{name}"), deflated)?;
        let path = files.join(name);
        let mut source = std::fs::File::open(&path).with_context(|| format!("{}", path.display()))?;
        entries.push(copy_hashed(&mut source, &mut zip, name)?);
    }
    let manifest = Manifest {
        format: FORMAT,
        kinerja: env!("CARGO_PKG_VERSION").to_string(),
        created: kinerja_store::clock::now_rfc3339(),
        backend: store.backend().to_string(),
        office: data.office.clone(),
        year: data.year,
        rows: data.counts(),
        data: data_entry,
        files: entries,
    };
    zip.start_file(MANIFEST, zip::write::SimpleFileOptions::default())?;
    serde_json::to_writer_pretty(&mut zip, &manifest)?;
    zip.finish()?.flush()?;
    Ok(())
}

/// A new file only its owner may read (it holds password hashes).
fn create_private(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).with_context(|| format!("{}", path.display()))
}

/// Imports the archive `from` (its evidence files into `files`).
pub async fn import(store: &dyn Store, actor: &Actor, from: &Path, files: &Path, users: bool) -> Result<Imported> {
    let shown = from.display().to_string();
    let archive = std::fs::File::open(from).with_context(|| shown.clone())?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(archive))
        .map_err(|e| anyhow!("{shown}: not a Kinerja office export (a ZIP): {e}"))?;
    let manifest: Manifest = read_json(
        &mut zip,
        MANIFEST,
        MAX_MANIFEST_BYTES,
        &shown,
        "a Kinerja office export",
    )?;
    if manifest.format != FORMAT {
        bail!(
            "{shown}: export format {} (this release reads format {FORMAT})",
            manifest.format
        );
    }
    check_entry(&mut zip, DATA, &manifest.data, &shown)?;
    for file in &manifest.files {
        if !plain_name(&file.path) {
            bail!(
                "{shown}: {MANIFEST}: file name {:?} is not a plain file name",
                file.path
            );
        }
        check_entry(&mut zip, &format!("berkas/{}", file.path), file, &shown)?;
    }
    let data: OfficeData = read_json(&mut zip, DATA, MAX_DATA_BYTES, &shown, "a Kinerja office export")?;
    if data.office != manifest.office || data.year != manifest.year {
        bail!("{shown}: {DATA} is not of the office and year {MANIFEST} names");
    }
    data.office
        .parse::<OfficeCode>()
        .map_err(|e| anyhow!("{shown}: office code {:?}: {e}", data.office))?;
    let mut listed: Vec<String> = manifest.files.iter().map(|f| f.path.clone()).collect();
    listed.sort();
    if listed != data.file_names() {
        bail!("{shown}: the evidence files in the archive are not those its rows name");
    }
    let written = write_files(&mut zip, &manifest, files, &shown)?;
    let options = ImportOptions {
        users,
        source: format!(
            "{} ({}, Kinerja {}, {})",
            from.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            manifest.backend,
            manifest.kinerja,
            manifest.created
        ),
    };
    match store.import_office(actor, &data, &options).await {
        Ok(done) => Ok(done),
        Err(e) => {
            for path in written {
                let _ = std::fs::remove_file(path);
            }
            Err(e.into())
        }
    }
}

/// A name of one file, no directory, nothing hidden.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 255 && !name.starts_with('.') && !name.contains(['/', '\\', '\0'])
}

fn check_entry(zip: &mut Archive, name: &str, expected: &Entry, shown: &str) -> Result<()> {
    let entry = zip.by_name(name).map_err(|_| anyhow!("{shown}: {name} is missing"))?;
    let found = copy_hashed(
        &mut entry.take(expected.bytes.saturating_add(1)),
        &mut std::io::sink(),
        name,
    )
    .map_err(|e| anyhow!("{shown}: {name} cannot be read ({e}): the archive is damaged"))?;
    if found.bytes != expected.bytes || found.sha256 != expected.sha256 {
        bail!("{shown}: {name} is not what the export recorded (size or SHA-256 differs): the archive is damaged");
    }
    Ok(())
}

/// Writes the evidence files `files` does not have yet; one it has must be the same file.
/// Returns the paths written.
fn write_files(zip: &mut Archive, manifest: &Manifest, files: &Path, shown: &str) -> Result<Vec<std::path::PathBuf>> {
    let mut written = Vec::new();
    let result = (|| -> Result<()> {
        if !manifest.files.is_empty() {
            std::fs::create_dir_all(files).with_context(|| format!("{}", files.display()))?;
        }
        for file in &manifest.files {
            let path = files.join(&file.path);
            if path.exists() {
                let same = copy_hashed(&mut std::fs::File::open(&path)?, &mut std::io::sink(), &file.path)?;
                if same.sha256 != file.sha256 {
                    bail!(
                        "{}: a different file of that name is already there; nothing was imported",
                        path.display()
                    );
                }
                continue;
            }
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .with_context(|| format!("{}", path.display()))?;
            written.push(path.clone());
            let mut entry = zip.by_name(&format!("berkas/{}", file.path))?;
            copy_hashed(&mut entry, &mut out, &file.path).map_err(|e| anyhow!("{shown}: {}: {e}", file.path))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(written),
        Err(e) => {
            for path in &written {
                let _ = std::fs::remove_file(path);
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_file_names_are_written() {
        assert!(plain_name("0123456789abcdef0123456789abcdef.pdf"));
        for bad in ["", "../x", "a/b", "a\\b", ".hidden", "x\0y", &"a".repeat(256)] {
            assert!(!plain_name(bad), "{bad:?}");
        }
    }
}
