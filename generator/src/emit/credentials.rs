//! Credentials the client computes itself: each kind owns its field on `Client`, its setter,
//! its parameters of `Client::new` (when it is the collection's own auth) and the statement
//! that applies it to a request (a `postman_runtime::Call` method). Adding a kind touches
//! this file, the IR, lowering and the runtime's `auth` module.

use crate::ir::CodeSpan;
use crate::ir::{ClientDef, Credential};

use super::code::{self as text, Code};

/// A credential of the client with its names.
pub(super) struct Named<'a> {
    pub credential: &'a Credential,
    /// The field of `Client` that holds it.
    pub field: String,
    /// The `with_...` method that sets it.
    pub setter: String,
    /// `Client::new` takes it.
    pub primary: bool,
}

/// The client's credentials with their field and setter names.
pub(super) fn named(client: &ClientDef) -> Vec<Named<'_>> {
    client
        .credentials
        .iter()
        .zip(client.credential_names())
        .enumerate()
        .map(|(index, (credential, (field, setter)))| Named {
            credential,
            field,
            setter,
            primary: client.primary == Some(index),
        })
        .collect()
}

/// What the credential is, for docs.
pub(super) fn describe(credential: &Credential) -> String {
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

/// The field's declaration in `Client`.
pub(super) fn field(named: &Named<'_>) -> String {
    let ty = match named.credential {
        Credential::Basic => {
            "::std::option::Option<(::std::string::String, ::std::string::String)>"
        }
        Credential::Bearer | Credential::ApiKey { .. } => {
            "::std::option::Option<::std::string::String>"
        }
    };
    format!("{}: {ty},", named.field)
}

/// `Client::new`'s parameters for the credential, and the field's initial value.
pub(super) fn new_params(named: &Named<'_>) -> (Vec<String>, String) {
    let into = "impl ::std::convert::Into<::std::string::String>";
    if !named.primary {
        return (
            Vec::new(),
            format!("{}: ::std::option::Option::None,", named.field),
        );
    }
    match named.credential {
        Credential::Basic => (
            vec![format!("username: {into}"), format!("password: {into}")],
            format!(
                "{}: ::std::option::Option::Some((username.into(), password.into())),",
                named.field
            ),
        ),
        Credential::Bearer | Credential::ApiKey { .. } => (
            vec![format!("{}: {into}", named.field)],
            format!("{0}: ::std::option::Option::Some({0}.into()),", named.field),
        ),
    }
}

/// What `Client::new`'s doc says of the credential.
pub(super) fn new_doc(named: &Named<'_>) -> String {
    let what = describe(named.credential);
    match named.credential {
        Credential::Basic => format!(" `username` and `password` are {what}."),
        Credential::Bearer | Credential::ApiKey { .. } => format!(" `{}` is {what}.", named.field),
    }
}

/// The setter, a method of `impl Client`.
pub(super) fn write_setter(named: &Named<'_>, c: &mut Code) {
    let into = "impl ::std::convert::Into<::std::string::String>";
    c.doc(&format!("Sets {}.", describe(named.credential)));
    match named.credential {
        Credential::Basic => {
            c.unchecked_line(&[
                "pub fn ",
                &named.setter,
                "(mut self, username: ",
                into,
                ", password: ",
                into,
                ") -> Self {",
            ]);
            c.unchecked_line(&[
                "self.",
                &named.field,
                " = ::std::option::Option::Some((username.into(), password.into()));",
            ]);
        }
        Credential::Bearer | Credential::ApiKey { .. } => {
            c.unchecked_line(&[
                "pub fn ",
                &named.setter,
                "(mut self, value: ",
                into,
                ") -> Self {",
            ]);
            c.unchecked_line(&[
                "self.",
                &named.field,
                " = ::std::option::Option::Some(value.into());",
            ]);
        }
    }
    c.unchecked_line(&["self"]);
    c.unchecked_line(&["}"]);
    c.give_up();
}

/// The `Call` method (and its arguments) that applies credential `index` to a request of
/// an operation in the root (`self` is the client) or in a folder (`self.client`).
pub(super) fn auth_step(
    client: &ClientDef,
    index: usize,
    in_root: bool,
) -> Option<(&'static str, Vec<String>)> {
    let all = named(client);
    let named = all.get(index)?;
    let owner = if in_root { "self" } else { "self.client" };
    let setters = text::lit(&format!(
        "`Client::{}`{}",
        named.setter,
        if named.primary {
            " or `Client::new`"
        } else {
            ""
        }
    ));
    Some(match named.credential {
        Credential::Bearer => (
            "bearer_auth",
            vec![format!("{owner}.{}.as_deref()", named.field), setters],
        ),
        Credential::Basic => (
            "basic_auth",
            vec![format!("{owner}.{}.as_ref()", named.field), setters],
        ),
        Credential::ApiKey { name, in_query } => (
            if *in_query {
                "api_key_query"
            } else {
                "api_key_header"
            },
            vec![
                text::lit(name),
                format!("{owner}.{}.as_deref()", named.field),
                setters,
            ],
        ),
    })
}
