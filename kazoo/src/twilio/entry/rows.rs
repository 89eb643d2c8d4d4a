//! An export's CSV (or tab-separated, as `twilio … -o tsv` writes) with a
//! header row, read with the `csv` crate.

use super::{key, Entry, Format, Kind, Place, Problem, Read};
use crate::twilio::NUMBERS_MAX;

/// CSV (or tab-separated, as `twilio … -o tsv` writes) with a header row.
pub(super) fn read(text: &str, kind: &Kind) -> Result<Read, Problem> {
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
    let lacking: Vec<&str> = kind
        .deciding
        .iter()
        .filter(|(k, _)| !keys.iter().any(|have| have == k))
        .map(|(_, name)| *name)
        .collect();
    let notes = if lacking.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "The CSV has no {} column: a number on a SIP trunk, a TwiML App or fax reception \
             cannot be told from one answered by its voice URL. Check those numbers yourself, or \
             import the JSON export instead.",
            lacking.join(", ")
        )]
    };
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
        notes,
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
