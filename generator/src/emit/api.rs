//! `pub trait Api`: each module's requests as a trait, implemented by `Client`, so that code
//! written against `&impl Api` can be tested with a fake. One trait per module: the root's has
//! the root requests, a folder module's (`admin::Api`) that folder's, with the same names and
//! arguments as the methods of `Client` and of the folder's handle. prettyplease lays these
//! items out: there is one of each per module.

use crate::ir::{Group, Operation};

use super::code::{self as text, Code};
use super::operation;

/// The return type of a trait method: the future of the method's result, `Send`.
fn future(success: &str, error: &str) -> String {
    format!(
        "impl ::std::future::Future<Output = ::std::result::Result<{success}, {error}>> + ::std::marker::Send"
    )
}

/// `pub trait Api { .. }` for `group`'s requests; `path` is the accessors from the client to
/// the folder (empty for the root).
pub(super) fn write_trait(group: &Group, path: &[String], c: &mut Code) {
    let (owner, how) = if path.is_empty() {
        (
            "Client".to_owned(),
            "The requests of this module".to_owned(),
        )
    } else {
        let calls: Vec<String> = path.iter().map(|m| format!(".{m}()")).collect();
        (
            text::ident(&group.handle),
            format!("The requests of the folder `client{}`", calls.concat()),
        )
    };
    let streams = if group.operations.iter().any(|op| op.paging.is_some()) {
        " A `_stream` method is any `Send` stream of the items: a fake can return `Pages::from_items(..)`."
    } else {
        ""
    };
    c.doc(&format!(
        "{how}, as a trait: [`Client`] implements it, and so can a fake in your tests (with plain `async fn`s). Each method has the name, arguments and result of the [`{owner}`] method it stands for.\n\nThe `Client` methods return a future with more to it (`with_meta()`); through this trait it is any `Send` future of the same result.{streams}"
    ));
    // A JSON array body is `&Vec<T>` as in the client's method; clippy would ask a declaration
    // without a body for `&[T]`.
    let vec_param = group.operations.iter().any(|op| {
        operation::signature(op)
            .0
            .iter()
            .any(|p| p.contains(": &::std::vec::Vec<"))
    });
    if vec_param {
        c.unchecked_line(&["#[allow(clippy::ptr_arg)]"]);
    }
    // A request named `From date` is `from_date(&self)`, as on the client; clippy holds a
    // trait's methods (not the client's exported ones) to its naming conventions for `self`.
    if group
        .operations
        .iter()
        .any(|op| breaks_self_convention(&op.name))
    {
        c.unchecked_line(&["#[allow(clippy::wrong_self_convention)]"]);
    }
    c.unchecked_line(&["pub trait Api {"]);
    for op in &group.operations {
        c.doc(&format!("See [`{owner}::{}`].", op.name));
        let (params, success) = operation::signature(op);
        c.unchecked_line(&[&method_head(op, &params, &success), ";"]);
        if let Some(head) = stream_head(op, &params) {
            let stream = op.paging.as_ref().map_or("", |p| p.stream.as_str());
            c.doc(&format!("See [`{owner}::{stream}`]."));
            c.unchecked_line(&[&head, ";"]);
        }
    }
    c.unchecked_line(&["}"]);
    c.give_up();
}

/// Whether clippy's `wrong_self_convention` expects a method of this name to take `self`
/// otherwise than `&self`: `from_*` takes none, `into_*` takes `self`, `to_*_mut` `&mut self`.
fn breaks_self_convention(name: &str) -> bool {
    name.starts_with("from_")
        || name.starts_with("into_")
        || (name.starts_with("to_") && name.ends_with("_mut"))
}

/// A trait method's head: `fn name(&self, params) -> impl Future<..> + Send`.
fn method_head(op: &Operation, params: &[String], success: &str) -> String {
    format!(
        "fn {}(&self{}) -> {}",
        text::ident(&op.name),
        params.iter().map(|p| format!(", {p}")).collect::<String>(),
        future(success, &text::ident(&op.error_type)),
    )
}

/// A paged request's stream method in the trait: `fn name_stream(&self, params) -> impl
/// Stream<Item = Result<T, E>> + Send`.
fn stream_head(op: &Operation, params: &[String]) -> Option<String> {
    let paging = op.paging.as_ref()?;
    Some(format!(
        "fn {}(&self{}) -> impl ::postman_runtime::Stream<Item = ::std::result::Result<{}, {}>> + ::std::marker::Send",
        text::ident(&paging.stream),
        params.iter().map(|p| format!(", {p}")).collect::<String>(),
        text::ty(&paging.item),
        text::ident(&op.error_type),
    ))
}

/// `impl Api for Client`: each method calls the one it stands for.
pub(super) fn write_impl(group: &Group, path: &[String], c: &mut Code) {
    c.unchecked_line(&["impl Api for Client {"]);
    for op in &group.operations {
        let name = text::ident(&op.name);
        let (params, success) = operation::signature(op);
        let names = super::client::arg_names(&params);
        c.unchecked_line(&[&method_head(op, &params, &success), " {"]);
        delegate(path, &name, &names, c);
        c.unchecked_line(&["}"]);
        if let (Some(head), Some(paging)) = (stream_head(op, &params), &op.paging) {
            c.unchecked_line(&[&head, " {"]);
            delegate(path, &text::ident(&paging.stream), &names, c);
            c.unchecked_line(&["}"]);
        }
    }
    c.unchecked_line(&["}"]);
    c.give_up();
}

/// The call of the inherent method `name` a trait method stands for: `Client::name(self, ..)`
/// (not the trait's own), through the folder accessors of `path`.
fn delegate(path: &[String], name: &str, names: &[&str], c: &mut Code) {
    match path.split_first() {
        None => c.unchecked_line(&["Client::", name, "(self, ", &names.join(", "), ")"]),
        Some((first, rest)) => {
            let rest: Vec<String> = rest
                .iter()
                .map(|m| format!(".{}()", text::ident(m)))
                .collect();
            c.unchecked_line(&[
                "Client::",
                &text::ident(first),
                "(self)",
                &rest.concat(),
                ".",
                name,
                "(",
                &names.join(", "),
                ")",
            ]);
        }
    }
}
