//! An export's text read into entries: one map of fields per number (or
//! TwiML App), whatever the shape. Field names are compared without case
//! and without `_`, `-` or spaces ([`key`]), so the REST API's
//! `phone_number`, the CLI's `phoneNumber` and a spreadsheet's "Phone
//! Number" are one field.

use std::{collections::BTreeMap, fmt};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Which, NUMBERS_MAX};

/// The shape an export came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The REST API's JSON: `{"incoming_phone_numbers": […], …}` pages.
    RestJson,
    /// The Twilio CLI's JSON: an array of camelCase objects.
    CliJson,
    /// CSV (or tab-separated) with a header row.
    Csv,
}

impl Format {
    /// The shape in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::RestJson => "the REST API's JSON",
            Self::CliJson => "the Twilio CLI's JSON",
            Self::Csv => "CSV",
        }
    }
}

/// Where an entry is in the text, for messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// The `entry`-th object (1-based) of the `page`-th JSON value.
    Json { page: usize, entry: usize },
    /// A CSV record starting on `line` (1-based, the header is line 1).
    Csv { line: u64 },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json { page: 1, entry } => write!(f, "entry {entry}"),
            Self::Json { page, entry } => write!(f, "entry {entry} of page {page}"),
            Self::Csv { line } => write!(f, "line {line}"),
        }
    }
}

/// What is wrong with an export, as the end of a sentence starting "The
/// numbers export …" (see [`super::ImportError`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("is empty: paste the export or choose its file.")]
    Empty,
    #[error("is not text: export the numbers as JSON or CSV (UTF-8) and use that file.")]
    NotText,
    #[error("is a zip file (or an Excel workbook): export the numbers as JSON or CSV instead.")]
    Archive,
    #[error("is compressed (gzip): unpack it first.")]
    Compressed,
    #[error("is XML, not a numbers export (TwiML goes to the checker). {HOW}")]
    Xml,
    #[error("is neither JSON nor CSV with a header row. {HOW}")]
    NotAnExport,
    #[error("is not valid JSON at line {line}, column {column}: {message}. Nothing was imported.")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "ends before its JSON is complete (line {line}): was it cut short? Nothing was imported."
    )]
    Truncated { line: usize },
    /// JSON of another shape; the text says what it is and what to export.
    #[error("{0}")]
    WrongShape(String),
    #[error("has an entry without a phone number ({field}): {place}{hint}.")]
    MissingField {
        place: Place,
        field: &'static str,
        hint: String,
    },
    #[error("is a CSV without the column{} {} (either spelling, such as phone_number or phoneNumber). Its header row has: {}.", if .missing.len() == 1 { "" } else { "s" }, .missing.join(" and "), .found.join(", "))]
    CsvColumns {
        missing: Vec<&'static str>,
        found: Vec<String>,
    },
    #[error("could not be read as CSV at line {line}: {message}.")]
    Csv { line: u64, message: String },
    #[error("lists no {0}.")]
    NoEntries(&'static str),
    #[error(
        "lists {count} numbers: at most 10,000 at a time. Split the export and import each part."
    )]
    TooMany { count: usize },
}

/// The shapes an export may have, said once for every message.
const HOW: &str = "Export the numbers as the REST API's JSON ({\"incoming_phone_numbers\": [...]}), \
                   the Twilio CLI's JSON (twilio phone-numbers:list -o json) or CSV with a header row.";

/// A field name as compared: lower case, letters and digits only
/// (`phone_number`, `phoneNumber`, `Phone Number` → `phonenumber`).
pub fn key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// One number (or TwiML App) as read: its place and fields by [`key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub place: Place,
    pub fields: BTreeMap<String, String>,
}

impl Entry {
    /// A field's value, trimmed; empty when absent or null.
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }
}

/// The entries of an export.
#[derive(Debug)]
pub struct Read {
    pub format: Format,
    pub pages: usize,
    pub entries: Vec<Entry>,
}

/// What each export lists: the REST list key, and the field an entry
/// cannot do without (as the CSV header and messages name it).
struct Kind {
    list: &'static str,
    other_list: &'static str,
    required: &'static [(&'static str, &'static str)],
    noun: &'static str,
}

const NUMBERS: Kind = Kind {
    list: "incoming_phone_numbers",
    other_list: "applications",
    required: &[("phonenumber", "phone_number"), ("voiceurl", "voice_url")],
    noun: "phone numbers",
};

const APPLICATIONS: Kind = Kind {
    list: "applications",
    other_list: "incoming_phone_numbers",
    required: &[("sid", "sid"), ("voiceurl", "voice_url")],
    noun: "applications",
};

/// Reads `bytes` as one of the three shapes.
///
/// # Errors
/// What is wrong, and where.
pub fn read(bytes: &[u8], which: Which) -> Result<Read, Problem> {
    let kind = match which {
        Which::Numbers => &NUMBERS,
        Which::Applications => &APPLICATIONS,
    };
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Problem::Archive);
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(Problem::Compressed);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Problem::NotText)?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(Problem::Empty);
    }
    if text.contains('\0') {
        return Err(Problem::NotText);
    }
    let read = match text.as_bytes()[0] {
        b'{' | b'[' => json(text, kind)?,
        b'<' => return Err(Problem::Xml),
        _ => csv(text, kind)?,
    };
    if read.entries.is_empty() {
        return Err(Problem::NoEntries(kind.noun));
    }
    if read.entries.len() > NUMBERS_MAX {
        return Err(Problem::TooMany {
            count: read.entries.len(),
        });
    }
    Ok(read)
}

/// JSON values one after another (pasted pages), each a REST page, a CLI
/// array or a single object.
fn json(text: &str, kind: &Kind) -> Result<Read, Problem> {
    let mut entries = Vec::new();
    let mut pages = 0;
    let mut rest_pages = 0;
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let value = value.map_err(json_problem)?;
        pages += 1;
        let list = match value {
            Value::Array(items) => items,
            Value::Object(mut object) => match object.remove(kind.list) {
                Some(Value::Array(items)) => {
                    rest_pages += 1;
                    items
                }
                Some(_) => {
                    return Err(Problem::WrongShape(format!(
                        "has \"{}\" that is not a list (page {pages}).",
                        kind.list
                    )))
                }
                None if object.keys().any(|k| {
                    kind.required
                        .iter()
                        .any(|(r, _)| key(k) == *r && *r != "voiceurl")
                }) =>
                {
                    rest_pages += 1;
                    vec![Value::Object(object)]
                }
                None => return Err(wrong_object(&object, kind, pages)),
            },
            other => {
                return Err(Problem::WrongShape(format!(
                    "is JSON but not a Twilio export: page {pages} is {}. {HOW}",
                    kind_of(&other)
                )))
            }
        };
        for (i, item) in list.into_iter().enumerate() {
            let place = Place::Json {
                page: pages,
                entry: i + 1,
            };
            let Value::Object(object) = item else {
                return Err(Problem::WrongShape(format!(
                    "is a list, but {place} is {}, not an object with a {}.",
                    kind_of(&item),
                    kind.required[0].1
                )));
            };
            entries.push(Entry {
                place,
                fields: flatten(object),
            });
            if entries.len() > NUMBERS_MAX {
                return Err(Problem::TooMany {
                    count: entries.len(),
                });
            }
        }
    }
    let format = if rest_pages == pages {
        Format::RestJson
    } else {
        Format::CliJson
    };
    Ok(Read {
        format,
        pages,
        entries,
    })
}

/// An object that is no page of this export: the other export, another
/// Twilio list (`calls`, `messages`, …), or something else.
fn wrong_object(object: &serde_json::Map<String, Value>, kind: &Kind, page: usize) -> Problem {
    if object.contains_key(kind.other_list) {
        return Problem::WrongShape(match kind.list {
            "applications" => "is a numbers export (incoming_phone_numbers): put it in the numbers field, and the Applications (TwiML Apps) export here.".to_owned(),
            _ => "is the Applications (TwiML Apps) export: put it in the Applications field, and the numbers export (incoming_phone_numbers) here.".to_owned(),
        });
    }
    let paging = [
        "uri",
        "page",
        "page_size",
        "first_page_uri",
        "next_page_uri",
        "previous_page_uri",
        "start",
        "end",
        "meta",
    ];
    let list = object
        .iter()
        .find(|(k, v)| v.is_array() && !paging.contains(&k.as_str()))
        .map(|(k, _)| k.clone());
    match list {
        Some(list) => Problem::WrongShape(format!(
            "is a Twilio \"{list}\" list, not {}: export the {} list instead (page {page}).",
            kind.noun,
            if kind.list == "applications" {
                "Applications (TwiML Apps)"
            } else {
                "IncomingPhoneNumbers"
            }
        )),
        None => {
            let keys: Vec<&str> = object.keys().map(String::as_str).take(8).collect();
            Problem::WrongShape(format!(
                "is JSON but not a Twilio export: page {page} has no \"{}\" list (its keys: {}). {HOW}",
                kind.list,
                if keys.is_empty() { "none".to_owned() } else { keys.join(", ") }
            ))
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn json_problem(e: serde_json::Error) -> Problem {
    if e.is_eof() {
        return Problem::Truncated { line: e.line() };
    }
    // serde_json says "expected value at line 1 column 2": keep the words.
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(words, _)| words)
        .to_owned();
    Problem::Json {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// An entry's fields by [`key`]: texts as they are, null as empty,
/// numbers and booleans as written, one level of nested objects as
/// `outerinner` (`capabilities.voice` → `capabilitiesvoice`).
fn flatten(object: serde_json::Map<String, Value>) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    for (name, value) in object {
        match value {
            Value::Object(inner) => {
                for (sub, v) in inner {
                    if let Some(text) = scalar(&v) {
                        fields.insert(key(&format!("{name}{sub}")), text);
                    }
                }
            }
            other => {
                if let Some(text) = scalar(&other) {
                    fields.insert(key(&name), text);
                }
            }
        }
    }
    fields
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// CSV (or tab-separated, as `twilio … -o tsv` writes) with a header row.
fn csv(text: &str, kind: &Kind) -> Result<Read, Problem> {
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let known = |name: &str| {
        let k = key(name);
        kind.required.iter().any(|(r, _)| *r == k) || k == "phonenumber" || k == "sid"
    };
    if !first.contains(delimiter as char) && !known(first) {
        return Err(Problem::NotAnExport);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_problem(&e))?
        .iter()
        .map(str::to_owned)
        .collect();
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    let missing: Vec<&'static str> = kind
        .required
        .iter()
        .filter(|(k, _)| !keys.iter().any(|have| have == k))
        .map(|(_, name)| *name)
        .collect();
    if !missing.is_empty() {
        // Nothing at all of an export: not a CSV of numbers.
        if missing.len() == kind.required.len() && !first.contains(delimiter as char) {
            return Err(Problem::NotAnExport);
        }
        return Err(Problem::CsvColumns {
            missing,
            found: headers
                .iter()
                .take(12)
                .map(|h| h.chars().take(40).collect())
                .collect(),
        });
    }
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_problem(&e))?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, csv::Position::line);
        let fields = keys
            .iter()
            .zip(record.iter())
            .filter(|(k, _)| !k.is_empty())
            .map(|(k, v)| (k.clone(), v.to_owned()))
            .collect();
        entries.push(Entry {
            place: Place::Csv { line },
            fields,
        });
        if entries.len() > NUMBERS_MAX {
            return Err(Problem::TooMany {
                count: entries.len(),
            });
        }
    }
    Ok(Read {
        format: Format::Csv,
        pages: 1,
        entries,
    })
}

fn csv_problem(e: &csv::Error) -> Problem {
    let line = e.position().map_or(0, csv::Position::line);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".to_owned(),
        _ => "this line could not be read".to_owned(),
    };
    Problem::Csv { line, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_compared_in_any_spelling() {
        for name in [
            "phone_number",
            "phoneNumber",
            "Phone Number",
            "PHONE-NUMBER",
        ] {
            assert_eq!(key(name), "phonenumber");
        }
    }

    #[test]
    fn places_read_as_people_count() {
        assert_eq!(Place::Json { page: 1, entry: 3 }.to_string(), "entry 3");
        assert_eq!(
            Place::Json { page: 2, entry: 1 }.to_string(),
            "entry 1 of page 2"
        );
        assert_eq!(Place::Csv { line: 7 }.to_string(), "line 7");
    }
}
