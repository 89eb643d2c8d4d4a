//! A job's counts, pace and time left in words, as its page and the jobs
//! list say them.

use crate::jobs::model::{ItemState, Progress};

/// "3 of 10 done · 1 failed · 6 left" (and "· 2 skipped" when some were
/// skipped or cancelled).
pub fn counts(p: &Progress) -> String {
    let mut text = format!(
        "{} of {} done · {} failed · {} left",
        p.done, p.total, p.failed, p.left
    );
    if p.skipped > 0 {
        text.push_str(&format!(" · {} skipped", p.skipped));
    }
    text
}

/// Items finished (done, failed or skipped): what the progress bar fills.
pub fn finished(p: &Progress) -> u32 {
    p.done + p.failed + p.skipped
}

/// "12 a minute" (one decimal under 10, "0.4 a minute"); "not known yet"
/// before the first item ends.
pub fn rate(per_minute: Option<f64>) -> String {
    match per_minute {
        Some(r) if r >= 10.0 => format!("{r:.0} a minute"),
        Some(r) => format!("{r:.1} a minute"),
        None => "not known yet".to_owned(),
    }
}

/// "under a minute", "about 4 minutes", "about 2 h 5 min"; `None` when
/// it is not known (nothing finished yet, or nothing left).
pub fn time_left(seconds: Option<u64>) -> Option<String> {
    let s = seconds?;
    Some(match s {
        0..=59 => "under a minute".to_owned(),
        60..=119 => "about 1 minute".to_owned(),
        120..=3599 => format!("about {} minutes", s.div_ceil(60)),
        _ => format!("about {} h {} min", s / 3600, (s % 3600) / 60),
    })
}

/// The CSS class of an item's state badge.
pub fn item_class(state: ItemState) -> &'static str {
    match state {
        ItemState::Queued => "badge item-queued",
        ItemState::Running => "badge item-running",
        ItemState::Done => "badge item-done",
        ItemState::Failed => "badge item-failed",
        ItemState::Skipped | ItemState::Cancelled => "badge item-skipped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_sentences() {
        let p = Progress {
            total: 10,
            done: 3,
            failed: 1,
            skipped: 0,
            left: 6,
            ..Progress::default()
        };
        assert_eq!(counts(&p), "3 of 10 done · 1 failed · 6 left");
        assert_eq!(finished(&p), 4);
        let p = Progress {
            skipped: 2,
            left: 4,
            ..p
        };
        assert_eq!(counts(&p), "3 of 10 done · 1 failed · 4 left · 2 skipped");
    }

    #[test]
    fn pace_and_time_left_in_words() {
        assert_eq!(rate(None), "not known yet");
        assert_eq!(rate(Some(0.44)), "0.4 a minute");
        assert_eq!(rate(Some(123.6)), "124 a minute");
        assert_eq!(time_left(None), None);
        assert_eq!(time_left(Some(5)).as_deref(), Some("under a minute"));
        assert_eq!(time_left(Some(61)).as_deref(), Some("about 1 minute"));
        assert_eq!(time_left(Some(121)).as_deref(), Some("about 3 minutes"));
        assert_eq!(time_left(Some(7500)).as_deref(), Some("about 2 h 5 min"));
    }
}
