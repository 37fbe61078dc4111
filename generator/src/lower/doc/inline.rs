//! Pass 2, the inline converter of one chunk (`Conv`): backtick code spans are paired the
//! CommonMark way and copied untouched, unmatched backticks and brackets and every `<` that
//! could open HTML are escaped, inline links are kept only when they point to an absolute URL,
//! and bare URLs become autolinks. Its HTML is handled in `html`; what it writes goes to `Out`.

use std::collections::HashMap;

use super::html::{tag_kind, TagFinder};
use super::out::Out;

/// What may appear in the text being converted.
#[derive(Clone, Copy)]
pub(super) struct Mode {
    /// No newline may be produced (table cells, link text).
    pub(super) single_line: bool,
    /// Inside link text: no links, no autolinks.
    pub(super) in_link: bool,
    /// Inside a GFM table cell we build: `|` must be escaped.
    pub(super) pipes: bool,
    /// HTML tables may be turned into markdown tables.
    pub(super) tables: bool,
}

impl Mode {
    pub(super) const BLOCK: Mode = Mode {
        single_line: false,
        in_link: false,
        pipes: false,
        tables: true,
    };
    pub(super) const MD_CELL: Mode = Mode {
        single_line: true,
        in_link: false,
        pipes: false,
        tables: false,
    };
    pub(super) const HTML_CELL: Mode = Mode {
        single_line: true,
        in_link: false,
        pipes: true,
        tables: false,
    };

    pub(super) fn link_text(self) -> Mode {
        Mode {
            single_line: true,
            in_link: true,
            pipes: self.pipes,
            tables: false,
        }
    }

    pub(super) fn no_tables(self) -> Mode {
        Mode {
            tables: false,
            ..self
        }
    }
}

/// An HTML list being translated (`<ul>`, `<ol>`).
pub(super) struct HtmlList {
    pub(super) ordered: bool,
    pub(super) next: u64,
    /// Column of the item markers.
    pub(super) indent: usize,
    /// Column of the open item's content, if an item is open.
    pub(super) item: Option<usize>,
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

/// URL schemes that links and autolinks may use.
const SCHEMES: [&str; 8] = [
    "http", "https", "mailto", "ftp", "ftps", "sftp", "ws", "wss",
];

/// The converter for one chunk.
pub(super) struct Conv<'a> {
    pub(super) s: &'a [char],
    runs: Runs,
    cursor: RunCursor,
    /// `[` index to its matching `]` index.
    brackets: HashMap<usize, usize>,
    pub(super) finders: HashMap<&'static str, TagFinder>,
    pub(super) lists: &'a mut Vec<HtmlList>,
}

impl<'a> Conv<'a> {
    pub(super) fn new(s: &'a [char], lists: &'a mut Vec<HtmlList>) -> Conv<'a> {
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

    pub(super) fn at(&self, i: usize, end: usize) -> Option<char> {
        if i < end {
            self.s.get(i).copied()
        } else {
            None
        }
    }

    pub(super) fn starts_with_ci(&self, i: usize, end: usize, pat: &str) -> bool {
        pat.chars().enumerate().all(|(k, p)| {
            self.at(i + k, end)
                .is_some_and(|c| c.eq_ignore_ascii_case(&p))
        })
    }

    /// Converts `start..end` into `out`.
    pub(super) fn run(&mut self, start: usize, end: usize, mode: Mode, out: &mut Out) {
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

    /// Converts `a..b` into a fresh buffer.
    pub(super) fn sub(&mut self, a: usize, b: usize, mode: Mode) -> String {
        let mut out = Out::default();
        self.run(a, b, mode, &mut out);
        out.finish()
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
pub(super) fn url_end(s: &[char], i: usize) -> Option<usize> {
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
pub(super) fn accept_url(raw: &str) -> Option<String> {
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

pub(super) fn push_link(out: &mut Out, text: &str, url: &str, title: Option<&str>) {
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
pub(super) fn para_break(lists: &[HtmlList], mode: Mode, out: &mut Out) {
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
pub(super) fn escape_plain(s: &str) -> String {
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
pub(super) fn code_span(text: &str, pipes: bool) -> String {
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

#[cfg(test)]
mod tests {
    use crate::lower::doc::to_rustdoc as d;

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
}
