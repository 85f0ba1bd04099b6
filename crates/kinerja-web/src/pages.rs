//! Page models and their askama templates (`templates/`). All text is escaped by askama; numbers
//! are written by `kinerja_domain::format`.

use askama::Template;
use kinerja_charts as charts;
use kinerja_domain::Decimal;
use kinerja_domain::achievement::{self, Basis, OfficeAchievement, Span};
use kinerja_domain::format;
use kinerja_domain::model::YearPlan;
use kinerja_domain::model::{OfficeId, Year};
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::reporting::{self, Progress};
use kinerja_domain::scale::CategoryScale;
use kinerja_store::Scoped;

use crate::WebError;
use crate::i18n::Tr;

/// Who is signed in, for the page header; on a page of a year, the year switch.
pub struct Header {
    pub name: String,
    pub login: String,
    pub csrf: String,
    pub years: Option<YearSwitch>,
    /// How many tasks wait for the user in the year shown (office pages).
    pub tasks: Option<usize>,
    /// How many of the user's notifications are unread (office pages, tasks, notifications).
    pub notices: Option<i64>,
}

/// The years a page of an office may show, and the one it shows.
pub struct YearSwitch {
    pub years: Vec<i32>,
    pub current: i32,
}

impl Header {
    pub(crate) fn of(scoped: &Scoped<'_>, csrf: String) -> Self {
        Header {
            name: scoped.user().name.clone(),
            login: scoped.user().login.to_string(),
            csrf,
            years: None,
            tasks: None,
            notices: None,
        }
    }

    /// With the year switch of the offices' pages (the years they have a plan for, the year
    /// shown, and the year after the last of them, to plan it) and the count of the user's
    /// tasks in the year shown.
    pub(crate) async fn with_years(
        mut self,
        scoped: &Scoped<'_>,
        offices: &[OfficeId],
        current: Year,
    ) -> Result<Self, WebError> {
        let mut years = vec![current.get()];
        for office in offices {
            years.extend(scoped.plan_years(*office).await?.iter().map(|y| y.get()));
        }
        years.sort_unstable();
        years.dedup();
        if let Some(next) = years.last().and_then(|y| Year::new(i64::from(*y) + 1)) {
            years.push(next.get());
        }
        self.years = Some(YearSwitch {
            years,
            current: current.get(),
        });
        self.tasks = Some(crate::tasks::count(scoped, current).await?);
        self.notices = Some(crate::notices::unread(scoped).await?);
        Ok(self)
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignIn<'a> {
    t: Tr,
    login: &'a str,
    error: Option<&'a str>,
    csrf: &'a str,
}

pub fn sign_in(t: Tr, login: &str, error: Option<&str>, csrf: &str) -> Result<String, WebError> {
    Ok(SignIn { t, login, error, csrf }.render()?)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: Tr,
    status: u16,
    message: &'a str,
}

pub fn error_page(t: Tr, status: u16, message: &str) -> axum::response::Html<String> {
    axum::response::Html(
        ErrorPage { t, status, message }
            .render()
            .unwrap_or_else(|_| message.to_string()),
    )
}

pub struct IndicatorView {
    pub text: String,
    pub target: String,
    pub realisation: String,
    pub achievement: String,
    pub note: String,
}

pub struct ObjectiveView {
    pub text: String,
    pub achievement: String,
    pub indicators: Vec<IndicatorView>,
}

pub struct UnitView {
    pub code: String,
    pub name: String,
    pub achievement: String,
    pub objectives: Vec<ObjectiveView>,
}

/// One cell of the reporting grid: a unit's period.
pub struct CellView {
    pub period: String,
    /// `missing`, `in_progress`, `submitted`, `verified`; `late` added when overdue.
    pub class: String,
    pub symbol: &'static str,
    pub title: String,
    /// Months the cell spans (3 for a quarter).
    pub span: u8,
}

pub struct ReportingRow {
    pub code: String,
    pub name: String,
    pub cells: Vec<CellView>,
    /// "Januari, Februari" — the overdue periods, for the late list.
    pub late: Vec<String>,
}

/// What the office dashboard shows beside the achievement itself.
pub struct DashboardExtras<'a> {
    pub deadlines: &'a [kinerja_domain::reporting::Deadline],
    pub today: kinerja_domain::date::Date,
}

#[derive(Template)]
#[template(path = "office.html")]
struct OfficePage<'a> {
    t: Tr,
    header: Header,
    office: &'a str,
    year: Year,
    body: &'a str,
}

/// The dashboard around its body (which [`office_body`] makes and the caller may cache).
pub fn office_page(t: Tr, header: Header, office: &str, year: Year, body: &str) -> Result<String, WebError> {
    Ok(OfficePage {
        t,
        header,
        office,
        year,
        body,
    }
    .render()?)
}

#[derive(Template)]
#[template(path = "office_body.html")]
struct OfficeBody {
    t: Tr,
    office: String,
    code: String,
    year: Year,
    scale: String,
    achievement: String,
    /// Why the office has no figure, when it has none.
    achievement_note: String,
    indicator_count: usize,
    computed_count: usize,
    late_count: usize,
    absorption: String,
    today: String,
    unit_chart: String,
    objective_chart: String,
    trend_chart: String,
    has_trend: bool,
    /// Each chart's figures as a table, for screen readers and for reading exact values:
    /// (label, value); objectives with their unit first.
    unit_rows: Vec<(String, String)>,
    objective_rows: Vec<(String, String, String)>,
    trend_rows: Vec<(String, String)>,
    share_rows: Vec<(String, String)>,
    /// The budget chart's figures: unit, absorbed, achieved.
    absorption_rows: Vec<(String, String, String)>,
    category_chart: String,
    absorption_chart: String,
    has_budget: bool,
    reporting: Vec<ReportingRow>,
    months: Vec<String>,
    units: Vec<UnitView>,
}

fn pct(p: Option<Decimal>) -> String {
    p.map(format::percent).unwrap_or_else(|| "-".into())
}

/// Traffic-light colours of a scale band, readable in print.
fn colour_of(band: Option<&kinerja_domain::scale::Band>) -> &'static str {
    charts::traffic_colour(band.and_then(|b| b.colour.as_deref()))
}

fn colour(scale: Option<&CategoryScale>, p: Option<Decimal>) -> &'static str {
    colour_of(p.and_then(|p| scale.and_then(|s| s.categorise(p))))
}

fn progress_symbol(p: Progress) -> &'static str {
    match p {
        Progress::Missing => "✗",
        Progress::InProgress => "…",
        Progress::Submitted => "↑",
        Progress::Verified => "✓",
    }
}

fn progress_label(t: Tr, p: Progress) -> &'static str {
    match p {
        Progress::Missing => t.t("progress_missing"),
        Progress::InProgress => t.t("progress_in_progress"),
        Progress::Submitted => t.t("progress_submitted"),
        Progress::Verified => t.t("progress_verified"),
    }
}

/// The office's figure period by period, the year to date: by month when a unit reports monthly,
/// else by quarter. The line stops at the last period a figure was entered for; a period before
/// it without any figure is marked as missing, not drawn as the figure before it carried on.
fn trend_points(
    t: Tr,
    plan: &YearPlan,
    scale: Option<&CategoryScale>,
    today: kinerja_domain::date::Date,
) -> Vec<charts::Point> {
    let last_month = match plan.year.get().cmp(&today.year()) {
        std::cmp::Ordering::Less => 12,
        std::cmp::Ordering::Equal => today.month(),
        std::cmp::Ordering::Greater => 0,
    };
    let monthly = plan
        .unit_years
        .iter()
        .any(|y| y.has_pk && y.rak_period_kind == PeriodKind::Month);
    let kind = if monthly {
        PeriodKind::Month
    } else {
        PeriodKind::Quarter
    };
    let periods: Vec<Period> = (1..=kind.count()).filter_map(|n| kind.period(n)).collect();
    // A period has data when a figure was entered for a period ending with it.
    let has_data = |p: Period| {
        plan.realisations
            .iter()
            .any(|r| r.period != Period::Year && r.period.end_month() == p.end_month())
    };
    let last_data = periods
        .iter()
        .filter(|p| p.end_month() <= last_month && has_data(**p))
        .map(|p| p.end_month())
        .max()
        .unwrap_or(0);
    periods
        .into_iter()
        .map(|p| {
            let label = match p {
                Period::Month(m) => format::month_name(m, t.0).chars().take(3).collect(),
                _ => p.label(t.0).replace("Triwulan", "TW").replace("Quarter", "Q"),
            };
            let shown = p.end_month() <= last_data;
            let value = (shown && has_data(p))
                .then(|| {
                    achievement::office_achievement(plan, Span::To(p), Basis::Entered, scale, None)
                        .rolled
                        .achievement
                })
                .flatten();
            charts::Point {
                label,
                value,
                missing: (shown && value.is_none()).then(|| t.t("trend_missing").to_string()),
            }
        })
        .collect()
}

/// The office's own PK indicators (its top unit's: the units below fed them and are not counted
/// again) by category of the office's scale; with how many there are and how many computed.
fn category_shares(
    t: Tr,
    result: &OfficeAchievement,
    scale: Option<&CategoryScale>,
) -> (Vec<charts::Share>, usize, usize) {
    let measured: Vec<&kinerja_domain::achievement::IndicatorAchievement> = result.counted_indicators().collect();
    let computed_count = measured.iter().filter(|a| a.achievement.is_ok()).count();
    let mut shares: Vec<charts::Share> = scale
        .map(|s| {
            let mut bands: Vec<&kinerja_domain::scale::Band> = s.bands.iter().collect();
            bands.reverse();
            bands
                .into_iter()
                .map(|b| charts::Share {
                    label: b.label.clone(),
                    count: measured
                        .iter()
                        .filter(|a| a.achievement.as_ref().is_ok_and(|p| s.categorise(*p) == Some(b)))
                        .count(),
                    colour: colour_of(Some(b)).into(),
                })
                .collect()
        })
        .unwrap_or_default();
    let categorised: usize = shares.iter().map(|s| s.count).sum();
    if computed_count > categorised {
        shares.push(charts::Share {
            label: t.t("no_category").into(),
            count: computed_count - categorised,
            colour: "#9ca3af".into(),
        });
    }
    shares.push(charts::Share {
        label: t.t("not_computable").into(),
        count: measured.len() - computed_count,
        colour: "#d1d5db".into(),
    });
    (shares, measured.len(), computed_count)
}

/// Budget absorption beside achievement, per unit with a budget, and the office's absorption:
/// each rupiah counted once (`kinerja_domain::budget::office_budget`, as the RKT and the LKj),
/// never a sub-section's lines again inside the secretariat's.
fn budget_pairs(plan: &YearPlan, result: &OfficeAchievement) -> (Vec<charts::Pair>, String) {
    let budget = kinerja_domain::budget::office_budget(plan);
    let pairs = budget
        .units
        .iter()
        .map(|ub| charts::Pair {
            label: ub.unit.name.clone(),
            absorbed: ub.absorbed(),
            achieved: result
                .units
                .iter()
                .find(|u| u.unit == ub.unit.id)
                .and_then(|u| u.rolled.achievement),
        })
        .collect();
    let absorption = budget.absorbed().map(format::percent).unwrap_or_else(|| "-".into());
    (pairs, absorption)
}

/// The reporting grid (units × months) and who is late, as of `today`.
fn reporting_rows(t: Tr, plan: &YearPlan, extras: &DashboardExtras<'_>) -> Vec<ReportingRow> {
    let status = reporting::status(plan, extras.deadlines, extras.today);
    let mut rows: Vec<ReportingRow> = Vec::new();
    for s in status {
        let unit = plan.unit(s.unit);
        if rows
            .last()
            .is_none_or(|r| Some(r.code.as_str()) != unit.map(|u| u.code.as_str()))
        {
            rows.push(ReportingRow {
                code: unit.map(|u| u.code.clone()).unwrap_or_default(),
                name: unit.map(|u| u.name.clone()).unwrap_or_default(),
                cells: vec![],
                late: vec![],
            });
        }
        let row = rows.last_mut().expect("pushed above");
        let label = s.period.label(t.0);
        let mut class = s.progress.code().to_string();
        let unasked = !s.scheduled && s.progress == Progress::Missing;
        if unasked {
            class = "unscheduled".into();
        }
        if s.late {
            class.push_str(" late");
            row.late.push(label.clone());
        }
        let title = format!(
            "{label}: {} ({}/{} {}; {} {})",
            if unasked {
                t.t("not_scheduled")
            } else {
                progress_label(t, s.progress)
            },
            s.submitted,
            s.indicators,
            t.t("submitted_short"),
            t.t("due"),
            format::date(s.due, t.0),
        );
        row.cells.push(CellView {
            period: s.period.to_string(),
            class,
            symbol: if unasked { "–" } else { progress_symbol(s.progress) },
            title,
            span: (s.period.end_month() + 1 - s.period.start_month()).max(1),
        });
    }
    rows
}

/// One indicator's line on the dashboard: target, realisation, achievement and its note.
fn indicator_view(t: Tr, plan: &YearPlan, a: &kinerja_domain::achievement::IndicatorAchievement) -> IndicatorView {
    let ind = plan.indicators.iter().find(|i| i.id == a.indicator);
    let (achievement, note) = match &a.achievement {
        Ok(p) if a.from_supporting > 0 => (
            format::percent(*p),
            format!(
                "{} ({} {})",
                a.category.clone().unwrap_or_default(),
                t.t("from_supporting"),
                a.from_supporting
            ),
        ),
        Ok(p) => (format::percent(*p), a.category.clone().unwrap_or_default()),
        Err(e) => ("-".into(), e.text().get(t.0).to_string()),
    };
    IndicatorView {
        text: ind.map(|i| i.text.clone()).unwrap_or_default(),
        target: a
            .target
            .as_ref()
            .map(|v| v.raw().to_string())
            .unwrap_or_else(|| "-".into()),
        realisation: a
            .realisation
            .as_ref()
            .map(|v| v.raw().to_string())
            .unwrap_or_else(|| "-".into()),
        achievement,
        note,
    }
}

/// The dashboard's content: the same for everyone who may read the office, so it is cached by
/// office, year, data version, day and language.
pub fn office_body(
    t: Tr,
    plan: &YearPlan,
    result: &OfficeAchievement,
    scale: Option<&CategoryScale>,
    extras: DashboardExtras<'_>,
) -> Result<String, WebError> {
    let objective_text = |id| {
        plan.objectives
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.text.clone())
            .unwrap_or_default()
    };
    let unit_name = |id| plan.unit(id).map(|x| x.name.clone()).unwrap_or_default();
    // Charts.
    let unit_bars: Vec<charts::Bar> = result
        .units
        .iter()
        .map(|u| charts::Bar {
            label: unit_name(u.unit),
            value: u.rolled.achievement,
            colour: colour(scale, u.rolled.achievement).into(),
        })
        .collect();
    let objective_bars: Vec<charts::Bar> = result
        .units
        .iter()
        .flat_map(|u| u.objectives.iter())
        .map(|o| charts::Bar {
            label: objective_text(o.objective),
            value: o.rolled.achievement,
            colour: colour(scale, o.rolled.achievement).into(),
        })
        .collect();
    let points = trend_points(t, plan, scale, extras.today);
    let has_trend = points.iter().any(|p| p.value.is_some());
    let unit_rows = unit_bars.iter().map(|b| (b.label.clone(), pct(b.value))).collect();
    let objective_rows = result
        .units
        .iter()
        .flat_map(|u| u.objectives.iter().map(move |o| (u.unit, o)))
        .map(|(u, o)| (unit_name(u), objective_text(o.objective), pct(o.rolled.achievement)))
        .collect();
    let trend_rows = points
        .iter()
        .filter(|p| p.value.is_some() || p.missing.is_some())
        .map(|p| {
            (
                p.label.clone(),
                p.value
                    .map(|v| pct(Some(v)))
                    .unwrap_or_else(|| t.t("trend_missing").into()),
            )
        })
        .collect();
    let (shares, indicator_count, computed_count) = category_shares(t, result, scale);
    let share_rows = shares.iter().map(|s| (s.label.clone(), s.count.to_string())).collect();
    let (pairs, absorption) = budget_pairs(plan, result);
    let reporting = reporting_rows(t, plan, &extras);
    let late_count = reporting.iter().map(|r| r.late.len()).sum();
    let units = result
        .units
        .iter()
        .map(|u| UnitView {
            code: plan.unit(u.unit).map(|x| x.code.clone()).unwrap_or_default(),
            name: unit_name(u.unit),
            achievement: pct(u.rolled.achievement),
            objectives: u
                .objectives
                .iter()
                .map(|o| ObjectiveView {
                    text: objective_text(o.objective),
                    achievement: pct(o.rolled.achievement),
                    indicators: o.indicators.iter().map(|a| indicator_view(t, plan, a)).collect(),
                })
                .collect(),
        })
        .collect();
    Ok(OfficeBody {
        t,
        office: plan.office.name.clone(),
        code: plan.office.code.to_string(),
        year: plan.year,
        scale: scale.map(|s| s.name.clone()).unwrap_or_default(),
        achievement: pct(result.rolled.achievement),
        achievement_note: result.reason.map(|r| r.text().get(t.0).to_string()).unwrap_or_default(),
        indicator_count,
        computed_count,
        late_count,
        absorption,
        today: format!("{} {}", format::date(extras.today, t.0), plan.office.time_zone.code()),
        unit_chart: charts::bars(t.t("by_unit"), &unit_bars, Decimal::from(150)),
        objective_chart: charts::bars(t.t("by_objective"), &objective_bars, Decimal::from(150)),
        trend_chart: charts::trend(t.t("trend"), &points, "#1f5fa8"),
        has_trend,
        unit_rows,
        objective_rows,
        trend_rows,
        share_rows,
        category_chart: charts::shares(t.t("by_category"), &shares),
        absorption_rows: pairs
            .iter()
            .map(|p| (p.label.clone(), pct(p.absorbed), pct(p.achieved)))
            .collect(),
        absorption_chart: charts::absorption(
            t.t("absorption_title"),
            &pairs,
            t.t("budget_absorbed"),
            t.t("performance_achieved"),
        ),
        has_budget: pairs.iter().any(|p: &charts::Pair| p.absorbed.is_some()),
        reporting,
        months: (1..=12)
            .map(|m| format::month_name(m, t.0).chars().take(3).collect())
            .collect(),
        units,
    }
    .render()?)
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage<'a> {
    t: Tr,
    header: Header,
    error: Option<&'a str>,
    done: bool,
    /// The user's API tokens in use.
    tokens: Vec<kinerja_store::token::ApiToken>,
}

/// The password page, with the user's own API tokens to revoke.
pub async fn password(
    t: Tr,
    scoped: &Scoped<'_>,
    csrf: String,
    error: Option<&str>,
    done: bool,
) -> Result<String, WebError> {
    let tokens = scoped.own_tokens().await?.into_iter().filter(|k| !k.revoked).collect();
    Ok(PasswordPage {
        t,
        header: Header::of(scoped, csrf),
        error,
        done,
        tokens,
    }
    .render()?)
}
