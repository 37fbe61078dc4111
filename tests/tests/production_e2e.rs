//! End-to-end tests of what a generated client needs in production (issue 16): retries with
//! `Retry-After`, a trait to fake the API with, and response metadata, driving
//! `generated::zoom_users::Client` against the loopback echo server.

use std::time::{Duration, Instant};

use generated::zoom_users::{
    Api, Client, CreateUsersAction, CreateUsersError, CreateUsersRequest, CreateUsersResponse,
    CreateUsersUserInfo, ListUsersError, ListUsersOptions, ListUsersResponse,
    ListUsersResponseUsersItem, Pages, RetryPolicy, RevokeAUsersSsoTokenError, Stream,
    UpdateAUsersPasswordError, UpdateAUsersPasswordRequest, UpdateUserStatusError,
    UpdateUserStatusRequest,
};
use postman_codegen_tests::echo_server::{EchoServer, Reply};

fn client(server: &EchoServer) -> Client {
    Client::new("token").with_base_url(server.url(""))
}

fn new_user() -> CreateUsersRequest {
    CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: Some(CreateUsersUserInfo {
            email: Some("ada@example.test".to_owned()),
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

/// A 429 with `Retry-After: 1`, then a success: the client waits the second and sends again.
#[tokio::test]
async fn a_429_with_retry_after_is_waited_for_and_sent_again() {
    let server = EchoServer::start().await;
    server.enqueue(Reply::empty(429).header("retry-after", "1"));
    server.enqueue(Reply::empty(201).header("x-ratelimit-remaining", "9"));
    let client = client(&server).with_retry(RetryPolicy::default());
    let start = Instant::now();
    let done = client
        .revoke_a_users_sso_token("me")
        .with_meta()
        .await
        .unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!((done.status, done.attempts), (201, 2));
    assert_eq!(done.header("x-ratelimit-remaining"), Some("9"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method == "DELETE"
        && r.raw_path == "/users/me/token"
        && r.header("authorization") == Some("Bearer token")));
}

/// A default client sends once.
#[tokio::test]
async fn a_default_client_does_not_retry() {
    let server = EchoServer::start().await;
    server.default_reply(Reply::empty(503).header("retry-after", "0"));
    let error = client(&server)
        .revoke_a_users_sso_token("me")
        .await
        .unwrap_err();
    let response = error.response().unwrap();
    assert_eq!((response.status, response.attempts), (503, 1));
    assert_eq!(
        error.to_string(),
        "revoke_a_users_sso_token: undocumented HTTP 503"
    );
    assert_eq!(server.count(), 1);
}

/// A POST is not idempotent: the default policy does not send it twice.
#[tokio::test]
async fn a_post_is_not_retried_by_default() {
    let server = EchoServer::start().await;
    server.default_reply(Reply::empty(429).header("retry-after", "0"));
    let client = client(&server).with_retry(RetryPolicy::default());
    let error = client.create_users(&new_user()).await.unwrap_err();
    assert!(
        matches!(error, CreateUsersError::TooManyRequests(_)),
        "{error:?}"
    );
    assert_eq!(error.response().map(|r| r.attempts), Some(1));
    assert_eq!(server.count(), 1);
}

/// A `Retry-After` longer than the policy's maximum delay is not waited for.
#[tokio::test]
async fn a_retry_after_over_the_cap_is_returned_at_once() {
    let server = EchoServer::start().await;
    server.enqueue(Reply::empty(503).header("retry-after", "120"));
    let client = client(&server).with_retry(RetryPolicy::default());
    let start = Instant::now();
    let error = client.revoke_a_users_sso_token("me").await.unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(error.response().map(|r| r.status), Some(503));
    assert_eq!(server.count(), 1);
    // The same as an HTTP date, with a smaller cap.
    server.clear();
    let in_a_minute =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(60));
    server.enqueue(Reply::empty(429).header("retry-after", &in_a_minute));
    let capped = client.with_retry(RetryPolicy::default().with_max_delay(Duration::from_secs(2)));
    let start = Instant::now();
    let error = capped.revoke_a_users_sso_token("me").await.unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(error.response().map(|r| r.status), Some(429));
    assert_eq!(server.count(), 1);
}

/// The last attempt's response is the error, and says how many attempts were made.
#[tokio::test]
async fn the_error_after_the_last_attempt_says_how_many_were_made() {
    let server = EchoServer::start().await;
    server.default_reply(
        Reply::json(503, &serde_json::json!({"code": 7, "message": "busy"}))
            .header("retry-after", "0"),
    );
    let client = client(&server).with_retry(RetryPolicy::default());
    let error = client
        .update_a_users_password("me", &UpdateAUsersPasswordRequest::default())
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        UpdateAUsersPasswordError::UnexpectedStatus(_)
    ));
    assert_eq!(
        error.to_string(),
        "update_a_users_password: undocumented HTTP 503, code 7: busy (after 3 attempts)"
    );
    assert_eq!(error.response().map(|r| r.attempts), Some(3));
    assert_eq!(server.count(), 3);
}

/// A multipart POST, retried because the policy allows it: the second attempt carries the
/// whole form again.
#[tokio::test]
async fn a_multipart_post_is_sent_whole_again_when_the_policy_allows_it() {
    let server = EchoServer::start().await;
    server.enqueue(Reply::empty(503));
    server.enqueue(created());
    let policy = RetryPolicy::default()
        .with_non_idempotent(true)
        .with_base_delay(Duration::from_millis(10));
    let client = client(&server).with_retry(policy);
    let user: CreateUsersResponse = client.create_users(&new_user()).await.unwrap();
    assert_eq!(user.id, "u1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.media_type().as_deref(), Some("multipart/form-data"));
        assert_eq!(request.multipart_error, None);
        assert_eq!(
            request.part("action").map(|p| p.text()).as_deref(),
            Some("create")
        );
        assert!(
            request.part_names().len() >= 2,
            "{:?}",
            request.part_names()
        );
    }
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[0].parts, requests[1].parts);
}

/// Connection errors are retried (nothing reached the server), then returned.
#[tokio::test]
async fn connection_errors_are_retried() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(20));
    let client = Client::new("token").with_base_url(url).with_retry(policy);
    let start = Instant::now();
    let error = client.revoke_a_users_sso_token("me").await.unwrap_err();
    assert!(
        matches!(&error, RevokeAUsersSsoTokenError::Transport(e) if e.is_connect()),
        "{error:?}"
    );
    // Two backoffs: at least 10 ms and 20 ms (half of 20 ms and of 40 ms).
    assert!(
        start.elapsed() >= Duration::from_millis(30),
        "{:?}",
        start.elapsed()
    );
}

/// Code written against `&impl Api`, as a user's would be.
async fn onboard(api: &impl Api, email: &str) -> Result<String, CreateUsersError> {
    let mut body = new_user();
    if let Some(info) = body.user_info.as_mut() {
        info.email = Some(email.to_owned());
    }
    let user = api.create_users(&body).await?;
    Ok(user.id)
}

/// A fake of the API for tests, with plain `async fn`s.
#[derive(Default)]
struct Fake {
    created: std::sync::Mutex<Vec<String>>,
}

impl Api for Fake {
    async fn list_users(
        &self,
        _options: &ListUsersOptions,
    ) -> Result<ListUsersResponse, ListUsersError> {
        Ok(ListUsersResponse::default())
    }

    fn list_users_stream(
        &self,
        _options: &ListUsersOptions,
    ) -> impl Stream<Item = Result<ListUsersResponseUsersItem, ListUsersError>> + Send {
        Pages::from_items(Vec::new())
    }

    async fn revoke_a_users_sso_token(
        &self,
        _user_id: &str,
    ) -> Result<(), RevokeAUsersSsoTokenError> {
        Ok(())
    }

    async fn update_user_status(
        &self,
        _user_id: &str,
        _body: &UpdateUserStatusRequest,
    ) -> Result<(), UpdateUserStatusError> {
        Ok(())
    }

    async fn update_a_users_password(
        &self,
        _user_id: &str,
        _body: &UpdateAUsersPasswordRequest,
    ) -> Result<(), UpdateAUsersPasswordError> {
        Ok(())
    }

    async fn create_users(
        &self,
        body: &CreateUsersRequest,
    ) -> Result<CreateUsersResponse, CreateUsersError> {
        let email = body
            .user_info
            .as_ref()
            .and_then(|info| info.email.clone())
            .unwrap_or_default();
        self.created.lock().unwrap().push(email);
        Ok(serde_json::from_value(serde_json::json!({"id": "fake-1"})).unwrap())
    }
}

#[tokio::test]
async fn a_fake_implements_api_and_so_does_the_client() {
    let fake = Fake::default();
    assert_eq!(onboard(&fake, "ada@example.test").await.unwrap(), "fake-1");
    assert_eq!(*fake.created.lock().unwrap(), ["ada@example.test"]);

    let server = EchoServer::start().await;
    server.enqueue(created());
    let client = client(&server);
    assert_eq!(onboard(&client, "ada@example.test").await.unwrap(), "u1");
    assert_eq!(server.count(), 1);
    // The futures of `Api` are `Send`: they can be spawned.
    let spawned = tokio::spawn(async move {
        server.enqueue(created());
        onboard(&client, "bob@example.test").await
    });
    assert_eq!(spawned.await.unwrap().unwrap(), "u1");
}

/// A success's status and headers, with its body (Zoom's `201` carries `Content-Location`).
#[tokio::test]
async fn a_success_comes_with_its_status_and_headers() {
    let server = EchoServer::start().await;
    server.enqueue(
        created()
            .header("content-location", "/users/u1")
            .header("x-ratelimit-remaining", "41"),
    );
    let client = client(&server);
    let with = client.create_users(&new_user()).with_meta().await.unwrap();
    assert_eq!(with.status, 201);
    assert_eq!(with.header("content-location"), Some("/users/u1"));
    assert_eq!(with.header("x-ratelimit-remaining"), Some("41"));
    assert_eq!(with.attempts, 1);
    assert_eq!(with.value.id, "u1");
    // Awaited alone, the same method gives the value.
    server.enqueue(created());
    let user = client.create_users(&new_user()).await.unwrap();
    assert_eq!(user.email, "ada@example.test");
}
