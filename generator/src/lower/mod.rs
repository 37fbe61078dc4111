//! Lowering: the Postman model becomes the IR. Names are chosen here, once, and types inferred.
//!
//! The helpers only lowering uses are its submodules: `doc` (descriptions as rustdoc-safe
//! markdown), `infer` (types from example JSON), `markers` (what descriptions say in prose) and
//! `template` (URL templates).

mod auth;
mod body;
mod doc;
mod infer;
mod markers;
mod paging;
mod params;
mod responses;
mod template;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::Diagnostic;
use crate::ir::{
    Arg, ArgType, BasePiece, ClientDef, ClientVariable, CodeSpan, Credential, EnumDef, Group,
    Location, Module, OpAuth, OpBase, Operation, PathPart, SharedError, TypeDef, VariantDef,
    CLIENT_METHODS, MODULE_NAMES, MODULE_TYPES,
};
use crate::model::{Auth, Collection, Folder, Item, RequestItem, Variable};
use crate::names::{self, Case, UniqueNames};

use doc::{to_rustdoc, to_rustdoc_inline};
use markers::parse_markers;
use params::Params;
use template::{Base, Piece, Segment, UrlTemplate};

/// Renames the root's methods (requests and folder accessors) that took the name of a
/// credential's field or setter: those of a client with several API keys
/// (`with_api_key_header_x_token`) are known only once every request is lowered.
fn avoid_credential_names(root: &mut Group, client: &ClientDef) {
    let taken: Vec<String> = client
        .credential_names()
        .into_iter()
        .flat_map(|(field, setter)| [field, setter])
        .collect();
    let mut names = UniqueNames::new();
    for name in CLIENT_METHODS
        .iter()
        .copied()
        .chain(taken.iter().map(String::as_str))
    {
        names.reserve(name);
    }
    for op in &root.operations {
        names.reserve(&op.name);
        if let Some(paging) = &op.paging {
            names.reserve(&paging.stream);
            names.reserve(&paging.builder);
        }
    }
    for group in &root.groups {
        names.reserve(&group.module);
    }
    for op in &mut root.operations {
        if taken.contains(&op.name) {
            op.name = names.unique(&op.name, Case::Snake);
        }
        if let Some(paging) = &mut op.paging {
            for name in [&mut paging.stream, &mut paging.builder] {
                if taken.contains(name) {
                    *name = names.unique(name, Case::Snake);
                }
            }
        }
    }
    for group in &mut root.groups {
        if taken.contains(&group.module) {
            group.module = names.unique(&group.module, Case::Snake);
        }
    }
}

/// `title API`, unless the title already ends with the word (`AssemblyAI API`, `Zoom Api`).
pub(crate) fn api_title(title: &str) -> String {
    let trimmed = title.trim_end();
    let last = trimmed.rsplit(' ').next().unwrap_or_default();
    if last.eq_ignore_ascii_case("api") {
        trimmed.to_owned()
    } else {
        format!("{trimmed} API")
    }
}

/// The request's URL as the Rust method sends it: the base (nothing for the client's base
/// URL, `{variable}` for a client variable) and the path, with `{argument}` for each path
/// argument, named as the method's parameter is.
fn request_line(base: &OpBase, path: &[PathPart], args: &[Arg]) -> String {
    let mut line = match base {
        OpBase::Client => String::new(),
        OpBase::Fixed(origin) => origin.trim_end_matches('/').to_owned(),
        OpBase::Template(pieces) => pieces
            .iter()
            .map(|piece| match piece {
                BasePiece::Literal(text) => text.clone(),
                BasePiece::Variable(name) => format!("{{{name}}}"),
            })
            .collect(),
    };
    for part in path {
        match part {
            PathPart::Literal(text) => line.push_str(text),
            PathPart::Arg(index) => {
                let name = args.get(*index).map_or("argument", |a| a.name.as_str());
                line.push('{');
                line.push_str(name);
                line.push('}');
            }
        }
    }
    if line.is_empty() {
        line.push('/');
    }
    line
}

/// What a group's requests inherit from the folders above them.
struct GroupContext<'a> {
    auth: Option<&'a Auth>,
    /// Variables in scope, innermost first.
    variables: Vec<&'a Variable>,
    /// Method names the group's handle defines itself.
    reserved: &'a [&'a str],
    /// The name of the module the group's items live in: a sub-folder must not take it
    /// (clippy::module_inception).
    module: String,
    /// How many folders enclose the group.
    depth: usize,
}

/// Folders nested deeper than this are merged into their ancestor at this depth: real
/// collections never nest so deep, and deeper modules only strain the compilers.
const MAX_GROUP_DEPTH: usize = 12;

/// A request with the context it inherits from its folders.
struct Flat<'a> {
    item: &'a RequestItem,
    auth: Option<&'a Auth>,
    /// Variables in scope, innermost first.
    variables: Vec<&'a Variable>,
}

/// Lowers a parsed collection. `source` is the file name stamped into the output.
pub fn lower(mut collection: Collection, source: &str) -> (Module, Vec<Diagnostic>) {
    let mut lowering = Lowering {
        diagnostics: collection.diagnostics.clone(),
        type_names: UniqueNames::new(),
        types: Vec::new(),
        dedupe: BTreeMap::new(),
        file_part: false,
        docs: DocCache::default(),
        inline_docs: DocCache::default(),
        templates: HashMap::new(),
        shared_errors: Vec::new(),
    };
    if !collection.scripts.is_empty() {
        lowering.diag(
            "script-ignored",
            "$.event",
            None,
            format!(
                "collection-level {} script(s) are not run by the generated client; do their work in your own code",
                collection.scripts.join("/")
            ),
        );
    }
    let mut flat = Vec::new();
    let scope: Vec<&Variable> = collection
        .variables
        .iter()
        .filter(|v| !v.disabled)
        .collect();
    flatten(
        &collection.items,
        collection.auth.as_ref(),
        &scope,
        &mut flat,
    );
    // The requests' descriptions are most of a large collection's conversion work and do not
    // depend on one another: converted ahead, on the module's threads.
    let descriptions: Vec<&str> = flat
        .iter()
        .filter_map(|f| f.item.request.description.as_deref())
        .collect();
    lowering
        .docs
        .convert_ahead(&descriptions, crate::workers::count(flat.len()), to_rustdoc);

    let templates: Vec<UrlTemplate> = flat
        .iter()
        .map(|f| {
            let mut template = UrlTemplate::from_url(&f.item.request.url);
            template.resolve_nested(&|name| variable_value(&f.variables, name));
            template
        })
        .collect();
    let mut client = lowering.client(&collection, &templates);
    // Each request's template is parsed once: the walk below takes it from here.
    lowering.templates = flat
        .iter()
        .map(|f| f.item as *const RequestItem)
        .zip(templates)
        .collect();

    let mut credentials: Vec<Credential> = Vec::new();
    // The collection's own credential comes first so `Client::new` takes it.
    if let Some(auth) = &collection.auth {
        if let Ok(Some(credential)) = auth::credential_of(auth) {
            credentials.push(credential);
        }
    }
    // The walk takes the items: each request's part of the model is freed once it is lowered,
    // so the model and the IR are not both held whole.
    let items = std::mem::take(&mut collection.items);
    let mut root = lowering.group(
        items,
        &GroupContext {
            auth: collection.auth.as_ref(),
            variables: scope,
            reserved: CLIENT_METHODS,
            // The build-script face names the module after the file.
            module: names::module_name(std::path::Path::new(source)),
            depth: 0,
        },
        &mut client,
        &mut credentials,
    );
    root.handle = "Client".to_owned();
    root.wire_name = collection.name.clone().unwrap_or_default();
    // Keep only credentials some request uses (the collection's may be overridden everywhere),
    // so the client has no field nobody reads.
    let used: Vec<usize> = (0..credentials.len())
        .filter(|i| {
            root.all_operations()
                .iter()
                .any(|op| op.auth == OpAuth::Credential(*i))
        })
        .collect();
    let collection_credential_used = used.first() == Some(&0);
    let collection_has_credential = collection
        .auth
        .as_ref()
        .is_some_and(|a| matches!(auth::credential_of(a), Ok(Some(_))));
    credentials = used
        .iter()
        .filter_map(|&i| credentials.get(i).cloned())
        .collect();
    root.for_each_operation_mut(&mut |op| {
        if let OpAuth::Credential(i) = op.auth {
            op.auth = OpAuth::Credential(used.iter().position(|&u| u == i).unwrap_or(0));
        }
    });
    // `Client::new` takes the collection's own credential, and only that: credentials that
    // some folders or requests use have setters of their own.
    client.primary = (collection_has_credential && collection_credential_used).then_some(0);
    client.credentials = credentials;
    avoid_credential_names(&mut root, &client);
    client.signer = root
        .all_operations()
        .iter()
        .any(|op| matches!(op.auth, OpAuth::Signer(_)));

    let title = collection
        .name
        .clone()
        .unwrap_or_else(|| "Unnamed collection".to_owned());
    let mut doc = format!("Client for the {}.", api_title(&to_rustdoc_inline(&title)));
    if let Some(description) = &collection.description {
        doc.push_str("\n\n");
        doc.push_str(&to_rustdoc(description));
    }
    doc.push_str(&format!(
        "\n\nGenerated by postman-codegen from `{}`.",
        source.code()
    ));
    let module = Module {
        title,
        doc,
        source: source.to_owned(),
        client,
        file_part: lowering.file_part,
        root,
        shared_errors: lowering.shared_errors,
    };
    (module, lowering.diagnostics)
}

fn flatten<'a>(
    items: &'a [Item],
    auth: Option<&'a Auth>,
    variables: &[&'a Variable],
    out: &mut Vec<Flat<'a>>,
) {
    for item in items {
        match item {
            Item::Folder(folder) => {
                let mut scope: Vec<&Variable> =
                    folder.variables.iter().filter(|v| !v.disabled).collect();
                scope.extend(variables.iter().copied());
                flatten(&folder.items, folder.auth.as_ref().or(auth), &scope, out);
            }
            Item::Request(request) => out.push(Flat {
                item: request,
                auth: request.request.auth.as_ref().or(auth),
                variables: variables.to_vec(),
            }),
        }
    }
}

/// State shared by the lowering of every operation.
pub(crate) struct Lowering {
    diagnostics: Vec<Diagnostic>,
    type_names: UniqueNames,
    types: Vec<TypeDef>,
    /// Inferred structs by shape, so identical ones are defined once.
    dedupe: BTreeMap<String, String>,
    file_part: bool,
    /// [`to_rustdoc`] of each description converted so far: collections repeat the same
    /// descriptions (a shared query parameter, a status) across many requests.
    docs: DocCache,
    /// [`to_rustdoc_inline`] of each text converted so far.
    inline_docs: DocCache,
    /// The URL template of each request, by the request's address (only looked up).
    templates: HashMap<*const RequestItem, UrlTemplate>,
    /// The error types shared by the requests that document no error status, in order of
    /// first use.
    shared_errors: Vec<SharedError>,
}

/// Converted texts by their source text; only ever looked up, never iterated, so its order
/// cannot reach the output.
#[derive(Default)]
struct DocCache {
    converted: HashMap<String, String>,
}

impl DocCache {
    /// Converts `texts` ahead of their use, on `workers` threads: each distinct text that is
    /// not plain, spread over the threads in turn. What [`DocCache::get_or_convert`] would
    /// have converted one at a time, the same conversion (a pure function), so the output
    /// does not change; a thread that fails leaves its texts to be converted on first use.
    fn convert_ahead(&mut self, texts: &[&str], workers: usize, convert: fn(&str) -> String) {
        if workers < 2 {
            return;
        }
        let mut seen = HashSet::new();
        let pending: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|text| doc::plain(text).is_none() && seen.insert(*text))
            .filter(|text| !self.converted.contains_key(*text))
            .collect();
        let workers = workers.min(pending.len());
        if workers < 2 {
            return;
        }
        let share = |worker: usize| -> Vec<(String, String)> {
            pending
                .iter()
                .skip(worker)
                .step_by(workers)
                .map(|text| ((*text).to_owned(), convert(text)))
                .collect()
        };
        let converted: Vec<Vec<(String, String)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (1..workers)
                .map(|worker| scope.spawn(move || share(worker)))
                .collect();
            let mut all = vec![share(0)];
            all.extend(handles.into_iter().filter_map(|h| h.join().ok()));
            all
        });
        for (text, doc) in converted.into_iter().flatten() {
            self.converted.insert(text, doc);
        }
    }

    fn get_or_convert(&mut self, text: &str, convert: fn(&str) -> String) -> String {
        // Plain text converts to itself, trimmed: cheaper than hashing it.
        if let Some(plain) = doc::plain(text) {
            return plain.to_owned();
        }
        if let Some(doc) = self.converted.get(text) {
            return doc.clone();
        }
        let doc = convert(text);
        self.converted.insert(text.to_owned(), doc.clone());
        doc
    }
}

/// A variable whose value must not become a default in generated code.
pub fn is_secret(variable: &Variable) -> bool {
    variable.kind.as_deref() == Some("secret") || params::is_secret_name(&variable.key)
}

/// The value of the variable `name` in scope (innermost first), unless it is secret or empty.
fn variable_value(variables: &[&Variable], name: &str) -> Option<String> {
    variables
        .iter()
        .find(|v| v.key == name)
        .filter(|v| !is_secret(v))
        .and_then(|v| v.value.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Percent-encodes what may not appear literally in a URL path segment.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Removes `user:password@` from a URL; says whether there was any.
fn strip_userinfo(url: &str) -> (String, bool) {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), url),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((_, host)) => (format!("{scheme}{host}{tail}"), true),
        None => (url.to_owned(), false),
    }
}

/// A literal origin such as `https://api.example.com`: scheme, host and port only.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]_/".contains(&b))
}

impl Lowering {
    /// Lowers one folder (or the collection's top level) into a group with its own type
    /// namespace; sub-folders become sub-groups.
    fn group(
        &mut self,
        items: Vec<Item>,
        context: &GroupContext<'_>,
        client: &mut ClientDef,
        credentials: &mut Vec<Credential>,
    ) -> Group {
        let outer_names = std::mem::take(&mut self.type_names);
        let outer_types = std::mem::take(&mut self.types);
        let outer_dedupe = std::mem::take(&mut self.dedupe);
        for name in MODULE_TYPES {
            self.type_names.reserve(name);
        }
        let mut method_names = UniqueNames::new();
        for name in context.reserved.iter().chain(MODULE_NAMES) {
            method_names.reserve(name);
        }
        method_names.reserve(&context.module);
        let mut operations = Vec::with_capacity(items.len());
        let mut groups = Vec::new();
        let mut pending = items;
        pending.reverse();
        while let Some(item) = pending.pop() {
            match item {
                Item::Folder(folder) if context.depth >= MAX_GROUP_DEPTH => {
                    self.diag(
                        "folder-flattened",
                        &folder.path,
                        folder.name.as_deref(),
                        format!("folders nest deeper than {MAX_GROUP_DEPTH} levels; this one's requests join its ancestor's"),
                    );
                    pending.extend(folder.items.into_iter().rev());
                }
                Item::Folder(folder) => {
                    let Folder {
                        name,
                        description,
                        items,
                        auth,
                        variables,
                        path: _,
                    } = folder;
                    let wire_name = name.unwrap_or_default();
                    let module = method_names.unique(
                        &names::sanitize_or(&wire_name, Case::Snake, "folder"),
                        Case::Snake,
                    );
                    let mut scope: Vec<&Variable> =
                        variables.iter().filter(|v| !v.disabled).collect();
                    scope.extend(context.variables.iter().copied());
                    let inner = GroupContext {
                        auth: auth.as_ref().or(context.auth),
                        variables: scope,
                        reserved: &[],
                        module: module.clone(),
                        depth: context.depth + 1,
                    };
                    let mut group = self.group(items, &inner, client, credentials);
                    // A folder without requests (at any depth) has nothing to generate.
                    if group.operations.is_empty() && group.groups.is_empty() {
                        continue;
                    }
                    let mut doc = if wire_name.trim().is_empty() {
                        "Requests of a folder that has no name in the collection.".to_owned()
                    } else {
                        format!(
                            "Requests of the `{}` folder.",
                            self.rustdoc_inline(&wire_name).code()
                        )
                    };
                    if let Some(description) = &description {
                        let text = self.rustdoc(description);
                        if !text.is_empty() {
                            doc.push_str("\n\n");
                            doc.push_str(&text);
                        }
                    }
                    group.handle = names::join(
                        &names::sanitize_or(&module, Case::UpperCamel, "Folder"),
                        "Api",
                    );
                    group.module = module;
                    group.wire_name = wire_name;
                    group.doc = doc;
                    groups.push(group);
                }
                Item::Request(request) => {
                    let flat = Flat {
                        item: &request,
                        auth: request.request.auth.as_ref().or(context.auth),
                        variables: context.variables.clone(),
                    };
                    let key: *const RequestItem = request.as_ref();
                    let template = self
                        .templates
                        .remove(&key)
                        .unwrap_or_else(|| UrlTemplate::from_url(&request.request.url));
                    let mut operation =
                        self.operation(&flat, &template, client, credentials, &mut method_names);
                    operation.shrink_to_fit();
                    operations.push(operation);
                    // `request` is dropped here: its part of the model is freed.
                }
            }
        }
        let mut types = std::mem::replace(&mut self.types, outer_types);
        self.type_names = outer_names;
        self.dedupe = outer_dedupe;
        // The IR is held until the module is written: no room to spare.
        operations.shrink_to_fit();
        groups.shrink_to_fit();
        types.shrink_to_fit();
        Group {
            module: String::new(),
            wire_name: String::new(),
            handle: String::new(),
            doc: String::new(),
            operations,
            types,
            groups,
        }
    }

    /// [`to_rustdoc`], converting each distinct text once.
    pub(crate) fn rustdoc(&mut self, text: &str) -> String {
        self.docs.get_or_convert(text, to_rustdoc)
    }

    /// [`to_rustdoc_inline`], converting each distinct text once.
    pub(crate) fn rustdoc_inline(&mut self, text: &str) -> String {
        self.inline_docs.get_or_convert(text, to_rustdoc_inline)
    }

    /// The type namer over this group's namespace.
    fn namer(&mut self) -> infer::Namer<'_> {
        infer::Namer {
            names: &mut self.type_names,
            types: &mut self.types,
            dedupe: &mut self.dedupe,
        }
    }

    fn diag(&mut self, kind: &'static str, path: &str, request: Option<&str>, message: String) {
        self.diagnostics.push(Diagnostic {
            kind,
            path: path.to_owned(),
            request: request.map(str::to_owned),
            message,
        });
    }

    fn client(&mut self, collection: &Collection, templates: &[UrlTemplate]) -> ClientDef {
        // The base most requests use becomes the client's; ties go to the first seen.
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for (i, template) in templates.iter().enumerate() {
            if let Base::Variable(name) = &template.base {
                counts.entry(name.clone()).or_insert((0, i)).0 += 1;
            }
        }
        let base_var = counts
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(name, _)| name.clone());
        let (default_base_url, base_url_source) = match &base_var {
            Some(name) => {
                let variable = collection
                    .variables
                    .iter()
                    .find(|v| &v.key == name && !v.disabled);
                match variable {
                    Some(v) if is_secret(v) => {
                        self.diag(
                            "secret-default-omitted",
                            "$.variable",
                            None,
                            format!("the base URL variable `{name}` looks secret, so its value is not used as a default; pass the base URL to `Client::new`"),
                        );
                        (
                            None,
                            format!("the collection variable `{}`", name.code()),
                        )
                    }
                    Some(v) => (
                        v.value
                            .as_deref()
                            .map(str::trim)
                            .filter(|s| !s.is_empty() && !s.contains("{{"))
                            .map(|url| {
                                let (url, dropped) = strip_userinfo(url);
                                if dropped {
                                    self.diag(
                                        "url-credentials-dropped",
                                        "$.variable",
                                        None,
                                        format!("the value of `{}` holds `user:password@`; they are left out of the default base URL", name.code()),
                                    );
                                }
                                url
                            }),
                        format!("the collection variable `{}`", name.code()),
                    ),
                    None => (None, format!("the variable `{}`", name.code())),
                }
            }
            None => {
                let mut literal: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
                for (i, t) in templates.iter().enumerate() {
                    if let Base::Text(pieces) = &t.base {
                        if let [Piece::Literal(text)] = pieces.as_slice() {
                            if is_origin(text) {
                                literal.entry(text.as_str()).or_insert((0, i)).0 += 1;
                            }
                        }
                    }
                }
                let most = literal
                    .iter()
                    .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                    .map(|(text, _)| (*text).to_owned());
                (most, "the URL most requests use".to_owned())
            }
        };
        ClientDef {
            default_base_url,
            base_url_source,
            base_url_variable: base_var,
            credentials: Vec::new(),
            primary: None,
            variables: Vec::new(),
            signer: false,
        }
    }

    /// Defines the enum for a `(This can only be one of ...)` field and returns its name.
    fn enum_type(
        &mut self,
        type_base: &str,
        key: &str,
        values: &[String],
        value_docs: &[(String, String)],
    ) -> String {
        let camel = names::sanitize_or(key, Case::UpperCamel, "Value");
        let name = self
            .type_names
            .unique(&names::join(type_base, &camel), Case::UpperCamel);
        let mut variant_names = UniqueNames::new();
        let variants = values
            .iter()
            .map(|wire| VariantDef {
                name: variant_names.unique(
                    &names::sanitize_variant(wire).unwrap_or_else(|| "Value".to_owned()),
                    Case::UpperCamel,
                ),
                wire: wire.clone(),
                doc: value_docs
                    .iter()
                    .find(|(v, _)| v == wire)
                    .map(|(_, d)| self.rustdoc(d))
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| format!("The value `{}`.", wire.code())),
            })
            .collect();
        self.types.push(TypeDef::Enum(EnumDef {
            name: name.clone(),
            doc: format!("Values of `{}`.", key.code()),
            variants,
        }));
        name
    }

    fn base(&mut self, template: &UrlTemplate, flat: &Flat<'_>, client: &mut ClientDef) -> OpBase {
        let client_var = client.base_url_variable.clone();
        let pieces = match &template.base {
            Base::Missing => return OpBase::Client,
            Base::Variable(name) if Some(name) == client_var.as_ref() => return OpBase::Client,
            Base::Variable(name) => vec![Piece::Variable(name.clone())],
            Base::Text(pieces) => pieces.clone(),
        };
        if let [Piece::Literal(text)] = pieces.as_slice() {
            if Some(text) == client.default_base_url.as_ref() {
                return OpBase::Client;
            }
            // A host written without a scheme is sent over `http`, as Postman does. It
            // becomes a client variable named after the host as written (`httpbin.org`), with
            // `http://httpbin.org` as its default: `Client::with_variable` points it elsewhere.
            if template.scheme_defaulted {
                let name = text.strip_prefix("http://").unwrap_or(text).to_owned();
                if !client.variables.iter().any(|v| v.name == name) {
                    client.variables.push(ClientVariable {
                        name: name.clone(),
                        default: Some(text.clone()),
                        host: true,
                    });
                }
                return OpBase::Template(vec![BasePiece::Variable(name)]);
            }
            return OpBase::Fixed(text.clone());
        }
        let mut out = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Literal(text) => out.push(BasePiece::Literal(text)),
                Piece::Variable(name) => {
                    if !client.variables.iter().any(|v| v.name == name) {
                        let default = flat
                            .variables
                            .iter()
                            .find(|v| v.key == name)
                            .filter(|v| !is_secret(v))
                            .and_then(|v| v.value.as_deref())
                            .filter(|v| !v.trim().is_empty() && !v.contains("{{"))
                            .map(|v| strip_userinfo(v).0);
                        client.variables.push(ClientVariable {
                            name: name.clone(),
                            default,
                            host: false,
                        });
                    }
                    out.push(BasePiece::Variable(name));
                }
            }
        }
        OpBase::Template(out)
    }

    fn operation(
        &mut self,
        flat: &Flat<'_>,
        template: &UrlTemplate,
        client: &mut ClientDef,
        credentials: &mut Vec<Credential>,
        method_names: &mut UniqueNames,
    ) -> Operation {
        let item = flat.item;
        let request = &item.request;
        let wire_name = item.name.clone().unwrap_or_default();
        let label = Some(wire_name.as_str()).filter(|n| !n.is_empty());
        let base_name = names::sanitize(&wire_name, Case::Snake).unwrap_or_else(|| {
            names::sanitize(
                &format!("{} {}", request.method, template.display()),
                Case::Snake,
            )
            .unwrap_or_else(|| "request".to_owned())
        });
        let name = method_names.unique(&base_name, Case::Snake);
        // From the method name, so a request named `200 ok` gives `V200Ok...` types.
        let type_base = names::sanitize_or(&name, Case::UpperCamel, "Request");

        self.check_request(item, template, label);

        let auth = self.op_auth(
            flat.auth,
            credentials,
            &format!("{}.request.auth", item.path),
            label,
        );
        let method = self.method(item, label);
        let mut arg_names = UniqueNames::new();
        arg_names.reserve("body");
        arg_names.reserve("options");
        let (path, mut args) = self.path_args(request, template, &mut arg_names);
        let base = self.base(template, flat, client);

        let mut params = Params::default();
        self.query_args(
            &request.url.query,
            credentials,
            &type_base,
            &mut arg_names,
            &mut params,
        );
        self.header_args(
            &request.headers,
            credentials,
            &type_base,
            &mut arg_names,
            &mut params,
            &item.path,
            label,
        );
        args.extend(params.args);
        let options = if args.iter().any(|a| !a.required) {
            Some(
                self.type_names
                    .unique(&names::join(&type_base, "Options"), Case::UpperCamel),
            )
        } else {
            None
        };

        let body = self.body(item, &type_base, &wire_name, label);
        let success = self.success(item, &type_base, label);
        let paging = self.paging(item, &args, &success, &name, method_names, label);
        let (errors, documented) =
            self.errors(item, &type_base, !matches!(auth, OpAuth::None), label);
        let error_type = self
            .type_names
            .unique(&names::join(&type_base, "Error"), Case::UpperCamel);
        let shared_error = (!documented).then(|| self.shared_error(&errors));

        let url_display = request_line(&base, &path, &args);
        let doc = self.operation_doc(request, &wire_name, &method, &url_display);
        Operation {
            name,
            wire_name,
            doc,
            method,
            url_display,
            base,
            path,
            args,
            options,
            fixed_headers: params.fixed_headers,
            body,
            auth,
            success,
            error_type,
            errors,
            shared_error,
            paging,
        }
    }

    /// Diagnostics for what the request has that the client does not do or cannot use.
    fn check_request(&mut self, item: &RequestItem, template: &UrlTemplate, label: Option<&str>) {
        for script in &item.scripts {
            self.diag(
                "script-ignored",
                &format!("{}.event", item.path),
                label,
                format!("the {script} script is not run by the generated client"),
            );
        }

        let url = &item.request.url;
        if url.raw.is_none() && url.host.is_empty() && url.path.is_empty() {
            self.diag(
                "url-missing",
                &format!("{}.request.url", item.path),
                label,
                "the request has no URL; the method sends it to the base URL".to_owned(),
            );
        }
        if template.credentials_dropped {
            self.diag(
                "url-credentials-dropped",
                &format!("{}.request.url", item.path),
                label,
                "the URL holds `user:password@`, which is left out of the generated code: set credentials on the client".to_owned(),
            );
        }
        for name in &template.unresolved {
            self.diag(
                "url-variable-unresolved",
                &format!("{}.request.url", item.path),
                label,
                format!(
                    "the nested reference `{}` cannot be resolved (an inner variable has no non-secret value in the collection), so it stays one argument or variable, named as written",
                    format!("{{{{{name}}}}}").code()
                ),
            );
        }
    }

    /// The request's method, upper-cased; a diagnostic when it is not a valid HTTP method.
    fn method(&mut self, item: &RequestItem, label: Option<&str>) -> String {
        let method = item.request.method.to_ascii_uppercase();
        if !method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
        {
            self.diag(
                "method-invalid",
                &format!("{}.item.request.method", item.path),
                label,
                format!(
                    "`{}` is not a valid HTTP method; the method returns InvalidRequest",
                    method.code()
                ),
            );
        }
        method
    }

    /// The path after the base: literal text and one argument per `:param` or `{{variable}}`.
    fn path_args(
        &mut self,
        request: &crate::model::Request,
        template: &UrlTemplate,
        arg_names: &mut UniqueNames,
    ) -> (Vec<PathPart>, Vec<Arg>) {
        let mut args: Vec<Arg> = Vec::new();
        let mut path = Vec::new();
        fn push_literal(path: &mut Vec<PathPart>, text: &str) {
            if let Some(PathPart::Literal(last)) = path.last_mut() {
                last.push_str(text);
            } else {
                path.push(PathPart::Literal(text.to_owned()));
            }
        }
        for segment in &template.segments {
            push_literal(&mut path, "/");
            let mut path_arg = |wire: &str, doc: String, args: &mut Vec<Arg>| {
                let name =
                    arg_names.unique(&names::sanitize_or(wire, Case::Snake, "param"), Case::Snake);
                args.push(Arg {
                    name,
                    wire: wire.to_owned(),
                    doc,
                    location: Location::Path,
                    required: true,
                    ty: ArgType::Text,
                    secret: false,
                });
                PathPart::Arg(args.len() - 1)
            };
            match segment {
                Segment::Param(wire) => {
                    let description = request
                        .url
                        .variables
                        .iter()
                        .find(|v| &v.key == wire)
                        .and_then(|v| v.description.as_deref())
                        .unwrap_or_default();
                    let mut doc = self.rustdoc(&parse_markers(description).text);
                    if doc.is_empty() {
                        doc = format!("The `:{}` path parameter.", wire.code());
                    }
                    path.push(path_arg(wire, doc, &mut args));
                }
                Segment::Text(pieces) => {
                    for piece in pieces {
                        match piece {
                            Piece::Literal(text) => push_literal(&mut path, &encode_literal(text)),
                            Piece::Variable(var) => {
                                let doc = format!(
                                    "The `{{{{{}}}}}` variable of the URL path.",
                                    var.code()
                                );
                                path.push(path_arg(var, doc, &mut args));
                            }
                        }
                    }
                }
            }
        }
        (path, args)
    }

    /// The method's documentation: the request's description (or its name), then the request
    /// line in Rust terms.
    fn operation_doc(
        &mut self,
        request: &crate::model::Request,
        wire_name: &str,
        method: &str,
        url_display: &str,
    ) -> String {
        let mut doc = match &request.description {
            Some(description) => self.rustdoc(description),
            None => String::new(),
        };
        if doc.is_empty() {
            doc = if wire_name.is_empty() {
                "Sends this request (it has no name in the collection).".to_owned()
            } else {
                format!(
                    "Sends the `{}` request.",
                    self.rustdoc_inline(wire_name).code()
                )
            };
        }
        // A path alone follows the client's base URL, as the client's doc says.
        doc.push_str(&format!(
            "\n\n**Request:** `{}`",
            format!("{method} {url_display}").code()
        ));
        doc
    }
}

#[cfg(test)]
mod request_line_tests {
    use super::*;

    fn arg(name: &str) -> Arg {
        Arg {
            name: name.to_owned(),
            wire: name.to_owned(),
            doc: String::new(),
            location: Location::Path,
            required: true,
            ty: ArgType::Text,
            secret: false,
        }
    }

    #[test]
    fn the_request_line_names_rust_arguments_after_the_base() {
        let path = [
            PathPart::Literal("/users/".to_owned()),
            PathPart::Arg(0),
            PathPart::Literal("/token".to_owned()),
        ];
        let args = [arg("user_id")];
        assert_eq!(
            request_line(&OpBase::Client, &path, &args),
            "/users/{user_id}/token"
        );
        assert_eq!(
            request_line(&OpBase::Fixed("https://x.test/".to_owned()), &path, &args),
            "https://x.test/users/{user_id}/token"
        );
        let template = OpBase::Template(vec![
            BasePiece::Literal("https://".to_owned()),
            BasePiece::Variable("tenant".to_owned()),
            BasePiece::Literal(".x.test".to_owned()),
        ]);
        assert_eq!(
            request_line(&template, &[], &args),
            "https://{tenant}.x.test"
        );
        assert_eq!(request_line(&OpBase::Client, &[], &args), "/");
    }

    #[test]
    fn descriptions_converted_ahead_are_those_converted_on_first_use() {
        use super::{doc::to_rustdoc, DocCache};
        let texts = [
            "# Title\n\nSome *emphasis* and a [link](https://example.com).",
            "<p>HTML <b>bold</b></p><ul><li>one</li><li>two</li></ul>",
            "Plain prose needs no conversion",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "# Title\n\nSome *emphasis* and a [link](https://example.com).",
            "```json\n{\"a\": 1}\n```",
        ];
        for workers in [1, 2, 3, 8] {
            let mut ahead = DocCache::default();
            ahead.convert_ahead(&texts, workers, to_rustdoc);
            // Distinct texts that are not plain: all of them, once each, when threads ran.
            let expected = if workers > 1 { 4 } else { 0 };
            assert_eq!(ahead.converted.len(), expected, "{workers} workers");
            let mut lazy = DocCache::default();
            for text in texts {
                assert_eq!(
                    ahead.get_or_convert(text, to_rustdoc),
                    lazy.get_or_convert(text, to_rustdoc),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn api_is_not_said_twice() {
        assert_eq!(api_title("AssemblyAI API"), "AssemblyAI API");
        assert_eq!(api_title("Zoom api "), "Zoom api");
        assert_eq!(api_title("Zoom API (users)"), "Zoom API (users) API");
        assert_eq!(api_title("Rapid"), "Rapid API");
    }
}
