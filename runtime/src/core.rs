//! [`ClientCore`]: what a generated `Client` holds besides its credentials.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ApiResponse;

/// A request-signing hook, for auth kinds a generated client does not compute itself: it gets
/// the auth kind (`"oauth1"`, `"hawk"`, ...) and the finished request, and may change its
/// headers, URL or body.
pub type Signer = dyn Fn(&str, &mut reqwest::Request) -> Result<(), String> + Send + Sync;

/// The state every generated `Client` shares: the base URL, the HTTP client, the collection
/// variables and the signing hook. Cheap to clone: the HTTP client and the hook are shared.
#[derive(Clone)]
pub struct ClientCore {
    base_url: String,
    http: reqwest::Client,
    variables: BTreeMap<String, String>,
    signer: Option<Arc<Signer>>,
}

impl std::fmt::Debug for ClientCore {
    // Variables may hold secrets, and the hook is opaque: only the base URL is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCore")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl ClientCore {
    /// Sends requests to `base_url` (a trailing `/` is ignored; a path prefix is kept) with a
    /// default `reqwest::Client`.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: trim_base_url(base_url.into()),
            http: reqwest::Client::new(),
            variables: BTreeMap::new(),
            signer: None,
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

    /// The HTTP client requests are sent with.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Sends requests with `http` (for timeouts, proxies, TLS settings or middleware).
    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = http;
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

    /// Sends `request` and reads the whole response.
    pub async fn execute(&self, request: reqwest::Request) -> Result<ApiResponse, reqwest::Error> {
        let response = self.http.execute(request).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await?;
        Ok(ApiResponse::new(status, headers, bytes.to_vec()))
    }
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
