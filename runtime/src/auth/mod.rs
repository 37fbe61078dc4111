//! Credentials: one authorizer per kind a generated client computes itself. Each kind is
//! a method of [`Call`] taking the credential the client holds (`None` when it is not set)
//! and the setters that set it, named in the error when it is missing.
//!
//! Each authorizer marks what it sets as a credential, so that a redirect followed to another
//! origin drops it (see [`Redirects`](crate::Redirects)).
//!
//! The signing schemes are each behind a cargo feature of this crate, so that a client pays
//! only for those it uses: `oauth1` (OAuth 1.0a), `digest` (HTTP Digest, RFC 7616),
//! `aws-sigv4` (AWS Signature Version 4), `hawk` and `edgegrid` (Akamai EdgeGrid). A
//! generated module's header names the features it needs. Each signs the finished request
//! (method, URL with its query, headers and body), and a signed request is never followed
//! to another origin.
//!
//! Kinds the client does not compute (NTLM) go through the signing hook
//! ([`ClientCore::set_signer`](crate::ClientCore::set_signer)).

use crate::Call;

#[cfg(any(
    feature = "oauth1",
    feature = "digest",
    feature = "aws-sigv4",
    feature = "hawk",
    feature = "edgegrid"
))]
mod util;

#[cfg(feature = "oauth1")]
mod oauth1;
#[cfg(feature = "oauth1")]
pub use oauth1::{OAuth1Keys, OAUTH1};
#[cfg(feature = "digest")]
pub(crate) mod digest;
#[cfg(feature = "digest")]
pub use digest::{DigestKeys, DIGEST};
#[cfg(feature = "aws-sigv4")]
mod aws;
#[cfg(feature = "aws-sigv4")]
pub use aws::{AwsKeys, AWS_SIGV4};
#[cfg(feature = "hawk")]
mod hawk;
#[cfg(feature = "hawk")]
pub use hawk::{HawkKeys, HAWK};
#[cfg(feature = "edgegrid")]
mod edgegrid;
#[cfg(feature = "edgegrid")]
pub use edgegrid::{EdgeGridKeys, EDGEGRID, EDGEGRID_MAX_BODY};

/// What a bearer token is, in messages.
pub const BEARER: &str = "a bearer token, sent as `Authorization: Bearer <token>`";
/// What basic auth credentials are, in messages.
pub const BASIC: &str = "a user name and password, sent with HTTP basic auth";

/// What an API key sent as header or query parameter `name` is, in messages.
pub fn api_key(name: &str, in_query: bool) -> String {
    let place = if in_query {
        "query parameter"
    } else {
        "header"
    };
    format!("an API key, sent as the `{name}` {place}")
}

pub(crate) fn missing(what: &str, setters: &str) -> String {
    format!("this request needs {what}: set it with {setters}")
}

impl Call<'_> {
    /// Sends `token` as `Authorization: Bearer <token>`.
    pub fn bearer_auth(&mut self, token: Option<&str>, setters: &str) {
        match token {
            Some(token) => {
                self.map_request(|request| request.bearer_auth(token));
                self.mark_secret_header("authorization");
            }
            None => self.fail(missing(BEARER, setters)),
        }
    }

    /// Sends a user name and password with HTTP basic auth.
    pub fn basic_auth(&mut self, credentials: Option<&(String, String)>, setters: &str) {
        match credentials {
            Some((username, password)) => {
                self.map_request(|request| request.basic_auth(username, Some(password)));
                self.mark_secret_header("authorization");
            }
            None => self.fail(missing(BASIC, setters)),
        }
    }

    /// Sends `key` as header `name`.
    pub fn api_key_header(&mut self, name: &str, key: Option<&str>, setters: &str) {
        match key {
            Some(key) => self.secret_header(name, key),
            None => self.fail(missing(&api_key(name, false), setters)),
        }
    }

    /// Sends `key` as query parameter `name`.
    pub fn api_key_query(&mut self, name: &str, key: Option<&str>, setters: &str) {
        match key {
            Some(key) => self.secret_query(name, key),
            None => self.fail(missing(&api_key(name, true), setters)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Call, ClientCore};

    fn built(call: Call<'_>) -> Result<reqwest::Request, String> {
        call.build()
    }

    #[test]
    fn each_kind_sends_its_credential() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let mut call = Call::new(&core, "GET");
        call.path("/a");
        call.bearer_auth(Some("t0k"), "`Client::new`");
        let request = built(call).unwrap();
        assert_eq!(request.headers()["authorization"], "Bearer t0k");

        let mut call = Call::new(&core, "GET");
        let pair = ("ada".to_owned(), "pw".to_owned());
        call.basic_auth(Some(&pair), "`Client::with_basic_auth`");
        let request = built(call).unwrap();
        assert_eq!(request.headers()["authorization"], "Basic YWRhOnB3");

        let mut call = Call::new(&core, "GET");
        call.api_key_header("X-Api-Key", Some("k"), "`Client::with_api_key`");
        call.api_key_query("api_key", Some("q k"), "`Client::with_api_key`");
        let request = built(call).unwrap();
        assert_eq!(request.headers()["x-api-key"], "k");
        assert_eq!(request.url().query(), Some("api_key=q+k"));
    }

    #[test]
    fn a_missing_credential_names_its_setters_and_nothing_is_built() {
        let core = ClientCore::new("http://127.0.0.1:9");
        let mut call = Call::new(&core, "GET");
        call.api_key_header("X-Api-Key", None, "`Client::with_api_key`");
        let error = built(call).unwrap_err();
        assert_eq!(
            error,
            "this request needs an API key, sent as the `X-Api-Key` header: set it with `Client::with_api_key`"
        );
        let mut call = Call::new(&core, "GET");
        call.bearer_auth(None, "`Client::with_bearer_token` or `Client::new`");
        call.basic_auth(None, "`Client::with_basic_auth`");
        // The first problem is the one reported.
        assert!(built(call).unwrap_err().contains("bearer token"));
    }
}
