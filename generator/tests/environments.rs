//! Postman environments: their non-secret values become the defaults of the collection's
//! variables (the base URL, `with_variable`), later environments winning; secret ones never
//! reach the code; a broken environment file gets a located error.

use std::path::Path;

use postman_codegen::{generate_with, Error, Options};

const COLLECTION: &str = r#"{
  "info": {"name": "Env", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "variable": [{"key": "tenant", "value": "from-collection"}],
  "item": [
    {"name": "List", "request": {"method": "GET", "url": "{{baseUrl}}/things"}},
    {"name": "Tenant", "request": {"method": "GET", "url": "https://{{tenant}}.example.test/{{region}}/x"}},
    {"name": "Token", "request": {"method": "GET", "header": [{"key": "X-Token", "value": "{{apiToken}}"}], "url": "{{baseUrl}}/t"}}
  ]
}"#;

fn env(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/environments")
            .join(name),
    )
    .unwrap()
}

#[test]
fn environment_values_are_the_defaults_and_secrets_stay_out() {
    let options = Options::default().environment(
        "staging.postman_environment.json",
        env("staging.postman_environment.json"),
    );
    let code = generate_with("env.json", COLLECTION.as_bytes(), &options)
        .unwrap()
        .code;
    assert!(
        code.contains(
            r#"pub const DEFAULT_BASE_URL: &'static str = "https://staging.example.test/v1";"#
        ),
        "{code}"
    );
    // The environment's value wins over the collection's.
    assert!(
        code.contains(r#"core.set_variable("tenant", "acme");"#),
        "{code}"
    );
    // A secret-named value and a `secret` one are not written; the client asks for them.
    assert!(!code.contains("sk_live_ENV_TOKEN_1"));
    assert!(!code.contains("eu-west-1"));
    // A path variable is the method's argument whatever its value.
    assert!(code.contains("region: &str"), "{code}");
    // A disabled value is skipped.
    assert!(!code.contains("\"off\""));
}

#[test]
fn later_environments_win() {
    let options = Options::default()
        .environment(
            "staging.postman_environment.json",
            env("staging.postman_environment.json"),
        )
        .environment(
            "local.postman_environment.json",
            env("local.postman_environment.json"),
        );
    let code = generate_with("env.json", COLLECTION.as_bytes(), &options)
        .unwrap()
        .code;
    assert!(code.contains(r#""http://localhost:8080/v1""#), "{code}");
    assert!(code.contains(r#"core.set_variable("tenant", "acme");"#));
}

#[test]
fn a_broken_environment_is_a_located_error() {
    let options =
        Options::default().environment("bad.postman_environment.json", "{\n  \"values\": [,]\n}");
    match generate_with("env.json", COLLECTION.as_bytes(), &options) {
        Err(error @ Error::Json { .. }) => {
            let shown = error.to_string();
            assert!(
                shown.starts_with("bad.postman_environment.json:2:"),
                "{shown}"
            );
        }
        other => panic!("{other:?}"),
    }
    let options = Options::default().environment("list.postman_environment.json", "[1]");
    let error = generate_with("env.json", COLLECTION.as_bytes(), &options).unwrap_err();
    assert!(
        error.to_string().contains("list.postman_environment.json"),
        "{error}"
    );
}

#[test]
fn the_builder_reads_environment_files() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("env.postman_collection.json");
    std::fs::write(&collection, COLLECTION).unwrap();
    let report = postman_codegen::Builder::new()
        .collection(&collection)
        .environment(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/environments/staging.postman_environment.json"),
        )
        .out_dir(dir.path())
        .cargo_metadata(false)
        .run()
        .unwrap();
    let code = std::fs::read_to_string(&report.modules[0].1).unwrap();
    assert!(code.contains("https://staging.example.test/v1"));
    let missing = postman_codegen::Builder::new()
        .collection(&collection)
        .environment(dir.path().join("missing.postman_environment.json"))
        .out_dir(dir.path())
        .cargo_metadata(false)
        .run();
    assert!(matches!(missing, Err(Error::Io { .. })));
}
