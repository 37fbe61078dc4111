//! [`FilePart`]: a file in a `multipart/form-data` body.

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilePart {
    /// The file name sent in the part's `Content-Disposition`.
    pub file_name: String,
    /// The part's content type; `None` uses the collection's, if it sets one.
    pub content_type: Option<String>,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A part with this file name and contents.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sets the part's content type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The part; `default_type` is the collection's content type for the field.
    pub fn to_part(
        &self,
        default_type: Option<&str>,
    ) -> Result<::reqwest::multipart::Part, String> {
        let part =
            ::reqwest::multipart::Part::bytes(self.bytes.clone()).file_name(self.file_name.clone());
        match self.content_type.as_deref().or(default_type) {
            Some(content_type) => part
                .mime_str(content_type)
                .map_err(|e| format!("content type `{content_type}`: {e}")),
            None => Ok(part),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FilePart;

    #[test]
    fn the_part_takes_its_own_type_or_the_collections() {
        let part = FilePart::new("a.txt", "hi");
        assert!(part.to_part(None).is_ok());
        assert!(part.to_part(Some("text/plain")).is_ok());
        let bad = part.clone().with_content_type("not a type");
        let error = bad.to_part(Some("text/plain")).unwrap_err();
        assert!(error.starts_with("content type `not a type`"), "{error}");
    }
}
