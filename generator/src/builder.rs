//! The build-script face: a prost-build style builder that turns collections into modules.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::names::{module_name, Case, UniqueNames, COLLECTION_SUFFIX};
use crate::write::{write_if_changed, ChangedFile};

/// Generates one module per collection into `OUT_DIR`, for use from `build.rs`.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     postman_codegen::Builder::new()
///         .collections_dir("collections")
///         .run()?;
///     Ok(())
/// }
/// ```
///
/// and in `src/lib.rs`:
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/collections.rs"));
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    files: Vec<(PathBuf, Option<String>)>,
    dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    index: String,
    cargo: bool,
    options: crate::Options,
    environments: Vec<PathBuf>,
    allow: Vec<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// What a [`Builder::run`] produced.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Each module: its name and the file written for it.
    pub modules: Vec<(String, PathBuf)>,
    /// The index file that declares every module.
    pub index: PathBuf,
    /// What the generator skipped, per collection file (but the kinds
    /// [`allowed`](Builder::allow)).
    pub diagnostics: Vec<(PathBuf, Diagnostic)>,
    /// Files in the collections directories that were not read because they are not named
    /// `*.postman_collection.json`.
    pub skipped_files: Vec<PathBuf>,
}

impl Builder {
    /// A builder with no collections, writing to `OUT_DIR`.
    pub fn new() -> Self {
        Builder {
            files: Vec::new(),
            dirs: Vec::new(),
            out_dir: None,
            index: "collections.rs".to_owned(),
            cargo: true,
            options: crate::Options::default(),
            environments: Vec::new(),
            allow: Vec::new(),
        }
    }

    /// Adds one collection file; its module is named after the file.
    pub fn collection(mut self, path: impl Into<PathBuf>) -> Self {
        self.files.push((path.into(), None));
        self
    }

    /// Adds one collection file under the given module name.
    pub fn collection_as(mut self, path: impl Into<PathBuf>, module: &str) -> Self {
        self.files.push((path.into(), Some(module.to_owned())));
        self
    }

    /// Adds every `*.postman_collection.json` in `dir` (not recursive), in file-name order.
    /// A file added to the directory later is picked up on the next build.
    ///
    /// Other files there are not read: each is named in a `cargo:warning` (hidden files,
    /// such as `.gitkeep`, and directories excepted), since a collection exported as
    /// `api.json` would otherwise be left out without a word. Rename it, or add it with
    /// [`collection`](Builder::collection).
    pub fn collections_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Names the index file (default `collections.rs`).
    pub fn index_file(mut self, name: &str) -> Self {
        self.index = name.to_owned();
        self
    }

    /// Whether the generated structs also derive `Clone` and `PartialEq` (default: no; see
    /// [`Options::derive_clone_eq`](crate::Options::derive_clone_eq)).
    pub fn derive_clone_eq(mut self, enabled: bool) -> Self {
        self.options.derive_clone_eq = enabled;
        self
    }

    /// Whether each module also has a blocking face, `blocking::Client`, whose methods are the
    /// async client's as plain functions (default: no; see
    /// [`Options::blocking`](crate::Options::blocking)). The crate then needs postman-runtime's
    /// `blocking` feature.
    pub fn blocking(mut self, enabled: bool) -> Self {
        self.options.blocking = enabled;
        self
    }

    /// Reads a Postman environment (`*.postman_environment.json`) whose non-secret values are
    /// the defaults of every collection's variables (the base URL, `Client::with_variable`);
    /// several may be given, later ones winning (see
    /// [`Options::environments`](crate::Options::environments)). Secret values are never
    /// written into the code.
    pub fn environment(mut self, path: impl Into<PathBuf>) -> Self {
        self.environments.push(path.into());
        self
    }

    /// Silences the diagnostics of these kinds (see [`DIAGNOSTIC_KINDS`](crate::DIAGNOSTIC_KINDS)),
    /// such as `script-ignored` for a collection whose test scripts you know are not run:
    /// they are neither printed as `cargo:warning` nor listed in [`Report::diagnostics`].
    /// A kind that is not one of those is reported with a `cargo:warning`.
    ///
    /// ```no_run
    /// postman_codegen::Builder::new()
    ///     .collections_dir("collections")
    ///     .allow(["script-ignored", "auth-unsupported"])
    ///     .run()?;
    /// # Ok::<(), postman_codegen::Error>(())
    /// ```
    pub fn allow<I, S>(mut self, kinds: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allow.extend(kinds.into_iter().map(Into::into));
        self
    }

    /// Whether to print `cargo:rerun-if-changed` and `cargo:warning` lines (default: yes).
    pub fn cargo_metadata(mut self, enabled: bool) -> Self {
        self.cargo = enabled;
        self
    }

    /// Generates every module, writes each file only if its content changed, and writes the
    /// index. Every collection is tried; all failures are reported together.
    pub fn run(mut self) -> Result<Report> {
        let out_dir = match self.out_dir.clone() {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Io {
                    path: "OUT_DIR".to_owned(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "OUT_DIR is not set: call Builder::run from build.rs or set Builder::out_dir",
                    ),
                })?,
        };
        for kind in &self.allow {
            if self.cargo && !crate::DIAGNOSTIC_KINDS.contains(&kind.as_str()) {
                println!(
                    "cargo:warning=Builder::allow: `{}` is not a diagnostic kind (known: {})",
                    kind.replace(['\n', '\r'], " "),
                    crate::DIAGNOSTIC_KINDS.join(", ")
                );
            }
        }
        let (files, skipped_files) = self.find_collections()?;
        for path in std::mem::take(&mut self.environments) {
            if self.cargo {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            let bytes = fs::read(&path).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
            let source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            self.options = std::mem::take(&mut self.options).environment(source, bytes);
        }
        let (mut report, index) = self.generate_all(files, &out_dir)?;
        report.index = self.write_index(&index, &out_dir)?;
        report.skipped_files = skipped_files;
        Ok(report)
    }

    /// Step 1: the collections to generate, given one by one and found in the directories,
    /// and the other files found there (each reported).
    #[allow(clippy::type_complexity)]
    fn find_collections(&self) -> Result<(Vec<(PathBuf, Option<String>)>, Vec<PathBuf>)> {
        let mut files = self.files.clone();
        let mut skipped = Vec::new();
        for dir in &self.dirs {
            if self.cargo {
                println!("cargo:rerun-if-changed={}", dir.display());
            }
            let entries = fs::read_dir(dir).map_err(|source| Error::Io {
                path: dir.display().to_string(),
                source,
            })?;
            let (mut found, mut others): (Vec<PathBuf>, Vec<PathBuf>) = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    !p.is_dir()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .partition(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().ends_with(COLLECTION_SUFFIX))
                });
            found.sort();
            others.sort();
            files.extend(found.into_iter().map(|p| (p, None)));
            for other in &others {
                if self.cargo {
                    let line = format!(
                        "{}: not read: only files named `*{COLLECTION_SUFFIX}` are collections (rename it, or add it with Builder::collection)",
                        other.display()
                    );
                    println!("cargo:warning={}", line.replace(['\n', '\r'], " "));
                }
            }
            skipped.extend(others);
        }
        Ok((files, skipped))
    }

    /// Step 2: each collection's module, written into `out_dir` when its text changed; all
    /// problems are collected before failing.
    fn generate_all(
        &self,
        files: Vec<(PathBuf, Option<String>)>,
        out_dir: &Path,
    ) -> Result<(Report, Vec<crate::emit::IndexEntry>)> {
        let mut report = Report::default();
        let mut errors = Vec::new();
        let mut modules = UniqueNames::new();
        let mut index = Vec::new();
        for (path, module) in files {
            if self.cargo {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            let module = modules.unique(&module.unwrap_or_else(|| module_name(&path)), Case::Snake);
            let source_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            let bytes = match fs::read(&path) {
                Ok(bytes) => bytes,
                Err(source) => {
                    errors.push(Error::Io {
                        path: path.display().to_string(),
                        source,
                    });
                    continue;
                }
            };
            let file_name = format!("{module}.rs");
            let target = out_dir.join(&file_name);
            // Written as it is generated (memory never holds the whole client); the bytes are
            // freed once parsed.
            let mut file = ChangedFile::new(&target);
            let generated = match crate::generate_to(&source_name, bytes, &self.options, &mut file)
            {
                Ok(generated) => generated,
                Err(Error::Io { source, .. }) => {
                    return Err(Error::Io {
                        path: target.display().to_string(),
                        source,
                    })
                }
                Err(error) => {
                    errors.push(error);
                    continue;
                }
            };
            file.finish().map_err(|source| Error::Io {
                path: target.display().to_string(),
                source,
            })?;
            let diagnostics: Vec<Diagnostic> = generated
                .diagnostics
                .into_iter()
                .filter(|d| !self.allow.iter().any(|kind| kind == d.kind))
                .collect();
            if self.cargo {
                // One line per kind, not one per diagnostic: a collection with 40 test scripts
                // would print 40 lines on every build.
                for line in warning_lines(&source_name, &diagnostics) {
                    println!("cargo:warning={line}");
                }
            }
            report
                .diagnostics
                .extend(diagnostics.into_iter().map(|d| (path.clone(), d)));
            index.push(crate::emit::IndexEntry {
                module: module.clone(),
                doc: generated.module_doc,
                file: file_name,
            });
            report.modules.push((module, target));
        }
        if !errors.is_empty() {
            return Err(if errors.len() == 1 {
                errors.remove(0)
            } else {
                Error::Multiple { errors }
            });
        }
        Ok((report, index))
    }

    /// Step 3: the index file that `include!`s every module, written when its text changed.
    fn write_index(&self, index: &[crate::emit::IndexEntry], out_dir: &Path) -> Result<PathBuf> {
        let index_text = crate::emit::write_index(index);
        let index_path = out_dir.join(&self.index);
        write_if_changed(&index_path, &index_text)?;
        Ok(index_path)
    }
}

/// The `cargo:warning` lines for one collection's diagnostics: one per kind, with its count,
/// the first message and a few of the requests concerned, each on one line.
fn warning_lines(source_name: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    crate::error::group_diagnostics(diagnostics)
        .iter()
        .map(|group| {
            let line = if group.count == 1 {
                let request = match group.requests.first() {
                    Some(Some(name)) => format!(" (in {name:?})"),
                    _ => String::new(),
                };
                format!("{source_name}: [{}]{request}: {}", group.kind, group.example)
            } else {
                format!(
                    "{source_name}: {} × [{}], in {}; for example: {} (silence with Builder::allow([\"{}\"]))",
                    group.count,
                    group.kind,
                    group.requests_text(),
                    group.example,
                    group.kind
                )
            };
            line.replace(['\n', '\r'], " ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_one_line_per_kind() {
        let diagnostics: Vec<Diagnostic> = (0..40)
            .map(|i| Diagnostic {
                kind: "script-ignored",
                path: format!("$.item[{i}]"),
                request: Some(format!("request {i}")),
                message: "test script is not run\nby the client".to_owned(),
            })
            .chain(std::iter::once(Diagnostic {
                kind: "auth-unsupported",
                path: "$.auth".to_owned(),
                request: None,
                message: "hawk auth".to_owned(),
            }))
            .collect();
        let lines = warning_lines("api.postman_collection.json", &diagnostics);
        assert_eq!(
            lines,
            [
                "api.postman_collection.json: 40 × [script-ignored], in \"request 0\", \"request 1\", \"request 2\" and 37 more; for example: test script is not run by the client (silence with Builder::allow([\"script-ignored\"]))",
                "api.postman_collection.json: [auth-unsupported]: hawk auth",
            ]
        );
    }

    #[test]
    fn allowed_kinds_are_left_out_and_other_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let collections = dir.path().join("collections");
        std::fs::create_dir(&collections).unwrap();
        std::fs::write(
            collections.join("a.postman_collection.json"),
            r#"{"info": {"name": "a"}, "event": [{"listen": "test", "script": {"exec": ["x"]}}],
                "item": [{"name": "r", "request": {"method": "GET", "url": "https://example.com/x"}}]}"#,
        )
        .unwrap();
        std::fs::write(collections.join("api.json"), "{}").unwrap();
        std::fs::write(collections.join(".gitkeep"), "").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let report = Builder::new()
            .collections_dir(&collections)
            .out_dir(&out)
            .cargo_metadata(false)
            .run()
            .unwrap();
        assert_eq!(report.modules.len(), 1);
        assert!(report
            .diagnostics
            .iter()
            .any(|(_, d)| d.kind == "script-ignored"));
        assert_eq!(report.skipped_files, [collections.join("api.json")]);
        let report = Builder::new()
            .collections_dir(&collections)
            .out_dir(&out)
            .cargo_metadata(false)
            .allow(["script-ignored"])
            .run()
            .unwrap();
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    }
}
