//! Lesson cards bring the lanes they talk about into view. Quiz mode as a class sees it: the playback stops where a question is asked with the
//! question and its choices on screen and nothing that gives the answer away, an answer
//! key plays on to the moment that decides it, which is revealed with the right choice
//! marked, and the end shows the summary; at 80x24 and 200x60.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

mod common;

use common::text;
use std::time::Duration;

use gilscope::engine::{Options, SEC};
use gilscope::i18n::Lang;
use gilscope::program::TraceSource;
use gilscope::python::RunConfig;
use gilscope::scenario;
use gilscope::ui::app::App;
use gilscope::ui::keymap::Action;
use gilscope::ui::quiz::Phase;
use gilscope::ui::theme::{Theme, ThemeName};
use gilscope::ui::timeline::Row;
use gilscope::ui::{Offscreen, Session, lessons_of, questions_of};

fn session(name: &str) -> Session {
    let trace = TraceSource::scenario(scenario::find(name).unwrap(), RunConfig::default()).unwrap();
    Session {
        trace,
        options: Options {
            max_time: Some(60 * SEC),
            ..Options::default()
        },
        theme: Theme::new(ThemeName::Dark, true, false),
        lang: Lang::En,
    }
}

/// An app in quiz mode on the whole run of `s`, paused at the start.
fn quiz_app(s: &Session) -> App {
    let TraceSource::Run(program) = &s.trace else {
        panic!("not a program");
    };
    let run = program.launch(s.options.clone());
    let mut app = App::new();
    app.set_questions(questions_of(&s.trace));
    app.update(Action::Quiz);
    while let Ok(chunk) = run.events().recv() {
        let last = chunk.end.is_some();
        app.ingest(chunk);
        if last {
            break;
        }
    }
    run.stop();
    app
}

/// Plays until the quiz stops the playback (or the run ends).
fn play_to_stop(app: &mut App) {
    app.playing = true;
    for _ in 0..100_000 {
        app.tick(Duration::from_millis(50));
        if !app.playing {
            return;
        }
    }
    panic!("the playback never stopped");
}

#[test]
fn a_question_stops_the_playback_before_its_answer_and_reveals_it_after() {
    let s = session("sleep4");
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = quiz_app(&s);
        play_to_stop(&mut app);
        let Some(Phase::Asking(asked)) = app.quiz.as_ref().map(|q| q.phase.clone()) else {
            panic!("{w}x{h}: no question asked: {:?}", app.quiz);
        };
        assert!(app.playhead < asked.answer_t);
        let screen = text(&Offscreen::new(w, h).draw(&mut app, &s).clone());
        assert!(screen.contains("Question 1 of 2"), "{w}x{h}:\n{screen}");
        assert!(
            screen.contains("Which one will print"),
            "{w}x{h}:\n{screen}"
        );
        for (i, c) in asked.choices.iter().enumerate() {
            assert!(
                screen.contains(&format!("{}  {}", i + 1, c.en)),
                "{w}x{h}: choice {i} missing:\n{screen}"
            );
        }
        assert!(screen.contains("Answer with 1-4"), "{w}x{h}:\n{screen}");
        // No thread has printed 'done' yet (the source shows the print itself).
        for t in ["t0", "t1", "t2", "t3"] {
            assert!(
                !screen.contains(&format!("{t}: done")),
                "{w}x{h}:\n{screen}"
            );
        }
        // Playing, stepping or jumping waits for an answer.
        let at = app.playhead;
        app.update(Action::TogglePlay);
        app.update(Action::End);
        app.tick(Duration::from_secs(5));
        assert_eq!(app.playhead, at, "{w}x{h}: moved before the answer");

        // A wrong answer on purpose: the choice after the right one.
        let wrong = (asked.right + 1) % asked.choices.len();
        app.update(Action::Answer(wrong as u8));
        play_to_stop(&mut app);
        assert!(matches!(
            app.quiz.as_ref().map(|q| &q.phase),
            Some(Phase::Revealed { .. })
        ));
        assert_eq!(app.playhead, asked.answer_t);
        assert_eq!(app.cursor, Some(asked.answer_event), "the deciding event");
        let screen = text(&Offscreen::new(w, h).draw(&mut app, &s).clone());
        assert!(screen.contains("Not this time."), "{w}x{h}:\n{screen}");
        assert!(
            screen.contains(&format!(
                "✓ {}  {}",
                asked.right + 1,
                asked.choices[asked.right].en
            )),
            "{w}x{h}:\n{screen}"
        );
        if h >= 60 {
            let right = &asked.choices[asked.right].en;
            let printed = format!("t{}: done", &right[7..8].parse::<u32>().unwrap() - 1);
            assert!(
                screen.contains(&printed),
                "{w}x{h}: the answer's output:\n{screen}"
            );
        }

        // Space plays on to the second question; answer it right, then play to the end.
        app.update(Action::TogglePlay);
        play_to_stop(&mut app);
        let Some(Phase::Asking(second)) = app.quiz.as_ref().map(|q| q.phase.clone()) else {
            panic!("{w}x{h}: no second question: {:?}", app.quiz);
        };
        app.update(Action::Answer(second.right as u8));
        play_to_stop(&mut app);
        app.update(Action::TogglePlay);
        play_to_stop(&mut app);
        assert!(app.at_end());
        let screen = text(&Offscreen::new(w, h).draw(&mut app, &s).clone());
        assert!(
            screen.contains("Quiz over: 2 questions asked, 2 answered, 1 right."),
            "{w}x{h}:\n{screen}"
        );
    }
}

#[test]
fn the_quiz_key_turns_it_off_and_says_so_where_there_is_no_quiz() {
    let mut app = App::new();
    app.update(Action::Quiz);
    assert!(app.quiz.is_none());
    assert!(app.notice.as_deref().unwrap_or("").contains("no quiz"));
    let s = session("sleep4");
    let mut app = quiz_app(&s);
    assert!(app.quiz.is_some());
    app.update(Action::Quiz);
    assert!(app.quiz.is_none());
    play_to_stop(&mut app);
    assert!(app.at_end(), "without the quiz the run plays to its end");
}

#[test]
fn every_lesson_card_shows_the_lanes_of_the_threads_it_names() {
    for (name, w, h) in [
        ("downloads", 120, 40),
        ("downloads", 80, 24),
        ("race", 80, 24),
    ] {
        let s = session(name);
        let mut app = quiz_app(&s);
        app.update(Action::Quiz);
        app.set_lessons(lessons_of(&s.trace));
        let mut shown = 0;
        for card in 1..=app.lessons.len() {
            app.update(Action::NextLesson);
            Offscreen::new(w, h).draw(&mut app, &s);
            let Some(stop) = app.lesson_stop().cloned() else {
                break;
            };
            // The lanes of a card's threads are listed in order; the lowest is on screen,
            // with as many of those above it as fit.
            let lanes = &app.view.geometry.shown;
            let last = stop.threads.iter().max();
            if let Some(&tid) = last {
                assert!(
                    lanes.contains(&Row::Thread(tid)),
                    "{name} {w}x{h} card {card}: thread {tid} is named but its lane is off screen"
                );
                shown += 1;
            }
        }
        assert!(shown >= 2, "{name}: {shown} cards name threads");
    }
}
