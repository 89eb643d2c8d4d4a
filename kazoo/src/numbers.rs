//! Phone-number normalisation as Kazoo applies it to a callflow's `numbers`
//! on save (API.md §5.7), and the "reconcilable" test that decides whether
//! Kazoo tracks a number's `used_by` (§5.8).

/// Normalises one callflow number the way Kazoo's default converters do.
///
/// `4155550100` and `14155550100` become `+14155550100`; `011…`/`00…`
/// become `+…`; other all-digit strings of 8+ digits starting 2-9 get a `+`;
/// anything else (`1001`, `*97`, `no_match`) is kept as it is.
pub fn normalize(number: &str) -> String {
    let n = number.trim();
    if n.starts_with('+') {
        return n.to_owned();
    }
    let digits = n.bytes().all(|b| b.is_ascii_digit());
    if !digits {
        return n.to_owned();
    }
    if let Some(nanp) = nanp_ten(n) {
        return format!("+1{nanp}");
    }
    for prefix in ["011", "00"] {
        if let Some(rest) = n.strip_prefix(prefix) {
            if rest.len() >= 5 {
                return format!("+{rest}");
            }
        }
    }
    if n.len() >= 8 && matches!(n.as_bytes()[0], b'2'..=b'9') {
        return format!("+{n}");
    }
    n.to_owned()
}

/// A number as typed with the spaces, dashes, dots, slashes and brackets
/// people write inside numbers taken out: `(415) 555-0100` → `4155550100`.
/// Numbers Routing's search and the pivot form read numbers through it.
pub fn clean(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{00A0}' | '-' | '.' | '/' | '(' | ')'))
        .collect()
}

/// How Kazoo stores a number typed without `+` when that is not what a
/// North American reading would expect (API.md §5.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Surprise {
    /// Rule 4: eight or more digits starting 2–9 that are not a valid
    /// North American number get a `+` and become international
    /// (`5551130451` → `+5551130451`: 113 is no North American exchange).
    International { stored: String },
    /// Ten or more digits left exactly as typed (`15551130451`, a
    /// `0`-led number): not E.164, so carriers will not match it.
    KeptAsTyped,
}

/// The surprise in storing `cleaned` (digits, no `+`), if any.
pub fn surprise(cleaned: &str) -> Option<Surprise> {
    if cleaned.starts_with('+')
        || !cleaned.bytes().all(|b| b.is_ascii_digit())
        || nanp_ten(cleaned).is_some()
    {
        return None;
    }
    let stored = normalize(cleaned);
    if stored == format!("+{cleaned}") {
        Some(Surprise::International { stored })
    } else if stored == cleaned && cleaned.len() >= 10 {
        Some(Surprise::KeptAsTyped)
    } else {
        None
    }
}

/// `^(\+?1)?([2-9]\d{2}[2-9]\d{6})$` on an all-digit string: the 10 NANP
/// digits, if the string is a valid NANP number with or without the 1.
fn nanp_ten(digits: &str) -> Option<&str> {
    let ten = match digits.len() {
        10 => digits,
        11 if digits.starts_with('1') => &digits[1..],
        _ => return None,
    };
    let b = ten.as_bytes();
    (matches!(b[0], b'2'..=b'9') && matches!(b[3], b'2'..=b'9')).then_some(ten)
}

/// Whether Kazoo tracks `used_by` for this (normalised) number:
/// `^(\+?1)?\d{10}$|^\+[2-9]\d{7,}$|^011\d*$|^00\d*$`.
pub fn is_reconcilable(number: &str) -> bool {
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let body = number.strip_prefix('+').unwrap_or(number);
    let nanp = {
        let rest = number
            .strip_prefix("+1")
            .or_else(|| number.strip_prefix('1'))
            .unwrap_or(number);
        (rest.len() == 10 && all_digits(rest)) || (number.len() == 10 && all_digits(number))
    };
    let e164 = number.starts_with('+')
        && body.len() >= 8
        && all_digits(body)
        && matches!(body.as_bytes()[0], b'2'..=b'9');
    let intl = (number.starts_with("011") || number.starts_with("00")) && all_digits(number);
    nanp || e164 || intl
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_kazoo() {
        let cases = [
            ("4155550100", "+14155550100"),
            ("14155550100", "+14155550100"),
            ("+14155550100", "+14155550100"),
            ("+1 415", "+1 415"),
            ("01144201234567", "+44201234567"),
            ("0044201234567", "+44201234567"),
            ("5551130451", "+5551130451"),
            ("15551130451", "15551130451"),
            ("1001", "1001"),
            ("*97", "*97"),
            ("no_match", "no_match"),
            ("23456789", "+23456789"),
            (" 4155550100 ", "+14155550100"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "normalize({input:?})");
        }
    }

    #[test]
    fn typed_numbers_are_cleaned() {
        assert_eq!(clean(" (415) 555-0100 "), "4155550100");
        assert_eq!(clean("+1 415.555.0100"), "+14155550100");
        assert_eq!(clean("415/555\u{00A0}0100"), "4155550100");
    }

    #[test]
    fn surprising_forms_are_recognised() {
        assert_eq!(
            surprise(&clean("555-113-0451")),
            Some(Surprise::International {
                stored: "+5551130451".into()
            })
        );
        assert_eq!(surprise("15551130451"), Some(Surprise::KeptAsTyped));
        assert_eq!(surprise("0123456789"), Some(Surprise::KeptAsTyped));
        for plain in [
            "4155550100",
            "14155550100",
            "01144201234567",
            "1001",
            "+5551130451",
        ] {
            assert_eq!(surprise(plain), None, "{plain}");
        }
    }

    #[test]
    fn reconcilable_numbers() {
        for n in [
            "+14155550100",
            "4155550100",
            "+44201234567",
            "011442",
            "00442",
        ] {
            assert!(is_reconcilable(n), "{n} should be reconcilable");
        }
        for n in ["1001", "no_match", "*97", "+1234", "+0123456789"] {
            assert!(!is_reconcilable(n), "{n} should not be reconcilable");
        }
    }
}
