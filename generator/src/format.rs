//! The one formatting step: items become text under an `@generated` header, either written
//! directly in prettyplease's layout ([`Code`], the fast path) or built as tokens and printed
//! by prettyplease.
//!
//! The module is formatted item by item as it is emitted ([`Writer`]), so memory holds the text
//! so far plus at most one item's tokens and syntax tree per thread, never the syntax tree of
//! the whole module (which took gigabytes for 10,000 requests).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::text::Code;
use crate::error::{Error, Result};

/// Formats generated tokens as a Rust source file stamped with the source collection's name.
pub fn format(tokens: TokenStream, source: &str) -> Result<String> {
    let mut writer = Writer::all(source);
    writer.items(|| tokens);
    merge(source, vec![writer], Vec::new())
}

/// Formats top-level items, without the header.
pub fn format_body(tokens: TokenStream, source: &str) -> Result<String> {
    let mut writer = Writer::all(source);
    writer.items(|| tokens);
    match writer.error {
        Some((_, error)) => Err(error),
        None => Ok(writer.text),
    }
}

/// What encloses the items being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// An inline `mod name { ... }`.
    Module,
    /// An `impl Type { ... }` block: its items are methods and constants.
    Impl,
}

/// The line that stands for a container's contents while its header is formatted.
const SPLIT_LINE: &str = "const __PCG_SPLIT: () = ();";

/// Writes a formatted module one unit at a time: an item (or a method), the opening of a
/// container (`mod`, `impl`) or its closing brace.
///
/// Each item is formatted on its own, wrapped in as many placeholder containers as it is
/// nested deep so that prettyplease breaks its lines at the same columns as it would in place;
/// the placeholder lines are then cut off. The text is the same as formatting the whole module
/// at once, but memory holds one item's syntax tree at a time.
///
/// Writers can share the work: they walk the same items and each formats the units of its own
/// range of unit numbers (the others are counted, not built); [`merge`] joins their texts in
/// the order of their ranges. Every unit is built from its own closure, so a writer that does
/// not own it never builds its tokens. Each writer appends to one buffer, so no unit needs an
/// allocation of its own, and merging copies the smaller buffers into the largest.
pub struct Writer {
    source: String,
    /// The units this writer builds.
    units: std::ops::Range<usize>,
    /// Units seen so far, by every writer.
    unit: usize,
    scopes: Vec<Scope>,
    /// The text of the units this writer built, in order.
    text: String,
    /// The reserved units ([`Writer::slot`]) in this writer's range, with the offset in `text`
    /// where their text goes.
    slots: Vec<(usize, usize)>,
    /// The first error, with the unit it happened in.
    error: Option<(usize, Error)>,
    /// Build every item as tokens, never as text (to check the fast path against).
    reference: bool,
    /// The buffer text items are written in before they are copied into `text`.
    scratch: String,
}

impl Writer {
    /// A writer of the units numbered `units` of the module generated from `source`.
    pub fn new(source: &str, units: std::ops::Range<usize>) -> Self {
        Writer {
            source: source.to_owned(),
            units,
            unit: 0,
            scopes: Vec::new(),
            text: String::new(),
            slots: Vec::new(),
            error: None,
            reference: false,
            scratch: String::new(),
        }
    }

    /// A writer of every unit.
    pub fn all(source: &str) -> Self {
        Writer::new(source, 0..usize::MAX)
    }

    /// How many units the walk has seen so far.
    #[cfg(test)]
    pub fn units_seen(&self) -> usize {
        self.unit
    }

    /// With `reference`, every item takes the token path (see [`Writer::item`]).
    pub fn set_reference(&mut self, reference: bool) {
        self.reference = reference;
    }

    /// A writer that only reports `message` as an internal error.
    pub fn failed(source: &str, units: std::ops::Range<usize>, message: &str) -> Self {
        let mut writer = Writer::new(source, units);
        writer.error = Some((0, writer.internal(message)));
        writer
    }

    /// Counts a unit; whether this writer is to build it.
    fn take_unit(&mut self) -> bool {
        let own = self.units.contains(&self.unit) && self.error.is_none();
        self.unit += 1;
        own
    }

    fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some((self.unit, error));
        }
    }

    /// Writes the items (in an [`Scope::Impl`], methods) that `build` returns.
    pub fn items(&mut self, build: impl FnOnce() -> TokenStream) {
        if !self.take_unit() {
            return;
        }
        let tokens = build();
        self.format_tokens(tokens);
    }

    /// Writes one item that `fast` writes as text when its layout is simple enough (see
    /// [`Code`]), or else `slow` builds as tokens; `cx` is lent to whichever runs.
    pub fn item<C>(
        &mut self,
        cx: &mut C,
        fast: impl FnOnce(&mut Code, &mut C),
        slow: impl FnOnce(&mut C) -> TokenStream,
    ) {
        if !self.take_unit() {
            return;
        }
        if self.write_text(|code| fast(code, cx)) {
            return;
        }
        let tokens = slow(cx);
        self.format_tokens(tokens);
    }

    fn format_tokens(&mut self, tokens: TokenStream) {
        if tokens.is_empty() {
            return;
        }
        match self.format_nested(tokens) {
            Ok(text) => self.push_text(&text),
            Err(error) => self.fail(error),
        }
    }

    /// Opens a container; `container` builds it around the contents it is given, which must be
    /// its last items. Everything written until the matching [`Writer::close`] goes inside, and
    /// something must be: an empty container would print its braces on two lines.
    pub fn open(&mut self, scope: Scope, container: impl FnOnce(TokenStream) -> TokenStream) {
        self.open_with(scope, Code::give_up, container);
    }

    /// [`Writer::open`], with the container's opening lines written as text by `fast` when
    /// they fit (see [`Writer::item`]).
    pub fn open_with(
        &mut self,
        scope: Scope,
        fast: impl FnOnce(&mut Code),
        container: impl FnOnce(TokenStream) -> TokenStream,
    ) {
        if self.take_unit() && !self.write_text(fast) {
            let split = quote!(
                const __PCG_SPLIT: () = ();
            );
            match self.format_nested(container(split)) {
                Ok(text) => {
                    // The split line is the container's last item; what follows only closes it.
                    let mut offset = 0;
                    let mut found = None;
                    for line in text.split_inclusive('\n') {
                        if line.trim() == SPLIT_LINE {
                            found = Some(offset);
                        }
                        offset += line.len();
                    }
                    match found.and_then(|at| text.get(..at)) {
                        Some(prefix) => self.push_text(prefix),
                        None => {
                            let error =
                                self.internal("a container's contents could not be located");
                            self.fail(error);
                        }
                    }
                }
                Err(error) => self.fail(error),
            }
        }
        self.scopes.push(scope);
    }

    /// Writes an item or a container's opening as text; false (nothing written) if it does not
    /// fit.
    fn write_text(&mut self, fast: impl FnOnce(&mut Code)) -> bool {
        if self.reference {
            return false;
        }
        let mut code = Code::in_buffer(std::mem::take(&mut self.scratch), self.scopes.len());
        fast(&mut code);
        let fits = code.fits();
        let text = code.into_text();
        if fits {
            // Copied into the writer's text; the buffer that grew to hold it is kept for the
            // next item.
            self.push_text(&text);
        }
        self.scratch = text;
        fits
    }

    /// Closes the innermost container.
    pub fn close(&mut self) {
        let own = self.take_unit();
        if self.scopes.pop().is_none() {
            let error = self.internal("a container was closed twice");
            self.fail(error);
        } else if own {
            for _ in 0..self.scopes.len() {
                self.text.push_str("    ");
            }
            self.text.push_str("}\n");
        }
    }

    /// Reserves a unit that no writer builds: [`merge`] is given its text.
    pub fn slot(&mut self) -> usize {
        let unit = self.unit;
        if self.units.contains(&unit) {
            self.slots.push((unit, self.text.len()));
        }
        self.unit += 1;
        unit
    }

    fn internal(&self, message: &str) -> Error {
        Error::Internal {
            file: self.source.clone(),
            message: message.to_owned(),
        }
    }

    /// Formats `tokens` as if they stood inside the open containers.
    fn format_nested(&self, tokens: TokenStream) -> Result<String> {
        let mut wrapped = tokens;
        for scope in self.scopes.iter().rev() {
            wrapped = match scope {
                Scope::Module => quote!(mod __pcg { #wrapped }),
                Scope::Impl => quote!(impl __Pcg { #wrapped }),
            };
        }
        let file: syn::File = syn::parse2(wrapped).map_err(|e| {
            self.internal(&format!(
                "generated code does not parse ({e}); please report this with the collection"
            ))
        })?;
        let text = prettyplease::unparse(&file);
        drop(file);
        let depth = self.scopes.len();
        if depth == 0 {
            return Ok(text);
        }
        // Cut the wrappers' opening lines and closing braces.
        let mut start = 0;
        for _ in 0..depth {
            match text.get(start..).and_then(|rest| rest.find('\n')) {
                Some(newline) => start += newline + 1,
                None => return Err(self.internal("formatted item lost its wrappers")),
            }
        }
        let mut end = text.len();
        for _ in 0..depth {
            let body = text.get(..end).unwrap_or_default();
            let body = body.strip_suffix('\n').unwrap_or(body);
            match body.rfind('\n') {
                Some(newline) if body.get(newline + 1..).map(str::trim) == Some("}") => {
                    end = newline + 1;
                }
                _ => return Err(self.internal("formatted item lost its wrappers")),
            }
        }
        match text.get(start..end) {
            Some(inner) if start <= end => Ok(inner.to_owned()),
            _ => Err(self.internal("formatted item lost its wrappers")),
        }
    }
}

/// Joins the texts of the writers of one module, given in the order of their unit ranges (which
/// together cover every unit), with the text of the reserved `slots`, under the `@generated`
/// header; the error of the earliest unit wins.
pub fn merge(source: &str, writers: Vec<Writer>, slots: Vec<(usize, String)>) -> Result<String> {
    let mut writers = writers;
    let mut first: Option<(usize, Error)> = None;
    for writer in &mut writers {
        if !writer.scopes.is_empty() && writer.error.is_none() {
            let error = writer.internal("a container was left open");
            writer.error = Some((writer.unit, error));
        }
        if let Some((unit, error)) = writer.error.take() {
            if first.as_ref().is_none_or(|(earliest, _)| unit < *earliest) {
                first = Some((unit, error));
            }
        }
    }
    if let Some((_, error)) = first {
        return Err(error);
    }
    let mut code = header(source);
    for mut writer in writers {
        // Later offsets first, so that the earlier ones still hold.
        for &(unit, offset) in writer.slots.iter().rev() {
            if let Some((_, text)) = slots.iter().find(|(at, _)| *at == unit) {
                if writer.text.is_char_boundary(offset) {
                    writer.text.insert_str(offset, text);
                }
            }
        }
        if code.len() < writer.text.len() {
            // The larger text becomes the output: the copy is of the smaller one, and the
            // larger one is not held twice.
            writer.text.insert_str(0, &code);
            code = writer.text;
        } else {
            code.push_str(&writer.text);
        }
    }
    Ok(code)
}

/// The `@generated` line; the source name is cleaned so it cannot end the comment line.
pub fn header(source: &str) -> String {
    let source: String = source
        .chars()
        .map(|c| {
            // Controls would end the comment line; bidi overrides would hide what follows.
            let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!(
        "// @generated by postman-codegen {} from {source}.\n// Do not edit by hand: change the collection and regenerate.\n\n",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long() -> String {
        "x".repeat(70)
    }

    /// The module below (12 units), its units numbered `units` written by one writer.
    fn write(units: std::ops::Range<usize>) -> Writer {
        let long = long();
        let mut w = Writer::new("x.json", units);
        w.open(Scope::Module, |inner| {
            quote! {
                /// A module.
                pub mod outer { use super::*; #inner }
            }
        });
        w.items(|| {
            quote!(
                pub struct Handle<'a> {
                    client: &'a str,
                }
            )
        });
        w.open(Scope::Impl, |inner| quote!(impl<'a> Handle<'a> { #inner }));
        w.items(|| {
            quote! {
                /// Long enough to wrap at this depth.
                pub fn method(&self, first_argument: &str, second_argument: &str) -> ::std::result::Result<(), ::std::string::String> {
                    let text = ::std::format!("{} {} {}", first_argument, second_argument, #long);
                    ::std::result::Result::Ok(())
                }
            }
        });
        w.items(|| {
            quote!(
                pub fn other(&self) {}
            )
        });
        w.close();
        w.open(Scope::Module, |inner| quote!(pub mod inner { #inner }));
        w.items(|| {
            quote!(
                pub enum E {
                    A,
                    B,
                }
            )
        });
        w.close();
        w.close();
        w.items(TokenStream::new);
        w.items(|| {
            quote!(
                pub struct After;
            )
        });
        w
    }

    fn whole() -> String {
        let long = long();
        let tokens = quote! {
            /// A module.
            pub mod outer {
                use super::*;
                pub struct Handle<'a> { client: &'a str }
                impl<'a> Handle<'a> {
                    /// Long enough to wrap at this depth.
                    pub fn method(&self, first_argument: &str, second_argument: &str) -> ::std::result::Result<(), ::std::string::String> {
                        let text = ::std::format!("{} {} {}", first_argument, second_argument, #long);
                        ::std::result::Result::Ok(())
                    }
                    pub fn other(&self) {}
                }
                pub mod inner {
                    pub enum E { A, B }
                }
            }
            pub struct After;
        };
        format!(
            "{}{}",
            header("x.json"),
            prettyplease::unparse(&syn::parse2(tokens).unwrap())
        )
    }

    /// Items written one by one inside containers print exactly as the whole file would, and
    /// so does any split of the units between writers.
    #[test]
    fn item_by_item_and_sharded_equal_whole_file() {
        let expected = whole();
        assert!(expected.contains("    pub fn method("), "{expected}");
        assert_eq!(write(0..usize::MAX).units_seen(), 12);
        // One writer; two split at every unit; three.
        let mut splits: Vec<Vec<std::ops::Range<usize>>> =
            vec![std::iter::once(0..usize::MAX).collect()];
        for k in 0..=12 {
            splits.push(vec![0..k, k..usize::MAX]);
        }
        splits.push(vec![0..4, 4..9, 9..usize::MAX]);
        for ranges in splits {
            let writers = ranges.iter().cloned().map(write).collect();
            assert_eq!(
                merge("x.json", writers, Vec::new()).unwrap(),
                expected,
                "{ranges:?}"
            );
        }
    }

    /// A reserved unit's text goes in its place whichever writer's range holds it (split 0:
    /// the second writer has every unit; split 3: the first).
    #[test]
    fn slots_take_their_unit_in_any_writer() {
        let write = |units| {
            let mut w = Writer::new("x.json", units);
            w.items(|| {
                quote!(
                    pub struct A;
                )
            });
            let slot = w.slot();
            w.items(|| {
                quote!(
                    pub struct C;
                )
            });
            (w, slot)
        };
        for split in 0..=3 {
            let (first, slot) = write(0..split);
            let (second, _) = write(split..usize::MAX);
            let code = merge(
                "x.json",
                vec![first, second],
                vec![(slot, "pub struct B;\n".to_owned())],
            )
            .unwrap();
            assert!(
                code.ends_with("\npub struct A;\npub struct B;\npub struct C;\n"),
                "split at {split}: {code}"
            );
        }
    }

    #[test]
    fn unbalanced_or_invalid_input_is_an_internal_error() {
        let mut w = Writer::all("x.json");
        w.open(Scope::Module, |inner| quote!(mod m { #inner }));
        assert!(matches!(
            merge("x.json", vec![w], Vec::new()),
            Err(Error::Internal { .. })
        ));

        let mut w = Writer::all("x.json");
        w.close();
        assert!(matches!(
            merge("x.json", vec![w], Vec::new()),
            Err(Error::Internal { .. })
        ));

        // The earliest unit's error wins, whichever writer had it.
        let broken = |units| {
            let mut w = Writer::new("x.json", units);
            w.items(|| {
                quote!(
                    pub struct Fine;
                )
            });
            w.items(|| quote!(fn));
            w.items(|| quote!(let));
            w
        };
        // Given last, the writer of units 0 and 1 still has the earliest error.
        match merge(
            "x.json",
            vec![broken(2..usize::MAX), broken(0..2)],
            Vec::new(),
        ) {
            Err(Error::Internal { file, message }) => {
                assert_eq!(file, "x.json");
                assert!(message.contains("does not parse"), "{message}");
                // Unit 1 (`fn`, the second writer given), not unit 2 (`let`, the first).
                assert!(message.contains("expected identifier"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(format_body(quote!(fn), "x.json").is_err());

        // A writer standing for a worker that died reports it.
        let failed = Writer::failed("x.json", 6..usize::MAX, "a worker thread panicked");
        match merge("x.json", vec![write(0..6), failed], Vec::new()) {
            Err(Error::Internal { message, .. }) => assert_eq!(message, "a worker thread panicked"),
            other => panic!("{other:?}"),
        }
    }
}
