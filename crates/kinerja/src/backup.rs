//! `kinerja backup --to FILE` and `kinerja restore FILE`: the database and the evidence files in
//! one ZIP, taken while the servers run, and put back into an empty database and directory.
//!
//! The archive holds `kinerja-backup.json` (what it is: format, release, backend, migrations,
//! and the size and SHA-256 of every other entry), the database under `database/` (SQLite: the
//! store's consistent copy, `VACUUM INTO`; PostgreSQL: `pg_dump --format=custom`, one
//! consistent snapshot) and the evidence files under `berkas/`, stored as they are. The files are
//! copied after the database, so every file a row of the copy names is there (files are only
//! ever added under new names).
//!
//! A restore checks everything before it writes: the manifest, each entry's size and hash, and
//! each file's path (relative, no `..`); it writes only into an empty database and an empty or
//! missing directory, and removes what it wrote when anything fails.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use kinerja_store::Store;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's name in the archive.
const MANIFEST: &str = "kinerja-backup.json";
/// The largest manifest read (a million files' names and hashes).
const MAX_MANIFEST_BYTES: u64 = 256 * 1024 * 1024;
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// The release of Kinerja that wrote it.
    kinerja: String,
    created: String,
    /// `sqlite` or `postgres`.
    backend: String,
    /// The migrations the database had applied.
    migrations: Vec<i64>,
    database: Entry,
    files: Vec<Entry>,
}

#[derive(Serialize, Deserialize, Clone)]
pub(crate) struct Entry {
    /// In the archive: `database/…`; for a file, its path under the files directory.
    pub(crate) path: String,
    pub(crate) bytes: u64,
    pub(crate) sha256: String,
}

/// What a backup or a restore holds.
pub struct Summary {
    pub backend: String,
    pub database_bytes: u64,
    pub files: usize,
    pub file_bytes: u64,
}

/// Writes the backup of the database at `db_url` (open as `store`) and of the evidence files
/// under `files` to the new file `to`.
pub async fn backup(store: &dyn Store, db_url: &str, files: &Path, to: &Path) -> Result<Summary> {
    if to.exists() {
        bail!("{}: already exists; a backup is written to a new file", to.display());
    }
    let dir = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let partial = dir.join(format!(
        ".{}.part",
        to.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    ));
    let result = write_archive(store, db_url, files, &partial).await;
    match result {
        Ok(summary) => {
            std::fs::rename(&partial, to).with_context(|| format!("{}", to.display()))?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

async fn write_archive(store: &dyn Store, db_url: &str, files: &Path, to: &Path) -> Result<Summary> {
    let out = std::fs::File::create_new(to).with_context(|| format!("{}", to.display()))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let backend = store.backend().to_string();
    let migrations = store.applied_migrations().await?;
    // The database first: the files copied after it include every file its rows name.
    let snapshot = tempfile::Builder::new().prefix(".kinerja-backup-").tempdir_in(
        to.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )?;
    let (db_file, db_entry) = match backend.as_str() {
        "sqlite" => {
            let file = snapshot.path().join("kinerja.sqlite");
            store.snapshot_to(&file).await?;
            (file, "database/kinerja.sqlite")
        }
        _ => {
            let file = snapshot.path().join("kinerja.pgdump");
            pg_tool(
                "pg_dump",
                &["--format=custom", "--no-owner", "--no-privileges", "--file"],
                &file,
                db_url,
            )?;
            (file, "database/kinerja.pgdump")
        }
    };
    zip.start_file(db_entry, stored)?;
    let database = copy_hashed(&mut std::fs::File::open(&db_file)?, &mut zip, db_entry)?;
    drop(snapshot);
    let mut entries = Vec::new();
    for (relative, path) in files_under(files)? {
        let name = format!("berkas/{relative}");
        zip.start_file(name.as_str(), stored)?;
        let mut source = std::fs::File::open(&path).with_context(|| format!("{}", path.display()))?;
        entries.push(copy_hashed(&mut source, &mut zip, &relative)?);
    }
    let summary = Summary {
        backend: backend.clone(),
        database_bytes: database.bytes,
        files: entries.len(),
        file_bytes: entries.iter().map(|e| e.bytes).sum(),
    };
    let manifest = Manifest {
        format: FORMAT,
        kinerja: env!("CARGO_PKG_VERSION").to_string(),
        created: kinerja_store::clock::now_rfc3339(),
        backend,
        migrations,
        database,
        files: entries,
    };
    zip.start_file(MANIFEST, zip::write::SimpleFileOptions::default())?;
    serde_json::to_writer_pretty(&mut zip, &manifest)?;
    zip.finish()?.flush()?;
    Ok(summary)
}

/// Copies `from` into `to`, returning its size and hash.
pub(crate) fn copy_hashed(from: &mut impl Read, to: &mut impl Write, path: &str) -> Result<Entry> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = from.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        to.write_all(&buffer[..n])?;
        bytes += n as u64;
    }
    Ok(Entry {
        path: path.to_string(),
        bytes,
        sha256: hex(&hasher.finalize()),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every regular file under `dir` (none when it does not exist), as (path with `/`, path),
/// sorted; symbolic links are not followed.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).with_context(|| format!("{}", current.display()))? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                let path = entry.path();
                let relative = path
                    .strip_prefix(dir)?
                    .components()
                    .map(|c| c.as_os_str().to_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| anyhow!("{}: not a UTF-8 name", path.display()))?
                    .join("/");
                found.push((relative, path));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Runs PostgreSQL's `tool` (pg_dump, pg_restore) on `file` and the database at `url`. The
/// URL's password goes to the tool in its environment (`PGPASSWORD`), not on its command line,
/// which every user of the machine can read.
fn pg_tool(tool: &str, args: &[&str], file: &Path, url: &str) -> Result<()> {
    let (url, password) = without_password(url);
    let mut command = std::process::Command::new(tool);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let out = command
        .args(args)
        .arg(file)
        .args(["--dbname", &url])
        .output()
        .map_err(|e| anyhow!("{tool}: {e} (install PostgreSQL's client programs: Debian postgresql-client)"))?;
    if !out.status.success() {
        bail!("{tool} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// A `postgres://user:password@host/db` URL without its password, and the password.
fn without_password(url: &str) -> (String, Option<String>) {
    if let (Some(scheme_end), Some(at)) = (url.find("://"), url.rfind('@'))
        && at > scheme_end
        && let Some((user, password)) = url[scheme_end + 3..at].split_once(':')
    {
        return (
            format!("{}{user}{}", &url[..scheme_end + 3], &url[at..]),
            Some(password.to_string()),
        );
    }
    (url.to_string(), None)
}

/// Puts the backup `from` into the empty database at `db_url` and the empty (or missing)
/// directory `files`.
pub async fn restore(db_url: &str, files: &Path, from: &Path) -> Result<Summary> {
    let archive = std::fs::File::open(from).with_context(|| format!("{}", from.display()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(archive))
        .map_err(|e| anyhow!("{}: not a Kinerja backup (a ZIP): {e}", from.display()))?;
    let manifest = read_manifest(&mut zip, from)?;
    check_entries(&mut zip, &manifest, from)?;
    if files.exists() && std::fs::read_dir(files)?.next().is_some() {
        bail!(
            "{}: not empty; a restore writes into an empty directory",
            files.display()
        );
    }
    let sqlite = db_url.starts_with("sqlite:");
    match (manifest.backend.as_str(), sqlite) {
        ("sqlite", true) | ("postgres", false) => {}
        (backend, _) => bail!(
            "{}: a backup of a {backend} database is restored to a {backend} database (to move an office's data between instances, use its export)",
            from.display()
        ),
    }
    let written = if sqlite {
        restore_sqlite(&mut zip, &manifest, db_url)?
    } else {
        restore_postgres(&mut zip, &manifest, db_url).await?
    };
    if let Err(e) = restore_files(&mut zip, &manifest, files) {
        written.undo();
        let _ = std::fs::remove_dir_all(files);
        return Err(e);
    }
    Ok(Summary {
        backend: manifest.backend,
        database_bytes: manifest.database.bytes,
        files: manifest.files.len(),
        file_bytes: manifest.files.iter().map(|e| e.bytes).sum(),
    })
}

pub(crate) type Archive = zip::ZipArchive<std::io::BufReader<std::fs::File>>;

fn read_manifest(zip: &mut Archive, from: &Path) -> Result<Manifest> {
    let shown = from.display().to_string();
    let manifest: Manifest = read_json(zip, MANIFEST, MAX_MANIFEST_BYTES, &shown, "a Kinerja backup")?;
    if manifest.format != FORMAT {
        bail!(
            "{shown}: backup format {} (this release reads format {FORMAT})",
            manifest.format
        );
    }
    Ok(manifest)
}

/// The JSON entry `name` of an archive (`what` it should be), at most `limit` bytes.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    zip: &mut Archive,
    name: &str,
    limit: u64,
    shown: &str,
    what: &str,
) -> Result<T> {
    let entry = zip
        .by_name(name)
        .map_err(|_| anyhow!("{shown}: no {name}; not {what}"))?;
    if entry.size() > limit {
        bail!("{shown}: {name} is larger than {} MB", limit >> 20);
    }
    let mut text = Vec::new();
    entry
        .take(limit)
        .read_to_end(&mut text)
        .map_err(|e| anyhow!("{shown}: {name} cannot be read ({e}): the archive is damaged"))?;
    serde_json::from_slice(&text).map_err(|e| anyhow!("{shown}: {name}, line {}, column {}: {e}", e.line(), e.column()))
}

/// Every entry the manifest names is there with its size and hash, and every file's path stays
/// inside the files directory.
fn check_entries(zip: &mut Archive, manifest: &Manifest, from: &Path) -> Result<()> {
    let shown = from.display();
    if !matches!(
        manifest.database.path.as_str(),
        "database/kinerja.sqlite" | "database/kinerja.pgdump"
    ) {
        bail!(
            "{shown}: {MANIFEST}: unexpected database entry {:?}",
            manifest.database.path
        );
    }
    let mut all = vec![(manifest.database.path.clone(), &manifest.database)];
    for file in &manifest.files {
        let path = Path::new(&file.path);
        if file.path.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
            bail!(
                "{shown}: {MANIFEST}: file path {:?} leaves the files directory",
                file.path
            );
        }
        all.push((format!("berkas/{}", file.path), file));
    }
    for (name, expected) in all {
        let entry = zip.by_name(&name).map_err(|_| anyhow!("{shown}: {name} is missing"))?;
        let found = copy_hashed(
            &mut entry.take(expected.bytes.saturating_add(1)),
            &mut std::io::sink(),
            &name,
        )
        .map_err(|e| anyhow!("{shown}: {name} cannot be read ({e}): the archive is damaged"))?;
        if found.bytes != expected.bytes || found.sha256 != expected.sha256 {
            bail!(
                "{shown}: {name} is not the file the backup recorded (size or SHA-256 differs): the archive is damaged"
            );
        }
    }
    Ok(())
}

/// What a restore wrote into the database, to take back when the files cannot be written.
enum Written {
    SqliteFile(PathBuf),
    Postgres,
}

impl Written {
    fn undo(&self) {
        if let Written::SqliteFile(path) = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn restore_sqlite(zip: &mut Archive, manifest: &Manifest, db_url: &str) -> Result<Written> {
    let path = sqlite_path(db_url)?;
    if path.exists() && std::fs::metadata(&path)?.len() > 0 {
        bail!(
            "{}: exists; a restore writes a new database (move the old one away first)",
            path.display()
        );
    }
    let mut entry = zip.by_name(&manifest.database.path)?;
    let mut out = std::fs::File::create(&path).with_context(|| format!("{}", path.display()))?;
    std::io::copy(&mut entry, &mut out)?;
    out.sync_all()?;
    Ok(Written::SqliteFile(path))
}

/// The file of a `sqlite://FILE` URL (options after `?` dropped).
fn sqlite_path(db_url: &str) -> Result<PathBuf> {
    let rest = db_url
        .strip_prefix("sqlite://")
        .or_else(|| db_url.strip_prefix("sqlite:"))
        .unwrap_or(db_url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("{db_url}: a restore needs a database file");
    }
    Ok(PathBuf::from(path))
}

async fn restore_postgres(zip: &mut Archive, manifest: &Manifest, db_url: &str) -> Result<Written> {
    let db = crate::Db::open_unmigrated(db_url).await?;
    let empty = db.store().applied_migrations().await?.is_empty();
    db.close().await;
    if !empty {
        bail!(
            "{}: the database is not empty; a restore writes into a new, empty database (createdb)",
            without_password(db_url).0
        );
    }
    let dir = tempfile::tempdir()?;
    let dump = dir.path().join("kinerja.pgdump");
    let mut entry = zip.by_name(&manifest.database.path)?;
    std::io::copy(&mut entry, &mut std::fs::File::create(&dump)?)?;
    pg_tool(
        "pg_restore",
        &[
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ],
        &dump,
        db_url,
    )?;
    Ok(Written::Postgres)
}

fn restore_files(zip: &mut Archive, manifest: &Manifest, files: &Path) -> Result<()> {
    for file in &manifest.files {
        let target = files.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("{}", parent.display()))?;
        }
        let mut entry = zip.by_name(&format!("berkas/{}", file.path))?;
        let mut out = std::fs::File::create_new(&target).with_context(|| format!("{}", target.display()))?;
        std::io::copy(&mut entry, &mut out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            super::without_password("postgres://kinerja:rahasia@db:5432/kinerja"),
            (
                "postgres://kinerja@db:5432/kinerja".to_string(),
                Some("rahasia".to_string())
            )
        );
        assert_eq!(
            super::without_password("postgres://db/kinerja"),
            ("postgres://db/kinerja".to_string(), None)
        );
    }
}
