//! The editor's work on the server: loading the page's data (the draft,
//! the pickers' lists from Kazoo, a refused post's feedback), reading a
//! live callflow's menus, and saving what the editor made.

use std::collections::BTreeMap;

use kazoo::{callflow::Callflow, types::Pickable, AuthToken};
use serde_json::Value;
use tower_sessions::Session;
use uuid::Uuid;

use super::model::{Choice, EditorData, Greeting, MenuDraft, Pickers, Working, NEW_MENU_PREFIX};
use crate::{
    drafts::{
        self,
        model::{DraftKind, DraftView},
    },
    error::AppError,
    flash,
    session::Caller,
    state::AppState,
    sync::{self, Intent},
};

/// The page an editor draft opens on: `/drafts/<id>` for a callflow draft,
/// `/drafts/<id>/tree` for a pivot action opened here.
pub fn editor_path(id: &str, kind: DraftKind) -> String {
    match kind {
        DraftKind::Callflow => format!("/drafts/{id}"),
        DraftKind::Pivot => format!("/drafts/{id}/tree"),
    }
}

/// The editor page's data.
///
/// # Errors
/// `NotFound`, database errors.
pub async fn load(
    state: &AppState,
    session: &Session,
    caller: &Caller,
    draft_id: Option<&str>,
    start: Option<String>,
) -> Result<EditorData, AppError> {
    let (draft, working, path) = match draft_id {
        Some(id) => {
            let id = drafts::parse_id(id)?;
            let row = drafts::get(state, caller, id).await?;
            let path = editor_path(&id.to_string(), row.kind);
            (Some(row.clone()), row.working(), path)
        }
        None => {
            let shape = start.as_deref().unwrap_or("blank");
            (
                None,
                super::start::shape(shape),
                "/callflows/new".to_owned(),
            )
        }
    };
    let feedback = flash::take(session, &path).await.unwrap_or_default();
    let mut pickers = pickers(state, caller).await;
    // "Start this callflow again" (back to the main menu): its own id once
    // Kazoo has it, a placeholder sync fills in until then.
    let own = draft.as_ref().and_then(|d| d.kazoo_id.clone());
    pickers.callflows.retain(|c| Some(&c.id) != own.as_ref());
    pickers.callflows.insert(
        0,
        Choice {
            id: own.unwrap_or_else(|| super::model::THIS_CALLFLOW.to_owned()),
            label: "This callflow (start it again)".into(),
        },
    );
    let sync_log = match &draft {
        Some(row) => sync::db::fetch_log(&state.db, &caller.account_id, row.draft_id).await?,
        None => Vec::new(),
    };
    Ok(EditorData {
        draft: draft.map(|row| row.view()),
        working,
        start,
        pickers,
        numbers: crate::numbers::db::number_options(&state.db, &caller.account_id).await?,
        flash: feedback.message,
        errors: feedback.errors,
        typed: feedback.fields,
        sync_log,
    })
}

/// The account's users, devices, boxes, callflows, media and menus for the
/// pickers; empty lists and a reason when Kazoo cannot be read.
async fn pickers(state: &AppState, caller: &Caller) -> Pickers {
    let Some(token) = caller.token.as_ref() else {
        return Pickers {
            unavailable: Some("Sign in to Kazoo again to pick from the account’s lists.".into()),
            ..Pickers::default()
        };
    };
    let kazoo = &state.kazoo;
    let account = caller.account_id.as_str();
    let listed = tokio::try_join!(
        kazoo.list_users(token, account),
        kazoo.list_devices(token, account),
        kazoo.list_vmboxes(token, account),
        kazoo.list_callflows(token, account),
        kazoo.list_media(token, account),
        kazoo.list_menus(token, account),
    );
    fn choices<T: Pickable>(list: Vec<T>) -> Vec<Choice> {
        list.into_iter()
            .map(|s| Choice {
                label: s.display_name(),
                id: s.id().to_owned(),
            })
            .collect()
    }
    match listed {
        Ok((users, devices, vmboxes, callflows, media, menus)) => Pickers {
            users: choices(users),
            devices: choices(devices),
            vmboxes: choices(vmboxes),
            callflows: callflows
                .into_iter()
                .map(|c| Choice {
                    label: c.name.clone().unwrap_or_else(|| c.numbers.join(", ")),
                    id: c.id,
                })
                .collect(),
            media: choices(media),
            menus: choices(menus),
            unavailable: None,
        },
        Err(e) => {
            tracing::warn!(error = %e, "editor pickers not read from Kazoo");
            Pickers {
                unavailable: Some(
                    "Kazoo could not be reached, so the lists to pick from are empty: type ids instead."
                        .into(),
                ),
                ..Pickers::default()
            }
        }
    }
}

/// The menus (with their greetings) that `doc`'s menu nodes name, read from
/// Kazoo; a menu or greeting that cannot be read is left out (sync then
/// never touches it, and the node says so).
pub async fn read_menus(
    state: &AppState,
    token: &AuthToken,
    account: &str,
    doc: &Callflow,
) -> Vec<MenuDraft> {
    let ids: Vec<String> = super::model::menu_keys(doc)
        .into_iter()
        .filter(|id| !id.starts_with(NEW_MENU_PREFIX))
        .collect();
    let mut menus = Vec::new();
    for id in ids {
        let Ok(menu) = state.kazoo.get_menu(token, account, &id).await else {
            continue;
        };
        let doc = kazoo::types::document_of(menu.body);
        let greeting = match doc
            .get("media")
            .and_then(|m| m.get("greeting"))
            .and_then(Value::as_str)
        {
            None => Greeting::None,
            Some(media_id) => match state.kazoo.get_media(token, account, media_id).await {
                Ok(media) => {
                    let media = kazoo::types::document_of(media.body);
                    let text = (media.get("media_source").and_then(Value::as_str) == Some("tts"))
                        .then(|| {
                            media
                                .get("tts")
                                .and_then(|t| t.get("text"))
                                .and_then(Value::as_str)
                        })
                        .flatten();
                    match text {
                        Some(text) => Greeting::Speak {
                            text: text.to_owned(),
                            media_id: Some(media_id.to_owned()),
                            media: Some(media.clone()),
                        },
                        None => Greeting::Media {
                            id: media_id.to_owned(),
                        },
                    }
                }
                Err(_) => Greeting::Media {
                    id: media_id.to_owned(),
                },
            },
        };
        menus.push(MenuDraft {
            key: id,
            doc,
            greeting,
        });
    }
    menus
}

/// What the editor made, checked before it is stored: the name and
/// numbers as the root form reads them, and each menu's fields. An
/// existing draft's numbers and name are taken as they are (`stored`,
/// `stored_name`: a live callflow's name from before this console's
/// rules is kept, as an untouched key stays byte for byte).
///
/// # Errors
/// Field messages (`name`, `numbers`, `menu.<key>`).
pub fn check(
    working: &Working,
    stored: &[String],
    stored_name: Option<&str>,
) -> Result<(), BTreeMap<String, String>> {
    let mut errors = BTreeMap::new();
    let doc = &working.doc;
    let typed_name = doc.name.as_deref().filter(|n| Some(*n) != stored_name);
    if let Some(problem) = typed_name.and_then(kazoo::pivot::name_problem) {
        errors.insert("name".to_owned(), problem);
    }
    let (_, problem, _) = kazoo::pivot::typed_numbers(&doc.numbers().join("\n"), stored);
    if let Some(problem) = problem {
        errors.insert("numbers".to_owned(), problem);
    }
    for menu in &working.menus {
        let key_ok = !menu.key.is_empty()
            && menu.key.len() <= 64
            && menu
                .key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let name_ok = (1..=super::menu_form::NAME_MAX).contains(&menu.name().chars().count());
        let text_ok = match &menu.greeting {
            Greeting::Speak { text, .. } => {
                (1..=super::menu_form::GREETING_MAX).contains(&text.chars().count())
            }
            _ => true,
        };
        if !(key_ok && name_ok && text_ok) {
            errors.insert(
                format!("menu.{}", menu.key),
                format!(
                    "The menu “{}” needs a name (1 to {} characters) and a greeting of at most {} characters.",
                    menu.name(),
                    super::menu_form::NAME_MAX,
                    super::menu_form::GREETING_MAX
                ),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The menus as the page sent them, with what only sync may know taken
/// from the stored draft: a menu must be new (`new-menu-<n>`) or one the
/// draft already has, keys are unique, and a greeting's media id and
/// document are the stored ones (the page cannot point sync at another
/// media).
///
/// # Errors
/// `Validation` for a menu the draft does not have, or a key twice.
fn trusted_menus(working: &Working, stored: &[MenuDraft]) -> Result<Working, AppError> {
    let refuse = |what: String| AppError::Validation(BTreeMap::from([("form".to_owned(), what)]));
    let mut out = working.clone();
    let mut seen = std::collections::HashSet::new();
    for menu in &mut out.menus {
        if !seen.insert(menu.key.clone()) {
            return Err(refuse(format!(
                "The menu {} is listed twice. Reload the page; nothing was saved.",
                menu.key
            )));
        }
        let before = stored.iter().find(|m| m.key == menu.key);
        if before.is_none() && !menu.is_new() {
            return Err(refuse(format!(
                "The menu {} is not one this draft edits. Reload the page; nothing was saved.",
                menu.key
            )));
        }
        if let Greeting::Speak {
            media_id, media, ..
        } = &mut menu.greeting
        {
            let (id, doc) = match before.map(|b| &b.greeting) {
                Some(Greeting::Speak {
                    media_id, media, ..
                }) => (media_id.clone(), media.clone()),
                _ => (None, None),
            };
            *media_id = id;
            *media = doc;
        }
    }
    Ok(out)
}

/// Stores what the editor made: a new callflow draft when `existing` is
/// `None`, else over the draft at the version the admin started from.
/// Saving what is already stored adds no version.
///
/// # Errors
/// `Validation` (nothing saved), `Conflict` when someone saved first,
/// `NotFound`.
pub async fn save(
    state: &AppState,
    caller: &Caller,
    existing: Option<(Uuid, i32)>,
    working: &Working,
) -> Result<DraftView, AppError> {
    let current = match existing {
        Some((id, version)) => {
            let row = drafts::get(state, caller, id).await?;
            if row.version != version {
                return Err(drafts::stale_version());
            }
            // A sync stores the ids Kazoo gives into the draft as it goes:
            // a save now would be overwritten, or bring placeholders back.
            if row.sync_running {
                return Err(AppError::Conflict(
                    "A sync of this draft is running: wait until it ends, then save again.".into(),
                ));
            }
            Some(row)
        }
        None => None,
    };
    let stored_menus = current
        .as_ref()
        .map(|r| r.menus.0.clone())
        .unwrap_or_default();
    let working = &trusted_menus(working, &stored_menus)?;
    let stored = current
        .as_ref()
        .map(|r| r.document.numbers().to_vec())
        .unwrap_or_default();
    let stored_name = current.as_ref().and_then(|r| r.document.name.as_deref());
    check(working, &stored, stored_name).map_err(AppError::Validation)?;
    if let Some(row) = &current {
        if row.working() == *working {
            return Ok(row.view());
        }
    }
    let mut tx = state.db.begin().await?;
    let id = match existing {
        None => {
            drafts::db::insert_working(
                &mut tx,
                &caller.account_id,
                DraftKind::Callflow,
                working,
                &caller.actor,
                None,
            )
            .await?
        }
        Some((id, version)) => {
            drafts::db::update_working(
                &mut tx,
                &caller.account_id,
                id,
                version,
                working,
                &caller.actor,
            )
            .await?
            .ok_or_else(drafts::stale_version)?;
            id
        }
    };
    tx.commit().await?;
    Ok(drafts::get(state, caller, id).await?.view())
}

/// What the page's Save draft and Sync buttons do with JavaScript: store
/// `working` (JSON), sync when asked; returns the page to open next.
///
/// # Errors
/// As [`save`]; `Validation` for a body that is not an editor document;
/// sync's errors once saved.
pub async fn save_from_page(
    state: &AppState,
    caller: &Caller,
    draft_id: Option<&str>,
    version: Option<i32>,
    working: &str,
    intent: &str,
) -> Result<String, AppError> {
    let working: Working = serde_json::from_str(working).map_err(|e| {
        AppError::Validation(BTreeMap::from([(
            "form".to_owned(),
            format!("The page sent something that is not a callflow ({e}). Reload the page; nothing was saved."),
        )]))
    })?;
    // A new draft only when neither is sent: a version without its draft
    // (an emptied id) names nothing.
    let existing = match (draft_id.filter(|id| !id.is_empty()), version) {
        (Some(id), Some(version)) => Some((drafts::parse_id(id)?, version)),
        (None, None) => None,
        _ => return Err(AppError::NotFound),
    };
    let draft = save(state, caller, existing, &working).await?;
    let path = editor_path(&draft.id, draft.kind);
    let unchanged = existing.is_some_and(|(_, v)| v == draft.version);
    if intent == "sync" {
        let id = drafts::parse_id(&draft.id)?;
        let intent = Intent::Push { overwrite: false };
        // The draft is saved whatever sync says: its page shows the error.
        return Ok(
            match sync::sync(state, caller, id, Some(draft.version), intent).await {
                Ok(_) => format!("{path}?notice=synced"),
                Err(e) => {
                    tracing::info!(error = %e, "editor sync failed");
                    format!("{path}?notice=sync_error")
                }
            },
        );
    }
    let notice = if unchanged { "unchanged" } else { "saved" };
    Ok(format!("{path}?notice={notice}"))
}
