//! The generator is invisible in a consuming crate's build: a scratch crate that generates its
//! client from `build.rs` (as the README shows) is built with cargo, and cargo's own reports
//! (`--message-format=json`) show what was rebuilt:
//!
//! (a) a second, no-op build reruns no build script and recompiles nothing;
//! (b) changing an unrelated source file recompiles the crate but does not rerun the generator;
//! (c) changing the collection reruns the generator, rewrites the module and recompiles;
//! (d) a change to the collection that leaves the generated code the same (reformatted JSON)
//!     reruns the generator but rewrites no file (cargo then recompiles the crate anyway, as
//!     it does after any build-script run: it has no early cutoff, rust-lang/cargo#17439).
//!
//! cargo reports a `build-script-executed` message for a fresh build script too (it replays the
//! script's output), so whether the script ran is read from a counter the scratch build script
//! keeps in its `OUT_DIR`, and cross-checked with the modification time of the `output` file
//! cargo writes beside `OUT_DIR` each time it runs the script. Whether a file was rewritten is
//! read from its modification time.
//!
//! The scratch crate is a temporary directory with its own `[workspace]` and a copy of the
//! workspace's Cargo.lock (resolved `--offline`); its target directory is
//! `<workspace target>/build-step-tests`, so reqwest and the generator are compiled once per
//! machine: the first run takes a few minutes on two cores, later runs seconds.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

const PACKAGE: &str = "build-step-scratch";

const BUILD_RS: &str = r#"fn main() -> Result<(), Box<dyn std::error::Error>> {
    // How many times this script ran, for tests/tests/build_step.rs.
    let runs = std::path::Path::new(&std::env::var("OUT_DIR")?).join("build-script-runs");
    let count: u64 = std::fs::read_to_string(&runs)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    std::fs::write(&runs, (count + 1).to_string())?;

    postman_codegen::Builder::new()
        .collections_dir("collections")
        .run()?;
    Ok(())
}
"#;

const LIB_RS: &str = r#"//! A crate that generates its client at build time.
include!(concat!(env!("OUT_DIR"), "/collections.rs"));

pub mod extra;
"#;

const COLLECTION: &str = "things.postman_collection.json";

/// A tiny collection: one request with a saved JSON example; `extra` adds a second request.
fn collection(extra: bool) -> Value {
    let request = |name: &str, path: &str| {
        serde_json::json!({
            "name": name,
            "request": {
                "method": "GET",
                "header": [],
                "url": {
                    "raw": format!("{{{{baseUrl}}}}/{path}/:id"),
                    "host": ["{{baseUrl}}"],
                    "path": [path, ":id"],
                    "variable": [{ "key": "id", "value": "1" }]
                },
                "description": format!("Gets one of the {path}.")
            },
            "response": [{
                "name": "OK",
                "code": 200,
                "status": "OK",
                "header": [{ "key": "Content-Type", "value": "application/json" }],
                "body": "{\"id\": 1, \"name\": \"a thing\", \"tags\": [\"x\"]}"
            }]
        })
    };
    let mut items = vec![request("Get thing", "things")];
    if extra {
        items.push(request("Get widget", "widgets"));
    }
    serde_json::json!({
        "info": {
            "name": "Things",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "variable": [{ "key": "baseUrl", "value": "https://api.example.com" }],
        "item": items
    })
}

fn manifest() -> String {
    let generator = workspace_root().join("generator");
    let runtime = workspace_root().join("runtime");
    format!(
        r#"[package]
name = "{PACKAGE}"
version = "0.0.0"
edition = "2021"
publish = false

# Not part of the postman-codegen workspace.
[workspace]

[dependencies]
postman-runtime = {{ path = {runtime:?} }}
reqwest = {{ version = "0.13", default-features = false, features = ["json", "multipart", "query", "form"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

[build-dependencies]
postman-codegen = {{ path = {generator:?}, default-features = false }}

# Only cargo's bookkeeping is under test: keep the one-off build of the dependencies cheap.
[profile.dev]
debug = false
"#,
        generator = generator.display().to_string()
    )
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// `<workspace target>/build-step-tests`: dedicated, so its fingerprints are not disturbed by
/// (and do not disturb) the workspace's own builds, and persistent, so dependencies compile once.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .join("build-step-tests")
}

/// What one `cargo build` reported.
struct Build {
    /// Each compiler artifact: (package name, target kind, fresh).
    artifacts: Vec<(String, String, bool)>,
    /// The scratch crate's `OUT_DIR`, from its `build-script-executed` message.
    out_dir: Option<PathBuf>,
    elapsed: Duration,
}

impl Build {
    fn not_fresh(&self) -> Vec<String> {
        self.artifacts
            .iter()
            .filter(|(_, _, fresh)| !fresh)
            .map(|(package, kind, _)| format!("{package} ({kind})"))
            .collect()
    }

    /// Whether the scratch crate's lib was reported fresh.
    fn lib_fresh(&self) -> bool {
        let libs: Vec<bool> = self
            .artifacts
            .iter()
            .filter(|(package, kind, _)| package == PACKAGE && kind == "lib")
            .map(|(_, _, fresh)| *fresh)
            .collect();
        assert_eq!(libs.len(), 1, "one lib artifact for {PACKAGE}");
        libs[0]
    }
}

struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        std::fs::create_dir_all(tmp).unwrap();
        let dir = tempfile::Builder::new()
            .prefix("build-step-")
            .tempdir_in(tmp)
            .unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::create_dir_all(root.join("collections")).unwrap();
        std::fs::write(root.join("Cargo.toml"), manifest()).unwrap();
        std::fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
        std::fs::write(root.join("build.rs"), BUILD_RS).unwrap();
        std::fs::write(root.join("src/lib.rs"), LIB_RS).unwrap();
        std::fs::write(root.join("src/extra.rs"), "//! Unrelated code.\n").unwrap();
        let scratch = Scratch { dir };
        scratch.write_collection(&serde_json::to_string_pretty(&collection(false)).unwrap());
        scratch
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write_collection(&self, text: &str) {
        std::fs::write(self.path(&format!("collections/{COLLECTION}")), text).unwrap();
    }

    fn build(&self) -> Build {
        let started = Instant::now();
        let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(self.dir.path())
            .args(["build", "--offline", "--message-format=json"])
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .expect("run cargo");
        let elapsed = started.elapsed();
        assert!(
            output.status.success(),
            "cargo build failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        );
        let mut build = Build {
            artifacts: Vec::new(),
            out_dir: None,
            elapsed,
        };
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let package = package_name(&message);
            match message["reason"].as_str() {
                Some("compiler-artifact") => {
                    let kind = message["target"]["kind"][0]
                        .as_str()
                        .unwrap_or("?")
                        .to_owned();
                    let fresh = message["fresh"]
                        .as_bool()
                        .expect("compiler-artifact has `fresh`");
                    build.artifacts.push((package, kind, fresh));
                }
                Some("build-script-executed") if package == PACKAGE => {
                    build.out_dir = message["out_dir"].as_str().map(PathBuf::from);
                }
                _ => {}
            }
        }
        assert!(
            build.artifacts.iter().any(|(p, _, _)| p == PACKAGE),
            "cargo reported no artifact of {PACKAGE}"
        );
        build
    }
}

/// The package name in a message's `package_id`, in either of cargo's formats
/// (`name 0.1.0 (path+file://...)` or `path+file:///dir#name@0.1.0`).
fn package_name(message: &Value) -> String {
    let id = message["package_id"].as_str().unwrap_or_default();
    if let Some((_, spec)) = id.split_once('#') {
        let name = spec.split('@').next().unwrap_or(spec);
        // `path+file:///dir/name#0.1.0`: the fragment is only the version.
        if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let before = id.split('#').next().unwrap_or_default();
            return before.rsplit('/').next().unwrap_or_default().to_owned();
        }
        return name.to_owned();
    }
    id.split(' ').next().unwrap_or_default().to_owned()
}

/// What tells whether the build script ran and whether it rewrote its files.
#[derive(Debug, Clone, PartialEq)]
struct State {
    /// The scratch build script's own run counter.
    runs: u64,
    /// The mtime of cargo's record of the script's output (rewritten on every run).
    cargo_output: SystemTime,
    /// The generated module.
    module: SystemTime,
    /// The generated index that includes it.
    index: SystemTime,
}

fn state(out_dir: &Path) -> State {
    let mtime = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    State {
        runs: std::fs::read_to_string(out_dir.join("build-script-runs"))
            .unwrap()
            .trim()
            .parse()
            .unwrap(),
        cargo_output: mtime(&out_dir.parent().unwrap().join("output")),
        module: mtime(&out_dir.join("things.rs")),
        index: mtime(&out_dir.join("collections.rs")),
    }
}

/// Lets the clock move past the last build's file times before the next edit.
fn tick() {
    std::thread::sleep(Duration::from_millis(20));
}

#[test]
fn the_generator_reruns_only_when_the_collection_changes_and_rewrites_only_what_changed() {
    let scratch = Scratch::new();

    let first = scratch.build();
    eprintln!(
        "first build: {:.1} s ({} artifacts compiled, target dir {})",
        first.elapsed.as_secs_f64(),
        first.not_fresh().len(),
        target_dir().display()
    );
    let out_dir = first.out_dir.clone().expect("the build script ran");
    let built = state(&out_dir);
    // The counter is cumulative: cargo gives the scratch crate the same OUT_DIR whatever its
    // temporary directory, so only its changes from here on count.
    let module = std::fs::read_to_string(out_dir.join("things.rs")).unwrap();
    assert!(module.contains("pub fn get_thing("), "{module}");

    // (a) A no-op build: nothing runs, nothing compiles.
    tick();
    let noop = scratch.build();
    assert_eq!(
        noop.not_fresh(),
        Vec::<String>::new(),
        "a no-op build compiled something"
    );
    assert_eq!(
        state(&out_dir),
        built,
        "a no-op build reran the build script"
    );
    eprintln!("(a) no-op build: {:.2} s", noop.elapsed.as_secs_f64());

    // (b) An unrelated source file changes: the crate recompiles, the generator does not run.
    tick();
    std::fs::write(
        scratch.path("src/extra.rs"),
        "//! Unrelated code.\n\n/// Changed.\npub fn changed() {}\n",
    )
    .unwrap();
    let unrelated = scratch.build();
    assert_eq!(
        unrelated.not_fresh(),
        vec![format!("{PACKAGE} (lib)")],
        "only the crate itself recompiles when one of its sources changes"
    );
    assert_eq!(
        state(&out_dir),
        built,
        "changing src/extra.rs reran the generator's build script"
    );
    eprintln!(
        "(b) unrelated change: {:.2} s",
        unrelated.elapsed.as_secs_f64()
    );

    // (c) The collection changes: the generator reruns and the new module compiles.
    tick();
    scratch.write_collection(&serde_json::to_string_pretty(&collection(true)).unwrap());
    let changed = scratch.build();
    let after_change = state(&out_dir);
    assert_eq!(
        after_change.runs,
        built.runs + 1,
        "the build script did not rerun"
    );
    assert!(after_change.cargo_output > built.cargo_output);
    assert!(
        after_change.module > built.module,
        "the module was not rewritten"
    );
    assert!(!changed.lib_fresh(), "the crate was not recompiled");
    let module = std::fs::read_to_string(out_dir.join("things.rs")).unwrap();
    assert!(module.contains("pub fn get_widget("), "{module}");
    eprintln!(
        "(c) collection changed: {:.2} s",
        changed.elapsed.as_secs_f64()
    );

    // (d) Reformatted JSON, same content: the generator reruns and rewrites nothing.
    //
    // cargo still recompiles the crate: it decides a unit is dirty before running anything,
    // and a rerun build script makes its dependents dirty whatever the script wrote (no "early
    // cutoff", rust-lang/cargo#17439; `CARGO_LOG=cargo::core::compiler::fingerprint=info`
    // shows `StaleDepFingerprint`). What the generator controls is that the generated files
    // keep their modification times, so rustc's incremental cache is reused for them. Nothing
    // but the crate itself may recompile; if cargo gains early cutoff the crate stays fresh
    // too, and this says so.
    tick();
    scratch.write_collection(&serde_json::to_string(&collection(true)).unwrap());
    let reformatted = scratch.build();
    let after_reformat = state(&out_dir);
    assert_eq!(
        after_reformat.runs,
        after_change.runs + 1,
        "a changed collection file did not rerun the build script"
    );
    assert!(after_reformat.cargo_output > after_change.cargo_output);
    assert_eq!(
        (after_reformat.module, after_reformat.index),
        (after_change.module, after_change.index),
        "the generator rewrote a file whose content did not change"
    );
    let recompiled = reformatted.not_fresh();
    assert!(
        recompiled.is_empty() || recompiled == [format!("{PACKAGE} (lib)")],
        "a reformatted collection recompiled more than the crate itself: {recompiled:?}"
    );
    if reformatted.lib_fresh() {
        eprintln!("(d) cargo kept the crate fresh: tighten this test to require it");
    }
    eprintln!(
        "(d) reformatted collection: {:.2} s",
        reformatted.elapsed.as_secs_f64()
    );
}
