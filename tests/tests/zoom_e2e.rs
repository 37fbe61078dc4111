//! End-to-end tests of the client generated from `collections/zoom-users.postman_collection.json`
//! against the loopback Zoom server in `postman_codegen_tests::zoom_server`.
//!
//! Every request here is made by the generated client; the server records what went over the
//! wire and holds the users, so each test checks both the typed result and the server's view.

use generated::zoom_users::{
    ApiResponse, Client, CreateUsersAction, CreateUsersError, CreateUsersRequest,
    CreateUsersResponse, CreateUsersUserInfo, RevokeAUsersSsoTokenError, UpdateAUsersPasswordError,
    UpdateAUsersPasswordRequest, UpdateUserStatusAction, UpdateUserStatusError,
    UpdateUserStatusRequest,
};
use postman_codegen_tests::zoom_server::{
    codes, RecordedRequest, User, UserStatus, ZoomConfig, ZoomServer, ADMIN_STATUS_MESSAGE,
    INVALID_TOKEN_MESSAGE, SAME_PASSWORD_MESSAGE,
};

/// Extracts the `ApiResponse` of an expected tuple variant, or fails with what came instead.
macro_rules! expect_err {
    ($result:expr, $variant:path) => {
        match $result {
            Err($variant(response)) => response,
            other => panic!(
                "expected Err({}(..)), got {:?}",
                stringify!($variant),
                other
            ),
        }
    };
}

const ME_ID: &str = "me-user-id";
const ADMIN_ID: &str = "admin-user-id";

async fn start() -> (ZoomServer, Client) {
    start_with(ZoomConfig::default()).await
}

async fn start_with(config: ZoomConfig) -> (ZoomServer, Client) {
    let server = ZoomServer::start(config).await;
    let client = Client::new(server.token()).with_base_url(server.base_url.clone());
    (server, client)
}

fn user(server: &ZoomServer, id: &str) -> User {
    server
        .user(id)
        .unwrap_or_else(|| panic!("user {id:?} should exist"))
}

fn only_request(server: &ZoomServer) -> RecordedRequest {
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:#?}"
    );
    requests.into_iter().next().unwrap()
}

fn status_body(action: UpdateUserStatusAction) -> UpdateUserStatusRequest {
    UpdateUserStatusRequest { action }
}

fn password_body(password: &str) -> UpdateAUsersPasswordRequest {
    UpdateAUsersPasswordRequest {
        password: password.to_owned(),
    }
}

fn create_body(action: CreateUsersAction, email: &str) -> CreateUsersRequest {
    CreateUsersRequest {
        action,
        user_info: Some(CreateUsersUserInfo {
            email: Some(email.to_owned()),
            ..Default::default()
        }),
    }
}

/// Asserts a Zoom error: HTTP status, Zoom code and message, JSON content type.
fn assert_zoom_error(response: &ApiResponse, status: u16, code: i64, message: &str) {
    assert_eq!(response.status, status, "{response:?}");
    assert_eq!(response.code, Some(code), "{response:?}");
    assert_eq!(response.message.as_deref(), Some(message), "{response:?}");
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&response.text()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "code": code, "message": message })
    );
}

/// Percent-decodes a raw path segment (test-side, independent of the server's decoder).
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The multipart parts of a recorded request as `(name, text)`, checking they are plain text
/// fields (no filename, no per-part content type) and that the body is really multipart.
fn text_parts(request: &RecordedRequest) -> Vec<(String, String)> {
    let content_type = request.header("content-type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "content type: {content_type}"
    );
    let boundary = multer::parse_boundary(content_type).unwrap();
    assert!(!boundary.is_empty());
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains(&format!("--{boundary}\r\n")),
        "the body uses the declared boundary"
    );
    assert!(
        body.contains(&format!("--{boundary}--")),
        "the body is closed"
    );
    assert_eq!(request.multipart_error, None);
    request
        .parts
        .iter()
        .map(|part| {
            assert_eq!(part.filename, None, "{part:?}");
            assert_eq!(part.content_type, None, "{part:?}");
            (part.name.clone().unwrap(), part.text())
        })
        .collect()
}

// ------------------------------------------------------------------------------------------------
// Happy paths
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_users_creates_the_user_with_the_given_fields() {
    let (server, client) = start().await;
    let created: CreateUsersResponse = client
        .create_users(&CreateUsersRequest {
            action: CreateUsersAction::Create,
            user_info: Some(CreateUsersUserInfo {
                email: Some("ada@example.com".to_owned()),
                r#type: Some(2),
                first_name: Some("Ada".to_owned()),
                last_name: Some("Lovelace".to_owned()),
                password: Some("Analytical-1843".to_owned()),
            }),
        })
        .await
        .unwrap();
    assert_eq!(created.email, "ada@example.com");
    assert_eq!(created.first_name, "Ada");
    assert_eq!(created.last_name, "Lovelace");
    assert_eq!(created.r#type, 2);
    assert!(!created.id.is_empty());

    let stored = user(&server, &created.id);
    assert_eq!(stored.email, "ada@example.com");
    assert_eq!(stored.first_name, "Ada");
    assert_eq!(stored.last_name, "Lovelace");
    assert_eq!(stored.user_type, 2);
    assert_eq!(stored.password.as_deref(), Some("Analytical-1843"));
    assert_eq!(stored.status, UserStatus::Active);
    assert_eq!(stored.created_with_action.as_deref(), Some("create"));
    assert_eq!(server.created_count(), 1);

    // Only the email is required; absent fields take the server's defaults.
    let minimal = client
        .create_users(&create_body(
            CreateUsersAction::SsoCreate,
            "sso@example.com",
        ))
        .await
        .unwrap();
    assert_eq!(minimal.email, "sso@example.com");
    assert_eq!(minimal.first_name, "");
    assert_eq!(minimal.r#type, 1);
    let stored = user(&server, &minimal.id);
    assert_eq!(stored.password, None);
    assert_eq!(stored.created_with_action.as_deref(), Some("ssoCreate"));
    assert_ne!(minimal.id, created.id);
}

#[tokio::test]
async fn update_user_status_deactivates_and_reactivates() {
    let (server, client) = start().await;
    server.add_user("u-1", "one@example.com", false, "Passw0rd-one");

    client
        .update_user_status("u-1", &status_body(UpdateUserStatusAction::Deactivate))
        .await
        .unwrap();
    assert_eq!(user(&server, "u-1").status, UserStatus::Inactive);
    client
        .update_user_status("u-1", &status_body(UpdateUserStatusAction::Activate))
        .await
        .unwrap();
    assert_eq!(user(&server, "u-1").status, UserStatus::Active);

    // `me` addresses the token's own user.
    client
        .update_user_status("me", &status_body(UpdateUserStatusAction::Deactivate))
        .await
        .unwrap();
    assert_eq!(user(&server, ME_ID).status, UserStatus::Inactive);
    assert_eq!(user(&server, "u-1").status, UserStatus::Active);

    // So does the user's email address.
    client
        .update_user_status(
            "one@example.com",
            &status_body(UpdateUserStatusAction::Deactivate),
        )
        .await
        .unwrap();
    assert_eq!(user(&server, "u-1").status, UserStatus::Inactive);
}

#[tokio::test]
async fn update_a_users_password_changes_it() {
    let (server, client) = start().await;
    server.add_user("u-1", "one@example.com", false, "Passw0rd-one");

    client
        .update_a_users_password("u-1", &password_body("New-passw0rd"))
        .await
        .unwrap();
    assert_eq!(
        user(&server, "u-1").password.as_deref(),
        Some("New-passw0rd")
    );

    client
        .update_a_users_password("me", &password_body("Me-new-passw0rd"))
        .await
        .unwrap();
    assert_eq!(
        user(&server, ME_ID).password.as_deref(),
        Some("Me-new-passw0rd")
    );

    // 31 characters is still fine.
    let longest = "p".repeat(31);
    client
        .update_a_users_password("u-1", &password_body(&longest))
        .await
        .unwrap();
    assert_eq!(
        user(&server, "u-1").password.as_deref(),
        Some(longest.as_str())
    );
}

#[tokio::test]
async fn revoke_a_users_sso_token_revokes_it() {
    let (server, client) = start().await;
    server.add_user("u-1", "one@example.com", false, "Passw0rd-one");

    client.revoke_a_users_sso_token("u-1").await.unwrap();
    assert!(user(&server, "u-1").sso_token_revoked);
    assert!(!user(&server, ME_ID).sso_token_revoked);

    client.revoke_a_users_sso_token("me").await.unwrap();
    assert!(user(&server, ME_ID).sso_token_revoked);

    let request = server.last_request().unwrap();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.raw_path, "/v2/users/me/token");
    assert!(request.body.is_empty());
}

// ------------------------------------------------------------------------------------------------
// Documented errors
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_users_without_email_is_bad_request() {
    let (server, client) = start().await;

    let no_email = CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: Some(CreateUsersUserInfo {
            first_name: Some("Nobody".to_owned()),
            ..Default::default()
        }),
    };
    let response = expect_err!(
        client.create_users(&no_email).await,
        CreateUsersError::BadRequest
    );
    assert_zoom_error(
        &response,
        400,
        codes::INVALID_PARAMETER,
        "Invalid parameter: user_info.email.",
    );

    let no_user_info = CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: None,
    };
    let response = expect_err!(
        client.create_users(&no_user_info).await,
        CreateUsersError::BadRequest
    );
    assert_zoom_error(
        &response,
        400,
        codes::INVALID_PARAMETER,
        "Invalid parameter: user_info.",
    );
    // Without user_info the client sends only the action part.
    let request = server.last_request().unwrap();
    assert_eq!(
        text_parts(&request),
        vec![("action".to_owned(), "create".to_owned())]
    );

    let long_password = CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: Some(CreateUsersUserInfo {
            email: Some("long@example.com".to_owned()),
            password: Some("x".repeat(32)),
            ..Default::default()
        }),
    };
    let response = expect_err!(
        client.create_users(&long_password).await,
        CreateUsersError::BadRequest
    );
    assert_zoom_error(
        &response,
        400,
        codes::INVALID_PARAMETER,
        "Invalid parameter: password.",
    );
    assert_eq!(server.created_count(), 0);
}

#[tokio::test]
async fn update_a_users_password_rejects_same_and_too_long() {
    let (server, client) = start().await;
    server.add_user("u-1", "one@example.com", false, "Passw0rd-one");

    let response = expect_err!(
        client
            .update_a_users_password("u-1", &password_body("Passw0rd-one"))
            .await,
        UpdateAUsersPasswordError::BadRequest
    );
    assert_zoom_error(
        &response,
        400,
        codes::INVALID_PARAMETER,
        SAME_PASSWORD_MESSAGE,
    );

    let response = expect_err!(
        client
            .update_a_users_password("u-1", &password_body(&"p".repeat(32)))
            .await,
        UpdateAUsersPasswordError::BadRequest
    );
    assert_zoom_error(
        &response,
        400,
        codes::INVALID_PARAMETER,
        "Invalid parameter: password.",
    );
    assert_eq!(
        user(&server, "u-1").password.as_deref(),
        Some("Passw0rd-one")
    );
}

#[tokio::test]
async fn update_user_status_of_an_admin_is_bad_request() {
    let (server, client) = start().await;
    let response = expect_err!(
        client
            .update_user_status(ADMIN_ID, &status_body(UpdateUserStatusAction::Deactivate))
            .await,
        UpdateUserStatusError::BadRequest
    );
    assert_zoom_error(&response, 400, codes::NO_PRIVILEGE, ADMIN_STATUS_MESSAGE);
    assert_eq!(user(&server, ADMIN_ID).status, UserStatus::Active);
}

#[tokio::test]
async fn wrong_token_is_unauthorized_for_every_operation() {
    let (server, _) = start().await;
    let client = Client::new("not-the-token").with_base_url(server.base_url.clone());

    let response = expect_err!(
        client
            .create_users(&create_body(CreateUsersAction::Create, "x@example.com"))
            .await,
        CreateUsersError::Unauthorized
    );
    assert_zoom_error(&response, 401, codes::INVALID_TOKEN, INVALID_TOKEN_MESSAGE);

    let response = expect_err!(
        client
            .update_user_status("me", &status_body(UpdateUserStatusAction::Deactivate))
            .await,
        UpdateUserStatusError::Unauthorized
    );
    assert_zoom_error(&response, 401, codes::INVALID_TOKEN, INVALID_TOKEN_MESSAGE);

    let response = expect_err!(
        client
            .update_a_users_password("me", &password_body("Whatever-123"))
            .await,
        UpdateAUsersPasswordError::Unauthorized
    );
    assert_zoom_error(&response, 401, codes::INVALID_TOKEN, INVALID_TOKEN_MESSAGE);

    let response = expect_err!(
        client.revoke_a_users_sso_token("me").await,
        RevokeAUsersSsoTokenError::Unauthorized
    );
    assert_zoom_error(&response, 401, codes::INVALID_TOKEN, INVALID_TOKEN_MESSAGE);

    // Every request carried the (wrong) bearer token, and nothing changed.
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for request in &requests {
        assert_eq!(
            request.header("authorization"),
            Some("Bearer not-the-token")
        );
    }
    let me = user(&server, ME_ID);
    assert_eq!(me.status, UserStatus::Active);
    assert_eq!(me.password.as_deref(), Some("Me-old-passw0rd"));
    assert!(!me.sso_token_revoked);
    assert_eq!(server.created_count(), 0);
}

#[tokio::test]
async fn unknown_user_is_not_found_for_every_operation() {
    let (server, client) = start().await;
    let message = "User does not exist: ghost@example.com.";

    let response = expect_err!(
        client
            .update_user_status(
                "ghost@example.com",
                &status_body(UpdateUserStatusAction::Activate)
            )
            .await,
        UpdateUserStatusError::NotFound
    );
    assert_zoom_error(&response, 404, codes::USER_NOT_FOUND, message);

    let response = expect_err!(
        client
            .update_a_users_password("ghost@example.com", &password_body("Whatever-123"))
            .await,
        UpdateAUsersPasswordError::NotFound
    );
    assert_zoom_error(&response, 404, codes::USER_NOT_FOUND, message);

    let response = expect_err!(
        client.revoke_a_users_sso_token("ghost@example.com").await,
        RevokeAUsersSsoTokenError::NotFound
    );
    assert_zoom_error(&response, 404, codes::USER_NOT_FOUND, message);

    // Create users documents 404 code 4130 (unknown group); the loopback server has no groups,
    // so force that answer.
    server.force_next_response(
        404,
        Some("application/json"),
        r#"{"code":4130,"message":"Group does not exist: g-1."}"#,
    );
    let response = expect_err!(
        client
            .create_users(&create_body(CreateUsersAction::Create, "x@example.com"))
            .await,
        CreateUsersError::NotFound
    );
    assert_zoom_error(&response, 404, 4130, "Group does not exist: g-1.");
}

#[tokio::test]
async fn duplicate_email_is_conflict() {
    let (server, client) = start().await;
    client
        .create_users(&create_body(CreateUsersAction::Create, "dup@example.com"))
        .await
        .unwrap();
    let response = expect_err!(
        client
            .create_users(&create_body(
                CreateUsersAction::AutoCreate,
                "dup@example.com"
            ))
            .await,
        CreateUsersError::Conflict
    );
    assert_zoom_error(
        &response,
        409,
        codes::EMAIL_IN_USE,
        "Email dup@example.com has already been used.",
    );
    // The seeded users' emails are taken too.
    let response = expect_err!(
        client
            .create_users(&create_body(CreateUsersAction::Create, "me@example.com"))
            .await,
        CreateUsersError::Conflict
    );
    assert_eq!(response.code, Some(codes::EMAIL_IN_USE));
    assert_eq!(server.created_count(), 1);
}

#[tokio::test]
async fn rate_limit_is_too_many_requests_with_retry_after() {
    let (server, client) = start_with(ZoomConfig {
        rate_limit_after: 2,
        retry_after_secs: 42,
        ..ZoomConfig::default()
    })
    .await;
    for email in ["r1@example.com", "r2@example.com"] {
        client
            .create_users(&create_body(CreateUsersAction::Create, email))
            .await
            .unwrap();
    }
    let err = client
        .create_users(&create_body(CreateUsersAction::Create, "r3@example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, CreateUsersError::TooManyRequests(_)),
        "{err:?}"
    );
    let response = err.response().unwrap();
    assert_eq!(response.retry_after(), Some("42"));
    assert_eq!(response.header("Retry-After"), Some("42"));
    assert_zoom_error(
        response,
        429,
        codes::RATE_LIMITED,
        &postman_codegen_tests::zoom_server::rate_limited_message(2),
    );
    assert_eq!(server.created_count(), 2);
    assert!(server.user_by_email("r3@example.com").is_none());
}

#[tokio::test]
async fn errors_are_std_errors_and_expose_their_response() {
    let (_server, client) = start().await;
    let err = client.revoke_a_users_sso_token("nobody").await.unwrap_err();
    assert_eq!(err.response().map(|r| r.status), Some(404));
    let text = err.to_string();
    assert!(
        text.starts_with("revoke_a_users_sso_token: HTTP 404"),
        "{text}"
    );
    assert!(std::error::Error::source(&err).is_none());
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    assert!(!boxed.to_string().is_empty());

    let err = client.revoke_a_users_sso_token("").await.unwrap_err();
    assert!(err.response().is_none(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "revoke_a_users_sso_token: invalid request: path parameter `user_id` must not be empty, `.` or `..`"
    );
}

// ------------------------------------------------------------------------------------------------
// What goes over the wire
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_users_sends_multipart_with_json_user_info() {
    let (server, client) = start().await;
    client
        .create_users(&CreateUsersRequest {
            action: CreateUsersAction::SsoCreate,
            user_info: Some(CreateUsersUserInfo {
                email: Some("wire@example.com".to_owned()),
                r#type: Some(1),
                first_name: Some("Wire".to_owned()),
                last_name: None,
                password: None,
            }),
        })
        .await
        .unwrap();

    let request = only_request(&server);
    assert_eq!(request.method, "POST");
    assert_eq!(request.raw_path, "/v2/users");
    assert_eq!(request.raw_query, None);
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", server.token()).as_str())
    );
    let parts = text_parts(&request);
    let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["action", "user_info"]);
    assert_eq!(parts[0].1, "ssoCreate");

    // user_info is JSON text for an object (the seed's C++ sample prepends "ssoCreate" to it;
    // the generated client must not), with the None fields left out.
    let user_info = &parts[1].1;
    assert!(user_info.starts_with('{'), "user_info: {user_info}");
    let value: serde_json::Value = serde_json::from_str(user_info).unwrap();
    assert_eq!(
        value,
        serde_json::json!({ "email": "wire@example.com", "type": 1, "first_name": "Wire" })
    );
}

#[tokio::test]
async fn create_users_action_wire_strings() {
    let (server, client) = start().await;
    let cases = [
        (CreateUsersAction::Create, "create"),
        (CreateUsersAction::AutoCreate, "autoCreate"),
        (CreateUsersAction::CustCreate, "custCreate"),
        (CreateUsersAction::SsoCreate, "ssoCreate"),
    ];
    for (i, (action, wire)) in cases.into_iter().enumerate() {
        let email = format!("action{i}@example.com");
        let created = client
            .create_users(&create_body(action, &email))
            .await
            .unwrap();
        let request = server.last_request().unwrap();
        let parts = text_parts(&request);
        assert_eq!(parts[0], ("action".to_owned(), wire.to_owned()));
        assert_eq!(
            user(&server, &created.id).created_with_action.as_deref(),
            Some(wire)
        );
    }
}

#[tokio::test]
async fn status_and_password_wire_format() {
    let (server, client) = start().await;
    server.add_user("u-1", "one@example.com", false, "Passw0rd-one");

    for (action, wire) in [
        (UpdateUserStatusAction::Deactivate, "deactivate"),
        (UpdateUserStatusAction::Activate, "activate"),
    ] {
        server.clear_requests();
        client
            .update_user_status("u-1", &status_body(action))
            .await
            .unwrap();
        let request = only_request(&server);
        assert_eq!(request.method, "PUT");
        assert_eq!(request.raw_path, "/v2/users/u-1/status");
        assert_eq!(
            request.header("authorization"),
            Some("Bearer zoom-test-token")
        );
        assert_eq!(
            text_parts(&request),
            vec![("action".to_owned(), wire.to_owned())]
        );
    }

    server.clear_requests();
    // Non-ASCII and multipart-looking text travels verbatim inside the part.
    let password = "pä ss\"--x\r\n";
    client
        .update_a_users_password("u-1", &password_body(password))
        .await
        .unwrap();
    let request = only_request(&server);
    assert_eq!(request.method, "PUT");
    assert_eq!(request.raw_path, "/v2/users/u-1/password");
    assert_eq!(
        text_parts(&request),
        vec![("password".to_owned(), password.to_owned())]
    );
    assert_eq!(user(&server, "u-1").password.as_deref(), Some(password));
}

#[tokio::test]
async fn custom_http_client_is_used() {
    let (server, _) = start().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-test-client",
        reqwest::header::HeaderValue::from_static("custom"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::new(server.token())
        .with_base_url(server.base_url.clone())
        .with_http_client(http);
    client.revoke_a_users_sso_token("me").await.unwrap();
    let request = only_request(&server);
    assert_eq!(request.header("x-test-client"), Some("custom"));
    assert_eq!(
        request.header("authorization"),
        Some("Bearer zoom-test-token")
    );
}

// ------------------------------------------------------------------------------------------------
// Path parameters
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn user_id_is_percent_encoded_as_one_segment() {
    let (server, client) = start().await;
    let id = "a/b?c#d%e f+é✓";
    server.add_user(id, "odd@example.com", false, "Passw0rd-odd");
    // A user whose id is the first half: a client that split the path would hit it.
    server.add_user("a", "a@example.com", false, "Passw0rd-a");

    client
        .update_user_status(id, &status_body(UpdateUserStatusAction::Deactivate))
        .await
        .unwrap();
    client
        .update_a_users_password(id, &password_body("Odd-new-passw0rd"))
        .await
        .unwrap();
    client.revoke_a_users_sso_token(id).await.unwrap();

    let odd = user(&server, id);
    assert_eq!(odd.status, UserStatus::Inactive);
    assert_eq!(odd.password.as_deref(), Some("Odd-new-passw0rd"));
    assert!(odd.sso_token_revoked);
    let a = user(&server, "a");
    assert_eq!(a.status, UserStatus::Active);
    assert_eq!(a.password.as_deref(), Some("Passw0rd-a"));
    assert!(!a.sso_token_revoked);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for (request, last) in requests.iter().zip(["status", "password", "token"]) {
        let raw = &request.raw_path;
        assert_eq!(request.raw_query, None, "{raw}");
        assert!(raw.is_ascii(), "{raw}");
        let segments: Vec<&str> = raw.split('/').collect();
        assert_eq!(segments.len(), 5, "{raw}");
        assert_eq!(&segments[..3], ["", "v2", "users"], "{raw}");
        assert_eq!(segments[4], last, "{raw}");
        let encoded = segments[3];
        assert_eq!(decode(encoded), id, "{raw}");
        for raw_char in ['?', '#', ' ', '/'] {
            assert!(!encoded.contains(raw_char), "{raw}");
        }
        let upper = encoded.to_ascii_uppercase();
        for escape in ["%2F", "%3F", "%23", "%25", "%20", "%C3%A9", "%E2%9C%93"] {
            assert!(upper.contains(escape), "{escape} missing from {raw}");
        }
    }
}

#[tokio::test]
async fn path_injection_does_not_escape_the_segment() {
    let (server, client) = start().await;
    server.add_user("a", "a@example.com", false, "Passw0rd-a");

    // "a/b" is one (unknown) user id, not the user "a" plus an extra segment: the server
    // answers "user does not exist", not "unknown route", and user "a" is untouched.
    let response = expect_err!(
        client
            .update_user_status("a/b", &status_body(UpdateUserStatusAction::Deactivate))
            .await,
        UpdateUserStatusError::NotFound
    );
    assert_zoom_error(
        &response,
        404,
        codes::USER_NOT_FOUND,
        "User does not exist: a/b.",
    );

    // Trying to climb to another user or another endpoint stays inside the segment too.
    let response = expect_err!(
        client
            .update_a_users_password("../users/a", &password_body("Hijacked-123"))
            .await,
        UpdateAUsersPasswordError::NotFound
    );
    assert_eq!(response.code, Some(codes::USER_NOT_FOUND));
    assert_eq!(
        response.message.as_deref(),
        Some("User does not exist: ../users/a.")
    );
    let response = expect_err!(
        client.revoke_a_users_sso_token("a/status?x=1").await,
        RevokeAUsersSsoTokenError::NotFound
    );
    assert_eq!(response.code, Some(codes::USER_NOT_FOUND));
    // An encoded-looking id is data, not an escape the server would decode twice.
    let response = expect_err!(
        client.revoke_a_users_sso_token("%2e%2e").await,
        RevokeAUsersSsoTokenError::NotFound
    );
    assert_eq!(
        response.message.as_deref(),
        Some("User does not exist: %2e%2e.")
    );

    let a = user(&server, "a");
    assert_eq!(a.status, UserStatus::Active);
    assert_eq!(a.password.as_deref(), Some("Passw0rd-a"));
    assert!(!a.sso_token_revoked);
    for request in server.requests() {
        assert_eq!(request.raw_path.split('/').count(), 5, "{request:?}");
    }
}

#[tokio::test]
async fn dot_and_empty_user_ids_are_rejected_before_sending() {
    let (server, client) = start().await;
    for id in ["", ".", ".."] {
        let err = client.revoke_a_users_sso_token(id).await.unwrap_err();
        assert!(
            matches!(err, RevokeAUsersSsoTokenError::InvalidRequest(_)),
            "{id:?}: {err:?}"
        );
        let err = client
            .update_user_status(id, &status_body(UpdateUserStatusAction::Deactivate))
            .await
            .unwrap_err();
        assert!(
            matches!(err, UpdateUserStatusError::InvalidRequest(_)),
            "{id:?}: {err:?}"
        );
        let err = client
            .update_a_users_password(id, &password_body("Whatever-123"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, UpdateAUsersPasswordError::InvalidRequest(_)),
            "{id:?}: {err:?}"
        );
    }
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
    let me = user(&server, ME_ID);
    assert_eq!(me.status, UserStatus::Active);
    assert!(!me.sso_token_revoked);

    // Dots inside a longer id are ordinary characters.
    server.add_user("..a", "dots@example.com", false, "Passw0rd-dots");
    client.revoke_a_users_sso_token("..a").await.unwrap();
    assert!(user(&server, "..a").sso_token_revoked);
}

#[tokio::test]
async fn a_request_is_sent_when_its_future_is_awaited() {
    let (server, client) = start().await;
    server.add_user("u-1", "one@example.com", false, "Passw0rd-one");

    // Calling the method builds the request; a future that is never awaited sends nothing.
    drop(client.revoke_a_users_sso_token("u-1"));
    let bad = client.revoke_a_users_sso_token("..");
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
    assert!(!user(&server, "u-1").sso_token_revoked);
    // A bad argument is found when the method is called and returned when awaited.
    assert!(matches!(
        bad.await,
        Err(RevokeAUsersSsoTokenError::InvalidRequest(_))
    ));
    assert!(server.requests().is_empty());

    // The arguments are read when the method is called, so (in edition 2021, which this crate
    // uses; in 2024 the future also borrows them) the future outlives them.
    let future = {
        let id = String::from("u-1");
        client.revoke_a_users_sso_token(&id)
    };
    future.await.unwrap();
    assert!(user(&server, "u-1").sso_token_revoked);
    assert_eq!(only_request(&server).raw_path, "/v2/users/u-1/token");
}

// ------------------------------------------------------------------------------------------------
// Undocumented answers
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn undocumented_status_is_unexpected_with_body_kept() {
    let (server, client) = start().await;
    let html = "<html><body>Internal Server Error</body></html>";

    server.force_next_response(500, Some("text/html"), html);
    let err = client
        .create_users(&create_body(CreateUsersAction::Create, "x@example.com"))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("create_users: undocumented HTTP 500: <html>"),
        "{text}"
    );
    let response = expect_err!(Err::<(), _>(err), CreateUsersError::UnexpectedStatus);
    assert_eq!(response.status, 500);
    assert_eq!(response.text(), html);
    assert_eq!(response.code, None);
    assert_eq!(response.header("content-type"), Some("text/html"));

    server.force_next_response(500, Some("text/html"), html);
    let response = expect_err!(
        client
            .update_user_status("me", &status_body(UpdateUserStatusAction::Deactivate))
            .await,
        UpdateUserStatusError::UnexpectedStatus
    );
    assert_eq!((response.status, &*response.text()), (500, html));

    server.force_next_response(503, Some("text/plain"), "try later");
    let response = expect_err!(
        client
            .update_a_users_password("me", &password_body("Whatever-123"))
            .await,
        UpdateAUsersPasswordError::UnexpectedStatus
    );
    assert_eq!((response.status, &*response.text()), (503, "try later"));

    // 400 is not documented for the token endpoint; a Zoom-style body still exposes its code.
    server.force_next_response(
        400,
        Some("application/json"),
        r#"{"code":300,"message":"Nope."}"#,
    );
    let response = expect_err!(
        client.revoke_a_users_sso_token("me").await,
        RevokeAUsersSsoTokenError::UnexpectedStatus
    );
    assert_eq!(response.status, 400);
    assert_eq!(response.code, Some(300));
    assert_eq!(response.message.as_deref(), Some("Nope."));

    // None of the forced answers touched the state.
    let me = user(&server, ME_ID);
    assert_eq!(me.status, UserStatus::Active);
    assert!(!me.sso_token_revoked);
    assert_eq!(server.created_count(), 0);
}

#[tokio::test]
async fn documented_200_of_update_user_status_is_success() {
    let (server, client) = start().await;
    // The seed documents both 200 (empty body) and 204 for this endpoint.
    server.force_next_response(200, Some("text/plain"), "");
    client
        .update_user_status("me", &status_body(UpdateUserStatusAction::Deactivate))
        .await
        .unwrap();
}

#[tokio::test]
async fn malformed_success_body_is_invalid_body_with_text_kept() {
    let (server, client) = start().await;
    for body in ["<html>not json</html>", "[1, 2, 3]", r#""just a string""#] {
        server.force_next_response(201, Some("application/json"), body);
        let result = client
            .create_users(&create_body(CreateUsersAction::Create, "x@example.com"))
            .await;
        match result {
            Err(CreateUsersError::InvalidBody { response, error }) => {
                assert_eq!(response.status, 201);
                assert_eq!(response.text(), body);
                assert!(!error.to_string().is_empty());
            }
            other => panic!("{body}: expected InvalidBody, got {other:?}"),
        }
    }
    // A field of the wrong type: the error names the field.
    server.force_next_response(201, Some("application/json"), r#"{"id": 5}"#);
    let result = client
        .create_users(&create_body(CreateUsersAction::Create, "x@example.com"))
        .await;
    match result {
        Err(err @ CreateUsersError::InvalidBody { .. }) => {
            assert_eq!(err.response().map(|r| r.status), Some(201));
            let text = err.to_string();
            assert!(
                text.starts_with(
                    "create_users: HTTP 201 body does not match the documented shape: field `id`: "
                ) && text.contains("expected a string"),
                "{text}"
            );
            assert!(std::error::Error::source(&err).is_some());
        }
        other => panic!("expected InvalidBody, got {other:?}"),
    }
    // Two fields of the wrong type: the error names the first in the struct's order
    // (`email` comes before `type`), whatever the order of the keys in the body.
    server.force_next_response(
        201,
        Some("application/json"),
        r#"{"type": "x", "email": 1}"#,
    );
    let result = client
        .create_users(&create_body(CreateUsersAction::Create, "x@example.com"))
        .await;
    match result {
        Err(err @ CreateUsersError::InvalidBody { .. }) => {
            let text = err.to_string();
            assert!(text.contains(": field `email`: "), "{text}");
            assert!(!text.contains("`type`"), "{text}");
        }
        other => panic!("expected InvalidBody, got {other:?}"),
    }
}

#[tokio::test]
async fn lenient_success_body_takes_defaults() {
    let (server, client) = start().await;
    // Extra field ignored, missing field and null take the type's default.
    server.force_next_response(
        201,
        Some("application/json"),
        r#"{"id":"z-9","email":"lenient@example.com","first_name":null,"type":3,"extra":{"a":[1]}}"#,
    );
    let created = client
        .create_users(&create_body(
            CreateUsersAction::Create,
            "lenient@example.com",
        ))
        .await
        .unwrap();
    assert_eq!(created.id, "z-9");
    assert_eq!(created.email, "lenient@example.com");
    assert_eq!(created.first_name, "");
    assert_eq!(created.last_name, "");
    assert_eq!(created.r#type, 3);

    server.force_next_response(201, Some("application/json"), "{}");
    let created = client
        .create_users(&create_body(CreateUsersAction::Create, "empty@example.com"))
        .await
        .unwrap();
    assert_eq!(created.id, "");
    assert_eq!(created.r#type, 0);
}

#[tokio::test]
async fn dropped_connection_is_a_transport_error() {
    // A listener that accepts and immediately closes every connection: no HTTP answer at all.
    // (Not a shut-down server: its freed port could be reused by a parallel test's server.)
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let closer = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            drop(stream);
        }
    });
    let client = Client::new("zoom-test-token").with_base_url(format!("http://{addr}/v2"));
    let err = client.revoke_a_users_sso_token("me").await.unwrap_err();
    assert!(
        matches!(err, RevokeAUsersSsoTokenError::Transport(_)),
        "{err:?}"
    );
    assert!(err.response().is_none());
    assert!(std::error::Error::source(&err).is_some());
    let text = err.to_string();
    assert!(
        text.starts_with("revoke_a_users_sso_token: request failed: "),
        "{text}"
    );
    closer.abort();
}

// ------------------------------------------------------------------------------------------------
// Base URL
// ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn base_url_defaults_and_overrides() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.zoom.us/v2");
    assert_eq!(Client::new("t").base_url(), "https://api.zoom.us/v2");

    let server = ZoomServer::start(ZoomConfig {
        path_prefix: "/api/zoom/v2".to_owned(),
        ..ZoomConfig::default()
    })
    .await;
    assert_eq!(server.base_url, format!("{}/api/zoom/v2", server.origin()));

    let plain = Client::new(server.token()).with_base_url(server.base_url.clone());
    assert_eq!(plain.base_url(), server.base_url);
    let slashed = Client::new(server.token()).with_base_url(format!("{}/", server.base_url));

    plain.revoke_a_users_sso_token("me").await.unwrap();
    slashed
        .update_user_status("me", &status_body(UpdateUserStatusAction::Deactivate))
        .await
        .unwrap();
    slashed
        .create_users(&create_body(
            CreateUsersAction::Create,
            "prefix@example.com",
        ))
        .await
        .unwrap();
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.raw_path).collect();
    assert_eq!(
        paths,
        [
            "/api/zoom/v2/users/me/token",
            "/api/zoom/v2/users/me/status",
            "/api/zoom/v2/users",
        ]
    );
    assert!(user(&server, ME_ID).sso_token_revoked);
    assert_eq!(user(&server, ME_ID).status, UserStatus::Inactive);

    // The default prefix is not served here: a client left on /v2 gets the unknown-route 404.
    let wrong = Client::new(server.token()).with_base_url(format!("{}/v2", server.origin()));
    let response = expect_err!(
        wrong.revoke_a_users_sso_token("me").await,
        RevokeAUsersSsoTokenError::NotFound
    );
    assert_eq!(response.code, Some(codes::UNKNOWN_ROUTE));
}

#[test]
fn enums_read_and_write_their_wire_strings() {
    assert_eq!(
        serde_json::to_string(&CreateUsersAction::AutoCreate).unwrap(),
        r#""autoCreate""#
    );
    assert_eq!(
        serde_json::from_str::<CreateUsersAction>(r#""ssoCreate""#).unwrap(),
        CreateUsersAction::SsoCreate
    );
    let err = serde_json::from_str::<CreateUsersAction>(r#""nope""#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown variant `nope`") && err.contains("`autoCreate`"),
        "{err}"
    );
    assert!(serde_json::from_str::<CreateUsersAction>("3").is_err());
    assert_eq!(CreateUsersAction::CustCreate.to_string(), "custCreate");
}
