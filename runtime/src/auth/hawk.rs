//! Hawk (the `hawk` library's header scheme, version 1): a MAC over the timestamp, nonce,
//! method, request target, host, port, optional payload hash and `ext`.

use sha2::Digest as _;

use super::util::{base64, hmac_sha1, hmac_sha256, nonce_hex, unix_now};
use crate::Call;

/// A Hawk credential: its id and key. Taken at run time, never written into generated code.
#[derive(Clone)]
pub struct HawkKeys {
    id: String,
    key: String,
}

impl HawkKeys {
    /// The credential's id and key.
    pub fn new(id: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            key: key.into(),
        }
    }
}

impl std::fmt::Debug for HawkKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HawkKeys").finish_non_exhaustive()
    }
}

/// What a Hawk credential is, in messages.
pub const HAWK: &str = "a Hawk credential (id and key)";

/// The non-secret settings of a collection's Hawk auth.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings<'a> {
    /// `sha256` or `sha1`.
    pub(crate) algorithm: &'a str,
    /// `ext`, application data sent with the MAC.
    pub(crate) ext: &'a str,
    /// `app` and `dlg` (Oz), when not empty.
    pub(crate) app: &'a str,
    pub(crate) dlg: &'a str,
    /// Whether the body's hash is sent and signed.
    pub(crate) payload_hash: bool,
}

impl Call<'_> {
    /// Signs the finished request with Hawk: `algorithm` is `sha256` or `sha1`; `ext`,
    /// `app` and `dlg` are sent when not empty; `payload_hash` signs the body too.
    #[allow(clippy::too_many_arguments)]
    pub fn hawk_auth(
        &mut self,
        algorithm: &'static str,
        ext: &'static str,
        app: &'static str,
        dlg: &'static str,
        payload_hash: bool,
        keys: Option<&HawkKeys>,
        setters: &str,
    ) {
        let Some(keys) = keys.cloned() else {
            return self.fail(super::missing(HAWK, setters));
        };
        let settings = Settings {
            algorithm,
            ext,
            app,
            dlg,
            payload_hash,
        };
        self.sign_with(move |request| {
            let nonce = nonce_hex(6)?;
            let header = authorization(request, &settings, &keys, unix_now(), &nonce)?;
            let value = reqwest::header::HeaderValue::from_str(&header)
                .map_err(|_| "the Hawk credential does not make a valid header".to_owned())?;
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, value);
            Ok(())
        });
    }
}

fn mac(algorithm: &str, key: &[u8], data: &[u8]) -> Result<String, String> {
    match algorithm.to_ascii_lowercase().as_str() {
        "sha256" => Ok(base64(&hmac_sha256(key, data))),
        "sha1" => Ok(base64(&hmac_sha1(key, data))),
        other => Err(format!(
            "Hawk algorithm `{other}` is not supported: use sha256 or sha1"
        )),
    }
}

fn digest(algorithm: &str, data: &[u8]) -> String {
    if algorithm.eq_ignore_ascii_case("sha1") {
        base64(&sha1::Sha1::digest(data))
    } else {
        base64(&sha2::Sha256::digest(data))
    }
}

/// The `Authorization` header for `request` at `ts` with `nonce`.
pub(crate) fn authorization(
    request: &reqwest::Request,
    settings: &Settings<'_>,
    keys: &HawkKeys,
    ts: u64,
    nonce: &str,
) -> Result<String, String> {
    let url = request.url();
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or(80);
    let hash = if settings.payload_hash {
        let content_type = request
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default();
        let mut payload = format!("hawk.1.payload\n{content_type}\n").into_bytes();
        payload.extend_from_slice(body);
        payload.push(b'\n');
        Some(digest(settings.algorithm, &payload))
    } else {
        None
    };
    let mut normalized = format!(
        "hawk.1.header\n{ts}\n{nonce}\n{}\n{target}\n{host}\n{port}\n{}\n{}\n",
        request.method().as_str(),
        hash.as_deref().unwrap_or_default(),
        escape(settings.ext)
    );
    if !settings.app.is_empty() {
        normalized.push_str(&format!("{}\n{}\n", settings.app, settings.dlg));
    }
    let mac = mac(
        settings.algorithm,
        keys.key.as_bytes(),
        normalized.as_bytes(),
    )?;
    let mut header = format!("Hawk id=\"{}\", ts=\"{ts}\", nonce=\"{nonce}\"", keys.id);
    if let Some(hash) = &hash {
        header.push_str(&format!(", hash=\"{hash}\""));
    }
    if !settings.ext.is_empty() {
        header.push_str(&format!(", ext=\"{}\"", escape(settings.ext)));
    }
    header.push_str(&format!(", mac=\"{mac}\""));
    if !settings.app.is_empty() {
        header.push_str(&format!(", app=\"{}\"", settings.app));
        if !settings.dlg.is_empty() {
            header.push_str(&format!(", dlg=\"{}\"", settings.dlg));
        }
    }
    Ok(header)
}

/// `ext` with `\` and `"` escaped, and line breaks dropped, as the reference client does.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(payload_hash: bool) -> Settings<'static> {
        Settings {
            algorithm: "sha256",
            ext: "some-app-ext-data",
            app: "",
            dlg: "",
            payload_hash,
        }
    }

    /// The `hawk` library's README examples: a `GET` and a `POST` with its payload hash.
    #[test]
    fn hawk_reference_examples() {
        let keys = HawkKeys::new(
            "dh37fgj492je",
            "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn",
        );
        let get = reqwest::Request::new(
            reqwest::Method::GET,
            "http://example.com:8000/resource/1?b=1&a=2"
                .parse()
                .unwrap(),
        );
        assert_eq!(
            authorization(&get, &settings(false), &keys, 1_353_832_234, "j4h3g2").unwrap(),
            "Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", ext=\"some-app-ext-data\", mac=\"6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=\""
        );
        let mut post = reqwest::Request::new(
            reqwest::Method::POST,
            "http://example.com:8000/resource/1?b=1&a=2"
                .parse()
                .unwrap(),
        );
        post.headers_mut()
            .insert("content-type", "text/plain".parse().unwrap());
        *post.body_mut() = Some("Thank you for flying Hawk".into());
        assert_eq!(
            authorization(&post, &settings(true), &keys, 1_353_832_234, "j4h3g2").unwrap(),
            "Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", hash=\"Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=\", ext=\"some-app-ext-data\", mac=\"aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw=\""
        );
    }
}
