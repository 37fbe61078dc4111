//! Postman descriptions turned into rustdoc-safe markdown.
//!
//! Postman descriptions are CommonMark mixed with HTML, written by strangers. The
//! generated client carries them as `#[doc = "..."]` attributes and is built with
//! `RUSTDOCFLAGS=-D warnings cargo doc` and `cargo test --doc`, so the text must never
//! start a doctest and never trip a rustdoc lint, while still reading well both
//! rendered and as raw `///` text.
//!
//! The conversion runs in three passes, each owning a set of hazards:
//!
//! 1. **Blocks by line** (`split_pieces`): control and bidi characters are dropped,
//!    tabs expanded, and every fenced code block (backticks or tildes, inside lists
//!    and quotes too, closed or not) and every `<pre>` block is lifted out, so no
//!    later pass can mistake code for prose. Fences are re-emitted at column 0 with
//!    the info string `text` (plus a sanitized language name), which rustdoc never
//!    compiles.
//! 2. **Inline** (`Conv`): within one paragraph at a time, backtick code spans are
//!    paired the CommonMark way and copied untouched (on one line); unmatched
//!    backticks, brackets that are not an inline link, and every `<` that could open
//!    HTML are backslash-escaped; known HTML is translated to markdown (`<br>` and
//!    `<p>` to paragraph breaks, `<b>` to `**`, `<a href>` to links, tables to GFM
//!    tables, ...); bare `http(s)://` URLs become autolinks. Links are kept only
//!    when they point to an absolute URL (anything else would be a broken link or
//!    an intra-doc link attempt).
//! 3. **Layout by line** (`Layout`): indentation is rebuilt from a model of the
//!    list items that are open, so that no line is indented four columns past its
//!    container (an indented code block is a Rust doctest); quote and list markers
//!    are normalized; blank lines collapse; trailing whitespace goes.
//!
//! Every pass walks its input once (look-aheads stop at the next `<`, bracket or
//! whitespace, or are memoized), so the whole conversion is linear in practice, and
//! nothing indexes without a bound check.
//!
//! Each stage has its file: `chars` (characters, the start of pass 1), `code_blocks` (the
//! rest of pass 1), `chunks`, `inline`, `html` and `out` (pass 2), `layout` (pass 3) and
//! `flatten` (the laid-out lines made one line, for `to_rustdoc_inline`). The driver
//! (`render_blocks`) and the shape of its output (`OutBlock`) are here.

mod chars;
mod chunks;
mod code_blocks;
mod flatten;
mod html;
mod inline;
mod layout;
mod out;

use chars::preprocess;
use chunks::{convert_piece, has_unescaped_pipe, is_delimiter_row};
use code_blocks::{split_pieces, Piece};
use flatten::{guard_inline_start, inline_line};
use inline::code_span;
use layout::Layout;

/// Turns a Postman description (markdown with HTML) into rustdoc-safe markdown.
///
/// The result never contains a code block that rustdoc would run as a doctest, raw
/// HTML, a bracket that rustdoc could take for an intra-doc link, or a bare URL.
/// Leading and trailing blank lines are removed; an empty result means there was
/// nothing to document.
pub(super) fn to_rustdoc(text: &str) -> String {
    if let Some(plain) = plain(text) {
        return plain.to_owned();
    }
    let mut lines: Vec<String> = Vec::new();
    for block in render_blocks(text) {
        match block {
            OutBlock::Line(line) => lines.push(line),
            OutBlock::Blank => push_blank(&mut lines),
            OutBlock::Fence { lang, body } => {
                push_blank(&mut lines);
                let ticks = "`".repeat(fence_len(&body));
                lines.push(match lang {
                    Some(lang) => format!("{ticks}text {lang}"),
                    None => format!("{ticks}text"),
                });
                lines.extend(body);
                lines.push(ticks);
                lines.push(String::new());
            }
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    lines.get(first..).unwrap_or_default().join("\n")
}

/// Same as [`to_rustdoc`], but for one line of text used inline (e.g. a summary):
/// newlines are collapsed to spaces.
///
/// Code blocks become code spans, quote and heading markers are dropped, and a
/// leading character that would still start a block (`#`, `>`, `-`, `1.`, ...) is
/// escaped, so the line can be placed anywhere in a doc comment.
pub(super) fn to_rustdoc_inline(text: &str) -> String {
    if let Some(plain) = plain(text) {
        return plain.to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    for block in render_blocks(text) {
        match block {
            OutBlock::Line(line) => {
                let part = inline_line(&line);
                if !part.is_empty() {
                    parts.push(part);
                }
            }
            OutBlock::Blank => {}
            OutBlock::Fence { body, .. } => {
                let joined: Vec<&str> = body
                    .iter()
                    .map(|l| l.trim())
                    .filter(|l| !l.is_empty())
                    .collect();
                let span = code_span(&joined.join(" "), false);
                if !span.is_empty() {
                    parts.push(span);
                }
            }
        }
    }
    guard_inline_start(parts.join(" "))
}

/// What both conversions give for `text` when it is one line of prose, spaces around it
/// aside: it starts with an ASCII letter (no block marker), has no markdown or HTML syntax and
/// no bare URL, except code spans (`` `closed` ``) of printable ASCII other than `|` and `\`,
/// and links to absolute URLs (`[Account](https://example.com/docs/account)`) whose text is
/// prose. Most of the corpus's descriptions and names are such text; they skip the passes,
/// which would only trim the spaces around them. (Checked against the passes over the whole
/// corpus, and on random text of this shape, in the tests.)
pub(super) fn plain(text: &str) -> Option<&str> {
    let text = text.trim_matches(' ');
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
    let mut i = 0;
    while i < bytes.len() {
        i = match at(i) {
            b'`' => {
                let len = bytes.get(i + 1..)?.iter().position(|&b| b == b'`')?;
                let span = bytes.get(i + 1..i + 1 + len)?;
                let safe = |&b: &u8| (b' '..=b'~').contains(&b) && b != b'|' && b != b'\\';
                if span.first().is_none_or(|&b| b == b' ')
                    || span.last() == Some(&b' ')
                    || !span.iter().all(safe)
                {
                    return None;
                }
                i + len + 2
            }
            b'[' => {
                let len = bytes.get(i + 1..)?.iter().position(|&b| b == b']')?;
                let label = bytes.get(i + 1..i + 1 + len)?;
                if label.first().is_none_or(|&b| b == b' ')
                    || label.last() == Some(&b' ')
                    || !label.iter().all(|&b| is_prose_byte(b))
                {
                    return None;
                }
                let open = i + 1 + len + 1;
                if at(open) != b'(' {
                    return None;
                }
                let url = bytes.get(open + 1..)?;
                let url_len = url.iter().position(|&b| b == b')')?;
                let url = url.get(..url_len)?;
                let host = url
                    .strip_prefix(b"https://")
                    .or_else(|| url.strip_prefix(b"http://"));
                let scheme = host.is_some_and(|host| !host.is_empty());
                let url_byte = |&b: &u8| {
                    b.is_ascii_alphanumeric()
                        || matches!(
                            b,
                            b'-' | b'.'
                                | b'_'
                                | b'~'
                                | b':'
                                | b'/'
                                | b'?'
                                | b'#'
                                | b'='
                                | b'&'
                                | b'%'
                                | b'+'
                        )
                };
                if !scheme || !url.iter().all(url_byte) {
                    return None;
                }
                open + 1 + url_len + 1
            }
            b':' if at(i + 1) == b'/' && at(i + 2) == b'/' => return None,
            b'w' if bytes.get(i..i + 4) == Some(b"www.") => return None,
            b if is_prose_byte(b) => i + 1,
            _ => return None,
        };
    }
    Some(text)
}

/// Letters, digits, space and the punctuation that has no markdown meaning inside a line.
fn is_prose_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b' ' | b'.'
                | b','
                | b';'
                | b':'
                | b'\''
                | b'"'
                | b'('
                | b')'
                | b'?'
                | b'!'
                | b'/'
                | b'-'
                | b'='
                | b'%'
                | b'+'
                | b'@'
                | b'$'
        )
}

// ---------------------------------------------------------------------------
// Shared output shapes
// ---------------------------------------------------------------------------

/// One unit of laid-out output.
enum OutBlock {
    /// A line of markdown, already indented, never empty.
    Line(String),
    /// A paragraph break.
    Blank,
    /// A code block, shown but never compiled.
    Fence {
        lang: Option<String>,
        body: Vec<String>,
    },
}

fn push_blank(lines: &mut Vec<String>) {
    if lines.last().is_some_and(|l| !l.is_empty()) {
        lines.push(String::new());
    }
}

/// The backtick fence length that no line of `body` can close early.
fn fence_len(body: &[String]) -> usize {
    let longest = body
        .iter()
        .map(|l| l.trim_start().chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0);
    (longest + 1).max(3)
}

fn render_blocks(text: &str) -> Vec<OutBlock> {
    let lines = preprocess(text);
    let mut layout = Layout::default();
    for piece in split_pieces(&lines) {
        match piece {
            Piece::Text(text_lines) => {
                let converted = convert_piece(&text_lines);
                for line in converted.split('\n') {
                    layout.line(line);
                }
            }
            Piece::Fence { lang, body } => layout.fence(lang, body),
        }
    }
    let mut out = layout.out;
    defuse_tables(&mut out);
    out
}

/// GFM splits table rows at unescaped pipes before anything else, code spans
/// included. Conversion can bring a line holding such a code span right above a
/// delimiter row (`|---|`); wherever a table would then cut a code span in two,
/// the delimiter row is escaped so that no table forms.
fn defuse_tables(out: &mut [OutBlock]) {
    let mut i = 1;
    while i < out.len() {
        let is_table = match (out.get(i - 1), out.get(i)) {
            (Some(OutBlock::Line(head)), Some(OutBlock::Line(delim))) => {
                has_unescaped_pipe(head) && is_delimiter_row(delim)
            }
            _ => false,
        };
        if !is_table {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while matches!(out.get(end), Some(OutBlock::Line(_))) {
            end += 1;
        }
        let safe = (i - 1..end).filter(|&k| k != i).all(|k| match out.get(k) {
            Some(OutBlock::Line(row)) => pipes_outside_code(row),
            _ => true,
        });
        if !safe {
            if let Some(OutBlock::Line(delim)) = out.get_mut(i) {
                let lead = delim.len() - delim.trim_start().len();
                delim.insert(lead, '\\');
            }
        }
        i = end;
    }
}

/// Whether every unescaped `|` of a line lies outside its code spans.
fn pipes_outside_code(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let unescaped_pipe = |k: usize| {
        chars.get(k) == Some(&'|')
            && chars
                .get(..k)
                .unwrap_or_default()
                .iter()
                .rev()
                .take_while(|&&c| c == '\\')
                .count()
                % 2
                == 0
    };
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 2,
            '`' => {
                let len = chars
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&c| c == '`')
                    .count();
                let mut j = i + len;
                let mut close = None;
                while j < chars.len() {
                    let run = chars
                        .get(j..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|&&c| c == '`')
                        .count();
                    if run == len {
                        close = Some(j);
                        break;
                    }
                    j += run.max(1);
                }
                match close {
                    Some(close) => {
                        if (i + len..close).any(unescaped_pipe) {
                            return false;
                        }
                        i = close + len;
                    }
                    None => i += len,
                }
            }
            _ => i += 1,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::chars::is_dropped;
    use super::*;

    fn d(s: &str) -> String {
        to_rustdoc(s)
    }

    fn i(s: &str) -> String {
        to_rustdoc_inline(s)
    }

    /// A tiny deterministic generator for the robustness tests.
    fn lcg(state: &mut u64) -> usize {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*state >> 33) as usize
    }

    #[test]
    fn never_panics_and_never_opens_a_rust_block() {
        let pieces = [
            "<",
            ">",
            "`",
            "```",
            "~~~",
            "[",
            "]",
            "(",
            ")",
            "\\",
            "\n",
            "\n\n",
            "    ",
            "\t",
            "- ",
            "1. ",
            "2) ",
            "> ",
            "<b>",
            "</b>",
            "<code>",
            "</code>",
            "<a href=\"https://x.y\">",
            "</a>",
            "<table>",
            "<tr>",
            "<td>",
            "</table>",
            "<pre>",
            "</pre>",
            "<li>",
            "<ul>",
            "</ul>",
            "https://x.y",
            "|",
            "|---|",
            "é",
            "中",
            "\u{202e}",
            "\u{0}",
            "\r",
            "&lt;",
            "<!--",
            "-->",
            "*",
            "_",
            "#",
            "=",
            "x",
            " ",
        ];
        let mut state = 7;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..lcg(&mut state) % 60 {
                s.push_str(pieces[lcg(&mut state) % pieces.len()]);
            }
            let out = d(&s);
            let inline = i(&s);
            assert!(!inline.contains('\n'), "{s:?}");
            for text in [&out, &inline] {
                assert!(!text.chars().any(|c| is_dropped(c) && c != '\n'), "{s:?}");
            }
            // Every fence opener says `text` first.
            let mut in_fence: Option<usize> = None;
            for line in out.lines() {
                let ticks = line.chars().take_while(|&c| c == '`').count();
                match in_fence {
                    Some(n) if ticks >= n && line.trim_end_matches('`').is_empty() => {
                        in_fence = None
                    }
                    Some(_) => {}
                    None if ticks >= 3 && !line.get(ticks..).unwrap_or("").contains('`') => {
                        assert!(
                            line.get(ticks..).unwrap_or("").starts_with("text"),
                            "{s:?} -> {out:?}"
                        );
                        in_fence = Some(ticks);
                    }
                    None => {
                        let indent = line.chars().take_while(|&c| c == ' ').count();
                        assert!(!line.trim_start().starts_with("~~~"), "{s:?} -> {out:?}");
                        assert!(indent < 64, "{s:?} -> {out:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn large_inputs_stay_fast() {
        let unit =
            "Some <b>text</b> with `code`, [a link](https://x.y/z), <token> and https://a.b/c.\n\
                    - item <br> | cell | [x] ` <a href=\"https://q\">q</a>\n";
        let mut pathological = String::new();
        let mut state = 11;
        let nasty = [
            "[a](", "<a ", "`", "``", "<code>", "<b>", "[", "<", "https://", "\n    ",
        ];
        while pathological.len() < 1 << 20 {
            pathological.push_str(nasty[lcg(&mut state) % nasty.len()]);
            pathological.push('x');
        }
        for input in [unit.repeat((1 << 20) / unit.len()), pathological] {
            let start = std::time::Instant::now();
            let out = d(&input);
            let took = start.elapsed();
            assert!(!out.is_empty());
            // Generous for unoptimized builds; release takes a few tens of ms.
            assert!(took.as_secs() < 20, "{took:?}");
        }
    }
}

#[cfg(test)]
mod plain_tests {
    use super::{plain, to_rustdoc, to_rustdoc_inline};
    use proptest::prelude::*;

    /// The passes, with the shortcut for plain text bypassed: (`to_rustdoc`,
    /// `to_rustdoc_inline`) if the text gives lines only, as plain text does.
    fn converted(text: &str) -> (String, String) {
        let lines: Vec<String> = super::render_blocks(text)
            .into_iter()
            .map(|block| match block {
                super::OutBlock::Line(line) => line,
                super::OutBlock::Blank => "<blank>".to_owned(),
                super::OutBlock::Fence { .. } => "<fence>".to_owned(),
            })
            .collect();
        (lines.join("\n"), lines.join(" "))
    }

    fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    fn check(text: &str) {
        if plain(text).is_some() {
            for mode in [
                super::inline::Mode::BLOCK,
                super::inline::Mode::MD_CELL,
                super::inline::Mode::HTML_CELL,
            ] {
                let mut lists = Vec::new();
                let passes = super::chunks::convert_with_passes(text, mode, &mut lists);
                assert_eq!(passes, text, "convert_text of {text:?}");
            }
        }
        if let Some(plain) = plain(text) {
            let (block, inline) = converted(text);
            assert_eq!(block, plain, "to_rustdoc of {text:?}");
            assert_eq!(inline, plain, "to_rustdoc_inline of {text:?}");
            assert_eq!(to_rustdoc(text), plain);
            assert_eq!(to_rustdoc_inline(text), plain);
        }
    }

    /// Every string of every corpus collection that counts as plain converts to what `plain`
    /// says.
    #[test]
    fn plain_corpus_text_converts_as_plain_says() {
        let Some(dir) = crate::test_corpus::dir("plain_corpus_text_converts_as_plain_says") else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!("the corpus is at {}", dir.display());
        };
        let mut count = 0;
        for entry in entries.flatten() {
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(
                &std::fs::read(entry.path()).unwrap_or_default(),
            ) else {
                continue;
            };
            let mut texts = Vec::new();
            strings(&value, &mut texts);
            for text in texts {
                count += usize::from(plain(&text).is_some());
                check(&text);
            }
        }
        assert!(
            count > 10_000,
            "only {count} plain texts: is the corpus there?"
        );
    }

    #[test]
    fn what_is_plain() {
        for text in [
            "",
            "   ",
            "1. list",
            "- item",
            "# head",
            "> quote",
            "a\nb",
            "a\tb",
            "see https://x.io",
            "www.x.io",
            "a_b",
            "a*b",
            "a`b",
            "a<b",
            "a&b",
            "a[b]",
            "a|b",
            "a~b",
            "a#b",
            "a\\b",
            "é",
            "a `` b",
            "a ` b`",
            "a `b ` c",
            "a `x|y`",
            "a `x\\y`",
            "a `open",
            "a `é`",
        ] {
            assert_eq!(plain(text), None, "{text:?}");
        }
        for text in [
            "See [the docs](docs/page).",
            "See [](https://x.io).",
            "See [a_b](https://x.io).",
            "See [a](https://x.io/(b)).",
            "See [a](https://x.io/a b).",
            "See [a] (https://x.io).",
            "See [a].",
            "See [a ](https://x.io).",
            "See [ a](https://x.io).",
            "See [a](https://).",
        ] {
            assert_eq!(plain(text), None, "{text:?}");
        }
        let spans = "Can be `closed`, `<AWS_KEY>:<SECRET>` or `a*b_c[d]`.";
        assert_eq!(plain(spans), Some(spans));
        let link = "The SID of the [Account](https://www.twilio.com/docs/iam/api/account?x=1#top).";
        assert_eq!(plain(link), Some(link));
        assert_eq!(
            plain("  The user's ID (e.g. 42),  or \"me\": 100% free-form/text=ok?!  "),
            Some("The user's ID (e.g. 42),  or \"me\": 100% free-form/text=ok?!")
        );
    }

    proptest! {
        #[test]
        fn random_plain_text_converts_as_plain_says(
            text in "[A-Za-z]([A-Za-z0-9 .,;:'\"()?!/=%+@$-]|`[ -~]{0,12}`|\\[[ -~]{0,12}\\]\\((https?://)?[ -~]{0,24}\\)|\\[[A-Za-z0-9 .,;:'\"()?!/=%+@$-]{0,12}\\]\\(https?://[A-Za-z0-9._~:/?#=&%+-]{0,24}\\)){0,40}",
            lead in 0usize..9,
            trail in 0usize..9,
        ) {
            check(&text);
            check(&format!("{}{text}{}", " ".repeat(lead), " ".repeat(trail)));
        }
    }
}
