//! Hostile and broken collections (issue 5): no panic, no injected code, no leaked secret,
//! deterministic output, clear errors, bounded work.
//!
//! The CLI side (exit codes, files left untouched, kills mid-write) is in `hostile_cli.rs`.

mod corpus;
mod support;

use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::Instant;

use postman_codegen::{Error, Generated};
use serde_json::{json, Value};
use support::{Expect, FORBIDDEN_CHARS, HOSTILE, MARKER};
use syn::visit::Visit;

const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

fn generate_value(source: &str, value: &Value) -> postman_codegen::Result<Generated> {
    postman_codegen::generate(source, &serde_json::to_vec(value).unwrap())
}

// ---------------------------------------------------------------------------------------------
// Inspecting generated code
// ---------------------------------------------------------------------------------------------

/// Names a generated type must never have: they would shadow the prelude in the module.
const PRELUDE_TYPES: &[&str] = &[
    "Self", "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Default",
    "Debug", "Clone", "Copy", "Send", "Sync", "Sized", "From", "Into",
];

/// Keywords that may appear as raw identifiers (`r#type`).
const RAW_OK: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Request and folder names in a twin collection start with this. The twin of a hostile
/// collection is the same collection with every hostile text replaced by it, so its items are
/// the module's fixed surface plus items named after the twin's requests and folders.
const TWIN: &str = "twin request";

/// What a generated module consists of, as far as injection checks care.
#[derive(Debug, Default)]
struct Summary {
    /// Struct, enum and type alias names, each with its module path (`folder::Name`).
    types: Vec<String>,
    structs: usize,
    enums: usize,
    mods: Vec<String>,
    /// Free functions (any module).
    fns: BTreeSet<String>,
    /// Inherent methods: (module path and self type, name).
    methods: Vec<(String, String)>,
    traits: BTreeSet<String>,
    attrs: BTreeSet<String>,
    macros: BTreeSet<String>,
    uses: BTreeSet<String>,
    /// `#[name` prefixes outside literals and comments.
    hash_brackets: BTreeSet<String>,
    problems: Vec<String>,
    /// The code parsed; without that, nothing else was looked at.
    parsed: bool,
}

#[derive(Default)]
struct AttrAndMacroVisitor {
    attrs: BTreeSet<String>,
    macros: BTreeSet<String>,
    problems: Vec<String>,
}

impl<'ast> Visit<'ast> for AttrAndMacroVisitor {
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        let path = attr.path();
        self.attrs.insert(quote::quote!(#path).to_string());
        if matches!(attr.style, syn::AttrStyle::Inner(_)) {
            self.problems
                .push(format!("inner attribute `{}`", quote::quote!(#attr)));
        }
        if path.is_ident("doc") {
            let is_str = matches!(
                &attr.meta,
                syn::Meta::NameValue(syn::MetaNameValue {
                    value: syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(_),
                        ..
                    }),
                    ..
                })
            );
            if !is_str {
                self.problems.push(format!(
                    "doc attribute without a plain string: `{}`",
                    quote::quote!(#attr)
                ));
            }
        }
        syn::visit::visit_attribute(self, attr);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let path = &mac.path;
        self.macros.insert(quote::quote!(#path).to_string());
        syn::visit::visit_macro(self, mac);
    }
}

/// The last identifier of a type path (`Name` of `Name<'_>` or `a::Name`).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    }
}

/// Every `fn name` spelled in the generator's sources: the helpers it can emit.
fn generator_fn_names() -> BTreeSet<String> {
    fn walk(dir: &std::path::Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (at, _) in text.match_indices("fn ") {
                    let name: String = text[at + 3..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    out.insert(name);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut out,
    );
    out
}

fn summarize_items(items: &[syn::Item], module: &str, s: &mut Summary) {
    for item in items {
        match item {
            syn::Item::Struct(x) => {
                s.structs += 1;
                s.types.push(format!("{module}{}", x.ident));
                let mut seen = BTreeSet::new();
                for f in x.fields.iter().filter_map(|f| f.ident.as_ref()) {
                    if !seen.insert(f.to_string()) {
                        s.problems
                            .push(format!("struct `{}` repeats field `{f}`", x.ident));
                    }
                }
            }
            syn::Item::Enum(x) => {
                s.enums += 1;
                s.types.push(format!("{module}{}", x.ident));
                let mut seen = BTreeSet::new();
                for v in &x.variants {
                    if !seen.insert(v.ident.to_string()) {
                        s.problems
                            .push(format!("enum `{}` repeats variant `{}`", x.ident, v.ident));
                    }
                }
            }
            syn::Item::Type(x) => s.types.push(format!("{module}{}", x.ident)),
            syn::Item::Fn(x) => {
                s.fns.insert(x.sig.ident.to_string());
            }
            syn::Item::Use(x) => {
                let tree = &x.tree;
                s.uses.insert(quote::quote!(#tree).to_string());
            }
            syn::Item::Mod(x) => {
                let name = x.ident.to_string();
                s.mods.push(format!("{module}{name}"));
                match &x.content {
                    Some((_, items)) => summarize_items(items, &format!("{module}{name}::"), s),
                    None => s.problems.push(format!("`mod {name};` loads a file")),
                }
            }
            syn::Item::Impl(x) => {
                let Some(self_name) = type_name(&x.self_ty) else {
                    let ty = &x.self_ty;
                    s.problems
                        .push(format!("impl for `{}`", quote::quote!(#ty)));
                    continue;
                };
                if let Some((_, path, _)) = &x.trait_ {
                    s.traits.insert(quote::quote!(#path).to_string());
                }
                for item in &x.items {
                    match item {
                        syn::ImplItem::Fn(f) if x.trait_.is_none() => s
                            .methods
                            .push((format!("{module}{self_name}"), f.sig.ident.to_string())),
                        syn::ImplItem::Fn(_) => {}
                        syn::ImplItem::Const(c) => s
                            .methods
                            .push((format!("{module}{self_name}"), format!("const {}", c.ident))),
                        other => s.problems.push(format!(
                            "unexpected impl item `{}` in `{self_name}`",
                            quote::quote!(#other)
                        )),
                    }
                }
            }
            // The runtime interface check, the one constant a module has at its top.
            syn::Item::Const(x)
                if x.ident == "_"
                    && module.is_empty()
                    && quote::quote!(#x).to_string()
                        == format!(
                            "const _ : () = :: postman_runtime :: check_interface ({}) ;",
                            postman_codegen::RUNTIME_INTERFACE
                        ) => {}
            // Each module's trait of its requests, with nothing but method signatures.
            syn::Item::Trait(x) if x.ident == "Api" => {
                for item in &x.items {
                    if !matches!(item, syn::TraitItem::Fn(f) if f.default.is_none()) {
                        s.problems
                            .push(format!("unexpected trait item `{}`", quote::quote!(#item)));
                    }
                }
            }
            other => s
                .problems
                .push(format!("unexpected item `{}`", quote::quote!(#other))),
        }
    }
}

fn summarize(generated: &Generated) -> Summary {
    let code = &generated.code;
    let mut s = Summary::default();
    for c in FORBIDDEN_CHARS {
        if code.contains(*c) {
            s.problems.push(format!("the code contains {c:?}"));
        }
        if generated.module_doc.contains(*c) {
            s.problems.push(format!("module_doc contains {c:?}"));
        }
    }
    let file = match syn::parse_file(code) {
        Ok(file) => file,
        Err(e) => {
            s.problems.push(format!("the code does not parse: {e}"));
            return s;
        }
    };
    s.parsed = true;
    if !file.attrs.is_empty() {
        s.problems.push("the file has inner attributes".to_owned());
    }
    summarize_items(&file.items, "", &mut s);
    let mut seen = BTreeSet::new();
    for name in &s.types {
        if !seen.insert(name) {
            s.problems.push(format!("type `{name}` is defined twice"));
        }
        let bare = name.rsplit("::").next().unwrap_or(name);
        if PRELUDE_TYPES.contains(&bare) {
            s.problems
                .push(format!("type `{name}` shadows the prelude"));
        }
    }
    let mut seen = BTreeSet::new();
    for (ty, name) in &s.methods {
        if !seen.insert((ty, name)) {
            s.problems
                .push(format!("`{ty}` has two methods named `{name}`"));
        }
    }

    let mut visitor = AttrAndMacroVisitor::default();
    visitor.visit_file(&file);
    s.attrs = visitor.attrs;
    s.macros = visitor.macros;
    s.problems.extend(visitor.problems);

    // Every token: identifiers are plain ASCII, raw only for keywords, never the marker.
    match proc_macro2::TokenStream::from_str(code) {
        Ok(tokens) => check_tokens(tokens, &mut s.problems),
        Err(e) => s.problems.push(format!("the code does not lex: {e}")),
    }

    // The code outside literals and comments.
    let stripped = support::strip_literals_and_comments(code);
    for fragment in ["\"", "\\", "/*", "*/", "#!", MARKER, "\0", "\r", "\u{202E}"] {
        if stripped.contains(fragment) {
            s.problems.push(format!(
                "{fragment:?} appears outside literals and comments"
            ));
        }
    }
    for (at, _) in stripped.match_indices("#[") {
        let name: String = stripped[at + 2..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        s.hash_brackets.insert(name);
    }

    // Docs never hold something rustdoc would run.
    for block in doc_blocks(code)
        .into_iter()
        .chain([generated.module_doc.clone()])
    {
        if let Some(problem) = doctest_in(&block) {
            s.problems.push(problem);
        }
    }
    s
}

fn bare(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

/// Checks `generated` against `twin` (see [`TWIN`]): items of the same kinds in the same
/// numbers, nothing the twin (or the generator's own helpers) does not have, plain names, and
/// every hostile text inside string literals or docs.
fn inspect(generated: &Generated, twin: &Generated) -> Vec<String> {
    let twin = summarize(twin);
    let s = summarize(generated);
    let mut problems = s.problems.clone();
    for p in &twin.problems {
        problems.push(format!("(in the twin) {p}"));
    }
    if !s.parsed || !twin.parsed {
        return problems;
    }
    let twin_type = heck::ToUpperCamelCase::to_upper_camel_case(TWIN);
    let twin_snake = heck::ToSnakeCase::to_snake_case(TWIN);
    let fixed_types: BTreeSet<&str> = twin
        .types
        .iter()
        .map(|t| bare(t))
        .filter(|t| !t.starts_with(&twin_type))
        .collect();
    let types: BTreeSet<&str> = s.types.iter().map(|t| bare(t)).collect();
    for t in &fixed_types {
        if !types.contains(t) {
            problems.push(format!("the fixed type `{t}` is missing"));
        }
    }
    if (s.structs, s.enums, s.types.len(), s.mods.len())
        != (twin.structs, twin.enums, twin.types.len(), twin.mods.len())
    {
        problems.push(format!(
            "{} structs, {} enums, {} types, {} modules where the twin has {}, {}, {}, {}: {:?} {:?}",
            s.structs,
            s.enums,
            s.types.len(),
            s.mods.len(),
            twin.structs,
            twin.enums,
            twin.types.len(),
            twin.mods.len(),
            s.types,
            s.mods
        ));
    }
    for name in s.types.iter().chain(&s.mods) {
        if !support::is_sanitized_ident(bare(name).trim_start_matches("r#")) {
            problems.push(format!("name `{name}` is not a plain identifier"));
        }
    }
    // Methods named after requests and folders, and the fixed ones: a method is fixed when
    // neither it nor its type is named after the twin's requests or folders.
    let fixed_methods: BTreeSet<(&str, &str)> = twin
        .methods
        .iter()
        .map(|(t, m)| (bare(t), m.as_str()))
        .filter(|(t, m)| !t.starts_with(&twin_type) && !m.starts_with(&twin_snake))
        .collect();
    let derived = |methods: &[(String, String)]| -> Vec<String> {
        methods
            .iter()
            .filter(|(t, m)| !fixed_methods.contains(&(bare(t), m.as_str())))
            .map(|(t, m)| format!("{t}::{m}"))
            .collect()
    };
    let ours = derived(&s.methods);
    let theirs = derived(&twin.methods);
    if ours.len() != theirs.len() {
        problems.push(format!(
            "{} methods named after requests or folders where the twin has {}: {ours:?}",
            ours.len(),
            theirs.len()
        ));
    }
    for m in &ours {
        if !support::is_sanitized_ident(bare(m).trim_start_matches("r#")) {
            problems.push(format!("method `{m}` is not a plain identifier"));
        }
    }
    let methods: BTreeSet<(&str, &str)> = s
        .methods
        .iter()
        .map(|(t, m)| (bare(t), m.as_str()))
        .collect();
    for (t, m) in &fixed_methods {
        if !methods.contains(&(*t, *m)) {
            problems.push(format!("the fixed method `{t}::{m}` is missing"));
        }
    }
    let extra = |what: &str,
                 ours: &BTreeSet<String>,
                 theirs: &BTreeSet<String>,
                 problems: &mut Vec<String>| {
        for x in ours.difference(theirs) {
            problems.push(format!("{what} `{x}` that the twin does not have"));
        }
    };
    let mut fns = twin.fns.clone();
    fns.extend(generator_fn_names());
    extra("fn", &s.fns, &fns, &mut problems);
    extra("trait impl", &s.traits, &twin.traits, &mut problems);
    extra("use", &s.uses, &twin.uses, &mut problems);
    let mut attrs = twin.attrs.clone();
    attrs.insert("doc".to_owned());
    extra("attribute", &s.attrs, &attrs, &mut problems);
    extra("macro", &s.macros, &twin.macros, &mut problems);
    let mut brackets = twin.hash_brackets.clone();
    brackets.insert("doc".to_owned());
    extra(
        "`#[` attribute in the source",
        &s.hash_brackets,
        &brackets,
        &mut problems,
    );
    problems
}

fn check_tokens(tokens: proc_macro2::TokenStream, problems: &mut Vec<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                let text = ident.to_string();
                let (raw, bare) = match text.strip_prefix("r#") {
                    Some(bare) => (true, bare),
                    None => (false, text.as_str()),
                };
                if !support::is_sanitized_ident(bare) {
                    problems.push(format!("identifier `{text}` is not plain ASCII"));
                }
                if raw && !RAW_OK.contains(&bare) {
                    problems.push(format!("raw identifier `{text}` is not a keyword"));
                }
                if bare == MARKER {
                    problems.push(format!("the marker `{MARKER}` became an identifier"));
                }
            }
            proc_macro2::TokenTree::Group(group) => check_tokens(group.stream(), problems),
            proc_macro2::TokenTree::Punct(_) | proc_macro2::TokenTree::Literal(_) => {}
        }
    }
}

/// The doc comments of the formatted code, one string per run of `///` lines, unindented the
/// way rustdoc does.
fn doc_blocks(code: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in code.lines().chain([""]) {
        match line.trim_start().strip_prefix("///") {
            Some(rest) => current.push(rest),
            None if !current.is_empty() => {
                let indent = current
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start().len())
                    .min()
                    .unwrap_or(0);
                blocks.push(
                    current
                        .iter()
                        .map(|l| l.get(indent..).unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                current.clear();
            }
            None => {}
        }
    }
    blocks
}

/// A code block rustdoc would compile and run as a doctest: a fence whose info string is empty
/// or only rustdoc attributes, or an indented code block after a paragraph break.
fn doctest_in(doc: &str) -> Option<String> {
    let mut fence: Option<(char, usize)> = None;
    let mut previous_blank = true;
    let mut in_list = false;
    for line in doc.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((ch, len)) = fence {
            let closing = trimmed.chars().take_while(|&c| c == ch).count();
            if indent < 4 && closing >= len && trimmed[closing..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if indent < 4 {
            for ch in ['`', '~'] {
                let len = trimmed.chars().take_while(|&c| c == ch).count();
                if len >= 3 {
                    let info = trimmed[len..].trim();
                    let runs = info.is_empty()
                        || info.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| {
                            matches!(
                                w,
                                "rust"
                                    | "no_run"
                                    | "should_panic"
                                    | "compile_fail"
                                    | "test_harness"
                                    | "edition2015"
                                    | "edition2018"
                                    | "edition2021"
                                    | "edition2024"
                            )
                        });
                    if runs {
                        return Some(format!(
                            "a doc comment holds a ```{info} block that rustdoc runs as a doctest:\n{doc}"
                        ));
                    }
                    fence = Some((ch, len));
                }
            }
        }
        if fence.is_none() {
            if indent >= 4 && previous_blank && !in_list && !trimmed.is_empty() {
                return Some(format!(
                    "a doc comment holds an indented code block that rustdoc runs as a doctest:\n{doc}"
                ));
            }
            if trimmed.is_empty() {
                previous_blank = true;
            } else {
                if indent < 4 {
                    in_list = trimmed.starts_with(['-', '*', '+', '•'])
                        || trimmed.split_once(['.', ')']).is_some_and(|(n, _)| {
                            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
                        });
                }
                previous_blank = false;
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// No code injection
// ---------------------------------------------------------------------------------------------

/// A collection with `h` in every place that holds text. Two requests, both named `h`.
fn hostile_collection(h: &str) -> Value {
    let json_field = serde_json::to_string(&json!({h: h, "nested_obj": {h: 1}})).unwrap();
    let response_body =
        serde_json::to_string(&json!({h: h, "flag": true, "inner_obj": {h: [1]}})).unwrap();
    let error_body = serde_json::to_string(&json!({h: h, "code": 400})).unwrap();
    let request_a = json!({
        "name": h,
        "event": [{"listen": "prerequest", "script": {"exec": [h]}}],
        "request": {
            "method": "POST",
            "header": [{"key": h, "value": h, "description": h}, {"key": "X", "value": h}],
            "url": {
                "raw": format!("{{{{baseUrl}}}}/things/:id/{h}"),
                "host": ["{{baseUrl}}"],
                "path": ["things", ":id", h, format!("{{{{{h}}}}}")],
                "query": [{"key": h, "value": h, "description": h}],
                "variable": [{"key": "id", "value": h, "description": h}]
            },
            "body": {
                "mode": "formdata",
                "formdata": [
                    {"key": h, "value": h, "description": h, "type": "text"},
                    {
                        "key": format!("choice {h}"),
                        "description": format!("(Required) {h} (This can only be one of a,{h},b{h})"),
                        "type": "text"
                    },
                    {"key": format!("json {h}"), "value": json_field, "type": "text"},
                    {"key": h, "src": h, "type": "file"}
                ]
            },
            "description": h
        },
        "response": [
            {
                "name": h,
                "code": 200,
                "status": h,
                "header": [{"key": h, "value": h}],
                "body": response_body
            },
            // A JSON error body, typed like a success body: hostile keys and values in it too.
            {"name": h, "code": 400, "status": h, "body": error_body},
            {"name": h, "status": h, "body": h}
        ]
    });
    // An auth kind the generator does not know, with its parameters under the kind's name.
    let mut auth = json!({"type": h});
    if h != "type" {
        auth[h] = json!([{"key": h, "value": h}]);
    }
    let request_b = json!({
        "name": h,
        "request": {
            "method": h,
            "url": {
                "raw": format!("https://{h}.example.com/b/{h}?q={h}#{h}"),
                "protocol": "https",
                "host": [h, "example", "com"],
                "path": ["b", h],
                "query": [{"key": "q", "value": h}, {"key": h, "value": "1"}]
            },
            "auth": auth,
            "body": {"mode": "raw", "raw": h}
        }
    });
    json!({
        "info": {"name": h, "description": h, "schema": SCHEMA},
        "event": [{"listen": "test", "script": {"exec": h}}],
        "variable": [
            {"key": "baseUrl", "value": format!("https://api.example.com/{h}")},
            {"key": "other", "value": h, "description": h},
            {"key": h, "value": h}
        ],
        "auth": {
            "type": "apikey",
            "apikey": [
                {"key": "key", "value": h},
                {"key": "value", "value": "v"},
                {"key": "in", "value": "header"}
            ]
        },
        "item": [
            {"name": h, "description": h, "item": [request_a]},
            request_b
        ]
    })
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Generates `value` and its twin and returns what [`inspect`] finds.
fn inspect_pair(source: &str, value: &Value, twin: &Value) -> Vec<String> {
    let twin = match generate_value("twin.postman_collection.json", twin) {
        Ok(twin) => twin,
        Err(e) => return vec![format!("the twin does not generate: {e}")],
    };
    match generate_value(source, value) {
        Ok(generated) => {
            // For debugging a failure: HOSTILE_DUMP_DIR=/tmp/x keeps the last pair's code.
            if let Some(dir) = std::env::var_os("HOSTILE_DUMP_DIR") {
                let dir = std::path::PathBuf::from(dir);
                std::fs::write(dir.join("hostile.rs"), &generated.code).unwrap();
                std::fs::write(dir.join("twin.rs"), &twin.code).unwrap();
            }
            inspect(&generated, &twin)
        }
        Err(e) => vec![format!("generate failed: {e}")],
    }
}

#[test]
fn hostile_text_in_every_slot_stays_in_literals_and_docs() {
    let twin = hostile_collection(TWIN);
    let mut failures = Vec::new();
    for h in HOSTILE {
        let problems = inspect_pair(
            "hostile.postman_collection.json",
            &hostile_collection(h),
            &twin,
        );
        if !problems.is_empty() {
            failures.push(format!("text {h:?}:\n  {}", problems.join("\n  ")));
        }
    }
    report(&failures);
}

#[test]
fn all_hostile_texts_at_once() {
    // Every hostile text in one collection, names colliding freely.
    let all = |texts: &[&str]| {
        let mut items = Vec::new();
        for h in texts {
            items.extend(
                hostile_collection(h)["item"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .cloned(),
            );
        }
        let mut collection = hostile_collection(texts[texts.len() - 1]);
        collection["item"] = Value::Array(items);
        collection
    };
    let twin_names: Vec<String> = (0..HOSTILE.len()).map(|i| format!("{TWIN} {i}")).collect();
    let twin_names: Vec<&str> = twin_names.iter().map(String::as_str).collect();
    report(&inspect_pair(
        "all.postman_collection.json",
        &all(HOSTILE),
        &all(&twin_names),
    ));
}

fn keyword_collection(words: &[String], params: &[String]) -> Value {
    let fields: Vec<Value> = words
        .iter()
        .map(|w| json!({"key": w, "value": "x", "type": "text"}))
        .collect();
    let items: Vec<Value> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            // Distinct bodies, so that no two requests share a response type.
            let mut body: serde_json::Map<String, Value> =
                words.iter().map(|w| (w.clone(), json!(1))).collect();
            body.insert(format!("only_{i}"), json!(true));
            let request = json!({
                "name": w,
                "request": {
                    "method": "POST",
                    "url": {
                        "raw": format!("{{{{baseUrl}}}}/{w}/:{}?{w}=1", params[i]),
                        "host": ["{{baseUrl}}"],
                        "path": [w, format!(":{}", params[i])],
                        "query": [{"key": w, "value": "1"}]
                    },
                    "body": {"mode": "formdata", "formdata": fields}
                },
                "response": [{"name": w, "code": 200, "body": Value::Object(body).to_string()}]
            });
            // Every other request sits in a folder of the same name.
            if i % 2 == 0 {
                json!({"name": w, "item": [request]})
            } else {
                request
            }
        })
        .collect();
    json!({
        "info": {"name": "Self", "schema": SCHEMA},
        "variable": [{"key": "baseUrl", "value": "https://api.example.com"}],
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t"}]},
        "item": items
    })
}

#[test]
fn keyword_and_prelude_names_are_renamed_not_shadowed() {
    let mut words: Vec<String> = [
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
        "ApiResponse",
        "new",
        "send",
        "base_url",
        "crate",
        "super",
        "r#type",
        "Vec",
        "Box",
        "Default",
        "Ok",
        "Err",
        "Some",
        "None",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    // Plus every name of the module's fixed surface, as request names and JSON keys.
    let twin_of = |n: usize| -> Vec<String> { (0..n).map(|i| format!("{TWIN} {i}")).collect() };
    let params = |n: usize| -> Vec<String> { (0..n).map(|i| format!("tp{i}")).collect() };
    let probe = generate_value("probe.json", &keyword_collection(&twin_of(1), &params(1))).unwrap();
    let probe = summarize(&probe);
    let twin_snake = heck::ToSnakeCase::to_snake_case(TWIN);
    let twin_type = heck::ToUpperCamelCase::to_upper_camel_case(TWIN);
    words.extend(
        probe
            .methods
            .iter()
            .map(|(_, m)| m.clone())
            .filter(|m| !m.starts_with(&twin_snake) && !m.starts_with("const "))
            .chain(
                probe
                    .types
                    .iter()
                    .map(|t| bare(t).to_owned())
                    .filter(|t| !t.starts_with(&twin_type)),
            )
            .chain(probe.fns.iter().cloned()),
    );
    words.sort();
    words.dedup();
    report(&inspect_pair(
        "keywords.postman_collection.json",
        &keyword_collection(&words, &words),
        &keyword_collection(&twin_of(words.len()), &params(words.len())),
    ));
}

#[test]
fn a_hostile_source_name_stays_in_the_header_comment() {
    let collection = hostile_collection(TWIN);
    let mut failures = Vec::new();
    for source in [
        "evil\n*/ EVIL_INJECTED(); /*.json",
        "evil\r\n#![EVIL_INJECTED]\r\n.json",
        "evil\u{202E}nosj.json",
        "evil\0`EVIL_INJECTED`.json",
    ] {
        let problems = inspect_pair(source, &collection, &collection);
        if !problems.is_empty() {
            failures.push(format!("source {source:?}:\n  {}", problems.join("\n  ")));
        }
    }
    report(&failures);
}

fn docs_collection(payload: &str) -> Value {
    json!({
        "info": {"name": "docs", "description": payload, "schema": SCHEMA},
        "item": [{
            "name": TWIN,
            "request": {
                "method": "POST",
                "url": {"raw": "https://api.example.com/x/:id", "host": ["api", "example", "com"],
                    "path": ["x", ":id"], "variable": [{"key": "id", "description": payload}],
                    "query": [{"key": "q", "description": payload}]},
                "description": payload,
                "body": {"mode": "formdata", "formdata": [
                    {"key": "f", "description": payload, "type": "text"},
                    {"key": "e", "description": format!("{payload} (This can only be one of a,b)\n* `a` - {payload}"), "type": "text"}
                ]}
            },
            "response": [{"name": payload, "code": 404, "body": ""}]
        }]
    })
}

#[test]
fn descriptions_cannot_inject_doctests() {
    let payloads = [
        "Intro.\n\n```\nEVIL_INJECTED();\n```",
        "Intro.\n\n```rust\nEVIL_INJECTED();\n```",
        "Intro.\n\n~~~no_run\nEVIL_INJECTED();\n~~~",
        "Intro.\n\n    EVIL_INJECTED();\n",
        "Intro.<br><br>```<br>EVIL_INJECTED();<br>```",
    ];
    let twin = docs_collection("Plain text.");
    let mut failures = Vec::new();
    for payload in payloads {
        let problems = inspect_pair("docs.json", &docs_collection(payload), &twin);
        if !problems.is_empty() {
            failures.push(format!("payload {payload:?}:\n  {}", problems.join("\n  ")));
        }
    }
    report(&failures);
}

// ---------------------------------------------------------------------------------------------
// No leaked secrets
// ---------------------------------------------------------------------------------------------

fn assert_no_secret(generated: &Generated, secrets: &[&str]) {
    let diagnostics: String = generated
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    let mut leaks = Vec::new();
    for secret in secrets {
        for (what, text) in [
            ("code", &generated.code),
            ("module_doc", &generated.module_doc),
            ("diagnostics", &diagnostics),
        ] {
            if text.contains(secret) {
                let at = text.find(secret).unwrap();
                let line = text[..at].lines().count();
                let context = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
                leaks.push(format!("{secret} leaked into {what}: {context}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

#[test]
fn no_credential_from_auth_variables_or_headers_reaches_the_output() {
    let secrets = [
        "sk_live_COLLECTION_BEARER_1",
        "sk_live_FOLDER_BASIC_USER_2",
        "sk_live_FOLDER_BASIC_PASSWORD_3",
        "sk_live_REQUEST_APIKEY_4",
        "sk_live_OAUTH_ACCESS_TOKEN_5",
        "sk_live_OAUTH_CLIENT_SECRET_6",
        "sk_live_OAUTH_REFRESH_7",
        "sk_live_VAR_TOKEN_8",
        "sk_live_VAR_APIKEY_9",
        "sk_live_VAR_PASSWORD_10",
        "sk_live_VAR_SECRET_TYPE_11",
        "sk_live_HEADER_BEARER_12",
        "sk_live_HEADER_APIKEY_13",
        "sk_live_QUERY_KEY_14",
        "sk_live_FORM_PASSWORD_15",
        "sk_live_EXAMPLE_HEADER_16",
        "sk_live_AWS_SECRET_17",
        "sk_live_DIGEST_PASSWORD_18",
        "sk_live_HEADER_STRING_19",
        "sk_live_EXAMPLE_BODY_20",
        "sk_live_ENV_CLIENT_SECRET_21",
    ];
    let collection = json!({
        "info": {"name": "Secrets", "schema": SCHEMA},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": secrets[0], "type": "string"}]},
        "variable": [
            {"key": "baseUrl", "value": "https://api.example.com/v1"},
            {"key": "token", "value": secrets[7]},
            {"key": "apiKey", "value": secrets[8]},
            {"key": "password", "value": secrets[9]},
            {"key": "dbConnection", "value": secrets[10], "type": "secret"},
            {"key": "client_secret", "value": secrets[20]}
        ],
        "item": [
            {
                "name": "Basic folder",
                "auth": {"type": "basic", "basic": {"username": secrets[1], "password": secrets[2]}},
                "item": [{
                    "name": "Upload",
                    "request": {
                        "method": "POST",
                        "auth": {"type": "apikey", "apikey": [
                            {"key": "key", "value": "X-Api-Key"},
                            {"key": "value", "value": secrets[3]},
                            {"key": "in", "value": "header"}
                        ]},
                        "header": [
                            {"key": "Authorization", "value": format!("Bearer {}", secrets[11])},
                            {"key": "X-Api-Key", "value": secrets[12]}
                        ],
                        "url": format!("{{{{baseUrl}}}}/upload?api_key={}&user={{{{token}}}}", secrets[13]),
                        "body": {"mode": "formdata", "formdata": [
                            {"key": "password", "value": secrets[14], "type": "text"},
                            {"key": "config", "value": format!("{{\"token\": \"{}\"}}", secrets[19]), "type": "text"}
                        ]}
                    },
                    "response": [{
                        "name": "ok",
                        "code": 200,
                        "header": [{"key": "Set-Cookie", "value": format!("session={}", secrets[15])}],
                        "originalRequest": {
                            "method": "POST",
                            "header": [{"key": "Authorization", "value": format!("Bearer {}", secrets[11])}],
                            "url": "{{baseUrl}}/upload"
                        },
                        "body": format!("{{\"access_token\": \"{}\", \"id\": 1}}", secrets[19])
                    }]
                }]
            },
            {
                "name": "OAuth folder",
                "auth": {"type": "oauth2", "oauth2": [
                    {"key": "accessToken", "value": secrets[4]},
                    {"key": "clientSecret", "value": secrets[5]},
                    {"key": "refreshToken", "value": secrets[6]},
                    {"key": "tokenType", "value": "Bearer"}
                ]},
                "item": [
                    {"name": "Me", "request": {"method": "GET", "url": "{{baseUrl}}/me",
                        "header": "Authorization: Bearer sk_live_HEADER_STRING_19\nCookie: a=b"}},
                    {"name": "Signed", "request": {"method": "GET", "url": "{{baseUrl}}/signed",
                        "auth": {"type": "awsv4", "awsv4": [
                            {"key": "accessKey", "value": "AKIA"},
                            {"key": "secretKey", "value": secrets[16]}
                        ]}}},
                    {"name": "Digest", "request": {"method": "GET", "url": "{{baseUrl}}/digest",
                        "auth": {"type": "digest", "digest": {"username": "u", "password": secrets[17]}}}}
                ]
            }
        ]
    });
    let generated = generate_value("secrets.postman_collection.json", &collection).unwrap();
    assert_no_secret(&generated, &secrets);
    // Not vacuous: the non-secret base URL is still the default.
    assert!(
        generated.code.contains("\"https://api.example.com/v1\""),
        "{}",
        generated.code
    );
    syn::parse_file(&generated.code).unwrap();
}

#[test]
fn a_secret_looking_base_url_variable_is_not_used_as_default() {
    for (key, kind) in [("apiKey", None), ("token", None), ("host", Some("secret"))] {
        let mut variable = json!({"key": key, "value": "https://sk_live_BASE_SECRET.example.com"});
        if let Some(kind) = kind {
            variable["type"] = json!(kind);
        }
        let collection = json!({
            "info": {"name": "s", "schema": SCHEMA},
            "variable": [variable],
            "item": [{"name": "x", "request": format!("{{{{{key}}}}}/x")}]
        });
        let generated = generate_value("s.postman_collection.json", &collection).unwrap();
        assert_no_secret(&generated, &["sk_live_BASE_SECRET"]);
    }
}

#[test]
fn credentials_in_url_userinfo_are_not_embedded() {
    let collection = json!({
        "info": {"name": "userinfo", "schema": SCHEMA},
        "variable": [{"key": "baseUrl", "value": "https://admin:sk_live_URL_PASSWORD_1@api.example.com/v1"}],
        "item": [
            {"name": "a", "request": "{{baseUrl}}/a"},
            {"name": "b", "request": "https://bot:sk_live_URL_PASSWORD_2@other.example.com/b"}
        ]
    });
    let generated = generate_value("userinfo.postman_collection.json", &collection).unwrap();
    assert_no_secret(
        &generated,
        &["sk_live_URL_PASSWORD_1", "sk_live_URL_PASSWORD_2"],
    );
}

// ---------------------------------------------------------------------------------------------
// Deterministic output
// ---------------------------------------------------------------------------------------------

fn render(result: &postman_codegen::Result<Generated>) -> String {
    match result {
        Ok(g) => format!(
            "{}\n--- doc ---\n{}\n--- diagnostics ---\n{}",
            g.code,
            g.module_doc,
            g.diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(e) => format!("error: {e}"),
    }
}

fn assert_deterministic(name: &str, bytes: &[u8]) {
    let first = render(&postman_codegen::generate(name, bytes));
    let second = render(&postman_codegen::generate(name, bytes));
    assert!(first == second, "{name}: two runs differ");
    let value: Value =
        match serde_json::from_slice(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
            Ok(value) => value,
            Err(_) => return,
        };
    let reversed = support::reversed_keys_json(&value);
    assert_ne!(
        reversed.as_bytes(),
        bytes,
        "{name}: reversing changed nothing"
    );
    let third = render(&postman_codegen::generate(name, reversed.as_bytes()));
    if first != third {
        let line = first
            .lines()
            .zip(third.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: reordering object keys changed the output at line {}:\n  original: {:?}\n  reversed: {:?}",
            line + 1,
            first.lines().nth(line),
            third.lines().nth(line)
        );
    }
}

#[test]
fn output_is_deterministic_and_independent_of_key_order() {
    assert_deterministic("zoom-users.postman_collection.json", &support::zoom_bytes());
    let hostile = hostile_collection("*/\"\\#[}\n\r\0r#\u{202E})]");
    assert_deterministic("hostile.json", &serde_json::to_vec(&hostile).unwrap());
}

#[test]
fn corpus_output_is_deterministic_and_independent_of_key_order() {
    let dir = corpus::dir();
    if !dir.is_dir() {
        corpus::skip("corpus_output_is_deterministic_and_independent_of_key_order");
        return;
    }
    for name in [
        "zoom-api-v2-full",
        "fastly-api",
        "postman-echo-p2o",
        "v21-nested-entities",
    ] {
        let file = format!("{name}.postman_collection.json");
        let bytes = std::fs::read(dir.join(&file)).unwrap();
        assert_deterministic(&file, &bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// Clear errors for bad input
// ---------------------------------------------------------------------------------------------

fn check_row(row: &support::Row) -> Result<(), String> {
    let file = format!("{}.json", row.name);
    let result = postman_codegen::generate(&file, &row.bytes);
    let shown = match &result {
        Ok(_) => "Ok".to_owned(),
        Err(e) => format!("Err({e:?}) displayed as:\n{e}"),
    };
    let fail = |why: String| Err(format!("{why}\n    got {shown}"));
    if let Err(e) = &result {
        let text = e.to_string();
        if !text.starts_with(&file) {
            return fail(format!(
                "the message does not start with the file name {file:?}"
            ));
        }
        if matches!(e, Error::Internal { .. }) {
            return fail("an internal error (invalid Rust generated)".to_owned());
        }
    }
    match (&row.expect, &result) {
        (Expect::Ok { diagnostic }, Ok(generated)) => {
            if let Err(e) = syn::parse_file(&generated.code) {
                return fail(format!("the output does not parse: {e}"));
            }
            if let Some(prefix) = diagnostic {
                if !generated
                    .diagnostics
                    .iter()
                    .any(|d| d.path.starts_with(prefix))
                {
                    return fail(format!(
                        "expected a diagnostic at {prefix}; diagnostics: {:?}",
                        generated.diagnostics
                    ));
                }
            }
            Ok(())
        }
        (
            Expect::Json {
                line,
                column,
                contains,
            },
            Err(
                e @ Error::Json {
                    line: l,
                    column: c,
                    message,
                    ..
                },
            ),
        ) => {
            let text = e.to_string();
            if l != line || column.is_some_and(|col| col != *c) {
                return fail(format!("expected line {line} column {column:?}"));
            }
            if !text.contains(&format!("{file}:{l}:{c}: ")) {
                return fail("the message does not show file:line:column".to_owned());
            }
            if !message.contains(contains) {
                return fail(format!("the message does not say {contains:?}"));
            }
            Ok(())
        }
        (
            Expect::Shape {
                path,
                request,
                contains,
            },
            Err(e @ Error::Shape { problems, .. }),
        ) => {
            let text = e.to_string();
            let Some(problem) = problems.iter().find(|p| p.path == *path) else {
                return fail(format!("no problem at {path}"));
            };
            if problem.request.as_deref() != *request {
                return fail(format!("expected the problem to name request {request:?}"));
            }
            if !problem.message.contains(contains) {
                return fail(format!("the problem does not say {contains:?}"));
            }
            if !problem.message.contains("expected") {
                return fail("the problem does not say what was expected".to_owned());
            }
            if !text.contains(path) {
                return fail("the message does not show the JSON path".to_owned());
            }
            if let Some(request) = request {
                if !text.contains(&format!("{request:?}")) {
                    return fail("the message does not name the request".to_owned());
                }
            }
            Ok(())
        }
        (Expect::ErrContaining(parts), Err(e)) => {
            let text = e.to_string();
            match parts.iter().find(|p| !text.contains(**p)) {
                Some(missing) => fail(format!("the message does not contain {missing:?}")),
                None => Ok(()),
            }
        }
        (expect, _) => fail(format!("expected {expect:?}")),
    }
}

#[test]
fn broken_inputs_give_clear_located_errors() {
    let rows = support::broken_inputs();
    assert!(rows.len() >= 30, "only {} rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        if let Err(why) = check_row(row) {
            failures.push(format!("row {}: {why}", row.name));
        }
    }
    report(&failures);
}

fn deep_example(what: &str, depth: usize) -> Vec<u8> {
    let body = match what {
        "arrays" => format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
        _ => format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
    };
    let collection = json!({
        "info": {"name": "deep", "schema": SCHEMA},
        "item": [{
            "name": "Deep",
            "request": {"method": "POST", "url": "https://api.example.com/deep",
                "body": {"mode": "formdata", "formdata": [{"key": "payload", "value": body, "type": "text"}]}},
            "response": [{"name": "ok", "code": 200, "body": body}]
        }]
    });
    serde_json::to_vec(&collection).unwrap()
}

#[test]
fn deeply_nested_example_bodies_generate_valid_code() {
    // Examples nested within serde_json's recursion limit (128) are read and typed, so the
    // generator recurses over them. Each case runs in a child process (this same test, told
    // which case by an environment variable) on a thread with the default 2 MiB test stack,
    // so that a stack overflow fails this test instead of aborting the whole test binary.
    const VAR: &str = "HOSTILE_DEEP_CASE";
    if let Ok(case) = std::env::var(VAR) {
        let (what, depth) = case.split_once(':').unwrap();
        let bytes = deep_example(what, depth.parse().unwrap());
        let result = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || support::pipeline_property("deep.json", &bytes))
            .unwrap()
            .join()
            .unwrap();
        result.unwrap();
        return;
    }
    let mut failures = Vec::new();
    for depth in [30, 60, 90, 120] {
        for what in ["arrays", "objects"] {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "deeply_nested_example_bodies_generate_valid_code",
                    "--nocapture",
                    "--test-threads",
                    "1",
                ])
                .env(VAR, format!("{what}:{depth}"))
                .output()
                .unwrap();
            if !out.status.success() {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let tail: Vec<&str> = stderr.lines().rev().take(6).collect();
                failures.push(format!(
                    "{what} nested {depth} deep: {} ({})",
                    out.status,
                    tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
                ));
            }
        }
    }
    report(&failures);
}

// ---------------------------------------------------------------------------------------------
// Bounded size
// ---------------------------------------------------------------------------------------------

fn synthetic(requests: usize, description: &str) -> Vec<u8> {
    let mut s = String::with_capacity(requests * (120 + description.len()));
    s.push_str(r#"{"info":{"name":"big","schema":""#);
    s.push_str(SCHEMA);
    s.push_str(r#""},"variable":[{"key":"baseUrl","value":"https://api.example.com"}],"item":["#);
    let description = serde_json::to_string(description).unwrap();
    for i in 0..requests {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"name":"Request {i}","request":{{"method":"GET","url":"{{{{baseUrl}}}}/items/{i}/:id","description":{description}}},"response":[{{"name":"nf","code":404,"body":""}}]}}"#
        ));
    }
    s.push_str("]}");
    s.into_bytes()
}

/// Generates and checks the result only: Ok with valid code and one method per request, or an
/// error that names the file. Prints the time taken (not asserted).
fn generate_big(name: &str, bytes: &[u8], requests: usize) {
    let start = Instant::now();
    let result = postman_codegen::generate(name, bytes);
    let generated_in = start.elapsed();
    match result {
        Ok(generated) => {
            let start = Instant::now();
            // Parsed back unless huge (a second copy of a huge syntax tree costs gigabytes).
            if generated.code.len() < 64 << 20 {
                if let Err(e) = syn::parse_file(&generated.code) {
                    panic!("{name}: output does not parse: {e}");
                }
            }
            // Request methods are the module's only functions returning a `Pending`.
            let methods = generated
                .code
                .matches("-> ::postman_runtime::Pending<")
                .count();
            assert_eq!(methods, requests, "{name}: one method per request");
            eprintln!(
                "{name}: {} input bytes, {} output bytes, generated in {generated_in:?}, parsed back in {:?}",
                bytes.len(),
                generated.code.len(),
                start.elapsed()
            );
        }
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with(name), "{name}: unclear error: {text}");
            assert!(!matches!(e, Error::Internal { .. }), "{name}: {text}");
            eprintln!("{name}: error after {generated_in:?}: {text}");
        }
    }
}

#[test]
fn three_hundred_requests() {
    let bytes = synthetic(300, "");
    generate_big("three-hundred.json", &bytes, 300);
}

#[test]
#[ignore = "100,000 requests: minutes in a debug build; CI runs it with `cargo test --release -p postman-codegen --test hostile -- --ignored`"]
fn a_hundred_thousand_requests() {
    let bytes = synthetic(100_000, "");
    generate_big("hundred-thousand.json", &bytes, 100_000);
}

#[test]
fn a_megabyte_name_and_description() {
    let big: String = "Abc def ".repeat(128 * 1024);
    let collection = json!({
        "info": {"name": big, "description": big, "schema": SCHEMA},
        "item": [{
            "name": big,
            "request": {"method": "GET", "url": "https://api.example.com/x", "description": big}
        }]
    });
    let bytes = serde_json::to_vec(&collection).unwrap();
    generate_big("megabyte.json", &bytes, 1);
}

#[test]
#[ignore = "about 50 MB of input: slow in a debug build; CI runs it with `cargo test --release -p postman-codegen --test hostile -- --ignored`"]
fn a_fifty_megabyte_collection() {
    let description =
        "A long description line with `code`, **bold** and <b>html</b>.\n".repeat(1_600);
    let bytes = synthetic(500, &description);
    assert!(bytes.len() > 50_000_000, "{}", bytes.len());
    generate_big("fifty-megabytes.json", &bytes, 500);
}
