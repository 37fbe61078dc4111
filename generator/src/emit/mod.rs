//! Emission: the IR becomes Rust tokens with `quote!`. Nothing here reads Postman JSON.
//!
//! Generated code spells `::std::...`, `::reqwest::...` and `::serde::...` in full so that a
//! collection type named `Result` or `String` cannot shadow what the client relies on.

mod client;
mod errors;
mod operation;
mod types;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Module, TypeDef, TypeRef};
use crate::names::to_ident;

/// Emits the whole module.
pub fn emit(module: &Module) -> TokenStream {
    let mut needs = Needs::default();
    let mut items = TokenStream::new();
    for def in &module.types {
        items.extend(match def {
            TypeDef::Struct(s) => types::emit_struct(s, &mut needs),
            TypeDef::Enum(e) => types::emit_enum(e),
        });
    }
    let mut methods = TokenStream::new();
    for op in &module.operations {
        let (method, options) = operation::emit_operation(op, &module.client, &mut needs);
        methods.extend(method);
        items.extend(options);
        items.extend(errors::emit_error(op));
    }
    let client = client::emit_client(module, methods);
    let support = client::emit_support(module, &needs);
    quote! {
        #client
        #support
        #items
    }
}

/// Which private helpers the module uses, so that no unused one is emitted.
#[derive(Default)]
struct Needs {
    path_segment: bool,
    decode: bool,
    null_as_default: bool,
    json_text: bool,
    header_value: bool,
    graphql: bool,
}

/// One `#[doc]` attribute per line, so the formatter prints `///` comments.
pub fn doc(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
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
