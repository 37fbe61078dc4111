//! The intermediate representation: a client module with every name resolved and every type
//! inferred. The emitter reads only this.
//!
//! Every Rust name here is already sanitized and unique in its scope; the wire name stays
//! beside it so the emitter can write it into requests and `#[serde(rename)]` as it is.
//!
//! [`CodeSpan`] is how both lowering and the emitter quote collection text in the docs they
//! write.

use std::borrow::Cow;

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
    /// Whether the module defines `FilePart` (some form has file fields).
    pub file_part: bool,
    /// The top-level requests and folders.
    pub root: Group,
    /// The error types shared by the requests that document no error status.
    pub shared_errors: Vec<SharedError>,
}

/// An error type shared by the requests whose saved responses document no error status: their
/// error types would all be the same, so each is an alias of this one.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedError {
    /// Its name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Its status variants: none, or the implicit `Unauthorized` of authenticated requests.
    pub variants: Vec<ErrorVariant>,
}

/// A folder: a module for its types and a handle on the client for its requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Module and accessor name (snake case); empty for the root.
    pub module: String,
    /// The folder's name in the collection.
    pub wire_name: String,
    /// Name of the handle type (`UsersApi`); `Client` for the root.
    pub handle: String,
    /// Documentation.
    pub doc: String,
    /// Requests in collection order.
    pub operations: Vec<Operation>,
    /// Named types of this group's requests, in order of first use.
    pub types: Vec<TypeDef>,
    /// Sub-folders in collection order.
    pub groups: Vec<Group>,
}

impl Group {
    /// Every operation of this group and its sub-groups, depth first.
    pub fn all_operations(&self) -> Vec<&Operation> {
        let mut out: Vec<&Operation> = self.operations.iter().collect();
        for group in &self.groups {
            out.extend(group.all_operations());
        }
        out
    }

    /// Applies `f` to every operation of this group and its sub-groups.
    pub fn for_each_operation_mut(&mut self, f: &mut impl FnMut(&mut Operation)) {
        for op in &mut self.operations {
            f(op);
        }
        for group in &mut self.groups {
            group.for_each_operation_mut(f);
        }
    }
}

/// The generated `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientDef {
    /// The base URL used unless the user overrides it, if the collection gives one.
    pub default_base_url: Option<String>,
    /// Where the default comes from, for docs (`the collection variable baseUrl`).
    pub base_url_source: String,
    /// The variable that stands for the base URL in request URLs, if one does.
    pub base_url_variable: Option<String>,
    /// Every kind of credential some request needs, each once.
    pub credentials: Vec<Credential>,
    /// The credential `Client::new` takes (the collection's own auth, or the most used one).
    pub primary: Option<usize>,
    /// Variables resolved when a request is sent (hosts other than the base URL).
    pub variables: Vec<ClientVariable>,
    /// Some request uses an auth kind the client cannot produce, so it offers a signing hook.
    pub signer: bool,
}

/// Methods and fields `impl Client` has whatever the collection: no request method, folder
/// accessor or credential may take these names. Each credential kind's own field and setter
/// come from [`ClientDef::credential_names`].
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_http_client",
    "with_timeout",
    "with_redirects",
    "with_body_limits",
    "with_cookie_store",
    "with_retry",
    "with_variable",
    "with_signer",
    "base_url",
    "clone",
    "fmt",
    "default",
    // Every credential kind's setter and field, in their plain forms (the API-key ones of a
    // client with several keys are longer: see `ClientDef::credential_names`).
    "with_bearer_token",
    "with_basic_auth",
    "with_api_key",
    "bearer_token",
    "basic_auth",
    "api_key",
    "with_oauth1",
    "with_digest_auth",
    "with_aws_sigv4",
    "with_hawk_auth",
    "with_edgegrid",
    "oauth1",
    "digest_auth",
    "aws_sigv4",
    "hawk_auth",
    "edgegrid",
    // Private field: a method of the same name would make doc links ambiguous.
    "core",
    // The blocking client's own methods (`Builder::blocking`), and its `From` impl: an
    // inherent `from` would be what `Client::from` names. Reserved whether or not the
    // blocking client is generated, so that turning it on renames nothing.
    "as_async",
    "block_on",
    "from",
];

/// Module names every generated module and folder module defines whatever the collection:
/// `blocking`, the module of its blocking face (`Builder::blocking`), which a sub-folder's
/// module of that name would clash with. Methods and sub-folder modules share a namespace
/// (a folder's accessor is a method), so a request of that name is renamed too; reserved
/// whether or not the blocking face is generated, so that turning it on renames nothing.
pub const MODULE_NAMES: &[&str] = &["blocking"];

/// Type names a generated module defines or re-exports itself.
pub const MODULE_TYPES: &[&str] = &[
    "Client",
    "ApiResponse",
    "FilePart",
    "Signer",
    "Fields",
    "GraphQl",
    "Redirects",
    "ErrorResponse",
    "RetryPolicy",
    // Re-exported by modules with paged requests.
    "Pages",
    "Stream",
    // The trait of each module's requests.
    "Api",
];

impl ClientDef {
    /// Each credential's field on `Client` and its setter, in the order of `credentials`.
    pub fn credential_names(&self) -> Vec<(String, String)> {
        let api_keys = self
            .credentials
            .iter()
            .filter(|c| matches!(c, Credential::ApiKey { .. }))
            .count();
        let mut names: Vec<(String, String)> = Vec::with_capacity(self.credentials.len());
        for credential in &self.credentials {
            let taken: Vec<String> = names.iter().map(|(field, _)| field.clone()).collect();
            let field = match credential {
                Credential::Bearer => "bearer_token".to_owned(),
                Credential::Basic => "basic_auth".to_owned(),
                Credential::ApiKey { .. } if api_keys == 1 => "api_key".to_owned(),
                Credential::ApiKey { name, in_query } => {
                    let place = if *in_query { "query" } else { "header" };
                    let base = crate::names::sanitize_or(name, crate::names::Case::Snake, "key");
                    api_key_field(place, &base, &taken)
                }
                Credential::OAuth1 { .. } => "oauth1".to_owned(),
                Credential::Digest => "digest_auth".to_owned(),
                Credential::AwsV4 { .. } => "aws_sigv4".to_owned(),
                Credential::Hawk { .. } => "hawk_auth".to_owned(),
                Credential::EdgeGrid { .. } => "edgegrid".to_owned(),
            };
            // A kind used with different settings (two OAuth 1 signature methods) has one
            // credential per settings: the later ones are numbered.
            let mut unique = field.clone();
            let mut n = 2;
            while taken.contains(&unique) {
                unique = format!("{field}_{n}");
                n += 1;
            }
            let setter = format!("with_{unique}");
            names.push((unique, setter));
        }
        names
    }

    /// The features of postman-runtime the module needs, sorted (each signing scheme is
    /// behind one).
    pub fn runtime_features(&self) -> Vec<&'static str> {
        let mut features: Vec<&'static str> = self
            .credentials
            .iter()
            .filter_map(Credential::runtime_feature)
            .collect();
        features.sort_unstable();
        features.dedup();
        features
    }
}

/// `api_key_{place}_{base}`, short enough that its setter (`with_` before it) keeps to the 64
/// characters every generated name keeps to, and not one of `taken` (two long key names cut to
/// the same text get a number).
fn api_key_field(place: &str, base: &str, taken: &[String]) -> String {
    let room = 64 - "with_api_key_".len() - place.len() - 1;
    let cut = |base: &str, len: usize| -> String {
        let mut cut = base.get(..len.min(base.len())).unwrap_or(base).to_owned();
        cut.truncate(cut.trim_end_matches('_').len());
        cut
    };
    let mut field = format!("api_key_{place}_{}", cut(base, room));
    let mut n = 2;
    while taken.contains(&field) {
        let suffix = format!("_{n}");
        field = format!(
            "api_key_{place}_{}{suffix}",
            cut(base, room.saturating_sub(suffix.len()))
        );
        n += 1;
    }
    field
}

/// A credential the client holds and attaches to requests.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Credential {
    /// `Authorization: Bearer <token>` (Postman `bearer` and `oauth2`).
    Bearer,
    /// HTTP basic auth.
    Basic,
    /// An API key in a header or the query string.
    ApiKey {
        /// Header or query parameter name.
        name: String,
        /// `true` for the query string, `false` for a header.
        in_query: bool,
    },
    /// OAuth 1.0a: the keys are the client's, the settings the collection's.
    OAuth1 {
        /// `HMAC-SHA1`, `HMAC-SHA256` or `PLAINTEXT`.
        signature_method: String,
        /// Where the parameters go: `header`, or `url-or-body` (a form body, else the query).
        placement: String,
        /// The `realm` of the header (empty for none).
        realm: String,
        /// `oauth_version` (empty for none).
        version: String,
    },
    /// HTTP Digest (the challenge is fetched and answered).
    Digest,
    /// AWS Signature Version 4.
    AwsV4 {
        /// The region, or a `{{variable}}` resolved at run time.
        region: String,
        /// The service, or a `{{variable}}` resolved at run time.
        service: String,
    },
    /// Hawk.
    Hawk {
        /// `sha256` or `sha1`.
        algorithm: String,
        /// `ext` (empty for none).
        ext: String,
        /// `app` (empty for none).
        app: String,
        /// `dlg` (empty for none).
        dlg: String,
        /// The body's hash is signed.
        payload_hash: bool,
    },
    /// Akamai EdgeGrid.
    EdgeGrid {
        /// The headers signed, comma-separated (usually none).
        headers_to_sign: String,
    },
}

impl Credential {
    /// The feature of postman-runtime that computes this credential, if it needs one.
    pub fn runtime_feature(&self) -> Option<&'static str> {
        match self {
            Credential::Bearer | Credential::Basic | Credential::ApiKey { .. } => None,
            Credential::OAuth1 { .. } => Some("oauth1"),
            Credential::Digest => Some("digest"),
            Credential::AwsV4 { .. } => Some("aws-sigv4"),
            Credential::Hawk { .. } => Some("hawk"),
            Credential::EdgeGrid { .. } => Some("edgegrid"),
        }
    }
}

/// A collection variable the client resolves at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientVariable {
    /// The variable's name in the collection.
    pub name: String,
    /// Its value in the collection, unless it looks secret.
    pub default: Option<String>,
    /// It stands for a host the collection writes without a scheme (`httpbin.org`), named
    /// after it; its default is `http://` and the host.
    pub host: bool,
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
    /// Arguments: path, query and header parameters, in that order.
    pub args: Vec<Arg>,
    /// The struct holding the optional arguments, when there are any.
    pub options: Option<String>,
    /// Headers with fixed, non-secret values, sent on every call.
    pub fixed_headers: Vec<(String, String)>,
    /// The request body, if any.
    pub body: Option<BodyDef>,
    /// How the request is authenticated.
    pub auth: OpAuth,
    /// What a 2xx response gives.
    pub success: Success,
    /// Name of the operation's error enum.
    pub error_type: String,
    /// Error variants for documented non-2xx statuses, by status.
    pub errors: Vec<ErrorVariant>,
    /// When the request documents no error status: the shared error type (one of
    /// [`Module::shared_errors`]) that `error_type` is an alias of.
    pub shared_error: Option<String>,
    /// How its list is paged, when the collection shows it: the operation also gets a
    /// `<name>_stream` method.
    pub paging: Option<PagingDef>,
}

/// A paged request: its `_stream` method streams the items of every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingDef {
    /// The stream method's name (`list_users_stream`).
    pub stream: String,
    /// The private method both the request method and the stream method build the request
    /// with (`list_users_call`).
    pub builder: String,
    /// Where the next page's cursor comes from and goes.
    pub style: PagingStyle,
    /// The response field holding the list (wire name); `None`: the body is the list.
    pub items: Option<String>,
    /// The type of one item.
    pub item: TypeRef,
}

/// How a request is paged (see `postman_runtime::Paging`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingStyle {
    /// The response's `field` is sent as query parameter `query` (Zoom's `next_page_token`).
    Token {
        /// The query parameter (wire name).
        query: String,
        /// The response field (wire name).
        field: String,
    },
    /// Page numbers sent as `query`; the response's fields say which page it is, how many
    /// pages or items there are.
    Page {
        /// The query parameter (wire name).
        query: String,
        /// The page-size query parameter (wire name), for docs.
        size: String,
        /// The response field with the current page's number.
        current: Option<String>,
        /// The response field with the number of pages.
        count: Option<String>,
        /// The response field with the number of items in all.
        total: Option<String>,
    },
    /// The last item's ID is sent as `query` while the response's `has_more` is true.
    After {
        /// The query parameter (wire name).
        query: String,
        /// The boolean response field.
        has_more: String,
        /// The item's ID field (Rust name).
        id: String,
    },
    /// The `Link` header's `rel="next"` URL.
    Link,
}

impl PagingDef {
    /// A short description for people: `next_page_token -> users`.
    pub fn summary(&self) -> String {
        let items = self.items.as_deref().unwrap_or("body");
        match &self.style {
            PagingStyle::Token { query, field } if query == field => {
                format!("token {query} -> {items}")
            }
            PagingStyle::Token { query, field } => format!("token {field} as {query} -> {items}"),
            PagingStyle::Page { query, .. } => format!("page {query} -> {items}"),
            PagingStyle::After {
                query, has_more, ..
            } => {
                format!("after {query} while {has_more} -> {items}")
            }
            PagingStyle::Link => format!("Link rel=next -> {items}"),
        }
    }
}

impl Operation {
    /// Frees the room its lists have to spare: the IR is held until the module is written.
    pub fn shrink_to_fit(&mut self) {
        self.path.shrink_to_fit();
        self.args.shrink_to_fit();
        self.fixed_headers.shrink_to_fit();
        self.errors.shrink_to_fit();
    }
}

/// How one request authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpAuth {
    /// No credentials (`noauth`, or no auth anywhere above the request).
    None,
    /// The client's credential with this index in `ClientDef::credentials`.
    Credential(usize),
    /// An auth kind the client cannot produce: the user's signing hook signs the request.
    Signer(String),
}

/// Where an operation's URL starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpBase {
    /// The client's (overridable) base URL.
    Client,
    /// A fixed origin written in the request.
    Fixed(String),
    /// An origin with variables the client resolves when sending.
    Template(Vec<BasePiece>),
}

/// Part of a templated origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BasePiece {
    /// Literal text.
    Literal(String),
    /// The client variable with this name.
    Variable(String),
}

/// A piece of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, written as is (already valid in a URL path).
    Literal(String),
    /// The argument with this index in `args`, percent-encoded as one segment.
    Arg(usize),
}

/// Where an argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
}

/// An argument's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgType {
    /// Text.
    Text,
    /// Several values of a repeated query key.
    List,
    /// One of the documented values: the named enum.
    Enum(String),
    /// A query key sent bare, without a value (`?flag`): a `bool` option when optional; a
    /// required one is always sent and takes no argument.
    Flag,
}

/// A method argument (or a field of the operation's options struct).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// Rust name (snake case).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Documentation.
    pub doc: String,
    /// Where it goes.
    pub location: Location,
    /// Required arguments are method parameters; others are fields of the options struct.
    pub required: bool,
    /// Its type.
    pub ty: ArgType,
    /// A credential (by its name, or a header value with an auth scheme): sent so that it
    /// never follows a redirect to another origin.
    pub secret: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyDef {
    /// `multipart/form-data` built from the named struct.
    Multipart(String),
    /// `application/x-www-form-urlencoded` from the named struct.
    UrlEncoded(String),
    /// JSON of this type.
    Json {
        /// The body's type.
        ty: TypeRef,
        /// A JSON media type other than `application/json` the collection sets.
        content_type: Option<String>,
    },
    /// Text sent as is with this content type.
    Text(String),
    /// Bytes sent as is with this content type.
    Binary(String),
    /// A GraphQL query (fixed) with variables of this type.
    GraphQl {
        /// The query document.
        query: String,
        /// The variables' type.
        variables: TypeRef,
    },
}

/// What a successful response gives the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    /// Nothing: the collection documents a success without a body (204, or empty examples).
    Unit,
    /// The whole response (status, headers, body): the collection documents no success.
    Response,
    /// The body as text: the examples are not JSON.
    Text,
    /// The body as bytes: the examples are binary.
    Bytes,
    /// The body decoded from JSON.
    Json(TypeRef),
    /// The body decoded from JSON into the named [`StatusEnumDef`]'s variant for the status.
    ByStatus(String),
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
    /// The body's type, when the status's saved responses have JSON bodies: the variant holds a
    /// `postman_runtime::ErrorResponse` of it, else the bare `ApiResponse`.
    pub body: Option<TypeRef>,
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
    /// The success type of a request whose 2xx statuses have bodies of different types.
    Statuses(StatusEnumDef),
}

/// An enum over a request's successful responses, one variant per 2xx status with a body.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEnumDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// One per status, lowest first; a status not listed decodes as the first.
    pub variants: Vec<StatusVariant>,
}

/// One successful status of a [`StatusEnumDef`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// Variant name, such as `Created`.
    pub name: String,
    /// HTTP status.
    pub status: u16,
    /// The body's type.
    pub ty: TypeRef,
}

impl TypeDef {
    /// The type's Rust name.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Statuses(e) => &e.name,
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
    /// Sent as `application/x-www-form-urlencoded`.
    UrlEncoded,
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
    /// Strings (`Vec<String>`), one part each under the same name: a key the collection repeats.
    Texts,
    /// An enum's wire string.
    Enum,
    /// JSON text of the value.
    Json,
    /// Files (`Vec<FilePart>`), one part each.
    Files,
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
    /// For multipart structs: the part's content type, when the collection sets one.
    pub content_type: Option<String>,
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

/// Text made safe to sit between backticks in a generated doc comment: one line, no
/// backticks, no control or bidi characters, at most 200 characters. Names, keys and values
/// from a collection go through this before they are quoted in docs.
pub trait CodeSpan {
    /// The sanitized text (without the surrounding backticks).
    fn code(&self) -> Cow<'_, str>;
}

impl CodeSpan for str {
    fn code(&self) -> Cow<'_, str> {
        // Printable ASCII without backticks, spaces only single and inside, and short: the
        // text as it is.
        let plain = self.len() <= 200
            && self
                .bytes()
                .all(|b| (b' '..=b'~').contains(&b) && b != b'`')
            && !self.starts_with(' ')
            && !self.ends_with(' ')
            && !self.as_bytes().windows(2).any(|pair| pair == b"  ");
        if plain {
            return Cow::Borrowed(self);
        }
        let mut out = String::with_capacity(self.len().min(200));
        let mut count = 0;
        let mut space = false;
        for c in self.chars() {
            if count >= 200 {
                out.push('…');
                break;
            }
            let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
            if bidi {
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                count += 1;
                space = false;
            }
            out.push(if c == '`' { '\'' } else { c });
            count += 1;
        }
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod code_span_tests {
    use super::CodeSpan;

    #[test]
    fn code_spans_are_one_safe_line() {
        assert_eq!("a`b".code(), "a'b");
        assert_eq!("a b".code(), "a b");
        assert_eq!(" a  b ".code(), "a b");
        assert_eq!("x".repeat(201).code().chars().count(), 201);
        assert_eq!("x".repeat(200).code(), "x".repeat(200));
        assert_eq!(" x\r\n```rust\n    y\u{202E}\0 ".code(), "x '''rust y");
        assert_eq!("é".repeat(300).code().chars().count(), 201);
        assert_eq!("".code(), "");
    }
}

#[cfg(test)]
mod credential_name_tests {
    use super::*;

    #[test]
    fn long_api_key_names_keep_to_64_characters_and_stay_apart() {
        let long = "x-very-long-api-key-header-name-that-goes-on-and-on-and-on-".repeat(2);
        let client = ClientDef {
            default_base_url: None,
            base_url_source: String::new(),
            base_url_variable: None,
            credentials: vec![
                Credential::ApiKey {
                    name: format!("{long}a"),
                    in_query: false,
                },
                Credential::ApiKey {
                    name: format!("{long}b"),
                    in_query: false,
                },
                Credential::ApiKey {
                    name: "token".to_owned(),
                    in_query: true,
                },
            ],
            primary: None,
            variables: Vec::new(),
            signer: false,
        };
        let names = client.credential_names();
        for (field, setter) in &names {
            assert!(setter.len() <= 64, "{setter}");
            assert_eq!(setter, &format!("with_{field}"));
            assert!(!field.ends_with('_'), "{field}");
        }
        assert_ne!(names[0], names[1]);
        assert!(names[1].0.ends_with("_2"), "{names:?}");
        assert_eq!(names[2].0, "api_key_query_token");
    }
}
