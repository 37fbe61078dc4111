//! Named types: inferred structs, form bodies and string enums.

use crate::ir::{EnumDef, PartEncoding, StatusEnumDef, StructDef, StructKind, TypeRef};
use std::borrow::Cow;

use super::code::{self as text, atom, call, chain, group, line, Code, Expr};

/// A struct: a JSON response (read field by field with `postman_runtime::Fields`), a JSON or
/// URL-encoded request body, or a multipart form with its `to_form`.
pub(super) fn write_struct(def: &StructDef, clone_eq: bool, c: &mut Code) {
    let name = text::ident(&def.name);
    let clone_eq = if clone_eq { "Clone, PartialEq, " } else { "" };
    c.doc(&def.doc);
    match def.kind {
        StructKind::Response => line!(c, "#[derive(Debug, {clone_eq}Default)]"),
        StructKind::RequestJson => {
            line!(c, "#[derive(Debug, {clone_eq}Default, ::serde::Serialize)]")
        }
        StructKind::UrlEncoded => {
            let default = if defaultable(def) { "Default, " } else { "" };
            line!(c, "#[derive(Debug, {clone_eq}{default}::serde::Serialize)]");
        }
        StructKind::Multipart => {
            let default = if defaultable(def) { ", Default" } else { "" };
            let clone_eq = clone_eq.trim_end_matches(", ");
            let clone_eq = if clone_eq.is_empty() {
                ""
            } else {
                ", Clone, PartialEq"
            };
            line!(c, "#[derive(Debug{clone_eq}{default})]");
        }
    }
    let idents: Vec<_> = def.fields.iter().map(|f| text::ident(&f.name)).collect();
    if def.fields.is_empty() {
        c.unbroken(&["pub struct ", &name, " {}"]);
    } else {
        c.open_item(&["pub struct ", &name, " {"]);
        for (field, ident) in def.fields.iter().zip(&idents) {
            c.doc(&field.doc);
            if matches!(def.kind, StructKind::RequestJson | StructKind::UrlEncoded) {
                let rename = if field.name == field.wire {
                    String::new()
                } else {
                    format!("rename = {}", text::lit(&field.wire))
                };
                let mut metas = Vec::new();
                if !rename.is_empty() {
                    metas.push(rename);
                }
                if matches!(field.ty, TypeRef::Optional(_)) {
                    metas.push(
                        "skip_serializing_if = \"::std::option::Option::is_none\"".to_owned(),
                    );
                }
                if !metas.is_empty() {
                    // The token path writes `rename = "..",` with a comma when it stands alone.
                    let trailing_comma =
                        metas.len() == 1 && !matches!(field.ty, TypeRef::Optional(_));
                    c.attr("serde", &metas, trailing_comma);
                }
            }
            c.typed(&format!("pub {ident}: "), &field.ty, ",");
        }
        if def.kind == StructKind::Response {
            // `_`: no JSON key sanitizes to it, so it never meets a field of the response.
            c.doc("Which fields the response carried (see `is_present`).");
            c.line(&["pub _present: ::postman_runtime::Present,"]);
        }
        c.close("}");
    }
    match def.kind {
        StructKind::Response => {}
        StructKind::Multipart => return write_to_form(def, &idents, c),
        StructKind::RequestJson | StructKind::UrlEncoded => return,
    }
    c.open_impl("impl<'de> ::serde::Deserialize<'de>", &name);
    c.open_fn(
        "fn deserialize<D: ::serde::Deserializer<'de>>(",
        &["deserializer: D"],
        ") -> ::std::result::Result<Self, D::Error> {",
    );
    if def.fields.is_empty() {
        c.expr("let _ = ", &read_fields(), ";", true);
        c.line(&["::std::result::Result::Ok(Self {})"]);
    } else {
        // `ident: fields.take("wire")`, and last `_present: fields.present()`, which records
        // what the takes before it found.
        let takes: Vec<(String, String)> = def
            .fields
            .iter()
            .zip(&idents)
            .map(|(field, ident)| {
                (
                    text::concat(&[ident, ": "]),
                    text::concat(&["fields.take(", &text::lit(&field.wire), ")"]),
                )
            })
            .chain(std::iter::once((
                "_present: ".to_owned(),
                "fields.present()".to_owned(),
            )))
            .collect();
        c.expr("let mut fields = ", &read_fields(), ";", true);
        let mut joined = String::new();
        for (i, (prefix, take)) in takes.iter().enumerate() {
            if i > 0 {
                joined.push_str(", ");
            }
            joined.push_str(prefix);
            joined.push_str(take);
        }
        let one_line = text::concat(&["let value = Self { ", &joined, " };"]);
        if text::literal_on_one_line("Self", &joined) && c.room_for(one_line.len()) {
            c.line(&[&one_line]);
        } else {
            c.open(&["let value = Self {"]);
            for (i, (prefix, take)) in takes.iter().enumerate() {
                // A last field's comma is written only because the literal broke.
                let last = i + 1 == takes.len();
                let counted = if last { 0 } else { 1 };
                if c.room_for(prefix.len() + take.len() + counted) {
                    c.unchecked_line(&[prefix, take, ","]);
                } else {
                    // Too long for its line: laid out as a chain on `fields`.
                    let (method, args) = match take.strip_prefix("fields.take(") {
                        Some(rest) => (".take", vec![atom(rest.strip_suffix(')').unwrap_or(rest))]),
                        None => (".present", Vec::new()),
                    };
                    let e = chain(atom("fields"), vec![call(method, args, "")]);
                    c.expr(prefix, &e, ",", !last);
                }
            }
            c.close("};");
        }
        c.line(&["fields.finish(value)"]);
    }
    c.close("}");
    c.close("}");
    if !def.fields.is_empty() {
        c.open_item(&["impl ", &name, " {"]);
        c.doc("Whether the response carried field `key` (its name in the JSON) with a value other than `null`: a field it did not carry reads as its type's default, as the documented rule says.");
        c.open_fn("pub fn is_present(", &["&self", "key: &str"], ") -> bool {");
        c.line(&["self._present.contains(key)"]);
        c.close("}");
        c.close("}");
    }
}

fn write_to_form(def: &StructDef, idents: &[Cow<'_, str>], c: &mut Code) {
    c.open_item(&["impl ", &text::ident(&def.name), " {"]);
    c.open_fn(
        "fn to_form(",
        &["&self"],
        ") -> ::std::result::Result<::reqwest::multipart::Form, ::std::string::String> {",
    );
    if def.fields.is_empty() {
        c.line(&["let form = ::reqwest::multipart::Form::new();"]);
    } else {
        c.line(&["let mut form = ::reqwest::multipart::Form::new();"]);
    }
    for (field, ident) in def.fields.iter().zip(idents) {
        let wire = text::lit(&field.wire);
        if field.encoding == PartEncoding::Texts {
            c.open(&["for value in &self.", ident, " {"]);
            line!(c, "form = form.text({wire}, value.clone());");
            c.close("}");
            continue;
        }
        if field.encoding == PartEncoding::Files {
            let default_type = match &field.content_type {
                Some(ct) => format!("::std::option::Option::Some({})", text::lit(ct)),
                None => "::std::option::Option::None".to_owned(),
            };
            c.open(&["for file in &self.", ident, " {"]);
            line!(
                c,
                "form = form.part({wire}, file.to_part({default_type})?);"
            );
            c.close("}");
            continue;
        }
        let value = match field.encoding {
            PartEncoding::Text | PartEncoding::Texts => atom("value.clone()"),
            PartEncoding::Enum => atom("value.as_str()"),
            PartEncoding::Json | PartEncoding::Files => call(
                "::postman_runtime::json_text",
                vec![atom(wire.as_str()), atom("value")],
                "?",
            ),
        };
        let text_part = match &field.content_type {
            Some(ct) => {
                // A part with a content type of its own: laid out by prettyplease.
                c.give_up();
                let mut value_text = String::new();
                value.flat(&mut value_text);
                atom(format!(
                    "form.part({wire}, ::reqwest::multipart::Part::text({value_text}).mime_str({}).map_err(|e| ::std::format!(\"content type of `{{}}`: {{e}}\", {wire}))?)",
                    text::lit(ct)
                ))
            }
            None => chain(
                atom("form"),
                vec![call(".text", vec![atom(wire.as_str()), value], "")],
            ),
        };
        if matches!(field.ty, TypeRef::Optional(_)) {
            c.open_if_some("value", "&self", ident);
            c.expr("form = ", &text_part, ";", true);
            c.close("}");
        } else {
            c.line(&["let value = &self.", ident, ";"]);
            c.expr("form = ", &text_part, ";", true);
        }
    }
    c.line(&["::std::result::Result::Ok(form)"]);
    c.close("}");
    c.close("}");
}

/// `::postman_runtime::Fields::read(deserializer)?`.
fn read_fields() -> Expr {
    call(
        "::postman_runtime::Fields::read",
        vec![atom("deserializer")],
        "?",
    )
}

/// Whether every field has a default (required enums have none).
fn defaultable(def: &StructDef) -> bool {
    def.fields.iter().all(|f| {
        matches!(
            f.ty,
            TypeRef::Optional(_) | TypeRef::String | TypeRef::List(_)
        )
    })
}

/// A string enum: its variants, `as_str`, `Display` and serde impls.
pub(super) fn write_enum(def: &EnumDef, c: &mut Code) {
    let name = text::ident(&def.name);
    let idents: Vec<_> = def.variants.iter().map(|v| text::ident(&v.name)).collect();
    let wires: Vec<String> = def.variants.iter().map(|v| text::lit(&v.wire)).collect();
    if idents.is_empty() {
        // Never lowered (an enum has values); prettyplease prints an empty one its own way.
        c.give_up();
        c.doc(&def.doc);
        return c.unbroken(&["pub enum ", &name, " {}"]);
    }
    c.doc(&def.doc);
    c.line(&["#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]"]);
    c.open_item(&["pub enum ", &name, " {"]);
    for (v, ident) in def.variants.iter().zip(&idents) {
        c.doc(&v.doc);
        c.line(&[ident, ","]);
    }
    c.close("}");
    c.open_item(&["impl ", &name, " {"]);
    c.doc("The exact string sent on the wire.");
    c.open_fn("pub fn as_str(", &["&self"], ") -> &'static str {");
    c.open(&["match self {"]);
    for (ident, wire) in idents.iter().zip(&wires) {
        c.arm_expr(&format!("Self::{ident}"), &atom(wire.as_str()));
    }
    c.close("}");
    c.close("}");
    c.close("}");
    c.open_display(&name);
    c.line(&["f.write_str(self.as_str())"]);
    c.close("}");
    c.close("}");
    c.open_impl("impl ::serde::Serialize", &name);
    c.open_fn(
        "fn serialize<S: ::serde::Serializer>(",
        &["&self", "serializer: S"],
        ") -> ::std::result::Result<S::Ok, S::Error> {",
    );
    c.line(&["serializer.serialize_str(self.as_str())"]);
    c.close("}");
    c.close("}");
    c.open_impl("impl<'de> ::serde::Deserialize<'de>", &name);
    c.open_fn(
        "fn deserialize<D: ::serde::Deserializer<'de>>(",
        &["deserializer: D"],
        ") -> ::std::result::Result<Self, D::Error> {",
    );
    // Never fits on one line at an enum's depth, and has nothing to break before the `(`.
    c.open_item(&["let text = <::std::string::String as ::serde::Deserialize>::deserialize("]);
    c.line(&["deserializer,"]);
    c.close(")?;");
    c.open(&["match text.as_str() {"]);
    for (ident, wire) in idents.iter().zip(&wires) {
        let ok = call(
            "::std::result::Result::Ok",
            vec![atom(format!("Self::{ident}"))],
            "",
        );
        c.arm_expr(wire, &ok);
    }
    let expected = group("&[", wires.iter().map(|w| atom(w.as_str())).collect(), "]");
    let unknown = call(
        "::serde::de::Error::unknown_variant",
        vec![atom("other"), expected],
        "",
    );
    c.arm_expr(
        "other",
        &call("::std::result::Result::Err", vec![unknown], ""),
    );
    c.close("}");
    c.close("}");
    c.close("}");
}

/// The success type of a request whose 2xx statuses have bodies of different types: a variant
/// per status, and the `decode` the request's method hands the runtime.
pub(super) fn write_status_enum(def: &StatusEnumDef, clone_eq: bool, c: &mut Code) {
    let name = text::ident(&def.name);
    c.doc(&def.doc);
    if clone_eq {
        c.line(&["#[derive(Debug, Clone, PartialEq)]"]);
    } else {
        c.line(&["#[derive(Debug)]"]);
    }
    // A value is decoded once and moved to the caller: the bodies' sizes may differ.
    c.line(&["#[allow(clippy::large_enum_variant)]"]);
    c.open_item(&["pub enum ", &name, " {"]);
    for v in &def.variants {
        c.doc(&format!("HTTP {}.", v.status));
        c.tuple_variant(&text::ident(&v.name), &text::ty(&v.ty));
    }
    c.close("}");
    c.open_item(&["impl ", &name, " {"]);
    c.open_fn(
        "fn decode(",
        &["status: u16", "bytes: &[u8]"],
        ") -> ::std::result::Result<Self, ::serde_json::Error> {",
    );
    c.open(&["match status {"]);
    let decode = |variant: &str| {
        chain(
            call("::serde_json::from_slice", vec![atom("bytes")], ""),
            vec![call(
                ".map",
                vec![atom(text::concat(&["Self::", &text::ident(variant)]))],
                "",
            )],
        )
    };
    for v in def.variants.iter().skip(1) {
        c.arm_expr(&v.status.to_string(), &decode(&v.name));
    }
    // The lowest status stands for every status the collection does not document.
    if let Some(first) = def.variants.first() {
        c.arm_expr("_", &decode(&first.name));
    }
    c.close("}");
    c.close("}");
    c.close("}");
}
