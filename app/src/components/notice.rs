//! A message box: `alert` for errors, `status` for information.

use leptos::prelude::*;

/// How a notice should be announced and coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Error,
    Info,
}

#[component]
pub fn Notice(tone: Tone, #[prop(into)] text: String) -> impl IntoView {
    let (class, role) = match tone {
        Tone::Error => ("notice error", "alert"),
        Tone::Info => ("notice info", "status"),
    };
    view! { <p class=class role=role>{text}</p> }
}
