//! The form's fields. Every control has a visible label; errors sit under
//! their field and are announced (`aria-describedby`, `aria-invalid`).

use kazoo::pivot::{FallbackKind, PivotInput, METHODS, REQ_FORMATS};
use leptos::prelude::*;

use super::Errors;
use crate::components::number_picker::AccountNumberPicker;

/// The error line of a field, live.
#[component]
fn FieldError(name: &'static str, errors: Errors) -> impl IntoView {
    move || {
        errors.get(name).map(|text| {
            view! { <p class="field-error" id=format!("{name}-error") role="alert">{text}</p> }
        })
    }
}

/// What Kazoo would refuse or ignore about a field, live (not blocking).
/// Inside a `Transition`: the number warnings come from the server.
#[component]
pub fn FieldWarnings(name: &'static str, errors: Errors) -> impl IntoView {
    view! {
        <Transition>
            {move || {
                let warnings = errors.warnings(name);
                (!warnings.is_empty()).then(|| {
                    view! {
                        <ul class="field-warnings" id=format!("{name}-warning")>
                            {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    }
                })
            }}
        </Transition>
    }
}

#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    value: String,
    errors: Errors,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] inputmode: &'static str,
) -> impl IntoView {
    let invalid = move || errors.get(name).is_some().then_some("true");
    let described_by = if hint.is_empty() {
        format!("{name}-error {name}-warning")
    } else {
        format!("{name}-error {name}-warning {name}-hint")
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <input
                type="text"
                id=name
                name=name
                value=value
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-invalid=invalid
                aria-describedby=described_by
                autocomplete="off"
            />
            <FieldError name errors />
            <FieldWarnings name errors />
        </div>
    }
    .into_any()
}

/// The numbers: the number picker (the account's numbers to tick, others
/// typed), sent as `numbers` as before. `typed` is the form's numbers
/// (as stored or typed, separated by commas); `free`, the account's numbers no
/// callflow routes, is what the picker offers if the account's numbers
/// cannot be read.
#[component]
pub fn NumbersField(typed: String, free: Vec<String>, errors: Errors) -> impl IntoView {
    let invalid = Signal::derive(move || errors.get("numbers").is_some());
    let feedback: ChildrenFn = std::sync::Arc::new(move || {
        view! {
            <FieldError name="numbers" errors />
            <FieldWarnings name="numbers" errors />
        }
        .into_any()
    });
    view! {
        <AccountNumberPicker name="numbers" selected=vec![typed] invalid fallback=free children=feedback />
    }
    .into_any()
}

/// A group of radio buttons.
#[component]
fn Choice(
    name: &'static str,
    legend: &'static str,
    options: Vec<(&'static str, &'static str)>,
    value: String,
    errors: Errors,
) -> impl IntoView {
    let invalid = move || errors.get(name).is_some().then_some("true");
    view! {
        <fieldset
            class="field choice"
            aria-invalid=invalid
            aria-describedby=format!("{name}-error {name}-warning")
        >
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(key, label)| {
                    let id = format!("{name}-{key}");
                    let label_for = id.clone();
                    view! {
                        <label for=label_for class="radio">
                            <input type="radio" id=id name=name value=key checked=value == key />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
            <FieldError name errors />
            <FieldWarnings name errors />
        </fieldset>
    }
    .into_any()
}

#[component]
pub fn Method(value: String, errors: Errors) -> impl IntoView {
    view! { <Choice name="method" legend="Method" options=METHODS.to_vec() value errors /> }
}

#[component]
pub fn ReqFormatField(value: String, errors: Errors) -> impl IntoView {
    view! {
        <Choice name="req_format" legend="Request format" options=REQ_FORMATS.to_vec() value errors />
    }
    .into_any()
}

/// Every other field of Kazoo's pivot schema; open when one is set or wrong.
#[component]
pub fn Advanced(input: PivotInput, errors: Errors) -> impl IntoView {
    let open = !input.req_timeout_ms.is_empty()
        || !input.cdr_url.is_empty()
        || input.debug
        || input.req_body_format == "json"
        || errors.server.with_value(|e| {
            ["req_timeout_ms", "cdr_url", "req_body_format"]
                .iter()
                .any(|f| e.contains_key(*f))
        })
        || errors.live.with_untracked(|b| {
            b.warnings
                .iter()
                .any(|w| w.field == "req_body_format" || w.field == "cdr_url")
        });
    view! {
        <details class="advanced" open=open>
            <summary>"Advanced"</summary>
            <Choice
                name="req_body_format"
                legend="Request body format (POST only)"
                options=vec![("form", "Form (application/x-www-form-urlencoded)"), ("json", "JSON")]
                value=input.req_body_format.clone()
                errors
            />
            <TextField name="req_timeout_ms" label="Timeout in milliseconds" value=input.req_timeout_ms.clone()
                errors inputmode="numeric" hint="Up to 5000. Empty: Kazoo’s default (5000)." />
            <div class="field checkbox">
                <label for="debug">
                    <input type="checkbox" id="debug" name="debug" value="true" checked=input.debug />
                    "Debug: keep Kazoo’s logs of each request and response"
                </label>
            </div>
            <TextField name="cdr_url" label="CDR URL" value=input.cdr_url.clone() errors
                hint="Optional: Kazoo posts the call detail record here when the call ends." />
        </details>
    }
    .into_any()
}

/// What callers get when the server fails: Kazoo follows the `_` branch.
#[component]
pub fn Fallback(input: PivotInput, can_keep: bool, errors: Errors) -> impl IntoView {
    let options = FallbackKind::ALL
        .into_iter()
        .filter(|(kind, _, _)| *kind != FallbackKind::Keep || can_keep || input.fallback == "keep")
        .map(|(_, key, label)| (key, label))
        .collect();
    view! {
        <fieldset class="field fallback">
            <legend>"When your server fails"</legend>
            <p class="field-hint">"An error, a timeout or an answer Kazoo cannot run sends callers here."</p>
            <Choice name="fallback" legend="Fallback" options value=input.fallback.clone() errors />
            <TextField name="fallback_text" label="Message callers hear" value=input.fallback_text.clone() errors />
            <TextField name="fallback_number" label="Forward to number" value=input.fallback_number.clone()
                errors inputmode="tel" />
            <TextField name="fallback_url" label="Fallback server URL" value=input.fallback_url.clone() errors
                hint="Another server Kazoo asks, in the same request format (a Twilio number’s fallback URL)." />
            <Choice
                name="fallback_method"
                legend="Fallback server method"
                options=vec![("get", "GET to the fallback server"), ("post", "POST to the fallback server")]
                value=input.fallback_method.clone()
                errors
            />
        </fieldset>
    }
    .into_any()
}
