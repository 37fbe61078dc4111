//! Generated clients against servers that redirect elsewhere, send too much or never answer:
//! the run-time crate's guarantees (`runtime/tests/` checks them on `Call` directly) hold for
//! the methods the generator writes, credentials of every kind the collection uses included.

use std::time::Duration;

use generated::auth::{Client, GetProfileError, HeaderKeyError, QueryKeyError, Redirects};
use postman_codegen_tests::echo_server::{EchoServer, Reply};

fn redirect_to(location: &str) -> Reply {
    Reply::empty(302).header("location", location)
}

fn client(base: &str) -> Client {
    Client::new("secret-bearer")
        .with_base_url(base)
        .with_api_key_header_x_api_key("secret-header-key")
        .with_api_key_query_api_key("secret-query-key")
}

/// Every credential the auth collection's client holds: none may reach the other origin.
fn assert_no_credential(server: &EchoServer) {
    for request in server.requests() {
        let headers = format!("{:?}", request.headers);
        assert!(
            !headers.contains("secret"),
            "a credential arrived: {headers}"
        );
        assert!(request.headers.get("authorization").is_none());
        assert!(request.headers.get("referer").is_none());
        let query = request.raw_query.unwrap_or_default();
        assert!(
            !query.contains("secret"),
            "a credential arrived in `{query}`"
        );
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_an_error_carrying_the_location() {
    let origin = EchoServer::start().await;
    let elsewhere = EchoServer::start().await;
    for path in ["/me", "/keyed/header", "/keyed/query"] {
        origin.on("GET", path, redirect_to(&elsewhere.url("/landed")));
    }
    let client = client(&origin.url(""));
    let redirected = |response: &generated::auth::ApiResponse| {
        assert_eq!(response.status, 302);
        assert_eq!(
            response.header("location"),
            Some(&*elsewhere.url("/landed"))
        );
    };
    match client.get_profile().await {
        Err(GetProfileError::Redirected(response)) => redirected(&response),
        other => panic!("{other:?}"),
    }
    match client.header_key().await {
        Err(HeaderKeyError::Redirected(response)) => redirected(&response),
        other => panic!("{other:?}"),
    }
    match client.query_key("json").await {
        Err(QueryKeyError::Redirected(response)) => redirected(&response),
        other => panic!("{other:?}"),
    }
    assert!(
        elsewhere.requests().is_empty(),
        "the other origin was asked"
    );
}

#[tokio::test]
async fn followed_to_another_origin_on_request_the_credentials_stay_behind() {
    let origin = EchoServer::start().await;
    let elsewhere = EchoServer::start().await;
    for path in ["/me", "/keyed/header", "/keyed/query"] {
        origin.on("GET", path, redirect_to(&elsewhere.url(path)));
        elsewhere.on("GET", path, Reply::empty(204));
    }
    let client = client(&origin.url("")).with_redirects(Redirects::Any { max: 5 });
    client.get_profile().await.unwrap();
    client.header_key().await.unwrap();
    client.query_key("json").await.unwrap();
    assert_eq!(elsewhere.requests().len(), 3);
    assert_no_credential(&elsewhere);
    // The origin itself got every credential.
    let sent = origin.requests();
    assert_eq!(sent[0].headers["authorization"], "Bearer secret-bearer");
    assert_eq!(sent[1].headers["x-api-key"], "secret-header-key");
    assert!(sent[2]
        .raw_query
        .as_deref()
        .unwrap_or_default()
        .contains("api_key=secret-query-key"));
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_its_credentials() {
    let origin = EchoServer::start().await;
    origin.on("GET", "/me", redirect_to("/me/moved"));
    origin.on("GET", "/me/moved", Reply::empty(204));
    client(&origin.url("")).get_profile().await.unwrap();
    let sent = origin.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].raw_path, "/me/moved");
    assert_eq!(sent[1].headers["authorization"], "Bearer secret-bearer");
}

#[tokio::test]
async fn a_post_redirected_elsewhere_is_never_its_success() {
    use generated::zoom_users::{Client, CreateUsersAction, CreateUsersError, CreateUsersRequest};
    let origin = EchoServer::start().await;
    let elsewhere = EchoServer::start().await;
    origin.on("POST", "/users", redirect_to(&elsewhere.url("/users")));
    elsewhere.on(
        "GET",
        "/users",
        Reply::json(200, &serde_json::json!({"id": "x"})),
    );
    let body = CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: None,
    };
    for redirects in [Redirects::SameOrigin, Redirects::Any { max: 5 }] {
        let client = Client::new("t")
            .with_base_url(origin.url(""))
            .with_redirects(redirects);
        match client.create_users(&body).await {
            Err(CreateUsersError::Redirected(response)) => assert_eq!(response.status, 302),
            other => panic!("{redirects:?}: {other:?}"),
        }
    }
    assert!(elsewhere.requests().is_empty());
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let origin = EchoServer::start().await;
    origin.on(
        "GET",
        "/me",
        Reply::json(200, &serde_json::json!({"x": "y".repeat(100)})),
    );
    origin.on(
        "GET",
        "/keyed/header",
        Reply::json(404, &serde_json::json!({"message": "z".repeat(100)})),
    );
    let client = client(&origin.url("")).with_body_limits(64, 32);
    match client.get_profile().await {
        Err(GetProfileError::BodyTooLarge {
            status: 200,
            limit: 64,
        }) => {}
        other => panic!("{other:?}"),
    }
    match client.header_key().await {
        Err(
            error @ HeaderKeyError::BodyTooLarge {
                status: 404,
                limit: 32,
            },
        ) => {
            // A shared error type (the collection documents no error status): no request name.
            assert_eq!(
                error.to_string(),
                "HTTP 404 body is larger than the client's limit of 32 bytes"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    // Accepts and never answers.
    let silent = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = client(&format!("http://{address}")).with_timeout(Duration::from_millis(500));
    match client.get_profile().await {
        Err(GetProfileError::Transport(error)) => assert!(error.is_timeout(), "{error}"),
        other => panic!("{other:?}"),
    }
    silent.abort();
}
