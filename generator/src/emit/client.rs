//! The `Client` type, `ApiResponse`, and the private helpers every operation shares.

use crate::doc::CodeSpan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{ClientDef, Credential, Module};
use crate::names::{self, Case};

use super::{doc, lit, Needs};

/// The field and setter name of each credential.
pub(super) fn credential_names(client: &ClientDef) -> Vec<(String, String)> {
    let api_keys = client
        .credentials
        .iter()
        .filter(|c| matches!(c, Credential::ApiKey { .. }))
        .count();
    client
        .credentials
        .iter()
        .map(|c| match c {
            Credential::Bearer => ("bearer_token".to_owned(), "with_bearer_token".to_owned()),
            Credential::Basic => ("basic_auth".to_owned(), "with_basic_auth".to_owned()),
            Credential::ApiKey { .. } if api_keys == 1 => {
                ("api_key".to_owned(), "with_api_key".to_owned())
            }
            Credential::ApiKey { name, in_query } => {
                let base = names::sanitize_or(name, Case::Snake, "key");
                let place = if *in_query { "query" } else { "header" };
                (
                    format!("api_key_{place}_{base}"),
                    format!("with_api_key_{place}_{base}"),
                )
            }
        })
        .collect()
}

fn describe(credential: &Credential) -> String {
    match credential {
        Credential::Bearer => "a bearer token, sent as `Authorization: Bearer <token>`".to_owned(),
        Credential::Basic => "a user name and password, sent with HTTP basic auth".to_owned(),
        Credential::ApiKey { name, in_query } => format!(
            "an API key, sent as the `{}` {}",
            name.code(),
            if *in_query {
                "query parameter"
            } else {
                "header"
            }
        ),
    }
}

/// The client's items, around the `impl Client` block that the root operations join.
pub(super) struct ClientParts {
    /// `Client`, `Signer`, and the `Debug` and `Default` impls.
    pub before: TokenStream,
    /// The constructor and setters, the first items of `impl Client`.
    pub methods: TokenStream,
    /// The credential helpers, `execute` and `trim_base_url`.
    pub after: TokenStream,
}

pub(super) fn emit_client(module: &Module) -> ClientParts {
    let client = &module.client;
    let title = module.title.code();
    let names = credential_names(client);

    let mut fields = TokenStream::new();
    let mut inits = TokenStream::new();
    let mut setters = TokenStream::new();
    let mut authorizers = TokenStream::new();
    let mut new_params = TokenStream::new();
    let mut new_doc = String::from("Creates a client.");

    match &client.default_base_url {
        Some(_) => {
            inits.extend(quote!(base_url: ::std::string::String::from(Self::DEFAULT_BASE_URL),));
            new_doc.push_str(" It sends requests to [`Client::DEFAULT_BASE_URL`].");
        }
        None => {
            new_params.extend(quote!(base_url: impl ::std::convert::Into<::std::string::String>,));
            inits.extend(quote!(base_url: trim_base_url(base_url.into()),));
            new_doc.push_str(&format!(
                " `base_url` stands for {}, which the collection gives no value for.",
                client.base_url_source
            ));
        }
    }

    for (index, (credential, (field, setter))) in client.credentials.iter().zip(&names).enumerate()
    {
        let field = format_ident!("{}", field);
        let setter = format_ident!("{}", setter);
        let authorize = format_ident!("authorize_{}", field);
        let primary = client.primary == Some(index);
        let what = describe(credential);
        let missing = lit(&format!(
            "this request needs {what}: set it with `Client::{setter}`{}",
            if primary { " or `Client::new`" } else { "" }
        ));
        let setter_doc = doc(&format!("Sets {what}."));
        match credential {
            Credential::Bearer | Credential::ApiKey { .. } => {
                fields.extend(quote!(#field: ::std::option::Option<::std::string::String>,));
                setters.extend(quote! {
                    #setter_doc
                    pub fn #setter(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#field = ::std::option::Option::Some(value.into());
                        self
                    }
                });
                if primary {
                    new_params
                        .extend(quote!(#field: impl ::std::convert::Into<::std::string::String>,));
                    inits.extend(quote!(#field: ::std::option::Option::Some(#field.into()),));
                    new_doc.push_str(&format!(" `{field}` is {what}."));
                } else {
                    inits.extend(quote!(#field: ::std::option::Option::None,));
                }
                let apply = match credential {
                    Credential::ApiKey {
                        name,
                        in_query: true,
                    } => {
                        let key = lit(name);
                        quote!(request.query(&[(#key, value.as_str())]))
                    }
                    Credential::ApiKey { name, .. } => {
                        let key = lit(name);
                        quote!(request.header(#key, value.as_str()))
                    }
                    _ => quote!(request.bearer_auth(value)),
                };
                authorizers.extend(quote! {
                    fn #authorize(client: &Client, request: ::reqwest::RequestBuilder) -> ::std::result::Result<::reqwest::RequestBuilder, ::std::string::String> {
                        match &client.#field {
                            ::std::option::Option::Some(value) => ::std::result::Result::Ok(#apply),
                            ::std::option::Option::None => ::std::result::Result::Err(::std::string::String::from(#missing)),
                        }
                    }
                });
            }
            Credential::Basic => {
                fields.extend(quote!(#field: ::std::option::Option<(::std::string::String, ::std::string::String)>,));
                setters.extend(quote! {
                    #setter_doc
                    pub fn #setter(mut self, username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#field = ::std::option::Option::Some((username.into(), password.into()));
                        self
                    }
                });
                if primary {
                    new_params.extend(quote!(username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>,));
                    inits.extend(quote!(#field: ::std::option::Option::Some((username.into(), password.into())),));
                    new_doc.push_str(&format!(" `username` and `password` are {what}."));
                } else {
                    inits.extend(quote!(#field: ::std::option::Option::None,));
                }
                authorizers.extend(quote! {
                    fn #authorize(client: &Client, request: ::reqwest::RequestBuilder) -> ::std::result::Result<::reqwest::RequestBuilder, ::std::string::String> {
                        match &client.#field {
                            ::std::option::Option::Some((username, password)) => ::std::result::Result::Ok(request.basic_auth(username, ::std::option::Option::Some(password))),
                            ::std::option::Option::None => ::std::result::Result::Err(::std::string::String::from(#missing)),
                        }
                    }
                });
            }
        }
    }
    if client.primary.is_none() && !client.credentials.is_empty() {
        new_doc.push_str(" Set credentials with the `with_...` methods.");
    }
    new_doc
        .push_str(" Credentials are taken at run time; none is written into the generated code.");

    if !client.variables.is_empty() {
        fields.extend(quote!(variables: ::std::collections::BTreeMap<::std::string::String, ::std::string::String>,));
        let defaults = client.variables.iter().filter_map(|v| {
            let name = lit(&v.name);
            let value = lit(v.default.as_deref()?);
            Some(quote!((::std::string::String::from(#name), ::std::string::String::from(#value)),))
        });
        inits.extend(quote!(variables: ::std::collections::BTreeMap::from_iter([#(#defaults)*]),));
        let list: Vec<String> = client
            .variables
            .iter()
            .map(|v| match &v.default {
                Some(d) => format!("- `{}` (default `{}`)", v.name.code(), d.code()),
                None => format!("- `{}` (no default: set it before use)", v.name.code()),
            })
            .collect();
        let with_doc = doc(&format!(
            "Sets a collection variable that some request URLs use:\n\n{}",
            list.join("\n")
        ));
        setters.extend(quote! {
            #with_doc
            pub fn with_variable(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.variables.insert(name.into(), value.into());
                self
            }
        });
        authorizers.extend(quote! {
            fn variable<'a>(client: &'a Client, name: &str) -> ::std::result::Result<&'a str, ::std::string::String> {
                client.variables.get(name).map(::std::string::String::as_str).ok_or_else(|| {
                    ::std::format!("the collection variable `{name}` is not set: call `Client::with_variable`")
                })
            }
        });
    }
    if client.signer {
        fields.extend(quote!(signer: ::std::option::Option<::std::sync::Arc<Signer>>,));
        inits.extend(quote!(signer: ::std::option::Option::None,));
        setters.extend(quote! {
            /// Sets the hook that signs requests whose auth kind the generator cannot produce
            /// (digest, oauth1, hawk, awsv4, ntlm, edgegrid, ...). It gets the auth kind and the
            /// finished request, and may change its headers, URL or body.
            pub fn with_signer(mut self, signer: impl Fn(&str, &mut ::reqwest::Request) -> ::std::result::Result<(), ::std::string::String> + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.signer = ::std::option::Option::Some(::std::sync::Arc::new(signer));
                self
            }
        });
        authorizers.extend(quote! {
            fn sign(client: &Client, kind: &str, mut request: ::reqwest::Request) -> ::std::result::Result<::reqwest::Request, ::std::string::String> {
                match &client.signer {
                    ::std::option::Option::Some(signer) => {
                        signer(kind, &mut request)?;
                        ::std::result::Result::Ok(request)
                    }
                    ::std::option::Option::None => ::std::result::Result::Err(::std::format!(
                        "this request uses `{kind}` auth: sign it with `Client::with_signer`"
                    )),
                }
            }
        });
    }

    let client_doc = doc(&format!(
        "Client for the `{title}` API.\n\nCreate one with [`Client::new`] and share it: it is cheap to clone and reuses connections.\n\nEach request method checks its arguments when called and returns a future that sends the request when awaited."
    ));
    let default_const = client.default_base_url.as_ref().map(|url| {
        let url = lit(url.trim_end_matches('/'));
        let const_doc = doc(&format!(
            "The base URL used unless [`Client::with_base_url`] replaces it, from {}.",
            client.base_url_source
        ));
        quote! {
            #const_doc
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let no_args = new_params.is_empty();
    let default_impl = no_args.then(|| {
        quote! {
            impl ::std::default::Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let new_doc = doc(&new_doc);
    let signer_type = client.signer.then(|| {
        quote! {
            /// A request-signing hook: see [`Client::with_signer`].
            pub type Signer = dyn Fn(&str, &mut ::reqwest::Request) -> ::std::result::Result<(), ::std::string::String> + ::std::marker::Send + ::std::marker::Sync;
        }
    });
    let before = quote! {
        #client_doc
        #[derive(Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            http: ::reqwest::Client,
            #fields
        }

        #signer_type

        impl ::std::fmt::Debug for Client {
            // Credentials stay out of logs.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client").field("base_url", &self.base_url).finish_non_exhaustive()
            }
        }

        #default_impl
    };
    let methods = quote! {
            #default_const

            #new_doc
            pub fn new(#new_params) -> Self {
                Self {
                    http: ::reqwest::Client::new(),
                    #inits
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

            #setters

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }
    };
    let after = quote! {
        // Private helpers are free functions, so no request name can collide with them.
        #authorizers

        #[allow(dead_code)] // Unused in a collection without requests.
        async fn execute(client: &Client, request: ::reqwest::Request) -> ::std::result::Result<ApiResponse, ::reqwest::Error> {
            let response = client.http.execute(request).await?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let bytes = response.bytes().await?;
            ::std::result::Result::Ok(ApiResponse::new(status, headers, bytes.to_vec()))
        }

        fn trim_base_url(mut base_url: ::std::string::String) -> ::std::string::String {
            while base_url.ends_with('/') {
                base_url.pop();
            }
            base_url
        }
    };
    ClientParts {
        before,
        methods,
        after,
    }
}

/// `ApiResponse`, `FilePart`, and the private helpers the operations use.
pub(super) fn emit_support(module: &Module, needs: &Needs) -> TokenStream {
    let mut out = quote! {
        /// A response as it arrived: status, headers and body.
        ///
        /// For error statuses whose body is a JSON object, `code` and `message` hold its
        /// `code` and `message` fields (Zoom's error format, and a common one).
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct ApiResponse {
            /// The HTTP status code.
            pub status: u16,
            /// The response headers.
            pub headers: ::reqwest::header::HeaderMap,
            /// The body as text (invalid UTF-8 replaced).
            pub body: ::std::string::String,
            /// The body as bytes.
            pub bytes: ::std::vec::Vec<u8>,
            /// The `code` field of a JSON error body.
            pub code: ::std::option::Option<i64>,
            /// The `message` (or `error`) field of a JSON error body.
            pub message: ::std::option::Option<::std::string::String>,
        }

        impl ApiResponse {
            fn new(status: u16, headers: ::reqwest::header::HeaderMap, bytes: ::std::vec::Vec<u8>) -> Self {
                let body = ::std::string::String::from_utf8_lossy(&bytes).into_owned();
                // Success bodies are decoded by the operation; only error bodies are inspected here.
                // (No `if` inside an `if`: clippy's collapsible_if would flag it in edition 2024.)
                let error_body = if (200..300).contains(&status) {
                    ::std::option::Option::None
                } else {
                    ::serde_json::from_str::<::serde_json::Value>(&body).ok()
                };
                let fields = match error_body {
                    ::std::option::Option::Some(::serde_json::Value::Object(fields)) => fields,
                    _ => ::serde_json::Map::new(),
                };
                let code = fields.get("code").and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.parse().ok())));
                let message = fields.get("message").or_else(|| fields.get("error")).and_then(|m| m.as_str()).map(::std::string::String::from);
                Self { status, headers, body, bytes, code, message }
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
    };
    if module.file_part {
        out.extend(quote! {
            /// A file sent as one part of a `multipart/form-data` body.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct FilePart {
                /// The file name sent in the part's `Content-Disposition`.
                pub file_name: ::std::string::String,
                /// The part's content type; `None` uses the collection's, if it sets one.
                pub content_type: ::std::option::Option<::std::string::String>,
                /// The file's contents.
                pub bytes: ::std::vec::Vec<u8>,
            }

            impl FilePart {
                /// A part with this file name and contents.
                pub fn new(file_name: impl ::std::convert::Into<::std::string::String>, bytes: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                    Self { file_name: file_name.into(), content_type: ::std::option::Option::None, bytes: bytes.into() }
                }

                /// The part; `default_type` is the collection's content type for the field.
                fn to_part(&self, default_type: ::std::option::Option<&str>) -> ::std::result::Result<::reqwest::multipart::Part, ::std::string::String> {
                    let part = ::reqwest::multipart::Part::bytes(self.bytes.clone()).file_name(self.file_name.clone());
                    match self.content_type.as_deref().or(default_type) {
                        ::std::option::Option::Some(content_type) => part
                            .mime_str(content_type)
                            .map_err(|e| ::std::format!("content type `{content_type}`: {e}")),
                        ::std::option::Option::None => ::std::result::Result::Ok(part),
                    }
                }
            }
        });
    }
    if needs.failure {
        out.extend(super::errors::emit_failure(needs.failure_status));
    }
    if needs.call {
        out.extend(emit_call(module));
    }
    if needs.fields {
        out.extend(quote! {
            /// The fields of a JSON object being read into a response struct.
            ///
            /// A field that is missing or `null` takes its type's default value; fields the struct
            /// does not name are ignored. Errors name the field they come from: `take` keeps the
            /// first one and `finish` returns it, so reading a struct needs no `?` per field.
            struct Fields {
                map: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                error: ::std::option::Option<::std::string::String>,
            }

            impl Fields {
                fn read<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let map = <::serde_json::Map<::std::string::String, ::serde_json::Value> as ::serde::Deserialize>::deserialize(deserializer)?;
                    ::std::result::Result::Ok(Self { map, error: ::std::option::Option::None })
                }

                fn take<T: ::serde::de::DeserializeOwned + ::std::default::Default>(&mut self, key: &str) -> T {
                    match self.map.remove(key) {
                        ::std::option::Option::None | ::std::option::Option::Some(::serde_json::Value::Null) => T::default(),
                        ::std::option::Option::Some(value) => match T::deserialize(value) {
                            ::std::result::Result::Ok(value) => value,
                            ::std::result::Result::Err(error) => {
                                if self.error.is_none() {
                                    self.error = ::std::option::Option::Some(::std::format!("field `{key}`: {error}"));
                                }
                                T::default()
                            }
                        },
                    }
                }

                fn finish<T, E: ::serde::de::Error>(self, value: T) -> ::std::result::Result<T, E> {
                    match self.error {
                        ::std::option::Option::None => ::std::result::Result::Ok(value),
                        ::std::option::Option::Some(error) => ::std::result::Result::Err(E::custom(error)),
                    }
                }
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
    if needs.graphql {
        out.extend(quote! {
            #[derive(::serde::Serialize)]
            struct GraphQl<'a, T> {
                query: &'a str,
                variables: &'a T,
            }
        });
    }
    out
}

/// `Fault` and `Call`: what every operation method sends its request through.
///
/// An operation method is a list of plain statements (`call.path(..)`, `call.segment(..)`,
/// `call.query(..)`, ..) ending in one `send_*` call: a problem with an argument is kept by
/// `Call` instead of being returned with a `?` at each step. The `?`s and the status `match` of
/// 310 method bodies were a fifth of the Zoom full client's `cargo check` time.
fn emit_call(module: &Module) -> TokenStream {
    let client = &module.client;
    let (sign_field, sign_init, sign_method, sending) = if client.signer {
        (
            quote!(sign: ::std::option::Option<&'static str>,),
            quote!(sign: ::std::option::Option::None,),
            quote! {
                /// Signs the finished request with the client's signing hook (auth `kind`).
                fn sign(&mut self, kind: &'static str) {
                    self.sign = ::std::option::Option::Some(kind);
                }
            },
            quote! {
                let request = request.build().map_err(Fault::Transport)?;
                let request = match self.sign {
                    ::std::option::Option::Some(kind) => sign(self.client, kind, request).map_err(Fault::Request)?,
                    ::std::option::Option::None => request,
                };
            },
        )
    } else {
        (
            TokenStream::new(),
            TokenStream::new(),
            TokenStream::new(),
            quote!(let request = request.build().map_err(Fault::Transport)?;),
        )
    };
    let variable_method = (!client.variables.is_empty()).then(|| {
        quote! {
            /// Adds the value of collection variable `name` to the URL.
            fn variable(&mut self, name: &str) {
                match variable(self.client, name) {
                    ::std::result::Result::Ok(value) => self.url.push_str(value),
                    ::std::result::Result::Err(problem) => self.fail(problem),
                }
            }
        }
    });
    quote! {
        /// Why an operation failed, before the operation's error type names it.
        enum Fault {
            /// A status outside 2xx.
            Status(::std::boxed::Box<ApiResponse>),
            /// A 2xx status whose body does not decode.
            Body(::std::boxed::Box<ApiResponse>, ::serde_json::Error),
            /// The arguments cannot form a valid request; nothing was sent.
            Request(::std::string::String),
            /// The request could not be sent, or the response could not be read.
            Transport(::reqwest::Error),
        }

        /// Adds a credential to a request, or says which one is missing.
        type Authorize = fn(&Client, ::reqwest::RequestBuilder) -> ::std::result::Result<::reqwest::RequestBuilder, ::std::string::String>;

        /// A request being put together by an operation method: URL first, then query, headers
        /// and body. The first problem with an argument is kept, and returned by `send` instead
        /// of sending anything.
        struct Call<'a> {
            client: &'a Client,
            method: ::reqwest::Method,
            url: ::std::string::String,
            request: ::std::option::Option<::reqwest::RequestBuilder>,
            authorize: ::std::option::Option<Authorize>,
            #sign_field
            problem: ::std::option::Option<::std::string::String>,
        }

        #[allow(dead_code)] // Each collection uses some of these.
        impl<'a> Call<'a> {
            /// A request to the client's base URL.
            fn new(client: &'a Client, method: &str) -> Self {
                Self::at(client, method, &client.base_url)
            }

            /// A request to `base`.
            fn at(client: &'a Client, method: &str, base: &str) -> Self {
                let mut call = Self {
                    client,
                    method: ::reqwest::Method::GET,
                    url: ::std::string::String::from(base),
                    request: ::std::option::Option::None,
                    authorize: ::std::option::Option::None,
                    #sign_init
                    problem: ::std::option::Option::None,
                };
                match ::reqwest::Method::from_bytes(method.as_bytes()) {
                    ::std::result::Result::Ok(method) => call.method = method,
                    ::std::result::Result::Err(_) => call.fail(::std::format!("`{method}` is not a valid HTTP method")),
                }
                call
            }

            fn fail(&mut self, problem: ::std::string::String) {
                if self.problem.is_none() {
                    self.problem = ::std::option::Option::Some(problem);
                }
            }

            /// Adds `text` to the URL as it is.
            fn path(&mut self, text: &str) {
                self.url.push_str(text);
            }

            /// Adds `value` to the URL as one percent-encoded path segment.
            fn segment(&mut self, name: &str, value: &str) {
                match path_segment(name, value) {
                    ::std::result::Result::Ok(segment) => self.url.push_str(&segment),
                    ::std::result::Result::Err(problem) => self.fail(problem),
                }
            }

            #variable_method

            /// Drops the `/`s that end the URL so far (a templated base URL's).
            fn trim_end(&mut self) {
                let len = self.url.trim_end_matches('/').len();
                self.url.truncate(len);
            }

            /// The request builder, made from the URL on first use.
            fn request(&mut self) -> ::reqwest::RequestBuilder {
                match self.request.take() {
                    ::std::option::Option::Some(request) => request,
                    ::std::option::Option::None => self.client.http.request(self.method.clone(), ::std::mem::take(&mut self.url)),
                }
            }

            /// Adds the query pair `key=value`.
            fn query(&mut self, key: &str, value: &str) {
                let request = self.request();
                self.request = ::std::option::Option::Some(request.query(&[(key, value)]));
            }

            /// Adds a query pair `key=value` for each of `values`.
            fn query_all<S: ::std::convert::AsRef<str>>(&mut self, key: &str, values: &[S]) {
                for value in values {
                    self.query(key, value.as_ref());
                }
            }

            /// Sets header `name`, refusing values that would break the request.
            fn header(&mut self, name: &str, value: &str) {
                match header_value(name, value) {
                    ::std::result::Result::Ok(value) => {
                        let request = self.request();
                        self.request = ::std::option::Option::Some(request.header(name, value));
                    }
                    ::std::result::Result::Err(problem) => self.fail(problem),
                }
            }

            /// Sends `body` as JSON (with `Content-Type: application/json` unless one is set).
            fn body_json<T: ::serde::Serialize + ?::std::marker::Sized>(&mut self, body: &T) {
                let request = self.request();
                self.request = ::std::option::Option::Some(request.json(body));
            }

            /// Sends `body` URL-encoded.
            fn body_form<T: ::serde::Serialize + ?::std::marker::Sized>(&mut self, body: &T) {
                let request = self.request();
                self.request = ::std::option::Option::Some(request.form(body));
            }

            /// Sends the form, or keeps the reason it could not be made.
            fn body_multipart(&mut self, form: ::std::result::Result<::reqwest::multipart::Form, ::std::string::String>) {
                match form {
                    ::std::result::Result::Ok(form) => {
                        let request = self.request();
                        self.request = ::std::option::Option::Some(request.multipart(form));
                    }
                    ::std::result::Result::Err(problem) => self.fail(problem),
                }
            }

            /// Sends `body` as it is.
            fn body_text(&mut self, body: &str) {
                let request = self.request();
                self.request = ::std::option::Option::Some(request.body(::std::string::String::from(body)));
            }

            /// Sends `body` as it is.
            fn body_bytes(&mut self, body: ::std::vec::Vec<u8>) {
                let request = self.request();
                self.request = ::std::option::Option::Some(request.body(body));
            }

            /// Adds a credential when the request is sent.
            fn authorize(&mut self, authorize: Authorize) {
                self.authorize = ::std::option::Option::Some(authorize);
            }

            #sign_method

            /// Sends the request: a 2xx response, or why there is none.
            async fn send(mut self) -> ::std::result::Result<ApiResponse, Fault> {
                if let ::std::option::Option::Some(problem) = self.problem.take() {
                    return ::std::result::Result::Err(Fault::Request(problem));
                }
                let mut request = self.request();
                if let ::std::option::Option::Some(authorize) = self.authorize {
                    request = authorize(self.client, request).map_err(Fault::Request)?;
                }
                #sending
                let response = execute(self.client, request).await.map_err(Fault::Transport)?;
                if (200..300).contains(&response.status) {
                    ::std::result::Result::Ok(response)
                } else {
                    ::std::result::Result::Err(Fault::Status(::std::boxed::Box::new(response)))
                }
            }

            /// Sends the request; the body of a 2xx response is not read.
            async fn send_unit<E>(self, fail: fn(Fault) -> E) -> ::std::result::Result<(), E> {
                match self.send().await {
                    ::std::result::Result::Ok(_) => ::std::result::Result::Ok(()),
                    ::std::result::Result::Err(fault) => ::std::result::Result::Err(fail(fault)),
                }
            }

            /// Sends the request; a 2xx response's body as text.
            async fn send_text<E>(self, fail: fn(Fault) -> E) -> ::std::result::Result<::std::string::String, E> {
                match self.send().await {
                    ::std::result::Result::Ok(response) => ::std::result::Result::Ok(response.body),
                    ::std::result::Result::Err(fault) => ::std::result::Result::Err(fail(fault)),
                }
            }

            /// Sends the request; a 2xx response's body as bytes.
            async fn send_bytes<E>(self, fail: fn(Fault) -> E) -> ::std::result::Result<::std::vec::Vec<u8>, E> {
                match self.send().await {
                    ::std::result::Result::Ok(response) => ::std::result::Result::Ok(response.bytes),
                    ::std::result::Result::Err(fault) => ::std::result::Result::Err(fail(fault)),
                }
            }

            /// Sends the request; a 2xx response's body decoded from JSON.
            async fn send_json<T: ::serde::de::DeserializeOwned, E>(self, fail: fn(Fault) -> E) -> ::std::result::Result<T, E> {
                let response = self.send().await.map_err(fail)?;
                match ::serde_json::from_slice(&response.bytes) {
                    ::std::result::Result::Ok(value) => ::std::result::Result::Ok(value),
                    ::std::result::Result::Err(error) => ::std::result::Result::Err(fail(Fault::Body(::std::boxed::Box::new(response), error))),
                }
            }
        }

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

        /// Refuses header values that would break the request (CR, LF and other controls).
        fn header_value(name: &str, value: &str) -> ::std::result::Result<::reqwest::header::HeaderValue, ::std::string::String> {
            ::reqwest::header::HeaderValue::from_str(value)
                .map_err(|_| ::std::format!("header `{name}` must not contain control characters such as CR or LF"))
        }
    }
}
