//! Structure-aware: a seed collection (the project's Zoom collection or a tiny hand-written
//! one) with up to 16 mutations decoded from the input bytes (replace a node, delete or rename
//! keys, duplicate items, graft subtrees, wrap nodes, insert hostile text, mutate embedded
//! example JSON) through `generate`. It must not panic, and when it returns Ok the code must
//! parse as a Rust file.
//!
//! The decoding lives in `tests/support/mutate.rs` (included by path) so that
//! `tests/fuzz_replay.rs` replays corpus files exactly, without the fuzzing dependencies.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/mutate.rs"]
mod mutate;

fuzz_target!(|data: &[u8]| {
    let (seed, mutations) = mutate::decode(data);
    let bytes = mutate::mutated(seed, &mutations);
    if let Ok(generated) = postman_codegen::generate("fuzz.postman_collection.json", &bytes) {
        if let Err(e) = syn::parse_file(&generated.code) {
            panic!(
                "generate returned Ok but the code does not parse: {e}\n{}",
                generated.code
            );
        }
    }
});
