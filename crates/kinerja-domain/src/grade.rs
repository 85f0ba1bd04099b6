//! Ordinal scales: the SAKIP evaluation grades (AA > A > BB > B > CC > C > D), audit opinions
//! (WTP > WDP > TW > TMP), or a scale an office defines. Grades are compared by position, never
//! divided as letters.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrdinalScale {
    pub code: String,
    pub name: String,
    /// Levels from best to worst.
    pub levels: Vec<String>,
}

/// A level on an ordinal scale.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Grade {
    pub scale: String,
    pub level: String,
    /// Position counted from the worst level, which is 1.
    pub rank: u8,
}

pub const SAKIP_GRADES: &str = "sakip";
pub const AUDIT_OPINIONS: &str = "opini-bpk";

static BUILTIN: LazyLock<Vec<OrdinalScale>> = LazyLock::new(|| {
    let scale = |code: &str, name: &str, levels: &[&str]| OrdinalScale {
        code: code.into(),
        name: name.into(),
        levels: levels.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        scale(
            SAKIP_GRADES,
            "Nilai evaluasi SAKIP",
            &["AA", "A", "BB", "B", "CC", "C", "D"],
        ),
        scale(AUDIT_OPINIONS, "Opini BPK", &["WTP", "WDP", "TW", "TMP"]),
    ]
});

/// Latin letters for the Cyrillic look-alikes OCR puts into grades (`В` for `B`).
fn latinise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'А' | 'а' => 'A',
            'В' | 'в' => 'B',
            'С' | 'с' => 'C',
            'Е' | 'е' => 'E',
            'Р' | 'р' => 'P',
            'Т' | 'т' => 'T',
            'М' | 'м' => 'M',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

impl OrdinalScale {
    pub fn builtin() -> &'static [OrdinalScale] {
        &BUILTIN
    }

    /// The grade `s` names on the first scale that has it (case, spacing and look-alikes
    /// ignored). Built-in scales come first in [`ParseContext`](crate::value::ParseContext), so an
    /// office's scale cannot change what `B` means.
    pub fn find_grade(scales: &[OrdinalScale], s: &str) -> Option<Grade> {
        let wanted = latinise(&s.split_whitespace().collect::<Vec<_>>().join(" "));
        if wanted.is_empty() {
            return None;
        }
        scales.iter().find_map(|scale| scale.grade(&wanted))
    }

    /// The grade `level` (already upper-cased, single-spaced) on this scale.
    pub fn grade(&self, level: &str) -> Option<Grade> {
        let n = self.levels.len();
        let same = |l: &String| l.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase() == level;
        self.levels.iter().position(same).map(|i| Grade {
            scale: self.code.clone(),
            level: self.levels[i].clone(),
            rank: u8::try_from(n - i).unwrap_or(u8::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sakip_grades_are_ordered() {
        let s = OrdinalScale::builtin();
        let aa = OrdinalScale::find_grade(s, "AA").unwrap();
        let b = OrdinalScale::find_grade(s, "b").unwrap();
        let d = OrdinalScale::find_grade(s, "D").unwrap();
        assert!(aa.rank > b.rank && b.rank > d.rank);
        assert_eq!((aa.rank, b.rank, d.rank), (7, 4, 1));
        assert_eq!(OrdinalScale::find_grade(s, "TMP").unwrap().scale, AUDIT_OPINIONS);
        assert_eq!(OrdinalScale::find_grade(s, "Baik"), None);
    }

    #[test]
    fn an_office_scale_with_words() {
        let predikat = OrdinalScale {
            code: "predikat".into(),
            name: "Predikat".into(),
            levels: vec!["Sangat Memuaskan".into(), "Memuaskan".into(), "Cukup".into()],
        };
        let mut scales = OrdinalScale::builtin().to_vec();
        scales.push(predikat);
        let g = OrdinalScale::find_grade(&scales, "sangat  memuaskan").unwrap();
        assert_eq!(
            (g.scale.as_str(), g.level.as_str(), g.rank),
            ("predikat", "Sangat Memuaskan", 3)
        );
        assert_eq!(OrdinalScale::find_grade(&scales, "Cukup").unwrap().rank, 1);
        assert_eq!(OrdinalScale::find_grade(&scales, "B").unwrap().scale, SAKIP_GRADES);
    }
}
