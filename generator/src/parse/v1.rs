//! Postman v1 collections: flat `requests` with `folders` and `order` lists, read into the
//! same model as v2.

use std::collections::BTreeSet;

use super::json::{Map, Value};
use super::{index, join};

use super::{graphql_body, url_from_raw, value_text, Reader};
use crate::model::{Auth, Body, Collection, Folder, Item, Param, Request, RequestItem, Response};

/// v1 `currentHelper` names and the v2 auth kinds they mean.
fn helper_kind(helper: &str) -> Option<&'static str> {
    Some(match helper {
        "basicAuth" => "basic",
        "digestAuth" => "digest",
        "oAuth1" => "oauth1",
        "oAuth2" => "oauth2",
        "hawkAuth" => "hawk",
        "awsSigV4" => "awsv4",
        "bearerAuth" => "bearer",
        "ntlmAuth" => "ntlm",
        _ => return None,
    })
}

fn ids(value: Option<&Value<'_>>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Reader {
    /// Reads a v1 collection. Requests no `order` list mentions are kept at the top level, so
    /// none is lost.
    pub(super) fn v1(&mut self, root: &Map<'_>) -> Collection {
        let mut out = Collection {
            name: self.text(root, "name", "$"),
            description: self.description(root.get("description"), "$"),
            auth: self.auth(root.get("auth"), "$.auth"),
            variables: self.variables(root.get("variables"), "$.variables"),
            ..Collection::default()
        };
        let mut requests: Vec<(String, &Map<'_>, String)> = Vec::new();
        match root.get("requests") {
            Some(Value::Array(list)) => {
                for (i, r) in list.iter().enumerate() {
                    let path = format!("$.requests[{i}]");
                    match r.as_object() {
                        Some(obj) => {
                            let id = obj
                                .get("id")
                                .map(|v| value_text(Some(v)))
                                .unwrap_or_default();
                            requests.push((id, obj, path));
                        }
                        None => self.expected(&path, "a v1 request object", r),
                    }
                }
            }
            Some(other) => self.expected("$.requests", "an array of v1 requests", other),
            None => {}
        }
        // An `order` entry naming no request is a broken export: say which.
        let known: BTreeSet<&str> = requests.iter().map(|(id, _, _)| id.as_str()).collect();
        // Without `requests` at all the file is not a collection; with it, a dangling entry
        // (seen in real exports) only means nothing is there to generate.
        let has_requests = root.contains_key("requests");
        for (i, id) in ids(root.get("order")).iter().enumerate() {
            if !known.contains(id.as_str()) {
                let path = format!("$.order[{i}]");
                let message =
                    format!("the v1 `order` names request `{id}`, which `requests` does not hold");
                if has_requests {
                    self.note("order-dangling", &path, message);
                } else {
                    self.problem(&path, message);
                }
            }
        }
        let folders: Vec<(&Map<'_>, usize)> = root
            .get("folders")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .filter_map(|(i, f)| Some((f.as_object()?, i)))
                    .collect()
            })
            .unwrap_or_default();
        let mut placed = BTreeSet::new();
        let mut placed_folders = BTreeSet::new();
        let mut items = Vec::new();
        self.v1_fill(
            &ids(root.get("order")),
            &ids(root.get("folders_order")),
            &requests,
            &folders,
            &mut placed,
            &mut placed_folders,
            &mut items,
            0,
        );
        // Folders not listed in any folders_order sit at the top level.
        for (folder, index) in &folders {
            let id = folder
                .get("id")
                .map(|v| value_text(Some(v)))
                .unwrap_or_default();
            if !placed_folders.contains(&id) {
                placed_folders.insert(id.clone());
                if let Some(item) = self.v1_folder(
                    folder,
                    *index,
                    &requests,
                    &folders,
                    &mut placed,
                    &mut placed_folders,
                    0,
                ) {
                    items.push(item);
                }
            }
        }
        for (id, request, path) in &requests {
            if !placed.contains(id) {
                placed.insert(id.clone());
                items.push(self.v1_request(request, path));
            }
        }
        out.items = items;
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn v1_fill(
        &mut self,
        order: &[String],
        folders_order: &[String],
        requests: &[(String, &Map<'_>, String)],
        folders: &[(&Map<'_>, usize)],
        placed: &mut BTreeSet<String>,
        placed_folders: &mut BTreeSet<String>,
        items: &mut Vec<Item>,
        depth: usize,
    ) {
        for id in order {
            if placed.contains(id) {
                continue;
            }
            if let Some((_, request, path)) = requests.iter().find(|(rid, _, _)| rid == id) {
                placed.insert(id.clone());
                items.push(self.v1_request(request, path));
            }
        }
        for id in folders_order {
            if placed_folders.contains(id) {
                continue;
            }
            let found = folders.iter().find(|(f, _)| {
                f.get("id").map(|v| value_text(Some(v))).as_deref() == Some(id.as_str())
            });
            if let Some((folder, index)) = found {
                placed_folders.insert(id.clone());
                if let Some(item) = self.v1_folder(
                    folder,
                    *index,
                    requests,
                    folders,
                    placed,
                    placed_folders,
                    depth,
                ) {
                    items.push(item);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn v1_folder(
        &mut self,
        folder: &Map<'_>,
        index: usize,
        requests: &[(String, &Map<'_>, String)],
        folders: &[(&Map<'_>, usize)],
        placed: &mut BTreeSet<String>,
        placed_folders: &mut BTreeSet<String>,
        depth: usize,
    ) -> Option<Item> {
        // Folder references can form cycles in hand-edited files; nesting is bounded.
        if depth > 64 {
            return None;
        }
        let path = format!("$.folders[{index}]");
        let mut items = Vec::new();
        self.v1_fill(
            &ids(folder.get("order")),
            &ids(folder.get("folders_order")),
            requests,
            folders,
            placed,
            placed_folders,
            &mut items,
            depth + 1,
        );
        Some(Item::Folder(Folder {
            name: self.text(folder, "name", &path),
            description: self.description(folder.get("description"), &path),
            items,
            auth: self.auth(folder.get("auth"), &join(&path, ".auth")),
            variables: Vec::new(),
            path,
        }))
    }

    fn v1_request(&mut self, obj: &Map<'_>, path: &str) -> Item {
        let name = self.text(obj, "name", path);
        let outer = std::mem::replace(&mut self.request, name.clone());
        let request = self.v1_request_body(obj, path);
        if !obj.contains_key("url") {
            self.note(
                "url-missing",
                path,
                "the v1 request has no `url`; the method sends it to the base URL".to_owned(),
            );
        }
        let mut scripts = Vec::new();
        for (key, listen) in [("preRequestScript", "prerequest"), ("tests", "test")] {
            if obj
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty())
            {
                scripts.push(listen.to_owned());
            }
        }
        let responses = obj
            .get("responses")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .filter_map(|(i, r)| {
                        let r = r.as_object()?;
                        let path = index(&join(path, ".responses"), i);
                        let code = match r.get("responseCode").and_then(|c| c.get("code")) {
                            Some(Value::Number(n)) => {
                                n.as_u64().and_then(|c| u16::try_from(c).ok())
                            }
                            Some(Value::String(s)) => s.trim().parse().ok(),
                            _ => None,
                        };
                        Some(Response {
                            name: self.text(r, "name", &path),
                            code,
                            status: r
                                .get("responseCode")
                                .and_then(|c| c.get("name"))
                                .and_then(Value::as_str)
                                .map(str::to_owned),
                            headers: self.headers(r.get("headers"), &join(&path, ".headers")),
                            body: r.get("text").and_then(Value::as_str).map(str::to_owned),
                            original_body: None,
                            path,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.request = outer;
        Item::Request(Box::new(RequestItem {
            name,
            request,
            responses,
            scripts,
            path: path.to_owned(),
        }))
    }

    fn v1_request_body(&mut self, obj: &Map<'_>, path: &str) -> Request {
        let mut url = match obj.get("url") {
            Some(Value::String(raw)) => url_from_raw(raw),
            None | Some(Value::Null) => Default::default(),
            Some(other) => {
                self.expected(&join(path, ".url"), "a URL string", other);
                Default::default()
            }
        };
        if let Some(vars) = obj.get("pathVariables").and_then(Value::as_object) {
            url.variables = vars
                .iter()
                .map(|(key, value)| Param {
                    key: key.to_owned(),
                    value: Some(value_text(Some(value))),
                    ..Param::default()
                })
                .collect();
        }
        let headers = match obj.get("headerData") {
            Some(Value::Array(_)) => self.params(obj.get("headerData"), &join(path, ".headerData")),
            _ => self.headers(obj.get("headers"), &join(path, ".headers")),
        };
        let data = || {
            let mut params = self_params(obj.get("data"));
            for p in &mut params {
                if p.kind.as_deref() == Some("file") && p.src.is_empty() {
                    p.src = p.value.iter().cloned().collect();
                }
            }
            params
        };
        let body = match obj.get("dataMode").and_then(Value::as_str) {
            Some("params") => Some(Body::FormData(data())),
            Some("urlencoded") => Some(Body::UrlEncoded(data())),
            Some("raw") => Some(Body::Raw {
                text: obj
                    .get("rawModeData")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                language: None,
            }),
            Some("binary") => Some(Body::File),
            Some("graphql") => Some(graphql_body(obj.get("graphqlModeData"))),
            Some(other) => Some(Body::Other {
                mode: Some(other.to_owned()),
            }),
            None => None,
        };
        // Empty form data means no body.
        let body = match body {
            Some(Body::FormData(f) | Body::UrlEncoded(f)) if f.is_empty() => None,
            other => other,
        };
        let auth = match obj.get("auth") {
            Some(Value::Object(_)) => self.auth(obj.get("auth"), &join(path, ".auth")),
            _ => obj
                .get("currentHelper")
                .and_then(Value::as_str)
                .and_then(helper_kind)
                .map(|kind| Auth {
                    kind: kind.to_owned(),
                    // v1 helper attributes hold literal credentials; none is kept.
                    params: Vec::new(),
                }),
        };
        let method = self.method(obj.get("method"), path);
        Request {
            method,
            url,
            headers,
            body,
            auth,
            description: self.description(obj.get("description"), path),
        }
    }
}

/// v1 `data` entries: `{key, value, type, enabled}`; `enabled: false` means disabled.
fn self_params(value: Option<&Value<'_>>) -> Vec<Param> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_object)
                .filter_map(|p| {
                    let key = p.get("key").and_then(Value::as_str)?.to_owned();
                    Some(Param {
                        key,
                        value: p
                            .get("value")
                            .filter(|v| !v.is_null())
                            .map(|v| value_text(Some(v))),
                        description: p
                            .get("description")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        disabled: p.get("enabled").and_then(Value::as_bool) == Some(false)
                            || p.get("disabled").and_then(Value::as_bool) == Some(true),
                        kind: p.get("type").and_then(Value::as_str).map(str::to_owned),
                        content_type: None,
                        src: Vec::new(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}
