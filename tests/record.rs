//! `gilscope record`: what it writes is a valid asciicast v2 whose last frame is the UI's
//! own last frame, deterministic per seed, in colour even under NO_COLOR.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;
mod support;

use std::process::Command;

use std::sync::Arc;

use gilscope::engine::{Ctx, MS, Options, SEC, ThreadExit, ThreadSpec};
use gilscope::program::Program;
use gilscope::program::{SavedTrace, TraceSource};
use gilscope::trace::Stream;
use gilscope::trace::file::RunMeta;
use gilscope::ui::app::App;
use gilscope::ui::capture::record::{RecordOptions, START_HOLD, record};
use gilscope::ui::keymap::Action;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::{Offscreen, Session};
use support::{parse_cast, screen_differences};

fn session(seed: u64, theme: ThemeName) -> Session {
    Session {
        trace: Program::Demo.into(),
        options: Options {
            seed,
            ..Options::default()
        },
        theme: Theme::new(theme, true, false),
        lang: gilscope::i18n::Lang::En,
    }
}

fn cast(s: &Session, opts: &RecordOptions) -> String {
    let mut out = Vec::new();
    record(s, opts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The UI's own screen at the end of playback, drawn without any recording.
fn last_screen(s: &Session, opts: &RecordOptions) -> ratatui::buffer::Buffer {
    let (_, store) = s.trace.trace(&s.options);
    let mut app = App::new();
    app.ingest(store.to_chunk());
    if let Some(speed) = opts.speed {
        app.set_speed(speed);
    }
    app.update(Action::End);
    Offscreen::new(opts.size.0, opts.size.1)
        .draw(&mut app, s)
        .clone()
}

#[test]
fn the_cast_is_valid_v2_and_ends_on_the_uis_last_frame() {
    for (theme, opts) in [
        (ThemeName::Dark, RecordOptions::default()),
        (
            ThemeName::HighContrast,
            RecordOptions {
                size: (80, 24),
                fps: 30,
                speed: Some(0.02),
                keys: true,
                lesson: false,
            },
        ),
    ] {
        let s = session(1, theme);
        let text = cast(&s, &opts);
        let c = parse_cast(&text);
        assert_eq!(c.header["width"], opts.size.0);
        assert_eq!(c.header["height"], opts.size.1);
        assert_eq!(c.header["idle_time_limit"], 2.0);
        assert_eq!(c.header["title"], "gilscope: demo (Rust scenario) (seed 1)");
        let fg = format!(
            "#{:02x}{:02x}{:02x}",
            s.theme.terminal.fg[0], s.theme.terminal.fg[1], s.theme.terminal.fg[2]
        );
        assert_eq!(c.header["theme"]["fg"], fg.as_str());
        // Nothing the players misread: synchronized output, underline colours.
        let all = c.output();
        for bad in ["\x1b[?2026", "\x1b[58", "\x1b[59"] {
            assert!(!all.contains(bad), "{bad:?} in the cast");
        }
        // One full repaint, at the start.
        assert_eq!(all.matches("\x1b[2J").count(), 1);
        assert!(
            c.events[0]
                .data
                .starts_with("\x1b[?25l\x1b[0m\x1b[H\x1b[2J")
        );
        // At 30 fps or less while playing.
        let frames: Vec<f64> = c
            .events
            .iter()
            .filter(|e| e.code == "o")
            .map(|e| e.time)
            .collect();
        let fastest = frames
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold(f64::MAX, f64::min);
        assert!(fastest >= 1.0 / 30.0 - 1e-6, "{fastest}");
        let end = c.events.last().unwrap().time;
        let vt = c.play(end);
        let mut expected = last_screen(&s, &opts);
        let diff = screen_differences(vt.screen(), &expected);
        assert!(
            diff.is_empty(),
            "{theme:?}: {diff:#?}\n{}",
            vt.screen().contents()
        );
        // The comparison sees a single cell's colour.
        expected[(3, 2)].fg = ratatui::style::Color::Rgb(1, 2, 3);
        assert_eq!(screen_differences(vt.screen(), &expected).len(), 1);
        assert!(vt.screen().contents().contains("finished"));
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_another_cast() {
    let opts = RecordOptions::default();
    let a = cast(&session(7, ThemeName::Dark), &opts);
    assert_eq!(a, cast(&session(7, ThemeName::Dark), &opts));
    assert_ne!(a, cast(&session(8, ThemeName::Dark), &opts));
}

#[test]
fn playback_follows_the_fitted_speed_and_the_holds() {
    let s = session(0, ThemeName::Dark);
    let c = parse_cast(&cast(&s, &RecordOptions::default()));
    let (_, store) = s.trace.trace(&s.options);
    let mut app = App::new();
    app.ingest(store.to_chunk());
    // The demo is CPU-bound: one 5 ms switch interval plays in about half a second.
    let speed = app.speed();
    assert!((0.005..=0.02).contains(&speed), "{speed}");
    let last_frame = c
        .events
        .iter()
        .rev()
        .find(|e| !e.data.is_empty())
        .unwrap()
        .time;
    let playing = store.clock() as f64 / 1e9 / speed;
    let expected = START_HOLD.as_secs_f64() + playing;
    assert!(
        (last_frame - expected).abs() <= 0.06,
        "{last_frame} vs {expected}"
    );
    // Paused for the first second, then playing; the last event holds the last frame.
    let first_second = c.play(0.99);
    assert!(first_second.screen().contents().contains("paused"));
    assert!(c.play(1.5).screen().contents().contains("playing"));
    assert_eq!(c.events.last().unwrap().data, "");
    assert!((c.events.last().unwrap().time - last_frame - 2.0).abs() < 1e-9);
    // Half way, the playhead is where the speed puts it.
    let t = START_HOLD.as_secs_f64() + playing / 2.0;
    let screen = c.play(t).screen().contents();
    let sim = (t - START_HOLD.as_secs_f64()) * speed;
    let shown = format!("t = {:.3}", sim);
    assert!(
        screen.contains(&shown[..shown.len() - 1]),
        "{shown} not in\n{screen}"
    );
    assert!(store.clock() > 50 * MS);
}

#[test]
fn keys_show_as_input_events_and_an_overlay() {
    let s = session(0, ThemeName::Dark);
    let opts = RecordOptions {
        keys: true,
        ..RecordOptions::default()
    };
    let c = parse_cast(&cast(&s, &opts));
    let inputs: Vec<_> = c.events.iter().filter(|e| e.code == "i").collect();
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0].data, " ");
    assert_eq!(inputs[0].time, 1.0);
    assert!(
        c.play(1.0)
            .screen()
            .contents()
            .contains("space  play / pause")
    );
    assert!(
        !c.play(3.0)
            .screen()
            .contents()
            .contains("space  play / pause")
    );
    let plain = parse_cast(&cast(&s, &RecordOptions::default()));
    assert!(plain.events.iter().all(|e| e.code != "i"));
}

#[test]
fn the_command_records_in_colour_even_under_no_color() {
    let dir = std::env::temp_dir().join(format!("gilscope-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("demo.cast");
    let run = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["record", "demo", "--seed", "3", "--size", "100x30", "-o"])
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let said = String::from_utf8(run.stdout).unwrap();
    assert!(said.starts_with(&format!("{}: ", out.display())), "{said}");
    let text = std::fs::read_to_string(&out).unwrap();
    let c = parse_cast(&text);
    assert_eq!(c.header["width"], 100);
    assert!(
        c.output().contains("\x1b[38;2;230;159;0"),
        "no colour in the cast"
    );
    // The file is what the library writes for the same options.
    let lib = cast(
        &session(3, ThemeName::Dark),
        &RecordOptions {
            size: (100, 30),
            ..RecordOptions::default()
        },
    );
    assert_eq!(text, lib);
    // The default scenario stays well under 2 MB.
    assert!(text.len() < 2_000_000, "{} bytes", text.len());
    let bad = Command::new(env!("CARGO_BIN_EXE_gilscope"))
        .args(["record", "nosuch", "-o"])
        .arg(dir.join("x.cast"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no such file or scenario"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The lecture's program 2 as a Rust scenario: four threads print and sleep a second, ten
/// times each, while main joins them (about 10 simulated seconds, I/O-bound).
fn lecture_like() -> TraceSource {
    let store = common::trace(
        common::opts(1, 5.0),
        Box::new(|ctx: &mut Ctx| {
            let mut tids = Vec::new();
            for colour in ["azul", "amarelo", "vermelho", "verde"] {
                tids.push(ctx.spawn(
                    ThreadSpec::named(format!("Thread-{} (imprimir)", tids.len() + 1)),
                    Box::new(move |c: &mut Ctx| {
                        for i in 0..10 {
                            c.write(
                                Stream::Stdout,
                                &format!("Cor impressa: rodada {i} - {colour}\n"),
                            )?;
                            c.sleep(SEC)?;
                        }
                        Ok(ThreadExit::Returned)
                    }),
                )?);
            }
            ctx.write(Stream::Stdout, "\nIniciando a thread\n\n")?;
            for t in tids {
                ctx.join(t, None)?;
            }
            ctx.write(Stream::Stdout, "Finalizando a thread\n")?;
            Ok(ThreadExit::Returned)
        }),
    );
    let meta = RunMeta {
        program: "programa2 (as a Rust scenario)".into(),
        seed: 1,
        switch_interval_ns: 5 * MS,
        ..RunMeta::default()
    };
    TraceSource::Saved(Arc::new(SavedTrace { meta, store }))
}

#[test]
fn a_ten_second_lecture_program_records_in_real_time_under_two_megabytes() {
    let trace = lecture_like();
    let s = Session {
        options: trace.options(&Options::default()),
        trace,
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: gilscope::i18n::Lang::En,
    };
    let text = cast(&s, &RecordOptions::default());
    let c = parse_cast(&text);
    // I/O-bound: played in real time, so 10 simulated seconds take about 10 s.
    let last_frame = c
        .events
        .iter()
        .rev()
        .find(|e| !e.data.is_empty())
        .unwrap()
        .time;
    assert!((10.0..12.5).contains(&last_frame), "{last_frame}");
    assert!(text.len() < 2_000_000, "{} bytes", text.len());
    let end = c.play(last_frame).screen().contents();
    assert!(end.contains("Finalizando a thread"), "{end}");
}

#[test]
fn a_lesson_recording_pauses_at_every_bookmark_with_its_sentence() {
    let trace = gilscope::program::TraceSource::open("programa2", Default::default()).unwrap();
    let s = Session {
        trace,
        lang: gilscope::i18n::Lang::Pt,
        ..session(0, ThemeName::Dark)
    };
    let opts = RecordOptions {
        lesson: true,
        ..RecordOptions::default()
    };
    let c = parse_cast(&cast(&s, &opts));
    let markers: Vec<_> = c.events.iter().filter(|e| e.code == "m").collect();
    // What each card says in this run (its names filled in).
    let (_, store) = s.trace.trace(&s.options);
    let lesson = gilscope::scenario::find("programa2").unwrap().lesson();
    let said: Vec<String> = lesson
        .cards
        .iter()
        .filter_map(|c| match c.resolve(&store) {
            gilscope::lessons::Resolution::Found(stop) => Some(stop.text.pt),
            _ => None,
        })
        .collect();
    assert_eq!(said.len(), lesson.cards.len());
    assert_eq!(markers.len(), said.len());
    for (i, (m, text)) in markers.iter().zip(&said).enumerate() {
        assert_eq!(m.data, *text);
        // On screen at the marker: the sentence (its first words) and "lição i/n".
        let screen = c.play(m.time + 0.5).screen().contents();
        let first: String = text
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            screen.contains(&first),
            "bookmark {i}: {first:?} not on\n{screen}"
        );
        assert!(
            screen.contains(&format!("lição {}/{}", i + 1, markers.len())),
            "{screen}"
        );
    }
    // The times never go backwards, and the recording ends after the last bookmark.
    assert!(c.events.windows(2).all(|w| w[0].time <= w[1].time));
}
