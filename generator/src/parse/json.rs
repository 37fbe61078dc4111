//! The JSON tree the parser walks: what `serde_json::Value` holds, but borrowing every string
//! without escapes from the input and keeping objects as lists, so that building and freeing
//! the tree of a large collection costs little next to the parse itself.
//!
//! It reads the same as `serde_json::Value` would: the same deserializer accepts and rejects
//! the same input with the same errors, an object's duplicate key reads as its last value,
//! objects iterate in key order, and [`Value::to_json`] gives the `serde_json::Value` itself
//! (for the rare value that is kept as JSON text).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Map<'a>),
}

/// A JSON object: its members in input order, duplicates included.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map<'a> {
    entries: Vec<(Cow<'a, str>, Value<'a>)>,
}

impl<'a> Map<'a> {
    /// The value of `key` (the last one when the key repeats, as `serde_json` keeps it).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The value of `key` to change (the last one when the key repeats).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value<'a>> {
        self.entries
            .iter_mut()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Takes the value of `key` out (the last one when the key repeats), leaving `null` in
    /// its place.
    pub fn take(&mut self, key: &str) -> Option<Value<'a>> {
        self.get_mut(key).map(|v| std::mem::replace(v, Value::Null))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The members in key order, each key once with its last value (`serde_json`'s order).
    pub fn iter(&self) -> std::vec::IntoIter<(&str, &Value<'a>)> {
        let mut members: Vec<(&str, &Value<'a>)> = Vec::with_capacity(self.entries.len());
        // Later duplicates first, so that the stable sort keeps the last value first.
        for (k, v) in self.entries.iter().rev() {
            members.push((k.as_ref(), v));
        }
        members.sort_by(|a, b| a.0.cmp(b.0));
        members.dedup_by(|later, earlier| later.0 == earlier.0);
        members.into_iter()
    }
}

impl<'m, 'a> IntoIterator for &'m Map<'a> {
    type Item = (&'m str, &'m Value<'a>);
    type IntoIter = std::vec::IntoIter<(&'m str, &'m Value<'a>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> Value<'a> {
    /// The member `key` of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value<'a>>> {
        match self {
            Value::Array(list) => Some(list),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The `serde_json::Value` that `serde_json` would have read.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(list) => {
                serde_json::Value::Array(list.iter().map(Value::to_json).collect())
            }
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                // In input order, so a repeated key ends with its last value.
                for (k, v) in &map.entries {
                    out.insert(k.to_string(), v.to_json());
                }
                serde_json::Value::Object(out)
            }
        }
    }
}

/// Compact JSON text, exactly as `serde_json::Value`'s `Display` writes it.
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The common cases, without building a `serde_json::Value`.
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            _ => write!(f, "{}", self.to_json()),
        }
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueSeed {
            pending: &mut Pending::default(),
        }
        .deserialize(deserializer)
    }
}

/// The elements and members read so far of the arrays and objects still open, innermost
/// last: each list is allocated once, at its exact length, when its container closes
/// (a list grown by pushing holds up to twice the room it needs, and the tree is most of
/// the memory a large collection takes while it is read).
#[derive(Default)]
struct Pending<'de> {
    elements: Vec<Value<'de>>,
    members: Vec<(Cow<'de, str>, Value<'de>)>,
}

/// Builds a [`Value`] from what the deserializer reports, the way `serde_json`'s own value
/// visitor does.
struct ValueSeed<'p, 'de> {
    pending: &'p mut Pending<'de>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, 'de> {
    type Value = Value<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, 'de> {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value<'de>, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(value)))
    }

    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value<'de>, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let pending = self.pending;
        let start = pending.elements.len();
        while let Some(element) = seq.next_element_seed(ValueSeed {
            pending: &mut *pending,
        })? {
            pending.elements.push(element);
        }
        Ok(Value::Array(pending.elements.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value<'de>, A::Error> {
        let pending = self.pending;
        let start = pending.members.len();
        while let Some(key) = access.next_key_seed(KeySeed)? {
            let value = access.next_value_seed(ValueSeed {
                pending: &mut *pending,
            })?;
            pending.members.push((key, value));
        }
        Ok(Value::Object(Map {
            entries: pending.members.drain(start..).collect(),
        }))
    }
}

/// An object key, borrowed when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Result<Value<'_>, String>, Result<serde_json::Value, String>) {
        (
            serde_json::from_str::<Value<'_>>(text).map_err(|e| e.to_string()),
            serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string()),
        )
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"b":1,"a":[true,null,"x\u00e9\n",-5,1.5e3,18446744073709551615,-0,0.1]}"#,
            r#"{"k":1,"k":{"z":2,"y":"\"q\""},"a":{}}"#,
            r#"[1e400]"#,
            r#"{"a":1,}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a" 1}"#,
            "[\"tab\tin string\"]",
            r#""just a string""#,
            r#"12345678901234567890123"#,
            r#"{"a":[[[[]]]],"b":{"c":{"d":null}}} x"#,
            "",
            "  ",
            "1.5e3",
            "-0",
            "-0.0",
            "0.1",
            "1e22",
            "123456789012",
            "-9223372036854775808",
            "true",
            "null",
        ] {
            match both(text) {
                (Ok(ours), Ok(theirs)) => {
                    assert_eq!(ours.to_json(), theirs, "{text}");
                    assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
                }
                (Err(ours), Err(theirs)) => assert_eq!(ours, theirs, "{text}"),
                (ours, theirs) => panic!("{text}: {ours:?} vs {theirs:?}"),
            }
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        match both(&deep) {
            (Err(ours), Err(theirs)) => assert_eq!(ours, theirs),
            other => panic!("{other:?}"),
        }
    }

    /// Every list of the tree is allocated at its length, however many members it has.
    #[test]
    fn lists_hold_no_spare_room() {
        fn check(value: &Value<'_>) {
            match value {
                Value::Array(list) => {
                    assert_eq!(list.capacity(), list.len());
                    list.iter().for_each(check);
                }
                Value::Object(map) => {
                    assert_eq!(map.entries.capacity(), map.entries.len());
                    map.entries.iter().for_each(|(_, v)| check(v));
                }
                _ => {}
            }
        }
        let members: Vec<String> = (0..37)
            .map(|i| format!(r#""k{i}":[{i},[],{{}}]"#))
            .collect();
        let text = format!(
            r#"{{"a":[1,2,3,4,5],{},"z":{{"y":[[1],[2,3]]}}}}"#,
            members.join(",")
        );
        let value: Value<'_> = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value.to_json(),
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        );
        check(&value);
    }

    #[test]
    fn objects_read_like_serde_json_maps() {
        let text = r#"{"b":1,"a":2,"b":3,"c":{"x":1}}"#;
        let ours: Value<'_> = serde_json::from_str(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        let map = ours.as_object().unwrap();
        assert_eq!(map.get("b").map(Value::to_json), theirs.get("b").cloned());
        assert!(map.contains_key("a") && !map.contains_key("z"));
        let keys: Vec<_> = map
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_json()))
            .collect();
        let expected: Vec<_> = theirs
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(keys, expected);
        // Strings without escapes borrow from the input.
        assert!(matches!(
            map.get("c")
                .and_then(|c| c.as_object())
                .map(|c| &c.entries[0].0),
            Some(Cow::Borrowed("x"))
        ));
    }
}
