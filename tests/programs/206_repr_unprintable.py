# repr escapes characters that are not printable: separators, format characters, private use.
for s in ["a\u2028b", "\xa0\xad\xe9", "\u200b\u202e\ufeff", "\u3000x\u2003", "\ue000", "ok é ü 日本"]:
    print(repr(s), ascii(s))
print(["\u2029"], {"k": "\u2060"})
