//! One error enum per operation: a variant per documented status, plus the failures every
//! request can have.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{ErrorVariant, Operation, SharedError};
use crate::names::to_ident;

use super::text::{self, atom, call, chain, Code};
use super::{doc, lit};

/// An error enum to emit: a request's own, or the one shared by the requests that document no
/// error status.
pub(super) struct ErrorDef<'a> {
    name: &'a str,
    doc: String,
    variants: &'a [ErrorVariant],
    /// The request its `Display` names; empty for the shared type, which names none.
    operation: &'a str,
}

impl<'a> ErrorDef<'a> {
    /// The error type of `op`, a method of `handle`.
    pub(super) fn of(op: &'a Operation, handle: &str) -> Self {
        Self {
            name: &op.error_type,
            doc: format!("Errors of [`{handle}::{}`].", op.name),
            variants: &op.errors,
            operation: &op.name,
        }
    }

    /// A shared error type.
    pub(super) fn shared(shared: &'a SharedError) -> Self {
        Self {
            name: &shared.name,
            doc: shared.doc.clone(),
            variants: &shared.variants,
            operation: "",
        }
    }
}

/// The error type of a request that documents no error status: an alias of the shared one.
pub(super) fn write_error_alias(op: &Operation, handle: &str, shared: &str, c: &mut Code) {
    c.doc(&alias_doc(op, handle, shared));
    // prettyplease never breaks after a type alias's `=`, and a plain name has no place to.
    c.unbroken(&[
        "pub type ",
        &text::ident(&op.error_type),
        " = ",
        &text::ident(shared),
        ";",
    ]);
}

/// [`write_error_alias`] as tokens.
pub(super) fn emit_error_alias(op: &Operation, handle: &str, shared: &str) -> TokenStream {
    let docs = doc(&alias_doc(op, handle, shared));
    let alias = to_ident(&op.error_type);
    let shared = to_ident(shared);
    quote! {
        #docs
        pub type #alias = #shared;
    }
}

fn alias_doc(op: &Operation, handle: &str, shared: &str) -> String {
    format!(
        "Errors of [`{handle}::{}`]: [`{shared}`], shared by the requests for which the collection documents no error status.",
        op.name
    )
}

/// [`emit_error`] as text (see [`Code`]).
pub(super) fn write_error(def: &ErrorDef<'_>, c: &mut Code) {
    let error = text::ident(def.name);
    c.doc(&def.doc);
    c.line(&["#[derive(Debug)]"]);
    c.line(&["#[non_exhaustive]"]);
    c.open_item(&["pub enum ", &error, " {"]);
    let variants: Vec<String> = def.variants.iter().map(|v| text::ident(&v.name)).collect();
    for (v, ident) in def.variants.iter().zip(&variants) {
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
        for (v, ident) in def.variants.iter().zip(&variants) {
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
    let describe = call(
        ".describe",
        vec![atom(text::lit(def.operation)), atom("f")],
        "",
    );
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

pub(super) fn emit_error(def: &ErrorDef<'_>) -> TokenStream {
    let error = to_ident(def.name);
    let enum_doc = doc(&def.doc);
    let name = lit(def.operation);
    let variants = def.variants.iter().map(|v| {
        let ident = to_ident(&v.name);
        let docs = doc(&v.doc);
        quote! {
            #docs
            #ident(::std::boxed::Box<ApiResponse>),
        }
    });
    let statuses = def.variants.iter().map(|v| {
        let ident = to_ident(&v.name);
        quote!(Self::#ident(response))
    });
    let status_arm = if def.variants.is_empty() {
        quote!(Fault::Status(response) => Self::UnexpectedStatus(response),)
    } else {
        let arms = def.variants.iter().map(|v| {
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
