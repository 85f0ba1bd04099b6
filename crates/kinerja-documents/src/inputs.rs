//! What documents are built from: an office's year and what surrounds it, and the pieces every
//! document shares (numbering, signatories, achievement rows).

use std::collections::BTreeMap;

use kinerja_domain::Decimal;
use kinerja_domain::achievement::{self, Basis, IndicatorAchievement, OfficeAchievement, Span};
use kinerja_domain::date::Date;
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{
    Acting, Indicator, Office, Person, PersonId, Position, Renstra, Signature, Staff, Unit, UnitId, UnitKind, YearPlan,
};
use kinerja_domain::scale::CategoryScale;
use kinerja_store::ActionProgress;

use crate::doc::{Cell, Content, Document, Signatory, Table};

/// Everything a document of an office's year may need. Built by [`crate::load`] from a scoped
/// store, or by hand in tests.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub plan: YearPlan,
    /// The year before, when it has a plan (the LKj compares with it).
    pub previous: Option<YearPlan>,
    pub renstra: Option<Renstra>,
    /// The office's category scale.
    pub scale: Option<CategoryScale>,
    /// The LKj's narrative texts by key ([`crate::lkj::SECTIONS`], `analysis:<objective id>`).
    pub narratives: BTreeMap<String, String>,
    pub progress: Vec<ActionProgress>,
    /// Who heads the office above (the Pihak Kedua of the office's own PK), when there is one.
    pub above: Option<Staff>,
    /// The date asked for (`--date`, the documents page's date field): printed where the
    /// document has no stored signing date. Without it the date is left for hand filling; a
    /// document is never dated the day the file is made.
    pub date: Option<Date>,
}

/// Whose head signs: a unit of the office, or the office above (its top unit's head).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    Unit(UnitId),
    Above,
}

/// How a date line is left for hand filling when no date is known: `……… Januari 2024` (a PK or
/// RAK, signed at the start of its year), `……… 2025` (a year given), or dots alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    January(i32),
    Year(i32),
    Dots,
}

impl Blank {
    pub fn text(self) -> String {
        match self {
            Blank::January(y) => format!("……… Januari {y}"),
            Blank::Year(y) => format!("……………… {y}"),
            Blank::Dots => "……………………".into(),
        }
    }
}

impl Inputs {
    pub fn unit(&self, key: &str) -> Option<&Unit> {
        self.plan.find_unit(key)
    }

    /// Official achievement: verified realisations only.
    pub fn achievement(&self, span: Span, unit: Option<UnitId>) -> OfficeAchievement {
        achievement::office_achievement(&self.plan, span, Basis::Verified, self.scale.as_ref(), unit)
    }

    /// Whether `unit`'s name already says which office it is ("KPU Kota Metro", "Sekretariat KPU
    /// Kota Metro"): then titles and footers do not name the office a second time.
    pub fn names_office(&self, unit: &kinerja_domain::model::Unit) -> bool {
        unit.name.to_lowercase().contains(&self.plan.office.name.to_lowercase())
    }

    /// The office's name as printed in titles: `KPU KOTA METRO`.
    pub fn office_caps(&self) -> String {
        self.plan.office.name.to_uppercase()
    }

    /// The date a document carries: its stored signing date, else the date asked for.
    pub fn date_of(&self, signed: Option<&Signature>) -> Option<Date> {
        signed.and_then(|s| s.date).or(self.date)
    }

    /// The place and date above a signature: `Metro, 11 Januari 2024`; without a date, the
    /// blank for hand filling (`Metro, ……… Januari 2024`).
    pub fn place_date(&self, signed: Option<&Signature>, blank: Blank) -> String {
        let place = signed
            .and_then(|s| s.place.clone())
            .or_else(|| self.plan.office.city.clone())
            .unwrap_or_else(|| self.plan.office.name.clone());
        match self.date_of(signed) {
            Some(d) => format!("{place}, {}", format::date(d, Lang::Id)),
            None => format!("{place}, {}", blank.text()),
        }
    }

    /// The person heading `unit` (its first position), if any.
    pub fn holder(&self, unit: UnitId) -> Option<PersonId> {
        self.plan.positions.iter().find(|p| p.unit == unit).map(|p| p.person)
    }

    /// The staff of this office, then of the office above.
    fn staffs(&self) -> impl Iterator<Item = (&Office, &[Person], &[Position], &[Unit])> {
        std::iter::once((
            &self.plan.office,
            self.plan.people.as_slice(),
            self.plan.positions.as_slice(),
            self.plan.units.as_slice(),
        ))
        .chain(self.above.iter().map(|s| {
            (
                &s.office,
                s.people.as_slice(),
                s.positions.as_slice(),
                s.units.as_slice(),
            )
        }))
    }

    /// Who sits in `seat`: the latest holder of its unit's first position.
    fn seat_holder(&self, seat: Seat) -> Option<PersonId> {
        match seat {
            Seat::Unit(u) => self.holder(u),
            Seat::Above => {
                let above = self.above.as_ref()?;
                let top = above.top_unit()?;
                above
                    .positions
                    .iter()
                    .filter(|p| p.unit == top.id)
                    .max_by_key(|p| p.from)
                    .map(|p| p.person)
            }
        }
    }

    /// A signature block for `person` (or for whoever sits in `seat` when no person is given);
    /// a missing person is a gap named after the role. People of the office above are found
    /// too, with their own office's name under their position.
    pub fn signatory(
        &self,
        doc: &mut Document,
        heading: Vec<String>,
        person: Option<PersonId>,
        seat: Option<Seat>,
        role: &str,
    ) -> Signatory {
        let person = person.or_else(|| seat.and_then(|s| self.seat_holder(s)));
        let found = person.and_then(|id| {
            self.staffs().find_map(|(office, people, positions, _)| {
                people.iter().find(|p| p.id == id).map(|p| (office, p, positions))
            })
        });
        let seat_unit = match seat {
            Some(Seat::Unit(u)) => Some(u),
            _ => None,
        };
        let position = found.and_then(|(_, p, positions)| {
            positions
                .iter()
                .find(|x| x.person == p.id && seat_unit.is_none_or(|u| x.unit == u))
                .or_else(|| positions.iter().find(|x| x.person == p.id))
        });
        let title = match (found, position) {
            (Some((office, _, _)), Some(p)) => {
                let acting = match p.acting {
                    Acting::Definitive => "",
                    Acting::Plt => "Plt. ",
                    Acting::Plh => "Plh. ",
                };
                format!("{acting}{}\n{}", p.title, office_line(office, &p.title))
            }
            _ => match seat {
                Some(Seat::Unit(u)) => match self.plan.unit(u) {
                    Some(u) if u.kind == UnitKind::Commission => head_title(&self.plan.office),
                    Some(u) => format!("Kepala {}\n{}", u.name, self.plan.office.name),
                    None => "Atasan langsung pihak pertama".to_string(),
                },
                Some(Seat::Above) => match &self.above {
                    Some(a) => head_title(&a.office),
                    None => "Atasan langsung pihak pertama".to_string(),
                },
                None => "Atasan langsung pihak pertama".to_string(),
            },
        };
        if found.is_none() {
            doc.gaps
                .push(format!("Penanda tangan: {role} ({})", title.replace('\n', " ")));
        }
        Signatory {
            heading,
            position: title,
            name: found.map(|(_, p, _)| p.name.clone()),
            nip: found.and_then(|(_, p, _)| p.nip.clone()),
        }
    }

    /// Where the superior of `unit` sits: its parent unit, or for the office's top unit the
    /// office above.
    pub fn superior_seat(&self, unit: &Unit) -> Seat {
        match unit.parent {
            Some(p) => Seat::Unit(p),
            None => Seat::Above,
        }
    }
}

/// The position of an office's head when nobody holds it yet: `Ketua Komisi Pemilihan Umum` over
/// `Provinsi Lampung` for a KPU office, `Pimpinan` over the office's name otherwise.
fn head_title(office: &Office) -> String {
    let kpu = "Komisi Pemilihan Umum";
    let title = if office.full_name.starts_with(kpu) {
        format!("Ketua {kpu}")
    } else {
        "Pimpinan".to_string()
    };
    let line = office_line(office, &title);
    format!("{title}\n{line}")
}

/// The line under a position naming its office: `Kota Metro` under `Ketua Komisi Pemilihan
/// Umum`, the office's full name otherwise.
fn office_line(office: &Office, title: &str) -> String {
    let full = &office.full_name;
    let kpu = "Komisi Pemilihan Umum";
    if title.trim_end().ends_with(kpu) && full.starts_with(kpu) {
        full[kpu.len()..].trim().to_string()
    } else if title.contains(kpu) {
        full.trim_start_matches(kpu).trim().to_string()
    } else {
        full.clone()
    }
}

/// `1`, `2`, … as printed in a NO column: a number, so a spreadsheet sees a number.
pub fn no(n: usize) -> Cell {
    Cell::new(Content::Number(Decimal::from(n as u64 + 1), 0))
}

/// Where an indicator's figure comes from, said once in the table's notes: the indicators below
/// that feed it, or how a percentage of a counted group was realised. `None`: its own value.
pub fn source_note(plan: &YearPlan, a: &IndicatorAchievement, indicator: &Indicator) -> Option<String> {
    // Fed by the cascade (the realisation, when there is one, is the supporters' percentage).
    if a.from_supporting > 0 {
        let supporters: Vec<String> = plan
            .indicators
            .iter()
            .filter(|i| i.supports == Some(indicator.id))
            .map(|i| {
                let unit = plan
                    .objectives
                    .iter()
                    .find(|o| o.id == i.objective)
                    .and_then(|o| plan.unit(o.unit))
                    .map(|u| u.name.as_str())
                    .unwrap_or("");
                format!("\u{201c}{}\u{201d} ({unit})", i.text)
            })
            .collect();
        let how = if a.realised_percent.is_some() {
            "rata-rata realisasi persentase"
        } else {
            "rata-rata capaian"
        };
        return Some(format!(
            "\u{201c}{}\u{201d} tidak memiliki realisasi sendiri; diukur dari {how} {} indikator pendukung (cascading): {}.",
            indicator.text,
            a.from_supporting,
            supporters.join("; ")
        ));
    }
    if a.through_count
        && let (Some(p), Some(r), Some(t)) = (a.realised_percent, &a.realisation, &indicator.activity_target)
    {
        return Some(format!(
            "\u{201c}{}\u{201d}: realisasi {} dari target kegiatan {}, realisasi persentase {} (paling tinggi 100%), dibandingkan dengan target PK.",
            indicator.text,
            r.raw(),
            t.raw(),
            format::percent(format::round_half_up(p, 2))
        ));
    }
    None
}

/// The cells of an achievement row: target (PK), target (kegiatan) when `activity` is asked,
/// realisation, achievement, category. A figure that cannot be given is "–" with a numbered
/// note of the table saying why; where a figure comes from is a note too, never cell text.
pub fn achievement_cells(
    doc: &mut Document,
    table: &mut Table,
    plan: &YearPlan,
    a: &IndicatorAchievement,
    indicator: &Indicator,
    activity: bool,
) -> Vec<Cell> {
    let text = &indicator.text;
    // The agreement's target (a percentage measured through a count is measured against the
    // activity target, printed beside it).
    let target = indicator.pk_target.as_ref().or(a.target.as_ref());
    let mut cells = vec![doc.value_or_gap(target, || format!("Target: {text}"))];
    if activity {
        cells.push(match &indicator.activity_target {
            Some(v) => Cell::new(Content::of_value(v)),
            None => Cell::text("-"),
        });
    }
    // Measured because it was realised, though the agreement does not hold it: say so.
    if indicator.pk_target.is_none()
        && let Some(t) = &a.target
    {
        let n = table.note(format!(
            "\u{201c}{text}\u{201d} tidak tercantum dalam Perjanjian Kinerja; diukur terhadap target Rencana Aksi ({}).",
            t.raw()
        ));
        cells[0] = Cell::new(Content::of_value(t)).noted(n);
    }
    let source = source_note(plan, a, indicator).map(|n| table.note(n));
    let realisation = match (&a.realisation, a.realised_percent) {
        (Some(v), _) => Cell::new(Content::of_value(v)),
        (None, Some(p)) if a.from_supporting > 0 => Cell::new(Content::Percent(format::round_half_up(p, 2))),
        (None, None) if a.from_supporting > 0 => Cell::text("–"),
        _ => doc.gap(format!("Realisasi: {text}")),
    };
    cells.push(match source {
        Some(n) => realisation.noted(n),
        None => realisation,
    });
    cells.push(match &a.achievement {
        Ok(p) => Cell::new(Content::Percent(format::round_half_up(*p, 2))),
        Err(why) if a.realisation.is_some() || a.from_supporting > 0 => {
            let n = table.note(format!(
                "\u{201c}{text}\u{201d}: capaian tidak dapat dihitung — {}.",
                why.text().get(Lang::Id)
            ));
            Cell::text("–").noted(n)
        }
        Err(_) => Cell::new(Content::Empty),
    });
    cells.push(match &a.category {
        Some(c) => Cell::text(c.clone()),
        None => Cell::new(Content::Empty),
    });
    cells
}
