//! Where the shared corpus of real Postman collections lives, for the tests that read it.

use std::path::PathBuf;

/// `$POSTMAN_CODEGEN_CORPUS` when set, else `../shared/corpus` relative to the project root.
/// Tests read the collections from there and never copy them into the project.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("POSTMAN_CODEGEN_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    }
}

/// Every `*.json` file in the corpus, sorted by name.
///
/// When the corpus is missing this returns `None` outside CI (so a checkout without
/// `../shared` can still run the other tests), after saying so where it shows (the test
/// harness captures `eprintln!`), and panics in CI, where it must be present.
pub fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the corpus is missing at {}: CI must run with ../shared beside the project",
            dir.display()
        );
        // Written to the standard error itself: the test harness captures `eprintln!`.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "SKIPPED {}: no corpus at {} (set POSTMAN_CODEGEN_CORPUS or put ../shared beside the project)\n",
                // The test harness names each test's thread after the test.
                std::thread::current().name().unwrap_or("a corpus test"),
                dir.display()
            )
            .as_bytes(),
        );
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Some(files)
}

/// The project's own collections (`collections/*.postman_collection.json`), sorted.
pub fn own_collections() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../collections");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().ends_with(".postman_collection.json"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
