//! The checker's two forms: paste an answer, or request the voice URL
//! (and walk a call from it). Plain posts to `/checker/paste`,
//! `/checker/url` and `/checker/walks`.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::fields::{Choose, Text};
use crate::{
    checker::model::{CheckForm, Source, ANSWER_MAX_BYTES, CONTENT_TYPES},
    components::text_area::text_area_text,
};

/// An error of this form's: only when the refused post was this one.
fn error_of(
    errors: &BTreeMap<String, String>,
    form: &CheckForm,
    source: Source,
    field: &str,
) -> Option<String> {
    (form.source == source)
        .then(|| errors.get(field).cloned())
        .flatten()
}

/// "The pivot node has a CDR URL": it changes what Kazoo does at the end
/// of a TwiML document (PIVOT_TWIML.md §1). A ticked box posts `true`.
#[component]
fn CdrUrlBox(checked: bool) -> impl IntoView {
    view! {
        <div class="checkbox">
            <label>
                <input type="checkbox" name="cdr_url" value="true" checked=checked />
                "The pivot node has a CDR URL"
            </label>
        </div>
    }
}

/// Paste an answer: its text, Content-Type and status.
#[component]
pub fn PasteForm(form: CheckForm, errors: BTreeMap<String, String>) -> impl IntoView {
    let err = |field: &str| error_of(&errors, &form, Source::Paste, field);
    let answer_error = err("answer");
    let answer = if form.source == Source::Paste {
        form.answer.clone()
    } else {
        String::new()
    };
    let content_type = if form.source == Source::Paste {
        form.content_type.clone()
    } else {
        CheckForm::default().content_type
    };
    let cdr_url = form.source == Source::Paste && form.cdr_url;
    let status = if form.source == Source::Paste {
        form.status.clone()
    } else {
        CheckForm::default().status
    };
    view! {
        <form class="card checker-form" method="post" action="/checker/paste" aria-labelledby="paste-title">
            <h2 id="paste-title">"Paste an answer"</h2>
            <div class="field">
                <label for="paste-answer">"Answer to check"</label>
                <p class="field-hint" id="paste-answer-hint">
                    "What your server sends back: a TwiML document (<Response>…</Response>) or a Kazoo JSON node. "
                    {format!("At most {} KiB.", ANSWER_MAX_BYTES / 1024)}
                </p>
                <textarea
                    id="paste-answer"
                    name="answer"
                    rows="12"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid=answer_error.is_some().then_some("true")
                    aria-describedby="paste-answer-hint paste-answer-error"
                >
                    {text_area_text(&answer)}
                </textarea>
                <p class="field-error" id="paste-answer-error">{answer_error}</p>
            </div>
            <div class="field-row">
                <Choose id="paste-content-type" name="content_type" label="Content-Type"
                    options=CONTENT_TYPES.to_vec() value=content_type error=err("content_type")
                    hint="The header your server sends with it: Kazoo picks TwiML or Kazoo JSON by it." />
                <Text id="paste-status" name="status" label="HTTP status" value=status
                    inputmode="numeric" error=err("status") />
            </div>
            <CdrUrlBox checked=cdr_url />
            <div class="form-actions">
                <button type="submit" class="primary">"Check this answer"</button>
            </div>
        </form>
    }
    .into_any()
}

/// Request the voice URL the way Kazoo Pivot does, or walk a call.
#[component]
pub fn UrlForm(form: CheckForm, errors: BTreeMap<String, String>) -> impl IntoView {
    let err = |field: &str| error_of(&errors, &form, Source::Url, field);
    let cdr_url = form.source == Source::Url && form.cdr_url;
    view! {
        <form class="card checker-form" method="post" action="/checker/url" aria-labelledby="url-title">
            <h2 id="url-title">"Request your server"</h2>
            <p class="field-hint">
                "The console sends what Kazoo Pivot sends on a call (a made-up test call: its From, To and "
                "CallSid are shown with the report), with the node’s timeout, and checks the answer."
            </p>
            <Text id="url-voice-url" name="voice_url" label="Voice URL" value=form.voice_url.clone()
                inputmode="url" hint="Your TwiML or Kazoo JSON server, such as https://voice.example.com/twiml."
                error=err("voice_url") />
            <div class="field-row">
                <Choose id="url-method" name="method" label="Method"
                    options=vec![("post", "POST"), ("get", "GET")] value=form.method.clone()
                    error=err("method") />
                <Choose id="url-req-format" name="req_format" label="Request format"
                    options=vec![("twiml", "TwiML"), ("kazoo", "Kazoo JSON")] value=form.req_format.clone()
                    error=err("req_format") />
            </div>
            <div class="field-row">
                <Choose id="url-body-format" name="req_body_format" label="Body format (POST)"
                    options=vec![("form", "Form"), ("json", "JSON")] value=form.req_body_format.clone()
                    error=err("req_body_format") />
                <Text id="url-timeout" name="req_timeout_ms" label="Timeout (ms)" value=form.req_timeout_ms.clone()
                    inputmode="numeric" hint="Up to 5000; empty for Kazoo's default (5000)."
                    error=err("req_timeout_ms") />
            </div>
            <CdrUrlBox checked=cdr_url />
            <div class="form-actions">
                <button type="submit" class="primary">"Check this server"</button>
                <button type="submit" formaction="/checker/walks">"Walk a call"</button>
            </div>
        </form>
    }
    .into_any()
}
