//! Charts as SVG markup, drawn on the server from figures: achievement bars, the monthly trend,
//! indicators by category, budget absorption beside achievement. Pure functions from data to
//! text, so the web pages and the official documents (PDF) draw the same charts.
//!
//! The markup uses presentation attributes only (no `style`), so it passes a strict Content
//! Security Policy, and escapes every label. Numbers are written by `kinerja_domain::format`.

use std::fmt::Write;

use kinerja_domain::Decimal;
use kinerja_domain::format;
use rust_decimal::prelude::ToPrimitive;

/// Neutral grey: no category, or no figure.
pub const GREY: &str = "#6b7280";

/// The printed colour of a scale band's traffic-light name (red, yellow, green, blue), readable
/// in print; grey for anything else.
pub fn traffic_colour(name: Option<&str>) -> &'static str {
    match name {
        Some("red") => "#c0392b",
        Some("yellow") => "#d4a017",
        Some("green") => "#2e8b57",
        Some("blue") => "#1f5fa8",
        _ => GREY,
    }
}
const TRACK: &str = "#eef0f3";
const INK: &str = "#1f2937";
const FONT: &str = "Liberation Sans, Arial, sans-serif";

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A row label at the right edge `x`, centred on `cy`: one line when it fits in `max`
/// characters, else two lines broken at a word (the second shortened if it must be), so that
/// "Subbagian Perencanaan, Data dan Informasi" is read whole.
fn row_label(x: f64, cy: f64, label: &str, max: usize) -> String {
    let lines = wrap_two(label, max);
    // The whole label as the text's tooltip: a long one is cut at two lines.
    let mut out = format!(
        r#"<text x="{}" text-anchor="end" fill="{INK}"><title>{}</title>"#,
        px(x),
        escape(label)
    );
    let first = if lines.len() == 1 { cy + 4.0 } else { cy - 2.0 };
    for (k, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<tspan x="{}" y="{}">{}</tspan>"#,
            px(x),
            px(first + 12.0 * k as f64),
            escape(line)
        );
    }
    out.push_str("</text>");
    out
}

/// `s` in at most two lines of `max` characters, broken between words.
fn wrap_two(s: &str, max: usize) -> Vec<String> {
    if s.chars().count() <= max {
        return vec![s.to_string()];
    }
    let mut first = String::new();
    let mut rest = s;
    for (i, word) in s.split(' ').enumerate() {
        let len = first.chars().count() + word.chars().count() + usize::from(i > 0);
        if len > max {
            break;
        }
        if i > 0 {
            first.push(' ');
        }
        first.push_str(word);
        rest = s[first.len()..].trim_start();
    }
    if first.is_empty() {
        return vec![shorten(s, max)];
    }
    vec![first, shorten(rest, max)]
}

fn px(v: f64) -> String {
    // One decimal is enough for a screen or a printed page; no "-0".
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

fn percent_text(v: Option<Decimal>) -> String {
    v.map(format::percent).unwrap_or_else(|| "-".into())
}

/// One bar: a label, a percentage (none when it cannot be computed) and its colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: Option<Decimal>,
    pub colour: String,
}

/// Horizontal bars of percentages from 0 to `max` (values beyond are drawn to the edge, their
/// figure still printed), with a reference line at 100%.
pub fn bars(title: &str, rows: &[Bar], max: Decimal) -> String {
    const WIDTH: f64 = 640.0;
    const LABEL: f64 = 250.0;
    const AREA: f64 = 300.0;
    const ROW: f64 = 24.0;
    let max_f = max.to_f64().filter(|m| *m > 0.0).unwrap_or(150.0);
    let height = ROW * rows.len() as f64 + 8.0;
    let scale = |v: f64| (v.clamp(0.0, max_f) / max_f) * AREA;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="{FONT}" font-size="11">"#,
        w = WIDTH,
        h = px(height),
        t = escape(title)
    );
    let _ = write!(s, "<title>{}</title>", escape(title));
    for (i, row) in rows.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let value = row.value.and_then(|v| v.to_f64());
        let _ = write!(
            s,
            r#"{label}<rect x="{x}" y="{y}" width="{AREA}" height="16" fill="{TRACK}"/>"#,
            label = row_label(LABEL - 8.0, y + 8.0, &row.label, 40),
            x = LABEL,
            y = px(y),
        );
        if let Some(v) = value {
            let _ = write!(
                s,
                r#"<rect x="{x}" y="{y}" width="{w}" height="16" fill="{c}"><title>{label}: {text}</title></rect>"#,
                x = LABEL,
                y = px(y),
                w = px(scale(v)),
                c = escape(&row.colour),
                label = escape(&row.label),
                text = percent_text(row.value),
            );
        }
        let _ = write!(
            s,
            r#"<text x="{x}" y="{ty}" fill="{INK}">{text}</text>"#,
            x = px(LABEL + AREA + 8.0),
            ty = px(y + 12.5),
            text = percent_text(row.value),
        );
    }
    let hundred = LABEL + scale(100.0);
    let _ = write!(
        s,
        r#"<line x1="{x}" y1="0" x2="{x}" y2="{h}" stroke="{INK}" stroke-width="1" stroke-dasharray="3 2"/></svg>"#,
        x = px(hundred),
        h = px(height)
    );
    s
}

/// A point of a trend: its label (a month) and value, none when nothing was measured yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub label: String,
    pub value: Option<Decimal>,
    /// A period without a figure that should have one, marked on the axis with this text (the
    /// line breaks there); `None` for a value, or a period not yet due.
    pub missing: Option<String>,
}

/// A line of percentages over the periods of a year, with grid lines every 50% and the 100%
/// line marked. Gaps (periods without a figure) break the line.
pub fn trend(title: &str, points: &[Point], colour: &str) -> String {
    const WIDTH: f64 = 640.0;
    const HEIGHT: f64 = 220.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 28.0;
    let highest = points
        .iter()
        .filter_map(|p| p.value.and_then(|v| v.to_f64()))
        .fold(150.0_f64, f64::max);
    let top = (highest / 50.0).ceil() * 50.0;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let step = if points.len() > 1 {
        plot_w / (points.len() - 1) as f64
    } else {
        0.0
    };
    let x_of = |i: usize| LEFT + step * i as f64;
    let y_of = |v: f64| TOP + plot_h - (v.max(0.0) / top) * plot_h;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{t}" font-family="{FONT}" font-size="11"><title>{t}</title>"#,
        t = escape(title)
    );
    let mut level = 0.0;
    while level <= top {
        let y = y_of(level);
        let stroke = if level == 100.0 { INK } else { "#d1d5db" };
        let dash = if level == 100.0 {
            r#" stroke-dasharray="3 2""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<line x1="{LEFT}" y1="{y}" x2="{x2}" y2="{y}" stroke="{stroke}" stroke-width="1"{dash}/><text x="{tx}" y="{ty}" text-anchor="end" fill="{INK}">{label}%</text>"#,
            y = px(y),
            x2 = px(WIDTH - RIGHT),
            tx = px(LEFT - 6.0),
            ty = px(y + 4.0),
            label = level as i64,
        );
        level += 50.0;
    }
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{x}" y="{y}" text-anchor="middle" fill="{INK}">{label}</text>"#,
            x = px(x_of(i)),
            y = px(HEIGHT - 8.0),
            label = escape(&p.label)
        );
    }
    // The line, broken where a period has no figure.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, s: &mut String| {
        if run.len() > 1 {
            let _ = write!(
                s,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
                run.join(" "),
                escape(colour)
            );
        }
        run.clear();
    };
    for (i, p) in points.iter().enumerate() {
        match p.value.and_then(|v| v.to_f64()) {
            Some(v) => run.push(format!("{},{}", px(x_of(i)), px(y_of(v)))),
            None => flush(&mut run, &mut s),
        }
    }
    flush(&mut run, &mut s);
    for (i, p) in points.iter().enumerate() {
        if let (None, Some(why)) = (p.value, &p.missing) {
            let _ = write!(
                s,
                r##"<circle cx="{x}" cy="{y}" r="4" fill="#fff" stroke="{GREY}" stroke-width="1.5" stroke-dasharray="2 1.5"><title>{label}: {why}</title></circle>"##,
                x = px(x_of(i)),
                y = px(y_of(0.0)),
                label = escape(&p.label),
                why = escape(why),
            );
        }
        if let Some(v) = p.value.and_then(|v| v.to_f64()) {
            let _ = write!(
                s,
                r#"<circle cx="{x}" cy="{y}" r="3" fill="{c}"><title>{label}: {text}</title></circle><text x="{x}" y="{ty}" text-anchor="middle" fill="{INK}" font-size="9">{short}</text>"#,
                x = px(x_of(i)),
                y = px(y_of(v)),
                ty = px(y_of(v) - 6.0),
                c = escape(colour),
                label = escape(&p.label),
                text = percent_text(p.value),
                short = p
                    .value
                    .map(|v| format!("{}%", format::number(v, 0)))
                    .unwrap_or_default(),
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// A share of a whole: a category and how many indicators fall in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub label: String,
    pub count: usize,
    pub colour: String,
}

/// One bar split by category, with a legend naming each and its count.
pub fn shares(title: &str, parts: &[Share]) -> String {
    const WIDTH: f64 = 640.0;
    const BAR: f64 = 28.0;
    let total: usize = parts.iter().map(|p| p.count).sum();
    let legend_rows = parts.len().div_ceil(3).max(1);
    let height = BAR + 12.0 + 20.0 * legend_rows as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" aria-label="{t}" font-family="{FONT}" font-size="12"><title>{t}</title><rect x="0" y="0" width="{WIDTH}" height="{BAR}" fill="{TRACK}"/>"#,
        h = px(height),
        t = escape(title)
    );
    let mut x = 0.0;
    for p in parts.iter().filter(|p| p.count > 0) {
        let w = WIDTH * p.count as f64 / total.max(1) as f64;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="0" width="{w}" height="{BAR}" fill="{c}"><title>{label}: {n}</title></rect>"#,
            x = px(x),
            w = px(w),
            c = escape(&p.colour),
            label = escape(&p.label),
            n = p.count
        );
        if w >= 24.0 {
            let _ = write!(
                s,
                r##"<text x="{tx}" y="18" text-anchor="middle" fill="#ffffff">{n}</text>"##,
                tx = px(x + w / 2.0),
                n = p.count
            );
        }
        x += w;
    }
    for (i, p) in parts.iter().enumerate() {
        let lx = (i % 3) as f64 * (WIDTH / 3.0);
        let ly = BAR + 12.0 + 20.0 * (i / 3) as f64;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{y}" width="12" height="12" fill="{c}"/><text x="{tx}" y="{ty}" fill="{INK}"><title>{full} ({n})</title>{label} ({n})</text>"#,
            x = px(lx),
            y = px(ly),
            c = escape(&p.colour),
            tx = px(lx + 18.0),
            ty = px(ly + 10.5),
            label = escape(&shorten(&p.label, 30)),
            full = escape(&p.label),
            n = p.count
        );
    }
    s.push_str("</svg>");
    s
}

/// A unit's two figures side by side: budget absorbed and performance achieved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub label: String,
    pub absorbed: Option<Decimal>,
    pub achieved: Option<Decimal>,
}

/// Budget absorption beside achievement, per unit: two thin bars each, on one 0–150% axis,
/// with a legend.
pub fn absorption(title: &str, rows: &[Pair], absorbed_label: &str, achieved_label: &str) -> String {
    const WIDTH: f64 = 640.0;
    const LABEL: f64 = 250.0;
    const AREA: f64 = 300.0;
    const ROW: f64 = 30.0;
    const ABSORBED: &str = "#7c8da6";
    const ACHIEVED: &str = "#2e8b57";
    let max = 150.0;
    let height = 24.0 + ROW * rows.len() as f64;
    let scale = |v: f64| (v.clamp(0.0, max) / max) * AREA;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" aria-label="{t}" font-family="{FONT}" font-size="11"><title>{t}</title>"#,
        h = px(height),
        t = escape(title)
    );
    let _ = write!(
        s,
        r#"<rect x="{LABEL}" y="2" width="12" height="10" fill="{ABSORBED}"/><text x="{a}" y="11" fill="{INK}">{al}</text><rect x="{b}" y="2" width="12" height="10" fill="{ACHIEVED}"/><text x="{c}" y="11" fill="{INK}">{bl}</text>"#,
        a = px(LABEL + 16.0),
        al = escape(absorbed_label),
        b = px(LABEL + 170.0),
        c = px(LABEL + 186.0),
        bl = escape(achieved_label),
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 24.0 + ROW * i as f64;
        let _ = write!(s, "{}", row_label(LABEL - 8.0, y + 13.0, &row.label, 40));
        for (k, (value, colour)) in [(row.absorbed, ABSORBED), (row.achieved, ACHIEVED)]
            .into_iter()
            .enumerate()
        {
            let by = y + 2.0 + 12.0 * k as f64;
            let _ = write!(
                s,
                r#"<rect x="{LABEL}" y="{by}" width="{AREA}" height="10" fill="{TRACK}"/>"#,
                by = px(by)
            );
            if let Some(v) = value.and_then(|v| v.to_f64()) {
                let _ = write!(
                    s,
                    r#"<rect x="{LABEL}" y="{by}" width="{w}" height="10" fill="{colour}"/>"#,
                    by = px(by),
                    w = px(scale(v))
                );
            }
            let _ = write!(
                s,
                r#"<text x="{tx}" y="{ty}" fill="{INK}" font-size="10">{text}</text>"#,
                tx = px(LABEL + AREA + 8.0),
                ty = px(by + 9.0),
                text = percent_text(value)
            );
        }
    }
    let x = LABEL + scale(100.0);
    let _ = write!(
        s,
        r#"<line x1="{x}" y1="20" x2="{x}" y2="{h}" stroke="{INK}" stroke-width="1" stroke-dasharray="3 2"/></svg>"#,
        x = px(x),
        h = px(height)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn long_labels_take_two_lines_broken_at_a_word() {
        assert_eq!(wrap_two("Subbagian Keuangan", 40), ["Subbagian Keuangan"]);
        assert_eq!(
            wrap_two("Subbagian Teknis Penyelenggaraan dan Hubungan Masyarakat", 40),
            ["Subbagian Teknis Penyelenggaraan dan", "Hubungan Masyarakat"]
        );
        assert_eq!(wrap_two("Tanpaspasiyangsangatpanjangsekali", 10), ["Tanpaspas…"]);
        let svg = row_label(
            242.0,
            20.0,
            "Penyelenggaraan Pemilu dalam Proses Konsolidasi Demokrasi",
            40,
        );
        assert_eq!(svg.matches("<tspan").count(), 2, "{svg}");
        assert!(svg.contains(">Konsolidasi Demokrasi</tspan>"), "{svg}");
    }

    #[test]
    fn labels_are_escaped_and_shortened() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(shorten("Subbagian Keuangan", 36), "Subbagian Keuangan");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
        let svg = bars(
            "<script>",
            &[Bar {
                label: "<b>".into(),
                value: None,
                colour: "red".into(),
            }],
            Decimal::from(150),
        );
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
    }

    #[test]
    fn bar_lengths_by_hand() {
        // 0–150% over 300 px: 75% → 150 px; 105,06% → 210,12 → 210,1; 200% is drawn to the edge.
        let rows = [
            Bar {
                label: "Sekretariat".into(),
                value: d("75"),
                colour: "#2e8b57".into(),
            },
            Bar {
                label: "Komisi".into(),
                value: d("105.06"),
                colour: "#1f5fa8".into(),
            },
            Bar {
                label: "Teknis".into(),
                value: d("200"),
                colour: "#1f5fa8".into(),
            },
            Bar {
                label: "Hukum".into(),
                value: None,
                colour: GREY.into(),
            },
        ];
        let svg = bars("Capaian per unit", &rows, Decimal::from(150));
        assert!(svg.contains(r##"width="150" height="16" fill="#2e8b57""##), "{svg}");
        assert!(svg.contains(r#"width="210.1" height="16""#));
        assert!(svg.contains(r##"width="300" height="16" fill="#1f5fa8""##));
        assert!(svg.contains(">105,06%</text>") && svg.contains(">200%</text>") && svg.contains(">-</text>"));
        // The 100% line: 250 + 200 = 450.
        assert!(svg.contains(r#"x1="450""#));
        insta::assert_snapshot!(svg);
    }

    #[test]
    fn trend_breaks_at_gaps_and_grows_its_axis() {
        let points: Vec<Point> = [
            ("Jan", d("50")),
            ("Feb", d("100")),
            ("Mar", None),
            ("Apr", d("120")),
            ("Mei", d("210")),
        ]
        .into_iter()
        .map(|(l, v)| Point {
            label: l.into(),
            value: v,
            missing: v.is_none().then(|| "belum ada capaian".to_string()),
        })
        .collect();
        let svg = trend("Tren capaian", &points, "#1f5fa8");
        // March is marked as missing on the axis (y = 16 + 176 = 192), with why.
        // x = 44 + 2 × (640 − 44 − 16) / 4 = 334.
        assert!(
            svg.contains(r##"<circle cx="334" cy="192" r="4" fill="#fff""##),
            "{svg}"
        );
        assert!(svg.contains("<title>Mar: belum ada capaian</title>"), "{svg}");
        // Values say their unit.
        assert!(
            svg.contains(r#"font-size="9">50%</text>"#) && svg.contains(r#"font-size="9">210%</text>"#),
            "{svg}"
        );
        // Two runs: Jan–Feb, and Apr–Mei; the axis grows to 250% for 210%.
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains(">250%</text>") && !svg.contains(">300%</text>"));
        // Jan at x 44, y = 16 + 176 − 50/250 × 176 = 156,8.
        assert!(svg.contains(r#"points="44,156.8 189,121.6""#), "{svg}");
        insta::assert_snapshot!(svg);
    }

    #[test]
    fn shares_by_count() {
        let parts = [
            Share {
                label: "Sangat Baik".into(),
                count: 6,
                colour: "#1f5fa8".into(),
            },
            Share {
                label: "Baik".into(),
                count: 2,
                colour: "#2e8b57".into(),
            },
            Share {
                label: "Kurang".into(),
                count: 0,
                colour: "#c0392b".into(),
            },
            Share {
                label: "Tidak dapat dihitung".into(),
                count: 2,
                colour: GREY.into(),
            },
        ];
        let svg = shares("Indikator per kategori", &parts);
        // 6 of 10 → 384 px; 2 of 10 → 128 px, starting at 384.
        assert!(
            svg.contains(r#"x="0" y="0" width="384""#) && svg.contains(r#"x="384" y="0" width="128""#),
            "{svg}"
        );
        assert!(svg.contains("Kurang (0)"));
        insta::assert_snapshot!(svg);
    }

    #[test]
    fn absorption_beside_achievement() {
        let rows = [
            Pair {
                label: "Subbagian Keuangan".into(),
                absorbed: d("93.5"),
                achieved: d("101"),
            },
            Pair {
                label: "Subbagian Teknis".into(),
                absorbed: None,
                achieved: d("90"),
            },
        ];
        let svg = absorption(
            "Serapan anggaran dan capaian",
            &rows,
            "Serapan anggaran",
            "Capaian kinerja",
        );
        // 93,5% of 150% over 300 px = 187.
        assert!(svg.contains(r#"width="187" height="10""#), "{svg}");
        assert!(svg.contains(">93,5%</text>") && svg.contains(">-</text>"));
        insta::assert_snapshot!(svg);
    }
}
