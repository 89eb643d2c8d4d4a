//! Field checks of the pivot form; messages say what to do. Every field
//! is bounded, so no input (a form post, a JSON body) can make the work
//! grow past a fixed size.

use std::collections::HashSet;

use serde::{Deserialize, Deserializer};

use super::{FieldErrors, Warning};
use crate::{numbers, rules, text};

/// Longest name we accept; Kazoo has no limit, but a name is a label.
pub const NAME_MAX_CHARS: usize = 128;
/// Most numbers one pivot action routes.
pub const NUMBERS_MAX: usize = 500;
/// Longest URL we accept (what browsers and servers reliably carry).
pub const URL_MAX_CHARS: usize = 2048;
/// `req_timeout_ms` upper bound (Kazoo's pivot schema).
pub const TIMEOUT_MAX_MS: i64 = rules::PIVOT_TIMEOUT_MAX_MS;
/// Longest text of a choice or a number field: anything longer is not one.
pub(super) const SHORT_MAX_CHARS: usize = 64;
/// Most digits in a phone number (E.164).
const DIGITS_MAX: usize = 15;

/// A one-line text field: no control or bidi characters, at most `max`
/// characters. Returns whether it passed.
pub(super) fn line(field: &str, value: &str, max: usize, errors: &mut FieldErrors) -> bool {
    let problem = match text::line_problem(value) {
        Some(p) => p.to_owned(),
        None if value.chars().count() > max => format!("Keep this to {max} characters or fewer."),
        None => return true,
    };
    errors.insert(field.into(), problem);
    false
}

pub(super) fn name(name: &str, errors: &mut FieldErrors) {
    if !line("name", name, NAME_MAX_CHARS, errors) {
        return;
    }
    if let Some(problem) = text::name_problem(name) {
        errors.insert("name".into(), problem.into());
    } else if !text::has_visible(name) {
        errors.insert("name".into(), "Give the action a name.".into());
    }
}

/// One of the values a choice field allows (compared without case), or
/// an error naming them.
pub(super) fn choice<'a>(
    field: &str,
    value: &str,
    allowed: &[(&'a str, &str)],
    errors: &mut FieldErrors,
) -> Option<&'a str> {
    let value = value.trim();
    if let Some((key, _)) = allowed.iter().find(|(k, _)| k.eq_ignore_ascii_case(value)) {
        return Some(key);
    }
    let names: Vec<&str> = allowed.iter().map(|(_, label)| *label).collect();
    errors.insert(field.into(), format!("Choose {}.", names.join(" or ")));
    None
}

/// The numbers as Kazoo will store them, with what is wrong and what may
/// surprise.
pub(super) struct Numbers {
    pub list: Vec<String>,
    pub error: Option<String>,
    pub warnings: Vec<Warning>,
}

/// The characters that separate numbers typed in one field.
pub(super) const SEPARATORS: [char; 4] = [',', ';', '\n', '\r'];

/// Splits, cleans and normalises the numbers the way Kazoo stores them;
/// duplicates are dropped. An entry that is exactly one of the document's
/// `stored` numbers is kept as it is, unchecked: the admin did not type it
/// (a catch-all's `no_match`, a feature code). Other entries that are not
/// numbers are kept as typed (for the preview) and reported. Linear in the
/// input, and stops after [`NUMBERS_MAX`] numbers.
pub(super) fn numbers(entries: &[String], stored: &[String]) -> Numbers {
    let mut out = Numbers {
        list: Vec::new(),
        error: None,
        warnings: Vec::new(),
    };
    let mut seen = HashSet::new();
    for raw in entries
        .iter()
        .flat_map(|e| e.split(SEPARATORS))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let cleaned = numbers::clean(raw);
        let number = if stored.iter().any(|n| n == raw) {
            raw.to_owned()
        } else {
            match number_problem(raw, &cleaned) {
                None => numbers::normalize(&cleaned),
                Some(problem) => {
                    out.error.get_or_insert(problem);
                    raw.chars().take(SHORT_MAX_CHARS).collect()
                }
            }
        };
        if !seen.insert(number.clone()) {
            continue;
        }
        if let Some(surprise) = numbers::surprise(&cleaned) {
            out.warnings.push(surprise_warning(raw, surprise));
        }
        out.list.push(number);
        if out.list.len() > NUMBERS_MAX {
            out.error = Some(format!(
                "One action routes at most {NUMBERS_MAX} numbers: split them over several actions."
            ));
            out.list.truncate(NUMBERS_MAX);
            break;
        }
    }
    out
}

/// What is wrong with one typed number, if anything.
fn number_problem(raw: &str, cleaned: &str) -> Option<String> {
    let shown: String = raw.chars().take(SHORT_MAX_CHARS).collect();
    let (plus, digits) = match cleaned.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, cleaned),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!(
            "“{shown}” is not a phone number: use digits, with a + in front for international numbers."
        ));
    }
    if digits.len() > DIGITS_MAX {
        return Some(format!(
            "“{shown}” has more than {DIGITS_MAX} digits, more than any phone number."
        ));
    }
    if digits.bytes().all(|b| b == b'0') {
        return Some(format!("“{shown}” is not a number callers can dial."));
    }
    if plus && (digits.len() < 7 || digits.starts_with('0')) {
        return Some(format!(
            "“{shown}” is not an international number: after the + come the country code (never 0) and the number."
        ));
    }
    if !plus && digits.len() < 2 {
        return Some(format!(
            "“{shown}” is too short: an extension has at least 2 digits."
        ));
    }
    None
}

fn surprise_warning(raw: &str, surprise: numbers::Surprise) -> Warning {
    let message = match surprise {
        numbers::Surprise::International { stored } => {
            let digits = numbers::clean(raw);
            let why = if digits.len() == 10 {
                format!(
                    " It is not a North American number ({} is not a valid exchange).",
                    &digits[3..6]
                )
            } else {
                String::new()
            };
            format!(
                "Kazoo stores “{raw}” as {stored}, an international number.{why} \
                 If you meant a US or Canadian number, check the digits."
            )
        }
        numbers::Surprise::KeptAsTyped => format!(
            "Kazoo keeps “{raw}” exactly as typed: it is not a valid North American number, \
             so it is not stored in international form (+…). Add the + and the country code \
             if it is international."
        ),
    };
    Warning::new("numbers", message)
}

/// An `http(s)://` URL with a host, as Kazoo's pattern wants it
/// (lower-case scheme, then `//` and the host right away) and as the `url`
/// crate parses it.
pub fn is_web_url(url: &str) -> bool {
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    after_scheme.is_some_and(|rest| !rest.starts_with(['/', '\\']))
        && !url.chars().any(char::is_whitespace)
        && rules::url_host(url).is_some_and(|h| !h.is_empty())
}

/// The words a URL field's message names it with, as the pivot form
/// labels it (Voice URL, CDR URL, Fallback server URL).
fn url_label(field: &str) -> &'static str {
    match field {
        "voice_url" => "The voice URL",
        "cdr_url" => "The CDR URL",
        "fallback_url" => "The fallback server URL",
        _ => "The URL",
    }
}

/// Checks the URL field `field` (`voice_url`, `cdr_url`,
/// `fallback_url`): one line within [`URL_MAX_CHARS`], `http(s)://` with
/// a server; the message names the field as the form does.
pub(super) fn web_url(field: &str, url: &str, required: bool, errors: &mut FieldErrors) {
    if !line(field, url, URL_MAX_CHARS, errors) {
        return;
    }
    let what = url_label(field);
    if url.is_empty() {
        if required {
            errors.insert(
                field.into(),
                "Enter the URL of your TwiML or Kazoo JSON server.".into(),
            );
        }
    } else if !is_web_url(url) {
        errors.insert(
            field.into(),
            format!("{what} must start with http:// or https:// and name a server, like https://example.com/voice."),
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

/// One phone number for the fallback: cleaned and normalised, or the
/// message saying what is wrong.
pub(super) fn one_number(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Enter the number callers are forwarded to.".into());
    }
    let cleaned = numbers::clean(raw);
    match number_problem(raw, &cleaned) {
        Some(problem) => Err(problem),
        None => Ok(numbers::normalize(&cleaned)),
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
        let got = numbers(
            &[
                "(415) 555-0100, +14155550100".into(),
                "1001\n5551130451".into(),
            ],
            &[],
        );
        assert_eq!(got.error, None);
        assert_eq!(got.list, ["+14155550100", "1001", "+5551130451"]);
        // 555-113-0451 becomes international: said before it is stored.
        assert_eq!(got.warnings.len(), 1);
        assert!(got.warnings[0].message.contains("+5551130451"));
        assert!(got.warnings[0]
            .message
            .contains("113 is not a valid exchange"));
    }

    #[test]
    fn things_that_are_not_numbers_are_reported() {
        for bad in [
            "call me",
            "0",
            "00",
            "+0441234567",
            "+123",
            "7",
            "1234567890123456",
            "12\u{0}3",
        ] {
            let got = numbers(&[bad.into()], &[]);
            assert!(got.error.is_some(), "{bad:?} should be refused");
        }
        assert_eq!(numbers(&[" , ".into()], &[]).list, Vec::<String>::new());
        // A stored number the form does not check stays as it is.
        let kept = numbers(&["no_match, 4155550100".into()], &["no_match".into()]);
        assert_eq!(
            (kept.error, kept.list),
            (None, vec!["no_match".to_owned(), "+14155550100".to_owned()])
        );
    }

    #[test]
    fn long_lists_stop_at_the_limit_in_linear_time() {
        let many: String = (0..64_000)
            .map(|i| (2_000_000 + i).to_string())
            .collect::<Vec<_>>()
            .join(",");
        let started = std::time::Instant::now();
        let got = numbers(&[many], &[]);
        assert_eq!(got.list.len(), NUMBERS_MAX);
        assert!(got.error.unwrap().contains("at most 500"));
        // Not a timing test: a bound far above linear work, far below the
        // seconds a quadratic check took.
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn a_bad_url_is_named_by_its_own_field() {
        for (field, words) in [
            ("voice_url", "The voice URL must"),
            ("cdr_url", "The CDR URL must"),
            ("fallback_url", "The fallback server URL must"),
        ] {
            let mut errors = FieldErrors::new();
            web_url(field, "backup.example.com", true, &mut errors);
            assert!(
                errors[field].starts_with(words),
                "{field}: {}",
                errors[field]
            );
        }
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

    #[test]
    fn names_need_something_visible_and_no_control_characters() {
        for (name, ok) in [
            ("Support line", true),
            ("", false),
            ("\u{200B}\u{200D}", false),
            ("\u{202E}\u{202D}", false),
            ("a\u{0}b", false),
            ("<script>alert(1)</script>", false),
            ("Sales & support", true),
            (&"x".repeat(129), false),
        ] {
            let mut errors = FieldErrors::new();
            super::name(name, &mut errors);
            assert_eq!(errors.is_empty(), ok, "{name:?}: {errors:?}");
        }
    }

    #[test]
    fn choices_are_one_of_their_values() {
        let methods = [("get", "GET"), ("post", "POST")];
        let mut errors = FieldErrors::new();
        assert_eq!(
            choice("method", "POST", &methods, &mut errors),
            Some("post")
        );
        assert_eq!(choice("method", "delete", &methods, &mut errors), None);
        assert_eq!(errors["method"], "Choose GET or POST.");
    }
}
