//! Whole screens at fixed steps and seeds, as text snapshots (colours are checked cell by
//! cell in `ui_widgets.rs`, since snapshots carry no styles).

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use gilscope::engine::{self, Options};
use gilscope::program::{Program, TraceSource};
use gilscope::python::RunConfig;
use gilscope::trace::Store;
use gilscope::ui::app::App;
use gilscope::ui::keymap::Action;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Session, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen_after(actions: &[Action], w: u16, h: u16) -> String {
    screen_of(Program::Demo, Options::default(), actions, w, h)
}

/// The lecture's programa2 with `seed`, after `actions`.
fn lecture(seed: u64, actions: &[Action], w: u16, h: u16) -> String {
    let options = Options {
        seed,
        ..Options::default()
    };
    let TraceSource::Run(program) = TraceSource::open("programa2", RunConfig::default()).unwrap()
    else {
        unreachable!("a scenario runs")
    };
    screen_of(program, options, actions, w, h)
}

fn screen_of(program: Program, options: Options, actions: &[Action], w: u16, h: u16) -> String {
    let store = Store::from_chunks(engine::run_to_end(options.clone(), program.body(&options)));
    let session = Session {
        trace: program.into(),
        options,
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: gilscope::i18n::Lang::En,
    };
    let mut app = App::new();
    app.ingest(store.to_chunk());
    for &a in actions {
        app.update(a);
    }
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    // The layout pass, then a drawing that only reads the state.
    app.lay_out(ratatui::layout::Rect::new(0, 0, w, h), &session);
    term.draw(|f| draw(f, &app, &session)).unwrap();
    term.backend().to_string()
}

#[test]
fn demo_at_its_first_handoffs_120x40() {
    let steps = [Action::NextHandoff; 3];
    insta::assert_snapshot!(screen_after(&steps, 120, 40));
}

#[test]
fn demo_at_the_end_80x24() {
    insta::assert_snapshot!(screen_after(&[Action::End], 80, 24));
}

#[test]
fn demo_help_40x12() {
    insta::assert_snapshot!(screen_after(&[Action::StepForward, Action::Help], 40, 12));
}

#[test]
fn lecture_program_2_as_its_first_thread_prints_120x40() {
    // Step to Thread-1's first write: its round-0 line appears in the output.
    let steps = [Action::StepForward; 60];
    insta::assert_snapshot!(lecture(1, &steps, 120, 40));
}

#[test]
fn lecture_program_2_after_its_first_round_200x60() {
    let mut steps = vec![Action::StepForward; 140];
    steps.push(Action::ZoomIn);
    insta::assert_snapshot!(lecture(1, &steps, 200, 60));
}

#[test]
fn lecture_program_2_at_the_end_80x24() {
    insta::assert_snapshot!(lecture(2, &[Action::End], 80, 24));
}
