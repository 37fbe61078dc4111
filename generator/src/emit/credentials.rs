//! Credentials the client computes itself: each kind owns its field on `Client`, its setter,
//! its parameters of `Client::new` (when it is the collection's own auth) and the statement
//! that applies it to a request (a `postman_runtime::Call` method). Adding a kind touches
//! this file, the IR, lowering and the runtime's `auth` module.

use crate::ir::CodeSpan;
use crate::ir::{ClientDef, Credential};

use super::client::Setter;
use super::code::{self as text, atom, call, group, Expr};

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
        Credential::OAuth1 {
            signature_method, ..
        } => format!(
            "OAuth 1.0a keys (consumer key and secret, token and token secret; an empty token for none), signed with {}",
            signature_method.code()
        ),
        Credential::Digest => "a user name and password, sent with HTTP Digest auth".to_owned(),
        Credential::AwsV4 { region, service } => format!(
            "AWS credentials (access key, secret key and session token, empty for none), signed with AWS Signature Version 4 for region `{}` and service `{}`",
            region.code(),
            service.code()
        ),
        Credential::Hawk { .. } => "a Hawk credential (id and key)".to_owned(),
        Credential::EdgeGrid { .. } => {
            "Akamai EdgeGrid tokens (client token, client secret and access token)".to_owned()
        }
    }
}

/// For a signing scheme: the runtime type that holds its keys and the setter's parameters.
fn keys(credential: &Credential) -> Option<(&'static str, &'static [&'static str])> {
    match credential {
        Credential::Bearer | Credential::Basic | Credential::ApiKey { .. } => None,
        Credential::OAuth1 { .. } => Some((
            "OAuth1Keys",
            &["consumer_key", "consumer_secret", "token", "token_secret"],
        )),
        Credential::Digest => Some(("DigestKeys", &["username", "password"])),
        Credential::AwsV4 { .. } => {
            Some(("AwsKeys", &["access_key", "secret_key", "session_token"]))
        }
        Credential::Hawk { .. } => Some(("HawkKeys", &["id", "key"])),
        Credential::EdgeGrid { .. } => Some((
            "EdgeGridKeys",
            &["client_token", "client_secret", "access_token"],
        )),
    }
}

/// `Some(postman_runtime::auth::Keys::new(a, b, ...))` for a signing scheme's keys.
fn keys_value(ty: &str, params: &[&str]) -> Expr {
    some(call(
        text::concat(&["::postman_runtime::auth::", ty, "::new"]),
        params.iter().map(|p| atom(*p)).collect(),
        "",
    ))
}

/// `Some(value)`.
fn some(value: Expr) -> Expr {
    call("::std::option::Option::Some", vec![value], "")
}

/// `Some((username.into(), password.into()))`: basic auth's user name and password.
fn basic_value() -> Expr {
    some(group(
        "(",
        vec![atom("username.into()"), atom("password.into()")],
        ")",
    ))
}

/// The field's declaration in `Client`.
pub(super) fn field(named: &Named<'_>) -> String {
    let ty = match (named.credential, keys(named.credential)) {
        (_, Some((keys, _))) => format!("::std::option::Option<::postman_runtime::auth::{keys}>"),
        (Credential::Basic, None) => {
            "::std::option::Option<(::std::string::String, ::std::string::String)>".to_owned()
        }
        (_, None) => "::std::option::Option<::std::string::String>".to_owned(),
    };
    format!("{}: {ty},", named.field)
}

/// `Client::new`'s parameters for the credential, and the field's initial value.
pub(super) fn new_params(named: &Named<'_>) -> (Vec<String>, Expr) {
    let into = "impl ::std::convert::Into<::std::string::String>";
    if !named.primary {
        return (Vec::new(), atom("::std::option::Option::None"));
    }
    if let Some((ty, params)) = keys(named.credential) {
        return (
            params.iter().map(|p| format!("{p}: {into}")).collect(),
            keys_value(ty, params),
        );
    }
    match named.credential {
        Credential::Basic => (
            vec![format!("username: {into}"), format!("password: {into}")],
            basic_value(),
        ),
        _ => (
            vec![format!("{}: {into}", named.field)],
            some(atom(text::concat(&[&named.field, ".into()"]))),
        ),
    }
}

/// What `Client::new`'s doc says of the credential.
pub(super) fn new_doc(named: &Named<'_>) -> String {
    let what = describe(named.credential);
    if let Some((_, params)) = keys(named.credential) {
        let params: Vec<String> = params.iter().map(|p| format!("`{p}`")).collect();
        return format!(" {} are {what}.", params.join(", "));
    }
    match named.credential {
        Credential::Basic => format!(" `username` and `password` are {what}."),
        _ => format!(" `{}` is {what}.", named.field),
    }
}

/// The setter, a method of `impl Client`.
pub(super) fn setter(named: &Named<'_>) -> Setter {
    let into = "impl ::std::convert::Into<::std::string::String>";
    let (params, value) = if let Some((ty, params)) = keys(named.credential) {
        (
            params.iter().map(|p| format!("{p}: {into}")).collect(),
            keys_value(ty, params),
        )
    } else if let Credential::Basic = named.credential {
        (
            vec![format!("username: {into}"), format!("password: {into}")],
            basic_value(),
        )
    } else {
        (vec![format!("value: {into}")], some(atom("value.into()")))
    };
    Setter {
        name: named.setter.clone(),
        params,
        doc: format!("Sets {}.", describe(named.credential)),
        assign: text::concat(&["self.", &named.field, " = "]),
        value,
    }
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
    let setters = text::lit(&text::concat(&[
        "`Client::",
        &named.setter,
        if named.primary {
            "` or `Client::new`"
        } else {
            "`"
        },
    ]));
    let keys_arg = text::concat(&[owner, ".", &named.field, ".as_ref()"]);
    let deref_arg = || text::concat(&[owner, ".", &named.field, ".as_deref()"]);
    Some(match named.credential {
        Credential::Bearer => ("bearer_auth", vec![deref_arg(), setters]),
        Credential::Basic => ("basic_auth", vec![keys_arg, setters]),
        Credential::ApiKey { name, in_query } => (
            if *in_query {
                "api_key_query"
            } else {
                "api_key_header"
            },
            vec![text::lit(name), deref_arg(), setters],
        ),
        Credential::OAuth1 {
            signature_method,
            placement,
            realm,
            version,
        } => (
            "oauth1_auth",
            vec![
                text::lit(signature_method),
                text::lit(placement),
                text::lit(realm),
                text::lit(version),
                keys_arg,
                setters,
            ],
        ),
        Credential::Digest => ("digest_auth", vec![keys_arg, setters]),
        Credential::AwsV4 { region, service } => (
            "aws_sigv4_auth",
            vec![text::lit(region), text::lit(service), keys_arg, setters],
        ),
        Credential::Hawk {
            algorithm,
            ext,
            app,
            dlg,
            payload_hash,
        } => (
            "hawk_auth",
            vec![
                text::lit(algorithm),
                text::lit(ext),
                text::lit(app),
                text::lit(dlg),
                payload_hash.to_string(),
                keys_arg,
                setters,
            ],
        ),
        Credential::EdgeGrid { headers_to_sign } => (
            "edgegrid_auth",
            vec![text::lit(headers_to_sign), keys_arg, setters],
        ),
    })
}
