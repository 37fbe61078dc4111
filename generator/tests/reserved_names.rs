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
