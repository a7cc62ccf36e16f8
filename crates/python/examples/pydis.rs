//! Development aid: prints what `python3 -m dis FILE` prints, from gilscope's compiler.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pydis FILE.py");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let parsed =
        ruff_python_parser::parse_unchecked_source(&source, ruff_python_ast::PySourceType::Python);
    let module = parsed.into_syntax();
    match gilscope_python::codegen::compile_module(&module.body, &source, &path) {
        Ok(code) => print!("{}", gilscope_python::dis::render_cpython(&code)),
        Err(e) => {
            eprintln!("error: {}", e.message);
            std::process::exit(1);
        }
    }
}
