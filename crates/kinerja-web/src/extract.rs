//! The boundary of the web application: what a request may carry before a handler sees it.
//!
//! - [`reject_bad_urls`]: a path or query holding a control character (`/kantor/%00`) is
//!   refused here, so no lookup ever sends one to the database.
//! - [`Form`] and [`Query`] replace axum's: at most [`MAX_FORM_FIELDS`] fields, no control
//!   character but tab and line breaks in any of them, and a refusal the user can read (which
//!   field, what) in their language instead of a parser's text.
//! - [`Fields`]: a form's fields looked up by name through a map (a 40.000-field form once cost
//!   11,6 s of CPU when every look-up scanned the list).
//! - Years ([`opt_year`], [`year`], [`Fields::year`]) are [`Year`]s: a year a URL carries is
//!   2000–2100 or refused, in the user's language.

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kinerja_domain::i18n::Text;
use kinerja_domain::model::Year;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::WebError;

/// The most fields a form may post (the RAK grid of 1.000 rows has about 19.000).
pub const MAX_FORM_FIELDS: usize = 20_000;

/// A character no field may hold: a control character other than tab and line breaks, or a
/// noncharacter. (Direction overrides and line breaks in one-line fields are refused by the
/// store, per field: see `kinerja_domain::input`.)
fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || kinerja_domain::input::is_noncharacter(c)
}

/// `Some((column, char))` of the first forbidden character.
fn first_forbidden(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| forbidden(*c))
        .map(|(i, c)| (i + 1, c))
}

fn bad_field(name: &str, column: usize, c: char) -> WebError {
    let name: String = kinerja_domain::input::clean_line(name).chars().take(40).collect();
    WebError::Input(
        StatusCode::BAD_REQUEST,
        Text::new(
            format!(
                "isian {name:?}: karakter kendali U+{:04X} di kolom {column} tidak diizinkan",
                c as u32
            ),
            format!(
                "field {name:?}: control character U+{:04X} at column {column} is not allowed",
                c as u32
            ),
        ),
    )
}

fn too_many_fields() -> WebError {
    WebError::Input(
        StatusCode::PAYLOAD_TOO_LARGE,
        Text::new(
            format!("formulir berisi lebih dari {MAX_FORM_FIELDS} isian"),
            format!("the form has more than {MAX_FORM_FIELDS} fields"),
        ),
    )
}

/// Checks urlencoded pairs: how many, and what they hold.
/// Checks urlencoded pairs: how many, what they hold, and the year (`tahun`) when one is given.
fn check_pairs(encoded: &[u8]) -> Result<(), WebError> {
    for (n, (name, value)) in form_urlencoded::parse(encoded).enumerate() {
        if n >= MAX_FORM_FIELDS {
            return Err(too_many_fields());
        }
        if let Some((column, c)) = first_forbidden(&name) {
            return Err(bad_field(&name, column, c));
        }
        if let Some((column, c)) = first_forbidden(&value) {
            return Err(bad_field(&name, column, c));
        }
        if name == "tahun" && !value.trim().is_empty() {
            parse_year(&value).map_err(|e| field_error("tahun", e))?;
        }
    }
    Ok(())
}

fn unreadable(e: impl std::fmt::Display) -> WebError {
    WebError::Input(
        StatusCode::BAD_REQUEST,
        Text::new(
            format!("isian formulir tidak dapat dibaca: {e}"),
            format!("the form cannot be read: {e}"),
        ),
    )
}

/// A urlencoded form body, checked at the boundary (see the module).
pub struct Form<T>(pub T);

/// A urlencoded body, its pairs checked (see the module).
pub(crate) async fn form_body<S: Send + Sync>(req: Request, state: &S) -> Result<axum::body::Bytes, WebError> {
    let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge
        } else {
            unreadable(e.body_text())
        }
    })?;
    check_pairs(&bytes)?;
    Ok(bytes)
}

/// A checked body read as `T`.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    serde_urlencoded::from_bytes(bytes).map_err(unreadable)
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let bytes = form_body(req, state).await?;
        decode(&bytes).map(Form)
    }
}

/// A query string, checked as a form is.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WebError> {
        let q = parts.uri.query().unwrap_or_default();
        check_pairs(q.as_bytes())?;
        serde_urlencoded::from_str(q).map(Query).map_err(unreadable)
    }
}

/// A form's fields by name (the first of a name that comes twice), and all of them in order.
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pairs: Vec<(String, String)>,
    index: HashMap<String, usize>,
}

impl Fields {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        let mut index = HashMap::with_capacity(pairs.len());
        for (i, (k, _)) in pairs.iter().enumerate() {
            index.entry(k.clone()).or_insert(i);
        }
        Fields { pairs, index }
    }

    /// The field's value, or "" when the form has none.
    pub fn get(&self, name: &str) -> &str {
        self.index.get(name).map(|i| self.pairs[*i].1.as_str()).unwrap_or("")
    }

    /// Every field, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// A year field.
    pub fn year(&self, name: &str) -> Result<Year, WebError> {
        parse_year(self.get(name)).map_err(|e| field_error(name, e))
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<(String, String)>::deserialize(d).map(Fields::new)
    }
}

/// A multipart body that cannot be read: over the upload limit (413), else malformed (400).
pub fn multipart_error(e: axum::extract::multipart::MultipartError) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::TooLarge
    } else {
        WebError::BadRequest(e.body_text())
    }
}

/// A refusal naming a form field, saying why in both languages.
pub fn field_error(name: &str, why: Text) -> WebError {
    WebError::Input(
        StatusCode::BAD_REQUEST,
        Text::new(
            format!("isian {name:?}: {}", why.id),
            format!("field {name:?}: {}", why.en),
        ),
    )
}

/// A year as a form or URL writes it: digits, 2000–2100.
pub fn parse_year(raw: &str) -> Result<Year, Text> {
    raw.parse::<Year>().map_err(|_| {
        let raw: String = raw.chars().take(20).collect();
        let (from, to) = (Year::FIRST, Year::LAST);
        Text::new(
            format!("{raw:?} bukan tahun {from}–{to}"),
            format!("{raw:?} is not a year {from}–{to}"),
        )
    })
}

/// `deserialize_with` for an optional year (`?tahun=`): empty is none. (A bad year is refused
/// before, by [`check_pairs`], in the user's language.)
pub fn opt_year<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Year>, D::Error> {
    let raw = Option::<String>::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_year(s).map(Some).map_err(|e| serde::de::Error::custom(e.en)),
    }
}

/// `deserialize_with` for a year a form must carry.
pub fn year<'de, D: Deserializer<'de>>(d: D) -> Result<Year, D::Error> {
    let raw = String::deserialize(d)?;
    parse_year(&raw).map_err(|e| serde::de::Error::custom(e.en))
}

/// Refuses a request whose path or query holds a control character, before any handler (or
/// database) sees it.
pub async fn reject_bad_urls(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let decoded_path = percent_decode(uri.path());
    let query = uri.query().unwrap_or_default();
    let bad = first_forbidden(&decoded_path)
        .map(|(column, c)| ("path", column, c))
        .or_else(|| {
            form_urlencoded::parse(query.as_bytes())
                .find_map(|(k, v)| first_forbidden(&k).or_else(|| first_forbidden(&v)))
                .map(|(column, c)| ("query", column, c))
        });
    match bad {
        Some((what, column, c)) => bad_field(what, column, c).into_response(),
        None => next.run(req).await,
    }
}

/// `%xx` sequences decoded (invalid UTF-8 replaced), as the router decodes a path.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_as_the_router_decodes_them() {
        assert_eq!(percent_decode("/kantor/%00"), "/kantor/\0");
        assert_eq!(percent_decode("/kantor/kpu%20a"), "/kantor/kpu a");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("/a%zz"), "/a%zz");
        assert_eq!(percent_decode("%E2%80%AE"), "\u{202e}");
    }

    #[test]
    fn pairs_are_counted_and_their_characters_checked() {
        assert!(check_pairs(b"a=1&b=dua%0Abaris&c=%09").is_ok());
        let WebError::Input(status, t) = check_pairs(b"login=a%00b").unwrap_err() else {
            panic!()
        };
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            t.id,
            "isian \"login\": karakter kendali U+0000 di kolom 2 tidak diizinkan"
        );
        let many = vec!["a=1"; MAX_FORM_FIELDS + 1].join("&");
        assert!(matches!(
            check_pairs(many.as_bytes()),
            Err(WebError::Input(StatusCode::PAYLOAD_TOO_LARGE, _))
        ));
        assert!(check_pairs(vec!["a=1"; MAX_FORM_FIELDS].join("&").as_bytes()).is_ok());
    }

    #[test]
    fn years_are_within_the_known_years() {
        assert_eq!(parse_year(" 2024 "), Ok(Year::of(2024)));
        assert_eq!(
            parse_year("4294969320").unwrap_err().id,
            "\"4294969320\" bukan tahun 2000–2100"
        );
        for bad in ["4294969320", "-2024", "99999", "20x4", "", "1999", "2101"] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
        let f = Fields::new(vec![("tahun".into(), "2025".into()), ("tahun".into(), "1".into())]);
        assert_eq!(f.year("tahun").unwrap(), Year::of(2025), "the first of a name");
        assert_eq!(f.get("none"), "");
    }
}
