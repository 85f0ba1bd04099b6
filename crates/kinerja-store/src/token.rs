//! API tokens: long random secrets given to a program (a provincial dashboard, a spreadsheet
//! import) that acts as one user. Only the SHA-256 of a token is stored; the token itself is
//! shown once, when it is made.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What every token starts with, so that one pasted by mistake is recognisable (and scannable).
pub const PREFIX: &str = "knj_";

/// A new token: the prefix and 40 random hex digits (160 bits).
pub fn generate() -> String {
    format!("{PREFIX}{}", random_hex(20))
}

/// `bytes` random bytes as lowercase hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex (two digits each), or `None`.
pub fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// What the store keeps of a token.
pub fn digest(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.trim().as_bytes()))
}

/// A token as listed (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user: i64,
    pub name: String,
    pub created_at: String,
    pub revoked: bool,
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_random_and_only_their_digest_is_kept() {
        let a = super::generate();
        let b = super::generate();
        assert!(a.starts_with("knj_") && a.len() == 44, "{a}");
        assert_ne!(a, b);
        // `printf knj_test | sha256sum`
        assert_eq!(
            super::digest("knj_test"),
            "18d4f0f4c8388eaec345c7c47901b6f2b0594bea3f366eb4b34168d248e7ff12"
        );
    }
}
