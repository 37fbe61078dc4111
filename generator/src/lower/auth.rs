//! Auth: which credential each request needs, after folder and collection inheritance.

use crate::ir::{Credential, OpAuth};
use crate::model::Auth;

use super::Lowering;

/// The credential a Postman auth setting asks for; `Err(kind)` for kinds the client cannot
/// produce itself, `Ok(None)` for `noauth`.
pub fn credential_of(auth: &Auth) -> Result<Option<Credential>, String> {
    match auth.kind.as_str() {
        "noauth" | "" => Ok(None),
        "bearer" | "oauth2" => Ok(Some(Credential::Bearer)),
        "basic" => Ok(Some(Credential::Basic)),
        "apikey" => Ok(Some(Credential::ApiKey {
            name: auth
                .param("key")
                .map(str::trim)
                .filter(|k| is_header_name(k))
                .unwrap_or("X-API-Key")
                .to_owned(),
            in_query: auth.param("in") == Some("query"),
        })),
        "oauth1" => oauth1(auth).map(Some).ok_or_else(|| "oauth1".to_owned()),
        "digest" => Ok(Some(Credential::Digest)),
        "awsv4" => Ok(Some(Credential::AwsV4 {
            region: setting(auth, "region").unwrap_or("us-east-1").to_owned(),
            service: setting(auth, "service").unwrap_or("execute-api").to_owned(),
        })),
        "hawk" => Ok(Some(Credential::Hawk {
            algorithm: match setting(auth, "algorithm") {
                Some(a) if a.eq_ignore_ascii_case("sha1") => "sha1".to_owned(),
                Some(a) if !a.eq_ignore_ascii_case("sha256") => return Err("hawk".to_owned()),
                _ => "sha256".to_owned(),
            },
            ext: fixed(auth, "extraData"),
            app: Some(fixed(auth, "app"))
                .filter(|app| !app.is_empty())
                .unwrap_or_else(|| fixed(auth, "appId")),
            dlg: fixed(auth, "delegation"),
            payload_hash: flag(auth, "includePayloadHash"),
        })),
        "edgegrid" => Ok(Some(Credential::EdgeGrid {
            headers_to_sign: fixed(auth, "headersToSign"),
        })),
        other => Err(other.to_owned()),
    }
}

/// OAuth 1.0a's settings; `None` for a signature method the client does not compute
/// (RSA-SHA1), left to the signing hook.
fn oauth1(auth: &Auth) -> Option<Credential> {
    let signature_method = match setting(auth, "signatureMethod") {
        None => "HMAC-SHA1".to_owned(),
        Some(m) => ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"]
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(m))?
            .to_owned(),
    };
    // Postman sends the parameters in the header unless `addParamsToHeader` is false.
    let in_header = auth
        .param("addParamsToHeader")
        .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
    Some(Credential::OAuth1 {
        signature_method,
        placement: if in_header { "header" } else { "url-or-body" }.to_owned(),
        realm: fixed(auth, "realm"),
        version: match auth.param("version") {
            None => "1.0".to_owned(),
            Some(_) => fixed(auth, "version"),
        },
    })
}

/// A non-secret setting as the collection writes it; `None` when empty.
fn setting<'a>(auth: &'a Auth, key: &str) -> Option<&'a str> {
    auth.param(key).map(str::trim).filter(|v| !v.is_empty())
}

/// A setting written into the code: empty when absent or a `{{variable}}` (only a region or
/// a service is resolved from a variable at run time).
fn fixed(auth: &Auth, key: &str) -> String {
    setting(auth, key)
        .filter(|v| !v.contains("{{"))
        .unwrap_or_default()
        .to_owned()
}

/// A boolean setting (`true`).
fn flag(auth: &Auth, key: &str) -> bool {
    auth.param(key)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// A valid HTTP header name (an RFC 9110 token).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl Lowering {
    /// Resolves a request's effective auth into the client's credential list.
    pub(super) fn op_auth(
        &mut self,
        auth: Option<&Auth>,
        credentials: &mut Vec<Credential>,
        path: &str,
        label: Option<&str>,
    ) -> OpAuth {
        let Some(auth) = auth else {
            return OpAuth::None;
        };
        match credential_of(auth) {
            Ok(None) => OpAuth::None,
            Ok(Some(credential)) => {
                let index = match credentials.iter().position(|c| c == &credential) {
                    Some(index) => index,
                    None => {
                        credentials.push(credential);
                        credentials.len() - 1
                    }
                };
                OpAuth::Credential(index)
            }
            Err(kind) => {
                self.diag(
                    "auth-unsupported",
                    path,
                    label,
                    format!(
                        "`{kind}` auth is not generated; the request is signed by the hook set with `Client::with_signer`"
                    ),
                );
                OpAuth::Signer(kind)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(kind: &str, params: &[(&str, &str)]) -> Auth {
        Auth {
            kind: kind.to_owned(),
            params: params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn signing_schemes_keep_their_settings_and_never_their_secrets() {
        let oauth = auth(
            "oauth1",
            &[
                ("consumerSecret", "secret"),
                ("signatureMethod", "hmac-sha256"),
                ("addParamsToHeader", "false"),
                ("realm", "{{realm}}"),
            ],
        );
        assert_eq!(
            credential_of(&oauth),
            Ok(Some(Credential::OAuth1 {
                signature_method: "HMAC-SHA256".into(),
                placement: "url-or-body".into(),
                realm: String::new(),
                version: "1.0".into(),
            }))
        );
        let rsa = auth("oauth1", &[("signatureMethod", "RSA-SHA1")]);
        assert_eq!(credential_of(&rsa), Err("oauth1".to_owned()));
        assert_eq!(
            credential_of(&auth(
                "awsv4",
                &[("region", "{{region}}"), ("secretKey", "s")]
            )),
            Ok(Some(Credential::AwsV4 {
                region: "{{region}}".into(),
                service: "execute-api".into(),
            }))
        );
        assert_eq!(
            credential_of(&auth(
                "hawk",
                &[("algorithm", "sha1"), ("includePayloadHash", "true")]
            )),
            Ok(Some(Credential::Hawk {
                algorithm: "sha1".into(),
                ext: String::new(),
                app: String::new(),
                dlg: String::new(),
                payload_hash: true,
            }))
        );
        assert_eq!(
            credential_of(&auth("digest", &[("password", "p")])),
            Ok(Some(Credential::Digest))
        );
        assert_eq!(credential_of(&auth("ntlm", &[])), Err("ntlm".to_owned()));
    }
}
