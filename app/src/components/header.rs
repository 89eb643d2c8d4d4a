//! The top bar: product name, a "Sandbox" label when the app talks to the
//! built-in simulator, who is signed in, and Sign out.

use leptos::prelude::*;

use crate::session::SessionResource;

#[component]
pub fn Header() -> impl IntoView {
    let info = expect_context::<SessionResource>();
    view! {
        <header class="topbar">
            <a class="brand" href="/">"pivot-console"</a>
            <Suspense>
                {move || Suspend::new(async move {
                    let info = info.await.ok()?;
                    let sandbox = info.sandbox.then(|| view! {
                        <span class="badge sandbox" title="Calls go to the built-in Kazoo simulator, not a real Kazoo">
                            "Sandbox"
                        </span>
                    });
                    let user = info.user.map(|user| view! {
                        <nav class="account" aria-label="Account">
                            <span class="who">
                                <span class="account-name">{user.account_name}</span>
                                " · "
                                <span class="user-name">{user.user_label}</span>
                            </span>
                            <form method="post" action="/logout">
                                <button type="submit" class="link-button">"Sign out"</button>
                            </form>
                        </nav>
                    });
                    Some(view! { {sandbox} {user} })
                })}
            </Suspense>
        </header>
    }
}
