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

use std::collections::HashMap;

/// Turns a Postman description (markdown with HTML) into rustdoc-safe markdown.
///
/// The result never contains a code block that rustdoc would run as a doctest, raw
/// HTML, a bracket that rustdoc could take for an intra-doc link, or a bare URL.
/// Leading and trailing blank lines are removed; an empty result means there was
/// nothing to document.
pub fn to_rustdoc(text: &str) -> String {
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
pub fn to_rustdoc_inline(text: &str) -> String {
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
pub(crate) fn plain(text: &str) -> Option<&str> {
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

// ---------------------------------------------------------------------------
// Pass 0: characters
// ---------------------------------------------------------------------------

/// Characters dropped everywhere: controls (other than newline and tab, handled
/// before) and the bidi controls that enable Trojan-source tricks (rustc's
/// `text_direction_codepoint_in_literal`), plus a stray byte-order mark.
fn is_dropped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Splits into lines (`\r\n`, `\r`, `\n`, U+2028, U+2029), drops unsafe characters
/// and expands tabs to 4-column tab stops.
fn preprocess(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut col = 0usize;
    let mut rest = text;
    loop {
        // Printable ASCII is never dropped and is one column each: copied a run at a time.
        let plain = rest
            .bytes()
            .take_while(|b| (b' '..=b'~').contains(b))
            .count();
        if plain > 0 {
            cur.push_str(rest.get(..plain).unwrap_or_default());
            col += plain;
            rest = rest.get(plain..).unwrap_or_default();
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            break;
        };
        match c {
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.as_str().starts_with('\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut cur));
                col = 0;
            }
            '\t' => {
                let n = 4 - col % 4;
                cur.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            c if is_dropped(c) => {}
            c => {
                cur.push(c);
                col += 1;
            }
        }
        rest = chars.as_str();
    }
    lines.push(cur);
    lines
}

// ---------------------------------------------------------------------------
// Pass 1: code blocks out of the text
// ---------------------------------------------------------------------------

/// Text lines, or a code block lifted out of them.
enum Piece {
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
fn split_pieces(lines: &[String]) -> Vec<Piece> {
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
struct LineFinder {
    searched_from: Option<usize>,
    found: Option<(usize, usize)>,
}

impl LineFinder {
    fn find(&mut self, lines: &[String], from: usize, needle: &str) -> Option<(usize, usize)> {
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

// ---------------------------------------------------------------------------
// Pass 2: inline conversion, one paragraph ("chunk") at a time
// ---------------------------------------------------------------------------

/// A run of text lines converted as one unit: code spans pair only within a chunk.
enum Chunk {
    Blank,
    /// Lines `start..end` joined by newlines.
    Para(usize, usize),
    /// One row of a markdown table: cells are converted one by one.
    Row(usize),
}

/// What may appear in the text being converted.
#[derive(Clone, Copy)]
struct Mode {
    /// No newline may be produced (table cells, link text).
    single_line: bool,
    /// Inside link text: no links, no autolinks.
    in_link: bool,
    /// Inside a GFM table cell we build: `|` must be escaped.
    pipes: bool,
    /// HTML tables may be turned into markdown tables.
    tables: bool,
}

impl Mode {
    const BLOCK: Mode = Mode {
        single_line: false,
        in_link: false,
        pipes: false,
        tables: true,
    };
    const MD_CELL: Mode = Mode {
        single_line: true,
        in_link: false,
        pipes: false,
        tables: false,
    };
    const HTML_CELL: Mode = Mode {
        single_line: true,
        in_link: false,
        pipes: true,
        tables: false,
    };

    fn link_text(self) -> Mode {
        Mode {
            single_line: true,
            in_link: true,
            pipes: self.pipes,
            tables: false,
        }
    }

    fn no_tables(self) -> Mode {
        Mode {
            tables: false,
            ..self
        }
    }
}

/// An HTML list being translated (`<ul>`, `<ol>`).
struct HtmlList {
    ordered: bool,
    next: u64,
    /// Column of the item markers.
    indent: usize,
    /// Column of the open item's content, if an item is open.
    item: Option<usize>,
}

fn convert_piece(lines: &[String]) -> String {
    let mut lists: Vec<HtmlList> = Vec::new();
    let mut outs: Vec<String> = Vec::new();
    for chunk in chunk_lines(lines) {
        match chunk {
            Chunk::Blank => outs.push(String::new()),
            Chunk::Para(a, b) => {
                let text = lines.get(a..b).unwrap_or_default().join("\n");
                outs.push(convert_text(&text, Mode::BLOCK, &mut lists));
            }
            Chunk::Row(k) => {
                let line = lines.get(k).map(String::as_str).unwrap_or("");
                let cells: Vec<String> = split_cells(line)
                    .iter()
                    .map(|cell| convert_text(cell, Mode::MD_CELL, &mut lists))
                    .collect();
                outs.push(cells.join("|"));
            }
        }
    }
    outs.join("\n")
}

fn convert_text(text: &str, mode: Mode, lists: &mut Vec<HtmlList>) -> String {
    // Plain prose (spaces around it kept) comes out as it went in: tables give thousands of
    // such cells.
    if plain(text).is_some() {
        return text.to_owned();
    }
    convert_with_passes(text, mode, lists)
}

/// [`convert_text`] without the shortcut for plain text.
fn convert_with_passes(text: &str, mode: Mode, lists: &mut Vec<HtmlList>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut conv = Conv::new(&chars, lists);
    let mut out = Out::default();
    conv.run(0, chars.len(), mode, &mut out);
    out.finish()
}

/// Splits a table row at unescaped pipes (GFM splits before any inline parsing).
fn split_cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let cur = match cells.last_mut() {
            Some(cur) => cur,
            None => break,
        };
        match c {
            '\\' => {
                cur.push('\\');
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => cells.push(String::new()),
            c => cur.push(c),
        }
    }
    cells
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The text after leading spaces, quote markers and list markers.
fn strip_containers(line: &str) -> &str {
    let mut rest = line.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            rest = after.trim_start();
            continue;
        }
        if let Some((_, after)) = split_list_marker(rest) {
            if !after.is_empty() {
                rest = after.trim_start();
                continue;
            }
        }
        return rest;
    }
}

/// Whether a line starts a block of its own, ending any paragraph before it.
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('>')
        || split_list_marker(t).is_some()
        || is_own_line_block(t)
        || html_table_start(t)
}

/// Blocks that are a single line: headings, thematic breaks, setext underlines.
fn is_own_line_block(t: &str) -> bool {
    atx_heading_level(t).is_some() || is_thematic_break(t) || is_setext_underline(t)
}

fn html_table_start(t: &str) -> bool {
    t.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("<table"))
        && matches!(
            t.get(6..).and_then(|r| r.chars().next()),
            None | Some('>' | ' ')
        )
}

fn is_delimiter_row(line: &str) -> bool {
    if !line.contains('-') {
        return false;
    }
    let t = strip_containers(line).trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn has_unescaped_pipe(line: &str) -> bool {
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => return true,
            _ => escaped = false,
        }
    }
    false
}

fn is_table_header(lines: &[String], i: usize) -> bool {
    match (lines.get(i), lines.get(i + 1)) {
        (Some(head), Some(delim)) => {
            is_delimiter_row(delim) && has_unescaped_pipe(strip_containers(head))
        }
        _ => false,
    }
}

fn chunk_lines(lines: &[String]) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut table_close = LineFinder::default();
    let n = lines.len();
    let line = |k: usize| lines.get(k).map(String::as_str).unwrap_or("");
    let mut i = 0;
    while i < n {
        let t = line(i).trim_start();
        if t.is_empty() {
            chunks.push(Chunk::Blank);
            i += 1;
            continue;
        }
        if is_table_header(lines, i) {
            chunks.push(Chunk::Row(i));
            chunks.push(Chunk::Row(i + 1));
            i += 2;
            while i < n && !is_blank(line(i)) && !starts_block(line(i)) {
                chunks.push(Chunk::Row(i));
                i += 1;
            }
            continue;
        }
        if html_table_start(t) {
            if let Some((close, _)) = table_close.find(lines, i, "</table") {
                chunks.push(Chunk::Para(i, close + 1));
                i = close + 1;
                continue;
            }
        }
        if is_own_line_block(t) {
            chunks.push(Chunk::Para(i, i + 1));
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < n && !is_blank(line(i)) && !starts_block(line(i)) && !is_table_header(lines, i) {
            i += 1;
        }
        chunks.push(Chunk::Para(start, i));
    }
    chunks
}

/// Positions of maximal backtick runs, by length, for pairing code spans.
struct Runs {
    by_len: HashMap<usize, Vec<usize>>,
}

impl Runs {
    fn new(s: &[char]) -> Runs {
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while i < s.len() {
            if s.get(i) == Some(&'`') {
                let start = i;
                while s.get(i) == Some(&'`') {
                    i += 1;
                }
                by_len.entry(i - start).or_default().push(start);
            } else {
                i += 1;
            }
        }
        Runs { by_len }
    }
}

/// A forward-only cursor over [`Runs`]: finds the run closing a code span.
#[derive(Default)]
struct RunCursor {
    next: HashMap<usize, usize>,
}

impl RunCursor {
    /// Start of the first run of exactly `len` backticks at or after `from` that
    /// ends by `end`. `from` never decreases between calls.
    fn closer(&mut self, runs: &Runs, from: usize, len: usize, end: usize) -> Option<usize> {
        let list = runs.by_len.get(&len)?;
        let k = self.next.entry(len).or_insert(0);
        while list.get(*k).is_some_and(|&p| p < from) {
            *k += 1;
        }
        let p = *list.get(*k)?;
        (p + len <= end).then_some(p)
    }
}

/// A remembered forward search for a closing tag (or `-->`).
#[derive(Default, Clone, Copy)]
struct TagFinder {
    searched_from: Option<usize>,
    found: Option<(usize, usize)>,
}

/// A parsed HTML tag.
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
    /// Index just past the `>`.
    end: usize,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a known HTML element turns into.
#[derive(Clone, Copy, PartialEq)]
enum TagKind {
    Break,
    Block,
    Rule,
    Heading(usize),
    List(bool),
    Item,
    Table,
    Row,
    Cell,
    TablePart,
    Emph(u8, &'static str),
    Code,
    Link,
    Image,
    Drop,
}

fn tag_kind(name: &str) -> Option<TagKind> {
    Some(match name {
        "br" => TagKind::Break,
        "p" | "div" | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside"
        | "figure" | "figcaption" | "address" | "center" | "blockquote" | "dl" | "dt" | "dd"
        | "caption" | "details" | "summary" | "form" | "fieldset" | "body" | "html" => {
            TagKind::Block
        }
        "hr" => TagKind::Rule,
        "h1" => TagKind::Heading(1),
        "h2" => TagKind::Heading(2),
        "h3" => TagKind::Heading(3),
        "h4" => TagKind::Heading(4),
        "h5" => TagKind::Heading(5),
        "h6" => TagKind::Heading(6),
        "ul" | "menu" => TagKind::List(false),
        "ol" => TagKind::List(true),
        "li" => TagKind::Item,
        "table" => TagKind::Table,
        "tr" => TagKind::Row,
        "td" | "th" => TagKind::Cell,
        "thead" | "tbody" | "tfoot" | "colgroup" | "col" => TagKind::TablePart,
        "b" | "strong" => TagKind::Emph(0, "**"),
        "i" | "em" | "cite" | "dfn" => TagKind::Emph(1, "*"),
        "s" | "strike" | "del" => TagKind::Emph(2, "~~"),
        "code" | "kbd" | "samp" | "tt" | "var" | "pre" => TagKind::Code,
        "a" => TagKind::Link,
        "img" => TagKind::Image,
        "u" | "ins" | "mark" | "span" | "font" | "small" | "big" | "sup" | "sub" | "abbr"
        | "acronym" | "label" | "time" | "q" | "bdi" | "bdo" | "data" | "nobr" | "wbr" | "head"
        | "meta" | "link" | "base" | "source" | "track" | "param" => TagKind::Drop,
        _ => return None,
    })
}

/// URL schemes that links and autolinks may use.
const SCHEMES: [&str; 8] = [
    "http", "https", "mailto", "ftp", "ftps", "sftp", "ws", "wss",
];

/// The converter for one chunk.
struct Conv<'a> {
    s: &'a [char],
    runs: Runs,
    cursor: RunCursor,
    /// `[` index to its matching `]` index.
    brackets: HashMap<usize, usize>,
    finders: HashMap<&'static str, TagFinder>,
    lists: &'a mut Vec<HtmlList>,
}

impl<'a> Conv<'a> {
    fn new(s: &'a [char], lists: &'a mut Vec<HtmlList>) -> Conv<'a> {
        let runs = Runs::new(s);
        let brackets = match_brackets(s, &runs);
        Conv {
            s,
            runs,
            cursor: RunCursor::default(),
            brackets,
            finders: HashMap::new(),
            lists,
        }
    }

    fn at(&self, i: usize, end: usize) -> Option<char> {
        if i < end {
            self.s.get(i).copied()
        } else {
            None
        }
    }

    fn starts_with_ci(&self, i: usize, end: usize, pat: &str) -> bool {
        pat.chars().enumerate().all(|(k, p)| {
            self.at(i + k, end)
                .is_some_and(|c| c.eq_ignore_ascii_case(&p))
        })
    }

    /// Converts `start..end` into `out`.
    fn run(&mut self, start: usize, end: usize, mode: Mode, out: &mut Out) {
        let mut i = start;
        while let Some(c) = self.at(i, end) {
            i = match c {
                '\\' => self.backslash(i, end, mode, out),
                '`' => self.backticks(i, end, mode, out),
                '<' => self.less_than(i, end, mode, out),
                '[' => self.bracket(i, end, mode, out),
                ']' => {
                    out.push("\\]");
                    i + 1
                }
                '|' if mode.pipes || mode.in_link => {
                    out.push("\\|");
                    i + 1
                }
                '\n' => {
                    if mode.single_line || out.in_heading {
                        out.push(" ");
                    } else if out.at_line_start() {
                        // A source newline right after a break we made adds nothing.
                    } else {
                        out.push_syntax("\n");
                    }
                    i + 1
                }
                'h' | 'H' if !mode.in_link => match self.url_end(i, end) {
                    Some(e) => {
                        let url: String = self.s.get(i..e).unwrap_or_default().iter().collect();
                        out.push(&format!("<{url}>"));
                        e
                    }
                    None => {
                        // Not a URL: the same as any run of characters with no meaning
                        // here (see below).
                        let mut j = i + 1;
                        while self.at(j, end).is_some_and(|c| !is_special(c)) {
                            j += 1;
                        }
                        out.push_chars(self.s.get(i..j).unwrap_or_default());
                        j
                    }
                },
                _ => {
                    // Characters with no meaning here go out in one piece.
                    let mut j = i + 1;
                    while self.at(j, end).is_some_and(|c| !is_special(c)) {
                        j += 1;
                    }
                    out.push_chars(self.s.get(i..j).unwrap_or_default());
                    j
                }
            };
        }
    }

    fn backslash(&mut self, i: usize, end: usize, mode: Mode, out: &mut Out) -> usize {
        match self.at(i + 1, end) {
            Some(n) if n.is_ascii_punctuation() => {
                let mut pair = String::from('\\');
                pair.push(n);
                out.push(&pair);
                i + 2
            }
            Some('\n') if !(mode.single_line || out.in_heading) => {
                // A hard line break.
                out.push("\\");
                out.push_syntax("\n");
                i + 2
            }
            _ => {
                out.push("\\");
                i + 1
            }
        }
    }

    fn backticks(&mut self, i: usize, end: usize, mode: Mode, out: &mut Out) -> usize {
        let mut len = 0;
        while self.at(i + len, end) == Some('`') {
            len += 1;
        }
        match self.cursor.closer(&self.runs, i + len, len, end) {
            Some(close) => {
                let ticks = "`".repeat(len);
                let mut span = ticks.clone();
                let mut prev = ' ';
                for &c in self.s.get(i + len..close).unwrap_or_default() {
                    match c {
                        '\n' => span.push(' '),
                        '|' if mode.pipes && prev != '\\' => span.push_str("\\|"),
                        c => span.push(c),
                    }
                    prev = c;
                }
                span.push_str(&ticks);
                out.push(&span);
                close + len
            }
            None => {
                out.push(&"\\`".repeat(len));
                i + len
            }
        }
    }

    /// A bare `http://` or `https://` URL starting at `i`: the index just past it.
    fn url_end(&self, i: usize, end: usize) -> Option<usize> {
        url_end(self.s.get(..end).unwrap_or(self.s), i)
    }

    fn less_than(&mut self, i: usize, end: usize, mode: Mode, out: &mut Out) -> usize {
        if let Some(e) = self.autolink_end(i, end, mode) {
            let inner: String = self
                .s
                .get(i + 1..e - 1)
                .unwrap_or_default()
                .iter()
                .collect();
            if mode.in_link {
                out.push(&escape_plain(&inner));
            } else {
                out.push(&format!("<{inner}>"));
            }
            return e;
        }
        if self.starts_with_ci(i, end, "<!--") {
            if let Some((_, close_end)) = self.find_close("-->", i + 4, end) {
                return close_end;
            }
        }
        if let Some(e) = self.loose_br(i, end) {
            para_break(self.lists, mode, out);
            return e;
        }
        if let Some(tag) = self.parse_tag(i, end) {
            if let Some(kind) = tag_kind(&tag.name) {
                return self.html(tag, kind, end, mode, out);
            }
        }
        // A bare `<` is kept only before characters that are always written as
        // they are: anything else (a letter, or a bracket or tag that converts to
        // one) could make it the start of a tag in the output.
        match self.at(i + 1, end) {
            Some(n) if n.is_whitespace() || n.is_ascii_digit() || matches!(n, '=' | '-' | '>') => {
                out.push("<");
            }
            None if !mode.in_link => out.push("<"),
            _ => out.push("\\<"),
        }
        i + 1
    }

    /// `< br >`, `</ br>` and friends, which are not tags but mean one.
    fn loose_br(&self, i: usize, end: usize) -> Option<usize> {
        let mut j = i + 1;
        let skip = |j: &mut usize| {
            while self.at(*j, end) == Some(' ') {
                *j += 1;
            }
        };
        skip(&mut j);
        if self.at(j, end) == Some('/') {
            j += 1;
            skip(&mut j);
        }
        if !self.starts_with_ci(j, end, "br") {
            return None;
        }
        j += 2;
        skip(&mut j);
        if self.at(j, end) == Some('/') {
            j += 1;
            skip(&mut j);
        }
        (self.at(j, end) == Some('>')).then_some(j + 1)
    }

    /// A valid autolink (`<scheme:...>` with a known scheme, or `<user@host>`)
    /// starting at `i`: the index just past its `>`.
    fn autolink_end(&self, i: usize, end: usize, mode: Mode) -> Option<usize> {
        let mut j = i + 1;
        let mut inner = String::new();
        loop {
            let c = self.at(j, end)?;
            if c == '>' {
                break;
            }
            if c == '<' || c.is_whitespace() || c.is_control() || (mode.pipes && c == '|') {
                return None;
            }
            inner.push(c);
            j += 1;
        }
        let ok = match inner.split_once(':') {
            Some((scheme, rest)) => {
                SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) && !rest.is_empty()
            }
            None => is_email(&inner),
        };
        ok.then_some(j + 1)
    }

    /// Parses an HTML tag at `i`. The scan stops at the next `<`, keeping the whole
    /// conversion linear.
    fn parse_tag(&self, i: usize, end: usize) -> Option<Tag> {
        let mut j = i + 1;
        let closing = self.at(j, end) == Some('/');
        if closing {
            j += 1;
        }
        let mut name = String::new();
        while let Some(c) = self.at(j, end) {
            if c.is_ascii_alphanumeric() || (c == '-' && !name.is_empty()) {
                if name.is_empty() && !c.is_ascii_alphabetic() {
                    return None;
                }
                name.push(c.to_ascii_lowercase());
                j += 1;
            } else {
                break;
            }
        }
        if name.is_empty()
            || !matches!(self.at(j, end), Some(c) if c.is_whitespace() || c == '>' || c == '/')
        {
            return None;
        }
        let mut attrs = Vec::new();
        loop {
            while self.at(j, end).is_some_and(char::is_whitespace) {
                j += 1;
            }
            match self.at(j, end)? {
                '>' => break,
                '/' if self.at(j + 1, end) == Some('>') => {
                    j += 1;
                    break;
                }
                c if !closing && (c.is_ascii_alphabetic() || c == '_' || c == ':') => {
                    let mut key = String::new();
                    while let Some(c) = self.at(j, end) {
                        if c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-') {
                            key.push(c.to_ascii_lowercase());
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    while self.at(j, end).is_some_and(char::is_whitespace) {
                        j += 1;
                    }
                    let mut value = String::new();
                    if self.at(j, end) == Some('=') {
                        j += 1;
                        while self.at(j, end).is_some_and(char::is_whitespace) {
                            j += 1;
                        }
                        match self.at(j, end)? {
                            q @ ('"' | '\'') => {
                                j += 1;
                                loop {
                                    let c = self.at(j, end)?;
                                    j += 1;
                                    if c == q {
                                        break;
                                    }
                                    if c == '<' {
                                        return None;
                                    }
                                    value.push(c);
                                }
                            }
                            _ => {
                                while let Some(c) = self.at(j, end) {
                                    if c.is_whitespace()
                                        || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`')
                                    {
                                        break;
                                    }
                                    value.push(c);
                                    j += 1;
                                }
                            }
                        }
                    }
                    attrs.push((key, value));
                }
                _ => return None,
            }
        }
        Some(Tag {
            name,
            closing,
            attrs,
            end: j + 1,
        })
    }

    /// The next `</name>` (or `-->` for comments) at or after `from`, before `end`:
    /// its start and the index past it.
    fn find_close(&mut self, key: &'static str, from: usize, end: usize) -> Option<(usize, usize)> {
        let mut finder = self.finders.get(key).copied().unwrap_or_default();
        let cached = match (finder.searched_from, finder.found) {
            (Some(searched), None) if searched <= from => Some(None),
            (Some(searched), Some(hit)) if searched <= from && hit.0 >= from => Some(Some(hit)),
            _ => None,
        };
        let hit = match cached {
            Some(hit) => hit,
            None => {
                let hit = self.search_close(key, from);
                finder.searched_from = Some(from);
                finder.found = hit;
                self.finders.insert(key, finder);
                hit
            }
        };
        hit.filter(|&(_, e)| e <= end)
    }

    fn search_close(&self, key: &str, from: usize) -> Option<(usize, usize)> {
        let len = self.s.len();
        let mut p = from;
        while p < len {
            if key == "-->" {
                if self.starts_with_ci(p, len, "-->") {
                    return Some((p, p + 3));
                }
            } else if self.at(p, len) == Some('<') && self.at(p + 1, len) == Some('/') {
                let after = p + 2 + key.len();
                if self.starts_with_ci(p + 2, len, key)
                    && matches!(self.at(after, len), Some(c) if c == '>' || c.is_whitespace())
                {
                    let mut q = after;
                    while let Some(c) = self.at(q, len) {
                        if c == '>' {
                            return Some((p, q + 1));
                        }
                        if c == '<' {
                            break;
                        }
                        q += 1;
                    }
                }
            }
            p += 1;
        }
        None
    }

    /// Converts `a..b` into a fresh buffer.
    fn sub(&mut self, a: usize, b: usize, mode: Mode) -> String {
        let mut out = Out::default();
        self.run(a, b, mode, &mut out);
        out.finish()
    }

    fn html(&mut self, tag: Tag, kind: TagKind, end: usize, mode: Mode, out: &mut Out) -> usize {
        let single = mode.single_line;
        match kind {
            TagKind::Break | TagKind::Block => para_break(self.lists, mode, out),
            TagKind::Rule => {
                para_break(self.lists, mode, out);
                if !single {
                    out.push_syntax("---");
                    para_break(self.lists, mode, out);
                }
            }
            TagKind::Heading(level) => {
                if single {
                    out.push(" ");
                } else {
                    para_break(self.lists, mode, out);
                    if !tag.closing {
                        out.heading = Some(level);
                        out.in_heading = true;
                    }
                }
            }
            TagKind::List(ordered) => {
                if single {
                    out.push(" ");
                } else if tag.closing {
                    self.lists.pop();
                    out.suspend_emph();
                    para_break(self.lists, mode, out);
                } else {
                    let indent = self.lists.last().and_then(|l| l.item).unwrap_or(0);
                    self.lists.push(HtmlList {
                        ordered,
                        next: 1,
                        indent,
                        item: None,
                    });
                    out.suspend_emph();
                    out.ensure_newline();
                }
            }
            TagKind::Item => {
                if single {
                    out.push(" ");
                } else if tag.closing {
                    out.suspend_emph();
                    out.ensure_newline();
                } else {
                    out.suspend_emph();
                    out.in_heading = false;
                    out.heading = None;
                    out.ensure_newline();
                    let (marker, indent) = match self.lists.last_mut() {
                        Some(list) => {
                            let marker = if list.ordered {
                                format!("{}.", list.next)
                            } else {
                                "-".to_string()
                            };
                            list.next += 1;
                            list.item = Some(list.indent + marker.len() + 1);
                            (marker, list.indent)
                        }
                        None => ("-".to_string(), 0),
                    };
                    out.push_syntax(&" ".repeat(indent));
                    out.push_syntax(&marker);
                    out.push_syntax(" ");
                }
            }
            TagKind::Table if mode.tables && !tag.closing => {
                if let Some((close, close_end)) = self.find_close("table", tag.end, end) {
                    self.table(tag.end, close, mode, out);
                    return close_end;
                }
                para_break(self.lists, mode, out);
            }
            TagKind::Table | TagKind::Row => para_break(self.lists, mode, out),
            TagKind::Cell => out.push(" "),
            TagKind::TablePart | TagKind::Drop => {}
            TagKind::Emph(id, marker) => {
                if tag.closing {
                    out.close_emph(id);
                } else {
                    out.open_emph(id, marker);
                }
            }
            TagKind::Code => {
                if !tag.closing {
                    let key = code_key(&tag.name);
                    if let Some((close, close_end)) = self.find_close(key, tag.end, end) {
                        let raw: String = self
                            .s
                            .get(tag.end..close)
                            .unwrap_or_default()
                            .iter()
                            .collect();
                        let text = decode_entities(&strip_known_tags(&raw));
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        out.push(&code_span(&text, mode.pipes));
                        return close_end;
                    }
                }
            }
            TagKind::Link => {
                if !tag.closing && !mode.in_link {
                    if let Some((close, close_end)) = self.find_close("a", tag.end, end) {
                        let url = tag
                            .attr("href")
                            .and_then(|h| accept_url(&decode_entities(h)));
                        match url {
                            Some(url) => {
                                let text = self.sub(tag.end, close, mode.link_text());
                                push_link(out, text.trim(), &url, None);
                            }
                            None => self.run(tag.end, close, mode.no_tables(), out),
                        }
                        return close_end;
                    }
                }
            }
            TagKind::Image => {
                let alt = tag.attr("alt").map(decode_entities).unwrap_or_default();
                let alt = escape_plain(alt.trim());
                let src = tag
                    .attr("src")
                    .and_then(|s| accept_url(&decode_entities(s)));
                match src {
                    Some(src) if !mode.in_link => {
                        let alt = if alt.is_empty() {
                            "image".to_string()
                        } else {
                            alt
                        };
                        out.push(&format!("![{alt}]({src})"));
                    }
                    _ => {
                        if !alt.is_empty() {
                            out.push(&alt);
                        }
                    }
                }
            }
        }
        tag.end
    }

    /// Converts the inside of `<table>...</table>` to a GFM table.
    fn table(&mut self, start: usize, close: usize, mode: Mode, out: &mut Out) {
        let mut rows: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut cell: Option<usize> = None;
        let mut p = start;
        while p < close {
            if self.at(p, close) == Some('<') {
                if let Some(tag) = self.parse_tag(p, close) {
                    let kind = tag_kind(&tag.name);
                    if matches!(
                        kind,
                        Some(TagKind::Row | TagKind::Cell | TagKind::TablePart)
                    ) {
                        if let Some(from) = cell.take() {
                            if let Some(row) = rows.last_mut() {
                                row.push((from, p));
                            }
                        }
                        if !tag.closing {
                            if kind == Some(TagKind::Row) || rows.is_empty() {
                                rows.push(Vec::new());
                            }
                            if kind == Some(TagKind::Cell) {
                                cell = Some(tag.end);
                            }
                        }
                        p = tag.end;
                        continue;
                    }
                }
            }
            if cell.is_none() && self.at(p, close).is_some_and(|c| !c.is_whitespace()) {
                if rows.is_empty() {
                    rows.push(Vec::new());
                }
                cell = Some(p);
            }
            p += 1;
        }
        if let Some(from) = cell {
            if let Some(row) = rows.last_mut() {
                row.push((from, close));
            }
        }
        rows.retain(|r| !r.is_empty());
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        para_break(self.lists, mode, out);
        if width == 0 {
            return;
        }
        let mut lines = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut cells: Vec<String> = row
                .iter()
                .map(|&(a, b)| self.sub(a, b, Mode::HTML_CELL).trim().to_string())
                .collect();
            cells.resize(width, String::new());
            lines.push(format!("| {} |", cells.join(" | ")));
            if r == 0 {
                lines.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        out.suspend_emph();
        out.push_syntax(&lines.join("\n"));
        para_break(self.lists, mode, out);
    }

    fn bracket(&mut self, i: usize, end: usize, mode: Mode, out: &mut Out) -> usize {
        let image =
            i > 0 && self.s.get(i - 1) == Some(&'!') && (i < 2 || self.s.get(i - 2) != Some(&'\\'));
        if mode.in_link && !image {
            out.push("\\[");
            return i + 1;
        }
        if let Some(&m) = self.brackets.get(&i) {
            if m < end && self.at(m + 1, end) == Some('(') {
                if let Some((dest, title, after)) = self.parse_dest(m + 2, end) {
                    match accept_url(&dest) {
                        Some(url) => {
                            let text = self.sub(i + 1, m, mode.link_text());
                            push_link(out, text.trim(), &url, title.as_deref());
                        }
                        None => self.run(i + 1, m, mode.no_tables(), out),
                    }
                    return after;
                }
            }
        }
        out.push("\\[");
        i + 1
    }

    fn skip_space(&self, mut i: usize, end: usize) -> usize {
        let mut newlines = 0;
        while let Some(c) = self.at(i, end) {
            match c {
                ' ' => {}
                '\n' if newlines == 0 => newlines += 1,
                _ => break,
            }
            i += 1;
        }
        i
    }

    /// Parses `dest "title")` of an inline link, starting after `(`. Scans stop at
    /// brackets so that all attempts together stay linear.
    fn parse_dest(&self, start: usize, end: usize) -> Option<(String, Option<String>, usize)> {
        let mut i = self.skip_space(start, end);
        let mut dest = String::new();
        if self.at(i, end) == Some('<') {
            i += 1;
            loop {
                match self.at(i, end)? {
                    '>' => {
                        i += 1;
                        break;
                    }
                    '\n' | '<' => return None,
                    '\\' if self
                        .at(i + 1, end)
                        .is_some_and(|n| n.is_ascii_punctuation()) =>
                    {
                        dest.push(self.at(i + 1, end)?);
                        i += 2;
                    }
                    c => {
                        dest.push(c);
                        i += 1;
                    }
                }
            }
        } else {
            let mut depth = 0usize;
            while let Some(c) = self.at(i, end) {
                match c {
                    c if c == ' ' || c.is_control() => break,
                    '[' | ']' => return None,
                    '(' => {
                        depth += 1;
                        if depth > 32 {
                            return None;
                        }
                        dest.push(c);
                    }
                    ')' => {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                        dest.push(c);
                    }
                    '\\' if self
                        .at(i + 1, end)
                        .is_some_and(|n| n.is_ascii_punctuation()) =>
                    {
                        dest.push(self.at(i + 1, end)?);
                        i += 1;
                    }
                    c => dest.push(c),
                }
                i += 1;
            }
            if depth != 0 {
                return None;
            }
        }
        let before_title = i;
        i = self.skip_space(i, end);
        let mut title = None;
        if i > before_title {
            if let Some(q @ ('"' | '\'' | '(')) = self.at(i, end) {
                let close = if q == '(' { ')' } else { q };
                let mut t = String::new();
                let mut j = i + 1;
                loop {
                    if j > i + 512 {
                        return None;
                    }
                    match self.at(j, end)? {
                        c if c == close => break,
                        '\\' if self
                            .at(j + 1, end)
                            .is_some_and(|n| n.is_ascii_punctuation()) =>
                        {
                            t.push(self.at(j + 1, end)?);
                            j += 1;
                        }
                        c => t.push(c),
                    }
                    j += 1;
                }
                title = Some(t);
                i = self.skip_space(j + 1, end);
            }
        }
        (self.at(i, end) == Some(')')).then(|| (dest, title, i + 1))
    }
}

/// Characters the inline scan handles one by one.
fn is_special(c: char) -> bool {
    matches!(c, '\\' | '`' | '<' | '[' | ']' | '|' | '\n' | 'h' | 'H')
}

/// A bare `http://` or `https://` URL starting at `i`: the index just past it,
/// without the punctuation that ends the sentence around it.
fn url_end(s: &[char], i: usize) -> Option<usize> {
    let at = |k: usize| s.get(k).copied();
    let starts = |pat: &str| {
        pat.chars()
            .enumerate()
            .all(|(k, p)| at(i + k).is_some_and(|c| c.eq_ignore_ascii_case(&p)))
    };
    let scheme = if starts("https://") {
        8
    } else if starts("http://") {
        7
    } else {
        return None;
    };
    let mut j = i + scheme;
    while let Some(c) = at(j) {
        if !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']' | '\\' | '|') {
            break;
        }
        j += 1;
    }
    while j > i + scheme {
        let url = s.get(i..j).unwrap_or_default();
        let count = |ch: char| url.iter().filter(|&&c| c == ch).count();
        let trim = match at(j - 1) {
            Some('.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~') => true,
            Some(')') => count(')') > count('('),
            Some('}') => count('}') > count('{'),
            _ => false,
        };
        if !trim {
            break;
        }
        j -= 1;
    }
    (j > i + scheme).then_some(j)
}

/// The closing-tag search key for a code-like element.
fn code_key(name: &str) -> &'static str {
    match name {
        "kbd" => "kbd",
        "samp" => "samp",
        "tt" => "tt",
        "var" => "var",
        "pre" => "pre",
        _ => "code",
    }
}

/// Pairs brackets the way the main scan will see them: skipping escapes and code
/// spans.
fn match_brackets(s: &[char], runs: &Runs) -> HashMap<usize, usize> {
    let mut cursor = RunCursor::default();
    let mut pairs = HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            '\\' => i += 2,
            '`' => {
                let mut len = 0;
                while s.get(i + len) == Some(&'`') {
                    len += 1;
                }
                i = match cursor.closer(runs, i + len, len, s.len()) {
                    Some(close) => close + len,
                    None => i + len,
                };
            }
            '[' => {
                open.push(i);
                i += 1;
            }
            ']' => {
                if let Some(o) = open.pop() {
                    pairs.insert(o, i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    pairs
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_{}~-".contains(c))
        && !domain.is_empty()
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// An absolute URL with an allowed scheme, made safe to use as a link destination.
/// Relative links, fragments and anything else cannot work from generated docs, and
/// a destination without `/` would be taken by rustdoc for an intra-doc link.
fn accept_url(raw: &str) -> Option<String> {
    let d = raw.trim();
    let (scheme, rest) = d.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if !SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    let body = match scheme.as_str() {
        "mailto" => rest,
        _ => rest.strip_prefix("//")?,
    };
    if body.trim().is_empty() {
        return None;
    }
    let mut url = String::new();
    for c in d.chars() {
        match c {
            ' ' => url.push_str("%20"),
            '<' => url.push_str("%3C"),
            '>' => url.push_str("%3E"),
            '(' => url.push_str("%28"),
            ')' => url.push_str("%29"),
            '[' => url.push_str("%5B"),
            ']' => url.push_str("%5D"),
            '\\' => url.push_str("%5C"),
            '|' => url.push_str("%7C"),
            '`' => url.push_str("%60"),
            '"' => url.push_str("%22"),
            c if c.is_control() || c.is_whitespace() => {}
            c => url.push(c),
        }
    }
    Some(url)
}

fn push_link(out: &mut Out, text: &str, url: &str, title: Option<&str>) {
    if text.is_empty() {
        if url.contains("://") {
            out.push(&format!("<{url}>"));
        }
        return;
    }
    out.push("[");
    out.push(text);
    out.push_syntax("](");
    out.push_syntax(url);
    if let Some(title) = title {
        let mut t = String::from(" \"");
        for c in title.chars() {
            match c {
                '"' | '\\' | '|' => {
                    t.push('\\');
                    t.push(c);
                }
                c if c.is_whitespace() => t.push(' '),
                c => t.push(c),
            }
        }
        t.push('"');
        out.push_syntax(&t);
    }
    out.push_syntax(")");
}

/// Ends the paragraph (a space in single-line text), staying inside an open HTML
/// list item.
fn para_break(lists: &[HtmlList], mode: Mode, out: &mut Out) {
    if mode.single_line {
        out.push(" ");
        return;
    }
    out.suspend_emph();
    out.in_heading = false;
    out.heading = None;
    out.trim_trailing_spaces();
    if !out.buf.is_empty() {
        out.push_syntax("\n\n");
    }
    let indent = lists.iter().rev().find_map(|l| l.item).unwrap_or(0);
    out.push_syntax(&" ".repeat(indent));
}

/// Text with every markdown-active character escaped, newlines as spaces.
fn escape_plain(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '&' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `text`, with a fence no run inside can close.
fn code_span(text: &str, pipes: bool) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = if pipes {
        text.replace('|', "\\|")
    } else {
        text.to_string()
    };
    format!("{ticks}{pad}{body}{pad}{ticks}")
}

/// Removes the tags of known HTML elements (used inside `<code>` and `<pre>`).
fn strip_known_tags(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut none = Vec::new();
    let conv = Conv::new(&chars, &mut none);
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '<' {
            if let Some(tag) = conv.parse_tag(i, chars.len()) {
                if tag_kind(&tag.name).is_some() {
                    if tag.name == "br" {
                        out.push('\n');
                    }
                    i = tag.end;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Decodes the common HTML entities (for text taken out of HTML into code).
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        let semi = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(k, _)| k);
        let decoded = semi.and_then(|k| {
            let name = after.get(..k)?;
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code).filter(|&c| !is_dropped(c) && c != '\0')?
                }
            };
            Some((c, k))
        });
        match decoded {
            Some((c, k)) => {
                out.push(c);
                rest = after.get(k + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One open emphasis (`<b>`, `<i>`, `<s>`).
struct Emph {
    id: u8,
    marker: &'static str,
    depth: usize,
    /// Byte offset of the opening marker, once written (it waits for content).
    pos: Option<usize>,
}

/// Output of the inline pass, with emphasis and heading markers that wait for
/// content so that they hug it (`<b> x</b>` gives ` **x**`).
#[derive(Default)]
struct Out {
    buf: String,
    emph: Vec<Emph>,
    /// A heading level waiting for its first content.
    heading: Option<usize>,
    in_heading: bool,
    /// A closing marker just followed punctuation: a letter next needs a space.
    space_if_alnum: bool,
}

impl Out {
    fn at_line_start(&self) -> bool {
        self.buf.trim_end_matches(' ').ends_with('\n') || self.buf.trim_end_matches(' ').is_empty()
    }

    /// Writes markup. A backslash left unescaped before it would escape it, so
    /// such a backslash is escaped first.
    fn push_syntax(&mut self, s: &str) {
        if s.starts_with(|c: char| c.is_ascii_punctuation()) {
            let trailing = self.buf.chars().rev().take_while(|&c| c == '\\').count();
            if trailing % 2 == 1 {
                self.buf.push('\\');
            }
        }
        self.buf.push_str(s);
    }

    /// Writes content, first writing whatever markers wait for content.
    fn push(&mut self, s: &str) {
        let content = s.trim_start();
        let space = s.get(..s.len() - content.len()).unwrap_or("");
        if !space.is_empty() {
            self.buf.push_str(space);
            self.space_if_alnum = false;
        }
        let Some(first) = content.chars().next() else {
            return;
        };
        if let Some(level) = self.heading.take() {
            self.push_syntax(&"#".repeat(level));
            self.buf.push(' ');
        }
        if self.space_if_alnum && first.is_alphanumeric() {
            self.buf.push(' ');
        }
        self.space_if_alnum = false;
        self.flush_emph(first);
        if first == '`' && self.buf.ends_with('`') {
            // Adjacent backtick runs would merge into one.
            self.buf.push(' ');
        }
        self.push_syntax(content);
    }

    /// Writes plain content characters.
    fn push_chars(&mut self, chars: &[char]) {
        let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
        if lead > 0 {
            self.buf.extend(chars.iter().take(lead));
            self.space_if_alnum = false;
        }
        let mut rest = chars.get(lead..).unwrap_or_default().iter();
        if let Some(&first) = rest.next() {
            self.push_char(first);
            self.buf.extend(rest);
        }
    }

    fn push_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.push(c.encode_utf8(&mut b));
    }

    fn flush_emph(&mut self, first: char) {
        if self.emph.iter().all(|e| e.pos.is_some()) {
            return;
        }
        let last = self.buf.chars().next_back();
        if last.is_some_and(char::is_alphanumeric) && first.is_ascii_punctuation() {
            self.buf.push(' ');
        }
        for k in 0..self.emph.len() {
            let pending = self
                .emph
                .get(k)
                .and_then(|e| e.pos.is_none().then_some(e.marker));
            if let Some(marker) = pending {
                let pos = self.buf.len();
                self.push_syntax(marker);
                let pos = if self.buf.len() > pos + marker.len() {
                    pos + 1
                } else {
                    pos
                };
                if let Some(e) = self.emph.get_mut(k) {
                    e.pos = Some(pos);
                }
            }
        }
    }

    fn open_emph(&mut self, id: u8, marker: &'static str) {
        if let Some(e) = self.emph.iter_mut().find(|e| e.id == id) {
            e.depth += 1;
            return;
        }
        self.emph.push(Emph {
            id,
            marker,
            depth: 1,
            pos: None,
        });
    }

    fn close_emph(&mut self, id: u8) {
        let Some(k) = self.emph.iter().position(|e| e.id == id) else {
            return;
        };
        if let Some(e) = self.emph.get_mut(k) {
            if e.depth > 1 {
                e.depth -= 1;
                return;
            }
        }
        while self.emph.len() > k {
            if let Some(e) = self.emph.pop() {
                if e.pos.is_some() {
                    self.write_closer(e.marker);
                }
            }
        }
    }

    /// Writes a closing marker before any trailing whitespace.
    fn write_closer(&mut self, marker: &str) {
        let keep = self.buf.trim_end().len();
        let tail = self.buf.split_off(keep);
        let before = self.buf.chars().next_back();
        self.push_syntax(marker);
        self.buf.push_str(&tail);
        if tail.is_empty() && before.is_some_and(|c| c.is_ascii_punctuation()) {
            self.space_if_alnum = true;
        }
    }

    /// Closes the open emphasis at a block boundary; it reopens with the next
    /// content.
    fn suspend_emph(&mut self) {
        for k in (0..self.emph.len()).rev() {
            let marker = match self.emph.get_mut(k) {
                Some(e) if e.pos.is_some() => {
                    e.pos = None;
                    e.marker
                }
                _ => continue,
            };
            self.write_closer(marker);
        }
        self.space_if_alnum = false;
    }

    fn ensure_newline(&mut self) {
        self.trim_trailing_spaces();
        if !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
    }

    fn trim_trailing_spaces(&mut self) {
        let keep = self.buf.trim_end_matches(' ').len();
        self.buf.truncate(keep);
    }

    /// The text, with markers of emphasis never closed taken out again.
    fn finish(mut self) -> String {
        let mut open: Vec<(usize, usize)> = self
            .emph
            .iter()
            .filter_map(|e| e.pos.map(|p| (p, e.marker.len())))
            .collect();
        open.sort_unstable();
        for &(pos, len) in open.iter().rev() {
            if self.buf.get(pos..pos + len).is_some() {
                // Backtick runs on both sides must not merge.
                let before = self.buf.get(..pos).and_then(|b| b.chars().next_back());
                let after = self.buf.get(pos + len..).and_then(|a| a.chars().next());
                let gap = if before == Some('`') && after == Some('`') {
                    " "
                } else {
                    ""
                };
                self.buf.replace_range(pos..pos + len, gap);
            }
        }
        self.buf
    }
}

// ---------------------------------------------------------------------------
// Pass 3: layout
// ---------------------------------------------------------------------------

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
struct Layout {
    stack: Vec<Frame>,
    prev: Prev,
    out: Vec<OutBlock>,
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
    fn fence(&mut self, lang: Option<String>, body: Vec<String>) {
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

    fn line(&mut self, raw: &str) {
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
fn split_list_marker(t: &str) -> Option<(&str, &str)> {
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
fn list_marker_len(chars: &[char]) -> Option<usize> {
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

fn atx_heading_level(t: &str) -> Option<usize> {
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

fn is_thematic_break(t: &str) -> bool {
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

fn is_setext_underline(t: &str) -> bool {
    let t = t.trim_end();
    !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

// ---------------------------------------------------------------------------
// Inline flattening (`to_rustdoc_inline`)
// ---------------------------------------------------------------------------

/// One laid-out line as part of a single line of text.
fn inline_line(line: &str) -> String {
    let mut t = line.trim();
    while let Some(after) = t.strip_prefix('>') {
        t = after.trim_start();
    }
    if let Some(level) = atx_heading_level(t) {
        t = t.get(level..).unwrap_or("").trim_start();
    }
    let trailing = t.chars().rev().take_while(|&c| c == '\\').count();
    if trailing % 2 == 1 {
        t = t.strip_suffix('\\').unwrap_or(t).trim_end();
    }
    t.to_string()
}

/// Escapes a start that would still open a block.
fn guard_inline_start(s: String) -> String {
    let first = s.chars().next();
    let second = s.chars().nth(1);
    let block = match first {
        Some('#') => atx_heading_level(&s).is_some(),
        Some('>') => true,
        Some('-' | '+' | '*') => matches!(second, None | Some(' ')) || is_thematic_break(&s),
        Some('=') => is_setext_underline(&s),
        Some('_') => is_thematic_break(&s),
        Some('~') => s.starts_with("~~~"),
        _ => false,
    };
    if block {
        return format!("\\{s}");
    }
    if let Some((marker, _)) = split_list_marker(&s) {
        if let Some(num) = marker.get(..marker.len() - 1) {
            let delim = marker.get(marker.len() - 1..).unwrap_or(".");
            let rest = s.get(marker.len()..).unwrap_or("");
            return format!("{num}\\{delim}{rest}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        to_rustdoc(s)
    }

    fn i(s: &str) -> String {
        to_rustdoc_inline(s)
    }

    #[test]
    fn newlines_blank_lines_and_trailing_space() {
        assert_eq!(d("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(d("a\r\n\r\n\r\nb"), "a\n\nb");
        assert_eq!(d("\n\n  a  \n\n\n\nb   \n\n"), "a\n\nb");
        assert_eq!(d(""), "");
        assert_eq!(d(" \n\t\n"), "");
    }

    #[test]
    fn br_is_a_paragraph_break() {
        assert_eq!(d("a<br>b"), "a\n\nb");
        assert_eq!(
            d("a<br/>b<br />c<BR>d< br >e</br>f"),
            "a\n\nb\n\nc\n\nd\n\ne\n\nf"
        );
        assert_eq!(d("a<br><br>\n\n<br>b"), "a\n\nb");
        assert_eq!(
            d("**HTTP Status Code:** `404` **Not Found**<br><br>\n**Error Code:** `1001`<br>\nUser does not exist: $userId.\n"),
            "**HTTP Status Code:** `404` **Not Found**\n\n**Error Code:** `1001`\n\nUser does not exist: $userId."
        );
    }

    #[test]
    fn control_and_bidi_characters_are_dropped() {
        assert_eq!(d("a\u{202e}b\u{0}c\td"), "abc d");
        assert_eq!(
            d("x\u{2066}\u{2069}\u{200e}\u{200f}\u{202a}\u{7}\u{1b}y"),
            "xy"
        );
        assert_eq!(d("\u{feff}a"), "a");
    }

    #[test]
    fn emphasis_tags() {
        assert_eq!(
            d("<b>bold</b> and <i>it</i> and <em>e</em>"),
            "**bold** and *it* and *e*"
        );
        assert_eq!(d("<b> Note:</b>text"), "**Note:** text");
        assert_eq!(
            d("For an<b> account-level</b> OAuth"),
            "For an **account-level** OAuth"
        );
        assert_eq!(d("<b>never closed"), "never closed");
        assert_eq!(d("<b>a <strong>b</strong> c</b>"), "**a b c**");
        assert_eq!(d("<b>a<br>b</b>"), "**a**\n\n**b**");
        assert_eq!(d("<b></b>x</b>"), "x");
        assert_eq!(d("x<b>\"q\"</b>y"), "x **\"q\"** y");
    }

    #[test]
    fn code_tags_become_code_spans() {
        assert_eq!(d("<code>a &lt; b</code>"), "`a < b`");
        assert_eq!(d("<code>x`y</code>"), "``x`y``");
        assert_eq!(d("<code>`x</code>"), "`` `x ``");
        assert_eq!(d("<code>a\n b</code>"), "`a b`");
        assert_eq!(d("<code>open"), "open");
        assert_eq!(d("<code>a</code><code>b</code>"), "`a` `b`");
    }

    #[test]
    fn anchors_become_links_only_for_absolute_urls() {
        assert_eq!(d("<a href=\"https://x.y/z\">t</a>"), "[t](https://x.y/z)");
        assert_eq!(
            d("<a href='https://x.y/a b'>t</a>"),
            "[t](https://x.y/a%20b)"
        );
        assert_eq!(d("<a href=\"/rel\">t</a>"), "t");
        assert_eq!(d("<a href=\"https://x.y\"></a>"), "<https://x.y>");
        assert_eq!(d("<a name=\"x\">t</a>"), "t");
        assert_eq!(d("<a href=\"javascript:alert(1)\">t</a>"), "t");
        assert_eq!(
            d("<a href=\"https://a.b\"><b>bold</b> [x] https://c.d</a>"),
            "[**bold** \\[x\\] https://c.d](https://a.b)"
        );
    }

    #[test]
    fn html_lists() {
        assert_eq!(d("<ul><li>a</li><li>b</li></ul>after"), "- a\n- b\n\nafter");
        assert_eq!(
            d("<ol>\n<li>a</li>\n<li>b<ul><li>c</li></ul></li>\n</ol>"),
            "1. a\n2. b\n   - c"
        );
        assert_eq!(
            d("Intro:\n<ul>\n<li>\"x\" one</li>\n</ul>"),
            "Intro:\n- \"x\" one"
        );
    }

    #[test]
    fn headings_paragraphs_and_blocks() {
        assert_eq!(d("<h3>\tTitle\t</h3>text"), "### Title\n\ntext");
        assert_eq!(d("<p>one</p><p>two</p>"), "one\n\ntwo");
        assert_eq!(d("<div>a</div><span>b</span><hr>c"), "a\n\nb\n\n---\n\nc");
        assert_eq!(d("<!-- hidden -->shown"), "shown");
        assert_eq!(d("# Title\n#notaheading"), "# Title\n#notaheading");
    }

    #[test]
    fn html_tables_become_markdown_tables() {
        assert_eq!(
            d("<table border=1>\n<tr>\t<th>\ta\t</th><th>b</th></tr>\n<tr><td>x|y</td><td><code>p|q</code></td></tr>\n<tr><td>z</td></tr></table>"),
            "| a | b |\n| --- | --- |\n| x\\|y | `p\\|q` |\n| z |  |"
        );
        assert_eq!(d("<table><tr><td>never closed"), "never closed");
    }

    #[test]
    fn unknown_tags_and_angle_brackets_are_escaped() {
        assert_eq!(d("<token>"), "\\<token>");
        assert_eq!(d("Use <string> or <Play>"), "Use \\<string> or \\<Play>");
        assert_eq!(
            d("Option<String>, a < b, a <= b, <5, x << y"),
            "Option\\<String>, a < b, a <= b, <5, x \\<< y"
        );
        assert_eq!(d("<script>x</script>"), "\\<script>x\\</script>");
        assert_eq!(
            d("<access_token> <CkHttp.h> <!DOCTYPE html> <?xml?>"),
            "\\<access_token> \\<CkHttp.h> \\<!DOCTYPE html> \\<?xml?>"
        );
        // `<` before something that turns into a letter must be escaped too.
        assert_eq!(d("<[Vec](Vec)"), "\\<Vec");
    }

    #[test]
    fn entities_are_kept() {
        assert_eq!(d("&amp; &nbsp; &lt;x&gt;"), "&amp; &nbsp; &lt;x&gt;");
    }

    #[test]
    fn markdown_links() {
        assert_eq!(d("[t](https://x.y)"), "[t](https://x.y)");
        assert_eq!(d("[t](https://x.y \"T\")"), "[t](https://x.y \"T\")");
        assert_eq!(d("[t]( https://x.y/a_(b) )"), "[t](https://x.y/a_%28b%29)");
        assert_eq!(d("[t](<https://x.y/a b>)"), "[t](https://x.y/a%20b)");
        assert_eq!(d("[t](mailto:a@b.c)"), "[t](mailto:a@b.c)");
        assert_eq!(d("![alt](https://i.png)"), "![alt](https://i.png)");
        assert_eq!(
            d("[![b](https://b.svg)](https://c.d)"),
            "[![b](https://b.svg)](https://c.d)"
        );
        assert_eq!(
            d("[a [b] `]` c](https://x.y)"),
            "[a \\[b\\] `]` c](https://x.y)"
        );
        // Links that cannot work from generated docs keep only their text.
        assert_eq!(d("[t](foo) [u](/rel/path) [v](#frag) [w]()"), "t u v w");
    }

    #[test]
    fn stray_brackets_are_escaped() {
        assert_eq!(
            d("[x] and [a][b] and a]"),
            "\\[x\\] and \\[a\\]\\[b\\] and a\\]"
        );
        assert_eq!(d("[x]: https://y.z"), "\\[x\\]: <https://y.z>");
        assert_eq!(d("[^1] [ ] task"), "\\[^1\\] \\[ \\] task");
        assert_eq!(d("\\[already\\]"), "\\[already\\]");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            d("see https://x.y/z. and (https://x.y) and <https://x.y> and **http://a.b**"),
            "see <https://x.y/z>. and (<https://x.y>) and <https://x.y> and **<http://a.b>**"
        );
        assert_eq!(
            d("https://en.wikipedia.org/wiki/A_(b), next"),
            "<https://en.wikipedia.org/wiki/A_(b)>, next"
        );
        assert_eq!(d("'https://x.y/{id}'"), "'<https://x.y/{id}>'");
        assert_eq!(d("https:// and http://"), "https:// and http://");
        assert_eq!(d("h<span>ttps://x.y"), "<https://x.y>");
        // A backslash before a URL must not escape the autolink.
        assert_eq!(d("C:\\https://x.y"), "C:\\\\<https://x.y>");
        // Escaped brackets around a URL joined by a dropped tag.
        assert_eq!(d("](h<span>ttps://x.y"), "\\](<https://x.y>");
        assert_eq!(d("<<h<span>ttps://x.y"), "\\<\\<<https://x.y>");
    }

    #[test]
    fn code_spans_are_untouched_and_stray_backticks_escaped() {
        assert_eq!(
            d("`[x]` and `<b>` and `https://x.y`"),
            "`[x]` and `<b>` and `https://x.y`"
        );
        assert_eq!(d("a ` b"), "a \\` b");
        assert_eq!(d("``a`b`` and ```c"), "``a`b`` and \\`\\`\\`c");
        assert_eq!(d("`a\nb`"), "`a b`");
        assert_eq!(d("- `a\n- b`"), "- \\`a\n- b\\`");
    }

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

    #[test]
    fn markdown_tables_pass_through() {
        assert_eq!(
            d("| a | b |\n|---|---|\n| `x\\|y` | z |"),
            "| a | b |\n|---|---|\n| `x\\|y` | z |"
        );
        // A code span holding `|` must not be cut by a table that forms only
        // once tags are gone.
        assert_eq!(d("`a|b`<i></i>\n<i></i>\n|---|---|"), "`a|b`\n\\|---|---|");
    }

    #[test]
    fn inline_form() {
        assert_eq!(i("a\n\nb<br>c"), "a b c");
        assert_eq!(i("# Title\ntext"), "Title text");
        assert_eq!(i("- item\n- other"), "\\- item - other");
        assert_eq!(i("1. x"), "1\\. x");
        assert_eq!(i("> quoted"), "quoted");
        assert_eq!(i("```json\n{\n  \"a\": 1\n}\n```"), "`{ \"a\": 1 }`");
        assert_eq!(i("a\\\nb"), "a b");
        assert_eq!(i("~~~"), "");
        assert_eq!(i("***"), "\\***");
        assert_eq!(
            i("**HTTP Status Code:** `204`<br>\nToken deleted."),
            "**HTTP Status Code:** `204` Token deleted."
        );
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
                super::Mode::BLOCK,
                super::Mode::MD_CELL,
                super::Mode::HTML_CELL,
            ] {
                let mut lists = Vec::new();
                let passes = super::convert_with_passes(text, mode, &mut lists);
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
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
        let Ok(entries) = std::fs::read_dir(dir) else {
            panic!("the corpus is at {dir}");
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
