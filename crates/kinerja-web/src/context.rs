//! What every handler of a signed-in page needs, in one place: [`Signed`] (the user's scoped
//! store, language and session; a visitor who is not signed in is sent to the sign-in page)
//! and [`Posted`] (a form of a signed-in user whose CSRF token has been verified before the
//! handler runs: a handler that takes its form through it cannot forget the check).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use kinerja_domain::model::Year;
use kinerja_store::{Scoped, User};
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use crate::extract::{decode, form_body};
use crate::i18n::Tr;
use crate::{AppState, Auth, WebError, check_csrf};

/// A request of a signed-in user.
pub struct Signed {
    pub state: AppState,
    user: User,
    /// The user's language.
    pub t: Tr,
    pub session: Session,
}

/// The session's key for the year the user last chose.
const YEAR_KEY: &str = "year";

impl Signed {
    /// The store as this user sees it.
    pub async fn scoped(&self) -> Result<Scoped<'_>, WebError> {
        Ok(Scoped::for_user_cached(self.state.store.as_ref(), self.state.cache.as_ref(), self.user.clone()).await?)
    }

    /// The year a page shows: see [`chosen_year`].
    pub async fn year(&self, asked: Option<Year>) -> Result<Year, WebError> {
        chosen_year(&self.session, self.state.config.default_year, asked).await
    }
}

/// The year a page shows: the one the address asks for (`?tahun=`), which the session then
/// remembers for every page after it; else the one remembered; else the server's year.
pub(crate) async fn chosen_year(session: &Session, default: Year, asked: Option<Year>) -> Result<Year, WebError> {
    let internal = |e: tower_sessions::session::Error| WebError::Internal(e.to_string());
    let kept = session.get::<i32>(YEAR_KEY).await.map_err(internal)?;
    if let Some(year) = asked {
        if kept != Some(year.get()) {
            session.insert(YEAR_KEY, year.get()).await.map_err(internal)?;
        }
        return Ok(year);
    }
    Ok(kept.and_then(|y| Year::new(i64::from(y))).unwrap_or(default))
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let auth = Auth::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Some(u) = auth.user else {
            return Err(Redirect::to("/masuk").into_response());
        };
        // Signed in to enrol a second factor a rule requires: nothing else until then.
        if crate::second_factor::must_enrol(&session, parts.uri.path()).await {
            return Err(if parts.method == axum::http::Method::GET {
                Redirect::to(crate::second_factor::ACCOUNT).into_response()
            } else {
                crate::WebError::Forbidden(kinerja_domain::i18n::Text::new(
                    "aktifkan verifikasi dua langkah terlebih dahulu",
                    "turn on two-step verification first",
                ))
                .into_response()
            });
        }
        Ok(Signed {
            state: state.clone(),
            t: Tr(u.user.lang),
            user: u.user,
            session,
        })
    }
}

/// A form posted by a signed-in user, checked at the boundary ([`Form`]) and its `csrf` field
/// verified against the session before the handler sees it.
pub struct Posted<T> {
    pub ctx: Signed,
    pub form: T,
}

/// The `csrf` field every posted form carries.
#[derive(serde::Deserialize)]
struct Token {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for Posted<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let ctx = Signed::from_request_parts(&mut parts, state).await?;
        let req = Request::from_parts(parts, body);
        let bytes = form_body(req, state).await.map_err(IntoResponse::into_response)?;
        let token: Token = decode(&bytes).map_err(IntoResponse::into_response)?;
        check_csrf(&ctx.session, &token.csrf)
            .await
            .map_err(IntoResponse::into_response)?;
        let form = decode(&bytes).map_err(IntoResponse::into_response)?;
        Ok(Posted { ctx, form })
    }
}
