//! A key the collection repeats is a list, sent as the key repeated, in urlencoded and
//! multipart bodies and in the query string (`collections/repeated-keys.postman_collection.json`).

use generated::repeated_keys::{Client, CreateATokenRequest, SearchOptions, UploadTaggedRequest};
use postman_codegen_tests::echo_server::{EchoServer, Reply};

#[tokio::test]
async fn repeated_keys_are_sent_once_per_value_in_order() {
    let server = EchoServer::start().await;
    server.on(
        "POST",
        "/tokens",
        Reply::json(200, &serde_json::json!({"id": "t1"})),
    );
    server.on("POST", "/uploads", Reply::empty(204));
    server.on("GET", "/search", Reply::empty(204));
    let client = Client::new().with_base_url(server.url(""));

    client
        .create_a_token(&CreateATokenRequest {
            username: Some("me@example.com".into()),
            services: vec!["svc-a".into(), "svc b".into()],
        })
        .await
        .unwrap();
    client
        .upload_tagged(&UploadTaggedRequest {
            tag: vec!["red".into(), "blue".into()],
            title: Some("Sunset".into()),
        })
        .await
        .unwrap();
    client
        .search(&SearchOptions {
            id: Some(vec!["1".into(), "2".into()]),
        })
        .await
        .unwrap();

    let sent = server.requests();
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        "username=me%40example.com&services%5B%5D=svc-a&services%5B%5D=svc+b"
    );
    let tags: Vec<(&str, &[u8])> = sent[1]
        .parts
        .iter()
        .map(|p| (p.name.as_deref().unwrap_or_default(), p.bytes.as_slice()))
        .collect();
    assert_eq!(
        tags,
        vec![("tag", &b"red"[..]), ("tag", b"blue"), ("title", b"Sunset")]
    );
    assert_eq!(sent[2].raw_query.as_deref(), Some("id=1&id=2"));
}
