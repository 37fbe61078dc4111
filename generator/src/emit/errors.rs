//! One error enum per operation: a variant per documented status, plus the failures every
//! request can have.

use crate::ir::{ErrorVariant, Operation, SharedError};

use super::code::{self as text, atom, call, chain, Code};

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

fn alias_doc(op: &Operation, handle: &str, shared: &str) -> String {
    format!(
        "Errors of [`{handle}::{}`]: [`{shared}`], shared by the requests for which the collection documents no error status.",
        op.name
    )
}

/// An error enum, its `from_fault`, `response`, `Display` and `Error` impls; what they share
/// is `postman_runtime::Failure`.
pub(super) fn write_error(def: &ErrorDef<'_>, c: &mut Code) {
    let error = text::ident(def.name);
    c.doc(&def.doc);
    c.line(&["#[derive(Debug)]"]);
    c.line(&["#[non_exhaustive]"]);
    c.open_item(&["pub enum ", &error, " {"]);
    let variants: Vec<_> = def.variants.iter().map(|v| text::ident(&v.name)).collect();
    for (v, ident) in def.variants.iter().zip(&variants) {
        c.doc(&v.doc);
        match &v.body {
            // Reads as the `ApiResponse` it holds, with the typed body beside it.
            Some(body) => c.tuple_variant(
                ident,
                &format!("::std::boxed::Box<ErrorResponse<{}>>", text::ty(body)),
            ),
            None => c.tuple_variant(ident, "::std::boxed::Box<ApiResponse>"),
        }
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
    c.doc("The request could not be sent, or the response could not be read (a timeout is one: see `reqwest::Error::is_timeout`).");
    c.line(&["Transport(::reqwest::Error),"]);
    c.doc("The server redirected where the client does not follow: to another origin, or a POST turned into a GET. The response carries the `Location`.");
    c.line(&["Redirected(::std::boxed::Box<ApiResponse>),"]);
    c.doc("The response body is larger than the client allows for its status; it was not read in full.");
    c.open(&["BodyTooLarge {"]);
    c.doc("The response's status.");
    c.line(&["status: u16,"]);
    c.doc("The limit, in bytes.");
    c.line(&["limit: u64,"]);
    c.close("},");
    c.close("}");
    c.open_item(&["impl ", &error, " {"]);
    c.open_fn(
        "fn failure(",
        &["&self"],
        ") -> ::postman_runtime::Failure<'_> {",
    );
    c.open(&["match self {"]);
    let failure = |variant: &str, args: &[&str]| {
        call(
            format!("::postman_runtime::Failure::{variant}"),
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
    c.arm_expr(
        "Self::Redirected(response)",
        &failure("Redirect", &["response"]),
    );
    // The struct literal is wider than prettyplease keeps on one line.
    c.open(&["Self::BodyTooLarge { status, limit } => {"]);
    c.open(&["::postman_runtime::Failure::TooLarge {"]);
    c.line(&["status: *status,"]);
    c.line(&["limit: *limit,"]);
    c.close("}");
    c.close("}");
    c.close("}");
    c.close("}");
    let wrap = |variant: &str, arg: &str| call(format!("Self::{variant}"), vec![atom(arg)], "");
    c.open_fn(
        "fn from_fault(",
        &["fault: ::postman_runtime::Fault"],
        ") -> Self {",
    );
    c.open(&["match fault {"]);
    if variants.is_empty() {
        c.arm_expr(
            "::postman_runtime::Fault::Status(response)",
            &wrap("UnexpectedStatus", "response"),
        );
    } else {
        // A `match` as an arm's body goes in a block.
        c.open(&["::postman_runtime::Fault::Status(response) => {"]);
        c.open(&["match response.status {"]);
        for (v, ident) in def.variants.iter().zip(&variants) {
            let boxed = match v.body {
                Some(_) => call(
                    format!("Self::{ident}"),
                    vec![call("ErrorResponse::boxed", vec![atom("response")], "")],
                    "",
                ),
                None => wrap(ident, "response"),
            };
            c.arm_expr(&v.status.to_string(), &boxed);
        }
        c.arm_expr("_", &wrap("UnexpectedStatus", "response"));
        c.close("}");
        c.close("}");
    }
    // The struct literal is wider than prettyplease keeps on one line.
    c.open(&["::postman_runtime::Fault::Body(response, error) => {"]);
    c.open(&["Self::InvalidBody {"]);
    c.line(&["response,"]);
    c.line(&["error,"]);
    c.close("}");
    c.close("}");
    c.arm_expr(
        "::postman_runtime::Fault::Request(message)",
        &wrap("InvalidRequest", "message"),
    );
    c.arm_expr(
        "::postman_runtime::Fault::Transport(error)",
        &wrap("Transport", "error"),
    );
    c.arm_expr(
        "::postman_runtime::Fault::Redirect(response)",
        &wrap("Redirected", "response"),
    );
    c.open(&["::postman_runtime::Fault::TooLarge { status, limit } => {"]);
    c.open(&["Self::BodyTooLarge {"]);
    c.line(&["status,"]);
    c.line(&["limit,"]);
    c.close("}");
    c.close("}");
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
