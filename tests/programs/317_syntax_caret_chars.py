# A closing bracket too many after accented text: CPython's tokenizer counts the caret in characters.
nome = "José"
cidade = ("São Paulo"))
