//! Shared by the hostile-input tests (`hostile.rs`, `hostile_cli.rs`, `proptest_pipeline.rs`,
//! `fuzz_replay.rs`): the pipeline property, hostile strings, broken-input rows, and helpers to
//! inspect generated code. Each test crate uses a different part of it.
#![allow(dead_code)]

pub mod mutate;

use std::path::PathBuf;

use serde_json::{json, Value};

/// The project's own Zoom collection.
pub fn zoom_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../collections/zoom-users.postman_collection.json")
}

/// The Zoom collection's bytes.
pub fn zoom_bytes() -> Vec<u8> {
    std::fs::read(zoom_path()).unwrap()
}

/// The Zoom collection as a JSON value.
pub fn zoom_value() -> Value {
    serde_json::from_slice(&zoom_bytes()).unwrap()
}

/// The property every input must satisfy: `generate` returns (no panic), and when it returns
/// `Ok` the code parses as a Rust file. Returns the error text for a failed parse.
pub fn pipeline_property(source_name: &str, bytes: &[u8]) -> Result<(), String> {
    match postman_codegen::generate(source_name, bytes) {
        Ok(generated) => match syn::parse_file(&generated.code) {
            Ok(_) => Ok(()),
            Err(e) => Err(format!(
                "generate returned Ok but the code does not parse: {e}\n--- code (start) ---\n{}",
                generated.code.chars().take(3000).collect::<String>()
            )),
        },
        Err(_) => Ok(()),
    }
}

/// Marker that must never become code: it only appears inside payloads that try to break out
/// of a string, a comment or a doc attribute. Sanitizing it gives `evil_injected` or
/// `EvilInjected`, never this exact spelling.
pub const MARKER: &str = "EVIL_INJECTED";

/// Hostile fragments and payloads put in every place a collection can hold text.
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
    "Api",
    "new",
    "\"); } EVIL_INJECTED!(); fn x() { (\"",
    "*/ #[no_mangle] pub fn EVIL_INJECTED() {} /*",
    "\\\" EVIL_INJECTED \\",
    "}\n#[cfg(any())] mod EVIL_INJECTED {}\n{",
    ")] pub struct EVIL_INJECTED; #[doc = \"",
    "\r\n//! EVIL_INJECTED\r\n",
    "a\0b EVIL_INJECTED",
    "r#\"EVIL_INJECTED\"#",
    "\u{202E}EVIL_INJECTED\u{2066}",
    "x\n\n```\nEVIL_INJECTED();\n```\n",
    "x\n\n    EVIL_INJECTED();\n",
    "*/\"\\#[}\n\r\0r#\u{202E})]",
];

/// Characters that must not appear anywhere in generated code or docs: NUL, a bare CR (rustc
/// rejects it in doc comments), and the bidirectional controls rustc denies in comments and
/// literals (Trojan Source).
pub const FORBIDDEN_CHARS: &[char] = &[
    '\0', '\r', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
    '\u{2068}', '\u{2069}',
];

/// Rewrites JSON text with every object's keys in reverse order (recursively); arrays keep
/// their order. serde_json's `Value` does not keep key order, so this serializes by hand.
pub fn reversed_keys_json(value: &Value) -> String {
    let mut out = String::new();
    write_reversed(value, &mut out);
    out
}

fn write_reversed(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().rev().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap());
                out.push(':');
                write_reversed(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_reversed(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

/// The source with comments and string, byte-string, raw-string and char literals removed
/// (each literal becomes ` LIT `), so that what is left is the code proper.
pub fn strip_literals_and_comments(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let ident_char = |c: char| c.is_alphanumeric() || c == '_';
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let prev_ident = i > 0 && ident_char(b[i - 1]);
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut depth = 1;
            i += 2;
            while i < b.len() && depth > 0 {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            out.push(' ');
            continue;
        }
        if !prev_ident {
            // Raw strings: r"..", r#".."#, br"..", cr"..".
            let start = match (c, next) {
                ('r', _) => Some(i + 1),
                ('b' | 'c', Some('r')) => Some(i + 2),
                _ => None,
            };
            if let Some(mut j) = start {
                let mut hashes = 0;
                while b.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) == Some(&'"') {
                    j += 1;
                    'find: while j < b.len() {
                        if b[j] == '"' && (1..=hashes).all(|k| b.get(j + k) == Some(&'#')) {
                            j += 1 + hashes;
                            break 'find;
                        }
                        j += 1;
                    }
                    i = j;
                    out.push_str(" LIT ");
                    continue;
                }
            }
            // Strings and byte/C strings.
            let quote_at = match (c, next) {
                ('"', _) => Some(i),
                ('b' | 'c', Some('"')) => Some(i + 1),
                _ => None,
            };
            if let Some(q) = quote_at {
                let mut j = q + 1;
                while j < b.len() && b[j] != '"' {
                    if b[j] == '\\' {
                        j += 1;
                    }
                    j += 1;
                }
                i = j + 1;
                out.push_str(" LIT ");
                continue;
            }
            // Char and byte literals (not lifetimes).
            let tick = match (c, next) {
                ('\'', _) => Some(i),
                ('b', Some('\'')) => Some(i + 1),
                _ => None,
            };
            if let Some(t) = tick {
                if b.get(t + 1) == Some(&'\\') {
                    let mut j = t + 2;
                    while j < b.len() && b[j] != '\'' {
                        j += 1;
                    }
                    i = j + 1;
                    out.push_str(" LIT ");
                    continue;
                }
                if b.get(t + 2) == Some(&'\'') {
                    i = t + 3;
                    out.push_str(" LIT ");
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Whether `text` is a plain identifier as the sanitizer makes them.
pub fn is_sanitized_ident(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What to expect of one broken input.
#[derive(Debug, Clone)]
pub enum Expect {
    /// Generation succeeds. When `diagnostic` is set, some diagnostic's path must start with it
    /// (something was skipped and the user must be told).
    Ok { diagnostic: Option<&'static str> },
    /// `Error::Json` at this line (and column when given); the message contains `contains`.
    Json {
        line: usize,
        column: Option<usize>,
        contains: &'static str,
    },
    /// `Error::Shape` with a problem at exactly `path`, for `request` when given, whose message
    /// contains `contains`.
    Shape {
        path: &'static str,
        request: Option<&'static str>,
        contains: &'static str,
    },
    /// Any error (not `Internal`) whose text contains all of these.
    ErrContaining(&'static [&'static str]),
}

/// One row of the broken-input table.
pub struct Row {
    /// Short name, also used as the file name (`<name>.json`).
    pub name: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// What the library must return.
    pub expect: Expect,
}

fn row(name: &'static str, bytes: impl Into<Vec<u8>>, expect: Expect) -> Row {
    Row {
        name,
        bytes: bytes.into(),
        expect,
    }
}

fn shape(path: &'static str, request: Option<&'static str>, contains: &'static str) -> Expect {
    Expect::Shape {
        path,
        request,
        contains,
    }
}

/// A minimal valid v2.1 collection with one request named `Get thing`, with `patch` applied to
/// the request item (`item[0]`).
fn with_item(patch: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut c = json!({
        "info": {
            "name": "t",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "item": [{
            "name": "Get thing",
            "request": {"method": "GET", "url": "https://api.example.com/things"}
        }]
    });
    patch(&mut c["item"][0]);
    serde_json::to_vec_pretty(&c).unwrap()
}

fn with_root(patch: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut c: Value = serde_json::from_slice(&with_item(|_| {})).unwrap();
    patch(&mut c);
    serde_json::to_vec_pretty(&c).unwrap()
}

/// 1-based line of the last character of `prefix` as serde_json reports EOF errors.
fn last_line(prefix: &[u8]) -> usize {
    prefix.iter().filter(|&&b| b == b'\n').count() + 1
}

/// Folders nested `depth` deep around one request.
pub fn nested_folders(depth: usize) -> Vec<u8> {
    let mut s = String::from(r#"{"info":{"name":"deep"},"item":["#);
    for i in 0..depth {
        s.push_str(&format!(r#"{{"name":"f{i}","item":["#));
    }
    s.push_str(r#"{"name":"Leaf","request":"https://api.example.com/leaf"}"#);
    for _ in 0..depth {
        s.push_str("]}");
    }
    s.push_str("]}");
    s.into_bytes()
}

/// The broken-input table: at least 30 rows, each with what a demanding user expects.
pub fn broken_inputs() -> Vec<Row> {
    let zoom = zoom_bytes();
    let mut rows = Vec::new();
    for (name, at) in [
        ("truncated-after-1-byte", 1),
        ("truncated-at-100", 100),
        ("truncated-at-5000", 5000),
        ("truncated-in-the-middle", zoom.len() / 2),
        (
            "truncated-before-last-brace",
            zoom.trim_ascii_end().len() - 1,
        ),
    ] {
        let prefix = zoom[..at].to_vec();
        let line = last_line(&prefix);
        rows.push(row(
            name,
            prefix,
            Expect::Json {
                line,
                column: None,
                contains: "EOF",
            },
        ));
    }
    rows.extend([
        row(
            "empty-file",
            b"".to_vec(),
            Expect::Json {
                line: 1,
                column: Some(1),
                contains: "empty",
            },
        ),
        row(
            "whitespace-only",
            b" \n\t\r\n  ".to_vec(),
            Expect::Json {
                line: 1,
                column: Some(1),
                contains: "empty",
            },
        ),
        row(
            "json-array",
            b"[]".to_vec(),
            shape("$", None, "expected a Postman collection object"),
        ),
        row(
            "json-string",
            b"\"hello\"".to_vec(),
            shape("$", None, "found a string"),
        ),
        row("json-null", b"null".to_vec(), shape("$", None, "found null")),
        row(
            "json-number",
            b"42".to_vec(),
            shape("$", None, "found a number"),
        ),
        row(
            "empty-object",
            b"{}".to_vec(),
            shape("$", None, "neither `info` nor `item`"),
        ),
        row(
            "binary-bytes",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe".to_vec(),
            Expect::Json {
                line: 1,
                column: Some(1),
                contains: "expected",
            },
        ),
        row(
            "invalid-utf8-in-a-string",
            b"{\"info\": {\"name\": \"caf\xe9\"}, \"item\": []}".to_vec(),
            Expect::Json {
                line: 1,
                column: None,
                contains: "UTF-8",
            },
        ),
        row(
            "utf16-le-with-bom",
            utf16(b'\xFF', "{\"info\":{\"name\":\"x\"},\"item\":[]}", false),
            Expect::Json {
                line: 1,
                column: Some(1),
                contains: "UTF-16",
            },
        ),
        row(
            "utf16-be-with-bom",
            utf16(b'\xFE', "{\"info\":{\"name\":\"x\"},\"item\":[]}", true),
            Expect::Json {
                line: 1,
                column: Some(1),
                contains: "UTF-16",
            },
        ),
        row(
            "raw-nul-in-a-string",
            b"{\"info\": {\"name\": \"a\x00b\"}, \"item\": []}".to_vec(),
            Expect::Json {
                line: 1,
                column: None,
                contains: "control character",
            },
        ),
        row(
            "lone-surrogate-escape",
            br#"{"info": {"name": "\ud800"}, "item": []}"#.to_vec(),
            Expect::Json {
                line: 1,
                column: None,
                contains: "escape",
            },
        ),
        row(
            "trailing-garbage",
            b"{\"info\": {\"name\": \"x\"}, \"item\": []}\ngarbage".to_vec(),
            Expect::Json {
                line: 2,
                column: Some(1),
                contains: "trailing characters",
            },
        ),
        row(
            "trailing-comma",
            b"{\"info\": {\"name\": \"x\"},\n \"item\": [],\n}".to_vec(),
            Expect::Json {
                line: 3,
                column: Some(1),
                contains: "trailing comma",
            },
        ),
        row(
            "json-with-comments",
            b"// exported by hand\n{\"info\": {\"name\": \"x\"}, \"item\": []}".to_vec(),
            Expect::Json {
                line: 1,
                column: Some(1),
                contains: "expected value",
            },
        ),
        row(
            "deep-array-nesting-10000",
            "[".repeat(10_000).into_bytes(),
            Expect::Json {
                line: 1,
                column: None,
                contains: "recursion limit",
            },
        ),
        row(
            "deep-folder-nesting-10000",
            nested_folders(10_000),
            Expect::ErrContaining(&["deep-folder-nesting-10000.json", "1:", "recursion limit"]),
        ),
        row(
            "folders-nested-50-deep",
            nested_folders(50),
            Expect::Ok { diagnostic: None },
        ),
        row(
            "unknown-schema-url",
            with_root(|c| {
                c["info"]["schema"] = json!("https://example.com/my-own-format/v9.json");
            }),
            shape("$.info.schema", None, "unknown schema"),
        ),
        // v1 (top-level `requests`) is read; its broken shapes must be reported like v2's.
        row(
            "v1-request-missing-every-field",
            br#"{"id": "1", "requests": [{"id": "r1"}]}"#.to_vec(),
            Expect::Ok {
                diagnostic: Some("$.requests[0]"),
            },
        ),
        row(
            "v1-order-names-a-missing-request",
            br#"{"id": "1", "name": "old", "order": ["r1"]}"#.to_vec(),
            Expect::ErrContaining(&["v1-order-names-a-missing-request.json", "$.order", "r1"]),
        ),
        row(
            "v1-requests-as-string",
            br#"{"id": "1", "name": "old", "requests": "x"}"#.to_vec(),
            shape("$.requests", None, "expected an array"),
        ),
        row(
            "v1-request-as-number",
            br#"{"id": "1", "name": "old", "requests": [5]}"#.to_vec(),
            shape("$.requests[0]", None, "found a number"),
        ),
        row(
            "v1-method-as-object",
            br#"{"id": "1", "requests": [{"id": "r1", "name": "Get", "method": {}, "url": "https://h/p"}]}"#
                .to_vec(),
            shape("$.requests[0].method", Some("Get"), "found an object"),
        ),
        row(
            "v1-url-as-number",
            br#"{"id": "1", "requests": [{"id": "r1", "name": "Get", "method": "GET", "url": 5}]}"#
                .to_vec(),
            shape("$.requests[0].url", Some("Get"), "found a number"),
        ),
        row(
            "v1-schema-url-on-a-v2-body",
            with_root(|c| {
                c["info"]["schema"] =
                    json!("https://schema.getpostman.com/json/collection/v1.0.0/collection.json");
            }),
            Expect::Ok { diagnostic: None },
        ),
        row(
            "info-as-array",
            with_root(|c| c["info"] = json!([1, 2])),
            shape("$.info", None, "expected an object, found an array"),
        ),
        row(
            "info-name-as-object",
            with_root(|c| c["info"]["name"] = json!({"a": 1})),
            shape("$.info.name", None, "expected a string, found an object"),
        ),
        row(
            "info-description-as-number",
            with_root(|c| c["info"]["description"] = json!(5)),
            shape("$.info.description", None, "found a number"),
        ),
        row(
            "item-as-string",
            with_root(|c| c["item"] = json!("requests go here")),
            shape("$.item", None, "expected an array of items, found a string"),
        ),
        row(
            "item-element-as-number",
            with_root(|c| c["item"] = json!([7])),
            shape("$.item[0]", None, "expected an item object, found a number"),
        ),
        row(
            "folder-item-as-number",
            with_root(|c| c["item"] = json!([{"name": "Users", "item": 3}])),
            shape(
                "$.item[0].item",
                Some("Users"),
                "expected an array of items, found a number",
            ),
        ),
        row(
            "request-as-number",
            with_item(|i| i["request"] = json!(12)),
            shape(
                "$.item[0].request",
                Some("Get thing"),
                "expected a request object or URL string, found a number",
            ),
        ),
        row(
            "method-as-object",
            with_item(|i| i["request"]["method"] = json!({"verb": "GET"})),
            shape(
                "$.item[0].request.method",
                Some("Get thing"),
                "expected an HTTP method string, found an object",
            ),
        ),
        row(
            "url-as-number",
            with_item(|i| i["request"]["url"] = json!(8080)),
            shape(
                "$.item[0].request.url",
                Some("Get thing"),
                "expected a URL string or object, found a number",
            ),
        ),
        row(
            "url-host-as-number",
            with_item(|i| i["request"]["url"] = json!({"raw": "x", "host": 5})),
            shape(
                "$.item[0].request.url.host",
                Some("Get thing"),
                "expected a string or an array of strings",
            ),
        ),
        row(
            "url-path-element-as-boolean",
            with_item(|i| {
                i["request"]["url"] = json!({"host": ["api", "example", "com"], "path": [true]});
            }),
            shape(
                "$.item[0].request.url.path[0]",
                Some("Get thing"),
                "expected a string, found a boolean",
            ),
        ),
        row(
            "url-query-as-string",
            with_item(|i| {
                i["request"]["url"] = json!({"host": ["h"], "path": ["p"], "query": "a=1"});
            }),
            shape(
                "$.item[0].request.url.query",
                Some("Get thing"),
                "expected an array of key/value objects, found a string",
            ),
        ),
        row(
            "header-as-number",
            with_item(|i| i["request"]["header"] = json!(3)),
            shape(
                "$.item[0].request.header",
                Some("Get thing"),
                "expected an array of key/value objects, found a number",
            ),
        ),
        row(
            "header-entry-as-string",
            with_item(|i| i["request"]["header"] = json!(["Accept: x", {"key": "A"}])),
            shape(
                "$.item[0].request.header[0]",
                Some("Get thing"),
                "expected a key/value object, found a string",
            ),
        ),
        row(
            "body-as-string",
            with_item(|i| i["request"]["body"] = json!("{\"a\": 1}")),
            shape(
                "$.item[0].request.body",
                Some("Get thing"),
                "expected a body object, found a string",
            ),
        ),
        row(
            "formdata-as-object-with-bad-entries",
            with_item(|i| {
                i["request"]["method"] = json!("POST");
                i["request"]["body"] =
                    json!({"mode": "formdata", "formdata": {"key": "f", "value": [1, 2]}});
            }),
            shape(
                "$.item[0].request.body.formdata[0].value",
                Some("Get thing"),
                "expected a string, found an array",
            ),
        ),
        row(
            "formdata-entries-of-wrong-types",
            with_item(|i| {
                i["request"]["method"] = json!("POST");
                i["request"]["body"] =
                    json!({"mode": "formdata", "formdata": [{"key": "ok"}, 5, {"key": {}}]});
            }),
            shape(
                "$.item[0].request.body.formdata[1]",
                Some("Get thing"),
                "expected a key/value object, found a number",
            ),
        ),
        row(
            "formdata-as-string",
            with_item(|i| {
                i["request"]["body"] = json!({"mode": "formdata", "formdata": "a=1&b=2"});
            }),
            shape(
                "$.item[0].request.body.formdata",
                Some("Get thing"),
                "expected an array of key/value objects, found a string",
            ),
        ),
        row(
            "collection-auth-as-string",
            with_root(|c| c["auth"] = json!("bearer")),
            shape("$.auth", None, "expected an auth object, found a string"),
        ),
        row(
            "request-auth-as-array",
            with_item(|i| i["request"]["auth"] = json!(["bearer"])),
            shape(
                "$.item[0].request.auth",
                Some("Get thing"),
                "expected an auth object, found an array",
            ),
        ),
        row(
            "variable-as-string",
            with_root(|c| c["variable"] = json!("baseUrl=https://x")),
            shape(
                "$.variable",
                None,
                "expected an array of variables, found a string",
            ),
        ),
        row(
            "variable-entry-as-number",
            with_root(|c| c["variable"] = json!([1])),
            shape(
                "$.variable[0]",
                None,
                "expected a variable object, found a number",
            ),
        ),
        row(
            "request-description-as-number",
            with_item(|i| i["request"]["description"] = json!(42)),
            shape(
                "$.item[0].request.description",
                Some("Get thing"),
                "expected a string or {content, type}, found a number",
            ),
        ),
        row(
            "response-as-garbage-string",
            with_item(|i| i["response"] = json!("garbage")),
            Expect::Ok {
                diagnostic: Some("$.item[0].response"),
            },
        ),
        row(
            "response-entries-as-garbage",
            with_item(|i| i["response"] = json!([1, "x", null, [true]])),
            Expect::Ok {
                diagnostic: Some("$.item[0].response[0]"),
            },
        ),
        row(
            "response-code-not-a-number",
            with_item(|i| i["response"] = json!([{"name": "ok", "code": "abc", "body": "{}"}])),
            Expect::Ok {
                diagnostic: Some("$.item[0].response[0]"),
            },
        ),
        row(
            "request-without-url",
            with_item(|i| i["request"] = json!({"method": "GET"})),
            Expect::Ok {
                diagnostic: Some("$.item[0]"),
            },
        ),
        row(
            "response-code-out-of-f64-range",
            b"{\"item\": [{\"name\": \"x\", \"request\": \"http://h/p\",\n \"response\": [{\"code\": 1e400}]}]}"
                .to_vec(),
            Expect::Json {
                line: 2,
                column: None,
                contains: "number out of range",
            },
        ),
        row(
            "problems-in-two-requests-are-all-listed",
            with_root(|c| {
                c["item"] = json!([
                    {"name": "a", "request": {"method": []}},
                    {"name": "b", "request": {"url": 5}}
                ]);
            }),
            shape(
                "$.item[1].request.url",
                Some("b"),
                "expected a URL string or object",
            ),
        ),
        row(
            "wrapped-collection-with-bad-item",
            br#"{"collection": {"info": {"name": "w"}, "item": [{"name": "x", "request": {"method": 1}}]}}"#
                .to_vec(),
            shape(
                "$.collection.item[0].request.method",
                Some("x"),
                "expected an HTTP method string",
            ),
        ),
        row(
            "utf8-bom-then-valid-collection",
            [b"\xEF\xBB\xBF".as_slice(), &with_item(|_| {})].concat(),
            Expect::Ok { diagnostic: None },
        ),
    ]);
    rows
}

fn utf16(first: u8, text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![first, 0xFE]
    };
    for unit in text.encode_utf16() {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}
