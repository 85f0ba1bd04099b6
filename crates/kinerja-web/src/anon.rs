//! A visitor who has not signed in. Nothing is stored for them: the sign-in form's CSRF token is
//! a signed double-submit cookie (a random nonce in a cookie; the form carries the nonce's HMAC
//! under a key the servers of one database share), and their language is a cookie. So a flood
//! of anonymous requests writes nothing, and a session row exists only for someone signed in.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, header};
use hmac::{Hmac, Mac};
use kinerja_domain::i18n::Lang;
use sha2::Sha256;

use crate::WebError;
use crate::i18n::Tr;

/// The cookie holding the sign-in form's nonce.
pub const FORM_COOKIE: &str = "kinerja_formulir";
/// The cookie holding the language chosen before signing in.
pub const LANG_COOKIE: &str = "kinerja_bahasa";
/// The name of the shared key in the store.
pub const KEY_NAME: &str = "anonymous-forms";

/// The key that signs anonymous form tokens.
#[derive(Clone)]
pub struct FormKey(Arc<[u8]>);

impl FormKey {
    pub fn new(bytes: Vec<u8>) -> Self {
        FormKey(bytes.into())
    }

    fn mac(&self, nonce: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(nonce.as_bytes());
        mac
    }

    fn sign(&self, nonce: &str) -> String {
        self.mac(nonce)
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The value of a cookie of the request.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim())
}

fn is_nonce(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The token an anonymous form carries, and the cookie to set when the visitor has none yet.
pub struct AnonymousForm {
    pub token: String,
    pub set_cookie: Option<HeaderValue>,
}

pub fn form(key: &FormKey, headers: &HeaderMap, secure: bool) -> AnonymousForm {
    match cookie(headers, FORM_COOKIE).filter(|n| is_nonce(n)) {
        Some(nonce) => AnonymousForm {
            token: key.sign(nonce),
            set_cookie: None,
        },
        None => {
            let nonce = kinerja_store::token::random_hex(16);
            let value = format!(
                "{FORM_COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400{}",
                if secure { "; Secure" } else { "" }
            );
            AnonymousForm {
                token: key.sign(&nonce),
                set_cookie: HeaderValue::from_str(&value).ok(),
            }
        }
    }
}

/// Refuses an anonymous form whose token is not the signature of the visitor's nonce.
pub fn check(key: &FormKey, headers: &HeaderMap, sent: &str) -> Result<(), WebError> {
    let nonce = cookie(headers, FORM_COOKIE).filter(|n| is_nonce(n));
    let sent = kinerja_store::token::from_hex(sent.trim());
    match (nonce, sent) {
        (Some(nonce), Some(sent)) if key.mac(nonce).verify_slice(&sent).is_ok() => Ok(()),
        _ => Err(crate::csrf_refused()),
    }
}

/// The language an anonymous visitor chose (Indonesian unless they chose English).
pub fn lang(headers: &HeaderMap) -> Tr {
    match cookie(headers, LANG_COOKIE) {
        Some("en") => Tr(Lang::En),
        _ => Tr(Lang::Id),
    }
}

/// The cookie that remembers an anonymous visitor's language for a year.
pub fn lang_cookie(lang: Lang, secure: bool) -> HeaderValue {
    let code = if lang == Lang::En { "en" } else { "id" };
    let value = format!(
        "{LANG_COOKIE}={code}; Path=/; SameSite=Lax; Max-Age=31536000{}",
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("kinerja_bahasa=id; Path=/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(c: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(c).unwrap());
        h
    }

    #[test]
    fn a_token_is_good_only_with_its_own_cookie_and_key() {
        let key = FormKey::new(vec![7; 32]);
        let fresh = form(&key, &HeaderMap::new(), false);
        let set = fresh.set_cookie.unwrap();
        let nonce = set.to_str().unwrap().split(';').next().unwrap().to_string();
        assert!(set.to_str().unwrap().contains("HttpOnly; SameSite=Strict"));
        let headers = with_cookie(&format!("lain=1; {nonce}"));
        assert!(check(&key, &headers, &fresh.token).is_ok());
        // The same visitor gets the same token again, and no new cookie.
        let again = form(&key, &headers, false);
        assert_eq!(again.token, fresh.token);
        assert!(again.set_cookie.is_none());
        // Another nonce, another key, no cookie, a forged token: refused.
        let other = with_cookie(&format!("{FORM_COOKIE}={}", "a".repeat(32)));
        assert!(check(&key, &other, &fresh.token).is_err());
        assert!(check(&FormKey::new(vec![8; 32]), &headers, &fresh.token).is_err());
        assert!(check(&key, &HeaderMap::new(), &fresh.token).is_err());
        assert!(check(&key, &headers, "00").is_err());
        assert!(check(&key, &headers, "").is_err());
        // A cookie that is no nonce is replaced.
        assert!(
            form(&key, &with_cookie(&format!("{FORM_COOKIE}=<script>")), false)
                .set_cookie
                .is_some()
        );
    }

    #[test]
    fn the_language_cookie_is_read_back() {
        assert_eq!(lang(&with_cookie("kinerja_bahasa=en")).0, Lang::En);
        assert_eq!(lang(&HeaderMap::new()).0, Lang::Id);
        assert!(lang_cookie(Lang::En, true).to_str().unwrap().ends_with("; Secure"));
    }
}
