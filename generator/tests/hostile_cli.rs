//! Hostile and broken collections through the CLI (issue 5): exit 2 without a panic for every
//! broken input, an existing output file left byte-identical on failure, and a kill mid-write
//! leaving either the old or the complete new file, never a partial one.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::Expect;

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_postman-codegen"));
    command.env("RUST_BACKTRACE", "1");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const OLD: &[u8] = b"// the previous generated module, which must survive\npub struct Old;\n";

#[test]
fn every_broken_input_exits_2_without_a_panic_and_keeps_the_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("existing.rs");
    let mut failures = Vec::new();
    for row in support::broken_inputs() {
        let file = dir.path().join(format!("{}.json", row.name));
        std::fs::write(&file, &row.bytes).unwrap();
        std::fs::write(&output, OLD).unwrap();
        let before = std::fs::metadata(&output).unwrap().modified().unwrap();
        let out = bin()
            .arg("generate")
            .arg(&file)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        let expect_ok = matches!(row.expect, Expect::Ok { .. });
        let mut problems = Vec::new();
        let wanted = if expect_ok { 0 } else { 2 };
        if out.status.code() != Some(wanted) {
            problems.push(format!("exit status {} (expected {wanted})", out.status));
        }
        if stderr.contains("panicked") || stderr.to_lowercase().contains("backtrace") {
            problems.push("a panic or backtrace on standard error".to_owned());
        }
        if !expect_ok {
            if !stderr.starts_with("error: ") || !stderr.contains(&format!("{}.json", row.name)) {
                problems.push(
                    "standard error does not start with `error:` and name the file".to_owned(),
                );
            }
            if std::fs::read(&output).unwrap() != OLD {
                problems.push("the existing output was changed".to_owned());
            }
            if std::fs::metadata(&output).unwrap().modified().unwrap() != before {
                problems.push("the existing output was touched".to_owned());
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "row {}: {}\n  stderr: {}",
                row.name,
                problems.join("; "),
                stderr.chars().take(600).collect::<String>()
            ));
        }
    }
    // Nothing but the inputs and the output in the directory: no temporary file left.
    let names = names_in(dir.path());
    let strays: Vec<&String> = names
        .iter()
        .filter(|n| !n.ends_with(".json") && *n != "existing.rs")
        .collect();
    if !strays.is_empty() {
        failures.push(format!("stray files: {strays:?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn check_mode_with_broken_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{\"item\": 5}").unwrap();
    let output = dir.path().join("existing.rs");
    std::fs::write(&output, OLD).unwrap();
    let out = bin()
        .arg("generate")
        .arg(&bad)
        .arg("-o")
        .arg(&output)
        .arg("--check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"));
    assert_eq!(std::fs::read(&output).unwrap(), OLD);
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A valid collection whose module is large (tens of megabytes of docs), so that writing it
/// takes long enough to be interrupted.
fn big_collection() -> Vec<u8> {
    let line = "Documentation of the request, long enough to make the module big. ";
    let description = format!("{}\n", line.repeat(8)).repeat(300);
    let items: Vec<serde_json::Value> = (0..20)
        .map(|i| {
            serde_json::json!({
                "name": format!("Request {i}"),
                "request": {
                    "method": "GET",
                    "url": format!("{{{{baseUrl}}}}/items/{i}"),
                    "description": description
                }
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "info": {"name": "big", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "baseUrl", "value": "https://api.example.com"}],
        "item": items
    }))
    .unwrap()
}

/// Checks the state after an interrupted run: the target holds the old or the complete new
/// content, and only temporary files (`.*.tmp`) may have been left beside it.
fn check_after_kill(out_dir: &Path, target: &Path, new: &[u8], when: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let content = std::fs::read(target).unwrap();
    if content != OLD && content != new {
        problems.push(format!(
            "{when}: the target holds {} bytes, neither the old ({}) nor the complete new ({}) content",
            content.len(),
            OLD.len(),
            new.len()
        ));
    }
    for name in names_in(out_dir) {
        if name != "out.rs" && !(name.starts_with('.') && name.ends_with(".tmp")) {
            problems.push(format!("{when}: stray file {name:?}"));
        }
    }
    problems
}

#[test]
fn a_kill_mid_write_leaves_the_old_or_the_complete_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.postman_collection.json");
    std::fs::write(&input, big_collection()).unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("out.rs");

    // A complete run, for the new content and the time a run takes.
    std::fs::write(&target, OLD).unwrap();
    let start = Instant::now();
    let out = bin()
        .arg("generate")
        .arg(&input)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    let full = start.elapsed();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let new = std::fs::read(&target).unwrap();
    assert_ne!(new, OLD);
    eprintln!("a full run writes {} bytes in {full:?}", new.len());

    let mut problems = Vec::new();
    let mut hit_the_write = false;
    // Kills at fractions of a full run, then kills as soon as the temporary file appears.
    let fractions = [0.5, 0.9, 0.97, 1.0];
    for attempt in 0..fractions.len() + 4 {
        for name in names_in(&out_dir) {
            if name != "out.rs" {
                std::fs::remove_file(out_dir.join(name)).unwrap();
            }
        }
        std::fs::write(&target, OLD).unwrap();
        let mut child = bin()
            .arg("generate")
            .arg(&input)
            .arg("-o")
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let when = match fractions.get(attempt) {
            Some(f) => {
                std::thread::sleep(full.mul_f64(*f));
                format!("killed after {f} of a run")
            }
            None => {
                // Poll for the temporary file, then kill at once.
                let deadline = Instant::now() + full * 3;
                let mut seen = false;
                while Instant::now() < deadline && !seen {
                    seen = names_in(&out_dir).iter().any(|n| n.ends_with(".tmp"));
                    if !seen {
                        if child.try_wait().unwrap().is_some() {
                            break;
                        }
                        std::thread::sleep(Duration::from_micros(200));
                    }
                }
                hit_the_write |= seen;
                format!("killed when the temporary file appeared (seen: {seen})")
            }
        };
        let _ = child.kill();
        let _ = child.wait();
        problems.extend(check_after_kill(&out_dir, &target, &new, &when));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        hit_the_write,
        "no kill landed while the temporary file existed; the test did not exercise a write"
    );
}

#[test]
fn an_unwritable_output_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("out.rs");
    let out = bin()
        .arg("generate")
        .arg(support::zoom_path())
        .arg("-o")
        .arg(&missing)
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("no-such-dir"), "{stderr}");
    assert!(!missing.exists());
}
