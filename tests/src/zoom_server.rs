//! A loopback stand-in for the Zoom users API, as documented by the seed collection
//! `collections/zoom-users.postman_collection.json`.
//!
//! [`ZoomServer::start`] binds `127.0.0.1` on an ephemeral port and serves four endpoints from
//! in-memory state:
//!
//! | method   | path                         | success | documented errors                       |
//! | -------- | ---------------------------- | ------- | --------------------------------------- |
//! | `POST`   | `/v2/users`                  | 201     | 400 (300), 409 (1005), 429              |
//! | `PUT`    | `/v2/users/{userId}/status`  | 204     | 400 (300, 200 for admins), 404 (1001)   |
//! | `PUT`    | `/v2/users/{userId}/password`| 204     | 400 (300), 404 (1001)                   |
//! | `DELETE` | `/v2/users/{userId}/token`   | 204     | 404 (1001)                              |
//!
//! Every request needs `Authorization: Bearer <token>`; anything else is a 401 with code 124.
//! Error bodies are Zoom-style JSON, `{"code":N,"message":"..."}`, with
//! `Content-Type: application/json`.
//!
//! Routing is done by hand on the raw request path, exactly as it arrived on the wire: the path
//! is split on `/` first and each segment is percent-decoded afterwards, so an encoded `/`
//! (`%2F`) stays inside its segment and a path with an extra segment is an unknown route (404,
//! code [`codes::UNKNOWN_ROUTE`]). `{userId}` may be a user id, a user's email address, or `me`
//! (the token's own user, [`ZoomConfig::me`]).
//!
//! Every request is recorded (method, raw path and query, headers, raw body bytes and the
//! multipart parts as parsed by `multer`) so tests can inspect what went over the wire; see
//! [`ZoomServer::requests`].

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The largest request body the server reads; larger bodies are answered with 413.
const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The Zoom error codes this server answers with (the `code` field of an error body).
pub mod codes {
    /// 401: the bearer token is missing or wrong ("Invalid access token.").
    pub const INVALID_TOKEN: i64 = 124;
    /// 400: no privilege; for a status change, the user is an admin (or a Zoom Room).
    pub const NO_PRIVILEGE: i64 = 200;
    /// 400: a parameter is missing or invalid (action, user_info, password, multipart body).
    pub const INVALID_PARAMETER: i64 = 300;
    /// 404: the addressed user does not exist.
    pub const USER_NOT_FOUND: i64 = 1001;
    /// 409: the email address is already used by another user.
    pub const EMAIL_IN_USE: i64 = 1005;
    /// 429: the user-creation rate limit of this run has been exhausted.
    pub const RATE_LIMITED: i64 = 429;
    /// 404: no endpoint matches the method and raw path (not a Zoom code; this server's own).
    pub const UNKNOWN_ROUTE: i64 = 404;
    /// 405: the path names an endpoint but not with this method (this server's own code).
    pub const METHOD_NOT_ALLOWED: i64 = 405;
    /// 413: the request body is larger than the server reads (this server's own code).
    pub const BODY_TOO_LARGE: i64 = 413;
}

/// Zoom's message for a wrong or missing bearer token.
pub const INVALID_TOKEN_MESSAGE: &str = "Invalid access token.";
/// Zoom's message when an admin's status is to be changed.
pub const ADMIN_STATUS_MESSAGE: &str =
    "Zoom Room and Admin users' status cannot be activated or deactivated.";
/// Zoom's message when the new password equals the old one.
pub const SAME_PASSWORD_MESSAGE: &str = "Your new password can not match the old password.";

/// The message of a 404 for an unknown user, as Zoom documents it
/// ("User does not exist: $userId.").
pub fn user_not_found_message(user_id: &str) -> String {
    format!("User does not exist: {user_id}.")
}

/// The message of a 409 for a duplicate email, as Zoom documents it
/// ("Email $email has already been used.").
pub fn email_in_use_message(email: &str) -> String {
    format!("Email {email} has already been used.")
}

/// The message of a 429 for exhausted user creations, as Zoom documents it.
pub fn rate_limited_message(limit: usize) -> String {
    format!(
        "You have exceeded the daily rate limit ({limit}) of user invite requests permitted for \
         this account. You may resume these requests at GMT 00:00:00."
    )
}

/// A user that exists before the first request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedUser {
    /// The user id (the `{userId}` path segment addresses it, decoded).
    pub id: String,
    /// The email address (the `{userId}` path segment may also be this).
    pub email: String,
    /// The current password.
    pub password: String,
}

impl SeedUser {
    /// A seed user from its id, email and password.
    pub fn new(
        id: impl Into<String>,
        email: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            email: email.into(),
            password: password.into(),
        }
    }
}

/// How a [`ZoomServer`] behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoomConfig {
    /// The only bearer token accepted.
    pub token: String,
    /// The token's own user, addressed by the path segment `me`. Not an admin.
    pub me: SeedUser,
    /// Admin users: their status cannot be changed (400, code 200).
    pub admins: Vec<SeedUser>,
    /// How many users `POST /users` creates in this run before it answers 429.
    pub rate_limit_after: usize,
    /// The `Retry-After` value (seconds) of a 429.
    pub retry_after_secs: u64,
    /// The path prefix the API is served under, e.g. `/v2` (the default) or `/api/zoom/v2`.
    /// Requests outside it are unknown routes. A trailing `/` is ignored.
    pub path_prefix: String,
}

impl Default for ZoomConfig {
    fn default() -> Self {
        Self {
            token: "zoom-test-token".to_owned(),
            me: SeedUser::new("me-user-id", "me@example.com", "Me-old-passw0rd"),
            admins: vec![SeedUser::new(
                "admin-user-id",
                "admin@example.com",
                "Admin-passw0rd",
            )],
            rate_limit_after: 1_000,
            retry_after_secs: 60,
            path_prefix: "/v2".to_owned(),
        }
    }
}

/// Whether a user can log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// Active (the initial status of every user).
    Active,
    /// Deactivated by `PUT /users/{userId}/status` with `action=deactivate`.
    Inactive,
}

/// A user as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The user id.
    pub id: String,
    /// The email address.
    pub email: String,
    /// The first name (empty unless given at creation).
    pub first_name: String,
    /// The last name (empty unless given at creation).
    pub last_name: String,
    /// Zoom's user type (1 basic, 2 licensed, ...); 1 unless given at creation.
    pub user_type: i64,
    /// Whether the user is an admin (status changes are refused).
    pub is_admin: bool,
    /// Active or inactive.
    pub status: UserStatus,
    /// The current password, if the user has one.
    pub password: Option<String>,
    /// Whether `DELETE /users/{userId}/token` has revoked the user's SSO token.
    pub sso_token_revoked: bool,
    /// The `action` the user was created with by `POST /users`; `None` for seeded users.
    pub created_with_action: Option<String>,
}

impl User {
    fn seeded(id: &str, email: &str, is_admin: bool, password: Option<&str>) -> Self {
        Self {
            id: id.to_owned(),
            email: email.to_owned(),
            first_name: String::new(),
            last_name: String::new(),
            user_type: 1,
            is_admin,
            status: UserStatus::Active,
            password: password.map(str::to_owned),
            sso_token_revoked: false,
            created_with_action: None,
        }
    }
}

/// One multipart part of a recorded request, as `multer` parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedPart {
    /// The `name` of the part's `Content-Disposition`.
    pub name: Option<String>,
    /// The `filename` of the part's `Content-Disposition`.
    pub filename: Option<String>,
    /// The part's own `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub bytes: Vec<u8>,
}

impl RecordedPart {
    /// The part's bytes as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// One request as it arrived on the wire.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The method, e.g. `PUT`.
    pub method: String,
    /// The raw path as received, still percent-encoded (no query).
    pub raw_path: String,
    /// The raw query string as received, if there was one.
    pub raw_query: Option<String>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The raw body bytes.
    pub body: Vec<u8>,
    /// The multipart parts, in order, when the body was `multipart/form-data` and parsed.
    pub parts: Vec<RecordedPart>,
    /// Why the body could not be parsed as multipart, when its content type claimed it was.
    pub multipart_error: Option<String>,
}

impl RecordedRequest {
    /// The value of a header (the first one of that name), if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The first multipart part with this name.
    pub fn part(&self, name: &str) -> Option<&RecordedPart> {
        self.parts.iter().find(|p| p.name.as_deref() == Some(name))
    }

    /// The names of the multipart parts, in order (parts without a name are left out).
    pub fn part_names(&self) -> Vec<String> {
        self.parts.iter().filter_map(|p| p.name.clone()).collect()
    }
}

/// A canned answer that replaces the normal handling of the next request; see
/// [`ZoomServer::force_next_response`].
#[derive(Debug, Clone)]
struct ForcedResponse {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

#[derive(Debug)]
struct State {
    config: ZoomConfig,
    users: BTreeMap<String, User>,
    requests: Vec<RecordedRequest>,
    forced: VecDeque<ForcedResponse>,
    created: usize,
}

impl State {
    /// The id of the user that a decoded `{userId}` segment addresses: `me`, an id, or an email.
    fn resolve(&self, user_id: &str) -> Option<String> {
        if user_id == "me" {
            return Some(self.config.me.id.clone()).filter(|id| self.users.contains_key(id));
        }
        if self.users.contains_key(user_id) {
            return Some(user_id.to_owned());
        }
        self.users
            .values()
            .find(|u| u.email.eq_ignore_ascii_case(user_id))
            .map(|u| u.id.clone())
    }
}

type Shared = Arc<Mutex<State>>;

fn lock(state: &Shared) -> MutexGuard<'_, State> {
    // A panic while the lock was held leaves plain data behind; keep serving it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A running loopback Zoom users API. Stops when dropped (or by [`ZoomServer::shutdown`]).
#[derive(Debug)]
pub struct ZoomServer {
    /// The base URL to give a client, e.g. `http://127.0.0.1:PORT/v2` (the origin plus
    /// [`ZoomConfig::path_prefix`], without a trailing slash).
    pub base_url: String,
    /// The address the server listens on.
    pub addr: SocketAddr,
    state: Shared,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl ZoomServer {
    /// Binds `127.0.0.1:0`, seeds [`ZoomConfig::me`] and [`ZoomConfig::admins`], and serves
    /// until dropped. Must be called within a Tokio runtime.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound.
    pub async fn start(mut config: ZoomConfig) -> ZoomServer {
        config.path_prefix = normalize_prefix(&config.path_prefix);
        let mut users = BTreeMap::new();
        let me = &config.me;
        users.insert(
            me.id.clone(),
            User::seeded(&me.id, &me.email, false, Some(&me.password)),
        );
        for admin in &config.admins {
            users.insert(
                admin.id.clone(),
                User::seeded(&admin.id, &admin.email, true, Some(&admin.password)),
            );
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener
            .local_addr()
            .expect("local address of the listener");
        let base_url = format!("http://{addr}{}", config.path_prefix);
        let state: Shared = Arc::new(Mutex::new(State {
            config,
            users,
            requests: Vec::new(),
            forced: VecDeque::new(),
            created: 0,
        }));
        let app = Router::new().fallback(handle).with_state(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stopped.await;
            });
            // An accept error ends the server; the tests then see transport errors.
            let _ = serve.await;
        });
        ZoomServer {
            base_url,
            addr,
            state,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The origin, e.g. `http://127.0.0.1:PORT` (no path prefix, no trailing slash).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The configuration the server runs with (its prefix normalized).
    pub fn config(&self) -> ZoomConfig {
        lock(&self.state).config.clone()
    }

    /// The accepted bearer token.
    pub fn token(&self) -> String {
        lock(&self.state).config.token.clone()
    }

    /// Adds (or replaces) an active user. `password` may be empty for "no password".
    pub fn add_user(&self, id: &str, email: &str, is_admin: bool, password: &str) {
        let password = Some(password).filter(|p| !p.is_empty());
        lock(&self.state)
            .users
            .insert(id.to_owned(), User::seeded(id, email, is_admin, password));
    }

    /// The user with this id (exactly; not `me`, not an email).
    pub fn user(&self, id: &str) -> Option<User> {
        lock(&self.state).users.get(id).cloned()
    }

    /// The user with this email address (ASCII case-insensitive).
    pub fn user_by_email(&self, email: &str) -> Option<User> {
        lock(&self.state)
            .users
            .values()
            .find(|u| u.email.eq_ignore_ascii_case(email))
            .cloned()
    }

    /// All users, ordered by id.
    pub fn users(&self) -> Vec<User> {
        lock(&self.state).users.values().cloned().collect()
    }

    /// How many users `POST /users` has created in this run.
    pub fn created_count(&self) -> usize {
        lock(&self.state).created
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// The most recent request, if any.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.state).requests.last().cloned()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.state).requests.clear();
    }

    /// Makes the next request (after it is recorded, before authentication or routing) get
    /// exactly this answer, with no effect on the users. Several calls queue several answers.
    /// `content_type` `None` sends no `Content-Type`.
    ///
    /// # Panics
    ///
    /// If `status` is not a valid HTTP status code (100..=999).
    pub fn force_next_response(
        &self,
        status: u16,
        content_type: Option<&str>,
        body: impl Into<Vec<u8>>,
    ) {
        assert!(
            StatusCode::from_u16(status).is_ok(),
            "invalid HTTP status {status}"
        );
        lock(&self.state).forced.push_back(ForcedResponse {
            status,
            content_type: content_type.map(str::to_owned),
            body: body.into(),
        });
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

impl Drop for ZoomServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

fn normalize_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

// ---------------------------------------------------------------------------------------------
// Request handling. Nothing below may panic on anything a client sends.
// ---------------------------------------------------------------------------------------------

/// An answer: status, extra headers, and a JSON or empty body.
struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, String)>,
    body: Option<serde_json::Value>,
}

impl Reply {
    fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            headers: Vec::new(),
            body: None,
        }
    }

    fn error(status: StatusCode, code: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Some(serde_json::json!({ "code": code, "message": message.into() })),
        }
    }

    fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(json) => {
                let mut response = Body::from(json.to_string()).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            }
            None => Body::empty().into_response(),
        };
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

fn bad_param(message: impl Into<String>) -> Reply {
    Reply::error(
        StatusCode::BAD_REQUEST,
        codes::INVALID_PARAMETER,
        message.into(),
    )
}

fn forced_reply(forced: ForcedResponse) -> Response {
    let mut response = Body::from(forced.body).into_response();
    *response.status_mut() = StatusCode::from_u16(forced.status).unwrap_or(StatusCode::OK);
    if let Some(value) = forced
        .content_type
        .and_then(|ct| HeaderValue::from_str(&ct).ok())
    {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

async fn handle(
    axum::extract::State(state): axum::extract::State<Shared>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let raw_path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().map(str::to_owned);
    let body = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Reply::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::BODY_TOO_LARGE,
                "Request body too large or unreadable.",
            )
            .into_response()
        }
    };
    let (multipart, multipart_error) = match multipart_boundary(&parts.headers) {
        None => (None, None),
        Some(Err(error)) => (None, Some(error)),
        Some(Ok(boundary)) => match parse_multipart(body.clone(), boundary).await {
            Ok(parts) => (Some(parts), None),
            Err(error) => (None, Some(error)),
        },
    };
    let recorded = RecordedRequest {
        method: parts.method.as_str().to_owned(),
        raw_path: raw_path.clone(),
        raw_query,
        headers: parts.headers.clone(),
        body: body.to_vec(),
        parts: multipart.clone().unwrap_or_default(),
        multipart_error: multipart_error.clone(),
    };

    let mut st = lock(&state);
    st.requests.push(recorded);
    if let Some(forced) = st.forced.pop_front() {
        return forced_reply(forced);
    }
    if !authorized(&parts.headers, &st.config.token) {
        return Reply::error(
            StatusCode::UNAUTHORIZED,
            codes::INVALID_TOKEN,
            INVALID_TOKEN_MESSAGE,
        )
        .into_response();
    }
    let form = Form {
        parts: multipart,
        error: multipart_error,
    };
    route(&mut st, &parts.method, &raw_path, &form).into_response()
}

/// The parsed multipart body of a request, or why there is none.
struct Form {
    parts: Option<Vec<RecordedPart>>,
    error: Option<String>,
}

impl Form {
    /// The text of the single part named `name`: `Ok(None)` when absent, `Err` when the body
    /// is not multipart, the part is repeated, or it is not UTF-8.
    fn text(&self, name: &str) -> Result<Option<String>, Reply> {
        let Some(parts) = &self.parts else {
            return Err(bad_param(match &self.error {
                Some(error) => format!("Invalid multipart body: {error}."),
                None => "Request body must be multipart/form-data.".to_owned(),
            }));
        };
        let mut matching = parts.iter().filter(|p| p.name.as_deref() == Some(name));
        let Some(part) = matching.next() else {
            return Ok(None);
        };
        if matching.next().is_some() {
            return Err(bad_param(format!("Duplicate parameter: {name}.")));
        }
        match std::str::from_utf8(&part.bytes) {
            Ok(text) => Ok(Some(text.to_owned())),
            Err(_) => Err(bad_param(format!("Invalid parameter: {name}."))),
        }
    }
}

fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    match value.split_once(' ') {
        Some((scheme, given)) => scheme.eq_ignore_ascii_case("bearer") && given == token,
        None => false,
    }
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

async fn parse_multipart(body: Bytes, boundary: String) -> Result<Vec<RecordedPart>, String> {
    let stream = Body::from(body).into_data_stream();
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().map(str::to_owned);
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.map_err(|e| e.to_string())?;
        parts.push(RecordedPart {
            name,
            filename,
            content_type,
            bytes: bytes.to_vec(),
        });
    }
    Ok(parts)
}

/// Percent-decodes one raw path segment; `None` for a malformed escape or non-UTF-8 result.
fn percent_decode(segment: &str) -> Option<String> {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(segment.len());
    let mut rest = segment.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let (&hi, &lo) = (tail.first()?, tail.get(1)?);
            out.push(hex(hi)? * 16 + hex(lo)?);
            rest = tail.get(2..)?;
        } else {
            out.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(out).ok()
}

/// The endpoint a request addresses.
enum Endpoint {
    CreateUsers,
    UserStatus(String),
    UserPassword(String),
    UserToken(String),
}

fn route(st: &mut State, method: &Method, raw_path: &str, form: &Form) -> Reply {
    let unknown = || {
        Reply::error(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_ROUTE,
            format!("No such endpoint: {method} {raw_path}"),
        )
    };
    let Some(rest) = raw_path.strip_prefix(st.config.path_prefix.as_str()) else {
        return unknown();
    };
    let Some(rest) = rest.strip_prefix('/') else {
        return unknown();
    };
    let mut segments = Vec::new();
    for raw in rest.split('/') {
        match percent_decode(raw) {
            Some(segment) => segments.push(segment),
            None => return bad_param(format!("Malformed percent-encoding in path: {raw_path}")),
        }
    }
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (endpoint, allowed) = match segments.as_slice() {
        ["users"] => (Endpoint::CreateUsers, Method::POST),
        ["users", id, "status"] => (Endpoint::UserStatus((*id).to_owned()), Method::PUT),
        ["users", id, "password"] => (Endpoint::UserPassword((*id).to_owned()), Method::PUT),
        ["users", id, "token"] => (Endpoint::UserToken((*id).to_owned()), Method::DELETE),
        _ => return unknown(),
    };
    if *method != allowed {
        return Reply::error(
            StatusCode::METHOD_NOT_ALLOWED,
            codes::METHOD_NOT_ALLOWED,
            format!("Method {method} not allowed; use {allowed}."),
        )
        .with_header(header::ALLOW, allowed.as_str());
    }
    let result = match endpoint {
        Endpoint::CreateUsers => create_users(st, form),
        Endpoint::UserStatus(id) => update_status(st, &id, form),
        Endpoint::UserPassword(id) => update_password(st, &id, form),
        Endpoint::UserToken(id) => revoke_token(st, &id),
    };
    result.unwrap_or_else(|reply| reply)
}

fn not_found(user_id: &str) -> Reply {
    Reply::error(
        StatusCode::NOT_FOUND,
        codes::USER_NOT_FOUND,
        user_not_found_message(user_id),
    )
}

fn user_mut<'s>(st: &'s mut State, user_id: &str) -> Result<&'s mut User, Reply> {
    let id = st.resolve(user_id).ok_or_else(|| not_found(user_id))?;
    st.users.get_mut(&id).ok_or_else(|| not_found(user_id))
}

const CREATE_ACTIONS: [&str; 4] = ["create", "autoCreate", "custCreate", "ssoCreate"];

fn create_users(st: &mut State, form: &Form) -> Result<Reply, Reply> {
    let action = form.text("action")?;
    let user_info = form.text("user_info")?;
    if st.created >= st.config.rate_limit_after {
        return Ok(Reply::error(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            rate_limited_message(st.config.rate_limit_after),
        )
        .with_header(header::RETRY_AFTER, st.config.retry_after_secs.to_string()));
    }
    let action = match action {
        Some(action) if CREATE_ACTIONS.contains(&action.as_str()) => action,
        _ => return Err(bad_param("Invalid parameter: action.")),
    };
    let Some(user_info) = user_info else {
        return Err(bad_param("Invalid parameter: user_info."));
    };
    let Ok(serde_json::Value::Object(info)) = serde_json::from_str(&user_info) else {
        return Err(bad_param("Invalid parameter: user_info."));
    };
    let email = match info.get("email") {
        Some(serde_json::Value::String(email)) if !email.trim().is_empty() => email.clone(),
        _ => return Err(bad_param("Invalid parameter: user_info.email.")),
    };
    let text_field = |name: &str| -> Result<String, Reply> {
        match info.get(name) {
            None | Some(serde_json::Value::Null) => Ok(String::new()),
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(bad_param(format!("Invalid parameter: user_info.{name}."))),
        }
    };
    let first_name = text_field("first_name")?;
    let last_name = text_field("last_name")?;
    let password = text_field("password")?;
    if password.chars().count() >= 32 {
        return Err(bad_param("Invalid parameter: password."));
    }
    let user_type = match info.get("type") {
        None | Some(serde_json::Value::Null) => 1,
        Some(value) => match value.as_i64() {
            Some(t) if (1..=3).contains(&t) || t == 99 => t,
            _ => return Err(bad_param("Invalid parameter: user_info.type.")),
        },
    };
    if st
        .users
        .values()
        .any(|u| u.email.eq_ignore_ascii_case(&email))
    {
        return Err(Reply::error(
            StatusCode::CONFLICT,
            codes::EMAIL_IN_USE,
            email_in_use_message(&email),
        ));
    }
    st.created += 1;
    let id = format!("zoom-user-{:04}", st.created);
    let user = User {
        id: id.clone(),
        email,
        first_name,
        last_name,
        user_type,
        is_admin: false,
        status: UserStatus::Active,
        password: Some(password).filter(|p| !p.is_empty()),
        sso_token_revoked: false,
        created_with_action: Some(action),
    };
    let body = serde_json::json!({
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "type": user.user_type,
    });
    st.users.insert(id.clone(), user);
    Ok(Reply {
        status: StatusCode::CREATED,
        headers: vec![(
            header::CONTENT_LOCATION,
            format!("{}/users/{id}", st.config.path_prefix),
        )],
        body: Some(body),
    })
}

fn update_status(st: &mut State, user_id: &str, form: &Form) -> Result<Reply, Reply> {
    let status = match form.text("action")?.as_deref() {
        Some("activate") => UserStatus::Active,
        Some("deactivate") => UserStatus::Inactive,
        _ => return Err(bad_param("Invalid parameter: action.")),
    };
    let user = user_mut(st, user_id)?;
    if user.is_admin {
        return Err(Reply::error(
            StatusCode::BAD_REQUEST,
            codes::NO_PRIVILEGE,
            ADMIN_STATUS_MESSAGE,
        ));
    }
    user.status = status;
    Ok(Reply::no_content())
}

fn update_password(st: &mut State, user_id: &str, form: &Form) -> Result<Reply, Reply> {
    let Some(password) = form.text("password")?.filter(|p| !p.is_empty()) else {
        return Err(bad_param("Invalid parameter: password."));
    };
    if password.chars().count() >= 32 {
        return Err(bad_param("Invalid parameter: password."));
    }
    let user = user_mut(st, user_id)?;
    if user.password.as_deref() == Some(password.as_str()) {
        return Err(bad_param(SAME_PASSWORD_MESSAGE));
    }
    user.password = Some(password);
    Ok(Reply::no_content())
}

fn revoke_token(st: &mut State, user_id: &str) -> Result<Reply, Reply> {
    let user = user_mut(st, user_id)?;
    user.sso_token_revoked = true;
    Ok(Reply::no_content())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_segments() {
        assert_eq!(percent_decode("a%2Fb").as_deref(), Some("a/b"));
        assert_eq!(percent_decode("%C3%A9t%C3%A9").as_deref(), Some("été"));
        assert_eq!(percent_decode("50%25").as_deref(), Some("50%"));
        assert_eq!(percent_decode("a+b").as_deref(), Some("a+b"));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn normalizes_prefixes() {
        assert_eq!(normalize_prefix("/v2"), "/v2");
        assert_eq!(normalize_prefix("v2/"), "/v2");
        assert_eq!(normalize_prefix("/api/zoom/v2/"), "/api/zoom/v2");
        assert_eq!(normalize_prefix("/"), "");
        assert_eq!(normalize_prefix(""), "");
    }
}
