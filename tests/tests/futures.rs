//! Futures from folder handles borrow the client, not the temporary handle: they can be
//! stored, joined, returned from functions and awaited after the handle is gone. This file
//! compiles only if that holds (edition 2021 here; `corpus_compile` builds modules in 2024,
//! and `scripts/compile-cost.sh` the user's way), and runs them against a loopback server.

use generated::auth::{admin, Client};
use postman_codegen_tests::echo_server::EchoServer;

/// A future from a handle made inside the function: returned, so it outlives the handle.
fn list_users_later(
    client: &Client,
) -> impl std::future::Future<Output = Result<generated::auth::ApiResponse, admin::ListUsersError>> + '_
{
    client.admin().list_users()
}

/// The same two levels down.
fn read_audit_log_later(
    client: &Client,
) -> impl std::future::Future<
    Output = Result<generated::auth::ApiResponse, admin::audit::ReadAuditLogError>,
> + '_ {
    let admin = client.admin();
    let audit = admin.audit();
    audit.read_audit_log()
}

#[tokio::test]
async fn futures_outlive_the_handles_they_come_from() {
    let server = EchoServer::start().await;
    let client = Client::new("token")
        .with_base_url(server.url(""))
        .with_basic_auth("ada", "pw")
        .with_api_key_header_x_api_key("k")
        .with_api_key_query_api_key("q");

    // Stored, then awaited after the temporary handles are dropped.
    let stored = client.admin().list_users();
    let from_root = client.get_profile();
    // Joined, from two temporary handles and the root.
    let (a, b, c) = tokio::join!(
        client.admin().admin_health(),
        client.plain_folder().get_settings(),
        from_root
    );
    a.unwrap();
    b.unwrap();
    c.unwrap();
    stored.await.unwrap();
    // Returned from functions.
    list_users_later(&client).await.unwrap();
    read_audit_log_later(&client).await.unwrap();
    assert_eq!(server.requests().len(), 6);
}

/// The generator writes modules for the interface this runtime speaks.
#[test]
fn the_generator_and_the_runtime_speak_the_same_interface() {
    assert_eq!(
        postman_codegen::RUNTIME_INTERFACE,
        postman_runtime::INTERFACE
    );
}

/// A request whose collection documents no success response returns the whole response, so
/// its body is not lost (`()` is only for documented empty successes).
#[tokio::test]
async fn an_undocumented_success_returns_the_whole_response() {
    use postman_codegen_tests::echo_server::Reply;
    let server = EchoServer::start().await;
    server.on(
        "GET",
        "/admin/users",
        Reply::with_type(200, "text/csv", "id,name\n1,ada\n").header("x-total", "1"),
    );
    let client = Client::new("token")
        .with_base_url(server.url(""))
        .with_basic_auth("ada", "pw");
    let response = client.admin().list_users().await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "id,name\n1,ada\n");
    assert_eq!(response.header("x-total"), Some("1"));
}

/// A response field the server left out reads as its default, and `is_present` tells it from
/// one sent empty.
#[tokio::test]
async fn absent_and_empty_fields_can_be_told_apart() {
    use generated::zoom_users::{Client, CreateUsersAction, CreateUsersRequest};
    use postman_codegen_tests::echo_server::Reply;
    let server = EchoServer::start().await;
    let client = Client::new("t").with_base_url(server.url(""));
    let body = CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: None,
    };
    server.on(
        "POST",
        "/users",
        Reply::json(201, &serde_json::json!({"email": "a@b.test"})),
    );
    let without_id = client.create_users(&body).await.unwrap();
    server.on(
        "POST",
        "/users",
        Reply::json(201, &serde_json::json!({"id": "", "email": null})),
    );
    let empty_id = client.create_users(&body).await.unwrap();
    assert_eq!((without_id.id.as_str(), empty_id.id.as_str()), ("", ""));
    assert!(!without_id.is_present("id") && without_id.is_present("email"));
    assert!(empty_id.is_present("id") && !empty_id.is_present("email"));
}
