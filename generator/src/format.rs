//! The one formatting step: tokens become text with prettyplease, under an `@generated` header.
//!
//! The module is formatted item by item as it is emitted ([`Writer`]), so memory holds the text
//! so far plus one item's tokens and syntax tree, never the syntax tree of the whole module: a
//! collection with 100,000 requests costs its output text, not a hundred times that.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};

/// Formats generated tokens as a Rust source file stamped with the source collection's name.
pub fn format(tokens: TokenStream, source: &str) -> Result<String> {
    let mut writer = Writer::new(source);
    writer.items(tokens);
    writer.finish()
}

/// What encloses the items being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// An inline `mod name { ... }`.
    Module,
    /// An `impl Type { ... }` block: its items are methods and constants.
    Impl,
}

/// The line that stands for a container's contents while its header is formatted.
const SPLIT_LINE: &str = "const __PCG_SPLIT: () = ();";

/// An open container: how to close it, and how to print it if nothing was written inside.
struct Open {
    scope: Scope,
    /// The text after the contents: the closing brace, indented.
    suffix: String,
    /// Where the container's header starts in the output.
    start: usize,
    /// Where its contents start in the output.
    contents: usize,
    /// The container with empty contents, printed instead when nothing was written inside.
    empty: TokenStream,
}

/// Writes a formatted module one item at a time.
///
/// Each item is formatted on its own, wrapped in as many placeholder containers as it is
/// nested deep so that prettyplease breaks its lines at the same columns as it would in place;
/// the placeholder lines are then cut off. The first error is kept and returned by
/// [`Writer::finish`]; later calls do nothing.
pub struct Writer {
    source: String,
    out: String,
    open: Vec<Open>,
    error: Option<Error>,
}

impl Writer {
    /// A writer for the module generated from `source` (the name stamped into the header).
    pub fn new(source: &str) -> Self {
        Writer {
            source: source.to_owned(),
            out: header(source),
            open: Vec::new(),
            error: None,
        }
    }

    /// A writer for text that follows another writer's (no header).
    pub fn continuation(source: &str) -> Self {
        Writer {
            out: String::new(),
            ..Writer::new(source)
        }
    }

    /// Writes items (in an [`Scope::Impl`], methods) at the current position.
    pub fn items(&mut self, tokens: TokenStream) {
        if self.error.is_some() || tokens.is_empty() {
            return;
        }
        match self.format_nested(tokens) {
            Ok(text) => self.out.push_str(&text),
            Err(error) => self.error = Some(error),
        }
    }

    /// Opens a container; `container` builds it around the contents it is given, which must be
    /// its last items. Everything written until the matching [`Writer::close`] goes inside.
    pub fn open(&mut self, scope: Scope, container: impl Fn(TokenStream) -> TokenStream) {
        if self.error.is_some() {
            return;
        }
        let split = quote!(const __PCG_SPLIT: () = (););
        let start = self.out.len();
        let text = match self.format_nested(container(split)) {
            Ok(text) => text,
            Err(error) => {
                self.error = Some(error);
                return;
            }
        };
        // The split line is the container's last item; the rest of the line ends it.
        let mut offset = 0;
        let mut found = None;
        for line in text.split_inclusive('\n') {
            if line.trim() == SPLIT_LINE {
                found = Some((offset, offset + line.len()));
            }
            offset += line.len();
        }
        let Some((line_start, line_end)) = found else {
            self.error = Some(self.internal("a container's contents could not be located"));
            return;
        };
        self.out.push_str(text.get(..line_start).unwrap_or_default());
        self.open.push(Open {
            scope,
            suffix: text.get(line_end..).unwrap_or_default().to_owned(),
            start,
            contents: self.out.len(),
            empty: container(TokenStream::new()),
        });
    }

    /// Closes the innermost container.
    pub fn close(&mut self) {
        if self.error.is_some() {
            return;
        }
        let Some(open) = self.open.pop() else {
            self.error = Some(self.internal("a container was closed twice"));
            return;
        };
        if self.out.len() == open.contents {
            // Nothing inside: print it as prettyplease would, on one line.
            self.out.truncate(open.start);
            self.items(open.empty);
        } else {
            self.out.push_str(&open.suffix);
        }
    }

    /// The formatted module, or the first error.
    pub fn finish(self) -> Result<String> {
        match self.error {
            Some(error) => Err(error),
            None if !self.open.is_empty() => Err(Error::Internal {
                file: self.source,
                message: "a container was left open".to_owned(),
            }),
            None => Ok(self.out),
        }
    }

    fn internal(&self, message: &str) -> Error {
        Error::Internal {
            file: self.source.clone(),
            message: message.to_owned(),
        }
    }

    /// Formats `tokens` as if they stood inside the open containers.
    fn format_nested(&self, tokens: TokenStream) -> Result<String> {
        let mut wrapped = tokens;
        for open in self.open.iter().rev() {
            wrapped = match open.scope {
                Scope::Module => quote!(mod __pcg { #wrapped }),
                Scope::Impl => quote!(impl __Pcg { #wrapped }),
            };
        }
        let file: syn::File = syn::parse2(wrapped).map_err(|e| {
            self.internal(&format!(
                "generated code does not parse ({e}); please report this with the collection"
            ))
        })?;
        let text = prettyplease::unparse(&file);
        drop(file);
        let depth = self.open.len();
        if depth == 0 {
            return Ok(text);
        }
        // Cut the wrappers' opening lines and closing braces.
        let mut start = 0;
        for _ in 0..depth {
            match text.get(start..).and_then(|rest| rest.find('\n')) {
                Some(newline) => start += newline + 1,
                None => return Err(self.internal("formatted item lost its wrappers")),
            }
        }
        let mut end = text.len();
        for _ in 0..depth {
            let body = text.get(..end).unwrap_or_default();
            let body = body.strip_suffix('\n').unwrap_or(body);
            match body.rfind('\n') {
                Some(newline) if body.get(newline + 1..).map(str::trim) == Some("}") => {
                    end = newline + 1;
                }
                _ => return Err(self.internal("formatted item lost its wrappers")),
            }
        }
        if end < start {
            return Err(self.internal("formatted item lost its wrappers"));
        }
        Ok(text.get(start..end).unwrap_or_default().to_owned())
    }
}

/// The `@generated` line; the source name is cleaned so it cannot end the comment line.
pub fn header(source: &str) -> String {
    let source: String = source
        .chars()
        .map(|c| {
            // Controls would end the comment line; bidi overrides would hide what follows.
            let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!(
        "// @generated by postman-codegen {} from {source}.\n// Do not edit by hand: change the collection and regenerate.\n\n",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items written one by one inside containers print exactly as the whole file would.
    #[test]
    fn item_by_item_equals_whole_file() {
        let long = "x".repeat(70);
        let whole = quote! {
            /// A module.
            pub mod outer {
                use super::*;
                pub struct Handle<'a> { client: &'a str }
                impl<'a> Handle<'a> {
                    /// Long enough to wrap at this depth.
                    pub fn method(&self, first_argument: &str, second_argument: &str) -> ::std::result::Result<(), ::std::string::String> {
                        let text = ::std::format!("{} {} {}", first_argument, second_argument, #long);
                        ::std::result::Result::Ok(())
                    }
                    pub fn other(&self) {}
                }
                pub mod inner {
                    pub enum E { A, B }
                }
            }
            pub struct After;
        };
        let expected = format!("{}{}", header("x.json"), prettyplease::unparse(&syn::parse2(whole).unwrap()));

        let mut w = Writer::new("x.json");
        w.open(Scope::Module, |inner| quote! {
            /// A module.
            pub mod outer { use super::*; #inner }
        });
        w.items(quote!(pub struct Handle<'a> { client: &'a str }));
        w.open(Scope::Impl, |inner| quote!(impl<'a> Handle<'a> { #inner }));
        w.items(quote! {
            /// Long enough to wrap at this depth.
            pub fn method(&self, first_argument: &str, second_argument: &str) -> ::std::result::Result<(), ::std::string::String> {
                let text = ::std::format!("{} {} {}", first_argument, second_argument, #long);
                ::std::result::Result::Ok(())
            }
        });
        w.items(quote!(pub fn other(&self) {}));
        w.close();
        w.open(Scope::Module, |inner| quote!(pub mod inner { #inner }));
        w.items(quote!(pub enum E { A, B }));
        w.close();
        w.close();
        w.items(quote!(pub struct After;));
        assert_eq!(w.finish().unwrap(), expected);
    }

    #[test]
    fn empty_container_prints_on_one_line() {
        let mut w = Writer::continuation("x.json");
        w.open(Scope::Impl, |inner| quote!(impl Handle { #inner }));
        w.close();
        assert_eq!(w.finish().unwrap(), "impl Handle {}\n");
    }

    #[test]
    fn unbalanced_or_invalid_input_is_an_internal_error() {
        let mut w = Writer::new("x.json");
        w.open(Scope::Module, |inner| quote!(mod m { #inner }));
        assert!(matches!(w.finish(), Err(Error::Internal { .. })));

        let mut w = Writer::new("x.json");
        w.close();
        assert!(matches!(w.finish(), Err(Error::Internal { .. })));

        let mut w = Writer::new("x.json");
        w.items(quote!(fn ));
        w.items(quote!(pub struct Fine;));
        match w.finish() {
            Err(Error::Internal { file, message }) => {
                assert_eq!(file, "x.json");
                assert!(message.contains("does not parse"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
