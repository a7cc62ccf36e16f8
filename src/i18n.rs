//! The languages gilscope speaks: one catalogue per language (`assets/i18n/*.toml`,
//! embedded in the binary), and numbers written the language's way (5.0 ms / 5,0 ms).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::trace::Nanos;

/// A language of the UI and the narration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Portuguese (the lecture's language).
    Pt,
}

impl Lang {
    /// The language the environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`;
    /// Portuguese for `pt_*`, English otherwise.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    /// The language of a locale name such as `pt_BR.UTF-8`.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.starts_with("pt") {
            Lang::Pt
        } else {
            Lang::En
        }
    }

    /// The other language (the `L` key switches between them).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Pt,
            Lang::Pt => Lang::En,
        }
    }

    /// This language's catalogue.
    pub fn catalog(self) -> &'static Catalog {
        static EN: OnceLock<Catalog> = OnceLock::new();
        static PT: OnceLock<Catalog> = OnceLock::new();
        match self {
            Lang::En => EN.get_or_init(|| Catalog::parse(Lang::En, EN_TEXT)),
            Lang::Pt => PT.get_or_init(|| Catalog::parse(Lang::Pt, PT_TEXT)),
        }
    }
}

/// The English catalogue, as shipped.
pub const EN_TEXT: &str = include_str!("../assets/i18n/en.toml");
/// The Portuguese catalogue, as shipped.
pub const PT_TEXT: &str = include_str!("../assets/i18n/pt.toml");

/// One language's texts, by dotted key (`narration.sleep`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    lang: Lang,
    texts: BTreeMap<String, String>,
}

impl Catalog {
    /// Reads a catalogue; a malformed one (a bug caught by the tests) reads as empty, and
    /// every text then shows its key.
    pub fn parse(lang: Lang, text: &str) -> Catalog {
        let mut texts = BTreeMap::new();
        if let Ok(table) = text.parse::<toml::Table>() {
            flatten("", &table, &mut texts);
        }
        Catalog { lang, texts }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Every key, in order (for the completeness test).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }

    /// The text of `key` (the key itself if missing, so a gap shows instead of hiding).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with its `{name}` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let template = self.t(key);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match args.iter().find(|(k, _)| *k == name) {
                        Some((_, v)) => out.push_str(v),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A duration with a unit that suits it, written the language's way: `5.1 ms`,
    /// `5,1 ms`, `1.040 s`, `46 µs`.
    pub fn time(&self, ns: Nanos) -> String {
        let (value, decimals, unit) = if ns >= 1_000_000_000 {
            (ns as f64 / 1e9, 3, "s")
        } else if ns >= 1_000_000 {
            (ns as f64 / 1e6, 1, "ms")
        } else if ns >= 10_000 {
            (ns as f64 / 1e3, 0, "µs")
        } else if ns >= 1_000 {
            (ns as f64 / 1e3, 1, "µs")
        } else {
            (ns as f64, 0, "ns")
        };
        format!("{} {unit}", self.number(value, decimals))
    }

    /// The language's decimal separator.
    pub fn decimal_point(&self) -> char {
        match self.lang {
            Lang::En => '.',
            Lang::Pt => ',',
        }
    }

    /// A number with `decimals` digits, with the language's decimal separator.
    pub fn number(&self, value: f64, decimals: usize) -> String {
        let text = format!("{value:.decimals$}");
        match self.lang {
            Lang::En => text,
            Lang::Pt => text.replace('.', ","),
        }
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out),
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name))
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_keys_and_placeholders() {
        assert!(
            EN_TEXT.parse::<toml::Table>().is_ok(),
            "en.toml does not parse"
        );
        assert!(
            PT_TEXT.parse::<toml::Table>().is_ok(),
            "pt.toml does not parse"
        );
        let en = Lang::En.catalog();
        let pt = Lang::Pt.catalog();
        assert!(en.keys().count() > 100);
        let en_keys: Vec<&str> = en.keys().collect();
        let pt_keys: Vec<&str> = pt.keys().collect();
        for k in &en_keys {
            assert!(pt_keys.contains(k), "pt.toml lacks {k}");
            assert_eq!(
                placeholders(en.t(k)),
                placeholders(pt.t(k)),
                "placeholders of {k}"
            );
        }
        for k in &pt_keys {
            assert!(en_keys.contains(k), "en.toml lacks {k}");
        }
    }

    #[test]
    fn placeholders_are_filled_and_numbers_follow_the_language() {
        let pt = Lang::Pt.catalog();
        let s = pt.f(
            "narration.drop_request",
            &[
                ("who", "Thread-2 (imprimir)"),
                ("waited", &pt.time(5_000_000)),
                ("holder", "Thread-1"),
            ],
        );
        assert_eq!(
            s,
            "Thread-2 (imprimir) pede o GIL: esperou 5,0 ms sem troca, então Thread-1 deve soltá-lo"
        );
        let en = Lang::En.catalog();
        assert_eq!(en.time(5_000_000), "5.0 ms");
        assert_eq!(en.time(1_040_000_000), "1.040 s");
        assert_eq!(pt.time(46_200), "46 µs");
        assert_eq!(pt.time(2_500), "2,5 µs");
        assert_eq!(
            en.f("ui.seed", &[]),
            "seed {seed}",
            "a missing value stays visible"
        );
        assert_eq!(en.t("no.such.key"), "no.such.key");
    }

    #[test]
    fn the_locale_picks_the_language() {
        assert_eq!(Lang::from_locale("pt_BR.UTF-8"), Lang::Pt);
        assert_eq!(Lang::from_locale("pt_PT"), Lang::Pt);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
    }
}
