//! `gilscope snapshot`: the UI's screen at a simulated time, as text and SVG, written where
//! the command says.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod support;

use std::process::Command;

use gilscope::engine::{MS, Options};
use gilscope::program::Program;
use gilscope::ui::Session;
use gilscope::ui::capture::snapshot::screen_at;
use gilscope::ui::capture::svg;
use gilscope::ui::theme::{Theme, ThemeName, hex};

#[test]
fn the_command_writes_the_screen_at_a_time_and_says_where() {
    let dir = std::env::temp_dir().join(format!("gilscope-snap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let snap = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gilscope"))
            .arg("snapshot")
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let said = snap(&[
        "demo", "--at", "25ms", "--theme", "light", "--size", "100x30",
    ]);
    assert_eq!(
        said,
        "gilscope-demo-0.025000s.txt\ngilscope-demo-0.025000s.svg\n"
    );
    // Twice at the same time: a new name, nothing overwritten.
    let again = snap(&["demo", "--at", "0.025"]);
    assert_eq!(
        again,
        "gilscope-demo-0.025000s-2.txt\ngilscope-demo-0.025000s-2.svg\n"
    );

    let session = Session {
        trace: Program::Demo.into(),
        options: Options::default(),
        theme: Theme::new(ThemeName::Light, true, false),
        lang: gilscope::i18n::Lang::En,
    };
    let screen = screen_at(&session, 25 * MS, (100, 30));
    let text = std::fs::read_to_string(dir.join("gilscope-demo-0.025000s.txt")).unwrap();
    assert_eq!(text, svg::text(&screen));
    assert!(
        text.lines().next().unwrap().contains("t = 0.025000 s"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 30);
    let image = std::fs::read_to_string(dir.join("gilscope-demo-0.025000s.svg")).unwrap();
    support::assert_well_formed_svg(&image);
    // The light theme's background, and thread 1's orange on its running cells.
    assert!(image.contains(&format!("fill=\"{}\"/>", hex(session.theme.terminal.bg))));
    assert!(image.contains("fill=\"#b06e00\""), "no thread colour");
    // -o names the files.
    let named = snap(&["demo", "--at", "1s", "-o", "end"]);
    assert_eq!(named, "end.txt\nend.svg\n");
    assert!(
        std::fs::read_to_string(dir.join("end.txt"))
            .unwrap()
            .contains("finished")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
