//! One snapshot per collection in `collections/`: the exact source the generator produces.
//!
//! A changed snapshot is a change of behaviour: review it (`cargo insta review`) and say what
//! changed in the commit message.

use postman_codegen_tests::corpus::own_collections;

#[test]
fn generated_source_of_every_collection() {
    let files = own_collections();
    assert!(!files.is_empty(), "no collections found in collections/");
    for path in files {
        let name = postman_codegen::module_name(&path);
        let bytes = std::fs::read(&path).unwrap();
        let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
        let generated = postman_codegen::generate(&file_name, &bytes)
            .unwrap_or_else(|e| panic!("{file_name}: {e}"));
        insta::assert_snapshot!(name.as_str(), generated.code);
        let diagnostics: Vec<String> = generated
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        insta::assert_snapshot!(format!("{name}.diagnostics"), diagnostics.join("\n"));
    }
}

#[test]
fn generation_is_deterministic() {
    for path in own_collections() {
        let bytes = std::fs::read(&path).unwrap();
        let a = postman_codegen::generate("c.json", &bytes).unwrap().code;
        let b = postman_codegen::generate("c.json", &bytes).unwrap().code;
        assert_eq!(a, b, "{}", path.display());
    }
}

/// The Zoom users module with its blocking face (`Builder::blocking`): the module of the
/// snapshot above, plus `pub mod blocking` and the `blocking` feature in the header.
#[test]
fn zoom_users_with_the_blocking_face() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../collections/zoom-users.postman_collection.json");
    let bytes = std::fs::read(&path).unwrap();
    let options = postman_codegen::Options::default().blocking(true);
    let generated =
        postman_codegen::generate_with("zoom-users.postman_collection.json", &bytes, &options)
            .unwrap();
    assert_eq!(generated.runtime_features, ["blocking"]);
    insta::assert_snapshot!("zoom_users.blocking", generated.code);
}
