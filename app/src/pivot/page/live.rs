//! Reading the form as the admin types (browser only): every input event
//! rebuilds the `PivotInput` from the form's current values, so the
//! preview and the checks use exactly what a submit would send.

use std::collections::BTreeSet;

use kazoo::pivot::PivotInput;
use leptos::{ev::Event, html, prelude::*};

/// The form's field names, in the order a submit sends them (the order
/// the page shows them).
pub(super) const FIELDS: [&str; 15] = [
    "name",
    "number",
    "numbers",
    "voice_url",
    "method",
    "req_format",
    "req_body_format",
    "req_timeout_ms",
    "debug",
    "cdr_url",
    "fallback",
    "fallback_text",
    "fallback_number",
    "fallback_url",
    "fallback_method",
];

/// The handler for the form's `input` and `change` events.
pub fn on_edit(
    form: NodeRef<html::Form>,
    input: RwSignal<PivotInput>,
    touched: RwSignal<BTreeSet<String>>,
) -> impl Fn(Event) + Copy + 'static {
    move |event: Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(name) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.get_attribute("name"))
            {
                // Picking a free number counts as editing the numbers.
                let name = if name == "number" {
                    "numbers".to_owned()
                } else {
                    name
                };
                touched.update(|t| {
                    t.insert(name);
                });
            }
            let Some(form) = form.get_untracked() else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            let mut pairs: Vec<(&str, String)> = Vec::new();
            for field in FIELDS {
                for value in data.get_all(field).iter() {
                    if let Some(text) = value.as_string() {
                        pairs.push((field, text));
                    }
                }
            }
            input.set(PivotInput::from_pairs(
                pairs.iter().map(|(k, v)| (*k, v.as_str())),
            ));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, form, input, touched);
    }
}
