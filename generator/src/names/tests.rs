//! The sanitizers' and `UniqueNames`' tests.

use super::*;

const ALL_KEYWORDS: [&str; 53] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "_",
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
        "", "_", "a", "type", "r#type", "self", "Self", "super", "crate", "async", "Default", "9x",
        "a-b", "é", "x_1", "match", "union", "gen", "try", "dyn", "abstract",
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
    // The same cut, prefix and keyword rule: what is checked here is the casing.
    super::finish(name, case)
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
