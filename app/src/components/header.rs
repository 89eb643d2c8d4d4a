//! The top bar on every page: product name, a "Sandbox" label when the
//! app talks to the built-in simulator, the navigation between the
//! console's pages (signed in only), who is signed in, and Sign out.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::session::SessionResource;

/// The pages the navigation bar links to: path and label, in bar order.
/// Later pages join this list.
pub const NAV: [(&str, &str); 7] = [
    ("/", "Numbers Routing"),
    ("/callflows", "Callflows"),
    ("/drafts", "Drafts"),
    ("/jobs", "Jobs"),
    ("/checker", "Pivot checker"),
    ("/migrate/twilio", "Move from Twilio"),
    ("/api-tokens", "API tokens"),
];

/// The navigation entry a path belongs to: the page itself or one under
/// it (`/callflows/import` is in Callflows, `/drafts/<id>` in Drafts, the
/// pivot form in Numbers Routing, where it starts). `None` for a path of
/// no section (sign-in, a page that does not exist).
pub fn section_of(path: &str) -> Option<&'static str> {
    let under = |base: &str| path == base || path.starts_with(&format!("{base}/"));
    if path == "/" || under("/pivot") {
        return Some("/");
    }
    NAV.iter()
        .map(|(href, _)| *href)
        .find(|href| *href != "/" && under(href))
}

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
                    let signed_in = info.user.is_some();
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
                    Some(view! { {sandbox} {signed_in.then(|| view! { <SiteNav /> })} {user} })
                })}
            </Suspense>
        </header>
    }
}

/// The console's pages; the current one (or the one it belongs to) is
/// marked `aria-current="page"`, and follows client-side navigation.
#[component]
fn SiteNav() -> impl IntoView {
    let location = use_location();
    let current = Memo::new(move |_| section_of(&location.pathname.get()));
    view! {
        <nav class="site-nav" aria-label="Main">
            <ul>
                {NAV
                    .into_iter()
                    .map(|(href, label)| {
                        let here = move || (current.get() == Some(href)).then_some("page");
                        view! { <li><a href=href aria-current=here>{label}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::section_of;

    #[test]
    fn pages_belong_to_their_section() {
        assert_eq!(section_of("/"), Some("/"));
        assert_eq!(section_of("/pivot/new"), Some("/"));
        assert_eq!(section_of("/callflows"), Some("/callflows"));
        assert_eq!(section_of("/callflows/import"), Some("/callflows"));
        assert_eq!(section_of("/callflows/new"), Some("/callflows"));
        assert_eq!(section_of("/drafts"), Some("/drafts"));
        assert_eq!(section_of("/drafts/abc/confirm"), Some("/drafts"));
        assert_eq!(section_of("/api-tokens"), Some("/api-tokens"));
        assert_eq!(section_of("/migrate/twilio"), Some("/migrate/twilio"));
        assert_eq!(section_of("/migrate/twilio/abc"), Some("/migrate/twilio"));
        assert_eq!(section_of("/checker"), Some("/checker"));
        assert_eq!(section_of("/checker/walks/abc"), Some("/checker"));
        assert_eq!(section_of("/jobs"), Some("/jobs"));
        assert_eq!(section_of("/jobs/abc"), Some("/jobs"));
        assert_eq!(section_of("/login"), None);
        assert_eq!(section_of("/draftsx"), None);
        assert_eq!(section_of("/nowhere"), None);
    }
}
