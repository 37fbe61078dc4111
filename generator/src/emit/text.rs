//! The fast path of emission: items whose layout is fixed are written as text, exactly as
//! prettyplease would print them, instead of being built as tokens, parsed and printed.
//!
//! Printing is most of the generator's time and prettyplease decides where long lines break.
//! A [`Code`] therefore only writes lines short enough that prettyplease could not have broken
//! them (see [`MARGIN`]); when a line is longer, the item is marked and built the slow way
//! instead, so the output is the same either way. A test compares both paths over the corpus.

use std::fmt::Write as _;

use crate::ir::TypeRef;
use crate::names::to_ident;

/// prettyplease's margin: it breaks a line whose text (after the indentation) is longer than
/// this minus the indentation, or than [`MIN_SPACE`] if that is more.
const MARGIN: usize = 89;
/// The least room prettyplease gives a line, however deep it is indented.
const MIN_SPACE: usize = 60;

/// An item's text, built line by line at the indentation of the scope it goes in.
pub struct Code {
    out: String,
    /// Indentation of the next line, in spaces.
    indent: usize,
    /// Every line so far is short enough (see [`MARGIN`]).
    fits: bool,
}

impl Code {
    /// An empty item nested `depth` containers deep.
    pub fn new(depth: usize) -> Self {
        Code {
            out: String::with_capacity(1024),
            indent: depth * 4,
            fits: true,
        }
    }

    /// Whether the text is what prettyplease prints; if not, the item must be built as tokens.
    pub fn fits(&self) -> bool {
        self.fits
    }

    /// Marks the item as one the fast path does not lay out.
    pub fn give_up(&mut self) {
        self.fits = false;
    }

    /// The text, once [`Code::fits`] says it is right.
    pub fn into_text(self) -> String {
        self.out
    }

    fn start_line(&mut self) -> usize {
        let start = self.out.len();
        for _ in 0..self.indent {
            self.out.push(' ');
        }
        start
    }

    fn end_line(&mut self, start: usize) {
        let text = self.out.len() - start - self.indent;
        if text > MARGIN.saturating_sub(self.indent).max(MIN_SPACE) {
            self.fits = false;
        }
        self.out.push('\n');
    }

    /// Whether a line of `len` bytes at the current indentation is one prettyplease leaves whole.
    fn room_for(&self, len: usize) -> bool {
        len <= MARGIN.saturating_sub(self.indent).max(MIN_SPACE)
    }

    /// Opens an impl block: `impl... Trait for Type {` on one line, or, when that is too long,
    /// broken before `for` as prettyplease does.
    pub fn open_impl(&mut self, head: &str, self_ty: &str) {
        let len = head.len() + " for ".len() + self_ty.len();
        if self.room_for(len) && !self.room_for(len + " {".len()) {
            // Whether prettyplease counts the brace here is not pinned down: leave it the
            // token path.
            return self.give_up();
        }
        if self.room_for(len + " {".len()) {
            self.open(&[head, " for ", self_ty, " {"]);
        } else {
            self.line(&[head]);
            self.open(&["for ", self_ty, " {"]);
        }
    }

    /// Opens a function: `head` (`fn name(`), its parameters and `tail` (`) -> T {`) on one
    /// line, or one parameter a line when that is too long.
    pub fn open_fn(&mut self, head: &str, params: &[&str], tail: &str) {
        let len = head.len() + params.iter().map(|p| p.len() + 2).sum::<usize>() + tail.len()
            - if params.is_empty() { 0 } else { 2 };
        if self.room_for(len - " {".len()) && !self.room_for(len) {
            // As in `open_impl`.
            return self.give_up();
        }
        if self.room_for(len) {
            self.line_fmt(format_args!("{head}{}{tail}", params.join(", ")));
        } else {
            self.line(&[head]);
            self.indent += 4;
            for param in params {
                self.line(&[param, ","]);
            }
            self.indent -= 4;
            self.line(&[tail]);
        }
        self.indent += 4;
    }

    /// A match arm: `pattern => body,`, or the body in a block when that is too long (the
    /// comma does not count: prettyplease breaks before the body only if the body overflows).
    pub fn arm(&mut self, pattern: &str, body: &str) {
        if self.room_for(pattern.len() + " => ".len() + body.len()) {
            // Measured above without the comma.
            self.unchecked_line(&[pattern, " => ", body, ","]);
        } else {
            self.open(&[pattern, " => {"]);
            self.line(&[body]);
            self.close("}");
        }
    }

    /// `prefix` and a type, then `suffix` (a field: `pub name: ` and `,`): on one line, or with
    /// the type's generic argument on its own line (recursively) when that is too long.
    pub fn typed(&mut self, prefix: &str, t: &TypeRef, suffix: &str) {
        self.typed_in(prefix, t, suffix, true);
    }

    /// [`Code::typed`]; `suffix_counts` is false for a broken generic's argument, whose comma
    /// prettyplease only prints because the line broke.
    fn typed_in(&mut self, prefix: &str, t: &TypeRef, suffix: &str, suffix_counts: bool) {
        let one_line = ty(t);
        let counted = if suffix_counts { suffix.len() } else { 0 };
        if self.room_for(prefix.len() + one_line.len() + counted) {
            self.unchecked_line(&[prefix, &one_line, suffix]);
            return;
        }
        let (wrapper, inner) = match t {
            TypeRef::List(inner) => ("::std::vec::Vec<", inner),
            TypeRef::Optional(inner) => ("::std::option::Option<", inner),
            _ => return self.give_up(),
        };
        self.open(&[prefix, wrapper]);
        self.typed_in("", inner, ",", false);
        self.close_with(&[">", suffix]);
    }

    /// Outdents and writes a closing line made of `parts`.
    pub fn close_with(&mut self, parts: &[&str]) {
        self.indent = self.indent.saturating_sub(4);
        self.line(parts);
    }

    /// Writes a line whose width the caller has checked.
    fn unchecked_line(&mut self, parts: &[&str]) {
        if !self.fits {
            return;
        }
        self.start_line();
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }

    /// Writes one line of code made of `parts`.
    pub fn line(&mut self, parts: &[&str]) {
        if !self.fits {
            return;
        }
        let start = self.start_line();
        for part in parts {
            self.out.push_str(part);
        }
        self.end_line(start);
    }

    /// Writes one line of code from format arguments (see the `line!` macro below).
    pub fn line_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        if !self.fits {
            return;
        }
        let start = self.start_line();
        // Writing to a String cannot fail.
        let _ = self.out.write_fmt(args);
        self.end_line(start);
    }

    /// Writes a line ending in `{` and indents what follows.
    pub fn open(&mut self, parts: &[&str]) {
        self.line(parts);
        self.indent += 4;
    }

    /// Outdents and writes a closing line (`}`, `},`, `})` ...).
    pub fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(4);
        self.line(&[text]);
    }

    /// Writes documentation as prettyplease prints `#[doc]` attributes: `///` lines.
    pub fn doc(&mut self, text: &str) {
        if !self.fits {
            return;
        }
        for line in doc_lines(text) {
            // Doc lines are single words to prettyplease: never broken, so any length goes.
            for _ in 0..self.indent {
                self.out.push(' ');
            }
            self.out.push_str("///");
            self.out.push_str(line.trim_end_matches(' '));
            self.out.push('\n');
        }
    }
}

/// The lines of a doc comment, each with its leading space (empty lines empty), after the last
/// guard against control and bidi characters. Shared with the token path ([`super::doc`]).
pub fn doc_lines(text: &str) -> Vec<String> {
    // A last guard: whatever reached the text, no control or bidi character reaches the output
    // (a bare CR would even end the `///` comment).
    let text: String = text
        .chars()
        .filter(|&c| {
            let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            !bidi && (c == '\n' || !c.is_control())
        })
        .collect();
    text.trim()
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// An identifier as printed (`r#type` for a raw one).
pub fn ident(name: &str) -> String {
    to_ident(name).to_string()
}

/// A string literal as printed.
pub fn lit(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// A type as prettyplease prints it on one line.
pub fn ty(t: &TypeRef) -> String {
    let mut out = String::new();
    push_ty(&mut out, t);
    out
}

fn push_ty(out: &mut String, t: &TypeRef) {
    match t {
        TypeRef::String => out.push_str("::std::string::String"),
        TypeRef::Integer => out.push_str("i64"),
        TypeRef::Number => out.push_str("f64"),
        TypeRef::Boolean => out.push_str("bool"),
        TypeRef::Json => out.push_str("::serde_json::Value"),
        TypeRef::List(inner) => {
            out.push_str("::std::vec::Vec<");
            push_ty(out, inner);
            out.push('>');
        }
        TypeRef::Optional(inner) => {
            out.push_str("::std::option::Option<");
            push_ty(out, inner);
            out.push('>');
        }
        TypeRef::Named(name) => out.push_str(&ident(name)),
    }
}

/// `code.line_fmt(format_args!(...))`, shorter.
macro_rules! line {
    ($code:expr, $($arg:tt)*) => {
        $code.line_fmt(::std::format_args!($($arg)*))
    };
}
pub(crate) use line;
