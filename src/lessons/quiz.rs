//! A lesson's quiz: questions that stop the playback before a moment of the run and ask
//! what it will be, then play on to it and reveal the answer (predict, then reveal). A
//! question is written beside the cards in the lesson file as two trace queries: `ask`,
//! the moment it is asked at, and `answer`, the moment that decides it, looked for after
//! the asking. Its choices are either the threads a selector picks (the answer is the
//! thread `answer` binds to a role) or written choices with checks, of which exactly one
//! must hold at the answer's moment. A question whose moments do not occur in a run is
//! not asked in it (docs/lessons.md).

use super::check::Check;
use super::query::{Moment, Query, Sel, role, settled};
use super::{Texts, When, fill, placeholders};
use crate::trace::{Nanos, Store, ThreadState, Tid};

/// The most choices a question shows (keys 1 to 4).
pub const MAX_CHOICES: usize = 4;

/// One question of a quiz.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The runs it applies to.
    pub when: When,
    /// Where it is asked.
    pub ask: Query,
    /// What decides it, looked for after the asking (the roles bound by `ask` carry on).
    pub answer: Query,
    /// What it asks.
    pub text: Texts,
    /// What it offers.
    pub choices: Choices,
    /// What is said once the answer is shown; names bound by `answer` are filled in.
    pub reveal: Texts,
}

/// What a question offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choices {
    /// The threads the selector picks; the answer is the thread bound to the role.
    Threads {
        /// Which threads.
        sel: Sel,
        /// The role `answer` binds to the thread that answers.
        role: String,
    },
    /// Written choices; the answer is the one whose checks hold at the answer's moment.
    Written(Vec<Choice>),
}

/// A written choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// What it says.
    pub text: Texts,
    /// What holds at the answer's moment when it is the answer.
    pub checks: Vec<Check>,
}

/// A question as asked in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    /// When it is asked: the playback stops here.
    pub ask_t: Nanos,
    /// The event that decides it (the playback stops there to reveal).
    pub answer_event: usize,
    /// Its time, after `ask_t`.
    pub answer_t: Nanos,
    /// The question.
    pub text: Texts,
    /// The choices, in order (keys 1 to 4).
    pub choices: Vec<Texts>,
    /// Which choice is right.
    pub right: usize,
    /// The sentence shown with the answer.
    pub reveal: Texts,
    /// The thread the answer is about, to select its lane, if it is about one.
    pub thread: Option<Tid>,
}

/// A question in one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asking {
    /// It is asked, like this.
    Asked(Asked),
    /// The trace cannot tell yet.
    Pending,
    /// Its moments do not occur in this run (or not after `not_before`).
    Skipped,
    /// Its moments occur but its choices do not decide it: a mistake of the lesson.
    Undecided(String),
}

impl Question {
    /// The question in `store`, asked no earlier than `not_before`.
    pub fn resolve(&self, store: &Store, not_before: Nanos) -> Asking {
        let ended = store.end().is_some();
        let wait_or_skip = if ended {
            Asking::Skipped
        } else {
            Asking::Pending
        };
        match self.when.applies(store) {
            None => return Asking::Pending,
            Some(false) => return Asking::Skipped,
            Some(true) => {}
        }
        let Some(ask) = self.ask.find(store) else {
            return wait_or_skip;
        };
        if !settled(store, ask.t) {
            return Asking::Pending;
        }
        if ask.t < not_before {
            return Asking::Skipped;
        }
        let Some(answer) = self.answer.find_from(store, &ask) else {
            return wait_or_skip;
        };
        if !settled(store, answer.t) {
            return Asking::Pending;
        }
        // Everything at the asking's instant is on screen then: the answer comes later.
        if answer.t <= ask.t {
            return Asking::Skipped;
        }
        let (choices, right, thread) = match &self.choices {
            Choices::Threads { sel, role: r } => {
                let Some(who) = role(&answer.roles, r) else {
                    return Asking::Undecided(format!("'{r}' is not bound"));
                };
                let (tids, right) = thread_choices(store, sel, &ask, answer.t, who);
                let Some(right) = right else {
                    return Asking::Undecided(format!(
                        "{} is not among the choices",
                        store.thread_label(who)
                    ));
                };
                let names = tids
                    .iter()
                    .map(|&t| {
                        let n = store.thread_label(t);
                        Texts {
                            en: n.clone(),
                            pt: n,
                        }
                    })
                    .collect();
                (names, right, Some(who))
            }
            Choices::Written(list) => {
                let holds: Vec<usize> = list
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.checks.iter().all(|k| k.verify(store, &answer).is_ok()))
                    .map(|(i, _)| i)
                    .collect();
                let [right] = holds[..] else {
                    return Asking::Undecided(format!("choices {holds:?} hold, not one"));
                };
                let thread = answer.roles.first().map(|&(_, t)| t);
                (list.iter().map(|c| c.text.clone()).collect(), right, thread)
            }
        };
        let reveal = match (
            fill(&self.reveal.en, store, &answer),
            fill(&self.reveal.pt, store, &answer),
        ) {
            (Ok(en), Ok(pt)) => Texts { en, pt },
            (Err(e), _) | (_, Err(e)) => return Asking::Undecided(e),
        };
        Asking::Asked(Asked {
            ask_t: ask.t,
            answer_event: answer.event,
            answer_t: answer.t,
            text: self.text.clone(),
            choices,
            right,
            reveal,
            thread,
        })
    }

    /// Whether the output already gives the answer away where the question is asked: the
    /// right written choice checks the output, and those checks hold there. (What a
    /// thread or the GIL is doing then says nothing of what it does later.)
    pub fn given_away(&self, store: &Store, asked: &Asked) -> bool {
        let Choices::Written(list) = &self.choices else {
            return false;
        };
        let Some(ask) = self.ask.find(store) else {
            return false;
        };
        list.get(asked.right).is_some_and(|c| {
            let mut output = c.checks.iter().filter(|k| k.is_about_output()).peekable();
            output.peek().is_some() && output.all(|k| k.verify(store, &ask).is_ok())
        })
    }
}

/// The threads offered: those `sel` picks that exist by the answer's time and have not
/// finished when it is asked, in the order they were created; at most four, a run of
/// consecutive ones that includes the answer. Returns them and where the answer is.
fn thread_choices(
    store: &Store,
    sel: &Sel,
    ask: &Moment,
    answer_t: Nanos,
    who: Tid,
) -> (Vec<Tid>, Option<usize>) {
    let all: Vec<Tid> = (0..store.threads().len() as Tid)
        .filter(|&t| sel.matches(store, &ask.roles, t))
        .filter(|&t| store.state_at(t, answer_t).is_some())
        .filter(|&t| store.state_at(t, ask.t) != Some(ThreadState::Finished))
        .collect();
    let Some(at) = all.iter().position(|&t| t == who) else {
        return (all, None);
    };
    let start = at
        .saturating_sub(MAX_CHOICES - 1)
        .min(all.len().saturating_sub(MAX_CHOICES));
    let shown: Vec<Tid> = all.iter().copied().skip(start).take(MAX_CHOICES).collect();
    (shown, Some(at - start))
}

/// A question as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    #[serde(default)]
    when: Option<String>,
    ask: String,
    answer: String,
    #[serde(default)]
    threads: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    choice: Vec<RawChoice>,
    en: String,
    pt: String,
    reveal: Texts,
}

/// A written choice as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChoice {
    en: String,
    pt: String,
    #[serde(default)]
    check: Vec<String>,
}

/// Reads a question; the message says what is wrong.
pub(super) fn parse_question(raw: RawQuestion) -> Result<Question, String> {
    let when = super::parse_when(raw.when.as_deref())?;
    let ask = Query::parse(&raw.ask).map_err(|m| format!("ask: {m}"))?;
    let answer = Query::parse(&raw.answer).map_err(|m| format!("answer: {m}"))?;
    let mut bound = ask.binds();
    bound.extend(answer.binds());
    let choices = match (raw.threads, raw.choice.is_empty()) {
        (Some(t), true) => {
            let sel = Sel::parse(&t).map_err(|m| format!("threads: {m}"))?;
            if sel.role().is_some_and(|r| !ask.binds().contains(&r)) {
                return Err(format!("threads: role '{t}' is not bound by ask"));
            }
            let role = raw.role.unwrap_or_else(|| "who".to_owned());
            if !answer.binds().contains(&role.as_str()) {
                return Err(format!("role '{role}' is not bound by '{}'", raw.answer));
            }
            Choices::Threads { sel, role }
        }
        (None, false) => {
            if raw.role.is_some() {
                return Err("'role' goes with 'threads'".to_owned());
            }
            if raw.choice.len() < 2 || raw.choice.len() > MAX_CHOICES {
                return Err(format!(
                    "2 to {MAX_CHOICES} choices, not {}",
                    raw.choice.len()
                ));
            }
            let mut list = Vec::new();
            for (i, c) in raw.choice.into_iter().enumerate() {
                let checks = c
                    .check
                    .iter()
                    .map(|k| Check::parse(k))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|m| format!("choice {}: check: {m}", i + 1))?;
                for k in &checks {
                    for r in k.roles() {
                        if !bound.contains(&r) {
                            return Err(format!("choice {}: role '{r}' is not bound", i + 1));
                        }
                    }
                }
                if c.en.trim().is_empty() || c.pt.trim().is_empty() {
                    return Err(format!("choice {}: a text is empty", i + 1));
                }
                list.push(Choice {
                    text: Texts { en: c.en, pt: c.pt },
                    checks,
                });
            }
            Choices::Written(list)
        }
        _ => return Err("either 'threads' or [[question.choice]]s".to_owned()),
    };
    for text in [&raw.en, &raw.pt, &raw.reveal.en, &raw.reveal.pt] {
        if text.trim().is_empty() {
            return Err("a sentence is empty".to_owned());
        }
    }
    // The question is read before the answer is known: it names only what `ask` binds.
    for text in [&raw.en, &raw.pt] {
        if let Some(name) = placeholders(text).first() {
            return Err(format!("the question cannot name '{{{name}}}'"));
        }
    }
    for text in [&raw.reveal.en, &raw.reveal.pt] {
        for name in placeholders(text) {
            if !bound.contains(&name) {
                return Err(format!("'{{{name}}}' is not bound by ask or answer"));
            }
        }
    }
    Ok(Question {
        when,
        ask,
        answer,
        text: Texts {
            en: raw.en,
            pt: raw.pt,
        },
        choices,
        reveal: raw.reveal,
    })
}
