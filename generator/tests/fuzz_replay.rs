//! Replays the fuzz seed corpora (`generator/fuzz/corpus/*/`) and every saved crash
//! (`tests/fuzz_regressions/<target>/`) through the fuzz targets' property: `generate` does not
//! panic, and when it returns Ok the code parses as a Rust file.

mod support;

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// The input `target` builds from a corpus file's bytes.
fn input_for(target: &str, data: &[u8]) -> Vec<u8> {
    match target {
        "generate_bytes" => data.to_vec(),
        "generate_json" => {
            let (seed, mutations) = support::mutate::decode(data);
            support::mutate::mutated(seed, &mutations)
        }
        other => panic!("unknown fuzz target directory {other:?}"),
    }
}

#[test]
fn fuzz_corpora_and_regressions_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut replayed = 0;
    let mut failures = Vec::new();
    for base in [
        root.join("fuzz/corpus"),
        root.join("tests/fuzz_regressions"),
    ] {
        for target in ["generate_bytes", "generate_json"] {
            for file in files(&base.join(target)) {
                let data = std::fs::read(&file).unwrap();
                let input = input_for(target, &data);
                let outcome = std::panic::catch_unwind(|| {
                    support::pipeline_property("fuzz.postman_collection.json", &input)
                });
                replayed += 1;
                match outcome {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => failures.push(format!("{}: {e}", file.display())),
                    Err(_) => failures.push(format!("{}: generate panicked", file.display())),
                }
            }
        }
    }
    assert!(replayed >= 8, "only {replayed} corpus files found");
    assert!(
        failures.is_empty(),
        "{} of {replayed} inputs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
