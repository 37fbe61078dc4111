//! Blocking calls (the `blocking` feature): [`Runtime`] runs a request's future to its end on
//! a tokio runtime of its own, so that a generated `blocking::Client` offers the same requests
//! as plain functions, to code that has no async runtime.
//!
//! The future is the async client's, unchanged: every guarantee of [`Call::send`](crate::Call::send)
//! (redirects followed hop by hop, body limits, timeouts, retries, signing) holds for a
//! blocking call too, because it is the same code.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use serde::de::DeserializeOwned;

use crate::{Fault, Pages};

/// A tokio runtime for blocking calls, started on the first call and shared by every clone.
///
/// It has one worker thread of its own, which keeps driving the connections a call opened
/// while no call is running (reading a server's close of an idle connection, or answering a
/// request another runtime sends over a connection of the shared pool); the future of a
/// call runs on the calling thread. It shuts down, without waiting, when the last clone is
/// dropped; the connections it opened close with it.
///
/// Never panics: a runtime that cannot start (the system refused a thread or an event
/// queue) is tried again on the next call, and the call fails with [`Error`].
#[derive(Clone, Default)]
pub struct Runtime {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    /// The runtime, once started; a call holds a clone of the `Arc` while it runs, so that
    /// the lock is not held meanwhile.
    tokio: Mutex<Option<Arc<tokio::runtime::Runtime>>>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        let slot = self
            .tokio
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // No call is running (each borrows a `Runtime`), so this is the last `Arc`. Dropping a
        // runtime waits for its threads, which tokio refuses (with a panic) inside an async
        // context, where a blocking client may well be dropped: nothing waits here.
        if let Some(runtime) = slot.and_then(|runtime| Arc::try_unwrap(runtime).ok()) {
            runtime.shutdown_background();
        }
    }
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let started = self.shared.tokio.lock().is_ok_and(|slot| slot.is_some());
        f.debug_struct("Runtime")
            .field("started", &started)
            .finish()
    }
}

impl Runtime {
    /// A runtime that starts on the first call.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `future` to its end and returns its output, blocking the calling thread.
    ///
    /// Called inside an async runtime (tokio's, which refuses to block one of its threads on
    /// another runtime), the future runs on a thread started for the call instead, which
    /// costs that thread's start (some tens of microseconds) on every such call; the calling
    /// thread is blocked all the same, so in async code prefer the async client. A panic in
    /// the future reaches the caller as if the future had run on its thread.
    ///
    /// # Errors
    ///
    /// [`Error`] when the runtime or that thread cannot start; the future is then dropped
    /// without being polled.
    pub fn block_on<F>(&self, future: F) -> Result<F::Output, Error>
    where
        F: Future + Send,
        F::Output: Send,
    {
        if tokio::runtime::Handle::try_current().is_err() {
            return self.block_here(future);
        }
        std::thread::scope(|scope| {
            let thread = std::thread::Builder::new()
                .name("postman-runtime-call".to_owned())
                .spawn_scoped(scope, || self.block_here(future))
                .map_err(|source| Error {
                    what: "the blocking call could not start a thread to run on (it was made inside an async runtime)",
                    source,
                })?;
            match thread.join() {
                Ok(output) => output,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }

    /// Runs a request's `future` to its end and returns its result; when the runtime cannot
    /// run it, the error is `fail` of a [`Fault::Request`] that says why (nothing was sent).
    pub fn run<T, E, F>(&self, future: F, fail: fn(Fault) -> E) -> Result<T, E>
    where
        F: Future<Output = Result<T, E>> + Send,
        T: Send,
        E: Send,
    {
        self.block_on(future)
            .unwrap_or_else(|error| Err(fail(error.into_fault())))
    }

    /// [`Runtime::block_on`] on this thread, which is in no async runtime.
    fn block_here<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        Ok(self.tokio()?.block_on(future))
    }

    /// The tokio runtime, started now if it is not yet.
    fn tokio(&self) -> Result<Arc<tokio::runtime::Runtime>, Error> {
        let mut slot = self
            .shared
            .tokio
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(runtime) = slot.as_ref() {
            return Ok(Arc::clone(runtime));
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("postman-runtime-blocking")
            .enable_all()
            .build()
            .map_err(|source| Error {
                what: "the blocking client's runtime could not start",
                source,
            })?;
        let runtime = Arc::new(runtime);
        *slot = Some(Arc::clone(&runtime));
        Ok(runtime)
    }
}

impl Runtime {
    /// The items of `pages`, as an iterator that fetches each page on this runtime when the
    /// items of the one before are used up (a generated blocking `<method>_stream`); `fail`
    /// makes the request's error when the runtime cannot run a page's request.
    pub fn iter<'a, T, E>(&self, pages: Pages<'a, T, E>, fail: fn(Fault) -> E) -> Iter<'a, T, E>
    where
        T: DeserializeOwned + Send + 'a,
        E: Send,
    {
        Iter {
            pages,
            runtime: self.clone(),
            fail,
            done: false,
        }
    }
}

/// The items of a paged list on a blocking client: an [`Iterator`] of `Result<T, E>` over
/// [`Pages`], which fetches a page, blocking, when the items of the one before are used up,
/// and ends after the last page or after an error.
#[must_use = "a paged list is fetched only when the iterator is used"]
pub struct Iter<'a, T, E> {
    pages: Pages<'a, T, E>,
    runtime: Runtime,
    fail: fn(Fault) -> E,
    done: bool,
}

impl<T, E> std::fmt::Debug for Iter<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Iter")
            .field("pages", &self.pages)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Iterator for Iter<'a, T, E>
where
    T: DeserializeOwned + Send + 'a,
    E: Send,
{
    type Item = Result<T, E>;

    fn next(&mut self) -> Option<Result<T, E>> {
        if self.done {
            return None;
        }
        match self.runtime.block_on(self.pages.next()) {
            Ok(Some(item)) => Some(item),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(error) => {
                self.done = true;
                Some(Err((self.fail)(error.into_fault())))
            }
        }
    }
}

/// Why a blocking call could not run: its runtime, or the thread it needed, could not start.
/// Nothing was sent.
#[derive(Debug)]
pub struct Error {
    what: &'static str,
    source: std::io::Error,
}

impl Error {
    /// The [`Fault`] a request's error type is made from: [`Fault::Request`] with this
    /// error's message.
    pub fn into_fault(self) -> Fault {
        Fault::Request(self.to_string())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.what, self.source)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    #[test]
    fn a_future_runs_to_its_end_with_the_timer() {
        let runtime = Runtime::new();
        assert_eq!(format!("{runtime:?}"), "Runtime { started: false }");
        let start = Instant::now();
        let output = runtime.block_on(async {
            tokio::time::sleep(Duration::from_millis(30)).await;
            7
        });
        assert_eq!(output.unwrap(), 7);
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert_eq!(format!("{runtime:?}"), "Runtime { started: true }");
    }

    #[test]
    fn run_gives_the_result_as_it_is() {
        let runtime = Runtime::new();
        let fail = |fault: Fault| format!("{fault:?}");
        assert_eq!(runtime.run(async { Ok::<u8, String>(1) }, fail), Ok(1));
        assert_eq!(
            runtime.run(async { Err::<u8, String>("no".to_owned()) }, fail),
            Err("no".to_owned())
        );
    }

    /// The runtime's worker drives what a call spawned after the call returns: a connection
    /// of the pool keeps being read while no call runs. (On a current-thread runtime, which
    /// runs only inside `block_on`, the task would wait for the next call.)
    #[test]
    fn tasks_a_call_spawned_keep_running_between_calls() {
        let runtime = Runtime::new();
        let done = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&done);
        runtime
            .block_on(async move {
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    flag.store(true, Ordering::SeqCst);
                });
            })
            .unwrap();
        let start = Instant::now();
        while !done.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(done.load(Ordering::SeqCst), "the spawned task never ran");
    }

    /// Clones share one runtime: a task spawned by a call through one clone runs on the
    /// same worker thread as one spawned through another.
    #[test]
    fn clones_share_the_runtime() {
        let runtime = Runtime::new();
        let clone = runtime.clone();
        let worker = |runtime: &Runtime| {
            runtime
                .block_on(async {
                    tokio::spawn(async { std::thread::current().id() })
                        .await
                        .unwrap()
                })
                .unwrap()
        };
        assert_eq!(worker(&runtime), worker(&clone));
        assert_ne!(worker(&runtime), std::thread::current().id());
        assert_ne!(worker(&runtime), worker(&Runtime::new()));
    }

    /// tokio panics when a runtime blocks inside another; the call runs on a thread of its
    /// own instead, and dropping the runtime there does not wait (tokio would panic too).
    #[test]
    fn a_call_inside_an_async_runtime_does_not_panic() {
        for flavor in ["current_thread", "multi_thread"] {
            let outer = match flavor {
                "current_thread" => tokio::runtime::Builder::new_current_thread(),
                _ => tokio::runtime::Builder::new_multi_thread(),
            }
            .enable_all()
            .build()
            .unwrap();
            outer.block_on(async {
                let runtime = Runtime::new();
                let caller = std::thread::current().id();
                let (output, ran_on) = runtime
                    .block_on(async {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        (5, std::thread::current().id())
                    })
                    .unwrap();
                assert_eq!(output, 5, "{flavor}");
                assert_ne!(ran_on, caller, "{flavor}");
                let fail = |fault: Fault| format!("{fault:?}");
                assert_eq!(runtime.run(async { Ok::<u8, String>(2) }, fail), Ok(2));
                drop(runtime);
            });
        }
    }

    #[test]
    fn a_panic_in_the_future_reaches_the_caller() {
        let outer = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let caught = outer.block_on(async {
            std::panic::catch_unwind(|| {
                Runtime::new().block_on(async { panic!("from the future") })
            })
        });
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"from the future"));
    }

    #[test]
    fn an_error_becomes_a_request_fault_that_says_why() {
        let error = Error {
            what: "the blocking client's runtime could not start",
            source: std::io::Error::other("no threads left"),
        };
        assert!(std::error::Error::source(&error).is_some());
        match error.into_fault() {
            Fault::Request(message) => assert_eq!(
                message,
                "the blocking client's runtime could not start: no threads left"
            ),
            other => panic!("{other:?}"),
        }
    }
}
