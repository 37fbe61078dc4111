//! A loopback echo server for the feature end-to-end tests: it records every request exactly as
//! it arrived and answers with whatever the test configured.
//!
//! [`EchoServer::start`] binds `127.0.0.1` on an ephemeral port. Every request, whatever its
//! method or path, is recorded ([`EchoedRequest`]: method, raw path and query, headers, body
//! bytes and, for `multipart/form-data`, the parts as parsed by `multer`) and then answered:
//!
//! 1. by the oldest reply queued with [`EchoServer::enqueue`], if any;
//! 2. else by the reply registered for its method and raw path with [`EchoServer::on`] (or for
//!    any method with [`EchoServer::on_path`]);
//! 3. else with [`EchoServer::default_reply`]'s answer: `200`, `application/json`, `{}`.
//!
//! Nothing here interprets the request: the tests assert on what was recorded.

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The largest request body the server reads; larger bodies are answered with 413.
const BODY_LIMIT: usize = 8 * 1024 * 1024;

/// One multipart part of a recorded request, as `multer` parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoedPart {
    /// The `name` of the part's `Content-Disposition`.
    pub name: Option<String>,
    /// The `filename` of the part's `Content-Disposition`.
    pub filename: Option<String>,
    /// The part's own `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub bytes: Vec<u8>,
}

impl EchoedPart {
    /// The part's bytes as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// One request as it arrived on the wire.
#[derive(Debug, Clone)]
pub struct EchoedRequest {
    /// The method, e.g. `PROPFIND`.
    pub method: String,
    /// The raw path as received, still percent-encoded (no query).
    pub raw_path: String,
    /// The raw query string as received (without `?`), if the URL had one.
    pub raw_query: Option<String>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The raw body bytes.
    pub body: Vec<u8>,
    /// The multipart parts, in order, when the body was `multipart/form-data` and parsed.
    pub parts: Vec<EchoedPart>,
    /// Why the body could not be parsed as multipart, when its content type claimed it was.
    pub multipart_error: Option<String>,
}

impl EchoedRequest {
    /// The value of a header (the first one of that name), if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every value of a header, in order (lossy UTF-8).
    pub fn header_all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect()
    }

    /// The media type of the `Content-Type` header without parameters, lowercased
    /// (`multipart/form-data` for `multipart/form-data; boundary=...`).
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|ct| {
            ct.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The query as decoded `(key, value)` pairs in wire order (`+` and `%XX` decoded).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.raw_query
            .as_deref()
            .map(form_pairs)
            .unwrap_or_default()
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    ///
    /// # Panics
    ///
    /// If the body is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.text()))
    }

    /// The body decoded as `application/x-www-form-urlencoded` pairs, in wire order.
    pub fn form_pairs(&self) -> Vec<(String, String)> {
        form_pairs(&self.text())
    }

    /// The first multipart part with this name.
    pub fn part(&self, name: &str) -> Option<&EchoedPart> {
        self.parts.iter().find(|p| p.name.as_deref() == Some(name))
    }

    /// Every multipart part with this name, in order.
    pub fn parts_named(&self, name: &str) -> Vec<&EchoedPart> {
        self.parts
            .iter()
            .filter(|p| p.name.as_deref() == Some(name))
            .collect()
    }

    /// The names of the multipart parts, in order (parts without a name are left out).
    pub fn part_names(&self) -> Vec<String> {
        self.parts.iter().filter_map(|p| p.name.clone()).collect()
    }
}

/// Decodes `a=1&b=x+y&c=%C3%A9` into pairs, in order. Keys without `=` get an empty value;
/// empty pieces (`a=1&&b=2`) are skipped.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (decode_component(key), decode_component(value))
        })
        .collect()
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte;
/// malformed escapes are kept as they are, and invalid UTF-8 is replaced.
pub fn decode_component(text: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let escaped = bytes
                    .get(i + 1)
                    .and_then(|&h| hex(h))
                    .zip(bytes.get(i + 2).and_then(|&l| hex(l)));
                match escaped {
                    Some((h, l)) => {
                        out.push(h * 16 + l);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An answer the server gives: status, headers and body bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Headers, in order (`Content-Type` included when there is one).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON answer with `Content-Type: application/json`.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::with_type(status, "application/json", body.to_string())
    }

    /// An answer with this content type and body.
    pub fn with_type(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    /// An answer without a body or `Content-Type` (e.g. `204`).
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

impl Default for Reply {
    /// `200`, `application/json`, `{}`.
    fn default() -> Self {
        Self::with_type(200, "application/json", "{}")
    }
}

#[derive(Debug, Default)]
struct State {
    requests: Vec<EchoedRequest>,
    queue: VecDeque<Reply>,
    /// Replies by (method or `None` for any, raw path).
    routes: BTreeMap<(Option<String>, String), Reply>,
    default: Reply,
}

type Shared = Arc<Mutex<State>>;

fn lock(state: &Shared) -> MutexGuard<'_, State> {
    // A panic while the lock was held leaves plain data behind; keep serving it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A running loopback echo server. Stops when dropped.
#[derive(Debug)]
pub struct EchoServer {
    /// The address the server listens on.
    pub addr: SocketAddr,
    state: Shared,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EchoServer {
    /// Binds `127.0.0.1:0` and serves until dropped. Must be called within a Tokio runtime.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound.
    pub async fn start() -> EchoServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener
            .local_addr()
            .expect("local address of the listener");
        let state: Shared = Arc::new(Mutex::new(State::default()));
        let app = Router::new().fallback(handle).with_state(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            // An accept error ends the server; the tests then see transport errors.
            let _ = serve.await;
        });
        EchoServer {
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:PORT` followed by `prefix` (e.g. `/api`).
    pub fn url(&self, prefix: &str) -> String {
        format!("{}{prefix}", self.origin())
    }

    /// Answers requests with this method (case-sensitive, as on the wire) and raw path.
    pub fn on(&self, method: &str, raw_path: &str, reply: Reply) {
        lock(&self.state)
            .routes
            .insert((Some(method.to_owned()), raw_path.to_owned()), reply);
    }

    /// Answers requests with this raw path, whatever the method (a method-specific reply set
    /// with [`EchoServer::on`] wins).
    pub fn on_path(&self, raw_path: &str, reply: Reply) {
        lock(&self.state)
            .routes
            .insert((None, raw_path.to_owned()), reply);
    }

    /// Answers the next request with `reply`, before any route. Several calls queue in order.
    pub fn enqueue(&self, reply: Reply) {
        lock(&self.state).queue.push_back(reply);
    }

    /// Replaces the answer for requests nothing else matches.
    pub fn default_reply(&self, reply: Reply) {
        lock(&self.state).default = reply;
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<EchoedRequest> {
        lock(&self.state).requests.clone()
    }

    /// The most recent request.
    ///
    /// # Panics
    ///
    /// If no request arrived yet.
    pub fn last(&self) -> EchoedRequest {
        lock(&self.state)
            .requests
            .last()
            .cloned()
            .expect("the server received no request")
    }

    /// How many requests arrived so far.
    pub fn count(&self) -> usize {
        lock(&self.state).requests.len()
    }

    /// Forgets the recorded requests.
    pub fn clear(&self) {
        lock(&self.state).requests.clear();
    }

    /// Stops accepting connections, lets open ones finish (for at most a second), and waits
    /// for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(std::time::Duration::from_secs(1), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for EchoServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

fn respond(reply: Reply) -> Response {
    let mut response = Body::from(reply.body).into_response();
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

async fn handle(
    axum::extract::State(state): axum::extract::State<Shared>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return respond(Reply::empty(413)),
    };
    let (multipart, multipart_error) = match multipart_boundary(&parts.headers) {
        None => (Vec::new(), None),
        Some(Err(error)) => (Vec::new(), Some(error)),
        Some(Ok(boundary)) => match parse_multipart(body.clone(), boundary).await {
            Ok(parsed) => (parsed, None),
            Err(error) => (Vec::new(), Some(error)),
        },
    };
    let raw_path = parts.uri.path().to_owned();
    let method = parts.method.as_str().to_owned();
    let recorded = EchoedRequest {
        method: method.clone(),
        raw_path: raw_path.clone(),
        raw_query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body: body.to_vec(),
        parts: multipart,
        multipart_error,
    };
    let mut st = lock(&state);
    st.requests.push(recorded);
    let reply = match st.queue.pop_front() {
        Some(reply) => reply,
        None => st
            .routes
            .get(&(Some(method), raw_path.clone()))
            .or_else(|| st.routes.get(&(None, raw_path)))
            .unwrap_or(&st.default)
            .clone(),
    };
    drop(st);
    respond(reply)
}

/// `None` when the request does not claim to be multipart; otherwise its boundary or why it has
/// none.
fn multipart_boundary(headers: &HeaderMap) -> Option<Result<String, String>> {
    let content_type = headers.get(header::CONTENT_TYPE)?;
    let Ok(content_type) = content_type.to_str() else {
        return Some(Err("Content-Type is not visible ASCII".to_owned()));
    };
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    Some(multer::parse_boundary(content_type).map_err(|e| e.to_string()))
}

async fn parse_multipart(body: Bytes, boundary: String) -> Result<Vec<EchoedPart>, String> {
    let stream = Body::from(body).into_data_stream();
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().map(str::to_owned);
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.map_err(|e| e.to_string())?;
        parts.push(EchoedPart {
            name,
            filename,
            content_type,
            bytes: bytes.to_vec(),
        });
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_form_components() {
        assert_eq!(decode_component("a+b%20c%C3%A9"), "a b cé");
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
        assert_eq!(
            form_pairs("a=1&&b=x+y&c&d=%26%3D"),
            [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "x y".to_owned()),
                ("c".to_owned(), String::new()),
                ("d".to_owned(), "&=".to_owned()),
            ]
        );
    }
}
