//! Final documents: a PK, RAK or LKj frozen as the PDF printed with its verification code and QR
//! code on every page (kept byte for byte, never rendered again), its electronically signed copy
//! brought back, the public verification page of a code, and the office's public page of the
//! documents it publishes.
//!
//! Routes: `POST /kantor/{code}/dokumen/final` (freeze), `GET|POST
//! /kantor/{code}/dokumen/final/{id}` (download; publish or withdraw),
//! `POST /kantor/{code}/dokumen/final/{id}/ttd` (the signed copy), and the public
//! `GET /verifikasi/{code}`, `GET /publik/{office}`, `GET /publik/{office}/{id}`.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_documents::{Format, Kind, Request};
use kinerja_domain::model::Year;
use kinerja_store::FrozenDocument;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::{AppState, WebError, check_csrf};

/// The largest signed copy taken (an LKj of a hundred pages with its signature).
pub(crate) const MAX_SIGNED_BYTES: usize = 32 * 1024 * 1024;

/// The address of a code's verification page: under the configured public address, else the
/// address this request came to.
fn verification_url(state: &AppState, headers: &HeaderMap, code: &str) -> String {
    let base = match &state.config.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
                .unwrap_or("localhost");
            let scheme = if state.config.secure_cookies { "https" } else { "http" };
            format!("{scheme}://{host}")
        }
    };
    format!("{base}/verifikasi/{code}")
}

/// `POST /kantor/{code}/dokumen/final`: freezes the year's PK or RAK of a unit, or its LKj.
pub async fn freeze(
    Path(code): Path<String>,
    headers: HeaderMap,
    Posted { ctx, form }: Posted<crate::extract::Fields>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    scoped.may_freeze(office.id)?;
    let year = form.year("tahun")?;
    // `pk|subbag-rendatin`, `rak|…` or `lkj|`: the document and its unit, as the page offers.
    let (kind, unit) = form.get("pilihan").split_once('|').unwrap_or((form.get("pilihan"), ""));
    let kind: Kind = kind.parse()?;
    if !matches!(kind, Kind::Pk | Kind::Rak | Kind::Lkj) {
        return Err(WebError::BadRequest("pilihan: a PK, RAK or LKj".into()));
    }
    let unit = Some(unit.trim().to_string()).filter(|u| !u.is_empty());
    let date = match form.get("tanggal").trim() {
        "" => None,
        d => Some(
            d.parse::<kinerja_domain::date::Date>()
                .map_err(|e| WebError::BadRequest(format!("tanggal: {e}")))?,
        ),
    };
    let inputs = kinerja_documents::load(&scoped, &office, year, date).await?;
    let unit_name = match &unit {
        Some(u) => Some(
            kinerja_domain::model::find_unit(&inputs.plan.units, u)
                .map(|found| found.name.clone())
                .ok_or(WebError::NotFound)?,
        ),
        None => None,
    };
    let request = Request {
        kind,
        unit: unit.clone(),
        period: None,
        format: Format::Pdf,
    };
    let code_of = kinerja_store::frozen::new_code();
    let verification = kinerja_documents::doc::Verification {
        url: verification_url(&ctx.state, &headers, &code_of),
        code: code_of.clone(),
    };
    let _permit = ctx
        .state
        .renders
        .acquire()
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let started = std::time::Instant::now();
    let rendered =
        tokio::task::spawn_blocking(move || kinerja_documents::render_verified(&inputs, &request, verification))
            .await
            .map_err(|e| WebError::Internal(format!("document rendering stopped: {e}")))?;
    ctx.state
        .metrics
        .render(kind.code(), rendered.is_ok(), started.elapsed());
    let rendered = rendered?;
    // A final document is signed as printed: nothing may still read "belum diisi" or be a
    // draft nobody accepted.
    if !rendered.gaps.is_empty() {
        let listed: Vec<&str> = rendered.gaps.iter().take(5).map(String::as_str).collect();
        let more = rendered.gaps.len().saturating_sub(listed.len());
        let tail = if more > 0 {
            format!("; … (+{more})")
        } else {
            String::new()
        };
        return Err(WebError::Input(
            StatusCode::UNPROCESSABLE_ENTITY,
            kinerja_domain::i18n::Text::new(
                format!(
                    "dokumen ini belum dapat dibekukan: {} isian belum lengkap atau masih draf: {}{tail}",
                    rendered.gaps.len(),
                    listed.join("; ")
                ),
                format!(
                    "this document cannot be frozen yet: {} entries are missing or still drafts: {}{tail}",
                    rendered.gaps.len(),
                    listed.join("; ")
                ),
            ),
        ));
    }
    let t = Tr(kinerja_domain::i18n::Lang::Id);
    let kind_name = match kind {
        Kind::Pk => t.t("doc_pk"),
        Kind::Rak => t.t("doc_rak"),
        _ => t.t("doc_lkj"),
    };
    let title = match &unit_name {
        Some(u) => format!("{kind_name} — {u} {year}"),
        None => format!("{kind_name} — {} {year}", office.name),
    };
    let reason = Some(form.get("reason").trim())
        .filter(|r| !r.is_empty())
        .unwrap_or("dokumen final dibekukan");
    let frozen = scoped
        .freeze_document(
            kinerja_store::NewFrozen {
                office: office.id,
                year,
                kind: kind.code().to_string(),
                unit,
                title,
                file_name: rendered.file_name.clone(),
                code: code_of,
                sha256: String::new(),
                pdf: rendered.bytes,
            },
            reason,
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/kantor/{}/dokumen?tahun={year}#final-{}",
        office.code, frozen.id
    ))
    .into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct DownloadQuery {
    /// `1`: the frozen original even where a signed copy exists.
    #[serde(default)]
    asli: Option<String>,
}

/// `GET /kantor/{code}/dokumen/final/{id}`: the signed copy where there is one, else the frozen
/// PDF (`?asli=1`: the frozen PDF).
pub async fn download(
    ctx: Signed,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let signed = q.asli.as_deref() != Some("1");
    let (doc, bytes) = scoped.frozen_pdf(office.id, id, signed).await?;
    Ok(pdf_answer(&doc, bytes, signed))
}

fn pdf_answer(doc: &FrozenDocument, bytes: Vec<u8>, signed: bool) -> Response {
    let name = if signed && doc.signed_sha256.is_some() {
        doc.file_name.replace(".pdf", "-ttd.pdf")
    } else {
        doc.file_name.clone()
    };
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

/// `POST /kantor/{code}/dokumen/final/{id}`: `aksi=terbitkan` publishes it on the office's public
/// page, `aksi=tarik` withdraws it.
pub async fn publish(
    Path((code, id)): Path<(String, String)>,
    Posted { ctx, form }: Posted<crate::extract::Fields>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let published = match form.get("aksi") {
        "terbitkan" => true,
        "tarik" => false,
        other => return Err(WebError::BadRequest(format!("unknown action '{other}'"))),
    };
    let reason = if published {
        "diterbitkan"
    } else {
        "ditarik dari halaman publik"
    };
    let doc = scoped.set_published(office.id, id, published, reason).await?;
    Ok(Redirect::to(&format!(
        "/kantor/{}/dokumen?tahun={}#final-{id}",
        office.code, doc.year
    ))
    .into_response())
}

/// `POST /kantor/{code}/dokumen/final/{id}/ttd`: the signed copy (multipart `berkas`, `csrf`).
pub async fn attach_signed(
    ctx: Signed,
    Path((code, id)): Path<(String, String)>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    scoped.may_freeze(office.id)?;
    let mut multipart = Multipart::from_request(req, &ctx.state)
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?;
    let (mut csrf, mut file) = (String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(crate::extract::multipart_error)? {
        match field.name().unwrap_or_default() {
            "csrf" => csrf = field.text().await.map_err(crate::extract::multipart_error)?,
            "berkas" => file = Some(field.bytes().await.map_err(crate::extract::multipart_error)?),
            _ => {}
        }
    }
    check_csrf(&ctx.session, &csrf).await?;
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return Err(WebError::BadRequest("berkas: choose the signed PDF".into()));
    };
    let doc = scoped
        .attach_signed(office.id, id, &bytes, "salinan bertanda tangan elektronik")
        .await?;
    Ok(Redirect::to(&format!(
        "/kantor/{}/dokumen?tahun={}#final-{id}",
        office.code, doc.year
    ))
    .into_response())
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    t: Tr,
    code: String,
    found: Option<Shown>,
}

/// A frozen document as the public sees it: what it is, whose, when, and its hashes.
pub(crate) struct Shown {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub office: String,
    pub office_code: String,
    pub year: Year,
    pub frozen_at: String,
    pub sha256: String,
    pub signed_sha256: String,
    pub signature: String,
    pub code: String,
    pub published: bool,
}

async fn shown(state: &AppState, t: Tr, d: FrozenDocument) -> Result<Shown, WebError> {
    let office = state
        .store
        .offices()
        .await?
        .into_iter()
        .find(|o| o.id == d.office)
        .ok_or(WebError::NotFound)?;
    Ok(Shown {
        id: d.id,
        kind: match d.kind.as_str() {
            "pk" => t.t("doc_pk"),
            "rak" => t.t("doc_rak"),
            _ => t.t("doc_lkj"),
        }
        .to_string(),
        title: d.title,
        office: office.full_name,
        office_code: office.code.to_string(),
        year: d.year,
        frozen_at: d.frozen_at.replace('T', " ").replace('Z', " UTC"),
        sha256: d.sha256,
        signed_sha256: d.signed_sha256.unwrap_or_default(),
        signature: d.signature.unwrap_or_default(),
        code: d.code,
        published: d.published,
    })
}

/// `GET /verifikasi/{code}`: public. What a frozen document with this code is (kind, office,
/// year, when frozen, its SHA-256 and its signed copy's) — nothing else of the office.
pub async fn verify(
    axum::extract::State(state): axum::extract::State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let t = crate::anon::lang(&headers);
    let code = code.trim().to_uppercase();
    let found = if kinerja_store::frozen::is_code(&code) {
        match state.store.frozen_by_code(&code).await? {
            Some(d) => Some(shown(&state, t, d).await?),
            None => None,
        }
    } else {
        None
    };
    let status = if found.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok((status, Html(VerifyPage { t, code, found }.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "public_documents.html")]
struct PublicPage {
    t: Tr,
    office: String,
    code: String,
    documents: Vec<Shown>,
}

/// `GET /publik/{office}`: public. The documents the office published (PK, LKj…), each with its
/// verification code.
pub async fn public_list(
    axum::extract::State(state): axum::extract::State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let t = crate::anon::lang(&headers);
    let office = state.store.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let mut documents = vec![];
    for d in state.store.frozen_documents(office.id, None).await? {
        if d.published {
            documents.push(shown(&state, t, d).await?);
        }
    }
    let page = PublicPage {
        t,
        office: office.full_name.clone(),
        code: office.code.to_string(),
        documents,
    };
    Ok(Html(page.render()?).into_response())
}

/// `GET /publik/{office}/{id}`: public. A published document (its signed copy where there is one).
pub async fn public_download(
    axum::extract::State(state): axum::extract::State<AppState>,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let office = state.store.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let id: i64 = id.trim_end_matches(".pdf").parse().map_err(|_| WebError::NotFound)?;
    let doc = match state.store.frozen_document(id).await? {
        Some(d) if d.office == office.id && d.published => d,
        _ => return Err(WebError::NotFound),
    };
    let bytes = state.store.frozen_pdf(id, true).await?.ok_or(WebError::NotFound)?;
    Ok(pdf_answer(&doc, bytes, true))
}

/// A frozen document's line on the documents page.
pub(crate) struct FrozenRow {
    pub shown: Shown,
    pub frozen_by: String,
    pub signed: bool,
}

/// The year's frozen documents of an office, for its documents page.
pub(crate) async fn rows(
    state: &AppState,
    scoped: &kinerja_store::Scoped<'_>,
    t: Tr,
    office: kinerja_domain::model::OfficeId,
    year: Year,
) -> Result<Vec<FrozenRow>, WebError> {
    let mut rows = vec![];
    for d in scoped.frozen_documents(office, Some(year)).await? {
        let (frozen_by, signed) = (
            d.frozen_by.trim_start_matches("web:").to_string(),
            d.signed_sha256.is_some(),
        );
        rows.push(FrozenRow {
            shown: shown(state, t, d).await?,
            frozen_by,
            signed,
        });
    }
    Ok(rows)
}
