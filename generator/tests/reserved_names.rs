//! Requests and folders named after every method, field and type the generated client defines
//! itself (`collections/reserved-names.postman_collection.json`) each get a name of their own:
//! `impl Client` defines no name twice, and the client's own methods keep their names.

use std::collections::BTreeMap;

#[test]
fn no_request_or_folder_takes_a_name_the_client_defines() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../collections/reserved-names.postman_collection.json"
    );
    let bytes = std::fs::read(path).unwrap();
    let generated =
        postman_codegen::generate("reserved-names.postman_collection.json", &bytes).unwrap();
    let file = syn::parse_file(&generated.code).unwrap();
    let mut methods: BTreeMap<String, usize> = BTreeMap::new();
    let mut fields = Vec::new();
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                for item in &imp.items {
                    match item {
                        syn::ImplItem::Fn(f) => {
                            *methods.entry(f.sig.ident.to_string()).or_default() += 1
                        }
                        syn::ImplItem::Const(c) => {
                            *methods.entry(c.ident.to_string()).or_default() += 1
                        }
                        _ => {}
                    }
                }
            }
            syn::Item::Struct(s) if s.ident == "Client" => {
                fields.extend(
                    s.fields
                        .iter()
                        .filter_map(|f| f.ident.as_ref().map(|i| i.to_string())),
                );
            }
            syn::Item::Struct(s) => *types.entry(s.ident.to_string()).or_default() += 1,
            syn::Item::Enum(e) => *types.entry(e.ident.to_string()).or_default() += 1,
            syn::Item::Type(t) => *types.entry(t.ident.to_string()).or_default() += 1,
            syn::Item::Use(u) => {
                let tree = &u.tree;
                let text = quote::quote!(#tree).to_string();
                let name = text.rsplit(' ').next().unwrap_or_default().to_owned();
                *types.entry(name).or_default() += 1;
            }
            _ => {}
        }
    }
    let twice: Vec<_> = methods.iter().filter(|(_, &n)| n > 1).collect();
    assert!(
        twice.is_empty(),
        "defined twice in impl Client blocks: {twice:?}"
    );
    let twice: Vec<_> = types.iter().filter(|(_, &n)| n > 1).collect();
    assert!(twice.is_empty(), "types defined twice: {twice:?}");
    // The client's own methods, each credential's setter among them, keep their names...
    for own in [
        "new",
        "with_base_url",
        "with_http_client",
        "with_timeout",
        "with_redirects",
        "with_body_limits",
        "with_cookie_store",
        "base_url",
        "with_api_key_header_x_token",
        "with_api_key_query_key",
        "with_bearer_token",
        "with_basic_auth",
    ] {
        assert!(methods.contains_key(own), "`{own}` is missing: {methods:?}");
    }
    // ... and no method shares a name with a field (doc links would be ambiguous).
    for field in &fields {
        assert!(
            !methods.contains_key(field),
            "`{field}` is a field and a method"
        );
    }
    // The requests named like them are renamed, the folder's accessor too.
    for renamed in [
        "new_2",
        "with_timeout_2",
        "core_2",
        "with_api_key_header_x_token_2",
        "with_api_key_query_key_2",
        "with_api_key_query_key_3",
    ] {
        assert!(
            methods.contains_key(renamed),
            "`{renamed}` is missing: {methods:?}"
        );
    }
}

/// With the blocking face, `blocking::Client` defines no name twice either and keeps its own
/// methods' names; the folders named `blocking` (at the root and inside one) are renamed, so
/// that every module's `blocking` is its blocking face.
#[test]
fn the_blocking_face_keeps_its_names() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../collections/reserved-names.postman_collection.json"
    );
    let bytes = std::fs::read(path).unwrap();
    let options = postman_codegen::Options::default().blocking(true);
    let generated =
        postman_codegen::generate_with("reserved-names.postman_collection.json", &bytes, &options)
            .unwrap();
    let file = syn::parse_file(&generated.code).unwrap();
    /// The items of the inline module `name` in `items`.
    fn module<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a [syn::Item]> {
        items.iter().find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| &i[..]),
            _ => None,
        })
    }
    /// The methods of the inherent impls in `items`, with how often each is defined.
    fn methods(items: &[syn::Item]) -> BTreeMap<String, usize> {
        let mut methods = BTreeMap::new();
        for item in items {
            if let syn::Item::Impl(imp) = item {
                if imp.trait_.is_none() {
                    for item in &imp.items {
                        if let syn::ImplItem::Fn(f) = item {
                            *methods.entry(f.sig.ident.to_string()).or_default() += 1;
                        }
                    }
                }
            }
        }
        methods
    }
    let blocking = module(&file.items, "blocking").expect("the root has `mod blocking`");
    let client = methods(blocking);
    let twice: Vec<_> = client.iter().filter(|(_, &n)| n > 1).collect();
    assert!(
        twice.is_empty(),
        "defined twice in blocking::Client: {twice:?}"
    );
    for own in [
        "new",
        "with_base_url",
        "with_timeout",
        "with_retry",
        "with_api_key_header_x_token",
        "base_url",
        "as_async",
        "block_on",
    ] {
        assert!(client.contains_key(own), "`{own}` is missing: {client:?}");
    }
    // The requests named like them have names of their own, the same as the async client's.
    let async_methods = methods(&file.items);
    for renamed in [
        "block_on_2",
        "as_async_2",
        "from_2",
        "blocking_2",
        "blocking_3",
    ] {
        assert!(client.contains_key(renamed), "`{renamed}`: {client:?}");
        assert!(
            async_methods.contains_key(renamed),
            "`{renamed}`: {async_methods:?}"
        );
    }
    assert!(!client.contains_key("from"), "{client:?}");
    // The folder `blocking` is `blocking_3`, its sub-folder `blocking` is `blocking_2`, and
    // each has a blocking face of its own.
    let folder = module(&file.items, "blocking_3").expect("folder `blocking` is `blocking_3`");
    let sub = module(folder, "blocking_2").expect("its sub-folder is `blocking_2`");
    for items in [folder, sub] {
        let face = module(items, "blocking").expect("a folder's blocking face");
        assert!(!methods(face).is_empty());
    }
}
