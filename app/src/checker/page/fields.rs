//! The checker forms' fields: a label, the control, a hint and the
//! field's error (tied with `aria-describedby`).

use leptos::prelude::*;

/// A one-line text input.
#[component]
pub fn Text(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: String,
    #[prop(optional)] hint: Option<&'static str>,
    error: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let described = match hint {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-error"),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{h}</p> })}
            <input
                type=kind
                id=id
                name=name
                value=value
                inputmode=inputmode
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=described
            />
            <p class="field-error" id=format!("{id}-error")>{error}</p>
        </div>
    }
}

/// A select of (value, label) choices.
#[component]
pub fn Choose(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    options: Vec<(&'static str, &'static str)>,
    value: String,
    #[prop(optional)] hint: Option<&'static str>,
    error: Option<String>,
) -> impl IntoView {
    let described = match hint {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-error"),
    };
    let options = options
        .into_iter()
        .map(|(v, l)| {
            let selected = v == value;
            view! { <option value=v selected=selected>{l}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{h}</p> })}
            <select id=id name=name aria-invalid=error.is_some().then_some("true") aria-describedby=described>
                {options}
            </select>
            <p class="field-error" id=format!("{id}-error")>{error}</p>
        </div>
    }
}
