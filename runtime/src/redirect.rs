//! [`Redirects`]: which redirects a client follows, and what a followed request keeps.
//!
//! The runtime follows redirects itself, one request per hop (see
//! [`ClientCore::execute`](crate::ClientCore::execute)): the HTTP client it builds follows none,
//! so that each hop can be checked (origin, method, hop count) and credentials dropped before
//! a request leaves for another origin.

use reqwest::header::{self, HeaderName, HeaderValue};
use reqwest::{Method, Request, StatusCode, Url};

/// Which redirects (`301`, `302`, `303`, `307`, `308`) a client follows; set with
/// [`ClientCore::set_redirects`](crate::ClientCore::set_redirects).
///
/// Whatever the setting:
/// - a `301`, `302` or `303` answering a request other than `GET` or `HEAD` is never followed
///   (following it would turn the request into a `GET` and drop its body);
/// - a `307` or `308` is followed with the same method and body, unless the body is a stream
///   that cannot be sent twice (a multipart form): then it is not followed;
/// - only `http` and `https` targets are followed;
/// - no `Referer` is sent;
/// - a redirect that is not followed (and any other `3xx`) ends the call with
///   [`Fault::Redirect`](crate::Fault::Redirect), whose response carries the status and the
///   `Location`: it is never reported as the request's success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Redirects {
    /// Follows up to [`ClientCore::SAME_ORIGIN_HOPS`](crate::ClientCore::SAME_ORIGIN_HOPS)
    /// redirects whose target has the origin (scheme, host and port) the request was built
    /// for; a redirect anywhere else (another host, another port, `http` to `https`) is not
    /// followed. The default: no credential leaves the request's origin.
    #[default]
    SameOrigin,
    /// Follows up to `max` redirects to any origin. A request leaving the origin it was built
    /// for loses its credentials first: the `Authorization`, `Proxy-Authorization`, `Cookie`,
    /// `WWW-Authenticate` and `Host` headers, every header and query parameter that an
    /// authorizer of [`Call`](crate::Call) set (API keys, tokens) or that was set with
    /// [`Call::secret_header`](crate::Call::secret_header) or
    /// [`Call::secret_query`](crate::Call::secret_query), and those query parameters in the
    /// target URL too. A request signed by the signing hook is never followed to another
    /// origin (what the hook added is not known). The body of a `307`/`308` is sent on, as
    /// those statuses ask.
    Any {
        /// The most redirects followed for one call.
        max: usize,
    },
    /// Follows no redirect.
    None,
}

/// What of a request carries credentials, as its authorizers set them.
#[derive(Debug, Default, Clone)]
pub(crate) struct Credentials {
    /// Headers holding credentials (besides the ones always dropped).
    pub(crate) headers: Vec<HeaderName>,
    /// Query parameters holding credentials.
    pub(crate) query: Vec<String>,
    /// Whether the signing hook changed the request.
    pub(crate) signed: bool,
}

/// Headers dropped from every request that leaves its origin.
const ALWAYS_DROPPED: [HeaderName; 5] = [
    header::AUTHORIZATION,
    header::PROXY_AUTHORIZATION,
    header::COOKIE,
    header::WWW_AUTHENTICATE,
    header::HOST,
];

/// One redirect the client has received.
pub(crate) struct Hop<'a> {
    /// The redirect's status.
    pub(crate) status: StatusCode,
    /// Its `Location`.
    pub(crate) location: Option<&'a HeaderValue>,
    /// The URL it answered.
    pub(crate) from: &'a Url,
    /// How many redirects were followed before it.
    pub(crate) followed: usize,
}

impl Redirects {
    /// The most redirects followed for one call.
    fn max(self) -> usize {
        match self {
            Redirects::SameOrigin => crate::ClientCore::SAME_ORIGIN_HOPS,
            Redirects::Any { max } => max,
            Redirects::None => 0,
        }
    }

    /// The request to send for `hop`, made from `copy` (a copy of the request that got it,
    /// `None` when its body cannot be sent twice), or `None` when the redirect is not
    /// followed. `origin` is the URL the call was built for.
    pub(crate) fn follow(
        self,
        hop: &Hop<'_>,
        copy: Option<Request>,
        origin: &Url,
        credentials: &Credentials,
    ) -> Option<Request> {
        if hop.followed >= self.max() {
            return None;
        }
        let keeps_method = match hop.status.as_u16() {
            307 | 308 => true,
            301..=303 => false,
            _ => return None,
        };
        let mut request = copy?;
        if !keeps_method && !matches!(*request.method(), Method::GET | Method::HEAD) {
            return None;
        }
        let location = hop.location?.to_str().ok()?;
        let mut target = hop.from.join(location).ok()?;
        if !matches!(target.scheme(), "http" | "https") {
            return None;
        }
        target.set_fragment(None);
        let same_origin = target.origin() == origin.origin();
        if !same_origin && (!matches!(self, Redirects::Any { .. }) || credentials.signed) {
            return None;
        }
        *request.url_mut() = target;
        if !same_origin {
            strip(&mut request, credentials);
        }
        Some(request)
    }
}

/// Drops the credentials of `request`, which is about to leave its origin.
fn strip(request: &mut Request, credentials: &Credentials) {
    let headers = request.headers_mut();
    for name in ALWAYS_DROPPED.iter().chain(&credentials.headers) {
        headers.remove(name);
    }
    let url = request.url_mut();
    let has_secret = url
        .query_pairs()
        .any(|(key, _)| credentials.query.iter().any(|secret| *secret == key));
    if !has_secret {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| !credentials.query.iter().any(|secret| *secret == *key))
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str) -> Request {
        Request::new(Method::GET, url.parse().unwrap())
    }

    fn follow(
        redirects: Redirects,
        status: u16,
        location: &str,
        request: Request,
        credentials: &Credentials,
    ) -> Option<Request> {
        let from = request.url().clone();
        let location = HeaderValue::from_str(location).unwrap();
        let hop = Hop {
            status: StatusCode::from_u16(status).unwrap(),
            location: Some(&location),
            from: &from,
            followed: 0,
        };
        redirects.follow(&hop, Some(request), &from, credentials)
    }

    #[test]
    fn same_origin_follows_only_within_the_origin() {
        let none = Credentials::default();
        let same = follow(
            Redirects::SameOrigin,
            302,
            "/b?x=1",
            get("http://a:1/a"),
            &none,
        );
        assert_eq!(same.unwrap().url().as_str(), "http://a:1/b?x=1");
        for elsewhere in ["http://a:2/b", "http://b:1/b", "https://a:1/b", "//b:1/c"] {
            assert!(
                follow(
                    Redirects::SameOrigin,
                    302,
                    elsewhere,
                    get("http://a:1/a"),
                    &none
                )
                .is_none(),
                "{elsewhere}"
            );
        }
        assert!(follow(Redirects::None, 302, "/b", get("http://a:1/a"), &none).is_none());
        assert!(follow(
            Redirects::Any { max: 0 },
            302,
            "/b",
            get("http://a/"),
            &none
        )
        .is_none());
        assert!(follow(Redirects::SameOrigin, 304, "/b", get("http://a/"), &none).is_none());
        assert!(follow(
            Redirects::Any { max: 3 },
            302,
            "file:///etc",
            get("http://a/"),
            &none
        )
        .is_none());
    }

    #[test]
    fn a_post_is_never_turned_into_a_get() {
        let none = Credentials::default();
        let post = || Request::new(Method::POST, "http://a/x".parse().unwrap());
        for status in [301, 302, 303] {
            assert!(follow(Redirects::SameOrigin, status, "/y", post(), &none).is_none());
        }
        let kept = follow(Redirects::SameOrigin, 307, "/y", post(), &none).unwrap();
        assert_eq!(kept.method(), Method::POST);
    }

    #[test]
    fn leaving_the_origin_drops_credentials() {
        let credentials = Credentials {
            headers: vec![HeaderName::from_static("x-api-key")],
            query: vec!["api_key".to_owned()],
            signed: false,
        };
        let mut request = get("http://a/x?api_key=k&page=2");
        for (name, value) in [
            ("authorization", "Bearer t"),
            ("x-api-key", "k"),
            ("cookie", "s=1"),
            ("accept", "application/json"),
        ] {
            request
                .headers_mut()
                .insert(name, HeaderValue::from_static(value));
        }
        let any = Redirects::Any { max: 5 };
        let next = follow(
            any,
            302,
            "http://b/y?api_key=k&q=a+b",
            request,
            &credentials,
        )
        .unwrap();
        assert_eq!(next.url().as_str(), "http://b/y?q=a+b");
        let names: Vec<&str> = next.headers().keys().map(|name| name.as_str()).collect();
        assert_eq!(names, ["accept"]);
        let next = follow(
            any,
            302,
            "http://b/y?api_key=k",
            get("http://a/"),
            &credentials,
        );
        assert_eq!(next.unwrap().url().as_str(), "http://b/y");
        let signed = Credentials {
            signed: true,
            ..Credentials::default()
        };
        assert!(follow(any, 302, "http://b/", get("http://a/"), &signed).is_none());
        assert!(follow(any, 302, "/same", get("http://a/"), &signed).is_some());
    }
}
