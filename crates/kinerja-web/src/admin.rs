//! The office's users (pengguna), for its admins: who holds which role, adding a user, resetting
//! a password, disabling and enabling. Everything goes through [`Scoped`], which lets an admin
//! manage only the users whose every role is in their own office.

use crate::extract::Query;
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::access::{Grant, Role};
use kinerja_domain::i18n::{Lang, Text};
use kinerja_domain::model::Login;
use kinerja_store::{NewUser, Scoped, StoreError};
use tower_sessions::Session;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{AppState, WebError, csrf_token};

pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub roles: String,
    pub disabled: bool,
    pub is_self: bool,
    /// API tokens in use (not revoked).
    pub tokens: Vec<TokenRow>,
    /// Whether they sign in with a second factor.
    pub second_factor: bool,
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: String,
}

/// A login of the office whose sign-ins from an address wait after failures.
pub struct WaitRow {
    pub login: String,
    pub address: String,
    pub failures: u32,
    pub wait: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
}

/// A band of the scale being edited, as the form shows it.
pub struct BandRow {
    pub n: usize,
    pub label: String,
    pub lower: String,
    pub lower_inclusive: bool,
    pub upper: String,
    pub upper_inclusive: bool,
    pub colour: String,
}

pub struct ScaleView {
    pub code: String,
    pub name: String,
    pub bands: String,
    pub issues: String,
    pub chosen: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    users: Vec<UserRow>,
    roles: Vec<Choice>,
    units: Vec<Choice>,
    notice: String,
    error: String,
    waits: Vec<WaitRow>,
    login_suffix: String,
    /// The longest login part that leaves room for the suffix.
    login_max: usize,
    typed_login: String,
    typed_name: String,
    /// The roles the office requires a second factor of (ticked), and the server's.
    second_factor_roles: Vec<(Choice, bool)>,
    second_factor_everywhere: String,
    unit_rows: Vec<UnitRow>,
    kinds: Vec<Choice>,
    scales: Vec<ScaleView>,
    edited_scale: String,
    edited_name: String,
    bands: Vec<BandRow>,
    colours: Vec<Choice>,
}

/// Empty band rows offered under the scale's own.
const BLANK_BANDS: usize = 2;

fn band_rows(bands: &[kinerja_domain::scale::Band]) -> Vec<BandRow> {
    let dec = |d: kinerja_domain::Decimal| d.normalize().to_string();
    let mut rows: Vec<BandRow> = bands
        .iter()
        .enumerate()
        .map(|(n, b)| BandRow {
            n,
            label: b.label.clone(),
            lower: b.lower.map(|x| dec(x.value)).unwrap_or_default(),
            lower_inclusive: b.lower.is_some_and(|x| x.inclusive),
            upper: b.upper.map(|x| dec(x.value)).unwrap_or_default(),
            upper_inclusive: b.upper.is_some_and(|x| x.inclusive),
            colour: b.colour.clone().unwrap_or_default(),
        })
        .collect();
    let start = rows.len();
    rows.extend((start..start + BLANK_BANDS).map(|n| BandRow {
        n,
        label: String::new(),
        lower: String::new(),
        lower_inclusive: true,
        upper: String::new(),
        upper_inclusive: false,
        colour: String::new(),
    }));
    rows
}

#[derive(serde::Deserialize, Default)]
pub struct UsersQuery {
    /// Set after a save, to say so.
    #[serde(rename = "tersimpan")]
    saved: Option<u8>,
    /// The login of a user just added (as made: with the office's code).
    #[serde(rename = "baru")]
    added: Option<String>,
    /// A password was reset: the user's tokens were revoked with it.
    #[serde(rename = "sandi")]
    password_reset: Option<u8>,
}

#[derive(Default)]
struct Typed {
    login: String,
    name: String,
    error: String,
}

/// The office's users with their roles here and their live tokens.
fn user_rows(
    users: &[kinerja_store::User],
    tokens: &std::collections::HashMap<i64, Vec<kinerja_store::token::ApiToken>>,
    units: &[kinerja_domain::model::Unit],
    office: kinerja_domain::model::OfficeId,
    me: i64,
    t: Tr,
) -> Vec<UserRow> {
    let unit_name = |id: kinerja_domain::model::UnitId| {
        units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    users
        .iter()
        .map(|u| UserRow {
            second_factor: false,
            tokens: tokens
                .get(&u.id)
                .into_iter()
                .flatten()
                .filter(|k| !k.revoked)
                .map(|k| TokenRow {
                    id: k.id,
                    name: k.name.clone(),
                    created_at: k.created_at.clone(),
                })
                .collect(),
            id: u.id,
            login: u.login.to_string(),
            name: u.name.clone(),
            roles: u
                .grants
                .iter()
                .filter(|g| g.office == office)
                .map(|g| match g.unit {
                    Some(unit) => format!("{} ({})", g.role.label(t.0), unit_name(unit)),
                    None => g.role.label(t.0).to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            disabled: u.disabled,
            is_self: u.id == me,
        })
        .collect()
}

/// The scales the office may use, the `chosen` one marked, each with its gaps and overlaps.
fn scale_views(all_scales: Vec<kinerja_domain::scale::CategoryScale>, chosen: Option<&str>, t: Tr) -> Vec<ScaleView> {
    all_scales
        .into_iter()
        .map(|sc| ScaleView {
            chosen: chosen == Some(sc.code.as_str()),
            bands: sc.bands.iter().map(|b| b.label.clone()).collect::<Vec<_>>().join(" · "),
            issues: sc
                .validate()
                .iter()
                .map(|i| i.text().get(t.0).to_string())
                .collect::<Vec<_>>()
                .join("; "),
            code: sc.code,
            name: sc.name,
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn render(
    t: Tr,
    state: &AppState,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    typed: Typed,
    notice: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let users = scoped.office_users(office.id).await?;
    let units = scoped.store_units(office.id).await?;
    let mut tokens = std::collections::HashMap::new();
    for u in users.iter().filter(|u| u.id != scoped.user().id) {
        // Only users whose every role is in this office are the admin's to manage.
        if let Ok(list) = scoped.office_user_tokens(office.id, u.id).await {
            tokens.insert(u.id, list);
        }
    }
    let logins: Vec<&str> = users.iter().map(|u| u.login.as_str()).collect();
    let waits = state
        .throttle
        .waiting(&logins)
        .into_iter()
        .map(|w| WaitRow {
            login: w.login,
            address: w.address.to_string(),
            failures: w.failures,
            wait: if w.wait.is_zero() {
                "—".into()
            } else {
                crate::wait_label(t, w.wait)
            },
        })
        .collect();
    let mut rows = user_rows(&users, &tokens, &units, office.id, scoped.user().id, t);
    let required = mark_second_factors(scoped, office.id, &mut rows).await?;
    let unit_rows = units
        .iter()
        .map(|u| UnitRow {
            code: u.code.clone(),
            name: u.name.clone(),
            kind: unit_kind_label(t, u.kind.code()).to_string(),
            parent: u
                .parent
                .and_then(|p| units.iter().find(|x| x.id == p))
                .map(|p| p.code.clone())
                .unwrap_or_default(),
        })
        .collect();
    let all_scales = scoped.scales_for(office.id).await?;
    let edited = all_scales
        .iter()
        .find(|sc| office.scale.as_deref() == Some(sc.code.as_str()))
        .or(all_scales.first())
        .cloned();
    let scales = scale_views(all_scales, office.scale.as_deref(), t);
    let page = UsersPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?),
        office: office.name.clone(),
        code: office.code.to_string(),
        users: rows,
        roles: Role::ALL
            .into_iter()
            .map(|r| Choice {
                value: r.code().into(),
                label: r.label(t.0).into(),
            })
            .collect(),
        units: units
            .iter()
            .map(|u| Choice {
                value: u.id.to_string(),
                label: u.name.clone(),
            })
            .collect(),
        notice,
        error: typed.error,
        waits,
        login_suffix: format!(".{}", office.code),
        login_max: kinerja_domain::input::Field::Login
            .max_chars()
            .saturating_sub(office.code.len() + 1)
            .max(3),
        typed_login: typed.login,
        typed_name: typed.name,
        second_factor_roles: second_factor_choices(t, &required),
        second_factor_everywhere: role_names(t, &state.config.second_factor_roles),
        unit_rows,
        kinds: ["commission", "secretariat", "division", "subsection"]
            .into_iter()
            .map(|k| Choice {
                value: k.into(),
                label: unit_kind_label(t, k).into(),
            })
            .collect(),
        scales,
        edited_scale: edited.as_ref().map(|s| s.code.clone()).unwrap_or_default(),
        edited_name: edited.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
        bands: band_rows(edited.as_ref().map(|s| s.bands.as_slice()).unwrap_or_default()),
        colours: ["", "red", "yellow", "green", "blue"]
            .into_iter()
            .map(|c| Choice {
                value: c.into(),
                label: if c.is_empty() {
                    "—".into()
                } else {
                    colour_label(t, c).into()
                },
            })
            .collect(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// Marks the rows of users who sign in with a second factor; the roles the office requires it of.
async fn mark_second_factors(
    scoped: &Scoped<'_>,
    office: kinerja_domain::model::OfficeId,
    rows: &mut [UserRow],
) -> Result<Vec<Role>, WebError> {
    let with = scoped.office_second_factors(office).await?;
    for row in rows {
        row.second_factor = with.contains(&row.id);
    }
    Ok(scoped.office_second_factor_roles(office).await?)
}

/// Every role as a checkbox, ticked where the office requires a second factor of it.
fn second_factor_choices(t: Tr, required: &[Role]) -> Vec<(Choice, bool)> {
    Role::ALL
        .into_iter()
        .map(|r| {
            let choice = Choice {
                value: r.code().into(),
                label: r.label(t.0).into(),
            };
            (choice, required.contains(&r))
        })
        .collect()
}

/// Roles by name, separated by commas.
fn role_names(t: Tr, roles: &[Role]) -> String {
    roles.iter().map(|r| r.label(t.0)).collect::<Vec<_>>().join(", ")
}

/// A unit kind in the user's words.
fn unit_kind_label(t: Tr, code: &str) -> &'static str {
    match code {
        "commission" => t.t("unit_kind_commission"),
        "secretariat" => t.t("unit_kind_secretariat"),
        "division" => t.t("unit_kind_division"),
        _ => t.t("unit_kind_subsection"),
    }
}

/// A band colour in the user's words.
fn colour_label(t: Tr, code: &str) -> &'static str {
    match code {
        "red" => t.t("colour_red"),
        "yellow" => t.t("colour_yellow"),
        "green" => t.t("colour_green"),
        _ => t.t("colour_blue"),
    }
}

pub async fn page(ctx: Signed, Path(code): Path<String>, Query(q): Query<UsersQuery>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let notice = match (&q.added, q.password_reset, q.saved) {
        (Some(login), _, _) => t.fill("user_added", login),
        (None, Some(_), _) => t.t("password_reset_tokens").to_string(),
        (None, None, Some(_)) => t.t("saved").to_string(),
        _ => String::new(),
    };
    render(
        t,
        state,
        &scoped,
        session,
        &code,
        Typed::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// Bands from the form's `b{n}_…` fields; empty rows are dropped.
fn read_bands(fields: &crate::extract::Fields, t: Tr) -> Result<Vec<kinerja_domain::scale::Band>, String> {
    use kinerja_domain::scale::{Band, Bound};
    let get = |k: String| fields.get(&k).trim().to_string();
    let count = fields.pairs().iter().filter(|(k, _)| k.ends_with("_label")).count();
    let mut bands = Vec::new();
    for n in 0..count {
        let label = get(format!("b{n}_label"));
        let lower = get(format!("b{n}_lower"));
        let upper = get(format!("b{n}_upper"));
        if label.is_empty() && lower.is_empty() && upper.is_empty() {
            continue;
        }
        if label.is_empty() {
            return Err(format!("{} {}: {}", t.t("band"), n + 1, t.t("err_band_label")));
        }
        let bound = |raw: &str, inclusive: bool| -> Result<Option<Bound>, String> {
            if raw.is_empty() {
                return Ok(None);
            }
            kinerja_domain::value::Value::parse(raw)
                .ok()
                .and_then(|v| v.number())
                .map(|value| Some(Bound { value, inclusive }))
                .ok_or_else(|| format!("{label}: '{raw}' {}", t.t("err_not_a_number")))
        };
        let colour = get(format!("b{n}_colour"));
        bands.push(Band {
            lower: bound(&lower, !get(format!("b{n}_lower_inclusive")).is_empty())?,
            upper: bound(&upper, !get(format!("b{n}_upper_inclusive")).is_empty())?,
            colour: (!colour.is_empty()).then_some(colour),
            label,
        });
    }
    if bands.is_empty() {
        return Err(t.t("err_no_bands").into());
    }
    Ok(bands)
}

/// The fields of the users page's forms (`aksi` says which form).
pub struct UserForm {
    aksi: String,
    user: i64,
    login: String,
    name: String,
    role: String,
    unit: String,
    password: String,
    reason: String,
    token: i64,
    /// Every field, for the band editor's numbered rows.
    bands: crate::extract::Fields,
}

type Saved = Result<Option<String>, StoreError>;

/// Adds a user of the office with one grant (a unit for the roles on one unit).
async fn add_user(
    scoped: &Scoped<'_>,
    office: &kinerja_domain::model::Office,
    form: &UserForm,
    reason: &str,
    t: Tr,
) -> Saved {
    let role: Result<Role, String> = form.role.parse();
    match role {
        Err(e) => Err(StoreError::Invalid(e)),
        Ok(role) => {
            let unit = form
                .unit
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|u| *u > 0)
                .map(kinerja_domain::model::UnitId);
            if role.needs_unit() != unit.is_some() {
                Err(StoreError::Invalid(t.t("err_role_unit").into()))
            } else {
                let login = Login::in_office(&form.login, &office.code).map_err(|e| {
                    StoreError::Rejected(Text::new(
                        format!(
                            "nama pengguna '{}': pakai huruf kecil a–z, angka, '.', '-' atau '_', diawali huruf, paling banyak 64 dengan kode kantor",
                            e.input
                        ),
                        format!(
                            "login '{}': use lowercase a–z, digits, '.', '-' or '_', beginning with a letter, at most 64 with the office's code",
                            e.input
                        ),
                    ))
                });
                match (login, kinerja_store::password::hash_async(form.password.clone()).await) {
                    (Err(e), _) => Err(e),
                    (_, Err(e)) => Err(StoreError::Invalid(e.to_string())),
                    (Ok(login), Ok(hash)) => {
                        let new = NewUser {
                            login,
                            name: form.name.trim().to_string(),
                            password_hash: hash,
                            lang: Lang::Id,
                            grants: vec![Grant {
                                role,
                                office: office.id,
                                unit,
                            }],
                        };
                        scoped
                            .create_office_user(office.id, &new, reason)
                            .await
                            .map(|u| Some(format!("baru={}", u.login)))
                    }
                }
            }
        }
    }
}

/// Adds or changes a unit of the office.
async fn save_unit(
    scoped: &Scoped<'_>,
    office: &kinerja_domain::model::Office,
    form: &UserForm,
    reason: &str,
    t: Tr,
) -> Saved {
    let kind: Result<kinerja_domain::model::UnitKind, _> = form.role.parse();
    match kind {
        Err(e) => Err(StoreError::Invalid(e)),
        Ok(kind) => {
            let draft = kinerja_store::UnitDraft {
                office: office.code.to_string(),
                code: form.login.trim().to_string(),
                name: form.name.trim().to_string(),
                kind,
                parent: Some(form.unit.trim().to_string()).filter(|p| !p.is_empty()),
                aliases: vec![],
            };
            if draft.code.is_empty() || draft.name.is_empty() {
                Err(StoreError::Invalid(t.t("err_unit_fields").into()))
            } else {
                scoped.save_office_unit(office, draft, reason).await.map(|()| None)
            }
        }
    }
}

/// Saves the office's own copy of a category scale with the bands typed.
async fn save_bands(
    scoped: &Scoped<'_>,
    office: &kinerja_domain::model::Office,
    form: &UserForm,
    reason: &str,
    t: Tr,
) -> Result<Saved, WebError> {
    let base = scoped
        .scales_for(office.id)
        .await?
        .into_iter()
        .find(|sc| sc.code == form.unit)
        .ok_or(WebError::NotFound)?;
    Ok(match read_bands(&form.bands, t) {
        Err(message) => Err(StoreError::Invalid(message)),
        Ok(bands) => {
            let scale = kinerja_domain::scale::CategoryScale {
                name: if form.name.trim().is_empty() {
                    base.name.clone()
                } else {
                    form.name.trim().to_string()
                },
                bands,
                ..base
            };
            scoped.save_office_scale(office, scale, reason).await.map(|_| None)
        }
    })
}

/// Adds a user, resets a password, disables or enables: `aksi` says which.
pub async fn save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<crate::extract::Fields>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let field = |k: &str| fields.get(k).to_string();
    let form = UserForm {
        aksi: field("aksi"),
        user: field("user").trim().parse().unwrap_or(0),
        login: field("login"),
        name: field("name"),
        role: field("role"),
        unit: field("unit"),
        password: field("password"),
        reason: field("reason"),
        token: field("token").trim().parse().unwrap_or(0),
        bands: fields.clone(),
    };
    let t = ctx.t;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let reason = if form.reason.trim().is_empty() {
        t.t("users_default_reason").to_string()
    } else {
        form.reason.trim().to_string()
    };
    let result = match form.aksi.as_str() {
        "add" => add_user(&scoped, &office, &form, &reason, t).await,
        "disable" => scoped
            .set_office_user_disabled(office.id, form.user, true, &reason)
            .await
            .map(|_| None),
        "enable" => scoped
            .set_office_user_disabled(office.id, form.user, false, &reason)
            .await
            .map(|_| None),
        "password" => scoped
            .reset_office_user_password(office.id, form.user, &form.password, &reason)
            .await
            .map(|_| Some("sandi=1".to_string())),
        "revoke_token" => scoped
            .revoke_office_user_token(office.id, form.user, form.token, &reason)
            .await
            .map(|_| None),
        "clear_wait" => {
            let users = scoped.office_users(office.id).await?;
            let Some(login) = form
                .login
                .parse::<Login>()
                .ok()
                .filter(|l| users.iter().any(|u| u.login == *l))
            else {
                return Err(WebError::NotFound);
            };
            scoped.record_wait_cleared(office.id, &login, &reason).await?;
            state.throttle.clear(&login);
            Ok(None)
        }
        "reset_second_factor" => scoped
            .reset_office_user_second_factor(office.id, form.user, &reason)
            .await
            .map(|()| None),
        "second_factor_roles" => {
            let mut roles = vec![];
            for (k, v) in fields.pairs() {
                if k == "sf_role" {
                    roles.push(
                        v.parse::<Role>()
                            .map_err(|e| WebError::BadRequest(format!("sf_role: {e}")))?,
                    );
                }
            }
            scoped
                .set_office_second_factor_roles(office.id, &roles, &reason)
                .await
                .map(|()| None)
        }
        "unit" => save_unit(&scoped, &office, &form, &reason, t).await,
        "scale" => {
            let scale = Some(form.unit.trim().to_string()).filter(|s| !s.is_empty());
            scoped.set_office_scale(&office, scale, &reason).await.map(|()| None)
        }
        "bands" => save_bands(&scoped, &office, &form, &reason, t).await?,
        other => return Err(WebError::BadRequest(format!("unknown action '{other}'"))),
    };
    match result {
        Ok(query) => Ok(Redirect::to(&format!(
            "/kantor/{}/pengguna?{}",
            office.code,
            query.unwrap_or_else(|| "tersimpan=1".into())
        ))
        .into_response()),
        Err(e @ (StoreError::Invalid(_) | StoreError::Rejected(_))) => {
            let message = match e {
                StoreError::Rejected(text) => text.get(t.0).to_string(),
                other => other.to_string(),
            };
            let typed = Typed {
                login: form.login,
                name: form.name,
                error: message,
            };
            render(
                t,
                state,
                &scoped,
                session,
                &code,
                typed,
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
