//! The upload form: the numbers export (a file, or pasted) and,
//! optionally, the Applications export. A plain multipart form post, so
//! it works without JavaScript; a refused upload comes back here with the
//! pasted text and what is wrong. With JavaScript, an upload past the
//! limit is refused before it is sent.

use leptos::prelude::*;

use crate::{
    components::{
        notice::{Notice, Tone},
        text_area::text_area_text,
    },
    migrate::{
        model::{UploadForm, UPLOAD_MAX_BYTES},
        server_fns::get_upload_form,
    },
};

/// How to export from Twilio, shown under the form.
const HOW_TO: &str = "REST API (one page at a time; paste the pages one after another):
curl -u $TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN \\
  'https://api.twilio.com/2010-04-01/Accounts/'$TWILIO_ACCOUNT_SID'/IncomingPhoneNumbers.json?PageSize=1000'

Twilio CLI:
twilio phone-numbers:list -o json > numbers.json
twilio api:core:applications:list -o json > applications.json";

#[component]
pub fn TwilioUploadPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_upload_form());
    let query = leptos_router::hooks::use_query_map();
    let not_found = move || {
        (query.read().get("notice").as_deref() == Some("not_found")).then(|| {
            view! { <Notice tone=Tone::Error text="There is no such import in this account." /> }
        })
    };
    view! {
        <div class="page-head">
            <h1>"Move numbers from Twilio"</h1>
        </div>
        <p class="lead">
            "Upload or paste your Twilio numbers export. You see what moves with Pivot, and why the "
            "rest does not, before anything is made; then Create drafts makes one pivot draft per voice "
            "configuration. Nothing is sent to Kazoo until you sync a draft."
        </p>
        {not_found}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(form) => view! { <UploadFormView form /> }.into_any(),
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// The bytes a form post would send: its files and texts (the multipart
/// framing is a few hundred bytes more).
#[cfg(feature = "hydrate")]
fn posted_bytes(form: &web_sys::HtmlFormElement) -> f64 {
    use wasm_bindgen::JsCast;
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return 0.0;
    };
    [
        "export_file",
        "export_text",
        "applications_file",
        "applications_text",
    ]
    .iter()
    .map(|name| {
        let value = data.get(name);
        match value.dyn_ref::<web_sys::File>() {
            Some(file) => file.size(),
            None => value.as_string().map_or(0.0, |s| s.len() as f64),
        }
    })
    .sum()
}

#[component]
fn UploadFormView(form: UploadForm) -> impl IntoView {
    let too_big = RwSignal::new(None::<f64>);
    let server_error = form.error.clone();
    let error = move || match too_big.get() {
        Some(bytes) => Some(format!(
            "That is {:.1} MiB: an upload may be at most {} MiB. Split the export and import each \
             part. Nothing was sent.",
            bytes / 1_048_576.0,
            UPLOAD_MAX_BYTES >> 20
        )),
        None => server_error.clone(),
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let bytes = posted_bytes(&form);
            if bytes > UPLOAD_MAX_BYTES as f64 {
                ev.prevent_default();
                too_big.set(Some(bytes));
            } else {
                too_big.set(None);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().then_some("true")
    };
    let limit = format!("At most {} MiB in all.", UPLOAD_MAX_BYTES >> 20);
    view! {
        <form
            class="card import-form twilio-upload"
            method="post"
            action="/migrate/twilio"
            enctype="multipart/form-data"
            on:submit=on_submit
        >
            <p class="field-error" id="upload-error" role="alert">{error}</p>
            <fieldset class="field">
                <legend>"Numbers export (IncomingPhoneNumbers)"</legend>
                <p class="field-hint" id="export-hint">
                    "The REST API's JSON ({\"incoming_phone_numbers\": [...]}; several pages one after another "
                    "are fine), the Twilio CLI's JSON (twilio phone-numbers:list -o json), or CSV with a "
                    "header row. Choose the file, or paste it below. " {limit.clone()}
                </p>
                <label for="export_file">"Export file"</label>
                <input
                    id="export_file"
                    name="export_file"
                    type="file"
                    accept=".json,.csv,.tsv,.txt,application/json,text/csv,text/plain"
                    aria-describedby="export-hint upload-error"
                    aria-invalid=invalid.clone()
                />
                <label for="export_text">"Or paste the export"</label>
                <textarea
                    id="export_text"
                    name="export_text"
                    rows="10"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby="export-hint upload-error"
                >
                    {text_area_text(&form.text)}
                </textarea>
            </fieldset>
            <fieldset class="field">
                <legend>"Applications export (optional)"</legend>
                <p class="field-hint" id="applications-hint">
                    "Numbers that use a TwiML App take its voice URL from this export: the REST API's "
                    "{\"applications\": [...]}, twilio api:core:applications:list -o json, or CSV."
                </p>
                <label for="applications_file">"Applications file"</label>
                <input
                    id="applications_file"
                    name="applications_file"
                    type="file"
                    accept=".json,.csv,.tsv,.txt,application/json,text/csv,text/plain"
                    aria-describedby="applications-hint"
                />
                <label for="applications_text">"Or paste the Applications export"</label>
                <textarea
                    id="applications_text"
                    name="applications_text"
                    rows="4"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby="applications-hint"
                >
                    {text_area_text(&form.applications)}
                </textarea>
            </fieldset>
            <details class="example">
                <summary>"How to export from Twilio"</summary>
                <pre tabindex="0"><code>{HOW_TO}</code></pre>
            </details>
            <div class="form-actions">
                <button type="submit" class="primary">"Preview the move"</button>
            </div>
        </form>
    }
    .into_any()
}
