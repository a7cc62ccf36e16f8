//! Every card of every lesson is true where it stops. Each lesson runs in every GIL mode
//! (3.11, 3.9, free-threaded) over ten seeds, into a trace bounded as the UI bounds it, and
//! for each card the checks written beside its sentence must hold at its moment: the
//! threads it names exist and are in the states it says, the lock or core is as it says.
//! A card may be left out of a run only where none of its cases applies (a GIL card in a
//! free-threaded run); where one applies, its moment must occur, unless the card is marked
//! optional (its moment is the OS's luck), and then it must occur by default (--gil 3.11)
//! in at least one seed. By default every other card is shown. The lesson must also fit
//! in the UI's history, and a card found while the trace still streams in must be the card
//! found at the end (the UI resolves cards as the run arrives).
//!
//! The same runs check the lesson's quiz: each question is resolved as the UI asks it (in
//! order, each after the previous answer), and where it is asked its revealed answer is
//! checked against the trace: the event that decides it comes after the asking and is
//! done by the thread offered as right, or, for written choices, exactly one holds there
//! and it did not already hold where the question was asked; the question is asked the
//! same while the trace streams in. The default run (--gil 3.11, seed 0) asks at least two
//! questions, and each question is asked by default in some seed.

#![allow(clippy::unwrap_used)] // tests may panic on what they do not expect

use std::fmt::Write as _;

use gilscope::engine::{GilMode, Options, SEC};
use gilscope::lessons::{Asked, Asking, Card, Choices, Lesson, Resolution, Stop, Verdict};
use gilscope::program::TraceSource;
use gilscope::python::RunConfig;
use gilscope::scenario;
use gilscope::trace::{Chunk, Store};
use gilscope::ui::app::TRACE_BUDGET;

const SEEDS: u64 = 10;
const MODES: [(GilMode, &str); 3] = [
    (GilMode::V311, "3.11"),
    (GilMode::V39, "3.9"),
    (GilMode::Off, "off"),
];

/// One run of a lesson, as the UI receives it: the chunks, in order.
fn run(name: &str, args: &[&str], gil: GilMode, seed: u64) -> Vec<Chunk> {
    let config = RunConfig {
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        ..RunConfig::default()
    };
    let TraceSource::Run(program) =
        TraceSource::scenario(scenario::find(name).unwrap(), config).unwrap()
    else {
        panic!("{name} is not a program");
    };
    let options = Options {
        seed,
        gil,
        max_time: Some(60 * SEC),
        ..Options::default()
    };
    let run = program.launch(options);
    let mut chunks = Vec::new();
    while let Ok(chunk) = run.events().recv() {
        let last = chunk.end.is_some();
        chunks.push(chunk);
        if last {
            break;
        }
    }
    run.stop();
    chunks
}

/// While the run streams in, a card is pending until it is found where it is found at
/// the end: never found elsewhere, nor left out. Looked at after about forty of the
/// chunks; returns what went wrong.
fn streamed(card: &Card, chunks: &[Chunk], stop: &Stop) -> Option<String> {
    let mut store = Store::bounded(TRACE_BUDGET);
    let every = chunks.len().div_ceil(40).max(1);
    for (i, c) in chunks.iter().enumerate() {
        store.ingest(c.clone());
        if i % every != 0 && i + 1 != chunks.len() {
            continue;
        }
        match card.resolve(&store) {
            Resolution::Pending => {}
            // Names may read otherwise later (a second process prefixes them with theirs).
            Resolution::Found(s) if (s.event, s.t) == (stop.event, stop.t) => return None,
            other => {
                return Some(format!(
                    "after {} events: {other:?}, at the end {stop:?}",
                    store.events().len()
                ));
            }
        }
    }
    Some("never found while streaming".to_owned())
}

/// Asks the quiz of `lesson` as the UI does on the run in `store` (received as `chunks`):
/// each question after the previous answer. Writes what is wrong; returns what was asked.
fn check_quiz(
    lesson: &Lesson,
    store: &Store,
    chunks: &[Chunk],
    here: &str,
    wrong: &mut String,
) -> Vec<Option<Asked>> {
    let mut out = Vec::new();
    let mut not_before = 0;
    for (k, q) in lesson.questions.iter().enumerate() {
        let no = k + 1;
        let asked = match q.resolve(store, not_before) {
            Asking::Asked(a) => a,
            Asking::Skipped => {
                out.push(None);
                continue;
            }
            Asking::Pending => {
                writeln!(wrong, "{here}: question {no} still pending at the end").unwrap();
                out.push(None);
                continue;
            }
            Asking::Undecided(why) => {
                writeln!(wrong, "{here}: question {no} is not decided: {why}").unwrap();
                out.push(None);
                continue;
            }
        };
        let mut bad = |what: String| writeln!(wrong, "{here}: question {no}: {what}").unwrap();
        if asked.answer_t <= asked.ask_t {
            bad(format!(
                "answered at {} before it is asked at {}",
                asked.answer_t, asked.ask_t
            ));
        }
        if !(2..=4).contains(&asked.choices.len()) || asked.right >= asked.choices.len() {
            bad(format!(
                "{} choices, right {}",
                asked.choices.len(),
                asked.right
            ));
        }
        let e = store.events()[asked.answer_event];
        if e.t != asked.answer_t && !matches!(q.choices, Choices::Written(_)) {
            bad(format!(
                "the answer's event is at {}, not {}",
                e.t, asked.answer_t
            ));
        }
        match &q.choices {
            Choices::Threads { .. } => {
                // The thread offered as right is the one that did what decides it.
                let named = &asked.choices[asked.right.min(asked.choices.len() - 1)].en;
                if *named != store.thread_label(e.tid) || asked.thread != Some(e.tid) {
                    bad(format!(
                        "the right choice is {named}, but {} did it",
                        store.thread_label(e.tid)
                    ));
                }
                // Nothing the thread did that decides it is on screen where it is asked.
                if e.t <= asked.ask_t {
                    bad("the answer is on screen when it is asked".to_owned());
                }
            }
            Choices::Written(_) => {
                if q.given_away(store, &asked) {
                    bad("the right choice already holds where it is asked".to_owned());
                }
            }
        }
        if let Some(why) = streamed_question(q, chunks, &asked, not_before) {
            bad(why);
        }
        not_before = asked.answer_t;
        out.push(Some(asked));
    }
    out
}

/// While the run streams in, a question is pending until it is asked as it is at the end.
fn streamed_question(
    q: &gilscope::lessons::Question,
    chunks: &[Chunk],
    asked: &Asked,
    not_before: gilscope::trace::Nanos,
) -> Option<String> {
    let mut store = Store::bounded(TRACE_BUDGET);
    let every = chunks.len().div_ceil(40).max(1);
    for (i, c) in chunks.iter().enumerate() {
        store.ingest(c.clone());
        if i % every != 0 && i + 1 != chunks.len() {
            continue;
        }
        match q.resolve(&store, not_before) {
            Asking::Pending => {}
            Asking::Asked(a)
                if (a.ask_t, a.answer_event, a.right)
                    == (asked.ask_t, asked.answer_event, asked.right) =>
            {
                return None;
            }
            other => {
                return Some(format!(
                    "after {} events: {other:?}, at the end {asked:?}",
                    store.events().len()
                ));
            }
        }
    }
    Some("never asked while streaming".to_owned())
}

/// Checks every card of lesson `name` run with `args`; returns what is wrong, one line
/// per failure.
fn check_lesson(name: &str, args: &[&str]) -> String {
    let lesson = scenario::find(name).unwrap().try_lesson().unwrap();
    let mut wrong = String::new();
    // Whether each card was shown by default (--gil 3.11) in at least one seed.
    let mut shown_by_default = vec![false; lesson.cards.len()];
    let mut asked_by_default = vec![false; lesson.questions.len()];
    for (gil, mode) in MODES {
        for seed in 0..SEEDS {
            let chunks = run(name, args, gil, seed);
            let mut store = Store::bounded(TRACE_BUDGET);
            for c in chunks.iter().cloned() {
                store.ingest(c);
            }
            let here = format!("{name} {args:?} --gil {mode} --seed {seed}");
            if store.dropped() > 0 {
                writeln!(
                    wrong,
                    "{here}: the UI's history dropped the run before {:.3} s",
                    store.horizon() as f64 / 1e9
                )
                .unwrap();
            }
            let asked = check_quiz(&lesson, &store, &chunks, &here, &mut wrong);
            if gil == GilMode::V311 {
                for (k, a) in asked.iter().enumerate() {
                    asked_by_default[k] |= a.is_some();
                }
                let n = asked.iter().flatten().count();
                if seed == 0 && n < 2 {
                    writeln!(wrong, "{here}: the default run asks {n} questions").unwrap();
                }
            }
            let mut shown = 0;
            for (k, card) in lesson.cards.iter().enumerate() {
                let card_no = k + 1;
                match card.verdict(&store) {
                    Verdict::Shown { stop, .. } => {
                        shown += 1;
                        if let Some(other) = streamed(card, &chunks, &stop) {
                            writeln!(wrong, "{here}: card {card_no}: {other}").unwrap();
                        }
                    }
                    Verdict::NotApplicable => {}
                    Verdict::Untrue {
                        case,
                        moment,
                        failures,
                    } => writeln!(
                        wrong,
                        "{here}: card {card_no} case {} at {:.6} s is untrue: {}",
                        case + 1,
                        moment.t as f64 / 1e9,
                        failures.join("; ")
                    )
                    .unwrap(),
                    Verdict::NotFound { .. } if card.optional => {}
                    Verdict::NotFound { cases } => writeln!(
                        wrong,
                        "{here}: card {card_no}: the moment of case(s) {cases:?} never occurred"
                    )
                    .unwrap(),
                    Verdict::Pending => {
                        writeln!(wrong, "{here}: card {card_no} still pending at the end").unwrap();
                    }
                }
            }
            if shown < 2 {
                writeln!(wrong, "{here}: only {shown} cards shown").unwrap();
            }
            if gil == GilMode::V311 {
                for (k, card) in lesson.cards.iter().enumerate() {
                    match card.verdict(&store) {
                        Verdict::Shown { .. } => shown_by_default[k] = true,
                        _ if card.optional => {}
                        _ => writeln!(wrong, "{here}: the default mode must show card {}", k + 1)
                            .unwrap(),
                    }
                }
            }
        }
    }
    for (k, asked) in asked_by_default.iter().enumerate() {
        if !asked {
            writeln!(
                wrong,
                "{name} {args:?}: question {} is never asked by default",
                k + 1
            )
            .unwrap();
        }
    }
    for (k, shown) in shown_by_default.iter().enumerate() {
        if !shown {
            writeln!(
                wrong,
                "{name} {args:?}: optional card {} is never shown by default",
                k + 1
            )
            .unwrap();
        }
    }
    wrong
}

macro_rules! lesson_tests {
    ($($test:ident: $name:literal $(, $arg:literal)*;)*) => {$(
        #[test]
        fn $test() {
            let wrong = check_lesson($name, &[$($arg),*]);
            assert!(wrong.is_empty(), "\n{wrong}");
        }
    )*};
}

lesson_tests! {
    programa1_cards_are_true: "programa1";
    programa2_cards_are_true: "programa2";
    cpu2_cards_are_true: "cpu2";
    cpu4_cards_are_true: "cpu4";
    sleep4_cards_are_true: "sleep4";
    convoy_cards_are_true: "convoy";
    race_cards_are_true: "race";
    deadlock_cards_are_true: "deadlock";
    deadlock_fixed_cards_are_true: "deadlock", "fixed";
    producer_consumer_cards_are_true: "producer_consumer";
    processes_cards_are_true: "processes";
    asyncio_sleep_cards_are_true: "asyncio_sleep";
    downloads_cards_are_true: "downloads";
    interval_cards_are_true: "interval";
}

#[test]
fn every_scenario_has_a_lesson_test() {
    // The list above names every built-in scenario.
    let listed = include_str!("lessons.rs");
    for s in scenario::ALL {
        assert!(
            listed.contains(&format!("_cards_are_true: \"{}\"", s.name)),
            "{} has no lesson test",
            s.name
        );
    }
}
