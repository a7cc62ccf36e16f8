//! Quiz mode (`Q`, `--quiz`): the playback stops where a question of the lesson is asked,
//! the class answers with a key, the run plays on to the moment that decides it and stops
//! there to reveal the answer; the end of the run shows how many were right. The questions
//! are the lesson's ([`crate::lessons::Question`]); this is their state in a session and
//! the panel that shows them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::panels::wrap;
use super::text::{ASCII_BORDER, put};
use super::theme::Theme;
use crate::i18n::{Catalog, Lang};
use crate::lessons::{Asked, Asking, Question};
use crate::trace::{Nanos, Store};

/// Where a quiz is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Playing towards the next question.
    Waiting,
    /// Stopped where the question is asked, waiting for an answer.
    Asking(Asked),
    /// Playing on towards the moment that decides it; `chosen` is the answer given.
    Revealing {
        /// The question.
        asked: Asked,
        /// The choice made, if one was (Esc passes).
        chosen: Option<usize>,
    },
    /// Stopped at that moment, the answer shown.
    Revealed {
        /// The question.
        asked: Asked,
        /// The choice made, if one was.
        chosen: Option<usize>,
    },
    /// No question is left.
    Done,
}

/// A quiz in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quiz {
    /// The lesson's questions.
    questions: Vec<Question>,
    /// The next question to ask.
    next: usize,
    /// A question is asked no earlier than this (the previous answer, or where the quiz
    /// was turned on).
    not_before: Nanos,
    /// Whether the next question was found in the trace (where it is asked is known).
    known: bool,
    /// Where it is.
    pub phase: Phase,
    /// Questions asked so far.
    pub asked: usize,
    /// Questions answered with a key.
    pub answered: usize,
    /// Answers that were right.
    pub right: usize,
}

/// What the playback may do while playing, for the quiz.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Nothing in the way.
    Free,
    /// Not past this time: a question is asked there, or the answer is shown there.
    At(Nanos),
    /// Not on: whether a question comes next is not known yet.
    Here,
}

impl Quiz {
    /// A quiz of `questions`, asked from time `from` on.
    pub fn new(questions: Vec<Question>, from: Nanos) -> Quiz {
        Quiz {
            questions,
            next: 0,
            not_before: from,
            known: false,
            phase: Phase::Waiting,
            asked: 0,
            answered: 0,
            right: 0,
        }
    }

    /// How many questions the lesson has.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// Whether the lesson has none.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// While playing from `playhead`: how far the playback may go. Questions this run does
    /// not ask (or whose time has passed) are passed over.
    pub fn hold(&mut self, store: &Store, playhead: Nanos) -> Hold {
        match &self.phase {
            Phase::Revealing { asked, .. } => return Hold::At(asked.answer_t),
            Phase::Asking(a) => return Hold::At(a.ask_t),
            Phase::Revealed { asked, .. } => return Hold::At(asked.answer_t),
            Phase::Done => return Hold::Free,
            Phase::Waiting => {}
        }
        while let Some(q) = self.questions.get(self.next) {
            match q.resolve(store, self.not_before.max(playhead)) {
                Asking::Asked(a) => {
                    self.known = true;
                    return Hold::At(a.ask_t);
                }
                Asking::Pending => {
                    // Until it is known where it is asked, wait here (the trace is read
                    // on meanwhile: `needs_trace`); once the asking is found, play up to
                    // it while its answer is read.
                    return match q.ask.find(store) {
                        Some(m) => Hold::At(m.t.max(playhead)),
                        None => Hold::Here,
                    };
                }
                Asking::Skipped | Asking::Undecided(_) => {
                    self.next += 1;
                    self.known = false;
                }
            }
        }
        self.phase = Phase::Done;
        Hold::Free
    }

    /// The playhead reached `t` while playing: asks the next question or reveals the
    /// answer if one is due there. Returns the phase it entered, if it changed.
    pub fn arrive(&mut self, store: &Store, t: Nanos) -> bool {
        match &self.phase {
            Phase::Waiting => {
                let Some(q) = self.questions.get(self.next) else {
                    return false;
                };
                if let Asking::Asked(a) = q.resolve(store, self.not_before)
                    && a.ask_t <= t
                {
                    self.asked += 1;
                    self.phase = Phase::Asking(a);
                    return true;
                }
                false
            }
            Phase::Revealing { asked, chosen } if asked.answer_t <= t => {
                self.phase = Phase::Revealed {
                    asked: asked.clone(),
                    chosen: *chosen,
                };
                true
            }
            _ => false,
        }
    }

    /// The class chose `choice` (`None`: passed); true if the question took it.
    pub fn answer(&mut self, choice: Option<usize>) -> bool {
        let Phase::Asking(a) = &self.phase else {
            return false;
        };
        if choice.is_some_and(|c| c >= a.choices.len()) {
            return false;
        }
        if let Some(c) = choice {
            self.answered += 1;
            if c == a.right {
                self.right += 1;
            }
        }
        self.phase = Phase::Revealing {
            asked: a.clone(),
            chosen: choice,
        };
        true
    }

    /// Plays on after an answer was shown: the next question is asked after it.
    pub fn play_on(&mut self) -> bool {
        let Phase::Revealed { asked, .. } = &self.phase else {
            return false;
        };
        self.not_before = asked.answer_t;
        self.next += 1;
        self.known = false;
        self.phase = Phase::Waiting;
        true
    }

    /// Whether the next question is not known yet: the trace must be read on to find it.
    pub fn needs_trace(&self) -> bool {
        self.phase == Phase::Waiting && !self.known && self.next < self.questions.len()
    }

    /// Whether it waits for an answer.
    pub fn asking(&self) -> bool {
        matches!(self.phase, Phase::Asking(_))
    }
}

/// The quiz's panel: the question and its choices, the answer, or the summary.
pub struct QuizBox<'a> {
    /// The quiz.
    pub quiz: &'a Quiz,
    /// Whether the run is over (the summary is shown then, once no question is left).
    pub over: bool,
    /// The language.
    pub lang: Lang,
    /// Colours.
    pub theme: &'a Theme,
    /// Texts.
    pub cat: &'a Catalog,
}

impl QuizBox<'_> {
    /// The lines it shows, each with whether it stands out; `None` when it shows nothing.
    fn lines(&self, width: usize) -> Option<Vec<(String, bool)>> {
        let (cat, lang, q) = (self.cat, self.lang, self.quiz);
        let mut out: Vec<(String, bool)> = Vec::new();
        let para = |text: &str, bold: bool, out: &mut Vec<(String, bool)>| {
            out.extend(wrap(text, width).into_iter().map(|l| (l, bold)));
        };
        let number = q.asked.to_string();
        let total = q.len().to_string();
        let head = cat.f("quiz.head", &[("n", &number), ("of", &total)]);
        let (asked, chosen, revealed) = match &q.phase {
            Phase::Asking(a) => (a, None, false),
            Phase::Revealing { asked, chosen } => (asked, *chosen, false),
            Phase::Revealed { asked, chosen } => (asked, *chosen, true),
            Phase::Done if self.over => {
                let summary = cat.f(
                    "quiz.summary",
                    &[
                        ("asked", &q.asked.to_string()),
                        ("answered", &q.answered.to_string()),
                        ("right", &q.right.to_string()),
                    ],
                );
                para(&summary, true, &mut out);
                return Some(out);
            }
            Phase::Waiting | Phase::Done => return None,
        };
        para(&format!("{head}: {}", asked.text.get(lang)), true, &mut out);
        for (i, c) in asked.choices.iter().enumerate() {
            let mark = match (revealed, i == asked.right, Some(i) == chosen) {
                (true, true, _) => "✓",
                (true, false, true) => "✗",
                (false, _, true) => "›",
                _ => " ",
            };
            let mark = if self.theme.glyphs.unicode {
                mark.to_owned()
            } else {
                match mark {
                    "✓" => "+",
                    "✗" => "x",
                    "›" => ">",
                    m => m,
                }
                .to_owned()
            };
            // The mark and the key, then the choice, wrapped under itself.
            let prefix = format!("{mark} {}  ", i + 1);
            let bold = revealed && i == asked.right;
            let indent = prefix.width();
            for (k, l) in wrap(c.get(lang), width.saturating_sub(indent))
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 {
                    prefix.clone()
                } else {
                    " ".repeat(indent)
                };
                out.push((format!("{lead}{l}"), bold));
            }
        }
        let tail = if revealed {
            let verdict = match chosen {
                Some(c) if c == asked.right => cat.t("quiz.right"),
                Some(_) => cat.t("quiz.wrong"),
                None => cat.t("quiz.passed"),
            };
            para(
                &format!("{verdict} {}", asked.reveal.get(lang)),
                false,
                &mut out,
            );
            cat.t("quiz.play_on").to_owned()
        } else if q.asking() {
            let keys = format!("1-{}", asked.choices.len());
            cat.f("quiz.keys", &[("keys", &keys)])
        } else {
            cat.t("quiz.watch").to_owned()
        };
        para(&tail, false, &mut out);
        Some(out)
    }
}

impl Widget for &QuizBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        if area.width < 12 || area.height < 5 {
            return;
        }
        let w = area.width.saturating_sub(4).min(100);
        let Some(lines) = self.lines(w.saturating_sub(4) as usize) else {
            return;
        };
        let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        // Just above the status and footer lines, like the lesson's cards.
        let y = area.y + area.height.saturating_sub(h + 2);
        let r = Rect::new(area.x + (area.width - w) / 2, y, w, h);
        Clear.render(r, buf);
        let style = th.fg(th.accent).add_modifier(Modifier::BOLD);
        let mut block = Block::new().borders(Borders::ALL).border_style(style);
        if !th.glyphs.unicode {
            block = block.border_set(ASCII_BORDER);
        }
        let inner = block.inner(r);
        block.render(r, buf);
        // A tall question on a small screen keeps its choices and its keys: the last lines.
        let skip = lines.len().saturating_sub(inner.height as usize);
        let first = lines.iter().take(1);
        let rest = lines.iter().skip(1 + skip);
        for (i, (line, bold)) in first.chain(rest).enumerate().take(inner.height as usize) {
            let style = if *bold { th.bold() } else { th.text() };
            put(
                buf,
                inner,
                inner.x + 1,
                inner.y + i as u16,
                &th.clip(line, inner.width as usize),
                style,
            );
        }
    }
}
