//! Every real collection in ../shared/corpus generates a client that compiles without a single
//! rustc, clippy or rustdoc warning, and no request is lost on the way.
//!
//! All clients are compiled together in one scratch crate, `<target>/tmp/corpus-compile`, that
//! shares the workspace's target directory and lockfile, so its dependencies are built once and
//! reused by every later run. On it the test runs:
//!
//! - `cargo clippy --lib -- -D warnings`: rustc warnings, clippy's default lints, the
//!   workspace's lint table and `missing_docs`, as `generated/` applies them to our own clients.
//!   `--lib` and not `--all-targets`: the crate has no other target, and the `cfg(test)` copy of
//!   the lib that `--all-targets` adds is the same code (the test checks the generated code has
//!   no `cfg(test)`), type-checked a second time, which doubles the run time.
//! - `RUSTDOCFLAGS="-D warnings" cargo doc --no-deps`: rustdoc's warnings on the descriptions.
//! - doctests: `cargo rustdoc --lib -- --test` collects and runs them against the dependencies'
//!   metadata, without the minute-long codegen build of the lib that `cargo test --doc` needs.
//!   The generator promises none; when there are some anyway, `cargo test --doc` runs them and
//!   they must pass.
//!
//! Every error is mapped back to the collection whose module it is in, so the failure message
//! names each collection that failed to generate or compile, with its first errors of each kind.
//! Hard errors (types, names) stop rustc before its late lints and stop rustdoc, so fixing them
//! can reveal further failures in other collections.
//! The table of requests in / operations out / diagnostics is printed on standard error (see it
//! with `-- --nocapture`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use postman_codegen_tests::corpus::{corpus_dir, corpus_files};
use serde_json::Value;

/// Diagnostic kinds that mean a request was left out of the client (no method generated for
/// it). None today: every kind the generator reports (`script-ignored`, `body-unsupported`,
/// `auth-unsupported`, `file-field-unsupported`, `response-ignored`, ...) simplifies a request
/// but still generates its method. Each diagnostic of a kind listed here excuses one missing
/// operation.
const KINDS_THAT_DROP_A_REQUEST: &[&str] = &[];

/// How many errors (each of a different kind) to show per collection in the failure message.
const ERRORS_SHOWN: usize = 3;

/// Lines of one rendered error shown in the failure message.
const LINES_SHOWN: usize = 24;

/// The dependencies the generated code needs, with the versions and features the workspace
/// uses (`[workspace.dependencies]` in the root Cargo.toml).
///
/// Edition 2024, whose lints are a superset of 2021's in practice (clippy's `collapsible_if`
/// also sees `if let` there); the `generated` crate builds the project's collections in 2021.
const SCRATCH_MANIFEST: &str = r#"[package]
name = "corpus-compile-scratch"
version = "0.0.0"
edition = "2024"
publish = false

# Not part of the postman-codegen workspace.
[workspace]

[lib]
path = "src/lib.rs"

[dependencies]
# The signing schemes the corpus uses (each module's header names the ones it needs).
postman-runtime = { path = "@RUNTIME@", features = ["oauth1", "digest", "aws-sigv4", "hawk", "edgegrid"] }
reqwest = { version = "0.13", default-features = false, features = ["json", "multipart", "query", "form"] }
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
        /// Diagnostics of [`KINDS_THAT_DROP_A_REQUEST`].
        dropped: usize,
        diagnostics: BTreeMap<&'static str, usize>,
    },
    Failed(String),
}

/// One compiler error or warning (all are errors under `-D warnings`).
struct Problem {
    /// `clippy`, `rustdoc` or `doctest`.
    step: &'static str,
    /// The error code or lint name, such as `E0599` or `clippy::tabs_in_doc_comments`.
    code: String,
    rendered: String,
}

#[derive(Default)]
struct Problems {
    /// Per module, deduplicated by rendered text.
    by_module: BTreeMap<String, Vec<Problem>>,
    /// Problems that name no collection.
    other: Vec<String>,
}

impl Problems {
    fn add(&mut self, module: Option<String>, problem: Problem) {
        match module {
            Some(module) => {
                let list = self.by_module.entry(module).or_default();
                if !list.iter().any(|p| p.rendered == problem.rendered) {
                    list.push(problem);
                }
            }
            None => self.other.push(format!(
                "[{}] (no collection: src/lib.rs or elsewhere) {}",
                problem.step, problem.rendered
            )),
        }
    }
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
    let expected_requests = sources_tsv_requests();
    let mut failures = Vec::new();

    // Generate every client, on every core.
    let results = generate_all(&files, &expected_requests);
    let mut entries = Vec::new();
    let mut modules = Vec::new(); // (module, module_doc)
    for (entry, generated) in results {
        assert!(
            !entries.iter().any(|e: &Entry| e.module == entry.module),
            "two corpus files map to module `{}`",
            entry.module
        );
        if let Some(generated) = generated {
            if generated.code.contains("cfg(test)") {
                failures.push(format!(
                    "{}: the generated code has `cfg(test)` items: check it with `cargo clippy --all-targets`, not `--lib`",
                    entry.file
                ));
            }
            postman_codegen::write_if_changed(
                &src.join(format!("{}.rs", entry.module)),
                &generated.code,
            )
            .unwrap();
            modules.push((entry.module.clone(), generated.module_doc));
        }
        entries.push(entry);
    }
    let mut timings = vec![("generate", started.elapsed(), None)];
    let cpu_before = children_cpu();

    // The scratch crate: one module per generated client. Compile, lint and document them all.
    let layout = write_scratch_crate(&scratch, &modules);
    let mut problems = Problems::default();

    let (clippy, time, cpu) = run(cargo(&scratch).args([
        "clippy",
        "--lib",
        "--message-format=json",
        "--",
        "-D",
        "warnings",
    ]));
    timings.push(("cargo clippy", time, cpu));
    collect("clippy", &clippy, &layout, &mut problems);

    let (doc, time, cpu) = run(cargo(&scratch).env("RUSTDOCFLAGS", "-D warnings").args([
        "doc",
        "--no-deps",
        "--message-format=json",
    ]));
    timings.push(("cargo doc", time, cpu));
    collect("rustdoc", &doc, &layout, &mut problems);

    let (count, time, cpu) =
        run(cargo(&scratch).args(["rustdoc", "--lib", "--message-format=json", "--", "--test"]));
    timings.push(("doctest count", time, cpu));
    let doctests = match doctests_run(&count) {
        Some(0) => "0 doctests".to_owned(),
        Some(n) => {
            let (doctest, time, cpu) =
                run(cargo(&scratch).args(["test", "--doc", "--message-format=json"]));
            timings.push(("cargo test --doc", time, cpu));
            let failed = doctest_failures(&doctest, &layout, &mut problems);
            if !doctest.status.success() && doctests_run(&doctest).is_none() {
                problems.other.push(format!(
                    "[doctest] `cargo test --doc` failed to build the {n} doctests:\n{}",
                    String::from_utf8_lossy(&doctest.stderr)
                ));
            }
            format!("{n} doctests, {failed} failed")
        }
        None if !problems.by_module.is_empty() => {
            "doctests not counted (the crate does not compile)".to_owned()
        }
        None => {
            problems.other.push(format!(
                "[doctest] `cargo rustdoc --lib -- --test` ran no doctests:\n{}",
                String::from_utf8_lossy(&count.stderr)
            ));
            "doctests not counted".to_owned()
        }
    };

    // The table, and the accounting of requests.
    let mut table = String::new();
    let _ = writeln!(
        table,
        "{:<56} {:>5} {:>5}  {:<13} diagnostics",
        "collection", "in", "out", "result"
    );
    let (mut generated, mut compiled, mut total_in, mut total_out) = (0, 0, 0, 0);
    for entry in &entries {
        total_in += entry.requests_in;
        let errors = problems.by_module.get(&entry.module);
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
                        "{}: {} requests in, {operations_out} operations out, {dropped} dropped with a diagnostic: {} requests were lost silently",
                        entry.file, entry.requests_in, entry.requests_in - operations_out - dropped
                    ));
                } else if *operations_out > entry.requests_in {
                    failures.push(format!(
                        "{}: {} requests in but {operations_out} operations out",
                        entry.file, entry.requests_in
                    ));
                }
                let diagnostics = diagnostics
                    .iter()
                    .map(|(kind, n)| format!("{kind}={n}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                let result = match errors {
                    None => "ok".to_owned(),
                    Some(e) => format!("{} error(s)", e.len()),
                };
                (operations_out.to_string(), result, diagnostics)
            }
            Outcome::Failed(e) => {
                failures.push(format!("{}: failed to generate: {e}", entry.file));
                ("-".to_owned(), "NOT GEN".to_owned(), String::new())
            }
        };
        let _ = writeln!(
            table,
            "{:<56} {:>5} {:>5}  {result:<13} {diagnostics}",
            entry.file, entry.requests_in, out
        );
    }
    let _ = writeln!(
        table,
        "{} files: {generated} generated, {compiled} compile cleanly; \
         {total_in} requests in, {total_out} operations out; {doctests}",
        entries.len()
    );
    // Each kind of error, with the collections it occurs in.
    let mut kinds: BTreeMap<(&str, &str), (usize, BTreeSet<&str>)> = BTreeMap::new();
    for (module, list) in &problems.by_module {
        for problem in list {
            let kind = kinds.entry((problem.step, &problem.code)).or_default();
            kind.0 += 1;
            kind.1.insert(module);
        }
    }
    for ((step, code), (n, modules)) in &kinds {
        let modules: Vec<&str> = modules.iter().copied().collect();
        let _ = writeln!(table, "[{step}] {code}: {n} in {}", modules.join(", "));
    }
    let _ = write!(table, "time:");
    for (what, time, cpu) in &timings {
        let _ = write!(table, " {what} {:.1}s", time.as_secs_f64());
        if let Some(cpu) = cpu {
            let _ = write!(table, " ({:.1}s CPU)", cpu.as_secs_f64());
        }
        let _ = write!(table, ",");
    }
    let _ = write!(table, " total {:.1}s", started.elapsed().as_secs_f64());
    if let (Some(before), Some(after)) = (cpu_before, children_cpu()) {
        // Wall times depend on what else the machine runs; the CPU time of cargo does not.
        let _ = write!(
            table,
            " ({:.1}s CPU in cargo)",
            after.saturating_sub(before).as_secs_f64()
        );
    }
    eprintln!("{table}");

    // The failure message.
    for entry in &entries {
        let Some(list) = problems.by_module.get(&entry.module) else {
            continue;
        };
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for problem in list {
            *count.entry(&problem.code).or_default() += 1;
        }
        let count: Vec<String> = count.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
        let mut message = format!(
            "{} does not compile cleanly ({}): {} error(s): {}; the first of each kind:",
            entry.file,
            src.join(format!("{}.rs", entry.module)).display(),
            list.len(),
            count.join(", ")
        );
        let mut shown = BTreeSet::new();
        for problem in list {
            if shown.len() < ERRORS_SHOWN && shown.insert(&problem.code) {
                let _ = write!(
                    message,
                    "\n    [{}] {}",
                    problem.step,
                    excerpt(&problem.rendered)
                );
            }
        }
        failures.push(message);
    }
    for (module, list) in &problems.by_module {
        if !entries.iter().any(|e| &e.module == module) {
            for problem in list {
                failures.push(format!("{module}: {}", problem.rendered));
            }
        }
    }
    failures.extend(problems.other);
    assert!(
        failures.is_empty(),
        "{} problems:\n\n{}\n\n{table}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Runs the generator on every file, on as many threads as there are cores, in file order.
fn generate_all(
    files: &[PathBuf],
    expected_requests: &BTreeMap<String, usize>,
) -> Vec<(Entry, Option<postman_codegen::Generated>)> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut results: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break done };
                        done.push((i, generate_one(path, expected_requests)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, result)| result).collect()
}

fn generate_one(
    path: &Path,
    expected_requests: &BTreeMap<String, usize>,
) -> (Entry, Option<postman_codegen::Generated>) {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let module = postman_codegen::module_name(path);
    let bytes = std::fs::read(path).unwrap();
    let requests_in = count_requests(&file, &bytes);
    if let Some(&expected) = expected_requests.get(&file) {
        // Checks count_requests against the corpus's own count.
        assert_eq!(
            requests_in, expected,
            "{file}: this test counts {requests_in} requests, SOURCES.tsv says {expected}"
        );
    }
    let (outcome, generated) = match postman_codegen::generate(&file, &bytes) {
        Ok(generated) => {
            let operations_out = generated
                .code
                .matches("-> ::postman_runtime::Pending<")
                .count();
            let mut diagnostics = BTreeMap::new();
            let mut dropped = 0;
            for d in &generated.diagnostics {
                *diagnostics.entry(d.kind).or_insert(0) += 1;
                dropped += usize::from(KINDS_THAT_DROP_A_REQUEST.contains(&d.kind));
            }
            let outcome = Outcome::Generated {
                operations_out,
                dropped,
                diagnostics,
            };
            (outcome, Some(generated))
        }
        Err(e) => (Outcome::Failed(e.to_string()), None),
    };
    let entry = Entry {
        file,
        module,
        requests_in,
        outcome,
    };
    (entry, generated)
}

/// The leaf requests of a collection, counted from the JSON independently of the generator:
/// items without `item` children (v2), or the `requests` array (v1). Where an item list is
/// misspelled `items` (and there is no `item`), the requests in it still count: the generator
/// must either read them or report that it skipped them.
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
    fn children(item: &serde_json::Map<String, Value>) -> Option<&Value> {
        item.get("item").or_else(|| {
            if item.contains_key("request") {
                None
            } else {
                item.get("items")
            }
        })
    }
    fn leaves(items: &Value) -> usize {
        match items {
            Value::Array(items) => items.iter().map(leaves).sum(),
            Value::Object(item) => children(item).map_or(1, leaves),
            _ => 0,
        }
    }
    root.as_object().and_then(children).map_or(0, leaves)
}

/// The `requests` column of the corpus's SOURCES.tsv, by file name (empty if there is none).
fn sources_tsv_requests() -> BTreeMap<String, usize> {
    let Ok(text) = std::fs::read_to_string(corpus_dir().join("SOURCES.tsv")) else {
        return BTreeMap::new();
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let (Some(file), Some(requests)) = (
        header.iter().position(|h| *h == "file"),
        header.iter().position(|h| *h == "requests"),
    ) else {
        return BTreeMap::new();
    };
    lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            Some((
                fields.get(file)?.to_string(),
                fields.get(requests)?.parse().ok()?,
            ))
        })
        .collect()
}

/// Where each collection's code is in the scratch crate: `src/<module>.rs`, and its module
/// doc (the collection's description) in `src/lib.rs`.
struct Layout {
    src: PathBuf,
    /// First and last line (1-based) of each module's doc and declaration in `src/lib.rs`.
    lib_lines: Vec<(usize, usize, String)>,
}

impl Layout {
    /// The module a file and line reported by the compiler belong to.
    fn module(&self, file: &str, line: usize) -> Option<String> {
        let path = Path::new(file);
        let path = path
            .strip_prefix(self.src.parent()?)
            .unwrap_or(path)
            .strip_prefix("src")
            .ok()?;
        let name = path.to_str()?.strip_suffix(".rs")?;
        if name != "lib" {
            return Some(name.to_owned());
        }
        self.lib_lines
            .iter()
            .find(|(first, last, _)| (*first..=*last).contains(&line))
            .map(|(_, _, module)| module.clone())
    }
}

/// The clients used as a new user did (futures from temporary folder handles stored, awaited
/// together and returned; `Client::new` with no credential where the collection has no auth of
/// its own), compiled here in edition 2024, whose capture rules differ from 2021's
/// (`tests/tests/futures.rs` checks 2021).
const USAGE: &str = r#"
/// Generated clients used as a new user would.
pub mod usage {
    use super::{assemblyai_api as aai, postman_echo_p2o as echo};

    /// A future from a temporary folder handle, returned.
    pub fn get_request(client: &echo::Client) -> impl ::core::future::Future + '_ {
        client.request_methods().get_request(&Default::default())
    }

    /// The same, stored while the handle is dropped, then awaited.
    pub async fn stored(client: &echo::Client) {
        let future = client.request_methods().get_request(&Default::default());
        let _ = future.await;
    }

    /// Two futures from two temporary handles, both alive before either is awaited.
    pub async fn both(client: &aai::Client, body: &aai::transcripts::TranscribeAudioBody) {
        let transcribe = client.transcripts().transcribe_audio(body);
        let list = client.transcripts().list_transcripts();
        let _ = (transcribe.await, list.await);
    }

    /// The echo collection has no auth of its own: nothing to give.
    pub fn client() -> echo::Client {
        echo::Client::new()
    }
}
"#;

fn write_scratch_crate(scratch: &Path, modules: &[(String, String)]) -> Layout {
    let runtime = workspace_root().join("runtime").canonicalize().unwrap();
    let manifest = SCRATCH_MANIFEST.replace("@RUNTIME@", &runtime.display().to_string());
    postman_codegen::write_if_changed(&scratch.join("Cargo.toml"), &manifest).unwrap();
    // The workspace's lockfile, so the scratch crate resolves (offline) to the same versions.
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).unwrap();
    postman_codegen::write_if_changed(&scratch.join("Cargo.lock"), &lock).unwrap();

    let mut lib = String::from(
        "//! Every corpus collection's generated client, compiled by tests/tests/corpus_compile.rs.\n\
         #![deny(warnings)]\n\
         // As generated/, the crate that builds our own collections, asks of its modules.\n\
         #![deny(missing_docs)]\n",
    );
    let mut lib_lines = Vec::new();
    for (module, doc) in modules {
        lib.push('\n');
        let first = lib.lines().count() + 1;
        // The module's doc as the generator's Builder writes it.
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
        lib_lines.push((first, lib.lines().count(), module.clone()));
    }
    let names: BTreeSet<&str> = modules.iter().map(|(m, _)| m.as_str()).collect();
    if names.contains("assemblyai_api") && names.contains("postman_echo_p2o") {
        lib.push_str(USAGE);
    }
    postman_codegen::write_if_changed(&scratch.join("src/lib.rs"), &lib).unwrap();

    // Remove the modules of collections that no longer generate.
    let keep: BTreeSet<String> = modules.iter().map(|(m, _)| format!("{m}.rs")).collect();
    for entry in std::fs::read_dir(scratch.join("src")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name != "lib.rs" && !keep.contains(&name) {
            std::fs::remove_file(&path).unwrap();
        }
    }
    Layout {
        src: scratch.join("src"),
        lib_lines,
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A cargo command on the scratch crate, sharing the workspace's target directory and resolving
/// offline against the copied lockfile.
fn cargo(scratch: &Path) -> Command {
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp");
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTDOCFLAGS")
        .env_remove("CARGO_BUILD_RUSTDOCFLAGS");
    command.arg("--offline");
    command
}

/// CPU time (user and system) of the waited-for child processes so far, on Linux.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name: state is field 3; cutime and cstime are 16 and 17.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux target.
    Some(Duration::from_millis(ticks * 10))
}

/// Runs a command; returns its output, wall time and CPU time (where known).
fn run(command: &mut Command) -> (Output, Duration, Option<Duration>) {
    let started = Instant::now();
    let cpu = children_cpu();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let cpu = cpu.zip(children_cpu()).map(|(a, b)| b.saturating_sub(a));
    (output, started.elapsed(), cpu)
}

/// The module a span is in, following macro expansions back to the scratch crate's sources.
fn span_module(span: &Value, layout: &Layout) -> Option<String> {
    let mut span = span;
    loop {
        let file = span["file_name"].as_str().unwrap_or("");
        let line = span["line_start"].as_u64().unwrap_or(0);
        if let Some(module) = layout.module(file, usize::try_from(line).unwrap_or(0)) {
            return Some(module);
        }
        span = span.get("expansion")?.get("span")?;
    }
}

/// Collects the scratch crate's errors and warnings from `--message-format=json` output.
fn collect(step: &'static str, output: &Output, layout: &Layout, problems: &mut Problems) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut reported = false;
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message"
            || !message["package_id"]
                .as_str()
                .is_some_and(|id| id.contains("corpus-compile-scratch"))
        {
            continue;
        }
        let message = &message["message"];
        let level = message["level"].as_str().unwrap_or("");
        let spans = message["spans"].as_array().cloned().unwrap_or_default();
        // Spanless messages are summaries such as "aborting due to N previous errors".
        if !matches!(level, "error" | "warning") || spans.is_empty() {
            continue;
        }
        reported = true;
        let text = message["message"].as_str().unwrap_or("?");
        let rendered = message["rendered"].as_str().unwrap_or(text).trim_end();
        let code = message["code"]["code"]
            .as_str()
            .map_or_else(|| text.to_owned(), str::to_owned);
        let module = spans
            .iter()
            .filter(|s| s["is_primary"] == true)
            .chain(&spans)
            .find_map(|s| span_module(s, layout));
        problems.add(
            module,
            Problem {
                step,
                code,
                rendered: rendered.to_owned(),
            },
        );
    }
    if !output.status.success() && !reported {
        problems.other.push(format!(
            "[{step}] failed without a compiler message:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
}

/// How many doctests a test harness ran (`running N tests` lines), if it ran at all.
fn doctests_run(output: &Output) -> Option<usize> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter_map(|line| {
            line.strip_prefix("running ")?
                .strip_suffix(" tests")
                .or_else(|| line.strip_prefix("running ")?.strip_suffix(" test"))?
                .parse::<usize>()
                .ok()
        })
        .reduce(|a, b| a + b)
}

/// Records each failed doctest (`test src/zoom.rs - Client::new (line 12) ... FAILED`) under
/// its module; returns how many failed.
fn doctest_failures(output: &Output, layout: &Layout, problems: &mut Problems) -> usize {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut failed = 0;
    for test in stdout.lines().filter_map(|l| {
        l.strip_prefix("test ")
            .and_then(|l| l.strip_suffix(" ... FAILED"))
    }) {
        failed += 1;
        // "src/lib.rs - postman_api (line 384)"
        let file = test.split(" - ").next().unwrap_or("");
        let line = test
            .rsplit_once("(line ")
            .and_then(|(_, n)| n.strip_suffix(')')?.parse().ok())
            .unwrap_or(0);
        problems.add(
            layout.module(file, line),
            Problem {
                step: "doctest",
                code: "doctest failed".to_owned(),
                rendered: format!(
                    "{test} failed (run `cargo test --doc` in {})",
                    layout.src.parent().unwrap_or(&layout.src).display()
                ),
            },
        );
    }
    failed
}

/// The first lines of a rendered error, indented under its heading.
fn excerpt(rendered: &str) -> String {
    let lines: Vec<&str> = rendered.lines().collect();
    let mut text = lines
        .iter()
        .take(LINES_SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join("\n        ");
    if lines.len() > LINES_SHOWN {
        text.push_str("\n        ...");
    }
    text
}
