//! Generates one module per `collections/*.postman_collection.json` into `OUT_DIR`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    postman_codegen::Builder::new()
        .collections_dir("../collections")
        .run()?;
    Ok(())
}
