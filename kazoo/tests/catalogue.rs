//! The module catalogue against Kazoo's own schemas
//! (`../shared/kazoo/schemas/callflows.<module>.json`): every module with a
//! schema is in it with the schema's facts; every form, filled with valid
//! values, gives data the schemas accept; out-of-range input gives a field
//! error and no data; `catalogue::validate` agrees with the schema
//! validator; saving a form is a patch that keeps what it does not touch.
//! Tests that need the schemas say SKIPPED when `../shared` is absent.

use std::{collections::BTreeMap, fmt::Write as _, path::PathBuf};

use kazoo::{
    catalogue::{self, form, lists, FieldSpec, Hint, JsonType, Kind, ModuleSpec, Shape},
    schema::SchemaSet,
};
use serde_json::{json, Map, Value};

fn schema_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
    if !dir.is_dir() {
        eprintln!("SKIPPED: {} is not there", dir.display());
    }
    dir.is_dir().then_some(dir)
}

/// `callflows.<module>.json` of every module: not the node schema
/// (`callflows.action`) nor the parts of another module's data
/// (`callflows.audio_macro.say`).
fn module_schemas() -> Option<BTreeMap<String, Value>> {
    let dir = schema_dir()?;
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(name) = file
            .strip_prefix("callflows.")
            .and_then(|f| f.strip_suffix(".json"))
        else {
            continue;
        };
        if name.contains('.') || name == "action" {
            continue;
        }
        let schema = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        out.insert(name.to_owned(), schema);
    }
    Some(out)
}

fn schemas() -> Option<SchemaSet> {
    Some(SchemaSet::load_dir(&schema_dir()?).expect("schemas load"))
}

// ---- The facts of a field, read from the schema and from the catalogue ----

/// Keys of a schema property that say nothing the catalogue holds.
const NOT_FACTS: [&str; 4] = ["description", "support_level", "kazoo-validation", "format"];

fn strip(value: &Value) -> Value {
    match value {
        Value::Object(obj) => Value::Object(
            obj.iter()
                .filter(|(k, _)| !NOT_FACTS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), strip(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
        other => other.clone(),
    }
}

/// Whether the catalogue edits a property as a whole JSON value (or a
/// purpose-made list) rather than input by input.
fn is_deeper(prop: &Value) -> bool {
    match prop.get("type").and_then(Value::as_str) {
        Some("object") | None => true,
        Some("array") => {
            prop["items"] != json!({"type": "string"})
                && !(prop["items"].get("type") == Some(&json!("string"))
                    && prop["items"].as_object().unwrap().len() == 2
                    && prop["items"].get("enum").is_some())
        }
        Some(_) => false,
    }
}

/// A schema property's facts, as deep as the catalogue holds them for
/// `kind`: whole for scalars, string lists, recipients and endpoints; the
/// shape for JSON fields.
fn schema_facts(prop: &Value, required: bool, kind: Kind) -> Value {
    let mut facts = strip(prop);
    let obj = facts.as_object_mut().unwrap();
    let default = obj.shift_remove("default").unwrap_or(Value::Null);
    if is_deeper(prop) && matches!(kind, Kind::Json(_)) {
        obj.retain(|k, _| {
            ["type", "minItems", "maxItems", "uniqueItems", "oneOf"].contains(&k.as_str())
        });
        if let Some(options) = obj.get("oneOf").and_then(Value::as_array) {
            if options.iter().any(|o| o.as_object().unwrap().len() != 1) {
                obj.insert("oneOf".into(), json!("(not types only)"));
            }
        }
    }
    obj.insert("required".into(), json!(required));
    obj.insert("default".into(), default);
    facts
}

fn recipient_items() -> Value {
    json!({
        "type": "object",
        "required": ["id", "type"],
        "properties": {
            "id": {"oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}}
            ]},
            "type": {"type": "string", "enum": lists::RECIPIENT_TYPES}
        }
    })
}

fn endpoint_items() -> Value {
    let (lo, hi) = lists::WEIGHT_RANGE;
    json!({
        "type": "object",
        "required": ["endpoint_type", "id"],
        "properties": {
            "delay": {"type": "integer", "default": 0},
            "endpoint_type": {"type": "string", "enum": lists::ENDPOINT_TYPES},
            "id": {"type": "string", "minLength": 1, "maxLength": lists::ENDPOINT_ID_MAX_CHARS},
            "timeout": {"type": "integer", "default": 20},
            "weight": {"type": "integer", "minimum": lo, "maximum": hi}
        }
    })
}

/// A catalogue field's facts, in the schema's words.
fn spec_facts(f: &FieldSpec) -> Value {
    let mut facts = match f.kind {
        Kind::Text {
            min_len,
            max_len,
            pattern,
        } => {
            json!({"type": "string", "minLength": min_len, "maxLength": max_len, "pattern": pattern})
        }
        Kind::Pick {
            min_len, max_len, ..
        } => json!({"type": "string", "minLength": min_len, "maxLength": max_len}),
        Kind::Integer { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        Kind::Number { min, max } => json!({"type": "number", "minimum": min, "maximum": max}),
        Kind::Boolean => json!({"type": "boolean"}),
        Kind::Choice(choices) => json!({"type": "string", "enum": choices}),
        Kind::StringList {
            choices,
            min_items,
            unique,
        } => json!({
            "type": "array",
            "items": {"type": "string", "enum": choices},
            "minItems": min_items,
            "uniqueItems": unique.then_some(true),
        }),
        Kind::Json(Shape::Object) => json!({"type": "object"}),
        Kind::Json(Shape::Array { min_items }) => json!({"type": "array", "minItems": min_items}),
        Kind::Json(Shape::OneOf(types)) => {
            json!({"oneOf": types.iter().map(|t| json!({"type": t.as_str()})).collect::<Vec<_>>()})
        }
        Kind::Recipients => json!({"type": "array", "items": recipient_items()}),
        Kind::Endpoints => json!({"type": "array", "minItems": 1, "items": endpoint_items()}),
    };
    drop_nulls(&mut facts);
    facts["required"] = json!(f.required);
    facts["default"] = f
        .default
        .map_or(Value::Null, |d| serde_json::from_str(d).unwrap());
    facts
}

fn drop_nulls(value: &mut Value) {
    if let Value::Object(obj) = value {
        obj.retain(|_, v| !v.is_null());
        obj.values_mut().for_each(drop_nulls);
    }
}

#[test]
fn catalogue_holds_every_schema_field_for_field() {
    let Some(schemas) = module_schemas() else {
        return;
    };
    let mut diff = String::new();
    for (name, schema) in &schemas {
        let Some(spec) = catalogue::module(name) else {
            writeln!(diff, "{name}: has a schema, not in the catalogue").unwrap();
            continue;
        };
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let props = schema["properties"].as_object().unwrap();
        for (key, prop) in props {
            let Some(field) = spec.field(key) else {
                writeln!(diff, "{name}.{key}: in the schema, not in the catalogue").unwrap();
                continue;
            };
            let want = schema_facts(prop, required.contains(&key.as_str()), field.kind);
            let have = spec_facts(field);
            if want != have {
                writeln!(
                    diff,
                    "{name}.{key}:\n  schema:    {want}\n  catalogue: {have}"
                )
                .unwrap();
            }
        }
        for field in spec.fields {
            if !props.contains_key(field.key) {
                writeln!(
                    diff,
                    "{name}.{}: in the catalogue, not in the schema",
                    field.key
                )
                .unwrap();
            }
        }
        let keys: Vec<_> = spec.fields.iter().map(|f| f.key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() != keys.len() {
            writeln!(diff, "{name}: a key twice in {keys:?}").unwrap();
        }
    }
    for spec in catalogue::modules() {
        if !schemas.contains_key(spec.name) {
            writeln!(diff, "{}: in the catalogue, no schema", spec.name).unwrap();
        }
    }
    assert!(
        diff.is_empty(),
        "The catalogue differs from Kazoo's schemas (run scripts/catalogue-from-schemas.py, \
         or mend kazoo/src/catalogue/curated.rs):\n{diff}"
    );
}

// ---- Forms filled with valid and invalid values ----

const USER_ID: &str = "a11ce000000000000000000000000001";
const DEVICE_ID: &str = "d0000000000000000000000000000001";

/// A valid input for the field; `None` for a JSON list whose items the
/// test cannot make up.
fn valid_input(f: &FieldSpec) -> Option<String> {
    Some(match f.kind {
        Kind::Text {
            min_len,
            max_len,
            pattern,
        } => match (pattern, f.hint) {
            (Some("^https?://"), _) | (_, Hint::WebUrl) => "https://example.com/voice".into(),
            (Some(p), _) if p.contains("[A-Za-z]{2}") => "en-US".into(),
            (Some(p), _) => panic!("{}: no sample for pattern {p}", f.key),
            (None, Hint::PhoneNumber) => "+1 555 113 0452".into(),
            (None, _) => sized("Hello", min_len, max_len),
        },
        Kind::Pick {
            min_len, max_len, ..
        } => sized(USER_ID, min_len, max_len),
        Kind::Integer { min, max } => min.or(max).unwrap_or(1).to_string(),
        Kind::Number { min, max } => min.or(max).unwrap_or(1.5).to_string(),
        Kind::Boolean => "true".into(),
        Kind::Choice(choices) => choices[0].into(),
        Kind::StringList {
            choices, min_items, ..
        } => {
            let n = min_items.unwrap_or(1).max(1) as usize;
            match choices {
                Some(c) => c[..n].join("\n"),
                None => (1..=n)
                    .map(|i| format!("item{i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            }
        }
        Kind::Json(Shape::Object) => "{}".into(),
        Kind::Json(Shape::Array { min_items: None }) => "[]".into(),
        Kind::Json(Shape::Array { .. }) => return None,
        Kind::Json(Shape::OneOf(types)) => match types[0] {
            JsonType::Boolean => "true".into(),
            JsonType::Integer | JsonType::Number => "1".into(),
            JsonType::String => "\"x\"".into(),
            JsonType::Object => "{}".into(),
            JsonType::Array => "[]".into(),
        },
        Kind::Recipients => format!("orders@example.com\n{USER_ID}"),
        Kind::Endpoints => format!("user:{USER_ID}\ndevice:{DEVICE_ID}"),
    })
}

/// `base` cut or padded to the field's lengths.
fn sized(base: &str, min: Option<u32>, max: Option<u32>) -> String {
    let mut s: String = base
        .chars()
        .take(max.unwrap_or(u32::MAX) as usize)
        .collect();
    while s.chars().count() < min.unwrap_or(0) as usize {
        s.push('a');
    }
    s
}

fn valid_inputs(spec: &ModuleSpec) -> BTreeMap<String, String> {
    spec.fields
        .iter()
        .filter_map(|f| Some((f.key.to_owned(), valid_input(f)?)))
        .collect()
}

/// Inputs the field must refuse, with data the schema refuses for the
/// same reason (`None` when there is no such data, e.g. text that is
/// not JSON).
fn invalid(f: &FieldSpec) -> Vec<(String, Option<Value>)> {
    let mut out: Vec<(String, Option<Value>)> = Vec::new();
    let text_bounds = |min: Option<u32>, max: Option<u32>, out: &mut Vec<_>| {
        if let Some(max) = max {
            let long = "a".repeat(max as usize + 1);
            out.push((long.clone(), Some(json!(long))));
        }
        if let Some(min) = min.filter(|m| *m > 1) {
            let short = "a".repeat(min as usize - 1);
            out.push((short.clone(), Some(json!(short))));
        }
    };
    match f.kind {
        Kind::Text {
            min_len,
            max_len,
            pattern,
        } => {
            text_bounds(min_len, max_len, &mut out);
            if pattern.is_some() {
                out.push(("ftp://english".into(), Some(json!("ftp://english"))));
            }
            out.push(("a\u{0}b".into(), None));
        }
        Kind::Pick {
            min_len, max_len, ..
        } => {
            text_bounds(min_len, max_len, &mut out);
            out.push(("a\tb".into(), Some(json!(1))));
        }
        Kind::Integer { min, max } => {
            out.push(("abc".into(), Some(json!("abc"))));
            out.push(("1.5".into(), Some(json!(1.5))));
            if let Some(max) = max {
                out.push(((max + 1).to_string(), Some(json!(max + 1))));
            }
            if let Some(min) = min {
                out.push(((min - 1).to_string(), Some(json!(min - 1))));
            }
        }
        Kind::Number { min, max } => {
            out.push(("abc".into(), Some(json!("abc"))));
            if let Some(max) = max {
                out.push(((max + 1.0).to_string(), Some(json!(max + 1.0))));
            }
            if let Some(min) = min {
                out.push(((min - 1.0).to_string(), Some(json!(min - 1.0))));
            }
        }
        Kind::Boolean => out.push(("maybe".into(), Some(json!("maybe")))),
        Kind::Choice(_) => out.push(("not-a-choice".into(), Some(json!("not-a-choice")))),
        Kind::StringList {
            choices, unique, ..
        } => {
            // In data, one string is not a list.
            out.push(("\u{0}".into(), Some(json!("x"))));
            if choices.is_some() {
                out.push(("zz".into(), Some(json!(["zz"]))));
            }
            if let (true, Some(c)) = (unique, choices) {
                let twice = format!("{}\n{}", c[0], c[0]);
                out.push((twice, Some(json!([c[0], c[0]]))));
            }
        }
        Kind::Json(shape) => {
            out.push(("{".into(), None));
            let wrong = match shape {
                Shape::Object => json!([1]),
                Shape::Array { .. } => json!({}),
                Shape::OneOf(_) => json!([1]),
            };
            out.push((wrong.to_string(), Some(wrong)));
        }
        Kind::Recipients => {
            out.push((
                "Bob Smith".into(),
                Some(json!([{"type": "fax", "id": "x"}])),
            ));
            out.push(("bob@".into(), Some(json!([{"type": "email"}]))));
        }
        Kind::Endpoints => {
            out.push((
                "phone:x".into(),
                Some(json!([{"id": "x", "endpoint_type": "phone"}])),
            ));
            out.push((format!("user:{}", "a".repeat(129)), Some(json!([]))));
        }
    }
    out
}

/// A value cut for a message.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

fn schema_flags(errors: &kazoo::ValidationErrors, key: &str) -> bool {
    errors
        .keys()
        .any(|k| k == key || k.starts_with(&format!("{key}.")))
}

#[test]
fn catalogue_forms_filled_with_valid_values_give_data_the_schema_accepts() {
    // Without the schema files the forms are still held against the
    // catalogue's own validate.
    let set = schemas();
    for spec in catalogue::modules() {
        let name = spec.name;
        let inputs = valid_inputs(spec);
        let data = form::apply(spec, &Map::new(), &BTreeMap::new(), &inputs)
            .unwrap_or_else(|e| panic!("{name}: {inputs:?} refused: {e:?}"));
        let value = Value::Object(data.clone());
        if let Some(set) = &set {
            let errors = set.validate(&format!("callflows.{name}"), &value);
            assert!(errors.is_empty(), "{name}: {value} → {errors:?}");
        }
        assert_eq!(catalogue::validate(name, &value), [], "{name}: {value}");
        // Shown again and saved unchanged, the data is the same bytes.
        let shown = form::values(spec, &data);
        let again = form::apply(spec, &data, &shown, &shown).unwrap();
        assert_eq!(
            serde_json::to_string(&again).unwrap(),
            serde_json::to_string(&data).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn catalogue_forms_refuse_out_of_range_input_with_a_field_error() {
    let set = schemas();
    let mut checked = 0;
    for spec in catalogue::modules() {
        let valid = valid_inputs(spec);
        let base = form::apply(spec, &Map::new(), &BTreeMap::new(), &valid).unwrap();
        for field in spec.fields {
            for (typed, data_value) in invalid(field) {
                let mut inputs = valid.clone();
                inputs.insert(field.key.to_owned(), typed.clone());
                match form::apply(spec, &Map::new(), &BTreeMap::new(), &inputs) {
                    Ok(data) => panic!("{}.{}: {typed:?} gave data {data:?}", spec.name, field.key),
                    Err(errors) => {
                        assert!(
                            errors.contains_key(field.key),
                            "{}.{}: {typed:?} → {errors:?}",
                            spec.name,
                            field.key
                        );
                        assert_eq!(errors.len(), 1, "{}.{}: {errors:?}", spec.name, field.key);
                    }
                }
                // The same mistake in a node's data: both validators see it.
                if let Some(bad) = data_value {
                    let mut data = base.clone();
                    data.insert(field.key.to_owned(), bad.clone());
                    let data = Value::Object(data);
                    if let Some(set) = &set {
                        let id = format!("callflows.{}", spec.name);
                        assert!(
                            schema_flags(&set.validate(&id, &data), field.key),
                            "{}.{} = {}: the schema accepts it",
                            spec.name,
                            field.key,
                            short(&bad)
                        );
                    }
                    let ours = catalogue::validate(spec.name, &data);
                    assert!(
                        ours.iter().any(|e| e.key == field.key),
                        "{}.{} = {}: validate says {ours:?}",
                        spec.name,
                        field.key,
                        short(&bad)
                    );
                    assert!(ours.iter().all(|e| e.key == field.key), "{ours:?}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "only {checked} bad values tried");
}

#[test]
fn catalogue_validate_agrees_with_the_schema_on_missing_required_keys() {
    let Some(set) = schemas() else { return };
    for spec in catalogue::modules() {
        let base = form::apply(spec, &Map::new(), &BTreeMap::new(), &valid_inputs(spec)).unwrap();
        for field in spec.fields.iter().filter(|f| f.required) {
            let mut data = base.clone();
            data.shift_remove(field.key);
            let data = Value::Object(data);
            let schema_errors = set.validate(&format!("callflows.{}", spec.name), &data);
            assert!(
                schema_flags(&schema_errors, field.key),
                "{}.{}",
                spec.name,
                field.key
            );
            let ours = catalogue::validate(spec.name, &data);
            assert_eq!(ours.len(), 1, "{ours:?}");
            assert_eq!(ours[0].key, field.key);
        }
    }
}

#[test]
fn catalogue_validate_agrees_with_the_schema_on_edge_cases() {
    let Some(set) = schemas() else { return };
    for (module, data, valid) in [
        (
            "ring_group",
            json!({"endpoints": [{"id": "u", "endpoint_type": "user", "weight": 101}]}),
            false,
        ),
        (
            "ring_group",
            json!({"endpoints": [{"id": "u", "endpoint_type": "user", "delay": 1.5}]}),
            false,
        ),
        (
            "ring_group",
            json!({"endpoints": [{"id": "u", "endpoint_type": "user", "weight": 100, "x": 1}]}),
            true,
        ),
        (
            "notification",
            json!({"recipients": [{"type": "email", "id": ["a@example.com"]}]}),
            true,
        ),
        (
            "notification",
            json!({"recipients": [{"type": "email", "id": [1]}]}),
            false,
        ),
        ("notification", json!({"recipients": []}), true),
        ("sleep", json!({"duration": 86_400_000.0}), true),
        ("sleep", json!({"duration": 86_400_001}), false),
        ("collect_dtmf", json!({"terminators": ["#", "*"]}), true),
        (
            "send_dtmf",
            json!({"digits": "1", "duration_ms": 2000}),
            true,
        ),
        (
            "send_dtmf",
            json!({"digits": "1", "duration_ms": true}),
            false,
        ),
        ("language", json!({"language": "fr-ca"}), true),
        ("language", json!({"language": "fra"}), false),
        ("tts", json!({"text": "é".repeat(1000)}), true),
        ("tts", json!({"text": ""}), false),
    ] {
        let schema_ok = set
            .validate(&format!("callflows.{module}"), &data)
            .is_empty();
        let ours = catalogue::validate(module, &data);
        assert_eq!(schema_ok, valid, "{module} {}: schema", short(&data));
        assert_eq!(
            ours.is_empty(),
            valid,
            "{module} {}: {ours:?}",
            short(&data)
        );
    }
}

// ---- Saving is a patch ----

#[test]
fn catalogue_forms_keep_unknown_keys_byte_for_byte_and_in_place() {
    for spec in catalogue::modules() {
        let mut data = Map::new();
        data.insert(
            "zz_other_tool".into(),
            json!({"b": [1, 2.50, "x"], "a": null}),
        );
        data.insert("aa".into(), json!("kept"));
        let before = form::values(spec, &data);
        let out = form::apply(spec, &data, &before, &valid_inputs(spec)).unwrap();
        let keys: Vec<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(&keys[..2], ["zz_other_tool", "aa"], "{}", spec.name);
        assert_eq!(
            serde_json::to_string(&out["zz_other_tool"]).unwrap(),
            r#"{"b":[1,2.5,"x"],"a":null}"#
        );
    }
}

#[test]
fn catalogue_forms_write_a_changed_field_where_it_was() {
    let spec = catalogue::module("pivot").unwrap();
    let data: Map<String, Value> = serde_json::from_str(
        r#"{"voice_url":"https://a.example/v","method":"GET","x-custom":{"k":[1]},"req_timeout_ms":3000,"debug":false}"#,
    )
    .unwrap();
    let before = form::values(spec, &data);
    let mut typed = before.clone();
    typed.insert("req_timeout_ms".into(), "4000".into());
    typed.insert("debug".into(), String::new());
    let out = form::apply(spec, &data, &before, &typed).unwrap();
    assert_eq!(
        serde_json::to_string(&out).unwrap(),
        r#"{"voice_url":"https://a.example/v","method":"GET","x-custom":{"k":[1]},"req_timeout_ms":4000}"#
    );
    typed.insert("req_timeout_ms".into(), "5001".into());
    let errors = form::apply(spec, &data, &before, &typed).unwrap_err();
    assert_eq!(
        errors["req_timeout_ms"],
        "Timeout (ms) must be a whole number of at most 5000"
    );
}

#[test]
fn catalogue_recipients_are_addresses_and_picked_users() {
    let spec = catalogue::module("notification").unwrap();
    let typed = lists::join_recipients(&["orders@example.com".into()], &[USER_ID.into()]);
    let inputs = BTreeMap::from([("recipients".to_owned(), typed)]);
    let out = form::apply(spec, &Map::new(), &BTreeMap::new(), &inputs).unwrap();
    assert_eq!(
        Value::Object(out),
        json!({"recipients": [
            {"type": "email", "id": "orders@example.com"},
            {"type": "user", "id": USER_ID}
        ]})
    );
}

// ---- The purpose-made forms ----

#[test]
fn catalogue_purpose_made_forms_lead_with_what_admins_set() {
    let first = |m: &str| {
        let spec = catalogue::module(m).unwrap();
        assert!(spec.curated, "{m}");
        spec.fields[0]
    };
    assert_eq!(first("tts").hint, Hint::MultiLine);
    assert_eq!(first("tts").key, "text");
    for (m, resource) in [
        ("play", catalogue::Resource::Media),
        ("menu", catalogue::Resource::Menus),
        ("voicemail", catalogue::Resource::Vmboxes),
        ("user", catalogue::Resource::Users),
        ("device", catalogue::Resource::Devices),
        ("callflow", catalogue::Resource::Callflows),
    ] {
        assert!(
            matches!(first(m).kind, Kind::Pick { resource: r, .. } if r == resource),
            "{m}"
        );
    }
    assert_eq!(first("notification").kind, Kind::Recipients);
    assert_eq!(first("ring_group").kind, Kind::Endpoints);
    for m in ["offnet", "resources"] {
        assert_eq!((first(m).key, first(m).label), ("to_did", "Number to call"));
    }
    assert_eq!(first("transfer").key, "target");
    assert_eq!(first("pivot").key, "voice_url");
    let hangup = catalogue::module("hangup").unwrap();
    assert!(hangup.fields.iter().all(|f| f.advanced));
    assert_eq!(
        catalogue::module("notification").unwrap().label,
        "Notify by e-mail"
    );
}
