//! Password hashing: argon2id with a random salt, stored as a PHC string. Verification takes the
//! same time whether the user exists or not (callers verify against [`dummy_hash`] when the login
//! is unknown).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password needs at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("the password cannot be hashed: {0}")]
    Hashing(String),
}

/// The argon2id PHC string of `password`.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hashing(e.to_string()))
}

/// Whether `password` matches the stored `phc` string (a damaged string never matches).
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// At most this many hashings run at once: each takes 19 MB and tens of milliseconds of a core,
/// so a flood of sign-ins waits its turn instead of taking the server's memory.
pub const CONCURRENT: usize = 2;

static GATE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT);

/// [`verify`] on a blocking worker, at most [`CONCURRENT`] at once (for async callers).
pub async fn verify_async(password: String, phc: String) -> bool {
    let Ok(_permit) = GATE.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || verify(&password, &phc))
        .await
        .unwrap_or(false)
}

/// [`hash`] on a blocking worker, at most [`CONCURRENT`] at once (for async callers).
pub async fn hash_async(password: String) -> Result<String, PasswordError> {
    let _permit = GATE
        .acquire()
        .await
        .map_err(|e| PasswordError::Hashing(e.to_string()))?;
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| PasswordError::Hashing(e.to_string()))?
}

/// A valid hash of nothing anyone knows, to verify against when a login does not exist, so that
/// unknown logins take as long as wrong passwords.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$dXsEOd2cwlPRLqNKCn4mPb4uyDTIvSBDQjf9mxnUQjI"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("rahasia-kpu-2024").unwrap();
        let b = hash("rahasia-kpu-2024").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "a random salt each time");
        assert!(verify("rahasia-kpu-2024", &a));
        assert!(!verify("rahasia-kpu-2025", &a));
        assert!(!verify("anything", "not a hash"));
        assert!(!verify("anything", dummy_hash()));
        assert!(PasswordHash::new(dummy_hash()).is_ok(), "the dummy hash is well formed");
        assert_eq!(hash("pendek"), Err(PasswordError::TooShort));
    }
}
