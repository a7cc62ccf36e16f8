//! The Python front end: parse (ruff's parser) → compile → bytecode → VM on the engine.
//!
//! The API the command line and the UI use: [`compile()`] a source into a [`Program`],
//! [`main_body`] to get the engine body that runs it, and [`Program::listings`] for the
//! bytecode of every code object with its source lines.
//!
//! The files are layers, each importing only the ones below it (or, for a pair that is
//! one unit, each other): `source` (files and lines) and `value` (values, with the
//! `NativeObject` trait native types implement) at the bottom; `bytecode`; the compiler
//! (`symtable`, `compile`, `syntax`, `program`, `dis`); the VM (`vm/`, with `format`'s
//! text rules below it); the built-ins (`builtins`, `methods`); the modules (`modules/`).
//! A lower layer reaches a higher one only through what is registered at start-up: the
//! [`vm::Hooks`] this file fills, and the `NativeObject` methods of the modules' types.

pub mod builtins;
pub mod bytecode;
pub mod codegen;
pub mod compile;
pub mod dis;
pub mod format;
pub mod mem;
pub mod methods;
pub mod modules;
pub mod nesting;
pub mod opcode;
pub mod program;
pub mod sites;
pub mod source;
pub mod symtable;
pub mod syntax;
pub mod value;
pub mod vm;
pub mod world;

use std::sync::Arc;

use gilscope_engine::{Body, Ctx, Halt, MS, ThreadExit};
use gilscope_trace::Nanos;
pub use program::{FrontError, Program, compile, compile_file};
pub use source::LineIndex;
use vm::{Hooks, Interp, Vm};
pub use vm::{RunConfig, StdoutReader};
pub use world::{IoConfig, NetProfile};

/// Simulated interpreter start-up before the first bytecode (docs/gil.md, calibration
/// figures: the interpreter's start-up).
const STARTUP: Nanos = 40 * MS;
/// Simulated interpreter finalisation after the main thread's last bytecode.
const FINALIZE: Nanos = 8 * MS;

/// What the built-ins and the modules lend the VM: the one place that names all layers.
static HOOKS: Hooks = Hooks {
    make_types: modules::make_types,
    make_builtins: builtins::make_builtins,
    construct: modules::construct,
    class_attr: methods::class_attr,
    call_method: methods::call,
    has_method: methods::has_method,
    attribute: methods::attribute,
    method_names: methods::method_names,
    unsupported_methods: methods::UNSUPPORTED,
    load_module: modules::load,
    lazy_attr: modules::stdlib::lazy_attr,
    stdlib_modules: modules::STDLIB_MODULES,
    known_unsupported: modules::KNOWN_UNSUPPORTED,
    third_party: modules::THIRD_PARTY,
    unsupported_attrs: modules::UNSUPPORTED_ATTRS,
    thread_repr: modules::threading::thread_repr,
};

/// The engine body of the program's main thread: start-up, the module,
/// `threading._shutdown`, the `atexit` callbacks, exit.
pub fn main_body(program: &Arc<Program>, config: RunConfig) -> Body {
    let program = Arc::clone(program);
    Box::new(move |ctx: &mut Ctx| {
        ctx.elapse(STARTUP);
        let code = Arc::clone(&program.code);
        let interp = Interp::new(program, config, &HOOKS);
        let main = Arc::clone(&interp.main);
        let mut vm = Vm::new(ctx, Arc::clone(&interp));
        let result = vm.run_module(code, main);
        let mut status = match result {
            Ok(_) => 0,
            Err(flow) => vm.report_main(flow)?,
        };
        let s = vm.threading_shutdown()?;
        if status == 0 {
            status = s;
        }
        vm.run_exit_funcs()?;
        vm.flush_stdout().map_err(|_| Halt)?;
        vm.warn_never_awaited_at_exit().map_err(|_| Halt)?;
        if status == 0 && interp.unsupported.lock().is_some() {
            status = 2;
        }
        vm.ctx.set_exit_status(status);
        vm.ctx.elapse(FINALIZE);
        Ok(if status == 0 {
            ThreadExit::Returned
        } else {
            ThreadExit::Raised
        })
    })
}
