//! The one place where free text becomes a Rust identifier.
//!
//! Request names, folder names, JSON keys and enum wire values all pass through [`sanitize`]
//! (or one of its wrappers) so that every identifier the generator emits is valid, ASCII,
//! cased the way rustc's naming lints expect, and never a keyword that cannot be written raw.
//! [`to_ident`] turns such a name into a token, and [`UniqueNames`] keeps names in one scope apart.
//! [`module_name`] names the module generated for a collection file.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The casing an identifier is produced in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// `snake_case`, for functions, modules, fields and locals.
    Snake,
    /// `UpperCamelCase`, for types and enum variants.
    UpperCamel,
    /// `SCREAMING_SNAKE_CASE`, for constants and statics.
    // Part of the sanitizer's tested surface; not every caller needs it yet.
    #[cfg_attr(not(test), allow(dead_code))]
    ScreamingSnake,
}

/// Characters that join a word rather than split it: "user's" must read as "users", not "user s".
const APOSTROPHES: [char; 5] = ['\'', '\u{2019}', '\u{2018}', '`', '\u{02BC}'];

/// Keywords that are only usable as identifiers in raw form (`r#type`).
///
/// Covers strict, reserved and edition-dependent keywords of every edition up to 2024, so
/// generated code stays valid whichever edition the consumer compiles it with.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// The longest identifier the generator emits, uniqueness suffix included (the README's promise).
pub const MAX_LEN: usize = 64;

/// Words written with inner capitals that a person still reads as one word, so `OAuth` gives
/// `oauth`, not heck's `o_auth`, and `LeMUR` gives `lemur`, not `le_mur`.
///
/// Matched without regard to case, only where a word starts, and only when the text after the
/// match (and any digits that follow it, as in `OAuth2`) starts a new word: `OAuthority` and
/// `linkedInvoice` are not matched, and neither is `IOSTREAM`, whose capitals say nothing about
/// where its words end. Longer words come first where one begins with another (`iPadOS`).
const KNOWN_WORDS: &[&str] = &[
    "OAuth",
    "GZip",
    "GraphQL",
    "gRPC",
    "iPadOS",
    "iPad",
    "iPhone",
    "iOS",
    "macOS",
    "tvOS",
    "watchOS",
    "IPv4",
    "IPv6",
    "LeMUR",
    "GitHub",
    "GitLab",
    "YouTube",
    "LinkedIn",
    "PayPal",
    "JavaScript",
    "TypeScript",
    "MySQL",
    "PostgreSQL",
    "NoSQL",
    "eBay",
    "WiFi",
];

/// The letters the [`KNOWN_WORDS`] start with, without regard to case: bit `n` for the `n`th
/// letter of the alphabet.
const KNOWN_INITIALS: u32 = {
    let mut mask = 0u32;
    let mut rest = KNOWN_WORDS;
    while let Some((word, tail)) = rest.split_first() {
        if let Some((first, _)) = word.as_bytes().split_first() {
            let first = first.to_ascii_lowercase();
            if first.is_ascii_lowercase() {
                mask |= 1 << (first - b'a');
            }
        }
        rest = tail;
    }
    mask
};

/// Keywords that cannot be written raw at all, so they must be renamed instead.
const UNRAWABLE_KEYWORDS: &[&str] = &["self", "Self", "super", "crate"];

/// Names from the standard prelude (2021 edition) plus the std derive macros.
///
/// A generated type with one of these names would shadow the prelude item inside the generated
/// module, and code there that means `Option<T>` or `#[derive(Debug)]` would silently pick up
/// the generated type instead.
// Part of the sanitizer's tested surface; not every caller needs it yet.
#[cfg_attr(not(test), allow(dead_code))]
const PRELUDE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Turns any text (a Postman request name, a JSON key, a folder name, an enum wire value) into
/// the text of a valid, warning-free Rust identifier in `case`, or `None` when nothing usable is
/// left (e.g. a name in Chinese only, or only punctuation) so the caller can choose a fallback.
///
/// The result may be a keyword such as `type`; [`to_ident`] writes those as raw identifiers.
/// Keywords that cannot be raw get a suffix instead: `self_`, `super_`, `crate_`, and in
/// UpperCamel case `SelfType`.
#[must_use]
pub fn sanitize(text: &str, case: Case) -> Option<String> {
    let name = cased(text, case)?;
    Some(match case {
        Case::UpperCamel if name == "Self" => "SelfType".to_owned(),
        _ => name,
    })
}

/// Like [`sanitize`] but never empty: uses `fallback` (already a valid name in that case, e.g.
/// `"field"`) when [`sanitize`] gives `None`.
#[must_use]
pub fn sanitize_or(text: &str, case: Case, fallback: &str) -> String {
    sanitize(text, case).unwrap_or_else(|| fallback.to_owned())
}

/// [`sanitize`] in UpperCamel case for an enum variant.
///
/// Variants live in their enum's namespace, so prelude names such as `None` are harmless
/// there; only `Self` is not, and it becomes `SelfValue`.
#[must_use]
pub fn sanitize_variant(text: &str) -> Option<String> {
    let name = cased(text, Case::UpperCamel)?;
    Some(if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    })
}

/// [`sanitize`] in UpperCamel case for a type name.
///
/// Besides `Self` → `SelfType`, names of the standard prelude get a `Type` suffix
/// (`Result` → `ResultType`) so they do not shadow the prelude in the generated module.
#[must_use]
// Part of the sanitizer's tested surface; not every caller needs it yet.
#[cfg_attr(not(test), allow(dead_code))]
pub fn sanitize_type(text: &str) -> Option<String> {
    let name = cased(text, Case::UpperCamel)?;
    Some(
        if name == "Self" || PRELUDE_NAMES.contains(&name.as_str()) {
            name + "Type"
        } else {
            name
        },
    )
}

/// Parses a sanitized name into a [`proc_macro2::Ident`], as a raw identifier (`r#type`) when
/// it is a keyword that allows it.
///
/// Never panics: `self`, `Self`, `super` and `crate` get a trailing `_`, and any other text that
/// is not a plain ASCII identifier becomes `field`, because [`proc_macro2::Ident::new`] would
/// panic on it and the caller's casing is unknown here.
#[cfg(test)]
#[must_use]
pub fn to_ident(name: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    if !is_plain_ident(name) {
        return proc_macro2::Ident::new("field", span);
    }
    if UNRAWABLE_KEYWORDS.contains(&name) {
        return proc_macro2::Ident::new(&format!("{name}_"), span);
    }
    if RAW_KEYWORDS.contains(&name) {
        proc_macro2::Ident::new_raw(name, span)
    } else {
        proc_macro2::Ident::new(name, span)
    }
}

/// The text of [`to_ident`]'s identifier (`r#type` for a raw one), without building it.
pub fn ident_text(name: &str) -> Cow<'_, str> {
    if !is_plain_ident(name) {
        return Cow::Borrowed("field");
    }
    if UNRAWABLE_KEYWORDS.contains(&name) {
        return Cow::Owned(format!("{name}_"));
    }
    if could_be_raw_keyword(name) && RAW_KEYWORDS.contains(&name) {
        Cow::Owned(format!("r#{name}"))
    } else {
        // Most names: the text as it is, not copied.
        Cow::Borrowed(name)
    }
}

/// Whether `name` has the shape of every [`RAW_KEYWORDS`] entry (eight lowercase letters at
/// most): most names do not, and are not looked for in the list.
fn could_be_raw_keyword(name: &str) -> bool {
    name.len() <= 8 && name.bytes().all(|b| b.is_ascii_lowercase())
}

/// The suffix Postman gives exported collection files.
pub const COLLECTION_SUFFIX: &str = ".postman_collection.json";

/// The module name for a collection file: its name without `.postman_collection.json`
/// (or `.json`), in snake case (`zoom-users.postman_collection.json` → `zoom_users`).
pub fn module_name(path: &Path) -> String {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file
        .strip_suffix(COLLECTION_SUFFIX)
        .or_else(|| file.strip_suffix(".json"))
        .unwrap_or(&file);
    sanitize_or(stem, Case::Snake, "collection")
}

/// Names already used in one scope, handing out fresh ones on collision.
///
/// Keeps a per-base counter so that many identical base names cost time linear in their
/// number rather than quadratic.
#[derive(Debug, Clone, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
    next: BTreeMap<String, usize>,
}

impl UniqueNames {
    /// An empty scope.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as used without handing it out, e.g. `Client` before naming request types.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Whether `name` is already used in this scope.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Makes `base` unique in this scope by appending 2, 3, ... in the style of `case`
    /// (`name_2` in snake case, `Name2` in UpperCamel case, `NAME_2` in screaming snake case),
    /// marks the result used and returns it.
    ///
    /// `base` should already be a sanitized name in `case`.
    ///
    /// The result has at most [`MAX_LEN`] characters: a longer `base` is shortened first (at
    /// a word boundary where it can be), and a suffixed name cuts `base` to make room.
    pub fn unique(&mut self, base: &str, case: Case) -> String {
        let base = shorten(base, MAX_LEN, case);
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let mut n = self.next.get(base).copied().unwrap_or(2);
        let name = loop {
            let mut candidate = with_suffix(base, n, case);
            if candidate.len() > MAX_LEN {
                let room = MAX_LEN.saturating_sub(candidate.len() - base.len());
                candidate = with_suffix(shorten(base, room, case), n, case);
            }
            n = n.saturating_add(1);
            if !self.taken.contains(&candidate) {
                break candidate;
            }
        };
        self.next.insert(base.to_owned(), n);
        self.taken.insert(name.clone());
        name
    }
}

/// `name` (a sanitized name in `case`) cut to at most `max` characters, at the last word
/// boundary that keeps at least half of them (`_` in snake case, a capital in UpperCamel case),
/// else exactly at `max`; `_` left at the end is removed. Never empty when `name` is not.
fn shorten(name: &str, max: usize, case: Case) -> &str {
    let max = max.max(1);
    let Some(head) = name.get(..max).filter(|_| name.len() > max) else {
        return name;
    };
    let boundary = match case {
        Case::Snake | Case::ScreamingSnake => head.rfind('_'),
        // The start of the last word that begins by `max`: a capital.
        Case::UpperCamel => name
            .get(..=max)
            .and_then(|with_next| {
                with_next
                    .char_indices()
                    .rev()
                    .find(|&(i, c)| c.is_ascii_uppercase() && i > 0)
            })
            .map(|(i, _)| i),
    };
    let cut = boundary.filter(|&i| i >= max / 2).unwrap_or(max);
    let short = name.get(..cut).unwrap_or(head);
    let trimmed = short.trim_end_matches('_');
    if trimmed.is_empty() {
        short
    } else {
        trimmed
    }
}

/// The UpperCamel name `head` followed by `tail` (both sanitized UpperCamel names), in at
/// most [`MAX_LEN`] characters: `tail` says what the type is (`Options`, `Error`, the field a
/// nested type sits in) and is kept whole up to half that length; `head` (the operation's
/// name) loses words from its end to make room.
#[must_use]
pub fn join(head: &str, tail: &str) -> String {
    if head.len() + tail.len() <= MAX_LEN {
        return format!("{head}{tail}");
    }
    let tail = shorten(tail, MAX_LEN / 2, Case::UpperCamel);
    let head = shorten(head, MAX_LEN - tail.len(), Case::UpperCamel);
    format!("{head}{tail}")
}

/// `base` with the number `n` appended so that the result still passes the casing lints.
fn with_suffix(base: &str, n: usize, case: Case) -> String {
    match case {
        // `self_` + `_2` would give `self__2`, which non_snake_case rejects.
        Case::Snake | Case::ScreamingSnake if base.ends_with('_') => format!("{base}{n}"),
        Case::Snake | Case::ScreamingSnake => format!("{base}_{n}"),
        Case::UpperCamel => {
            // An underscore next to a letter trips non_camel_case_types.
            let trimmed = base.trim_end_matches('_');
            if trimmed.is_empty() {
                format!("V{n}")
            } else {
                format!("{trimmed}{n}")
            }
        }
    }
}

/// The shared core of the sanitizers: ASCII words, cased the way heck cases them, cleaned,
/// digit-prefixed and with unrawable keywords renamed (except `Self`, which each wrapper
/// renames its own way).
fn cased(text: &str, case: Case) -> Option<String> {
    let mut words: Vec<u8> = Vec::with_capacity(text.len());
    if text.is_ascii() {
        // The same as below, byte by byte: the apostrophes in ASCII are `'` and `` ` ``.
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                words.push(b);
            } else if b == b'\'' || b == b'`' {
                continue;
            } else if words.last() != Some(&b' ') {
                words.push(b' ');
            }
        }
    } else {
        for c in text.chars() {
            // Anything outside ASCII alphanumerics (including `_`, NUL, bidi controls and all
            // non-ASCII letters) only separates words; apostrophes do not even do that.
            if c.is_ascii_alphanumeric() {
                words.push(c as u8);
            } else if APOSTROPHES.contains(&c) {
                continue;
            } else if words.last() != Some(&b' ') {
                words.push(b' ');
            }
        }
    }
    let mut raw = Vec::with_capacity(words.len() + words.len() / 2);
    heck_ascii(&words, case, &mut raw);
    // The words are non-empty ASCII alphanumerics joined by single `_` (or nothing), so
    // the name has no doubled, leading or trailing underscores to clean up.
    let mut name = String::from_utf8(raw).unwrap_or_default();
    // Names come from free text; a 1 MB request name must not give a 1 MB identifier. The
    // cut keeps whole words where it can, and uniqueness is restored by `UniqueNames`. A name
    // that starts with a digit gets a one-character prefix below, so it is cut one shorter.
    let max = if name.starts_with(|c: char| c.is_ascii_digit()) {
        MAX_LEN - 1
    } else {
        MAX_LEN
    };
    if name.len() > max {
        let cut = name
            .get(..max)
            .and_then(|head| head.rfind('_').filter(|&i| i >= max / 2))
            .unwrap_or(max);
        name.truncate(cut);
    }
    while name.ends_with('_') {
        name.pop();
    }
    let first = name.chars().next()?;

    if first.is_ascii_digit() {
        // A leading `_` would put an underscore beside a letter in camel case (`_2fa` is fine,
        // but a prefix must work for every name), so camel names get a letter instead.
        name.insert_str(
            0,
            match case {
                Case::UpperCamel => "V",
                Case::Snake | Case::ScreamingSnake => "_",
            },
        );
    }
    if case == Case::Snake && UNRAWABLE_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    Some(name)
}

/// Appends what heck's `to_snake_case`, `to_upper_camel_case` or `to_shouty_snake_case`
/// gives for `words` (ASCII alphanumerics separated by spaces, as [`cased`] builds them),
/// without heck's per-character formatting, except that [`KNOWN_WORDS`] stay whole
/// (`OAuth2Token`: `oauth2_token` where heck gives `o_auth2_token`).
///
/// heck splits words at non-alphanumerics, then inside a word before an uppercase letter
/// that follows a lowercase one (digits keep the case of what precedes them), and before the
/// last of several uppercase letters when a lowercase one follows (`XMLHttp`: `XML|Http`).
/// Wherever a word starts, a known word is looked for first.
fn heck_ascii(words: &[u8], case: Case, out: &mut Vec<u8>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let mut first_word = true;
    let mut emit = |word: &[u8], out: &mut Vec<u8>| {
        if first_word {
            first_word = false;
        } else if case != Case::UpperCamel {
            out.push(b'_');
        }
        match case {
            Case::Snake => out.extend(word.iter().map(u8::to_ascii_lowercase)),
            Case::ScreamingSnake => out.extend(word.iter().map(u8::to_ascii_uppercase)),
            Case::UpperCamel => {
                if let Some((head, tail)) = word.split_first() {
                    out.push(head.to_ascii_uppercase());
                    out.extend(tail.iter().map(u8::to_ascii_lowercase));
                }
            }
        }
    };
    for word in words.split(|b| !b.is_ascii_alphanumeric()) {
        let mut init = 0;
        let mut mode = Mode::Boundary;
        let mut i = 0;
        while let Some(&c) = word.get(i) {
            if i == init {
                if let Some(end) = known_word_end(word, i) {
                    emit(word.get(i..end).unwrap_or_default(), out);
                    i = end;
                    init = end;
                    mode = Mode::Boundary;
                    continue;
                }
            }
            let Some(&next) = word.get(i + 1) else {
                emit(word.get(init..).unwrap_or_default(), out);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                emit(word.get(init..=i).unwrap_or_default(), out);
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                emit(word.get(init..i).unwrap_or_default(), out);
                init = i;
                mode = Mode::Boundary;
                // A word starts at `i`: look at it again, for a known word. With the mode at
                // Boundary this branch is not taken twice, and heck's split is unchanged (the
                // next character is lowercase, so only the first branch can split there).
                continue;
            } else {
                mode = next_mode;
            }
            i += 1;
        }
    }
}

/// Where the [`KNOWN_WORDS`] entry that starts `word[start..]` ends (after any digits that
/// follow it), when the text after it starts a new word; `None` otherwise.
fn known_word_end(word: &[u8], start: usize) -> Option<usize> {
    let rest = word.get(start..)?;
    // Most words start with a letter no known word starts with.
    let first = rest.first()?.to_ascii_lowercase();
    if !first.is_ascii_lowercase() || KNOWN_INITIALS & (1 << (first - b'a')) == 0 {
        return None;
    }
    KNOWN_WORDS.iter().find_map(|known| {
        let matched = rest.get(..known.len())?;
        if !matched.eq_ignore_ascii_case(known.as_bytes()) {
            return None;
        }
        let mut end = start + known.len();
        while word.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        match word.get(end) {
            None => Some(end),
            // The word goes on (`OAuthority`).
            Some(next) if next.is_ascii_lowercase() => None,
            // Written in capitals only, the match says nothing about where the word ends
            // (`IOSTREAM`), unless a capitalized word follows (`GZIPCompressed`).
            Some(_) if !matched.iter().any(u8::is_ascii_lowercase) => word
                .get(end + 1)
                .filter(|after| after.is_ascii_lowercase())
                .map(|_| end),
            Some(_) => Some(end),
        }
    })
}

/// Whether `name` is non-empty ASCII `[A-Za-z_][A-Za-z0-9_]*` and not just `_`, i.e. text that
/// [`proc_macro2::Ident::new`] accepts and that is usable as a name.
fn is_plain_ident(name: &str) -> bool {
    /// The bytes an identifier may go on with: ASCII alphanumerics and `_`.
    // Built at compile time over all 256 bytes: no input reaches the indexing, and an index
    // out of range would fail the build, not a run.
    #[allow(clippy::indexing_slicing)]
    const IDENT: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0u8;
        loop {
            table[b as usize] = b.is_ascii_alphanumeric() || b == b'_';
            if b == u8::MAX {
                break table;
            }
            b += 1;
        }
    };
    // Bytes: any byte of a non-ASCII character fails the test as the character would.
    let mut bytes = name.bytes();
    let Some(first) = bytes.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|b| IDENT.get(usize::from(b)).copied().unwrap_or(false))
        && name != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_KEYWORDS: [&str; 53] = [
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
        "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
        "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
        "gen", "_",
    ];

    /// rustc's `is_snake_case` (non_snake_case lint).
    fn is_snake_case(ident: &str) -> bool {
        let ident = ident.trim_matches('_');
        let mut allow_underscore = true;
        ident.chars().all(|c| {
            allow_underscore = match c {
                '_' if !allow_underscore => return false,
                '_' => false,
                c if !c.is_uppercase() => true,
                _ => return false,
            };
            true
        })
    }

    /// rustc's `is_camel_case` (non_camel_case_types lint).
    fn is_camel_case(name: &str) -> bool {
        let name = name.trim_matches('_');
        let chars: Vec<char> = name.chars().collect();
        match chars.first() {
            None => true,
            Some(first) => {
                !first.is_lowercase()
                    && !name.contains("__")
                    && !chars.windows(2).any(|pair| {
                        let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
                        match *pair {
                            [a, b] => (has_case(a) && b == '_') || (has_case(b) && a == '_'),
                            _ => false,
                        }
                    })
            }
        }
    }

    /// rustc's check for non_upper_case_globals.
    fn is_upper_case(name: &str) -> bool {
        !name.chars().any(char::is_lowercase)
    }

    fn lint_ok(name: &str, case: Case) -> bool {
        match case {
            Case::Snake => is_snake_case(name),
            Case::UpperCamel => is_camel_case(name),
            Case::ScreamingSnake => is_upper_case(name),
        }
    }

    fn parses(name: &str) -> bool {
        syn::parse_str::<syn::Ident>(&to_ident(name).to_string()).is_ok()
    }

    const CASES: [Case; 3] = [Case::Snake, Case::UpperCamel, Case::ScreamingSnake];

    fn s(text: &str) -> Option<String> {
        sanitize(text, Case::Snake)
    }
    fn c(text: &str) -> Option<String> {
        sanitize(text, Case::UpperCamel)
    }
    fn u(text: &str) -> Option<String> {
        sanitize(text, Case::ScreamingSnake)
    }
    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn every_keyword_in_every_case_is_usable() {
        for kw in ALL_KEYWORDS {
            for case in CASES {
                let Some(name) = sanitize(kw, case) else {
                    assert_eq!(kw, "_");
                    continue;
                };
                assert!(parses(&name), "{kw:?} in {case:?} gave {name:?}");
                assert!(lint_ok(&name, case), "{kw:?} in {case:?} gave {name:?}");
                assert_ne!(to_ident(&name), "field", "{kw:?} in {case:?}");
            }
        }
    }

    #[test]
    fn snake_keywords_stay_plain_text_and_become_raw_idents() {
        for &kw in RAW_KEYWORDS {
            assert_eq!(s(kw).as_deref(), Some(kw));
            assert_eq!(to_ident(kw).to_string(), format!("r#{kw}"));
        }
        assert_eq!(to_ident("type").to_string(), "r#type");
    }

    #[test]
    fn weak_keywords_are_plain_idents() {
        for kw in ["union", "macro_rules", "raw", "safe", "default", "auto"] {
            assert_eq!(to_ident(kw).to_string(), kw);
        }
    }

    #[test]
    fn unrawable_keywords_are_renamed() {
        assert_eq!(s("self"), some("self_"));
        assert_eq!(s("Self"), some("self_"));
        assert_eq!(s("super"), some("super_"));
        assert_eq!(s("crate"), some("crate_"));
        assert_eq!(s("_"), None);
        assert_eq!(c("self"), some("SelfType"));
        assert_eq!(c("Self"), some("SelfType"));
        assert_eq!(c("super"), some("Super"));
        assert_eq!(c("crate"), some("Crate"));
        assert_eq!(c("_"), None);
        assert_eq!(u("self"), some("SELF"));
        assert_eq!(u("super"), some("SUPER"));
        assert_eq!(u("_"), None);
        assert_eq!(sanitize_variant("Self"), some("SelfValue"));
        assert_eq!(sanitize_type("self"), some("SelfType"));
    }

    #[test]
    fn the_shortcuts_see_every_keyword_and_known_word() {
        for keyword in RAW_KEYWORDS {
            assert!(could_be_raw_keyword(keyword), "{keyword}");
        }
        for known in KNOWN_WORDS {
            let first = known.as_bytes()[0];
            assert!(first.is_ascii_alphabetic(), "{known}");
            let bit = 1 << (first.to_ascii_lowercase() - b'a');
            assert_ne!(KNOWN_INITIALS & bit, 0, "{known}");
            assert_eq!(
                known_word_end(known.as_bytes(), 0),
                Some(known.len()),
                "{known}"
            );
        }
    }

    #[test]
    fn ident_text_is_the_text_of_to_ident() {
        let mut names: Vec<String> = [
            "", "_", "a", "type", "r#type", "self", "Self", "super", "crate", "async", "Default",
            "9x", "a-b", "é", "x_1", "match", "union", "gen", "try", "dyn", "abstract",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        names.extend(RAW_KEYWORDS.iter().map(|s| (*s).to_owned()));
        names.extend(UNRAWABLE_KEYWORDS.iter().map(|s| (*s).to_owned()));
        for name in names {
            assert_eq!(ident_text(&name), to_ident(&name).to_string(), "{name:?}");
        }
    }

    #[test]
    fn to_ident_never_panics_on_unsanitized_text() {
        for bad in [
            "", "_", "1abc", "a-b", "r#type", "用户", "a b", "\0", "self", "Self",
        ] {
            let ident = to_ident(bad);
            assert!(
                syn::parse_str::<syn::Ident>(&ident.to_string()).is_ok(),
                "{bad:?}"
            );
        }
        assert_eq!(to_ident("self"), "self_");
        assert_eq!(to_ident("Self"), "Self_");
        assert_eq!(to_ident("1abc"), "field");
        assert_eq!(to_ident("_"), "field");
        assert_eq!(to_ident("__"), "__");
    }

    #[test]
    fn leading_digit_in_each_case() {
        assert_eq!(s("2fa enabled"), some("_2fa_enabled"));
        assert_eq!(c("2fa enabled"), some("V2faEnabled"));
        assert_eq!(u("2fa enabled"), some("_2FA_ENABLED"));
        assert_eq!(c("1"), some("V1"));
        assert_eq!(c("2fa"), some("V2fa"));
        assert_eq!(s("1"), some("_1"));
        assert_eq!(u("1"), some("_1"));
        assert_eq!(s("  42 things"), some("_42_things"));
    }

    #[test]
    fn empty_whitespace_and_punctuation_give_none() {
        for text in ["", "   ", "\t\n\r ", "!@#$%^&*()", "___", "-_-", "'’‘`"] {
            for case in CASES {
                assert_eq!(sanitize(text, case), None, "{text:?} {case:?}");
            }
        }
        assert_eq!(sanitize_or("", Case::Snake, "field"), "field");
        assert_eq!(sanitize_or("!!", Case::UpperCamel, "Value"), "Value");
        assert_eq!(sanitize_or("id", Case::Snake, "field"), "id");
    }

    #[test]
    fn chinese_only_gives_none() {
        for case in CASES {
            assert_eq!(sanitize("创建用户", case), None);
        }
        assert_eq!(sanitize_variant("创建用户"), None);
        assert_eq!(sanitize_type("创建用户"), None);
    }

    #[test]
    fn mixed_chinese_and_ascii_keeps_ascii_words() {
        assert_eq!(s("Get 用户 list"), some("get_list"));
        assert_eq!(c("Get 用户 list"), some("GetList"));
        assert_eq!(u("Get用户list"), some("GET_LIST"));
        assert_eq!(s("café latte"), some("caf_latte"));
    }

    #[test]
    fn prelude_names_get_type_suffix_only_as_types() {
        for name in [
            "Option",
            "Result",
            "String",
            "Box",
            "Vec",
            "Some",
            "None",
            "Ok",
            "Err",
            "Send",
            "Sync",
            "Sized",
            "Copy",
            "Clone",
            "Default",
            "Drop",
            "Fn",
            "FnMut",
            "FnOnce",
            "Iterator",
            "ToString",
            "ToOwned",
            "Into",
            "From",
            "Eq",
            "PartialEq",
            "Ord",
            "PartialOrd",
            "Debug",
            "Hash",
        ] {
            assert_eq!(sanitize_type(name), Some(format!("{name}Type")), "{name}");
            assert_eq!(sanitize_variant(name).as_deref(), Some(name), "{name}");
            assert_eq!(c(name).as_deref(), Some(name), "{name}");
        }
        assert_eq!(sanitize_type("result"), some("ResultType"));
        assert_eq!(sanitize_type("user"), some("User"));
        assert_eq!(sanitize_type("option list"), some("OptionList"));
    }

    /// Names a person would write (issue 15, item 4): input → snake case, UpperCamel case.
    #[rustfmt::skip]
    const NAME_TABLE: &[(&str, &str, &str)] = &[
        ("GZip compressed response", "gzip_compressed_response", "GzipCompressedResponse"),
        ("GZipCompressedResponse", "gzip_compressed_response", "GzipCompressedResponse"),
        ("OAuth1.0 Verify Signature", "oauth1_0_verify_signature", "Oauth10VerifySignature"),
        ("LeMUR", "lemur", "Lemur"),
        ("leMur", "lemur", "Lemur"),
        ("Run a task using LeMUR", "run_a_task_using_lemur", "RunATaskUsingLemur"),
        ("OAuth2Token", "oauth2_token", "Oauth2Token"),
        ("getOAuth1BaseUrl", "get_oauth1_base_url", "GetOauth1BaseUrl"),
        ("getIPv4Address", "get_ipv4_address", "GetIpv4Address"),
        ("iOSDevices", "ios_devices", "IosDevices"),
        ("macOSVersion", "macos_version", "MacosVersion"),
        ("GraphQLQuery", "graphql_query", "GraphqlQuery"),
        ("XMLGraphQL", "xml_graphql", "XmlGraphql"),
        ("iPadOSUpdate", "ipados_update", "IpadosUpdate"),
        // Plain words in capitals keep heck's casing.
        ("HTTPServer", "http_server", "HttpServer"),
        ("XMLHttpRequest", "xml_http_request", "XmlHttpRequest"),
        ("userID", "user_id", "UserId"),
        ("v2.1", "v2_1", "V21"),
        ("ABC", "abc", "Abc"),
        ("OAUTH_TOKEN", "oauth_token", "OauthToken"),
        ("GZIPCompressed", "gzip_compressed", "GzipCompressed"),
        // A known word only where one starts and ends.
        ("OAuthority", "o_authority", "OAuthority"),
        ("linkedInvoice", "linked_invoice", "LinkedInvoice"),
        ("IOSTREAM", "iostream", "Iostream"),
        ("ipAddress", "ip_address", "IpAddress"),
        ("IPAddress", "ip_address", "IpAddress"),
        ("iosevka", "iosevka", "Iosevka"),
    ];

    #[test]
    fn names_read_as_a_person_writes_them() {
        for &(text, snake, camel) in NAME_TABLE {
            assert_eq!(s(text).as_deref(), Some(snake), "{text:?}");
            assert_eq!(c(text).as_deref(), Some(camel), "{text:?}");
            assert_eq!(
                u(text).as_deref(),
                Some(snake.to_ascii_uppercase().as_str()),
                "{text:?}"
            );
            // Idempotent: a generated name sanitizes to itself.
            assert_eq!(s(snake).as_deref(), Some(snake), "{text:?}");
            assert_eq!(c(camel).as_deref(), Some(camel), "{text:?}");
        }
    }

    #[test]
    fn joined_and_unique_names_stay_within_the_limit() {
        assert_eq!(join("GetUser", "Options"), "GetUserOptions");
        let head = "ListEveryWebinarRegistrantQuestionOfAnAccountInTheOrder";
        let joined = join(head, "ResponseQuestionDetailsItem");
        assert_eq!(
            joined,
            "ListEveryWebinarRegistrantQuestionOfResponseQuestionDetailsItem"
        );
        assert!(joined.len() <= MAX_LEN);
        let long = "A".repeat(40) + &"Bc".repeat(40);
        for tail in ["Options", "Error", &long] {
            let name = join(&long, tail);
            assert!(name.len() <= MAX_LEN && is_camel_case(&name), "{name}");
        }
        let mut names = UniqueNames::new();
        let snake = "word_".repeat(12) + "last";
        assert!(snake.len() == MAX_LEN);
        assert_eq!(names.unique(&snake, Case::Snake), snake);
        let second = names.unique(&snake, Case::Snake);
        assert!(
            second.len() <= MAX_LEN && second.ends_with("_2"),
            "{second}"
        );
        assert!(is_snake_case(&second));
        let camel = "Word".repeat(16);
        assert_eq!(names.unique(&camel, Case::UpperCamel), camel);
        let second = names.unique(&camel, Case::UpperCamel);
        assert!(second.len() <= MAX_LEN && second.ends_with('2'), "{second}");
        let over = "Word".repeat(20);
        let capped = names.unique(&over, Case::UpperCamel);
        assert!(capped.len() <= MAX_LEN && capped != camel, "{capped}");
        for _ in 0..200 {
            let name = names.unique(&camel, Case::UpperCamel);
            assert!(name.len() <= MAX_LEN, "{name}");
        }
    }

    #[test]
    fn apostrophes_are_dropped_not_split() {
        assert_eq!(
            s("Revoke a user's SSO token"),
            some("revoke_a_users_sso_token")
        );
        assert_eq!(
            s("Update a user's password"),
            some("update_a_users_password")
        );
        assert_eq!(
            s("Update a user’s password"),
            some("update_a_users_password")
        );
        assert_eq!(s("a ‘quoted’ `tick` name"), some("a_quoted_tick_name"));
        assert_eq!(c("Revoke a user's SSO token"), some("RevokeAUsersSsoToken"));
        assert_eq!(u("user's id"), some("USERS_ID"));
    }

    #[test]
    fn camel_case_input_splits() {
        assert_eq!(c("autoCreate"), some("AutoCreate"));
        assert_eq!(s("autoCreate"), some("auto_create"));
        assert_eq!(c("ssoCreate"), some("SsoCreate"));
        assert_eq!(s("userId"), some("user_id"));
        assert_eq!(u("userId"), some("USER_ID"));
        assert_eq!(s("HTTPStatus"), some("http_status"));
        assert_eq!(c("HTTPStatus"), some("HttpStatus"));
    }

    #[test]
    fn double_underscores_collapse_and_trim() {
        assert_eq!(s("__double"), some("double"));
        assert_eq!(c("__double"), some("Double"));
        assert_eq!(s("a__b"), some("a_b"));
        assert_eq!(c("a__b"), some("AB"));
        assert_eq!(s("trailing__"), some("trailing"));
        assert_eq!(u("x - - y"), some("X_Y"));
    }

    #[test]
    fn nul_and_bidi_controls_are_stripped() {
        assert_eq!(s("user\0id"), some("user_id"));
        assert_eq!(s("\u{202E}evil\u{202C}"), some("evil"));
        assert_eq!(c("a\u{202E}b"), some("AB"));
        assert_eq!(s("\u{200B}\u{FEFF}"), None);
    }

    #[test]
    fn very_long_input_is_fast() {
        let start = std::time::Instant::now();
        let long = "abcDef ghi'j 用户 _- ".repeat(1 << 16);
        assert!(long.len() >= 1 << 20);
        for case in CASES {
            let name = sanitize(&long, case).unwrap_or_default();
            assert!(lint_ok(&name, case));
            assert!(parses(&name));
        }
        let digits = "9".repeat(1 << 20);
        assert_eq!(c(&digits).map(|n| n.len()), Some(MAX_LEN));
        assert_eq!(s(&digits).map(|n| n.len()), Some(MAX_LEN));
        let words = "word ".repeat(1 << 18);
        let snake = sanitize(&words, Case::Snake).unwrap_or_default();
        assert!(snake.len() <= MAX_LEN && snake.ends_with("word"), "{snake}");
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn sweep_of_odd_strings_is_valid_and_lint_clean() {
        let pieces = [
            "",
            " ",
            "_",
            "__",
            "a",
            "A",
            "1",
            "9z",
            "Z9",
            "é",
            "用户",
            "'",
            "’",
            "`",
            "-",
            ".",
            "\0",
            "\u{202E}",
            "\u{1F600}",
            "type",
            "self",
            "Self",
            "crate",
            "super",
            "gen",
            "HTTP",
            "Status",
            "iOS",
            "x_y",
            "ID",
            "2FA",
            "\t",
            "r#",
            "#",
            "::",
            "<>",
            "Option",
            "None",
        ];
        let mut count = 0;
        for a in pieces {
            for b in pieces {
                for mid in ["", " ", "_"] {
                    let text = format!("{a}{mid}{b}");
                    let results = [
                        (sanitize(&text, Case::Snake), Case::Snake),
                        (sanitize(&text, Case::UpperCamel), Case::UpperCamel),
                        (sanitize(&text, Case::ScreamingSnake), Case::ScreamingSnake),
                        (sanitize_variant(&text), Case::UpperCamel),
                        (sanitize_type(&text), Case::UpperCamel),
                    ];
                    for (name, case) in results {
                        let Some(name) = name else { continue };
                        count += 1;
                        assert!(is_plain_ident(&name), "{text:?} {case:?} -> {name:?}");
                        assert!(lint_ok(&name, case), "{text:?} {case:?} -> {name:?}");
                        let ident = to_ident(&name);
                        assert!(parses(&name), "{text:?} {case:?} -> {ident}");
                        assert_ne!(ident, "field", "{text:?} {case:?} -> {name:?}");
                        assert!(!UNRAWABLE_KEYWORDS.contains(&name.as_str()));
                    }
                }
            }
        }
        assert!(count > 1000);
    }

    #[test]
    fn sanitize_is_idempotent() {
        for text in [
            "Revoke a user's SSO token",
            "2fa",
            "self",
            "type",
            "HTTPStatus",
        ] {
            for case in CASES {
                let once = sanitize_or(text, case, "x");
                assert_eq!(sanitize_or(&once, case, "y"), once, "{text:?} {case:?}");
            }
        }
    }

    #[test]
    fn heck_ascii_matches_heck() {
        use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
        let pieces = [
            "",
            " ",
            "  ",
            "a",
            "A",
            "1",
            "ab",
            "AB",
            "Ab",
            "aB",
            "a1",
            "A1",
            "1a",
            "1A",
            "XMLHttp",
            "HTTPStatus",
            "userId",
            "iOS",
            "ID",
            "2FA",
            "x9Y",
            "Z9z",
            "abcDef",
            "ABCdef",
            "aBC",
        ];
        let heck_ascii = |text: &str, case: Case| {
            let mut out = Vec::new();
            super::heck_ascii(text.as_bytes(), case, &mut out);
            String::from_utf8(out).unwrap()
        };
        let check = |text: &str| {
            // Known words are where the sanitizer means to differ from heck (`iOS`: `ios`,
            // not `i_os`); the name table checks them.
            if has_known_word(text) {
                return;
            }
            assert_eq!(
                heck_ascii(text, Case::Snake),
                text.to_snake_case(),
                "{text:?}"
            );
            assert_eq!(
                heck_ascii(text, Case::UpperCamel),
                text.to_upper_camel_case(),
                "{text:?}"
            );
            assert_eq!(
                heck_ascii(text, Case::ScreamingSnake),
                text.to_shouty_snake_case(),
                "{text:?}"
            );
        };
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    check(&format!("{a}{b}{c}"));
                    check(&format!("{a} {b}{c}"));
                    check(&format!("{a}{b} {c}"));
                }
            }
        }
        // Every string of up to 6 characters over a small alphabet.
        let alphabet = [b'a', b'B', b'c', b'D', b'1', b' '];
        let mut text = Vec::new();
        for len in 0..=6u32 {
            for mut n in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % alphabet.len()]);
                    n /= alphabet.len();
                }
                check(std::str::from_utf8(&text).unwrap());
            }
        }
    }

    /// Whether `text` holds one of [`KNOWN_WORDS`] in any case: the one place the sanitizer
    /// parts from heck on purpose.
    fn has_known_word(text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        KNOWN_WORDS
            .iter()
            .any(|known| lower.contains(&known.to_ascii_lowercase()))
    }

    /// `cased` as it was written over heck, to check the direct version against.
    fn cased_with_heck(text: &str, case: Case) -> Option<String> {
        use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
        let mut words = String::with_capacity(text.len());
        for c in text.chars() {
            if APOSTROPHES.contains(&c) {
                continue;
            }
            if c.is_ascii_alphanumeric() {
                words.push(c);
            } else if !words.ends_with(' ') {
                words.push(' ');
            }
        }
        let raw = match case {
            Case::Snake => words.to_snake_case(),
            Case::UpperCamel => words.to_upper_camel_case(),
            Case::ScreamingSnake => words.to_shouty_snake_case(),
        };
        let mut name = String::with_capacity(raw.len() + 1);
        for c in raw.chars() {
            if c == '_' {
                if !name.is_empty() && !name.ends_with('_') {
                    name.push('_');
                }
            } else if c.is_ascii_alphanumeric() {
                name.push(c);
            }
        }
        let max = if name.starts_with(|c: char| c.is_ascii_digit()) {
            MAX_LEN - 1
        } else {
            MAX_LEN
        };
        if name.len() > max {
            let cut = name
                .get(..max)
                .and_then(|head| head.rfind('_').filter(|&i| i >= max / 2))
                .unwrap_or(max);
            name.truncate(cut);
        }
        while name.ends_with('_') {
            name.pop();
        }
        let first = name.chars().next()?;
        if first.is_ascii_digit() {
            name.insert_str(
                0,
                match case {
                    Case::UpperCamel => "V",
                    Case::Snake | Case::ScreamingSnake => "_",
                },
            );
        }
        if case == Case::Snake && UNRAWABLE_KEYWORDS.contains(&name.as_str()) {
            name.push('_');
        }
        Some(name)
    }

    #[test]
    fn cased_matches_the_heck_version() {
        let pieces = [
            "",
            " ",
            "_",
            "__",
            "a",
            "A",
            "1",
            "9z",
            "Z9",
            "é",
            "用户",
            "'",
            "’",
            "‘",
            "ʼ",
            "`",
            "-",
            ".",
            "\0",
            "\u{202E}",
            "\u{1F600}",
            "type",
            "self",
            "Self",
            "crate",
            "super",
            "HTTP",
            "Status",
            "iOS",
            "x_y",
            "ID",
            "2FA",
            "\t",
            "r#",
            "XMLHttp",
            "userId",
            "a'b",
            "Get a user's",
            "ABCdef",
        ];
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for mid in ["", " ", "_", "'"] {
                    texts.push(format!("{a}{mid}{b}"));
                }
            }
        }
        texts.push("abcDef ghi'j 用户 _- ".repeat(20));
        texts.push("word ".repeat(40));
        texts.push("9".repeat(100));
        texts.push(format!("{}Tail", "A".repeat(70)));
        texts.push(format!("{}_x", "ab".repeat(40)));
        // Random strings over a small alphabet with every kind of character.
        let alphabet = [
            'a', 'Z', 'q', 'B', '3', '0', ' ', '_', '\'', '’', 'é', '-', '用',
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 59) as usize;
            let mut text = String::new();
            for _ in 0..len {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            texts.push(text);
        }
        for text in texts.iter().filter(|text| !has_known_word(text)) {
            for case in CASES {
                assert_eq!(
                    cased(text, case),
                    cased_with_heck(text, case),
                    "{text:?} {case:?}"
                );
            }
        }
    }

    #[test]
    fn unique_names_suffix_collisions() {
        let mut names = UniqueNames::new();
        assert_eq!(names.unique("name", Case::Snake), "name");
        assert_eq!(names.unique("name", Case::Snake), "name_2");
        assert_eq!(names.unique("name", Case::Snake), "name_3");
        assert_eq!(names.unique("Name", Case::UpperCamel), "Name");
        assert_eq!(names.unique("Name", Case::UpperCamel), "Name2");
        assert_eq!(names.unique("NAME", Case::ScreamingSnake), "NAME");
        assert_eq!(names.unique("NAME", Case::ScreamingSnake), "NAME_2");
    }

    #[test]
    fn unique_names_avoid_reserved() {
        let mut names = UniqueNames::new();
        names.reserve("Client");
        assert!(names.contains("Client"));
        assert_eq!(names.unique("Client", Case::UpperCamel), "Client2");
        assert_eq!(names.unique("Client", Case::UpperCamel), "Client3");
    }

    #[test]
    fn unique_names_suffixed_name_colliding_with_real_name() {
        let mut names = UniqueNames::new();
        assert_eq!(names.unique("name_2", Case::Snake), "name_2");
        assert_eq!(names.unique("name", Case::Snake), "name");
        assert_eq!(names.unique("name", Case::Snake), "name_3");
        assert_eq!(names.unique("name_2", Case::Snake), "name_2_2");
        assert_eq!(names.unique("name_3", Case::Snake), "name_3_2");

        let mut names = UniqueNames::new();
        assert_eq!(names.unique("name", Case::Snake), "name");
        assert_eq!(names.unique("name", Case::Snake), "name_2");
        // A real name equal to an earlier suffixed one must still come out unique.
        assert_eq!(names.unique("name_2", Case::Snake), "name_2_2");
    }

    #[test]
    fn unique_names_keep_lint_clean_suffixes() {
        let mut names = UniqueNames::new();
        assert_eq!(names.unique("self_", Case::Snake), "self_");
        assert_eq!(names.unique("self_", Case::Snake), "self_2");
        assert!(is_snake_case("self_2"));
        assert_eq!(names.unique("V1", Case::UpperCamel), "V1");
        assert_eq!(names.unique("V1", Case::UpperCamel), "V12");
    }

    #[test]
    fn unique_names_many_identical_is_linear() {
        let start = std::time::Instant::now();
        let mut names = UniqueNames::new();
        let mut all = BTreeSet::new();
        for _ in 0..100_000 {
            assert!(all.insert(names.unique("item", Case::Snake)));
        }
        assert!(all.contains("item_100000"));
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
    }
}
