//! Official documents from the web: the list of an office's documents with a download link per
//! format, the download itself (typeset on a blocking thread, through the same scoped store as
//! every page), and the LKj's narrative texts, which planners write here.

use kinerja_domain::model::Year;
use std::collections::BTreeMap;

use crate::extract::{Fields, Query};
use askama::Template;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_documents::{DocError, Format, Kind, Request, lkj};
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Office, YearPlan};
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_store::Scoped;
use tower_sessions::Session;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::planning::may_edit;
use crate::{WebError, csrf_token};

impl From<DocError> for WebError {
    fn from(e: DocError) -> Self {
        match e {
            DocError::Store(s) => s.into(),
            DocError::Request(m) | DocError::Incomplete(m) => WebError::BadRequest(m),
            DocError::Typeset(m) => WebError::Internal(m),
        }
    }
}

#[derive(serde::Deserialize)]
pub struct DocQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    unit: Option<String>,
    #[serde(rename = "periode")]
    period: Option<String>,
    /// The documents' date (YYYY-MM-DD), printed where a document has no stored signing date.
    #[serde(rename = "tanggal")]
    date: Option<String>,
    /// Set after a save, to say so.
    #[serde(rename = "tersimpan")]
    saved: Option<u8>,
}

/// The date asked for in `tanggal`: empty is none; anything else must be a date.
fn asked_date(q: &DocQuery) -> Result<Option<kinerja_domain::date::Date>, WebError> {
    match q.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => d
            .parse::<kinerja_domain::date::Date>()
            .map(Some)
            .map_err(|e| WebError::BadRequest(format!("tanggal: {e}"))),
        None => Ok(None),
    }
}

/// One downloadable document: its name and the links of its formats.
struct Row {
    name: String,
    unit: String,
    /// The date the document will carry: its signing date, the date asked for, or blank.
    dated: String,
    links: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    rows: Vec<Row>,
    units: Vec<(String, String)>,
    periods: Vec<(String, String)>,
    /// The date asked for, as typed back into the date field ("" when none).
    date: String,
    /// The year's final documents, and whether the user may freeze, sign and publish.
    frozen: Vec<crate::frozen::FrozenRow>,
    may_freeze: bool,
    /// What may be frozen: `pk|unit`, `rak|unit`, `lkj|` with their names.
    freezable: Vec<(String, String)>,
}

fn links(code: &str, kind: Kind, year: Year, unit: Option<&str>, date: &str) -> Vec<(&'static str, String)> {
    Format::ALL
        .into_iter()
        .map(|f| {
            let mut href = format!("/kantor/{code}/dokumen/{}.{}?tahun={year}", kind.code(), f.extension());
            if let Some(u) = unit {
                href.push_str(&format!("&unit={u}"));
            }
            if !date.is_empty() {
                href.push_str(&format!("&tanggal={date}"));
            }
            (f.extension(), href)
        })
        .collect()
}

/// Units that have a PK this year, in tree order: the PK documents are theirs.
fn pk_units(plan: &YearPlan) -> impl Iterator<Item = &kinerja_domain::model::Unit> {
    plan.units_in_tree_order()
        .into_iter()
        .filter(|u| kinerja_documents::pk::has_pk(plan, u.id))
}

/// Units whose RAK has actions this year, in tree order.
fn rak_units(plan: &YearPlan) -> impl Iterator<Item = &kinerja_domain::model::Unit> {
    plan.units_in_tree_order().into_iter().filter(|u| {
        plan.objectives_of(u.id).any(|o| {
            plan.indicators_of(o.id)
                .any(|i| plan.actions.iter().any(|a| a.indicator == i.id))
        })
    })
}

/// What date a document will carry, said for the list: the stored signing date, the date asked
/// for, or that the date line is left blank.
fn dated(t: Tr, signed: Option<kinerja_domain::date::Date>, asked: Option<kinerja_domain::date::Date>) -> String {
    match (signed, asked) {
        (Some(d), _) => t.fill("doc_signed_on", kinerja_domain::format::date(d, t.0)),
        (None, Some(d)) => t.fill("doc_dated", kinerja_domain::format::date(d, t.0)),
        (None, None) => t.t("doc_date_blank").into(),
    }
}

pub async fn page(ctx: Signed, Path(code): Path<String>, Query(q): Query<DocQuery>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let code = office.code.clone();
    let asked = asked_date(&q)?;
    let date = asked.map(|d| d.to_string()).unwrap_or_default();
    let mut rows = vec![];
    for u in pk_units(&plan) {
        let signed = plan
            .unit_year(u.id)
            .and_then(|y| y.pk_signed.as_ref())
            .and_then(|s| s.date);
        rows.push(Row {
            name: t.t("doc_pk").into(),
            unit: u.name.clone(),
            dated: dated(t, signed, asked),
            links: links(&code, Kind::Pk, year, Some(&u.code), &date),
        });
    }
    for u in rak_units(&plan) {
        let signed = plan
            .unit_year(u.id)
            .and_then(|y| y.rak_signed.as_ref())
            .and_then(|s| s.date);
        rows.push(Row {
            name: t.t("doc_rak").into(),
            unit: u.name.clone(),
            dated: dated(t, signed, asked),
            links: links(&code, Kind::Rak, year, Some(&u.code), &date),
        });
    }
    for (kind, name) in [
        (Kind::Rkt, t.t("doc_rkt")),
        (Kind::Iku, t.t("doc_iku")),
        (Kind::Lkj, t.t("doc_lkj")),
    ] {
        rows.push(Row {
            name: name.into(),
            unit: office.name.clone(),
            dated: dated(t, None, asked),
            links: links(&code, kind, year, None, &date),
        });
    }
    let mut freezable: Vec<(String, String)> = pk_units(&plan)
        .map(|u| (format!("pk|{}", u.code), format!("{} — {}", t.t("doc_pk"), u.name)))
        .collect();
    freezable.extend(rak_units(&plan).map(|u| (format!("rak|{}", u.code), format!("{} — {}", t.t("doc_rak"), u.name))));
    freezable.push(("lkj|".into(), t.t("doc_lkj").to_string()));
    let frozen = crate::frozen::rows(state, &scoped, t, office.id, year).await?;
    let may_freeze = scoped.may_freeze(office.id).is_ok();
    let mut periods: Vec<Period> = (1..=12).filter_map(|m| PeriodKind::Month.period(m)).collect();
    periods.extend((1..=4).filter_map(|q| PeriodKind::Quarter.period(q)));
    let page = DocumentsPage {
        t,
        header: Header::of(&scoped, csrf_token(session).await?)
            .with_years(&scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: code.to_string(),
        year,
        rows,
        units: pk_units(&plan).map(|u| (u.code.clone(), u.name.clone())).collect(),
        periods: periods.into_iter().map(|p| (p.to_string(), p.label(t.0))).collect(),
        date,
        frozen,
        may_freeze,
        freezable,
    };
    Ok(Html(page.render()?).into_response())
}

/// `GET /kantor/{code}/dokumen/{kind}.{format}?tahun=&unit=&periode=`: the document as a file.
/// The office is looked up through the user's scope first, so another office's documents are
/// "not found" whatever the rest of the request says.
pub async fn download(
    ctx: Signed,
    Path((code, file)): Path<(String, String)>,
    Query(q): Query<DocQuery>,
) -> Result<Response, WebError> {
    let state = &ctx.state;
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let (kind, format) = file
        .split_once('.')
        .ok_or_else(|| WebError::BadRequest(format!("{file:?}: expected a name like lkj.pdf")))?;
    let kind: Kind = kind.parse()?;
    let format: Format = format.parse()?;
    let period = match q.period.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(
            p.parse::<Period>()
                .map_err(|e| WebError::BadRequest(format!("periode: {e}")))?,
        ),
        None => None,
    };
    if kind.needs_period() && period.is_none() {
        return Err(WebError::BadRequest(
            "a monitoring report needs a period (periode=B1…B12 or TW1…TW4)".into(),
        ));
    }
    let year = ctx.year(q.year).await?;
    let date = asked_date(&q)?;
    let inputs = kinerja_documents::load(&scoped, &office, year, date).await?;
    let request = Request {
        kind,
        unit: q.unit.filter(|u| !u.is_empty()),
        period,
        format,
    };
    // Rendered two at a time: an LKj takes hundreds of megabytes while typst lays it out.
    let _permit = state
        .renders
        .acquire()
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let started = std::time::Instant::now();
    let rendered = tokio::task::spawn_blocking(move || kinerja_documents::render(&inputs, &request))
        .await
        .map_err(|e| WebError::Internal(format!("document rendering stopped: {e}")))?;
    state.metrics.render(kind.code(), rendered.is_ok(), started.elapsed());
    let rendered = rendered?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, format.mime().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", rendered.file_name),
            ),
            (
                header::HeaderName::from_static("x-kinerja-gaps"),
                rendered.gaps.len().to_string(),
            ),
        ],
        rendered.bytes,
    )
        .into_response())
}

/// One narrative text of the LKj, as the form shows it.
struct Field {
    key: String,
    title: String,
    /// The unit an objective's analysis belongs to.
    context: String,
    /// The first analysis of its unit: the form shows the unit's name above it.
    first_of_unit: bool,
    body: String,
    /// The body is Kinerja's draft from the data, not yet accepted or edited.
    draft: bool,
    error: String,
}

#[derive(Template)]
#[template(path = "narratives.html")]
struct NarrativesPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    fields: Vec<Field>,
    can_edit: bool,
    reason: String,
    notice: String,
    error: String,
}

/// The narratives the LKj of `office` and `year` reads, in the report's order (the sections,
/// then the analysis of every objective the report prints), each with Kinerja's draft from the
/// data when it has one.
async fn narrative_slots(scoped: &Scoped<'_>, office: &Office, year: Year) -> Result<Vec<lkj::Slot>, WebError> {
    let inputs = kinerja_documents::load(scoped, office, year, None).await?;
    Ok(lkj::narrative_slots(&inputs))
}

/// The form's fields: what was typed, else the stored text, else the draft (marked).
fn narrative_fields(
    slots: &[lkj::Slot],
    lang: Lang,
    stored: &BTreeMap<String, String>,
    typed: Option<&BTreeMap<String, String>>,
) -> Vec<Field> {
    let analysis = if lang == Lang::Id {
        "Analisis sasaran"
    } else {
        "Analysis of objective"
    };
    let mut last_unit: Option<&str> = None;
    slots
        .iter()
        .map(|s| {
            let saved = stored.get(&s.key).filter(|b| !b.trim().is_empty());
            let draft = saved.is_none() && s.draft.is_some();
            let body = match (typed.and_then(|t| t.get(&s.key)), saved) {
                (Some(t), _) => t.clone(),
                (None, Some(b)) => b.clone(),
                (None, None) => s.draft.clone().unwrap_or_default(),
            };
            let first_of_unit = s.unit.is_some() && s.unit.as_deref() != last_unit;
            if s.unit.is_some() {
                last_unit = s.unit.as_deref();
            }
            Field {
                key: s.key.clone(),
                title: match &s.unit {
                    Some(_) => format!("{analysis}: {}", s.title),
                    None => s.title.clone(),
                },
                context: s.unit.clone().unwrap_or_default(),
                first_of_unit,
                body,
                draft,
                error: String::new(),
            }
        })
        .collect()
}

struct Shown {
    typed: Option<BTreeMap<String, String>>,
    errors: BTreeMap<String, String>,
    reason: String,
    notice: String,
    error: String,
}

#[allow(clippy::too_many_arguments)]
async fn render_narratives(
    t: Tr,
    scoped: &Scoped<'_>,
    session: &Session,
    office: &Office,
    year: Year,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, WebError> {
    let slots = narrative_slots(scoped, office, year).await?;
    let stored: BTreeMap<String, String> = scoped
        .narratives(office.id, year)
        .await?
        .into_iter()
        .map(|n| (n.key, n.body))
        .collect();
    let mut fields = narrative_fields(&slots, t.0, &stored, shown.typed.as_ref());
    for f in &mut fields {
        f.error = shown.errors.get(&f.key).cloned().unwrap_or_default();
    }
    let page = NarrativesPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?)
            .with_years(scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        fields,
        can_edit: may_edit(scoped, office.id),
        reason: shown.reason,
        notice: shown.notice,
        error: shown.error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn narratives_page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<DocQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let shown = Shown {
        typed: None,
        errors: BTreeMap::new(),
        reason: String::new(),
        notice: if q.saved.is_some() {
            t.t("saved").into()
        } else {
            String::new()
        },
        error: String::new(),
    };
    render_narratives(t, &scoped, session, &office, year, shown, StatusCode::OK).await
}

/// Saves the narratives that changed. Every field is checked before anything is written: a text
/// over the limit, or a key the LKj does not read, refuses the whole form.
pub async fn narratives_save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let session = &ctx.session;
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let get = |k: &str| fields.get(k).to_string();
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let year: Year = fields.year("tahun")?;
    if !may_edit(&scoped, office.id) {
        return Err(WebError::Forbidden(kinerja_domain::i18n::Text::new(
            "Hanya perencana atau admin kantor yang dapat mengubah narasi LKj.",
            "Only the office's planners or admins may change the LKj's narratives.",
        )));
    }
    let slots = narrative_slots(&scoped, &office, year).await?;
    let mut typed = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for (name, value) in fields.pairs() {
        let Some(key) = name.strip_prefix("n_") else { continue };
        if !lkj::is_narrative_key(key) || !slots.iter().any(|s| s.key == key) {
            return Err(WebError::BadRequest(format!(
                "field '{name}': the LKj {year} of {} has no such narrative",
                office.name
            )));
        }
        // Browsers send line ends as CRLF; the texts are stored with LF.
        let body = value.replace("\r\n", "\n");
        if let Err(e) = kinerja_domain::input::check(kinerja_domain::input::Field::Narrative, &body) {
            errors.insert(key.to_string(), e.text().get(t.0).to_string());
        }
        typed.insert(key.to_string(), body);
    }
    let reason = get("reason").trim().to_string();
    if !errors.is_empty() {
        let shown = Shown {
            typed: Some(typed),
            errors,
            reason,
            notice: String::new(),
            error: t.t("err_form").into(),
        };
        return render_narratives(
            t,
            &scoped,
            session,
            &office,
            year,
            shown,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let stored: BTreeMap<String, String> = scoped
        .narratives(office.id, year)
        .await?
        .into_iter()
        .map(|n| (n.key, n.body))
        .collect();
    let why = if reason.is_empty() {
        t.t("narrative_default_reason").to_string()
    } else {
        reason
    };
    // A draft sent back unchanged stays a draft unless the planner accepted it; an edited draft
    // is the planner's text.
    let changed: Vec<(String, String)> = typed
        .into_iter()
        .filter(|(key, body)| stored.get(key).map(String::as_str).unwrap_or("").trim() != body.trim())
        .filter(|(key, body)| {
            let draft = slots.iter().find(|s| &s.key == key).and_then(|s| s.draft.as_deref());
            let unchanged_draft = draft.is_some_and(|d| d.trim() == body.trim());
            !unchanged_draft || fields.get(&format!("accept_{key}")) == "1"
        })
        .collect();
    if !changed.is_empty() {
        scoped.set_narratives(office.id, year, &changed, &why).await?;
    }
    Ok(Redirect::to(&format!("/kantor/{}/lkj?tahun={year}&tersimpan=1", office.code)).into_response())
}
