//! Request bodies of every Postman mode.

#[cfg(test)]
use serde_json::Value;

use crate::ir::{
    BodyDef, CodeSpan, FieldDef, PartEncoding, StructDef, StructKind, TypeDef, TypeRef,
};
use crate::model::{Body, Param, RequestItem};
use crate::names::{self, Case, UniqueNames};

use super::infer::{self, Shape};
use super::markers::parse_markers;
use super::Lowering;

/// Content types whose bodies are bytes rather than text.
pub fn is_binary(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    [
        "image/",
        "audio/",
        "video/",
        "application/octet-stream",
        "application/pdf",
        "application/zip",
        "application/gzip",
        "font/",
    ]
    .iter()
    .any(|p| ct.starts_with(p))
}

/// Parses a JSON example as people write them in collections: strict JSON first; then, outside
/// strings, `//` and `/* */` comments dropped, `{{variables}}`, `<placeholders>` and bare words
/// (`MODSEC_RULE_ID`) read as `null` ("value unknown"), `=>` read as `:` and trailing commas
/// dropped.
#[cfg(test)]
pub fn json_example(text: &str) -> Option<Value> {
    infer::parse_example(text).or_else(|| {
        // Repaired, only an object or an array counts: a bare word read as `null` is no example.
        infer::parse_example(&lenient_json(text)).filter(|v| v.is_object() || v.is_array())
    })
}

/// The shape of [`json_example`]'s value, read without building it.
pub fn example_shape(text: &str) -> Option<Shape> {
    infer::parse_example_shape(text).or_else(|| {
        infer::parse_example_shape(&lenient_json(text))
            .filter(|s| matches!(s, Shape::Object(_) | Shape::Array(_)))
    })
}

/// [`json_example`]'s repairs, outside strings, in one pass.
fn lenient_json(text: &str) -> String {
    let text = infer::strip_comments(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut in_string = false;
    let mut escaped = false;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            out.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
            continue;
        }
        let (replacement, taken) = if rest.starts_with("{{") {
            match rest.find("}}") {
                Some(end) => ("null", end + 2),
                None => ("{", 1),
            }
        } else if c == '<' {
            match rest.find('>') {
                Some(end)
                    if !rest
                        .get(..end)
                        .unwrap_or_default()
                        .contains(['\n', '"', ',']) =>
                {
                    ("null", end + 1)
                }
                _ => ("<", 1),
            }
        } else if rest.starts_with("=>") {
            (":", 2)
        } else if (c.is_ascii_alphabetic() || c == '_')
            && !out.ends_with(|p: char| p.is_ascii_digit() || p == '.')
        {
            let word = rest
                .find(|w: char| !(w.is_ascii_alphanumeric() || w == '_' || w == '.' || w == '-'))
                .unwrap_or(rest.len());
            let literal = rest.get(..word).unwrap_or_default();
            if matches!(literal, "true" | "false" | "null") {
                out.push_str(literal);
                rest = rest.get(word..).unwrap_or_default();
                continue;
            }
            ("null", word.max(1))
        } else if c == ',' {
            // A comma followed (past white space) by a closing bracket is dropped.
            let next = rest.get(1..).unwrap_or_default().trim_start();
            if next.starts_with(['}', ']']) {
                ("", 1)
            } else {
                (",", 1)
            }
        } else {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
            continue;
        };
        out.push_str(replacement);
        rest = rest.get(taken..).unwrap_or_default();
    }
    out
}

fn header_value<'a>(headers: &'a [Param], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| !h.disabled && h.key.trim().eq_ignore_ascii_case(name))
        .and_then(|h| h.value.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.contains("{{"))
}

impl Lowering {
    /// Lowers the request body.
    pub(super) fn body(
        &mut self,
        item: &RequestItem,
        type_base: &str,
        wire_name: &str,
        label: Option<&str>,
    ) -> Option<BodyDef> {
        let request = &item.request;
        let path = format!("{}.request.body", item.path);
        let content_type = header_value(&request.headers, "content-type");
        match request.body.as_ref()? {
            Body::FormData(fields) => Some(self.form(
                fields,
                StructKind::Multipart,
                type_base,
                wire_name,
                &path,
                label,
            )),
            Body::UrlEncoded(fields) => Some(self.form(
                fields,
                StructKind::UrlEncoded,
                type_base,
                wire_name,
                &path,
                label,
            )),
            Body::Raw { text, language } => {
                if text.trim().is_empty() {
                    return None;
                }
                let json_declared = language.as_deref() == Some("json")
                    || content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
                let examples: Vec<Shape> =
                    std::iter::once(text.as_str())
                        .chain(item.responses.iter().filter_map(|r| {
                            match r.original_body.as_ref()? {
                                Body::Raw { text, .. } => Some(text.as_str()),
                                _ => None,
                            }
                        }))
                        .filter_map(example_shape)
                        .collect();
                let looks_json = text.trim_start().starts_with(['{', '[']);
                if !examples.is_empty() && (json_declared || looks_json) {
                    let shape = examples.into_iter().fold(Shape::Nothing, infer::merge);
                    let doc = format!(
                        "JSON body of the `{}` request (all fields optional; `None` fields are left out).",
                        self.rustdoc_inline(wire_name).code()
                    );
                    let mut namer = self.namer();
                    let ty = namer.type_of(
                        &shape,
                        &names::join(type_base, "Body"),
                        StructKind::RequestJson,
                        &doc,
                    );
                    let content_type = content_type
                        .filter(|ct| {
                            let ct = ct.to_ascii_lowercase();
                            ct.contains("json") && !ct.starts_with("application/json")
                        })
                        .map(str::to_owned);
                    return Some(BodyDef::Json { ty, content_type });
                }
                if json_declared {
                    // Declared JSON stays JSON: without an example to type it from, the body
                    // is any JSON value.
                    self.diag(
                        "body-untyped",
                        &path,
                        label,
                        "the JSON example does not parse even leniently, so the body is a `serde_json::Value`, sent as JSON".to_owned(),
                    );
                    let content_type = content_type
                        .filter(|ct| {
                            let ct = ct.to_ascii_lowercase();
                            ct.contains("json") && !ct.starts_with("application/json")
                        })
                        .map(str::to_owned);
                    return Some(BodyDef::Json {
                        ty: TypeRef::Json,
                        content_type,
                    });
                }
                let content_type = content_type.map(str::to_owned).unwrap_or_else(|| {
                    match language.as_deref() {
                        Some("json") => "application/json",
                        Some("xml") => "application/xml",
                        Some("html") => "text/html",
                        Some("javascript") => "application/javascript",
                        _ if text.trim_start().starts_with('<') => "application/xml",
                        _ => "text/plain",
                    }
                    .to_owned()
                });
                Some(BodyDef::Text(content_type))
            }
            Body::File => Some(BodyDef::Binary(
                content_type
                    .unwrap_or("application/octet-stream")
                    .to_owned(),
            )),
            Body::GraphQl { query, variables } => {
                let query = query.clone();
                let variables = match variables.as_deref().and_then(example_shape) {
                    Some(shape @ Shape::Object(_)) => {
                        let doc = format!(
                            "GraphQL variables of the `{}` request.",
                            self.rustdoc_inline(wire_name).code()
                        );
                        let mut namer = self.namer();
                        namer.type_of(
                            &shape,
                            &names::join(type_base, "Variables"),
                            StructKind::RequestJson,
                            &doc,
                        )
                    }
                    _ => TypeRef::Json,
                };
                Some(BodyDef::GraphQl { query, variables })
            }
            Body::Other { mode: None } => None,
            Body::Other { mode: Some(mode) } => {
                self.diag(
                    "body-unsupported",
                    &path,
                    label,
                    format!("the body mode `{mode}` is unknown, so the method sends no body"),
                );
                None
            }
        }
    }

    /// A `formdata` or `urlencoded` body: a struct with one field per key.
    fn form(
        &mut self,
        fields: &[Param],
        kind: StructKind,
        type_base: &str,
        wire_name: &str,
        path: &str,
        label: Option<&str>,
    ) -> BodyDef {
        let name = self
            .type_names
            .unique(&names::join(type_base, "Request"), Case::UpperCamel);
        let slot = self.types.len();
        self.types.push(TypeDef::Struct(StructDef {
            name: name.clone(),
            doc: String::new(),
            kind,
            fields: Vec::new(),
        }));
        let mut field_names = UniqueNames::new();
        // The IR is held until the module is written: lists at their size.
        let mut defs: Vec<FieldDef> = Vec::with_capacity(fields.len());
        for (i, field) in fields.iter().enumerate() {
            if field.key.is_empty() {
                continue;
            }
            let markers = parse_markers(field.description.as_deref().unwrap_or_default());
            let is_file = field.kind.as_deref() == Some("file");
            if is_file && kind == StructKind::UrlEncoded {
                self.diag(
                    "file-field-unsupported",
                    &format!("{path}.urlencoded[{i}]"),
                    label,
                    format!(
                        "`{}` is a file in a urlencoded body; it is sent as text",
                        field.key
                    ),
                );
            }
            // Several entries with one key: one field (files collect into the same list).
            if let Some(existing) = defs.iter_mut().find(|d| d.wire == field.key) {
                // A text key given several times is a list, sent as the key repeated.
                let text = matches!(existing.encoding, PartEncoding::Text | PartEncoding::Texts)
                    && matches!(
                        &existing.ty,
                        TypeRef::String | TypeRef::Optional(_) | TypeRef::List(_)
                    );
                if text && !is_file {
                    if existing.encoding == PartEncoding::Text {
                        existing.encoding = PartEncoding::Texts;
                        existing.ty = TypeRef::List(Box::new(TypeRef::String));
                        existing.doc.push_str(
                            "\n\nThe collection gives this key several values: each is sent under it, in order.",
                        );
                    }
                } else if !(is_file && existing.encoding == PartEncoding::Files) {
                    self.diag(
                        "form-field-repeated",
                        &format!("{path}[{i}]"),
                        label,
                        format!(
                            "the key `{}` repeats with values of different kinds; the struct has one field for it",
                            field.key
                        ),
                    );
                }
                continue;
            }
            let rust = field_names.unique(
                &names::sanitize_or(&field.key, Case::Snake, "field"),
                Case::Snake,
            );
            let camel = names::sanitize_or(&field.key, Case::UpperCamel, "Field");
            let (ty, encoding) = if is_file && kind == StructKind::Multipart {
                self.file_part = true;
                (
                    TypeRef::List(Box::new(TypeRef::Named("FilePart".to_owned()))),
                    PartEncoding::Files,
                )
            } else if let Some(values) = markers.one_of.as_ref().filter(|v| !v.is_empty()) {
                let enum_name = self.enum_type(type_base, &field.key, values, &markers.value_docs);
                (TypeRef::Named(enum_name), PartEncoding::Enum)
            } else {
                // Only a multipart part is sent as JSON text: only its value is read as JSON.
                let json = match kind {
                    StructKind::Multipart => field.value.as_deref().and_then(example_shape),
                    _ => None,
                };
                match json {
                    Some(shape @ (Shape::Object(_) | Shape::Array(_))) => {
                        let mut namer = self.namer();
                        let ty = namer.type_of(
                            &shape,
                            &names::join(type_base, &camel),
                            StructKind::RequestJson,
                            &format!(
                                "The `{}` field of [`{name}`], sent as JSON text.",
                                field.key.code()
                            ),
                        );
                        (ty, PartEncoding::Json)
                    }
                    _ => (TypeRef::String, PartEncoding::Text),
                }
            };
            // A file list can be empty, so it is never wrapped in an Option.
            let required = encoding == PartEncoding::Files || (markers.required && !field.disabled);
            let mut doc = self.rustdoc(&markers.text);
            if doc.is_empty() {
                let example = match encoding {
                    PartEncoding::Files => None,
                    _ => field.value.as_deref(),
                };
                doc = super::params::fallback_doc(&field.key, "in the form", example);
            }
            if encoding == PartEncoding::Files {
                doc.push_str("\n\nEach file is sent as its own part under this name.");
            }
            defs.push(FieldDef {
                name: rust,
                wire: field.key.clone(),
                ty: if required {
                    ty
                } else {
                    TypeRef::Optional(Box::new(ty))
                },
                doc,
                encoding,
                content_type: field
                    .content_type
                    .clone()
                    .filter(|ct| !ct.trim().is_empty() && !ct.contains("{{")),
            });
        }
        let how = match kind {
            StructKind::UrlEncoded => "`application/x-www-form-urlencoded`",
            _ => "`multipart/form-data`",
        };
        let doc = format!(
            "Body of the `{}` request, sent as {how}.",
            self.rustdoc_inline(wire_name).code()
        );
        if let Some(TypeDef::Struct(def)) = self.types.get_mut(slot) {
            def.fields = defs;
            def.doc = doc;
        }
        match kind {
            StructKind::UrlEncoded => BodyDef::UrlEncoded(name),
            _ => BodyDef::Multipart(name),
        }
    }
}

#[cfg(test)]
mod lenient_tests {
    use super::{example_shape, json_example};
    use crate::lower::infer::shape_of;
    use serde_json::json;

    /// The shape read straight from the text is the shape of the `Value` the text reads as.
    fn same_shape(text: &str) {
        assert_eq!(
            example_shape(text),
            json_example(text).map(|v| shape_of(&v)),
            "{text}"
        );
    }

    #[test]
    fn shapes_read_straight_from_the_text_are_those_of_the_value() {
        for text in [
            "{\"a\": 1,}",
            "[1, 2.5, -3, 18446744073709551615, 1e400, 1e5]",
            "{\"b\": 1, \"a\": [\"<string>\", \"x\"], \"b\": \"again\"}",
            "{\"id\": <string>, \"n\": <long>, \"t\": true, \"z\": null}",
            "{\"nested\": {\"deep\": [{\"k\": 1}, {\"k\": 2.0, \"j\": \"integer\"}]}}",
            "\"just text\"",
            "42",
            "// c\n{\"a\": /* b */ 1}",
            "not json",
            "",
        ] {
            same_shape(text);
        }
    }

    /// Every request and response body of the corpus gives the same shape both ways.
    #[test]
    fn corpus_bodies_read_straight_have_their_values_shapes() {
        fn bodies<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        match value {
                            serde_json::Value::String(text) if key == "body" || key == "raw" => {
                                out.push(text)
                            }
                            other => bodies(other, out),
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| bodies(v, out)),
                _ => {}
            }
        }
        let Some(dir) =
            crate::test_corpus::dir("corpus_bodies_read_straight_have_their_values_shapes")
        else {
            return;
        };
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
                continue;
            };
            let mut texts = Vec::new();
            bodies(&value, &mut texts);
            for text in texts {
                same_shape(text);
                count += 1;
            }
        }
        assert!(count > 1000, "only {count} bodies compared");
    }

    #[test]
    fn examples_people_write_read_as_json() {
        let cases = [
            ("{\"a\": 1,}", json!({"a": 1})),
            ("[1, 2,\n]", json!([1, 2])),
            (
                "{\"id\": <string>, \"n\": <long>}",
                json!({"id": null, "n": null}),
            ),
            (
                "{\"rule\": MODSEC_RULE_ID, \"ok\": true}",
                json!({"rule": null, "ok": true}),
            ),
            (
                "{\"data\" => [{\"id\" => \"x\",},]}",
                json!({"data": [{"id": "x"}]}),
            ),
            (
                "{\"v\": {{value}}, \"s\": \"{{kept}} <kept>, x\"}",
                json!({"v": null, "s": "{{kept}} <kept>, x"}),
            ),
            (
                "// only\n{\"a\": 1e5, /* c */ \"b\": -2.5E-3}",
                json!({"a": 1e5, "b": -2.5e-3}),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(json_example(text), Some(expected), "{text}");
        }
        for hopeless in ["// only a comment", "", "<xml/>", "{\"a\": [1, 2"] {
            assert_eq!(json_example(hopeless), None, "{hopeless}");
        }
    }
}
