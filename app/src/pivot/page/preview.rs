//! The live JSON preview: exactly the body sync sends, pretty printed,
//! with what still has to be fixed before it can be saved and what Kazoo
//! would refuse or ignore at sync.

use leptos::prelude::*;

use super::Errors;

#[component]
pub fn Preview(errors: Errors) -> impl IntoView {
    let live = errors.live;
    let json = move || live.with(|b| b.doc.to_pretty_json());
    let problems = move || live.with(|b| b.errors.values().cloned().collect::<Vec<_>>());
    let warnings = move || {
        errors
            .all_warnings()
            .into_iter()
            .map(|w| w.message)
            .collect::<Vec<_>>()
    };
    view! {
        <section class="preview card" aria-labelledby="preview-title">
            <h2 id="preview-title">"JSON preview"</h2>
            <p class="field-hint">"Exactly the callflow sync sends to Kazoo."</p>
            <pre aria-label="Callflow JSON" tabindex="0"><code>{json}</code></pre>
            {move || {
                let problems = problems();
                (!problems.is_empty()).then(|| view! {
                    <div class="preview-problems">
                        <h3>"To fix before saving"</h3>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <Transition>
                {move || {
                    let warnings = warnings();
                    (!warnings.is_empty()).then(|| view! {
                        <div class="preview-warnings">
                            <h3>"Before you sync"</h3>
                            <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
            </Transition>
        </section>
    }
    .into_any()
}
