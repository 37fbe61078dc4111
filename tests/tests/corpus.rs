//! Every real collection in ../shared/corpus parses and generates (v1 files may instead report
//! that v1 is not supported yet; they are counted separately).

use postman_codegen::Error;
use postman_codegen_tests::corpus::corpus_files;

#[test]
fn every_corpus_collection_generates() {
    let Some(files) = corpus_files() else { return };
    assert!(
        files.len() >= 61,
        "expected the 61 corpus collections, found {}",
        files.len()
    );
    let mut generated = 0;
    let mut v1 = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        match postman_codegen::generate(&name, &bytes) {
            Ok(output) => {
                syn::parse_file(&output.code)
                    .unwrap_or_else(|e| panic!("{name}: output is not Rust: {e}"));
                generated += 1;
            }
            Err(Error::UnsupportedV1 { .. }) => v1.push(name),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    eprintln!(
        "corpus: {generated} generated, {} v1 (not supported yet): {}",
        v1.len(),
        v1.join(", ")
    );
    assert!(
        failures.is_empty(),
        "collections that failed:\n{}",
        failures.join("\n")
    );
    // v1 files are exactly the ones SOURCES.tsv lists as v1.
    assert!(
        v1.iter().all(|n| n.starts_with("v1-")),
        "unexpected v1 detections: {v1:?}"
    );
}
