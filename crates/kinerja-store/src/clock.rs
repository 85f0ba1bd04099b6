//! The time: audit entries are stamped in UTC (RFC 3339); an office's "today" is its own time zone's.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, as `2024-01-11T08:30:00Z`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    rfc3339(secs)
}

/// Seconds since 1970-01-01T00:00:00Z.
pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Today in an office's time zone: what its deadlines are compared with, the date its forms
/// offer. An office in Makassar (WITA) starts its day at 16:00 UTC.
pub fn today_in(zone: kinerja_domain::date::TimeZone) -> kinerja_domain::date::Date {
    zone.date_at(now_unix())
}

/// Seconds since 1970-01-01T00:00:00Z as RFC 3339 (civil-from-days, proleptic Gregorian).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_instants() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
        // 2024-01-11T08:30:00Z, computed with `date -u -d @1704961800`.
        assert_eq!(super::rfc3339(1_704_961_800), "2024-01-11T08:30:00Z");
        assert_eq!(super::rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
