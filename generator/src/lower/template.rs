//! URL templates: a Postman URL parsed once into a base and typed path segments.
//!
//! Postman writes `{{baseUrl}}/users/:userId/token`: `{{name}}` is a variable substituted
//! from the environment, `:name` a path variable, and everything else literal text.

use crate::model::Url;

/// A piece of text that may contain `{{variables}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Literal(String),
    /// A `{{name}}` reference (the name without braces, trimmed).
    Variable(String),
}

/// One path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// `:name`: a path variable, filled from a typed argument.
    Param(String),
    /// Literal text, possibly with `{{variables}}` inside.
    Text(Vec<Piece>),
}

/// Where requests go before the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// The whole origin is one variable, such as `{{baseUrl}}` (its path prefix included).
    Variable(String),
    /// A literal or partly templated origin such as `https://api.example.com:8443`.
    Text(Vec<Piece>),
    /// No host at all (a relative URL in the collection).
    Missing,
}

/// A parsed request URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlTemplate {
    /// The base (scheme, host, port, or the base-URL variable).
    pub base: Base,
    /// The path after the base.
    pub segments: Vec<Segment>,
    /// The URL held `user:password@` credentials, which were left out.
    pub credentials_dropped: bool,
}

/// Splits text on `{{...}}` references. An unclosed `{{` is literal text.
pub fn pieces(text: &str) -> Vec<Piece> {
    // Most segments are plain text: one piece, in a list of its size (templates are held
    // for every request while the collection is lowered).
    if !text.contains("{{") {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![Piece::Literal(text.to_owned())]
        };
    }
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest.get(start + 2..).and_then(|after| after.find("}}")) else {
            break;
        };
        let (before, after_open) = rest.split_at(start);
        push_literal(&mut out, before);
        let name = after_open.get(2..2 + len).unwrap_or_default().trim();
        if name.is_empty() {
            push_literal(&mut out, after_open.get(..len + 4).unwrap_or_default());
        } else {
            out.push(Piece::Variable(name.to_owned()));
        }
        rest = after_open.get(len + 4..).unwrap_or_default();
    }
    push_literal(&mut out, rest);
    out.shrink_to_fit();
    out
}

fn push_literal(out: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Piece::Literal(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Piece::Literal(text.to_owned()));
    }
}

impl UrlTemplate {
    /// Builds the template from Postman's URL parts.
    pub fn from_url(url: &Url) -> Self {
        let mut origin = String::new();
        if let Some(protocol) = url.protocol.as_deref().filter(|p| !p.is_empty()) {
            origin.push_str(protocol);
            origin.push_str("://");
        }
        let host = url.host.join(".");
        // `user:password@host`: credentials never become part of generated code.
        let (host, credentials_dropped) = match host.rsplit_once('@') {
            Some((_, host)) => (host.to_owned(), true),
            None => (host, false),
        };
        origin.push_str(&host);
        if let Some(port) = url.port.as_deref().filter(|p| !p.is_empty()) {
            origin.push(':');
            origin.push_str(port);
        }
        let origin_pieces = pieces(&origin);
        let base = match origin_pieces.as_slice() {
            [] => Base::Missing,
            [Piece::Variable(name)] => Base::Variable(name.clone()),
            _ => Base::Text(origin_pieces),
        };
        let mut segments = Vec::with_capacity(url.path.len());
        for segment in url.path.iter().filter(|s| !s.is_empty()) {
            segments.push(match segment.strip_prefix(':') {
                Some(name) if is_param_name(name) => Segment::Param(name.to_owned()),
                _ => Segment::Text(pieces(segment)),
            });
        }
        UrlTemplate {
            base,
            segments,
            credentials_dropped,
        }
    }

    /// The template as Postman users read it, for documentation: `{{baseUrl}}/users/:userId`.
    pub fn display(&self) -> String {
        let mut out = match &self.base {
            Base::Variable(name) => format!("{{{{{name}}}}}"),
            Base::Text(pieces) => join(pieces),
            Base::Missing => String::new(),
        };
        for segment in &self.segments {
            out.push('/');
            match segment {
                Segment::Param(name) => {
                    out.push(':');
                    out.push_str(name);
                }
                Segment::Text(pieces) => out.push_str(&join(pieces)),
            }
        }
        out
    }
}

fn is_param_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn join(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Literal(text) => text.clone(),
            Piece::Variable(name) => format!("{{{{{name}}}}}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::url_from_raw;

    fn lit(s: &str) -> Piece {
        Piece::Literal(s.to_owned())
    }
    fn var(s: &str) -> Piece {
        Piece::Variable(s.to_owned())
    }

    #[test]
    fn pieces_split_variables() {
        assert_eq!(pieces("a{{b}}c"), vec![lit("a"), var("b"), lit("c")]);
        assert_eq!(pieces("{{ b }}"), vec![var("b")]);
        assert_eq!(pieces(""), vec![]);
        assert_eq!(pieces("{{}}x"), vec![lit("{{}}x")]);
        assert_eq!(pieces("a{{b"), vec![lit("a{{b")]);
        assert_eq!(pieces("{{a}}{{b}}"), vec![var("a"), var("b")]);
        assert_eq!(pieces("}}{{x}}"), vec![lit("}}"), var("x")]);
        assert_eq!(pieces("é{{ü}}ß"), vec![lit("é"), var("ü"), lit("ß")]);
    }

    #[test]
    fn zoom_template() {
        let t = UrlTemplate::from_url(&url_from_raw("{{baseUrl}}/users/:userId/token"));
        assert_eq!(t.base, Base::Variable("baseUrl".to_owned()));
        assert_eq!(
            t.segments,
            vec![
                Segment::Text(vec![lit("users")]),
                Segment::Param("userId".to_owned()),
                Segment::Text(vec![lit("token")]),
            ]
        );
        assert_eq!(t.display(), "{{baseUrl}}/users/:userId/token");
    }

    #[test]
    fn literal_origin_with_port_and_variables_in_path() {
        let t = UrlTemplate::from_url(&url_from_raw("https://api.x.com:8080/v{{version}}/a:b"));
        assert_eq!(t.base, Base::Text(vec![lit("https://api.x.com:8080")]));
        assert_eq!(
            t.segments,
            vec![
                Segment::Text(vec![lit("v"), var("version")]),
                Segment::Text(vec![lit("a:b")]),
            ]
        );
    }

    #[test]
    fn credentials_in_the_url_are_dropped() {
        let t = UrlTemplate::from_url(&url_from_raw("https://ada:s3cret@api.x.com/v1"));
        assert_eq!(t.base, Base::Text(vec![lit("https://api.x.com")]));
        assert!(t.credentials_dropped);
        assert!(!t.display().contains("s3cret"));
    }

    #[test]
    fn partly_templated_host_and_missing_host() {
        let t = UrlTemplate::from_url(&url_from_raw("https://{{tenant}}.example.com/x"));
        assert_eq!(
            t.base,
            Base::Text(vec![lit("https://"), var("tenant"), lit(".example.com")])
        );
        assert_eq!(UrlTemplate::from_url(&Url::default()).base, Base::Missing);
        // A lone colon is not a parameter.
        let t = UrlTemplate::from_url(&url_from_raw("{{h}}/:/x"));
        assert_eq!(t.segments[0], Segment::Text(vec![lit(":")]));
    }
}
