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
    /// The host was written without a scheme (`httpbin.org/get`, `//httpbin.org/get`): the
    /// base starts with the `http://` Postman sends such URLs with.
    pub scheme_defaulted: bool,
    /// Nested references (`{{hello_{{var}}}}`) whose inner variables the collection gives no
    /// value for: each stays one reference, named as written.
    pub unresolved: Vec<String>,
}

/// Splits text on `{{...}}` references. An unclosed `{{` is literal text.
///
/// References nest as Postman resolves them, innermost first: `{{hello_{{var}}}}` is one
/// reference whose name, `hello_{{var}}`, holds another (see [`UrlTemplate::resolve_nested`]).
/// A `{{` whose nesting never closes is literal, and the references inside it still count.
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
    let mut at = 0;
    for (start, end) in references(text) {
        push_literal(&mut out, text.get(at..start).unwrap_or_default());
        let name = text.get(start + 2..end).unwrap_or_default().trim();
        if name.is_empty() {
            push_literal(&mut out, text.get(start..end + 2).unwrap_or_default());
        } else {
            out.push(Piece::Variable(name.to_owned()));
        }
        at = end + 2;
    }
    push_literal(&mut out, text.get(at..).unwrap_or_default());
    out.shrink_to_fit();
    out
}

/// The outermost `{{`...`}}` pairs of `text`, in order: the byte offsets of each `{{` and of
/// the `}}` that closes it, nested pairs counted. One pass with a stack, so that no input
/// takes more than linear time.
fn references(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'{'), Some(b'{')) => {
                open.push(i);
                i += 2;
            }
            (Some(b'}'), Some(b'}')) => {
                if let Some(start) = open.pop() {
                    pairs.push((start, i));
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    // A pair closes after the pairs nested in it: ordered by start, the nested ones follow
    // the pair that holds them.
    pairs.sort_unstable();
    let mut outer: Vec<(usize, usize)> = Vec::new();
    for (start, end) in pairs {
        if outer.last().is_none_or(|&(_, last_end)| start > last_end) {
            outer.push((start, end));
        }
    }
    outer
}

/// The longest name a nested reference may resolve to: variable names are short.
const MAX_NAME_LEN: usize = 1024;

/// How many times a nested reference is resolved at most.
const MAX_NESTING: usize = 8;

/// The name a nested reference name such as `hello_{{var}}` resolves to once its inner
/// references are replaced by their values (`lookup`), innermost first and repeatedly;
/// `None` when some inner reference has no value, or the name does not settle within
/// [`MAX_NESTING`] rounds and [`MAX_NAME_LEN`] bytes. A name without `{{` is itself.
pub fn resolve_name(name: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut name = name.to_owned();
    for _ in 0..MAX_NESTING {
        if !name.contains("{{") {
            return (!name.is_empty()).then_some(name);
        }
        let mut resolved = String::new();
        for piece in pieces(&name) {
            match piece {
                Piece::Literal(text) => resolved.push_str(&text),
                Piece::Variable(inner) => resolved.push_str(&lookup(&inner)?),
            }
            // Values that refer to themselves could otherwise grow the name exponentially.
            if resolved.len() > MAX_NAME_LEN {
                return None;
            }
        }
        name = resolved.trim().to_owned();
    }
    (!name.contains("{{") && !name.is_empty()).then_some(name)
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
        // Postman sends a URL without a scheme over `http`. A host that starts with a variable
        // is left alone: the variable usually holds the scheme (`{{baseUrl}}`).
        let scheme_defaulted = origin.is_empty() && !host.is_empty() && !host.starts_with("{{");
        if scheme_defaulted {
            origin.push_str("http://");
        }
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
            scheme_defaulted,
            unresolved: Vec::new(),
        }
    }

    /// Resolves nested references as Postman does, innermost first: `{{hello_{{var}}}}`
    /// becomes `{{hello_world}}` when `lookup("var")` is `world`. A nested reference that does
    /// not resolve stays as written and is listed in [`UrlTemplate::unresolved`].
    pub fn resolve_nested(&mut self, lookup: &dyn Fn(&str) -> Option<String>) {
        let mut unresolved = Vec::new();
        let mut resolve = |name: &mut String| {
            if !name.contains("{{") {
                return;
            }
            match resolve_name(name, lookup) {
                Some(resolved) => *name = resolved,
                None => {
                    if !unresolved.contains(name) {
                        unresolved.push(name.clone());
                    }
                }
            }
        };
        match &mut self.base {
            Base::Variable(name) => resolve(name),
            Base::Text(pieces) => pieces.iter_mut().for_each(|p| {
                if let Piece::Variable(name) = p {
                    resolve(name);
                }
            }),
            Base::Missing => {}
        }
        for segment in &mut self.segments {
            if let Segment::Text(pieces) = segment {
                for piece in pieces.iter_mut() {
                    if let Piece::Variable(name) = piece {
                        resolve(name);
                    }
                }
            }
        }
        self.unresolved = unresolved;
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
    fn pieces_nest_as_postman_resolves_them() {
        assert_eq!(pieces("{{hello_{{var}}}}"), vec![var("hello_{{var}}")]);
        assert_eq!(
            pieces("a{{x{{y}}z}}b{{c}}"),
            vec![lit("a"), var("x{{y}}z"), lit("b"), var("c")]
        );
        assert_eq!(pieces("{{{{a}}}}"), vec![var("{{a}}")]);
        // A `{{` that never closes is literal; the references after it still count.
        assert_eq!(pieces("{{a{{b}}"), vec![lit("{{a"), var("b")]);
        assert_eq!(pieces("{{a}}}}"), vec![var("a"), lit("}}")]);
        assert_eq!(pieces("{{{a}}}"), vec![var("{a"), lit("}")]);
        // Linear, whatever the input.
        let many = "{{".repeat(100_000);
        assert_eq!(pieces(&many), vec![lit(&many)]);
    }

    #[test]
    fn nested_names_resolve_innermost_first() {
        let lookup = |name: &str| match name {
            "var" => Some("world".to_owned()),
            "deep" => Some("{{var}}".to_owned()),
            "loop" => Some("{{loop}}".to_owned()),
            "blank" => Some(" ".to_owned()),
            _ => None,
        };
        assert_eq!(
            resolve_name("hello_{{var}}", &lookup).as_deref(),
            Some("hello_world")
        );
        assert_eq!(
            resolve_name("hello_{{deep}}", &lookup).as_deref(),
            Some("hello_world")
        );
        assert_eq!(resolve_name("plain", &lookup).as_deref(), Some("plain"));
        assert_eq!(resolve_name("hello_{{missing}}", &lookup), None);
        assert_eq!(resolve_name("{{loop}}", &lookup), None);
        assert_eq!(resolve_name("{{blank}}", &lookup), None);
        // A value that refers to itself many times does not blow up.
        let doubling = |_: &str| Some("{{a}}".repeat(1000));
        assert_eq!(resolve_name("{{a}}", &doubling), None);

        let mut t = UrlTemplate::from_url(&url_from_raw(
            "{{base_{{var}}}}/a/{{hello_{{var}}}}/b{{x_{{missing}}}}",
        ));
        t.resolve_nested(&lookup);
        assert_eq!(t.base, Base::Variable("base_world".to_owned()));
        assert_eq!(
            t.segments,
            vec![
                Segment::Text(vec![lit("a")]),
                Segment::Text(vec![var("hello_world")]),
                Segment::Text(vec![lit("b"), var("x_{{missing}}")]),
            ]
        );
        assert_eq!(t.unresolved, vec!["x_{{missing}}".to_owned()]);
        assert_eq!(
            t.display(),
            "{{base_world}}/a/{{hello_world}}/b{{x_{{missing}}}}"
        );
    }

    #[test]
    fn hosts_without_a_scheme_default_to_http() {
        for raw in ["httpbin.org/status/:code", "//httpbin.org/status/:code"] {
            let t = UrlTemplate::from_url(&url_from_raw(raw));
            assert_eq!(t.base, Base::Text(vec![lit("http://httpbin.org")]), "{raw}");
            assert!(t.scheme_defaulted);
            assert_eq!(t.segments.last(), Some(&Segment::Param("code".to_owned())));
        }
        let t = UrlTemplate::from_url(&url_from_raw("localhost:3000/x"));
        assert_eq!(t.base, Base::Text(vec![lit("http://localhost:3000")]));
        let t = UrlTemplate::from_url(&url_from_raw("api.{{region}}.x.com/x"));
        assert_eq!(
            t.base,
            Base::Text(vec![lit("http://api."), var("region"), lit(".x.com")])
        );
        // A base variable holds its own scheme; a written scheme is kept.
        for raw in ["{{baseUrl}}/x", "https://x.com/y", "/only/a/path"] {
            assert!(
                !UrlTemplate::from_url(&url_from_raw(raw)).scheme_defaulted,
                "{raw}"
            );
        }
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
