//! End-to-end tests of the feature collections in `collections/` (one per feature area:
//! `query-params`, `headers`, `bodies`, `responses`, `methods`, `auth`, `variables`; the signing schemes are in `auth_schemes_e2e.rs`), each
//! driving the generated client against the loopback echo server in
//! `postman_codegen_tests::echo_server`.
//!
//! Every test checks what went over the wire (method, path, query pairs and their order,
//! headers, body bytes, multipart parts) and what the typed client made of the answer.

use std::sync::{Arc, Mutex};

use postman_codegen_tests::echo_server::{EchoServer, EchoedRequest, Reply};
use serde_json::json;

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

/// Owned `(key, value)` pairs, to compare with [`EchoedRequest::query_pairs`].
fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The pairs sorted by key only (a stable sort: values of one key keep their order).
fn by_key(mut list: Vec<(String, String)>) -> Vec<(String, String)> {
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// The only request the server received.
fn only_request(server: &EchoServer) -> EchoedRequest {
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:#?}"
    );
    requests.into_iter().next().unwrap()
}

/// What the generator makes of `collections/<stem>.postman_collection.json` today.
fn generated_source(stem: &str) -> String {
    let file_name = format!("{stem}.postman_collection.json");
    let path = format!("{}/../collections/{file_name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    postman_codegen::generate(&file_name, &bytes)
        .unwrap_or_else(|e| panic!("{file_name}: {e}"))
        .code
}

/// A `reqwest::Client` that resolves each of `hosts` to the echo server, so a URL such as
/// `http://other.example.test/x` reaches it without DNS (the server's port is used because
/// the URL has none).
fn resolving_to(server: &EchoServer, hosts: &[&str]) -> reqwest::Client {
    hosts
        .iter()
        .fold(reqwest::Client::builder().no_proxy(), |builder, host| {
            builder.resolve(host, server.addr)
        })
        .build()
        .unwrap()
}

// ------------------------------------------------------------------------------------------------
// query-params
// ------------------------------------------------------------------------------------------------

mod query_params {
    use super::*;
    use generated::query_params::{
        BuildReportOrder, Client, SearchItemsOptions, SearchItemsResponse,
        SearchItemsResponseItemsItem, SearchItemsSort,
    };

    async fn start() -> (EchoServer, Client) {
        let server = EchoServer::start().await;
        let client = Client::new().with_base_url(server.url("/api"));
        (server, client)
    }

    #[tokio::test]
    async fn required_only_sends_just_the_required_pairs() {
        let (server, client) = start().await;
        server.on(
            "GET",
            "/api/items",
            Reply::json(
                200,
                &json!({"items": [{"id": 7, "name": "Boot"}], "total": 1, "extra": true}),
            ),
        );
        assert_eq!(Client::DEFAULT_BASE_URL, "http://localhost:8080/api");

        let found = client
            .search_items("red shoes & more", "25", &SearchItemsOptions::default())
            .await
            .unwrap();
        assert_eq!(
            found,
            SearchItemsResponse {
                items: vec![SearchItemsResponseItemsItem {
                    id: 7,
                    name: "Boot".to_owned(),
                    _present: Default::default(),
                }],
                total: 1,
                _present: Default::default(),
            }
        );

        let request = only_request(&server);
        assert_eq!(request.method, "GET");
        assert_eq!(request.raw_path, "/api/items");
        // The disabled `debug` and the optional parameters are left out.
        assert_eq!(
            request.query_pairs(),
            pairs(&[("q", "red shoes & more"), ("page_size", "25")])
        );
        // Reserved characters in a value are encoded, so the pairs stay two.
        let raw = request.raw_query.unwrap();
        assert_eq!(raw.matches('&').count(), 1, "{raw}");
        assert!(!raw.contains(' '), "{raw}");
        assert!(request.body.is_empty());
    }

    #[tokio::test]
    async fn every_option_is_sent_once_with_repeated_tags_in_order() {
        let (server, client) = start().await;
        server.on(
            "GET",
            "/api/items",
            Reply::json(200, &json!({"items": [], "total": 0})),
        );
        let options = SearchItemsOptions {
            limit: Some("10".to_owned()),
            tag: Some(vec!["a".to_owned(), "b c".to_owned()]),
            sort: Some(SearchItemsSort::Desc),
            debug: Some("true".to_owned()),
        };
        let found = client.search_items("shoes", "50", &options).await.unwrap();
        assert_eq!(found, SearchItemsResponse::default());

        let request = only_request(&server);
        assert_eq!(
            by_key(request.query_pairs()),
            pairs(&[
                ("debug", "true"),
                ("limit", "10"),
                ("page_size", "50"),
                ("q", "shoes"),
                ("sort", "desc"),
                ("tag", "a"),
                ("tag", "b c"),
            ])
        );
        assert_eq!(SearchItemsSort::Asc.as_str(), "asc");
        assert_eq!(SearchItemsSort::Desc.to_string(), "desc");

        // An empty tag list sends no `tag` at all.
        server.clear();
        let options = SearchItemsOptions {
            tag: Some(Vec::new()),
            sort: Some(SearchItemsSort::Asc),
            ..SearchItemsOptions::default()
        };
        client.search_items("x", "1", &options).await.unwrap();
        assert_eq!(
            by_key(only_request(&server).query_pairs()),
            pairs(&[("page_size", "1"), ("q", "x"), ("sort", "asc")])
        );
    }

    #[tokio::test]
    async fn required_repeated_key_and_required_enum() {
        let (server, client) = start().await;
        client
            .build_report(&["sales", "returns"], BuildReportOrder::Asc)
            .await
            .unwrap();
        let request = only_request(&server);
        assert_eq!(request.raw_path, "/api/reports");
        assert_eq!(
            by_key(request.query_pairs()),
            pairs(&[("kind", "sales"), ("kind", "returns"), ("order", "asc")])
        );
    }

    /// Postman sends the query in the collection's order; so should the client (APIs that sign
    /// or cache by the raw query string depend on it).
    #[tokio::test]
    async fn pairs_keep_the_collection_order() {
        let (server, client) = start().await;
        server.default_reply(Reply::json(200, &json!({"items": [], "total": 0})));
        let options = SearchItemsOptions {
            limit: Some("10".to_owned()),
            tag: Some(vec!["a".to_owned(), "b".to_owned()]),
            sort: Some(SearchItemsSort::Asc),
            debug: Some("true".to_owned()),
        };
        client.search_items("shoes", "25", &options).await.unwrap();
        client
            .build_report(&["sales", "returns"], BuildReportOrder::Desc)
            .await
            .unwrap();
        let requests = server.requests();
        assert_eq!(
            requests[0].raw_query.as_deref(),
            Some("q=shoes&limit=10&tag=a&tag=b&page_size=25&sort=asc&debug=true")
        );
        assert_eq!(
            requests[1].raw_query.as_deref(),
            Some("kind=sales&kind=returns&order=desc")
        );
    }
}

// ------------------------------------------------------------------------------------------------
// headers
// ------------------------------------------------------------------------------------------------

mod headers {
    use super::*;
    use generated::headers::{
        Client, SendHeadersAcceptLanguage, SendHeadersBody, SendHeadersError, SendHeadersOptions,
        SendHeadersResponse,
    };

    async fn start() -> (EchoServer, Client) {
        let server = EchoServer::start().await;
        server.on(
            "POST",
            "/api/headers",
            Reply::json(200, &json!({"ok": true})),
        );
        let client = Client::new().with_base_url(server.url("/api"));
        (server, client)
    }

    fn body() -> SendHeadersBody {
        SendHeadersBody {
            message: Some("hi".to_owned()),
        }
    }

    #[tokio::test]
    async fn fixed_variable_and_secret_headers() {
        let (server, client) = start().await;
        let answer = client
            .send_headers(
                "9.9.9",
                "runtime-token",
                &body(),
                &SendHeadersOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(
            answer,
            SendHeadersResponse {
                ok: true,
                _present: Default::default()
            }
        );

        let request = only_request(&server);
        assert_eq!(request.method, "POST");
        assert_eq!(request.raw_path, "/api/headers");
        // Fixed, non-secret values are sent as the collection has them, once.
        assert_eq!(
            request.header_all("x-client-name"),
            ["postman-codegen-tests"]
        );
        assert_eq!(request.header_all("accept"), ["application/json"]);
        // `{{clientVersion}}` and the secret-looking header are arguments.
        assert_eq!(request.header_all("x-client-version"), ["9.9.9"]);
        assert_eq!(request.header_all("x-api-token"), ["runtime-token"]);
        // Disabled headers are optional and left out by default.
        assert_eq!(request.header("x-trace"), None);
        assert_eq!(request.header("accept-language"), None);
        // Content-Type comes from the body, once.
        assert_eq!(request.header_all("content-type"), ["application/json"]);
        assert_eq!(request.json(), json!({"message": "hi"}));
    }

    #[tokio::test]
    async fn disabled_headers_are_options_and_enums_send_their_wire_value() {
        let (server, client) = start().await;
        let options = SendHeadersOptions {
            x_trace: Some("on".to_owned()),
            accept_language: Some(SendHeadersAcceptLanguage::De),
        };
        client
            .send_headers("1.0", "t", &SendHeadersBody::default(), &options)
            .await
            .unwrap();
        let request = only_request(&server);
        assert_eq!(request.header_all("x-trace"), ["on"]);
        assert_eq!(request.header_all("accept-language"), ["de"]);
        assert_eq!(request.json(), json!({}));
        assert_eq!(SendHeadersAcceptLanguage::Fr.as_str(), "fr");
    }

    #[tokio::test]
    async fn header_values_beyond_ascii_are_sent_as_utf8() {
        let (server, client) = start().await;
        let options = SendHeadersOptions {
            x_trace: Some("café ☕".to_owned()),
            ..SendHeadersOptions::default()
        };
        client
            .send_headers("1.0", "jeton-été", &body(), &options)
            .await
            .unwrap();
        let request = only_request(&server);
        assert_eq!(request.header_all("x-trace"), ["café ☕"]);
        assert_eq!(request.header_all("x-api-token"), ["jeton-été"]);
    }

    #[tokio::test]
    async fn header_values_with_line_breaks_are_refused_before_sending() {
        let (server, client) = start().await;
        for (version, token) in [("1\r\nX-Evil: 1", "t"), ("1", "t\nX-Evil: 1")] {
            let err = client
                .send_headers(version, token, &body(), &SendHeadersOptions::default())
                .await
                .unwrap_err();
            assert!(
                matches!(err, SendHeadersError::InvalidRequest(_)),
                "{err:?}"
            );
        }
        let options = SendHeadersOptions {
            x_trace: Some("a\rb".to_owned()),
            ..SendHeadersOptions::default()
        };
        let err = client
            .send_headers("1", "t", &body(), &options)
            .await
            .unwrap_err();
        assert!(
            matches!(err, SendHeadersError::InvalidRequest(_)),
            "{err:?}"
        );
        assert_eq!(server.count(), 0);
    }

    #[tokio::test]
    async fn the_collections_content_type_types_a_raw_body() {
        let (server, client) = start().await;
        client.upload_csv("name,qty\nlamp,1\n").await.unwrap();
        let request = only_request(&server);
        assert_eq!(request.raw_path, "/api/csv");
        assert_eq!(request.header_all("content-type"), ["text/csv"]);
        assert_eq!(request.text(), "name,qty\nlamp,1\n");
    }

    #[test]
    fn secret_header_example_is_not_embedded() {
        let code = generated_source("headers");
        assert!(!code.contains("example-header-token-0123456789"));
        // The fixed header is embedded, as it must be to be sent.
        assert!(code.contains("postman-codegen-tests"));
    }
}

// ------------------------------------------------------------------------------------------------
// bodies
// ------------------------------------------------------------------------------------------------

mod bodies {
    use super::*;
    use generated::bodies::{
        BulkCreateTagsBodyItem, BulkCreateTagsResponseItem, Client, CreateJsonApiResourceBody,
        CreateJsonApiResourceBodyAttributes, CreateJsonApiResourceBodyData, CreateOrderBody,
        CreateOrderBodyAddress, CreateOrderBodyItemsItem, CreateOrderResponse, FilePart,
        HeroQueryResponse, HeroQueryResponseData, HeroQueryResponseHero, HeroQueryVariables,
        MultipartUploadMeta, MultipartUploadRequest, MultipartUploadVisibility,
        UrlencodedFormGrantType, UrlencodedFormRequest,
    };

    /// Bytes that are not UTF-8, with a NUL: they must arrive untouched.
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary";

    const HERO_QUERY: &str = "query Hero($episode: String, $first: Int) {\n  hero(episode: $episode) {\n    name\n    friends(first: $first) { name }\n  }\n}";

    async fn start() -> (EchoServer, Client) {
        let server = EchoServer::start().await;
        let client = Client::new().with_base_url(server.url("/api"));
        (server, client)
    }

    #[tokio::test]
    async fn urlencoded_fields_in_order_with_enum_and_options() {
        let (server, client) = start().await;
        client
            .urlencoded_form(&UrlencodedFormRequest {
                grant_type: UrlencodedFormGrantType::ClientCredentials,
                username: "ada lovelace".to_owned(),
                scope: Some("read write&admin".to_owned()),
                remember: None,
            })
            .await
            .unwrap();
        let request = only_request(&server);
        assert_eq!(
            (request.method.as_str(), request.raw_path.as_str()),
            ("POST", "/api/form")
        );
        assert_eq!(
            request.header_all("content-type"),
            ["application/x-www-form-urlencoded"]
        );
        assert_eq!(
            request.form_pairs(),
            pairs(&[
                ("grant_type", "client_credentials"),
                ("username", "ada lovelace"),
                ("scope", "read write&admin"),
            ])
        );

        server.clear();
        client
            .urlencoded_form(&UrlencodedFormRequest {
                grant_type: UrlencodedFormGrantType::Password,
                username: "bob".to_owned(),
                scope: None,
                remember: Some("true".to_owned()),
            })
            .await
            .unwrap();
        assert_eq!(
            only_request(&server).form_pairs(),
            pairs(&[
                ("grant_type", "password"),
                ("username", "bob"),
                ("remember", "true")
            ])
        );
    }

    fn upload() -> MultipartUploadRequest {
        MultipartUploadRequest {
            title: "Holiday 2024".to_owned(),
            meta: Some(MultipartUploadMeta {
                author: Some("ada".to_owned()),
                tags: Some(vec!["x".to_owned()]),
            }),
            visibility: Some(MultipartUploadVisibility::Private),
            attachments: vec![
                FilePart::new("first.txt", b"first file".to_vec()),
                FilePart {
                    file_name: "second.csv".to_owned(),
                    content_type: Some("text/csv".to_owned()),
                    bytes: b"a,b\n1,2\n".to_vec(),
                },
            ],
            cover: vec![FilePart::new("cover.png", PNG.to_vec())],
            note: None,
        }
    }

    #[tokio::test]
    async fn multipart_text_json_enum_and_file_parts() {
        let (server, client) = start().await;
        client.multipart_upload(&upload()).await.unwrap();
        let request = only_request(&server);
        assert_eq!(request.raw_path, "/api/upload");
        assert_eq!(request.media_type().as_deref(), Some("multipart/form-data"));
        assert_eq!(request.multipart_error, None);
        assert_eq!(
            request.part_names(),
            [
                "title",
                "meta",
                "visibility",
                "attachments",
                "attachments",
                "cover"
            ]
        );

        let title = request.part("title").unwrap();
        assert_eq!(title.text(), "Holiday 2024");
        assert_eq!(title.filename, None);

        // A text field whose example is JSON is typed, and sent as JSON text with the
        // collection's per-part content type.
        let meta = request.part("meta").unwrap();
        assert_eq!(meta.content_type.as_deref(), Some("application/json"));
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&meta.bytes).unwrap(),
            json!({"author": "ada", "tags": ["x"]})
        );
        assert_eq!(request.part("visibility").unwrap().text(), "private");

        // Two files under one key: one part each, in order.
        let files = request.parts_named("attachments");
        assert_eq!(files[0].filename.as_deref(), Some("first.txt"));
        assert_eq!(files[0].bytes, b"first file");
        assert_eq!(files[1].filename.as_deref(), Some("second.csv"));
        assert_eq!(files[1].content_type.as_deref(), Some("text/csv"));
        assert_eq!(files[1].bytes, b"a,b\n1,2\n");

        let cover = request.part("cover").unwrap();
        assert_eq!(cover.filename.as_deref(), Some("cover.png"));
        assert_eq!(cover.bytes, PNG);
    }

    #[tokio::test]
    async fn multipart_leaves_out_unset_options_and_sends_set_ones() {
        let (server, client) = start().await;
        let body = MultipartUploadRequest {
            title: "Only a title".to_owned(),
            ..MultipartUploadRequest::default()
        };
        client.multipart_upload(&body).await.unwrap();
        assert_eq!(only_request(&server).part_names(), ["title"]);

        server.clear();
        let body = MultipartUploadRequest {
            note: Some("disabled in Postman, still settable".to_owned()),
            ..upload()
        };
        client.multipart_upload(&body).await.unwrap();
        let request = only_request(&server);
        assert_eq!(
            request.part("note").unwrap().text(),
            "disabled in Postman, still settable"
        );
    }

    /// The collection gives the `cover` file part `contentType: image/png`; a file whose own
    /// content type is not set should be sent with it, as Postman does.
    #[tokio::test]
    async fn file_part_defaults_to_the_collections_content_type() {
        let (server, client) = start().await;
        client.multipart_upload(&upload()).await.unwrap();
        let request = only_request(&server);
        let cover = request.part("cover").unwrap();
        assert_eq!(cover.content_type.as_deref(), Some("image/png"));
    }

    #[tokio::test]
    async fn raw_json_with_comments_nested_values_and_extra_example_field() {
        let (server, client) = start().await;
        server.on(
            "POST",
            "/api/orders",
            Reply::json(201, &json!({"id": "ord-9", "status": "created"})),
        );
        // `coupon` is only in a saved example's original request: it is still a field.
        let order = CreateOrderBody {
            name: Some("Ada".to_owned()),
            age: Some(36),
            vip: Some(true),
            address: Some(CreateOrderBodyAddress {
                city: Some("London".to_owned()),
                zip: None,
            }),
            tags: Some(vec!["a".to_owned(), "b".to_owned()]),
            items: Some(vec![CreateOrderBodyItemsItem {
                sku: Some("x-1".to_owned()),
                qty: Some(2),
            }]),
            coupon: Some("SAVE10".to_owned()),
        };
        let created = client.create_order(&order).await.unwrap();
        assert_eq!(
            created,
            CreateOrderResponse {
                id: "ord-9".to_owned(),
                status: "created".to_owned(),
                _present: Default::default(),
            }
        );
        let request = only_request(&server);
        assert_eq!(request.header_all("content-type"), ["application/json"]);
        assert_eq!(
            request.json(),
            json!({
                "name": "Ada",
                "age": 36,
                "vip": true,
                "address": {"city": "London"},
                "tags": ["a", "b"],
                "items": [{"sku": "x-1", "qty": 2}],
                "coupon": "SAVE10",
            })
        );

        // Fields left `None` are left out.
        server.clear();
        let order = CreateOrderBody {
            coupon: Some("ONLY".to_owned()),
            items: Some(vec![CreateOrderBodyItemsItem::default()]),
            ..CreateOrderBody::default()
        };
        client.create_order(&order).await.unwrap();
        assert_eq!(
            only_request(&server).json(),
            json!({"coupon": "ONLY", "items": [{}]})
        );
    }

    #[tokio::test]
    async fn raw_xml_and_text_keep_their_content_types() {
        let (server, client) = start().await;
        let xml = "<note>\n  <to>Grace</to>\n</note>";
        client.send_xml(xml).await.unwrap();
        client.send_text("plain text, ünïcode").await.unwrap();
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].raw_path, "/api/xml");
        assert_eq!(requests[0].header_all("content-type"), ["application/xml"]);
        assert_eq!(requests[0].text(), xml);
        assert_eq!(requests[1].raw_path, "/api/text");
        assert_eq!(requests[1].header_all("content-type"), ["text/plain"]);
        assert_eq!(requests[1].text(), "plain text, ünïcode");
    }

    #[tokio::test]
    async fn graphql_sends_query_and_variables_as_json() {
        let (server, client) = start().await;
        server.on(
            "POST",
            "/api/graphql",
            Reply::json(
                200,
                &json!({"data": {"hero": {"name": "Luke", "height": 1.72}}}),
            ),
        );
        let hero = client
            .hero_query(&HeroQueryVariables {
                episode: Some("EMPIRE".to_owned()),
                first: Some(2),
            })
            .await
            .unwrap();
        assert_eq!(
            hero,
            HeroQueryResponse {
                data: HeroQueryResponseData {
                    hero: HeroQueryResponseHero {
                        name: "Luke".to_owned(),
                        _present: Default::default(),
                    },
                    _present: Default::default(),
                },
                _present: Default::default(),
            }
        );
        let request = only_request(&server);
        assert_eq!(
            (request.method.as_str(), request.raw_path.as_str()),
            ("POST", "/api/graphql")
        );
        assert_eq!(request.header_all("content-type"), ["application/json"]);
        assert_eq!(
            request.json(),
            json!({"query": HERO_QUERY, "variables": {"episode": "EMPIRE", "first": 2}})
        );

        // GraphQL errors come with 200 and `data: null`: the typed data takes its defaults.
        server.clear();
        server.on(
            "POST",
            "/api/graphql",
            Reply::json(200, &json!({"data": null, "errors": [{"message": "no"}]})),
        );
        let hero = client
            .hero_query(&HeroQueryVariables::default())
            .await
            .unwrap();
        assert_eq!(hero, HeroQueryResponse::default());
        assert_eq!(
            only_request(&server).json(),
            json!({"query": HERO_QUERY, "variables": {}})
        );
    }

    #[tokio::test]
    async fn binary_bodies_are_sent_byte_for_byte() {
        let (server, client) = start().await;
        client.upload_image(PNG.to_vec()).await.unwrap();
        client.upload_blob(vec![0, 1, 2, 255]).await.unwrap();
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(
            (requests[0].method.as_str(), requests[0].raw_path.as_str()),
            ("PUT", "/api/images/raw")
        );
        assert_eq!(requests[0].header_all("content-type"), ["image/png"]);
        assert_eq!(requests[0].body, PNG);
        assert_eq!(requests[1].raw_path, "/api/blobs/raw");
        assert_eq!(
            requests[1].header_all("content-type"),
            ["application/octet-stream"]
        );
        assert_eq!(requests[1].body, [0, 1, 2, 255]);
    }

    #[tokio::test]
    async fn top_level_json_arrays_in_and_out() {
        let (server, client) = start().await;
        server.on(
            "POST",
            "/api/tags/bulk",
            Reply::json(200, &json!([{"id": 5, "name": "green"}, {"id": 6}])),
        );
        let created = client
            .bulk_create_tags(&vec![
                BulkCreateTagsBodyItem {
                    name: Some("green".to_owned()),
                },
                BulkCreateTagsBodyItem::default(),
            ])
            .await
            .unwrap();
        assert_eq!(
            created,
            [
                BulkCreateTagsResponseItem {
                    id: 5,
                    name: "green".to_owned(),
                    _present: Default::default(),
                },
                BulkCreateTagsResponseItem {
                    id: 6,
                    name: String::new(),
                    _present: Default::default(),
                },
            ]
        );
        let request = only_request(&server);
        assert_eq!(request.header_all("content-type"), ["application/json"]);
        assert_eq!(request.json(), json!([{"name": "green"}, {}]));
    }

    /// The collection says `Content-Type: application/vnd.api+json` for a raw JSON body: that
    /// media type must go over the wire, not a generic `application/json`.
    #[tokio::test]
    async fn json_body_keeps_the_collections_json_media_type() {
        let (server, client) = start().await;
        let body = CreateJsonApiResourceBody {
            data: Some(CreateJsonApiResourceBodyData {
                r#type: Some("articles".to_owned()),
                attributes: Some(CreateJsonApiResourceBodyAttributes {
                    title: Some("Hello".to_owned()),
                }),
            }),
        };
        client.create_json_api_resource(&body).await.unwrap();
        let request = only_request(&server);
        assert_eq!(
            request.json(),
            json!({"data": {"type": "articles", "attributes": {"title": "Hello"}}})
        );
        assert_eq!(
            request.header_all("content-type"),
            ["application/vnd.api+json"]
        );
    }

    #[tokio::test]
    async fn a_body_without_mode_sends_nothing() {
        let (server, client) = start().await;
        client.ping_without_body().await.unwrap();
        let request = only_request(&server);
        assert_eq!(
            (request.method.as_str(), request.raw_path.as_str()),
            ("POST", "/api/ping")
        );
        assert!(request.body.is_empty());
        assert_eq!(request.header("content-type"), None);
    }
}

// ------------------------------------------------------------------------------------------------
// responses
// ------------------------------------------------------------------------------------------------

mod responses {
    use super::*;
    use generated::responses::{
        Client, DeleteWidgetError, GetEventResponse, GetLogoError, GetReadmeError, GetWidgetError,
        GetWidgetResponse,
    };

    async fn start() -> (EchoServer, Client) {
        let server = EchoServer::start().await;
        let client = Client::new().with_base_url(server.url("/api"));
        (server, client)
    }

    #[tokio::test]
    async fn success_is_typed_by_the_200_example_only() {
        let (server, client) = start().await;
        server.on(
            "GET",
            "/api/widgets/w1",
            Reply::json(
                200,
                &json!({"id": "w1", "name": "Widget", "price": 12.25, "tags": ["blue", "big"], "error": "ignored"}),
            ),
        );
        let widget = client.get_widget("w1").await.unwrap();
        // An exhaustive literal: the 404 example's `error`/`message`/`code`/`details` are not
        // fields of the success type.
        assert_eq!(
            widget,
            GetWidgetResponse {
                id: "w1".to_owned(),
                name: "Widget".to_owned(),
                price: 12.25,
                tags: vec!["blue".to_owned(), "big".to_owned()],
                _present: Default::default(),
            }
        );
        // The path parameter is one encoded segment.
        server.default_reply(Reply::json(200, &json!({})));
        client.get_widget("w 9/x").await.unwrap();
        assert_eq!(server.last().raw_path, "/api/widgets/w%209%2Fx");
    }

    #[tokio::test]
    async fn documented_404_is_an_error_variant_carrying_the_body() {
        let (server, client) = start().await;
        let body = json!({
            "error": "not_found",
            "message": "Widget w9 does not exist.",
            "code": 4040,
            "details": [{"field": "id"}],
        });
        server.on("GET", "/api/widgets/w9", Reply::json(404, &body));
        let err = client.get_widget("w9").await.unwrap_err();
        // A request's own error type names the request.
        assert_eq!(
            err.to_string(),
            "get_widget: HTTP 404, code 4040: Widget w9 does not exist."
        );
        let response = expect_err!(Err::<(), _>(err), GetWidgetError::NotFound);
        assert_eq!(response.status, 404);
        assert_eq!(response.code, Some(4040));
        assert_eq!(
            response.message.as_deref(),
            Some("Widget w9 does not exist.")
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&response.text()).unwrap(),
            body
        );
        assert_eq!(response.header("content-type"), Some("application/json"));
        // The documented 404's body, typed from its saved example.
        let typed = response.body.as_ref().expect("the 404 body decodes");
        assert_eq!((typed.code, typed.error.as_str()), (4040, "not_found"));
        assert_eq!(typed.details[0].field, "id");
        // A 404 whose body is not the documented shape: the response is kept, no typed body.
        server.on(
            "GET",
            "/api/widgets/w9",
            Reply::with_type(404, "text/html", "<h1>Not Found</h1>"),
        );
        let response = expect_err!(client.get_widget("w9").await, GetWidgetError::NotFound);
        assert!(response.body.is_none());
        assert_eq!(response.text(), "<h1>Not Found</h1>");

        // Undocumented statuses are UnexpectedStatus, body kept.
        server.on(
            "GET",
            "/api/widgets/w9",
            Reply::with_type(500, "text/plain", "boom"),
        );
        let response = expect_err!(
            client.get_widget("w9").await,
            GetWidgetError::UnexpectedStatus
        );
        assert_eq!((response.status, &*response.text()), (500, "boom"));

        // A 200 that is not JSON is InvalidBody with the text kept.
        server.on(
            "GET",
            "/api/widgets/w9",
            Reply::with_type(200, "text/html", "<html></html>"),
        );
        match client.get_widget("w9").await {
            Err(GetWidgetError::InvalidBody { response, .. }) => {
                assert_eq!(response.text(), "<html></html>");
            }
            other => panic!("expected InvalidBody, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn merged_examples_give_option_and_value_fallbacks() {
        let (server, client) = start().await;
        server.enqueue(Reply::json(
            200,
            &json!({"id": 1, "kind": "click", "value": 3, "at": "2024-01-01T00:00:00Z"}),
        ));
        server.enqueue(Reply::json(
            200,
            &json!({"id": 2, "value": "high", "at": "2024-01-02T00:00:00Z"}),
        ));
        server.enqueue(Reply::json(
            200,
            &json!({"id": 3, "kind": null, "value": {"nested": [true]}}),
        ));
        let click = client.get_event().await.unwrap();
        assert_eq!(
            click,
            GetEventResponse {
                at: "2024-01-01T00:00:00Z".to_owned(),
                id: 1,
                kind: Some("click".to_owned()),
                value: json!(3),
                _present: Default::default(),
            }
        );
        let rating = client.get_event().await.unwrap();
        assert_eq!(rating.kind, None);
        assert_eq!(rating.value, json!("high"));
        let other = client.get_event().await.unwrap();
        assert_eq!(other.kind, None);
        assert_eq!(other.value, json!({"nested": [true]}));
        assert_eq!(other.at, "");
        assert_eq!(server.last().raw_path, "/api/events/latest");
    }

    #[tokio::test]
    async fn text_success_is_the_body_text() {
        let (server, client) = start().await;
        server.enqueue(Reply::with_type(200, "text/plain", "Hello, world.\nÜber."));
        server.enqueue(Reply::with_type(200, "text/plain; charset=utf-8", "42"));
        let text: String = client.get_readme().await.unwrap();
        assert_eq!(text, "Hello, world.\nÜber.");
        assert_eq!(client.get_readme().await.unwrap(), "42");

        server.enqueue(Reply::with_type(404, "text/plain", "gone"));
        let response = expect_err!(client.get_readme().await, GetReadmeError::UnexpectedStatus);
        assert_eq!(response.text(), "gone");
    }

    /// The example of `Get count` is `text/plain` (`42`): the success type must be the text,
    /// whatever the body looks like. (Checked at run time so that a wrong type fails this test
    /// only, not the build.)
    #[tokio::test]
    async fn text_plain_example_that_looks_like_json_is_still_text() {
        let (server, client) = start().await;
        server.on(
            "GET",
            "/api/count",
            Reply::with_type(200, "text/plain", "about forty"),
        );
        let count = client.get_count().await;
        let count: &dyn std::any::Any = &count;
        let count = count
            .downcast_ref::<Result<String, generated::responses::GetCountError>>()
            .expect("the success type of a text/plain example is String");
        assert_eq!(count.as_ref().unwrap(), "about forty");
    }

    #[tokio::test]
    async fn binary_success_is_the_exact_bytes() {
        let (server, client) = start().await;
        let png = b"\x89PNG\r\n\x1a\n\x00\xff\xfe".to_vec();
        server.on(
            "GET",
            "/api/logo",
            Reply::with_type(200, "image/png", png.clone()),
        );
        let bytes: Vec<u8> = client.get_logo().await.unwrap();
        assert_eq!(bytes, png);

        server.on(
            "GET",
            "/api/logo",
            Reply::json(503, &json!({"message": "later"})),
        );
        let response = expect_err!(client.get_logo().await, GetLogoError::UnexpectedStatus);
        assert_eq!(response.message.as_deref(), Some("later"));
    }

    #[tokio::test]
    async fn no_content_is_unit_and_404_is_documented() {
        let (server, client) = start().await;
        server.on("DELETE", "/api/widgets/w1", Reply::empty(204));
        let unit: () = client.delete_widget("w1").await.unwrap();
        assert_eq!(unit, ());
        assert_eq!(server.last().method, "DELETE");

        // Any 2xx is success, whatever the body.
        server.on(
            "DELETE",
            "/api/widgets/w1",
            Reply::json(200, &json!({"deleted": 1})),
        );
        client.delete_widget("w1").await.unwrap();

        server.on(
            "DELETE",
            "/api/widgets/w9",
            Reply::json(404, &json!({"message": "Widget w9 does not exist."})),
        );
        let response = expect_err!(
            client.delete_widget("w9").await,
            DeleteWidgetError::NotFound
        );
        assert_eq!(response.status, 404);
        assert_eq!(
            response.message.as_deref(),
            Some("Widget w9 does not exist.")
        );
    }
}

// ------------------------------------------------------------------------------------------------
// methods
// ------------------------------------------------------------------------------------------------

mod methods {
    use super::*;
    use generated::methods::{Client, CreateThingBody};

    #[tokio::test]
    async fn every_method_goes_over_the_wire_as_written() {
        let server = EchoServer::start().await;
        server.on_path(
            "/api/things",
            Reply::empty(200).header("allow", "GET, HEAD"),
        );
        let client = Client::new().with_base_url(server.url("/api"));
        let named = |name: &str| CreateThingBody {
            name: Some(name.to_owned()),
        };

        client.list_things().await.unwrap();
        client.create_thing(&named("lamp")).await.unwrap();
        client.replace_thing("t1", &named("desk")).await.unwrap();
        client.update_thing("t 2", &named("chair")).await.unwrap();
        client.delete_thing("t3").await.unwrap();
        client.check_things().await.unwrap();
        client.thing_options().await.unwrap();
        client
            .find_properties("<propfind xmlns=\"DAV:\"><allprop/></propfind>")
            .await
            .unwrap();
        client.lock_file().await.unwrap();
        client.postman_method().await.unwrap();

        let seen: Vec<(String, String)> = server
            .requests()
            .into_iter()
            .map(|r| (r.method, r.raw_path))
            .collect();
        assert_eq!(
            seen,
            pairs(&[
                ("GET", "/api/things"),
                ("POST", "/api/things"),
                ("PUT", "/api/things/t1"),
                ("PATCH", "/api/things/t%202"),
                ("DELETE", "/api/things/t3"),
                ("HEAD", "/api/things"),
                ("OPTIONS", "/api/things"),
                ("PROPFIND", "/api/dav/docs"),
                ("LOCK", "/api/dav/docs/report.txt"),
                ("POSTMAN", "/api/custom"),
            ])
        );

        let requests = server.requests();
        for (i, name) in [(1, "lamp"), (2, "desk"), (3, "chair")] {
            assert_eq!(requests[i].json(), json!({"name": name}));
            assert_eq!(requests[i].header_all("content-type"), ["application/json"]);
        }
        for i in [0, 4, 5, 6, 8, 9] {
            assert!(requests[i].body.is_empty(), "{:?}", requests[i]);
        }
        let propfind = &requests[7];
        assert_eq!(propfind.header_all("depth"), ["1"]);
        assert_eq!(propfind.header_all("content-type"), ["application/xml"]);
        assert_eq!(
            propfind.text(),
            "<propfind xmlns=\"DAV:\"><allprop/></propfind>"
        );
    }
}

// ------------------------------------------------------------------------------------------------
// auth
// ------------------------------------------------------------------------------------------------

mod auth {
    use super::*;
    use generated::auth::admin::ListUsersError;
    use generated::auth::{
        Client, GetProfileError, HeaderKeyError, NtlmProtectedError, PublicStatusError,
        QueryKeyError,
    };

    /// RFC 7617's example: `Aladdin:open sesame`.
    const BASIC: &str = "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==";

    async fn start() -> (EchoServer, Client) {
        let server = EchoServer::start().await;
        let client = Client::new("bearer-tok")
            .with_base_url(server.url("/api"))
            .with_basic_auth("Aladdin", "open sesame")
            .with_api_key_header_x_api_key("header-key")
            .with_api_key_query_api_key("query-key");
        (server, client)
    }

    #[tokio::test]
    async fn each_request_sends_exactly_its_inherited_credential() {
        let (server, client) = start().await;
        client.get_profile().await.unwrap();
        client.admin().list_users().await.unwrap();
        client.admin().audit().read_audit_log().await.unwrap();
        client.admin().admin_health().await.unwrap();
        client.plain_folder().get_settings().await.unwrap();
        client.header_key().await.unwrap();
        client.query_key("json").await.unwrap();
        client.public_status().await.unwrap();

        let requests = server.requests();
        let seen: Vec<(&str, Option<&str>)> = requests
            .iter()
            .map(|r| (r.raw_path.as_str(), r.header("authorization")))
            .collect();
        assert_eq!(
            seen,
            [
                ("/api/me", Some("Bearer bearer-tok")),
                ("/api/admin/users", Some(BASIC)),
                ("/api/admin/audit", Some(BASIC)),
                ("/api/admin/health", None),
                ("/api/settings", Some("Bearer bearer-tok")),
                ("/api/keyed/header", None),
                ("/api/keyed/query", None),
                ("/api/status", None),
            ]
        );
        for request in &requests {
            assert!(
                request.header_all("authorization").len() <= 1,
                "{request:?}"
            );
            let api_key = request.header("x-api-key");
            let expected = (request.raw_path == "/api/keyed/header").then_some("header-key");
            assert_eq!(api_key, expected, "{}", request.raw_path);
            let in_query = request.query_pairs().iter().any(|(k, _)| k == "api_key");
            assert_eq!(in_query, request.raw_path == "/api/keyed/query");
        }
        assert_eq!(
            requests[6].query_pairs(),
            pairs(&[("format", "json"), ("api_key", "query-key")])
        );
    }

    #[tokio::test]
    async fn missing_credentials_are_refused_before_sending() {
        let server = EchoServer::start().await;
        let client = Client::new("only-bearer").with_base_url(server.url("/api"));
        let err = client.admin().list_users().await.unwrap_err();
        assert!(matches!(err, ListUsersError::InvalidRequest(_)), "{err:?}");
        let err = client.header_key().await.unwrap_err();
        assert!(matches!(err, HeaderKeyError::InvalidRequest(_)), "{err:?}");
        let err = client.query_key("json").await.unwrap_err();
        assert!(matches!(err, QueryKeyError::InvalidRequest(_)), "{err:?}");
        assert_eq!(server.count(), 0);

        // The bearer token can be replaced after construction.
        let client = client.with_bearer_token("second");
        client.get_profile().await.unwrap();
        assert_eq!(server.last().header("authorization"), Some("Bearer second"));
    }

    #[tokio::test]
    async fn unsupported_ntlm_auth_goes_through_the_signer() {
        let (server, client) = start().await;
        let err = client.ntlm_protected().await.unwrap_err();
        assert!(
            matches!(err, NtlmProtectedError::InvalidRequest(_)),
            "{err:?}"
        );
        assert_eq!(server.count(), 0);

        let kinds = Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = kinds.clone();
        let client = client.with_signer(move |kind, request| {
            seen.lock().unwrap().push(kind.to_owned());
            assert_eq!(request.url().path(), "/api/ntlm");
            request.headers_mut().insert(
                reqwest::header::AUTHORIZATION,
                reqwest::header::HeaderValue::from_static("NTLM TlRMTVNTUAABAAAA"),
            );
            Ok(())
        });
        client.ntlm_protected().await.unwrap();
        assert_eq!(*kinds.lock().unwrap(), ["ntlm"]);
        let request = only_request(&server);
        assert_eq!(
            request.header_all("authorization"),
            ["NTLM TlRMTVNTUAABAAAA"]
        );

        // A signer's error stops the request.
        let client = client.with_signer(|_, _| Err("no ntlm today".to_owned()));
        match client.ntlm_protected().await {
            Err(NtlmProtectedError::InvalidRequest(message)) => {
                assert!(message.contains("no ntlm today"), "{message}");
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert_eq!(server.count(), 1);
    }

    #[tokio::test]
    async fn only_authenticated_requests_document_401() {
        let (server, client) = start().await;
        server.default_reply(Reply::json(401, &json!({"message": "bad token"})));
        let response = expect_err!(client.get_profile().await, GetProfileError::Unauthorized);
        assert_eq!(response.message.as_deref(), Some("bad token"));
        let response = expect_err!(
            client.admin().list_users().await,
            ListUsersError::Unauthorized
        );
        assert_eq!(response.status, 401);
        let response = expect_err!(
            client.public_status().await,
            PublicStatusError::UnexpectedStatus
        );
        assert_eq!(response.status, 401);
    }

    /// Requests that document no error status share one error type of each kind (sending
    /// credentials or not), and each keeps its own name for it as an alias. The shared type's
    /// messages name no request.
    #[tokio::test]
    async fn requests_that_document_no_error_status_share_an_error_type() {
        use generated::auth::{AuthenticatedRequestError, RequestError};
        use std::any::TypeId;
        let shared = TypeId::of::<AuthenticatedRequestError>();
        assert_eq!(TypeId::of::<GetProfileError>(), shared);
        assert_eq!(TypeId::of::<ListUsersError>(), shared);
        assert_eq!(TypeId::of::<QueryKeyError>(), shared);
        assert_eq!(
            TypeId::of::<PublicStatusError>(),
            TypeId::of::<RequestError>()
        );
        assert_ne!(TypeId::of::<RequestError>(), shared);

        let (server, client) = start().await;
        server.default_reply(Reply::json(401, &json!({"message": "bad token"})));
        let err = client.get_profile().await.unwrap_err();
        assert!(
            matches!(err, AuthenticatedRequestError::Unauthorized(_)),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "HTTP 401: bad token");
        let err = client.public_status().await.unwrap_err();
        assert!(matches!(err, RequestError::UnexpectedStatus(_)), "{err:?}");
        assert_eq!(err.to_string(), "undocumented HTTP 401: bad token");
        let client = Client::new("only-bearer").with_base_url(server.url("/api"));
        let err = client.header_key().await.unwrap_err();
        assert!(err.to_string().starts_with("invalid request: "), "{err}");
    }

    #[test]
    fn no_credential_of_the_collection_is_embedded() {
        let code = generated_source("auth");
        for secret in [
            "example-collection-bearer-token",
            "example-basic-password",
            "example-header-api-key",
            "example-query-api-key",
            "example-ntlm-password",
            "ntlm-user",
        ] {
            assert!(!code.contains(secret), "{secret} is in the generated code");
        }
        let client = Client::new("debug-secret");
        assert!(!format!("{client:?}").contains("debug-secret"));
    }
}

// ------------------------------------------------------------------------------------------------
// variables
// ------------------------------------------------------------------------------------------------

mod variables {
    use super::*;
    use generated::variables::{
        Client, GetRegionalError, GetTenantInfoError, GetVersionedItemsError,
    };

    #[tokio::test]
    async fn another_host_variable_has_its_default_and_can_be_replaced() {
        let server = EchoServer::start().await;
        // The default `otherHost` is http://other.example.test/other: resolve it to the server.
        let client = Client::new()
            .with_base_url(server.url("/api"))
            .with_http_client(resolving_to(&server, &["other.example.test"]));
        client.ping_other_host().await.unwrap();
        client.get_main().await.unwrap();
        let requests = server.requests();
        assert_eq!(requests[0].raw_path, "/other/ping");
        assert_eq!(requests[0].header("host"), Some("other.example.test"));
        assert_eq!(requests[1].raw_path, "/api/main");

        // The variable is independent of the base URL, and a trailing `/` is ignored.
        server.clear();
        let client = Client::new()
            .with_base_url("http://127.0.0.1:9/unused")
            .with_variable("otherHost", server.url("/elsewhere/"));
        client.ping_other_host().await.unwrap();
        assert_eq!(only_request(&server).raw_path, "/elsewhere/ping");
    }

    #[tokio::test]
    async fn templated_https_host_uses_the_tenant_variable() {
        // No TLS backend is compiled in and nothing listens for it: the URL the client built is
        // read from the transport error (the connection fails before any network access).
        let server = EchoServer::start().await;
        let http = resolving_to(&server, &["acme.example.com", "globex.example.com"]);
        let client = Client::new().with_http_client(http);
        for (client, host) in [
            (client.clone(), "acme"),
            (client.with_variable("tenant", "globex"), "globex"),
        ] {
            match client.get_tenant_info().await {
                Err(GetTenantInfoError::Transport(error)) => assert_eq!(
                    error.url().map(|u| u.as_str()),
                    Some(format!("https://{host}.example.com/info").as_str())
                ),
                other => panic!("expected a transport error, got {other:?}"),
            }
        }
        assert_eq!(server.count(), 0);
    }

    #[tokio::test]
    async fn host_variable_without_value_must_be_set() {
        let server = EchoServer::start().await;
        let client = Client::new().with_http_client(resolving_to(&server, &["eu.example.test"]));
        match client.get_regional().await {
            Err(GetRegionalError::InvalidRequest(message)) => {
                assert!(message.contains("region"), "{message}");
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert_eq!(server.count(), 0);

        let client = client.with_variable("region", "eu");
        client.get_regional().await.unwrap();
        let request = only_request(&server);
        assert_eq!(request.raw_path, "/regional");
        assert_eq!(request.header("host"), Some("eu.example.test"));
    }

    #[tokio::test]
    async fn path_segment_variable_is_an_encoded_argument() {
        let server = EchoServer::start().await;
        let client = Client::new().with_base_url(server.url("/api"));
        client.get_versioned_items("v3").await.unwrap();
        client.get_versioned_items("a/b?c").await.unwrap();
        let paths: Vec<String> = server.requests().into_iter().map(|r| r.raw_path).collect();
        assert_eq!(paths, ["/api/v3/items", "/api/a%2Fb%3Fc/items"]);
        for bad in ["", ".", ".."] {
            let err = client.get_versioned_items(bad).await.unwrap_err();
            assert!(
                matches!(err, GetVersionedItemsError::InvalidRequest(_)),
                "{bad:?}: {err:?}"
            );
        }
        assert_eq!(server.count(), 2);
    }

    #[tokio::test]
    async fn secret_variable_is_an_argument_and_never_embedded() {
        let server = EchoServer::start().await;
        let client = Client::new().with_base_url(server.url("/api"));
        client
            .get_secured("query-secret", "header-secret")
            .await
            .unwrap();
        let request = only_request(&server);
        assert_eq!(request.query_pairs(), pairs(&[("token", "query-secret")]));
        assert_eq!(request.header_all("x-api-token"), ["header-secret"]);

        let code = generated_source("variables");
        assert!(!code.contains("example-secret-variable-value-42"));
        // Non-secret defaults are embedded.
        assert!(code.contains("http://other.example.test/other"));
    }
}
