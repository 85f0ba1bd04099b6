//! Reporting deadlines (batas waktu pelaporan): every period of the year with its deadline, the
//! office's own date where it set one, else the default rule. Planners and admins change them;
//! everyone who reads the office sees them.

use crate::extract::{Fields, Query};
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::access::Permission;
use kinerja_domain::date::Date;
use kinerja_domain::format;
use kinerja_domain::model::OfficeId;
use kinerja_domain::model::Year;
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::reporting::{self, Deadline};
use kinerja_store::Scoped;
use tower_sessions::Session;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{WebError, csrf_token};

/// Whether the user may change an office's deadlines.
pub(crate) fn may_set(scoped: &Scoped<'_>, office: OfficeId) -> bool {
    scoped.scope().allows(Permission::EditPlan(office)) || scoped.scope().allows(Permission::Administer(office))
}

#[derive(serde::Deserialize)]
pub struct DeadlinesQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    /// Set after a save, to say so.
    #[serde(rename = "tersimpan")]
    saved: Option<u8>,
}

struct Row {
    period: String,
    label: String,
    /// The date in the form: what was typed after an error, else the office's own, else empty.
    value: String,
    default: String,
    effective: String,
    error: String,
}

#[derive(Template)]
#[template(path = "deadlines.html")]
struct DeadlinesPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    rows: Vec<Row>,
    can_edit: bool,
    reason: String,
    notice: String,
    error: String,
}

/// Every period a unit may report by: the months, the quarters, the year.
fn periods() -> Vec<Period> {
    let mut out: Vec<Period> = (1..=12).filter_map(|m| PeriodKind::Month.period(m)).collect();
    out.extend((1..=4).filter_map(|q| PeriodKind::Quarter.period(q)));
    out.push(Period::Year);
    out
}

struct Shown<'a> {
    typed: Option<&'a [(String, String)]>,
    errors: &'a [(String, String)],
    reason: String,
    notice: String,
    error: String,
}

async fn render(
    t: Tr,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    year: Year,
    shown: Shown<'_>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let own = scoped.deadlines(office.id, year).await?;
    let rows = periods()
        .into_iter()
        .map(|p| {
            let key = p.to_string();
            let set = own.iter().find(|d| d.period == p).map(|d| d.due.to_string());
            let value = match shown.typed {
                Some(typed) => typed.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()),
                None => set,
            };
            Row {
                label: p.label(t.0),
                value: value.unwrap_or_default(),
                default: format::date(reporting::default_due(year, p), t.0),
                effective: format::date(reporting::due(year, p, &own), t.0),
                error: shown
                    .errors
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, e)| e.clone())
                    .unwrap_or_default(),
                period: key,
            }
        })
        .collect();
    let page = DeadlinesPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?)
            .with_years(scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        rows,
        can_edit: may_set(scoped, office.id),
        reason: shown.reason,
        notice: shown.notice,
        error: shown.error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<DeadlinesQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let shown = Shown {
        typed: None,
        errors: &[],
        reason: String::new(),
        notice: if q.saved.is_some() {
            t.t("saved").into()
        } else {
            String::new()
        },
        error: String::new(),
    };
    render(t, &scoped, session, &code, year, shown, StatusCode::OK).await
}

/// Saves the dates given (an empty field follows the default rule). All or nothing: one bad
/// date refuses the whole form, each error next to its field.
pub async fn save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let session = &ctx.session;
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let get = |k: &str| fields.get(k).to_string();
    let year: Year = fields.year("tahun")?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let typed: Vec<(String, String)> = fields
        .pairs()
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("due_").map(|p| (p.to_string(), v.trim().to_string())))
        .collect();
    let mut deadlines = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in &typed {
        let Ok(period) = key.parse::<Period>() else {
            return Err(WebError::BadRequest(format!("field 'due_{key}': not a period")));
        };
        if value.is_empty() {
            continue;
        }
        match value.parse::<Date>() {
            Ok(due) if due < first_day_after(year, period) => {
                errors.push((key.clone(), t.t("err_due_before_end").to_string()));
            }
            Ok(due) => deadlines.push(Deadline { period, due }),
            Err(e) => errors.push((key.clone(), e.to_string())),
        }
    }
    let reason = get("reason");
    if !errors.is_empty() {
        let shown = Shown {
            typed: Some(&typed),
            errors: &errors,
            reason,
            notice: String::new(),
            error: t.t("err_form").into(),
        };
        return render(
            t,
            &scoped,
            session,
            &code,
            year,
            shown,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let why = if reason.trim().is_empty() {
        t.t("deadline_default_reason").to_string()
    } else {
        reason.trim().to_string()
    };
    scoped.set_deadlines(office.id, year, &deadlines, &why).await?;
    Ok(Redirect::to(&format!("/kantor/{code}/batas?tahun={year}&tersimpan=1")).into_response())
}

/// A report cannot be due before its period has ended.
fn first_day_after(year: Year, period: Period) -> Date {
    let end = period.end_month();
    if end == 12 {
        Date::new(year.get() + 1, 1, 1)
    } else {
        Date::new(year.get(), end + 1, 1)
    }
    .unwrap_or(Date::FALLBACK)
}
