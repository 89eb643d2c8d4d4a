//! Phone numbers as people read them.

/// A number as stored (`+14155550100`) in groups for reading: a North
/// American number as `+1 415 555 0100`; any other number, extension or
/// code (`+44201234567`, `1001`, `no_match`) as it is, since its grouping
/// depends on its country.
pub fn display_number(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(rest) if rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            format!("+1 {} {} {}", &rest[..3], &rest[3..6], &rest[6..])
        }
        _ => number.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::display_number;

    #[test]
    fn north_american_numbers_are_grouped() {
        assert_eq!(display_number("+14155550100"), "+1 415 555 0100");
        assert_eq!(display_number("+44201234567"), "+44201234567");
        assert_eq!(display_number("+1415555010"), "+1415555010");
        assert_eq!(display_number("1001"), "1001");
        assert_eq!(display_number("no_match"), "no_match");
        assert_eq!(display_number("+1415555010x"), "+1415555010x");
    }
}
