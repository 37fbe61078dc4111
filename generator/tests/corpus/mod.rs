//! Where the shared corpus of real collections is, for the generator's tests that read it:
//! `$POSTMAN_CODEGEN_CORPUS` when set, else `../shared/corpus` beside the project (CI has it).
//! Without it, those tests say so on the terminal (past the test harness's capture) and pass;
//! in CI (`CI` set) a missing corpus fails them.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// The corpus directory (which may not exist).
pub fn dir() -> PathBuf {
    match std::env::var_os("POSTMAN_CODEGEN_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    }
}

/// Says, where it shows, that `test` skips its corpus part; panics in CI, where the corpus
/// must be present.
pub fn skip(test: &str) {
    let dir = dir();
    assert!(
        std::env::var_os("CI").is_none(),
        "the corpus is missing at {}: CI must run with ../shared beside the project",
        dir.display()
    );
    // Written to the standard error itself, not through `eprintln!`, which the test harness
    // captures and shows only for failing tests.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: no corpus at {} (set POSTMAN_CODEGEN_CORPUS or put ../shared beside the project)",
        dir.display()
    );
}

/// One corpus file, or `None` after [`skip`] when the corpus is missing.
pub fn file(test: &str, name: &str) -> Option<PathBuf> {
    let path = dir().join(name);
    if path.is_file() {
        return Some(path);
    }
    skip(test);
    None
}

/// Every `*.json` file of the corpus, sorted, or `None` after [`skip`].
pub fn files(test: &str) -> Option<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(dir()) else {
        skip(test);
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Some(files)
}
