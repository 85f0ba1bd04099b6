//! "Tugas saya": what is waiting for the signed-in user in each office they work in — figures to
//! verify, figures returned to them, reports due this week, late reports — each a link to the
//! monitoring page of that unit and period. The header shows how many.

use askama::Template;
use axum::extract::Query;
use axum::response::{Html, IntoResponse, Response};
use kinerja_domain::format;
use kinerja_domain::model::{Office, OfficeId, RealisationStatus, Year, YearPlan};
use kinerja_domain::reporting::{self, Tasks, UnitPeriod};
use kinerja_store::Scoped;

use crate::context::Signed;
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{WebError, csrf_token};

/// The user's tasks in `office` for `year`, as of the office's today.
pub(crate) async fn of_office(
    scoped: &Scoped<'_>,
    office: &Office,
    year: Year,
) -> Result<(Tasks, std::sync::Arc<YearPlan>), WebError> {
    let plan = scoped.year_plan(office.id, year).await?;
    let deadlines = scoped.deadlines(office.id, year).await?;
    let today = kinerja_store::clock::today_in(office.time_zone);
    let status = reporting::status(&plan, &deadlines, today);
    let parents = plan.units.iter().map(|u| (u.id, u.parent)).collect();
    let tasks = reporting::tasks_of_person(&status, today, office.id, &scoped.user().grants, &parents);
    Ok((tasks, plan))
}

/// The offices the user works in (a role of the office itself, not oversight from above).
pub(crate) async fn own_offices(scoped: &Scoped<'_>) -> Result<Vec<Office>, WebError> {
    let mut ids: Vec<OfficeId> = scoped
        .user()
        .grants
        .iter()
        .filter(|g| g.role.of_the_office())
        .map(|g| g.office)
        .collect();
    ids.sort_unstable_by_key(|o| o.0);
    ids.dedup();
    // Every office page asks (the header's count): oversight alone lists no office at all,
    // rather than the hundreds it may read.
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let offices = scoped.offices().await?;
    Ok(offices.into_iter().filter(|o| ids.contains(&o.id)).collect())
}

/// How many tasks wait for the user in `year`, over the offices they work in (the header's
/// count).
pub(crate) async fn count(scoped: &Scoped<'_>, year: Year) -> Result<usize, WebError> {
    let mut n = 0;
    for office in own_offices(scoped).await? {
        n += of_office(scoped, &office, year).await?.0.count();
    }
    Ok(n)
}

struct Item {
    unit: String,
    period: String,
    due: String,
    detail: String,
    link: String,
}

struct Group {
    key: &'static str,
    title: &'static str,
    empty: &'static str,
    items: Vec<Item>,
}

struct OfficeTasks {
    name: String,
    code: String,
    groups: Vec<Group>,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    t: Tr,
    header: Header,
    year: Year,
    offices: Vec<OfficeTasks>,
}

#[derive(serde::Deserialize)]
pub struct TasksQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
}

pub async fn page(ctx: Signed, Query(q): Query<TasksQuery>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let own = own_offices(&scoped).await?;
    let mut offices = Vec::with_capacity(own.len());
    for office in &own {
        let (tasks, plan) = of_office(&scoped, office, year).await?;
        offices.push(view(t, office, year, &plan, &tasks));
    }
    let ids: Vec<OfficeId> = own.iter().map(|o| o.id).collect();
    let header = Header::of(&scoped, csrf_token(session).await?)
        .with_years(&scoped, &ids, year)
        .await?;
    let page = TasksPage {
        t,
        header,
        year,
        offices,
    };
    Ok(Html(page.render()?).into_response())
}

fn view(t: Tr, office: &Office, year: Year, plan: &YearPlan, tasks: &Tasks) -> OfficeTasks {
    let item = |s: &UnitPeriod, detail: String| {
        let unit = plan.unit(s.unit);
        Item {
            unit: unit.map(|u| u.name.clone()).unwrap_or_default(),
            period: s.period.label(t.0),
            due: format::date(s.due, t.0),
            detail,
            link: format!(
                "/kantor/{}/pantau?unit={}&periode={}&tahun={year}",
                office.code,
                unit.map(|u| u.code.as_str()).unwrap_or_default(),
                s.period
            ),
        }
    };
    // "{} indikator menunggu" with "2 dari 3".
    let of = |words: &str, n: usize, all: usize| {
        words.replacen("{}", &t.fill("n_of_m", n).replacen("{}", &all.to_string(), 1), 1)
    };
    let group = |key: &'static str,
                 title: &'static str,
                 empty: &'static str,
                 list: &[UnitPeriod],
                 detail: &dyn Fn(&UnitPeriod) -> String| Group {
        key,
        title,
        empty,
        items: list.iter().map(|s| item(s, detail(s))).collect(),
    };
    let returned = |s: &UnitPeriod| {
        let reasons = return_reasons(plan, s);
        let n = of(t.t("tasks_returned_n"), s.returned, s.indicators);
        if reasons.is_empty() {
            n
        } else {
            format!("{n}: {}", reasons.join("; "))
        }
    };
    OfficeTasks {
        name: office.name.clone(),
        code: office.code.to_string(),
        groups: vec![
            group(
                "tasks_to_verify",
                t.t("tasks_to_verify"),
                t.t("tasks_to_verify_none"),
                &tasks.to_verify,
                &|s| of(t.t("tasks_waiting_n"), s.submitted - s.verified, s.indicators),
            ),
            group(
                "tasks_returned",
                t.t("tasks_returned"),
                t.t("tasks_returned_none"),
                &tasks.returned,
                &returned,
            ),
            group(
                "tasks_due_soon",
                t.t("tasks_due_soon"),
                t.t("tasks_due_soon_none"),
                &tasks.due_soon,
                &|s| of(t.t("tasks_unsent_n"), s.indicators - s.submitted, s.indicators),
            ),
            group(
                "tasks_late",
                t.t("tasks_late"),
                t.t("tasks_late_none"),
                &tasks.late,
                &|s| of(t.t("tasks_unsent_n"), s.indicators - s.submitted, s.indicators),
            ),
        ],
    }
}

/// Why the unit's figures of the period were returned, as the head wrote it.
fn return_reasons(plan: &YearPlan, s: &UnitPeriod) -> Vec<String> {
    let indicators: Vec<_> = plan
        .objectives_of(s.unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .map(|i| i.id)
        .collect();
    let mut reasons: Vec<String> = plan
        .realisations
        .iter()
        .filter(|r| {
            r.period == s.period && r.status == RealisationStatus::Returned && indicators.contains(&r.indicator)
        })
        .filter_map(|r| r.return_reason.clone())
        .collect();
    reasons.dedup();
    reasons
}
