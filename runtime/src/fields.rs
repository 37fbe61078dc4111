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
}

impl Fields {
    /// Reads a JSON object.
    pub fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(
            deserializer,
        )?;
        Ok(Self { map, error: None })
    }

    /// Field `key`, or its type's default when it is missing, `null` or (the first error is
    /// kept for [`Fields::finish`]) of another shape.
    pub fn take<T: serde::de::DeserializeOwned + Default>(&mut self, key: &str) -> T {
        match self.map.remove(key) {
            None | Some(serde_json::Value::Null) => T::default(),
            Some(value) => match T::deserialize(value) {
                Ok(value) => value,
                Err(error) => {
                    if self.error.is_none() {
                        self.error = Some(format!("field `{key}`: {error}"));
                    }
                    T::default()
                }
            },
        }
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
    }

    impl<'de> serde::Deserialize<'de> for User {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut fields = Fields::read(d)?;
            let value = User {
                id: fields.take("id"),
                name: fields.take("name"),
            };
            fields.finish(value)
        }
    }

    #[test]
    fn missing_and_null_fields_take_defaults_and_unknown_ones_are_ignored() {
        let user: User = serde_json::from_str(r#"{"id": null, "extra": 1}"#).unwrap();
        assert_eq!(
            user,
            User {
                id: 0,
                name: String::new()
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
