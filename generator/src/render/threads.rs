//! Writers on several threads: they take turns by chunks of units, and this thread writes the
//! chunks out in the module's order.

use crate::error::{Error, Result};

use super::Writer;

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
