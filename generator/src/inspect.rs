//! A reading of the lowered module for people: every operation the client will have, how much
//! of the collection became typed code, and what was skipped. The CLI's `inspect` prints it;
//! it is built from the same IR the emitter writes, so it says what the code will be.

use serde::Serialize;

use crate::error::{group_diagnostics, Diagnostic, DiagnosticGroup, Result};
use crate::ir::{BodyDef, Credential, Group, Module, OpAuth, Operation, Success, TypeDef, TypeRef};
use crate::model::{Item, Response};

/// What [`inspect`] found in a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Inspection {
    /// The collection file, as given.
    pub source: String,
    /// The collection's name.
    pub title: String,
    /// The module a build script names after the file (`zoom_users`).
    pub module: String,
    /// Every operation, depth first in collection order.
    pub operations: Vec<OperationInfo>,
    /// How much of the collection became typed code.
    pub fidelity: Fidelity,
    /// Everything skipped or simplified, in the order found.
    pub diagnostics: Vec<DiagnosticInfo>,
}

/// One method of the generated client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The Rust module its types live in (`zoom_users::users`).
    pub module_path: String,
    /// The method's name on its handle (`create_users`).
    pub method: String,
    /// The request's name in the collection.
    pub request: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// The URL template as written in the collection (`{{baseUrl}}/users/:userId`).
    pub url: String,
    /// What the body is: `none`, `json`, `multipart`, `form`, `text`, `binary` or `graphql`.
    pub body_kind: String,
    /// The body's Rust type or content type, when it has one.
    pub body_type: Option<String>,
    /// What a 2xx response gives, as a Rust type (`CreateUsersResponse`, `()`, `ApiResponse`).
    pub success: String,
    /// The error statuses the collection documents for the request, ascending.
    pub error_statuses: Vec<u16>,
    /// How the request authenticates: `none`, `bearer`, `basic`, `api-key header NAME`,
    /// `api-key query NAME` or `signer KIND`.
    pub auth: String,
    /// How its list is paged, when it has a stream method (`token next_page_token -> users`).
    pub pagination: Option<String>,
    /// Its stream method's name, when it is paged.
    pub stream: Option<String>,
}

/// How much of the collection became typed code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct Fidelity {
    /// Requests in the collection.
    pub requests: usize,
    /// Methods in the generated client.
    pub methods: usize,
    /// Fields of the generated structs (request and response bodies).
    pub fields: usize,
    /// Those fields whose type is known (not `serde_json::Value`, nor a list or option of it).
    pub fields_typed: usize,
    /// Saved responses (examples) in the collection.
    pub examples: usize,
    /// Those that were read: all but the ones reported as `response-ignored`.
    pub examples_used: usize,
}

/// A diagnostic, as [`Inspection`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DiagnosticInfo {
    /// Its kind, such as `script-ignored`.
    pub kind: &'static str,
    /// JSON path of what was skipped.
    pub path: String,
    /// The request (or folder) it concerns, if any.
    pub request: Option<String>,
    /// What was skipped and what to do about it.
    pub message: String,
}

impl From<&Diagnostic> for DiagnosticInfo {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticInfo {
            kind: d.kind,
            path: d.path.clone(),
            request: d.request.clone(),
            message: d.message.clone(),
        }
    }
}

impl Inspection {
    /// The diagnostics grouped by kind, the most frequent first.
    pub fn diagnostic_groups(&self) -> Vec<DiagnosticGroup> {
        let diagnostics: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .map(|d| Diagnostic {
                kind: d.kind,
                path: d.path.clone(),
                request: d.request.clone(),
                message: d.message.clone(),
            })
            .collect();
        group_diagnostics(&diagnostics)
    }

    /// The inspection as JSON, for machines: the fields of [`Inspection`], plus
    /// `diagnostic_counts` (kind to count).
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        let counts: serde_json::Map<String, serde_json::Value> = self
            .diagnostic_groups()
            .iter()
            .map(|g| (g.kind.to_owned(), g.count.into()))
            .collect();
        if let Some(object) = value.as_object_mut() {
            object.insert("diagnostic_counts".to_owned(), counts.into());
        }
        value
    }
}

/// Reads a collection as [`generate`](crate::generate) does, without writing code, and says
/// what the client would be: every operation, fidelity figures and the diagnostics. Fails
/// exactly when `generate` would on the input.
pub fn inspect(source_name: &str, input: &[u8]) -> Result<Inspection> {
    let collection = crate::parse::parse(source_name, input)?;
    let (requests, examples) = count_requests(&collection.items);
    let (module, diagnostics) = crate::lower::lower(collection, source_name);
    let ignored = diagnostics
        .iter()
        .filter(|d| d.kind == "response-ignored")
        .count();
    let prefix = crate::names::module_name(std::path::Path::new(source_name));
    let mut operations = Vec::new();
    collect_operations(&module, &module.root, &prefix, &mut operations);
    let (fields, fields_typed) = count_fields(&module.root);
    Ok(Inspection {
        source: source_name.to_owned(),
        title: module.title.clone(),
        module: prefix,
        fidelity: Fidelity {
            requests,
            methods: operations.len(),
            fields,
            fields_typed,
            examples,
            examples_used: examples.saturating_sub(ignored),
        },
        operations,
        diagnostics: diagnostics.iter().map(DiagnosticInfo::from).collect(),
    })
}

/// Requests and saved responses in the model.
fn count_requests(items: &[Item]) -> (usize, usize) {
    let mut requests = 0;
    let mut examples = 0;
    let mut stack: Vec<&[Item]> = vec![items];
    while let Some(items) = stack.pop() {
        for item in items {
            match item {
                Item::Folder(folder) => stack.push(&folder.items),
                Item::Request(request) => {
                    requests += 1;
                    examples += request
                        .responses
                        .iter()
                        .map(|_: &Response| 1)
                        .sum::<usize>();
                }
            }
        }
    }
    (requests, examples)
}

fn collect_operations(module: &Module, group: &Group, path: &str, out: &mut Vec<OperationInfo>) {
    for op in &group.operations {
        out.push(operation_info(module, op, path));
    }
    for sub in &group.groups {
        let sub_path = format!("{path}::{}", sub.module);
        collect_operations(module, sub, &sub_path, out);
    }
}

fn operation_info(module: &Module, op: &Operation, path: &str) -> OperationInfo {
    let (body_kind, body_type) = match &op.body {
        None => ("none", None),
        Some(BodyDef::Json { ty, .. }) => ("json", Some(type_name(ty))),
        Some(BodyDef::Multipart(name)) => ("multipart", Some(name.clone())),
        Some(BodyDef::UrlEncoded(name)) => ("form", Some(name.clone())),
        Some(BodyDef::Text(content_type)) => ("text", Some(content_type.clone())),
        Some(BodyDef::Binary(content_type)) => ("binary", Some(content_type.clone())),
        Some(BodyDef::GraphQl { variables, .. }) => ("graphql", Some(type_name(variables))),
    };
    let success = match &op.success {
        Success::Unit => "()".to_owned(),
        Success::Response => "ApiResponse".to_owned(),
        Success::Text => "String".to_owned(),
        Success::Bytes => "Vec<u8>".to_owned(),
        Success::Json(ty) => type_name(ty),
        Success::ByStatus(name) => name.clone(),
    };
    let mut error_statuses: Vec<u16> = op.errors.iter().map(|e| e.status).collect();
    error_statuses.sort_unstable();
    error_statuses.dedup();
    let auth = match &op.auth {
        OpAuth::None => "none".to_owned(),
        OpAuth::Signer(kind) => format!("signer {kind}"),
        OpAuth::Credential(i) => match module.client.credentials.get(*i) {
            Some(Credential::Bearer) => "bearer".to_owned(),
            Some(Credential::Basic) => "basic".to_owned(),
            Some(Credential::ApiKey { name, in_query }) => format!(
                "api-key {} {name}",
                if *in_query { "query" } else { "header" }
            ),
            Some(Credential::OAuth1 { .. }) => "oauth1".to_owned(),
            Some(Credential::Digest) => "digest".to_owned(),
            Some(Credential::AwsV4 { .. }) => "awsv4".to_owned(),
            Some(Credential::Hawk { .. }) => "hawk".to_owned(),
            Some(Credential::EdgeGrid { .. }) => "edgegrid".to_owned(),
            None => "credential".to_owned(),
        },
    };
    OperationInfo {
        module_path: path.to_owned(),
        method: op.name.clone(),
        request: op.wire_name.clone(),
        http_method: op.method.clone(),
        url: op.url_display.clone(),
        body_kind: body_kind.to_owned(),
        body_type,
        success,
        error_statuses,
        auth,
        pagination: op.paging.as_ref().map(crate::ir::PagingDef::summary),
        stream: op.paging.as_ref().map(|p| p.stream.clone()),
    }
}

/// A type as a person writes it (`Vec<User>`, `Option<String>`, `Value`).
fn type_name(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::List(inner) => format!("Vec<{}>", type_name(inner)),
        TypeRef::Optional(inner) => format!("Option<{}>", type_name(inner)),
        TypeRef::Named(name) => name.clone(),
    }
}

/// Fields of every struct, and those with a known type.
fn count_fields(group: &Group) -> (usize, usize) {
    let mut fields = 0;
    let mut typed = 0;
    for ty in &group.types {
        if let TypeDef::Struct(s) = ty {
            for field in &s.fields {
                fields += 1;
                typed += usize::from(!untyped(&field.ty));
            }
        }
    }
    for sub in &group.groups {
        let (f, t) = count_fields(sub);
        fields += f;
        typed += t;
    }
    (fields, typed)
}

fn untyped(t: &TypeRef) -> bool {
    match t {
        TypeRef::Json => true,
        TypeRef::List(inner) | TypeRef::Optional(inner) => untyped(inner),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZOOM: &[u8] = include_bytes!("../../collections/zoom-users.postman_collection.json");

    #[test]
    fn zoom_users_reads_as_its_client() {
        let inspection = inspect("zoom-users.postman_collection.json", ZOOM).unwrap();
        assert_eq!(inspection.module, "zoom_users");
        assert_eq!(inspection.fidelity.requests, inspection.fidelity.methods);
        assert_eq!(inspection.operations.len(), inspection.fidelity.methods);
        assert!(inspection.fidelity.fields_typed <= inspection.fidelity.fields);
        assert!(inspection.fidelity.examples_used <= inspection.fidelity.examples);
        let create = inspection
            .operations
            .iter()
            .find(|op| op.method == "create_users")
            .unwrap();
        assert_eq!(create.http_method, "POST");
        assert_eq!(create.body_kind, "multipart");
        assert_eq!(create.success, "CreateUsersResponse");
        assert_eq!(create.error_statuses, [400, 401, 404, 409, 429]);
        // The same diagnostics as generation reports.
        let generated = crate::generate("zoom-users.postman_collection.json", ZOOM).unwrap();
        assert_eq!(inspection.diagnostics.len(), generated.diagnostics.len());
        let json = inspection.to_json();
        assert_eq!(
            json["operations"].as_array().unwrap().len(),
            inspection.operations.len()
        );
    }

    #[test]
    fn broken_input_fails_as_generate_does() {
        let error = inspect("bad.json", b"{\n").unwrap_err();
        assert!(error.to_string().starts_with("bad.json:"), "{error}");
        assert!(inspect("x.json", b"[]").is_err());
    }
}
