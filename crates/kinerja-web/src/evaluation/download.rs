//! The evaluation's documents: the filled LKE worksheet (XLSX, PDF, DOCX) and the report (LHE,
//! PDF or DOCX), with what the user may see of them (the evaluators' values and
//! recommendations once proposed).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_documents::Format;
use kinerja_domain::evaluation::Template;
use kinerja_store::evaluations::Stage;

use super::EvaluationQuery;
use crate::WebError;
use crate::context::Signed;
use crate::extract::Query;

pub async fn download(
    ctx: Signed,
    Path((code, file)): Path<(String, String)>,
    Query(q): Query<EvaluationQuery>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let year = ctx.year(q.year).await?;
    let (kind, format) = file
        .split_once('.')
        .ok_or_else(|| WebError::BadRequest(format!("{file:?}: lke.xlsx, lhe.pdf, lhe.docx")))?;
    let format: Format = format.parse()?;
    let doc = match kind {
        "lke" => {
            let template = scoped
                .lke_template(year)
                .await?
                .map_or_else(Template::shipped, |t| t.template);
            let own = scoped.lke_answers(office.id, year, Stage::SelfAssessment).await?;
            let fin = scoped.lke_answers(office.id, year, Stage::Final).await?;
            let evidence = scoped.lke_evidence(office.id, year).await?;
            kinerja_documents::lke::worksheet(&office, year, &template, &own, &fin, &evidence)
        }
        "lhe" if format != Format::Xlsx => {
            let today = kinerja_store::clock::today_in(office.time_zone);
            let input = kinerja_documents::lhe::load(&scoped, &office, year, today).await?;
            kinerja_documents::lhe::report(&input)
        }
        _ => return Err(WebError::NotFound),
    };
    let _permit = ctx
        .state
        .renders
        .acquire()
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let bytes = tokio::task::spawn_blocking(move || kinerja_documents::write(&doc, format))
        .await
        .map_err(|e| WebError::Internal(format!("document rendering stopped: {e}")))??;
    let name = format!("{kind}-{}-{year}.{}", office.code, format.extension());
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, format.mime().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}
