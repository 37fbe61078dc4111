//! [`Call`]: the request an operation method puts together and sends.

use crate::redirect::Credentials;
use crate::{ApiResponse, ClientCore, Fault, Pages, Paging, Pending, WithMeta};

/// A request being put together by an operation method: URL first, then query, headers,
/// body and credentials. The first problem with an argument is kept and returned by the
/// `send_*` methods instead of sending anything, so a generated method is a list of plain
/// statements ending in one `send_*` call, with no `?` at each step.
///
/// The call knows which of its headers and query parameters carry credentials (those its
/// authorizers and [`Call::secret_header`] / [`Call::secret_query`] set), so that a redirect
/// followed to another origin drops them (see [`Redirects`](crate::Redirects)).
#[derive(Debug)]
pub struct Call<'a> {
    core: &'a ClientCore,
    /// The HTTP client; `None` when it could not be built, and then why in `unbuilt`.
    http: Option<reqwest::Client>,
    unbuilt: Option<reqwest::Error>,
    method: reqwest::Method,
    url: String,
    request: Option<reqwest::RequestBuilder>,
    sign: Option<&'static str>,
    /// The signing scheme that signs the finished request (OAuth 1.0a, AWS, ...).
    signer: Option<SignStep>,
    /// HTTP Digest: answered after a first request fetches the challenge.
    #[cfg(feature = "digest")]
    pub(crate) digest: Option<crate::auth::DigestKeys>,
    credentials: Credentials,
    problem: Option<String>,
    /// The query, in order: `(key, Some(value))` is `key=value`, `(key, None)` a bare `key`.
    /// Added to the URL when the request is finished (a request builder cannot add a bare key).
    query: Vec<(String, Option<String>)>,
}

impl<'a> Call<'a> {
    /// A request to the client's base URL.
    pub fn new(core: &'a ClientCore, method: &str) -> Self {
        Self::at(core, method, core.base_url())
    }

    /// A request to `base` (an operation whose URL has a host of its own).
    pub fn at(core: &'a ClientCore, method: &str, base: &str) -> Self {
        let (http, unbuilt) = match core.client() {
            Ok(http) => (Some(http), None),
            Err(error) => (None, Some(error)),
        };
        let mut call = Self {
            core,
            http,
            unbuilt,
            method: reqwest::Method::GET,
            url: String::from(base),
            request: None,
            sign: None,
            signer: None,
            #[cfg(feature = "digest")]
            digest: None,
            credentials: Credentials::default(),
            problem: None,
            query: Vec::new(),
        };
        match reqwest::Method::from_bytes(method.as_bytes()) {
            Ok(method) => call.method = method,
            Err(_) => call.fail(format!("`{method}` is not a valid HTTP method")),
        }
        call
    }

    /// Keeps `problem` unless an earlier one is kept already.
    pub fn fail(&mut self, problem: String) {
        if self.problem.is_none() {
            self.problem = Some(problem);
        }
    }

    /// Adds `text` to the URL as it is.
    pub fn path(&mut self, text: &str) {
        self.url.push_str(text);
    }

    /// Adds `value` to the URL as one percent-encoded path segment (argument `name`).
    pub fn segment(&mut self, name: &str, value: &str) {
        match path_segment(name, value) {
            Ok(segment) => self.url.push_str(&segment),
            Err(problem) => self.fail(problem),
        }
    }

    /// Adds the value of collection variable `name` to the URL.
    pub fn variable(&mut self, name: &str) {
        match self.core.variable(name) {
            Ok(value) => self.url.push_str(value),
            Err(problem) => self.fail(problem),
        }
    }

    /// Drops the `/`s that end the URL so far (a templated base URL's).
    pub fn trim_end(&mut self) {
        let len = self.url.trim_end_matches('/').len();
        self.url.truncate(len);
    }

    /// The request builder, made from the URL on first use; `None` without an HTTP client.
    /// A URL without a scheme (`httpbin.org/get`, `//httpbin.org/get`) is sent over `http`,
    /// as Postman sends it.
    fn request(&mut self) -> Option<reqwest::RequestBuilder> {
        match self.request.take() {
            Some(request) => Some(request),
            None => {
                let url = with_default_scheme(std::mem::take(&mut self.url));
                self.http
                    .as_ref()
                    .map(|http| http.request(self.method.clone(), url))
            }
        }
    }

    /// Applies `step` to the request builder.
    pub(crate) fn map_request(
        &mut self,
        step: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) {
        self.request = self.request().map(step);
    }

    /// Adds the query pair `key=value`.
    pub fn query(&mut self, key: &str, value: &str) {
        self.query
            .push((String::from(key), Some(String::from(value))));
    }

    /// Adds `key` to the query bare, without `=` or a value (`?flag`): a query key that
    /// Postman sends with no value. It is encoded as the keys of pairs are, in its place
    /// among them.
    pub fn query_flag(&mut self, key: &str) {
        self.query.push((String::from(key), None));
    }

    /// Adds a query pair `key=value` for each of `values`.
    pub fn query_all<S: AsRef<str>>(&mut self, key: &str, values: &[S]) {
        for value in values {
            self.query(key, value.as_ref());
        }
    }

    /// Sets header `name`, refusing values that would break the request.
    pub fn header(&mut self, name: &str, value: &str) {
        match header_value(name, value) {
            Ok(value) => self.map_request(|request| request.header(name, value)),
            Err(problem) => self.fail(problem),
        }
    }

    /// Sets header `name`, which carries a credential: a redirect followed to another origin
    /// drops it. The authorizers ([`Call::api_key_header`], ...) use it; so should a header
    /// whose value is a secret (a collection header set from a token variable).
    pub fn secret_header(&mut self, name: &str, value: &str) {
        self.header(name, value);
        self.mark_secret_header(name);
    }

    /// Records that header `name` carries a credential.
    pub(crate) fn mark_secret_header(&mut self, name: &str) {
        if let Ok(name) = reqwest::header::HeaderName::from_bytes(name.as_bytes()) {
            self.credentials.headers.push(name);
        }
    }

    /// Adds the query pair `key=value`, which carries a credential: a redirect followed to
    /// another origin drops every `key` parameter.
    pub fn secret_query(&mut self, key: &str, value: &str) {
        self.query(key, value);
        self.credentials.query.push(String::from(key));
    }

    /// Sends `body` as JSON (with `Content-Type: application/json` unless one is set).
    pub fn body_json<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        self.map_request(|request| request.json(body));
    }

    /// Sends `body` URL-encoded.
    /// A list field is sent as its key repeated, once per value, in order.
    pub fn body_form<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_html_form::to_string(body) {
            Ok(encoded) => self.map_request(|request| {
                request
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .body(encoded)
            }),
            Err(error) => self.fail(format!("the form body cannot be encoded: {error}")),
        }
    }

    /// Sends the form, or keeps the reason it could not be made.
    pub fn body_multipart(&mut self, form: Result<reqwest::multipart::Form, String>) {
        match form {
            Ok(form) => self.map_request(|request| request.multipart(form)),
            Err(problem) => self.fail(problem),
        }
    }

    /// Sends `body` as it is.
    pub fn body_text(&mut self, body: &str) {
        let body = String::from(body);
        self.map_request(|request| request.body(body));
    }

    /// Sends `body` as it is.
    pub fn body_bytes(&mut self, body: Vec<u8>) {
        self.map_request(|request| request.body(body));
    }

    /// Signs the finished request with the client's signing hook (auth `kind`).
    pub fn sign(&mut self, kind: &'static str) {
        self.sign = Some(kind);
    }

    /// Signs the finished request with `step` (a scheme of [`auth`](crate::auth)): it runs
    /// after the query is added, on the request as it is sent. The request is then never
    /// followed to another origin.
    #[allow(dead_code)]
    pub(crate) fn sign_with(
        &mut self,
        step: impl Fn(&mut reqwest::Request) -> Result<(), String> + Send + Sync + 'static,
    ) {
        self.credentials.signed = true;
        self.signer = Some(SignStep(Box::new(step)));
    }

    /// The client's shared state.
    #[allow(dead_code)]
    pub(crate) fn core(&self) -> &'a ClientCore {
        self.core
    }

    /// Records that the request is signed: it is never followed to another origin.
    #[allow(dead_code)]
    pub(crate) fn mark_signed(&mut self) {
        self.credentials.signed = true;
    }

    /// The finished request, unsigned, or the first problem with the arguments.
    pub(crate) fn finish(&mut self) -> Result<reqwest::Request, Fault> {
        if let Some(problem) = self.problem.take() {
            return Err(Fault::Request(problem));
        }
        let mut request = match self.request() {
            Some(request) => request.build().map_err(Fault::Transport)?,
            None => {
                return Err(self.unbuilt.take().map_or_else(
                    || Fault::Request("the HTTP client could not be built".to_owned()),
                    Fault::Transport,
                ))
            }
        };
        if !self.query.is_empty() {
            let mut pairs = request.url_mut().query_pairs_mut();
            for (key, value) in self.query.drain(..) {
                match value {
                    Some(value) => pairs.append_pair(&key, &value),
                    None => pairs.append_key_only(&key),
                };
            }
        }
        Ok(request)
    }

    /// `request` signed with the client's hook and with the call's signing scheme, when it
    /// has them. Each attempt is signed anew (signatures often hold a timestamp or a nonce).
    fn signed(&mut self, mut request: reqwest::Request) -> Result<reqwest::Request, Fault> {
        if let Some(kind) = self.sign {
            self.credentials.signed = true;
            request = self.core.sign(kind, request).map_err(Fault::Request)?;
        }
        if let Some(SignStep(step)) = &self.signer {
            step(&mut request).map_err(Fault::Request)?;
        }
        Ok(request)
    }

    /// Sends one attempt (answering a Digest challenge when the call has Digest keys).
    async fn execute_once(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
    ) -> Result<ApiResponse, Fault> {
        #[cfg(feature = "digest")]
        if let Some(keys) = &self.digest {
            return self.send_digest(http, request, keys).await;
        }
        self.core
            .execute_with(http, request, &self.credentials)
            .await
    }

    /// The request as it would be sent, or why it cannot be (for tests).
    #[cfg(test)]
    pub(crate) fn build(mut self) -> Result<reqwest::Request, String> {
        self.finish()
            .and_then(|request| self.signed(request))
            .map_err(|fault| match fault {
                Fault::Request(problem) => problem,
                other => format!("{other:?}"),
            })
    }

    /// Sends the request: a 2xx response, or why there is none. Redirects are followed as
    /// the client's [`Redirects`](crate::Redirects) say; a `3xx` that ends the call is
    /// [`Fault::Redirect`], a body over the client's limit [`Fault::TooLarge`].
    ///
    /// With a client's [`RetryPolicy`](crate::RetryPolicy), a request whose method it allows
    /// is sent again as it says, each attempt from a copy of the finished request (a
    /// multipart body is read into memory once for that: its parts are in memory already),
    /// signed anew; the response is the last attempt's, its
    /// [`attempts`](ApiResponse::attempts) set.
    pub async fn send(mut self) -> Result<ApiResponse, Fault> {
        let request = self.finish()?;
        self.send_built(request).await
    }

    /// [`Call::send`] for `request`, finished from this call (each page of a paged list is
    /// one).
    pub(crate) async fn send_built(
        &mut self,
        mut request: reqwest::Request,
    ) -> Result<ApiResponse, Fault> {
        let http = match &self.http {
            Some(http) => http.clone(),
            None => self.core.client().map_err(Fault::Transport)?,
        };
        let core = self.core;
        let Some(policy) = core
            .retry()
            .filter(|policy| policy.allows_method(request.method().as_str()))
        else {
            let request = self.signed(request)?;
            let outcome = self.execute_once(&http, request).await;
            return settle(outcome, 1);
        };
        if request.try_clone().is_none() {
            replayable(&mut request).await?;
        }
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            let spare = if attempt < policy.max_attempts() {
                request.try_clone()
            } else {
                None
            };
            let signed = self.signed(request)?;
            let outcome = self.execute_once(&http, signed).await;
            let delay = spare
                .as_ref()
                .and_then(|_| policy.delay_after(attempt, &outcome, std::time::SystemTime::now()));
            match (spare, delay) {
                (Some(spare), Some(delay)) => {
                    drop(outcome);
                    crate::retry::sleep(delay).await;
                    request = spare;
                }
                _ => return settle(outcome, attempt),
            }
        }
    }

    /// HTTP Digest: sends a copy of `request` to fetch the challenge, then `request` with
    /// the answer. A first response that is not a `401` with a Digest challenge this can
    /// answer is the call's response.
    #[cfg(feature = "digest")]
    async fn send_digest(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        keys: &crate::auth::DigestKeys,
    ) -> Result<ApiResponse, Fault> {
        use crate::auth::digest;
        let probe = digest::probe(&request);
        let first = self
            .core
            .execute_with(http, probe, &self.credentials)
            .await?;
        let challenge = match first.status {
            401 => digest::challenge(&first.headers),
            _ => None,
        };
        let Some(challenge) = challenge else {
            return Ok(first);
        };
        digest::authorize(&mut request, &challenge, keys).map_err(Fault::Request)?;
        self.core
            .execute_with(http, request, &self.credentials)
            .await
    }

    /// Sends the request; a 2xx response as it arrived (for requests whose collection
    /// documents no success response).
    pub fn send_response<E: 'a>(self, fail: fn(Fault) -> E) -> Pending<'a, ApiResponse, E> {
        Pending::new(async move {
            let response = self.send().await.map_err(fail)?;
            let mut with = meta(response, |response| response);
            with.value.headers = with.headers.clone();
            Ok(with)
        })
    }

    /// Sends the request; the body of a 2xx response is read (within the limit) and dropped.
    pub fn send_unit<E: 'a>(self, fail: fn(Fault) -> E) -> Pending<'a, (), E> {
        Pending::new(async move {
            let response = self.send().await.map_err(fail)?;
            Ok(meta(response, drop))
        })
    }

    /// Sends the request; a 2xx response's body as text.
    pub fn send_text<E: 'a>(self, fail: fn(Fault) -> E) -> Pending<'a, String, E> {
        Pending::new(async move {
            let response = self.send().await.map_err(fail)?;
            Ok(meta(response, ApiResponse::into_text))
        })
    }

    /// Sends the request; a 2xx response's body as bytes.
    pub fn send_bytes<E: 'a>(self, fail: fn(Fault) -> E) -> Pending<'a, Vec<u8>, E> {
        Pending::new(async move {
            let response = self.send().await.map_err(fail)?;
            Ok(meta(response, |response| response.bytes))
        })
    }

    /// Sends the request; a 2xx response's body decoded by `decode` from its status and bytes
    /// (a request whose statuses have bodies of different types).
    pub fn send_decoded<T: 'a, E: 'a>(
        self,
        fail: fn(Fault) -> E,
        decode: fn(u16, &[u8]) -> Result<T, serde_json::Error>,
    ) -> Pending<'a, T, E> {
        Pending::new(async move {
            let response = self.send().await.map_err(fail)?;
            match decode(response.status, &response.bytes) {
                Ok(value) => Ok(meta(response, |_| value)),
                Err(error) => Err(fail(Fault::Body(Box::new(response), error))),
            }
        })
    }

    /// Sends the request for each page of a paged list, as `paging` says, and streams the
    /// items of every page ([`Pages`]).
    pub fn send_pages<T, E>(self, fail: fn(Fault) -> E, paging: Paging<T>) -> Pages<'a, T, E>
    where
        T: serde::de::DeserializeOwned + Send + 'a,
    {
        Pages::new(self, paging, fail)
    }

    /// Sends the request; a 2xx response's body decoded from JSON.
    pub fn send_json<T: serde::de::DeserializeOwned + 'a, E: 'a>(
        self,
        fail: fn(Fault) -> E,
    ) -> Pending<'a, T, E> {
        Pending::new(async move {
            let response = self.send().await.map_err(fail)?;
            match serde_json::from_slice(&response.bytes) {
                Ok(value) => Ok(meta(response, |_| value)),
                Err(error) => Err(fail(Fault::Body(Box::new(response), error))),
            }
        })
    }
}

/// What `value` makes of `response` (its headers taken out), with the response's status,
/// headers and attempts.
fn meta<T>(mut response: ApiResponse, value: impl FnOnce(ApiResponse) -> T) -> WithMeta<T> {
    let (status, attempts) = (response.status, response.attempts);
    let headers = std::mem::take(&mut response.headers);
    WithMeta {
        value: value(response),
        status,
        headers,
        attempts,
    }
}

/// The outcome of the last attempt: a 2xx response, or the fault it is.
fn settle(outcome: Result<ApiResponse, Fault>, attempts: u32) -> Result<ApiResponse, Fault> {
    let mut response = outcome?;
    response.attempts = attempts;
    if response.is_success() {
        Ok(response)
    } else if (300..400).contains(&response.status) {
        Err(Fault::Redirect(Box::new(response)))
    } else {
        Err(Fault::Status(Box::new(response)))
    }
}

/// Reads a streamed body (a multipart form's) into memory, so that the request can be copied
/// for each attempt.
pub(crate) async fn replayable(request: &mut reqwest::Request) -> Result<(), Fault> {
    use http_body::Body as _;
    let Some(body) = request.body_mut().take() else {
        return Ok(());
    };
    let mut body = std::pin::pin!(body);
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        if let Ok(data) = frame.map_err(Fault::Transport)?.into_data() {
            bytes.extend_from_slice(&data);
        }
    }
    *request.body_mut() = Some(reqwest::Body::from(bytes));
    Ok(())
}

/// A signing scheme's step, run on the finished request.
struct SignStep(Box<SignFn>);

/// What a [`SignStep`] runs.
type SignFn = dyn Fn(&mut reqwest::Request) -> Result<(), String> + Send + Sync;

impl std::fmt::Debug for SignStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignStep")
    }
}

/// `url` with `http://` in front when it has no scheme: `host/path` and `//host/path` (a
/// relative `/path` is left alone: it has no host either).
fn with_default_scheme(url: String) -> String {
    let has_scheme = url.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || url.is_empty() {
        url
    } else if url.starts_with("//") {
        format!("http:{url}")
    } else if url.starts_with('/') {
        url
    } else {
        format!("http://{url}")
    }
}

/// Percent-encodes `value` as exactly one path segment; `.`/`..`/empty would change the path.
fn path_segment(name: &str, value: &str) -> Result<String, String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(format!(
            "path parameter `{name}` must not be empty, `.` or `..`"
        ));
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Ok(out)
}

/// Refuses header values that would break the request (CR, LF and other controls).
fn header_value(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, String> {
    reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        format!("header `{name}` must not contain control characters such as CR or LF")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded_and_dot_segments_refused() {
        assert_eq!(
            path_segment("id", "a b/c?d#é").unwrap(),
            "a%20b%2Fc%3Fd%23%C3%A9"
        );
        assert_eq!(path_segment("id", "A-z.0_~").unwrap(), "A-z.0_~");
        for bad in ["", ".", ".."] {
            let error = path_segment("user_id", bad).unwrap_err();
            assert!(error.contains("`user_id`"), "{error}");
        }
        assert_eq!(path_segment("id", "...").unwrap(), "...");
    }

    #[test]
    fn the_url_is_built_in_order() {
        let mut core = ClientCore::new("http://127.0.0.1:9/v2/");
        core.set_variable("tenant", "t1");
        let mut call = Call::new(&core, "PATCH");
        call.path("/tenants/");
        call.variable("tenant");
        call.path("/users/");
        call.segment("user_id", "ada@example.com");
        call.query_all("tag", &["a", "b c"]);
        call.header("x-trace", "1");
        let request = call.build().unwrap();
        assert_eq!(request.method(), reqwest::Method::PATCH);
        assert_eq!(
            request.url().as_str(),
            "http://127.0.0.1:9/v2/tenants/t1/users/ada%40example.com?tag=a&tag=b+c"
        );
        assert_eq!(request.headers()["x-trace"], "1");
    }

    #[test]
    fn bare_query_keys_keep_their_place_and_encoding() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let mut call = Call::new(&core, "GET");
        call.path("/x");
        call.query("a", "1 2");
        call.query_flag("flag");
        call.query_all("b", &["&", "="]);
        call.query_flag("odd key&=é");
        call.header("x-trace", "1");
        assert_eq!(
            call.build().unwrap().url().as_str(),
            "http://127.0.0.1:9/x?a=1+2&flag&b=%26&b=%3D&odd+key%26%3D%C3%A9"
        );

        let mut call = Call::new(&core, "GET");
        call.query_flag("only");
        assert_eq!(
            call.build().unwrap().url().as_str(),
            "http://127.0.0.1:9/?only"
        );
        // No query at all leaves no `?`.
        let call = Call::new(&core, "GET");
        assert_eq!(call.build().unwrap().url().as_str(), "http://127.0.0.1:9/");
    }

    #[test]
    fn a_url_without_a_scheme_is_sent_over_http() {
        assert_eq!(
            with_default_scheme("httpbin.org/get".into()),
            "http://httpbin.org/get"
        );
        assert_eq!(
            with_default_scheme("//cdn.x:81/a".into()),
            "http://cdn.x:81/a"
        );
        assert_eq!(
            with_default_scheme("localhost:8080".into()),
            "http://localhost:8080"
        );
        for kept in ["https://a/b", "HTTP://a", "/relative", "", "svc+x://h"] {
            assert_eq!(with_default_scheme(kept.into()), kept);
        }
        // `://` after a path is no scheme.
        assert_eq!(with_default_scheme("h/x://y".into()), "http://h/x://y");
        let core = ClientCore::new("example.test:8080/v1");
        let mut call = Call::new(&core, "GET");
        call.path("/a");
        assert_eq!(
            call.build().unwrap().url().as_str(),
            "http://example.test:8080/v1/a"
        );
    }

    #[test]
    fn a_templated_base_loses_its_trailing_slash() {
        let core = ClientCore::new("http://unused");
        let mut call = Call::at(&core, "GET", "");
        call.path("http://127.0.0.1:9/");
        call.trim_end();
        call.path("/x");
        assert_eq!(call.build().unwrap().url().as_str(), "http://127.0.0.1:9/x");
    }

    #[test]
    fn the_first_problem_is_kept_and_nothing_is_built() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let mut call = Call::new(&core, "BAD METHOD");
        call.segment("id", "..");
        call.header("x", "a\r\nb");
        assert_eq!(
            call.build().unwrap_err(),
            "`BAD METHOD` is not a valid HTTP method"
        );
        let mut call = Call::new(&core, "GET");
        call.header("x", "a\r\nInjected: 1");
        call.variable("missing");
        let error = call.build().unwrap_err();
        assert!(error.contains("header `x`"), "{error}");
    }

    #[test]
    fn bodies_set_their_content_types() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let mut call = Call::new(&core, "POST");
        call.body_json(&serde_json::json!({"a": 1}));
        let request = call.build().unwrap();
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            request.body().and_then(|b| b.as_bytes()),
            Some(&br#"{"a":1}"#[..])
        );

        let mut call = Call::new(&core, "POST");
        call.body_form(&[("a", "1 2")]);
        let request = call.build().unwrap();
        assert_eq!(
            request.body().and_then(|b| b.as_bytes()),
            Some(&b"a=1+2"[..])
        );

        // A list is its key repeated.
        #[derive(serde::Serialize)]
        struct Token<'a> {
            #[serde(rename = "services[]")]
            services: Vec<&'a str>,
            note: Option<&'a str>,
        }
        let mut call = Call::new(&core, "POST");
        call.body_form(&Token {
            services: vec!["a", "b c"],
            note: None,
        });
        let request = call.build().unwrap();
        assert_eq!(
            request.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(
            request.body().and_then(|b| b.as_bytes()),
            Some(&b"services%5B%5D=a&services%5B%5D=b+c"[..])
        );

        let mut call = Call::new(&core, "POST");
        call.body_multipart(Err("no form".to_owned()));
        assert_eq!(call.build().unwrap_err(), "no form");
    }

    #[test]
    fn unsigned_requests_of_signed_kinds_are_refused() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let mut call = Call::new(&core, "GET");
        call.sign("hawk");
        assert!(call.build().unwrap_err().contains("`hawk`"));
    }
}
