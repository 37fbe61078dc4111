//! The oracle for the printer: every generated module parses with syn and is a fixed point of
//! prettyplease (`unparse(parse_file(code)) == code`, below the `@generated` comment lines,
//! which prettyplease does not keep). The printer writes most items in prettyplease's layout
//! itself and hands the others to prettyplease; these tests check that the two never disagree,
//! over the project's collections, the shared corpus, names of every length at every folder
//! depth, and random renamings.

mod corpus;

use std::path::{Path, PathBuf};

use postman_codegen::{generate_with, Options};

fn own_collections() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The code below the header's comment lines.
fn body(code: &str) -> &str {
    code.split_once("\n\n").map_or(code, |(_, body)| body)
}

/// Generates `bytes` and checks the output against prettyplease: true if it did, false if
/// the collection is refused (the same input is refused whatever the options).
fn is_prettypleases(name: &str, bytes: &[u8], options: &Options) -> bool {
    let Ok(generated) = generate_with(name, bytes, options) else {
        return false;
    };
    let code = body(&generated.code);
    let file = match syn::parse_file(code) {
        Ok(file) => file,
        Err(error) => panic!("{name}: the output does not parse: {error}"),
    };
    let printed = prettyplease::unparse(&file);
    if printed != code {
        let line = printed
            .lines()
            .zip(code.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| printed.lines().count().min(code.lines().count()));
        let show = |text: &str| {
            text.lines()
                .skip(line.saturating_sub(3))
                .take(14)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{name}: the output differs from prettyplease's at line {}:\n--- generated\n{}\n--- prettyplease\n{}",
            line + 1,
            show(code),
            show(&printed)
        );
    }
    true
}

/// Every collection we own and every file of the corpus, with and without `derive_clone_eq`,
/// and with the blocking face.
#[test]
fn every_collection_is_a_fixed_point_of_prettyplease() {
    let mut files = own_collections();
    let corpus = corpus::files("every_collection_is_a_fixed_point_of_prettyplease (corpus part)");
    files.extend(corpus.iter().flatten().cloned());
    let options = [
        Options::default(),
        Options::default().derive_clone_eq(true),
        Options::default().blocking(true),
    ];
    let mut checked = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for options in &options {
            if is_prettypleases(&name, &bytes, options) {
                checked += 1;
            }
        }
    }
    let least = if corpus.is_some() { 150 } else { 15 };
    assert!(checked > least, "only {checked} modules checked");
}

/// The index file a `Builder` writes is a fixed point too.
#[test]
fn the_index_is_a_fixed_point_of_prettyplease() {
    let dir = tempfile::tempdir().unwrap();
    let report = postman_codegen::Builder::new()
        .collections_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections"))
        .out_dir(dir.path())
        .cargo_metadata(false)
        .run()
        .unwrap();
    let index = std::fs::read_to_string(report.index).unwrap();
    let code = body(&index);
    assert!(code.contains("include!(\"zoom_users.rs\");"), "{code}");
    assert_eq!(prettyplease::unparse(&syn::parse_file(code).unwrap()), code);
}

/// Collections whose names and keys are rewritten to random lengths and whose requests sit
/// under random numbers of folders: every line length and depth the layout rules depend on
/// comes up, not only those of the corpus.
#[test]
fn the_output_is_prettypleases_at_any_width_and_depth() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let corpus = corpus::dir();
    let have_corpus =
        corpus::files("the_output_is_prettypleases_at_any_width_and_depth (corpus part)").is_some();
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(std::path::Path::new(root).join("collections")).unwrap() {
        sources.push(entry.unwrap().path());
    }
    for name in [
        "p2oa-path-params",
        "zoom-derived-proxy-hobby",
        "v20-httpbin",
        "p2o-todo",
        "pcg-formdata-file",
        "newman-custom-http-method",
        "v21-auth-helpers",
    ] {
        let path = corpus.join(format!("{name}.postman_collection.json"));
        if path.exists() || have_corpus {
            sources.push(path);
        }
    }
    sources.sort();
    // A fixed xorshift sequence: the same cases on every run.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % bound.max(1)
    };
    const WORDS: [&str; 8] = ["get", "account", "settings", "of", "a", "very", "long", "x"];
    let mut compared = 0;
    for round in 0..16 {
        for path in &sources {
            let text = std::fs::read_to_string(path).unwrap();
            let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
            fn rename(value: &mut serde_json::Value, next: &mut dyn FnMut(u64) -> u64) {
                match value {
                    serde_json::Value::Object(map) => {
                        for (key, v) in map.iter_mut() {
                            if (key == "name" || key == "key") && v.is_string() {
                                let target = 1 + next(110) as usize;
                                let mut name = String::new();
                                while name.len() < target {
                                    if !name.is_empty() {
                                        name.push(' ');
                                    }
                                    name.push_str(WORDS[next(8) as usize]);
                                }
                                name.truncate(target);
                                *v = serde_json::Value::String(name);
                            } else {
                                rename(v, next);
                            }
                        }
                    }
                    serde_json::Value::Array(items) => {
                        for v in items {
                            rename(v, next);
                        }
                    }
                    _ => {}
                }
            }
            rename(&mut value, &mut next);
            let depth = (round + next(4) as usize) % 9;
            if let Some(items) = value.get_mut("item").map(serde_json::Value::take) {
                let mut items = items;
                for level in 0..depth {
                    items =
                        serde_json::json!([{ "name": format!("folder {level}"), "item": items }]);
                }
                value["item"] = items;
            }
            let bytes = serde_json::to_vec(&value).unwrap();
            let name = format!(
                "{}-{round}.json",
                path.file_stem().unwrap().to_string_lossy()
            );
            let options = Options::default()
                .derive_clone_eq(round % 2 == 1)
                .blocking(round % 4 >= 2);
            if is_prettypleases(&format!("{name} (depth {depth})"), &bytes, &options) {
                compared += 1;
            }
        }
    }
    assert!(compared > 100, "only {compared} modules compared");
}

/// Every name length from 1 to 100 at folder depths 0 to 7: each layout rule meets the exact
/// width where prettyplease starts to break the line.
#[test]
fn the_output_is_prettypleases_at_every_boundary() {
    let mut folders = Vec::new();
    for depth in 0..8 {
        let mut items = Vec::new();
        for n in 1..=100 {
            let name = "x".repeat(n);
            let key = "k".repeat(n);
            let body = format!(r#"{{"{key}": "v", "{key}_list": [1], "n": 1}}"#);
            let example = format!(r#"{{"{key}": {{"{key}_inner": 1, "s": "t"}}, "e": "a"}}"#);
            // A typed error body, whose type's name grows with the request's: the error
            // variant that holds it meets every width.
            let gone = format!(r#"{{"{key}_why": "moved"}}"#);
            // A 201 with a body of another type: the success type is an enum of the two,
            // whose variants and `decode` arms meet every width.
            let created = format!(r#"{{"{key}_id": 7}}"#);
            items.push(serde_json::json!({
                "name": name,
                "request": {
                    "method": if n % 2 == 0 { "POST" } else { "PUT" },
                    "auth": { "type": "bearer", "bearer": [{ "key": "token", "value": "{{t}}" }] },
                    "header": [
                        { "key": format!("x-{key}"), "value": "{{hv}}" },
                        { "key": format!("x-opt-{key}"), "value": "1", "disabled": true },
                        { "key": "Accept", "value": "application/json" }
                    ],
                    "url": {
                        "raw": format!("{{{{baseUrl}}}}/items/:{key}/sub"),
                        "host": ["{{baseUrl}}"],
                        "path": ["items", format!(":{key}"), "sub"],
                        "variable": [{ "key": key, "value": "1" }],
                        "query": [
                            { "key": format!("q{key}"), "value": "{{qv}}" },
                            { "key": format!("o{key}"), "value": "1", "disabled": true },
                            { "key": "e", "value": "a", "description": "One of: `a`, `b`." },
                            { "key": format!("f{key}") },
                            { "key": format!("r{key}"), "description": "(Required)" }
                        ]
                    },
                    "body": {
                        "mode": "raw",
                        "raw": body,
                        "options": { "raw": { "language": "json" } }
                    }
                },
                "response": [
                    { "name": "ok", "code": 200, "body": example },
                    { "name": "created", "code": 201, "body": created },
                    { "name": "gone", "code": 410, "body": gone }
                ]
            }));
            // A paged list: its stream method's signatures in the `Api` trait and impl.
            let page = format!(r#"{{"next_page_token": "t", "{key}": [{{"id": 1}}]}}"#);
            items.push(serde_json::json!({
                "name": format!("p{name}"),
                "request": {
                    "method": "GET",
                    "url": {
                        "raw": "{{baseUrl}}/pages?next_page_token=t",
                        "host": ["{{baseUrl}}"],
                        "path": ["pages"],
                        "query": [{ "key": "next_page_token", "value": "t", "disabled": true }]
                    }
                },
                "response": [{ "name": "ok", "code": 200, "body": page }]
            }));
        }
        let mut tree = serde_json::Value::Array(items);
        for level in 0..depth {
            tree = serde_json::json!([{ "name": format!("f{level}"), "item": tree }]);
        }
        folders.push(tree);
    }
    let collection = serde_json::json!({
        "info": {
            "name": "boundaries",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "item": folders.into_iter().flat_map(|f| match f {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        }).collect::<Vec<_>>()
    });
    let bytes = serde_json::to_vec(&collection).unwrap();
    for (options, blocking) in [
        (Options::default(), 0),
        (Options::default().derive_clone_eq(true), 0),
        (Options::default().blocking(true), 1600),
    ] {
        assert!(is_prettypleases("boundaries.json", &bytes, &options));
        let code = generate_with("boundaries.json", &bytes, &options)
            .unwrap()
            .code;
        assert_eq!(code.matches("-> ::postman_runtime::Pending<").count(), 1600);
        assert_eq!(code.matches("-> ::postman_runtime::Pages<").count(), 800);
        // The `Api` trait of each module and its impl for `Client`, each with a request
        // method for every request and a stream method for every paged one (and the
        // blocking client's `block_on`).
        let block_on = usize::from(blocking > 0);
        assert_eq!(
            code.matches("+ ::std::marker::Send").count(),
            4800 + block_on
        );
        assert_eq!(code.matches("let future = ").count(), blocking);
        assert_eq!(code.matches("fn decode(").count(), 800);
    }
}

/// The client's own items (its struct, `new`, the setters of every credential kind, the
/// collection variables' defaults, the default base URL) at every name and value length from 1
/// to 100, with each kind of credential taken by `Client::new` in turn: the printer lays them
/// out, and each meets the width where prettyplease breaks it.
#[test]
fn the_client_is_prettypleases_at_every_boundary() {
    let pairs = |list: &[(&str, &str)]| -> serde_json::Value {
        list.iter()
            .map(|(k, v)| serde_json::json!({ "key": k, "value": v, "type": "string" }))
            .collect()
    };
    let mut laid_out = 0;
    for n in 1..=100 {
        let name = "x".repeat(n);
        let api_key = |key: &str, place: &str| serde_json::json!({ "type": "apikey", "apikey": pairs(&[("key", key), ("value", "{{k}}"), ("in", place)]) });
        // The credentials whose names grow with `n` come last, as the last field of
        // `Client::new`'s literal (whose comma counts only when the literal breaks).
        let auths = [
            serde_json::json!({ "type": "basic", "basic": pairs(&[("username", "{{u}}"), ("password", "{{p}}")]) }),
            serde_json::json!({ "type": "bearer", "bearer": pairs(&[("token", "{{t}}")]) }),
            serde_json::json!({ "type": "digest", "digest": pairs(&[("username", "{{u}}"), ("password", "{{p}}")]) }),
            serde_json::json!({ "type": "oauth1", "oauth1": pairs(&[("signatureMethod", "HMAC-SHA1"), ("consumerKey", "{{ck}}"), ("consumerSecret", "{{cs}}"), ("token", "{{t}}"), ("tokenSecret", "{{ts}}")]) }),
            serde_json::json!({ "type": "awsv4", "awsv4": pairs(&[("accessKey", "{{a}}"), ("secretKey", "{{s}}"), ("region", "eu-west-1"), ("service", "s3")]) }),
            serde_json::json!({ "type": "hawk", "hawk": pairs(&[("authId", "{{i}}"), ("authKey", "{{k}}"), ("algorithm", "sha256")]) }),
            serde_json::json!({ "type": "edgegrid", "edgegrid": pairs(&[("accessToken", "{{a}}"), ("clientToken", "{{c}}"), ("clientSecret", "{{s}}")]) }),
            serde_json::json!({ "type": "ntlm", "ntlm": pairs(&[("username", "{{u}}"), ("password", "{{p}}")]) }),
            api_key(&format!("x-{name}"), "header"),
            api_key(&format!("q{name}"), "query"),
        ];
        // `Client::new` takes the collection's own credential: each kind in turn.
        let primary = auths[n % auths.len()].clone();
        let mut items: Vec<serde_json::Value> = auths
            .iter()
            .enumerate()
            .map(|(i, auth)| {
                serde_json::json!({
                    "name": format!("r{i}"),
                    "request": {
                        "method": "GET",
                        "auth": auth,
                        "url": {
                            "raw": "{{baseUrl}}/r",
                            "host": ["{{baseUrl}}"],
                            "path": ["r"]
                        }
                    }
                })
            })
            .collect();
        // A request on another origin, a collection variable: `Client::new` sets its default.
        items.push(serde_json::json!({
            "name": "elsewhere",
            "request": {
                "method": "GET",
                "url": {
                    "raw": format!("{{{{v{name}}}}}/e"),
                    "host": [format!("{{{{v{name}}}}}")],
                    "path": ["e"]
                }
            }
        }));
        let collection = serde_json::json!({
            "info": {
                "name": format!("c{name}"),
                "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
            },
            "auth": primary,
            "variable": [
                { "key": "baseUrl", "value": format!("https://{}.example", "h".repeat(n)) },
                { "key": format!("v{name}"), "value": format!("https://{}.example", "w".repeat(n)) }
            ],
            "item": items
        });
        let bytes = serde_json::to_vec(&collection).unwrap();
        for options in [Options::default(), Options::default().blocking(true)] {
            assert!(is_prettypleases(
                &format!("client-{n}.json"),
                &bytes,
                &options
            ));
        }
        laid_out += 1;
    }
    assert_eq!(laid_out, 100);
}

/// GraphQL requests, whose body is a struct literal argument (`call.body_json(&GraphQl {
/// query, variables })`), with queries of every length from 1 to 120 at folder depths 0 to 4:
/// the call's arguments stay on its line while they fit, and break when they do not.
#[test]
fn graphql_bodies_are_prettypleases_at_every_length() {
    let mut folders = Vec::new();
    for depth in 0..5 {
        let mut items = Vec::new();
        for n in 1..=120 {
            let query = format!("{{{}}}", "q".repeat(n));
            let variables = if n % 2 == 0 { r#"{"id": 1}"# } else { "" };
            items.push(serde_json::json!({
                "name": format!("g{n}"),
                "request": {
                    "method": "POST",
                    "url": { "raw": "{{baseUrl}}/graphql", "host": ["{{baseUrl}}"], "path": ["graphql"] },
                    "body": { "mode": "graphql", "graphql": { "query": query, "variables": variables } }
                }
            }));
        }
        let mut tree = serde_json::Value::Array(items);
        for level in 0..depth {
            tree = serde_json::json!([{ "name": format!("f{level}"), "item": tree }]);
        }
        folders.extend(match tree {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        });
    }
    let collection = serde_json::json!({
        "info": {
            "name": "graphql",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "item": folders
    });
    let bytes = serde_json::to_vec(&collection).unwrap();
    for options in [Options::default(), Options::default().blocking(true)] {
        assert!(is_prettypleases("graphql.json", &bytes, &options));
    }
    let code = generate_with("graphql.json", &bytes, &Options::default())
        .unwrap()
        .code;
    assert_eq!(code.matches("&::postman_runtime::GraphQl {").count(), 600);
}
