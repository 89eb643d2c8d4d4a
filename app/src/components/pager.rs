//! "Showing 1–50 of 61 · page 1 of 2" with Previous and Next links, for
//! the lists paged on the server (Callflows, Drafts).

use leptos::prelude::*;

use crate::numbers::page::group_digits;

/// How many pages `total` rows make at `size` per page (at least 1).
pub fn page_count(total: u64, size: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(size)).max(1)).unwrap_or(u32::MAX)
}

/// The pager of page `current` (1-based) showing `shown` rows of `total`
/// at `size` per page; `link(page)` is the URL of a page.
#[component]
pub fn Pager(
    current: u32,
    size: u32,
    shown: usize,
    total: u64,
    link: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    let first = u64::from(current.saturating_sub(1)) * u64::from(size) + 1;
    let last = (first + shown as u64).saturating_sub(1);
    let pages = page_count(total, size);
    view! {
        <nav class="pager" aria-label="Pages">
            <span>
                {format!(
                    "Showing {}–{} of {} · page {current} of {pages}",
                    group_digits(first),
                    group_digits(last),
                    group_digits(total),
                )}
            </span>
            {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">"Previous page"</a> })}
            {(current < pages).then(|| view! { <a href=link(current + 1) rel="next">"Next page"</a> })}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_count_rounds_up() {
        assert_eq!(super::page_count(0, 50), 1);
        assert_eq!(super::page_count(50, 50), 1);
        assert_eq!(super::page_count(51, 50), 2);
    }
}
