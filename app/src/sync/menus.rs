//! Menus first: before the callflow, sync writes each menu the draft
//! changed since Kazoo last had it: its greeting (a TTS media document,
//! `media.json`: `media_source: "tts"`, `tts.text`), then the menu
//! document (`menus.json`, `media.greeting` = that media's id). Each call
//! is recorded before it is made and its outcome after (a `sync_log` row
//! naming the resource and the menu's key), and each id Kazoo gives is
//! stored at once, so a retry whose earlier create lost its answer first
//! looks for what it made and never makes a second menu or media.
//! A new menu's nodes hold `new-menu-<n>` until then; its Kazoo id is
//! written into the draft's document as soon as Kazoo gives it.

use std::sync::atomic::{AtomicBool, Ordering};

use kazoo::{
    callflow::{Callflow, Module, Node},
    AuthToken, KazooError,
};
use serde_json::{Map, Value};

use super::{
    db::{self, Resource},
    model::Operation,
    outcome::{self, Failure},
    service::retry,
};
use crate::{
    drafts::db::DraftRow,
    editor::model::{Greeting, MenuDraft, Working},
    session::Caller,
    state::AppState,
};

/// The key a document this console creates carries, naming the draft and
/// the menu it was made for (`<draft id>/<menu key>/<menu|greeting>`): how
/// a retry whose earlier answer was lost finds exactly what it made.
pub const MARKER_KEY: &str = "pivot_console_ref";

fn marker(draft: &DraftRow, key: &str, what: &str) -> String {
    format!("{}/{key}/{what}", draft.draft_id)
}

/// The document among `candidates` (id, name) with the body's name whose
/// marker is `mark`, read one by one.
async fn find_marked<G, Fut>(
    candidates: impl Iterator<Item = (String, Option<String>)>,
    body: &Value,
    mark: &str,
    get: G,
) -> Result<Option<String>, KazooError>
where
    G: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<kazoo::types::Doc, KazooError>>,
{
    let name = body.get("name").and_then(Value::as_str);
    for (id, candidate) in candidates {
        if candidate.as_deref() != name {
            continue;
        }
        let doc = get(id.clone()).await?;
        if doc.body.get(MARKER_KEY).and_then(Value::as_str) == Some(mark) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The TTS voice of a new greeting (`media.json`'s default).
const DEFAULT_VOICE: &str = "female/en-US";

/// Writes the draft's changed menus and their greetings; returns what the
/// draft edits with every new menu's Kazoo id in place.
///
/// # Errors
/// The first failure, in the admin's words; what was written before it is
/// recorded and kept.
pub async fn push(
    state: &AppState,
    caller: &Caller,
    token: &AuthToken,
    draft: &DraftRow,
) -> Result<Working, Failure> {
    let mut working = draft.working();
    let synced: Vec<MenuDraft> = draft
        .synced_menus
        .as_ref()
        .map(|m| m.0.clone())
        .unwrap_or_default();
    // Only the menus a menu step plays: one left behind by an edit is
    // never written.
    let used = crate::editor::model::menu_keys(&working.doc);
    for index in 0..working.menus.len() {
        let menu = working.menus[index].clone();
        let before = synced.iter().find(|m| m.key == menu.key);
        if before == Some(&menu) || !used.contains(&menu.key) {
            continue;
        }
        let menu = push_greeting(state, caller, token, draft, menu, before).await?;
        working.menus[index] = menu.clone();
        store(state, draft, &working).await?;
        let menu = push_menu(state, caller, token, draft, menu).await?;
        let old_key = working.menus[index].key.clone();
        if menu.key != old_key {
            rename_menu(&mut working.doc, &old_key, &menu.key);
        }
        working.menus[index] = menu;
        store(state, draft, &working).await?;
    }
    Ok(working)
}

/// Writes the menu's greeting media when its text is new or changed.
async fn push_greeting(
    state: &AppState,
    caller: &Caller,
    token: &AuthToken,
    draft: &DraftRow,
    mut menu: MenuDraft,
    before: Option<&MenuDraft>,
) -> Result<MenuDraft, Failure> {
    let Greeting::Speak {
        text,
        media_id,
        media,
    } = &menu.greeting
    else {
        return Ok(menu);
    };
    let said_before = before.and_then(|b| match &b.greeting {
        Greeting::Speak { text, media_id, .. } if media_id.is_some() => Some(text.as_str()),
        _ => None,
    });
    if media_id.is_some() && said_before == Some(text.as_str()) {
        return Ok(menu);
    }
    let doc = greeting_document(media.clone(), menu.name(), text);
    let account = draft.account_id.as_str();
    let kazoo = &state.kazoo;
    let body = Value::Object(doc.clone());
    let written = match media_id {
        Some(id) => {
            let call = || kazoo.replace_media(token, account, id, &body, None);
            record(
                state,
                caller,
                draft,
                Resource::Media,
                &menu.key,
                Operation::Replace,
                Some(id),
                call,
            )
            .await?
        }
        None => {
            let mark = marker(draft, &menu.key, "greeting");
            let mut doc = doc.clone();
            doc.insert(MARKER_KEY.into(), Value::from(mark.clone()));
            let body = Value::Object(doc);
            // Look first when an earlier attempt may have made it: a
            // recorded create of it, or this call's own earlier try (a
            // timeout whose write may have gone through).
            let look = AtomicBool::new(look_first(state, draft, Resource::Media, &menu.key).await?);
            let create = || async {
                if look.swap(true, Ordering::Relaxed) {
                    let names = retry(|| kazoo.list_media(token, account)).await?;
                    let candidates = names.into_iter().map(|m| (m.id, m.name));
                    let get =
                        |id: String| async move { kazoo.get_media(token, account, &id).await };
                    if let Some(id) = find_marked(candidates, &body, &mark, get).await? {
                        return kazoo.replace_media(token, account, &id, &body, None).await;
                    }
                }
                kazoo.create_media(token, account, &body).await
            };
            record(
                state,
                caller,
                draft,
                Resource::Media,
                &menu.key,
                Operation::Create,
                None,
                create,
            )
            .await?
        }
    };
    let mut doc = doc;
    if media_id.is_none() {
        doc.insert(
            MARKER_KEY.into(),
            Value::from(marker(draft, &menu.key, "greeting")),
        );
    }
    menu.greeting = Greeting::Speak {
        text: text.clone(),
        media_id: Some(written),
        media: Some(doc),
    };
    Ok(menu)
}

/// The TTS media document of a greeting: the one the menu had, with its
/// text replaced in place, or a new one.
fn greeting_document(
    media: Option<Map<String, Value>>,
    menu_name: &str,
    text: &str,
) -> Map<String, Value> {
    let mut doc = media.unwrap_or_else(|| {
        let mut doc = Map::new();
        doc.insert("name".into(), Value::from(format!("{menu_name} greeting")));
        doc.insert("media_source".into(), Value::from("tts"));
        doc
    });
    let tts = doc
        .entry("tts")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(tts) = tts {
        tts.insert("text".into(), Value::from(text));
        tts.entry("voice")
            .or_insert_with(|| Value::from(DEFAULT_VOICE));
    }
    doc
}

/// Writes the menu document, its greeting set to the media it names.
async fn push_menu(
    state: &AppState,
    caller: &Caller,
    token: &AuthToken,
    draft: &DraftRow,
    mut menu: MenuDraft,
) -> Result<MenuDraft, Failure> {
    set_greeting(&mut menu);
    let account = draft.account_id.as_str();
    let kazoo = &state.kazoo;
    let body = Value::Object(menu.doc.clone());
    if !menu.is_new() {
        let id = menu.key.clone();
        let call = || kazoo.replace_menu(token, account, &id, &body, None);
        record(
            state,
            caller,
            draft,
            Resource::Menu,
            &menu.key,
            Operation::Replace,
            Some(&id),
            call,
        )
        .await?;
        return Ok(menu);
    }
    // A new menu carries a marker of its own (kept by Kazoo like any key),
    // so a retry adopts only the menu this draft made, never another one
    // of the same name.
    let mark = marker(draft, &menu.key, "menu");
    menu.doc
        .insert(MARKER_KEY.into(), Value::from(mark.clone()));
    let body = Value::Object(menu.doc.clone());
    let look = AtomicBool::new(look_first(state, draft, Resource::Menu, &menu.key).await?);
    let create = || async {
        if look.swap(true, Ordering::Relaxed) {
            let names = retry(|| kazoo.list_menus(token, account)).await?;
            let candidates = names.into_iter().map(|m| (m.id, m.name));
            let get = |id: String| async move { kazoo.get_menu(token, account, &id).await };
            if let Some(id) = find_marked(candidates, &body, &mark, get).await? {
                return kazoo.replace_menu(token, account, &id, &body, None).await;
            }
        }
        kazoo.create_menu(token, account, &body).await
    };
    let key = menu.key.clone();
    menu.key = record(
        state,
        caller,
        draft,
        Resource::Menu,
        &key,
        Operation::Create,
        None,
        create,
    )
    .await?;
    Ok(menu)
}

/// Puts the greeting's media id in the menu document (`media.greeting`),
/// in place; no greeting removes it.
fn set_greeting(menu: &mut MenuDraft) {
    let id = match &menu.greeting {
        Greeting::Speak { media_id, .. } => media_id.clone(),
        Greeting::Media { id } => Some(id.clone()),
        Greeting::None => None,
    };
    match id {
        Some(id) => {
            let media = menu
                .doc
                .entry("media")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(media) = media {
                media.insert("greeting".into(), Value::from(id));
            }
        }
        None => {
            if let Some(Value::Object(media)) = menu.doc.get_mut("media") {
                media.shift_remove("greeting");
            }
        }
    }
}

/// Points every menu node naming `from` (`data.id`) at `to`.
pub fn rename_menu(doc: &mut Callflow, from: &str, to: &str) {
    if let Some(flow) = &mut doc.flow {
        rename_in(flow, from, to);
    }
}

fn rename_in(node: &mut Node, from: &str, to: &str) {
    if node.module.name() == "menu" {
        if let Some(Value::Object(mut data)) = node.module.data() {
            if data.get("id").and_then(Value::as_str) == Some(from) {
                data.insert("id".into(), Value::from(to));
                node.module = Module::from_parts("menu".into(), Some(Value::Object(data)));
            }
        }
    }
    for child in node.children.iter_mut().flat_map(|c| c.values_mut()) {
        rename_in(child, from, to);
    }
}

/// Whether an earlier create of this resource may have gone through
/// unrecorded (a sync log row of it that never ended well): then look for
/// it before creating.
async fn look_first(
    state: &AppState,
    draft: &DraftRow,
    resource: Resource,
    key: &str,
) -> Result<bool, Failure> {
    db::unfinished_create(&state.db, draft.draft_id, resource, key)
        .await
        .map_err(|e| Failure::Internal(format!("database error: {e}")))
}

/// Makes one recorded Kazoo call (with retries): the intent first, the
/// outcome after; returns the id of the document written.
#[allow(clippy::too_many_arguments)]
async fn record<F, Fut>(
    state: &AppState,
    caller: &Caller,
    draft: &DraftRow,
    resource: Resource,
    key: &str,
    operation: Operation,
    kazoo_id: Option<&str>,
    call: F,
) -> Result<String, Failure>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<kazoo::types::Doc, KazooError>>,
{
    let internal = |e: sqlx::Error| Failure::Internal(format!("database error: {e}"));
    let log_id = db::begin_resource(
        &state.db,
        draft,
        resource,
        key,
        operation,
        kazoo_id,
        &caller.actor,
    )
    .await
    .map_err(internal)?;
    let result = retry(call).await;
    let (ok, message, request_id, id) = match &result {
        Ok(doc) => (true, None, doc.request_id.clone(), Some(doc.id.clone())),
        Err(e) => {
            let failure = failure(resource, e);
            (
                false,
                Some(failure.message()),
                e.request_id().map(str::to_owned),
                None,
            )
        }
    };
    db::finish_resource(
        &state.db,
        log_id,
        ok,
        message.as_deref(),
        request_id.as_deref(),
        id.as_deref(),
    )
    .await
    .map_err(internal)?;
    match result {
        Ok(doc) => Ok(doc.id),
        Err(e) => Err(failure(resource, &e)),
    }
}

/// A failed menu or media write in the admin's words.
fn failure(resource: Resource, e: &KazooError) -> Failure {
    let what = match resource {
        Resource::Media => "a menu greeting",
        _ => "a menu",
    };
    match outcome::failure_of(e) {
        Failure::Refused(fields) => {
            let said = fields.into_values().collect::<Vec<_>>().join(" ");
            Failure::Refused(std::collections::BTreeMap::from([(
                "menu".to_owned(),
                format!("Kazoo refused {what}: {said}"),
            )]))
        }
        Failure::Gone => Failure::Internal(format!(
            "Kazoo no longer has {what} this draft edits (deleted there?). Nothing else was sent."
        )),
        other => other,
    }
}

/// Stores the ids Kazoo gave, at once (not a new version of the
/// admin's work: the draft still says the same).
async fn store(state: &AppState, draft: &DraftRow, working: &Working) -> Result<(), Failure> {
    crate::drafts::db::store_sync_ids(&state.db, draft.draft_id, working)
        .await
        .map_err(|e| Failure::Internal(format!("database error: {e}")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_greeting_keeps_the_media_it_had_and_changes_only_its_text() {
        let had = json!({"tts": {"voice": "male/en-GB", "text": "Old"}, "name": "G", "media_source": "tts"});
        let doc = greeting_document(had.as_object().cloned(), "Main", "New");
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            r#"{"tts":{"voice":"male/en-GB","text":"New"},"name":"G","media_source":"tts"}"#
        );
        let new = greeting_document(None, "Main menu", "Welcome");
        assert_eq!(
            Value::Object(new),
            json!({"name": "Main menu greeting", "media_source": "tts", "tts": {"text": "Welcome", "voice": "female/en-US"}})
        );
    }
}
