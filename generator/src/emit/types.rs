//! Named types: inferred structs, form bodies and string enums.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{EnumDef, FieldDef, PartEncoding, StructDef, StructKind, TypeRef};
use crate::names::to_ident;

use super::text::{self, atom, call, chain, group, line, Code, Expr};
use super::{doc, lit, ty, Needs};

/// [`emit_struct`] as text (see [`Code`]); multipart structs are left to the token path.
pub(super) fn write_struct(def: &StructDef, needs: &mut Needs, c: &mut Code) {
    let name = text::ident(&def.name);
    let clone_eq = if needs.clone_eq {
        "Clone, PartialEq, "
    } else {
        ""
    };
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
    let idents: Vec<String> = def.fields.iter().map(|f| text::ident(&f.name)).collect();
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
        c.close("}");
    }
    match def.kind {
        StructKind::Response => {}
        StructKind::Multipart => return write_to_form(def, &idents, needs, c),
        StructKind::RequestJson | StructKind::UrlEncoded => return,
    }
    needs.fields = true;
    c.open_impl("impl<'de> ::serde::Deserialize<'de>", &name);
    c.open_fn(
        "fn deserialize<D: ::serde::Deserializer<'de>>(",
        &["deserializer: D"],
        ") -> ::std::result::Result<Self, D::Error> {",
    );
    if def.fields.is_empty() {
        c.line(&["let _ = Fields::read(deserializer)?;"]);
        c.line(&["::std::result::Result::Ok(Self {})"]);
    } else {
        let takes: Vec<(String, Expr)> = def
            .fields
            .iter()
            .zip(&idents)
            .map(|(field, ident)| {
                let take = call(".take", vec![atom(text::lit(&field.wire))], "");
                (format!("{ident}: "), chain(atom("fields"), vec![take]))
            })
            .collect();
        c.line(&["let mut fields = Fields::read(deserializer)?;"]);
        let mut joined = String::new();
        for (i, (prefix, take)) in takes.iter().enumerate() {
            if i > 0 {
                joined.push_str(", ");
            }
            joined.push_str(prefix);
            take.flat(&mut joined);
        }
        let one_line = format!("let value = Self {{ {joined} }};");
        if text::literal_on_one_line("Self", &joined) && c.room_for(one_line.len()) {
            c.line(&[&one_line]);
        } else {
            c.open(&["let value = Self {"]);
            for (i, (prefix, take)) in takes.iter().enumerate() {
                // A last field's comma is written only because the literal broke.
                c.expr(prefix, take, ",", i + 1 != takes.len());
            }
            c.close("};");
        }
        c.line(&["fields.finish(value)"]);
    }
    c.close("}");
    c.close("}");
}

pub(super) fn emit_struct(def: &StructDef, needs: &mut Needs) -> TokenStream {
    let name = to_ident(&def.name);
    let docs = doc(&def.doc);
    let mut fields = TokenStream::new();
    for field in &def.fields {
        fields.extend(emit_field(def.kind, field));
    }
    let derives = super::common_derives(needs.clone_eq);
    match def.kind {
        StructKind::Response => {
            // A hand-written `Deserialize` through one shared helper: a derive per struct (with a
            // `deserialize_with` per field for `null`) was most of the client's compile time.
            needs.fields = true;
            let inits = def.fields.iter().map(|f| {
                let ident = to_ident(&f.name);
                let wire = lit(&f.wire);
                quote!(#ident: fields.take(#wire),)
            });
            // No `?` per field: `take` keeps the first error and `finish` returns it (a `?`
            // per field was about a sixth of the Zoom full client's `cargo check` time).
            let body = if def.fields.is_empty() {
                quote! {
                    let _ = Fields::read(deserializer)?;
                    ::std::result::Result::Ok(Self {})
                }
            } else {
                quote! {
                    let mut fields = Fields::read(deserializer)?;
                    let value = Self { #(#inits)* };
                    fields.finish(value)
                }
            };
            quote! {
                #docs
                #[derive(#derives Default)]
                pub struct #name { #fields }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        #body
                    }
                }
            }
        }
        StructKind::RequestJson => quote! {
            #docs
            #[derive(#derives Default, ::serde::Serialize)]
            pub struct #name { #fields }
        },
        StructKind::UrlEncoded => {
            let derive_default = defaultable(def).then(|| quote!(Default,));
            quote! {
                #docs
                #[derive(#derives #derive_default ::serde::Serialize)]
                pub struct #name { #fields }
            }
        }
        StructKind::Multipart => {
            let defaultable = def.fields.iter().all(|f| {
                matches!(
                    f.ty,
                    TypeRef::Optional(_) | TypeRef::String | TypeRef::List(_)
                )
            });
            let derive_default = defaultable.then(|| quote!(Default,));
            let parts: Vec<TokenStream> = def.fields.iter().map(|f| emit_part(f, needs)).collect();
            let form = if parts.is_empty() {
                quote!(let form = ::reqwest::multipart::Form::new();)
            } else {
                quote!(let mut form = ::reqwest::multipart::Form::new();)
            };
            quote! {
                #docs
                #[derive(#derives #derive_default)]
                pub struct #name { #fields }

                impl #name {
                    fn to_form(&self) -> ::std::result::Result<::reqwest::multipart::Form, ::std::string::String> {
                        #form
                        #(#parts)*
                        ::std::result::Result::Ok(form)
                    }
                }
            }
        }
    }
}

/// A multipart struct's `to_form` (see [`emit_part`]); parts with a content type are left to
/// the token path.
fn write_to_form(def: &StructDef, idents: &[String], needs: &mut Needs, c: &mut Code) {
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
        if field.content_type.is_some() {
            return c.give_up();
        }
        let wire = text::lit(&field.wire);
        if field.encoding == PartEncoding::Files {
            c.open(&["for file in &self.", ident, " {"]);
            line!(
                c,
                "form = form.part({wire}, file.to_part(::std::option::Option::None)?);"
            );
            c.close("}");
            continue;
        }
        let value = match field.encoding {
            PartEncoding::Text => atom("value.clone()"),
            PartEncoding::Enum => atom("value.as_str()"),
            PartEncoding::Json | PartEncoding::Files => {
                needs.json_text = true;
                call("json_text", vec![atom(wire.as_str()), atom("value")], "?")
            }
        };
        let text_part = chain(
            atom("form"),
            vec![call(".text", vec![atom(wire.as_str()), value], "")],
        );
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

/// Whether every field has a default (required enums have none).
fn defaultable(def: &StructDef) -> bool {
    def.fields.iter().all(|f| {
        matches!(
            f.ty,
            TypeRef::Optional(_) | TypeRef::String | TypeRef::List(_)
        )
    })
}

fn emit_field(kind: StructKind, field: &FieldDef) -> TokenStream {
    let name = to_ident(&field.name);
    let docs = doc(&field.doc);
    let field_ty = ty(&field.ty);
    let rename = (field.name != field.wire).then(|| {
        let wire = lit(&field.wire);
        quote!(rename = #wire,)
    });
    let optional = matches!(field.ty, TypeRef::Optional(_));
    let serde = match kind {
        // Read by the hand-written `Deserialize` (see `emit_struct`).
        StructKind::Response => TokenStream::new(),
        StructKind::RequestJson | StructKind::UrlEncoded if optional => {
            quote!(#[serde(#rename skip_serializing_if = "::std::option::Option::is_none")])
        }
        StructKind::RequestJson | StructKind::UrlEncoded => match rename {
            Some(rename) => quote!(#[serde(#rename)]),
            None => TokenStream::new(),
        },
        StructKind::Multipart => TokenStream::new(),
    };
    quote! {
        #docs
        #serde
        pub #name: #field_ty,
    }
}

/// Adds one field's part(s) to `form`.
fn emit_part(field: &FieldDef, needs: &mut Needs) -> TokenStream {
    let name = to_ident(&field.name);
    let wire = lit(&field.wire);
    if field.encoding == PartEncoding::Files {
        let default_type = match &field.content_type {
            Some(ct) => {
                let ct = lit(ct);
                quote!(::std::option::Option::Some(#ct))
            }
            None => quote!(::std::option::Option::None),
        };
        return quote! {
            for file in &self.#name {
                form = form.part(#wire, file.to_part(#default_type)?);
            }
        };
    }
    let optional = matches!(field.ty, TypeRef::Optional(_));
    let value = match field.encoding {
        PartEncoding::Text => quote!(value.clone()),
        PartEncoding::Enum => quote!(value.as_str()),
        PartEncoding::Json | PartEncoding::Files => {
            needs.json_text = true;
            quote!(json_text(#wire, value)?)
        }
    };
    let add = match &field.content_type {
        Some(ct) => {
            let ct = lit(ct);
            quote! {
                form = form.part(
                    #wire,
                    ::reqwest::multipart::Part::text(#value)
                        .mime_str(#ct)
                        .map_err(|e| ::std::format!("content type of `{}`: {e}", #wire))?,
                );
            }
        }
        None => quote!(form = form.text(#wire, #value);),
    };
    if optional {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#name {
                #add
            }
        }
    } else {
        quote! {
            let value = &self.#name;
            #add
        }
    }
}

/// [`emit_enum`] as text (see [`Code`]).
pub(super) fn write_enum(def: &EnumDef, c: &mut Code) {
    let name = text::ident(&def.name);
    let idents: Vec<String> = def.variants.iter().map(|v| text::ident(&v.name)).collect();
    let wires: Vec<String> = def.variants.iter().map(|v| text::lit(&v.wire)).collect();
    if idents.is_empty() {
        // Never emitted (an enum has values), and prettyplease prints empty matches its own way.
        return c.give_up();
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

pub(super) fn emit_enum(def: &EnumDef) -> TokenStream {
    let name = to_ident(&def.name);
    let docs = doc(&def.doc);
    let variants = def.variants.iter().map(|v| {
        let ident = to_ident(&v.name);
        let docs = doc(&v.doc);
        quote! {
            #docs
            #ident,
        }
    });
    let arms = def.variants.iter().map(|v| {
        let ident = to_ident(&v.name);
        let wire = lit(&v.wire);
        quote!(Self::#ident => #wire,)
    });
    let parse_arms = def.variants.iter().map(|v| {
        let ident = to_ident(&v.name);
        let wire = lit(&v.wire);
        quote!(#wire => ::std::result::Result::Ok(Self::#ident),)
    });
    let wires = def.variants.iter().map(|v| lit(&v.wire));
    // Serialized as the wire string by hand: serde's derives for enums (a visitor per enum)
    // cost far more to compile and would also accept forms no API sends.
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name { #(#variants)* }

        impl #name {
            /// The exact string sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                match text.as_str() {
                    #(#parse_arms)*
                    other => ::std::result::Result::Err(::serde::de::Error::unknown_variant(other, &[#(#wires),*])),
                }
            }
        }
    }
}
