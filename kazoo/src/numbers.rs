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
