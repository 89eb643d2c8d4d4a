//! The demo data the sandbox starts with: account `sandbox` (user
//! `admin` / `sandbox`), its numbers, a few callflows and the menus,
//! media, users, devices and voicemail boxes they use, plus a second
//! account `elsewhere` (user `admin` / `elsewhere`: [`OTHER_ACCOUNT_NAME`],
//! [`OTHER_PASSWORD`]) that owns a number the demo account may not use,
//! and that tests sign in to as another customer (the security matrix:
//! one account never sees another's drafts, tokens or logs).

mod docs;

use std::collections::BTreeMap;

use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::account::{Account, NumberDoc, StoredDoc, User};
use crate::schema::SchemaSet;

/// Id of the seeded demo account.
pub const ACCOUNT_ID: &str = "4b0e2c1d9a7f4e3c8b6a5d4c3b2a1f00";
/// Name to sign in with.
pub const ACCOUNT_NAME: &str = "sandbox";
/// Seeded user name.
pub const USERNAME: &str = "admin";
/// Seeded user password.
pub const PASSWORD: &str = "sandbox";
/// The demo account's API key (64 characters, as Kazoo's are).
pub const API_KEY: &str = "5a1dbc0e7f3a4c2b9e8d7c6b5a493827160f5e4d3c2b1a0f9e8d7c6b5a493827";
/// Id of the second account, which owns [`FOREIGN_NUMBER`].
pub const OTHER_ACCOUNT_ID: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
/// Name to sign in to the second account with (user [`USERNAME`]).
pub const OTHER_ACCOUNT_NAME: &str = "elsewhere";
/// Password of the second account's user [`USERNAME`].
pub const OTHER_PASSWORD: &str = "elsewhere";
/// Id of the second account's user.
pub const OTHER_USER_ID: &str = "a11ce000000000000000000000000002";
/// A number that exists in Kazoo but belongs to the other account.
pub const FOREIGN_NUMBER: &str = "+14155559999";
/// Id of the seeded pivot callflow.
pub const PIVOT_CALLFLOW_ID: &str = "c0ffee00000000000000000000000001";

/// The menu the "Support menu" callflow runs (`flow.data.id`).
pub const SUPPORT_MENU_ID: &str = "e0000000000000000000000000000001";
/// The TTS media the support menu greets callers with.
pub const SUPPORT_GREETING_MEDIA_ID: &str = "f0000000000000000000000000000001";
/// The voicemail box of the support menu's key 1.
pub const SUPPORT_VMBOX_ID: &str = "b0000000000000000000000000000001";
/// The device the "Sales ring group" callflow rings.
pub const SALES_DEVICE_ID: &str = "d0000000000000000000000000000001";
/// The signed-in user, rung by the "Reception desk" callflow.
pub const ADMIN_USER_ID: &str = "a11ce000000000000000000000000001";

/// The first seeded number; the rest follow it.
const FIRST_NUMBER: u64 = 14_155_550_100;

/// Builds the seeded accounts; `numbers` is how many DIDs the demo account
/// owns (25 by default, thousands for benchmarks).
pub(super) fn accounts(numbers: usize, user_md5: &str) -> BTreeMap<String, Account> {
    let mut demo = Account {
        id: ACCOUNT_ID.to_owned(),
        name: ACCOUNT_NAME.to_owned(),
        realm: "sandbox.pivot-console.test".to_owned(),
        api_key: API_KEY.to_owned(),
        users: vec![User {
            id: ADMIN_USER_ID.to_owned(),
            md5: user_md5.to_owned(),
        }],
        callflows: BTreeMap::new(),
        numbers: BTreeMap::new(),
        docs: docs::collections(),
    };
    for i in 0..numbers as u64 {
        let state = if i % 10 == 9 {
            "reserved"
        } else {
            "in_service"
        };
        demo.numbers.insert(
            format!("+{}", FIRST_NUMBER + i),
            NumberDoc::new(state, ACCOUNT_ID),
        );
    }
    for (id, doc) in callflows() {
        demo.callflows.insert(id.to_owned(), StoredDoc::new(doc));
    }
    demo.track_numbers();

    let mut other = Account {
        id: OTHER_ACCOUNT_ID.to_owned(),
        name: OTHER_ACCOUNT_NAME.to_owned(),
        realm: "elsewhere.pivot-console.test".to_owned(),
        api_key: "0".repeat(64),
        users: vec![User {
            id: OTHER_USER_ID.to_owned(),
            md5: hex::encode(Md5::digest(format!("{USERNAME}:{OTHER_PASSWORD}"))),
        }],
        callflows: BTreeMap::new(),
        numbers: BTreeMap::new(),
        docs: BTreeMap::new(),
    };
    other.numbers.insert(
        FOREIGN_NUMBER.to_owned(),
        NumberDoc::new("in_service", OTHER_ACCOUNT_ID),
    );
    [demo, other]
        .into_iter()
        .map(|a| (a.id.clone(), a))
        .collect()
}

/// Puts the seeded documents in the state Kazoo stores them in: with
/// their schema defaults filled, as every save through crossbar fills
/// them (API.md §5.1). Saving one back unchanged then changes no byte.
pub(super) fn as_saved(account: &mut Account, schemas: &SchemaSet) {
    let fill = |stored: &mut StoredDoc, apply: &dyn Fn(&mut Value)| {
        let mut doc = Value::Object(std::mem::take(&mut stored.doc));
        apply(&mut doc);
        stored.doc = doc.as_object().cloned().unwrap_or_default();
    };
    for stored in account.callflows.values_mut() {
        fill(stored, &|doc| schemas.apply_callflow_defaults(doc));
    }
    for (kind, collection) in &mut account.docs {
        for stored in collection.docs.values_mut() {
            fill(stored, &|doc| schemas.apply_defaults(kind.noun(), doc));
        }
    }
}

fn callflows() -> Vec<(&'static str, Value)> {
    vec![
        (
            PIVOT_CALLFLOW_ID,
            json!({"name": "Main line (Pivot)", "numbers": ["+14155550100"], "patterns": [],
                "flow": {"module": "pivot", "data": {"voice_url": "https://twiml.example.com/voice",
                    "method": "post", "req_format": "twiml", "req_body_format": "form", "debug": false},
                    "children": {"_": {"module": "tts", "children": {},
                        "data": {"text": "Sorry, we cannot take your call right now."}}}}}),
        ),
        (
            "c0ffee00000000000000000000000002",
            json!({"name": "Support menu", "numbers": ["+14155550101"], "patterns": [],
                "flow": {"module": "menu", "data": {"id": SUPPORT_MENU_ID},
                    "children": {
                        "1": {"module": "voicemail", "data": {"id": SUPPORT_VMBOX_ID}, "children": {}},
                        "_": {"module": "hangup", "data": {}, "children": {}}}}}),
        ),
        (
            "c0ffee00000000000000000000000003",
            json!({"name": "Sales ring group", "numbers": ["+14155550102", "+14155550103"], "patterns": [],
                "flow": {"module": "ring_group", "children": {},
                    "data": {"strategy": "simultaneous", "timeout": 20, "endpoints": [
                        {"id": SALES_DEVICE_ID, "endpoint_type": "device"}]}}}),
        ),
        (
            "c0ffee00000000000000000000000004",
            json!({"name": "Reception desk", "numbers": ["1001"], "patterns": [],
                "flow": {"module": "user", "data": {"id": ADMIN_USER_ID}, "children": {}}}),
        ),
    ]
}
