//! Akamai EdgeGrid (`EG1-HMAC-SHA256`): the client token, access token and client secret of
//! an `.edgerc` section sign the method, URL, chosen headers and the hash of a `POST` body.

use sha2::Digest as _;

use super::util::{base64, hmac_sha256, nonce_hex, unix_now, utc};
use crate::Call;

/// The tokens of an Akamai API client: client token, client secret and access token (an
/// `.edgerc` section's `client_token`, `client_secret`, `access_token`). Taken at run time,
/// never written into generated code.
#[derive(Clone)]
pub struct EdgeGridKeys {
    client_token: String,
    client_secret: String,
    access_token: String,
}

impl EdgeGridKeys {
    /// The client token, client secret and access token.
    pub fn new(
        client_token: impl Into<String>,
        client_secret: impl Into<String>,
        access_token: impl Into<String>,
    ) -> Self {
        Self {
            client_token: client_token.into(),
            client_secret: client_secret.into(),
            access_token: access_token.into(),
        }
    }
}

impl std::fmt::Debug for EdgeGridKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EdgeGridKeys").finish_non_exhaustive()
    }
}

/// What EdgeGrid credentials are, in messages.
pub const EDGEGRID: &str = "Akamai EdgeGrid tokens (client token, client secret and access token)";

/// The most bytes of a `POST` body that are hashed, as Akamai's libraries default to.
pub const EDGEGRID_MAX_BODY: usize = 131_072;

impl Call<'_> {
    /// Signs the finished request with Akamai EdgeGrid; `headers_to_sign` lists the headers
    /// the API signs, comma-separated (usually none).
    pub fn edgegrid_auth(
        &mut self,
        headers_to_sign: &'static str,
        keys: Option<&EdgeGridKeys>,
        setters: &str,
    ) {
        let Some(keys) = keys.cloned() else {
            return self.fail(super::missing(EDGEGRID, setters));
        };
        self.sign_with(move |request| {
            let (year, month, day, hour, minute, second) = utc(unix_now());
            let timestamp =
                format!("{year:04}{month:02}{day:02}T{hour:02}:{minute:02}:{second:02}+0000");
            let nonce = nonce_hex(16)?;
            let nonce = format!(
                "{}-{}-{}-{}-{}",
                nonce.get(0..8).unwrap_or_default(),
                nonce.get(8..12).unwrap_or_default(),
                nonce.get(12..16).unwrap_or_default(),
                nonce.get(16..20).unwrap_or_default(),
                nonce.get(20..).unwrap_or_default()
            );
            let signs: Vec<&str> = headers_to_sign
                .split(',')
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .collect();
            let header = authorization(
                request,
                &keys,
                &signs,
                EDGEGRID_MAX_BODY,
                &timestamp,
                &nonce,
            );
            let value = reqwest::header::HeaderValue::from_str(&header)
                .map_err(|_| "the EdgeGrid tokens do not make a valid header".to_owned())?;
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, value);
            Ok(())
        });
    }
}

/// The `Authorization` header for `request`.
pub(crate) fn authorization(
    request: &reqwest::Request,
    keys: &EdgeGridKeys,
    headers_to_sign: &[&str],
    max_body: usize,
    timestamp: &str,
    nonce: &str,
) -> String {
    let prefix = format!(
        "EG1-HMAC-SHA256 client_token={};access_token={};timestamp={timestamp};nonce={nonce};",
        keys.client_token, keys.access_token
    );
    let url = request.url();
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let canonical: Vec<String> = headers_to_sign
        .iter()
        .filter_map(|name| {
            let value = request.headers().get(*name)?.to_str().ok()?;
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(format!("{}:{value}", name.to_ascii_lowercase()))
        })
        .collect();
    let canonical = canonical.join("\t");
    let content_hash = match (request.method(), request.body().and_then(|b| b.as_bytes())) {
        (&reqwest::Method::POST, Some(body)) if !body.is_empty() => {
            base64(&sha2::Sha256::digest(body.get(..max_body).unwrap_or(body)))
        }
        _ => String::new(),
    };
    let data = [
        request.method().as_str(),
        url.scheme(),
        &host,
        &target,
        &canonical,
        &content_hash,
        &prefix,
    ]
    .join("\t");
    let signing_key = base64(&hmac_sha256(
        keys.client_secret.as_bytes(),
        timestamp.as_bytes(),
    ));
    let signature = base64(&hmac_sha256(signing_key.as_bytes(), data.as_bytes()));
    format!("{prefix}signature={signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://akaa-baseurl-xxxxxxxxxxx-xxxxxxxxxxxxx.luna.akamaiapis.net";

    fn sign(method: &str, path: &str, body: Option<&str>, headers: &[(&str, &str)]) -> String {
        let mut request = reqwest::Request::new(
            method.parse().unwrap(),
            format!("{BASE}{path}").parse().unwrap(),
        );
        for (name, value) in headers {
            request.headers_mut().append(
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        if let Some(body) = body {
            *request.body_mut() = Some(body.to_owned().into());
        }
        let keys = EdgeGridKeys::new(
            "akab-client-token-xxx-xxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=",
            "akab-access-token-xxx-xxxxxxxxxxxxxxxx",
        );
        let header = authorization(
            &request,
            &keys,
            &["X-Test1", "X-Test2", "X-Test3"],
            2048,
            "20140321T19:34:21+0000",
            "nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        );
        let (prefix, signature) = header.split_once("signature=").unwrap();
        assert_eq!(prefix, "EG1-HMAC-SHA256 client_token=akab-client-token-xxx-xxxxxxxxxxxxxxxx;access_token=akab-access-token-xxx-xxxxxxxxxxxxxxxx;timestamp=20140321T19:34:21+0000;nonce=nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx;");
        signature.to_owned()
    }

    /// Akamai's reference test data (edgegrid-python `testdata.json`).
    #[test]
    fn akamai_reference_examples() {
        assert_eq!(
            sign("GET", "/", None, &[]),
            "tL+y4hxyHxgWVD30X3pWnGKHcPzmrIF+LThiAOhMxYU="
        );
        assert_eq!(
            sign("GET", "/testapi/v1/t1?p1=1&p2=2", None, &[]),
            "hKDH1UlnQySSHjvIcZpDMbQHihTQ0XyVAKZaApabdeA="
        );
        assert_eq!(
            sign(
                "POST",
                "/testapi/v1/t3",
                Some("datadatadatadatadatadatadatadata"),
                &[]
            ),
            "hXm4iCxtpN22m4cbZb4lVLW5rhX8Ca82vCFqXzSTPe4="
        );
        assert_eq!(
            sign("POST", "/testapi/v1/t3", Some(&"d".repeat(4096)), &[]),
            "6Q6PiTipLae6n4GsSIDTCJ54bEbHUBp+4MUXrbQCBoY="
        );
        assert_eq!(
            sign("POST", "/testapi/v1/t6", Some(""), &[]),
            "1gEDxeQGD5GovIkJJGcBaKnZ+VaPtrc4qBUHixjsPCQ="
        );
        assert_eq!(
            sign(
                "GET",
                "/testapi/v1/t4",
                None,
                &[("X-Test1", "test-simple-header")]
            ),
            "8F9AybcRw+PLxnvT+H0JRkjROrrUgsxJTnRXMzqvcwY="
        );
        assert_eq!(
            sign(
                "GET",
                "/testapi/v1/t4",
                None,
                &[("X-Test2", "t2"), ("X-Test1", "t1"), ("X-Test3", "t3")]
            ),
            "Wus73Nx8jOYM+kkBFF2q8D1EATRIMr0WLWwpLBgkBqY="
        );
        assert_eq!(
            sign(
                "GET",
                "/testapi/v1/t5",
                None,
                &[
                    ("X-Test2", "t2"),
                    ("X-Test1", "t1"),
                    ("X-Test3", "t3"),
                    ("X-Extra", "this won't be included")
                ]
            ),
            "Knd/jc0A5Ghhizjayr0AUUvl2MZjBpS3FDSzvtq4Ixc="
        );
        assert_eq!(
            sign(
                "PUT",
                "/testapi/v1/t6",
                Some("PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP"),
                &[]
            ),
            "GNBWEYSEWOLtu+7dD52da2C39aX/Jchpon3K/AmBqBU="
        );
    }
}
