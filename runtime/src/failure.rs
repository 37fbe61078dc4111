//! Why a request failed: [`Fault`] as the request builder reports it, and [`Failure`], the
//! view of it that every generated error type shares.

use crate::ApiResponse;

/// Why an operation failed, before the operation's error type names it. Each generated error
/// type is made from one (`from_fault`), matching every variant: a new variant is a new
/// [`INTERFACE`](crate::INTERFACE), so that generated code and this crate cannot disagree.
#[derive(Debug)]
pub enum Fault {
    /// A status outside 2xx.
    Status(Box<ApiResponse>),
    /// A 2xx status whose body does not decode.
    Body(Box<ApiResponse>, serde_json::Error),
    /// The arguments cannot form a valid request; nothing was sent.
    Request(String),
    /// The request could not be sent, or the response could not be read.
    Transport(reqwest::Error),
    /// The call ended on a `3xx`: a redirect the client does not follow (another origin, a
    /// POST that would turn into a GET, more hops than allowed: see
    /// [`Redirects`](crate::Redirects)) or another `3xx` such as `304`; the response carries
    /// the status and the `Location`.
    Redirect(Box<ApiResponse>),
    /// The response body is larger than the client allows for its status; it was not read
    /// in full.
    TooLarge {
        /// The response's status.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
}

/// What an operation's error holds, whatever the operation: the `Display`, `source` and
/// `response` of every generated error type are written once, here.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Failure<'a> {
    /// A documented error status.
    Status(&'a ApiResponse),
    /// A status the collection does not document.
    Unexpected(&'a ApiResponse),
    /// A 2xx body that does not have the documented shape.
    Body(&'a ApiResponse, &'a serde_json::Error),
    /// The request could not be built; nothing was sent.
    Request(&'a str),
    /// The request could not be sent, or the response could not be read.
    Transport(&'a reqwest::Error),
    /// A redirect the client did not follow.
    Redirect(&'a ApiResponse),
    /// A body over the client's limit.
    TooLarge {
        /// The response's status.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },
}

impl<'a> Failure<'a> {
    /// The response, when one arrived.
    pub fn response(self) -> Option<&'a ApiResponse> {
        match self {
            Failure::Status(response)
            | Failure::Unexpected(response)
            | Failure::Body(response, _)
            | Failure::Redirect(response) => Some(response),
            Failure::Request(_) | Failure::Transport(_) | Failure::TooLarge { .. } => None,
        }
    }

    /// Writes the failure, after `operation: ` unless `operation` is empty.
    pub fn describe(self, operation: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !operation.is_empty() {
            write!(f, "{operation}: ")?;
        }
        match self {
            Failure::Status(response) => write!(f, "{response}"),
            Failure::Unexpected(response) => write!(f, "undocumented {response}"),
            Failure::Body(response, error) => {
                write!(
                    f,
                    "HTTP {} body does not match the documented shape: {error}",
                    response.status
                )?;
                attempts(f, response)
            }
            Failure::Request(message) => write!(f, "invalid request: {message}"),
            Failure::Transport(error) => write!(f, "request failed: {error}"),
            Failure::Redirect(response) => {
                let location = response.header("location").unwrap_or("");
                write!(
                    f,
                    "HTTP {} redirect to `{location}` not followed",
                    response.status
                )?;
                attempts(f, response)
            }
            Failure::TooLarge { status, limit } => write!(
                f,
                "HTTP {status} body is larger than the client's limit of {limit} bytes"
            ),
        }
    }

    /// The underlying error, for [`std::error::Error::source`].
    pub fn source(self) -> Option<&'a (dyn std::error::Error + 'static)> {
        match self {
            Failure::Body(_, error) => Some(error),
            Failure::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// ` (after N attempts)` when the request was sent more than once (a response's own
/// `Display` says it already).
fn attempts(f: &mut std::fmt::Formatter<'_>, response: &ApiResponse) -> std::fmt::Result {
    if response.attempts > 1 {
        write!(f, " (after {} attempts)", response.attempts)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Shown<'a>(Failure<'a>, &'a str);

    impl std::fmt::Display for Shown<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.0.describe(self.1, f)
        }
    }

    #[test]
    fn failures_describe_themselves_after_the_operation() {
        let response = ApiResponse::new(404, Default::default(), br#"{"message":"gone"}"#.to_vec());
        assert_eq!(
            Shown(Failure::Status(&response), "get_user").to_string(),
            "get_user: HTTP 404: gone"
        );
        assert_eq!(
            Shown(Failure::Unexpected(&response), "").to_string(),
            "undocumented HTTP 404: gone"
        );
        assert_eq!(
            Shown(Failure::Request("bad path"), "x").to_string(),
            "x: invalid request: bad path"
        );
        let error = serde_json::from_str::<u8>("x").unwrap_err();
        let shown = Shown(Failure::Body(&response, &error), "").to_string();
        assert!(
            shown.starts_with("HTTP 404 body does not match the documented shape: "),
            "{shown}"
        );
        assert!(Failure::Body(&response, &error).source().is_some());
        assert!(Failure::Request("x").response().is_none());
        assert_eq!(
            Failure::Unexpected(&response).response().map(|r| r.status),
            Some(404)
        );
    }
}
