//! The built-in lessons: Python programs embedded in the binary, each with a title, a
//! summary, the point it teaches (in Portuguese and English) and bookmarks that pause the
//! playback with a sentence. New scenarios carry these in a comment header; the lecture's
//! two programs stay byte for byte as the slides show them, with a `.lesson` beside them.
//!
//! Header lines: `# title.en: ...`, `# summary.pt: ...`, `# point.en: ...`, and
//! `# lesson: MARK | en: ... | pt: ...` where MARK is `at=1.5s`, `handoff=N`, `request=N`,
//! `write=TEXT`, `deadlock` or `end`.

use crate::i18n::Lang;
use crate::trace::{EventKind, Nanos, Store};

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// Where a bookmark stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    /// At a simulated time.
    At(Nanos),
    /// At the n-th GIL handoff (1-based).
    Handoff(usize),
    /// At the n-th drop request (1-based).
    Request(usize),
    /// At the first write whose text contains this.
    Write(String),
    /// At the deadlock.
    Deadlock,
    /// At the end of the run.
    End,
}

/// A stop in a lesson: where, and what to say there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bookmark {
    /// Where.
    pub mark: Mark,
    /// What to say.
    pub text: Texts,
}

impl Bookmark {
    /// The event the bookmark stops at in `store`, if it has happened yet.
    pub fn resolve(&self, store: &Store) -> Option<usize> {
        let evs = store.events();
        match &self.mark {
            Mark::At(t) => (store.clock() >= *t || store.end().is_some())
                .then(|| store.event_before(*t))
                .flatten(),
            Mark::Handoff(n) => {
                let h = store.handoffs().get(n.checked_sub(1)?)?;
                let from = store.events_until(h.t.saturating_sub(1));
                (from..evs.len()).find(|&i| {
                    evs[i].t == h.t
                        && evs[i].tid == h.to
                        && matches!(evs[i].kind, EventKind::GilTake { .. })
                })
            }
            Mark::Request(n) => evs
                .iter()
                .enumerate()
                .filter(|(_, e)| matches!(e.kind, EventKind::DropRequest { .. }))
                .nth(n.checked_sub(1)?)
                .map(|(i, _)| i),
            Mark::Write(text) => store.writes().iter().map(|&i| i as usize).find(|&i| {
                matches!(evs[i].kind, EventKind::Write { text: t, .. } if store.text(t).contains(text.as_str()))
            }),
            Mark::Deadlock => evs.iter().position(|e| e.kind == EventKind::Deadlock),
            Mark::End => store.end().and(evs.len().checked_sub(1)),
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
    /// Its stops, in order.
    pub bookmarks: Vec<Bookmark>,
}

/// A built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The name on the command line (`gilscope convoy`).
    pub name: &'static str,
    /// Its file name (what tracebacks and the header show).
    pub file: &'static str,
    /// Its Python source.
    pub source: &'static str,
    /// Where its lesson is written: the header of `source`, or a `.lesson` file.
    lesson_text: &'static str,
}

macro_rules! scenario {
    ($name:literal) => {
        Scenario {
            name: $name,
            file: concat!($name, ".py"),
            source: include_str!(concat!("../assets/scenarios/", $name, ".py")),
            lesson_text: include_str!(concat!("../assets/scenarios/", $name, ".py")),
        }
    };
    ($name:literal, lesson) => {
        Scenario {
            name: $name,
            file: concat!($name, ".py"),
            source: include_str!(concat!("../assets/scenarios/", $name, ".py")),
            lesson_text: include_str!(concat!("../assets/scenarios/", $name, ".lesson")),
        }
    };
}

/// Every built-in scenario, in teaching order.
pub const ALL: &[Scenario] = &[
    scenario!("programa1", lesson),
    scenario!("programa2", lesson),
    scenario!("cpu2"),
    scenario!("cpu4"),
    scenario!("sleep4"),
    scenario!("convoy"),
    scenario!("race"),
    scenario!("deadlock"),
    scenario!("producer_consumer"),
    scenario!("processes"),
    scenario!("asyncio_sleep"),
    scenario!("interval"),
];

/// The scenario named `name` (or `name.py`).
pub fn find(name: &str) -> Option<&'static Scenario> {
    ALL.iter().find(|s| s.name == name || s.file == name)
}

impl Scenario {
    /// Its lesson, read from its header or `.lesson` file.
    pub fn lesson(&self) -> Lesson {
        parse_lesson(self.lesson_text)
    }

    /// Its position in [`ALL`].
    pub fn index(&self) -> usize {
        ALL.iter().position(|s| s.name == self.name).unwrap_or(0)
    }
}

/// Reads the `# key: value` comment lines of a lesson (anywhere at the top, before code).
pub fn parse_lesson(text: &str) -> Lesson {
    let mut lesson = Lesson::default();
    for line in text.lines() {
        let Some(body) = line.strip_prefix('#') else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        match key {
            "title.en" => lesson.title.en = value.to_owned(),
            "title.pt" => lesson.title.pt = value.to_owned(),
            "summary.en" => lesson.summary.en = value.to_owned(),
            "summary.pt" => lesson.summary.pt = value.to_owned(),
            "point.en" => lesson.point.en = value.to_owned(),
            "point.pt" => lesson.point.pt = value.to_owned(),
            "lesson" => lesson.bookmarks.extend(parse_bookmark(value)),
            _ => {}
        }
    }
    lesson
}

fn parse_bookmark(value: &str) -> Option<Bookmark> {
    let mut parts = value.split('|').map(str::trim);
    let mark = parse_mark(parts.next()?)?;
    let mut text = Texts::default();
    for p in parts {
        match p.split_once(':') {
            Some(("en", t)) => text.en = t.trim().to_owned(),
            Some(("pt", t)) => text.pt = t.trim().to_owned(),
            _ => {}
        }
    }
    Some(Bookmark { mark, text })
}

fn parse_mark(s: &str) -> Option<Mark> {
    match s.split_once('=') {
        Some(("at", t)) => parse_seconds(t).map(Mark::At),
        Some(("handoff", n)) => n.trim().parse().ok().map(Mark::Handoff),
        Some(("request", n)) => n.trim().parse().ok().map(Mark::Request),
        Some(("write", t)) => Some(Mark::Write(t.to_owned())),
        None if s == "deadlock" => Some(Mark::Deadlock),
        None if s == "end" => Some(Mark::End),
        _ => None,
    }
}

/// `1.5s`, `300ms`, `40us` as nanoseconds.
fn parse_seconds(s: &str) -> Option<Nanos> {
    let s = s.trim();
    let (num, scale) = [
        ("ms", 1e6),
        ("us", 1e3),
        ("µs", 1e3),
        ("ns", 1.0),
        ("s", 1e9),
    ]
    .iter()
    .find_map(|&(unit, scale)| s.strip_suffix(unit).map(|n| (n, scale)))?;
    let v: f64 = num.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * scale).round() as Nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_has_its_lesson_in_both_languages() {
        for s in ALL {
            let l = s.lesson();
            for (what, t) in [
                ("title", &l.title),
                ("summary", &l.summary),
                ("point", &l.point),
            ] {
                assert!(!t.en.is_empty() && !t.pt.is_empty(), "{}: {what}", s.name);
            }
            assert!(l.bookmarks.len() >= 3, "{}: bookmarks", s.name);
            for b in &l.bookmarks {
                assert!(
                    !b.text.en.is_empty() && !b.text.pt.is_empty(),
                    "{}: {b:?}",
                    s.name
                );
            }
        }
    }

    #[test]
    fn the_lecture_programs_are_the_lectures_byte_for_byte() {
        for name in ["programa1", "programa2"] {
            let ours = find(name).unwrap().source;
            let lecture = std::fs::read_to_string(format!("../shared/lecture/{name}.py"));
            if let Ok(lecture) = lecture {
                assert_eq!(ours, lecture, "{name} drifted from the lecture");
            }
        }
    }

    #[test]
    fn marks_parse() {
        assert_eq!(parse_mark("at=1.5s"), Some(Mark::At(1_500_000_000)));
        assert_eq!(parse_mark("at=300ms"), Some(Mark::At(300_000_000)));
        assert_eq!(parse_mark("handoff=3"), Some(Mark::Handoff(3)));
        assert_eq!(
            parse_mark("write=rodada 1"),
            Some(Mark::Write("rodada 1".into()))
        );
        assert_eq!(parse_mark("end"), Some(Mark::End));
        assert_eq!(parse_mark("nonsense"), None);
        let l = parse_lesson(
            "# title.en: T\n# lesson: end | en: E | pt: P\nimport x\n# title.pt: late\n",
        );
        assert_eq!(l.title.en, "T");
        assert_eq!(l.title.pt, "", "the header ends at the first code line");
        assert_eq!(l.bookmarks[0].text.pt, "P");
    }
}
