//! One error enum per operation: a variant per documented status, plus the failures every
//! request can have.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Operation;
use crate::names::to_ident;

use super::text::{self, atom, call, chain, Code};
use super::{doc, lit};

/// [`emit_error`] as text (see [`Code`]).
pub(super) fn write_error(op: &Operation, handle: &str, c: &mut Code) {
    let error = text::ident(&op.error_type);
    c.doc(&format!("Errors of [`{handle}::{}`].", op.name));
    c.line(&["#[derive(Debug)]"]);
    c.line(&["#[non_exhaustive]"]);
    c.open_item(&["pub enum ", &error, " {"]);
    let variants: Vec<String> = op.errors.iter().map(|v| text::ident(&v.name)).collect();
    for (v, ident) in op.errors.iter().zip(&variants) {
        c.doc(&v.doc);
        c.line(&[ident, "(::std::boxed::Box<ApiResponse>),"]);
    }
    c.doc("A status the collection does not document.");
    c.line(&["UnexpectedStatus(::std::boxed::Box<ApiResponse>),"]);
    c.doc("A successful status whose body does not match the documented example.");
    c.open(&["InvalidBody {"]);
    c.doc("The response, body text included.");
    c.line(&["response: ::std::boxed::Box<ApiResponse>,"]);
    c.doc("Why the body did not decode.");
    c.line(&["error: ::serde_json::Error,"]);
    c.close("},");
    c.doc("The arguments cannot form a valid request; nothing was sent.");
    c.line(&["InvalidRequest(::std::string::String),"]);
    c.doc("The request could not be sent, or the response could not be read.");
    c.line(&["Transport(::reqwest::Error),"]);
    c.close("}");
    c.open_item(&["impl ", &error, " {"]);
    c.open_fn("fn failure(", &["&self"], ") -> Failure<'_> {");
    c.open(&["match self {"]);
    let failure = |variant: &str, args: &[&str]| {
        call(
            format!("Failure::{variant}"),
            args.iter().map(|a| atom(*a)).collect(),
            "",
        )
    };
    for ident in &variants {
        c.arm_expr(
            &format!("Self::{ident}(response)"),
            &failure("Status", &["response"]),
        );
    }
    c.arm_expr(
        "Self::UnexpectedStatus(response)",
        &failure("Unexpected", &["response"]),
    );
    c.arm_expr(
        "Self::InvalidBody { response, error }",
        &failure("Body", &["response", "error"]),
    );
    c.arm_expr(
        "Self::InvalidRequest(message)",
        &failure("Request", &["message"]),
    );
    c.arm_expr("Self::Transport(error)", &failure("Transport", &["error"]));
    c.close("}");
    c.close("}");
    let wrap = |variant: &str, arg: &str| call(format!("Self::{variant}"), vec![atom(arg)], "");
    c.open_fn("fn from_fault(", &["fault: Fault"], ") -> Self {");
    c.open(&["match fault {"]);
    if variants.is_empty() {
        c.arm_expr(
            "Fault::Status(response)",
            &wrap("UnexpectedStatus", "response"),
        );
    } else {
        // A `match` as an arm's body goes in a block.
        c.open(&["Fault::Status(response) => {"]);
        c.open(&["match response.status {"]);
        for (v, ident) in op.errors.iter().zip(&variants) {
            c.arm_expr(&v.status.to_string(), &wrap(ident, "response"));
        }
        c.arm_expr("_", &wrap("UnexpectedStatus", "response"));
        c.close("}");
        c.close("}");
    }
    // The struct literal is wider than prettyplease keeps on one line.
    c.open(&["Fault::Body(response, error) => {"]);
    c.open(&["Self::InvalidBody {"]);
    c.line(&["response,"]);
    c.line(&["error,"]);
    c.close("}");
    c.close("}");
    c.arm_expr(
        "Fault::Request(message)",
        &wrap("InvalidRequest", "message"),
    );
    c.arm_expr("Fault::Transport(error)", &wrap("Transport", "error"));
    c.close("}");
    c.close("}");
    c.doc("The response, when the server answered.");
    c.open_fn(
        "pub fn response(",
        &["&self"],
        ") -> ::std::option::Option<&ApiResponse> {",
    );
    c.line(&["self.failure().response()"]);
    c.close("}");
    c.close("}");
    c.open_display(&error);
    // `self` is short enough that prettyplease never breaks before `.failure()`.
    let describe = call(".describe", vec![atom(text::lit(&op.name)), atom("f")], "");
    c.expr("", &chain(atom("self.failure()"), vec![describe]), "", true);
    c.close("}");
    c.close("}");
    c.open_impl("impl ::std::error::Error", &error);
    c.open_fn(
        "fn source(",
        &["&self"],
        ") -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {",
    );
    c.line(&["self.failure().source()"]);
    c.close("}");
    c.close("}");
}

pub(super) fn emit_error(op: &Operation, handle: &str) -> TokenStream {
    let error = to_ident(&op.error_type);
    let enum_doc = doc(&format!("Errors of [`{handle}::{}`].", op.name));
    let name = lit(&op.name);
    let variants = op.errors.iter().map(|v| {
        let ident = to_ident(&v.name);
        let docs = doc(&v.doc);
        quote! {
            #docs
            #ident(::std::boxed::Box<ApiResponse>),
        }
    });
    let statuses = op.errors.iter().map(|v| {
        let ident = to_ident(&v.name);
        quote!(Self::#ident(response))
    });
    let status_arm = if op.errors.is_empty() {
        quote!(Fault::Status(response) => Self::UnexpectedStatus(response),)
    } else {
        let arms = op.errors.iter().map(|v| {
            let ident = to_ident(&v.name);
            let status = proc_macro2::Literal::u16_unsuffixed(v.status);
            quote!(#status => Self::#ident(response),)
        });
        quote! {
            Fault::Status(response) => match response.status {
                #(#arms)*
                _ => Self::UnexpectedStatus(response),
            },
        }
    };
    // Display, source and response share one match through `Failure` (emitted once per module).
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
            fn failure(&self) -> Failure<'_> {
                match self {
                    #(#statuses => Failure::Status(response),)*
                    Self::UnexpectedStatus(response) => Failure::Unexpected(response),
                    Self::InvalidBody { response, error } => Failure::Body(response, error),
                    Self::InvalidRequest(message) => Failure::Request(message),
                    Self::Transport(error) => Failure::Transport(error),
                }
            }

            fn from_fault(fault: Fault) -> Self {
                match fault {
                    #status_arm
                    Fault::Body(response, error) => Self::InvalidBody { response, error },
                    Fault::Request(message) => Self::InvalidRequest(message),
                    Fault::Transport(error) => Self::Transport(error),
                }
            }

            /// The response, when the server answered.
            pub fn response(&self) -> ::std::option::Option<&ApiResponse> {
                self.failure().response()
            }
        }

        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.failure().describe(#name, f)
            }
        }

        impl ::std::error::Error for #error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.failure().source()
            }
        }
    }
}

/// The shared part of every operation's error type: emitted once when the module has requests.
/// `status`: some operation documents an error status (else `Failure::Status` would be dead code).
pub(super) fn emit_failure(status: bool) -> TokenStream {
    let status_variant = status.then(|| quote!(Status(&'a ApiResponse),));
    let status_pattern = status.then(|| quote!(Failure::Status(response) |));
    let status_arm =
        status.then(|| quote!(Failure::Status(response) => write!(f, "{operation}: {response}"),));
    quote! {
        /// What an operation's error holds, whatever the operation: its `Display`, `source` and
        /// `response` are written once, here.
        enum Failure<'a> {
            #status_variant
            Unexpected(&'a ApiResponse),
            Body(&'a ApiResponse, &'a ::serde_json::Error),
            Request(&'a str),
            Transport(&'a ::reqwest::Error),
        }

        impl<'a> Failure<'a> {
            fn response(self) -> ::std::option::Option<&'a ApiResponse> {
                match self {
                    #status_pattern Failure::Unexpected(response) | Failure::Body(response, _) => {
                        ::std::option::Option::Some(response)
                    }
                    Failure::Request(_) | Failure::Transport(_) => ::std::option::Option::None,
                }
            }

            fn describe(self, operation: &str, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #status_arm
                    Failure::Unexpected(response) => write!(f, "{operation}: undocumented {response}"),
                    Failure::Body(response, error) => write!(
                        f,
                        "{operation}: HTTP {} body does not match the documented shape: {error}",
                        response.status
                    ),
                    Failure::Request(message) => write!(f, "{operation}: invalid request: {message}"),
                    Failure::Transport(error) => write!(f, "{operation}: request failed: {error}"),
                }
            }

            fn source(self) -> ::std::option::Option<&'a (dyn ::std::error::Error + 'static)> {
                match self {
                    Failure::Body(_, error) => ::std::option::Option::Some(error),
                    Failure::Transport(error) => ::std::option::Option::Some(error),
                    _ => ::std::option::Option::None,
                }
            }
        }
    }
}
