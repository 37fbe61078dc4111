//! [`RetryPolicy`]: when a call is sent again, and how long it waits first.

use std::time::{Duration, SystemTime};

use crate::{ApiResponse, Fault};

/// When a call is sent again, and how long it waits before each new attempt. A client without
/// one (the default) sends each request once.
///
/// [`RetryPolicy::default`] makes at most [`RetryPolicy::DEFAULT_MAX_ATTEMPTS`] (3) attempts
/// in all, after a `429 Too Many Requests`, a `503 Service Unavailable` or a connection error
/// (nothing reached the server), and only for idempotent methods: `GET`, `HEAD`, `PUT`,
/// `DELETE`, `OPTIONS` (and `TRACE`). Before each new attempt it waits:
///
/// - what the response's `Retry-After` says, in seconds or as an HTTP date, if it says no
///   more than [`RetryPolicy::max_delay`] (60 s by default); a longer `Retry-After` is not
///   waited for: that response is returned at once;
/// - else an exponential backoff with jitter: attempt `n` waits between half and all of
///   `base_delay × 2ⁿ⁻¹` (500 ms, 1 s, 2 s, ...), never more than the maximum delay.
///
/// The error after the last attempt is the last response's; its [`ApiResponse::attempts`]
/// says how many attempts were made, and its `Display` ends with `(after N attempts)`.
/// The client's timeout applies to each attempt, not to the waits between them.
///
/// ```
/// use std::time::Duration;
/// use postman_runtime::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_max_delay(Duration::from_secs(10))
///     .with_statuses(&[429, 502, 503, 504])
///     .with_non_idempotent(true);
/// assert_eq!(policy.max_attempts(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_delay: Duration,
    base_delay: Duration,
    statuses: Vec<u16>,
    connection_errors: bool,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            max_delay: Self::DEFAULT_MAX_DELAY,
            base_delay: Self::DEFAULT_BASE_DELAY,
            statuses: vec![429, 503],
            connection_errors: true,
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The attempts [`RetryPolicy::default`] makes in all: 3.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// The longest wait [`RetryPolicy::default`] accepts: 60 seconds.
    pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(60);
    /// The first backoff of [`RetryPolicy::default`] when the server gives no `Retry-After`:
    /// 500 ms, doubled for each attempt after it.
    pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(500);

    /// The same as [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes at most `attempts` attempts in all, the first included (`0` counts as `1`:
    /// no retry).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Waits at most `delay` before an attempt: a `Retry-After` over it is not waited for
    /// (the response is returned), and the backoff stops growing at it.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The backoff before the second attempt when the server gives no `Retry-After`
    /// (doubled for each attempt after it, with jitter).
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Retries after these statuses (by default `429` and `503`).
    pub fn with_statuses(mut self, statuses: &[u16]) -> Self {
        self.statuses = statuses.to_vec();
        self
    }

    /// Whether connection errors (the request never reached the server) are retried
    /// (by default they are).
    pub fn with_connection_errors(mut self, retry: bool) -> Self {
        self.connection_errors = retry;
        self
    }

    /// Whether `POST`, `PATCH` and other methods that are not idempotent are retried too
    /// (by default they are not: the server may have acted on the first attempt).
    pub fn with_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The most attempts made, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest wait before an attempt.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The first backoff.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The statuses retried.
    pub fn statuses(&self) -> &[u16] {
        &self.statuses
    }

    /// Whether a request with `method` may be sent more than once.
    pub fn allows_method(&self, method: &str) -> bool {
        self.max_attempts > 1 && (self.non_idempotent || is_idempotent(method))
    }

    /// How long to wait before attempt `attempt + 1`, after attempt `attempt` (from 1) ended
    /// with `outcome`; `None` when it is not to be retried. `now` reads HTTP dates.
    pub(crate) fn delay_after(
        &self,
        attempt: u32,
        outcome: &Result<ApiResponse, Fault>,
        now: SystemTime,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match outcome {
            Ok(response) if self.statuses.contains(&response.status) => {
                match response.retry_after() {
                    Some(value) => {
                        // A `Retry-After` that cannot be read is ignored, as if absent.
                        match parse_retry_after(value, now) {
                            Some(wait) if wait > self.max_delay => None,
                            Some(wait) => Some(wait),
                            None => Some(self.backoff(attempt, jitter())),
                        }
                    }
                    None => Some(self.backoff(attempt, jitter())),
                }
            }
            Err(Fault::Transport(error)) if self.connection_errors && error.is_connect() => {
                Some(self.backoff(attempt, jitter()))
            }
            _ => None,
        }
    }

    /// The backoff after attempt `attempt` (from 1): `base × 2^(attempt-1)`, capped at the
    /// maximum delay, of which the second half is scaled by `random` (equal jitter).
    fn backoff(&self, attempt: u32, random: u64) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let full = self
            .base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let half = full / 2;
        let spread = full.saturating_sub(half);
        // `random` in 0..=u64::MAX picks a point of `spread`.
        let nanos = spread.as_nanos();
        let picked = nanos.saturating_mul(u128::from(random)) / u128::from(u64::MAX);
        half.saturating_add(Duration::from_nanos(
            u64::try_from(picked).unwrap_or(u64::MAX),
        ))
    }
}

/// Whether `method` is idempotent (RFC 9110 §9.2.2): sending it twice does what sending it
/// once does.
pub(crate) fn is_idempotent(method: &str) -> bool {
    matches!(
        method,
        "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE"
    )
}

/// A random number for the jitter: the standard library's randomly keyed hasher, fed the time
/// (good enough to spread clients apart; not for secrets).
fn jitter() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// What a `Retry-After` value asks to wait, from `now`: delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, and the obsolete RFC 850 and asctime forms); a date in
/// the past is no wait. `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits to fit is a very long wait, not an unreadable one.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Waits `delay`, with tokio's timer (the `tokio` feature, on by default).
#[cfg(feature = "tokio")]
pub(crate) async fn sleep(delay: Duration) {
    tokio::time::sleep(delay).await;
}

/// Waits `delay` without an async runtime's timer: a thread sleeps and wakes the task.
#[cfg(not(feature = "tokio"))]
pub(crate) async fn sleep(delay: Duration) {
    use std::sync::{Arc, Mutex};
    use std::task::{Poll, Waker};

    if delay.is_zero() {
        return;
    }
    // `(done, waker)`, shared with the thread.
    let state: Arc<Mutex<(bool, Option<Waker>)>> = Arc::default();
    let shared = Arc::clone(&state);
    let spawned = std::thread::Builder::new()
        .name("postman-runtime-retry".to_owned())
        .spawn(move || {
            std::thread::sleep(delay);
            if let Ok(mut state) = shared.lock() {
                state.0 = true;
                if let Some(waker) = state.1.take() {
                    waker.wake();
                }
            }
        });
    if spawned.is_err() {
        // No thread: the retry goes ahead without waiting.
        return;
    }
    std::future::poll_fn(|cx| match state.lock() {
        Ok(mut state) if !state.0 => {
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
        _ => Poll::Ready(()),
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<&str>) -> Result<ApiResponse, Fault> {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert("retry-after", value.parse().unwrap());
        }
        Ok(ApiResponse::new(status, headers, Vec::new()))
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_400); // 07:26:40
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(80))
        );
        // The obsolete forms a recipient must read too (RFC 9110 §5.6.7).
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", now),
            Some(Duration::from_secs(80))
        );
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:28:00 2015", now),
            Some(Duration::from_secs(80))
        );
        // A date in the past: no wait.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in ["", "-1", "1.5", "soon", "Wed, 32 Oct 2015 07:28:00 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn backoff_doubles_within_bounds_and_the_cap() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_secs(1));
        for (attempt, full) in [
            (1, 100),
            (2, 200),
            (3, 400),
            (4, 800),
            (5, 1000),
            (40, 1000),
        ] {
            let full = Duration::from_millis(full);
            assert_eq!(policy.backoff(attempt, 0), full / 2, "attempt {attempt}");
            assert_eq!(policy.backoff(attempt, u64::MAX), full, "attempt {attempt}");
            let some = policy.backoff(attempt, jitter());
            assert!(some >= full / 2 && some <= full, "{some:?}");
        }
        let huge = RetryPolicy::default().with_base_delay(Duration::MAX);
        assert_eq!(huge.backoff(3, u64::MAX), RetryPolicy::DEFAULT_MAX_DELAY);
    }

    #[test]
    fn only_idempotent_methods_are_retried_unless_allowed() {
        let policy = RetryPolicy::default();
        for method in ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"] {
            assert!(policy.allows_method(method), "{method}");
        }
        for method in ["POST", "PATCH", "PROPFIND"] {
            assert!(!policy.allows_method(method), "{method}");
        }
        let all = policy.clone().with_non_idempotent(true);
        assert!(all.allows_method("POST") && all.allows_method("PATCH"));
        // One attempt in all is no retry, whatever the method.
        assert!(!all.with_max_attempts(0).allows_method("GET"));
    }

    #[test]
    fn what_is_retried_and_how_long_it_waits() {
        let now = SystemTime::now();
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay_after(1, &response(429, Some("2")), now),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.delay_after(2, &response(503, Some("0")), now),
            Some(Duration::ZERO)
        );
        // The last attempt is not followed by another.
        assert_eq!(policy.delay_after(3, &response(429, Some("1")), now), None);
        // Over the cap: returned at once.
        assert_eq!(policy.delay_after(1, &response(429, Some("61")), now), None);
        assert_eq!(
            policy.delay_after(1, &response(429, Some("60")), now),
            Some(Duration::from_secs(60))
        );
        // No (readable) Retry-After: the backoff.
        for value in [None, Some("later")] {
            let wait = policy.delay_after(1, &response(503, value), now).unwrap();
            assert!(wait >= Duration::from_millis(250) && wait <= Duration::from_millis(500));
        }
        // Other statuses and faults are returned.
        for status in [200, 400, 500, 502] {
            assert_eq!(policy.delay_after(1, &response(status, None), now), None);
        }
        assert_eq!(
            policy.delay_after(1, &Err(Fault::Request("bad".into())), now),
            None
        );
        let more = policy.with_statuses(&[500]);
        assert!(more.delay_after(1, &response(500, None), now).is_some());
        assert_eq!(more.delay_after(1, &response(429, None), now), None);
    }

    #[tokio::test]
    async fn sleep_waits() {
        let start = std::time::Instant::now();
        sleep(Duration::from_millis(30)).await;
        assert!(start.elapsed() >= Duration::from_millis(30));
    }
}
