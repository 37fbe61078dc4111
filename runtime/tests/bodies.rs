//! Body limits, compressed replies, long error messages and cookies, against loopback servers.

mod common;

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use common::{bounded, respond, serve};
use postman_runtime::{Call, ClientCore, Fault};
use tokio::io::AsyncWriteExt;

const MIB: u64 = 1024 * 1024;

/// A server answering `status` with `size` bytes of `x`, announced in `Content-Length`.
async fn sized(status: &'static str, size: usize) -> common::Server {
    serve("127.0.0.1", move |_, mut stream| async move {
        respond(&mut stream, status, &[], &vec![b'x'; size]).await;
    })
    .await
}

/// What an unbounded server did: how much it wrote, and whether a write failed.
#[derive(Default)]
struct Stream {
    written: AtomicU64,
    cut_off: AtomicBool,
}

/// A server answering `status` with `total` bytes and no `Content-Length` (the body ends
/// when the connection does), 64 KiB at a time, noting how far it got.
async fn streaming(status: &'static str, total: u64, stats: Arc<Stream>) -> common::Server {
    serve("127.0.0.1", move |_, mut stream| {
        let stats = Arc::clone(&stats);
        async move {
            let head = format!("HTTP/1.1 {status}\r\nconnection: close\r\n\r\n");
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            while stats.written.load(Ordering::SeqCst) < total {
                if stream.write_all(&chunk).await.is_err() {
                    stats.cut_off.store(true, Ordering::SeqCst);
                    return;
                }
                stats
                    .written
                    .fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        }
    })
    .await
}

fn too_large(fault: &Fault) -> Option<(u16, u64)> {
    match fault {
        Fault::TooLarge { status, limit } => Some((*status, *limit)),
        _ => None,
    }
}

#[tokio::test]
async fn the_defaults_are_documented_ones() {
    let core = ClientCore::new("http://127.0.0.1:9");
    assert_eq!(core.body_limits(), (32 * MIB, MIB));
    assert_eq!(core.timeout(), std::time::Duration::from_secs(30));
}

#[tokio::test]
async fn an_announced_body_over_the_limit_is_refused() {
    let server = sized("200 OK", 2 * MIB as usize).await;
    let mut core = ClientCore::new(server.url());
    core.set_body_limits(MIB, MIB);
    let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
    assert_eq!(too_large(&fault), Some((200, MIB)), "{fault:?}");

    // The default error limit is 1 MiB.
    let server = sized("500 Internal Server Error", 2 * MIB as usize).await;
    let core = ClientCore::new(server.url());
    let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
    assert_eq!(too_large(&fault), Some((500, MIB)), "{fault:?}");
}

#[tokio::test]
async fn a_body_at_the_limit_is_read() {
    let server = sized("200 OK", 1000).await;
    let mut core = ClientCore::new(server.url());
    core.set_body_limits(1000, 10);
    let response = bounded(Call::new(&core, "GET").send()).await.unwrap();
    assert_eq!(response.bytes.len(), 1000);

    let server = sized("404 Not Found", 10).await;
    let core_404 = {
        let mut core = ClientCore::new(server.url());
        core.set_body_limits(1000, 10);
        core
    };
    let fault = bounded(Call::new(&core_404, "GET").send())
        .await
        .unwrap_err();
    assert!(
        matches!(&fault, Fault::Status(r) if r.bytes.len() == 10),
        "{fault:?}"
    );
}

#[tokio::test]
async fn an_endless_body_is_cut_off_at_the_limit() {
    // 100 MB without `Content-Length`: the client stops reading at the limit and drops the
    // connection, so the server's writes fail long before it is done.
    const TOTAL: u64 = 100 * 1000 * 1000;
    for (status, expected_limit) in [("200 OK", 2 * MIB), ("502 Bad Gateway", MIB)] {
        let stats = Arc::new(Stream::default());
        let server = streaming(status, TOTAL, Arc::clone(&stats)).await;
        let mut core = ClientCore::new(server.url());
        core.set_body_limits(2 * MIB, MIB);
        let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
        let code: u16 = status[..3].parse().unwrap();
        assert_eq!(too_large(&fault), Some((code, expected_limit)), "{fault:?}");
        // Wait (bounded) for the server to notice the connection is gone.
        bounded(async {
            while !stats.cut_off.load(Ordering::SeqCst) {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        })
        .await;
        let written = stats.written.load(Ordering::SeqCst);
        assert!(written < TOTAL / 2, "the server wrote {written} bytes");
    }
}

#[tokio::test]
async fn a_huge_error_message_is_printed_short() {
    let message = "m".repeat(900 * 1024);
    let body = format!(r#"{{"code": 42, "message": "{message}"}}"#);
    let server = serve("127.0.0.1", move |_, mut stream| {
        let body = body.clone();
        async move {
            respond(&mut stream, "400 Bad Request", &[], body.as_bytes()).await;
        }
    })
    .await;
    let core = ClientCore::new(server.url());
    let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
    let Fault::Status(response) = fault else {
        panic!("{fault:?}");
    };
    assert_eq!(
        response.message.as_deref().map(str::len),
        Some(message.len())
    );
    let shown = response.to_string();
    assert!(shown.chars().count() <= 230, "{} characters", shown.len());
    assert!(shown.starts_with("HTTP 400, code 42: mmm"), "{shown}");
    assert!(shown.ends_with('…'), "{shown}");
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A server answering with `body` gzipped when the request accepts gzip, as it is otherwise.
async fn gzipping(body: Vec<u8>) -> common::Server {
    serve("127.0.0.1", move |seen, mut stream| {
        let body = body.clone();
        async move {
            if seen
                .header("accept-encoding")
                .is_some_and(|accepted| accepted.contains("gzip"))
            {
                let headers = [
                    ("content-type", "application/json"),
                    ("content-encoding", "gzip"),
                ];
                respond(&mut stream, "200 OK", &headers, &gzip(&body)).await;
            } else {
                respond(&mut stream, "200 OK", &[], &body).await;
            }
        }
    })
    .await
}

#[tokio::test]
async fn a_gzip_reply_is_decoded() {
    let server = gzipping(br#"{"id": 7, "name": "ada"}"#.to_vec()).await;
    let core = ClientCore::new(server.url());
    let value: serde_json::Value =
        bounded(Call::new(&core, "GET").send_json(|fault| format!("{fault:?}")))
            .await
            .unwrap();
    assert_eq!(value, serde_json::json!({"id": 7, "name": "ada"}));
    let accepted = server.seen()[0]
        .header("accept-encoding")
        .unwrap()
        .to_owned();
    for encoding in ["gzip", "br", "deflate"] {
        assert!(accepted.contains(encoding), "{accepted}");
    }
}

#[tokio::test]
async fn a_small_gzip_reply_that_unpacks_past_the_limit_is_refused() {
    // 20 MiB of zeros, about 20 KiB gzipped: the decoded bytes are what is counted.
    let server = gzipping(vec![b'0'; 20 * MIB as usize]).await;
    let mut core = ClientCore::new(server.url());
    core.set_body_limits(MIB, MIB);
    let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
    assert_eq!(too_large(&fault), Some((200, MIB)), "{fault:?}");
}

async fn get(core: &ClientCore, path: &str) -> Result<postman_runtime::ApiResponse, Fault> {
    let mut call = Call::new(core, "GET");
    call.path(path);
    call.send().await
}

#[tokio::test]
async fn a_cookie_set_is_sent_back_when_the_store_is_on() {
    let server = serve("127.0.0.1", |seen, mut stream| async move {
        match seen.target.as_str() {
            "/login" => {
                let headers = [("set-cookie", "session=abc123; Path=/; HttpOnly")];
                respond(&mut stream, "204 No Content", &headers, b"").await;
            }
            "/hop" => {
                let headers = [("set-cookie", "hop=1; Path=/"), ("location", "/me")];
                respond(&mut stream, "302 Found", &headers, b"").await;
            }
            _ => respond(&mut stream, "200 OK", &[], b"{}").await,
        }
    })
    .await;

    // Off by default: nothing is kept.
    let core = ClientCore::new(server.url());
    assert!(!core.cookie_store());
    bounded(get(&core, "/login")).await.unwrap();
    bounded(get(&core, "/me")).await.unwrap();
    assert_eq!(server.seen()[1].header("cookie"), None);

    let mut core = ClientCore::new(server.url());
    core.set_cookie_store(true);
    bounded(get(&core, "/login")).await.unwrap();
    // A clone shares the jar; a cookie set by a redirect is sent to its target.
    let clone = core.clone();
    bounded(get(&clone, "/hop")).await.unwrap();
    let seen = server.seen();
    let last = seen.last().unwrap();
    assert_eq!(last.target, "/me");
    let cookies = last.header("cookie").unwrap();
    assert!(cookies.contains("session=abc123"), "{cookies}");
    assert!(cookies.contains("hop=1"), "{cookies}");

    // A cookie header of the call's own is kept, and the jar's added to it.
    let mut call = Call::new(&core, "GET");
    call.path("/me");
    call.header("cookie", "own=1");
    bounded(call.send()).await.unwrap();
    let seen = server.seen();
    let cookies = seen.last().unwrap().header("cookie").unwrap();
    assert!(cookies.starts_with("own=1; "), "{cookies}");
    assert!(cookies.contains("session=abc123"), "{cookies}");

    core.set_cookie_store(false);
    bounded(get(&core, "/me")).await.unwrap();
    assert_eq!(server.seen().last().unwrap().header("cookie"), None);
}
