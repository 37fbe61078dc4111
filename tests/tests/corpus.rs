//! Every real collection in ../shared/corpus parses and generates, v1 files included, and the
//! output is valid Rust, formatted exactly as prettyplease formats the whole file.

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
            Ok(output) => match syn::parse_file(&output.code) {
                Err(e) => failures.push(format!("{name}: output is not Rust: {e}")),
                // Formatted item by item (and on several threads), the module must read exactly
                // as prettyplease prints it whole. The header's comment lines are not in the tree.
                Ok(file) => {
                    let body = output.code.split_once("\n\n").map_or("", |(_, body)| body);
                    let whole = prettyplease::unparse(&file);
                    if whole != body {
                        let line = whole.lines().zip(body.lines()).position(|(a, b)| a != b);
                        failures.push(format!(
                            "{name}: differs from whole-file formatting at body line {line:?}"
                        ));
                    }
                }
            },
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "collections that failed:\n{}",
        failures.join("\n")
    );
}
