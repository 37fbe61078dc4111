//! The `Client` type: its fields (a `postman_runtime::ClientCore` and the credentials), its
//! `Debug` and `Default` impls, and the constructor and setters that open `impl Client`.

use crate::ir::CodeSpan;
use crate::ir::Module;

use super::code::{self as text, atom, Code, Expr};
use super::credentials::{self, Named};

/// `Client` and its `Debug` (and `Default`) impls: one unit each, in this order.
pub(super) fn write_client_type(module: &Module, c: &mut Code) {
    c.doc(&format!(
        "Client for the {}.\n\nCreate one with [`Client::new`] and share it: it is cheap to clone and reuses connections.\n\nEach request method checks its arguments when called and returns a future that sends the request when awaited; `.with_meta()` on that future gives a success's status and headers with its value. The trait [`Api`] has the same methods, for fakes in tests. The request paths in their docs follow the base URL ([`Client::base_url`]).",
        api_name(module)
    ));
    c.line(&["#[derive(Clone)]"]);
    c.open_item(&["pub struct Client {"]);
    c.line(&["core: ::postman_runtime::ClientCore,"]);
    for named in credentials::named(&module.client) {
        c.line(&[&credentials::field(&named)]);
    }
    c.close("}");
}

/// The API's name for docs: the collection's title as code, then ` API` unless the title ends
/// with the word.
pub(super) fn api_name(module: &Module) -> String {
    let title = module.title.trim_end();
    let api = if title
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("api"))
    {
        ""
    } else {
        " API"
    };
    format!("`{}`{api}", title.code())
}

/// `impl Debug for Client`: the base URL only, so that credentials stay out of logs.
pub(super) fn write_debug(c: &mut Code) {
    write_debug_of("&self.core.base_url()", c);
}

/// `impl Debug for Client` showing `base_url` (an expression of `&self`) only.
pub(super) fn write_debug_of(base_url: &str, c: &mut Code) {
    c.open_impl("impl ::std::fmt::Debug", "Client");
    c.open_fn(
        "fn fmt(",
        &["&self", "f: &mut ::std::fmt::Formatter<'_>"],
        ") -> ::std::fmt::Result {",
    );
    c.expr(
        "",
        &text::chain(
            text::call("f.debug_struct", vec![atom("\"Client\"")], ""),
            vec![
                text::call(".field", vec![atom("\"base_url\""), atom(base_url)], ""),
                text::call(".finish_non_exhaustive", Vec::new(), ""),
            ],
        ),
        "",
        true,
    );
    c.close("}");
    c.close("}");
}

/// Whether `Client::new` takes no argument, so that `Client` implements `Default`.
pub(super) fn new_takes_nothing(module: &Module) -> bool {
    module.client.default_base_url.is_some() && module.client.primary.is_none()
}

/// `impl Default for Client`, when `new` takes nothing.
pub(super) fn write_default(c: &mut Code) {
    c.open_impl("impl ::std::default::Default", "Client");
    c.open_fn("fn default(", &[], ") -> Self {");
    c.line(&["Self::new()"]);
    c.close("}");
    c.close("}");
}

/// A setter of one of `postman_runtime::ClientCore`'s settings.
struct Setting {
    name: &'static str,
    params: &'static str,
    call: &'static str,
    doc: &'static str,
}

/// The settings every client has, beside the base URL and the HTTP client.
const SETTINGS: &[Setting] = &[
    Setting {
        name: "with_timeout",
        params: "timeout: ::std::time::Duration",
        call: "set_timeout(timeout)",
        doc: "Gives up on a request, redirects and reading the body included, after `timeout` (30 seconds unless set; connecting alone may take 10). A timeout is a `Transport` error whose `is_timeout()` is true.",
    },
    Setting {
        name: "with_retry",
        params: "policy: ::postman_runtime::RetryPolicy",
        call: "set_retry(policy)",
        doc: "Sends a request again as `policy` says (none is sent twice unless set). `RetryPolicy::default()` makes up to 3 attempts after a 429, a 503 or a connection error, for GET, HEAD, PUT, DELETE and OPTIONS only; it waits what `Retry-After` says up to 60 seconds (a longer one returns the error at once), else an exponential backoff with jitter. The error after the last attempt is the last response's; its `attempts` says how many were made.",
    },
    Setting {
        name: "with_redirects",
        params: "redirects: ::postman_runtime::Redirects",
        call: "set_redirects(redirects)",
        doc: "Which redirects the client follows: by default those to the same origin (scheme, host and port), at most 10. Another is returned as the `Redirected` error. With `Redirects::Any`, a redirect to another origin is followed without the request's credentials. A 301, 302 or 303 that would turn a request other than GET or HEAD into a GET is never followed.",
    },
    Setting {
        name: "with_body_limits",
        params: "success: u64, error: u64",
        call: "set_body_limits(success, error)",
        doc: "The largest response bodies the client reads, in bytes: `success` for 2xx statuses (32 MiB unless set), `error` for the others (1 MiB unless set). A larger body is not read: the request fails with `BodyTooLarge`.",
    },
    Setting {
        name: "with_cookie_store",
        params: "enabled: bool",
        call: "set_cookie_store(enabled)",
        doc: "Keeps the cookies responses set and sends them with later requests (off unless set), for collections whose requests depend on a login. Clones of the client share the cookies.",
    },
];

/// A `with_...` method of `Client`, which takes `self` and returns it changed. Described
/// once, here: the async client's is written from it, and the blocking client's
/// (`blocking.rs`) delegates to that one, so the two have the same setters.
pub(super) struct Setter {
    /// Its name.
    pub name: String,
    /// Its parameters after `mut self` (`name: Type`).
    pub params: Vec<String>,
    /// Its documentation.
    pub doc: String,
    /// The statement that changes `self`: `assign` (`self.field = `, or nothing) and `value`.
    pub assign: String,
    pub value: Expr,
}

impl Setter {
    /// The names of its parameters, as the arguments of a call.
    pub fn args(&self) -> Vec<&str> {
        arg_names(&self.params)
    }
}

/// The names of `params` (`name: Type`).
pub(super) fn arg_names<S: AsRef<str>>(params: &[S]) -> Vec<&str> {
    params
        .iter()
        .map(|p| {
            let p = p.as_ref();
            p.split_once(": ").map_or(p, |(name, _)| name)
        })
        .collect()
}

/// Every `with_...` method of `Client`, in order: base URL, HTTP client, the settings, the
/// credentials' setters, variables and the signing hook.
pub(super) fn setters(module: &Module) -> Vec<Setter> {
    let client = &module.client;
    let into = "impl ::std::convert::Into<::std::string::String>";
    let mut setters = vec![
        Setter {
            name: "with_base_url".to_owned(),
            params: vec![format!("base_url: {into}")],
            doc: "Sends requests to `base_url` instead (a trailing `/` is ignored; a path prefix is kept).".to_owned(),
            assign: String::new(),
            value: atom("self.core.set_base_url(base_url)"),
        },
        Setter {
            name: "with_http_client".to_owned(),
            params: vec!["http: ::reqwest::Client".to_owned()],
            doc: "Uses `http` for requests (for proxies, TLS settings or middleware).\n\nThe client follows redirects itself, hop by hop, so that no credential leaves the origin a request was built for: build `http` with `reqwest::redirect::Policy::none()`, or those guarantees depend on it.".to_owned(),
            assign: String::new(),
            value: atom("self.core.set_http_client(http)"),
        },
    ];
    for setting in SETTINGS {
        setters.push(Setter {
            name: setting.name.to_owned(),
            params: setting.params.split(", ").map(str::to_owned).collect(),
            doc: setting.doc.to_owned(),
            assign: String::new(),
            value: atom(text::concat(&["self.core.", setting.call])),
        });
    }
    setters.extend(credentials::named(client).iter().map(credentials::setter));
    if !client.variables.is_empty() {
        let list: Vec<String> = client
            .variables
            .iter()
            .map(|v| match &v.default {
                Some(d) if v.host => format!(
                    "- `{}`, a host the collection writes without a scheme (default `{}`)",
                    v.name.code(),
                    d.code()
                ),
                Some(d) => format!("- `{}` (default `{}`)", v.name.code(), d.code()),
                None => format!("- `{}` (no default: set it before use)", v.name.code()),
            })
            .collect();
        setters.push(Setter {
            name: "with_variable".to_owned(),
            params: vec![format!("name: {into}"), format!("value: {into}")],
            doc: format!(
                "Sets a collection variable that some request URLs use:\n\n{}",
                list.join("\n")
            ),
            assign: String::new(),
            value: atom("self.core.set_variable(name, value)"),
        });
    }
    if client.signer {
        setters.push(Setter {
            name: "with_signer".to_owned(),
            params: vec!["signer: impl Fn(&str, &mut ::reqwest::Request) -> ::std::result::Result<(), ::std::string::String> + ::std::marker::Send + ::std::marker::Sync + 'static".to_owned()],
            doc: "Sets the hook that signs requests whose auth kind the generator cannot produce (digest, oauth1, hawk, awsv4, ntlm, edgegrid, ...). It gets the auth kind and the finished request, and may change its headers, URL or body.".to_owned(),
            assign: String::new(),
            value: atom("self.core.set_signer(signer)"),
        });
    }
    setters
}

/// A unit's writer.
pub(super) type WriteUnit<'m> = Box<dyn Fn(&mut Code) + 'm>;

/// The items that open `impl Client`, each one unit: `DEFAULT_BASE_URL`, `new`, the setters and
/// `base_url`.
pub(super) fn client_methods(module: &Module) -> Vec<WriteUnit<'_>> {
    let client = &module.client;
    let mut items: Vec<WriteUnit<'_>> = Vec::new();
    if let Some(url) = &client.default_base_url {
        items.push(Box::new(move |c: &mut Code| {
            c.doc(&format!(
                "The base URL used unless [`Client::with_base_url`] replaces it, from {}.",
                client.base_url_source
            ));
            c.line(&[
                "pub const DEFAULT_BASE_URL: &'static str = ",
                &text::lit(url.trim_end_matches('/')),
                ";",
            ]);
        }));
    }
    items.push(Box::new(move |c: &mut Code| write_new(module, c)));
    for setter in setters(module) {
        items.push(Box::new(move |c: &mut Code| {
            c.doc(&setter.doc);
            let mut params = vec!["mut self"];
            params.extend(setter.params.iter().map(String::as_str));
            c.open_fn(
                &text::concat(&["pub fn ", &setter.name, "("]),
                &params,
                ") -> Self {",
            );
            c.expr(&setter.assign, &setter.value, ";", true);
            c.line(&["self"]);
            c.close("}");
        }));
    }
    items.push(Box::new(|c: &mut Code| {
        c.doc("The base URL requests are sent to.");
        c.open_fn("pub fn base_url(", &["&self"], ") -> &str {");
        c.line(&["self.core.base_url()"]);
        c.close("}");
    }));
    items
}

/// `Client::new`'s parameters: the base URL (unless the collection gives one) and the
/// collection's own credential.
pub(super) fn new_params(module: &Module) -> Vec<String> {
    let client = &module.client;
    let mut params = Vec::new();
    if client.default_base_url.is_none() {
        params.push("base_url: impl ::std::convert::Into<::std::string::String>".to_owned());
    }
    for credential in credentials::named(client) {
        params.extend(credentials::new_params(&credential).0);
    }
    params
}

/// `Client::new`: the base URL (unless the collection gives one), the collection's own
/// credential, and the collection variables' defaults.
fn write_new(module: &Module, c: &mut Code) {
    let client = &module.client;
    let mut doc = String::from("Creates a client.");
    let base = match &client.default_base_url {
        Some(_) => {
            doc.push_str(" It sends requests to [`Client::DEFAULT_BASE_URL`].");
            "Self::DEFAULT_BASE_URL"
        }
        None => {
            doc.push_str(&format!(
                " `base_url` stands for {}, which the collection gives no value for.",
                client.base_url_source
            ));
            "base_url"
        }
    };
    let named: Vec<Named<'_>> = credentials::named(client);
    let mut inits: Vec<(&str, Expr)> = Vec::new();
    for credential in &named {
        inits.push((&credential.field, credentials::new_params(credential).1));
        if credential.primary {
            doc.push_str(&credentials::new_doc(credential));
        }
    }
    if client.primary.is_none() && !client.credentials.is_empty() {
        doc.push_str(" Set credentials with the `with_...` methods.");
    }
    doc.push_str(" Credentials are taken at run time; none is written into the generated code.");
    c.doc(&doc);
    let params = new_params(module);
    let params: Vec<&str> = params.iter().map(String::as_str).collect();
    c.open_fn("pub fn new(", &params, ") -> Self {");
    let defaults: Vec<(String, String)> = client
        .variables
        .iter()
        .filter_map(|v| Some((text::lit(&v.name), text::lit(v.default.as_deref()?))))
        .collect();
    let core = text::call("::postman_runtime::ClientCore::new", vec![atom(base)], "");
    if defaults.is_empty() {
        c.expr("let core = ", &core, ";", true);
    } else {
        c.expr("let mut core = ", &core, ";", true);
        for (name, value) in &defaults {
            c.expr(
                "",
                &text::call("core.set_variable", vec![atom(name), atom(value)], ""),
                ";",
                true,
            );
        }
    }
    let mut fields = vec![("", atom("core"))];
    fields.extend(inits);
    c.struct_literal("Self", fields);
    c.close("}");
}
