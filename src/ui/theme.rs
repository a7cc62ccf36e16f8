//! Colours and glyphs. Every state has a glyph *and* a colour, so lanes read on a
//! monochrome projector; `NO_COLOR` keeps the glyphs and drops the colours.

use ratatui::style::{Color, Modifier, Style};

use crate::trace::{ThreadState, WaitOn};

/// The named themes (`--theme`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    /// Light text on the terminal's dark background.
    #[default]
    Dark,
    /// Dark text for light backgrounds.
    Light,
    /// Pure colours and bold text for washed-out projectors.
    HighContrast,
}

/// Glyphs for states and marks, in Unicode or ASCII (`--ascii`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyphs {
    /// Running (holds the GIL).
    pub running: char,
    /// Waiting for the GIL.
    pub waiting: char,
    /// Sleeping.
    pub sleeping: char,
    /// Blocked (join, lock, a terminal write).
    pub blocked: char,
    /// Waiting for the network, the disk or a database, with the GIL free.
    pub io: char,
    /// Runnable, no free core.
    pub ready: char,
    /// Starting.
    pub starting: char,
    /// Running the interpreter's start-up, not the program's code.
    pub startup: char,
    /// A write (print) mark.
    pub write: char,
    /// A drop request mark.
    pub request: char,
    /// A thread start mark.
    pub spawn: char,
    /// An `await` mark on a task lane.
    pub await_mark: char,
    /// Before a task's name.
    pub task: char,
    /// The playhead.
    pub playhead: char,
    /// The GIL held by nobody.
    pub free: char,
    /// The GIL (or a core) held by several threads in turn within one column.
    pub several: char,
    /// Before a handoff's reason.
    pub reason: char,
    /// A process's lifetime.
    pub process: char,
    /// Where a bounded trace dropped its older history.
    pub dropped: char,
    /// A marker in the source panel.
    pub here: char,
    /// Marks text cut short.
    pub ellipsis: char,
    /// Separates items on a line.
    pub sep: &'static str,
    /// Multiplication sign of speeds.
    pub times: char,
    /// Unicode box drawing for borders.
    pub unicode: bool,
}

impl Glyphs {
    /// Unicode glyphs (single-width block and box characters only).
    pub const UNICODE: Glyphs = Glyphs {
        running: '█',
        waiting: '░',
        sleeping: '─',
        blocked: '═',
        io: '≈',
        ready: '▒',
        starting: '·',
        startup: '▓',
        write: '•',
        request: '!',
        spawn: '+',
        await_mark: '↓',
        task: '↳',
        playhead: '│',
        free: '┄',
        several: '*',
        reason: '▲',
        process: '╌',
        dropped: '┆',
        here: '▶',
        ellipsis: '…',
        sep: " · ",
        times: '×',
        unicode: true,
    };

    /// Plain ASCII for old terminals and fonts.
    pub const ASCII: Glyphs = Glyphs {
        running: '#',
        waiting: ':',
        sleeping: '-',
        blocked: '=',
        io: '@',
        ready: '%',
        starting: '.',
        startup: '*',
        write: 'o',
        request: '!',
        spawn: '+',
        await_mark: 'v',
        task: '>',
        playhead: '|',
        free: '_',
        several: '*',
        reason: '^',
        process: '~',
        dropped: '/',
        here: '>',
        ellipsis: '~',
        sep: " | ",
        times: 'x',
        unicode: false,
    };

    /// The glyph of a state (blank when the thread does not exist).
    pub fn state(&self, state: Option<ThreadState>) -> char {
        match state {
            None | Some(ThreadState::Finished) => ' ',
            Some(ThreadState::Starting) => self.starting,
            Some(ThreadState::Running) => self.running,
            Some(ThreadState::Ready) => self.ready,
            Some(ThreadState::WaitingGil) => self.waiting,
            Some(ThreadState::Sleeping) => self.sleeping,
            Some(ThreadState::Blocked(WaitOn::Device(..))) => self.io,
            Some(ThreadState::Blocked(_)) => self.blocked,
        }
    }
}

/// Everything a widget needs to pick a style.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Glyph set.
    pub glyphs: Glyphs,
    /// False under `NO_COLOR`: styles carry modifiers only.
    pub color: bool,
    /// Colours given to threads in creation order (main first).
    pub threads: Vec<Color>,
    /// Normal text.
    pub text: Color,
    /// Secondary text (labels, axis).
    pub dim: Color,
    /// Panel borders.
    pub border: Color,
    /// The focused panel's border and the selection.
    pub accent: Color,
    /// Waiting for the GIL.
    pub waiting: Color,
    /// Sleeping.
    pub sleeping: Color,
    /// Blocked.
    pub blocked: Color,
    /// Waiting for the network, the disk or a database.
    pub io: Color,
    /// Errors, deadlocks, drop requests.
    pub alert: Color,
    /// The playhead.
    pub playhead: Color,
    /// The terminal colours the theme is made for (recordings and SVG snapshots).
    pub terminal: TerminalColors,
}

/// A colour as red, green, blue.
pub type Rgb = [u8; 3];

/// The terminal a theme is drawn on: what the default colours are and what the 16 named
/// colours look like. Recordings and snapshots carry these, so they look as on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TerminalColors {
    /// Default text colour.
    pub fg: Rgb,
    /// Default background.
    pub bg: Rgb,
    /// The 16 ANSI colours: black, red, green, yellow, blue, magenta, cyan, white, then
    /// their bright forms.
    pub palette: [Rgb; 16],
}

/// A dark terminal (VS Code's dark palette on near-black).
const DARK_TERMINAL: TerminalColors = TerminalColors {
    fg: [0xE6, 0xE6, 0xE6],
    bg: [0x12, 0x12, 0x12],
    palette: [
        [0x00, 0x00, 0x00],
        [0xCD, 0x31, 0x31],
        [0x0D, 0xBC, 0x79],
        [0xE5, 0xE5, 0x10],
        [0x24, 0x72, 0xC8],
        [0xBC, 0x3F, 0xBC],
        [0x11, 0xA8, 0xCD],
        [0xE5, 0xE5, 0xE5],
        [0x66, 0x66, 0x66],
        [0xF1, 0x4C, 0x4C],
        [0x23, 0xD1, 0x8B],
        [0xF5, 0xF5, 0x43],
        [0x3B, 0x8E, 0xEA],
        [0xD6, 0x70, 0xD6],
        [0x29, 0xB8, 0xDB],
        [0xFF, 0xFF, 0xFF],
    ],
};

/// A light terminal (VS Code's light palette on white).
const LIGHT_TERMINAL: TerminalColors = TerminalColors {
    fg: [0x10, 0x10, 0x10],
    bg: [0xFF, 0xFF, 0xFF],
    palette: [
        [0x00, 0x00, 0x00],
        [0xCD, 0x31, 0x31],
        [0x00, 0xBC, 0x00],
        [0x94, 0x98, 0x00],
        [0x04, 0x51, 0xA5],
        [0xBC, 0x05, 0xBC],
        [0x05, 0x98, 0xBC],
        [0x55, 0x55, 0x55],
        [0x66, 0x66, 0x66],
        [0xCD, 0x31, 0x31],
        [0x14, 0xCE, 0x14],
        [0xB5, 0xBA, 0x00],
        [0x04, 0x51, 0xA5],
        [0xBC, 0x05, 0xBC],
        [0x05, 0x98, 0xBC],
        [0xA5, 0xA5, 0xA5],
    ],
};

/// xterm's own palette on black: the pure colours the high-contrast theme names.
const XTERM_TERMINAL: TerminalColors = TerminalColors {
    fg: [0xFF, 0xFF, 0xFF],
    bg: [0x00, 0x00, 0x00],
    palette: [
        [0x00, 0x00, 0x00],
        [0xCD, 0x00, 0x00],
        [0x00, 0xCD, 0x00],
        [0xCD, 0xCD, 0x00],
        [0x00, 0x00, 0xEE],
        [0xCD, 0x00, 0xCD],
        [0x00, 0xCD, 0xCD],
        [0xE5, 0xE5, 0xE5],
        [0x7F, 0x7F, 0x7F],
        [0xFF, 0x00, 0x00],
        [0x00, 0xFF, 0x00],
        [0xFF, 0xFF, 0x00],
        [0x5C, 0x5C, 0xFF],
        [0xFF, 0x00, 0xFF],
        [0x00, 0xFF, 0xFF],
        [0xFF, 0xFF, 0xFF],
    ],
};

impl TerminalColors {
    /// The RGB `c` shows as, as a foreground colour (`fg`) or a background.
    pub fn rgb(&self, c: Color, fg: bool) -> Rgb {
        let named = |i: usize| self.palette[i];
        match c {
            Color::Reset if fg => self.fg,
            Color::Reset => self.bg,
            Color::Black => named(0),
            Color::Red => named(1),
            Color::Green => named(2),
            Color::Yellow => named(3),
            Color::Blue => named(4),
            Color::Magenta => named(5),
            Color::Cyan => named(6),
            Color::Gray => named(7),
            Color::DarkGray => named(8),
            Color::LightRed => named(9),
            Color::LightGreen => named(10),
            Color::LightYellow => named(11),
            Color::LightBlue => named(12),
            Color::LightMagenta => named(13),
            Color::LightCyan => named(14),
            Color::White => named(15),
            Color::Rgb(r, g, b) => [r, g, b],
            Color::Indexed(i) => indexed(self, i),
        }
    }
}

/// xterm's 256 colours: the palette, a 6×6×6 cube, then 24 greys.
fn indexed(t: &TerminalColors, i: u8) -> Rgb {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => t.palette[i as usize],
        16..=231 => {
            let n = (i - 16) as usize;
            [LEVELS[n / 36], LEVELS[n / 6 % 6], LEVELS[n % 6]]
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            [v, v, v]
        }
    }
}

/// `#rrggbb`, lower case.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// Okabe–Ito: distinguishable under the common colour-vision deficiencies.
const OKABE_ITO: [Color; 7] = [
    Color::Rgb(0xE6, 0x9F, 0x00),
    Color::Rgb(0x56, 0xB4, 0xE9),
    Color::Rgb(0x00, 0x9E, 0x73),
    Color::Rgb(0xF0, 0xE4, 0x42),
    Color::Rgb(0x00, 0x72, 0xB2),
    Color::Rgb(0xD5, 0x5E, 0x00),
    Color::Rgb(0xCC, 0x79, 0xA7),
];

impl Theme {
    /// A theme by name; `color` false for `NO_COLOR`, `ascii` for `--ascii`.
    pub fn new(name: ThemeName, color: bool, ascii: bool) -> Self {
        let glyphs = if ascii {
            Glyphs::ASCII
        } else {
            Glyphs::UNICODE
        };
        match name {
            ThemeName::Dark => Theme {
                glyphs,
                color,
                threads: std::iter::once(Color::Rgb(0xE0, 0xE0, 0xE0))
                    .chain(OKABE_ITO)
                    .collect(),
                text: Color::Rgb(0xE6, 0xE6, 0xE6),
                dim: Color::Rgb(0xA8, 0xA8, 0xA8),
                border: Color::Rgb(0x8A, 0x8A, 0x8A),
                accent: Color::Rgb(0x56, 0xB4, 0xE9),
                waiting: Color::Rgb(0xD5, 0x5E, 0x00),
                sleeping: Color::Rgb(0x7F, 0x9F, 0xBF),
                blocked: Color::Rgb(0xB0, 0x8C, 0xC8),
                io: Color::Rgb(0x4F, 0xC0, 0xB0),
                alert: Color::Rgb(0xFF, 0x55, 0x55),
                playhead: Color::Rgb(0xFF, 0xFF, 0xFF),
                terminal: DARK_TERMINAL,
            },
            ThemeName::Light => Theme {
                glyphs,
                color,
                threads: [
                    Color::Rgb(0x30, 0x30, 0x30),
                    Color::Rgb(0xB0, 0x6E, 0x00),
                    Color::Rgb(0x1F, 0x6F, 0xA8),
                    Color::Rgb(0x00, 0x7A, 0x58),
                    Color::Rgb(0x8C, 0x80, 0x00),
                    Color::Rgb(0x00, 0x4F, 0x80),
                    Color::Rgb(0xA0, 0x40, 0x00),
                    Color::Rgb(0x9C, 0x40, 0x78),
                ]
                .to_vec(),
                text: Color::Rgb(0x10, 0x10, 0x10),
                dim: Color::Rgb(0x50, 0x50, 0x50),
                border: Color::Rgb(0x70, 0x70, 0x70),
                accent: Color::Rgb(0x00, 0x55, 0xAA),
                waiting: Color::Rgb(0xC0, 0x40, 0x00),
                sleeping: Color::Rgb(0x3A, 0x5A, 0x7A),
                blocked: Color::Rgb(0x6A, 0x3A, 0x8A),
                io: Color::Rgb(0x00, 0x6A, 0x60),
                alert: Color::Rgb(0xC0, 0x00, 0x00),
                playhead: Color::Rgb(0x00, 0x00, 0x00),
                terminal: LIGHT_TERMINAL,
            },
            ThemeName::HighContrast => Theme {
                glyphs,
                color,
                threads: vec![
                    Color::White,
                    Color::LightYellow,
                    Color::LightCyan,
                    Color::LightGreen,
                    Color::LightMagenta,
                    Color::LightBlue,
                    Color::LightRed,
                    Color::Yellow,
                ],
                text: Color::White,
                dim: Color::White,
                border: Color::White,
                accent: Color::LightYellow,
                waiting: Color::LightRed,
                sleeping: Color::LightBlue,
                blocked: Color::LightMagenta,
                io: Color::LightCyan,
                alert: Color::LightRed,
                playhead: Color::White,
                terminal: XTERM_TERMINAL,
            },
        }
    }

    /// `s` cut to `width` columns with this theme's ellipsis; in ASCII mode gilscope's own
    /// symbols (µ, ·, ×, arrows) become ASCII.
    pub fn clip(&self, s: &str, width: usize) -> String {
        super::text::clip_with(&self.fold(s), width, self.glyphs.ellipsis)
    }

    /// Names cut to `width` columns as [`Theme::clip`] cuts them, so that no two that
    /// differ read the same (`text::clip_distinct`).
    pub fn clip_distinct(&self, names: &[String], width: usize) -> Vec<String> {
        let folded: Vec<String> = names.iter().map(|n| self.fold(n)).collect();
        super::text::clip_distinct(&folded, width, self.glyphs.ellipsis)
    }

    /// `s` with gilscope's own symbols in ASCII, in ASCII mode.
    fn fold(&self, s: &str) -> String {
        if self.glyphs.unicode {
            return s.to_owned();
        }
        let mut folded = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                'µ' => folded.push('u'),
                '·' => folded.push('|'),
                '×' => folded.push('x'),
                '→' => folded.push_str("->"),
                '←' => folded.push_str("<-"),
                '↑' => folded.push('^'),
                '↓' => folded.push('v'),
                '…' => folded.push('~'),
                '▲' => folded.push('^'),
                '⇄' => folded.push_str("<>"),
                c => folded.push(c),
            }
        }
        folded
    }

    /// The style of `fg` text, or plain text without colour.
    pub fn fg(&self, fg: Color) -> Style {
        if self.color {
            Style::new().fg(fg)
        } else {
            Style::new()
        }
    }

    /// Normal text.
    pub fn text(&self) -> Style {
        self.fg(self.text)
    }

    /// Secondary text.
    pub fn dim(&self) -> Style {
        self.fg(self.dim)
    }

    /// A heading or emphasised text.
    pub fn bold(&self) -> Style {
        self.text().add_modifier(Modifier::BOLD)
    }

    /// An alert (error banner, deadlock).
    pub fn alert(&self) -> Style {
        self.fg(self.alert).add_modifier(Modifier::BOLD)
    }

    /// Panel border, accented when the panel has focus.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.accent).add_modifier(Modifier::BOLD)
        } else {
            self.fg(self.border)
        }
    }

    /// The selected row in a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The colour of thread `tid`.
    pub fn thread(&self, tid: u32) -> Color {
        self.threads[tid as usize % self.threads.len()]
    }

    /// Text in thread `tid`'s colour.
    pub fn thread_style(&self, tid: u32) -> Style {
        self.fg(self.thread(tid))
    }

    /// The style of a lane cell in `state` for thread `tid`.
    pub fn state_style(&self, tid: u32, state: Option<ThreadState>) -> Style {
        match state {
            Some(ThreadState::Running) => self.thread_style(tid).add_modifier(Modifier::BOLD),
            Some(ThreadState::WaitingGil) => self.fg(self.waiting),
            Some(ThreadState::Ready) => self.thread_style(tid),
            Some(ThreadState::Sleeping) => self.fg(self.sleeping),
            Some(ThreadState::Blocked(WaitOn::Io)) => self.fg(self.sleeping),
            Some(ThreadState::Blocked(WaitOn::Device(..))) => self.fg(self.io),
            Some(ThreadState::Blocked(_)) => self.fg(self.blocked),
            Some(ThreadState::Starting) | Some(ThreadState::Finished) | None => self.dim(),
        }
    }
}
