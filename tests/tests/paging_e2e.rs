//! End-to-end tests of the `<method>_stream` methods of paged requests (issue 16): each paging
//! style the generator recognizes (Zoom's `next_page_token`, page numbers, Stripe's
//! `starting_after`, GitHub's `Link` header) streamed over three pages from the loopback echo
//! server, with every page request checked; errors, retries and a looping server.

use generated::paging::{
    ListCustomersOptions, ListMeetingsError, ListMeetingsOptions, ListRepositoriesOptions,
    ListWebinarsOptions,
};
use generated::zoom_users::{self, ListUsersError, ListUsersOptions};
use postman_codegen_tests::echo_server::{EchoServer, Reply};

fn zoom(server: &EchoServer) -> zoom_users::Client {
    zoom_users::Client::new("token").with_base_url(server.url(""))
}

fn paging(server: &EchoServer) -> generated::paging::Client {
    generated::paging::Client::new("token").with_base_url(server.url(""))
}

fn users_page(ids: &[&str], next: &str) -> Reply {
    let users: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "email": format!("{id}@example.test")}))
        .collect();
    Reply::json(
        200,
        &serde_json::json!({"page_size": 2, "next_page_token": next, "users": users}),
    )
}

/// The query string of each request the server got.
fn queries(server: &EchoServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.raw_query.clone().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn a_zoom_style_list_is_streamed_to_its_last_page() {
    let server = EchoServer::start().await;
    server.enqueue(users_page(&["u1", "u2"], "t2"));
    server.enqueue(users_page(&["u3", "u4"], "t3"));
    server.enqueue(users_page(&["u5"], ""));
    let client = zoom(&server);
    let options = ListUsersOptions {
        page_size: Some("2".to_owned()),
        ..Default::default()
    };
    let mut users = client.list_users_stream(&options);
    // Nothing is sent before the stream is polled.
    assert_eq!(server.count(), 0);
    let first = users.next().await.expect("a first user").expect("no error");
    assert_eq!(first.id, "u1");
    assert_eq!(server.count(), 1, "one page fetched for the first item");
    let rest = users.try_collect().await.expect("every page");
    let ids: Vec<&str> = rest.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["u2", "u3", "u4", "u5"]);
    assert_eq!(
        queries(&server),
        [
            "page_size=2",
            "page_size=2&next_page_token=t2",
            "page_size=2&next_page_token=t3"
        ]
    );
    for request in server.requests() {
        assert_eq!(request.raw_path, "/users");
        assert_eq!(request.header("authorization"), Some("Bearer token"));
    }
}

#[tokio::test]
async fn a_page_number_list_counts_pages_up_to_the_page_count() {
    let server = EchoServer::start().await;
    for page in 1..=3 {
        let webinars = vec![
            serde_json::json!({"id": page * 10 + 1, "topic": "a"}),
            serde_json::json!({"id": page * 10 + 2, "topic": "b"}),
        ];
        server.enqueue(Reply::json(
            200,
            &serde_json::json!({"page_count": 3, "page_number": page, "page_size": 2, "total_records": 6, "webinars": webinars}),
        ));
    }
    // A fourth page would be an error: the stream must stop at the page count.
    server.enqueue(Reply::empty(500));
    let client = paging(&server);
    let options = ListWebinarsOptions {
        page_size: Some("2".to_owned()),
        ..Default::default()
    };
    let webinars = client
        .list_webinars_stream(&options)
        .try_collect()
        .await
        .expect("three pages");
    let ids: Vec<i64> = webinars.iter().map(|w| w.id).collect();
    assert_eq!(ids, [11, 12, 21, 22, 31, 32]);
    assert_eq!(
        queries(&server),
        [
            "page_size=2",
            "page_size=2&page_number=2",
            "page_size=2&page_number=3"
        ]
    );
}

#[tokio::test]
async fn a_page_number_list_starts_where_the_caller_says() {
    let server = EchoServer::start().await;
    server.enqueue(Reply::json(
        200,
        &serde_json::json!({"page_count": 3, "page_number": 2, "webinars": [{"id": 21}]}),
    ));
    server.enqueue(Reply::json(
        200,
        &serde_json::json!({"page_count": 3, "page_number": 3, "webinars": [{"id": 31}]}),
    ));
    let client = paging(&server);
    let options = ListWebinarsOptions {
        page_number: Some("2".to_owned()),
        ..Default::default()
    };
    let webinars = client
        .list_webinars_stream(&options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(webinars.len(), 2);
    assert_eq!(queries(&server), ["page_number=2", "page_number=3"]);
}

#[tokio::test]
async fn a_stripe_style_list_continues_after_the_last_item() {
    let server = EchoServer::start().await;
    let page = |ids: &[&str], more: bool| {
        let data: Vec<serde_json::Value> =
            ids.iter().map(|id| serde_json::json!({"id": id})).collect();
        Reply::json(
            200,
            &serde_json::json!({"object": "list", "has_more": more, "data": data}),
        )
    };
    server.enqueue(page(&["cus_1", "cus_2"], true));
    server.enqueue(page(&["cus_3", "cus 4&"], true));
    server.enqueue(page(&["cus_5"], false));
    let client = paging(&server);
    let options = ListCustomersOptions {
        limit: Some("2".to_owned()),
        ..Default::default()
    };
    let customers = client
        .list_customers_stream(&options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(customers.len(), 5);
    assert_eq!(
        queries(&server),
        [
            "limit=2",
            "limit=2&starting_after=cus_2",
            "limit=2&starting_after=cus+4%26"
        ]
    );
}

#[tokio::test]
async fn a_link_header_list_follows_rel_next_on_the_same_origin() {
    let server = EchoServer::start().await;
    let origin = server.origin();
    let repos = |ids: &[i64]| -> serde_json::Value {
        ids.iter()
            .map(|id| serde_json::json!({"id": id, "name": format!("r{id}")}))
            .collect()
    };
    server.enqueue(Reply::json(200, &repos(&[1, 2])).header(
        "link",
        &format!("<{origin}/orgs/acme/repos?per_page=2&page=2>; rel=\"next\", <{origin}/orgs/acme/repos?per_page=2&page=3>; rel=\"last\""),
    ));
    // A relative link is resolved against the page's URL.
    server.enqueue(
        Reply::json(200, &repos(&[3, 4]))
            .header("link", "</orgs/acme/repos?per_page=2&page=3>; rel=\"next\""),
    );
    server.enqueue(Reply::json(200, &repos(&[5])).header(
        "link",
        "</orgs/acme/repos?per_page=2&page=1>; rel=\"first\"",
    ));
    let client = paging(&server);
    let options = ListRepositoriesOptions {
        per_page: Some("2".to_owned()),
        ..Default::default()
    };
    let all = client
        .list_repositories_stream("acme", &options)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<i64> = all.iter().map(|r| r.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&server),
        ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]
    );
    for request in server.requests() {
        assert_eq!(request.header("authorization"), Some("Bearer token"));
    }
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let server = EchoServer::start().await;
    let elsewhere = EchoServer::start().await;
    server.enqueue(Reply::json(200, &serde_json::json!([{"id": 1}])).header(
        "link",
        &format!("<{}/steal?page=2>; rel=\"next\"", elsewhere.origin()),
    ));
    let client = paging(&server);
    let mut repos = client.list_repositories_stream("acme", &ListRepositoriesOptions::default());
    assert_eq!(repos.next().await.unwrap().unwrap().id, 1);
    let error = repos.next().await.expect("an error").unwrap_err();
    assert!(error.to_string().contains("another origin"), "{error}");
    assert!(
        repos.next().await.is_none(),
        "the stream ends after its error"
    );
    assert_eq!(
        elsewhere.count(),
        0,
        "the token never left for the other origin"
    );
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_the_request_s_error() {
    let server = EchoServer::start().await;
    server.enqueue(users_page(&["u1"], "t2"));
    let client = paging(&server);
    let mut meetings = client.list_meetings_stream("ada", &ListMeetingsOptions::default());
    // Page 1 has users, not meetings: zero items of the list, which ends it.
    assert!(meetings.next().await.is_none());
    assert_eq!(server.count(), 1);

    server.clear();
    server.enqueue(Reply::json(
        200,
        &serde_json::json!({"next_page_token": "t2", "meetings": [{"id": 1}]}),
    ));
    server.enqueue(Reply::json(
        404,
        &serde_json::json!({"code": 1001, "message": "User does not exist"}),
    ));
    let mut meetings = client.list_meetings_stream("ada", &ListMeetingsOptions::default());
    assert_eq!(meetings.next().await.unwrap().unwrap().id, 1);
    match meetings.next().await {
        Some(Err(ListMeetingsError::NotFound(response))) => {
            assert_eq!(response.status, 404);
            let body = response.body.as_ref().expect("the documented body");
            assert_eq!(body.message, "User does not exist");
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    assert!(meetings.next().await.is_none());
    assert_eq!(
        queries(&server),
        ["", "next_page_token=t2"],
        "the failed page was asked for once"
    );
}

#[tokio::test]
async fn each_page_is_retried_as_the_client_says() {
    let server = EchoServer::start().await;
    server.enqueue(users_page(&["u1"], "t2"));
    server.enqueue(Reply::empty(503).header("retry-after", "0"));
    server.enqueue(users_page(&["u2"], ""));
    let client = zoom(&server).with_retry(zoom_users::RetryPolicy::default());
    let users = client
        .list_users_stream(&ListUsersOptions::default())
        .try_collect()
        .await
        .expect("the 503 is retried");
    assert_eq!(users.len(), 2);
    assert_eq!(
        queries(&server),
        ["", "next_page_token=t2", "next_page_token=t2"]
    );
}

#[tokio::test]
async fn a_server_that_hands_back_the_same_token_is_not_asked_for_ever() {
    let server = EchoServer::start().await;
    server.default_reply(users_page(&["u1"], "same"));
    let client = zoom(&server);
    let users = client
        .list_users_stream(&ListUsersOptions::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 2);
    assert_eq!(queries(&server), ["", "next_page_token=same"]);
}

#[tokio::test]
async fn a_page_that_does_not_decode_is_the_invalid_body_error() {
    let server = EchoServer::start().await;
    server.enqueue(Reply::with_type(
        200,
        "application/json",
        "{\"users\": [oops",
    ));
    let client = zoom(&server);
    let result = client
        .list_users_stream(&ListUsersOptions::default())
        .try_collect()
        .await;
    assert!(
        matches!(result, Err(ListUsersError::InvalidBody { .. })),
        "{result:?}"
    );
}

/// Code written against the `Api` trait streams from a fake as from the client.
#[tokio::test]
async fn a_fake_implements_the_stream_method_of_the_trait() {
    use futures_util::StreamExt as _;
    use zoom_users::{Api, ListUsersResponse, ListUsersResponseUsersItem};

    struct Fake;
    impl Api for Fake {
        async fn list_users(
            &self,
            _: &ListUsersOptions,
        ) -> Result<ListUsersResponse, ListUsersError> {
            Ok(ListUsersResponse::default())
        }
        fn list_users_stream(
            &self,
            _: &ListUsersOptions,
        ) -> impl zoom_users::Stream<Item = Result<ListUsersResponseUsersItem, ListUsersError>> + Send
        {
            let users = ["a@x.test", "b@x.test"].map(|email| {
                Ok(ListUsersResponseUsersItem {
                    email: email.to_owned(),
                    ..Default::default()
                })
            });
            futures_util::stream::iter(users)
        }
        async fn revoke_a_users_sso_token(
            &self,
            _: &str,
        ) -> Result<(), zoom_users::RevokeAUsersSsoTokenError> {
            Ok(())
        }
        async fn update_user_status(
            &self,
            _: &str,
            _: &zoom_users::UpdateUserStatusRequest,
        ) -> Result<(), zoom_users::UpdateUserStatusError> {
            Ok(())
        }
        async fn update_a_users_password(
            &self,
            _: &str,
            _: &zoom_users::UpdateAUsersPasswordRequest,
        ) -> Result<(), zoom_users::UpdateAUsersPasswordError> {
            Ok(())
        }
        async fn create_users(
            &self,
            _: &zoom_users::CreateUsersRequest,
        ) -> Result<zoom_users::CreateUsersResponse, zoom_users::CreateUsersError> {
            Ok(zoom_users::CreateUsersResponse::default())
        }
    }

    async fn emails(api: &impl Api) -> Vec<String> {
        api.list_users_stream(&ListUsersOptions::default())
            .filter_map(|user| async move { user.ok().map(|u| u.email) })
            .collect()
            .await
    }

    assert_eq!(emails(&Fake).await, ["a@x.test", "b@x.test"]);
    let server = EchoServer::start().await;
    server.enqueue(users_page(&["c"], ""));
    assert_eq!(emails(&zoom(&server)).await, ["c@example.test"]);
}
