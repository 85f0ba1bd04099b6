//! The evidence of a criterion of the self-assessment on the web: a document of the year
//! Kinerja holds, chosen from a list, or a file uploaded (the same rules as the evidence of
//! realisations: its kind read from its bytes, its size bounded); removed with a reason. A file
//! is served only to users who may read its office.

use axum::extract::{FromRequest, Multipart, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kinerja_domain::i18n::{Lang, Text};
use kinerja_domain::model::Year;
use kinerja_store::evaluations::{EvidenceItem, LkeEvidence, NewLkeEvidence};

use crate::context::Signed;
use crate::{WebError, check_csrf, evidence};

/// A piece of evidence as the component page lists it.
pub(super) struct Shown {
    pub id: i64,
    pub label: String,
    pub href: String,
    pub by: String,
}

/// Where a piece of evidence is read: the document's page or download, the file's route.
pub(super) fn shown(e: &LkeEvidence, code: &str, year: Year, lang: Lang) -> Shown {
    let (label, href) = match &e.item {
        EvidenceItem::Document(doc) => {
            let label = kinerja_domain::evaluation::evidence::document(doc)
                .map_or_else(|| doc.clone(), |t| t.get(lang).to_string());
            let href = match doc.as_str() {
                "renstra" => format!("/kantor/{code}/renstra"),
                "cek" => format!("/kantor/{code}/rencana?tahun={year}"),
                "monitoring" => format!("/kantor/{code}/dokumen?tahun={year}"),
                "bukti" => format!("/kantor/{code}/pantau?tahun={year}"),
                other => format!("/kantor/{code}/dokumen/{other}.pdf?tahun={year}"),
            };
            (label, href)
        }
        EvidenceItem::File {
            name,
            original_name,
            size,
            ..
        } => (
            format!("{original_name} ({})", evidence::size_label(*size)),
            format!("/kantor/{code}/evaluasi/bukti/{name}"),
        ),
    };
    Shown {
        id: e.id,
        label,
        href,
        by: e.added_by.clone(),
    }
}

/// The fields of the evidence form, and its file.
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    file: Option<(String, axum::body::Bytes)>,
}

impl Posted {
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

async fn read(ctx: &Signed, req: axum::extract::Request) -> Result<Posted, WebError> {
    let mut multipart = Multipart::from_request(req, &ctx.state)
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?;
    let too_large = crate::extract::multipart_error;
    let mut posted = Posted::default();
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "berkas" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(too_large)?;
            if !bytes.is_empty() {
                posted.file = Some((file_name, bytes));
            }
        } else if ["csrf", "tahun", "komponen", "kriteria", "dokumen", "op", "id", "alasan"].contains(&name.as_str()) {
            let text = field.text().await.map_err(too_large)?;
            posted.fields.push((name, text));
        }
    }
    Ok(posted)
}

/// Adds a document or a file to a criterion (`kriteria`), or removes one (`op=remove`, `id`,
/// `alasan`); back to the component's page.
pub async fn save(ctx: Signed, Path(code): Path<String>, req: axum::extract::Request) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let form = read(&ctx, req).await?;
    check_csrf(&ctx.session, form.get("csrf")).await?;
    let year: Year =
        crate::extract::parse_year(form.get("tahun")).map_err(|why| crate::extract::field_error("tahun", why))?;
    let component: String = form
        .get("komponen")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let back = format!("/kantor/{code}/evaluasi/komponen/{component}?tahun={year}&tersimpan=1");
    if form.get("op") == "remove" {
        let id = form
            .get("id")
            .trim()
            .parse::<i64>()
            .map_err(|_| WebError::BadRequest("field 'id': not a number".into()))?;
        scoped
            .remove_lke_evidence(office.id, year, id, form.get("alasan"))
            .await?;
        return Ok(Redirect::to(&back).into_response());
    }
    let criterion = form.get("kriteria").trim().to_string();
    let item = match (&form.file, form.get("dokumen").trim()) {
        (Some((file_name, bytes)), _) => {
            let max = ctx.state.config.max_upload_bytes;
            let name = evidence::clean_name(file_name);
            if bytes.len() > max {
                return Err(WebError::Input(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    Text::new(
                        format!("{name}: berkas lebih besar dari {}", evidence::size_label(max as i64)),
                        format!("{name}: the file is larger than {}", evidence::size_label(max as i64)),
                    ),
                ));
            }
            let Some(kind) = evidence::sniff(bytes) else {
                return Err(WebError::Input(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    Text::new(
                        format!("{name}: jenis berkas tidak diterima (PDF, gambar, Word, Excel, OpenDocument)"),
                        format!("{name}: file type not accepted (PDF, images, Word, Excel, OpenDocument)"),
                    ),
                ));
            };
            let written = ctx
                .state
                .config
                .files
                .write(bytes, kind)
                .map_err(|e| WebError::Internal(format!("evidence file could not be written: {e}")))?;
            let item = EvidenceItem::File {
                name: written.name.clone(),
                original_name: name,
                content_type: kind.content_type.to_string(),
                size: bytes.len() as i64,
                sha256: written.sha256.clone(),
            };
            let new = NewLkeEvidence { criterion, item };
            if let Err(e) = scoped.add_lke_evidence(office.id, year, &new).await {
                ctx.state.config.files.discard(&[written]);
                return Err(e.into());
            }
            return Ok(Redirect::to(&back).into_response());
        }
        (None, "") => {
            return Err(crate::extract::field_error(
                "dokumen",
                Text::new("pilih dokumen atau unggah berkas", "choose a document or upload a file"),
            ));
        }
        (None, doc) => EvidenceItem::Document(doc.to_string()),
    };
    scoped
        .add_lke_evidence(office.id, year, &NewLkeEvidence { criterion, item })
        .await?;
    Ok(Redirect::to(&back).into_response())
}

/// Sends an uploaded evidence file of the self-assessment to a user who may read its office.
pub async fn download(ctx: Signed, Path((code, name)): Path<(String, String)>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let found = scoped.lke_evidence_file(&name).await?;
    let EvidenceItem::File {
        name,
        original_name,
        content_type,
        ..
    } = &found.item
    else {
        return Err(WebError::NotFound);
    };
    if found.office != office.id {
        return Err(WebError::NotFound);
    }
    let bytes = ctx
        .state
        .config
        .files
        .read(name)
        .map_err(|e| WebError::Internal(format!("evidence file {name} is recorded but cannot be read: {e}")))?;
    Ok(evidence::attachment(bytes, original_name, content_type))
}
