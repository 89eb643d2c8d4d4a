//! A walk's page (`/checker/walks/<id>`): how the console calls, the
//! transcript so far and, at a `<Gather>`, the keys to press ("Send
//! keys") or none ("Press nothing"). Each move is a plain form post to
//! `/checker/walks/<id>`, so the walk goes on with or without
//! JavaScript; "Walk again" starts a new walk with the same settings.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    checker::{
        model::{GatherPrompt, WalkEntry, WalkSetup, WalkView, WALK_MAX_REQUESTS},
        server_fns::get_walk,
    },
    components::notice::{Notice, Tone},
    error::AppError,
};

fn error_text(code: &str) -> Option<&'static str> {
    match code {
        "digits" => Some("Keys are the digits 0 to 9, * and # (at most 32): nothing was sent."),
        "moved" => Some("This walk moved on since that page was shown (another tab?): here is where it stands now."),
        "failed" => Some("That move could not be made: nothing changed. Try again."),
        _ => None,
    }
}

#[component]
pub fn WalkPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let walk = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_walk,
    );
    let error = move || {
        query
            .read()
            .get("error")
            .and_then(|c| error_text(&c))
            .map(|text| view! { <Notice tone=Tone::Error text /> })
    };
    let typed = move || query.read().get("digits").unwrap_or_default();
    view! {
        <div class="page-head">
            <h1>"Walk a call"</h1>
            <a href="/checker">"Back to the Pivot checker"</a>
        </div>
        {error}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match walk.await {
                    Ok(walk) => view! { <Walk walk typed=typed() /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <Notice tone=Tone::Error text="That walk is not there (walks are kept a week)." />
                        <p><a href="/checker">"Start one from the Pivot checker"</a></p>
                    }
                    .into_any(),
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Walk(walk: WalkView, typed: String) -> impl IntoView {
    let entries = walk
        .transcript
        .iter()
        .cloned()
        .map(|entry| view! { <Entry entry /> })
        .collect_view();
    let now = match (&walk.waiting, &walk.ended) {
        (Some(prompt), _) => view! {
            <KeysForm id=walk.id.clone() version=walk.version prompt=prompt.clone() typed />
        }
        .into_any(),
        (None, Some(ended)) => view! {
            <div class="walk-now ended" id="now" role="status">
                <h2>"The call ended"</h2>
                <p>{ended.clone()}</p>
            </div>
        }
        .into_any(),
        (None, None) => view! { <p id="now">"The walk stopped."</p> }.into_any(),
    };
    view! {
        <Setup setup=walk.setup.clone() requests=walk.requests />
        <section class="card transcript" aria-labelledby="transcript-title">
            <h2 id="transcript-title">"Transcript"</h2>
            <ol class="walk">{entries}</ol>
        </section>
        {now}
        <WalkAgain setup=walk.setup />
    }
    .into_any()
}

/// How the console calls.
#[component]
fn Setup(setup: WalkSetup, requests: i32) -> impl IntoView {
    let call = setup
        .call
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <dl class="facts">
            <dt>"Voice URL"</dt><dd class="url">{setup.voice_url.clone()}</dd>
            <dt>"Request"</dt>
            <dd>{format!(
                "{} · {} · body {} · timeout {} ms",
                setup.method.to_uppercase(),
                if setup.req_format == "kazoo" { "Kazoo JSON" } else { "TwiML" },
                setup.req_body_format,
                setup.timeout_ms
            )}</dd>
            <dt>"Test call"</dt><dd>{format!("{call} (made up)")}</dd>
            <dt>"Requests"</dt><dd>{format!("{requests} of at most {WALK_MAX_REQUESTS}")}</dd>
        </dl>
    }
}

/// One transcript line.
#[component]
fn Entry(entry: WalkEntry) -> impl IntoView {
    match entry {
        WalkEntry::Request {
            request,
            reason,
            status,
            content_type,
            translator,
            latency_ms,
            failure,
            outcome,
        } => {
            let answered = status.map(|s| {
                let ct = content_type.unwrap_or_else(|| "no Content-Type".to_owned());
                let ms = latency_ms.map(|l| format!(", {l} ms")).unwrap_or_default();
                format!("Answered {s} ({ct}{ms})")
            });
            let params = request
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&");
            view! {
                <li class="request">
                    <p><strong>{reason}</strong></p>
                    <p class="url"><code>{request.method.clone()}" "{request.url.clone()}</code></p>
                    <details>
                        <summary>{format!("Parameters sent ({})", request.params.len())}</summary>
                        <p class="url"><code>{params}</code></p>
                    </details>
                    {answered.map(|a| view! { <p>{a}</p> })}
                    {translator.map(|t| view! { <p class="muted">{format!("Translator: {t}")}</p> })}
                    {failure.map(|f| view! { <p class="bad">{f}</p> })}
                    {outcome.map(|o| view! { <p class="muted">{o}</p> })}
                </li>
            }
            .into_any()
        }
        WalkEntry::Step { what, detail } => view! {
            <li class="step"><strong>{what}</strong>{(!detail.is_empty()).then(|| format!(": {detail}"))}</li>
        }
        .into_any(),
        WalkEntry::Input { text } => view! { <li class="input"><strong>"You: "</strong>{text}</li> }.into_any(),
        WalkEntry::Note { text } => view! { <li class="note"><em>{text}</em></li> }.into_any(),
    }
}

/// The Gather's keys form: "Send keys" or "Press nothing".
#[component]
fn KeysForm(id: String, version: i32, prompt: GatherPrompt, typed: String) -> impl IntoView {
    let mut hint = format!(
        "Kazoo sends them with {} to {}",
        prompt.method, prompt.action
    );
    match prompt.num_digits {
        Some(1) => hint.push_str("; it takes one key"),
        Some(n) => hint.push_str(&format!("; it takes at most {n} keys")),
        None => {}
    }
    if !prompt.finish_on_key.is_empty() {
        hint.push_str(&format!("; {} ends the input", prompt.finish_on_key));
    }
    hint.push_str(&format!(
        ". Pressing nothing is waiting {} s: the document goes on after the Gather.",
        prompt.timeout_s
    ));
    view! {
        <form class="card walk-now" id="now" method="post" action=format!("/checker/walks/{id}")
            aria-labelledby="keys-title">
            <h2 id="keys-title">"The call waits for keys"</h2>
            <input type="hidden" name="version" value=version.to_string() />
            <div class="field" id="keys">
                <label for="walk-digits">"Press keys"</label>
                <p class="field-hint" id="walk-digits-hint">{hint}</p>
                <input type="text" id="walk-digits" name="digits" value=typed inputmode="tel"
                    autocomplete="off" aria-describedby="walk-digits-hint" />
            </div>
            <div class="form-actions">
                <button type="submit" name="press" value="keys" class="primary">"Send keys"</button>
                <button type="submit" name="press" value="nothing">"Press nothing"</button>
            </div>
        </form>
    }
}

/// Starts a new walk with the same settings.
#[component]
fn WalkAgain(setup: WalkSetup) -> impl IntoView {
    let timeout = setup.timeout_ms.to_string();
    view! {
        <form method="post" action="/checker/walks" class="walk-again">
            <input type="hidden" name="voice_url" value=setup.voice_url />
            <input type="hidden" name="method" value=setup.method />
            <input type="hidden" name="req_format" value=setup.req_format />
            <input type="hidden" name="req_body_format" value=setup.req_body_format />
            <input type="hidden" name="req_timeout_ms" value=timeout />
            {setup.cdr_url.then(|| view! { <input type="hidden" name="cdr_url" value="true" /> })}
            <button type="submit">"Walk again from the start"</button>
        </form>
    }
}
