//! What documents are built from: an office's year and what surrounds it, and the pieces every
//! document shares (numbering, signatories, achievement rows).

use std::collections::BTreeMap;

use kinerja_domain::achievement::{self, Basis, IndicatorAchievement, OfficeAchievement, Span};
use kinerja_domain::date::Date;
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Acting, PersonId, Renstra, Signature, Unit, UnitId, YearPlan};
use kinerja_domain::scale::CategoryScale;
use kinerja_store::ActionProgress;

use crate::doc::{Cell, Content, Document, Signatory};

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
    /// The document's date: printed where no signature date is stored, and the PDF's date.
    pub date: Date,
}

impl Inputs {
    pub fn unit(&self, key: &str) -> Option<&Unit> {
        self.plan.find_unit(key)
    }

    /// Official achievement: verified realisations only.
    pub fn achievement(&self, span: Span, unit: Option<UnitId>) -> OfficeAchievement {
        achievement::office_achievement(&self.plan, span, Basis::Verified, self.scale.as_ref(), unit)
    }

    /// The office's name as printed in titles: `KPU KOTA METRO`.
    pub fn office_caps(&self) -> String {
        self.plan.office.name.to_uppercase()
    }

    /// The place and date above a signature: `Metro, 11 Januari 2024`.
    pub fn place_date(&self, signed: Option<&Signature>) -> String {
        let place = signed
            .and_then(|s| s.place.clone())
            .or_else(|| self.plan.office.city.clone())
            .unwrap_or_else(|| self.plan.office.name.clone());
        let date = signed.and_then(|s| s.date).unwrap_or(self.date);
        format!("{place}, {}", format::date(date, Lang::Id))
    }

    /// The person heading `unit` (its first position), if any.
    pub fn holder(&self, unit: UnitId) -> Option<PersonId> {
        self.plan.positions.iter().find(|p| p.unit == unit).map(|p| p.person)
    }

    /// A signature block for `person` (or for whoever heads `unit` when no person is given);
    /// a missing person is a gap named after the role.
    pub fn signatory(
        &self,
        doc: &mut Document,
        heading: Vec<String>,
        person: Option<PersonId>,
        unit: Option<UnitId>,
        role: &str,
    ) -> Signatory {
        let person = person.or_else(|| unit.and_then(|u| self.holder(u)));
        let found = person.and_then(|id| self.plan.people.iter().find(|p| p.id == id));
        let position = person.and_then(|id| {
            self.plan
                .positions
                .iter()
                .find(|p| p.person == id && unit.is_none_or(|u| p.unit == u))
                .or_else(|| self.plan.positions.iter().find(|p| p.person == id))
        });
        let title = match position {
            Some(p) => {
                let acting = match p.acting {
                    Acting::Definitive => "",
                    Acting::Plt => "Plt. ",
                    Acting::Plh => "Plh. ",
                };
                format!("{acting}{}\n{}", p.title, self.office_line(&p.title))
            }
            None => match unit.and_then(|u| self.plan.unit(u)) {
                Some(u) => format!("Kepala {}\n{}", u.name, self.plan.office.name),
                // The head of the office's top unit answers to the office above.
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
            name: found.map(|p| p.name.clone()),
            nip: found.and_then(|p| p.nip.clone()),
        }
    }

    /// The line under a position naming the office: `Kota Metro` under `Ketua Komisi Pemilihan
    /// Umum`, the office's name otherwise.
    fn office_line(&self, title: &str) -> String {
        let full = &self.plan.office.full_name;
        let kpu = "Komisi Pemilihan Umum";
        if title.trim_end().ends_with(kpu) && full.starts_with(kpu) {
            full[kpu.len()..].trim().to_string()
        } else if title.contains(kpu) {
            full.trim_start_matches(kpu).trim().to_string()
        } else {
            full.clone()
        }
    }
}

/// `1`, `2`, … as printed in a NO column.
pub fn no(n: usize) -> Cell {
    Cell::text((n + 1).to_string())
}

/// The cells of an achievement: target, realisation, achievement, category; gaps named.
pub fn achievement_cells(doc: &mut Document, a: &IndicatorAchievement, indicator_text: &str) -> Vec<Cell> {
    let target = doc.value_or_gap(a.target.as_ref(), || format!("Target: {indicator_text}"));
    let realisation = match &a.realisation {
        Some(v) => Cell::new(Content::of_value(v)),
        // Achieved through the indicators of the units below that support it.
        None if a.from_supporting > 0 => Cell::text(format!("rerata {} indikator pendukung", a.from_supporting)),
        None => doc.gap(format!("Realisasi: {indicator_text}")),
    };
    let achieved = match &a.achievement {
        Ok(p) => Cell::new(Content::Percent(format::round_half_up(*p, 2))),
        Err(why) if a.realisation.is_some() => Cell::text(format!("- ({})", why.text().get(Lang::Id))),
        Err(_) => Cell::new(Content::Empty),
    };
    let category = match &a.category {
        Some(c) => Cell::text(c.clone()),
        None => Cell::new(Content::Empty),
    };
    vec![target, realisation, achieved, category]
}
