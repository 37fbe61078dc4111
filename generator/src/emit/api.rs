//! `pub trait Api`: each module's requests as a trait, implemented by `Client`, so that code
//! written against `&impl Api` can be tested with a fake. One trait per module: the root's has
//! the root requests, a folder module's (`admin::Api`) that folder's, with the same names and
//! arguments as the methods of `Client` and of the folder's handle.

use crate::ir::{BodyDef, Group, Operation, PagingDef, TypeRef};

use super::code::{self as text, atom, call, chain, Code, Expr, ImplType};
use super::{operation, Scope, Units};

/// `pub trait Api { .. }` for `group`'s requests; `path` is the accessors from the client to
/// the folder (empty for the root). Each method is a unit of its own.
pub(super) fn write_trait(group: &Group, path: &[String], units: &mut dyn Units) {
    let (owner, how) = if path.is_empty() {
        (
            "Client".to_owned(),
            "The requests of this module".to_owned(),
        )
    } else {
        let calls: Vec<String> = path.iter().map(|m| format!(".{m}()")).collect();
        (
            text::ident(&group.handle).into_owned(),
            format!("The requests of the folder `client{}`", calls.concat()),
        )
    };
    let streams = if group.operations.iter().any(|op| op.paging.is_some()) {
        " A `_stream` method is any `Send` stream of the items: a fake can return `Pages::from_items(..)`."
    } else {
        ""
    };
    let doc = format!(
        "{how}, as a trait: [`Client`] implements it, and so can a fake in your tests (with plain `async fn`s). Each method has the name, arguments and result of the [`{owner}`] method it stands for.\n\nThe `Client` methods return a future with more to it (`with_meta()`); through this trait it is any `Send` future of the same result.{streams}"
    );
    // The trait's doc and attributes, worked out in the unit's closure: only the writer that
    // owns the unit runs it.
    let head = |c: &mut Code| {
        c.doc(&doc);
        // A JSON array body (or GraphQL variables) is `&Vec<T>` as in the client's method;
        // clippy would ask a declaration without a body for `&[T]`.
        let vec_param = group.operations.iter().any(|op| {
            matches!(
                &op.body,
                Some(BodyDef::Json {
                    ty: TypeRef::List(_),
                    ..
                }) | Some(BodyDef::GraphQl {
                    variables: TypeRef::List(_),
                    ..
                })
            )
        });
        if vec_param {
            c.unchecked_line(&["#[allow(clippy::ptr_arg)]"]);
        }
        // A request named `From date` is `from_date(&self)`, as on the client; clippy holds a
        // trait's methods (not the client's exported ones) to its naming conventions for
        // `self`.
        if group
            .operations
            .iter()
            .any(|op| breaks_self_convention(&op.name))
        {
            c.unchecked_line(&["#[allow(clippy::wrong_self_convention)]"]);
        }
    };
    if group.operations.is_empty() {
        units.item(&mut |c| {
            head(c);
            c.unchecked_line(&["pub trait Api {}"]);
        });
        return;
    }
    units.open(Scope::Trait, &mut |c| {
        head(c);
        c.open_item(&["pub trait Api {"]);
    });
    for op in &group.operations {
        units.item(&mut |c| {
            let (params, success) = operation::signature(op);
            c.doc(&format!("See [`{owner}::{}`].", op.name));
            method_head(op, &params, &success, ";", c);
        });
        if let Some(paging) = &op.paging {
            units.item(&mut |c| {
                let (params, _) = operation::signature(op);
                c.doc(&format!("See [`{owner}::{}`].", paging.stream));
                stream_head(op, paging, &params, ";", c);
            });
        }
    }
    units.close();
}

/// Whether clippy's `wrong_self_convention` expects a method of this name to take `self`
/// otherwise than `&self`: `from_*` takes none, `into_*` takes `self`, `to_*_mut` `&mut self`.
fn breaks_self_convention(name: &str) -> bool {
    name.starts_with("from_")
        || name.starts_with("into_")
        || (name.starts_with("to_") && name.ends_with("_mut"))
}

/// `&self` and then `params`.
fn with_self(params: &[String]) -> Vec<&str> {
    let mut all = vec!["&self"];
    all.extend(params.iter().map(String::as_str));
    all
}

/// A trait method's head: `fn name(&self, params) -> impl Future<..> + Send` and `end`.
fn method_head(op: &Operation, params: &[String], success: &str, end: &str, c: &mut Code) {
    c.fn_returning_impl(
        &text::concat(&["fn ", &text::ident(&op.name), "("]),
        &with_self(params),
        &ImplType {
            path: "::std::future::Future",
            binding: &text::concat(&[
                "Output = ::std::result::Result<",
                success,
                ", ",
                &text::ident(&op.error_type),
                ">",
            ]),
            bound: "::std::marker::Send",
        },
        end,
    );
}

/// A paged request's stream method in the trait: `fn name_stream(&self, params) -> impl
/// Stream<Item = Result<T, E>> + Send` and `end`.
fn stream_head(op: &Operation, paging: &PagingDef, params: &[String], end: &str, c: &mut Code) {
    c.fn_returning_impl(
        &text::concat(&["fn ", &text::ident(&paging.stream), "("]),
        &with_self(params),
        &ImplType {
            path: "::postman_runtime::Stream",
            binding: &format!(
                "Item = ::std::result::Result<{}, {}>",
                text::ty(&paging.item),
                text::ident(&op.error_type)
            ),
            bound: "::std::marker::Send",
        },
        end,
    );
}

/// `impl Api for Client`: each method (a unit of its own) calls the one it stands for.
pub(super) fn write_impl(group: &Group, path: &[String], units: &mut dyn Units) {
    if group.operations.is_empty() {
        units.item(&mut |c| c.unchecked_line(&["impl Api for Client {}"]));
        return;
    }
    units.open(Scope::Impl, &mut |c| {
        c.open_item(&["impl Api for Client {"])
    });
    for op in &group.operations {
        units.item(&mut |c| {
            let (params, success) = operation::signature(op);
            method_head(op, &params, &success, " {", c);
            let names = super::client::arg_names(&params);
            delegate(path, &text::ident(&op.name), &names, c);
            c.close("}");
        });
        if let Some(paging) = &op.paging {
            units.item(&mut |c| {
                let (params, _) = operation::signature(op);
                stream_head(op, paging, &params, " {", c);
                let names = super::client::arg_names(&params);
                delegate(path, &text::ident(&paging.stream), &names, c);
                c.close("}");
            });
        }
    }
    units.close();
}

/// The call of the inherent method `name` a trait method stands for: `Client::name(self, ..)`
/// (not the trait's own), through the folder accessors of `path`.
fn delegate(path: &[String], name: &str, names: &[&str], c: &mut Code) {
    let args = |first: Option<&str>| -> Vec<Expr> {
        first
            .into_iter()
            .chain(names.iter().copied())
            .map(atom)
            .collect()
    };
    let e = match path.split_first() {
        None => call(format!("Client::{name}"), args(Some("self")), ""),
        Some((first, rest)) => {
            let receiver = call(
                format!("Client::{}", text::ident(first)),
                vec![atom("self")],
                "",
            );
            let mut links: Vec<Expr> = rest
                .iter()
                .map(|m| call(format!(".{}", text::ident(m)), Vec::new(), ""))
                .collect();
            links.push(call(format!(".{name}"), args(None), ""));
            chain(receiver, links)
        }
    };
    c.expr("", &e, "", true);
}
