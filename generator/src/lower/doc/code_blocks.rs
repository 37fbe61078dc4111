//! Pass 1, code blocks out of the text: every fenced code block (backticks or tildes, inside
//! lists and quotes too, closed or not) and every `<pre>` block is lifted out of the lines, so
//! that no later pass can mistake code for prose.

use super::html::{decode_entities, strip_known_tags};
use super::layout::list_marker_len;

/// Text lines, or a code block lifted out of them.
pub(super) enum Piece {
    Text(Vec<String>),
    Fence {
        lang: Option<String>,
        body: Vec<String>,
    },
}

/// An opening code fence.
struct FenceOpen {
    ch: char,
    len: usize,
    /// How many `>` markers precede it.
    quotes: usize,
    /// Columns before the fence once quote markers are gone (list markers count).
    indent: usize,
    lang: Option<String>,
}

/// Separates code blocks from text. A fence counts wherever it sits (after
/// indentation, quote markers or list markers), because any of those lines would
/// become a fence once the layout pass strips the indentation.
pub(super) fn split_pieces(lines: &[String]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text: Vec<String> = Vec::new();
    let mut pre_close = LineFinder::default();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if let Some(open) = fence_open(line) {
            flush_text(&mut pieces, &mut text);
            let mut body = Vec::new();
            i += 1;
            while let Some(l) = lines.get(i) {
                i += 1;
                let inner = strip_quote_markers(l, open.quotes);
                let t = inner.trim();
                if t.chars().count() >= open.len && t.chars().all(|c| c == open.ch) {
                    break;
                }
                body.push(strip_spaces(inner, open.indent).trim_end().to_string());
            }
            pieces.push(Piece::Fence {
                lang: open.lang,
                body: trim_blank_lines(body),
            });
            continue;
        }
        if let Some(after_tag) = pre_open(line) {
            if let Some((close_line, close_at)) = pre_close.find(lines, i, "</pre") {
                flush_text(&mut pieces, &mut text);
                let mut raw = String::new();
                for (k, l) in lines.iter().enumerate().take(close_line + 1).skip(i) {
                    let from = if k == i { after_tag } else { 0 };
                    let to = if k == close_line { close_at } else { l.len() };
                    raw.push_str(l.get(from..to.max(from)).unwrap_or(""));
                    if k != close_line {
                        raw.push('\n');
                    }
                }
                let body = decode_entities(&strip_known_tags(&raw));
                let body: Vec<String> =
                    body.split('\n').map(|l| l.trim_end().to_string()).collect();
                pieces.push(Piece::Fence {
                    lang: None,
                    body: trim_blank_lines(body),
                });
                // Whatever follows `</pre>` on its line is text again.
                let close_line_text = lines.get(close_line).map(String::as_str).unwrap_or("");
                let rest = close_line_text.get(close_at..).unwrap_or("");
                let rest = rest.find('>').and_then(|p| rest.get(p + 1..)).unwrap_or("");
                if !rest.trim().is_empty() {
                    text.push(rest.to_string());
                }
                i = close_line + 1;
                continue;
            }
        }
        text.push(line.clone());
        i += 1;
    }
    flush_text(&mut pieces, &mut text);
    pieces
}

fn flush_text(pieces: &mut Vec<Piece>, text: &mut Vec<String>) {
    if !text.is_empty() {
        pieces.push(Piece::Text(std::mem::take(text)));
    }
}

fn trim_blank_lines(mut body: Vec<String>) -> Vec<String> {
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    let first = body
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(body.len());
    body.drain(..first);
    body
}

/// Recognizes an opening fence after any container markers.
fn fence_open(line: &str) -> Option<FenceOpen> {
    if !has_fence_run(line) {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut quotes = 0;
    let mut content_start = 0;
    loop {
        let mut j = i;
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        if chars.get(j) == Some(&'>') {
            quotes += 1;
            i = j + 1;
            if chars.get(i) == Some(&' ') {
                i += 1;
            }
            content_start = i;
            continue;
        }
        if let Some(len) = list_marker_len(chars.get(j..).unwrap_or_default()) {
            if chars.get(j + len) == Some(&' ') {
                i = j + len;
                continue;
            }
        }
        i = j;
        break;
    }
    let ch = *chars.get(i)?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let len = chars.get(i..)?.iter().take_while(|&&c| c == ch).count();
    if len < 3 {
        return None;
    }
    let info: String = chars.get(i + len..).unwrap_or_default().iter().collect();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some(FenceOpen {
        ch,
        len,
        quotes,
        indent: i - content_start,
        lang: sanitize_lang(&info),
    })
}

/// Whether `line` contains "```" or "~~~" (what any fence needs), in one pass.
fn has_fence_run(line: &str) -> bool {
    let mut run = 0;
    let mut prev = 0u8;
    for b in line.bytes() {
        if b == b'`' || b == b'~' {
            run = if b == prev { run + 1 } else { 1 };
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
        prev = b;
    }
    false
}

/// The language name of an info string, if it is a plain name that rustdoc will not
/// read as one of its own attributes (`rust`, `ignore`, `should_panic`, ...).
fn sanitize_lang(info: &str) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .find(|w| !w.is_empty())?
        .to_ascii_lowercase();
    let plain = word.len() <= 20
        && word.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '#' | '-'));
    let reserved = [
        "rust",
        "text",
        "ignore",
        "should-panic",
        "shouldpanic",
        "no-run",
        "norun",
        "compile-fail",
        "compilefail",
        "test-harness",
        "testharness",
        "standalone",
        "standalone-crate",
        "custom",
        "allow-fail",
        "allowfail",
    ];
    let special = reserved.contains(&word.as_str())
        || word.starts_with("ignore-")
        || word.starts_with("edition")
        || word.starts_with("standalone");
    (plain && !special).then_some(word)
}

/// Removes up to `n` `>` markers (each with its optional following space).
fn strip_quote_markers(line: &str, n: usize) -> &str {
    let mut rest = line;
    for _ in 0..n {
        let t = rest.trim_start_matches(' ');
        match t.strip_prefix('>') {
            Some(after) => rest = after.strip_prefix(' ').unwrap_or(after),
            None => break,
        }
    }
    rest
}

/// Removes up to `n` leading spaces.
fn strip_spaces(s: &str, n: usize) -> &str {
    let spaces = s.bytes().take(n).take_while(|&b| b == b' ').count();
    s.get(spaces..).unwrap_or(s)
}

/// If `line` starts (after spaces) with a `<pre>` tag, the byte offset after it.
fn pre_open(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let t = line.get(lead..)?;
    let name = t.get(..4)?;
    if !name.eq_ignore_ascii_case("<pre") {
        return None;
    }
    let next = t.get(4..)?.chars().next();
    if !matches!(next, Some('>' | ' ' | '/')) {
        return None;
    }
    let gt = t.find('>')?;
    Some(lead + gt + 1)
}

/// Finds the next line holding a (case-insensitive) needle, remembering the last
/// answer so that repeated searches stay linear.
#[derive(Default)]
pub(super) struct LineFinder {
    searched_from: Option<usize>,
    found: Option<(usize, usize)>,
}

impl LineFinder {
    pub(super) fn find(
        &mut self,
        lines: &[String],
        from: usize,
        needle: &str,
    ) -> Option<(usize, usize)> {
        if let Some(searched) = self.searched_from {
            if searched <= from {
                match self.found {
                    None => return None,
                    Some((line, at)) if line >= from => return Some((line, at)),
                    Some(_) => {}
                }
            }
        }
        self.searched_from = Some(from);
        self.found = None;
        for (k, l) in lines.iter().enumerate().skip(from) {
            if let Some(at) = find_ci(l, needle) {
                self.found = Some((k, at));
                break;
            }
        }
        self.found
    }
}

/// Byte offset of an ASCII needle in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

#[cfg(test)]
mod tests {
    use crate::lower::doc::to_rustdoc as d;

    #[test]
    fn fences_never_run() {
        assert_eq!(d("```rust\nfn x\n```"), "```text\nfn x\n```");
        assert_eq!(d("```json\n{}\n```"), "```text json\n{}\n```");
        assert_eq!(d("``` should_panic,edition2021\nx\n```"), "```text\nx\n```");
        assert_eq!(d("~~~\nx\n```\n~~~"), "````text\nx\n```\n````");
        assert_eq!(d("```\nx"), "```text\nx\n```");
        assert_eq!(
            d("text\n```\n\n\nx\n\n```\nmore"),
            "text\n\n```text\nx\n```\n\nmore"
        );
        assert_eq!(d("   ```\n   x\n     y\n   ```"), "```text\nx\n  y\n```");
        assert_eq!(d("> ```\n> x\n> ```"), "```text\nx\n```");
        assert_eq!(
            d("1. step\n   ```bash\n   curl x\n   ```\n2. next"),
            "1. step\n\n```text bash\ncurl x\n```\n\n2. next"
        );
        assert_eq!(
            d("<pre>\n{\n  \"a\": &lt;1&gt;\n}\n</pre>after"),
            "```text\n{\n  \"a\": <1>\n}\n```\n\nafter"
        );
        assert_eq!(d("```\n```"), "");
    }
}
