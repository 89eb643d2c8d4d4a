//! Field checks of the pivot form; messages say what to do.

use serde::{Deserialize, Deserializer};

use super::FieldErrors;
use crate::numbers;

/// Longest name we accept; Kazoo has no limit, but a name is a label.
const NAME_MAX: usize = 128;
/// `req_timeout_ms` upper bound in Kazoo's pivot schema.
pub const TIMEOUT_MAX_MS: i64 = 5000;

pub(super) fn name(name: &str, errors: &mut FieldErrors) {
    if name.is_empty() {
        errors.insert("name".into(), "Give the action a name.".into());
    } else if name.chars().count() > NAME_MAX {
        errors.insert(
            "name".into(),
            format!("Keep the name to {NAME_MAX} characters or fewer."),
        );
    }
}

/// Splits, cleans and normalises the numbers the way Kazoo stores them;
/// duplicates are dropped. Numbers that are not numbers are kept as typed
/// (for the preview) and reported.
pub(super) fn numbers(entries: &[String], errors: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for raw in entries
        .iter()
        .flat_map(|e| e.split([',', ';', '\n', '\r']))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let cleaned: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = cleaned.strip_prefix('+').unwrap_or(&cleaned);
        let number = if !digits.is_empty()
            && digits.len() <= 15
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            numbers::normalize(&cleaned)
        } else {
            bad.push(raw.to_owned());
            raw.to_owned()
        };
        if !out.contains(&number) {
            out.push(number);
        }
    }
    if let Some(first) = bad.first() {
        errors.insert(
            "numbers".into(),
            format!("“{first}” is not a phone number: use digits, with a + in front for international numbers."),
        );
    } else if out.is_empty() {
        errors.insert("numbers".into(), "Pick or type at least one number.".into());
    }
    out
}

/// An `http(s)://` URL with a host and no spaces.
pub fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    !host.is_empty() && !host.starts_with(':') && !url.chars().any(char::is_whitespace)
}

pub(super) fn voice_url(url: &str, errors: &mut FieldErrors) {
    if url.is_empty() {
        errors.insert(
            "voice_url".into(),
            "Enter the URL of your TwiML or Kazoo JSON server.".into(),
        );
    } else if !is_web_url(url) {
        errors.insert(
            "voice_url".into(),
            "The voice URL must start with http:// or https:// and name a server, like https://example.com/voice.".into(),
        );
    }
}

pub(super) fn cdr_url(url: &str, errors: &mut FieldErrors) {
    if !url.is_empty() && !is_web_url(url) {
        errors.insert(
            "cdr_url".into(),
            "The CDR URL must start with http:// or https:// and name a server.".into(),
        );
    }
}

/// Empty means Kazoo's default; otherwise whole milliseconds, 1 to 5000.
pub(super) fn timeout(text: &str, errors: &mut FieldErrors) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i64>() {
        Ok(ms) if (1..=TIMEOUT_MAX_MS).contains(&ms) => Some(ms),
        _ => {
            errors.insert(
                "req_timeout_ms".into(),
                format!(
                    "The timeout is a whole number of milliseconds from 1 to {TIMEOUT_MAX_MS}."
                ),
            );
            None
        }
    }
}

/// One phone number for the fallback: cleaned and normalised, or `None`.
pub(super) fn one_number(raw: &str) -> Option<String> {
    let mut errors = FieldErrors::new();
    let list = numbers(&[raw.to_owned()], &mut errors);
    match (errors.is_empty(), list.as_slice()) {
        (true, [one]) => Some(one.clone()),
        _ => None,
    }
}

/// `numbers` in JSON may be one string or a list of strings.
pub(super) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_cleaned_normalised_and_deduplicated() {
        let mut errors = FieldErrors::new();
        let got = numbers(
            &[
                "(415) 555-0100, +14155550100".into(),
                "1001\n5551130451".into(),
            ],
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(got, ["+14155550100", "1001", "+5551130451"]);
    }

    #[test]
    fn bad_numbers_and_empty_lists_are_reported() {
        let mut errors = FieldErrors::new();
        numbers(&["call me".into()], &mut errors);
        assert!(errors["numbers"].contains("“call me” is not a phone number"));
        let mut errors = FieldErrors::new();
        numbers(&[" , ".into()], &mut errors);
        assert_eq!(errors["numbers"], "Pick or type at least one number.");
    }

    #[test]
    fn web_urls_need_a_scheme_and_a_host() {
        for ok in [
            "https://a.example/voice",
            "http://10.0.0.1:8080",
            "https://u@h/x?y#z",
        ] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "ftp://a",
            "https://",
            "https:///x",
            "example.com",
            "https://a b",
            "http://:80",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn timeouts_are_whole_milliseconds_up_to_5000() {
        let mut errors = FieldErrors::new();
        assert_eq!(timeout("", &mut errors), None);
        assert_eq!(timeout(" 5000 ", &mut errors), Some(5000));
        assert!(errors.is_empty());
        for bad in ["0", "5001", "-1", "2.5", "abc"] {
            let mut errors = FieldErrors::new();
            assert_eq!(timeout(bad, &mut errors), None);
            assert!(errors.contains_key("req_timeout_ms"), "{bad}");
        }
    }
}
