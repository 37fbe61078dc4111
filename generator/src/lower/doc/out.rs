//! Pass 2's output: the text of a chunk as the converter writes it, with emphasis and heading
//! markers that wait for content so that they hug it.

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
pub(super) struct Out {
    pub(super) buf: String,
    emph: Vec<Emph>,
    /// A heading level waiting for its first content.
    pub(super) heading: Option<usize>,
    pub(super) in_heading: bool,
    /// A closing marker just followed punctuation: a letter next needs a space.
    space_if_alnum: bool,
}

impl Out {
    pub(super) fn at_line_start(&self) -> bool {
        self.buf.trim_end_matches(' ').ends_with('\n') || self.buf.trim_end_matches(' ').is_empty()
    }

    /// Writes markup. A backslash left unescaped before it would escape it, so
    /// such a backslash is escaped first.
    pub(super) fn push_syntax(&mut self, s: &str) {
        if s.starts_with(|c: char| c.is_ascii_punctuation()) {
            let trailing = self.buf.chars().rev().take_while(|&c| c == '\\').count();
            if trailing % 2 == 1 {
                self.buf.push('\\');
            }
        }
        self.buf.push_str(s);
    }

    /// Writes content, first writing whatever markers wait for content.
    pub(super) fn push(&mut self, s: &str) {
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
    pub(super) fn push_chars(&mut self, chars: &[char]) {
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

    pub(super) fn open_emph(&mut self, id: u8, marker: &'static str) {
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

    pub(super) fn close_emph(&mut self, id: u8) {
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
    pub(super) fn suspend_emph(&mut self) {
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

    pub(super) fn ensure_newline(&mut self) {
        self.trim_trailing_spaces();
        if !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.buf.push('\n');
        }
    }

    pub(super) fn trim_trailing_spaces(&mut self) {
        let keep = self.buf.trim_end_matches(' ').len();
        self.buf.truncate(keep);
    }

    /// The text, with markers of emphasis never closed taken out again.
    pub(super) fn finish(mut self) -> String {
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

#[cfg(test)]
mod tests {
    use crate::lower::doc::to_rustdoc as d;

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
}
