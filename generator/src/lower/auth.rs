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
        other => Err(other.to_owned()),
    }
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
