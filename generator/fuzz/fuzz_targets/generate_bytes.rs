//! Arbitrary bytes through `generate`: it must not panic, and when it returns Ok the code must
//! parse as a Rust file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(generated) = postman_codegen::generate("fuzz.postman_collection.json", data) {
        if let Err(e) = syn::parse_file(&generated.code) {
            panic!(
                "generate returned Ok but the code does not parse: {e}\n{}",
                generated.code
            );
        }
    }
});
