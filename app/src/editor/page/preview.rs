//! The live JSON preview: exactly the callflow sync sends, and the menu
//! documents it writes first; a new menu's id shows as `new-menu-<n>`
//! until sync gets it from Kazoo.

use leptos::prelude::*;

use super::{state::EditorCtx, tree::Problems};

#[component]
pub fn Preview(ctx: EditorCtx, problems: Memo<Problems>) -> impl IntoView {
    let json = move || ctx.working.with(|w| w.doc.to_pretty_json());
    let menus = move || {
        ctx.working.with(|w| {
            w.menus
                .iter()
                .map(|m| {
                    let doc = serde_json::to_string_pretty(&m.doc).unwrap_or_default();
                    let title = format!(
                        "Menu “{}” ({}; greeting {})",
                        m.name(),
                        if m.is_new() { "new" } else { m.key.as_str() },
                        m.greeting_summary()
                    );
                    view! {
                        <details class="menu-preview">
                            <summary>{title}</summary>
                            <pre tabindex="0"><code>{doc}</code></pre>
                        </details>
                    }
                })
                .collect_view()
        })
    };
    let count = move || problems.with(|p| p.values().map(Vec::len).sum::<usize>());
    view! {
        <section class="preview card" aria-labelledby="preview-title">
            <h2 id="preview-title">"JSON preview"</h2>
            <p class="field-hint">"Exactly the callflow sync sends to Kazoo (after the menus below)."</p>
            <pre aria-label="Callflow JSON" tabindex="0"><code>{json}</code></pre>
            {move || {
                let n = count();
                (n > 0).then(|| view! {
                    <p class="preview-problems">{format!("{n} problem(s) Kazoo would refuse: see the marked steps.")}</p>
                })
            }}
            {menus}
        </section>
    }
}
