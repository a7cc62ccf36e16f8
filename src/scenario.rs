//! The built-in scenarios: Python programs embedded in the binary, each with its lesson in
//! `NAME.lesson.toml` beside it (what it teaches and where it pauses: [`crate::lessons`]).
//! The program is exactly the `.py` file: what is shown, run, disassembled and exported,
//! with its own line numbers; the lecture's two programs stay byte for byte as the slides
//! show them.

use crate::lessons::{Lesson, Texts};

/// A built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The name on the command line (`gilscope convoy`).
    pub name: &'static str,
    /// Its file name (what tracebacks and the header show).
    pub file: &'static str,
    /// Its Python source.
    pub source: &'static str,
    /// Its lesson file.
    lesson_text: &'static str,
}

macro_rules! scenario {
    ($name:literal) => {
        Scenario {
            name: $name,
            file: concat!($name, ".py"),
            source: include_str!(concat!("../assets/scenarios/", $name, ".py")),
            lesson_text: include_str!(concat!("../assets/scenarios/", $name, ".lesson.toml")),
        }
    };
}

/// Every built-in scenario, in teaching order.
pub const ALL: &[Scenario] = &[
    scenario!("programa1"),
    scenario!("programa2"),
    scenario!("cpu2"),
    scenario!("cpu4"),
    scenario!("sleep4"),
    scenario!("convoy"),
    scenario!("race"),
    scenario!("deadlock"),
    scenario!("producer_consumer"),
    scenario!("processes"),
    scenario!("asyncio_sleep"),
    scenario!("downloads"),
    scenario!("interval"),
];

/// The scenario named `name` (or `name.py`).
pub fn find(name: &str) -> Option<&'static Scenario> {
    ALL.iter().find(|s| s.name == name || s.file == name)
}

impl Scenario {
    /// Its lesson. The built-in lesson files are checked by the tests; should one not
    /// read, the scenario still runs, with the error as its summary and no cards.
    pub fn lesson(&self) -> Lesson {
        self.try_lesson().unwrap_or_else(|e| Lesson {
            title: Texts {
                en: self.name.to_owned(),
                pt: self.name.to_owned(),
            },
            summary: Texts {
                en: e.to_string(),
                pt: e.to_string(),
            },
            ..Lesson::default()
        })
    }

    /// Its lesson as the file says it, or why it does not read.
    pub fn try_lesson(&self) -> Result<Lesson, crate::lessons::LessonError> {
        Lesson::parse(&format!("{}.lesson.toml", self.name), self.lesson_text)
    }

    /// Its position in [`ALL`].
    pub fn index(&self) -> usize {
        ALL.iter().position(|s| s.name == self.name).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_has_its_lesson_in_both_languages() {
        for s in ALL {
            let l = s.try_lesson().unwrap_or_else(|e| panic!("{e}"));
            for (what, t) in [
                ("title", &l.title),
                ("summary", &l.summary),
                ("point", &l.point),
            ] {
                assert!(!t.en.is_empty() && !t.pt.is_empty(), "{}: {what}", s.name);
            }
            assert!(l.cards.len() >= 3, "{}: cards", s.name);
        }
    }

    #[test]
    fn the_lecture_programs_are_the_lectures_byte_for_byte() {
        // tests/lecture holds the lecture's programs as the slides show them.
        for name in ["programa1", "programa2"] {
            let ours = find(name).unwrap().source;
            let path = format!("{}/tests/lecture/{name}.py", env!("CARGO_MANIFEST_DIR"));
            let lecture = std::fs::read_to_string(&path).unwrap();
            assert_eq!(ours, lecture, "{name} drifted from {path}");
        }
    }

    #[test]
    fn programs_carry_no_lesson_header() {
        // The program shown, run and disassembled is the .py file alone: its first line is
        // code, so its line numbers are the program's own.
        for s in ALL {
            let first = s.source.lines().next().unwrap_or_default();
            assert!(!first.starts_with('#'), "{}: {first}", s.name);
        }
    }
}
