//! The blocking face (`Options::blocking`): in the module and in each folder module, a
//! `pub mod blocking` whose `Client` (in the module's) or folder handle (in a folder's) has
//! the async one's methods as plain functions. Each method calls the async method and runs
//! its future to its end on a `postman_runtime::blocking::Runtime`, so the request is the
//! async client's in every respect (redirects, limits, timeouts, retries, signing) and the
//! two faces cannot drift apart.
//!
//! A folder's blocking handle sits in the folder's module, beside the async handle, so that
//! the names its methods use (the folder's types, its error types' private `from_fault`) are
//! in scope as they are for the async methods.
//!
//! The methods an operation gets are [`PER_OPERATION`]: another kind of method (an iterator
//! over pages) is one more function there.

use crate::ir::{Group, Module, Operation};

use super::client::{self, WriteUnit};
use super::code::{self as text, atom, call, chain, Code};
use super::operation;

/// What the blocking face writes for each operation, in order: a function of the operation,
/// its group, whether the group is the module's root, and the printer.
pub(super) type OperationMethod = fn(&Operation, &Group, bool, &mut Code);

/// Whether an operation has one of the [`PER_OPERATION`] methods.
pub(super) type HasMethod = fn(&Operation) -> bool;

/// The methods each operation gets in the blocking face, each with whether the operation has
/// it.
pub(super) const PER_OPERATION: &[(HasMethod, OperationMethod)] = &[
    (|_| true, write_operation),
    (|op| op.paging.is_some(), write_stream),
];

/// Opens `pub mod blocking` with its documentation; what it holds sees the enclosing
/// module's names.
pub(super) fn open_module(group: &Group, in_root: bool, c: &mut Code) {
    // No links: rustdoc resolves those of a module's outer documentation in the parent module.
    let (what, handle, folders) = if in_root {
        ("module", "Client".to_owned(), "folder")
    } else {
        (
            "folder",
            text::ident(&group.handle).into_owned(),
            "sub-folder",
        )
    };
    let mut doc = format!(
        "The blocking face of this {what}: its `{handle}` has the requests of the async `{handle}` as plain functions that send the request and wait for its result, for code without an async runtime."
    );
    if !group.groups.is_empty() {
        doc.push_str(&format!(
            " Each {folders}'s module has a `blocking` module of its own, with the {folders}'s handle."
        ));
    }
    c.doc(&doc);
    c.open_item(&["pub mod blocking {"]);
    // The request types, error types and handles come from the enclosing modules.
    c.line(&["#[allow(unused_imports)]"]);
    c.line(&["use super::*;"]);
}

/// The blocking `Client`: the async client and the runtime its requests run on.
pub(super) fn write_client_type(module: &Module, c: &mut Code) {
    c.doc(&format!(
        "Blocking client for the {}: the requests of [`super::Client`] as plain functions that send the request and wait for its result (the same names, arguments, results and errors), for code without an async runtime.\n\nCreate one with [`Client::new`], or from a configured async client with `Client::from`, and share it: it is cheap to clone, and clones share connections. Requests run on a runtime of the client's own, with one thread, started by the first request; retries, timeouts, redirects and body limits are those of the async client. A request whose runtime cannot start fails with `InvalidRequest` (nothing is sent). Called inside an async runtime, a request runs on a thread of its own and blocks the caller all the same: there, use the async client.\n\n[`Client::block_on`] runs any future of the async client ([`Client::as_async`]), such as a request's `with_meta()`, which gives a success's status and headers with its value.",
        client::api_name(module)
    ));
    c.line(&["#[derive(Clone)]"]);
    c.open_item(&["pub struct Client {"]);
    c.line(&["client: super::Client,"]);
    c.line(&["runtime: ::postman_runtime::blocking::Runtime,"]);
    c.close("}");
}

/// `impl Debug for Client`: the base URL only, so that credentials stay out of logs.
pub(super) fn write_debug(c: &mut Code) {
    client::write_debug_of("&self.client.base_url()", c);
}

/// `impl From<super::Client> for Client`: an async client, as configured, made blocking.
pub(super) fn write_from(c: &mut Code) {
    c.doc("The blocking face of `client`, as it is configured. It shares `client`'s connections, which its runtime's thread keeps serving between requests.");
    c.open_impl("impl ::std::convert::From<super::Client>", "Client");
    c.open_fn("fn from(", &["client: super::Client"], ") -> Self {");
    c.struct_literal(
        "Self",
        vec![
            ("", atom("client")),
            (
                "runtime",
                call("::postman_runtime::blocking::Runtime::new", Vec::new(), ""),
            ),
        ],
    );
    c.close("}");
    c.close("}");
}

/// The items that open `impl Client`, each one unit: `new`, the async client's setters (each
/// delegating to it), `base_url`, `as_async` and `block_on`.
pub(super) fn client_methods(module: &Module) -> Vec<WriteUnit<'_>> {
    let mut items: Vec<WriteUnit<'_>> = Vec::new();
    items.push(Box::new(move |c: &mut Code| {
        let params = client::new_params(module);
        c.doc("Creates a client, as [`super::Client::new`] does with the same arguments. Credentials are taken at run time; none is written into the generated code.");
        let params: Vec<&str> = params.iter().map(String::as_str).collect();
        c.open_fn("pub fn new(", &params, ") -> Self {");
        let args = client::arg_names(&params).into_iter().map(atom).collect();
        c.expr(
            "",
            &call("Self::from", vec![call("super::Client::new", args, "")], ""),
            "",
            true,
        );
        c.close("}");
    }));
    for setter in client::setters(module) {
        items.push(Box::new(move |c: &mut Code| {
            c.doc(&setter.doc);
            let mut params = vec!["mut self"];
            params.extend(setter.params.iter().map(String::as_str));
            c.open_fn(
                &text::concat(&["pub fn ", &setter.name, "("]),
                &params,
                ") -> Self {",
            );
            let args = setter.args().into_iter().map(atom).collect();
            // `self.client.with_..(..)`: prettyplease breaks it as a chain on `self`.
            let method = call(text::concat(&[".", &setter.name]), args, "");
            c.expr(
                "self.client = ",
                &chain(atom("self"), vec![atom(".client"), method]),
                ";",
                true,
            );
            c.line(&["self"]);
            c.close("}");
        }));
    }
    items.push(Box::new(|c: &mut Code| {
        c.doc("The base URL requests are sent to.");
        c.open_fn("pub fn base_url(", &["&self"], ") -> &str {");
        c.line(&["self.client.base_url()"]);
        c.close("}");
    }));
    items.push(Box::new(|c: &mut Code| {
        c.doc("The async client whose requests this one runs: its futures, run with [`Client::block_on`], give what the blocking methods do not, such as `with_meta()`.");
        c.open_fn("pub fn as_async(", &["&self"], ") -> &super::Client {");
        c.line(&["&self.client"]);
        c.close("}");
    }));
    items.push(Box::new(|c: &mut Code| {
        c.doc("Runs `future` to its end on this client's runtime and returns its output. It is meant for the futures of [`Client::as_async`]'s requests that give more than the blocking methods return: `client.block_on(client.as_async().some_request(..).with_meta())` gives a success's status and headers with its value.\n\n# Errors\n\nA `postman_runtime::blocking::Error` when the runtime cannot start; `future` is then dropped without being polled. The output's own errors are inside the `Ok`.");
        // The signature with its `where` clause, as prettyplease breaks it (the parameters
        // go one a line when the return type passes the margin).
        c.unbroken(&["pub fn block_on<F>("]);
        c.indent(1);
        c.unbroken(&["&self,"]);
        c.unbroken(&["future: F,"]);
        c.indent(-1);
        c.line(&[") -> ::std::result::Result<F::Output, ::postman_runtime::blocking::Error>"]);
        c.unbroken(&["where"]);
        c.indent(1);
        c.unbroken(&["F: ::std::future::Future + ::std::marker::Send,"]);
        c.unbroken(&["F::Output: ::std::marker::Send,"]);
        c.indent(-1);
        c.open(&["{"]);
        c.line(&["self.runtime.block_on(future)"]);
        c.close("}");
    }));
    items
}

/// A folder's blocking handle: the async handle and the runtime of the blocking client it
/// came from. Its parent's blocking face, in the folder's parent module, makes it.
pub(super) fn write_handle(group: &Group, c: &mut Code) {
    let handle = text::ident(&group.handle);
    c.doc(&format!(
        "{}\n\nThe requests of [`super::{handle}`] as plain functions that send the request and wait for its result. Get one from the parent's `{}()` method, on a blocking client.",
        group.doc, group.module
    ));
    c.line(&["#[derive(Debug, Clone, Copy)]"]);
    c.open(&["pub struct ", &handle, "<'a> {"]);
    // `super::Handle<'a>`, broken after its `<` when too long.
    let prefix = "pub(in super::super) api: ";
    let ty = text::concat(&["super::", &handle, "<'a>"]);
    if c.room_for(prefix.len() + ty.len() + 1) {
        c.unchecked_line(&[prefix, &ty, ","]);
    } else {
        c.unbroken(&[prefix, "super::", &handle, "<"]);
        c.indent(1);
        c.type_text("'a", ",", false);
        c.indent(-1);
        c.line(&[">,"]);
    }
    // A reference to a path: nothing prettyplease could break.
    c.unbroken(&["pub(in super::super) runtime: &'a ::postman_runtime::blocking::Runtime,"]);
    c.close("}");
}

/// The accessor of a sub-folder's blocking handle, on the blocking client (`in_root`) or on
/// the parent folder's blocking handle.
pub(super) fn write_accessor(sub: &Group, in_root: bool, c: &mut Code) {
    let module = text::ident(&sub.module);
    let handle = text::ident(&sub.handle);
    let (owner, runtime, lifetime) = if in_root {
        (".client", "&self.runtime", "'_")
    } else {
        (".api", "self.runtime", "'a")
    };
    let path = format!("super::{module}::blocking::{handle}");
    c.doc(&sub.doc);
    c.open_fn(
        &format!("pub fn {module}("),
        &["&self"],
        &format!(") -> {path}<{lifetime}> {{"),
    );
    // `self.api.folder()`: prettyplease breaks it as a chain on `self`.
    let api = chain(
        atom("self"),
        vec![
            atom(owner),
            call(text::concat(&[".", &module]), Vec::new(), ""),
        ],
    );
    c.struct_literal(&path, vec![("api", api), ("runtime", atom(runtime))]);
    c.close("}");
}

/// The blocking method of an operation: the async method's future, run to its end.
fn write_operation(op: &Operation, group: &Group, in_root: bool, c: &mut Code) {
    let (_, success) = operation::signature(op);
    let error = text::ident(&op.error_type);
    write_forward(
        &Forward {
            op,
            group,
            in_root,
            method: &op.name,
            ret: &format!("::std::result::Result<{success}, {error}>"),
            doc: "blocking: sends the request and waits for its result.",
            binding: "future",
            runner: ".run",
        },
        c,
    );
}

/// The blocking `<name>_stream` of a paged operation: the async stream's items, as an iterator
/// that fetches each page on the client's runtime.
fn write_stream(op: &Operation, group: &Group, in_root: bool, c: &mut Code) {
    let Some(paging) = &op.paging else {
        return;
    };
    let lifetime = if in_root { "'_" } else { "'a" };
    let ret = format!(
        "::postman_runtime::blocking::Iter<{lifetime}, {}, {}>",
        text::ty(&paging.item),
        text::ident(&op.error_type)
    );
    write_forward(
        &Forward {
            op,
            group,
            in_root,
            method: &paging.stream,
            ret: &ret,
            doc: "blocking: an iterator over the items of every page, which fetches a page when the items of the one before are used up and ends after the last page, or after yielding an error.",
            binding: "pages",
            runner: ".iter",
        },
        c,
    );
}

/// A blocking method that hands what the async `method` returns to the runtime.
struct Forward<'a> {
    op: &'a Operation,
    group: &'a Group,
    in_root: bool,
    /// The async method (and the blocking one's name).
    method: &'a str,
    /// The blocking method's return type.
    ret: &'a str,
    /// Its documentation, after the link to the async method.
    doc: &'a str,
    /// The local the async method's result is bound to.
    binding: &'a str,
    /// The runtime's method that takes it (`.run`, `.iter`), with the error's `from_fault`.
    runner: &'static str,
}

/// `pub fn name(&self, ..) -> ret { let binding = Owner::name(receiver, ..); self.runtime.runner(binding, Error::from_fault) }`.
fn write_forward(f: &Forward<'_>, c: &mut Code) {
    let name = text::ident(f.method);
    let error = text::ident(&f.op.error_type);
    let (params, _) = operation::signature(f.op);
    let (owner, receiver) = if f.in_root {
        ("super::Client".to_owned(), "&self.client")
    } else {
        (
            format!("super::{}", text::ident(&f.group.handle)),
            "&self.api",
        )
    };
    c.doc(&format!("[`{owner}::{}`], {}", f.method, f.doc));
    let mut params_self = vec!["&self"];
    params_self.extend(params.iter().map(String::as_str));
    c.open_fn(
        &format!("pub fn {name}("),
        &params_self,
        &format!(") -> {} {{", f.ret),
    );
    // The async method by its path: a call prettyplease breaks one argument a line, where
    // `self.client.name(..)` would be a chain broken before each `.`.
    let mut args = vec![atom(receiver)];
    args.extend(client::arg_names(&params).into_iter().map(atom));
    let value = call(format!("{owner}::{name}"), args, "");
    c.expr(&format!("let {} = ", f.binding), &value, ";", true);
    let run = call(
        f.runner,
        vec![atom(f.binding), atom(format!("{error}::from_fault"))],
        "",
    );
    c.expr("", &chain(atom("self.runtime"), vec![run]), "", true);
    c.close("}");
}
