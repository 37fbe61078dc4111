//! [`ApiResponse`]: a response as it arrived.

/// A response as it arrived: status, headers and body.
///
/// The body is held once, as bytes; [`ApiResponse::text`] decodes it when asked. For error
/// statuses whose body is a JSON object, `code` and `message` hold its `code` and `message`
/// fields (Zoom's error format, and a common one).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: ::reqwest::header::HeaderMap,
    /// The body, as it arrived (decompressed).
    pub bytes: Vec<u8>,
    /// The `code` field of a JSON error body.
    pub code: Option<i64>,
    /// The `message` (or `error`) field of a JSON error body.
    pub message: Option<String>,
    /// How many times the request was sent: 1, or more when the client's
    /// [`RetryPolicy`](crate::RetryPolicy) sent it again. `Display` shows it when over 1.
    pub attempts: u32,
}

/// How much of a `message`, or of a body without one, [`ApiResponse`]'s `Display` shows.
const EXCERPT_CHARS: usize = 200;

/// Writes the first [`EXCERPT_CHARS`] characters of `text`, and `…` when there are more.
fn excerpt(f: &mut std::fmt::Formatter<'_>, text: &str) -> std::fmt::Result {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => write!(f, ": {}…", text.get(..cut).unwrap_or(text)),
        None => write!(f, ": {text}"),
    }
}

impl ApiResponse {
    /// A response with this status, headers and body. Generated clients make them as responses
    /// arrive; a test's fake of an API makes its own.
    pub fn new(status: u16, headers: ::reqwest::header::HeaderMap, bytes: Vec<u8>) -> Self {
        // Success bodies are decoded by the operation; only error bodies are inspected here
        // (and their size is bounded by the client's error limit).
        let error_body = if (200..300).contains(&status) {
            None
        } else {
            serde_json::from_slice::<serde_json::Value>(&bytes).ok()
        };
        let fields = match error_body {
            Some(serde_json::Value::Object(fields)) => fields,
            _ => serde_json::Map::new(),
        };
        let code = fields.get("code").and_then(|c| {
            c.as_i64()
                .or_else(|| c.as_str().and_then(|s| s.parse().ok()))
        });
        let message = fields
            .get("message")
            .or_else(|| fields.get("error"))
            .and_then(|m| m.as_str())
            .map(String::from);
        Self {
            status,
            headers,
            bytes,
            code,
            message,
            attempts: 1,
        }
    }

    /// The body as text, invalid UTF-8 replaced (borrowed when it is valid).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }

    /// The body, as text (invalid UTF-8 replaced), taking it out of the response.
    pub fn into_text(self) -> String {
        match String::from_utf8(self.bytes) {
            Ok(text) => text,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        }
    }

    /// Whether the status is a success (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The value of header `name`, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Retry-After` header: seconds or an HTTP date, as sent.
    pub fn retry_after(&self) -> Option<&str> {
        self.header("retry-after")
    }
}

impl std::fmt::Display for ApiResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.describe(f)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl ApiResponse {
    /// Status, code and message or an excerpt of the body.
    fn describe(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, ", code {code}")?;
        }
        match &self.message {
            Some(message) => excerpt(f, message),
            None if self.bytes.is_empty() => Ok(()),
            None => {
                // Only the start is decoded: an excerpt needs at most four bytes a character.
                let start = self
                    .bytes
                    .get(..EXCERPT_CHARS * 4 + 4)
                    .unwrap_or(&self.bytes);
                excerpt(f, &String::from_utf8_lossy(start))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ApiResponse;

    fn response(status: u16, body: &str) -> ApiResponse {
        ApiResponse::new(status, Default::default(), body.as_bytes().to_vec())
    }

    #[test]
    fn error_bodies_give_code_and_message() {
        let r = response(404, r#"{"code": 1001, "message": "User does not exist"}"#);
        assert_eq!(
            (r.code, r.message.as_deref()),
            (Some(1001), Some("User does not exist"))
        );
        assert_eq!(r.to_string(), "HTTP 404, code 1001: User does not exist");
        let r = response(400, r#"{"code": "42", "error": "bad"}"#);
        assert_eq!((r.code, r.message.as_deref()), (Some(42), Some("bad")));
    }

    #[test]
    fn success_bodies_are_not_inspected() {
        let r = response(200, r#"{"code": 1, "message": "fine"}"#);
        assert_eq!((r.code, r.message.as_deref()), (None, None));
        assert!(r.is_success());
    }

    #[test]
    fn display_shows_an_excerpt_of_other_bodies() {
        assert_eq!(response(500, "").to_string(), "HTTP 500");
        let long = "é".repeat(500);
        let shown = response(500, &long).to_string();
        assert_eq!(shown, format!("HTTP 500: {}…", "é".repeat(200)));
        let exact = "é".repeat(200);
        assert_eq!(
            response(500, &exact).to_string(),
            format!("HTTP 500: {exact}")
        );
        // Invalid UTF-8 is replaced, not refused.
        let r = ApiResponse::new(502, Default::default(), vec![0xff, b'a']);
        assert_eq!(r.text(), "\u{fffd}a");
        assert_eq!(r.into_text(), "\u{fffd}a");
    }

    #[test]
    fn display_cuts_a_long_message() {
        let message = "x".repeat(10 * 1024 * 1024);
        let body = format!(r#"{{"code": 7, "message": "{message}"}}"#);
        let r = response(400, &body);
        assert_eq!(r.message.as_deref().map(str::len), Some(message.len()));
        assert_eq!(
            r.to_string(),
            format!("HTTP 400, code 7: {}…", "x".repeat(200))
        );
    }

    #[test]
    fn display_says_how_many_attempts_were_made() {
        let mut r = response(429, r#"{"message": "slow down"}"#);
        assert_eq!(r.attempts, 1);
        assert_eq!(r.to_string(), "HTTP 429: slow down");
        r.attempts = 3;
        assert_eq!(r.to_string(), "HTTP 429: slow down (after 3 attempts)");
        let mut r = response(503, "");
        r.attempts = 2;
        assert_eq!(r.to_string(), "HTTP 503 (after 2 attempts)");
    }

    #[test]
    fn headers_are_read_by_name() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", "3".parse().unwrap());
        let r = ApiResponse::new(429, headers, Vec::new());
        assert_eq!(r.retry_after(), Some("3"));
        assert_eq!(r.header("Retry-After"), Some("3"));
        assert_eq!(r.header("x-missing"), None);
    }
}

/// The response to a documented error status, with its body decoded into the type the
/// collection's examples of that status give. It reads as the [`ApiResponse`] it holds
/// (`response.status`, `response.code`, `response.retry_after()`), and [`ErrorResponse::body`]
/// is the typed body: `None` when the body did not decode into it.
#[derive(Debug, Clone)]
pub struct ErrorResponse<T> {
    /// The response as it arrived.
    pub response: ApiResponse,
    /// The body, decoded; `None` when it is not the documented shape.
    pub body: Option<T>,
}

impl<T: serde::de::DeserializeOwned> ErrorResponse<T> {
    /// Decodes `response`'s body (generated error types call it for their documented statuses,
    /// with the box `Fault::Status` carries).
    #[allow(clippy::boxed_local)]
    pub fn boxed(response: Box<ApiResponse>) -> Box<Self> {
        let body = serde_json::from_slice(&response.bytes).ok();
        Box::new(Self {
            response: *response,
            body,
        })
    }
}

impl<T> std::ops::Deref for ErrorResponse<T> {
    type Target = ApiResponse;

    fn deref(&self) -> &ApiResponse {
        &self.response
    }
}

impl<T> std::fmt::Display for ErrorResponse<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.response.fmt(f)
    }
}

#[cfg(test)]
mod error_response_tests {
    use super::{ApiResponse, ErrorResponse};

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct ZoomError {
        code: i64,
        message: String,
    }

    #[test]
    fn the_typed_body_sits_beside_the_response() {
        let response = ApiResponse::new(
            409,
            Default::default(),
            br#"{"code": 1005, "message": "User already in the account"}"#.to_vec(),
        );
        let error = ErrorResponse::<ZoomError>::boxed(Box::new(response));
        assert_eq!(error.status, 409);
        assert_eq!(error.code, Some(1005));
        assert_eq!(
            error.body,
            Some(ZoomError {
                code: 1005,
                message: "User already in the account".into()
            })
        );
        assert_eq!(
            error.to_string(),
            "HTTP 409, code 1005: User already in the account"
        );
        let other = ErrorResponse::<ZoomError>::boxed(Box::new(ApiResponse::new(
            409,
            Default::default(),
            b"<html>".to_vec(),
        )));
        assert!(other.body.is_none());
    }
}
