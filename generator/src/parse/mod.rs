//! Reads collection JSON into the [`model`](crate::model), leniently, and locates what it cannot read.
//!
//! The JSON is first parsed, by `serde_json`'s deserializer (so syntax errors carry
//! line:column), into the parser's own tree, [`json::Value`], which borrows the input's
//! strings that hold no escapes and keeps objects as lists of members. The tree is then walked
//! by hand, each item taken out of it as it is read: that is what lets every shape problem name
//! its JSON path and request, and what lets the walk accept the variants real exports produce
//! (strings or arrays for `host`/`path`/`header`, v2.0 object or v2.1 list auth,
//! `{content,type}` descriptions, ...).

mod json;
mod v1;

use json::{Map, Value};

use crate::error::{Diagnostic, Error, Problem, Result};
use crate::model::{
    Auth, Body, Collection, Folder, Item, Param, Request, RequestItem, Response, Url, Variable,
};

/// The JSON tree of a file, or where and why it is not JSON.
fn tree<'a>(file: &str, bytes: &'a [u8], what: &str) -> Result<Value<'a>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Json {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: format!("the file is empty; expected {what}"),
        });
    }
    if bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || (bytes.len() >= 2
            && bytes.iter().take(64).filter(|&&b| b == 0).count() * 3 >= bytes.len().min(64))
    {
        return Err(Error::Json {
            file: file.to_owned(),
            line: 1,
            column: 1,
            message: "expected UTF-8 JSON, found what looks like UTF-16 or binary data; save the file as UTF-8"
                .to_owned(),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(utf8_error(file, bytes, &e)),
    };
    // Parsed from the checked text, so serde_json does not check each string's UTF-8 again
    // (errors and positions are the same as from the bytes).
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends the position, which the error already shows as line:column.
        let message = match message.rsplit_once(" at line ") {
            Some((text, _)) => text.to_owned(),
            None => message,
        };
        Error::Json {
            file: file.to_owned(),
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// Parses collection bytes. `file` names the source in errors.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Collection> {
    let mut value = tree(file, bytes, "a Postman collection object")?;
    let mut reader = Reader {
        problems: Vec::new(),
        notes: Vec::new(),
        request: None,
    };
    // The reader takes each item out of the tree as it reads it, so the tree shrinks as the
    // model grows.
    let mut collection = reader.collection(&mut value, file)?;
    collection.diagnostics = std::mem::take(&mut reader.notes);
    if reader.problems.is_empty() {
        Ok(collection)
    } else {
        Err(Error::Shape {
            file: file.to_owned(),
            problems: reader.problems,
        })
    }
}

/// The variables of a Postman environment file (`*.postman_environment.json`: `{"name",
/// "values": [{"key", "value", "type", "enabled"}]}`), with located errors as for collections.
pub fn environment(file: &str, bytes: &[u8]) -> Result<Vec<Variable>> {
    let value = tree(file, bytes, "a Postman environment object")?;
    let mut reader = Reader {
        problems: Vec::new(),
        notes: Vec::new(),
        request: None,
    };
    let values = match &value {
        Value::Object(root) => match root.get("values") {
            Some(values) => reader.variables(Some(values), "$.values"),
            None => {
                reader.problem(
                    "$",
                    "expected a Postman environment: the object has no `values`".to_owned(),
                );
                Vec::new()
            }
        },
        other => {
            reader.expected("$", "a Postman environment object", other);
            Vec::new()
        }
    };
    if reader.problems.is_empty() {
        Ok(values)
    } else {
        Err(Error::Shape {
            file: file.to_owned(),
            problems: reader.problems,
        })
    }
}

/// `path` followed by `suffix`. Paths are built for every part of every request, so
/// without `format!`'s machinery.
fn join(path: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(path.len() + suffix.len());
    out.push_str(path);
    out.push_str(suffix);
    out
}

/// `path[i]`.
fn index(path: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default();
    let mut out = String::with_capacity(path.len() + digits.len() + 2);
    out.push_str(path);
    out.push('[');
    out.push_str(digits);
    out.push(']');
    out
}

/// The error for bytes that are not UTF-8: where the first invalid byte is.
fn utf8_error(file: &str, bytes: &[u8], e: &std::str::Utf8Error) -> Error {
    let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(valid.get(line_start..).unwrap_or_default())
        .chars()
        .count()
        + 1;
    Error::Json {
        file: file.to_owned(),
        line,
        column,
        message: format!(
            "expected UTF-8 JSON, found invalid UTF-8 at byte offset {}; save the collection as UTF-8",
            e.valid_up_to()
        ),
    }
}

struct Reader {
    problems: Vec<Problem>,
    /// What was skipped without being an error (broken saved responses, ...).
    notes: Vec<Diagnostic>,
    /// Name of the request or folder being read, for problems.
    request: Option<String>,
}

fn kind(value: &Value<'_>) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Reader {
    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(Problem {
            path: path.to_owned(),
            request: self.request.clone(),
            message,
        });
    }

    fn expected(&mut self, path: &str, what: &str, found: &Value<'_>) {
        self.problem(path, format!("expected {what}, found {}", kind(found)));
    }

    fn collection(&mut self, value: &mut Value<'_>, file: &str) -> Result<Collection> {
        let has_items = |root: &Map<'_>| root.contains_key("item") || root.contains_key("items");
        let mut base = "$".to_owned();
        // The Postman API wraps exports as {"collection": {...}}.
        if let Value::Object(root) = &mut *value {
            if !has_items(root) && matches!(root.get("collection"), Some(Value::Object(_))) {
                if let Some(inner) = root.take("collection") {
                    *value = inner;
                    base = "$.collection".to_owned();
                }
            }
        }
        let found = kind(value);
        let Value::Object(root) = value else {
            return Err(Error::Shape {
                file: file.to_owned(),
                problems: vec![Problem {
                    path: "$".to_owned(),
                    request: None,
                    message: format!(
                        "expected a Postman collection object with `info` and `item`, found {found}"
                    ),
                }],
            });
        };
        if !has_items(root)
            && ["requests", "order", "folders"]
                .iter()
                .any(|k| root.contains_key(k))
        {
            return Ok(self.v1(root));
        }
        let mut out = Collection::default();
        match root.get("info") {
            None | Some(Value::Null) => {}
            Some(Value::Object(info)) => {
                let path = join(&base, ".info");
                out.name = self.text(info, "name", &path);
                out.description = self.description(info.get("description"), &path);
                out.schema = self.text(info, "schema", &path);
            }
            Some(other) => self.expected(&join(&base, ".info"), "an object", other),
        }
        if let Some(schema) = &out.schema {
            if !schema.contains("getpostman.com") && !schema.contains("postman.com") {
                self.problem(
                    &format!("{base}.info.schema"),
                    format!("unknown schema {schema:?}: expected a Postman collection v2.0 or v2.1 schema URL"),
                );
            }
        }
        if !has_items(root) && root.get("info").is_none() {
            self.problem(
                &base,
                "expected a Postman collection: the object has neither `info` nor `item`"
                    .to_owned(),
            );
        }
        out.items = self.children(root, &base);
        out.auth = self.auth(root.get("auth"), &join(&base, ".auth"));
        out.variables = self.variables(root.get("variable"), &join(&base, ".variable"));
        out.scripts = self.scripts(root.get("event"));
        Ok(out)
    }

    /// The children of a collection or folder: `item`, or `items`, which some hand-edited
    /// exports use (read the same, with a note).
    ///
    /// The children are taken out of `obj`: each one's part of the tree is freed once it is
    /// read.
    fn children(&mut self, obj: &mut Map<'_>, path: &str) -> Vec<Item> {
        let items_only =
            obj.get("item").is_none() && matches!(obj.get("items"), Some(Value::Array(_)));
        if items_only {
            self.note(
                "items-read-as-item",
                &join(path, ".items"),
                "the key is `items`; Postman's is `item`: read as `item`".to_owned(),
            );
            self.items(obj.take("items"), &join(path, ".items"))
        } else {
            self.items(obj.take("item"), &join(path, ".item"))
        }
    }

    fn items(&mut self, value: Option<Value<'_>>, path: &str) -> Vec<Item> {
        let mut out = Vec::new();
        match value {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                out.reserve_exact(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let path = index(path, i);
                    match item {
                        Value::Object(mut obj) => out.push(self.item(&mut obj, path)),
                        other => self.expected(&path, "an item object", &other),
                    }
                }
            }
            // A single item where a list belongs.
            Some(Value::Object(mut obj)) => out.push(self.item(&mut obj, index(path, 0))),
            Some(other) => self.expected(path, "an array of items", &other),
        }
        out
    }

    fn item(&mut self, obj: &mut Map<'_>, path: String) -> Item {
        let name = self.text(obj, "name", &path);
        let outer = std::mem::replace(&mut self.request, name.clone());
        let item = if obj.contains_key("item")
            || obj.contains_key("items")
            || !obj.contains_key("request")
        {
            Item::Folder(Folder {
                description: self.description(obj.get("description"), &path),
                items: self.children(obj, &path),
                auth: self.auth(obj.get("auth"), &join(&path, ".auth")),
                variables: self.variables(obj.get("variable"), &join(&path, ".variable")),
                name,
                path,
            })
        } else {
            let request = match obj.get("request") {
                Some(value) => self.request(value, &join(&path, ".request")),
                None => Request::default(),
            };
            let mut scripts = self.scripts(obj.get("event"));
            scripts.dedup();
            Item::Request(Box::new(RequestItem {
                name,
                request,
                responses: self.responses(obj.get("response"), &join(&path, ".response")),
                scripts,
                path,
            }))
        };
        self.request = outer;
        item
    }

    fn request(&mut self, value: &Value<'_>, path: &str) -> Request {
        let obj = match value {
            // v2 allows a bare URL string as the request.
            Value::String(url) => {
                return Request {
                    method: "GET".to_owned(),
                    url: url_from_raw(url),
                    ..Request::default()
                };
            }
            Value::Object(obj) => obj,
            other => {
                self.expected(path, "a request object or URL string", other);
                return Request::default();
            }
        };
        let method = self.method(obj.get("method"), path);
        let url = match obj.get("url") {
            None | Some(Value::Null) => Url::default(),
            Some(Value::String(raw)) => url_from_raw(raw),
            Some(Value::Object(url)) => self.url(url, &join(path, ".url")),
            Some(other) => {
                self.expected(&join(path, ".url"), "a URL string or object", other);
                Url::default()
            }
        };
        Request {
            method,
            url,
            headers: self.headers(obj.get("header"), &join(path, ".header")),
            body: self.body(obj.get("body"), &join(path, ".body")),
            auth: self.auth(obj.get("auth"), &join(path, ".auth")),
            description: self.description(obj.get("description"), path),
        }
    }

    /// The HTTP method as written (trimmed); `GET` when absent or empty.
    fn method(&mut self, value: Option<&Value<'_>>, path: &str) -> String {
        match value {
            None | Some(Value::Null) => "GET".to_owned(),
            Some(Value::String(m)) if m.trim().is_empty() => "GET".to_owned(),
            Some(Value::String(m)) => m.trim().to_owned(),
            Some(other) => {
                self.expected(&join(path, ".method"), "an HTTP method string", other);
                "GET".to_owned()
            }
        }
    }

    fn url(&mut self, obj: &Map<'_>, path: &str) -> Url {
        let raw = self.text(obj, "raw", path);
        let mut url = Url {
            protocol: self.text(obj, "protocol", path),
            port: self.text(obj, "port", path),
            host: self.segments(obj.get("host"), &join(path, ".host"), '.'),
            path: self.segments(obj.get("path"), &join(path, ".path"), '/'),
            query: self.params(obj.get("query"), &join(path, ".query")),
            variables: self.params(obj.get("variable"), &join(path, ".variable")),
            raw,
        };
        // A protocol-relative URL (`//host/path`): an export may leave the host empty and
        // put the host in the path; `raw` says which is the host.
        let protocol_relative = url.protocol.is_none()
            && url.host.iter().all(|h| h.trim().is_empty())
            && url
                .raw
                .as_deref()
                .is_some_and(|raw| raw.trim_start().starts_with("//"));
        // Some exports keep only `raw`; recover the parts from it.
        if (url.host.is_empty() && url.path.is_empty()) || protocol_relative {
            if let Some(raw) = &url.raw {
                let parsed = url_from_raw(raw);
                url.host = parsed.host;
                url.path = parsed.path;
                url.protocol = url.protocol.or(parsed.protocol);
                url.port = url.port.or(parsed.port);
                if url.query.is_empty() {
                    url.query = parsed.query;
                }
            }
        }
        url
    }

    /// `host` and `path` are arrays of strings (or `{type,value}` objects), or one string.
    fn segments(&mut self, value: Option<&Value<'_>>, path: &str, sep: char) -> Vec<String> {
        match value {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => s
                .split(sep)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            Some(Value::Array(parts)) => {
                let mut out = Vec::with_capacity(parts.len());
                for (i, part) in parts.iter().enumerate() {
                    match part {
                        Value::String(s) => out.push(s.to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        Value::Object(obj) => match obj.get("value") {
                            Some(Value::String(s)) => out.push(s.to_string()),
                            _ => self.expected(
                                &format!("{path}[{i}].value"),
                                "a string",
                                obj.get("value").unwrap_or(&Value::Null),
                            ),
                        },
                        Value::Null => {}
                        other => self.expected(&index(path, i), "a string", other),
                    }
                }
                out
            }
            Some(other) => {
                self.expected(path, "a string or an array of strings", other);
                Vec::new()
            }
        }
    }

    fn headers(&mut self, value: Option<&Value<'_>>, path: &str) -> Vec<Param> {
        match value {
            // v2 allows headers as one "Key: value\n..." string.
            Some(Value::String(text)) => text
                .lines()
                .filter_map(|line| {
                    let (key, value) = line.split_once(':')?;
                    let key = key.trim();
                    (!key.is_empty()).then(|| Param {
                        key: key.to_owned(),
                        value: Some(value.trim().to_owned()),
                        ..Param::default()
                    })
                })
                .collect(),
            other => self.params(other, path),
        }
    }

    fn params(&mut self, value: Option<&Value<'_>>, path: &str) -> Vec<Param> {
        let items = match value {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(items)) => items,
            // A single object where a list belongs (seen in exports with one header).
            Some(Value::Object(obj)) => {
                if obj.is_empty() {
                    return Vec::new();
                }
                return self.param(obj, &index(path, 0)).into_iter().collect();
            }
            Some(other) => {
                self.expected(path, "an array of key/value objects", other);
                return Vec::new();
            }
        };
        // The model is held while the IR is built: its lists are allocated at their size.
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = index(path, i);
            match item {
                Value::Object(obj) => out.extend(self.param(obj, &path)),
                Value::Null => {}
                other => self.expected(&path, "a key/value object", other),
            }
        }
        out
    }

    fn param(&mut self, obj: &Map<'_>, path: &str) -> Option<Param> {
        // v2.0 path variables use `id` where v2.1 uses `key`.
        let key = self
            .text(obj, "key", path)
            .or_else(|| self.text(obj, "id", path))
            .or_else(|| self.text(obj, "name", path))?;
        let src = match obj.get("src") {
            Some(Value::String(s)) => vec![s.to_string()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        Some(Param {
            key,
            value: self.text(obj, "value", path),
            description: self.description(obj.get("description"), path),
            disabled: obj
                .get("disabled")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            kind: self.text(obj, "type", path),
            content_type: self.text(obj, "contentType", path),
            src,
        })
    }

    fn body(&mut self, value: Option<&Value<'_>>, path: &str) -> Option<Body> {
        let obj = match value {
            None | Some(Value::Null) => return None,
            Some(Value::Object(obj)) if obj.is_empty() => return None,
            Some(Value::Object(obj)) => obj,
            Some(other) => {
                self.expected(path, "a body object", other);
                return None;
            }
        };
        if obj.get("disabled").and_then(Value::as_bool) == Some(true) {
            return None;
        }
        let mode = self.text(obj, "mode", path);
        let body = match mode.as_deref() {
            Some("raw") => Body::Raw {
                text: self.text(obj, "raw", path).unwrap_or_default(),
                language: obj
                    .get("options")
                    .and_then(|o| o.get("raw"))
                    .and_then(|r| r.get("language"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            },
            Some("urlencoded") => {
                Body::UrlEncoded(self.params(obj.get("urlencoded"), &join(path, ".urlencoded")))
            }
            Some("formdata") => {
                Body::FormData(self.params(obj.get("formdata"), &join(path, ".formdata")))
            }
            Some("file") => Body::File,
            Some("graphql") => graphql_body(obj.get("graphql")),
            _ => Body::Other { mode },
        };
        Some(body)
    }

    fn auth(&mut self, value: Option<&Value<'_>>, path: &str) -> Option<Auth> {
        let obj = match value {
            None | Some(Value::Null) => return None,
            Some(Value::Object(obj)) => obj,
            Some(other) => {
                self.expected(path, "an auth object", other);
                return None;
            }
        };
        let kind = self.text(obj, "type", path)?;
        let mut params = Vec::new();
        match obj.get(&kind) {
            // v2.1: [{key, value, type}].
            Some(Value::Array(list)) => {
                for entry in list {
                    if let Some(key) = entry.get("key").and_then(Value::as_str) {
                        params.push((key.to_owned(), value_text(entry.get("value"))));
                    }
                }
            }
            // v2.0: {key: value}.
            Some(Value::Object(map)) => {
                for (key, value) in map {
                    params.push((key.to_owned(), value_text(Some(value))));
                }
            }
            _ => {}
        }
        Some(Auth { kind, params })
    }

    fn variables(&mut self, value: Option<&Value<'_>>, path: &str) -> Vec<Variable> {
        let Some(list) = value.and_then(Value::as_array) else {
            if let Some(other) = value.filter(|v| !v.is_null()) {
                self.expected(path, "an array of variables", other);
            }
            return Vec::new();
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let path = index(path, i);
            let Some(obj) = entry.as_object() else {
                self.expected(&path, "a variable object", entry);
                continue;
            };
            let Some(key) = self
                .text(obj, "key", &path)
                .or_else(|| self.text(obj, "id", &path))
            else {
                continue;
            };
            let kind = self.text(obj, "type", &path);
            // A variable's description is not used, but one of the wrong type is reported.
            self.description(obj.get("description"), &path);
            out.push(Variable {
                key,
                value: obj
                    .get("value")
                    .filter(|v| !v.is_null())
                    .map(|v| value_text(Some(v))),
                kind,
                // Collections say `disabled`; environments say `enabled`.
                disabled: obj
                    .get("disabled")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    || obj.get("enabled").and_then(Value::as_bool) == Some(false),
            });
        }
        out
    }

    fn note(&mut self, kind: &'static str, path: &str, message: String) {
        self.notes.push(Diagnostic {
            kind,
            path: path.to_owned(),
            request: self.request.clone(),
            message,
        });
    }

    fn responses(&mut self, value: Option<&Value<'_>>, path: &str) -> Vec<Response> {
        let list = match value {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::Array(list)) => list,
            Some(other) => {
                // Saved responses are documentation; a broken one is skipped, not fatal.
                self.note(
                    "response-ignored",
                    path,
                    format!(
                        "expected an array of saved responses, found {}; they are ignored",
                        kind(other)
                    ),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let path = index(path, i);
            let Some(obj) = entry.as_object() else {
                self.note(
                    "response-ignored",
                    &path,
                    format!(
                        "expected a saved response object, found {}; it is ignored",
                        kind(entry)
                    ),
                );
                continue;
            };
            let code = match obj.get("code") {
                Some(Value::Number(n)) => n.as_u64().and_then(|c| u16::try_from(c).ok()),
                Some(Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            };
            out.push(Response {
                name: self.text(obj, "name", &path),
                code,
                status: self.text(obj, "status", &path),
                headers: self.headers(obj.get("header"), &join(&path, ".header")),
                body: match obj.get("body") {
                    Some(Value::String(s)) => Some(s.to_string()),
                    None | Some(Value::Null) => None,
                    Some(other) => Some(other.to_string()),
                },
                original_body: obj
                    .get("originalRequest")
                    .filter(|v| !v.is_null())
                    .and_then(|r| self.request(r, &join(&path, ".originalRequest")).body),
                path,
            });
        }
        out
    }

    fn scripts(&mut self, value: Option<&Value<'_>>) -> Vec<String> {
        let Some(list) = value.and_then(Value::as_array) else {
            return Vec::new();
        };
        list.iter()
            .filter(|event| {
                // An event whose script is empty does nothing; it is not worth a diagnostic.
                let exec = event.get("script").and_then(|s| s.get("exec"));
                match exec {
                    Some(Value::Array(lines)) => lines
                        .iter()
                        .any(|l| l.as_str().is_some_and(|l| !l.trim().is_empty())),
                    Some(Value::String(s)) => !s.trim().is_empty(),
                    _ => false,
                }
            })
            .filter_map(|event| event.get("listen").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    }

    /// A text field: strings as they are, numbers and booleans as their JSON text.
    fn text(&mut self, obj: &Map<'_>, key: &str, path: &str) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.to_string()),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => Some(v.to_string()),
            Some(other) => {
                self.expected(&format!("{path}.{key}"), "a string", other);
                None
            }
        }
    }

    /// `description` is a string, `{content, type}`, or null.
    fn description(&mut self, value: Option<&Value<'_>>, path: &str) -> Option<String> {
        match value {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => (!s.trim().is_empty()).then(|| s.to_string()),
            Some(Value::Object(obj)) => match obj.get("content") {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.to_string()),
                _ => None,
            },
            Some(other) => {
                self.expected(
                    &join(path, ".description"),
                    "a string or {content, type}",
                    other,
                );
                None
            }
        }
    }
}

/// A GraphQL body from `{query, variables}` (v2 `graphql`, v1 `graphqlModeData`); variables
/// may be JSON text or an object.
fn graphql_body(graphql: Option<&Value<'_>>) -> Body {
    Body::GraphQl {
        query: graphql
            .and_then(|g| g.get("query"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        variables: graphql
            .and_then(|g| g.get("variables"))
            .and_then(|v| match v {
                Value::String(s) => Some(s.to_string()),
                Value::Null => None,
                other => Some(other.to_string()),
            }),
    }
}

fn value_text(value: Option<&Value<'_>>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.to_string(),
        Some(other) => other.to_string(),
    }
}

/// Splits a raw URL string (`{{baseUrl}}/users/:id?x=1`) into Postman's parts.
pub fn url_from_raw(raw: &str) -> Url {
    let raw_trimmed = raw.trim();
    let (before_fragment, _) = raw_trimmed.split_once('#').unwrap_or((raw_trimmed, ""));
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let (protocol, rest) = match before_query.split_once("://") {
        Some((p, r)) if !p.contains('/') && !p.contains('{') => (Some(p.to_owned()), r),
        // `//host/path` (protocol-relative): the host follows the `//`.
        _ => (
            None,
            before_query.strip_prefix("//").unwrap_or(before_query),
        ),
    };
    let (authority, path) = match rest.split_once('/') {
        Some((a, p)) => (a, p),
        None => (rest, ""),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => {
            (h, Some(p.to_owned()))
        }
        _ => (authority, None),
    };
    let host = if host.starts_with("{{") {
        vec![host.to_owned()]
    } else {
        host.split('.')
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let query = query
        .map(|q| {
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    // `?flag` (no `=`) has no value, as Postman exports it.
                    let (key, value) = match pair.split_once('=') {
                        Some((key, value)) => (key, Some(value.to_owned())),
                        None => (pair, None),
                    };
                    Param {
                        key: key.to_owned(),
                        value,
                        ..Param::default()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Url {
        raw: Some(raw.to_owned()),
        protocol,
        host,
        port,
        path: path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        query,
        variables: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(json: &str) -> Vec<Problem> {
        match parse("t.json", json.as_bytes()) {
            Err(Error::Shape { problems, .. }) => problems,
            other => panic!("expected a shape error, got {other:?}"),
        }
    }

    #[test]
    fn invalid_json_has_line_and_column() {
        match parse("t.json", b"{\n  \"info\": {,\n}") {
            Err(Error::Json { line, column, .. }) => assert_eq!((line, column), (2, 12)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_shape_names_path_and_request() {
        let problems = shape(
            r#"{"info":{"name":"x"},"item":[{"name":"Folder","item":[{"name":"Get thing","request":{"method":5,"url":"http://x"}}]}]}"#,
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "$.item[0].item[0].request.method");
        assert_eq!(problems[0].request.as_deref(), Some("Get thing"));
        assert!(problems[0].message.contains("found a number"));
    }

    #[test]
    fn collects_every_problem() {
        let problems = shape(
            r#"{"item":[{"name":"a","request":{"method":[]}},{"name":"b","request":{"url":5}}]}"#,
        );
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn bom_wrapper_and_missing_info() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes
            .extend_from_slice(br#"{"collection":{"item":[{"name":"x","request":"http://h/p"}]}}"#);
        let c = parse("t.json", &bytes).unwrap();
        assert_eq!(c.items.len(), 1);
    }

    #[test]
    fn v1_is_read() {
        let c = parse(
            "t.json",
            br#"{"id":"1","name":"x","order":["b"],"folders":[{"id":"f","name":"F","order":["a"]}],
                "requests":[{"id":"a","name":"A","url":"http://h/a/:id","method":"POST","headers":"X-A: 1\nX-B: 2",
                  "dataMode":"urlencoded","data":[{"key":"k","value":"v","type":"text","enabled":true}],
                  "pathVariables":{"id":"7"},"currentHelper":"basicAuth","helperAttributes":{"username":"u"},
                  "responses":[{"name":"ok","responseCode":{"code":201,"name":"Created"},"text":"{\"a\":1}"}]},
                {"id":"b","name":"B","url":"http://h/b","method":"GET","dataMode":"raw","rawModeData":"hi"},
                {"id":"c","name":"Orphan","url":"http://h/c"}]}"#,
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("x"));
        // Root order first, then folders, then requests nothing referenced.
        let names: Vec<String> = c
            .items
            .iter()
            .map(|i| match i {
                Item::Request(r) => r.name.clone().unwrap_or_default(),
                Item::Folder(f) => format!("folder {}", f.name.clone().unwrap_or_default()),
            })
            .collect();
        assert_eq!(names, ["B", "folder F", "Orphan"]);
        let Item::Folder(folder) = &c.items[1] else {
            panic!()
        };
        let Item::Request(a) = &folder.items[0] else {
            panic!()
        };
        assert_eq!(a.request.method, "POST");
        assert_eq!(a.request.headers.len(), 2);
        assert_eq!(a.request.url.variables[0].key, "id");
        assert!(matches!(&a.request.body, Some(Body::UrlEncoded(f)) if f[0].key == "k"));
        assert_eq!(
            a.request.auth.as_ref().map(|x| x.kind.as_str()),
            Some("basic")
        );
        assert_eq!(a.responses[0].code, Some(201));
        assert_eq!(a.responses[0].body.as_deref(), Some("{\"a\":1}"));
    }

    #[test]
    fn lenient_forms() {
        let c = parse(
            "t.json",
            br#"{"info":{"description":{"content":"hi","type":"text/markdown"}},
               "auth":{"type":"bearer","bearer":{"token":"t"}},
               "item":[{"name":"r","request":{"method":"post","header":"A: 1\nB: 2",
                 "auth":{"type":"apikey","apikey":[{"key":"key","value":"k"}]},
                 "url":{"host":"{{baseUrl}}","path":"a/:id","variable":[{"id":"id","value":1}]}}}]}"#,
        )
        .unwrap();
        assert_eq!(c.description.as_deref(), Some("hi"));
        assert_eq!(c.auth.as_ref().and_then(|a| a.param("token")), Some("t"));
        let Item::Request(r) = &c.items[0] else {
            panic!()
        };
        assert_eq!(r.request.headers.len(), 2);
        assert_eq!(r.request.url.path, ["a", ":id"]);
        assert_eq!(r.request.url.variables[0].value.as_deref(), Some("1"));
        assert_eq!(
            r.request.auth.as_ref().and_then(|a| a.param("key")),
            Some("k")
        );
    }

    #[test]
    fn paths_are_joined_and_indexed() {
        assert_eq!(join("$.item", ".request"), "$.item.request");
        for i in [0, 7, 10, 99, 1234, usize::MAX] {
            assert_eq!(index("$.item", i), format!("$.item[{i}]"));
        }
    }

    #[test]
    fn raw_url_parts() {
        let u = url_from_raw("https://api.x.com:8443/v1/users/:id?a=1&b");
        assert_eq!(u.protocol.as_deref(), Some("https"));
        assert_eq!(u.host, ["api", "x", "com"]);
        assert_eq!(u.port.as_deref(), Some("8443"));
        assert_eq!(u.path, ["v1", "users", ":id"]);
        assert_eq!(u.query.len(), 2);
        assert_eq!(u.query[0].value.as_deref(), Some("1"));
        assert_eq!(u.query[1].value, None);
        let u = url_from_raw("{{baseUrl}}/users");
        assert_eq!(u.host, ["{{baseUrl}}"]);
        assert_eq!(u.path, ["users"]);
        let u = url_from_raw("//cdn.x.com:8080/a?b=");
        assert_eq!(
            (u.protocol, u.host, u.port),
            (
                None,
                vec!["cdn".to_owned(), "x".to_owned(), "com".to_owned()],
                Some("8080".to_owned())
            )
        );
        assert_eq!(u.path, ["a"]);
        assert_eq!(u.query[0].value.as_deref(), Some(""));
    }
}
