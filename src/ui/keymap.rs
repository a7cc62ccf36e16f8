//! Every key the UI understands, in one table that also draws the help and the footer.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything the user can ask for, by key or by mouse. `App::update` applies them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Play or pause.
    TogglePlay,
    /// Step to the next event.
    StepForward,
    /// Step to the previous event.
    StepBack,
    /// Jump to the next GIL handoff.
    NextHandoff,
    /// Jump to the previous GIL handoff.
    PrevHandoff,
    /// Jump to the next lost update (a thread's store that overwrote another's).
    NextLost,
    /// Jump to the previous lost update.
    PrevLost,
    /// Show or hide the bytecode pane.
    Bytecode,
    /// Jump to the start.
    Start,
    /// Jump to the end (of what has been simulated so far).
    End,
    /// Play faster.
    Faster,
    /// Play slower.
    Slower,
    /// Zoom in around the playhead.
    ZoomIn,
    /// Zoom out around the playhead.
    ZoomOut,
    /// Pan the timeline towards earlier times.
    PanLeft,
    /// Pan the timeline towards later times.
    PanRight,
    /// Move the focus to the next panel.
    FocusNext,
    /// Move the focus to the previous panel.
    FocusPrev,
    /// Move up in the focused panel.
    Up,
    /// Move down in the focused panel.
    Down,
    /// Page up in the focused panel.
    PageUp,
    /// Page down in the focused panel.
    PageDown,
    /// Details of the selected event.
    Details,
    /// Run the program again with the same seed.
    Restart,
    /// Run the program again with another seed.
    RestartNewSeed,
    /// Save the screen as text and SVG.
    Snapshot,
    /// Switch the language of texts and narration.
    ToggleLang,
    /// Jump to the lesson's next bookmark.
    NextLesson,
    /// Jump to the lesson's previous bookmark.
    PrevLesson,
    /// Open the next built-in scenario.
    NextScenario,
    /// Open the previous built-in scenario.
    PrevScenario,
    /// Pick a scenario from a list.
    Picker,
    /// Run the program again under the next GIL mode (3.11, 3.9, free-threaded), at the
    /// same simulated time.
    CycleGil,
    /// Show or hide a second run of the program under another GIL mode, under the first.
    Split,
    /// Turn quiz mode on or off: the playback stops where the lesson asks a question.
    Quiz,
    /// Answer the quiz's question with choice N (0 = the first, key 1).
    Answer(u8),
    /// Show or hide the help.
    Help,
    /// Close what is open (an overlay, the lesson's card); never quits.
    Back,
    /// Quit.
    Quit,
    /// The mouse clicked the timeline: the playhead goes to time `t`, and the lane clicked,
    /// if any, is selected. (Mouse only: no key.)
    Seek {
        /// The time under the pointer.
        t: crate::trace::Nanos,
        /// The lane under the pointer.
        lane: Option<super::timeline::Row>,
    },
    /// The mouse wheel over the timeline: pan by a tenth of the window. (Mouse only.)
    Nudge {
        /// Towards earlier times.
        earlier: bool,
    },
}

/// One binding: the keys, the action, and how help and footer describe it.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// Keys that trigger it.
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// What they do.
    pub action: Action,
    /// The keys as the help shows them.
    pub label: &'static str,
    /// What the help says (a catalogue key).
    pub help: &'static str,
    /// The footer's short form, if the footer shows it (a catalogue key).
    pub footer: Option<&'static str>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

/// The key map. Order is the order of the help and the footer.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Char(' '), NONE)],
        action: Action::TogglePlay,
        label: "space",
        help: "keys.play",
        footer: Some("footer.play"),
    },
    Binding {
        keys: &[(KeyCode::Right, NONE)],
        action: Action::StepForward,
        label: "→",
        help: "keys.step",
        footer: Some("footer.step"),
    },
    Binding {
        keys: &[(KeyCode::Left, NONE)],
        action: Action::StepBack,
        label: "←",
        help: "keys.back",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Right, SHIFT)],
        action: Action::NextHandoff,
        label: "shift+→",
        help: "keys.next_handoff",
        footer: Some("footer.handoff"),
    },
    Binding {
        keys: &[(KeyCode::Left, SHIFT)],
        action: Action::PrevHandoff,
        label: "shift+←",
        help: "keys.prev_handoff",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('u'), NONE)],
        action: Action::NextLost,
        label: "u",
        help: "keys.next_lost",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('U'), NONE), (KeyCode::Char('U'), SHIFT)],
        action: Action::PrevLost,
        label: "U",
        help: "keys.prev_lost",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Home, NONE)],
        action: Action::Start,
        label: "Home",
        help: "keys.start",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::End, NONE)],
        action: Action::End,
        label: "End",
        help: "keys.end",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('+'), NONE), (KeyCode::Char('='), NONE)],
        action: Action::Faster,
        label: "+",
        help: "keys.faster",
        footer: Some("footer.speed"),
    },
    Binding {
        keys: &[(KeyCode::Char('-'), NONE)],
        action: Action::Slower,
        label: "-",
        help: "keys.slower",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('z'), NONE)],
        action: Action::ZoomIn,
        label: "z",
        help: "keys.zoom_in",
        footer: Some("footer.zoom"),
    },
    Binding {
        keys: &[(KeyCode::Char('Z'), NONE), (KeyCode::Char('Z'), SHIFT)],
        action: Action::ZoomOut,
        label: "Z",
        help: "keys.zoom_out",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('h'), NONE)],
        action: Action::PanLeft,
        label: "h",
        help: "keys.pan_left",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('l'), NONE)],
        action: Action::PanRight,
        label: "l",
        help: "keys.pan_right",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        action: Action::FocusNext,
        label: "Tab",
        help: "keys.focus_next",
        footer: Some("footer.panel"),
    },
    Binding {
        keys: &[(KeyCode::BackTab, NONE), (KeyCode::BackTab, SHIFT)],
        action: Action::FocusPrev,
        label: "shift+Tab",
        help: "keys.focus_prev",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
        action: Action::Up,
        label: "↑ k",
        help: "keys.up",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
        action: Action::Down,
        label: "↓ j",
        help: "keys.down",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        action: Action::PageUp,
        label: "PgUp",
        help: "keys.page_up",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE)],
        action: Action::PageDown,
        label: "PgDn",
        help: "keys.page_down",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        action: Action::Details,
        label: "Enter",
        help: "keys.details",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('b'), NONE)],
        action: Action::Bytecode,
        label: "b",
        help: "keys.bytecode",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('r'), NONE)],
        action: Action::Restart,
        label: "r",
        help: "keys.restart",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('R'), NONE), (KeyCode::Char('R'), SHIFT)],
        action: Action::RestartNewSeed,
        label: "R",
        help: "keys.new_seed",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('e'), NONE)],
        action: Action::Snapshot,
        label: "e",
        help: "keys.snapshot",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char(']'), NONE)],
        action: Action::NextLesson,
        label: "]",
        help: "keys.next_lesson",
        footer: Some("footer.lesson"),
    },
    Binding {
        keys: &[(KeyCode::Char('['), NONE)],
        action: Action::PrevLesson,
        label: "[",
        help: "keys.prev_lesson",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('n'), NONE)],
        action: Action::NextScenario,
        label: "n",
        help: "keys.next_scenario",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('p'), NONE)],
        action: Action::PrevScenario,
        label: "p",
        help: "keys.prev_scenario",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('s'), NONE)],
        action: Action::Picker,
        label: "s",
        help: "keys.picker",
        footer: Some("footer.scenarios"),
    },
    Binding {
        keys: &[(KeyCode::Char('G'), NONE), (KeyCode::Char('G'), SHIFT)],
        action: Action::CycleGil,
        label: "G",
        help: "keys.cycle_gil",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('V'), NONE), (KeyCode::Char('V'), SHIFT)],
        action: Action::Split,
        label: "V",
        help: "keys.split",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('Q'), NONE), (KeyCode::Char('Q'), SHIFT)],
        action: Action::Quiz,
        label: "Q",
        help: "keys.quiz",
        footer: None,
    },
    Binding {
        keys: &[
            (KeyCode::Char('1'), NONE),
            (KeyCode::Char('2'), NONE),
            (KeyCode::Char('3'), NONE),
            (KeyCode::Char('4'), NONE),
        ],
        action: Action::Answer(0),
        label: "1-4",
        help: "keys.answer",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('L'), NONE), (KeyCode::Char('L'), SHIFT)],
        action: Action::ToggleLang,
        label: "L",
        help: "keys.lang",
        footer: Some("footer.lang"),
    },
    Binding {
        keys: &[(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)],
        action: Action::Help,
        label: "?",
        help: "keys.help",
        footer: Some("footer.help"),
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        action: Action::Back,
        label: "Esc",
        help: "keys.back_out",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)],
        action: Action::Quit,
        label: "q",
        help: "keys.quit",
        footer: Some("footer.quit"),
    },
];

/// The action bound to a key press, if any.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    // Terminals differ on whether shifted characters carry SHIFT; compare without it for
    // characters, exactly for everything else.
    let mods = key.modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
    BINDINGS.iter().find_map(|b| {
        b.keys
            .iter()
            .any(|&(code, m)| {
                code == key.code
                    && (m == mods
                        || matches!(code, KeyCode::Char(_)) && m == (mods - KeyModifiers::SHIFT))
            })
            .then_some(match (b.action, key.code) {
                // The answer keys give the choice their digit names.
                (Action::Answer(_), KeyCode::Char(c)) => {
                    Action::Answer(c.to_digit(10).map_or(0, |d| d.saturating_sub(1)) as u8)
                }
                (a, _) => a,
            })
    })
}

/// The binding of `action` (any choice, for [`Action::Answer`]).
pub fn binding(action: Action) -> Option<&'static Binding> {
    let kind = std::mem::discriminant(&action);
    BINDINGS
        .iter()
        .find(|b| std::mem::discriminant(&b.action) == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Action] = &[
        Action::TogglePlay,
        Action::StepForward,
        Action::StepBack,
        Action::NextHandoff,
        Action::PrevHandoff,
        Action::NextLost,
        Action::PrevLost,
        Action::Bytecode,
        Action::Start,
        Action::End,
        Action::Faster,
        Action::Slower,
        Action::ZoomIn,
        Action::ZoomOut,
        Action::PanLeft,
        Action::PanRight,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Details,
        Action::Restart,
        Action::RestartNewSeed,
        Action::Snapshot,
        Action::ToggleLang,
        Action::NextLesson,
        Action::PrevLesson,
        Action::NextScenario,
        Action::PrevScenario,
        Action::Picker,
        Action::CycleGil,
        Action::Split,
        Action::Quiz,
        Action::Answer(0),
        Action::Help,
        Action::Back,
        Action::Quit,
    ];

    #[test]
    fn every_help_and_footer_text_is_in_both_catalogues() {
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Pt] {
            let cat = lang.catalog();
            for b in BINDINGS {
                assert_ne!(cat.t(b.help), b.help, "{lang:?} lacks {}", b.help);
                if let Some(f) = b.footer {
                    assert_ne!(cat.t(f), f, "{lang:?} lacks {f}");
                }
            }
        }
    }

    #[test]
    fn every_action_has_a_key_and_every_key_one_action() {
        for a in ALL {
            assert!(BINDINGS.iter().any(|b| b.action == *a), "{a:?} has no key");
        }
        let mut seen = std::collections::HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(seen.insert(*k), "{k:?} bound twice");
            }
        }
    }

    #[test]
    fn keys_map_to_actions() {
        let key = |c, m| KeyEvent::new(c, m);
        assert_eq!(
            action_for(key(KeyCode::Char(' '), NONE)),
            Some(Action::TogglePlay)
        );
        assert_eq!(
            action_for(key(KeyCode::Right, SHIFT)),
            Some(Action::NextHandoff)
        );
        assert_eq!(
            action_for(key(KeyCode::Right, NONE)),
            Some(Action::StepForward)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('Z'), SHIFT)),
            Some(Action::ZoomOut)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('?'), SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('c'), CTRL)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(key(KeyCode::Char('3'), NONE)),
            Some(Action::Answer(2))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('Q'), SHIFT)),
            Some(Action::Quiz)
        );
        assert_eq!(action_for(key(KeyCode::Char('x'), NONE)), None);
    }
}
