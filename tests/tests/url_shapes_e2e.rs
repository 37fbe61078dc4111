//! End-to-end tests of `collections/url-shapes.postman_collection.json`: the URL shapes
//! Postman accepts (nested variables, hosts without a scheme, protocol-relative hosts, query
//! keys without a value), driven against the loopback echo server.

use generated::url_shapes::{Client, SearchOptions};
use postman_codegen_tests::echo_server::{EchoServer, EchoedRequest};

/// The only request the server received.
fn only_request(server: &EchoServer) -> EchoedRequest {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "expected one request: {requests:#?}");
    requests.into_iter().next().unwrap()
}

/// A `reqwest::Client` that resolves each of `hosts` to the echo server (whose port is used,
/// as the URLs have none).
fn resolving_to(server: &EchoServer, hosts: &[&str]) -> reqwest::Client {
    hosts
        .iter()
        .fold(reqwest::Client::builder().no_proxy(), |builder, host| {
            builder.resolve(host, server.addr)
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn nested_variables_resolve_as_postman_resolves_them() {
    let server = EchoServer::start().await;
    // `{{hello_{{lang}}}}` with `lang` = `en`: one argument, `hello_en`, one segment.
    let client = Client::new()
        .with_base_url(server.url("/api"))
        .with_http_client(resolving_to(&server, &["nested.example.test"]));
    client.get_greeting("bonjour tout").await.unwrap();
    let request = only_request(&server);
    assert_eq!(request.raw_path, "/api/greetings/bonjour%20tout");
    assert_eq!(request.raw_query, None);

    // `{{host_{{env}}}}` with `env` = `local`: the host is `host_local`'s value.
    server.clear();
    client.get_nested_host().await.unwrap();
    let request = only_request(&server);
    assert_eq!(request.header("host"), Some("nested.example.test"));
    assert_eq!(request.raw_path, "/health");

    // The inner variable has no value: one argument, no stray `}}` (`%7D%7D`).
    server.clear();
    client.get_unresolved("7").await.unwrap();
    assert_eq!(only_request(&server).raw_path, "/api/items/7");
}

#[tokio::test]
async fn a_host_without_a_scheme_is_requested_over_http() {
    let server = EchoServer::start().await;
    // Its default, `http://httpbin.org`: plain http (no TLS backend is compiled in).
    let client = Client::new().with_http_client(resolving_to(&server, &["httpbin.org"]));
    client.get_status("204").await.unwrap();
    let request = only_request(&server);
    assert_eq!(request.header("host"), Some("httpbin.org"));
    assert_eq!(request.raw_path, "/status/204");

    // Overridden like the base URL, here with a value that has no scheme either.
    server.clear();
    let client = Client::new()
        .with_base_url("http://127.0.0.1:9/unused")
        .with_variable("httpbin.org", server.addr.to_string());
    client.get_status("418").await.unwrap();
    let request = only_request(&server);
    assert_eq!(
        request.header("host"),
        Some(server.addr.to_string().as_str())
    );
    assert_eq!(request.raw_path, "/status/418");

    // With a path prefix and a trailing `/`.
    server.clear();
    let client = Client::new().with_variable("httpbin.org", server.url("/mock/"));
    client.get_status("200").await.unwrap();
    assert_eq!(only_request(&server).raw_path, "/mock/status/200");
}

#[tokio::test]
async fn a_protocol_relative_url_names_the_host() {
    let server = EchoServer::start().await;
    let client = Client::new()
        .with_base_url("http://127.0.0.1:9/unused")
        .with_http_client(resolving_to(&server, &["cdn.example.test"]));
    client.get_asset("logo.png").await.unwrap();
    let request = only_request(&server);
    assert_eq!(request.header("host"), Some("cdn.example.test"));
    assert_eq!(request.raw_path, "/assets/logo.png");

    server.clear();
    let client = client.with_variable("cdn.example.test", server.url("/cdn"));
    client.get_asset("a b").await.unwrap();
    assert_eq!(only_request(&server).raw_path, "/cdn/assets/a%20b");
}

#[tokio::test]
async fn query_keys_without_a_value_are_sent_bare() {
    let server = EchoServer::start().await;
    let client = Client::new().with_base_url(server.url(""));
    // `debug` is documented `(Required)`: always sent. The optional flags are off by default.
    client.search("rust", &Default::default()).await.unwrap();
    assert_eq!(
        only_request(&server).raw_query.as_deref(),
        Some("q=rust&debug")
    );

    server.clear();
    let options = SearchOptions {
        verbose: true,
        ..Default::default()
    };
    client.search("a&b=c", &options).await.unwrap();
    assert_eq!(
        only_request(&server).raw_query.as_deref(),
        Some("q=a%26b%3Dc&verbose&debug")
    );

    // A key whose example is empty (`empty=`) keeps its `=`; flags keep their place.
    server.clear();
    let options = SearchOptions {
        verbose: true,
        pretty: true,
        empty: Some(String::new()),
    };
    client.search("x", &options).await.unwrap();
    let request = only_request(&server);
    assert_eq!(
        request.raw_query.as_deref(),
        Some("q=x&verbose&pretty&debug&empty=")
    );
    assert_eq!(
        request.query_pairs(),
        [
            ("q", "x"),
            ("verbose", ""),
            ("pretty", ""),
            ("debug", ""),
            ("empty", "")
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .to_vec()
    );
}
