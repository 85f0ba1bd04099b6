//! The evaluation's schedule (jadwal): when each level's offices may give their
//! self-assessment of a year. Everyone signed in sees it; the admins of the national office
//! set it (audited). A year's worksheet is frozen from the day its first window opens.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::date::Date;
use kinerja_domain::evaluation::Window;
use kinerja_domain::format;
use kinerja_domain::i18n::Text;
use kinerja_domain::model::{OfficeLevel, Year};

use super::EvaluationQuery;
use crate::context::{Posted, Signed};
use crate::extract::{Fields, Query};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{WebError, csrf_token};

const LEVELS: [OfficeLevel; 3] = [OfficeLevel::National, OfficeLevel::Province, OfficeLevel::Regency];

struct Row {
    level: &'static str,
    label: String,
    opens: String,
    closes: String,
    shown: String,
}

#[derive(Template)]
#[template(path = "evaluation_schedule.html")]
struct SchedulePage {
    t: Tr,
    header: Header,
    year: Year,
    rows: Vec<Row>,
    can_edit: bool,
    notice: String,
}

pub async fn page(ctx: Signed, Query(q): Query<EvaluationQuery>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year = ctx.year(q.year).await?;
    let windows = scoped.lke_windows(year).await?;
    let rows = LEVELS
        .into_iter()
        .map(|level| {
            let w = windows.iter().find(|(l, _)| *l == level).map(|(_, w)| *w);
            Row {
                level: level.code(),
                label: crate::oversight::level_label(level, t).to_string(),
                opens: w.map(|w| w.opens.to_string()).unwrap_or_default(),
                closes: w.map(|w| w.closes.to_string()).unwrap_or_default(),
                shown: w.map_or_else(
                    || t.t("lke_no_window").to_string(),
                    |w| format!("{} – {}", format::date(w.opens, t.0), format::date(w.closes, t.0)),
                ),
            }
        })
        .collect();
    let page = SchedulePage {
        t,
        header: Header::of(&scoped, csrf_token(&ctx.session).await?),
        year,
        rows,
        can_edit: scoped.administers_nationally().await?,
        notice: if q.saved.is_some() {
            t.t("saved").into()
        } else {
            String::new()
        },
    };
    Ok(Html(page.render()?).into_response())
}

/// Saves the windows given (a level with both days empty is left as it is).
pub async fn save(Posted { ctx, form }: Posted<Fields>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let year = form.year("tahun")?;
    let reason = form.get("reason").trim();
    let reason = if reason.is_empty() {
        "jadwal evaluasi SAKIP"
    } else {
        reason
    };
    let day = |name: &str| -> Result<Option<Date>, WebError> {
        let raw = form.get(name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<Date>()
            .map(Some)
            .map_err(|e| crate::extract::field_error(name, Text::new(e.to_string(), e.to_string())))
    };
    let mut windows = vec![];
    for level in LEVELS {
        let (opens, closes) = (
            day(&format!("opens_{}", level.code()))?,
            day(&format!("closes_{}", level.code()))?,
        );
        match (opens, closes) {
            (None, None) => {}
            (Some(o), Some(c)) => match Window::new(o, c) {
                Some(w) => windows.push((level, w)),
                None => {
                    return Err(WebError::Input(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        Text::new(
                            format!("{}: tanggal tutup sebelum tanggal buka", level.code()),
                            format!("{}: the window closes before it opens", level.code()),
                        ),
                    ));
                }
            },
            _ => {
                return Err(WebError::Input(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Text::new(
                        format!("{}: isi tanggal buka dan tutup", level.code()),
                        format!("{}: give both the opening and the closing day", level.code()),
                    ),
                ));
            }
        }
    }
    for (level, w) in windows {
        scoped.set_lke_window(year, level, w, reason).await?;
    }
    Ok(Redirect::to(&format!("/pengawasan/evaluasi/jadwal?tahun={year}&tersimpan=1")).into_response())
}
