//! Rendering: the units [`emit::walk`](crate::emit::walk) hands over become the module's text,
//! in chunks, on one thread or several ([`threads`]), under the `@generated` header.
//!
//! Each unit is written by the printer ([`Code`]); a unit whose layout the printer does not
//! model is parsed by syn and printed by prettyplease, as it would print it in place. The
//! module is formatted unit by unit, so memory holds at most one unit's syntax tree per thread,
//! never the whole module's; and the text leaves a chunk at a time, so a caller writing it to a
//! file never holds all of it either.

mod threads;

use crate::emit::{self, Code, Scope, Style, Units};
use crate::error::{Error, Result};
use crate::ir::Module;

pub use threads::run;

/// Units per chunk: writers take turns by chunk, and the text leaves them a chunk at a time
/// (see [`run`]).
const CHUNK_UNITS: usize = 32;

/// Renders the whole module, passing the text to `sink` a chunk at a time, on as many threads
/// as [`crate::workers::count`] gives.
pub fn render(
    module: &Module,
    source: &str,
    options: &Style,
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let shards = crate::workers::count(count_operations(&module.root));
    render_on(module, source, options, shards, sink)
}

/// [`render`] on `shards` writers.
pub fn render_on(
    module: &Module,
    source: &str,
    options: &Style,
    shards: usize,
    sink: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    sink(&emit::header(
        source,
        &emit::runtime_features(module, options),
    ))?;
    run(
        source,
        shards,
        CHUNK_UNITS,
        &|w: &mut Writer<'_>| emit::walk(module, options, w),
        sink,
    )?;
    Ok(())
}

fn count_operations(group: &crate::ir::Group) -> usize {
    group.operations.len() + group.groups.iter().map(count_operations).sum::<usize>()
}

/// The line that stands for a container's contents while its opening is laid out again.
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
/// each formatting the units of its own chunks (the others are counted, not written); every unit
/// is written by its own closure, so a writer that does not own it never runs it.
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
    /// The buffer units are written in before they are copied into `text`.
    scratch: String,
}

/// What a [`Writer`] hands its chunks (or its error) to.
pub type Deliver<'d> = dyn FnMut(Result<&mut String>) -> bool + 'd;

impl Units for Writer<'_> {
    fn item(&mut self, write: &mut dyn FnMut(&mut Code)) {
        if self.take_unit() {
            self.write_unit(write);
        }
    }

    fn open(&mut self, scope: Scope, write: &mut dyn FnMut(&mut Code)) {
        self.open_unit(scope, write);
    }

    fn close(&mut self) {
        self.close_unit();
    }
}

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
            scratch: String::new(),
        }
    }

    /// How many units the walk has seen so far.
    #[cfg(test)]
    pub fn units_seen(&self) -> usize {
        self.unit
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

    /// Writes a unit's text: as the printer laid it out, or, when it could not, as
    /// prettyplease lays it out.
    fn write_unit(&mut self, write: &mut dyn FnMut(&mut Code)) {
        let mut code = Code::in_buffer(std::mem::take(&mut self.scratch), self.scopes.len());
        write(&mut code);
        let fits = code.fits();
        let text = code.into_text();
        if fits {
            // Copied into the writer's text; the buffer that grew to hold it is kept for the
            // next unit.
            self.push_text(&text);
        } else {
            match self.format_nested(&text) {
                Ok(formatted) => self.push_text(&formatted),
                Err(error) => self.fail(error),
            }
        }
        self.scratch = text;
    }

    /// Opens a container whose opening lines `write` writes. Everything written until the
    /// matching [`Units::close`] goes inside, and something must be: an empty container
    /// would print its braces on two lines.
    fn open_unit(&mut self, scope: Scope, write: &mut dyn FnMut(&mut Code)) {
        if self.take_unit() {
            let mut code = Code::in_buffer(std::mem::take(&mut self.scratch), self.scopes.len());
            write(&mut code);
            let fits = code.fits();
            let mut text = code.into_text();
            if fits {
                self.push_text(&text);
            } else {
                // Laid out with a stand-in for its contents, cut off again after.
                text.push_str(SPLIT_LINE);
                text.push_str("\n}\n");
                match self.format_nested(&text) {
                    Ok(formatted) => self.push_opening(&formatted),
                    Err(error) => self.fail(error),
                }
            }
            self.scratch = text;
        }
        self.scopes.push(scope);
    }

    /// Writes the part of a formatted container before its stand-in line.
    fn push_opening(&mut self, formatted: &str) {
        let mut offset = 0;
        let mut found = None;
        for line in formatted.split_inclusive('\n') {
            if line.trim() == SPLIT_LINE {
                found = Some(offset);
            }
            offset += line.len();
        }
        match found.and_then(|at| formatted.get(..at)) {
            Some(prefix) => self.push_text(prefix),
            None => {
                let error = self.internal("a container's contents could not be located");
                self.fail(error);
            }
        }
    }

    /// Closes the innermost container.
    fn close_unit(&mut self) {
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

    /// Formats the text of a unit as if it stood inside the open containers.
    fn format_nested(&self, text: &str) -> Result<String> {
        let mut wrapped = String::with_capacity(text.len() + 32 * self.scopes.len());
        for scope in &self.scopes {
            wrapped.push_str(match scope {
                Scope::Module => "mod __pcg {\n",
                Scope::Impl => "impl __Pcg {\n",
                Scope::Trait => "trait __Pcg {\n",
            });
        }
        wrapped.push_str(text);
        for _ in &self.scopes {
            wrapped.push_str("}\n");
        }
        let file: syn::File = syn::parse_file(&wrapped).map_err(|e| {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn long() -> String {
        "x".repeat(70)
    }

    /// The module below (12 units), walked by `w`: some units are laid out by the printer,
    /// others (too long, or given up) by prettyplease.
    fn write(w: &mut Writer<'_>) {
        let long = long();
        w.open(Scope::Module, &mut |c| {
            c.doc("A module.");
            c.open_item(&["pub mod outer {"]);
            c.line(&["use super::*;"]);
        });
        w.item(&mut |c| {
            c.unchecked_line(&["pub struct Handle<'a> { client: &'a str }"]);
            c.give_up();
        });
        w.open(Scope::Impl, &mut |c| c.open(&["impl<'a> Handle<'a> {"]));
        w.item(&mut |c| {
            c.doc("Long enough to wrap at this depth.");
            c.line(&["pub fn method(&self, first_argument: &str, second_argument: &str) -> ::std::result::Result<(), ::std::string::String> {"]);
            c.line(&["let text = ::std::format!(\"{} {} {}\", first_argument, second_argument, \"", &long, "\");"]);
            c.line(&["::std::result::Result::Ok(())"]);
            c.line(&["}"]);
        });
        w.item(&mut |c| c.line(&["pub fn other(&self) {}"]));
        w.close();
        w.open(Scope::Module, &mut |c| {
            c.unchecked_line(&["pub mod inner {"]);
            c.give_up();
        });
        w.item(&mut |c| {
            c.open_item(&["pub enum E {"]);
            c.line(&["A,"]);
            c.line(&["B,"]);
            c.close("}");
        });
        w.close();
        w.close();
        w.item(&mut |_| {});
        w.item(&mut |c| c.line(&["pub struct After;"]));
    }

    fn whole() -> String {
        let long = long();
        let text = format!(
            "/// A module.\npub mod outer {{ use super::*; pub struct Handle<'a> {{ client: &'a str }} impl<'a> Handle<'a> {{ /// Long enough to wrap at this depth.\npub fn method(&self, first_argument: &str, second_argument: &str) -> ::std::result::Result<(), ::std::string::String> {{ let text = ::std::format!(\"{{}} {{}} {{}}\", first_argument, second_argument, \"{long}\"); ::std::result::Result::Ok(()) }} pub fn other(&self) {{}} }} pub mod inner {{ pub enum E {{ A, B }} }} }} pub struct After;"
        );
        format!(
            "{}{}",
            emit::header("x.json", &[]),
            prettyplease::unparse(&syn::parse_file(&text).unwrap())
        )
    }

    /// `walk` run by `shards` writers with chunks of `chunk_units`, under the header; and how
    /// many pieces of text the sink was given.
    fn collect(
        shards: usize,
        chunk_units: usize,
        walk: &(dyn Fn(&mut Writer<'_>) + Sync),
    ) -> Result<(String, usize)> {
        let mut code = emit::header("x.json", &[]);
        let mut pieces = 0;
        let returned = run("x.json", shards, chunk_units, walk, &mut |text| {
            code.push_str(text);
            pieces += 1;
            Ok(())
        })?;
        assert_eq!(returned.len(), shards, "one value per writer");
        Ok((code, pieces))
    }

    /// Units written one by one inside containers print exactly as the whole file would, and
    /// so does any number of writers taking turns by chunks of any size; the text reaches the
    /// sink a chunk at a time.
    #[test]
    fn unit_by_unit_and_sharded_equal_whole_file() {
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
                w.item(&mut |c| c.line(&["pub struct A;"]));
                w.open(Scope::Module, &mut |c| c.open_item(&["mod m {"]));
                w.item(&mut |c| c.line(&["pub struct B;"]));
            };
            let closed_twice = |w: &mut Writer<'_>| {
                w.item(&mut |c| c.line(&["pub struct A;"]));
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
                w.item(&mut |c| c.line(&["pub struct Fine;"]));
                w.item(&mut |c| {
                    c.line(&["fn"]);
                    c.give_up();
                });
                w.item(&mut |c| {
                    c.line(&["let"]);
                    c.give_up();
                });
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

    fn render_string(module: &Module, source: &str, shards: usize) -> String {
        let mut code = String::new();
        render_on(module, source, &Style::default(), shards, &mut |text| {
            code.push_str(text);
            Ok(())
        })
        .unwrap();
        code
    }

    /// However the work is split between threads, the text is the same, and it leaves a chunk
    /// at a time, never as the whole module.
    #[test]
    fn output_does_not_depend_on_the_number_of_threads() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../collections/bodies.postman_collection.json"
        );
        let bytes = std::fs::read(path).unwrap();
        // Nested folders, many requests: the collection's items eight times over, in folders.
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let items = value["item"].take();
        let folders: Vec<serde_json::Value> = (0..8)
            .map(|n| {
                serde_json::json!({
                    "name": format!("folder {n}"),
                    "item": [{ "name": "deeper", "item": items.clone() }]
                })
            })
            .collect();
        value["item"] = serde_json::Value::Array(folders);
        let bytes = serde_json::to_vec(&value).unwrap();
        let collection = crate::parse::parse("nested.json", &bytes).unwrap();
        let (module, _) = crate::lower::lower(collection, "nested.json");
        let one = render_string(&module, "nested.json", 1);
        assert!(
            one.contains("    pub mod "),
            "nested folders give nested modules"
        );
        for shards in [2, 3, 5, 64] {
            assert_eq!(
                render_string(&module, "nested.json", shards),
                one,
                "{shards} threads"
            );
        }
        for shards in [1, 2] {
            let mut pieces = Vec::new();
            render_on(
                &module,
                "nested.json",
                &Style::default(),
                shards,
                &mut |text| {
                    pieces.push(text.len());
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(pieces.iter().sum::<usize>(), one.len());
            let largest = pieces.iter().copied().max().unwrap_or(0);
            assert!(
                pieces.len() > 10 && largest < one.len() / 5,
                "{shards} threads: {} pieces, the largest {largest} of {} bytes",
                pieces.len(),
                one.len()
            );
        }
    }
}
