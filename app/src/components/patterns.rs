//! A callflow's `patterns` (regular expressions over the number, as Kazoo
//! matches them: `cf_flow.erl`), listed after a sentence that says what
//! they mean where they are shown.

use leptos::prelude::*;

/// `intro` as a paragraph, then each pattern as code.
#[component]
pub fn PatternList(intro: &'static str, patterns: Vec<String>) -> impl IntoView {
    view! {
        <p>{intro}</p>
        <ul class="patterns">
            {patterns.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}
        </ul>
    }
}
