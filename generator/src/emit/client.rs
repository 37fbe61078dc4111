//! The `Client` type, `ApiResponse`, and the private helpers every operation shares.

use crate::ir::CodeSpan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{ClientDef, Credential, Module};
use crate::names::{self, Case};

use super::{doc, lit};

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
