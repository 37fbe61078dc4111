//! Peak memory while a hostile server sends 2 GB: stays near the body limit. Ignored by
//! default (it measures the whole process, so it runs alone, best in release):
//! `cargo test -p postman-runtime --release --test memory -- --ignored`.

mod common;

use common::{bounded, serve};
use postman_runtime::{Call, ClientCore, Fault};
use tokio::io::AsyncWriteExt;

const MIB: u64 = 1024 * 1024;

/// The process's peak resident memory so far, in bytes (Linux: `VmHWM`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::test]
#[ignore = "measures the whole process: run alone, in release"]
async fn two_gigabytes_without_content_length_stay_near_the_limit() {
    let Some(before) = peak_rss() else {
        eprintln!("no /proc/self/status: nothing measured");
        return;
    };
    const TOTAL: u64 = 2 * 1024 * MIB;
    for status in ["200 OK", "404 Not Found"] {
        let server = serve("127.0.0.1", move |_, mut stream| async move {
            let head = format!("HTTP/1.1 {status}\r\nconnection: close\r\n\r\n");
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'{'; 64 * 1024];
            let mut written = 0;
            while written < TOTAL {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
                written += chunk.len() as u64;
            }
        })
        .await;
        // The default limits: 32 MiB for a success body, 1 MiB for an error body.
        let core = ClientCore::new(server.url());
        let fault = bounded(Call::new(&core, "GET").send()).await.unwrap_err();
        assert!(matches!(fault, Fault::TooLarge { .. }), "{fault:?}");
    }
    let grown = peak_rss().unwrap_or(before).saturating_sub(before);
    // The buffer grows by doubling: up to 1.5 times the limit while it moves, plus slack.
    let allowed = ClientCore::DEFAULT_SUCCESS_LIMIT * 3 / 2 + 16 * MIB;
    eprintln!("peak memory grew by {} MiB", grown / MIB);
    assert!(grown < allowed, "peak memory grew by {grown} bytes");
}
