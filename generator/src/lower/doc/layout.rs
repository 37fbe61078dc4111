//! Pass 3, layout by line: indentation is rebuilt from a model of the list items that are open,
//! so that no line is indented four columns past its container (an indented code block is a
//! Rust doctest); quote and list markers are normalized; blank lines collapse; trailing
//! whitespace goes.

use super::inline::url_end;
use super::OutBlock;

/// A list item the layout has open.
struct Frame {
    /// Column where the item's content starts in the input.
    src_content: usize,
    /// Column where it starts in the output.
    out_content: usize,
}

/// What the previous line left open, for lazy continuation and interruption rules.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    Blank,
    /// Paragraph text directly inside the given number of open items.
    Para(usize),
    Other,
}

/// Rebuilds indentation from the list items open, so that no line is ever indented
/// four columns past its container (which would make it a Rust doctest).
///
/// Invariant: every frame on the stack is an item rustdoc also has open, and every
/// line is written at the content column of the innermost frame it belongs to (or
/// at 0). A list item is only opened where CommonMark surely sees one.
pub(super) struct Layout {
    stack: Vec<Frame>,
    prev: Prev,
    pub(super) out: Vec<OutBlock>,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            stack: Vec::new(),
            prev: Prev::Blank,
            out: Vec::new(),
        }
    }
}

impl Layout {
    pub(super) fn fence(&mut self, lang: Option<String>, body: Vec<String>) {
        self.stack.clear();
        self.prev = Prev::Other;
        if !body.is_empty() {
            self.out.push(OutBlock::Fence { lang, body });
        }
    }

    /// How many frames (from the outside) a line indented `indent` belongs to.
    fn depth_for(&self, indent: usize) -> usize {
        self.stack
            .iter()
            .take_while(|f| indent >= f.src_content)
            .count()
    }

    fn col(&self) -> usize {
        self.stack.last().map_or(0, |f| f.out_content)
    }

    fn emit(&mut self, body: &str) {
        let text = wrap_bare_urls(body.trim_end());
        let col = self.col();
        let line = if col == 0 {
            text
        } else {
            let mut line = String::with_capacity(col + text.len());
            line.extend(std::iter::repeat_n(' ', col));
            line.push_str(&text);
            line
        };
        self.out.push(OutBlock::Line(line));
    }

    pub(super) fn line(&mut self, raw: &str) {
        let line = raw.trim_end();
        let rest = line.trim_start_matches(' ');
        if rest.trim().is_empty() {
            self.out.push(OutBlock::Blank);
            self.prev = Prev::Blank;
            return;
        }
        let indent = line.len() - rest.len();
        let depth = self.depth_for(indent);

        if let Some(after) = rest.strip_prefix('>') {
            self.stack.truncate(depth);
            let mut quotes = 1;
            let mut inner = after.trim_start();
            while let Some(more) = inner.strip_prefix('>') {
                quotes += 1;
                inner = more.trim_start();
            }
            let prefix = vec![">"; quotes].join(" ");
            let inner = flatten_markers(inner);
            if inner.is_empty() {
                self.emit(&prefix);
            } else {
                self.emit(&format!("{prefix} {inner}"));
            }
            self.prev = Prev::Other;
            return;
        }

        if !is_thematic_break(rest) {
            if let Some((marker, content)) = split_list_marker(rest) {
                let content = content.trim_start();
                let can_interrupt =
                    marker.len() == 1 || (marker.starts_with('1') && marker.len() == 2);
                let interrupts = self.prev == Prev::Para(depth);
                if !content.is_empty() && (can_interrupt || !interrupts) {
                    self.stack.truncate(depth);
                    let spaces = rest.len() - marker.len() - content.len();
                    let src_content =
                        indent + marker.len() + if (1..=4).contains(&spaces) { spaces } else { 1 };
                    let out_col = self.col();
                    self.emit(&format!("{marker} {}", flatten_markers(content)));
                    self.stack.push(Frame {
                        src_content,
                        out_content: out_col + marker.len() + 1,
                    });
                    self.prev = Prev::Para(self.stack.len());
                    return;
                }
            }
        }

        if atx_heading_level(rest).is_some() || is_thematic_break(rest) {
            self.stack.truncate(depth);
            self.emit(&normalize_heading(rest));
            self.prev = Prev::Other;
            return;
        }

        // Markers are flattened here too: where rustdoc starts an item that this
        // model takes for text (after a setext heading, say), the item's content
        // must not start with an indented code block either.
        let empty_item = split_list_marker(rest).is_some();
        if matches!(self.prev, Prev::Para(_)) && !empty_item {
            // A continuation line: CommonMark keeps every container open.
            self.emit(&flatten_markers(rest));
            return;
        }
        self.stack.truncate(depth);
        self.emit(&flatten_markers(rest));
        self.prev = Prev::Para(self.stack.len());
    }
}

/// Wraps any bare URL left in the text of a converted line (one can form when a
/// dropped tag joins its halves, as in `h<span>ttps://...`). Code spans,
/// autolinks and links (all on one line once converted) are copied as they are.
fn wrap_bare_urls(line: &str) -> String {
    // No `://` at all: nothing to wrap.
    if !line.as_bytes().contains(&b':') {
        return line.to_string();
    }
    // Fast path: every URL already sits in an autolink or a link destination
    // (after an unescaped `<` or `](`, which only conversion writes).
    let unescaped = |s: &str| s.chars().rev().take_while(|&c| c == '\\').count() % 2 == 0;
    let wrapped = line.match_indices("://").all(|(at, _)| {
        let before = line.get(..at).unwrap_or("");
        let scheme = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric());
        match (scheme.strip_suffix('<'), scheme.strip_suffix("](")) {
            (Some(rest), _) | (_, Some(rest)) => unescaped(rest),
            _ => false,
        }
    });
    if wrapped {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let text =
        |a: usize, b: usize| -> String { chars.get(a..b).unwrap_or_default().iter().collect() };
    let run_len = |k: usize| {
        chars
            .get(k..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&c| c == '`')
            .count()
    };
    // The end of a code span opening at `k`, if it closes on this line.
    let span_end = |k: usize| {
        let len = run_len(k);
        let mut j = k + len;
        while j < chars.len() {
            let run = run_len(j);
            if run == len {
                return Some(j + len);
            }
            j += run.max(1);
        }
        None
    };
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => i + 2,
            '`' => span_end(i).unwrap_or(i + run_len(i)),
            '<' => {
                let close = (i + 1..chars.len())
                    .take_while(|&k| {
                        chars
                            .get(k)
                            .is_some_and(|c| !c.is_whitespace() && *c != '<')
                    })
                    .find(|&k| chars.get(k) == Some(&'>'));
                close.map_or(i + 1, |k| k + 1)
            }
            '[' => link_end(&chars, i, &span_end).unwrap_or(i + 1),
            'h' | 'H' => match url_end(&chars, i) {
                Some(e) => {
                    if out.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1 {
                        out.push('\\');
                    }
                    out.push('<');
                    out.push_str(&text(i, e));
                    out.push('>');
                    i = e;
                    continue;
                }
                None => i + 1,
            },
            _ => i + 1,
        };
        let next = next.max(i + 1).min(chars.len());
        out.push_str(&text(i, next));
        i = next;
    }
    out
}

/// The end of a converted link or image `[text](dest "title")` opening at `i`.
fn link_end(chars: &[char], i: usize, span_end: &dyn Fn(usize) -> Option<usize>) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    loop {
        match chars.get(j)? {
            '\\' => j += 2,
            '`' => j = span_end(j)?,
            '[' => {
                depth += 1;
                j += 1;
            }
            ']' => {
                depth = depth.saturating_sub(1);
                j += 1;
                if depth == 0 {
                    break;
                }
            }
            _ => j += 1,
        }
    }
    if chars.get(j) != Some(&'(') {
        return None;
    }
    let mut quoted = false;
    j += 1;
    loop {
        match chars.get(j)? {
            '\\' => j += 2,
            '"' => {
                quoted = !quoted;
                j += 1;
            }
            ')' if !quoted => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// Collapses the whitespace after quote and list markers at the start of a line,
/// so that nothing after them can be an indented code block.
fn flatten_markers(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            out.push_str("> ");
            rest = after.trim_start();
            continue;
        }
        if !is_thematic_break(rest) {
            if let Some((marker, after)) = split_list_marker(rest) {
                if !after.trim().is_empty() {
                    out.push_str(marker);
                    out.push(' ');
                    rest = after.trim_start();
                    continue;
                }
            }
        }
        break;
    }
    // A line start that would open a code fence is escaped.
    if opens_fence(rest) {
        out.push('\\');
    }
    out.push_str(rest);
    let keep = out.trim_end().len();
    out.truncate(keep);
    out
}

/// Whether a line starting with `s` would open a code fence.
fn opens_fence(s: &str) -> bool {
    let backticks = s.chars().take_while(|&c| c == '`').count();
    let tildes = s.chars().take_while(|&c| c == '~').count();
    (backticks >= 3 && !s.get(backticks..).unwrap_or("").contains('`')) || tildes >= 3
}

/// A list marker (`-`, `+`, `*`, `1.`, `1)`) followed by a space or the end: the
/// marker and the text after it.
pub(super) fn split_list_marker(t: &str) -> Option<(&str, &str)> {
    // `list_marker_len` over the bytes: a marker is ASCII, and a digit run longer than 9
    // is none.
    let bytes = t.as_bytes();
    let len = match bytes.first()? {
        b'-' | b'+' | b'*' => 1,
        b if b.is_ascii_digit() => {
            let digits = bytes
                .iter()
                .take(10)
                .take_while(|b| b.is_ascii_digit())
                .count();
            let delim = bytes.get(digits)?;
            if digits <= 9 && matches!(delim, b'.' | b')') {
                digits + 1
            } else {
                return None;
            }
        }
        _ => return None,
    };
    let marker = t.get(..len)?;
    let after = t.get(len..)?;
    (after.is_empty() || after.starts_with(' ')).then_some((marker, after))
}

/// Length of a list marker at the start of `chars` (not checking what follows).
pub(super) fn list_marker_len(chars: &[char]) -> Option<usize> {
    match chars.first()? {
        '-' | '+' | '*' => Some(1),
        c if c.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            let delim = chars.get(digits)?;
            (digits <= 9 && matches!(delim, '.' | ')')).then_some(digits + 1)
        }
        _ => None,
    }
}

pub(super) fn atx_heading_level(t: &str) -> Option<usize> {
    let level = t.chars().take_while(|&c| c == '#').count();
    let after = t.get(level..)?;
    ((1..=6).contains(&level) && (after.is_empty() || after.starts_with(' '))).then_some(level)
}

fn normalize_heading(t: &str) -> String {
    match atx_heading_level(t) {
        Some(level) => {
            let text = t.get(level..).unwrap_or("").trim();
            if text.is_empty() {
                "#".repeat(level)
            } else {
                format!("{} {}", "#".repeat(level), text)
            }
        }
        None => t.to_string(),
    }
}

pub(super) fn is_thematic_break(t: &str) -> bool {
    let mut kind = None;
    let mut count = 0;
    for c in t.chars() {
        match c {
            ' ' => {}
            '-' | '*' | '_' if kind.is_none() || kind == Some(c) => {
                kind = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

pub(super) fn is_setext_underline(t: &str) -> bool {
    let t = t.trim_end();
    !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

#[cfg(test)]
mod tests {
    use crate::lower::doc::to_rustdoc as d;

    #[test]
    fn indentation_never_makes_code() {
        assert_eq!(d("para\n\n    code"), "para\n\ncode");
        assert_eq!(d("    code"), "code");
        assert_eq!(d("- a\n\n      b"), "- a\n\n  b");
        assert_eq!(
            d("1. a\n   - b\n     - c\n\n           d"),
            "1. a\n   - b\n     - c\n\n       d"
        );
        assert_eq!(d("\t- a\n\t\t- b"), "- a\n  - b");
        assert_eq!(d("-      code"), "- code");
        assert_eq!(d("10. a\n    - b"), "10. a\n    - b");
        assert_eq!(d("> a\n>     b\n> -     c"), "> a\n> b\n> - c");
        assert_eq!(d("# h\n    x"), "# h\nx");
        // Not a list item under CommonMark (it cannot interrupt a paragraph), but
        // the nested marker must not leave indented code behind.
        assert_eq!(d("a\n2. -     code"), "a\n2. - code");
        assert_eq!(d("a\n===\n2. -     code"), "a\n===\n2. - code");
    }

    #[test]
    fn lists_keep_their_nesting() {
        assert_eq!(d("* a\n  * b\n* c"), "* a\n  * b\n* c");
        assert_eq!(d("1. a\n2. b\n3. c"), "1. a\n2. b\n3. c");
        assert_eq!(
            d("- a\n  continued\n\n  para in a\n\nout"),
            "- a\n  continued\n\n  para in a\n\nout"
        );
        assert_eq!(
            d("**Prerequisites:**<br>\n* Pro plan.\n* Enabled."),
            "**Prerequisites:**\n\n* Pro plan.\n* Enabled."
        );
    }
}
