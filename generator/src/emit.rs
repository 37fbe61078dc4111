//! Emission: the IR becomes Rust tokens with `quote!`. Nothing here reads Postman JSON.
//!
//! Generated code spells `::std::...`, `::reqwest::...` and `::serde::...` in full so that a
//! collection type named `Result` or `String` cannot shadow what the client relies on.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{
    AuthDef, BodyDef, EnumDef, FieldDef, Module, OpBase, Operation, PartEncoding, PathPart,
    StructDef, StructKind, Success, TypeDef, TypeRef,
};
use crate::names::to_ident;

/// Emits the whole module.
pub fn emit(module: &Module) -> TokenStream {
    let mut needs = Needs::default();
    let mut types = TokenStream::new();
    for def in &module.types {
        types.extend(match def {
            TypeDef::Struct(s) => emit_struct(s, &mut needs),
            TypeDef::Enum(e) => emit_enum(e),
        });
    }
    let mut methods = TokenStream::new();
    let mut errors = TokenStream::new();
    for op in &module.operations {
        methods.extend(emit_operation(op, &module.client.auth, &mut needs));
        errors.extend(emit_error(op));
    }
    let client = emit_client(module, methods);
    let api_response = emit_api_response();
    let helpers = emit_helpers(&needs);
    quote! {
        #client
        #api_response
        #helpers
        #errors
        #types
    }
}

/// Which private helpers the module uses, so that no unused one is emitted.
#[derive(Default)]
struct Needs {
    path_segment: bool,
    decode: bool,
    null_as_default: bool,
    json_text: bool,
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

fn emit_struct(def: &StructDef, needs: &mut Needs) -> TokenStream {
    let name = to_ident(&def.name);
    let docs = doc(&def.doc);
    let mut fields = TokenStream::new();
    for field in &def.fields {
        fields.extend(emit_field(def.kind, field, needs));
    }
    match def.kind {
        StructKind::Response => quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Default, ::serde::Deserialize)]
            pub struct #name { #fields }
        },
        StructKind::RequestJson => quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize)]
            pub struct #name { #fields }
        },
        StructKind::Multipart => {
            let defaultable = def
                .fields
                .iter()
                .all(|f| matches!(f.ty, TypeRef::Optional(_) | TypeRef::String));
            let derive_default = defaultable.then(|| quote!(Default,));
            let parts = def.fields.iter().map(|f| emit_part(f, needs));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #derive_default)]
                pub struct #name { #fields }

                impl #name {
                    fn to_form(&self) -> ::std::result::Result<::reqwest::multipart::Form, ::std::string::String> {
                        let form = ::reqwest::multipart::Form::new();
                        #(#parts)*
                        ::std::result::Result::Ok(form)
                    }
                }
            }
        }
    }
}

fn emit_field(kind: StructKind, field: &FieldDef, needs: &mut Needs) -> TokenStream {
    let name = to_ident(&field.name);
    let docs = doc(&field.doc);
    let field_ty = ty(&field.ty);
    let rename = (field.name != field.wire).then(|| {
        let wire = lit(&field.wire);
        quote!(rename = #wire,)
    });
    let optional = matches!(field.ty, TypeRef::Optional(_));
    let serde = match kind {
        StructKind::Response if optional => quote!(#[serde(#rename default)]),
        StructKind::Response => {
            needs.null_as_default = true;
            quote!(#[serde(#rename default, deserialize_with = "null_as_default")])
        }
        StructKind::RequestJson if optional => {
            quote!(#[serde(#rename skip_serializing_if = "::std::option::Option::is_none")])
        }
        StructKind::RequestJson => match rename {
            Some(rename) => quote!(#[serde(#rename)]),
            None => TokenStream::new(),
        },
        StructKind::Multipart => TokenStream::new(),
    };
    quote! {
        #docs
        #serde
        pub #name: #field_ty,
    }
}

fn emit_part(field: &FieldDef, needs: &mut Needs) -> TokenStream {
    let name = to_ident(&field.name);
    let wire = lit(&field.wire);
    let optional = matches!(field.ty, TypeRef::Optional(_));
    let value = match field.encoding {
        PartEncoding::Text => quote!(value.clone()),
        PartEncoding::Enum => quote!(value.as_str()),
        PartEncoding::Json => {
            needs.json_text = true;
            quote!(json_text(#wire, value)?)
        }
    };
    if optional {
        quote! {
            let form = match &self.#name {
                ::std::option::Option::Some(value) => form.text(#wire, #value),
                ::std::option::Option::None => form,
            };
        }
    } else {
        quote! {
            let value = &self.#name;
            let form = form.text(#wire, #value);
        }
    }
}

fn emit_enum(def: &EnumDef) -> TokenStream {
    let name = to_ident(&def.name);
    let docs = doc(&def.doc);
    let variants = def.variants.iter().map(|v| {
        let ident = to_ident(&v.name);
        let docs = doc(&v.doc);
        let wire = lit(&v.wire);
        quote! {
            #docs
            #[serde(rename = #wire)]
            #ident,
        }
    });
    let arms = def.variants.iter().map(|v| {
        let ident = to_ident(&v.name);
        let wire = lit(&v.wire);
        quote!(Self::#ident => #wire,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #name { #(#variants)* }

        impl #name {
            /// The exact string sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn emit_client(module: &Module, methods: TokenStream) -> TokenStream {
    let client = &module.client;
    let title = module.title.replace('`', "'");
    let client_doc = doc(&format!(
        "Client for the `{title}` API.\n\nCreate one with [`Client::new`] and share it: it is cheap to clone and reuses connections."
    ));
    let (auth_fields, auth_params, auth_init, auth_doc, apply_auth) = match &client.auth {
        AuthDef::None => (
            quote!(),
            quote!(),
            quote!(),
            String::new(),
            quote!(request),
        ),
        AuthDef::Bearer { from } => (
            quote!(bearer_token: ::std::string::String,),
            quote!(bearer_token: impl ::std::convert::Into<::std::string::String>,),
            quote!(bearer_token: bearer_token.into(),),
            format!("`bearer_token` is sent as `Authorization: Bearer <token>` (the collection's `{from}` auth)."),
            quote!(request.bearer_auth(&self.bearer_token)),
        ),
        AuthDef::Basic => (
            quote!(username: ::std::string::String, password: ::std::string::String,),
            quote!(username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>,),
            quote!(username: username.into(), password: password.into(),),
            "`username` and `password` are sent with HTTP basic auth.".to_owned(),
            quote!(request.basic_auth(&self.username, ::std::option::Option::Some(&self.password))),
        ),
        AuthDef::ApiKey { name, in_query } => {
            let key = lit(name);
            let apply = if *in_query {
                quote!(request.query(&[(#key, self.api_key.as_str())]))
            } else {
                quote!(request.header(#key, self.api_key.as_str()))
            };
            (
                quote!(api_key: ::std::string::String,),
                quote!(api_key: impl ::std::convert::Into<::std::string::String>,),
                quote!(api_key: api_key.into(),),
                format!(
                    "`api_key` is sent as the `{}` {}.",
                    name.replace('`', "'"),
                    if *in_query { "query parameter" } else { "header" }
                ),
                apply,
            )
        }
    };
    let has_auth = !matches!(client.auth, AuthDef::None);
    let (default_const, base_param, base_init, base_doc) = match &client.default_base_url {
        Some(url) => {
            let url = url.trim_end_matches('/');
            let url_lit = lit(url);
            let const_doc = doc(&format!(
                "The base URL used unless [`Client::with_base_url`] replaces it, from {}.",
                module.client.base_url_source.replace('`', "'")
            ));
            (
                quote! {
                    #const_doc
                    pub const DEFAULT_BASE_URL: &'static str = #url_lit;
                },
                quote!(),
                quote!(base_url: ::std::string::String::from(Self::DEFAULT_BASE_URL),),
                "It sends requests to [`Client::DEFAULT_BASE_URL`].".to_owned(),
            )
        }
        None => (
            quote!(),
            quote!(base_url: impl ::std::convert::Into<::std::string::String>,),
            quote!(base_url: trim_base_url(base_url.into()),),
            format!(
                "`base_url` replaces {}, which the collection gives no value for.",
                module.client.base_url_source.replace('`', "'")
            ),
        ),
    };
    let new_doc = doc(&format!("Creates a client. {base_doc} {auth_doc}"));
    let no_args = client.default_base_url.is_some() && !has_auth;
    let default_impl = no_args.then(|| {
        quote! {
            impl ::std::default::Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let send_auth_param = has_auth.then(|| quote!(authenticated: bool,));
    let apply = if has_auth {
        quote! {
            let request = if authenticated { #apply_auth } else { request };
        }
    } else {
        quote!()
    };
    quote! {
        #client_doc
        #[derive(Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            http: ::reqwest::Client,
            #auth_fields
        }

        impl ::std::fmt::Debug for Client {
            // Credentials stay out of logs.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client").field("base_url", &self.base_url).finish_non_exhaustive()
            }
        }

        #default_impl

        impl Client {
            #default_const

            #new_doc
            pub fn new(#base_param #auth_params) -> Self {
                Self {
                    #base_init
                    http: ::reqwest::Client::new(),
                    #auth_init
                }
            }

            /// Sends requests to `base_url` instead (a trailing `/` is ignored; a path prefix is kept).
            pub fn with_base_url(mut self, base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.base_url = trim_base_url(base_url.into());
                self
            }

            /// Uses `http` for requests (for timeouts, proxies, TLS settings or middleware).
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            async fn send(&self, request: ::reqwest::RequestBuilder, #send_auth_param) -> ::std::result::Result<ApiResponse, ::reqwest::Error> {
                #apply
                let response = request.send().await?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.text().await?;
                ::std::result::Result::Ok(ApiResponse::new(status, headers, body))
            }

            #methods
        }

        fn trim_base_url(mut base_url: ::std::string::String) -> ::std::string::String {
            while base_url.ends_with('/') {
                base_url.pop();
            }
            base_url
        }
    }
}

fn emit_api_response() -> TokenStream {
    quote! {
        /// A response as it arrived: status, headers and body text.
        ///
        /// For error statuses whose body is a JSON object, `code` and `message` hold its
        /// `code` and `message` fields (Zoom's error format).
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct ApiResponse {
            /// The HTTP status code.
            pub status: u16,
            /// The response headers.
            pub headers: ::reqwest::header::HeaderMap,
            /// The body as text.
            pub body: ::std::string::String,
            /// The `code` field of a JSON error body.
            pub code: ::std::option::Option<i64>,
            /// The `message` (or `error`) field of a JSON error body.
            pub message: ::std::option::Option<::std::string::String>,
        }

        impl ApiResponse {
            fn new(status: u16, headers: ::reqwest::header::HeaderMap, body: ::std::string::String) -> Self {
                let mut code = ::std::option::Option::None;
                let mut message = ::std::option::Option::None;
                // Success bodies are decoded by the operation; only error bodies are inspected here.
                if !(200..300).contains(&status) {
                    if let ::std::result::Result::Ok(::serde_json::Value::Object(fields)) = ::serde_json::from_str::<::serde_json::Value>(&body) {
                        code = fields.get("code").and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.parse().ok())));
                        message = fields.get("message").or_else(|| fields.get("error")).and_then(|m| m.as_str()).map(::std::string::String::from);
                    }
                }
                Self { status, headers, body, code, message }
            }

            /// The value of header `name`, if present and valid text.
            pub fn header(&self, name: &str) -> ::std::option::Option<&str> {
                self.headers.get(name).and_then(|v| v.to_str().ok())
            }

            /// The `Retry-After` header: seconds or an HTTP date, as sent.
            pub fn retry_after(&self) -> ::std::option::Option<&str> {
                self.header("retry-after")
            }
        }

        impl ::std::fmt::Display for ApiResponse {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "HTTP {}", self.status)?;
                if let ::std::option::Option::Some(code) = self.code {
                    write!(f, ", code {code}")?;
                }
                match &self.message {
                    ::std::option::Option::Some(message) => write!(f, ": {message}"),
                    ::std::option::Option::None if self.body.is_empty() => ::std::result::Result::Ok(()),
                    ::std::option::Option::None => {
                        let excerpt: ::std::string::String = self.body.chars().take(200).collect();
                        write!(f, ": {excerpt}")
                    }
                }
            }
        }
    }
}

fn emit_helpers(needs: &Needs) -> TokenStream {
    let mut out = TokenStream::new();
    if needs.path_segment {
        out.extend(quote! {
            /// Percent-encodes `value` as exactly one path segment; `.`/`..`/empty would change the path.
            fn path_segment(name: &str, value: &str) -> ::std::result::Result<::std::string::String, ::std::string::String> {
                if value.is_empty() || value == "." || value == ".." {
                    return ::std::result::Result::Err(::std::format!("path parameter `{name}` must not be empty, `.` or `..`"));
                }
                let mut out = ::std::string::String::with_capacity(value.len());
                for byte in value.bytes() {
                    if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                        out.push(char::from(byte));
                    } else {
                        out.push_str(&::std::format!("%{byte:02X}"));
                    }
                }
                ::std::result::Result::Ok(out)
            }
        });
    }
    if needs.decode {
        out.extend(quote! {
            fn decode<T: ::serde::de::DeserializeOwned>(response: ApiResponse) -> ::std::result::Result<T, (::std::boxed::Box<ApiResponse>, ::serde_json::Error)> {
                match ::serde_json::from_str(&response.body) {
                    ::std::result::Result::Ok(value) => ::std::result::Result::Ok(value),
                    ::std::result::Result::Err(error) => ::std::result::Result::Err((::std::boxed::Box::new(response), error)),
                }
            }
        });
    }
    if needs.null_as_default {
        out.extend(quote! {
            /// Reads `null` as the type's default, so a response may omit or null out any field.
            fn null_as_default<'de, D, T>(deserializer: D) -> ::std::result::Result<T, D::Error>
            where
                D: ::serde::Deserializer<'de>,
                T: ::std::default::Default + ::serde::Deserialize<'de>,
            {
                let value: ::std::option::Option<T> = ::serde::Deserialize::deserialize(deserializer)?;
                ::std::result::Result::Ok(value.unwrap_or_default())
            }
        });
    }
    if needs.json_text {
        out.extend(quote! {
            fn json_text<T: ::serde::Serialize>(name: &str, value: &T) -> ::std::result::Result<::std::string::String, ::std::string::String> {
                ::serde_json::to_string(value).map_err(|error| ::std::format!("cannot encode `{name}` as JSON: {error}"))
            }
        });
    }
    out
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
            let bytes = proc_macro2::Literal::byte_string(method.as_bytes());
            quote! {
                ::reqwest::Method::from_bytes(#bytes).map_err(|e| #error::InvalidRequest(e.to_string()))?
            }
        }
    }
}

fn emit_operation(op: &Operation, auth: &AuthDef, needs: &mut Needs) -> TokenStream {
    let name = to_ident(&op.name);
    let error = to_ident(&op.error_type);
    let success = match &op.success {
        Success::Unit => quote!(()),
        Success::Text => quote!(::std::string::String),
        Success::Json(t) => ty(t),
    };

    let mut doc_text = op.doc.clone();
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    for param in &op.path_params {
        let ident = to_ident(&param.name);
        args.push(quote!(#ident: &str));
        let summary = param
            .doc
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
        arg_docs.push(
            format!("- `{}`: {}", param.name, summary)
                .trim_end()
                .to_owned(),
        );
    }
    if let Some(BodyDef::Multipart(body)) = &op.body {
        let body_ty = to_ident(body);
        args.push(quote!(body: &#body_ty));
        arg_docs.push(format!(
            "- `body`: the form fields, sent as `multipart/form-data` ([`{body}`])."
        ));
    }
    if !arg_docs.is_empty() {
        doc_text.push_str("\n\n# Arguments\n\n");
        doc_text.push_str(&arg_docs.join("\n"));
    }
    doc_text.push_str(&format!(
        "\n\n# Errors\n\nReturns [`{}`] for documented error statuses, for other statuses, and when the request cannot be sent or the response decoded.",
        op.error_type
    ));
    let docs = doc(&doc_text);

    let base = match &op.base {
        OpBase::Client => quote!(self.base_url.clone()),
        OpBase::Fixed(text) => {
            let text = lit(text.trim_end_matches('/'));
            quote!(::std::string::String::from(#text))
        }
    };
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => {
            let text = lit(text);
            quote!(url.push_str(#text);)
        }
        PathPart::Param(index) => {
            needs.path_segment = true;
            let (ident, wire) = match op.path_params.get(*index) {
                Some(p) => (to_ident(&p.name), lit(&p.name)),
                None => (to_ident("missing"), lit("missing")),
            };
            quote!(url.push_str(&path_segment(#wire, #ident).map_err(#error::InvalidRequest)?);)
        }
    });
    let method = method_tokens(&op.method, &error);
    let body = match &op.body {
        Some(BodyDef::Multipart(_)) => {
            quote!(let request = request.multipart(body.to_form().map_err(#error::InvalidRequest)?);)
        }
        None => quote!(),
    };
    let send_auth = (!matches!(auth, AuthDef::None)).then(|| {
        let authenticated = op.authenticated;
        quote!(#authenticated)
    });
    let ok = match &op.success {
        Success::Unit => quote!(::std::result::Result::Ok(())),
        Success::Text => quote!(::std::result::Result::Ok(response.body)),
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
    quote! {
        #docs
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#success, #error> {
            let mut url = #base;
            #(#path)*
            let request = self.http.request(#method, url);
            #body
            let response = self.send(request, #send_auth).await.map_err(#error::Transport)?;
            match response.status {
                200..=299 => #ok,
                #(#arms)*
                _ => ::std::result::Result::Err(#error::UnexpectedStatus(::std::boxed::Box::new(response))),
            }
        }
    }
}

fn emit_error(op: &Operation) -> TokenStream {
    let error = to_ident(&op.error_type);
    let enum_doc = doc(&format!("Errors of [`Client::{}`].", op.name));
    // The method name goes into the format strings themselves (clippy::write_literal); it is a
    // sanitized identifier, so it holds no braces.
    let fmt = |rest: &str| lit(&format!("{}: {rest}", op.name));
    let status_fmt = fmt("{}");
    let unexpected_fmt = fmt("undocumented {}");
    let body_fmt = fmt("HTTP {} body does not match the documented shape: {}");
    let request_fmt = fmt("invalid request: {}");
    let transport_fmt = fmt("request failed: {}");
    let variants = op.errors.iter().map(|v| {
        let ident = to_ident(&v.name);
        let docs = doc(&v.doc);
        quote! {
            #docs
            #ident(::std::boxed::Box<ApiResponse>),
        }
    });
    let display_arms = op.errors.iter().map(|v| {
        let ident = to_ident(&v.name);
        quote!(Self::#ident(response) => write!(f, #status_fmt, response),)
    });
    let response_arms = op.errors.iter().map(|v| {
        let ident = to_ident(&v.name);
        quote!(Self::#ident(response) => ::std::option::Option::Some(response),)
    });
    quote! {
        #enum_doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #error {
            #(#variants)*
            /// A status the collection does not document.
            UnexpectedStatus(::std::boxed::Box<ApiResponse>),
            /// A successful status whose body does not match the documented example.
            InvalidBody {
                /// The response, body text included.
                response: ::std::boxed::Box<ApiResponse>,
                /// Why the body did not decode.
                error: ::serde_json::Error,
            },
            /// The arguments cannot form a valid request; nothing was sent.
            InvalidRequest(::std::string::String),
            /// The request could not be sent, or the response could not be read.
            Transport(::reqwest::Error),
        }

        impl #error {
            /// The response, when the server answered.
            pub fn response(&self) -> ::std::option::Option<&ApiResponse> {
                match self {
                    #(#response_arms)*
                    Self::UnexpectedStatus(response) => ::std::option::Option::Some(response),
                    Self::InvalidBody { response, .. } => ::std::option::Option::Some(response),
                    Self::InvalidRequest(_) | Self::Transport(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::UnexpectedStatus(response) => write!(f, #unexpected_fmt, response),
                    Self::InvalidBody { response, error } => write!(f, #body_fmt, response.status, error),
                    Self::InvalidRequest(message) => write!(f, #request_fmt, message),
                    Self::Transport(error) => write!(f, #transport_fmt, error),
                }
            }
        }

        impl ::std::error::Error for #error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::InvalidBody { error, .. } => ::std::option::Option::Some(error),
                    Self::Transport(error) => ::std::option::Option::Some(error),
                    _ => ::std::option::Option::None,
                }
            }
        }
    }
}
