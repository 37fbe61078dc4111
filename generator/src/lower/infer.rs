//! Type inference from example JSON: placeholder values, shape merging, and struct naming.
//!
//! Examples exported from OpenAPI often hold type names instead of values
//! (`{"id": "string", "type": "integer"}`, or `"<long>"` from postman-to-openapi); those are
//! read as the type they name. A real value infers its own type. Several examples of one
//! body merge: a field missing from one of them becomes optional, and disagreeing types fall
//! back to `serde_json::Value`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

#[cfg(test)]
use serde_json::Value;

use crate::ir::{CodeSpan, FieldDef, PartEncoding, StructDef, StructKind, TypeDef, TypeRef};
use crate::names::{self, Case, UniqueNames};

/// The shape of example values, before naming.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Only `null` seen.
    Null,
    /// No value seen (an empty array's element).
    Nothing,
    /// Strings.
    String,
    /// Whole numbers.
    Integer,
    /// Numbers with a fraction.
    Number,
    /// Booleans.
    Boolean,
    /// Values that disagree.
    Any,
    /// Arrays, with the merged element shape.
    Array(Box<Shape>),
    /// Objects: fields in key order (JSON objects are unordered, and sorting keeps the output
    /// the same when a collection's keys are reordered), with whether every example had them.
    Object(Vec<ObjectField>),
}

/// A field of an object shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectField {
    /// Wire key.
    pub key: String,
    /// Merged shape of its values.
    pub shape: Shape,
    /// Present in every example.
    pub always: bool,
    /// The first scalar value an example gives it, as JSON text (for docs).
    pub example: Option<String>,
}

/// The type names an example may stand in for a value with (`<string>`, `integer`), matched
/// without regard to ASCII case.
const PLACEHOLDERS: &[(&[&str], Shape)] = &[
    (
        &[
            "string",
            "str",
            "text",
            "date",
            "date-time",
            "datetime",
            "time",
            "uuid",
            "uri",
            "url",
            "email",
            "byte",
            "binary",
            "password",
            "hostname",
            "ipv4",
            "ipv6",
        ],
        Shape::String,
    ),
    (
        &["integer", "int", "int32", "int64", "long", "short"],
        Shape::Integer,
    ),
    (&["number", "float", "double", "decimal"], Shape::Number),
    (&["boolean", "bool"], Shape::Boolean),
    (&["object"], Shape::Any),
];

/// The type a placeholder string names, such as `"string"`, `"integer"` or `"<long>"`.
pub fn placeholder(text: &str) -> Option<Shape> {
    let inner = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text)
        .trim();
    // Most example strings are longer than any of the names: no need to look.
    if inner.len() > "date-time".len() {
        return None;
    }
    PLACEHOLDERS
        .iter()
        .find(|(names, _)| names.iter().any(|name| inner.eq_ignore_ascii_case(name)))
        .map(|(_, shape)| shape.clone())
}

/// An example's shape read straight from its JSON text: what [`shape_of`] gives for the
/// `Value` the same text parses to (and [`scalar_example`] for a scalar), without building
/// that `Value`. Objects' keys are sorted and a repeated key's last value counts, as in a
/// `serde_json::Map`; numbers are whole or not as `serde_json::Number` tells them.
struct ShapeRead(Shape, Option<String>);

impl<'de> serde::Deserialize<'de> for ShapeRead {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> serde::de::Visitor<'de> for ShapeVisitor {
    type Value = ShapeRead;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<ShapeRead, E> {
        Ok(ShapeRead(Shape::Boolean, Some(b.to_string())))
    }

    fn visit_i64<E>(self, n: i64) -> Result<ShapeRead, E> {
        Ok(ShapeRead(
            Shape::Integer,
            Some(serde_json::Number::from(n).to_string()),
        ))
    }

    fn visit_u64<E>(self, n: u64) -> Result<ShapeRead, E> {
        Ok(ShapeRead(
            Shape::Integer,
            Some(serde_json::Number::from(n).to_string()),
        ))
    }

    fn visit_f64<E>(self, n: f64) -> Result<ShapeRead, E> {
        // As `Value` reads it: a number that is not finite is `null`.
        Ok(match serde_json::Number::from_f64(n) {
            Some(number) => ShapeRead(Shape::Number, Some(number.to_string())),
            None => ShapeRead(Shape::Null, None),
        })
    }

    fn visit_str<E>(self, text: &str) -> Result<ShapeRead, E> {
        Ok(match placeholder(text) {
            Some(shape) => ShapeRead(shape, None),
            None => ShapeRead(Shape::String, Some(text.to_owned())),
        })
    }

    fn visit_unit<E>(self) -> Result<ShapeRead, E> {
        Ok(ShapeRead(Shape::Null, None))
    }

    fn visit_none<E>(self) -> Result<ShapeRead, E> {
        Ok(ShapeRead(Shape::Null, None))
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<ShapeRead, D::Error> {
        serde::Deserialize::deserialize(d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ShapeRead, A::Error> {
        let mut element = Shape::Nothing;
        while let Some(ShapeRead(shape, _)) = seq.next_element()? {
            element = merge(element, shape);
        }
        Ok(ShapeRead(Shape::Array(Box::new(element)), None))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ShapeRead, A::Error> {
        let mut fields: BTreeMap<String, ShapeRead> = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: ShapeRead = map.next_value()?;
            fields.insert(key, value);
        }
        Ok(ShapeRead(
            Shape::Object(
                fields
                    .into_iter()
                    .map(|(key, ShapeRead(shape, example))| ObjectField {
                        key,
                        shape,
                        always: true,
                        example,
                    })
                    .collect(),
            ),
            None,
        ))
    }
}

/// The shape of the JSON an example's text holds, as [`parse_example`] reads it (comments
/// allowed), read without building a `Value`.
pub fn parse_example_shape(text: &str) -> Option<Shape> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    serde_json::from_str::<ShapeRead>(trimmed)
        .ok()
        .or_else(|| serde_json::from_str::<ShapeRead>(&strip_comments(trimmed)).ok())
        .map(|ShapeRead(shape, _)| shape)
}

/// The shape of one example value.
#[cfg(test)]
pub fn shape_of(value: &Value) -> Shape {
    match value {
        Value::Null => Shape::Null,
        Value::Bool(_) => Shape::Boolean,
        Value::Number(n) if n.is_f64() => Shape::Number,
        Value::Number(_) => Shape::Integer,
        Value::String(s) => placeholder(s).unwrap_or(Shape::String),
        Value::Array(items) => Shape::Array(Box::new(
            items.iter().map(shape_of).fold(Shape::Nothing, merge),
        )),
        Value::Object(map) => Shape::Object(
            map.iter()
                .map(|(key, value)| ObjectField {
                    key: key.clone(),
                    shape: shape_of(value),
                    always: true,
                    example: scalar_example(value),
                })
                .collect(),
        ),
    }
}

/// A string, number or boolean value as docs show it (a placeholder such as `"string"` is
/// no example).
#[cfg(test)]
fn scalar_example(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if placeholder(text).is_none() => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Merges two shapes of the same position.
pub fn merge(a: Shape, b: Shape) -> Shape {
    match (a, b) {
        (Shape::Nothing, x) | (x, Shape::Nothing) => x,
        (Shape::Null, x) | (x, Shape::Null) => x,
        (Shape::Integer, Shape::Number) | (Shape::Number, Shape::Integer) => Shape::Number,
        (Shape::Array(a), Shape::Array(b)) => Shape::Array(Box::new(merge(*a, *b))),
        (Shape::Object(a), Shape::Object(b)) => {
            let mut fields = a;
            for field in &mut fields {
                if !b.iter().any(|f| f.key == field.key) {
                    field.always = false;
                }
            }
            for theirs in b {
                match fields.iter_mut().find(|f| f.key == theirs.key) {
                    Some(ours) => {
                        let shape = std::mem::replace(&mut ours.shape, Shape::Nothing);
                        ours.shape = merge(shape, theirs.shape);
                        ours.always &= theirs.always;
                        if ours.example.is_none() {
                            ours.example = theirs.example;
                        }
                    }
                    None => fields.push(ObjectField {
                        always: false,
                        ..theirs
                    }),
                }
            }
            Shape::Object(fields)
        }
        (a, b) if a == b => a,
        _ => Shape::Any,
    }
}

/// How many lists may nest in one inferred type.
const MAX_LIST_NESTING: usize = 6;

/// Turns shapes into Rust types, defining named structs as it goes.
pub struct Namer<'a> {
    /// Type names taken in the module.
    pub names: &'a mut UniqueNames,
    /// Where new types go.
    pub types: &'a mut Vec<TypeDef>,
    /// Structs already defined, by their shape, so an identical one is reused, not redefined.
    pub dedupe: &'a mut BTreeMap<String, String>,
}

impl Namer<'_> {
    /// The Rust type for `shape`; objects become structs named after `hint` (UpperCamel), and
    /// objects nested in them after `hint` and the field they sit in (see [`Namer::name`]).
    pub fn type_of(&mut self, shape: &Shape, hint: &str, kind: StructKind, doc: &str) -> TypeRef {
        let mut whole = BTreeSet::new();
        if defines_struct(shape) {
            whole_trails(shape, &mut Vec::new(), &mut whole, 0);
        }
        let place = Place {
            root: hint,
            trail: &[],
            whole: &whole,
        };
        self.type_at(shape, &place, kind, doc, 0)
    }

    /// A struct's name: `root` when it is the outermost one; otherwise `root` followed by the
    /// shortest end of `trail` (the fields, UpperCamel, that lead to it from the outermost
    /// struct, `Item` appended for a list's element) that no type of the module has taken yet,
    /// so `health_issues` in `severity_score_summary` in `content_safety_labels` of
    /// `TranscribeAudioResponse` is `TranscribeAudioResponseHealthIssues`, and another
    /// `health_issues` object of that response is `TranscribeAudioResponseOtherHealthIssues`
    /// when it sits in `other`. A shorter end is not used when it is the whole trail of
    /// another struct under the same root, which has no shorter name to fall back on (`rows` of
    /// a response keeps `...ResponseRowsItem`, and `rows` in its `row_container` becomes
    /// `...ResponseRowContainerRowsItem`). When the whole trail is taken too, a number is
    /// appended. Names are handed out in the collection's order, so they are stable, and none
    /// is longer than [`names::MAX_LEN`] (see [`names::join`]).
    fn name(&mut self, place: &Place<'_>) -> String {
        let trail = place.trail;
        for start in (1..trail.len()).rev() {
            let tail: String = trail.get(start..).unwrap_or_default().concat();
            if place.whole.contains(&tail) {
                continue;
            }
            let candidate = names::join(place.root, &tail);
            if !self.names.contains(&candidate) {
                return self.names.unique(&candidate, Case::UpperCamel);
            }
        }
        let whole = names::join(place.root, &trail.concat());
        self.names.unique(&whole, Case::UpperCamel)
    }

    fn type_at(
        &mut self,
        shape: &Shape,
        place: &Place<'_>,
        kind: StructKind,
        doc: &str,
        lists: usize,
    ) -> TypeRef {
        match shape {
            // Deeper list nesting says little and makes types (and the compilers' recursion)
            // explode; it is kept as JSON.
            Shape::Array(_) if lists >= MAX_LIST_NESTING => TypeRef::Json,
            Shape::String => TypeRef::String,
            Shape::Integer => TypeRef::Integer,
            Shape::Number => TypeRef::Number,
            Shape::Boolean => TypeRef::Boolean,
            Shape::Null | Shape::Nothing | Shape::Any => TypeRef::Json,
            Shape::Array(element) => {
                // The element is named `...Item`: the root's when the list is outermost, else
                // the field's. Names only go to structs, so they are only built when one may
                // be defined.
                let (root, trail) = if !defines_struct(element) {
                    (String::new(), Vec::new())
                } else if let Some((last, before)) = place.trail.split_last() {
                    let mut trail = before.to_vec();
                    trail.push(format!("{last}Item"));
                    (place.root.to_owned(), trail)
                } else {
                    (names::join(place.root, "Item"), Vec::new())
                };
                let place = Place {
                    root: &root,
                    trail: &trail,
                    whole: place.whole,
                };
                TypeRef::List(Box::new(self.type_at(
                    element,
                    &place,
                    kind,
                    "An element of the list.",
                    lists + 1,
                )))
            }
            // An object with no fields says nothing about its shape.
            Shape::Object(fields) if fields.is_empty() => TypeRef::Json,
            Shape::Object(fields) => {
                let name = self.name(place);
                // Reserve the slot now so nested types come after their parent.
                let slot = self.types.len();
                self.types.push(TypeDef::Struct(StructDef {
                    name: name.clone(),
                    doc: String::new(),
                    kind,
                    fields: Vec::new(),
                }));
                let mut defs = Vec::new();
                for field in fields {
                    // The trail and doc only go to structs, so they are only built when
                    // one may be defined.
                    let ty = if defines_struct(&field.shape) {
                        let mut trail = place.trail.to_vec();
                        trail.push(names::sanitize_or(&field.key, Case::UpperCamel, "Field"));
                        let nested = Place {
                            trail: &trail,
                            ..*place
                        };
                        let nested_doc =
                            format!("The `{}` object of [`{name}`].", field.key.code());
                        self.type_at(&field.shape, &nested, kind, &nested_doc, 0)
                    } else {
                        self.type_of(&field.shape, "", kind, "")
                    };
                    let optional = match kind {
                        StructKind::Response => !field.always,
                        StructKind::RequestJson
                        | StructKind::Multipart
                        | StructKind::UrlEncoded => true,
                    };
                    defs.push(FieldDef {
                        // Named below with the doc, once the struct is known to be a new
                        // one: the names follow from the wire names alone.
                        name: String::new(),
                        wire: field.key.clone(),
                        ty: if optional {
                            TypeRef::Optional(Box::new(ty))
                        } else {
                            ty
                        },
                        // Written below, once the struct is known to be a new one.
                        doc: String::new(),
                        encoding: PartEncoding::Json,
                        content_type: None,
                    });
                }
                let signature = signature(kind, &defs);
                if let Some(existing) = self.dedupe.get(&signature) {
                    // Identical to a struct already defined: reuse it. Nested types it made
                    // were pushed after the slot and are identical to the existing ones'.
                    self.types.truncate(slot);
                    return TypeRef::Named(existing.clone());
                }
                self.dedupe.insert(signature, name.clone());
                let where_ = match kind {
                    StructKind::Response => "in the response",
                    StructKind::RequestJson => "in the JSON body",
                    StructKind::Multipart | StructKind::UrlEncoded => "in the form",
                };
                let mut field_names = UniqueNames::new();
                for (def, field) in defs.iter_mut().zip(fields) {
                    def.name = field_names.unique(
                        &names::sanitize_or(&field.key, Case::Snake, "field"),
                        Case::Snake,
                    );
                    def.doc =
                        super::params::fallback_doc(&field.key, where_, field.example.as_deref());
                }
                if let Some(TypeDef::Struct(def)) = self.types.get_mut(slot) {
                    def.fields = defs;
                    def.doc = doc.to_owned();
                }
                TypeRef::Named(name)
            }
        }
    }
}

/// Where a struct sits: under the type named `root`, at the end of `trail` (see [`Namer::name`]).
#[derive(Clone, Copy)]
struct Place<'a> {
    /// The outermost struct's name (with `Item` for each list it is an element of).
    root: &'a str,
    /// The fields (UpperCamel) from the outermost struct to this one.
    trail: &'a [String],
    /// The whole trail, concatenated, of every nested struct under `root`.
    whole: &'a BTreeSet<String>,
}

/// Adds to `out` the concatenated trail of every struct nested in `shape` (as
/// [`Namer::type_of`] walks it), `trail` being the one of `shape`.
fn whole_trails(shape: &Shape, trail: &mut Vec<String>, out: &mut BTreeSet<String>, lists: usize) {
    match shape {
        Shape::Array(element) if lists < MAX_LIST_NESTING && defines_struct(element) => {
            // An outermost list changes the root, not the trail.
            let Some(last) = trail.pop() else {
                whole_trails(element, trail, out, lists + 1);
                return;
            };
            trail.push(format!("{last}Item"));
            whole_trails(element, trail, out, lists + 1);
            trail.pop();
            trail.push(last);
        }
        Shape::Object(fields) if !fields.is_empty() => {
            if !trail.is_empty() {
                out.insert(trail.concat());
            }
            for field in fields.iter().filter(|f| defines_struct(&f.shape)) {
                trail.push(names::sanitize_or(&field.key, Case::UpperCamel, "Field"));
                whole_trails(&field.shape, trail, out, 0);
                trail.pop();
            }
        }
        _ => {}
    }
}

/// Whether [`Namer::type_of`] may define a struct for `shape` (and so needs its hint and doc):
/// an object with fields, possibly inside lists.
fn defines_struct(shape: &Shape) -> bool {
    match shape {
        Shape::Object(fields) => !fields.is_empty(),
        Shape::Array(element) => defines_struct(element),
        _ => false,
    }
}

/// A key that is equal for two structs exactly when their kind and fields are equal (every
/// string is length-prefixed), so identical structs are defined once.
fn signature(kind: StructKind, defs: &[FieldDef]) -> String {
    fn text(out: &mut String, s: &str) {
        // Writing to a String cannot fail.
        let _ = write!(out, "{}:", s.len());
        out.push_str(s);
    }
    fn ty(out: &mut String, t: &TypeRef) {
        match t {
            TypeRef::String => out.push('s'),
            TypeRef::Integer => out.push('i'),
            TypeRef::Number => out.push('n'),
            TypeRef::Boolean => out.push('b'),
            TypeRef::Json => out.push('j'),
            TypeRef::List(inner) => {
                out.push('L');
                ty(out, inner);
            }
            TypeRef::Optional(inner) => {
                out.push('O');
                ty(out, inner);
            }
            TypeRef::Named(name) => {
                out.push('N');
                text(out, name);
            }
        }
    }
    let mut out = String::with_capacity(16 + defs.len() * 48);
    out.push(match kind {
        StructKind::Response => 'R',
        StructKind::RequestJson => 'J',
        StructKind::Multipart => 'M',
        StructKind::UrlEncoded => 'U',
    });
    for def in defs {
        let FieldDef {
            // Not the name either: it follows from the wire names (structs are compared
            // before their fields are named).
            name: _,
            wire,
            ty: field_ty,
            // Not the doc: it differs only by its example value, which must not keep two
            // structs of one shape apart (the first one's examples stand for both).
            doc: _,
            encoding,
            content_type,
        } = def;
        out.push('F');
        text(&mut out, wire);
        ty(&mut out, field_ty);
        out.push(match encoding {
            PartEncoding::Text => 't',
            PartEncoding::Texts => 'T',
            PartEncoding::Enum => 'e',
            PartEncoding::Json => 'j',
            PartEncoding::Files => 'f',
        });
        match content_type {
            Some(ct) => {
                out.push('C');
                text(&mut out, ct);
            }
            None => out.push('-'),
        }
    }
    out
}

/// Parses example body text as JSON, tolerating `//` and `/* */` comments, which Postman
/// accepts in raw JSON bodies.
#[cfg(test)]
pub fn parse_example(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    serde_json::from_str(trimmed)
        .ok()
        .or_else(|| serde_json::from_str(&strip_comments(trimmed)).ok())
}

/// Removes `//` line and `/* */` block comments outside JSON strings.
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some(escaped) = chars.next() {
                        out.push(escaped);
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for skipped in chars.by_ref() {
                    if last == '*' && skipped == '/' {
                        break;
                    }
                    last = skipped;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders() {
        assert_eq!(placeholder("string"), Some(Shape::String));
        assert_eq!(placeholder("integer"), Some(Shape::Integer));
        assert_eq!(placeholder("<long>"), Some(Shape::Integer));
        assert_eq!(placeholder("number"), Some(Shape::Number));
        assert_eq!(placeholder("<double>"), Some(Shape::Number));
        assert_eq!(placeholder("boolean"), Some(Shape::Boolean));
        assert_eq!(placeholder("<boolean>"), Some(Shape::Boolean));
        assert_eq!(placeholder("date-time"), Some(Shape::String));
        assert_eq!(placeholder("<dateTime>"), Some(Shape::String));
        assert_eq!(placeholder("Integer"), Some(Shape::Integer));
        assert_eq!(placeholder("hello"), None);
        assert_eq!(placeholder(""), None);
        assert_eq!(placeholder("<>"), None);
        for (names, shape) in super::PLACEHOLDERS {
            for name in *names {
                assert_eq!(placeholder(name).as_ref(), Some(shape), "{name}");
                let upper = format!("<{}>", name.to_ascii_uppercase());
                assert_eq!(placeholder(&upper).as_ref(), Some(shape), "{upper}");
            }
        }
    }

    #[test]
    fn zoom_create_example() {
        let v = json!({"id":"string","first_name":"string","type":"integer","n":1.5,"ok":true});
        let Shape::Object(fields) = shape_of(&v) else {
            panic!()
        };
        let shapes: Vec<_> = fields.iter().map(|f| f.shape.clone()).collect();
        // Keys come sorted: first_name, id, n, ok, type.
        assert_eq!(
            shapes,
            [
                Shape::String,
                Shape::String,
                Shape::Number,
                Shape::Boolean,
                Shape::Integer
            ]
        );
    }

    #[test]
    fn real_values_infer_their_own_type() {
        assert_eq!(shape_of(&json!(1)), Shape::Integer);
        assert_eq!(shape_of(&json!("et qui")), Shape::String);
        assert_eq!(
            shape_of(&json!([1, 2.5])),
            Shape::Array(Box::new(Shape::Number))
        );
        assert_eq!(
            shape_of(&json!([1, "a"])),
            Shape::Array(Box::new(Shape::Any))
        );
        assert_eq!(shape_of(&json!([])), Shape::Array(Box::new(Shape::Nothing)));
    }

    #[test]
    fn merging_marks_missing_fields_optional() {
        let merged = merge(
            shape_of(&json!({"a":1,"b":"x"})),
            shape_of(&json!({"a":2,"c":null})),
        );
        let Shape::Object(fields) = merged else {
            panic!()
        };
        let summary: Vec<_> = fields.iter().map(|f| (f.key.as_str(), f.always)).collect();
        assert_eq!(summary, [("a", true), ("b", false), ("c", false)]);
    }

    #[test]
    fn namer_builds_nested_structs_and_reuses_identical_ones() {
        let mut names = UniqueNames::new();
        let mut types = Vec::new();
        let mut dedupe = BTreeMap::new();
        let shape = shape_of(&json!({"id":"string","type":"integer","tags":[{"k":"v"}],"x":{}}));
        let mut namer = Namer {
            names: &mut names,
            types: &mut types,
            dedupe: &mut dedupe,
        };
        let ty = namer.type_of(&shape, "CreateUsersResponse", StructKind::Response, "doc");
        assert_eq!(ty, TypeRef::Named("CreateUsersResponse".to_owned()));
        // An identical shape is not defined twice.
        let again = namer.type_of(&shape, "OtherResponse", StructKind::Response, "other");
        assert_eq!(again, ty);
        let type_names: Vec<_> = types.iter().map(TypeDef::name).collect();
        assert_eq!(
            type_names,
            ["CreateUsersResponse", "CreateUsersResponseTagsItem"]
        );
        let TypeDef::Struct(s) = &types[0] else {
            panic!()
        };
        let fields: Vec<_> = s
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty.clone()))
            .collect();
        assert_eq!(fields[2], ("type", TypeRef::Integer));
        assert_eq!(fields[3], ("x", TypeRef::Json));
    }

    #[test]
    fn nested_structs_are_named_for_where_they_sit() {
        let mut names = UniqueNames::new();
        let mut types = Vec::new();
        let mut dedupe = BTreeMap::new();
        let shape = shape_of(&json!({
            "labels": {"summary": {"health": {"a": 1}}, "other": {"health": {"b": 1}}},
            "rows": [{"x": 1}],
            "container": {"rows": [{"y": 1}]},
        }));
        let mut namer = Namer {
            names: &mut names,
            types: &mut types,
            dedupe: &mut dedupe,
        };
        namer.type_of(&shape, "TranscribeResponse", StructKind::Response, "doc");
        let type_names: Vec<_> = types.iter().map(TypeDef::name).collect();
        assert_eq!(
            type_names,
            [
                "TranscribeResponse",
                "TranscribeResponseContainer",
                // `rows` of the response keeps the short name, though it comes later.
                "TranscribeResponseContainerRowsItem",
                "TranscribeResponseLabels",
                "TranscribeResponseOther",
                "TranscribeResponseHealth",
                "TranscribeResponseSummary",
                "TranscribeResponseSummaryHealth",
                "TranscribeResponseRowsItem",
            ]
        );
    }

    #[test]
    fn comments_are_tolerated() {
        let v = parse_example("{\n // the id\n \"id\": \"a//b\", /* x */ \"n\": 1\n}").unwrap();
        assert_eq!(v, json!({"id":"a//b","n":1}));
        assert_eq!(parse_example("   "), None);
        assert_eq!(parse_example("not json"), None);
    }
}
