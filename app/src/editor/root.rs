//! The root of the tree: the callflow's name and numbers (both targets).

use std::collections::HashSet;

use kazoo::callflow::Callflow;

use super::ops::OpError;

/// Applies the root form: a changed name, and the numbers as Kazoo stores
/// them (`kazoo::pivot::typed_numbers`, the pivot form's rules). Numbers
/// that are the same set as before leave the document's list untouched.
///
/// # Errors
/// `name` or `numbers` field messages; nothing is changed then.
pub fn apply(doc: &mut Callflow, name: &str, numbers: &str) -> Result<(), OpError> {
    let mut error = OpError {
        message: "Nothing was changed: fix the highlighted fields.".into(),
        ..OpError::default()
    };
    let name = name.trim();
    if doc.name.as_deref().unwrap_or("") != name {
        if let Some(problem) = kazoo::pivot::name_problem(name) {
            error.fields.insert("name".into(), problem);
        }
    }
    let (list, problem, _) = kazoo::pivot::typed_numbers(numbers, doc.numbers());
    if let Some(problem) = problem {
        error.fields.insert("numbers".into(), problem);
    }
    if !error.fields.is_empty() {
        return Err(error);
    }
    if doc.name.as_deref().unwrap_or("") != name {
        doc.name = Some(name.to_owned());
    }
    let now: HashSet<&String> = list.iter().collect();
    let was: HashSet<&String> = doc.numbers().iter().collect();
    if now != was {
        doc.numbers = Some(list);
    }
    Ok(())
}
