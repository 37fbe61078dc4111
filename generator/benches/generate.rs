//! How fast `postman_codegen::generate` is, against the cost of just parsing the same bytes
//! with `serde_json`, how it scales, and how much memory it takes.
//!
//! ```sh
//! cargo bench -p postman-codegen --bench generate
//! ```
//!
//! prints three tables (the whole run takes about two minutes on two cores):
//!
//! 1. Corpus: for the largest collections of `../shared/corpus`, N runs of (a)
//!    `serde_json::from_slice::<serde_json::Value>` each followed by (b) `generate()`: the
//!    median of each, and the median of the N ratios b/a (pairs keep a slow spell of the
//!    machine from falling on one side only).
//! 2. Scaling: a synthetic collection of 1k, 10k and 100k requests (the same shape repeated,
//!    each request with a path variable, query parameters, a JSON body for every other one and
//!    one saved JSON example), each size generated once in each of five fresh child processes
//!    (this binary again; a build script runs once per process too), in rounds over the sizes
//!    so that a slow spell of the machine falls on all of them, the median time and the
//!    peak memory: time per request and the ratio of the times
//!    of successive sizes (linear scaling is 10.0; the target is ≤ 11). A size is skipped, with
//!    the projection printed, when ten times the previous size's time or peak memory would
//!    exceed 60 s or 70% of the available memory.
//! 3. Peak memory: each collection is generated once in a child process (this binary again),
//!    which reports its peak resident set (`VmHWM` in `/proc/self/status`) before and after
//!    generating; the table shows the whole-process peak and the part generating added, as
//!    multiples of the input size (the target is ≤ 10×).
//!
//! The children generate as the CLI and a build script do: `generate_to`, given the bytes,
//! the code written out as it is generated, so memory never holds the whole output; the code
//! goes to a writer that only counts the operations (a file would add the disk's time).
//!
//! Without `--bench` (`cargo test --benches`, `cargo test --all-targets`) it only checks that
//! a small synthetic collection generates, so test runs stay fast.
//!
//! Environment: `PCG_BENCH_QUICK=1` skips the sizes over 10k; `PCG_BENCH_SIZES=1000,30000`
//! measures other sizes; `PCG_BENCH_CHILD=<file>` is the child mode.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The corpus collections measured, largest and most interesting first.
const CORPUS: &[&str] = &[
    "zoom-api-v2-full.postman_collection.json",
    "fastly-api.postman_collection.json",
    "twilio-api-items-key-malformed.postman_collection.json",
    "adobe-cja-api.postman_collection.json",
    "twitter-api-v2-p2o.postman_collection.json",
    "postman-api.postman_collection.json",
    "akamai-appsec.postman_collection.json",
];

/// The synthetic sizes, in requests.
const SIZES: &[usize] = &[1_000, 10_000, 100_000];

/// Time spent measuring one thing, at most (at least `MIN_RUNS` runs are made).
const BUDGET: Duration = Duration::from_secs(4);
const MIN_RUNS: usize = 3;
const MAX_RUNS: usize = 21;

/// A synthetic size is skipped when the previous one projects it over this.
const LARGEST_BUDGET: Duration = Duration::from_secs(60);

const CHILD_ENV: &str = "PCG_BENCH_CHILD";
const CHILD_RUNS_ENV: &str = "PCG_BENCH_CHILD_RUNS";

fn main() {
    if let Some(file) = std::env::var_os(CHILD_ENV) {
        child(Path::new(&file));
        return;
    }
    if !std::env::args().any(|a| a == "--bench") {
        // Run as a test: just prove the bench still works.
        let bytes = synthetic::collection(20);
        let generated = postman_codegen::generate("synthetic.json", &bytes).expect("generates");
        assert_eq!(operations(&generated.code), 20);
        println!("bench generate: smoke test ok (run `cargo bench` to measure)");
        return;
    }
    let started = Instant::now();
    let quick = std::env::var_os("PCG_BENCH_QUICK").is_some();
    println!(
        "postman-codegen generate bench ({} CPUs, load average {})\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );

    // 1. Corpus.
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let mut memory_rows: Vec<(String, PathBuf, usize)> = Vec::new();
    if corpus.is_dir() {
        println!("Corpus: N runs of each in turn, in process; medians, and the median of the runs' ratios");
        println!(
            "{:<56} {:>9} {:>5} {:>7} {:>5} {:>11} {:>11} {:>7}",
            "collection", "bytes", "ops", "lines", "N", "json Value", "generate()", "ratio"
        );
        for name in CORPUS {
            let path = corpus.join(name);
            let Ok(bytes) = std::fs::read(&path) else {
                println!("{name:<56} missing");
                continue;
            };
            corpus_row(name, &bytes);
            memory_rows.push((name.to_string(), path, bytes.len()));
        }
        println!();
    } else {
        println!("Corpus: skipped, no corpus at {}\n", corpus.display());
    }

    // 2. Scaling, in child processes: each size's time and peak memory together, so the
    // largest size runs (at most) once.
    println!(
        "Scaling: synthetic collection, one generate_to() per fresh child process (median of N processes)"
    );
    println!(
        "{:>9} {:>11} {:>5} {:>12} {:>14} {:>14} {:>12} {:>9}",
        "requests", "bytes", "N", "generate_to()", "per request", "time ratio", "peak", "peak/in"
    );
    let sizes: Vec<usize> = match std::env::var("PCG_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|s| {
                s.trim()
                    .parse()
                    .expect("PCG_BENCH_SIZES: comma-separated numbers")
            })
            .collect(),
        Err(_) => SIZES.to_vec(),
    };
    // Every size is timed the same way, as a build script sees it: one generation in a fresh
    // process (warm runs in one process are faster, so mixing the two would skew the ratios);
    // the median of RUNS processes per size, taken in rounds over the sizes (1k, 10k, 100k,
    // 1k, ...), so that a slow spell of the VM falls on every size rather than on one.
    const RUNS: usize = 5;
    // The sizes measured, each with its scratch file and its children's reports.
    let mut planned: Vec<(usize, PathBuf, Vec<ChildReport>)> = Vec::new();
    for size in sizes {
        let bytes = synthetic::collection(size);
        // A size too big for this machine is skipped, judging by the previous one's first run.
        if let Some((prev_size, first)) =
            planned.last().and_then(|(s, _, r)| Some((*s, r.first()?)))
        {
            let factor = size as f64 / prev_size as f64;
            let time = first.time.mul_f64(factor);
            let peak = (first.peak_kib as f64 * 1024.0 * factor) as u64;
            let available = mem_available();
            let why = if quick && size > 10_000 {
                Some("PCG_BENCH_QUICK".to_owned())
            } else if peak > available / 10 * 7 {
                Some(format!(
                    "~{} would not fit in {} available",
                    kib(peak),
                    kib(available)
                ))
            } else if time > LARGEST_BUDGET {
                Some(format!(
                    "~{:.0} s is over the {} s budget",
                    time.as_secs_f64(),
                    LARGEST_BUDGET.as_secs()
                ))
            } else {
                None
            };
            if let Some(why) = why {
                println!(
                    "{size:>9} {:>11} skipped: projected from the previous size ×{factor:.0}: {why}",
                    bytes.len()
                );
                continue;
            }
        }
        let path = scratch_dir().join(format!("synthetic-{size}.postman_collection.json"));
        std::fs::write(&path, &bytes).expect("write scratch file");
        drop(bytes);
        match run_child(&path, 1) {
            Ok(report) => planned.push((size, path, vec![report])),
            Err(e) => {
                println!("{size:>9} failed: {e}");
                break;
            }
        }
    }
    for _ in 1..RUNS {
        for (size, path, reports) in &mut planned {
            match run_child(path, 1) {
                Ok(report) => reports.push(report),
                Err(e) => panic!("{size} requests failed on a later run: {e}"),
            }
        }
    }
    // The previous size's (requests, median time).
    let mut previous: Option<(usize, Duration)> = None;
    for (size, path, mut reports) in planned {
        reports.sort_by_key(|r| r.time);
        let report = reports.swap_remove(reports.len() / 2);
        assert_eq!(
            report.operations, size,
            "every synthetic request becomes an operation"
        );
        let len = std::fs::metadata(&path).map_or(0, |m| m.len());
        // The time ratio to the previous size, and the size ratio it compares with.
        let growth = previous.map_or(String::from("-"), |(prev_size, p)| {
            format!(
                "{:.2} (×{:.0})",
                report.time.as_secs_f64() / p.as_secs_f64(),
                size as f64 / prev_size as f64
            )
        });
        println!(
            "{size:>9} {len:>11} {RUNS:>5} {:>12} {:>11.1} µs {growth:>14} {:>12} {:>8.0}×",
            ms(report.time),
            report.time.as_secs_f64() * 1e6 / size as f64,
            kib(report.peak_kib * 1024),
            (report.peak_kib * 1024) as f64 / len as f64,
        );
        previous = Some((size, report.time));
    }
    println!();

    // 3. Memory.
    println!("Peak memory: one generate_to() per child process (VmHWM)");
    println!(
        "{:<56} {:>9} {:>12} {:>12} {:>9} {:>12} {:>9}",
        "collection", "input", "before", "peak", "peak/in", "added", "added/in"
    );
    for (name, path, len) in &memory_rows {
        match run_child(path, 1) {
            Ok(r) => {
                let added = r.peak_kib.saturating_sub(r.before_kib) * 1024;
                println!(
                    "{name:<56} {:>9} {:>12} {:>12} {:>8.1}× {:>12} {:>8.1}×",
                    kib(*len as u64),
                    kib(r.before_kib * 1024),
                    kib(r.peak_kib * 1024),
                    (r.peak_kib * 1024) as f64 / *len as f64,
                    kib(added),
                    added as f64 / *len as f64,
                )
            }
            Err(e) => println!("{name:<56} failed: {e}"),
        }
    }
    println!(
        "\nbench finished in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn corpus_row(name: &str, bytes: &[u8]) {
    let mut out = None;
    let pairs = measure_pairs(
        || {
            std::hint::black_box(parse_value(bytes));
        },
        || {
            out = Some(postman_codegen::generate(name, bytes));
        },
    );
    let (ops, lines) = match out {
        Some(Ok(g)) => (operations(&g.code), g.code.lines().count()),
        _ => {
            println!("{name:<56} does not generate");
            return;
        }
    };
    println!(
        "{name:<56} {:>9} {ops:>5} {lines:>7} {:>5} {:>11} {:>11} {:>6.1}×",
        bytes.len(),
        pairs.runs,
        ms(pairs.first),
        ms(pairs.second),
        pairs.ratio,
    );
}

/// What [`measure_pairs`] measured.
struct Pairs {
    runs: usize,
    /// Median time of the first function.
    first: Duration,
    /// Median time of the second.
    second: Duration,
    /// Median of the second's time over the first's, run by run.
    ratio: f64,
}

/// Runs `first` then `second` once each to warm up, then both in turn until `BUDGET` is spent
/// twice over (between `MIN_RUNS` and `MAX_RUNS` times). Run in pairs, a slow spell of the
/// machine slows both sides of a pair: the median of the pairs' ratios is steadier than the
/// ratio of two medians taken at different times.
fn measure_pairs(mut first: impl FnMut(), mut second: impl FnMut()) -> Pairs {
    let warm = Instant::now();
    first();
    second();
    let once = warm.elapsed();
    let mut firsts = Vec::new();
    let mut seconds = Vec::new();
    let mut ratios = Vec::new();
    let started = Instant::now();
    while firsts.len() < MAX_RUNS
        && (firsts.len() < MIN_RUNS || started.elapsed() + once < BUDGET * 2)
    {
        let t = Instant::now();
        first();
        let a = t.elapsed();
        let t = Instant::now();
        second();
        let b = t.elapsed();
        firsts.push(a);
        seconds.push(b);
        ratios.push(b.as_secs_f64() / a.as_secs_f64().max(1e-9));
    }
    firsts.sort();
    seconds.sort();
    ratios.sort_by(f64::total_cmp);
    let mid = firsts.len() / 2;
    Pairs {
        runs: firsts.len(),
        first: firsts[mid],
        second: seconds[mid],
        ratio: ratios[mid],
    }
}

fn parse_value(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

fn operations(code: &str) -> usize {
    // Each request method, and nothing else, returns `::postman_runtime::Pending<..>`.
    code.matches("-> ::postman_runtime::Pending<").count()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn kib(bytes: u64) -> String {
    if bytes >= 10 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

fn scratch_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("generate-bench");
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// `VmHWM` (peak resident set) of this process, in KiB.
fn vm_hwm_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// `MemAvailable` in `/proc/meminfo`, in bytes (`u64::MAX` if unknown).
fn mem_available() -> u64 {
    let info = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    info.lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(u64::MAX, |k| k * 1024)
}

/// The child: read the file as the CLI does, generate `runs` times as the CLI and a build
/// script do (`generate_to`, given the bytes, the code written as it is generated), report the
/// peak resident set before the first and after the last run, the median time and the
/// operations. The code goes to [`Counter`], which counts the operations and drops the text:
/// writing it to a file would add the disk's time (and, with `ChangedFile`, a flush to disk of
/// up to 240 MB), which is not the generator's.
fn child(path: &Path) {
    let runs: usize = std::env::var(CHILD_RUNS_ENV)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let mut bytes = std::fs::read(path).expect("read collection");
    let options = postman_codegen::Options::default();
    let before = vm_hwm_kib();
    let mut times = Vec::new();
    let mut ops = 0;
    let runs = runs.max(1);
    for run in 1..=runs {
        // The bytes are given, as the CLI and `Builder` give them (freed once parsed); the
        // runs before the last one give a copy.
        let input = if run == runs {
            std::mem::take(&mut bytes)
        } else {
            bytes.clone()
        };
        let mut out = Counter::default();
        let started = Instant::now();
        postman_codegen::generate_to("child.json", input, &options, &mut out).expect("generates");
        times.push(started.elapsed());
        ops = out.operations;
    }
    let after = vm_hwm_kib();
    times.sort();
    println!(
        "{before} {after} {} {ops}",
        times[times.len() / 2].as_nanos()
    );
}

/// A writer that counts the operations in the code it is given and keeps none of it.
/// `generate_to` writes whole chunks of items, so a signature is never split between writes.
#[derive(Default)]
struct Counter {
    operations: usize,
}

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(buf).map_err(std::io::Error::other)?;
        self.operations += operations(text);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct ChildReport {
    before_kib: u64,
    peak_kib: u64,
    time: Duration,
    operations: usize,
}

fn run_child(path: &Path, runs: usize) -> Result<ChildReport, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new(exe)
        .env(CHILD_ENV, path)
        .env(CHILD_RUNS_ENV, runs.to_string())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "{}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<u64> = text
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    match fields[..] {
        [before_kib, peak_kib, nanos, operations] => Ok(ChildReport {
            before_kib,
            peak_kib,
            time: Duration::from_nanos(nanos),
            operations: operations as usize,
        }),
        _ => Err(format!("unexpected child output {text:?}")),
    }
}

/// A synthetic collection: the same request shape repeated, in folders of 50.
mod synthetic {
    use std::fmt::Write as _;

    /// A v2.1 collection with `requests` requests. Every request has a path variable, two
    /// query parameters, a header, a description and one saved 200 example with a JSON body
    /// (nested object and array); every other request is a POST with a raw JSON body.
    pub fn collection(requests: usize) -> Vec<u8> {
        let mut out = String::with_capacity(requests * 1_600 + 1_000);
        out.push_str(
            r#"{"info":{"name":"Synthetic","description":"A synthetic collection for the generate bench.","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"variable":[{"key":"baseUrl","value":"https://api.example.com/v1"}],"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{token}}","type":"string"}]},"item":["#,
        );
        let folders = requests.div_ceil(50);
        for folder in 0..folders {
            if folder > 0 {
                out.push(',');
            }
            let _ = write!(
                out,
                r#"{{"name":"Folder {folder}","description":"Requests of group {folder}.","item":["#
            );
            let first = folder * 50;
            for i in first..requests.min(first + 50) {
                if i > first {
                    out.push(',');
                }
                request(&mut out, i);
            }
            out.push_str("]}");
        }
        out.push_str("]}");
        out.into_bytes()
    }

    fn request(out: &mut String, i: usize) {
        let post = i % 2 == 1;
        let (method, verb) = if post {
            ("POST", "Create")
        } else {
            ("GET", "Get")
        };
        let body = if post {
            format!(
                r#","body":{{"mode":"raw","raw":"{{\n  \"name\": \"widget {i}\",\n  \"size\": {i},\n  \"enabled\": true,\n  \"tags\": [\"a\", \"b\"],\n  \"dimensions\": {{\"width\": 1.5, \"height\": 2}}\n}}","options":{{"raw":{{"language":"json"}}}}}}"#
            )
        } else {
            String::new()
        };
        let _ = write!(
            out,
            r#"{{"name":"{verb} widget {i}","request":{{"method":"{method}","header":[{{"key":"Accept","value":"application/json"}},{{"key":"X-Request-Id","value":"req-{i}","description":"Correlates logs."}}]{body},"url":{{"raw":"{{{{baseUrl}}}}/widgets{i}/:widgetId/parts?limit=10&cursor=abc","host":["{{{{baseUrl}}}}"],"path":["widgets{i}",":widgetId","parts"],"query":[{{"key":"limit","value":"10","description":"At most this many."}},{{"key":"cursor","value":"abc","description":"Where to continue."}}],"variable":[{{"key":"widgetId","value":"w-{i}","description":"The widget."}}]}},"description":"{verb}s the parts of widget {i}. Needs the `widgets:read` scope."}},"response":[{{"name":"OK","originalRequest":{{"method":"{method}","header":[],"url":{{"raw":"{{{{baseUrl}}}}/widgets{i}/w-{i}/parts","host":["{{{{baseUrl}}}}"],"path":["widgets{i}","w-{i}","parts"]}}}},"status":"OK","code":200,"_postman_previewlanguage":"json","header":[{{"key":"Content-Type","value":"application/json"}}],"cookie":[],"body":"{{\n  \"id\": \"w-{i}\",\n  \"count\": {i},\n  \"parts\": [{{\"name\": \"bolt\", \"weight\": 0.5, \"tags\": [\"x\"]}}],\n  \"owner\": {{\"id\": 7, \"email\": \"owner@example.com\", \"admin\": false}},\n  \"next\": null\n}}"}}]}}"#
        );
    }
}
