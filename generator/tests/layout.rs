//! The source tree keeps the shape the design gives it: files short enough to read, and the
//! pipeline in one direction (parse → lower → IR → emit → render → write), no stage naming a
//! later one.

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 1_200;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_source_file_is_over_the_line_limit() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    assert!(files.len() > 20, "only {} files found", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", path.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines: {long:?}; split them where their sections are"
    );
}

/// Whether `text` names the crate's module `module`: `crate::module..`, or `module` inside a
/// `use crate::{..}` group; not a module whose name merely starts the same.
fn names_module(text: &str, module: &str) -> bool {
    let starts = |rest: &str| {
        rest.strip_prefix(module).is_some_and(|after| {
            !after
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let direct = text
        .match_indices("crate::")
        .any(|(at, found)| starts(&text[at + found.len()..]));
    let grouped = text.match_indices("crate::{").any(|(at, found)| {
        let inner = &text[at + found.len()..];
        let mut depth = 0usize;
        let mut item_start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return starts(inner[item_start..i].trim_start()),
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    if starts(inner[item_start..i].trim_start()) {
                        return true;
                    }
                    item_start = i + 1;
                }
                _ => {}
            }
        }
        false
    });
    direct || grouped
}

#[test]
fn no_stage_names_a_later_one() {
    // Each stage (a folder or a file of src/), and the modules it must not name.
    let later = |modules: &[&'static str]| modules.to_vec();
    let rules: Vec<(&str, Vec<&str>)> = vec![
        (
            "parse",
            later(&[
                "lower", "ir", "emit", "render", "write", "builder", "inspect",
            ]),
        ),
        (
            "model.rs",
            later(&[
                "lower", "ir", "emit", "render", "write", "builder", "inspect",
            ]),
        ),
        (
            "lower",
            later(&["emit", "render", "write", "builder", "inspect"]),
        ),
        (
            "ir.rs",
            later(&["lower", "emit", "render", "write", "builder", "inspect"]),
        ),
        ("emit", later(&["render", "write", "builder", "inspect"])),
        ("render", later(&["write", "builder", "inspect"])),
    ];
    let mut broken = Vec::new();
    for (stage, forbidden) in &rules {
        let path = src().join(stage);
        let mut files = Vec::new();
        if path.is_dir() {
            sources(&path, &mut files);
        } else {
            files.push(path);
        }
        assert!(!files.is_empty(), "no sources for the stage {stage}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for module in forbidden {
                if names_module(&text, module) {
                    broken.push(format!("{} names crate::{module}", file.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "a stage names a later one (move what both need to the earlier stage or a shared module): {broken:#?}"
    );
}

#[test]
fn the_check_finds_what_it_looks_for() {
    assert!(names_module("use crate::emit::Code;", "emit"));
    assert!(names_module("use crate::{ir::Module, emit};", "emit"));
    assert!(names_module(
        "use crate::{\n    emit::{Code, Units},\n    ir,\n};",
        "emit"
    ));
    assert!(names_module("crate::render;", "render"));
    assert!(!names_module("crate::emitter::x", "emit"));
    assert!(!names_module("use crate::{ir::Module, names};", "emit"));
    assert!(!names_module("use crate::ir::Module;", "emit"));
}
