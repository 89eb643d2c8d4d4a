//! A plan (and what Create drafts did) as the pages and the API show it.
//! What a group shows is read from the pivot action it makes
//! (`Group::pivot_input`), so the preview is what the draft gets.

use kazoo::{
    pivot::FallbackKind,
    twilio::{masked_url, Class, Group, Plan, PlannedNumber},
};

use super::{
    db::{Created, ImportRow},
    model::{CreatedView, FlagView, GroupOutcome, GroupView, ImportView, NumberView, PlanView},
};

/// The plan in words, each group with its outcome when `created` has one.
pub fn plan_view(plan: &Plan, created: Option<&Created>) -> PlanView {
    let groups = plan
        .groups
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let outcome = created.and_then(|c| c.groups.get(i)).cloned();
            group_view(group, outcome)
        })
        .collect();
    PlanView {
        source: source(plan),
        total: plan.numbers.len(),
        groups,
        not_moved: plan.not_moved().map(number_view).collect(),
        repeated: plan.repeated.clone(),
        notes: plan.notes.clone(),
    }
}

/// A stored import.
pub fn import_view(row: &ImportRow) -> ImportView {
    let created = row.created.as_ref();
    ImportView {
        id: row.id.to_string(),
        created_by: row.created_by.clone(),
        created_at: row.created_at,
        plan: plan_view(&row.plan, created.map(|(c, _, _)| c)),
        created: created.map(|(c, by, at)| CreatedView {
            by: by.clone(),
            at: *at,
            drafts_created: c.drafts_created,
        }),
    }
}

fn source(plan: &Plan) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut text = plan.format.label().to_owned();
    if plan.format != kazoo::twilio::Format::Csv {
        text.push_str(&format!(" ({})", plural(plan.pages, "page", "pages")));
    }
    if plan.applications > 0 {
        text.push_str(&format!(
            " with {}",
            plural(plan.applications, "TwiML App", "TwiML Apps")
        ));
    }
    text
}

/// A group as shown: its URLs with their user info masked (the draft
/// alone gets the password).
fn group_view(group: &Group, outcome: Option<GroupOutcome>) -> GroupView {
    let input = group.pivot_input(&group.numbers);
    let fallback = (input.fallback == FallbackKind::Pivot.as_str()).then(|| {
        format!(
            "{} {}",
            input.fallback_method.to_ascii_uppercase(),
            masked_url(&input.fallback_url)
        )
    });
    GroupView {
        name: input.name,
        voice_url: masked_url(&input.voice_url),
        method: input.method.to_ascii_uppercase(),
        fallback,
        cdr_url: Some(masked_url(&input.cdr_url)).filter(|u| !u.is_empty()),
        numbers: group.numbers.clone(),
        flags: group
            .flags
            .iter()
            .map(|f| FlagView {
                kind: serde_json::to_value(f.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                text: f.text.clone(),
                numbers: f.numbers.clone(),
            })
            .collect(),
        outcome,
    }
}

fn number_view(number: &PlannedNumber) -> NumberView {
    let class: Class = number.class;
    NumberView {
        number: number.number.clone(),
        friendly_name: number.friendly_name.clone(),
        class: class.as_str().to_owned(),
        label: class.label().to_owned(),
        reason: number.reason.clone(),
        link: class
            .link()
            .map(|(href, text)| (href.to_owned(), text.to_owned())),
    }
}
