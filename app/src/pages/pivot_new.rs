//! Where "Create new pivot action" leads. The form itself (name, numbers,
//! voice URL, method, format, live JSON preview, drafts and sync) is the
//! next piece of work; until then this page says so plainly.

use leptos::prelude::*;

#[component]
pub fn NewPivotPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Create new pivot action"</h1>
            <p>
                "The pivot action form is not available in this version yet. "
                "Numbers Routing shows what each number is routed to in Kazoo now."
            </p>
            <p><a href="/">"Back to Numbers Routing"</a></p>
        </section>
    }
}
