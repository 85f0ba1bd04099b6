//! Two-factor sign-in: a TOTP secret (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, the
//! authenticator apps' defaults), the codes it makes, and the ten one-time recovery codes, kept
//! as SHA-256 hashes. A code is accepted for the step before, the step of and the step after
//! now (a phone's clock a little off), and only for a step later than the last one accepted, so
//! a code seen over a shoulder cannot be used again.

use password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Recovery codes made at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// A new secret: 160 random bits (RFC 4226's recommendation), base32 as apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, STEP_SECONDS as u64, bytes).into()
}

/// The code of `secret` at `unix` (seconds); `None` for a secret that is not base32.
pub fn code_at(secret: &str, unix: i64) -> Option<String> {
    Some(totp(secret)?.generate(u64::try_from(unix).ok()?))
}

/// The step `unix` falls in.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECONDS)
}

/// The step whose code `code` is (spaces ignored), among the step before, of and after `now`,
/// and later than `last_step`; `None` when it is none of them.
pub fn matching_step(secret: &str, code: &str, now: i64, last_step: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret)?;
    let step = step_of(now);
    (step - 1..=step + 1).filter(|s| *s > last_step).find(|s| {
        let made = totp.generate(u64::try_from(s * STEP_SECONDS).unwrap_or(0));
        // Compared as digests: the time taken says nothing of how many digits were right.
        Sha256::digest(made.as_bytes()) == Sha256::digest(code.as_bytes())
    })
}

/// The address an authenticator app reads from the enrolment's QR code.
pub fn otpauth_url(secret: &str, issuer: &str, account: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

/// Ten new recovery codes, like `k7qd-m2xa` (40 random bits each, letters and digits that
/// cannot be mistaken for each other).
pub fn recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 8];
            OsRng.fill_bytes(&mut bytes);
            let chars: String = bytes
                .iter()
                .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &chars[..4], &chars[4..])
        })
        .collect()
}

/// How a recovery code is kept: the SHA-256 of its letters and digits, lower-case (so
/// `K7QD M2XA` is `k7qd-m2xa`).
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Sha256::digest(normal.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" (base32
    /// GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ) at 59 s gives 94287082 in 8 digits, so 287082 in 6;
    /// at 1111111109 s, 07081804 → 081804; at 1234567890 s, 89005924 → 005924.
    #[test]
    fn codes_are_rfc_6238s() {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(code_at(secret, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(secret, 1_111_111_109).as_deref(), Some("081804"));
        assert_eq!(code_at(secret, 1_234_567_890).as_deref(), Some("005924"));
        assert_eq!(code_at("bukan base32!", 59), None);
    }

    #[test]
    fn a_code_is_accepted_near_now_and_once() {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let now = 1_234_567_890;
        let step = step_of(now);
        assert_eq!(matching_step(secret, "005924", now, 0), Some(step));
        assert_eq!(matching_step(secret, "005 924", now, 0), Some(step), "spaces ignored");
        assert_eq!(matching_step(secret, "005924", now, step), None, "used once");
        // The previous step's code still passes (a slow typist), two steps ago no longer.
        let before = code_at(secret, now - 30).unwrap();
        assert_eq!(matching_step(secret, &before, now, 0), Some(step - 1));
        let older = code_at(secret, now - 60).unwrap();
        assert_eq!(matching_step(secret, &older, now, 0), None);
        assert_eq!(matching_step(secret, "00592", now, 0), None);
        assert_eq!(matching_step(secret, "abcdef", now, 0), None);
    }

    #[test]
    fn secrets_and_recovery_codes_are_new_each_time() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32, "{a}");
        assert!(code_at(&a, 0).is_some());
        let codes = recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 9 && c.as_bytes()[4] == b'-'));
        assert_eq!(recovery_hash("K7QD M2XA"), recovery_hash("k7qd-m2xa"));
        assert_ne!(recovery_hash("k7qd-m2xa"), recovery_hash("k7qd-m2xb"));
        assert_eq!(
            otpauth_url("ABC", "Kinerja KPU", "perencana.metro"),
            "otpauth://totp/Kinerja%20KPU:perencana.metro?secret=ABC&issuer=Kinerja%20KPU&algorithm=SHA1&digits=6&period=30"
        );
    }
}
