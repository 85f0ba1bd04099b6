//! What the operators of a national service rely on, besides `/metrics` ([`crate::metrics`]):
//! readiness, request ids in logs and answers, and the hourly housekeeping claimed by one server.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use kinerja_store::Store;

use crate::{AppState, auth, metrics};

/// Ready for requests (for a load balancer or an orchestrator): the database answers and every
/// migration this binary carries is applied: 200 `ready`; else 503 saying which of the two
/// (the database's own error goes to the log, not to the caller).
pub(crate) async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    match state.store.pending_migrations().await {
        Ok(pending) if pending.is_empty() => "ready".into_response(),
        Ok(pending) => {
            let list: Vec<String> = pending.iter().map(i64::to_string).collect();
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("migrations not applied: {}", list.join(", ")),
            )
                .into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

/// The header naming a request in the logs and to the user's browser.
const REQUEST_ID: &str = "x-request-id";

/// Gives every request an id: the one a proxy in front sent (letters, digits, `.`, `_`, `-`, at
/// most 64), or a new random one; it is in every log line of the request (see
/// [`request_span`]) and in the answer's `X-Request-Id`, so an operator finds what a user saw.
pub(crate) async fn request_id(mut req: axum::extract::Request, next: middleware::Next) -> Response {
    let given = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
        .map(str::to_string);
    // A session id's 128 random bits, written base64url (letters, digits, `-`, `_`).
    let id = given.unwrap_or_else(|| tower_sessions::session::Id::default().to_string());
    let value = HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("-"));
    req.headers_mut().insert(REQUEST_ID, value.clone());
    let mut res = next.run(req).await;
    res.headers_mut().insert(REQUEST_ID, value);
    res
}

/// The span of a request's log lines: its id, method and path (never the query or the body).
pub(crate) fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", id, method = %req.method(), path = req.uri().path())
}

/// How often expired sessions are removed.
const SESSION_PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);
/// How long a job's claim is kept (see [`kinerja_store::NoticeStore::forget_jobs`]).
const JOB_CLAIMS_KEPT_DAYS: i64 = 90;

/// Every hour, by one server of the database (the first to claim the hour): removes expired
/// sessions (signing out removes one's own; a session left to expire would otherwise stay in
/// the table) and job claims older than [`JOB_CLAIMS_KEPT_DAYS`].
pub(crate) async fn housekeeping(store: Arc<dyn Store>, metrics: Arc<metrics::Metrics>) {
    let mut every = tokio::time::interval(SESSION_PURGE_EVERY);
    loop {
        every.tick().await;
        let now = auth::now();
        let hour = &kinerja_store::clock::rfc3339(now)[..13];
        match store.claim_job(&format!("housekeeping:{hour}")).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::debug!(hour, "housekeeping done by another server");
                metrics.job("housekeeping", "skipped");
                continue;
            }
            Err(e) => {
                tracing::warn!(error = %e, "housekeeping not claimed");
                metrics.job("housekeeping", "failed");
                continue;
            }
        }
        let before = kinerja_store::clock::rfc3339(now - JOB_CLAIMS_KEPT_DAYS * 86_400);
        match (store.session_purge(now).await, store.forget_jobs(&before).await) {
            (Ok(sessions), Ok(claims)) => {
                tracing::info!(
                    sessions,
                    claims,
                    hour,
                    "housekeeping: expired sessions and old job claims removed"
                );
                metrics.job("housekeeping", "done");
            }
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(error = %e, "housekeeping failed");
                metrics.job("housekeeping", "failed");
            }
        }
    }
}
