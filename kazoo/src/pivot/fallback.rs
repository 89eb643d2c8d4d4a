//! The pivot node's `_` branch: what callers get when the server fails.

use serde_json::{Map, Value};

use super::{check, FieldErrors, PivotInput, METHODS};
use crate::{
    callflow::{Hangup, Module, Node, Offnet, Pivot, Tts},
    rules,
};

/// The fallback choices of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FallbackKind {
    /// No `_` branch: Kazoo ends the call.
    None,
    /// Say a message (`tts`).
    Say,
    /// Forward to a number (`resources` with `to_did`).
    Forward,
    /// Hang up (`hangup`).
    Hangup,
    /// Ask another server: a second `pivot` node (a Twilio number's
    /// `voice_fallback_url`). Kazoo follows the `_` child when the first
    /// server fails (PIVOT_TWIML.md §1).
    Pivot,
    /// Keep the branch the live callflow has (a module the form does not
    /// edit, a menu say).
    Keep,
}

impl FallbackKind {
    /// Every choice with its form value and label, in form order. The
    /// labels say what the caller gets, so no two read alike.
    pub const ALL: [(Self, &'static str, &'static str); 6] = [
        (Self::None, "none", "No fallback: Kazoo ends the call"),
        (Self::Say, "say", "Say a message"),
        (Self::Forward, "forward", "Forward to a number"),
        (Self::Pivot, "pivot", "Ask a fallback server"),
        (Self::Hangup, "hangup", "Hang up at once (a hangup node)"),
        (
            Self::Keep,
            "keep",
            "Keep the current fallback of the live callflow",
        ),
    ];

    /// Reads the form value; `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, key, _)| key.eq_ignore_ascii_case(value.trim()))
            .map(|(kind, _, _)| *kind)
    }

    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Say => "say",
            Self::Forward => "forward",
            Self::Hangup => "hangup",
            Self::Pivot => "pivot",
            Self::Keep => "keep",
        }
    }
}

/// The `_` node for `kind`, reusing the current one (its other settings and
/// branches) when it is of the same kind.
pub(super) fn build(
    kind: FallbackKind,
    input: &PivotInput,
    current: Option<&Node>,
    errors: &mut FieldErrors,
) -> Option<Node> {
    let current = current.cloned();
    match kind {
        FallbackKind::None => None,
        FallbackKind::Keep => current,
        FallbackKind::Hangup => Some(match current {
            Some(
                node @ Node {
                    module: Module::Hangup(_),
                    ..
                },
            ) => node,
            _ => Node::new(Module::Hangup(Hangup::default())),
        }),
        FallbackKind::Say => {
            let text = input.fallback_text.trim().to_owned();
            // Only invisible marks (zero-width spaces, a BOM) say nothing.
            if check::line("fallback_text", &text, rules::TTS_TEXT_MAX_CHARS, errors)
                && !crate::text::has_visible(&text)
            {
                errors.insert(
                    "fallback_text".into(),
                    "Enter what callers hear when your server does not answer.".into(),
                );
            }
            Some(match current {
                Some(
                    mut node @ Node {
                        module: Module::Tts(_),
                        ..
                    },
                ) => {
                    if let Module::Tts(tts) = &mut node.module {
                        tts.text = text;
                    }
                    node
                }
                _ => Node::new(Module::Tts(Tts {
                    text,
                    ..Tts::default()
                })),
            })
        }
        FallbackKind::Pivot => Some(fallback_pivot(input, current, errors)),
        FallbackKind::Forward => {
            let typed = input.fallback_number.trim();
            let to_did = Some(match check::one_number(typed) {
                Ok(number) => number,
                Err(message) => {
                    errors.insert("fallback_number".into(), message);
                    typed.chars().take(64).collect()
                }
            });
            Some(match current {
                Some(
                    mut node @ Node {
                        module: Module::Resources(_) | Module::Offnet(_),
                        ..
                    },
                ) => {
                    if let Module::Resources(data) | Module::Offnet(data) = &mut node.module {
                        data.to_did = to_did;
                    }
                    node
                }
                _ => Node::new(Module::Resources(Offnet {
                    to_did,
                    ..Offnet::default()
                })),
            })
        }
    }
}

/// Fills the fallback fields of the form from the current `_` node.
pub(super) fn read(current: Option<&Node>, input: &mut PivotInput) {
    let kind = match current.map(|n| &n.module) {
        None => FallbackKind::None,
        Some(Module::Tts(tts)) => {
            input.fallback_text = tts.text.clone();
            FallbackKind::Say
        }
        Some(Module::Resources(data) | Module::Offnet(data)) if data.to_did.is_some() => {
            input.fallback_number = data.to_did.clone().unwrap_or_default();
            FallbackKind::Forward
        }
        Some(Module::Hangup(_)) => FallbackKind::Hangup,
        // By name: a pivot node Kazoo stored as `"GET"` reads as raw data.
        Some(module) if module.name() == "pivot" => {
            let data = module.data().unwrap_or(Value::Null);
            let text = |key: &str| data.get(key).and_then(Value::as_str).unwrap_or_default();
            input.fallback_url = text("voice_url").to_owned();
            input.fallback_method = match text("method") {
                "" => rules::PIVOT_DEFAULT_METHOD.to_owned(),
                method => method.to_lowercase(),
            };
            FallbackKind::Pivot
        }
        Some(_) => FallbackKind::Keep,
    };
    input.fallback = kind.as_str().to_owned();
}

/// The `_` child as a second pivot node: `voice_url` = the fallback URL,
/// `method` as chosen, `req_format` as the main node's, and (on a new
/// node) the main node's `cdr_url` when it has one (a call that ends on the fallback
/// server still ends with a CDR, and each pivot node carries its own
/// `cdr_url`: PIVOT_TWIML.md §1). A current pivot node is
/// patched: only a value that differs is written, its other keys and
/// branches are kept.
fn fallback_pivot(input: &PivotInput, current: Option<Node>, errors: &mut FieldErrors) -> Node {
    let url = input.fallback_url.trim();
    check::web_url("fallback_url", url, true, errors);
    let method = check::choice("fallback_method", &input.fallback_method, &METHODS, errors);
    let (mut node, is_new) = match current {
        Some(node) if node.module.name() == "pivot" => (node, false),
        _ => (Node::new(Module::Pivot(Pivot::default())), true),
    };
    let mut data = match node.module.data() {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let text = |data: &Map<String, Value>, key: &str| {
        data.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    if text(&data, "voice_url") != url {
        data.insert("voice_url".into(), url.into());
    }
    let was = match text(&data, "method").to_lowercase() {
        m if m.is_empty() => rules::PIVOT_DEFAULT_METHOD.to_owned(),
        m => m,
    };
    if let Some(method) = method.filter(|m| is_new || *m != was) {
        data.insert("method".into(), method.into());
    }
    // Only on a new node: an edit of a live fallback writes only what the
    // admin changed there.
    let cdr_url = input.cdr_url.trim();
    if is_new && !cdr_url.is_empty() {
        data.insert("cdr_url".into(), cdr_url.into());
    }
    let format = input.req_format.trim().to_lowercase();
    if is_new && super::REQ_FORMATS.iter().any(|(key, _)| *key == format) {
        data.insert("req_format".into(), format.into());
    }
    node.module = Module::from_parts("pivot".into(), Some(Value::Object(data)));
    node
}
