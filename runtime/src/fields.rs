//! Reading response structs ([`Fields`]) and writing JSON parts of request bodies.

/// The fields of a JSON object being read into a response struct.
///
/// A field that is missing or `null` takes its type's default value; fields the struct
/// does not name are ignored. Errors name the field they come from: `take` keeps the
/// first one and `finish` returns it, so reading a struct needs no `?` per field.
#[derive(Debug)]
pub struct Fields {
    map: serde_json::Map<String, serde_json::Value>,
    error: Option<String>,
    present: Vec<&'static str>,
}

/// Which fields a response carried with a value other than `null`, by their JSON names: a
/// field it did not carry reads as its type's default, and this tells the two apart
/// (`"id": ""` from no `id`). Every generated response struct has one, `_present`, read with
/// its `is_present` method. `Default` is "none carried", as for a struct made by hand.
///
/// It records how a value was read, not the value: it takes no part in equality, so a
/// response compares equal to the same values written by hand (`..Default::default()`).
#[derive(Debug, Clone, Default)]
pub struct Present(Vec<&'static str>);

impl PartialEq for Present {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for Present {}

impl Present {
    /// Whether field `key` (its name in the JSON) was carried with a non-null value.
    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(&key)
    }

    /// Marks field `key` as carried (for a response made by hand, such as a test's fake).
    pub fn insert(&mut self, key: &'static str) {
        if !self.contains(key) {
            self.0.push(key);
        }
    }
}

impl Fields {
    /// Reads a JSON object.
    pub fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(
            deserializer,
        )?;
        Ok(Self {
            map,
            error: None,
            present: Vec::new(),
        })
    }

    /// Field `key`, or its type's default when it is missing, `null` or (the first error is
    /// kept for [`Fields::finish`]) of another shape.
    pub fn take<T: serde::de::DeserializeOwned + Default>(&mut self, key: &'static str) -> T {
        match self.map.remove(key) {
            None | Some(serde_json::Value::Null) => T::default(),
            Some(value) => match T::deserialize(value) {
                Ok(value) => {
                    self.present.push(key);
                    value
                }
                Err(error) => {
                    if self.error.is_none() {
                        self.error = Some(format!("field `{key}`: {error}"));
                    }
                    T::default()
                }
            },
        }
    }

    /// The fields taken so far that the response carried; taken out, so call it last.
    pub fn present(&mut self) -> Present {
        Present(std::mem::take(&mut self.present))
    }

    /// `value`, or the first field's error.
    pub fn finish<T, E: serde::de::Error>(self, value: T) -> Result<T, E> {
        match self.error {
            None => Ok(value),
            Some(error) => Err(E::custom(error)),
        }
    }
}

/// `value` as JSON text, for a form field whose value is JSON; the error names the field.
pub fn json_text<T: serde::Serialize>(name: &str, value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|error| format!("cannot encode `{name}` as JSON: {error}"))
}

/// A GraphQL request body: the collection's fixed query and the caller's variables.
#[derive(Debug, serde::Serialize)]
pub struct GraphQl<'a, T> {
    /// The query text.
    pub query: &'a str,
    /// The query's variables.
    pub variables: &'a T,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct User {
        id: i64,
        name: String,
        present: Present,
    }

    impl<'de> serde::Deserialize<'de> for User {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut fields = Fields::read(d)?;
            let value = User {
                id: fields.take("id"),
                name: fields.take("name"),
                present: fields.present(),
            };
            fields.finish(value)
        }
    }

    #[test]
    fn present_tells_an_empty_field_from_a_missing_one() {
        let sent: User = serde_json::from_str(r#"{"id": 0, "name": ""}"#).unwrap();
        let missing: User = serde_json::from_str(r#"{"name": null}"#).unwrap();
        assert_eq!(
            (sent.id, sent.name.as_str()),
            (missing.id, missing.name.as_str())
        );
        assert!(sent.present.contains("id") && sent.present.contains("name"));
        assert!(!missing.present.contains("id") && !missing.present.contains("name"));
        let mut by_hand = Present::default();
        by_hand.insert("id");
        by_hand.insert("id");
        assert_eq!(by_hand.0, vec!["id"]);
        // Not part of the value: equal whatever was carried.
        assert_eq!(by_hand, Present::default());
    }

    #[test]
    fn missing_and_null_fields_take_defaults_and_unknown_ones_are_ignored() {
        let user: User = serde_json::from_str(r#"{"id": null, "extra": 1}"#).unwrap();
        assert_eq!(
            user,
            User {
                id: 0,
                name: String::new(),
                present: Present::default(),
            }
        );
    }

    #[test]
    fn the_first_wrong_field_is_named() {
        let error = serde_json::from_str::<User>(r#"{"id": "x", "name": 3}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("field `id`: invalid type"),
            "{error}"
        );
        assert!(serde_json::from_str::<User>("[1]").is_err());
    }

    #[test]
    fn json_text_and_graphql_bodies() {
        assert_eq!(json_text("meta", &[1, 2]).unwrap(), "[1,2]");
        let body = GraphQl {
            query: "{ me { id } }",
            variables: &serde_json::json!({"a": 1}),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"query": "{ me { id } }", "variables": {"a": 1}})
        );
    }
}
