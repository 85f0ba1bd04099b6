//! The plan page in sections, one shown at a time (`?bagian=`): the cascade tree, the plan
//! checks with their filter by severity and unit, and the PK editor of one unit. A link or a
//! save that names a unit opens the PK editor; otherwise the page opens on the tree.

use kinerja_domain::model::YearPlan;

use super::{Choice, FindingView};
use crate::i18n::Tr;

/// A section of the plan page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Tree,
    Checks,
    Pk,
}

impl Section {
    /// The section asked for (`bagian`), else the PK editor when a unit is named, else the tree.
    pub fn chosen(asked: Option<&str>, unit_named: bool) -> Section {
        match asked {
            Some("pohon") => Section::Tree,
            Some("pemeriksaan") => Section::Checks,
            Some("pk") => Section::Pk,
            _ if unit_named => Section::Pk,
            _ => Section::Tree,
        }
    }

    /// As the address writes it.
    pub fn code(self) -> &'static str {
        match self {
            Section::Tree => "pohon",
            Section::Checks => "pemeriksaan",
            Section::Pk => "pk",
        }
    }
}

/// The findings shown, and the filter's choices with their counts.
pub struct Filtered {
    pub shown: Vec<FindingView>,
    /// Severity choices: code, label with its count.
    pub severities: Vec<Choice>,
    /// Units with findings: code, name with its count.
    pub units: Vec<Choice>,
    pub severity: String,
    pub unit: String,
    /// How many findings there are in all.
    pub all: usize,
}

/// Keeps the findings of `severity` (`error`, `warning`, `info`; empty for all) and of `unit`
/// (a unit's code; empty for all). A choice that matches nothing shows nothing and says so.
pub fn filter(findings: Vec<FindingView>, plan: &YearPlan, severity: &str, unit: &str, t: Tr) -> Filtered {
    let count = |f: &dyn Fn(&FindingView) -> bool| findings.iter().filter(|v| f(v)).count();
    let mut severities = vec![Choice {
        value: String::new(),
        label: format!("{} ({})", t.t("findings_all_severities"), findings.len()),
    }];
    for (code, key) in [
        ("error", "severity_error"),
        ("warning", "severity_warning"),
        ("info", "severity_info"),
    ] {
        let n = count(&|v| v.class == code);
        if n > 0 || severity == code {
            severities.push(Choice {
                value: code.to_string(),
                label: format!("{} ({n})", t.t(key)),
            });
        }
    }
    let mut units = vec![Choice {
        value: String::new(),
        label: format!("{} ({})", t.t("findings_all_units"), findings.len()),
    }];
    for u in plan.units_in_tree_order() {
        let n = count(&|v| v.unit_code == u.code);
        if n > 0 || unit == u.code {
            units.push(Choice {
                value: u.code.clone(),
                label: format!("{} ({n})", u.name),
            });
        }
    }
    let all = findings.len();
    let shown = findings
        .into_iter()
        .filter(|v| severity.is_empty() || v.class == severity)
        .filter(|v| unit.is_empty() || v.unit_code == unit)
        .collect();
    Filtered {
        shown,
        severities,
        units,
        severity: severity.to_string(),
        unit: unit.to_string(),
        all,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_named_opens_the_pk_editor_unless_a_section_is_asked() {
        assert_eq!(Section::chosen(None, false), Section::Tree);
        assert_eq!(Section::chosen(None, true), Section::Pk);
        assert_eq!(Section::chosen(Some("pemeriksaan"), true), Section::Checks);
        assert_eq!(Section::chosen(Some("pohon"), true), Section::Tree);
        assert_eq!(Section::chosen(Some("pk"), false), Section::Pk);
        assert_eq!(Section::chosen(Some("lain"), false), Section::Tree);
        for s in [Section::Tree, Section::Checks, Section::Pk] {
            assert_eq!(Section::chosen(Some(s.code()), false), s);
        }
    }
}
