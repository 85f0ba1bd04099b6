use super::*;

#[test]
fn every_key_used_in_templates_and_code_exists_in_both_languages() {
    let mut used = Vec::new();
    // Every template and every source file of this crate, found on disk: a new file cannot
    // escape the check.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    let mut dirs = vec![root.join("src"), root.join("templates")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html")
                && !path.parent().is_some_and(|d| d.ends_with("i18n"))
            {
                files.push(path);
            }
        }
    }
    files.sort();
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    for (name, text) in &texts {
        let name = name.as_str();
        for part in text.split(".t(\"").skip(1).chain(text.split(".fill(\"").skip(1)) {
            let key = &part[..part.find('"').unwrap()];
            used.push((name, key.to_string()));
        }
    }
    assert!(used.len() > 40, "the templates use the table");
    for (file, key) in &used {
        let entry = entries().find(|(k, _, _)| k == key);
        assert!(entry.is_some(), "{file}: key '{key}' is not in the table");
    }
    let mut keys = std::collections::HashSet::new();
    for (key, id, en) in entries() {
        assert!(keys.insert(key), "key '{key}' is in the tables twice");
        assert!(!id.is_empty() && !en.is_empty(), "{key}");
        assert!(used.iter().any(|(_, k)| k == key), "key '{key}' is never used");
    }
}
