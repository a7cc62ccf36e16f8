//! Development aid: `gilscope dis FILE` from the Python crate alone (no UI to build), what
//! `python3 -m dis FILE` prints under CPython 3.11.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pydis FILE.py");
        std::process::exit(2);
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("pydis: can't open file '{path}': {e}");
            std::process::exit(2);
        }
    };
    match gilscope_python::dis::cpython(&path, &source) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprint!("{e}");
            std::process::exit(e.status());
        }
    }
}
