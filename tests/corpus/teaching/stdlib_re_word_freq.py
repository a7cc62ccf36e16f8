# Word frequency with findall, text clean-up with sub (templates and a function),
# and split: the string-processing exercises of a first course.
import re

TEXT = """It was the best of times, it was the worst of times; it was the age of
wisdom, it was the age of foolishness... It was the epoch of belief!"""

words = re.findall(r"[a-z']+", TEXT.lower())
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(len(words), top)

print(re.split(r"[;,.!]+\s*", TEXT.replace("\n", " ")))
print(re.split(r"\s+", "a  b\tc\nd", maxsplit=2))
print(re.split(r"(\d)", "a1b2c"))

print(re.sub(r"\s+", " ", TEXT))
print(re.sub(r"(\w+) of (\w+)", r"\2's \1", "the age of wisdom"))
print(re.sub(r"(?P<first>\w)(?P<rest>\w*)", r"\g<rest>\g<first>ay", "pig latin rocks"))
print(re.sub(r"\b(\w)(\w*)\b", lambda m: m.group(1).upper() + m.group(2), "title case me"))
print(re.subn(r"\d+", lambda m: str(int(m[0]) * 2), "1 apple, 12 pears, 7 figs"))
print(re.sub("o", "0", "foo boo", count=1))

DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
print(DATE.sub(r"\3/\2/\1", "from 2023-10-01 to 2023-12-31"))
print([m.groups() for m in DATE.finditer("2023-10-01 and 2024-02-29")])
print(re.findall(r"(\w+)=(\d+)", "x=1, y=22, z=333"))
print(re.findall(r"<.+>", "<a><b>"), re.findall(r"<.+?>", "<a><b>"))
print(re.search(r"(\w)\1", "hello").group(), re.findall(r"\b(\w+) \1\b", "it is is a a test"))
print(re.findall(r"\w+(?=!)", "hi! there! you"), re.findall(r"(?<!\$)\b\d+", "$5 and 7"))
print(re.escape("1+1=2? (yes)"), re.findall(re.escape("a.b"), "a.b axb"))
m = re.match(r"(\d+)\.(\d+)", "3.14 pi")
print(m, m.group(0), m.groups(), m.span(2), m.re.pattern, m.string)
print(re.compile(r"\d+", re.M | re.S))
