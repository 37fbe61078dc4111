//! A server that never answers, or answers a byte a second, ends in a timeout.

mod common;

use std::time::Duration;

use common::{bounded, serve};
use postman_runtime::{Call, ClientCore, Fault};
use tokio::io::AsyncWriteExt;

/// Sends a call to `url` with a one-second timeout and checks it ends in a timeout.
async fn times_out(url: String) {
    let mut core = ClientCore::new(url);
    core.set_timeout(Duration::from_secs(1));
    let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
    match fault {
        Fault::Transport(error) => assert!(error.is_timeout(), "{error:?}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = serve("127.0.0.1", |_, stream| async move {
        // Holds the connection open, answering nothing.
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(stream);
    })
    .await;
    times_out(server.url()).await;
}

/// Writes `bytes` one a second.
async fn drip(stream: &mut tokio::net::TcpStream, bytes: &[u8]) {
    for byte in bytes {
        if stream.write_all(&[*byte]).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[tokio::test]
async fn a_dripping_head_times_out() {
    let server = serve("127.0.0.1", |_, mut stream| async move {
        drip(
            &mut stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}",
        )
        .await;
    })
    .await;
    times_out(server.url()).await;
}

#[tokio::test]
async fn a_dripping_body_times_out() {
    let server = serve("127.0.0.1", |_, mut stream| async move {
        let head = b"HTTP/1.1 200 OK\r\ncontent-length: 60\r\n\r\n";
        if stream.write_all(head).await.is_ok() {
            drip(&mut stream, &[b' '; 60]).await;
        }
    })
    .await;
    times_out(server.url()).await;
}

#[tokio::test]
async fn the_timeout_covers_the_redirects_of_a_call() {
    // Each hop answers after 400 ms: five of them take longer than the one-second timeout.
    let server = serve("127.0.0.1", |_, mut stream| async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        common::respond(&mut stream, "302 Found", &[("location", "/next")], b"").await;
    })
    .await;
    times_out(server.url()).await;
    assert!(server.seen().len() <= 4, "{} hops", server.seen().len());
}
