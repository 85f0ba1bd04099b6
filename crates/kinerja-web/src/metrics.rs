//! What the operators of a server watch, in the Prometheus text format (`/metrics`): requests
//! by route and status with their latency, the database pools, document renders, imports and
//! the background jobs. No personal data: routes are the router's templates
//! (`/kantor/{code}/pantau`), never the path asked for, so one label set per route and the
//! memory stays bounded whatever is requested.
//!
//! Reached on the main address with `Authorization: Bearer <KINERJA_METRICS_TOKEN>` (404 when no
//! token is configured: the page does not exist for the public), or without a token on a second
//! address of its own (`kinerja serve --metrics-listen`), bound where only the monitoring
//! system reaches.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;

/// The upper bounds (seconds) of the latency buckets: a page in milliseconds, a document or a
/// scan's import in seconds.
const BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

#[derive(Default, Clone)]
struct Histogram {
    /// Observations at or below each bound of [`BUCKETS`] (not cumulative; summed when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, took: Duration) {
        let seconds = took.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }

    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(self.buckets) {
            cumulative += n;
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{bound}\"}} {cumulative}");
        }
        let _ = writeln!(out, "{name}_bucket{{{labels}le=\"+Inf\"}} {}", self.count);
        let labels = labels.trim_end_matches(',');
        let _ = writeln!(out, "{name}_sum{{{labels}}} {}", self.sum);
        let _ = writeln!(out, "{name}_count{{{labels}}} {}", self.count);
    }
}

#[derive(Default)]
struct Route {
    statuses: BTreeMap<u16, u64>,
    latency: Histogram,
}

/// The counters of one server since it started.
pub struct Metrics {
    started: Instant,
    /// By (route template, method).
    requests: Mutex<BTreeMap<(String, &'static str), Route>>,
    /// By (document, outcome).
    renders: Mutex<BTreeMap<(String, &'static str), Histogram>>,
    /// By outcome.
    imports: Mutex<BTreeMap<&'static str, Histogram>>,
    /// By (job, outcome): done, skipped (another server ran it), failed.
    jobs: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            started: Instant::now(),
            requests: Mutex::default(),
            renders: Mutex::default(),
            imports: Mutex::default(),
            jobs: Mutex::default(),
        }
    }
}

/// A method as a label: the few the router serves, every other one as `other`.
fn method_label(method: &axum::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        _ => "other",
    }
}

/// A label value with `\`, `"` and line breaks escaped.
fn escaped(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

impl Metrics {
    /// One request answered: its route (`None`: no route matched), method, status and time.
    pub fn request(&self, route: Option<&str>, method: &axum::http::Method, status: StatusCode, took: Duration) {
        let key = (route.unwrap_or("unmatched").to_string(), method_label(method));
        let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let entry = requests.entry(key).or_default();
        *entry.statuses.entry(status.as_u16()).or_default() += 1;
        entry.latency.observe(took);
    }

    /// One document rendered (`kind`: pk, rak, lkj, lke, lhe…), or not.
    pub fn render(&self, kind: &str, ok: bool, took: Duration) {
        let outcome = if ok { "ok" } else { "failed" };
        let mut renders = self.renders.lock().unwrap_or_else(|p| p.into_inner());
        renders.entry((kind.to_string(), outcome)).or_default().observe(took);
    }

    /// One file read by an import: `ok`, `refused` (a file it cannot read) or `failed`.
    pub fn import(&self, outcome: &'static str, took: Duration) {
        let mut imports = self.imports.lock().unwrap_or_else(|p| p.into_inner());
        imports.entry(outcome).or_default().observe(took);
    }

    /// One run of a background job: `done`, `skipped` (another server of the database ran it)
    /// or `failed`.
    pub fn job(&self, job: &'static str, outcome: &'static str) {
        let mut jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        *jobs.entry((job, outcome)).or_default() += 1;
    }

    /// Everything, in the Prometheus text format (version 0.0.4).
    pub fn render_text(&self, pools: &[kinerja_store::PoolStats]) -> String {
        let mut out = String::new();
        out.push_str("# HELP kinerja_up_seconds Seconds since this server started.\n# TYPE kinerja_up_seconds gauge\n");
        let _ = writeln!(out, "kinerja_up_seconds {}", self.started.elapsed().as_secs());
        self.write_requests(&mut out);
        out.push_str("# HELP kinerja_db_connections Connections of each database pool: open, idle, most.\n# TYPE kinerja_db_connections gauge\n");
        for p in pools {
            for (state, n) in [("open", p.open), ("idle", p.idle), ("max", p.max)] {
                let _ = writeln!(
                    out,
                    "kinerja_db_connections{{pool=\"{}\",state=\"{state}\"}} {n}",
                    p.pool
                );
            }
        }
        out.push_str("# HELP kinerja_document_render_seconds Official documents rendered, by kind and outcome.\n# TYPE kinerja_document_render_seconds histogram\n");
        for ((kind, outcome), h) in self.renders.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let labels = format!("kind=\"{}\",outcome=\"{outcome}\",", escaped(kind));
            h.write(&mut out, "kinerja_document_render_seconds", &labels);
        }
        out.push_str("# HELP kinerja_import_seconds Files read by the import, by outcome.\n# TYPE kinerja_import_seconds histogram\n");
        for (outcome, h) in self.imports.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            h.write(&mut out, "kinerja_import_seconds", &format!("outcome=\"{outcome}\","));
        }
        out.push_str("# HELP kinerja_jobs_total Runs of the background jobs, by job and outcome.\n# TYPE kinerja_jobs_total counter\n");
        for ((job, outcome), n) in self.jobs.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = writeln!(out, "kinerja_jobs_total{{job=\"{job}\",outcome=\"{outcome}\"}} {n}");
        }
        out
    }

    fn write_requests(&self, out: &mut String) {
        let requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str("# HELP kinerja_http_requests_total Requests answered, by route, method and status.\n# TYPE kinerja_http_requests_total counter\n");
        for ((route, method), r) in requests.iter() {
            for (status, n) in &r.statuses {
                let _ = writeln!(
                    out,
                    "kinerja_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    escaped(route)
                );
            }
        }
        out.push_str("# HELP kinerja_http_request_seconds Time to answer, by route and method.\n# TYPE kinerja_http_request_seconds histogram\n");
        for ((route, method), r) in requests.iter() {
            let labels = format!("route=\"{}\",method=\"{method}\",", escaped(route));
            r.latency.write(out, "kinerja_http_request_seconds", &labels);
        }
    }
}

/// Counts every request (the outermost layer but one: a panic is counted as its 500).
pub(crate) async fn track(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let started = Instant::now();
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let method = req.method().clone();
    let res = next.run(req).await;
    state
        .metrics
        .request(route.as_deref(), &method, res.status(), started.elapsed());
    res
}

/// `/metrics` on the main address: the configured token as a bearer token, else 404 (401 with
/// a wrong one).
pub(crate) async fn guarded(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = &state.config.metrics_token else {
        return crate::WebError::NotFound.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as digests: the time taken says nothing of how much of the token was right.
    if Sha256::digest(given.as_bytes()) != Sha256::digest(token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "metrics need the configured token\n",
        )
            .into_response();
    }
    open(State(state)).await
}

/// `/metrics` on the metrics address: no token (the address is the protection).
pub(crate) async fn open(State(state): State<AppState>) -> Response {
    let body = state.metrics.render_text(&state.store.pool_stats());
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_template_and_buckets_are_cumulative() {
        let m = Metrics::default();
        let get = axum::http::Method::GET;
        m.request(Some("/kantor/{code}"), &get, StatusCode::OK, Duration::from_millis(3));
        m.request(Some("/kantor/{code}"), &get, StatusCode::OK, Duration::from_millis(40));
        m.request(
            Some("/kantor/{code}"),
            &get,
            StatusCode::NOT_FOUND,
            Duration::from_secs(60),
        );
        m.request(
            None,
            &axum::http::Method::from_bytes(b"BREW").unwrap(),
            StatusCode::NOT_FOUND,
            Duration::ZERO,
        );
        m.job("housekeeping", "skipped");
        m.render("lkj", true, Duration::from_millis(200));
        let text = m.render_text(&[kinerja_store::PoolStats {
            pool: "shared",
            open: 3,
            idle: 2,
            max: 8,
        }]);
        for line in [
            r#"kinerja_http_requests_total{route="/kantor/{code}",method="GET",status="200"} 2"#,
            r#"kinerja_http_requests_total{route="/kantor/{code}",method="GET",status="404"} 1"#,
            r#"kinerja_http_requests_total{route="unmatched",method="other",status="404"} 1"#,
            // 3 ms in the 5 ms bucket; 40 ms from the 50 ms bucket on; 60 s in none but +Inf.
            r#"kinerja_http_request_seconds_bucket{route="/kantor/{code}",method="GET",le="0.005"} 1"#,
            r#"kinerja_http_request_seconds_bucket{route="/kantor/{code}",method="GET",le="0.025"} 1"#,
            r#"kinerja_http_request_seconds_bucket{route="/kantor/{code}",method="GET",le="0.05"} 2"#,
            r#"kinerja_http_request_seconds_bucket{route="/kantor/{code}",method="GET",le="30"} 2"#,
            r#"kinerja_http_request_seconds_bucket{route="/kantor/{code}",method="GET",le="+Inf"} 3"#,
            r#"kinerja_http_request_seconds_count{route="/kantor/{code}",method="GET"} 3"#,
            r#"kinerja_db_connections{pool="shared",state="idle"} 2"#,
            r#"kinerja_jobs_total{job="housekeeping",outcome="skipped"} 1"#,
            r#"kinerja_document_render_seconds_count{kind="lkj",outcome="ok"} 1"#,
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
        }
        let sum: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix(r#"kinerja_http_request_seconds_sum{route="/kantor/{code}",method="GET"} "#))
            .and_then(|v| v.parse().ok())
            .unwrap();
        assert!((sum - 60.043).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escaped("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
