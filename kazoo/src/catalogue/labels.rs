//! Words for keys and choices: hand-written for the common ones, made
//! from the key's name for the rest (`max_extension_length` → "Max
//! extension length").

/// Words of a key name shown differently; kept in step with `WORDS` in
/// `scripts/catalogue-from-schemas.py`.
const WORDS: &[(&str, &str)] = &[
    ("id", "ID"),
    ("ids", "IDs"),
    ("url", "URL"),
    ("uri", "URI"),
    ("cid", "caller ID"),
    ("clid", "caller ID"),
    ("callerid", "caller ID"),
    ("sip", "SIP"),
    ("dtmf", "DTMF"),
    ("e164", "E.164"),
    ("ms", "(ms)"),
    ("sec", "(s)"),
    ("did", "DID"),
    ("cdr", "CDR"),
    ("tts", "TTS"),
    ("http", "HTTP"),
    ("pin", "PIN"),
    ("acdc", "ACDC"),
    ("vars", "variables"),
    ("idx", "index"),
    ("cf", "call forward"),
];

/// Choices shown in plain words (the value itself is what is stored).
const CHOICES: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("twiml", "TwiML"),
    ("kazoo", "Kazoo JSON"),
    ("form", "Form fields"),
    ("json", "JSON"),
    ("blind", "Blind"),
    ("attended", "Attended (announce first)"),
    ("self", "This call"),
    ("bleg", "The other party"),
    ("callflow_exec", "Right away"),
    ("channel_destroy", "When the call ends"),
    ("check", "Check messages"),
    ("compose", "Leave a message"),
    ("simultaneous", "All at once"),
    ("single", "One after another"),
    ("weighted_random", "At random, by weight"),
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("user", "User"),
    ("device", "Device"),
    ("group", "Group"),
    ("one-way", "One way"),
    ("two-way", "Two way"),
    ("ms", "Milliseconds"),
    ("s", "Seconds"),
    ("m", "Minutes"),
    ("h", "Hours"),
];

/// A key name in words: underscores become spaces, known abbreviations
/// are spelled out, the first letter is upper case.
pub fn humanize(key: &str) -> String {
    let words: Vec<&str> = key
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            WORDS
                .iter()
                .find(|(k, _)| *k == w)
                .map_or(w, |(_, shown)| shown)
        })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How a choice (an `enum` value) reads in a select: a plain phrase for
/// the common ones, the value in words otherwise (`weighted_random` →
/// "At random, by weight", `red_flash` → "Red flash"). Upper-case values
/// (`"GET"`) read as they are.
pub fn choice_label(value: &str) -> String {
    match CHOICES.iter().find(|(k, _)| *k == value) {
        Some((_, label)) => (*label).to_owned(),
        None if value.chars().any(|c| c.is_ascii_uppercase()) => value.to_owned(),
        None => humanize(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(humanize("max_extension_length"), "Max extension length");
        assert_eq!(humanize("caller_id_type"), "Caller ID type");
        assert_eq!(humanize("req_timeout_ms"), "Req timeout (ms)");
        assert_eq!(humanize("cdr_url"), "CDR URL");
        assert_eq!(humanize(""), "");
    }

    #[test]
    fn choices_read_as_words() {
        assert_eq!(choice_label("channel_destroy"), "When the call ends");
        assert_eq!(choice_label("red_flash"), "Red flash");
        assert_eq!(choice_label("GET"), "GET");
        assert_eq!(choice_label("*"), "*");
    }
}
