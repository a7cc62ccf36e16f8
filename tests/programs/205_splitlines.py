# str.splitlines splits at every line boundary Python knows, and keeps them on request.
print("a\nb\r\nc\rd\x0be\x1cf\u2028g".splitlines(True), "x\n\ny\n".splitlines(), "".splitlines(), "z".splitlines(keepends=True))
