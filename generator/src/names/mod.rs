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
    let mut raw = Vec::with_capacity(words.len() + words.len() / 2);
    heck_ascii(&words, case, &mut raw);
    // The words are non-empty ASCII alphanumerics joined by single `_` (or nothing), so
    // the name has no doubled, leading or trailing underscores to clean up.
    let name = String::from_utf8(raw).unwrap_or_default();
    finish(name, case)
}

/// A cased name made an identifier: cut to [`MAX_LEN`], trailing underscores dropped,
/// digit-prefixed, and an unrawable keyword renamed. `None` when nothing is left.
fn finish(mut name: String, case: Case) -> Option<String> {
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
mod tests;
