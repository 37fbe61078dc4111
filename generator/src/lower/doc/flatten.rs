//! Inline flattening (`to_rustdoc_inline`): each laid-out line becomes part of one line of
//! text, and a start that would still open a block is escaped.

use super::layout::{atx_heading_level, is_setext_underline, is_thematic_break, split_list_marker};

/// One laid-out line as part of a single line of text.
pub(super) fn inline_line(line: &str) -> String {
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
pub(super) fn guard_inline_start(s: String) -> String {
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
    use crate::lower::doc::to_rustdoc_inline as i;

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
}
