//! The printer: items are written as text, line by line, in the layout prettyplease gives
//! them, instead of being built as tokens, parsed and printed.
//!
//! prettyplease decides where long lines break, and printing is most of the generator's time.
//! A [`Code`] therefore writes every line as it is and notes whether each is short enough
//! that prettyplease could not have broken it (see [`MARGIN`]); when one is not, or the item
//! has a layout the printer does not model, the render stage re-lays the item's text with
//! prettyplease, so the output is the same either way. The text is complete Rust in both
//! cases. Tests check that the output is a fixed point of prettyplease.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::ir::TypeRef;

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
    /// An empty item nested `depth` containers deep, written into `buffer` (cleared first): a
    /// writer reuses one buffer for all its items instead of growing a new string for each.
    pub fn in_buffer(mut buffer: String, depth: usize) -> Self {
        buffer.clear();
        Code {
            out: buffer,
            indent: depth * 4,
            fits: true,
        }
    }

    /// Whether the text is what prettyplease prints; if not, prettyplease lays it out again.
    pub fn fits(&self) -> bool {
        self.fits
    }

    /// Marks the item as one whose layout the printer does not model: prettyplease lays it out.
    pub fn give_up(&mut self) {
        self.fits = false;
    }

    /// The text: laid out as prettyplease would when [`Code::fits`], else complete but to be
    /// laid out again.
    pub fn into_text(self) -> String {
        self.out
    }

    fn start_line(&mut self) -> usize {
        let start = self.out.len();
        push_spaces(&mut self.out, self.indent);
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
    pub fn room_for(&self, len: usize) -> bool {
        len <= MARGIN.saturating_sub(self.indent).max(MIN_SPACE)
    }

    /// Opens an impl block: `impl... Trait for Type {` on one line, or, when that is too long,
    /// broken before `for` as prettyplease does.
    pub fn open_impl(&mut self, head: &str, self_ty: &str) {
        // The break before `for` is sized up to the end of the line, brace included.
        if self.room_for(head.len() + " for ".len() + self_ty.len() + " {".len()) {
            self.open(&[head, " for ", self_ty, " {"]);
        } else {
            self.line(&[head]);
            self.open_item(&["for ", self_ty, " {"]);
        }
    }

    /// Opens `impl ::std::fmt::Display for self_ty` and its `fn fmt`.
    pub fn open_display(&mut self, self_ty: &str) {
        self.open_impl("impl ::std::fmt::Display", self_ty);
        self.open_fn(
            "fn fmt(",
            &["&self", "f: &mut ::std::fmt::Formatter<'_>"],
            ") -> ::std::fmt::Result {",
        );
    }

    /// Opens a function: `head` (`fn name(`), its parameters and `tail` (`) -> T {`), laid
    /// out as prettyplease does: the parameters go one a line when the whole line is too long;
    /// then a generic return type that does not fit on its line gets one argument a line.
    pub fn open_fn(&mut self, head: &str, params: &[&str], tail: &str) {
        let Some(ret) = tail
            .strip_prefix(") -> ")
            .and_then(|t| t.strip_suffix(" {"))
        else {
            self.unchecked_line(&[head, &params.join(", "), tail]);
            self.indent += 4;
            return self.give_up();
        };
        let params_len = joined_len(params);
        let generic = split_generic(ret);
        // prettyplease sizes the parameters' group only at the end of the line (the return
        // type's first break comes right after it opens a group, which stops the sizing).
        let broken = !self.room_for(head.len() + params_len + tail.len());
        let mut start = String::new();
        if broken {
            self.params_broken(head, params);
            start.push(')');
        } else {
            start.push_str(head);
            start.push_str(&params.join(", "));
            start.push(')');
        }
        match generic {
            Some((path, args)) if !self.room_for(start.len() + tail.len() - 1) => {
                if unbreakable(path) {
                    // Nothing to break before the `<`: the line may pass the margin.
                    self.unchecked_line(&[&start, " -> ", path, "<"]);
                } else {
                    self.line(&[&start, " -> ", path, "<"]);
                }
                self.generic_args(&args);
                self.line(&["> {"]);
            }
            _ => self.line(&[&start, tail.strip_prefix(')').unwrap_or(tail)]),
        }
        self.indent += 4;
    }

    /// A function whose return type is `impl path<binding> + bound` (a trait method returning
    /// `impl Future<Output = Result<T, E>> + Send`), then `end`: `;` for a declaration, or ` {`,
    /// which opens the body. Laid out as prettyplease lays out such a signature when the return
    /// type with `end` passes the margin (it sizes the `impl` type's group up to `end`, and the
    /// parameters' group with it): the parameters one a line, the type broken after its `<`, the
    /// binding on its own line or, when that is too long, broken after its own `<` with one
    /// argument a line, and `> + bound` with `end` last. A shorter signature is left to
    /// prettyplease.
    pub fn fn_returning_impl(
        &mut self,
        head: &str,
        params: &[&str],
        ret: &ImplType<'_>,
        end: &str,
    ) {
        let ImplType {
            path,
            binding,
            bound,
        } = ret;
        let opens = end.ends_with('{');
        let flat = ") -> impl ".len() + path.len() + binding.len() + " + ".len() + bound.len() + 2;
        if self.room_for(flat + end.len()) {
            self.unchecked_line(&[
                head,
                &params.join(", "),
                ") -> impl ",
                path,
                "<",
                binding,
                "> + ",
                bound,
                end,
            ]);
            if opens {
                self.indent += 4;
            }
            return self.give_up();
        }
        self.params_broken(head, params);
        self.unbroken(&[") -> impl ", path, "<"]);
        self.indent += 4;
        if self.room_for(binding.len()) {
            // The binding is the only argument: its comma is written only because the line
            // breaks there, and does not count.
            self.line_tail(&[binding], ",", false);
        } else if let Some((open, args)) = split_generic(binding) {
            self.line(&[open, "<"]);
            self.generic_args(&args);
            self.line(&[">,"]);
        } else {
            self.line(&[binding, ","]);
        }
        self.indent -= 4;
        self.unbroken(&["> + ", bound, end]);
        if opens {
            self.indent += 4;
        }
    }

    /// A broken generic's arguments, one a line with its comma, one level in, each broken in
    /// turn when too long (see [`Code::type_text`]).
    fn generic_args(&mut self, args: &[&str]) {
        self.indent += 4;
        for (i, arg) in args.iter().enumerate() {
            self.type_text(arg, ",", i + 1 < args.len());
        }
        self.indent -= 4;
    }

    /// `head` (`fn name(`) and one parameter a line, each with its comma.
    fn params_broken(&mut self, head: &str, params: &[&str]) {
        if head.contains('<') {
            self.line(&[head]);
        } else {
            // `fn name(`: nothing to break.
            self.unbroken(&[head]);
        }
        self.indent += 4;
        for param in params {
            if param.contains(['<', '[', '(']) {
                self.line(&[param, ","]);
            } else {
                // `name: &Type`: nothing to break.
                self.unbroken(&[param, ","]);
            }
        }
        self.indent -= 4;
    }

    /// `prefix`, an expression and `suffix` (`;`, `,`), laid out as prettyplease does: on one
    /// line if it fits up to the end of `suffix`, else with a broken call's arguments one a line
    /// or a broken chain's links one a line. `suffix_counts` is false for the comma after a
    /// last argument, which prettyplease writes only when the line breaks there.
    pub fn expr(&mut self, prefix: &str, e: &Expr, suffix: &str, suffix_counts: bool) {
        if !self.fits {
            return self.flat_line(prefix, e, suffix);
        }
        let counted = if suffix_counts { suffix.len() } else { 0 };
        let fits = self.room_for(prefix.len() + e.flat_len() + counted);
        if fits && !e.must_break() {
            return self.flat_line(prefix, e, suffix);
        }
        match e {
            Expr::Struct { op, path, fields } => {
                if unbreakable(path) {
                    // Nothing to break before the `{`: the line may pass the margin.
                    self.unchecked_line(&[prefix, op, path, " {"]);
                } else {
                    self.line(&[prefix, op, path, " {"]);
                }
                self.struct_fields(fields);
                self.line_tail(&["}"], suffix, suffix_counts);
            }
            // A call with a struct literal argument that breaks breaks its arguments too, as
            // when it is too long (the arm below); anything else that must break is a layout
            // the printer does not model.
            _ if fits && !struct_argument(e) => {
                self.flat_line(prefix, e, suffix);
                self.give_up();
            }
            // A literal or a path has no break: prettyplease lets it run past the margin.
            Expr::Atom(text) if unbreakable(text) => {
                self.flat_line(prefix, e, suffix);
            }
            Expr::Atom(_) => {
                self.flat_line(prefix, e, suffix);
                self.give_up();
            }
            Expr::Call { args, .. } if args.is_empty() => {
                self.flat_line(prefix, e, suffix);
                self.give_up();
            }
            Expr::Call { callee, args, post }
                if matches!(args.as_slice(), [Expr::Group { .. }]) =>
            {
                // A block-like only argument: no break of the call's own, the group breaks.
                if let [Expr::Group { open, elems, close }] = args.as_slice() {
                    self.line(&[prefix, callee, "(", open]);
                    self.elems(elems);
                    self.line_tail(&[close, ")", post], suffix, suffix_counts);
                }
            }
            Expr::Group { open, elems, close } => {
                self.line(&[prefix, open]);
                self.elems(elems);
                self.line_tail(&[close], suffix, suffix_counts);
            }
            Expr::Call { callee, args, post } => {
                if unbreakable(callee) {
                    // Nothing to break before the `(`: the line may pass the margin.
                    self.unchecked_line(&[prefix, callee, "("]);
                } else {
                    self.line(&[prefix, callee, "("]);
                }
                self.indent += 4;
                for (i, arg) in args.iter().enumerate() {
                    let last = i + 1 == args.len();
                    self.expr("", arg, ",", !last);
                }
                self.indent -= 4;
                self.line_tail(&[")", post], suffix, suffix_counts);
            }
            Expr::Chain { receiver, links } => {
                // The receiver's own groups reach only to the break before the first link.
                let mut first = String::new();
                receiver.flat(&mut first);
                if let Expr::Call { callee, args, post } = &**receiver {
                    if !args.is_empty()
                        && unbreakable(callee)
                        && !self.room_for(prefix.len() + first.len())
                    {
                        // A call too long for its line: prettyplease puts its arguments two
                        // levels in, its `)` one level in, and the links below that.
                        self.unchecked_line(&[prefix, callee, "("]);
                        self.indent += 8;
                        for (i, arg) in args.iter().enumerate() {
                            self.expr("", arg, ",", i + 1 != args.len());
                        }
                        self.indent -= 4;
                        self.line(&[")", post]);
                        self.chain_links(links, suffix, suffix_counts);
                        self.indent -= 4;
                        return;
                    }
                }
                if matches!(**receiver, Expr::Atom(ref text) if unbreakable(text)) {
                    // `name: fields`: nothing to break before the first link.
                    self.unbroken(&[prefix, &first]);
                } else {
                    self.line(&[prefix, &first]);
                }
                self.indent += 4;
                self.chain_links(links, suffix, suffix_counts);
                self.indent -= 4;
            }
        }
    }

    /// `prefix`, an expression on one line and `suffix`, written straight into the text
    /// (no width check: the caller has made it).
    fn flat_line(&mut self, prefix: &str, e: &Expr, suffix: &str) {
        self.start_line();
        self.out.push_str(prefix);
        e.flat(&mut self.out);
        self.out.push_str(suffix);
        self.out.push('\n');
    }

    /// A broken chain's links, one a line, `suffix` after the last.
    fn chain_links(&mut self, links: &[Expr], suffix: &str, suffix_counts: bool) {
        for (i, link) in links.iter().enumerate() {
            if i + 1 == links.len() {
                self.expr("", link, suffix, suffix_counts);
            } else {
                self.expr("", link, "", true);
            }
        }
    }

    /// Opens `if let ::std::option::Option::Some(binding) = base.field {` (`base`: `&options`,
    /// `&self`) as prettyplease
    /// does: when too long, the brace goes on a line of its own, and if the condition is still
    /// too long it is broken before the field.
    pub fn open_if_some(&mut self, binding: &str, base: &str, field: &str) {
        let head = format!("if let ::std::option::Option::Some({binding}) = {base}");
        let condition = head.len() + 1 + field.len();
        if self.room_for(condition + " {".len()) {
            self.open(&[&head, ".", field, " {"]);
        } else if self.room_for(condition) {
            self.line(&[&head, ".", field]);
            self.open(&["{"]);
        } else {
            self.line(&[&head]);
            self.indent(1);
            self.line(&[".", field]);
            self.indent(-1);
            self.open(&["{"]);
        }
    }

    /// An attribute `#[name(metas)]`: on one line, or one meta a line when too long (the last
    /// with a comma only if the attribute's tokens end with one: `trailing_comma`).
    pub fn attr(&mut self, name: &str, metas: &[String], trailing_comma: bool) {
        let len =
            "#[".len() + name.len() + "(".len() + metas.iter().map(|m| m.len() + 2).sum::<usize>()
                - 2
                + ")]".len();
        if self.room_for(len) {
            self.line_fmt(format_args!("#[{name}({})]", metas.join(", ")));
            return;
        }
        self.line(&["#[", name, "("]);
        self.indent(1);
        for (i, meta) in metas.iter().enumerate() {
            if i + 1 == metas.len() && !trailing_comma {
                self.line(&[meta]);
            } else {
                self.line(&[meta, ","]);
            }
        }
        self.indent(-1);
        self.line(&[")]"]);
    }

    /// A struct literal `path { field: value, .. }` as the last line of a block: on one line
    /// when prettyplease keeps it there (see [`literal_on_one_line`]), else one field a line,
    /// each value laid out as [`Code::expr`] lays it out. A field with an empty name is written
    /// in shorthand (`Self { core }`): its value is its name.
    pub fn struct_literal(&mut self, path: &str, fields: Vec<(&str, Expr)>) {
        let literal = Expr::Struct {
            op: "",
            path: path.to_owned(),
            fields: fields
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
        };
        self.expr("", &literal, "", true);
    }

    /// A broken struct literal's fields, one a line, one level in, each with its comma (the
    /// last one's is written only because the literal breaks).
    fn struct_fields(&mut self, fields: &[(String, Expr)]) {
        self.indent += 4;
        for (i, (name, value)) in fields.iter().enumerate() {
            let prefix = if name.is_empty() {
                String::new()
            } else {
                concat(&[name, ": "])
            };
            self.expr(&prefix, value, ",", i + 1 < fields.len());
        }
        self.indent -= 4;
    }

    /// A broken group's elements, one a line.
    fn elems(&mut self, elems: &[Expr]) {
        self.indent += 4;
        for (i, elem) in elems.iter().enumerate() {
            self.expr("", elem, ",", i + 1 != elems.len());
        }
        self.indent -= 4;
    }

    /// A match arm: `pattern => body,`, or the body in a block when that is too long (the
    /// comma does not count: prettyplease breaks before the body only if the body overflows).
    pub fn arm_expr(&mut self, pattern: &str, body: &Expr) {
        let mut flat = String::new();
        body.flat(&mut flat);
        if self.room_for(pattern.len() + " => ".len() + flat.len()) {
            self.unchecked_line(&[pattern, " => ", &flat, ","]);
        } else {
            self.open(&[pattern, " => {"]);
            self.expr("", body, "", true);
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
            // No break in a plain type: prettyplease lets the line run past the margin.
            _ => return self.unchecked_line(&[prefix, &one_line, suffix]),
        };
        // `pub name: ::std::vec::Vec<`: nothing left to break on this line.
        self.open_item(&[prefix, wrapper]);
        self.typed_in("", inner, ",", false);
        self.close_with(&[">", suffix]);
    }

    /// A tuple variant with one field, `name(field),`: on one line, or, when that is too long,
    /// the field on a line of its own (and broken in turn, see [`Code::type_text`]).
    pub fn tuple_variant(&mut self, name: &str, field: &str) {
        if self.room_for(name.len() + 1 + field.len() + "),".len()) {
            return self.unchecked_line(&[name, "(", field, "),"]);
        }
        self.unbroken(&[name, "("]);
        self.indent += 4;
        self.type_text(field, ",", false);
        self.indent -= 4;
        self.line(&["),"]);
    }

    /// A type written as text (`A<B<C>, D>`) then `suffix`, which counts against the margin
    /// only if `suffix_counts`: on one line, or broken after the `<` of a generic with one
    /// argument a line (recursively), as prettyplease breaks it.
    pub fn type_text(&mut self, t: &str, suffix: &str, suffix_counts: bool) {
        let counted = if suffix_counts { suffix.len() } else { 0 };
        if self.room_for(t.len() + counted) {
            return self.unchecked_line(&[t, suffix]);
        }
        let Some((path, args)) = split_generic(t) else {
            self.unchecked_line(&[t, suffix]);
            if !unbreakable(t) {
                // Not a path (a tuple, a slice): a layout the printer does not model.
                self.give_up();
            }
            return;
        };
        self.unbroken(&[path, "<"]);
        // A comma between arguments is always written; the last one's only because the line
        // breaks.
        self.generic_args(&args);
        self.line_tail(&[">"], suffix, suffix_counts);
    }

    /// Outdents and writes a closing line made of `parts`.
    pub fn close_with(&mut self, parts: &[&str]) {
        self.indent = self.indent.saturating_sub(4);
        self.line(parts);
    }

    /// Writes a line whose width the caller has checked.
    pub fn unchecked_line(&mut self, parts: &[&str]) {
        self.start_line();
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }

    /// Writes one line of `parts` then `tail`, which counts against the margin only if
    /// `tail_counts`.
    fn line_tail(&mut self, parts: &[&str], tail: &str, tail_counts: bool) {
        if tail_counts {
            let mut all = parts.to_vec();
            all.push(tail);
            return self.line(&all);
        }
        let start = self.start_line();
        for part in parts {
            self.out.push_str(part);
        }
        let text = self.out.len() - start - self.indent;
        if !self.room_for(text) {
            self.fits = false;
        }
        self.out.push_str(tail);
        self.out.push('\n');
    }

    /// Writes one line of code made of `parts`.
    pub fn line(&mut self, parts: &[&str]) {
        let start = self.start_line();
        for part in parts {
            self.out.push_str(part);
        }
        self.end_line(start);
    }

    /// Writes one line of code from format arguments (see the `line!` macro below).
    pub fn line_fmt(&mut self, args: std::fmt::Arguments<'_>) {
        let start = self.start_line();
        // Writing to a String cannot fail.
        let _ = self.out.write_fmt(args);
        self.end_line(start);
    }

    /// Indents (`levels` > 0) or outdents what follows, without writing.
    pub fn indent(&mut self, levels: isize) {
        self.indent = self.indent.saturating_add_signed(levels * 4);
    }

    /// Writes a line with no place prettyplease could break (a name, a path): it may pass the
    /// margin.
    pub fn unbroken(&mut self, parts: &[&str]) {
        self.unchecked_line(parts);
    }

    /// Opens an item whose header has no place to break (`pub struct Name {`, `impl Name {`).
    pub fn open_item(&mut self, parts: &[&str]) {
        self.unchecked_line(parts);
        self.indent += 4;
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
        let text = clean_doc(text);
        for line in text.trim().lines() {
            // Doc lines are single words to prettyplease: never broken, so any length goes.
            push_spaces(&mut self.out, self.indent);
            // prettyplease prints `#[doc = " line"]` as `///` and the text, trailing spaces cut.
            let line = line.trim_end_matches(' ');
            self.out
                .push_str(if line.is_empty() { "///" } else { "/// " });
            self.out.push_str(line);
            self.out.push('\n');
        }
    }
}

/// Appends `n` spaces.
fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let take = left.min(SPACES.len());
        out.push_str(SPACES.get(..take).unwrap_or_default());
        left -= take;
    }
}

/// A doc text after the last guard against control and bidi characters: whatever reached the
/// text, none reaches the output (a bare CR would even end a `///` comment).
pub fn clean_doc(text: &str) -> Cow<'_, str> {
    // No early exit: the compiler vectorizes the whole pass (doc text is half the output).
    let unsafe_bytes = text.bytes().fold(false, |found, b| {
        found | ((b < 0x20) & (b != b'\n')) | (b >= 0x7f)
    });
    if !unsafe_bytes {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| {
                let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
                !bidi && (c == '\n' || !c.is_control())
            })
            .collect(),
    )
}

/// `parts` joined into one string allocated once at its full length (`format!` grows its
/// buffer as it goes, which is most of its cost on the generator's short strings).
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// An identifier as printed (`r#type` for a raw one): the text of
/// [`to_ident`](crate::names::to_ident).
pub fn ident(name: &str) -> Cow<'_, str> {
    crate::names::ident_text(name)
}

/// A string literal as printed.
pub fn lit(text: &str) -> String {
    // Printable ASCII but `"` and `\` is written as it is: skip proc-macro2's escaping,
    // char by char (see docs/performance.md).
    let as_is = |b: u8| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\';
    if text.bytes().all(as_is) {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
        return out;
    }
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

/// The return type `impl path<binding> + bound` of [`Code::fn_returning_impl`]:
/// `::std::future::Future`, `Output = ::std::result::Result<T, E>`, `::std::marker::Send`.
pub struct ImplType<'a> {
    /// The trait's path, up to its `<`.
    pub path: &'a str,
    /// Its one generic argument, an associated type binding.
    pub binding: &'a str,
    /// The second bound, after ` + `.
    pub bound: &'a str,
}

/// An expression in the shapes the fast path lays out (see [`Code::expr`]).
pub enum Expr {
    /// Text with no place prettyplease would break.
    Atom(String),
    /// `callee(args)` then `post` (`?` or nothing). The callee is a path, or a method on a
    /// receiver short enough that prettyplease never breaks before its dot (`url.push_str`).
    Call {
        callee: String,
        args: Vec<Expr>,
        post: &'static str,
    },
    /// A receiver and the calls (or `.await`s, or fields) chained on it.
    Chain {
        receiver: Box<Expr>,
        links: Vec<Expr>,
    },
    /// A tuple or an array: `open`, elements, `close`. As a call's only argument it is
    /// "block-like" to prettyplease: written right after the call's `(`.
    Group {
        open: &'static str,
        elems: Vec<Expr>,
        close: &'static str,
    },
    /// A struct literal `path { field: value, shorthand }` behind `op` (`&` or nothing).
    /// prettyplease breaks one wider than 34 columns whatever room the line has (see
    /// [`literal_on_one_line`]); a field with an empty name is written in shorthand.
    Struct {
        op: &'static str,
        path: String,
        fields: Vec<(String, Expr)>,
    },
}

impl Expr {
    /// The length of [`Expr::flat`]'s text, without writing it.
    pub fn flat_len(&self) -> usize {
        /// `items` joined with `, `.
        fn joined(items: &[Expr]) -> usize {
            items.iter().map(Expr::flat_len).sum::<usize>() + 2 * items.len().saturating_sub(1)
        }
        match self {
            Expr::Atom(text) => text.len(),
            Expr::Call { callee, args, post } => callee.len() + 2 + joined(args) + post.len(),
            Expr::Chain { receiver, links } => {
                receiver.flat_len() + links.iter().map(Expr::flat_len).sum::<usize>()
            }
            Expr::Group { open, elems, close } => open.len() + joined(elems) + close.len(),
            Expr::Struct { op, path, fields } => {
                op.len() + path.len() + " {  }".len() + fields_len(fields)
            }
        }
    }

    /// Whether prettyplease breaks it however much room the line has: it holds a struct
    /// literal wider than [`literal_on_one_line`] allows.
    pub fn must_break(&self) -> bool {
        match self {
            Expr::Atom(_) => false,
            Expr::Call { args, .. } => args.iter().any(Expr::must_break),
            Expr::Chain { receiver, links } => {
                receiver.must_break() || links.iter().any(Expr::must_break)
            }
            Expr::Group { elems, .. } => elems.iter().any(Expr::must_break),
            Expr::Struct { path, fields, .. } => {
                path.len() + " {  ".len() + fields_len(fields) > 34
                    || fields.iter().any(|(_, value)| value.must_break())
            }
        }
    }

    /// Text on one line.
    pub fn flat(&self, out: &mut String) {
        match self {
            Expr::Atom(text) => out.push_str(text),
            Expr::Call { callee, args, post } => {
                out.push_str(callee);
                out.push('(');
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    arg.flat(out);
                }
                out.push(')');
                out.push_str(post);
            }
            Expr::Chain { receiver, links } => {
                receiver.flat(out);
                for link in links {
                    link.flat(out);
                }
            }
            Expr::Group { open, elems, close } => {
                out.push_str(open);
                for (i, elem) in elems.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    elem.flat(out);
                }
                out.push_str(close);
            }
            Expr::Struct { op, path, fields } => {
                out.push_str(op);
                out.push_str(path);
                out.push_str(" { ");
                for (i, (name, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if !name.is_empty() {
                        out.push_str(name);
                        out.push_str(": ");
                    }
                    value.flat(out);
                }
                out.push_str(" }");
            }
        }
    }
}

/// Whether `e` is a call (with no block-like only argument) one of whose arguments is a struct
/// literal.
fn struct_argument(e: &Expr) -> bool {
    match e {
        Expr::Call { args, .. } => {
            !matches!(args.as_slice(), [Expr::Group { .. }])
                && args.iter().any(|a| matches!(a, Expr::Struct { .. }))
        }
        _ => false,
    }
}

/// The length of a struct literal's fields on one line: `a: x, b`.
fn fields_len(fields: &[(String, Expr)]) -> usize {
    fields
        .iter()
        .map(|(name, value)| {
            let named = if name.is_empty() { 0 } else { name.len() + 2 };
            named + value.flat_len()
        })
        .sum::<usize>()
        + 2 * fields.len().saturating_sub(1)
}

/// `Expr::Group`: a tuple (`(`, `)`) of two or more, or an array (`[`, `]`).
pub fn group(open: &'static str, elems: Vec<Expr>, close: &'static str) -> Expr {
    Expr::Group { open, elems, close }
}

/// The length of `parts` joined with `, `.
fn joined_len(parts: &[&str]) -> usize {
    parts.iter().map(|p| p.len()).sum::<usize>() + 2 * parts.len().saturating_sub(1)
}

/// Whether prettyplease may keep the struct literal `path { joined }` on one line: it breaks
/// one wider than 34 columns (counted from the path to the space before `}`) whatever room
/// the line has.
pub fn literal_on_one_line(path: &str, joined: &str) -> bool {
    path.len() + " { ".len() + joined.len() + " ".len() <= 34
}

/// Whether prettyplease prints `text` (an atom) without a break whatever its length: a string
/// literal, or a path.
fn unbreakable(text: &str) -> bool {
    text.starts_with('"')
        || text.strip_prefix('&').is_some_and(unbreakable)
        || text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// `Expr::Atom`.
pub fn atom(text: impl Into<String>) -> Expr {
    Expr::Atom(text.into())
}

/// `Expr::Call`.
pub fn call(callee: impl Into<String>, args: Vec<Expr>, post: &'static str) -> Expr {
    Expr::Call {
        callee: callee.into(),
        args,
        post,
    }
}

/// `Expr::Chain`.
pub fn chain(receiver: Expr, links: Vec<Expr>) -> Expr {
    Expr::Chain {
        receiver: Box::new(receiver),
        links,
    }
}

/// A generic type's path and arguments: `A<B, C<D>>` gives `A` and `B`, `C<D>`.
fn split_generic(t: &str) -> Option<(&str, Vec<&str>)> {
    let open = t.find('<')?;
    let inner = t.get(open + 1..)?.strip_suffix('>')?;
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (i, ch) in inner.char_indices() {
        match ch {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                args.push(inner.get(from..i)?.trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return None;
    }
    args.push(inner.get(from..)?.trim());
    Some((t.get(..open)?, args))
}

/// `code.line_fmt(format_args!(...))`, shorter.
macro_rules! line {
    ($code:expr, $($arg:tt)*) => {
        $code.line_fmt(::std::format_args!($($arg)*))
    };
}
pub(crate) use line;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for plain text writes what proc-macro2 writes.
        #[test]
        fn lit_is_proc_macro2s_literal(text in prop_oneof!["[ -~]{0,40}", ".{0,40}"]) {
            prop_assert_eq!(super::lit(&text), proc_macro2::Literal::string(&text).to_string());
        }
    }

    #[test]
    fn flat_len_is_the_length_of_the_flat_text() {
        use super::{atom, call, chain, group, Expr};
        let exprs: Vec<Expr> = vec![
            atom("x"),
            call("f", Vec::new(), ""),
            call("f", vec![atom("a")], "?"),
            call(
                "f",
                vec![atom("a"), atom("bb"), call("g", vec![atom("c")], "")],
                "",
            ),
            chain(
                call("Client::a", vec![atom("self")], ""),
                vec![
                    call(".b", Vec::new(), ""),
                    call(".c", vec![atom("x"), atom("y")], ""),
                ],
            ),
            call("f", vec![group("(", vec![atom("a"), atom("b")], ")")], ""),
            group("[", vec![atom("a")], "]"),
            group("[", Vec::new(), "]"),
        ];
        for e in &exprs {
            let mut text = String::new();
            e.flat(&mut text);
            assert_eq!(e.flat_len(), text.len(), "{text}");
        }
    }

    #[test]
    fn lit_escapes_what_needs_it() {
        for text in [
            "",
            "a b",
            "say \"hi\"",
            "back\\slash",
            "it's",
            "tab\there",
            "é",
            "\0",
        ] {
            assert_eq!(
                super::lit(text),
                proc_macro2::Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }
}
