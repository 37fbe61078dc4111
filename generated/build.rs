//! Generates one module per `collections/*.postman_collection.json` into `OUT_DIR`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    postman_codegen::Builder::new()
        .collections_dir("../collections")
        // The end-to-end tests compare responses with `assert_eq!`; this also keeps the
        // option's output compiled and linted (the snapshots pin the default).
        .derive_clone_eq(true)
        // The blocking face of every module, compiled and linted with the rest (tests/tests/
        // blocking_e2e.rs drives Zoom users'); the snapshots pin the default.
        .blocking(true)
        .run()?;
    Ok(())
}
