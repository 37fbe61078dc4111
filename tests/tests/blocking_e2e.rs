//! End-to-end tests of the blocking face (`Builder::blocking`): `generated::zoom_users::blocking::Client`
//! against the loopback Zoom and echo servers, from plain `#[test]`s. Each server runs on a
//! runtime of the test's own ([`Servers`]); the blocking client is called from the test's
//! thread, which has no async runtime, except where a test calls it from inside one.

use std::time::{Duration, Instant};

use generated::zoom_users::blocking::Client;
use generated::zoom_users::{
    CreateUsersAction, CreateUsersError, CreateUsersRequest, CreateUsersUserInfo, RetryPolicy,
    RevokeAUsersSsoTokenError, UpdateUserStatusAction, UpdateUserStatusRequest,
};
use postman_codegen_tests::echo_server::{EchoServer, Reply};
use postman_codegen_tests::zoom_server::{codes, UserStatus, ZoomConfig, ZoomServer};

/// The runtime the loopback servers run on, apart from the test's thread.
struct Servers(tokio::runtime::Runtime);

impl Servers {
    fn new() -> Self {
        Self(
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap(),
        )
    }

    fn zoom(&self) -> ZoomServer {
        self.0.block_on(ZoomServer::start(ZoomConfig::default()))
    }

    fn echo(&self) -> EchoServer {
        self.0.block_on(EchoServer::start())
    }

    /// A server that accepts connections and reads, but never answers: its URL.
    fn silent(&self) -> String {
        let listener = self
            .0
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        self.0.spawn(async move {
            let mut open = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                open.push(socket);
            }
        });
        url
    }
}

fn zoom_client(server: &ZoomServer) -> Client {
    Client::new(server.token()).with_base_url(server.base_url.clone())
}

fn new_user(email: &str) -> CreateUsersRequest {
    CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: Some(CreateUsersUserInfo {
            email: Some(email.to_owned()),
            first_name: Some("Ada".to_owned()),
            ..Default::default()
        }),
    }
}

fn created() -> Reply {
    Reply::json(
        201,
        &serde_json::json!({"id": "u1", "email": "ada@example.test", "type": 1}),
    )
}

#[test]
fn creates_a_user_then_changes_its_status() {
    let servers = Servers::new();
    let server = servers.zoom();
    let client = zoom_client(&server);
    let user = client.create_users(&new_user("ada@example.com")).unwrap();
    assert_eq!(user.email, "ada@example.com");
    assert_eq!(user.first_name, "Ada");
    let stored = server.user(&user.id).unwrap();
    assert_eq!(stored.email, "ada@example.com");
    assert_eq!(stored.status, UserStatus::Active);

    let deactivate = UpdateUserStatusRequest {
        action: UpdateUserStatusAction::Deactivate,
    };
    client.update_user_status(&user.id, &deactivate).unwrap();
    assert_eq!(server.user(&user.id).unwrap().status, UserStatus::Inactive);
    assert_eq!(server.requests().len(), 2);
    for request in server.requests() {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {}", server.token()).as_str())
        );
    }
}

#[test]
fn a_taken_email_is_the_typed_409() {
    let servers = Servers::new();
    let server = servers.zoom();
    let client = zoom_client(&server);
    client.create_users(&new_user("dup@example.com")).unwrap();
    match client.create_users(&new_user("dup@example.com")) {
        Err(CreateUsersError::Conflict(response)) => {
            assert_eq!(response.status, 409);
            assert_eq!(response.code, Some(codes::EMAIL_IN_USE));
            assert_eq!(
                response.message.as_deref(),
                Some("Email dup@example.com has already been used.")
            );
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(server.created_count(), 1);
}

/// A 429 with `Retry-After: 1`, then a 201: the blocking call waits the second and sends the
/// POST again, as the policy allows it to.
#[test]
fn a_429_with_retry_after_is_waited_for_and_sent_again() {
    let servers = Servers::new();
    let server = servers.echo();
    server.enqueue(Reply::empty(429).header("retry-after", "1"));
    server.enqueue(created());
    let policy = RetryPolicy::default().with_non_idempotent(true);
    let client = Client::new("token")
        .with_base_url(server.url(""))
        .with_retry(policy);
    let start = Instant::now();
    let user = client.create_users(&new_user("ada@example.test")).unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(user.id, "u1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method == "POST"));
    assert_eq!(requests[0].body, requests[1].body);
}

#[test]
fn the_timeout_set_holds() {
    let servers = Servers::new();
    let url = servers.silent();
    let client = Client::new("token")
        .with_base_url(url)
        .with_timeout(Duration::from_millis(500));
    let start = Instant::now();
    match client.revoke_a_users_sso_token("me") {
        Err(RevokeAUsersSsoTokenError::Transport(error)) => {
            assert!(error.is_timeout(), "{error}")
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    let elapsed = start.elapsed();
    assert!(
        elapsed >= Duration::from_millis(500) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

/// A success's status and headers: the async client's `with_meta()`, run by `block_on`.
#[test]
fn a_success_comes_with_its_status_and_headers() {
    let servers = Servers::new();
    let server = servers.echo();
    server.enqueue(
        created()
            .header("content-location", "/users/u1")
            .header("x-ratelimit-remaining", "41"),
    );
    let client = Client::new("token").with_base_url(server.url(""));
    let body = new_user("ada@example.test");
    let with = client
        .block_on(client.as_async().create_users(&body).with_meta())
        .unwrap()
        .unwrap();
    assert_eq!((with.status, with.attempts), (201, 1));
    assert_eq!(with.header("content-location"), Some("/users/u1"));
    assert_eq!(with.header("x-ratelimit-remaining"), Some("41"));
    assert_eq!(with.value.id, "u1");
}

/// tokio refuses (panics) to block one of its threads on another runtime: the blocking
/// client runs the request on a thread of its own there, from a current-thread runtime as
/// from a multi-thread one, and is dropped there without a panic either.
#[test]
fn a_call_from_inside_an_async_runtime_does_not_panic() {
    let servers = Servers::new();
    let server = servers.zoom();
    for flavor in ["current_thread", "multi_thread"] {
        let runtime = match flavor {
            "current_thread" => tokio::runtime::Builder::new_current_thread(),
            _ => tokio::runtime::Builder::new_multi_thread(),
        }
        .enable_all()
        .build()
        .unwrap();
        let email = format!("{flavor}@example.com");
        let user = runtime.block_on(async {
            let client = zoom_client(&server);
            let user = client.create_users(&new_user(&email));
            drop(client);
            user
        });
        assert_eq!(user.unwrap().email, email, "{flavor}");
    }
    assert_eq!(server.created_count(), 2);
}

/// An async client as configured becomes blocking with `From`; clones share it; its `Debug`
/// shows no credential.
#[test]
fn an_async_client_becomes_blocking() {
    let servers = Servers::new();
    let server = servers.zoom();
    let configured = generated::zoom_users::Client::new(server.token())
        .with_base_url(server.base_url.clone())
        .with_timeout(Duration::from_secs(5));
    let client = Client::from(configured);
    assert_eq!(client.base_url(), server.base_url);
    assert_eq!(client.as_async().base_url(), server.base_url);
    let debug = format!("{client:?}");
    assert!(debug.contains(&server.base_url), "{debug}");
    assert!(!debug.contains(&server.token()), "{debug}");
    let clone = client.clone();
    std::thread::scope(|scope| {
        for (i, client) in [&client, &clone].into_iter().enumerate() {
            scope.spawn(move || {
                client
                    .create_users(&new_user(&format!("thread{i}@example.com")))
                    .unwrap()
            });
        }
    });
    assert_eq!(server.created_count(), 2);
}

/// A paged list through the blocking face: an iterator that fetches each page when the one
/// before is used up, with the page requests checked.
#[test]
fn a_paged_list_is_an_iterator_over_every_page() {
    use generated::zoom_users::ListUsersOptions;

    let servers = Servers::new();
    let server = servers.echo();
    for (ids, next) in [
        (&["u1", "u2"][..], "t2"),
        (&["u3", "u4"][..], "t3"),
        (&["u5"][..], ""),
    ] {
        let users: Vec<serde_json::Value> =
            ids.iter().map(|id| serde_json::json!({"id": id})).collect();
        server.enqueue(Reply::json(
            200,
            &serde_json::json!({"next_page_token": next, "users": users}),
        ));
    }
    let client = Client::new("token").with_base_url(server.url(""));
    let options = ListUsersOptions {
        page_size: Some("2".to_owned()),
        ..Default::default()
    };
    let mut users = client.list_users_stream(&options);
    assert_eq!(users.next().unwrap().unwrap().id, "u1");
    assert_eq!(server.count(), 1, "a page is fetched when it is needed");
    let rest: Vec<String> = users.map(|user| user.unwrap().id).collect();
    assert_eq!(rest, ["u2", "u3", "u4", "u5"]);
    let queries: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.raw_query.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        queries,
        [
            "page_size=2",
            "page_size=2&next_page_token=t2",
            "page_size=2&next_page_token=t3"
        ]
    );

    // A failing page is the request's error, and the iterator ends.
    server.enqueue(Reply::empty(500));
    let mut users = client.list_users_stream(&options);
    assert!(matches!(users.next(), Some(Err(_))));
    assert!(users.next().is_none());
}
