//! Bounded property tests of the whole pipeline: whatever the input, `generate` does not
//! panic, and when it returns Ok the code parses as a Rust file. Case counts are capped so the
//! file runs in a few seconds in a debug build; the fuzz targets in `generator/fuzz` explore
//! further.

mod support;

use proptest::prelude::*;
use serde_json::{Map, Value};
use support::mutate::{self, Mutation, HOSTILE, KEYS};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        max_shrink_iters: 256,
        // Failures found so far are kept as explicit cases in `found_by_this_file` below
        // rather than in a persistence file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    support::pipeline_property("prop.postman_collection.json", bytes).map_err(TestCaseError::fail)
}

/// Text: hostile fragments, Postman keys, or short arbitrary strings.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(HOSTILE).prop_map(str::to_owned),
        proptest::sample::select(KEYS).prop_map(str::to_owned),
        "\\PC{0,12}",
        "[a-z{}:/. ]{0,16}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (100u16..600).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((text(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Text that looks like JSON (tokens of collections, glued at random), to get past the JSON
/// parser more often than random bytes do.
fn json_ish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(":".to_owned()),
        Just(",".to_owned()),
        Just("null".to_owned()),
        Just("1".to_owned()),
        Just("\"https://h/p\"".to_owned()),
        proptest::sample::select(KEYS).prop_map(|k| format!("\"{k}\"")),
        proptest::sample::select(HOSTILE).prop_map(|h| serde_json::to_string(h).unwrap()),
    ];
    proptest::collection::vec(token, 0..60).prop_map(|t| t.concat().into_bytes())
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (any::<u8>(), any::<u32>(), any::<u32>(), text()).prop_map(|(op, node, aux, text)| Mutation {
        op,
        node,
        aux,
        text,
    })
}

// Case counts keep the file at a few seconds in a debug build (about 3,300 cases in all); a
// case that generates a module costs 5-70 ms there, one rejected early well under 1 ms.
proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes)?;
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn arbitrary_json_values(value in json_value()) {
        check(&serde_json::to_vec(&value).unwrap())?;
    }
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn json_looking_bytes(bytes in json_ish()) {
        check(&bytes)?;
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn arbitrary_json_in_a_collection_shell(
        items in proptest::collection::vec(json_value(), 0..4),
        auth in json_value(),
        variable in json_value(),
    ) {
        let collection = serde_json::json!({
            "info": {"name": "prop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": items,
            "auth": auth,
            "variable": variable
        });
        check(&serde_json::to_vec(&collection).unwrap())?;
    }
}

proptest! {
    #![proptest_config(config(100))]

    #[test]
    fn mutated_tiny_collections(seed in 1u8..3, mutations in proptest::collection::vec(mutation(), 1..10)) {
        check(&mutate::mutated(seed, &mutations))?;
    }
}

proptest! {
    // The Zoom collection takes longest to generate.
    #![proptest_config(config(30))]

    #[test]
    fn mutated_zoom_collection(mutations in proptest::collection::vec(mutation(), 1..10)) {
        check(&mutate::mutated(0, &mutations))?;
    }
}

/// Minimal failing inputs this file has found, kept as plain cases.
#[test]
fn found_by_this_file() {
    // A bare carriage return in a name or description ends up raw in a `///` comment, which
    // neither syn nor rustc accept.
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "zoom with a string replaced by \\r",
            mutate::mutated(
                0,
                &[Mutation {
                    op: 78,
                    node: 3_176_498_353,
                    aux: 0,
                    text: "\r".to_owned(),
                }],
            ),
        ),
        (
            "tiny folder collection with \\r appended to a string",
            mutate::mutated(
                2,
                &[Mutation {
                    op: 3,
                    node: 1_464_393_426,
                    aux: 3_142_375_448,
                    text: "\"".to_owned(),
                }],
            ),
        ),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(name, bytes)| check(bytes).err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
