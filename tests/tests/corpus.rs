//! Every real collection in ../shared/corpus parses and generates, v1 files included, and the
//! output is valid Rust.

use postman_codegen_tests::corpus::corpus_files;

#[test]
fn every_corpus_collection_generates() {
    let Some(files) = corpus_files() else { return };
    assert!(
        files.len() >= 61,
        "expected the 61 corpus collections, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        match postman_codegen::generate(&name, &bytes) {
            Ok(output) => {
                if let Err(e) = syn::parse_file(&output.code) {
                    failures.push(format!("{name}: output is not Rust: {e}"));
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "collections that failed:\n{}",
        failures.join("\n")
    );
}
