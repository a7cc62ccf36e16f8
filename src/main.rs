fn main() {
    // color-eyre's hooks first; ours chains to them (ratatui's recommended order).
    let _ = color_eyre::install();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A simulated thread's panic is caught by the engine and shown as the program's
        // error; printing it here would scribble over the UI.
        let worker = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with("gilscope-t"));
        if worker && std::env::var_os("GILSCOPE_DEBUG").is_none() {
            return;
        }
        gilscope::ui::term::restore();
        previous(info);
        std::process::exit(101);
    }));
    let cli = gilscope::cli::Cli::parse_anywhere(std::env::args_os());
    std::process::exit(gilscope::cli::main(cli));
}
