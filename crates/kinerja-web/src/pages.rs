//! Page models and their askama templates (`templates/`). All text is escaped by askama; numbers
//! are written by `kinerja_domain::format`.

use askama::Template;
use kinerja_domain::Decimal;
use kinerja_domain::achievement::OfficeAchievement;
use kinerja_domain::format;
use kinerja_domain::model::YearPlan;
use kinerja_domain::scale::CategoryScale;
use kinerja_store::Scoped;
use rust_decimal::prelude::ToPrimitive;

use crate::WebError;
use crate::i18n::Tr;

/// Who is signed in, for the page header.
pub struct Header {
    pub name: String,
    pub login: String,
    pub csrf: String,
}

impl Header {
    pub(crate) fn of(scoped: &Scoped<'_>, csrf: String) -> Self {
        Header {
            name: scoped.user().name.clone(),
            login: scoped.user().login.clone(),
            csrf,
        }
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignIn<'a> {
    t: Tr,
    login: &'a str,
    error: Option<&'a str>,
    csrf: &'a str,
}

pub fn sign_in(t: Tr, login: &str, error: Option<&str>, csrf: &str) -> Result<String, WebError> {
    Ok(SignIn { t, login, error, csrf }.render()?)
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: Tr,
    status: u16,
    message: &'a str,
}

pub fn error_page(t: Tr, status: u16, message: &str) -> axum::response::Html<String> {
    axum::response::Html(
        ErrorPage { t, status, message }
            .render()
            .unwrap_or_else(|_| message.to_string()),
    )
}

pub struct OfficeRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub indicators: usize,
    pub realisations: usize,
    pub achievement: String,
}

#[derive(Template)]
#[template(path = "offices.html")]
struct Offices {
    t: Tr,
    header: Header,
    year: i32,
    rows: Vec<OfficeRow>,
}

pub fn offices(t: Tr, scoped: &Scoped<'_>, year: i32, rows: Vec<OfficeRow>, csrf: String) -> Result<String, WebError> {
    Ok(Offices {
        t,
        header: Header::of(scoped, csrf),
        year,
        rows,
    }
    .render()?)
}

pub struct IndicatorView {
    pub text: String,
    pub target: String,
    pub realisation: String,
    pub achievement: String,
    pub note: String,
}

pub struct ObjectiveView {
    pub text: String,
    pub achievement: String,
    pub indicators: Vec<IndicatorView>,
}

pub struct UnitView {
    pub name: String,
    pub achievement: String,
    /// Bar length in the 0–300 chart (150% fills it).
    pub bar: u32,
    pub colour: &'static str,
    pub objectives: Vec<ObjectiveView>,
}

#[derive(Template)]
#[template(path = "office.html")]
struct OfficePage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: i32,
    scale: String,
    achievement: String,
    units: Vec<UnitView>,
}

fn pct(p: Option<Decimal>) -> String {
    p.map(format::percent).unwrap_or_else(|| "-".into())
}

/// Traffic-light colours of a scale band, readable in print.
fn colour(scale: Option<&CategoryScale>, p: Option<Decimal>) -> &'static str {
    let band = p.and_then(|p| scale.and_then(|s| s.categorise(p)));
    match band.and_then(|b| b.colour.as_deref()) {
        Some("red") => "#c0392b",
        Some("yellow") => "#d4a017",
        Some("green") => "#2e8b57",
        Some("blue") => "#1f5fa8",
        _ => "#6b7280",
    }
}

pub fn office(
    t: Tr,
    scoped: &Scoped<'_>,
    plan: &YearPlan,
    result: &OfficeAchievement,
    scale: Option<&CategoryScale>,
    csrf: String,
) -> Result<String, WebError> {
    let objective_text = |id| {
        plan.objectives
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.text.clone())
            .unwrap_or_default()
    };
    let units = result
        .units
        .iter()
        .map(|u| UnitView {
            name: plan.unit(u.unit).map(|x| x.name.clone()).unwrap_or_default(),
            achievement: pct(u.rolled.achievement),
            bar: u
                .rolled
                .achievement
                .and_then(|p| (p.min(Decimal::from(150)).max(Decimal::ZERO) * Decimal::from(2)).to_u32())
                .unwrap_or(0),
            colour: colour(scale, u.rolled.achievement),
            objectives: u
                .objectives
                .iter()
                .map(|o| ObjectiveView {
                    text: objective_text(o.objective),
                    achievement: pct(o.rolled.achievement),
                    indicators: o
                        .indicators
                        .iter()
                        .map(|a| {
                            let ind = plan.indicators.iter().find(|i| i.id == a.indicator);
                            let (achievement, note) = match &a.achievement {
                                Ok(p) if a.from_supporting > 0 => (
                                    format::percent(*p),
                                    format!(
                                        "{} ({} {})",
                                        a.category.clone().unwrap_or_default(),
                                        t.t("from_supporting"),
                                        a.from_supporting
                                    ),
                                ),
                                Ok(p) => (format::percent(*p), a.category.clone().unwrap_or_default()),
                                Err(e) => ("-".into(), e.text().get(t.0).to_string()),
                            };
                            IndicatorView {
                                text: ind.map(|i| i.text.clone()).unwrap_or_default(),
                                target: a
                                    .target
                                    .as_ref()
                                    .map(|v| v.raw().to_string())
                                    .unwrap_or_else(|| "-".into()),
                                realisation: a
                                    .realisation
                                    .as_ref()
                                    .map(|v| v.raw().to_string())
                                    .unwrap_or_else(|| "-".into()),
                                achievement,
                                note,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(OfficePage {
        t,
        header: Header::of(scoped, csrf),
        office: plan.office.name.clone(),
        code: plan.office.code.clone(),
        year: plan.year,
        scale: scale.map(|s| s.name.clone()).unwrap_or_default(),
        achievement: pct(result.rolled.achievement),
        units,
    }
    .render()?)
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage<'a> {
    t: Tr,
    header: Header,
    error: Option<&'a str>,
    done: bool,
}

pub fn password(t: Tr, scoped: &Scoped<'_>, csrf: String, error: Option<&str>, done: bool) -> Result<String, WebError> {
    Ok(PasswordPage {
        t,
        header: Header::of(scoped, csrf),
        error,
        done,
    }
    .render()?)
}
