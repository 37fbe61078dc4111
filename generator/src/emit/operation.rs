//! One async method per operation, and the struct of its optional arguments.

use crate::doc::CodeSpan;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    Arg, ArgType, BasePiece, BodyDef, ClientDef, Location, OpAuth, OpBase, Operation, PathPart,
    Success, TypeRef,
};
use crate::names::to_ident;

use super::client::credential_names;
use super::text::{self, atom, call, chain, group, line, Code, Expr};
use super::{doc, lit, ty, Needs};

fn single_char(text: &str) -> Option<Literal> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(Literal::character(c)),
        _ => None,
    }
}

fn method_tokens(method: &str, error: &proc_macro2::Ident) -> TokenStream {
    let known = match method {
        "GET" => Some(quote!(GET)),
        "POST" => Some(quote!(POST)),
        "PUT" => Some(quote!(PUT)),
        "DELETE" => Some(quote!(DELETE)),
        "PATCH" => Some(quote!(PATCH)),
        "HEAD" => Some(quote!(HEAD)),
        "OPTIONS" => Some(quote!(OPTIONS)),
        "TRACE" => Some(quote!(TRACE)),
        "CONNECT" => Some(quote!(CONNECT)),
        _ => None,
    };
    match known {
        Some(name) => quote!(::reqwest::Method::#name),
        None => {
            let bytes = Literal::byte_string(method.as_bytes());
            quote! {
                ::reqwest::Method::from_bytes(#bytes).map_err(|e| #error::InvalidRequest(e.to_string()))?
            }
        }
    }
}

/// The Rust type of an argument as a method parameter (required) or options field.
fn arg_type(arg: &Arg) -> TokenStream {
    match (&arg.ty, arg.required) {
        (ArgType::Text, true) => quote!(&str),
        (ArgType::Text, false) => quote!(::std::option::Option<::std::string::String>),
        (ArgType::List, true) => quote!(&[&str]),
        (ArgType::List, false) => {
            quote!(::std::option::Option<::std::vec::Vec<::std::string::String>>)
        }
        (ArgType::Enum(name), true) => {
            let ident = to_ident(name);
            quote!(#ident)
        }
        (ArgType::Enum(name), false) => {
            let ident = to_ident(name);
            quote!(::std::option::Option<#ident>)
        }
    }
}

/// The struct of an operation's optional arguments, if it has any.
pub(super) fn emit_options(op: &Operation, handle: &str, clone_eq: bool) -> TokenStream {
    let Some(options) = &op.options else {
        return TokenStream::new();
    };
    let options_ty = to_ident(options);
    let fields = op.args.iter().filter(|a| !a.required).map(|arg| {
        let ident = to_ident(&arg.name);
        let field_ty = arg_type(arg);
        let where_ = match arg.location {
            Location::Query => "query parameter",
            Location::Header => "header",
            Location::Path => "path parameter",
        };
        let docs = doc(&format!(
            "{}\n\nThe `{}` {where_}; `None` leaves it out.",
            arg.doc,
            arg.wire.code()
        ));
        quote! {
            #docs
            pub #ident: #field_ty,
        }
    });
    let derives = super::common_derives(clone_eq);
    let options_doc = doc(&format!(
        "Optional parameters of [`{handle}::{}`].",
        op.name
    ));
    quote! {
        #options_doc
        #[derive(#derives Default)]
        pub struct #options_ty {
            #(#fields)*
        }
    }
}

/// [`emit_options`] as text (see [`Code`]).
pub(super) fn write_options(op: &Operation, handle: &str, clone_eq: bool, c: &mut Code) {
    let Some(options) = &op.options else {
        return;
    };
    c.doc(&format!(
        "Optional parameters of [`{handle}::{}`].",
        op.name
    ));
    if clone_eq {
        c.line(&["#[derive(Debug, Clone, PartialEq, Default)]"]);
    } else {
        c.line(&["#[derive(Debug, Default)]"]);
    }
    let fields: Vec<&Arg> = op.args.iter().filter(|a| !a.required).collect();
    if fields.is_empty() {
        c.unbroken(&["pub struct ", &text::ident(options), " {}"]);
        return;
    }
    c.open_item(&["pub struct ", &text::ident(options), " {"]);
    for arg in fields {
        let where_ = match arg.location {
            Location::Query => "query parameter",
            Location::Header => "header",
            Location::Path => "path parameter",
        };
        c.doc(&format!(
            "{}\n\nThe `{}` {where_}; `None` leaves it out.",
            arg.doc,
            arg.wire.code()
        ));
        let inner = match &arg.ty {
            ArgType::Text => TypeRef::String,
            ArgType::List => TypeRef::List(Box::new(TypeRef::String)),
            ArgType::Enum(name) => TypeRef::Named(name.clone()),
        };
        c.typed(
            &format!("pub {}: ", text::ident(&arg.name)),
            &TypeRef::Optional(Box::new(inner)),
            ",",
        );
    }
    c.close("}");
}

/// The text of an argument's type (see [`arg_type`]).
fn arg_type_text(arg: &Arg) -> String {
    match (&arg.ty, arg.required) {
        (ArgType::Text, true) => "&str".to_owned(),
        (ArgType::Text, false) => "::std::option::Option<::std::string::String>".to_owned(),
        (ArgType::List, true) => "&[&str]".to_owned(),
        (ArgType::List, false) => {
            "::std::option::Option<::std::vec::Vec<::std::string::String>>".to_owned()
        }
        (ArgType::Enum(name), true) => text::ident(name),
        (ArgType::Enum(name), false) => format!("::std::option::Option<{}>", text::ident(name)),
    }
}

/// `(receiver).map_err(error::variant)?`: the conversion of a helper's error.
fn map_err(receiver: Expr, links: Vec<Expr>, error: &str, variant: &str) -> Expr {
    let mut links = links;
    links.push(call(
        ".map_err",
        vec![atom(format!("{error}::{variant}"))],
        "?",
    ));
    chain(receiver, links)
}

/// `::std::result::Result::Err(error::variant(::std::boxed::Box::new(response)))`.
fn err_with_response(error: &str, variant: &str) -> Expr {
    call(
        "::std::result::Result::Err",
        vec![call(
            format!("{error}::{variant}"),
            vec![call("::std::boxed::Box::new", vec![atom("response")], "")],
            "",
        )],
        "",
    )
}

/// [`emit_operation`] as text (see [`Code`]); templated base URLs, optional header arguments
/// and GraphQL bodies are left to the token path.
pub(super) fn write_operation(
    op: &Operation,
    client: &ClientDef,
    handle: &str,
    needs: &mut Needs,
    c: &mut Code,
) {
    let in_root = handle == "Client";
    let name = text::ident(&op.name);
    let error = text::ident(&op.error_type);
    let success = match &op.success {
        Success::Unit => "()".to_owned(),
        Success::Text => "::std::string::String".to_owned(),
        Success::Bytes => "::std::vec::Vec<u8>".to_owned(),
        Success::Json(t) => text::ty(t),
    };
    let mut params = vec!["&self".to_owned()];
    for arg in op.args.iter().filter(|a| a.required) {
        params.push(format!(
            "{}: {}",
            text::ident(&arg.name),
            arg_type_text(arg)
        ));
    }
    match &op.body {
        Some(BodyDef::Multipart(body)) | Some(BodyDef::UrlEncoded(body)) => {
            params.push(format!("body: &{}", text::ident(body)));
        }
        Some(BodyDef::Json { ty: t, .. }) => params.push(format!("body: &{}", text::ty(t))),
        Some(BodyDef::Text(_)) => params.push("body: &str".to_owned()),
        Some(BodyDef::Binary(_)) => params.push("body: ::std::vec::Vec<u8>".to_owned()),
        Some(BodyDef::GraphQl { .. }) => return c.give_up(),
        None => {}
    }
    if let Some(options) = &op.options {
        params.push(format!("options: &{}", text::ident(options)));
    }
    let method = match op.method.as_str() {
        m @ ("GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE"
        | "CONNECT") => m,
        _ => return c.give_up(),
    };
    c.doc(&method_doc(op));
    let params: Vec<&str> = params.iter().map(String::as_str).collect();
    c.open_fn(
        &format!("pub async fn {name}("),
        &params,
        &format!(") -> ::std::result::Result<{success}, {error}> {{"),
    );
    c.line(&[if in_root {
        "let client = self;"
    } else {
        "let client = self.client;"
    }]);

    // URL: base, then path.
    let binding = if op.path.is_empty() {
        "let url = "
    } else {
        "let mut url = "
    };
    match &op.base {
        OpBase::Client => c.expr(
            binding,
            &chain(
                atom("client"),
                vec![atom(".base_url"), call(".clone", Vec::new(), "")],
            ),
            ";",
            true,
        ),
        OpBase::Fixed(base) => {
            let base = text::lit(base.trim_end_matches('/'));
            c.expr(
                binding,
                &call("::std::string::String::from", vec![atom(base)], ""),
                ";",
                true,
            );
        }
        OpBase::Template(pieces) => {
            c.line(&["let mut url = ::std::string::String::new();"]);
            for piece in pieces {
                let pushed = match piece {
                    BasePiece::Literal(literal) => atom(text::lit(literal)),
                    BasePiece::Variable(name) => map_err(
                        call("variable", vec![atom("client"), atom(text::lit(name))], ""),
                        Vec::new(),
                        &error,
                        "InvalidRequest",
                    ),
                };
                c.expr("", &call("url.push_str", vec![pushed], ""), ";", true);
            }
            c.line(&["let url_trimmed_len = url.trim_end_matches('/').len();"]);
            c.line(&["url.truncate(url_trimmed_len);"]);
        }
    }
    for part in &op.path {
        let push = match part {
            PathPart::Literal(literal) => match single_char(literal) {
                Some(ch) => call("url.push", vec![atom(ch.to_string())], ""),
                None => call("url.push_str", vec![atom(text::lit(literal))], ""),
            },
            PathPart::Arg(index) => {
                needs.path_segment = true;
                let arg = op.args.get(*index).map_or("missing", |a| a.name.as_str());
                let segment = call(
                    "&path_segment",
                    vec![atom(text::lit(arg)), atom(text::ident(arg))],
                    "",
                );
                call(
                    "url.push_str",
                    vec![map_err(segment, Vec::new(), &error, "InvalidRequest")],
                    "",
                )
            }
        };
        c.expr("", &push, ";", true);
    }
    let request = call(
        ".request",
        vec![atom(format!("::reqwest::Method::{method}")), atom("url")],
        "",
    );
    c.expr(
        "let request = ",
        &chain(atom("client"), vec![atom(".http"), request]),
        ";",
        true,
    );

    write_query(op, c);

    for (key, value) in &op.fixed_headers {
        let header = call(
            ".header",
            vec![atom(text::lit(key)), atom(text::lit(value))],
            "",
        );
        c.expr(
            "let request = ",
            &chain(atom("request"), vec![header]),
            ";",
            true,
        );
    }
    for arg in op.args.iter().filter(|a| a.location == Location::Header) {
        needs.header_value = true;
        let wire = text::lit(&arg.wire);
        let ident = text::ident(&arg.name);
        let mut value = if arg.required {
            ident.clone()
        } else {
            "value".to_owned()
        };
        if matches!(arg.ty, ArgType::Enum(_)) {
            value.push_str(".as_str()");
        }
        let checked = map_err(
            call("header_value", vec![atom(wire.clone()), atom(value)], ""),
            Vec::new(),
            &error,
            "InvalidRequest",
        );
        let header = chain(
            atom("request"),
            vec![call(".header", vec![atom(wire), checked], "")],
        );
        if arg.required {
            c.expr("let request = ", &header, ";", true);
        } else {
            c.open(&["let request = match &options.", &ident, " {"]);
            c.arm_expr("::std::option::Option::Some(value)", &header);
            c.arm_expr("::std::option::Option::None", &atom("request"));
            c.close("};");
        }
    }

    let content_type = |ct: &str| {
        call(
            ".header",
            vec![atom("::reqwest::header::CONTENT_TYPE"), atom(text::lit(ct))],
            "",
        )
    };
    let body = match &op.body {
        Some(BodyDef::Multipart(_)) => {
            let form = map_err(
                atom("body"),
                vec![call(".to_form", Vec::new(), "")],
                &error,
                "InvalidRequest",
            );
            Some(vec![call(".multipart", vec![form], "")])
        }
        Some(BodyDef::UrlEncoded(_)) => Some(vec![call(".form", vec![atom("body")], "")]),
        Some(BodyDef::Json {
            content_type: Some(ct),
            ..
        }) => Some(vec![
            content_type(ct),
            call(".json", vec![atom("body")], ""),
        ]),
        Some(BodyDef::Json { .. }) => Some(vec![call(".json", vec![atom("body")], "")]),
        Some(BodyDef::Text(ct)) => Some(vec![
            content_type(ct),
            call(
                ".body",
                vec![call("::std::string::String::from", vec![atom("body")], "")],
                "",
            ),
        ]),
        Some(BodyDef::Binary(ct)) => Some(vec![
            content_type(ct),
            call(".body", vec![atom("body")], ""),
        ]),
        Some(BodyDef::GraphQl { .. }) => return c.give_up(),
        None => None,
    };
    if let Some(links) = body {
        c.expr("let request = ", &chain(atom("request"), links), ";", true);
    }

    // Auth and sending.
    needs.send |= !matches!(op.auth, OpAuth::Signer(_));
    let send = |c: &mut Code, helper: &str| {
        let sent = map_err(
            call(helper, vec![atom("client"), atom("request")], ""),
            vec![atom(".await")],
            &error,
            "Transport",
        );
        c.expr("let response = ", &sent, ";", true);
    };
    match &op.auth {
        OpAuth::None => send(c, "send"),
        OpAuth::Credential(index) => {
            let names = credential_names(client);
            let field = names
                .get(*index)
                .map(|(f, _)| f.as_str())
                .unwrap_or("bearer_token");
            let authorized = map_err(
                call(
                    format!("authorize_{field}"),
                    vec![atom("client"), atom("request")],
                    "",
                ),
                Vec::new(),
                &error,
                "InvalidRequest",
            );
            c.expr("let request = ", &authorized, ";", true);
            send(c, "send");
        }
        OpAuth::Signer(kind) => {
            let built = map_err(
                atom("request"),
                vec![call(".build", Vec::new(), "")],
                &error,
                "Transport",
            );
            c.expr("let request = ", &built, ";", true);
            let signed = map_err(
                call(
                    "sign",
                    vec![atom("client"), atom(text::lit(kind)), atom("request")],
                    "",
                ),
                Vec::new(),
                &error,
                "InvalidRequest",
            );
            c.expr("let request = ", &signed, ";", true);
            send(c, "execute");
        }
    }

    c.open(&["match response.status {"]);
    match &op.success {
        Success::Json(_) => {
            needs.decode = true;
            // The struct literal is wider than prettyplease keeps on a line, so the arm is
            // always a block and the chain always broken.
            c.open(&["200..=299 => {"]);
            c.line(&["decode(response)"]);
            c.indent(1);
            // prettyplease has no break on this line: it may pass the margin.
            c.unchecked_line(&[".map_err(|(response, error)| ", &error, "::InvalidBody {"]);
            c.indent(1);
            c.line(&["response,"]);
            c.line(&["error,"]);
            c.close("})");
            c.indent(-1);
            c.close("}");
        }
        success => {
            let value = match success {
                Success::Text => "response.body",
                Success::Bytes => "response.bytes",
                _ => "()",
            };
            let ok = call("::std::result::Result::Ok", vec![atom(value)], "");
            c.arm_expr("200..=299", &ok);
        }
    }
    for variant in &op.errors {
        let ident = text::ident(&variant.name);
        c.arm_expr(
            &variant.status.to_string(),
            &err_with_response(&error, &ident),
        );
    }
    c.arm_expr("_", &err_with_response(&error, "UnexpectedStatus"));
    c.close("}");
    c.close("}");
}

/// How much of `let query: ::std::vec::Vec<(&str, ::std::string::String)> = ` prettyplease
/// weighs when it decides whether to break the type after its `<`: all of it (the group after
/// `<` is sized up to the break that follows ` = `).
const QUERY_TYPE_TO_BREAK: usize =
    "let query: ::std::vec::Vec<(&str, ::std::string::String)> = ".len();

/// The query pairs of [`write_operation`] (see the token path in [`emit_operation`]).
fn write_query(op: &Operation, c: &mut Code) {
    let query_args: Vec<&Arg> = op
        .args
        .iter()
        .filter(|a| a.location == Location::Query)
        .collect();
    if query_args.is_empty() {
        return;
    }
    let value = |arg: &Arg, v: &str| match &arg.ty {
        ArgType::Enum(_) => call(
            "::std::string::String::from",
            vec![atom(format!("{v}.as_str()"))],
            "",
        ),
        _ => call("::std::string::String::from", vec![atom(v)], ""),
    };
    let mut run: Vec<Expr> = Vec::new();
    let mutated = query_args
        .iter()
        .any(|a| !a.required || a.ty == ArgType::List);
    if mutated {
        // Sized by prettyplease up to the ` = ` that follows the type.
        if c.room_for(QUERY_TYPE_TO_BREAK + "mut ".len()) {
            c.unchecked_line(&[
                "let mut query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();",
            ]);
        } else {
            c.open(&["let mut query: ::std::vec::Vec<"]);
            c.line(&["(&str, ::std::string::String),"]);
            c.close("> = ::std::vec::Vec::new();");
        }
    }
    let flush = |c: &mut Code, run: &mut Vec<Expr>| {
        if !run.is_empty() {
            let pairs = group("[", std::mem::take(run), "]");
            let extend = call(".extend", vec![pairs], "");
            c.expr("", &chain(atom("query"), vec![extend]), ";", true);
        }
    };
    for arg in &query_args {
        let ident = text::ident(&arg.name);
        let wire = text::lit(&arg.wire);
        if arg.required && arg.ty != ArgType::List {
            run.push(group("(", vec![atom(wire), value(arg, &ident)], ")"));
            continue;
        }
        flush(c, &mut run);
        match (&arg.ty, arg.required) {
            (ArgType::List, true) => line!(
                c,
                "query.extend({ident}.iter().map(|v| ({wire}, ::std::string::String::from(*v))));"
            ),
            (ArgType::List, false) => {
                c.open_if_some("values", "&options", &ident);
                line!(
                    c,
                    "query.extend(values.iter().map(|v| ({wire}, v.clone())));"
                );
                c.close("}");
            }
            _ => {
                c.open_if_some("value", "&options", &ident);
                let pair = group("(", vec![atom(wire), value(arg, "value")], ")");
                let push = call(".push", vec![pair], "");
                c.expr("", &chain(atom("query"), vec![push]), ";", true);
                c.close("}");
            }
        }
    }
    if mutated {
        flush(c, &mut run);
    } else {
        let head = "let query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec![";
        let mut pairs = String::new();
        for (i, pair) in run.iter().enumerate() {
            if i > 0 {
                pairs.push_str(", ");
            }
            pair.flat(&mut pairs);
        }
        if c.room_for(head.len() + pairs.len() + "];".len()) {
            c.line(&[head, &pairs, "];"]);
        } else if let (true, [pair]) = (c.room_for(QUERY_TYPE_TO_BREAK), run.as_slice()) {
            // The type is not broken (see `QUERY_TYPE_TO_BREAK`); the macro puts its one pair
            // on a line of its own. (Several pairs fill lines the macro's own way, and a pair
            // too long for its line is broken its own way: token path.)
            let mut text = String::new();
            pair.flat(&mut text);
            c.open_item(&[head]);
            c.line(&[&text]);
            c.close("];");
        } else {
            c.give_up();
        }
    }
    let one_line = "let request = if query.is_empty() { request } else { request.query(&query) };";
    if c.room_for(one_line.len()) {
        c.line(&[one_line]);
    } else {
        c.open(&["let request = if query.is_empty() {"]);
        c.line(&["request"]);
        c.close("} else {");
        c.indent(1);
        c.line(&["request.query(&query)"]);
        c.close("};");
    }
}

/// An operation method's documentation: the request's, then its arguments and errors.
fn method_doc(op: &Operation) -> String {
    let mut doc_text = op.doc.clone();
    let mut arg_docs = Vec::new();
    for arg in op.args.iter().filter(|a| a.required) {
        let summary = arg
            .doc
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
        arg_docs.push(
            format!("- `{}`: {}", arg.name, summary)
                .trim_end()
                .to_owned(),
        );
    }
    match &op.body {
        Some(BodyDef::Multipart(body)) | Some(BodyDef::UrlEncoded(body)) => {
            arg_docs.push(format!("- `body`: the form fields ([`{body}`])."));
        }
        Some(BodyDef::Json { .. }) => arg_docs.push("- `body`: the JSON body.".to_owned()),
        Some(BodyDef::Text(content_type)) => arg_docs.push(format!(
            "- `body`: the body, sent as `{}`.",
            content_type.code()
        )),
        Some(BodyDef::Binary(content_type)) => arg_docs.push(format!(
            "- `body`: the bytes to send, as `{}`.",
            content_type.code()
        )),
        Some(BodyDef::GraphQl { .. }) => arg_docs.push(
            "- `variables`: the GraphQL variables (the query is fixed by the collection)."
                .to_owned(),
        ),
        None => {}
    }
    if let Some(options) = &op.options {
        arg_docs.push(format!(
            "- `options`: optional parameters ([`{options}`]; `Default::default()` sets none)."
        ));
    }
    if !arg_docs.is_empty() {
        doc_text.push_str("\n\n# Arguments\n\n");
        doc_text.push_str(&arg_docs.join("\n"));
    }
    doc_text.push_str(&format!(
        "\n\n# Errors\n\nReturns [`{}`] for documented error statuses, for other statuses, and when the request cannot be built, sent or decoded.",
        op.error_type
    ));
    doc_text
}

/// Emits the method of an operation.
pub(super) fn emit_operation(
    op: &Operation,
    client: &ClientDef,
    handle: &str,
    needs: &mut Needs,
) -> TokenStream {
    let in_root = handle == "Client";
    let name = to_ident(&op.name);
    let error = to_ident(&op.error_type);
    let success = match &op.success {
        Success::Unit => quote!(()),
        Success::Text => quote!(::std::string::String),
        Success::Bytes => quote!(::std::vec::Vec<u8>),
        Success::Json(t) => ty(t),
    };

    let mut params = Vec::new();
    for arg in op.args.iter().filter(|a| a.required) {
        let ident = to_ident(&arg.name);
        let arg_ty = arg_type(arg);
        params.push(quote!(#ident: #arg_ty));
    }
    let body_param = match &op.body {
        Some(BodyDef::Multipart(body)) | Some(BodyDef::UrlEncoded(body)) => {
            let body_ty = to_ident(body);
            Some(quote!(body: &#body_ty))
        }
        Some(BodyDef::Json { ty: t, .. }) => {
            let body_ty = ty(t);
            Some(quote!(body: &#body_ty))
        }
        Some(BodyDef::Text(_)) => Some(quote!(body: &str)),
        Some(BodyDef::Binary(_)) => Some(quote!(body: ::std::vec::Vec<u8>)),
        Some(BodyDef::GraphQl { variables, .. }) => {
            let vars_ty = ty(variables);
            Some(quote!(variables: &#vars_ty))
        }
        None => None,
    };
    params.extend(body_param);
    if let Some(options) = &op.options {
        let options_ty = to_ident(options);
        params.push(quote!(options: &#options_ty));
    }
    let docs = doc(&method_doc(op));

    // URL: base, then path.
    let base = match &op.base {
        OpBase::Client => quote!(let mut url = client.base_url.clone();),
        OpBase::Fixed(text) => {
            let text = lit(text.trim_end_matches('/'));
            quote!(let mut url = ::std::string::String::from(#text);)
        }
        OpBase::Template(pieces) => {
            let pushes = pieces.iter().map(|p| match p {
                BasePiece::Literal(text) => {
                    let text = lit(text);
                    quote!(url.push_str(#text);)
                }
                BasePiece::Variable(name) => {
                    let name = lit(name);
                    quote!(url.push_str(variable(client, #name).map_err(#error::InvalidRequest)?);)
                }
            });
            quote! {
                let mut url = ::std::string::String::new();
                #(#pushes)*
                let url_trimmed_len = url.trim_end_matches('/').len();
                url.truncate(url_trimmed_len);
            }
        }
    };
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => match single_char(text) {
            // clippy::single_char_add_str
            Some(c) => quote!(url.push(#c);),
            None => {
                let text = lit(text);
                quote!(url.push_str(#text);)
            }
        },
        PathPart::Arg(index) => {
            needs.path_segment = true;
            let (ident, wire) = match op.args.get(*index) {
                Some(a) => (to_ident(&a.name), lit(&a.name)),
                None => (to_ident("missing"), lit("missing")),
            };
            quote!(url.push_str(&path_segment(#wire, #ident).map_err(#error::InvalidRequest)?);)
        }
    });
    let mutates_url = !op.path.is_empty() || matches!(op.base, OpBase::Template(_));
    let base = if mutates_url {
        base
    } else {
        match &op.base {
            OpBase::Client => quote!(let url = client.base_url.clone();),
            OpBase::Fixed(text) => {
                let text = lit(text.trim_end_matches('/'));
                quote!(let url = ::std::string::String::from(#text);)
            }
            OpBase::Template(_) => base,
        }
    };
    let method = method_tokens(&op.method, &error);

    // Query.
    let query_args: Vec<&Arg> = op
        .args
        .iter()
        .filter(|a| a.location == Location::Query)
        .collect();
    let query = if query_args.is_empty() {
        TokenStream::new()
    } else {
        let value = |arg: &Arg, v: TokenStream| match &arg.ty {
            ArgType::Enum(_) => quote!(::std::string::String::from(#v.as_str())),
            _ => quote!(::std::string::String::from(#v)),
        };
        // Pairs go out in the collection's order; runs of required values are added with one
        // `extend` (a `push` right after `Vec::new()` trips clippy::vec_init_then_push).
        let mut statements = Vec::new();
        let mut run: Vec<TokenStream> = Vec::new();
        let mut mutated = false;
        for arg in &query_args {
            let ident = to_ident(&arg.name);
            let wire = lit(&arg.wire);
            if arg.required && arg.ty != ArgType::List {
                let v = value(arg, quote!(#ident));
                run.push(quote!((#wire, #v)));
                continue;
            }
            if !run.is_empty() {
                statements.push(quote!(query.extend([#(#run),*]);));
                run.clear();
            }
            mutated = true;
            statements.push(match (&arg.ty, arg.required) {
                (ArgType::List, true) => quote! {
                    query.extend(#ident.iter().map(|v| (#wire, ::std::string::String::from(*v))));
                },
                (ArgType::List, false) => quote! {
                    if let ::std::option::Option::Some(values) = &options.#ident {
                        query.extend(values.iter().map(|v| (#wire, v.clone())));
                    }
                },
                _ => {
                    let v = value(arg, quote!(value));
                    quote! {
                        if let ::std::option::Option::Some(value) = &options.#ident {
                            query.push((#wire, #v));
                        }
                    }
                }
            });
        }
        let init = if mutated {
            if !run.is_empty() {
                statements.push(quote!(query.extend([#(#run),*]);));
            }
            quote!(let mut query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();)
        } else {
            quote!(let query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec![#(#run),*];)
        };
        quote! {
            #init
            #(#statements)*
            let request = if query.is_empty() { request } else { request.query(&query) };
        }
    };

    // Headers.
    let fixed_headers = op.fixed_headers.iter().map(|(k, v)| {
        let k = lit(k);
        let v = lit(v);
        quote!(let request = request.header(#k, #v);)
    });
    let header_args = op.args.iter().filter(|a| a.location == Location::Header).map(|arg| {
        needs.header_value = true;
        let ident = to_ident(&arg.name);
        let wire = lit(&arg.wire);
        let as_str = match arg.ty {
            ArgType::Enum(_) => quote!(.as_str()),
            _ => quote!(),
        };
        if arg.required {
            quote! {
                let request = request.header(#wire, header_value(#wire, #ident #as_str).map_err(#error::InvalidRequest)?);
            }
        } else {
            quote! {
                let request = match &options.#ident {
                    ::std::option::Option::Some(value) => request.header(#wire, header_value(#wire, value #as_str).map_err(#error::InvalidRequest)?),
                    ::std::option::Option::None => request,
                };
            }
        }
    });

    // Body.
    let body = match &op.body {
        Some(BodyDef::Multipart(_)) => {
            quote!(let request = request.multipart(body.to_form().map_err(#error::InvalidRequest)?);)
        }
        Some(BodyDef::UrlEncoded(_)) => quote!(let request = request.form(body);),
        Some(BodyDef::Json {
            content_type: Some(ct),
            ..
        }) => {
            // reqwest's `json` keeps a content type that is already set.
            let ct = lit(ct);
            quote!(let request = request.header(::reqwest::header::CONTENT_TYPE, #ct).json(body);)
        }
        Some(BodyDef::Json { .. }) => quote!(let request = request.json(body);),
        Some(BodyDef::Text(content_type)) | Some(BodyDef::Binary(content_type)) => {
            let ct = lit(content_type);
            let value = match &op.body {
                Some(BodyDef::Text(_)) => quote!(::std::string::String::from(body)),
                _ => quote!(body),
            };
            quote! {
                let request = request.header(::reqwest::header::CONTENT_TYPE, #ct).body(#value);
            }
        }
        Some(BodyDef::GraphQl { query, .. }) => {
            needs.graphql = true;
            let query = lit(query);
            quote!(let request = request.json(&GraphQl { query: #query, variables });)
        }
        None => TokenStream::new(),
    };

    // Auth and sending.
    let names = credential_names(client);
    needs.send |= !matches!(op.auth, OpAuth::Signer(_));
    let send = match &op.auth {
        OpAuth::None => quote! {
            let response = send(client, request).await.map_err(#error::Transport)?;
        },
        OpAuth::Credential(index) => {
            let field = names
                .get(*index)
                .map(|(f, _)| f.as_str())
                .unwrap_or("bearer_token");
            let authorize = format_ident!("authorize_{}", field);
            quote! {
                let request = #authorize(client, request).map_err(#error::InvalidRequest)?;
                let response = send(client, request).await.map_err(#error::Transport)?;
            }
        }
        OpAuth::Signer(kind) => {
            let kind = lit(kind);
            quote! {
                let request = request.build().map_err(#error::Transport)?;
                let request = sign(client, #kind, request).map_err(#error::InvalidRequest)?;
                let response = execute(client, request).await.map_err(#error::Transport)?;
            }
        }
    };
    let ok = match &op.success {
        Success::Unit => quote!(::std::result::Result::Ok(())),
        Success::Text => quote!(::std::result::Result::Ok(response.body)),
        Success::Bytes => quote!(::std::result::Result::Ok(response.bytes)),
        Success::Json(_) => {
            needs.decode = true;
            quote!(decode(response).map_err(|(response, error)| #error::InvalidBody { response, error }))
        }
    };
    let arms = op.errors.iter().map(|variant| {
        let ident = to_ident(&variant.name);
        let status = Literal::u16_unsuffixed(variant.status);
        quote!(#status => ::std::result::Result::Err(#error::#ident(::std::boxed::Box::new(response))),)
    });
    let client_binding = if in_root {
        quote!(let client = self;)
    } else {
        quote!(let client = self.client;)
    };
    quote! {
        #docs
        pub async fn #name(&self, #(#params),*) -> ::std::result::Result<#success, #error> {
            #client_binding
            #base
            #(#path)*
            let request = client.http.request(#method, url);
            #query
            #(#fixed_headers)*
            #(#header_args)*
            #body
            #send
            match response.status {
                200..=299 => #ok,
                #(#arms)*
                _ => ::std::result::Result::Err(#error::UnexpectedStatus(::std::boxed::Box::new(response))),
            }
        }
    }
}
