//! postman-codegen turns a Postman collection (v1, v2.0 or v2.1) into one typed Rust HTTP client
//! module: a `Client` with one async method per request, typed request bodies and responses
//! inferred from the saved examples, one error enum per request, and doc comments taken from
//! the collection's descriptions; and, with [`Options::blocking`] ([`Builder::blocking`]), a
//! `blocking::Client` with the same methods as plain functions, for code without an async
//! runtime.
//!
//! Use it from a build script, so the client is regenerated whenever the collection changes:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     postman_codegen::Builder::new()
//!         .collections_dir("collections")
//!         .run()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: one module per `collections/*.postman_collection.json`
//! include!(concat!(env!("OUT_DIR"), "/collections.rs"));
//! ```
//!
//! or generate a file once with the CLI: `postman-codegen generate api.postman_collection.json -o src/api.rs`.
//!
//! The generated code needs, in the consuming crate, `postman-runtime` (the run-time crate
//! every generated client shares: the request builder, `ApiResponse`, errors, credentials; its
//! version is this crate's, and a mismatch is a compile error that says so), `reqwest` 0.13
//! (features `json`, `multipart`, `query`, `form`), `serde` (with `derive`) and `serde_json`.
//! A collection whose requests are signed (OAuth 1.0a, Digest, AWS Signature V4, Hawk, Akamai
//! EdgeGrid) needs postman-runtime's feature for each scheme: the module's header names them.
//!
//! The pipeline runs one stage per module, each reading only the one before: `parse` reads
//! JSON (Postman v1, v2.0 and v2.1) leniently into a model, `lower` resolves names, infers types
//! and converts descriptions into an IR, `emit` writes each item of the IR as text, `render`
//! lays the items out in chunks (on several threads for large collections) and [`generate_to`]
//! writes them as they come, so memory never holds the whole module.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod builder;
mod emit;
mod error;
mod inspect;
mod ir;
mod lower;
mod model;
mod names;
mod parse;
mod render;
#[cfg(test)]
mod test_corpus;
mod workers;
mod write;

pub use builder::{Builder, Report};
pub use emit::RUNTIME_INTERFACE;
pub use error::{
    group_diagnostics, summary_line, Diagnostic, DiagnosticGroup, Error, Problem, Result,
    DIAGNOSTIC_KINDS,
};
pub use inspect::{inspect, DiagnosticInfo, Fidelity, Inspection, OperationInfo};
pub use names::{module_name, COLLECTION_SUFFIX};
pub use write::{write_if_changed, ChangedFile};

/// How the generated code is shaped, beyond what the collection says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Also derive `Clone` and `PartialEq` on the generated structs (bodies, responses,
    /// optional arguments). Off by default: nothing in the client needs them, and on a large
    /// collection they cost a noticeable part of its compile time.
    pub derive_clone_eq: bool,
    /// Also generate the blocking face: a `blocking` module with a `blocking::Client` whose
    /// methods are those of `Client` as plain functions that return the result, for code
    /// without an async runtime (retries, timeouts and every other guarantee included). It
    /// needs postman-runtime's `blocking` feature, which the module's header then names. Off
    /// by default.
    pub blocking: bool,
    /// Postman environments (`*.postman_environment.json`), in order: their non-secret values
    /// are the defaults of the collection's variables (the base URL, `Client::with_variable`),
    /// later ones winning. Secret values (type `secret`, or a secret-looking name) are never
    /// written into the code: the client takes them at run time.
    pub environments: Vec<Environment>,
}

/// A Postman environment file's name (for errors) and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The file's name, as errors name it.
    pub source: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl Options {
    /// Sets [`Options::derive_clone_eq`].
    pub fn derive_clone_eq(mut self, enabled: bool) -> Self {
        self.derive_clone_eq = enabled;
        self
    }

    /// Sets [`Options::blocking`].
    pub fn blocking(mut self, enabled: bool) -> Self {
        self.blocking = enabled;
        self
    }

    /// Adds an environment (see [`Options::environments`]); later ones win.
    pub fn environment(mut self, source: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        self.environments.push(Environment {
            source: source.into(),
            bytes: bytes.into(),
        });
        self
    }
}

/// One generated module.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust source, starting with the `@generated` header.
    pub code: String,
    /// Documentation for the module that includes `code` (from the collection's description).
    pub module_doc: String,
    /// What the generator skipped or simplified.
    pub diagnostics: Vec<Diagnostic>,
    /// The cargo features of postman-runtime the code needs (its signing schemes, and
    /// `blocking` for the blocking face), sorted.
    pub runtime_features: Vec<&'static str>,
}

/// Generates the client module for a collection. `source_name` names the collection in the
/// `@generated` header and in errors (pass the file name, not a machine-specific path).
///
/// A module with 64 or more requests is formatted on up to 8 threads (as many as the machine
/// has); the environment variable `POSTMAN_CODEGEN_THREADS` sets the number (`1`: none but the
/// caller's). The output does not depend on it.
pub fn generate(source_name: &str, input: &[u8]) -> Result<Generated> {
    generate_with(source_name, input, &Options::default())
}

/// [`generate`] with [`Options`].
pub fn generate_with(source_name: &str, input: &[u8], options: &Options) -> Result<Generated> {
    let mut code = String::new();
    let summary = generate_into(source_name, input.into(), options, &mut |text| {
        code.push_str(text);
        Ok(())
    })?;
    Ok(Generated {
        code,
        module_doc: summary.module_doc,
        diagnostics: summary.diagnostics,
        runtime_features: summary.runtime_features,
    })
}

/// What [`generate_to`] reports besides the code, which it writes.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Documentation for the module that includes the code (from the collection's description).
    pub module_doc: String,
    /// What the generator skipped or simplified.
    pub diagnostics: Vec<Diagnostic>,
    /// The cargo features of postman-runtime the code needs (its signing schemes: `oauth1`,
    /// `digest`, `aws-sigv4`, `hawk`, `edgegrid`; and `blocking` for the blocking face),
    /// sorted; the module's header names them too.
    pub runtime_features: Vec<&'static str>,
}

/// [`generate_with`], writing the code to `out` as it is generated instead of returning it, so
/// that memory never holds all of it: a build script or the CLI writing a large client needs
/// a few chunks of its text at a time. The code is the same, byte for byte.
///
/// `input` may be borrowed (`&[u8]`, `&Vec<u8>`) or given (`Vec<u8>`): given bytes are freed
/// as soon as they are parsed, so they are not held while the code is built and written.
///
/// Pass a [`ChangedFile`] to write a file only when its text changes. On an error, `out` may
/// have been given the first part of the code (a [`ChangedFile`] dropped without
/// [`finish`](ChangedFile::finish) leaves the old file as it was). A failed write is reported
/// as [`Error::Io`] with the path `output of <source_name>`.
pub fn generate_to<'i>(
    source_name: &str,
    input: impl Into<std::borrow::Cow<'i, [u8]>>,
    options: &Options,
    out: &mut dyn std::io::Write,
) -> Result<Summary> {
    let io = |source| Error::Io {
        path: format!("output of {source_name}"),
        source,
    };
    let summary = generate_into(source_name, input.into(), options, &mut |text| {
        out.write_all(text.as_bytes()).map_err(io)
    })?;
    out.flush().map_err(io)?;
    Ok(summary)
}

/// The pipeline, passing the code to `sink` a chunk at a time.
fn generate_into(
    source_name: &str,
    input: std::borrow::Cow<'_, [u8]>,
    options: &Options,
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<Summary> {
    let mut collection = parse::parse(source_name, &input)?;
    // The model holds its own copies: bytes given to the generator are not needed any more.
    drop(input);
    for environment in &options.environments {
        let values = parse::environment(&environment.source, &environment.bytes)?;
        collection.apply_environment(values);
    }
    // Lowering consumes the collection: it is freed as the IR is built.
    let (module, diagnostics) = lower::lower(collection, source_name);
    let style = emit::Style {
        derive_clone_eq: options.derive_clone_eq,
        blocking: options.blocking,
    };
    render::render(&module, source_name, &style, sink)?;
    Ok(Summary {
        runtime_features: emit::runtime_features(&module, &style),
        module_doc: module.doc,
        diagnostics,
    })
}
