//! An import's result as CSV (the `csv` crate): one row per number with
//! its class, reason, group and draft (made by Create drafts, or the one
//! that already had the number), in export order.

use super::{db::ImportRow, model::DraftRef};

/// The header row.
pub const HEADER: [&str; 7] = [
    "number",
    "friendly_name",
    "class",
    "reason",
    "group",
    "draft_id",
    "draft_link",
];

/// The CSV text of `row`.
///
/// # Errors
/// Only if writing to memory fails.
pub fn result_csv(row: &ImportRow) -> Result<Vec<u8>, csv::Error> {
    let plan = &row.plan;
    let created = row.created.as_ref().map(|(c, _, _)| c);
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    for number in &plan.numbers {
        let group = number.group.and_then(|i| plan.groups.get(i));
        let outcome = number
            .group
            .and_then(|i| created.and_then(|c| c.groups.get(i)));
        let draft: Option<&DraftRef> = outcome.and_then(|o| {
            o.found
                .iter()
                .find(|f| f.numbers.contains(&number.number))
                .map(|f| &f.draft)
                .or(o.created.as_ref())
        });
        out.write_record([
            number.number.as_str(),
            &inert(&number.friendly_name),
            number.class.as_str(),
            number.reason.as_str(),
            &inert(group.map_or("", |g| g.name.as_str())),
            draft.map_or("", |d| d.id.as_str()),
            &draft.map_or_else(String::new, |d| format!("/drafts/{}", d.id)),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// A text from the export as a spreadsheet cell that cannot run: one
/// starting with `=`, `+`, `-` or `@` gets a leading `'` (OWASP's advice
/// on CSV injection). Numbers are written as Kazoo stores them.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_from_the_export_do_not_run() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("+1 415"), "'+1 415");
        assert_eq!(inert("Main line"), "Main line");
    }
}
