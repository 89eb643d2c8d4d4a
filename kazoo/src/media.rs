//! Kazoo media documents (`/v2/accounts/{id}/media`), the metadata of a
//! prompt: a menu's greeting names one by id. We make text-to-speech ones
//! (`{"name", "media_source": "tts", "tts": {"text", "voice"}}`, as
//! `shared/kazoo/docs/crossbar-media.md` creates them); fields and
//! defaults are those of Kazoo's `media.json` schema.
//!
//! A [`MediaDoc`] prints back byte for byte what it read: keys it does not
//! name (`streamable`, `content_type`, `ui_metadata`…) and values of an
//! unexpected type stay in `extra`, and keys keep their order.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::doc_keys::{json, write, Reader};

/// Kazoo's `tts.voice` when unset (`media.json`).
pub const DEFAULT_VOICE: &str = "female/en-US";
/// Longest `name` Kazoo takes (`media.json`: 1–128 characters).
pub const NAME_MAX_CHARS: usize = 128;

/// Keys crossbar adds to a media document in its answers.
const RESPONSE_ONLY_KEYS: [&str; 2] = ["id", "_read_only"];

/// Where a media's audio comes from (`media_source`; Kazoo's default is
/// `upload`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaSource {
    /// Recorded on a phone.
    Recording,
    /// An uploaded file.
    Upload,
    /// Spoken from `tts.text`.
    Tts,
}

/// A media document; `None` means the key is absent. Kazoo requires
/// `name` and `media_source`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MediaDoc {
    /// `name`: a friendly name, 1–[`NAME_MAX_CHARS`] characters.
    pub name: Option<String>,
    /// `media_source`; another value stays in `extra`.
    pub media_source: Option<MediaSource>,
    /// `tts`: what to say, for a TTS media.
    pub tts: Option<TtsOptions>,
    /// `language`, e.g. `en-us` (Kazoo's default).
    pub language: Option<String>,
    /// `description`, 1–128 characters.
    pub description: Option<String>,
    /// Every other key, unchanged.
    pub extra: Map<String, Value>,
    order: Vec<String>,
}

/// A media's `tts` object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TtsOptions {
    /// `text`: what is spoken (at least 1 character).
    pub text: Option<String>,
    /// `voice`, e.g. `female/en-US` ([`DEFAULT_VOICE`]), `male/en-GB`; one
    /// of `media.json`'s list.
    pub voice: Option<String>,
    /// Every other key, unchanged.
    pub extra: Map<String, Value>,
    order: Vec<String>,
}

impl MediaDoc {
    /// A TTS media saying `text`, keys in the order Kazoo's doc writes
    /// them: `{"name", "media_source": "tts", "tts": {"text", "voice"}}`
    /// (`voice` left out when `None`: Kazoo fills its default).
    pub fn tts(name: impl Into<String>, text: impl Into<String>, voice: Option<&str>) -> Self {
        Self {
            name: Some(name.into()),
            media_source: Some(MediaSource::Tts),
            tts: Some(TtsOptions {
                text: Some(text.into()),
                voice: voice.map(str::to_owned),
                ..TtsOptions::default()
            }),
            ..Self::default()
        }
    }

    /// Reads a media document.
    ///
    /// # Errors
    /// When `value` is not a JSON object.
    pub fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(value)
    }

    /// Reads a media document as crossbar returns it, without what it adds
    /// to answers (`id`, `_read_only`).
    ///
    /// # Errors
    /// When `value` is not a JSON object.
    pub fn from_kazoo(mut value: Value) -> Result<Self, serde_json::Error> {
        if let Value::Object(map) = &mut value {
            for key in RESPONSE_ONLY_KEYS {
                map.shift_remove(key);
            }
        }
        Self::from_value(value)
    }

    fn from_map(map: Map<String, Value>) -> Self {
        let mut reader = Reader::new(map);
        let name = reader.take("name");
        let media_source = reader.take("media_source");
        let tts = reader.take_with("tts", |v| v.as_object().cloned().map(TtsOptions::from_map));
        let language = reader.take("language");
        let description = reader.take("description");
        let (extra, order) = reader.finish();
        Self {
            name,
            media_source,
            tts,
            language,
            description,
            extra,
            order,
        }
    }

    /// The document as JSON, keys in the order they were read.
    pub fn to_value(&self) -> Value {
        let typed = vec![
            ("name", json(&self.name)),
            ("media_source", json(&self.media_source)),
            ("tts", self.tts.as_ref().map(TtsOptions::to_value)),
            ("language", json(&self.language)),
            ("description", json(&self.description)),
        ];
        Value::Object(write(&self.order, typed, &self.extra))
    }

    /// The text spoken, for a TTS media.
    pub fn text(&self) -> Option<&str> {
        self.tts.as_ref()?.text.as_deref()
    }

    /// Sets the text spoken, keeping the voice and any other TTS option.
    pub fn set_text(&mut self, text: impl Into<String>) {
        self.tts.get_or_insert_with(TtsOptions::default).text = Some(text.into());
    }
}

impl TtsOptions {
    fn from_map(map: Map<String, Value>) -> Self {
        let mut reader = Reader::new(map);
        let text = reader.take("text");
        let voice = reader.take("voice");
        let (extra, order) = reader.finish();
        Self {
            text,
            voice,
            extra,
            order,
        }
    }

    fn to_value(&self) -> Value {
        let typed = vec![("text", json(&self.text)), ("voice", json(&self.voice))];
        Value::Object(write(&self.order, typed, &self.extra))
    }
}

impl Serialize for MediaDoc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for MediaDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Self::from_map)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_tts_media_is_written_as_kazoos_doc_writes_it() {
        let media = MediaDoc::tts("Greeting", "Welcome.", Some("female/en-US"));
        assert_eq!(
            serde_json::to_string(&media).unwrap(),
            r#"{"name":"Greeting","media_source":"tts","tts":{"text":"Welcome.","voice":"female/en-US"}}"#
        );
        assert_eq!(media.text(), Some("Welcome."));
    }

    #[test]
    fn prints_back_byte_for_byte() {
        let text = r#"{"tts":{"voice":"male/en-GB","speed":2,"text":"Hi"},"streamable":true,"media_source":"tape","name":"Old","language":"en-us","ui_metadata":{"origin":"callflows"}}"#;
        let media: MediaDoc = serde_json::from_str(text).unwrap();
        assert_eq!(
            media.media_source, None,
            "an unknown source stays as it came"
        );
        assert_eq!(media.extra["media_source"], "tape");
        assert_eq!(serde_json::to_string(&media).unwrap(), text);
    }

    #[test]
    fn changing_the_text_keeps_the_voice_and_the_order() {
        let mut media = MediaDoc::from_kazoo(json!({"tts": {"voice": "male/en-US", "text": "A"},
            "name": "N", "media_source": "tts", "id": "m1"}))
        .unwrap();
        media.set_text("B");
        assert_eq!(
            media.to_value().to_string(),
            r#"{"tts":{"voice":"male/en-US","text":"B"},"name":"N","media_source":"tts"}"#
        );
    }
}
