#!/usr/bin/env python3
"""Writes kazoo/src/catalogue/modules.rs: the module catalogue generated
from Kazoo's callflow schemas (../shared/kazoo/schemas/callflows.<module>.json).

Run it by hand when the schemas change (tests/catalogue.rs says so with a
diff), then `cargo fmt -p kazoo`. The product never reads the schemas at run
time: the generated table is checked in. Labels are our own words, made from
key names (Kazoo's descriptions are not copied). The modules admins use most
are made by hand in kazoo/src/catalogue/curated.rs and only referenced here.

Usage: scripts/catalogue-from-schemas.py [SCHEMA_DIR]
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".." / "shared" / "kazoo" / "schemas"
OUT = ROOT / "kazoo" / "src" / "catalogue" / "modules.rs"

# Schemas named callflows.<x> that are not modules: the node itself, and the
# parts of audio_macro's data (names with a dot).
NOT_MODULES = {"action"}

# Made by hand in curated.rs (the const there is the name in upper case).
CURATED = {
    "callflow", "device", "hangup", "menu", "notification", "offnet", "pivot",
    "play", "resources", "ring_group", "transfer", "tts", "user", "voicemail",
}

MODULE_LABELS = {
    "acdc_agent": "Call-centre agent status",
    "acdc_member": "Join a call-centre queue",
    "acdc_queue": "Call-centre queue login",
    "acdc_wait_time": "Queue wait time",
    "after_bridge": "After the call is connected",
    "answer": "Answer",
    "audio_macro": "Play a sequence",
    "branch_bnumber": "Branch on the number dialled",
    "branch_variable": "Branch on a variable",
    "call_forward": "Call forwarding",
    "call_waiting": "Call waiting",
    "camping_feature": "Camp on a busy line",
    "check_cid": "Check caller ID",
    "cidlistmatch": "Match a caller ID list",
    "collect_dtmf": "Collect digits",
    "conference": "Conference",
    "conference_feature": "Conference feature",
    "dead_air": "Dead air",
    "directory": "Directory",
    "disa": "Dial-in system access",
    "do_not_disturb": "Do not disturb",
    "dynamic_cid": "Choose caller ID",
    "eavesdrop": "Listen in",
    "eavesdrop_feature": "Listen-in feature",
    "edr": "Event record",
    "fax_detect": "Detect a fax",
    "faxbox": "Fax box",
    "flush_dtmf": "Clear collected digits",
    "function": "Run a function",
    "group": "Ring a group",
    "group_pickup": "Pick up a call",
    "group_pickup_feature": "Call pickup feature",
    "hotdesk": "Hot desking",
    "intercept": "Intercept a call",
    "intercept_feature": "Intercept feature",
    "intercom": "Intercom",
    "language": "Language",
    "lookupcidname": "Look up caller name",
    "manual_presence": "Set presence",
    "missed_call_alert": "Missed call alert",
    "move": "Move the call",
    "nomorobo": "Block robocalls",
    "noop": "Do nothing",
    "page_group": "Page group",
    "park": "Park",
    "prepend_cid": "Prefix caller ID",
    "privacy": "Hide caller ID",
    "receive_fax": "Receive a fax",
    "record_call": "Record the call",
    "record_caller": "Record the caller",
    "response": "SIP response",
    "ring_group_toggle": "Ring group login",
    "route_to_cid": "Ring by caller ID",
    "send_dtmf": "Send key tones",
    "set": "Set call values",
    "set_alert_info": "Set alert info",
    "set_cid": "Set caller ID",
    "set_variable": "Set a variable",
    "set_variables": "Set variables",
    "skel": "Skeleton",
    "sleep": "Wait",
    "temporal_route": "Time of day",
    "wait_for_hangup": "Wait for hang-up",
    "webhook": "Webhook",
}

# Plain labels for common keys; the rest come from humanize().
FIELD_LABELS = {
    "skip_module": "Skip this step",
    "interdigit_timeout": "Time between key presses (ms)",
    "terminators": "Keys that stop it",
    "can_call_self": "Can call itself",
    "can_text_self": "Can text itself",
    "to_did": "Number to call",
    "endless_playback": "Repeat until stopped",
    "loop_count": "Times to play",
    "req_timeout_ms": "Timeout (ms)",
    "http_verb": "HTTP method",
    "suppress_clid": "Hide caller ID",
    "recipients": "Send to",
    "endpoints": "Ring",
    "record_min_sec": "Shortest recording (seconds)",
    "time_limit": "Time limit (seconds)",
}

# Keys that hold the id of an account document: a picker.
PICKS = {
    "user_id": "Users",
    "approved_user_id": "Users",
    "owner_id": "Users",
    "device_id": "Devices",
    "approved_device_id": "Devices",
    "callflow_id": "Callflows",
    "media_id": "Media",
}

# Word by word; keep in step with humanize() in kazoo/src/catalogue/labels.rs.
WORDS = {
    "id": "ID", "ids": "IDs", "url": "URL", "uri": "URI", "cid": "caller ID",
    "clid": "caller ID", "callerid": "caller ID", "sip": "SIP", "dtmf": "DTMF",
    "e164": "E.164", "ms": "(ms)", "sec": "(s)", "did": "DID", "cdr": "CDR",
    "tts": "TTS", "http": "HTTP", "pin": "PIN", "acdc": "ACDC", "vars": "variables",
    "idx": "index", "cf": "call forward",
}

SCALAR_KEYS = {"description", "type", "enum", "default", "minimum", "maximum",
               "minLength", "maxLength", "pattern", "support_level",
               "kazoo-validation", "format"}


def humanize(key):
    words = [WORDS.get(w, w) for w in key.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def rust_str(text):
    return json.dumps(text)


def raw(text):
    hashes = "#" if '"' in text else ""
    while '"' + hashes in text:
        hashes += "#"
    return f'r{hashes}"{text}"{hashes}'


def opt(value):
    return "None" if value is None else f"Some({value})"


def str_list(values):
    return "&[" + ", ".join(rust_str(v) for v in values) + "]"


def kind(module, key, prop):
    t = prop.get("type")
    unread = [k for k in prop if k not in SCALAR_KEYS | {"items", "minItems", "uniqueItems",
                                                        "properties", "oneOf", "anyOf",
                                                        "$ref", "patternProperties"}]
    if unread:
        sys.exit(f"{module}.{key}: keywords this script does not read: {unread}")
    if t == "string":
        extra = [k for k in prop if k not in SCALAR_KEYS]
        if extra:
            sys.exit(f"{module}.{key}: string with {extra}")
        if "enum" in prop:
            return f"Kind::Choice({str_list(prop['enum'])})"
        if key in PICKS and "pattern" not in prop:
            return (f"Kind::Pick {{ resource: Resource::{PICKS[key]}, "
                    f"min_len: {opt(prop.get('minLength'))}, max_len: {opt(prop.get('maxLength'))} }}")
        pattern = prop.get("pattern")
        return (f"Kind::Text {{ min_len: {opt(prop.get('minLength'))}, "
                f"max_len: {opt(prop.get('maxLength'))}, "
                f"pattern: {opt(raw(pattern)) if pattern is not None else 'None'} }}")
    if t in ("integer", "number"):
        extra = [k for k in prop if k not in SCALAR_KEYS or k in ("enum", "pattern")]
        if extra:
            sys.exit(f"{module}.{key}: number with {extra}")
        if t == "integer":
            return f"Kind::Integer {{ min: {opt(prop.get('minimum'))}, max: {opt(prop.get('maximum'))} }}"
        fmt = lambda v: None if v is None else f"{float(v)!r}"
        return f"Kind::Number {{ min: {opt(fmt(prop.get('minimum')))}, max: {opt(fmt(prop.get('maximum')))} }}"
    if t == "boolean":
        return "Kind::Boolean"
    if t == "array":
        items = prop.get("items", {})
        # The lists the editor shows as lines (kazoo/src/catalogue/lists.rs);
        # the test holds their items against lists.rs.
        if key == "recipients" and items.get("type") == "object":
            return "Kind::Recipients"
        if key == "endpoints" and "endpoint_type" in items.get("properties", {}):
            return "Kind::Endpoints"
        if items.get("type") == "string" and set(items) <= {"type", "enum", "description"}:
            choices = opt(str_list(items["enum"])) if "enum" in items else "None"
            return (f"Kind::StringList {{ choices: {choices}, min_items: {opt(prop.get('minItems'))}, "
                    f"unique: {'true' if prop.get('uniqueItems') else 'false'} }}")
        return f"Kind::Json(Shape::Array {{ min_items: {opt(prop.get('minItems'))} }})"
    if t == "object":
        return "Kind::Json(Shape::Object)"
    if t is None and "oneOf" in prop and all(set(o) == {"type"} for o in prop["oneOf"]):
        types = ", ".join("JsonType::" + o["type"].capitalize() for o in prop["oneOf"])
        return f"Kind::Json(Shape::OneOf(&[{types}]))"
    sys.exit(f"{module}.{key}: cannot read {json.dumps(prop)[:200]}")


def field(module, key, prop, required):
    label = FIELD_LABELS.get(key) or humanize(key)
    if key in PICKS and label.endswith(" ID"):
        label = label[: -len(" ID")]
    out = f"F::new({rust_str(key)}, {rust_str(label)}, {kind(module, key, prop)})"
    if required:
        out += ".required()"
    if "default" in prop:
        out += f".with_default({raw(json.dumps(prop['default'], separators=(',', ':')))})"
    return out


def module_spec(name, schema):
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    order = sorted(props, key=lambda k: (k == "skip_module", k not in required, k))
    fields = "".join(f"            {field(name, k, props[k], k in required)},\n" for k in order)
    label = MODULE_LABELS.get(name) or humanize(name)
    return (f"    ModuleSpec {{\n        name: {rust_str(name)},\n        label: {rust_str(label)},\n"
            f"        curated: false,\n        fields: &[\n{fields}        ],\n    }},\n")


def main():
    names = sorted(
        p.name[len("callflows."):-len(".json")]
        for p in SCHEMAS.glob("callflows.*.json")
    )
    names = [n for n in names if "." not in n and n not in NOT_MODULES]
    missing = CURATED - set(names)
    if missing:
        sys.exit(f"curated modules without a schema: {sorted(missing)}")
    body = ""
    for name in names:
        if name in CURATED:
            body += f"    curated::{name.upper()},\n"
        else:
            body += module_spec(name, json.loads((SCHEMAS / f"callflows.{name}.json").read_text()))
    OUT.write_text(
        "//! Generated by `scripts/catalogue-from-schemas.py` from Kazoo's\n"
        "//! `callflows.<module>.json` schemas: edit the script (or `curated.rs`),\n"
        "//! not this file. `tests/catalogue.rs` holds it against the schemas.\n\n"
        "#[allow(unused_imports)]\n"
        "use super::{curated, FieldSpec as F, JsonType, Kind, ModuleSpec, Resource, Shape};\n\n"
        "/// Every module with a schema, sorted by name.\n"
        f"pub(super) static MODULES: &[ModuleSpec] = &[\n{body}];\n"
    )
    print(f"wrote {OUT} ({len(names)} modules)")


main()
