//! What a built-in scenario teaches: its title, summary and point, and its cards, the
//! sentences that pause the playback at a moment of the run. A lesson lives in
//! `assets/scenarios/NAME.lesson.toml` beside its program, which stays exactly the program
//! that runs (docs/lessons.md).
//!
//! A card's moment is a question asked of the trace ([`Query`]), never an event count, so
//! it lands on the same meaning in every run; its checks ([`Check`]) say what must hold
//! there for its sentence to be true. A card is shown only where its moment occurs and its
//! checks hold; a card may have other cases (`[[card.otherwise]]`) for runs where its
//! moment does not occur, such as a free-threaded run, that say what happens instead.

mod check;
mod query;
mod quiz;

pub use check::Check;
pub use query::{Moment, Query, Sel};
pub use quiz::{Asked, Asking, Choice, Choices, MAX_CHOICES, Question};

use serde::Deserialize;

use crate::i18n::Lang;
use crate::trace::{EventKind, Nanos, Store, Tid};

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// English.
    pub en: String,
    /// Portuguese.
    pub pt: String,
}

impl Texts {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Pt => &self.pt,
        }
    }
}

/// What a scenario teaches and where it pauses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lesson {
    /// Its title.
    pub title: Texts,
    /// One line on what it runs.
    pub summary: Texts,
    /// The point it makes.
    pub point: Texts,
    /// Its cards, in order.
    pub cards: Vec<Card>,
    /// Its quiz's questions, in the order they are asked.
    pub questions: Vec<Question>,
}

/// A card: its cases, tried in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// The cases; the first that applies to the run and whose moment occurs is shown.
    pub cases: Vec<Case>,
    /// Its moment depends on the OS's luck: some seeds never give it (the lesson tests
    /// ask for it in the default run only).
    pub optional: bool,
}

/// Which runs a case applies to, as the trace shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Every run.
    Always,
    /// Runs with a GIL (`--gil 3.11`, `--gil 3.9`).
    Gil,
    /// Free-threaded runs (`--gil off`).
    NoGil,
}

impl When {
    /// Whether it applies to the run in `store`; `None` while the trace cannot tell yet.
    pub fn applies(self, store: &Store) -> Option<bool> {
        match self {
            When::Always => Some(true),
            When::Gil => has_gil(store),
            When::NoGil => has_gil(store).map(|g| !g),
        }
    }
}

/// Whether the run has a GIL: the first thread to run takes a GIL before it gets a core,
/// or runs on a core without one. `None` before anything ran.
fn has_gil(store: &Store) -> Option<bool> {
    if store.has_gil() {
        return Some(true);
    }
    let ran = store
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::OnCore { .. }));
    (ran || store.end().is_some()).then_some(false)
}

/// One case of a card: the runs it applies to, its moment, what holds there, what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The runs it applies to.
    pub when: When,
    /// Its moment.
    pub at: Query,
    /// What must hold at the moment.
    pub checks: Vec<Check>,
    /// What it says there; `{role}` is a thread's name, `{value}` a value the query found.
    pub text: Texts,
}

/// Where a card stops and what it says there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    /// The index of the event it stops at (the last one at or before `t`).
    pub event: usize,
    /// The time it stops at: the event's, or later for a moment between events.
    pub t: Nanos,
    /// Its sentence, with the names and values of this run filled in.
    pub text: Texts,
    /// The threads its roles name, so that the UI can bring their lanes into view.
    pub threads: Vec<Tid>,
}

/// A card in one run, as the UI needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// It stops here.
    Found(Stop),
    /// Its moment may still come (the trace has not got there, or not to its end).
    Pending,
    /// It is not shown in this run.
    Absent,
}

/// A card in one run, with the reasons (what the lesson tests look at).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Case `case` is shown at `stop`.
    Shown {
        /// Which case.
        case: usize,
        /// Where, and what it says.
        stop: Stop,
    },
    /// Case `case`'s moment occurred, but a check failed there: the card is not shown.
    Untrue {
        /// Which case.
        case: usize,
        /// Where.
        moment: Moment,
        /// The checks that failed, and why.
        failures: Vec<String>,
    },
    /// Some case applies to the run, but its moment never occurred.
    NotFound {
        /// The cases that applied.
        cases: Vec<usize>,
    },
    /// No case applies to this run.
    NotApplicable,
    /// The trace cannot tell yet.
    Pending,
}

impl Card {
    /// Where the card stops in `store`, if it is shown.
    pub fn resolve(&self, store: &Store) -> Resolution {
        match self.verdict(store) {
            Verdict::Shown { stop, .. } => Resolution::Found(stop),
            Verdict::Pending => Resolution::Pending,
            _ => Resolution::Absent,
        }
    }

    /// The card in `store`, with the reason it is or is not shown.
    pub fn verdict(&self, store: &Store) -> Verdict {
        let ended = store.end().is_some();
        let mut applied = Vec::new();
        for (k, case) in self.cases.iter().enumerate() {
            match case.when.applies(store) {
                None => return Verdict::Pending,
                Some(false) => continue,
                Some(true) => applied.push(k),
            }
            let Some(moment) = case.at.find(store) else {
                if ended {
                    continue;
                }
                return Verdict::Pending;
            };
            // The checks look at the whole instant: wait until all of it has arrived.
            if !query::settled(store, moment.t) {
                return Verdict::Pending;
            }
            let failures: Vec<String> = case
                .checks
                .iter()
                .filter_map(|c| c.verify(store, &moment).err())
                .collect();
            let text = match (
                fill(&case.text.en, store, &moment),
                fill(&case.text.pt, store, &moment),
            ) {
                (Ok(en), Ok(pt)) => Texts { en, pt },
                (Err(e), _) | (_, Err(e)) => {
                    return Verdict::Untrue {
                        case: k,
                        moment,
                        failures: vec![e],
                    };
                }
            };
            if !failures.is_empty() {
                return Verdict::Untrue {
                    case: k,
                    moment,
                    failures,
                };
            }
            return Verdict::Shown {
                case: k,
                stop: Stop {
                    event: moment.event,
                    t: moment.t,
                    text,
                    threads: moment.roles.iter().map(|(_, tid)| *tid).collect(),
                },
            };
        }
        if applied.is_empty() {
            Verdict::NotApplicable
        } else {
            Verdict::NotFound { cases: applied }
        }
    }
}

/// `text` with each `{name}` replaced by the thread bound to that role, or the value.
fn fill(text: &str, store: &Store, moment: &Moment) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed '{{' in '{text}'"))?;
        let name = &after[..close];
        if let Some(tid) = query::role(&moment.roles, name) {
            out.push_str(&store.thread_label(tid));
        } else if let Some((_, v)) = moment.values.iter().rev().find(|(n, _)| n == name) {
            out.push_str(v);
        } else {
            return Err(format!("'{{{name}}}' is not bound here"));
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The names `{...}` in `text`.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

/// A lesson file that does not parse or names what its queries do not bind.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct LessonError {
    /// The file.
    pub file: String,
    /// What is wrong, and where.
    pub message: String,
}

/// A card or case as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    #[serde(default)]
    when: Option<String>,
    at: String,
    #[serde(default)]
    check: Vec<String>,
    en: String,
    pt: String,
    /// Only on a card: its other cases.
    #[serde(default)]
    otherwise: Vec<RawCase>,
    /// Only on a card: whether its moment may not occur in some runs.
    #[serde(default)]
    optional: bool,
}

/// A lesson file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLesson {
    title: Texts,
    summary: Texts,
    point: Texts,
    #[serde(default)]
    card: Vec<RawCase>,
    #[serde(default)]
    question: Vec<quiz::RawQuestion>,
}

impl Lesson {
    /// Reads a lesson file (`file` names it in messages).
    pub fn parse(file: &str, text: &str) -> Result<Lesson, LessonError> {
        let err = |message: String| LessonError {
            file: file.to_owned(),
            message,
        };
        let raw: RawLesson = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut cards = Vec::new();
        for (i, mut c) in raw.card.into_iter().enumerate() {
            let others = std::mem::take(&mut c.otherwise);
            let optional = std::mem::take(&mut c.optional);
            let mut cases = Vec::new();
            for (k, raw) in std::iter::once(c).chain(others).enumerate() {
                let case = parse_case(raw)
                    .map_err(|m| err(format!("card {}, case {}: {m}", i + 1, k + 1)))?;
                cases.push(case);
            }
            cards.push(Card { cases, optional });
        }
        let questions = raw
            .question
            .into_iter()
            .enumerate()
            .map(|(i, q)| {
                quiz::parse_question(q).map_err(|m| err(format!("question {}: {m}", i + 1)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Lesson {
            title: raw.title,
            summary: raw.summary,
            point: raw.point,
            cards,
            questions,
        })
    }
}

/// `when = ...` as written (absent: every run).
fn parse_when(when: Option<&str>) -> Result<When, String> {
    match when {
        None => Ok(When::Always),
        Some("gil") => Ok(When::Gil),
        Some("no-gil") => Ok(When::NoGil),
        Some(w) => Err(format!("when = '{w}': it is 'gil' or 'no-gil'")),
    }
}

fn parse_case(raw: RawCase) -> Result<Case, String> {
    if !raw.otherwise.is_empty() || raw.optional {
        return Err("'otherwise' and 'optional' go on the card, not on a case".to_owned());
    }
    let when = parse_when(raw.when.as_deref())?;
    let at = Query::parse(&raw.at).map_err(|m| format!("at: {m}"))?;
    let checks = raw
        .check
        .iter()
        .map(|c| Check::parse(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|m| format!("check: {m}"))?;
    let bound = at.binds();
    for c in &checks {
        for r in c.roles() {
            if !bound.contains(&r) {
                return Err(format!("check: role '{r}' is not bound by '{}'", raw.at));
            }
        }
    }
    for text in [&raw.en, &raw.pt] {
        if text.trim().is_empty() {
            return Err("a sentence is empty".to_owned());
        }
        for name in placeholders(text) {
            if !bound.contains(&name) {
                return Err(format!("'{{{name}}}' is not bound by '{}'", raw.at));
            }
        }
    }
    Ok(Case {
        when,
        at,
        checks,
        text: Texts {
            en: raw.en,
            pt: raw.pt,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{
        Chunk, DropReason, EndReason, Event, LostUpdate, RunEnd, Site, ThreadMeta, Tid, WaitOn,
    };

    fn ev(t: Nanos, tid: Tid, kind: EventKind) -> Event {
        Event {
            t,
            tid,
            line: 15,
            kind,
        }
    }

    /// Thread 1 reads counter (41) and loses the GIL at work(); thread 2 stores into counter
    /// sixteen times; thread 1 gets the GIL back and stores 42 over thread 2's 57. Split in
    /// two chunks: the lost update arrives in the second.
    fn race() -> Vec<Chunk> {
        let thread = |tid: Tid, name: &str| ThreadMeta {
            tid,
            name: name.to_owned(),
            parent: (tid > 0).then_some(0),
            daemon: false,
            pid: 0,
        };
        let first = Chunk {
            threads: vec![
                thread(0, "MainThread"),
                thread(1, "Thread-1 (add)"),
                thread(2, "Thread-2 (add)"),
            ],
            events: vec![
                ev(0, 0, EventKind::Begin),
                ev(0, 0, EventKind::GilTake { switch: true }),
                ev(
                    10,
                    0,
                    EventKind::GilDrop {
                        reason: DropReason::Join,
                        at: Site::UNKNOWN,
                    },
                ),
                ev(
                    10,
                    0,
                    EventKind::Block {
                        on: WaitOn::Join(1),
                    },
                ),
                ev(11, 1, EventKind::Begin),
                ev(11, 1, EventKind::GilTake { switch: true }),
                ev(12, 2, EventKind::Begin),
                ev(12, 2, EventKind::GilWait),
                ev(5_000, 2, EventKind::DropRequest { holder: 1 }),
                ev(
                    5_000,
                    1,
                    EventKind::GilDrop {
                        reason: DropReason::Requested { by: 2 },
                        at: Site::UNKNOWN,
                    },
                ),
                ev(5_000, 1, EventKind::SwitchWait),
                ev(5_010, 2, EventKind::GilTake { switch: true }),
            ],
            clock: 6_000,
            ..Chunk::default()
        };
        let second = Chunk {
            texts: vec!["counter".to_owned()],
            lost: vec![LostUpdate {
                read: "41".to_owned(),
                read_t: 4_990,
                read_line: 14,
                read_offset: Some(10),
                stored: "42".to_owned(),
                store_offset: Some(24),
                overwritten: "57".to_owned(),
                over_t: 9_990,
                over_line: 16,
                lost: 16,
            }],
            events: vec![
                ev(10_000, 1, EventKind::DropRequest { holder: 2 }),
                ev(
                    10_000,
                    2,
                    EventKind::GilDrop {
                        reason: DropReason::Requested { by: 1 },
                        at: Site::UNKNOWN,
                    },
                ),
                ev(10_000, 2, EventKind::SwitchWait),
                ev(10_010, 1, EventKind::GilTake { switch: true }),
                ev(
                    10_011,
                    1,
                    EventKind::LostUpdate {
                        var: 0,
                        over: 2,
                        info: 0,
                    },
                ),
            ],
            clock: 20_000,
            end: Some(RunEnd {
                t: 20_000,
                reason: EndReason::Exited,
                status: 0,
                stuck: Vec::new(),
                events: 17,
            }),
            ..Chunk::default()
        };
        vec![first, second]
    }

    fn card(toml_case: &str) -> Card {
        let text = format!(
            "title.en = \"t\"\ntitle.pt = \"t\"\nsummary.en = \"s\"\nsummary.pt = \"s\"\n\
             point.en = \"p\"\npoint.pt = \"p\"\n[[card]]\n{toml_case}"
        );
        let mut lesson = Lesson::parse("test.lesson.toml", &text).unwrap();
        lesson.cards.remove(0)
    }

    #[test]
    fn a_card_stops_at_the_first_lost_update_and_names_who_overwrote_whom() {
        let store = Store::from_chunks(race());
        let c = card(
            r#"at = "lost var=counter"
check = ["who running", "over waiting"]
en = "{who} stores counter = {stored} from the {read} it read on line {line}, over {over}'s {overwritten}: {lost} increments lost."
pt = "{who} grava counter = {stored} a partir do {read} lido na linha {line}, por cima do {overwritten} de {over}: {lost} incrementos perdidos."
"#,
        );
        let Resolution::Found(stop) = c.resolve(&store) else {
            panic!("{:?}", c.verdict(&store));
        };
        assert_eq!(stop.t, 10_011);
        assert_eq!(
            stop.text.en,
            "Thread-1 (add) stores counter = 42 from the 41 it read on line 14, over \
             Thread-2 (add)'s 57: 16 increments lost."
        );
    }

    #[test]
    fn looking_back_from_the_lost_update_finds_the_handoff_between_read_and_write() {
        let store = Store::from_chunks(race());
        let c = card(
            r#"at = "lost var=counter then back handoff from=who"
check = ["from waiting", "to running"]
en = "The GIL went from {from} to {to} between {from}'s read and its write."
pt = "O GIL passou de {from} para {to} entre a leitura e a escrita de {from}."
"#,
        );
        let Resolution::Found(stop) = c.resolve(&store) else {
            panic!("{:?}", c.verdict(&store));
        };
        assert_eq!(stop.t, 5_010);
        assert!(
            stop.text
                .en
                .starts_with("The GIL went from Thread-1 (add) to Thread-2")
        );
    }

    #[test]
    fn a_card_is_pending_until_its_moment_arrives_and_absent_where_it_does_not_apply() {
        let mut chunks = race();
        let mut store = Store::new();
        store.ingest(chunks.remove(0));
        let lost = card("at = \"lost var=counter\"\nen = \"x\"\npt = \"x\"\n");
        assert_eq!(lost.resolve(&store), Resolution::Pending);
        store.ingest(chunks.remove(0));
        assert!(matches!(lost.resolve(&store), Resolution::Found(_)));
        let other = card("at = \"lost var=total\"\nen = \"x\"\npt = \"x\"\n");
        assert_eq!(other.verdict(&store), Verdict::NotFound { cases: vec![0] });
        let free = card("when = \"no-gil\"\nat = \"lost\"\nen = \"x\"\npt = \"x\"\n");
        assert_eq!(free.verdict(&store), Verdict::NotApplicable);
    }

    #[test]
    fn a_card_whose_checks_fail_is_not_shown() {
        let store = Store::from_chunks(race());
        let c = card(
            "at = \"lost var=counter\"\ncheck = [\"who sleeping\", \"[-1us] gil free\"]\n\
             en = \"x\"\npt = \"x\"\n",
        );
        let Verdict::Untrue { failures, .. } = c.verdict(&store) else {
            panic!("{:?}", c.verdict(&store));
        };
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(
            failures[0].contains("Thread-1 (add) is running"),
            "{failures:?}"
        );
        assert_eq!(c.resolve(&store), Resolution::Absent);
    }

    #[test]
    fn lesson_files_that_do_not_make_sense_say_where() {
        let bad = |case: &str| {
            let text = format!(
                "title.en = \"t\"\ntitle.pt = \"t\"\nsummary.en = \"s\"\nsummary.pt = \"s\"\n\
                 point.en = \"p\"\npoint.pt = \"p\"\n[[card]]\n{case}"
            );
            Lesson::parse("x.lesson.toml", &text)
                .unwrap_err()
                .to_string()
        };
        let e = bad("at = \"handof\"\nen = \"x\"\npt = \"x\"\n");
        assert!(
            e.contains("card 1, case 1: at: unknown step 'handof'"),
            "{e}"
        );
        let e = bad("at = \"write by=who\"\nen = \"x\"\npt = \"x\"\n");
        assert!(e.contains("role 'who'"), "{e}");
        let e = bad("at = \"write\"\nen = \"{to} runs\"\npt = \"x\"\n");
        assert!(e.contains("'{to}' is not bound"), "{e}");
        let e = bad("at = \"write\"\ncheck = [\"to running\"]\nen = \"x\"\npt = \"x\"\n");
        assert!(e.contains("role 'to'"), "{e}");
        let e = bad("at = \"write colour=red\"\nen = \"x\"\npt = \"x\"\n");
        assert!(e.contains("write takes no 'colour'"), "{e}");
        let e = bad("at = \"write\"\ncheck = [\"[1ms] who running\"]\nen = \"x\"\npt = \"x\"\n");
        assert!(e.contains("before it"), "{e}");
        let e = bad("at = \"write\"\nen = \"x\"\n");
        assert!(e.contains("pt"), "{e}");
    }
}
