//! The forms admins use most, made by hand: the fields that matter first,
//! plain labels, pickers for account documents, the rest folded under
//! "More options". Each still lists every field of its schema with the
//! schema's facts (`tests/catalogue.rs` checks them); units come from
//! Kazoo's callflow docs (`docs/callflow/<module>.md`).

use super::{FieldSpec as F, Hint, Kind, ModuleSpec, Resource, Shape};
use crate::rules;

const TEXT: Kind = Kind::Text {
    min_len: None,
    max_len: None,
    pattern: None,
};
const INTEGER: Kind = Kind::Integer {
    min: None,
    max: None,
};
const STRINGS: Kind = Kind::StringList {
    choices: None,
    min_items: None,
    unique: false,
};
const fn pick(resource: Resource) -> Kind {
    Kind::Pick {
        resource,
        min_len: None,
        max_len: None,
    }
}
/// The keys that end playback, as Kazoo's schemas default them.
const ALL_KEYS: &str = r##"["1","2","3","4","5","6","7","8","9","*","0","#"]"##;
/// Kazoo's pattern for the pivot URLs (`callflows.pivot.json`).
const HTTP_PATTERN: Option<&str> = Some("^https?://");

const SKIP: F = F::new("skip_module", "Skip this step", Kind::Boolean).advanced();

/// `pivot`: ask a web server (TwiML or Kazoo JSON) what to do.
pub(super) const PIVOT: ModuleSpec = ModuleSpec {
    name: "pivot",
    label: "Pivot",
    curated: true,
    fields: &[
        F::new(
            "voice_url",
            "Voice URL",
            Kind::Text {
                min_len: None,
                max_len: None,
                pattern: HTTP_PATTERN,
            },
        )
        .required()
        .hint(Hint::WebUrl),
        F::new(
            "method",
            "Method",
            Kind::Choice(&["get", "post", "GET", "POST"]),
        )
        .with_default(r#""get""#),
        F::new(
            "req_format",
            "Request format",
            Kind::Choice(&["kazoo", "twiml"]),
        )
        .with_default(r#""kazoo""#),
        F::new(
            "req_body_format",
            "Body format",
            Kind::Choice(&["form", "json"]),
        )
        .with_default(r#""form""#),
        F::new(
            "req_timeout_ms",
            "Timeout (ms)",
            Kind::Integer {
                min: None,
                max: Some(rules::PIVOT_TIMEOUT_MAX_MS),
            },
        ),
        F::new("debug", "Debug", Kind::Boolean)
            .with_default("false")
            .advanced(),
        F::new(
            "cdr_url",
            "CDR URL",
            Kind::Text {
                min_len: None,
                max_len: None,
                pattern: HTTP_PATTERN,
            },
        )
        .hint(Hint::WebUrl)
        .advanced(),
        SKIP,
    ],
};

/// `tts`: say a text.
pub(super) const TTS: ModuleSpec = ModuleSpec {
    name: "tts",
    label: "Say",
    curated: true,
    fields: &[
        F::new(
            "text",
            "Text to say",
            Kind::Text {
                min_len: Some(1),
                max_len: Some(1000),
                pattern: None,
            },
        )
        .required()
        .hint(Hint::MultiLine),
        F::new("voice", "Voice", TEXT).with_default(r#""female""#),
        F::new("language", "Language", TEXT),
        F::new(
            "engine",
            "Speech engine",
            Kind::Choice(&["flite", "google", "ispeech", "voicefabric"]),
        )
        .advanced(),
        F::new("terminators", "Keys that stop it", STRINGS)
            .with_default(ALL_KEYS)
            .advanced(),
        F::new("endless_playback", "Repeat until stopped", Kind::Boolean).advanced(),
        SKIP,
    ],
};

/// `play`: play a media file.
pub(super) const PLAY: ModuleSpec = ModuleSpec {
    name: "play",
    label: "Play media",
    curated: true,
    fields: &[
        F::new("id", "Media", pick(Resource::Media)),
        F::new("answer", "Answer the call first", Kind::Boolean),
        F::new(
            "loop_count",
            "Times to play",
            Kind::Integer {
                min: Some(1),
                max: None,
            },
        ),
        F::new("endless_playback", "Repeat until stopped", Kind::Boolean)
            .with_default("false")
            .advanced(),
        F::new("terminators", "Keys that stop it", STRINGS)
            .with_default(ALL_KEYS)
            .advanced(),
        SKIP,
    ],
};

/// `menu`: the node's own data; the menu document (greeting, retries,
/// options) is edited with it elsewhere.
pub(super) const MENU: ModuleSpec = ModuleSpec {
    name: "menu",
    label: "Menu",
    curated: true,
    fields: &[
        F::new("id", "Menu", pick(Resource::Menus)),
        F::new(
            "interdigit_timeout",
            "Time between key presses (ms)",
            INTEGER,
        ),
        SKIP,
    ],
};

/// `notification`: e-mail people about the call.
pub(super) const NOTIFICATION: ModuleSpec = ModuleSpec {
    name: "notification",
    label: "Notify by e-mail",
    curated: true,
    fields: &[
        F::new("recipients", "Send to", Kind::Recipients)
            .required()
            .with_default("[]"),
        F::new(
            "send_at",
            "When to send",
            Kind::Choice(&["callflow_exec", "channel_destroy"]),
        )
        .with_default(r#""channel_destroy""#),
        F::new("comments", "Comments", TEXT).hint(Hint::MultiLine),
        F::new(
            "notification_media",
            "Send by",
            Kind::StringList {
                choices: Some(&["email", "sms"]),
                min_items: None,
                unique: false,
            },
        )
        .advanced(),
        F::new("template_id", "Template ID", TEXT).advanced(),
    ],
};

/// `transfer`: transfer the call to an extension or a number.
pub(super) const TRANSFER: ModuleSpec = ModuleSpec {
    name: "transfer",
    label: "Transfer",
    curated: true,
    fields: &[
        F::new("target", "Transfer to", TEXT).hint(Hint::PhoneNumber),
        F::new(
            "transfer_type",
            "Type of transfer",
            Kind::Choice(&["attended", "blind"]),
        )
        .with_default(r#""blind""#),
        F::new("leg", "Leg to transfer", Kind::Choice(&["self", "bleg"])).advanced(),
        F::new("captures", "Captures", STRINGS)
            .with_default(r#"["no_match"]"#)
            .advanced(),
        SKIP,
    ],
};

/// `offnet` and `resources` share their schema (carriers of the system,
/// or the account's own).
const CARRIER_FIELDS: &[F] = &[
    F::new("to_did", "Number to call", TEXT).hint(Hint::PhoneNumber),
    F::new("timeout", "Ring for (seconds)", INTEGER),
    F::new("caller_id_type", "Caller ID to show", TEXT).with_default(r#""external""#),
    F::new(
        "use_local_resources",
        "Use the account's own carriers",
        Kind::Boolean,
    )
    .with_default("true"),
    F::new("bypass_e164", "Bypass E.164", Kind::Boolean).advanced(),
    F::new("do_not_normalize", "Do not normalize", Kind::Boolean).advanced(),
    F::new("dynamic_flags", "Dynamic flags", STRINGS).advanced(),
    F::new("emit_account_id", "Emit account ID", Kind::Boolean).advanced(),
    F::new("format_from_uri", "Format From URI", Kind::Boolean).advanced(),
    F::new("from_uri_realm", "From URI realm", TEXT).advanced(),
    F::new("hunt_account_id", "Hunt account ID", TEXT).advanced(),
    F::new("ignore_early_media", "Ignore early media", Kind::Boolean)
        .with_default("false")
        .advanced(),
    F::new("outbound_flags", "Outbound flags", STRINGS)
        .with_default("[]")
        .advanced(),
    F::new("resource_type", "Resource type", TEXT).advanced(),
    F::new("ringback", "Ringback", TEXT).advanced(),
    F::new(
        "custom_sip_headers",
        "Custom SIP headers",
        Kind::Json(Shape::Object),
    )
    .advanced(),
    SKIP,
];

/// `offnet`: call a number through the system's carriers.
pub(super) const OFFNET: ModuleSpec = ModuleSpec {
    name: "offnet",
    label: "Call out through carriers",
    curated: true,
    fields: CARRIER_FIELDS,
};

/// `resources`: call a number through the account's carriers.
pub(super) const RESOURCES: ModuleSpec = ModuleSpec {
    name: "resources",
    label: "Call out through the account's carriers",
    curated: true,
    fields: CARRIER_FIELDS,
};

/// `voicemail`: leave a message in a box, or check one.
pub(super) const VOICEMAIL: ModuleSpec = ModuleSpec {
    name: "voicemail",
    label: "Voicemail",
    curated: true,
    fields: &[
        F::new(
            "id",
            "Voicemail box",
            Kind::Pick {
                resource: Resource::Vmboxes,
                min_len: Some(32),
                max_len: Some(32),
            },
        ),
        F::new("action", "Action", Kind::Choice(&["check", "compose"]))
            .with_default(r#""compose""#),
        F::new(
            "callerid_match_login",
            "Log in when the caller ID matches",
            Kind::Boolean,
        )
        .with_default("false")
        .advanced(),
        F::new(
            "interdigit_timeout",
            "Time between key presses (ms)",
            INTEGER,
        )
        .with_default("2000")
        .advanced(),
        F::new("max_message_length", "Longest message (seconds)", INTEGER)
            .with_default("500")
            .advanced(),
        F::new(
            "single_mailbox_login",
            "Log in to this box only",
            Kind::Boolean,
        )
        .with_default("false")
        .advanced(),
        SKIP,
    ],
};

/// `user`: ring a user's devices.
pub(super) const USER: ModuleSpec = ModuleSpec {
    name: "user",
    label: "Ring a user",
    curated: true,
    fields: &[
        F::new("id", "User", pick(Resource::Users)),
        F::new("timeout", "Ring for (seconds)", INTEGER).with_default("20"),
        F::new("can_call_self", "Can call itself", Kind::Boolean),
        F::new("can_text_self", "Can text itself", Kind::Boolean).advanced(),
        F::new("delay", "Delay (seconds)", INTEGER)
            .with_default("0")
            .advanced(),
        F::new(
            "strategy",
            "How to ring the devices",
            Kind::Choice(&["simultaneous", "single"]),
        )
        .with_default(r#""simultaneous""#)
        .advanced(),
        F::new(
            "fail_on_single_reject",
            "Stop when one device rejects",
            Kind::Boolean,
        )
        .advanced(),
        F::new("static_invite", "Static invite", TEXT).advanced(),
        F::new("suppress_clid", "Hide caller ID", Kind::Boolean).advanced(),
        F::new(
            "custom_sip_headers",
            "Custom SIP headers",
            Kind::Json(Shape::Object),
        )
        .advanced(),
        SKIP,
    ],
};

/// `device`: ring one device.
pub(super) const DEVICE: ModuleSpec = ModuleSpec {
    name: "device",
    label: "Ring a device",
    curated: true,
    fields: &[
        F::new("id", "Device", pick(Resource::Devices)),
        F::new("timeout", "Ring for (seconds)", INTEGER).with_default("0"),
        F::new("can_call_self", "Can call itself", Kind::Boolean),
        F::new("can_text_self", "Can text itself", Kind::Boolean).advanced(),
        F::new("delay", "Delay (seconds)", INTEGER)
            .with_default("0")
            .advanced(),
        F::new(
            "dial_strategy",
            "How to ring",
            Kind::Choice(&["simultaneous", "single"]),
        )
        .with_default(r#""simultaneous""#)
        .advanced(),
        F::new("static_invite", "Static invite", TEXT).advanced(),
        F::new("suppress_clid", "Hide caller ID", Kind::Boolean).advanced(),
        F::new(
            "custom_sip_headers",
            "Custom SIP headers",
            Kind::Json(Shape::Object),
        )
        .advanced(),
        SKIP,
    ],
};

/// `ring_group`: ring several users and devices.
pub(super) const RING_GROUP: ModuleSpec = ModuleSpec {
    name: "ring_group",
    label: "Ring group",
    curated: true,
    fields: &[
        F::new("endpoints", "Ring", Kind::Endpoints).required(),
        F::new(
            "strategy",
            "How to ring",
            Kind::Choice(&["simultaneous", "single", "weighted_random"]),
        )
        .with_default(r#""simultaneous""#),
        F::new("timeout", "Ring for (seconds)", INTEGER).with_default("20"),
        F::new(
            "repeats",
            "Times to ring the group",
            Kind::Integer {
                min: Some(1),
                max: None,
            },
        )
        .with_default("1")
        .advanced(),
        F::new(
            "fail_on_single_reject",
            "Stop when one rejects",
            Kind::Boolean,
        )
        .advanced(),
        F::new("ignore_forward", "Ignore call forwarding", Kind::Boolean)
            .with_default("true")
            .advanced(),
        F::new("ringback", "Ringback", TEXT).advanced(),
        F::new("ringtones", "Ring tones", Kind::Json(Shape::Object)).advanced(),
        SKIP,
    ],
};

/// `callflow`: go on in another callflow.
pub(super) const CALLFLOW: ModuleSpec = ModuleSpec {
    name: "callflow",
    label: "Go to another callflow",
    curated: true,
    fields: &[F::new("id", "Callflow", pick(Resource::Callflows)), SKIP],
};

/// `hangup`: end the call. Nothing to fill in.
pub(super) const HANGUP: ModuleSpec = ModuleSpec {
    name: "hangup",
    label: "Hang up",
    curated: true,
    fields: &[SKIP],
};
