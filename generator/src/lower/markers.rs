//! Reading the markers that Postman puts in field and parameter descriptions.
//!
//! Collections exported from OpenAPI (Zoom's, for one) say in prose what the schema said in
//! structure: a leading `(Required)`, a trailing `(This can only be one of a,b,c)`, and often a
//! bullet list documenting each allowed value. [`parse_markers`] recovers those facts and the
//! description that is left once they are taken out.

use std::collections::{BTreeMap, BTreeSet};

/// What a description says about the field it documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Markers {
    /// The description started with `(Required)`.
    pub required: bool,
    /// The values of `(This can only be one of a,b,c)`, trimmed, in order, deduplicated; `None`
    /// when absent or when the list holds no non-empty value.
    pub one_of: Option<Vec<String>>,
    /// The description with both markers removed and, when `one_of` is present, without the
    /// items that document individual values. Trimmed, otherwise still raw markdown/HTML.
    pub text: String,
    /// Per-value documentation found in the description, keyed by the exact wire value, in the
    /// order of `one_of`; values without documentation are absent.
    pub value_docs: Vec<(String, String)>,
}

const REQUIRED: &str = "(required)";
const ONE_OF: &str = "(this can only be one of";
const BULLETS: [char; 3] = ['*', '-', '•'];

/// Reads the `(Required)` and `(This can only be one of ...)` markers and per-value
/// documentation out of a Postman description.
///
/// Never panics and runs in time roughly linear in the length of `description`; text that does
/// not look like a marker (e.g. an unclosed `(This can only be one of`) is left in `text`.
#[must_use]
pub fn parse_markers(description: &str) -> Markers {
    let (required, rest) = strip_required(description);
    let (one_of, rest) = strip_one_of(rest);
    let (text, value_docs) = match &one_of {
        Some(values) => split_value_docs(&rest, values),
        None => (rest, Vec::new()),
    };
    Markers {
        required,
        one_of,
        text: trim_breaks(&text).to_owned(),
        value_docs,
    }
}

/// Whether the description opens with `(Required)` (any ASCII case), and what follows it.
fn strip_required(description: &str) -> (bool, &str) {
    let trimmed = description.trim_start();
    let is_marker = trimmed
        .get(..REQUIRED.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(REQUIRED));
    match trimmed.get(REQUIRED.len()..) {
        Some(rest) if is_marker => (true, rest.strip_prefix('.').unwrap_or(rest)),
        _ => (false, description),
    }
}

/// Takes the first closed `(This can only be one of ...)` out of `text`, returning its values
/// and the text around it joined by one space.
fn strip_one_of(text: &str) -> (Option<Vec<String>>, String) {
    // The marker starts with `(`: only those places are compared, without lowercasing a copy.
    let found = text.match_indices('(').map(|(i, _)| i).find(|&i| {
        text.as_bytes()
            .get(i..i + ONE_OF.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(ONE_OF.as_bytes()))
    });
    let Some(start) = found else {
        return (None, text.to_owned());
    };
    let values_start = start + ONE_OF.len();
    let close = text
        .get(values_start..)
        .and_then(|after| after.find(')'))
        .map(|offset| values_start + offset);
    // Any later marker would have to close at this same `)`, so an unclosed first one means
    // there is nothing to take out.
    let (Some(close), Some(before)) = (close, text.get(..start)) else {
        return (None, text.to_owned());
    };
    let list = text.get(values_start..close).unwrap_or("");
    let after = text.get(close + 1..).unwrap_or("");
    let after = after.strip_prefix('.').unwrap_or(after);

    let list = list.trim_end().strip_suffix('.').unwrap_or(list);
    let mut seen = BTreeSet::new();
    let values: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|value| !value.is_empty() && seen.insert(*value))
        .map(str::to_owned)
        .collect();

    let joined = match (before.trim_end(), after.trim_start()) {
        ("", after) => after.to_owned(),
        (before, "") => before.to_owned(),
        (before, after) => format!("{before} {after}"),
    };
    ((!values.is_empty()).then_some(values), joined)
}

/// One line of the description and the line break (`\n`, `\r\n` or a `<br>` tag) before it.
struct Segment<'a> {
    separator: &'a str,
    text: &'a str,
}

/// Splits `text` at newlines and `<br>` tags, keeping the separators so kept lines can be
/// joined back exactly as written.
fn segments(text: &str) -> Vec<Segment<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut separator = "";
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let break_len = match bytes.get(i) {
            Some(b'\n') => 1,
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => 2,
            Some(b'<') => br_len(bytes.get(i..).unwrap_or(&[])),
            _ => 0,
        };
        if break_len == 0 {
            i += 1;
            continue;
        }
        out.push(Segment {
            separator,
            text: text.get(line_start..i).unwrap_or(""),
        });
        separator = text.get(i..i + break_len).unwrap_or("");
        i += break_len;
        line_start = i;
    }
    out.push(Segment {
        separator,
        text: text.get(line_start..).unwrap_or(""),
    });
    out
}

/// The length of the `<br>`, `<br/>` or `<br />` tag (any ASCII case) that `bytes` starts with,
/// or 0.
fn br_len(bytes: &[u8]) -> usize {
    if !bytes
        .get(..3)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"<br"))
    {
        return 0;
    }
    let mut i = 3;
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'>') {
        i + 1
    } else {
        0
    }
}

/// Trims whitespace and `<br>` tags from both ends, so removed items leave no dangling breaks.
fn trim_breaks(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let head = br_len(text.as_bytes());
        if let Some(rest) = text.get(head..).filter(|_| head > 0) {
            text = rest.trim();
            continue;
        }
        let tail = text.rfind('<').filter(|&at| {
            text.get(at..)
                .is_some_and(|t| br_len(t.as_bytes()) == t.len())
        });
        match tail.and_then(|at| text.get(..at)) {
            Some(rest) => text = rest.trim(),
            None => return text,
        }
    }
}

/// Where a value item begins within a line, and where its documentation starts.
struct ItemStart<'a> {
    start: usize,
    value: &'a str,
    doc_start: usize,
}

/// The allowed values, for recognising value items without a scan per value.
struct Values<'a> {
    set: BTreeSet<&'a str>,
    max_len: usize,
}

/// Removes the items documenting individual values from `text`, returning the rest and the
/// documentation per value in the order of `values`.
fn split_value_docs(text: &str, values: &[String]) -> (String, Vec<(String, String)>) {
    let lookup = Values {
        set: values.iter().map(String::as_str).collect(),
        max_len: values.iter().map(String::len).max().unwrap_or(0),
    };
    let mut docs: BTreeMap<&str, &str> = BTreeMap::new();
    let mut kept: Vec<(&str, &str)> = Vec::new();
    let mut removed_since_kept = false;

    for segment in segments(text) {
        let line = segment.text;
        let starts = item_starts(line, &lookup);
        for (k, item) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(line.len(), |next| next.start);
            let doc = line.get(item.doc_start..end).unwrap_or("").trim();
            if !doc.is_empty() {
                docs.entry(item.value).or_insert(doc);
            }
        }
        let prefix = match starts.first() {
            Some(first) => line.get(..first.start).unwrap_or("").trim_end(),
            None => line,
        };
        if !starts.is_empty() && prefix.trim().is_empty() {
            removed_since_kept = true;
            continue;
        }
        // Taking out a list that sat between blank lines would otherwise leave two blanks.
        let blank_after_blank = prefix.trim().is_empty()
            && kept
                .last()
                .is_none_or(|(_, previous)| previous.trim().is_empty());
        if removed_since_kept && blank_after_blank {
            continue;
        }
        kept.push((segment.separator, prefix));
        removed_since_kept = !starts.is_empty();
    }

    let mut out = String::with_capacity(text.len());
    for (k, (separator, line)) in kept.iter().enumerate() {
        if k > 0 {
            out.push_str(separator);
        }
        out.push_str(line);
    }
    let value_docs: Vec<(String, String)> = values
        .iter()
        .filter_map(|value| {
            let doc = docs.get(value.as_str())?;
            Some((value.clone(), (*doc).to_owned()))
        })
        .collect();
    // The list that followed `The action types:` went into the enum's variants: the sentence
    // ends there now.
    if !value_docs.is_empty() {
        let end = out.trim_end().len();
        if out.get(..end).is_some_and(|kept| kept.ends_with(':')) {
            out.truncate(end - 1);
            out.push('.');
        }
    }
    (out, value_docs)
}

/// The value items in one line: one at its start (bulleted or not, value backticked or bare),
/// then any backticked ones later in the line.
fn item_starts<'a>(line: &'a str, values: &Values<'_>) -> Vec<ItemStart<'a>> {
    let mut starts = Vec::new();
    let body = line.trim_start();
    let mut at = line.len() - body.len();
    if let Some(after_bullet) = strip_bullet(body) {
        at = line.len() - after_bullet.len();
    }
    let first = if line.get(at..).is_some_and(|rest| rest.starts_with('`')) {
        backticked_item(line, at, values)
    } else {
        bare_item(line, at, values)
    };
    let mut search_from = 0;
    if let Some((value, doc_start)) = first {
        starts.push(ItemStart {
            start: 0,
            value,
            doc_start,
        });
        search_from = doc_start;
    }

    while let Some(offset) = line.get(search_from..).and_then(|rest| rest.find('`')) {
        let tick = search_from + offset;
        let before = line.get(..tick).unwrap_or("");
        // Mid-line, only a value that stands as its own word starts an item, so a value quoted
        // inside other code is left alone.
        let item = if before.ends_with(char::is_whitespace) {
            backticked_item(line, tick, values)
        } else {
            None
        };
        match item {
            Some((value, doc_start)) => {
                starts.push(ItemStart {
                    start: bullet_start(before),
                    value,
                    doc_start,
                });
                search_from = doc_start;
            }
            None => search_from = tick + 1,
        }
    }
    starts
}

/// `text` after a leading list bullet and the whitespace behind it, if it starts with one.
fn strip_bullet(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(BULLETS)?;
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

/// Where an item whose value follows `before` begins: at a bullet that precedes it, if any.
fn bullet_start(before: &str) -> usize {
    let trimmed = before.trim_end();
    match trimmed.strip_suffix(BULLETS) {
        Some(rest) if rest.is_empty() || rest.ends_with(char::is_whitespace) => rest.len(),
        _ => trimmed.len(),
    }
}

/// A `` `value` `` at byte `at` of `line` followed by a separator: the value and where its
/// documentation starts.
fn backticked_item<'a>(line: &'a str, at: usize, values: &Values<'_>) -> Option<(&'a str, usize)> {
    let inner_start = at + 1;
    let window = line.as_bytes().get(inner_start..)?;
    // A value longer than any allowed one cannot match, so the closing tick is only looked for
    // that far; this keeps a line full of backticks linear.
    let len = window
        .iter()
        .take(values.max_len + 1)
        .position(|&b| b == b'`')?;
    let value = line.get(inner_start..inner_start + len)?;
    if !values.set.contains(value) {
        return None;
    }
    let doc_start = after_separator(line, inner_start + len + 1, true)?;
    Some((value, doc_start))
}

/// A bare value at byte `at` of `line` followed by a separator: the value and where its
/// documentation starts. The first separator in the line decides, so values containing one
/// need backticks to be recognised.
fn bare_item<'a>(line: &'a str, at: usize, values: &Values<'_>) -> Option<(&'a str, usize)> {
    let rest = line.get(at..)?;
    let mut content_end = 0;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let is_separator = match c {
            ':' | '—' | '–' => true,
            // A hyphen inside a word (`auto-create`) is part of the value.
            '-' => content_end < i,
            _ => false,
        };
        if is_separator {
            let value = rest.get(..content_end)?;
            if content_end == 0 || !values.set.contains(value) {
                return None;
            }
            let doc_start = after_separator(line, at + content_end, false)?;
            return Some((value, doc_start));
        }
        content_end = i + c.len_utf8();
        if content_end > values.max_len {
            return None;
        }
    }
    None
}

/// Where the documentation starts if `line` has a value separator (` - `, ` — `, ` – `, `: `)
/// at byte `at`, allowing whitespace before it. `after_code` relaxes the hyphen rule, since
/// after a closing backtick a hyphen cannot be part of the value.
fn after_separator(line: &str, at: usize, after_code: bool) -> Option<usize> {
    let rest = line.get(at..)?;
    let trimmed = rest.trim_start();
    let spaced = trimmed.len() < rest.len();
    let mut chars = trimmed.chars();
    match chars.next()? {
        ':' | '—' | '–' => {}
        '-' if spaced || after_code => {}
        _ => return None,
    }
    let after = chars.as_str();
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    Some(line.len() - after.trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZOOM_ACTION: &str = "(Required) The action types:<br>`activate` - Activate a deactivated user.<br>`deactivate` - Deactivate a user. (This can only be one of activate,deactivate)";

    const ZOOM_CREATE: &str = "(Required) The action to take to create the new user: \n* `create` — The user receives an email from Zoom containing a confirmation link. The user must then use the link to activate their Zoom account. The user can then set or change their password. \n* `autoCreate` — This action is for Enterprise customers with a managed domain. ... \n* `custCreate` — Users created with this action do not have passwords and will **not** have the ability ... [contact the Integrated Software Vendor (ISV) sales team](https://docs.google.com/forms/d/e/1FAIpQ/viewform). \n* `ssoCreate` — This action is provided for the enabled “Pre-provisioning SSO User” option. ... it uses a random number or random personal vanity URL. (This can only be one of create,autoCreate,custCreate,ssoCreate)";

    fn strings(values: &[&str]) -> Option<Vec<String>> {
        Some(values.iter().map(|v| (*v).to_owned()).collect())
    }

    fn docs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(v, d)| ((*v).to_owned(), (*d).to_owned()))
            .collect()
    }

    #[test]
    fn zoom_action_types() {
        let m = parse_markers(ZOOM_ACTION);
        assert!(m.required);
        assert_eq!(m.one_of, strings(&["activate", "deactivate"]));
        assert_eq!(m.text, "The action types.");
        assert_eq!(
            m.value_docs,
            docs(&[
                ("activate", "Activate a deactivated user."),
                ("deactivate", "Deactivate a user."),
            ])
        );
    }

    #[test]
    fn zoom_create_action() {
        let m = parse_markers(ZOOM_CREATE);
        assert!(m.required);
        assert_eq!(
            m.one_of,
            strings(&["create", "autoCreate", "custCreate", "ssoCreate"])
        );
        assert_eq!(m.text, "The action to take to create the new user.");
        assert_eq!(
            m.value_docs,
            docs(&[
                ("create", "The user receives an email from Zoom containing a confirmation link. The user must then use the link to activate their Zoom account. The user can then set or change their password."),
                ("autoCreate", "This action is for Enterprise customers with a managed domain. ..."),
                ("custCreate", "Users created with this action do not have passwords and will **not** have the ability ... [contact the Integrated Software Vendor (ISV) sales team](https://docs.google.com/forms/d/e/1FAIpQ/viewform)."),
                ("ssoCreate", "This action is provided for the enabled “Pre-provisioning SSO User” option. ... it uses a random number or random personal vanity URL."),
            ])
        );
    }

    #[test]
    fn zoom_user_id() {
        let m = parse_markers("(Required) The user ID or email address of the user. For user-level apps, pass the `me` value for this parameter.");
        assert!(m.required);
        assert_eq!(m.one_of, None);
        assert_eq!(m.text, "The user ID or email address of the user. For user-level apps, pass the `me` value for this parameter.");
        assert!(m.value_docs.is_empty());
    }

    #[test]
    fn zoom_page_size_with_spaces_after_commas() {
        let m = parse_markers(
            "Number of records returned within a single API call. (This can only be one of 30, 100, 300)",
        );
        assert!(!m.required);
        assert_eq!(m.one_of, strings(&["30", "100", "300"]));
        assert_eq!(
            m.text,
            "Number of records returned within a single API call."
        );
        assert!(m.value_docs.is_empty());
    }

    #[test]
    fn no_markers_and_empty() {
        assert_eq!(parse_markers(""), Markers::default());
        assert_eq!(parse_markers("   \n "), Markers::default());
        let m = parse_markers("  Just a description.<br>With a break. ");
        assert_eq!(
            m,
            Markers {
                text: "Just a description.<br>With a break.".to_owned(),
                ..Markers::default()
            }
        );
    }

    #[test]
    fn required_forms() {
        let m = parse_markers("   (required) lower case");
        assert!(m.required);
        assert_eq!(m.text, "lower case");
        assert!(parse_markers("\n(REQUIRED)").required);
        assert_eq!(
            parse_markers("(Required). Trailing period").text,
            "Trailing period"
        );
        let m = parse_markers("(Required)");
        assert!(m.required);
        assert_eq!(m.text, "");
        let m = parse_markers("Not (Required) here");
        assert!(!m.required);
        assert_eq!(m.text, "Not (Required) here");
        assert!(!parse_markers("(Requir").required);
    }

    #[test]
    fn one_of_forms() {
        let m = parse_markers("Pick. (This can only be one of only)");
        assert_eq!(m.one_of, strings(&["only"]));
        assert_eq!(m.text, "Pick.");

        let m = parse_markers("(This can only be one of a,, b ,a, ,c).  ");
        assert_eq!(m.one_of, strings(&["a", "b", "c"]));
        assert_eq!(m.text, "");

        let m = parse_markers("Kind (this can only be one of x, y.) more text");
        assert_eq!(m.one_of, strings(&["x", "y"]));
        assert_eq!(m.text, "Kind more text");

        let m = parse_markers("Empty (This can only be one of , ,)");
        assert_eq!(m.one_of, None);
        assert_eq!(m.text, "Empty");
    }

    #[test]
    fn one_of_without_bullet_docs_keeps_text() {
        let m = parse_markers(
            "(Required) The type:<br>Some explanation. (This can only be one of a,b)",
        );
        assert!(m.required);
        assert_eq!(m.one_of, strings(&["a", "b"]));
        assert_eq!(m.text, "The type:<br>Some explanation.");
        assert!(m.value_docs.is_empty());
    }

    #[test]
    fn bare_values_and_other_separators() {
        let m = parse_markers(
            "Status:\n- active: Is active.\n• pending – Waits.\nauto-create - Hyphenated.\n(This can only be one of active,pending,auto-create)",
        );
        assert_eq!(m.text, "Status.");
        assert_eq!(
            m.value_docs,
            docs(&[
                ("active", "Is active."),
                ("pending", "Waits."),
                ("auto-create", "Hyphenated."),
            ])
        );
    }

    #[test]
    fn inline_items_on_one_line() {
        let m =
            parse_markers("Types: `a` - First one. * `b` — Second. (This can only be one of a,b)");
        assert_eq!(m.text, "Types.");
        assert_eq!(m.value_docs, docs(&[("a", "First one."), ("b", "Second.")]));
    }

    #[test]
    fn unknown_values_stay_in_text() {
        let m = parse_markers(
            "Intro<br>`zzz` - Not a value.<br>`a` - Known. (This can only be one of a)",
        );
        assert_eq!(m.text, "Intro<br>`zzz` - Not a value.");
        assert_eq!(m.value_docs, docs(&[("a", "Known.")]));
    }

    #[test]
    fn duplicate_docs_keep_first_and_follow_one_of_order() {
        let m = parse_markers("`b` - B1\n`a` - A\n`b` - B2\n(This can only be one of a,b)");
        assert_eq!(m.text, "");
        assert_eq!(m.value_docs, docs(&[("a", "A"), ("b", "B1")]));
    }

    #[test]
    fn text_after_list_is_kept_without_double_blank() {
        let m =
            parse_markers("Intro\n\n* `a` - A\n* `b` - B\n\nOutro (This can only be one of a,b)");
        assert_eq!(m.text, "Intro\n\nOutro");
        let m = parse_markers("Intro<br/><br />`a` - A<BR>`b` - B (This can only be one of a,b)");
        assert_eq!(m.text, "Intro");
        let m = parse_markers("Intro\r\n* `a` - A\r\nOutro (This can only be one of a,b)");
        assert_eq!(m.text, "Intro\r\nOutro");
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for text in [
            "(",
            ")",
            "((((",
            "))))(",
            "(This can only be one of",
            "(This can only be one of a,b",
            "(This can only be one of )",
            "(Required",
            "(Required)(This can only be one of`,`)",
            "`",
            "``",
            "`a` -",
            "* ",
            "*",
            "<br",
            "<br/",
            "<br>",
            "<BR   />",
            "(This can only be one of é,用户,—)`é` — x\n用户: y\n— - z",
            "\u{202E}(Required)\0",
            "(Required)\u{00A0}x (This can only be one of \u{00A0})",
        ] {
            let m = parse_markers(text);
            assert!(m.text.len() <= text.len(), "{text:?}");
        }
        let m = parse_markers("(This can only be one of é,用户,—)`é` — x\n用户: y");
        assert_eq!(m.value_docs, docs(&[("é", "x"), ("用户", "y")]));
        let m = parse_markers("Lone (This can only be one of a, b");
        assert_eq!(m.one_of, None);
        assert_eq!(m.text, "Lone (This can only be one of a, b");
    }

    #[test]
    fn random_piece_sweep_never_panics() {
        let pieces = [
            "(Required)",
            "(required)",
            "(This can only be one of ",
            ")",
            "(",
            ",",
            "a",
            "b",
            "é",
            "用户",
            "`",
            "`a`",
            " - ",
            " — ",
            "–",
            ": ",
            ":",
            "-",
            "* ",
            "• ",
            "<br>",
            "<BR/>",
            "<br",
            "\n",
            "\r\n",
            "\r",
            " ",
            ".",
            "\u{202E}",
            "\0",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut text = String::new();
            let count = seed % 12;
            for _ in 0..count {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let index = usize::try_from(seed >> 33).unwrap_or(0) % pieces.len();
                text.push_str(pieces.get(index).copied().unwrap_or(""));
            }
            seed = seed.wrapping_add(1);
            let m = parse_markers(&text);
            assert!(m.text.len() <= text.len(), "{text:?}");
            assert_eq!(m.text.trim(), m.text, "{text:?}");
            if let Some(values) = &m.one_of {
                assert!(values.iter().all(|v| !v.is_empty() && v.trim() == v));
                assert!(m
                    .value_docs
                    .iter()
                    .all(|(v, d)| values.contains(v) && !d.is_empty()));
            } else {
                assert!(m.value_docs.is_empty());
            }
        }
    }

    fn assert_fast(text: &str) {
        let start = std::time::Instant::now();
        let _ = parse_markers(text);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?} for {} bytes",
            start.elapsed(),
            text.len()
        );
    }

    #[test]
    fn huge_inputs_are_fast() {
        let mb = 1 << 20;
        let values: Vec<String> = (0..20_000).map(|i| format!("v{i}")).collect();
        let marker = format!("(This can only be one of {})", values.join(","));
        let mut items = String::new();
        while items.len() < mb {
            for v in values.iter().take(2000) {
                items.push_str(&format!("* `{v}` - doc of {v} `x` `{v}`<br>"));
            }
        }
        assert_fast(&format!("(Required) Intro<br>{items}{marker}"));
        assert_fast(&format!("{}{marker}", "`".repeat(mb)));
        assert_fast(&format!("{}{marker}", "` - ".repeat(mb / 4)));
        assert_fast(&format!("{}{marker}", "v1 ".repeat(mb / 3)));
        assert_fast(&format!("{}{marker}", "<br".repeat(mb / 3)));
        assert_fast(&"(This can only be one of ".repeat(mb / 24));
        assert_fast(&"(This can only be one of a)".repeat(mb / 27));
        assert_fast(&"(".repeat(mb));
        assert_fast(&format!("{}(This can only be one of a)", "\n".repeat(mb)));
        assert_fast(&format!("a{}(This can only be one of a)", " ".repeat(mb)));
        assert_fast(&format!("`a`{}(This can only be one of a)", " ".repeat(mb)));

        let m = parse_markers(&format!("(Required) Intro<br>{items}{marker}"));
        assert_eq!(m.text, "Intro");
        assert_eq!(m.value_docs.len(), 2000);
    }
}
