//! Source files: their text by line, and what tracebacks show for the code compiled from
//! them. Below both the compiler and the bytecode, which point at the file they came from.

use std::sync::Arc;

/// A source file: what tracebacks print for the code compiled from it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path tracebacks show.
    pub path: String,
    /// The text, by line.
    pub index: LineIndex,
    /// For a library module written to stand for CPython's (its first line is
    /// `# tracebacks: cpython`): the lines whose frames tracebacks show, as the CPython
    /// library file and line they stand for (`asyncio/runners.py:118`); its other frames
    /// are left out.
    pub library: Option<Vec<(u32, String)>>,
    /// Whether the trace follows its lines (the source panel shows the program, so the
    /// lines of gilscope's built-in modules, `<gilscope asyncio>`, are not recorded: a
    /// thread in them stays on the program's line that called into them).
    pub traced: bool,
}

impl SourceFile {
    /// A source file; a library module's traceback lines come from its comments
    /// (`# traceback: FILE:LINE` before the line it names).
    pub fn new(path: &str, source: &str, index: LineIndex) -> SourceFile {
        let mut lines = source.lines();
        let library = (lines.next().map(str::trim) == Some("# tracebacks: cpython")).then(|| {
            source
                .lines()
                .enumerate()
                .filter_map(|(i, l)| {
                    let at = l.trim().strip_prefix("# traceback: ")?;
                    Some((i as u32 + 2, at.trim().to_owned()))
                })
                .collect()
        });
        SourceFile {
            path: path.to_owned(),
            index,
            library,
            traced: !path.starts_with("<gilscope "),
        }
    }

    /// Where a frame at `line` of this file appears in tracebacks: `None` to leave it out,
    /// else the path and line to show.
    pub fn frame_at(&self, line: u32) -> Option<(String, u32)> {
        match &self.library {
            None => Some((self.path.clone(), line)),
            Some(map) => {
                let (_, at) = map.iter().find(|(l, _)| *l == line)?;
                let (file, n) = at.rsplit_once(':')?;
                Some((format!("/usr/lib/python3.11/{file}"), n.parse().ok()?))
            }
        }
    }
}

/// Maps byte offsets to (line, character column).
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    text: Arc<str>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            text: Arc::from(text),
        }
    }

    /// 1-based line and 0-based character column of byte offset `off`.
    pub fn pos(&self, off: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= off).max(1);
        let start = self.starts[line - 1];
        let end = off.min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line as u32, col as u32)
    }

    /// The whole source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of 1-based line `n`, without its newline.
    pub fn line(&self, n: u32) -> &str {
        let i = (n as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}
