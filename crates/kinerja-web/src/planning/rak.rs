//! The RAK of a unit as a grid (rencana aksi): every action with its schedule, executor and
//! budget, saved whole.

use super::*;
use kinerja_domain::model::Year;

pub struct RakCell {
    pub n: u8,
    pub label: String,
    pub on: bool,
}

pub struct RakRow {
    pub n: usize,
    pub id: i64,
    pub indicator: i64,
    pub text: String,
    pub cells: Vec<RakCell>,
    pub executor: String,
    pub budget: String,
    pub target: String,
    pub error: String,
    /// The heading of the indicator this row starts ("" when the row above has the same one):
    /// the grid shows each indicator whole once, above its actions.
    pub group: String,
}

#[derive(Template)]
#[template(path = "rak.html")]
struct RakPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    unit_code: String,
    unit_name: String,
    units: Vec<Choice>,
    can_edit: bool,
    indicators: Vec<SupportChoice>,
    heads: Vec<String>,
    rows: Vec<RakRow>,
    read: String,
    total: String,
    error: String,
    notice: String,
}

/// Marks the first row of each run of one indicator with its heading ("2. Persentase … —
/// target 95%"), and the first new row with the words for new rows.
fn group_rows(rows: &mut [RakRow], indicators: &[&Indicator], t: Tr) {
    let mut previous = None;
    for row in rows.iter_mut() {
        if previous == Some(row.indicator) {
            continue;
        }
        previous = Some(row.indicator);
        row.group = match indicators.iter().position(|i| i.id.0 == row.indicator) {
            Some(n) => {
                let i = indicators[n];
                match i.pk_target.as_ref().or(i.rak_target.as_ref()) {
                    Some(target) => format!("{}. {} — {} {}", n + 1, i.text, t.t("target"), target.raw()),
                    None => format!("{}. {}", n + 1, i.text),
                }
            }
            None => t.t("rak_new_rows").to_string(),
        };
    }
}

/// New rows offered under the existing ones.
const BLANK_ROWS: usize = 3;

fn cells(kind: PeriodKind, on: &[u8], t: Tr) -> Vec<RakCell> {
    (1..=kind.count())
        .map(|n| RakCell {
            n,
            label: kind.period(n).map(|p| p.label(t.0)).unwrap_or_default(),
            on: on.contains(&n),
        })
        .collect()
}

struct RakTyped {
    rows: Vec<RakRow>,
    error: String,
}

#[allow(clippy::too_many_arguments)]
async fn render_rak(
    t: Tr,
    state: &AppState,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    q: &PlanQuery,
    typed: Option<RakTyped>,
    notice: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = unit_for(&plan, q.unit.as_deref()).ok_or(WebError::NotFound)?;
    let kind = plan.unit_year(unit.id).map(|y| y.rak_period_kind).unwrap_or_default();
    let indicators: Vec<&Indicator> = plan
        .objectives_of(unit.id)
        .flat_map(|o| plan.indicators_of(o.id))
        .collect();
    let actions: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| indicators.iter().any(|i| i.id == a.indicator))
        .collect();
    let total = kinerja_domain::achievement::saturating_sum(actions.iter().filter_map(|a| a.budget));
    let (rows, error) = match typed {
        Some(typed) => (typed.rows, typed.error),
        None => {
            let mut rows: Vec<RakRow> = actions
                .iter()
                .enumerate()
                .map(|(n, a)| RakRow {
                    n,
                    id: a.id.0,
                    indicator: a.indicator.0,
                    text: a.text.clone(),
                    cells: cells(kind, &a.schedule.periods, t),
                    executor: a.executor.clone().unwrap_or_default(),
                    budget: a
                        .budget
                        .map(|b| kinerja_domain::format::number(b, 2))
                        .unwrap_or_default(),
                    target: a.target.as_ref().map(|v| v.raw().to_string()).unwrap_or_default(),
                    error: String::new(),
                    group: String::new(),
                })
                .collect();
            let start = rows.len();
            rows.extend((start..start + BLANK_ROWS).map(|n| RakRow {
                n,
                id: 0,
                indicator: 0,
                text: String::new(),
                cells: cells(kind, &[], t),
                executor: String::new(),
                budget: String::new(),
                target: String::new(),
                error: String::new(),
                group: String::new(),
            }));
            (rows, String::new())
        }
    };
    let mut rows = rows;
    group_rows(&mut rows, &indicators, t);
    let page = RakPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?)
            .with_years(scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        units: unit_choices(&plan),
        can_edit: may_edit(scoped, office.id),
        indicators: indicators
            .iter()
            .enumerate()
            .map(|(n, i)| SupportChoice {
                id: i.id.0,
                label: format!("{}. {}", n + 1, i.text),
            })
            .collect(),
        heads: (1..=kind.count())
            .filter_map(|n| kind.period(n))
            .map(|p| match p {
                Period::Month(m) => kinerja_domain::format::month_name(m, t.0).chars().take(3).collect(),
                other => other.to_string(),
            })
            .collect(),
        rows,
        read: actions_fingerprint(&actions),
        total: kinerja_domain::format::rupiah(total),
        error,
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn rak_page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let notice = q.notice(t);
    let query = PlanQuery {
        year: q.year,
        unit: q.unit,
        ..Default::default()
    };
    render_rak(t, state, &scoped, session, &code, &query, None, notice, StatusCode::OK).await
}

/// Row `n` of the RAK grid as typed, with the action it saves; `None` when the row was removed.
/// A row that cannot be saved carries its error; a blank row saves nothing.
fn rak_row(
    fields: &Fields,
    n: usize,
    kind: PeriodKind,
    grades: &ParseContext<'_>,
    t: Tr,
) -> Option<(RakRow, Option<ActionFields>)> {
    let f = |name: &str| get(fields, &format!("r{n}_{name}")).to_string();
    let periods: Vec<u8> = (1..=kind.count()).filter(|p| !f(&format!("p{p}")).is_empty()).collect();
    let mut row = RakRow {
        n,
        id: f("id").parse().unwrap_or(0),
        indicator: f("indicator").parse().unwrap_or(0),
        text: f("text"),
        cells: cells(kind, &periods, t),
        executor: f("executor"),
        budget: f("budget"),
        target: f("target"),
        error: String::new(),
        group: String::new(),
    };
    if !f("hapus").is_empty() {
        return None;
    }
    let blank = row.text.trim().is_empty() && row.executor.trim().is_empty() && row.budget.trim().is_empty();
    let mut action = None;
    if !blank {
        let budget = match row.budget.trim() {
            "" => Ok(None),
            b => money(b)
                .map(Some)
                .ok_or_else(|| format!("{}: '{b}' {}", t.t("budget"), t.t("err_not_a_number"))),
        };
        let target = match row.target.trim() {
            "" => Ok(None),
            v => Value::parse_with(v, grades).map(Some).map_err(|e| {
                let unreadable = t.fill("target_unreadable", v);
                format!("{}: {}", t.t("target"), crate::values::refusal(t, unreadable, &e, None))
            }),
        };
        let problem = if row.text.trim().is_empty() {
            Some(t.t("err_action_text").to_string())
        } else if row.indicator == 0 {
            Some(t.t("err_action_indicator").to_string())
        } else {
            budget.as_ref().err().or(target.as_ref().err()).cloned()
        };
        match problem {
            Some(p) => row.error = p,
            None => {
                action = Some(ActionFields {
                    id: (row.id > 0).then_some(kinerja_domain::model::ActionId(row.id)),
                    indicator: kinerja_domain::model::IndicatorId(row.indicator),
                    text: row.text.clone(),
                    schedule: Schedule {
                        kind,
                        periods: periods.clone(),
                    },
                    executor: optional_text(&row.executor),
                    budget: budget.unwrap_or(None),
                    target: target.unwrap_or(None),
                })
            }
        }
    }
    Some((row, action))
}

/// Saves the whole grid: rows with a text are kept (in order), rows marked for removal and empty
/// rows are dropped. Every row is checked first; one bad row refuses the grid, with the message
/// on that row and everything typed kept.
pub async fn rak_save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year: Year = fields.year("tahun")?;
    let unit_code = get(&fields, "unit").to_string();
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = plan.find_unit(&unit_code).ok_or(WebError::NotFound)?;
    let kind = plan.unit_year(unit.id).map(|y| y.rak_period_kind).unwrap_or_default();
    let query = PlanQuery {
        year: Some(year),
        unit: Some(unit_code.clone()),
        ..Default::default()
    };
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(scoped.ordinal_scales_for(office.id).await?);
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let count = number(&fields, "rows")?;
    if !(0..=MAX_RAK_ROWS as i64).contains(&count) {
        return Err(crate::extract::field_error(
            "rows",
            kinerja_domain::i18n::Text::new(
                format!("{count}: paling banyak {MAX_RAK_ROWS} baris"),
                format!("{count}: at most {MAX_RAK_ROWS} rows"),
            ),
        ));
    }
    let count = count as usize;
    let mut typed_rows = Vec::with_capacity(count);
    let mut rows = Vec::new();
    let mut bad = 0;
    for n in 0..count {
        let Some((row, action)) = rak_row(&fields, n, kind, &ctx, t) else {
            continue;
        };
        if !row.error.is_empty() {
            bad += 1;
        }
        rows.extend(action);
        typed_rows.push(row);
    }
    let refuse = |rows: Vec<RakRow>, error: String, status: StatusCode| {
        let typed = RakTyped { rows, error };
        render_rak(
            t,
            state,
            &scoped,
            session,
            &code,
            &query,
            Some(typed),
            String::new(),
            status,
        )
    };
    if bad > 0 {
        return refuse(typed_rows, t.t("err_form").into(), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    // Once the unit's PK or RAK of the year is signed, a change says why (the audit keeps it).
    let signed = plan
        .unit_year(unit.id)
        .is_some_and(|y| y.pk_signed.is_some() || y.rak_signed.is_some());
    let reason = match optional_text(get(&fields, "reason")) {
        Some(r) => r,
        None if signed => {
            return refuse(
                typed_rows,
                t.t("err_reason_signed").into(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        None => t.t("plan_default_reason").to_string(),
    };
    let edit = PlanEdit::ReplaceActions {
        unit: unit.id,
        year,
        read: get(&fields, "read").to_string(),
        rows,
    };
    match scoped.edit_plan(office.id, &edit, &reason).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/kantor/{}/rencana/rak?unit={unit_code}&tahun={year}&tersimpan=1",
            office.code
        ))
        .into_response()),
        Err(StoreError::Conflict { .. }) => {
            // Someone saved the grid meanwhile: show theirs, say so (what was typed is lost to
            // the grid but listed in the message's place: the user re-enters it).
            render_rak(
                t,
                state,
                &scoped,
                session,
                &code,
                &query,
                None,
                t.t("err_conflict_rak").into(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(StoreError::Invalid(m)) => refuse(typed_rows, m, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}
