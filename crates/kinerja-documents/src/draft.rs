//! The LKj's narratives drafted from the data, in formal Indonesian: for each sasaran a factual
//! paragraph (targets, realisations, achievements and categories; last year and the Renstra; the
//! RAK actions done and not done; the obstacles and follow-ups entered in monitoring; the budget
//! absorbed), and the foreword, executive summary, obstacles and conclusion. They are starting
//! drafts: the LKj prints them marked as drafts until the planner edits or accepts them on the
//! LKj page, and they say only what the data say.

use std::collections::BTreeMap;

use kinerja_domain::Decimal;
use kinerja_domain::achievement::{IndicatorAchievement, ObjectiveAchievement, OfficeAchievement, UnitAchievement};
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Indicator, Objective, Year, YearPlan, normalise_text};

use crate::inputs::Inputs;

/// `“text”`.
fn q(text: &str) -> String {
    format!("\u{201c}{}\u{201d}", text.trim().trim_end_matches('.'))
}

fn pct(p: Decimal) -> String {
    format::percent(format::round_half_up(p, 2))
}

/// `105,26% (kategori Sangat Baik)`, or the figure alone without a scale.
fn pct_category(inputs: &Inputs, p: Decimal) -> String {
    match inputs.scale.as_ref().and_then(|s| s.categorise(p)) {
        Some(b) => format!("{} (kategori {})", pct(p), b.label),
        None => pct(p),
    }
}

/// Items in Indonesian: `a`, `a dan b`, `a, b, dan c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} dan {b}"),
        _ => format!(
            "{}, dan {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

/// Every narrative Kinerja can draft for the LKj of `inputs`, by key.
pub fn drafts(inputs: &Inputs, result: &OfficeAchievement) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("foreword".to_string(), foreword(inputs, result));
    out.insert("summary".to_string(), summary(inputs, result));
    out.insert("obstacles".to_string(), obstacles(inputs));
    out.insert("conclusion".to_string(), conclusion(inputs, result));
    let previous = inputs.previous.as_ref().map(|p| Previous::of(inputs, p));
    for ua in &result.units {
        for oa in &ua.objectives {
            if let Some(o) = inputs.plan.objectives.iter().find(|o| o.id == oa.objective) {
                out.insert(
                    crate::lkj::analysis_key(o.id),
                    analysis(inputs, ua, oa, o, previous.as_ref()),
                );
            }
        }
    }
    out
}

/// Last year's figures by (unit code, indicator wording).
pub struct Previous {
    pub year: Year,
    pub by_indicator: BTreeMap<(String, String), IndicatorAchievement>,
    pub office: Option<Decimal>,
}

impl Previous {
    pub fn of(inputs: &Inputs, previous: &YearPlan) -> Previous {
        let result = kinerja_domain::achievement::office_achievement(
            previous,
            kinerja_domain::achievement::Span::Year,
            kinerja_domain::achievement::Basis::Verified,
            inputs.scale.as_ref(),
            None,
        );
        let mut by_indicator = BTreeMap::new();
        for u in &result.units {
            let Some(unit) = previous.unit(u.unit) else { continue };
            for ia in u.objectives.iter().flat_map(|o| &o.indicators) {
                if let Some(i) = previous.indicators.iter().find(|i| i.id == ia.indicator) {
                    by_indicator.insert((unit.code.clone(), normalise_text(&i.text)), ia.clone());
                }
            }
        }
        Previous {
            year: previous.year,
            by_indicator,
            office: result.rolled.achievement,
        }
    }

    pub fn get(&self, unit_code: &str, text: &str) -> Option<&IndicatorAchievement> {
        self.by_indicator.get(&(unit_code.to_string(), normalise_text(text)))
    }
}

/// What the Renstra says of an indicator of the same wording.
pub struct RenstraTargets {
    /// Its target for the plan's year, as written.
    pub this_year: Option<String>,
    /// The Renstra's last year and its target then.
    pub end: Option<(Year, String)>,
}

/// The Renstra indicator of the same wording: its target for `year` and its end target.
pub fn renstra_targets(inputs: &Inputs, text: &str) -> Option<RenstraTargets> {
    let r = inputs.renstra.as_ref()?;
    let key = normalise_text(text);
    let i = r
        .goals
        .iter()
        .flat_map(|g| &g.indicators)
        .find(|i| normalise_text(&i.text) == key)?;
    let this = i
        .targets
        .iter()
        .find(|(y, _)| *y == inputs.plan.year)
        .map(|(_, v)| v.raw().to_string());
    let end = i
        .targets
        .iter()
        .find(|(y, _)| *y == r.to_year)
        .map(|(y, v)| (*y, v.raw().to_string()));
    Some(RenstraTargets { this_year: this, end })
}

fn indicator_sentence(inputs: &Inputs, ia: &IndicatorAchievement, i: &Indicator) -> String {
    // The agreement's target; the activity target beside it when the indicator is measured
    // through one (as the LKj's table prints both).
    let target = i
        .pk_target
        .as_ref()
        .or(ia.target.as_ref())
        .map(|v| v.raw().to_string())
        .unwrap_or_else(|| "yang belum ditetapkan".into());
    let activity = i
        .activity_target
        .as_ref()
        .filter(|v| v.raw() != target)
        .map(|v| format!(" (target kegiatan {})", v.raw()))
        .unwrap_or_default();
    match (&ia.realisation, &ia.achievement) {
        (_, Ok(p)) if ia.from_supporting > 0 => {
            let realised = ia
                .realised_percent
                .map(|r| {
                    let mean = if ia.from_supporting > 1 { " rata-rata" } else { "" };
                    format!(" realisasi{mean} {} dan", pct(r))
                })
                .unwrap_or_default();
            format!(
                "Indikator {} dengan target {target} diukur dari {} indikator pendukung pada unit kerja di bawahnya, dengan{realised} capaian {}.",
                q(&i.text),
                ia.from_supporting,
                pct_category(inputs, *p)
            )
        }
        (Some(r), Ok(p)) => {
            let realised = match (ia.through_count, ia.realised_percent, &i.activity_target) {
                (true, Some(rp), Some(a)) => {
                    format!("{} dari {}, atau {} (paling tinggi 100%)", r.raw(), a.raw(), pct(rp))
                }
                _ => r.raw().to_string(),
            };
            format!(
                "Indikator {} dengan target {target}{activity} terealisasi {realised}, sehingga capaiannya {}.",
                q(&i.text),
                pct_category(inputs, *p)
            )
        }
        (Some(_), Err(why)) => format!(
            "Capaian indikator {} belum dapat dihitung karena {}.",
            q(&i.text),
            why.text().get(Lang::Id)
        ),
        _ => format!(
            "Realisasi indikator {} (target {target}) belum dilaporkan dan diverifikasi.",
            q(&i.text)
        ),
    }
}

/// The paragraph of one sasaran.
fn analysis(
    inputs: &Inputs,
    ua: &UnitAchievement,
    oa: &ObjectiveAchievement,
    o: &Objective,
    previous: Option<&Previous>,
) -> String {
    let plan = &inputs.plan;
    let year = plan.year;
    let unit = plan.unit(ua.unit);
    let unit_code = unit.map(|u| u.code.as_str()).unwrap_or("");
    let mut first = vec![format!(
        "Sasaran {} diukur dengan {} indikator kinerja.",
        q(&o.text),
        oa.indicators.len()
    )];
    let mut comparisons = vec![];
    let mut renstra = vec![];
    for ia in &oa.indicators {
        let Some(i) = plan.indicators.iter().find(|i| i.id == ia.indicator) else {
            continue;
        };
        first.push(indicator_sentence(inputs, ia, i));
        if let Some(prev) = previous
            && let (Some(p0), Ok(p1)) = (
                prev.get(unit_code, &i.text)
                    .and_then(|a| a.achievement.as_ref().ok().copied()),
                &ia.achievement,
            )
        {
            let change = match p1.cmp(&p0) {
                std::cmp::Ordering::Greater => format!("naik dari {}", pct(p0)),
                std::cmp::Ordering::Less => format!("turun dari {}", pct(p0)),
                std::cmp::Ordering::Equal => format!("sama dengan tahun {} ({})", prev.year, pct(p0)),
            };
            comparisons.push(format!("capaian {} {change} pada tahun {}", q(&i.text), prev.year));
        }
        if let Some(RenstraTargets { this_year, end }) = renstra_targets(inputs, &i.text) {
            let mut parts = vec![];
            if let Some(t) = this_year {
                parts.push(format!("target Renstra tahun {year} sebesar {t}"));
            }
            if let Some((y, t)) = end {
                parts.push(format!("target akhir Renstra ({y}) sebesar {t}"));
            }
            if !parts.is_empty() {
                renstra.push(format!("indikator {} memiliki {}", q(&i.text), and_list(&parts)));
            }
        }
    }
    if let Some(p) = oa.rolled.achievement {
        first.push(format!(
            "Secara keseluruhan capaian sasaran ini adalah {}.",
            pct_category(inputs, p)
        ));
    }
    let mut paragraphs = vec![first.join(" ")];
    let mut context = vec![];
    match previous {
        Some(_) if !comparisons.is_empty() => {
            context.push(format!("Dibandingkan tahun sebelumnya, {}.", and_list(&comparisons)))
        }
        Some(p) => context.push(format!(
            "Indikator sasaran ini belum diukur dengan rumusan yang sama pada tahun {}, sehingga belum dapat dibandingkan.",
            p.year
        )),
        // Said once, in the summary and under BAB III's comparison, not after every sasaran.
        None => {}
    }
    if !renstra.is_empty() {
        context.push(format!("Menurut Renstra, {}.", and_list(&renstra)));
    }
    if !context.is_empty() {
        paragraphs.push(context.join(" "));
    }
    let indicators: Vec<_> = oa.indicators.iter().map(|a| a.indicator).collect();
    if let Some(p) = actions_sentence(inputs, &indicators) {
        paragraphs.push(p);
    }
    if let Some(p) = obstacles_sentence(inputs, &indicators) {
        paragraphs.push(p);
    }
    if let Some(p) = budget_sentence(inputs, &indicators) {
        paragraphs.push(p);
    }
    paragraphs.join("\n\n")
}

/// How the RAK actions of `indicators` went: done in every scheduled period, in some, in none.
pub struct ActionTally {
    pub total: usize,
    pub done: Vec<String>,
    pub partly: Vec<String>,
    pub not_done: Vec<String>,
    pub unmarked: Vec<String>,
}

pub fn tally(inputs: &Inputs, indicators: &[kinerja_domain::model::IndicatorId]) -> ActionTally {
    let mut t = ActionTally {
        total: 0,
        done: vec![],
        partly: vec![],
        not_done: vec![],
        unmarked: vec![],
    };
    for a in inputs.plan.actions.iter().filter(|a| indicators.contains(&a.indicator)) {
        t.total += 1;
        let marks: Vec<_> = inputs.progress.iter().filter(|p| p.action == a.id).collect();
        let done = marks.iter().filter(|p| p.done).count();
        let scheduled = a.schedule.periods.len().max(1);
        if marks.is_empty() {
            t.unmarked.push(a.text.clone());
        } else if done >= scheduled {
            t.done.push(a.text.clone());
        } else if done > 0 {
            t.partly.push(a.text.clone());
        } else {
            t.not_done.push(a.text.clone());
        }
    }
    t
}

fn actions_sentence(inputs: &Inputs, indicators: &[kinerja_domain::model::IndicatorId]) -> Option<String> {
    let t = tally(inputs, indicators);
    if t.total == 0 {
        return None;
    }
    if t.unmarked.len() == t.total {
        return Some(format!(
            "Pelaksanaan {} rencana aksi yang mendukung sasaran ini belum ditandai di Kinerja.",
            t.total
        ));
    }
    let mut parts = vec![format!("{} terlaksana sesuai jadwal", t.done.len())];
    if !t.partly.is_empty() {
        parts.push(format!("{} terlaksana sebagian", t.partly.len()));
    }
    if !t.not_done.is_empty() {
        parts.push(format!(
            "{} belum terlaksana ({})",
            t.not_done.len(),
            t.not_done.iter().take(3).map(|a| q(a)).collect::<Vec<_>>().join("; ")
        ));
    }
    if !t.unmarked.is_empty() {
        parts.push(format!("{} belum ditandai", t.unmarked.len()));
    }
    Some(format!(
        "Dari {} rencana aksi yang mendukung sasaran ini, {}.",
        t.total,
        and_list(&parts)
    ))
}

fn obstacles_sentence(inputs: &Inputs, indicators: &[kinerja_domain::model::IndicatorId]) -> Option<String> {
    let mut obstacles: Vec<String> = vec![];
    let mut follow_ups: Vec<String> = vec![];
    for r in inputs
        .plan
        .realisations
        .iter()
        .filter(|r| indicators.contains(&r.indicator))
    {
        if let Some(o) = r.obstacles.as_deref().map(str::trim).filter(|o| !o.is_empty())
            && !obstacles.iter().any(|x| x == o)
        {
            obstacles.push(o.trim_end_matches('.').to_string());
        }
        if let Some(f) = r.follow_up.as_deref().map(str::trim).filter(|f| !f.is_empty())
            && !follow_ups.iter().any(|x| x == f)
        {
            follow_ups.push(f.trim_end_matches('.').to_string());
        }
    }
    if obstacles.is_empty() && follow_ups.is_empty() {
        return None;
    }
    let mut s = vec![];
    if !obstacles.is_empty() {
        s.push(format!(
            "Kendala yang dicatat dalam monitoring: {}.",
            obstacles.join("; ")
        ));
    }
    if !follow_ups.is_empty() {
        s.push(format!("Tindak lanjut yang dilakukan: {}.", follow_ups.join("; ")));
    }
    Some(s.join(" "))
}

fn budget_sentence(inputs: &Inputs, indicators: &[kinerja_domain::model::IndicatorId]) -> Option<String> {
    let lines: Vec<_> = inputs
        .plan
        .budget
        .iter()
        .filter(|b| b.indicators.iter().any(|i| indicators.contains(i)))
        .collect();
    if lines.is_empty() {
        return None;
    }
    let parts: Vec<String> = lines
        .iter()
        .map(|b| match b.realised {
            Some(r) => format!(
                "{} sebesar {} dengan realisasi {} ({})",
                q(&b.name),
                format::rupiah(b.ceiling),
                format::rupiah(r),
                kinerja_domain::achievement::percent_of(r, b.ceiling)
                    .map(pct)
                    .unwrap_or_else(|| "-".into())
            ),
            None => format!(
                "{} sebesar {} yang realisasinya belum dicatat",
                q(&b.name),
                format::rupiah(b.ceiling)
            ),
        })
        .collect();
    Some(format!("Sasaran ini didukung anggaran {}.", and_list(&parts)))
}

/// Counts of the own PK's indicators: met (≥ 100%), below, not computable.
fn own_counts(result: &OfficeAchievement) -> (usize, usize, usize, Vec<(kinerja_domain::model::IndicatorId, Decimal)>) {
    let own: Vec<&IndicatorAchievement> = result
        .units
        .iter()
        .filter(|u| Some(u.unit) == result.own_unit)
        .flat_map(|u| &u.objectives)
        .flat_map(|o| &o.indicators)
        .collect();
    let hundred = Decimal::from(100);
    let met = own
        .iter()
        .filter(|a| a.achievement.as_ref().is_ok_and(|p| *p >= hundred))
        .count();
    let below: Vec<_> = own
        .iter()
        .filter_map(|a| {
            a.achievement
                .as_ref()
                .ok()
                .filter(|p| **p < hundred)
                .map(|p| (a.indicator, *p))
        })
        .collect();
    let none = own.iter().filter(|a| a.achievement.is_err()).count();
    (met, below.len(), none, below)
}

fn office_sentence(inputs: &Inputs, result: &OfficeAchievement) -> String {
    let plan = &inputs.plan;
    match result.rolled.achievement {
        Some(p) => format!(
            "Capaian kinerja {} tahun {} adalah {}.",
            plan.office.name,
            plan.year,
            pct_category(inputs, p)
        ),
        None => format!(
            "Capaian kinerja {} tahun {} belum dapat dihitung: {}.",
            plan.office.name,
            plan.year,
            result
                .reason
                .map(|r| r.text().id.to_string())
                .unwrap_or_else(|| "belum ada indikator yang dapat diukur".into())
        ),
    }
}

fn budget_total_sentence(inputs: &Inputs) -> Option<String> {
    let b = kinerja_domain::budget::office_budget(&inputs.plan);
    if b.units.is_empty() {
        return None;
    }
    Some(match (b.realised, b.absorbed()) {
        (Some(r), Some(a)) => format!(
            "Pagu anggaran tahun {} sebesar {} terealisasi {} ({}).",
            inputs.plan.year,
            format::rupiah(b.ceiling),
            format::rupiah(r),
            pct(a)
        ),
        _ => format!(
            "Pagu anggaran tahun {} sebesar {}; realisasinya belum dicatat di Kinerja.",
            inputs.plan.year,
            format::rupiah(b.ceiling)
        ),
    })
}

fn foreword(inputs: &Inputs, result: &OfficeAchievement) -> String {
    let plan = &inputs.plan;
    format!(
        "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Laporan Kinerja (LKj) {full} Tahun {year}. Laporan ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi {office}, sebagaimana diamanatkan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah dan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014.\n\n\
         Laporan Kinerja ini menyajikan capaian {office} atas Perjanjian Kinerja Tahun {year}, yang memuat {s} sasaran dengan {m} indikator kinerja, beserta realisasi anggaran, pelaksanaan rencana aksi, kendala, dan tindak lanjutnya. Semoga laporan ini bermanfaat bagi pihak-pihak yang berkepentingan dan menjadi bahan perbaikan kinerja pada tahun berikutnya.",
        full = plan.office.full_name,
        year = plan.year,
        office = plan.office.name,
        s = result.own_objectives,
        m = result.own_indicators,
    )
}

fn summary(inputs: &Inputs, result: &OfficeAchievement) -> String {
    let plan = &inputs.plan;
    let (met, below, none, below_list) = own_counts(result);
    let mut first = vec![
        format!(
            "Pada tahun {}, {} menetapkan Perjanjian Kinerja dengan {} sasaran dan {} indikator kinerja.",
            plan.year, plan.office.name, result.own_objectives, result.own_indicators
        ),
        office_sentence(inputs, result),
    ];
    let mut counts = vec![format!("{met} mencapai atau melampaui target")];
    if below > 0 {
        counts.push(format!("{below} belum mencapai target"));
    }
    if none > 0 {
        counts.push(format!("{none} belum dapat diukur"));
    }
    first.push(format!(
        "Dari {} indikator tersebut, {}.",
        result.own_indicators,
        and_list(&counts)
    ));
    if !below_list.is_empty() {
        let names: Vec<String> = below_list
            .iter()
            .filter_map(|(id, p)| {
                plan.indicators
                    .iter()
                    .find(|i| i.id == *id)
                    .map(|i| format!("{} ({})", q(&i.text), pct(*p)))
            })
            .collect();
        first.push(format!(
            "Indikator yang belum mencapai target adalah {}.",
            and_list(&names)
        ));
    }
    let mut second = vec![];
    match inputs.previous.as_ref().map(|p| Previous::of(inputs, p)) {
        Some(Previous {
            year, office: Some(p0), ..
        }) => second.push(format!("Capaian kinerja tahun {year} adalah {}.", pct(p0))),
        _ => second.push(format!(
            "Data tahun {} belum tersedia di Kinerja, sehingga capaian belum dapat dibandingkan dengan tahun sebelumnya.",
            plan.year.get() - 1
        )),
    }
    if let Some(b) = budget_total_sentence(inputs) {
        second.push(b);
    }
    let units: Vec<String> = result
        .units
        .iter()
        .filter(|u| Some(u.unit) != result.own_unit)
        .filter_map(|u| {
            let p = u.rolled.achievement?;
            plan.unit(u.unit).map(|x| format!("{} {}", x.name, pct(p)))
        })
        .collect();
    if !units.is_empty() {
        second.push(format!("Capaian unit kerja di bawahnya: {}.", units.join("; ")));
    }
    format!("{}\n\n{}", first.join(" "), second.join(" "))
}

fn obstacles(inputs: &Inputs) -> String {
    let plan = &inputs.plan;
    let with: Vec<_> = plan
        .realisations
        .iter()
        .filter(|r| r.obstacles.as_deref().is_some_and(|o| !o.trim().is_empty()))
        .collect();
    if with.is_empty() {
        return format!(
            "Tidak ada kendala yang dicatat dalam monitoring kinerja {} tahun {}.",
            plan.office.name, plan.year
        );
    }
    let mut indicators: Vec<_> = with.iter().map(|r| r.indicator).collect();
    indicators.sort_unstable();
    indicators.dedup();
    let mut text = format!(
        "Selama tahun {} tercatat {} kendala pada {} indikator dalam monitoring kinerja. Rincian kendala dan tindak lanjutnya per indikator disajikan pada tabel berikut.",
        plan.year,
        with.len(),
        indicators.len()
    );
    if let Some(s) = obstacles_sentence(inputs, &indicators) {
        text.push_str("\n\n");
        text.push_str(&s);
    }
    text
}

fn conclusion(inputs: &Inputs, result: &OfficeAchievement) -> String {
    let plan = &inputs.plan;
    let (met, below, none, _) = own_counts(result);
    let mut first = vec![office_sentence(inputs, result)];
    first.push(format!(
        "Dari {} indikator Perjanjian Kinerja, {met} mencapai atau melampaui target{}{}.",
        result.own_indicators,
        if below > 0 {
            format!(", {below} belum mencapai target")
        } else {
            String::new()
        },
        if none > 0 {
            format!(", dan {none} belum dapat diukur")
        } else {
            String::new()
        }
    ));
    if let Some(b) = budget_total_sentence(inputs) {
        first.push(b);
    }
    let tally = tally(inputs, &plan.indicators.iter().map(|i| i.id).collect::<Vec<_>>());
    if tally.total > 0 && tally.unmarked.len() < tally.total {
        first.push(format!(
            "Dari {} rencana aksi, {} terlaksana sesuai jadwal.",
            tally.total,
            tally.done.len()
        ));
    }
    let any_obstacle = plan
        .realisations
        .iter()
        .any(|r| r.obstacles.as_deref().is_some_and(|o| !o.trim().is_empty()));
    let closing = if any_obstacle {
        format!(
            "Kendala yang dicatat selama tahun berjalan beserta tindak lanjutnya diuraikan pada Bab III dan menjadi bahan perbaikan dalam perencanaan kinerja tahun {}.",
            plan.year.get() + 1
        )
    } else {
        format!(
            "Hasil pengukuran ini menjadi bahan perbaikan dalam perencanaan kinerja tahun {}.",
            plan.year.get() + 1
        )
    };
    format!("{}\n\n{closing}", first.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_indonesian() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["a".into()]), "a");
        assert_eq!(and_list(&["a".into(), "b".into()]), "a dan b");
        assert_eq!(and_list(&["a".into(), "b".into(), "c".into()]), "a, b, dan c");
        assert_eq!(
            q("Meningkatnya akuntabilitas."),
            "\u{201c}Meningkatnya akuntabilitas\u{201d}"
        );
    }
}
