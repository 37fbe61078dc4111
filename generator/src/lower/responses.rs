//! Saved responses: the success type (per status, never mixed with errors) and the error
//! variants.

use std::collections::BTreeMap;

use crate::ir::{
    CodeSpan, ErrorVariant, SharedError, StatusEnumDef, StatusVariant, StructKind, Success, TypeDef,
};
use crate::model::{RequestItem, Response};
use crate::names::{self, Case};

use super::body::{example_shape, is_binary};
use super::infer::{self, Shape};
use super::Lowering;

/// Standard reason phrases give error variants their names.
pub fn status_variant(status: u16) -> String {
    let name = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        other => return format!("Status{other}"),
    };
    name.to_owned()
}

fn content_type(response: &Response) -> Option<&str> {
    response
        .headers
        .iter()
        .find(|h| h.key.eq_ignore_ascii_case("content-type"))
        .and_then(|h| h.value.as_deref())
}

impl Lowering {
    /// The success type: from the examples of the lowest 2xx status that has a body (several
    /// examples of that status merge; other statuses are never mixed in).
    pub(super) fn success(
        &mut self,
        item: &RequestItem,
        type_base: &str,
        label: Option<&str>,
    ) -> Success {
        let mut by_status: BTreeMap<u16, Vec<&Response>> = BTreeMap::new();
        let documented = item
            .responses
            .iter()
            .any(|r| r.code.is_some_and(|c| (200..300).contains(&c)));
        for response in &item.responses {
            // 204 and 205 never carry a body, whatever the example says.
            let Some(code) = response
                .code
                .filter(|c| (200..300).contains(c) && *c != 204 && *c != 205)
            else {
                continue;
            };
            let has_body = response.body.as_deref().is_some_and(|b| {
                let b = b.trim();
                // An empty JSON string or null documents "no body" in exports.
                !b.is_empty() && b != "\"\"" && b != "null"
            });
            if has_body {
                by_status.entry(code).or_default().push(response);
            }
        }
        let wire_name = item.name.as_deref().unwrap_or_default();
        let mut typed: Vec<(u16, Shape)> = Vec::new();
        let mut first_untyped: Option<Success> = None;
        for (status, examples) in &by_status {
            match success_shape(examples) {
                Ok(shape) => typed.push((*status, shape)),
                Err(success) => {
                    first_untyped.get_or_insert(success);
                }
            }
        }
        let Some(&(first_status, _)) = typed.first() else {
            // No JSON body: the lowest status's kind of body, or none documented.
            return match (first_untyped, documented) {
                (Some(success), _) => {
                    self.not_typed(item, &by_status, label);
                    success
                }
                (None, true) => Success::Unit,
                // With no success documented at all, the caller gets the whole response.
                (None, false) => Success::Response,
            };
        };
        if first_untyped.is_some() {
            // Some 2xx statuses are text or binary: typed from the JSON ones only.
            self.not_typed(item, &by_status, label);
        }
        let note = "Fields missing from a response, or `null`, take their type's default value; fields the example does not show are ignored.";
        let request = self.rustdoc_inline(wire_name).code().to_string();
        if typed.len() == 1 {
            let doc = format!(
                "Successful (HTTP {first_status}) response of the `{request}` request.\n\n{note}"
            );
            let shape = typed
                .pop()
                .map(|(_, shape)| shape)
                .unwrap_or(Shape::Nothing);
            let mut namer = self.namer();
            return Success::Json(namer.type_of(
                &shape,
                &names::join(type_base, "Response"),
                StructKind::Response,
                &doc,
            ));
        }
        // Several statuses: one type each, and an enum over them unless they all came out the
        // same (identical structs are defined once).
        let mut variants = Vec::with_capacity(typed.len());
        for (status, shape) in typed {
            let variant = status_variant(status);
            let doc = format!(
                "Successful (HTTP {status}) response of the `{request}` request.\n\n{note}"
            );
            let mut namer = self.namer();
            let ty = namer.type_of(
                &shape,
                &names::join(type_base, &format!("{variant}Response")),
                StructKind::Response,
                &doc,
            );
            variants.push(StatusVariant {
                name: variant,
                status,
                ty,
            });
        }
        if let Some(first) = variants.first() {
            if variants.iter().all(|v| v.ty == first.ty) {
                return Success::Json(first.ty.clone());
            }
        }
        let name = self
            .type_names
            .unique(&names::join(type_base, "Success"), Case::UpperCamel);
        let statuses: Vec<String> = variants.iter().map(|v| v.status.to_string()).collect();
        self.types.push(TypeDef::Statuses(StatusEnumDef {
            name: name.clone(),
            doc: format!(
                "Successful responses of the `{request}` request: the body's type depends on the status (HTTP {}).",
                statuses.join(", ")
            ),
            variants,
        }));
        Success::ByStatus(name)
    }

    /// `response-not-typed`: 2xx statuses whose bodies are not JSON beside JSON ones, or several
    /// kinds of non-JSON bodies; the first status's kind is used.
    fn not_typed(
        &mut self,
        item: &RequestItem,
        by_status: &BTreeMap<u16, Vec<&Response>>,
        label: Option<&str>,
    ) {
        let statuses: Vec<String> = by_status.keys().map(u16::to_string).collect();
        if statuses.len() > 1 {
            self.diag(
                "response-not-typed",
                &format!("{}.response", item.path),
                label,
                format!(
                    "the 2xx statuses {} have bodies of different kinds (JSON, text, binary); the JSON ones are typed, the others read as the first's kind",
                    statuses.join(", ")
                ),
            );
        }
    }

    /// One variant per documented non-2xx status, plus `Unauthorized` for authenticated
    /// requests; and whether some status is documented (if none is, the request's error type is
    /// an alias of a shared one, [`Lowering::shared_error`]).
    pub(super) fn errors(
        &mut self,
        item: &RequestItem,
        type_base: &str,
        authenticated: bool,
        label: Option<&str>,
    ) -> (Vec<ErrorVariant>, bool) {
        let mut by_status: BTreeMap<u16, Vec<String>> = BTreeMap::new();
        let mut bodies: BTreeMap<u16, Vec<Shape>> = BTreeMap::new();
        for response in &item.responses {
            if let Some(code) = response.code.filter(|c| !(200..300).contains(c)) {
                if let Some(value) = response.body.as_deref().and_then(example_shape) {
                    bodies.entry(code).or_default().push(value);
                }
            }
            match response.code {
                Some(code) if (200..300).contains(&code) => {}
                Some(code) if (100..600).contains(&code) => {
                    let doc = response
                        .name
                        .as_deref()
                        .map(|name| self.rustdoc(name))
                        .filter(|d| !d.is_empty())
                        .or_else(|| {
                            response
                                .status
                                .as_deref()
                                .map(|status| self.rustdoc_inline(status))
                        })
                        .unwrap_or_default();
                    let docs = by_status.entry(code).or_default();
                    if !docs.contains(&doc) {
                        docs.push(doc);
                    }
                }
                Some(code) => self.diag(
                    "response-ignored",
                    &response.path,
                    label,
                    format!("saved response with impossible status {code} is ignored"),
                ),
                None => self.diag(
                    "response-ignored",
                    &response.path,
                    label,
                    "saved response without a status code is ignored".to_owned(),
                ),
            }
        }
        let documented = !by_status.is_empty();
        if authenticated {
            by_status.entry(401).or_insert_with(|| {
                vec!["The credentials were rejected. (Not documented by the collection; every authenticated request can get it.)".to_owned()]
            });
        }
        let wire_name = item.name.as_deref().unwrap_or_default();
        let mut variants = Vec::with_capacity(by_status.len());
        for (status, docs) in by_status {
            let docs: Vec<String> = docs.into_iter().filter(|d| !d.is_empty()).collect();
            let mut doc = format!("HTTP {status}.");
            if !docs.is_empty() {
                doc.push_str("\n\n");
                doc.push_str(&docs.join("\n\n"));
            }
            let name = status_variant(status);
            // Typed as success bodies are: the examples of this status merged.
            let body = bodies.remove(&status).map(|values| {
                let shape = values.into_iter().fold(Shape::Nothing, infer::merge);
                let body_doc = format!(
                    "Body of an HTTP {status} answer to the `{}` request, as its saved examples show it.\n\nFields missing from a response, or `null`, take their type's default value; fields the example does not show are ignored.",
                    self.rustdoc_inline(wire_name).code()
                );
                let mut namer = self.namer();
                namer.type_of(
                    &shape,
                    &names::join(type_base, &format!("{name}Body")),
                    StructKind::Response,
                    &body_doc,
                )
            });
            variants.push(ErrorVariant {
                name,
                status,
                doc,
                body,
            });
        }
        (variants, documented)
    }

    /// The name of the error type shared by the requests that document no error status and
    /// have these `variants` (none, or the implicit `Unauthorized` of authenticated requests),
    /// defined on first use.
    pub(super) fn shared_error(&mut self, variants: &[ErrorVariant]) -> String {
        if let Some(shared) = self.shared_errors.iter().find(|s| s.variants == variants) {
            return shared.name.clone();
        }
        let (base, doc) = if variants.is_empty() {
            (
                "RequestError",
                "Errors of the requests that send no credentials and for which the collection documents no error status.",
            )
        } else {
            (
                "AuthenticatedRequestError",
                "Errors of the authenticated requests for which the collection documents no error status.",
            )
        };
        let name = self.type_names.unique(base, Case::UpperCamel);
        self.shared_errors.push(SharedError {
            name: name.clone(),
            doc: format!("{doc}\n\nEach of those requests has an alias of its own for it, named after the request. The type is shared, so its messages do not name the request."),
            variants: variants.to_vec(),
        });
        name
    }
}

/// The merged JSON shape of a status's examples, or the kind of body they have instead
/// (bytes for a binary content type, text for a declared non-JSON one or no JSON example).
fn success_shape(examples: &[&Response]) -> Result<Shape, Success> {
    if examples
        .iter()
        .any(|r| content_type(r).is_some_and(is_binary))
    {
        return Err(Success::Bytes);
    }
    // A declared non-JSON type wins over a body that happens to parse as JSON (`42`).
    let declared_text = examples.iter().all(|r| {
        content_type(r).is_some_and(|ct| {
            let ct = ct.to_ascii_lowercase();
            !ct.contains("json") && !ct.trim().is_empty()
        })
    });
    if declared_text {
        return Err(Success::Text);
    }
    let shapes: Vec<Shape> = examples
        .iter()
        .filter_map(|r| r.body.as_deref().and_then(example_shape))
        .collect();
    if shapes.is_empty() {
        return Err(Success::Text);
    }
    Ok(shapes.into_iter().fold(Shape::Nothing, infer::merge))
}

#[cfg(test)]
mod tests {
    use crate::ir::{Module, Operation};

    fn lowered(collection: &serde_json::Value) -> Module {
        let bytes = collection.to_string();
        let parsed = crate::parse::parse("shared.json", bytes.as_bytes()).expect("parses");
        crate::lower::lower(parsed, "shared.json").0
    }

    fn op<'a>(module: &'a Module, name: &str) -> &'a Operation {
        let ops = module.root.all_operations();
        ops.into_iter()
            .find(|op| op.name == name)
            .unwrap_or_else(|| panic!("no operation {name}"))
    }

    fn request(name: &str, auth: Option<serde_json::Value>, codes: &[u16]) -> serde_json::Value {
        let mut request = serde_json::json!({
            "method": "GET",
            "url": {"raw": "https://api.example.com/x", "host": ["api", "example", "com"], "path": ["x"]}
        });
        if let (Some(auth), Some(object)) = (auth, request.as_object_mut()) {
            object.insert("auth".to_owned(), auth);
        }
        let responses: Vec<serde_json::Value> = codes
            .iter()
            .map(|code| serde_json::json!({"name": format!("Status {code}"), "code": code, "body": "{}"}))
            .collect();
        serde_json::json!({"name": name, "request": request, "response": responses})
    }

    /// Requests that document no error status get an alias of one shared error type per kind
    /// (authenticated or not); a request that documents one keeps its own.
    #[test]
    fn requests_without_documented_error_statuses_share_an_error_type() {
        let noauth = serde_json::json!({"type": "noauth"});
        let module = lowered(&serde_json::json!({
            "info": {"name": "Shared", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t"}]},
            "item": [
                request("Request", None, &[200]),
                request("List things", None, &[]),
                request("Get thing", None, &[200, 404]),
                request("Public one", Some(noauth.clone()), &[]),
                request("Public two", Some(noauth), &[201]),
            ]
        }));
        let names: Vec<&str> = module
            .shared_errors
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        // `RequestError` is taken by the request named `Request`, which came first.
        assert_eq!(names, ["AuthenticatedRequestError", "RequestError2"]);
        let authenticated = &module.shared_errors[0];
        assert_eq!(authenticated.variants.len(), 1);
        assert_eq!(authenticated.variants[0].status, 401);
        assert!(module.shared_errors[1].variants.is_empty());

        for (name, error_type, shared) in [
            ("request", "RequestError", Some("AuthenticatedRequestError")),
            (
                "list_things",
                "ListThingsError",
                Some("AuthenticatedRequestError"),
            ),
            ("get_thing", "GetThingError", None),
            ("public_one", "PublicOneError", Some("RequestError2")),
            ("public_two", "PublicTwoError", Some("RequestError2")),
        ] {
            let op = op(&module, name);
            assert_eq!(op.error_type, error_type, "{name}");
            assert_eq!(op.shared_error.as_deref(), shared, "{name}");
        }
        let statuses: Vec<u16> = op(&module, "get_thing")
            .errors
            .iter()
            .map(|v| v.status)
            .collect();
        assert_eq!(statuses, [401, 404]);
    }
}
