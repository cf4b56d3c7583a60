//! The checks on Hamro's own tree, and proof that each rule catches what it should.

use super::{Tree, source};

fn tree(files: &[(&str, &str)]) -> Tree {
    Tree::new(&files.iter().map(|(r, t)| (r.to_string(), t.to_string())).collect::<Vec<_>>())
}

#[test]
fn hamro_keeps_its_architecture() {
    let tree = Tree::read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let found = tree.violations();
    assert!(found.is_empty(), "the architecture is broken:\n{}", found.join("\n"));
}

const LISTINGS: (&str, &str) = ("listings/mod.rs", "pub fn follow() {}\n");

#[test]
fn a_lower_domain_importing_a_higher_one_is_caught() {
    let t = tree(&[
        ("products/mod.rs", "pub mod service;\n"),
        ("products/service.rs", "use crate::listings::follow;\npub fn f() { follow() }\n"),
        LISTINGS,
    ]);
    let found = t.violations();
    assert!(found.iter().any(|v| v.contains("`products` must not import `listings`")), "{found:?}");
    // Written inline, without a `use`, too.
    let t = tree(&[("products/mod.rs", "pub fn f() { crate::listings::follow() }\n"), LISTINGS]);
    assert!(t.violations().iter().any(|v| v.contains("`products` must not import `listings`")));
    // The other way round is the architecture.
    let t = tree(&[("products/mod.rs", "pub fn g() {}\n"), ("listings/mod.rs", "use crate::products::g;\n")]);
    assert!(t.violations().is_empty(), "{:?}", t.violations());
}

#[test]
fn product_code_reaching_the_sandbox_or_demo_is_caught() {
    for (module, text) in [("sandbox/mod.rs", "pub fn s() {}\n"), ("demo/mod.rs", "pub fn s() {}\n")] {
        let top = module.split('/').next().unwrap();
        let t = tree(&[("payouts/mod.rs", &format!("use crate::{top}::s;\n")), (module, text)]);
        assert!(t.violations().iter().any(|v| v.contains(&format!("must not import `{top}`"))), "{top}");
    }
    let t = tree(&[("sandbox/mod.rs", "use crate::payouts::p;\n"), ("payouts/mod.rs", "pub fn p() {}\n")]);
    assert!(t.violations().iter().any(|v| v.contains("`sandbox` must not import `payouts`")));
}

#[test]
fn files_that_import_each_other_are_caught_and_reexports_are_not_imports() {
    let t = tree(&[
        ("products/mod.rs", "mod a;\nmod b;\npub use a::A;\n"),
        ("products/a.rs", "use super::b::B;\npub struct A(B);\n"),
        ("products/b.rs", "use super::A;\npub struct B(Box<A>);\n"),
    ]);
    let found = t.violations();
    assert!(found.iter().any(|v| v.contains("src/products/a.rs <-> src/products/b.rs")), "{found:?}");
    let t = tree(&[
        ("products/mod.rs", "mod a;\nmod b;\npub use a::A;\npub use b::B;\n"),
        ("products/a.rs", "pub struct A;\n"),
        ("products/b.rs", "use super::A;\npub struct B(A);\n"),
    ]);
    assert!(t.violations().is_empty(), "{:?}", t.violations());
}

#[test]
fn sql_outside_a_repo_file_and_long_files_are_caught() {
    let t = tree(&[
        ("products/mod.rs", "mod repo;\nmod service;\n"),
        ("products/repo.rs", "pub const Q: &str = \"SELECT * FROM product\";\n"),
        ("products/service.rs", "pub fn q() -> String { format!(\"UPDATE product SET n = {}\", 1) }\n"),
    ]);
    let found = t.violations();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("src/products/service.rs:1: SurrealQL (UPDATE)"), "{found:?}");
    let long = "fn f() {}\n".repeat(401);
    let t = tree(&[("products/mod.rs", &long)]);
    assert!(t.violations().iter().any(|v| v.contains("401 lines")));
}

#[test]
fn tests_may_import_anything() {
    let t = tree(&[
        ("products/mod.rs", "pub fn f() {}\n#[cfg(test)]\nmod tests {\n    use crate::listings::follow;\n}\n"),
        LISTINGS,
    ]);
    assert!(t.violations().is_empty(), "{:?}", t.violations());
    let t = tree(&[
        ("products/mod.rs", "#[cfg(test)]\nmod checks;\n"),
        ("products/checks.rs", "use crate::listings::follow;\nconst Q: &str = \"SELECT 1\";\n"),
        LISTINGS,
    ]);
    assert!(t.violations().is_empty(), "a test file too: {:?}", t.violations());
}

#[test]
fn the_lexer_sets_comments_and_literals_aside() {
    let text = "// use crate::a;\nlet s = \"use crate::b; \\\" crate::c\"; let c = '\"'; fn f<'a>(x: &'a str) {}\n\
                let r = r#\"crate::d \"quoted\"\"#; /* crate::e */ crate::f::g();\n";
    let (code, literals) = source::lex(text);
    assert!(!code.contains("crate::a") && !code.contains("crate::b") && !code.contains("crate::c"));
    assert!(!code.contains("crate::d") && !code.contains("crate::e") && code.contains("crate::f::g"));
    assert!(code.contains("fn f<'a>(x: &'a str)"), "lifetimes are code: {code}");
    assert_eq!(literals.len(), 2, "{literals:?}");
    assert!(literals[1].1.contains("\"quoted\""));
    assert_eq!(code.lines().count(), text.lines().count());
}

#[test]
fn an_island_reading_context_or_router_state_is_caught() {
    let t = tree(&[
        ("ui/mod.rs", "mod good;\nmod bad;\n"),
        ("ui/good.rs", "#[island]\npub fn Good(n: u32) -> u32 { n }\n"),
        ("ui/bad.rs", "#[island]\npub fn Bad() { let q = use_query_map(); let c = use_context::<u8>(); }\n"),
    ]);
    let found = t.violations();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|v| v.starts_with("src/ui/bad.rs")), "{found:?}");
}
