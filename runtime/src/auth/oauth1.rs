//! OAuth 1.0a (RFC 5849): HMAC-SHA1, HMAC-SHA256 and PLAINTEXT signatures, sent in the
//! `Authorization` header, the query string or a form body.

use super::util::{base64, encode_strict, hmac_sha1, hmac_sha256, nonce_hex, unix_now};
use crate::Call;

/// What OAuth 1.0a signs with: the consumer key and secret, and the token and its secret
/// (empty for two-legged requests). Taken at run time, never written into generated code.
#[derive(Clone)]
pub struct OAuth1Keys {
    consumer_key: String,
    consumer_secret: String,
    token: String,
    token_secret: String,
}

impl OAuth1Keys {
    /// The consumer key and secret and the token and its secret; an empty `token` sends
    /// no `oauth_token`.
    pub fn new(
        consumer_key: impl Into<String>,
        consumer_secret: impl Into<String>,
        token: impl Into<String>,
        token_secret: impl Into<String>,
    ) -> Self {
        Self {
            consumer_key: consumer_key.into(),
            consumer_secret: consumer_secret.into(),
            token: token.into(),
            token_secret: token_secret.into(),
        }
    }
}

impl std::fmt::Debug for OAuth1Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth1Keys").finish_non_exhaustive()
    }
}

/// What a request's OAuth 1.0a signature is, in messages.
pub const OAUTH1: &str = "OAuth 1.0a keys (consumer key and secret, token and token secret)";

/// The non-secret settings of a collection's OAuth 1.0a auth.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings<'a> {
    pub(crate) method: &'a str,
    pub(crate) placement: &'a str,
    pub(crate) realm: &'a str,
    pub(crate) version: &'a str,
}

impl Call<'_> {
    /// Signs the finished request with OAuth 1.0a. `method` is `HMAC-SHA1`, `HMAC-SHA256` or
    /// `PLAINTEXT`; `placement` is `header`, `query`, `body` (a form body) or `url-or-body`
    /// (the body when it is a form, else the query); `realm` and
    /// `version` (`1.0`) are sent when not empty.
    pub fn oauth1_auth(
        &mut self,
        method: &'static str,
        placement: &'static str,
        realm: &'static str,
        version: &'static str,
        keys: Option<&OAuth1Keys>,
        setters: &str,
    ) {
        let Some(keys) = keys.cloned() else {
            return self.fail(super::missing(OAUTH1, setters));
        };
        let settings = Settings {
            method,
            placement,
            realm,
            version,
        };
        self.sign_with(move |request| {
            let nonce = nonce_hex(16)?;
            sign(request, &settings, &keys, unix_now(), &nonce)
        });
    }
}

/// Signs `request` at `timestamp` with `nonce`.
pub(crate) fn sign(
    request: &mut reqwest::Request,
    settings: &Settings<'_>,
    keys: &OAuth1Keys,
    timestamp: u64,
    nonce: &str,
) -> Result<(), String> {
    let mut oauth: Vec<(&str, String)> = vec![
        ("oauth_consumer_key", keys.consumer_key.clone()),
        ("oauth_nonce", nonce.to_owned()),
        ("oauth_signature_method", settings.method.to_owned()),
        ("oauth_timestamp", timestamp.to_string()),
    ];
    if !keys.token.is_empty() {
        oauth.push(("oauth_token", keys.token.clone()));
    }
    if !settings.version.is_empty() {
        oauth.push(("oauth_version", settings.version.to_owned()));
    }
    let form = is_form(request);
    let body_pairs: Vec<(String, String)> = match (form, request.body().and_then(|b| b.as_bytes()))
    {
        (true, Some(bytes)) => form_urlencoded::parse(bytes).into_owned().collect(),
        _ => Vec::new(),
    };
    let base = base_string(request, &oauth, &body_pairs);
    let key = format!(
        "{}&{}",
        encode_strict(&keys.consumer_secret),
        encode_strict(&keys.token_secret)
    );
    let signature = match settings.method {
        "HMAC-SHA1" => base64(&hmac_sha1(key.as_bytes(), base.as_bytes())),
        "HMAC-SHA256" => base64(&hmac_sha256(key.as_bytes(), base.as_bytes())),
        "PLAINTEXT" => key,
        other => return Err(format!("OAuth 1.0a signature method `{other}` is not supported: use HMAC-SHA1, HMAC-SHA256 or PLAINTEXT")),
    };
    oauth.push(("oauth_signature", signature));
    // `url-or-body` (Postman's "request URL / body"): a form body, or else the query.
    let placement = match settings.placement {
        "url-or-body" if form => "body",
        "url-or-body" => "query",
        other => other,
    };
    match placement {
        "query" => {
            let mut pairs = request.url_mut().query_pairs_mut();
            for (key, value) in &oauth {
                pairs.append_pair(key, value);
            }
        }
        "body" => {
            if request.body().is_some() && !form {
                return Err("OAuth 1.0a parameters go in the body, which is not a form".to_owned());
            }
            let mut body = request
                .body()
                .and_then(|b| b.as_bytes())
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            let mut pairs = form_urlencoded::Serializer::new(String::new());
            for (key, value) in &oauth {
                pairs.append_pair(key, value);
            }
            if !body.is_empty() {
                body.push(b'&');
            }
            body.extend_from_slice(pairs.finish().as_bytes());
            request.headers_mut().insert(
                reqwest::header::CONTENT_TYPE,
                reqwest::header::HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            *request.body_mut() = Some(body.into());
        }
        _ => {
            let mut header = String::from("OAuth ");
            if !settings.realm.is_empty() {
                header.push_str(&format!("realm=\"{}\", ", encode_strict(settings.realm)));
            }
            let fields: Vec<String> = oauth
                .iter()
                .map(|(key, value)| format!("{key}=\"{}\"", encode_strict(value)))
                .collect();
            header.push_str(&fields.join(", "));
            let value = reqwest::header::HeaderValue::from_str(&header)
                .map_err(|_| "the OAuth 1.0a header is not a valid header value".to_owned())?;
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, value);
        }
    }
    Ok(())
}

/// Whether the request's body is a form (`application/x-www-form-urlencoded`), whose
/// parameters are signed.
fn is_form(request: &reqwest::Request) -> bool {
    request
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';').next().is_some_and(|t| {
                t.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        })
}

/// The signature base string (RFC 5849 section 3.4.1).
pub(crate) fn base_string(
    request: &reqwest::Request,
    oauth: &[(&str, String)],
    body: &[(String, String)],
) -> String {
    let url = request.url();
    let mut base_url = format!(
        "{}://{}",
        url.scheme(),
        url.host_str().unwrap_or_default().to_ascii_lowercase()
    );
    if let Some(port) = url.port() {
        base_url.push_str(&format!(":{port}"));
    }
    base_url.push_str(url.path());
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (encode_strict(&k), encode_strict(&v)))
        .chain(
            body.iter()
                .map(|(k, v)| (encode_strict(k), encode_strict(v))),
        )
        .chain(
            oauth
                .iter()
                .map(|(k, v)| (encode_strict(k), encode_strict(v))),
        )
        .collect();
    params.sort();
    let normalized: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "{}&{}&{}",
        request.method().as_str().to_ascii_uppercase(),
        encode_strict(&base_url),
        encode_strict(&normalized.join("&"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: &str, url: &str) -> reqwest::Request {
        reqwest::Request::new(method.parse().unwrap(), url.parse().unwrap())
    }

    /// RFC 5849 section 3.4.1.1's example base string.
    #[test]
    fn rfc5849_base_string() {
        let mut request = request(
            "POST",
            "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
        );
        request.headers_mut().insert(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        let body: Vec<(String, String)> =
            form_urlencoded::parse(b"c2&a3=2+q").into_owned().collect();
        let oauth = [
            ("oauth_consumer_key", "9djdj82h48djs9d2".to_owned()),
            ("oauth_token", "kkk9d7dh3k39sjv7".to_owned()),
            ("oauth_signature_method", "HMAC-SHA1".to_owned()),
            ("oauth_timestamp", "137131201".to_owned()),
            ("oauth_nonce", "7d8f3e4a".to_owned()),
        ];
        assert_eq!(
            base_string(&request, &oauth, &body),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    fn photos() -> (reqwest::Request, OAuth1Keys) {
        (
            request(
                "GET",
                "http://photos.example.net/photos?file=vacation.jpg&size=original",
            ),
            OAuth1Keys::new(
                "dpf43f3p2l4k3l03",
                "kd94hf93k423kf44",
                "nnch734d00sl2jdk",
                "pfkkdhi9sl3r4s00",
            ),
        )
    }

    /// RFC 5849 section 1.2's example: the photo request's HMAC-SHA1 signature.
    #[test]
    fn rfc5849_photos_hmac_sha1() {
        let (mut request, keys) = photos();
        let settings = Settings {
            method: "HMAC-SHA1",
            placement: "header",
            realm: "Photos",
            version: "",
        };
        sign(&mut request, &settings, &keys, 137_131_202, "chapoH").unwrap();
        assert_eq!(
            request.headers()["authorization"],
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_nonce=\"chapoH\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"137131202\", oauth_token=\"nnch734d00sl2jdk\", oauth_signature=\"MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D\""
        );
    }

    /// The same request with HMAC-SHA256 (checked against Python's `hmac`) and PLAINTEXT
    /// (RFC 5849 section 3.4.4), in the query.
    #[test]
    fn sha256_and_plaintext_in_the_query() {
        let (mut request, keys) = photos();
        let settings = Settings {
            method: "HMAC-SHA256",
            placement: "query",
            realm: "",
            version: "1.0",
        };
        sign(&mut request, &settings, &keys, 137_131_202, "chapoH").unwrap();
        let query: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
        assert!(query.contains(&("oauth_version".into(), "1.0".into())));
        let signature = &query.last().unwrap().1;
        assert_eq!(signature, SHA256_PHOTOS);

        let (mut request, keys) = photos();
        let settings = Settings {
            method: "PLAINTEXT",
            placement: "body",
            realm: "",
            version: "",
        };
        sign(&mut request, &settings, &keys, 137_131_202, "chapoH").unwrap();
        let body = request.body().unwrap().as_bytes().unwrap();
        let body = std::str::from_utf8(body).unwrap();
        assert!(
            body.ends_with("oauth_signature=kd94hf93k423kf44%26pfkkdhi9sl3r4s00"),
            "{body}"
        );
    }

    #[test]
    fn url_or_body_is_the_form_body_or_else_the_query() {
        let settings = Settings {
            method: "HMAC-SHA1",
            placement: "url-or-body",
            realm: "",
            version: "",
        };
        let (mut request, keys) = photos();
        sign(&mut request, &settings, &keys, 1, "n").unwrap();
        assert!(request.url().query().unwrap().contains("oauth_signature="));
        assert!(request.headers().get("authorization").is_none());

        let mut request =
            reqwest::Request::new(reqwest::Method::POST, "http://h/p".parse().unwrap());
        request.headers_mut().insert(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        *request.body_mut() = Some("a=1".into());
        sign(&mut request, &settings, &keys, 1, "n").unwrap();
        assert_eq!(request.url().query(), None);
        let body = std::str::from_utf8(request.body().unwrap().as_bytes().unwrap()).unwrap();
        assert!(
            body.starts_with("a=1&oauth_consumer_key=") && body.contains("&oauth_signature="),
            "{body}"
        );
    }

    const SHA256_PHOTOS: &str = "rAAvYu1BQL0v7E7CJl81nKGKZdQr4XFo7E7vbGJxPz4=";
}
