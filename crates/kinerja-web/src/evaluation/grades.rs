//! Oversight of the SAKIP evaluation: the grades of every office the user may read (a province
//! its regencies, KPU RI all), how many offices have each grade, this year beside last, and the
//! offices below the KPU target (BB).

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use kinerja_domain::evaluation::{Grade, distribution};
use kinerja_domain::format;
use kinerja_domain::model::Year;

use crate::context::Signed;
use crate::extract::Query;
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{WebError, csrf_token};

#[derive(serde::Deserialize)]
pub struct GradesQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    /// Only the offices below the target.
    #[serde(rename = "bawah")]
    below: Option<u8>,
}

struct Row {
    code: String,
    name: String,
    state: String,
    own: String,
    fin: String,
    grade: String,
    last: String,
    below: bool,
}

#[derive(Template)]
#[template(path = "evaluation_grades.html")]
struct GradesPage {
    t: Tr,
    header: Header,
    year: Year,
    last_year: i32,
    target: &'static str,
    spread: Vec<(&'static str, usize, u32)>,
    not_graded: usize,
    below_count: usize,
    total: usize,
    rows: Vec<Row>,
    below_only: bool,
}

pub async fn grades_page(ctx: Signed, Query(q): Query<GradesQuery>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year = ctx.year(q.year).await?;
    let grades = scoped.lke_grades(year).await?;
    let counts = distribution(grades.iter().filter_map(|g| g.grade));
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let points = |d: Option<kinerja_domain::Decimal>, g: Option<Grade>| match (d, g) {
        (Some(d), Some(g)) => format!("{} ({})", format::number(d, 2), g.code()),
        _ => "–".into(),
    };
    let below_only = q.below.is_some();
    let rows: Vec<Row> = grades
        .iter()
        .filter(|g| !below_only || g.below_target())
        .map(|g| Row {
            code: g.office.code.to_string(),
            name: g.office.name.clone(),
            state: g.state.label().get(t.0).to_string(),
            own: points(g.self_total, g.self_grade),
            fin: g.total.map_or_else(|| "–".into(), |d| format::number(d, 2)),
            grade: g.grade.map_or("–", |g| g.code()).to_string(),
            last: g.last_grade.map_or("–", |g| g.code()).to_string(),
            below: g.below_target(),
        })
        .collect();
    let page = GradesPage {
        t,
        header: Header::of(&scoped, csrf_token(&ctx.session).await?),
        year,
        last_year: year.get() - 1,
        target: Grade::TARGET.code(),
        spread: counts
            .iter()
            .map(|(g, n)| (g.code(), *n, (*n * 100 / most) as u32))
            .collect(),
        not_graded: grades.iter().filter(|g| g.grade.is_none()).count(),
        below_count: grades.iter().filter(|g| g.below_target()).count(),
        total: grades.len(),
        rows,
        below_only,
    };
    Ok(Html(page.render()?).into_response())
}
