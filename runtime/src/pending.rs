//! [`Pending`]: the future every generated request method returns, and [`WithMeta`], the
//! success value together with the response's status and headers.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A success value with the status and headers of the response it came from (Zoom's `201`
/// carries `Content-Location`; rate-limit headers ride on successes).
///
/// Get one with [`Pending::with_meta`]: `client.create_users(&body).with_meta().await?`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WithMeta<T> {
    /// The value the method returns when awaited by itself.
    pub value: T,
    /// The HTTP status code (a 2xx).
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// How many times the request was sent (more than 1 after retries).
    pub attempts: u32,
}

impl<T> WithMeta<T> {
    /// The value of header `name`, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The value, leaving the status and headers.
    pub fn into_value(self) -> T {
        self.value
    }
}

/// What the future of a request yields, metadata included.
type Boxed<'a, T, E> = Pin<Box<dyn Future<Output = Result<WithMeta<T>, E>> + Send + 'a>>;

/// The future a generated request method returns: awaited, it sends the request and gives
/// `Result<T, E>`; [`Pending::with_meta`] gives the status and headers of a success too.
///
/// It is a named type, `Send` and `Unpin`: it can be stored, joined, returned as
/// `impl Future<Output = Result<T, E>>`, and awaited after the folder handle it came from is
/// gone (it borrows the client, `'a`). Nothing is sent until it is first polled.
#[must_use = "a request is sent only when its future is awaited"]
pub struct Pending<'a, T, E> {
    future: Boxed<'a, T, E>,
}

impl<T, E> std::fmt::Debug for Pending<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl<'a, T, E> Pending<'a, T, E> {
    /// A request future from one that yields the value with its metadata.
    pub fn new(future: impl Future<Output = Result<WithMeta<T>, E>> + Send + 'a) -> Self {
        Self {
            future: Box::pin(future),
        }
    }

    /// The same request, yielding the success value with the response's status and headers
    /// ([`WithMeta`]) instead of the value alone.
    pub fn with_meta(self) -> PendingWithMeta<'a, T, E> {
        PendingWithMeta {
            future: self.future,
        }
    }
}

impl<T, E> Future for Pending<'_, T, E> {
    type Output = Result<T, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future
            .as_mut()
            .poll(cx)
            .map(|result| result.map(WithMeta::into_value))
    }
}

/// The future of [`Pending::with_meta`]: `Result<WithMeta<T>, E>`.
#[must_use = "a request is sent only when its future is awaited"]
pub struct PendingWithMeta<'a, T, E> {
    future: Boxed<'a, T, E>,
}

impl<T, E> std::fmt::Debug for PendingWithMeta<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingWithMeta").finish_non_exhaustive()
    }
}

impl<T, E> Future for PendingWithMeta<'_, T, E> {
    type Output = Result<WithMeta<T>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(value: u8) -> WithMeta<u8> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-rate-limit", "9".parse().unwrap());
        WithMeta {
            value,
            status: 201,
            headers,
            attempts: 1,
        }
    }

    fn assert_send_unpin<F: Send + Unpin>(_: &F) {}

    #[tokio::test]
    async fn awaited_alone_or_with_its_metadata() {
        let pending: Pending<'_, u8, String> = Pending::new(async { Ok(meta(7)) });
        assert_send_unpin(&pending);
        assert_eq!(pending.await, Ok(7));
        let with = Pending::<u8, String>::new(async { Ok(meta(8)) })
            .with_meta()
            .await
            .unwrap();
        assert_eq!((with.value, with.status), (8, 201));
        assert_eq!(with.header("x-rate-limit"), Some("9"));
        let failed = Pending::<u8, String>::new(async { Err("no".to_owned()) });
        assert_eq!(failed.await, Err("no".to_owned()));
    }
}
