//! The inputs of a step's form, one per catalogue field
//! (`kazoo::catalogue::FieldSpec`): each with a visible label, its error
//! under it (`aria-describedby`, `aria-invalid`), and the input its kind
//! calls for. Numbers are typed in text inputs so the server, not the
//! browser, says what is out of range (the same message with and without
//! JavaScript).

use kazoo::catalogue::{choice_label, FieldSpec, Hint, Kind, Resource};
use leptos::prelude::*;

use crate::{
    components::text_area::text_area_text,
    editor::model::{Choice, Pickers},
};

/// One field: `name` is the form field (`data.<key>`), `value` what it
/// shows, `error` its message.
pub fn field(
    spec: &FieldSpec,
    name: String,
    value: String,
    error: Option<String>,
    pickers: &Pickers,
) -> AnyView {
    let id = format!("f-{}", name.replace(['.', '@'], "-"));
    let error_id = format!("{id}-error");
    let invalid = error.is_some().then_some("true");
    let error_view =
        error.map(|e| view! { <p class="field-error" id=error_id.clone() role="alert">{e}</p> });
    let required = spec
        .required
        .then(|| view! { <span class="required">" (required)"</span> });
    let default = spec
        .default
        .filter(|d| !d.is_empty())
        .map(|d| view! { <p class="field-hint">{format!("Kazoo’s default: {d}")}</p> });
    let input = match spec.kind {
        Kind::Boolean => {
            let options = [("", "Kazoo’s default"), ("true", "Yes"), ("false", "No")];
            select(
                &id,
                &name,
                &value,
                options
                    .iter()
                    .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
                    .collect(),
                invalid,
                &error_id,
            )
        }
        Kind::Choice(choices) => {
            let mut options = vec![(String::new(), "Kazoo’s default".to_owned())];
            options.extend(choices.iter().map(|c| ((*c).to_owned(), choice_label(c))));
            if !value.is_empty() && !choices.contains(&value.as_str()) {
                options.push((value.clone(), value.clone()));
            }
            select(&id, &name, &value, options, invalid, &error_id)
        }
        Kind::Pick { resource, .. } => {
            let list = picker_list(pickers, resource);
            let mut options = vec![(String::new(), "Choose…".to_owned())];
            options.extend(list.iter().map(|c| (c.id.clone(), c.label.clone())));
            if !value.is_empty() && !list.iter().any(|c| c.id == value) {
                options.push((value.clone(), value.clone()));
            }
            select(&id, &name, &value, options, invalid, &error_id)
        }
        Kind::StringList { .. } | Kind::Json(_) | Kind::Recipients | Kind::Endpoints => {
            textarea(&id, &name, &value, invalid, &error_id, 4)
        }
        Kind::Text { .. } if spec.hint == Hint::MultiLine => {
            textarea(&id, &name, &value, invalid, &error_id, 3)
        }
        Kind::Integer { .. } | Kind::Number { .. } => view! {
            <input type="text" inputmode="numeric" id=id.clone() name=name.clone() value=value
                aria-invalid=invalid aria-describedby=error_id.clone() />
        }
        .into_any(),
        Kind::Text { .. } => {
            let kind = if spec.hint == Hint::PhoneNumber {
                "tel"
            } else {
                "text"
            };
            view! {
                <input type=kind id=id.clone() name=name.clone() value=value
                    aria-invalid=invalid aria-describedby=error_id.clone() />
            }
            .into_any()
        }
    };
    let hint = match spec.kind {
        Kind::Recipients => Some("One e-mail address or user id per line."),
        Kind::Endpoints => Some("One per line: user:<id>, device:<id> or group:<id>."),
        Kind::StringList { .. } => Some("One per line."),
        Kind::Json(_) => Some("JSON, checked as you save."),
        _ => None,
    }
    .map(|h| view! { <p class="field-hint">{h}</p> });
    view! {
        <div class="field">
            <label for=id>{spec.label}{required}</label>
            {hint}
            {input}
            {default}
            {error_view}
        </div>
    }
    .into_any()
}

/// The choices of a picker.
pub fn picker_list(pickers: &Pickers, resource: Resource) -> Vec<Choice> {
    match resource {
        Resource::Users => pickers.users.clone(),
        Resource::Devices => pickers.devices.clone(),
        Resource::Vmboxes => pickers.vmboxes.clone(),
        Resource::Callflows => pickers.callflows.clone(),
        Resource::Media => pickers.media.clone(),
        Resource::Menus => pickers.menus.clone(),
    }
}

/// A select of `(value, label)` options with `value` chosen.
pub fn select(
    id: &str,
    name: &str,
    value: &str,
    options: Vec<(String, String)>,
    invalid: Option<&'static str>,
    described_by: &str,
) -> AnyView {
    let options = options
        .into_iter()
        .map(|(v, l)| {
            let chosen = v == value;
            view! { <option value=v selected=chosen>{l}</option> }
        })
        .collect_view();
    view! {
        <select id=id.to_owned() name=name.to_owned() aria-invalid=invalid aria-describedby=described_by.to_owned()>
            {options}
        </select>
    }
    .into_any()
}

/// A text area.
pub fn textarea(
    id: &str,
    name: &str,
    value: &str,
    invalid: Option<&'static str>,
    described_by: &str,
    rows: u32,
) -> AnyView {
    view! {
        <textarea id=id.to_owned() name=name.to_owned() rows=rows.to_string() aria-invalid=invalid
            aria-describedby=described_by.to_owned()>{text_area_text(value)}</textarea>
    }
    .into_any()
}
