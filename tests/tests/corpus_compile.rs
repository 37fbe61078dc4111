//! Every real collection in ../shared/corpus generates a client that compiles without a single
//! rustc, clippy or rustdoc warning, and no request is lost on the way.
//!
//! All clients are compiled together in one scratch crate under the cargo target directory,
//! `<target>/tmp/corpus-compile`, which shares the workspace's target directory and lockfile so
//! its dependencies are built once and reused:
//!
//! - `cargo clippy --all-targets -- -D warnings` (rustc warnings, clippy's default lints, the
//!   workspace's lint table and `missing_docs`, exactly what `generated/` applies to its own
//!   clients);
//! - `RUSTDOCFLAGS="-D warnings" cargo doc --no-deps` (rustdoc warnings from descriptions);
//! - `cargo test --doc` (the generator promises no doctests; any that exist must pass).
//!
//! Every error is mapped back to the collection whose module it is in, so the failure message
//! names each collection that failed to generate or compile, with its first errors.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use postman_codegen::Error;
use postman_codegen_tests::corpus::corpus_files;
use serde_json::Value;

/// Postman v1 collections, which the generator rejects with `Error::UnsupportedV1` today. They
/// are counted as "not generated" without failing the test. Empty this list when v1 support
/// lands: from then on a v1 file that does not generate and compile fails the test.
const V1_NOT_YET_SUPPORTED: &[&str] = &[
    "v1-auth-helpers.postman_collection.json",
    "v1-binary-upload.postman_collection.json",
    "v1-graphql-payload.postman_collection.json",
    "v1-malformed.postman_collection.json",
    "v1-postman-echo.postman_collection.json",
    "v1-twitter.postman_collection.json",
];

/// Diagnostic kinds that mean a request was left out of the client (its method not
/// generated). None today: every kind the generator reports (`script-ignored`,
/// `body-unsupported`, `auth-unsupported`, `file-field-unsupported`, `response-ignored`,
/// `secret-default-omitted`, ...) simplifies a request but still generates its method. A kind
/// added here lets requests it names be missing from the output without failing the test.
const KINDS_THAT_DROP_A_REQUEST: &[&str] = &[];

/// How many errors to show per collection in the failure message.
const ERRORS_SHOWN: usize = 3;

/// The dependencies the generated code needs, with the versions and features the workspace
/// uses (`[workspace.dependencies]` in the root Cargo.toml).
const SCRATCH_MANIFEST: &str = r#"[package]
name = "corpus-compile-scratch"
version = "0.0.0"
edition = "2021"
publish = false

# Not part of the postman-codegen workspace.
[workspace]

[lib]
path = "src/lib.rs"

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["json", "multipart", "query"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

# The workspace's lint table, which generated/ applies to the clients it builds.
[lints.rust]
unsafe_code = "forbid"
rust_2018_idioms = { level = "warn", priority = -1 }
unreachable_pub = "allow"

[lints.clippy]
dbg_macro = "warn"
todo = "warn"
"#;

/// One corpus file and what became of it.
struct Entry {
    file: String,
    module: String,
    requests_in: usize,
    outcome: Outcome,
}

enum Outcome {
    Generated {
        operations_out: usize,
        /// Distinct requests named by diagnostics of [`KINDS_THAT_DROP_A_REQUEST`].
        dropped: usize,
        diagnostics: BTreeMap<&'static str, usize>,
    },
    NotGeneratedV1,
    Failed(String),
}

#[test]
fn every_corpus_collection_compiles_without_warnings() {
    let Some(files) = corpus_files() else { return };
    assert!(
        files.len() >= 61,
        "expected the 61 corpus collections, found {}",
        files.len()
    );
    let started = Instant::now();
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus-compile");
    let src = scratch.join("src");
    std::fs::create_dir_all(&src).unwrap();

    // Generate every client.
    let mut entries = Vec::new();
    let mut modules = Vec::new(); // (module, module_doc)
    for path in &files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let module = postman_codegen::module_name(path);
        let bytes = std::fs::read(path).unwrap();
        let requests_in = count_requests(&file, &bytes);
        let outcome = match postman_codegen::generate(&file, &bytes) {
            Ok(generated) => {
                let operations_out = generated
                    .code
                    .lines()
                    .filter(|l| l.trim_start().starts_with("pub async fn "))
                    .count();
                let mut diagnostics = BTreeMap::new();
                let mut dropped = BTreeSet::new();
                for d in &generated.diagnostics {
                    *diagnostics.entry(d.kind).or_insert(0) += 1;
                    if KINDS_THAT_DROP_A_REQUEST.contains(&d.kind) {
                        dropped.insert(d.path.clone());
                    }
                }
                postman_codegen::write_if_changed(
                    &src.join(format!("{module}.rs")),
                    &generated.code,
                )
                .unwrap();
                modules.push((module.clone(), generated.module_doc));
                Outcome::Generated {
                    operations_out,
                    dropped: dropped.len(),
                    diagnostics,
                }
            }
            Err(Error::UnsupportedV1 { .. }) if V1_NOT_YET_SUPPORTED.contains(&file.as_str()) => {
                Outcome::NotGeneratedV1
            }
            Err(e) => Outcome::Failed(e.to_string()),
        };
        entries.push(Entry {
            file,
            module,
            requests_in,
            outcome,
        });
    }
    let generate_time = started.elapsed();

    // The scratch crate: one module per generated client.
    write_scratch_crate(&scratch, &modules);

    // Compile, lint and document them all at once.
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unattributed = Vec::new();
    let mut timings = Vec::new();

    let step = Instant::now();
    let clippy = cargo(&scratch)
        .args(["clippy", "--all-targets", "--message-format=json"])
        .args(["--", "-D", "warnings"])
        .output()
        .unwrap();
    timings.push(("cargo clippy", step.elapsed()));
    collect("clippy", &clippy, &src, &mut problems, &mut unattributed);

    let step = Instant::now();
    let doc = cargo(&scratch)
        .env("RUSTDOCFLAGS", "-D warnings")
        .args(["doc", "--no-deps", "--message-format=json"])
        .output()
        .unwrap();
    timings.push(("cargo doc", step.elapsed()));
    collect("rustdoc", &doc, &src, &mut problems, &mut unattributed);

    let step = Instant::now();
    let doctest = cargo(&scratch)
        .args(["test", "--doc", "--message-format=json"])
        .output()
        .unwrap();
    timings.push(("cargo test --doc", step.elapsed()));
    // Compile errors of the doctest build are clippy's to report.
    let doctests_run = doctest_results(&doctest, &src, &mut problems, &mut unattributed);

    // The table.
    let mut table = String::new();
    let _ = writeln!(
        table,
        "{:<56} {:>5} {:>5}  {:<10} diagnostics",
        "collection", "in", "out", "result"
    );
    let (mut generated, mut compiled, mut v1, mut total_in, mut total_out) = (0, 0, 0, 0, 0);
    let mut failures = Vec::new();
    for entry in &entries {
        total_in += entry.requests_in;
        let errors = problems.get(&entry.module);
        let (out, result, diagnostics) = match &entry.outcome {
            Outcome::Generated {
                operations_out,
                dropped,
                diagnostics,
            } => {
                generated += 1;
                total_out += operations_out;
                if errors.is_none() {
                    compiled += 1;
                }
                if operations_out + dropped < entry.requests_in {
                    failures.push(format!(
                        "{}: {} requests in, {} operations out ({} dropped with a diagnostic): requests were lost silently",
                        entry.file, entry.requests_in, operations_out, dropped
                    ));
                } else if *operations_out > entry.requests_in {
                    failures.push(format!(
                        "{}: {} requests in but {} operations out",
                        entry.file, entry.requests_in, operations_out
                    ));
                }
                let diagnostics = diagnostics
                    .iter()
                    .map(|(k, n)| format!("{k}={n}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                let result = match errors {
                    None => "ok".to_owned(),
                    Some(e) => format!("{} errors", e.len()),
                };
                (operations_out.to_string(), result, diagnostics)
            }
            Outcome::NotGeneratedV1 => {
                v1 += 1;
                ("-".to_owned(), "v1 (skip)".to_owned(), String::new())
            }
            Outcome::Failed(e) => {
                failures.push(format!("{}: failed to generate: {e}", entry.file));
                ("-".to_owned(), "NOT GEN".to_owned(), String::new())
            }
        };
        let _ = writeln!(
            table,
            "{:<56} {:>5} {:>5}  {:<10} {}",
            entry.file, entry.requests_in, out, result, diagnostics
        );
    }
    let _ = writeln!(
        table,
        "{} files: {generated} generated, {compiled} compile cleanly, {v1} v1 not generated yet; \
         {total_in} requests in, {total_out} operations out; {doctests_run} doctests run",
        entries.len()
    );
    let _ = write!(table, "time: generate {generate_time:.1?}");
    for (what, time) in &timings {
        let _ = write!(table, ", {what} {time:.1?}");
    }
    let _ = write!(table, ", total {:.1?}", started.elapsed());
    eprintln!("{table}");

    for entry in &entries {
        if let Some(errors) = problems.get(&entry.module) {
            let mut message = format!(
                "{} (module `{}`, {}) does not compile cleanly: {} errors; the first ones:",
                entry.file,
                entry.module,
                scratch
                    .join("src")
                    .join(format!("{}.rs", entry.module))
                    .display(),
                errors.len()
            );
            for error in errors.iter().take(ERRORS_SHOWN) {
                let _ = write!(message, "\n{}", indent(error));
            }
            failures.push(message);
        }
    }
    for (module, errors) in &problems {
        if !entries.iter().any(|e| &e.module == module) {
            failures.push(format!("{module}: {}", errors.join("\n")));
        }
    }
    failures.extend(unattributed);
    for file in V1_NOT_YET_SUPPORTED {
        if !entries
            .iter()
            .any(|e| e.file == *file && matches!(e.outcome, Outcome::NotGeneratedV1))
        {
            failures.push(format!(
                "{file} is in V1_NOT_YET_SUPPORTED but now generates (or is gone): remove it from the list"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n\n{}\n\n{table}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The leaf requests of a collection, counted from the JSON independently of the generator:
/// items without `item` children (v2), or the `requests` array (v1).
fn count_requests(file: &str, bytes: &[u8]) -> usize {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root: Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{file}: not JSON: {e}"));
    let mut root = &root;
    if root.get("item").is_none() {
        if let Some(inner) = root.get("collection").filter(|c| c.is_object()) {
            root = inner;
        }
    }
    if root.get("item").is_none() {
        if let Some(Value::Array(requests)) = root.get("requests") {
            return requests.len();
        }
    }
    fn leaves(items: Option<&Value>) -> usize {
        match items {
            Some(Value::Array(items)) => items.iter().map(|i| leaves(Some(i))).sum(),
            Some(Value::Object(item)) => match item.get("item") {
                Some(children) => leaves(Some(children)),
                None => 1,
            },
            _ => 0,
        }
    }
    leaves(root.get("item"))
}

fn write_scratch_crate(scratch: &Path, modules: &[(String, String)]) {
    postman_codegen::write_if_changed(&scratch.join("Cargo.toml"), SCRATCH_MANIFEST).unwrap();
    // The workspace's lockfile, so the scratch crate resolves (offline) to the same versions.
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).unwrap();
    postman_codegen::write_if_changed(&scratch.join("Cargo.lock"), &lock).unwrap();

    let mut lib = String::from(
        "//! Every corpus collection's generated client, compiled by tests/tests/corpus_compile.rs.\n\
         #![deny(warnings)]\n\
         // What generated/ (the crate that builds our own collections) asks of its modules.\n\
         #![deny(missing_docs)]\n",
    );
    for (module, doc) in modules {
        lib.push('\n');
        for line in doc.trim().lines() {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            // `{:?}` of a str is a valid Rust string literal.
            let _ = writeln!(lib, "#[doc = {line:?}]");
        }
        let _ = writeln!(
            lib,
            "pub mod {module} {{\n    include!(\"{module}.rs\");\n}}"
        );
    }
    postman_codegen::write_if_changed(&scratch.join("src/lib.rs"), &lib).unwrap();

    // Remove the modules of collections that are gone.
    let keep: BTreeSet<String> = modules.iter().map(|(m, _)| format!("{m}.rs")).collect();
    for entry in std::fs::read_dir(scratch.join("src")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name != "lib.rs" && !keep.contains(&name) {
            std::fs::remove_file(&path).unwrap();
        }
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A cargo command on the scratch crate that shares the workspace's target directory.
fn cargo(scratch: &Path) -> Command {
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .to_path_buf();
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTDOCFLAGS")
        .env_remove("CARGO_BUILD_RUSTDOCFLAGS")
        .arg("--offline");
    command
}

/// Files the compiler reports on, mapped to the module they belong to.
fn module_of(file: &str, src: &Path) -> Option<String> {
    let path = Path::new(file);
    let path = if path.is_absolute() {
        path.strip_prefix(src.parent()?).ok()?.to_path_buf()
    } else {
        path.to_path_buf()
    };
    let rest = path.strip_prefix("src").ok()?;
    let name = rest.to_str()?.strip_suffix(".rs")?;
    (name != "lib").then(|| name.to_owned())
}

/// The file a span is in, following macro expansions back to the scratch crate's sources.
fn span_module(span: &Value, src: &Path) -> Option<String> {
    let mut span = span;
    loop {
        if let Some(module) = span["file_name"].as_str().and_then(|f| module_of(f, src)) {
            return Some(module);
        }
        span = span.get("expansion")?.get("span")?;
    }
}

/// Collects the compiler's errors and warnings from `--message-format=json` output, per module.
fn collect(
    step: &str,
    output: &Output,
    src: &Path,
    problems: &mut BTreeMap<String, Vec<String>>,
    unattributed: &mut Vec<String>,
) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut reported = false;
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        // Only the scratch crate's own messages: dependencies are not ours to lint.
        if !message["package_id"]
            .as_str()
            .is_some_and(|id| id.contains("corpus-compile-scratch"))
        {
            continue;
        }
        let message = &message["message"];
        let level = message["level"].as_str().unwrap_or("");
        if level != "error" && level != "warning" {
            continue;
        }
        let spans = message["spans"].as_array().cloned().unwrap_or_default();
        if spans.is_empty() {
            // "aborting due to N previous errors" and the like.
            continue;
        }
        reported = true;
        let rendered = message["rendered"]
            .as_str()
            .unwrap_or_else(|| message["message"].as_str().unwrap_or("?"))
            .trim_end()
            .to_owned();
        let rendered = format!("[{step}] {rendered}");
        let module = spans
            .iter()
            .filter(|s| s["is_primary"] == true)
            .chain(&spans)
            .find_map(|s| span_module(s, src));
        match module {
            Some(module) => problems.entry(module).or_default().push(rendered),
            None => unattributed.push(format!(
                "(no collection: in src/lib.rs or elsewhere) {rendered}"
            )),
        }
    }
    if !output.status.success() && !reported {
        unattributed.push(format!(
            "[{step}] failed without a compiler message:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
}

/// The number of doctests `cargo test --doc` ran; failed ones are recorded per module.
fn doctest_results(
    output: &Output,
    src: &Path,
    problems: &mut BTreeMap<String, Vec<String>>,
    unattributed: &mut Vec<String>,
) -> usize {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut run = 0;
    let mut saw_result = false;
    for line in stdout.lines().filter(|l| !l.starts_with('{')) {
        if let Some(n) = line
            .strip_prefix("running ")
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            run += n;
        }
        saw_result |= line.starts_with("test result:");
        // "test src/zoom.rs - Client::new (line 12) ... FAILED"
        if let Some(test) = line
            .strip_prefix("test ")
            .and_then(|l| l.strip_suffix(" ... FAILED"))
        {
            let file = test.split(" - ").next().unwrap_or("");
            let failure = format!("[doctest] {test} failed");
            match module_of(file, src) {
                Some(module) => problems.entry(module).or_default().push(failure),
                None => unattributed.push(failure),
            }
        }
    }
    if !output.status.success() && !saw_result {
        // The doctest build failed; its compile errors are clippy's to report. Say so only if
        // clippy did not already explain it.
        if problems.is_empty() && unattributed.is_empty() {
            unattributed.push(format!(
                "[cargo test --doc] failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    run
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
