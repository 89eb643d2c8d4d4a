//! Import JSON: paste a callflow document (bare, or a Callflows API body
//! `{"data": {…}}`) and it becomes a new draft. A plain form post, so it
//! works without JavaScript; a refused import comes back here with the
//! text kept and what is wrong. With JavaScript, a text past the size
//! limit is refused before it is sent.

use leptos::prelude::*;

use crate::{
    callflows::{
        model::{ImportForm, IMPORT_MAX_BYTES},
        server_fns::get_import_form,
    },
    components::{
        notice::{Notice, Tone},
        text_area::text_area_text,
    },
};

/// What the example shows: the 2600Hz guide's `PUT` body, shortened.
const EXAMPLE: &str = r#"{"data": {
  "name": "Sandwich line",
  "numbers": ["555-113-0451"],
  "flow": {"module": "tts", "data": {"text": "Welcome."}, "children": {}}
}}"#;

#[component]
pub fn ImportPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_import_form());
    view! {
        <div class="page-head">
            <h1>"Import JSON"</h1>
            <a href="/callflows">"Back to Callflows"</a>
        </div>
        <p class="lead">
            "Paste a callflow document to make it a new draft. Nothing is sent to Kazoo until you sync the draft."
        </p>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(form) => view! { <ImportFormView form /> }.into_any(),
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn ImportFormView(form: ImportForm) -> impl IntoView {
    let bytes = RwSignal::new(form.text.len());
    let too_big = RwSignal::new(false);
    let server_error = form.error.clone();
    let error = move || {
        if too_big.get() {
            Some(format!(
                "That is {} KiB: a callflow document may be at most {} KiB. Nothing was sent.",
                bytes.get().div_ceil(1024),
                IMPORT_MAX_BYTES / 1024
            ))
        } else {
            server_error.clone()
        }
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().then_some("true")
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if bytes.get_untracked() > IMPORT_MAX_BYTES {
            ev.prevent_default();
            too_big.set(true);
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        bytes.set(event_target_value(&ev).len());
        too_big.set(false);
    };
    let summary = form.error.clone().map(|text| {
        view! { <Notice tone=Tone::Error text=format!("Nothing was saved. {text}") /> }
    });
    view! {
        {summary}
        <form class="card import-form" method="post" action="/callflows/import" on:submit=on_submit>
            <div class="field">
                <label for="document">"Callflow JSON"</label>
                <p class="field-hint" id="document-hint">
                    "A callflow document (name, numbers, patterns, flow, and any other key, kept as it is), "
                    "or a Callflows API body with the document in “data”. Numbers are stored the way Kazoo "
                    "stores them: 555-113-0451 becomes +5551130451. "
                    {format!("At most {} KiB.", IMPORT_MAX_BYTES / 1024)}
                </p>
                <textarea
                    id="document"
                    name="document"
                    rows="16"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid=invalid
                    aria-describedby="document-error document-hint"
                    on:input=on_input
                >
                    {text_area_text(&form.text)}
                </textarea>
                <p class="field-error" id="document-error" aria-live="polite">{error}</p>
            </div>
            <details class="example">
                <summary>"Example"</summary>
                <pre tabindex="0"><code>{EXAMPLE}</code></pre>
            </details>
            <div class="form-actions">
                <button type="submit" class="primary">"Import as a new draft"</button>
                <a class="button" href="/callflows">"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}
