//! HTTP Digest (RFC 7616): MD5, SHA-256 and their `-sess` forms, with `qop=auth` (or without
//! qop, as RFC 2069 servers ask). The request is sent once without credentials to fetch the
//! server's challenge (`WWW-Authenticate: Digest ...`), then again with the answer.

use md5::Digest as _;

use super::util::{hex, nonce_hex};
use crate::Call;

/// A user name and password for HTTP Digest auth. Taken at run time, never written into
/// generated code.
#[derive(Clone)]
pub struct DigestKeys {
    username: String,
    password: String,
}

impl DigestKeys {
    /// The user name and password.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }
}

impl std::fmt::Debug for DigestKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DigestKeys").finish_non_exhaustive()
    }
}

/// What HTTP Digest credentials are, in messages.
pub const DIGEST: &str = "a user name and password, sent with HTTP Digest auth";

impl Call<'_> {
    /// Answers the server's Digest challenge with `keys`: the request is sent once to fetch
    /// the challenge, then with the answer.
    pub fn digest_auth(&mut self, keys: Option<&DigestKeys>, setters: &str) {
        match keys {
            Some(keys) => {
                self.digest = Some(keys.clone());
                self.mark_signed();
            }
            None => self.fail(super::missing(DIGEST, setters)),
        }
    }
}

/// A server's Digest challenge.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Challenge {
    pub(crate) realm: String,
    pub(crate) nonce: String,
    pub(crate) opaque: Option<String>,
    pub(crate) algorithm: String,
    /// `auth` when the server offers it, `None` for a server that offers no qop.
    pub(crate) qop: Option<String>,
    pub(crate) userhash: bool,
}

/// The hash functions this answers with, strongest first.
fn strength(algorithm: &str) -> Option<u8> {
    match algorithm.to_ascii_uppercase().as_str() {
        "SHA-256-SESS" => Some(4),
        "SHA-256" => Some(3),
        "MD5-SESS" => Some(2),
        "MD5" => Some(1),
        _ => None,
    }
}

/// The strongest Digest challenge of `headers` this can answer.
pub(crate) fn challenge(headers: &reqwest::header::HeaderMap) -> Option<Challenge> {
    headers
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(split_challenges)
        .filter_map(|text| parse(&text))
        .filter_map(|c| strength(&c.algorithm).map(|s| (s, c)))
        .max_by_key(|(s, _)| *s)
        .map(|(_, c)| c)
}

/// One header may hold several challenges (`Digest ..., Basic ...`): each starts with a
/// scheme name, a token not followed by `=`.
fn split_challenges(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, part) in split_params(value).into_iter().enumerate() {
        let trimmed = part.trim();
        let starts = match trimmed.split_once(|c: char| c.is_whitespace()) {
            Some((scheme, rest)) => !scheme.contains('=') && rest.contains('='),
            None => !trimmed.contains('='),
        };
        match out.last_mut() {
            Some(last) if !(starts && i > 0) => {
                last.push_str(", ");
                last.push_str(trimmed);
            }
            _ => out.push(trimmed.to_owned()),
        }
    }
    out
}

/// Splits on commas outside quoted strings.
fn split_params(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                current.push(c);
            }
            '\\' if quoted => {
                escaped = true;
                current.push(c);
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// A `Digest` challenge's parameters; `None` for other schemes.
fn parse(text: &str) -> Option<Challenge> {
    let (scheme, rest) = text.trim().split_once(|c: char| c.is_whitespace())?;
    if !scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    let mut challenge = Challenge {
        algorithm: "MD5".to_owned(),
        ..Challenge::default()
    };
    let mut has_nonce = false;
    for param in split_params(rest) {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim().to_ascii_lowercase().as_str() {
            "realm" => challenge.realm = value,
            "nonce" => {
                challenge.nonce = value;
                has_nonce = true;
            }
            "opaque" => challenge.opaque = Some(value),
            "algorithm" => challenge.algorithm = value,
            "qop" => {
                // Only `auth-int` (or unknown) offered: not answerable.
                let auth = value
                    .split(',')
                    .map(str::trim)
                    .find(|q| q.eq_ignore_ascii_case("auth"))?;
                challenge.qop = Some(auth.to_owned());
            }
            "userhash" => challenge.userhash = value.eq_ignore_ascii_case("true"),
            _ => {}
        }
    }
    has_nonce.then_some(challenge)
}

fn unquote(value: &str) -> String {
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => {
            let mut out = String::with_capacity(inner.len());
            let mut escaped = false;
            for c in inner.chars() {
                if c == '\\' && !escaped {
                    escaped = true;
                } else {
                    out.push(c);
                    escaped = false;
                }
            }
            out
        }
        None => value.to_owned(),
    }
}

fn hash(algorithm: &str, text: &str) -> String {
    if algorithm.to_ascii_uppercase().starts_with("SHA-256") {
        hex(&sha2::Sha256::digest(text.as_bytes()))
    } else {
        hex(&md5::Md5::digest(text.as_bytes()))
    }
}

/// The `Authorization` header answering `challenge` for `method` and `uri` (the request
/// target: path and query), with client nonce `cnonce` and nonce count 1.
pub(crate) fn answer(
    challenge: &Challenge,
    keys: &DigestKeys,
    method: &str,
    uri: &str,
    cnonce: &str,
) -> String {
    let algorithm = &challenge.algorithm;
    let nc = "00000001";
    let mut ha1 = hash(
        algorithm,
        &format!("{}:{}:{}", keys.username, challenge.realm, keys.password),
    );
    if algorithm.to_ascii_uppercase().ends_with("-SESS") {
        ha1 = hash(algorithm, &format!("{ha1}:{}:{cnonce}", challenge.nonce));
    }
    let ha2 = hash(algorithm, &format!("{method}:{uri}"));
    let response = match &challenge.qop {
        Some(qop) => hash(
            algorithm,
            &format!("{ha1}:{}:{nc}:{cnonce}:{qop}:{ha2}", challenge.nonce),
        ),
        None => hash(algorithm, &format!("{ha1}:{}:{ha2}", challenge.nonce)),
    };
    let username = if challenge.userhash {
        hash(algorithm, &format!("{}:{}", keys.username, challenge.realm))
    } else {
        keys.username.clone()
    };
    let mut header = format!(
        "Digest username=\"{}\", realm=\"{}\", uri=\"{}\", algorithm={algorithm}, nonce=\"{}\"",
        quote(&username),
        quote(&challenge.realm),
        quote(uri),
        quote(&challenge.nonce)
    );
    if let Some(qop) = &challenge.qop {
        header.push_str(&format!(
            ", nc={nc}, cnonce=\"{}\", qop={qop}",
            quote(cnonce)
        ));
    }
    header.push_str(&format!(", response=\"{response}\""));
    if let Some(opaque) = &challenge.opaque {
        header.push_str(&format!(", opaque=\"{}\"", quote(opaque)));
    }
    if challenge.userhash {
        header.push_str(", userhash=true");
    }
    header
}

fn quote(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Sets the answer to `challenge` on `request`.
pub(crate) fn authorize(
    request: &mut reqwest::Request,
    challenge: &Challenge,
    keys: &DigestKeys,
) -> Result<(), String> {
    let url = request.url();
    let uri = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let cnonce = nonce_hex(16)?;
    let header = answer(challenge, keys, request.method().as_str(), &uri, &cnonce);
    let value = reqwest::header::HeaderValue::from_str(&header)
        .map_err(|_| "the Digest challenge does not make a valid header".to_owned())?;
    request
        .headers_mut()
        .insert(reqwest::header::AUTHORIZATION, value);
    Ok(())
}

/// A copy of `request` to fetch the challenge with: the same request, or without its body
/// when that cannot be sent twice (a multipart stream).
pub(crate) fn probe(request: &reqwest::Request) -> reqwest::Request {
    request.try_clone().unwrap_or_else(|| {
        let mut probe = reqwest::Request::new(request.method().clone(), request.url().clone());
        *probe.headers_mut() = request.headers().clone();
        probe
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc7616(algorithm: &str) -> Challenge {
        let header = format!("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={algorithm}, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.append("www-authenticate", header.parse().unwrap());
        challenge(&headers).unwrap()
    }

    /// RFC 7616 section 3.9.1: Mufasa's request, answered with SHA-256 and with MD5.
    #[test]
    fn rfc7616_examples() {
        let keys = DigestKeys::new("Mufasa", "Circle of Life");
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let sha = answer(&rfc7616("SHA-256"), &keys, "GET", "/dir/index.html", cnonce);
        assert!(
            sha.contains(
                "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""
            ),
            "{sha}"
        );
        assert!(sha.contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        assert!(sha.contains("qop=auth,") && sha.contains("nc=00000001"));
        let md5 = answer(&rfc7616("MD5"), &keys, "GET", "/dir/index.html", cnonce);
        assert!(
            md5.contains("response=\"8ca523f5e9506fed4657c9700eebdbec\""),
            "{md5}"
        );
    }

    /// The example's two challenges in one response: SHA-256 is chosen.
    #[test]
    fn the_strongest_challenge_is_answered() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.append(
            "www-authenticate",
            "Digest realm=\"r\", qop=\"auth\", algorithm=MD5, nonce=\"n1\""
                .parse()
                .unwrap(),
        );
        headers.append(
            "www-authenticate",
            "Basic realm=\"x\", Digest realm=\"r\", qop=\"auth\", algorithm=SHA-256, nonce=\"n2\""
                .parse()
                .unwrap(),
        );
        let chosen = challenge(&headers).unwrap();
        assert_eq!(
            (chosen.algorithm.as_str(), chosen.nonce.as_str()),
            ("SHA-256", "n2")
        );
        headers.clear();
        headers.append("www-authenticate", "Basic realm=\"x\"".parse().unwrap());
        assert_eq!(challenge(&headers), None);
    }

    /// `-sess` (RFC 7616 section 3.4.2) and no qop (RFC 2069), checked against Python's
    /// hashlib.
    #[test]
    fn sess_and_no_qop() {
        let keys = DigestKeys::new("Mufasa", "Circle of Life");
        let mut c = rfc7616("MD5-sess");
        let sess = answer(&c, &keys, "GET", "/dir/index.html", "c");
        assert!(sess.contains(&format!("response=\"{MD5_SESS}\"")), "{sess}");
        c.algorithm = "MD5".into();
        c.qop = None;
        let plain = answer(&c, &keys, "GET", "/dir/index.html", "c");
        assert!(
            plain.contains(&format!("response=\"{MD5_NO_QOP}\"")),
            "{plain}"
        );
        assert!(!plain.contains("cnonce"));
    }

    const MD5_SESS: &str = "8968d58584637f57b263c17e9504fd5d";
    const MD5_NO_QOP: &str = "7b2cc3b30e75b4777ea31027084363fd";
}
