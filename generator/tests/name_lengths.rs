//! The README promises identifiers of at most 64 characters (issue 15, item 4): every type,
//! function, method, variant, field and module generated for the real collections in
//! `../shared/corpus` keeps it.

use std::path::Path;

use syn::visit::Visit;

/// The longest identifier the generator may emit (a raw identifier's `r#` not counted).
const MAX_LEN: usize = 64;

/// Every identifier that names an item, a method, a variant, a field or a module.
#[derive(Default)]
struct Names {
    found: Vec<(&'static str, String)>,
}

impl Names {
    fn add(&mut self, kind: &'static str, ident: &proc_macro2::Ident) {
        let text = ident.to_string();
        let text = text.strip_prefix("r#").unwrap_or(&text).to_owned();
        self.found.push((kind, text));
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        self.add("struct", &item.ident);
        syn::visit::visit_item_struct(self, item);
    }
    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        self.add("enum", &item.ident);
        syn::visit::visit_item_enum(self, item);
    }
    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        self.add("type", &item.ident);
        syn::visit::visit_item_type(self, item);
    }
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.add("module", &item.ident);
        syn::visit::visit_item_mod(self, item);
    }
    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        self.add("const", &item.ident);
        syn::visit::visit_item_const(self, item);
    }
    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        self.add("trait", &item.ident);
        syn::visit::visit_item_trait(self, item);
    }
    // Functions, methods and trait methods all have a signature.
    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        self.add("fn", &sig.ident);
        syn::visit::visit_signature(self, sig);
    }
    fn visit_variant(&mut self, variant: &'ast syn::Variant) {
        self.add("variant", &variant.ident);
        syn::visit::visit_variant(self, variant);
    }
    fn visit_field(&mut self, field: &'ast syn::Field) {
        if let Some(ident) = &field.ident {
            self.add("field", ident);
        }
        syn::visit::visit_field(self, field);
    }
}

fn corpus_dir() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing, and CI is set",
        dir.display()
    );
    eprintln!("SKIPPED: {} is missing", dir.display());
    None
}

#[test]
fn no_generated_name_is_longer_than_64_characters() {
    let Some(dir) = corpus_dir() else { return };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no collections in {}", dir.display());
    let mut checked = 0usize;
    let mut too_long = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        // Whether every collection generates is the corpus test's job; names are this one's.
        let Ok(output) = postman_codegen::generate(&name, &bytes) else {
            continue;
        };
        let file = syn::parse_file(&output.code)
            .unwrap_or_else(|e| panic!("{name}: the output is not Rust: {e}"));
        let mut names = Names::default();
        names.visit_file(&file);
        checked += names.found.len();
        for (kind, ident) in names.found {
            if ident.len() > MAX_LEN {
                too_long.push(format!("{name}: {kind} {ident} ({})", ident.len()));
            }
        }
    }
    assert!(checked > 10_000, "only {checked} names found");
    too_long.sort();
    too_long.dedup();
    assert!(
        too_long.is_empty(),
        "{} names longer than {MAX_LEN} characters:\n{}",
        too_long.len(),
        too_long.join("\n")
    );
}
