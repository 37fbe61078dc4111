//! Typed clients for the collections in `collections/`, generated at build time by
//! postman-codegen: one module per `*.postman_collection.json`, named after the file.
//!
//! Adding a collection file adds a module; nothing here needs editing.
#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/collections.rs"));

/// The README's Rust examples, compiled as doctests so they cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// docs/production.md's Rust examples, compiled as doctests too.
#[doc = include_str!("../../docs/production.md")]
#[cfg(doctest)]
pub struct ProductionDoctests;
