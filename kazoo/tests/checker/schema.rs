//! The `callflows.action` facts the checker carries, held against
//! `../shared/kazoo/schemas/callflows.action.json` (SKIPPED when absent).

use std::path::PathBuf;

use kazoo::checker::kazoo_json::{ACTION_MODULE_MAX_CHARS, MODULES_WITHOUT_SCHEMA};
use serde_json::Value;

fn schemas() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
    if !dir.is_dir() {
        eprintln!("SKIPPED: {} is not there", dir.display());
    }
    dir.is_dir().then_some(dir)
}

#[test]
fn action_facts_match_the_schema() {
    let Some(dir) = schemas() else { return };
    let text = std::fs::read_to_string(dir.join("callflows.action.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let mut required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    required.sort_unstable();
    assert_eq!(required, ["data", "module"]);
    let props = &schema["properties"];
    assert_eq!(props["module"]["type"], "string");
    assert_eq!(props["module"]["minLength"], 1);
    assert_eq!(props["module"]["maxLength"], ACTION_MODULE_MAX_CHARS as u64);
    assert_eq!(props["data"]["type"], "object");
    assert_eq!(props["children"]["type"], "object");
    assert_eq!(
        props["children"]["patternProperties"][".+"]["$ref"],
        "callflows.action"
    );
}

#[test]
fn modules_without_schema_have_none() {
    let Some(dir) = schemas() else { return };
    for module in MODULES_WITHOUT_SCHEMA {
        assert!(
            !dir.join(format!("callflows.{module}.json")).exists(),
            "{module} has a schema: the catalogue should carry it"
        );
        assert!(kazoo::catalogue::module(module).is_none(), "{module}");
    }
}
