//! Paged requests: which requests return a list a page at a time, and how the next page is
//! asked for, read from the request's query parameters and its saved responses (their fields
//! and `Link` headers). A paged request gets a `<name>_stream` method; one that looks paged but
//! cannot be streamed is a `paging-not-streamed` diagnostic that says why.

use crate::ir::{
    Arg, CodeSpan, FieldDef, Location, PagingDef, PagingStyle, StructDef, Success, TypeDef, TypeRef,
};
use crate::model::RequestItem;
use crate::names::{Case, UniqueNames};

use super::Lowering;

/// Query parameters that carry a page token (normalized: lower case, no `_`, `-` or `.`).
const TOKEN_QUERIES: &[&str] = &[
    "nextpagetoken",
    "pagetoken",
    "cursor",
    "nextcursor",
    "nexttoken",
    "continuationtoken",
    "pagecursor",
];
/// Response fields that give the next page's token, in order of preference.
const TOKEN_FIELDS: &[&str] = &[
    "nextpagetoken",
    "nextcursor",
    "nexttoken",
    "continuationtoken",
    "pagetoken",
    "cursor",
];
/// Query parameters that carry a page number.
const PAGE_QUERIES: &[&str] = &["page", "pagenumber", "pageno", "pagenum", "pageindex"];
/// Query parameters that carry a page size.
const SIZE_QUERIES: &[&str] = &["pagesize", "perpage", "limit", "size", "pagelimit"];
/// Response fields with the number of pages.
const COUNT_FIELDS: &[&str] = &["pagecount", "totalpages", "numpages", "pages", "lastpage"];
/// Response fields with the number of items on all pages.
const TOTAL_FIELDS: &[&str] = &[
    "totalrecords",
    "totalcount",
    "total",
    "totalitems",
    "totalresults",
    "totalelements",
    "totalentries",
];
/// Response fields with the current page's number.
const CURRENT_FIELDS: &[&str] = &["pagenumber", "page", "currentpage", "pageindex", "pageno"];
/// Query parameters that carry the last item's ID.
const AFTER_QUERIES: &[&str] = &["startingafter", "after"];

/// `text` lower-cased without `_`, `-`, `.` and spaces: `page_size`, `pageSize` and
/// `Page-Size` are one name.
fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first of `query` (query parameters with their [`normalized`] names) whose name is
/// one of `names`, in the order of `names`.
fn query_named<'a>(query: &[(String, &'a Arg)], names: &[&str]) -> Option<&'a Arg> {
    names
        .iter()
        .find_map(|name| query.iter().find(|(wire, _)| wire == name).map(|(_, a)| *a))
}

/// The first of `fields` whose wire name is one of `names`, in the order of `names`.
fn field_named<'a>(fields: &'a [FieldDef], names: &[&str]) -> Option<&'a FieldDef> {
    names
        .iter()
        .find_map(|name| fields.iter().find(|f| normalized(&f.wire) == *name))
}

/// A type without its `Option`.
fn bare(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Optional(inner) => bare(inner),
        other => other,
    }
}

/// What the query parameters say of paging, before the response is read.
struct Hints<'a> {
    token: Option<&'a Arg>,
    page: Option<(&'a Arg, &'a Arg)>,
    after: Option<&'a Arg>,
    link: bool,
}

impl Hints<'_> {
    fn any(&self) -> bool {
        self.token.is_some() || self.page.is_some() || self.after.is_some() || self.link
    }

    /// What makes the request look paged, as the subject of "suggest(s)", for diagnostics.
    fn evidence(&self) -> String {
        if let Some(arg) = self.token.or(self.after) {
            format!("the query parameter `{}` suggests", arg.wire.code())
        } else if let Some((page, size)) = self.page {
            format!(
                "the query parameters `{}` and `{}` suggest",
                page.wire.code(),
                size.wire.code()
            )
        } else {
            "a saved response's `Link` header suggests".to_owned()
        }
    }
}

impl Lowering {
    /// How the request's list is paged, when its query parameters and saved responses show
    /// it; a `paging-not-streamed` diagnostic when it looks paged but cannot be streamed.
    /// `name` is the request method's: the stream and builder names are made from it.
    pub(super) fn paging(
        &mut self,
        item: &RequestItem,
        args: &[Arg],
        success: &Success,
        name: &str,
        method_names: &mut UniqueNames,
        label: Option<&str>,
    ) -> Option<PagingDef> {
        let query: Vec<(String, &Arg)> = args
            .iter()
            .filter(|a| a.location == Location::Query)
            .map(|a| (normalized(&a.wire), a))
            .collect();
        let hints = Hints {
            token: query_named(&query, TOKEN_QUERIES),
            page: query_named(&query, PAGE_QUERIES).zip(query_named(&query, SIZE_QUERIES)),
            after: query_named(&query, AFTER_QUERIES),
            link: documents_next_link(item),
        };
        if !hints.any() {
            return None;
        }
        let found = self.paging_style(item, &hints, success);
        let (style, items, item_type) = match found {
            Ok(found) => found,
            Err(why) => {
                self.diag(
                    "paging-not-streamed",
                    &format!("{}.request.url.query", item.path),
                    label,
                    format!(
                        "{} a paged list, but no `_stream` method is generated: {why}; fetch the pages with the request method",
                        hints.evidence()
                    ),
                );
                return None;
            }
        };
        Some(PagingDef {
            stream: method_names.unique(&format!("{name}_stream"), Case::Snake),
            builder: method_names.unique(&format!("{name}_call"), Case::Snake),
            style,
            items,
            item: item_type,
        })
    }

    /// The paging style, the list's field and the item type, or why there are none.
    fn paging_style(
        &self,
        item: &RequestItem,
        hints: &Hints<'_>,
        success: &Success,
    ) -> Result<(PagingStyle, Option<String>, TypeRef), String> {
        let body = match success {
            Success::Json(ty) => bare(ty),
            Success::ByStatus(_) => {
                return Err("its successful statuses have bodies of different types".to_owned())
            }
            _ => return Err("no saved successful response has a JSON body".to_owned()),
        };
        let (fields, items, item_type) = match body {
            TypeRef::List(inner) => (&[][..], None, (**inner).clone()),
            TypeRef::Named(name) => {
                let Some(def) = self.struct_named(name) else {
                    return Err("the response is not a JSON object or array".to_owned());
                };
                let (field, item_type) = list_field(def, item)?;
                (def.fields.as_slice(), Some(field), item_type)
            }
            other => {
                let kind = match other {
                    TypeRef::String => "a string",
                    TypeRef::Integer | TypeRef::Number => "a number",
                    TypeRef::Boolean => "a boolean",
                    _ => "of no one shape",
                };
                return Err(format!(
                    "the saved successful response's body is {kind}, not an object holding a list nor an array"
                ));
            }
        };
        if hints.link {
            return Ok((PagingStyle::Link, items, item_type));
        }
        let token_field = field_named(fields, TOKEN_FIELDS);
        if let (Some(query), Some(field)) = (hints.token, token_field) {
            let style = PagingStyle::Token {
                query: query.wire.clone(),
                field: field.wire.clone(),
            };
            return Ok((style, items, item_type));
        }
        if let Some(query) = hints.after {
            let has_more = fields
                .iter()
                .find(|f| normalized(&f.wire) == "hasmore" && *bare(&f.ty) == TypeRef::Boolean);
            let id = match &item_type {
                TypeRef::Named(name) => self.struct_named(name).and_then(|def| {
                    def.fields.iter().find(|f| {
                        f.wire == "id" && matches!(f.ty, TypeRef::String | TypeRef::Integer)
                    })
                }),
                _ => None,
            };
            match (has_more, id) {
                (Some(has_more), Some(id)) => {
                    let style = PagingStyle::After {
                        query: query.wire.clone(),
                        has_more: has_more.wire.clone(),
                        id: id.name.clone(),
                    };
                    return Ok((style, items, item_type));
                }
                (None, _) if hints.token.is_none() && hints.page.is_none() => {
                    return Err("the saved response has no boolean `has_more` field".to_owned())
                }
                (Some(_), None) if hints.token.is_none() && hints.page.is_none() => {
                    return Err(
                        "the list's items have no `id` field (text or number) to continue after"
                            .to_owned(),
                    )
                }
                _ => {}
            }
        }
        if let Some((page, size)) = hints.page {
            let count = field_named(fields, COUNT_FIELDS);
            let total = field_named(fields, TOTAL_FIELDS);
            if count.is_some() || total.is_some() {
                let current = field_named(fields, CURRENT_FIELDS)
                    .filter(|f| matches!(bare(&f.ty), TypeRef::Integer | TypeRef::String));
                let style = PagingStyle::Page {
                    query: page.wire.clone(),
                    size: size.wire.clone(),
                    current: current.map(|f| f.wire.clone()),
                    count: count.map(|f| f.wire.clone()),
                    total: total.map(|f| f.wire.clone()),
                };
                return Ok((style, items, item_type));
            }
            if hints.token.is_none() {
                return Err("the saved response gives neither a page count nor a total (such as `page_count` or `total_records`), nor a `Link` header".to_owned());
            }
        }
        match hints.token {
            Some(query) => Err(format!(
                "the saved response has no field that gives the next `{}` (such as `next_page_token` or `next_cursor`)",
                query.wire
            )),
            None => Err("the saved response does not show how to reach the next page".to_owned()),
        }
    }

    /// The struct of this group named `name`.
    fn struct_named(&self, name: &str) -> Option<&StructDef> {
        self.types.iter().find_map(|def| match def {
            TypeDef::Struct(s) if s.name == name => Some(s),
            _ => None,
        })
    }
}

/// The response's list field (wire name) and its item type: the only list, or, among several,
/// the one the request is named after (`users` of `List users`).
fn list_field(def: &StructDef, item: &RequestItem) -> Result<(String, TypeRef), String> {
    let lists: Vec<(&FieldDef, &TypeRef)> = def
        .fields
        .iter()
        .filter_map(|f| match bare(&f.ty) {
            TypeRef::List(inner) => Some((f, &**inner)),
            _ => None,
        })
        .collect();
    match lists.as_slice() {
        [] => Err("the saved response has no list field".to_owned()),
        [(field, ty)] => Ok((field.wire.clone(), (*ty).clone())),
        several => {
            let mut context = normalized(item.name.as_deref().unwrap_or_default());
            context.push_str(&normalized(&item.request.url.path.join("/")));
            let named: Vec<&(&FieldDef, &TypeRef)> = several
                .iter()
                .filter(|(f, _)| {
                    let wire = normalized(&f.wire);
                    // Short names (`a`, `id`) would be found in any name.
                    wire.len() >= 3 && context.contains(&wire)
                })
                .collect();
            match named.as_slice() {
                [(field, ty)] => Ok((field.wire.clone(), (*ty).clone())),
                _ => {
                    let names: Vec<String> = several
                        .iter()
                        .map(|(f, _)| format!("`{}`", f.wire))
                        .collect();
                    Err(format!(
                        "the saved response has several list fields ({}) and the request's name does not say which is the list",
                        names.join(", ")
                    ))
                }
            }
        }
    }
}

/// Whether a saved successful response has a `Link` header with a `rel="next"` link.
fn documents_next_link(item: &RequestItem) -> bool {
    item.responses
        .iter()
        .filter(|r| r.code.is_none_or(|c| (200..300).contains(&c)))
        .flat_map(|r| &r.headers)
        .any(|h| {
            h.key.eq_ignore_ascii_case("link")
                && h.value.as_deref().is_some_and(|v| {
                    let v = v.to_ascii_lowercase();
                    v.contains("rel=\"next\"") || v.contains("rel=next")
                })
        })
}

#[cfg(test)]
mod tests {
    use crate::ir::{Module, Operation, PagingStyle, TypeRef};

    fn lowered(collection: &serde_json::Value) -> (Module, Vec<crate::error::Diagnostic>) {
        let bytes = collection.to_string();
        let parsed = crate::parse::parse("paging.json", bytes.as_bytes()).expect("parses");
        crate::lower::lower(parsed, "paging.json")
    }

    fn request(name: &str, query: &[&str], body: serde_json::Value) -> serde_json::Value {
        let query: Vec<serde_json::Value> = query
            .iter()
            .map(|k| serde_json::json!({"key": k, "value": "1"}))
            .collect();
        serde_json::json!({
            "name": name,
            "request": {"method": "GET", "url": {"raw": "https://x.test/items", "host": ["x", "test"], "path": ["items"], "query": query}},
            "response": [{"name": "OK", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body.to_string()}]
        })
    }

    fn one(collection_items: Vec<serde_json::Value>) -> (Operation, Vec<crate::error::Diagnostic>) {
        let (module, diagnostics) = lowered(&serde_json::json!({
            "info": {"name": "P", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": collection_items
        }));
        let op = module
            .root
            .operations
            .into_iter()
            .next()
            .expect("one operation");
        (op, diagnostics)
    }

    #[test]
    fn zoom_tokens_page_numbers_stripe_cursors_and_links_are_recognized() {
        let (op, _) = one(vec![request(
            "List users",
            &["page_size", "next_page_token"],
            serde_json::json!({"next_page_token": "t", "page_size": 1, "users": [{"id": "a"}]}),
        )]);
        let paging = op.paging.expect("token paging");
        assert_eq!(paging.stream, "list_users_stream");
        assert_eq!(paging.items.as_deref(), Some("users"));
        assert!(
            matches!(paging.style, PagingStyle::Token { ref query, ref field } if query == "next_page_token" && field == "next_page_token")
        );

        let (op, _) = one(vec![request(
            "List webinars",
            &["pageSize", "page"],
            serde_json::json!({"page": 1, "totalPages": 3, "webinars": [{"id": 1}]}),
        )]);
        let paging = op.paging.expect("page paging");
        assert!(
            matches!(paging.style, PagingStyle::Page { ref current, ref count, .. } if current.as_deref() == Some("page") && count.as_deref() == Some("totalPages"))
        );

        let (op, _) = one(vec![request(
            "List customers",
            &["limit", "starting_after"],
            serde_json::json!({"has_more": true, "data": [{"id": "cus_1", "name": "A"}]}),
        )]);
        let paging = op.paging.expect("after paging");
        assert!(matches!(paging.style, PagingStyle::After { ref id, .. } if id == "id"));

        let mut linked = request(
            "List repos",
            &["per_page", "page"],
            serde_json::json!([{"id": 1}]),
        );
        linked["response"][0]["header"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"key": "Link", "value": "<https://x.test/items?page=2>; rel=\"next\""}));
        let (op, _) = one(vec![linked]);
        let paging = op.paging.expect("link paging");
        assert_eq!(paging.style, PagingStyle::Link);
        assert_eq!(paging.items, None);
        assert!(matches!(paging.item, TypeRef::Named(_)));
    }

    #[test]
    fn a_request_that_looks_paged_but_cannot_stream_says_why() {
        let (op, diagnostics) = one(vec![request(
            "List things",
            &["page", "per_page"],
            serde_json::json!({"things": [1, 2]}),
        )]);
        assert_eq!(op.paging, None);
        let d = diagnostics
            .iter()
            .find(|d| d.kind == "paging-not-streamed")
            .expect("a diagnostic");
        assert!(
            d.message.contains("neither a page count nor a total"),
            "{}",
            d.message
        );

        let (op, diagnostics) = one(vec![request(
            "Search",
            &["next_page_token"],
            serde_json::json!({"a": [1], "b": [2], "next_page_token": ""}),
        )]);
        assert_eq!(op.paging, None);
        assert!(diagnostics
            .iter()
            .any(|d| d.message.contains("several list fields (`a`, `b`)")));

        // Not paged at all: no diagnostic.
        let (op, diagnostics) = one(vec![request("Get", &["q"], serde_json::json!({"a": [1]}))]);
        assert_eq!(op.paging, None);
        assert!(diagnostics.iter().all(|d| d.kind != "paging-not-streamed"));
    }

    #[test]
    fn stream_names_do_not_take_a_request_s_name() {
        let (module, _) = lowered(&serde_json::json!({
            "info": {"name": "P", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [
                request("List users", &["next_page_token"], serde_json::json!({"next_page_token": "t", "users": [1]})),
                request("List users stream", &[], serde_json::json!({"a": 1})),
            ]
        }));
        let names: Vec<String> = module
            .root
            .operations
            .iter()
            .map(|o| o.name.clone())
            .collect();
        let paging = module.root.operations[0].paging.clone().expect("paged");
        assert!(
            !names.contains(&paging.stream),
            "{names:?} {}",
            paging.stream
        );
        assert!(!names.contains(&paging.builder));
    }
}
