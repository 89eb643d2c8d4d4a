//! The modules a node can run, typed for the ones we edit. Each data type
//! keeps keys it does not name in `extra`, so nothing is dropped.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};

macro_rules! modules {
    ($($variant:ident($data:ty) = $name:literal,)*) => {
        /// A node's module and its data.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Module {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant($data),
            )*
            /// Any other module, or a known one whose data did not read back
            /// exactly: kept as it came.
            Raw {
                /// The module name.
                module: String,
                /// Its data, if the node had any.
                data: Option<Value>,
            },
        }

        impl Module {
            /// The module name Kazoo knows it by.
            pub fn name(&self) -> &str {
                match self {
                    $(Self::$variant(_) => $name,)*
                    Self::Raw { module, .. } => module,
                }
            }

            /// A node's module from its name and data: typed when it is a
            /// module we model and the data reads back exactly, raw
            /// otherwise.
            pub fn from_parts(name: String, data: Option<Value>) -> Self {
                if let Some(value) = &data {
                    match name.as_str() {
                        $($name => if let Some(typed) = exact(value) {
                            return Self::$variant(typed);
                        },)*
                        _ => {}
                    }
                }
                Self::Raw { module: name, data }
            }

            /// The node's `data` as JSON.
            pub fn data(&self) -> Option<Value> {
                match self {
                    $(Self::$variant(data) => Some(to_json(data)),)*
                    Self::Raw { data, .. } => data.clone(),
                }
            }
        }
    };
}

modules! {
    Pivot(Pivot) = "pivot",
    Tts(Tts) = "tts",
    Play(Play) = "play",
    Menu(Menu) = "menu",
    Notification(Notification) = "notification",
    Transfer(Transfer) = "transfer",
    Offnet(Offnet) = "offnet",
    Resources(Offnet) = "resources",
    Voicemail(Voicemail) = "voicemail",
    User(Ring) = "user",
    Device(Ring) = "device",
    RingGroup(RingGroup) = "ring_group",
    Callflow(CallflowRef) = "callflow",
    Hangup(Hangup) = "hangup",
}

/// Reads `value` as `T` only if printing it again gives the same JSON.
fn exact<T: DeserializeOwned + Serialize>(value: &Value) -> Option<T> {
    let typed: T = serde_json::from_value(value.clone()).ok()?;
    (to_json(&typed) == *value).then_some(typed)
}

fn to_json<T: Serialize>(data: &T) -> Value {
    serde_json::to_value(data).unwrap_or(Value::Object(Map::new()))
}

/// HTTP verb of a pivot request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HttpMethod {
    /// Parameters in the query string.
    Get,
    /// Parameters in the body.
    Post,
}

/// How pivot names the call's parameters (and what it expects back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReqFormat {
    /// Twilio-style `CallSid`, `From`, … (TwiML servers).
    Twiml,
    /// Kazoo's own names (Kazoo callflow JSON servers).
    Kazoo,
}

/// Body encoding of a pivot POST.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// A flat JSON object.
    Json,
}

macro_rules! wire_names {
    ($($ty:ident { $($variant:ident => $name:literal),* })*) => {$(
        impl $ty {
            /// The value as Kazoo spells it.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }
        }
    )*};
}

wire_names! {
    HttpMethod { Get => "get", Post => "post" }
    ReqFormat { Twiml => "twiml", Kazoo => "kazoo" }
    BodyFormat { Form => "form", Json => "json" }
}

/// `pivot`: ask a web server what to do with the call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pivot {
    pub voice_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub req_format: Option<ReqFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub req_body_format: Option<BodyFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub req_timeout_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdr_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_module: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `tts`: say a text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tts {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminators: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `play`: play a media file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Play {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loop_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminators: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `menu`: an IVR menu; digit branches in the node's children.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Menu {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interdigit_timeout: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One recipient of a notification: an email address or a user id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    /// Address(es) or user id(s): a string or a list.
    pub id: Value,
    /// `email` or `user`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `notification`: email someone about the call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub recipients: Vec<Recipient>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `transfer`: transfer the call to an extension or a DID.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_type: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `offnet` / `resources`: send the call out through carriers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Offnet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_did: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_id_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_local_resources: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `voicemail`: leave (`compose`) or check a message.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Voicemail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `user` (ring a user's devices) and `device` (ring one device): the
/// same data in Kazoo's schemas.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ring {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_call_self: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One endpoint of a ring group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: String,
    /// `device`, `user` or `group`.
    pub endpoint_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ring_group`: ring several endpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RingGroup {
    pub endpoints: Vec<Endpoint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `callflow`: continue in another callflow.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallflowRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `hangup`: end the call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hangup {
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
