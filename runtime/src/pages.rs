//! [`Pages`]: the stream a generated `<method>_stream` returns, fetching a paged list one page
//! at a time, and [`Paging`], how the generator says the request is paged.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::{ApiResponse, Call, Fault};

/// How a request is paged: where the next page's cursor comes from in a response and where it
/// goes in the next request. A generated `<method>_stream` makes one from what the collection
/// shows (its query parameters and its saved responses' fields and headers).
///
/// Whatever the style, the stream ends after a page with no items, and when the cursor a
/// response gives is the one the request sent (a server that would otherwise be asked for the
/// same page for ever).
pub struct Paging<T> {
    style: Style<T>,
    /// The response's field holding the list; `None`: the body is the list.
    items: Option<&'static str>,
}

impl<T> fmt::Debug for Paging<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let style = match &self.style {
            Style::Token { query, field } => format!("token {query} <- {field}"),
            Style::Page { query, .. } => format!("page {query}"),
            Style::After {
                query, has_more, ..
            } => format!("after {query} while {has_more}"),
            Style::Link => "link rel=next".to_owned(),
        };
        f.debug_struct("Paging")
            .field("style", &style)
            .field("items", &self.items)
            .finish()
    }
}

enum Style<T> {
    /// Zoom's `next_page_token`: the response's `field` is sent as query parameter `query`;
    /// an empty or missing one ends the list.
    Token {
        query: &'static str,
        field: &'static str,
    },
    /// Page numbers: `query` is the page sent; the response may say which page it is
    /// (`current`), how many there are (`count`) and how many items in all (`total`).
    Page {
        query: &'static str,
        current: Option<&'static str>,
        count: Option<&'static str>,
        total: Option<&'static str>,
    },
    /// Stripe's `starting_after`: the last item's ID is sent as `query` while the response's
    /// `has_more` is true.
    After {
        query: &'static str,
        has_more: &'static str,
        cursor: fn(&T) -> String,
    },
    /// GitHub's `Link: <..>; rel="next"` header: the next page's URL.
    Link,
}

impl<T> Paging<T> {
    /// Paged by a token: the response's field `field` is sent as the query parameter `query`
    /// of the next request (Zoom: both `next_page_token`). A missing, `null` or empty token
    /// ends the list.
    pub fn token(query: &'static str, field: &'static str) -> Self {
        Self::of(Style::Token { query, field })
    }

    /// Paged by page number, sent as the query parameter `query`: the first request sends
    /// what the caller set (or nothing: the server's first page), each next one the page after
    /// the one answered. Say what the response tells with [`Paging::current`],
    /// [`Paging::count`] and [`Paging::total`]; the list ends at the last page they give, or
    /// at a page with no items.
    pub fn page(query: &'static str) -> Self {
        Self::of(Style::Page {
            query,
            current: None,
            count: None,
            total: None,
        })
    }

    /// Paged by the last item's ID, sent as the query parameter `query` (`starting_after`)
    /// while the response's boolean field `has_more` is true; `cursor` gives an item's ID.
    pub fn after(query: &'static str, has_more: &'static str, cursor: fn(&T) -> String) -> Self {
        Self::of(Style::After {
            query,
            has_more,
            cursor,
        })
    }

    /// Paged by the `Link` header: the next page is the URL of its `rel="next"` link, which
    /// must have the origin of the first request (the request's credentials go with it).
    pub fn link() -> Self {
        Self::of(Style::Link)
    }

    fn of(style: Style<T>) -> Self {
        Self { style, items: None }
    }

    /// The list is the response's field `field` (Zoom: `users`); without this, the body
    /// itself is the list.
    pub fn items(mut self, field: &'static str) -> Self {
        self.items = Some(field);
        self
    }

    /// Page numbers: the response's field `field` gives the number of the page it is.
    pub fn current(mut self, field: &'static str) -> Self {
        if let Style::Page { current, .. } = &mut self.style {
            *current = Some(field);
        }
        self
    }

    /// Page numbers: the response's field `field` gives the number of pages.
    pub fn count(mut self, field: &'static str) -> Self {
        if let Style::Page { count, .. } = &mut self.style {
            *count = Some(field);
        }
        self
    }

    /// Page numbers: the response's field `field` gives the number of items on all pages.
    pub fn total(mut self, field: &'static str) -> Self {
        if let Style::Page { total, .. } = &mut self.style {
            *total = Some(field);
        }
        self
    }

    /// The response fields the page is read from, other than the list.
    fn fields(&self) -> Fields {
        match &self.style {
            Style::Token { field, .. } => Fields {
                token: Some(field),
                ..Fields::default()
            },
            Style::Page {
                current,
                count,
                total,
                ..
            } => Fields {
                current: *current,
                count: *count,
                total: *total,
                ..Fields::default()
            },
            Style::After { has_more, .. } => Fields {
                has_more: Some(has_more),
                ..Fields::default()
            },
            Style::Link => Fields::default(),
        }
    }
}

/// The response fields a page is read from (besides its list).
#[derive(Debug, Default, Clone, Copy)]
struct Fields {
    token: Option<&'static str>,
    current: Option<&'static str>,
    count: Option<&'static str>,
    total: Option<&'static str>,
    has_more: Option<&'static str>,
}

/// One page as read from a response body.
#[derive(Debug)]
struct Page<T> {
    items: Vec<T>,
    token: Option<String>,
    current: Option<u64>,
    count: Option<u64>,
    total: Option<u64>,
    has_more: Option<bool>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            token: None,
            current: None,
            count: None,
            total: None,
            has_more: None,
        }
    }
}

/// Reads a [`Page`] out of a body in one pass: the list is decoded into `T`s, the cursor
/// fields are read whatever their JSON type (a number or a string), and the rest is skipped
/// unread.
struct PageSeed<T> {
    items: Option<&'static str>,
    fields: Fields,
    marker: std::marker::PhantomData<fn() -> T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Page<T>, D::Error> {
        match self.items {
            None => {
                let items = <Option<Vec<T>> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Page {
                    items: items.unwrap_or_default(),
                    ..Page::default()
                })
            }
            Some(_) => deserializer.deserialize_map(self),
        }
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object holding a page of the list")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut page = Page::default();
        let fields = self.fields;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key = key.as_ref();
            if Some(key) == self.items {
                page.items = map.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
            } else if Some(key) == fields.token {
                page.token = map.next_value::<Scalar>()?.0;
            } else if Some(key) == fields.current {
                page.current = map.next_value::<Scalar>()?.number();
            } else if Some(key) == fields.count {
                page.count = map.next_value::<Scalar>()?.number();
            } else if Some(key) == fields.total {
                page.total = map.next_value::<Scalar>()?.number();
            } else if Some(key) == fields.has_more {
                page.has_more = map.next_value::<Scalar>()?.flag();
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(page)
    }
}

/// A cursor field's value as text: a string, a number or a boolean; `None` for `null`, an
/// empty string, and anything else.
struct Scalar(Option<String>);

impl Scalar {
    fn number(self) -> Option<u64> {
        self.0.and_then(|text| {
            text.parse::<u64>().ok().or_else(|| {
                // `3.0`: a whole number written as a float.
                text.parse::<f64>()
                    .ok()
                    .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 1e15)
                    .map(|n| n as u64)
            })
        })
    }

    fn flag(self) -> Option<bool> {
        match self.0.as_deref() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar((!v.is_empty()).then(|| v.to_owned())))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(Some(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Scalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar(None))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// Where the next request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cursor {
    /// The request as the caller made it.
    First,
    /// The request with query parameter `.0` set to `.1`.
    Query(&'static str, String),
    /// The request sent to this URL instead.
    Url(reqwest::Url),
}

/// What a stream keeps between pages.
struct State<'a, T> {
    call: Call<'a>,
    /// The finished request every page is a copy of (made on the first page).
    template: Option<reqwest::Request>,
    paging: Paging<T>,
    cursor: Cursor,
    /// Items yielded so far (for [`Paging::total`]).
    seen: u64,
    /// Why there is no next page although the last one says there is: yielded after that
    /// page's items.
    failed: Option<Fault>,
}

/// A page's fetch: it owns the state while it runs, and hands it back with the items.
type Fetch<'a, T> = Pin<Box<dyn Future<Output = Fetched<'a, T>> + Send + 'a>>;

/// What a fetch gives back: the state (`None` once the list is done) and the page's items.
type Fetched<'a, T> = (Option<Box<State<'a, T>>>, Result<Vec<T>, Fault>);

/// The items of a paged list, fetched a page at a time: a [`Stream`] of `Result<T, E>`
/// (`futures_core::Stream`, re-exported as [`crate::Stream`]; use it with `StreamExt` from
/// `futures` or `tokio-stream`, or with [`Pages::next`] and [`Pages::try_collect`] alone).
///
/// Nothing is sent until the stream is first polled; the next page is fetched when the items
/// of the one before are all taken. Each page is a request of its own, with the client's
/// retries, timeout and redirect rules. An error ends the stream after it is yielded. It is
/// `Send` and `Unpin`, and borrows the client (`'a`).
#[must_use = "a paged list is fetched only when the stream is polled"]
pub struct Pages<'a, T, E> {
    state: Option<Box<State<'a, T>>>,
    fetch: Option<Fetch<'a, T>>,
    items: VecDeque<T>,
    /// Makes the request's error from a fault; `None` for [`Pages::from_items`], which sends
    /// nothing.
    fail: Option<fn(Fault) -> E>,
    /// Yielded after the items ([`Pages::then_error`]).
    error: Option<E>,
}

impl<T, E> Unpin for Pages<'_, T, E> {}

impl<T, E> fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("buffered", &self.items.len())
            .field("done", &(self.state.is_none() && self.fetch.is_none()))
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Pages<'a, T, E>
where
    T: DeserializeOwned + Send + 'a,
{
    pub(crate) fn new(call: Call<'a>, paging: Paging<T>, fail: fn(Fault) -> E) -> Self {
        Self {
            state: Some(Box::new(State {
                call,
                template: None,
                paging,
                cursor: Cursor::First,
                seen: 0,
                failed: None,
            })),
            fetch: None,
            items: VecDeque::new(),
            fail: Some(fail),
            error: None,
        }
    }

    /// A stream of `items` that sends nothing: what a fake of a generated `Api` trait returns
    /// from a `_stream` method (`Pages::from_items(vec![user])`).
    pub fn from_items(items: impl IntoIterator<Item = T>) -> Self {
        Self {
            state: None,
            fetch: None,
            items: items.into_iter().collect(),
            fail: None,
            error: None,
        }
    }

    /// The same stream, yielding `error` after its items (a fake's page that fails).
    pub fn then_error(mut self, error: E) -> Self {
        self.error = Some(error);
        self
    }

    /// The next item, or `None` at the end of the list: `while let Some(user) =
    /// pages.next().await { .. }`, without a `StreamExt` (whose `next` does the same).
    // An async `next`, as `StreamExt` has: not `Iterator::next`.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> impl Future<Output = Option<Result<T, E>>> + Send + use<'_, 'a, T, E>
    where
        E: Send,
    {
        std::future::poll_fn(move |cx| Pin::new(&mut *self).poll_next(cx))
    }

    /// Every item to the end of the list, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E>
    where
        E: Send,
    {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<'a, T, E> Stream for Pages<'a, T, E>
where
    T: DeserializeOwned + Send + 'a,
{
    type Item = Result<T, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(fetch) = this.fetch.as_mut() {
                let (state, result) = match fetch.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(fetched) => fetched,
                };
                this.fetch = None;
                match result {
                    Ok(items) => {
                        this.items.extend(items);
                        this.state = state;
                        continue;
                    }
                    Err(fault) => {
                        this.state = None;
                        // Only a stream made by `Call::send_pages` fetches: it has `fail`.
                        return Poll::Ready(this.fail.map(|fail| Err(fail(fault))));
                    }
                }
            }
            match this.state.take() {
                Some(state) => this.fetch = Some(Box::pin(fetch(state))),
                None => return Poll::Ready(this.error.take().map(Err)),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let more = self.state.is_some() || self.fetch.is_some();
        let known = self.items.len() + usize::from(self.error.is_some());
        (known, (!more).then_some(known))
    }
}

/// Fetches the page `state.cursor` points to; hands the state back unless it was the last.
async fn fetch<'a, T: DeserializeOwned + Send + 'a>(
    mut state: Box<State<'a, T>>,
) -> Fetched<'a, T> {
    if let Some(fault) = state.failed.take() {
        return (None, Err(fault));
    }
    let request = match state.request().await {
        Ok(request) => request,
        Err(fault) => return (None, Err(fault)),
    };
    let url = request.url().clone();
    let response = match state.call.send_built(request).await {
        Ok(response) => response,
        Err(fault) => return (None, Err(fault)),
    };
    let seed = PageSeed {
        items: state.paging.items,
        fields: state.paging.fields(),
        marker: std::marker::PhantomData,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(&response.bytes);
    let page = match seed
        .deserialize(&mut deserializer)
        .and_then(|page| deserializer.end().map(|()| page))
    {
        Ok(page) => page,
        Err(error) => return (None, Err(Fault::Body(Box::new(response), error))),
    };
    state.seen = state
        .seen
        .saturating_add(u64::try_from(page.items.len()).unwrap_or(u64::MAX));
    let next = match state.next_cursor(&page, &response, &url) {
        Ok(next) => next,
        Err(fault) => {
            // This page's items first, then the error.
            state.failed = Some(fault);
            return (Some(state), Ok(page.items));
        }
    };
    let keep = match next {
        Some(cursor) if cursor != state.cursor => {
            state.cursor = cursor;
            Some(state)
        }
        _ => None,
    };
    (keep, Ok(page.items))
}

impl<T> State<'_, T> {
    /// The request for the page the cursor points to.
    async fn request(&mut self) -> Result<reqwest::Request, Fault> {
        let template = match self.template.as_mut() {
            Some(template) => template,
            None => self.template.insert(self.call.finish()?),
        };
        if template.try_clone().is_none() {
            crate::call::replayable(template).await?;
        }
        let mut request = template
            .try_clone()
            .ok_or_else(|| Fault::Request("the request's body cannot be sent twice".to_owned()))?;
        match &self.cursor {
            Cursor::First => {}
            Cursor::Query(key, value) => set_query(request.url_mut(), key, value),
            Cursor::Url(url) => *request.url_mut() = url.clone(),
        }
        Ok(request)
    }

    /// Where the page after `page` is, or `None` when `page` is the last.
    fn next_cursor(
        &self,
        page: &Page<T>,
        response: &ApiResponse,
        url: &reqwest::Url,
    ) -> Result<Option<Cursor>, Fault> {
        if page.items.is_empty() {
            return Ok(None);
        }
        Ok(match &self.paging.style {
            Style::Token { query, .. } => page
                .token
                .clone()
                .map(|token| Cursor::Query(query, token)),
            Style::Page {
                query,
                count,
                total,
                ..
            } => {
                let current = page
                    .current
                    .or_else(|| query_number(url, query))
                    .unwrap_or(1);
                let last_page = count.is_some() && page.count.is_some_and(|c| current >= c);
                let all_seen = total.is_some() && page.total.is_some_and(|t| self.seen >= t);
                if last_page || all_seen {
                    None
                } else {
                    Some(Cursor::Query(query, current.saturating_add(1).to_string()))
                }
            }
            Style::After {
                query,
                cursor,
                ..
            } => match (page.has_more, page.items.last()) {
                (Some(true), Some(last)) => Some(Cursor::Query(query, cursor(last))),
                _ => None,
            },
            Style::Link => match next_link(response, url) {
                Some(next) if next.origin() == url.origin() => Some(Cursor::Url(next)),
                Some(next) => {
                    return Err(Fault::Request(format!(
                        "the next page's link points to another origin ({}): it is not followed, so that the request's credentials stay with {}",
                        next.origin().ascii_serialization(),
                        url.origin().ascii_serialization()
                    )))
                }
                None => None,
            },
        })
    }
}

/// Sets query parameter `key` of `url` to `value`: in the place of its first occurrence (others
/// removed), or at the end. Other parameters are left byte for byte as they were.
fn set_query(url: &mut reqwest::Url, key: &str, value: &str) {
    let encoded: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(key, value)
        .finish();
    let mut parts: Vec<String> = Vec::new();
    let mut placed = false;
    for part in url.query().unwrap_or_default().split('&') {
        if part.is_empty() {
            continue;
        }
        let name = part.split('=').next().unwrap_or_default();
        let is_key = form_urlencoded::parse(name.as_bytes())
            .next()
            .is_some_and(|(decoded, _)| decoded == key);
        if !is_key {
            parts.push(part.to_owned());
        } else if !placed {
            parts.push(encoded.clone());
            placed = true;
        }
    }
    if !placed {
        parts.push(encoded);
    }
    url.set_query(Some(&parts.join("&")));
}

/// The value of query parameter `key` as a number.
fn query_number(url: &reqwest::Url, key: &str) -> Option<u64> {
    url.query_pairs()
        .find(|(name, _)| name == key)
        .and_then(|(_, value)| value.trim().parse().ok())
}

/// The target of the response's `Link` header with `rel="next"`, resolved against `url`.
fn next_link(response: &ApiResponse, url: &reqwest::Url) -> Option<reqwest::Url> {
    response
        .headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            links(value)
                .into_iter()
                .find(|(_, rels)| {
                    rels.split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
                })
                .and_then(|(target, _)| url.join(target).ok())
        })
}

/// The links of a `Link` header value (RFC 8288): each target with its `rel`.
fn links(value: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('>') else { break };
        let target = after.get(..close).unwrap_or_default();
        let params_and_rest = after.get(close + 1..).unwrap_or_default();
        // Parameters run to the next link (`, <`).
        let end = params_and_rest.find('<').unwrap_or(params_and_rest.len());
        let params = params_and_rest.get(..end).unwrap_or_default();
        let rel = params
            .split(';')
            .filter_map(|param| param.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("rel"))
            .map(|(_, value)| {
                value
                    .trim()
                    .trim_end_matches(',')
                    .trim()
                    .trim_matches('"')
                    .to_owned()
            })
            .unwrap_or_default();
        out.push((target, rel));
        rest = params_and_rest.get(end..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct User {
        id: String,
    }

    fn read<T: DeserializeOwned>(paging: &Paging<T>, body: &str) -> Page<T> {
        let seed = PageSeed {
            items: paging.items,
            fields: paging.fields(),
            marker: std::marker::PhantomData,
        };
        seed.deserialize(&mut serde_json::Deserializer::from_str(body))
            .unwrap()
    }

    #[test]
    fn a_page_is_read_in_one_pass_whatever_the_cursor_types() {
        let paging = Paging::<User>::token("next_page_token", "next_page_token").items("users");
        let page = read(
            &paging,
            r#"{"page_size":2,"users":[{"id":"a"},{"id":"b"}],"next_page_token":"t2","x":{"y":[1]}}"#,
        );
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.token.as_deref(), Some("t2"));
        let page = read(&paging, r#"{"users":null,"next_page_token":""}"#);
        assert!(page.items.is_empty());
        assert_eq!(page.token, None);

        let paging = Paging::<User>::page("page")
            .current("page_number")
            .count("page_count")
            .total("total_records")
            .items("users");
        let page = read(
            &paging,
            r#"{"page_number":"2","page_count":3.0,"total_records":7,"users":[]}"#,
        );
        assert_eq!(
            (page.current, page.count, page.total),
            (Some(2), Some(3), Some(7))
        );

        let paging =
            Paging::<User>::after("starting_after", "has_more", |u| u.id.clone()).items("data");
        let page = read(&paging, r#"{"has_more":true,"data":[{"id":"cus_1"}]}"#);
        assert_eq!(page.has_more, Some(true));

        let paging = Paging::<User>::link();
        let page = read(&paging, r#"[{"id":"a"}]"#);
        assert_eq!(page.items, vec![User { id: "a".into() }]);
    }

    #[tokio::test]
    async fn a_fake_s_stream_yields_its_items_then_its_error() {
        let mut pages: Pages<'_, u8, String> = Pages::from_items([1, 2]).then_error("no".into());
        assert_eq!(pages.size_hint(), (3, Some(3)));
        assert_eq!(pages.next().await, Some(Ok(1)));
        assert_eq!(pages.next().await, Some(Ok(2)));
        assert_eq!(pages.next().await, Some(Err("no".to_owned())));
        assert_eq!(pages.next().await, None);
        let all: Result<Vec<u8>, String> = Pages::from_items([3]).try_collect().await;
        assert_eq!(all, Ok(vec![3]));
    }

    #[test]
    fn the_cursor_replaces_its_parameter_in_place() {
        let mut url = reqwest::Url::parse("http://h/x?a=1&next_page_token=old&flag&b=%26").unwrap();
        set_query(&mut url, "next_page_token", "n&w t");
        assert_eq!(
            url.as_str(),
            "http://h/x?a=1&next_page_token=n%26w+t&flag&b=%26"
        );
        let mut url = reqwest::Url::parse("http://h/x?page=1&page=2").unwrap();
        set_query(&mut url, "page", "3");
        assert_eq!(url.as_str(), "http://h/x?page=3");
        let mut url = reqwest::Url::parse("http://h/x").unwrap();
        set_query(&mut url, "page", "2");
        assert_eq!(url.as_str(), "http://h/x?page=2");
    }

    #[test]
    fn link_headers_give_the_next_page() {
        let header = r#"<https://api.github.com/user/repos?page=3&per_page=100>; rel="next", <https://api.github.com/user/repos?page=50&per_page=100>; rel="last""#;
        let found = links(header);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, "next");
        assert_eq!(found[1].1, "last");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::LINK, header.parse().unwrap());
        let response = ApiResponse::new(200, headers, Vec::new());
        let url = reqwest::Url::parse("https://api.github.com/user/repos?page=2").unwrap();
        assert_eq!(
            next_link(&response, &url).unwrap().as_str(),
            "https://api.github.com/user/repos?page=3&per_page=100"
        );
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            "</items?page=2>; rel=\"prev next\"".parse().unwrap(),
        );
        let response = ApiResponse::new(200, headers, Vec::new());
        assert_eq!(
            next_link(&response, &url).unwrap().as_str(),
            "https://api.github.com/items?page=2"
        );
        assert!(links("garbage <unterminated").is_empty());
    }
}
