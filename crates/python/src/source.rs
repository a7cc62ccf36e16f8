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

/// Why a source file's bytes are not a program (PEP 263).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undecodable {
    /// Not UTF-8 and no encoding declared: the offset of the first bad byte.
    NotUtf8(usize),
    /// CPython's `SyntaxError: encoding problem: ...`: an encoding it does not know, or
    /// one that contradicts a UTF-8 byte order mark.
    Problem(String),
    /// An encoding CPython knows and gilscope does not decode (it decodes UTF-8, Latin-1
    /// and ASCII): its name, and the line and column (from 1) where it is declared.
    Unsupported(String, u32, u32),
}

/// The text of a source file, decoded as CPython does: UTF-8 unless a `coding`
/// declaration on its first two lines names another encoding.
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Undecodable> {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let utf8 = || {
        std::str::from_utf8(bytes)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| Undecodable::NotUtf8(e.valid_up_to()))
    };
    let Some((line, col, name)) = declared_encoding(body) else {
        return utf8();
    };
    let normal = normal_encoding(&name);
    if bom && normal != "utf-8" {
        return Err(Undecodable::Problem(format!("{normal} with BOM")));
    }
    let codec = normal.to_ascii_lowercase().replace('_', "-");
    match codec.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => utf8(),
        "iso-8859-1" | "latin1" | "l1" | "iso8859-1" | "iso-ir-100" | "cp819" | "latin"
        | "8859" => Ok(std::borrow::Cow::Owned(
            body.iter().map(|&b| char::from(b)).collect(),
        )),
        // Python's `ascii` codec: what is not ASCII is a problem (CPython names it so).
        "ascii" | "us-ascii" | "646" if body.is_ascii() => utf8(),
        "ascii" | "us-ascii" | "646" => Err(Undecodable::Problem(name)),
        _ if KNOWN_ENCODINGS.contains(&codec.replace('-', "_").as_str()) => {
            Err(Undecodable::Unsupported(name, line, col))
        }
        _ => Err(Undecodable::Problem(name)),
    }
}

/// Encodings Python's codecs know that gilscope does not decode (their common names,
/// `-` written `_`): a source declaring one is refused as unsupported, not as unknown.
const KNOWN_ENCODINGS: &[&str] = &[
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "windows_1250",
    "windows_1251",
    "windows_1252",
    "iso_8859_2",
    "iso_8859_15",
    "latin_9",
    "latin9",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
    "cp437",
    "cp850",
    "cp866",
    "mac_roman",
    "macroman",
    "shift_jis",
    "sjis",
    "euc_jp",
    "euc_kr",
    "gbk",
    "gb2312",
    "gb18030",
    "big5",
    "utf_16",
    "utf_32",
    "utf_16_le",
    "utf_16_be",
    "utf_32_le",
    "utf_32_be",
    "utf_7",
    "utf_8_sig",
    "iso2022_jp",
    "cp932",
    "cp949",
    "cp950",
];

/// The encoding a `coding[:=]NAME` comment on the first line, or on the second after a
/// comment or blank first line, declares (CPython's tokenizer's rule): its line and column
/// (from 1) and the name.
fn declared_encoding(body: &[u8]) -> Option<(u32, u32, String)> {
    let mut lines = body.split(|&b| b == b'\n');
    let first = lines.next()?;
    if let Some((col, name)) = coding_comment(first) {
        return Some((1, col, name));
    }
    let blank_or_comment = first
        .iter()
        .find(|&&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
        .is_none_or(|&b| matches!(b, b'#' | b'\r'));
    if blank_or_comment {
        return lines
            .next()
            .and_then(coding_comment)
            .map(|(col, name)| (2, col, name));
    }
    None
}

/// The NAME of a line `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`, and its column (from 1).
fn coding_comment(line: &[u8]) -> Option<(u32, String)> {
    let start = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))?;
    if line[start] != b'#' {
        return None;
    }
    let comment = &line[start..];
    let mut from = 0;
    while let Some(at) = comment[from..]
        .windows(6)
        .position(|w| w == b"coding")
        .map(|p| from + p)
    {
        from = at + 6;
        if !matches!(comment.get(from), Some(b':' | b'=')) {
            continue;
        }
        let mut at = start + from + 1;
        while matches!(line.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        let rest = &line[at..];
        let len = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
            .unwrap_or(rest.len());
        if len > 0 {
            let col = u32::try_from(at + 1).unwrap_or(u32::MAX);
            return Some((col, String::from_utf8_lossy(&rest[..len]).into_owned()));
        }
    }
    None
}

/// CPython's `get_normal_name`: the UTF-8 and Latin-1 spellings, in any case, with `_`
/// or `-`, with a suffix or not (`UTF_8`, `latin-1-dos`), as their plain names; any other
/// name as it is.
fn normal_encoding(name: &str) -> String {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    let family = |plain: &str| lower == plain || lower.starts_with(&format!("{plain}-"));
    if family("utf-8") {
        "utf-8".to_owned()
    } else if family("latin-1") || family("iso-8859-1") || family("iso-latin-1") {
        "iso-8859-1".to_owned()
    } else {
        name.to_owned()
    }
}
