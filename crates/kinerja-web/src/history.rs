//! "Riwayat perubahan": the audit log in the web app. One record's history (an indicator, a
//! figure, a unit's plan) for anyone who reads the office, linked from where the record is
//! shown; the whole office's log, filtered by kind, person and dates and paged, for its admins,
//! planners, reviewers and oversight. Each entry says who, when, what changed (before → after,
//! field by field) and why.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::{Html, IntoResponse, Response};
use kinerja_domain::date::Date;
use kinerja_domain::model::{Office, Year, YearPlan};
use kinerja_store::{AuditEntry, AuditQuery, Scoped};
use serde_json::Value as Json;

use crate::context::Signed;
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{WebError, csrf_token};

/// Entries per page.
const PAGE: i64 = 50;
/// Fields listed per entry, and characters per value: a whole Renstra is summed up, not shown.
const MAX_FIELDS: usize = 12;
const MAX_VALUE_CHARS: usize = 160;

/// The kinds of change the filter offers, and the entities each covers.
const CATEGORIES: &[(&str, &[&str])] = &[
    ("capaian", &["realisation", "action_progress", "comment", "deadlines"]),
    (
        "rencana",
        &[
            "objective",
            "indicator",
            "rak",
            "budget",
            "pk_signature",
            "renstra",
            "unit_plan",
            "merge",
        ],
    ),
    ("pengguna", &["user", "api_token", "sign_in_wait"]),
    ("kantor", &["office", "unit", "person", "positions", "scale"]),
];

#[derive(serde::Deserialize, Default)]
pub struct HistoryQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    /// A category of [`CATEGORIES`].
    #[serde(default, rename = "jenis")]
    category: String,
    /// One record: its kind and id.
    #[serde(default, rename = "entitas")]
    entity: String,
    #[serde(default)]
    id: String,
    /// A unit's plan of the year: its code.
    #[serde(default)]
    unit: String,
    #[serde(default, rename = "pelaku")]
    actor: String,
    #[serde(default, rename = "dari")]
    from: String,
    #[serde(default, rename = "sampai")]
    to: String,
    #[serde(default, rename = "sebelum")]
    before: Option<i64>,
}

pub(crate) struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

pub(crate) struct Row {
    pub when: String,
    pub who: String,
    pub what: String,
    pub action: String,
    pub changes: Vec<Change>,
    pub more: usize,
    pub reason: String,
    /// A deletion the user may still undo: its audit entry (0 otherwise).
    pub restore: i64,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    /// What the page is the history of ("" for the office's log).
    subject: String,
    rows: Vec<Row>,
    /// The address of the next page ("" when this is the last).
    older: String,
    /// The whole log's filter, for who may read it.
    may_filter: bool,
    categories: Vec<(String, String)>,
    category: String,
    actor: String,
    from: String,
    to: String,
    error: String,
}

pub async fn page(ctx: Signed, Path(code): Path<String>, Query(q): Query<HistoryQuery>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let year = ctx.year(q.year).await?;
    let plan = scoped.year_plan(office.id, year).await?;
    let mut error = String::new();
    let mut date = |text: &str| match text.trim() {
        "" => None,
        d => d.parse::<Date>().ok().or_else(|| {
            error = format!("'{d}': {}", t.t("history_bad_date"));
            None
        }),
    };
    let (from, to) = (date(&q.from), date(&q.to));
    let (subject, query) = subject_of(&q, &plan, t)?;
    let query = AuditQuery {
        entities: if query.records.is_empty() && query.entities.is_empty() {
            CATEGORIES
                .iter()
                .find(|(c, _)| *c == q.category)
                .map(|(_, e)| e.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default()
        } else {
            query.entities
        },
        actor: Some(q.actor.trim().to_string()).filter(|a| !a.is_empty()),
        from,
        to,
        before: q.before,
        limit: PAGE,
        ..query
    };
    let entries = scoped.office_history(office.id, query).await?;
    let rows = rows(&scoped, &office, &entries, t).await?;
    let older = if entries.len() as i64 == PAGE {
        let last = entries.last().map_or(0, |e| e.id);
        let keep: Vec<(&str, String)> = [
            ("tahun", year.to_string()),
            ("jenis", q.category.clone()),
            ("entitas", q.entity.clone()),
            ("id", q.id.clone()),
            ("unit", q.unit.clone()),
            ("pelaku", q.actor.clone()),
            ("dari", q.from.clone()),
            ("sampai", q.to.clone()),
            ("sebelum", last.to_string()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        let query = serde_urlencoded::to_string(&keep).unwrap_or_default();
        format!("/kantor/{}/riwayat?{query}", office.code)
    } else {
        String::new()
    };
    let page = HistoryPage {
        t,
        header: Header::of(&scoped, csrf_token(&ctx.session).await?)
            .with_years(&scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        subject,
        rows,
        older,
        may_filter: scoped.may_read_office_log(office.id),
        categories: [
            ("capaian", t.t("history_cat_figures")),
            ("rencana", t.t("history_cat_plan")),
            ("pengguna", t.t("history_cat_users")),
            ("kantor", t.t("history_cat_office")),
        ]
        .into_iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect(),
        category: q.category.clone(),
        actor: q.actor.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        error,
    };
    Ok(Html(page.render()?).into_response())
}

/// What the page is the history of, and the records it asks for: one record
/// (`entitas`+`id`), the periods of an indicator's figures (`entitas=realisation&id=134/`), a
/// unit's plan of the year (`unit`: its objectives, indicators, RAK, budget, signature), or
/// nothing (the office's log).
fn subject_of(q: &HistoryQuery, plan: &YearPlan, t: Tr) -> Result<(String, AuditQuery), WebError> {
    if !q.unit.is_empty() {
        let unit = plan.find_unit(&q.unit).ok_or(WebError::NotFound)?;
        let mut records: Vec<(String, String)> = ["rak", "budget", "pk_signature"]
            .into_iter()
            .map(|e| (e.to_string(), format!("{}/{}", unit.id, plan.year)))
            .collect();
        records.push(("unit_plan".into(), format!("{}/{}", unit.code, plan.year)));
        for o in plan.objectives_of(unit.id) {
            records.push(("objective".into(), o.id.to_string()));
            records.extend(
                plan.indicators_of(o.id)
                    .map(|i| ("indicator".to_string(), i.id.to_string())),
            );
        }
        let subject = format!("{} {} {}", t.t("history_of_plan"), unit.name, plan.year);
        return Ok((
            subject,
            AuditQuery {
                records,
                ..Default::default()
            },
        ));
    }
    if q.entity.is_empty() {
        return Ok((String::new(), AuditQuery::default()));
    }
    let entity = q.entity.trim();
    if !entity.chars().all(|c| c.is_ascii_lowercase() || c == '_') || q.id.trim().is_empty() {
        return Err(WebError::BadRequest(
            "fields 'entitas' and 'id': a record's kind and its id".into(),
        ));
    }
    let subject = what_in(entity, q.id.trim(), &[plan], None, t);
    let query = match q.id.trim().strip_suffix('/') {
        Some(prefix) => AuditQuery {
            entities: vec![entity.to_string()],
            entity_id_prefix: Some(format!("{prefix}/")),
            ..Default::default()
        },
        None => AuditQuery {
            records: vec![(entity.to_string(), q.id.trim().to_string())],
            ..Default::default()
        },
    };
    Ok((subject, query))
}

async fn rows(scoped: &Scoped<'_>, office: &Office, entries: &[AuditEntry], t: Tr) -> Result<Vec<Row>, WebError> {
    let logins: Vec<&str> = entries.iter().map(|e| e.actor.as_str()).collect();
    let names = scoped.names(office.id, &logins).await?;
    // Names of indicators and objectives from every year of the office that has a plan.
    let mut plans: Vec<std::sync::Arc<YearPlan>> = Vec::new();
    for y in scoped.plan_years(office.id).await? {
        plans.push(scoped.year_plan(office.id, y).await?);
    }
    let plans: Vec<&YearPlan> = plans.iter().map(|p| p.as_ref()).collect();
    // Deletions of objectives and indicators the user may undo: recent, not undone yet.
    let oldest = kinerja_store::clock::rfc3339(kinerja_store::clock::now_unix() - kinerja_store::RESTORE_DAYS * 86_400);
    let deletions: Vec<i64> = entries
        .iter()
        .filter(|e| e.action == "delete" && matches!(e.entity.as_str(), "objective" | "indicator") && e.at >= oldest)
        .map(|e| e.id)
        .collect();
    let may_restore = scoped
        .scope()
        .allows(kinerja_domain::access::Permission::EditPlan(office.id));
    let restored = if may_restore && !deletions.is_empty() {
        scoped.restored(office.id, &deletions).await?
    } else {
        vec![]
    };
    Ok(entries
        .iter()
        .map(|e| {
            let id = e.entity_id.as_deref().unwrap_or("");
            let (changes, more) = changes(e.before.as_deref(), e.after.as_deref(), t);
            let snapshot = e.before.as_deref().or(e.after.as_deref());
            Row {
                when: crate::notices::when(&e.at, office.time_zone, t.0),
                who: names.get(&e.actor).cloned().unwrap_or_else(|| e.actor.clone()),
                what: what_in(&e.entity, id, &plans, snapshot, t),
                action: action(&e.action, t),
                changes,
                more,
                reason: e.reason.clone().unwrap_or_default(),
                restore: if may_restore && deletions.contains(&e.id) && !restored.contains(&e.id) {
                    e.id
                } else {
                    0
                },
            }
        })
        .collect())
}

/// What a record is, named from any of `plans`, else from its stored snapshot's text, else by
/// its id.
fn what_in(entity: &str, id: &str, plans: &[&YearPlan], snapshot: Option<&str>, t: Tr) -> String {
    let name = plans.iter().find_map(|p| named(entity, id, p, t)).or_else(|| {
        snapshot
            .and_then(|s| serde_json::from_str::<Json>(s).ok())
            .and_then(|j| j.get("text").and_then(Json::as_str).map(str::to_string))
    });
    format!("{} {}", label(entity, t), name.unwrap_or_else(|| id.to_string()))
}

/// A record's name as people know it ("Persentase …", "Persentase … — Juli"), when `plan`
/// holds it.
fn named(entity: &str, id: &str, plan: &YearPlan, t: Tr) -> Option<String> {
    let indicator = |i: &str| {
        i.parse::<i64>()
            .ok()
            .and_then(|i| plan.indicators.iter().find(|x| x.id.0 == i))
            .map(|i| i.text.clone())
    };
    let unit = |u: &str| {
        u.parse::<i64>()
            .ok()
            .and_then(|u| plan.units.iter().find(|x| x.id.0 == u))
            .or_else(|| plan.find_unit(u))
            .map(|u| u.name.clone())
    };
    match entity {
        "indicator" => indicator(id),
        "objective" => id
            .parse::<i64>()
            .ok()
            .and_then(|o| plan.objectives.iter().find(|x| x.id.0 == o))
            .map(|o| o.text.clone()),
        "realisation" => id.split_once('/').and_then(|(i, p)| {
            let period = match p {
                "" => t.t("history_all_periods").to_string(),
                p => p.parse::<kinerja_domain::period::Period>().ok()?.label(t.0),
            };
            indicator(i).map(|i| format!("{i} — {period}"))
        }),
        "rak" | "budget" | "pk_signature" | "unit_plan" => id
            .split_once('/')
            .and_then(|(u, y)| unit(u).map(|u| format!("{u} {y}"))),
        _ => None,
    }
}

fn label(entity: &str, t: Tr) -> &'static str {
    match entity {
        "realisation" => t.t("history_e_realisation"),
        "indicator" => t.t("history_e_indicator"),
        "objective" => t.t("history_e_objective"),
        "rak" => t.t("history_e_rak"),
        "budget" => t.t("history_e_budget"),
        "pk_signature" => t.t("history_e_signature"),
        "renstra" => t.t("history_e_renstra"),
        "unit_plan" | "merge" => t.t("history_e_unit_plan"),
        "user" => t.t("history_e_user"),
        "api_token" => t.t("history_e_token"),
        "comment" => t.t("history_e_comment"),
        "action_progress" => t.t("history_e_action"),
        "deadlines" => t.t("history_e_deadlines"),
        _ => t.t("history_e_other"),
    }
}

fn action(code: &str, t: Tr) -> String {
    match code {
        "create" => t.t("history_a_create").to_string(),
        "update" | "update_settings" | "set" | "set_realised" | "set_links" => t.t("history_a_update").to_string(),
        "delete" => t.t("history_a_delete").to_string(),
        "replace" | "merge" => t.t("history_a_replace").to_string(),
        "submit" => t.t("history_a_submit").to_string(),
        "verify" => t.t("history_a_verify").to_string(),
        "return" => t.t("history_a_return").to_string(),
        "reopen" => t.t("history_a_reopen").to_string(),
        "sign" => t.t("history_a_sign").to_string(),
        other => other.replace('_', " "),
    }
}

/// The fields that differ between two snapshots (JSON), named as the forms name them, with at
/// most [`MAX_FIELDS`] listed and how many more there are.
pub(crate) fn changes(before: Option<&str>, after: Option<&str>, t: Tr) -> (Vec<Change>, usize) {
    let parse = |s: Option<&str>| s.and_then(|s| serde_json::from_str::<Json>(s).ok());
    let (b, a) = (parse(before), parse(after));
    let mut out = Vec::new();
    match (&b, &a) {
        (Some(Json::Object(_)) | None, Some(Json::Object(_)) | None) => {
            let empty = serde_json::Map::new();
            let bo = b.as_ref().and_then(Json::as_object).unwrap_or(&empty);
            let ao = a.as_ref().and_then(Json::as_object).unwrap_or(&empty);
            let keys = ao.keys().chain(bo.keys().filter(|k| !ao.contains_key(*k)));
            for k in keys {
                // What "Apa" already names, and the store's own counters.
                if HIDDEN.contains(&k.as_str()) {
                    continue;
                }
                let (x, y) = (bo.get(k), ao.get(k));
                let empty = |v: Option<&Json>| v.is_none_or(|v| v.is_null() || v.as_array().is_some_and(Vec::is_empty));
                if x != y && !(empty(x) && empty(y)) {
                    let shown = |v: Option<&Json>| v.map(|v| show_field(k, v, t)).unwrap_or_default();
                    out.push(Change {
                        field: field(k, t),
                        before: shown(x),
                        after: shown(y),
                    });
                }
            }
        }
        _ if b != a => out.push(Change {
            field: String::new(),
            before: b.as_ref().map(|v| show(v, t)).unwrap_or_default(),
            after: a.as_ref().map(|v| show(v, t)).unwrap_or_default(),
        }),
        _ => {}
    }
    let more = out.len().saturating_sub(MAX_FIELDS);
    out.truncate(MAX_FIELDS);
    (out, more)
}

/// Fields not listed: ids the entry names already, versions.
const HIDDEN: &[&str] = &["id", "version", "indicator", "period", "objective", "unit", "office"];

/// A field's name as the forms say it; an unknown one with its underscores as spaces.
fn field(key: &str, t: Tr) -> String {
    let known = match key {
        "value" => t.t("history_f_value"),
        "status" => t.t("history_f_status"),
        "evidence" => t.t("history_f_evidence"),
        "obstacles" => t.t("history_f_obstacles"),
        "follow_up" => t.t("history_f_follow_up"),
        "return_reason" => t.t("history_f_return_reason"),
        "text" => t.t("history_f_text"),
        "pk_target" => t.t("history_f_pk_target"),
        "rak_target" => t.t("history_f_rak_target"),
        "settings" => t.t("history_f_settings"),
        "computation" => t.t("history_f_computation"),
        "data_source" => t.t("history_f_data_source"),
        "email" => t.t("history_f_email"),
        "name" => t.t("history_f_name"),
        _ => "",
    };
    if known.is_empty() {
        key.replace('_', " ")
    } else {
        known.to_string()
    }
}

/// A field's value: a figure's status in words, anything else by [`show`].
fn show_field(key: &str, v: &Json, t: Tr) -> String {
    match (
        key,
        v.as_str().map(str::parse::<kinerja_domain::model::RealisationStatus>),
    ) {
        ("status", Some(Ok(status))) => crate::monitoring::status_label(t, Some(status)).to_string(),
        _ => show(v, t),
    }
}

/// A stored value as a line of text, cut at [`MAX_VALUE_CHARS`].
fn show(v: &Json, t: Tr) -> String {
    let text = match v {
        Json::Null => "—".to_string(),
        Json::Bool(true) => t.t("history_yes").to_string(),
        Json::Bool(false) => t.t("history_no").to_string(),
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        // A value is stored with its kind: its text is what was typed.
        Json::Object(o) if o.contains_key("raw") => o.get("raw").and_then(Json::as_str).unwrap_or("").to_string(),
        // A list of texts (evidence): one after the other.
        Json::Array(items) if items.iter().all(Json::is_string) => {
            items.iter().filter_map(Json::as_str).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    };
    let mut cut: String = text.chars().take(MAX_VALUE_CHARS).collect();
    if text.chars().count() > MAX_VALUE_CHARS {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::i18n::Lang;

    #[test]
    fn a_change_lists_what_differs_field_by_field() {
        let t = Tr(Lang::Id);
        let before =
            r#"{"id":1,"value":{"kind":"percent","raw":"90%"},"status":"submitted","evidence":["a.pdf"],"version":3}"#;
        let after = r#"{"id":1,"value":{"kind":"percent","raw":"92,5%"},"status":"returned","evidence":["a.pdf"],"return_reason":"kurang","version":4}"#;
        let (c, more) = changes(Some(before), Some(after), t);
        let shown: Vec<(&str, &str, &str)> = c
            .iter()
            .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            shown,
            // In the order the record's fields sort (serde_json keeps no other).
            [
                ("Alasan pengembalian", "", "kurang"),
                ("Status", "Diajukan", "Dikembalikan"),
                ("Nilai", "90%", "92,5%"),
            ]
        );
        assert_eq!(more, 0);
        // Created: every field after; deleted: every field before; a long value is cut.
        let long = format!(r#"{{"text":"{}"}}"#, "x".repeat(500));
        let (c, _) = changes(None, Some(&long), t);
        assert_eq!(c[0].after.chars().count(), MAX_VALUE_CHARS + 1);
        let (c, _) = changes(Some(r#"{"text":"Sasaran lama","version":2}"#), None, t);
        assert_eq!(
            (c[0].field.as_str(), c[0].before.as_str(), c[0].after.as_str()),
            ("Teks", "Sasaran lama", "")
        );
        // Many fields: the first twelve, and how many more.
        let many = format!(
            "{{{}}}",
            (0..20).map(|n| format!("\"f{n}\":{n}")).collect::<Vec<_>>().join(",")
        );
        let (c, more) = changes(None, Some(&many), t);
        assert_eq!((c.len(), more), (MAX_FIELDS, 8));
        // Not JSON objects (a list of deadlines): one line, before and after.
        let (c, _) = changes(Some("[1,2]"), Some("[1,3]"), t);
        assert_eq!(
            (c.len(), c[0].before.as_str(), c[0].after.as_str()),
            (1, "[1,2]", "[1,3]")
        );
        assert!(changes(Some("[1]"), Some("[1]"), t).0.is_empty());
    }
}
