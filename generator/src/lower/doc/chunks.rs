//! Pass 2, inline conversion, one paragraph ("chunk") at a time: a piece of text is cut into
//! paragraphs and markdown table rows, and each is converted on its own (code spans pair only
//! within a chunk).

use super::code_blocks::LineFinder;
use super::inline::{Conv, HtmlList, Mode};
use super::layout::{atx_heading_level, is_setext_underline, is_thematic_break, split_list_marker};
use super::out::Out;
use super::plain;

/// A run of text lines converted as one unit: code spans pair only within a chunk.
enum Chunk {
    Blank,
    /// Lines `start..end` joined by newlines.
    Para(usize, usize),
    /// One row of a markdown table: cells are converted one by one.
    Row(usize),
}

pub(super) fn convert_piece(lines: &[String]) -> String {
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
pub(super) fn convert_with_passes(text: &str, mode: Mode, lists: &mut Vec<HtmlList>) -> String {
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

pub(super) fn is_delimiter_row(line: &str) -> bool {
    if !line.contains('-') {
        return false;
    }
    let t = strip_containers(line).trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

pub(super) fn has_unescaped_pipe(line: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use crate::lower::doc::to_rustdoc as d;

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
}
