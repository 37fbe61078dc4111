//! TEMPORARY stand-in until the real sanitizer lands.
/// Temporary.
pub fn to_rustdoc(text: &str) -> String {
    text.replace("<br>", "\n\n")
        .replace(['<', '>', '[', ']'], "")
}
/// Temporary.
pub fn to_rustdoc_inline(text: &str) -> String {
    to_rustdoc(text).replace('\n', " ")
}
