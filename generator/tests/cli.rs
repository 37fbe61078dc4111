//! The `postman-codegen` command: help texts, output modes, exit codes, `inspect`,
//! diagnostics, completions.

mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_postman-codegen"))
}

fn zoom() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections/zoom-users.postman_collection.json")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_is_pinned() {
    for (name, args) in [
        ("help", &["--help"][..]),
        ("help_generate", &["generate", "--help"]),
        ("help_inspect", &["inspect", "--help"]),
        ("help_completions", &["completions", "--help"]),
    ] {
        let out = run(args);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty());
        insta::assert_snapshot!(name, text(&out.stdout));
    }
    // `help generate` is `generate --help`; `-h` is the short summary.
    assert_eq!(
        run(&["help", "generate"]).stdout,
        run(&["generate", "--help"]).stdout
    );
    let short = run(&["generate", "-h"]);
    assert!(short.status.success());
    assert!(text(&short.stdout).contains("--derive-clone-eq"));
    let version = run(&["--version"]);
    assert_eq!(
        text(&version.stdout),
        format!("postman-codegen {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// Runs the command in `dir`, so that files are named as given (no machine-specific paths in
/// the snapshots).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn inspect_zoom_users() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections");
    let name = "zoom-users.postman_collection.json";
    let table = run_in(&dir, &["inspect", name]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    insta::assert_snapshot!("inspect_zoom_users_table", text(&table.stdout));
    let json = run_in(&dir, &["inspect", name, "--format", "json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    insta::assert_snapshot!("inspect_zoom_users_json", text(&json.stdout));
    // The JSON is the library's reading, and it agrees with the client generated.
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let bytes = std::fs::read(dir.join(name)).unwrap();
    let inspection = postman_codegen::inspect(name, &bytes).unwrap();
    assert_eq!(value, inspection.to_json());
    let code = postman_codegen::generate(name, &bytes).unwrap().code;
    for op in value["operations"].as_array().unwrap() {
        let method = op["method"].as_str().unwrap();
        assert!(code.contains(&format!("pub fn {method}(")), "{method}");
    }
}

#[test]
fn inspect_a_corpus_collection() {
    let name = "postman-echo-p2o.postman_collection.json";
    let Some(path) = corpus::file("inspect_a_corpus_collection", name) else {
        return;
    };
    let dir = path.parent().unwrap();
    let table = run_in(dir, &["inspect", name]);
    assert!(table.status.success(), "{}", text(&table.stderr));
    insta::assert_snapshot!("inspect_postman_echo_table", text(&table.stdout));
    let json = run_in(dir, &["inspect", name, "--format", "json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    insta::assert_snapshot!("inspect_postman_echo_json", text(&json.stdout));
}

/// The warnings are one line per kind and a summary; `--allow` silences kinds, `--quiet` all
/// of them; neither changes the code.
#[test]
fn warnings_are_grouped_and_can_be_silenced() {
    let dir = tempfile::tempdir().unwrap();
    let name = "scripts.postman_collection.json";
    let requests: Vec<serde_json::Value> = (0..12)
        .map(|i| {
            serde_json::json!({
                "name": format!("request {i}"),
                "event": [{"listen": "test", "script": {"exec": ["pm.test()"]}}],
                "request": {
                    "method": "GET",
                    "url": format!("https://example.com/r{i}"),
                    "auth": if i % 4 == 0 {
                        serde_json::json!({"type": "hawk", "hawk": []})
                    } else {
                        serde_json::json!({"type": "noauth"})
                    }
                }
            })
        })
        .collect();
    let collection = serde_json::json!({"info": {"name": "Scripts"}, "item": requests});
    std::fs::write(dir.path().join(name), collection.to_string()).unwrap();

    let all = run_in(dir.path(), &["generate", name]);
    assert!(all.status.success(), "{}", text(&all.stderr));
    insta::assert_snapshot!("warnings_grouped", text(&all.stderr));

    let allowed = run_in(dir.path(), &["generate", name, "--allow", "script-ignored"]);
    assert!(allowed.status.success());
    insta::assert_snapshot!("warnings_allow_script_ignored", text(&allowed.stderr));
    assert_eq!(allowed.stdout, all.stdout);

    let both = run_in(
        dir.path(),
        &[
            "generate",
            name,
            "--allow",
            "script-ignored",
            "--allow",
            "auth-unsupported",
        ],
    );
    assert!(both.status.success());
    // No warning left; the note on the runtime features the module needs is not one.
    assert!(
        !text(&both.stderr).contains("warning"),
        "{}",
        text(&both.stderr)
    );

    let quiet = run_in(dir.path(), &["generate", name, "--quiet"]);
    assert!(quiet.status.success());
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet.stderr));
    assert_eq!(quiet.stdout, all.stdout);

    // An unknown kind is a usage error that lists the kinds.
    let unknown = run_in(dir.path(), &["generate", name, "--allow", "scripts"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown.stderr).contains("script-ignored"),
        "{}",
        text(&unknown.stderr)
    );
}

#[test]
fn a_json_error_shows_its_line_with_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.postman_collection.json"),
        "{\"info\": {\"name\": \"x\"},\n \"item\": [,]}",
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.postman_collection.json"), "{\n").unwrap();
    let broken = run_in(dir.path(), &["generate", "broken.postman_collection.json"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(broken.stdout.is_empty());
    insta::assert_snapshot!("json_error_caret", text(&broken.stderr));
    let inspected = run_in(dir.path(), &["inspect", "broken.postman_collection.json"]);
    assert_eq!(inspected.status.code(), Some(2));
    assert_eq!(inspected.stderr, broken.stderr);
    let eof = run_in(dir.path(), &["generate", "bad.postman_collection.json"]);
    assert_eq!(eof.status.code(), Some(2));
    insta::assert_snapshot!("json_error_at_end", text(&eof.stderr));
    // No color codes off a terminal, whatever NO_COLOR says.
    let plain = bin()
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .args(["generate", "broken.postman_collection.json"])
        .output()
        .unwrap();
    assert_eq!(plain.stderr, broken.stderr);
    assert!(!text(&plain.stderr).contains('\x1b'));
}

#[test]
fn completions_for_bash() {
    let out = run(&["completions", "bash"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(script.contains("postman-codegen"), "{script}");
    assert!(script.contains("--derive-clone-eq"), "{script}");
    assert!(script.contains("inspect"), "{script}");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
    assert_eq!(run(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn prints_the_module_to_stdout() {
    let out = run(&["generate", zoom().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = postman_codegen::generate(
        "zoom-users.postman_collection.json",
        &std::fs::read(zoom()).unwrap(),
    )
    .unwrap();
    assert_eq!(text(&out.stdout), expected.code);
    assert!(text(&out.stdout).starts_with("// @generated by postman-codegen"));
}

/// A reader that stops reading (`postman-codegen generate big.json | head`) ends the command
/// quietly: no "Broken pipe" error, exit 0, as `cat` and `grep` do.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    // Enough requests that the module is far larger than a pipe's buffer.
    let items: Vec<serde_json::Value> = (0..400)
        .map(|i| {
            serde_json::json!({
                "name": format!("request {i}"),
                "request": { "method": "GET", "url": format!("https://api.example.com/r{i}?page=1") }
            })
        })
        .collect();
    let collection = serde_json::json!({
        "info": { "name": "big", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
        "item": items
    });
    let path = dir.path().join("big.postman_collection.json");
    std::fs::write(&path, serde_json::to_vec(&collection).unwrap()).unwrap();
    for args in [
        vec!["generate", path.to_str().unwrap()],
        vec!["inspect", path.to_str().unwrap(), "--format", "json"],
    ] {
        let mut child = bin()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
    }
}

/// `-o -` is standard output: no file named `-` is written.
#[test]
fn dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let zoom = zoom();
    let out = run_in(dir.path(), &["generate", zoom.to_str().unwrap(), "-o", "-"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("// @generated by postman-codegen"));
    assert!(!dir.path().join("-").exists());
    let out = run_in(
        dir.path(),
        &["generate", zoom.to_str().unwrap(), "-o", "-", "--check"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`-o -` is standard output"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("-").exists());
}

/// The number of threads changes nothing in the output (Zoom full: 310 requests, so the
/// default is threaded too).
#[test]
fn output_does_not_depend_on_the_thread_count() {
    let Some(corpus) = corpus::file(
        "output_does_not_depend_on_the_thread_count",
        "zoom-api-v2-full.postman_collection.json",
    ) else {
        return;
    };
    let generate = |threads: Option<&str>| {
        let mut command = bin();
        command.args(["generate", corpus.to_str().unwrap()]);
        command.env_remove("POSTMAN_CODEGEN_THREADS");
        if let Some(threads) = threads {
            command.env("POSTMAN_CODEGEN_THREADS", threads);
        }
        let out = command.output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        out.stdout
    };
    let one = generate(Some("1"));
    assert!(one.len() > 1_000_000);
    for threads in [None, Some("2"), Some("3"), Some("not a number"), Some("0")] {
        assert!(generate(threads) == one, "{threads:?} threads");
    }
}

/// Structs derive `Debug` (and `Default` where they can); `Clone` and `PartialEq` only when
/// asked for, through the CLI flag or the library option.
#[test]
fn clone_and_partial_eq_are_opt_in() {
    let plain = run(&["generate", zoom().to_str().unwrap()]);
    let derived = run(&["generate", zoom().to_str().unwrap(), "--derive-clone-eq"]);
    assert!(plain.status.success() && derived.status.success());
    let (plain, derived) = (text(&plain.stdout), text(&derived.stdout));
    let structs = |code: &str| code.matches("\npub struct ").count();
    assert!(structs(&plain) > 5);
    // Client, ApiResponse and FilePart keep their own derives.
    assert!(plain.contains("#[derive(Debug, Default)]\npub struct CreateUsersResponse {"));
    assert!(plain.contains("#[derive(Debug)]\npub struct CreateUsersRequest {"));
    assert!(derived
        .contains("#[derive(Debug, Clone, PartialEq, Default)]\npub struct CreateUsersResponse {"));
    assert!(derived.contains("#[derive(Debug, Clone, PartialEq)]\npub struct CreateUsersRequest {"));
    assert_eq!(plain.lines().count(), derived.lines().count());
    let library = postman_codegen::generate_with(
        "zoom-users.postman_collection.json",
        &std::fs::read(zoom()).unwrap(),
        &postman_codegen::Options::default().derive_clone_eq(true),
    )
    .unwrap();
    assert_eq!(library.code, derived);
}

#[test]
fn writes_and_checks_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("zoom.rs");
    let file_arg = file.to_str().unwrap();
    let zoom = zoom();
    let zoom_arg = zoom.to_str().unwrap();

    // Missing file: --check fails with 1, says so and writes nothing.
    let out = run(&["generate", zoom_arg, "-o", file_arg, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!file.exists());
    let err = text(&out.stderr);
    assert!(err.contains("is missing: generate it with"), "{err}");
    assert!(!err.contains("out of date"), "{err}");

    let out = run(&["generate", zoom_arg, "-o", file_arg]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("pub fn create_users("));

    let out = run(&["generate", zoom_arg, "-o", file_arg, "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    std::fs::write(&file, "// edited\n").unwrap();
    let out = run(&["generate", zoom_arg, "-o", file_arg, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("out of date"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "// edited\n");
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unusable_input_exits_2_with_a_located_message_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.postman_collection.json");
    std::fs::write(
        &bad,
        "{\n  \"item\": [\n    {\"name\": \"x\", \"request\": {\"method\": 5}}\n  ]\n}",
    )
    .unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"info\": {\"name\": \"x\"},\n \"item\": [,]}").unwrap();
    let output = dir.path().join("out.rs");
    std::fs::write(&output, "old").unwrap();

    let out = run(&[
        "generate",
        bad.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("$.item[0].request.method"), "{err}");
    assert!(err.contains("\"x\""), "{err}");
    assert!(
        !err.contains("backtrace") && !err.contains("panicked"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "old");

    let out = run(&["generate", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("broken.json:2:11"),
        "{}",
        text(&out.stderr)
    );

    let out = run(&[
        "generate",
        dir.path().join("missing.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["generate", zoom().to_str().unwrap(), "--check"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A collection with signed requests: the CLI names the runtime features the module needs.
#[test]
fn names_the_runtime_features_a_signed_collection_needs() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../collections/auth-schemes.postman_collection.json");
    let out = run(&["generate", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            r#"features aws-sigv4, digest, edgegrid, hawk, oauth1: postman-runtime = { version = ""#
        ) && stderr
            .contains(r#"features = ["aws-sigv4", "digest", "edgegrid", "hawk", "oauth1"] }"#),
        "{stderr}"
    );
    // None for a collection without signing schemes.
    let out = run(&["generate", zoom().to_str().unwrap()]);
    assert!(
        !text(&out.stderr).contains("features"),
        "{}",
        text(&out.stderr)
    );
}

/// `--blocking` adds the blocking face and nothing else: the same module with `pub mod
/// blocking` in it, the `blocking` feature in its header and in the note; the library's
/// option gives the same text.
#[test]
fn the_blocking_face_is_opt_in() {
    let plain = run(&["generate", zoom().to_str().unwrap()]);
    let blocking = run(&["generate", zoom().to_str().unwrap(), "--blocking"]);
    assert!(plain.status.success() && blocking.status.success());
    let (plain_code, code) = (text(&plain.stdout), text(&blocking.stdout));
    assert!(!plain_code.contains("pub mod blocking"));
    assert!(code.contains("\npub mod blocking {\n"), "{code}");
    assert!(code.contains(r#"postman-runtime = { version = ""#));
    assert!(code.contains(r#"features = ["blocking"] }"#));
    let stderr = text(&blocking.stderr);
    assert!(
        stderr.contains(r#"features blocking: postman-runtime = { version = ""#),
        "{stderr}"
    );
    // Below the header, the module is the same but for `pub mod blocking` (its doc lines, up
    // to its closing brace at the start of a line).
    let body = |code: &str| -> Vec<String> {
        let body = code.split_once("\n\n").unwrap().1;
        body.lines().map(str::to_owned).collect()
    };
    let mut lines = body(&code);
    let open = lines
        .iter()
        .position(|l| l == "pub mod blocking {")
        .unwrap();
    let mut start = open;
    while lines[start - 1].starts_with("///") {
        start -= 1;
    }
    let end = open + lines[open..].iter().position(|l| l == "}").unwrap();
    let face: Vec<String> = lines.drain(start..=end).collect();
    assert!(face.iter().any(|l| l.contains("pub fn block_on<F>(")));
    assert_eq!(lines, body(&plain_code));
    let library = postman_codegen::generate_with(
        "zoom-users.postman_collection.json",
        &std::fs::read(zoom()).unwrap(),
        &postman_codegen::Options::default().blocking(true),
    )
    .unwrap();
    assert_eq!(library.code, code);
    assert_eq!(library.runtime_features, ["blocking"]);
}
