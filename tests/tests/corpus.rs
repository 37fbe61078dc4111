//! Every real collection in ../shared/corpus parses and generates, v1 files included, and the
//! output is valid Rust, formatted exactly as prettyplease formats the whole file. Written to a
//! file as it is generated, it is the same text.

use postman_codegen_tests::corpus::corpus_files;

#[test]
fn every_corpus_collection_generates() {
    let Some(files) = corpus_files() else { return };
    assert!(
        files.len() >= 61,
        "expected the 61 corpus collections, found {}",
        files.len()
    );
    let dir = tempfile::tempdir().unwrap();
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
                    if let Err(problem) = streamed_the_same(dir.path(), &name, &bytes, &output) {
                        failures.push(format!("{name}: {problem}"));
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

/// `generate_to` a [`ChangedFile`](postman_codegen::ChangedFile) writes what `generate` returns,
/// with the same diagnostics, whether the bytes are lent or given; a second run finds the file
/// unchanged and leaves it alone.
fn streamed_the_same(
    dir: &std::path::Path,
    name: &str,
    bytes: &[u8],
    expected: &postman_codegen::Generated,
) -> Result<(), String> {
    let target = dir.join("client.rs");
    let _ = std::fs::remove_file(&target);
    let options = postman_codegen::Options::default();
    for round in 0..2 {
        let mut file = postman_codegen::ChangedFile::new(&target);
        // Borrowed bytes, then given ones (freed once parsed).
        let summary = if round == 0 {
            postman_codegen::generate_to(name, bytes, &options, &mut file)
        } else {
            postman_codegen::generate_to(name, bytes.to_vec(), &options, &mut file)
        }
        .map_err(|e| e.to_string())?;
        let changed = file.finish().map_err(|e| e.to_string())?;
        if changed != (round == 0) {
            return Err(format!("round {round}: the file changed: {changed}"));
        }
        if summary.diagnostics != expected.diagnostics || summary.module_doc != expected.module_doc
        {
            return Err("generate_to reports other diagnostics or docs".to_owned());
        }
        if std::fs::read_to_string(&target).map_err(|e| e.to_string())? != expected.code {
            return Err("generate_to wrote other code than generate returns".to_owned());
        }
    }
    Ok(())
}
