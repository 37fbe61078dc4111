//! Where the shared corpus of real collections is, for the library's unit tests that read it:
//! `$POSTMAN_CODEGEN_CORPUS` when set, else `../shared/corpus` beside the project (CI has it).
//! Without it, those tests say so on the terminal (past the test harness's capture) and pass;
//! in CI (`CI` set) a missing corpus fails them.

use std::io::Write;
use std::path::PathBuf;

/// The corpus directory, or `None` after saying that `test` is skipped.
pub(crate) fn dir(test: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os("POSTMAN_CODEGEN_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
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
    None
}
