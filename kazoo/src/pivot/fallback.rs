//! The pivot node's `_` branch: what callers get when the server fails.

use super::{check, FieldErrors, PivotInput};
use crate::callflow::{Hangup, Module, Node, Offnet, Tts};

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
    /// Keep the branch the live callflow has (a module the form does not
    /// edit, a menu say).
    Keep,
}

impl FallbackKind {
    /// Reads the form value; anything unknown is `None`.
    pub fn parse(value: &str) -> Self {
        match value {
            "say" => Self::Say,
            "forward" => Self::Forward,
            "hangup" => Self::Hangup,
            "keep" => Self::Keep,
            _ => Self::None,
        }
    }

    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Say => "say",
            Self::Forward => "forward",
            Self::Hangup => "hangup",
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
            if text.is_empty() {
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
        FallbackKind::Forward => {
            let typed = input.fallback_number.trim();
            let number = check::one_number(typed);
            if number.is_none() {
                let message = if typed.is_empty() {
                    "Enter the number callers are forwarded to.".to_owned()
                } else {
                    format!("“{typed}” is not a phone number: use digits, with a + in front for international numbers.")
                };
                errors.insert("fallback_number".into(), message);
            }
            let to_did = Some(number.unwrap_or_else(|| typed.to_owned()));
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
        Some(_) => FallbackKind::Keep,
    };
    input.fallback = kind.as_str().to_owned();
}
