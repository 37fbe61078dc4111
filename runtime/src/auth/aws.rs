//! AWS Signature Version 4: the `Authorization` header (`AWS4-HMAC-SHA256`), `X-Amz-Date`
//! and, with a session token, `X-Amz-Security-Token`.

use sha2::Digest as _;

use super::util::{encode_strict, hex, hmac_sha256, resolve, unix_now, utc};
use crate::Call;

/// AWS credentials: the access key ID, the secret access key and, for temporary
/// credentials, the session token (empty for none). Taken at run time, never written into
/// generated code.
#[derive(Clone)]
pub struct AwsKeys {
    access_key: String,
    secret_key: String,
    session_token: String,
}

impl AwsKeys {
    /// The access key ID, the secret access key and the session token (empty for none).
    pub fn new(
        access_key: impl Into<String>,
        secret_key: impl Into<String>,
        session_token: impl Into<String>,
    ) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            session_token: session_token.into(),
        }
    }
}

impl std::fmt::Debug for AwsKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsKeys").finish_non_exhaustive()
    }
}

/// What AWS credentials are, in messages.
pub const AWS_SIGV4: &str =
    "AWS credentials (access key, secret key and session token), sent with AWS Signature Version 4";

impl Call<'_> {
    /// Signs the finished request with AWS Signature Version 4 for `region` and `service`
    /// (each either a name or a `{{variable}}` of the client).
    pub fn aws_sigv4_auth(
        &mut self,
        region: &str,
        service: &str,
        keys: Option<&AwsKeys>,
        setters: &str,
    ) {
        let Some(keys) = keys.cloned() else {
            return self.fail(super::missing(AWS_SIGV4, setters));
        };
        let scope = resolve(self.core(), region).and_then(|region| {
            resolve(self.core(), service).map(|service| (region.to_owned(), service.to_owned()))
        });
        match scope {
            Ok((region, service)) => self.sign_with(move |request| {
                sign(request, &region, &service, &keys, unix_now());
                Ok(())
            }),
            Err(problem) => self.fail(problem),
        }
    }
}

/// Signs `request` at `now` (seconds since the epoch).
pub(crate) fn sign(
    request: &mut reqwest::Request,
    region: &str,
    service: &str,
    keys: &AwsKeys,
    now: u64,
) {
    let (year, month, day, hour, minute, second) = utc(now);
    let date = format!("{year:04}{month:02}{day:02}");
    let stamp = format!("{date}T{hour:02}{minute:02}{second:02}Z");
    let payload = match request.body() {
        None => hex(&sha2::Sha256::digest(b"")),
        Some(body) => match body.as_bytes() {
            Some(bytes) => hex(&sha2::Sha256::digest(bytes)),
            None => "UNSIGNED-PAYLOAD".to_owned(),
        },
    };
    let headers = request.headers_mut();
    let set = |headers: &mut reqwest::header::HeaderMap, name: &'static str, value: &str| {
        if let Ok(value) = reqwest::header::HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(headers, "x-amz-date", &stamp);
    if !keys.session_token.is_empty() {
        set(headers, "x-amz-security-token", &keys.session_token);
    }
    if service == "s3" {
        set(headers, "x-amz-content-sha256", &payload);
    }
    let (canonical, signed_headers) = canonical_request(request, service, &payload);
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{}",
        hex(&sha2::Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac_sha256(
        format!("AWS4{}", keys.secret_key).as_bytes(),
        date.as_bytes(),
    );
    for part in [region, service, "aws4_request"] {
        key = hmac_sha256(&key, part.as_bytes());
    }
    let signature = hex(&hmac_sha256(&key, to_sign.as_bytes()));
    let header = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        keys.access_key
    );
    set(request.headers_mut(), "authorization", &header);
}

/// The canonical request and its signed headers' names.
pub(crate) fn canonical_request(
    request: &reqwest::Request,
    service: &str,
    payload: &str,
) -> (String, String) {
    let url = request.url();
    // S3 signs the path as sent; other services sign each segment encoded once more.
    let path = if url.path().is_empty() {
        "/"
    } else {
        url.path()
    };
    let path = if service == "s3" {
        path.to_owned()
    } else {
        path.split('/')
            .map(|segment| {
                let decoded: String = percent_decode(segment);
                encode_strict(&encode_strict(&decoded))
            })
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut query: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (encode_strict(&k), encode_strict(&v)))
        .collect();
    query.sort();
    let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut headers: std::collections::BTreeMap<String, Vec<String>> =
        std::collections::BTreeMap::new();
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    headers.insert("host".to_owned(), vec![host]);
    for (name, value) in request.headers() {
        let name = name.as_str();
        if matches!(
            name,
            "authorization" | "cookie" | "user-agent" | "content-length" | "expect"
        ) {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes());
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        headers.entry(name.to_owned()).or_default().push(value);
    }
    let canonical_headers: String = headers
        .iter()
        .map(|(name, values)| format!("{name}:{}\n", values.join(",")))
        .collect();
    let signed = headers.keys().cloned().collect::<Vec<_>>().join(";");
    (
        format!(
            "{}\n{path}\n{}\n{canonical_headers}\n{signed}\n{payload}",
            request.method().as_str(),
            query.join("&")
        ),
        signed,
    )
}

/// `%XX` decoded (invalid escapes kept as they are).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_440_938_160; // 2015-08-30T12:36:00Z, the test suite's date

    fn keys() -> AwsKeys {
        AwsKeys::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "",
        )
    }

    fn signed(mut request: reqwest::Request) -> String {
        sign(&mut request, "us-east-1", "service", &keys(), NOW);
        request.headers()["authorization"]
            .to_str()
            .unwrap()
            .to_owned()
    }

    fn get(url: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap())
    }

    /// AWS's Signature Version 4 test suite: `get-vanilla`, `get-vanilla-query-order-key-case`
    /// and `post-x-www-form-urlencoded`.
    #[test]
    fn aws_test_suite() {
        assert_eq!(
            signed(get("https://example.amazonaws.com/")),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert!(signed(get(
            "https://example.amazonaws.com/?Param2=value2&Param1=value1"
        ))
        .ends_with("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
        let mut post = reqwest::Request::new(
            reqwest::Method::POST,
            "https://example.amazonaws.com/".parse().unwrap(),
        );
        post.headers_mut().insert(
            "content-type",
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        *post.body_mut() = Some("Param1=value1".into());
        assert_eq!(
            signed(post),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        );
    }

    #[test]
    fn a_session_token_is_sent_and_signed() {
        let mut request = get("https://example.amazonaws.com/");
        sign(
            &mut request,
            "us-east-1",
            "service",
            &AwsKeys::new("AKIDEXAMPLE", "s", "tok"),
            NOW,
        );
        assert_eq!(request.headers()["x-amz-security-token"], "tok");
        let auth = request.headers()["authorization"].to_str().unwrap();
        assert!(
            auth.contains("SignedHeaders=host;x-amz-date;x-amz-security-token"),
            "{auth}"
        );
    }

    #[test]
    fn paths_are_encoded_twice_except_for_s3() {
        let request = get("https://example.amazonaws.com/a%20b/c");
        let (canonical, _) = canonical_request(&request, "service", "x");
        assert!(canonical.starts_with("GET\n/a%2520b/c\n"), "{canonical}");
        let (canonical, _) = canonical_request(&request, "s3", "x");
        assert!(canonical.starts_with("GET\n/a%20b/c\n"), "{canonical}");
    }
}
