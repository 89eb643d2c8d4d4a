//! Times as pages show them: UTC, to the minute (or second), the way
//! admins read them in Kazoo's logs.

use time::{OffsetDateTime, UtcOffset};

/// `YYYY-MM-DD HH:MM`, in UTC (seconds dropped, not rounded).
pub fn utc_minute(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// `YYYY-MM-DD HH:MM:SS`, in UTC (fractions dropped).
pub fn utc_second(at: OffsetDateTime) -> String {
    let seconds = at.to_offset(UtcOffset::UTC).second();
    format!("{}:{seconds:02}", utc_minute(at))
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn times_read_in_utc_and_are_cut_not_rounded() {
        let at = datetime!(2026-01-02 00:04:59.9 +01:00);
        assert_eq!(utc_minute(at), "2026-01-01 23:04");
        assert_eq!(utc_second(at), "2026-01-01 23:04:59");
    }
}
