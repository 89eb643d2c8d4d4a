//! The demo account's menus, media, users, devices and voicemail boxes:
//! what the seeded callflows point at, and a few more for the pickers.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{
    ADMIN_USER_ID, SALES_DEVICE_ID, SUPPORT_GREETING_MEDIA_ID, SUPPORT_MENU_ID, SUPPORT_VMBOX_ID,
};
use crate::sandbox::{
    account::StoredDoc,
    collection::{Collection, Kind},
};

/// Every seeded collection of the demo account.
pub(super) fn collections() -> BTreeMap<Kind, Collection> {
    Kind::ALL
        .into_iter()
        .map(|kind| {
            let docs = documents(kind)
                .into_iter()
                .map(|(id, doc)| (id.to_owned(), StoredDoc::new(doc)))
                .collect();
            (kind, Collection { docs })
        })
        .collect()
}

fn documents(kind: Kind) -> Vec<(&'static str, Value)> {
    match kind {
        Kind::Menu => vec![
            (
                SUPPORT_MENU_ID,
                json!({"name": "Support menu", "retries": 3, "timeout": 10000, "hunt": false,
                    "media": {"greeting": SUPPORT_GREETING_MEDIA_ID}}),
            ),
            (
                "e0000000000000000000000000000002",
                json!({"name": "After hours menu", "retries": 2, "max_extension_length": 3,
                    "media": {"greeting": "f0000000000000000000000000000002", "exit_media": true}}),
            ),
        ],
        Kind::Media => vec![
            (
                SUPPORT_GREETING_MEDIA_ID,
                json!({"name": "Support menu greeting", "media_source": "tts",
                    "tts": {"text": "Thanks for calling support. To leave a message, press 1.",
                        "voice": "female/en-US"}}),
            ),
            (
                "f0000000000000000000000000000002",
                json!({"name": "After hours greeting", "media_source": "tts", "language": "en-us",
                    "tts": {"text": "We are closed. Please call again between 9 and 5.",
                        "voice": "male/en-US"}}),
            ),
            (
                "f0000000000000000000000000000003",
                json!({"name": "Please hold", "media_source": "tts",
                    "tts": {"text": "Please hold while we connect you.", "voice": "female/en-GB"}}),
            ),
        ],
        Kind::User => vec![
            (
                ADMIN_USER_ID,
                json!({"first_name": "Ada", "last_name": "Admin", "username": "admin",
                    "email": "admin@sandbox.pivot-console.test", "priv_level": "admin", "enabled": true}),
            ),
            (
                "a11ce000000000000000000000000002",
                json!({"first_name": "Sam", "last_name": "Support", "username": "sam",
                    "email": "sam@sandbox.pivot-console.test", "priv_level": "user", "enabled": true}),
            ),
            (
                "a11ce000000000000000000000000003",
                json!({"first_name": "Sol", "last_name": "Sales", "username": "sol",
                    "email": "sol@sandbox.pivot-console.test", "priv_level": "user", "enabled": true}),
            ),
        ],
        Kind::Device => vec![
            (
                SALES_DEVICE_ID,
                json!({"name": "Sales desk phone", "device_type": "sip_device", "enabled": true,
                    "owner_id": "a11ce000000000000000000000000003", "sip": {"username": "sales-desk"}}),
            ),
            (
                "d0000000000000000000000000000002",
                json!({"name": "Reception softphone", "device_type": "softphone", "enabled": true,
                    "owner_id": ADMIN_USER_ID, "sip": {"username": "reception"}}),
            ),
        ],
        Kind::Vmbox => vec![
            (
                SUPPORT_VMBOX_ID,
                json!({"name": "Support voicemail", "mailbox": "2000",
                    "owner_id": "a11ce000000000000000000000000002", "messages": []}),
            ),
            (
                "b0000000000000000000000000000002",
                json!({"name": "Sales voicemail", "mailbox": "3000",
                    "owner_id": "a11ce000000000000000000000000003"}),
            ),
        ],
    }
}
