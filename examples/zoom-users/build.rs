//! Generates the Zoom users client into `OUT_DIR` on every build where the collection changed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    postman_codegen::Builder::new()
        // The collection this repository keeps. In your own crate, point this at your own
        // export (`collections/api.postman_collection.json`, say), or use
        // `.collections_dir("collections")` for every collection in a folder. The module is
        // named after the file: `zoom_users` here.
        .collection("../../collections/zoom-users.postman_collection.json")
        .run()?;
    Ok(())
}
