# Validating input with fullmatch, flags, and reporting bad patterns.
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
print(EMAIL)

for text in ["ana@example.com", "Bob.Smith+news@Mail.Example.ORG", "no-at-sign.com",
             "two@@example.com", "x@y.c", "trailing@example.com "]:
    m = EMAIL.fullmatch(text)
    print(f"{text!r:36} {'valid' if m else 'invalid'}", m.span() if m else "")

print(re.match(r"\d+", "123abc"), re.match(r"\d+", "abc123"))
print(re.search(r"\d+", "abc123"))
print(re.fullmatch(r"[A-Z]{3}-\d{4}", "ABC-1234") is not None)

phone = re.compile(r"""
    \(?(\d{3})\)?   # area code
    [\s.-]?         # separator
    (\d{3})         # exchange
    [\s.-]?
    (\d{4})         # line
""", re.VERBOSE)
for p in ["(555) 123-4567", "555.123.4567", "5551234567", "55-1234"]:
    m = phone.search(p)
    print(p, "->", "-".join(m.groups()) if m else None)

print(re.findall(r"^hello", "Hello\nhello\nHELLO", re.I | re.M))
print(re.findall(r"a.c", "abc a\nc", re.S), re.findall(r"a.c", "abc a\nc"))

for bad in ["(unclosed", "close)", "[abc", "*star", r"bad\q", "a{5,2}",
            "(?P<n>x)(?P<n>y)", r"(a)\2"]:
    try:
        re.compile(bad)
    except re.error as e:
        print(f"{bad!r:22} error: {e} (pos {e.pos})")
