//! [`ClientCore`]: what a generated `Client` holds besides its credentials.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::cookie::CookieStore;
use reqwest::header::{HeaderValue, COOKIE, SET_COOKIE};

use crate::redirect::{Credentials, Hop};
use crate::{ApiResponse, Fault, Redirects, RetryPolicy};

/// A request-signing hook, for auth kinds a generated client does not compute itself: it gets
/// the auth kind (`"oauth1"`, `"hawk"`, ...) and the finished request, and may change its
/// headers, URL or body.
pub type Signer = dyn Fn(&str, &mut reqwest::Request) -> Result<(), String> + Send + Sync;

/// The state every generated `Client` shares: the base URL, the HTTP client, the collection
/// variables, the signing hook and the limits below. Cheap to clone: the HTTP client, the hook
/// and the cookie jar are shared.
///
/// # Guarantees
///
/// - **Redirects** are followed by the runtime itself, hop by hop, as [`Redirects`] says:
///   by default only within the origin the request was built for, at most
///   [`ClientCore::SAME_ORIGIN_HOPS`] times, never turning a `POST` into a `GET`; a redirect
///   not followed is [`Fault::Redirect`]. No `Referer` is sent.
/// - **Bodies** are read up to a limit ([`ClientCore::set_body_limits`]): by default
///   [`ClientCore::DEFAULT_SUCCESS_LIMIT`] for `2xx` responses and
///   [`ClientCore::DEFAULT_ERROR_LIMIT`] for the others. A `Content-Length` over the limit is
///   refused before reading; a body without one is counted as it arrives (after decompression)
///   and the connection dropped as soon as it passes the limit: [`Fault::TooLarge`].
/// - **Timeouts**: a call, redirects and body included, takes at most
///   [`ClientCore::DEFAULT_TIMEOUT`] unless [`ClientCore::set_timeout`] says otherwise, and
///   connecting at most [`ClientCore::DEFAULT_CONNECT_TIMEOUT`]. A timeout is
///   [`Fault::Transport`]`(error)` with `error.is_timeout()`.
/// - **Retries**: none unless [`ClientCore::set_retry`] sets a [`RetryPolicy`]; then a
///   request a [`Call`](crate::Call) sends is sent again as the policy says (the timeout
///   applies to each attempt). [`ClientCore::execute`] sends once.
/// - **Compression**: `gzip`, `br` and `deflate` replies are decoded (`zstd` too with this
///   crate's `zstd` feature).
///
/// These hold for the HTTP client that [`ClientCore::new`] builds. With one of your own
/// ([`ClientCore::set_http_client`]), the total timeout, body limits and cookie store still
/// hold, but redirects are only the runtime's to check if that client follows none
/// (`reqwest::redirect::Policy::none()`): a client that follows them itself (reqwest's default
/// follows up to 10, to any origin, keeping custom headers such as `X-Api-Key`) does so before
/// the runtime sees them. Its connect timeout is its own.
#[derive(Clone)]
pub struct ClientCore {
    base_url: String,
    /// `None` when the HTTP client could not be built (see [`ClientCore::new`]).
    http: Option<reqwest::Client>,
    variables: BTreeMap<String, String>,
    signer: Option<Arc<Signer>>,
    redirects: Redirects,
    success_limit: u64,
    error_limit: u64,
    timeout: Duration,
    cookies: Option<Arc<reqwest::cookie::Jar>>,
    retry: Option<RetryPolicy>,
}

impl std::fmt::Debug for ClientCore {
    // Variables may hold secrets, and the hook is opaque: only the base URL is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .field("redirects", &self.redirects)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// The most redirects [`Redirects::SameOrigin`] follows for one call.
    pub const SAME_ORIGIN_HOPS: usize = 10;
    /// The default limit of a `2xx` response's body: 32 MiB.
    pub const DEFAULT_SUCCESS_LIMIT: u64 = 32 * 1024 * 1024;
    /// The default limit of any other response's body: 1 MiB.
    pub const DEFAULT_ERROR_LIMIT: u64 = 1024 * 1024;
    /// The default time a whole call may take, redirects and body included: 30 seconds.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// The time connecting may take, on the HTTP client [`ClientCore::new`] builds: 10 seconds.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// Sends requests to `base_url` (a trailing `/` is ignored; a path prefix is kept) with an
    /// HTTP client built for the guarantees above: it follows no redirect itself (the runtime
    /// does), sends no `Referer`, connects within [`ClientCore::DEFAULT_CONNECT_TIMEOUT`] and
    /// decodes compressed replies.
    ///
    /// Never panics: if the HTTP client cannot be built (a TLS backend or the system's
    /// resolver configuration that fails to load), building is tried again for each call,
    /// and a call that still cannot build it fails with [`Fault::Transport`].
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: trim_base_url(base_url.into()),
            http: build_http().ok(),
            variables: BTreeMap::new(),
            signer: None,
            redirects: Redirects::default(),
            success_limit: Self::DEFAULT_SUCCESS_LIMIT,
            error_limit: Self::DEFAULT_ERROR_LIMIT,
            timeout: Self::DEFAULT_TIMEOUT,
            cookies: None,
            retry: None,
        }
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends requests to `base_url` instead (a trailing `/` is ignored).
    pub fn set_base_url(&mut self, base_url: impl Into<String>) {
        self.base_url = trim_base_url(base_url.into());
    }

    /// The HTTP client requests are sent with; `None` if [`ClientCore::new`] could not build
    /// one.
    pub fn http(&self) -> Option<&reqwest::Client> {
        self.http.as_ref()
    }

    /// The HTTP client, or a new one, or why none can be built.
    pub(crate) fn client(&self) -> Result<reqwest::Client, reqwest::Error> {
        match &self.http {
            Some(http) => Ok(http.clone()),
            None => build_http(),
        }
    }

    /// Sends requests with `http` (for proxies, TLS settings or middleware). Build it with
    /// `.redirect(reqwest::redirect::Policy::none())` and `.referer(false)`: the runtime then
    /// follows redirects as [`ClientCore::set_redirects`] says. A client that follows
    /// redirects itself does so unchecked, before the runtime sees them, credentials
    /// included: see [`ClientCore`]'s guarantees.
    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = Some(http);
    }

    /// Which redirects are followed.
    pub fn redirects(&self) -> Redirects {
        self.redirects
    }

    /// Sets which redirects are followed (by default [`Redirects::SameOrigin`]).
    pub fn set_redirects(&mut self, redirects: Redirects) {
        self.redirects = redirects;
    }

    /// The body limits in bytes: of `2xx` responses, then of the others.
    pub fn body_limits(&self) -> (u64, u64) {
        (self.success_limit, self.error_limit)
    }

    /// Sets the most bytes read of a `2xx` response's body (`success`, by default
    /// [`ClientCore::DEFAULT_SUCCESS_LIMIT`]) and of any other's (`error`, by default
    /// [`ClientCore::DEFAULT_ERROR_LIMIT`]); a larger body is [`Fault::TooLarge`]. Decoded
    /// bytes are counted: a small compressed reply that unpacks past the limit is refused.
    pub fn set_body_limits(&mut self, success: u64, error: u64) {
        self.success_limit = success;
        self.error_limit = error;
    }

    /// The most time a call may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sets the most time a call may take, from connecting to the last byte of the body,
    /// redirects included (by default [`ClientCore::DEFAULT_TIMEOUT`]). A call that takes
    /// longer fails with [`Fault::Transport`]`(error)`, `error.is_timeout()`. It applies to
    /// every request, whichever HTTP client sends it; `Duration::MAX` sets none.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// When calls are sent again; `None` (the default) sends each once.
    pub fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Sends calls again as `policy` says (see [`RetryPolicy`]). A policy of one attempt
    /// sends each once.
    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Whether cookies are kept.
    pub fn cookie_store(&self) -> bool {
        self.cookies.is_some()
    }

    /// Keeps cookies (`true`): the cookies every response sets (redirects included) are sent
    /// with later requests to where they belong, as a browser would, by every clone of this
    /// core. `false` forgets them and sends none. Off by default. The jar is the runtime's, so
    /// it works with any HTTP client; do not also give that client a cookie store.
    pub fn set_cookie_store(&mut self, enable: bool) {
        match (enable, &self.cookies) {
            (true, None) => self.cookies = Some(Arc::default()),
            (false, _) => self.cookies = None,
            (true, Some(_)) => {}
        }
    }

    /// Sets collection variable `name`.
    pub fn set_variable(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.variables.insert(name.into(), value.into());
    }

    /// The value of collection variable `name`, or what to do when it is not set.
    pub fn variable(&self, name: &str) -> Result<&str, String> {
        self.variables.get(name).map(String::as_str).ok_or_else(|| {
            format!("the collection variable `{name}` is not set: call `Client::with_variable`")
        })
    }

    /// Sets the hook that signs requests of the auth kinds the client does not compute.
    pub fn set_signer(
        &mut self,
        signer: impl Fn(&str, &mut reqwest::Request) -> Result<(), String> + Send + Sync + 'static,
    ) {
        self.signer = Some(Arc::new(signer));
    }

    /// Signs `request` for auth `kind` with the hook, or says that there is none.
    pub fn sign(
        &self,
        kind: &str,
        mut request: reqwest::Request,
    ) -> Result<reqwest::Request, String> {
        match &self.signer {
            Some(signer) => {
                signer(kind, &mut request)?;
                Ok(request)
            }
            None => Err(format!(
                "this request uses `{kind}` auth: sign it with `Client::with_signer`"
            )),
        }
    }

    /// Sends `request`, follows its redirects as [`ClientCore::set_redirects`] says, and reads
    /// the final response's body within the limits. Any status comes back as a response
    /// (a `3xx` when a redirect was not followed); the errors are [`Fault::Transport`] and
    /// [`Fault::TooLarge`]. Of the request's headers, only the standard credential ones
    /// (`Authorization`, `Cookie`, ...) are known as credentials here: [`Call`](crate::Call)
    /// also drops the API keys its authorizers set.
    pub async fn execute(&self, request: reqwest::Request) -> Result<ApiResponse, Fault> {
        let http = self.client().map_err(Fault::Transport)?;
        self.execute_with(&http, request, &Credentials::default())
            .await
    }

    /// [`ClientCore::execute`] with `http`, knowing what of `request` carries credentials.
    pub(crate) async fn execute_with(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        credentials: &Credentials,
    ) -> Result<ApiResponse, Fault> {
        let origin = request.url().clone();
        let deadline = Instant::now().checked_add(self.timeout);
        let mut followed = 0;
        loop {
            // A copy for the next hop, before this hop's cookies are added.
            let copy = request.try_clone();
            self.add_cookies(&mut request);
            if let Some(deadline) = deadline {
                // At least a millisecond: a spent deadline times out at once, as a timeout.
                let left = deadline.saturating_duration_since(Instant::now());
                *request.timeout_mut() = Some(left.max(Duration::from_millis(1)));
            }
            let response = http.execute(request).await.map_err(Fault::Transport)?;
            if let Some(jar) = &self.cookies {
                jar.set_cookies(
                    &mut response.headers().get_all(SET_COOKIE).iter(),
                    response.url(),
                );
            }
            if response.status().is_redirection() {
                let hop = Hop {
                    status: response.status(),
                    location: response.headers().get(reqwest::header::LOCATION),
                    from: response.url(),
                    followed,
                };
                if let Some(next) = self.redirects.follow(&hop, copy, &origin, credentials) {
                    request = next;
                    followed += 1;
                    continue;
                }
            }
            return self.read(response).await;
        }
    }

    /// Adds the jar's cookies for the request's URL to those it has.
    fn add_cookies(&self, request: &mut reqwest::Request) {
        let Some(cookies) = self
            .cookies
            .as_ref()
            .and_then(|jar| jar.cookies(request.url()))
        else {
            return;
        };
        let headers = request.headers_mut();
        let value = match headers.get(COOKIE) {
            Some(own) => {
                let mut both = own.as_bytes().to_vec();
                both.extend_from_slice(b"; ");
                both.extend_from_slice(cookies.as_bytes());
                HeaderValue::from_bytes(&both).unwrap_or(cookies)
            }
            None => cookies,
        };
        headers.insert(COOKIE, value);
    }

    /// Reads the body of `response` within the limit for its status, into one buffer.
    async fn read(&self, mut response: reqwest::Response) -> Result<ApiResponse, Fault> {
        let status = response.status().as_u16();
        let limit = if response.status().is_success() {
            self.success_limit
        } else {
            self.error_limit
        };
        let too_large = || Fault::TooLarge { status, limit };
        // Known for a plain body; unknown (`None`) for a chunked or a decompressed one.
        let announced = response.content_length();
        if announced.is_some_and(|length| length > limit) {
            return Err(too_large());
        }
        let headers = std::mem::take(response.headers_mut());
        let capacity = usize::try_from(announced.unwrap_or(0)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        while let Some(chunk) = response.chunk().await.map_err(Fault::Transport)? {
            let length = u64::try_from(bytes.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
            if length > limit {
                // Dropping the response closes the connection: the rest is never read.
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(ApiResponse::new(status, headers, bytes))
    }
}

/// The HTTP client of [`ClientCore::new`].
fn build_http() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .connect_timeout(ClientCore::DEFAULT_CONNECT_TIMEOUT)
        // The total timeout is set on each request (`ClientCore::set_timeout`), not here.
        .build()
}

fn trim_base_url(mut base_url: String) -> String {
    while base_url.ends_with('/') {
        base_url.pop();
    }
    base_url
}

#[cfg(test)]
mod tests {
    use super::ClientCore;

    #[test]
    fn base_urls_lose_trailing_slashes_only() {
        let mut core = ClientCore::new("https://api.example.com/v2//");
        assert_eq!(core.base_url(), "https://api.example.com/v2");
        core.set_base_url("http://127.0.0.1:1/");
        assert_eq!(core.base_url(), "http://127.0.0.1:1");
    }

    #[test]
    fn variables_are_set_or_say_what_to_do() {
        let mut core = ClientCore::new("http://x");
        core.set_variable("region", "eu");
        assert_eq!(core.variable("region"), Ok("eu"));
        let missing = core.variable("tenant").unwrap_err();
        assert!(missing.contains("`tenant` is not set"), "{missing}");
    }

    #[test]
    fn debug_shows_no_variables() {
        let mut core = ClientCore::new("http://x");
        core.set_variable("token", "secret");
        let shown = format!("{core:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn signing_needs_a_hook() {
        let mut core = ClientCore::new("http://x");
        let request = || reqwest::Request::new(reqwest::Method::GET, "http://x/".parse().unwrap());
        let error = core.sign("hawk", request()).unwrap_err();
        assert!(error.contains("`hawk` auth"), "{error}");
        core.set_signer(|kind, request| {
            request
                .headers_mut()
                .insert("x-signed", kind.parse().map_err(|_| "bad".to_owned())?);
            Ok(())
        });
        let signed = core.sign("hawk", request()).unwrap();
        assert_eq!(signed.headers()["x-signed"], "hawk");
    }
}
