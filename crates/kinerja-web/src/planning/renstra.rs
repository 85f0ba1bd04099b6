//! The office's Renstra (vision, missions, goals with their indicators and a target per year)
//! and its key indicators (IKU).

use super::*;
use kinerja_domain::model::Year;

pub struct GoalIndicatorForm {
    pub n: usize,
    pub text: String,
    pub computation: String,
    pub data_source: String,
    pub targets: Vec<(Year, String)>,
}

pub struct GoalForm {
    pub n: usize,
    pub text: String,
    pub indicators: Vec<GoalIndicatorForm>,
}

/// A key indicator (IKU): a PK indicator of the office's top unit, with how it is measured.
pub struct IkuRow {
    pub goal: String,
    pub indicator: String,
    /// The target of the page's year ("" when none).
    pub target: String,
    pub computation: String,
    pub data_source: String,
    /// Whether the computation or data source was taken from the PK indicator of the same wording.
    pub from_pk: bool,
}

#[derive(Template)]
#[template(path = "renstra.html")]
struct RenstraPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    can_edit: bool,
    from_year: String,
    to_year: String,
    years: Vec<Year>,
    vision: String,
    missions: String,
    goals: Vec<GoalForm>,
    read: String,
    iku: Vec<IkuRow>,
    notice: String,
    error: String,
}

/// New goals and indicator rows offered under the existing ones.
const BLANK_GOALS: usize = 1;
const BLANK_GOAL_INDICATORS: usize = 2;

fn goal_forms(renstra: &kinerja_domain::model::Renstra, years: &[Year]) -> Vec<GoalForm> {
    let indicator = |n: usize, ind: Option<&kinerja_domain::model::RenstraIndicator>| GoalIndicatorForm {
        n,
        text: ind.map(|i| i.text.clone()).unwrap_or_default(),
        computation: ind.and_then(|i| i.computation.clone()).unwrap_or_default(),
        data_source: ind.and_then(|i| i.data_source.clone()).unwrap_or_default(),
        targets: years
            .iter()
            .map(|y| {
                let v = ind
                    .and_then(|i| i.targets.iter().find(|(ty, _)| ty == y))
                    .map(|(_, v)| v.raw().to_string());
                (*y, v.unwrap_or_default())
            })
            .collect(),
    };
    let mut goals: Vec<GoalForm> = renstra
        .goals
        .iter()
        .enumerate()
        .map(|(n, g)| {
            let mut indicators: Vec<GoalIndicatorForm> = g
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| indicator(i, Some(ind)))
                .collect();
            let start = indicators.len();
            indicators.extend((start..start + BLANK_GOAL_INDICATORS).map(|i| indicator(i, None)));
            GoalForm {
                n,
                text: g.text.clone(),
                indicators,
            }
        })
        .collect();
    let start = goals.len();
    goals.extend((start..start + BLANK_GOALS).map(|n| GoalForm {
        n,
        text: String::new(),
        indicators: (0..BLANK_GOAL_INDICATORS).map(|i| indicator(i, None)).collect(),
    }));
    goals
}

#[allow(clippy::too_many_arguments)]
async fn render_renstra(
    t: Tr,
    state: &AppState,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    year: Option<Year>,
    typed: Option<(kinerja_domain::model::Renstra, String)>,
    notice: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let year = crate::context::chosen_year(session, state.config.default_year, year).await?;
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let stored = scoped.renstra(office.id).await?;
    let read = kinerja_store::fingerprint(&stored);
    let (renstra, error) = match typed {
        Some((r, e)) => (r, e),
        None => (
            stored
                .clone()
                .unwrap_or_else(|| kinerja_domain::model::Renstra::empty(year, year.plus(4).unwrap_or(Year::LAST))),
            String::new(),
        ),
    };
    let years: Vec<Year> = renstra.from_year.through(renstra.to_year).take(10).collect();
    let plan = scoped.year_plan(office.id, year).await?;
    let iku = stored
        .as_ref()
        .map(|r| {
            kinerja_documents::registers::iku_rows(r, &plan)
                .into_iter()
                .map(|row| IkuRow {
                    goal: row.goal.to_string(),
                    indicator: row.indicator.text.clone(),
                    target: row
                        .indicator
                        .targets
                        .iter()
                        .find(|(y, _)| *y == year)
                        .map(|(_, v)| v.raw().to_string())
                        .unwrap_or_default(),
                    computation: row.computation.unwrap_or_default().to_string(),
                    data_source: row.data_source.unwrap_or_default().to_string(),
                    from_pk: row.from_pk,
                })
                .collect()
        })
        .unwrap_or_default();
    let page = RenstraPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?)
            .with_years(scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        can_edit: may_edit(scoped, office.id),
        from_year: renstra.from_year.to_string(),
        to_year: renstra.to_year.to_string(),
        goals: goal_forms(&renstra, &years),
        years,
        vision: renstra.vision.clone(),
        missions: renstra.missions.join("\n"),
        read,
        iku,
        notice,
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn renstra_page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let notice = q.notice(t);
    render_renstra(t, state, &scoped, session, &code, q.year, None, notice, StatusCode::OK).await
}

/// Goal `g` of the Renstra form with its indicators and a target per year of `years`; what
/// cannot be read is added to `problems`. `None` for a goal left empty.
fn renstra_goal(
    fields: &Fields,
    g: usize,
    (from_year, to_year): (Year, Year),
    ctx: &ParseContext<'_>,
    t: Tr,
    problems: &mut Vec<String>,
) -> Result<Option<kinerja_domain::model::RenstraGoal>, WebError> {
    let text = get(fields, &format!("g{g}_text")).trim().to_string();
    let count = number(fields, &format!("g{g}_indicators")).unwrap_or(0).clamp(0, 200) as usize;
    let mut indicators = Vec::new();
    for i in 0..count {
        let ind_text = get(fields, &format!("g{g}_i{i}_text")).trim().to_string();
        let mut targets = Vec::new();
        for y in from_year.through(to_year).take(10) {
            let raw = get(fields, &format!("g{g}_i{i}_y{y}")).trim();
            if raw.is_empty() {
                continue;
            }
            match Value::parse_with(raw, ctx) {
                Ok(v) => targets.push((y, v)),
                Err(e) => problems.push(format!("{} {}, {y}: {}", t.t("goal"), g + 1, e.message(t.0))),
            }
        }
        let computation = optional_text(get(fields, &format!("g{g}_i{i}_computation")));
        let data_source = optional_text(get(fields, &format!("g{g}_i{i}_source")));
        if !ind_text.is_empty() {
            indicators.push(kinerja_domain::model::RenstraIndicator {
                text: ind_text,
                targets,
                computation,
                data_source,
            });
        } else if !targets.is_empty() {
            problems.push(format!("{} {}: {}", t.t("goal"), g + 1, t.t("err_indicator_text")));
        }
    }
    if !text.is_empty() {
        return Ok(Some(kinerja_domain::model::RenstraGoal { text, indicators }));
    } else if !indicators.is_empty() {
        problems.push(format!("{} {}: {}", t.t("goal"), g + 1, t.t("err_goal_text")));
    }
    Ok(None)
}

/// Saves the Renstra form: vision, missions (one per line), goals with their indicators and a
/// target per year; empty goals and indicator rows are dropped.
pub async fn renstra_save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year: Year = fields.year("tahun")?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(scoped.ordinal_scales_for(office.id).await?);
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let mut problems = Vec::new();
    let mut year_field = |name: &str, label: &str, default: Year| match get(&fields, name).parse::<Year>() {
        Ok(y) => y,
        Err(_) => {
            problems.push(format!("{label}: '{}' {}", get(&fields, name), t.t("err_not_a_year")));
            default
        }
    };
    let from_year = year_field("from_year", t.t("renstra_from"), year);
    let to_year = year_field("to_year", t.t("renstra_to"), year.plus(4).unwrap_or(Year::LAST));
    let mut renstra = kinerja_domain::model::Renstra {
        from_year,
        to_year,
        vision: get(&fields, "vision").trim().to_string(),
        missions: get(&fields, "missions")
            .lines()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(String::from)
            .collect(),
        goals: vec![],
    };
    let goals = number(&fields, "goals")?.clamp(0, 200) as usize;
    for g in 0..goals {
        if let Some(goal) = renstra_goal(&fields, g, (from_year, to_year), &ctx, t, &mut problems)? {
            renstra.goals.push(goal);
        }
    }
    if !problems.is_empty() {
        let typed = Some((renstra, problems.join(" · ")));
        return render_renstra(
            t,
            state,
            &scoped,
            session,
            &code,
            Some(year),
            typed,
            String::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let reason = optional_text(get(&fields, "reason")).unwrap_or_else(|| t.t("plan_default_reason").to_string());
    let edit = PlanEdit::ReplaceRenstra {
        read: get(&fields, "read").to_string(),
        renstra: renstra.clone(),
    };
    match scoped.edit_plan(office.id, &edit, &reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/kantor/{}/renstra?tahun={year}&tersimpan=1", office.code)).into_response()),
        Err(StoreError::Invalid(m)) => {
            render_renstra(
                t,
                state,
                &scoped,
                session,
                &code,
                Some(year),
                Some((renstra, m)),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::Conflict { .. }) => {
            let typed = Some((renstra, t.t("err_conflict_plan").to_string()));
            render_renstra(
                t,
                state,
                &scoped,
                session,
                &code,
                Some(year),
                typed,
                String::new(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
