//! The planning page's forms as plan edits: each form's fields read and checked, turned into one PlanEdit or refused beside the form with what was typed.

use super::*;
use kinerja_domain::model::Year;
use kinerja_domain::model::{IndicatorId, UnitId};

pub(crate) fn get<'f>(fields: &'f Fields, name: &str) -> &'f str {
    fields.get(name)
}

pub(crate) fn number(fields: &Fields, name: &str) -> Result<i64, WebError> {
    get(fields, name)
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest(format!("field '{name}': not a number")))
}

/// An amount of rupiah as offices write it (`Rp 1.500.000`, `1.500.000`, `1500000`).
pub(crate) fn money(raw: &str) -> Option<Decimal> {
    Value::parse_money(raw)
        .or_else(|_| Value::parse(raw))
        .ok()
        .and_then(|v| v.number())
}

pub(crate) fn optional_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// An indicator's fields from its form, or the message to show next to it.
pub(crate) fn indicator_fields(fields: &Fields, ctx: &ParseContext<'_>, t: Tr) -> Result<IndicatorFields, String> {
    let value = |name: &str, label: &str| -> Result<Option<Value>, String> {
        let raw = get(fields, name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        Value::parse_with(raw, ctx).map(Some).map_err(|e| {
            let unreadable = t.fill("target_unreadable", raw);
            format!("{}: {}", t.t(label), crate::values::refusal(t, unreadable, &e, None))
        })
    };
    let decimal = |name: &str, label: &str| -> Result<Option<Decimal>, String> {
        let raw = get(fields, name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        match Value::parse(raw).ok().and_then(|v| v.number()) {
            Some(d) => Ok(Some(d)),
            None => Err(format!("{}: '{raw}' {}", t.t(label), t.t("err_not_a_number"))),
        }
    };
    let text = get(fields, "text").trim().to_string();
    if text.is_empty() {
        return Err(t.t("err_indicator_text").into());
    }
    let polarity = match get(fields, "polarity") {
        "lower_is_better" => Polarity::LowerIsBetter,
        "band" => match (
            decimal("band_lower", "band_lower")?,
            decimal("band_upper", "band_upper")?,
        ) {
            (Some(lower), Some(upper)) if lower <= upper => Polarity::Band { lower, upper },
            _ => return Err(t.t("err_band").into()),
        },
        _ => Polarity::HigherIsBetter,
    };
    let rollup: Rollup = get(fields, "rollup").parse().unwrap_or_default();
    let period_targets = parse_period_targets(get(fields, "period_targets"), ctx, t)
        .map_err(|e| format!("{}: {e}", t.t("period_targets")))?;
    let supports = match get(fields, "supports").trim() {
        "" | "0" => None,
        s => Some(s.parse().map_err(|_| "supports: not an id".to_string())?),
    };
    Ok(IndicatorFields {
        text,
        pk_target: value("pk_target", "pk_target")?,
        rak_target: value("rak_target", "rak_target")?,
        period_targets,
        settings: IndicatorSettings {
            polarity,
            rollup,
            cap: decimal("cap", "cap")?,
            weight: decimal("weight", "weight")?,
        },
        computation: optional_text(get(fields, "computation")),
        data_source: optional_text(get(fields, "data_source")),
        supports,
    })
}

/// The form as typed, to show again with its message.
pub(crate) fn typed_form(fields: &Fields, id: i64, version: i64, error: String) -> IndicatorForm {
    let s = |n: &str| get(fields, n).to_string();
    IndicatorForm {
        id,
        version,
        text: s("text"),
        pk_target: s("pk_target"),
        rak_target: s("rak_target"),
        period_targets: s("period_targets"),
        polarity: s("polarity"),
        band_lower: s("band_lower"),
        band_upper: s("band_upper"),
        rollup: s("rollup"),
        cap: s("cap"),
        weight: s("weight"),
        computation: s("computation"),
        data_source: s("data_source"),
        supports: get(fields, "supports").parse().unwrap_or(0),
        error,
        realisations: 0,
        measure: String::new(),
        flip_to: String::new(),
        flip_label: String::new(),
    }
}

/// What a refused save shows again: the page as it was, with the refusal.
pub(crate) struct Again<'a> {
    t: Tr,
    state: &'a AppState,
    scoped: &'a Scoped<'a>,
    session: &'a Session,
    code: &'a str,
    query: PlanQuery,
}

impl Again<'_> {
    async fn show(&self, refused: Refused, status: StatusCode) -> Result<Response, WebError> {
        render(
            self.t,
            self.state,
            self.scoped,
            self.session,
            self.code,
            &self.query,
            refused,
            String::new(),
            status,
        )
        .await
    }
}

/// What a planning form asks: an edit (with the page to show if the store refuses it), or a
/// refusal before any edit is tried.
pub(crate) enum Decided {
    Edit(PlanEdit, OnError),
    Refuse(Refused),
}

pub(crate) fn refused(error: String) -> Refused {
    Refused {
        error,
        ..Default::default()
    }
}

/// An edit whose refusal is shown above the page.
pub(crate) fn plain(edit: PlanEdit) -> Decided {
    Decided::Edit(edit, Box::new(refused))
}

/// Every planning form posts here, naming what it does in `aksi`.
pub async fn save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year: Year = fields.year("tahun")?;
    let unit_code = get(&fields, "unit").to_string();
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let again = Again {
        t,
        state: &ctx.state,
        scoped: &scoped,
        session: &ctx.session,
        code: &code,
        query: PlanQuery {
            year: Some(year),
            unit: Some(unit_code.clone()),
            ..Default::default()
        },
    };
    let reason = optional_text(get(&fields, "reason")).unwrap_or_else(|| t.t("plan_default_reason").to_string());
    let back = |anchor: &str| {
        Redirect::to(&format!(
            "/kantor/{}/rencana?unit={unit_code}&tahun={year}&tersimpan=1{anchor}",
            office.code
        ))
        .into_response()
    };
    let aksi = get(&fields, "aksi");
    let plan = scoped.year_plan(office.id, year).await?;
    // Once the unit's PK is signed, every change of it says why (the history keeps it); the
    // signature itself is its own record.
    let signed = plan
        .find_unit(&unit_code)
        .and_then(|u| plan.unit_year(u.id))
        .is_some_and(|y| y.pk_signed.is_some());
    // (Who may not edit is refused as such below, not asked for a reason.)
    let needs_reason = signed
        && may_edit(&scoped, office.id)
        && !matches!(aksi, "copy" | "sign" | "restore")
        && optional_text(get(&fields, "reason")).is_none();
    if aksi == "copy" {
        let Some(last) = year.previous() else {
            return Err(WebError::BadRequest(format!("no year before {year} to copy")));
        };
        return match scoped.copy_plan(office.id, last, year, &reason).await {
            Ok(_) => Ok(back("")),
            Err(StoreError::Invalid(m)) => again.show(refused(m), StatusCode::UNPROCESSABLE_ENTITY).await,
            Err(e) => Err(e.into()),
        };
    }
    if aksi == "set_polarity" {
        if needs_reason {
            return again
                .show(
                    refused(t.t("err_reason_signed").into()),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
        }
        let id = set_polarity(&scoped, office.id, year, &fields, &reason).await?;
        return Ok(back(&format!("#indikator-{id}")));
    }
    let unit = || plan.find_unit(&unit_code).map(|u| u.id).ok_or(WebError::NotFound);
    let decided = match aksi {
        "add_objective" | "update_objective" | "delete_objective" => objective_edit(aksi, &fields, unit, year)?,
        "sign" => sign_edit(&fields, unit()?, year),
        "restore" => plain(PlanEdit::Restore {
            audit: number(&fields, "audit")?,
        }),
        "budget" => budget_edit(&fields, &plan, unit()?, year, t),
        "budget_links" => budget_links_edit(&fields, &plan, unit()?, year)?,
        "add_indicator" | "update_indicator" | "delete_indicator" => {
            let mut grades = OrdinalScale::builtin().to_vec();
            grades.extend(scoped.ordinal_scales_for(office.id).await?);
            let parse = ParseContext {
                ordinal_scales: &grades,
            };
            indicator_edit(aksi, &fields, &parse, t)?
        }
        other => return Err(WebError::BadRequest(format!("unknown action '{other}'"))),
    };
    let (edit, on_error) = match decided {
        Decided::Edit(edit, on_error) => (edit, on_error),
        Decided::Refuse(r) => return again.show(r, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    if needs_reason {
        return again
            .show(
                on_error(t.t("err_reason_signed").into()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
    }
    let reason = match edit {
        PlanEdit::Restore { .. } if optional_text(get(&fields, "reason")).is_none() => {
            t.t("restored_notice").to_string()
        }
        _ => reason,
    };
    match scoped.edit_plan(office.id, &edit, &reason).await {
        Ok(done) => landing(&scoped, &office, year, &edit, done.id, &back).await,
        Err(e @ (StoreError::Invalid(_) | StoreError::Rejected(_))) => {
            let m = match e {
                StoreError::Rejected(text) => text.get(t.0).to_string(),
                other => other.to_string(),
            };
            again.show(on_error(m), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(StoreError::Conflict { .. }) => {
            again
                .show(on_error(t.t("err_conflict_plan").into()), StatusCode::CONFLICT)
                .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Where a saved edit lands: the indicator saved, the plan with the deletion offered back, the
/// record restored, or the plan.
async fn landing(
    scoped: &Scoped<'_>,
    office: &kinerja_domain::model::Office,
    year: Year,
    edit: &PlanEdit,
    id: i64,
    back: &(dyn Fn(&str) -> Response + Sync),
) -> Result<Response, WebError> {
    let deleted = |entity: &'static str, record: i64| async move {
        let audit = super::deletes::deletion_entry(scoped, office.id, entity, record).await?;
        Ok::<_, WebError>(back(&audit.map(|a| format!("&dihapus={a}")).unwrap_or_default()))
    };
    Ok(match edit {
        PlanEdit::AddIndicator { .. } | PlanEdit::UpdateIndicator { .. } => back(&format!("#indikator-{id}")),
        PlanEdit::DeleteObjective { id } => deleted("objective", id.0).await?,
        PlanEdit::DeleteIndicator { id, .. } => deleted("indicator", id.0).await?,
        PlanEdit::Restore { .. } => {
            let plan = scoped.year_plan(office.id, year).await?;
            super::deletes::after_restore(&office.code, &plan, id)
        }
        _ => back(""),
    })
}

/// One click: the other of higher/lower is better, the rest of the settings kept. Returns the
/// indicator's id.
pub(crate) async fn set_polarity(
    scoped: &Scoped<'_>,
    office: kinerja_domain::model::OfficeId,
    year: Year,
    fields: &Fields,
    reason: &str,
) -> Result<i64, WebError> {
    let id = IndicatorId(number(fields, "indicator")?);
    let version = number(fields, "version")?;
    let plan = scoped.year_plan(office, year).await?;
    let ind = plan.indicators.iter().find(|i| i.id == id).ok_or(WebError::NotFound)?;
    let mut settings = ind.settings.clone();
    settings.polarity = match get(fields, "polarity") {
        "higher_is_better" => Polarity::HigherIsBetter,
        "lower_is_better" => Polarity::LowerIsBetter,
        other => {
            return Err(crate::extract::field_error(
                "polarity",
                kinerja_domain::i18n::Text::new(
                    format!("{other:?} bukan polaritas"),
                    format!("{other:?} is not a polarity"),
                ),
            ));
        }
    };
    match scoped.update_indicator_settings(id, version, &settings, reason).await {
        Ok(_) => Ok(id.0),
        Err(StoreError::Conflict { .. }) => Err(WebError::Input(
            StatusCode::CONFLICT,
            kinerja_domain::i18n::Text::new(
                Tr(kinerja_domain::i18n::Lang::Id).t("err_conflict_plan"),
                Tr(kinerja_domain::i18n::Lang::En).t("err_conflict_plan"),
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn objective_edit(
    aksi: &str,
    fields: &Fields,
    unit: impl Fn() -> Result<UnitId, WebError>,
    year: Year,
) -> Result<Decided, WebError> {
    let text = get(fields, "text").to_string();
    if aksi == "add_objective" {
        let edit = PlanEdit::AddObjective {
            unit: unit()?,
            year,
            text: text.clone(),
        };
        return Ok(Decided::Edit(
            edit,
            Box::new(move |error| Refused {
                new_objective: text.clone(),
                error,
                ..Default::default()
            }),
        ));
    }
    let id = ObjectiveId(number(fields, "objective")?);
    let edit = if aksi == "update_objective" {
        PlanEdit::UpdateObjective { id, text: text.clone() }
    } else {
        PlanEdit::DeleteObjective { id }
    };
    Ok(Decided::Edit(
        edit,
        Box::new(move |error| Refused {
            objective: Some((id, text.clone())),
            error,
            ..Default::default()
        }),
    ))
}

/// The PK signed: place, date and both parties.
pub(crate) fn sign_edit(fields: &Fields, unit: UnitId, year: Year) -> Decided {
    let date = match get(fields, "date").trim().parse::<kinerja_domain::date::Date>() {
        Ok(d) => d,
        Err(e) => return Decided::Refuse(refused(e.to_string())),
    };
    let person = |name: &str| {
        get(fields, name)
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| *p > 0)
            .map(kinerja_domain::model::PersonId)
    };
    let signature = kinerja_domain::model::Signature {
        place: optional_text(get(fields, "place")),
        date: Some(date),
        first: person("first"),
        second: person("second"),
    };
    plain(PlanEdit::SignPk { unit, year, signature })
}

/// What each budget line of the unit has spent (`realised_<line>`), every amount checked first.
pub(crate) fn budget_edit(fields: &Fields, plan: &YearPlan, unit: UnitId, year: Year, t: Tr) -> Decided {
    let mut realised = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in fields.pairs() {
        let Some(ord) = key.strip_prefix("realised_").and_then(|o| o.parse::<i32>().ok()) else {
            continue;
        };
        let raw = value.trim();
        if raw.is_empty() {
            realised.push((ord, None));
            continue;
        }
        match money(raw) {
            Some(n) => realised.push((ord, Some(n))),
            None => {
                let name = plan
                    .budget
                    .iter()
                    .find(|b| b.unit == unit && b.ord == ord)
                    .map(|b| b.name.clone())
                    .unwrap_or_default();
                problems.push(format!("{name}: '{raw}' {}", t.t("err_not_a_number")));
            }
        }
    }
    if !problems.is_empty() {
        return Decided::Refuse(refused(problems.join(" · ")));
    }
    plain(PlanEdit::SetBudgetRealised { unit, year, realised })
}

/// The indicators each budget line funds (`link_<line>`, one per ticked box). Every line of the
/// unit is in the form: a line with no box ticked is unlinked.
pub(crate) fn budget_links_edit(
    fields: &Fields,
    plan: &YearPlan,
    unit: UnitId,
    year: Year,
) -> Result<Decided, WebError> {
    let mut links: Vec<(i32, Vec<IndicatorId>)> = plan
        .budget
        .iter()
        .filter(|b| b.unit == unit && b.year == year)
        .map(|b| (b.ord, Vec::new()))
        .collect();
    for (key, value) in fields.pairs() {
        let Some(ord) = key.strip_prefix("link_").and_then(|o| o.parse::<i32>().ok()) else {
            continue;
        };
        let id: IndicatorId = value
            .trim()
            .parse()
            .map_err(|_| WebError::BadRequest(format!("field '{key}': '{value}' is not an indicator id")))?;
        match links.iter_mut().find(|(o, _)| *o == ord) {
            Some((_, ids)) => ids.push(id),
            None => return Err(WebError::BadRequest(format!("field '{key}': no budget line {ord}"))),
        }
    }
    Ok(plain(PlanEdit::SetBudgetLinks { unit, year, links }))
}

/// An indicator added, changed or deleted; a refusal shows the form as typed.
pub(crate) fn indicator_edit(
    aksi: &str,
    fields: &Fields,
    parse: &ParseContext<'_>,
    t: Tr,
) -> Result<Decided, WebError> {
    let adding = aksi == "add_indicator";
    let id = IndicatorId(if adding { 0 } else { number(fields, "indicator")? });
    let objective = ObjectiveId(if adding { number(fields, "objective")? } else { 0 });
    let version = if adding { 0 } else { number(fields, "version")? };
    let typed = fields.clone();
    let on_error: OnError = Box::new(move |error| Refused {
        indicator: Some((id, objective, typed_form(&typed, id.0, version, error))),
        ..Default::default()
    });
    let edit = if aksi == "delete_indicator" {
        PlanEdit::DeleteIndicator { id, version }
    } else {
        match indicator_fields(fields, parse, t) {
            Ok(f) if adding => PlanEdit::AddIndicator { objective, fields: f },
            Ok(f) => PlanEdit::UpdateIndicator { id, version, fields: f },
            Err(message) => return Ok(Decided::Refuse(on_error(message))),
        }
    };
    Ok(Decided::Edit(edit, on_error))
}
