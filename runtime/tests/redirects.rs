//! Redirects against loopback servers: credentials never reach another origin.

mod common;

use common::{bounded, respond, serve, Seen, Server};
use postman_runtime::{Call, ClientCore, Fault, Redirects};

const API_KEY: &str = "header-key-31337";
const QUERY_KEY: &str = "query-key-27182";
const TOKEN: &str = "bearer-token-16180";

/// A server that answers every request with `200` and a JSON body.
async fn landing(ip: &str) -> Server {
    serve(ip, |_, mut stream| async move {
        respond(
            &mut stream,
            "200 OK",
            &[("content-type", "application/json")],
            br#"{"landed": true}"#,
        )
        .await;
    })
    .await
}

/// A server that answers every request with `status` to `location`.
async fn redirecting(status: &'static str, location: String) -> Server {
    serve("127.0.0.1", move |_, mut stream| {
        let location = location.clone();
        async move {
            respond(&mut stream, status, &[("location", &location)], b"moved").await;
        }
    })
    .await
}

/// A call to `/start` with the three kinds of credential.
fn call_with_credentials<'a>(core: &'a ClientCore, method: &str) -> Call<'a> {
    let mut call = Call::new(core, method);
    call.path("/start");
    call.query("page", "2");
    call.api_key_header("X-Api-Key", Some(API_KEY), "`Client::with_api_key`");
    call.api_key_query("api_key", Some(QUERY_KEY), "`Client::with_api_key`");
    call.bearer_auth(Some(TOKEN), "`Client::new`");
    call.header("accept", "application/json");
    call
}

fn assert_no_credentials(seen: &Seen) {
    let text = seen.text();
    for secret in [API_KEY, QUERY_KEY, TOKEN] {
        assert!(!text.contains(secret), "`{secret}` arrived:\n{text}");
    }
    for header in ["authorization", "x-api-key", "referer", "cookie"] {
        assert_eq!(seen.header(header), None, "{header} arrived:\n{text}");
    }
}

/// The hosts another origin is tried on: another port of the same address, another address.
const OTHER_HOSTS: [&str; 2] = ["127.0.0.1", "127.0.0.2"];

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_by_default() {
    for host in OTHER_HOSTS {
        let other = landing(host).await;
        let first = redirecting("302 Found", format!("{}/landing", other.url())).await;
        let core = ClientCore::new(first.url());
        let fault = bounded(call_with_credentials(&core, "GET").send())
            .await
            .unwrap_err();
        let Fault::Redirect(response) = fault else {
            panic!("{fault:?}");
        };
        assert_eq!(response.status, 302);
        let landing_url = format!("{}/landing", other.url());
        assert_eq!(response.header("location"), Some(landing_url.as_str()));
        assert!(other.seen().is_empty(), "{:?}", other.seen());
        // The first server got the credentials: they were meant for it.
        let sent = first.seen();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].header("x-api-key"), Some(API_KEY));
        assert!(sent[0].target.contains(QUERY_KEY), "{}", sent[0].target);
    }
}

#[tokio::test]
async fn followed_to_another_origin_on_request_the_credentials_stay_behind() {
    for host in OTHER_HOSTS {
        let other = landing(host).await;
        // The redirect even repeats the query key, as an http-to-https upgrade would.
        let location = format!("{}/landing?api_key={QUERY_KEY}&page=2", other.url());
        let first = redirecting("302 Found", location).await;
        let mut core = ClientCore::new(first.url());
        core.set_redirects(Redirects::Any { max: 5 });
        let response = bounded(call_with_credentials(&core, "GET").send())
            .await
            .unwrap();
        assert_eq!(response.text(), r#"{"landed": true}"#);
        let seen = other.seen();
        assert_eq!(seen.len(), 1);
        assert_no_credentials(&seen[0]);
        assert_eq!(seen[0].target, "/landing?page=2");
        // What is not a credential goes along.
        assert_eq!(seen[0].header("accept"), Some("application/json"));
    }
}

#[tokio::test]
async fn secret_headers_and_queries_set_by_hand_stay_behind_too() {
    let other = landing("127.0.0.2").await;
    let first = redirecting("307 Temporary Redirect", format!("{}/x", other.url())).await;
    let mut core = ClientCore::new(first.url());
    core.set_redirects(Redirects::Any { max: 1 });
    let mut call = Call::new(&core, "GET");
    call.secret_header("X-Session", API_KEY);
    call.secret_query("sig", QUERY_KEY);
    call.header("cookie", &format!("s={TOKEN}"));
    bounded(call.send()).await.unwrap();
    assert_no_credentials(&other.seen()[0]);
    assert_eq!(other.seen()[0].header("x-session"), None);
}

#[tokio::test]
async fn a_post_redirected_to_another_host_is_not_a_success() {
    for status in ["301 Moved Permanently", "302 Found", "303 See Other"] {
        for redirects in [Redirects::SameOrigin, Redirects::Any { max: 5 }] {
            let other = landing("127.0.0.2").await;
            let first = redirecting(status, format!("{}/landing", other.url())).await;
            let mut core = ClientCore::new(first.url());
            core.set_redirects(redirects);
            let mut call = call_with_credentials(&core, "POST");
            call.body_form(&[("name", "ada")]);
            let fault = bounded(call.send()).await.unwrap_err();
            assert!(
                matches!(&fault, Fault::Redirect(r) if status.starts_with(&r.status.to_string())),
                "{status} {redirects:?}: {fault:?}"
            );
            assert!(other.seen().is_empty(), "{status} {redirects:?}");
            assert_eq!(first.seen()[0].body, b"name=ada");
        }
    }
}

#[tokio::test]
async fn a_307_keeps_the_method_and_body_but_not_the_credentials() {
    let other = landing("127.0.0.2").await;
    let first = redirecting("307 Temporary Redirect", format!("{}/landing", other.url())).await;
    let mut core = ClientCore::new(first.url());
    core.set_redirects(Redirects::Any { max: 5 });
    let mut call = call_with_credentials(&core, "POST");
    call.body_json(&serde_json::json!({"name": "ada"}));
    bounded(call.send()).await.unwrap();
    let seen = other.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].body, br#"{"name":"ada"}"#);
    assert_no_credentials(&seen[0]);
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_its_credentials() {
    let server = serve("127.0.0.1", |seen, mut stream| async move {
        if seen.target.starts_with("/start") {
            respond(&mut stream, "302 Found", &[("location", "/end")], b"").await;
        } else {
            respond(&mut stream, "200 OK", &[], br#"{"id": 7}"#).await;
        }
    })
    .await;
    let core = ClientCore::new(server.url());
    let value: serde_json::Value =
        bounded(call_with_credentials(&core, "GET").send_json(|fault| format!("{fault:?}")))
            .await
            .unwrap();
    assert_eq!(value["id"], 7);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].target, "/end");
    assert_eq!(seen[1].header("x-api-key"), Some(API_KEY));
    assert_eq!(seen[1].header("referer"), None);
}

#[tokio::test]
async fn redirects_end_after_the_limit_or_when_off() {
    let server = serve("127.0.0.1", |_, mut stream| async move {
        respond(&mut stream, "302 Found", &[("location", "/again")], b"").await;
    })
    .await;
    let mut core = ClientCore::new(server.url());
    let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
    assert!(matches!(fault, Fault::Redirect(_)), "{fault:?}");
    assert_eq!(server.seen().len(), 1 + ClientCore::SAME_ORIGIN_HOPS);

    core.set_redirects(Redirects::None);
    let before = server.seen().len();
    let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
    assert!(matches!(fault, Fault::Redirect(_)), "{fault:?}");
    assert_eq!(server.seen().len(), before + 1);
}

#[tokio::test]
async fn a_user_client_that_follows_no_redirect_keeps_the_guarantees() {
    let other = landing("127.0.0.2").await;
    let first = redirecting("302 Found", format!("{}/landing", other.url())).await;
    let mut core = ClientCore::new(first.url());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    core.set_http_client(http);
    let fault = bounded(call_with_credentials(&core, "GET").send())
        .await
        .unwrap_err();
    assert!(matches!(fault, Fault::Redirect(_)), "{fault:?}");
    assert!(other.seen().is_empty());
}
