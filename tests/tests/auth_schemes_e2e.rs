//! End to end: the `auth-schemes` collection's client signs each request, and a loopback
//! server checks each signature with its own code (not the runtime's), answering `200` only
//! for a valid one (`401` otherwise, and a Digest challenge to a request without one).
//!
//! Schemes: OAuth 1.0a (HMAC-SHA1 in the header, HMAC-SHA256 in a form body), HTTP Digest
//! (SHA-256 preferred over MD5), AWS Signature Version 4 with a session token, Hawk with a
//! payload hash, Akamai EdgeGrid with a signed header and a body hash.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Digest as _;

use generated::auth_schemes::{
    AwsBody, AwsOptions, Client, EdgeGridBody, EdgeGridOptions, HawkOptions, Oauth1FormRequest,
    Oauth1HeaderOptions, Redirects,
};

const HAWK_BODY: &str = "Thank you for flying Hawk";

fn oauth1_options() -> Oauth1HeaderOptions {
    Oauth1HeaderOptions {
        count: Some("2".into()),
        q: Some("rust lang & more=ü".into()),
    }
}

fn hawk_options() -> HawkOptions {
    HawkOptions {
        b: Some("1".into()),
        a: Some("2".into()),
    }
}

const CONSUMER_SECRET: &str = "cs-secret";
const TOKEN_SECRET: &str = "ts-secret";
const FORM_CONSUMER_SECRET: &str = "form-secret";
const DIGEST_USER: &str = "Mufasa";
const DIGEST_PASSWORD: &str = "Circle of Life";
const AWS_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const HAWK_KEY: &str = "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn";
const EDGEGRID_SECRET: &str = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=";
const REALM: &str = "auth-schemes@example.org";
const NONCE: &str = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";

/// What the server saw: for each request, its path and whether it verified (or why not).
#[derive(Default)]
struct Log(Vec<(String, Result<(), String>)>);

struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Log>>,
}

impl Server {
    async fn start() -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Log::default()));
        let state = log.clone();
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let log = state.clone();
            async move { verify(request, log).await }
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        Server { addr, log }
    }

    fn client(&self) -> Client {
        Client::new(DIGEST_USER, DIGEST_PASSWORD)
            .with_base_url(format!("http://{}", self.addr))
            .with_oauth1("ck-header", CONSUMER_SECRET, "tok-header", TOKEN_SECRET)
            .with_oauth1_2("ck-form", FORM_CONSUMER_SECRET, "", "")
            .with_aws_sigv4("AKIDEXAMPLE", AWS_SECRET, "session-token-1")
            .with_hawk_auth("dh37fgj492je", HAWK_KEY)
            .with_edgegrid("akab-client", EDGEGRID_SECRET, "akab-access")
    }

    fn log(&self) -> Vec<(String, Result<(), String>)> {
        self.log.lock().unwrap().0.clone()
    }
}

async fn verify(request: Request<Body>, log: Arc<Mutex<Log>>) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 1 << 20).await.unwrap().to_vec();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    let method = parts.method.as_str().to_owned();
    let headers = parts.headers;
    let host = headers["host"].to_str().unwrap().to_owned();
    let seen = Seen {
        method,
        host,
        path: path.clone(),
        query,
        headers,
        body,
    };
    let mut challenge = false;
    let outcome = if path.starts_with("/oauth1/statuses") {
        oauth1(
            &seen,
            "HMAC-SHA1",
            &format!("{CONSUMER_SECRET}&{TOKEN_SECRET}"),
        )
    } else if path.starts_with("/oauth1/update") {
        // `addParamsToHeader: false` with a form body: the parameters are in the body.
        if seen.header("authorization").is_some()
            || !String::from_utf8_lossy(&seen.body).contains("oauth_signature=")
        {
            Err("the OAuth parameters are not in the form body".to_owned())
        } else {
            oauth1(&seen, "HMAC-SHA256", &format!("{FORM_CONSUMER_SECRET}&"))
        }
    } else if path.starts_with("/digest") {
        challenge = seen.header("authorization").is_none();
        digest(&seen)
    } else if path.starts_with("/aws") {
        aws(&seen)
    } else if path.starts_with("/hawk") {
        hawk(&seen)
    } else if path.starts_with("/edgegrid") {
        edgegrid(&seen)
    } else {
        Err(format!("unknown path {path}"))
    };
    log.lock().unwrap().0.push((path, outcome.clone()));
    match outcome {
        Ok(()) => (StatusCode::OK, [("content-type", "application/json")], "{}").into_response(),
        Err(_) if challenge => (
            StatusCode::UNAUTHORIZED,
            [
                ("www-authenticate", format!("Digest realm=\"{REALM}\", qop=\"auth\", algorithm=MD5, nonce=\"{NONCE}\", opaque=\"op\"")),
                ("www-authenticate", format!("Digest realm=\"{REALM}\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"{NONCE}\", opaque=\"op\"")),
            ],
            "",
        )
            .into_response(),
        Err(why) => (StatusCode::UNAUTHORIZED, why).into_response(),
    }
}

struct Seen {
    method: String,
    host: String,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// `key="value"` (or `key=value`) pairs split on `sep`, quotes removed.
fn fields(text: &str, sep: char) -> BTreeMap<String, String> {
    text.split(sep)
        .filter_map(|part| part.trim().split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
        .collect()
}

fn pct(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn form(text: &[u8]) -> Vec<(String, String)> {
    postman_codegen_tests::echo_server::form_pairs(std::str::from_utf8(text).unwrap())
}

/// RFC 5849: the signature of the request as received, with the OAuth parameters from the
/// header, or else from the form body or the query.
fn oauth1(seen: &Seen, method: &str, key: &str) -> Result<(), String> {
    let mut params: Vec<(String, String)> = form(seen.query.as_bytes());
    let is_form = seen.header("content-type") == Some("application/x-www-form-urlencoded");
    if is_form {
        params.extend(form(&seen.body));
    }
    if let Some(header) = seen.header("authorization") {
        if !seen.path.starts_with("/oauth1/statuses") {
            return Err("an Authorization header".into());
        }
        let header = header.strip_prefix("OAuth ").ok_or("not OAuth")?;
        for (k, v) in fields(header, ',') {
            if k != "realm" {
                params.push((k, postman_codegen_tests::echo_server::decode_component(&v)));
            }
        }
    }
    let signature = params
        .iter()
        .find(|(k, _)| k == "oauth_signature")
        .map(|(_, v)| v.clone())
        .ok_or("no oauth_signature")?;
    params.retain(|(k, _)| k != "oauth_signature");
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if get("oauth_signature_method").as_deref() != Some(method) {
        return Err(format!(
            "signature method {:?}",
            get("oauth_signature_method")
        ));
    }
    let ts: u64 = get("oauth_timestamp")
        .ok_or("no timestamp")?
        .parse()
        .map_err(|_| "timestamp")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    if now.abs_diff(ts) > 300 || get("oauth_nonce").is_none_or(|n| n.is_empty()) {
        return Err("stale timestamp or no nonce".into());
    }
    let mut encoded: Vec<(String, String)> = params.iter().map(|(k, v)| (pct(k), pct(v))).collect();
    encoded.sort();
    let normalized: Vec<String> = encoded.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let base = format!(
        "{}&{}&{}",
        seen.method,
        pct(&format!("http://{}{}", seen.host, seen.path)),
        pct(&normalized.join("&"))
    );
    let expected = match method {
        "HMAC-SHA1" => {
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
            mac.update(base.as_bytes());
            b64(&mac.finalize().into_bytes())
        }
        _ => b64(&hmac256(key.as_bytes(), base.as_bytes())),
    };
    (expected == signature)
        .then_some(())
        .ok_or_else(|| format!("bad signature for {base}"))
}

/// RFC 7616: the answer must use SHA-256 (the stronger of the two challenges).
fn digest(seen: &Seen) -> Result<(), String> {
    let header = seen.header("authorization").ok_or("no authorization")?;
    let header = header.strip_prefix("Digest ").ok_or("not Digest")?;
    let f = fields(header, ',');
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    if get("algorithm") != "SHA-256" || get("opaque") != "op" || get("qop") != "auth" {
        return Err(format!("unexpected answer {f:?}"));
    }
    let h = |s: String| hex(&sha2::Sha256::digest(s.as_bytes()));
    let ha1 = h(format!("{DIGEST_USER}:{REALM}:{DIGEST_PASSWORD}"));
    let ha2 = h(format!("{}:{}", seen.method, seen.target()));
    if get("uri") != seen.target() {
        return Err("uri".into());
    }
    let expected = h(format!(
        "{ha1}:{NONCE}:{}:{}:auth:{ha2}",
        get("nc"),
        get("cnonce")
    ));
    (expected == get("response"))
        .then_some(())
        .ok_or_else(|| "bad response".into())
}

/// AWS Signature Version 4, from the headers the request says it signed.
fn aws(seen: &Seen) -> Result<(), String> {
    let header = seen.header("authorization").ok_or("no authorization")?;
    let rest = header.strip_prefix("AWS4-HMAC-SHA256 ").ok_or("not AWS4")?;
    let f = fields(rest, ',');
    let credential = f.get("Credential").ok_or("no Credential")?;
    let signed = f.get("SignedHeaders").ok_or("no SignedHeaders")?;
    let [access, date, region, service, terminal]: [&str; 5] = credential
        .split('/')
        .collect::<Vec<_>>()
        .try_into()
        .map_err(|_| "scope")?;
    if (access, region, service, terminal)
        != ("AKIDEXAMPLE", "eu-west-1", "execute-api", "aws4_request")
    {
        return Err(format!("scope {credential}"));
    }
    if seen.header("x-amz-security-token") != Some("session-token-1")
        || !signed.contains("x-amz-security-token")
    {
        return Err("session token".into());
    }
    let stamp = seen.header("x-amz-date").ok_or("no x-amz-date")?;
    let mut query: Vec<(String, String)> = form(seen.query.as_bytes())
        .iter()
        .map(|(k, v)| (pct(k), pct(v)))
        .collect();
    query.sort();
    let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let canonical_headers: String = signed
        .split(';')
        .map(|name| format!("{name}:{}\n", seen.header(name).unwrap_or_default().trim()))
        .collect();
    let canonical = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed}\n{}",
        seen.method,
        seen.path,
        query.join("&"),
        hex(&sha2::Sha256::digest(&seen.body))
    );
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{stamp}\n{date}/{region}/{service}/aws4_request\n{}",
        hex(&sha2::Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac256(format!("AWS4{AWS_SECRET}").as_bytes(), date.as_bytes());
    for part in [region, service, "aws4_request"] {
        key = hmac256(&key, part.as_bytes());
    }
    let expected = hex(&hmac256(&key, to_sign.as_bytes()));
    (f.get("Signature") == Some(&expected))
        .then_some(())
        .ok_or_else(|| format!("bad signature for {canonical}"))
}

/// Hawk: the MAC and the payload hash.
fn hawk(seen: &Seen) -> Result<(), String> {
    let header = seen.header("authorization").ok_or("no authorization")?;
    let f = fields(header.strip_prefix("Hawk ").ok_or("not Hawk")?, ',');
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    if get("id") != "dh37fgj492je" || get("ext") != "some-app-ext-data" {
        return Err(format!("fields {f:?}"));
    }
    let mut payload = b"hawk.1.payload\ntext/plain\n".to_vec();
    payload.extend_from_slice(&seen.body);
    payload.push(b'\n');
    if get("hash") != b64(&sha2::Sha256::digest(&payload)) {
        return Err("payload hash".into());
    }
    let (host, port) = seen.host.split_once(':').ok_or("host")?;
    let normalized = format!(
        "hawk.1.header\n{}\n{}\n{}\n{}\n{host}\n{port}\n{}\n{}\n",
        get("ts"),
        get("nonce"),
        seen.method,
        seen.target(),
        get("hash"),
        get("ext")
    );
    let expected = b64(&hmac256(HAWK_KEY.as_bytes(), normalized.as_bytes()));
    (get("mac") == expected)
        .then_some(())
        .ok_or_else(|| "bad mac".into())
}

/// Akamai EdgeGrid with `X-Trace` signed and the POST body hashed.
fn edgegrid(seen: &Seen) -> Result<(), String> {
    let header = seen.header("authorization").ok_or("no authorization")?;
    let (prefix, signature) = header.split_once("signature=").ok_or("no signature")?;
    let rest = prefix.strip_prefix("EG1-HMAC-SHA256 ").ok_or("not EG1")?;
    let f = fields(rest, ';');
    if f.get("client_token").map(String::as_str) != Some("akab-client")
        || f.get("access_token").map(String::as_str) != Some("akab-access")
    {
        return Err(format!("tokens {f:?}"));
    }
    let timestamp = f.get("timestamp").ok_or("no timestamp")?;
    let data = [
        seen.method.as_str(),
        "http",
        seen.host.as_str(),
        &seen.target(),
        &format!("x-trace:{}", seen.header("x-trace").unwrap_or_default()),
        &b64(&sha2::Sha256::digest(&seen.body)),
        prefix,
    ]
    .join("\t");
    let key = b64(&hmac256(EDGEGRID_SECRET.as_bytes(), timestamp.as_bytes()));
    let expected = b64(&hmac256(key.as_bytes(), data.as_bytes()));
    (signature == expected)
        .then_some(())
        .ok_or_else(|| "bad signature".into())
}

#[tokio::test]
async fn every_scheme_is_signed_and_verified_over_http() {
    let server = Server::start().await;
    let client = server.client();
    client.oauth1_header(&oauth1_options()).await.unwrap();
    let form = Oauth1FormRequest {
        status: Some("hello world & all".into()),
    };
    client.oauth1_form(&form).await.unwrap();
    client.digest().await.unwrap();
    let body = AwsBody {
        name: Some("widget".into()),
    };
    let options = AwsOptions {
        limit: Some("5".into()),
    };
    client.aws(&body, &options).await.unwrap();
    client.hawk(HAWK_BODY, &hawk_options()).await.unwrap();
    let body = EdgeGridBody {
        group_name: Some("web".into()),
    };
    let options = EdgeGridOptions {
        contract_id: Some("ctr_1".into()),
    };
    client.edge_grid(&body, &options).await.unwrap();
    let log = server.log();
    let verified: Vec<(&str, bool)> = log.iter().map(|(p, r)| (p.as_str(), r.is_ok())).collect();
    assert_eq!(
        verified,
        [
            ("/oauth1/statuses", true),
            ("/oauth1/update", true),
            // Digest: the challenge, then the answer.
            ("/digest/resource", false),
            ("/digest/resource", true),
            ("/aws/items", true),
            ("/hawk/resource/1", true),
            ("/edgegrid/papi/v1/groups", true),
        ],
        "{log:?}"
    );
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_server() {
    let server = Server::start().await;
    let client = server
        .client()
        .with_hawk_auth("dh37fgj492je", "not the key")
        .with_digest_auth(DIGEST_USER, "wrong password");
    let error = client.hawk(HAWK_BODY, &hawk_options()).await.unwrap_err();
    assert!(error.to_string().contains("401"), "{error}");
    let error = client.digest().await.unwrap_err();
    assert!(error.to_string().contains("401"), "{error}");
    assert_eq!(server.log().len(), 3);
}

#[tokio::test]
async fn missing_keys_are_refused_before_sending() {
    let server = Server::start().await;
    let client =
        Client::new(DIGEST_USER, DIGEST_PASSWORD).with_base_url(format!("http://{}", server.addr));
    for error in [
        client
            .oauth1_header(&oauth1_options())
            .await
            .unwrap_err()
            .to_string(),
        client
            .aws(&AwsBody::default(), &AwsOptions::default())
            .await
            .unwrap_err()
            .to_string(),
        client
            .hawk(HAWK_BODY, &hawk_options())
            .await
            .unwrap_err()
            .to_string(),
        client
            .edge_grid(&EdgeGridBody::default(), &EdgeGridOptions::default())
            .await
            .unwrap_err()
            .to_string(),
    ] {
        assert!(error.contains("set it with `Client::with_"), "{error}");
    }
    assert!(server.log().is_empty());
}

/// A signed request is never followed to another origin, even with `Redirects::Any`.
#[tokio::test]
async fn signed_requests_are_not_followed_to_another_origin() {
    let server = postman_codegen_tests::echo_server::EchoServer::start().await;
    let elsewhere = format!("http://localhost:{}/elsewhere", server.addr.port());
    server.default_reply(
        postman_codegen_tests::echo_server::Reply::empty(307).header("location", &elsewhere),
    );
    let client = Client::new(DIGEST_USER, DIGEST_PASSWORD)
        .with_base_url(server.url(""))
        .with_redirects(Redirects::Any { max: 5 })
        .with_hawk_auth("id", "key");
    let error = client.hawk(HAWK_BODY, &hawk_options()).await.unwrap_err();
    assert!(error.to_string().contains("307"), "{error}");
    assert_eq!(server.count(), 1);
}

#[test]
fn no_credential_of_the_collection_is_embedded() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../collections/auth-schemes.postman_collection.json"
    );
    let generated = postman_codegen::generate(
        "auth-schemes.postman_collection.json",
        &std::fs::read(path).unwrap(),
    )
    .unwrap();
    for secret in [
        "example-consumer-key",
        "example-consumer-secret",
        "example-oauth-token",
        "example-token-secret",
        "example-digest-user",
        "example-digest-password",
        "example-access-key",
        "example-secret-key",
        "example-session-token",
        "example-hawk-id",
        "example-hawk-key",
    ] {
        assert!(
            !generated.code.contains(secret),
            "{secret} is in the generated code"
        );
    }
    assert_eq!(
        generated.runtime_features,
        ["aws-sigv4", "digest", "edgegrid", "hawk", "oauth1"]
    );
    assert!(generated.code.lines().nth(2).unwrap().contains(
        r#"postman-runtime = { version = "0.1.0", features = ["aws-sigv4", "digest", "edgegrid", "hawk", "oauth1"] }"#
    ));
    assert!(generated
        .diagnostics
        .iter()
        .all(|d| d.kind != "auth-unsupported"));
}
