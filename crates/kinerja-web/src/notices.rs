//! "Pemberitahuan": what the app tells the signed-in user (figures waiting for their
//! verification, figures returned or reopened, the daily reminder), their e-mail settings, and
//! the words of a notification shared by the page and the e-mail ([`describe`]).

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Office, OfficeId, Year, YearPlan};
use kinerja_domain::notice::{Notice, ReminderCounts};
use kinerja_store::{MailSettings, Notification, StoreError};

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{WebError, csrf_token};

/// Notifications per page.
const PAGE: i64 = 50;

/// A notification in words, several alike taken together (`count`).
pub(crate) struct Line {
    pub id: i64,
    pub title: String,
    pub detail: String,
    /// The page it is about (a path: the e-mail puts the server's address before it).
    pub link: String,
    pub when: String,
    pub unread: bool,
    pub count: usize,
}

/// What [`describe`] needs of the offices named in the notifications.
pub(crate) struct Names<'a> {
    pub offices: &'a [Office],
    pub plans: &'a HashMap<(OfficeId, Year), std::sync::Arc<YearPlan>>,
    /// People by login (who took a step).
    pub people: &'a HashMap<String, String>,
}

/// Notifications in words, newest first as given; neighbours of the same kind about the same
/// unit and period by the same person with the same note, and both read or both unread, become
/// one line with their count (a head told of five figures of one month reads one line).
pub(crate) fn describe(list: &[Notification], names: &Names<'_>, t: Tr) -> Vec<Line> {
    let mut out: Vec<(Line, &Notification)> = Vec::new();
    for n in list {
        if let Some((line, last)) = out.last_mut()
            && n.notice != Notice::Reminder
            && (
                last.notice,
                last.office,
                last.year,
                last.unit,
                last.period,
                &last.actor,
                &last.note,
                last.read,
            ) == (n.notice, n.office, n.year, n.unit, n.period, &n.actor, &n.note, n.read)
        {
            line.count += 1;
            line.title = title(n, names, t, line.count);
            continue;
        }
        out.push((one(n, names, t), n));
    }
    out.into_iter().map(|(l, _)| l).collect()
}

fn one(n: &Notification, names: &Names<'_>, t: Tr) -> Line {
    let office = names.offices.iter().find(|o| o.id == n.office);
    let plan = names.plans.get(&(n.office, n.year));
    let unit = n.unit.and_then(|u| plan.and_then(|p| p.unit(u)));
    let who = n
        .actor
        .as_deref()
        .map(|a| names.people.get(a).cloned().unwrap_or_else(|| a.to_string()));
    let code = office.map(|o| o.code.to_string()).unwrap_or_default();
    let link = match (n.notice, unit, n.period) {
        (Notice::Reminder, ..) => format!("/tugas?tahun={}", n.year),
        (_, Some(u), Some(p)) => format!("/kantor/{code}/pantau?unit={}&periode={p}&tahun={}", u.code, n.year),
        _ => format!("/kantor/{code}?tahun={}", n.year),
    };
    let mut detail = Vec::new();
    if let Some(u) = unit {
        detail.push(u.name.clone());
    }
    if let Some(o) = office {
        detail.push(o.name.clone());
    }
    match (n.notice, &who) {
        (Notice::Submitted, Some(w)) => detail.push(t.fill("notice_by_submitted", w)),
        (Notice::Returned, Some(w)) => detail.push(t.fill("notice_by_returned", w)),
        (Notice::Reopened, Some(w)) => detail.push(t.fill("notice_by_reopened", w)),
        _ => {}
    }
    let mut detail = detail.join(" · ");
    if let (Notice::Returned | Notice::Reopened, Some(note)) = (n.notice, &n.note) {
        detail = format!("{detail} — {}", t.fill("notice_reason", note));
    }
    Line {
        id: n.id,
        title: title(n, names, t, 1),
        detail,
        link,
        when: when(&n.created_at, office.map(|o| o.time_zone).unwrap_or_default(), t.0),
        unread: !n.read,
        count: 1,
    }
}

/// The first line of a notification: what happened to what.
fn title(n: &Notification, names: &Names<'_>, t: Tr, count: usize) -> String {
    let plan = names.plans.get(&(n.office, n.year));
    let indicator = n
        .indicator
        .and_then(|i| plan.and_then(|p| p.indicators.iter().find(|x| x.id == i)))
        .map(|i| i.text.clone())
        .unwrap_or_else(|| t.t("notice_indicator_gone").to_string());
    let period = match n.period {
        Some(p) => format!("{} {}", p.label(t.0), n.year),
        None => n.year.to_string(),
    };
    let what = if count > 1 {
        format!("{} ({period})", t.fill("notice_n_figures", count))
    } else {
        format!("{indicator} ({period})")
    };
    match n.notice {
        Notice::Submitted => t.fill("notice_submitted", what),
        Notice::Returned => t.fill("notice_returned", what),
        Notice::Reopened => t.fill("notice_reopened", what),
        Notice::Reminder => reminder(n, t),
    }
}

/// "Pengingat tugas 2026: 2 menunggu verifikasi, 1 terlambat".
fn reminder(n: &Notification, t: Tr) -> String {
    let c = n.note.as_deref().and_then(ReminderCounts::decode).unwrap_or_default();
    let parts: Vec<String> = [
        (c.to_verify, t.fill("notice_r_to_verify", c.to_verify)),
        (c.returned, t.fill("notice_r_returned", c.returned)),
        (c.due_soon, t.fill("notice_r_due_soon", c.due_soon)),
        (c.late, t.fill("notice_r_late", c.late)),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, words)| words)
    .collect();
    format!("{}: {}", t.fill("notice_reminder", n.year), parts.join(", "))
}

/// "3 Desember 2026 21.05 WIB": the stored RFC 3339 time (UTC) in the office's time zone.
pub(crate) fn when(rfc3339: &str, zone: kinerja_domain::date::TimeZone, lang: Lang) -> String {
    let parsed = (|| {
        let date: kinerja_domain::date::Date = rfc3339.get(..10)?.parse().ok()?;
        let part = |r: std::ops::Range<usize>| rfc3339.get(r)?.parse::<i64>().ok();
        let secs = date.days_since_epoch() * 86_400 + part(11..13)? * 3600 + part(14..16)? * 60;
        let local = secs + zone.offset_hours() * 3600;
        let minutes = local.rem_euclid(86_400) / 60;
        Some(format!(
            "{} {:02}.{:02} {}",
            format::date(zone.date_at(secs), lang),
            minutes / 60,
            minutes % 60,
            zone.code()
        ))
    })();
    parsed.unwrap_or_else(|| rfc3339.to_string())
}

/// The plans and people [`describe`] names, read as `load_plan` reads a plan.
pub(crate) async fn names_for<F, Fut>(
    list: &[Notification],
    mut load_plan: F,
) -> Result<HashMap<(OfficeId, Year), std::sync::Arc<YearPlan>>, StoreError>
where
    F: FnMut(OfficeId, Year) -> Fut,
    Fut: Future<Output = Result<std::sync::Arc<YearPlan>, StoreError>>,
{
    let mut plans = HashMap::new();
    for n in list {
        if let std::collections::hash_map::Entry::Vacant(e) = plans.entry((n.office, n.year)) {
            match load_plan(n.office, n.year).await {
                Ok(p) => {
                    e.insert(p);
                }
                // An office or year gone, or no longer readable: named by what the
                // notification holds.
                Err(StoreError::NotFound { .. } | StoreError::Forbidden(_)) => {}
                Err(other) => return Err(other),
            }
        }
    }
    Ok(plans)
}

#[derive(Template)]
#[template(path = "notices.html")]
struct NoticesPage {
    t: Tr,
    header: Header,
    lines: Vec<Line>,
    newest: i64,
    older: Option<i64>,
    unread: i64,
    settings: MailSettings,
    /// Whether this server sends e-mail at all.
    mail_on: bool,
    error: Option<String>,
    saved: bool,
}

#[derive(serde::Deserialize)]
pub struct NoticesQuery {
    /// Older than this id (the next page).
    #[serde(default, rename = "sebelum")]
    before: Option<i64>,
    #[serde(default, rename = "tersimpan")]
    saved: Option<u8>,
}

pub async fn page(ctx: Signed, Query(q): Query<NoticesQuery>) -> Result<Response, WebError> {
    render(&ctx, q.before, None, q.saved.is_some()).await
}

/// The page; after a refused e-mail address, with the message and what was typed.
async fn render(
    ctx: &Signed,
    before: Option<i64>,
    refused: Option<(String, MailSettings)>,
    saved: bool,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let list = scoped.own_notifications(before, PAGE).await?;
    let offices = scoped.offices().await?;
    let plans = names_for(&list, |o, y| scoped.year_plan(o, y)).await?;
    let mut people = HashMap::new();
    for office in list.iter().map(|n| n.office).collect::<std::collections::HashSet<_>>() {
        let logins: Vec<&str> = list
            .iter()
            .filter(|n| n.office == office)
            .filter_map(|n| n.actor.as_deref())
            .collect();
        people.extend(scoped.names(office, &logins).await?);
    }
    let names = Names {
        offices: &offices,
        plans: &plans,
        people: &people,
    };
    let lines = describe(&list, &names, t);
    let (error, settings) = match refused {
        Some((message, typed)) => (Some(message), typed),
        None => (None, scoped.own_mail_settings().await?),
    };
    let unread = scoped.own_unread_notifications().await?;
    let mut header = Header::of(&scoped, csrf_token(&ctx.session).await?);
    header.notices = Some(unread);
    let page = NoticesPage {
        t,
        header,
        newest: list.first().map_or(0, |n| n.id),
        older: (list.len() as i64 == PAGE).then(|| list.last().map_or(0, |n| n.id)),
        unread,
        lines,
        settings,
        mail_on: ctx.state.config.mail.is_some(),
        error,
        saved,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(serde::Deserialize)]
pub struct NoticesForm {
    #[serde(default)]
    aksi: String,
    #[serde(default)]
    newest: i64,
    #[serde(default)]
    email: String,
    #[serde(default)]
    by_email: Option<String>,
}

pub async fn save(Posted { ctx, form }: Posted<NoticesForm>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    match form.aksi.as_str() {
        "baca" => {
            scoped.mark_own_notifications_read(form.newest).await?;
            Ok(Redirect::to("/notifikasi").into_response())
        }
        "surel" => {
            let settings = MailSettings {
                email: Some(form.email.clone()),
                by_email: form.by_email.is_some(),
            };
            match scoped.set_own_mail_settings(&settings).await {
                Ok(_) => Ok(Redirect::to("/notifikasi?tersimpan=1#surel").into_response()),
                Err(StoreError::Rejected(why)) => {
                    let message = match ctx.t.0 {
                        Lang::Id => why.id,
                        Lang::En => why.en,
                    };
                    render(&ctx, None, Some((message, settings)), false).await
                }
                Err(e) => Err(e.into()),
            }
        }
        other => Err(WebError::BadRequest(format!("field 'aksi': unknown action '{other}'"))),
    }
}

/// The unread count the header shows.
pub(crate) async fn unread(scoped: &kinerja_store::Scoped<'_>) -> Result<i64, WebError> {
    Ok(scoped.own_unread_notifications().await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::date::TimeZone;

    fn notice(id: i64, notice: Notice, indicator: i64, read: bool) -> Notification {
        Notification {
            id,
            user: 1,
            notice,
            office: OfficeId(9),
            year: Year::of(2026),
            unit: Some(kinerja_domain::model::UnitId(3)),
            indicator: Some(kinerja_domain::model::IndicatorId(indicator)),
            period: Some(kinerja_domain::period::Period::Month(10)),
            actor: Some("operator.x".into()),
            note: None,
            created_at: "2026-11-03T01:00:00Z".into(),
            read,
        }
    }

    #[test]
    fn alike_neighbours_are_one_line_with_their_count() {
        let list = [
            notice(5, Notice::Submitted, 40, false),
            notice(4, Notice::Submitted, 41, false),
            notice(3, Notice::Submitted, 42, false),
            // Read: a line of its own.
            notice(2, Notice::Submitted, 43, true),
            notice(1, Notice::Returned, 44, true),
        ];
        let people = HashMap::from([("operator.x".to_string(), "Operator X".to_string())]);
        let names = Names {
            offices: &[],
            plans: &HashMap::new(),
            people: &people,
        };
        let lines = describe(&list, &names, Tr(Lang::Id));
        let shown: Vec<(i64, &str, usize, bool)> = lines
            .iter()
            .map(|l| (l.id, l.title.as_str(), l.count, l.unread))
            .collect();
        assert_eq!(
            shown,
            [
                (5, "Menunggu verifikasi Anda: 3 capaian (Oktober 2026)", 3, true),
                (
                    2,
                    "Menunggu verifikasi Anda: indikator yang sudah dihapus (Oktober 2026)",
                    1,
                    false
                ),
                (1, "Dikembalikan: indikator yang sudah dihapus (Oktober 2026)", 1, false),
            ]
        );
        assert!(
            lines[0].detail.contains("dikirim oleh Operator X"),
            "{}",
            lines[0].detail
        );
    }

    #[test]
    fn times_are_told_in_the_offices_zone() {
        // 14.07 UTC is 21.07 in Jakarta (WIB, +7), 23.07 in Jayapura (WIT, +9); 17.30 UTC is
        // past midnight in Makassar (WITA, +8).
        assert_eq!(
            when("2026-12-03T14:07:59Z", TimeZone::Wib, Lang::Id),
            "3 Desember 2026 21.07 WIB"
        );
        assert_eq!(
            when("2026-12-03T14:07:59Z", TimeZone::Wit, Lang::En),
            "3 December 2026 23.07 WIT"
        );
        assert_eq!(
            when("2026-12-31T17:30:00Z", TimeZone::Wita, Lang::Id),
            "1 Januari 2027 01.30 WITA"
        );
        assert_eq!(when("rusak", TimeZone::Wib, Lang::Id), "rusak");
    }
}
