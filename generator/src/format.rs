//! The one formatting step: items become text under an `@generated` header, either written
//! directly in prettyplease's layout ([`Code`], the fast path) or built as tokens and printed
//! by prettyplease.
//!
//! The module is formatted item by item as it is emitted ([`Writer`]), so memory holds at most
//! one item's tokens and syntax tree per thread, never the syntax tree of the whole module
//! (which took gigabytes for 10,000 requests); and the text leaves a chunk at a time
//! ([`run`]), so that a caller writing it to a file never holds all of it either.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::text::Code;
use crate::error::{Error, Result};

/// Formats generated tokens as a Rust source file stamped with the source collection's name.
pub fn format(tokens: TokenStream, source: &str) -> Result<String> {
    let mut code = header(source);
    code.push_str(&format_body(tokens, source)?);
    Ok(code)
}

/// Formats top-level items, without the header.
pub fn format_body(tokens: TokenStream, source: &str) -> Result<String> {
    let mut code = String::new();
    alone(source, usize::MAX, |w| w.items(|| tokens), &mut |text| {
        code.push_str(text);
        Ok(())
    })?;
    Ok(code)
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
/// The text leaves the writer a chunk at a time (a fixed number of consecutive units), through
/// the writer's `deliver`, so that memory never holds the whole module's text either (see
/// [`run`]). Writers can share the work: they walk the same items and take turns by chunk,
/// each formatting the units of its own chunks (the others are counted, not built); every unit
/// is built from its own closure, so a writer that does not own it never builds its tokens.
pub struct Writer<'d> {
    source: String,
    /// This writer's turn among `shards` writers: it builds chunk `c` when
    /// `c % shards == shard`.
    shard: usize,
    shards: usize,
    /// Units per chunk.
    chunk_units: usize,
    /// The chunk the walk is in.
    chunk: usize,
    /// Units seen so far, by every writer.
    unit: usize,
    scopes: Vec<Scope>,
    /// The text of the current chunk (when this writer owns it).
    text: String,
    /// Whether this writer has stopped building: it failed, or `deliver` refused a chunk.
    stopped: bool,
    /// Takes each chunk this writer owns, in order, or the error that stopped it; false tells
    /// the writer to stop. It may take the text or leave it (to be cleared and reused).
    deliver: Box<Deliver<'d>>,
    /// Build every item as tokens, never as text (to check the fast path against).
    reference: bool,
    /// The buffer text items are written in before they are copied into `text`.
    scratch: String,
}

/// What a [`Writer`] hands its chunks (or its error) to.
pub type Deliver<'d> = dyn FnMut(Result<&mut String>) -> bool + 'd;

impl<'d> Writer<'d> {
    /// The writer of turn `shard` among `shards` (see [`Writer`]) of the module generated from
    /// `source`, whose chunks are `chunk_units` units long.
    pub fn new(
        source: &str,
        shard: usize,
        shards: usize,
        chunk_units: usize,
        deliver: Box<Deliver<'d>>,
    ) -> Self {
        Writer {
            source: source.to_owned(),
            shard,
            shards: shards.max(1),
            chunk_units: chunk_units.max(1),
            chunk: 0,
            unit: 0,
            scopes: Vec::new(),
            text: String::new(),
            stopped: false,
            deliver,
            reference: false,
            scratch: String::new(),
        }
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

    fn owns(&self, chunk: usize) -> bool {
        !self.stopped && chunk % self.shards == self.shard
    }

    /// Counts a unit; whether this writer is to build it.
    fn take_unit(&mut self) -> bool {
        let chunk = self.unit / self.chunk_units;
        if chunk != self.chunk {
            self.end_chunk();
            self.chunk = chunk;
        }
        self.unit += 1;
        self.owns(chunk)
    }

    /// Hands over the current chunk's text, if this writer owns the chunk.
    fn end_chunk(&mut self) {
        if self.owns(self.chunk) {
            if !(self.deliver)(Ok(&mut self.text)) {
                self.stopped = true;
            }
            self.text.clear();
        }
    }

    fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Stops the writer with `error`, which takes the place of the current chunk.
    fn fail(&mut self, error: Error) {
        if !self.stopped {
            self.stopped = true;
            (self.deliver)(Err(error));
        }
    }

    /// Ends the walk: hands over the last chunk, or the error of a container left open.
    pub fn finish(mut self) {
        if !self.scopes.is_empty() {
            let error = self.internal("a container was left open");
            self.fail(error);
        }
        if self.unit > 0 {
            self.end_chunk();
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

/// Runs `walk` over a module once per writer, `shards` writers taking turns by chunks of
/// `chunk_units` units, and passes the text to `sink` in order, a chunk at a time; returns what
/// each walk returned, in turn order. The first error in the module's order wins.
///
/// One writer runs on this thread and writes straight to `sink`. More run on threads of their
/// own while this thread writes their chunks out in turn; each may be at most two chunks ahead
/// of the writing, so memory holds a few chunks of text, not the module's. When no thread can
/// be had, one writer does all the work on this thread.
pub fn run<N: Send>(
    source: &str,
    shards: usize,
    chunk_units: usize,
    walk: &(dyn Fn(&mut Writer<'_>) -> N + Sync),
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<Vec<N>> {
    if shards > 1 {
        if let Some(result) = run_threads(source, shards, chunk_units, walk, sink) {
            return result;
        }
    }
    Ok(vec![alone(source, chunk_units, walk, sink)?])
}

/// [`run`] with one writer, on this thread.
fn alone<N>(
    source: &str,
    chunk_units: usize,
    walk: impl FnOnce(&mut Writer<'_>) -> N,
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<N> {
    let mut failure: Option<Error> = None;
    let mut writer = Writer::new(
        source,
        0,
        1,
        chunk_units,
        Box::new(|chunk| match chunk {
            Ok(text) => match sink(text) {
                Ok(()) => true,
                Err(error) => {
                    failure.get_or_insert(error);
                    false
                }
            },
            Err(error) => {
                failure.get_or_insert(error);
                false
            }
        }),
    );
    let returned = walk(&mut writer);
    writer.finish();
    match failure {
        Some(error) => Err(error),
        None => Ok(returned),
    }
}

/// The chunks a writer on a thread of its own may have finished before they are written.
const AHEAD: usize = 2;

/// [`run`] on `shards` threads, this one among them: it runs the first writer, and writes the
/// other writers' chunks as its own come due. `None` when a thread could not be started
/// (nothing has been written then).
fn run_threads<N: Send>(
    source: &str,
    shards: usize,
    chunk_units: usize,
    walk: &(dyn Fn(&mut Writer<'_>) -> N + Sync),
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Option<Result<Vec<N>>> {
    let internal = |message: &str| Error::Internal {
        file: source.to_owned(),
        message: message.to_owned(),
    };
    std::thread::scope(|scope| {
        // Writer `k`'s channel and thread are at `k - 1`.
        let mut receivers = Vec::with_capacity(shards);
        let mut handles = Vec::with_capacity(shards);
        for shard in 1..shards {
            let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<String>>(AHEAD);
            let spawned = std::thread::Builder::new()
                .name(format!("postman-codegen-{shard}"))
                .spawn_scoped(scope, move || {
                    let deliver = move |chunk: Result<&mut String>| {
                        sender.send(chunk.map(std::mem::take)).is_ok()
                    };
                    let mut writer =
                        Writer::new(source, shard, shards, chunk_units, Box::new(deliver));
                    let returned = walk(&mut writer);
                    writer.finish();
                    returned
                });
            match spawned {
                Ok(handle) => {
                    handles.push(handle);
                    receivers.push(receiver);
                }
                // The writers started so far stop at their first chunk, which nobody takes.
                Err(_) => return None,
            }
        }
        let mut order = InOrder {
            receivers: &receivers,
            shards,
            next: 0,
            first: None,
        };
        let own = {
            let mut deliver = |chunk: Result<&mut String>| match chunk {
                // The others' chunks before this one go first.
                Ok(text) => order.write_others(sink) && order.write(text, sink),
                // In place of this writer's chunk: an earlier chunk's error would come first.
                Err(error) => {
                    order.write_others(sink);
                    order.first.get_or_insert(error);
                    false
                }
            };
            let mut writer = Writer::new(source, 0, shards, chunk_units, Box::new(&mut deliver));
            let returned = walk(&mut writer);
            writer.finish();
            returned
        };
        // The others' chunks after this writer's last one.
        if order.first.is_none() {
            order.write_others(sink);
        }
        let mut first = order.first.take();
        // What the writers still send: nothing, unless one failed after its last chunk (a
        // container left open) or the writing stopped early.
        let mut late: Option<Error> = None;
        if first.is_none() {
            for receiver in &receivers {
                for message in receiver.iter() {
                    let error = match message {
                        Err(error) => error,
                        Ok(_) => internal("a writer had a chunk past the end of the module"),
                    };
                    late.get_or_insert(error);
                }
            }
        }
        drop(receivers);
        let mut returned = Vec::with_capacity(shards);
        returned.push(own);
        let mut panicked = false;
        for handle in handles {
            match handle.join() {
                Ok(value) => returned.push(value),
                Err(_) => panicked = true,
            }
        }
        if panicked {
            // A panic in a writer is a bug: it is reported as one, not propagated.
            first.get_or_insert_with(|| internal("a worker thread panicked"));
        }
        Some(match first.or(late) {
            Some(error) => Err(error),
            None => Ok(returned),
        })
    })
}

/// The chunks of the writers on other threads, written in the module's order.
struct InOrder<'r> {
    /// Writer `k`'s channel at `k - 1`.
    receivers: &'r [std::sync::mpsc::Receiver<Result<String>>],
    shards: usize,
    /// The next chunk to write.
    next: usize,
    /// The first error in the module's order.
    first: Option<Error>,
}

impl InOrder<'_> {
    /// Writes the other writers' chunks from `next` on, up to the first writer's next chunk
    /// (or the end of the module); false if the writing stopped.
    fn write_others(&mut self, sink: &mut dyn FnMut(&str) -> Result<()>) -> bool {
        loop {
            let writer = self.next % self.shards;
            let Some(receiver) = writer.checked_sub(1).and_then(|k| self.receivers.get(k)) else {
                // The first writer's own chunk: not this function's to write.
                return true;
            };
            match receiver.recv() {
                Ok(Ok(text)) => {
                    if !self.write(&text, sink) {
                        return false;
                    }
                }
                Ok(Err(error)) => {
                    self.first.get_or_insert(error);
                    return false;
                }
                // That writer has no chunk `next`: the module has ended (or the writer died,
                // which joining it tells).
                Err(_) => return false,
            }
        }
    }

    /// Writes chunk `next`.
    fn write(&mut self, text: &str, sink: &mut dyn FnMut(&str) -> Result<()>) -> bool {
        self.next += 1;
        match sink(text) {
            Ok(()) => true,
            Err(error) => {
                self.first.get_or_insert(error);
                false
            }
        }
    }
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

    /// The module below (12 units), walked by `w`.
    fn write(w: &mut Writer<'_>) {
        let long = long();
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

    /// `walk` run by `shards` writers with chunks of `chunk_units`, under the header; and how
    /// many pieces of text the sink was given.
    fn collect(
        shards: usize,
        chunk_units: usize,
        walk: &(dyn Fn(&mut Writer<'_>) + Sync),
    ) -> Result<(String, usize)> {
        let mut code = header("x.json");
        let mut pieces = 0;
        let returned = run("x.json", shards, chunk_units, walk, &mut |text| {
            code.push_str(text);
            pieces += 1;
            Ok(())
        })?;
        assert_eq!(returned.len(), shards, "one value per writer");
        Ok((code, pieces))
    }

    /// Items written one by one inside containers print exactly as the whole file would, and
    /// so does any number of writers taking turns by chunks of any size; the text reaches the
    /// sink a chunk at a time.
    #[test]
    fn item_by_item_and_sharded_equal_whole_file() {
        let expected = whole();
        assert!(expected.contains("    pub fn method("), "{expected}");
        let counted = run(
            "x.json",
            1,
            usize::MAX,
            &|w: &mut Writer<'_>| {
                write(w);
                w.units_seen()
            },
            &mut |_| Ok(()),
        );
        assert_eq!(counted.unwrap(), vec![12]);
        for shards in 1..=4 {
            for chunk_units in 1..=13 {
                let (code, pieces) = collect(shards, chunk_units, &write).unwrap();
                assert_eq!(code, expected, "{shards} writers, chunks of {chunk_units}");
                assert_eq!(
                    pieces,
                    12usize.div_ceil(chunk_units),
                    "{shards}, {chunk_units}"
                );
            }
        }
    }

    /// A sink's error stops the writing and is returned, whoever wrote the chunk.
    #[test]
    fn a_failing_sink_stops_the_writers() {
        for shards in 1..=3 {
            let mut calls = 0;
            let result = run("x.json", shards, 2, &write, &mut |_| {
                calls += 1;
                if calls == 2 {
                    Err(Error::Io {
                        path: "out.rs".to_owned(),
                        source: std::io::Error::other("disk full"),
                    })
                } else {
                    Ok(())
                }
            });
            match result {
                Err(Error::Io { path, .. }) => assert_eq!(path, "out.rs"),
                other => panic!("{shards} writers: {:?}", other.map(|_| ())),
            }
            assert_eq!(calls, 2, "{shards} writers: nothing more is written");
        }
    }

    #[test]
    fn unbalanced_or_invalid_input_is_an_internal_error() {
        for shards in 1..=3 {
            let left_open = |w: &mut Writer<'_>| {
                w.items(|| {
                    quote!(
                        pub struct A;
                    )
                });
                w.open(Scope::Module, |inner| quote!(mod m { #inner }));
                w.items(|| {
                    quote!(
                        pub struct B;
                    )
                });
            };
            let closed_twice = |w: &mut Writer<'_>| {
                w.items(|| {
                    quote!(
                        pub struct A;
                    )
                });
                w.close();
            };
            for unbalanced in [
                &left_open as &(dyn Fn(&mut Writer<'_>) + Sync),
                &closed_twice,
            ] {
                assert!(matches!(
                    collect(shards, 1, unbalanced),
                    Err(Error::Internal { .. })
                ));
            }

            // The earliest unit's error wins, whichever writer had it.
            let broken = |w: &mut Writer<'_>| {
                w.items(|| {
                    quote!(
                        pub struct Fine;
                    )
                });
                w.items(|| quote!(fn));
                w.items(|| quote!(let));
            };
            for chunk_units in 1..=3 {
                match collect(shards, chunk_units, &broken) {
                    Err(Error::Internal { file, message }) => {
                        assert_eq!(file, "x.json");
                        assert!(message.contains("does not parse"), "{message}");
                        // Unit 1 (`fn`), not unit 2 (`let`).
                        assert!(message.contains("expected identifier"), "{message}");
                    }
                    other => panic!("{other:?}"),
                }
            }
        }
        assert!(format_body(quote!(fn), "x.json").is_err());

        // A writer that dies is reported, not propagated.
        let dies = |w: &mut Writer<'_>| {
            write(w);
            assert!(w.shard != 1, "the second writer dies");
        };
        match collect(2, 2, &dies) {
            Err(Error::Internal { message, .. }) => assert_eq!(message, "a worker thread panicked"),
            other => panic!("{other:?}"),
        }
    }
}
