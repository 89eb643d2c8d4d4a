//! The number picker: one control for the numbers a callflow answers (the
//! pivot form, the callflow editor's root). The account's numbers are
//! listed to tick, each formatted for reading with the callflow that
//! answers it now; any other number (an extension, a number not listed)
//! is typed in a text area. Every ticked box and the text area are sent
//! as the same form field (`numbers`, repeated), which the forms already
//! read as a list of entries, so it works without JavaScript; with it, a
//! search box filters the list as the admin types.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::{phone::display_number, text_area::text_area_text};
use crate::numbers::{
    model::{NumberOption, NumberOptions, UsedBy, Via},
    server_fns::list_number_options,
};

/// The characters that separate numbers typed in one entry (as the pivot
/// form reads them: `kazoo::pivot`).
const SEPARATORS: [char; 4] = [',', ';', '\n', '\r'];

/// A number as typed, as Kazoo would store it (`(415) 555-0100` →
/// `+14155550100`), to find it among the account's numbers; anything that
/// is not a number is kept as it is.
fn stored_form(typed: &str) -> String {
    let cleaned = kazoo::numbers::clean(typed);
    let digits = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        kazoo::numbers::normalize(&cleaned)
    } else {
        typed.trim().to_owned()
    }
}

/// Splits the selected entries into the account's numbers to tick (as
/// stored) and the rest, as typed, for the text area.
fn split_selected(
    selected: &[String],
    options: &[NumberOption],
) -> (BTreeSet<String>, Vec<String>) {
    let listed: BTreeSet<&str> = options.iter().map(|o| o.number.as_str()).collect();
    let mut ticked = BTreeSet::new();
    let mut typed = Vec::new();
    for entry in selected
        .iter()
        .flat_map(|e| e.split(SEPARATORS))
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let stored = stored_form(entry);
        if listed.contains(stored.as_str()) {
            ticked.insert(stored);
        } else if !typed.iter().any(|t| t == entry) {
            typed.push(entry.to_owned());
        }
    }
    (ticked, typed)
}

/// What answers a number now, in words (`used by Support menu`).
fn used_by_text(used_by: Option<&UsedBy>) -> String {
    match used_by {
        None => "free".to_owned(),
        Some(UsedBy {
            callflow,
            via: Via::Number,
        }) => format!("used by {callflow}"),
        Some(UsedBy {
            callflow,
            via: Via::Pattern(_),
        }) => format!("caught by a pattern of {callflow}"),
        Some(UsedBy {
            callflow,
            via: Via::NoMatch,
        }) => format!("answered by {callflow}, the catch-all"),
    }
}

/// Whether an option matches the search: its digits (typed with or
/// without spaces, dashes or brackets) or the callflow's name.
fn matches_search(option: &NumberOption, search: &str) -> bool {
    let search = search.trim().to_lowercase();
    if search.is_empty() {
        return true;
    }
    let digits: String = search.chars().filter(char::is_ascii_digit).collect();
    let number_like = search
        .chars()
        .all(|c| c.is_ascii_digit() || " +-.()/".contains(c));
    if number_like && !digits.is_empty() {
        return option.number.contains(&digits);
    }
    used_by_text(option.used_by.as_ref())
        .to_lowercase()
        .contains(&search)
        || option.number.contains(&search)
}

/// The picker, given the account's numbers.
///
/// - `name`: the form field every ticked or typed number is sent as
///   (`numbers`); the text area's id too (error summaries link to it), and
///   the prefix of the ids of its hint (`{name}-hint`), error
///   (`{name}-error`) and warnings (`{name}-warning`), which `children`
///   render.
/// - `selected`: the numbers chosen now, as stored or typed (an entry may
///   hold several separated by commas, semicolons or new lines).
/// - `options`: the account's numbers (`list_number_options`).
/// - `invalid`: marks the text area invalid (a field error).
/// - `children`: shown under the text area (the field's error, warnings).
#[component]
pub fn NumberPicker(
    name: &'static str,
    selected: Vec<String>,
    options: NumberOptions,
    #[prop(optional, into)] invalid: Signal<bool>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let (ticked, typed) = split_selected(&selected, &options.options);
    let search = RwSignal::new(String::new());
    // The search box needs JavaScript: shown once the page is live.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let free = options
        .options
        .iter()
        .filter(|o| o.used_by.is_none())
        .count();
    let counts = format!(
        "{} of the account, {free} free",
        match options.total {
            1 => "1 number".to_owned(),
            n => format!("{n} numbers"),
        }
    );
    let more = (options.total > options.options.len() as u64).then(|| {
        view! {
            <p class="field-hint">
                {format!(
                    "The first {} are listed: type any other in the box above.",
                    options.options.len()
                )}
            </p>
        }
    });
    // Ticked numbers first, so what is chosen is seen without scrolling.
    let mut rows = options.options.clone();
    rows.sort_by_key(|o| !ticked.contains(&o.number));
    let list_id = format!("{name}-list");
    let find_id = format!("{name}-find");
    let empty = rows.is_empty();
    let list = rows
        .into_iter()
        .map(|option| {
            let checked = ticked.contains(&option.number);
            let id = format!("{name}-pick-{}", option.number.trim_start_matches('+'));
            let label_for = id.clone();
            let note = used_by_text(option.used_by.as_ref());
            let taken = option.used_by.is_some();
            let value = option.number.clone();
            let shown = display_number(&option.number);
            let hidden = move || !search.with(|s| matches_search(&option, s));
            view! {
                <li hidden=hidden>
                    <label for=label_for class="pick">
                        <input type="checkbox" id=id name=name value=value checked=checked />
                        <span class="number">{shown}</span>
                        " "
                        <span class=if taken { "used-by taken" } else { "used-by" }>{note}</span>
                    </label>
                </li>
            }
            .into_any()
        })
        .collect_view();
    let invalid = move || invalid.get().then_some("true");
    view! {
        <fieldset class="field number-picker">
            <legend>"Numbers"</legend>
            <label for=name>"Numbers to route"</label>
            <p class="field-hint" id=format!("{name}-hint")>
                {if empty {
                    "Type numbers separated by commas, such as +14155550100 or 4155550100; "
                } else {
                    "Tick the account’s numbers below, or type others separated by commas, such as +14155550100 or 1001; "
                }}
                "they are stored the way Kazoo stores them."
            </p>
            <textarea
                id=name
                name=name
                rows="2"
                aria-invalid=invalid
                aria-describedby=format!("{name}-error {name}-warning {name}-hint")
            >
                {text_area_text(&typed.join(", "))}
            </textarea>
            {children.map(|c| c())}
            {(!empty).then(|| view! {
                <fieldset class="picker-list">
                    <legend>"The account’s numbers"</legend>
                    <p class="field-hint">{counts}</p>
                    <div class="picker-find" hidden=move || !live.get()>
                        <label for=find_id.clone()>"Find a number"</label>
                        <input
                            type="search"
                            id=find_id.clone()
                            placeholder="Digits or callflow name"
                            aria-controls=list_id.clone()
                            autocomplete="off"
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))
                            // Enter here filters; it must not submit the form.
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" {
                                    ev.prevent_default();
                                }
                            }
                        />
                    </div>
                    <ul class="picks" id=list_id.clone()>{list}</ul>
                    {more}
                </fieldset>
            })}
        </fieldset>
    }
    .into_any()
}

/// [`NumberPicker`] with the account's numbers read from the server
/// (`list_number_options`). `fallback` is offered (as free numbers) when
/// they cannot be read; `children` render under the text area.
#[component]
pub fn AccountNumberPicker(
    name: &'static str,
    selected: Vec<String>,
    #[prop(optional, into)] invalid: Signal<bool>,
    #[prop(optional)] fallback: Vec<String>,
    #[prop(optional)] children: Option<ChildrenFn>,
) -> impl IntoView {
    let options = Resource::new(|| (), |_| list_number_options());
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the account’s numbers…"</p> }>
            {
                let selected = selected.clone();
                let fallback = fallback.clone();
                let children = children.clone();
                move || {
                    let (selected, fallback, children) =
                        (selected.clone(), fallback.clone(), children.clone());
                    Suspend::new(async move {
                        let options = options.await.unwrap_or_else(|_| NumberOptions {
                            total: fallback.len() as u64,
                            options: fallback
                                .into_iter()
                                .map(|number| NumberOption { number, used_by: None })
                                .collect(),
                        });
                        let children = children.map(|c| -> Children { Box::new(move || c()) });
                        match children {
                            Some(children) => view! {
                                <NumberPicker name selected options invalid>{children()}</NumberPicker>
                            }
                            .into_any(),
                            None => view! { <NumberPicker name selected options invalid /> }.into_any(),
                        }
                    })
                }
            }
        </Transition>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(number: &str, used_by: Option<(&str, Via)>) -> NumberOption {
        NumberOption {
            number: number.to_owned(),
            used_by: used_by.map(|(callflow, via)| UsedBy {
                callflow: callflow.to_owned(),
                via,
            }),
        }
    }

    #[test]
    fn account_numbers_are_ticked_and_the_rest_typed() {
        let options = [
            option("+14155550100", Some(("Main", Via::Number))),
            option("+14155550104", None),
        ];
        let selected = vec![
            "(415) 555-0104, 1001".to_owned(),
            "+14155550100\n555-113-0451".to_owned(),
            "1001".to_owned(),
        ];
        let (ticked, typed) = split_selected(&selected, &options);
        assert_eq!(
            ticked.into_iter().collect::<Vec<_>>(),
            ["+14155550100", "+14155550104"]
        );
        assert_eq!(typed, ["1001", "555-113-0451"]);
    }

    #[test]
    fn the_search_finds_digits_however_typed_or_the_callflow() {
        let used = option("+14155550101", Some(("Support menu", Via::Number)));
        assert!(matches_search(&used, ""));
        assert!(matches_search(&used, "0101"));
        assert!(matches_search(&used, "(415) 555-0101"));
        assert!(matches_search(&used, "support"));
        assert!(!matches_search(&used, "0102"));
        assert!(!matches_search(&used, "sales"));
        assert!(matches_search(&option("+14155550104", None), "free"));
    }

    #[test]
    fn what_answers_a_number_reads_as_words() {
        assert_eq!(used_by_text(None), "free");
        let by = |via| UsedBy {
            callflow: "Overflow".into(),
            via,
        };
        assert_eq!(used_by_text(Some(&by(Via::Number))), "used by Overflow");
        assert_eq!(
            used_by_text(Some(&by(Via::Pattern("^1$".into())))),
            "caught by a pattern of Overflow"
        );
        assert_eq!(
            used_by_text(Some(&by(Via::NoMatch))),
            "answered by Overflow, the catch-all"
        );
    }
}
