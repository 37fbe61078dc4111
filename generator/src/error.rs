//! The library's one error type and the diagnostics it reports for what it skips.

use std::fmt;

/// What went wrong, and where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not JSON at all.
    #[error("{file}:{line}:{column}: invalid JSON: {message}")]
    Json {
        /// The collection file (as given to the generator).
        file: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser expected.
        message: String,
    },
    /// The JSON does not have the shape of a Postman collection; every problem found is listed.
    #[error("{file}: not a usable Postman collection:\n{}", list(problems))]
    Shape {
        /// The collection file.
        file: String,
        /// Every problem found, in document order.
        problems: Vec<Problem>,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The generated code did not parse as Rust; this is a bug in postman-codegen.
    #[error("{file}: postman-codegen produced invalid Rust ({message}); please report this with the collection")]
    Internal {
        /// The collection file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// Several collections failed; each error is listed.
    #[error("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Multiple {
        /// The errors, one per failed collection.
        errors: Vec<Error>,
    },
    /// A `--check` run found that a file differs from what would be generated.
    #[error("{path} is out of date: regenerate it with `postman-codegen generate {collection} -o {path}`")]
    Stale {
        /// The generated file that differs.
        path: String,
        /// The collection it is generated from.
        collection: String,
    },
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One place where the collection has a shape the generator cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON path of the offending value, such as `$.item[2].request.method`.
    pub path: String,
    /// Name of the request (or folder) the value belongs to, when there is one.
    pub request: Option<String>,
    /// What was expected and what was found.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.request {
            Some(name) => write!(f, "{} (in {:?}): {}", self.path, name, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Something the generator read but could not express, so it left it out or simplified it.
///
/// Build scripts print these as `cargo:warning=`; the CLI prints them on standard error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Short stable kind, such as `script-ignored` or `auth-unsupported`.
    pub kind: &'static str,
    /// JSON path of what was skipped.
    pub path: String,
    /// Name of the request (or folder) it belongs to, when there is one.
    pub request: Option<String>,
    /// What was skipped and what the user can do about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.request {
            Some(name) => write!(
                f,
                "[{}] {} (in {:?}): {}",
                self.kind, self.path, name, self.message
            ),
            None => write!(f, "[{}] {}: {}", self.kind, self.path, self.message),
        }
    }
}
