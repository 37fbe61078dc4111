//! The library's one error type and the diagnostics it reports for what it skips.

use std::fmt;

/// What went wrong, and where.
///
/// Its `Debug` is its `Display` (`bad.postman_collection.json:2:1: invalid JSON: ...`), so a
/// build script whose `main` returns the error prints a message a person can read.
#[derive(thiserror::Error)]
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
    /// A `--check` run found no file where the generated one should be.
    #[error(
        "{path} is missing: generate it with `postman-codegen generate {collection} -o {path}`"
    )]
    Missing {
        /// The generated file that is not there.
        path: String,
        /// The collection it is generated from.
        collection: String,
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

impl fmt::Debug for Error {
    /// The same text as `Display`: `main` returning an error prints its `Debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
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

/// Every kind of [`Diagnostic`] the generator reports, in alphabetical order: the names that
/// [`Builder::allow`](crate::Builder::allow) and the CLI's `--allow` accept.
pub const DIAGNOSTIC_KINDS: &[&str] = &[
    "auth-unsupported",
    "body-unsupported",
    "body-untyped",
    "file-field-unsupported",
    "folder-flattened",
    "form-field-repeated",
    "header-skipped",
    "items-read-as-item",
    "method-invalid",
    "order-dangling",
    "paging-not-streamed",
    "response-ignored",
    "response-not-typed",
    "script-ignored",
    "secret-default-omitted",
    "url-credentials-dropped",
    "url-missing",
    "url-variable-unresolved",
];

/// The diagnostics of one kind, counted, with the first few requests they concern: what a
/// summary prints instead of one line per diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticGroup {
    /// The kind, such as `script-ignored`.
    pub kind: &'static str,
    /// How many diagnostics of this kind there are.
    pub count: usize,
    /// The first diagnostic's message, as an example of the kind.
    pub example: String,
    /// The requests (or folders) concerned, each once, in the order met, at most
    /// [`DiagnosticGroup::NAMED`]; `None` stands for the collection itself.
    pub requests: Vec<Option<String>>,
    /// How many more distinct requests there are beyond `requests`.
    pub more_requests: usize,
}

impl DiagnosticGroup {
    /// How many requests a group names.
    pub const NAMED: usize = 3;

    /// `"A", "B", "C" and 7 more` (empty when the kind concerns no request).
    pub fn requests_text(&self) -> String {
        let names: Vec<String> = self
            .requests
            .iter()
            .map(|r| match r {
                Some(name) => format!("{name:?}"),
                None => "the collection".to_owned(),
            })
            .collect();
        let mut text = names.join(", ");
        if self.more_requests > 0 {
            text.push_str(&format!(" and {} more", self.more_requests));
        }
        text
    }
}

/// Groups diagnostics by kind: the most frequent kind first (ties by name).
pub fn group_diagnostics<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> Vec<DiagnosticGroup> {
    let mut groups: Vec<DiagnosticGroup> = Vec::new();
    let mut seen: std::collections::HashMap<
        &'static str,
        std::collections::HashSet<Option<String>>,
    > = std::collections::HashMap::new();
    for diagnostic in diagnostics {
        let index = match groups.iter().position(|g| g.kind == diagnostic.kind) {
            Some(index) => index,
            None => {
                groups.push(DiagnosticGroup {
                    kind: diagnostic.kind,
                    count: 0,
                    example: diagnostic.message.clone(),
                    requests: Vec::new(),
                    more_requests: 0,
                });
                groups.len() - 1
            }
        };
        let Some(group) = groups.get_mut(index) else {
            continue;
        };
        group.count += 1;
        if seen
            .entry(diagnostic.kind)
            .or_default()
            .insert(diagnostic.request.clone())
        {
            if group.requests.len() < DiagnosticGroup::NAMED {
                group.requests.push(diagnostic.request.clone());
            } else {
                group.more_requests += 1;
            }
        }
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(b.kind)));
    groups
}

/// The one-line summary of grouped diagnostics: `12 warnings: 9 script-ignored, 3
/// auth-unsupported` (empty when there are none).
pub fn summary_line(groups: &[DiagnosticGroup]) -> String {
    let total: usize = groups.iter().map(|g| g.count).sum();
    if total == 0 {
        return String::new();
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|g| format!("{} {}", g.count, g.kind))
        .collect();
    format!(
        "{total} warning{}: {}",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(kind: &'static str, request: Option<&str>) -> Diagnostic {
        Diagnostic {
            kind,
            path: "$".to_owned(),
            request: request.map(str::to_owned),
            message: format!("{kind} message"),
        }
    }

    #[test]
    fn groups_count_by_kind_and_name_a_few_requests() {
        let mut all = vec![d("auth-unsupported", Some("x"))];
        for name in ["a", "b", "b", "c", "d", "e"] {
            all.push(d("script-ignored", Some(name)));
        }
        all.push(d("script-ignored", None));
        let groups = group_diagnostics(&all);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].kind, "script-ignored");
        assert_eq!(groups[0].count, 7);
        assert_eq!(groups[0].requests_text(), r#""a", "b", "c" and 3 more"#);
        assert_eq!(
            summary_line(&groups),
            "8 warnings: 7 script-ignored, 1 auth-unsupported"
        );
        assert_eq!(summary_line(&[]), "");
        assert_eq!(summary_line(&groups[1..]), "1 warning: 1 auth-unsupported");
    }

    #[test]
    fn debug_reads_like_display() {
        let error = Error::Json {
            file: "bad.postman_collection.json".to_owned(),
            line: 2,
            column: 0,
            message: "EOF while parsing an object".to_owned(),
        };
        assert_eq!(format!("{error:?}"), error.to_string());
        assert_eq!(
            format!("{error:?}"),
            "bad.postman_collection.json:2:0: invalid JSON: EOF while parsing an object"
        );
    }

    /// Every kind the parser and lowering report is listed in `DIAGNOSTIC_KINDS`.
    #[test]
    fn every_reported_kind_is_listed() {
        let mut sources = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    sources.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let mut found = std::collections::BTreeSet::new();
        for source in &sources {
            for call in ["diag(", "note("] {
                for (at, _) in source.match_indices(call) {
                    let rest = source[at + call.len()..].trim_start();
                    if let Some(rest) = rest.strip_prefix('"') {
                        let kind = &rest[..rest.find('"').unwrap()];
                        if kind.contains('-') {
                            found.insert(kind.to_owned());
                        }
                    }
                }
            }
        }
        let listed: std::collections::BTreeSet<String> =
            DIAGNOSTIC_KINDS.iter().map(|k| (*k).to_owned()).collect();
        assert!(found.len() >= 15, "{found:?}");
        assert_eq!(found, listed);
        let mut sorted = DIAGNOSTIC_KINDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, DIAGNOSTIC_KINDS);
    }
}
