//! The live JSON preview: exactly the body sync sends, pretty printed,
//! with what still has to be fixed before it can be saved.

use kazoo::pivot::Built;
use leptos::prelude::*;

#[component]
pub fn Preview(live: Memo<Built>) -> impl IntoView {
    let json = move || live.with(|b| b.doc.to_pretty_json());
    let problems = move || live.with(|b| b.errors.values().cloned().collect::<Vec<_>>());
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
        </section>
    }
    .into_any()
}
