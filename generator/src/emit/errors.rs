//! One error enum per operation: a variant per documented status, plus the failures every
//! request can have.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Operation;
use crate::names::to_ident;

use super::{doc, lit};

pub(super) fn emit_error(op: &Operation, handle: &str) -> TokenStream {
    let error = to_ident(&op.error_type);
    let enum_doc = doc(&format!("Errors of [`{handle}::{}`].", op.name));
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
