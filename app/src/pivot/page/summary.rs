//! After a refused save: a summary of what to fix, each entry a link to
//! its field. It takes the focus (`autofocus`, so also without
//! JavaScript), and screen readers announce it.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::live::FIELDS;

/// The form's label of a field, and the id of the control a link to it
/// focuses (the first radio of a choice).
fn label_and_target(field: &str) -> (&'static str, String) {
    let (label, target) = match field {
        "name" => ("Name", "name"),
        "numbers" => ("Numbers", "numbers"),
        "voice_url" => ("Voice URL", "voice_url"),
        "method" => ("Method", "method-get"),
        "req_format" => ("Request format", "req_format-twiml"),
        "req_body_format" => ("Request body format", "req_body_format-form"),
        "req_timeout_ms" => ("Timeout in milliseconds", "req_timeout_ms"),
        "cdr_url" => ("CDR URL", "cdr_url"),
        "fallback" => ("When your server fails", "fallback-none"),
        "fallback_text" => ("Message callers hear", "fallback_text"),
        "fallback_number" => ("Forward to number", "fallback_number"),
        "fallback_url" => ("Fallback server URL", "fallback_url"),
        "fallback_method" => ("Fallback server method", "fallback_method-get"),
        _ => ("The callflow", "name"),
    };
    (label, target.to_owned())
}

/// The errors in the form's order (anything else last), so the summary
/// reads top to bottom like the page.
fn in_form_order(errors: BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = errors.into_iter().collect();
    let place = |field: &str| {
        FIELDS
            .iter()
            .position(|f| *f == field)
            .unwrap_or(FIELDS.len())
    };
    list.sort_by_key(|(field, _)| place(field));
    list
}

#[component]
pub fn ErrorSummary(errors: BTreeMap<String, String>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div
                class="error-summary"
                id="error-summary"
                role="alert"
                tabindex="-1"
                autofocus=true
                aria-labelledby="error-summary-title"
            >
                <h2 id="error-summary-title">"What to fix"</h2>
                <ul>
                    {in_form_order(errors)
                        .into_iter()
                        .map(|(field, message)| {
                            let (label, target) = label_and_target(&field);
                            view! {
                                <li>
                                    <a href=format!("#{target}") on:click=focus_field(target)>
                                        {label} ": " {message}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// A click on an entry focuses its field. Without JavaScript the browser
/// does this itself (a fragment link to a focusable control); with it, the
/// router takes the click and would only scroll.
fn focus_field(target: String) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    move |event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let field = document()
                .get_element_by_id(&target)
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(field) = field {
                // A field in a closed section (Advanced) cannot take the
                // focus: open it first, as the browser would.
                if let Ok(Some(section)) = field.closest("details") {
                    let _ = section.set_attribute("open", "");
                }
                let _ = field.focus();
                let element: &web_sys::Element = field.as_ref();
                // Only when the field took the focus is the router's own
                // handling of the link not needed.
                if document().active_element().as_ref() == Some(element) {
                    event.prevent_default();
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&event, &target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_reads_in_the_form_order() {
        let errors = BTreeMap::from(
            [
                ("req_timeout_ms", "t"),
                ("voice_url", "u"),
                ("other", "o"),
                ("name", "n"),
            ]
            .map(|(f, m)| (f.to_owned(), m.to_owned())),
        );
        let fields: Vec<String> = in_form_order(errors).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["name", "voice_url", "req_timeout_ms", "other"]);
    }
}
