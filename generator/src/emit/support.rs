//! The private helpers every generated client shares (`ApiResponse`, `FilePart`, `Failure`,
//! `Fault`, `Call`, `Fields`, ...): the text of `support.rs.in`, with the parts the module does
//! not use left out.
//!
//! They used to be built as tokens and printed by prettyplease like any item the text path does
//! not model. That cost about 12 million instructions a run (syn parsing its own tokens, mostly):
//! a twentieth of a large client's generation, a quarter of a small one's. The template is the
//! text prettyplease prints for them, so the output is the same; the tests check it is exactly
//! that text, under every combination of flags.

use crate::ir::Module;

use super::Needs;

/// The helpers, as prettyplease prints them; see the file's own notes for its directives.
const TEMPLATE: &str = include_str!("support.rs.in");

/// The helpers `module` uses, given what its items need.
pub(super) fn support_text(module: &Module, needs: &Needs) -> String {
    render(TEMPLATE, |flag| match flag {
        "file_part" => module.file_part,
        "failure" => needs.failure,
        "status" => needs.failure_status,
        "call" => needs.call,
        "signer" => module.client.signer,
        "variables" => !module.client.variables.is_empty(),
        "fields" => needs.fields,
        "json_text" => needs.json_text,
        "graphql" => needs.graphql,
        _ => false,
    })
}

/// The template's lines, those under a false `//@if` (or a true one's `//@else`) left out, and
/// without the directive and note lines.
fn render(template: &str, on: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(template.len());
    // For each open `//@if`: whether its parent is written, and its flag.
    let mut open: Vec<(bool, bool)> = Vec::new();
    let mut writing = true;
    for line in template.lines() {
        if let Some(flag) = line.strip_prefix("//@if ") {
            let value = on(flag.trim());
            open.push((writing, value));
            writing = writing && value;
        } else if line == "//@else" {
            if let Some(&(parent, value)) = open.last() {
                writing = parent && !value;
            }
        } else if line == "//@end" {
            if let Some((parent, _)) = open.pop() {
                writing = parent;
            }
        } else if writing && !line.starts_with("//#") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{render, TEMPLATE};

    /// The flags [`super::support_text`] sets.
    const FLAGS: [&str; 9] = [
        "file_part",
        "failure",
        "status",
        "call",
        "signer",
        "variables",
        "fields",
        "json_text",
        "graphql",
    ];

    /// Every `//@if` names a known flag and is closed; `//@else` only inside one.
    #[test]
    fn the_template_is_well_formed() {
        let mut depth = 0usize;
        for (n, line) in TEMPLATE.lines().enumerate() {
            if let Some(flag) = line.strip_prefix("//@if ") {
                assert!(FLAGS.contains(&flag.trim()), "line {}: {line}", n + 1);
                depth += 1;
            } else if line == "//@else" {
                assert!(depth > 0, "line {}: //@else outside //@if", n + 1);
            } else if line == "//@end" {
                assert!(depth > 0, "line {}: //@end without //@if", n + 1);
                depth -= 1;
            } else {
                assert!(!line.starts_with("//@"), "line {}: {line}", n + 1);
            }
        }
        assert_eq!(depth, 0, "an //@if is not closed");
    }

    /// Under every combination of flags the text is exactly what prettyplease prints for it:
    /// what the token path would have written.
    #[test]
    fn every_combination_is_what_prettyplease_prints() {
        for bits in 0u32..(1 << FLAGS.len()) {
            let on = |flag: &str| {
                FLAGS
                    .iter()
                    .position(|f| *f == flag)
                    .is_some_and(|i| bits & (1 << i) != 0)
            };
            let text = render(TEMPLATE, on);
            let tokens: proc_macro2::TokenStream = match text.parse() {
                Ok(tokens) => tokens,
                Err(error) => panic!("flags {bits:#b}: the text does not lex: {error}"),
            };
            let printed = match crate::format::format_body(tokens, "support.rs.in") {
                Ok(printed) => printed,
                Err(error) => panic!("flags {bits:#b}: {error}"),
            };
            if printed != text {
                let line = printed
                    .lines()
                    .zip(text.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "flags {bits:#b}: prettyplease prints line {} as\n{}\nnot\n{}",
                    line + 1,
                    printed.lines().nth(line).unwrap_or_default(),
                    text.lines().nth(line).unwrap_or_default()
                );
            }
        }
    }

    #[test]
    fn directives_keep_and_drop_what_they_enclose() {
        let template =
            "a\n//# note\n//@if x\nb\n//@if y\nc\n//@else\nd\n//@end\n//@else\ne\n//@end\nf\n";
        let text = |x: bool, y: bool| {
            render(template, |flag| match flag {
                "x" => x,
                "y" => y,
                _ => false,
            })
        };
        assert_eq!(text(true, true), "a\nb\nc\nf\n");
        assert_eq!(text(true, false), "a\nb\nd\nf\n");
        assert_eq!(text(false, true), "a\ne\nf\n");
        assert_eq!(text(false, false), "a\ne\nf\n");
    }
}
