//! The hard bounds of the pivot form's fields, checked before any other
//! work: lengths, NUL, and at most [`NUMBERS_MAX`] numbers. Linear in the
//! input, and it stops at the first number past the limit.

use super::{
    check::{SEPARATORS, SHORT_MAX_CHARS, URL_MAX_CHARS},
    FieldErrors, PivotInput, NAME_MAX_CHARS, NUMBERS_MAX,
};
use crate::rules;

/// The hard bounds of every field of `input` (see
/// [`PivotInput::check_bounds`]): messages by field, empty when within.
pub(super) fn bounds(input: &PivotInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let limits = [
        ("name", input.name.as_str(), NAME_MAX_CHARS),
        ("voice_url", &input.voice_url, URL_MAX_CHARS),
        ("cdr_url", &input.cdr_url, URL_MAX_CHARS),
        ("method", &input.method, SHORT_MAX_CHARS),
        ("req_format", &input.req_format, SHORT_MAX_CHARS),
        ("req_body_format", &input.req_body_format, SHORT_MAX_CHARS),
        ("req_timeout_ms", &input.req_timeout_ms, SHORT_MAX_CHARS),
        ("fallback", &input.fallback, SHORT_MAX_CHARS),
        (
            "fallback_text",
            &input.fallback_text,
            rules::TTS_TEXT_MAX_CHARS,
        ),
        ("fallback_number", &input.fallback_number, SHORT_MAX_CHARS),
        ("fallback_url", &input.fallback_url, URL_MAX_CHARS),
        ("fallback_method", &input.fallback_method, SHORT_MAX_CHARS),
    ];
    for (field, value, max) in limits {
        if value.contains('\0') {
            errors.insert(
                field.into(),
                "Remove the NUL characters from this text.".into(),
            );
        } else if value.chars().count() > max {
            errors.insert(
                field.into(),
                format!("Keep this to {max} characters or fewer."),
            );
        }
    }
    let entries = input
        .numbers
        .iter()
        .flat_map(|e| e.split(SEPARATORS))
        .filter(|s| !s.trim().is_empty());
    let mut count = 0;
    for entry in entries {
        count += 1;
        let problem = if entry.contains('\0') {
            Some("Remove the NUL characters from the numbers.".to_owned())
        } else if entry.chars().count() > SHORT_MAX_CHARS {
            Some(format!(
                "A number has at most {} characters.",
                SHORT_MAX_CHARS
            ))
        } else if count > NUMBERS_MAX {
            Some(format!(
                "One action routes at most {NUMBERS_MAX} numbers: split them over several actions."
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            errors.insert("numbers".into(), problem);
            break;
        }
    }
    errors
}
