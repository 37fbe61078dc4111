//! `blocking::Runtime` against loopback servers: calls made without an async runtime, the
//! client's timeout, and a connection pool shared with async code.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use postman_runtime::blocking::Runtime;
use postman_runtime::{Call, ClientCore, Fault};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A keep-alive server on its own runtime (a thread of the test): it answers every request
/// with `200` and `{}` on the connection it came on, and counts the connections.
struct KeepAlive {
    url: String,
    connections: Arc<AtomicUsize>,
    _runtime: tokio::runtime::Runtime,
}

impl KeepAlive {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&connections);
        runtime.spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    let mut chunk = [0u8; 1024];
                    loop {
                        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            buffer.drain(..end + 4);
                            let reply = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
                            if stream.write_all(reply).await.is_err() {
                                return;
                            }
                        }
                        match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                });
            }
        });
        Self {
            url,
            connections,
            _runtime: runtime,
        }
    }
}

/// The `Debug` of a fault (it has no `Display`).
fn debug(fault: Fault) -> String {
    format!("{fault:?}")
}

/// A `GET` of the base URL as a blocking call on `runtime`: its status.
fn get(runtime: &Runtime, core: &ClientCore) -> Result<u16, String> {
    runtime.run(
        async {
            Call::new(core, "GET")
                .send()
                .await
                .map(|r| r.status)
                .map_err(debug)
        },
        debug,
    )
}

#[test]
fn a_call_runs_without_an_async_runtime() {
    let server = KeepAlive::start();
    let core = ClientCore::new(server.url.clone());
    let runtime = Runtime::new();
    assert_eq!(get(&runtime, &core), Ok(200));
    assert_eq!(get(&runtime, &core), Ok(200));
    // One connection, kept alive between the calls.
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

/// reqwest's pool keeps a connection with the runtime that opened it (reqwest#2501: a client
/// used on a current-thread runtime then on another one times out): the blocking runtime's
/// worker keeps serving its connections to async code between blocking calls.
#[test]
fn a_connection_a_blocking_call_opened_serves_async_code_too() {
    let server = KeepAlive::start();
    let mut core = ClientCore::new(server.url.clone());
    core.set_timeout(Duration::from_secs(5));
    let blocking = Runtime::new();
    assert_eq!(get(&blocking, &core), Ok(200));
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
    // hyper puts the connection back in the pool from a task on the runtime that opened it,
    // once the response is read: the blocking runtime's worker runs it after the call.
    std::thread::sleep(Duration::from_millis(500));
    // The same pool, from another runtime, while no blocking call runs.
    let other = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let start = Instant::now();
    let second = other.block_on(Call::new(&core, "GET").send());
    assert_eq!(second.map(|r| r.status).map_err(debug), Ok(200));
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    // It went over the blocking call's connection.
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[test]
fn the_clients_timeout_holds() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move {
        // Accepts, reads, and answers nothing.
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut chunk = [0u8; 1024];
                while matches!(stream.read(&mut chunk).await, Ok(n) if n > 0) {}
            });
        }
    });
    let mut core = ClientCore::new(url);
    core.set_timeout(Duration::from_millis(500));
    let start = Instant::now();
    let fault = Runtime::new()
        .run(
            async { Call::new(&core, "GET").send().await.map(|_| ()) },
            |fault| fault,
        )
        .unwrap_err();
    match fault {
        Fault::Transport(error) => assert!(error.is_timeout(), "{error:?}"),
        other => panic!("{other:?}"),
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}
