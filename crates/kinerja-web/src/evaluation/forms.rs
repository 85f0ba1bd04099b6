//! The forms of the evaluation pages: answers of one component (the self-assessment or the
//! final values), a step of the review (or the self-assessment reopened), and the
//! recommendations (added or removed by the evaluators, followed up by the office).

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use kinerja_domain::evaluation::Answer;
use kinerja_domain::evaluation::review::{FollowUp, ReviewStep};
use kinerja_domain::i18n::Text;
use kinerja_domain::model::Year;
use kinerja_store::evaluations::{FollowUpEntry, NewAnswer, NewRecommendation, Stage};

use crate::WebError;
use crate::context::Posted;
use crate::extract::{Fields, field_error};

fn back(code: &str, year: Year) -> Response {
    Redirect::to(&format!("/kantor/{code}/evaluasi?tahun={year}&tersimpan=1")).into_response()
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Saves the answers of one component at the stage the form names: every criterion with a
/// value (`a_<code>`, with its note `n_<code>`); a criterion left empty stays unanswered. All
/// or nothing (the store checks each against the worksheet).
pub async fn component_save(
    Path((code, component)): Path<(String, String)>,
    Posted { ctx, form }: Posted<Fields>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let year = form.year("tahun")?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let Some(stage) = Stage::parse(form.get("stage")) else {
        return Err(WebError::BadRequest("field 'stage': self or final".into()));
    };
    let mut answers = vec![];
    for (key, value) in form.pairs() {
        let Some(criterion) = key.strip_prefix("a_") else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let Some(answer) = Answer::parse(value) else {
            return Err(field_error(
                key,
                Text::new(
                    format!("“{value}” bukan jawaban (Y/T atau A–E)"),
                    format!("“{value}” is no answer (Y/T or A–E)"),
                ),
            ));
        };
        answers.push(NewAnswer {
            criterion: criterion.to_string(),
            answer,
            note: optional(form.get(&format!("n_{criterion}"))),
        });
    }
    let reason = optional(form.get("reason"));
    scoped
        .save_lke_answers(office.id, year, stage, &answers, reason.as_deref())
        .await?;
    Ok(Redirect::to(&format!(
        "/kantor/{code}/evaluasi/komponen/{component}?tahun={year}&tersimpan=1"
    ))
    .into_response())
}

/// A step of the review (`langkah`: propose, respond, approve, return, with its words in
/// `teks`), the self-assessment reopened (`reopen`, up to `sampai`, why in `teks`), or the
/// approved grade confirmed as the PK's realisation (`confirm`).
pub async fn step(Path(code): Path<String>, Posted { ctx, form }: Posted<Fields>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let year = form.year("tahun")?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let words = form.get("teks").trim().to_string();
    let step = match form.get("langkah") {
        "propose" => ReviewStep::Propose,
        "respond" => ReviewStep::Respond { text: words },
        "approve" => ReviewStep::Approve,
        "return" => ReviewStep::Return { reason: words },
        "confirm" => {
            let reason = optional(&words).unwrap_or_else(|| "nilai evaluasi AKIP dikonfirmasi kantor".into());
            scoped.confirm_lke_grade(office.id, year, &reason).await?;
            return Ok(back(&code, year));
        }
        "reopen" => {
            let until = form
                .get("sampai")
                .trim()
                .parse()
                .map_err(|e: kinerja_domain::date::DateError| {
                    field_error("sampai", Text::new(e.to_string(), e.to_string()))
                })?;
            scoped.reopen_lke(office.id, year, until, &words).await?;
            return Ok(back(&code, year));
        }
        other => return Err(WebError::BadRequest(format!("field 'langkah': unknown step '{other}'"))),
    };
    scoped.step_lke_review(office.id, year, &step).await?;
    Ok(back(&code, year))
}

/// The recommendations: `op` add (an evaluator: `komponen`, `temuan`, `rekomendasi`), remove
/// (an evaluator: `id`, `alasan`), follow (the office: `id`, `rencana`, `batas`, `status`,
/// `bukti`).
pub async fn recommendation(
    Path(code): Path<String>,
    Posted { ctx, form }: Posted<Fields>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let year = form.year("tahun")?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let id = || {
        form.get("id")
            .trim()
            .parse::<i64>()
            .map_err(|_| WebError::BadRequest("field 'id': not a number".into()))
    };
    match form.get("op") {
        "add" => {
            let new = NewRecommendation {
                component: form.get("komponen").trim().to_string(),
                finding: form.get("temuan").to_string(),
                recommendation: form.get("rekomendasi").to_string(),
            };
            scoped.add_lke_recommendation(office.id, year, &new).await?;
        }
        "remove" => scoped.remove_lke_recommendation(id()?, form.get("alasan")).await?,
        "follow" => {
            let status = FollowUp::parse(form.get("status"))
                .ok_or_else(|| WebError::BadRequest("field 'status': open, in_progress or done".into()))?;
            let due = match optional(form.get("batas")) {
                Some(d) => Some(d.parse().map_err(|e: kinerja_domain::date::DateError| {
                    field_error("batas", Text::new(e.to_string(), e.to_string()))
                })?),
                None => None,
            };
            let entry = FollowUpEntry {
                action: optional(form.get("rencana")),
                due,
                status,
                evidence: optional(form.get("bukti")),
            };
            scoped
                .follow_up_lke_recommendation(id()?, &entry, optional(form.get("alasan")).as_deref())
                .await?;
        }
        other => return Err(WebError::BadRequest(format!("field 'op': unknown '{other}'"))),
    }
    Ok(back(&code, year))
}
