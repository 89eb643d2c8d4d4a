//! How Kazoo reads each attribute value (PIVOT_TWIML.md §4;
//! `kzt_twiml_util.erl`, `kzt_twiml_dial.erl`): the value it uses, or
//! the crash (a value outside an Erlang `case` with no fallback, §4.3).
//! The matrix check and the walk both read values through these, so they
//! tell the same story.

/// A value Kazoo cannot take: the element errors and the call is hung up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crash {
    /// Why, in plain words.
    pub message: String,
    /// What to write instead.
    pub fix: String,
}

fn crash(message: impl Into<String>, fix: impl Into<String>) -> Crash {
    Crash {
        message: message.into(),
        fix: fix.into(),
    }
}

/// Keys Kazoo accepts as one DTMF (`?ANY_DIGIT`).
pub const DTMF_KEYS: [&str; 12] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"];

/// `<Say voice>` values (`get_voice`): Twilio's `man`/`woman` and Kazoo's
/// `male`/`female`.
pub const SAY_VOICES: [&str; 4] = ["man", "male", "woman", "female"];

/// `<Say language>` values (`get_lang`), exactly as written (case
/// matters), with what Kazoo uses.
pub const SAY_LANGUAGES: [(&str, &str); 6] = [
    ("en", "en-US"),
    ("en-gb", "en-GB"),
    ("es", "es"),
    ("fr", "fr"),
    ("de", "de"),
    ("it", "it"),
];

/// `<Reject reason>` values with their SIP code.
pub const REJECT_REASONS: [(&str, &str); 2] = [("rejected", "503"), ("busy", "486")];

/// Longest `<Pause length>`, `<Record maxLength>` and `timeout` of
/// Gather, Record and Dial, in seconds. Read in `kzt_twiml_util.erl`
/// (master): `pause_for` and `timeout_s` cut longer values to 3600 and
/// have no clause for 0 or less (a `case_clause` crash); `get_max_length`
/// takes 1..`max_length` (system config `kzt_twiml_util.max_length`,
/// default 3600) and crashes outside it. `kzt_twiml_dial.erl` and
/// `kzt_twiml.erl` (Record) read their timeouts through `timeout_s`.
pub const MAX_SECONDS: i64 = 3600;

/// Longest text `<Say>` speaks (`pivot.tts_texts_size`, default 4000).
pub const SAY_TEXT_MAX_CHARS: usize = 4000;

/// Conference sizes Kazoo accepts (`get_max_participants`: 3..40).
pub const MAX_PARTICIPANTS: (i64, i64) = (3, 40);

/// A number as Kazoo reads an attribute (`props:get_integer_value` →
/// `kz_term:to_integer`, not strict): an integer, or a decimal with a
/// point (`5.0`) rounded. `None`: Kazoo's conversion throws.
pub fn int_value(text: &str) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        // Erlang's list_to_integer takes an optional sign and digits only.
        if text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')
        {
            return Some(n);
        }
    }
    erlang_float(text).map(|f| f.round() as i64)
}

/// Erlang's `list_to_float`: digits, a point, digits, optional exponent.
fn erlang_float(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        return None;
    }
    if let Some(exp) = exponent {
        if !digits(exp.strip_prefix(['+', '-']).unwrap_or(exp)) {
            return None;
        }
    }
    text.parse().ok()
}

/// A numeric attribute: `None` when absent, the number, or the crash
/// for text that is not one.
pub fn number(attr: &str, value: Option<&str>) -> Result<Option<i64>, Crash> {
    match value {
        None => Ok(None),
        Some(text) => int_value(text).map(Some).ok_or_else(|| {
            crash(
                format!("{attr}=\"{text}\" is not a number: Kazoo's conversion fails."),
                format!("Write {attr} as a whole number."),
            )
        }),
    }
}

/// `loop` of Say and Play: 1 by default, 0 = forever, negative crashes.
pub fn loop_count(value: Option<&str>) -> Result<u32, Crash> {
    match number("loop", value)? {
        None => Ok(1),
        Some(n) if n >= 0 => Ok(n.min(i64::from(u32::MAX)) as u32),
        Some(n) => Err(crash(
            format!("loop=\"{n}\" is negative: Kazoo takes 0 (forever) or more."),
            "Use loop=\"1\" (or 0 to repeat until the caller acts).",
        )),
    }
}

/// `<Say voice>` and `<Conference voice>`: the voice Kazoo uses (`None`:
/// platform default). `kzt_twiml_util:get_voice` has no clause for other
/// values (a crash); `kzt_twiml_dial.erl` reads `<Conference voice>`
/// through it for the conference's `tts-voice`.
pub fn say_voice(value: Option<&str>) -> Result<Option<&'static str>, Crash> {
    match value {
        None => Ok(None),
        Some("man" | "male") => Ok(Some("male")),
        Some("woman" | "female") => Ok(Some("female")),
        Some(other) => Err(crash(
            format!(
                "voice=\"{other}\" is not a voice Kazoo knows (only man, male, woman, female); \
                 Twilio voices such as alice or Polly.* make the element fail."
            ),
            "Use voice=\"woman\" or voice=\"man\", or leave voice out for the platform default.",
        )),
    }
}

/// `<Say language>`: the language Kazoo uses (`None`: platform default).
pub fn say_language(value: Option<&str>) -> Result<Option<&'static str>, Crash> {
    match value {
        None => Ok(None),
        Some(text) => SAY_LANGUAGES
            .iter()
            .find(|(k, _)| *k == text)
            .map(|(_, v)| Some(*v))
            .ok_or_else(|| {
                crash(
                    format!(
                        "language=\"{text}\" is not one Kazoo knows: only en, en-gb, es, fr, de \
                         and it, written exactly so (en-US, es-MX and other locales fail)."
                    ),
                    "Use language=\"en\" (en-US), \"en-gb\", \"es\", \"fr\", \"de\" or \"it\".",
                )
            }),
    }
}

/// `<Pause length>` in seconds: 1 by default, capped at 3600; 0 or less
/// crashes. The flag says whether the cap applied.
pub fn pause_length(value: Option<&str>) -> Result<(u32, bool), Crash> {
    match number("length", value)? {
        None => Ok((1, false)),
        Some(n) if n > MAX_SECONDS => Ok((MAX_SECONDS as u32, true)),
        Some(n) if n > 0 => Ok((n as u32, false)),
        Some(n) => Err(crash(
            format!("length=\"{n}\": Kazoo accepts 1 to 3600 seconds; 0 or less makes it fail."),
            "Use a length of at least 1, or leave the Pause out.",
        )),
    }
}

/// `timeout` of Gather, Record and Dial in seconds (`timeout_s`): the
/// default when absent, capped at 3600; 0 or less crashes.
pub fn timeout_s(value: Option<&str>, default: u32) -> Result<u32, Crash> {
    match number("timeout", value)? {
        None => Ok(default),
        Some(n) if n > MAX_SECONDS => Ok(MAX_SECONDS as u32),
        Some(n) if n > 0 => Ok(n as u32),
        Some(n) => Err(crash(
            format!("timeout=\"{n}\": Kazoo takes 1 second or more; 0 or less makes it fail."),
            "Use a timeout of at least 1 second.",
        )),
    }
}

/// `<Gather finishOnKey>` (`finish_dtmf`): `#` by default, `""`
/// disables it, anything but one DTMF key crashes.
pub fn finish_on_key(value: Option<&str>) -> Result<Option<String>, Crash> {
    match value {
        None => Ok(Some("#".into())),
        Some("") => Ok(None),
        Some(key) if DTMF_KEYS.contains(&key) => Ok(Some(key.to_owned())),
        Some(other) => Err(crash(
            format!(
                "finishOnKey=\"{other}\" is not one key: Kazoo takes exactly one of 0-9, * or # \
                 (or \"\" for none)."
            ),
            "Use one key, such as finishOnKey=\"#\".",
        )),
    }
}

/// `<Gather numDigits>`: unlimited by default; 0 or less crashes.
pub fn num_digits(value: Option<&str>) -> Result<Option<u32>, Crash> {
    match number("numDigits", value)? {
        None => Ok(None),
        Some(n) if n > 0 => Ok(Some(n.min(i64::from(u32::MAX)) as u32)),
        Some(n) => Err(crash(
            format!("numDigits=\"{n}\": Kazoo takes 1 or more."),
            "Use numDigits of at least 1, or leave it out.",
        )),
    }
}

/// `<Record maxLength>` in seconds (`get_max_length`): 3600 by default;
/// more than 3600, or 0 or less, crashes.
pub fn max_length(value: Option<&str>) -> Result<u32, Crash> {
    match number("maxLength", value)? {
        None => Ok(MAX_SECONDS as u32),
        Some(n) if n > 0 && n <= MAX_SECONDS => Ok(n as u32),
        Some(n) => Err(crash(
            format!("maxLength=\"{n}\": Kazoo takes 1 to 3600 seconds; other values make it fail."),
            "Use a maxLength from 1 to 3600.",
        )),
    }
}

/// `<Reject reason>`: `rejected` by default or `busy`; others crash.
pub fn reject_reason(value: Option<&str>) -> Result<&'static str, Crash> {
    match value {
        None | Some("rejected") => Ok("rejected"),
        Some("busy") => Ok("busy"),
        Some(other) => Err(crash(
            format!("reason=\"{other}\": Kazoo takes only rejected or busy."),
            "Use reason=\"rejected\" or reason=\"busy\".",
        )),
    }
}

/// `<Conference maxParticipants>`: 40 by default; 3..40 else crash.
pub fn max_participants(value: Option<&str>) -> Result<u32, Crash> {
    let (low, high) = MAX_PARTICIPANTS;
    match number("maxParticipants", value)? {
        None => Ok(high as u32),
        Some(n) if (low..=high).contains(&n) => Ok(n as u32),
        Some(n) => Err(crash(
            format!("maxParticipants=\"{n}\": Kazoo takes {low} to {high}."),
            format!("Use a maxParticipants from {low} to {high}."),
        )),
    }
}

/// The digits Kazoo dials from `<Dial>` text or a `<Number>`: every
/// character but digits and `+` dropped (`cleanup_dial_me`).
pub fn dial_digits(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_erlang_reads_them() {
        assert_eq!(int_value("5"), Some(5));
        assert_eq!(int_value("-2"), Some(-2));
        assert_eq!(int_value("+7"), Some(7));
        assert_eq!(int_value("5.0"), Some(5));
        assert_eq!(int_value("2.5e1"), Some(25));
        assert_eq!(int_value("five"), None);
        assert_eq!(int_value(" 5"), None);
        assert_eq!(int_value("5."), None);
        assert_eq!(int_value(""), None);
        assert_eq!(int_value("1e3"), None);
    }
}
