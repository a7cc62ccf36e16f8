//! The Python front end is part of the terminal-free core: it must never reach into the
//! UI or the terminal crates (PRODUCT.md, STYLE.md practice 2).

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn python_never_imports_the_ui() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/python/src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 10);
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable");
        for bad in ["ratatui", "crossterm", "crate::ui"] {
            assert!(!text.contains(bad), "{} mentions {bad}", f.display());
        }
    }
}
