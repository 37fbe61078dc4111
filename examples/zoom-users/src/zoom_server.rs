//! A small stand-in for Zoom's users API, served on loopback so that the example runs
//! anywhere, without a Zoom account. A program that talks to Zoom does not need this file.
//!
//! It answers the way Zoom documents it, from users held in memory:
//!
//! | request                          | success                | errors                       |
//! | -------------------------------- | ---------------------- | ---------------------------- |
//! | `POST /v2/users`                 | 201 and the new user   | 400, 409 (code 1005)         |
//! | `PUT /v2/users/{userId}/status`  | 204                    | 400, 404 (code 1001), 429    |
//! | `GET /v2/users`                  | 200, a page of users   | 400                          |
//!
//! Every request needs `Authorization: Bearer <token>` (else 401, code 124). Error bodies are
//! Zoom's: `{"code": 1005, "message": "..."}`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

/// Zoom limits how often a request may be made. This server allows one status change per user
/// in this interval, and answers a second one with 429 and `Retry-After`.
const STATUS_CHANGE_INTERVAL: Duration = Duration::from_secs(1);

/// A running server.
pub struct ZoomServer {
    /// What to give the client's `with_base_url`: `http://127.0.0.1:PORT/v2`.
    pub base_url: String,
}

/// Serves on a free port of 127.0.0.1 until the program ends, accepting only `token`.
pub async fn start(token: &str) -> std::io::Result<ZoomServer> {
    let account = Arc::new(Mutex::new(Account::with_users(&[
        ("owner@example.com", "Olive", "Owner"),
        ("grace@example.com", "Grace", "Hopper"),
        ("alan@example.com", "Alan", "Turing"),
    ])));
    let api = Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{user_id}/status", put(update_status))
        .route_layer(middleware::from_fn_with_state(
            Arc::<str>::from(token),
            require_token,
        ))
        .with_state(account);
    let app = Router::new().nest("/v2", api);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}/v2", listener.local_addr()?);
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("the Zoom stand-in stopped: {error}");
        }
    });
    Ok(ZoomServer { base_url })
}

/// A user as Zoom lists it.
#[derive(Clone, Serialize)]
struct User {
    id: String,
    first_name: String,
    last_name: String,
    email: String,
    /// 1 basic, 2 licensed, ...
    #[serde(rename = "type")]
    user_type: i64,
    /// `active` or `inactive`.
    status: &'static str,
}

/// The users of the account, in the order they were created.
struct Account {
    users: Vec<User>,
    last_status_change: HashMap<String, Instant>,
}

impl Account {
    fn with_users(users: &[(&str, &str, &str)]) -> Self {
        let mut account = Account {
            users: Vec::new(),
            last_status_change: HashMap::new(),
        };
        for (email, first_name, last_name) in users {
            account.add(UserInfo {
                email: (*email).to_owned(),
                first_name: (*first_name).to_owned(),
                last_name: (*last_name).to_owned(),
                user_type: 1,
            });
        }
        account
    }

    fn add(&mut self, info: UserInfo) -> User {
        let user = User {
            id: format!("zoom-user-{}", self.users.len() + 1),
            first_name: info.first_name,
            last_name: info.last_name,
            email: info.email,
            user_type: info.user_type,
            status: "active",
        };
        self.users.push(user.clone());
        user
    }
}

type Shared = Arc<Mutex<Account>>;

/// Zoom's error body, with its status.
fn zoom_error(status: StatusCode, code: u32, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "code": code, "message": message.into() });
    (status, Json(body)).into_response()
}

fn invalid(parameter: &str) -> Response {
    zoom_error(
        StatusCode::BAD_REQUEST,
        300,
        format!("Invalid parameter: {parameter}."),
    )
}

async fn require_token(State(token): State<Arc<str>>, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if given == Some(&*token) {
        next.run(request).await
    } else {
        zoom_error(StatusCode::UNAUTHORIZED, 124, "Invalid access token.")
    }
}

/// The text fields of a `multipart/form-data` body, as Zoom's user requests send them.
async fn form_fields(mut multipart: Multipart) -> Result<HashMap<String, String>, Response> {
    let mut fields = HashMap::new();
    while let Some(field) = multipart.next_field().await.map_err(|_| invalid("body"))? {
        let name = field.name().unwrap_or_default().to_owned();
        let text = field.text().await.map_err(|_| invalid(&name))?;
        fields.insert(name, text);
    }
    Ok(fields)
}

/// The JSON of the `user_info` field.
#[derive(Deserialize)]
struct UserInfo {
    email: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(rename = "type", default = "basic")]
    user_type: i64,
}

fn basic() -> i64 {
    1
}

/// `POST /users`: fields `action` and `user_info`.
async fn create_user(
    State(account): State<Shared>,
    multipart: Multipart,
) -> Result<Response, Response> {
    let fields = form_fields(multipart).await?;
    let action = fields.get("action").map(String::as_str);
    if !matches!(
        action,
        Some("create" | "autoCreate" | "custCreate" | "ssoCreate")
    ) {
        return Err(invalid("action"));
    }
    let info: UserInfo = fields
        .get("user_info")
        .and_then(|json| serde_json::from_str(json).ok())
        .ok_or_else(|| invalid("user_info"))?;

    let mut account = account.lock().await;
    if account
        .users
        .iter()
        .any(|user| user.email.eq_ignore_ascii_case(&info.email))
    {
        let message = format!("Email {} has already been used.", info.email);
        return Err(zoom_error(StatusCode::CONFLICT, 1005, message));
    }
    let user = account.add(info);
    Ok((StatusCode::CREATED, Json(user)).into_response())
}

/// `PUT /users/{userId}/status`: field `action`, `activate` or `deactivate`.
async fn update_status(
    State(account): State<Shared>,
    Path(user_id): Path<String>,
    multipart: Multipart,
) -> Result<StatusCode, Response> {
    let fields = form_fields(multipart).await?;
    let status = match fields.get("action").map(String::as_str) {
        Some("activate") => "active",
        Some("deactivate") => "inactive",
        _ => return Err(invalid("action")),
    };

    let mut account = account.lock().await;
    let Account {
        users,
        last_status_change,
    } = &mut *account;
    let Some(user) = users.iter_mut().find(|user| user.id == user_id) else {
        let message = format!("User does not exist: {user_id}.");
        return Err(zoom_error(StatusCode::NOT_FOUND, 1001, message));
    };
    if let Some(last) = last_status_change.get(&user_id) {
        let wait = STATUS_CHANGE_INTERVAL.saturating_sub(last.elapsed());
        if !wait.is_zero() {
            // Whole seconds, rounded up, as `Retry-After` takes them.
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut response = zoom_error(
                StatusCode::TOO_MANY_REQUESTS,
                429,
                "Too many requests. Please try again later.",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, seconds.into());
            return Err(response);
        }
    }
    user.status = status;
    last_status_change.insert(user_id, Instant::now());
    Ok(StatusCode::NO_CONTENT)
}

/// The query of `GET /users`.
#[derive(Deserialize)]
struct ListQuery {
    status: Option<String>,
    page_size: Option<usize>,
    next_page_token: Option<String>,
}

/// `GET /users`: a page of the users with a status (`active` unless `status` says otherwise),
/// Zoom style. The `next_page_token` of a page asks for the next one; it is empty on the last
/// page.
async fn list_users(
    State(account): State<Shared>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Response> {
    let status = query.status.as_deref().unwrap_or("active");
    let page_size = query.page_size.unwrap_or(30).clamp(1, 300);
    // The token is opaque to clients; here it is where the next page starts.
    let start: usize = match query.next_page_token.as_deref() {
        None | Some("") => 0,
        Some(token) => token.parse().map_err(|_| invalid("next_page_token"))?,
    };
    let account = account.lock().await;
    let listed: Vec<&User> = account
        .users
        .iter()
        .filter(|user| user.status == status)
        .collect();
    let total = listed.len();
    let end = start.saturating_add(page_size).min(total);
    let users = listed.get(start..end).unwrap_or_default();
    let next_page_token = if end < total {
        end.to_string()
    } else {
        String::new()
    };
    // What the server saw, so that the example's output shows each page being fetched.
    println!(
        "   (server: GET /v2/users, page_size={page_size}, next_page_token={:?}: {} users)",
        query.next_page_token.as_deref().unwrap_or_default(),
        users.len()
    );
    let body = serde_json::json!({
        "page_size": page_size,
        "total_records": total,
        "next_page_token": next_page_token,
        "users": users,
    });
    Ok(Json(body).into_response())
}
