//! A request whose 2xx statuses have bodies of different types (`Upsert widget` in
//! `collections/responses.postman_collection.json`: 200 replaced, 201 created) returns an enum
//! with the body typed by the status that came.

use generated::responses::{Client, UpsertWidgetBody, UpsertWidgetError, UpsertWidgetSuccess};
use postman_codegen_tests::echo_server::{EchoServer, Reply};
use serde_json::json;

#[tokio::test]
async fn each_success_status_decodes_into_its_own_type() {
    let server = EchoServer::start().await;
    let client = Client::new().with_base_url(server.url("/api"));
    let body = UpsertWidgetBody {
        name: Some("Sprocket".into()),
    };

    server.on(
        "PUT",
        "/api/widgets/w2",
        Reply::json(
            201,
            &json!({"id": "w2", "created_at": "2024-01-01T00:00:00Z"}),
        ),
    );
    match client.upsert_widget("w2", &body).await.unwrap() {
        UpsertWidgetSuccess::Created(created) => {
            assert_eq!(
                (created.id.as_str(), created.created_at.as_str()),
                ("w2", "2024-01-01T00:00:00Z")
            );
        }
        other => panic!("{other:?}"),
    }

    server.on(
        "PUT",
        "/api/widgets/w1",
        Reply::json(200, &json!({"id": "w1", "replaced": true})),
    );
    match client.upsert_widget("w1", &body).await.unwrap() {
        UpsertWidgetSuccess::Ok(replaced) => assert!(replaced.replaced),
        other => panic!("{other:?}"),
    }

    // A status the collection does not document decodes as the lowest documented one.
    server.on(
        "PUT",
        "/api/widgets/w3",
        Reply::json(202, &json!({"id": "w3", "replaced": false})),
    );
    assert!(matches!(
        client.upsert_widget("w3", &body).await.unwrap(),
        UpsertWidgetSuccess::Ok(_)
    ));

    // A body of another shape is InvalidBody, with the response kept.
    server.on(
        "PUT",
        "/api/widgets/w4",
        Reply::json(201, &json!({"id": 4})),
    );
    match client.upsert_widget("w4", &body).await {
        Err(UpsertWidgetError::InvalidBody { response, .. }) => assert_eq!(response.status, 201),
        other => panic!("{other:?}"),
    }
}
