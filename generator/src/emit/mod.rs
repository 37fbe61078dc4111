//! Emission: the IR becomes Rust, each item written as text in prettyplease's layout (see
//! [`text`]) or, when that layout is not one the text path models, built as tokens with
//! `quote!` for prettyplease to print. Nothing here reads Postman JSON.
//!
//! Generated code spells `::std::...`, `::reqwest::...` and `::serde::...` in full so that a
//! collection type named `Result` or `String` cannot shadow what the client relies on.

mod client;
mod errors;
mod operation;
mod support;
pub(crate) mod text;
mod types;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::error::{Error, Result};
use crate::format::{self, Scope, Writer};
use crate::ir::{ClientDef, Group, Module, TypeDef, TypeRef};
use crate::names::to_ident;
use crate::Options;

/// The environment variable that sets how many threads generate one module.
pub const THREADS_ENV: &str = "POSTMAN_CODEGEN_THREADS";

/// Units per chunk: writers take turns by chunk, and the text leaves them a chunk at a time
/// (see [`format::run`]). About 20 KB of text.
const CHUNK_UNITS: usize = 32;

/// Emits and formats the whole module, item by item (see [`Writer`]), passing the text to
/// `sink` a chunk at a time: on as many threads as [`THREADS_ENV`] says, or else as the machine
/// has (at most 8) when the module has 64 or more operations.
pub fn emit_to(
    module: &Module,
    source: &str,
    options: &Options,
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let configured = std::env::var(THREADS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    let shards = match configured {
        Some(n) => n.min(64),
        None if count_operations(&module.root) >= 64 => std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(8),
        None => 1,
    };
    emit_paths(module, source, options, shards, false, sink)
}

/// [`emit_paths`] into a string.
#[cfg(test)]
fn emit_string(
    module: &Module,
    source: &str,
    options: &Options,
    shards: usize,
    reference: bool,
) -> Result<String> {
    let mut code = String::new();
    emit_paths(module, source, options, shards, reference, &mut |text| {
        code.push_str(text);
        Ok(())
    })?;
    Ok(code)
}

/// [`emit_to`] on `shards` writers; with `reference`, every item is built as tokens and
/// printed by prettyplease (the fast text path is off), to check the fast path against.
fn emit_paths(
    module: &Module,
    source: &str,
    options: &Options,
    shards: usize,
    reference: bool,
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    sink(&format::header(source))?;
    let walked = format::run(
        source,
        shards,
        CHUNK_UNITS,
        &|w: &mut Writer<'_>| walk(module, options, reference, w),
        sink,
    )?;
    let mut needs = Needs::default();
    for shard_needs in &walked {
        needs.merge(shard_needs);
    }
    // The helpers come last: which ones are needed is known only once every item is. They are
    // written as the text prettyplease prints for them; the reference path prints it again.
    let mut support = support::support_text(module, &needs);
    if reference {
        let tokens: TokenStream = support.parse().map_err(|error| Error::Internal {
            file: source.to_owned(),
            message: format!("the shared helpers do not lex: {error}"),
        })?;
        support = format::format_body(tokens, source)?;
    }
    sink(&support)
}

/// One writer's walk over the module: the helpers the items it built need.
fn walk(module: &Module, options: &Options, reference: bool, w: &mut Writer<'_>) -> Needs {
    w.set_reference(reference);
    let mut needs = Needs {
        clone_eq: options.derive_clone_eq,
        ..Needs::default()
    };
    let client = client::emit_client(module);
    w.items(|| client.before);
    let fixed = client.methods;
    w.open(Scope::Impl, |inner| quote!(impl Client { #fixed #inner }));
    emit_methods(&module.root, &module.client, true, &mut needs, w);
    w.close();
    w.items(|| client.after);
    for shared in &module.shared_errors {
        let def = errors::ErrorDef::shared(shared);
        w.item(
            &mut (),
            |code, _| errors::write_error(&def, code),
            |_| errors::emit_error(&def),
        );
    }
    emit_items(&module.root, &module.client, true, &mut needs, w);
    needs
}

fn count_operations(group: &Group) -> usize {
    group.operations.len() + group.groups.iter().map(count_operations).sum::<usize>()
}

/// A group's methods: accessors to its sub-groups, then its operations.
fn emit_methods(
    group: &Group,
    client: &ClientDef,
    in_root: bool,
    needs: &mut Needs,
    w: &mut Writer<'_>,
) {
    for sub in &group.groups {
        w.item(
            &mut (),
            |c, _| {
                let module = text::ident(&sub.module);
                let handle = text::ident(&sub.handle);
                let (client_expr, lifetime) = if in_root {
                    ("self", "'_")
                } else {
                    ("self.client", "'a")
                };
                c.doc(&sub.doc);
                c.open_fn(
                    &format!("pub fn {module}("),
                    &["&self"],
                    &format!(") -> {module}::{handle}<{lifetime}> {{"),
                );
                c.struct_literal(&format!("{module}::{handle}"), &[("client", client_expr)]);
                c.close("}");
            },
            |_| accessor_tokens(sub, in_root),
        );
    }
    let handle = handle_name(group, in_root);
    for op in &group.operations {
        w.item(
            needs,
            |code, needs| operation::write_operation(op, client, handle, needs, code),
            |needs| operation::emit_operation(op, client, handle, needs),
        );
    }
}

/// A folder's accessor method (see [`emit_methods`]), as tokens.
fn accessor_tokens(sub: &Group, in_root: bool) -> TokenStream {
    let module = to_ident(&sub.module);
    let handle = to_ident(&sub.handle);
    let accessor_doc = doc(&sub.doc);
    let client_expr = if in_root {
        quote!(self)
    } else {
        quote!(self.client)
    };
    let lifetime = if in_root { quote!('_) } else { quote!('a) };
    quote! {
        #accessor_doc
        pub fn #module(&self) -> #module::#handle<#lifetime> {
            #module::#handle { client: #client_expr }
        }
    }
}

/// A group's items: types, sub-group modules, then each operation's options struct and error enum.
fn emit_items(
    group: &Group,
    client: &ClientDef,
    in_root: bool,
    needs: &mut Needs,
    w: &mut Writer<'_>,
) {
    for def in &group.types {
        w.item(
            needs,
            |code, needs| match def {
                TypeDef::Struct(s) => types::write_struct(s, needs, code),
                TypeDef::Enum(e) => types::write_enum(e, code),
            },
            |needs| match def {
                TypeDef::Struct(s) => types::emit_struct(s, needs),
                TypeDef::Enum(e) => types::emit_enum(e),
            },
        );
    }
    for sub in &group.groups {
        emit_group_module(sub, client, needs, w);
    }
    let handle = handle_name(group, in_root);
    for op in &group.operations {
        let clone_eq = needs.clone_eq;
        w.item(
            &mut (),
            |code, _| operation::write_options(op, handle, clone_eq, code),
            |_| operation::emit_options(op, handle, clone_eq),
        );
        needs.failure = true;
        needs.failure_status |= !op.errors.is_empty();
        match &op.shared_error {
            Some(shared) => w.item(
                &mut (),
                |code, _| errors::write_error_alias(op, handle, shared, code),
                |_| errors::emit_error_alias(op, handle, shared),
            ),
            None => {
                let def = errors::ErrorDef::of(op, handle);
                w.item(
                    &mut (),
                    |code, _| errors::write_error(&def, code),
                    |_| errors::emit_error(&def),
                );
            }
        }
    }
}

/// The type whose methods a group's operations are.
fn handle_name(group: &Group, in_root: bool) -> &str {
    if in_root {
        "Client"
    } else {
        group.handle.as_str()
    }
}

/// A folder's module: its handle type, requests, types and sub-folders.
fn emit_group_module(group: &Group, client: &ClientDef, needs: &mut Needs, w: &mut Writer<'_>) {
    let module = to_ident(&group.module);
    let handle = to_ident(&group.handle);
    let module_text = text::ident(&group.module);
    let handle_text = text::ident(&group.handle);
    w.open_with(
        Scope::Module,
        |c| {
            c.doc(&group.doc);
            c.open_item(&["pub mod ", &module_text, " {"]);
            c.line(&["#[allow(unused_imports)]"]);
            c.line(&["use super::*;"]);
        },
        |inner| {
            let docs = doc(&group.doc);
            quote! {
                #docs
                pub mod #module {
                    // Shared items (`Client`, `ApiResponse`, helpers) come from the enclosing modules.
                    #[allow(unused_imports)]
                    use super::*;
                    #inner
                }
            }
        },
    );
    let handle_doc = format!(
        "{}\n\nGet one from the parent's `{}()` method.",
        group.doc, group.module
    );
    w.item(
        &mut (),
        |c, _| {
            c.doc(&handle_doc);
            c.line(&["#[derive(Debug, Clone, Copy)]"]);
            // Generics can break: a checked line, so an overlong one takes the token path.
            c.open(&["pub struct ", &handle_text, "<'a> {"]);
            c.line(&["pub(super) client: &'a Client,"]);
            c.close("}");
        },
        |_| {
            let handle_doc = doc(&handle_doc);
            quote! {
                #handle_doc
                #[derive(Debug, Clone, Copy)]
                pub struct #handle<'a> {
                    pub(super) client: &'a Client,
                }
            }
        },
    );
    // Accessors to sub-groups hand out the same borrow of the client, so they name it.
    let impl_header = if group.groups.is_empty() {
        quote!(impl #handle<'_>)
    } else {
        quote!(impl<'a> #handle<'a>)
    };
    let impl_text = if group.groups.is_empty() {
        format!("impl {handle_text}<'_>")
    } else {
        format!("impl<'a> {handle_text}<'a>")
    };
    if group.groups.is_empty() && group.operations.is_empty() {
        w.item(
            &mut (),
            |c, _| c.line(&[&impl_text, " {}"]),
            |_| quote!(#impl_header {}),
        );
    } else {
        w.open_with(
            Scope::Impl,
            |c| c.open(&[&impl_text, " {"]),
            |inner| quote!(#impl_header { #inner }),
        );
        emit_methods(group, client, false, needs, w);
        w.close();
    }
    emit_items(group, client, false, needs, w);
    w.close();
}

/// Which private helpers the module uses, so that no unused one is emitted.
#[derive(Default)]
struct Needs {
    /// Some operation sends its request through `Call`.
    call: bool,
    /// Some response struct reads its fields with `Fields`.
    fields: bool,
    json_text: bool,
    graphql: bool,
    /// Some operation's error type uses `Failure`.
    failure: bool,
    /// Some operation's error type has a variant for a documented status.
    failure_status: bool,
    /// Not a need but a setting ([`Options::derive_clone_eq`]): structs also derive `Clone`
    /// and `PartialEq`.
    clone_eq: bool,
}

impl Needs {
    fn merge(&mut self, other: &Needs) {
        self.call |= other.call;
        self.fields |= other.fields;
        self.json_text |= other.json_text;
        self.graphql |= other.graphql;
        self.failure |= other.failure;
        self.failure_status |= other.failure_status;
    }
}

/// The derives every generated struct starts with: `Debug`, and `Clone` and `PartialEq` when
/// asked for.
fn common_derives(clone_eq: bool) -> TokenStream {
    if clone_eq {
        quote!(Debug, Clone, PartialEq,)
    } else {
        quote!(Debug,)
    }
}

/// One `#[doc]` attribute per line, so the formatter prints `///` comments.
pub fn doc(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    let text = text::clean_doc(text);
    for line in text.trim().lines() {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        out.extend(quote!(#[doc = #line]));
    }
    out
}

fn lit(text: &str) -> Literal {
    Literal::string(text)
}

fn ty(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::List(inner) => {
            let inner = ty(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Optional(inner) => {
            let inner = ty(inner);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Named(name) => {
            let ident = to_ident(name);
            quote!(#ident)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Emits `module` with the text path and with every item built as tokens, and panics with
    /// the first differing lines if the texts differ. True if both gave a module, false if both
    /// failed the same way.
    fn same_text_both_ways(module: &Module, name: &str, options: &Options, shards: usize) -> bool {
        let fast = emit_string(module, name, options, shards, false);
        let reference = emit_string(module, name, options, shards, true);
        match (fast, reference) {
            (Ok(fast), Ok(reference)) => {
                if let Some(line) = fast
                    .lines()
                    .zip(reference.lines())
                    .position(|(a, b)| a != b)
                {
                    let show = |text: &str| {
                        text.lines()
                            .skip(line.saturating_sub(3))
                            .take(14)
                            .collect::<Vec<_>>()
                            .join("\n")
                    };
                    panic!(
                        "{name}: the text path differs from prettyplease at line {}:\n--- text path\n{}\n--- prettyplease\n{}",
                        line + 1,
                        show(&fast),
                        show(&reference)
                    );
                }
                assert_eq!(fast, reference, "{name}: one text is longer");
                true
            }
            (Err(fast), Err(reference)) => {
                assert_eq!(fast.to_string(), reference.to_string(), "{name}");
                false
            }
            (fast, reference) => panic!(
                "{name}: the text path gave {:?}, prettyplease {:?}",
                fast.map(|_| ()),
                reference.map(|_| ())
            ),
        }
    }

    /// The fast path (items written as text) gives exactly the text that building every item
    /// as tokens and printing it with prettyplease gives, for every collection of the corpus
    /// and every one we own.
    #[test]
    fn text_path_prints_what_prettyplease_prints() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut files = Vec::new();
        for dir in ["../shared/corpus", "collections"] {
            let dir = std::path::Path::new(root).join(dir);
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    files.push(path);
                }
            }
        }
        files.sort();
        assert!(files.len() > 60, "the corpus is beside the project");
        let options = [Options::default(), Options::default().derive_clone_eq(true)];
        let mut compared = 0;
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(collection) = crate::parse::parse(&name, &bytes) else {
                continue;
            };
            let (module, _) = crate::lower::lower(collection, &name);
            for options in &options {
                if same_text_both_ways(&module, &name, options, 2) {
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "only {compared} modules compared");
    }

    /// The same comparison on collections whose names and keys are rewritten to random lengths
    /// and whose requests sit under random numbers of folders: every line length and depth the
    /// layout rules depend on comes up, not only those of the corpus.
    #[test]
    fn text_path_prints_what_prettyplease_prints_at_any_width_and_depth() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
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
            sources.push(
                std::path::Path::new(root)
                    .join("../shared/corpus")
                    .join(format!("{name}.postman_collection.json")),
            );
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
                        items = serde_json::json!([{ "name": format!("folder {level}"), "item": items }]);
                    }
                    value["item"] = items;
                }
                let bytes = serde_json::to_vec(&value).unwrap();
                let name = format!(
                    "{}-{round}.json",
                    path.file_stem().unwrap().to_string_lossy()
                );
                let Ok(collection) = crate::parse::parse(&name, &bytes) else {
                    continue;
                };
                let (module, _) = crate::lower::lower(collection, &name);
                let options = Options::default().derive_clone_eq(round % 2 == 1);
                if same_text_both_ways(&module, &format!("{name} (depth {depth})"), &options, 1) {
                    compared += 1;
                }
            }
        }
        assert!(compared > 150, "only {compared} modules compared");
    }

    /// The same comparison over every name length from 1 to 100 at folder depths 0 to 7: each
    /// layout rule meets the exact width where prettyplease starts to break the line.
    #[test]
    fn text_path_prints_what_prettyplease_prints_at_every_boundary() {
        let mut folders = Vec::new();
        for depth in 0..8 {
            let mut items = Vec::new();
            for n in 1..=100 {
                let name = "x".repeat(n);
                let key = "k".repeat(n);
                let body = format!(r#"{{"{key}": "v", "{key}_list": [1], "n": 1}}"#);
                let example = format!(r#"{{"{key}": {{"{key}_inner": 1, "s": "t"}}, "e": "a"}}"#);
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
                                { "key": "e", "value": "a", "description": "One of: `a`, `b`." }
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
                        { "name": "gone", "code": 410, "body": "{}" }
                    ]
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
        let collection = crate::parse::parse("boundaries.json", &bytes).unwrap();
        let (module, _) = crate::lower::lower(collection, "boundaries.json");
        for options in [Options::default(), Options::default().derive_clone_eq(true)] {
            assert!(same_text_both_ways(&module, "boundaries.json", &options, 2));
            let fast = emit_string(&module, "boundaries.json", &options, 2, false).unwrap();
            assert_eq!(fast.matches("-> impl ::std::future::Future<").count(), 800);
        }
    }

    /// However the work is split between threads, the text is the same.
    #[test]
    fn output_does_not_depend_on_the_number_of_threads() {
        // Nested folders, 48 requests.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/postman-api.postman_collection.json"
        );
        let bytes = std::fs::read(path).unwrap();
        let collection = crate::parse::parse("postman-api.json", &bytes).unwrap();
        let (module, _) = crate::lower::lower(collection, "postman-api.json");
        let options = Options::default();
        let one = emit_string(&module, "postman-api.json", &options, 1, false).unwrap();
        assert!(
            one.contains("    pub mod "),
            "nested folders give nested modules"
        );
        for shards in [2, 3, 5, 64] {
            assert_eq!(
                emit_string(&module, "postman-api.json", &options, shards, false).unwrap(),
                one,
                "{shards} threads"
            );
        }
        // The text leaves a chunk at a time, never as the whole module: the largest piece
        // the sink is given is a small part of it.
        for shards in [1, 2] {
            let mut pieces = Vec::new();
            emit_paths(
                &module,
                "postman-api.json",
                &options,
                shards,
                false,
                &mut |text| {
                    pieces.push(text.len());
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(pieces.iter().sum::<usize>(), one.len());
            let largest = pieces.iter().copied().max().unwrap_or(0);
            assert!(
                pieces.len() > 10 && largest < one.len() / 5,
                "{shards} threads: {} pieces, the largest {largest} of {} bytes",
                pieces.len(),
                one.len()
            );
        }
    }
}
