//! Kazoo's answer to a sync, in the admin's words: what is recorded in the
//! sync log and what the form shows.

use std::collections::BTreeMap;

use kazoo::{
    callflow::Callflow, pivot::field_for_kazoo_path, types::Doc, KazooError, ValidationErrors,
};
use serde_json::Value;

use crate::{
    error::AppError,
    sync::{db::Outcome, model::Operation},
};

/// Why a sync did not go through.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Kazoo refused the document: messages by form field (`form` for
    /// what no field shows).
    Refused(BTreeMap<String, String>),
    SessionExpired,
    Unavailable(String),
    Conflict(String),
    /// The live callflow was deleted in Kazoo.
    Gone,
    Internal(String),
}

/// The key of refusals no form field shows.
pub const FORM: &str = "form";

impl Failure {
    /// What the sync log and the draft's "last error" say.
    pub fn message(&self) -> String {
        match self {
            Self::Refused(fields) => fields.values().cloned().collect::<Vec<_>>().join(" "),
            Self::SessionExpired => {
                "The Kazoo session expired. Sign in again, then sync: the draft is kept.".into()
            }
            Self::Unavailable(why) => format!(
                "Kazoo could not be reached ({why}). The draft is kept: sync again to retry."
            ),
            Self::Conflict(message) | Self::Internal(message) => message.clone(),
            Self::Gone => "The callflow was deleted in Kazoo. Sync again to create it anew.".into(),
        }
    }

    /// The error the caller gets.
    pub fn into_app_error(self) -> AppError {
        match self {
            Self::Refused(fields) => AppError::Validation(fields),
            Self::SessionExpired => AppError::KazooSessionExpired,
            Self::Unavailable(_) => AppError::KazooUnavailable,
            Self::Conflict(m) => AppError::Conflict(m),
            Self::Gone => AppError::Conflict(Self::Gone.message()),
            Self::Internal(m) => AppError::Kazoo(m),
        }
    }
}

/// The outcome to record and the answer to give for a Kazoo call's result.
pub fn judge(
    operation: Operation,
    result: Result<Doc, KazooError>,
    sent: &Callflow,
) -> (Outcome, Result<(), Failure>) {
    let error = match result {
        Ok(doc) => {
            let done = if operation == Operation::Delete {
                Outcome::Done {
                    kazoo_id: None,
                    revision: None,
                    document: None,
                    request_id: doc.request_id,
                }
            } else {
                Outcome::Done {
                    kazoo_id: Some(doc.id),
                    revision: doc.revision,
                    document: Some(Box::new(sent.clone())),
                    request_id: doc.request_id,
                }
            };
            return (done, Ok(()));
        }
        Err(e) => e,
    };
    let request_id = error.request_id().map(str::to_owned);
    let maybe_written = maybe_written(&error);
    let failure = match error {
        // Already gone from Kazoo: that is what a delete wants.
        KazooError::NotFound { .. } if operation == Operation::Delete => {
            let done = Outcome::Done { kazoo_id: None, revision: None, document: None, request_id };
            return (done, Ok(()));
        }
        KazooError::Conflict { .. } if operation == Operation::Delete => Failure::Conflict(
            "The callflow was changed in Kazoo after this draft was based on it, so nothing was deleted. \
             Compare it with the draft (“Compare it with Kazoo’s callflow”): from there you can \
             remove it anyway, or keep it."
                .into(),
        ),
        e => failure_of(&e),
    };
    let outcome = Outcome::Failed {
        conflict: matches!(failure, Failure::Conflict(_)),
        message: failure.message(),
        request_id,
        maybe_written,
    };
    (outcome, Err(failure))
}

/// A failed Kazoo write in the admin's words (a delete's own cases
/// aside).
pub(super) fn failure_of(error: &KazooError) -> Failure {
    match error {
        KazooError::NotFound { .. } => Failure::Gone,
        KazooError::Validation { errors, .. } => Failure::Refused(refusals(errors)),
        KazooError::Forbidden { message, .. } => Failure::Refused(BTreeMap::from([(
            "numbers".to_owned(),
            format!("Kazoo does not let this account use these numbers ({message})."),
        )])),
        KazooError::Unauthorized { .. } => Failure::SessionExpired,
        KazooError::Conflict { .. } => Failure::Conflict(
            "The callflow was changed in Kazoo after this draft was based on it, so nothing was overwritten. \
             Compare it with the draft (“Compare it with Kazoo’s callflow”): from there you can \
             sync anyway to overwrite it, or discard the draft."
                .into(),
        ),
        e if e.is_retryable() => Failure::Unavailable(short_reason(e)),
        e => Failure::Internal(format!("Kazoo refused the sync: {e}")),
    }
}

/// Whether Kazoo may have done a call that failed with `error`: it did not
/// answer (timeout, broken connection), failed after perhaps writing (5xx),
/// or answered 2xx with something unreadable. A 4xx refusal wrote nothing.
fn maybe_written(error: &KazooError) -> bool {
    matches!(
        error,
        KazooError::Timeout
            | KazooError::Unreachable(_)
            | KazooError::Server { .. }
            | KazooError::InvalidResponse(_)
    )
}

fn short_reason(e: &KazooError) -> String {
    match e {
        KazooError::Timeout => "no answer in time".into(),
        KazooError::RateLimited { .. } => "too many requests".into(),
        KazooError::Server { status, .. } => format!("HTTP {status}"),
        _ => "connection failed".into(),
    }
}

/// Kazoo's validation map as form-field messages.
fn refusals(errors: &ValidationErrors) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    for (path, rules) in errors {
        let (rule, detail) = match rules.iter().next() {
            Some(first) => first,
            None => continue,
        };
        let message = if path == "numbers" && rule == "unique" {
            number_taken(detail)
        } else {
            let text = detail["message"].as_str().unwrap_or(rule);
            format!("Kazoo refused {}: {text}.", path.replace("flow.data.", ""))
        };
        let field = field_for_kazoo_path(path).unwrap_or(FORM).to_owned();
        fields
            .entry(field)
            .and_modify(|m: &mut String| {
                m.push(' ');
                m.push_str(&message);
            })
            .or_insert(message);
    }
    fields
}

/// `numbers.unique`: "Number <n> exists in callflow <id> <name>" (master)
/// or "<n> exists in callflow <id> (<name>)" (4.3); `cause` is the number.
fn number_taken(detail: &Value) -> String {
    let number = detail["cause"].as_str().unwrap_or("A number");
    let text = detail["message"].as_str().unwrap_or_default();
    let owner = text
        .split_once("exists in callflow ")
        .map(|(_, rest)| rest.trim())
        .map(|rest| match rest.split_once(' ') {
            Some((id, name)) => {
                let name = name
                    .strip_prefix('(')
                    .and_then(|n| n.strip_suffix(')'))
                    .unwrap_or(name);
                format!("the callflow “{name}” ({id})")
            }
            None => format!("the callflow {rest}"),
        })
        .unwrap_or_else(|| "another callflow".into());
    format!("{number} is already used by {owner} in Kazoo. Remove it there or pick another number, then sync again.")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_taken_number_names_the_callflow_that_has_it() {
        let master = json!({"message": "Number +14155550101 exists in callflow 5f0c1 Support menu", "cause": "+14155550101"});
        assert_eq!(
            number_taken(&master),
            "+14155550101 is already used by the callflow “Support menu” (5f0c1) in Kazoo. Remove it there or pick another number, then sync again."
        );
        let old = json!({"message": "+1415 exists in callflow 5f0c1 (Sales)", "cause": "+1415"});
        assert!(number_taken(&old).contains("“Sales” (5f0c1)"));
    }

    #[test]
    fn validation_paths_land_on_form_fields() {
        let errors: ValidationErrors = serde_json::from_value(json!({
            "flow.data.voice_url": {"error": {"message": "invalid client URL"}},
            "flow.children.1.data.id": {"required": {"message": "Field is required but missing"}}
        }))
        .unwrap();
        let fields = refusals(&errors);
        assert_eq!(
            fields["voice_url"],
            "Kazoo refused voice_url: invalid client URL."
        );
        assert!(fields[FORM].contains("flow.children.1.data.id"));
    }
}
