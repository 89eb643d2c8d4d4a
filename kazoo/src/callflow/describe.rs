//! Modules and nodes in an admin's words: "Say: Welcome to …",
//! "Pivot · POST · https://…", "Menu: Main menu". What each module does is
//! taken from Kazoo's callflow docs (`applications/callflow/doc/<module>.md`).

use serde_json::Value;

use super::{Module, Node, Notification};

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
    /// One line: the module's label and what matters most in its data. A
    /// menu's name lives in its menu document, so it reads "Menu" here;
    /// see [`Node::summary_with`].
    pub fn summary(&self) -> String {
        self.summary_with(None)
    }

    /// [`Node::summary`], with the name of the menu document a `menu` node
    /// points at when the caller has it ("Menu: Main menu").
    pub fn summary_with(&self, menu_name: Option<&str>) -> String {
        let label = self.module.label();
        match &self.module {
            Module::Menu(_) => match menu_name.map(str::trim).filter(|n| !n.is_empty()) {
                Some(name) => format!("{label}: {}", quote(name)),
                None => label.to_owned(),
            },
            Module::Notification(n) => notify(n).unwrap_or_else(|| label.to_owned()),
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

/// "Notify a@example.com, b@example.com and 2 users"; `None` without
/// recipients.
fn notify(n: &Notification) -> Option<String> {
    let mut emails = Vec::new();
    let mut users = 0;
    for recipient in &n.recipients {
        let ids: Vec<&str> = match &recipient.id {
            Value::String(id) => vec![id.as_str()],
            Value::Array(ids) => ids.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if recipient.kind == "user" {
            users += ids.len();
        } else {
            emails.extend(ids);
        }
    }
    let users = match users {
        0 => None,
        1 => Some("1 user".to_owned()),
        n => Some(format!("{n} users")),
    };
    let who = match (emails.is_empty(), users) {
        (true, None) => return None,
        (true, Some(users)) => users,
        (false, None) => emails.join(", "),
        (false, Some(users)) => format!("{} and {users}", emails.join(", ")),
    };
    Some(format!("Notify {}", quote(&who)))
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

    #[test]
    fn the_issue_s_summaries_read_as_promised() {
        let menu = flow(json!({"module": "menu", "data": {"id": "m1"}}));
        assert_eq!(menu.summary(), "Menu");
        assert_eq!(menu.summary_with(Some("Main menu")), "Menu: Main menu");
        assert_eq!(menu.summary_with(Some("  ")), "Menu");
        let notify = flow(json!({"module": "notification", "data": {
            "recipients": [{"id": "orders@example.com", "type": "email"}], "send_at": "callflow_exec"}}));
        assert_eq!(notify.summary(), "Notify orders@example.com");
        let both = flow(json!({"module": "notification", "data": {"recipients": [
            {"id": ["a@example.com", "b@example.com"], "type": "email"},
            {"id": "u1", "type": "user"}, {"id": "u2", "type": "user"}]}}));
        assert_eq!(
            both.summary(),
            "Notify a@example.com, b@example.com and 2 users"
        );
        let none = flow(json!({"module": "notification", "data": {"recipients": []}}));
        assert_eq!(none.summary(), "Notify by e-mail");
        let transfer = flow(json!({"module": "transfer", "data": {"target": "+15551130452"}}));
        assert_eq!(transfer.summary(), "Transfer to +15551130452");
        let vm = flow(json!({"module": "voicemail", "data": {"id": "b1"}}));
        assert_eq!(vm.summary(), "Voicemail");
        let hangup = flow(json!({"module": "hangup", "data": {}}));
        assert_eq!(hangup.summary(), "Hang up");
        // summary_with's menu name only matters to menus.
        assert_eq!(hangup.summary_with(Some("Main")), "Hang up");
    }
}
