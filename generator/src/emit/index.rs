//! The index file of a crate's collections: one `pub mod` per collection, documented with the
//! collection's description, that `include!`s the module generated for it.

use super::code::{self as text, Code};

/// One collection's module in the index.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The module's name (a sanitized Rust name).
    pub module: String,
    /// Its documentation (rustdoc-safe markdown).
    pub doc: String,
    /// The generated file it includes, relative to the index.
    pub file: String,
}

/// The index's text, under an `@generated` header; already in prettyplease's layout (doc
/// lines never break, and the other lines have nothing to break).
pub fn write_index(entries: &[IndexEntry]) -> String {
    let mut code = Code::in_buffer(String::new(), 0);
    for entry in entries {
        code.doc(&entry.doc);
        code.open_item(&["pub mod ", &text::ident(&entry.module), " {"]);
        code.unbroken(&["include!(", &text::lit(&entry.file), ");"]);
        code.close("}");
    }
    let mut index = super::header("the collections of this crate", &[]);
    index.push_str(&code.into_text());
    index
}
