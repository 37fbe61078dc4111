//! Structure-aware mutations of a real collection, shared by the property test
//! (`proptest_pipeline.rs`) and the `generate_json` fuzz target (which includes this file by
//! path). Depends on serde_json only.
#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// The project's own Zoom collection, the main seed.
pub const ZOOM: &[u8] = include_bytes!("../../../collections/zoom-users.postman_collection.json");

/// Texts that try to break out of strings, comments and docs, or to collide with keywords.
pub const HOSTILE: &[&str] = &[
    "\"",
    "\\",
    "*/",
    "/*",
    "#[",
    "}",
    ")]",
    "\n",
    "\r",
    "\0",
    "r#",
    "\u{202E}",
    "type",
    "self",
    "Self",
    "fn",
    "_",
    "Option",
    "Result",
    "String",
    "Client",
    "execute",
    "new",
    "{{baseUrl}}",
    ":id",
    "(Required)",
    "(This can only be one of a,b,c)",
    "(This can only be one of \"),\\,*/)",
    "```\nfn main() {}\n```",
    "\"); } EVIL_INJECTED!(); fn x() { (\"",
    "*/ #[no_mangle] pub fn EVIL_INJECTED() {} /*",
    "\r\n//! EVIL_INJECTED\r\n",
    "string",
    "<long>",
    "{\"a\": {\"b\": [1, {\"c\": null}]}}",
    "[[[[[[[[[[1]]]]]]]]]]",
    "",
    " ",
    "日本語",
    "\u{FEFF}",
];

/// Keys a Postman collection uses, for mutations that add or replace keys.
pub const KEYS: &[&str] = &[
    "info",
    "name",
    "description",
    "schema",
    "item",
    "request",
    "response",
    "method",
    "url",
    "raw",
    "host",
    "path",
    "query",
    "variable",
    "header",
    "body",
    "mode",
    "formdata",
    "urlencoded",
    "key",
    "value",
    "type",
    "disabled",
    "auth",
    "bearer",
    "apikey",
    "basic",
    "oauth2",
    "noauth",
    "event",
    "code",
    "status",
    "originalRequest",
    "content",
    "id",
    "src",
    "collection",
    "requests",
    "protocol",
    "port",
];

/// Small hand-written seeds besides Zoom.
pub fn tiny_seeds() -> Vec<Value> {
    vec![
        json!({"info": {"name": "t"}, "item": [{"name": "a", "request": "https://h/p"}]}),
        json!({
            "info": {"name": "f", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "variable": [{"key": "baseUrl", "value": "https://api.example.com"}],
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t"}]},
            "item": [{"name": "Folder", "item": [{
                "name": "Post thing",
                "request": {
                    "method": "POST",
                    "url": {"raw": "{{baseUrl}}/things/:id?x=1", "host": ["{{baseUrl}}"],
                        "path": ["things", ":id"], "query": [{"key": "x", "value": "1"}],
                        "variable": [{"key": "id", "description": "(Required) The id."}]},
                    "body": {"mode": "formdata", "formdata": [
                        {"key": "kind", "value": "a", "description": "(Required) Kind. (This can only be one of a,b)", "type": "text"},
                        {"key": "meta", "value": "{\"k\": 1}", "type": "text"}
                    ]}
                },
                "response": [
                    {"name": "ok", "code": 200, "body": "{\"id\": \"string\", \"n\": 1}"},
                    {"name": "missing", "code": 404, "body": ""}
                ]
            }]}]
        }),
    ]
}

/// One mutation. The fields are raw numbers and text so that any source of randomness
/// (proptest, libFuzzer's bytes) can build them.
#[derive(Debug, Clone)]
pub struct Mutation {
    /// Which kind of mutation (taken modulo the number of kinds).
    pub op: u8,
    /// Which node (taken modulo the number of nodes, in document order).
    pub node: u32,
    /// A second number: a key, element, hostile text, or other node, depending on `op`.
    pub aux: u32,
    /// Free text for mutations that insert text.
    pub text: String,
}

/// JSON pointers of every node, in document order (the root is "").
fn pointers(value: &Value) -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let k = k.replace('~', "~0").replace('/', "~1");
                    walk(v, format!("{at}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

fn pick<'a>(list: &'a [&'a str], n: u32) -> &'a str {
    list[n as usize % list.len()]
}

/// A small value chosen by `n`, with `text` for strings.
fn leaf(n: u32, text: &str) -> Value {
    match n % 12 {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(n as i64 - 1_000),
        3 => json!(f64::from(n) / 7.0),
        4 => json!(text),
        5 => json!(pick(HOSTILE, n / 12)),
        6 => json!([]),
        7 => json!({}),
        8 => json!([pick(HOSTILE, n / 12)]),
        9 => json!({"key": pick(HOSTILE, n / 12), "value": text}),
        10 => json!(u64::MAX),
        _ => json!(-0.0),
    }
}

/// Applies `m` to `root`. Never panics; a mutation that does not fit the chosen node does
/// nothing.
pub fn apply(root: &mut Value, m: &Mutation) {
    let all = pointers(root);
    let at = &all[m.node as usize % all.len()];
    let other = root
        .pointer(&all[m.aux as usize % all.len()])
        .cloned()
        .unwrap_or(Value::Null);
    let Some(node) = root.pointer_mut(at) else {
        return;
    };
    match m.op % 10 {
        // Replace the node with a small value.
        0 => *node = leaf(m.aux, &m.text),
        // Delete a key of an object, or an element of an array.
        1 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(m.aux as usize % map.len()).cloned();
                if let Some(key) = key {
                    map.remove(&key);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(m.aux as usize % items.len());
            }
            _ => {}
        },
        // Duplicate an element of an array (items, headers, form fields, responses).
        2 => {
            if let Value::Array(items) = node {
                if !items.is_empty() {
                    let i = m.aux as usize % items.len();
                    let copy = items[i].clone();
                    items.insert(i, copy);
                }
            }
        }
        // Put a hostile text in a string (replacing it, or appended to it).
        3 => {
            let h = pick(HOSTILE, m.aux);
            match node {
                Value::String(s) if m.aux % 2 == 0 => s.push_str(h),
                _ => *node = json!(h),
            }
        }
        // Set a Postman key of an object to a small value.
        4 => {
            if let Value::Object(map) = node {
                map.insert(pick(KEYS, m.aux).to_owned(), leaf(m.aux / 40, &m.text));
            }
        }
        // Graft a copy of another node here (moves whole requests, bodies, urls around).
        5 => *node = other,
        // Wrap the node in an array, or in an object under a Postman key.
        6 => {
            let inner = node.take();
            *node = if m.aux % 2 == 0 {
                json!([inner])
            } else {
                let mut map = Map::new();
                map.insert(pick(KEYS, m.aux / 2).to_owned(), inner);
                Value::Object(map)
            };
        }
        // Rename a key of an object (to a hostile text or a Postman key).
        7 => {
            if let Value::Object(map) = node {
                if !map.is_empty() {
                    let key = map.keys().nth(m.aux as usize % map.len()).cloned();
                    if let Some(key) = key {
                        let value = map.remove(&key).unwrap_or(Value::Null);
                        let new = if m.aux % 3 == 0 {
                            pick(HOSTILE, m.aux / 3).to_owned()
                        } else {
                            pick(KEYS, m.aux / 3).to_owned()
                        };
                        map.insert(new, value);
                    }
                }
            }
        }
        // Replace a string with free text.
        8 => {
            if let Value::String(s) = node {
                s.clone_from(&m.text);
            }
        }
        // Turn a string holding JSON (an example body, a form field) inside out: mutate the
        // embedded JSON and write it back.
        _ => {
            if let Value::String(s) = node {
                if let Ok(mut inner) = serde_json::from_str::<Value>(s) {
                    let m = Mutation {
                        op: (m.aux % 9) as u8,
                        node: m.aux / 9,
                        aux: m.aux.rotate_left(7),
                        text: m.text.clone(),
                    };
                    apply(&mut inner, &m);
                    *s = inner.to_string();
                }
            }
        }
    }
}

/// A seed (`0` is Zoom, others the tiny seeds) with `mutations` applied, as JSON bytes.
pub fn mutated(seed: u8, mutations: &[Mutation]) -> Vec<u8> {
    let seeds = tiny_seeds();
    let mut value = match seed as usize % (seeds.len() + 1) {
        0 => serde_json::from_slice(ZOOM).unwrap_or(Value::Null),
        i => seeds[i - 1].clone(),
    };
    for m in mutations {
        apply(&mut value, m);
    }
    serde_json::to_vec(&value).unwrap_or_default()
}

/// Decodes fuzzer bytes into a seed and mutations: the first byte picks the seed, then each
/// mutation takes one byte of kind, four of node, four of aux (little-endian), one of text
/// length and that many bytes of text (lossy UTF-8). At most 16 mutations; missing bytes read
/// as zero. The `generate_json` fuzz target and `fuzz_replay.rs` both use this, so corpus files
/// replay exactly.
pub fn decode(data: &[u8]) -> (u8, Vec<Mutation>) {
    let mut bytes = data.iter().copied();
    let mut next = || bytes.next().unwrap_or(0);
    let seed = next();
    let mut mutations = Vec::new();
    let mut rest = data.len().saturating_sub(1);
    while rest > 0 && mutations.len() < 16 {
        let op = next();
        let node = u32::from_le_bytes([next(), next(), next(), next()]);
        let aux = u32::from_le_bytes([next(), next(), next(), next()]);
        let len = usize::from(next());
        let text: Vec<u8> = (0..len).map(|_| next()).collect();
        rest = rest.saturating_sub(10 + len);
        mutations.push(Mutation {
            op,
            node,
            aux,
            text: String::from_utf8_lossy(&text).into_owned(),
        });
    }
    (seed, mutations)
}
