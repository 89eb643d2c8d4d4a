//! An export's text read into entries: one map of fields per number (or
//! TwiML App), whatever the shape. Field names are compared without case
//! and without `_`, `-` or spaces ([`key`]), so the REST API's
//! `phone_number`, the CLI's `phoneNumber` and a spreadsheet's "Phone
//! Number" are one field. JSON pages are read in `entry/pages.rs`, CSV
//! rows in `entry/rows.rs`.

mod pages;
mod rows;

use std::{collections::BTreeMap, fmt};

use serde::{Deserialize, Serialize};

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
    #[error("has an entry without {} ({field}): {place}{hint}.", if *.field == "sid" { "a TwiML App sid" } else { "a phone number" })]
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
pub(super) const HOW: &str = "Export the numbers as the REST API's JSON ({\"incoming_phone_numbers\": [...]}), \
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
    /// What the reader should know about the classes (a CSV without the
    /// columns that tell a trunk or a TwiML App), in words.
    pub notes: Vec<String>,
}

/// What each export lists: the REST list key, and the field an entry
/// cannot do without (as the CSV header and messages name it).
struct Kind {
    pub list: &'static str,
    pub other_list: &'static str,
    pub required: &'static [(&'static str, &'static str)],
    /// Columns a CSV may lack, though without them some numbers cannot
    /// be classified (a trunk, a TwiML App, fax reception).
    pub deciding: &'static [(&'static str, &'static str)],
    pub noun: &'static str,
}

const NUMBERS: Kind = Kind {
    list: "incoming_phone_numbers",
    other_list: "applications",
    required: &[("phonenumber", "phone_number"), ("voiceurl", "voice_url")],
    deciding: &[
        ("trunksid", "trunk_sid"),
        ("voiceapplicationsid", "voice_application_sid"),
        ("voicereceivemode", "voice_receive_mode"),
    ],
    noun: "phone numbers",
};

const APPLICATIONS: Kind = Kind {
    list: "applications",
    other_list: "incoming_phone_numbers",
    required: &[("sid", "sid"), ("voiceurl", "voice_url")],
    deciding: &[],
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
        b'{' | b'[' => pages::read(text, kind)?,
        b'<' => return Err(Problem::Xml),
        _ => rows::read(text, kind)?,
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
