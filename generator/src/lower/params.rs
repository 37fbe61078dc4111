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
    const WORDS: [&[u8]; 9] = [
        b"auth",
        b"token",
        b"key",
        b"secret",
        b"password",
        b"cookie",
        b"session",
        b"signature",
        b"credential",
    ];
    // One pass, without regard to ASCII case; most positions start no word (checked first).
    let bytes = name.as_bytes();
    (0..bytes.len()).any(|i| {
        let rest = bytes.get(i..).unwrap_or_default();
        matches!(
            rest.first().map(u8::to_ascii_lowercase),
            Some(b'a' | b't' | b'k' | b's' | b'p' | b'c')
        ) && WORDS.iter().any(|word| {
            rest.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
        })
    })
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
            // `?flag`: a key whose example has no value at all (not even `=`) is sent bare.
            let bare = !repeated && params.iter().all(|p| p.value.is_none());
            let ty = match (&markers.one_of, repeated) {
                _ if bare => ArgType::Flag,
                (Some(values), false) if !values.is_empty() => {
                    ArgType::Enum(self.enum_type(type_base, key, values, &markers.value_docs))
                }
                (_, true) => ArgType::List,
                _ => ArgType::Text,
            };
            let mut doc = self.rustdoc(&markers.text);
            if doc.is_empty() {
                doc = if bare {
                    format!(
                        "`{}` in the query string, as a key without a value.",
                        key.code()
                    )
                } else {
                    fallback_doc(
                        key,
                        "in the query string",
                        first.and_then(|p| p.value.as_deref()),
                    )
                };
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
                Credential::Bearer
                | Credential::Basic
                | Credential::OAuth1 { .. }
                | Credential::Digest
                | Credential::Hawk { .. }
                | Credential::EdgeGrid { .. } => lower == "authorization",
                Credential::AwsV4 { .. } => {
                    matches!(
                        lower.as_str(),
                        "authorization"
                            | "x-amz-date"
                            | "x-amz-security-token"
                            | "x-amz-content-sha256"
                    )
                }
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
    let key_text = key.code();
    let shown = example
        .map(str::trim)
        .filter(|value| is_plain_example(value) && !is_secret_name(key));
    let mut doc = String::with_capacity(key_text.len() + place.len() + 48);
    doc.push('`');
    doc.push_str(&key_text);
    doc.push_str("` ");
    doc.push_str(place);
    if let Some(value) = shown {
        doc.push_str(", for example `");
        doc.push_str(&value.code());
        doc.push('`');
    }
    doc.push('.');
    doc
}

/// Whether an example value is plain enough to show in docs: short, one line, no structure
/// (JSON or `{{variables}}`), and nothing that looks like a key or token (a long unbroken
/// word, or a well-known key prefix). Examples are written by people, and people paste keys.
fn is_plain_example(value: &str) -> bool {
    const KEY_PREFIXES: [&str; 8] = ["sk_", "pk_", "rk_", "ghp_", "gho_", "xox", "AKIA", "eyJ"];
    !value.is_empty()
        && value.len() <= 40
        && !value.contains(|c: char| c.is_control() || "{}[]\"'`\\".contains(c))
        && !KEY_PREFIXES.iter().any(|prefix| value.starts_with(prefix))
        && value
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .all(|word| word.chars().count() < 16)
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
    fn secret_names_are_found_in_any_case_anywhere() {
        // The list as plain substrings of the lower-cased name: what the one-pass search does.
        fn by_substrings(name: &str) -> bool {
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
        for name in [
            "",
            "a",
            "key",
            "KEY",
            "X-Api-Key",
            "monkey",
            "ke",
            "Authorization",
            "x-auth",
            "aut",
            "token",
            "TOKEN_1",
            "tok",
            "page",
            "Cookie",
            "SESSIONID",
            "sessio",
            "pass",
            "password",
            "x-Signature",
            "Credentials",
            "sécret",
            "Кey",
            "clé",
            "p",
            "cc",
            "ss",
            "kkey",
        ] {
            assert_eq!(super::is_secret_name(name), by_substrings(name), "{name:?}");
        }
    }

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
        for keyish in [
            "sk_live_abc",
            "{\"token\": \"x\"}",
            "3f8a9c2e7b1d4f6a9e0c",
            "eyJhbGciOi",
            "a`b",
        ] {
            assert_eq!(
                fallback_doc("note", "in the form", Some(keyish)),
                "`note` in the form.",
                "{keyish}"
            );
        }
        let long = "x".repeat(41);
        assert_eq!(
            fallback_doc("q", "in the query string", Some(&long)),
            "`q` in the query string."
        );
        assert_eq!(
            fallback_doc("q", "in the query string", Some("a\nb")),
            "`q` in the query string."
        );
    }

    use crate::ir::{ArgType, Module, Operation};

    fn lowered(url: serde_json::Value) -> (Module, Vec<crate::error::Diagnostic>) {
        let collection = serde_json::json!({
            "info": {"name": "Q", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "variable": [{"key": "var", "value": "world"}],
            "item": [{"name": "get", "request": {"method": "GET", "url": url}}]
        });
        let bytes = collection.to_string();
        let parsed = crate::parse::parse("q.json", bytes.as_bytes()).expect("parses");
        crate::lower::lower(parsed, "q.json")
    }

    fn op(module: &Module) -> &Operation {
        module.root.operations.first().expect("one operation")
    }

    #[test]
    fn keys_without_a_value_are_flags() {
        let (module, _) = lowered(serde_json::json!({
            "raw": "https://x.test/a?flag&empty=&v=1&req",
            "host": ["x", "test"],
            "path": ["a"],
            "query": [
                {"key": "flag", "value": null},
                {"key": "empty", "value": ""},
                {"key": "v", "value": "1"},
                {"key": "req", "description": "(Required) always sent"},
                {"key": "twice"},
                {"key": "twice", "value": "b"}
            ]
        }));
        let args: Vec<(&str, &ArgType, bool)> = op(&module)
            .args
            .iter()
            .map(|a| (a.wire.as_str(), &a.ty, a.required))
            .collect();
        assert_eq!(
            args,
            vec![
                ("flag", &ArgType::Flag, false),
                ("empty", &ArgType::Text, false),
                ("v", &ArgType::Text, false),
                ("req", &ArgType::Flag, true),
                ("twice", &ArgType::List, false),
            ]
        );
        // A raw URL alone gives the same: `?flag` has no value, `?empty=` an empty one.
        let (module, _) = lowered(serde_json::json!("https://x.test/a?flag&empty="));
        let types: Vec<&ArgType> = op(&module).args.iter().map(|a| &a.ty).collect();
        assert_eq!(types, vec![&ArgType::Flag, &ArgType::Text]);
    }

    #[test]
    fn nested_path_variables_resolve_or_stay_one_argument() {
        let (module, diagnostics) = lowered(serde_json::json!(
            "{{baseUrl}}/a/{{hello_{{var}}}}/{{x_{{nope}}}}"
        ));
        let wires: Vec<&str> = op(&module).args.iter().map(|a| a.wire.as_str()).collect();
        assert_eq!(wires, vec!["hello_world", "x_{{nope}}"]);
        let names: Vec<&str> = op(&module).args.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, vec!["hello_world", "x_nope"]);
        let unresolved: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.kind == "url-variable-unresolved")
            .collect();
        assert_eq!(unresolved.len(), 1, "{diagnostics:?}");
        assert!(unresolved[0].message.contains("x_{{nope}}"));
    }

    #[test]
    fn hosts_without_a_scheme_become_client_variables() {
        let collection = serde_json::json!({
            "info": {"name": "H", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [
                {"name": "a", "request": "https://main.test/a"},
                {"name": "b", "request": "https://main.test/b"},
                {"name": "c", "request": "other.test:81/c"},
                {"name": "d", "request": "//cdn.test/d"}
            ]
        });
        let bytes = collection.to_string();
        let parsed = crate::parse::parse("h.json", bytes.as_bytes()).expect("parses");
        let (module, _) = crate::lower::lower(parsed, "h.json");
        assert_eq!(
            module.client.default_base_url.as_deref(),
            Some("https://main.test")
        );
        let variables: Vec<(&str, Option<&str>)> = module
            .client
            .variables
            .iter()
            .map(|v| (v.name.as_str(), v.default.as_deref()))
            .collect();
        assert_eq!(
            variables,
            vec![
                ("other.test:81", Some("http://other.test:81")),
                ("cdn.test", Some("http://cdn.test")),
            ]
        );
        let ops = module.root.all_operations();
        assert_eq!(
            ops.get(2).map(|op| &op.base),
            Some(&crate::ir::OpBase::Template(vec![
                crate::ir::BasePiece::Variable("other.test:81".to_owned())
            ]))
        );
    }
}
