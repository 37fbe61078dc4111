//! The Postman collection model: what the parser reads, before any Rust naming or typing.
//!
//! It is lenient by construction: every field that real exports omit is optional, and values
//! that disagree with the schema in harmless ways (a number where a string belongs) are
//! normalized by the parser rather than rejected.

/// A whole collection (v2.0 or v2.1).
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// `info.name`.
    pub name: Option<String>,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.schema`, the schema URL naming the format version.
    pub schema: Option<String>,
    /// Top-level items in document order.
    pub items: Vec<Item>,
    /// Collection-level auth, inherited by every request that does not set its own.
    pub auth: Option<Auth>,
    /// Collection variables.
    pub variables: Vec<Variable>,
    /// Collection-level `event` scripts (pre-request, test), which the generator cannot run.
    pub scripts: Vec<String>,
    /// What the parser skipped without failing.
    pub diagnostics: Vec<crate::error::Diagnostic>,
}

/// A folder or a request.
#[derive(Debug, Clone)]
pub enum Item {
    /// An item group.
    Folder(Folder),
    /// A request with its saved responses.
    Request(Box<RequestItem>),
}

/// An item group (folder).
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// Folder name; real exports sometimes have none.
    pub name: Option<String>,
    /// Folder description.
    pub description: Option<String>,
    /// Children in document order.
    pub items: Vec<Item>,
    /// Folder-level auth.
    pub auth: Option<Auth>,
    /// Folder variables.
    pub variables: Vec<Variable>,
    /// JSON path of the folder, for diagnostics.
    pub path: String,
}

/// A request item.
#[derive(Debug, Clone, Default)]
pub struct RequestItem {
    /// Item name.
    pub name: Option<String>,
    /// The request itself.
    pub request: Request,
    /// Saved example responses.
    pub responses: Vec<Response>,
    /// Names of the item's `event` scripts (`prerequest`, `test`).
    pub scripts: Vec<String>,
    /// JSON path of the item, for diagnostics.
    pub path: String,
}

/// The request part of an item (or the `originalRequest` of a saved response).
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// HTTP method as written; `GET` when absent.
    pub method: String,
    /// The URL.
    pub url: Url,
    /// Headers in order.
    pub headers: Vec<Param>,
    /// The body, if any.
    pub body: Option<Body>,
    /// Request-level auth (`noauth` included, to override inheritance).
    pub auth: Option<Auth>,
    /// Request description.
    pub description: Option<String>,
}

/// A request URL, in the parts Postman keeps.
#[derive(Debug, Clone, Default)]
pub struct Url {
    /// The raw URL text, when present.
    pub raw: Option<String>,
    /// `protocol`, such as `https`.
    pub protocol: Option<String>,
    /// Host labels (or one `{{baseUrl}}` variable), in order.
    pub host: Vec<String>,
    /// Port text.
    pub port: Option<String>,
    /// Path segments; `:name` marks a path variable.
    pub path: Vec<String>,
    /// Query parameters.
    pub query: Vec<Param>,
    /// Path variables (`:name`) with their descriptions.
    pub variables: Vec<Param>,
}

/// A key/value entry: header, query parameter, path variable, urlencoded or form-data field.
#[derive(Debug, Clone, Default)]
pub struct Param {
    /// The key (wire name).
    pub key: String,
    /// The example value.
    pub value: Option<String>,
    /// Description (markdown).
    pub description: Option<String>,
    /// Marked disabled in Postman.
    pub disabled: bool,
    /// Form-data kind: `text` or `file`.
    pub kind: Option<String>,
    /// Per-part content type (form-data).
    pub content_type: Option<String>,
    /// File source(s) of a form-data `file` field.
    pub src: Vec<String>,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// `raw` text, with the language Postman was told it is (`json`, `xml`, `text`, ...).
    Raw {
        /// The text.
        text: String,
        /// `options.raw.language`.
        language: Option<String>,
    },
    /// `urlencoded` fields.
    UrlEncoded(Vec<Param>),
    /// `formdata` fields.
    FormData(Vec<Param>),
    /// A binary `file` body (the file Postman sent is not kept: the caller gives the bytes).
    File,
    /// A `graphql` body.
    GraphQl {
        /// The query document.
        query: String,
        /// The variables, as JSON text.
        variables: Option<String>,
    },
    /// A body with a mode the parser does not know, or no mode.
    Other {
        /// The mode, when one was given.
        mode: Option<String>,
    },
}

/// An auth setting: a kind and its parameters (v2.0 object and v2.1 list forms both end up here).
#[derive(Debug, Clone, Default)]
pub struct Auth {
    /// `bearer`, `basic`, `apikey`, `oauth2`, `noauth`, ...
    pub kind: String,
    /// Parameters in document order, values as text.
    pub params: Vec<(String, String)>,
}

impl Auth {
    /// The value of parameter `key`, if set.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A collection or folder variable.
#[derive(Debug, Clone, Default)]
pub struct Variable {
    /// Variable name.
    pub key: String,
    /// Its value as text.
    pub value: Option<String>,
    /// Declared type (`string`, `secret`, ...).
    pub kind: Option<String>,
    /// Disabled variables are ignored.
    pub disabled: bool,
}

impl Collection {
    /// Lays an environment's variables over the collection's: a variable of the same name
    /// takes the environment's value and type (a `secret` one stays out of the code), others
    /// are added. Disabled ones are skipped.
    pub fn apply_environment(&mut self, values: Vec<Variable>) {
        for value in values.into_iter().filter(|v| !v.disabled) {
            match self.variables.iter_mut().find(|v| v.key == value.key) {
                Some(existing) => *existing = value,
                None => self.variables.push(value),
            }
        }
    }
}

/// A saved example response.
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// The example's name (Zoom puts the documented status and error codes here).
    pub name: Option<String>,
    /// HTTP status code.
    pub code: Option<u16>,
    /// Status text.
    pub status: Option<String>,
    /// Response headers.
    pub headers: Vec<Param>,
    /// The example body text.
    pub body: Option<String>,
    /// The body of the request that produced the example (the rest of that request is read,
    /// so that its problems are reported, but not kept: nothing uses it, and Zoom's saved
    /// responses repeat their request 827 times).
    pub original_body: Option<Body>,
    /// JSON path, for diagnostics.
    pub path: String,
}
