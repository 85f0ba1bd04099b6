//! Oversight (pengawasan): every office the user may read, with its achievement and reporting
//! status, sortable, each a link to its dashboard. Per-office figures are kept between requests
//! and recomputed only for offices whose data version changed (or when the day changes, since
//! lateness depends on it), so the list stays fast with the whole country loaded.
//!
//! One refresh runs at a time, in the background, and rests as long as it took before the next
//! (so recomputing takes at most half of a core however often the list is opened); a page
//! waits for it at most `Config::oversight_wait` (default [`PAGE_WAIT`]) and otherwise shows
//! the figures it has, saying how many offices are being recomputed (on a deadline day every
//! office changes every few seconds, and recomputing all of them takes seconds:
//! docs/BENCHMARKS.md, issue 18). Exports wait until every figure is current.

use kinerja_domain::model::Year;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use askama::Template;
use kinerja_domain::Decimal;
use kinerja_domain::achievement::{self, Basis, Span};
use kinerja_domain::date::Date;
use kinerja_domain::format;
use kinerja_domain::model::{Office, OfficeId, OfficeLevel, YearPlan};
use kinerja_domain::reporting::{self, Progress};
use kinerja_store::{Scoped, Store};
use serde::Serialize;

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

/// How long the oversight page waits by default for figures being recomputed before it shows
/// the ones it has (and says so): `kinerja serve --oversight-wait-ms`.
pub const PAGE_WAIT: Duration = Duration::from_secs(1);
/// How long an export waits for every figure to be current before it gives up.
pub const EXPORT_WAIT: Duration = Duration::from_secs(60);

/// Figures per (office, year), with the data version they were computed from.
pub struct Summaries {
    entries: Mutex<HashMap<(OfficeId, Year), Entry>>,
    /// Held by the one refresh running, so views arriving together compute each changed office
    /// once: the later ones find it current, or wait for it.
    running: Arc<tokio::sync::Mutex<()>>,
    /// Refreshes finished so far, and the last one's error if it failed.
    finished: tokio::sync::watch::Sender<(u64, Option<String>)>,
    /// The earliest a refresh may start: the last one's end plus its duration, so that however
    /// often the list is opened, recomputing takes at most half of a core.
    not_before: Mutex<Option<tokio::time::Instant>>,
    /// The years whose list was opened, and when last: kept current by
    /// [`Summaries::keep_current`] for [`WATCHED_FOR`].
    watched: Mutex<HashMap<Year, tokio::time::Instant>>,
    /// How long the page waits for figures being recomputed (`Config::oversight_wait`).
    page_wait: Duration,
}

/// How long after the list of a year was last opened its figures are kept current in the
/// background.
pub const WATCHED_FOR: Duration = Duration::from_secs(600);
/// How often the figures of a watched year are compared with the data versions.
pub const KEEP_EVERY: Duration = Duration::from_secs(1);

impl Default for Summaries {
    fn default() -> Self {
        Summaries::new(PAGE_WAIT)
    }
}

impl Summaries {
    /// No figures yet; the page waits `page_wait` for those being recomputed.
    pub fn new(page_wait: Duration) -> Self {
        Summaries {
            entries: Mutex::default(),
            running: Arc::default(),
            finished: tokio::sync::watch::Sender::new((0, None)),
            not_before: Mutex::default(),
            watched: Mutex::default(),
            page_wait,
        }
    }
}

/// The figures of the offices a user may read, and how many of those offices changed since
/// their figures were computed (shown as they were, while they are recomputed).
pub struct Current {
    pub figures: HashMap<OfficeId, Figures>,
    pub pending: usize,
}

/// Tells the views waiting that a refresh ended, however it ended: with `outcome` still `None`
/// it did not return (it panicked).
struct Finished {
    summaries: Arc<Summaries>,
    outcome: Option<Result<(), String>>,
}

impl Drop for Finished {
    fn drop(&mut self) {
        let error = match self.outcome.take() {
            Some(Ok(())) => None,
            Some(Err(e)) => Some(e),
            None => Some("the oversight figures could not be computed".to_string()),
        };
        self.summaries.finished.send_modify(|(n, last)| {
            *n += 1;
            *last = error;
        });
    }
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
    /// The offices of `wanted` whose figures are missing, older than the version in `wanted`,
    /// or computed on another day than today.
    fn stale(&self, wanted: &HashMap<OfficeId, i64>, year: Year, now: i64) -> Vec<OfficeId> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        wanted
            .iter()
            .filter(|(office, version)| {
                entries
                    .get(&(**office, year))
                    .is_none_or(|e| e.version < **version || e.today != e.zone.date_at(now))
            })
            .map(|(o, _)| *o)
            .collect()
    }

    /// Recomputes the figures of the offices in `wanted` that are stale, recording the versions
    /// read now (never older than `wanted`'s, always read before the data). Offices are loaded
    /// one at a time, so memory stays at one office's year however many there are. The caller
    /// holds `running`.
    async fn refresh(
        &self,
        store: &dyn Store,
        wanted: &HashMap<OfficeId, i64>,
        year: Year,
        now: i64,
    ) -> Result<(), WebError> {
        let stale = self.stale(wanted, year, now);
        if stale.is_empty() {
            return Ok(());
        }
        let versions = store.data_versions().await?.offices;
        for office in stale {
            let plan = store.year_plan(office, year).await?;
            let zone = plan.office.time_zone;
            let today = zone.date_at(now);
            let figures = figures(store, &plan, today).await?;
            let version = versions
                .get(&office)
                .or_else(|| wanted.get(&office))
                .copied()
                .unwrap_or(0);
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
    pub async fn warm(self: &Arc<Self>, store: &dyn Store, year: Year) -> Result<(), WebError> {
        // Dropped in reverse: the lock is free before the views waiting are told.
        let mut done = Finished {
            summaries: self.clone(),
            outcome: None,
        };
        let _one_at_a_time = self.running.lock().await;
        let versions = store.data_versions().await?.offices;
        let warmed = self
            .refresh(store, &versions, year, kinerja_store::clock::now_unix())
            .await;
        done.outcome = Some(warmed.as_ref().map(|_| ()).map_err(|e| format!("{e:?}")));
        warmed
    }

    /// Whether a refresh must rest now (the last one ended less than its duration ago).
    fn resting(&self) -> Option<tokio::time::Instant> {
        let not_before = *self.not_before.lock().unwrap_or_else(|e| e.into_inner());
        not_before.filter(|at| *at > tokio::time::Instant::now())
    }

    /// Refreshes `wanted` holding `guard` (the lock of `running`), then records how long it
    /// rests, frees the lock and tells the views waiting.
    async fn refresh_holding(
        self: &Arc<Self>,
        guard: tokio::sync::OwnedMutexGuard<()>,
        store: &dyn Store,
        wanted: &HashMap<OfficeId, i64>,
        year: Year,
        now: i64,
    ) {
        // Dropped in reverse: the lock is free before the views waiting are told.
        let mut done = Finished {
            summaries: self.clone(),
            outcome: None,
        };
        let _guard = guard;
        let started = tokio::time::Instant::now();
        let outcome = self.refresh(store, wanted, year, now).await;
        let ended = tokio::time::Instant::now();
        *self.not_before.lock().unwrap_or_else(|e| e.into_inner()) = Some(ended + (ended - started));
        done.outcome = Some(outcome.map_err(|e| {
            tracing::warn!(year = year.get(), error = ?e, "oversight figures not recomputed");
            match e {
                WebError::Internal(m) => m,
                other => format!("{other:?}"),
            }
        }));
    }

    /// Keeps the figures of the years whose list was opened in the last [`WATCHED_FOR`] current
    /// in the background, looking for changes every `every` (one small query), so that a view
    /// finds little or nothing to wait for; resting as [`Summaries::all`]'s refreshes do. Runs
    /// until the server stops.
    pub async fn keep_current(self: Arc<Self>, store: Arc<dyn Store>, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let years: Vec<Year> = {
                let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
                watched.retain(|_, at| at.elapsed() < WATCHED_FOR);
                watched.keys().copied().collect()
            };
            if years.is_empty() || self.resting().is_some() {
                continue;
            }
            let versions = match store.data_versions().await {
                Ok(v) => v.offices,
                Err(e) => {
                    tracing::warn!(error = ?e, "oversight figures: data versions not read");
                    continue;
                }
            };
            let now = kinerja_store::clock::now_unix();
            for year in years {
                if self.stale(&versions, year, now).is_empty() || self.resting().is_some() {
                    continue;
                }
                let Ok(guard) = self.running.clone().try_lock_owned() else {
                    continue;
                };
                self.refresh_holding(guard, store.as_ref(), &versions, year, now).await;
            }
        }
    }

    /// The figures of every office the user may read, current as of this call: a refresh of
    /// what changed is started unless one is running, and awaited for at most `wait` (then the
    /// figures there are come back, `pending` counting the offices not yet recomputed).
    pub async fn all(
        self: &Arc<Self>,
        store: &Arc<dyn Store>,
        scoped: &Scoped<'_>,
        year: Year,
        now: i64,
        wait: Duration,
    ) -> Result<Current, WebError> {
        let wanted = scoped.data_versions().await?;
        let give_up = tokio::time::Instant::now() + wait;
        self.watched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(year, tokio::time::Instant::now());
        loop {
            if self.stale(&wanted, year, now).is_empty() {
                break;
            }
            // Subscribed before looking for a running refresh, so its end is never missed.
            let mut finished = self.finished.subscribe();
            if let Ok(guard) = self.running.clone().try_lock_owned() {
                // The refresh that held it may have just computed what this view wants.
                if self.stale(&wanted, year, now).is_empty() {
                    break;
                }
                if let Some(at) = self.resting() {
                    drop(guard);
                    if at >= give_up {
                        break;
                    }
                    tokio::time::sleep_until(at).await;
                    continue;
                }
                let (this, store, wanted) = (self.clone(), store.clone(), wanted.clone());
                tokio::spawn(async move { this.refresh_holding(guard, store.as_ref(), &wanted, year, now).await });
            }
            if tokio::time::timeout_at(give_up, finished.changed()).await.is_err() {
                break;
            }
            let failed = finished.borrow().1.clone();
            if let Some(error) = failed
                && !self.stale(&wanted, year, now).is_empty()
            {
                return Err(WebError::Internal(error));
            }
        }
        let pending = self.stale(&wanted, year, now).len();
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let figures = wanted
            .keys()
            .filter_map(|o| entries.get(&(*o, year)).map(|e| (*o, e.figures.clone())))
            .collect();
        Ok(Current { figures, pending })
    }
}

pub struct Row {
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub parent: String,
    /// The province the office is in (itself for a province; empty for KPU RI).
    pub province: String,
    pub achievement: String,
    pub achievement_value: Option<Decimal>,
    pub category: String,
    pub colour: &'static str,
    pub indicators: usize,
    pub realisations: usize,
    pub reported: String,
    pub submitted: usize,
    pub due: usize,
    pub late: usize,
}

/// A province and the offices under it, summed.
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub offices: usize,
    /// The mean of its offices' achievement (those with one).
    pub achievement: String,
    pub late_offices: usize,
    pub reported: String,
}

pub struct SortLink {
    pub label: &'static str,
    pub href: String,
    pub mark: &'static str,
}

/// Offices per page.
const PAGE: usize = 50;

#[derive(Template)]
#[template(path = "offices.html")]
struct OversightPage {
    t: Tr,
    header: Header,
    year: Year,
    today: String,
    /// Offices shown with their figures from before their latest change.
    pending: usize,
    rows: Vec<Row>,
    provinces: Vec<ProvinceRow>,
    /// Provinces to choose from (code, name), and the one chosen.
    province_choices: Vec<(String, String)>,
    province: String,
    categories: Vec<String>,
    category: String,
    level: String,
    late_only: bool,
    sorts: Vec<SortLink>,
    search: String,
    /// Offices the user oversees, and those the filter keeps.
    total: usize,
    shown: usize,
    late_offices: usize,
    page: usize,
    pages: usize,
    previous: String,
    next: String,
    csv: String,
    xlsx: String,
}

#[derive(serde::Deserialize, Serialize, Default, Clone)]
pub struct OversightQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    #[serde(skip_serializing)]
    pub year: Option<Year>,
    /// nama, capaian, pelaporan, terlambat
    #[serde(rename = "urut", skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// naik, turun
    #[serde(rename = "arah", skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    #[serde(rename = "cari", skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// A province's code: it and the offices under it.
    #[serde(default, rename = "provinsi", skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// A category of the office's scale ("Sangat Baik"), or `-` for offices with no figure.
    #[serde(default, rename = "kategori", skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `province` or `regency`.
    #[serde(default, rename = "tingkat", skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Only offices with late reports.
    #[serde(default, rename = "terlambat", skip_serializing_if = "Option::is_none")]
    pub late: Option<String>,
    #[serde(default, rename = "halaman", skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
}

impl OversightQuery {
    /// The address of the list with these choices, in `year`, on `path`.
    fn href(&self, path: &str, year: Year) -> String {
        let mut q = serde_urlencoded::to_string(self).unwrap_or_default();
        if !q.is_empty() {
            q.insert(0, '&');
        }
        format!("{path}?tahun={year}{q}")
    }

    fn with_page(&self, page: usize) -> OversightQuery {
        OversightQuery {
            page: (page > 1).then_some(page),
            ..self.clone()
        }
    }
}

/// The offices the user oversees that the query keeps, sorted, with their figures.
struct Listing {
    rows: Vec<Row>,
    provinces: Vec<ProvinceRow>,
    province_choices: Vec<(String, String)>,
    categories: Vec<String>,
    total: usize,
    today: Date,
    /// Offices shown with the figures from before their latest change (being recomputed).
    pending: usize,
}

async fn listing(
    t: Tr,
    store: &Arc<dyn Store>,
    scoped: &Scoped<'_>,
    summaries: &Arc<Summaries>,
    year: Year,
    q: &OversightQuery,
    wait: Duration,
) -> Result<Listing, WebError> {
    let offices = scoped.offices().await?;
    let now = kinerja_store::clock::now_unix();
    // The date the page says is the overseer's own office's (listed first, parents first); each
    // office's figures are counted on its own date.
    let today = offices.first().map(|o| o.time_zone).unwrap_or_default().date_at(now);
    let Current { figures, pending } = summaries.all(store, scoped, year, now, wait).await?;
    let by_id: HashMap<OfficeId, &Office> = offices.iter().map(|o| (o.id, o)).collect();
    // Each office's province: itself, or the first province above it.
    let province_of = |o: &Office| -> Option<OfficeId> {
        let mut cur = Some(o);
        for _ in 0..8 {
            let office = cur?;
            if office.level == OfficeLevel::Province {
                return Some(office.id);
            }
            cur = office.parent.and_then(|p| by_id.get(&p).copied());
        }
        None
    };
    let chosen_province = q
        .province
        .as_deref()
        .filter(|p| !p.is_empty())
        .and_then(|code| {
            offices
                .iter()
                .find(|o| o.code.as_str() == code && o.level == OfficeLevel::Province)
        })
        .map(|o| o.id);
    let search = q.search.clone().unwrap_or_default();
    let wanted = kinerja_domain::model::normalise_text(&search);
    let category = q.category.clone().unwrap_or_default();
    let level = q.level.clone().unwrap_or_default();
    let late_only = q.late.as_deref().is_some_and(|l| !l.is_empty());
    let mut categories: Vec<String> = figures.values().filter_map(|f| f.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let mut listed: Vec<(&Office, Option<&Figures>)> = offices
        .iter()
        .map(|o| (o, figures.get(&o.id)))
        .filter(|(o, _)| wanted.is_empty() || kinerja_domain::model::normalise_text(&o.name).contains(&wanted))
        .filter(|(o, _)| chosen_province.is_none() || province_of(o) == chosen_province)
        .filter(|(o, _)| level.is_empty() || o.level.code() == level)
        .filter(|(_, f)| match category.as_str() {
            "" => true,
            "-" => f.and_then(|f| f.achievement).is_none(),
            c => f.and_then(|f| f.category.as_deref()) == Some(c),
        })
        .filter(|(_, f)| !late_only || f.is_some_and(|f| f.late > 0))
        .collect();
    let key = q.sort.as_deref().unwrap_or("nama");
    let descending = q.direction.as_deref() == Some("turun");
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
    let name_of = |id: Option<OfficeId>| {
        id.and_then(|p| by_id.get(&p))
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let rows = listed
        .iter()
        .map(|(o, f)| office_row(t, o, *f, name_of(o.parent), name_of(province_of(o))))
        .collect();
    // Provinces: each with the offices of it the user oversees, when there is more than one to
    // compare and none is chosen.
    let province_choices: Vec<(String, String)> = offices
        .iter()
        .filter(|o| o.level == OfficeLevel::Province)
        .map(|o| (o.code.to_string(), o.name.clone()))
        .collect();
    let provinces = if chosen_province.is_none() && province_choices.len() > 1 {
        province_rows(&offices, &figures, &province_of)
    } else {
        vec![]
    };
    Ok(Listing {
        rows,
        provinces,
        province_choices,
        categories,
        total: offices.len(),
        today,
        pending,
    })
}

/// An office level's name.
pub(crate) fn level_label(level: OfficeLevel, t: Tr) -> &'static str {
    match level {
        OfficeLevel::National => t.t("level_national"),
        OfficeLevel::Province => t.t("level_province"),
        OfficeLevel::Regency => t.t("level_regency"),
    }
}

/// An office's line of the list, with the names of the office above it and of its province.
fn office_row(t: Tr, o: &Office, f: Option<&Figures>, parent: String, province: String) -> Row {
    Row {
        code: o.code.to_string(),
        name: o.name.clone(),
        level: level_label(o.level, t),
        parent,
        province,
        achievement: f
            .and_then(|f| f.achievement)
            .map(format::percent)
            .unwrap_or_else(|| "-".into()),
        achievement_value: f.and_then(|f| f.achievement),
        category: f.and_then(|f| f.category.clone()).unwrap_or_default(),
        colour: kinerja_charts::traffic_colour(f.and_then(|f| f.colour.as_deref())),
        indicators: f.map(|f| f.indicators).unwrap_or(0),
        realisations: f.map(|f| f.realisations).unwrap_or(0),
        reported: reported(f.map(|f| (f.submitted, f.due))),
        submitted: f.map(|f| f.submitted).unwrap_or(0),
        due: f.map(|f| f.due).unwrap_or(0),
        late: f.map(|f| f.late).unwrap_or(0),
    }
}

/// Each province with the offices under it that the user oversees, summed.
fn province_rows(
    offices: &[Office],
    figures: &HashMap<OfficeId, Figures>,
    province_of: &dyn Fn(&Office) -> Option<OfficeId>,
) -> Vec<ProvinceRow> {
    offices
        .iter()
        .filter(|p| p.level == OfficeLevel::Province)
        .map(|p| {
            let members: Vec<Option<&Figures>> = offices
                .iter()
                .filter(|o| province_of(o) == Some(p.id))
                .map(|o| figures.get(&o.id))
                .collect();
            let values: Vec<Decimal> = members.iter().filter_map(|f| f.and_then(|f| f.achievement)).collect();
            let mean = (!values.is_empty()).then(|| {
                values.iter().copied().fold(Decimal::ZERO, |a, b| a.saturating_add(b)) / Decimal::from(values.len())
            });
            let (submitted, due) = members
                .iter()
                .flatten()
                .fold((0, 0), |(s, d), f| (s + f.submitted, d + f.due));
            ProvinceRow {
                code: p.code.to_string(),
                name: p.name.clone(),
                offices: members.len(),
                achievement: mean.map(format::percent).unwrap_or_else(|| "-".into()),
                late_offices: members.iter().filter(|f| f.is_some_and(|f| f.late > 0)).count(),
                reported: reported(Some((submitted, due))),
            }
        })
        .collect()
}

/// Submitted of due, with its rate: "45/50 (90%)"; "-" when nothing was due.
fn reported(counts: Option<(usize, usize)>) -> String {
    match counts {
        Some((submitted, due)) if due > 0 => format!(
            "{submitted}/{due} ({})",
            format::percent(Decimal::from(submitted * 100) / Decimal::from(due))
        ),
        _ => "-".into(),
    }
}

/// The share of due reports submitted (100 when none was due).
fn rate(f: Option<&Figures>) -> Option<Decimal> {
    f.map(|f| {
        if f.due == 0 {
            Decimal::from(100)
        } else {
            Decimal::from(f.submitted * 100) / Decimal::from(f.due)
        }
    })
}

pub async fn page(
    t: Tr,
    store: &Arc<dyn Store>,
    scoped: &Scoped<'_>,
    summaries: &Arc<Summaries>,
    year: Year,
    q: &OversightQuery,
    header: Header,
) -> Result<String, WebError> {
    let listing = listing(t, store, scoped, summaries, year, q, summaries.page_wait).await?;
    let shown = listing.rows.len();
    let pages = shown.div_ceil(PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let late_offices = listing.rows.iter().filter(|r| r.late > 0).count();
    let rows: Vec<Row> = listing.rows.into_iter().skip((page - 1) * PAGE).take(PAGE).collect();
    let key = q.sort.as_deref().unwrap_or("nama");
    let descending = q.direction.as_deref() == Some("turun");
    let sort = |k: &'static str, label: &'static str| {
        let next = if k == key && !descending { "turun" } else { "naik" };
        SortLink {
            label,
            href: OversightQuery {
                sort: Some(k.to_string()),
                direction: Some(next.to_string()),
                page: None,
                ..q.clone()
            }
            .href("/", year),
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
    let unpaged = q.with_page(1);
    Ok(OversightPage {
        t,
        header,
        year,
        today: format::date(listing.today, t.0),
        pending: listing.pending,
        total: listing.total,
        shown,
        late_offices,
        rows,
        provinces: listing.provinces,
        province_choices: listing.province_choices,
        province: q.province.clone().unwrap_or_default(),
        categories: listing.categories,
        category: q.category.clone().unwrap_or_default(),
        level: q.level.clone().unwrap_or_default(),
        late_only: q.late.as_deref().is_some_and(|l| !l.is_empty()),
        sorts,
        search: q.search.clone().unwrap_or_default(),
        page,
        pages,
        previous: if page > 1 {
            q.with_page(page - 1).href("/", year)
        } else {
            String::new()
        },
        next: if page < pages {
            q.with_page(page + 1).href("/", year)
        } else {
            String::new()
        },
        csv: unpaged.href("/pengawasan/unduh/csv", year),
        xlsx: unpaged.href("/pengawasan/unduh/xlsx", year),
    }
    .render()?)
}

/// The list as the user filtered and sorted it, every page, as CSV (for other programs: dot
/// decimals, UTF-8) or XLSX (for people: numbers as numbers).
pub async fn export(
    t: Tr,
    store: &Arc<dyn Store>,
    scoped: &Scoped<'_>,
    summaries: &Arc<Summaries>,
    year: Year,
    q: &OversightQuery,
    format: &str,
) -> Result<(Vec<u8>, &'static str, String), WebError> {
    let listing = listing(t, store, scoped, summaries, year, q, EXPORT_WAIT).await?;
    // A file is kept and passed on: it carries current figures or none.
    if listing.pending > 0 {
        return Err(WebError::Internal(format!(
            "the figures of {} offices were still being recomputed after {} s",
            listing.pending,
            EXPORT_WAIT.as_secs()
        )));
    }
    let heads = [
        t.t("office"),
        t.t("level"),
        t.t("province"),
        t.t("parent_office"),
        t.t("pk_indicators"),
        t.t("realisations"),
        t.t("achievement"),
        t.t("category"),
        t.t("export_submitted"),
        t.t("export_due"),
        t.t("late_reports"),
    ];
    match format {
        "csv" => Ok((
            csv(&heads, &listing.rows),
            "text/csv; charset=utf-8",
            format!("pengawasan-{year}.csv"),
        )),
        "xlsx" => Ok((
            xlsx(t, year, &heads, &listing)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("pengawasan-{year}.xlsx"),
        )),
        other => Err(WebError::BadRequest(format!("format '{other}': csv or xlsx"))),
    }
}

/// The rows as CSV, for other programs: dot decimals, UTF-8, quoted where a comma is.
fn csv(heads: &[&str], rows: &[Row]) -> Vec<u8> {
    let mut out = String::new();
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    out.push_str(&line(heads.iter().map(|h| h.to_string()).collect()));
    for r in rows {
        out.push_str(&line(vec![
            r.name.clone(),
            r.level.to_string(),
            r.province.clone(),
            r.parent.clone(),
            r.indicators.to_string(),
            r.realisations.to_string(),
            r.achievement_value
                .map(|a| a.round_dp(2).normalize().to_string())
                .unwrap_or_default(),
            r.category.clone(),
            r.submitted.to_string(),
            r.due.to_string(),
            r.late.to_string(),
        ]));
    }
    out.into_bytes()
}

/// The rows as a workbook, for people: numbers as numbers, percentages as percentages.
fn xlsx(t: Tr, year: Year, heads: &[&str], listing: &Listing) -> Result<Vec<u8>, WebError> {
    use kinerja_documents::doc::{Align, Block, Cell, Column, Content, Document, Table, Width};
    let text = |s: &str| Cell::text(s);
    let number = |n: usize| Cell::new(Content::Number(Decimal::from(n), 0));
    let table = Table {
        name: format!("{} {year}", t.t("offices_title")),
        sheet: format!("Pengawasan {year}"),
        plain: false,
        columns: heads
            .iter()
            .enumerate()
            .map(|(n, _)| Column {
                width: Width::Share(if n < 4 { 2.0 } else { 1.0 }),
                align: if n < 4 { Align::Left } else { Align::Right },
            })
            .collect(),
        header: vec![heads.iter().map(|h| text(h).bold()).collect()],
        rows: listing
            .rows
            .iter()
            .map(|r| {
                vec![
                    text(&r.name),
                    text(r.level),
                    text(&r.province),
                    text(&r.parent),
                    number(r.indicators),
                    number(r.realisations),
                    r.achievement_value
                        .map(|a| Cell::new(Content::Percent(a)))
                        .unwrap_or_else(|| Cell::new(Content::Empty)),
                    text(&r.category),
                    number(r.submitted),
                    number(r.due),
                    number(r.late),
                ]
            })
            .collect(),
        notes: vec![t.t("offices_column_help").to_string()],
    };
    let doc = Document {
        title: format!("{} {year}", t.t("offices_title")),
        landscape: true,
        blocks: vec![Block::Table(table)],
        gaps: vec![],
        footer: String::new(),
        date: Some(listing.today),
        verification: None,
    };
    kinerja_documents::xlsx::render(&doc, Some(listing.today)).map_err(|e| WebError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::access::{Grant, Role};
    use kinerja_domain::i18n::Lang;
    use kinerja_domain::period::Period;
    use kinerja_domain::value::Value;
    use kinerja_store::{Actor, NewUser, RealisationInput};

    const YEAR: Year = Year::of(2024);

    /// The sample dataset on SQLite, and the province's overseer (who reads both offices).
    async fn overseer() -> (tempfile::TempDir, Arc<dyn Store>, kinerja_store::User) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("k.db").display());
        let store: Arc<dyn Store> = Arc::new(kinerja_store_sqlite::open(&url).await.unwrap());
        let actor = Actor::new("test");
        let dataset = kinerja_store_contract::sample_dataset();
        store.apply_dataset(&actor, &dataset, "uji").await.unwrap();
        let province = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
        let user = NewUser {
            login: "provinsi".parse().unwrap(),
            name: "Pengawas".into(),
            password_hash: kinerja_store::password::hash("kata-sandi-uji-2024").unwrap(),
            lang: Lang::Id,
            grants: vec![Grant {
                role: Role::Oversight,
                office: province.id,
                unit: None,
            }],
        };
        let user = store.create_user(&actor, &user, "uji").await.unwrap();
        (dir, store, user)
    }

    /// A realisation saved in kpu-contoh (its data version moves); the office's id.
    async fn change(store: &dyn Store, period: u8) -> OfficeId {
        let office = store.find_office("kpu-contoh").await.unwrap().unwrap();
        let plan = store.year_plan(office.id, YEAR).await.unwrap();
        let indicator = plan
            .indicators
            .iter()
            .find(|i| i.text == "Jumlah laporan monitoring")
            .unwrap();
        let input = RealisationInput {
            indicator: indicator.id,
            period: Period::Month(period),
            value: Value::parse("1 laporan").unwrap(),
            evidence: vec!["bukti.pdf".into()],
            new_files: vec![],
            obstacles: None,
            follow_up: None,
        };
        store
            .save_realisation(&Actor::new("test"), &input, None, None)
            .await
            .unwrap();
        office.id
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn figures_are_current_and_shown_as_they_were_while_a_refresh_runs() {
        let (_dir, store, user) = overseer().await;
        let scoped = Scoped::for_user(store.as_ref(), user).await.unwrap();
        // The page waits 20 ms for figures being recomputed.
        let short = Duration::from_millis(20);
        let summaries = Arc::new(Summaries::new(short));
        let now = kinerja_store::clock::now_unix();
        let first = summaries.all(&store, &scoped, YEAR, now, EXPORT_WAIT).await.unwrap();
        assert_eq!(first.pending, 0);
        assert_eq!(first.figures.len(), 2, "the province and the office below it");
        let office = change(store.as_ref(), 9).await;
        let before = first.figures[&office].realisations;
        // The next view computes the change (nothing else is running).
        let second = summaries.all(&store, &scoped, YEAR, now, EXPORT_WAIT).await.unwrap();
        assert_eq!(second.pending, 0);
        assert_eq!(second.figures[&office].realisations, before + 1);
        // While a refresh holds its place, a view does not wait past its limit: it shows the
        // figures from before the change and counts the office as pending.
        let running = summaries.running.clone().lock_owned().await;
        change(store.as_ref(), 10).await;
        let waiting = summaries
            .all(&store, &scoped, YEAR, now, Duration::from_millis(20))
            .await
            .unwrap();
        assert_eq!(waiting.pending, 1);
        assert_eq!(waiting.figures[&office].realisations, before + 1);
        assert_eq!(waiting.figures.len(), 2);
        // The page says so, in both languages; an export refuses figures that are not current.
        let q = OversightQuery::default();
        for (lang, says) in [
            (Lang::Id, "1 kantor sedang dihitung ulang"),
            (Lang::En, "1 office(s) being recomputed"),
        ] {
            let header = Header::of(&scoped, "csrf".into());
            let html = page(Tr(lang), &store, &scoped, &summaries, YEAR, &q, header)
                .await
                .unwrap();
            assert!(html.contains(says), "{lang:?}: {html}");
        }
        // Once it is free, the next view is current again.
        drop(running);
        let current = summaries.all(&store, &scoped, YEAR, now, EXPORT_WAIT).await.unwrap();
        assert_eq!(current.pending, 0);
        assert_eq!(current.figures[&office].realisations, before + 2);
        let header = Header::of(&scoped, "csrf".into());
        let html = page(Tr(Lang::Id), &store, &scoped, &summaries, YEAR, &q, header)
            .await
            .unwrap();
        assert!(!html.contains("sedang dihitung ulang"), "{html}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_opened_list_is_kept_current_in_the_background() {
        let (_dir, store, user) = overseer().await;
        let scoped = Scoped::for_user(store.as_ref(), user).await.unwrap();
        let summaries = Arc::new(Summaries::default());
        let now = kinerja_store::clock::now_unix();
        let keeper = tokio::spawn(summaries.clone().keep_current(store.clone(), Duration::from_millis(10)));
        summaries.all(&store, &scoped, YEAR, now, EXPORT_WAIT).await.unwrap();
        assert!(summaries.watched.lock().unwrap().contains_key(&YEAR));
        let mut finished = summaries.finished.subscribe();
        let office = change(store.as_ref(), 9).await;
        let wanted = scoped.data_versions().await.unwrap();
        assert_eq!(summaries.stale(&wanted, YEAR, now), vec![office]);
        // No view comes; the keeper recomputes the office (the bound only keeps a broken
        // keeper from hanging the test).
        let kept = tokio::time::timeout(Duration::from_secs(120), async {
            while !summaries.stale(&wanted, YEAR, now).is_empty() {
                finished.changed().await.unwrap();
            }
        })
        .await;
        keeper.abort();
        assert!(kept.is_ok(), "the office was not recomputed without a view");
        assert_eq!(finished.borrow().1, None);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn views_arriving_together_wait_for_one_refresh() {
        let (_dir, store, user) = overseer().await;
        let scoped = Scoped::for_user(store.as_ref(), user).await.unwrap();
        let summaries = Arc::new(Summaries::default());
        let now = kinerja_store::clock::now_unix();
        // Warming at start counts as a refresh: views waiting for it are told when it ends.
        summaries.warm(store.as_ref(), YEAR).await.unwrap();
        assert_eq!(*summaries.finished.borrow(), (1, None));
        let refreshes = summaries.finished.borrow().0;
        let office = change(store.as_ref(), 9).await;
        let view = || summaries.all(&store, &scoped, YEAR, now, EXPORT_WAIT);
        let seen = tokio::join!(view(), view(), view(), view(), view(), view(), view(), view());
        for view in [seen.0, seen.1, seen.2, seen.3, seen.4, seen.5, seen.6, seen.7] {
            let view = view.unwrap();
            assert_eq!(view.pending, 0);
            assert!(view.figures[&office].realisations > 0);
        }
        assert_eq!(
            summaries.finished.borrow().0,
            refreshes + 1,
            "eight views of one change, one refresh"
        );
        // A refresh rests as long as the last one took: a view before then that cannot wait so
        // long starts none and shows what there is; one that can wait gets current figures.
        let far = tokio::time::Instant::now() + Duration::from_secs(3600);
        *summaries.not_before.lock().unwrap() = Some(far);
        change(store.as_ref(), 10).await;
        let resting = summaries
            .all(&store, &scoped, YEAR, now, Duration::from_millis(20))
            .await
            .unwrap();
        assert_eq!(resting.pending, 1);
        assert_eq!(summaries.finished.borrow().0, refreshes + 1, "no refresh started");
        let soon = tokio::time::Instant::now() + Duration::from_millis(50);
        *summaries.not_before.lock().unwrap() = Some(soon);
        let after = summaries.all(&store, &scoped, YEAR, now, EXPORT_WAIT).await.unwrap();
        assert_eq!(after.pending, 0);
        assert_eq!(summaries.finished.borrow().0, refreshes + 2);
        assert!(tokio::time::Instant::now() >= soon, "it waited for the rest to end");
    }
}
