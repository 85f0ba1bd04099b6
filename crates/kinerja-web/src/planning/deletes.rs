//! Deleting an objective or an indicator: a page that names what will go with it (with counts)
//! or what keeps it from going, and asks to confirm; after the deletion, a way back
//! ("Pulihkan") from the plan page and from the history for `RESTORE_DAYS` days.

use super::*;
use kinerja_store::{AuditQuery, RESTORE_DAYS};

#[derive(serde::Deserialize)]
pub struct DeleteQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    #[serde(default)]
    unit: String,
    #[serde(default, rename = "sasaran")]
    objective: Option<i64>,
    #[serde(default, rename = "indikator")]
    indicator: Option<i64>,
}

#[derive(Template)]
#[template(path = "confirm_delete.html")]
struct ConfirmPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    unit_code: String,
    /// "Sasaran …" or "Indikator …".
    what: String,
    /// What goes with it, one line each ("3 indikator: …").
    goes: Vec<String>,
    /// What keeps it from being deleted; when any, no button.
    blocks: Vec<String>,
    /// The form's action and its hidden fields.
    aksi: &'static str,
    id_field: &'static str,
    id: i64,
    version: i64,
    signed: bool,
    days: i64,
}

pub async fn confirm_page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<DeleteQuery>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    if !may_edit(&scoped, office.id) {
        return Err(WebError::Forbidden(kinerja_domain::i18n::Text::new(
            "hanya perencana kantor yang menghapus bagian rencana",
            "only the office's planners delete parts of the plan",
        )));
    }
    let year = ctx.year(q.year).await?;
    let plan = scoped.year_plan(office.id, year).await?;
    let (what, goes, blocks, aksi, id_field, id, version, unit) = match (q.objective, q.indicator) {
        (Some(o), None) => {
            let o = plan.objectives.iter().find(|x| x.id.0 == o).ok_or(WebError::NotFound)?;
            let (goes, blocks) = objective_consequences(&plan, o.id, t);
            let what = format!("{} \u{201c}{}\u{201d}", t.t("history_e_objective"), o.text);
            (what, goes, blocks, "delete_objective", "objective", o.id.0, 0, o.unit)
        }
        (None, Some(i)) => {
            let i = plan.indicators.iter().find(|x| x.id.0 == i).ok_or(WebError::NotFound)?;
            let (goes, blocks) = indicator_consequences(&plan, i, t);
            let unit = plan
                .objectives
                .iter()
                .find(|o| o.id == i.objective)
                .map(|o| o.unit)
                .ok_or(WebError::NotFound)?;
            let what = format!("{} \u{201c}{}\u{201d}", t.t("history_e_indicator"), i.text);
            (
                what,
                goes,
                blocks,
                "delete_indicator",
                "indicator",
                i.id.0,
                i.version,
                unit,
            )
        }
        _ => {
            return Err(WebError::BadRequest(
                "name one objective (sasaran) or one indicator (indikator)".into(),
            ));
        }
    };
    let unit_year = plan.unit_year(unit);
    let page = ConfirmPage {
        t,
        header: Header::of(&scoped, csrf_token(&ctx.session).await?)
            .with_years(&scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        unit_code: plan
            .unit(unit)
            .map(|u| u.code.clone())
            .unwrap_or_else(|| q.unit.clone()),
        what,
        goes,
        blocks,
        aksi,
        id_field,
        id,
        version,
        signed: unit_year.is_some_and(|y| y.pk_signed.is_some()),
        days: RESTORE_DAYS,
    };
    Ok(Html(page.render()?).into_response())
}

/// What deleting objective `id` takes (its indicators and their targets) and what keeps it
/// (figures entered, RAK actions, indicators of units below that support one of them).
fn objective_consequences(plan: &YearPlan, id: ObjectiveId, t: Tr) -> (Vec<String>, Vec<String>) {
    let indicators: Vec<&Indicator> = plan.indicators_of(id).collect();
    let mut goes = Vec::new();
    if !indicators.is_empty() {
        let names: Vec<&str> = indicators.iter().map(|i| i.text.as_str()).collect();
        goes.push(format!(
            "{}: {}",
            t.fill("delete_n_indicators", indicators.len()),
            names.join("; ")
        ));
    }
    let mut blocks = Vec::new();
    let ids: Vec<IndicatorId> = indicators.iter().map(|i| i.id).collect();
    count_blocks(plan, &ids, true, t, &mut blocks);
    (goes, blocks)
}

/// What deleting an indicator takes (its RAK actions) and what keeps it (figures entered,
/// indicators of units below that support it).
fn indicator_consequences(plan: &YearPlan, i: &Indicator, t: Tr) -> (Vec<String>, Vec<String>) {
    let actions: Vec<&str> = plan
        .actions
        .iter()
        .filter(|a| a.indicator == i.id)
        .map(|a| a.text.as_str())
        .collect();
    let mut goes = Vec::new();
    if !actions.is_empty() {
        goes.push(format!(
            "{}: {}",
            t.fill("delete_n_actions", actions.len()),
            actions.join("; ")
        ));
    }
    let mut blocks = Vec::new();
    count_blocks(plan, &[i.id], false, t, &mut blocks);
    (goes, blocks)
}

/// Figures entered for `ids`, their RAK actions (when `actions_block`: an objective's
/// indicators go only without them), and indicators that support them.
fn count_blocks(plan: &YearPlan, ids: &[IndicatorId], actions_block: bool, t: Tr, out: &mut Vec<String>) {
    let figures = plan.realisations.iter().filter(|r| ids.contains(&r.indicator)).count();
    if figures > 0 {
        out.push(t.fill("delete_block_figures", figures));
    }
    let actions = plan.actions.iter().filter(|a| ids.contains(&a.indicator)).count();
    if actions_block && actions > 0 {
        out.push(t.fill("delete_block_actions", actions));
    }
    let supporters = plan
        .indicators
        .iter()
        .filter(|i| i.supports.is_some_and(|s| ids.contains(&s)))
        .count();
    if supporters > 0 {
        out.push(t.fill("delete_block_supporters", supporters));
    }
}

/// The audit entry of the deletion of `entity` `id` just made, to offer its restore.
pub(crate) async fn deletion_entry(
    scoped: &Scoped<'_>,
    office: kinerja_domain::model::OfficeId,
    entity: &str,
    id: i64,
) -> Result<Option<i64>, WebError> {
    let found = scoped
        .office_history(
            office,
            AuditQuery {
                records: vec![(entity.to_string(), id.to_string())],
                limit: 1,
                ..Default::default()
            },
        )
        .await?;
    Ok(found.into_iter().find(|e| e.action == "delete").map(|e| e.id))
}

/// Where a restore lands: the restored objective or indicator in its unit's PK editor (the
/// page's year when the record is of another year: then the plan page of that year).
pub(crate) fn after_restore(office: &kinerja_domain::model::OfficeCode, plan: &YearPlan, id: i64) -> Response {
    let unit_of = |o: ObjectiveId| {
        plan.objectives
            .iter()
            .find(|x| x.id == o)
            .and_then(|o| plan.unit(o.unit))
    };
    let (unit, anchor) = if let Some(o) = plan.objectives.iter().find(|o| o.id.0 == id) {
        (unit_of(o.id), format!("#sasaran-{id}"))
    } else if let Some(i) = plan.indicators.iter().find(|i| i.id.0 == id) {
        (unit_of(i.objective), format!("#indikator-{id}"))
    } else {
        (None, String::new())
    };
    let unit = unit.map(|u| format!("unit={}&", u.code)).unwrap_or_default();
    Redirect::to(&format!(
        "/kantor/{office}/rencana?{unit}tahun={}&dipulihkan=1{anchor}",
        plan.year
    ))
    .into_response()
}
