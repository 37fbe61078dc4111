//! One async method per operation, and the struct of its optional arguments.

use crate::ir::CodeSpan;
use std::borrow::Cow;

use crate::ir::{
    Arg, ArgType, BasePiece, BodyDef, ClientDef, Location, OpAuth, OpBase, Operation, PagingDef,
    PagingStyle, PathPart, Success, TypeRef,
};

use super::code::{self as text, atom, call, chain, Code, Expr};
use super::credentials;

/// The struct of an operation's optional arguments, if it has any.
pub(super) fn write_options(op: &Operation, handle: &str, clone_eq: bool, c: &mut Code) {
    let Some(options) = &op.options else {
        return;
    };
    c.doc(&format!(
        "Optional parameters of [`{handle}::{}`].",
        op.name
    ));
    if clone_eq {
        c.line(&["#[derive(Debug, Clone, PartialEq, Default)]"]);
    } else {
        c.line(&["#[derive(Debug, Default)]"]);
    }
    let fields: Vec<&Arg> = op.args.iter().filter(|a| !a.required).collect();
    if fields.is_empty() {
        c.unbroken(&["pub struct ", &text::ident(options), " {}"]);
        return;
    }
    c.open_item(&["pub struct ", &text::ident(options), " {"]);
    for arg in fields {
        let where_ = match arg.location {
            Location::Query => "query parameter",
            Location::Header => "header",
            Location::Path => "path parameter",
        };
        if arg.ty == ArgType::Flag {
            c.doc(&format!(
                "{}\n\n`true` adds the bare key `{}` to the query (no `=` nor value); `false` leaves it out.",
                arg.doc,
                arg.wire.code()
            ));
            c.line(&["pub ", &text::ident(&arg.name), ": bool,"]);
            continue;
        }
        c.doc(&format!(
            "{}\n\nThe `{}` {where_}; `None` leaves it out.",
            arg.doc,
            arg.wire.code()
        ));
        let inner = match &arg.ty {
            ArgType::Text | ArgType::Flag => TypeRef::String,
            ArgType::List => TypeRef::List(Box::new(TypeRef::String)),
            ArgType::Enum(name) => TypeRef::Named(name.clone()),
        };
        c.typed(
            &format!("pub {}: ", text::ident(&arg.name)),
            &TypeRef::Optional(Box::new(inner)),
            ",",
        );
    }
    c.close("}");
}

/// Whether the argument is a parameter of the method: required ones, except a required
/// query flag, which is always sent.
fn takes_parameter(arg: &Arg) -> bool {
    arg.required && arg.ty != ArgType::Flag
}

/// The Rust type of a required argument.
fn arg_type_text(arg: &Arg) -> Cow<'_, str> {
    Cow::Borrowed(match (&arg.ty, arg.required) {
        (ArgType::Text, true) => "&str",
        (ArgType::Text, false) => "::std::option::Option<::std::string::String>",
        (ArgType::List, true) => "&[&str]",
        (ArgType::List, false) => "::std::option::Option<::std::vec::Vec<::std::string::String>>",
        (ArgType::Enum(name), true) => return text::ident(name),
        (ArgType::Enum(name), false) => {
            return Cow::Owned(format!("::std::option::Option<{}>", text::ident(name)))
        }
        (ArgType::Flag, _) => "bool",
    })
}

/// The method of an operation: it checks its arguments, puts the request together with a
/// `postman_runtime::Call` and returns the future that sends it. A folder handle's futures
/// borrow the client, not the handle, so they outlive it.
pub(super) fn write_operation(op: &Operation, client: &ClientDef, handle: &str, c: &mut Code) {
    let in_root = handle == "Client";
    let name = text::ident(&op.name);
    let error = text::ident(&op.error_type);
    let success = success_type(op);
    c.doc(&method_doc(op));
    let lifetime = if in_root { "'_" } else { "'a" };
    open_method(
        op,
        &text::concat(&["pub fn ", &name, "("]),
        &text::concat(&[
            ") -> ::postman_runtime::Pending<",
            lifetime,
            ", ",
            &success,
            ", ",
            &error,
            "> {",
        ]),
        c,
    );
    match &op.paging {
        // The request is put together by the builder the stream method shares.
        Some(paging) => c.expr("let call = ", &builder_call(op, paging), ";", true),
        None => write_call(op, client, in_root, c),
    }
    let mut finish_args = vec![atom(text::concat(&[&error, "::from_fault"]))];
    if let Success::ByStatus(name) = &op.success {
        finish_args.push(atom(text::concat(&[&text::ident(name), "::decode"])));
    }
    let finish = call(text::concat(&["call.", finisher_name(op)]), finish_args, "");
    c.expr("", &finish, "", true);
    c.close("}");
}

/// Opens a method of the operation's handle: `head` (`pub fn name(`), `&self` and the
/// operation's parameters, then `tail` (`) -> Type {`).
fn open_method(op: &Operation, head: &str, tail: &str, c: &mut Code) {
    let params = params(op);
    let mut all = vec!["&self"];
    all.extend(params.iter().map(String::as_str));
    c.open_fn(head, &all, tail);
}

/// `let mut call = ..;` and the statements that put the request together.
fn write_call(op: &Operation, client: &ClientDef, in_root: bool, c: &mut Code) {
    let (callee, args) = start_text(op, in_root);
    let start = call(callee, args.into_iter().map(atom).collect(), "");
    let steps = steps(op, client, in_root);
    let binding = if steps.is_empty() {
        "let call = "
    } else {
        "let mut call = "
    };
    c.expr(binding, &start, ";", true);
    for step in steps {
        step.write(c);
    }
}

/// The private method that puts a paged operation's request together, for its request
/// method and its stream method.
pub(super) fn write_builder(op: &Operation, client: &ClientDef, handle: &str, c: &mut Code) {
    let Some(paging) = &op.paging else {
        return;
    };
    let in_root = handle == "Client";
    let lifetime = if in_root { "'_" } else { "'a" };
    c.doc(&format!(
        "The request of `{}` and `{}`, put together.",
        op.name, paging.stream
    ));
    open_method(
        op,
        &format!("fn {}(", text::ident(&paging.builder)),
        &format!(") -> ::postman_runtime::Call<{lifetime}> {{"),
        c,
    );
    write_call(op, client, in_root, c);
    c.line(&["call"]);
    c.close("}");
}

/// A paged operation's `<name>_stream` method: the items of every page, as a stream.
pub(super) fn write_stream(op: &Operation, handle: &str, c: &mut Code) {
    let Some(paging) = &op.paging else {
        return;
    };
    let in_root = handle == "Client";
    let lifetime = if in_root { "'_" } else { "'a" };
    let error = text::ident(&op.error_type);
    let item = text::ty(&paging.item);
    c.doc(&stream_doc(op, paging, handle));
    open_method(
        op,
        &format!("pub fn {}(", text::ident(&paging.stream)),
        &format!(") -> ::postman_runtime::Pages<{lifetime}, {item}, {error}> {{"),
        c,
    );
    c.expr("let paging = ", &paging_expr(paging), ";", true);
    c.expr("let call = ", &builder_call(op, paging), ";", true);
    let send = call(
        "call.send_pages",
        vec![atom(format!("{error}::from_fault")), atom("paging")],
        "",
    );
    c.expr("", &send, "", true);
    c.close("}");
}

/// `self.<builder>(args)`: a method call on `self`, which prettyplease breaks before the dot.
fn builder_call(op: &Operation, paging: &PagingDef) -> Expr {
    let (params, _) = signature(op);
    let args = super::client::arg_names(&params)
        .into_iter()
        .map(atom)
        .collect();
    chain(
        atom("self"),
        vec![call(format!(".{}", text::ident(&paging.builder)), args, "")],
    )
}

/// `::postman_runtime::Paging::token(..)` and the calls that say where the list and the
/// page counts are.
fn paging_expr(paging: &PagingDef) -> Expr {
    let lit = |s: &str| atom(text::lit(s));
    let (constructor, args, mut links) = match &paging.style {
        PagingStyle::Token { query, field } => ("token", vec![lit(query), lit(field)], Vec::new()),
        PagingStyle::Page {
            query,
            current,
            count,
            total,
            ..
        } => {
            let mut links = Vec::new();
            for (method, field) in [("current", current), ("count", count), ("total", total)] {
                if let Some(field) = field {
                    links.push(call(format!(".{method}"), vec![lit(field)], ""));
                }
            }
            ("page", vec![lit(query)], links)
        }
        PagingStyle::After {
            query,
            has_more,
            id,
        } => {
            let cursor = format!(
                "|item: &{}| item.{}.to_string()",
                text::ty(&paging.item),
                text::ident(id)
            );
            (
                "after",
                vec![lit(query), lit(has_more), atom(cursor)],
                Vec::new(),
            )
        }
        PagingStyle::Link => ("link", Vec::new(), Vec::new()),
    };
    if let Some(items) = &paging.items {
        links.push(call(".items", vec![lit(items)], ""));
    }
    let start = call(
        format!("::postman_runtime::Paging::{constructor}"),
        args,
        "",
    );
    if links.is_empty() {
        start
    } else {
        chain(start, links)
    }
}

/// A stream method's documentation.
fn stream_doc(op: &Operation, paging: &PagingDef, handle: &str) -> String {
    let list = match &paging.items {
        Some(field) => format!("the `{}` list", field.code()),
        None => "the list".to_owned(),
    };
    let how = match &paging.style {
        PagingStyle::Token { query, field } if query == field => format!(
            "each response's `{}` is sent back as the query parameter of the same name, until a response has none",
            field.code()
        ),
        PagingStyle::Token { query, field } => format!(
            "each response's `{}` is sent back as the query parameter `{}`, until a response has none",
            field.code(),
            query.code()
        ),
        PagingStyle::Page {
            query,
            size,
            count,
            total,
            ..
        } => {
            let end = match (count, total) {
                (Some(count), _) => format!("the last page (`{}`)", count.code()),
                (None, Some(total)) => format!("the last item (`{}`)", total.code()),
                (None, None) => "an empty page".to_owned(),
            };
            format!(
                "the query parameter `{}` counts up from the page asked for (or the first), to {end}; `{}` sets the page size",
                query.code(),
                size.code()
            )
        }
        PagingStyle::After { query, has_more, .. } => format!(
            "the last item's ID is sent as the query parameter `{}` while the response's `{}` is true",
            query.code(),
            has_more.code()
        ),
        PagingStyle::Link => "each response's `Link` header gives the next page (`rel=\"next\"`), which must be on the same origin".to_owned(),
    };
    format!(
        "The items of {list} of every page of [`{handle}::{name}`], as a stream (`futures_core::Stream`; or call `.next().await` and `.try_collect().await` on it).\n\nThe first page is asked for as [`{handle}::{name}`] would ask with the same arguments; {how}. A page is fetched when the items of the one before are all taken, with the client's retries and timeout.\n\n# Errors\n\nYields [`{error}`] for a page that fails, and then ends.",
        name = op.name,
        error = op.error_type,
    )
}

/// An operation method's documentation: the request's, then its arguments and errors.
fn method_doc(op: &Operation) -> String {
    let mut doc_text = op.doc.clone();
    let mut arg_docs = Vec::new();
    for arg in op.args.iter().filter(|a| takes_parameter(a)) {
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
    match &op.body {
        Some(BodyDef::Multipart(body)) | Some(BodyDef::UrlEncoded(body)) => {
            arg_docs.push(format!("- `body`: the form fields ([`{body}`])."));
        }
        Some(BodyDef::Json { .. }) => arg_docs.push("- `body`: the JSON body.".to_owned()),
        Some(BodyDef::Text(content_type)) => arg_docs.push(format!(
            "- `body`: the body, sent as `{}`.",
            content_type.code()
        )),
        Some(BodyDef::Binary(content_type)) => arg_docs.push(format!(
            "- `body`: the bytes to send, as `{}`.",
            content_type.code()
        )),
        Some(BodyDef::GraphQl { .. }) => arg_docs.push(
            "- `variables`: the GraphQL variables (the query is fixed by the collection)."
                .to_owned(),
        ),
        None => {}
    }
    if let Some(options) = &op.options {
        arg_docs.push(format!(
            "- `options`: optional parameters ([`{options}`]; `Default::default()` sets none)."
        ));
    }
    let flags: Vec<String> = op
        .args
        .iter()
        .filter(|a| a.required && a.ty == ArgType::Flag)
        .map(|a| format!("`{}`", a.wire.code()))
        .collect();
    if !flags.is_empty() {
        doc_text.push_str(&format!(
            "\n\nThe query always holds the bare key{} {}.",
            if flags.len() > 1 { "s" } else { "" },
            flags.join(", ")
        ));
    }
    if !arg_docs.is_empty() {
        doc_text.push_str("\n\n# Arguments\n\n");
        doc_text.push_str(&arg_docs.join("\n"));
    }
    if op.success == Success::Response {
        doc_text.push_str("\n\n# Returns\n\nThe collection documents no successful response for this request, so the method returns the whole [`ApiResponse`]: its status, headers and body (`text()`, `bytes`).");
    }
    doc_text.push_str(&if op.shared_error.is_some() {
        format!(
            "\n\n# Errors\n\nReturns [`{}`] for error statuses, and when the request cannot be built, sent or decoded.",
            op.error_type
        )
    } else {
        format!(
            "\n\n# Errors\n\nReturns [`{}`] for documented error statuses, for other statuses, and when the request cannot be built, sent or decoded.",
            op.error_type
        )
    });
    doc_text
}

/// An operation method's parameters after `&self` (`name: Type`) and its success type.
pub(super) fn signature(op: &Operation) -> (Vec<String>, String) {
    (params(op), success_type(op).into_owned())
}

/// The type of a request's successful result.
fn success_type(op: &Operation) -> Cow<'_, str> {
    match &op.success {
        Success::Unit => Cow::Borrowed("()"),
        Success::Response => Cow::Borrowed("ApiResponse"),
        Success::Text => Cow::Borrowed("::std::string::String"),
        Success::Bytes => Cow::Borrowed("::std::vec::Vec<u8>"),
        Success::Json(t) => Cow::Owned(text::ty(t)),
        Success::ByStatus(name) => text::ident(name),
    }
}

/// A request method's parameters after `&self` (`name: Type`).
fn params(op: &Operation) -> Vec<String> {
    let mut params = Vec::new();
    for arg in op.args.iter().filter(|a| takes_parameter(a)) {
        params.push(text::concat(&[
            &text::ident(&arg.name),
            ": ",
            &arg_type_text(arg),
        ]));
    }
    match &op.body {
        Some(BodyDef::Multipart(body)) | Some(BodyDef::UrlEncoded(body)) => {
            params.push(text::concat(&["body: &", &text::ident(body)]));
        }
        Some(BodyDef::Json { ty: t, .. }) => {
            params.push(text::concat(&["body: &", &text::ty(t)]));
        }
        Some(BodyDef::Text(_)) => params.push("body: &str".to_owned()),
        Some(BodyDef::Binary(_)) => params.push("body: ::std::vec::Vec<u8>".to_owned()),
        Some(BodyDef::GraphQl { variables, .. }) => {
            params.push(format!("variables: &{}", text::ty(variables)));
        }
        None => {}
    }
    if let Some(options) = &op.options {
        params.push(text::concat(&["options: &", &text::ident(options)]));
    }
    params
}

/// A statement of an operation method after `let mut call = ..;`: `call.method(args);`, or
/// the same inside `if let ::std::option::Option::Some(binding) = &options.field { .. }` or
/// `if options.field { .. }`.
struct Step {
    method: &'static str,
    /// Arguments (string literals, idents, `ident.as_str()`, a struct literal, ...).
    args: Vec<Expr>,
    /// When the statement runs.
    guard: Guard,
}

/// When a [`Step`] runs.
enum Guard {
    Always,
    /// `(binding, field)`: when the optional argument `options.field` is set.
    IfSome(&'static str, String),
    /// When the `bool` option `options.field` is true.
    IfTrue(String),
}

impl Step {
    fn plain(method: &'static str, args: Vec<String>) -> Self {
        Self {
            method,
            args: args.into_iter().map(atom).collect(),
            guard: Guard::Always,
        }
    }

    fn write(self, c: &mut Code) {
        let statement = call(format!("call.{}", self.method), self.args, "");
        match &self.guard {
            Guard::Always => c.expr("", &statement, ";", true),
            Guard::IfSome(binding, field) => {
                c.open_if_some(binding, "&options", &text::ident(field));
                c.expr("", &statement, ";", true);
                c.close("}");
            }
            Guard::IfTrue(field) => {
                // Too long for its line, it is left to prettyplease (`Code::open` checks).
                c.open(&["if options.", &text::ident(field), " {"]);
                c.expr("", &statement, ";", true);
                c.close("}");
            }
        }
    }
}

/// `Call::new(&self.core, "GET")`, or `Call::at(..)` with a fixed base URL.
fn start_text(op: &Operation, in_root: bool) -> (String, Vec<String>) {
    let client = if in_root {
        "&self.core"
    } else {
        "&self.client.core"
    };
    let method = text::lit(&op.method);
    match &op.base {
        OpBase::Client => (
            "::postman_runtime::Call::new".to_owned(),
            vec![client.to_owned(), method],
        ),
        OpBase::Fixed(base) => (
            "::postman_runtime::Call::at".to_owned(),
            vec![
                client.to_owned(),
                method,
                text::lit(base.trim_end_matches('/')),
            ],
        ),
        OpBase::Template(_) => (
            "::postman_runtime::Call::at".to_owned(),
            vec![client.to_owned(), method, "\"\"".to_owned()],
        ),
    }
}

/// The `send_*` method for the operation's success type.
fn finisher_name(op: &Operation) -> &'static str {
    match &op.success {
        Success::Unit => "send_unit",
        Success::Response => "send_response",
        Success::Text => "send_text",
        Success::Bytes => "send_bytes",
        Success::Json(_) => "send_json",
        Success::ByStatus(_) => "send_decoded",
    }
}

/// The statements of an operation's method, in the order `Call` takes them: URL, query,
/// headers, body, auth.
fn steps(op: &Operation, client: &ClientDef, in_root: bool) -> Vec<Step> {
    let mut steps = Vec::new();
    if let OpBase::Template(pieces) = &op.base {
        for piece in pieces {
            steps.push(match piece {
                BasePiece::Literal(literal) => Step::plain("path", vec![text::lit(literal)]),
                BasePiece::Variable(name) => Step::plain("variable", vec![text::lit(name)]),
            });
        }
        steps.push(Step::plain("trim_end", Vec::new()));
    }
    for part in &op.path {
        steps.push(match part {
            PathPart::Literal(literal) => Step::plain("path", vec![text::lit(literal)]),
            PathPart::Arg(index) => {
                let arg = op.args.get(*index).map_or("missing", |a| a.name.as_str());
                Step::plain(
                    "segment",
                    vec![text::lit(arg), text::ident(arg).into_owned()],
                )
            }
        });
    }
    // An argument's value: the argument itself, or the binding of an optional one.
    let value = |arg: &Arg, binding: &str| -> String {
        let base = if arg.required {
            text::ident(&arg.name)
        } else {
            Cow::Borrowed(binding)
        };
        match arg.ty {
            ArgType::Enum(_) => format!("{base}.as_str()"),
            _ => base.into_owned(),
        }
    };
    let with_arg = |arg: &Arg, method: &'static str| -> Step {
        let binding = if arg.ty == ArgType::List {
            "values"
        } else {
            "value"
        };
        Step {
            method,
            args: vec![atom(text::lit(&arg.wire)), atom(value(arg, binding))],
            guard: if arg.required {
                Guard::Always
            } else {
                Guard::IfSome(binding, arg.name.clone())
            },
        }
    };
    for arg in op.args.iter().filter(|a| a.location == Location::Query) {
        if arg.ty == ArgType::Flag {
            steps.push(Step {
                method: "query_flag",
                args: vec![atom(text::lit(&arg.wire))],
                guard: if arg.required {
                    Guard::Always
                } else {
                    Guard::IfTrue(arg.name.clone())
                },
            });
            continue;
        }
        let method = match (&arg.ty, arg.secret) {
            (ArgType::List, _) => "query_all",
            (_, true) => "secret_query",
            (_, false) => "query",
        };
        steps.push(with_arg(arg, method));
    }
    for (key, value) in &op.fixed_headers {
        steps.push(Step::plain(
            "header",
            vec![text::lit(key), text::lit(value)],
        ));
    }
    for arg in op.args.iter().filter(|a| a.location == Location::Header) {
        let method = if arg.secret {
            "secret_header"
        } else {
            "header"
        };
        steps.push(with_arg(arg, method));
    }
    let content_type =
        |ct: &str| Step::plain("header", vec![text::lit("content-type"), text::lit(ct)]);
    match &op.body {
        Some(BodyDef::Multipart(_)) => {
            steps.push(Step::plain(
                "body_multipart",
                vec!["body.to_form()".to_owned()],
            ));
        }
        Some(BodyDef::UrlEncoded(_)) => {
            steps.push(Step::plain("body_form", vec!["body".to_owned()]))
        }
        Some(BodyDef::Json {
            content_type: ct, ..
        }) => {
            steps.extend(ct.as_deref().map(content_type));
            steps.push(Step::plain("body_json", vec!["body".to_owned()]));
        }
        Some(BodyDef::Text(ct)) => {
            steps.push(content_type(ct));
            steps.push(Step::plain("body_text", vec!["body".to_owned()]));
        }
        Some(BodyDef::Binary(ct)) => {
            steps.push(content_type(ct));
            steps.push(Step::plain("body_bytes", vec!["body".to_owned()]));
        }
        Some(BodyDef::GraphQl { query, .. }) => steps.push(Step {
            method: "body_json",
            args: vec![Expr::Struct {
                op: "&",
                path: "::postman_runtime::GraphQl".to_owned(),
                fields: vec![
                    ("query".to_owned(), atom(text::lit(query))),
                    (String::new(), atom("variables")),
                ],
            }],
            guard: Guard::Always,
        }),
        None => {}
    }
    match &op.auth {
        OpAuth::None => {}
        OpAuth::Credential(index) => {
            if let Some((method, args)) = credentials::auth_step(client, *index, in_root) {
                steps.push(Step::plain(method, args));
            }
        }
        OpAuth::Signer(kind) => steps.push(Step::plain("sign", vec![text::lit(kind)])),
    }
    steps
}
