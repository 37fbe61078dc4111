//! Pass 0, characters: the text split into lines, the characters that are never safe
//! dropped, tabs expanded.

/// Characters dropped everywhere: controls (other than newline and tab, handled
/// before) and the bidi controls that enable Trojan-source tricks (rustc's
/// `text_direction_codepoint_in_literal`), plus a stray byte-order mark.
pub(super) fn is_dropped(c: char) -> bool {
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
pub(super) fn preprocess(text: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use crate::lower::doc::to_rustdoc as d;

    #[test]
    fn newlines_blank_lines_and_trailing_space() {
        assert_eq!(d("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(d("a\r\n\r\n\r\nb"), "a\n\nb");
        assert_eq!(d("\n\n  a  \n\n\n\nb   \n\n"), "a\n\nb");
        assert_eq!(d(""), "");
        assert_eq!(d(" \n\t\n"), "");
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
}
