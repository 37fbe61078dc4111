//! One async method per operation, and the struct of its optional arguments.

use crate::doc::CodeSpan;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    Arg, ArgType, BasePiece, BodyDef, ClientDef, Location, OpAuth, OpBase, Operation, PathPart,
    Success,
};
use crate::names::to_ident;

use super::client::credential_names;
use super::{doc, lit, ty, Needs};

fn single_char(text: &str) -> Option<Literal> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(Literal::character(c)),
        _ => None,
    }
}

fn method_tokens(method: &str, error: &proc_macro2::Ident) -> TokenStream {
    let known = match method {
        "GET" => Some(quote!(GET)),
        "POST" => Some(quote!(POST)),
        "PUT" => Some(quote!(PUT)),
        "DELETE" => Some(quote!(DELETE)),
        "PATCH" => Some(quote!(PATCH)),
        "HEAD" => Some(quote!(HEAD)),
        "OPTIONS" => Some(quote!(OPTIONS)),
        "TRACE" => Some(quote!(TRACE)),
        "CONNECT" => Some(quote!(CONNECT)),
        _ => None,
    };
    match known {
        Some(name) => quote!(::reqwest::Method::#name),
        None => {
            let bytes = Literal::byte_string(method.as_bytes());
            quote! {
                ::reqwest::Method::from_bytes(#bytes).map_err(|e| #error::InvalidRequest(e.to_string()))?
            }
        }
    }
}

/// The Rust type of an argument as a method parameter (required) or options field.
fn arg_type(arg: &Arg) -> TokenStream {
    match (&arg.ty, arg.required) {
        (ArgType::Text, true) => quote!(&str),
        (ArgType::Text, false) => quote!(::std::option::Option<::std::string::String>),
        (ArgType::List, true) => quote!(&[&str]),
        (ArgType::List, false) => {
            quote!(::std::option::Option<::std::vec::Vec<::std::string::String>>)
        }
        (ArgType::Enum(name), true) => {
            let ident = to_ident(name);
            quote!(#ident)
        }
        (ArgType::Enum(name), false) => {
            let ident = to_ident(name);
            quote!(::std::option::Option<#ident>)
        }
    }
}

/// The struct of an operation's optional arguments, if it has any.
pub(super) fn emit_options(op: &Operation, handle: &str, clone_eq: bool) -> TokenStream {
    let Some(options) = &op.options else {
        return TokenStream::new();
    };
    let options_ty = to_ident(options);
    let fields = op.args.iter().filter(|a| !a.required).map(|arg| {
        let ident = to_ident(&arg.name);
        let field_ty = arg_type(arg);
        let where_ = match arg.location {
            Location::Query => "query parameter",
            Location::Header => "header",
            Location::Path => "path parameter",
        };
        let docs = doc(&format!(
            "{}\n\nThe `{}` {where_}; `None` leaves it out.",
            arg.doc,
            arg.wire.code()
        ));
        quote! {
            #docs
            pub #ident: #field_ty,
        }
    });
    let derives = super::common_derives(clone_eq);
    let options_doc = doc(&format!(
        "Optional parameters of [`{handle}::{}`].",
        op.name
    ));
    quote! {
        #options_doc
        #[derive(#derives Default)]
        pub struct #options_ty {
            #(#fields)*
        }
    }
}

/// Emits the method of an operation.
pub(super) fn emit_operation(
    op: &Operation,
    client: &ClientDef,
    handle: &str,
    needs: &mut Needs,
) -> TokenStream {
    let in_root = handle == "Client";
    let name = to_ident(&op.name);
    let error = to_ident(&op.error_type);
    let success = match &op.success {
        Success::Unit => quote!(()),
        Success::Text => quote!(::std::string::String),
        Success::Bytes => quote!(::std::vec::Vec<u8>),
        Success::Json(t) => ty(t),
    };

    let mut doc_text = op.doc.clone();
    let mut params = Vec::new();
    let mut arg_docs = Vec::new();
    for arg in op.args.iter().filter(|a| a.required) {
        let ident = to_ident(&arg.name);
        let arg_ty = arg_type(arg);
        params.push(quote!(#ident: #arg_ty));
        let summary = arg
            .doc
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
        arg_docs.push(
            format!("- `{}`: {}", arg.name, summary)
                .trim_end()
                .to_owned(),
        );
    }
    let body_param = match &op.body {
        Some(BodyDef::Multipart(body)) | Some(BodyDef::UrlEncoded(body)) => {
            let body_ty = to_ident(body);
            arg_docs.push(format!("- `body`: the form fields ([`{body}`])."));
            Some(quote!(body: &#body_ty))
        }
        Some(BodyDef::Json { ty: t, .. }) => {
            let body_ty = ty(t);
            arg_docs.push("- `body`: the JSON body.".to_owned());
            Some(quote!(body: &#body_ty))
        }
        Some(BodyDef::Text(content_type)) => {
            arg_docs.push(format!(
                "- `body`: the body, sent as `{}`.",
                content_type.code()
            ));
            Some(quote!(body: &str))
        }
        Some(BodyDef::Binary(content_type)) => {
            arg_docs.push(format!(
                "- `body`: the bytes to send, as `{}`.",
                content_type.code()
            ));
            Some(quote!(body: ::std::vec::Vec<u8>))
        }
        Some(BodyDef::GraphQl { variables, .. }) => {
            let vars_ty = ty(variables);
            arg_docs.push(
                "- `variables`: the GraphQL variables (the query is fixed by the collection)."
                    .to_owned(),
            );
            Some(quote!(variables: &#vars_ty))
        }
        None => None,
    };
    params.extend(body_param);

    if let Some(options) = &op.options {
        let options_ty = to_ident(options);
        params.push(quote!(options: &#options_ty));
        arg_docs.push(format!(
            "- `options`: optional parameters ([`{options}`]; `Default::default()` sets none)."
        ));
    }
    if !arg_docs.is_empty() {
        doc_text.push_str("\n\n# Arguments\n\n");
        doc_text.push_str(&arg_docs.join("\n"));
    }
    doc_text.push_str(&format!(
        "\n\n# Errors\n\nReturns [`{}`] for documented error statuses, for other statuses, and when the request cannot be built, sent or decoded.",
        op.error_type
    ));
    let docs = doc(&doc_text);

    // URL: base, then path.
    let base = match &op.base {
        OpBase::Client => quote!(let mut url = client.base_url.clone();),
        OpBase::Fixed(text) => {
            let text = lit(text.trim_end_matches('/'));
            quote!(let mut url = ::std::string::String::from(#text);)
        }
        OpBase::Template(pieces) => {
            let pushes = pieces.iter().map(|p| match p {
                BasePiece::Literal(text) => {
                    let text = lit(text);
                    quote!(url.push_str(#text);)
                }
                BasePiece::Variable(name) => {
                    let name = lit(name);
                    quote!(url.push_str(variable(client, #name).map_err(#error::InvalidRequest)?);)
                }
            });
            quote! {
                let mut url = ::std::string::String::new();
                #(#pushes)*
                let url_trimmed_len = url.trim_end_matches('/').len();
                url.truncate(url_trimmed_len);
            }
        }
    };
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => match single_char(text) {
            // clippy::single_char_add_str
            Some(c) => quote!(url.push(#c);),
            None => {
                let text = lit(text);
                quote!(url.push_str(#text);)
            }
        },
        PathPart::Arg(index) => {
            needs.path_segment = true;
            let (ident, wire) = match op.args.get(*index) {
                Some(a) => (to_ident(&a.name), lit(&a.name)),
                None => (to_ident("missing"), lit("missing")),
            };
            quote!(url.push_str(&path_segment(#wire, #ident).map_err(#error::InvalidRequest)?);)
        }
    });
    let mutates_url = !op.path.is_empty() || matches!(op.base, OpBase::Template(_));
    let base = if mutates_url {
        base
    } else {
        match &op.base {
            OpBase::Client => quote!(let url = client.base_url.clone();),
            OpBase::Fixed(text) => {
                let text = lit(text.trim_end_matches('/'));
                quote!(let url = ::std::string::String::from(#text);)
            }
            OpBase::Template(_) => base,
        }
    };
    let method = method_tokens(&op.method, &error);

    // Query.
    let query_args: Vec<&Arg> = op
        .args
        .iter()
        .filter(|a| a.location == Location::Query)
        .collect();
    let query = if query_args.is_empty() {
        TokenStream::new()
    } else {
        let value = |arg: &Arg, v: TokenStream| match &arg.ty {
            ArgType::Enum(_) => quote!(::std::string::String::from(#v.as_str())),
            _ => quote!(::std::string::String::from(#v)),
        };
        // Pairs go out in the collection's order; runs of required values are added with one
        // `extend` (a `push` right after `Vec::new()` trips clippy::vec_init_then_push).
        let mut statements = Vec::new();
        let mut run: Vec<TokenStream> = Vec::new();
        let mut mutated = false;
        for arg in &query_args {
            let ident = to_ident(&arg.name);
            let wire = lit(&arg.wire);
            if arg.required && arg.ty != ArgType::List {
                let v = value(arg, quote!(#ident));
                run.push(quote!((#wire, #v)));
                continue;
            }
            if !run.is_empty() {
                statements.push(quote!(query.extend([#(#run),*]);));
                run.clear();
            }
            mutated = true;
            statements.push(match (&arg.ty, arg.required) {
                (ArgType::List, true) => quote! {
                    query.extend(#ident.iter().map(|v| (#wire, ::std::string::String::from(*v))));
                },
                (ArgType::List, false) => quote! {
                    if let ::std::option::Option::Some(values) = &options.#ident {
                        query.extend(values.iter().map(|v| (#wire, v.clone())));
                    }
                },
                _ => {
                    let v = value(arg, quote!(value));
                    quote! {
                        if let ::std::option::Option::Some(value) = &options.#ident {
                            query.push((#wire, #v));
                        }
                    }
                }
            });
        }
        let init = if mutated {
            if !run.is_empty() {
                statements.push(quote!(query.extend([#(#run),*]);));
            }
            quote!(let mut query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();)
        } else {
            quote!(let query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec![#(#run),*];)
        };
        quote! {
            #init
            #(#statements)*
            let request = if query.is_empty() { request } else { request.query(&query) };
        }
    };

    // Headers.
    let fixed_headers = op.fixed_headers.iter().map(|(k, v)| {
        let k = lit(k);
        let v = lit(v);
        quote!(let request = request.header(#k, #v);)
    });
    let header_args = op.args.iter().filter(|a| a.location == Location::Header).map(|arg| {
        needs.header_value = true;
        let ident = to_ident(&arg.name);
        let wire = lit(&arg.wire);
        let as_str = match arg.ty {
            ArgType::Enum(_) => quote!(.as_str()),
            _ => quote!(),
        };
        if arg.required {
            quote! {
                let request = request.header(#wire, header_value(#wire, #ident #as_str).map_err(#error::InvalidRequest)?);
            }
        } else {
            quote! {
                let request = match &options.#ident {
                    ::std::option::Option::Some(value) => request.header(#wire, header_value(#wire, value #as_str).map_err(#error::InvalidRequest)?),
                    ::std::option::Option::None => request,
                };
            }
        }
    });

    // Body.
    let body = match &op.body {
        Some(BodyDef::Multipart(_)) => {
            quote!(let request = request.multipart(body.to_form().map_err(#error::InvalidRequest)?);)
        }
        Some(BodyDef::UrlEncoded(_)) => quote!(let request = request.form(body);),
        Some(BodyDef::Json {
            content_type: Some(ct),
            ..
        }) => {
            // reqwest's `json` keeps a content type that is already set.
            let ct = lit(ct);
            quote!(let request = request.header(::reqwest::header::CONTENT_TYPE, #ct).json(body);)
        }
        Some(BodyDef::Json { .. }) => quote!(let request = request.json(body);),
        Some(BodyDef::Text(content_type)) | Some(BodyDef::Binary(content_type)) => {
            let ct = lit(content_type);
            let value = match &op.body {
                Some(BodyDef::Text(_)) => quote!(::std::string::String::from(body)),
                _ => quote!(body),
            };
            quote! {
                let request = request.header(::reqwest::header::CONTENT_TYPE, #ct).body(#value);
            }
        }
        Some(BodyDef::GraphQl { query, .. }) => {
            needs.graphql = true;
            let query = lit(query);
            quote!(let request = request.json(&GraphQl { query: #query, variables });)
        }
        None => TokenStream::new(),
    };

    // Auth and sending.
    let names = credential_names(client);
    needs.send |= !matches!(op.auth, OpAuth::Signer(_));
    let send = match &op.auth {
        OpAuth::None => quote! {
            let response = send(client, request).await.map_err(#error::Transport)?;
        },
        OpAuth::Credential(index) => {
            let field = names
                .get(*index)
                .map(|(f, _)| f.as_str())
                .unwrap_or("bearer_token");
            let authorize = format_ident!("authorize_{}", field);
            quote! {
                let request = #authorize(client, request).map_err(#error::InvalidRequest)?;
                let response = send(client, request).await.map_err(#error::Transport)?;
            }
        }
        OpAuth::Signer(kind) => {
            let kind = lit(kind);
            quote! {
                let request = request.build().map_err(#error::Transport)?;
                let request = sign(client, #kind, request).map_err(#error::InvalidRequest)?;
                let response = execute(client, request).await.map_err(#error::Transport)?;
            }
        }
    };
    let ok = match &op.success {
        Success::Unit => quote!(::std::result::Result::Ok(())),
        Success::Text => quote!(::std::result::Result::Ok(response.body)),
        Success::Bytes => quote!(::std::result::Result::Ok(response.bytes)),
        Success::Json(_) => {
            needs.decode = true;
            quote!(decode(response).map_err(|(response, error)| #error::InvalidBody { response, error }))
        }
    };
    let arms = op.errors.iter().map(|variant| {
        let ident = to_ident(&variant.name);
        let status = Literal::u16_unsuffixed(variant.status);
        quote!(#status => ::std::result::Result::Err(#error::#ident(::std::boxed::Box::new(response))),)
    });
    let client_binding = if in_root {
        quote!(let client = self;)
    } else {
        quote!(let client = self.client;)
    };
    quote! {
        #docs
        pub async fn #name(&self, #(#params),*) -> ::std::result::Result<#success, #error> {
            #client_binding
            #base
            #(#path)*
            let request = client.http.request(#method, url);
            #query
            #(#fixed_headers)*
            #(#header_args)*
            #body
            #send
            match response.status {
                200..=299 => #ok,
                #(#arms)*
                _ => ::std::result::Result::Err(#error::UnexpectedStatus(::std::boxed::Box::new(response))),
            }
        }
    }
}
