//! Two-step verification (TOTP, see [`kinerja_store::second_factor`]).
//!
//! - Sign-in: a user with a second factor is not signed in by the password alone: the session
//!   remembers who passed it (for five minutes) and `/masuk/kode` asks for a code of their app or
//!   a recovery code; only then are they signed in. Wrong codes count as wrong passwords do.
//! - A user whom a rule requires it of (the office's roles, or the server's
//!   `--require-second-factor`) and who has none is signed in but reaches only
//!   `/akun/dua-faktor` until they enrol ([`Signed`](crate::context::Signed) enforces it for
//!   every page).
//! - `/akun/dua-faktor`: enrol (a QR code drawn here, the key typed as an alternative, a code to
//!   confirm), ten recovery codes shown once, new codes, turning it off where no rule requires it.
//!
//! API tokens are not affected: a token is a credential of its own, made by a signed-in user.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_login::AuthnBackend;
use kinerja_store::second_factor as sf;
use kinerja_store::{Actor, Scoped};
use tower_sessions::Session;

use crate::auth::WebUser;
use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{AppState, Auth, WebError, anon, client, csrf_token};

/// The account page of the second factor.
pub(crate) const ACCOUNT: &str = "/akun/dua-faktor";
/// The session's key for who passed the password and when: `(user id, unix seconds)`.
const PENDING: &str = "sf_pending";
/// The session's key saying the signed-in user must enrol before anything else.
pub(crate) const MUST_ENROL: &str = "sf_enrol";
/// The session's key for the secret offered for enrolment (kept until confirmed).
const CANDIDATE: &str = "sf_candidate";
/// How long after the password the code may come.
const PENDING_SECONDS: i64 = 5 * 60;
/// The issuer name apps show beside the account.
const ISSUER: &str = "Kinerja KPU";

fn internal(e: impl std::fmt::Display) -> WebError {
    WebError::Internal(e.to_string())
}

/// After a right password: signs in, or asks for the code first, or signs in for enrolment only.
pub(crate) async fn after_password(state: &AppState, auth: &mut Auth, user: WebUser) -> Result<Response, WebError> {
    let store = state.store.as_ref();
    if store.second_factor(user.user.id).await?.is_some() {
        auth.session
            .insert(PENDING, (user.user.id, crate::auth::now()))
            .await
            .map_err(internal)?;
        return Ok(Redirect::to("/masuk/kode").into_response());
    }
    let required =
        kinerja_store::scoped::second_factor_required(store, &user.user, &state.config.second_factor_roles).await?;
    auth.login(&user).await.map_err(internal)?;
    if required {
        auth.session.insert(MUST_ENROL, true).await.map_err(internal)?;
        return Ok(Redirect::to(ACCOUNT).into_response());
    }
    Ok(Redirect::to("/").into_response())
}

/// Whether the session must enrol before reaching `path`.
pub(crate) async fn must_enrol(session: &Session, path: &str) -> bool {
    path != ACCOUNT && matches!(session.get::<bool>(MUST_ENROL).await, Ok(Some(true)))
}

#[derive(Template)]
#[template(path = "second_factor_code.html")]
struct CodePage<'a> {
    t: Tr,
    csrf: &'a str,
    error: Option<&'a str>,
}

fn code_form(
    state: &AppState,
    headers: &HeaderMap,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let form = anon::form(&state.form_key, headers, state.config.secure_cookies);
    let page = CodePage {
        t: anon::lang(headers),
        csrf: &form.token,
        error,
    }
    .render()?;
    let mut res = (status, Html(page)).into_response();
    if let Some(cookie) = form.set_cookie {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(res)
}

/// Who passed the password in this session, while the code may still come.
async fn pending(session: &Session) -> Result<Option<i64>, WebError> {
    let Some((user, since)) = session.get::<(i64, i64)>(PENDING).await.map_err(internal)? else {
        return Ok(None);
    };
    if crate::auth::now() - since > PENDING_SECONDS {
        session.remove::<(i64, i64)>(PENDING).await.map_err(internal)?;
        return Ok(None);
    }
    Ok(Some(user))
}

/// `GET /masuk/kode`.
pub(crate) async fn code_page(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if pending(&auth.session).await?.is_none() {
        return Ok(Redirect::to("/masuk").into_response());
    }
    code_form(&state, &headers, None, StatusCode::OK)
}

#[derive(serde::Deserialize)]
pub(crate) struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /masuk/kode`: a code of the app or a recovery code completes the sign-in.
pub(crate) async fn code_submit(
    State(state): State<AppState>,
    client::ClientAddr(address): client::ClientAddr,
    mut auth: Auth,
    headers: HeaderMap,
    axum::Form(form): axum::Form<CodeForm>,
) -> Result<Response, WebError> {
    anon::check(&state.form_key, &headers, &form.csrf)?;
    let t = anon::lang(&headers);
    let Some(id) = pending(&auth.session).await? else {
        return crate::sign_in_form(&state, &headers, "", Some(t.t("sf_expired")), StatusCode::UNAUTHORIZED);
    };
    let store = state.store.as_ref();
    let Some(user) = auth.backend.get_user(&id).await.map_err(internal)? else {
        return Ok(Redirect::to("/masuk").into_response());
    };
    let login = user.user.login.to_string();
    if let Some(wait) = state.throttle.refused(&login, address) {
        let message = t.fill("err_throttled", crate::wait_label(t, wait));
        return code_form(&state, &headers, Some(&message), StatusCode::TOO_MANY_REQUESTS);
    }
    let Some(factor) = store.second_factor(id).await? else {
        // Reset by an admin meanwhile: the password alone is checked again.
        auth.session.remove::<(i64, i64)>(PENDING).await.map_err(internal)?;
        return Ok(Redirect::to("/masuk").into_response());
    };
    let code = form.code.trim();
    let passed = if code.len() > 20 {
        false
    } else if code.bytes().any(|b| b.is_ascii_alphabetic() || b == b'-') {
        let actor = Actor::new(format!("web:{login}"));
        store.use_recovery_code(&actor, id, &sf::recovery_hash(code)).await?
    } else {
        match sf::matching_step(&factor.secret, code, crate::auth::now(), factor.last_step) {
            Some(step) => store.accept_second_factor_step(id, step).await?,
            None => false,
        }
    };
    if !passed {
        state.throttle.failed(&login, address);
        tracing::info!(%address, "second step failed");
        return code_form(&state, &headers, Some(t.t("sf_wrong")), StatusCode::UNAUTHORIZED);
    }
    state.throttle.succeeded(&login, address);
    auth.session.remove::<(i64, i64)>(PENDING).await.map_err(internal)?;
    auth.login(&user).await.map_err(internal)?;
    Ok(Redirect::to("/").into_response())
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct AccountPage<'a> {
    t: Tr,
    header: Header,
    required: bool,
    since: Option<String>,
    recovery_left: i64,
    /// The secret offered and its QR code (a data: URL), when not enrolled.
    secret: String,
    qr: String,
    /// Recovery codes just made, shown once.
    codes: Vec<String>,
    notice: String,
    error: Option<&'a str>,
}

/// The page as `ctx`'s user sees it now.
async fn render(
    ctx: &Signed,
    scoped: &Scoped<'_>,
    codes: Vec<String>,
    notice: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let factor = scoped.own_second_factor().await?;
    let required = kinerja_store::scoped::second_factor_required(
        ctx.state.store.as_ref(),
        scoped.user(),
        &ctx.state.config.second_factor_roles,
    )
    .await?;
    let (secret, qr) = match &factor {
        Some(_) => (String::new(), String::new()),
        None => {
            let secret = candidate(&ctx.session).await?;
            let url = sf::otpauth_url(&secret, ISSUER, scoped.user().login.as_str());
            (grouped(&secret), qr_data_url(&url)?)
        }
    };
    let page = AccountPage {
        t: ctx.t,
        header: Header::of(scoped, csrf_token(&ctx.session).await?),
        required,
        since: factor
            .as_ref()
            .map(|f| f.since.replace('T', " ").trim_end_matches('Z').to_string() + " UTC"),
        recovery_left: factor.as_ref().map_or(0, |f| f.recovery_left),
        secret,
        qr,
        codes,
        notice: notice.to_string(),
        error,
    }
    .render()?;
    Ok((status, Html(page)).into_response())
}

/// The secret offered to this session for enrolment (made once, kept until confirmed).
async fn candidate(session: &Session) -> Result<String, WebError> {
    if let Some(s) = session.get::<String>(CANDIDATE).await.map_err(internal)? {
        return Ok(s);
    }
    let secret = sf::new_secret();
    session.insert(CANDIDATE, &secret).await.map_err(internal)?;
    Ok(secret)
}

/// `ABCD EFGH …`: a key typed by hand in groups of four.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The QR code of `text` as an SVG `data:` URL (the page's policy allows images from data:).
fn qr_data_url(text: &str) -> Result<String, WebError> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(internal)?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .build();
    Ok(format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `GET /akun/dua-faktor`.
pub(crate) async fn account_page(ctx: Signed) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    render(&ctx, &scoped, vec![], "", None, StatusCode::OK).await
}

/// `POST /akun/dua-faktor`: `aksi` enrol (with a code of the offered secret), codes (new recovery
/// codes, with a code of the app) or remove (with a code, where no rule requires it).
pub(crate) async fn account_save(
    client::ClientAddr(address): client::ClientAddr,
    Posted { ctx, form }: Posted<crate::extract::Fields>,
) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let login = scoped.user().login.to_string();
    if let Some(wait) = ctx.state.throttle.refused(&login, address) {
        let message = t.fill("err_throttled", crate::wait_label(t, wait));
        return render(&ctx, &scoped, vec![], "", Some(&message), StatusCode::TOO_MANY_REQUESTS).await;
    }
    let now = crate::auth::now();
    let code = form.get("code").trim().to_string();
    let factor = scoped.own_second_factor().await?;
    let (secret, last_step) = match (form.get("aksi"), &factor) {
        ("enrol", _) => (candidate(&ctx.session).await?, 0),
        ("codes" | "remove", Some(f)) => (f.secret.clone(), f.last_step),
        ("codes" | "remove", None) => {
            return render(
                &ctx,
                &scoped,
                vec![],
                "",
                Some(t.t("sf_needed")),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        (other, _) => return Err(WebError::BadRequest(format!("unknown action '{other}'"))),
    };
    let step = sf::matching_step(&secret, &code, now, last_step);
    let step = match (step, factor.is_some()) {
        (Some(s), true) if scoped.accept_own_second_factor_step(s).await? => Some(s),
        (Some(s), false) => Some(s),
        _ => None,
    };
    let Some(step) = step else {
        ctx.state.throttle.failed(&login, address);
        return render(
            &ctx,
            &scoped,
            vec![],
            "",
            Some(t.t("sf_wrong")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    ctx.state.throttle.succeeded(&login, address);
    if form.get("aksi") == "remove" {
        scoped
            .remove_own_second_factor(&ctx.state.config.second_factor_roles)
            .await?;
        return render(&ctx, &scoped, vec![], t.t("sf_removed"), None, StatusCode::OK).await;
    }
    let codes = sf::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| sf::recovery_hash(c)).collect();
    scoped.enrol_own_second_factor(&secret, step, &hashes).await?;
    ctx.session.remove::<String>(CANDIDATE).await.map_err(internal)?;
    ctx.session.remove::<bool>(MUST_ENROL).await.map_err(internal)?;
    render(&ctx, &scoped, codes, t.t("sf_done"), None, StatusCode::OK).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_is_rfc_4648s() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn keys_are_shown_in_groups_of_four() {
        assert_eq!(super::grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
