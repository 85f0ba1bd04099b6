//! Category scales as data: bands of achievement with explicit inclusive/exclusive bounds and a
//! label (`< 55 Gagal`, `55–75 Cukup Baik`, …). A scale is validated for gaps and overlaps over
//! its domain, and each gap or overlap names the values concerned.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format;
use crate::i18n::Text;

/// One end of a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub label: String,
    /// `None`: unbounded below.
    pub lower: Option<Bound>,
    /// `None`: unbounded above.
    pub upper: Option<Bound>,
    /// Traffic-light colour: red, yellow, green, blue.
    pub colour: Option<String>,
}

impl Band {
    pub fn contains(&self, x: Decimal) -> bool {
        let above = match self.lower {
            None => true,
            Some(b) => x > b.value || (b.inclusive && x == b.value),
        };
        let below = match self.upper {
            None => true,
            Some(b) => x < b.value || (b.inclusive && x == b.value),
        };
        above && below
    }

    /// `> 75% dan ≤ 100%`-style description.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        let and = match lang {
            crate::i18n::Lang::Id => "dan",
            crate::i18n::Lang::En => "and",
        };
        let lower = self
            .lower
            .map(|b| format!("{} {}", if b.inclusive { "≥" } else { ">" }, format::percent(b.value)));
        let upper = self
            .upper
            .map(|b| format!("{} {}", if b.inclusive { "≤" } else { "<" }, format::percent(b.value)));
        match (lower, upper) {
            (Some(l), Some(u)) => format!("{l} {and} {u}"),
            (Some(l), None) => l,
            (None, Some(u)) => u,
            (None, None) => "*".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryScale {
    pub code: String,
    pub name: String,
    pub bands: Vec<Band>,
    /// The scale must cover `[domain_min, domain_max]`; `None` means unbounded.
    pub domain_min: Option<Decimal>,
    pub domain_max: Option<Decimal>,
}

/// A gap or an overlap in a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScaleIssue {
    /// Values from `from` to `to` fall in no band.
    Gap { from: Option<Bound>, to: Option<Bound> },
    /// Values from `from` to `to` fall in two bands.
    Overlap {
        first: String,
        second: String,
        from: Bound,
        to: Option<Bound>,
    },
}

/// Where coverage has reached while walking the bands from the bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Frontier {
    /// Nothing from `value` on is covered yet; `value` itself is covered when `closed`.
    At(Bound),
    /// Everything below the domain minimum is irrelevant, unbounded domain: start at −∞.
    NegInf,
    PosInf,
}

fn describe_interval(from: Option<Bound>, to: Option<Bound>) -> Text {
    let lo = from.map(|b| (if b.inclusive { "≥" } else { ">" }, format::percent(b.value)));
    let hi = to.map(|b| (if b.inclusive { "≤" } else { "<" }, format::percent(b.value)));
    match (lo, hi) {
        (Some((lo_op, lo)), Some((hi_op, hi))) => Text::new(
            format!("nilai {lo_op} {lo} dan {hi_op} {hi}"),
            format!("values {lo_op} {lo} and {hi_op} {hi}"),
        ),
        (Some((op, v)), None) => Text::new(format!("nilai {op} {v}"), format!("values {op} {v}")),
        (None, Some((op, v))) => Text::new(format!("nilai {op} {v}"), format!("values {op} {v}")),
        (None, None) => Text::new("semua nilai", "all values"),
    }
}

impl ScaleIssue {
    pub fn text(&self) -> Text {
        match self {
            ScaleIssue::Gap { from, to } => {
                let what = describe_interval(*from, *to);
                Text::new(
                    format!("celah: {} tidak masuk kategori mana pun", what.id),
                    format!("gap: {} fall in no category", what.en),
                )
            }
            ScaleIssue::Overlap {
                first,
                second,
                from,
                to,
            } => {
                let what = describe_interval(Some(*from), *to);
                Text::new(
                    format!("tumpang tindih: {} masuk '{first}' dan '{second}'", what.id),
                    format!("overlap: {} fall in both '{first}' and '{second}'", what.en),
                )
            }
        }
    }
}

/// Orders lower bounds: unbounded first, then by value, an inclusive bound before an exclusive
/// one at the same value.
fn cmp_lower(a: &Option<Bound>, b: &Option<Bound>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some(a), Some(b)) => a.value.cmp(&b.value).then_with(|| b.inclusive.cmp(&a.inclusive)),
    }
}

impl CategoryScale {
    /// The SAKIP evaluation grades over 0–100: AA > 90–100, A > 80–90, BB > 70–80, B > 60–70,
    /// CC > 50–60, C > 30–50, D 0–30.
    pub fn sakip_evaluation() -> Self {
        let b = |v: i64, inclusive| {
            Some(Bound {
                value: Decimal::from(v),
                inclusive,
            })
        };
        let band = |label: &str, lower, upper, colour: &str| Band {
            label: label.into(),
            lower,
            upper,
            colour: Some(colour.into()),
        };
        CategoryScale {
            code: "sakip-evaluasi".into(),
            name: "Nilai evaluasi SAKIP".into(),
            bands: vec![
                band("AA", b(90, false), b(100, true), "blue"),
                band("A", b(80, false), b(90, true), "blue"),
                band("BB", b(70, false), b(80, true), "green"),
                band("B", b(60, false), b(70, true), "green"),
                band("CC", b(50, false), b(60, true), "yellow"),
                band("C", b(30, false), b(50, true), "red"),
                band("D", b(0, true), b(30, true), "red"),
            ],
            domain_min: Some(Decimal::ZERO),
            domain_max: Some(Decimal::ONE_HUNDRED),
        }
    }

    /// The band `achievement` falls in.
    pub fn categorise(&self, achievement: Decimal) -> Option<&Band> {
        self.bands.iter().find(|b| b.contains(achievement))
    }

    /// Every gap and overlap over the scale's domain, from the bottom up.
    pub fn validate(&self) -> Vec<ScaleIssue> {
        let mut issues = Vec::new();
        let mut bands: Vec<&Band> = self.bands.iter().collect();
        bands.sort_by(|a, b| cmp_lower(&a.lower, &b.lower));
        // `frontier`: the first value not yet covered.
        let mut frontier = match self.domain_min {
            Some(v) => Frontier::At(Bound {
                value: v,
                inclusive: true,
            }),
            None => Frontier::NegInf,
        };
        let mut last_label = String::new();
        for band in bands {
            // Ignore bands (or parts) that end below the frontier only for overlap purposes.
            match (frontier, band.lower) {
                (Frontier::PosInf, lower) => {
                    let from = lower.unwrap_or(Bound {
                        value: Decimal::MIN,
                        inclusive: true,
                    });
                    issues.push(ScaleIssue::Overlap {
                        first: last_label.clone(),
                        second: band.label.clone(),
                        from,
                        to: band.upper,
                    });
                }
                (Frontier::NegInf, Some(lower)) => {
                    if self.domain_min.is_none() {
                        issues.push(ScaleIssue::Gap {
                            from: None,
                            to: Some(Bound {
                                value: lower.value,
                                inclusive: !lower.inclusive,
                            }),
                        });
                    }
                }
                (Frontier::NegInf, None) => {}
                (Frontier::At(need), lower) => {
                    // `need` is the first uncovered value (inclusive: the value itself is uncovered).
                    let starts_after = match lower {
                        None => false,
                        Some(l) => l.value > need.value || (l.value == need.value && need.inclusive && !l.inclusive),
                    };
                    let starts_before = match lower {
                        None => true,
                        Some(l) => l.value < need.value || (l.value == need.value && !need.inclusive && l.inclusive),
                    };
                    if starts_after {
                        let l = lower.unwrap_or(need);
                        issues.push(ScaleIssue::Gap {
                            from: Some(need),
                            to: Some(Bound {
                                value: l.value,
                                inclusive: !l.inclusive,
                            }),
                        });
                    } else if starts_before && !last_label.is_empty() {
                        let from = lower
                            .map(|l| Bound {
                                value: l.value.max(Decimal::MIN),
                                inclusive: l.inclusive,
                            })
                            .unwrap_or(need);
                        let overlap_to = Bound {
                            value: need.value,
                            inclusive: !need.inclusive,
                        };
                        let to = match band.upper {
                            Some(u) if u.value < need.value => Some(u),
                            _ => Some(overlap_to),
                        };
                        issues.push(ScaleIssue::Overlap {
                            first: last_label.clone(),
                            second: band.label.clone(),
                            from,
                            to,
                        });
                    }
                }
            }
            frontier = advance(frontier, band.upper);
            last_label = band.label.clone();
        }
        match frontier {
            Frontier::PosInf => {}
            Frontier::NegInf => issues.push(ScaleIssue::Gap { from: None, to: None }),
            Frontier::At(need) => match self.domain_max {
                None => issues.push(ScaleIssue::Gap {
                    from: Some(need),
                    to: None,
                }),
                Some(max) => {
                    if need.value < max || (need.value == max && need.inclusive) {
                        issues.push(ScaleIssue::Gap {
                            from: Some(need),
                            to: Some(Bound {
                                value: max,
                                inclusive: true,
                            }),
                        });
                    }
                }
            },
        }
        issues
    }
}

/// The frontier after a band whose upper bound is `upper`: just after it, unless it was
/// already further.
fn advance(frontier: Frontier, upper: Option<Bound>) -> Frontier {
    let after = match upper {
        None => Frontier::PosInf,
        Some(u) => Frontier::At(Bound {
            value: u.value,
            inclusive: !u.inclusive,
        }),
    };
    match (frontier, after) {
        (Frontier::PosInf, _) | (_, Frontier::PosInf) => Frontier::PosInf,
        (Frontier::NegInf, a) => a,
        (Frontier::At(cur), Frontier::At(new)) => {
            let further = new.value > cur.value || (new.value == cur.value && !new.inclusive && cur.inclusive);
            if further { Frontier::At(new) } else { Frontier::At(cur) }
        }
        (f, Frontier::NegInf) => f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn b(v: &str, inclusive: bool) -> Option<Bound> {
        Some(Bound { value: d(v), inclusive })
    }
    fn band(label: &str, lower: Option<Bound>, upper: Option<Bound>) -> Band {
        Band {
            label: label.into(),
            lower,
            upper,
            colour: None,
        }
    }
    /// The scale the Kota Metro LKj intends: < 55 | 55–75 | > 75–100 | > 100.
    pub(crate) fn intended() -> CategoryScale {
        CategoryScale {
            code: "kota-metro-2024".into(),
            name: "Kota Metro".into(),
            bands: vec![
                band("Gagal", None, b("55", false)),
                band("Cukup Baik", b("55", true), b("75", true)),
                band("Baik", b("75", false), b("100", true)),
                band("Sangat Baik", b("100", false), None),
            ],
            domain_min: None,
            domain_max: None,
        }
    }

    #[test]
    fn the_intended_scale_is_whole_and_categorises() {
        let s = intended();
        assert_eq!(s.validate(), vec![]);
        assert_eq!(s.categorise(d("54.99")).unwrap().label, "Gagal");
        assert_eq!(s.categorise(d("55")).unwrap().label, "Cukup Baik");
        assert_eq!(s.categorise(d("75")).unwrap().label, "Cukup Baik");
        assert_eq!(s.categorise(d("75.01")).unwrap().label, "Baik");
        assert_eq!(s.categorise(d("100")).unwrap().label, "Baik");
        assert_eq!(s.categorise(d("100.5")).unwrap().label, "Sangat Baik");
        assert_eq!(s.categorise(d("-20")).unwrap().label, "Gagal");
    }

    #[test]
    fn the_printed_lkj_scale_has_two_gaps() {
        // Kurang dari 5% | 55–75 | 76–100 | lebih dari 100
        let s = CategoryScale {
            bands: vec![
                band("Gagal", None, b("5", false)),
                band("Cukup Baik", b("55", true), b("75", true)),
                band("Baik", b("76", true), b("100", true)),
                band("Sangat Baik", b("100", false), None),
            ],
            ..intended()
        };
        let issues = s.validate();
        assert_eq!(
            issues,
            vec![
                ScaleIssue::Gap {
                    from: b("5", true),
                    to: b("55", false)
                },
                ScaleIssue::Gap {
                    from: b("75", false),
                    to: b("76", false)
                },
            ]
        );
        assert_eq!(
            issues[0].text().id,
            "celah: nilai ≥ 5% dan < 55% tidak masuk kategori mana pun"
        );
        assert_eq!(issues[1].text().en, "gap: values > 75% and < 76% fall in no category");
    }

    #[test]
    fn sakip_grades_cover_zero_to_hundred() {
        let s = CategoryScale::sakip_evaluation();
        assert_eq!(s.validate(), vec![]);
        assert_eq!(s.categorise(d("90")).unwrap().label, "A");
        assert_eq!(s.categorise(d("90.01")).unwrap().label, "AA");
        // Without D, 0–30 is a gap; cut A short and 85–90 is one too.
        let mut broken = s.clone();
        broken.bands.pop();
        broken.bands[1].upper = b("85", true);
        assert_eq!(
            broken.validate(),
            vec![
                ScaleIssue::Gap {
                    from: b("0", true),
                    to: b("30", true)
                },
                ScaleIssue::Gap {
                    from: b("85", false),
                    to: b("90", true)
                },
            ]
        );
    }

    #[test]
    fn overlaps_are_named() {
        let s = CategoryScale {
            bands: vec![
                band("Merah", None, b("70", true)),
                band("Kuning", b("70", true), b("90", true)),
                band("Hijau", b("90", false), None),
            ],
            ..intended()
        };
        let issues = s.validate();
        assert_eq!(issues.len(), 1);
        assert!(
            matches!(&issues[0], ScaleIssue::Overlap { first, second, .. } if first == "Merah" && second == "Kuning")
        );
        assert!(issues[0].text().id.contains("70%"));
        // Traffic light done right: < 70 | 70–90 | > 90.
        let ok = CategoryScale {
            bands: vec![
                band("Merah", None, b("70", false)),
                band("Kuning", b("70", true), b("90", true)),
                band("Hijau", b("90", false), None),
            ],
            ..intended()
        };
        assert_eq!(ok.validate(), vec![]);
    }

    #[test]
    fn a_scale_without_top_or_bottom_misses_the_ends() {
        let s = CategoryScale {
            bands: vec![band("Cukup", b("50", true), b("100", true))],
            ..intended()
        };
        assert_eq!(
            s.validate(),
            vec![
                ScaleIssue::Gap {
                    from: None,
                    to: b("50", false)
                },
                ScaleIssue::Gap {
                    from: b("100", false),
                    to: None
                }
            ]
        );
        let empty = CategoryScale {
            bands: vec![],
            ..intended()
        };
        assert_eq!(empty.validate(), vec![ScaleIssue::Gap { from: None, to: None }]);
    }
}
