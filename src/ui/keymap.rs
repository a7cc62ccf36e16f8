//! Every key the UI understands, in one table that also draws the help and the footer.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything the user can ask for. `App::update` is the only place state changes.
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
    /// Show or hide the help.
    Help,
    /// Close the open overlay, or quit.
    Back,
    /// Quit.
    Quit,
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
    /// What the help says.
    pub help: &'static str,
    /// The footer's short form, if the footer shows it.
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
        help: "play / pause",
        footer: Some("play"),
    },
    Binding {
        keys: &[(KeyCode::Right, NONE)],
        action: Action::StepForward,
        label: "→",
        help: "step to the next event",
        footer: Some("step"),
    },
    Binding {
        keys: &[(KeyCode::Left, NONE)],
        action: Action::StepBack,
        label: "←",
        help: "step back one event",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Right, SHIFT)],
        action: Action::NextHandoff,
        label: "shift+→",
        help: "next GIL handoff",
        footer: Some("handoff"),
    },
    Binding {
        keys: &[(KeyCode::Left, SHIFT)],
        action: Action::PrevHandoff,
        label: "shift+←",
        help: "previous GIL handoff",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Home, NONE)],
        action: Action::Start,
        label: "Home",
        help: "go to the start",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::End, NONE)],
        action: Action::End,
        label: "End",
        help: "go to the end",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('+'), NONE), (KeyCode::Char('='), NONE)],
        action: Action::Faster,
        label: "+",
        help: "play faster",
        footer: Some("speed"),
    },
    Binding {
        keys: &[(KeyCode::Char('-'), NONE)],
        action: Action::Slower,
        label: "-",
        help: "play slower",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('z'), NONE)],
        action: Action::ZoomIn,
        label: "z",
        help: "zoom in around the playhead",
        footer: Some("zoom"),
    },
    Binding {
        keys: &[(KeyCode::Char('Z'), NONE), (KeyCode::Char('Z'), SHIFT)],
        action: Action::ZoomOut,
        label: "Z",
        help: "zoom out",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('h'), NONE)],
        action: Action::PanLeft,
        label: "h",
        help: "pan towards earlier times",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('l'), NONE)],
        action: Action::PanRight,
        label: "l",
        help: "pan towards later times",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Tab, NONE)],
        action: Action::FocusNext,
        label: "Tab",
        help: "next panel",
        footer: Some("panel"),
    },
    Binding {
        keys: &[(KeyCode::BackTab, NONE), (KeyCode::BackTab, SHIFT)],
        action: Action::FocusPrev,
        label: "shift+Tab",
        help: "previous panel",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Up, NONE), (KeyCode::Char('k'), NONE)],
        action: Action::Up,
        label: "↑ k",
        help: "move up in the panel",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Down, NONE), (KeyCode::Char('j'), NONE)],
        action: Action::Down,
        label: "↓ j",
        help: "move down in the panel",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::PageUp, NONE)],
        action: Action::PageUp,
        label: "PgUp",
        help: "page up in the panel",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::PageDown, NONE)],
        action: Action::PageDown,
        label: "PgDn",
        help: "page down in the panel",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Enter, NONE)],
        action: Action::Details,
        label: "Enter",
        help: "details of the current event",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('r'), NONE)],
        action: Action::Restart,
        label: "r",
        help: "run again (same seed)",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('R'), NONE), (KeyCode::Char('R'), SHIFT)],
        action: Action::RestartNewSeed,
        label: "R",
        help: "run again with a new seed",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('e'), NONE)],
        action: Action::Snapshot,
        label: "e",
        help: "snapshot: save the screen (text + SVG)",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)],
        action: Action::Help,
        label: "?",
        help: "this help",
        footer: Some("help"),
    },
    Binding {
        keys: &[(KeyCode::Esc, NONE)],
        action: Action::Back,
        label: "Esc",
        help: "close the overlay, or quit",
        footer: None,
    },
    Binding {
        keys: &[(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)],
        action: Action::Quit,
        label: "q",
        help: "quit (also Ctrl-C)",
        footer: Some("quit"),
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
            .then_some(b.action)
    })
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
        Action::Help,
        Action::Back,
        Action::Quit,
    ];

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
        assert_eq!(action_for(key(KeyCode::Char('x'), NONE)), None);
    }
}
