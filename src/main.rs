use clap::Parser as _;

fn main() {
    let cli = gilscope::cli::Cli::parse();
    std::process::exit(gilscope::cli::main(cli));
}
