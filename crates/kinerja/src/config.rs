//! The configuration file (`kinerja --config FILE …`, or `KINERJA_CONFIG=FILE`): a TOML file of
//! flat keys, each the name of an option with `_` for `-` (`listen = "0.0.0.0:8080"`,
//! `trusted_proxy = ["10.0.0.1"]`, `secure_cookies = true`), plus the two secrets that are never
//! options (`smtp_password`, `metrics_token`). Precedence: the command line, then the option's
//! environment variable, then the file, then the built-in default. The README's "Deployment"
//! documents every key.
//!
//! A key no option has is refused naming its line (a typo must not silently leave a default in
//! place); a file holding a secret that every user of the machine can read is refused.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Result, bail};

/// The largest configuration file read.
const MAX_BYTES: u64 = 64 * 1024;

/// Keys that are secrets, with the environment variable that stands before each.
const SECRETS: [(&str, &str); 2] = [
    ("smtp_password", "KINERJA_SMTP_PASSWORD"),
    ("metrics_token", "KINERJA_METRICS_TOKEN"),
];

/// The options of the whole command (every command) a file may set.
const GLOBAL: [&str; 4] = ["db", "lang", "log_format", "db_connections"];

/// The secrets of the file read at start (empty without a file).
static FILE_SECRETS: OnceLock<BTreeMap<String, String>> = OnceLock::new();

/// A secret: its environment variable, else the configuration file's key.
pub fn secret(key: &str) -> Option<String> {
    let env = SECRETS.iter().find(|(k, _)| *k == key).map(|(_, e)| *e)?;
    std::env::var(env)
        .ok()
        .or_else(|| FILE_SECRETS.get().and_then(|s| s.get(key).cloned()))
}

/// The file `--config` or `KINERJA_CONFIG` names, if any.
pub fn path_in(args: &[OsString]) -> Option<PathBuf> {
    let mut it = args.iter().skip(1);
    while let Some(arg) = it.next() {
        let arg = arg.to_string_lossy();
        if arg == "--" {
            break;
        }
        if arg == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    std::env::var_os("KINERJA_CONFIG").map(PathBuf::from)
}

/// `command` with the file's values as the defaults of its options (`serve`'s and the global
/// ones); the file's secrets kept for [`secret`].
pub fn apply(command: clap::Command, path: &Path) -> Result<clap::Command> {
    let shown = path.display();
    let text = read(path)?;
    let table: BTreeMap<String, toml::Spanned<toml::Value>> = toml::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{shown}, {}: {}", where_(&text, e.span()), e.message().trim()))?;
    let mut command = command;
    let mut secrets = BTreeMap::new();
    for (key, value) in table {
        let line = line_of(&text, value.span().start);
        let at = format!("{shown}, line {line}, {key}");
        let values = values_of(value.get_ref())
            .ok_or_else(|| anyhow::anyhow!("{at}: expected text, a number, true/false or a list of them"))?;
        if SECRETS.iter().any(|(k, _)| *k == key) {
            if values.len() != 1 {
                bail!("{at}: expected one value");
            }
            readable_by_owner_only(path, &key)?;
            secrets.insert(key, values[0].clone());
            continue;
        }
        // A database URL with its password is a secret too.
        if key == "db" && values.iter().any(|v| has_password(v)) {
            readable_by_owner_only(path, "a database password")?;
        }
        let global = GLOBAL.contains(&key.as_str());
        let serve_has = command
            .find_subcommand("serve")
            .is_some_and(|s| s.get_arguments().any(|a| a.get_id() == key.as_str()));
        if !global && !serve_has {
            bail!("{at}: no such setting; the settings are {}", known(&command).join(", "));
        }
        let set = |arg: clap::Arg| match values.as_slice() {
            [one] => arg.default_value(one.clone()),
            many => arg.default_values(many.to_vec()),
        };
        command = if global {
            command.mut_arg(key.as_str(), set)
        } else {
            command.mut_subcommand("serve", |s| s.mut_arg(key.as_str(), set))
        };
    }
    let _ = FILE_SECRETS.set(secrets);
    Ok(command)
}

fn read(path: &Path) -> Result<String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    if meta.len() > MAX_BYTES {
        bail!(
            "{shown}: larger than {} KB; a configuration file is a few lines",
            MAX_BYTES / 1024
        );
    }
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{shown}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}

/// "line L, column C" of a parse error's place.
fn where_(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(s) => {
            let line = line_of(text, s.start);
            let column = text[..s.start.min(text.len())]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count())
                + 1;
            format!("line {line}, column {column}")
        }
        None => "somewhere in the file".to_string(),
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A value as option values: text, a number and true/false as written; a list as its items.
fn values_of(value: &toml::Value) -> Option<Vec<String>> {
    match value {
        toml::Value::String(s) => Some(vec![s.clone()]),
        toml::Value::Integer(i) => Some(vec![i.to_string()]),
        toml::Value::Boolean(b) => Some(vec![b.to_string()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| values_of(v).filter(|v| v.len() == 1).map(|mut v| v.remove(0)))
            .collect(),
        _ => None,
    }
}

/// Whether a URL carries a password (`scheme://user:password@host`).
fn has_password(url: &str) -> bool {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => url[start + 3..at].contains(':'),
        _ => false,
    }
}

/// Every key a file may hold.
fn known(command: &clap::Command) -> Vec<String> {
    let mut keys: Vec<String> = GLOBAL.iter().map(|k| k.to_string()).collect();
    if let Some(serve) = command.find_subcommand("serve") {
        keys.extend(
            serve
                .get_arguments()
                .filter(|a| a.get_long().is_some() && !GLOBAL.contains(&a.get_id().as_str()))
                .filter(|a| !matches!(a.get_id().as_str(), "help" | "version" | "config"))
                .map(|a| a.get_id().to_string()),
        );
    }
    keys.extend(SECRETS.iter().map(|(k, _)| k.to_string()));
    keys
}

/// A file holding a secret must not be readable by every user of the machine.
#[cfg(unix)]
fn readable_by_owner_only(path: &Path, key: &str) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o004 != 0 {
        bail!(
            "{}: holds {key} but every user of this machine can read it; allow only the server's user and group (chmod 640)",
            path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn readable_by_owner_only(_: &Path, _: &str) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_option_is_found_before_the_command() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            path_in(&args(&["kinerja", "--config", "/etc/k.toml", "serve"])),
            Some(PathBuf::from("/etc/k.toml"))
        );
        assert_eq!(
            path_in(&args(&["kinerja", "serve", "--config=k.toml"])),
            Some(PathBuf::from("k.toml"))
        );
    }

    #[test]
    fn values_are_read_as_written() {
        let v: toml::Value =
            toml::from_str("a = [\"10.0.0.1\", \"10.0.0.2\"]\nb = 7\nc = true\nd = { x = 1 }").unwrap();
        assert_eq!(
            values_of(&v["a"]),
            Some(vec!["10.0.0.1".to_string(), "10.0.0.2".to_string()])
        );
        assert_eq!(values_of(&v["b"]), Some(vec!["7".to_string()]));
        assert_eq!(values_of(&v["c"]), Some(vec!["true".to_string()]));
        assert_eq!(values_of(&v["d"]), None);
        assert_eq!(line_of("a\nb\nc", 4), 3);
        assert!(has_password("postgres://kinerja:rahasia@db/kinerja"));
        assert!(!has_password("postgres://kinerja@db/kinerja"));
        assert!(!has_password("sqlite:///var/lib/kinerja/kinerja.db"));
    }
}
