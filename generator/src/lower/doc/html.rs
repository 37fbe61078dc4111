//! Pass 2, HTML in the text: tags are parsed, known elements translated to markdown (`<br>` and
//! `<p>` to paragraph breaks, `<b>` to `**`, `<a href>` to links, tables to GFM tables, ...),
//! and unknown ones left to be escaped; text taken out of HTML into code has its tags stripped
//! and its entities decoded.

use super::chars::is_dropped;
use super::inline::{
    accept_url, code_span, escape_plain, para_break, push_link, Conv, HtmlList, Mode,
};
use super::out::Out;

/// A remembered forward search for a closing tag (or `-->`).
#[derive(Default, Clone, Copy)]
pub(super) struct TagFinder {
    searched_from: Option<usize>,
    found: Option<(usize, usize)>,
}

/// A parsed HTML tag.
pub(super) struct Tag {
    pub(super) name: String,
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
pub(super) enum TagKind {
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

pub(super) fn tag_kind(name: &str) -> Option<TagKind> {
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

// The converter's HTML; the rest of its scan is in `inline`.
impl Conv<'_> {
    /// Parses an HTML tag at `i`. The scan stops at the next `<`, keeping the whole
    /// conversion linear.
    pub(super) fn parse_tag(&self, i: usize, end: usize) -> Option<Tag> {
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
    pub(super) fn find_close(
        &mut self,
        key: &'static str,
        from: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
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

    pub(super) fn html(
        &mut self,
        tag: Tag,
        kind: TagKind,
        end: usize,
        mode: Mode,
        out: &mut Out,
    ) -> usize {
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

/// Removes the tags of known HTML elements (used inside `<code>` and `<pre>`).
pub(super) fn strip_known_tags(raw: &str) -> String {
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
pub(super) fn decode_entities(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use crate::lower::doc::to_rustdoc as d;

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
}
