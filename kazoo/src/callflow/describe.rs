//! Modules and nodes in an admin's words: "Say: Welcome to …",
//! "Pivot · POST · https://…", "Menu". What each module does is taken
//! from Kazoo's callflow docs (`applications/callflow/doc/<module>.md`).

use super::{Module, Node};

/// Longest text quoted in a one-line summary, in characters.
const QUOTE_MAX: usize = 60;

impl Module {
    /// What the module does, in two or three plain words.
    pub fn label(&self) -> &str {
        match self.name() {
            "pivot" => "Pivot",
            "tts" => "Say",
            "play" => "Play media",
            "menu" => "Menu",
            "notification" => "Notify by e-mail",
            "transfer" => "Transfer",
            "offnet" | "resources" => "Call out through carriers",
            "voicemail" => "Voicemail",
            "user" => "Ring a user",
            "device" => "Ring a device",
            "ring_group" => "Ring group",
            "callflow" => "Go to another callflow",
            "hangup" => "Hang up",
            "temporal_route" => "Time of day",
            "conference" => "Conference",
            "record_call" => "Record the call",
            "set_cid" | "dynamic_cid" | "prepend_cid" => "Caller ID",
            "webhook" => "Webhook",
            "response" => "SIP response",
            "directory" => "Directory",
            "park" => "Park",
            "page_group" => "Page group",
            "group" => "Ring a group",
            "receive_fax" | "faxbox" => "Receive a fax",
            "language" => "Language",
            "check_cid" => "Check caller ID",
            other => other,
        }
    }
}

impl Node {
    /// One line: the module's label and what matters most in its data.
    pub fn summary(&self) -> String {
        let label = self.module.label();
        match &self.module {
            Module::Pivot(p) => {
                let method = p.method.map_or("GET", |m| match m.as_str() {
                    "post" => "POST",
                    _ => "GET",
                });
                format!("{label} · {method} · {}", p.voice_url)
            }
            Module::Tts(tts) => format!("{label}: {}", quote(&tts.text)),
            Module::Offnet(o) | Module::Resources(o) => match &o.to_did {
                Some(did) => format!("Forward to {did}"),
                None => label.to_owned(),
            },
            Module::Transfer(t) => match &t.target {
                Some(target) => format!("{label} to {target}"),
                None => label.to_owned(),
            },
            _ => label.to_owned(),
        }
    }
}

/// `text`, cut to [`QUOTE_MAX`] characters with an ellipsis.
fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTE_MAX).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::callflow::Callflow;

    fn flow(node: serde_json::Value) -> crate::callflow::Node {
        Callflow::from_value(json!({ "flow": node }))
            .unwrap()
            .flow
            .unwrap()
    }

    #[test]
    fn nodes_read_as_plain_words() {
        let pivot = flow(
            json!({"module": "pivot", "data": {"voice_url": "https://v.example/x", "method": "post"}}),
        );
        assert_eq!(pivot.summary(), "Pivot · POST · https://v.example/x");
        let say = flow(json!({"module": "tts", "data": {"text": "Welcome to Acme"}}));
        assert_eq!(say.summary(), "Say: Welcome to Acme");
        let long = flow(json!({"module": "tts", "data": {"text": "x".repeat(70)}}));
        assert!(long.summary().ends_with('…'));
        let forward = flow(json!({"module": "resources", "data": {"to_did": "+14155550199"}}));
        assert_eq!(forward.summary(), "Forward to +14155550199");
        let raw = flow(json!({"module": "acdc_member", "data": {}}));
        assert_eq!(raw.summary(), "acdc_member");
    }
}
