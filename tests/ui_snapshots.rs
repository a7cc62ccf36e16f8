//! Whole screens at fixed steps and seeds, as text snapshots (colours are checked cell by
//! cell in `ui_widgets.rs`, since snapshots carry no styles).

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use gilscope::engine::{self, Options};
use gilscope::program::Program;
use gilscope::trace::Store;
use gilscope::ui::app::App;
use gilscope::ui::keymap::Action;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Session, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen_after(actions: &[Action], w: u16, h: u16) -> String {
    let session = Session {
        trace: Program::Demo.into(),
        options: Options::default(),
        theme: Theme::new(ThemeName::Dark, true, false),
        mode: "CPython 3.11 GIL".into(),
    };
    let store = Store::from_chunks(engine::run_to_end(
        Options::default(),
        Program::Demo.launch_body(),
    ));
    let mut app = App::new();
    app.ingest(store.to_chunk());
    for &a in actions {
        app.update(a);
    }
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        draw(f, &mut app, &session);
    })
    .unwrap();
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
