//! Query and header parameters: which become arguments, which are sent as fixed values.

use std::collections::BTreeMap;

use crate::ir::{Arg, ArgType, CodeSpan, Credential, Location};
use crate::model::Param;
use crate::names::{self, Case, UniqueNames};

use super::auth::is_header_name;
use super::markers::parse_markers;
use super::template::{pieces, Piece};
use super::Lowering;

/// Headers the client or the body decides; a collection's own values for them are not used.
const MANAGED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "host",
    "connection",
    "accept-encoding",
    "transfer-encoding",
];

/// Header names whose values are credentials: always taken at run time, never embedded.
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "auth",
        "token",
        "key",
        "secret",
        "password",
        "cookie",
        "session",
        "signature",
        "credential",
    ]
    .iter()
    .any(|s| name.contains(s))
}

/// What an operation's query and headers lower to.
#[derive(Default)]
pub struct Params {
    /// Query and header arguments.
    pub args: Vec<Arg>,
    /// Headers with fixed, non-secret values.
    pub fixed_headers: Vec<(String, String)>,
}

impl Lowering {
    /// Query parameters: one argument per distinct key (a repeated key is a list), required
    /// when enabled and documented `(Required)`, otherwise optional.
    pub(super) fn query_args(
        &mut self,
        query: &[Param],
        credentials: &[Credential],
        type_base: &str,
        arg_names: &mut UniqueNames,
        out: &mut Params,
    ) {
        let mut keys: Vec<&str> = Vec::new();
        let mut by_key: BTreeMap<&str, Vec<&Param>> = BTreeMap::new();
        for param in query {
            let key = param.key.as_str();
            if key.is_empty() {
                continue;
            }
            // The API key credential fills its own query parameter.
            if credentials
                .iter()
                .any(|c| matches!(c, Credential::ApiKey { name, in_query: true } if name == key))
            {
                continue;
            }
            let entry = by_key.entry(key).or_default();
            if entry.is_empty() {
                keys.push(key);
            }
            entry.push(param);
        }
        for key in keys {
            let params = by_key.get(key).map(Vec::as_slice).unwrap_or_default();
            let first = params.first().copied();
            let description = params.iter().find_map(|p| p.description.as_deref());
            let markers = parse_markers(description.unwrap_or_default());
            let enabled = params.iter().any(|p| !p.disabled);
            let repeated = params.len() > 1;
            let name =
                arg_names.unique(&names::sanitize_or(key, Case::Snake, "param"), Case::Snake);
            let ty = match (&markers.one_of, repeated) {
                (Some(values), false) if !values.is_empty() => {
                    ArgType::Enum(self.enum_type(type_base, key, values, &markers.value_docs))
                }
                (_, true) => ArgType::List,
                _ => ArgType::Text,
            };
            let mut doc = self.rustdoc(&markers.text);
            if doc.is_empty() {
                let example = first.and_then(|p| p.value.as_deref());
                doc = fallback_doc(key, "in the query string", example);
            }
            if let Some(var) = first
                .and_then(|p| p.value.as_deref())
                .and_then(single_variable)
            {
                doc.push_str(&format!(
                    " (Postman fills it from the `{}` variable.)",
                    var.code()
                ));
            }
            out.args.push(Arg {
                name,
                wire: key.to_owned(),
                doc,
                location: Location::Query,
                required: enabled && markers.required,
                ty,
                secret: is_secret_name(key),
            });
        }
    }

    /// Headers: disabled ones and ones whose value is a `{{variable}}` or a credential become
    /// arguments; other fixed, non-secret values are sent as they are.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn header_args(
        &mut self,
        headers: &[Param],
        credentials: &[Credential],
        type_base: &str,
        arg_names: &mut UniqueNames,
        out: &mut Params,
        path: &str,
        label: Option<&str>,
    ) {
        for (i, header) in headers.iter().enumerate() {
            let key = header.key.trim();
            let lower = key.to_ascii_lowercase();
            if key.is_empty() || MANAGED_HEADERS.contains(&lower.as_str()) {
                continue;
            }
            if credentials.iter().any(|c| match c {
                Credential::Bearer | Credential::Basic => lower == "authorization",
                Credential::ApiKey {
                    name,
                    in_query: false,
                } => name.eq_ignore_ascii_case(key),
                Credential::ApiKey { .. } => false,
            }) {
                continue;
            }
            if !is_header_name(key) {
                self.diag(
                    "header-skipped",
                    &format!("{path}.request.header[{i}]"),
                    label,
                    format!("`{key}` is not a valid header name, so it is not sent"),
                );
                continue;
            }
            let value = header.value.as_deref().unwrap_or_default();
            let has_variable = pieces(value)
                .iter()
                .any(|p| matches!(p, Piece::Variable(_)));
            let lower_value = value.trim_start().to_ascii_lowercase();
            let secret = is_secret_name(key)
                || ["bearer ", "basic ", "token ", "digest ", "oauth "]
                    .iter()
                    .any(|scheme| lower_value.starts_with(scheme));
            let valid_value = value
                .bytes()
                .all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f));
            if !header.disabled && !has_variable && !secret && valid_value {
                out.fixed_headers.push((key.to_owned(), value.to_owned()));
                continue;
            }
            let markers = parse_markers(header.description.as_deref().unwrap_or_default());
            let name =
                arg_names.unique(&names::sanitize_or(key, Case::Snake, "header"), Case::Snake);
            let ty = match &markers.one_of {
                Some(values) if !values.is_empty() => {
                    ArgType::Enum(self.enum_type(type_base, key, values, &markers.value_docs))
                }
                _ => ArgType::Text,
            };
            let mut doc = self.rustdoc(&markers.text);
            if doc.is_empty() {
                // A value with an auth scheme (`Bearer ...`) is a credential: never shown.
                let example = header.value.as_deref().filter(|_| !secret);
                doc = fallback_doc(key, "header", example);
            }
            out.args.push(Arg {
                name,
                wire: key.to_owned(),
                doc,
                location: Location::Header,
                required: !header.disabled,
                ty,
                secret,
            });
        }
    }
}

/// The documentation of a parameter or field the collection does not describe: its wire
/// name, where it goes and, when the collection shows a plain value that is no secret, an
/// example (`` `email` in the form, for example `ada@example.com`. ``).
pub fn fallback_doc(key: &str, place: &str, example: Option<&str>) -> String {
    let mut doc = format!("`{}` {place}", key.code());
    let shown = example.map(str::trim).filter(|value| {
        !value.is_empty()
            && value.len() <= 60
            && !value.contains(['\n', '\r'])
            && !value.contains("{{")
            && !is_secret_name(key)
    });
    if let Some(value) = shown {
        doc.push_str(&format!(", for example `{}`", value.code()));
    }
    doc.push('.');
    doc
}

/// The variable name when `value` is exactly one `{{variable}}`.
fn single_variable(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}")).then_some(inner.trim())
}

#[cfg(test)]
mod tests {
    use super::fallback_doc;

    #[test]
    fn fallback_docs_show_plain_examples_and_never_secrets() {
        assert_eq!(
            fallback_doc("email", "in the form", Some("ada@example.com")),
            "`email` in the form, for example `ada@example.com`."
        );
        assert_eq!(
            fallback_doc("page", "in the query string", Some("")),
            "`page` in the query string."
        );
        assert_eq!(
            fallback_doc("page", "in the query string", Some("{{page}}")),
            "`page` in the query string."
        );
        assert_eq!(
            fallback_doc("api_key", "in the query string", Some("abc")),
            "`api_key` in the query string."
        );
        assert_eq!(
            fallback_doc("X-Password", "header", Some("hunter2")),
            "`X-Password` header."
        );
        let long = "x".repeat(61);
        assert_eq!(
            fallback_doc("q", "in the query string", Some(&long)),
            "`q` in the query string."
        );
        assert_eq!(
            fallback_doc("q", "in the query string", Some("a\nb")),
            "`q` in the query string."
        );
    }
}
