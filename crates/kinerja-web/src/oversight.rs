//! Oversight (pengawasan): every office the user may read, with its achievement and reporting
//! status, sortable, each a link to its dashboard. Per-office figures are kept between requests
//! and recomputed only for offices whose data version changed (or when the day changes, since
//! lateness depends on it), so the list stays fast with the whole country loaded.

use kinerja_domain::model::Year;
use std::collections::HashMap;
use std::sync::Mutex;

use askama::Template;
use kinerja_domain::Decimal;
use kinerja_domain::achievement::{self, Basis, Span};
use kinerja_domain::date::Date;
use kinerja_domain::format;
use kinerja_domain::model::{OfficeId, YearPlan};
use kinerja_domain::reporting::{self, Progress};
use kinerja_store::{Scoped, Store};

use crate::WebError;
use crate::i18n::Tr;
use crate::pages::Header;

/// One office's figures for a year.
#[derive(Debug, Clone)]
pub struct Figures {
    pub achievement: Option<Decimal>,
    pub category: Option<String>,
    pub colour: Option<String>,
    pub indicators: usize,
    pub realisations: usize,
    /// Unit-periods past their deadline, and how many of them were submitted.
    pub due: usize,
    pub submitted: usize,
    pub late: usize,
}

struct Entry {
    version: i64,
    /// The office's time zone and its date the figures were computed on: a new day there
    /// makes them stale.
    zone: kinerja_domain::date::TimeZone,
    today: Date,
    figures: Figures,
}

/// Figures per (office, year), with the data version they were computed from.
#[derive(Default)]
pub struct Summaries {
    entries: Mutex<HashMap<(OfficeId, Year), Entry>>,
}

async fn figures(store: &dyn Store, plan: &YearPlan, today: Date) -> Result<Figures, WebError> {
    let scales = store.scales_for(plan.office.id).await?;
    let scale = plan
        .office
        .scale
        .as_deref()
        .and_then(|c| scales.into_iter().find(|s| s.code == c));
    let result = achievement::office_achievement(plan, Span::Year, Basis::Entered, scale.as_ref(), None);
    let band = result
        .rolled
        .achievement
        .and_then(|p| scale.as_ref().and_then(|s| s.categorise(p)));
    let deadlines = store.deadlines(plan.office.id, plan.year).await?;
    let status = reporting::status(plan, &deadlines, today);
    // As the office page counts them: periods the plan asks for, past their deadline.
    let due: Vec<_> = status.iter().filter(|s| s.scheduled && s.due < today).collect();
    Ok(Figures {
        achievement: result.rolled.achievement,
        category: band.map(|b| b.label.clone()),
        colour: band.and_then(|b| b.colour.clone()),
        indicators: result.counted_indicators().count(),
        realisations: plan.realisations.len(),
        due: due.len(),
        submitted: due.iter().filter(|s| s.progress >= Progress::Submitted).count(),
        late: status.iter().filter(|s| s.late).count(),
    })
}

impl Summaries {
    /// Recomputes the figures of the offices in `versions` whose version (or day) moved. Offices
    /// are loaded one at a time, so memory stays at one office's year however many there are.
    async fn refresh(
        &self,
        store: &dyn Store,
        versions: &HashMap<OfficeId, i64>,
        year: Year,
        now: i64,
    ) -> Result<(), WebError> {
        let stale: Vec<OfficeId> = {
            let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            versions
                .iter()
                .filter(|(office, version)| {
                    entries
                        .get(&(**office, year))
                        .is_none_or(|e| e.version != **version || e.today != e.zone.date_at(now))
                })
                .map(|(o, _)| *o)
                .collect()
        };
        for office in stale {
            let plan = store.year_plan(office, year).await?;
            let zone = plan.office.time_zone;
            let today = zone.date_at(now);
            let figures = figures(store, &plan, today).await?;
            let version = versions.get(&office).copied().unwrap_or(0);
            self.entries.lock().unwrap_or_else(|e| e.into_inner()).insert(
                (office, year),
                Entry {
                    version,
                    zone,
                    today,
                    figures,
                },
            );
        }
        Ok(())
    }

    /// Computes every office's figures for `year` ahead of the first oversight request (the
    /// server starts it in the background).
    pub async fn warm(&self, store: &dyn Store, year: Year) -> Result<(), WebError> {
        let versions = store.data_versions().await?.offices;
        self.refresh(store, &versions, year, kinerja_store::clock::now_unix())
            .await
    }

    /// The figures of every office the user may read, recomputing only what changed.
    pub async fn all(
        &self,
        store: &dyn Store,
        scoped: &Scoped<'_>,
        year: Year,
        now: i64,
    ) -> Result<HashMap<OfficeId, Figures>, WebError> {
        let versions = scoped.data_versions().await?;
        self.refresh(store, &versions, year, now).await?;
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        Ok(versions
            .keys()
            .filter_map(|o| entries.get(&(*o, year)).map(|e| (*o, e.figures.clone())))
            .collect())
    }
}

pub struct Row {
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub parent: String,
    pub achievement: String,
    pub category: String,
    pub colour: &'static str,
    pub indicators: usize,
    pub realisations: usize,
    pub reported: String,
    pub late: usize,
}

pub struct SortLink {
    pub label: &'static str,
    pub href: String,
    pub mark: &'static str,
}

#[derive(Template)]
#[template(path = "offices.html")]
struct OversightPage {
    t: Tr,
    header: Header,
    year: Year,
    today: String,
    rows: Vec<Row>,
    sorts: Vec<SortLink>,
    search: String,
    total: usize,
    late_offices: usize,
}

#[derive(serde::Deserialize, Default)]
pub struct OversightQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    pub year: Option<Year>,
    /// nama, capaian, pelaporan, terlambat
    #[serde(rename = "urut")]
    pub sort: Option<String>,
    /// naik, turun
    #[serde(rename = "arah")]
    pub direction: Option<String>,
    #[serde(rename = "cari")]
    pub search: Option<String>,
}

pub async fn page(
    t: Tr,
    store: &dyn Store,
    scoped: &Scoped<'_>,
    summaries: &Summaries,
    year: Year,
    q: &OversightQuery,
    header: Header,
) -> Result<String, WebError> {
    let offices = scoped.offices().await?;
    let now = kinerja_store::clock::now_unix();
    // The date the page says is the overseer's own office's (listed first, parents first); each
    // office's figures are counted on its own date.
    let today = offices.first().map(|o| o.time_zone).unwrap_or_default().date_at(now);
    let figures = summaries.all(store, scoped, year, now).await?;
    let name_of: HashMap<OfficeId, &str> = offices.iter().map(|o| (o.id, o.name.as_str())).collect();
    let search = q.search.clone().unwrap_or_default();
    let wanted = kinerja_domain::model::normalise_text(&search);
    let mut listed: Vec<(&kinerja_domain::model::Office, Option<&Figures>)> = offices
        .iter()
        .filter(|o| wanted.is_empty() || kinerja_domain::model::normalise_text(&o.name).contains(&wanted))
        .map(|o| (o, figures.get(&o.id)))
        .collect();
    let key = q.sort.as_deref().unwrap_or("nama");
    let descending = q.direction.as_deref() == Some("turun");
    let rate = |f: Option<&Figures>| {
        f.map(|f| {
            if f.due == 0 {
                Decimal::from(100)
            } else {
                Decimal::from(f.submitted * 100) / Decimal::from(f.due)
            }
        })
    };
    match key {
        "capaian" => listed.sort_by_key(|(o, f)| (f.and_then(|f| f.achievement), o.name.clone())),
        "pelaporan" => listed.sort_by_key(|(o, f)| (rate(*f), o.name.clone())),
        "terlambat" => listed.sort_by_key(|(o, f)| (f.map(|f| f.late), o.name.clone())),
        // Parents first, as the tree is.
        _ => {}
    }
    if descending {
        listed.reverse();
    }
    let late_offices = listed.iter().filter(|(_, f)| f.is_some_and(|f| f.late > 0)).count();
    let rows = listed
        .iter()
        .map(|(o, f)| Row {
            code: o.code.to_string(),
            name: o.name.clone(),
            level: match o.level.code() {
                "national" => t.t("level_national"),
                "province" => t.t("level_province"),
                _ => t.t("level_regency"),
            },
            parent: o
                .parent
                .and_then(|p| name_of.get(&p))
                .map(|n| n.to_string())
                .unwrap_or_default(),
            achievement: f
                .and_then(|f| f.achievement)
                .map(format::percent)
                .unwrap_or_else(|| "-".into()),
            category: f.and_then(|f| f.category.clone()).unwrap_or_default(),
            colour: kinerja_charts::traffic_colour(f.and_then(|f| f.colour.as_deref())),
            indicators: f.map(|f| f.indicators).unwrap_or(0),
            realisations: f.map(|f| f.realisations).unwrap_or(0),
            reported: match f {
                Some(f) if f.due > 0 => format!(
                    "{}/{} ({})",
                    f.submitted,
                    f.due,
                    rate(Some(f)).map(format::percent).unwrap_or_default()
                ),
                _ => "-".into(),
            },
            late: f.map(|f| f.late).unwrap_or(0),
        })
        .collect();
    let sort = |k: &'static str, label: &'static str| {
        let next = if k == key && !descending { "turun" } else { "naik" };
        SortLink {
            label,
            href: format!(
                "/?tahun={year}&urut={k}&arah={next}{}",
                if search.is_empty() {
                    String::new()
                } else {
                    format!("&cari={}", url_escape(&search))
                }
            ),
            mark: if k != key {
                ""
            } else if descending {
                " ▼"
            } else {
                " ▲"
            },
        }
    };
    let sorts = vec![
        sort("nama", t.t("office")),
        sort("capaian", t.t("achievement")),
        sort("pelaporan", t.t("reported_on_time")),
        sort("terlambat", t.t("late_reports")),
    ];
    Ok(OversightPage {
        t,
        header,
        year,
        today: format::date(today, t.0),
        total: offices.len(),
        late_offices,
        rows,
        sorts,
        search,
    }
    .render()?)
}

/// Percent-encodes a query value.
fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
