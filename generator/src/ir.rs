//! The intermediate representation: a client module with every name resolved and every type
//! inferred. The emitter reads only this.
//!
//! Every Rust name here is already sanitized and unique in its scope; the wire name stays
//! beside it so the emitter can write it into requests and `#[serde(rename)]` as it is.

/// The whole generated module.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Collection name, for docs.
    pub title: String,
    /// Module-level documentation (rustdoc-safe markdown).
    pub doc: String,
    /// The source file name, for the `@generated` header.
    pub source: String,
    /// The client type.
    pub client: ClientDef,
    /// Operations in collection order.
    pub operations: Vec<Operation>,
    /// Named types (request bodies, responses, enums) in order of first use.
    pub types: Vec<TypeDef>,
}

/// The generated `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientDef {
    /// The base URL used unless the user overrides it, if the collection gives one.
    pub default_base_url: Option<String>,
    /// Where the default comes from, for docs (`the collection variable baseUrl`).
    pub base_url_source: String,
    /// Credentials the client takes at construction.
    pub auth: AuthDef,
}

/// How the client authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthDef {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>` (Postman `bearer` and `oauth2`).
    Bearer {
        /// The Postman auth kind it came from.
        from: String,
    },
    /// HTTP basic auth.
    Basic,
    /// An API key in a header or the query string.
    ApiKey {
        /// Header or query parameter name.
        name: String,
        /// `true` for the query string, `false` for a header.
        in_query: bool,
    },
}

/// One request of the collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Method name (snake case).
    pub name: String,
    /// The request's name in the collection.
    pub wire_name: String,
    /// Documentation (rustdoc-safe markdown).
    pub doc: String,
    /// HTTP method, upper case as sent.
    pub method: String,
    /// The URL template as written in Postman, for docs.
    pub url_display: String,
    /// Base of the URL.
    pub base: OpBase,
    /// Path parts after the base.
    pub path: Vec<PathPart>,
    /// Path arguments, in path order.
    pub path_params: Vec<Arg>,
    /// The request body, if any.
    pub body: Option<BodyDef>,
    /// Whether the client's credentials are sent.
    pub authenticated: bool,
    /// What a 2xx response gives.
    pub success: Success,
    /// Name of the operation's error enum.
    pub error_type: String,
    /// Error variants for documented non-2xx statuses, by status.
    pub errors: Vec<ErrorVariant>,
}

/// Where an operation's URL starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpBase {
    /// The client's (overridable) base URL.
    Client,
    /// A fixed origin written in the request.
    Fixed(String),
}

/// A piece of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, written as is (already valid in a URL path).
    Literal(String),
    /// The path argument with this index in `path_params`, percent-encoded as one segment.
    Param(usize),
}

/// A method argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// Rust name (snake case).
    pub name: String,
    /// Name in the collection.
    pub wire: String,
    /// Documentation.
    pub doc: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyDef {
    /// `multipart/form-data` built from the named struct.
    Multipart(String),
}

/// What a successful response gives the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    /// Nothing: the examples have no body.
    Unit,
    /// The body as text: the examples are not JSON.
    Text,
    /// The body decoded from JSON.
    Json(TypeRef),
}

/// A documented error status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorVariant {
    /// Variant name, such as `NotFound`.
    pub name: String,
    /// HTTP status.
    pub status: u16,
    /// Documentation: the saved responses' names.
    pub doc: String,
}

/// A Rust type used in a field or a return.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `serde_json::Value`: shape unknown.
    Json,
    /// `Vec<T>`.
    List(Box<TypeRef>),
    /// `Option<T>`.
    Optional(Box<TypeRef>),
    /// A type defined in the module.
    Named(String),
}

/// A type defined in the module.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// A struct.
    Struct(StructDef),
    /// A string enum.
    Enum(EnumDef),
}

impl TypeDef {
    /// The type's Rust name.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
        }
    }
}

/// How a struct travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    /// Deserialized from a response; missing and null fields take their type's default.
    Response,
    /// Serialized to JSON in a request; `None` fields are left out.
    RequestJson,
    /// Sent as `multipart/form-data` parts.
    Multipart,
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// How it travels.
    pub kind: StructKind,
    /// Fields in example order.
    pub fields: Vec<FieldDef>,
}

/// How a multipart field is written into its part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartEncoding {
    /// The string as is.
    Text,
    /// An enum's wire string.
    Enum,
    /// JSON text of the value.
    Json,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    /// Rust name (snake case, possibly a raw identifier's text such as `type`).
    pub name: String,
    /// Wire name.
    pub wire: String,
    /// The field's type (already `Optional` when the field is optional).
    pub ty: TypeRef,
    /// Documentation.
    pub doc: String,
    /// For multipart structs: how the part is written.
    pub encoding: PartEncoding,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Variants in documented order.
    pub variants: Vec<VariantDef>,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantDef {
    /// Rust name (UpperCamel).
    pub name: String,
    /// The exact wire string.
    pub wire: String,
    /// Documentation.
    pub doc: String,
}
