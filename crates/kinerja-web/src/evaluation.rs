//! The yearly SAKIP evaluation (LKE) of an office: an overview of the year (where the review
//! stands, the self-assessment's and the evaluators' scores side by side per component and
//! sub-component, the grade, the logic checks, the recommendations and their follow-up), and
//! one page per component with each criterion, the facts Kinerja computes beside it, and the
//! answers. The office's planners and admins answer the self-assessment; the evaluators of an
//! office above propose the final values; who may do what is the store's ([`Scoped`]).

mod download;
mod evidence;
mod forms;
mod grades;
pub mod schedule;

use std::collections::HashMap;

use askama::Template;
use axum::extract::Path;
use axum::response::{Html, IntoResponse, Response};
use kinerja_domain::evaluation::review::{FollowUp, ReviewState};
use kinerja_domain::evaluation::{self, Answer, Scores, WindowState};
use kinerja_domain::format;
use kinerja_domain::model::{Office, Year};
use kinerja_store::evaluations::{Recommendation, Review, Stage, StoredAnswer};
use kinerja_store::{EvaluationRoles, Scoped};

pub use download::download;
pub use evidence::{download as evidence_download, save as evidence_save};
pub use forms::{component_save, recommendation, step};
pub use grades::grades_page;

use crate::context::Signed;
use crate::extract::Query;
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{WebError, csrf_token};

#[derive(serde::Deserialize)]
pub struct EvaluationQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    /// Set after a save, to say so.
    #[serde(rename = "tersimpan")]
    saved: Option<u8>,
}

/// What both pages know of an office's year.
struct EvaluationYear {
    office: Office,
    template: evaluation::Template,
    own: Vec<StoredAnswer>,
    finals: Vec<StoredAnswer>,
    review: Review,
    roles: EvaluationRoles,
    window: Option<(WindowState, String)>,
}

async fn load(scoped: &Scoped<'_>, code: &str, year: Year, t: Tr) -> Result<EvaluationYear, WebError> {
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let template = scoped
        .lke_template(year)
        .await?
        .map_or_else(evaluation::Template::shipped, |y| y.template);
    let own = scoped.lke_answers(office.id, year, Stage::SelfAssessment).await?;
    let finals = scoped.lke_answers(office.id, year, Stage::Final).await?;
    let review = scoped.lke_review(office.id, year).await?;
    let roles = scoped.evaluation_roles(office.id);
    let today = kinerja_store::clock::today_in(office.time_zone);
    let window = scoped
        .lke_windows(year)
        .await?
        .into_iter()
        .find(|(level, _)| *level == office.level)
        .map(|(_, w)| {
            let words = format!("{} – {}", format::date(w.opens, t.0), format::date(w.closes, t.0));
            (w.state(today), words)
        });
    Ok(EvaluationYear {
        office,
        template,
        own,
        finals,
        review,
        roles,
        window,
    })
}

fn by_code(answers: &[StoredAnswer]) -> HashMap<String, Answer> {
    answers.iter().map(|a| (a.criterion.clone(), a.answer)).collect()
}

/// A score as the pages print it: two decimals, Indonesian style.
fn points(d: kinerja_domain::Decimal) -> String {
    format::number(d, 2)
}

struct SubRow {
    code: String,
    name: String,
    weight: String,
    own: String,
    fin: String,
    own_answered: usize,
    fin_answered: usize,
    criteria: usize,
}

struct ComponentRow {
    code: String,
    name: String,
    weight: String,
    own: String,
    fin: String,
    own_answered: usize,
    fin_answered: usize,
    criteria: usize,
    subs: Vec<SubRow>,
}

fn component_rows(template: &evaluation::Template, own: &Scores, fin: &Scores, shown: bool) -> Vec<ComponentRow> {
    let final_points = |d| if shown { points(d) } else { "–".to_string() };
    template
        .components
        .iter()
        .zip(own.components.iter().zip(&fin.components))
        .map(|(c, (o, f))| ComponentRow {
            code: c.code.clone(),
            name: c.name.clone(),
            weight: points(c.weight),
            own: points(o.score),
            fin: final_points(f.score),
            own_answered: o.subs.iter().map(|s| s.answered).sum(),
            fin_answered: f.subs.iter().map(|s| s.answered).sum(),
            criteria: o.subs.iter().map(|s| s.criteria).sum(),
            subs: c
                .subs
                .iter()
                .zip(o.subs.iter().zip(&f.subs))
                .map(|(s, (os, fs))| SubRow {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    weight: points(s.weight),
                    own: points(os.score),
                    fin: final_points(fs.score),
                    own_answered: os.answered,
                    fin_answered: fs.answered,
                    criteria: os.criteria,
                })
                .collect(),
        })
        .collect()
}

struct RecRow {
    id: i64,
    component: String,
    finding: String,
    recommendation: String,
    status: String,
    status_code: &'static str,
    action: String,
    due: String,
    evidence: String,
    updated: String,
}

fn rec_rows(recs: &[Recommendation], t: Tr) -> Vec<RecRow> {
    recs.iter()
        .map(|r| RecRow {
            id: r.id,
            component: r.component.clone(),
            finding: r.finding.clone(),
            recommendation: r.recommendation.clone(),
            status: r.follow_up.status.label().get(t.0).to_string(),
            status_code: r.follow_up.status.code(),
            action: r.follow_up.action.clone().unwrap_or_default(),
            due: r.follow_up.due.map(|d| d.to_string()).unwrap_or_default(),
            evidence: r.follow_up.evidence.clone().unwrap_or_default(),
            updated: r.updated_by.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "evaluation.html")]
struct OverviewPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    source: String,
    state: String,
    state_code: &'static str,
    review: Review,
    window: String,
    window_open: bool,
    own_total: String,
    own_grade: String,
    own_answered: usize,
    fin_total: String,
    fin_grade: String,
    fin_answered: usize,
    criteria: usize,
    final_shown: bool,
    components: Vec<ComponentRow>,
    own_findings: Vec<String>,
    fin_findings: Vec<String>,
    roles: EvaluationRoles,
    recs: Vec<RecRow>,
    last_recs: Vec<RecRow>,
    last_year: i32,
    statuses: Vec<(&'static str, String)>,
    notice: String,
    /// The office may confirm the approved grade as its PK's realisation.
    can_confirm: bool,
}

impl OverviewPage {
    fn can(&self, step: &str) -> bool {
        let s = ReviewState::parse(self.state_code).unwrap_or(ReviewState::Draft);
        let allowed = |step: &kinerja_domain::evaluation::review::ReviewStep| {
            kinerja_domain::evaluation::review::apply(s, step).is_ok()
        };
        use kinerja_domain::evaluation::review::ReviewStep as S;
        let words = || "x".to_string();
        match step {
            "propose" => self.roles.member && allowed(&S::Propose),
            "respond" => self.roles.office && allowed(&S::Respond { text: words() }),
            "approve" => self.roles.lead && allowed(&S::Approve),
            "return" => self.roles.lead && allowed(&S::Return { reason: words() }),
            _ => false,
        }
    }

    fn recs_open(&self) -> bool {
        self.roles.member && self.state_code != ReviewState::Approved.code()
    }
}

fn findings(template: &evaluation::Template, answers: &HashMap<String, Answer>, t: Tr) -> Vec<String> {
    evaluation::logic_checks(template, answers)
        .iter()
        .map(|f| f.message().get(t.0).to_string())
        .collect()
}

pub async fn page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<EvaluationQuery>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year = ctx.year(q.year).await?;
    let y = load(&scoped, &code, year, t).await?;
    let (own, fin) = (by_code(&y.own), by_code(&y.finals));
    let own_scores = evaluation::score(&y.template, &own);
    let fin_scores = evaluation::score(&y.template, &fin);
    let final_shown = !y.finals.is_empty();
    let last_year = Year::new(i64::from(year.get()) - 1);
    let last_recs = match last_year {
        Some(last) => scoped.lke_recommendations(y.office.id, last).await?,
        None => vec![],
    };
    let recs = scoped.lke_recommendations(y.office.id, year).await?;
    let page = OverviewPage {
        t,
        header: Header::of(&scoped, csrf_token(&ctx.session).await?)
            .with_years(&scoped, &[y.office.id], year)
            .await?,
        code: y.office.code.to_string(),
        office: y.office.name.clone(),
        year,
        source: y.template.source.clone(),
        state: y.review.state.label().get(t.0).to_string(),
        state_code: y.review.state.code(),
        window: y.window.as_ref().map(|(_, w)| w.clone()).unwrap_or_default(),
        window_open: y.window.as_ref().is_none_or(|(s, _)| *s == WindowState::Open),
        own_total: points(own_scores.total),
        own_grade: own_scores.grade.code().to_string(),
        own_answered: own_scores.answered,
        fin_total: if final_shown {
            points(fin_scores.total)
        } else {
            "–".into()
        },
        fin_grade: if final_shown {
            fin_scores.grade.code().to_string()
        } else {
            "–".into()
        },
        fin_answered: fin_scores.answered,
        criteria: own_scores.criteria,
        components: component_rows(&y.template, &own_scores, &fin_scores, final_shown),
        own_findings: findings(&y.template, &own, t),
        fin_findings: if final_shown {
            findings(&y.template, &fin, t)
        } else {
            vec![]
        },
        final_shown,
        can_confirm: y.review.state == ReviewState::Approved
            && scoped
                .scope()
                .allows(kinerja_domain::access::Permission::EditPlan(y.office.id)),
        review: y.review,
        roles: y.roles,
        recs: rec_rows(&recs, t),
        last_recs: rec_rows(&last_recs, t),
        last_year: last_year.map_or(0, |l| l.get()),
        statuses: FollowUp::ALL
            .iter()
            .map(|f| (f.code(), f.label().get(t.0).to_string()))
            .collect(),
        notice: if q.saved.is_some() {
            t.t("saved").into()
        } else {
            String::new()
        },
    };
    Ok(Html(page.render()?).into_response())
}

struct CriterionRow {
    code: String,
    text: String,
    options: Vec<&'static str>,
    rubric: String,
    evidence: String,
    depends_on: String,
    facts: Vec<String>,
    own: String,
    own_note: String,
    own_by: String,
    fin: String,
    fin_note: String,
    fin_by: String,
    /// The evidence the office gave.
    held: Vec<evidence::Shown>,
}

struct SubBlock {
    code: String,
    name: String,
    weight: String,
    criteria: Vec<CriterionRow>,
}

#[derive(Template)]
#[template(path = "evaluation_component.html")]
struct ComponentPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    component: String,
    name: String,
    weight: String,
    progress_own: usize,
    progress_fin: usize,
    criteria: usize,
    subs: Vec<SubBlock>,
    /// The stage this user answers here (`self`, `final`), or none.
    stage: &'static str,
    final_shown: bool,
    as_of: String,
    notice: String,
    neighbours: Vec<(String, String)>,
    /// The documents a criterion's evidence may name: code and name.
    documents: Vec<(&'static str, String)>,
}

fn criterion_row(
    k: &evaluation::Criterion,
    own: Option<&StoredAnswer>,
    fin: Option<&StoredAnswer>,
    facts: &[evaluation::facts::Fact],
    held: Vec<evidence::Shown>,
    t: Tr,
) -> CriterionRow {
    let value = |a: Option<&StoredAnswer>| a.map(|a| a.answer.code().to_string()).unwrap_or_default();
    let note = |a: Option<&StoredAnswer>| a.and_then(|a| a.note.clone()).unwrap_or_default();
    let by = |a: Option<&StoredAnswer>| a.map(|a| a.by.clone()).unwrap_or_default();
    CriterionRow {
        code: k.code.clone(),
        text: k.text.clone(),
        options: Answer::all(k.kind).iter().map(|a| a.code()).collect(),
        rubric: k.rubric.clone().unwrap_or_default(),
        evidence: k.evidence.clone().unwrap_or_default(),
        depends_on: k.depends_on.clone().unwrap_or_default(),
        facts: facts
            .iter()
            .filter(|f| k.facts.iter().any(|n| n == f.kind))
            .map(|f| {
                let share = f.percent().map(|p| format!(" ({p}%)")).unwrap_or_default();
                format!("{}{share}", f.text.get(t.0))
            })
            .collect(),
        own: value(own),
        own_note: note(own),
        own_by: by(own),
        fin: value(fin),
        fin_note: note(fin),
        fin_by: by(fin),
        held,
    }
}

pub async fn component_page(
    ctx: Signed,
    Path((code, component)): Path<(String, String)>,
    Query(q): Query<EvaluationQuery>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year = ctx.year(q.year).await?;
    let y = load(&scoped, &code, year, t).await?;
    let Some(c) = y.template.components.iter().find(|c| c.code == component) else {
        return Err(WebError::NotFound);
    };
    let (_, facts) = kinerja_documents::lke::facts(&scoped, &y.office, year).await?;
    let held = scoped.lke_evidence(y.office.id, year).await?;
    let code = y.office.code.to_string();
    let evidence_of = |criterion: &str| -> Vec<evidence::Shown> {
        held.iter()
            .filter(|e| e.criterion == criterion)
            .map(|e| evidence::shown(e, &code, year, t.0))
            .collect()
    };
    let find = |list: &[StoredAnswer], code: &str| list.iter().find(|a| a.criterion == code).cloned();
    let subs: Vec<SubBlock> = c
        .subs
        .iter()
        .map(|s| SubBlock {
            code: s.code.clone(),
            name: s.name.clone(),
            weight: points(s.weight),
            criteria: s
                .criteria
                .iter()
                .map(|k| {
                    let (own, fin) = (find(&y.own, &k.code), find(&y.finals, &k.code));
                    criterion_row(k, own.as_ref(), fin.as_ref(), &facts, evidence_of(&k.code), t)
                })
                .collect(),
        })
        .collect();
    let count = |list: &[StoredAnswer]| {
        list.iter()
            .filter(|a| c.subs.iter().any(|s| s.criteria.iter().any(|k| k.code == a.criterion)))
            .count()
    };
    let stage = if y.roles.office {
        Stage::SelfAssessment.code()
    } else if y.roles.member && y.review.state.final_values_open() {
        Stage::Final.code()
    } else {
        ""
    };
    let page = ComponentPage {
        t,
        header: Header::of(&scoped, csrf_token(&ctx.session).await?)
            .with_years(&scoped, &[y.office.id], year)
            .await?,
        code: y.office.code.to_string(),
        office: y.office.name.clone(),
        year,
        component: c.code.clone(),
        name: c.name.clone(),
        weight: points(c.weight),
        progress_own: count(&y.own),
        progress_fin: count(&y.finals),
        criteria: c.subs.iter().map(|s| s.criteria.len()).sum(),
        subs,
        stage,
        final_shown: !y.finals.is_empty() || stage == Stage::Final.code(),
        as_of: format::date(kinerja_store::clock::today_in(y.office.time_zone), t.0),
        notice: if q.saved.is_some() {
            t.t("saved").into()
        } else {
            String::new()
        },
        documents: kinerja_domain::evaluation::evidence::DOCUMENTS
            .iter()
            .map(|(c, id, en)| (*c, kinerja_domain::i18n::Text::new(*id, *en).get(t.0).to_string()))
            .collect(),
        neighbours: y
            .template
            .components
            .iter()
            .map(|c| (c.code.clone(), c.name.clone()))
            .collect(),
    };
    Ok(Html(page.render()?).into_response())
}
